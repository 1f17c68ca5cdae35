//! CSV input. The 10kGNAD corpus (`label;'text'`, `'` quoting, `''` escapes,
//! no header) is the model case; a file with a header row naming a `text`
//! column is read by column name instead.

use serde_json::{Map, Value};

use super::{normalize, Document, ReadError, ReadResult};
use crate::schema::InputInfo;

/// Split one CSV text into records. `quote` doubles to escape itself.
///
/// Works on bytes: the delimiter, the quote and the line end are ASCII, so
/// cutting at them never splits a UTF-8 sequence, and the runs between them
/// are copied whole instead of char by char.
fn records(text: &str, delim: char, quote: char) -> Vec<(usize, Result<Vec<String>, String>)> {
    debug_assert!(delim.is_ascii() && quote.is_ascii());
    let (d, q) = (delim as u8, quote as u8);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut line = 1usize;
    let mut record_line = 1usize;
    let mut i = 0;
    while i < bytes.len() {
        if in_quotes {
            // Copy up to the next quote, counting the line ends inside.
            let run_end = bytes[i..]
                .iter()
                .position(|&b| b == q)
                .map_or(bytes.len(), |k| i + k);
            line += bytes[i..run_end].iter().filter(|&&b| b == b'\n').count();
            field.push_str(&text[i..run_end]);
            i = run_end;
            if i >= bytes.len() {
                break;
            }
            // At a quote: doubled is an escaped quote, single ends the field.
            if bytes.get(i + 1) == Some(&q) {
                field.push(quote);
                i += 2;
            } else {
                in_quotes = false;
                i += 1;
            }
            continue;
        }
        let b = bytes[i];
        if b == q && at_field_start {
            in_quotes = true;
            at_field_start = false;
            i += 1;
        } else if b == d {
            fields.push(std::mem::take(&mut field));
            at_field_start = true;
            i += 1;
        } else if b == b'\n' {
            fields.push(std::mem::take(&mut field));
            if !(fields.len() == 1 && fields[0].is_empty()) {
                out.push((record_line, Ok(std::mem::take(&mut fields))));
            }
            fields.clear();
            at_field_start = true;
            line += 1;
            record_line = line;
            i += 1;
        } else {
            // An unquoted run up to the next delimiter or line end.
            let run_end = bytes[i..]
                .iter()
                .position(|&x| x == d || x == b'\n')
                .map_or(bytes.len(), |k| i + k);
            field.push_str(&text[i..run_end]);
            at_field_start = false;
            i = run_end;
        }
    }
    if in_quotes {
        out.push((
            record_line,
            Err("unterminated quoted field at end of file".to_string()),
        ));
    } else if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        out.push((record_line, Ok(fields)));
    }
    out
}

/// Guess the delimiter and quote character: the dialect under which the first
/// records have the most consistent field count (at least two fields).
fn dialect(text: &str) -> (char, char) {
    let mut cut = text.len().min(64 * 1024);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = match text[..cut].rfind('\n') {
        Some(i) if cut < text.len() => &text[..i + 1],
        _ => &text[..cut],
    };
    const CANDIDATES: &[(char, char)] = &[
        (';', '\''),
        (';', '"'),
        (',', '"'),
        ('\t', '"'),
        (',', '\''),
        ('\t', '\''),
    ];
    let mut best = (',', '"');
    let mut best_score = 0.0f64;
    for &(d, q) in CANDIDATES {
        let counts: Vec<usize> = records(head, d, q)
            .into_iter()
            .filter_map(|(_, r)| r.ok().map(|f| f.len()))
            .take(50)
            .collect();
        if counts.is_empty() {
            continue;
        }
        let mut freq = std::collections::HashMap::new();
        for c in &counts {
            *freq.entry(*c).or_insert(0usize) += 1;
        }
        let (&mode, &hits) = freq
            .iter()
            .max_by_key(|(k, v)| (**v, std::cmp::Reverse(**k)))
            .unwrap();
        if mode < 2 {
            continue;
        }
        let score = hits as f64 / counts.len() as f64;
        if score > best_score + 1e-9 {
            best_score = score;
            best = (d, q);
        }
    }
    best
}

/// Read articles from CSV text. Returns one result per record.
pub fn read_csv(origin: &str, text: &str) -> Vec<ReadResult> {
    let (delim, quote) = dialect(text);
    let recs = records(text, delim, quote);
    let header: Option<Vec<String>> =
        recs.first()
            .and_then(|(_, r)| r.as_ref().ok())
            .and_then(|f| {
                let lower: Vec<String> = f.iter().map(|s| s.trim().to_ascii_lowercase()).collect();
                lower.iter().any(|h| h == "text").then_some(lower)
            });
    let skip = usize::from(header.is_some());
    recs.into_iter()
        .skip(skip)
        .enumerate()
        .map(|(n, (line, rec))| {
            let at = format!("{origin}:{line}");
            let fields = rec.map_err(|e| ReadError::new(&at, e))?;
            let mut extra = Map::new();
            let mut doc = Document {
                id: format!("{origin}#{}", n + 1),
                url: None,
                source: None,
                title: None,
                text: String::new(),
                published: None,
                lang: None,
                info: InputInfo {
                    format: "csv".into(),
                    encoding: "UTF-8".into(),
                    warnings: Vec::new(),
                },
                extra: Map::new(),
                blocks: Vec::new(),
            };
            match &header {
                Some(h) => {
                    for (name, value) in h.iter().zip(fields) {
                        match name.as_str() {
                            "text" => doc.text = normalize(&value),
                            "id" => doc.id = value,
                            "url" => doc.url = Some(value),
                            "source" => doc.source = Some(value),
                            "title" => doc.title = Some(normalize(&value)),
                            "lang" => doc.lang = Some(value),
                            "published" | "date" => doc.published = super::parse_date(&value),
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
                            doc.text = normalize(&value);
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
        })
        .collect()
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
}
