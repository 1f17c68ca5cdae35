//! Time expressions against WikiWarsDE (TIMEX2 gold, inline key files).
//!
//! Scores as HeidelTime's papers report them: strict (exact extent) and
//! relaxed (overlapping extent) precision/recall/F1, value accuracy (share of
//! relaxed matches with the gold `val`) and value P/R/F1 (relaxed match *and*
//! correct value, TempEval-3 style). Only the TEXT part is scored; the
//! document date (DATETIME) is read as the publication date.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::lang::Lang;
use crate::schema::TimeExpr;
use crate::time::{TimeAnchor, TimeTagger};

/// One gold TIMEX2 in the plain text (code-point offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub val: Option<String>,
    pub modifier: Option<String>,
}

/// A key document: plain text, document date and gold expressions.
#[derive(Debug, Clone)]
pub struct KeyDoc {
    pub id: String,
    pub dct: Option<NaiveDate>,
    pub text: String,
    pub gold: Vec<GoldTimex>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let pat = format!(" {name}=\"");
    let i = lower.find(&pat)? + pat.len();
    let j = tag[i..].find('"')? + i;
    Some(tag[i..j].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parse one inline key file (`keyinline/*.key.xml`).
pub fn parse_inline_key(id: &str, src: &str) -> KeyDoc {
    let dct = src.find("<DATETIME>").and_then(|i| {
        let rest = &src[i..];
        let end = rest.find("</DATETIME>").unwrap_or(rest.len());
        let seg = &rest[..end];
        let plain: String = strip_tags(seg);
        let t = plain.trim();
        NaiveDate::parse_from_str(t.get(..10).unwrap_or(t), "%Y-%m-%d").ok()
    });
    let body = match (src.find("<TEXT>"), src.find("</TEXT>")) {
        (Some(a), Some(b)) if b > a => &src[a + 6..b],
        _ => src,
    };
    let mut text = String::new();
    let mut chars = 0usize;
    let mut gold = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        let chunk = unescape(&rest[..lt]);
        chars += chunk.chars().count();
        text.push_str(&chunk);
        let Some(gt) = rest[lt..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[lt..lt + gt + 1];
        let lower = tag.to_ascii_lowercase();
        if lower.starts_with("<timex2") {
            stack.push((chars, tag.to_string()));
        } else if lower.starts_with("</timex2") {
            if let Some((s, open)) = stack.pop() {
                let t: String = text.chars().skip(s).take(chars - s).collect();
                gold.push(GoldTimex {
                    start: s,
                    end: chars,
                    text: t,
                    val: attr(&open, "val").filter(|v| !v.is_empty()),
                    modifier: attr(&open, "mod").filter(|v| !v.is_empty()),
                });
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    let tail = unescape(rest);
    text.push_str(&tail);
    gold.sort_by_key(|g| (g.start, g.end));
    KeyDoc {
        id: id.to_string(),
        dct,
        text,
        gold,
    }
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Find the `keyinline` folder under `dir` (the corpus folder or its parent).
pub fn find_key_dir(dir: &Path) -> Option<PathBuf> {
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((d, depth)) = stack.pop() {
        if d.file_name().is_some_and(|n| n == "keyinline") {
            return Some(d);
        }
        if depth < 3 {
            if let Ok(rd) = std::fs::read_dir(&d) {
                for e in rd.flatten() {
                    if e.path().is_dir() {
                        stack.push((e.path(), depth + 1));
                    }
                }
            }
        }
    }
    None
}

/// Read every key document under `dir`.
pub fn load_wikiwarsde(dir: &Path) -> std::io::Result<Vec<KeyDoc>> {
    let key = find_key_dir(dir).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no keyinline/ folder under {}", dir.display()),
        )
    })?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&key)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f)?;
        let src = String::from_utf8_lossy(&bytes);
        let id = f
            .file_name()
            .and_then(|n| n.to_str())
            .map(|n| n.split('.').next().unwrap_or(n).to_string())
            .unwrap_or_default();
        docs.push(parse_inline_key(&id, &src));
    }
    Ok(docs)
}

/// Counts that the scores are computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    pub strict: usize,
    pub relaxed: usize,
    /// Relaxed matches whose value equals the gold value.
    pub value: usize,
    /// Strict matches whose value equals the gold value.
    pub strict_value: usize,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.system += o.system;
        self.strict += o.strict;
        self.relaxed += o.relaxed;
        self.value += o.value;
        self.strict_value += o.strict_value;
    }
}

/// Precision, recall, F1.
pub fn prf(hit: usize, sys: usize, gold: usize) -> (f64, f64, f64) {
    let p = if sys == 0 {
        0.0
    } else {
        hit as f64 / sys as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        hit as f64 / gold as f64
    };
    (p, r, super::f1(p, r))
}

fn norm_value(v: &str) -> String {
    v.trim().to_ascii_uppercase()
}

/// One scored pair or a miss, for error listings.
#[derive(Debug, Clone)]
pub enum Outcome {
    Correct(GoldTimex, TimeExpr),
    WrongValue(GoldTimex, TimeExpr),
    Missed(GoldTimex),
    Spurious(TimeExpr),
}

/// Score system output against gold for one document.
pub fn score(gold: &[GoldTimex], sys: &[TimeExpr]) -> (Counts, Vec<Outcome>) {
    let mut c = Counts {
        gold: gold.len(),
        system: sys.len(),
        ..Counts::default()
    };
    let mut used = vec![false; sys.len()];
    let mut out = Vec::new();
    for g in gold {
        // Prefer an exact match, else the first overlapping unused expression.
        let exact = sys
            .iter()
            .enumerate()
            .position(|(k, s)| !used[k] && s.start == g.start && s.end == g.end);
        let k = exact.or_else(|| {
            sys.iter()
                .enumerate()
                .position(|(k, s)| !used[k] && s.start < g.end && g.start < s.end)
        });
        match k {
            Some(k) => {
                used[k] = true;
                let s = &sys[k];
                c.relaxed += 1;
                let strict = s.start == g.start && s.end == g.end;
                if strict {
                    c.strict += 1;
                }
                let same = match (&g.val, &s.value) {
                    (Some(a), Some(b)) => norm_value(a) == norm_value(b),
                    (None, None) => true,
                    _ => false,
                };
                if same {
                    c.value += 1;
                    if strict {
                        c.strict_value += 1;
                    }
                    out.push(Outcome::Correct(g.clone(), s.clone()));
                } else {
                    out.push(Outcome::WrongValue(g.clone(), s.clone()));
                }
            }
            None => out.push(Outcome::Missed(g.clone())),
        }
    }
    for (k, s) in sys.iter().enumerate() {
        if !used[k] {
            out.push(Outcome::Spurious(s.clone()));
        }
    }
    (c, out)
}

/// Tag and score every document.
pub fn evaluate(
    tagger: &TimeTagger,
    docs: &[KeyDoc],
    anchor: Option<TimeAnchor>,
) -> (Counts, Vec<(String, Counts, Vec<Outcome>)>) {
    let mut total = Counts::default();
    let mut per = Vec::new();
    for d in docs {
        let sys = tagger.tag_text(&d.text, Lang::De, d.dct, anchor);
        let (c, outcomes) = score(&d.gold, &sys);
        total.add(&c);
        per.push((d.id.clone(), c, outcomes));
    }
    (total, per)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_inline_key() {
        let src = "<DOC><DATETIME> <TIMEX2 val=\"2011-02-16T17:00:00\">2011-02-16T17:00:00</TIMEX2> </DATETIME>\n<TEXT>\nAm <TIMEX2 val=\"2003-02-21\">21. Februar 2003</TIMEX2> &amp; <TIMEX2 val=\"2002\" mod=\"END\">Ende 2002</TIMEX2>.\n</TEXT></DOC>";
        let d = parse_inline_key("x", src);
        assert_eq!(d.dct, NaiveDate::from_ymd_opt(2011, 2, 16));
        assert_eq!(d.gold.len(), 2);
        assert_eq!(d.gold[0].text, "21. Februar 2003");
        assert_eq!(&d.text[..4], "\nAm ");
        assert_eq!(d.gold[1].modifier.as_deref(), Some("END"));
        assert!(d.text.contains(" & "));
    }

    #[test]
    fn scoring() {
        let g = |s, e, v: &str| GoldTimex {
            start: s,
            end: e,
            text: String::new(),
            val: Some(v.into()),
            modifier: None,
        };
        let t = |s, e, v: &str| TimeExpr {
            start: s,
            end: e,
            text: String::new(),
            kind: "DATE".into(),
            value: Some(v.into()),
            modifier: None,
        };
        let gold = [g(0, 5, "2003"), g(10, 15, "2004"), g(20, 25, "2005")];
        let sys = [t(0, 5, "2003"), t(9, 15, "2000"), t(30, 35, "1999")];
        let (c, _) = score(&gold, &sys);
        assert_eq!(
            (c.strict, c.relaxed, c.value, c.system, c.gold),
            (1, 2, 1, 3, 3)
        );
        let (p, r, f) = prf(c.relaxed, c.system, c.gold);
        assert!((p - 2.0 / 3.0).abs() < 1e-9 && (r - p).abs() < 1e-9 && (f - p).abs() < 1e-9);
    }

    /// The real corpus, when it is there (a note otherwise).
    #[test]
    fn wikiwarsde_when_present() {
        let Some(dir) = depesche_testdata::shared("data/wikiwarsde") else {
            return;
        };
        let docs = load_wikiwarsde(&dir).unwrap();
        let (c, _) = evaluate(&TimeTagger::new(), &docs, None);
        let (_, _, f) = prf(c.relaxed, c.system, c.gold);
        assert!(c.gold > 1000, "gold read: {}", c.gold);
        // Loose floor for the dev profile test; `depesche eval timex` prints the figures.
        assert!(f > 0.8, "relaxed F1 {f:.3}");
    }
}
