//! Every rule of `data/rules/` carries its own examples: sentences that
//! must give a fact by that rule and sentences that must give none by it.
//! This runs them all through the whole pipeline, so a rule is checked with
//! the mentions, the parse and the guards it will meet in an article.

use trame::article::Article;
use trame::extract::rules::Rules;
use trame::fold::fold_str;
use trame::process;

/// A name as the scorer compares it: folded, without a leading article.
fn key(name: &str) -> String {
    let folded = fold_str(name);
    for article in [
        "le ", "la ", "les ", "l'", "un ", "une ", "des ", "du ", "de la ", "d'",
    ] {
        if let Some(rest) = folded.strip_prefix(article) {
            return rest.to_string();
        }
    }
    folded
}

#[test]
fn every_rule_has_examples_both_ways() {
    for rule in &Rules::builtin().rules {
        assert!(!rule.must.is_empty(), "{}: no `must` example", rule.name);
        assert!(!rule.must_not.is_empty(), "{}: no `must_not` example", rule.name);
    }
}

#[test]
fn rule_examples_hold() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in &Rules::builtin().rules {
        for (n, (text, subject, object)) in rule.must.iter().enumerate() {
            checked += 1;
            let doc = process(Article::from_text(
                format!("{}-must-{n}", rule.name),
                text.as_str(),
            ));
            let entities = &doc.resolution.entities;
            let named = |e: usize, want: &str| {
                std::iter::once(&entities[e].label)
                    .chain(&entities[e].surfaces)
                    .any(|s| key(s) == key(want))
            };
            let hit = doc.facts.iter().any(|f| {
                f.tree_rule == Some(rule.id)
                    && f.predicate == rule.predicate
                    && named(f.subject, subject)
                    && named(f.object, object)
            });
            if !hit {
                let found: Vec<String> = doc
                    .facts
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {} {} [{}]",
                            entities[f.subject].label, f.predicate, entities[f.object].label, f.rule
                        )
                    })
                    .collect();
                failures.push(format!(
                    "{}: «{text}» gives no {subject} {} {object}; found {found:?}",
                    rule.name, rule.predicate
                ));
            }
        }
        for (n, text) in rule.must_not.iter().enumerate() {
            checked += 1;
            let doc = process(Article::from_text(
                format!("{}-must-not-{n}", rule.name),
                text.as_str(),
            ));
            if let Some(f) = doc.facts.iter().find(|f| f.tree_rule == Some(rule.id)) {
                let e = &doc.resolution.entities;
                failures.push(format!(
                    "{}: «{text}» gives {} {} {}",
                    rule.name, e[f.subject].label, f.predicate, e[f.object].label
                ));
            }
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} of {checked} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
