//! Every span trame reports points into the original text: for every fact
//! and every mention of the seed articles and the examples, the raw text
//! under the span reads as the clean text it was found in (tokenizers'
//! `tests/offsets.rs`, adapted).

use std::path::{Path, PathBuf};
use trame::article::{self, Format};
use trame::fold::fold_str;
use trame::process;

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![
        root.join("../shared/seeds"),
        root.join("../shared/eval/dev/docs"),
        root.join("examples/articles"),
    ]
    .into_iter()
    .filter(|p| p.exists())
    .collect()
}

/// What a reader sees of a raw slice: for HTML, character references
/// decoded; for both, typography folded.
fn readable(raw: &str, format: Format) -> String {
    let s = if format == Format::Html {
        raw.replace("&nbsp;", " ")
            .replace("&eacute;", "é")
            .replace("&egrave;", "è")
            .replace("&agrave;", "à")
            .replace("&ccedil;", "ç")
            .replace("&ecirc;", "ê")
            .replace("&#8217;", "'")
            .replace("&rsquo;", "'")
            .replace("&laquo;", "«")
            .replace("&raquo;", "»")
            .replace("&#171;", "«")
            .replace("&#187;", "»")
            .replace("&amp;", "&")
    } else {
        raw.to_string()
    };
    fold_str(&s)
}

#[test]
fn spans_point_into_the_raw_text() {
    let (files, _) = article::discover(&corpus());
    assert!(!files.is_empty());
    let mut checked = 0;
    for f in files {
        article::read_file(&f, |a| {
            let doc = process(a.unwrap());
            let raw = &doc.article.raw;
            let spans = doc
                .facts
                .iter()
                .map(|f| f.span.clone())
                .chain(doc.mentions.iter().map(|m| m.span.clone()))
                .chain(doc.sentences.iter().map(|s| s.span.clone()));
            for span in spans {
                let r = doc.clean.raw_span(span.clone());
                let clean = fold_str(&doc.clean.text[span]);
                let original = readable(&raw[r], doc.article.format);
                if doc.article.format == Format::Text {
                    assert_eq!(original, clean, "{}", doc.article.id);
                } else {
                    // HTML: tags may sit inside the span; their text is what
                    // the clean text holds.
                    let no_tags: String = strip_tags(&original);
                    assert_eq!(fold_str(&no_tags), clean, "{}", doc.article.id);
                }
                checked += 1;
            }
        })
        .unwrap();
    }
    assert!(checked > 500, "only {checked} spans checked");
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
