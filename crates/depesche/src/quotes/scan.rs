//! The quote finder's view of the body text: words, punctuation and
//! quotation marks with code-point offsets, read from the article's token
//! layer ([`TokenLayer`]); paired quotation marks; and sentence-like units
//! that never split inside a quotation.
//!
//! A word here is a run of letters and digits joined by hyphens, apostrophes,
//! ampersands and the dots of short segments ("US-Präsident", "O'Brien",
//! "z.B"), independent of how the tokenizer draws token boundaries.

use super::lexicon::Lexicon;
use crate::text::layer::{self, PieceKind, TokenLayer};

/// Families of quotation marks: a closer only closes an opener of its family.
pub(crate) use crate::text::layer::QuoteFamily as Fam;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Punct,
    /// A quotation mark and whether its surroundings let it open and/or close.
    Mark {
        fam: Fam,
        open: bool,
        close: bool,
    },
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    /// Code-point span.
    pub s: usize,
    pub e: usize,
    pub kind: Kind,
    /// The first character (for punctuation: the character).
    pub ch: char,
    /// Index into the finder's list of body blocks.
    pub block: usize,
    /// Byte range of the original text.
    ob: (u32, u32),
    /// Byte range of the lowercased form in the layer's arena.
    lb: (u32, u32),
}

impl Tok {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    /// A word starting with an uppercase letter.
    pub fn is_cap(&self) -> bool {
        self.kind == Kind::Word && self.ch.is_uppercase()
    }
    pub fn is_lower_word(&self) -> bool {
        self.kind == Kind::Word && self.ch.is_lowercase()
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.ch == c
    }
}

/// The body text of one article as the finder reads it.
pub(crate) struct Doc<'t> {
    pub text: &'t str,
    pub toks: Vec<Tok>,
    /// The token layer's lower-case forms.
    arena: &'t str,
}

impl<'t> Doc<'t> {
    /// The token as written.
    pub fn orig(&self, i: usize) -> &'t str {
        let (a, b) = self.toks[i].ob;
        &self.text[a as usize..b as usize]
    }
    /// The token lowercased.
    pub fn lower(&self, i: usize) -> &'t str {
        let (a, b) = self.toks[i].lb;
        &self.arena[a as usize..b as usize]
    }
    /// The original text from the start of token `a` to the end of token `b - 1`.
    pub fn slice(&self, a: usize, b: usize) -> &'t str {
        if a >= b {
            return "";
        }
        &self.text[self.toks[a].ob.0 as usize..self.toks[b - 1].ob.1 as usize]
    }
}

/// Characters that join two runs of letters or digits into one word.
fn joins(c: char) -> bool {
    matches!(c, '-' | '‑' | '\'' | '’' | '.' | '&')
}

/// The finder's tokens of the body blocks (`(start, end)` code points) of
/// `text`, read from `layer`, which must hold a block for each of them
/// ([`TokenLayer::covers`]); a block it lacks has no tokens.
pub(crate) fn scan<'t>(text: &'t str, layer: &'t TokenLayer, blocks: &[(usize, usize)]) -> Doc<'t> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    for (bi, &(cs, ce)) in blocks.iter().enumerate() {
        let Some(lb) = layer.block_of(cs, ce) else {
            continue;
        };
        let ps = layer.pieces(lb);
        let n = ps.len();
        let mut i = 0;
        while i < n {
            let p = &ps[i];
            let mut j = i + 1;
            let adjacent = |k: usize| k < n && !ps[k].space_before();
            let kind = if p.is_alnum() {
                loop {
                    if adjacent(j) && ps[j].is_alnum() {
                        j += 1;
                    } else if adjacent(j)
                        && ps[j].kind == PieceKind::Other
                        && joins(ps[j].ch)
                        && adjacent(j + 1)
                        && ps[j + 1].is_alnum()
                        && (ps[j].ch != '.' || ps[j].start as usize - p.start as usize <= 3)
                    {
                        j += 2;
                    } else {
                        break;
                    }
                }
                Kind::Word
            } else if let Some(fam) = p.mark {
                if p.has(layer::ELISION) {
                    Kind::Punct
                } else {
                    Kind::Mark {
                        fam,
                        open: p.has(layer::MARK_OPEN),
                        close: p.has(layer::MARK_CLOSE),
                    }
                }
            } else {
                // "..." is one token.
                if p.ch == '.' {
                    while adjacent(j) && ps[j].ch == '.' && ps[j].kind == PieceKind::Other {
                        j += 1;
                    }
                }
                Kind::Punct
            };
            let last = &ps[j - 1];
            toks.push(Tok {
                s: p.start as usize,
                e: last.end as usize,
                kind,
                ch: p.ch,
                block: bi,
                ob: (p.byte_start, last.byte_end),
                lb: layer.lower_range(p, last),
            });
            i = j;
        }
    }
    Doc {
        text,
        toks,
        arena: layer.arena(),
    }
}

/// Longest quotation in single marks, in tokens.
const MAX_SINGLE_QUOTE: usize = 60;

/// Tokens a text may run inside a quotation before its first closing mark
/// (longer, and the mark is more likely a stray).
const MAX_FRAGMENT: usize = 800;

/// The same for a fragment closed by a single mark.
const MAX_SINGLE_FRAGMENT: usize = 400;

/// Longest quotation without a closing mark that runs to its paragraph end, in tokens.
const MAX_OPEN_END: usize = 400;

/// Longest quotation without a closing mark that ends where the next
/// quotation of its family opens, in tokens.
const MAX_OPEN_CUT: usize = 1000;

/// Words an unclosed quotation needs to count as running to its paragraph end.
const MIN_OPEN_END_WORDS: usize = 5;

/// A paired top-level quotation: the opening and closing mark tokens
/// (`bare`: the text starts inside the quotation; `open` is its first token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pair {
    pub open: usize,
    pub close: usize,
    pub bare: bool,
    /// No closing mark: the quotation runs to the end of its paragraph (`close` is its last token).
    pub open_end: bool,
}

fn ends_sentence(doc: &Doc, i: usize) -> bool {
    let t = &doc.toks[i];
    t.kind == Kind::Punct && matches!(t.ch, '.' | '!' | '?' | '…')
}

/// May an opener at `o` that no mark closes run to token `end` (exclusive)?
/// It needs a few words of prose (tables use „ as a ditto mark: mostly
/// numbers and dots), no more than [`MAX_OPEN_END`] tokens, and must open a
/// sentence or hold one (`sentence`: it must hold one).
fn open_end_ok(doc: &Doc, o: usize, end: usize, sentence: bool) -> bool {
    let toks = &doc.toks;
    let max = if sentence { MAX_OPEN_CUT } else { MAX_OPEN_END };
    if end <= o + 1 || end - o > max {
        return false;
    }
    let words = (o + 1..end)
        .filter(|&j| toks[j].is_word() && toks[j].ch.is_alphabetic())
        .count();
    let prose = words * 10 >= (end - o - 1) * 6;
    let sentence_inside = (o + 1..end).any(|j| ends_sentence(doc, j));
    let starts = sentence_inside
        || (!sentence
            && (o == 0
                || toks[o - 1].block != toks[o].block
                || matches!(toks[o - 1].kind, Kind::Punct if matches!(toks[o - 1].ch, '.' | '!' | '?' | ':' | '…'))));
    // An opener after a word or a bracket ("des „Hotel …") marks a name
    // or a scare quote whose closing mark is lost, not speech.
    let after_word = o > 0
        && toks[o - 1].block == toks[o].block
        && (toks[o - 1].is_word() || toks[o - 1].is_punct('('));
    words >= MIN_OPEN_END_WORDS && prose && starts && !after_word
}

/// Does a new item or a stage direction follow the sentence end at `j` (a
/// dash, a bracket, a lowercase word)? A quotation without its closing mark
/// ends there.
fn breaks_off(doc: &Doc, j: usize) -> bool {
    let Some(n) = doc.toks.get(j + 1) else {
        return false;
    };
    n.block == doc.toks[j].block
        && (n.is_lower_word() || n.kind == Kind::Punct && matches!(n.ch, '—' | '–' | '-' | '('))
}

/// Pair quotation marks. Nested quotations stay inside their outer one; a
/// paragraph that opens a quotation which the next paragraph re-opens
/// continues it; an opener never closed within its paragraph runs to the
/// paragraph end when it opens at least a few words, else it is dropped. A
/// text that starts inside a quotation (a fragment) has its first unmatched
/// closing mark close from the start.
pub(crate) fn pair_quotes(doc: &Doc) -> Vec<Pair> {
    let toks = &doc.toks;
    let mut out: Vec<Pair> = Vec::new();
    let mut stack: Vec<(Fam, usize)> = Vec::new();
    let Some(first_block) = toks.first().map(|t| t.block) else {
        return out;
    };
    // Families that opened a quotation in the first block (no fragment then).
    let mut opened: Vec<Fam> = Vec::new();
    for i in 0..=toks.len() {
        let new_block = i == toks.len() || (i > 0 && toks[i].block != toks[i - 1].block);
        if new_block && i > 0 {
            if let Some(&(fam, o)) = stack.first() {
                let continues = i < toks.len()
                    && matches!(toks[i].kind, Kind::Mark { fam: f, open: true, .. } if f == fam);
                if !continues {
                    if fam != Fam::Single {
                        // A long one (paragraphs run together) ends where a new
                        // item breaks off, else at the paragraph end.
                        let close = if i - o > MAX_OPEN_END {
                            (o + 1..i)
                                .find(|&j| ends_sentence(doc, j) && breaks_off(doc, j))
                                .unwrap_or(i - 1)
                        } else {
                            i - 1
                        };
                        if open_end_ok(doc, o, close + 1, close + 1 < i || i - o > MAX_OPEN_END) {
                            out.push(Pair {
                                open: o,
                                close,
                                bare: false,
                                open_end: true,
                            });
                        }
                    }
                    stack.clear();
                }
            }
        }
        if i == toks.len() {
            break;
        }
        // Single marks double as apostrophes: such a "quotation" left open
        // for long was an apostrophe.
        if stack
            .first()
            .is_some_and(|&(f, o)| f == Fam::Single && i > o + MAX_SINGLE_QUOTE)
        {
            stack.clear();
        }
        let Kind::Mark { fam, open, close } = toks[i].kind else {
            continue;
        };
        if new_block && !stack.is_empty() && open && stack[0].0 == fam {
            // The next paragraph re-opens the quotation: it continues.
            stack.truncate(1);
            continue;
        }
        let same = stack.iter().rposition(|x| x.0 == fam);
        if close && same.is_none() {
            // Single marks double as apostrophes and commas as low marks
            // (",so‘"): their fragments stay short.
            let max_fragment = if fam == Fam::Single {
                MAX_SINGLE_FRAGMENT
            } else {
                MAX_FRAGMENT
            };
            let fragment = i > 0
                && i <= max_fragment
                // Quotations paired so far must be of another family (nested).
                && out.iter().all(|p| !matches!(toks[p.open].kind, Kind::Mark { fam: f, .. } if f == fam))
                && toks[i].block == first_block
                && !opened.contains(&fam)
                && !(open && toks[i].ch == '"')
                && (fam != Fam::Single || matches!(toks[i].ch, '‹' | '›' | '‘'));
            if fragment {
                // Everything so far was inside this quotation.
                out.clear();
                stack.clear();
                out.push(Pair {
                    open: 0,
                    close: i,
                    bare: true,
                    open_end: false,
                });
                opened.push(fam);
                continue;
            }
        }
        if close {
            if let Some(p) = same {
                if p == 0 {
                    out.push(Pair {
                        open: stack[0].1,
                        close: i,
                        bare: false,
                        open_end: false,
                    });
                }
                stack.truncate(p);
                continue;
            }
        }
        if !open {
            continue;
        }
        if toks[i].block == first_block && !opened.contains(&fam) {
            opened.push(fam);
        }
        match same {
            None => stack.push((fam, i)),
            Some(0) => {
                // A second opener of the outer family: after a sentence end
                // it re-opens the same speech (paragraphs run together),
                // otherwise the first one was never closed.
                if i > 0 && ends_sentence(doc, i - 1) {
                    stack.truncate(1);
                } else {
                    // The first one was never closed: when it holds whole
                    // sentences, it ran to the last sentence end before this
                    // one ("sagte er: „A. B. Ich sagte: „C“").
                    let o = stack[0].1;
                    let after_punct = o == 0
                        || toks[o - 1].block != toks[o].block
                        || matches!(toks[o - 1].kind, Kind::Punct if matches!(toks[o - 1].ch, '.' | '!' | '?' | ':' | ',' | '…'));
                    if fam != Fam::Single && after_punct {
                        // It ends at a sentence end that a dash, a bracket or a
                        // lowercase word follows (a new item, a stage direction),
                        // else at the last one.
                        let e = (o + 1..i)
                            .find(|&j| ends_sentence(doc, j) && breaks_off(doc, j))
                            .or_else(|| (o + 1..i).rev().find(|&j| ends_sentence(doc, j)));
                        if let Some(e) = e {
                            if open_end_ok(doc, o, e + 1, true) {
                                out.push(Pair {
                                    open: o,
                                    close: e,
                                    bare: false,
                                    open_end: true,
                                });
                            }
                        }
                    }
                    stack.clear();
                    stack.push((fam, i));
                }
            }
            Some(p) => stack.truncate(p + 1),
        }
    }
    out.sort_by_key(|p| p.open);
    out
}

/// A sentence-like stretch of tokens `[t0, t1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    pub t0: usize,
    pub t1: usize,
}

/// Split the tokens into units: sentences outside quotations, with a
/// quotation and its frame kept together.
pub(crate) fn units(doc: &Doc, lx: &Lexicon, in_q: &[Option<u32>], pairs: &[Pair]) -> Vec<Unit> {
    let toks = &doc.toks;
    let mut out = Vec::new();
    let mut t0 = 0;
    for i in 0..toks.len() {
        let last = i + 1 == toks.len();
        let mut cut = last;
        if !last {
            let next = &toks[i + 1];
            if next.block != toks[i].block && in_q[i].is_none_or(|q| in_q[i + 1] != Some(q)) {
                // Scraped pages break a sentence into paragraphs: "„…“," then
                // "donnerte X." below it, or "… erklärte er:" above the quote.
                let continues = (toks[i].is_punct(',') && next.is_lower_word())
                    || (toks[i].is_punct(':')
                        && matches!(next.kind, Kind::Mark { open: true, .. }));
                cut = !continues;
            } else if next.block == toks[i].block {
                let next_starts = next.is_cap()
                    || matches!(next.kind, Kind::Mark { open: true, .. })
                    || next.kind == Kind::Word && next.ch.is_numeric();
                if in_q[i].is_none() && ends_sentence(doc, i) && next_starts && i > t0 {
                    let prev = i - 1;
                    let abbrev = toks[prev].is_word()
                        && toks[prev].e == toks[i].s
                        && (lx.abbrev.contains(doc.lower(prev))
                            || (doc.orig(prev).chars().count() == 1 && toks[prev].is_cap())
                            || (toks[prev].ch.is_ascii_digit()
                                && (next.is_lower_word() || lx.stop.contains(doc.lower(i + 1)))));
                    cut = !abbrev;
                } else if let Some(q) = in_q[i] {
                    // A quotation that ends a sentence ("… ist.“ Dann …").
                    let p = pairs[q as usize];
                    if p.close == i
                        && p.close > p.open + 1
                        && ends_sentence(doc, i - 1)
                        && (next.is_cap() && !lx.verbs.contains(doc.lower(i + 1))
                            || matches!(next.kind, Kind::Mark { open: true, .. }))
                    {
                        cut = true;
                    }
                }
            }
        }
        if cut {
            out.push(Unit { t0, t1: i + 1 });
            t0 = i + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::text::TextIndex;

    fn doc_of(text: &str) -> (TextIndex, Vec<(usize, usize)>) {
        let ix = TextIndex::new(text);
        let mut blocks = Vec::new();
        let mut start = 0;
        for (i, para) in text.split("\n\n").enumerate() {
            let n = para.chars().count();
            blocks.push((start, start + n));
            start += n + 2;
            let _ = i;
        }
        (ix, blocks)
    }

    fn quoted(text: &str) -> Vec<String> {
        let (ix, blocks) = doc_of(text);
        let layer = TokenLayer::of_spans(text, &ix, &blocks);
        let d = scan(text, &layer, &blocks);
        pair_quotes(&d)
            .iter()
            .map(|p| d.slice(p.open, p.close + 1).to_string())
            .collect()
    }

    #[test]
    fn pairs_all_styles() {
        assert_eq!(quoted("Er sagte: „Ja.“ Dann ging er."), vec!["„Ja.“"]);
        assert_eq!(quoted("»Nein«, rief sie."), vec!["»Nein«"]);
        assert_eq!(
            quoted("\"Yes,\" he said. \"No.\""),
            vec!["\"Yes,\"", "\"No.\""]
        );
        assert_eq!(quoted("“Yes,” he said."), vec!["“Yes,”"]);
        assert_eq!(quoted("Trump's aide said 'no' twice."), vec!["'no'"]);
    }

    #[test]
    fn nested_and_multi_paragraph() {
        assert_eq!(
            quoted("„Er nannte es ‚Unsinn‘, das ist falsch“, sagte sie."),
            vec!["„Er nannte es ‚Unsinn‘, das ist falsch“"]
        );
        let t = "„Erster Absatz.\n\n„Zweiter Absatz“, sagte er.";
        assert_eq!(quoted(t), vec![t[..t.find(',').unwrap()].to_string()]);
        // Unclosed in its paragraph and not continued: dropped.
        assert!(quoted("„Offen bleibt das.\n\nNeuer Absatz.").is_empty());
    }

    #[test]
    fn unclosed_quote_ends_before_the_next_one() {
        // The closing mark of the first quote is missing; the next quote of
        // the same family opens mid-sentence.
        let t = "Die Ministerin sagte: „Wir haben lange verhandelt. Jetzt gilt der Kompromiss. Ihr Sprecher ergänzte: „Alle sind zufrieden.“";
        assert_eq!(
            quoted(t),
            vec![
                "„Wir haben lange verhandelt. Jetzt gilt der Kompromiss.",
                "„Alle sind zufrieden.“"
            ]
        );
        // A new item after a dash ends it at the first sentence.
        let t = "Der Verband teilt mit: „Die Messe findet wie geplant statt. — Berlin. Der Senat plant neue Radwege. Er hofft auf „mehr Sicherheit“.";
        assert_eq!(quoted(t)[0], "„Die Messe findet wie geplant statt.");
        // A name whose closing mark is lost does not run to the paragraph end.
        assert!(quoted(
            "Die Gäste wohnen im „Hotel Seeblick und fahren morgen weiter. Das Wetter bleibt gut."
        )
        .is_empty());
        // A scare quote left open mid-sentence does not run on.
        assert_eq!(
            quoted("Er nannte das „Unsinn und ging. Dann kam „der Plan“."),
            vec!["„der Plan“"]
        );
    }

    #[test]
    fn fragment_with_nested_quotes() {
        // The text starts inside a quotation that holds a nested one.
        let t = "Wir nennen das ‚Bürgernähe‘ und meinen es ernst.“ Der Bürgermeister lächelte.";
        assert_eq!(
            quoted(t),
            vec!["Wir nennen das ‚Bürgernähe‘ und meinen es ernst.“"]
        );
        // A same-family pair before the stray closer: no fragment.
        assert_eq!(
            quoted("Das „Projekt“ läuft. Er sagte es.“ Dann ging er."),
            vec!["„Projekt“"]
        );
    }

    #[test]
    fn units_keep_quotes_together() {
        let text = "„Das ist gut. Sehr gut“, sagte er. Dr. Meier kam am 20. Januar. Dann ging er.";
        let (ix, blocks) = doc_of(text);
        let layer = TokenLayer::of_spans(text, &ix, &blocks);
        let d = scan(text, &layer, &blocks);
        let pairs = pair_quotes(&d);
        let mut in_q = vec![None; d.toks.len()];
        for (qi, p) in pairs.iter().enumerate() {
            for x in in_q.iter_mut().take(p.close + 1).skip(p.open) {
                *x = Some(qi as u32);
            }
        }
        let lx = Lexicon::for_lang(Lang::De);
        let u = units(&d, &lx, &in_q, &pairs);
        let texts: Vec<&str> = u.iter().map(|u| d.slice(u.t0, u.t1)).collect();
        assert_eq!(
            texts,
            vec![
                "„Das ist gut. Sehr gut“, sagte er.",
                "Dr. Meier kam am 20. Januar.",
                "Dann ging er."
            ]
        );
    }
}
