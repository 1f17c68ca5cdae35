//! Readers for annotated NER corpora: CoNLL-2003 (IOB1 or IOB2, space or tab
//! separated, label in the last column) and GermEval 2014 (NoSta-D TSV).
//! Labels come back in IOB2 over PER/ORG/LOC/MISC.

use std::io::BufRead;
use std::path::Path;

use super::model::{begin_of, inside_of, label_type};

/// One annotated sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    /// IOB2 label indices (see [`super::model::LABELS`]).
    pub labels: Vec<u8>,
    /// Document number within the file (`-DOCSTART-` in CoNLL; every
    /// GermEval sentence is its own document).
    pub doc: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Whitespace-separated columns, label last, blank lines between sentences.
    Conll,
    /// GermEval 2014: `#` comment, then `index token outer inner` per line.
    GermEval,
    /// MobIE (CoNLL columns, DFKI types such as `B-organization-company`,
    /// `B-location-stop`, mapped by [`dfki_type`]); hashtags lose their `#`.
    Mobie,
    /// DFKI SmartData v1 JSON documents ([`read_smartdata`]).
    SmartData,
    /// LER legal (CoNLL columns, IOB2, fine legal types mapped by [`ler_type`]).
    Legal,
}

/// Map a corpus type name to our four types: GermEval `OTH` and the
/// `deriv`/`part` variants are MISC.
fn type_index(t: &str) -> Option<usize> {
    match t {
        "PER" => Some(0),
        "ORG" => Some(1),
        "LOC" => Some(2),
        "MISC" | "OTH" => Some(3),
        _ if t.ends_with("deriv") || t.ends_with("part") => Some(3),
        _ => None,
    }
}

/// The type of a German legal (LER) tag: persons, judges and lawyers are
/// persons; countries, cities, streets and landscapes places; organisations,
/// companies, institutions, courts and brands organisations; laws,
/// regulations, rulings and literature MISC.
fn ler_type(t: &str) -> Option<usize> {
    match t {
        "PER" | "RR" | "AN" => Some(0),
        "ORG" | "UN" | "INN" | "GRT" | "MRK" => Some(1),
        "LD" | "ST" | "STR" | "LDS" => Some(2),
        "GS" | "VO" | "EUN" | "VS" | "VT" | "RS" | "LIT" => Some(3),
        _ => None,
    }
}

/// Rewrite DFKI or LER tags (per token) as PER/ORG/LOC/MISC tags; DFKI types
/// are mapped per chunk because the mapping reads the chunk's text.
fn map_fine_tags(tokens: &[String], tags: &mut [String], format: Format) {
    let mut i = 0;
    while i < tags.len() {
        let Some((bio, ty)) = tags[i]
            .split_once('-')
            .map(|(a, b)| (a.to_string(), b.to_string()))
        else {
            tags[i] = "O".into();
            i += 1;
            continue;
        };
        let _ = bio;
        let mut j = i + 1;
        while j < tags.len()
            && tags[j]
                .split_once('-')
                .is_some_and(|(b, t)| b == "I" && t == ty)
        {
            j += 1;
        }
        let mapped = match format {
            Format::Legal => ler_type(&ty),
            _ => dfki_type(&ty, &tokens[i..j].join(" ")),
        };
        for (k, tag) in tags[i..j].iter_mut().enumerate() {
            *tag = match mapped {
                Some(t) => format!(
                    "{}-{}",
                    if k == 0 { "B" } else { "I" },
                    ["PER", "ORG", "LOC", "MISC"][t]
                ),
                None => "O".into(),
            };
        }
        i = j;
    }
}

/// Parse one raw tag into (is_begin, type); `O` and unknown tags are `None`.
fn parse_tag(tag: &str) -> Option<(bool, usize)> {
    let (bio, ty) = tag.split_once('-')?;
    let ty = type_index(ty)?;
    match bio {
        "B" => Some((true, ty)),
        "I" => Some((false, ty)),
        _ => None,
    }
}

/// Turn raw IOB1 or IOB2 tags into IOB2 label indices: an `I-X` that does not
/// continue an `X` chunk begins one (IOB1); a `B-X` always begins one.
pub fn normalise_tags(tags: &[&str]) -> Vec<u8> {
    let mut out = Vec::with_capacity(tags.len());
    let mut prev: u8 = 0;
    for t in tags {
        let l = match parse_tag(t) {
            None => 0,
            Some((true, ty)) => begin_of(ty),
            Some((false, ty)) => {
                if prev != 0 && label_type(prev) == Some(ty) {
                    inside_of(ty)
                } else {
                    begin_of(ty)
                }
            }
        };
        out.push(l);
        prev = l;
    }
    out
}

/// Whether a sentence is a Reuters dateline: a place and an ISO date
/// (`BRUSSELS 1996-08-22`), which the second sentence of every CoNLL-2003
/// English article is.
fn is_reuters_dateline(tokens: &[String]) -> bool {
    let iso_date = |t: &str| {
        let b = t.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    };
    (2..=8).contains(&tokens.len()) && tokens.last().is_some_and(|t| iso_date(t))
}

/// Documents of a CoNLL file whose `-DOCSTART-` lines were dropped (the
/// English files here): an article starts at the headline before each Reuters
/// dateline. Files with document marks, or without datelines, are left as
/// they are.
pub fn split_reuters_documents(sents: &mut [Sentence]) {
    if sents.iter().any(|s| s.doc != sents[0].doc) {
        return;
    }
    let mut doc = sents.first().map_or(0, |s| s.doc);
    let starts: Vec<bool> = (0..sents.len())
        .map(|k| k + 1 < sents.len() && k > 0 && is_reuters_dateline(&sents[k + 1].tokens))
        .collect();
    for (s, start) in sents.iter_mut().zip(starts) {
        if start {
            doc += 1;
        }
        s.doc = doc;
    }
}

pub fn read(path: &Path, format: Format) -> std::io::Result<Vec<Sentence>> {
    if format == Format::SmartData {
        return read_smartdata(path);
    }
    if format == Format::Conll {
        let mut sents = parse(std::io::BufReader::new(std::fs::File::open(path)?), format)?;
        split_reuters_documents(&mut sents);
        return Ok(sents);
    }
    let f = std::fs::File::open(path)?;
    let r = std::io::BufReader::new(f);
    parse(r, format)
}

pub fn parse(r: impl BufRead, format: Format) -> std::io::Result<Vec<Sentence>> {
    if format == Format::SmartData {
        return parse_smartdata(r);
    }
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut doc = 0;
    let flush =
        |tokens: &mut Vec<String>, tags: &mut Vec<String>, out: &mut Vec<Sentence>, doc: usize| {
            if !tokens.is_empty() {
                if matches!(format, Format::Mobie | Format::Legal) {
                    map_fine_tags(tokens, tags, format);
                }
                let t: Vec<&str> = tags.iter().map(String::as_str).collect();
                out.push(Sentence {
                    labels: normalise_tags(&t),
                    tokens: std::mem::take(tokens),
                    doc,
                });
                tags.clear();
            }
        };
    for line in r.lines() {
        let line = line?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            flush(&mut tokens, &mut tags, &mut out, doc);
            continue;
        }
        match format {
            Format::Conll | Format::Mobie | Format::Legal => {
                if line.starts_with("-DOCSTART-") {
                    flush(&mut tokens, &mut tags, &mut out, doc);
                    doc += 1;
                    continue;
                }
                let cols: Vec<&str> = if line.contains('\t') {
                    line.split('\t').collect()
                } else {
                    line.split(' ').filter(|c| !c.is_empty()).collect()
                };
                if cols.len() < 2 {
                    continue;
                }
                let tok = match format {
                    Format::Mobie if cols[0].len() > 1 => cols[0].trim_start_matches('#'),
                    _ => cols[0],
                };
                tokens.push(if tok.is_empty() { cols[0] } else { tok }.to_string());
                tags.push(cols[cols.len() - 1].to_string());
            }
            Format::GermEval | Format::SmartData => {
                if line.starts_with('#') {
                    flush(&mut tokens, &mut tags, &mut out, doc);
                    doc += 1;
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                if cols.len() < 3 {
                    continue;
                }
                tokens.push(cols[1].to_string());
                tags.push(cols[2].to_string());
            }
        }
    }
    flush(&mut tokens, &mut tags, &mut out, doc);
    Ok(out)
}

/// The entity type (PER, ORG, LOC, MISC index) of a DFKI SmartData or MobIE
/// mention type, or `None` for what the tagger does not mark: dates,
/// numbers, triggers, routes and road numbers ("A 3", "B 269", "S4": CoNLL and
/// GermEval leave them untagged), job titles. `text` is the mention's text.
fn dfki_type(ty: &str, text: &str) -> Option<usize> {
    let ty = ty.to_ascii_lowercase().replace('_', "-");
    let first = text.split_whitespace().next().unwrap_or("");
    if first.starts_with(char::is_lowercase) {
        // Lower-case mentions are agency names ("dpa") or nationality
        // adjectives ("türkischen", "türkische Polizei"); the other corpora
        // mark a lone adjective as MISC (GermEval `LOCderiv`) and leave the
        // phrase with a common noun untagged.
        let adjective = ["isch", "ische", "ischen", "ischer", "isches", "ischem"]
            .iter()
            .any(|e| first.ends_with(e));
        if adjective {
            return (!text.trim().contains(char::is_whitespace)).then_some(3);
        }
    }
    match ty.as_str() {
        "person" => Some(0),
        "organization" | "organization-company" => Some(1),
        "location" | "location-city" | "location-stop" => Some(2),
        "location-street" if !text.contains(|c: char| c.is_ascii_digit()) => Some(2),
        _ => None,
    }
}

/// Read DFKI SmartData v1 (`train.json.gz`, `test.json.gz`: concatenated JSON
/// documents with raw text and character-offset concept mentions). The text is
/// tokenized and split into sentences by the pipeline's own tokenizer and
/// splitter, with hyphenated compounds joined as at tagging time
/// ([`super::join_compounds`]), so the model learns from the units it will
/// see. Every document is its own `doc`.
pub fn read_smartdata(path: &Path) -> std::io::Result<Vec<Sentence>> {
    let f = std::fs::File::open(path)?;
    if path.extension().is_some_and(|e| e == "gz") {
        parse_smartdata(std::io::BufReader::new(flate2::read::GzDecoder::new(f)))
    } else {
        parse_smartdata(std::io::BufReader::new(f))
    }
}

/// [`read_smartdata`] from a reader of the uncompressed JSON.
pub fn parse_smartdata(r: impl BufRead) -> std::io::Result<Vec<Sentence>> {
    use crate::lang::Lang;
    use crate::schema::Span;
    use crate::text::{split_sentences, tokenize, TextIndex};
    let docs = serde_json::Deserializer::from_reader(r).into_iter::<serde_json::Value>();
    let mut out = Vec::new();
    for (doc, d) in docs.enumerate() {
        let d = d.map_err(std::io::Error::other)?;
        let Some(text) = d["text"]["string"].as_str() else {
            continue;
        };
        // Mention offsets count UTF-16 units (Java); ours count code points.
        let mut cp_of_utf16 = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.chars().enumerate() {
            for _ in 0..c.len_utf16() {
                cp_of_utf16.push(i);
            }
        }
        let n_cp = text.chars().count();
        cp_of_utf16.push(n_cp);
        let cp = |u: u64| cp_of_utf16.get(u as usize).copied().unwrap_or(n_cp);
        let ix = TextIndex::new(text);
        let mut mentions: Vec<(usize, usize, usize)> = Vec::new();
        if let Some(list) = d["conceptMentions"]["array"].as_array() {
            for m in list {
                let (Some(ty), Some(s), Some(e)) = (
                    m["type"].as_str(),
                    m["span"]["start"].as_u64(),
                    m["span"]["end"].as_u64(),
                ) else {
                    continue;
                };
                let (s, e) = (cp(s), cp(e));
                if s >= e {
                    continue;
                }
                if let Some(t) = dfki_type(ty, ix.slice(text, Span::new(s, e))) {
                    mentions.push((s, e, t));
                }
            }
        }
        // Outer mentions first; a nested or overlapping one is skipped below.
        mentions.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut line_start = 0;
        for line in text.split('\n') {
            let n = line.chars().count();
            let span = Span::new(line_start, line_start + n);
            line_start += n + 1;
            let toks = tokenize(text, &ix, span, Lang::De);
            for sent in split_sentences(text, &ix, &toks, Lang::De) {
                let first = toks.partition_point(|t| t.start < sent.start);
                let last = toks.partition_point(|t| t.end <= sent.end);
                if first >= last {
                    continue;
                }
                let units = super::join_compounds(
                    first,
                    last,
                    |i| [toks[i].start, toks[i].end],
                    |i| ix.slice(text, toks[i]),
                );
                let bounds: Vec<(usize, usize)> = units
                    .iter()
                    .map(|&(b, e)| (toks[b].start, toks[e - 1].end))
                    .collect();
                let mut labels = vec![0u8; units.len()];
                for &(ms, me, ty) in &mentions {
                    if me <= bounds[0].0 || ms >= bounds[bounds.len() - 1].1 {
                        continue;
                    }
                    let inside: Vec<usize> = (0..bounds.len())
                        .filter(|&k| bounds[k].0 < me && bounds[k].1 > ms)
                        .collect();
                    let (Some(&a), Some(&b)) = (inside.first(), inside.last()) else {
                        continue;
                    };
                    // A mention that cuts a unit ("US" of "US-Präsident") or
                    // overlaps one already labelled is not a name of its own.
                    if bounds[a].0 < ms || bounds[b].1 > me || labels[a..=b].iter().any(|&l| l != 0)
                    {
                        continue;
                    }
                    labels[a] = begin_of(ty);
                    for l in &mut labels[a + 1..=b] {
                        *l = inside_of(ty);
                    }
                }
                out.push(Sentence {
                    tokens: units
                        .iter()
                        .map(|&(b, e)| {
                            ix.slice(text, Span::new(toks[b].start, toks[e - 1].end))
                                .to_string()
                        })
                        .collect(),
                    labels,
                    doc,
                });
            }
        }
    }
    Ok(out)
}

/// Split sentences longer than `max` tokens after sentence-final punctuation
/// (ZEFYS has no sentence breaks).
pub fn split_long(sents: Vec<Sentence>, max: usize) -> Vec<Sentence> {
    let mut out = Vec::new();
    for s in sents {
        if s.tokens.len() <= max {
            out.push(s);
            continue;
        }
        let mut start = 0;
        for i in 0..s.tokens.len() {
            let end = matches!(s.tokens[i].as_str(), "." | "!" | "?") && s.labels[i] == 0;
            if (end && i + 1 - start >= 3) || i + 1 - start >= max || i + 1 == s.tokens.len() {
                let mut labels = s.labels[start..=i].to_vec();
                // A chunk cut in the middle must start with B-.
                if let Some(first) = labels.first_mut() {
                    if *first != 0 && *first % 2 == 0 {
                        *first -= 1;
                    }
                }
                out.push(Sentence {
                    tokens: s.tokens[start..=i].to_vec(),
                    labels,
                    doc: s.doc,
                });
                start = i + 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::model::LABELS;

    fn names(l: &[u8]) -> Vec<&'static str> {
        l.iter().map(|x| LABELS[*x as usize]).collect()
    }

    #[test]
    fn iob1_and_iob2() {
        let l = normalise_tags(&["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG"]);
        assert_eq!(
            names(&l),
            ["B-PER", "I-PER", "B-PER", "O", "B-LOC", "B-ORG"]
        );
        let l = normalise_tags(&["B-LOCderiv", "B-OTH", "I-OTH", "B-ORGpart", "X"]);
        assert_eq!(names(&l), ["B-MISC", "B-MISC", "I-MISC", "B-MISC", "O"]);
    }

    #[test]
    fn smartdata_mentions_become_unit_labels() {
        // Invented document: a person, a company, a road number (untagged),
        // a nationality adjective (MISC) and a mention cutting a compound.
        let text = "Anna Beispiel von der Muster AG fuhr auf der A 7.\nDie türkischen Gäste lobten die US-Politik.";
        let m = |s: usize, e: usize, ty: &str| {
            format!(r#"{{"type":"{ty}","span":{{"start":{s},"end":{e}}}}}"#)
        };
        let doc = format!(
            r#"{{"text":{{"string":{}}},"conceptMentions":{{"array":[{},{},{},{},{}]}}}}"#,
            serde_json::to_string(text).unwrap(),
            m(0, 13, "person"),
            m(22, 31, "organization-company"),
            m(45, 48, "location-street"),
            m(54, 64, "location"),
            m(82, 84, "location"),
        );
        let s = parse_smartdata(doc.as_bytes()).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens[0..2], ["Anna", "Beispiel"]);
        assert_eq!(
            names(&s[0].labels),
            ["B-PER", "I-PER", "O", "O", "B-ORG", "I-ORG", "O", "O", "O", "O", "O", "O"]
        );
        assert_eq!(s[1].tokens[5], "US-Politik");
        assert_eq!(
            names(&s[1].labels),
            ["O", "B-MISC", "O", "O", "O", "O", "O"]
        );
    }

    #[test]
    fn fine_types_map_per_chunk() {
        let mobie = "#Bahn\tNE\tI-NE\tB-organization-company\nB\tXY\tI-XY\tB-location-street\n3\tCARD\tI-CA\tI-location-street\nin\tAPPR\tI-AP\tO\nGöttingen\tNE\tI-NE\tB-location-city\n";
        let s = parse(mobie.as_bytes(), Format::Mobie).unwrap();
        assert_eq!(s[0].tokens[0], "Bahn");
        assert_eq!(names(&s[0].labels), ["B-ORG", "O", "O", "O", "B-LOC"]);
        let ler = "Das O\nLandgericht B-GRT\nKöln I-GRT\nnach O\n§ B-GS\n5 I-GS\n";
        let s = parse(ler.as_bytes(), Format::Legal).unwrap();
        assert_eq!(
            names(&s[0].labels),
            ["O", "B-ORG", "I-ORG", "O", "B-MISC", "I-MISC"]
        );
    }

    #[test]
    fn reads_both_formats() {
        let conll = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP I-PER\n";
        let s = parse(conll.as_bytes(), Format::Conll).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, ["EU", "rejects"]);
        assert_eq!(names(&s[0].labels), ["B-ORG", "O"]);
        let ge = "#\tsource\n1\tJesu\tB-PER\tO\n2\t.\tO\tO\n\n";
        let s = parse(ge.as_bytes(), Format::GermEval).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(names(&s[0].labels), ["B-PER", "O"]);
    }

    #[test]
    fn reuters_articles_start_at_the_headline_before_the_dateline() {
        let text = "Talks stall .\nOSLO 1997-01-02\nTalk went on .\nIt rained .\n\
                    Rain ends .\nBERGEN 1997-01-03\nSun .\n";
        let conll: String = text
            .split('\n')
            .filter(|l| !l.is_empty())
            .map(|l| {
                let toks: Vec<String> = l.split(' ').map(|t| format!("{t} O\n")).collect();
                format!("{}\n", toks.concat())
            })
            .collect();
        let mut s = parse(conll.as_bytes(), Format::Conll).unwrap();
        split_reuters_documents(&mut s);
        let docs: Vec<usize> = s.iter().map(|x| x.doc).collect();
        assert_eq!(docs, vec![0, 0, 0, 0, 1, 1, 1]);
    }
}
