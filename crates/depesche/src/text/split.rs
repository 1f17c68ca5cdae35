//! Sentences: the rules ([`super::sentences`]) first, then the language's
//! learned boundary model ([`super::boundary`]) for the gaps they leave open.

use super::boundary::BoundaryModel;
use super::sentences::rule_boundaries;
use crate::lang::Lang;
use crate::schema::Span;
use crate::text::TextIndex;

/// Group the tokens of one block into sentences (code-point spans from the
/// first token's start to the last token's end, in order, covering every token).
///
/// The rules decide first; where they see no boundary, the language's learned
/// boundary model (see [`super::boundary`]) may still add one — headlines and
/// sign-offs run into the next sentence without a stop, colon-introduced
/// sentences.
pub fn split_sentences(text: &str, ix: &TextIndex, tokens: &[Span], lang: Lang) -> Vec<Span> {
    split_sentences_with(text, ix, tokens, lang, BoundaryModel::get(lang))
}

/// [`split_sentences`] with a given boundary model (or none: the rules alone),
/// for training and evaluating models that are not the committed ones.
pub fn split_sentences_with(
    text: &str,
    ix: &TextIndex,
    tokens: &[Span],
    lang: Lang,
    model: Option<&BoundaryModel>,
) -> Vec<Span> {
    let n = tokens.len();
    let mut out = Vec::new();
    if n == 0 {
        return out;
    }
    let mut ends = rule_boundaries(text, ix, tokens, lang);
    if let Some(model) = model {
        model.add_boundaries(text, ix, tokens, lang, &mut ends);
    }
    let mut first = 0;
    for (i, &end) in ends.iter().enumerate() {
        if end || i + 1 == n {
            // A sentence needs a word: punctuation alone ("Frankfurt (Oder) -")
            // joins the sentence before.
            let wordless = !tokens[first..=i]
                .iter()
                .any(|&t| ix.slice(text, t).chars().any(char::is_alphanumeric));
            match out.last_mut() {
                Some(last) if wordless => last.end = tokens[i].end,
                _ => out.push(Span::new(tokens[first].start, tokens[i].end)),
            }
            first = i + 1;
        }
    }
    out
}
