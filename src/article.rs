//! An **article** is one news text as it came in: its id, its raw text and
//! what the input said about it (source, URL, publication date, title).
//!
//! This is stage 1 of the pipeline. It reads plain text (`.txt`), HTML
//! (`.html`, `.htm`) and JSON Lines (`.jsonl`, one article per line with
//! `id` and `text`, optional `url`, `published`, `source`, `title`), and
//! folders of them. It refuses, by file name and with a reason, what is not
//! an article: a missing file, a binary file, text that is not UTF-8, an
//! empty file. It does not clean anything: `raw` is the text every span
//! of every later stage points into.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// How the raw text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text, paragraphs separated by line breaks.
    Text,
    /// An HTML page: the cleaning stage takes the text out of the markup.
    Html,
}

/// One article, as read.
#[derive(Clone, Debug)]
pub struct Article {
    /// Stable identifier: the file name without extension, or the `id`
    /// field of a JSON Lines record.
    pub id: String,
    /// The original text, byte for byte: every span points into it.
    pub raw: String,
    /// Plain text or HTML.
    pub format: Format,
    /// Where it was read from (`path` or `path:line`).
    pub origin: String,
    /// The outlet, when the input names it.
    pub source: Option<String>,
    /// The article's address, when the input gives it.
    pub url: Option<String>,
    /// Publication date (`YYYY-MM-DD`), when the input gives it.
    pub published: Option<String>,
    /// The headline, when the input gives it apart from the text.
    pub title: Option<String>,
}

impl Article {
    /// Plain text with nothing known about it but its id (which is also
    /// where it is said to come from): what a library user or a test hands
    /// the pipeline directly.
    pub fn from_text(id: impl Into<String>, raw: impl Into<String>) -> Article {
        let id = id.into();
        Article {
            origin: id.clone(),
            id,
            raw: raw.into(),
            format: Format::Text,
            source: None,
            url: None,
            published: None,
            title: None,
        }
    }
}

/// File extensions trame reads; anything else in a folder is skipped.
const EXTENSIONS: &[&str] = &["txt", "html", "htm", "jsonl"];

/// Expands files and folders into the sorted list of article files to read.
///
/// A folder is walked recursively and only files with a known extension are
/// kept; a path named explicitly is kept whatever its extension (and fails
/// later if it is not readable). A path that does not exist is an error.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut errors);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            errors.push(Error::BadInput {
                path: path.display().to_string(),
                reason: "no such file or folder".into(),
            });
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            errors.push(Error::Io {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    found.sort();
    for path in found {
        if path.is_dir() {
            walk(&path, files, errors);
        } else if has_known_extension(&path) {
            files.push(path);
        }
    }
}

fn has_known_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads one file and hands each article it holds to `sink`, one at a time:
/// a JSON Lines file is streamed line by line, never held whole.
///
/// A problem with the file as a whole comes back as `Err`; a problem with
/// one line of a JSON Lines file goes to `sink` as `Err` and the next line
/// is read.
pub fn read_file(path: &Path, mut sink: impl FnMut(Result<Article>)) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "jsonl" {
        return read_jsonl(path, sink);
    }
    let bytes = fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let origin = path.display().to_string();
    let raw = text_of(bytes, &origin)?;
    let format = if ext == "html" || ext == "htm" || looks_like_html(&raw) {
        Format::Html
    } else {
        Format::Text
    };
    sink(Ok(Article {
        id: stem(path),
        raw,
        format,
        origin,
        source: None,
        url: None,
        published: None,
        title: None,
    }));
    Ok(())
}

/// The id of a plain file: its name without the extension.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Checks that bytes are an article's text: not binary, UTF-8, not empty.
fn text_of(bytes: Vec<u8>, origin: &str) -> Result<String> {
    let bad = |reason: &str| Error::BadInput {
        path: origin.to_string(),
        reason: reason.to_string(),
    };
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(bad("binary file (NUL bytes), not an article"));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        bad(&format!(
            "not UTF-8 text (invalid byte at offset {}); convert it with iconv first",
            e.utf8_error().valid_up_to()
        ))
    })?;
    if text.starts_with('\u{feff}') {
        // A byte-order mark is not text; dropping it keeps offsets honest
        // for every reader that strips it too.
        text.drain(..3);
    }
    if text.trim().is_empty() {
        return Err(bad("empty file"));
    }
    Ok(text)
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
}

#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    text: Option<String>,
    #[serde(alias = "html")]
    body: Option<String>,
    url: Option<String>,
    published: Option<String>,
    #[serde(alias = "date")]
    published_at: Option<String>,
    source: Option<String>,
    title: Option<String>,
}

fn read_jsonl(path: &Path, mut sink: impl FnMut(Result<Article>)) -> Result<()> {
    let file = fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    let mut number = 0usize;
    let mut articles = 0usize;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if n == 0 {
            break;
        }
        number += 1;
        let origin = format!("{}:{}", path.display(), number);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        articles += 1;
        sink(parse_record(&line, &origin, path, number));
    }
    if articles == 0 {
        return Err(Error::BadInput {
            path: path.display().to_string(),
            reason: "empty file (no JSON Lines record)".into(),
        });
    }
    Ok(())
}

fn parse_record(line: &[u8], origin: &str, path: &Path, number: usize) -> Result<Article> {
    let bad = |reason: String| Error::BadInput {
        path: origin.to_string(),
        reason,
    };
    let text = std::str::from_utf8(line).map_err(|_| bad("line is not UTF-8".into()))?;
    let record: Record = serde_json::from_str(text).map_err(|e| bad(format!("not a JSON object: {e}")))?;
    let id = match record.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{}-{}", stem(path), number),
    };
    let (raw, format) = match (record.text, record.body) {
        (Some(t), _) if !t.trim().is_empty() => {
            let format = if looks_like_html(&t) {
                Format::Html
            } else {
                Format::Text
            };
            (t, format)
        }
        (_, Some(h)) if !h.trim().is_empty() => (h, Format::Html),
        _ => return Err(bad("record has no \"text\" (or it is empty)".into())),
    };
    Ok(Article {
        id,
        raw,
        format,
        origin: origin.to_string(),
        source: record.source,
        url: record.url,
        published: record.published.or(record.published_at),
        title: record.title,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(path: &Path) -> (Vec<Article>, Vec<String>) {
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        let result = read_file(path, |a| match a {
            Ok(a) => ok.push(a),
            Err(e) => bad.push(e.to_string()),
        });
        if let Err(e) = result {
            bad.push(e.to_string());
        }
        (ok, bad)
    }

    #[test]
    fn plain_file_id_is_its_stem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("002_abc.txt");
        fs::write(&path, "Les forces irakiennes ont repris Qayyarah.").unwrap();
        let (ok, bad) = read_all(&path);
        assert!(bad.is_empty());
        assert_eq!(ok[0].id, "002_abc");
        assert_eq!(ok[0].format, Format::Text);
    }

    #[test]
    fn refuses_binary_empty_and_latin1_by_name() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes, reason) in [
            ("bin.txt", vec![0u8, 1, 2, 3], "binary"),
            ("empty.txt", b"  \n".to_vec(), "empty"),
            ("latin1.txt", b"arm\xe9e".to_vec(), "not UTF-8"),
        ] {
            let path = dir.path().join(name);
            fs::write(&path, bytes).unwrap();
            let (ok, bad) = read_all(&path);
            assert!(ok.is_empty());
            assert!(bad[0].contains(name), "{}", bad[0]);
            assert!(bad[0].contains(reason), "{}", bad[0]);
        }
    }

    #[test]
    fn jsonl_bad_line_does_not_stop_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("batch.jsonl");
        fs::write(
            &path,
            "{\"id\":\"a\",\"text\":\"Mossoul.\",\"published\":\"2016-10-17\"}\nnot json\n{\"id\":\"b\",\"text\":\"Raqqa.\"}\n",
        )
        .unwrap();
        let (ok, bad) = read_all(&path);
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].published.as_deref(), Some("2016-10-17"));
        assert!(bad[0].contains("batch.jsonl:2"), "{}", bad[0]);
    }
}
