//! The text layer: tokens, pieces and sentences, German-aware.
//!
//! [`tokenize`] splits one block into code-point token spans; [`split_sentences`]
//! groups those tokens into sentences; [`TokenLayer`] cuts the blocks into
//! pieces with their attributes (lower-case form, kind, flags, quotation-mark
//! roles) that the time and quote stages read, once per article. Tokens and
//! sentences are rule-based over per-language word lists in
//! `resources/<lang>/` (abbreviations, sentence starters, months).
//! See `docs/text.md` for the rules and measured figures.

pub mod boundary;
mod index;
pub mod layer;
pub(crate) mod lexicon;
mod sentences;
mod split;
mod tokenize;

pub use index::TextIndex;
pub use layer::TokenLayer;
pub use split::{split_sentences, split_sentences_with};
pub use tokenize::tokenize;

/// Whether `lower` stands in `text` as a whole word, in lower case as
/// given: in English, which capitalises names only, a capitalised word the
/// article also writes so is a common noun ("Island nations" beside "small
/// island states").
pub fn written_in_lower_case(text: &str, lower: &str) -> bool {
    !lower.is_empty()
        && text.match_indices(lower).any(|(p, _)| {
            let before = text[..p].chars().next_back();
            let after = text[p + lower.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

/// Append `s` lowercased character by character (no final-sigma rule, as
/// `char::to_lowercase`), ASCII without the case tables: for per-token
/// buffers on hot paths.
pub fn push_lowercase(buf: &mut String, s: &str) {
    // Most tokens are ASCII: one copy, then lowercase the bytes in place.
    if s.is_ascii() {
        let start = buf.len();
        buf.push_str(s);
        buf[start..].make_ascii_lowercase();
        return;
    }
    buf.reserve(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}
