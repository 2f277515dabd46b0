//! The **store** keeps the knowledge graph: an Oxigraph store on disk
//! (RocksDB) or in memory, with one named graph per document, the ontology
//! and the gazetteer in graphs of their own, and SPARQL queries over the
//! union of all graphs.
//!
//! Writes go through Oxigraph's bulk loader in batches of documents: a
//! document already in the store under the same id has its graph removed
//! first, so re-ingesting replaces and never duplicates; the same content
//! twice is skipped without extraction. A second process opening a store in
//! use gets [`Error::StoreOpen`] with a hint, never a corrupted store.

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::triples::{self, content_hash};
use crate::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    GraphNameRef, Literal, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, Term,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// The ontology, compiled in.
pub const ONTOLOGY_TTL: &str = include_str!("../ontology/trame.ttl");

/// A trame store.
pub struct Store {
    inner: oxigraph::store::Store,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (or creates) the store on disk at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let inner = oxigraph::store::Store::open(path).map_err(|e| {
            let msg = e.to_string();
            let reason = if msg.to_lowercase().contains("lock") {
                format!("another process is using it ({msg}); wait for it to finish, or pass --store with another folder")
            } else {
                msg
            };
            Error::StoreOpen {
                path: path.to_path_buf(),
                reason,
            }
        })?;
        Ok(Store {
            inner,
            path: Some(path.to_path_buf()),
        })
    }

    /// A store in memory, gone when dropped (for tests and dry runs).
    pub fn memory() -> Result<Store> {
        Ok(Store {
            inner: oxigraph::store::Store::new()?,
            path: None,
        })
    }

    /// Where the store lives, if on disk.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The underlying Oxigraph store.
    pub fn oxigraph(&self) -> &oxigraph::store::Store {
        &self.inner
    }

    /// Loads or refreshes the ontology and gazetteer graphs when their
    /// content changed since they were loaded. The check costs two lookups;
    /// the quads are built only when a graph is reloaded.
    pub fn ensure_background(&self, gazetteer: &Gazetteer) -> Result<()> {
        self.refresh_graph(vocab::ONTOLOGY_GRAPH, &content_hash(ONTOLOGY_TTL), parse_ontology)?;
        self.refresh_graph(vocab::GAZETTEER_GRAPH, gazetteer.fingerprint(), || {
            Ok(triples::gazetteer_quads(gazetteer))
        })
    }

    /// Replaces `graph` with `build()` unless it carries the marker `hash`.
    fn refresh_graph(
        &self,
        graph: NamedNodeRef<'static>,
        hash: &str,
        build: impl FnOnce() -> Result<Vec<Quad>>,
    ) -> Result<()> {
        let marker = QuadRef::new(
            graph,
            vocab::CONTENT_HASH,
            LiteralRef::new_simple_literal(hash),
            graph,
        );
        if self.inner.contains(marker)? {
            return Ok(());
        }
        let quads = build()?;
        self.inner.remove_named_graph(graph)?;
        let mut loader = self.inner.bulk_loader();
        loader.load_quads(quads)?;
        loader.load_quads([Quad::new(
            graph.into_owned(),
            vocab::CONTENT_HASH.into_owned(),
            Literal::new_simple_literal(hash),
            graph.into_owned(),
        )])?;
        loader.commit()?;
        Ok(())
    }

    /// The content hash stored for a document, if it is in the store.
    pub fn document_hash(&self, id: &str) -> Result<Option<String>> {
        let g = triples::document_iri(id);
        for q in self.inner.quads_for_pattern(
            Some(NamedOrBlankNodeRef::from(g.as_ref())),
            Some(vocab::CONTENT_HASH),
            None,
            Some(GraphNameRef::NamedNode(g.as_ref())),
        ) {
            if let Term::Literal(l) = q?.object {
                return Ok(Some(l.value().to_string()));
            }
        }
        Ok(None)
    }

    /// Writes documents' graphs through one bulk load: each replaces any
    /// graph of the same document already stored, and all become visible
    /// together when the load is committed, after the last document. A
    /// failure leaves the store as it was before the call.
    ///
    /// One load for a whole run, not one per batch: every load ends by
    /// ingesting its sorted files into RocksDB, and files ingested into a
    /// store that already holds data overlap it everywhere (keys are hashes),
    /// so each later load rewrote more of the store than the one before. One
    /// load hands Oxigraph a single stream, which it cuts into batches of a
    /// million quads and sorts on threads of its own.
    ///
    /// The same document twice in one call: the later copy wins. Its first
    /// copy is still in the uncommitted load, so the load is committed there
    /// and a new one begins (rare: a corpus that repeats an id).
    pub fn load_documents(&self, docs: impl IntoIterator<Item = (String, Vec<Quad>)>) -> Result<usize> {
        self.load_documents_then(docs, Vec::new)
    }

    /// [`load_documents`](Self::load_documents), then the quads `then`
    /// gives once the documents are exhausted (tallies counted on the way),
    /// in the same load and commit.
    pub fn load_documents_then(
        &self,
        docs: impl IntoIterator<Item = (String, Vec<Quad>)>,
        then: impl FnOnce() -> Vec<Quad>,
    ) -> Result<usize> {
        let mut docs = docs.into_iter();
        let mut then = Some(then);
        let mut count = 0;
        if self.path.is_none() {
            // In memory, a bulk load is one transaction that holds the
            // store's write lock, so no graph could be removed while it runs;
            // plain inserts cost little there.
            for (id, quads) in docs {
                self.remove_document(&id)?;
                count += quads.len();
                self.inner.extend(quads)?;
            }
            let last = then.take().map(|f| f()).unwrap_or_default();
            count += last.len();
            self.inner.extend(last)?;
            return Ok(count);
        }
        let mut carried: Option<(String, Vec<Quad>)> = None;
        loop {
            let mut in_load: HashSet<u64> = HashSet::new();
            let mut current = Vec::new().into_iter();
            let mut pending = carried.take();
            let stream = std::iter::from_fn(|| loop {
                if let Some(q) = current.next() {
                    count += 1;
                    return Some(Ok(q));
                }
                let Some((id, quads)) = pending.take().or_else(|| docs.next()) else {
                    // The documents are done: what comes after them, once.
                    current = then.take()?().into_iter();
                    continue;
                };
                if !in_load.insert(id_hash(&id)) {
                    carried = Some((id, quads));
                    return None;
                }
                if let Err(e) = self.remove_document(&id) {
                    return Some(Err(e));
                }
                current = quads.into_iter();
            });
            let mut loader = self.inner.bulk_loader();
            loader.load_ok_quads::<Error, Error>(stream)?;
            loader.commit()?;
            if carried.is_none() {
                return Ok(count);
            }
        }
    }

    /// Whether any document is stored.
    pub fn has_documents(&self) -> Result<bool> {
        Ok(self
            .inner
            .quads_for_pattern(None, Some(vocab::RDF_TYPE), Some(vocab::DOCUMENT.into()), None)
            .next()
            .transpose()?
            .is_some())
    }

    /// Removes the tallies (see [`statistics`](crate::statistics)), if any.
    pub fn remove_statistics(&self) -> Result<()> {
        if self.inner.contains_named_graph(vocab::STATISTICS_GRAPH)? {
            self.inner.remove_named_graph(vocab::STATISTICS_GRAPH)?;
        }
        Ok(())
    }

    /// Removes a document's graph, if it is stored.
    fn remove_document(&self, id: &str) -> Result<()> {
        let g = triples::document_iri(id);
        if self.inner.contains_named_graph(g.as_ref())? {
            self.inner.remove_named_graph(g.as_ref())?;
        }
        Ok(())
    }

    /// Runs a SPARQL query over the union of all graphs (unless the query
    /// names its own dataset with FROM).
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>> {
        self.query_cancellable(sparql, None)
    }

    /// [`query`](Self::query), stopped with an evaluation error when
    /// `token` is cancelled (from another thread, for a time limit).
    pub fn query_cancellable(
        &self,
        sparql: &str,
        token: Option<oxigraph::sparql::CancellationToken>,
    ) -> Result<QueryResults<'static>> {
        // The project's prefixes (trame:, id:, rdf:, skos:, dcterms:, prov:…)
        // are declared, so a query may use them without PREFIX lines.
        let mut evaluator = SparqlEvaluator::new();
        if let Some(token) = token {
            evaluator = evaluator.with_cancellation_token(token);
        }
        for (p, iri) in crate::export::PREFIXES {
            evaluator = evaluator.with_prefix(*p, *iri).expect("valid prefixes");
        }
        let mut prepared = evaluator
            .parse_query(sparql)
            .map_err(|e| Error::QuerySyntax(e.to_string()))?;
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        prepared
            .on_store(&self.inner)
            .execute()
            .map_err(|e| Error::QueryEvaluation(e.to_string()))
    }

    /// Document ids in the store.
    pub fn document_count(&self) -> Result<usize> {
        let mut n = 0;
        for q in self
            .inner
            .quads_for_pattern(None, Some(vocab::RDF_TYPE), Some(vocab::DOCUMENT.into()), None)
        {
            q?;
            n += 1;
        }
        Ok(n)
    }

    /// Compacts every index: a bulk load adds its sorted files beside the
    /// store's, which a question must then merge on every read.
    pub fn optimize(&self) -> Result<()> {
        Ok(self.inner.optimize()?)
    }

    /// The graph of one document, if present.
    pub fn document_graph(&self, id: &str) -> Result<Option<NamedNode>> {
        let g = triples::document_iri(id);
        Ok(self.inner.contains_named_graph(g.as_ref())?.then_some(g))
    }
}

/// A document id as 8 bytes, to remember many ids in little memory (a
/// collision only costs an early commit).
pub(crate) fn id_hash(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// The ontology as quads of its graph.
pub fn parse_ontology() -> Result<Vec<Quad>> {
    let graph = vocab::ONTOLOGY_GRAPH.into_owned();
    RdfParser::from_format(RdfFormat::Turtle)
        .without_named_graphs()
        .with_default_graph(graph)
        .for_slice(ONTOLOGY_TTL.as_bytes())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::Data {
            file: "ontology/trame.ttl".into(),
            line: 0,
            reason: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn background_graphs_load_once() {
        let store = Store::memory().unwrap();
        let g = Gazetteer::builtin();
        store.ensure_background(g).unwrap();
        let first = store.oxigraph().len().unwrap();
        assert!(first > 5000, "{first} quads");
        store.ensure_background(g).unwrap();
        assert_eq!(store.oxigraph().len().unwrap(), first);
    }
}
