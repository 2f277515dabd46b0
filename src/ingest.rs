//! **Ingest**: articles in, document graphs in the store, in parallel and
//! in constant memory.
//!
//! One reader thread hands articles to a pool of extraction threads through
//! a bounded channel; their quads come back through another, are put back
//! in reading order (so that of two articles with the same id the later
//! wins, as it would one by one), and stream into one bulk load of
//! Oxigraph's, committed at the end (see [`Store::load_documents`]).
//! Neither the corpus nor its quads are ever held whole: the channels and
//! the loader's batch of a million quads bound what is in memory, plus 8
//! bytes per article (a hash of its id, so that an id met twice in one run
//! is never skipped as unchanged after its first copy was re-extracted). An
//! article whose content hash is already in the store is skipped before
//! extraction.

use crate::article::Article;
use crate::error::Result;
use crate::gazetteer::Gazetteer;
use crate::statistics::{self, Counter};
use crate::store::Store;
use crate::triples;
use oxigraph::model::Quad;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};

/// How to ingest.
#[derive(Clone, Debug)]
pub struct Options {
    /// Re-extract documents whose content is already stored.
    pub force: bool,
    /// Extraction threads (at least one).
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            force: false,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }
}

/// What an ingest did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents extracted and stored.
    pub documents: usize,
    /// Documents skipped: same content already stored.
    pub unchanged: usize,
    /// Entity mentions resolved, over all documents.
    pub entities: usize,
    /// Facts extracted.
    pub facts: usize,
    /// Quads written.
    pub quads: usize,
    /// Words of the articles extracted (whitespace-separated).
    pub words: usize,
}

/// One extracted document on its way to the store.
/// What the loader receives: a document's id, its quads and its share of the
/// tallies.
type Load = (String, Vec<Quad>, Option<Counter>);

struct Extracted {
    id: String,
    quads: Vec<Quad>,
    /// The document's share of the tallies, counted here on the extraction
    /// threads (see the loader).
    tally: Option<Counter>,
    entities: usize,
    facts: usize,
    words: usize,
}

/// Ingests the articles that `read` produces: `read` runs on a thread of
/// its own and hands each article to the function it is given, which
/// returns `false` once the ingest has stopped (after a storage error), so
/// that reading can stop too.
pub fn ingest<R>(store: &Store, gazetteer: &Gazetteer, options: &Options, read: R) -> Result<Summary>
where
    R: FnOnce(&mut dyn FnMut(Article) -> bool) + Send,
{
    run(Some(store), gazetteer, options, read)
}

/// The same pipeline without a store: the quads are made, counted and
/// dropped. What extraction alone costs, for benchmarks.
pub fn extract_only<R>(gazetteer: &Gazetteer, options: &Options, read: R) -> Result<Summary>
where
    R: FnOnce(&mut dyn FnMut(Article) -> bool) + Send,
{
    run(None, gazetteer, options, read)
}

fn run<R>(store: Option<&Store>, gazetteer: &Gazetteer, options: &Options, read: R) -> Result<Summary>
where
    R: FnOnce(&mut dyn FnMut(Article) -> bool) + Send,
{
    let threads = options.threads.max(1);
    // The tallies are counted as the documents go by. Into a store that
    // held no document, they are loaded with them: asking the freshly
    // loaded store instead takes minutes at 100,000 articles. Into one that
    // held some, they are added to the stored ones after the load, unless a
    // document replaced an earlier copy of itself: then they are recomputed
    // from the store (see `statistics::add`).
    let fresh = match store {
        Some(store) => !store.has_documents()?,
        None => false,
    };
    let replaced = AtomicBool::new(false);
    let replaced = &replaced;
    let (article_tx, article_rx) = sync_channel::<(usize, Article)>(threads * 4);
    let (doc_tx, doc_rx) = sync_channel::<(usize, Extracted)>(threads * 4);
    let article_rx = Arc::new(Mutex::new(article_rx));
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<usize> {
            let mut seq = 0;
            let mut unchanged = 0;
            let mut failure = None;
            let mut sent_ids: HashSet<u64> = HashSet::new();
            read(&mut |article: Article| {
                let id_hash = crate::store::id_hash(&article.id);
                if sent_ids.contains(&id_hash) {
                    replaced.store(true, Ordering::Relaxed);
                } else if let Some(store) = store {
                    match store.document_hash(&article.id) {
                        Ok(Some(h)) if !options.force && h == triples::content_hash(&article.raw) => {
                            unchanged += 1;
                            return true;
                        }
                        Ok(Some(_)) => replaced.store(true, Ordering::Relaxed),
                        Ok(None) => {}
                        Err(e) => {
                            failure = Some(e);
                            return false;
                        }
                    }
                }
                sent_ids.insert(id_hash);
                let sent = article_tx.send((seq, article)).is_ok();
                seq += 1;
                sent
            });
            failure.map_or(Ok(unchanged), Err)
        });
        for _ in 0..threads {
            let article_rx = Arc::clone(&article_rx);
            let doc_tx = doc_tx.clone();
            scope.spawn(move || loop {
                // The lock is held only to take the next article.
                let next = article_rx.lock().map(|rx| rx.recv());
                let Ok(Ok((seq, article))) = next else { break };
                let words = article.raw.split_whitespace().count();
                let doc = crate::process_with(article, gazetteer);
                let quads = triples::document_quads(&doc);
                let extracted = Extracted {
                    tally: store.is_some().then(|| Counter::of(&quads)),
                    quads,
                    entities: doc.resolution.entities.len(),
                    facts: doc.facts.len(),
                    words,
                    id: doc.article.id,
                };
                if doc_tx.send((seq, extracted)).is_err() {
                    break;
                }
            });
        }
        drop(doc_tx);
        // The bulk loader runs on a thread of its own, so that extraction
        // goes on while Oxigraph sorts and writes; a few documents wait at
        // most.
        let (load_tx, load_rx) = sync_channel::<Load>(threads * 4);
        let loader = scope.spawn(move || -> Result<usize> {
            let Some(store) = store else {
                return Ok(load_rx.into_iter().map(|(_, q, _)| q.len()).sum());
            };
            let counter = RefCell::new(Counter::default());
            let mut any = false;
            let docs = load_rx.into_iter().map(|(id, quads, tally)| {
                any = true;
                if let Some(tally) = tally {
                    counter.borrow_mut().merge(tally);
                }
                (id, quads)
            });
            // The reader has sent every article before the loader sees the
            // end of its stream, so `replaced` is final once the load is.
            if fresh {
                store.remove_statistics()?;
                let loaded = store.load_documents_then(docs, || counter.borrow().quads())?;
                if replaced.load(Ordering::Relaxed) {
                    // An id met twice: the counts saw both copies, the store
                    // keeps the later.
                    statistics::refresh(store)?;
                }
                return Ok(loaded);
            }
            let loaded = store.load_documents(docs)?;
            if replaced.load(Ordering::Relaxed) {
                statistics::refresh(store)?;
            } else if any {
                statistics::add(store, counter.into_inner())?;
            }
            Ok(loaded)
        });
        let mut summary = Summary::default();
        order(doc_rx, &load_tx, &mut summary);
        drop(load_tx);
        // On a storage error the loader's receiver is gone, then the
        // ordering stops, then the workers and the reader at their next send.
        let loaded = loader.join().expect("the loader thread does not panic");
        let unchanged = reader.join().expect("the reader thread does not panic");
        summary.quads = loaded?;
        summary.unchanged = unchanged?;
        Ok(summary)
    })
}

/// Puts extracted documents back in reading order and hands them to the
/// loader; stops when the loader is gone.
fn order(
    docs: std::sync::mpsc::Receiver<(usize, Extracted)>,
    loader: &std::sync::mpsc::SyncSender<Load>,
    summary: &mut Summary,
) {
    let mut pending: BTreeMap<usize, Extracted> = BTreeMap::new();
    let mut next = 0;
    for (seq, doc) in docs {
        pending.insert(seq, doc);
        while let Some(doc) = pending.remove(&next) {
            next += 1;
            summary.documents += 1;
            summary.entities += doc.entities;
            summary.facts += doc.facts;
            summary.words += doc.words;
            if loader.send((doc.id, doc.quads, doc.tally)).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str) -> Article {
        Article::from_text(id, text)
    }

    #[test]
    fn parallel_ingest_keeps_reading_order_and_skips_unchanged() {
        reading_order_and_unchanged(&Store::memory().unwrap());
    }

    /// On disk the whole run is one bulk load, committed at the end: an id
    /// met twice must still end with the later copy alone.
    #[test]
    fn the_same_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        reading_order_and_unchanged(&Store::open(&dir.path().join("store")).unwrap());
    }

    fn reading_order_and_unchanged(store: &Store) {
        let options = Options {
            threads: 3,
            ..Options::default()
        };
        let texts: Vec<Article> = (0..40)
            .map(|i| {
                article(
                    &format!("a{i}"),
                    "Les forces irakiennes ont repris Qayyarah à Daech.",
                )
            })
            .chain([
                article("dup", "Daech contrôle Mossoul."),
                article("dup", "Les forces irakiennes ont repris Bachiqa."),
            ])
            .collect();
        let run = |texts: Vec<Article>| {
            ingest(store, Gazetteer::builtin(), &options, move |push| {
                for a in texts {
                    if !push(a) {
                        break;
                    }
                }
            })
            .unwrap()
        };
        let ask = |q: &str| {
            matches!(
                store.query(q).unwrap(),
                oxigraph::sparql::QueryResults::Boolean(true)
            )
        };
        let later_copy_alone = || {
            ask("ASK { GRAPH <https://w3id.org/trame/doc/dup> { ?s trame:captured id:bashiqa } }")
                && !ask("ASK { GRAPH <https://w3id.org/trame/doc/dup> { ?s trame:controls id:mossoul } }")
        };
        // The tallies follow the stored documents, not the articles read:
        // the earlier copy of the repeated id counts for nothing.
        let tallies_right = || {
            ask("ASK { GRAPH <https://w3id.org/trame/graph/statistics> { ?t trame:tallyObject id:qayyarah ; trame:tallyPredicate trame:captured ; trame:documentCount 40 } }")
                && ask("ASK { GRAPH <https://w3id.org/trame/graph/statistics> { ?t trame:tallyObject id:bashiqa ; trame:documentCount 1 } }")
                && !ask("ASK { GRAPH <https://w3id.org/trame/graph/statistics> { ?t trame:tallyObject id:mossoul } }")
        };
        let first = run(texts.clone());
        assert_eq!(first.documents, 42);
        assert!(first.facts >= 41, "{first:?}");
        assert_eq!(store.document_count().unwrap(), 41);
        assert!(later_copy_alone(), "the later article of an id wins");
        assert!(tallies_right(), "counted on the way in");
        let again = run(texts);
        assert_eq!(again.unchanged, 40, "{again:?}");
        assert_eq!(again.documents, 2, "both copies of the changed id: {again:?}");
        assert!(later_copy_alone());
        assert!(tallies_right(), "recomputed after a later ingest");
    }
}
