//! Quotes and their speakers: direct and reported speech, German and English.
//!
//! The finder reads the body blocks' pieces from the token layer (see [`scan`]), pairs quotation
//! marks of every style, groups the text into sentence-like units that never
//! split inside a quotation, and finds speech cues outside quotations: cue
//! verbs (also separable ones, "teilte … mit"), source prepositions ("laut X",
//! "X zufolge", "nach Angaben von X", "according to X"), ", so X" and colon
//! introductions. Each direct quotation takes the cue that frames it (after,
//! before, between two parts, else the sentence's cue); reported speech comes
//! from "dass"/"that" clauses, comma clauses in Konjunktiv I, postposed frames
//! (", sagte X"), source prepositions, and Konjunktiv I sentences that continue
//! the previous speaker. Speakers are linked to entities where the article has
//! them, else given as the speaker's name phrase. Word lists are per-language
//! data (`resources/{de,en}/quotes.txt`). See `docs/quotes.md`.
//!
//! This file is the stage's entry ([`QuoteFinder`]); the work is in its parts:
//! `scan` (tokens, quotation pairs, units), `finder` (the state, the types
//! the parts share and the walk through the units), `np` (noun phrases),
//! `cues` (speech cues), `speaker` (speakers resolved to entities), `direct`
//! and `reported` (the two kinds of speech), `lexicon` (the word lists).

mod cues;
mod direct;
mod finder;
mod lexicon;
mod np;
mod reported;
mod scan;
mod speaker;

use crate::lang::Lang;
use crate::schema::{Analysis, CorefMention, Entity, Quote, Span};
use crate::text::layer::TokenLayer;
use crate::text::TextIndex;
use finder::{Finder, MentionIndex};
use lexicon::Lexicon;

/// Finds direct and reported speech and their speakers. Build once.
#[derive(Debug, Clone)]
pub struct QuoteFinder {
    de: Lexicon,
    en: Lexicon,
    other: Lexicon,
}

impl Default for QuoteFinder {
    fn default() -> Self {
        QuoteFinder::new()
    }
}

/// One quotation as found, with what the evaluation needs besides the [`Quote`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub quote: Quote,
    /// The speaker phrase in the text as written (before resolving pronouns and roles).
    pub speaker_phrase: Option<Span>,
    /// For direct quotes the span including the quotation marks; else the quote span.
    pub outer: Span,
}

impl QuoteFinder {
    pub fn new() -> Self {
        QuoteFinder {
            de: Lexicon::for_lang(Lang::De),
            en: Lexicon::for_lang(Lang::En),
            other: Lexicon::for_lang(Lang::Other),
        }
    }

    fn lexicon(&self, lang: Lang) -> &Lexicon {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
            Lang::Other => &self.other,
        }
    }

    /// Fill `a.quotes` from the body blocks, linking speakers to `a.entities`.
    pub fn annotate(&self, a: &mut Analysis, ix: &TextIndex) {
        let layer = TokenLayer::default();
        self.annotate_with(a, ix, &layer, Lang::from_code(&a.lang));
    }

    /// [`QuoteFinder::annotate`] for an article of language `lang` whose
    /// token layer is `layer` (the pipeline's); body blocks the layer lacks
    /// are cut into pieces here.
    pub fn annotate_with(&self, a: &mut Analysis, ix: &TextIndex, layer: &TokenLayer, lang: Lang) {
        let blocks: Vec<(usize, usize)> = a
            .blocks
            .iter()
            .filter(|b| b.kind.is_body())
            .map(|b| (b.start, b.end))
            .collect();
        let found = self.find_in(&a.text, ix, layer, &blocks, &a.entities, &a.coref, lang);
        a.quotes = found.into_iter().map(|f| f.quote).collect();
    }

    /// Find the quotations in the given body blocks (code-point ranges of `text`);
    /// `coref` (by start) links pronouns and role nouns to `entities`.
    pub fn find(
        &self,
        text: &str,
        ix: &TextIndex,
        blocks: &[(usize, usize)],
        entities: &[Entity],
        coref: &[CorefMention],
        lang: Lang,
    ) -> Vec<Found> {
        let layer = TokenLayer::default();
        self.find_in(text, ix, &layer, blocks, entities, coref, lang)
    }

    /// [`QuoteFinder::find`] reading the pieces of `layer`, which holds the
    /// blocks of the article (when it lacks one, the blocks are cut here).
    #[allow(clippy::too_many_arguments)]
    pub fn find_in(
        &self,
        text: &str,
        ix: &TextIndex,
        layer: &TokenLayer,
        blocks: &[(usize, usize)],
        entities: &[Entity],
        coref: &[CorefMention],
        lang: Lang,
    ) -> Vec<Found> {
        let lx = self.lexicon(lang);
        let own;
        let layer = if layer.covers(blocks) {
            layer
        } else {
            own = TokenLayer::of_spans(text, ix, blocks);
            &own
        };
        let doc = scan::scan(text, layer, blocks);
        if doc.toks.is_empty() {
            return Vec::new();
        }
        let pairs = scan::pair_quotes(&doc);
        let mut in_q = vec![None; doc.toks.len()];
        for (qi, p) in pairs.iter().enumerate() {
            for x in &mut in_q[p.open..=p.close] {
                *x = Some(qi as u32);
            }
        }
        let units = scan::units(&doc, lx, &in_q, &pairs);
        let mut f = Finder {
            doc: &doc,
            lx,
            ix,
            in_q: &in_q,
            pairs: &pairs,
            entities,
            coref,
            last_person: None,
            subject: None,
            unit_no: 0,
            out: Vec::new(),
            clause_start: vec![0; doc.toks.len()],
            clause_end: vec![0; doc.toks.len()],
            flags: (0..doc.toks.len())
                .map(|i| {
                    if doc.toks[i].is_word() {
                        lx.flags_of(doc.lower(i))
                    } else {
                        0
                    }
                })
                .collect(),
            cap_counts: None,
            mention_ix: MentionIndex::new(entities),
            unframed: Vec::new(),
        };
        f.run(&units);
        f.quoted_fragments();
        let mut out = f.out;
        out.sort_by_key(|q| (q.quote.start, q.quote.end));
        out
    }
}

#[cfg(test)]
mod tests;
