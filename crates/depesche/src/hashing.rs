//! A fast hasher for in-memory maps keyed by integers, hashes or short
//! strings: caches and counting tables on hot paths, where SipHash's
//! resistance to crafted keys buys nothing. Nothing stored depends on it.

use std::hash::{BuildHasherDefault, Hasher};

/// One multiply and a rotation per 8 bytes of key.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

/// `HashMap<K, V, FastBuild>`.
pub type FastBuild = BuildHasherDefault<FastHasher>;

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
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
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
}
