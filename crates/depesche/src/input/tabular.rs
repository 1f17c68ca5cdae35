//! CSV input, streamed record by record with the `csv` crate. The 10kGNAD
//! corpus (`label;'text'`, `'` quoting, `''` escapes, no header) is the model
//! case; a file with a header row naming a `text` column is read by column
//! name instead.
//!
//! The dialect (delimiter and quote) is guessed from the first 64 KiB; the
//! encoding too (UTF-8, else a statistical guess). Each record's raw bytes are
//! checked, so a quote that is not doubled inside a quoted field (which makes
//! a CSV reader run records together) is warned about with its line number.

use std::io::{Cursor, Read};

use serde_json::{Map, Value};

use super::decode::{self, sniff_binary};
use super::{normalize, DecodeError, Document, ReadError, ReadResult};
use crate::schema::InputInfo;

/// How much of a CSV input is read ahead to guess its dialect and encoding.
const HEAD_BYTES: usize = 64 * 1024;

/// Delimiter and quote pairs tried, in order of preference on a tie.
const CANDIDATES: &[(u8, u8)] = &[
    (b';', b'\''),
    (b';', b'"'),
    (b',', b'"'),
    (b'\t', b'"'),
    (b',', b'\''),
    (b'\t', b'\''),
];

/// The shape of one raw record under a dialect.
#[derive(Debug, Default, Clone, PartialEq)]
struct Shape {
    fields: usize,
    /// Fields quoted and closed right before a delimiter or the line end.
    clean_quoted: usize,
    /// Why the record is malformed, if it is.
    malformed: Option<&'static str>,
    /// Byte length of the record including its line end.
    len: usize,
}

/// Scan one record from the start of `raw` (which may hold more records).
fn scan_record(raw: &[u8], d: u8, q: u8) -> Shape {
    let mut s = Shape {
        fields: 1,
        ..Shape::default()
    };
    let mut i = 0;
    let mut at_field_start = true;
    while i < raw.len() {
        let b = raw[i];
        if b == q && at_field_start {
            // A quoted field: up to a quote that is not doubled.
            let mut j = i + 1;
            loop {
                match memchr::memchr(q, &raw[j..]) {
                    None => {
                        s.malformed.get_or_insert("a quoted field is never closed");
                        s.len = raw.len();
                        return s;
                    }
                    Some(k) => {
                        j += k;
                        if raw.get(j + 1) == Some(&q) {
                            j += 2;
                        } else {
                            break;
                        }
                    }
                }
            }
            i = j + 1;
            match raw.get(i) {
                None | Some(b'\n') | Some(b'\r') => s.clean_quoted += 1,
                Some(&x) if x == d => s.clean_quoted += 1,
                Some(_) => {
                    s.malformed.get_or_insert(
                        "a quote inside a quoted field is not doubled, so the field may run on",
                    );
                }
            }
            at_field_start = false;
        } else if b == d {
            s.fields += 1;
            at_field_start = true;
            i += 1;
        } else if b == b'\n' || b == b'\r' {
            i += 1;
            if b == b'\r' && raw.get(i) == Some(&b'\n') {
                i += 1;
            }
            s.len = i;
            return s;
        } else {
            at_field_start = false;
            i += 1;
        }
    }
    s.len = raw.len();
    s
}

/// Guess the delimiter and quote: the reading under which the first records
/// have the most consistent field count (at least two fields); among equally
/// consistent readings the one whose quote character quotes the most fields
/// cleanly, less the records it leaves malformed.
fn dialect(head: &[u8]) -> (u8, u8) {
    let mut best = (b',', b'"');
    let mut best_score = (0.0f64, i64::MIN);
    for &(d, q) in CANDIDATES {
        let mut shapes = Vec::new();
        let mut rest = head;
        while !rest.is_empty() && shapes.len() < 50 {
            let s = scan_record(rest, d, q);
            rest = &rest[s.len.max(1).min(rest.len())..];
            let blank = s.fields == 1 && s.len <= 2;
            if !blank {
                shapes.push(s);
            }
        }
        if shapes.is_empty() {
            continue;
        }
        let mut freq = std::collections::HashMap::new();
        for s in &shapes {
            *freq.entry(s.fields).or_insert(0usize) += 1;
        }
        let (&mode, &hits) = freq
            .iter()
            .max_by_key(|(k, v)| (**v, std::cmp::Reverse(**k)))
            .expect("at least one shape");
        if mode < 2 {
            continue;
        }
        let consistency = hits as f64 / shapes.len() as f64;
        let malformed = shapes.iter().filter(|s| s.malformed.is_some()).count() as i64;
        let quoted = shapes.iter().map(|s| s.clean_quoted).sum::<usize>() as i64;
        let score = (consistency, quoted - malformed);
        let better = if (score.0 - best_score.0).abs() > 1e-9 {
            score.0 > best_score.0
        } else {
            score.1 > best_score.1
        };
        if better {
            best_score = score;
            best = (d, q);
        }
    }
    best
}

/// The text encoding of a CSV input, guessed from its head.
fn guess_encoding(head: &[u8], complete: bool) -> &'static encoding_rs::Encoding {
    match std::str::from_utf8(head) {
        Ok(_) => encoding_rs::UTF_8,
        // Cut inside a character at the end of the head: still UTF-8.
        Err(e) if e.error_len().is_none() && !complete => encoding_rs::UTF_8,
        Err(_) => decode::guess(head, complete),
    }
}

/// Keeps the bytes the CSV parser reads, so each record's raw bytes can be
/// checked; refuses to read on when one record grows over the limit.
struct Tee<R> {
    inner: R,
    buf: Vec<u8>,
    /// Stream offset of `buf[0]`.
    base: u64,
    max_bytes: usize,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.buf.len() > self.max_bytes.saturating_add(2 * 64 * 1024) {
            return Err(std::io::Error::other(RecordTooLarge));
        }
        let n = self.inner.read(out)?;
        self.buf.extend_from_slice(&out[..n]);
        Ok(n)
    }
}

#[derive(Debug)]
struct RecordTooLarge;

impl std::fmt::Display for RecordTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("record over the size limit")
    }
}

impl std::error::Error for RecordTooLarge {}

/// Read articles from CSV text in memory. Returns one result per record.
pub fn read_csv(origin: &str, text: &str) -> Vec<ReadResult> {
    stream_csv(
        origin.to_string(),
        Box::new(Cursor::new(text.as_bytes().to_vec())),
        usize::MAX / 4,
    )
    .collect()
}

/// Read articles from a CSV stream, one result per record, without holding
/// more than one record (and the 64 KiB head) in memory. A record over
/// `max_bytes` ends the input with an error (its end cannot be found
/// reliably without reading it).
pub fn stream_csv(
    origin: String,
    mut input: Box<dyn Read + Send>,
    max_bytes: usize,
) -> Box<dyn Iterator<Item = ReadResult> + Send> {
    let fail = |origin: String,
                e: &dyn std::fmt::Display|
     -> Box<dyn Iterator<Item = ReadResult> + Send> {
        Box::new(std::iter::once(Err(ReadError::new(origin, e))))
    };
    let mut head = Vec::with_capacity(HEAD_BYTES);
    if let Err(e) = input
        .by_ref()
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
    {
        return fail(origin, &e);
    }
    let complete = head.len() < HEAD_BYTES;
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return fail(origin, &DecodeError::Empty);
    }
    if let Some(what) = sniff_binary(&head) {
        return fail(origin, &DecodeError::Binary(what));
    }
    // UTF-16 cannot be split at ASCII bytes: decode it whole (within the limit).
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&head) {
        if enc != encoding_rs::UTF_8 {
            let mut all = head;
            let limit = (max_bytes as u64).saturating_add(1);
            if let Err(e) = input.take(limit).read_to_end(&mut all) {
                return fail(origin, &e);
            }
            if all.len() > max_bytes {
                return fail(origin, &DecodeError::TooLargeStream { limit: max_bytes });
            }
            let (text, _) = enc.decode_without_bom_handling(&all[bom..]);
            let bytes = text.into_owned().into_bytes();
            return records(
                origin,
                Box::new(Cursor::new(bytes)),
                Vec::new(),
                true,
                encoding_rs::UTF_8,
                max_bytes,
            );
        }
        head.drain(..bom);
    }
    let encoding = guess_encoding(&head, complete);
    records(origin, input, head, complete, encoding, max_bytes)
}

fn records(
    origin: String,
    rest: Box<dyn Read + Send>,
    head: Vec<u8>,
    complete: bool,
    encoding: &'static encoding_rs::Encoding,
    max_bytes: usize,
) -> Box<dyn Iterator<Item = ReadResult> + Send> {
    let (head, rest): (Vec<u8>, Box<dyn Read + Send>) = if head.is_empty() {
        // Decoded UTF-16: the whole text is `rest`; guess from its start.
        let mut rest = rest;
        let mut h = Vec::new();
        let _ = rest.by_ref().take(HEAD_BYTES as u64).read_to_end(&mut h);
        (h, rest)
    } else {
        (head, rest)
    };
    // Guess the dialect on whole lines only.
    let sample = match memchr::memrchr(b'\n', &head) {
        Some(i) if !complete => &head[..i + 1],
        _ => &head[..],
    };
    let (delim, quote) = dialect(sample);
    let tee = Tee {
        inner: Cursor::new(head).chain(rest),
        buf: Vec::new(),
        base: 0,
        max_bytes,
    };
    let reader = csv::ReaderBuilder::new()
        .delimiter(delim)
        .quote(quote)
        .double_quote(true)
        .flexible(true)
        .has_headers(false)
        .from_reader(tee);
    let mut state = CsvState {
        origin,
        reader,
        encoding,
        delim,
        quote,
        header: None,
        expected_fields: None,
        first: true,
        n: 0,
        done: false,
    };
    Box::new(std::iter::from_fn(move || state.next()))
}

/// The bytes read ahead for the guesses, then the rest of the input.
type HeadThenRest = std::io::Chain<Cursor<Vec<u8>>, Box<dyn Read + Send>>;

struct CsvState {
    origin: String,
    reader: csv::Reader<Tee<HeadThenRest>>,
    encoding: &'static encoding_rs::Encoding,
    delim: u8,
    quote: u8,
    header: Option<Vec<String>>,
    /// Fields per record: the header's, else the first record's.
    expected_fields: Option<usize>,
    first: bool,
    /// Records read after the header.
    n: usize,
    done: bool,
}

impl CsvState {
    fn decode_field(&self, bytes: &[u8], warnings: &mut Vec<String>) -> String {
        let (text, had_errors) = self.encoding.decode_without_bom_handling(bytes);
        if had_errors {
            let w = format!(
                "invalid {} sequences replaced with U+FFFD",
                self.encoding.name()
            );
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        normalize(&text)
    }

    fn next(&mut self) -> Option<ReadResult> {
        let mut rec = csv::ByteRecord::new();
        loop {
            if self.done {
                return None;
            }
            let start = self.reader.position().byte();
            let line = self.reader.position().line().max(1);
            match self.reader.read_byte_record(&mut rec) {
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Ok(true) => {}
                Err(e) => {
                    self.done = true;
                    let at = format!(
                        "{}:{}",
                        self.origin,
                        rec.position().map_or(line, |p| p.line())
                    );
                    let too_large = matches!(e.kind(), csv::ErrorKind::Io(io)
                        if io.get_ref().is_some_and(|x| x.is::<RecordTooLarge>()));
                    let msg = if too_large {
                        format!(
                            "a record is over the limit of {} bytes (raise it with --max-bytes); \
                             the rest of this CSV input is skipped, as its record boundaries are unknown",
                            self.reader.get_ref().max_bytes
                        )
                    } else {
                        e.to_string()
                    };
                    return Some(Err(ReadError::new(at, msg)));
                }
            }
            let rec_line = rec.position().map_or(line, |p| p.line());
            let rec_start = rec.position().map_or(start, |p| p.byte());
            let end = self.reader.position().byte();
            let tee = self.reader.get_mut();
            let from = rec_start.saturating_sub(tee.base) as usize;
            let to = (end.saturating_sub(tee.base) as usize).min(tee.buf.len());
            let shape = scan_record(&tee.buf[from.min(to)..to], self.delim, self.quote);
            tee.buf.drain(..to);
            tee.base += to as u64;
            let at = format!("{}:{rec_line}", self.origin);
            let mut warnings = Vec::new();
            let fields: Vec<String> = rec
                .iter()
                .map(|f| self.decode_field(f, &mut warnings))
                .collect();
            if self.first {
                self.first = false;
                let lower: Vec<String> = fields
                    .iter()
                    .map(|s| s.trim().to_ascii_lowercase())
                    .collect();
                if lower.iter().any(|h| h == "text") {
                    self.expected_fields = Some(lower.len());
                    self.header = Some(lower);
                    continue;
                }
                self.expected_fields = Some(fields.len());
            }
            self.n += 1;
            if shape.malformed == Some("a quoted field is never closed") {
                return Some(Err(ReadError::new(
                    at,
                    "unterminated quoted field at end of file (a quote is never closed)",
                )));
            }
            let last_line = rec_line + shape_lines(&rec);
            if let Some(why) = shape.malformed {
                warnings.push(if last_line > rec_line {
                    format!(
                        "line {rec_line}: {why} (this record spans lines {rec_line}–{last_line})"
                    )
                } else {
                    format!("line {rec_line}: {why}")
                });
            }
            if let Some(n) = self.expected_fields {
                if fields.len() != n {
                    warnings.push(format!(
                        "line {rec_line}: {} fields where the file's records have {n}",
                        fields.len()
                    ));
                }
            }
            return Some(self.document(at, fields, warnings));
        }
    }

    fn document(&self, at: String, fields: Vec<String>, warnings: Vec<String>) -> ReadResult {
        let mut extra = Map::new();
        let mut doc = Document {
            id: format!("{}#{}", self.origin, self.n),
            url: None,
            source: None,
            title: None,
            text: String::new(),
            published: None,
            lang: None,
            info: InputInfo {
                format: "csv".into(),
                encoding: self.encoding.name().into(),
                warnings,
            },
            extra: Map::new(),
            blocks: Vec::new(),
        };
        match &self.header {
            Some(h) => {
                for (name, value) in h.iter().zip(fields) {
                    match name.as_str() {
                        "text" => doc.text = value,
                        "id" => doc.id = value,
                        "url" => doc.url = Some(value),
                        "source" => doc.source = Some(value),
                        "title" => doc.title = Some(value),
                        "lang" => doc.lang = Some(value),
                        "published" | "date" if value.trim().is_empty() => {}
                        "published" | "date" => match super::parse_date(&value) {
                            Some(d) => doc.published = Some(d),
                            None => {
                                doc.info
                                    .warnings
                                    .push(super::unreadable_date_warning(name, &value));
                                extra.insert(name.clone(), Value::String(value));
                            }
                        },
                        _ => {
                            extra.insert(name.clone(), Value::String(value));
                        }
                    }
                }
            }
            None => {
                // Headerless: the longest field is the text, a short first one a label.
                let longest = (0..fields.len())
                    .max_by_key(|&i| fields[i].len())
                    .unwrap_or(0);
                for (i, value) in fields.into_iter().enumerate() {
                    if i == longest {
                        doc.text = value;
                    } else {
                        let key = if i == 0 {
                            "label".to_string()
                        } else {
                            format!("field{i}")
                        };
                        extra.insert(key, Value::String(value));
                    }
                }
            }
        }
        if doc.text.trim().is_empty() {
            return Err(ReadError::new(at, "the record has no article text"));
        }
        doc.extra = extra;
        Ok(doc)
    }
}

/// Line ends inside a record's fields (the lines it spans beyond its first).
fn shape_lines(rec: &csv::ByteRecord) -> u64 {
    rec.iter()
        .map(|f| memchr::memchr_iter(b'\n', f).count() as u64)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gnad_style() {
        let csv = "Sport;'Er sagte: ''Wir gewinnen''; dann ging er.'\nKultur;'Zweiter\nText'\n";
        let docs = read_csv("t.csv", csv);
        assert_eq!(docs.len(), 2);
        let d0 = docs[0].as_ref().unwrap();
        assert_eq!(d0.text, "Er sagte: 'Wir gewinnen'; dann ging er.");
        assert_eq!(d0.extra["label"], "Sport");
        assert_eq!(d0.id, "t.csv#1");
        assert_eq!(docs[1].as_ref().unwrap().text, "Zweiter\nText");
        assert!(d0.info.warnings.is_empty());
    }

    #[test]
    fn a_month_date_is_kept_as_a_field_with_a_warning() {
        let csv = "id,date,text\na,2023-02,Ein Text.\nb,2023-02-03,Noch einer.\n";
        let docs = read_csv("t.csv", csv);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.published, None);
        assert_eq!(a.extra["date"], "2023-02");
        assert!(
            a.info.warnings[0].contains("not a day date"),
            "{:?}",
            a.info.warnings
        );
        let b = docs[1].as_ref().unwrap();
        assert_eq!(b.published, chrono::NaiveDate::from_ymd_opt(2023, 2, 3));
        assert!(b.info.warnings.is_empty());
    }

    #[test]
    fn dialect_prefers_consistent_field_counts() {
        let csv = "Sport;'Eins, zwei, drei. Vier, fünf.'\nKultur;Ohne Anführung, mit Komma, und mehr\nWeb;'Drei, vier'\n";
        let docs = read_csv("t.csv", csv);
        assert_eq!(docs.len(), 3);
        assert_eq!(
            docs[1].as_ref().unwrap().text,
            "Ohne Anführung, mit Komma, und mehr"
        );
        assert_eq!(docs[1].as_ref().unwrap().extra["label"], "Kultur");
    }

    #[test]
    fn semicolon_with_double_quotes_gives_clean_fields() {
        let csv = "id;title;text\n1;\"Ein Titel\";\"Er sagte: \"\"Ja\"\"; dann ging er.\"\n2;\"Zweiter\";\"Noch ein Text.\"\n";
        let docs = read_csv("t.csv", csv);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.title.as_deref(), Some("Ein Titel"));
        assert_eq!(d.text, "Er sagte: \"Ja\"; dann ging er.");
        assert_eq!(docs[1].as_ref().unwrap().text, "Noch ein Text.");
    }

    #[test]
    fn header_by_name() {
        let csv = "id,title,text\nx1,\"Titel\",\"Ein \"\"Text\"\".\"\n";
        let d = read_csv("t.csv", csv).remove(0).unwrap();
        assert_eq!(d.id, "x1");
        assert_eq!(d.title.as_deref(), Some("Titel"));
        assert_eq!(d.text, "Ein \"Text\".");
    }

    #[test]
    fn unterminated_is_an_error_not_a_panic() {
        let docs = read_csv("t.csv", "a;'eins'\nb;'zwei'\nc;'offen\n");
        assert!(docs[0].is_ok() && docs[1].is_ok());
        assert!(docs[2]
            .as_ref()
            .unwrap_err()
            .message
            .contains("unterminated"));
    }

    #[test]
    fn an_undoubled_quote_is_warned_with_its_line() {
        let csv = "a;\"eins\"\nb;\"offen\nc;\"drei\"\nd;\"vier\"\n";
        let docs = read_csv("t.csv", csv);
        let warned: Vec<&String> = docs
            .iter()
            .filter_map(|d| d.as_ref().ok())
            .flat_map(|d| &d.info.warnings)
            .collect();
        assert!(
            warned.iter().any(|w| w.starts_with("line 2:")),
            "{warned:?}"
        );
        assert_eq!(docs.last().unwrap().as_ref().unwrap().text, "vier");
    }

    #[test]
    fn scan_shapes() {
        assert_eq!(scan_record(b"a;'b''c';d\nx", b';', b'\'').fields, 3);
        assert_eq!(scan_record(b"a;'b''c';d\nx", b';', b'\'').clean_quoted, 1);
        assert!(scan_record(b"a;'b'c\n", b';', b'\'').malformed.is_some());
        assert!(scan_record(b"a;'b", b';', b'\'').malformed.is_some());
    }
}
