//! Small, stable hashing used for features, gazetteers and lexicons.
//!
//! Stable across runs and platforms (unlike `std`'s randomised hasher), because
//! hashed keys are written into the committed model files.

use std::collections::{HashMap, HashSet};

use crate::hashing::FastBuild;

/// FNV-1a over bytes, 64 bit.
#[inline]
pub fn str_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Finaliser from splitmix64: spreads all input bits over the output.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Combine an ordered sequence of token hashes (gazetteer entries, n-grams).
#[inline]
pub fn seq_push(h: u64, tok: u64) -> u64 {
    mix(h.rotate_left(23) ^ tok)
}

pub const SEQ_SEED: u64 = 0x005e_ed0f_6a2e_77e3;

/// 32-bit key of a 64-bit hash, as stored in the model file.
#[inline]
pub fn key32(h: u64) -> u32 {
    (mix(h) >> 32) as u32
}

/// Maps and sets keyed by [`key32`] hashes.
pub type IdBuild = FastBuild;
pub type KeySet = HashSet<u32, IdBuild>;
pub type KeyMap<V> = HashMap<u32, V, IdBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_values() {
        // The committed models depend on these exact values.
        assert_eq!(str_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_ne!(str_hash("Trump"), str_hash("trump"));
        assert_ne!(
            seq_push(seq_push(SEQ_SEED, 1), 2),
            seq_push(seq_push(SEQ_SEED, 2), 1)
        );
    }
}
