//! A fast hasher for in-memory maps keyed by integers, hashes or short
//! strings: caches and counting tables on hot paths, where SipHash's
//! resistance to crafted keys buys nothing. Nothing stored depends on it.

use std::hash::{BuildHasherDefault, Hasher};

/// One multiply and a rotation per 8 bytes of key.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

/// `HashMap<K, V, FastBuild>`.
pub type FastBuild = BuildHasherDefault<FastHasher>;

/// A set of words asked per token (nothing iterates it in an order that
/// matters).
pub type WordSet = std::collections::HashSet<String, FastBuild>;

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes(
                <[u8; 8]>::try_from(c).unwrap_or_default(),
            ));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.write_u64(tail_le(rest) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, v: u8) {
        self.write_u64(v as u64);
    }

    fn write_u32(&mut self, v: u32) {
        self.write_u64(v as u64);
    }

    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0 ^ v)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(32);
    }
}

/// The 1–7 bytes of `rest` as a little-endian integer (zero above them),
/// read with two overlapping loads instead of a copy into a padded buffer
/// (a `memcpy` call per hashed string).
#[inline]
fn tail_le(rest: &[u8]) -> u64 {
    let n = rest.len();
    if n >= 4 {
        // Bytes 0..4 and n-4..n; the overlap holds the same bytes in both.
        let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as u64;
        let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]) as u64;
        lo | hi << (8 * (n - 4))
    } else {
        rest.iter().rev().fold(0, |v, &b| v << 8 | b as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn works_as_a_map_hasher_for_strings_and_integers() {
        let mut words: HashMap<&str, u32, FastBuild> = HashMap::default();
        for (i, w) in ["a", "ab", "abcdefgh", "abcdefghi", "Straße", ""]
            .iter()
            .enumerate()
        {
            words.insert(w, i as u32);
        }
        assert_eq!(words.len(), 6);
        assert_eq!(words["abcdefghi"], 3);
        let ids: HashMap<u32, u32, FastBuild> = (0..1000).map(|i| (i, i * 2)).collect();
        assert_eq!(ids[&999], 1998);
        let h = |s: &str| {
            let mut x = FastHasher::default();
            x.write(s.as_bytes());
            x.finish()
        };
        assert_ne!(h("abc"), h("abc\0"));
    }

    #[test]
    fn the_tail_reads_as_a_zero_padded_little_endian_word() {
        let bytes = [0x11u8, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77];
        for n in 1..=7 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail_le(&bytes[..n]), u64::from_le_bytes(padded), "{n}");
        }
    }
}
