//! **Counts**: numbers the text ties to what they count — « 15 000 civils
//! pris au piège », « plus de 500 frappes aériennes », « environ 150
//! terroristes », « 60 puits », « des dizaines de combattants » — with the
//! qualifier kept (plus de, environ, au moins, quelque, des dizaines…).
//!
//! Distances, durations, ages, percentages and dates are not counts. A
//! count whose noun is a mention of an entity (« 3 000 peshmergas ») is
//! tied to that entity by [`crate::events`] and the triples.

use crate::sentences::Sentence;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// A number and what it counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    /// Byte range in the clean text, qualifier to noun.
    pub span: Range<usize>,
    /// Byte range of the counted noun phrase.
    pub noun_span: Range<usize>,
    /// Index of the sentence holding it.
    pub sentence: usize,
    /// The number, when the text gives one (« des dizaines » gives none).
    pub value: Option<u64>,
    /// The qualifier as written, normalised to lower case: « plus de »,
    /// « environ », « au moins », « des dizaines »…
    pub qualifier: Option<String>,
    /// The counted noun phrase (« frappes aériennes »).
    pub noun: String,
}

/// Words after a number that make it no count: units of distance, time,
/// money and share, and function words. Months, which make a date, are
/// [`crate::dates::month_of`]'s.
const NOT_COUNTED: &[&str] = &[
    "km",
    "kilomètres",
    "kilometres",
    "kilomètre",
    "m",
    "mètres",
    "metres",
    "mètre",
    "ans",
    "an",
    "années",
    "jours",
    "jour",
    "heures",
    "heure",
    "h",
    "minutes",
    "mois",
    "semaines",
    "semaine",
    "%",
    "pour",
    "dollars",
    "euros",
    "millions",
    "milliards",
    "le",
    "la",
    "les",
    "des",
    "de",
    "du",
    "et",
    "à",
    "a",
    "en",
    "au",
    "aux",
    "dans",
    "par",
    "sur",
    "sous",
    "ou",
    "qui",
    "que",
    "avec",
    "contre",
    "vers",
    "selon",
    "fois",
    "entre",
    "eux",
    "elles",
    "degrés",
    "kg",
    "tonnes",
    "hectares",
    "habitants",
];

/// Adjectives that extend the counted noun (« frappes aériennes »).
const EXTENDERS: &[&str] = &[
    "aériennes",
    "aeriennes",
    "aériens",
    "aeriens",
    "civils",
    "armés",
    "armes",
    "irakiens",
    "kurdes",
    "syriens",
    "étrangers",
    "etrangers",
    "jihadistes",
    "djihadistes",
    "blessés",
    "tués",
    "supplémentaires",
];

const WORD_NUMBERS: &[(&str, u64)] = &[
    ("deux", 2),
    ("trois", 3),
    ("quatre", 4),
    ("cinq", 5),
    ("six", 6),
    ("sept", 7),
    ("huit", 8),
    ("neuf", 9),
    ("dix", 10),
    ("onze", 11),
    ("douze", 12),
    ("quinze", 15),
    ("vingt", 20),
    ("trente", 30),
    ("quarante", 40),
    ("cinquante", 50),
    ("cent", 100),
    ("mille", 1000),
];

/// Approximate amounts and the number they stand for at least.
const APPROXIMATE: &[(&str, Option<u64>)] = &[
    ("une dizaine", Some(10)),
    ("une douzaine", Some(12)),
    ("une quinzaine", Some(15)),
    ("une vingtaine", Some(20)),
    ("une trentaine", Some(30)),
    ("une quarantaine", Some(40)),
    ("une cinquantaine", Some(50)),
    ("une soixantaine", Some(60)),
    ("une centaine", Some(100)),
    ("un millier", Some(1000)),
    ("des dizaines", None),
    ("des centaines", None),
    ("des milliers", None),
    ("plusieurs dizaines", None),
    ("plusieurs centaines", None),
    ("plusieurs milliers", None),
];

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let words = WORD_NUMBERS.iter().map(|(w, _)| *w).collect::<Vec<_>>().join("|");
        let approx = APPROXIMATE
            .iter()
            .map(|(a, _)| a.replace(' ', r"\s+"))
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&format!(
            r"(?xi)
            (?:(?-u:\b)(?P<q>plus\s+de|moins\s+de|pas\s+moins\s+de|au\s+moins|environ|près\s+de|pres\s+de|quelque|jusqu['’]à|jusqu['’]a|approximativement|presque)\s+)?
            (?:
                (?P<n>(?-u:\b)\d{{1,3}}(?:[\x20\u{{a0}}\u{{202f}}.]\d{{3}})+(?-u:\b)|(?-u:\b)\d+(?-u:\b))
              | (?-u:\b)(?P<w>{words})(?-u:\b)
              | (?-u:\b)(?P<a>{approx})\s+d(?:e\s+|['’])
            )
            \s*(?P<noun>\p{{L}}[\p{{L}}'’-]*)"
        ))
        .expect("a valid count pattern")
    })
}

/// Finds the counts of `text`.
pub fn find(text: &str, sentences: &[Sentence]) -> Vec<Count> {
    let mut out = Vec::new();
    for c in pattern().captures_iter(text) {
        let noun_m = c.name("noun").expect("always matched");
        let first = noun_m.as_str().to_lowercase();
        if NOT_COUNTED.contains(&first.as_str()) || crate::dates::month_of(&first).is_some() {
            continue;
        }
        let (value, approx) = if let Some(n) = c.name("n") {
            let digits: String = n.as_str().chars().filter(char::is_ascii_digit).collect();
            // A year is a date, not a count (« en 2016 des combats »): four
            // digits without a thousands separator between 1900 and 2099.
            if digits.len() == 4 && !n.as_str().contains([' ', '.', '\u{a0}', '\u{202f}']) {
                let y: u64 = digits.parse().unwrap_or(0);
                if (1900..2100).contains(&y) {
                    continue;
                }
            }
            (digits.parse().ok(), None)
        } else if let Some(w) = c.name("w") {
            let w = w.as_str().to_lowercase();
            (WORD_NUMBERS.iter().find(|(x, _)| *x == w).map(|(_, v)| *v), None)
        } else if let Some(a) = c.name("a") {
            let a: String = a
                .as_str()
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let v = APPROXIMATE.iter().find(|(x, _)| *x == a).and_then(|(_, v)| *v);
            (v, Some(a))
        } else {
            continue;
        };
        // « des dizaines de milliers de civils »: the multiplier joins the
        // qualifier, and the noun is what follows it.
        let mut noun = noun_m.range();
        let mut multiplier = None;
        if matches!(first.as_str(), "milliers" | "centaines" | "dizaines" | "millions") {
            let after = &text[noun.end..];
            let trimmed = after.trim_start();
            let Some(de) = ["de ", "d'", "d’"].into_iter().find(|p| trimmed.starts_with(p)) else {
                continue;
            };
            let start = noun.end + (after.len() - trimmed.len()) + de.len();
            let len = text[start..]
                .char_indices()
                .find(|(_, ch)| !(ch.is_alphabetic() || *ch == '-'))
                .map_or(text.len() - start, |(k, _)| k);
            if len == 0 || NOT_COUNTED.contains(&text[start..start + len].to_lowercase().as_str()) {
                continue;
            }
            multiplier = Some(first.clone());
            noun = start..start + len;
        }
        // One extending adjective at most: « frappes aériennes ».
        let rest = &text[noun.end..];
        if let Some(next) = rest.strip_prefix(' ') {
            let word: String = next.chars().take_while(|ch| ch.is_alphabetic()).collect();
            if EXTENDERS.contains(&word.to_lowercase().as_str()) {
                noun.end += 1 + word.len();
            }
        }
        let whole = c.get(0).expect("the whole match");
        let qualifier = c
            .name("q")
            .map(|q| {
                q.as_str()
                    .to_lowercase()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .or(approx)
            .map(|q| match &multiplier {
                Some(m) => format!("{q} de {m}"),
                None => q,
            });
        let sentence = crate::sentences::index_at(sentences, whole.start());
        out.push(Count {
            span: whole.start()..noun.end,
            noun_span: noun.clone(),
            sentence,
            value: if multiplier.is_some() { None } else { value },
            qualifier,
            noun: text[noun].to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentences::split;

    fn counts(text: &str) -> Vec<(Option<u64>, Option<String>, String)> {
        find(text, &split(text))
            .into_iter()
            .map(|c| (c.value, c.qualifier, c.noun))
            .collect()
    }

    #[test]
    fn numbers_with_their_noun_and_qualifier() {
        let t = "Quelque 15 000 civils sont pris au piège ; plus de 500 frappes aériennes ont visé environ 150 terroristes et 60 puits. Des dizaines de combattants ont fui, une centaine de familles aussi, et trois soldats. Des dizaines de milliers de civils, des dizaines d'entre eux.";
        assert_eq!(
            counts(t),
            vec![
                (Some(15000), Some("quelque".into()), "civils".into()),
                (Some(500), Some("plus de".into()), "frappes aériennes".into()),
                (Some(150), Some("environ".into()), "terroristes".into()),
                (Some(60), None, "puits".into()),
                (None, Some("des dizaines".into()), "combattants".into()),
                (Some(100), Some("une centaine".into()), "familles".into()),
                (Some(3), None, "soldats".into()),
                (None, Some("des dizaines de milliers".into()), "civils".into()),
            ]
        );
    }

    #[test]
    fn distances_durations_and_dates_are_not_counts() {
        let t = "À 60 km au sud de Mossoul, le 17 octobre 2016, après trois ans et 10 % des voix, en 2014 des combats.";
        assert_eq!(counts(t), vec![]);
    }
}
