//! **Mending**: the tree as the rules read it. The parser is a trained
//! model and makes the same few attachment errors on press French again and
//! again; where French grammar says without doubt what the structure is,
//! the error is corrected here, before any rule reads the tree. The model's
//! own tree stays in the document (`trame parse` prints it, and the syntax
//! tests compare it with spaCy's).
//!
//! Each correction is one grammatical fact:
//!
//! - a name the gazetteer or the patterns know is a noun phrase, whatever
//!   the tagger made of it (« ont pris Jarablus » with « Jarablus » tagged a
//!   verb);
//! - an active verb has one subject: a second « subject » after the verb,
//!   when one stands before it, is its object (« Les forces … ont libéré
//!   l'ensemble de la ville », with « l'ensemble » parsed as a subject);
//! - the first phrase of a list of subjects, bare and set off by a comma,
//!   is a subject, not an oblique (« L'armée, la police, les unités
//!   antiterroristes … se sont retirées »), unless it is a phrase of time;
//! - a noun phrase set off by a comma right after the subject, before the
//!   verb, is an apposition to it, not a second subject (« Les FDS, une
//!   alliance de combattants kurdes et arabes, ont pris Raqa »), unless it
//!   goes on a list (« L'armée, des milices et les forces kurdes ont … »:
//!   coordinated further, or a plural verb after a singular first subject),
//!   which makes it a conjunct;
//! - « A de B et les C »: a conjunct with its own determiner and no
//!   preposition, hung on a bare complement « de B », coordinates with A
//!   (« les forces de sécurité et les Hachd al-Chaabi »), since French
//!   repeats the « de » to coordinate complements (« les unités de l'armée
//!   et de la police »);
//! - a past participle agrees with the noun it qualifies: hung on one it
//!   disagrees with, it goes to the nearest noun above that agrees;
//! - no direct object (nor bare oblique) follows a comma after the verb's
//!   bare noun phrase: « ont repris Tikrit, la capitale de la province »
//!   sets the capital beside Tikrit, the object; « a indiqué X, directeur
//!   de l'OSDH » the director beside X;
//! - two names side by side, hung alike, are one name (« Rami » and
//!   « Abdel » both subjects of « a indiqué »);
//! - a past participle set off by a comma right after a noun phrase it
//!   agrees with qualifies that noun, not the verb (« ont fui Tal Abyad,
//!   située en Syrie »);
//! - a conjunct goes with the nearest verb's argument before it
//!   (« appuyées par l'armée, la police … et des combattants »);
//! - a passive has no direct object: an « object » after the agent is
//!   another agent (« appuyées par l'armée, la police … »);
//! - a « par » phrase coordinated after a passive's agent is a second
//!   agent, not an oblique of the verb (« soutenues par les combattants de
//!   Badr ainsi que par des Peshmerga »);
//! - a sentence the parser left in pieces: a finite verb with no subject
//!   takes the noun phrase that opens the sentence, and a name cut in two
//!   is one (« L'armée et des unités, appelées Hashd Shaabi, ont repoussé »);
//! - a present participle set off by a comma after the verb's object is
//!   an adverbial clause of the verb (« ont attaqué la ville, tuant 11
//!   soldats »: the attackers kill);
//! - a gerund (« en chassant … ») is an adverbial clause, and a noun
//!   phrase after it that the parser made a second subject of the main
//!   verb is its object;
//! - a « de » complement after a noun's conjunct is the conjunct's
//!   (« de combats et de frappes de la coalition »: the coalition's strikes);
//! - a name takes no « de » complement after its own preposition: in
//!   « l'offensive vers Tal Abyad des forces kurdes » the forces are the
//!   offensive's;
//! - a noun conjunct hung on an adjective coordinates with the noun the
//!   adjective qualifies (« appuyé par des combattants tribaux sunnites et
//!   par l'aviation de la coalition »);
//! - a copula's predicate is the bare noun phrase, not a phrase of time or
//!   place before it (« était depuis décembre l'objectif de »);
//! - a reporting verb set after a comma (« …, rapporte l'OSDH ») has its
//!   subject after it: the noun phrase before it is the object of the verb
//!   before that lacks one;
//! - in « N1 de N2 qui … », the relative qualifies N1, as French readers
//!   attach it (« un bourg de la province de Babylone qu'ils tenaient »);
//! - a verb has one direct object: a second one after a verb coordinated
//!   with it is that verb's (« ont pris la tête d'une coalition et
//!   bombardent les positions djihadistes »).

use crate::syntax::{Pos, Tree, Word};

/// The tree with the corrections applied, or `None` when none applies.
/// `text` is the text the words' spans point into; `whole_name` says whether a word is, alone and capitalised, a name a
/// mention covers.
pub fn mend(tree: &Tree, text: &str, whole_name: impl Fn(&Word) -> bool) -> Option<Tree> {
    let mistagged: Vec<usize> = (0..tree.words.len())
        .filter(|&w| {
            let word = &tree.words[w];
            !matches!(word.pos, Pos::Noun | Pos::Propn | Pos::Pron) && whole_name(word)
        })
        .collect();
    let moves = relabels(tree, text);
    if mistagged.is_empty() && moves.is_empty() {
        return None;
    }
    let mut out = tree.clone();
    for w in mistagged {
        out.words[w].pos = Pos::Propn;
    }
    for (w, head, dep) in moves {
        out.words[w].head = head;
        out.words[w].dep = dep.to_string();
    }
    Some(out)
}

/// The new head and label of each word to move.
fn relabels(tree: &Tree, text: &str) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    // « L'armée et des unités paramilitaires, appelées Hashd Shaabi, ont
    // repoussé … »: where the parser gave up on a long subject and left
    // the sentence in pieces, a verb left with no subject takes the noun
    // phrase that opens the sentence.
    let roots: Vec<usize> = (0..tree.words.len())
        .filter(|&w| tree.words[w].head == w)
        .collect();
    if let [first, rest @ ..] = roots.as_slice() {
        for &r in rest {
            let word = &tree.words[r];
            let subjectless = !tree.children(r).any(|c| tree.words[c].dep.starts_with("nsubj"));
            if word.pos == Pos::Verb && subjectless && is_noun_phrase(&tree.words[*first]) && finite(tree, r)
            {
                out.push((*first, r, "nsubj"));
                break;
            }
        }
    }
    // « a indiqué Rami Abdel Rahmane » with « Rami » and « Abdel » two
    // subjects, « appelées Hashd Shaabi » with each word a root: two names
    // side by side, hung alike, are one name.
    for w in 1..tree.words.len() {
        let (a, b) = (&tree.words[w - 1], &tree.words[w]);
        let both_roots = a.head == w - 1 && b.head == w;
        let siblings = a.head == b.head && a.dep == b.dep && a.head != w - 1;
        if a.pos == Pos::Propn && b.pos == Pos::Propn && (both_roots || siblings) {
            out.push((w, w - 1, "flat:name"));
        }
    }
    // « des semaines de combats et de frappes aériennes de la coalition »: a
    // « de » complement after a noun's conjunct is the conjunct's, the
    // nearer noun, not the first one's.
    for w in 0..tree.words.len() {
        let word = &tree.words[w];
        let a = word.head;
        if word.dep != "nmod" || !is_noun_phrase(word) || !has_prep(tree, w, "de") || a == w || a > w {
            continue;
        }
        let nearer = tree
            .children(a)
            .filter(|&c| c > a && c < w && tree.words[c].dep == "conj" && is_noun_phrase(&tree.words[c]))
            .max();
        if let Some(c) = nearer {
            out.push((w, c, "nmod"));
        }
    }
    // « Les jihadistes ont attaqué la ville, tuant 11 soldats »: a present
    // participle set off by a comma after the verb's object or oblique is
    // an adverbial clause of the verb, whose subject does it, not a
    // qualifier of the noun before it.
    for p in 0..tree.words.len() {
        let word = &tree.words[p];
        let n = word.head;
        if word.dep != "acl"
            || word.pos != Pos::Verb
            || word.feature("VerbForm") != Some("Part")
            || word.feature("Tense") != Some("Pres")
            || !after_comma(tree, p)
            || n == p
        {
            continue;
        }
        let noun = &tree.words[n];
        let v = noun.head;
        if (noun.dep == "obj" || noun.dep.starts_with("obl")) && v != n && tree.words[v].pos == Pos::Verb {
            out.push((p, v, "advcl"));
        }
    }
    // « En chassant, fin octobre, les djihadistes de Jurf al-Sakhar, les
    // forces irakiennes ont … »: a gerund is an adverbial clause whatever
    // label the parser gave it, and the noun phrase after it, when the
    // main verb has its own subject later, is the gerund's object.
    for g in 0..tree.words.len() {
        let word = &tree.words[g];
        let v = word.head;
        let gerund = word.pos == Pos::Verb
            && word.feature("VerbForm") == Some("Part")
            && word.feature("Tense") == Some("Pres")
            && tree
                .children(g)
                .any(|c| c < g && tree.words[c].lemma.eq_ignore_ascii_case("en"));
        if !gerund || v == g {
            continue;
        }
        if word.dep != "advcl" {
            out.push((g, v, "advcl"));
        }
        let subjects: Vec<usize> = tree
            .children(v)
            .filter(|&c| tree.words[c].dep == "nsubj" && c > g)
            .collect();
        if let [object, .., _subject] = subjects.as_slice() {
            if !tree.children(g).any(|c| tree.words[c].dep == "obj") {
                out.push((*object, g, "obj"));
            }
        }
    }
    // « l'offensive vers Tal Abyad des forces kurdes »: a name takes no
    // « de » complement after its own preposition; the complement is the
    // event noun's, before the name.
    for w in 0..tree.words.len() {
        let word = &tree.words[w];
        if word.dep != "nmod" || !is_noun_phrase(word) || !has_prep(tree, w, "de") {
            continue;
        }
        let name = name_head(tree, word.head);
        let n = &tree.words[name];
        let event = n.head;
        if n.pos == Pos::Propn
            && matches!(n.dep.as_str(), "nmod" | "obl:mod" | "obl")
            && has_case(tree, name)
            && !has_prep(tree, name, "de")
            && event != name
            && tree.words[event].pos == Pos::Noun
            && event < name
        {
            out.push((w, event, "nmod"));
        }
    }
    for v in 0..tree.words.len() {
        let mut subjects: Vec<usize> = tree
            .children(v)
            .filter(|&c| matches!(tree.words[c].dep.as_str(), "nsubj" | "nsubj:pass"))
            .collect();
        // « L'armée, la police, les unités antiterroristes … se sont
        // retirées »: the list's first noun phrase, bare and set off by a
        // comma before the other subjects, made an oblique; no oblique
        // goes without a preposition, and a phrase of time (« La semaine
        // dernière, ») is no list.
        if let [second, _, ..] = subjects.as_slice() {
            let time = &crate::extract::words::Words::builtin().time_nouns;
            let opening = tree.children(v).find(|&c| {
                let w = &tree.words[c];
                w.dep.starts_with("obl")
                    && c < *second
                    && w.pos == Pos::Noun
                    && has_det(tree, c)
                    && !has_case(tree, c)
                    && !time.contains(&w.lemma)
                    && after_comma(tree, *second)
            });
            if let Some(o) = opening {
                out.push((o, v, "nsubj"));
                subjects.insert(0, o);
            }
        }
        let [first, rest @ ..] = subjects.as_slice() else {
            continue;
        };
        for &s in rest {
            if s > v && *first < v && active(tree, v) && is_noun_phrase(&tree.words[s]) {
                out.push((s, v, "obj"));
            } else if s < v && after_comma(tree, s) && enumerated(tree, *first, s, v) {
                out.push((s, *first, "conj"));
            } else if s < v && after_comma(tree, s) && indefinite(tree, s) {
                out.push((s, *first, "appos"));
            }
        }
    }
    // « Les unités … ont mené l'offensive à l'intérieur de la ville,
    // appuyées par l'armée »: a past participle agrees with the noun it
    // qualifies; hung on one it disagrees with, it goes to the nearest
    // noun up the tree that agrees, the clause's subject for a verb.
    for w in 0..tree.words.len() {
        let word = &tree.words[w];
        if word.dep != "acl"
            || word.feature("VerbForm") != Some("Part")
            || word.feature("Tense") != Some("Past")
        {
            continue;
        }
        if agreement(text, word, &tree.words[word.head]) != Some(false) {
            continue;
        }
        // « les frappes de la coalition dirigée par … »: a closer noun
        // inside the head's own phrase comes first.
        let inner = (word.head + 1..w)
            .rev()
            .find(|&n| is_noun_phrase(&tree.words[n]) && descends(tree, n, word.head));
        if let Some(n) = inner.filter(|&n| agreement(text, word, &tree.words[n]) == Some(true)) {
            out.push((w, n, "acl"));
            continue;
        }
        let mut at = word.head;
        let mut hops = 0;
        while at != tree.words[at].head && hops < 6 {
            at = tree.words[at].head;
            hops += 1;
            let candidate = if is_noun_phrase(&tree.words[at]) {
                Some(at)
            } else {
                tree.children(at).find(|&c| tree.words[c].dep == "nsubj" && c < w)
            };
            if let Some(n) = candidate.filter(|&n| {
                is_noun_phrase(&tree.words[n]) && agreement(text, word, &tree.words[n]) == Some(true)
            }) {
                out.push((w, n, "acl"));
                break;
            }
        }
    }
    // « ont repris Tikrit, la capitale de la province »: no object follows
    // a comma after the verb's bare noun phrase; it is set beside it, and
    // the bare phrase is the object.
    for w in 0..tree.words.len() {
        let word = &tree.words[w];
        let bare_argument = word.dep == "obj" || word.dep.starts_with("obl") && !has_case(tree, w);
        if !bare_argument || !is_noun_phrase(word) || !after_comma(tree, w) {
            continue;
        }
        let Some(mut n) = before_comma(tree, w) else {
            continue;
        };
        // Up to the phrase that ends at the comma (« la ville de Tikrit, »).
        for _ in 0..4 {
            let h = tree.words[n].head;
            if h == word.head || h == n || h > w {
                break;
            }
            n = h;
        }
        let bare = &tree.words[n];
        if is_noun_phrase(bare) && bare.head == word.head && n < w && !has_case(tree, n) {
            out.push((w, n, "appos"));
            if !matches!(bare.dep.as_str(), "obj" | "nsubj" | "nsubj:pass") {
                out.push((n, word.head, "obj"));
            }
        }
    }
    // « Les jihadistes ont fui Tal Abyad, située en Syrie »: a past
    // participle set off by a comma right after a noun phrase, that agrees
    // with it, qualifies it, not the verb before (a name's gender is the
    // tagger's guess, so only its number counts).
    for w in 0..tree.words.len() {
        let word = &tree.words[w];
        if word.dep != "advcl"
            || word.feature("VerbForm") != Some("Part")
            || word.feature("Tense") != Some("Past")
            || !after_comma(tree, w)
            || tree.children(w).any(|c| tree.words[c].dep.starts_with("aux"))
        {
            continue;
        }
        let Some(n) = before_comma(tree, w).map(|n| name_head(tree, n)) else {
            continue;
        };
        let noun = &tree.words[n];
        let agrees = agreement(text, word, noun).unwrap_or(true)
            || noun.pos == Pos::Propn
                && participle_agreement(&text[word.span.clone()])
                    .1
                    .zip(noun.feature("Number"))
                    .is_none_or(|(a, b)| a == b);
        if is_noun_phrase(noun) && noun.dep != "nsubj" && agrees && n != word.head {
            out.push((w, n, "acl"));
        }
    }
    // « appuyées par l'armée, la police de la province et des combattants »:
    // a conjunct goes with the nearest phrase before it that is a verb's
    // argument inside the same stretch, not with a noun before that verb.
    for c in 0..tree.words.len() {
        let word = &tree.words[c];
        let b = word.head;
        if word.dep != "conj" || b == c || b > c || !is_noun_phrase(word) {
            continue;
        }
        let mut p = leftmost(tree, c);
        while p > b + 1
            && matches!(
                tree.words[p - 1].pos,
                Pos::Punct | Pos::Cconj | Pos::Det | Pos::Adp
            )
        {
            p -= 1;
        }
        if p <= b + 1 {
            continue;
        }
        let mut t = p - 1;
        while !is_noun_phrase(&tree.words[t]) || tree.words[t].dep == "nmod" || tree.words[t].dep == "amod" {
            let h = tree.words[t].head;
            if h == t || h <= b {
                break;
            }
            t = h;
        }
        // The phrase before may itself be a conjunct this rule moved
        // (« l'armée, la police … et des combattants »): go with its new head.
        if let Some(&(_, moved, _)) = out.iter().rev().find(|&&(w, _, dep)| w == t && dep == "conj") {
            t = moved;
        }
        let v = tree.words[t].head;
        if t != b
            && is_noun_phrase(&tree.words[t])
            && matches!(tree.words[t].dep.as_str(), "obl:agent" | "obj")
            && v > b
            && v < c
        {
            out.push((c, t, "conj"));
        }
    }
    // « appuyées par l'armée, la police … »: a passive has no direct
    // object, so an « object » after its agent is a further agent.
    for w in 0..tree.words.len() {
        let word = &tree.words[w];
        let v = word.head;
        if word.dep != "obj" || v == w || !is_noun_phrase(word) {
            continue;
        }
        let agent = tree
            .children(v)
            .find(|&a| a < w && tree.words[a].dep == "obl:agent" && is_noun_phrase(&tree.words[a]));
        if let Some(a) = agent {
            out.push((w, a, "conj"));
        }
    }
    // « soutenues par les combattants de Badr ainsi que par des Peshmerga »:
    // a second « par » phrase coordinated with the agent is an agent too.
    for w in 0..tree.words.len() {
        let word = &tree.words[w];
        let v = word.head;
        if !word.dep.starts_with("obl") || word.dep == "obl:agent" || v == w {
            continue;
        }
        let by = tree
            .children(w)
            .any(|c| tree.words[c].dep == "case" && tree.words[c].lemma == "par");
        let coordinated = tree.children(w).any(|c| tree.words[c].dep == "cc");
        let agent = tree
            .children(v)
            .find(|&a| a < w && tree.words[a].dep == "obl:agent");
        if let (true, true, Some(a)) = (by, coordinated, agent) {
            out.push((w, a, "conj"));
        }
    }
    for c in 0..tree.words.len() {
        let word = &tree.words[c];
        let b = word.head;
        if word.dep != "conj" || b == c {
            continue;
        }
        // « des combattants tribaux sunnites et l'aviation »: a noun
        // conjunct hung on an adjective coordinates with the adjective's noun.
        if is_noun_phrase(word) && tree.words[b].pos == Pos::Adj && tree.words[b].dep == "amod" {
            let mut noun = tree.words[b].head;
            while tree.words[noun].pos == Pos::Adj && tree.words[noun].head != noun {
                noun = tree.words[noun].head;
            }
            if is_noun_phrase(&tree.words[noun]) && noun != c {
                out.push((c, noun, "conj"));
            }
            continue;
        }
        if !has_det(tree, c) || has_case(tree, c) {
            continue;
        }
        let complement = &tree.words[b];
        let a = complement.head;
        if complement.dep == "nmod" && a != b && !has_det(tree, b) && has_case(tree, b) && a < b {
            out.push((c, a, "conj"));
        }
    }
    // « Al-Bab était depuis décembre l'objectif de l'opération »: a
    // copula's predicate is no prepositional phrase of time or place
    // followed by the bare noun phrase that is; the parser took « depuis
    // décembre » for it.
    for p in 0..tree.words.len() {
        if !tree.children(p).any(|c| tree.words[c].dep == "cop") || !has_case(tree, p) {
            continue;
        }
        let Some(n) = tree.children(p).find(|&n| {
            n > p
                && tree.words[n].dep == "nmod"
                && is_noun_phrase(&tree.words[n])
                && has_det(tree, n)
                && !has_case(tree, n)
        }) else {
            continue;
        };
        let word = &tree.words[p];
        if word.head == p {
            out.push((n, n, "ROOT"));
        } else {
            out.push((n, word.head, label(&word.dep)));
        }
        out.push((p, n, "obl:mod"));
        for c in tree.children(p) {
            if c != n
                && matches!(
                    tree.words[c].dep.as_str(),
                    "cop" | "nsubj" | "nsubj:pass" | "punct"
                )
            {
                out.push((c, n, label(&tree.words[c].dep)));
            }
        }
    }
    // « un bourg agricole de la province de Babylone qu'ils tenaient »: in
    // « N1 de N2 qui/que … » French readers take the relative to qualify N1
    // (high attachment); the parser hangs it on the nearest noun.
    for r in 0..tree.words.len() {
        let n2 = tree.words[r].head;
        if tree.words[r].dep != "acl:relcl" || n2 == r {
            continue;
        }
        // Up the chain of « de » complements (« un bourg de la province de
        // Babylone »), to the first noun.
        let of = |n: usize| {
            let h = tree.words[n].head;
            (tree.words[n].dep == "nmod"
                && h != n
                && tree.words[h].pos == Pos::Noun
                && tree
                    .children(n)
                    .any(|c| tree.words[c].dep == "case" && tree.words[c].lemma == "de"))
            .then_some(h)
        };
        let mut n1 = n2;
        while let Some(h) = of(n1) {
            n1 = h;
        }
        if n1 != n2 {
            out.push((r, n1, "acl:relcl"));
        }
    }
    // « … ont réussi à chasser, vendredi, les djihadistes de Hajine,
    // rapporte l'OSDH »: a reporting verb set after a comma says who speaks
    // after it; the noun phrase before it, made its subject, is the object
    // of the verb before that has none, and the one after, made its
    // object, is its subject.
    let reporting = &crate::extract::words::Words::builtin().reporting;
    for r in 1..tree.words.len() {
        let word = &tree.words[r];
        if word.pos != Pos::Verb
            || !reporting.contains(&word.lemma)
            || tree.words[r - 1].lemma != ","
            || word.head == r
            || tree.children(r).any(|c| tree.words[c].dep.starts_with("aux"))
        {
            continue;
        }
        let Some(s) = tree
            .children(r)
            .find(|&c| c < r && tree.words[c].dep == "nsubj" && is_noun_phrase(&tree.words[c]))
        else {
            continue;
        };
        let verb = (0..s).rev().find(|&v| {
            tree.words[v].pos == Pos::Verb
                && !reporting.contains(&tree.words[v].lemma)
                && !tree.children(v).any(|c| tree.words[c].dep == "obj")
                && descends(tree, v, word.head)
        });
        let speaker = tree
            .children(r)
            .find(|&c| c > r && tree.words[c].dep == "obj" && is_noun_phrase(&tree.words[c]));
        if let (Some(v), Some(o)) = (verb, speaker) {
            out.push((s, v, "obj"));
            out.push((o, r, "nsubj"));
        }
    }
    // « qui ont pris la tête d'une coalition et bombardent les positions
    // djihadistes »: a verb has one direct object; a second one, past a
    // verb coordinated with it that has none, is that verb's.
    for v in 0..tree.words.len() {
        let objects: Vec<usize> = tree.children(v).filter(|&c| tree.words[c].dep == "obj").collect();
        let [first, .., last] = objects.as_slice() else {
            continue;
        };
        let conjunct = tree.children(v).find(|&c| {
            tree.words[c].dep == "conj"
                && tree.words[c].pos == Pos::Verb
                && *first < c
                && c < *last
                && !tree.children(c).any(|o| tree.words[o].dep == "obj")
        });
        if let Some(c) = conjunct {
            out.push((*last, c, "obj"));
        }
    }
    out
}

/// The label a word keeps when it moves to another head, as the moves
/// write it.
fn label(dep: &str) -> &'static str {
    const LABELS: &[&str] = &[
        "nsubj",
        "nsubj:pass",
        "cop",
        "punct",
        "obj",
        "obl",
        "obl:mod",
        "obl:arg",
        "nmod",
        "conj",
        "appos",
        "advcl",
        "ccomp",
        "xcomp",
        "acl",
        "acl:relcl",
        "parataxis",
        "root",
        "ROOT",
    ];
    LABELS.iter().find(|l| **l == dep).copied().unwrap_or("dep")
}

/// A verb in the active voice, with an auxiliary « avoir » or none, and no
/// reflexive pronoun (« se sont emparés » keeps its inverted subjects).
fn active(tree: &Tree, v: usize) -> bool {
    tree.words[v].pos == Pos::Verb
        && !tree.children(v).any(|c| {
            let w = &tree.words[c];
            w.dep == "aux:pass" || w.dep == "expl:comp" || w.dep == "expl:pass" || w.lemma == "être"
        })
}

/// Whether a participle agrees in gender and number with a noun: `Some`
/// when the two tell, `None` when the noun lacks a feature (most names
/// carry none) and nothing disagrees. The participle's own ending says its
/// gender and number more surely than the tagger (« appuyées » is feminine
/// plural whatever the model guessed). A participle is only moved away from
/// a noun that disagrees, and only onto one that agrees: never on a guess.
fn agreement(text: &str, participle: &Word, noun: &Word) -> Option<bool> {
    let (gender, number) = participle_agreement(&text[participle.span.clone()]);
    let mut known = true;
    for (own, feature) in [(gender, "Gender"), (number, "Number")] {
        match (own, noun.feature(feature)) {
            (Some(a), Some(b)) if a != b => return Some(false),
            (_, None) => known = false,
            _ => {}
        }
    }
    known.then_some(true)
}

/// Gender and number read from a French past participle's ending: a
/// masculine participle never ends in « e » (« pris », « dirigé »,
/// « conduit »), so a final « e » or « es » is feminine; a final « s » is
/// plural, except in « -is », where the stem may end in it (« pris »).
fn participle_agreement(form: &str) -> (Option<&'static str>, Option<&'static str>) {
    let form = form.to_lowercase();
    if form.ends_with("es") {
        (Some("Fem"), Some("Plur"))
    } else if form.ends_with('e') {
        (Some("Fem"), Some("Sing"))
    } else if form.ends_with("is") {
        (Some("Masc"), None)
    } else if form.ends_with('s') {
        (Some("Masc"), Some("Plur"))
    } else {
        (Some("Masc"), Some("Sing"))
    }
}

fn is_noun_phrase(word: &Word) -> bool {
    matches!(word.pos, Pos::Noun | Pos::Propn)
}

fn has_det(tree: &Tree, w: usize) -> bool {
    tree.children(w).any(|c| tree.words[c].dep == "det")
}

/// Whether `w` is introduced by preposition `prep` (« de », « des », « du »).
fn has_prep(tree: &Tree, w: usize, prep: &str) -> bool {
    tree.children(w)
        .any(|c| tree.words[c].dep == "case" && tree.words[c].lemma.eq_ignore_ascii_case(prep))
}

/// Whether verb `v` is finite, or a participle with its auxiliary.
fn finite(tree: &Tree, v: usize) -> bool {
    tree.words[v].feature("VerbForm") == Some("Fin")
        || tree
            .children(v)
            .any(|c| tree.words[c].dep.starts_with("aux") && tree.words[c].feature("VerbForm") == Some("Fin"))
}

fn has_case(tree: &Tree, w: usize) -> bool {
    tree.children(w).any(|c| tree.words[c].dep == "case")
}

/// Whether the second subject `s` of verb `v` continues a list that starts
/// with `first` (« L'armée, des milices chiites et les forces kurdes ont
/// pris part »): it is itself coordinated further, or the verb is plural
/// while the first subject is singular, which only a coordinated subject
/// makes it.
fn enumerated(tree: &Tree, first: usize, s: usize, v: usize) -> bool {
    let coordinated = tree.children(s).any(|c| tree.words[c].dep == "conj" && c < v);
    let number = |w: usize| {
        std::iter::once(w)
            .chain(tree.children(w).filter(|&c| tree.words[c].dep.starts_with("aux")))
            .find_map(|x| {
                tree.words[x]
                    .feature("Number")
                    .filter(|_| tree.words[x].feature("VerbForm") == Some("Fin"))
            })
    };
    let plural_verb = number(v) == Some("Plur");
    let singular_first = tree.words[first].feature("Number") == Some("Sing");
    is_noun_phrase(&tree.words[s]) && (coordinated || plural_verb && singular_first)
}

fn indefinite(tree: &Tree, w: usize) -> bool {
    tree.children(w).any(|c| {
        let d = &tree.words[c];
        d.dep == "det" && d.feature("Definite") == Some("Ind")
    })
}

/// Whether a comma comes right before the first word of `w`'s phrase.
fn after_comma(tree: &Tree, w: usize) -> bool {
    let first = leftmost(tree, w);
    first > 0 && tree.words[first - 1].lemma == ","
}

/// The word before the comma that opens `w`'s phrase (callers have checked
/// [`after_comma`]).
fn before_comma(tree: &Tree, w: usize) -> Option<usize> {
    leftmost(tree, w).checked_sub(2)
}

/// The first word of the name `w` is part of (« Abyad » in « Tal Abyad »).
fn name_head(tree: &Tree, mut w: usize) -> usize {
    while tree.words[w].dep == "flat:name" && tree.words[w].head < w {
        w = tree.words[w].head;
    }
    w
}

/// The first word of `w`'s phrase.
fn leftmost(tree: &Tree, w: usize) -> usize {
    tree.children(w).map(|c| leftmost(tree, c)).fold(w, usize::min)
}

/// Whether `w` lies in the phrase headed by `head`.
fn descends(tree: &Tree, mut w: usize, head: usize) -> bool {
    for _ in 0..tree.words.len() {
        if w == head {
            return true;
        }
        if tree.words[w].head == w {
            return false;
        }
        w = tree.words[w].head;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree written as `trame parse` prints it: one word a line, id,
    /// form, lemma, part of speech, features, head, label (`_` for none).
    fn tree(text: &str, rows: &str) -> Tree {
        let mut at = 0;
        let words = rows
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| {
                let f: Vec<&str> = line.split_whitespace().collect();
                let start = at + text[at..].find(f[1]).expect("the form is in the text");
                at = start + f[1].len();
                let head: usize = f[5].parse().expect("a head");
                Word {
                    span: start..at,
                    pos: Pos::from_name(f[3]).expect("a tag"),
                    morph: if f[4] == "_" {
                        String::new()
                    } else {
                        f[4].to_string()
                    },
                    lemma: f[2].to_string(),
                    verb_lemma: None,
                    head: if head == 0 {
                        f[0].parse::<usize>().unwrap() - 1
                    } else {
                        head - 1
                    },
                    dep: f[6].to_string(),
                }
            })
            .collect();
        Tree { words }
    }

    fn moved(text: &str, rows: &str) -> Vec<(usize, usize, &'static str)> {
        relabels(&tree(text, rows), text)
    }

    #[test]
    fn a_list_opening_made_an_oblique_is_a_subject() {
        let text = "L'armée, la police, les unités se sont retirées de Haditha.";
        let rows = "
            1 L' le DET _ 2 det
            2 armée armée NOUN Gender=Fem|Number=Sing 11 obl:mod
            3 , , PUNCT _ 11 punct
            4 la le DET _ 5 det
            5 police police NOUN Gender=Fem|Number=Sing 11 nsubj:pass
            6 , , PUNCT _ 11 punct
            7 les le DET _ 8 det
            8 unités unité NOUN Gender=Fem|Number=Plur 11 nsubj:pass
            9 se se PRON _ 11 expl:comp
            10 sont être AUX Number=Plur|VerbForm=Fin 11 aux:tense
            11 retirées retirer VERB Gender=Fem|Number=Plur|VerbForm=Part 0 ROOT
            12 de de ADP _ 13 case
            13 Haditha Haditha PROPN _ 11 obl:arg
            14 . . PUNCT _ 11 punct";
        let moves = moved(text, rows);
        assert!(moves.contains(&(1, 10, "nsubj")), "{moves:?}");
        // A phrase of time opening the sentence stays where it is.
        let time = text.replace("L'armée", "La semaine");
        let rows = rows
            .replace("L' le DET", "La le DET")
            .replace("armée armée", "semaine semaine");
        assert!(
            !moved(&time, &rows).iter().any(|m| m.0 == 1),
            "{:?}",
            moved(&time, &rows)
        );
    }

    #[test]
    fn a_relative_after_a_de_complement_qualifies_the_first_noun() {
        let text = "un bourg de la province de Babylone qu'ils tenaient";
        let rows = "
            1 un un DET _ 2 det
            2 bourg bourg NOUN Gender=Masc|Number=Sing 2 ROOT
            3 de de ADP _ 5 case
            4 la le DET _ 5 det
            5 province province NOUN Gender=Fem|Number=Sing 2 nmod
            6 de de ADP _ 7 case
            7 Babylone Babylone PROPN _ 5 nmod
            8 qu' que PRON PronType=Rel 10 obj
            9 ils il PRON Number=Plur|Person=3 10 nsubj
            10 tenaient tenir VERB Number=Plur|VerbForm=Fin 7 acl:relcl";
        let moves = moved(text, rows);
        assert!(moves.contains(&(9, 1, "acl:relcl")), "{moves:?}");
    }
}
