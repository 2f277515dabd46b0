//! **Calibration**: what a fact's confidence means. Each rule's confidence
//! is its measured precision on annotated articles (seeds, `eval/dev`,
//! `eval/real`), smoothed toward its predicate's for rules with few
//! examples, as `scripts/calibrate.py` measured it and wrote it to
//! `data/calibration.tsv`. A researcher who keeps the facts at 0.9 or more
//! keeps facts of which nine in ten were right on those articles.
//!
//! A rule the table does not list (new since the last calibration) takes
//! its predicate's precision; a predicate it does not list keeps the
//! rule's own prior (`confidence` in its rule file, or the window rule's).
//! Another table can be installed for a run (`trame --calibration FILE`),
//! measured on a researcher's own annotations.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::error::Error;
use crate::model::Predicate;

/// Confidences by rule name and, as a fallback, by predicate.
#[derive(Debug, Default)]
pub struct Calibration {
    by_rule: HashMap<String, f32>,
    by_predicate: HashMap<String, f32>,
}

/// The highest confidence a fact is given.
const MAX: f32 = 0.99;

const BUILTIN: &str = include_str!("../../data/calibration.tsv");

static INSTALLED: OnceLock<Calibration> = OnceLock::new();

impl Calibration {
    /// Reads a table: `rule \t predicate \t facts \t right \t confidence`,
    /// `*` as the rule for a predicate's row, `#` comments. `file` names it
    /// in errors.
    pub fn parse(file: &str, text: &str) -> Result<Calibration, Error> {
        let mut out = Calibration::default();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: String| Error::Data {
                file: file.to_string(),
                line: i + 1,
                reason,
            };
            let fields: Vec<&str> = line.split('\t').collect();
            let [rule, predicate, _facts, _right, confidence] = fields.as_slice() else {
                return Err(bad(format!("{} columns, want 5", fields.len())));
            };
            predicate.parse::<Predicate>().map_err(bad)?;
            let c: f32 = confidence
                .parse()
                .map_err(|_| bad(format!("confidence {confidence:?} is not a number")))?;
            if !(0.0..=1.0).contains(&c) {
                return Err(bad(format!("confidence {c} is not between 0 and 1")));
            }
            if *rule == "*" {
                out.by_predicate.insert(predicate.to_string(), c);
            } else {
                out.by_rule.insert(rule.to_string(), c);
            }
        }
        Ok(out)
    }

    /// The table in force: the one installed for this run, else the one
    /// built in.
    pub fn current() -> &'static Calibration {
        INSTALLED.get_or_init(|| {
            Calibration::parse("data/calibration.tsv", BUILTIN).expect("built-in table is valid (tested)")
        })
    }

    /// Installs another table for the rest of the run; `false` when one is
    /// already in force (facts were already extracted with it).
    pub fn install(table: Calibration) -> bool {
        INSTALLED.set(table).is_ok()
    }

    /// The confidence of a fact found by `rule` for `predicate`, where
    /// `prior` is what the rule itself says. Never above 0.99: a few
    /// hundred annotated facts cannot show that a rule is never wrong.
    pub fn confidence(&self, rule: &str, predicate: Predicate, prior: f32) -> f32 {
        self.by_rule
            .get(rule)
            .or_else(|| self.by_predicate.get(predicate.name()))
            .copied()
            .unwrap_or(prior)
            .min(MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses_and_falls_back() {
        let table = Calibration::parse("data/calibration.tsv", BUILTIN).unwrap();
        assert!(!table.by_predicate.is_empty());
        let c = table.confidence("no-such-rule", Predicate::Captured, 0.123);
        assert_eq!(Some(&c), table.by_predicate.get("captured"));
    }

    #[test]
    fn bad_rows_name_file_and_line() {
        let e = Calibration::parse("x.tsv", "# c\ncapture.take\tcaptured\t3\t3\t1.5\n").unwrap_err();
        assert_eq!(e.to_string(), "x.tsv:2: confidence 1.5 is not between 0 and 1");
        let e = Calibration::parse("x.tsv", "a\tconquered\t1\t1\t0.5\n").unwrap_err();
        assert!(e.to_string().starts_with("x.tsv:1: unknown predicate"), "{e}");
    }
}
