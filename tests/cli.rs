//! The command line, run as a user runs it, against a real store on disk.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn trame(store: &Path) -> Command {
    let mut c = Command::cargo_bin("trame").unwrap();
    c.arg("--store").arg(store);
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// What a command that must fail says on standard error.
fn stderr_of_failure(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        !out.status.success(),
        "it succeeded: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn bad_files_are_named_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(
        docs.join("good.txt"),
        "Les forces irakiennes ont repris Qayyarah.",
    )
    .unwrap();
    fs::write(docs.join("empty.txt"), "").unwrap();
    fs::write(docs.join("latin1.txt"), b"L'arm\xe9e irakienne").unwrap();
    fs::write(docs.join("image.txt"), [0u8, 159, 146, 150]).unwrap();
    let store = dir.path().join("store");
    // A failed file changes the exit code.
    let err = stderr_of_failure(trame(&store).arg("ingest").arg(&docs));
    for name in ["empty.txt", "latin1.txt", "image.txt"] {
        assert!(err.contains(name), "{name} not reported: {err}");
    }
    let text = stdout(trame(&store).args([
        "query",
        "SELECT ?id WHERE { ?d <http://purl.org/dc/terms/identifier> ?id }",
        "--format",
        "csv",
    ]));
    assert!(text.contains("good"), "{text}");
}

#[test]
fn reingest_replaces_never_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    let store = dir.path().join("store");
    fs::write(&file, "Les forces irakiennes ont repris Qayyarah.").unwrap();
    trame(&store).arg("ingest").arg(&file).assert().success();
    let count = |store: &Path| {
        stdout(trame(store).args([
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/trame/doc/a> { ?s ?p ?o } }",
            "--format",
            "csv",
        ]))
    };
    let first = count(&store);
    trame(&store).arg("ingest").arg(&file).assert().success();
    assert_eq!(first, count(&store), "same content twice changes nothing");
    fs::write(&file, "Daech a perdu Mossoul.").unwrap();
    trame(&store).arg("ingest").arg(&file).assert().success();
    let facts = stdout(trame(&store).args([
        "query",
        "ASK { GRAPH <https://w3id.org/trame/doc/a> { ?s <https://w3id.org/trame/ontology#captured> ?o } }",
    ]));
    assert_eq!(facts.trim(), "false", "the old graph is gone");
}

#[test]
fn query_syntax_errors_say_where() {
    let dir = tempfile::tempdir().unwrap();
    let err = stderr_of_failure(trame(&dir.path().join("s")).args(["query", "SELECT ?x WHERE { ?x ?y }"]));
    assert!(err.contains("SPARQL syntax error"), "{err}");
    assert!(err.chars().any(|c| c.is_ascii_digit()), "no position in: {err}");
}

#[test]
fn a_second_process_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("store");
    let _held = trame::store::Store::open(&store_path).unwrap();
    let err = stderr_of_failure(trame(&store_path).args(["query", "ASK {}"]));
    assert!(err.contains("another process"), "{err}");
}

#[test]
fn example_corpus_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
    let summary = stdout(trame(&store).arg("ingest").arg(&examples).arg("--json"));
    let v: serde_json::Value = serde_json::from_str(summary.trim()).unwrap();
    assert!(v["documents"].as_u64().unwrap() >= 8, "{summary}");
    assert!(v["facts"].as_u64().unwrap() > 20, "{summary}");
    let table = stdout(
        trame(&store)
            .args(["query", "--file"])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/who-controls-what.rq")),
    );
    assert!(table.contains("Daech"), "{table}");
    let dot = stdout(trame(&store).args(["dot", "--entity", "Mossoul", "--depth", "2"]));
    assert!(dot.starts_with("digraph"), "{dot}");
    assert!(dot.contains("Mossoul"));
    let ttl = stdout(trame(&store).args(["export", "--format", "turtle"]));
    assert!(ttl.contains("@prefix trame:"));
}

#[test]
fn diagrams_stats_and_validation_on_the_example_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
    let quiet = stdout(trame(&store).arg("--quiet").arg("ingest").arg(&examples));
    assert!(quiet.is_empty(), "--quiet prints nothing: {quiet}");

    let stats = stdout(trame(&store).args(["stats", "--json"]));
    let v: serde_json::Value = serde_json::from_str(stats.trim()).unwrap();
    assert!(v["documents"].as_u64().unwrap() >= 10, "{stats}");
    assert!(v["entities"]["Place"].as_u64().unwrap() > 10, "{stats}");
    assert!(v["facts"]["controls"].as_u64().unwrap() > 0, "{stats}");
    assert!(v["quads"].is_null(), "quads are counted only when asked: {stats}");
    let stats = stdout(trame(&store).args(["stats", "--json", "--quads"]));
    let v: serde_json::Value = serde_json::from_str(stats.trim()).unwrap();
    assert!(v["quads"].as_u64().unwrap() > 1000, "{stats}");

    // The ingest left tallies; `tally` computes them again from the
    // documents' graphs and replaces them with the same ones.
    let tallies = "SELECT ?t ?n WHERE { GRAPH <https://w3id.org/trame/graph/statistics> { ?t trame:documentCount ?n } } ORDER BY ?t";
    let after_ingest = stdout(trame(&store).args(["query", "--format", "tsv", tallies]));
    assert!(after_ingest.lines().count() > 20, "{after_ingest}");
    stdout(trame(&store).args(["--quiet", "tally"]));
    assert_eq!(
        stdout(trame(&store).args(["query", "--format", "tsv", tallies])),
        after_ingest
    );

    let report = stdout(trame(&store).arg("validate"));
    assert!(report.contains(" 0 violations"), "{report}");
    assert!(stderr_of_failure(trame(&store).args(["validate", "--document", "nowhere"])).contains("nowhere"));

    let op = stdout(trame(&store).args(["dot", "--operation", "bataille de Fallouja"]));
    assert!(op.contains("lancée par") && op.contains("labelloc=t"), "{op}");
    let op_en = stdout(trame(&store).args(["dot", "--operation", "bataille de Fallouja", "--lang", "en"]));
    assert!(
        op_en.contains("launched by") && op_en.contains("Legend"),
        "{op_en}"
    );
    assert!(
        stderr_of_failure(trame(&store).args(["dot", "--operation", "Mossoul"])).contains("not an operation")
    );

    let timeline = stdout(trame(&store).args(["dot", "--timeline", "Tabqa"]));
    assert!(
        timeline.contains("label=\"puis\"")
            && timeline.contains("shape=note")
            && timeline.contains("selon Amaq"),
        "{timeline}"
    );
    // Its summary from the tallies: a node per actor and kind of event,
    // with its articles and the dates the press first and last said it.
    let periods = stdout(trame(&store).args(["dot", "--periods", "Tabqa"]));
    assert!(
        periods.contains("le 2017-05-10\\nDaech")
            && periods.contains("du 2017-05-10 au\\n2017-06-06\\nForces démocratiques")
            && periods.contains("3 articles")
            && periods.contains("label=\"puis\""),
        "{periods}"
    );
    assert!(
        stderr_of_failure(trame(&store).args(["dot", "--periods", "Daech"])).contains("drawn for a place")
    );

    let all = stdout(trame(&store).args([
        "dot",
        "--all",
        "--class",
        "ArmedGroup",
        "--class",
        "Place",
        "--predicate",
        "controls",
        "--cluster",
        "country",
    ]));
    assert!(
        all.contains("subgraph cluster_0") && all.contains("contrôle"),
        "{all}"
    );
    assert!(
        !all.contains("label=\"soutient\""),
        "other predicates are filtered out: {all}"
    );
    let err = stderr_of_failure(
        trame(&store)
            .args(["dot", "--entity", "Mossoul", "--format", "svg"])
            .env("PATH", ""),
    );
    assert!(
        err.contains("install Graphviz") && err.contains("--format dot"),
        "{err}"
    );
    let per_doc = stdout(trame(&store).args(["dot", "--entity", "Daech", "--cluster", "document"]));
    assert!(per_doc.matches("subgraph cluster_").count() > 3, "{per_doc}");
}

#[test]
fn an_optimized_store_answers_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
    trame(&store)
        .arg("ingest")
        .arg(&examples)
        .arg("--quiet")
        .assert()
        .success();
    let ask = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    let before = stdout(trame(&store).args(["query", ask, "--format", "csv"]));
    assert!(
        before
            .lines()
            .nth(1)
            .is_some_and(|n| n.parse::<u64>().unwrap() > 1000),
        "{before}"
    );
    trame(&store).args(["optimize", "--quiet"]).assert().success();
    assert_eq!(
        before,
        stdout(trame(&store).args(["query", ask, "--format", "csv"]))
    );
}

/// A quad as its four terms: graph, subject, predicate, object.
type Terms = [String; 4];

/// The plain contract triples of each document graph of an N-Quads export,
/// and the quad and confidence of its assertions.
fn facts_and_assertions(nq: &str) -> (Vec<Terms>, Vec<(Terms, f32)>) {
    let contract = |p: &str| {
        [
            "controls>",
            "captured>",
            "attacked>",
            "launchedBy>",
            "targets>",
            "supports>",
        ]
        .iter()
        .any(|x| p.ends_with(x))
            && p.contains("trame/ontology#")
    };
    let mut plain = Vec::new();
    let mut nodes: std::collections::HashMap<(String, String), ([String; 3], f32)> = Default::default();
    for line in nq.lines() {
        let t: Vec<&str> = line.splitn(4, ' ').collect();
        if t.len() < 4 || !t[3].contains("trame/doc/") {
            continue;
        }
        let (s, p, rest) = (t[0], t[1], t[2..].join(" "));
        let (o, g) = rest.rsplit_once(' ').unwrap().0.rsplit_once(' ').unwrap();
        if contract(p) {
            plain.push([g.into(), s.into(), p.into(), o.into()]);
            continue;
        }
        let entry = nodes
            .entry((g.to_string(), s.to_string()))
            .or_insert_with(|| (Default::default(), 2.0));
        match p {
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>" => entry.0[0] = o.into(),
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>" => entry.0[1] = o.into(),
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>" => entry.0[2] = o.into(),
            "<https://w3id.org/trame/ontology#confidence>" => {
                entry.1 = o.trim_matches('"').split('"').next().unwrap().parse().unwrap()
            }
            _ => {}
        }
    }
    let assertions = nodes
        .into_iter()
        .filter(|(_, (spo, c))| *c <= 1.0 && !spo[0].is_empty())
        .map(|((g, _), ([s, p, o], c))| ([g, s, p, o], c))
        .collect();
    (plain, assertions)
}

#[test]
fn export_leaves_out_facts_below_a_confidence() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
    stdout(trame(&store).arg("-q").arg("ingest").arg(&examples));
    let all = stdout(trame(&store).args(["export", "--format", "nquads"]));
    let (plain_all, assertions_all) = facts_and_assertions(&all);
    let min = 0.95;
    let kept = stdout(trame(&store).args(["export", "--format", "nquads", "--min-confidence", "0.95"]));
    let (plain, assertions) = facts_and_assertions(&kept);
    // Something was below, so the filter is put to the test.
    assert!(assertions_all.iter().any(|(_, c)| *c < min), "{assertions_all:?}");
    assert!(assertions.len() < assertions_all.len());
    assert!(assertions.iter().all(|(_, c)| *c >= min), "{assertions:?}");
    // Every plain triple left is backed by an assertion that reaches it,
    // and every assertion kept still has its plain triple.
    for t in &plain {
        assert!(assertions.iter().any(|(a, _)| a == t), "unsupported {t:?}");
    }
    for (a, _) in &assertions {
        assert!(plain.contains(a) || !plain_all.contains(a), "lost {a:?}");
    }
    let err = stderr_of_failure(trame(&store).args(["export", "--min-confidence", "1.5"]));
    assert!(err.contains("not a confidence from 0 to 1"), "{err}");
}
