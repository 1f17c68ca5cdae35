//! A learned document-level second pass (stacking; Krishnan & Manning 2006,
//! Ratinov & Roth 2009). The tagger sees one sentence at a time; this pass
//! reads its labels over the whole document — how the same word form, its
//! lower-case form and its genitive were labelled elsewhere, the label of its
//! first occurrence, whether it stood inside a longer name — and adds the
//! scores of a small weight table over those features to the first pass's
//! emission scores, then decodes each sentence again.
//!
//! The features read labels only, never word identities, so the table is
//! small and language-independent. It is trained by jackknifing (see
//! `train::train_stack`): the first-pass labels it learns from come from
//! models that did not see the sentence, as at run time.

use std::borrow::Cow;
use std::collections::HashMap;

use super::codec::{CodecError, Reader, Writer};
use super::features::SentenceFeatures;
use super::hash::mix;
use super::model::{chunk_of, chunks, label_type, Model, NL};
use crate::hashing::FastBuild;

/// The second pass's weights: rows over hashed document features on the
/// first pass's scale (its start and transition scores are unused; decoding
/// uses the first pass's).
#[derive(Debug, Clone)]
pub struct Stack {
    pub model: Model,
}

impl Stack {
    pub fn write(&self, w: &mut Writer) {
        self.model.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<Stack, CodecError> {
        Ok(Stack {
            model: Model::read(r)?,
        })
    }

    /// Re-decode a document: `emit[k]` are sentence `k`'s first-pass emission
    /// scores ([`NL`] per token), `labels[k]` its first-pass labels, replaced
    /// by the second pass's.
    pub fn rescore(
        &self,
        first: &Model,
        tokens: &[Vec<&str>],
        emit: &mut [Vec<f32>],
        labels: &mut [Vec<u8>],
    ) {
        let mut feats = Vec::new();
        doc_features(tokens, labels, &mut feats);
        for ((f, e), l) in feats.iter().zip(emit.iter_mut()).zip(labels.iter_mut()) {
            if e.len() != f.len() * NL {
                continue;
            }
            // A sentence whose scores did not change keeps its labels.
            if add_rows(&self.model, f, e) {
                first.viterbi(e, l);
            }
        }
    }
}

/// Add the rows of each token's features to its emission scores; returns
/// whether any feature had a row.
pub fn add_rows(m: &Model, f: &SentenceFeatures, emit: &mut [f32]) -> bool {
    let mut any = false;
    for i in 0..f.len() {
        for &h in f.token(i) {
            if let Some(row) = m.row(h) {
                any = true;
                for l in 0..NL {
                    emit[i * NL + l] += row[l] as f32;
                }
            }
        }
    }
    any
}

/// Counts over a document's occurrences of one form: per type (0 `O`,
/// 1 + [`label_type`]), the type of its first occurrence, and how often it
/// stood inside a chunk of more than one token (per type; the last word of
/// such a chunk counted separately).
#[derive(Debug, Clone, Copy, Default)]
struct FormStats {
    types: [u16; 5],
    first: u8,
    inside_long: [u16; 4],
    last_of_long: [u16; 4],
}

/// Word shape as the features see it: 0 other, 1 capitalised, 2 all capitals.
fn case_shape(t: &str) -> u64 {
    let mut c = t.chars();
    match c.next() {
        Some(f) if f.is_uppercase() => {
            if t.chars().any(char::is_lowercase) {
                1
            } else if t.chars().count() > 1 && t.chars().any(char::is_alphabetic) {
                2
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// A word's form without a genitive `s` (at least three letters left).
fn genitive_base(t: &str) -> &str {
    t.strip_suffix('s')
        .filter(|b| b.chars().count() >= 3)
        .unwrap_or(t)
}

fn lower(t: &str) -> Cow<'_, str> {
    if t.chars().any(char::is_uppercase) {
        Cow::Owned(t.to_lowercase())
    } else {
        Cow::Borrowed(t)
    }
}

/// Feature kinds (hashed with their values).
#[derive(Clone, Copy)]
enum K {
    Same = 1,
    SameHas,
    SameCount,
    First,
    Lower,
    Genitive,
    Long,
}

#[inline]
fn feat(k: K, a: u64, b: u64, c: u64, d: u64) -> u64 {
    mix(0x5eed_d0c2 ^ (k as u64) << 48 ^ a << 36 ^ b << 24 ^ c << 12 ^ d)
}

/// The type with most counts (0 `O`, 1 + type) and whether all agree.
fn majority(c: &[u16; 5]) -> (u64, bool) {
    let n: u32 = c.iter().map(|&x| x as u32).sum();
    let (best, top) = c.iter().enumerate().fold(
        (0, 0u16),
        |acc, (t, &x)| if x > acc.1 { (t, x) } else { acc },
    );
    (best as u64, top as u32 == n)
}

fn minus(a: &[u16; 5], b: &[u16; 5]) -> [u16; 5] {
    let mut out = [0; 5];
    for t in 0..5 {
        out[t] = a[t].saturating_sub(b[t]);
    }
    out
}

/// The second pass's features of every token of a document, from the first
/// pass's labels: one [`SentenceFeatures`] per sentence. Only lower-case
/// tokens outside names and tokens of names of several words get none: the
/// pass decides about capitalised words left outside names and one-word names.
pub fn doc_features(tokens: &[Vec<&str>], labels: &[Vec<u8>], out: &mut Vec<SentenceFeatures>) {
    let ty = |l: u8| label_type(l).map_or(0, |t| t + 1);
    let mut forms: HashMap<&str, FormStats, FastBuild> = HashMap::default();
    let mut lowers: HashMap<Cow<str>, [u16; 5], FastBuild> = HashMap::default();
    let mut bases: HashMap<&str, [u16; 5], FastBuild> = HashMap::default();
    for (toks, labs) in tokens.iter().zip(labels) {
        let n = toks.len().min(labs.len());
        for i in 0..n {
            let t = ty(labs[i]);
            let l = lowers.entry(lower(toks[i])).or_default();
            l[t] = l[t].saturating_add(1);
            // Forms and genitives are looked up for candidates only (see
            // below), so only candidates are counted.
            if t == 0 && case_shape(toks[i]) == 0 {
                continue;
            }
            let s = forms.entry(toks[i]).or_default();
            if s.types.iter().all(|&x| x == 0) {
                s.first = t as u8;
            }
            s.types[t] = s.types[t].saturating_add(1);
            let b = bases.entry(genitive_base(toks[i])).or_default();
            b[t] = b[t].saturating_add(1);
        }
        for (s, e, t) in chunks(&labs[..n]) {
            if e - s > 1 {
                for (j, tok) in toks.iter().enumerate().take(e).skip(s) {
                    let st = forms.entry(tok).or_default();
                    let count = if j + 1 == e {
                        &mut st.last_of_long[t]
                    } else {
                        &mut st.inside_long[t]
                    };
                    *count = count.saturating_add(1);
                }
            }
        }
    }
    out.clear();
    for (toks, labs) in tokens.iter().zip(labels) {
        let n = toks.len().min(labs.len());
        let mut f = SentenceFeatures::default();
        f.offsets.push(0);
        for i in 0..toks.len() {
            if i >= n {
                f.offsets.push(f.feats.len() as u32);
                continue;
            }
            let tok = toks[i];
            let lab = labs[i];
            let shape = case_shape(tok);
            if shape == 0 && lab == 0 {
                f.offsets.push(f.feats.len() as u32);
                continue;
            }
            // Tokens of a name of several words keep the first pass's
            // labels: that pass saw the whole name, and relabelling them
            // from document counts broke full names on news-dev ("Ben Crump"
            // as ORG), see MODELS.md.
            let (own_s, own_e, _) = chunk_of(labs, i);
            if own_e - own_s > 1 {
                f.offsets.push(f.feats.len() as u32);
                continue;
            }
            let own = lab as u64;
            let t = ty(lab);
            let init = (i == 0) as u64;
            let st = forms.get(tok).copied().unwrap_or_default();
            let mut mine = [0u16; 5];
            mine[t] = 1;
            let others = minus(&st.types, &mine);
            let n_others: u32 = others.iter().map(|&x| x as u32).sum();
            if n_others > 0 {
                let (maj, all) = majority(&others);
                f.feats.push(feat(K::Same, own, maj, all as u64, init));
                for (u, &c) in others.iter().enumerate() {
                    if c > 0 {
                        f.feats.push(feat(K::SameHas, own, u as u64, shape, 0));
                    }
                }
                f.feats
                    .push(feat(K::SameCount, own, maj, n_others.min(3) as u64, 0));
                f.feats.push(feat(K::First, own, st.first as u64, 0, 0));
            }
            // Other spellings: lower-case or capitalised variants, genitive.
            if let Some(l) = lowers.get(&lower(tok)) {
                let other = minus(l, &st.types);
                if other.iter().any(|&x| x > 0) {
                    let (maj, all) = majority(&other);
                    f.feats.push(feat(K::Lower, own, maj, all as u64, shape));
                }
            }
            // "Moskaus" sees the bare form's labels, "Moskau" its genitive's.
            let base = genitive_base(tok);
            let (other, genitive) = if base != tok {
                (forms.get(base).map_or([0; 5], |b| b.types), 1)
            } else {
                (bases.get(tok).map_or([0; 5], |b| minus(b, &st.types)), 0)
            };
            if other.iter().any(|&x| x > 0) {
                let (maj, all) = majority(&other);
                f.feats
                    .push(feat(K::Genitive, own, maj, all as u64, genitive));
            }
            // Inside a longer name elsewhere ("Crump" after "Ben Crump").
            for u in 0..4 {
                if st.last_of_long[u] > 0 {
                    f.feats.push(feat(K::Long, own, u as u64 + 1, 1, shape));
                }
                if st.inside_long[u] > 0 {
                    f.feats.push(feat(K::Long, own, u as u64 + 1, 0, shape));
                }
            }
            f.offsets.push(f.feats.len() as u32);
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::corpus::normalise_tags;

    #[test]
    fn features_read_the_document() {
        let t = vec![
            vec!["Hanna", "Berglund", "kam", "."],
            vec!["Berglund", "lachte", "."],
            vec!["dann", "ging", "sie", "."],
        ];
        let l = vec![
            normalise_tags(&["B-PER", "I-PER", "O", "O"]),
            normalise_tags(&["O", "O", "O"]),
            normalise_tags(&["O", "O", "O", "O"]),
        ];
        let mut f = Vec::new();
        doc_features(&t, &l, &mut f);
        assert_eq!(f.len(), 3);
        assert_eq!(f[1].len(), 3);
        // The lone surname sees its full name: last word of a PER chunk.
        assert!(f[1].token(0).contains(&feat(K::Long, 0, 1, 1, 1)));
        // The words of a name of several words keep the first pass's labels.
        assert!(f[0].token(0).is_empty() && f[0].token(1).is_empty());
        // A lower-case word outside names has no features.
        assert!(f[2].token(0).is_empty());
        assert!(f[1].token(1).is_empty());
        // Mismatched lengths never panic.
        doc_features(&t, &l[..1], &mut f);
        assert_eq!(f.len(), 1);
        doc_features(&[vec!["A", "B"]], &[vec![1]], &mut f);
        assert_eq!(f[0].len(), 2);
    }
}
