//! **Pronouns**: what a third-person pronoun that fills a rule's argument
//! stands for (« qu'ils tenaient », « Elle est située dans … », « y étaient
//! encerclés », « l'ont reprise »), and what a possessive does (« leur
//! chef »).
//!
//! A pronoun takes the nearest entity before it, in its own sentence or the
//! one before, whose number and gender agree with it (read off the
//! determiner before the mention: « les forces » plural, « la coalition »
//! feminine); « y » takes a place. Where a second entity of the same kind
//! agrees as well, the reader could hesitate: the pronoun stays
//! unresolved and gives no fact.

use std::ops::Range;

use crate::model::Class;
use crate::syntax::{Pos, Word};

/// Number and gender, where known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Agreement {
    plural: Option<bool>,
    feminine: Option<bool>,
}

impl Agreement {
    fn agrees(self, other: Agreement) -> bool {
        let same = |a: Option<bool>, b: Option<bool>| a.is_none() || b.is_none() || a == b;
        same(self.plural, other.plural) && same(self.feminine, other.feminine)
    }
}

/// What a pronoun asks of its antecedent.
enum Wants {
    /// « y »: a place.
    Place,
    /// « il », « elles », « les », « l' »…: anything that agrees.
    Agreeing(Agreement),
}

/// Which entity, if any, the pronoun `word` of `sentence` stands for:
/// `spans` are the document's resolved mentions (sorted by start), `reach`
/// where the sentence before this one starts, `class_of` an entity's class,
/// `want` the classes the pronoun's place in the clause takes (the subject
/// of « est située dans » is a place, whatever force was named after it).
pub fn antecedent(
    text: &str,
    sentence: &[Word],
    word: &Word,
    spans: &[(Range<usize>, usize)],
    reach: usize,
    class_of: impl Fn(usize) -> Class,
    want: impl Fn(Class) -> bool,
) -> Option<(usize, Range<usize>)> {
    let wants = wants(text, word)?;
    // « la province de Ninive et sa capitale Mossoul »: the possessive of a
    // conjunct is the first conjunct's.
    if word.pos == Pos::Det {
        let noun = &sentence[word.head];
        if noun.dep == "conj" && noun.head != word.head {
            let first = &sentence[noun.head];
            let i = spans.partition_point(|(r, _)| r.end <= first.span.start);
            if let Some((r, e)) = spans.get(i).filter(|(r, _)| r.start <= first.span.start) {
                if want(class_of(*e)) && r.end <= word.span.start {
                    return Some((*e, word.span.clone()));
                }
            }
        }
    }
    let at = word.span.start;
    let end = spans.partition_point(|(r, _)| r.end <= at);
    let begin = spans.partition_point(|(r, _)| r.start < reach);
    // Nearest first, each entity once; it agrees if one of its mentions
    // does (« l'EI » is singular, « les jihadistes » of the EI plural).
    let mut candidates: Vec<(usize, Vec<Agreement>)> = Vec::new();
    for (span, e) in spans[begin..end].iter().rev() {
        let a = agreement(text, span);
        match candidates.iter_mut().find(|(c, _)| c == e) {
            Some((_, all)) => all.push(a),
            None => candidates.push((*e, vec![a])),
        }
    }
    let fits = |(e, agreements): &(usize, Vec<Agreement>)| {
        want(class_of(*e))
            && match &wants {
                Wants::Place => class_of(*e) == Class::Place,
                Wants::Agreeing(a) => {
                    agreements.iter().any(|m| a.agrees(*m)) && class_of(*e) != Class::Operation
                }
            }
    };
    let mut fitting = candidates.iter().filter(|c| fits(c));
    let (first, _) = fitting.next()?;
    let first = *first;
    // An antecedent's last mention before the pronoun.
    let last_of = |a: usize| {
        spans[begin..end]
            .iter()
            .filter(|(_, e)| *e == a)
            .map(|(r, _)| r.clone())
            .max_by_key(|r| r.start)
            .unwrap_or(reach..reach)
    };
    let last = last_of(first);
    // « Ceux-ci ont conduit l'assaut, tandis que l'armée … aux djihadistes
    // … Leur chef »: a pronoun that agrees, before the antecedent's last
    // mention, stands for something named earlier, which may be what this
    // one means too: doubt.
    if let Wants::Agreeing(a) = wants {
        if earlier_pronoun(&text[reach.min(last.start)..last.start], a) {
            return None;
        }
    }
    let kind = |e: usize| {
        let c = class_of(e);
        if c.is_armed() || c == Class::Organization {
            Class::MilitaryForce
        } else {
            c
        }
    };
    // Two of a kind that both agree: doubt, no antecedent; unless one only
    // was named as a subject or object, which no preposition introduces
    // (« La province d'al-Anbar à l'ouest de Bagdad est en rébellion. Elle
    // est contrôlée par … »): what the sentence before was about.
    let rivals: Vec<usize> = fitting
        .filter(|(e, _)| kind(*e) == kind(first))
        .map(|(e, _)| *e)
        .collect();
    let first = if rivals.is_empty() {
        first
    } else {
        let bare = |e: usize| {
            spans[begin..end]
                .iter()
                .filter(|(_, x)| *x == e)
                .any(|(r, _)| !crate::mentions::introduced(text, r.start))
        };
        let mut all = rivals.into_iter().chain([first]).filter(|&e| bare(e));
        match (all.next(), all.next()) {
            (Some(only), None) => only,
            _ => return None,
        }
    };
    let last = last_of(first);
    // A noun that names no entity may be what the pronoun stands for (« des
    // milliers d'habitants … la Turquie, qui les a repoussés »): one that
    // agrees, between the antecedent and the pronoun, is doubt too.
    if let Wants::Agreeing(a) = wants {
        let after = last.end;
        let covered = |w: &Word| {
            let i = spans.partition_point(|(r, _)| r.end <= w.span.start);
            spans.get(i).is_some_and(|(r, _)| r.start <= w.span.start)
        };
        let competing = sentence.iter().any(|w| {
            w.pos == Pos::Noun
                && w.span.start >= after
                && w.span.end <= at
                && !covered(w)
                && a.agrees(Agreement {
                    plural: w.feature("Number").map(|n| n == "Plur"),
                    feminine: w.feature("Gender").map(|g| g == "Fem"),
                })
        });
        if competing {
            return None;
        }
    }
    Some((first, word.span.clone()))
}

/// Whether `stretch` holds a subject or demonstrative pronoun that agrees
/// with `a` (« ils », « ceux-ci », « elle », « celle-ci »).
fn earlier_pronoun(stretch: &str, a: Agreement) -> bool {
    stretch
        .split(|c: char| !(c.is_alphabetic() || c == '-'))
        .filter_map(|w| {
            let (plural, feminine) = match w.to_lowercase().as_str() {
                "ils" | "ceux-ci" | "ceux-là" => (true, false),
                "elles" | "celles-ci" | "celles-là" => (true, true),
                "il" | "celui-ci" | "celui-là" => (false, false),
                "elle" | "celle-ci" | "celle-là" => (false, true),
                _ => return None,
            };
            Some(Agreement {
                plural: Some(plural),
                feminine: Some(feminine),
            })
        })
        .any(|p| p.agrees(a))
}

/// What the pronoun needs, or `None` for a word that is no third-person
/// personal pronoun trame resolves (« on », « se », « en », relatives…).
fn wants(text: &str, word: &Word) -> Option<Wants> {
    // « leur chef, Abou Bakr al-Baghdadi »: a possessive stands for its
    // possessor, one thing for « son », « sa », « ses », several for
    // « leur », « leurs », of either gender.
    if word.pos == Pos::Det && word.feature("Poss") == Some("Yes") {
        let plural = match text.get(word.span.clone())?.to_lowercase().as_str() {
            "son" | "sa" | "ses" => false,
            "leur" | "leurs" => true,
            _ => return None,
        };
        return Some(Wants::Agreeing(Agreement {
            plural: Some(plural),
            feminine: None,
        }));
    }
    if word.pos != Pos::Pron || word.feature("Person") != Some("3") || word.feature("Reflex") == Some("Yes") {
        return None;
    }
    if matches!(
        word.feature("PronType"),
        Some("Rel" | "Int" | "Dem" | "Ind" | "Neg")
    ) {
        return None;
    }
    let surface = text.get(word.span.clone())?.to_lowercase();
    let surface = surface.trim_end_matches(['\'', '’']);
    let feminine = match surface {
        "il" | "ils" | "le" => Some(false),
        "elle" | "elles" | "la" => Some(true),
        "l" | "les" | "lui" | "leur" | "eux" => None,
        "y" => return Some(Wants::Place),
        _ => return None,
    };
    let plural = match surface {
        "ils" | "elles" | "les" | "leur" | "eux" => Some(true),
        _ => Some(false),
    };
    Some(Wants::Agreeing(Agreement { plural, feminine }))
}

/// A mention's number and gender, from the determiner it starts with or
/// that stands before it.
fn agreement(text: &str, span: &Range<usize>) -> Agreement {
    let mention = &text[span.clone()];
    let first = mention
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let before = text[..span.start]
        .split_whitespace()
        .next_back()
        .unwrap_or_default()
        .to_lowercase();
    let determiner = |w: &str| -> Option<Agreement> {
        let (plural, feminine) = match w.trim_end_matches(['\'', '’']) {
            "les" | "des" | "ces" | "aux" | "leurs" | "nos" | "ses" => (Some(true), None),
            "la" | "cette" | "sa" | "une" => (Some(false), Some(true)),
            "le" | "ce" | "du" | "au" | "son" | "un" | "cet" => (Some(false), Some(false)),
            "l" | "d" => (Some(false), None),
            _ => return None,
        };
        Some(Agreement { plural, feminine })
    };
    // « la province d'al-Anbar », « le village de X »: the noun of place
    // the name is the complement of says its gender and number.
    let of_place = || {
        if !matches!(before.as_str(), "de" | "d'" | "d’") {
            return None;
        }
        let mut words = text[..span.start].split_whitespace().rev().skip(1);
        let noun = crate::fold::fold_str(words.next()?);
        let kinds = &crate::extract::words::Words::builtin().place_kinds;
        kinds
            .iter()
            .any(|k| crate::fold::fold_str(k) == noun)
            .then(|| determiner(&words.next()?.to_lowercase()))
            .flatten()
    };
    determiner(&first)
        .or_else(|| elided(&first).and_then(determiner))
        .or_else(of_place)
        .or_else(|| determiner(&before))
        .or_else(|| elided(&before).and_then(determiner))
        // A bare name: one thing, of either gender (« Mossoul est tombée »,
        // « Daech a repris »).
        .unwrap_or(Agreement {
            plural: Some(false),
            feminine: None,
        })
}

/// The article of an elided word (« l'EI » → « l »), if any.
fn elided(w: &str) -> Option<&str> {
    w.find(['\'', '’']).map(|i| &w[..i])
}
