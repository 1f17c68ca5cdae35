//! The tagger's fast path for shipped models: the same scores as
//! [`features::extract`] followed by [`Model::decode`], with the work that
//! depends on one word only done once per word and thread.
//!
//! Of a token's ~35 features, more than half depend on one word alone: its
//! own form, shape, affixes and clusters, and what a neighbour at
//! [`NEAR_OFFSETS`] gives it (lowercase form, class, frequency band, word
//! class; [`features::near_features`]). Their weight rows are random reads in a
//! table of several MB, the tagger's largest cost. Word frequencies are
//! Zipfian, so a per-thread cache of each word's summed rows turns most of
//! those reads into one; the remaining context features are looked up as
//! before. Scores are integer sums, so the split gives identical emissions.

use std::cell::RefCell;
use std::collections::HashMap;

use super::features::{self, Part, SentenceFeatures, TokInfo, NEAR_OFFSETS};
use super::hash::str_hash;
use super::model::{Model, NL};
use super::resources::Resources;
use crate::hashing::FastBuild;

/// Words a cache generation holds. When the current generation is full it
/// becomes the previous one and the one before is dropped, so words in use
/// stay (a hit in the previous generation moves the word to the current
/// one) while a stream's rare words make room: at most twice this many
/// words (~200 bytes each) per thread.
const GENERATION: usize = 25_000;

/// The rows of the features that depend on one word only.
#[derive(Debug, Clone, Copy)]
struct WordRows {
    /// Sum of the rows of the word's [`features::Src::Own`] and
    /// [`features::Src::Start`] features: `own[1]` where the word starts the
    /// sentence, `own[0]` elsewhere.
    own: [[i32; NL]; 2],
    /// Sum of the rows of the [`features::Src::Near`] features `k` that the
    /// word gives the token at `-NEAR_OFFSETS[k]` from it.
    near: [[i32; NL]; NEAR_OFFSETS.len()],
}

#[derive(Debug, Clone)]
struct Word {
    form: Box<str>,
    info: TokInfo,
    rows: WordRows,
}

type WordMap = HashMap<u64, Word, FastBuild>;

struct Cache {
    /// Which model and resources the entries belong to (see [`tag`]).
    uid: u64,
    current: WordMap,
    previous: WordMap,
    /// Sums of the rows of the [`features::Src::Near`] features outside the
    /// sentence.
    pad: [[i32; NL]; NEAR_OFFSETS.len()],
}

impl Cache {
    /// Push the word's features and rows onto `buf`, if cached, and say
    /// whether it was (a word found in the previous generation moves to the
    /// current one). Copied straight from the entry: the two are most of a
    /// cache line each.
    fn push_cached(&mut self, key: u64, form: &str, buf: &mut Buffers) -> bool {
        if let Some(w) = self.current.get(&key) {
            if &*w.form == form {
                buf.infos.push(w.info);
                buf.rows.push(Some(w.rows));
                return true;
            }
        }
        let Some(w) = self.previous.remove(&key) else {
            return false;
        };
        if &*w.form != form {
            return false;
        }
        buf.infos.push(w.info);
        buf.rows.push(Some(w.rows));
        self.insert(key, w);
        true
    }

    fn insert(&mut self, key: u64, w: Word) {
        if self.current.len() >= GENERATION {
            self.previous = std::mem::take(&mut self.current);
        }
        self.current.insert(key, w);
    }
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache {
        uid: 0,
        current: HashMap::default(),
        previous: HashMap::default(),
        pad: [[0; NL]; NEAR_OFFSETS.len()],
    });
}

/// Empty this thread's cache (benchmarks start each round cold with it).
pub(super) fn clear_thread_cache() {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        c.uid = 0;
        c.current = HashMap::default();
        c.previous = HashMap::default();
    });
}

/// Reusable buffers of [`tag`].
#[derive(Debug, Default)]
pub(super) struct Buffers {
    feats: SentenceFeatures,
    base: Vec<[i32; NL]>,
    infos: Vec<TokInfo>,
    rows: Vec<Option<WordRows>>,
    /// Features of the words not in the cache, and their row indices.
    new_feats: Vec<u64>,
    new_rows: Vec<u32>,
    new_tokens: Vec<usize>,
    /// Where each new word's features start in `new_feats` (one more at the end).
    new_starts: Vec<usize>,
    /// Row indices of `feats` (scratch of the emission scores).
    feat_rows: Vec<u32>,
    emit: Vec<f32>,
}

impl Buffers {
    /// The emission scores of the last sentence [`tag`] tagged.
    pub(super) fn emissions(&self) -> &[f32] {
        &self.emit
    }
}

/// Tag one sentence: IOB2 label indices into `out`, exactly as
/// `model.decode(extract(res, tokens))` gives them. `uid` names the pair
/// (`res`, `model`) uniquely and neither may change under it (0 is not a
/// valid uid: callers use the reference path for unnamed models).
pub(super) fn tag(
    res: &Resources,
    model: &Model,
    uid: u64,
    tokens: &[&str],
    buf: &mut Buffers,
    out: &mut Vec<u8>,
) {
    debug_assert_ne!(uid, 0);
    let n = tokens.len();
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.uid != uid {
            cache.current.clear();
            cache.previous.clear();
            cache.uid = uid;
            for (k, p) in cache.pad.iter_mut().enumerate() {
                *p = [0; NL];
                features::near_features(res, k, None, |h| {
                    if let Some(row) = model.row(h) {
                        add_row(p, row);
                    }
                });
            }
        }
        buf.infos.clear();
        buf.rows.clear();
        buf.new_tokens.clear();
        for (i, &t) in tokens.iter().enumerate() {
            if !cache.push_cached(str_hash(t), t, buf) {
                buf.infos.push(features::tok_info(res, t));
                buf.rows.push(None);
                buf.new_tokens.push(i);
            }
        }
        if !buf.new_tokens.is_empty() {
            rows_of_new_words(res, model, buf);
            for &i in &buf.new_tokens {
                if let Some(rows) = buf.rows[i] {
                    let word = Word {
                        form: tokens[i].into(),
                        info: buf.infos[i],
                        rows,
                    };
                    cache.insert(str_hash(tokens[i]), word);
                }
            }
        }
        // Each token's base: its own rows and its neighbours' near rows.
        buf.base.clear();
        for i in 0..n {
            let mut acc = buf.rows[i].map_or([0; NL], |r| r.own[(i == 0) as usize]);
            for (k, off) in NEAR_OFFSETS.iter().enumerate() {
                let j = i as isize + off;
                let row = if j < 0 || j as usize >= n {
                    &cache.pad[k]
                } else {
                    match &buf.rows[j as usize] {
                        Some(r) => &r.near[k],
                        None => continue,
                    }
                };
                for l in 0..NL {
                    acc[l] += row[l];
                }
            }
            buf.base.push(acc);
        }
    });
    features::mark_gazetteer(res, &mut buf.infos);
    buf.feats.feats.clear();
    buf.feats.offsets.clear();
    buf.feats.offsets.push(0);
    for i in 0..n {
        // The context features only: the rest is in `base`.
        let feats = &mut buf.feats.feats;
        features::token_features(res, &buf.infos, i, Part::Context, |_, h| feats.push(h));
        buf.feats.offsets.push(buf.feats.feats.len() as u32);
    }
    model.decode_with_base(
        &buf.feats,
        &buf.base,
        &mut buf.feat_rows,
        &mut buf.emit,
        out,
    );
}

/// Add a weight row to a sum of rows.
#[inline]
fn add_row(acc: &mut [i32; NL], row: &[i16; NL]) {
    for l in 0..NL {
        acc[l] += row[l] as i32;
    }
}

/// Fill `buf.rows` for `buf.new_tokens`: their features' rows are looked up
/// in one batch, so the model's prefetching covers them.
fn rows_of_new_words(res: &Resources, model: &Model, buf: &mut Buffers) {
    const NEAR: usize = NEAR_OFFSETS.len();
    buf.new_feats.clear();
    // Per new word NEAR + 3 runs of features, each recorded by its start in
    // `starts`: the near features k = 0..NEAR, the word's own, its start
    // features after the start and at the start.
    let starts = &mut buf.new_starts;
    starts.clear();
    for &i in &buf.new_tokens {
        let info = buf.infos[i];
        for k in 0..NEAR {
            starts.push(buf.new_feats.len());
            features::near_features(res, k, Some(&info), |h| buf.new_feats.push(h));
        }
        starts.push(buf.new_feats.len());
        // Own features do not read context, so a sentence of one word
        // gives them all.
        let feats = &mut buf.new_feats;
        features::token_features(res, &[info], 0, Part::Own, |_, h| feats.push(h));
        for first in [false, true] {
            starts.push(buf.new_feats.len());
            features::start_features(res, &info, first, |h| buf.new_feats.push(h));
        }
    }
    starts.push(buf.new_feats.len());
    model.row_indices(&buf.new_feats, &mut buf.new_rows);
    let sum = |from: usize, to: usize| {
        let mut acc = [0i32; NL];
        for &r in &buf.new_rows[starts[from]..starts[to]] {
            if let Some(row) = model.row_at(r) {
                add_row(&mut acc, row);
            }
        }
        acc
    };
    for (w, &i) in buf.new_tokens.iter().enumerate() {
        let first = w * (NEAR + 3);
        let near = std::array::from_fn(|k| sum(first + k, first + k + 1));
        let mut own = [sum(first + NEAR, first + NEAR + 1); 2];
        for (at_start, own) in own.iter_mut().enumerate() {
            let run = first + NEAR + 1 + at_start;
            let start = sum(run, run + 1);
            for l in 0..NL {
                own[l] += start[l];
            }
        }
        buf.rows[i] = Some(WordRows { own, near });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::ner::NerTagger;

    /// The fast path gives the reference path's emission scores exactly, for
    /// words seen before and not, across the cache's generations.
    #[test]
    fn same_scores_as_the_reference_path() {
        let tagger = NerTagger::shared();
        let sentences: [&[&str]; 4] = [
            &[
                "US-Außenminister",
                "Marco",
                "Rubio",
                "traf",
                "Lawrow",
                "in",
                "Kuala",
                "Lumpur",
                ".",
            ],
            &[
                "Rubio",
                "sagte",
                ",",
                "die",
                "Gespräche",
                "seien",
                "offen",
                "gewesen",
                ".",
            ],
            &[
                "Die",
                "Staatsanwaltschaft",
                "Stendal",
                "ermittelt",
                "gegen",
                "Rubio",
                ".",
            ],
            &["x"],
        ];
        for lang in [Lang::De, Lang::En] {
            let Some(m) = tagger.model(lang) else {
                continue;
            };
            let mut buf = Buffers::default();
            for round in 0..2 {
                for s in sentences {
                    let mut fast = Vec::new();
                    tag(
                        &m.resources,
                        &m.model,
                        m.resources_uid,
                        s,
                        &mut buf,
                        &mut fast,
                    );
                    let mut f = SentenceFeatures::default();
                    features::extract(&m.resources, s, &mut f);
                    let (mut emit, mut reference) = (Vec::new(), Vec::new());
                    m.model.decode(&f, &mut emit, &mut reference);
                    assert_eq!(buf.emit, emit, "{lang:?} round {round}: {s:?}");
                    assert_eq!(fast, reference);
                }
            }
        }
        clear_thread_cache();
    }
}
