//! A small scanner for the time layer: words, numbers and punctuation with
//! byte offsets, independent of the pipeline's tokenizer (so that changes
//! there cannot break "20. Januar" or "10.07.2025").

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone)]
pub struct Tok {
    /// Byte range in the scanned text.
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// Whitespace separates this token from the previous one.
    pub space_before: bool,
    /// Lower-cased text (for words); the raw text for numbers and punctuation.
    pub lower: String,
    /// The first character is upper case.
    pub upper: bool,
}

/// Split `text` into tokens. Digit groups joined by `.`, `:` or `,` without
/// spaces stay one number token (`10.07.2025`, `19.30`, `200.000`).
pub fn scan(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut it = text.char_indices().peekable();
    let mut space = true;
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if c.is_ascii_digit() {
            let mut end = i + 1;
            loop {
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                if end + 1 < bytes.len()
                    && matches!(bytes[end], b'.' | b':' | b',')
                    && bytes[end + 1].is_ascii_digit()
                {
                    end += 2;
                    continue;
                }
                break;
            }
            while it.peek().is_some_and(|&(j, _)| j < end) {
                it.next();
            }
            out.push(Tok {
                start: i,
                end,
                kind: TokKind::Num,
                space_before: space,
                lower: text[i..end].to_string(),
                upper: false,
            });
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphabetic() {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            let w = &text[i..end];
            let lower = if w.is_ascii() && !w.bytes().any(|b| b.is_ascii_uppercase()) {
                w.to_string()
            } else {
                w.to_lowercase()
            };
            out.push(Tok {
                start: i,
                end,
                kind: TokKind::Word,
                space_before: space,
                lower,
                upper: c.is_uppercase(),
            });
        } else {
            let end = i + c.len_utf8();
            // Dashes count as one kind of punctuation for the rules.
            let lower = match c {
                '–' | '—' | '‑' => "-".to_string(),
                '’' => "'".to_string(),
                _ => text[i..end].to_string(),
            };
            out.push(Tok {
                start: i,
                end,
                kind: TokKind::Punct,
                space_before: space,
                lower,
                upper: false,
            });
        }
        space = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_words_punct() {
        let t = scan("Am 10.07.2025 um 19.30 Uhr, 27. Mai – Grüße");
        let l: Vec<&str> = t.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(
            l,
            [
                "am",
                "10.07.2025",
                "um",
                "19.30",
                "uhr",
                ",",
                "27",
                ".",
                "mai",
                "-",
                "grüße"
            ]
        );
        assert!(t[7].kind == TokKind::Punct && !t[7].space_before);
        assert!(t[0].upper && !t[1].upper);
    }

    #[test]
    fn empty_and_odd() {
        assert!(scan("").is_empty());
        assert_eq!(scan("1990er-Jahre").len(), 4);
        assert_eq!(scan("5.").len(), 2);
    }
}
