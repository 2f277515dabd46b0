//! Every export format, parsed back, gives the same dataset (graphs kept by
//! the dataset formats, their union by the triple formats). trame writes no
//! blank nodes, so isomorphism is set equality.

use oxigraph::io::RdfParser;
use oxigraph::model::{GraphName, Quad};
use std::collections::BTreeSet;
mod common;

use common::example_store;
use trame::export::{export, Format};

fn key(q: &Quad, keep_graph: bool) -> String {
    let g = if keep_graph {
        q.graph_name.to_string()
    } else {
        String::new()
    };
    format!("{} {} {} {g}", q.subject, q.predicate, q.object)
}

#[test]
fn every_format_round_trips() {
    let store = example_store();
    let all: Vec<Quad> = store.oxigraph().iter().map(Result::unwrap).collect();
    assert!(all.len() > 1000);
    for format in [
        Format::Turtle,
        Format::Trig,
        Format::Ntriples,
        Format::Nquads,
        Format::Rdfxml,
        Format::Jsonld,
    ] {
        let bytes = export(&store, format, None, None, Vec::new()).unwrap();
        let parsed: Vec<Quad> = RdfParser::from_format(format.rdf_format())
            .for_slice(&bytes)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{format:?} does not parse back: {e}"));
        let graphs = format.has_graphs();
        let want: BTreeSet<String> = all.iter().map(|q| key(q, graphs)).collect();
        let got: BTreeSet<String> = parsed.iter().map(|q| key(q, graphs)).collect();
        assert_eq!(want.len(), got.len(), "{format:?}: size differs");
        assert!(want == got, "{format:?}: datasets differ");
        if !graphs {
            assert!(parsed.iter().all(|q| q.graph_name == GraphName::DefaultGraph));
        }
    }
}

#[test]
fn exports_are_stable() {
    let store = example_store();
    let a = export(&store, Format::Turtle, None, None, Vec::new()).unwrap();
    let b = export(&store, Format::Turtle, None, None, Vec::new()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn one_document_graph() {
    let store = example_store();
    let bytes = export(&store, Format::Nquads, Some("ramadi-2015-12"), None, Vec::new()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.is_empty());
    assert!(text
        .lines()
        .all(|l| l.contains("<https://w3id.org/trame/doc/ramadi-2015-12>") || l.is_empty()));
}
