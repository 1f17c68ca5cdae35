//! Readers: bytes in many formats → [`Document`]s.
//!
//! Readers know nothing of the pipeline. Each yields one `Result` per article
//! so that a broken article is reported by name and the rest go on.

mod dates;
pub mod decode;
pub mod html;
mod tabular;
pub mod warc;

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::{Map, Value};

pub use dates::parse_date;
use dates::unreadable_date_warning;
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
    /// A JSON document (`.json`): one article object, or an array of them, with
    /// the fields of a JSONL line.
    Json,
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
/// output order is stable), `-` is stdin. Files the walk skips (FIFOs,
/// devices, sockets) are dropped; see [`expand_paths_reporting`].
pub fn expand_paths(paths: &[PathBuf]) -> Vec<Result<PathBuf, ReadError>> {
    expand_paths_reporting(paths, &mut |_| {})
}

/// [`expand_paths`], telling `warn` of each file the walk skips.
///
/// A path named on the command line is read whatever it is (a FIFO,
/// `/dev/stdin`, `<(cmd)`: reads are capped while reading). A walk reads only
/// regular files, follows each symbolic link once per real path (so loops
/// end), and never opens anything that could block.
pub fn expand_paths_reporting(
    paths: &[PathBuf],
    warn: &mut dyn FnMut(ReadError),
) -> Vec<Result<PathBuf, ReadError>> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Ok(p.clone()));
        } else if p.is_dir() {
            if let Ok(real) = std::fs::canonicalize(p) {
                seen.insert(real);
            }
            walk_dir(p, &mut out, &mut seen, warn);
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

fn is_known_name(p: &Path) -> bool {
    is_html_name(p)
        || is_warc_name(p)
        || p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| KNOWN_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn walk_dir(
    dir: &Path,
    out: &mut Vec<Result<PathBuf, ReadError>>,
    seen: &mut std::collections::HashSet<PathBuf>,
    warn: &mut dyn FnMut(ReadError),
) {
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
        // Follows a symbolic link; a dangling one is reported when read.
        let meta = match std::fs::metadata(&p) {
            Ok(m) => m,
            Err(e) => {
                if is_known_name(&p) {
                    out.push(Err(ReadError::new(p.display().to_string(), e)));
                }
                continue;
            }
        };
        if meta.is_dir() {
            // Each real directory once: symbolic link loops end here.
            match std::fs::canonicalize(&p) {
                Ok(real) if seen.insert(real.clone()) => walk_dir(&p, out, seen, warn),
                Ok(_) => {}
                Err(e) => out.push(Err(ReadError::new(p.display().to_string(), e))),
            }
        } else if is_known_name(&p) {
            if !meta.is_file() {
                warn(ReadError::new(
                    p.display().to_string(),
                    "skipped: not a regular file (a FIFO, device or socket is read only when named itself)",
                ));
                continue;
            }
            match std::fs::canonicalize(&p) {
                Ok(real) if seen.insert(real.clone()) => out.push(Ok(p)),
                Ok(_) => {}
                Err(e) => out.push(Err(ReadError::new(p.display().to_string(), e))),
            }
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
        Some("json") => InputFormat::Json,
        Some("csv") => InputFormat::Csv,
        None if !path.is_file() => InputFormat::Auto,
        _ => InputFormat::Txt,
    }
}

/// An input as a byte stream (`-` = stdin; `.gz` decompressed). Nothing is
/// read yet; every reader caps what it reads.
fn open_input(path: &Path) -> Result<Box<dyn Read + Send>, String> {
    if path.as_os_str() == "-" {
        // Gzip on stdin (`zcat`-less pipes) is recognised by its magic bytes,
        // as `.gz` files are by their name.
        let mut stdin = std::io::BufReader::new(std::io::stdin());
        let gzip = std::io::BufRead::fill_buf(&mut stdin)
            .map(|b| b.starts_with(&[0x1f, 0x8b]))
            .unwrap_or(false);
        return Ok(if gzip {
            Box::new(GzipErrors(flate2::read::MultiGzDecoder::new(stdin)))
        } else {
            Box::new(stdin)
        });
    }
    let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        Ok(Box::new(GzipErrors(flate2::read::MultiGzDecoder::new(
            std::io::BufReader::new(f),
        ))))
    } else {
        Ok(Box::new(f))
    }
}

/// Says "gzip:" in front of a decompression error.
struct GzipErrors<R>(R);

impl<R: Read> Read for GzipErrors<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0
            .read(buf)
            .map_err(|e| std::io::Error::new(e.kind(), format!("gzip: {e}")))
    }
}

/// Read every article behind one path (`-` = stdin). Errors for single
/// articles come back as items; the iterator never stops early.
///
/// JSONL and CSV are streamed: `max_bytes` applies to each line or record,
/// and articles come out while the input still comes in. A text or HTML
/// input is one article: reading stops at `max_bytes` (plus one byte, to
/// tell that it is over), whatever kind of file it is.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Box<dyn Iterator<Item = ReadResult> + Send> {
    let origin = if path.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        path.display().to_string()
    };
    let fail = |origin: String,
                e: &dyn std::fmt::Display|
     -> Box<dyn Iterator<Item = ReadResult> + Send> {
        Box::new(std::iter::once(Err(ReadError::new(origin, e))))
    };
    if path.as_os_str() != "-" && is_warc_name(path) {
        let f = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => return fail(origin, &e),
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
    let raw = match open_input(path) {
        Ok(r) => r,
        Err(e) => return fail(origin, &e),
    };
    let mut reader = std::io::BufReader::with_capacity(64 * 1024, raw);
    let mut format = format_for(path, opts);
    let mut prefix = Vec::new();
    if format == InputFormat::Auto {
        // A stream without a telling name: look at its first non-blank byte.
        let first = match first_non_blank(&mut reader, &mut prefix, opts.max_bytes) {
            Ok(b) => b,
            Err(e) => return fail(origin, &e),
        };
        format = match first {
            Some(b'{') => InputFormat::Jsonl,
            Some(b'[') => InputFormat::Json,
            Some(b'<') => InputFormat::Html,
            _ => InputFormat::Txt,
        };
    }
    let input: Box<dyn BufRead + Send> = if prefix.is_empty() {
        Box::new(reader)
    } else {
        Box::new(std::io::Cursor::new(prefix).chain(reader))
    };
    match format {
        InputFormat::Jsonl => Box::new(stream_jsonl(origin, input, opts.max_bytes)),
        InputFormat::Csv => tabular::stream_csv(origin, Box::new(input), opts.max_bytes),
        InputFormat::Html | InputFormat::Json | InputFormat::Txt | InputFormat::Auto => {
            let bytes = match read_capped(path, input, opts.max_bytes, format != InputFormat::Html)
            {
                Ok(b) => b,
                Err(e) => return fail(origin, &e),
            };
            read_bytes(origin, bytes, format, opts)
        }
    }
}

/// Move bytes from `reader` into `prefix` up to the first non-blank one
/// (left unread), and return it; `None` at the end of input or after
/// `max_bytes` of white space.
fn first_non_blank(
    reader: &mut impl BufRead,
    prefix: &mut Vec<u8>,
    max_bytes: usize,
) -> std::io::Result<Option<u8>> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        if let Some(i) = buf.iter().position(|b| !b.is_ascii_whitespace()) {
            let b = buf[i];
            prefix.extend_from_slice(&buf[..i]);
            reader.consume(i);
            return Ok(Some(b));
        }
        let n = buf.len();
        prefix.extend_from_slice(buf);
        reader.consume(n);
        if prefix.len() > max_bytes {
            return Ok(None);
        }
    }
}

/// Read one whole-input article, never more than `max_bytes + 1` bytes.
/// With `sniff`, binary data is refused after its first 8 KiB, so
/// `/dev/zero` or a video stops at once.
fn read_capped(
    path: &Path,
    mut input: impl Read,
    max_bytes: usize,
    sniff: bool,
) -> Result<Vec<u8>, String> {
    let limit = (max_bytes as u64).saturating_add(1);
    let mut input = input.by_ref().take(limit);
    let mut bytes = Vec::new();
    if sniff {
        input
            .by_ref()
            .take(8192)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        if let Some(what) = decode::sniff_binary(&bytes) {
            return Err(DecodeError::Binary(what).to_string());
        }
    }
    input.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() > max_bytes {
        // A regular, uncompressed file can tell its size; a stream cannot.
        let gz = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        let err = match std::fs::metadata(path) {
            Ok(m) if m.is_file() && !gz && path.as_os_str() != "-" => DecodeError::TooLarge {
                size: m.len() as usize,
                limit: max_bytes,
            },
            _ => DecodeError::TooLargeStream { limit: max_bytes },
        };
        return Err(err.to_string());
    }
    Ok(bytes)
}

/// Read articles from bytes already in memory.
pub fn read_bytes(
    origin: String,
    bytes: Vec<u8>,
    format: InputFormat,
    opts: &ReadOptions,
) -> Box<dyn Iterator<Item = ReadResult> + Send> {
    match format {
        InputFormat::Jsonl => Box::new(stream_jsonl(
            origin,
            std::io::Cursor::new(bytes),
            opts.max_bytes,
        )),
        InputFormat::Csv => tabular::stream_csv(
            origin,
            Box::new(std::io::Cursor::new(bytes)),
            opts.max_bytes,
        ),
        InputFormat::Json => read_json(origin, bytes, opts.max_bytes),
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

/// A JSON document: one article object, or an array of them (each read as a
/// JSONL line is, labelled `FILE#N`). A file named `.json` that holds JSON
/// Lines is read as such.
fn read_json(
    origin: String,
    bytes: Vec<u8>,
    max_bytes: usize,
) -> Box<dyn Iterator<Item = ReadResult> + Send> {
    let as_json = |r: ReadResult| {
        r.map(|mut d| {
            d.info.format = "json".into();
            d
        })
    };
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(obj)) => Box::new(std::iter::once(as_json(article_of_object(
            &origin, obj, max_bytes,
        )))),
        Ok(Value::Array(items)) => Box::new(items.into_iter().enumerate().map(move |(i, v)| {
            let at = format!("{origin}#{}", i + 1);
            match v {
                Value::Object(obj) => as_json(article_of_object(&at, obj, max_bytes)),
                _ => Err(ReadError::new(at, "expected an article object")),
            }
        })),
        Ok(_) => Box::new(std::iter::once(Err(ReadError::new(
            origin,
            "a JSON file must hold an article object or an array of article objects",
        )))),
        Err(_) => Box::new(stream_jsonl(origin, std::io::Cursor::new(bytes), max_bytes)),
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

/// JSONL: one article object per line, streamed. Known fields are `id`,
/// `url`, `source`, `title`, `text`, `published` (also `date`), `lang`; the
/// rest go to `extra`. Broken lines, lines over `max_bytes` and fields of the
/// wrong type are reported with their line number and skipped; every other
/// line gives an article.
pub fn stream_jsonl(
    origin: String,
    mut reader: impl BufRead + Send,
    max_bytes: usize,
) -> impl Iterator<Item = ReadResult> + Send {
    let mut line_no = 0usize;
    let mut line = Vec::new();
    let mut done = false;
    let mut skipping = false;
    std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        if skipping {
            // The rest of a line reported as over the limit.
            skipping = false;
            if let Err(e) = skip_line(&mut reader) {
                done = true;
                return Some(Err(ReadError::new(format!("{origin}:{line_no}"), e)));
            }
        }
        line.clear();
        let over = match read_line_capped(&mut reader, &mut line, max_bytes) {
            Ok(None) => return None,
            Ok(Some(over)) => over,
            Err(e) => {
                done = true;
                return Some(Err(ReadError::new(format!("{origin}:{}", line_no + 1), e)));
            }
        };
        line_no += 1;
        let at = format!("{origin}:{line_no}");
        if over {
            skipping = true;
            return Some(Err(ReadError::new(
                at,
                format!(
                    "the line is over the limit of {max_bytes} bytes (raise it with --max-bytes)"
                ),
            )));
        }
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        return Some(parse_jsonl_line(&at, &line, max_bytes));
    })
}

/// Read one line (without its `\n`) into `line`, up to `max_bytes` of it.
/// `None` at the end of input, else whether the line is over the limit (then
/// it is read only that far, so the error comes at once even for an endless
/// line; [`skip_line`] drops the rest).
fn read_line_capped(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    max_bytes: usize,
) -> std::io::Result<Option<bool>> {
    let mut any = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(any.then_some(false));
        }
        any = true;
        let (take, found) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i, true),
            None => (buf.len(), false),
        };
        if line.len() + take > max_bytes {
            *line = Vec::new();
            return Ok(Some(true));
        }
        line.extend_from_slice(&buf[..take]);
        reader.consume(take + usize::from(found));
        if found {
            return Ok(Some(false));
        }
    }
}

/// Read up to and including the next `\n`, keeping nothing.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(());
        }
        match memchr::memchr(b'\n', buf) {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
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
    let Value::Object(obj) = value else {
        return Err(ReadError::new(at, "expected a JSON object per line"));
    };
    article_of_object(at, obj, max_bytes)
}

/// An article from a parsed JSON object with the fields of a JSONL line.
fn article_of_object(at: &str, mut obj: Map<String, Value>, max_bytes: usize) -> ReadResult {
    if !obj.contains_key("text") {
        if let Some(Value::String(page)) = obj.remove("html") {
            return jsonl_html(at, page, obj, max_bytes);
        }
    }
    let body = take_field(&mut obj, "text", at)?.ok_or_else(|| {
        ReadError::new(
            at,
            "the object has no \"text\" (or \"html\") field (an article needs its text)",
        )
    })?;
    let id = take_field(&mut obj, "id", at)?.unwrap_or_else(|| at.to_string());
    let url = take_field(&mut obj, "url", at)?;
    let source = take_field(&mut obj, "source", at)?;
    let title = take_field(&mut obj, "title", at)?.map(|t| normalize(&t));
    let lang = take_field(&mut obj, "lang", at)?;
    let (published, date_warning) = take_date(&mut obj, at)?;
    let warnings: Vec<String> = date_warning.into_iter().collect();
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
    let id = take_field(&mut obj, "id", at)?.unwrap_or_else(|| at.to_string());
    let url = take_field(&mut obj, "url", at)?;
    let source = take_field(&mut obj, "source", at)?;
    let lang = take_field(&mut obj, "lang", at)?;
    let (published, date_warning) = take_date(&mut obj, at)?;
    take_field(&mut obj, "title", at)?;
    let mut doc = html::read_html(id, page.as_bytes(), max_bytes, url.as_deref())
        .map_err(|e| ReadError::new(at, e.message))?;
    doc.url = url.or(doc.url);
    doc.source = source.or(doc.source);
    doc.lang = lang.or(doc.lang);
    doc.published = published.or(doc.published);
    doc.info.format = "jsonl+html".into();
    doc.info.warnings.extend(date_warning);
    doc.extra = obj;
    Ok(doc)
}

/// Take a known field out of a JSONL object: a string, or nothing (absent or
/// `null`). An `id` may also be an integer. Any other type is an error for
/// the line, not a guess.
fn take_field(
    obj: &mut Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<Option<String>, ReadError> {
    let value = match obj.remove(key) {
        Some(Value::String(s)) => Some(s),
        Some(Value::Null) | None => None,
        Some(Value::Number(n)) if key == "id" && (n.is_i64() || n.is_u64()) => Some(n.to_string()),
        Some(other) => {
            let kind = match other {
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::Array(_) => "an array",
                _ => "an object",
            };
            return Err(ReadError::new(
                at,
                format!("the field \"{key}\" is {kind}; expected a string"),
            ));
        }
    };
    if key == "lang" {
        if let Some(l) = &value {
            if !is_language_tag(l) {
                return Err(ReadError::new(
                    at,
                    format!("the field \"lang\" is {l:?}; expected a language code such as \"de\" or \"en\""),
                ));
            }
        }
    }
    Ok(value)
}

/// A language code as inputs give them: `de`, `deu`, `de-AT`, `en_GB`, or a
/// language's name (`german`, `Deutsch`).
fn is_language_tag(s: &str) -> bool {
    if crate::Lang::from_code(s) != crate::Lang::Other {
        return true;
    }
    let mut parts = s.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The publication date of a JSONL object (`published`, else `date`): absent,
/// or readable by [`parse_date`]. An unreadable one ("2023-02", "gestern") is
/// not a reason to lose the article: it is analysed without a given date (the
/// text's own date line is used when it has one), the raw value stays in the
/// object's other fields, and the returned warning says so.
fn take_date(
    obj: &mut Map<String, Value>,
    at: &str,
) -> Result<(Option<NaiveDate>, Option<String>), ReadError> {
    let key = if obj.contains_key("published") {
        "published"
    } else {
        "date"
    };
    let raw = take_field(obj, key, at)?;
    match raw {
        None => Ok((None, None)),
        Some(p) if p.trim().is_empty() => Ok((None, None)),
        Some(p) => match parse_date(&p) {
            Some(d) => Ok((Some(d), None)),
            None => {
                let warning = unreadable_date_warning(key, &p);
                obj.insert(key.to_string(), Value::String(p));
                Ok((None, Some(warning)))
            }
        },
    }
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
    fn json_files_hold_one_article_or_an_array() {
        let read = |s: &str| -> Vec<ReadResult> {
            read_bytes(
                "a.json".into(),
                s.as_bytes().to_vec(),
                InputFormat::Json,
                &ReadOptions::default(),
            )
            .collect()
        };
        let one = read("{\n  \"id\": \"x\",\n  \"text\": \"Ein Text.\"\n}\n");
        assert_eq!(one.len(), 1);
        let d = one[0].as_ref().unwrap();
        assert_eq!((d.id.as_str(), d.info.format.as_str()), ("x", "json"));
        let many = read("[{\"text\": \"A.\"}, {\"text\": \"\"}, {\"text\": \"B.\"}]");
        assert_eq!(many.len(), 3);
        assert_eq!(many[0].as_ref().unwrap().id, "a.json#1");
        assert!(many[1].is_err());
        assert_eq!(many[2].as_ref().unwrap().text, "B.");
        assert!(read("42")[0].is_err());
        // JSON Lines in a file named .json
        assert_eq!(read("{\"text\": \"A.\"}\n{\"text\": \"B.\"}\n").len(), 2);
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
}
