//! The time layer's tokens: words, numbers and punctuation, read from the
//! article's token layer ([`TokenLayer`]) rather than the tokenizer's tokens,
//! so that changes there cannot break "20. Januar" or "10.07.2025".

use crate::text::layer::{PieceKind, TokenLayer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone)]
pub struct Tok<'a> {
    /// Byte range relative to the start of the region (block) read.
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// Whitespace separates this token from the previous one.
    pub space_before: bool,
    /// Lower-cased text (for words); the raw text for numbers and punctuation
    /// (dashes as "-", the typographic apostrophe as "'").
    pub lower: &'a str,
    /// The first character is upper case.
    pub upper: bool,
}

/// The tokens of block `block` of `layer` (cut from `text`). Letter runs are
/// words; digit groups joined by `.`, `:` or `,` without spaces stay one number
/// token (`10.07.2025`, `19.30`, `200.000`); every other character is a
/// punctuation token.
pub fn tokens<'a>(text: &'a str, layer: &'a TokenLayer, block: usize) -> Vec<Tok<'a>> {
    let ps = layer.pieces(block);
    let base = layer.block_byte_start(block);
    let mut out = Vec::with_capacity(ps.len());
    let mut i = 0;
    while i < ps.len() {
        let p = &ps[i];
        let (kind, last, lower) = match p.kind {
            PieceKind::Alpha => (TokKind::Word, i, layer.lower(p)),
            PieceKind::Digits => {
                let mut j = i;
                while j + 2 < ps.len()
                    && ps[j + 1].kind == PieceKind::Other
                    && matches!(ps[j + 1].ch, '.' | ':' | ',')
                    && !ps[j + 1].space_before()
                    && ps[j + 2].kind == PieceKind::Digits
                    && !ps[j + 2].space_before()
                {
                    j += 2;
                }
                let raw = &text[p.byte_start as usize..ps[j].byte_end as usize];
                (TokKind::Num, j, raw)
            }
            PieceKind::Other => {
                // Dashes count as one kind of punctuation for the rules.
                let lower = match p.ch {
                    '–' | '—' | '‑' => "-",
                    '’' => "'",
                    _ => &text[p.byte_start as usize..p.byte_end as usize],
                };
                (TokKind::Punct, i, lower)
            }
        };
        out.push(Tok {
            start: p.byte_start as usize - base,
            end: ps[last].byte_end as usize - base,
            kind,
            space_before: p.space_before(),
            lower,
            upper: kind == TokKind::Word && p.has(crate::text::layer::UPPER),
        });
        i = last + 1;
    }
    out
}

/// Call `f` with the tokens of a whole text (one region): for lexicon forms
/// and the text between two expressions.
pub fn with_tokens<R>(text: &str, f: impl FnOnce(&[Tok<'_>]) -> R) -> R {
    let layer = TokenLayer::of_text(text);
    f(&tokens(text, &layer, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_words_punct() {
        let text = "Am 10.07.2025 um 19.30 Uhr, 27. Mai – Grüße";
        with_tokens(text, |t| {
            let l: Vec<&str> = t.iter().map(|t| t.lower).collect();
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
            assert_eq!(&text[t[1].start..t[1].end], "10.07.2025");
        });
    }

    #[test]
    fn offsets_are_relative_to_the_block() {
        let text = "Titel\n\nAm 3. Mai 2025 – später";
        let ix = crate::text::TextIndex::new(text);
        let layer = TokenLayer::of_spans(text, &ix, &[(0, 5), (7, 30)]);
        let t = tokens(text, &layer, 1);
        let region = &text[layer.block_byte_start(1)..];
        let words: Vec<&str> = t.iter().map(|t| &region[t.start..t.end]).collect();
        assert_eq!(words, ["Am", "3", ".", "Mai", "2025", "–", "später"]);
        assert!(t[0].space_before && t[1].space_before && !t[2].space_before);
    }

    #[test]
    fn empty_and_odd() {
        assert!(with_tokens("", |t| t.is_empty()));
        assert_eq!(with_tokens("1990er-Jahre", |t| t.len()), 4);
        assert_eq!(with_tokens("5.", |t| t.len()), 2);
        // A number group needs digits on both sides of its separator.
        assert_eq!(
            with_tokens("3,5 und 3, 5 und 3,", |t| t
                .iter()
                .map(|t| t.lower.to_string())
                .collect::<Vec<_>>()),
            ["3,5", "und", "3", ",", "5", "und", "3", ","]
        );
    }
}
