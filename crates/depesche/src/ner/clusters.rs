//! Distributional word classes learned from unlabeled text: each frequent
//! word gets a vector of its left and right neighbours (among the most
//! frequent words), randomly projected to a few dimensions, then k-means
//! groups words at two granularities. A cheap stand-in for Brown clusters
//! that runs in seconds on two cores.

use std::collections::HashMap;

use super::hash::{key32, str_hash, KeyMap};

pub struct ClusterOptions {
    pub min_count: usize,
    pub max_words: usize,
    pub contexts: usize,
    pub dims: usize,
    pub coarse: usize,
    pub fine: usize,
    pub iterations: usize,
    pub seed: u64,
    /// Context words and the words classed first come from the base text
    /// ([`ClassText::mark_base`]); the text after it adds counts only.
    pub base_vocab: bool,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            min_count: 3,
            max_words: 60_000,
            contexts: 1000,
            dims: 64,
            coarse: 64,
            fine: 512,
            iterations: 12,
            seed: 7,
            base_vocab: false,
        }
    }
}

/// Deterministic xorshift generator (the model must be reproducible).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// Split raw text into tokens the way the NER corpora do: at spaces, with
/// leading and trailing punctuation split off (inner hyphens stay).
pub fn corpus_tokens(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for w in line.split_whitespace() {
        let start = w
            .char_indices()
            .find(|(_, c)| c.is_alphanumeric())
            .map(|(i, _)| i);
        let Some(start) = start else {
            out.extend(w.char_indices().map(|(i, c)| &w[i..i + c.len_utf8()]));
            continue;
        };
        let end = w
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_alphanumeric())
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(w.len());
        out.extend(
            w[..start]
                .char_indices()
                .map(|(i, c)| &w[i..i + c.len_utf8()]),
        );
        out.push(&w[start..end]);
        out.extend(
            w[end..]
                .char_indices()
                .map(|(i, c)| &w[end + i..end + i + c.len_utf8()]),
        );
    }
    out
}

fn kmeans(vecs: &[f32], dims: usize, k: usize, iters: usize, rng: &mut Rng) -> Vec<u16> {
    let n = vecs.len() / dims;
    let k = k.min(n).max(1);
    let mut cent: Vec<f32> = Vec::with_capacity(k * dims);
    // Seeds: distinct random words (frequent words come first, so seeding
    // from all words spreads classes over the vocabulary).
    let mut used = std::collections::HashSet::new();
    while cent.len() < k * dims {
        let i = rng.below(n);
        if used.insert(i) || used.len() >= n {
            cent.extend_from_slice(&vecs[i * dims..(i + 1) * dims]);
        }
    }
    let mut assign = vec![0u16; n];
    // Words are assigned in parallel chunks (each word's class does not
    // depend on the others, so the result does not depend on the threads).
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = n.div_ceil(threads).max(1);
    for _ in 0..iters {
        let centroids = &cent;
        std::thread::scope(|sc| {
            for (part, out) in assign.chunks_mut(chunk).enumerate() {
                sc.spawn(move || {
                    for (j, a) in out.iter_mut().enumerate() {
                        let i = part * chunk + j;
                        let v = &vecs[i * dims..(i + 1) * dims];
                        let mut best = f32::NEG_INFINITY;
                        for c in 0..k {
                            let cv = &centroids[c * dims..(c + 1) * dims];
                            let d: f32 = v.iter().zip(cv).map(|(a, b)| a * b).sum();
                            if d > best {
                                best = d;
                                *a = c as u16;
                            }
                        }
                    }
                });
            }
        });
        let mut sum = vec![0f32; k * dims];
        let mut cnt = vec![0usize; k];
        for (i, a) in assign.iter().enumerate() {
            let a = *a as usize;
            cnt[a] += 1;
            for d in 0..dims {
                sum[a * dims + d] += vecs[i * dims + d];
            }
        }
        for c in 0..k {
            if cnt[c] == 0 {
                // Re-seed an empty class with a random word.
                let i = rng.below(n);
                sum[c * dims..(c + 1) * dims].copy_from_slice(&vecs[i * dims..(i + 1) * dims]);
            }
            let s = &mut sum[c * dims..(c + 1) * dims];
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            s.iter_mut().for_each(|x| *x /= norm);
        }
        cent = sum;
    }
    assign
}

/// Tokenised unlabeled text for word classes, interned: each distinct form
/// once, sentences as runs of form ids (21M words of text fit in ~100 MB).
#[derive(Default)]
pub struct ClassText {
    forms: Vec<String>,
    ids: HashMap<String, u32>,
    /// Form ids; `SEP` closes each sentence.
    toks: Vec<u32>,
    /// Where the added text begins ([`ClassText::mark_base`]).
    base_end: Option<usize>,
}

const SEP: u32 = u32::MAX;
const NONE: u32 = u32::MAX;

impl ClassText {
    /// Append one sentence (empty ones are skipped).
    pub fn push<S: AsRef<str>>(&mut self, sentence: impl IntoIterator<Item = S>) {
        let before = self.toks.len();
        for t in sentence {
            let t = t.as_ref();
            let id = match self.ids.get(t) {
                Some(&id) => id,
                None => {
                    let id = self.forms.len() as u32;
                    self.forms.push(t.to_string());
                    self.ids.insert(t.to_string(), id);
                    id
                }
            };
            self.toks.push(id);
        }
        if self.toks.len() > before {
            self.toks.push(SEP);
        }
    }

    /// The text so far is the base text (see [`ClusterOptions::base_vocab`]).
    pub fn mark_base(&mut self) {
        self.base_end = Some(self.toks.len());
    }

    /// Running tokens (sentence ends not counted).
    pub fn tokens(&self) -> usize {
        self.toks.iter().filter(|&&t| t != SEP).count()
    }

    fn sentences(&self) -> impl Iterator<Item = &[u32]> {
        self.toks.split(|&t| t == SEP).filter(|s| !s.is_empty())
    }
}

/// Learn word classes from tokenised sentences; returns exact-form key → (coarse, fine).
#[cfg(test)]
pub fn learn(sentences: &[Vec<String>], opt: &ClusterOptions) -> KeyMap<(u16, u16)> {
    let mut text = ClassText::default();
    for s in sentences {
        text.push(s);
    }
    learn_text(&text, opt)
}

/// [`learn`] over interned text.
pub fn learn_text(text: &ClassText, opt: &ClusterOptions) -> KeyMap<(u16, u16)> {
    let mut freq = vec![0usize; text.forms.len()];
    for &t in &text.toks {
        if t != SEP {
            freq[t as usize] += 1;
        }
    }
    // With `base_vocab`, the text before the mark chooses the context words
    // and the words classed first; the rest adds counts only.
    let base_end = match (opt.base_vocab, text.base_end) {
        (true, Some(end)) => end,
        _ => text.toks.len(),
    };
    let mut base_freq = freq.clone();
    if base_end < text.toks.len() {
        base_freq.iter_mut().for_each(|x| *x = 0);
        for &t in &text.toks[..base_end] {
            if t != SEP {
                base_freq[t as usize] += 1;
            }
        }
    }
    let form = |id: u32| text.forms[id as usize].as_str();
    let mut by_base: Vec<(u32, usize)> = base_freq
        .iter()
        .enumerate()
        .filter(|x| *x.1 > 0)
        .map(|(i, &c)| (i as u32, c))
        .collect();
    by_base.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(form(a.0).cmp(form(b.0))));
    let c = opt.contexts;
    // Per form: its context number (the `contexts` most frequent forms) or,
    // for rarer forms, a shape class (capitalised / number / other).
    let mut ctx: Vec<u32> = text
        .forms
        .iter()
        .map(|w| {
            (c + match w.chars().next() {
                Some(ch) if ch.is_uppercase() => 0,
                Some(ch) if ch.is_numeric() => 1,
                _ => 2,
            }) as u32
        })
        .collect();
    for (i, (w, _)) in by_base.iter().take(c).enumerate() {
        ctx[*w as usize] = i as u32;
    }
    // Words frequent enough in the base text first, then the others; each
    // group by count over all text.
    let in_base = |w: u32| base_freq[w as usize] >= opt.min_count;
    let mut words: Vec<(u32, usize)> = freq
        .iter()
        .enumerate()
        .filter(|x| *x.1 >= opt.min_count)
        .map(|(i, &c)| (i as u32, c))
        .collect();
    words.sort_unstable_by(|a, b| {
        in_base(b.0)
            .cmp(&in_base(a.0))
            .then(b.1.cmp(&a.1))
            .then(form(a.0).cmp(form(b.0)))
    });
    drop(by_base);
    words.truncate(opt.max_words);
    let n = words.len();
    if n == 0 {
        return KeyMap::default();
    }
    let mut index = vec![NONE; text.forms.len()];
    for (i, (w, _)) in words.iter().enumerate() {
        index[*w as usize] = i as u32;
    }
    // Context ids: 0..C+4 left neighbours, C+4..2C+8 right; C+3 the sentence edge.
    let edge = (c + 3) as u32;
    let right = (c + 4) as u32;
    // (word, context) pairs as sortable keys, counted by runs after sorting.
    let mut pairs: Vec<u64> = Vec::new();
    for s in text.sentences() {
        for (i, &t) in s.iter().enumerate() {
            let wi = index[t as usize];
            if wi == NONE {
                continue;
            }
            let l = if i > 0 { ctx[s[i - 1] as usize] } else { edge };
            let r = right + s.get(i + 1).map_or(edge, |&x| ctx[x as usize]);
            pairs.push((wi as u64) << 32 | l as u64);
            pairs.push((wi as u64) << 32 | r as u64);
        }
    }
    pairs.sort_unstable();
    let ctx_dims = 2 * (c + 4);
    let mut rng = Rng::new(opt.seed);
    let proj: Vec<f32> = (0..ctx_dims * opt.dims)
        .map(|_| if rng.next_u64() & 1 == 0 { 1.0 } else { -1.0 })
        .collect();
    let mut vecs = vec![0f32; n * opt.dims];
    // A fixed order (ascending word, context): float sums must not depend
    // on the order of the text.
    let mut k = 0;
    while k < pairs.len() {
        let key = pairs[k];
        let run = pairs[k..].iter().take_while(|&&p| p == key).count();
        k += run;
        let (w, cx) = ((key >> 32) as usize, (key & 0xffff_ffff) as usize);
        // Square root damps the dominance of very frequent pairs.
        let v = (run as f32).sqrt();
        for d in 0..opt.dims {
            vecs[w * opt.dims + d] += v * proj[cx * opt.dims + d];
        }
    }
    drop(pairs);
    for w in 0..n {
        let s = &mut vecs[w * opt.dims..(w + 1) * opt.dims];
        let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
        s.iter_mut().for_each(|x| *x /= norm);
    }
    let coarse = kmeans(&vecs, opt.dims, opt.coarse, opt.iterations, &mut rng);
    let fine = kmeans(&vecs, opt.dims, opt.fine, opt.iterations, &mut rng);
    let mut out = KeyMap::with_capacity_and_hasher(n, Default::default());
    for (i, (w, _)) in words.iter().enumerate() {
        out.insert(key32(str_hash(form(*w))), (coarse[i], fine[i]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_outer_punctuation() {
        assert_eq!(
            corpus_tokens("(Rubio) sagte: \"US-Außenminister\"."),
            vec![
                "(",
                "Rubio",
                ")",
                "sagte",
                ":",
                "\"",
                "US-Außenminister",
                "\"",
                "."
            ]
        );
        assert_eq!(corpus_tokens("..."), vec![".", ".", "."]);
    }

    #[test]
    fn similar_contexts_share_a_class() {
        let mut sents = Vec::new();
        for name in ["Berlin", "Paris", "Rom"] {
            for _ in 0..5 {
                sents.push(vec![
                    "in".to_string(),
                    name.to_string(),
                    "wohnen".to_string(),
                ]);
            }
        }
        for verb in ["lachen", "weinen", "singen"] {
            for _ in 0..5 {
                sents.push(vec![
                    "sie".to_string(),
                    "wollen".to_string(),
                    verb.to_string(),
                ]);
            }
        }
        let opt = ClusterOptions {
            min_count: 2,
            coarse: 2,
            fine: 2,
            contexts: 10,
            dims: 32,
            ..Default::default()
        };
        let cl = learn(&sents, &opt);
        let get = |w: &str| cl[&key32(str_hash(w))].0;
        assert_eq!(get("Berlin"), get("Paris"));
        assert_eq!(get("lachen"), get("singen"));
    }
}
