//! The text layer: tokens and sentences, German-aware.

mod index;

pub use index::TextIndex;

use crate::lang::Lang;
use crate::schema::Span;

/// Split the code-point range `span` of `text` into tokens.
pub fn tokenize(text: &str, ix: &TextIndex, span: Span, _lang: Lang) -> Vec<Span> {
    let mut out = Vec::new();
    let s = ix.slice(text, span);
    let mut start: Option<usize> = None;
    for (i, c) in s.chars().enumerate() {
        let at = span.start + i;
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push(Span::new(st, at));
            }
        } else if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(at);
            }
        } else {
            if let Some(st) = start.take() {
                out.push(Span::new(st, at));
            }
            out.push(Span::new(at, at + 1));
        }
    }
    if let Some(st) = start {
        out.push(Span::new(st, span.end));
    }
    out
}

/// Group the tokens of one block into sentences.
pub fn split_sentences(text: &str, ix: &TextIndex, tokens: &[Span], _lang: Lang) -> Vec<Span> {
    let mut out = Vec::new();
    let mut first = 0;
    for i in 0..tokens.len() {
        let t = ix.slice(text, tokens[i]);
        let last = i + 1 == tokens.len();
        let ends = matches!(t, "." | "!" | "?")
            && tokens.get(i + 1).is_some_and(|n| {
                ix.slice(text, *n)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            });
        if ends || last {
            out.push(Span::new(tokens[first].start, tokens[i].end));
            first = i + 1;
        }
    }
    out
}
