//! Readers: bytes in many formats → [`Document`]s.
//!
//! Readers know nothing of the pipeline. Each yields one `Result` per article
//! so that a broken article is reported by name and the rest go on.

pub mod decode;
pub mod html;
mod tabular;
pub mod warc;

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::{Map, Value};

pub use decode::{decode, normalize, DecodeError, Decoded};
pub use tabular::read_csv;

use crate::schema::InputInfo;

/// Default limit for one input file or article: generous, but a mistaken
/// multi-gigabyte file gets a clear message instead of exhausting memory.
pub const DEFAULT_MAX_BYTES: usize = 256 * 1024 * 1024;

/// One article as read, before analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The input's `id`, else the file path (with `:N` for the N-th record).
    pub id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    /// A title given by the input apart from the text.
    pub title: Option<String>,
    /// The normalised text (NFC, `\n`).
    pub text: String,
    pub published: Option<NaiveDate>,
    /// A language given by the input (`de`, `en`, …).
    pub lang: Option<String>,
    pub info: InputInfo,
    /// Fields the reader does not know.
    pub extra: Map<String, Value>,
    /// Block kinds known from the input's markup (HTML), in code points into
    /// `text`; empty for plain text, whose structure is classified from the text.
    pub blocks: Vec<crate::schema::Block>,
}

impl Document {
    /// A document from text already in memory (normalised here).
    pub fn from_text(id: impl Into<String>, text: &str) -> Self {
        Document {
            id: id.into(),
            url: None,
            source: None,
            title: None,
            text: normalize(text),
            published: None,
            lang: None,
            info: InputInfo {
                format: "txt".into(),
                encoding: "UTF-8".into(),
                warnings: Vec::new(),
            },
            extra: Map::new(),
            blocks: Vec::new(),
        }
    }
}

/// A failure to read one article (or one whole input), named so a user can find it.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct ReadError {
    /// File path, `path:line`, or `stdin`.
    pub origin: String,
    pub message: String,
}

impl ReadError {
    pub fn new(origin: impl Into<String>, message: impl std::fmt::Display) -> Self {
        ReadError {
            origin: origin.into(),
            message: message.to_string(),
        }
    }
}

pub type ReadResult = Result<Document, ReadError>;

/// How to read an input whose kind is not clear from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Decide by file extension; stdin: JSONL if the first non-blank byte is `{`, else text.
    #[default]
    Auto,
    Txt,
    Jsonl,
    Csv,
    /// An HTML page (`.html`, `.htm`, `.html.gz`): main text and metadata are extracted.
    Html,
}

#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub format: InputFormat,
    pub max_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: InputFormat::Auto,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// File extensions picked up when walking a directory.
const KNOWN_EXTENSIONS: &[&str] = &["txt", "text", "jsonl", "ndjson", "csv", "html", "htm"];

/// Is this a WARC archive (`.warc`, `.warc.gz`)?
fn is_warc_name(p: &Path) -> bool {
    let name = p
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// Is this an HTML file, plain or gzipped (`.html`, `.htm`, `.html.gz`, `.htm.gz`)?
fn is_html_name(p: &Path) -> bool {
    let name = p
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    [".html", ".htm", ".html.gz", ".htm.gz"]
        .iter()
        .any(|e| name.ends_with(e))
}

/// Expand paths: files stay, directories are walked recursively (sorted, so
/// output order is stable), `-` is stdin.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<Result<PathBuf, ReadError>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Ok(p.clone()));
        } else if p.is_dir() {
            walk_dir(p, &mut out);
        } else if p.exists() {
            out.push(Ok(p.clone()));
        } else {
            out.push(Err(ReadError::new(
                p.display().to_string(),
                "no such file or directory",
            )));
        }
    }
    out
}

fn walk_dir(dir: &Path, out: &mut Vec<Result<PathBuf, ReadError>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Err(ReadError::new(dir.display().to_string(), e)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk_dir(&p, out);
        } else if is_html_name(&p)
            || is_warc_name(&p)
            || p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| KNOWN_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(Ok(p));
        }
    }
}

fn format_for(path: &Path, opts: &ReadOptions) -> InputFormat {
    if opts.format != InputFormat::Auto || path.as_os_str() == "-" {
        return opts.format;
    }
    if is_html_name(path) {
        return InputFormat::Html;
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("jsonl") | Some("ndjson") => InputFormat::Jsonl,
        Some("csv") => InputFormat::Csv,
        _ => InputFormat::Txt,
    }
}

/// Read every article behind one path (`-` = stdin). Errors for single
/// articles come back as items; the iterator never stops early.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Box<dyn Iterator<Item = ReadResult> + Send> {
    let origin = if path.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        path.display().to_string()
    };
    if path.as_os_str() != "-" && is_warc_name(path) {
        let f = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => return Box::new(std::iter::once(Err(ReadError::new(origin, e)))),
        };
        let reader: Box<dyn Read + Send> = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
        {
            Box::new(flate2::read::MultiGzDecoder::new(std::io::BufReader::new(
                f,
            )))
        } else {
            Box::new(f)
        };
        return Box::new(warc::read_warc(origin, reader, opts.max_bytes));
    }
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        let limit = opts.max_bytes as u64 + 1;
        match std::io::stdin().lock().take(limit).read_to_end(&mut buf) {
            Ok(_) => buf,
            Err(e) => return Box::new(std::iter::once(Err(ReadError::new(origin, e)))),
        }
    } else {
        match std::fs::metadata(path) {
            Ok(m) if m.len() as usize > opts.max_bytes => {
                return Box::new(std::iter::once(Err(ReadError::new(
                    origin,
                    DecodeError::TooLarge {
                        size: m.len() as usize,
                        limit: opts.max_bytes,
                    },
                ))))
            }
            Err(e) => return Box::new(std::iter::once(Err(ReadError::new(origin, e)))),
            _ => {}
        }
        let read = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
        {
            read_gzip(path, opts.max_bytes)
        } else {
            std::fs::read(path).map_err(|e| e.to_string())
        };
        match read {
            Ok(b) => b,
            Err(e) => return Box::new(std::iter::once(Err(ReadError::new(origin, e)))),
        }
    };
    let mut format = format_for(path, opts);
    if path.as_os_str() == "-" && format == InputFormat::Auto {
        format = match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => InputFormat::Jsonl,
            Some(b'<') => InputFormat::Html,
            _ => InputFormat::Txt,
        };
    }
    read_bytes(origin, bytes, format, opts)
}

/// Read a gzip file, decompressed, refusing more than `max_bytes` of output.
fn read_gzip(path: &Path, max_bytes: usize) -> Result<Vec<u8>, String> {
    let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(std::io::BufReader::new(f))
        .take(max_bytes as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("gzip: {e}"))?;
    if out.len() > max_bytes {
        return Err(DecodeError::TooLarge {
            size: out.len(),
            limit: max_bytes,
        }
        .to_string());
    }
    Ok(out)
}

/// Read articles from bytes already in memory.
pub fn read_bytes(
    origin: String,
    bytes: Vec<u8>,
    format: InputFormat,
    opts: &ReadOptions,
) -> Box<dyn Iterator<Item = ReadResult> + Send> {
    match format {
        InputFormat::Jsonl => Box::new(read_jsonl(origin, bytes, opts.max_bytes)),
        InputFormat::Csv => match decode(&bytes, opts.max_bytes) {
            Ok(d) => Box::new(read_csv(&origin, &d.text).into_iter()),
            Err(e) => Box::new(std::iter::once(Err(ReadError::new(origin, e)))),
        },
        InputFormat::Html => Box::new(std::iter::once(html::read_html(
            origin,
            &bytes,
            opts.max_bytes,
            None,
        ))),
        InputFormat::Txt | InputFormat::Auto => {
            Box::new(std::iter::once(read_txt(origin, &bytes, opts)))
        }
    }
}

fn read_txt(origin: String, bytes: &[u8], opts: &ReadOptions) -> ReadResult {
    let d = decode(bytes, opts.max_bytes).map_err(|e| ReadError::new(origin.clone(), e))?;
    Ok(Document {
        id: origin,
        url: None,
        source: None,
        title: None,
        text: d.text,
        published: None,
        lang: None,
        info: InputInfo {
            format: "txt".into(),
            encoding: d.encoding.into(),
            warnings: d.warnings,
        },
        extra: Map::new(),
        blocks: Vec::new(),
    })
}

/// JSONL: one article object per line. Known fields are `id`, `url`,
/// `source`, `title`, `text`, `published` (also `date`), `lang`; the rest go
/// to `extra`. Broken lines are reported and skipped.
fn read_jsonl(
    origin: String,
    bytes: Vec<u8>,
    max_bytes: usize,
) -> impl Iterator<Item = ReadResult> + Send {
    let reader = std::io::Cursor::new(bytes);
    let mut lines = reader.split(b'\n').enumerate();
    std::iter::from_fn(move || loop {
        let (i, line) = lines.next()?;
        let at = format!("{origin}:{}", i + 1);
        let line = match line {
            Ok(l) => l,
            Err(e) => return Some(Err(ReadError::new(at, e))),
        };
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        return Some(parse_jsonl_line(&at, &line, max_bytes));
    })
}

fn parse_jsonl_line(at: &str, line: &[u8], max_bytes: usize) -> ReadResult {
    // JSON is UTF-8 by definition, but Latin-1 exports exist: decode leniently.
    let text = match std::str::from_utf8(line) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(
            decode(line, max_bytes)
                .map_err(|e| ReadError::new(at, e))?
                .text,
        ),
    };
    let value: Value = serde_json::from_str(text.trim()).map_err(|e| {
        ReadError::new(
            at,
            format!("invalid JSON ({e}); expected one article object per line"),
        )
    })?;
    let Value::Object(mut obj) = value else {
        return Err(ReadError::new(at, "expected a JSON object per line"));
    };
    if !obj.contains_key("text") {
        if let Some(Value::String(page)) = obj.remove("html") {
            return jsonl_html(at, page, obj, max_bytes);
        }
    }
    let mut take_str = |key: &str| -> Option<String> {
        match obj.remove(key) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        }
    };
    let body = take_str("text").ok_or_else(|| {
        ReadError::new(
            at,
            "the object has no \"text\" (or \"html\") field (an article needs its text)",
        )
    })?;
    let id = take_str("id").unwrap_or_else(|| at.to_string());
    let url = take_str("url");
    let source = take_str("source");
    let title = take_str("title").map(|t| normalize(&t));
    let lang = take_str("lang");
    let published_raw = take_str("published").or_else(|| take_str("date"));
    let mut warnings = Vec::new();
    let published = match published_raw.as_deref() {
        Some(p) => match parse_date(p) {
            Some(d) => Some(d),
            None => {
                warnings.push(format!(
                    "could not read the published date {p:?}; expected YYYY-MM-DD"
                ));
                None
            }
        },
        None => None,
    };
    let text = normalize(&body);
    if text.trim().is_empty() && title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(ReadError::new(at, "the article text is empty"));
    }
    Ok(Document {
        id,
        url,
        source,
        title,
        text,
        published,
        lang,
        info: InputInfo {
            format: "jsonl".into(),
            encoding: "UTF-8".into(),
            warnings,
        },
        extra: obj,
        blocks: Vec::new(),
    })
}

/// A JSONL line whose article is an HTML page (`"html"` field): extract it;
/// fields given in the line (`id`, `url`, `source`, `title`, `published`,
/// `lang`) win over what the page says.
fn jsonl_html(at: &str, page: String, mut obj: Map<String, Value>, max_bytes: usize) -> ReadResult {
    let mut take_str = |key: &str| -> Option<String> {
        match obj.remove(key) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        }
    };
    let id = take_str("id").unwrap_or_else(|| at.to_string());
    let url = take_str("url");
    let source = take_str("source");
    let lang = take_str("lang");
    let published = take_str("published");
    let date = take_str("date");
    let published = published.or(date).and_then(|p| parse_date(&p));
    let _ = take_str("title");
    let mut doc = html::read_html(id, page.as_bytes(), max_bytes, url.as_deref())
        .map_err(|e| ReadError::new(at, e.message))?;
    doc.url = url.or(doc.url);
    doc.source = source.or(doc.source);
    doc.lang = lang.or(doc.lang);
    doc.published = published.or(doc.published);
    doc.info.format = "jsonl+html".into();
    doc.extra = obj;
    Ok(doc)
}

/// Read a date given as `YYYY-MM-DD`, an RFC 3339 timestamp, or `DD.MM.YYYY`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(head) = s.get(..10) {
        if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
            return Some(d);
        }
        if let Ok(d) = NaiveDate::parse_from_str(head, "%d.%m.%Y") {
            return Some(d);
        }
    }
    NaiveDate::parse_from_str(s, "%Y%m%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(s: &str) -> Vec<ReadResult> {
        read_bytes(
            "t.jsonl".into(),
            s.as_bytes().to_vec(),
            InputFormat::Jsonl,
            &ReadOptions::default(),
        )
        .collect()
    }

    #[test]
    fn jsonl_reads_known_and_keeps_unknown_fields() {
        let docs = jsonl(
            r#"{"id":"a1","text":"Hallo Welt.\r\nZweite Zeile.","published":"2025-07-10T08:00:00Z","lang":"de","section":"Politik"}"#,
        );
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.id, "a1");
        assert_eq!(d.text, "Hallo Welt.\nZweite Zeile.");
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2025, 7, 10));
        assert_eq!(d.extra["section"], "Politik");
    }

    #[test]
    fn jsonl_broken_lines_are_reported_and_rest_go_on() {
        let docs =
            jsonl("{\"text\":\"eins\"}\n{broken\n\n[1,2]\n{\"id\":\"x\"}\n{\"text\":\"zwei\"}\n");
        assert_eq!(docs.len(), 5);
        assert!(docs[0].is_ok());
        let e = docs[1].as_ref().unwrap_err();
        assert_eq!(e.origin, "t.jsonl:2");
        assert!(e.message.contains("invalid JSON"));
        assert!(docs[2].as_ref().unwrap_err().message.contains("object"));
        assert!(docs[3].as_ref().unwrap_err().message.contains("text"));
        assert_eq!(docs[4].as_ref().unwrap().text, "zwei");
        assert_eq!(docs[4].as_ref().unwrap().id, "t.jsonl:6");
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("10.07.2025"),
            NaiveDate::from_ymd_opt(2025, 7, 10)
        );
        assert_eq!(
            parse_date("2025-07-10"),
            NaiveDate::from_ymd_opt(2025, 7, 10)
        );
        assert_eq!(parse_date("gestern"), None);
    }
}
