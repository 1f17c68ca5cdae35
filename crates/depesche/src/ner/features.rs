//! Feature extraction, shared by training and tagging so that what is
//! measured is what ships. Every feature is a (template, value) pair hashed
//! into a bucket of the weight table.

use std::cell::RefCell;

use super::hash::{mix, seq_push, str_hash, SEQ_SEED};
use super::resources::{NounClass, Resources, MAX_GAZ_TOKENS};

/// What one token contributes to its own and its neighbours' features.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct TokInfo {
    form: u64,
    pub(super) lower: u64,
    shape: u64,
    short: u64,
    suffix: [u64; 4],
    prefix: [u64; 3],
    /// Capitalisation class: 0 lower, 1 Capitalised, 2 ALLCAPS, 3 no letters.
    case: u8,
    digit_start: bool,
    noun: NounClass,
    gaz_b: u16,
    gaz_i: u16,
    /// Gazetteer categories of the part before the first hyphen ("US" in "US-Präsident").
    hyph_first: u16,
    hyph_last: u64,
    cluster: Option<(u16, u16)>,
    /// News frequency band of the lowercase form (0: unknown or no bands).
    freq: u8,
}

const PAD_BEFORE: u64 = 0x1111;
const PAD_AFTER: u64 = 0x2222;

#[inline]
fn fnv_step(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(0x0000_0100_0000_01b3)
}

const FNV_SEED: u64 = 0xcbf2_9ce4_8422_2325;

fn chars_hash(cs: &[char]) -> u64 {
    cs.iter().fold(FNV_SEED, |h, c| fnv_step(h, *c as u64))
}

/// Word shape hashes: long ("Xxxx-Xxxx", runs capped at three) and short
/// (every run collapsed: "Xx-Xx").
fn shapes(s: &str) -> (u64, u64) {
    let mut long = FNV_SEED;
    let mut long_len = 0;
    let mut short = FNV_SEED;
    let mut run = 0;
    let mut last = '\0';
    for c in s.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
        } else {
            run = 1;
            short = fnv_step(short, k as u64);
        }
        // Runs longer than three collapse, so "Xxxxxxxx" and "Xxxx" share a shape.
        if run <= 3 && long_len < 12 {
            long = fnv_step(long, k as u64);
            long_len += 1;
        }
        last = k;
    }
    (long, short)
}

pub(super) fn tok_info(res: &Resources, t: &str) -> TokInfo {
    // The lowercase form, as a string and as chars, in buffers of this
    // thread: the tagger asks once per word it has not cached.
    thread_local! {
        static LOWER: RefCell<(String, Vec<char>)> = const { RefCell::new((String::new(), Vec::new())) };
    }
    LOWER.with(|buf| match buf.try_borrow_mut() {
        Ok(mut buf) => {
            let (lower_s, lower) = &mut *buf;
            lower_s.clear();
            if t.is_ascii() {
                lower_s.push_str(t);
                lower_s.make_ascii_lowercase();
            } else {
                lower_s.push_str(&t.to_lowercase());
            }
            lower.clear();
            lower.extend(lower_s.chars());
            tok_info_of(res, t, lower_s, lower)
        }
        Err(_) => {
            let lower_s = t.to_lowercase();
            let lower: Vec<char> = lower_s.chars().collect();
            tok_info_of(res, t, &lower_s, &lower)
        }
    })
}

/// [`tok_info`] given the token's lowercase form (`str::to_lowercase`).
fn tok_info_of(res: &Resources, t: &str, lower_s: &str, lower: &[char]) -> TokInfo {
    let (shape, short) = shapes(t);
    let first = t.chars().next();
    let has_lower = t.chars().any(char::is_lowercase);
    let has_upper = t.chars().any(char::is_uppercase);
    let case = match first {
        Some(c) if c.is_uppercase() && has_lower => 1,
        Some(_) if has_upper && !has_lower => 2,
        Some(c) if c.is_lowercase() => 0,
        _ => 3,
    };
    let mut suffix = [0u64; 4];
    let mut prefix = [0u64; 3];
    let n = lower.len();
    for k in 1..=4 {
        if n > k {
            suffix[k - 1] = chars_hash(&lower[n - k..]);
        }
    }
    for k in 1..=3 {
        if n > k {
            prefix[k - 1] = chars_hash(&lower[..k]);
        }
    }
    // Only capitalised words need the lexicon: the question it answers is
    // "is this capitalised word a common noun?".
    let noun = if case == 1 && res.has_nouns() {
        res.noun_class(lower)
    } else {
        NounClass::None
    };
    let (hyph_first, hyph_last) = match lower_s.find('-') {
        Some(p) if p > 0 && p + 1 < lower_s.len() => {
            let head = &lower_s[..p];
            let tail = &lower_s[lower_s.rfind('-').unwrap_or(p) + 1..];
            (
                res.gaz_lookup(seq_push(SEQ_SEED, str_hash(head))),
                str_hash(tail),
            )
        }
        _ => (0, 0),
    };
    let form = str_hash(t);
    let lower_hash = str_hash(lower_s);
    TokInfo {
        form,
        lower: lower_hash,
        freq: res.freq_band(lower_hash),
        shape,
        short,
        suffix,
        prefix,
        case,
        digit_start: first.is_some_and(|c| c.is_numeric()),
        noun,
        gaz_b: 0,
        gaz_i: 0,
        hyph_first,
        hyph_last,
        cluster: res.cluster(form).or_else(|| {
            if case == 2 {
                // ALLCAPS headlines ("NORDEND"): try the capitalised form.
                let mut cs = first.map(|c| c.to_string()).unwrap_or_default();
                cs.extend(t.chars().skip(1).flat_map(char::to_lowercase));
                res.cluster(str_hash(&cs))
            } else {
                None
            }
        }),
    }
}

/// Mark gazetteer matches: the longest match starting at each token, per category.
pub(super) fn mark_gazetteer(res: &Resources, infos: &mut [TokInfo]) {
    let n = infos.len();
    for i in 0..n {
        // Names start with a capital or a digit ("G7", "1. FC Köln"); skipping
        // other starts saves most lookups.
        if infos[i].case == 0 || (infos[i].case == 3 && !infos[i].digit_start) {
            continue;
        }
        let mut h = SEQ_SEED;
        let mut found: [u16; MAX_GAZ_TOKENS] = [0; MAX_GAZ_TOKENS];
        for len in 1..=MAX_GAZ_TOKENS.min(n - i) {
            h = seq_push(h, infos[i + len - 1].lower);
            // A gazetteer entry never starts or ends in punctuation or lowercase
            // function words, but checking every length is cheap enough.
            found[len - 1] = res.gaz_lookup(h);
        }
        let mut taken = 0u16;
        for len in (1..=MAX_GAZ_TOKENS.min(n - i)).rev() {
            let cats = found[len - 1] & !taken;
            if cats == 0 {
                continue;
            }
            taken |= cats;
            infos[i].gaz_b |= cats;
            for t in &mut infos[i + 1..i + len] {
                t.gaz_i |= cats;
            }
        }
    }
}

/// Feature templates (values distinguish them inside the hash).
#[repr(u64)]
#[derive(Clone, Copy)]
enum T {
    Bias = 1,
    Form,
    Lower,
    LowerM1,
    LowerP1,
    LowerM2,
    LowerP2,
    Shape,
    ShortM1Short,
    ShortShortP1,
    Suffix,
    Prefix,
    CaseNounFirst,
    CaseNounM1,
    CaseNounP1,
    GazB,
    GazI,
    GazMaskM1,
    GazMaskP1,
    HyphFirst,
    HyphLast,
    ClusterCoarse,
    ClusterFine,
    ClusterM1,
    ClusterP1,
    LowerM1Shape,
    LowerM1Lower,
    ShapeLowerP1,
    ClusterM1Cluster,
    LowerM1LowerP1,
    NounGaz,
    FreqCase,
    FreqCaseM1,
    FreqCaseP1,
}

#[inline]
fn feat(t: T, v: u64) -> u64 {
    mix((t as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ v)
}

/// Hashed features of every token of one sentence, flattened: token `i`'s
/// features are `feats[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Default, Clone)]
pub struct SentenceFeatures {
    pub feats: Vec<u64>,
    pub offsets: Vec<u32>,
}

impl SentenceFeatures {
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.range(i)]
    }
    /// The range of token `i`'s features in [`Self::all`].
    pub fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.offsets[i] as usize..self.offsets[i + 1] as usize
    }
    /// Every token's features, token after token.
    pub fn all(&self) -> &[u64] {
        &self.feats[..self.offsets.last().map_or(0, |&o| o as usize)]
    }
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub fn extract(res: &Resources, tokens: &[&str], out: &mut SentenceFeatures) {
    let infos: Vec<TokInfo> = tokens.iter().map(|t| tok_info(res, t)).collect();
    extract_from(res, infos, out);
}

/// Where a feature's value comes from. Tagging caches, per word, the weight
/// rows of what depends on that word alone ([`super::tagging`]); training
/// and the reference path take every feature in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Src {
    /// The token itself (form, shape, affixes, clusters): the same wherever
    /// the word stands.
    Own,
    /// The token's capitalisation, noun class and frequency band, by
    /// whether it starts the sentence ([`start_features`]).
    Start,
    /// What the neighbour at [`NEAR_OFFSETS`]`[k]` alone gives (its
    /// lowercase form, class, frequency band, word class), or a pad.
    Near(usize),
    /// Everything that depends on context: pairs of words, gazetteer
    /// matches, sentence position.
    Context,
}

/// Token offsets of the [`Src::Near`] features, in their index order.
pub(super) const NEAR_OFFSETS: [isize; 4] = [-1, 1, -2, 2];

/// Capitalisation and noun class of a word, as its features read them.
#[inline]
fn case_noun(x: &TokInfo) -> u64 {
    (x.case as u64) << 4 | x.noun as u64
}

/// Frequency band and capitalisation of a word, as its features read them.
#[inline]
fn freq_case(x: &TokInfo) -> u64 {
    (x.freq as u64) << 2 | x.case as u64
}

/// A neighbour's fine word class; `pad` outside the sentence.
#[inline]
fn cluster_of(x: Option<&TokInfo>, pad: u64) -> u64 {
    match x.map(|x| x.cluster) {
        None => pad,
        Some(None) => 0xffff_ffff,
        Some(Some((_, fine))) => fine as u64,
    }
}

/// Every [`Src::Near`] feature `k` that a word gives the token at
/// `-`[`NEAR_OFFSETS`]`[k]` from it (`nb`: the word; `None` where the
/// neighbour is outside the sentence). The same features as
/// [`token_features`] takes, in another order (a test holds them equal):
/// tagging sums their rows per word once.
pub(super) fn near_features(
    res: &Resources,
    k: usize,
    nb: Option<&TokInfo>,
    mut f: impl FnMut(u64),
) {
    let pad = if NEAR_OFFSETS[k] < 0 {
        PAD_BEFORE
    } else {
        PAD_AFTER
    };
    let (lower, case_noun_t, freq_case_t, cluster_t) = match k {
        0 => (T::LowerM1, T::CaseNounM1, T::FreqCaseM1, T::ClusterM1),
        1 => (T::LowerP1, T::CaseNounP1, T::FreqCaseP1, T::ClusterP1),
        2 => {
            f(feat(T::LowerM2, nb.map_or(pad, |x| x.lower)));
            return;
        }
        _ => {
            f(feat(T::LowerP2, nb.map_or(pad, |x| x.lower)));
            return;
        }
    };
    f(feat(lower, nb.map_or(pad, |x| x.lower)));
    f(feat(case_noun_t, nb.map_or(pad, case_noun)));
    if res.freq_count() > 0 {
        f(feat(freq_case_t, nb.map_or(pad, freq_case)));
    }
    f(feat(cluster_t, cluster_of(nb, pad)));
}

fn extract_from(res: &Resources, mut infos: Vec<TokInfo>, out: &mut SentenceFeatures) {
    out.feats.clear();
    out.offsets.clear();
    out.offsets.push(0);
    mark_gazetteer(res, &mut infos);
    for i in 0..infos.len() {
        token_features(res, &infos, i, Part::All, |_, f| out.feats.push(f));
        out.offsets.push(out.feats.len() as u32);
    }
}

/// The [`Src::Start`] features of a word, at the start of the sentence
/// (`first`) or after it: the same features as [`token_features`] takes (a
/// test holds them equal), for tagging to sum their rows per word once.
pub(super) fn start_features(res: &Resources, t: &TokInfo, first: bool, mut f: impl FnMut(u64)) {
    f(feat(T::CaseNounFirst, case_noun(t) << 1 | first as u64));
    if res.freq_count() > 0 {
        f(feat(T::FreqCase, freq_case(t) << 1 | first as u64));
    }
}

/// Which of a token's features [`token_features`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// Every feature (training and the reference path).
    All,
    /// The [`Src::Own`] features (the tagger's cache of a new word).
    Own,
    /// The [`Src::Context`] features (the tagger has the rest of a word's
    /// features from its cache).
    Context,
}

/// Token `i`'s features of `part`, in a fixed order, each with its [`Src`].
/// `infos` must have been through [`mark_gazetteer`].
#[inline]
pub(super) fn token_features(
    res: &Resources,
    infos: &[TokInfo],
    i: usize,
    part: Part,
    mut f: impl FnMut(Src, u64),
) {
    use Src::{Context, Near, Own, Start};
    // Features are hashed only for the parts asked for.
    let own = part != Part::Context;
    let word = part == Part::All;
    let context = part != Part::Own;
    let n = infos.len();
    let lower_at = |j: isize| -> u64 {
        if j < 0 {
            PAD_BEFORE
        } else if j as usize >= n {
            PAD_AFTER
        } else {
            infos[j as usize].lower
        }
    };
    let t = &infos[i];
    let ii = i as isize;
    let prev = if i > 0 { Some(&infos[i - 1]) } else { None };
    let next = infos.get(i + 1);
    if own {
        f(Own, feat(T::Bias, 0));
        f(Own, feat(T::Form, t.form));
        f(Own, feat(T::Lower, t.lower));
    }
    if word {
        f(Near(0), feat(T::LowerM1, lower_at(ii - 1)));
        f(Near(1), feat(T::LowerP1, lower_at(ii + 1)));
        f(Near(2), feat(T::LowerM2, lower_at(ii - 2)));
        f(Near(3), feat(T::LowerP2, lower_at(ii + 2)));
    }
    if own {
        f(Own, feat(T::Shape, t.shape));
    }
    if context {
        f(
            Context,
            feat(
                T::ShortM1Short,
                seq_push(prev.map_or(PAD_BEFORE, |p| p.short), t.short),
            ),
        );
        f(
            Context,
            feat(
                T::ShortShortP1,
                seq_push(t.short, next.map_or(PAD_AFTER, |p| p.short)),
            ),
        );
    }
    if own {
        for (k, s) in t.suffix.iter().enumerate() {
            if *s != 0 {
                f(Own, feat(T::Suffix, seq_push(k as u64, *s)));
            }
        }
        for (k, s) in t.prefix.iter().enumerate() {
            if *s != 0 {
                f(Own, feat(T::Prefix, seq_push(k as u64, *s)));
            }
        }
    }
    if word {
        f(
            Start,
            feat(T::CaseNounFirst, case_noun(t) << 1 | (i == 0) as u64),
        );
        f(
            Near(0),
            feat(T::CaseNounM1, prev.map_or(PAD_BEFORE, case_noun)),
        );
        f(
            Near(1),
            feat(T::CaseNounP1, next.map_or(PAD_AFTER, case_noun)),
        );
    }
    if res.freq_count() > 0 {
        // How common the word is in lowercase news text, by capitalisation
        // and sentence start: rare capitalised words are names.
        if word {
            f(
                Start,
                feat(T::FreqCase, freq_case(t) << 1 | (i == 0) as u64),
            );
            f(
                Near(0),
                feat(T::FreqCaseM1, prev.map_or(PAD_BEFORE, freq_case)),
            );
            f(
                Near(1),
                feat(T::FreqCaseP1, next.map_or(PAD_AFTER, freq_case)),
            );
        }
    }
    if context {
        gazetteer_features(t, prev, next, &mut f);
    }
    if own {
        if t.hyph_last != 0 {
            f(Own, feat(T::HyphFirst, t.hyph_first as u64));
            f(Own, feat(T::HyphLast, t.hyph_last));
        }
        if let Some((coarse, fine)) = t.cluster {
            f(Own, feat(T::ClusterCoarse, coarse as u64));
            f(Own, feat(T::ClusterFine, fine as u64));
        }
    }
    if word {
        f(Near(0), feat(T::ClusterM1, cluster_of(prev, PAD_BEFORE)));
        f(Near(1), feat(T::ClusterP1, cluster_of(next, PAD_AFTER)));
    }
    if !context {
        return;
    }
    f(
        Context,
        feat(
            T::ClusterM1Cluster,
            seq_push(cluster_of(prev, PAD_BEFORE), cluster_of(Some(t), 0)),
        ),
    );
    f(
        Context,
        feat(T::LowerM1Shape, seq_push(lower_at(ii - 1), t.short)),
    );
    f(
        Context,
        feat(T::LowerM1Lower, seq_push(lower_at(ii - 1), t.lower)),
    );
    f(
        Context,
        feat(T::ShapeLowerP1, seq_push(t.short, lower_at(ii + 1))),
    );
    f(
        Context,
        feat(
            T::LowerM1LowerP1,
            seq_push(lower_at(ii - 1), lower_at(ii + 1)),
        ),
    );
    f(
        Context,
        feat(
            T::NounGaz,
            case_noun(t) << 20 | ((t.gaz_b | t.gaz_i) as u64),
        ),
    );
}

/// The gazetteer features of token `t` (between `prev` and `next`), in
/// [`token_features`]' order.
#[inline]
fn gazetteer_features(
    t: &TokInfo,
    prev: Option<&TokInfo>,
    next: Option<&TokInfo>,
    f: &mut impl FnMut(Src, u64),
) {
    use Src::Context;
    let capital = (t.case == 1 || t.case == 2) as u64;
    if t.gaz_b | t.gaz_i != 0 {
        for b in 0..16u64 {
            if t.gaz_b & (1 << b) != 0 {
                f(Context, feat(T::GazB, b << 1 | capital));
            }
            if t.gaz_i & (1 << b) != 0 {
                f(Context, feat(T::GazI, b << 1 | capital));
            }
        }
    }
    if let Some(p) = prev {
        if p.gaz_b | p.gaz_i != 0 {
            f(Context, feat(T::GazMaskM1, (p.gaz_b | p.gaz_i) as u64));
        }
    }
    if let Some(p) = next {
        if p.gaz_b | p.gaz_i != 0 {
            f(Context, feat(T::GazMaskP1, (p.gaz_b | p.gaz_i) as u64));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_word_same_features() {
        let res = Resources::default();
        let mut a = SentenceFeatures::default();
        extract(&res, &["Marco", "Rubio", "sagte", "."], &mut a);
        assert_eq!(a.len(), 4);
        let mut b = SentenceFeatures::default();
        extract(&res, &["Marco", "Rubio", "sagte", "."], &mut b);
        assert_eq!(a.feats, b.feats);
        extract(&res, &[], &mut b);
        assert!(b.is_empty());
    }

    /// [`near_features`] and [`start_features`] give each token's
    /// [`Src::Near`] (pads included) and [`Src::Start`] features as
    /// [`token_features`] takes them.
    #[test]
    fn word_features_as_token_features_take_them() {
        let tagger = crate::ner::NerTagger::shared();
        for lang in [crate::lang::Lang::De, crate::lang::Lang::En] {
            let Some(m) = tagger.model(lang) else {
                continue;
            };
            let res = &m.resources;
            let tokens = [
                "Marco",
                "Rubio",
                "traf",
                "US-Präsident",
                "Trump",
                "in",
                "ROM",
                ".",
            ];
            let mut infos: Vec<TokInfo> = tokens.iter().map(|t| tok_info(res, t)).collect();
            mark_gazetteer(res, &mut infos);
            for i in 0..infos.len() {
                for (k, off) in NEAR_OFFSETS.iter().enumerate() {
                    let mut expected = Vec::new();
                    token_features(res, &infos, i, Part::All, |src, h| {
                        if src == Src::Near(k) {
                            expected.push(h);
                        }
                    });
                    let mut got = Vec::new();
                    let j = i as isize + off;
                    let nb = usize::try_from(j).ok().and_then(|j| infos.get(j));
                    near_features(res, k, nb, |h| got.push(h));
                    expected.sort_unstable();
                    got.sort_unstable();
                    assert_eq!(got, expected, "{lang:?} token {i} offset {off}");
                }
                let mut expected = Vec::new();
                token_features(res, &infos, i, Part::All, |src, h| {
                    if src == Src::Start {
                        expected.push(h);
                    }
                });
                let mut got = Vec::new();
                start_features(res, &infos[i], i == 0, |h| got.push(h));
                assert_eq!(got, expected, "{lang:?} token {i} start");
            }
        }
    }

    #[test]
    fn shapes_collapse() {
        assert_eq!(shapes("Rubio").1, shapes("Lawrow").1);
        assert_ne!(shapes("USA").1, shapes("Usa").1);
    }
}
