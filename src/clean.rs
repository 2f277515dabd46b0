//! A **clean text** is the article's prose with everything that is not
//! prose taken out: HTML markup, scripts and menus, and the furniture of news
//! sites (« PUBLICITÉ », « Partager cet article », « Lire aussi » and the
//! headlines under it, cookie banners, bylines, hashtag lines, embedded
//! tweets, English-language tweet text), with a paragraph repeated by the page
//! kept once and typography normalised (’ to ', non-breaking spaces to
//! spaces, runs of spaces to one).
//!
//! Stage 2 of the pipeline. Every byte of the clean text remembers the byte
//! range of [`Article::raw`](crate::article::Article::raw) it came from, the
//! way HF tokenizers' `NormalizedString` keeps its alignments, so a span found
//! in the clean text maps back to the original with [`CleanText::raw_span`].
//! Paragraphs are separated by one `\n`.

use crate::article::{Article, Format};
use std::collections::HashSet;
use std::ops::Range;

/// The prose of an article, aligned to its raw text.
#[derive(Clone, Debug)]
pub struct CleanText {
    /// The cleaned prose: paragraphs separated by `\n`.
    pub text: String,
    /// For each byte of `text`, the raw byte range that produced it.
    origin: Vec<(u32, u32)>,
    /// The outlet named by a byline (« Par Euronews »), if one was dropped.
    pub byline: Option<String>,
}

impl CleanText {
    /// The raw byte range that a byte range of the clean text came from.
    pub fn raw_span(&self, span: Range<usize>) -> Range<usize> {
        if span.start >= span.end || span.end > self.origin.len() {
            let at = self.origin.get(span.start).map(|o| o.0 as usize).unwrap_or(0);
            return at..at;
        }
        self.origin[span.start].0 as usize..self.origin[span.end - 1].1 as usize
    }
}

/// One character of the text being built, with its raw range.
#[derive(Clone, Copy)]
struct Piece {
    c: char,
    start: u32,
    end: u32,
}

/// Cleans an article: markup out, boilerplate out, typography normalised.
pub fn clean(article: &Article) -> CleanText {
    let pieces = match article.format {
        Format::Text => article
            .raw
            .char_indices()
            .map(|(i, c)| Piece {
                c,
                start: i as u32,
                end: (i + c.len_utf8()) as u32,
            })
            .collect(),
        Format::Html => html_pieces(&article.raw),
    };
    let pieces = normalise(pieces);
    assemble(pieces)
}

/// Typography: one apostrophe, one space, one dash for hyphens; no control
/// characters; runs of spaces collapsed.
fn normalise(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for mut p in pieces {
        p.c = match p.c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' | '`' | '\u{00b4}' => '\'',
            '\u{00a0}' | '\u{202f}' | '\u{2009}' | '\u{2002}' | '\u{2003}' | '\u{2007}' | '\t' => ' ',
            '\u{2010}' | '\u{2011}' => '-',
            '\u{201c}' | '\u{201d}' | '\u{201e}' => '"',
            '\u{2028}' | '\u{2029}' | '\r' => '\n',
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{00ad}' => continue,
            c if c.is_control() && c != '\n' => continue,
            c => c,
        };
        if p.c == ' ' && out.last().is_some_and(|l| l.c == ' ' || l.c == '\n') {
            continue;
        }
        if p.c == '\n' && out.last().is_some_and(|l| l.c == ' ') {
            out.pop();
        }
        out.push(p);
    }
    out
}

/// Splits into lines, drops boilerplate and repeats, joins paragraphs.
fn assemble(pieces: Vec<Piece>) -> CleanText {
    let mut lines: Vec<&[Piece]> = pieces.split(|p| p.c == '\n').collect();
    lines.retain(|l| !l.is_empty());
    let mut text = String::new();
    let mut origin = Vec::new();
    let mut seen = HashSet::new();
    let mut byline = None;
    let mut in_related = false;
    for line in lines {
        let s: String = line.iter().map(|p| p.c).collect();
        let trimmed = s.trim();
        if trimmed.is_empty() {
            continue;
        }
        let folded = crate::fold::fold_str(trimmed);
        if in_related {
            // Headlines listed under « Lire aussi » have no final stop; the
            // first real paragraph ends the block.
            if ends_like_prose(trimmed) && trimmed.split_whitespace().count() >= 8 {
                in_related = false;
            } else {
                continue;
            }
        }
        if is_related_header(&folded) {
            in_related = true;
            continue;
        }
        if let Some(outlet) = byline_outlet(trimmed) {
            byline.get_or_insert(outlet);
            continue;
        }
        if is_boilerplate(trimmed, &folded) || !seen.insert(folded) {
            continue;
        }
        if !text.is_empty() {
            let at = line[0].start;
            push(&mut text, &mut origin, '\n', at, at);
        }
        let (a, b) = trim_range(line);
        for p in &line[a..b] {
            push(&mut text, &mut origin, p.c, p.start, p.end);
        }
    }
    CleanText { text, origin, byline }
}

fn trim_range(line: &[Piece]) -> (usize, usize) {
    let a = line.iter().position(|p| !p.c.is_whitespace()).unwrap_or(0);
    let b = line
        .iter()
        .rposition(|p| !p.c.is_whitespace())
        .map_or(a, |i| i + 1);
    (a, b)
}

fn push(text: &mut String, origin: &mut Vec<(u32, u32)>, c: char, start: u32, end: u32) {
    text.push(c);
    for _ in 0..c.len_utf8() {
        origin.push((start, end));
    }
}

fn ends_like_prose(line: &str) -> bool {
    line.ends_with(['.', '!', '?', '»', '"', ':', '…'])
}

fn is_related_header(folded: &str) -> bool {
    const HEADERS: &[&str] = &[
        "a decouvrir egalement",
        "a decouvrir aussi",
        "lire aussi",
        "a lire aussi",
        "a lire egalement",
        "lire egalement",
        "voir aussi",
        "sur le meme sujet",
        "dans la meme rubrique",
        "articles lies",
        "les plus lus",
        "les plus partages",
        "a voir aussi",
        "nos articles",
        "recommande pour vous",
    ];
    let head = folded.trim_end_matches([':', ' ', '.']);
    HEADERS
        .iter()
        .any(|h| head == *h || (head.starts_with(h) && head.len() < h.len() + 3))
}

/// « Par Euronews », « Par Jean Dupont avec AFP »: the outlet or author.
fn byline_outlet(line: &str) -> Option<String> {
    let rest = line.strip_prefix("Par ").or_else(|| line.strip_prefix("par "))?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 || ends_like_prose(line) && line.ends_with('.') && words.len() > 4
    {
        return None;
    }
    if !words[0].starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    Some(rest.trim().to_string())
}

/// Lines that are never prose: site furniture, tweet chrome, single tokens,
/// English tweet text.
fn is_boilerplate(line: &str, folded: &str) -> bool {
    const STARTS: &[&str] = &[
        "publicite",
        "partager",
        "partagez",
        "copier",
        "copy to clipboard",
        "tous droits reserves",
        "nous utilisons des cookies",
        "ce site utilise des cookies",
        "en poursuivant votre navigation",
        "accepter",
        "refuser",
        "parametrer les cookies",
        "gerer les cookies",
        "abonnez-vous",
        "s'abonner",
        "inscrivez-vous",
        "newsletter",
        "suivez-nous",
        "follow us",
        "find us",
        "credit photo",
        "credits photo",
        "photo :",
        "mis a jour le",
        "publie le",
        "lien copie",
        "close button",
        "fermer",
        "menu",
        "recherche",
        "se connecter",
        "connexion",
        "video :",
        "lire la suite",
        "lire la video",
        "votre navigateur",
        "pic.twitter.com",
    ];
    if STARTS.iter().any(|s| folded.starts_with(s)) {
        return true;
    }
    if folded.contains("pic.twitter.com") || folded.contains("cookies") {
        return true;
    }
    // An embedded tweet's signature: « — Name (@handle) 7 novembre 2016 ».
    if (line.starts_with('—') || line.starts_with('-')) && line.contains("(@") {
        return true;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() <= 1 {
        return true;
    }
    if words
        .iter()
        .all(|w| w.starts_with('#') || w.starts_with('@') || w.starts_with("http"))
    {
        return true;
    }
    if line.starts_with('©') {
        return true;
    }
    is_english(folded)
}

/// An English line (embedded tweet text) among French prose.
fn is_english(folded: &str) -> bool {
    // `matches!` rather than a list searched word by word: every line of
    // every article goes through here.
    let english = |w: &str| {
        matches!(
            w,
            "the"
                | "of"
                | "and"
                | "on"
                | "in"
                | "to"
                | "is"
                | "are"
                | "with"
                | "for"
                | "at"
                | "by"
                | "from"
                | "launches"
                | "has"
                | "have"
                | "was"
                | "were"
                | "this"
                | "that"
                | "its"
                | "militants"
                | "us"
        )
    };
    let french = |w: &str| {
        matches!(
            w,
            "le" | "la"
                | "les"
                | "de"
                | "des"
                | "du"
                | "et"
                | "a"
                | "en"
                | "un"
                | "une"
                | "sur"
                | "dans"
                | "par"
                | "pour"
                | "est"
                | "au"
                | "aux"
                | "l"
                | "d"
                | "que"
                | "qui"
                | "ont"
                | "il"
                | "ils"
                | "se"
                | "ne"
        )
    };
    let mut en = 0;
    let mut fr = 0;
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        if english(w) {
            en += 1;
        }
        if french(w) {
            fr += 1;
        }
    }
    en >= 2 && en > fr
}

/// The text of an HTML fragment: tags out, character references decoded,
/// block boundaries as line breaks, before any boilerplate is dropped.
pub fn html_text(raw: &str) -> String {
    html_pieces(raw).into_iter().map(|p| p.c).collect()
}

/// Block-level elements: their boundaries end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "article",
    "section",
    "blockquote",
    "title",
    "hr",
    "table",
    "dd",
    "dt",
    "main",
    "figcaption",
    "pre",
    "body",
];
/// Elements whose content is never prose.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe",
    "template", "select", "head", "menu", "object", "canvas",
];

/// The text of an HTML page, each character with the raw range it came from
/// (a character reference such as `&eacute;` maps to the whole reference).
fn html_pieces(raw: &str) -> Vec<Piece> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(raw.len() / 2);
    let mut i = 0;
    let mut skip: Option<(String, usize)> = None; // element being skipped, nesting depth
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if raw[i..].starts_with("<!--") {
                i = raw[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
                continue;
            }
            let Some(close) = raw[i..].find('>') else {
                break;
            };
            let tag = &raw[i + 1..i + close];
            let end = i + close + 1;
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            let self_closing = tag.ends_with('/');
            if let Some((ref skipped, ref mut depth)) = skip {
                if name == *skipped {
                    if closing {
                        *depth -= 1;
                        if *depth == 0 {
                            skip = None;
                        }
                    } else if !self_closing {
                        *depth += 1;
                    }
                }
            } else if !closing && !self_closing && SKIPPED.contains(&name.as_str()) {
                skip = Some((name, 1));
            } else if BLOCKS.contains(&name.as_str()) {
                out.push(Piece {
                    c: '\n',
                    start: i as u32,
                    end: end as u32,
                });
            }
            i = end;
            continue;
        }
        let c = raw[i..].chars().next().expect("in bounds");
        if skip.is_some() {
            i += c.len_utf8();
            continue;
        }
        if c == '&' {
            if let Some((decoded, len)) = entity(&raw[i..]) {
                out.push(Piece {
                    c: decoded,
                    start: i as u32,
                    end: (i + len) as u32,
                });
                i += len;
                continue;
            }
        }
        // Line breaks inside HTML text are spaces; paragraphs come from tags.
        let c = if c == '\n' || c == '\r' { ' ' } else { c };
        out.push(Piece {
            c,
            start: i as u32,
            end: (i + c.len_utf8()) as u32,
        });
        i += raw[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Decodes a character reference at the start of `s`: the character and the
/// reference's length in bytes.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s[..s.len().min(12)].find(';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
        char::from_u32(code)?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" | "rsquo" | "lsquo" => '\'',
            "nbsp" | "thinsp" | "ensp" | "emsp" | "nnbsp" => ' ',
            "laquo" => '«',
            "raquo" => '»',
            "ldquo" | "rdquo" | "bdquo" => '"',
            "hellip" => '…',
            "ndash" => '–',
            "mdash" => '—',
            "eacute" => 'é',
            "egrave" => 'è',
            "ecirc" => 'ê',
            "euml" => 'ë',
            "agrave" => 'à',
            "acirc" => 'â',
            "auml" => 'ä',
            "ccedil" => 'ç',
            "icirc" => 'î',
            "iuml" => 'ï',
            "ocirc" => 'ô',
            "ouml" => 'ö',
            "ugrave" => 'ù',
            "ucirc" => 'û',
            "uuml" => 'ü',
            "yuml" => 'ÿ',
            "Eacute" => 'É',
            "Egrave" => 'È',
            "Ecirc" => 'Ê',
            "Agrave" => 'À',
            "Acirc" => 'Â',
            "Ccedil" => 'Ç',
            "Icirc" => 'Î',
            "Ocirc" => 'Ô',
            "Ucirc" => 'Û',
            "oelig" => 'œ',
            "OElig" => 'Œ',
            "aelig" => 'æ',
            "deg" => '°',
            "euro" => '€',
            "copy" => '©',
            "reg" => '®',
            "middot" => '·',
            "bull" => '•',
            "times" => '×',
            "shy" => '\u{00ad}',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(raw: &str, format: Format) -> Article {
        Article {
            id: "t".into(),
            raw: raw.into(),
            format,
            origin: "t".into(),
            source: None,
            url: None,
            published: None,
            title: None,
        }
    }

    /// Every clean byte range maps back to raw text that folds to the same
    /// characters (tokenizers' offsets test, adapted).
    fn assert_aligned(a: &Article, c: &CleanText, needle: &str, raw_expected: &str) {
        let at = c.text.find(needle).expect("needle in clean text");
        let span = c.raw_span(at..at + needle.len());
        assert_eq!(&a.raw[span], raw_expected);
    }

    #[test]
    fn boilerplate_and_repeats_go_offsets_stay() {
        let raw = "PUBLICITÉ\n\nIrak : offensive sur Bashiqa\n\nIrak : offensive sur Bashiqa\nPartager cet article\nLes Peshmerga ont lancé l’offensive.\n#BREAKING\nPeshmerga launches attack on ISIS militants in Bashiqa.\n— Peshmerga (@KURDISTAN_ARMY) 7 novembre 2016\nLire aussi\nMossoul : percée de l'armée\n";
        let a = article(raw, Format::Text);
        let c = clean(&a);
        assert_eq!(
            c.text,
            "Irak : offensive sur Bashiqa\nLes Peshmerga ont lancé l'offensive."
        );
        assert_aligned(&a, &c, "l'offensive", "l’offensive");
    }

    #[test]
    fn html_text_entities_and_menus() {
        let raw = "<html><head><title>T</title><script>var x='<p>';</script></head><body><nav><a>Accueil</a> <a>Monde</a></nav><p>L&#8217;arm&eacute;e irakienne a repris Tal&nbsp;Afar.</p><p>Par Jean Dupont avec AFP</p></body></html>";
        let a = article(raw, Format::Html);
        let c = clean(&a);
        assert_eq!(c.text, "L'armée irakienne a repris Tal Afar.");
        assert_aligned(&a, &c, "armée", "arm&eacute;e");
        assert_aligned(&a, &c, "L'armée", "L&#8217;arm&eacute;e");
        assert_eq!(c.byline.as_deref(), Some("Jean Dupont avec AFP"));
    }
}
