//! What several test files share: the example corpus, as documents' graphs
//! and in a store.

use oxigraph::model::Quad;
use std::path::Path;
use trame::gazetteer::Gazetteer;
use trame::store::Store;
use trame::{article, process, triples};

/// Every article of `examples/articles`, in file order.
pub fn example_articles() -> Vec<article::Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
    let (files, errors) = article::discover(&[dir]);
    assert!(errors.is_empty());
    let mut articles = Vec::new();
    for f in files {
        article::read_file(&f, |a| articles.push(a.unwrap())).unwrap();
    }
    articles
}

/// The graph of every article of `examples/articles`, by document id.
pub fn example_documents() -> Vec<(String, Vec<Quad>)> {
    example_articles()
        .into_iter()
        .map(|a| {
            let doc = process(a);
            (doc.article.id.clone(), triples::document_quads(&doc))
        })
        .collect()
}

/// An in-memory store holding the gazetteer and `examples/articles`, with
/// its tallies.
#[allow(dead_code)] // not every test file that shares this module uses it
pub fn example_store() -> Store {
    let store = Store::memory().unwrap();
    store.ensure_background(Gazetteer::builtin()).unwrap();
    store.load_documents(example_documents()).unwrap();
    // As `trame ingest` does after loading: the tallies whole-corpus
    // questions read.
    trame::statistics::refresh(&store).unwrap();
    store
}
