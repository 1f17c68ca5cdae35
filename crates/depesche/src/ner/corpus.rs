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

pub fn read(path: &Path, format: Format) -> std::io::Result<Vec<Sentence>> {
    let f = std::fs::File::open(path)?;
    let r = std::io::BufReader::new(f);
    parse(r, format)
}

pub fn parse(r: impl BufRead, format: Format) -> std::io::Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut doc = 0;
    let flush =
        |tokens: &mut Vec<String>, tags: &mut Vec<String>, out: &mut Vec<Sentence>, doc: usize| {
            if !tokens.is_empty() {
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
            Format::Conll => {
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
                tokens.push(cols[0].to_string());
                tags.push(cols[cols.len() - 1].to_string());
            }
            Format::GermEval => {
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
}
