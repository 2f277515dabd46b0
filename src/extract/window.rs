//! The **window rules**: the first extractor, which reads a sentence as a
//! row of words and entities and finds a trigger's arguments by where they
//! stand around it. It covers what the tree rules do not yet (nominal
//! triggers, structure such as headlines and nationality adjectives,
//! claimants, operations named by their target) and is retired rule by rule
//! as the tree rules take its cases over.
//!
//! Each sentence becomes a row of items (words,
//! punctuation, and the entities its mentions resolved to). Triggers from
//! `data/lexicon/triggers.tsv` (verb forms, nominalisations, prepositional
//! cues) are matched on the words, and each trigger's *frame* says where its
//! arguments stand: the agent of « ont repris » on the left and the place on
//! the right, the agent of « a été reprise par » after « par », the holder of
//! « aux mains de » on the right and the place it holds on the left.
//!
//! Facts are only what the text asserts: a trigger governed by a plan or wish
//! (« veut », « prévoit de », « pourrait », « pour reprendre »), a negation
//! (« ne … pas/plus/jamais », but not the restrictive « ne … plus que »), a
//! denial or a question gives nothing. Reported speech (« selon X », « a
//! déclaré X ») keeps the fact and records X as its claimant.
//!
//! A few facts come from structure rather than words: an operation named by
//! its target targets it; a unit followed by « de l'armée » is part of it; a
//! headline « Irak : … » and an adjective (« la ville irakienne de X »)
//! place what they name; an operation launched by an actor against a place
//! means that actor attacked it (the contract's convention).

use super::{engine, Fact};
use crate::fold::fold_str;
use crate::gazetteer::Gazetteer;
use crate::mentions::Mention;
use crate::model::{Class, Predicate};
use crate::resolve::{Entity, Resolution};
use crate::sentences::Sentence;
use crate::syntax::Tree;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

/// How a trigger's arguments are found; see `data/lexicon/triggers.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    Verb,
    Infinitive,
    Noun,
    Holder,
    Stronghold,
    SupportTo,
    SupportFrom,
    Participation,
    InOperation,
    Role,
    Member,
    Locative,
    Near,
    Ally,
    Expel,
    Strike,
    PartOf,
    Where,
    Mobilize,
}

impl Frame {
    /// Whether a negation or a modal anywhere around the trigger voids what
    /// it states. The verb and stronghold frames scope that to their own
    /// clause; a role, a location or « où » describe, and a modal elsewhere
    /// in the sentence does not make a description a plan.
    fn voided_by_sentence(self) -> bool {
        !matches!(
            self,
            Frame::Verb
                | Frame::Infinitive
                | Frame::Stronghold
                | Frame::Role
                | Frame::Member
                | Frame::Locative
                | Frame::Near
                | Frame::Where
        )
    }
}

struct Trigger {
    words: Vec<String>,
    predicate: Predicate,
    frame: Frame,
}

struct Lexicon {
    /// Triggers by their first word, longest first.
    by_first: HashMap<String, Vec<Trigger>>,
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        parse_lexicon(include_str!("../../data/lexicon/triggers.tsv"))
            .expect("the built-in trigger lexicon is valid (tested)")
    })
}

fn parse_lexicon(data: &str) -> Result<Lexicon, String> {
    let mut by_first: HashMap<String, Vec<Trigger>> = HashMap::new();
    for (n, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("phrase\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 3 {
            return Err(format!("triggers.tsv:{}: expected 3 fields", n + 1));
        }
        let predicate: Predicate = f[1].parse().map_err(|e| format!("triggers.tsv:{}: {e}", n + 1))?;
        let frame = match f[2] {
            "verb" => Frame::Verb,
            "infinitive" => Frame::Infinitive,
            "noun" => Frame::Noun,
            "holder" => Frame::Holder,
            "stronghold" => Frame::Stronghold,
            "support_to" => Frame::SupportTo,
            "support_from" => Frame::SupportFrom,
            "participation" => Frame::Participation,
            "in_operation" => Frame::InOperation,
            "role" => Frame::Role,
            "member" => Frame::Member,
            "locative" => Frame::Locative,
            "near" => Frame::Near,
            "ally" => Frame::Ally,
            "expel" => Frame::Expel,
            "strike" => Frame::Strike,
            "part_of" => Frame::PartOf,
            "where" => Frame::Where,
            "mobilize" => Frame::Mobilize,
            other => return Err(format!("triggers.tsv:{}: unknown frame {other:?}", n + 1)),
        };
        for phrase in f[0].split('|') {
            let words = words_of(phrase);
            if words.is_empty() {
                continue;
            }
            by_first.entry(words[0].clone()).or_default().push(Trigger {
                words,
                predicate,
                frame,
            });
        }
    }
    for list in by_first.values_mut() {
        list.sort_by_key(|t| std::cmp::Reverse(t.words.len()));
    }
    Ok(Lexicon { by_first })
}

/// Splits folded text into the words triggers are written in: runs of
/// letters and digits, an elided article keeping its apostrophe (l', d').
fn words_of(s: &str) -> Vec<String> {
    let f = fold_str(s);
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in f.chars() {
        if c.is_alphanumeric() {
            cur.push(c);
        } else {
            if c == '\'' && !cur.is_empty() {
                cur.push('\'');
            }
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// An item of a sentence row.
#[derive(Clone, Debug)]
enum Item {
    Word { text: String, span: Range<usize> },
    Punct { c: char, span: Range<usize> },
    Entity { entity: usize, span: Range<usize> },
}

impl Item {
    fn span(&self) -> &Range<usize> {
        match self {
            Item::Word { span, .. } | Item::Punct { span, .. } | Item::Entity { span, .. } => span,
        }
    }
    fn word(&self) -> Option<&str> {
        match self {
            Item::Word { text, .. } => Some(text),
            _ => None,
        }
    }
    fn is_punct(&self, set: &[char]) -> bool {
        matches!(self, Item::Punct { c, .. } if set.contains(c))
    }
}

/// Builds the row of a sentence: entities where mentions resolved, words
/// and punctuation elsewhere.
fn items(text: &str, sentence: &Range<usize>, mentions: &[(Range<usize>, usize)]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut i = sentence.start;
    let mut m = mentions.iter().peekable();
    while i < sentence.end {
        while m.peek().is_some_and(|(s, _)| s.start < i) {
            m.next();
        }
        if let Some((s, e)) = m.peek().filter(|(s, _)| s.start == i) {
            out.push(Item::Entity {
                entity: *e,
                span: s.clone(),
            });
            i = s.end;
            m.next();
            continue;
        }
        let c = text[i..].chars().next().expect("in bounds");
        if c.is_alphanumeric() {
            let start = i;
            let limit = m.peek().map_or(sentence.end, |(s, _)| s.start.min(sentence.end));
            let mut end = i;
            for (k, ch) in text[i..limit].char_indices() {
                if ch.is_alphanumeric() {
                    end = i + k + ch.len_utf8();
                } else {
                    break;
                }
            }
            let mut word = fold_str(&text[start..end]);
            if text[end..].starts_with(['\'', '’']) && end < limit {
                word.push('\'');
                end += 1;
            }
            out.push(Item::Word {
                text: word,
                span: start..end,
            });
            i = end;
        } else {
            if !c.is_whitespace() && c != '-' {
                out.push(Item::Punct {
                    c,
                    span: i..i + c.len_utf8(),
                });
            }
            i += c.len_utf8();
        }
    }
    out
}

/// Drops guillemets that only wrap a name (« la «coalition internationale»
/// »): they mark the name, they do not open a quotation, and must not stop
/// the search for an argument.
fn unquote_names(row: Vec<Item>) -> Vec<Item> {
    let mut drop = vec![false; row.len()];
    for i in 1..row.len().saturating_sub(1) {
        // A single word in guillemets is set off, not quoted: « la
        // « capitale » autoproclamée de l'EI ».
        if matches!(row[i], Item::Entity { .. } | Item::Word { .. })
            && row[i - 1].is_punct(&['«', '"'])
            && row[i + 1].is_punct(&['»', '"'])
        {
            drop[i - 1] = true;
            drop[i + 1] = true;
        }
    }
    row.into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(i, _)| i)
        .collect()
}

/// Words that put what follows them outside the facts: plans, wishes,
/// abilities, futures, attempts, denials.
const MODALS: &[&str] = &[
    "veut",
    "veulent",
    "voulait",
    "voulaient",
    "vouloir",
    "voudrait",
    "voudraient",
    "prevoit",
    "prevoient",
    "prevoyait",
    "prevoyaient",
    "compte",
    "comptent",
    "comptait",
    "comptaient",
    "apprete",
    "appretent",
    "appretait",
    "appretaient",
    "envisage",
    "envisagent",
    "envisageait",
    "menace",
    "menacent",
    "menacait",
    "menacaient",
    "espere",
    "esperent",
    "esperait",
    "souhaite",
    "souhaitent",
    "souhaitait",
    "pourrait",
    "pourraient",
    "peut",
    "peuvent",
    "fera",
    "feront",
    "pourra",
    "pourront",
    "devrait",
    "devraient",
    "devra",
    "devront",
    "doit",
    "doivent",
    "tente",
    "tentent",
    "tentait",
    "tentaient",
    "tenter",
    "cherche",
    "cherchent",
    "cherchait",
    "objectif",
    "but",
    "sera",
    "seront",
    "serons",
    "va",
    "vont",
    "allait",
    "allaient",
    "dementi",
    "dement",
    "dementent",
    "nie",
    "nient",
    "nier",
    "refuse",
    "refusent",
    "si",
    "s'il",
    "s'ils",
    "plan",
    "projet",
    "promet",
    "promis",
    "promettent",
    "appele",
    "appelle",
    "appellent",
    "exhorte",
    "demande",
    "demandent",
    "capable",
    "pret",
    "prets",
    "prete",
    "pretes",
    "preparent",
    "prepare",
    "preparait",
    "imminente",
    "imminent",
    "vouloir",
];
/// Words that make an infinitive a purpose, not a deed.
const PURPOSES: &[&str] = &["pour", "afin", "avant", "sans", "de", "d'", "a"];
const NEGATORS: &[&str] = &[
    "pas",
    "plus",
    "jamais",
    "guere",
    "point",
    "aucun",
    "aucune",
    "nullement",
];

/// Whether a trigger at `t` (ending at `end`) is governed by a plan, a
/// negation or a denial, looking back within its clause.
fn blocked(row: &[Item], t: usize, end: usize, infinitive: bool) -> bool {
    let mut j = t;
    let mut seen = 0;
    let mut ne_at = None;
    while j > 0 && seen < 7 {
        j -= 1;
        if row[j].is_punct(&[';', ':', '.', '«', '»', '?', '!', '(', ')']) {
            break;
        }
        if row[j].is_punct(&[',']) && seen > 2 {
            break;
        }
        if let Some(w) = row[j].word() {
            // A relative clause asserts on its own: « Bagdad voudrait
            // reprendre X, que l'EI contrôle depuis 2014 ».
            if matches!(w, "que" | "qu'" | "qui" | "dont")
                && j > 0
                && (matches!(row[j - 1], Item::Entity { .. }) || row[j - 1].is_punct(&[',']))
            {
                break;
            }
            seen += 1;
            if MODALS.contains(&w) {
                return true;
            }
            // « vise à reprendre », « visant à » : an aim, not a deed.
            if matches!(w, "vise" | "visent" | "visant" | "visait" | "visaient")
                && row.get(j + 1).and_then(Item::word) == Some("a")
            {
                return true;
            }
            if infinitive && seen == 1 && PURPOSES.contains(&w) && w != "de" && w != "d'" && w != "a" {
                return true;
            }
            if infinitive && seen <= 2 && (w == "pour" || w == "afin") {
                return true;
            }
            if matches!(w, "ne" | "n'") {
                ne_at = Some(j);
            }
        }
    }
    if let Some(n) = ne_at {
        // « ne … pas » negates; « ne … plus que » / « ne … que » restricts.
        for k in n + 1..(end + 3).min(row.len()) {
            if let Some(w) = row[k].word() {
                if NEGATORS.contains(&w) {
                    let next = row.get(k + 1).and_then(Item::word);
                    return next != Some("que") && next != Some("qu'");
                }
                if w == "que" || w == "qu'" {
                    return false;
                }
            }
        }
        return true;
    }
    false
}

/// What a predicate's subject and object may be.
fn fits(p: Predicate, subject: Class, object: Class) -> bool {
    use Class::*;
    let armed = |c: Class| c.is_armed();
    match p {
        Predicate::Controls | Predicate::Captured | Predicate::WithdrewFrom | Predicate::Besieged => {
            armed(subject) && object == Place
        }
        Predicate::Attacked => {
            (armed(subject) || subject == Organization) && (object == Place || armed(object))
        }
        Predicate::LaunchedBy => {
            subject == Operation && (armed(object) || object == Organization || object == Person)
        }
        Predicate::Targets => subject == Operation && (object == Place || armed(object)),
        Predicate::Supports => {
            (armed(subject) || subject == Organization) && (armed(object) || object == Operation)
        }
        Predicate::AlliedWith => armed(subject) && armed(object),
        Predicate::PartOf => armed(subject) && (armed(object) || object == Organization),
        Predicate::LeaderOf => subject == Person && object != Operation && object != Person,
        Predicate::SpokespersonOf | Predicate::MemberOf => {
            subject == Person && (armed(object) || object == Organization)
        }
        Predicate::LocatedIn | Predicate::Near => subject == Place && object == Place,
    }
}

/// [`fits`], and what the kinds of the entities rule out: a force does not
/// take or hold a whole country (« aux mains de la frontière syrienne » is a
/// border, not Syria), and a country lies in no other place.
pub(crate) fn fits_entities(p: Predicate, s: &Entity, o: &Entity) -> bool {
    let as_state = |e: &Entity| if is_state(e) { Class::Organization } else { e.class };
    let ok = fits(p, s.class, o.class) || fits(p, as_state(s), o.class) || fits(p, s.class, as_state(o));
    if !ok {
        return false;
    }
    match p {
        Predicate::Captured | Predicate::Controls | Predicate::WithdrewFrom | Predicate::Besieged => {
            o.kind != "country"
        }
        Predicate::LocatedIn => s.kind != "country",
        _ => true,
    }
}

/// A country, which acts through its state, and a capital, which the press
/// writes for it (« Washington frappe l'EI », « soutenus par Ankara »).
fn is_state(e: &Entity) -> bool {
    e.class == Class::Place && matches!(e.kind.as_str(), "country" | "capital")
}

/// A test on the class of an argument.
pub(crate) type ClassTest = fn(Class) -> bool;

/// Which classes a trigger of a predicate looks for, as subject and object.
/// Wider than [`fits`] where a frame turns one predicate into another (an
/// operation « vise » a place: `targets`, not `attacked`).
pub(crate) fn argument_classes(p: Predicate) -> (ClassTest, ClassTest) {
    match p {
        // A head of government launches an offensive too (« Abadi a lancé
        // l'offensive sur Mossoul »).
        Predicate::LaunchedBy => (
            |c| c == Class::Operation,
            |c| c.is_armed() || c == Class::Organization || c == Class::Person,
        ),
        Predicate::Attacked => (
            |c| c.is_armed() || c == Class::Operation || c == Class::Organization,
            |c| c == Class::Place || c.is_armed(),
        ),
        Predicate::Supports => (
            |c| c.is_armed() || c == Class::Organization,
            |c| c.is_armed() || c == Class::Operation,
        ),
        Predicate::AlliedWith => (Class::is_armed, Class::is_armed),
        // « les YPG, branche armée du PYD »: a party is an organisation.
        Predicate::PartOf => (Class::is_armed, |c| c.is_armed() || c == Class::Organization),
        Predicate::LeaderOf => (
            |c| c == Class::Person,
            |c| c != Class::Operation && c != Class::Person,
        ),
        Predicate::SpokespersonOf | Predicate::MemberOf => (
            |c| c == Class::Person,
            |c| c.is_armed() || c == Class::Organization,
        ),
        Predicate::LocatedIn | Predicate::Near => (|c| c == Class::Place, |c| c == Class::Place),
        _ => (Class::is_armed, |c| c == Class::Place),
    }
}

/// Context the frames share while one sentence is read.
struct Reader<'a> {
    text: &'a str,
    row: &'a [Item],
    entities: &'a [Entity],
    sentence: usize,
    facts: Vec<Fact>,
    /// Places already used as the object of a spatial cue in this sentence:
    /// « sur la rive du Tigre, au sud de Mossoul » places the subject, not
    /// the Tigre, south of Mossoul.
    spatial_objects: HashSet<usize>,
    /// Roles whose object is a country named by an adjective, to be tied to
    /// the country's entity once the sentence is read.
    by_adjective: Vec<(Predicate, usize, &'static str, Range<usize>)>,
}

/// Punctuation an argument is never looked for across. Brackets are not
/// among them: they hold acronyms and asides (« le service (CTS), qui … »).
/// Nor are guillemets: the press quotes inside a clause (« l'armée et ses
/// alliés «ont écrasé les dernières poches» de Daech »).
const CLAUSE_STOPS: &[char] = &[';', '.', '?', '!', ':'];

impl Reader<'_> {
    fn class(&self, i: usize) -> Option<Class> {
        match &self.row[i] {
            Item::Entity { entity, .. } => Some(self.entities[*entity].class),
            _ => None,
        }
    }

    fn entity(&self, i: usize) -> usize {
        match &self.row[i] {
            Item::Entity { entity, .. } => *entity,
            _ => unreachable!("only called on entity items"),
        }
    }

    /// The nearest entity on the left whose class `want` accepts.
    fn left(&self, t: usize, max: usize, want: impl Fn(Class) -> bool) -> Option<usize> {
        let mut j = t;
        let mut n = 0;
        while j > 0 && n < max {
            j -= 1;
            n += 1;
            if self.row[j].is_punct(CLAUSE_STOPS) {
                return None;
            }
            if self.accepts(j, &want) {
                return Some(j);
            }
        }
        None
    }

    /// Whether the item at `j` is an entity `want` accepts. A country also
    /// stands for its state (« les États-Unis ont mené des frappes »,
    /// « lancée par la Turquie »), as an organisation would.
    fn accepts(&self, j: usize, want: &impl Fn(Class) -> bool) -> bool {
        match &self.row[j] {
            Item::Entity { entity, .. } => {
                let e = &self.entities[*entity];
                want(e.class) || (is_state(e) && want(Class::Organization))
            }
            _ => false,
        }
    }

    /// The nearest entity on the right whose class `want` accepts.
    fn right(&self, from: usize, max: usize, want: impl Fn(Class) -> bool) -> Option<usize> {
        let mut j = from;
        let mut n = 0;
        while j < self.row.len() && n < max {
            if self.row[j].is_punct(CLAUSE_STOPS) {
                return None;
            }
            if self.accepts(j, &want) {
                return Some(j);
            }
            j += 1;
            n += 1;
        }
        None
    }

    /// An entity and those coordinated with it (« X, Y et Z », « X ainsi
    /// que Y »), looking right from it.
    fn with_conjuncts_right(&self, first: usize, want: &dyn Fn(Class) -> bool) -> Vec<usize> {
        let mut out = vec![first];
        let mut j = first + 1;
        while j + 1 < self.row.len() {
            // Past an acronym in brackets: « les services du
            // contre-terrorisme (CTS) et des forces armées ».
            if self.row[j].is_punct(&['(']) && self.row.get(j + 2).is_some_and(|i| i.is_punct(&[')'])) {
                j += 3;
                continue;
            }
            let joined = match &self.row[j] {
                Item::Punct { c: ',', .. } => 1,
                Item::Word { text, .. } if text == "et" || text == "puis" => 1,
                Item::Word { text, .. } if text == "ainsi" && self.row[j + 1].word() == Some("que") => 2,
                _ => 0,
            };
            if joined == 0 {
                break;
            }
            let mut k = j + joined;
            // Skip determiners and a repeated preposition: « et les
            // Peshmerga », « puis de Tikrit », « et par la police ».
            while self
                .row
                .get(k)
                .and_then(Item::word)
                .is_some_and(|w| is_determiner(w) || matches!(w, "par" | "a" | "aux" | "puis" | "et"))
            {
                k += 1;
            }
            match self.class(k.min(self.row.len() - 1)) {
                Some(c) if k < self.row.len() && want(c) => {
                    out.push(k);
                    j = k + 1;
                }
                // « de Mossoul, deuxième ville du pays, puis de Tikrit »:
                // past an apposition of the last conjunct.
                _ if self.row[j].is_punct(&[',']) => match self.past_apposition(j, want) {
                    Some(next) => {
                        out.push(next);
                        j = next + 1;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        out
    }

    /// The next conjunct after an apposition that opens at the comma `open`
    /// (« , deuxième ville du pays, puis de Tikrit »): a few words with no
    /// verb nor actor, a comma, « puis » or « et », then the conjunct.
    fn past_apposition(&self, open: usize, want: &dyn Fn(Class) -> bool) -> Option<usize> {
        let close = (open + 1..(open + 9).min(self.row.len())).find(|&k| self.row[k].is_punct(&[',']))?;
        let plain = self.row[open + 1..close].iter().all(|i| match i {
            Item::Word { text, .. } => !is_verb_like(text) || text == "a",
            Item::Entity { entity, .. } => self.entities[*entity].class == Class::Place,
            Item::Punct { .. } => false,
        });
        if !plain
            || close == open + 1
            || !matches!(self.row.get(close + 1).and_then(Item::word), Some("puis" | "et"))
        {
            return None;
        }
        let mut k = close + 2;
        while self.row.get(k).and_then(Item::word).is_some_and(|w| {
            is_determiner(w) || matches!(w, "de" | "d'" | "du" | "des" | "par" | "a" | "aux")
        }) {
            k += 1;
        }
        (k < self.row.len() && self.class(k).is_some_and(want)).then_some(k)
    }

    /// An entity and those coordinated with it on its left.
    fn with_conjuncts_left(&self, last: usize, want: &dyn Fn(Class) -> bool) -> Vec<usize> {
        let mut out = vec![last];
        let mut j = last;
        'walk: while j >= 2 {
            // Walk back over « les miliciens de » to the conjunction.
            let mut k = j;
            let mut nouns = 0;
            loop {
                if k == 0 {
                    break 'walk;
                }
                k -= 1;
                match &self.row[k] {
                    Item::Punct { c: ',', .. } => break,
                    Item::Word { text, .. } if text == "et" => break,
                    Item::Word { text, .. } if is_determiner(text) => continue,
                    // « …, alors que Raqqa »: a conjunction opens another
                    // clause, it is no noun of a conjunct.
                    Item::Word { text, .. }
                        if is_verb_like(text)
                            || matches!(
                                text.as_str(),
                                "alors"
                                    | "tandis"
                                    | "lorsque"
                                    | "quand"
                                    | "car"
                                    | "donc"
                                    | "si"
                                    | "pendant"
                                    | "depuis"
                            ) =>
                    {
                        break 'walk
                    }
                    Item::Word { .. } if nouns < 2 => nouns += 1,
                    _ => break 'walk,
                }
            }
            // Then back over a determiner to the previous conjunct.
            let mut c = k;
            while c > 0 && self.row[c - 1].word().is_some_and(is_determiner) {
                c -= 1;
            }
            if c == 0 {
                break;
            }
            match self.class(c - 1) {
                // « Située à 50 km à l'ouest de Bagdad, dans la province
                // d'Anbar, Fallouja »: what only says where is no conjunct.
                Some(cl) if want(cl) && !self.spatial_complement(c - 1) => {
                    out.push(c - 1);
                    j = c - 1;
                }
                _ => break,
            }
        }
        out
    }

    /// Whether the item at `k` is one of `words` (folded); false past the row.
    fn word_in(&self, k: usize, words: &[&str]) -> bool {
        self.row
            .get(k)
            .and_then(Item::word)
            .is_some_and(|w| words.contains(&w))
    }

    /// Past a singular definite article at `k`, if there is one: « la »,
    /// « le », « l' ».
    fn past_article(&self, k: usize) -> usize {
        k + usize::from(self.word_in(k, &["l'", "la", "le"]))
    }

    /// Where the phrase of the entity at `j` starts, its definite article
    /// included (« la police »: at « la »).
    fn before_article(&self, j: usize) -> usize {
        let mut k = j;
        while k > 0
            && self.row[k - 1]
                .word()
                .is_some_and(|w| matches!(w, "le" | "la" | "les" | "l'"))
        {
            k -= 1;
        }
        k
    }

    /// Whether the entity at `j` is the complement of a preposition (« par
    /// la police », « au sud de Bagdad »), and so not a clause's subject.
    fn governed(&self, j: usize) -> bool {
        let k = self.before_article(j);
        if k == 0 {
            return false;
        }
        match &self.row[k - 1] {
            Item::Punct { c: '(', .. } => true,
            Item::Word { text, .. } => match text.as_str() {
                "par" | "avec" | "pour" | "contre" | "sur" | "dans" | "en" | "a" | "au" | "aux" | "vers"
                | "selon" | "apres" | "avant" | "chez" | "depuis" | "entre" | "sans" | "sous" | "pres" => {
                    true
                }
                // « la ville de Hit » names the place; « au nord d'Amerli »
                // is a complement. An actor after « de » (« les héros de
                // l'armée ») is what the subject is made of.
                "de" | "d'" | "du" | "des" => {
                    let head = k.checked_sub(2).and_then(|p| self.row[p].word());
                    if self.class(j) == Some(Class::Place) {
                        // « la ville de Hit », « la ville frontalière de
                        // Jarablous », « la totalité de Hit » name the place;
                        // « une ville de la vallée de l'Euphrate » (an article
                        // after « de ») does not.
                        let mut h = k.saturating_sub(2);
                        while h > 0 && self.row[h].word().is_some_and(is_place_adjective) {
                            h -= 1;
                        }
                        let head = if h + 2 < k { self.row[h].word() } else { head };
                        // « la plus grande ville chrétienne d'Irak »: a
                        // country after « de » is where, never a name.
                        let country = matches!(&self.row[j], Item::Entity { entity, .. } if self.entities[*entity].kind == "country");
                        country
                            || k < j
                            || !head.is_some_and(|w| {
                                PLACE_NOUNS.contains(&w)
                                    || matches!(
                                        w,
                                        "localite"
                                            | "centre"
                                            | "aeroport"
                                            | "totalite"
                                            | "integralite"
                                            | "ensemble"
                                            | "partie"
                                            | "celle"
                                            | "celui"
                                    )
                            })
                            // « au sud-est de la ville de X »: the naming noun
                            // is itself a complement.
                            || self.noun_after_preposition(h)
                    } else {
                        // « avec le soutien de la coalition », « aidée des
                        // milices »: the helper, not the subject; nor « par
                        // les combattants de la mobilisation tribale », whose
                        // head noun a preposition governs.
                        head.is_some_and(|w| SUPPORT_NOUNS.contains(&w) || HELD_NOUNS.contains(&w))
                            || k.checked_sub(2).is_some_and(|h| self.head_governed(h))
                    }
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// The antecedent of a subject relative: « assiégée par l'EI, qui s'est
    /// emparé de Mossoul » — the entity right before « qui », whatever
    /// governs it.
    fn relative_subject(&self, t: usize, want: ClassTest) -> Option<usize> {
        let mut k = t;
        for _ in 0..4 {
            k = k.checked_sub(1)?;
            match self.row[k].word()? {
                "qui" => {
                    let mut a = k.checked_sub(1)?;
                    if self.row[a].is_punct(&[',']) {
                        a = a.checked_sub(1)?;
                    }
                    return self.accepts(a, &want).then_some(a);
                }
                "s'" | "se" | "est" | "sont" | "a" | "ont" | "avait" | "avaient" | "etait" | "etaient"
                | "deja" | "aussi" | "egalement" | "ensuite" | "rapidement" => continue,
                _ => return None,
            }
        }
        None
    }

    /// Whether the noun at `h` (« ville » in « au sud de la ville de X »)
    /// follows a preposition, past its article and adjectives.
    fn noun_after_preposition(&self, h: usize) -> bool {
        let mut k = h;
        while k > 0
            && self.row[k - 1].word().is_some_and(|w| {
                is_determiner(w)
                    || is_place_adjective(w)
                    || matches!(w, "une" | "un" | "plus" | "cette" | "ce")
            })
            && !matches!(self.row[k - 1].word(), Some("de" | "d'" | "du" | "des"))
        {
            k -= 1;
        }
        k > 0
            && matches!(
                self.row[k - 1].word(),
                Some(
                    "de" | "d'"
                        | "du"
                        | "des"
                        | "a"
                        | "au"
                        | "aux"
                        | "en"
                        | "dans"
                        | "sur"
                        | "par"
                        | "pour"
                        | "vers"
                        | "pres"
                        | "avec"
                        | "contre"
                        | "depuis"
                        | "sous"
                        | "entre"
                )
            )
    }

    /// Whether the noun at `h` (« combattants » in « par les combattants de
    /// X ») follows a preposition, past its article.
    fn head_governed(&self, h: usize) -> bool {
        let mut k = h;
        while k > 0 && self.row[k - 1].word().is_some_and(is_determiner) {
            k -= 1;
        }
        k > 0
            && (matches!(
                self.row[k - 1].word(),
                Some(
                    "par"
                        | "avec"
                        | "pour"
                        | "contre"
                        | "sur"
                        | "dans"
                        | "aux"
                        | "vers"
                        | "selon"
                        | "sans"
                        | "sous"
                )
            )
                // « face à l'avancée de Daech »: the preposition « à ».
                || (self.row[k - 1].word() == Some("a") && !self.is_avoir(k - 1)))
    }

    /// The subject and object of a verb in an object relative clause: « X,
    /// que Y contrôle », « X que tenait depuis 2014 Y » (subject after the
    /// verb), « X, qu'ils ont reprise » (a plural pronoun standing for the
    /// sentence's subject). The antecedent is what the relative describes
    /// (see [`Reader::described_place`]).
    fn object_relative(
        &self,
        t: usize,
        end: usize,
        subj_ok: ClassTest,
        obj_ok: ClassTest,
    ) -> Option<(usize, usize)> {
        let mut k = t;
        while k > 0
            && self.row[k - 1].word().is_some_and(|w| {
                matches!(w, "ont" | "avait" | "avaient" | "aurait" | "auraient")
                    || (w == "a" && self.is_avoir(k - 1))
                    || is_adverb(w)
            })
        {
            k -= 1;
        }
        let before = k.checked_sub(1)?;
        let (que, subject) = match &self.row[before] {
            // « que tenait depuis trois ans le groupe EI »
            Item::Word { text, .. } if matches!(text.as_str(), "que" | "qu'") => {
                let s = self.right(end, 6, subj_ok)?;
                if self.row[end..s]
                    .iter()
                    .any(|i| i.is_punct(&[',']) || i.word().is_some_and(is_verb_like))
                {
                    return None;
                }
                (before, s)
            }
            // « qu'elles ont reprise »
            Item::Word { text, .. } if matches!(text.as_str(), "ils" | "elles") => {
                let que = before.checked_sub(1)?;
                if !matches!(self.row[que].word(), Some("que" | "qu'")) {
                    return None;
                }
                let start = (0..que)
                    .rev()
                    .find(|&j| self.row[j].is_punct(CLAUSE_STOPS))
                    .map_or(0, |j| j + 1);
                let s = (start..que)
                    .find(|&j| self.accepts(j, &subj_ok) && !self.governed(j) && !self.is_dateline(j))?;
                (que, s)
            }
            // « que l'EI contrôle »
            Item::Entity { .. } if self.accepts(before, &subj_ok) => {
                let que = self.before_article(before).checked_sub(1)?;
                if !matches!(self.row[que].word(), Some("que" | "qu'")) {
                    return None;
                }
                (que, before)
            }
            _ => return None,
        };
        // « que » right after a verb is a conjunction (« affirme que »), not
        // a relative pronoun: its antecedent is a noun, an entity or a comma.
        let prev = que.checked_sub(1)?;
        if matches!(&self.row[prev], Item::Word { text, .. } if !PLACE_NOUNS.contains(&text.as_str()) && !is_place_adjective(text))
        {
            return None;
        }
        let o = self.described_place(que, obj_ok)?;
        (o < que && o != subject).then_some((subject, o))
    }

    /// « Les YPG avaient franchi le lac le 22 mars avant de libérer X le
    /// 26 »: « avant de » after a clause in a past tense tells what came
    /// next, a deed like the first.
    fn narrative_infinitive(&self, t: usize) -> bool {
        if t < 2
            || self.row[t - 2].word() != Some("avant")
            || !matches!(self.row[t - 1].word(), Some("de" | "d'"))
        {
            return false;
        }
        let mut k = t - 2;
        while k > 0 {
            k -= 1;
            if self.row[k].is_punct(CLAUSE_STOPS) {
                return false;
            }
            if let Some(w) = self.row[k].word() {
                if MODALS.contains(&w) {
                    return false;
                }
                if matches!(w, "ont" | "avait" | "avaient" | "eurent") || (w == "a" && self.is_avoir(k)) {
                    // A past participle follows the auxiliary (not « a
                    // pour objectif »).
                    return self.row.get(k + 1).and_then(Item::word).is_some_and(|p| {
                        p.ends_with('e')
                            || p.ends_with('i')
                            || p.ends_with('s')
                            || p.ends_with('t')
                            || p.ends_with('u')
                    });
                }
            }
        }
        false
    }

    /// The first entity of the clause holding `t` that no preposition
    /// governs.
    fn first_subject(&self, t: usize, want: ClassTest) -> Option<usize> {
        let start = (0..t)
            .rev()
            .find(|&k| self.row[k].is_punct(CLAUSE_STOPS))
            .map_or(0, |k| k + 1);
        (start..t).find(|&k| self.accepts(k, &want) && !self.governed(k) && !self.is_dateline(k))
    }

    /// The subject of the main clause holding `t`, for an adjunct that
    /// closes it (« X, épaulées par Y, ont brisé le siège de Z, au terme
    /// d'une offensive … »): the first entity of the sentence that no
    /// preposition governs, past a dispatch's dateline, when no relative
    /// pronoun or subordinating conjunction opens another clause between it
    /// and `t`.
    fn main_subject(&self, t: usize, want: ClassTest) -> Option<usize> {
        let s = self.first_subject(t, want)?;
        // « ainsi que » coordinates; any other « que » subordinates.
        let other_clause = (s + 1..t).any(|k| {
            self.row[k].word().is_some_and(|w| match w {
                "que" | "qu'" => self.row[k - 1].word() != Some("ainsi"),
                "qui" | "dont" | "tandis" | "alors" | "mais" | "lorsque" | "quand" | "car" => true,
                _ => false,
            })
        });
        (!other_clause).then_some(s)
    }

    /// The place a zone held lies in: « une zone contrôlée par Daech en
    /// Syrie, dans la vallée de l'Euphrate », « les quartiers tenus par l'EI
    /// à Mossoul » — the place after « dans » or « à » that follows the
    /// agent of the holder cue at `t..end`, when the cue agrees with a noun
    /// of area right before it.
    fn zone_in(&self, t: usize, end: usize, want: ClassTest) -> Option<usize> {
        let noun = t.checked_sub(1).and_then(|k| self.row[k].word())?;
        if !matches!(
            noun,
            "zone"
                | "zones"
                | "region"
                | "regions"
                | "secteur"
                | "secteurs"
                | "territoire"
                | "territoires"
                | "quartier"
                | "quartiers"
                | "poche"
                | "poches"
        ) {
            return None;
        }
        let agent =
            (end..(end + 4).min(self.row.len())).find(|&k| matches!(self.row[k], Item::Entity { .. }))?;
        let mut k = agent + 1;
        // « en Syrie » says which country, then the place.
        if self.row.get(k).and_then(Item::word) == Some("en") {
            k += 2;
        }
        if self.row.get(k).is_some_and(|i| i.is_punct(&[','])) {
            k += 1;
        }
        if !matches!(self.row.get(k).and_then(Item::word), Some("dans" | "a")) {
            return None;
        }
        k += 1;
        while self.row.get(k).and_then(Item::word).is_some_and(is_determiner) {
            k += 1;
        }
        (k < self.row.len() && self.accepts(k, &want)).then_some(k)
    }

    /// The subject of the verb group at `t` past an apposition between
    /// commas, however long (« les héros de l'armée, appuyés par la police
    /// locale et par les combattants de la mobilisation tribale (Hachd
    /// al-Achaïri), ont libéré »): the entity right before one of the commas
    /// that open it, which no preposition governs.
    fn subject_before_apposition(&self, t: usize, want: ClassTest) -> Option<usize> {
        let mut k = t;
        while k > 0
            && self.row[k - 1].word().is_some_and(|w| {
                matches!(
                    w,
                    "a" | "ont" | "avait" | "avaient" | "est" | "sont" | "s'" | "se" | "ne" | "n'" | "ete"
                ) || is_adverb(w)
            })
        {
            k -= 1;
        }
        let close = k.checked_sub(1).filter(|&c| self.row[c].is_punct(&[',']))?;
        let mut commas = 0;
        for j in (close.saturating_sub(40)..close).rev() {
            if self.row[j].is_punct(CLAUSE_STOPS) {
                return None;
            }
            if !self.row[j].is_punct(&[',']) {
                continue;
            }
            commas += 1;
            if commas > 3 {
                return None;
            }
            if let Some(s) = j
                .checked_sub(1)
                .filter(|&s| self.accepts(s, &want) && !self.governed(s))
            {
                return Some(s);
            }
        }
        None
    }

    /// The actor a generic group of fighters belongs to: « les miliciens
    /// chiites de l'organisation Badr » are Badr's, « les combattants de
    /// l'EI » the EI's. A unit (« la 9e division de l'armée ») stays itself.
    fn genitive_actor(&self, k: usize) -> usize {
        let Item::Entity { entity, .. } = &self.row[k] else {
            return k;
        };
        let e = &self.entities[*entity];
        let surface = fold_str(&self.text[self.row[k].span().clone()]);
        let head = surface
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty() && !is_determiner(w) && *w != "ces")
            .unwrap_or_default()
            .to_string();
        let generic = matches!(
            head.as_str(),
            "miliciens"
                | "milices"
                | "combattants"
                | "hommes"
                | "elements"
                | "unites"
                | "troupes"
                | "soldats"
                | "membres"
                | "jihadistes"
                | "djihadistes"
                | "terroristes"
                | "mercenaires"
                | "rebelles"
        );
        if !e.class.is_armed() || e.kind == "unit" || !generic {
            return k;
        }
        if !self.word_in(k + 1, &["de", "d'", "du", "des"]) {
            return k;
        }
        let j = self.past_article(k + 2);
        if j < self.row.len() && self.accepts(j, &|c: Class| c.is_armed()) {
            j
        } else {
            k
        }
    }

    /// The person a role names after a comma, past ranks and an apposition
    /// of the organisation: « le porte-parole du Pentagone, le contre-amiral
    /// John Kirby », « le commandant des Forces du Tigre, unité d'élite de
    /// l'armée, le général de brigade Souheil al-Hassan ». No verb may stand
    /// between.
    fn apposed_person(&self, from: usize, want: ClassTest) -> Option<usize> {
        let mut comma = false;
        for j in from + 1..(from + 16).min(self.row.len()) {
            match &self.row[j] {
                Item::Punct { c, .. } if CLAUSE_STOPS.contains(c) || *c == '«' => return None,
                Item::Punct { c: ',', .. } => comma = true,
                Item::Word { text, .. }
                    if is_verb_like(text) && (text != "a" || self.is_avoir(j)) && text != "et" =>
                {
                    return None;
                }
                Item::Entity { .. } if self.accepts(j, &want) => {
                    let mut k = j;
                    while k > from + 1
                        && self.row[k - 1]
                            .word()
                            .is_some_and(|w| is_determiner(w) || is_rank(w))
                    {
                        k -= 1;
                    }
                    return (comma && self.row[k - 1].is_punct(&[','])).then_some(j);
                }
                _ => {}
            }
        }
        None
    }

    /// The armed actor that announces or claims the event named at `t`:
    /// « l'armée a annoncé mardi la reprise de X », « les FDS revendiquent
    /// la prise de X ».
    fn announcer(&self, t: usize, want: ClassTest) -> Option<usize> {
        let mut k = t;
        let mut n = 0;
        while k > 0 && n < 6 {
            k -= 1;
            n += 1;
            let w = self.row[k].word()?;
            if matches!(
                w,
                "annonce"
                    | "annoncent"
                    | "annoncait"
                    | "revendique"
                    | "revendiquent"
                    | "proclame"
                    | "proclament"
                    | "confirme"
                    | "confirment"
                    | "celebre"
                    | "celebrent"
            ) {
                let s = self.left_subject(k, 10, want)?;
                return (self.accepts(s, &|c: Class| c.is_armed())).then_some(s);
            }
            if !(is_determiner(w) || is_time_word(w) || w.chars().all(|c| c.is_ascii_digit())) {
                return None;
            }
        }
        None
    }

    /// The place a participle right after it describes: « Après Fallouja,
    /// reprise fin juin par … », « la ville, tombée aux mains de … ».
    fn comma_apposed(&self, t: usize, want: ClassTest) -> Option<usize> {
        let mut k = t;
        while k > 0 && self.row[k - 1].word().is_some_and(is_adverb) {
            k -= 1;
        }
        (k >= 2
            && self.row[k - 1].is_punct(&[','])
            && self.accepts(k - 2, &want)
            && !self.spatial_complement(k - 2))
        .then(|| k - 2)
    }

    /// What a participle or a holder cue at `t` describes (« Mossoul,
    /// tombée aux mains de », « Hit, une ville … tenue depuis 2014 par »):
    /// the nearest subject on its left, else the subject that heads its
    /// clause past appositions and locatives (« Rawa, sur l'Euphrate, à
    /// l'est de X, dernière localité encore aux mains de »), else a subject
    /// after a fronted phrase. Nothing when the participle agrees with the
    /// common noun right before it (« les zones tenues par Daech »).
    fn described_place(&self, t: usize, want: ClassTest) -> Option<usize> {
        let mut k = t;
        while k > 0 && self.row[k - 1].word().is_some_and(is_adverb) {
            k -= 1;
        }
        if k >= 2
            && self.row[k - 1]
                .word()
                .is_some_and(|w| !PLACE_NOUNS.contains(&w) && !is_verb_like(w) && !is_determiner(w))
            && self.row[k - 2].word().is_some_and(|w| {
                is_determiner(w) || matches!(w, "une" | "un" | "quelques" | "plusieurs" | "ces" | "certaines")
            })
        {
            return None;
        }
        self.comma_apposed(t, want)
            .or_else(|| self.apposed_place(t, want))
            .or_else(|| self.left_subject(t, 25, want))
            .or_else(|| self.clause_head(t, want))
            .or_else(|| self.fronted_subject(t, want))
    }

    /// The place an apposition holding `t` describes: « après la reprise de
    /// Rutba, une ville de la province d'Anbar tenue par … » is about Rutba,
    /// whatever governs it, unless it only says where (« à l'ouest de
    /// Bagdad, dernière localité … » is not about Bagdad).
    fn apposed_place(&self, t: usize, want: ClassTest) -> Option<usize> {
        let mut k = t;
        while k > 1 && t - k < 14 {
            k -= 1;
            if self.row[k].is_punct(CLAUSE_STOPS) {
                return None;
            }
            if !self.row[k].is_punct(&[',']) {
                continue;
            }
            let opens = self.row[k + 1]
                .word()
                .is_some_and(|w| matches!(w, "une" | "un" | "la" | "le" | "l'" | "cette"))
                && (k + 2..(k + 5).min(t))
                    .any(|n| self.row[n].word().is_some_and(|w| PLACE_NOUNS.contains(&w)));
            let head = k - 1;
            return (opens && self.accepts(head, &want) && !self.spatial_complement(head)).then_some(head);
        }
        None
    }

    /// Whether the entity at `j` only says where: « à l'ouest de Bagdad »,
    /// « près de Mossoul », « sur l'Euphrate », « dans la province de X ».
    fn spatial_complement(&self, j: usize) -> bool {
        let k = self.before_article(j);
        let Some(w) = k.checked_sub(1).and_then(|p| self.row[p].word()) else {
            return false;
        };
        match w {
            "a" | "au" | "aux" | "pres" | "sur" | "dans" | "vers" | "en" | "depuis" | "entre" | "jusqu'" => {
                true
            }
            "de" | "d'" | "du" | "des" => {
                k.checked_sub(2)
                    .and_then(|p| self.row[p].word())
                    .is_some_and(|h| {
                        matches!(
                            h,
                            "nord"
                                | "sud"
                                | "est"
                                | "ouest"
                                | "km"
                                | "kilometres"
                                | "frontiere"
                                | "rive"
                                | "rives"
                                | "environs"
                                | "abords"
                                | "peripherie"
                                | "portes"
                                | "loin"
                                | "proximite"
                                | "province"
                                | "region"
                                | "long"
                        )
                    })
            }
            _ => false,
        }
    }

    /// The first entity of the clause holding `t` that no preposition
    /// governs, when only appositions and locatives stand between it and the
    /// verb group ending at `t` (no other finite verb, no relative pronoun).
    fn clause_head(&self, t: usize, want: ClassTest) -> Option<usize> {
        let start = (0..t)
            .rev()
            .find(|&k| self.row[k].is_punct(CLAUSE_STOPS))
            .map_or(0, |k| k + 1);
        let head =
            (start..t).find(|&k| self.accepts(k, &want) && !self.governed(k) && !self.is_dateline(k))?;
        if t - head > 45 {
            return None;
        }
        // The auxiliaries of the verb group itself.
        let mut aux = t;
        while aux > head + 1
            && self.row[aux - 1].word().is_some_and(|w| {
                matches!(
                    w,
                    "est" | "sont" | "etait" | "etaient" | "fut" | "furent" | "ete" | "a" | "ont"
                ) || is_adverb(w)
            })
        {
            aux -= 1;
        }
        let clean = (head + 1..aux).all(|k| match &self.row[k] {
            Item::Word { text, .. } => {
                let after_article = k > 0 && self.row[k - 1].word() == Some("l'");
                !(matches!(
                    text.as_str(),
                    "qui"
                        | "que"
                        | "qu'"
                        | "dont"
                        | "ont"
                        | "sont"
                        | "etait"
                        | "etaient"
                        | "avait"
                        | "avaient"
                ) || (text == "a" && self.is_avoir(k))
                    || (text == "est" && !after_article))
            }
            Item::Entity { .. } => !self.accepts(k, &want) || self.governed(k),
            Item::Punct { .. } => true,
        });
        clean.then_some(head)
    }

    /// The nearest entity on the left that can be a clause's subject.
    fn left_subject(&self, t: usize, max: usize, want: impl Fn(Class) -> bool) -> Option<usize> {
        let mut j = t;
        while let Some(k) = self.left(j, max.saturating_sub(t - j), &want) {
            if !self.governed(k) {
                return Some(k);
            }
            j = k;
        }
        None
    }

    /// The nearest fitting mention on each side of a trigger, within
    /// `reach` words to the left and right: the « X <trigger> Y » shape most
    /// frames start from.
    fn flanks(
        &self,
        (t, end): (usize, usize),
        (left, right): (usize, usize),
        (left_ok, right_ok): (ClassTest, ClassTest),
    ) -> Option<(usize, usize)> {
        Some((self.left(t, left, left_ok)?, self.right(end, right, right_ok)?))
    }

    /// One fact for each subject with each object, its span covering the
    /// pair: the coordinated arguments of one clause.
    fn push_each(
        &mut self,
        p: Predicate,
        subjects: &[usize],
        objects: &[usize],
        rule: &str,
        confidence: f32,
    ) {
        for &s in subjects {
            for &o in objects {
                self.push(p, s, o, (s, o), rule, confidence);
            }
        }
    }

    fn push(
        &mut self,
        p: Predicate,
        s_item: usize,
        o_item: usize,
        span_items: (usize, usize),
        rule: &str,
        confidence: f32,
    ) {
        let (s, o) = (self.entity(s_item), self.entity(o_item));
        self.push_entities(p, s, o, span_items, rule, confidence);
    }

    fn push_entities(
        &mut self,
        p: Predicate,
        s: usize,
        o: usize,
        span_items: (usize, usize),
        rule: &str,
        confidence: f32,
    ) {
        if s == o || !fits_entities(p, &self.entities[s], &self.entities[o]) {
            return;
        }
        let (a, b) = (span_items.0.min(span_items.1), span_items.0.max(span_items.1));
        let span = self.row[a].span().start..self.row[b].span().end;
        self.facts
            .push(Fact::stated(p, (s, o), self.sentence, span, rule, confidence));
    }

    /// A dispatch's dateline, « BAGDAD, 21 octobre 2015 (AFP) - »: where the
    /// piece was filed, not what the sentence is about.
    fn is_dateline(&self, i: usize) -> bool {
        i == 0
            && self.row.get(1).is_some_and(|p| p.is_punct(&[',']))
            && !self.text[self.row[0].span().clone()]
                .chars()
                .any(char::is_lowercase)
    }

    /// Whether the entity at `i` is written starting with `word` (folded):
    /// « la frontière syrienne » names Syria.
    fn surface_starts(&self, i: usize, words: &[&str]) -> bool {
        let span = self.row[i].span();
        let surface = fold_str(&self.text[span.clone()]);
        let surface = surface.trim_start_matches(|c: char| !c.is_alphanumeric());
        words.iter().any(|w| surface.starts_with(w))
    }

    /// The subject a sentence-opening phrase describes: « Appuyés par la
    /// coalition, les Peshmerga … », « Libérée par l'armée, Ramadi … »,
    /// « Sous le contrôle des YPG, Kobané … ». Only when the trigger opens
    /// the sentence (no entity before it); the subject is the first entity
    /// after the phrase's comma that no preposition governs.
    fn fronted_subject(&self, t: usize, want: ClassTest) -> Option<usize> {
        if t > 2
            || self.row[..t]
                .iter()
                .any(|i| matches!(i, Item::Entity { .. }) || i.is_punct(CLAUSE_STOPS))
        {
            return None;
        }
        let comma = (t..self.row.len()).find(|&k| self.row[k].is_punct(&[',']))?;
        (comma + 1..self.row.len())
            .take_while(|&k| !self.row[k].is_punct(CLAUSE_STOPS))
            .find(|&k| self.class(k).is_some_and(want) && !self.governed(k))
    }

    /// The subject of a sentence that opens on « Situé(e)(s) … , X »: the
    /// first place after `from` that no preposition governs.
    fn opening_participle_subject(&self, from: usize, want: ClassTest) -> Option<usize> {
        let first = self.row.iter().find_map(Item::word)?;
        if !matches!(
            first,
            "situe"
                | "situee"
                | "situes"
                | "situees"
                | "localise"
                | "localisee"
                | "perche"
                | "perchee"
                | "nichee"
                | "niche"
        ) {
            return None;
        }
        (from + 1..self.row.len()).find(|&k| {
            self.class(k).is_some_and(want)
                && !self.governed(k)
                && k > 0
                && self.row[k - 1].is_punct(&[','])
                && !self.spatial_objects.contains(&k)
        })
    }

    /// « Après avoir repris X, S … »: the fact with S as subject.
    fn after_having(&mut self, p: Predicate, t: usize, end: usize, s: usize, obj_ok: ClassTest, rule: &str) {
        if let Some(o) = self.right(end, 8, obj_ok).filter(|&o| o < s) {
            self.push(p, s, o, (t, s), rule, 0.85);
        }
    }

    /// Whether the trigger at `t` is a finite verb with `subject` as its
    /// subject (see the active voice in [`Reader::apply`]).
    fn finite(&self, t: usize, subject: usize) -> bool {
        const AVOIR: &[&str] = &[
            "a", "ont", "avait", "avaient", "aurait", "auraient", "ayant", "avoir", "eu", "aura", "auront",
            "eut",
        ];
        const ETRE: &[&str] = &[
            "est", "sont", "etait", "etaient", "serait", "seraient", "etre", "fut", "furent",
        ];
        // « X, qui dirige Y »: the relative pronoun stands for the subject.
        if t > 0 && self.row[t - 1].word() == Some("qui") {
            return true;
        }
        // « ont libéré X et libéré Y », « a repris X, puis chassé Y »: a
        // participle coordinated with one whose auxiliary stands before.
        if t > 0 && matches!(self.row[t - 1].word(), Some("et" | "puis")) {
            let mut k = t - 1;
            while k > subject && t - k < 16 {
                k -= 1;
                if self.row[k].is_punct(CLAUSE_STOPS) {
                    break;
                }
                if let Some(w) = self.row[k].word() {
                    if matches!(w, "ont" | "avait" | "avaient") || (w == "a" && self.is_avoir(k)) {
                        return true;
                    }
                }
            }
        }
        let mut seen = 0;
        let mut k = t;
        while k > 0 && seen < 4 {
            k -= 1;
            let Some(w) = self.row[k].word() else { break };
            seen += 1;
            if w == "ete" {
                return false; // passive without its agent
            }
            if AVOIR.contains(&w) && (w != "a" || self.is_avoir(k)) {
                return true;
            }
            if ETRE.contains(&w) {
                return k > 0 && matches!(self.row[k - 1].word(), Some("se" | "s'"));
            }
        }
        // « Le CTS, appuyé par …, tient désormais la ville »: an
        // apposition between commas right after the subject.
        let mut v = t;
        while v > 0 && self.row[v - 1].word().is_some_and(is_adverb) {
            v -= 1;
        }
        if v > subject + 2
            && self.row[v - 1].is_punct(&[','])
            && self.row[subject + 1].is_punct(&[','])
            && !self.row[subject + 2..v - 1].iter().any(|i| {
                i.is_punct(&[';', ':'])
                    || i.word()
                        .is_some_and(|w| matches!(w, "qui" | "que" | "qu'" | "dont"))
            })
        {
            return true;
        }
        // No auxiliary: the subject must stand right before the verb.
        subject + 4 >= t
            && !self.row[subject + 1..t]
                .iter()
                .any(|i| i.is_punct(&[',', ';', ':']))
    }

    /// The place named right after a struck enemy: « les positions de Daech
    /// dans le sud de Qayrawan », « les jihadistes à Mossoul ».
    fn strike_place(&self, enemy: usize) -> Option<usize> {
        let mut located = false;
        for k in enemy + 1..(enemy + 7).min(self.row.len()) {
            match &self.row[k] {
                Item::Word { text, .. } => {
                    if matches!(
                        text.as_str(),
                        "dans" | "a" | "au" | "pres" | "autour" | "aux" | "en"
                    ) {
                        located = true;
                    }
                }
                Item::Entity { entity, .. } => {
                    // « dans le nord de l'Irak » says where, not what was hit.
                    let country = self.entities[*entity].kind == "country";
                    return (located && !country && self.class(k) == Some(Class::Place)).then_some(k);
                }
                Item::Punct { .. } => return None,
            }
        }
        None
    }

    /// The armed actor a place was taken from: « repris X aux jihadistes »,
    /// « libéré X de Daech », « repris aux jihadistes X ».
    fn former_holder(&self, trigger_end: usize, place: usize) -> Option<usize> {
        let armed = |c: Class| c.is_armed();
        let from = |k: usize| {
            matches!(
                self.row.get(k).and_then(Item::word),
                Some("a" | "aux" | "de" | "des" | "d'" | "du")
            )
        };
        // After the place, within a few words.
        let mut k = place + 1;
        while k < self.row.len() && k <= place + 12 {
            if self.row[k].is_punct(CLAUSE_STOPS) {
                break;
            }
            // « avec le soutien aérien de la coalition »: a helper follows.
            if self.row[k]
                .word()
                .is_some_and(|w| w == "avec" || SUPPORT_NOUNS.contains(&w))
            {
                break;
            }
            if let Some(c) = self.class(k) {
                let article = matches!(self.row[k - 1].word(), Some("la" | "le" | "les" | "l'"));
                let prep = if article {
                    k >= 2 && from(k - 2)
                } else {
                    from(k - 1)
                };
                if armed(c) && prep {
                    return Some(k);
                }
                if c != Class::Place {
                    break;
                }
            }
            k += 1;
        }
        // Between the verb and the place: « ont repris aux jihadistes X »,
        // « ont fait tomber le drapeau des terroristes à X ».
        (trigger_end..place).find(|&k| {
            self.class(k).is_some_and(armed)
                && k > 0
                && (matches!(self.row[k - 1].word(), Some("aux" | "a" | "drapeau"))
                    || (k >= 2
                        && matches!(self.row[k - 1].word(), Some("des" | "du" | "de" | "d'"))
                        && self.row[k - 2].word() == Some("drapeau")))
        })
    }

    /// Whether the word at `k`, folded to « a », is written « a » (the verb
    /// avoir), not « à » (the preposition).
    fn is_avoir(&self, k: usize) -> bool {
        matches!(&self.text[self.row[k].span().clone()], "a" | "A")
    }

    /// Whether « par » follows the trigger, past adverbs and time phrases
    /// (« lancée ce matin très tôt par »): the passive voice. Returns where
    /// the agent starts.
    fn passive_agent(&self, end: usize) -> Option<usize> {
        for k in end..(end + 7).min(self.row.len()) {
            match &self.row[k] {
                Item::Word { text, .. } if text == "par" => return Some(k + 1),
                // « à 4 heures », « à l'aube »: the preposition, not « a ».
                Item::Word { text, .. } if text == "a" && !self.is_avoir(k) => continue,
                Item::Word { text, .. } if is_verb_like(text) => return None,
                Item::Word { .. } => continue,
                Item::Punct { c: ',', .. } => continue,
                // « reprise à Daech par l'ASL », « libérée de l'EI par »:
                // who lost it, then the agent.
                Item::Entity { .. } if self.taken_from(k) || self.freed_of(end) == Some(k) => continue,
                _ => return None,
            }
        }
        None
    }

    /// Whether the entity at `k` is what a place was taken from: « à
    /// Daech », « aux jihadistes », « à l'EI » (the preposition « à »).
    fn taken_from(&self, k: usize) -> bool {
        let p = self.before_article(k);
        self.class(k).is_some_and(Class::is_armed)
            && p > 0
            && match self.row[p - 1].word() {
                Some("aux") => true,
                Some("a") => !self.is_avoir(p - 1),
                _ => false,
            }
    }

    /// The armed actor a place is freed or cleared of, right after a
    /// participle: « libérée de Daech », « nettoyée des terroristes ».
    fn freed_of(&self, end: usize) -> Option<usize> {
        let mut k = end;
        // « des terroristes » is one mention, its article included.
        if self.class(k).is_some_and(Class::is_armed) && self.surface_starts(k, &["des ", "du "]) {
            return Some(k);
        }
        if !self.word_in(k, &["de", "d'", "du", "des"]) {
            return None;
        }
        k = self.past_article(k + 1);
        // « des mercenaires de Daech », « des combattants de l'EI »
        let noun = self
            .row
            .get(k)
            .and_then(Item::word)
            .is_some_and(|w| !is_determiner(w));
        if noun && self.word_in(k + 1, &["de", "d'", "du"]) {
            k = self.past_article(k + 2);
        }
        (k < self.row.len() && self.class(k).is_some_and(Class::is_armed)).then_some(k)
    }

    fn apply(&mut self, t: usize, end: usize, tr: &Trigger) {
        let p = tr.predicate;
        let rule = format!("{}/{:?}", p.name(), tr.frame).to_lowercase();
        let armed = |c: Class| c.is_armed();
        let (subj_ok, obj_ok) = argument_classes(p);
        if tr.frame.voided_by_sentence() && blocked(self.row, t, end, false) {
            return;
        }
        match tr.frame {
            Frame::Verb | Frame::Infinitive => {
                if tr.frame == Frame::Infinitive
                    && matches!(
                        p,
                        Predicate::Captured
                            | Predicate::Controls
                            | Predicate::WithdrewFrom
                            | Predicate::Besieged
                    )
                    && !self.narrative_infinitive(t)
                {
                    return; // « pour reprendre X » is a purpose, never a deed
                }
                // « ont rassemblé des véhicules piégés pour attaquer les
                // forces »: an attack's purpose names its target (the
                // contract's cue), while a plan (« veut attaquer ») does not.
                // « a annoncé la reprise de X »: after an article the word is
                // the noun (its own frame reads it), not the participle.
                if tr.frame == Frame::Verb
                    && t > 0
                    && self.row[t - 1].word().is_some_and(|w| {
                        matches!(
                            w,
                            "la" | "le"
                                | "l'"
                                | "les"
                                | "des"
                                | "une"
                                | "un"
                                | "sa"
                                | "son"
                                | "ses"
                                | "leur"
                                | "leurs"
                                | "cette"
                                | "ce"
                                | "ces"
                                | "du"
                        )
                    })
                {
                    return;
                }
                let purpose_blocks = tr.frame == Frame::Infinitive && p != Predicate::Attacked;
                // « l'objectif de l'opération X, lancée en août par Y »: a
                // participle after a comma is an apposition, asserted
                // whatever governs the clause before it.
                let scope = if tr.frame == Frame::Verb && t > 0 && self.row[t - 1].is_punct(&[',']) {
                    t
                } else {
                    0
                };
                if blocked(&self.row[scope..], t - scope, end - scope, purpose_blocks) {
                    return;
                }
                if p == Predicate::LaunchedBy {
                    // « X a lancé une opération » / « une opération lancée par X »
                    if let Some(after) = self.passive_agent(end) {
                        // « la coalition menée par les États-Unis »: the
                        // participle describes the actor right before it.
                        let describes_actor = t > 0
                            && matches!(self.row[t - 1], Item::Entity { .. })
                            && self.class(t - 1) != Some(Class::Operation);
                        if describes_actor {
                            return;
                        }
                        if let (Some(op), Some(a)) = (self.left(t, 12, subj_ok), self.right(after, 4, obj_ok))
                        {
                            for a in self.with_conjuncts_right(a, &obj_ok) {
                                self.push(p, op, a, (op, a), "launchedBy/passive", 0.9);
                            }
                        }
                    } else if let (Some(a), Some(op)) =
                        (self.left(t, 12, obj_ok), self.right(end, 5, subj_ok))
                    {
                        // « X, qui a dirigé l'opération ainsi que la 9e
                        // division »: an actor added after the operation with
                        // « ainsi que » or « avec » led it too (an operation
                        // and a force are not joint objects).
                        let mut k = op + 1;
                        // « l'opération Qayyara »: the target named inside.
                        if self.class(k) == Some(Class::Place) {
                            k += 1;
                        }
                        let joined = match (
                            self.row.get(k).and_then(Item::word),
                            self.row.get(k + 1).and_then(Item::word),
                        ) {
                            (Some("ainsi"), Some("que" | "qu'")) => {
                                k += 2;
                                true
                            }
                            _ => false,
                        };
                        if joined {
                            while self.row.get(k).and_then(Item::word).is_some_and(is_determiner) {
                                k += 1;
                            }
                            if k < self.row.len() && self.accepts(k, &|c: Class| c.is_armed()) {
                                for co in self.with_conjuncts_right(k, &obj_ok) {
                                    self.push(p, op, co, (a, co), "launchedBy/verb", 0.8);
                                }
                            }
                        }
                        for ag in self.with_conjuncts_left(a, &obj_ok) {
                            self.push(p, op, ag, (ag, op), "launchedBy/verb", 0.85);
                        }
                    }
                    return;
                }
                // « 7 000 soldats sont assiégés à Deir ez-Zor par l'EI »,
                // « encerclés dans Baghouz par les FDS »: the people are
                // inside, the place after « à » or « dans » is besieged.
                if p == Predicate::Besieged && matches!(self.row[end].word(), Some("a" | "dans" | "au")) {
                    let k = self.past_article(end + 1);
                    if k < self.row.len() && self.class(k) == Some(Class::Place) {
                        if let Some(s) = self.passive_agent(k + 1).and_then(|a| self.right(a, 4, subj_ok)) {
                            let s = self.genitive_actor(s);
                            self.push(p, s, k, (k, s), "besieged/passive-inside", 0.8);
                        }
                        return;
                    }
                }
                if let Some(after) = self.passive_agent(end) {
                    let patient = self.described_place(t, obj_ok);
                    if let (Some(o), Some(s)) = (patient, self.right(after, 4, subj_ok)) {
                        for s in self.with_conjuncts_right(s, &subj_ok) {
                            self.push(p, s, o, (o, s), &format!("{}/passive", p.name()), 0.85);
                        }
                        if p == Predicate::Captured {
                            if let Some(h) = (end..after)
                                .find(|&k| self.taken_from(k))
                                .or_else(|| self.freed_of(end))
                            {
                                self.push(Predicate::Controls, h, o, (o, h), "controls/former-holder", 0.8);
                            }
                        }
                    }
                    return;
                }
                // « Soran a été nettoyée des terroristes », « Dabiq libérée
                // de Daech »: no agent, but who held the place.
                let mut v = t;
                while v > 0 && self.row[v - 1].word().is_some_and(is_adverb) {
                    v -= 1;
                }
                if p == Predicate::Captured
                    && (self.row[v.saturating_sub(1)].word() == Some("ete")
                        || v == 0
                        || !matches!(self.row[v - 1], Item::Word { .. }))
                {
                    if let (Some(h), Some(o)) = (self.freed_of(end), self.described_place(v, obj_ok)) {
                        for o in self.with_conjuncts_left(o, &obj_ok) {
                            self.push(Predicate::Controls, h, o, (o, h), "controls/freed-of", 0.8);
                        }
                    }
                }
                // « X, que l'EI contrôle depuis 2014 », « X, que tenait
                // depuis trois ans Y », « X, qu'elles ont reprise à Y »: the
                // relative pronoun stands for the object.
                if tr.frame == Frame::Verb {
                    if let Some((s, o)) = self.object_relative(t, end, subj_ok, obj_ok) {
                        for s in self.with_conjuncts_left(s, &subj_ok) {
                            self.push(
                                p,
                                s,
                                o,
                                (o.min(s), o.max(s).max(t)),
                                &format!("{}/relative", p.name()),
                                0.8,
                            );
                        }
                        if p == Predicate::Captured {
                            if let Some(h) = self.former_holder(end, o).filter(|&h| h > t) {
                                self.push(Predicate::Controls, h, o, (o, h), "controls/former-holder", 0.8);
                            }
                        }
                        return;
                    }
                }
                // « Après avoir repris X, les forces … »: the infinitive
                // clause shares the main clause's subject, which follows it.
                let after_having = t >= 2
                    && self.row[t - 2].word() == Some("apres")
                    && matches!(self.row[t - 1].word(), Some("avoir" | "etre"));
                // « X ont rétabli la sécurité à Y, après avoir éliminé Z »:
                // the main clause stands before, its subject too.
                let clause_start = (0..t)
                    .rev()
                    .find(|&k| self.row[k].is_punct(CLAUSE_STOPS))
                    .map_or(0, |k| k + 1);
                let main_before = after_having
                    && (clause_start..t.saturating_sub(2))
                        .any(|k| self.accepts(k, &subj_ok) && !self.governed(k));
                let subject = if after_having && main_before {
                    self.first_subject(t, subj_ok)
                } else if after_having {
                    let comma = (end..self.row.len()).find(|&k| self.row[k].is_punct(&[',']));
                    let mut next = comma;
                    // Skip appositions: the subject starts the main clause.
                    while let Some(c) = next {
                        match self.right(c + 1, 4, subj_ok) {
                            Some(k) if !self.row[c + 1..k].iter().any(|i| i.is_punct(&[','])) => {
                                return self.after_having(p, t, end, k, obj_ok, &rule);
                            }
                            _ => next = (c + 1..self.row.len()).find(|&k| self.row[k].is_punct(&[','])),
                        }
                    }
                    None
                } else {
                    // « Les combattants des YPG, qui …, avaient franchi le
                    // lac … avant de libérer X »: the main clause's subject,
                    // past its relative clause.
                    let narrative = tr.frame == Frame::Infinitive && self.narrative_infinitive(t);
                    narrative
                        .then(|| self.first_subject(t, subj_ok))
                        .flatten()
                        .or_else(|| self.relative_subject(t, subj_ok))
                        .or_else(|| self.left_subject(t, 16, subj_ok))
                        .or_else(|| self.subject_before_apposition(t, subj_ok))
                };
                let Some(s) = subject else {
                    return;
                };
                // Active voice needs a finite verb: an auxiliary (« ont
                // repris », « se sont emparés »), or the subject right before
                // the verb (« l'armée libère X »). A bare participle (« les
                // jihadistes, assiégés à Tal Afar ») describes its noun and
                // names no agent.
                // Withdrawing is said of the subject whatever the form:
                // « les jihadistes, retirés de X », « ont été forcés de se
                // retirer de X ».
                if tr.frame == Frame::Verb && p != Predicate::WithdrewFrom && !self.finite(t, s) {
                    return;
                }
                // A place after « en », « dans », « au » is where it
                // happened, not what was taken: « ne contrôle plus que
                // quelques poches en Syrie ».
                let direct = matches!(
                    p,
                    Predicate::Captured | Predicate::Controls | Predicate::WithdrewFrom | Predicate::Besieged
                );
                // Strikes name their target further off: « ont tiré,
                // mercredi, des missiles sur les positions de Daech ».
                let reach = if p == Predicate::Attacked { 10 } else { 8 };
                let o = self.right(end, reach, obj_ok).filter(|&o| {
                    // Past the article: « à l'est de l'Euphrate ».
                    let mut a = o;
                    while a > end + 1
                        && self.row[a - 1]
                            .word()
                            .is_some_and(|w| matches!(w, "l'" | "la" | "le" | "les"))
                    {
                        a -= 1;
                    }
                    let before = |k: usize| a.checked_sub(k).and_then(|i| self.row[i].word());
                    let locative = matches!(before(1), Some("en" | "dans" | "au" | "aux" | "vers"))
                        || (matches!(before(1), Some("du" | "de" | "d'" | "des"))
                            && matches!(
                                before(2),
                                Some(
                                    "nord"
                                        | "sud"
                                        | "est"
                                        | "ouest"
                                        | "fleuve"
                                        | "rive"
                                        | "autour"
                                        | "pres"
                                        | "environs"
                                        | "alentours"
                                        | "abords"
                                        | "portes"
                                        | "proximite"
                                        | "peripherie"
                                        | "direction"
                                )
                            ))
                        // « plusieurs villages autour de Bachiqa »
                        || (before(1) == Some("autour"))
                        // « se sont retirés à X » says where they went.
                        || (p == Predicate::WithdrewFrom && matches!(before(1), Some("a" | "jusqu'")));
                    !(direct && a > end && locative)
                });
                // « les terroristes dans la ville de X ont pris la fuite »:
                // fleeing names the place it leaves before the verb.
                let o = o.or_else(|| {
                    (p == Predicate::WithdrewFrom)
                        .then(|| (s + 1..t).find(|&k| self.class(k) == Some(Class::Place)))
                        .flatten()
                });
                // « X, un bastion de l'EI, d'où les jihadistes se sont
                // retirés »: the place « d'où » stands for.
                let o = o.or_else(|| {
                    (p == Predicate::WithdrewFrom
                        && s >= 2
                        && self.row[s - 2].word() == Some("d'")
                        && self.row[s - 1].word() == Some("ou"))
                    .then(|| self.described_place(s - 2, obj_ok))
                    .flatten()
                });
                let Some(o) = o else {
                    return;
                };
                let p = if self.class(s) == Some(Class::Operation) {
                    if p != Predicate::Attacked {
                        return;
                    }
                    Predicate::Targets
                } else {
                    p
                };
                let objects = self.with_conjuncts_right(o, &obj_ok);
                let mut subjects = self.with_conjuncts_left(s, &subj_ok);
                if tr.frame == Frame::Infinitive {
                    // « les combattants des YPG et des YPJ … avant de libérer »
                    subjects.extend(self.with_conjuncts_right(s, &subj_ok).into_iter().skip(1));
                }
                for s in subjects {
                    for &o in &objects {
                        self.push(p, s, o, (s, o), &rule, 0.9);
                    }
                }
                if p == Predicate::Attacked && self.class(o).is_some_and(Class::is_armed) {
                    // « … sur les positions de Daech dans le sud de Qayrawan »:
                    // the place where the enemy was struck is attacked too.
                    if let Some(place) = self.strike_place(o) {
                        for s in self.with_conjuncts_left(s, &subj_ok) {
                            self.push(p, s, place, (s, place), "attacked/strike-place", 0.75);
                        }
                    }
                }
                if p == Predicate::Captured {
                    // « ont repris X aux jihadistes », « ont libéré X de
                    // Daech »: who held the place before.
                    if let Some(h) = self.former_holder(end, *objects.last().unwrap_or(&o)) {
                        for &o in &objects {
                            self.push(Predicate::Controls, h, o, (o, h), "controls/former-holder", 0.8);
                        }
                    }
                }
            }
            Frame::Noun => {
                // « le siège imposé depuis trois ans par Daech à la ville de
                // X »: a participle and its agent, then the place after « à ».
                if let Some(after) = tr
                    .words
                    .last()
                    .filter(|w| w.starts_with("impose"))
                    .and_then(|_| self.passive_agent(end))
                {
                    let Some(s) = self.right(after, 4, subj_ok) else {
                        return;
                    };
                    let o = self.right(s + 1, 6, obj_ok).filter(|&o| {
                        self.row[s + 1..o]
                            .iter()
                            .any(|i| i.word().is_some_and(|w| matches!(w, "a" | "au" | "aux")))
                    });
                    if let Some(o) = o {
                        self.push(p, s, o, (t, o), &rule, 0.75);
                    }
                    return;
                }
                // The two arguments follow: « la reprise de X par Y »,
                // « le retrait de Daech de X ».
                // « la libération totale de la ville de Tabqa »
                let Some(o) = self
                    .right(end, 7, obj_ok)
                    .filter(|&o| o <= end + 4 || !self.row[end..o].iter().any(|i| i.is_punct(&[','])))
                else {
                    return;
                };
                let s = if p == Predicate::WithdrewFrom {
                    self.right(end, 4, subj_ok).filter(|&s| s < o)
                } else {
                    self.passive_agent(o + 1)
                        .and_then(|a| self.right(a, 4, subj_ok))
                        .or_else(|| {
                            if p == Predicate::Captured {
                                self.right(o + 1, 3, subj_ok).filter(|&s| {
                                    self.row[o + 1..s]
                                        .iter()
                                        .any(|w| matches!(w.word(), Some("aux" | "mains")))
                                })
                            } else {
                                None
                            }
                        })
                };
                // « Les FDS ont annoncé mercredi la libération de X »: an
                // armed actor announces its own victory.
                // « la reprise prochaine de X » is announced, not done.
                let ahead = self.row[end..o].iter().any(|i| {
                    i.word().is_some_and(|w| {
                        matches!(
                            w,
                            "prochaine"
                                | "prochain"
                                | "imminente"
                                | "imminent"
                                | "future"
                                | "futur"
                                | "eventuelle"
                                | "eventuel"
                        )
                    })
                }) || self.row[..t]
                    .last()
                    .and_then(Item::word)
                    .is_some_and(|w| matches!(w, "future" | "prochaine" | "eventuelle"));
                if ahead {
                    return;
                }
                let s = s.or_else(|| {
                    (p == Predicate::Captured)
                        .then(|| self.announcer(t, subj_ok))
                        .flatten()
                });
                if let Some(s) = s {
                    let objects = if s < o {
                        self.with_conjuncts_right(o, &obj_ok)
                    } else {
                        vec![o]
                    };
                    for o in objects {
                        self.push(p, s, o, (t.min(s), o.max(s)), &rule, 0.75);
                    }
                }
            }
            Frame::Holder => {
                // The held place heads its clause: « Rawa, sur l'Euphrate, à
                // l'est d'Al-Qaïm, dernière localité encore aux mains de
                // l'EI » holds Rawa, not Al-Qaïm.
                let held = self.described_place(t, obj_ok).or_else(|| {
                    (p == Predicate::Controls)
                        .then(|| self.zone_in(t, end, obj_ok))
                        .flatten()
                });
                let (Some(s), Some(o)) = (self.right(end, 4, subj_ok), held) else {
                    return;
                };
                for o in self.with_conjuncts_left(o, &obj_ok) {
                    self.push(p, s, o, (o, s), &rule, 0.85);
                    if p == Predicate::Captured {
                        self.push(Predicate::Controls, s, o, (o, s), &rule, 0.85);
                    }
                }
            }
            Frame::Stronghold => {
                // « Mossoul, le dernier fief irakien de l'EI »
                let de = (end..(end + 3).min(self.row.len()))
                    .find(|&k| matches!(self.row[k].word(), Some("de" | "du" | "des" | "d'")));
                let Some(de) = de else { return };
                // The place the stronghold is said of, not one that only
                // says where (« X, située à 45 km au sud-est de Y,
                // constituait l'un des repaires de Daech » is about X).
                // After a copula the stronghold is said of the clause's
                // subject; in an apposition, of the place right before it.
                let copula = (t.saturating_sub(6)..t).find(|&k| {
                    self.row[k].word().is_some_and(|w| {
                        matches!(
                            w,
                            "est"
                                | "etait"
                                | "constitue"
                                | "constituait"
                                | "reste"
                                | "restait"
                                | "demeure"
                                | "demeurait"
                                | "devenue"
                                | "devenu"
                                | "fut"
                                | "sont"
                                | "etaient"
                                | "constituent"
                                | "constituaient"
                                | "restent"
                                | "restaient"
                                | "demeurent"
                                | "demeuraient"
                                | "devenus"
                                | "devenues"
                                | "furent"
                        )
                    }) && !self.row[k + 1..t]
                        .iter()
                        .any(|i| matches!(i, Item::Entity { .. } | Item::Punct { .. }))
                });
                let held = match copula {
                    Some(c) => self
                        .left_subject(c, 25, obj_ok)
                        .or_else(|| self.clause_head(c, obj_ok)),
                    // « Raqqa, chef-lieu de la province homonyme et
                    // capitale de Daech »: a stronghold noun coordinated
                    // with an apposition is said of what the apposition is
                    // set beside, not of a place inside it.
                    None if t > 0 && self.row[t - 1].word() == Some("et") => (t.saturating_sub(12)..t)
                        .rev()
                        .find(|&c| self.row[c].is_punct(&[',']))
                        .and_then(|c| self.left(c, 6, obj_ok)),
                    None => self.left(t, 12, obj_ok),
                };
                let (Some(s), Some(o)) = (self.right(de + 1, 3, subj_ok), held) else {
                    return;
                };
                // « vers Raqqa, la capitale autoproclamée de l'EI » is an
                // apposition, asserted whatever governs the clause around it.
                let apposition = (t.saturating_sub(4)..t).rev().find(|&c| {
                    self.row[c].is_punct(&[','])
                        && self.row[c + 1..t].iter().all(|i| {
                            i.word().is_some_and(|w| {
                                is_determiner(w)
                                    || matches!(
                                        w,
                                        "un" | "une"
                                            | "dernier"
                                            | "derniere"
                                            | "principal"
                                            | "ancien"
                                            | "ancienne"
                                            | "grand"
                                            | "ultime"
                                    )
                            })
                        })
                });
                let scope = apposition.map_or(0, |c| c + 1);
                if blocked(&self.row[scope..], t - scope, end - scope, false) {
                    return;
                }
                // « le dernier fief de Daech en Irak »: the country the
                // strongholds lie in; past the group's acronym in brackets
                // (« de l'Etat islamique (EI) en Irak »).
                let mut after = s + 1;
                if self.row.get(after).is_some_and(|x| x.is_punct(&['('])) {
                    if let Some(close) =
                        (after + 1..(after + 4).min(self.row.len())).find(|&k| self.row[k].is_punct(&[')']))
                    {
                        after = close + 1;
                    }
                }
                // And past an adjective or two (« du groupe extrémiste
                // sunnite en Syrie »).
                for _ in 0..2 {
                    if self.row.get(after).and_then(Item::word).is_some_and(|w| {
                        w != "en"
                            && w.ends_with(|c: char| c.is_alphabetic())
                            && !is_determiner(w)
                            && !matches!(
                                w,
                                "a" | "au" | "aux" | "dans" | "sur" | "pour" | "et" | "qui" | "que"
                            )
                    }) {
                        after += 1;
                    }
                }
                let country = (after < self.row.len() && self.row[after].word() == Some("en"))
                    .then(|| after + 1)
                    .filter(|&c| {
                        matches!(&self.row.get(c), Some(Item::Entity { entity, .. }) if self.entities[*entity].kind == "country")
                    });
                // « X arrive troisième sur la liste des fiefs de Daech », « X
                // figure parmi les bastions de l'EI »: the clause's subject is
                // one of them too.
                let listed = copula.is_none()
                    && (t.saturating_sub(5)..t)
                        .any(|k| matches!(self.row[k].word(), Some("liste" | "parmi" | "classement")));
                let mut held = self.with_conjuncts_left(o, &obj_ok);
                if let Some(f) = listed.then(|| self.first_subject(t, obj_ok)).flatten() {
                    if !held.contains(&f) {
                        held.push(f);
                    }
                }
                // « après Mossoul et Tal Afar, … les principaux fiefs de Daech »
                for o in held {
                    self.push(p, s, o, (o, s), &rule, 0.8);
                    if let Some(c) = country {
                        self.push(
                            Predicate::LocatedIn,
                            o,
                            c,
                            (o, c),
                            "locatedIn/stronghold-country",
                            0.8,
                        );
                    }
                }
            }
            Frame::SupportTo => {
                let (Some(s), Some(o)) = (self.left_subject(t, 22, subj_ok), self.right(end, 5, obj_ok))
                else {
                    return;
                };
                let supported = self.with_conjuncts_right(o, &obj_ok);
                self.push_each(p, &[s], &supported, &rule, 0.8);
            }
            Frame::SupportFrom => {
                // An adjunct of the clause (« avec l'appui de », « sous la
                // protection de ») helps its subject, not the last noun
                // before it (« a mobilisé l'armée et le Hachd, avec l'appui
                // de la coalition »); a participle (« appuyés par ») agrees
                // with the noun it follows.
                // In the passive, the agent is the one helped (« a été
                // repoussée par les YPG avec l'appui de la coalition »).
                let adjunct = matches!(tr.words.first().map(String::as_str), Some("avec" | "sous"));
                let near = self.left(t, 16, obj_ok);
                let agent = near.is_some_and(|n| {
                    let mut k = n;
                    while k > 0 && self.row[k - 1].word().is_some_and(is_determiner) {
                        k -= 1;
                    }
                    k > 0 && self.row[k - 1].word() == Some("par")
                });
                let supported = (adjunct && !agent)
                    .then(|| self.main_subject(t, obj_ok))
                    .flatten()
                    .or(near)
                    .or_else(|| self.fronted_subject(t, obj_ok));
                // « épaulées par les miliciens chiites de l'organisation Badr »
                let (Some(s), Some(o)) = (self.right(end, 7, subj_ok), supported) else {
                    return;
                };
                let s = self.genitive_actor(s);
                for s in self.with_conjuncts_right(s, &subj_ok) {
                    self.push(p, s, o, (o, s), &rule, 0.8);
                }
            }
            Frame::Participation => {
                let (Some(op), Some(a)) = (
                    self.left(t, 14, |c| c == Class::Operation),
                    self.right(end, 4, obj_ok),
                ) else {
                    return;
                };
                for a in self.with_conjuncts_right(a, &obj_ok) {
                    self.push(p, op, a, (op, a), &rule, 0.8);
                }
            }
            Frame::InOperation => {
                // « Les forces irakiennes ont repris Hit au terme d'une
                // offensive … »: the clause's subject led the operation.
                let Some(op) = self.right(end, 3, |c| c == Class::Operation) else {
                    return;
                };
                let Some(a) = self
                    .main_subject(t, obj_ok)
                    .or_else(|| self.left_subject(t, 30, obj_ok))
                else {
                    return;
                };
                let op_entity = self.entity(op);
                let anonymous = self.entities[op_entity]
                    .key
                    .starts_with(crate::resolve::ANONYMOUS);
                // « une semaine après le début de l'offensive contre
                // Mossoul » only dates the deed; of an offensive the article
                // does not name, it is the one its subject is waging.
                let timing = tr
                    .words
                    .iter()
                    .any(|w| matches!(w.as_str(), "lancement" | "debut" | "cours"));
                if timing && !anonymous {
                    return;
                }
                let agents = self.with_conjuncts_left(a, &obj_ok);
                for &a in &agents {
                    self.push(p, op, a, (a, op), &rule, 0.75);
                }
                // « Les forces ont repris Rutba trois jours après le
                // lancement de l'offensive »: an operation the article does
                // not name otherwise was aimed at what its leaders took.
                if anonymous {
                    let agents: Vec<usize> = agents.iter().map(|&a| self.entity(a)).collect();
                    let taken: Vec<(usize, Range<usize>)> = self
                        .facts
                        .iter()
                        .filter(|f| f.predicate == Predicate::Captured && agents.contains(&f.subject))
                        .map(|f| (f.object, f.span.clone()))
                        .collect();
                    for (place, span) in taken {
                        let span =
                            span.start.min(self.row[op].span().start)..span.end.max(self.row[op].span().end);
                        self.facts.push(Fact::stated(
                            Predicate::Targets,
                            (op_entity, place),
                            self.sentence,
                            span,
                            "targets/captured-in-operation",
                            0.7,
                        ));
                    }
                }
            }
            Frame::Role | Frame::Member => {
                // « le Premier ministre irakien Haider al-Abadi »: the role
                // is of the country the adjective names.
                if let Some(country) = self
                    .row
                    .get(end)
                    .and_then(Item::word)
                    .and_then(country_of_adjective)
                    // A rank with an adjective, « le général iranien », says
                    // where someone is from, not what they belong to.
                    .filter(|_| tr.frame == Frame::Role)
                {
                    // « le Premier ministre irakien sortant, Nouri al-Maliki »
                    // « le ministre turc de la Défense, Fikri Işık »: past
                    // the ministry, after a comma.
                    let person = self
                        .right(end + 1, 2, subj_ok)
                        .or_else(|| self.apposed_person(end, subj_ok))
                        .or_else(|| {
                            self.right(end + 1, 6, subj_ok)
                                .filter(|&k| self.row[end + 1..k].iter().any(|i| i.is_punct(&[','])))
                        })
                        .or_else(|| self.left(t, 4, subj_ok));
                    if let Some(person) = person {
                        let span = self.row[t.min(person)].span().start..self.row[end.max(person)].span().end;
                        self.by_adjective.push((p, self.entity(person), country, span));
                    }
                    return;
                }
                // « Les FDS ont pris Tabqa, a annoncé leur porte-parole X »:
                // the possessive stands for the main clause's subject.
                if tr.frame == Frame::Role
                    && t > 0
                    && matches!(self.row[t - 1].word(), Some("son" | "sa" | "leur"))
                {
                    if let (Some(person), Some(o)) = (
                        self.right(end, 1, subj_ok),
                        self.main_subject(t - 1, obj_ok).filter(|&o| o < t),
                    ) {
                        self.push(p, person, o, (o, person), &format!("{rule}-possessive"), 0.75);
                        return;
                    }
                }
                let max = if tr.frame == Frame::Member { 2 } else { 6 };
                let Some(o) = self.right(end, max, obj_ok) else {
                    return;
                };
                // « X, porte-parole de Y », « le porte-parole de Y, X » or
                // « le chef de Daech Abou Bakr al-Baghdadi ».
                let person = self.left(t, 4, subj_ok).or_else(|| {
                    self.right(o + 1, 3, subj_ok)
                        .filter(|&k| k == o + 1 || self.row[o + 1..k].iter().any(|i| i.is_punct(&[','])))
                        .or_else(|| self.apposed_person(o, subj_ok))
                });
                if let Some(person) = person {
                    self.push(p, person, o, (person.min(t), o.max(person)), &rule, 0.85);
                }
            }
            Frame::Locative | Frame::Near => {
                let Some(o) = self.right(end, 3, obj_ok) else {
                    return;
                };
                let o_kind = self.entities[self.entity(o)].kind.as_str();
                let last = tr.words.last().map(String::as_str);
                if tr.words == ["en"] && !matches!(o_kind, "country" | "region") {
                    return; // « en Irak », not « en juin »
                }
                if last == Some("sur") && !matches!(o_kind, "river" | "lake" | "road") {
                    return; // « sur l'Euphrate », not « l'offensive sur Mossoul »
                }
                if tr.words == ["a", "la"] && !self.surface_starts(o, &["frontiere"]) {
                    return; // « à la frontière syrienne »
                }
                if matches!(tr.words.as_slice(), [d, _] if d == "dans")
                    && !self.surface_starts(o, &["province", "gouvernorat", "region", "district"])
                {
                    return; // « dans la province de Ninive », named whole
                }
                self.spatial_objects.insert(o);
                // « une localité de l'ouest de Tal Afar » qualifies the noun
                // right before it, not the sentence's subject.
                // « en Irak » and « une localité de l'ouest de X » qualify the
                // noun just before them, not the sentence's subject.
                let reach: usize = match tr.words[0].as_str() {
                    "de" | "du" | "capitale" | "chef" => 6,
                    "en" => 10,
                    _ => 20,
                };
                let mut j = t;
                let mut s = None;
                while let Some(k) = self.left(j, reach.saturating_sub(t - j), subj_ok) {
                    if !self.spatial_objects.contains(&k) && !self.is_dateline(k) {
                        s = Some(k);
                        break;
                    }
                    j = k;
                }
                // « Située à 145 km à l'ouest de Bagdad, Hit … »: a sentence
                // opening on a participle places the subject that follows.
                let s = s.or_else(|| self.opening_participle_subject(o, subj_ok));
                let Some(s) = s else { return };
                // « les terroristes à Boukamal avaient pris la fuite à l'est du
                // fleuve »: past a verb in a compound past, the phrase tells
                // where the deed went, not where the place lies.
                if tr.frame == Frame::Near
                    && (s + 1..t).any(|k| {
                        self.row[k].word().is_some_and(|w| {
                            matches!(w, "ont" | "avaient" | "avait") || (w == "a" && self.is_avoir(k))
                        })
                    })
                {
                    return;
                }
                let broad = matches!(o_kind, "country" | "governorate" | "region");
                let p = if tr.frame == Frame::Near
                    && broad
                    && tr
                        .words
                        .iter()
                        .any(|w| matches!(w.as_str(), "nord" | "sud" | "est" | "ouest"))
                    && !tr.words.contains(&"a".to_string())
                {
                    Predicate::LocatedIn
                } else {
                    p
                };
                self.push(p, s, o, (s, o), &rule, 0.8);
            }
            Frame::Ally => {
                if let Some((s, o)) = self.flanks((t, end), (8, 4), (subj_ok, obj_ok)) {
                    self.push(p, s, o, (s, o), &rule, 0.85);
                }
            }
            Frame::Where => {
                // « dans la province de Ninive, où se situent Qayyarah et
                // Mossoul »: the places after « où » lie in the one before.
                if let Some((container, first)) = self.flanks((t, end), (3, 3), (obj_ok, subj_ok)) {
                    let places = self.with_conjuncts_right(first, &subj_ok);
                    self.push_each(p, &places, &[container], &rule, 0.8);
                }
            }
            Frame::PartOf => {
                // « les YPG, branche armée du PYD », « les YPG et les YPJ,
                // qui forment l'ossature des FDS »
                // « les FDS, dominées par les milices des YPG »: the
                // component dominating the whole comes after.
                if tr.words[0].starts_with("domin") {
                    if let Some((whole, part)) = self.flanks((t, end), (6, 6), (obj_ok, subj_ok)) {
                        let parts = self.with_conjuncts_right(self.genitive_actor(part), &subj_ok);
                        self.push_each(p, &parts, &[whole], &rule, 0.75);
                    }
                } else if let Some((s, o)) = self.flanks((t, end), (6, 4), (subj_ok, obj_ok)) {
                    let parts = self.with_conjuncts_left(s, &subj_ok);
                    self.push_each(p, &parts, &[o], &rule, 0.8);
                }
            }
            Frame::Mobilize => {
                // « L'offensive …, lancée samedi, a mobilisé l'armée, des
                // volontaires et les miliciens de Badr », « la bataille de
                // Mossoul, qui mobilise 100 000 hommes de l'armée, de la
                // police fédérale … »: the forces an operation sets in motion
                // wage it. « elle a mobilisé » looks back past a colon.
                let mut k = t;
                while k > 0
                    && self.row[k - 1].word().is_some_and(|w| {
                        matches!(w, "a" | "ont" | "avait" | "qui" | "aussi" | "egalement" | "deja")
                    })
                {
                    k -= 1;
                }
                let pronoun = k > 0 && matches!(self.row[k - 1].word(), Some("elle" | "il"));
                let op = if pronoun {
                    (0..k - 1)
                        .rev()
                        .find(|&j| self.class(j) == Some(Class::Operation))
                } else {
                    self.left(t, 20, subj_ok)
                };
                let Some(op) = op else { return };
                let mut j = end;
                let mut agents = Vec::new();
                while j < self.row.len() {
                    match &self.row[j] {
                        Item::Punct { c, .. } if CLAUSE_STOPS.contains(c) => break,
                        Item::Word { text, .. }
                            if matches!(
                                text.as_str(),
                                "avec"
                                    | "grace"
                                    | "selon"
                                    | "tandis"
                                    | "alors"
                                    | "lorsque"
                                    | "quand"
                                    | "dont"
                                    | "contre"
                                    | "sous"
                                    | "face"
                                    | "pour"
                                    | "afin"
                            ) =>
                        {
                            break
                        }
                        Item::Entity { .. } if self.accepts(j, &obj_ok) => agents.push(j),
                        _ => {}
                    }
                    j += 1;
                }
                for a in agents {
                    self.push(p, op, a, (op.min(t), a), &rule, 0.75);
                }
            }
            Frame::Strike => {
                // « ont mené samedi des frappes aériennes contre des positions
                // de l'EI », « les raids de l'aviation russe sur X ».
                let mut k = end;
                let mut aim = None;
                while k < self.row.len() && k < end + 6 {
                    match &self.row[k] {
                        Item::Word { text, .. }
                            if matches!(text.as_str(), "contre" | "sur" | "visant" | "autour") =>
                        {
                            aim = Some(k + 1);
                            break;
                        }
                        Item::Punct { .. } => break,
                        _ => k += 1,
                    }
                }
                let Some(target) = aim.and_then(|a| self.right(a, 6, obj_ok)) else {
                    return;
                };
                let genitive = (end..k).find(|&g| {
                    self.accepts(g, &subj_ok)
                        && g > 0
                        && matches!(
                            self.row[g - 1].word(),
                            Some("de" | "des" | "du" | "d'" | "l'" | "la" | "le")
                        )
                });
                let Some(agent) = genitive.or_else(|| self.left_subject(t, 16, subj_ok)) else {
                    return;
                };
                if self.class(agent) == Some(Class::Operation) {
                    return;
                }
                for o in self.with_conjuncts_right(target, &obj_ok) {
                    self.push(p, agent, o, (agent.min(t), o), &rule, 0.75);
                }
                if self.class(target).is_some_and(Class::is_armed) {
                    if let Some(place) = self.strike_place(target) {
                        self.push(
                            p,
                            agent,
                            place,
                            (agent.min(t), place),
                            "attacked/strike-place",
                            0.7,
                        );
                    }
                }
            }
            Frame::Expel => {
                let place = |c: Class| c == Class::Place;
                let (withdrew, rule) = (Predicate::WithdrewFrom, "withdrewFrom/expel");
                if let Some(after) = self.passive_agent(end).or_else(|| {
                    // « chassés de X par Y »
                    let pl = self.right(end, 4, place)?;
                    self.passive_agent(pl + 1)
                }) {
                    let (Some(gone), Some(pl)) = (self.left(t, 8, armed), self.right(end, 4, place)) else {
                        return;
                    };
                    self.push(withdrew, gone, pl, (gone, pl), rule, 0.8);
                    if let Some(agent) = self.right(after, 4, armed) {
                        self.push(Predicate::Captured, agent, pl, (pl, agent), "captured/expel", 0.8);
                    }
                    return;
                }
                let Some(pl) = self.right(end, 8, place) else {
                    return;
                };
                // « avant d'être chassés de la ville », « ont été chassés de
                // X »: a passive without its agent, the subject is the one
                // expelled and who expelled it is not said.
                let passive = t > 0
                    && matches!(
                        self.row[t - 1].word(),
                        Some("etre" | "ete" | "est" | "sont" | "etait" | "etaient" | "fut" | "furent")
                    );
                // « X affirment avoir repris Y, quelques jours après avoir
                // chassé de Z … » : the subject of the clause, further off.
                let agent = if passive {
                    None
                } else {
                    self.left(t, 12, armed)
                        .or_else(|| self.left_subject(t, 24, armed))
                };
                if let Some(agent) = agent {
                    self.push(Predicate::Captured, agent, pl, (agent, pl), "captured/expel", 0.8);
                    // « chassé Daech de X », or with the place first,
                    // « chassé de X, …, les combattants de l'EI ».
                    let place_first = matches!(self.row[end].word(), Some("de" | "d'" | "du" | "des"));
                    let gone = self
                        .right(end, 4, armed)
                        .filter(|&g| g < pl)
                        .or_else(|| place_first.then(|| self.right(pl + 1, 12, armed)).flatten());
                    if let Some(gone) = gone {
                        self.push(withdrew, gone, pl, (agent, pl), rule, 0.8);
                    }
                } else if let Some(gone) = self
                    .left(t, 8, armed)
                    .or_else(|| self.fronted_subject(t, armed))
                    .or_else(|| passive.then(|| self.left_subject(t, 24, armed)).flatten())
                {
                    // « Daech, chassé de X », « avant d'être chassés de X »
                    self.push(withdrew, gone, pl, (gone, pl), rule, 0.75);
                }
            }
        }
    }
}

/// Where the fighting of the sentences just before `at` took place: the
/// one settlement taken, attacked, besieged, held or left in the nearest of
/// the two sentences before that states such a fact (none if it names
/// several), else the one settlement the article's operations target. The
/// scene of a sentence that says not where (« … avaient repris les sites de
/// la ville. La plupart des combattants de Daech ont fui »). A settlement only named there (« à 50 km de Samarra »), or
/// where someone went (« se sont retirés à Mossoul »), is no scene.
fn scene(facts: &[Fact], at: usize, entities: &[Entity]) -> Option<usize> {
    let settlement =
        |o: usize| entities[o].class == Class::Place && crate::mentions::is_settlement(&entities[o].kind);
    let distinct = |mut places: Vec<usize>| {
        places.sort_unstable();
        places.dedup();
        places
    };
    let near = (1..=2.min(at)).find_map(|back| {
        let places = distinct(
            facts
                .iter()
                .filter(|f| f.sentence == at - back)
                .filter(|f| {
                    matches!(
                        f.predicate,
                        Predicate::Captured
                            | Predicate::Attacked
                            | Predicate::Besieged
                            | Predicate::Controls
                            | Predicate::WithdrewFrom
                    )
                })
                .map(|f| f.object)
                .filter(|&o| settlement(o))
                .collect(),
        );
        match places.as_slice() {
            [] => None,
            [one] => Some(Some(*one)),
            _ => Some(None),
        }
    });
    // Else the one settlement the article's operations so far target:
    // where its battle is.
    near.unwrap_or_else(|| {
        let targets = distinct(
            facts
                .iter()
                .filter(|f| f.sentence < at && f.predicate == Predicate::Targets && settlement(f.object))
                .map(|f| f.object)
                .collect(),
        );
        match targets.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    })
}

/// Who took places in the nearest of the two sentences before `at` that
/// states a capture.
fn takers(facts: &[Fact], at: usize) -> Vec<usize> {
    (1..=2.min(at))
        .map(|back| {
            let mut who: Vec<usize> = facts
                .iter()
                .filter(|f| f.sentence == at - back && f.predicate == Predicate::Captured)
                .map(|f| f.subject)
                .collect();
            who.sort_unstable();
            who.dedup();
            who
        })
        .find(|who| !who.is_empty())
        .unwrap_or_default()
}

/// Articles and determiners skipped between conjuncts.
fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "les" | "la" | "le" | "l'" | "des" | "du" | "de" | "d'" | "ses" | "leurs" | "son" | "sa"
    )
}

/// Words of military and civil ranks written before a name.
fn is_rank(w: &str) -> bool {
    matches!(
        w,
        "general"
            | "generale"
            | "brigade"
            | "division"
            | "contre"
            | "amiral"
            | "vice"
            | "colonel"
            | "lieutenant"
            | "commandant"
            | "capitaine"
            | "major"
            | "sergent"
            | "cheikh"
            | "emir"
            | "brigadier"
            | "sortant"
            | "sortante"
            | "m"
            | "mme"
            | "porte"
            | "parole"
            | "ancien"
            | "ancienne"
            | "officiel"
    )
}

/// Days, months and time adverbs that stand between a verb and its
/// object: « a annoncé mercredi 10 mai la libération de ».
fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "lundi"
            | "mardi"
            | "mercredi"
            | "jeudi"
            | "vendredi"
            | "samedi"
            | "dimanche"
            | "janvier"
            | "fevrier"
            | "mars"
            | "avril"
            | "mai"
            | "juin"
            | "juillet"
            | "aout"
            | "septembre"
            | "octobre"
            | "novembre"
            | "decembre"
            | "hier"
            | "soir"
            | "matin"
            | "aujourd'hui"
            | "officiellement"
            | "finalement"
    )
}

/// Adverbs of time and degree that stand inside a verb group: « est
/// encore aux mains de », « a déjà été reprise ».
fn is_adverb(w: &str) -> bool {
    matches!(
        w,
        "encore"
            | "toujours"
            | "desormais"
            | "deja"
            | "alors"
            | "longtemps"
            | "aussi"
            | "egalement"
            | "entierement"
            | "totalement"
            | "finalement"
            | "enfin"
            | "completement"
    )
}

/// Words that open another clause: « par » after them is not this
/// participle's agent.
fn is_verb_like(w: &str) -> bool {
    matches!(
        w,
        "a" | "ont"
            | "est"
            | "sont"
            | "etait"
            | "etaient"
            | "avait"
            | "avaient"
            | "qui"
            | "que"
            | "qu'"
            | "et"
            | "mais"
            | "dont"
            | "ou"
    )
}

/// Nouns and participles of help, after which « de X » names a helper.
/// Infinitives that say an operation is launched to take a place (« pour
/// reprendre X », « visant à libérer X »).
const TAKE_INFINITIVES: &[&str] = &[
    "reprendre",
    "liberer",
    "prendre",
    "reconquerir",
    "conquerir",
    "chasser",
    "deloger",
    "encercler",
    "nettoyer",
    "securiser",
];

const SUPPORT_NOUNS: &[&str] = &[
    "soutien",
    "appui",
    "aide",
    "aidee",
    "aidees",
    "aides",
    "concours",
    "couverture",
    "protection",
    "participation",
    "renfort",
    "renforts",
    "epaulee",
    "epaulees",
    "epaules",
];

/// Nouns of what an actor holds or loses, after which « de X » is that
/// actor as a complement: « des frappes contre des positions de l'EI ».
const HELD_NOUNS: &[&str] = &[
    "positions",
    "position",
    "bastion",
    "bastions",
    "fief",
    "fiefs",
    "poches",
    "poche",
    "repaires",
    "repaire",
    "cellules",
    "lignes",
    "rangs",
    "mains",
    "controle",
    "emprise",
    "defaite",
    "chute",
    "retrait",
    "siege",
    "drapeau",
    "capitale",
];

/// Nationality adjectives that name a country.
fn country_of_adjective(w: &str) -> Option<&'static str> {
    Some(match w.trim_end_matches('s') {
        "irakien" | "irakienne" => "irak",
        "syrien" | "syrienne" => "syrie",
        "turc" | "turque" => "turquie",
        "iranien" | "iranienne" => "iran",
        "jordanien" | "jordanienne" => "jordanie",
        "libanai" | "libanaise" => "liban",
        "americain" | "americaine" => "etats_unis",
        "russe" => "russie",
        "francai" | "francaise" => "france",
        "britannique" => "royaume_uni",
        "saoudien" | "saoudienne" => "arabie_saoudite",
        _ => return None,
    })
}

/// Adjectives that stand between a place noun and the name it introduces:
/// « la ville frontalière de X », « la localité voisine de X ».
fn is_place_adjective(w: &str) -> bool {
    country_of_adjective(w).is_some()
        || matches!(
            w.trim_end_matches('s'),
            "frontaliere"
                | "frontalier"
                | "voisine"
                | "voisin"
                | "chretienne"
                | "strategique"
                | "natale"
                | "desertique"
                | "kurde"
                | "sunnite"
                | "chiite"
                | "yezidie"
                | "petite"
                | "grande"
                | "historique"
                | "orientale"
                | "occidentale"
                | "petroliere"
                | "agricole"
                | "martyre"
        )
}

/// Place nouns that an adjective of nationality locates: « la ville
/// irakienne de X », « X, une localité syrienne ».
const PLACE_NOUNS: &[&str] = &[
    "ville",
    "villes",
    "localites",
    "localite",
    "village",
    "villages",
    "bourgade",
    "cite",
    "region",
    "province",
    "fief",
    "bastion",
    "capitale",
    "deuxieme",
    "metropole",
    "agglomeration",
    "base",
    "district",
];

/// Extracts the facts of a document.
pub fn extract(
    text: &str,
    sentences: &[Sentence],
    trees: &[Tree],
    mentions: &[Mention],
    resolution: &mut Resolution,
    gazetteer: &Gazetteer,
) -> Vec<Fact> {
    let lex = lexicon();
    // Mentions that resolved. An operation named by its target stands in the
    // row up to its target, which stays an item of its own: in « l'offensive
    // contre Mossoul, dernier bastion de l'EI » the place is still there for
    // « bastion » to find.
    let mut spans: Vec<(Range<usize>, usize)> = mentions
        .iter()
        .zip(&resolution.of_mention)
        .filter_map(|(m, e)| {
            let span = match m.reference {
                crate::mentions::Reference::Operation { target }
                    if mentions[target].span.start > m.span.start =>
                {
                    m.span.start..mentions[target].span.start
                }
                _ => m.span.clone(),
            };
            e.map(|e| (span, e))
        })
        .collect();
    // A battle the gazetteer knows whole (« l'assaut final contre Baghouz »)
    // stands in the row up to the place it is fought for, which becomes an
    // item of its own, as for an operation named by its target.
    let mut split = Vec::new();
    for (m, mention) in mentions.iter().enumerate() {
        let (crate::mentions::Reference::Known(_), Some(op)) = (&mention.reference, resolution.of_mention[m])
        else {
            continue;
        };
        if resolution.entities[op].class != Class::Operation {
            continue;
        }
        let whole = &text[mention.span.clone()];
        let Some((rest, hits)) = battle_place(whole, gazetteer) else {
            continue;
        };
        let offset = mention.span.start + (whole.len() - rest.len());
        let Some(hit) = hits.iter().find(|h| {
            let e = gazetteer.entry(h.entry);
            e.class == Class::Place && e.kind != "country"
        }) else {
            continue;
        };
        let id = gazetteer.entry(hit.entry).id.clone();
        let place_span = offset + hit.span.start..offset + hit.span.end;
        split.push((mention.span.clone(), op, place_span, id));
    }
    for (op_span, op, place_span, id) in split {
        if let Some(place) = known_entity(&id, resolution, gazetteer) {
            spans.retain(|(s, e)| !(*s == op_span && *e == op));
            spans.push((op_span.start..place_span.start, op));
            spans.push((place_span, place));
        }
    }
    spans.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
    let mut outer: Vec<(Range<usize>, usize)> = Vec::new();
    for (s, e) in spans {
        if outer.last().is_some_and(|(o, _)| s.start < o.end) {
            continue;
        }
        outer.push((s, e));
    }

    let mut facts = Vec::new();

    // « la mosquée Al-Nouri de Mossoul », « le stade de Raqqa »: a building
    // named after its town lies in it (word class `buildings_in_town`).
    static IN_TOWN: LazyLock<Vec<String>> = LazyLock::new(|| {
        crate::extract::words::Words::builtin()
            .buildings_in_town
            .iter()
            .map(|b| crate::fold::fold_str(b))
            .collect()
    });
    for (m, mention) in mentions.iter().enumerate() {
        let Some(site) = resolution.of_mention[m] else {
            continue;
        };
        if resolution.entities[site].class != Class::Place {
            continue;
        }
        let whole = &text[mention.span.clone()];
        let folded = crate::fold::fold_str(whole);
        let phrase = ["l'", "la ", "le "]
            .iter()
            .find_map(|a| folded.strip_prefix(a))
            .unwrap_or(&folded);
        let building = IN_TOWN.iter().any(|b| {
            phrase
                .strip_prefix(b.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        });
        if !building {
            continue;
        }
        let town_in = |whole: &str| {
            [" de ", " d'", " d’", " du "]
                .iter()
                .filter_map(|de| whole.find(de).map(|i| &whole[i + de.len()..]))
                .flat_map(|rest| gazetteer.find(rest, &crate::fold::fold(rest)))
                .find(|h| h.span.start == 0 && crate::mentions::is_settlement(&gazetteer.entry(h.entry).kind))
        };
        // « l'hôpital et le stade de Raqqa »: the town of the building it
        // is coordinated with.
        let coordinated = || {
            mentions
                .iter()
                .filter(|n| n.span.start > mention.span.end && n.sentence == mention.sentence)
                .min_by_key(|n| n.span.start)
                .filter(|n| {
                    let between = crate::fold::fold_str(&text[mention.span.end..n.span.start]);
                    let between = between.trim().trim_start_matches([',']).trim();
                    matches!(
                        between,
                        "et le" | "et la" | "et l'" | "et les" | "le" | "la" | "l'"
                    )
                })
                .and_then(|n| town_in(&text[n.span.clone()]))
        };
        let Some(hit) = town_in(whole).or_else(coordinated) else {
            continue;
        };
        let id = gazetteer.entry(hit.entry).id.clone();
        if let Some(t) = known_entity(&id, resolution, gazetteer).filter(|&t| t != site) {
            facts.push(mention_fact(
                Predicate::LocatedIn,
                (site, t),
                mention,
                "locatedIn/site-of-town",
                0.9,
            ));
        }
    }

    // An operation named by its target targets it.
    for (m, mention) in mentions.iter().enumerate() {
        if let crate::mentions::Reference::Operation { target } = mention.reference {
            if let (Some(op), Some(t)) = (resolution.of_mention[m], resolution.of_mention[target]) {
                facts.push(mention_fact(
                    Predicate::Targets,
                    (op, t),
                    mention,
                    "targets/operation-name",
                    0.95,
                ));
            }
        }
        // A battle the gazetteer knows, « la bataille de Mossoul », names
        // the place it is fought for.
        if let (crate::mentions::Reference::Known(_), Some(op)) =
            (&mention.reference, resolution.of_mention[m])
        {
            if resolution.entities[op].class != Class::Operation {
                continue;
            }
            let whole = &text[mention.span.clone()];
            let Some((surface, hits)) = battle_place(whole, gazetteer) else {
                continue;
            };
            for hit in hits {
                let place = gazetteer.entry(hit.entry);
                // « Bouclier de l'Euphrate », « Colère de l'Euphrate »: an
                // operation named after a river names its theatre, not its
                // target; nor after a whole country.
                if place.class != Class::Place || matches!(place.kind.as_str(), "country" | "river") {
                    continue;
                }
                let id = place.id.clone();
                if let Some(t) = known_entity(&id, resolution, gazetteer) {
                    resolution.entities[t]
                        .surfaces
                        .insert(surface[hit.span.clone()].to_string());
                    facts.push(mention_fact(
                        Predicate::Targets,
                        (op, t),
                        mention,
                        "targets/battle-name",
                        0.9,
                    ));
                }
            }
        }
    }

    // How far back a pronoun looks: the sentence before, or the one before
    // that when the sentence before names nothing (« Les jihadistes
    // prennent Mossoul. A leur apogée, ils … Le 4 juillet, leur chef … »).
    let names_something = |i: usize| {
        let span = &sentences[i].span;
        let k = outer.partition_point(|(r, _)| r.start < span.start);
        outer.get(k).is_some_and(|(r, _)| r.start < span.end)
    };
    for (i, sentence) in sentences.iter().enumerate() {
        let before = match i {
            0 => 0,
            1 => sentences[0].span.start,
            _ if names_something(i - 1) => sentences[i - 1].span.start,
            _ => sentences[i - 2].span.start,
        };
        let row = unquote_names(items(text, &sentence.span, &outer));
        let question = text[sentence.span.clone()].trim_end().ends_with('?');
        let mut reader = Reader {
            text,
            row: &row,
            entities: &resolution.entities,
            sentence: sentence.index,
            facts: Vec::new(),
            spatial_objects: HashSet::new(),
            by_adjective: Vec::new(),
        };
        if !question {
            let mut t = 0;
            while t < row.len() {
                let mut matched = 0;
                let mut advance = 0;
                if let Some(first) = row[t].word() {
                    if let Some(cands) = lex.by_first.get(first) {
                        // The longest phrase that matches wins; a phrase that
                        // several predicates share (« dirige » an operation or
                        // an organisation) tries each, and the argument
                        // classes decide.
                        for tr in cands {
                            let n = tr.words.len();
                            if matched > n {
                                break;
                            }
                            if let Some(end) = match_trigger(&row, t, &tr.words) {
                                reader.apply(t, end, tr);
                                matched = n;
                                advance = end - t;
                            }
                        }
                    }
                }
                t += advance.max(1);
            }
        }
        // The tree rules' facts first: where both rule sets find the same
        // fact, the de-duplication keeps the tree rule's evidence.
        let mut sentence_facts = match trees.get(sentence.index).filter(|_| !question) {
            Some(tree) => engine::facts(&engine::Sentence {
                index: sentence.index,
                tree,
                spans: &outer,
                entities: &resolution.entities,
                text,
                reach: before,
                scene: scene(&facts, sentence.index, &resolution.entities),
                takers: &takers(&facts, sentence.index),
            }),
            None => Vec::new(),
        };
        // Where the tree rules read the same relation of the sentence with
        // another argument (« Les FDS, une alliance de combattants kurdes
        // …, soutenue par la coalition »: the FDS, not the fighters), the
        // tree is right: the row only guesses which name stands where. A
        // supporter backs one side of a sentence's fight, so a support the
        // tree gave another beneficiary also settles the row's guess.
        let tree_facts = sentence_facts.len();
        let contradicted = |f: &Fact, tree: &[Fact]| {
            tree.iter().any(|t| {
                t.predicate == f.predicate
                    && ((t.object == f.object && t.subject != f.subject)
                        || (f.predicate == Predicate::Supports
                            && t.subject == f.subject
                            && t.object != f.object))
            })
        };
        let window_facts: Vec<Fact> = reader
            .facts
            .into_iter()
            .filter(|f| !contradicted(f, &sentence_facts[..tree_facts]))
            .collect();
        sentence_facts.extend(window_facts);
        for (p, person, country, span) in reader.by_adjective {
            if let Some(c) = known_entity(country, resolution, gazetteer) {
                sentence_facts.push(Fact::stated(
                    p,
                    (person, c),
                    sentence.index,
                    span,
                    format!("{}/role-adjective", p.name()),
                    0.85,
                ));
            }
        }
        // With the places a battle's own name holds (« le siège d'Amerli »),
        // which its targets/battle-name fact already read.
        let inner_places: Vec<usize> = mentions
            .iter()
            .zip(&resolution.of_mention)
            .filter(|(m, _)| m.sentence == sentence.index)
            .filter_map(|(_, e)| *e)
            .chain(
                facts
                    .iter()
                    .filter(|f| f.sentence == sentence.index && f.rule == "targets/battle-name")
                    .map(|f| f.object),
            )
            .filter(|&e| resolution.entities[e].class == Class::Place)
            .collect();
        structure(
            text,
            &row,
            sentence.index,
            &inner_places,
            resolution,
            gazetteer,
            &mut sentence_facts,
        );
        let claimant = claimant_of(&row, &resolution.entities);
        for f in &mut sentence_facts {
            f.claimant = claimant;
        }
        facts.extend(sentence_facts);
    }

    // The contract's convention: launching an operation on a place, or
    // against a force (« une opération contre l'EI »), is attacking it.
    // Launching, leading or fighting in it (« avec la participation des
    // CTS », « sous la conduite de X »), that is: not the forces an
    // operation only mobilises.
    let launched: Vec<(usize, usize, usize, Range<usize>)> = facts
        .iter()
        .filter(|f| f.predicate == Predicate::LaunchedBy && !matches!(f.rule.as_str(), "launchedby/mobilize"))
        .map(|f| (f.subject, f.object, f.sentence, f.span.clone()))
        .collect();
    // Not where an unnamed operation's target was inferred from what its
    // leaders took (« a repris X … après le lancement de l'offensive »):
    // the capture says it already.
    let targets: Vec<(usize, usize)> = facts
        .iter()
        .filter(|f| f.predicate == Predicate::Targets && f.rule != "targets/captured-in-operation")
        .map(|f| (f.subject, f.object))
        .collect();
    for (op, actor, sentence, span) in launched {
        for &(op2, place) in &targets {
            let entities = &resolution.entities;
            if op == op2
                && actor != place
                && (entities[place].class == Class::Place || entities[place].class.is_armed())
                && fits_entities(Predicate::Attacked, &entities[actor], &entities[place])
            {
                facts.push(Fact::stated(
                    Predicate::Attacked,
                    (actor, place),
                    sentence,
                    span.clone(),
                    "attacked/launched-operation",
                    0.7,
                ));
            }
        }
    }

    // Who withdrew from a place, fled it or was driven out of it held it
    // until then (« les jihadistes se sont retirés de Qayyara », « ont
    // chassé Daech de X »): a past control, as « tombée aux mains de » is.
    // Not where the sentence sums up what it holds now (« Chassé de
    // Mossoul, Daech ne contrôle plus que Tal Afar »): the lost place is
    // the point.
    static NOW_HOLDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?-u:\b)n(?:e\s+|['’])(?:contr[ôo]l|t[ie]en|d[ée]t[ie]en|occup)\w*\s+(?:plus|que)(?-u:\b)",
        )
        .expect("valid pattern")
    });
    let held: Vec<Fact> = facts
        .iter()
        .filter(|f| {
            !NOW_HOLDS.is_match(&text[sentences[f.sentence].span.clone()])
                && f.predicate == Predicate::WithdrewFrom
                && resolution.entities[f.object].class == Class::Place
                && resolution.entities[f.subject].class.is_armed()
        })
        .map(|f| Fact {
            predicate: Predicate::Controls,
            rule: "controls/withdrew".into(),
            confidence: f.confidence.min(0.7),
            ..f.clone()
        })
        .collect();
    facts.extend(held);

    // What an unnamed operation's leaders took says what it was aimed at
    // only when nothing else does.
    let aimed: HashSet<usize> = facts
        .iter()
        .filter(|f| f.predicate == Predicate::Targets && f.rule != "targets/captured-in-operation")
        .map(|f| f.subject)
        .collect();
    facts.retain(|f| f.rule != "targets/captured-in-operation" || !aimed.contains(&f.subject));

    // Each fact's confidence is its rule's measured precision.
    let calibration = super::calibration::Calibration::current();
    for f in &mut facts {
        f.confidence = calibration.confidence(&f.rule, f.predicate, f.confidence);
    }
    let facts = dedup(facts, &resolution.entities);
    drop_idle_anonymous(facts, resolution)
}

/// Drops the operations an article describes without naming (« l'offensive
/// ») that no fact is about: with nothing said of them they are no more than
/// a word. Entity indices in the facts and the mentions are renumbered.
fn drop_idle_anonymous(mut facts: Vec<Fact>, resolution: &mut Resolution) -> Vec<Fact> {
    let used: HashSet<usize> = facts.iter().flat_map(|f| [f.subject, f.object]).collect();
    let keep: Vec<bool> = resolution
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| !e.key.starts_with(crate::resolve::ANONYMOUS) || used.contains(&i))
        .collect();
    if keep.iter().all(|&k| k) {
        return facts;
    }
    let mut new_index = vec![None; keep.len()];
    let mut n = 0;
    for (i, &k) in keep.iter().enumerate() {
        if k {
            new_index[i] = Some(n);
            n += 1;
        }
    }
    let entities = std::mem::take(&mut resolution.entities);
    resolution.entities = entities
        .into_iter()
        .zip(&keep)
        .filter(|(_, &k)| k)
        .map(|(e, _)| e)
        .collect();
    for m in &mut resolution.of_mention {
        *m = m.and_then(|e| new_index[e]);
    }
    for f in &mut facts {
        f.subject = new_index[f.subject].expect("used entities are kept");
        f.object = new_index[f.object].expect("used entities are kept");
        f.claimant = f.claimant.and_then(|c| new_index[c]);
    }
    facts
}

/// The place inside the name of a battle the gazetteer knows whole, when
/// the name says what is fought for (« la bataille de Mossoul », « l'assaut
/// final contre Baghouz »), not a code name (« Bouclier de l'Euphrate »):
/// the rest of the name from the place's word on, and the hits found in it.
fn battle_place<'a>(whole: &'a str, gazetteer: &Gazetteer) -> Option<(&'a str, Vec<crate::gazetteer::Hit>)> {
    let first = crate::fold::fold_str(whole);
    let first = first.trim_start_matches(|c: char| !c.is_alphanumeric());
    if ![
        "bataille",
        "offensive",
        "siege",
        "liberation",
        "reprise",
        "assaut",
        "operation de liberation",
        "operation pour",
    ]
    .iter()
    .any(|w| first.starts_with(w))
    {
        return None;
    }
    // The name is found whole (« bataille de Mossoul » is the battle): look
    // for the place in what follows its first word.
    whole
        .char_indices()
        .filter(|&(i, c)| i > 0 && (c == ' ' || c == '\'' || c == '’'))
        .map(|(i, c)| &whole[i + c.len_utf8()..])
        .map(|rest| (rest, gazetteer.find(rest, &crate::fold::fold(rest))))
        .find(|(_, hits)| {
            hits.iter().any(|h| {
                let e = gazetteer.entry(h.entry);
                e.class == Class::Place && e.kind != "country"
            })
        })
}

/// Where a trigger's words match the row from `t`, the end of the match.
/// Time words may stand inside a phrase after its first word: « a rétabli
/// samedi la sécurité », « résiste depuis 2014 aux assauts de », « pris
/// jeudi le contrôle de ».
fn match_trigger(row: &[Item], t: usize, words: &[String]) -> Option<usize> {
    let mut k = t;
    let mut skipped = 0;
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            while skipped < 4 {
                let here = row.get(k).and_then(Item::word);
                let next = row.get(k + 1).and_then(Item::word);
                let timely = |x: Option<&str>| {
                    x.is_some_and(|x| is_time_word(x) || x.chars().all(|c| c.is_ascii_digit()))
                };
                if here == Some(w.as_str()) {
                    break;
                }
                if timely(here) {
                    k += 1;
                    skipped += 1;
                } else if matches!(here, Some("depuis" | "des")) && timely(next) {
                    k += 2;
                    skipped += 2;
                } else {
                    break;
                }
            }
        }
        if row.get(k).and_then(Item::word) != Some(w.as_str()) {
            return None;
        }
        k += 1;
    }
    Some(k)
}

/// A fact a mention states by itself (« la bataille de Mossoul », « l'hôpital
/// de Raqqa »): its evidence is the mention's own span.
fn mention_fact(p: Predicate, pair: (usize, usize), mention: &Mention, rule: &str, confidence: f32) -> Fact {
    Fact::stated(p, pair, mention.sentence, mention.span.clone(), rule, confidence)
}

/// Facts that come from how a sentence is built rather than its words.
fn structure(
    text: &str,
    row: &[Item],
    sentence: usize,
    places: &[usize],
    resolution: &mut Resolution,
    gazetteer: &Gazetteer,
    facts: &mut Vec<Fact>,
) {
    let ent = |i: usize| match &row[i] {
        Item::Entity { entity, .. } => Some(*entity),
        _ => None,
    };
    let fact = |p: Predicate, s: usize, o: usize, span: Range<usize>, rule: &str| {
        Fact::stated(p, (s, o), sentence, span, rule, 0.9)
    };
    let entities = &resolution.entities;
    // Headline « Irak : offensive sur Bashiqa »: the places it names are in
    // that country.
    // A web page's marks before it (« >>Syrie : … ») do not count.
    let first = row
        .iter()
        .position(|i| !matches!(i, Item::Punct { .. }))
        .unwrap_or(0);
    if let (Some(country), Some(true)) = (ent(first), row.get(first + 1).map(|i| i.is_punct(&[':']))) {
        if entities[country].kind == "country" {
            // Places inside an operation's name count too: « Irak :
            // offensive sur Bashiqa ».
            let end = row.last().map_or(row[first].span().end, |i| i.span().end);
            // « selon Bagdad », « Bagdad annonce »: a capital that speaks is
            // the government, not a place the headline names.
            let speaks = |e: usize| {
                entities[e].kind == "capital"
                    && (0..row.len()).any(|i| {
                        ent(i) == Some(e)
                            && (i
                                .checked_sub(1)
                                .and_then(|p| row[p].word())
                                .is_some_and(|w| matches!(w, "selon" | "d'apres"))
                                || row
                                    .get(i + 1)
                                    .and_then(Item::word)
                                    .is_some_and(|w| REPORTING_VERBS.contains(&w)))
                    })
            };
            for &e in places {
                if e != country && entities[e].kind != "country" && !speaks(e) {
                    facts.push(fact(
                        Predicate::LocatedIn,
                        e,
                        country,
                        row[first].span().start..end,
                        "locatedIn/headline",
                    ));
                }
            }
        }
    }
    // « l'opération Bouclier de l'Euphrate contre Daech »: what an
    // operation is « contre » or « sur » is its target.
    for i in 0..row.len().saturating_sub(2) {
        let Some(op) = ent(i) else { continue };
        if resolution.entities[op].class != Class::Operation {
            continue;
        }
        // « une opération dans les localités de X et Y »: where it is
        // fought.
        let where_fought = |from: usize, rule: &'static str| {
            fought_in(row, from, &ent, resolution)
                .into_iter()
                .map(move |(j, place)| {
                    fact(
                        Predicate::Targets,
                        op,
                        place,
                        row[i].span().start..row[j].span().end,
                        rule,
                    )
                })
        };
        if matches!(row[i + 1].word(), Some("a" | "dans")) {
            facts.extend(where_fought(i + 1, "targets/operation-in"));
            continue;
        }
        if !matches!(row[i + 1].word(), Some("contre" | "sur" | "visant")) {
            continue;
        }
        let mut k = i + 2;
        while k < row.len() && row[k].word().is_some_and(is_determiner) {
            k += 1;
        }
        if let Some(target) = row.get(k).and_then(|_| ent(k)) {
            let c = resolution.entities[target].class;
            if c == Class::Place || c.is_armed() {
                facts.push(fact(
                    Predicate::Targets,
                    op,
                    target,
                    row[i].span().start..row[k].span().end,
                    "targets/operation-against",
                ));
                // « une opération contre l'EI à Jourf al-Sakhr et dans les
                // localités proches d'Al-Hamya et Latifiya »: where an
                // operation against a force is fought is its target too.
                if c.is_armed() {
                    facts.extend(where_fought(k + 1, "targets/operation-against"));
                }
            }
        }
    }
    // « une offensive lancée le 14 octobre pour reprendre la ville »,
    // « l'opération visant à libérer X »: what an operation is launched to
    // take is its target, even before it is taken.
    for i in 0..row.len() {
        let Some(op) = ent(i) else { continue };
        if resolution.entities[op].class != Class::Operation {
            continue;
        }
        let mut k = i + 1;
        let mut words = 0;
        while k + 1 < row.len() && words < 7 {
            match row[k].word() {
                Some("pour" | "a" | "de") => {}
                Some(w) if is_verb_like(w) || matches!(w, "qui" | "que" | "dont" | "et") => break,
                Some(_) => {}
                None => break,
            }
            if matches!(row[k].word(), Some("pour" | "a" | "de"))
                && row[k + 1].word().is_some_and(|w| TAKE_INFINITIVES.contains(&w))
            {
                let mut j = k + 2;
                while j < row.len() && row[j].word().is_some_and(|w| is_determiner(w) || w == "aux") {
                    j += 1;
                }
                if let Some(target) = row.get(j).and_then(|_| ent(j)) {
                    if resolution.entities[target].class == Class::Place {
                        facts.push(fact(
                            Predicate::Targets,
                            op,
                            target,
                            row[i].span().start..row[j].span().end,
                            "targets/operation-purpose",
                        ));
                    }
                }
                break;
            }
            k += 1;
            words += 1;
        }
    }
    // « Rutba, une ville désertique de la province d'Anbar », « Hit, une
    // ville de la vallée de l'Euphrate »: the place lies in the region its
    // apposition names.
    // « Anah et Rawa, deux autres villes de l'Euphrate »: coordinated
    // places and a plural apposition; a river's towns lie near it.
    for i in 0..row.len().saturating_sub(4) {
        let is_place = |j: usize| ent(j).filter(|&e| resolution.entities[e].class == Class::Place);
        let Some(place) = is_place(i) else { continue };
        let mut places = vec![place];
        let mut c = i + 1;
        while row.get(c).and_then(Item::word) == Some("et") || row.get(c).is_some_and(|x| x.is_punct(&[',']))
        {
            match is_place(c + 1) {
                Some(p) => {
                    places.push(p);
                    c += 2;
                }
                _ => break,
            }
        }
        if !row.get(c).is_some_and(|x| x.is_punct(&[',']))
            || !matches!(
                row.get(c + 1).and_then(Item::word),
                Some("une" | "un" | "la" | "le" | "deux" | "trois" | "quatre" | "les" | "des")
            )
        {
            continue;
        }
        // « une petite ville de », « une localité frontalière de », « deux
        // autres villes de »
        let mut n = c + 2;
        if row.get(n).and_then(Item::word) == Some("autres") {
            n += 1;
        }
        while row.get(n).and_then(Item::word).is_some_and(is_place_adjective) {
            n += 1;
        }
        // A settlement's noun (`place_kinds` of words.toml, not the
        // regions).
        static SETTLEMENT_NOUNS: LazyLock<Vec<String>> = LazyLock::new(|| {
            crate::extract::words::Words::builtin()
                .place_kinds
                .iter()
                .map(|k| fold_str(k))
                .filter(|k| !matches!(k.as_str(), "region" | "province" | "district" | "gouvernorat"))
                .collect()
        });
        if !row.get(n).and_then(Item::word).is_some_and(|w| {
            SETTLEMENT_NOUNS
                .iter()
                .any(|k| k == w || k == w.trim_end_matches(['s', 'x']))
        }) {
            continue;
        }
        // « un bourg agricole de », « une ville désertique de »: up to two
        // words that qualify the noun before its complement.
        let mut k = n + 1;
        while k < n + 3
            && row.get(k).and_then(Item::word).is_some_and(|w| {
                !matches!(
                    w,
                    "de" | "d'"
                        | "du"
                        | "des"
                        | "la"
                        | "le"
                        | "les"
                        | "l'"
                        | "et"
                        | "ou"
                        | "qui"
                        | "que"
                        | "a"
                        | "au"
                        | "en"
                        | "dans"
                        | "sur"
                        | "pres"
                        | "a l'"
                )
            })
        {
            k += 1;
        }
        if !matches!(row.get(k).and_then(Item::word), Some("de" | "d'" | "du")) {
            continue;
        }
        k += 1;
        if row
            .get(k)
            .and_then(Item::word)
            .is_some_and(|w| matches!(w, "la" | "l'" | "le"))
        {
            k += 1;
        }
        let Some(region) = row.get(k).and_then(|_| ent(k)) else {
            continue;
        };
        let r = &resolution.entities[region];
        let predicate = match r.kind.as_str() {
            "governorate" | "region" | "valley" | "district" | "country" => Predicate::LocatedIn,
            "river" => Predicate::Near,
            _ => continue,
        };
        for &place in places.iter().filter(|&&p| p != region && r.class == Class::Place) {
            facts.push(fact(
                predicate,
                place,
                region,
                row[i].span().start..row[k].span().end,
                if predicate == Predicate::Near {
                    "near/apposition"
                } else {
                    "locatedIn/apposition"
                },
            ));
        }
    }
    // « une opération de ratissage des zones de l'Anbar, de Salaheddine et
    // de Ninive », « l'offensive sur X et Y »: each coordinated place is a
    // target (the first one the name's own rule gives).
    for i in 0..row.len().saturating_sub(2) {
        let (Some(op), Some(first)) = (ent(i), ent(i + 1)) else {
            continue;
        };
        if resolution.entities[op].class != Class::Operation
            || resolution.entities[first].class != Class::Place
        {
            continue;
        }
        let mut k = i + 1;
        loop {
            let mut n = k + 1;
            let comma = row.get(n).is_some_and(|x| x.is_punct(&[',']));
            // « , de Y » or « et (de) Y »; a bare « , Y » may open a clause.
            if comma && !matches!(row.get(n + 1).and_then(Item::word), Some("de" | "d'" | "et")) {
                break;
            }
            if !comma && row.get(n).and_then(Item::word) != Some("et") {
                break;
            }
            n += 1;
            while row
                .get(n)
                .and_then(Item::word)
                .is_some_and(|w| matches!(w, "de" | "d'" | "l'" | "la" | "le" | "et"))
            {
                n += 1;
            }
            let place = row.get(n).and_then(|_| ent(n));
            let Some(next) = place.filter(|&e| resolution.entities[e].class == Class::Place) else {
                break;
            };
            facts.push(fact(
                Predicate::Targets,
                op,
                next,
                row[i].span().start..row[n].span().end,
                "targets/operation-name",
            ));
            k = n;
        }
    }
    // « l'offensive de l'armée syrienne »: whose operation it is.
    for i in 0..row.len().saturating_sub(2) {
        let Some(op) = ent(i) else { continue };
        if resolution.entities[op].class != Class::Operation
            || !matches!(row[i + 1].word(), Some("de" | "du" | "des" | "d'"))
        {
            continue;
        }
        let mut k = i + 2;
        if row[k].word().is_some_and(|w| matches!(w, "l'" | "la" | "le")) {
            k += 1;
        }
        if let Some(actor) = row.get(k).and_then(|_| ent(k)) {
            if resolution.entities[actor].class.is_armed() {
                facts.push(fact(
                    Predicate::LaunchedBy,
                    op,
                    actor,
                    row[i].span().start..row[k].span().end,
                    "launchedBy/operation-of",
                ));
            }
        }
    }
    // « dans la province d'Anbar, où l'EI s'est emparé de Hit et menace
    // Ramadi »: the places of a clause opened by « où » lie in the region
    // before it.
    for (i, item) in row.iter().enumerate() {
        if !matches!(item, Item::Word { span, .. } if text[span.clone()].eq_ignore_ascii_case("où")) {
            continue;
        }
        let before = if i >= 2 && row[i - 1].is_punct(&[',']) {
            i - 2
        } else {
            i.wrapping_sub(1)
        };
        let Some(region) = row.get(before).and_then(|_| ent(before)) else {
            continue;
        };
        let broad = |e: &Entity| {
            matches!(
                e.kind.as_str(),
                "governorate" | "region" | "district" | "country" | "valley"
            )
        };
        if !broad(&resolution.entities[region]) {
            continue;
        }
        for k in i + 1..row.len() {
            if row[k].is_punct(&[';', '.', ':', '?', '!']) {
                break;
            }
            if let Some(p) = ent(k) {
                let place = &resolution.entities[p];
                if place.class == Class::Place && !broad(place) && p != region {
                    let span = row[before].span().start..row[k].span().end;
                    facts.push(fact(
                        Predicate::LocatedIn,
                        p,
                        region,
                        span,
                        "locatedIn/where-clause",
                    ));
                }
            }
        }
    }
    for i in 0..row.len() {
        let Some(e) = ent(i) else { continue };
        let class = resolution.entities[e].class;
        // A unit of a force: « la 9e division blindée de l'armée
        // irakienne ».
        if class.is_armed() && resolution.entities[e].kind == "unit" {
            let de = row
                .get(i + 1)
                .and_then(Item::word)
                .is_some_and(|w| matches!(w, "de" | "du" | "des" | "d'"));
            let at = if row
                .get(i + 2)
                .and_then(Item::word)
                .is_some_and(|w| matches!(w, "l'" | "la" | "le"))
            {
                i + 3
            } else {
                i + 2
            };
            if let (true, Some(parent)) = (de, row.get(at).and_then(|_| ent(at))) {
                if resolution.entities[parent].class.is_armed() {
                    facts.push(fact(
                        Predicate::PartOf,
                        e,
                        parent,
                        row[i].span().start..row[at].span().end,
                        "partOf/unit-of",
                    ));
                }
            }
        }
        // « la ville irakienne de X », « la cité antique irakienne de X »:
        // a place noun, up to three adjectives one of which names a
        // country, then « de » and the place.
        if class == Class::Place && i >= 3 && matches!(row[i - 1].word(), Some("de" | "d'")) {
            let noun = (2..=4)
                .take_while(|&k| k <= i && row[i - k].word().is_some())
                .find(|&k| row[i - k].word().is_some_and(|w| PLACE_NOUNS.contains(&w)));
            let adjective =
                noun.and_then(|k| (2..k).find_map(|a| row[i - a].word().and_then(country_of_adjective)));
            if let (Some(k), Some(adjective)) = (noun, adjective) {
                if let Some(country) = known_entity(adjective, resolution, gazetteer) {
                    let start = row[i - k].span().start;
                    facts.push(fact(
                        Predicate::LocatedIn,
                        e,
                        country,
                        start..row[i].span().end,
                        "locatedIn/adjective",
                    ));
                    // « les localités turques de Karkamış et de Kilis »
                    let mut j = i + 1;
                    while j + 2 < row.len()
                        && row[j].word() == Some("et")
                        && matches!(row[j + 1].word(), Some("de" | "d'"))
                    {
                        let place = ent(j + 2).filter(|&e| resolution.entities[e].class == Class::Place);
                        let Some(next) = place else { break };
                        facts.push(fact(
                            Predicate::LocatedIn,
                            next,
                            country,
                            start..row[j + 2].span().end,
                            "locatedIn/adjective",
                        ));
                        j += 3;
                    }
                }
            }
        }
    }
}

/// The places a phrase starting at `from` says something happens in: « à
/// X », « dans la ville de X », « et dans les localités proches de Y et
/// Z », with their row positions; nothing once another word comes.
fn fought_in(
    row: &[Item],
    from: usize,
    ent: &impl Fn(usize) -> Option<usize>,
    resolution: &Resolution,
) -> Vec<(usize, usize)> {
    static KINDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
        crate::extract::words::Words::builtin()
            .place_kinds
            .iter()
            .flat_map(|k| {
                let f = crate::fold::fold_str(k);
                [format!("{f}s"), f]
            })
            .collect()
    });
    let mut out = Vec::new();
    let mut located = false;
    for (j, item) in row.iter().enumerate().skip(from).take(14) {
        match item.word() {
            Some("a" | "dans") => located = true,
            Some(
                "et" | "de" | "d'" | "du" | "des" | "proche" | "proches" | "voisine" | "voisines" | "voisin"
                | "voisins",
            ) => {}
            Some(w) if is_determiner(w) || KINDS.contains(w) => {}
            Some(_) => break,
            None => match ent(j) {
                Some(e) if located && resolution.entities[e].class == Class::Place => out.push((j, e)),
                _ => break,
            },
        }
    }
    out
}

/// The entity of a gazetteer entry by id (see [`Resolution::known_entity`]).
fn known_entity(id: &str, resolution: &mut Resolution, gazetteer: &Gazetteer) -> Option<usize> {
    Some(resolution.known_entity(gazetteer.index_of(id)?, gazetteer))
}

/// Verbs that report speech (folded): « a déclaré X », « X affirme ».
pub(crate) const REPORTING_VERBS: &[&str] = &[
    "declare",
    "indique",
    "affirme",
    "annonce",
    "precise",
    "rapporte",
    "explique",
    "ajoute",
    "assure",
    "dit",
    "estime",
    "confirme",
    "souligne",
    "accuse",
    "raconte",
    "revendique",
];

/// Who a sentence reports: « selon X », « d'après X », « a déclaré X »,
/// « rapporte X », « X a affirmé ».
fn claimant_of(row: &[Item], entities: &[Entity]) -> Option<usize> {
    const VERBS: &[&str] = REPORTING_VERBS;
    let speaker = |i: usize| match row.get(i) {
        Some(Item::Entity { entity, .. })
            if entities[*entity].class != Class::Place && entities[*entity].class != Class::Operation =>
        {
            Some(*entity)
        }
        _ => None,
    };
    for (i, item) in row.iter().enumerate() {
        let Some(w) = item.word() else { continue };
        if matches!(w, "selon" | "d'apres") || VERBS.contains(&w) {
            // The speaker follows, maybe after a title or a determiner;
            // not the one spoken to (« a annoncé à la télévision publique
            // le général X »).
            for (k, next) in row.iter().enumerate().skip(i + 1).take(6) {
                if let Some(e) = speaker(k) {
                    let mut d = k;
                    while d > 0 && row[d - 1].word().is_some_and(is_determiner) {
                        d -= 1;
                    }
                    if d > 0 && matches!(row[d - 1].word(), Some("a" | "au" | "aux")) {
                        continue;
                    }
                    return Some(e);
                }
                // « a rapporté que l'armée … »: what follows « que » is what
                // is said, not who says it.
                if next.is_punct(&[',', '.', ';', ':', '«', '»'])
                    || matches!(next.word(), Some("que" | "qu'"))
                {
                    break;
                }
            }
            if VERBS.contains(&w) {
                // « X a affirmé », « Sana a également rapporté »
                for k in (i.saturating_sub(3)..i).rev() {
                    if let Some(e) = speaker(k) {
                        return Some(e);
                    }
                    if row[k].is_punct(&[',', '.', ';', ':', '«', '»']) {
                        break;
                    }
                }
            }
        }
    }
    None
}

/// One fact per (predicate, subject, object, sentence); symmetric ones in a
/// canonical order.
fn dedup(facts: Vec<Fact>, entities: &[Entity]) -> Vec<Fact> {
    let mut seen: HashMap<(Predicate, usize, usize, usize), usize> = HashMap::new();
    let mut out: Vec<Fact> = Vec::new();
    // Where both rule sets state a fact, the tree rule's evidence is kept,
    // with the best confidence of the rules that found it: they read the
    // same words, so agreeing is no independent evidence to multiply.
    let (tree, window): (Vec<Fact>, Vec<Fact>) = facts.into_iter().partition(|f| f.tree_rule.is_some());
    for mut f in tree.into_iter().chain(window) {
        if f.predicate.is_symmetric() && entities[f.subject].iri > entities[f.object].iri {
            std::mem::swap(&mut f.subject, &mut f.object);
        }
        match seen.entry((f.predicate, f.subject, f.object, f.sentence)) {
            std::collections::hash_map::Entry::Occupied(kept) => {
                let kept = &mut out[*kept.get()];
                kept.confidence = kept.confidence.max(f.confidence);
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(out.len());
                out.push(f);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_loads() {
        let l = lexicon();
        assert!(l.by_first.contains_key("repris"));
        assert!(l.by_first.contains_key("aux"));
    }

    #[test]
    fn words_keep_elision() {
        assert_eq!(
            words_of("s'emparer de l'aéroport"),
            vec!["s'", "emparer", "de", "l'", "aeroport"]
        );
    }
}
