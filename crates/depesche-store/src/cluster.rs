//! Agency copies and stories.
//!
//! * **Near-duplicates** (lightly edited copies of one agency text): MinHash
//!   over word 3-gram shingles (folded, unstemmed), LSH banding for candidate
//!   pairs, then the estimated Jaccard similarity decides. Copies form groups
//!   (union-find); the earliest article of a group is its original, the others
//!   carry `duplicate_of`.
//! * **Stories** (different reports of the same event): each copy group is one
//!   node; nodes link when the cosine of their TF-IDF vectors (stemmed
//!   content words, the title counted twice, numbers kept, and entity names
//!   as extra terms when the pipeline found entities) passes a threshold.
//!   Reports dated more than a window apart never link; a pair without dates
//!   needs a higher threshold. Linked nodes form a story (single linkage);
//!   `story_id` is the `pk` of its earliest article, so ids are stable when a
//!   story only grows.
//!
//! Everything here works from text alone and uses entities when present.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use depesche::hashing::FastBuild;
use depesche::lang::Lang;
use depesche::langdata::LangData;
use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use crate::fold::{fold_into, fold_key, words};

/// MinHash signature length: 42 LSH bands of 3 rows.
pub const MINHASH_LEN: usize = 126;
const BAND_ROWS: usize = 3;

/// Tunables, with defaults chosen on the clustering fixtures and checked on
/// 10kGNAD (see docs/store.md).
#[derive(Debug, Clone)]
pub struct ClusterParams {
    /// Estimated Jaccard similarity of shingle sets at which two texts are copies.
    pub duplicate_jaccard: f64,
    /// Texts with fewer distinct shingles (about words) are never copies.
    pub duplicate_min_shingles: usize,
    /// Similarity at which two reports dated within the window belong to one story.
    pub story_similarity: f64,
    /// Similarity needed when either report has no date: without the time
    /// window as evidence, more text evidence is asked for.
    pub story_similarity_undated: f64,
    /// Reports further apart than this many days are never one story.
    pub story_window_days: i64,
    /// A word 5-gram in at least this many copy groups is boilerplate and
    /// left out of story similarity.
    pub boilerplate_groups: u32,
    /// Distinctive terms per node used to find candidate pairs (large corpora).
    pub candidate_terms: usize,
    /// Cosine of the entity vectors (people, organisations, places by their
    /// corpus-wide keys, idf-weighted) at which two reports in different
    /// languages dated within the window belong to one story.
    pub story_entity_similarity: f64,
    /// Shared entity keys a pair in different languages needs at least.
    pub story_entity_min_shared: usize,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            duplicate_jaccard: 0.5,
            duplicate_min_shingles: 20,
            story_similarity: 0.15,
            story_similarity_undated: 0.25,
            story_window_days: 3,
            boilerplate_groups: 3,
            candidate_terms: 30,
            story_entity_similarity: 0.3,
            story_entity_min_shared: 3,
        }
    }
}

/// What clustering needs to know of one article.
#[derive(Debug, Clone)]
pub struct ClusterItem {
    pub pk: i64,
    pub published: Option<NaiveDate>,
    pub minhash: MinHash,
    /// Stemmed, folded words of title and body (as indexed for search).
    pub terms: Vec<String>,
    /// Corpus-wide entity keys (see [`crate::identity`]), and `at:<geonameid>`
    /// for every geocoded place (the town a street lies in, the country a
    /// name fell back to): those count only between languages, where words
    /// cannot meet; within one language they would tie every report from
    /// one town together.
    pub entities: Vec<String>,
    /// Language code: reports in different languages share names, places
    /// and numbers but hardly a word, so they are compared by entities.
    pub lang: String,
}

/// The result for one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    pub pk: i64,
    pub duplicate_of: Option<i64>,
    pub story_id: i64,
}

/// A MinHash signature of a text's word 3-gram shingles (folded, unstemmed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MinHash {
    /// Distinct shingles in the text: short texts are never copies (a stub
    /// made mostly of boilerplate would look like every other stub).
    pub shingles: u32,
    pub values: Vec<u32>,
}

impl MinHash {
    pub fn of(text: &str) -> Self {
        // Folded words, space-separated in one buffer: a shingle is the slice
        // "w0 w1 w2", hashed without building a key per shingle.
        let mut folded = String::with_capacity(text.len());
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (_, w) in words(text) {
            if !folded.is_empty() {
                folded.push(' ');
            }
            let start = folded.len();
            fold_into(w, &mut folded);
            spans.push((start, folded.len()));
        }
        let mut shingles: Vec<u64> = if spans.len() < 3 {
            spans
                .iter()
                .map(|&(s, e)| xxh3_64(&folded.as_bytes()[s..e]))
                .collect()
        } else {
            spans
                .windows(3)
                .map(|w| xxh3_64(&folded.as_bytes()[w[0].0..w[2].1]))
                .collect()
        };
        shingles.sort_unstable();
        shingles.dedup();
        let mut values = vec![u32::MAX; MINHASH_LEN];
        for &h in &shingles {
            for (i, slot) in values.iter_mut().enumerate() {
                // One base hash re-mixed per slot (splitmix64) stands in for
                // independent permutations at a fraction of the cost.
                let v = (splitmix64(h ^ SEEDS[i]) >> 32) as u32;
                if v < *slot {
                    *slot = v;
                }
            }
        }
        MinHash {
            shingles: shingles.len().min(u32::MAX as usize) as u32,
            values,
        }
    }

    /// Stored form: shingle count then the values, little-endian u32s.
    pub fn to_blob(&self) -> Vec<u8> {
        std::iter::once(self.shingles)
            .chain(self.values.iter().copied())
            .flat_map(|v| v.to_le_bytes())
            .collect()
    }

    pub fn from_blob(blob: &[u8]) -> Self {
        let mut it = blob
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        MinHash {
            shingles: it.next().unwrap_or(0),
            values: it.collect(),
        }
    }

    /// Share of equal slots: an estimate of the Jaccard similarity.
    pub fn jaccard(&self, other: &MinHash) -> f64 {
        let (a, b) = (&self.values, &other.values);
        if a.len() != b.len() || a.is_empty() || self.shingles == 0 || other.shingles == 0 {
            return 0.0;
        }
        a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
    }
}

const SEEDS: [u64; MINHASH_LEN] = {
    let mut s = [0u64; MINHASH_LEN];
    let mut x: u64 = 0x5DEE_CE66_D1CE_4E5B;
    let mut i = 0;
    while i < MINHASH_LEN {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        s[i] = x;
        i += 1;
    }
    s
};

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    /// Joins the two sets; the smaller index becomes the root, so roots are
    /// the earliest items when items are sorted by age.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// Group copies and stories. Items may come in any order; results are in
/// the same order as `items`.
pub fn cluster(items: &[ClusterItem], params: &ClusterParams) -> Vec<Assignment> {
    let n = items.len();
    // Age order: dated articles first by date, then by pk (ingest order).
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| {
        (
            items[i].published.is_none(),
            items[i].published,
            items[i].pk,
        )
    });
    let sorted: Vec<&ClusterItem> = order.iter().map(|&i| &items[i]).collect();

    let dup = duplicate_groups(&sorted, params);
    let story = story_groups(&sorted, &dup, params);

    let mut out = vec![
        Assignment {
            pk: 0,
            duplicate_of: None,
            story_id: 0
        };
        n
    ];
    for (pos, &orig) in order.iter().enumerate() {
        let root = dup[pos];
        out[orig] = Assignment {
            pk: sorted[pos].pk,
            duplicate_of: (root != pos).then(|| sorted[root].pk),
            story_id: sorted[story[pos]].pk,
        };
    }
    out
}

/// For each (age-sorted) item, the index of its copy group's original.
fn duplicate_groups(items: &[&ClusterItem], params: &ClusterParams) -> Vec<usize> {
    let n = items.len();
    let mut uf = UnionFind::new(n);
    let debug = std::env::var_os("DEPESCHE_DEBUG_CLUSTER").is_some();
    let bands = MINHASH_LEN / BAND_ROWS;
    for band in 0..bands {
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, it) in items.iter().enumerate() {
            if it.minhash.values.len() != MINHASH_LEN
                || (it.minhash.shingles as usize) < params.duplicate_min_shingles
            {
                continue;
            }
            let rows = &it.minhash.values[band * BAND_ROWS..(band + 1) * BAND_ROWS];
            let mut key = [0u8; 4 * BAND_ROWS];
            for (k, r) in rows.iter().enumerate() {
                key[4 * k..4 * k + 4].copy_from_slice(&r.to_le_bytes());
            }
            buckets.entry(xxh3_64(&key)).or_default().push(i);
        }
        for members in buckets.values() {
            if members.len() < 2 {
                continue;
            }
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    if uf.find(a) == uf.find(b) {
                        continue;
                    }
                    let j = items[a].minhash.jaccard(&items[b].minhash);
                    if debug {
                        eprintln!("copy jaccard {} {} = {j:.3}", items[a].pk, items[b].pk);
                    }
                    if j >= params.duplicate_jaccard {
                        uf.union(a, b);
                    }
                }
            }
        }
    }
    (0..n).map(|i| uf.find(i)).collect()
}

/// Word n-gram length for boilerplate detection.
const BOILERPLATE_GRAM: usize = 5;

/// An entity counts as this many occurrences of a word.
const ENTITY_WEIGHT: f64 = 1.0;

/// Up to this many nodes, story clustering compares every pair.
const EXHAUSTIVE_NODES: usize = 3000;

/// Stopwords (German and English function words, `resources/<lang>/stopwords.txt`
/// of the library), compared after stemming.
fn stopword_stems() -> std::collections::HashSet<String> {
    let de = crate::fold::WordStemmer::for_lang("de");
    let en = crate::fold::WordStemmer::for_lang("en");
    [Lang::De, Lang::En]
        .into_iter()
        .flat_map(|lang| LangData::get(lang).words("stopwords", "stopwords"))
        .flat_map(|w| [de.stem(w), en.stem(w), fold_key(w)])
        .collect()
}

/// For each (age-sorted) item, the index of its story's earliest item.
fn story_groups(items: &[&ClusterItem], dup: &[usize], params: &ClusterParams) -> Vec<usize> {
    let n = items.len();
    // Nodes: copy groups, identified by their original's index.
    let mut node_of = vec![usize::MAX; n];
    let mut nodes: Vec<Vec<usize>> = Vec::new();
    for i in 0..n {
        let root = dup[i];
        if node_of[root] == usize::MAX {
            node_of[root] = nodes.len();
            nodes.push(Vec::new());
        }
        node_of[i] = node_of[root];
        nodes[node_of[i]].push(i);
    }
    let stop = stopword_stems();
    // Every distinct term gets an id once, with whether it counts (numbers
    // stay: "48 Bewohner", "L547" tie reports of one event together; one-
    // and two-letter words and stopwords do not). Each occurrence then costs
    // one lookup.
    let mut vocab: HashMap<&str, u32, FastBuild> = HashMap::default();
    let mut counts: Vec<bool> = Vec::new();
    let mut term_hash: Vec<u64> = Vec::new();
    let ids: Vec<Vec<u32>> = items
        .iter()
        .map(|it| {
            it.terms
                .iter()
                .map(|t| {
                    *vocab.entry(t.as_str()).or_insert_with(|| {
                        let digits = t.chars().all(|c| c.is_ascii_digit());
                        let short = (!digits && t.chars().count() < 3) || (digits && t.len() < 2);
                        counts.push(!short && !stop.contains(t));
                        term_hash.push(xxh3_64(t.as_bytes()));
                        (counts.len() - 1) as u32
                    })
                })
                .collect()
        })
        .collect();
    // Boilerplate: word 5-grams found in several copy groups ("Der Volltext
    // dieses Artikels steht nicht mehr zur Verfügung", newsletter lines). Its
    // words are rare, so idf would make them look like a shared event.
    let gram_hash = |w: &[u32]| {
        w.iter().fold(0x243F_6A88_85A3_08D3u64, |h, &t| {
            (h ^ term_hash[t as usize])
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .rotate_left(29)
        })
    };
    let mut gram_df: HashMap<u64, u32, FastBuild> = HashMap::default();
    for members in &nodes {
        let mut seen: HashSet<u64, FastBuild> = HashSet::default();
        for &m in members {
            for w in ids[m].windows(BOILERPLATE_GRAM) {
                seen.insert(gram_hash(w));
            }
        }
        for g in seen {
            *gram_df.entry(g).or_insert(0) += 1;
        }
    }
    // Entity names join the vector as terms of their own (one per entity:
    // their words are counted already), so that canonical names unify
    // variants ("Scheutz", "Alexander Scheutz") and idf discounts names
    // every report shares. Other names get ids after all words.
    let mut entity_ids: HashMap<&str, u32, FastBuild> = HashMap::default();
    // Words that are also one-word entity keys (they count as entities).
    let mut entity_words: HashSet<u32, FastBuild> = HashSet::default();
    // `at:` place terms: in the entity vectors only.
    let mut where_terms: HashSet<u32, FastBuild> = HashSet::default();
    let n_words = counts.len() as u32;
    // Term frequencies per node (a copy group counts its terms once per copy).
    let mut tfs: Vec<Vec<(u32, f64)>> = Vec::with_capacity(nodes.len());
    let mut acc: HashMap<u32, f64, FastBuild> = HashMap::default();
    for members in &nodes {
        acc.clear();
        for &m in members {
            let terms = &ids[m];
            let mut boiler = vec![false; terms.len()];
            for (i, w) in terms.windows(BOILERPLATE_GRAM).enumerate() {
                if gram_df.get(&gram_hash(w)).copied().unwrap_or(0) >= params.boilerplate_groups {
                    boiler[i..i + BOILERPLATE_GRAM]
                        .iter_mut()
                        .for_each(|b| *b = true);
                }
            }
            for (&t, _) in terms.iter().zip(&boiler).filter(|(_, &b)| !b) {
                if counts[t as usize] {
                    *acc.entry(t).or_insert(0.0) += 1.0 / members.len() as f64;
                }
            }
            for e in &items[m].entities {
                // A one-word name that is also a counted word shares its term.
                let id = match vocab.get(e.as_str()) {
                    Some(&w) if counts[w as usize] => {
                        entity_words.insert(w);
                        w
                    }
                    _ => {
                        let next = n_words + entity_ids.len() as u32;
                        let id = *entity_ids.entry(e.as_str()).or_insert(next);
                        if e.starts_with("at:") {
                            where_terms.insert(id);
                        }
                        id
                    }
                };
                *acc.entry(id).or_insert(0.0) += ENTITY_WEIGHT / members.len() as f64;
            }
        }
        let mut tf: Vec<(u32, f64)> = acc.iter().map(|(&t, &f)| (t, f)).collect();
        tf.sort_unstable_by_key(|x| x.0);
        tfs.push(tf);
    }
    let vocab_len = n_words as usize + entity_ids.len();
    let mut df = vec![0u32; vocab_len];
    for tf in &tfs {
        for &(t, _) in tf {
            df[t as usize] += 1;
        }
    }
    let n_nodes = nodes.len() as f64;
    // Smoothed idf: small corpora still weigh shared event words.
    let idf: Vec<f64> = df
        .iter()
        .map(|&d| (1.0 + n_nodes / d as f64).ln())
        .collect();
    let vectors: Vec<Vec<(u32, f64)>> = tfs
        .iter()
        .map(|tf| {
            let mut v: Vec<(u32, f64)> = tf
                .iter()
                .filter(|&&(t, _)| !where_terms.contains(&t))
                .map(|&(t, f)| (t, (1.0 + f.ln().max(0.0)) * idf[t as usize]))
                .collect();
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|x| x.1 /= norm);
            }
            v.sort_unstable_by_key(|x| x.0);
            v
        })
        .collect();
    // Entity vectors: the entity terms alone, renormalised, for pairs in
    // different languages (their words do not meet).
    let entity_vectors: Vec<Vec<(u32, f64)>> = tfs
        .iter()
        .map(|tf| {
            let mut v: Vec<(u32, f64)> = tf
                .iter()
                .filter(|&&(t, _)| t >= n_words || entity_words.contains(&t))
                .map(|&(t, f)| (t, (1.0 + f.ln().max(0.0)) * idf[t as usize]))
                .collect();
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|x| x.1 /= norm);
            }
            v
        })
        .collect();
    let node_lang: Vec<&str> = nodes
        .iter()
        .map(|members| items[members[0]].lang.as_str())
        .collect();
    let date_range: Vec<Option<(NaiveDate, NaiveDate)>> = nodes
        .iter()
        .map(|members| {
            let dates: Vec<NaiveDate> =
                members.iter().filter_map(|&m| items[m].published).collect();
            Some((*dates.iter().min()?, *dates.iter().max()?))
        })
        .collect();

    // Candidate pairs: every pair in small corpora; in large ones, pairs
    // sharing one of their most distinctive terms (an inverted index).
    // DEPESCHE_DEBUG_CLUSTER=1 prints every pair compared (for tuning).
    let debug = std::env::var_os("DEPESCHE_DEBUG_CLUSTER").is_some();
    let exhaustive = nodes.len() <= EXHAUSTIVE_NODES;
    let top_terms = |v: &[(u32, f64)]| -> Vec<u32> {
        let mut top: Vec<&(u32, f64)> = v.iter().collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        top.iter()
            .take(params.candidate_terms)
            .map(|x| x.0)
            .collect()
    };
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    if !exhaustive {
        for (ni, v) in vectors.iter().enumerate() {
            for t in top_terms(v) {
                postings.entry(t).or_default().push(ni);
            }
        }
    }
    let max_posting = 5000;
    // Exhaustive mode scores every pair that shares a term, by accumulating
    // products over term postings: pairs sharing nothing have similarity 0
    // and never link, and each pair's products are summed in term-id order,
    // as `sparse_dot` sums them, so the scores are the same to the bit.
    let mut term_postings: Vec<Vec<(u32, f64)>> = Vec::new();
    if exhaustive {
        term_postings = vec![Vec::new(); vocab_len];
        for (ni, v) in vectors.iter().enumerate() {
            for &(t, w) in v {
                term_postings[t as usize].push((ni as u32, w));
            }
        }
    }
    let link_if = |ni: usize, nj: usize, sim: f64, linked: &mut Vec<usize>| {
        // Reports in different languages: who and where, not words.
        let cross = node_lang[ni] != node_lang[nj];
        let (sim, dated, undated) = if cross {
            let (a, b) = (&entity_vectors[ni], &entity_vectors[nj]);
            let shared = a
                .iter()
                .filter(|x| b.binary_search_by_key(&x.0, |y| y.0).is_ok())
                .count();
            if shared < params.story_entity_min_shared {
                return;
            }
            let s = params.story_entity_similarity;
            (
                sparse_dot(a, b),
                s,
                s + params.story_similarity_undated - params.story_similarity,
            )
        } else {
            (
                sim,
                params.story_similarity,
                params.story_similarity_undated,
            )
        };
        let threshold = match (date_range[ni], date_range[nj]) {
            (Some(a), Some(b)) => {
                let gap = if a.1 < b.0 {
                    (b.0 - a.1).num_days()
                } else if b.1 < a.0 {
                    (a.0 - b.1).num_days()
                } else {
                    0
                };
                if gap > params.story_window_days {
                    return;
                }
                dated
            }
            _ => undated,
        };
        if debug {
            eprintln!(
                "story sim {} {} = {sim:.3}{}",
                items[nodes[ni][0]].pk,
                items[nodes[nj][0]].pk,
                if cross { " (entities)" } else { "" }
            );
        }
        if sim >= threshold {
            linked.push(nj);
        }
    };
    // Pairs are scored in parallel; the union afterwards depends only on the
    // set of links, so the result does not depend on thread timing.
    let links: Vec<Vec<usize>> = (0..nodes.len())
        .into_par_iter()
        .map_init(
            || (vec![0.0f64; nodes.len()], vec![false; nodes.len()]),
            |(acc, touched), ni| {
                let mut linked = Vec::new();
                if exhaustive {
                    let mut cands: Vec<usize> = Vec::new();
                    for &(t, w) in &vectors[ni] {
                        let list = &term_postings[t as usize];
                        let from = list.partition_point(|&(nj, _)| nj as usize <= ni);
                        for &(nj, w2) in &list[from..] {
                            let nj = nj as usize;
                            if !touched[nj] {
                                touched[nj] = true;
                                cands.push(nj);
                            }
                            acc[nj] += w * w2;
                        }
                    }
                    cands.sort_unstable();
                    for nj in cands {
                        let sim = acc[nj];
                        acc[nj] = 0.0;
                        touched[nj] = false;
                        link_if(ni, nj, sim, &mut linked);
                    }
                } else {
                    let mut c: Vec<usize> = top_terms(&vectors[ni])
                        .into_iter()
                        .filter_map(|t| postings.get(&t))
                        .filter(|list| list.len() <= max_posting)
                        .flatten()
                        .copied()
                        .filter(|&nj| nj > ni)
                        .collect();
                    c.sort_unstable();
                    c.dedup();
                    for nj in c {
                        link_if(ni, nj, sparse_dot(&vectors[ni], &vectors[nj]), &mut linked);
                    }
                }
                linked
            },
        )
        .collect();
    let mut uf = UnionFind::new(nodes.len());
    for (ni, linked) in links.iter().enumerate() {
        for &nj in linked {
            uf.union(ni, nj);
        }
    }
    // Map node roots back to the earliest item of the story.
    let mut first_item = vec![usize::MAX; nodes.len()];
    for (i, &node) in node_of.iter().enumerate() {
        let r = uf.find(node);
        if first_item[r] == usize::MAX {
            first_item[r] = i;
        }
    }
    node_of
        .iter()
        .map(|&node| first_item[uf.find(node)])
        .collect()
}

/// Cosine of two L2-normalised sparse vectors sorted by term id.
fn sparse_dot(a: &[(u32, f64)], b: &[(u32, f64)]) -> f64 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::WordStemmer;

    fn item(pk: i64, date: Option<&str>, text: &str, entities: &[&str]) -> ClusterItem {
        let mut stems = String::new();
        WordStemmer::for_lang("de").stem_text(text, &mut stems);
        ClusterItem {
            pk,
            published: date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
            minhash: MinHash::of(text),
            terms: stems.split(' ').map(String::from).collect(),
            entities: entities.iter().map(|e| fold_key(e)).collect(),
            lang: "de".into(),
        }
    }

    const BASE: &str = "Die Regierung in Wien hat am Montag ein neues Paket gegen die Teuerung beschlossen. \
        Haushalte mit geringem Einkommen sollen im Herbst einen Zuschuss von 300 Euro erhalten, teilte das \
        Finanzministerium mit. Die Opposition kritisierte die Maßnahme als zu spät und zu gering. Wirtschaftsforscher \
        erwarten, dass die Inflation bis Jahresende auf drei Prozent sinkt.";

    /// Stored signatures must not change: shingles are the xxh3 hashes of
    /// "w0 w1 w2" (folded words joined by one space), or of single words
    /// for texts under three words.
    #[test]
    fn minhash_shingles_are_the_joined_folded_words() {
        for text in [
            BASE,
            "Zwei Wörter",
            "Ein",
            "",
            "Straße — GPA-djp: 3,5 Prozent für Österreich!",
        ] {
            let toks: Vec<String> = words(text).map(|(_, w)| fold_key(w)).collect();
            let mut sh: Vec<u64> = if toks.len() < 3 {
                toks.iter().map(|t| xxh3_64(t.as_bytes())).collect()
            } else {
                toks.windows(3)
                    .map(|w| xxh3_64(w.join(" ").as_bytes()))
                    .collect()
            };
            sh.sort_unstable();
            sh.dedup();
            let mut values = vec![u32::MAX; MINHASH_LEN];
            for &h in &sh {
                for (i, slot) in values.iter_mut().enumerate() {
                    *slot = (*slot).min((splitmix64(h ^ SEEDS[i]) >> 32) as u32);
                }
            }
            let m = MinHash::of(text);
            assert_eq!(
                (m.shingles as usize, &m.values),
                (sh.len(), &values),
                "{text}"
            );
        }
    }

    #[test]
    fn minhash_estimates_similarity() {
        let a = MinHash::of(BASE);
        assert_eq!(a.values.len(), MINHASH_LEN);
        assert_eq!(a.jaccard(&a), 1.0);
        let edited = BASE
            .replace("am Montag", "am Montagabend")
            .replace("300 Euro", "dreihundert Euro");
        let j = a.jaccard(&MinHash::of(&edited));
        assert!(j > 0.6 && j < 1.0, "{j}");
        let other = MinHash::of(
            "Der Fußballklub gewann das Derby nach einem späten Tor in der Nachspielzeit deutlich.",
        );
        assert!(a.jaccard(&other) < 0.1);
        assert_eq!(MinHash::of("").jaccard(&MinHash::of("")), 0.0);
        assert_eq!(MinHash::from_blob(&a.to_blob()), a);
        assert_eq!(MinHash::from_blob(&[1, 2]), MinHash::default());
    }

    #[test]
    fn copies_group_under_the_earliest_and_stories_link_reports() {
        let copy = format!(
            "Wien – {} Ein Sprecher bestätigte das.",
            BASE.replace("beschlossen", "verabschiedet")
        );
        let report = "Teuerung: Die Bundesregierung beschließt Zuschuss für Haushalte. Das Finanzministerium \
            nannte 300 Euro pro Haushalt mit geringem Einkommen, ausgezahlt im Herbst. Kritik an dem Paket \
            kam von der Opposition, die Inflation bleibe hoch.";
        let items = vec![
            item(3, Some("2025-07-08"), &copy, &[]),
            item(1, Some("2025-07-07"), BASE, &[]),
            item(2, Some("2025-07-07"), report, &[]),
            item(
                4,
                Some("2025-07-07"),
                "Der Fußballklub gewann das Derby in Wien nach einem späten Tor.",
                &[],
            ),
            // Another report of the same matter a year later: outside the window.
            item(
                5,
                Some("2026-07-07"),
                "Zuschuss von 300 Euro für Haushalte mit geringem Einkommen: \
                Finanzministerium und Opposition streiten erneut über Teuerung und Inflation.",
                &[],
            ),
        ];
        let out = cluster(&items, &ClusterParams::default());
        let by_pk: HashMap<i64, Assignment> = out.iter().map(|a| (a.pk, *a)).collect();
        assert_eq!(by_pk[&3].duplicate_of, Some(1));
        assert_eq!(by_pk[&1].duplicate_of, None);
        assert_eq!(by_pk[&2].duplicate_of, None);
        assert_eq!(by_pk[&1].story_id, 1);
        assert_eq!(by_pk[&3].story_id, 1);
        assert_eq!(by_pk[&2].story_id, 1);
        assert_eq!(by_pk[&4].story_id, 4);
        assert_eq!(by_pk[&5].story_id, 5);
    }

    #[test]
    fn shared_rare_entities_link_reports_that_text_alone_does_not() {
        // Two short reports in different words, dated the same day; three
        // unrelated articles give the idf something to weigh against.
        let a = "Großbrand in einer Lagerhalle: Die Feuerwehr war die ganze Nacht im Einsatz.";
        let b = "Flammen zerstören Depot, Einsatzkräfte kämpfen bis zum Morgen gegen das Feuer.";
        let filler = [
            "Der Nationalrat beschloss das Budget für das kommende Jahr mit knapper Mehrheit.",
            "Die Mannschaft gewann das Heimspiel nach einem Tor in der Nachspielzeit.",
            "Die Zentralbank hält den Leitzins unverändert, die Inflation sinkt langsam.",
        ];
        let run = |ea: &[&str], eb: &[&str]| {
            let mut items = vec![
                item(1, Some("2025-07-07"), a, ea),
                item(2, Some("2025-07-07"), b, eb),
            ];
            for (i, f) in filler.iter().enumerate() {
                items.push(item(10 + i as i64, Some("2025-07-07"), f, &[]));
            }
            let out = cluster(&items, &ClusterParams::default());
            out[0].story_id == out[1].story_id
        };
        assert!(!run(&[], &[]), "text alone is too weak here");
        let shared = [
            "Holzbau Maier",
            "Kremsmünster",
            "Bezirk Kirchdorf",
            "FF Kremsmünster",
        ];
        assert!(run(&shared, &shared));
        assert!(!run(&shared[..2], &shared[2..]));
    }

    #[test]
    fn clustering_handles_empty_input_and_empty_texts() {
        assert!(cluster(&[], &ClusterParams::default()).is_empty());
        let items = vec![item(1, None, "", &[]), item(2, None, "", &[])];
        let out = cluster(&items, &ClusterParams::default());
        assert_eq!(out[0].duplicate_of, None);
        assert_eq!(out[1].duplicate_of, None);
        assert_ne!(out[0].story_id, out[1].story_id);
    }
}
