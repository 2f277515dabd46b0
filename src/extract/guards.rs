//! **Guards**: what keeps a trigger from stating a fact. A researcher cites
//! only deeds and states; a plan (« pour reprendre », « veut reprendre »,
//! « va reprendre »), a conditional or future, a negation (« n'ont pas
//! repris ») or a question states none. Read off the tree: the trigger's
//! own mood, tense and negators, then the chain of verbs that govern it,
//! where a light verb (« sont parvenus à ») passes the check up to its own
//! verb and a verb of will or plan stops it.

use crate::extract::rules::Guard;
use crate::extract::words::Words;
use crate::syntax::{Pos, Tree};

/// The first guard that keeps `trigger` from stating a fact, unless the
/// rule lifts it (`allow`).
pub fn blocking(tree: &Tree, trigger: usize, allow: &[Guard], words: &Words) -> Option<Guard> {
    let active = |g: Guard| !allow.contains(&g);
    let mut w = trigger;
    for _ in 0..6 {
        let word = &tree.words[w];
        if active(Guard::Mood) && unreal(tree, w) {
            return Some(Guard::Mood);
        }
        if active(Guard::Negation) && negated(tree, w, words) {
            return Some(Guard::Negation);
        }
        if active(Guard::Condition) && conditional(tree, w, words) {
            return Some(Guard::Condition);
        }
        // A verb with a tense auxiliary is a compound tense, whatever form
        // the tagger gave it (« a évacué » tagged infinitive).
        let infinitive = word.feature("VerbForm") == Some("Inf")
            && !tree.children(w).any(|c| tree.words[c].dep.starts_with("aux"));
        let head = word.head;
        let noun = matches!(word.pos, Pos::Noun | Pos::Propn);
        // « Les jihadistes ont piégé les maisons avant de se retirer »: after
        // a clause in a past tense, what came next happened too; it stands
        // or falls with that clause.
        let head_verb = head != w && tree.words[head].pos == Pos::Verb;
        let before = tree
            .children(w)
            .any(|c| tree.words[c].dep == "mark" && tree.words[c].lemma.to_lowercase() == "avant");
        if infinitive && head_verb && before && past(tree, head) {
            w = head;
            continue;
        }
        // « pour reprendre », « pour la reprise de »: an aim, not a deed.
        if (infinitive || noun) && active(Guard::Purpose) && marked_by(tree, w, &words.purpose) {
            return Some(Guard::Purpose);
        }
        // A noun trigger (« avec l'appui de », « la reprise de X serait
        // imminente ») stands or falls with the clause it belongs to.
        let noun_in_clause = noun
            && (word.dep.starts_with("obl")
                || word.dep.starts_with("nsubj")
                || matches!(word.dep.as_str(), "nmod" | "obj"))
            && head != w
            && matches!(tree.words[head].pos, Pos::Verb | Pos::Aux | Pos::Adj);
        if noun_in_clause {
            w = head;
            continue;
        }
        let governed = head != w && matches!(word.dep.as_str(), "xcomp" | "ccomp" | "obj" | "acl" | "advcl");
        if !governed || !matches!(tree.words[head].pos, Pos::Verb | Pos::Aux | Pos::Noun | Pos::Adj) {
            return (infinitive && active(Guard::Infinitive)).then_some(Guard::Infinitive);
        }
        let governor = &tree.words[head];
        let is_in = |class: &std::collections::HashSet<String>| governor.lemmas().any(|l| class.contains(l));
        // « ont pu reprendre », « a dû se retirer »: in a past tense, being
        // able or obliged to is having done it.
        let done = is_in(&words.modal_done) && past(tree, head);
        if is_in(&words.modal) && !done {
            return active(Guard::Modal).then_some(Guard::Modal);
        }
        if done {
            w = head;
            continue;
        }
        if is_in(&words.light) || is_in(&words.reporting) {
            w = head;
            continue;
        }
        // Any other governor: an infinitive under it is not a deed (« l'objectif
        // de reprendre »); a finite or participle clause stands on its own.
        return (infinitive && active(Guard::Infinitive)).then_some(Guard::Infinitive);
    }
    None
}

/// Conditional, subjunctive, imperative or future: on the verb, on its
/// auxiliary or on its copula (« serait imminente »).
fn unreal(tree: &Tree, w: usize) -> bool {
    std::iter::once(w)
        .chain(
            tree.children(w)
                .filter(|&c| tree.words[c].dep.starts_with("aux") || tree.words[c].dep == "cop"),
        )
        .any(|v| {
            let word = &tree.words[v];
            matches!(word.feature("Mood"), Some("Cnd" | "Sub" | "Imp"))
                || word.feature("Tense") == Some("Fut")
        })
}

/// A negator on the verb (« pas », « jamais », « plus »…), or « ne » alone;
/// not the restrictive « ne … que » (« ne contrôle plus que X »: X is held).
fn negated(tree: &Tree, w: usize, words: &Words) -> bool {
    let children: Vec<usize> = tree.children(w).collect();
    let lemma_is = |c: usize, l: &str| tree.words[c].lemma.to_lowercase() == l;
    let has_ne = children.iter().any(|&c| lemma_is(c, "ne") || lemma_is(c, "n'"));
    let negator = children.iter().any(|&c| {
        let l = tree.words[c].lemma.to_lowercase();
        words.negators.contains(&l) || l == "plus" && has_ne
    });
    if !(has_ne || negator) {
        return false;
    }
    // « que » after the verb in its clause restricts rather than negates.
    let end = subtree_end(tree, w);
    let restrictive = tree.words[w + 1..=end]
        .iter()
        .any(|x| matches!(x.lemma.as_str(), "que" | "qu'"));
    !restrictive
}

/// A compound past (« ont pu ») or a simple past (« purent »).
fn past(tree: &Tree, w: usize) -> bool {
    let word = &tree.words[w];
    let compound = word.feature("VerbForm") == Some("Part")
        && tree.children(w).any(|c| tree.words[c].dep == "aux:tense");
    compound || word.feature("VerbForm") == Some("Fin") && word.feature("Tense") == Some("Past")
}

/// A clause of condition (« si les jihadistes prenaient la ville »), but
/// not the concessive « même si », which grants a fact.
fn conditional(tree: &Tree, w: usize, words: &Words) -> bool {
    tree.children(w).any(|c| {
        let m = &tree.words[c];
        m.dep == "mark"
            && words.conditional.contains(&m.lemma.to_lowercase())
            && !(c >= 1 && tree.words[c - 1].lemma.to_lowercase() == "même")
    })
}

fn marked_by(tree: &Tree, w: usize, markers: &std::collections::HashSet<String>) -> bool {
    tree.children(w).any(|c| {
        let m = &tree.words[c];
        matches!(m.dep.as_str(), "mark" | "case") && markers.contains(&m.lemma.to_lowercase())
    })
}

/// The last word of `w`'s subtree.
fn subtree_end(tree: &Tree, w: usize) -> usize {
    let mut end = w;
    for c in tree.children(w) {
        end = end.max(subtree_end(tree, c));
    }
    end
}
