//! A **fact** is one relation of the contract between two entities, as a
//! sentence of the article asserts it: its predicate, subject and object, the
//! sentence and the span of evidence, the rule that found it, a confidence,
//! and who claims it.
//!
//! Stage 6 of the pipeline, in parts:
//!
//! - [`rules`]: the rules over the parse tree, loaded from `data/rules/*.toml`;
//! - [`words`]: the French word classes they use (`data/lexicon/words.toml`);
//! - `paths`: where a rule's arguments stand in the tree (agents of passives,
//!   participles, relative clauses, light verbs, conjuncts);
//! - `pronouns`: what a pronoun in an argument's place stands for;
//! - `guards`: what keeps a trigger from stating a fact (plans, moods,
//!   negation, questions);
//! - `mend`: the tree as the rules read it, with the parser's usual
//!   attachment errors corrected where French grammar leaves no doubt;
//! - `engine`: the rules run over one sentence's tree;
//! - [`places`]: places no gazetteer lists, where a rule wants a place
//!   (run before the resolution, so they are mentions like the others);
//! - [`calibration`]: what each rule's confidence is, as measured on
//!   annotated articles (`data/calibration.tsv`);
//! - `window`: the first extractor's rules over rows of words, which cover
//!   nominal triggers, structure, claimants and document-level inference
//!   until the tree rules take their cases over; it calls the engine for
//!   each sentence so both rule sets share the claimants, the inference and
//!   the de-duplication.
//!
//! Facts are only what the text asserts: a trigger governed by a plan or wish,
//! a negation, a denial or a question gives nothing. Reported speech keeps the
//! fact and records its claimant.

pub mod calibration;
mod engine;
mod guards;
mod mend;
mod paths;
pub mod places;
mod pronouns;
pub mod rules;
mod window;
pub mod words;

use std::ops::Range;

use crate::model::Predicate;

pub(crate) use window::argument_classes;
pub use window::extract;
pub(crate) use window::fits_entities;
pub(crate) use window::REPORTING_VERBS;

/// One extracted fact.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    /// The relation.
    pub predicate: Predicate,
    /// Subject entity (index into the resolution).
    pub subject: usize,
    /// Object entity.
    pub object: usize,
    /// Sentence index.
    pub sentence: usize,
    /// Evidence: byte range of the clean text, from the first to the last
    /// word that states the fact.
    pub span: Range<usize>,
    /// The rule that found it (`predicate/frame` for a window rule,
    /// `family.rule` for a rule of `data/rules/`).
    pub rule: String,
    /// How sure the rule is, 0 to 1.
    pub confidence: f32,
    /// Who the text says claims it (entity index), if reported.
    pub claimant: Option<usize>,
    /// The rule of `data/rules/` that found it; `None` for a window rule.
    pub tree_rule: Option<rules::RuleId>,
}

impl Fact {
    /// A fact a window rule states outright: no claimant yet (the
    /// sentence's reporting verb adds one later) and no tree rule.
    pub(crate) fn stated(
        predicate: Predicate,
        (subject, object): (usize, usize),
        sentence: usize,
        span: Range<usize>,
        rule: impl Into<String>,
        confidence: f32,
    ) -> Fact {
        Fact {
            predicate,
            subject,
            object,
            sentence,
            span,
            rule: rule.into(),
            confidence,
            claimant: None,
            tree_rule: None,
        }
    }
}
