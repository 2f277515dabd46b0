//! The **features** a word shows the network: the lexical attributes spaCy
//! computes for a token (its norm, first letter, last three letters, shape,
//! whether a space follows, whether it is a space) and the hashes that turn
//! them into rows of the embedding tables.
//!
//! Every function here reproduces spaCy's (`spacy/lang/lex_attrs.py`,
//! `spacy/strings.pyx`) or thinc's (`thinc/backends/numpy_ops.pyx`) bit for
//! bit: the weights were trained on these exact numbers, so a different hash
//! or a different shape string is a different word to the model.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The key spaCy's `StringStore` gives a string, which the model's features
/// and the lemmatizer's tables use: the fixed id of one of spaCy's symbols
/// (« aux », « det », « X »… in `data/syntax/spacy-symbols.tsv`), else its
/// [`hash_string`].
pub fn string_id(s: &str) -> u64 {
    static SYMBOLS: OnceLock<HashMap<&'static str, u64>> = OnceLock::new();
    let symbols = SYMBOLS.get_or_init(|| {
        include_str!("../../data/syntax/spacy-symbols.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (name, id) = l.split_once('\t')?;
                Some((name, id.parse().ok()?))
            })
            .collect()
    });
    symbols.get(s).copied().unwrap_or_else(|| hash_string(s))
}

/// MurmurHash64A of a string's UTF-8 bytes with seed 1: spaCy's
/// `hash_string`.
pub fn hash_string(s: &str) -> u64 {
    murmur64a(s.as_bytes(), 1)
}

fn murmur64a(key: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (key.len() as u64).wrapping_mul(M);
    let mut chunks = key.chunks_exact(8);
    for chunk in &mut chunks {
        let mut k = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// thinc's `ops.hash(ids, seed)` for one id: four 32-bit keys, each of
/// which picks a row of a hash-embedding table.
pub fn hash_embed_keys(id: u64, seed: u32) -> [u32; 4] {
    let mut h1 = id.wrapping_mul(0x87c3_7b91_1142_53d5);
    h1 = h1.rotate_left(31);
    h1 = h1.wrapping_mul(0x4cf5_ad43_2745_937f);
    h1 ^= u64::from(seed);
    h1 ^= 8;
    let mut h2 = u64::from(seed);
    h2 ^= 8;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    [h1 as u32, (h1 >> 32) as u32, h2 as u32, (h2 >> 32) as u32]
}

fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// The six attributes of the shared tok2vec layer, in the order of its
/// embedding tables: NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE.
pub fn attributes(word: &str, space_after: bool) -> [u64; 6] {
    [
        string_id(&norm(word)),
        string_id(prefix(word)),
        string_id(suffix(word)),
        string_id(&shape(word)),
        u64::from(space_after),
        u64::from(!word.is_empty() && word.chars().all(char::is_whitespace)),
    ]
}

/// spaCy's norm: the lower-cased word, except the typographic signs its
/// base norm exceptions map to their plain form (« » “ ” to ", ’ to ').
pub fn norm(word: &str) -> String {
    let exception = match word {
        "’" | "‘" | "´" | "`" => Some("'"),
        "”" | "“" | "''" | "``" | "´´" | "„" | "»" | "«" | "‘‘" | "’’" => Some("\""),
        "…" => Some("..."),
        "—" | "–" | "--" | "---" | "——" => Some("-"),
        "€" | "£" | "¥" => Some("$"),
        "'s" | "'S" | "’s" | "’S" => Some("'s"),
        _ => None,
    };
    exception.map_or_else(|| lower(word), str::to_string)
}

/// Python's `str.lower`, which Rust's `to_lowercase` matches for the
/// letters French and transliterated Arabic names use.
fn lower(word: &str) -> String {
    word.to_lowercase()
}

/// The first character.
pub fn prefix(word: &str) -> &str {
    word.char_indices().nth(1).map_or(word, |(i, _)| &word[..i])
}

/// The last three characters.
pub fn suffix(word: &str) -> &str {
    let n = word.chars().count();
    if n <= 3 {
        return word;
    }
    let (i, _) = word.char_indices().nth(n - 3).expect("n > 3");
    &word[i..]
}

/// spaCy's word shape: letters as X or x, digits as d, other characters as
/// themselves, a run of the same class cut at four; LONG from 100
/// characters on.
pub fn shape(word: &str) -> String {
    if word.chars().count() >= 100 {
        return "LONG".into();
    }
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    let mut seq = 0;
    for c in word.chars() {
        let class = if c.is_alphabetic() {
            if c.is_uppercase() {
                'X'
            } else {
                'x'
            }
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if Some(class) == last {
            seq += 1;
        } else {
            seq = 0;
            last = Some(class);
        }
        if seq < 4 {
            out.push(class);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_spacys() {
        // `nlp.vocab.strings["forces"]` and `["x"]` in spaCy 3.8.
        assert_eq!(hash_string("forces"), 3626645033601186758);
        assert_eq!(hash_string("x"), 11123243248953317070);
        // Symbols keep their fixed ids.
        assert_eq!(string_id("aux"), 405);
        assert_eq!(string_id("X"), 101);
        assert_eq!(string_id("forces"), hash_string("forces"));
    }

    #[test]
    fn lexical_attributes_are_spacys() {
        assert_eq!(shape("Aujourd’hui"), "Xxxxx’xxx");
        assert_eq!(shape("L'EI"), "X'XX");
        assert_eq!(shape("17"), "dd");
        assert_eq!(suffix("armée"), "mée");
        assert_eq!(suffix("l'"), "l'");
        assert_eq!(prefix("État"), "É");
        assert_eq!(norm("«"), "\"");
        assert_eq!(norm("L'EI"), "l'ei");
    }
}
