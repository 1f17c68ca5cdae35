//! Structure test cases: hand-written articles whose lines carry their
//! expected block kind (format in `tests/structure_cases/README.md`).

use std::collections::BTreeMap;
use std::path::Path;

use super::Prf;
use crate::lang::Lang;
use crate::schema::{BlockKind, Credit};
use crate::structure;
use crate::text::TextIndex;

/// One case: the article text, the expected blocks (kind, text) and credit.
#[derive(Debug, Clone)]
pub struct StructureCase {
    pub name: String,
    pub lang: Lang,
    pub text: String,
    pub blocks: Vec<(BlockKind, String)>,
    pub credit: Credit,
}

fn kind_of_tag(tag: &str) -> Option<BlockKind> {
    Some(match tag {
        "T" => BlockKind::Title,
        "L" => BlockKind::Teaser,
        "S" => BlockKind::Subheading,
        "P" => BlockKind::Paragraph,
        "F" => BlockKind::Furniture,
        "C" => BlockKind::Caption,
        "R" => BlockKind::Credit,
        _ => return None,
    })
}

fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Parse one case file.
pub fn parse_case(name: &str, src: &str) -> Result<StructureCase, String> {
    let mut case = StructureCase {
        name: name.to_string(),
        lang: Lang::De,
        text: String::new(),
        blocks: Vec::new(),
        credit: Credit::default(),
    };
    let mut lines_out: Vec<String> = Vec::new();
    for (i, line) in src.lines().enumerate() {
        if let Some(h) = line.strip_prefix("# ") {
            if let Some(l) = h.strip_prefix("lang:") {
                case.lang = Lang::from_code(l);
            } else if let Some(c) = h.strip_prefix("credit:") {
                for field in c.split('|') {
                    let (k, v) = field
                        .split_once('=')
                        .ok_or(format!("line {}: bad credit header", i + 1))?;
                    match k.trim() {
                        "agencies" => case.credit.agencies = list(v),
                        "authors" => case.credit.authors = list(v),
                        "editors" => case.credit.editors = list(v),
                        "dateline" => {
                            case.credit.dateline =
                                Some(v.trim().to_string()).filter(|d| !d.is_empty())
                        }
                        other => {
                            return Err(format!("line {}: unknown credit field {other}", i + 1))
                        }
                    }
                }
            }
            continue;
        }
        if line.trim().is_empty() {
            lines_out.push(String::new());
            continue;
        }
        let mut parts = Vec::new();
        for piece in line.split(" || ") {
            let (tag, rest) = piece
                .split_once("| ")
                .ok_or(format!("line {}: missing kind tag", i + 1))?;
            let kind =
                kind_of_tag(tag.trim()).ok_or(format!("line {}: unknown tag {tag}", i + 1))?;
            case.blocks.push((kind, rest.to_string()));
            parts.push(rest.to_string());
        }
        lines_out.push(parts.join(" "));
    }
    case.text = lines_out.join("\n");
    Ok(case)
}

/// Read every `*.txt` case in a directory, sorted by name.
pub fn load_cases(dir: &Path) -> Result<Vec<StructureCase>, String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let src = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let name = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            parse_case(&name, &src).map_err(|e| format!("{name}: {e}"))
        })
        .collect()
}

/// Scores over a set of cases.
#[derive(Debug, Default)]
pub struct StructureScores {
    pub cases: usize,
    /// Cases with every block and the credit right.
    pub cases_exact: usize,
    /// Blocks (exact span and kind) per kind.
    pub per_kind: BTreeMap<&'static str, Prf>,
    pub blocks: Prf,
    pub credits_exact: usize,
    /// Human-readable differences per case.
    pub failures: Vec<String>,
}

fn norm(v: &[String]) -> Vec<String> {
    let mut v: Vec<String> = v.to_vec();
    v.sort();
    v
}

/// Run the structure stage on every case and compare.
pub fn evaluate(cases: &[StructureCase]) -> StructureScores {
    let mut s = StructureScores::default();
    for case in cases {
        s.cases += 1;
        let ix = TextIndex::new(&case.text);
        let got = structure::analyze(&case.text, &ix, case.lang);
        let got_blocks: Vec<(BlockKind, String)> = got
            .blocks
            .iter()
            .map(|b| {
                (
                    b.kind,
                    ix.slice(&case.text, crate::schema::Span::new(b.start, b.end))
                        .to_string(),
                )
            })
            .collect();
        let mut diffs = Vec::new();
        let mut unmatched: Vec<bool> = vec![true; got_blocks.len()];
        for (kind, text) in &case.blocks {
            let hit = got_blocks
                .iter()
                .enumerate()
                .position(|(i, g)| unmatched[i] && g.0 == *kind && g.1 == *text);
            let e = s.per_kind.entry(kind.as_str()).or_default();
            match hit {
                Some(i) => {
                    unmatched[i] = false;
                    e.tp += 1;
                    s.blocks.tp += 1;
                }
                None => {
                    e.fn_ += 1;
                    s.blocks.fn_ += 1;
                    let got_kind = got_blocks
                        .iter()
                        .find(|g| g.1 == *text)
                        .map(|g| g.0.as_str())
                        .unwrap_or("(other span)");
                    diffs.push(format!(
                        "  expected {:<10} got {:<12} {}",
                        kind.as_str(),
                        got_kind,
                        clip(text)
                    ));
                }
            }
        }
        for (i, g) in got_blocks.iter().enumerate() {
            if unmatched[i] {
                s.per_kind.entry(g.0.as_str()).or_default().fp += 1;
                s.blocks.fp += 1;
            }
        }
        let c = &got.credit;
        let credit_ok = norm(&c.agencies) == norm(&case.credit.agencies)
            && norm(&c.authors) == norm(&case.credit.authors)
            && norm(&c.editors) == norm(&case.credit.editors)
            && c.dateline == case.credit.dateline;
        if credit_ok {
            s.credits_exact += 1;
        } else {
            diffs.push(format!(
                "  credit expected {:?}\n         got      {:?}",
                case.credit, c
            ));
        }
        if diffs.is_empty() {
            s.cases_exact += 1;
        } else {
            s.failures
                .push(format!("{}:\n{}", case.name, diffs.join("\n")));
        }
    }
    s
}

fn clip(t: &str) -> String {
    let c: String = t.chars().take(70).collect();
    if c.len() < t.len() {
        format!("{c}…")
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_case_format() {
        let c = parse_case(
            "x",
            "# lang: en\n# credit: agencies=AFP | authors= | editors=jW | dateline=PARIS\nT| Title\n\nR| PARIS (AFP) - || P| Text here. || R| (AFP/jW)\n",
        )
        .unwrap();
        assert_eq!(c.lang, Lang::En);
        assert_eq!(c.text, "Title\n\nPARIS (AFP) - Text here. (AFP/jW)");
        assert_eq!(c.blocks.len(), 4);
        assert_eq!(c.credit.dateline.as_deref(), Some("PARIS"));
        assert!(parse_case("y", "X| what").is_err());
    }
}
