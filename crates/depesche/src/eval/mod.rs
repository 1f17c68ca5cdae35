//! Evaluation: each stage's quality measured against annotated data. The
//! `depesche eval …` commands print what these functions compute.

pub mod events;
pub mod extract;
pub mod geo;
pub mod ner;
pub mod news;
pub mod quotes;
pub mod sentences;
pub mod structure;
pub mod timex;

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    /// Counts of a predicted set against a gold set.
    pub fn from_sets<T: std::hash::Hash + Eq>(
        gold: &std::collections::HashSet<T>,
        pred: &std::collections::HashSet<T>,
    ) -> Prf {
        let tp = pred.intersection(gold).count();
        Prf {
            tp,
            fp: pred.len() - tp,
            fn_: gold.len() - tp,
        }
    }
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
    pub fn add(&mut self, o: Prf) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    /// `P 0.950  R 0.900  F1 0.924  (tp 19, fp 1, fn 2)`
    pub fn line(&self) -> String {
        format!(
            "P {:.3}  R {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }
}

/// `P=0.9500 R=0.9000 F1=0.9243  (tp 19, fp 1, fn 2)`
impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "P={:.4} R={:.4} F1={:.4}  (tp {}, fp {}, fn {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }
}

/// The harmonic mean of precision and recall (0 when both are 0).
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}
