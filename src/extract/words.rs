//! The **word classes** rules over the parse tree rely on (modal, light
//! and reporting verbs, negators, markers of aim, nouns that stand for an
//! actor's members), by lemma, from `data/lexicon/words.toml`.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

/// The classes, each a set of lemmas.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// Verbs of will, plan, attempt, order or threat.
    pub modal: HashSet<String>,
    /// Modal verbs that state the deed in a past tense.
    pub modal_done: HashSet<String>,
    /// Light and aspectual verbs that pass their subject through.
    pub light: HashSet<String>,
    /// Reporting verbs.
    pub reporting: HashSet<String>,
    /// Negating adverbs.
    pub negators: HashSet<String>,
    /// Markers of an aim.
    pub purpose: HashSet<String>,
    /// Conjunctions of condition.
    pub conditional: HashSet<String>,
    /// Nouns whose « de » complement is the actor they stand for.
    pub collective: HashSet<String>,
    /// Kinds of place whose « de » complement, a bare name, is the place.
    pub place_kinds: HashSet<String>,
    /// Sites named by their noun alone (« l'hôpital »).
    pub sites: HashSet<String>,
    /// Buildings that lie inside the town they are named after.
    pub buildings_in_town: HashSet<String>,
    /// Verbs of leading: « des groupes menés par X » are X's.
    pub leading: HashSet<String>,
    /// Nouns of partners: « ses alliés du Hezbollah » are the Hezbollah.
    pub partners: HashSet<String>,
    /// Nouns of time that open a sentence as a bare phrase (« La semaine
    /// dernière, … »), which is no subject.
    pub time_nouns: HashSet<String>,
}

impl Words {
    /// The built-in classes.
    pub fn builtin() -> &'static Words {
        static WORDS: OnceLock<Words> = OnceLock::new();
        WORDS.get_or_init(|| {
            toml::from_str(include_str!("../../data/lexicon/words.toml"))
                .unwrap_or_else(|e| panic!("data/lexicon/words.toml is valid (tested): {e}"))
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_words_load() {
        let w = super::Words::builtin();
        assert!(w.modal.contains("vouloir") && w.light.contains("parvenir"));
    }
}
