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
    let mut input = ClusterInput::in_memory();
    for it in items {
        // In memory, appending cannot fail.
        let _ = input.push(
            it.pk,
            it.published,
            &it.lang,
            &it.minhash,
            it.terms.iter().map(String::as_str),
            it.entities.iter().map(String::as_str),
        );
    }
    input
        .cluster(params)
        .expect("clustering in memory does no I/O")
}

/// What clustering keeps in memory of one article: a few dozen bytes. Its
/// terms, entities and MinHash signature wait in a [`Spill`].
#[derive(Debug, Clone, Copy)]
struct ItemMeta {
    pk: i64,
    published: Option<NaiveDate>,
    lang: u16,
    /// Offset of its term ids, then entity ids, in `ClusterInput::terms`.
    offset: u64,
    n_terms: u32,
    n_entities: u32,
}

/// Bytes appended in order and read back by offset: in memory, or in an
/// anonymous temporary file so that a corpus's clustering state does not
/// live in memory (the file is gone when it is dropped).
struct Spill {
    file: Option<std::fs::File>,
    /// Not yet written to the file (all of it in memory mode).
    buf: Vec<u8>,
    flushed: u64,
    /// Bytes gathered before a write to the file.
    block: usize,
}

/// A file-backed spill writes in blocks of this many bytes.
const SPILL_BLOCK: usize = 1 << 20;

impl Spill {
    fn memory() -> Self {
        Spill {
            file: None,
            buf: Vec::new(),
            flushed: 0,
            block: SPILL_BLOCK,
        }
    }

    fn file(block: usize) -> std::io::Result<Self> {
        Ok(Spill {
            file: Some(tempfile::tempfile()?),
            buf: Vec::with_capacity(block),
            flushed: 0,
            block,
        })
    }

    fn len(&self) -> u64 {
        self.flushed + self.buf.len() as u64
    }

    fn append_u32s(&mut self, values: impl IntoIterator<Item = u32>) -> std::io::Result<()> {
        for v in values {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
        if self.buf.len() >= self.block {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(f) = &self.file {
            use std::io::Write;
            (&*f).write_all(&self.buf)?;
            self.flushed += self.buf.len() as u64;
            self.buf.clear();
        }
        Ok(())
    }

    /// `n` u32 values from byte `offset` into `out` (replacing its content).
    fn read_u32s(&self, offset: u64, n: usize, out: &mut Vec<u32>) -> std::io::Result<()> {
        out.clear();
        let mut bytes = vec![0u8; 4 * n];
        if offset >= self.flushed {
            let start = (offset - self.flushed) as usize;
            bytes.copy_from_slice(&self.buf[start..start + 4 * n]);
        } else if let Some(f) = &self.file {
            // Everything is flushed before reading starts (`ClusterInput::cluster`).
            use std::io::{Read, Seek};
            let mut f = f;
            f.seek(std::io::SeekFrom::Start(offset))?;
            f.read_exact(&mut bytes)?;
        }
        out.extend(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
        );
        Ok(())
    }

    /// Calls `f` with every record of `len` u32 values, in order, reading the
    /// file sequentially.
    fn for_each_record(&self, len: usize, mut f: impl FnMut(usize, &[u32])) -> std::io::Result<()> {
        let n = (self.len() / (4 * len as u64)) as usize;
        let mut rec = Vec::with_capacity(len);
        let mut bytes = vec![0u8; 4 * len];
        let mut reader = match self.file.as_ref() {
            Some(mut file) => {
                use std::io::Seek;
                file.seek(std::io::SeekFrom::Start(0))?;
                Some(std::io::BufReader::with_capacity(SPILL_BLOCK, file))
            }
            None => None,
        };
        for i in 0..n {
            match reader.as_mut() {
                Some(r) => {
                    use std::io::Read;
                    r.read_exact(&mut bytes)?;
                }
                None => bytes.copy_from_slice(&self.buf[4 * len * i..4 * len * (i + 1)]),
            }
            rec.clear();
            rec.extend(
                bytes
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            );
            f(i, &rec);
        }
        Ok(())
    }
}

/// The clustering state of a corpus, bounded in memory: per article a few
/// dozen bytes ([`ItemMeta`]) plus the distinct terms, entity keys and
/// languages (interned once); each article's term and entity ids and its
/// MinHash signature go to a [`Spill`] (a temporary file with
/// [`ClusterInput::spilled`]) and are read back when they are compared.
pub struct ClusterInput {
    items: Vec<ItemMeta>,
    /// Per article: `MINHASH_LEN + 1` u32s (shingle count, values).
    minhashes: Spill,
    /// Per article: its term ids, then its entity ids.
    terms: Spill,
    /// Term → id in the order first pushed.
    vocab: HashMap<String, u32, FastBuild>,
    /// Per term id: whether it counts for story similarity, its hash.
    counts: Vec<bool>,
    term_hash: Vec<u64>,
    entity_ids: HashMap<String, u32, FastBuild>,
    entities: Vec<String>,
    langs: Vec<String>,
    stop: HashSet<String>,
    scratch: Vec<u32>,
}

impl ClusterInput {
    /// Everything in memory (small corpora, tests).
    pub fn in_memory() -> Self {
        Self::with(Spill::memory(), Spill::memory())
    }

    /// Term ids and signatures in anonymous temporary files.
    pub fn spilled() -> std::io::Result<Self> {
        Self::spilled_in_blocks(SPILL_BLOCK)
    }

    fn spilled_in_blocks(block: usize) -> std::io::Result<Self> {
        Ok(Self::with(Spill::file(block)?, Spill::file(block)?))
    }

    fn with(minhashes: Spill, terms: Spill) -> Self {
        ClusterInput {
            items: Vec::new(),
            minhashes,
            terms,
            vocab: HashMap::default(),
            counts: Vec::new(),
            term_hash: Vec::new(),
            entity_ids: HashMap::default(),
            entities: Vec::new(),
            langs: Vec::new(),
            stop: stopword_stems(),
            scratch: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds one article: see [`ClusterItem`] for what the fields are.
    pub fn push<'a>(
        &mut self,
        pk: i64,
        published: Option<NaiveDate>,
        lang: &str,
        minhash: &MinHash,
        terms: impl IntoIterator<Item = &'a str>,
        entities: impl IntoIterator<Item = &'a str>,
    ) -> std::io::Result<()> {
        let lang = match self.langs.iter().position(|l| l == lang) {
            Some(i) => i,
            None => {
                self.langs.push(lang.to_string());
                self.langs.len() - 1
            }
        } as u16;
        // A signature of another length (never made here) is never a copy.
        let (shingles, values) = if minhash.values.len() == MINHASH_LEN {
            (minhash.shingles, minhash.values.as_slice())
        } else {
            (0, &[0; MINHASH_LEN][..])
        };
        self.minhashes
            .append_u32s(std::iter::once(shingles).chain(values.iter().copied()))?;
        let mut ids = std::mem::take(&mut self.scratch);
        ids.clear();
        for t in terms {
            let id = match self.vocab.get(t) {
                Some(&id) => id,
                None => {
                    // Numbers stay ("48 Bewohner", "L547" tie reports of one
                    // event together); one- and two-letter words and
                    // stopwords do not count.
                    let digits = t.chars().all(|c| c.is_ascii_digit());
                    let short = (!digits && t.chars().count() < 3) || (digits && t.len() < 2);
                    self.counts.push(!short && !self.stop.contains(t));
                    self.term_hash.push(xxh3_64(t.as_bytes()));
                    let id = (self.counts.len() - 1) as u32;
                    self.vocab.insert(t.to_string(), id);
                    id
                }
            };
            ids.push(id);
        }
        let n_terms = ids.len();
        for e in entities {
            let id = match self.entity_ids.get(e) {
                Some(&id) => id,
                None => {
                    let id = self.entities.len() as u32;
                    self.entities.push(e.to_string());
                    self.entity_ids.insert(e.to_string(), id);
                    id
                }
            };
            ids.push(id);
        }
        let offset = self.terms.len();
        self.terms.append_u32s(ids.iter().copied())?;
        self.items.push(ItemMeta {
            pk,
            published,
            lang,
            offset,
            n_terms: n_terms as u32,
            n_entities: (ids.len() - n_terms) as u32,
        });
        self.scratch = ids;
        Ok(())
    }

    /// Groups copies and stories; results in the order the articles were pushed.
    pub fn cluster(mut self, params: &ClusterParams) -> std::io::Result<Vec<Assignment>> {
        self.minhashes.flush()?;
        self.terms.flush()?;
        let n = self.items.len();
        // Age order: dated articles first by date, then by pk (ingest order).
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_by_key(|&i| {
            let it = &self.items[i as usize];
            (it.published.is_none(), it.published, it.pk)
        });
        let dup = duplicate_groups(&self, &order, params)?;
        let story = story_groups(&self, &order, &dup, params)?;
        let mut out = vec![
            Assignment {
                pk: 0,
                duplicate_of: None,
                story_id: 0
            };
            n
        ];
        for (pos, &orig) in order.iter().enumerate() {
            let root = dup[pos] as usize;
            let pk_at = |p: usize| self.items[order[p] as usize].pk;
            out[orig as usize] = Assignment {
                pk: pk_at(pos),
                duplicate_of: (root != pos).then(|| pk_at(root)),
                story_id: pk_at(story[pos]),
            };
        }
        Ok(out)
    }

    /// The term ids (then entity ids) of article `i` (push order).
    fn read_terms(&self, i: usize, out: &mut Vec<u32>) -> std::io::Result<()> {
        let it = &self.items[i];
        self.terms
            .read_u32s(it.offset, (it.n_terms + it.n_entities) as usize, out)
    }
}

/// LSH bands bucketed per sequential read of the signatures: bounds the
/// memory of candidate search to this many entries per article.
const BANDS_PER_PASS: usize = 6;

/// For each age-ranked item, the rank of its copy group's original.
fn duplicate_groups(
    input: &ClusterInput,
    order: &[u32],
    params: &ClusterParams,
) -> std::io::Result<Vec<u32>> {
    let n = order.len();
    let mut rank = vec![0u32; n];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    let mut uf = UnionFind::new(n);
    let debug = std::env::var_os("DEPESCHE_DEBUG_CLUSTER").is_some();
    let bands = MINHASH_LEN / BAND_ROWS;
    let rec_len = MINHASH_LEN + 1;
    let signature = |i: usize, out: &mut Vec<u32>| -> std::io::Result<MinHash> {
        input
            .minhashes
            .read_u32s((i * rec_len * 4) as u64, rec_len, out)?;
        Ok(MinHash {
            shingles: out[0],
            values: out[1..].to_vec(),
        })
    };
    let mut buf = Vec::new();
    let mut first = 0;
    while first < bands {
        let last = (first + BANDS_PER_PASS).min(bands);
        // (band, bucket key, rank): equal (band, key) runs are the buckets;
        // ranks ascend inside a run as the items of a bucket did before.
        let mut keys: Vec<(u8, u64, u32)> = Vec::new();
        input.minhashes.for_each_record(rec_len, |i, rec| {
            if (rec[0] as usize) < params.duplicate_min_shingles {
                return;
            }
            for band in first..last {
                let rows = &rec[1 + band * BAND_ROWS..1 + (band + 1) * BAND_ROWS];
                let mut key = [0u8; 4 * BAND_ROWS];
                for (k, r) in rows.iter().enumerate() {
                    key[4 * k..4 * k + 4].copy_from_slice(&r.to_le_bytes());
                }
                keys.push((band as u8, xxh3_64(&key), rank[i]));
            }
        })?;
        keys.sort_unstable();
        for run in keys.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
            if run.len() < 2 {
                continue;
            }
            for (x, &(_, _, a)) in run.iter().enumerate() {
                let mut sig_a: Option<MinHash> = None;
                for &(_, _, b) in &run[x + 1..] {
                    let (a, b) = (a as usize, b as usize);
                    if uf.find(a) == uf.find(b) {
                        continue;
                    }
                    if sig_a.is_none() {
                        sig_a = Some(signature(order[a] as usize, &mut buf)?);
                    }
                    let sig_b = signature(order[b] as usize, &mut buf)?;
                    let j = sig_a.as_ref().map_or(0.0, |s| s.jaccard(&sig_b));
                    if debug {
                        let pk = |r: usize| input.items[order[r] as usize].pk;
                        eprintln!("copy jaccard {} {} = {j:.3}", pk(a), pk(b));
                    }
                    if j >= params.duplicate_jaccard {
                        uf.union(a, b);
                    }
                }
            }
        }
        first = last;
    }
    Ok((0..n).map(|i| uf.find(i) as u32).collect())
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

/// For each age-ranked item, the rank of its story's earliest item.
fn story_groups(
    input: &ClusterInput,
    order: &[u32],
    dup: &[u32],
    params: &ClusterParams,
) -> std::io::Result<Vec<usize>> {
    let n = order.len();
    let meta = |rank: usize| &input.items[order[rank] as usize];
    // Nodes: copy groups, identified by their original's rank.
    let mut node_of = vec![usize::MAX; n];
    let mut nodes: Vec<Vec<usize>> = Vec::new();
    for i in 0..n {
        let root = dup[i] as usize;
        if node_of[root] == usize::MAX {
            node_of[root] = nodes.len();
            nodes.push(Vec::new());
        }
        node_of[i] = node_of[root];
        nodes[node_of[i]].push(i);
    }
    // Term ids in the order of first occurrence by age, whatever order the
    // articles were pushed in: ids order the sparse vectors, and with them
    // the sums of the similarities and the ties among distinctive terms.
    let mut remap = vec![u32::MAX; input.counts.len()];
    let mut next = 0u32;
    let mut buf = Vec::new();
    for &i in order {
        input.read_terms(i as usize, &mut buf)?;
        for &t in &buf[..input.items[i as usize].n_terms as usize] {
            if remap[t as usize] == u32::MAX {
                remap[t as usize] = next;
                next += 1;
            }
        }
    }
    let mut counts = vec![false; next as usize];
    let mut term_hash = vec![0u64; next as usize];
    for (old, &new) in remap.iter().enumerate() {
        if new != u32::MAX {
            counts[new as usize] = input.counts[old];
            term_hash[new as usize] = input.term_hash[old];
        }
    }
    // An article's term ids (remapped) and entity ids (as pushed).
    let read = |rank: usize, terms: &mut Vec<u32>| -> std::io::Result<usize> {
        input.read_terms(order[rank] as usize, terms)?;
        let k = meta(rank).n_terms as usize;
        for t in &mut terms[..k] {
            *t = remap[*t as usize];
        }
        Ok(k)
    };
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
            let k = read(m, &mut buf)?;
            for w in buf[..k].windows(BOILERPLATE_GRAM) {
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
    let mut entity_term = vec![u32::MAX; input.entities.len()];
    let mut n_entity_terms = 0u32;
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
            let k = read(m, &mut buf)?;
            let (terms, entities) = buf.split_at(k);
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
            for &e in entities {
                let name = input.entities[e as usize].as_str();
                // A one-word name that is also a counted word shares its term.
                let word = input.vocab.get(name).map(|&w| remap[w as usize]);
                let id = match word {
                    Some(w) if counts[w as usize] => {
                        entity_words.insert(w);
                        w
                    }
                    _ => {
                        if entity_term[e as usize] == u32::MAX {
                            entity_term[e as usize] = n_words + n_entity_terms;
                            n_entity_terms += 1;
                        }
                        let id = entity_term[e as usize];
                        if name.starts_with("at:") {
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
    let vocab_len = n_words as usize + n_entity_terms as usize;
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
    let node_lang: Vec<u16> = nodes.iter().map(|members| meta(members[0]).lang).collect();
    let date_range: Vec<Option<(NaiveDate, NaiveDate)>> = nodes
        .iter()
        .map(|members| {
            let dates: Vec<NaiveDate> = members.iter().filter_map(|&m| meta(m).published).collect();
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
                meta(nodes[ni][0]).pk,
                meta(nodes[nj][0]).pk,
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
    Ok(node_of
        .iter()
        .map(|&node| first_item[uf.find(node)])
        .collect())
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

    /// The spilled state (written to the file in blocks far smaller than
    /// one article, so every read crosses blocks) clusters as the in-memory
    /// state does, whatever order the articles are pushed in.
    #[test]
    fn spilled_state_clusters_like_memory() {
        let copy = BASE.replace("beschlossen", "verabschiedet");
        let texts = [
            (
                3,
                Some("2025-07-08"),
                copy.as_str(),
                vec!["Wien", "Finanzministerium"],
            ),
            (1, Some("2025-07-07"), BASE, vec!["Wien"]),
            (7, None, BASE, vec![]),
            (
                2,
                Some("2025-07-07"),
                "Teuerung: Zuschuss von 300 Euro für Haushalte, Kritik der Opposition.",
                vec!["Finanzministerium"],
            ),
            (
                4,
                Some("2025-07-07"),
                "Der Fußballklub gewann das Derby in Wien nach einem späten Tor.",
                vec!["Wien", "at:2761369"],
            ),
            (5, Some("2026-07-07"), "", vec![]),
        ];
        let items: Vec<ClusterItem> = texts
            .iter()
            .map(|(pk, d, t, e)| item(*pk, *d, t, e))
            .collect();
        let expected = cluster(&items, &ClusterParams::default());
        assert_eq!(
            expected.iter().filter(|a| a.duplicate_of.is_some()).count(),
            2
        );
        for block in [4, 64, SPILL_BLOCK] {
            let mut input = ClusterInput::spilled_in_blocks(block).unwrap();
            for it in &items {
                input
                    .push(
                        it.pk,
                        it.published,
                        &it.lang,
                        &it.minhash,
                        it.terms.iter().map(String::as_str),
                        it.entities.iter().map(String::as_str),
                    )
                    .unwrap();
            }
            assert_eq!(input.len(), items.len());
            assert_eq!(input.cluster(&ClusterParams::default()).unwrap(), expected);
        }
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
