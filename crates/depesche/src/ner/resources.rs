//! Lexical resources the tagger consults: the German common-noun lexicon,
//! gazetteers, role nouns and distributional word classes — all stored as
//! hashed keys (compact, and no source list ships verbatim).

use super::codec::{CodecError, Reader, Writer};
use super::hash::{key32, seq_push, str_hash, KeyMap, KeySet, SEQ_SEED};

/// Gazetteer categories (bit positions in the category mask). The tagger
/// reads some as features; the compiler (`train` feature) writes them all.
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub mod gaz {
    pub const CITY: u16 = 1 << 0;
    pub const COUNTRY: u16 = 1 << 1;
    pub const FIRSTNAME: u16 = 1 << 2;
    pub const PERSON: u16 = 1 << 3;
    pub const SURNAME: u16 = 1 << 4;
    pub const ORG: u16 = 1 << 5;
    pub const PARTY: u16 = 1 << 6;
    pub const REGION: u16 = 1 << 7;
    pub const ROLE: u16 = 1 << 8;
}

/// Longest gazetteer entry matched, in tokens.
pub const MAX_GAZ_TOKENS: usize = 5;

/// How a word relates to the common-noun lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum NounClass {
    #[default]
    None = 0,
    /// The word itself is a common-noun lemma.
    Lemma = 1,
    /// The word minus an inflection ending is a lemma ("Außenministers").
    Inflected = 2,
    /// The word ends in a lemma of at least four letters ("Kremlchef", "Ukraine-Kriegs").
    Head = 3,
}

const ENDINGS: &[&[char]] = &[
    &[],
    &['s'],
    &['e', 's'],
    &['n'],
    &['e', 'n'],
    &['e'],
    &['e', 'r'],
    &['e', 'r', 'n'],
    &['n', 's'],
];

/// FNV over the chars of `s` from the end: every suffix's hash comes out on the way.
fn rev_hashes(chars: &[char], mut f: impl FnMut(usize, u64) -> bool) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (k, c) in chars.iter().rev().enumerate() {
        h ^= *c as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        if !f(k + 1, h) {
            return;
        }
    }
}

fn rev_key(word: &str) -> u32 {
    let chars: Vec<char> = word.chars().collect();
    let mut out = 0;
    rev_hashes(&chars, |k, h| {
        if k == chars.len() {
            out = key32(h);
        }
        true
    });
    out
}

#[derive(Debug, Default, Clone)]
pub struct Resources {
    /// Reversed-hash keys of lowercase common-noun lemmas.
    nouns: KeySet,
    /// Reversed-hash keys of lowercase role nouns ("minister", "präsident", "chef").
    roles: KeySet,
    /// Sequence-hash keys of lowercase gazetteer entries → category mask.
    gaz: KeyMap<u16>,
    /// Exact-form hash → (coarse, fine) word class; missing words have none.
    clusters: KeyMap<(u16, u16)>,
    /// Lowercase-form hash → frequency band in news text (1 most frequent …
    /// 6 rarest); missing words are rarer still. A capitalised word that is
    /// rare in lowercase is likely a name.
    freq: KeyMap<u8>,
}

impl Resources {
    pub fn has_nouns(&self) -> bool {
        !self.nouns.is_empty()
    }

    /// Noun class of a lowercase word (see [`NounClass`]).
    pub fn noun_class(&self, lower: &[char]) -> NounClass {
        self.suffix_class(&self.nouns, lower)
    }

    /// Whether a lowercase word is or ends in a role noun ("us-außenminister", "kremlchef").
    /// Whether `lower` is a role noun itself or inflected ("richter",
    /// "richters"), not a compound that ends in one ("grenzübergang").
    pub fn is_role_word(&self, lower: &str) -> bool {
        let chars: Vec<char> = lower.chars().collect();
        matches!(
            self.suffix_class(&self.roles, &chars),
            NounClass::Lemma | NounClass::Inflected
        )
    }

    pub fn is_role(&self, lower: &str) -> bool {
        let chars: Vec<char> = lower.chars().collect();
        self.suffix_class(&self.roles, &chars) != NounClass::None
    }

    fn suffix_class(&self, set: &KeySet, lower: &[char]) -> NounClass {
        if set.is_empty() || lower.len() < 2 {
            return NounClass::None;
        }
        let mut best = NounClass::None;
        for (ei, e) in ENDINGS.iter().enumerate() {
            // Compared char by char: an ending is at most three chars, too
            // short to be worth a call to `memcmp` (what `ends_with` makes of it).
            if e.len() + 2 > lower.len() || !lower[lower.len() - e.len()..].iter().eq(e.iter()) {
                continue;
            }
            let stem = &lower[..lower.len() - e.len()];
            rev_hashes(stem, |k, h| {
                if k == stem.len() {
                    if set.contains(&key32(h)) {
                        let c = if ei == 0 {
                            NounClass::Lemma
                        } else {
                            NounClass::Inflected
                        };
                        if best == NounClass::None || (c as u8) < (best as u8) {
                            best = c;
                        }
                    }
                } else if k >= 4
                    && stem.len() - k >= 3
                    && best == NounClass::None
                    && set.contains(&key32(h))
                {
                    best = NounClass::Head;
                }
                true
            });
            if best == NounClass::Lemma {
                break;
            }
        }
        best
    }

    /// Category mask of a lowercase token sequence hash (see [`seq_hash`]).
    #[inline]
    pub fn gaz_lookup(&self, seq: u64) -> u16 {
        if self.gaz.is_empty() {
            return 0;
        }
        self.gaz.get(&key32(seq)).copied().unwrap_or(0)
    }

    /// News frequency band of a lowercase form's [`str_hash`] (0: unknown).
    #[inline]
    pub fn freq_band(&self, lower_hash: u64) -> u8 {
        if self.freq.is_empty() {
            return 0;
        }
        self.freq.get(&key32(lower_hash)).copied().unwrap_or(0)
    }
    pub fn add_freq(&mut self, lower: &str, band: u8) {
        self.freq.insert(key32(str_hash(lower)), band);
    }
    pub fn freq_count(&self) -> usize {
        self.freq.len()
    }

    /// The frequency bands, written after the model so that files without
    /// them still load (see [`Self::read_freq`]).
    pub fn write_freq(&self, w: &mut Writer) {
        let mut f: Vec<(u32, u8)> = self.freq.iter().map(|(k, v)| (*k, *v)).collect();
        f.sort_unstable();
        w.keys(&f.iter().map(|x| x.0).collect::<Vec<_>>());
        for (_, b) in &f {
            w.u8(*b);
        }
    }
    pub fn read_freq(&mut self, r: &mut Reader) -> Result<(), CodecError> {
        let keys = r.keys()?;
        let mut freq = KeyMap::with_capacity_and_hasher(keys.len(), Default::default());
        for k in keys {
            freq.insert(k, r.u8()?);
        }
        self.freq = freq;
        Ok(())
    }

    /// Word classes of an exact form.
    #[inline]
    pub fn cluster(&self, form_hash: u64) -> Option<(u16, u16)> {
        self.clusters.get(&key32(form_hash)).copied()
    }

    pub fn add_noun(&mut self, lower: &str) {
        self.nouns.insert(rev_key(lower));
    }
    pub fn add_role(&mut self, lower: &str) {
        self.roles.insert(rev_key(lower));
    }
    /// Add an entry given as lowercase tokens.
    pub fn add_gaz(&mut self, lower_tokens: &[&str], cat: u16) {
        if lower_tokens.is_empty() || lower_tokens.len() > MAX_GAZ_TOKENS {
            return;
        }
        *self.gaz.entry(key32(seq_hash(lower_tokens))).or_insert(0) |= cat;
    }
    pub fn clear_nouns(&mut self) {
        self.nouns.clear();
    }
    pub fn clear_gazetteer(&mut self) {
        self.gaz.clear();
    }
    pub fn set_clusters(&mut self, clusters: KeyMap<(u16, u16)>) {
        self.clusters = clusters;
    }
    pub fn cluster_count(&self) -> usize {
        self.clusters.len()
    }
    pub fn gaz_count(&self) -> usize {
        self.gaz.len()
    }

    pub fn write(&self, w: &mut Writer) {
        let mut v: Vec<u32> = self.nouns.iter().copied().collect();
        v.sort_unstable();
        w.keys(&v);
        let mut v: Vec<u32> = self.roles.iter().copied().collect();
        v.sort_unstable();
        w.keys(&v);
        let mut g: Vec<(u32, u16)> = self.gaz.iter().map(|(k, v)| (*k, *v)).collect();
        g.sort_unstable();
        w.keys(&g.iter().map(|x| x.0).collect::<Vec<_>>());
        for (_, c) in &g {
            w.varint(*c as u64);
        }
        let mut c: Vec<(u32, (u16, u16))> = self.clusters.iter().map(|(k, v)| (*k, *v)).collect();
        c.sort_unstable();
        w.keys(&c.iter().map(|x| x.0).collect::<Vec<_>>());
        for (_, (a, b)) in &c {
            w.varint(*a as u64);
            w.varint(*b as u64);
        }
    }

    pub fn read(r: &mut Reader) -> Result<Self, CodecError> {
        let nouns = r.keys()?.into_iter().collect();
        let roles = r.keys()?.into_iter().collect();
        let gk = r.keys()?;
        let mut gaz = KeyMap::with_capacity_and_hasher(gk.len(), Default::default());
        for k in gk {
            gaz.insert(k, r.varint()? as u16);
        }
        let ck = r.keys()?;
        let mut clusters = KeyMap::with_capacity_and_hasher(ck.len(), Default::default());
        for k in ck {
            let a = r.varint()? as u16;
            let b = r.varint()? as u16;
            clusters.insert(k, (a, b));
        }
        Ok(Resources {
            nouns,
            roles,
            gaz,
            clusters,
            freq: KeyMap::default(),
        })
    }
}

/// Hash of a lowercase token sequence, as gazetteer keys are built.
pub fn seq_hash(lower_tokens: &[&str]) -> u64 {
    lower_tokens
        .iter()
        .fold(SEQ_SEED, |h, t| seq_push(h, str_hash(t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn noun_classes() {
        let mut r = Resources::default();
        r.add_noun("minister");
        r.add_noun("außenminister");
        r.add_noun("krieg");
        assert_eq!(r.noun_class(&chars("außenminister")), NounClass::Lemma);
        assert_eq!(r.noun_class(&chars("außenministers")), NounClass::Inflected);
        assert_eq!(r.noun_class(&chars("ukraine-kriegs")), NounClass::Head);
        assert_eq!(r.noun_class(&chars("rubio")), NounClass::None);
        assert_eq!(r.noun_class(&chars("")), NounClass::None);
    }

    #[test]
    fn roles_and_gazetteer() {
        let mut r = Resources::default();
        r.add_role("chef");
        r.add_role("außenminister");
        assert!(r.is_role("kremlchef"));
        assert!(r.is_role("us-außenminister"));
        assert!(!r.is_role("rubio"));
        r.add_gaz(&["kuala", "lumpur"], gaz::CITY);
        assert_eq!(r.gaz_lookup(seq_hash(&["kuala", "lumpur"])), gaz::CITY);
        assert_eq!(r.gaz_lookup(seq_hash(&["lumpur", "kuala"])), 0);
        let mut w = Writer::default();
        r.write(&mut w);
        let back = Resources::read(&mut Reader::new(&w.buf)).unwrap();
        assert!(back.is_role("kremlchef"));
        assert_eq!(back.gaz_lookup(seq_hash(&["kuala", "lumpur"])), gaz::CITY);
    }
}
