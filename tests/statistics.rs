//! The tallies counted while documents stream into an empty store are the
//! very quads the SPARQL recomputation writes, on the example corpus.

mod common;

use oxigraph::model::{GraphNameRef, Quad};
use std::collections::BTreeSet;
use trame::gazetteer::Gazetteer;
use trame::statistics::{self, Counter};
use trame::store::Store;
use trame::vocab;

#[test]
fn counted_tallies_equal_the_recomputed_ones() {
    let store = Store::memory().unwrap();
    store.ensure_background(Gazetteer::builtin()).unwrap();
    let batch = common::example_documents();
    let mut counter = Counter::default();
    for (_, quads) in &batch {
        counter.add(quads);
    }
    store.load_documents(batch).unwrap();
    statistics::refresh(&store).unwrap();
    let stored: BTreeSet<String> = store
        .oxigraph()
        .quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(vocab::STATISTICS_GRAPH)),
        )
        .map(|q| q.unwrap().to_string())
        .collect();
    let counted: BTreeSet<String> = counter.quads().iter().map(Quad::to_string).collect();
    assert!(stored.len() > 100, "{} tally quads", stored.len());
    let missing: Vec<_> = stored.difference(&counted).take(5).collect();
    let extra: Vec<_> = counted.difference(&stored).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "recomputed but not counted: {missing:#?}\ncounted but not recomputed: {extra:#?}"
    );
}
