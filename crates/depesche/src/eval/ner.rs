//! NER scoring with conlleval semantics: a predicted chunk counts only when
//! its type and exact token span match a gold chunk. Precision, recall and F1
//! per type, micro-averaged over PER/ORG/LOC and over all four types.

use std::fmt::Write;

use crate::ner::model::{chunks, LABELS, TYPES};

/// Counts per type: the shared precision/recall/F1 counts.
pub use super::Prf as Counts;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NerScores {
    /// Per type, in the order PER, ORG, LOC, MISC.
    pub by_type: [Counts; 4],
    /// Micro over PER, ORG, LOC.
    pub core: Counts,
    /// Micro over all four types.
    pub all: Counts,
    pub tokens: usize,
    pub sentences: usize,
}

pub fn score(gold: &[&[u8]], pred: &[&[u8]]) -> NerScores {
    let mut sc = NerScores::default();
    for (g, p) in gold.iter().zip(pred) {
        sc.tokens += g.len();
        sc.sentences += 1;
        let gc = chunks(g);
        let pc = chunks(&p[..p.len().min(g.len())]);
        for c in &pc {
            if gc.contains(c) {
                sc.by_type[c.2].tp += 1;
            } else {
                sc.by_type[c.2].fp += 1;
            }
        }
        for c in &gc {
            if !pc.contains(c) {
                sc.by_type[c.2].fn_ += 1;
            }
        }
    }
    for (i, c) in sc.by_type.iter().enumerate() {
        sc.all.add(*c);
        if i < 3 {
            sc.core.add(*c);
        }
    }
    sc
}

/// The figures as a table.
pub fn report(sc: &NerScores) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} sentences, {} tokens\n{:<14} {:>6} {:>6} {:>6} {:>9} {:>7} {:>7}",
        sc.sentences, sc.tokens, "type", "gold", "pred", "tp", "precision", "recall", "F1"
    );
    let mut row = |name: &str, c: &Counts| {
        let _ = writeln!(
            s,
            "{:<14} {:>6} {:>6} {:>6} {:>9.4} {:>7.4} {:>7.4}",
            name,
            c.tp + c.fn_,
            c.tp + c.fp,
            c.tp,
            c.precision(),
            c.recall(),
            c.f1()
        );
    };
    for (i, t) in TYPES.iter().enumerate() {
        row(&format!("{t:?}"), &sc.by_type[i]);
    }
    row("PER/ORG/LOC", &sc.core);
    row("all 4 types", &sc.all);
    s
}

/// `token gold predicted` lines, a blank line between sentences.
pub fn predictions(tokens: &[Vec<String>], gold: &[&[u8]], pred: &[&[u8]]) -> String {
    let mut s = String::new();
    for ((t, g), p) in tokens.iter().zip(gold).zip(pred) {
        for i in 0..t.len() {
            let gl = LABELS[*g.get(i).unwrap_or(&0) as usize];
            let pl = LABELS[*p.get(i).unwrap_or(&0) as usize];
            let _ = writeln!(s, "{} {gl} {pl}", t[i]);
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::corpus::normalise_tags;

    #[test]
    fn exact_spans_only() {
        let gold = normalise_tags(&["B-PER", "I-PER", "O", "B-LOC", "O", "B-MISC"]);
        // Partial PER match is a false positive and a false negative.
        let pred = normalise_tags(&["B-PER", "O", "O", "B-LOC", "O", "B-ORG"]);
        let sc = score(&[&gold], &[&pred]);
        assert_eq!(
            sc.by_type[0],
            Counts {
                tp: 0,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            sc.by_type[2],
            Counts {
                tp: 1,
                fp: 0,
                fn_: 0
            }
        );
        assert_eq!(
            sc.core,
            Counts {
                tp: 1,
                fp: 2,
                fn_: 1
            }
        );
        assert_eq!(
            sc.all,
            Counts {
                tp: 1,
                fp: 2,
                fn_: 2
            }
        );
        assert!((sc.core.precision() - 1.0 / 3.0).abs() < 1e-9);
        assert!((sc.core.recall() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn chunk_boundaries() {
        let l = normalise_tags(&["I-PER", "I-PER", "B-PER", "I-LOC", "O"]);
        assert_eq!(chunks(&l), vec![(0, 2, 0), (2, 3, 0), (3, 4, 2)]);
        assert!(chunks(&[]).is_empty());
        let perfect = score(&[&l], &[&l]);
        assert_eq!(perfect.all.f1(), 1.0);
        assert!(report(&perfect).contains("PER/ORG/LOC"));
    }
}
