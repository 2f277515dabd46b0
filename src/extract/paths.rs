//! **Argument paths**: from a trigger word to the words that fill a rule's
//! subject or object, through the dependency tree. A path is a list of
//! [`Step`]s; each step maps a set of words to another.
//!
//! The grammar lives here, once for every rule: who the agent of a passive
//! is, what a participle or a relative clause takes as argument, how light
//! verbs and coordinated verbs pass their subject on, how a list or a
//! coordination gives the argument to every conjunct, and how « les unités
//! de l'armée » stands for the army.

use crate::extract::rules::{Hop, Step};
use crate::extract::words::Words;
use crate::syntax::{Pos, Tree, Word};

/// The words a path leads to from `trigger`, in sentence order.
pub fn follow(tree: &Tree, trigger: usize, path: &[Hop]) -> Vec<usize> {
    let mut at = vec![trigger];
    for hop in path {
        let mut next = Vec::new();
        for &w in &at {
            next.extend(
                apply(tree, w, &hop.step)
                    .into_iter()
                    .filter(|&x| hop.lemmas.is_empty() || hop.lemmas.contains(&tree.words[x].lemma)),
            );
        }
        next.sort_unstable();
        next.dedup();
        at = next;
    }
    at
}

/// Every word an argument word stands for: itself and its conjuncts
/// (« l'armée et la police », « Rawa et al-Qaïm »), what is set beside it
/// (« deux localités : Rawa et al-Qaïm »), through a noun of members or
/// number (« les combattants de Daech », « plus de 7500 Peshmergas ») the
/// actor in its « de » complement, and through a kind of place the name
/// that follows it (« la ville de Sinjar »).
///
/// `named` says whether a word is covered by a mention: a word that names
/// an entity stands for that entity alone (« la coalition menée par les
/// États-Unis » is the coalition, « l'armée de l'air » the air force).
///
/// `place` says whether a word names a place: members stand for the actor
/// of their « de » complement, not for a place hung there (« les troupes
/// … de Palmyre » are not Palmyre).
pub fn spread(
    tree: &Tree,
    word: usize,
    words: &Words,
    named: impl Fn(usize) -> bool,
    place: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = vec![word];
    while let Some(w) = stack.pop() {
        if out.contains(&w) {
            continue;
        }
        // « les FDS, une alliance de combattants kurdes et arabes soutenue
        // par la coalition »: a noun phrase set after a name describes it;
        // what is said of the description is said of the name.
        if !named(w) {
            if let Some(h) = described(tree, w).filter(|&h| named(h)) {
                stack.push(h);
                continue;
            }
        }
        // « les miliciens chiites de l'organisation Badr » are Badr's, even
        // where « miliciens chiites » names an entity of its own.
        if words.collective.contains(&tree.words[w].lemma) {
            let owners: Vec<usize> = prep_children(tree, w, "de")
                .into_iter()
                .filter(|&o| !place(o))
                .collect();
            if owners.iter().any(|&o| named(o)) {
                stack.extend(owners);
                // Its conjuncts stay arguments (« les forces de sécurité et
                // les Hachd al-Chaabi »).
                stack.extend(tree.children(w).filter(|&c| tree.words[c].dep == "conj"));
                continue;
            }
        }
        if words.partners.contains(&tree.words[w].lemma)
            && tree
                .children(w)
                .any(|d| tree.words[d].dep == "det" && tree.words[d].feature("Poss") == Some("Yes"))
        {
            let named_partners: Vec<usize> = prep_children(tree, w, "de")
                .into_iter()
                .filter(|&o| named(o))
                .collect();
            if !named_partners.is_empty() {
                stack.extend(named_partners);
                continue;
            }
        }
        out.push(w);
        for c in tree.children(w) {
            let child = &tree.words[c];
            // « deux localités : Rawa et al-Qaïm », « sa capitale Mossoul »:
            // a noun phrase set beside another without a preposition names
            // the same thing.
            let beside = matches!(child.dep.as_str(), "appos" | "nmod" | "flat:name")
                && is_nominal(child)
                && !tree
                    .children(c)
                    .any(|m| matches!(tree.words[m].dep.as_str(), "case" | "mark"));
            if child.dep == "conj" || beside {
                stack.push(c);
            }
        }
        if named(w) {
            // « l'appui de l'armée de l'air irakienne et de l'aviation de la
            // coalition »: a « de » conjunct the parser hung on a word
            // inside the name coordinates with the name.
            let mut inner: Vec<usize> = tree
                .children(w)
                .filter(|&c| tree.words[c].dep == "nmod" && named(c))
                .collect();
            while let Some(i) = inner.pop() {
                for c in tree.children(i) {
                    let own_de = || {
                        tree.children(c)
                            .any(|m| tree.words[m].dep == "case" && tree.words[m].lemma == "de")
                    };
                    if tree.words[c].dep == "conj" && own_de() {
                        stack.push(c);
                    } else if tree.words[c].dep == "nmod" && named(c) {
                        inner.push(c);
                    }
                }
            }
            continue;
        }
        // « des groupes djihadistes menés par l'EI »: the leader's.
        if tree.words[w].pos == Pos::Noun {
            for c in tree.children(w) {
                if tree.words[c].dep == "acl" && words.leading.contains(&tree.words[c].lemma) {
                    stack.extend(tree.children(c).filter(|&a| tree.words[a].dep == "obl:agent"));
                }
            }
        }
        let lemma = &tree.words[w].lemma;
        if words.collective.contains(lemma) {
            stack.extend(prep_children(tree, w, "de").into_iter().filter(|&o| !place(o)));
        } else if words.place_kinds.contains(lemma) {
            stack.extend(
                prep_children(tree, w, "de")
                    .into_iter()
                    .filter(|&c| !tree.children(c).any(|d| tree.words[d].dep == "det")),
            );
        }
    }
    out.sort_unstable();
    out
}

/// The word an apposition describes (« les FDS, une alliance de … »).
fn described(tree: &Tree, w: usize) -> Option<usize> {
    let word = &tree.words[w];
    (word.dep == "appos" && word.head != w).then_some(word.head)
}

fn apply(tree: &Tree, w: usize, step: &Step) -> Vec<usize> {
    match step {
        Step::Agent => agent(tree, w, 0),
        Step::Patient => patient(tree, w),
        Step::Prep(prep) => prep_children(tree, w, prep),
        Step::Dep(label) => tree
            .children(w)
            .filter(|&c| tree.words[c].dep == *label)
            .flat_map(|c| antecedent(tree, w, c))
            .collect(),
        Step::Itself => vec![w],
        // Not in the tree: the engine fills it from the discourse.
        Step::Scene | Step::Taker => Vec::new(),
        Step::Head => {
            let h = tree.words[w].head;
            if h == w {
                Vec::new()
            } else {
                vec![h]
            }
        }
    }
}

/// Whether the verb `w` is passive: a passive auxiliary or agent (also on
/// a participle the tagger took for a noun or an adjective, « est
/// assiégée par »), a passive participle, or a past participle that
/// qualifies a noun (« la ville reprise par l'armée »).
pub fn passive(tree: &Tree, w: usize) -> bool {
    let word = &tree.words[w];
    if tree
        .children(w)
        .any(|c| matches!(tree.words[c].dep.as_str(), "aux:pass" | "obl:agent"))
    {
        return true;
    }
    if tree.children(w).any(|c| tree.words[c].dep == "aux:tense") {
        return false;
    }
    word.feature("VerbForm") == Some("Part")
        && word.feature("Tense") == Some("Past")
        && (word.feature("Voice") == Some("Pass") || matches!(word.dep.as_str(), "acl" | "advcl" | "amod"))
}

fn agent(tree: &Tree, w: usize, depth: usize) -> Vec<usize> {
    if depth > 4 {
        return Vec::new();
    }
    let word = &tree.words[w];
    if passive(tree, w) {
        // « par X », whether the parser called it the agent or an oblique.
        let by: Vec<usize> = tree
            .children(w)
            .filter(|&c| tree.words[c].dep == "obl:agent")
            .collect();
        if !by.is_empty() {
            return by;
        }
        return prep_children(tree, w, "par");
    }
    // The subject, whatever voice the parser gave it; a bare noun phrase
    // before the verb where it gave none.
    let found = subjects(tree, w);
    if !found.is_empty() {
        return found;
    }
    let bare: Vec<usize> = bare_nominals(tree, w).filter(|&c| c < w).collect();
    if !bare.is_empty() && !word.dep.starts_with("acl") {
        return bare;
    }
    let head = word.head;
    if head == w {
        return Vec::new();
    }
    match word.dep.as_str() {
        // « sont parvenus à chasser », « affirme avoir repris »: the
        // governing verb's subject; « ont encerclé puis repris »: the first
        // verb's.
        // « ont été forcés de se retirer », « ont forcé Daech à se
        // retirer »: the one forced does it.
        "xcomp" if is_verbal(&tree.words[head]) && passive(tree, head) => subjects(tree, head),
        "xcomp" if tree.children(head).any(|c| tree.words[c].dep == "obj") => tree
            .children(head)
            .filter(|&c| tree.words[c].dep == "obj")
            .collect(),
        // « a permis à l'armée de remporter »: the one it is granted to, an
        // argument of the verb (not « au bout d'une semaine »).
        "xcomp" if !granted(tree, head).is_empty() => granted(tree, head),
        // « ont été tués ou ont fui »: the active verb's subject is the
        // passive one's.
        "conj" if is_verbal(&tree.words[head]) && passive(tree, head) => subjects(tree, head),
        "xcomp" | "conj" if is_verbal(&tree.words[head]) => agent(tree, head, depth + 1),
        // « les combattants contrôlant la ville »: the noun.
        "acl" if word.feature("Tense") == Some("Pres") => vec![head],
        // « l'armée, qui a repris »: parsed without its « qui ».
        "acl:relcl" => vec![head],
        // « en reprenant la ville, l'armée … »: the main clause's subject.
        "advcl" if word.feature("VerbForm") == Some("Ger") || word.feature("Tense") == Some("Pres") => {
            agent(tree, head, depth + 1)
        }
        // « ont piégé les maisons avant de se retirer »: an infinitive
        // clause takes the main clause's subject (the guards say whether it
        // is a deed).
        "advcl" if word.feature("VerbForm") == Some("Inf") && is_verbal(&tree.words[head]) => {
            agent(tree, head, depth + 1)
        }
        _ => Vec::new(),
    }
}

/// The « à » arguments of `w` (« permettre à X de »).
fn granted(tree: &Tree, w: usize) -> Vec<usize> {
    prep_children(tree, w, "à")
        .into_iter()
        .filter(|&c| matches!(tree.words[c].dep.as_str(), "iobj" | "obl:arg"))
        .collect()
}

fn patient(tree: &Tree, w: usize) -> Vec<usize> {
    let word = &tree.words[w];
    if passive(tree, w) {
        let found = subjects(tree, w);
        if !found.is_empty() {
            return found;
        }
        if matches!(word.dep.as_str(), "acl" | "amod" | "advcl") && word.head != w && !ambiguous_noun(tree, w)
        {
            return vec![word.head];
        }
        return Vec::new();
    }
    let objects: Vec<usize> = tree.children(w).filter(|&c| tree.words[c].dep == "obj").collect();
    if let Some(&last) = objects.last() {
        let mut out: Vec<usize> = objects.into_iter().flat_map(|o| antecedent(tree, w, o)).collect();
        out.extend(stray_conjuncts(tree, w, last));
        return out;
    }
    // A bare noun phrase after an active verb is its object, whatever label
    // the parser gave it (« ont repris Sinjar » read as xcomp or obl:mod);
    // in « ne tiennent plus que Rawa » it may hang on « plus ».
    let restrictive = tree.children(w).filter(|&c| {
        let x = &tree.words[c];
        x.dep == "advmod" && matches!(x.lemma.as_str(), "plus" | "que")
    });
    std::iter::once(w)
        .chain(restrictive)
        .flat_map(|h| bare_nominals(tree, h).collect::<Vec<_>>())
        .filter(|&c| c > w && !tree.words[c].dep.starts_with("nsubj"))
        .collect()
}

/// Nouns coordinated with an object that the parser hung on the verb (or on
/// the light verb above it) instead: in « ont pu reprendre l'hôpital et le
/// stade », « stade » as a conjunct of « pu ». A verb's conjunct is a verb;
/// a bare noun phrase there after the object is the object's conjunct.
fn stray_conjuncts(tree: &Tree, w: usize, object: usize) -> Vec<usize> {
    let word = &tree.words[w];
    let mut heads = vec![w];
    if word.dep == "xcomp" && word.head != w {
        heads.push(word.head);
    }
    heads
        .into_iter()
        .flat_map(|h| tree.children(h).collect::<Vec<_>>())
        .filter(|&c| {
            let x = &tree.words[c];
            x.dep == "conj"
                && c > object
                && matches!(x.pos, Pos::Noun | Pos::Propn)
                && tree.children(c).any(|m| tree.words[m].dep == "cc")
                && !tree.children(c).any(|m| {
                    matches!(
                        tree.words[m].dep.as_str(),
                        "case" | "mark" | "nsubj" | "aux:tense" | "cop"
                    )
                })
        })
        .collect()
}

/// The subjects of `w`, whatever voice the parser gave them, a relative
/// pronoun standing for its antecedent.
fn subjects(tree: &Tree, w: usize) -> Vec<usize> {
    tree.children(w)
        .filter(|&c| tree.words[c].dep.starts_with("nsubj"))
        .flat_map(|s| antecedent(tree, w, s))
        .collect()
}

/// The noun phrases attached to `w` with no preposition: the core
/// arguments, however the parser labelled them.
fn bare_nominals(tree: &Tree, w: usize) -> impl Iterator<Item = usize> + '_ {
    tree.children(w).filter(move |&c| {
        let child = &tree.words[c];
        is_nominal(child)
            && matches!(
                child.dep.as_str(),
                "obj"
                    | "xcomp"
                    | "ccomp"
                    | "obl:mod"
                    | "obl:arg"
                    | "obl"
                    | "dep"
                    | "nmod"
                    | "appos"
                    | "iobj"
                    | "nsubj"
                    | "nsubj:pass"
                    // A name the tagger took for a verb or an adverb.
                    | "advmod"
            )
            && !tree.children(c).any(|m| {
                let marker = &tree.words[m];
                // « ne tiennent plus que deux localités »: the restrictive
                // « que » leaves the object an object.
                marker.dep == "case" || marker.dep == "mark" && marker.lemma != "que"
            })
    })
}

/// Whether the noun a participle qualifies could as well be the noun that
/// one depends on: « une ville de la province tenue par Daech », where the
/// participle agrees with both « ville » and « province ». The parser picks
/// one; the rule then states nothing rather than a guess.
fn ambiguous_noun(tree: &Tree, participle: usize) -> bool {
    let noun = tree.words[participle].head;
    let n = &tree.words[noun];
    let upper = n.head;
    if upper == noun || !n.dep.starts_with("nmod") || !is_nominal(&tree.words[upper]) {
        return false;
    }
    let p = &tree.words[participle];
    let agrees = |w: &Word| {
        ["Gender", "Number"]
            .iter()
            .all(|f| match (p.feature(f), w.feature(f)) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            })
    };
    agrees(n) && agrees(&tree.words[upper])
}

/// A relative pronoun stands for the noun its clause qualifies.
fn antecedent(tree: &Tree, clause: usize, arg: usize) -> Vec<usize> {
    let a = &tree.words[arg];
    if a.pos == Pos::Pron && a.feature("PronType") == Some("Rel") {
        let c = &tree.words[clause];
        if c.dep.starts_with("acl") && c.head != clause {
            return vec![c.head];
        }
        return Vec::new();
    }
    vec![arg]
}

/// The complements of `w` introduced by the preposition `prep` (its
/// contractions included: « du », « des » for « de », « au », « aux » for
/// « à »).
pub fn prep_children(tree: &Tree, w: usize, prep: &str) -> Vec<usize> {
    tree.children(w)
        .filter(|&c| {
            let child = &tree.words[c];
            (child.dep.starts_with("obl") || child.dep.starts_with("nmod") || child.dep == "obj")
                && tree.children(c).any(|m| {
                    let marker = &tree.words[m];
                    matches!(marker.dep.as_str(), "case" | "det" | "fixed")
                        && is_preposition(marker, prep)
                        && !compound_preposition(tree, c, m)
                })
        })
        .collect()
}

/// Whether the preposition `m` of the complement `c` ends a compound one
/// with the adverb before it (« autour de », « près de », « loin de »): the
/// place around or near which, not the place itself. Not before a number
/// (« près de 300 djihadistes », « plus de 7500 Peshmergas »), nor after
/// an adverb of manner, which qualifies the verb (« ont pris part
/// conjointement à l'opération »).
fn compound_preposition(tree: &Tree, c: usize, m: usize) -> bool {
    let counted = tree.words[c].pos == Pos::Num || tree.children(c).any(|n| tree.words[n].dep == "nummod");
    m > 0
        && tree.words[m - 1].pos == Pos::Adv
        && !tree.words[m - 1].lemma.ends_with("ment")
        && !counted
        && !matches!(
            tree.words[m - 1].lemma.as_str(),
            "plus" | "moins" | "beaucoup" | "peu" | "trop" | "assez" | "tant"
        )
}

/// Whether one of `preps` introduces `w` (« avec » in « avec l'appui de »).
pub fn introduced_by(tree: &Tree, w: usize, preps: &[String]) -> bool {
    tree.children(w).any(|m| {
        let marker = &tree.words[m];
        matches!(marker.dep.as_str(), "case" | "fixed") && preps.iter().any(|p| is_preposition(marker, p))
    })
}

fn is_preposition(word: &Word, prep: &str) -> bool {
    if word.lemma == prep {
        return true;
    }
    let lower = word.lemma.to_lowercase();
    match prep {
        "de" => matches!(lower.as_str(), "du" | "des" | "d'" | "d’"),
        "à" => matches!(lower.as_str(), "au" | "aux"),
        _ => false,
    }
}

/// A verb, or a participle the tagger took for an adjective (« ont été
/// forcés de »).
fn is_verbal(word: &Word) -> bool {
    matches!(word.pos, Pos::Verb | Pos::Aux | Pos::Adj)
}

fn is_nominal(word: &Word) -> bool {
    matches!(word.pos, Pos::Noun | Pos::Propn | Pos::Pron)
}
