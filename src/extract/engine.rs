//! The **engine** runs the [`rules`](super::rules) over a sentence's parse
//! tree: each word whose lemma and part of speech trigger a rule, not held
//! back by a [guard](super::guards), gives a fact for every subject and
//! object its [paths](super::paths) lead to, once the words are mapped to
//! the entities their mentions resolved to and the pair fits the
//! predicate's classes.
//!
//! Mentions stay as the mentions stage found them; a word stands for the
//! entity of the mention that covers it, and a pronoun for the entity
//! [`pronouns`](super::pronouns) finds before it.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::extract::guards;
use crate::extract::mend;
use crate::extract::paths;
use crate::extract::pronouns;
use crate::extract::rules::{Hop, Rule, RuleId, Rules, Step};
use crate::extract::words::Words;
use crate::extract::Fact;
use crate::model::Class;
use crate::resolve::Entity;
use crate::syntax::{Pos, Tree};

/// What the engine reads besides the tree.
pub struct Sentence<'a> {
    /// The sentence's index.
    pub index: usize,
    /// Its parse.
    pub tree: &'a Tree,
    /// The resolved mentions of the document: span in the clean text and
    /// entity, sorted by start, not overlapping.
    pub spans: &'a [(Range<usize>, usize)],
    /// The document's entities.
    pub entities: &'a [Entity],
    /// The clean text the spans point into.
    pub text: &'a str,
    /// Where the sentence before this one starts: how far back a pronoun
    /// looks for what it stands for.
    pub reach: usize,
    /// The settlement the fighting of the sentences just before took place
    /// in, if one: the scene of a trigger that does not say where.
    pub scene: Option<usize>,
    /// Who took places in the nearest of the sentences just before that
    /// says so: the agent of a passive capture that names none.
    pub takers: &'a [usize],
}

/// Rules by trigger lemma.
struct Index {
    by_lemma: HashMap<String, Vec<RuleId>>,
}

fn index(rules: &'static Rules) -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut by_lemma: HashMap<String, Vec<RuleId>> = HashMap::new();
        for r in &rules.rules {
            for l in &r.lemmas {
                by_lemma.entry(l.clone()).or_default().push(r.id);
            }
        }
        Index { by_lemma }
    })
}

/// The facts the built-in rules find in a sentence (not a question: the
/// caller leaves those out, as it does for the window rules).
pub fn facts(s: &Sentence<'_>) -> Vec<Fact> {
    // The tree as the rules read it: the parser's usual errors mended.
    let whole = |w: &crate::syntax::Word| {
        let i = s.spans.partition_point(|(r, _)| r.end <= w.span.start);
        s.spans.get(i).is_some_and(|(r, _)| *r == w.span)
            && s.text[w.span.clone()].starts_with(char::is_uppercase)
    };
    let mended;
    let s = match mend::mend(s.tree, s.text, whole) {
        Some(tree) => {
            mended = tree;
            &Sentence { tree: &mended, ..*s }
        }
        None => s,
    };
    let words = Words::builtin();
    let mut out = Vec::new();
    for t in 0..s.tree.words.len() {
        for rule in triggered(s.tree, t) {
            if guards::blocking(s.tree, t, &rule.allow, words).is_none() {
                apply(s, t, rule, words, &mut out);
            }
        }
    }
    out
}

/// The built-in rules word `t` triggers, by lemma, part of speech and
/// preposition, before any guard.
pub fn triggered(tree: &Tree, t: usize) -> Vec<&'static Rule> {
    let rules = Rules::builtin();
    let index = index(rules);
    let word = &tree.words[t];
    let mut out: Vec<&'static Rule> = Vec::new();
    for &id in word.lemmas().filter_map(|l| index.by_lemma.get(l)).flatten() {
        let rule = rules.get(id);
        if out.iter().any(|r| r.id == id) {
            continue;
        }
        // A participle tagged as an adjective triggers the rules of its verb
        // too, as a verb would.
        let as_verb = rule.pos.contains(&Pos::Verb)
            && word.verb_lemma.as_ref().is_some_and(|v| rule.lemmas.contains(v));
        if (rule.pos.contains(&word.pos) || as_verb)
            && (rule.case.is_empty() || paths::introduced_by(tree, t, &rule.case))
        {
            out.push(rule);
        }
    }
    out
}

fn apply(s: &Sentence<'_>, trigger: usize, rule: &Rule, words: &Words, out: &mut Vec<Fact>) {
    let (subject_class, object_class) = super::argument_classes(rule.predicate);
    let subjects = arguments(s, trigger, &rule.subject, words, subject_class);
    if subjects.is_empty() {
        return;
    }
    let objects = arguments(s, trigger, &rule.object, words, object_class);
    for (subject, sw) in &subjects {
        for (object, ow) in &objects {
            let (subject, object) = (*subject, *object);
            if subject == object
                || !super::fits_entities(rule.predicate, &s.entities[subject], &s.entities[object])
            {
                continue;
            }
            // From the first to the last word of the trigger and of the
            // mentions that name the arguments.
            let spans = [s.tree.words[trigger].span.clone(), sw.clone(), ow.clone()];
            let start = spans.iter().map(|r| r.start).min().unwrap_or(0);
            let end = spans.iter().map(|r| r.end).max().unwrap_or(0);
            out.push(Fact {
                predicate: rule.predicate,
                subject,
                object,
                sentence: s.index,
                span: start..end,
                rule: rule.name.clone(),
                confidence: rule.confidence,
                claimant: None,
                tree_rule: Some(rule.id),
            });
        }
    }
}

/// The entities the first fruitful path leads to, each with the span of
/// the mention that names it. A pronoun stands for an entity of a class the
/// argument takes (`want`): « Elle est située dans … » is a place.
fn arguments(
    s: &Sentence<'_>,
    trigger: usize,
    paths_: &[Vec<Hop>],
    words: &Words,
    want: fn(Class) -> bool,
) -> Vec<(usize, Range<usize>)> {
    let any = |_: Class| true;
    let named = |x: usize| entity_of(s, x, any).is_some();
    let place = |x: usize| entity_of(s, x, any).is_some_and(|(e, _)| s.entities[e].class == Class::Place);
    // A country or its capital acts as its state does.
    let want = |c: Class| want(c) || c == Class::Place && want(Class::Organization);
    for path in paths_ {
        if path.first().is_some_and(|h| h.step == Step::Taker) {
            let agentless = paths::passive(s.tree, trigger)
                && paths::follow(
                    s.tree,
                    trigger,
                    &[Hop {
                        step: Step::Agent,
                        lemmas: Vec::new(),
                    }],
                )
                .is_empty();
            if agentless {
                let span = s.tree.words[trigger].span.clone();
                let found: Vec<(usize, Range<usize>)> = s
                    .takers
                    .iter()
                    .filter(|&&e| want(s.entities[e].class))
                    .map(|&e| (e, span.clone()))
                    .collect();
                if !found.is_empty() {
                    return found;
                }
            }
            continue;
        }
        if path.first().is_some_and(|h| h.step == Step::Scene) {
            if let Some(place) = scene(s, trigger).filter(|&e| want(s.entities[e].class)) {
                // The evidence stays in the sentence: the trigger's span.
                return vec![(place, s.tree.words[trigger].span.clone())];
            }
            continue;
        }
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        for w in paths::follow(s.tree, trigger, path) {
            for x in paths::spread(s.tree, w, words, named, place) {
                if let Some((e, span)) = entity_of(s, x, want) {
                    if !found.iter().any(|(f, _)| *f == e) {
                        found.push((e, span));
                    }
                }
            }
        }
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// Where the trigger happens when it does not say: only for a trigger with
/// no object nor « de » complement of its own (« ont fui », not « ont fui
/// la ville » nor « se sont retirés de Tikrit »), the last settlement named
/// before it in the sentence (not a dispatch's dateline, « BAGDAD, »),
/// else the scene of the sentences before.
fn scene(s: &Sentence<'_>, trigger: usize) -> Option<usize> {
    let tree = s.tree;
    let says_where = tree.children(trigger).any(|c| {
        tree.words[c].dep == "obj"
            || tree.words[c].dep.starts_with("obl") && paths::prep_children(tree, trigger, "de").contains(&c)
    });
    if says_where {
        return None;
    }
    // « un bastion de l'EI, d'où les jihadistes se sont retirés »: the
    // relative says where, and it is what the clause qualifies.
    if tree.children(trigger).any(|c| tree.words[c].lemma == "où") {
        let head = tree.words[trigger].head;
        if head == trigger || !tree.words[trigger].dep.starts_with("acl") {
            return None;
        }
        let any = |_: Class| true;
        let named = |x: usize| entity_of(s, x, any).is_some();
        let place = |x: usize| entity_of(s, x, any).is_some_and(|(e, _)| s.entities[e].class == Class::Place);
        return paths::spread(tree, head, Words::builtin(), named, place)
            .into_iter()
            .find_map(|x| entity_of(s, x, |c| c == Class::Place))
            .map(|(e, _)| e);
    }
    let start = tree.words.first()?.span.start;
    let at = tree.words[trigger].span.start;
    let settlement =
        |e: usize| s.entities[e].class == Class::Place && crate::mentions::is_settlement(&s.entities[e].kind);
    let from = s.spans.partition_point(|(r, _)| r.start < start);
    s.spans[from..]
        .iter()
        .take_while(|(r, _)| r.end <= at)
        .filter(|(r, e)| settlement(*e) && s.text[r.clone()].chars().any(char::is_lowercase))
        .map(|&(_, e)| e)
        .last()
        .or(s.scene)
}

/// The entity of the mention covering word `w`, and the mention's span;
/// for a pronoun, what it stands for among the entities of a class `want`
/// takes, and the pronoun's span.
fn entity_of(s: &Sentence<'_>, w: usize, want: impl Fn(Class) -> bool) -> Option<(usize, Range<usize>)> {
    let word = &s.tree.words[w];
    let at = word.span.start;
    let i = s.spans.partition_point(|(r, _)| r.end <= at);
    s.spans
        .get(i)
        .filter(|(r, _)| r.start <= at)
        .map(|(r, e)| (*e, r.clone()))
        .or_else(|| {
            pronouns::antecedent(
                s.text,
                &s.tree.words,
                word,
                s.spans,
                s.reach,
                |e| s.entities[e].class,
                want,
            )
        })
}
