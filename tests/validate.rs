//! `trame validate` and pySHACL reach the same verdicts: on the example
//! corpus (which must conform) and on a hand-written graph that breaks every
//! kind of shape (`tests/validate/broken.nq`). pySHACL is installed by
//! `scripts/setup.sh`.

mod common;

use oxigraph::io::RdfFormat;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use trame::export::{export, Format};
use trame::store::Store;
use trame::validate::{Finding, Severity, Shapes};

type Verdict = BTreeSet<(String, String, String, String)>;

fn ours(findings: &[Finding]) -> Verdict {
    findings
        .iter()
        .map(|f| {
            (
                f.severity.to_string(),
                f.graph.clone(),
                f.focus.clone(),
                f.component.to_string(),
            )
        })
        .collect()
}

fn pyshacl(nquads: &Path) -> Verdict {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join("scripts/shacl.py"))
        .arg(root.join("ontology/shapes.ttl"))
        .arg(nquads)
        .output()
        .expect("python3 runs (scripts/setup.sh installs pySHACL)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.trim().is_empty(), "pySHACL failed: {stderr}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].into(), f[1].into(), f[2].into(), f[3].into())
        })
        .collect()
}

#[test]
fn the_example_corpus_conforms_for_both_validators() {
    let store = common::example_store();
    let (findings, graphs) = Shapes::builtin().validate_store(&store, None).unwrap();
    assert!(graphs >= 10, "{graphs} graphs");
    let violations: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Violation)
        .collect();
    assert!(violations.is_empty(), "{violations:#?}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("examples.nq");
    export(
        &store,
        Format::Nquads,
        None,
        None,
        std::fs::File::create(&path).unwrap(),
    )
    .unwrap();
    assert_eq!(ours(&findings), pyshacl(&path));
}

#[test]
fn a_broken_graph_gets_the_same_findings_from_both_validators() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate/broken.nq");
    let store = Store::memory().unwrap();
    store
        .oxigraph()
        .load_from_reader(RdfFormat::NQuads, std::fs::File::open(&path).unwrap())
        .unwrap();
    let (findings, graphs) = Shapes::builtin().validate_store(&store, None).unwrap();
    assert_eq!(graphs, 3);
    let verdict = ours(&findings);
    assert_eq!(verdict, pyshacl(&path));
    // Each kind of breakage is seen, and worded.
    for component in [
        "MinCountConstraintComponent",
        "DatatypeConstraintComponent",
        "InConstraintComponent",
        "LessThanConstraintComponent",
        "MaxInclusiveConstraintComponent",
        "NodeKindConstraintComponent",
        "OrConstraintComponent",
        "PatternConstraintComponent",
        "ClassConstraintComponent",
    ] {
        assert!(verdict.iter().any(|v| v.3 == component), "{component} not found");
    }
    let sound = findings.iter().filter(|f| f.graph.ends_with("/sound")).count();
    assert_eq!(sound, 0, "a sound graph gets no finding: {findings:#?}");
    let text: Vec<String> = findings.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("fact:1") && t.contains("trame:evidence is missing")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("warning") && t.contains("publication date")),
        "{text:#?}"
    );
}
