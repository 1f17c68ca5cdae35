//! Code-point ↔ byte offset mapping for one article text.
//!
//! The output contract uses Unicode code points (so Python can slice), Rust
//! slices by bytes. Every stage works in code points and slices through this
//! index; for pure-ASCII text the mapping is the identity and costs nothing.

use crate::schema::Span;

#[derive(Debug, Clone)]
pub struct TextIndex {
    /// Byte offset of every code point, plus the text length at the end;
    /// `None` when the text is ASCII (code point == byte).
    byte_of: Option<Vec<u32>>,
    chars: usize,
}

impl TextIndex {
    pub fn new(text: &str) -> Self {
        assert!(
            text.len() < u32::MAX as usize,
            "texts over 4 GiB are refused by the reader"
        );
        if text.is_ascii() {
            return TextIndex {
                byte_of: None,
                chars: text.len(),
            };
        }
        // A code point starts at every byte that is not a UTF-8 continuation
        // byte (0b10xx_xxxx); a plain byte loop is faster than decoding chars.
        // Most of a text is ASCII even where some of it is not: eight ASCII
        // bytes are eight code points, taken at once; other bytes one by one.
        const WORD: usize = 8;
        let bytes = text.as_bytes();
        let mut byte_of: Vec<u32> = Vec::with_capacity(bytes.len() + 1);
        let mut i = 0;
        while i < bytes.len() {
            if let Some(word) = bytes.get(i..i + WORD) {
                if word.is_ascii() {
                    byte_of.extend(i as u32..(i + WORD) as u32);
                    i += WORD;
                    continue;
                }
            }
            if (bytes[i] as i8) >= -0x40 {
                byte_of.push(i as u32);
            }
            i += 1;
        }
        let chars = byte_of.len();
        byte_of.push(text.len() as u32);
        TextIndex {
            byte_of: Some(byte_of),
            chars,
        }
    }

    /// Number of code points.
    pub fn len_chars(&self) -> usize {
        self.chars
    }

    /// Byte offset of code point `c` (`c == len_chars()` gives the text length).
    #[inline]
    pub fn byte(&self, c: usize) -> usize {
        match &self.byte_of {
            None => c,
            Some(v) => v[c] as usize,
        }
    }

    /// Code point offset of byte `b`, which must lie on a char boundary.
    #[inline]
    pub fn char_at_byte(&self, b: usize) -> usize {
        match &self.byte_of {
            None => b,
            Some(v) => v.partition_point(|&x| (x as usize) < b),
        }
    }

    /// The text of a code-point span.
    #[inline]
    pub fn slice<'t>(&self, text: &'t str, span: Span) -> &'t str {
        &text[self.byte(span.start)..self.byte(span.end)]
    }

    /// Code-point span of a byte range.
    pub fn span_of_bytes(&self, start: usize, end: usize) -> Span {
        Span::new(self.char_at_byte(start), self.char_at_byte(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_both_ways() {
        let t = "Grüße, „Köln“!";
        let ix = TextIndex::new(t);
        assert_eq!(ix.len_chars(), t.chars().count());
        for (c, (b, _)) in t.char_indices().enumerate() {
            assert_eq!(ix.byte(c), b);
            assert_eq!(ix.char_at_byte(b), c);
        }
        assert_eq!(ix.slice(t, Span::new(8, 12)), "Köln");
    }

    #[test]
    fn ascii_is_identity() {
        let ix = TextIndex::new("abc");
        assert_eq!(ix.byte(2), 2);
        assert_eq!(ix.char_at_byte(3), 3);
    }
}
