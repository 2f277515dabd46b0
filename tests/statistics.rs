//! The tallies counted while documents stream into an empty store are the
//! very quads the SPARQL recomputation writes, on the example corpus.

mod common;

use oxigraph::model::{GraphNameRef, Quad};
use std::collections::BTreeSet;
use trame::gazetteer::Gazetteer;
use trame::statistics::{self, Counter};
use trame::store::Store;
use trame::vocab;

/// The statistics graph, quad by quad.
fn tally_quads(store: &Store) -> BTreeSet<String> {
    store
        .oxigraph()
        .quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(vocab::STATISTICS_GRAPH)),
        )
        .map(|q| q.unwrap().to_string())
        .collect()
}

fn assert_same(got: &BTreeSet<String>, recomputed: &BTreeSet<String>) {
    assert!(recomputed.len() > 100, "{} tally quads", recomputed.len());
    let missing: Vec<_> = recomputed.difference(got).take(5).collect();
    let extra: Vec<_> = got.difference(recomputed).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "recomputed but not counted: {missing:#?}\ncounted but not recomputed: {extra:#?}"
    );
}

/// A later ingest of new documents adds their counts to the stored tallies
/// (it does not read the store again): the result is what recomputing from
/// the store gives. Whatever the split of the example corpus in two loads.
#[test]
fn tallies_added_by_later_ingests_equal_the_recomputed_ones() {
    use trame::ingest::{ingest, Options};
    let articles = common::example_articles();
    for split in [1, articles.len() / 2, articles.len() - 1] {
        let store = Store::memory().unwrap();
        store.ensure_background(Gazetteer::builtin()).unwrap();
        for part in [&articles[..split], &articles[split..]] {
            let part = part.to_vec();
            ingest(&store, Gazetteer::builtin(), &Options::default(), move |push| {
                for a in part {
                    if !push(a) {
                        break;
                    }
                }
            })
            .unwrap();
        }
        let added = tally_quads(&store);
        statistics::refresh(&store).unwrap();
        assert_same(&added, &tally_quads(&store));
    }
}

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
    let counted: BTreeSet<String> = counter.quads().iter().map(Quad::to_string).collect();
    assert_same(&counted, &tally_quads(&store));
}

/// The relations a neighbourhood diagram draws from the tallies are those
/// the documents state: per document, each document's copy of an edge is
/// drawn; from the tallies, each edge once. Compared by labels, one and two
/// hops out from two places and an armed group of the example corpus.
#[test]
fn a_neighbourhood_from_the_tallies_draws_the_documents_relations() {
    use trame::diagram::{Builder, Clusters, Diagram};
    let store = common::example_store();
    let edges = |d: &Diagram| -> BTreeSet<(String, String, String)> {
        d.graph
            .edge_indices()
            .map(|e| {
                let (a, b) = d.graph.edge_endpoints(e).unwrap();
                (
                    d.graph[a].label.clone(),
                    d.graph[e].clone(),
                    d.graph[b].label.clone(),
                )
            })
            .collect()
    };
    for name in ["Mossoul", "Tabqa", "Daech"] {
        let entity = Builder::new(&store).find_entity(name).unwrap();
        for depth in [1, 2] {
            let tallied = Builder::new(&store).neighbourhood(&entity, depth).unwrap();
            let per_document = Builder::new(&store)
                .with_clusters(Clusters::Document)
                .neighbourhood(&entity, depth)
                .unwrap();
            let tallied = edges(&tallied);
            assert!(!tallied.is_empty(), "{name}: no edge");
            assert_eq!(tallied, edges(&per_document), "{name}, depth {depth}");
        }
    }
}
