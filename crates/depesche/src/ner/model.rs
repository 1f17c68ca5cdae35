//! The sequence model: a first-order structured (averaged) perceptron over
//! hashed features, decoded with Viterbi under IOB2 constraints.

use super::codec::{CodecError, Reader, Writer};
use super::features::SentenceFeatures;
use crate::schema::EntityType;

/// Labels in IOB2: `O`, then `B-`/`I-` for PER, ORG, LOC, MISC.
pub const NL: usize = 9;
// Read by corpora and reports (the `train` feature); the tagger uses indices.
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub const LABELS: [&str; NL] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
pub const TYPES: [EntityType; 4] = [
    EntityType::PER,
    EntityType::ORG,
    EntityType::LOC,
    EntityType::MISC,
];

/// Type indices into [`TYPES`], as [`label_type`] returns them.
pub const PER: usize = 0;
pub const ORG: usize = 1;
pub const LOC: usize = 2;
pub const MISC: usize = 3;

pub fn label_type(l: u8) -> Option<usize> {
    if l == 0 || l as usize >= NL {
        None
    } else {
        Some((l as usize - 1) / 2)
    }
}
pub fn is_begin(l: u8) -> bool {
    l != 0 && l % 2 == 1
}
/// Whether no chunk goes on after token `i` (the next label is `O`, a
/// `B-`, or there is none).
pub fn chunk_ends_at(labels: &[u8], i: usize) -> bool {
    labels.get(i + 1).is_none_or(|&l| l == 0 || is_begin(l))
}

/// The chunk that token `i` belongs to: (start, end, type), or `(i, i + 1,
/// None)` outside names.
pub fn chunk_of(labels: &[u8], i: usize) -> (usize, usize, Option<usize>) {
    let Some(t) = label_type(labels[i]) else {
        return (i, i + 1, None);
    };
    let mut s = i;
    while s > 0 && !is_begin(labels[s]) && label_type(labels[s - 1]) == Some(t) {
        s -= 1;
    }
    let mut e = i + 1;
    while e < labels.len() && !is_begin(labels[e]) && label_type(labels[e]) == Some(t) {
        e += 1;
    }
    (s, e, Some(t))
}

/// Chunks `(start, end, type)` (end exclusive) of an IOB2 label sequence.
/// An `I-X` that does not continue an `X` chunk starts one (conlleval).
pub fn chunks(labels: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let ty = label_type(l);
        let continues = matches!((open, ty), (Some((_, t)), Some(u)) if t == u && !is_begin(l));
        if !continues {
            if let Some((s, t)) = open.take() {
                out.push((s, i, t));
            }
            if let Some(t) = ty {
                open = Some((i, t));
            }
        }
    }
    if let Some((s, t)) = open {
        out.push((s, labels.len(), t));
    }
    out
}

pub fn begin_of(ty: usize) -> u8 {
    (1 + 2 * ty) as u8
}
pub fn inside_of(ty: usize) -> u8 {
    (2 + 2 * ty) as u8
}

/// IOB2 constraint: `I-X` only after `B-X` or `I-X`.
#[inline]
pub fn allowed(prev: Option<u8>, cur: u8) -> bool {
    if cur == 0 || is_begin(cur) {
        return true;
    }
    match prev {
        None => false,
        Some(p) => p != 0 && label_type(p) == label_type(cur),
    }
}

/// Viterbi over per-token emission scores (`NL` per token) plus transitions.
pub fn viterbi(emit: &[f32], start: &[f32; NL], trans: &[[f32; NL]; NL], out: &mut Vec<u8>) {
    out.clear();
    let n = emit.len() / NL;
    if n == 0 {
        return;
    }
    const NEG: f32 = f32::NEG_INFINITY;
    let mut score = [NEG; NL];
    for (l, s) in score.iter_mut().enumerate() {
        if allowed(None, l as u8) {
            *s = start[l] + emit[l];
        }
    }
    // Transitions the IOB2 constraint forbids score -inf, which drops them
    // exactly as skipping them would (-inf + x is -inf, never the maximum).
    let mut from = [[NEG; NL]; NL];
    for (prev, row) in trans.iter().enumerate() {
        for (cur, t) in row.iter().enumerate() {
            if allowed(Some(prev as u8), cur as u8) {
                from[prev][cur] = *t;
            }
        }
    }
    let mut back: Vec<[u8; NL]> = Vec::with_capacity(n);
    back.push([0; NL]);
    for i in 1..n {
        // All current labels at once, one previous label after the other:
        // the inner loop is branch-free lanes over `cur` that the compiler
        // vectorises. Previous labels in ascending order with a strict `>`,
        // so the first best predecessor wins ties, as in a loop per label.
        let mut best = [NEG; NL];
        let mut arg = [0u8; NL];
        for (prev, row) in from.iter().enumerate() {
            let sp = score[prev];
            for cur in 0..NL {
                let s = sp + row[cur];
                let gt = s > best[cur];
                best[cur] = if gt { s } else { best[cur] };
                arg[cur] = if gt { prev as u8 } else { arg[cur] };
            }
        }
        for cur in 0..NL {
            score[cur] = best[cur] + emit[i * NL + cur];
        }
        back.push(arg);
    }
    let mut last = 0u8;
    let mut best = NEG;
    for (l, s) in score.iter().enumerate() {
        if *s > best {
            best = *s;
            last = l as u8;
        }
    }
    out.resize(n, 0);
    out[n - 1] = last;
    for i in (1..n).rev() {
        last = back[i][last as usize];
        out[i - 1] = last;
    }
}

/// The shipped model: quantised weight rows of the buckets that kept any
/// weight, sorted by bucket, found through a rank bitmap over the buckets.
#[derive(Debug, Clone)]
pub struct Model {
    bits: u32,
    /// One entry per 64 buckets: which of them have a row (bit `b % 64`),
    /// and how many rows the buckets before the entry's have. A bucket's
    /// row is that count plus the set bits below its own, as rows are
    /// sorted by bucket. 2^20 buckets take 256 KB, which stays in a core's
    /// L2 cache: a lookup costs at most one miss, in `rows` (an
    /// open-addressing table of bucket ids was several MB and cost two).
    index: Vec<(u64, u32)>,
    rows: Vec<[i16; NL]>,
    start: [f32; NL],
    trans: [[f32; NL]; NL],
    /// Subtracted from every `O` score (in weight units, i.e. relative to
    /// the largest weight): trades precision for recall, tuned on dev data.
    pub o_bias: f32,
}

/// The largest bucket width a model may have: its rank bitmap then takes
/// 16 MB (training uses 2^20 buckets, comparisons went up to 2^22).
pub const MAX_BITS: u32 = 26;

/// A hint to load `x`'s cache line; no effect on results.
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching never faults and reads nothing observable; the
    // pointer comes from a live reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch(x as *const T as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

#[inline]
pub fn bucket(feat: u64, bits: u32) -> usize {
    (feat >> (64 - bits)) as usize
}

impl Model {
    pub fn bits(&self) -> u32 {
        self.bits
    }

    fn build(
        bits: u32,
        mut rows: Vec<(u32, [i16; NL])>,
        start: [f32; NL],
        trans: [[f32; NL]; NL],
    ) -> Model {
        // Callers give buckets of `bits` bits: `bucket()` makes them, and
        // `read` rejects a file whose buckets or width do not fit.
        debug_assert!((1..=MAX_BITS).contains(&bits));
        debug_assert!(rows.iter().all(|r| (r.0 as u64) < 1u64 << bits));
        rows.sort_unstable_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let mut index = vec![(0u64, 0u32); (1usize << bits).div_ceil(64)];
        for (b, _) in &rows {
            index[(*b >> 6) as usize].0 |= 1 << (*b & 63);
        }
        let mut before = 0u32;
        for entry in &mut index {
            entry.1 = before;
            before += entry.0.count_ones();
        }
        Model {
            bits,
            index,
            rows: rows.into_iter().map(|r| r.1).collect(),
            start,
            trans,
            o_bias: 0.0,
        }
    }

    /// The row index of bucket `b` (below 2^bits), if it has a row.
    #[inline]
    fn row_of_bucket(&self, b: usize) -> Option<u32> {
        let (set, before) = self.index[b >> 6];
        let bit = 1u64 << (b & 63);
        (set & bit != 0).then(|| before + (set & (bit - 1)).count_ones())
    }

    /// The weight row of feature `h`, if it has one.
    #[inline]
    pub fn row(&self, h: u64) -> Option<&[i16; NL]> {
        let r = self.row_of_bucket(bucket(h, self.bits))?;
        self.rows.get(r as usize)
    }

    /// The row index of every feature in `feats` into `rows` (`u32::MAX`
    /// where it has none; see [`Self::row_at`]).
    ///
    /// Rows are random reads in a table of several MB, so each feature's
    /// row is prefetched as soon as its index is known, and the index
    /// entries (in L2, but not L1) a few features ahead (results are
    /// unchanged).
    pub fn row_indices(&self, feats: &[u64], rows: &mut Vec<u32>) {
        const AHEAD: usize = 8;
        rows.clear();
        rows.reserve(feats.len());
        for (j, &h) in feats.iter().enumerate() {
            if let Some(&ahead) = feats.get(j + AHEAD) {
                prefetch(&self.index[bucket(ahead, self.bits) >> 6]);
            }
            let r = self.row_of_bucket(bucket(h, self.bits));
            if let Some(r) = r {
                prefetch(&self.rows[r as usize]);
            }
            rows.push(r.unwrap_or(u32::MAX));
        }
    }

    /// The row at an index from [`Self::row_indices`].
    #[inline]
    pub fn row_at(&self, r: u32) -> Option<&[i16; NL]> {
        self.rows.get(r as usize)
    }

    /// Emission scores for each token of one sentence.
    pub fn emissions(&self, f: &SentenceFeatures, emit: &mut Vec<f32>) {
        self.emissions_with_base(f, &[], &mut Vec::new(), emit);
    }

    /// Emission scores for each token of one sentence: token `i`'s score is
    /// `base[i]` (zero where `base` is shorter) plus the rows of its features.
    /// Integer sums, so splitting a token's features between `base` and `f`
    /// gives the same scores as taking them all from `f`. `rows` is scratch
    /// space for the features' row indices (reused across sentences).
    pub fn emissions_with_base(
        &self,
        f: &SentenceFeatures,
        base: &[[i32; NL]],
        rows: &mut Vec<u32>,
        emit: &mut Vec<f32>,
    ) {
        emit.clear();
        emit.resize(f.len() * NL, 0.0);
        // The row of every feature first, then the sums per token.
        self.row_indices(f.all(), rows);
        for i in 0..f.len() {
            let mut acc = base.get(i).copied().unwrap_or([0i32; NL]);
            for &r in &rows[f.range(i)] {
                if let Some(row) = self.rows.get(r as usize) {
                    for l in 0..NL {
                        acc[l] += row[l] as i32;
                    }
                }
            }
            for l in 0..NL {
                emit[i * NL + l] = acc[l] as f32;
            }
            emit[i * NL] -= self.o_bias * 32767.0;
        }
    }

    pub fn decode(&self, f: &SentenceFeatures, emit: &mut Vec<f32>, out: &mut Vec<u8>) {
        self.decode_with_base(f, &[], &mut Vec::new(), emit, out);
    }

    /// [`Self::decode`] over [`Self::emissions_with_base`].
    pub fn decode_with_base(
        &self,
        f: &SentenceFeatures,
        base: &[[i32; NL]],
        rows: &mut Vec<u32>,
        emit: &mut Vec<f32>,
        out: &mut Vec<u8>,
    ) {
        self.emissions_with_base(f, base, rows, emit);
        viterbi(emit, &self.start, &self.trans, out);
    }

    /// Viterbi over emission scores from [`Self::emissions_with_base`] (or
    /// those plus a second pass's) with this model's transitions.
    pub fn viterbi(&self, emit: &[f32], out: &mut Vec<u8>) {
        viterbi(emit, &self.start, &self.trans, out);
    }

    /// Start and transition scores (on the weights' quantised scale).
    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    pub fn transitions(&self) -> (&[f32; NL], &[[f32; NL]; NL]) {
        (&self.start, &self.trans)
    }

    /// The factor [`Self::from_float`] multiplies float weights by.
    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    pub fn scale_of(w: &[f32]) -> f32 {
        32767.0 / w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6)
    }

    /// Emission rows only (no transitions), quantised with a given `scale`
    /// (another model's, so that the two models' scores add up); weights
    /// below `prune` are dropped.
    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    pub fn rows_on_scale(bits: u32, w: &[f32], scale: f32, prune: f32) -> Model {
        let mut rows = Vec::new();
        for (b, chunk) in w.chunks_exact(NL).enumerate() {
            let mut row = [0i16; NL];
            for l in 0..NL {
                if chunk[l].abs() >= prune {
                    row[l] = (chunk[l] * scale).round().clamp(-32767.0, 32767.0) as i16;
                }
            }
            if row.iter().any(|&x| x != 0) {
                rows.push((b as u32, row));
            }
        }
        Model::build(bits, rows, [0.0; NL], [[0.0; NL]; NL])
    }

    /// Quantise averaged float weights: drop those below `prune` (absolute),
    /// store the rest as i16 on one scale shared with the transitions.
    pub fn from_float(
        bits: u32,
        w: &[f32],
        start: &[f32; NL],
        trans: &[[f32; NL]; NL],
        prune: f32,
    ) -> Model {
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6);
        let scale = 32767.0 / max;
        let mut rows = Vec::new();
        for (b, chunk) in w.chunks_exact(NL).enumerate() {
            let mut row = [0i16; NL];
            let mut any = false;
            for l in 0..NL {
                if chunk[l].abs() >= prune {
                    row[l] = (chunk[l] * scale).round().clamp(-32767.0, 32767.0) as i16;
                    any |= row[l] != 0;
                }
            }
            if any {
                rows.push((b as u32, row));
            }
        }
        let mut s = [0f32; NL];
        let mut t = [[0f32; NL]; NL];
        for l in 0..NL {
            s[l] = (start[l] * scale).round();
            for m in 0..NL {
                t[l][m] = (trans[l][m] * scale).round();
            }
        }
        Model::build(bits, rows, s, t)
    }

    pub fn nonzero(&self) -> usize {
        self.rows.iter().flatten().filter(|w| **w != 0).count()
    }

    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    pub fn write(&self, w: &mut Writer) {
        w.varint(self.bits as u64);
        for l in 0..NL {
            w.f32(self.start[l]);
        }
        for row in &self.trans {
            for x in row {
                w.f32(*x);
            }
        }
        w.f32(self.o_bias);
        w.varint(self.rows.len() as u64);
        let mut prev = 0u32;
        for (b, row) in self.buckets().zip(&self.rows) {
            w.varint((b - prev) as u64);
            prev = b;
            for x in row {
                w.zigzag(*x as i64);
            }
        }
    }

    /// The buckets that have a row, in the order of `rows` (ascending).
    fn buckets(&self) -> impl Iterator<Item = u32> + '_ {
        self.index.iter().enumerate().flat_map(|(k, &(set, _))| {
            let mut set = set;
            std::iter::from_fn(move || {
                (set != 0).then(|| {
                    let b = (k as u32) << 6 | set.trailing_zeros();
                    set &= set - 1;
                    b
                })
            })
        })
    }

    pub fn read(r: &mut Reader) -> Result<Model, CodecError> {
        let bits = r.varint()? as u32;
        if !(8..=MAX_BITS).contains(&bits) {
            return Err(CodecError::Truncated);
        }
        let mut start = [0f32; NL];
        for s in &mut start {
            *s = r.f32()?;
        }
        let mut trans = [[0f32; NL]; NL];
        for row in &mut trans {
            for x in row.iter_mut() {
                *x = r.f32()?;
            }
        }
        let o_bias = r.f32()?;
        let n = r.varint()? as usize;
        let mut rows = Vec::with_capacity(n.min(1 << 24));
        let mut b = 0u32;
        for _ in 0..n {
            b = b.wrapping_add(r.varint()? as u32);
            if b as u64 >= 1u64 << bits {
                return Err(CodecError::Truncated);
            }
            let mut row = [0i16; NL];
            for x in &mut row {
                *x = r.zigzag()?.clamp(-32767, 32767) as i16;
            }
            rows.push((b, row));
        }
        let mut m = Model::build(bits, rows, start, trans);
        m.o_bias = if o_bias.is_finite() { o_bias } else { 0.0 };
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_bounds() {
        let l = crate::ner::corpus::normalise_tags(&["B-PER", "I-PER", "O", "B-LOC"]);
        assert_eq!(chunk_of(&l, 1), (0, 2, Some(0)));
        assert_eq!(chunk_of(&l, 2), (2, 3, None));
        assert_eq!(chunk_of(&l, 3), (3, 4, Some(2)));
    }

    #[test]
    fn viterbi_respects_constraints() {
        // Emissions prefer I-PER at the start, which is not allowed.
        let mut emit = vec![0f32; 2 * NL];
        emit[2] = 5.0; // I-PER at token 0
        emit[NL + 2] = 5.0; // I-PER at token 1
        emit[1] = 1.0; // B-PER at token 0
        let mut out = Vec::new();
        viterbi(&emit, &[0.0; NL], &[[0.0; NL]; NL], &mut out);
        assert_eq!(out, vec![1, 2]);
        viterbi(&[], &[0.0; NL], &[[0.0; NL]; NL], &mut out);
        assert!(out.is_empty());
    }

    /// Each bucket finds its own row through the rank bitmap, at the edges
    /// of the bitmap's words too; buckets without a row find none; the
    /// rows survive writing and reading.
    #[test]
    fn rows_by_bucket() {
        let bits = 12;
        let buckets = [0u32, 1, 63, 64, 65, 127, 128, 1000, (1 << bits) - 1];
        let rows: Vec<(u32, [i16; NL])> = buckets
            .iter()
            .rev()
            .map(|&b| (b, [b as i16 + 1; NL]))
            .collect();
        let m = Model::build(bits, rows, [0.0; NL], [[0.0; NL]; NL]);
        let feature = |b: u32| (b as u64) << (64 - bits);
        let mut w = Writer::default();
        m.write(&mut w);
        let bytes = w.gzip();
        let data = Reader::gunzip(&bytes).unwrap();
        let read = Model::read(&mut Reader::new(&data)).unwrap();
        for model in [&m, &read] {
            assert_eq!(model.row_count(), buckets.len());
            for b in 0..1u32 << bits {
                let want = buckets.contains(&b).then_some([b as i16 + 1; NL]);
                assert_eq!(model.row(feature(b)).copied(), want, "bucket {b}");
            }
            let mut found = Vec::new();
            model.row_indices(&[feature(64), feature(2), feature(1000)], &mut found);
            assert_eq!(found, vec![3, u32::MAX, 7]);
        }
    }

    #[test]
    fn labels() {
        assert_eq!(LABELS[begin_of(2) as usize], "B-LOC");
        assert_eq!(LABELS[inside_of(3) as usize], "I-MISC");
        assert!(!allowed(Some(1), 4));
        assert!(allowed(Some(1), 2));
    }
}
