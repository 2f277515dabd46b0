//! Data-driven extraction cases: one small French text per file in
//! `tests/cases/`, with the facts it must give and the facts it must not.
//!
//! A case file starts with header lines, then `---`, then the text:
//!
//! ```text
//! # grammar: passive voice with agent
//! must: captured | armée irakienne | Ramadi
//! must-not: captured | * | Mossoul
//! ---
//! Ramadi a été reprise par l'armée irakienne, qui vise maintenant Mossoul.
//! ```
//!
//! An entity is written by its preferred name or any surface form the text
//! uses for it (case and accents folded); `*` stands for any entity.

use std::path::Path;
use trame::article::{Article, Format};
use trame::fold::fold_str;
use trame::model::Predicate;
use trame::process;

struct Expect {
    must: bool,
    predicate: Predicate,
    subject: String,
    object: String,
    line: usize,
}

fn parse(path: &Path) -> (Vec<Expect>, String) {
    let content = std::fs::read_to_string(path).unwrap();
    let (head, text) = content
        .split_once("\n---\n")
        .unwrap_or_else(|| panic!("{}: no `---` line before the text", path.display()));
    let mut expects = Vec::new();
    for (n, line) in head.lines().enumerate() {
        let line = line.trim();
        let (must, rest) = if let Some(r) = line.strip_prefix("must-not:") {
            (false, r)
        } else if let Some(r) = line.strip_prefix("must:") {
            (true, r)
        } else {
            assert!(
                line.is_empty() || line.starts_with('#'),
                "{}:{}: unknown line",
                path.display(),
                n + 1
            );
            continue;
        };
        let parts: Vec<&str> = rest.split('|').map(str::trim).collect();
        assert_eq!(
            parts.len(),
            3,
            "{}:{}: want `predicate | subject | object`",
            path.display(),
            n + 1
        );
        let predicate: Predicate = parts[0]
            .parse()
            .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
        expects.push(Expect {
            must,
            predicate,
            subject: fold_str(parts[1]),
            object: fold_str(parts[2]),
            line: n + 1,
        });
    }
    assert!(
        !expects.is_empty(),
        "{}: a case asserts at least one fact",
        path.display()
    );
    (expects, text.to_string())
}

#[test]
fn extraction_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let (expects, text) = parse(path);
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let doc = process(Article {
            id: id.clone(),
            raw: text,
            format: Format::Text,
            origin: id.clone(),
            source: None,
            url: None,
            published: None,
            title: None,
        });
        let entities = &doc.resolution.entities;
        let names = |e: usize| -> Vec<String> {
            std::iter::once(&entities[e].label)
                .chain(&entities[e].surfaces)
                .map(|s| fold_str(s))
                .collect()
        };
        let matches = |want: &str, e: usize| want == "*" || names(e).iter().any(|n| n == want);
        let found: Vec<String> = doc
            .facts
            .iter()
            .map(|f| {
                format!(
                    "{} | {} | {}",
                    f.predicate, entities[f.subject].label, entities[f.object].label
                )
            })
            .collect();
        for x in expects {
            checked += 1;
            let hit = doc.facts.iter().any(|f| {
                let direct = matches(&x.subject, f.subject) && matches(&x.object, f.object);
                let mirrored = f.predicate.is_symmetric()
                    && matches(&x.subject, f.object)
                    && matches(&x.object, f.subject);
                f.predicate == x.predicate && (direct || mirrored)
            });
            if hit != x.must {
                failures.push(format!(
                    "{}:{}: {} {} | {} | {}\n    found: {:?}",
                    path.file_name().unwrap().to_string_lossy(),
                    x.line,
                    if x.must { "missing" } else { "unwanted" },
                    x.predicate,
                    x.subject,
                    x.object,
                    found
                ));
            }
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} of {checked} expectations failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
