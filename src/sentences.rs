//! A **sentence** is a span of the clean text that states one thing: the
//! unit facts are extracted from and the evidence a fact points to.
//!
//! Stage 3 of the pipeline. Paragraphs (lines of the clean text) always end a
//! sentence, so a headline without a final stop stands alone. Inside a
//! paragraph a sentence ends at `.`, `!`, `?` or `…` (with the closing
//! guillemets or brackets that follow) when the next word starts a new
//! sentence, except after French abbreviations and titles (« M. », « Gén. »,
//! « col. », an initial such as « R. »). Numbers written « 15 000 » or
//! « 1.5 » never end a sentence because no capital follows inside them.

use std::ops::Range;

/// A sentence: a byte range of the clean text, and its index in the article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Position in the article, from 0.
    pub index: usize,
    /// Byte range in the clean text.
    pub span: Range<usize>,
}

/// Abbreviations after which a full stop does not end a sentence (folded,
/// without the stop).
const ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "mgr", "st", "ste", "gen", "gal", "col", "lt",
    "lieut", "cdt", "cmdt", "capt", "cap", "sgt", "adj", "av", "apr", "env", "etc", "cf", "p", "vol", "no",
    "art", "min", "max", "hab", "ex", "jr", "sr", "mr", "mrs", "ms", "prof", "vs", "km", "j.-c", "c.-a-d",
    "cie", "dept", "dep", "boul", "bd",
];

/// The index of the sentence holding byte `at` of the text (the last one
/// starting before it when `at` falls between sentences).
pub fn index_at(sentences: &[Sentence], at: usize) -> usize {
    sentences
        .iter()
        .position(|s| s.span.start <= at && at < s.span.end)
        .or_else(|| sentences.iter().rposition(|s| s.span.start <= at))
        .unwrap_or(0)
}

/// Splits a clean text into sentences.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut para_start = 0;
    for para in text.split('\n') {
        let base = para_start;
        para_start += para.len() + 1;
        let mut start = 0;
        let chars: Vec<(usize, char)> = para.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (i, c) = chars[k];
            if matches!(c, '.' | '!' | '?' | '…') {
                // Take the run of closing punctuation: « ...». », « ?! », « .) ».
                let mut j = k + 1;
                while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?' | '»' | '"' | ')' | '…') {
                    j += 1;
                }
                let end = chars.get(j).map_or(para.len(), |x| x.0);
                let next_word = para[end..].trim_start();
                let starts_new = next_word.is_empty()
                    || next_word.starts_with(|n: char| {
                        n.is_uppercase()
                            || n.is_ascii_digit()
                            || matches!(n, '«' | '"' | '—' | '–' | '(' | '[')
                    });
                let at_space = end >= para.len() || para[end..].starts_with(' ');
                if starts_new && at_space && !(c == '.' && is_abbreviation(&para[start..i])) {
                    push(&mut out, base, para, start, end);
                    start = end;
                }
                k = j;
                continue;
            }
            let _ = i;
            k += 1;
        }
        push(&mut out, base, para, start, para.len());
    }
    out
}

fn push(out: &mut Vec<Sentence>, base: usize, para: &str, start: usize, end: usize) {
    let piece = &para[start..end];
    let lead = piece.len() - piece.trim_start_matches([' ', '—', '–', '-']).len();
    let trail = piece.len() - piece.trim_end().len();
    let (s, e) = (start + lead, end - trail);
    if s < e {
        out.push(Sentence {
            index: out.len(),
            span: base + s..base + e,
        });
    }
}

/// Whether the text before a full stop ends with an abbreviation or an
/// initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '«')
        .next()
        .unwrap_or("");
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true;
    }
    let folded = crate::fold::fold_str(word);
    ABBREVIATIONS.contains(&folded.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|s| &t[s.span]).collect()
    }

    #[test]
    fn french_sentences() {
        assert_eq!(
            texts("Irak : offensive sur Bashiqa\nLe Gén. Bachar l'a dit. M. Dupont aussi. Quelque 15 000 civils ont fui."),
            vec![
                "Irak : offensive sur Bashiqa",
                "Le Gén. Bachar l'a dit.",
                "M. Dupont aussi.",
                "Quelque 15 000 civils ont fui."
            ]
        );
    }

    #[test]
    fn quotes_close_the_sentence() {
        assert_eq!(
            texts("«La ville sera libérée.» Joubouri a parlé. R. I."),
            vec!["«La ville sera libérée.»", "Joubouri a parlé.", "R. I."]
        );
    }

    #[test]
    fn dialogue_dash_is_not_in_the_sentence() {
        assert_eq!(texts("— Nous avançons, dit-il."), vec!["Nous avançons, dit-il."]);
    }
}
