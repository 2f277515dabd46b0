//! **Folding** turns text into the form names are compared in: lower case,
//! accents stripped, typographic apostrophes straight, hyphens and runs of
//! spaces one space. A folded string keeps a map back to the byte offsets of
//! the string it was folded from, so a match in folded text is a span of the
//! original.
//!
//! [`name_key`] goes further, for resolution: it also erases the spelling
//! noise of transliteration (doubled letters, a final h or e, ou/u, ch/sh,
//! k/q, dj/j, an al- prefix), so that Qayyara and Qayyarah, Fallouja and
//! Fallujah, Raqa and Raqqa share a key.

use unicode_normalization::char::decompose_canonical;

/// A folded string with its alignment to the original.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`, the byte offset in the original where the
    /// character it came from starts; one more entry for the end.
    pub map: Vec<usize>,
}

impl Folded {
    /// The original byte range of a folded byte range.
    pub fn original(&self, start: usize, end: usize, original: &str) -> (usize, usize) {
        let s = self.map[start];
        // The end is the end of the original character behind the last
        // folded byte.
        let last = self.map[end - 1];
        let e = last + original[last..].chars().next().map_or(0, char::len_utf8);
        (s, e)
    }
}

/// Folds one character into `out`.
fn fold_char(c: char, out: &mut String) {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' | '\u{00b4}' | '\u{02bf}' | '\u{02be}' => out.push('\''),
        '-' | '\u{2010}' | '\u{2011}' | '_' => out.push(' '),
        'œ' | 'Œ' => out.push_str("oe"),
        // Turkish dotless and dotted i: « Yıldırım », « Karkamış ».
        'ı' | 'İ' => out.push('i'),
        'ł' | 'Ł' => out.push('l'),
        'ø' | 'Ø' => out.push('o'),
        'đ' | 'Đ' => out.push('d'),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        c if c.is_whitespace() => out.push(' '),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => match latin1(c) {
            Some(folded) => out.push(folded),
            None => fold_decomposed(c, out),
        },
    }
}

/// The first character of `c`'s canonical decomposition, lower-cased: the
/// base letter of an accented one.
fn fold_decomposed(c: char, out: &mut String) {
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    for l in base.unwrap_or(c).to_lowercase() {
        out.push(l);
    }
}

/// What [`fold_decomposed`] gives for the accented letters of French and
/// their neighbours in Latin-1, and for the guillemets, without looking
/// them up in the decomposition and case tables (tested): they are most of
/// what is not ASCII in a French text.
fn latin1(c: char) -> Option<char> {
    Some(match c {
        'à'..='å' | 'À'..='Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è'..='ë' | 'È'..='Ë' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò'..='ö' | 'Ò'..='Ö' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        '«' | '»' => c,
        _ => return None,
    })
}

/// ASCII folded as [`fold_char`] folds it (tested): lower case, the
/// backquote an apostrophe, hyphens, underscores and whitespace a space.
/// Most of a French text is ASCII, and a table lookup per byte is what
/// folding it costs.
const ASCII_FOLD: [u8; 128] = {
    let mut table = [0; 128];
    let mut b = 0;
    while b < 128 {
        table[b as usize] = match b {
            b'`' => b'\'',
            b'-' | b'_' => b' ',
            // What `char::is_whitespace` holds in ASCII, the vertical tab
            // included (`u8::is_ascii_whitespace` leaves it out).
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => b' ',
            b => b.to_ascii_lowercase(),
        };
        b += 1;
    }
    table
};

/// Folds the ASCII byte `b` onto the end of `out`, where runs of spaces
/// stay one space. Returns whether it added anything.
#[inline]
fn push_ascii(b: u8, out: &mut String) -> bool {
    let folded = ASCII_FOLD[usize::from(b)];
    if folded == b' ' && out.as_bytes().last() == Some(&b' ') {
        return false;
    }
    out.push(char::from(folded));
    true
}

/// A character of a string being folded: an ASCII byte, left undecoded,
/// or another character.
enum Unit {
    Ascii(u8),
    Other(char),
}

/// The characters of `s` with their byte offsets, walking the bytes: the
/// ASCII ones, most of a French text, are never decoded.
fn units(s: &str) -> impl Iterator<Item = (usize, Unit)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let at = i;
        let b = *s.as_bytes().get(at)?;
        if b.is_ascii() {
            i += 1;
            Some((at, Unit::Ascii(b)))
        } else {
            let c = s[at..].chars().next().expect("a character starts at a boundary");
            i += c.len_utf8();
            Some((at, Unit::Other(c)))
        }
    })
}

/// Folds a character that is not ASCII onto the end of `out`, as
/// [`push_ascii`] does an ASCII one; kept out of line so that the ASCII
/// path stays small enough to inline.
#[inline(never)]
fn push_folded_other(c: char, out: &mut String) -> bool {
    let before = out.len();
    fold_char(c, out);
    let added = &out.as_bytes()[before..];
    if added == b" " && out.as_bytes()[..before].ends_with(b" ") {
        out.truncate(before);
        return false;
    }
    true
}

/// Folds a string and keeps the alignment.
pub fn fold(s: &str) -> Folded {
    let mut text = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    for (i, unit) in units(s) {
        match unit {
            Unit::Ascii(b) => {
                if push_ascii(b, &mut text) {
                    map.push(i);
                }
            }
            Unit::Other(c) => {
                if push_folded_other(c, &mut text) {
                    // Every byte the character folded to maps back to it.
                    map.resize(text.len(), i);
                }
            }
        }
    }
    map.push(s.len());
    Folded { text, map }
}

/// Folds a string, without the alignment: what `fold(s).text.trim()` holds,
/// built without the map. The pipeline folds words and names one at a time
/// by the tens of thousands, so this one allocation matters.
pub fn fold_str(s: &str) -> String {
    let mut text = String::with_capacity(s.len());
    for (_, unit) in units(s) {
        match unit {
            Unit::Ascii(b) => push_ascii(b, &mut text),
            Unit::Other(c) => push_folded_other(c, &mut text),
        };
    }
    // Trimmed in place: no second allocation.
    let end = text.trim_end().len();
    text.truncate(end);
    let start = text.len() - text.trim_start().len();
    if start > 0 {
        text.drain(..start);
    }
    text
}

/// Leading words that a name can carry or lose without becoming another name.
const ARTICLES: &[&str] = &[
    "le ", "la ", "les ", "l'", "du ", "des ", "de la ", "de l'", "d'", "de ",
];

/// The resolution key of a name: folded, articles and the Arabic article
/// dropped, transliteration noise erased, spaces removed.
pub fn name_key(s: &str) -> String {
    // `replace` builds a new string whether or not there is anything to
    // replace, and most names hold none of what is replaced here: looking
    // first (`contains` is a SIMD scan for short needles) saves the
    // gazetteer's load and the resolution of every name a dozen copies.
    const PUNCTUATION: [char; 7] = ['«', '»', '"', '(', ')', '.', ','];
    let mut f = fold_str(s);
    if f.contains(PUNCTUATION) {
        f = f.replace(PUNCTUATION, "");
    }
    loop {
        let before = f.len();
        for a in ARTICLES {
            if f.len() > a.len() {
                if let Some(rest) = f.strip_prefix(a) {
                    f = rest.trim_start().to_string();
                }
            }
        }
        if f.len() == before {
            break;
        }
    }
    // The Arabic article, wherever it stands: al-, el-, ad-, ar-, as-, ash-.
    let words: Vec<&str> = f
        .split([' ', '\''])
        .filter(|w| !w.is_empty())
        .filter(|w| !matches!(*w, "al" | "el" | "ad" | "ar" | "as" | "ash" | "an" | "at" | "az"))
        .collect();
    let mut k = words.concat();
    for (from, to) in [
        ("ou", "u"),
        ("sch", "sh"),
        ("ch", "sh"),
        ("dj", "j"),
        ("kh", "k"),
        ("q", "k"),
        ("ck", "k"),
        ("ph", "f"),
        ("ee", "i"),
        ("y", "i"),
        ("w", "u"),
        ("e", ""),
    ] {
        if k.contains(from) {
            k = k.replace(from, to);
        }
    }
    let mut out = String::with_capacity(k.len());
    for c in k.chars() {
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    if out.len() > 3 && out.ends_with('h') {
        out.pop();
    }
    if out.is_empty() {
        fold_str(s)
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_alignment() {
        let s = "L’armée  Hammam Al-Alil";
        let f = fold(s);
        assert_eq!(f.text, "l'armee hammam al alil");
        let at = f.text.find("armee").unwrap();
        let (a, b) = f.original(at, at + 5, s);
        assert_eq!(&s[a..b], "armée");
    }

    #[test]
    fn ascii_shortcut_folds_as_fold_char() {
        for b in 0..=127u8 {
            let (mut shortcut, mut general) = (String::new(), String::new());
            push_ascii(b, &mut shortcut);
            fold_char(char::from(b), &mut general);
            assert_eq!(shortcut, general, "{b:?}");
        }
    }

    #[test]
    fn latin1_shortcut_folds_as_the_tables() {
        for c in '\u{80}'..='\u{ff}' {
            if let Some(folded) = latin1(c) {
                let mut general = String::new();
                fold_decomposed(c, &mut general);
                assert_eq!(general, folded.to_string(), "{c:?}");
            }
        }
    }

    #[test]
    fn fold_str_is_the_folded_text_trimmed() {
        for s in [
            "",
            " ",
            " - ",
            "\u{a0}Mossoul\u{a0}",
            "L’armée  Hammam Al-Alil",
            "  Deir ez-Zor -- ",
            "Œuvre  æ ß İzmir Łódź e\u{301} ",
            "\tà\n\r la  - frontière_turque\u{2009}",
        ] {
            assert_eq!(fold_str(s), fold(s).text.trim(), "{s:?}");
        }
    }

    #[test]
    fn transliterations_share_a_key() {
        for group in [
            &["Qayyara", "Qayyarah", "Al-Qayyarah", "Qayara"][..],
            &["Fallouja", "Fallujah", "Falloujah"],
            &["Raqqa", "Raqa", "Rakka", "Ar-Raqqah"],
            &["Daech", "Daesh"],
            &["Hammam al-Alil", "Hammam Al Alil"],
            &["Chirqat", "Shirqat"],
            &["Binali Yıldırım", "Binali Yildirim"],
        ] {
            let keys: Vec<String> = group.iter().map(|n| name_key(n)).collect();
            assert!(keys.windows(2).all(|w| w[0] == w[1]), "{group:?} -> {keys:?}");
        }
        assert_ne!(name_key("armée irakienne"), name_key("forces irakiennes"));
        assert_ne!(name_key("Mossoul"), name_key("Mayadine"));
    }
}
