//! **Quotes**: what people and organisations are quoted saying, between
//! French guillemets, with the speaker and the verb that introduces it —
//! « … », a déclaré le général X ; X a affirmé : « … » ; selon X, « … ».
//!
//! Guillemets also mark names (« Colère de l'Euphrate ») and terms held at a
//! distance (le « califat »): a quote that is one name the mentions know is
//! no speech, nor is one of fewer than three words, nor a short one (under
//! five words) that no reporting verb introduces. A quote whose speaker the
//! sentence does not name keeps no speaker rather than a guessed one.

use crate::fold::fold_str;
use crate::mentions::Mention;
use crate::model::Class;
use crate::resolve::Resolution;
use crate::sentences::Sentence;
use std::ops::Range;

/// A quotation and who said it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// Byte range of the quoted words (guillemets excluded) in the clean
    /// text.
    pub span: Range<usize>,
    /// Index of the sentence holding the opening guillemet.
    pub sentence: usize,
    /// The speaker (entity index), when the sentence names one.
    pub speaker: Option<usize>,
    /// The words that introduce it (« a déclaré », « selon »), as written.
    pub verb: Option<String>,
}

/// Verbs that introduce a quote but are too loose to make a speaker the
/// claimant of a fact (« lance », « promet »), beside the extractor's
/// reporting verbs; folded.
const QUOTING_VERBS: &[&str] = &[
    "declarait",
    "lance",
    "promet",
    "promis",
    "martele",
    "insiste",
    "temoigne",
    "reconnait",
    "reconnu",
    "denonce",
    "prevenu",
    "previent",
    "ecrit",
    "tweete",
    "poursuit",
    "conclut",
    "selon",
];

fn is_quoting_verb(w: &str) -> bool {
    crate::extract::REPORTING_VERBS.contains(&w) || QUOTING_VERBS.contains(&w)
}

/// Auxiliaries and clitics that may sit before a reporting verb.
const BEFORE_VERB: &[&str] = &[
    "a", "ont", "avait", "avaient", "aurait", "t-il", "t-elle", "-t-il", "-t-elle",
];

/// Words of a span with their byte ranges.
fn words(text: &str, span: Range<usize>) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[span.clone()].char_indices() {
        let i = span.start + i;
        let inside = c.is_alphanumeric() || c == '-' || c == '\'' || c == '’';
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s..i, fold_str(&text[s..i])));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s..span.end, fold_str(&text[s..span.end])));
    }
    out
}

/// The speaker among the mentions of `window`: a person first, else
/// another actor (an outlet, a ministry, a force), the nearest to `from`.
fn speaker_in(
    window: Range<usize>,
    from: usize,
    mentions: &[Mention],
    resolution: &Resolution,
) -> Option<usize> {
    let mut candidates: Vec<(bool, usize, usize)> = mentions
        .iter()
        .zip(&resolution.of_mention)
        .filter(|(m, _)| m.span.start >= window.start && m.span.end <= window.end)
        .filter_map(|(m, e)| {
            let e = (*e)?;
            let class = resolution.entities[e].class;
            (class.is_actor()).then_some((class != Class::Person, m.span.start.abs_diff(from), e))
        })
        .collect();
    candidates.sort();
    candidates.first().map(|c| c.2)
}

/// Finds the quotes of `text` and their speakers.
pub fn find(text: &str, sentences: &[Sentence], mentions: &[Mention], resolution: &Resolution) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('«').map(|k| from + k) {
        let inner_start = open + '«'.len_utf8();
        let Some(close) = text[inner_start..].find('»').map(|k| inner_start + k) else {
            break;
        };
        from = close + '»'.len_utf8();
        let inner = inner_start..close;
        let quoted = text[inner.clone()].trim();
        if quoted.split_whitespace().count() < 3 {
            continue;
        }
        let lead = text[inner.clone()].len() - text[inner.clone()].trim_start().len();
        let span = inner.start + lead..inner.start + lead + quoted.len();
        // A name between guillemets (an operation, a force) is no speech.
        let is_name = mentions
            .iter()
            .any(|m| m.span.start <= span.start + 3 && m.span.end + 3 >= span.end);
        if is_name {
            continue;
        }
        let Some(sentence) = sentences.get(crate::sentences::index_at(sentences, open)) else {
            continue;
        };
        // The sentence may end inside the quote; the speaker is named in the
        // sentence that holds the closing guillemet too.
        let end = sentences
            .get(crate::sentences::index_at(sentences, close))
            .map_or(sentence.span.end, |s| s.span.end);
        let mut speaker = None;
        let mut verb = None;
        // « … », a déclaré X / « … », selon X.
        let after = words(text, from..end);
        if let Some(k) = after.iter().take(4).position(|(_, w)| is_quoting_verb(w)) {
            let start = if k > 0 && BEFORE_VERB.contains(&after[k - 1].1.as_str()) {
                after[k - 1].0.start
            } else {
                after[k].0.start
            };
            let verb_end = after[k].0.end;
            if let Some(e) = speaker_in(
                verb_end..(verb_end + 120).min(end),
                verb_end,
                mentions,
                resolution,
            ) {
                speaker = Some(e);
                verb = Some(text[start..verb_end].to_string());
            }
        }
        // X a déclaré : « … » / selon X, « … ».
        if speaker.is_none() {
            let before = words(text, sentence.span.start..open);
            if let Some(k) = before.iter().rposition(|(_, w)| is_quoting_verb(w)) {
                let verb_range = before[k].0.clone();
                let start = if k > 0 && BEFORE_VERB.contains(&before[k - 1].1.as_str()) {
                    before[k - 1].0.start
                } else {
                    verb_range.start
                };
                let window = if before[k].1 == "selon" {
                    verb_range.end..open
                } else {
                    sentence.span.start..start
                };
                if let Some(e) = speaker_in(window, verb_range.start, mentions, resolution) {
                    speaker = Some(e);
                    verb = Some(text[start..verb_range.end].to_string());
                }
            }
        }
        if speaker.is_none() && quoted.split_whitespace().count() < 5 {
            continue;
        }
        out.push(Quote {
            span,
            sentence: sentence.index,
            speaker,
            verb,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::article::{Article, Format};

    fn quotes(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let doc = crate::process(Article {
            id: "q".into(),
            raw: text.into(),
            format: Format::Text,
            origin: "q".into(),
            source: None,
            url: None,
            published: None,
            title: None,
        });
        doc.quotes
            .iter()
            .map(|q| {
                (
                    doc.clean.text[q.span.clone()].to_string(),
                    q.speaker.map(|e| doc.resolution.entities[e].label.clone()),
                    q.verb.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn speaker_after_the_quote() {
        let q = quotes("« La ville est entièrement libérée », a déclaré Talal Silo, porte-parole des FDS.");
        assert_eq!(
            q,
            vec![(
                "La ville est entièrement libérée".into(),
                Some("Talal Silo".into()),
                Some("a déclaré".into())
            )]
        );
    }

    #[test]
    fn speaker_before_the_quote() {
        let q = quotes("Haider al-Abadi a affirmé : « Nous avons libéré Tal Afar. »");
        assert_eq!(q[0].1.as_deref(), Some("Haider al-Abadi"));
        assert_eq!(q[0].2.as_deref(), Some("a affirmé"));
        let q = quotes("Selon l'AFP, « les combats se poursuivent au nord ».");
        assert_eq!(q[0].1.as_deref(), Some("AFP"));
    }

    #[test]
    fn scare_quotes_and_unnamed_speakers() {
        assert!(quotes("La chute du « califat » est proche.").is_empty());
        assert!(quotes("Les FDS ont lancé l'opération « Colère de l'Euphrate ».").is_empty());
        assert!(quotes("Il parle de « fin de la guerre » sans le dire.").is_empty());
        let q = quotes("« Nous ne reculerons pas d'un seul mètre », lance un combattant.");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].1, None, "no speaker is guessed");
    }
}
