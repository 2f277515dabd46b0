//! **Places nobody listed.** A capture, a withdrawal, a siege or a hold
//! needs a place, and no gazetteer lists every village, hill and hospital of
//! Iraq and Syria. Where a rule over the tree wants a place (« ont repris
//! Soulouk », « se sont retirés de Hajine », « ont repris l'hôpital et le
//! stade »), a proper name no mention covers is one, and so is a site noun
//! with its article; the article's other uses of that name name it too.
//!
//! This runs between the parse and the resolution: what it finds are
//! mentions like the others, resolved and scored like them.

use std::ops::Range;

use crate::extract::engine;
use crate::extract::paths;
use crate::extract::words::Words;
use crate::fold::fold;
use crate::gazetteer::Gazetteer;
use crate::mentions::{self, is_settlement, Mention, Reference};
use crate::model::{Class, Predicate};
use crate::sentences::Sentence;
use crate::syntax::{Pos, Tree, Word};

/// The predicates whose object can only be a place.
fn wants_place(p: Predicate) -> bool {
    matches!(
        p,
        Predicate::Captured | Predicate::WithdrewFrom | Predicate::Besieged | Predicate::Controls
    )
}

/// The capitalised runs of words of a sentence no mention covers (« Mazraat
/// Bourj », « Houeijet Chenane », « al-Chaafa »): names nobody listed, which
/// may be places. Not acronyms (organisations, mostly), not the words that
/// open sentences or dates (« Selon », « Mardi »), not a sentence's first
/// word alone.
pub fn candidates(text: &str, sentence: Range<usize>, covered: impl Fn(usize) -> bool) -> Vec<Range<usize>> {
    let slice = &text[sentence.clone()];
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in slice.char_indices().chain(std::iter::once((slice.len(), ' '))) {
        let inside = c.is_alphanumeric() || matches!(c, '-' | '\'' | '’');
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(sentence.start + s..sentence.start + i);
                start = None;
            }
            _ => {}
        }
    }
    let namey = |r: &Range<usize>| {
        let w = text[r.clone()].trim_end_matches(['\'', '’']);
        let capital = w.starts_with(char::is_uppercase)
            || ["al-", "el-", "ad-", "ar-", "as-", "az-", "ash-", "ez-"]
                .iter()
                .any(|p| {
                    w.strip_prefix(p)
                        .is_some_and(|rest| rest.starts_with(char::is_uppercase))
                });
        let acronym = w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
        capital && !acronym && !mentions::not_a_name(w) && !covered(r.start)
    };
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (k, w) in words.iter().enumerate() {
        if !namey(w) {
            continue;
        }
        match runs.last_mut() {
            Some(run) if run.end + 1 == w.start && text[run.end..w.start] == *" " => run.end = w.end,
            _ if k == 0
                && words
                    .get(1)
                    .is_none_or(|next| !namey(next) || next.start != w.end + 1) => {}
            _ => runs.push(w.clone()),
        }
    }
    runs
}

/// The mentions of places no mention covers that the rules' place
/// arguments land on, and every other use of their names in the article.
pub fn unlisted(
    text: &str,
    sentences: &[Sentence],
    trees: &[Tree],
    known: &[Mention],
    gazetteer: &Gazetteer,
) -> Vec<Mention> {
    let words = Words::builtin();
    let covered = |r: &Range<usize>, found: &[Mention]| {
        known
            .iter()
            .chain(found)
            .any(|m| m.span.start < r.end && r.start < m.span.end)
    };
    let mut found: Vec<Mention> = Vec::new();
    for (i, tree) in trees.iter().enumerate() {
        if tree.words.is_empty() {
            continue;
        }
        let runs = candidates(text, sentences[i].span.clone(), |at| {
            known.iter().any(|m| m.span.start <= at && at < m.span.end)
        });
        if runs.is_empty() && !tree.words.iter().any(|w| words.sites.contains(&w.lemma)) {
            continue;
        }
        // The tagger reads a name it never saw as it can (« Zankoura » a
        // verb in the future tense): inside a run of names it is a name.
        let run_of = |w: &Word| {
            runs.iter()
                .find(|r| r.start <= w.span.start && w.span.end <= r.end)
        };
        let mut mended = tree.clone();
        for w in &mut mended.words {
            if run_of(w).is_some() && w.pos != Pos::Propn && w.dep != "ROOT" {
                w.pos = Pos::Propn;
            }
        }
        let tree = &mended;
        let named = |x: usize| covered(&tree.words[x].span, &[]);
        for t in 0..tree.words.len() {
            for rule in engine::triggered(tree, t)
                .into_iter()
                .filter(|r| wants_place(r.predicate))
            {
                for path in &rule.object {
                    let reached: Vec<usize> = paths::follow(tree, t, path)
                        .into_iter()
                        .flat_map(|w| paths::spread(tree, w, words, named, |_| false))
                        .collect();
                    // The first path that reaches a mention is the rule's;
                    // a later one is not asked.
                    let fruitful = reached.iter().any(|&x| named(x));
                    let before = found.len();
                    for x in reached.into_iter().filter(|&x| !named(x)) {
                        let w = &tree.words[x];
                        let place = match run_of(w) {
                            Some(run) if w.pos == Pos::Propn && !apposed_non_place(tree, x, words) => {
                                Some((run.clone(), "town", text[run.clone()].to_string()))
                            }
                            // « l'hôpital » is the hospital of the town the
                            // sentence names, or the article named last: a
                            // site of its own, not every article's hospital.
                            _ if w.pos == Pos::Noun
                                && words.sites.contains(&w.lemma)
                                && definite(tree, x)
                                && !has_name(tree, x) =>
                            {
                                town_of(text, known, &sentences[i].span, w.span.start, gazetteer).map(
                                    |town| {
                                        (
                                            w.span.clone(),
                                            "site",
                                            format!("{} de {town}", &text[w.span.clone()]),
                                        )
                                    },
                                )
                            }
                            _ => None,
                        };
                        if let Some((span, kind, name)) = place.filter(|(span, ..)| !covered(span, &found)) {
                            found.push(Mention {
                                reference: Reference::Named {
                                    class: Class::Place,
                                    kind,
                                    name,
                                },
                                span,
                                sentence: i,
                            });
                        }
                    }
                    if fruitful || found.len() > before {
                        break;
                    }
                }
            }
        }
    }
    // The article's other uses of a proper name found so.
    let names: Vec<String> = found
        .iter()
        .filter_map(|m| match &m.reference {
            Reference::Named {
                kind: "town", name, ..
            } => Some(name.clone()),
            _ => None,
        })
        .collect();
    for name in names {
        for (at, _) in text.match_indices(name.as_str()) {
            let span = at..at + name.len();
            let bounded = !text[..at].ends_with(char::is_alphanumeric)
                && !text[span.end..].starts_with(|c: char| c.is_alphanumeric() || c == '-');
            if !bounded || covered(&span, &found) {
                continue;
            }
            let Some(sentence) = sentences
                .iter()
                .find(|s| s.span.start <= at && span.end <= s.span.end)
            else {
                continue;
            };
            found.push(Mention {
                span,
                sentence: sentence.index,
                reference: Reference::Named {
                    class: Class::Place,
                    kind: "town",
                    name: name.clone(),
                },
            });
        }
    }
    found
}

/// Whether a name has a noun beside it that says what it is, and that is no
/// kind of place: « Jalal Ahmed, un otage », however the parser hung it (an
/// apposition, or a second object of the verb).
fn apposed_non_place(tree: &Tree, mut x: usize, words: &Words) -> bool {
    while tree.words[x].dep.starts_with("flat") && tree.words[x].head != x {
        x = tree.words[x].head;
    }
    let head = tree.words[x].head;
    let beside = tree.children(x).chain(tree.children(head).filter(|&c| c > x));
    beside.into_iter().any(|c| {
        let a = &tree.words[c];
        let after_comma =
            c > 0 && (x + 1..c).any(|k| tree.words[k].dep == "punct" && tree.words[k].lemma == ",");
        matches!(a.dep.as_str(), "appos" | "obj")
            && after_comma
            && a.pos == Pos::Noun
            && !words.place_kinds.contains(&a.lemma)
            && !words.sites.contains(&a.lemma)
    })
}

/// Whether the noun `x` has a definite article or a possessive: « l'hôpital
/// », « son barrage », not « un hôpital ».
fn definite(tree: &Tree, x: usize) -> bool {
    tree.children(x).any(|d| {
        let det: &Word = &tree.words[d];
        det.dep == "det" && (det.feature("Definite") == Some("Def") || det.feature("Poss") == Some("Yes"))
    })
}

/// Whether the site noun has a complement naming it (« le stade de Raqqa »,
/// which the patterns read whole when they read it at all): not a bare site.
fn has_name(tree: &Tree, x: usize) -> bool {
    tree.children(x)
        .any(|c| tree.words[c].pos == Pos::Propn && tree.words[c].dep.starts_with("nmod"))
}

/// The town a site at `at` belongs to: the one its sentence names nearest
/// to it, or else the one the article named last before it.
fn town_of(
    text: &str,
    known: &[Mention],
    sentence: &Range<usize>,
    at: usize,
    gazetteer: &Gazetteer,
) -> Option<String> {
    let is_town = |e: usize| is_settlement(&gazetteer.entry(e).kind);
    let distance = |m: &Mention| m.span.start.abs_diff(at);
    // Inside a site's own name too: « la mosquée et le stade de Tikrit ».
    let slice = &text[sentence.clone()];
    let inside = || {
        gazetteer
            .find(slice, &fold(slice))
            .into_iter()
            .filter(|h| is_town(h.entry))
            .min_by_key(|h| (sentence.start + h.span.start).abs_diff(at))
            .map(|h| gazetteer.entry(h.entry).label.clone())
    };
    known
        .iter()
        .filter(|m| sentence.start <= m.span.start && m.span.end <= sentence.end)
        .filter_map(|m| m.reference.town(gazetteer).map(|t| (distance(m), t)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, t)| t)
        .or_else(inside)
        .or_else(|| {
            known
                .iter()
                .filter(|m| m.span.end <= at)
                .rev()
                .find_map(|m| m.reference.town(gazetteer))
        })
}
