//! A word's **lemma**: its dictionary form (« reprise » → « reprendre »,
//! « forces » → « force »), from spaCy's French rule lemmatizer and the
//! tables its model ships: for the open classes, a list of known lemmas,
//! exceptions and suffix rules by part of speech; for every word, a lookup
//! table as the last resort. Mirrors `spacy/lang/fr/lemmatizer.py`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rmpv::Value;

use crate::syntax::features::string_id;
use crate::syntax::{Pos, SyntaxError};

/// The rules and tables of one part of speech.
#[derive(Default)]
struct PosTables {
    index: HashSet<String>,
    exceptions: HashMap<String, Vec<String>>,
    rules: Vec<(String, String)>,
}

/// The lemmatizer's tables.
pub struct Lemmatizer {
    lookup: HashMap<u64, String>,
    by_pos: HashMap<Pos, PosTables>,
}

/// The parts of speech the rules cover; the others go to the lookup table.
const RULED: &[Pos] = &[
    Pos::Noun,
    Pos::Verb,
    Pos::Adj,
    Pos::Adp,
    Pos::Adv,
    Pos::Aux,
    Pos::Cconj,
    Pos::Det,
    Pos::Pron,
    Pos::Punct,
    Pos::Sconj,
];

impl Lemmatizer {
    /// Reads `lemmatizer/lookups/lookups.bin`.
    pub fn read(path: &Path) -> Result<Lemmatizer, SyntaxError> {
        let bytes = std::fs::read(path).map_err(|e| SyntaxError::io(path, e))?;
        let bad = |why: &str| SyntaxError::Format {
            path: path.to_path_buf(),
            why: why.to_string(),
        };
        let root = rmpv::decode::read_value(&mut bytes.as_slice()).map_err(|e| bad(&e.to_string()))?;
        let table = |name: &str| {
            crate::syntax::weights::get(&root, name)
                .and_then(Value::as_map)
                .ok_or_else(|| bad(&format!("no table {name}")))
        };
        let mut lookup = HashMap::new();
        for (k, v) in table("lemma_lookup")? {
            if let (Some(k), Some(first)) = (
                k.as_u64(),
                v.as_array().and_then(|a| a.first()).and_then(Value::as_str),
            ) {
                lookup.insert(k, first.to_string());
            }
        }
        let (index, exceptions, rules) = (table("lemma_index")?, table("lemma_exc")?, table("lemma_rules")?);
        let by_key = |m: &[(Value, Value)], pos: Pos| {
            let key = string_id(pos.name_lower());
            m.iter()
                .find(|(k, _)| k.as_u64() == Some(key))
                .map(|(_, v)| v.clone())
        };
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
                .unwrap_or_default()
        };
        let mut by_pos = HashMap::new();
        for &pos in RULED {
            let mut t = PosTables::default();
            if let Some(v) = by_key(index, pos) {
                t.index = strings(&v).into_iter().collect();
            }
            if let Some(Value::Map(m)) = by_key(exceptions, pos) {
                for (k, v) in m {
                    if let Some(k) = k.as_str() {
                        t.exceptions.insert(k.to_string(), strings(&v));
                    }
                }
            }
            if let Some(Value::Array(a)) = by_key(rules, pos) {
                for pair in a {
                    let p = strings(&pair);
                    if let [old, new] = p.as_slice() {
                        t.rules.push((old.clone(), new.clone()));
                    }
                }
            }
            by_pos.insert(pos, t);
        }
        Ok(Lemmatizer { lookup, by_pos })
    }

    /// The verb `word` is a form of, when the rules for verbs lead to an
    /// infinitive (the tables' list of verbs is not complete: « parvenir »
    /// is missing): a participle the tagger took for an adjective.
    pub fn verb(&self, word: &str) -> Option<String> {
        let lemma = self.lemma(word, Pos::Verb);
        let infinitive = ["er", "ir", "re", "oir"].iter().any(|e| lemma.ends_with(e));
        (infinitive && lemma != word.to_lowercase()).then_some(lemma)
    }

    /// The lemma the lookup table gives `word`, for any part of speech.
    pub fn looked_up(&self, word: &str) -> Option<&str> {
        self.lookup
            .get(&string_id(&word.to_lowercase()))
            .map(String::as_str)
    }

    /// The lemma of `word` tagged `pos`.
    pub fn lemma(&self, word: &str, pos: Pos) -> String {
        if matches!(pos, Pos::Space | Pos::Eol) {
            return word.to_lowercase();
        }
        let Some(tables) = self.by_pos.get(&pos) else {
            return self
                .lookup
                .get(&string_id(word))
                .cloned()
                .unwrap_or_else(|| word.to_string());
        };
        let lower = word.to_lowercase();
        if tables.index.contains(&lower) {
            return lower;
        }
        if let Some(first) = tables.exceptions.get(&lower).and_then(|e| e.first()) {
            return first.clone();
        }
        let mut oov = None;
        for (old, new) in &tables.rules {
            if let Some(stem) = lower.strip_suffix(old.as_str()) {
                let form = format!("{stem}{new}");
                if form.is_empty() {
                    continue;
                }
                if tables.index.contains(&form) || !form.chars().all(char::is_alphabetic) {
                    return form;
                }
                oov.get_or_insert(form);
            }
        }
        oov.unwrap_or_else(|| self.lookup.get(&string_id(&lower)).cloned().unwrap_or(lower))
    }
}
