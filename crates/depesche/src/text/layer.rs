//! The token layer: every block of an article cut once into pieces with their
//! attributes, for the stages that read text at a finer grain than the
//! tokenizer's tokens (time expressions, quotations).
//!
//! A piece is a maximal run of letters (`char::is_alphabetic`), a maximal run
//! of ASCII digits, or one other character that is not white space
//! (`char::is_whitespace`). The stages' own tokens are runs of adjacent pieces:
//! the time grammar joins digit groups across `.`, `:` and `,` ("10.07.2025");
//! the quote finder joins letters and digits across hyphens, apostrophes,
//! ampersands and short-word dots ("US-Präsident", "O'Brien", "z.B"). The
//! tokenizer's tokens ([`super::tokenize`], `Analysis::tokens`) are another
//! granularity of the same text: they split some letter runs ("do|n't") and
//! join across characters the stages keep apart ("3.", "US-Präsident"), so
//! neither refines the other and the layer keeps both.
//!
//! Invariants, per block: pieces are ordered, non-empty, never cross white
//! space or the block's bounds; the first piece of a block counts as having
//! space before it; the lower-case forms of all pieces lie in one arena in
//! text order with nothing between them, so any run of adjacent pieces has
//! its lower-case form as one slice of the arena.

use crate::schema::Span;
use crate::text::TextIndex;

/// What a piece is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    /// A run of letters.
    Alpha,
    /// A run of ASCII digits.
    Digits,
    /// One character that is neither: punctuation, a symbol, a quotation mark,
    /// a digit of another script.
    Other,
}

/// Families of quotation marks: a closing mark only closes an opening mark of
/// its family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteFamily {
    Double,
    Guillemet,
    Single,
}

impl QuoteFamily {
    /// The family of the quotation mark `c`, if it is one.
    pub fn of(c: char) -> Option<QuoteFamily> {
        match c {
            '„' | '“' | '”' | '"' | '‟' => Some(QuoteFamily::Double),
            '»' | '«' => Some(QuoteFamily::Guillemet),
            '‚' | '‘' | '’' | '\'' | '›' | '‹' => Some(QuoteFamily::Single),
            _ => None,
        }
    }
}

/// White space precedes the piece (or it opens its block).
pub const SPACE_BEFORE: u8 = 1;
/// The first character is upper case.
pub const UPPER: u8 = 2;
/// The first character is a letter or a digit of any script.
pub const ALNUM: u8 = 4;
/// A quotation mark whose surroundings let it open a quotation.
pub const MARK_OPEN: u8 = 8;
/// A quotation mark whose surroundings let it close a quotation.
pub const MARK_CLOSE: u8 = 16;
/// An apostrophe that elides, not quotes: "in 's Ohr", "'n Buch", "'em".
pub const ELISION: u8 = 32;

/// One piece of a block.
#[derive(Debug, Clone, Copy)]
pub struct Piece {
    /// Code-point span in the article text.
    pub start: u32,
    pub end: u32,
    /// Byte range in the article text.
    pub byte_start: u32,
    pub byte_end: u32,
    /// Byte range of the lower-case form in the arena.
    lower: (u32, u32),
    /// The first character.
    pub ch: char,
    pub kind: PieceKind,
    /// [`SPACE_BEFORE`], [`UPPER`], [`ALNUM`], [`MARK_OPEN`], [`MARK_CLOSE`], [`ELISION`].
    pub flags: u8,
    /// The quotation-mark family of an [`PieceKind::Other`] piece that is one.
    pub mark: Option<QuoteFamily>,
}

impl Piece {
    #[inline]
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
    /// White space precedes the piece (or it opens its block).
    #[inline]
    pub fn space_before(&self) -> bool {
        self.has(SPACE_BEFORE)
    }
    /// A letter or digit of any script starts it.
    #[inline]
    pub fn is_alnum(&self) -> bool {
        self.has(ALNUM)
    }
}

/// One block's pieces.
#[derive(Debug, Clone, Copy)]
struct Block {
    /// Code-point span as given.
    span: (usize, usize),
    /// Piece index range.
    pieces: (u32, u32),
    /// Byte offset of the block's start in the article text (0 when it has no pieces).
    byte_start: usize,
}

/// The pieces of an article's blocks. Built once per article by the pipeline
/// (one block per structure block), or for any spans of a text.
#[derive(Debug, Clone, Default)]
pub struct TokenLayer {
    pieces: Vec<Piece>,
    arena: String,
    blocks: Vec<Block>,
}

impl TokenLayer {
    /// An empty layer with room for a text of `text_len` bytes.
    pub fn with_capacity(text_len: usize) -> TokenLayer {
        TokenLayer {
            pieces: Vec::with_capacity(text_len / 4),
            arena: String::with_capacity(text_len + 16),
            blocks: Vec::new(),
        }
    }

    /// The layer of the code-point spans `spans` of `text`, one block each.
    pub fn of_spans(text: &str, ix: &TextIndex, spans: &[(usize, usize)]) -> TokenLayer {
        let mut layer = TokenLayer::with_capacity(text.len());
        for &(s, e) in spans {
            layer.push_block(text, ix, Span::new(s, e));
        }
        layer
    }

    /// The layer of a whole text as one block.
    pub fn of_text(text: &str) -> TokenLayer {
        let ix = TextIndex::new(text);
        TokenLayer::of_spans(text, &ix, &[(0, ix.len_chars())])
    }

    /// The number of blocks.
    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }

    /// The block whose span is exactly `start..end`.
    pub fn block_of(&self, start: usize, end: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.span.0 < start);
        self.blocks[i..]
            .iter()
            .take_while(|b| b.span.0 == start)
            .position(|b| b.span.1 == end)
            .map(|k| i + k)
    }

    /// Does the layer hold a block for each of these spans?
    pub fn covers(&self, spans: &[(usize, usize)]) -> bool {
        spans.iter().all(|&(s, e)| self.block_of(s, e).is_some())
    }

    /// The pieces of block `b`.
    pub fn pieces(&self, b: usize) -> &[Piece] {
        let (lo, hi) = self.blocks[b].pieces;
        &self.pieces[lo as usize..hi as usize]
    }

    /// Byte offset of block `b`'s start in the text (0 when it has no pieces).
    pub fn block_byte_start(&self, b: usize) -> usize {
        self.blocks[b].byte_start
    }

    /// The lower-case form of a piece.
    #[inline]
    pub fn lower(&self, p: &Piece) -> &str {
        &self.arena[p.lower.0 as usize..p.lower.1 as usize]
    }

    /// The lower-case form of a run of adjacent pieces, `first` to `last`.
    #[inline]
    pub fn lower_run(&self, first: &Piece, last: &Piece) -> &str {
        &self.arena[first.lower.0 as usize..last.lower.1 as usize]
    }

    /// The lower-case forms of all pieces, in text order.
    pub fn arena(&self) -> &str {
        &self.arena
    }

    /// Byte range of a run's lower-case form in [`TokenLayer::arena`].
    pub fn lower_range(&self, first: &Piece, last: &Piece) -> (u32, u32) {
        (first.lower.0, last.lower.1)
    }

    /// Cut the code-point span `span` of `text` into pieces, as the next block.
    /// A span that is empty or runs past the text is a block without pieces.
    pub fn push_block(&mut self, text: &str, ix: &TextIndex, span: Span) {
        let first = self.pieces.len() as u32;
        let mut byte_start = 0;
        if span.start < span.end && span.end <= ix.len_chars() {
            byte_start = ix.byte(span.start);
            self.scan(text, byte_start, ix.byte(span.end), span.start);
        }
        self.blocks.push(Block {
            span: (span.start, span.end),
            pieces: (first, self.pieces.len() as u32),
            byte_start,
        });
    }

    fn scan(&mut self, text: &str, bs: usize, be: usize, cs: usize) {
        let s = &text[..be];
        let bytes = s.as_bytes();
        let mut b = bs;
        let mut cp = cs;
        let mut space = true;
        // The character before `b` (None at the block's start).
        let mut prev: Option<char> = None;
        while b < be {
            let c = match bytes[b] {
                x if x < 0x80 => x as char,
                _ => char_at(s, b),
            };
            if c.is_whitespace() {
                b += c.len_utf8();
                cp += 1;
                space = true;
                prev = Some(c);
                continue;
            }
            let start_b = b;
            let start_cp = cp;
            let mut flags = if space { SPACE_BEFORE } else { 0 };
            let mut mark = None;
            let kind = if c.is_ascii_digit() {
                b += 1;
                while b < be && bytes[b].is_ascii_digit() {
                    b += 1;
                }
                cp += b - start_b;
                flags |= ALNUM;
                PieceKind::Digits
            } else if c.is_alphabetic() {
                b += c.len_utf8();
                cp += 1;
                while b < be {
                    let x = bytes[b];
                    if x < 0x80 {
                        if !x.is_ascii_alphabetic() {
                            break;
                        }
                        b += 1;
                    } else {
                        let d = char_at(s, b);
                        if !d.is_alphabetic() {
                            break;
                        }
                        b += d.len_utf8();
                    }
                    cp += 1;
                }
                flags |= ALNUM;
                if c.is_uppercase() {
                    flags |= UPPER;
                }
                PieceKind::Alpha
            } else {
                b += c.len_utf8();
                cp += 1;
                if c.is_alphanumeric() {
                    flags |= ALNUM;
                }
                if c.is_uppercase() {
                    flags |= UPPER;
                }
                if let Some(fam) = QuoteFamily::of(c) {
                    mark = Some(fam);
                    flags |= mark_role(c, prev, &s[b..]);
                }
                PieceKind::Other
            };
            let la = self.arena.len() as u32;
            let piece = &s[start_b..b];
            if piece.is_ascii() {
                // Whole-piece copy, then in place: most pieces are ASCII.
                self.arena.push_str(piece);
                if kind == PieceKind::Alpha {
                    self.arena[la as usize..].make_ascii_lowercase();
                }
            } else {
                super::push_lowercase(&mut self.arena, piece);
            }
            self.pieces.push(Piece {
                start: start_cp as u32,
                end: cp as u32,
                byte_start: start_b as u32,
                byte_end: b as u32,
                lower: (la, self.arena.len() as u32),
                ch: c,
                kind,
                flags,
                mark,
            });
            // The last character of the piece (for a run, any of its
            // characters serves: only white space or not matters after a run).
            prev = Some(if kind == PieceKind::Other { c } else { 'a' });
            space = false;
        }
    }
}

#[inline]
fn char_at(s: &str, b: usize) -> char {
    // `b` is always on a char boundary: it only advances by whole chars.
    s[b..].chars().next().unwrap_or(' ')
}

/// Characters after which a quotation mark may open.
fn opens_after(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '(' | '[' | '{' | '–' | '—' | '-' | '/')
        || QuoteFamily::of(c).is_some()
}

/// Characters before which a quotation mark may close.
fn closes_before(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '…' | '–' | '—' | '-' | '/'
        )
        || QuoteFamily::of(c).is_some()
}

/// The role flags of the quotation mark `c` by what stands on either side
/// ("flanking"): `prev` is the character before it (None at the block's
/// start), `rest` the block's text after it.
fn mark_role(c: char, prev: Option<char>, rest: &str) -> u8 {
    let next = rest.chars().next();
    // Elision: an apostrophe after space, then one to three lower-case
    // letters up to space or the block's end.
    if matches!(c, '\'' | '’') && prev.is_none_or(char::is_whitespace) {
        let mut lower = 0;
        let mut after = None;
        for d in rest.chars().take(4) {
            if lower < 4 && d.is_lowercase() {
                lower += 1;
            } else {
                after = Some(d);
                break;
            }
        }
        if (1..=3).contains(&lower) && after.is_none_or(char::is_whitespace) {
            return ELISION;
        }
    }
    let next_solid = next.is_some_and(|n| !n.is_whitespace());
    let prev_solid = prev.is_some_and(|p| !p.is_whitespace());
    let (open, close) = match c {
        // German low marks only ever open.
        '„' | '‚' => (true, false),
        _ => {
            let close = prev_solid && next.is_none_or(closes_before);
            // 'Mitarbeitern."Zum 1. April …': a mark squeezed between a
            // sentence's end and a capital letter opens the next sentence
            // (web copy that lost the space); it closes nothing.
            let after_stop = matches!(prev, Some('.' | '!' | '?'))
                && next.is_some_and(char::is_uppercase)
                && !close;
            (
                next_solid && (prev.is_none_or(opens_after) || after_stop),
                close,
            )
        }
    };
    (if open { MARK_OPEN } else { 0 }) | (if close { MARK_CLOSE } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> (TokenLayer, Vec<String>) {
        let layer = TokenLayer::of_text(text);
        let words = layer
            .pieces(0)
            .iter()
            .map(|p| text[p.byte_start as usize..p.byte_end as usize].to_string())
            .collect();
        (layer, words)
    }

    #[test]
    fn letters_digits_and_single_others() {
        let (layer, w) = pieces("Am 10.07.2025 um 19:30 Uhr, US-Präsident!");
        assert_eq!(
            w,
            [
                "Am",
                "10",
                ".",
                "07",
                ".",
                "2025",
                "um",
                "19",
                ":",
                "30",
                "Uhr",
                ",",
                "US",
                "-",
                "Präsident",
                "!"
            ]
        );
        let p = layer.pieces(0);
        assert_eq!(p[1].kind, PieceKind::Digits);
        assert_eq!(p[2].kind, PieceKind::Other);
        assert!(p[0].has(UPPER) && p[0].space_before() && p[1].space_before());
        assert!(!p[2].space_before() && !p[3].space_before());
        assert_eq!(layer.lower(&p[14]), "präsident");
        // Adjacent pieces have their lower-case form as one slice.
        assert_eq!(layer.lower_run(&p[1], &p[5]), "10.07.2025");
        assert_eq!(layer.lower_run(&p[12], &p[14]), "us-präsident");
        // Digits of other scripts and superscripts are single pieces.
        let (layer, w) = pieces("x² ٣");
        assert_eq!(w, ["x", "²", "٣"]);
        assert!(layer.pieces(0)[1].is_alnum() && layer.pieces(0)[1].kind == PieceKind::Other);
    }

    #[test]
    fn offsets_are_code_points_and_bytes() {
        let text = "Grüße, „Köln“ — schön";
        let ix = TextIndex::new(text);
        let layer = TokenLayer::of_spans(text, &ix, &[(7, 21)]);
        let spans: Vec<(u32, u32)> = layer.pieces(0).iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(spans, [(7, 8), (8, 12), (12, 13), (14, 15), (16, 21)]);
        for p in layer.pieces(0) {
            let by_cp = ix.slice(text, Span::new(p.start as usize, p.end as usize));
            assert_eq!(by_cp, &text[p.byte_start as usize..p.byte_end as usize]);
        }
        assert_eq!(layer.block_byte_start(0), ix.byte(7));
        // The block's first piece counts as spaced, whatever stands before it.
        let layer = TokenLayer::of_spans(text, &ix, &[(3, 6)]);
        assert!(layer.pieces(0)[0].space_before());
    }

    fn roles(text: &str) -> Vec<(char, bool, bool, bool)> {
        let layer = TokenLayer::of_text(text);
        layer
            .pieces(0)
            .iter()
            .filter(|p| p.mark.is_some())
            .map(|p| (p.ch, p.has(MARK_OPEN), p.has(MARK_CLOSE), p.has(ELISION)))
            .collect()
    }

    #[test]
    fn quotation_marks_have_family_and_role() {
        assert_eq!(
            roles("Er sagte: „Ja.“ Dann"),
            [('„', true, false, false), ('“', false, true, false)]
        );
        assert_eq!(
            roles("\"Yes,\" he said"),
            [('"', true, false, false), ('"', false, true, false)]
        );
        // A straight mark between letters neither opens nor closes.
        assert_eq!(roles("O'Brien"), [('\'', false, false, false)]);
        // Between a sentence's end and a capital (a lost space) it opens.
        assert_eq!(
            roles("Mitarbeitern.\"Zum Glück“"),
            [('"', true, false, false), ('“', false, true, false)]
        );
        // Elision after space: "in 's Ohr", at the block's end too.
        assert_eq!(roles("in 's Ohr"), [('\'', false, false, true)]);
        assert_eq!(roles("gib 's"), [('\'', false, false, true)]);
        // Four lower-case letters are a quotation, not an elision.
        assert_eq!(
            roles("'dass' hier"),
            [('\'', true, false, false), ('\'', false, true, false)]
        );
        let layer = TokenLayer::of_text("»Nein« ‚so‘");
        let fams: Vec<Option<QuoteFamily>> = layer.pieces(0).iter().map(|p| p.mark).collect();
        use QuoteFamily::*;
        assert_eq!(
            fams,
            [
                Some(Guillemet),
                None,
                Some(Guillemet),
                Some(Single),
                None,
                Some(Single)
            ]
        );
    }

    #[test]
    fn blocks_are_found_by_their_span() {
        let text = "Eins.\n\nZwei drei.";
        let ix = TextIndex::new(text);
        let layer = TokenLayer::of_spans(text, &ix, &[(0, 5), (7, 17), (20, 30)]);
        assert_eq!(layer.block_of(7, 17), Some(1));
        assert_eq!(layer.block_of(7, 16), None);
        assert!(layer.pieces(2).is_empty());
        assert!(layer.covers(&[(0, 5), (7, 17)]) && !layer.covers(&[(0, 17)]));
    }

    #[test]
    fn odd_input() {
        assert!(TokenLayer::of_text("").pieces(0).is_empty());
        assert!(TokenLayer::of_text(" \n\t").pieces(0).is_empty());
        let (_, w) = pieces("\u{200B}a");
        assert_eq!(w, ["\u{200B}", "a"]);
    }
}
