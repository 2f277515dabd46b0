//! A **token** is a word or a sign of a sentence as the parser reads it:
//! a byte range of the clean text and whether a space follows.
//!
//! The cut follows spaCy's French tokenizer, because the parser was trained
//! on its output: punctuation and guillemets stand alone, an elided article
//! or pronoun keeps its apostrophe (« l' », « qu' », « jusqu' »), a hyphen
//! between two words is a token of its own (« al - Qaïm ») unless the first
//! part is one of the prefixes French writes with a hyphen (« porte-parole »,
//! « sud-ouest », « ex-bastion »), an inverted pronoun is split off
//! (« a -t -elle »), and a stop stays on an abbreviation (« M. », « etc. »).
//! Where this and spaCy differ, the words still carry their spans, so
//! nothing downstream depends on the difference.

use std::ops::Range;

/// A token of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the clean text.
    pub span: Range<usize>,
    /// Whether white space follows it.
    pub space_after: bool,
}

/// Signs split off the front of a word.
const OPENING: &[char] = &[
    '«', '"', '“', '„', '‘', '(', '[', '{', '¿', '¡', '*', '—', '–', '\'',
];
/// Signs split off the end of a word.
const CLOSING: &[char] = &[
    '.', ',', ';', ':', '!', '?', '»', '"', '”', '’', '\'', ')', ']', '}', '…', '%', '*', '—', '–',
];

/// Elided words that end at their apostrophe (lower case).
const ELIDED: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "quelqu",
];

/// First parts that keep a hyphenated word whole (lower case).
const HYPHEN_PREFIXES: &[&str] = &[
    "anti",
    "arrière",
    "au",
    "auto",
    "avant",
    "celle",
    "celles",
    "celui",
    "ceux",
    "chef-d",
    "contre",
    "demi",
    "est",
    "ex",
    "extra",
    "franco",
    "grand",
    "grande",
    "haut",
    "haute",
    "inter",
    "mi",
    "multi",
    "néo",
    "non",
    "nord",
    "ouest",
    "peut",
    "porte",
    "post",
    "pré",
    "pro",
    "quasi",
    "saint",
    "sainte",
    "semi",
    "sous",
    "sud",
    "super",
    "ultra",
    "vice",
    "états",
    "etats",
    "jean",
    "abou-",
    "irako",
    "syro",
    "turco",
    "russo",
    "israélo",
    "américano",
    "kurdo",
    "arabo",
    "après",
    "c'est-à",
    "vis",
];

/// Pronouns split off a verb they follow (« dit -il », « a -t -elle »).
const INVERTED: &[&str] = &[
    "-t", "-il", "-ils", "-elle", "-elles", "-on", "-ce", "-je", "-tu", "-nous", "-vous", "-là",
];

/// Words whose final stop belongs to them (lower case, without the stop).
const ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "dr", "st", "ste", "etc", "av", "apr", "j.-c", "cf", "p", "n°", "no",
    "gén", "gal", "col", "lt", "cdt", "sgt", "prof", "mgr", "env", "vol",
];

/// The spans of `names` as [`tokenize_keeping`] reads them: sorted by
/// start, a name inside another left out.
pub fn outermost(names: impl IntoIterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = names.into_iter().collect();
    out.sort_by_key(|n| (n.start, std::cmp::Reverse(n.end)));
    out.dedup_by(|next, kept| next.end <= kept.end);
    out
}

/// The tokens of `text[range]`, with spans in `text`.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    tokenize_keeping(text, range, &[])
}

/// [`tokenize`], keeping whole the hyphenated names that lie inside one of
/// `names` (byte ranges of `text`, sorted by start): « Al-Bal » cut into
/// « Al - Bal » reads to the parser as three words and wrecks the tree
/// around it, while one name-shaped word parses as a name.
pub fn tokenize_keeping(text: &str, range: Range<usize>, names: &[Range<usize>]) -> Vec<Token> {
    let mut out = Vec::new();
    let slice = &text[range.clone()];
    let mut start = None;
    for (i, c) in slice.char_indices().chain(std::iter::once((slice.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                split_chunk(text, range.start + s..range.start + i, names, &mut out);
                if let Some(last) = out.last_mut() {
                    last.space_after = i < slice.len();
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

/// Cuts one run of non-space characters into tokens.
fn split_chunk(text: &str, mut span: Range<usize>, names: &[Range<usize>], out: &mut Vec<Token>) {
    let push = |out: &mut Vec<Token>, span: Range<usize>| {
        if !span.is_empty() {
            out.push(Token {
                span,
                space_after: false,
            });
        }
    };
    // Opening signs and elided words, from the front.
    loop {
        let word = &text[span.clone()];
        let Some(first) = word.chars().next() else { return };
        if OPENING.contains(&first) && word.len() > first.len_utf8() {
            push(out, span.start..span.start + first.len_utf8());
            span.start += first.len_utf8();
            continue;
        }
        if let Some(len) = elision(word) {
            push(out, span.start..span.start + len);
            span.start += len;
            continue;
        }
        break;
    }
    // Closing signs, from the back, kept aside to come after the word.
    let mut tail = Vec::new();
    loop {
        let word = &text[span.clone()];
        let Some(last) = word.chars().next_back() else {
            break;
        };
        if word.len() == last.len_utf8() {
            break;
        }
        if last == '.' && keeps_stop(word) {
            break;
        }
        if word.ends_with("...") && word.len() > 3 {
            tail.push(span.end - 3..span.end);
            span.end -= 3;
            continue;
        }
        if CLOSING.contains(&last) {
            tail.push(span.end - last.len_utf8()..span.end);
            span.end -= last.len_utf8();
            continue;
        }
        if let Some(pronoun) = INVERTED.iter().find(|p| {
            word.len() > p.len()
                && word.to_lowercase().ends_with(*p)
                && word.is_char_boundary(word.len() - p.len())
        }) {
            tail.push(span.end - pronoun.len()..span.end);
            span.end -= pronoun.len();
            continue;
        }
        break;
    }
    split_hyphens(text, span, names, out);
    for t in tail.into_iter().rev() {
        push(out, t);
    }
}

/// The length of an elided word at the front of `word`, apostrophe
/// included, when a letter follows it.
fn elision(word: &str) -> Option<usize> {
    let apostrophe = word.find(['\'', '’'])?;
    let before = word[..apostrophe].to_lowercase();
    let after = &word[apostrophe..];
    let apostrophe_len = after.chars().next()?.len_utf8();
    let rest = &after[apostrophe_len..];
    let follows_letter = rest.chars().next().is_some_and(char::is_alphabetic);
    (ELIDED.contains(&before.as_str()) && follows_letter && !before.is_empty() && !rest.starts_with("hui"))
        .then_some(apostrophe + apostrophe_len)
}

/// Whether the final stop of `word` is part of it: an abbreviation, an
/// initial (« R. »), or an acronym written with stops (« U.S.A. »).
fn keeps_stop(word: &str) -> bool {
    let bare = &word[..word.len() - 1];
    let lower = bare.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    let mut chars = bare.chars();
    let initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    let acronym = bare.contains('.') && bare.split('.').all(|p| p.chars().count() <= 2 && !p.is_empty());
    initial || acronym
}

/// Splits a word at hyphens between letters or digits, unless its first
/// part is one that French writes hyphenated or the word lies inside a
/// known name.
fn split_hyphens(text: &str, span: Range<usize>, names: &[Range<usize>], out: &mut Vec<Token>) {
    let word = &text[span.clone()];
    let lower = word.to_lowercase();
    let named = {
        let i = names.partition_point(|n| n.end <= span.start);
        names
            .get(i)
            .is_some_and(|n| n.start <= span.start && span.end <= n.end)
    };
    let keep = named
        || HYPHEN_PREFIXES.iter().any(|p| {
            lower
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('-') || p.ends_with('-'))
        });
    let mut pieces_start = span.start;
    if !keep {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        for k in 1..chars.len().saturating_sub(1) {
            let (i, c) = chars[k];
            if c == '-' && chars[k - 1].1.is_alphanumeric() && chars[k + 1].1.is_alphanumeric() {
                let at = span.start + i;
                out.push(Token {
                    span: pieces_start..at,
                    space_after: false,
                });
                out.push(Token {
                    span: at..at + 1,
                    space_after: false,
                });
                pieces_start = at + 1;
            }
        }
    }
    if pieces_start < span.end {
        out.push(Token {
            span: pieces_start..span.end,
            space_after: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, 0..text.len())
            .iter()
            .map(|t| &text[t.span.clone()])
            .collect()
    }

    #[test]
    fn cuts_as_spacy_does() {
        assert_eq!(
            words("L’armée a-t-elle repris al-Qaïm ? « C'est fait », dit-il."),
            [
                "L’", "armée", "a", "-t", "-elle", "repris", "al", "-", "Qaïm", "?", "«", "C'", "est",
                "fait", "»", ",", "dit", "-il", "."
            ]
        );
        assert_eq!(
            words("Le porte-parole de l'EI (Daech), M. Ali, aujourd'hui au sud-ouest, 10%..."),
            [
                "Le",
                "porte-parole",
                "de",
                "l'",
                "EI",
                "(",
                "Daech",
                ")",
                ",",
                "M.",
                "Ali",
                ",",
                "aujourd'hui",
                "au",
                "sud-ouest",
                ",",
                "10",
                "%",
                "..."
            ]
        );
    }

    #[test]
    fn known_names_keep_their_hyphens() {
        let text = "Les rebelles ont chassé Daech d'Al-Bal et de Tal-Abyad.";
        let at = text.find("Al-Bal").unwrap();
        let name = at..at + "Al-Bal".len();
        let kept = tokenize_keeping(text, 0..text.len(), std::slice::from_ref(&name));
        let words: Vec<&str> = kept.iter().map(|t| &text[t.span.clone()]).collect();
        assert!(
            words.contains(&"Al-Bal") && words.contains(&"Tal") && words.contains(&"Abyad"),
            "{words:?}"
        );
    }

    #[test]
    fn spaces_are_recorded() {
        let text = "Daech a fui.";
        let t = tokenize(text, 0..text.len());
        assert_eq!(
            t.iter().map(|t| t.space_after).collect::<Vec<_>>(),
            [true, true, false, false]
        );
    }
}
