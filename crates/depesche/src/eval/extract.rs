//! Main-text extraction from HTML against reference article bodies.
//!
//! The metric is the one of the Scrapinghub article-extraction benchmark:
//! 4-gram shingles over `\w+` tokens (a text with fewer than four tokens is one
//! shingle); per page, true positives, false positives and false negatives
//! (shingles counted with multiplicity) are normalised to sum 1; precision and
//! recall are averaged over pages, and F1 is taken of the two means.

use std::collections::HashMap;

/// Tokens as `\w+` finds them (Unicode letters, digits, marks, underscore).
pub fn word_tokens(s: &str) -> Vec<&str> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || is_mark(c);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push(&s[st..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

/// Combining marks count as word characters in Python's `\w`.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36f | 0x1ab0..=0x1aff | 0x1dc0..=0x1dff | 0x20d0..=0x20ff | 0xfe20..=0xfe2f)
}

fn shingles(s: &str) -> HashMap<Vec<&str>, usize> {
    let toks = word_tokens(s);
    let mut m = HashMap::new();
    if toks.len() < 4 {
        if !toks.is_empty() {
            m.insert(toks, 1);
        }
        return m;
    }
    for w in toks.windows(4) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

/// Precision and recall of one page (tp, fp, fn normalised to sum 1).
/// Two empty texts agree perfectly.
pub fn page_scores(truth: &str, predicted: &str) -> (f64, f64) {
    let t = shingles(truth);
    let p = shingles(predicted);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (k, &n) in &p {
        let m = t.get(k).copied().unwrap_or(0);
        tp += n.min(m);
        fp += n.saturating_sub(m);
    }
    for (k, &n) in &t {
        fn_ += n.saturating_sub(p.get(k).copied().unwrap_or(0));
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return (1.0, 1.0);
    }
    let (tp, fp, fn_) = (tp as f64 / sum, fp as f64 / sum, fn_ as f64 / sum);
    let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
    (precision, recall)
}

/// Scores over many pages.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
}

impl Summary {
    pub fn from_pages(scores: &[(f64, f64)]) -> Self {
        let n = scores.len().max(1) as f64;
        Summary {
            pages: scores.len(),
            precision: scores.iter().map(|s| s.0).sum::<f64>() / n,
            recall: scores.iter().map(|s| s.1).sum::<f64>() / n,
        }
    }
    pub fn f1(&self) -> f64 {
        super::f1(self.precision, self.recall)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_like_python_w() {
        assert_eq!(
            word_tokens("Grüße, Köln! a_b 3.5 — x"),
            ["Grüße", "Köln", "a_b", "3", "5", "x"]
        );
    }

    #[test]
    fn scores() {
        let t = "one two three four five six";
        assert_eq!(page_scores(t, t), (1.0, 1.0));
        // Prediction has the truth plus three extra shingles' worth of words.
        let (p, r) = page_scores(t, "one two three four five six seven");
        assert!((r - 1.0).abs() < 1e-9 && (p - 0.75).abs() < 1e-9, "{p} {r}");
        let (p, r) = page_scores(t, "");
        assert_eq!((p, r), (0.0, 0.0));
        assert_eq!(page_scores("", ""), (1.0, 1.0));
        // Short texts are one shingle.
        assert_eq!(page_scores("a b", "a b"), (1.0, 1.0));
        let s = Summary::from_pages(&[(1.0, 0.5), (0.5, 1.0)]);
        assert!((s.f1() - 0.75).abs() < 1e-9);
    }
}
