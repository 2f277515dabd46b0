//! Every researcher question in `queries/` is run on the example corpus and
//! its answer compared with `queries/expected/<name>.tsv` (SPARQL TSV
//! results; sorted N-Triples for CONSTRUCT), in the manner of Oxigraph's
//! `.rq`/`.srx` test pairs. Rows are compared as sets, so ties in ORDER BY
//! do not matter.
//!
//! After a change that should alter the answers (a better extractor, a new
//! example article), regenerate them with
//! `TRAME_BLESS=1 cargo test --release --test queries` and read the diff.

mod common;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;
use std::path::Path;
use trame::store::Store;

fn answer(store: &Store, sparql: &str) -> String {
    match store.query(sparql).unwrap() {
        QueryResults::Solutions(solutions) => {
            let mut out = Vec::new();
            let mut w = QueryResultsSerializer::from_format(QueryResultsFormat::Tsv)
                .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())
                .unwrap();
            for s in solutions {
                w.serialize(&s.unwrap()).unwrap();
            }
            w.finish().unwrap();
            String::from_utf8(out).unwrap()
        }
        QueryResults::Graph(triples) => {
            let mut w = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
            for t in triples {
                w.serialize_triple(&t.unwrap()).unwrap();
            }
            String::from_utf8(w.finish().unwrap()).unwrap()
        }
        QueryResults::Boolean(b) => format!("{b}\n"),
    }
}

/// The header line, then the rows sorted.
fn canonical(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.first().is_some_and(|l| l.starts_with('?')) {
        let header = lines.remove(0);
        lines.sort();
        lines.insert(0, header);
    } else {
        lines.sort();
    }
    lines
}

#[test]
fn every_query_gives_its_expected_answer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let store = common::example_store();
    let bless = std::env::var_os("TRAME_BLESS").is_some();
    let mut queries: Vec<_> = std::fs::read_dir(root.join("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    queries.sort();
    assert!(queries.len() >= 12, "{} queries", queries.len());
    let mut failures = Vec::new();
    for q in queries {
        let name = q.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&q).unwrap();
        assert!(
            text.starts_with("# Question:"),
            "{name}: a query starts by saying the question it answers"
        );
        let got = answer(&store, &text);
        let expected_path = root.join("queries/expected").join(format!("{name}.tsv"));
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{name}: no {} (bless it)", expected_path.display()));
        assert!(
            canonical(&expected).len() > 1,
            "{name}: the expected answer has no row, so it tests nothing"
        );
        if canonical(&got) != canonical(&expected) {
            failures.push(format!("{name}:\n--- expected\n{expected}\n--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
