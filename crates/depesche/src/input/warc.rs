//! WARC and WARC.gz archives: response records holding HTML pages are read
//! as articles (`WARC-Target-URI` as the URL, `WARC-Date` as the date when the
//! page gives none). Other records are skipped and counted; the count goes
//! into the warnings of the next article read. A truncated record or a gzip
//! error ends the archive with a named error; articles before it stay.

use std::io::{BufRead, BufReader, Read};

use super::{html, ReadError, ReadResult};

/// Stream the records of a WARC (already decompressed) reader.
pub fn read_warc(
    origin: String,
    reader: Box<dyn Read + Send>,
    max_bytes: usize,
) -> impl Iterator<Item = ReadResult> + Send {
    let mut r = BufReader::new(reader);
    let mut record = 0usize;
    let mut skipped = 0usize;
    let mut done = false;
    std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        record += 1;
        let at = format!("{origin}#record{record}");
        let headers = match read_headers(&mut r) {
            Ok(Some(h)) => h,
            Ok(None) => {
                done = true;
                return None;
            }
            Err(e) => {
                done = true;
                return Some(Err(ReadError::new(at, e)));
            }
        };
        let get = |k: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        };
        let Some(len) = get("Content-Length").and_then(|l| l.trim().parse::<u64>().ok()) else {
            done = true;
            return Some(Err(ReadError::new(
                at,
                "WARC record without a Content-Length; stopped reading this archive",
            )));
        };
        let kind = get("WARC-Type").unwrap_or_default();
        let wanted = kind.eq_ignore_ascii_case("response") && len as usize <= max_bytes;
        let mut block = Vec::new();
        let got = if wanted {
            (&mut r).take(len).read_to_end(&mut block)
        } else {
            std::io::copy(&mut (&mut r).take(len), &mut std::io::sink()).map(|n| n as usize)
        };
        match got {
            Ok(n) if n as u64 == len => {}
            Ok(_) => {
                done = true;
                return Some(Err(ReadError::new(
                    at,
                    "the archive ends inside this record (truncated)",
                )));
            }
            Err(e) => {
                done = true;
                return Some(Err(ReadError::new(at, format!("reading the archive: {e}"))));
            }
        }
        // The two line ends after a record.
        let mut end = [0u8; 4];
        let _ = read_line_ends(&mut r, &mut end);
        if !wanted {
            skipped += 1;
            continue;
        }
        // An HTTP response: status line and headers, then the body.
        let Some(split) = find(&block, b"\r\n\r\n")
            .map(|p| p + 4)
            .or_else(|| find(&block, b"\n\n").map(|p| p + 2))
        else {
            skipped += 1;
            continue;
        };
        let http = String::from_utf8_lossy(&block[..split]).to_ascii_lowercase();
        let is_html = http
            .lines()
            .find(|l| l.starts_with("content-type:"))
            .is_some_and(|l| l.contains("html"));
        if !is_html {
            skipped += 1;
            continue;
        }
        let url = get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
        let id = url.clone().unwrap_or_else(|| at.clone());
        let mut doc = match html::read_html(id, &block[split..], max_bytes, url.as_deref()) {
            Ok(d) => d,
            Err(e) => return Some(Err(ReadError::new(at, e.message))),
        };
        if doc.published.is_none() {
            doc.published = get("WARC-Date").and_then(|d| super::parse_date(&d));
        }
        if doc.url.is_none() {
            doc.url = url;
        }
        doc.info.format = "warc".into();
        if skipped > 0 {
            doc.info.warnings.push(format!(
                "{skipped} WARC record(s) before this one skipped (not HTML responses)"
            ));
            skipped = 0;
        }
        return Some(Ok(doc));
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn read_line_ends(r: &mut impl BufRead, _buf: &mut [u8; 4]) -> std::io::Result<()> {
    loop {
        let b = r.fill_buf()?;
        match b.first() {
            Some(b'\r') | Some(b'\n') => r.consume(1),
            _ => return Ok(()),
        }
    }
}

/// Read one header line (at most 64 KiB) into `line`; 0 at the end of input.
fn read_header_line(r: &mut impl BufRead, line: &mut Vec<u8>) -> Result<usize, String> {
    line.clear();
    r.take(64 * 1024)
        .read_until(b'\n', line)
        .map_err(|e| format!("reading the archive: {e}"))
}

/// Read one record's header block. `Ok(None)` at a clean end of input.
fn read_headers(r: &mut impl BufRead) -> Result<Option<Vec<(String, String)>>, String> {
    let mut line = Vec::new();
    // Skip blank lines between records.
    loop {
        if read_header_line(r, &mut line)? == 0 {
            return Ok(None);
        }
        if !line.iter().all(|b| b.is_ascii_whitespace()) {
            break;
        }
    }
    if !line.starts_with(b"WARC/") {
        return Err(
            "not a WARC record (no WARC/1.x version line); stopped reading this archive".into(),
        );
    }
    let mut headers = Vec::new();
    loop {
        if read_header_line(r, &mut line)? == 0 {
            return Err("the archive ends inside a record header (truncated)".into());
        }
        let l = String::from_utf8_lossy(&line);
        let l = l.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if headers.len() < 256 {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
    }
    Ok(Some(headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-05-02T10:00:00Z\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    const PAGE: &str = "<html lang=\"de\"><body><article><h1>Ein Titel für den Test</h1><p>Der Gemeinderat hat am Dienstag nach langer Debatte einen neuen Bebauungsplan für das Gewerbegebiet am Stadtrand beschlossen.</p><p>Die Arbeiten sollen im kommenden Frühjahr beginnen, teilte die Verwaltung mit. Anwohner hatten zuvor Bedenken wegen des Verkehrs geäußert.</p></article></body></html>";

    fn read(bytes: Vec<u8>) -> Vec<ReadResult> {
        read_warc(
            "a.warc".into(),
            Box::new(std::io::Cursor::new(bytes)),
            1 << 20,
        )
        .collect()
    }

    #[test]
    fn html_responses_are_read_others_counted() {
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{PAGE}");
        let img = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\u{1}\u{2}";
        let warc = [
            record("warcinfo", "", "software: test"),
            record(
                "request",
                "https://example.org/a",
                "GET /a HTTP/1.1\r\n\r\n",
            ),
            record("response", "https://example.org/a", &http),
            record("response", "https://example.org/b.png", img),
            record("response", "https://example.org/c", &http),
        ]
        .concat();
        let docs = read(warc.into_bytes());
        assert_eq!(docs.len(), 2);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            Some("2025-05-02")
        );
        assert!(a.text.contains("Bebauungsplan"));
        assert!(a
            .info
            .warnings
            .iter()
            .any(|w| w.starts_with("2 WARC record")));
        assert!(docs[1]
            .as_ref()
            .unwrap()
            .info
            .warnings
            .iter()
            .any(|w| w.starts_with("1 WARC")));
    }

    #[test]
    fn truncation_is_reported_not_fatal() {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{PAGE}");
        let warc = [
            record("response", "https://example.org/a", &http),
            record("response", "https://example.org/b", &http),
        ]
        .concat();
        let cut = &warc.as_bytes()[..warc.len() - 40];
        let docs = read(cut.to_vec());
        assert!(docs[0].is_ok());
        assert!(docs[1].as_ref().unwrap_err().message.contains("truncated"));
        let docs = read(b"garbage\r\n".to_vec());
        assert!(docs[0].as_ref().unwrap_err().message.contains("not a WARC"));
    }
}
