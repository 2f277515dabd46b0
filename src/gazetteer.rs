//! The **gazetteer** is trame's background knowledge: the actors, places,
//! people and operations of the 2014–2019 campaigns, each with its class, its
//! preferred French name and the spellings the press uses (French, English,
//! transliterations, acronyms), the place or force that contains it, and
//! coordinates.
//!
//! It lives in data files (`data/gazetteer/*.tsv`, compiled into the binary)
//! so a researcher adds a place without touching Rust. Loaded once, it
//! compiles every spelling into one Aho-Corasick automaton over folded text
//! (see [`crate::fold`]); [`Gazetteer::find`] makes one pass over a document.

use crate::error::{Error, Result};
use crate::fold::{fold_str, Folded};
use crate::model::Class;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// One known entity.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Stable slug; the entity's IRI is `vocab::ID` + slug.
    pub id: String,
    /// Its class in the contract.
    pub class: Class,
    /// Finer kind: city, governorate, militia, media…
    pub kind: String,
    /// Preferred French name.
    pub label: String,
    /// Other surface forms.
    pub aliases: Vec<String>,
    /// Containing place (places), larger force (units), affiliation (people).
    pub parent: Option<String>,
    /// Latitude and longitude, WGS84.
    pub coordinates: Option<(f64, f64)>,
    /// GeoNames identifier.
    pub geonames: Option<u64>,
}

/// The data files compiled in, in load order: where two entries claim the
/// same spelling the first keeps it, and a place name in running text is
/// more often the place than the outlet or unit named after it.
const BUILTIN: &[(&str, &str)] = &[
    (
        "data/gazetteer/places.tsv",
        include_str!("../data/gazetteer/places.tsv"),
    ),
    (
        "data/gazetteer/actors.tsv",
        include_str!("../data/gazetteer/actors.tsv"),
    ),
    (
        "data/gazetteer/people.tsv",
        include_str!("../data/gazetteer/people.tsv"),
    ),
    (
        "data/gazetteer/operations.tsv",
        include_str!("../data/gazetteer/operations.tsv"),
    ),
];

/// A spelling in the automaton.
struct Surface {
    entry: usize,
    /// An acronym (« EI », « CTS ») only matches in capitals.
    acronym: bool,
    /// A proper name (it has a capital) only matches text with a capital:
    /// « Tigre » the river, not « tigre » the animal.
    proper: bool,
    /// A name joined to a capitalised part by a hyphen (« Mossoul-Est »)
    /// does not match that part written apart in lower case: « Mossoul est
    /// tombée » is Mossoul and a verb. The positions, among the name's
    /// words, of those parts; the other words may be in any case
    /// (« Haut Commissariat des Nations unies » for « Haut-Commissariat … »).
    hyphen_capital: Vec<usize>,
}

/// The loaded gazetteer.
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
    /// Each entry's label's `name_key`, which resolution gives every
    /// mention of a known entity: worked out once here, not per mention.
    label_keys: Vec<String>,
    fingerprint: String,
    matcher: AhoCorasick,
    surfaces: Vec<Surface>,
}

/// A match of a known spelling in a text.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Byte range in the text that was folded.
    pub span: Range<usize>,
    /// Index of the entry.
    pub entry: usize,
}

impl Gazetteer {
    /// The gazetteer compiled into the binary, loaded once.
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::from_tsv(BUILTIN).expect("the built-in gazetteer is valid (tested)"))
    }

    /// Loads gazetteer files given as (name, content).
    pub fn from_tsv(files: &[(&str, &str)]) -> Result<Gazetteer> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut by_id = HashMap::new();
        for (file, content) in files {
            for (n, line) in content.lines().enumerate() {
                let bad = |reason: String| Error::Data {
                    file: file.to_string(),
                    line: n + 1,
                    reason,
                };
                if n == 0 || line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let f: Vec<&str> = line.split('\t').collect();
                if f.len() < 5 {
                    return Err(bad(format!("expected 9 tab-separated fields, found {}", f.len())));
                }
                let field = |i: usize| f.get(i).map(|s| s.trim()).filter(|s| !s.is_empty());
                let class: Class = f[1].trim().parse().map_err(bad)?;
                let coordinates = match (field(6), field(7)) {
                    (Some(a), Some(b)) => Some((
                        a.parse()
                            .map_err(|_| bad(format!("latitude {a:?} is not a number")))?,
                        b.parse()
                            .map_err(|_| bad(format!("longitude {b:?} is not a number")))?,
                    )),
                    _ => None,
                };
                let entry = Entry {
                    id: f[0].trim().to_string(),
                    class,
                    kind: f[2].trim().to_string(),
                    label: f[3].trim().to_string(),
                    aliases: f[4]
                        .split('|')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(String::from)
                        .collect(),
                    parent: field(5).map(String::from),
                    coordinates,
                    geonames: field(8).and_then(|g| g.parse().ok()),
                };
                if entry.id.is_empty() || entry.label.is_empty() {
                    return Err(bad("empty id or label".into()));
                }
                if by_id.insert(entry.id.clone(), entries.len()).is_some() {
                    return Err(bad(format!("duplicate id {:?}", entry.id)));
                }
                entries.push(entry);
            }
        }
        for e in &entries {
            if let Some(p) = &e.parent {
                if !by_id.contains_key(p) {
                    return Err(Error::Data {
                        file: "gazetteer".into(),
                        line: 0,
                        reason: format!("{} names an unknown parent {p:?}", e.id),
                    });
                }
            }
        }
        let mut patterns = Vec::new();
        let mut surfaces = Vec::new();
        let mut seen = HashMap::new();
        let mut by_key = HashMap::new();
        let mut label_keys = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            for (n, name) in std::iter::once(&e.label).chain(&e.aliases).enumerate() {
                let key = crate::fold::name_key(name);
                if n == 0 {
                    label_keys.push(key.clone());
                }
                by_key.entry(key).or_insert(i);
                let folded = fold_str(name);
                if folded.is_empty() {
                    continue;
                }
                let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
                let surface = Surface {
                    entry: i,
                    acronym: letters.len() <= 6 && letters.iter().all(|c| c.is_uppercase()),
                    // A name written in capitals throughout (« Tigre », « Le
                    // Monde ») needs capitals in the text; one with common
                    // words (« Commandement des opérations conjointes ») is
                    // distinctive as it stands.
                    proper: letters.iter().any(|c| c.is_uppercase())
                        && name
                            .split_whitespace()
                            .filter(|w| w.chars().count() > 3)
                            .all(|w| w.chars().any(char::is_uppercase)),
                    hyphen_capital: name
                        .split_whitespace()
                        .flat_map(|w| w.split('-').enumerate())
                        .enumerate()
                        .filter(|(_, (part, piece))| *part > 0 && piece.starts_with(char::is_uppercase))
                        .map(|(i, _)| i)
                        .collect(),
                };
                match seen.get(&folded) {
                    // The first entry to claim a spelling keeps it; its own
                    // lower-case spelling (« peshmergas » beside
                    // « Peshmergas ») lets it match without capitals.
                    Some(&k) => {
                        let kept: &mut Surface = &mut surfaces[k];
                        if kept.entry == i {
                            kept.acronym &= surface.acronym;
                            kept.proper &= surface.proper;
                        }
                    }
                    None => {
                        seen.insert(folded.clone(), surfaces.len());
                        surfaces.push(surface);
                        patterns.push(folded);
                    }
                }
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| Error::Data {
                file: "gazetteer".into(),
                line: 0,
                reason: e.to_string(),
            })?;
        // What the background graph is made from: the data and the code that
        // turns it into quads (the crate version).
        let mut all = String::from(env!("CARGO_PKG_VERSION"));
        for (file, content) in files {
            all.push_str(file);
            all.push_str(content);
        }
        Ok(Gazetteer {
            entries,
            by_id,
            by_key,
            label_keys,
            fingerprint: crate::triples::content_hash(&all),
            matcher,
            surfaces,
        })
    }

    /// A hash of the data the gazetteer was loaded from, to tell whether a
    /// store's background graph is up to date without rebuilding it.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// All entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// An entry by index.
    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    /// An entry's index by id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The country an entry lies in, following its parents.
    pub fn country_of(&self, mut i: usize) -> Option<usize> {
        for _ in 0..8 {
            let e = &self.entries[i];
            if e.class == Class::Place && e.kind == "country" {
                return Some(i);
            }
            i = self.index_of(e.parent.as_deref()?)?;
        }
        None
    }

    /// The [`name_key`](crate::fold::name_key) of entry `i`'s label.
    pub fn label_key(&self, i: usize) -> &str {
        &self.label_keys[i]
    }

    /// The entry a name resolves to through its [`name_key`](crate::fold::name_key).
    pub fn by_key(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// Known names in `original` (whose fold is `folded`): whole words only,
    /// acronyms in capitals only, the longest name winning where names
    /// overlap. Spans are byte ranges of `original`.
    pub fn find(&self, original: &str, folded: &Folded) -> Vec<Hit> {
        let text = &folded.text;
        let bytes = text.as_bytes();
        let mut hits: Vec<Hit> = Vec::new();
        for m in self.matcher.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            let before_ok = s == 0 || !is_word_byte(text, s, true);
            let after_ok = e == bytes.len() || !is_word_byte(text, e, false);
            if !before_ok || !after_ok {
                continue;
            }
            let surface = &self.surfaces[m.pattern().as_usize()];
            let (os, oe) = folded.original(s, e, original);
            let slice = &original[os..oe];
            if surface.acronym && slice.chars().any(|c| c.is_lowercase()) {
                continue;
            }
            if surface.proper && !slice.chars().any(char::is_uppercase) {
                continue;
            }
            if !surface.hyphen_capital.is_empty() && !slice.contains('-') {
                let words: Vec<&str> = slice.split_whitespace().collect();
                if surface
                    .hyphen_capital
                    .iter()
                    .any(|&i| words.get(i).is_some_and(|w| w.starts_with(char::is_lowercase)))
                {
                    continue;
                }
            }
            hits.push(Hit {
                span: os..oe,
                entry: surface.entry,
            });
        }
        // Longest first, then leftmost; keep those that overlap nothing kept.
        hits.sort_by_key(|h| (std::cmp::Reverse(h.span.len()), h.span.start));
        let mut kept: Vec<Hit> = Vec::new();
        for h in hits {
            if kept
                .iter()
                .all(|k| h.span.end <= k.span.start || h.span.start >= k.span.end)
            {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| h.span.start);
        kept
    }
}

/// Whether the character touching byte `at` of folded text (before it when
/// `before`, else at it) is part of a word.
fn is_word_byte(text: &str, at: usize, before: bool) -> bool {
    let c = if before {
        text[..at].chars().next_back()
    } else {
        text[at..].chars().next()
    };
    c.is_some_and(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::fold;

    #[test]
    fn builtin_loads_and_is_large() {
        let g = Gazetteer::builtin();
        assert!(g.entries().len() >= 300, "{} entries", g.entries().len());
        for class in Class::ALL {
            assert!(g.entries().iter().any(|e| e.class == class), "no {class}");
        }
    }

    #[test]
    fn finds_spellings_whole_words_and_acronyms_in_capitals() {
        let g = Gazetteer::builtin();
        let text = "L’EI a quitté Qayyara, près de Mossoul ; ei n'est pas un nom. Le tigre dort.";
        let hits = g.find(text, &fold(text));
        let names: Vec<&str> = hits.iter().map(|h| &text[h.span.clone()]).collect();
        assert_eq!(names, vec!["EI", "Qayyara", "Mossoul"]);
        let ids: Vec<&str> = hits.iter().map(|h| g.entry(h.entry).id.as_str()).collect();
        assert_eq!(ids[0], "daech");
    }

    #[test]
    fn a_lower_case_spelling_of_the_same_entry_needs_no_capital() {
        let g = Gazetteer::builtin();
        let text = "Les peshmergas ont repris Bashiqa ; les Peshmergas avancent.";
        let hits = g.find(text, &fold(text));
        let ids: Vec<&str> = hits.iter().map(|h| g.entry(h.entry).id.as_str()).collect();
        assert_eq!(ids, vec!["peshmerga", "bashiqa", "peshmerga"]);
    }
}
