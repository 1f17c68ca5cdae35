//! First names and the gender they usually carry, compiled from gender-guesser's
//! `nam_dict` by `depesche build names` into `models/coref/names.bin`.
//!
//! The artifact stores 32-bit FNV-1a hashes of lowercased names with one gender
//! byte each (the dictionary's licence, GFDL, rules out shipping it verbatim;
//! hashed keys keep it a feature table). A name marked both male and female, or
//! unisex, is left out: the stage then treats the person's gender as unknown.

/// The grammatical gender a first name usually carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

const MAGIC: &[u8; 4] = b"DPN1";

/// FNV-1a, 32 bits, of a lowercased name: the key stored in the artifact.
pub fn key(name: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The compiled table: sorted keys with a gender byte each.
#[derive(Debug, Default)]
pub struct Names {
    keys: Vec<u32>,
    genders: Vec<u8>,
}

impl Names {
    /// Read a compiled table; a damaged one is an error, not a panic.
    pub fn from_bytes(b: &[u8]) -> Result<Names, String> {
        if b.len() < 8 || &b[..4] != MAGIC {
            return Err("names table: bad header".into());
        }
        let n = u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize;
        if b.len() != 8 + n * 5 {
            return Err(format!("names table: {} bytes for {n} names", b.len()));
        }
        let keys = b[8..8 + 4 * n]
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let genders = b[8 + 4 * n..].to_vec();
        Ok(Names { keys, genders })
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The gender of a first name (any case), when the table knows one.
    pub fn gender(&self, first_name: &str) -> Option<Gender> {
        let i = self
            .keys
            .binary_search(&key(&first_name.to_lowercase()))
            .ok()?;
        match self.genders[i] {
            b'M' => Some(Gender::Male),
            b'F' => Some(Gender::Female),
            _ => None,
        }
    }
}

/// Compile `nam_dict.txt` (gender-guesser's fixed-column format: a gender code
/// in columns 0–2, the name in columns 3–28) into the artifact's bytes.
/// Returns the bytes and the number of names kept.
#[cfg(feature = "train")]
pub fn compile(nam_dict: &str) -> (Vec<u8>, usize) {
    use std::collections::HashMap;
    // Per name: bit 0 = seen as male, bit 1 = seen as female, bit 2 = unisex.
    let mut seen: HashMap<String, u8> = HashMap::new();
    for line in nam_dict.lines() {
        if line.starts_with('#') || !line.is_char_boundary(3) {
            continue;
        }
        let code = line[..3].trim();
        let Some(name) = line.get(3..29).or_else(|| line.get(3..)) else {
            continue;
        };
        let name = name.trim().replace('+', " ").to_lowercase();
        if name.chars().count() < 2 || name.contains(' ') {
            continue;
        }
        let bit = match code {
            "M" | "1M" | "?M" => 1,
            "F" | "1F" | "?F" => 2,
            "?" => 4,
            _ => continue, // "=": an equivalence line, no gender of its own
        };
        *seen.entry(name).or_default() |= bit;
    }
    let mut rows: Vec<(u32, u8)> = seen
        .iter()
        .filter_map(|(name, &bits)| match bits {
            1 => Some((key(name), b'M')),
            2 => Some((key(name), b'F')),
            _ => None,
        })
        .collect();
    rows.sort_unstable();
    // Two names with one hash and different genders: keep neither.
    let mut out: Vec<(u32, u8)> = Vec::with_capacity(rows.len());
    for r in rows {
        match out.last_mut() {
            Some(last) if last.0 == r.0 => {
                if last.1 != r.1 {
                    last.1 = b'?';
                }
            }
            _ => out.push(r),
        }
    }
    out.retain(|r| r.1 != b'?');
    let mut bytes = Vec::with_capacity(8 + out.len() * 5);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&(out.len() as u32).to_le_bytes());
    for r in &out {
        bytes.extend_from_slice(&r.0.to_le_bytes());
    }
    bytes.extend(out.iter().map(|r| r.1));
    (bytes, out.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_and_reads_back() {
        let src = "# comment\n\
                   M  Klaus                          1\n\
                   F  Melanie                        1\n\
                   F  Andrea                         1\n\
                   M  Andrea                         1\n\
                   ?  Kim                            1\n\
                   =  Mel Melanie                    1\n";
        let (bytes, n) = compile(src);
        assert_eq!(n, 2);
        let t = Names::from_bytes(&bytes).unwrap();
        assert_eq!(t.gender("Klaus"), Some(Gender::Male));
        assert_eq!(t.gender("MELANIE"), Some(Gender::Female));
        assert_eq!(t.gender("Andrea"), None);
        assert_eq!(t.gender("Kim"), None);
        assert!(Names::from_bytes(b"junk").is_err());
        assert!(Names::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    }
}
