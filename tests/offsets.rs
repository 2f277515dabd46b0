//! Every span trame reports points into the original text: for every fact,
//! mention, sentence, date, count and quote of the seed articles, the
//! development set and the examples, the raw text
//! under the span reads as the clean text it was found in (tokenizers'
//! `tests/offsets.rs`, adapted).

use std::path::{Path, PathBuf};
use trame::article::{self, Format};
use trame::clean::html_text;
use trame::fold::fold_str;
use trame::process;

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![
        root.join("../shared/seeds"),
        root.join("../shared/eval/dev/docs"),
        root.join("examples/articles"),
    ]
    .into_iter()
    .filter(|p| p.exists())
    .collect()
}

/// What a reader sees of a raw slice: for HTML, the text between the tags
/// with character references decoded; for both, typography folded.
fn readable(raw: &str, format: Format) -> String {
    if format == Format::Html {
        fold_str(&html_text(raw))
    } else {
        fold_str(raw)
    }
}

#[test]
fn spans_point_into_the_raw_text() {
    let (files, _) = article::discover(&corpus());
    assert!(!files.is_empty());
    let mut checked = 0;
    for f in files {
        article::read_file(&f, |a| {
            let doc = process(a.unwrap());
            let raw = &doc.article.raw;
            let spans = doc
                .facts
                .iter()
                .map(|f| f.span.clone())
                .chain(doc.mentions.iter().map(|m| m.span.clone()))
                .chain(doc.sentences.iter().map(|s| s.span.clone()))
                .chain(doc.dates.iter().map(|d| d.span.clone()))
                .chain(doc.counts.iter().map(|c| c.span.clone()))
                .chain(doc.quotes.iter().map(|q| q.span.clone()));
            for span in spans {
                let r = doc.clean.raw_span(span.clone());
                let clean = fold_str(&doc.clean.text[span]);
                let original = readable(&raw[r], doc.article.format);
                assert_eq!(original, clean, "{}", doc.article.id);
                checked += 1;
            }
        })
        .unwrap();
    }
    assert!(checked > 500, "only {checked} spans checked");
}

/// What a researcher does to check a fact: take the characters
/// `start..end` of the raw article and read the evidence. For every fact,
/// count and quote of every article, in the quads written to the store.
#[test]
fn start_and_end_are_characters_of_the_raw_text() {
    use oxigraph::model::{NamedOrBlankNode, Term};
    use std::collections::HashMap;
    use trame::vocab;
    let (files, _) = article::discover(&corpus());
    let mut checked = 0;
    for f in files {
        article::read_file(&f, |a| {
            let doc = process(a.unwrap());
            let chars: Vec<char> = doc.article.raw.chars().collect();
            // node → (start, end, evidence)
            type Span = (Option<usize>, Option<usize>, Option<String>);
            let mut nodes: HashMap<NamedOrBlankNode, Span> = HashMap::new();
            for q in trame::triples::document_quads(&doc) {
                let entry = nodes.entry(q.subject.clone()).or_default();
                match (&q.object, q.predicate.as_ref()) {
                    (Term::Literal(l), p) if p == vocab::START => entry.0 = l.value().parse().ok(),
                    (Term::Literal(l), p) if p == vocab::END => entry.1 = l.value().parse().ok(),
                    (Term::Literal(l), p) if p == vocab::EVIDENCE => entry.2 = Some(l.value().to_string()),
                    _ => {}
                }
            }
            for (node, (start, end, evidence)) in nodes {
                let (Some(start), Some(end)) = (start, end) else {
                    continue;
                };
                let read: String = chars[start..end].iter().collect();
                if let Some(evidence) = evidence {
                    assert_eq!(read, evidence, "{} {node}", doc.article.id);
                }
                assert!(!read.trim().is_empty(), "{} {node}", doc.article.id);
                checked += 1;
            }
        })
        .unwrap();
    }
    assert!(checked > 300, "only {checked} spans checked");
}
