//! Each stage of the pipeline on a generated corpus (`trame::bench::corpus`,
//! 200 articles, seed 1), measured by criterion: `cargo bench`.
//! End-to-end figures with the store are `trame bench`'s (BENCHMARKS.md).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use trame::article::{self, Article};
use trame::gazetteer::Gazetteer;
use trame::{clean, counts, dates, extract, mentions, quotes, resolve, sentences, triples};

fn articles() -> Vec<Article> {
    let dir = std::env::temp_dir().join(format!("trame-bench-stages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("corpus.jsonl");
    trame::bench::corpus(
        200,
        1,
        Gazetteer::builtin(),
        std::fs::File::create(&path).unwrap(),
    )
    .unwrap();
    let mut out = Vec::new();
    article::read_file(&path, |a| out.push(a.unwrap())).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

fn stages(c: &mut Criterion) {
    let g = Gazetteer::builtin();
    let articles = articles();
    let bytes: usize = articles.iter().map(|a| a.raw.len()).sum();
    let docs: Vec<trame::Document> = articles
        .iter()
        .cloned()
        .map(|a| trame::process_with(a, g))
        .collect();
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("clean", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| clean::clean(black_box(a)).text.len())
                .sum::<usize>()
        })
    });
    group.bench_function("sentences", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| sentences::split(black_box(&d.clean.text)).len())
                .sum::<usize>()
        })
    });
    group.bench_function("mentions", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| mentions::find(&d.clean.text, &d.sentences, g).len())
                .sum::<usize>()
        })
    });
    // Every sentence of every article, as one batch per article (the
    // pipeline parses only those a rule can use).
    if let Ok(model) = trame::syntax::Model::installed() {
        group.bench_function("syntax", |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| {
                        let ranges: Vec<_> = d.sentences.iter().map(|s| s.span.clone()).collect();
                        model.parse_all(&d.clean.text, &ranges).len()
                    })
                    .sum::<usize>()
            })
        });
    }
    group.bench_function("resolve", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| resolve::resolve(&d.clean.text, &d.mentions, g).entities.len())
                .sum::<usize>()
        })
    });
    group.bench_function("extract", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    let mut r = d.resolution.clone();
                    extract::extract(&d.clean.text, &d.sentences, &d.trees, &d.mentions, &mut r, g).len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("dates", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| dates::find(&d.clean.text, &d.sentences, None).len())
                .sum::<usize>()
        })
    });
    group.bench_function("counts", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| counts::find(&d.clean.text, &d.sentences).len())
                .sum::<usize>()
        })
    });
    group.bench_function("quotes", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| quotes::find(&d.clean.text, &d.sentences, &d.mentions, &d.resolution).len())
                .sum::<usize>()
        })
    });
    group.bench_function("triples", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| triples::document_quads(black_box(d)).len())
                .sum::<usize>()
        })
    });
    group.bench_function("whole pipeline", |b| {
        b.iter(|| {
            articles
                .iter()
                .cloned()
                .map(|a| triples::document_quads(&trame::process_with(a, g)).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
