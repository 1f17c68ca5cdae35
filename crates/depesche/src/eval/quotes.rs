//! Evaluation of the quote layer: the project's own annotated cases (JSONL)
//! and the Redewiedergabe corpus (token-level TSV). See `docs/quotes.md`.
//!
//! Own cases — one JSON object a line:
//! `{"id": "de-01", "lang": "de", "text": "…", "quotes": [{"text": "…", "kind": "direct", "speaker": "Marco Rubio"}]}`
//! A gold quote's `text` is an exact substring of `text` (the n-th gold quote
//! with the same text takes the n-th occurrence); `speaker` is a name or `null`.
//!
//! Matching: a predicted quote matches a gold quote of the same kind when their
//! code-point spans overlap with intersection-over-union ≥ 0.8 (direct) or
//! ≥ 0.5 (indirect; clause boundaries of reported speech are less sharp).
//! Greedy one-to-one, best overlap first.
//!
//! Speaker accuracy, over matched pairs: the predicted name is the entity's
//! canonical name when the speaker is an entity id, else the speaker text.
//! Both are lowercased, leading articles ("der", "das", "the", …) dropped and
//! whitespace collapsed; the speaker is correct when the gold name equals the
//! predicted name or is a part of it ("rubio" in "marco rubio",
//! "außenministerium in moskau" in "das außenministerium in moskau"), or when
//! both are null.

use serde::Deserialize;

use crate::lang::Lang;
use crate::quotes::QuoteFinder;
use crate::schema::{Analysis, Span};
use crate::text::TextIndex;

/// One annotated case.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldCase {
    pub id: String,
    pub lang: String,
    pub text: String,
    pub quotes: Vec<GoldQuote>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    pub text: String,
    pub kind: String,
    pub speaker: Option<String>,
}

/// Read JSONL cases; blank lines and lines starting with `//` are skipped.
pub fn load_cases(src: &str) -> Result<Vec<GoldCase>, String> {
    let mut out = Vec::new();
    for (n, line) in src.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let case: GoldCase =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        out.push(case);
    }
    Ok(out)
}

/// True/false positives and negatives: the shared evaluation counts.
pub use super::Prf as Counts;

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Results on the own cases (one language or all).
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub cases: usize,
    pub direct: Counts,
    pub indirect: Counts,
    pub speaker_correct: usize,
    pub speaker_total: usize,
    /// Human-readable mismatches (for `--verbose`).
    pub errors: Vec<String>,
}

impl Report {
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_correct, self.speaker_total)
    }
    fn add(&mut self, o: &Report) {
        self.cases += o.cases;
        self.direct.add(o.direct);
        self.indirect.add(o.indirect);
        self.speaker_correct += o.speaker_correct;
        self.speaker_total += o.speaker_total;
        self.errors.extend(o.errors.iter().cloned());
    }
}

fn iou(a: Span, b: Span) -> f64 {
    let inter = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let union = a.end.max(b.end) - a.start.min(b.start);
    ratio(inter, union)
}

fn normalize_name(s: &str) -> String {
    const ARTICLES: &[&str] = &[
        "der", "die", "das", "den", "dem", "des", "the", "a", "an", "ein", "eine",
    ];
    let lower = s.to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    while words.len() > 1 && ARTICLES.contains(&words[0]) {
        words.remove(0);
    }
    words.join(" ")
}

/// The speaker rule documented at the top of this module.
pub fn speaker_matches(pred: Option<&str>, gold: Option<&str>) -> bool {
    match (pred, gold) {
        (None, None) => true,
        (Some(p), Some(g)) => {
            let (p, g) = (normalize_name(p), normalize_name(g));
            !g.is_empty() && (p == g || p.contains(&g))
        }
        _ => false,
    }
}

/// The speaker's name: an entity's canonical name, else the text as given.
pub fn speaker_name<'a>(a: &'a Analysis, speaker: Option<&'a str>) -> Option<&'a str> {
    let s = speaker?;
    Some(
        a.entities
            .iter()
            .find(|e| e.id == s)
            .map_or(s, |e| e.name.as_str()),
    )
}

/// Locate gold quotes in the text: code-point spans (None when not found).
fn gold_spans(case: &GoldCase, ix: &TextIndex, text: &str) -> Vec<Option<Span>> {
    let mut used: Vec<(String, usize)> = Vec::new();
    case.quotes
        .iter()
        .map(|q| {
            if q.text.is_empty() {
                return None;
            }
            let skip = used.iter().filter(|(t, _)| *t == q.text).count();
            let mut from = 0;
            let mut hit = None;
            for _ in 0..=skip {
                let b = text[from..].find(&q.text)? + from;
                hit = Some(b);
                from = b + q.text.len().max(1);
            }
            used.push((q.text.clone(), 0));
            let b = hit?;
            Some(ix.span_of_bytes(b, b + q.text.len()))
        })
        .collect()
}

/// Score one analysed case against its gold quotes.
pub fn score_case(case: &GoldCase, a: &Analysis) -> Report {
    let ix = TextIndex::new(&a.text);
    let spans = gold_spans(case, &ix, &a.text);
    let mut r = Report {
        cases: 1,
        ..Report::default()
    };
    for (gi, (g, sp)) in case.quotes.iter().zip(&spans).enumerate() {
        if sp.is_none() {
            r.errors.push(format!(
                "{}: gold quote {gi} not found in text: {:?}",
                case.id, g.text
            ));
        }
    }
    for kind in ["direct", "indirect"] {
        let golds: Vec<(usize, Span)> = case
            .quotes
            .iter()
            .zip(&spans)
            .enumerate()
            .filter(|(_, (g, s))| g.kind == kind && s.is_some())
            .map(|(i, (_, s))| (i, s.expect("filtered")))
            .collect();
        let preds: Vec<usize> = (0..a.quotes.len())
            .filter(|&i| a.quotes[i].kind == kind)
            .collect();
        let threshold = if kind == "direct" { 0.8 } else { 0.5 };
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for &(gi, gs) in &golds {
            for &pi in &preds {
                let q = &a.quotes[pi];
                let o = iou(gs, Span::new(q.start, q.end));
                if o >= threshold {
                    pairs.push((o, gi, pi));
                }
            }
        }
        pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
        let mut g_done = vec![false; case.quotes.len()];
        let mut p_done = vec![false; a.quotes.len()];
        let mut c = Counts::default();
        for (_, gi, pi) in pairs {
            if g_done[gi] || p_done[pi] {
                continue;
            }
            g_done[gi] = true;
            p_done[pi] = true;
            c.tp += 1;
            let g = &case.quotes[gi];
            let pred = speaker_name(a, a.quotes[pi].speaker.as_deref());
            r.speaker_total += 1;
            if speaker_matches(pred, g.speaker.as_deref()) {
                r.speaker_correct += 1;
            } else {
                r.errors.push(format!(
                    "{}: speaker of {kind} {:?}: got {:?}, gold {:?}",
                    case.id, g.text, pred, g.speaker
                ));
            }
        }
        for &(gi, _) in &golds {
            if !g_done[gi] {
                c.fn_ += 1;
                r.errors.push(format!(
                    "{}: missed {kind} {:?}",
                    case.id, case.quotes[gi].text
                ));
            }
        }
        for &pi in &preds {
            if !p_done[pi] {
                c.fp += 1;
                let q = &a.quotes[pi];
                r.errors.push(format!(
                    "{}: spurious {kind} {:?} (speaker {:?}, cue {:?})",
                    case.id, q.text, q.speaker, q.cue
                ));
            }
        }
        if kind == "direct" {
            r.direct = c;
        } else {
            r.indirect = c;
        }
    }
    r
}

/// Reports per language (`de`, `en`) and over all cases.
pub fn score_all(cases: &[GoldCase], analyses: &[Analysis]) -> Vec<(String, Report)> {
    let mut by_lang: Vec<(String, Report)> = Vec::new();
    let mut all = Report::default();
    for (case, a) in cases.iter().zip(analyses) {
        let r = score_case(case, a);
        all.add(&r);
        match by_lang.iter_mut().find(|(l, _)| *l == case.lang) {
            Some((_, acc)) => acc.add(&r),
            None => by_lang.push((case.lang.clone(), r)),
        }
    }
    by_lang.sort_by(|a, b| a.0.cmp(&b.0));
    by_lang.push(("all".to_string(), all));
    by_lang
}

// ---------------------------------------------------------------------------
// Redewiedergabe (TSV: tok normtok lemma pos rfpos sentstart stwr frame speaker …)

/// One Redewiedergabe sample rebuilt as text, with gold labels per token.
#[derive(Debug, Clone, Default)]
pub struct RwDoc {
    pub name: String,
    pub text: String,
    /// Code-point span of each token in `text`.
    pub spans: Vec<Span>,
    pub direct: Vec<bool>,
    pub indirect: Vec<bool>,
    /// Direct-speech instances: (instance id, token indices).
    pub instances: Vec<(String, Vec<usize>)>,
    /// Speaker tokens per instance id.
    pub speakers: Vec<(String, Vec<usize>)>,
}

fn instance_ids(field: &str, prefix: &str) -> Vec<String> {
    field
        .split('|')
        .filter_map(|l| l.strip_prefix(prefix))
        .filter_map(|rest| {
            // "speech.3", "speech.3.nonfact", "speech writing.5"
            let mut id = None;
            for part in rest.split(['.', ' ']) {
                if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
                    id = Some(part.to_string());
                    break;
                }
            }
            id
        })
        .collect()
}

/// Rebuild one TSV sample: tokens joined with the spacing a printed text has,
/// so that quotation marks stand where they would in running text.
pub fn parse_rw_tsv(name: &str, src: &str) -> RwDoc {
    let rows: Vec<Vec<&str>> = src
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c.len() >= 9 && !c[0].is_empty())
        .collect();
    let toks: Vec<&str> = rows.iter().map(|c| c[0]).collect();
    // Which guillemet opens (»…« German, «…» Swiss/French): the other one
    // than the mark that more often comes right before a comma or period
    // ("«, sagte er"). Samples may start inside a quotation, so the first
    // mark seen does not tell.
    let closer_votes = |mark: &str| {
        (0..toks.len())
            .filter(|&i| {
                toks[i] == mark && matches!(toks.get(i + 1).copied(), Some("," | "." | ";"))
            })
            .count()
    };
    let first_guill = Some(if closer_votes("»") > closer_votes("«") {
        "«"
    } else {
        "»"
    });
    let first_single_guill = Some(if closer_votes("›") > closer_votes("‹") {
        "‹"
    } else {
        "›"
    });
    let has_low = toks.contains(&"„");
    let has_low_single = toks.contains(&"‚");
    let mut straight_open = false;
    let mut apostrophe_open = false;
    let mut curly_open = false;
    let mut doc = RwDoc {
        name: name.to_string(),
        ..RwDoc::default()
    };
    let mut text = String::new();
    let mut chars = 0usize;
    let mut glue_next = true;
    for (i, c) in rows.iter().enumerate() {
        let t = c[0];
        // open: glue to the next token; close: glue to the previous one.
        let (open, close) = match t {
            "„" | "‚" => (true, false),
            "“" if has_low => (false, true),
            // Without „ and after sentence punctuation, “ closes (the sample
            // may start inside a quotation).
            "“" if i > 0 && matches!(rows[i - 1][0], "." | "!" | "?" | "," | "...") => {
                curly_open = false;
                (false, true)
            }
            "“" => {
                curly_open = !curly_open;
                (curly_open, !curly_open)
            }
            "”" => (false, true),
            "‘" if has_low_single => (false, true),
            "‘" => (true, false),
            "’" => (false, true),
            "»" | "«" => {
                let o = Some(t) == first_guill;
                (o, !o)
            }
            "›" | "‹" => {
                let o = Some(t) == first_single_guill;
                (o, !o)
            }
            "\"" if has_low => (false, true),
            "\"" => {
                straight_open = !straight_open;
                (straight_open, !straight_open)
            }
            "'" => {
                apostrophe_open = !apostrophe_open;
                (apostrophe_open, !apostrophe_open)
            }
            _ => (false, false),
        };
        let punct_glue = matches!(
            t,
            "," | "." | ";" | ":" | "!" | "?" | ")" | "]" | "..." | "...." | "....." | "?!" | "!!"
        );
        if !text.is_empty() && !glue_next && !close && !punct_glue {
            text.push(' ');
            chars += 1;
        }
        let start = chars;
        text.push_str(t);
        chars += t.chars().count();
        glue_next = open || t == "(" || t == "[";
        doc.spans.push(Span::new(start, chars));
        let stwr = c[6];
        doc.direct
            .push(stwr.split('|').any(|l| l.starts_with("direct.")));
        doc.indirect
            .push(stwr.split('|').any(|l| l.starts_with("indirect.")));
        for id in instance_ids(stwr, "direct.") {
            match doc.instances.iter_mut().find(|(x, _)| *x == id) {
                Some((_, v)) => v.push(i),
                None => doc.instances.push((id, vec![i])),
            }
        }
        for id in instance_ids(c[8], "speaker") {
            match doc.speakers.iter_mut().find(|(x, _)| *x == id) {
                Some((_, v)) => v.push(i),
                None => doc.speakers.push((id, vec![i])),
            }
        }
    }
    doc.text = text;
    doc
}

/// Results on Redewiedergabe.
#[derive(Debug, Clone, Default)]
pub struct RwReport {
    pub docs: usize,
    /// Token-level direct speech (quotation marks included, as annotated).
    pub direct_tokens: Counts,
    pub indirect_tokens: Counts,
    /// Direct instances found (any overlap) / all direct instances.
    pub direct_instances: Counts,
    /// Gold direct instances with an annotated speaker whose quote was found.
    pub speaker_total: usize,
    pub speaker_correct: usize,
    /// …of which the finder named no speaker.
    pub speaker_none: usize,
    /// Per sample: (name, direct-token counts, the text marked up with
    /// `[gold]` and `{predicted}` direct speech) for error analysis.
    pub per_doc: Vec<(String, Counts, String)>,
}

impl RwReport {
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_correct, self.speaker_total)
    }
}

/// Run the finder on every sample (one block each, German, no entities).
pub fn eval_rw(finder: &QuoteFinder, docs: &[RwDoc]) -> RwReport {
    let mut r = RwReport::default();
    for d in docs {
        r.docs += 1;
        let ix = TextIndex::new(&d.text);
        let found = finder.find(&d.text, &ix, &[(0, ix.len_chars())], &[], &[], Lang::De);
        let n = d.spans.len();
        let mut pd = vec![false; n];
        let mut pi = vec![false; n];
        let mut owner: Vec<Option<usize>> = vec![None; n];
        for (fi, f) in found.iter().enumerate() {
            let sp = if f.quote.kind == "direct" {
                f.outer
            } else {
                Span::new(f.quote.start, f.quote.end)
            };
            let lo = d.spans.partition_point(|s| s.end <= sp.start);
            for ti in lo..n {
                if d.spans[ti].start >= sp.end {
                    break;
                }
                if f.quote.kind == "direct" {
                    pd[ti] = true;
                    owner[ti] = Some(fi);
                } else {
                    pi[ti] = true;
                }
            }
        }
        let mut dc = Counts::default();
        let mut marked = String::new();
        for ti in 0..n {
            let tok = &d.text[byte_range(&d.text, d.spans[ti])];
            match (pd[ti], d.direct[ti]) {
                (true, true) => {
                    dc.tp += 1;
                    marked.push_str(tok)
                }
                (true, false) => {
                    dc.fp += 1;
                    marked.push_str(&format!("{{{tok}}}"))
                }
                (false, true) => {
                    dc.fn_ += 1;
                    marked.push_str(&format!("[{tok}]"))
                }
                _ => marked.push_str(tok),
            }
            marked.push(' ');
            for (pred, gold, c) in [
                (pd[ti], d.direct[ti], &mut r.direct_tokens),
                (pi[ti], d.indirect[ti], &mut r.indirect_tokens),
            ] {
                match (pred, gold) {
                    (true, true) => c.tp += 1,
                    (true, false) => c.fp += 1,
                    (false, true) => c.fn_ += 1,
                    _ => {}
                }
            }
        }
        for (id, toks) in &d.instances {
            let hit = toks.iter().find_map(|&t| owner[t]);
            match hit {
                Some(fi) => {
                    r.direct_instances.tp += 1;
                    let Some((_, sp_toks)) = d.speakers.iter().find(|(x, _)| x == id) else {
                        continue;
                    };
                    let gold: Vec<&str> = sp_toks
                        .iter()
                        .map(|&t| &d.text[byte_range(&d.text, d.spans[t])])
                        .collect();
                    let gold = gold.join(" ");
                    r.speaker_total += 1;
                    let pred = found[fi]
                        .speaker_phrase
                        .map(|s| ix.slice(&d.text, s).to_string());
                    match pred {
                        None => r.speaker_none += 1,
                        Some(p) => {
                            let (pl, gl) = (normalize_name(&p), normalize_name(&gold));
                            if pl.contains(&gl) || gl.contains(&pl) {
                                r.speaker_correct += 1;
                            }
                        }
                    }
                }
                None => r.direct_instances.fn_ += 1,
            }
        }
        r.per_doc.push((d.name.clone(), dc, marked));
        // Predicted direct quotes that touch no gold direct token.
        for f in found.iter().filter(|f| f.quote.kind == "direct") {
            let lo = d.spans.partition_point(|s| s.end <= f.outer.start);
            let any = (lo..n)
                .take_while(|&t| d.spans[t].start < f.outer.end)
                .any(|t| d.direct[t]);
            if !any {
                r.direct_instances.fp += 1;
            }
        }
    }
    r
}

fn byte_range(text: &str, sp: Span) -> std::ops::Range<usize> {
    let mut it = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let s = it.nth(sp.start).unwrap_or(text.len());
    let e = if sp.end > sp.start {
        it.nth(sp.end - sp.start - 1).unwrap_or(text.len())
    } else {
        s
    };
    s..e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_rule() {
        assert!(speaker_matches(Some("Marco Rubio"), Some("Rubio")));
        assert!(speaker_matches(
            Some("das Außenministerium in Moskau"),
            Some("Außenministerium in Moskau")
        ));
        assert!(!speaker_matches(Some("Rubio"), Some("Marco Rubio")));
        assert!(speaker_matches(None, None));
        assert!(!speaker_matches(Some("Trump"), None));
    }

    #[test]
    fn rebuilds_redewiedergabe_text() {
        let tsv =
            "tok\tnormtok\tlemma\tpos\trfpos\tsentstart\tstwr\tframe\tspeaker\tintexpr\tnote\n\
»\t»\t»\t$(\tX\tyes\tdirect.speech.3\t-\t-\t-\t-\n\
Ja\tJa\tja\tITJ\tX\tno\tdirect.speech.3\t-\t-\t-\t-\n\
«\t«\t«\t$(\tX\tno\tdirect.speech.3\t-\t-\t-\t-\n\
,\t,\t,\t$,\tX\tno\t-\tframe.3\t-\t-\t-\n\
sagte\tsagte\tsagen\tVVFIN\tX\tno\t-\tframe.3\t-\t-\t-\n\
er\ter\ter\tPPER\tX\tno\t-\tframe.3\tspeaker.3\t-\t-\n\
.\t.\t.\t$.\tX\tno\t-\t-\t-\t-\t-\n";
        let d = parse_rw_tsv("x", tsv);
        assert_eq!(d.text, "»Ja«, sagte er.");
        assert_eq!(d.instances, vec![("3".to_string(), vec![0, 1, 2])]);
        assert_eq!(d.speakers, vec![("3".to_string(), vec![5])]);
        let r = eval_rw(&QuoteFinder::new(), &[d]);
        assert_eq!(
            r.direct_tokens,
            Counts {
                tp: 3,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!((r.speaker_correct, r.speaker_total), (1, 1));
    }
}
