//! Training the sequence model: the averaged structured perceptron whose
//! averaged weights become a shippable [`Model`] (`depesche train ner`).

use super::features::SentenceFeatures;
use super::model::{bucket, viterbi, Model, NL};

/// Averaged structured perceptron training state.
pub struct Perceptron {
    pub bits: u32,
    w: Vec<f32>,
    acc: Vec<f32>,
    start: [f32; NL],
    start_acc: [f32; NL],
    trans: [[f32; NL]; NL],
    trans_acc: [[f32; NL]; NL],
    /// Update counter for lazy averaging.
    c: f32,
}

impl Perceptron {
    pub fn new(bits: u32) -> Self {
        let len = (1usize << bits) * NL;
        Perceptron {
            bits,
            w: vec![0.0; len],
            acc: vec![0.0; len],
            start: [0.0; NL],
            start_acc: [0.0; NL],
            trans: [[0.0; NL]; NL],
            trans_acc: [[0.0; NL]; NL],
            c: 1.0,
        }
    }

    fn emissions(&self, f: &SentenceFeatures, emit: &mut Vec<f32>) {
        emit.clear();
        emit.resize(f.len() * NL, 0.0);
        for i in 0..f.len() {
            for &h in f.token(i) {
                let b = bucket(h, self.bits) * NL;
                for l in 0..NL {
                    emit[i * NL + l] += self.w[b + l];
                }
            }
        }
    }

    /// One online step on one sentence; returns whether it was mistaken.
    pub fn learn(
        &mut self,
        f: &SentenceFeatures,
        gold: &[u8],
        scratch: &mut (Vec<f32>, Vec<u8>),
    ) -> bool {
        let (emit, pred) = scratch;
        self.emissions(f, emit);
        viterbi(emit, &self.start, &self.trans, pred);
        let c = self.c;
        self.c += 1.0;
        if pred.as_slice() == gold {
            return false;
        }
        for i in 0..gold.len() {
            let (g, p) = (gold[i] as usize, pred[i] as usize);
            if g != p {
                for &h in f.token(i) {
                    let b = bucket(h, self.bits) * NL;
                    self.w[b + g] += 1.0;
                    self.acc[b + g] += c;
                    self.w[b + p] -= 1.0;
                    self.acc[b + p] -= c;
                }
            }
            let gp = if i > 0 {
                Some(gold[i - 1] as usize)
            } else {
                None
            };
            let pp = if i > 0 {
                Some(pred[i - 1] as usize)
            } else {
                None
            };
            if (gp, g) != (pp, p) {
                match gp {
                    None => {
                        self.start[g] += 1.0;
                        self.start_acc[g] += c;
                    }
                    Some(x) => {
                        self.trans[x][g] += 1.0;
                        self.trans_acc[x][g] += c;
                    }
                }
                match pp {
                    None => {
                        self.start[p] -= 1.0;
                        self.start_acc[p] -= c;
                    }
                    Some(x) => {
                        self.trans[x][p] -= 1.0;
                        self.trans_acc[x][p] -= c;
                    }
                }
            }
        }
        true
    }

    /// The averaged weights (float, before pruning and quantisation).
    #[allow(clippy::needless_range_loop)] // parallel arrays indexed by label pairs
    pub fn averaged(&self) -> Averaged {
        let c = self.c;
        let w: Vec<f32> = self
            .w
            .iter()
            .zip(&self.acc)
            .map(|(w, a)| w - a / c)
            .collect();
        let mut s = [0f32; NL];
        let mut t = [[0f32; NL]; NL];
        for l in 0..NL {
            s[l] = self.start[l] - self.start_acc[l] / c;
            for m in 0..NL {
                t[l][m] = self.trans[l][m] - self.trans_acc[l][m] / c;
            }
        }
        Averaged {
            bits: self.bits,
            w,
            start: s,
            trans: t,
        }
    }

    /// The averaged weights as a shippable model.
    pub fn average(&self, prune: f32) -> Model {
        self.averaged().to_model(prune)
    }
}

/// Float weights of one or more averaged perceptrons.
pub struct Averaged {
    pub bits: u32,
    pub w: Vec<f32>,
    pub start: [f32; NL],
    pub trans: [[f32; NL]; NL],
}

impl Averaged {
    /// Add another run's weights (same bucket count): linear models with
    /// summed weights score as the sum of their scores, an ensemble for free.
    pub fn add(&mut self, o: &Averaged) {
        for (a, b) in self.w.iter_mut().zip(&o.w) {
            *a += b;
        }
        for l in 0..NL {
            self.start[l] += o.start[l];
            for m in 0..NL {
                self.trans[l][m] += o.trans[l][m];
            }
        }
    }

    pub fn to_model(&self, prune: f32) -> Model {
        Model::from_float(self.bits, &self.w, &self.start, &self.trans, prune)
    }
}
