//! The syntax stage against spaCy itself: trame's Rust inference of the
//! installed pipeline must give the very analysis spaCy gives on the same
//! words, on every sentence of the seed and dev articles. A real spaCy,
//! installed by `scripts/setup.sh`, runs beside it.

use std::path::Path;
use std::process::Command;

#[test]
fn parses_agree_with_spacy_on_the_same_words() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let model = trame::syntax::Model::installed().expect("a syntax model (scripts/setup.sh installs it)");
    let shared = root.join("../shared");
    let out = Command::new("python3")
        .arg(root.join("scripts/syntax-agreement.py"))
        .arg(env!("CARGO_BIN_EXE_trame"))
        .arg(model.dir())
        .arg(shared.join("seeds"))
        .arg(shared.join("eval/dev/docs"))
        .arg("--json")
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    eprintln!("{result}");
    assert!(result["words"].as_u64().unwrap() > 5000, "{result}");
    for key in ["pos", "morph", "lemma", "uas", "las", "trigger_arguments_agree"] {
        // Float sums in another order may flip a near tie once in a while;
        // anything more is a bug.
        assert!(result[key].as_f64().unwrap() >= 0.999, "{key}: {result}");
    }
}

#[test]
fn trees_are_trees_and_spans_point_into_the_text() {
    let model = trame::syntax::Model::installed().expect("a syntax model");
    let text = "Les Peshmergas, soutenus par la coalition, ont repris Sinjar. « Daech a fui », dit-il.";
    let sentences = trame::sentences::split(text);
    let ranges: Vec<_> = sentences.iter().map(|s| s.span.clone()).collect();
    let trees = model.parse_all(text, &ranges);
    assert_eq!(trees.len(), 2);
    for tree in &trees {
        for (i, w) in tree.words.iter().enumerate() {
            assert!(!text[w.span.clone()].trim().is_empty());
            // Following heads from any word reaches a root.
            let (mut at, mut steps) = (i, 0);
            while tree.words[at].head != at {
                at = tree.words[at].head;
                steps += 1;
                assert!(steps <= tree.words.len(), "a cycle through word {i}");
            }
        }
    }
    let first = &trees[0];
    let repris = first
        .words
        .iter()
        .position(|w| w.lemma == "reprendre")
        .expect("reprendre");
    let words: Vec<&str> = first.words.iter().map(|w| &text[w.span.clone()]).collect();
    assert_eq!(words[..4], ["Les", "Peshmergas", ",", "soutenus"]);
    assert_eq!(first.words[repris].feature("VerbForm"), Some("Part"));
    // One batch gives what one sentence at a time gives.
    assert_eq!(model.parse(text, ranges[1].clone()), trees[1]);
}
