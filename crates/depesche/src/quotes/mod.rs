//! Quotes and their speakers: direct and reported speech, German and English.
//!
//! The finder scans the body blocks itself (see [`scan`]), pairs quotation
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

mod lexicon;
mod scan;

use std::collections::HashMap;

use crate::lang::Lang;
use crate::schema::{Analysis, CorefMention, Entity, EntityType, Quote, Span};
use crate::text::TextIndex;
use lexicon::{flag, Lexicon};
use scan::{Doc, Kind, Pair, Unit};

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
        let lang = Lang::from_code(&a.lang);
        let blocks: Vec<(usize, usize)> = a
            .blocks
            .iter()
            .filter(|b| b.kind.is_body())
            .map(|b| (b.start, b.end))
            .collect();
        let found = self.find(&a.text, ix, &blocks, &a.entities, &a.coref, lang);
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
        let lx = self.lexicon(lang);
        let doc = scan::scan(text, ix, blocks);
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
        };
        f.run(&units);
        let mut out = f.out;
        out.sort_by_key(|q| (q.quote.start, q.quote.end));
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NpKind {
    Pronoun,
    /// "ich", "wir": a speaker phrase that names nobody.
    First,
    /// A name without determiner ("Rubio", "US-Außenminister Marco Rubio").
    Name,
    /// Determiner + role noun ("der US-Präsident").
    Role,
    /// Determiner + other noun ("das Außenministerium in Moskau").
    Common,
}

#[derive(Debug, Clone, Copy)]
struct Np {
    t0: usize,
    t1: usize,
    kind: NpKind,
    head: usize,
}

/// A resolved speaker: the value written out and whether it is a person.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Who {
    value: String,
    person: bool,
}

/// A speech cue found in a unit, with its (resolved) speaker.
#[derive(Debug, Clone)]
struct Attr {
    cue: String,
    cue_tok: usize,
    /// Token range of cue + speaker phrase (the frame).
    f0: usize,
    f1: usize,
    verb: bool,
    /// A source preposition ("laut", "zufolge", "nach Angaben", "according to").
    source: bool,
    np: Option<Np>,
    who: Option<Who>,
    /// "hieß es": a cue that attributes without naming anyone.
    impersonal: bool,
}

/// The speech state a unit hands to the next one.
#[derive(Debug, Clone)]
struct Speech {
    who: Option<Who>,
    phrase: Option<Span>,
    /// The unit itself held a quotation (direct or reported).
    quoted: bool,
}

struct Finder<'a, 't> {
    doc: &'a Doc<'t>,
    lx: &'a Lexicon,
    ix: &'a TextIndex,
    in_q: &'a [Option<u32>],
    pairs: &'a [Pair],
    entities: &'a [Entity],
    /// Coreference links by start (pronouns and role nouns to entities).
    coref: &'a [CorefMention],
    last_person: Option<Who>,
    out: Vec<Found>,
    clause_start: Vec<u32>,
    clause_end: Vec<u32>,
    /// Word-list bits of every token.
    flags: Vec<u32>,
    /// Lowercased capitalised words → how often they occur (built on first use).
    cap_counts: Option<HashMap<String, u32>>,
    /// Every mention as (start, end, entity, mention), sorted by start, and
    /// the longest mention: overlap look-ups by binary search. A scan of all
    /// mentions per speaker was quadratic on long texts (a 50 MB file holds
    /// hundreds of thousands of quotes and mentions).
    mention_ix: MentionIndex,
}

/// Mentions of an article's entities, ordered for look-ups by position.
struct MentionIndex {
    by_start: Vec<(usize, usize, u32, u32)>,
    max_len: usize,
    /// Per entity, the starts of its mentions in ascending order.
    starts: Vec<Vec<usize>>,
}

impl MentionIndex {
    fn new(entities: &[Entity]) -> Self {
        let mut by_start = Vec::new();
        let mut max_len = 0;
        let mut starts = Vec::with_capacity(entities.len());
        for (ei, e) in entities.iter().enumerate() {
            let mut s: Vec<usize> = e.mentions.iter().map(|m| m.start).collect();
            s.sort_unstable();
            starts.push(s);
            for (mi, m) in e.mentions.iter().enumerate() {
                max_len = max_len.max(m.end.saturating_sub(m.start));
                by_start.push((m.start, m.end, ei as u32, mi as u32));
            }
        }
        by_start.sort_unstable();
        MentionIndex {
            by_start,
            max_len,
            starts,
        }
    }

    /// The last mention start of entity `ei` before `pos`.
    fn last_before(&self, ei: usize, pos: usize) -> Option<usize> {
        let s = &self.starts[ei];
        let k = s.partition_point(|&x| x < pos);
        k.checked_sub(1).map(|k| s[k])
    }
}

const MAX_NP_WORDS: usize = 8;

/// How far back (code points) the last entity of a kind is looked for.
const LAST_ENTITY_WINDOW: usize = 60_000;

/// How many tokens away a role noun's name (or an organisation's compound)
/// is looked for: about four pages of news text.
const ROLE_NAME_WINDOW: usize = 3000;

/// How far back (code points) a definite role noun without a name of its own
/// ("die Beamtin", "der Kardinal") is taken to point to the person mentioned
/// last: about two paragraphs.
const ROLE_PERSON_WINDOW: usize = 1200;

impl<'a, 't> Finder<'a, 't> {
    fn lower(&self, i: usize) -> &str {
        self.doc.lower(i)
    }

    /// Is token `i` in the word list(s) `f` (see [`flag`])?
    fn is(&self, i: usize, f: u32) -> bool {
        self.flags[i] & f != 0
    }

    fn n(&self) -> usize {
        self.doc.toks.len()
    }

    /// Tokens that end a clause: , ; : ( ) dashes, quotation marks, quoted tokens.
    fn breaks(&self, i: usize) -> bool {
        let t = &self.doc.toks[i];
        self.in_q[i].is_some()
            || matches!(t.kind, Kind::Mark { .. })
            || t.kind == Kind::Punct
                && matches!(
                    t.ch,
                    ',' | ';' | ':' | '(' | ')' | '–' | '—' | '.' | '!' | '?' | '…'
                )
    }

    /// The clause around token `i`: back to the token after the previous
    /// break, forward to the next break (both within the unit). Precomputed
    /// per unit in [`Finder::index_clauses`].
    fn clause(&self, _u: Unit, i: usize) -> (usize, usize) {
        (self.clause_start[i] as usize, self.clause_end[i] as usize)
    }

    /// "Otto Brenner, Chef des Museums, teilte mit": the commas around a
    /// role phrase in apposition to a name do not end a clause, so the frame
    /// keeps its speaker and its separated particle. Returns the comma
    /// positions to glue.
    fn apposition_commas(&self, u: Unit) -> Vec<usize> {
        let t = &self.doc.toks;
        let mut out = Vec::new();
        if self.lx.lowercase_nouns {
            return out;
        }
        let mut c = u.t0 + 1;
        while c + 3 < u.t1 {
            if !(t[c].is_punct(',') && self.in_q[c].is_none() && self.cap(c - 1, u.t1)) {
                c += 1;
                continue;
            }
            let Some(c2) =
                (c + 2..u.t1.min(c + 10)).find(|&j| t[j].is_punct(',') || self.breaks(j))
            else {
                c += 1;
                continue;
            };
            let opens = if self.free_word(c + 1) && self.is(c + 1, flag::DETERMINERS) {
                c + 2
            } else {
                c + 1
            };
            let role_first = opens < c2
                && self.cap(opens, c2)
                && (self.lx.is_role(self.lower(opens))
                    || (opens + 1 < c2 && self.lx.is_role(self.lower(opens + 1))));
            let nominal = (c + 1..c2).all(|j| {
                !self.free_word(j)
                    || t[j].is_cap()
                    || self.is(
                        j,
                        flag::DETERMINERS | flag::GENITIVE | flag::COMPLEMENT_PREPS,
                    )
                    || self.adjective(j, c2)
            });
            // "der Chef des Museums, Peter Fink, teilte mit": a person's name
            // in apposition after a role.
            let name_after_role = (c + 1..c2).all(|j| self.free_word(j) && t[j].is_cap())
                && self
                    .entity_at(Span::new(t[c + 1].s, t[c2 - 1].e))
                    .is_some_and(|e| e.kind == EntityType::PER);
            if t[c2].is_punct(',') && c2 + 1 < u.t1 && (role_first || name_after_role) && nominal {
                out.push(c);
                out.push(c2);
                c = c2 + 1;
            } else {
                c += 1;
            }
        }
        out
    }

    fn index_clauses(&mut self, u: Unit) {
        let glued = self.apposition_commas(u);
        let breaks = |f: &Self, i: usize| f.breaks(i) && !glued.contains(&i);
        for i in u.t0..u.t1 {
            self.clause_start[i] = if i == u.t0 || breaks(self, i - 1) {
                i as u32
            } else {
                self.clause_start[i - 1]
            };
        }
        for i in (u.t0..u.t1).rev() {
            self.clause_end[i] = if i + 1 >= u.t1 || breaks(self, i + 1) {
                (i + 1) as u32
            } else {
                self.clause_end[i + 1]
            };
        }
    }

    fn free_word(&self, i: usize) -> bool {
        i < self.n() && self.doc.toks[i].is_word() && self.in_q[i].is_none()
    }

    /// A capitalised word that can be part of a name.
    fn cap(&self, i: usize, lim: usize) -> bool {
        i < lim && self.free_word(i) && self.doc.toks[i].is_cap() && !self.is(i, flag::STOP)
    }

    fn adjective(&self, i: usize, lim: usize) -> bool {
        if !(i + 1 < lim && self.free_word(i) && self.doc.toks[i].is_lower_word()) {
            return false;
        }
        let w = self.lower(i);
        !self.is(i, flag::STOP)
            && !self.is(i, flag::VERBS)
            && ["e", "en", "er", "es", "em"].iter().any(|s| w.ends_with(s))
    }

    /// A word of an English noun phrase (lowercase nouns included).
    fn en_word(&self, i: usize, lim: usize) -> bool {
        if !(i < lim && self.free_word(i)) {
            return false;
        }
        let adverb = self.lower(i).ends_with("ly") && self.doc.toks[i].is_lower_word();
        let never = flag::STOP | flag::VERBS | flag::AUX | flag::COMPLEMENT_PREPS | flag::SKIP;
        !adverb && !self.is(i, never)
    }

    /// The noun phrase starting at token `k`, not reaching `lim`.
    fn np_at(&self, k: usize, lim: usize) -> Option<Np> {
        if k >= lim || !self.free_word(k) {
            return None;
        }
        let lx = self.lx;
        if self.is(k, flag::PRONOUNS) || self.is(k, flag::FIRST_PERSON) {
            let kind = if self.is(k, flag::PRONOUNS) {
                NpKind::Pronoun
            } else {
                NpKind::First
            };
            return Some(Np {
                t0: k,
                t1: k + 1,
                kind,
                head: k,
            });
        }
        let mut i = k;
        let det = self.is(k, flag::DETERMINERS);
        if det {
            i += 1;
        }
        let head;
        if lx.lowercase_nouns {
            let ws = i;
            while i < lim && i - ws < 5 && self.en_word(i, lim) {
                // A bare name ends at the first lowercase word ("Merz arrived").
                if !det
                    && i > ws
                    && self.doc.toks[i - 1].is_cap()
                    && self.doc.toks[i].is_lower_word()
                {
                    break;
                }
                i += 1;
            }
            if i == ws {
                return None;
            }
            head = i - 1;
            if i + 1 < lim && self.is(i, flag::COMPLEMENT_PREPS) {
                let mut j = i + 1;
                if j < lim && self.is(j, flag::DETERMINERS) {
                    j += 1;
                }
                let js = j;
                while j < lim && j - js < 3 && self.en_word(j, lim) {
                    j += 1;
                }
                if j > js {
                    i = j;
                }
            }
        } else {
            let mut adj = 0;
            while adj < 3 && self.adjective(i, lim) {
                i += 1;
                adj += 1;
            }
            let cs = i;
            while self.cap(i, lim)
                || ((i > cs || (!det && self.particle_opens_name(i, lim)))
                    && i + 1 < lim
                    && self.free_word(i)
                    && self.is(i, flag::NAME_PARTICLES)
                    && self.cap(i + 1, lim))
            {
                i += 1;
            }
            if i == cs {
                return None;
            }
            head = i - 1;
            if det || lx.is_role(self.lower(cs)) {
                if i < lim && self.free_word(i) && self.is(i, flag::GENITIVE) {
                    let mut j = i + 1;
                    while self.adjective(j, lim) {
                        j += 1;
                    }
                    let js = j;
                    while self.cap(j, lim) {
                        j += 1;
                    }
                    if j > js {
                        i = j;
                    }
                } else if i + 1 < lim
                    && self.free_word(i)
                    && self.is(i, flag::COMPLEMENT_PREPS)
                    && self.cap(i + 1, lim)
                {
                    i += 1;
                    while self.cap(i, lim) {
                        i += 1;
                    }
                }
            }
        }
        if i - k > MAX_NP_WORDS + 2 {
            return None;
        }
        // A role noun alone ("Geschäftsführer:", "Bamberger Erzbischof:") names
        // nobody: it is a role like "der Geschäftsführer".
        let bare_role = lx.is_role(self.lower(head)) && i == head + 1;
        let kind = if !det && !bare_role {
            NpKind::Name
        } else if lx.is_role(self.lower(head)) {
            NpKind::Role
        } else {
            NpKind::Common
        };
        Some(Np {
            t0: k,
            t1: i,
            kind,
            head,
        })
    }

    /// "von Wahl", "van Gaal": a name particle opens a name when the capitalised
    /// word after it belongs to a person the entity layer found.
    fn particle_opens_name(&self, i: usize, lim: usize) -> bool {
        i + 1 < lim
            && self.free_word(i)
            && self.is(i, flag::NAME_PARTICLES)
            && self.cap(i + 1, lim)
            && {
                let t = &self.doc.toks[i + 1];
                self.entity_at(Span::new(t.s, t.e))
                    .is_some_and(|e| e.kind == EntityType::PER)
            }
    }

    /// The longest noun phrase that ends exactly before `end`, starting at or after `lo`.
    fn np_ending_at(&self, lo: usize, end: usize) -> Option<Np> {
        let from = lo.max(end.saturating_sub(MAX_NP_WORDS));
        (from..end).find_map(|k| self.np_at(k, end).filter(|np| np.t1 == end))
    }

    /// Skip adverbs, reflexives and short time phrases ("am Dienstag").
    fn skip_fillers(&self, mut k: usize, lim: usize) -> usize {
        for _ in 0..4 {
            if !(k < lim && self.free_word(k)) {
                break;
            }
            if self.is(k, flag::TIME_PREPS) && self.cap(k + 1, lim) {
                k += 2;
            } else if self.is(k, flag::SKIP) {
                k += 1;
            } else {
                break;
            }
        }
        k
    }

    /// The speaker phrase of the cue verb at `v` (particle of a separable verb at `p`).
    fn subject_of(&self, u: Unit, v: usize, p: Option<usize>) -> Option<Np> {
        let (c0, c1) = self.clause(u, v);
        let lim = p.unwrap_or(c1);
        let after = || {
            let k = self.skip_fillers(v + 1, lim);
            self.np_at(k, lim)
        };
        if self.lx.lowercase_nouns {
            if v == c0 {
                // '…," said the minister.' inverts; "told the BBC" names the
                // addressee, and "said the officer was shot" opens the reported
                // clause: the speaker is the sentence's subject then.
                let inverted = || {
                    if !self.is(v, flag::SAYS) {
                        return None;
                    }
                    after().filter(|np| {
                        let t = np.t1;
                        t >= lim
                            || !self.free_word(t)
                            || self.is(t, flag::TIME_PREPS | flag::SKIP | flag::COMPLEMENT_PREPS)
                    })
                };
                return self
                    .np_before_bracket(u, c0)
                    .or_else(inverted)
                    .or_else(|| self.unit_subject(u, v));
            }
            // "X said", "X has repeatedly said"
            let mut e = v;
            while e > c0 && self.free_word(e - 1) && {
                let w = self.lower(e - 1);
                self.is(e - 1, flag::AUX) || self.is(e - 1, flag::SKIP) || w.ends_with("ly")
            } {
                e -= 1;
            }
            return self.np_ending_at(c0, e).or_else(|| self.unit_subject(u, v));
        }
        let mut k = c0;
        while k < v && self.is(k, flag::CONNECTORS) {
            k += 1;
        }
        // "…, hatte Seehofer gesagt": an auxiliary first is no part of the subject.
        let aux_first = k < v && self.free_word(k) && self.is(k, flag::AUX);
        if let Some(np) = self.np_at(k, v).filter(|_| !aux_first) {
            // "Skeptisch äußerte sich die Kanzlerin": an adjective opening the
            // sentence is an adverbial; the subject follows the verb.
            let adverbial = np.t0 == u.t0 && np.t1 == np.t0 + 1 && {
                let w = self.lower(np.t0);
                self.lx
                    .adverbial_endings
                    .iter()
                    .any(|e| w.ends_with(e.as_str()))
            };
            if !adverbial && (np.t1 == v || (np.t1 < v && self.is(np.t1, flag::AUX))) {
                return Some(np);
            }
        }
        if c0 == v || self.is(c0, flag::AUX) {
            if let Some(np) = self.np_before_bracket(u, c0) {
                return Some(np);
            }
        }
        // "Die Ministerin, Malu Dreyer, lobte …": the subject stands before an apposition.
        if c0 > u.t0 && self.doc.toks[c0 - 1].is_punct(',') {
            if let Some(np) = self.unit_subject(u, v) {
                if self.apposition(u, np).t1 + 1 == c0 {
                    return Some(np);
                }
            }
        }
        if let Some(np) = after() {
            return Some(np);
        }
        if let Some(a) = (c0..v).find(|&a| self.free_word(a) && self.is(a, flag::AUX)) {
            let k = self.skip_fillers(a + 1, v);
            if let Some(np) = self.np_at(k, v) {
                return Some(np);
            }
        }
        self.unit_subject(u, v)
    }

    /// "Helmut Mödlhammer (ÖVP) sagte": the subject before a short bracket
    /// (party, age, place) that ends right before the clause at `c0`.
    fn np_before_bracket(&self, u: Unit, c0: usize) -> Option<Np> {
        let t = &self.doc.toks;
        if c0 < u.t0 + 3 || !t[c0 - 1].is_punct(')') {
            return None;
        }
        let open = (c0.saturating_sub(7).max(u.t0)..c0 - 1)
            .rev()
            .find(|&i| t[i].is_punct('(') || t[i].is_punct(')'))
            .filter(|&i| t[i].is_punct('(') && i > u.t0)?;
        let (mut s0, _) = self.clause(u, open - 1);
        // ", hatte Friedrich Merz (CDU) gesagt": the auxiliary is no part of it.
        if s0 < open && self.free_word(s0) && self.is(s0, flag::AUX) {
            s0 += 1;
        }
        // "Walter Fuchs vom Institut für Kriminalsoziologie (IRKS) sagt": the
        // phrase that opens the clause, when there is one; else the one before
        // the bracket.
        self.np_at(s0, open)
            .filter(|np| np.kind != NpKind::Pronoun)
            .or_else(|| self.np_ending_at(s0, open))
    }

    /// The subject that opens the sentence ("Reiche nannte …, sagte aber, …").
    fn unit_subject(&self, u: Unit, v: usize) -> Option<Np> {
        let mut k = u.t0;
        while k < v && self.free_word(k) && self.is(k, flag::CONNECTORS) {
            k += 1;
        }
        let np = self.np_at(k, v)?;
        let next = np.t1;
        let apposition = next < v && self.doc.toks[next].is_punct(',');
        (next < v && (self.doc.toks[next].is_lower_word() || apposition)).then_some(np)
    }

    /// "der Präsident des Städtetags, Burkhard Jung," → the name in apposition.
    fn apposition(&self, u: Unit, np: Np) -> Np {
        if !matches!(np.kind, NpKind::Role | NpKind::Common) || np.t1 + 1 >= u.t1 {
            return np;
        }
        if !self.doc.toks[np.t1].is_punct(',') {
            return np;
        }
        match self.np_at(np.t1 + 1, u.t1) {
            Some(a)
                if a.kind == NpKind::Name
                    && (a.t1 == u.t1 || self.doc.toks[a.t1].kind == Kind::Punct) =>
            {
                a
            }
            _ => np,
        }
    }

    /// The particle that closes the clause of a separable cue verb at `v`.
    fn particle(&self, u: Unit, v: usize) -> Option<usize> {
        let ps = self.lx.separable.get(self.lower(v))?;
        let (_, c1) = self.clause(u, v);
        let p = c1.checked_sub(1)?;
        (p > v && self.doc.toks[p].is_lower_word() && ps.iter().any(|x| x == self.lower(p)))
            .then_some(p)
    }

    /// In "den Angaben des Ministeriums" the source is the genitive.
    fn strip_source_noun(&self, np: Np) -> Np {
        for j in np.t0..np.t1 {
            if self.is(j, flag::SOURCE_NOUNS) {
                if let Some(inner) = self.np_at(j + 1, np.t1) {
                    return inner;
                }
            }
        }
        np
    }

    /// Speech cues in unit `u`, outside quotations.
    fn attrs(&self, u: Unit) -> Vec<Attr> {
        let lx = self.lx;
        let doc = self.doc;
        let toks = &doc.toks;
        let mut out = Vec::new();
        let mut t = u.t0;
        while t < u.t1 {
            if !self.free_word(t) {
                t += 1;
                continue;
            }
            let (c0, c1) = self.clause(u, t);
            let mk = |cue: String, f0: usize, f1: usize, verb: bool, np: Option<Np>| Attr {
                cue,
                cue_tok: t,
                f0,
                f1,
                verb,
                source: !verb,
                np,
                who: None,
                impersonal: false,
            };
            if toks[t].is_lower_word()
                && !(t > u.t0 && self.free_word(t - 1) && self.is(t - 1, flag::DETERMINERS))
            {
                let particle = self.particle(u, t);
                // "wie versprochen", "wie angekündigt": no speech frame.
                let aside = t > u.t0
                    && self.free_word(t - 1)
                    && self.is(t - 1, flag::ASIDE)
                    && (t + 1 >= u.t1 || !toks[t + 1].is_word());
                if !aside && (particle.is_some() || self.is(t, flag::VERBS)) {
                    let np = self
                        .subject_of(u, t, particle)
                        .map(|n| self.apposition(u, n));
                    let cue = match particle {
                        Some(p) => format!("{} … {}", self.doc.orig(t), self.doc.orig(p)),
                        None => self.doc.orig(t).to_string(),
                    };
                    let end = particle.map_or(t + 1, |p| p + 1);
                    let f0 = np.map_or(t, |n| n.t0.min(t));
                    let f1 = np.map_or(end, |n| n.t1.max(end));
                    out.push(mk(cue, f0, f1, true, np));
                    t += 1;
                    continue;
                }
            }
            if self.is(t, flag::IMPERSONAL) && toks[t].is_lower_word() {
                let es = |j: usize| j < u.t1 && self.free_word(j) && self.lower(j) == "es";
                if es(t + 1) || (t > u.t0 && es(t - 1)) {
                    let e = if es(t + 1) { t + 2 } else { t + 1 };
                    let f0 = if es(t + 1) { t } else { t - 1 };
                    let mut a = mk(self.doc.slice(f0, e).to_string(), f0, e, true, None);
                    a.impersonal = true;
                    out.push(a);
                    t += 1;
                    continue;
                }
            }
            if self.is(t, flag::PREP) {
                if let Some(np) = self.np_at(t + 1, c1) {
                    let np = self.strip_source_noun(np);
                    out.push(mk(self.doc.orig(t).to_string(), t, np.t1, false, Some(np)));
                }
            } else if self.is(t, flag::POST) {
                if let Some(np) = self.np_ending_at(c0, t) {
                    let f0 = np.t0;
                    let np = self.strip_source_noun(np);
                    out.push(mk(self.doc.orig(t).to_string(), f0, t + 1, false, Some(np)));
                }
            } else if self.is(t, flag::SOURCE_PREP) {
                let mut k = t + 1;
                if lx.lowercase_nouns {
                    // "according to X"
                    if k < c1 && self.is(k, flag::SOURCE_LINK) {
                        let np = self.np_at(k + 1, c1);
                        let cue = self.doc.slice(t, k + 1).to_string();
                        out.push(mk(cue, t, np.map_or(k + 1, |n| n.t1), false, np));
                    }
                } else {
                    // "nach Angaben von X", "nach ukrainischen Angaben", "nach Angaben des X"
                    while self.adjective(k, c1) {
                        k += 1;
                    }
                    if k < c1 && self.free_word(k) && self.is(k, flag::SOURCE_NOUNS) {
                        let cue = format!("{} {}", self.doc.orig(t), self.doc.orig(k));
                        let mut j = k + 1;
                        if j < c1 && self.free_word(j) && self.is(j, flag::SOURCE_LINK) {
                            j += 1;
                        }
                        let np = if k == t + 1 { self.np_at(j, c1) } else { None };
                        out.push(mk(cue, t, np.map_or(k + 1, |n| n.t1), false, np));
                    }
                }
            } else if self.is(t, flag::SO) && t > u.t0 && toks[t - 1].is_punct(',') {
                if let Some(np) = self.np_at(t + 1, c1).filter(|np| np.t1 == c1) {
                    let mut a = mk(self.doc.orig(t).to_string(), t, np.t1, true, Some(np));
                    a.source = false;
                    out.push(a);
                }
            }
            t += 1;
        }
        out
    }

    fn span_of(&self, np: &Np) -> Span {
        Span::new(self.doc.toks[np.t0].s, self.doc.toks[np.t1 - 1].e)
    }

    fn entity_type_rank(k: EntityType) -> u8 {
        match k {
            EntityType::PER => 0,
            EntityType::ORG => 1,
            EntityType::MISC => 2,
            EntityType::LOC => 3,
        }
    }

    /// The entity with a mention overlapping `span` (persons first, then the
    /// widest overlap, then the first entity).
    fn entity_at(&self, span: Span) -> Option<&'a Entity> {
        let ix = &self.mention_ix;
        let lo = span.start.saturating_sub(ix.max_len);
        let first = ix.by_start.partition_point(|m| m.0 < lo);
        let mut best: Option<(u8, usize, u32, u32)> = None;
        for &(start, end, ei, mi) in &ix.by_start[first..] {
            if start >= span.end {
                break;
            }
            let ov = end.min(span.end).saturating_sub(start.max(span.start));
            if ov == 0 {
                continue;
            }
            let e = &self.entities[ei as usize];
            let key = (Self::entity_type_rank(e.kind), usize::MAX - ov, ei, mi);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        best.map(|b| &self.entities[b.2 as usize])
    }

    /// The entity mentioned last before `pos` among those passing `ok`, and
    /// whether that entity has a mention before `pos` at all.
    fn last_entity_with(
        &self,
        pos: usize,
        ok: impl Fn(&Entity) -> bool,
    ) -> Option<(&'a Entity, bool)> {
        // The latest mention before `pos` of an entity passing `ok`, found by
        // walking the mentions back from `pos` (a scan of every entity per
        // speaker was quadratic on long texts); a text's own mentions within
        // the window decide exactly as a full scan would.
        let ix = &self.mention_ix;
        let k = ix.by_start.partition_point(|m| m.0 < pos);
        let lo = pos.saturating_sub(LAST_ENTITY_WINDOW);
        for &(start, _, ei, _) in ix.by_start[..k].iter().rev() {
            if start < lo {
                break;
            }
            let e = &self.entities[ei as usize];
            if ok(e) {
                return Some((e, true));
            }
        }
        // None before: the nearest one named after `pos` ("Der Minister …
        // sagte Verkehrsminister X" names them later).
        let hi = pos.saturating_add(LAST_ENTITY_WINDOW);
        ix.by_start[k..]
            .iter()
            .take_while(|m| m.0 < hi)
            .map(|m| &self.entities[m.2 as usize])
            .find(|e| ok(e))
            .or_else(|| {
                // An article of ordinary size: the last entity in its order
                // that passes, as known from a title or role alone.
                (self.entities.len() <= 256)
                    .then(|| self.entities.iter().rev().find(|e| ok(e)))
                    .flatten()
            })
            .map(|e| (e, false))
    }

    /// "der Kardinal", "die Beamtin", "der bayerische Politiker": a definite,
    /// singular role noun with nothing after it. "ein Sprecher", "seine
    /// Anwältin", "die Forscher" and "der Chef der Gruppe X" bring in someone new.
    fn takes_up_person(&self, np: &Np) -> bool {
        let det = self.lower(np.t0);
        let head = self.lower(np.head);
        self.lx.definite.contains(det)
            && np.t1 == np.head + 1
            && !(self.lx.plural_determiners.contains(det)
                && self
                    .lx
                    .plural_endings
                    .iter()
                    .any(|e| head.ends_with(e.as_str())))
    }

    /// The person mentioned last before `pos`, when that mention is near.
    fn recent_person(&self, pos: usize) -> Option<&'a Entity> {
        let (e, before) = self.last_entity_with(pos, |e| e.kind == EntityType::PER)?;
        let ei = self.entities.iter().position(|x| std::ptr::eq(x, e))?;
        let last = self.mention_ix.last_before(ei, pos)?;
        (before && pos - last <= ROLE_PERSON_WINDOW).then_some(e)
    }

    /// The entity mentioned last before `pos` among those passing `ok`.
    fn last_entity(&self, pos: usize, ok: impl Fn(&Entity) -> bool) -> Option<&'a Entity> {
        self.last_entity_with(pos, ok).map(|(e, _)| e)
    }

    fn who_entity(e: &Entity) -> Who {
        Who {
            value: e.id.clone(),
            person: e.kind == EntityType::PER,
        }
    }

    /// The name written after an earlier occurrence of the role noun
    /// ("US-Präsident Donald Trump" for "der US-Präsident").
    /// Earlier occurrences first; else the first later one ("Der Minister …
    /// sagte Verkehrsminister Patrick Schnieder").
    fn name_after_role(&self, head: &str, at: usize) -> Option<String> {
        let head = head.trim_end_matches('s');
        let n = self.n();
        let name_at = |j: usize| {
            if j != at && self.cap(j, n) && self.lower(j).ends_with(head) && self.cap(j + 1, n) {
                let mut e = j + 1;
                while self.cap(e, n) {
                    e += 1;
                }
                return Some(self.doc.slice(j + 1, e).to_string());
            }
            None
        };
        // Windowed: an unbounded scan per speaker made long texts quadratic
        // (a 4 MB article spent 98 % of its time here); a role named further
        // away than a few pages is no evidence anyway.
        (at.saturating_sub(ROLE_NAME_WINDOW)..at)
            .rev()
            .find_map(name_at)
            .or_else(|| (at + 1..n.min(at + 1 + ROLE_NAME_WINDOW)).find_map(name_at))
    }

    /// The named organisation an earlier compound gives for a generic noun
    /// ("das Ministerium" after "das Gesundheitsministerium in Berlin").
    fn named_org(&self, head: &str, before: usize) -> Option<String> {
        let head = head.trim_end_matches('s');
        if !self.lx.org_nouns.iter().any(|o| head.ends_with(o.as_str())) {
            return None;
        }
        for j in (before.saturating_sub(ROLE_NAME_WINDOW)..before).rev() {
            let w = self.lower(j);
            if self.cap(j, before)
                && w.len() > head.len() + 2
                && w.trim_end_matches('s').ends_with(head)
            {
                let k = if j > 0 && self.free_word(j - 1) && self.is(j - 1, flag::DETERMINERS) {
                    j - 1
                } else {
                    j
                };
                let np = self.np_at(k, before).filter(|n| n.t1 > j)?;
                return Some(self.doc.slice(np.t0, np.t1).to_string());
            }
        }
        None
    }

    /// The name part of a name phrase: "US-Außenminister Marco Rubio" → "Marco Rubio".
    fn name_text(&self, np: &Np) -> String {
        let mut s = np.t0;
        if np.t1 - np.t0 > 1 && self.lx.is_role(self.lower(s)) {
            s += 1;
            if s + 1 < np.t1 && self.is(s, flag::COMPLEMENT_PREPS) {
                s += 2;
            }
        }
        self.doc.slice(s.min(np.t1 - 1), np.t1).to_string()
    }

    /// The entity a coreference link inside `span` takes up.
    fn coref_at(&self, span: Span) -> Option<Who> {
        crate::coref::linked_entity(self.coref, self.entities, span).map(Self::who_entity)
    }

    fn resolve(&mut self, np: &Np) -> Option<Who> {
        let span = self.span_of(np);
        let head_lower = self.lower(np.head).to_string();
        if np.kind == NpKind::First {
            return None;
        }
        if np.kind == NpKind::Pronoun {
            if let Some(w) = self.coref_at(span) {
                return Some(w);
            }
            if let Some(p) = &self.last_person {
                return Some(p.clone());
            }
            return self
                .last_entity_with(span.start, |e| e.kind == EntityType::PER)
                .filter(|&(_, before)| before)
                .map(|(e, _)| Self::who_entity(e));
        }
        // The entity at the phrase's head: in "das Außenministerium in Moskau"
        // the speaker is the ministry, not the place in its modifier.
        let head_span = Span::new(self.doc.toks[np.head].s, self.doc.toks[np.head].e);
        let at = match np.kind {
            NpKind::Common | NpKind::Role => self.entity_at(head_span),
            _ => self.entity_at(head_span).or_else(|| self.entity_at(span)),
        };
        if let Some(e) = at {
            return Some(Self::who_entity(e));
        }
        if !self.entities.is_empty() {
            let stem = head_lower.trim_end_matches('s');
            let by_role = self.last_entity(span.start, |e| {
                e.roles.iter().any(|r| {
                    let r = r.to_lowercase();
                    r.ends_with(stem) || stem.ends_with(&r)
                })
            });
            let found = match np.kind {
                NpKind::Role => by_role,
                NpKind::Common => self.last_entity(span.start, |e| {
                    e.kind == EntityType::ORG && e.name.to_lowercase().contains(stem)
                }),
                _ => self.last_entity(span.start, |e| {
                    e.name.to_lowercase().split_whitespace().last() == Some(stem)
                        || e.name.to_lowercase() == stem
                }),
            };
            if let Some(e) = found {
                return Some(Self::who_entity(e));
            }
        }
        match np.kind {
            NpKind::Role => {
                if let Some(name) = self.name_after_role(&head_lower, np.head) {
                    return Some(Who {
                        value: name,
                        person: true,
                    });
                }
                // "sagt die Beamtin", "betonte der Kardinal": a definite role
                // noun takes up the person the text has just been about
                // (the coreference stage knows whom, by gender and salience).
                if let Some(w) = self.coref_at(span) {
                    return Some(w);
                }
                if self.takes_up_person(np) {
                    if let Some(e) = self.recent_person(span.start) {
                        return Some(Self::who_entity(e));
                    }
                }
                Some(Who {
                    value: self.doc.slice(np.t0, np.t1).to_string(),
                    person: true,
                })
            }
            NpKind::Common => self.coref_at(span).or_else(|| {
                Some(Who {
                    value: self
                        .named_org(&head_lower, np.t0)
                        .unwrap_or_else(|| self.doc.slice(np.t0, np.t1).to_string()),
                    person: false,
                })
            }),
            _ => Some(Who {
                value: self.name_text(np),
                person: true,
            }),
        }
    }

    /// Remember the subject of a unit that opens with a name, for pronouns later.
    fn note_subject(&mut self, u: Unit) {
        let mut k = u.t0;
        while k < u.t1 && self.free_word(k) && self.is(k, flag::CONNECTORS) {
            k += 1;
        }
        let Some(np) = self.np_at(k, u.t1) else {
            return;
        };
        if np.kind != NpKind::Name || np.t1 >= u.t1 || !self.doc.toks[np.t1].is_lower_word() {
            return;
        }
        if !self.entities.is_empty() {
            if let Some(e) = self.entity_at(self.span_of(&np)) {
                if e.kind == EntityType::PER {
                    self.last_person = Some(Self::who_entity(e));
                }
            }
            return;
        }
        // Without entities: a capitalised word used more than once without an
        // article is taken for a name.
        let last = self.lower(np.t1 - 1).to_string();
        let full_name = np.t1 - np.t0 >= 2 || self.lx.is_role(self.lower(np.t0));
        if full_name || self.cap_count(&last) >= 2 {
            self.last_person = Some(Who {
                value: self.name_text(&np),
                person: true,
            });
        }
    }

    fn cap_count(&mut self, lower: &str) -> u32 {
        let doc = self.doc;
        let counts = self.cap_counts.get_or_insert_with(|| {
            let mut m: HashMap<String, u32> = HashMap::new();
            for (j, t) in doc.toks.iter().enumerate() {
                if t.is_cap() {
                    *m.entry(doc.lower(j).to_string()).or_default() += 1;
                }
            }
            m
        });
        counts.get(lower).copied().unwrap_or(0)
    }

    fn trim_span(&self, s: usize, e: usize) -> Span {
        let text = self.ix.slice(self.doc.text, Span::new(s, e));
        let lead = text.chars().take_while(|c| c.is_whitespace()).count();
        let trail = text.chars().rev().take_while(|c| c.is_whitespace()).count();
        let (s2, e2) = (s + lead, e.saturating_sub(trail));
        if s2 >= e2 {
            Span::new(s, s)
        } else {
            Span::new(s2, e2)
        }
    }

    fn push(
        &mut self,
        kind: &str,
        span: Span,
        outer: Span,
        who: Option<&Who>,
        phrase: Option<Span>,
        cue: Option<String>,
    ) {
        if span.is_empty() {
            return;
        }
        self.out.push(Found {
            quote: Quote {
                kind: kind.to_string(),
                start: span.start,
                end: span.end,
                text: self.ix.slice(self.doc.text, span).to_string(),
                speaker: who.map(|w| w.value.clone()),
                cue,
            },
            speaker_phrase: phrase,
            outer,
        });
    }

    fn words_in(&self, a: usize, b: usize) -> usize {
        (a..b).filter(|&i| self.doc.toks[i].is_word()).count()
    }

    /// Share of the unit's tokens that lie inside quotations.
    fn quoted_share(&self, a: usize, b: usize) -> f32 {
        if a >= b {
            return 0.0;
        }
        (a..b).filter(|&i| self.in_q[i].is_some()).count() as f32 / (b - a) as f32
    }

    /// Tokens `[a, b)` are a direct quote rather than reported speech: mostly
    /// in quotation marks, and no Konjunktiv I outside them (which makes
    /// "Es gebe „zu viele Krankenhäuser“, sagt X" reported speech).
    fn mostly_quoted(&self, a: usize, b: usize) -> bool {
        self.quoted_share(a, b) >= 0.5 && self.has_k1(a, b).is_none()
    }

    /// End of a reported clause: before trailing punctuation.
    fn content_end(&self, a: usize, mut b: usize) -> usize {
        while b > a && self.doc.toks[b - 1].kind == Kind::Punct {
            b -= 1;
        }
        b
    }

    fn run(&mut self, units: &[Unit]) {
        let mut prev: Option<Speech> = None;
        for &u in units {
            self.index_clauses(u);
            self.note_subject(u);
            let mut attrs = self.attrs(u);
            for a in &mut attrs {
                if let Some(np) = a.np {
                    a.who = self.resolve(&np);
                    // "sie sagten": a plural pronoun is nobody in particular.
                    if np.kind == NpKind::Pronoun && a.verb && self.lower(a.cue_tok).ends_with("en")
                    {
                        a.who = None;
                    }
                    if let Some(w) = &a.who {
                        if w.person && np.kind != NpKind::Pronoun {
                            self.last_person = Some(w.clone());
                        }
                    }
                }
            }
            let mut state: Option<Speech> =
                attrs.iter().find(|a| a.who.is_some()).map(|a| Speech {
                    who: a.who.clone(),
                    phrase: a.np.map(|n| self.span_of(&n)),
                    quoted: false,
                });
            let quoted_any = self.direct(u, &attrs, prev.as_ref(), &mut state);
            let colon = if quoted_any {
                None
            } else {
                self.colon_speech(u, &attrs, &mut state)
            };
            // A unit with unmarked speech after a colon has no reported speech
            // besides (its head is a frame: "Auf die Frage, ob …, sagte X:").
            let colon = colon.is_some();
            let reported = !colon && self.reported(u, &attrs, prev.as_ref(), &mut state);
            if let Some(s) = &mut state {
                s.quoted |= quoted_any || colon || reported;
            }
            prev = state;
        }
    }

    /// Index range of the quotations that open in tokens `[a, b)` (pairs are sorted).
    fn pairs_in(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        let lo = self.pairs.partition_point(|p| p.open < a);
        let hi = self.pairs.partition_point(|p| p.open < b).max(lo);
        lo..hi
    }

    fn phrase(&self, a: &Attr) -> Option<Span> {
        a.np.map(|n| self.span_of(&n))
    }

    /// Direct quotations of unit `u`; returns whether any was kept.
    fn direct(
        &mut self,
        u: Unit,
        attrs: &[Attr],
        prev: Option<&Speech>,
        state: &mut Option<Speech>,
    ) -> bool {
        let doc = self.doc;
        let toks = &doc.toks;
        let mut kept = false;
        let mut prev_close = u.t0;
        let pairs = self.pairs;
        for &p in &pairs[self.pairs_in(u.t0, u.t1)] {
            let content_start = if p.bare {
                toks[p.open].s
            } else {
                toks[p.open].e
            };
            let content_end = if p.open_end {
                toks[p.close].e
            } else {
                toks[p.close].s
            };
            let inner = self.trim_span(content_start, content_end);
            if inner.is_empty() {
                continue;
            }
            let outer = Span::new(toks[p.open].s, toks[p.close].e);
            // 1. frame right after the closing mark (", sagte X" / "X said")
            let verb_with_np = attrs.iter().any(|a| a.verb && a.np.is_some());
            let mut chosen: Option<&Attr> = attrs.iter().find(|a| {
                (a.verb || !verb_with_np)
                    && a.f0 > p.close
                    // "… Weber ergänzte: „…“" introduces the next quotation.
                    && !(a.f1 < u.t1 && toks[a.f1].is_punct(':'))
                    && (a.f0 == p.close + 1
                        || (a.f0 == p.close + 2 && toks[p.close + 1].is_punct(',')))
            });
            // 2./3. frame before the opening mark, back to the previous quotation
            if chosen.is_none() {
                chosen = attrs
                    .iter()
                    .rev()
                    .find(|a| a.f1 <= p.open && a.f0 >= prev_close && a.verb);
            }
            let mut colon_who: Option<(Who, Span)> = None;
            if chosen.is_none() && p.open >= u.t0 + 2 && toks[p.open - 1].is_punct(':') {
                // "Rubio: „…“" — a bare name phrase before a colon opening the unit.
                let (c0, _) = self.clause(u, p.open - 2);
                if c0 == u.t0 {
                    if let Some(np) = self.np_ending_at(c0, p.open - 1).filter(|n| n.t0 == c0) {
                        if let Some(w) = self.resolve(&np) {
                            colon_who = Some((w, self.span_of(&np)));
                        }
                    }
                }
            }
            let adjacent = chosen.is_some();
            // A frame with a verb we do not list: "«, begann ich" / "," he laughed.
            if chosen.is_none() && colon_who.is_none() {
                if let Some(np) = self.unknown_frame(u, p.close) {
                    let who = self.resolve(&np);
                    colon_who = Some((
                        who.unwrap_or(Who {
                            value: String::new(),
                            person: false,
                        }),
                        self.span_of(&np),
                    ));
                }
            }
            // 4. any cue in the unit, nearest first
            if chosen.is_none() && colon_who.is_none() {
                chosen = attrs
                    .iter()
                    .filter(|a| a.np.is_some())
                    .min_by_key(|a| a.cue_tok.abs_diff(p.open));
            }
            let content_text = self.ix.slice(self.doc.text, inner);
            let words = self.words_in(p.open, p.close);
            let sentence_like = content_text
                .trim_end_matches(['"', '\'', '“', '”', '«', '»', '‘', '’', '‹', '›'])
                .ends_with(['.', '!', '?', '…', ',', ';', ':', '–', '—', '-'])
                || words >= 6;
            let comma_after = p.close + 1 < u.t1 && toks[p.close + 1].is_punct(',');
            let (who, phrase, cue) = if let Some(a) = chosen {
                let attributed = a.np.is_some() || a.impersonal || (adjacent && comma_after);
                if !attributed && !sentence_like {
                    continue;
                }
                (a.who.clone(), self.phrase(a), Some(a.cue.clone()))
            } else if let Some((w, sp)) = colon_who {
                let colon = p.open > u.t0 && toks[p.open - 1].is_punct(':');
                let cue = if colon {
                    Some(":".to_string())
                } else {
                    self.unknown_frame(u, p.close).map(|np| {
                        let v = if np.t0 == p.close + 2 {
                            np.t1
                        } else {
                            p.close + 2
                        };
                        self.doc.orig(v.min(self.n() - 1)).to_string()
                    })
                };
                let who = (!w.value.is_empty()).then_some(w);
                (who, Some(sp), cue)
            } else if self.quoted_share(u.t0, u.t1) >= 0.7
                && prev.is_some_and(|s| s.quoted && s.who.is_some())
            {
                let s = prev.expect("checked");
                (s.who.clone(), s.phrase, None)
            } else if sentence_like {
                (None, None, None)
            } else {
                // A scare quote or title nobody is said to have said.
                continue;
            };
            if who.is_some() && state.as_ref().is_none_or(|s| s.who.is_none()) {
                *state = Some(Speech {
                    who: who.clone(),
                    phrase,
                    quoted: true,
                });
            }
            self.push("direct", inner, outer, who.as_ref(), phrase, cue);
            kept = true;
            prev_close = p.close + 1;
        }
        kept
    }

    /// Direct speech without quotation marks after a cue and a colon: "Der
    /// Minister sagte: Wir prüfen das." Only a sentence in the speaker's own
    /// voice (first or second person) counts; "teilte mit: Drei Menschen
    /// wurden verletzt" stays a report. Returns the colon of the one kept.
    fn colon_speech(
        &mut self,
        u: Unit,
        attrs: &[Attr],
        state: &mut Option<Speech>,
    ) -> Option<usize> {
        let toks = &self.doc.toks;
        let c = (u.t0..u.t1).find(|&i| toks[i].is_punct(':') && self.in_q[i].is_none())?;
        if c + 2 >= u.t1
            || !self.free_word(c + 1)
            || !toks[c + 1].is_cap()
            || (c + 1..u.t1)
                .any(|i| self.in_q[i].is_some() || matches!(toks[i].kind, Kind::Mark { .. }))
        {
            return None;
        }
        // The cue's clause runs up to the colon ("sagte am Montag:").
        let a = attrs
            .iter()
            .rev()
            .find(|a| a.verb && a.cue_tok < c && self.clause_end[a.cue_tok] as usize == c)?;
        // A named speaker of its own inside ("…, sagte die Abgeordnete X, dass …"):
        // narration, not the speech the colon opens.
        let own_frame = attrs.iter().any(|b| {
            b.verb
                && b.cue_tok > c
                && b.np
                    .is_some_and(|n| !matches!(n.kind, NpKind::Pronoun | NpKind::First))
        });
        if own_frame {
            return None;
        }
        let own_voice = (c + 1..u.t1).any(|i| {
            self.is(i, flag::SPEAKER_WORDS)
                || (!self.lx.lowercase_nouns && i > c + 1 && self.doc.orig(i) == "Sie")
        });
        if self.words_in(c + 1, u.t1) < 3 {
            return None;
        }
        // Without a voice of its own, a main clause in Konjunktiv I after the
        // colon is reported speech: "sagte am Sonntag: Der Bund nehme …".
        // A frame after speech of its own ("Das sei …, sagte X: Die Tat sei …")
        // is left to the reported-speech finder, which takes the first part.
        let postposed = a.f0 > u.t0 && toks[a.f0 - 1].is_punct(',');
        // Reported speech ends before the final stop, as elsewhere.
        let (kind, last) = if own_voice {
            ("direct", u.t1)
        } else if !postposed
            && self.has_k1(c + 1, u.t1).is_some()
            && self.opens_reported(c + 1, u.t1)
        {
            ("indirect", self.content_end(c + 1, u.t1))
        } else {
            return None;
        };
        let span = Span::new(toks[c + 1].s, toks[last - 1].e);
        let (who, phrase, cue) = (a.who.clone(), self.phrase(a), Some(a.cue.clone()));
        if who.is_some() && state.as_ref().is_none_or(|s| s.who.is_none()) {
            *state = Some(Speech {
                who: who.clone(),
                phrase,
                quoted: true,
            });
        }
        self.push(kind, span, span, who.as_ref(), phrase, cue);
        Some(c)
    }

    /// Does the clause `[a, b)` look like a main clause ("die Inflation bewege …",
    /// "es gebe …") rather than a relative or adverbial clause?
    fn opens_reported(&self, a: usize, b: usize) -> bool {
        if a + 1 >= b || !self.free_word(a) {
            return false;
        }
        let t = &self.doc.toks;
        (t[a].is_cap() && !self.is(a, flag::STOP))
            || (self.is(a, flag::REPORTED_START) && t[a + 1].is_lower_word())
            || (self.is(a, flag::DETERMINERS) && self.cap(a + 1, b))
    }

    /// The speaker of a frame right after a closing mark whose verb is not a
    /// listed cue: German "«, begann ich", English "," he laughed.
    fn unknown_frame(&self, u: Unit, close: usize) -> Option<Np> {
        let t = &self.doc.toks;
        if !(close + 3 < u.t1 && t[close + 1].is_punct(',')) {
            return None;
        }
        let ends = |j: usize| j >= u.t1 || t[j].kind != Kind::Word;
        let plain = |j: usize| {
            self.free_word(j)
                && t[j].is_lower_word()
                && !self.is(j, flag::STOP)
                && !self.is(j, flag::COMPLEMENTIZERS)
                && !self.is(j, flag::CONNECTORS)
        };
        if self.lx.lowercase_nouns {
            let np = self.np_at(close + 2, u.t1)?;
            (np.t1 < u.t1 && plain(np.t1) && ends(np.t1 + 1)).then_some(np)
        } else {
            if !plain(close + 2) {
                return None;
            }
            // "„…“, tat sich Jenas Coach X zu …": reflexives and adverbs may
            // stand between the verb and its speaker, and a prepositional
            // phrase may follow the speaker.
            let k = self.skip_fillers(close + 3, u.t1);
            let np = self.np_at(k, u.t1)?;
            let follows = |j: usize| {
                ends(j) || (self.free_word(j) && self.is(j, flag::SKIP | flag::FRAME_PREPS))
            };
            (np.kind != NpKind::Pronoun || ends(np.t1))
                .then_some(np)
                .filter(|np| follows(np.t1))
        }
    }

    fn has_k1(&self, a: usize, b: usize) -> Option<usize> {
        (a..b).find(|&i| {
            self.free_word(i)
                && self.doc.toks[i].is_lower_word()
                && self.is(i, flag::K1)
                && !(i > 0
                    && self.free_word(i - 1)
                    && matches!(self.lower(i - 1), "ich" | "wir" | "du"))
        })
    }

    /// Reported speech of unit `u`; returns whether any was found.
    fn reported(
        &mut self,
        u: Unit,
        attrs: &[Attr],
        prev: Option<&Speech>,
        state: &mut Option<Speech>,
    ) -> bool {
        if self.lx.is_empty() || self.mostly_quoted(u.t0, u.t1) {
            return false;
        }
        let doc = self.doc;
        let toks = &doc.toks;
        let end = self.content_end(u.t0, u.t1);
        for a in attrs {
            let mut span: Option<(usize, usize)> = None;
            if a.verb && !self.is(a.cue_tok, flag::SO) {
                let (_, c1) = self.clause(u, a.cue_tok);
                let (c0, _) = self.clause(u, a.cue_tok);
                if let Some(j) = (a.cue_tok + 1..c1)
                    .find(|&j| self.free_word(j) && self.is(j, flag::COMPLEMENTIZERS))
                {
                    span = Some((j, end));
                } else if c0 == u.t0
                    && c1 + 1 < end
                    && toks[c1].is_punct(',')
                    && self.free_word(c0)
                    && self.is(c0, flag::ASIDE)
                    && a.np.is_some()
                    && a.cue_tok + 1 == c1
                {
                    // "Wie die Polizei mitteilte, hatte der Zeuge …": a frame
                    // opening the sentence attributes the clause after it.
                    span = Some((c1 + 1, end));
                } else if self.lx.lowercase_nouns
                    && self.is(a.cue_tok, flag::SAYS)
                    && a.f0 < a.cue_tok
                    && a.f1 == a.cue_tok + 1
                    && a.cue_tok + 2 < end
                    && self.free_word(a.cue_tok + 1)
                    && (!self.is(a.cue_tok + 1, flag::COMPLEMENT_PREPS)
                        || self.lx.quantity_words.contains(self.lower(a.cue_tok + 2)))
                    && !self.is(a.cue_tok + 1, flag::SKIP)
                    && self.lower(a.cue_tok + 1) != "to"
                {
                    // English "X said the idea was new" (no "that"), also when
                    // a comma comes later in the clause ("X said the toll
                    // would rise, noting …").
                    span = Some((a.cue_tok + 1, end));
                } else if c1 + 1 < end && toks[c1].is_punct(',') && self.free_word(c1 + 1) {
                    if self.is(c1 + 1, flag::COMPLEMENTIZERS) {
                        span = Some((c1 + 1, end));
                    } else if self.is(a.cue_tok, flag::VERBS | flag::SAYS)
                        && a.f0 < c1
                        && a.f1 <= c1
                    {
                        // A say-verb takes a bare clause ("sagte, es sei …"); any
                        // other cue verb only one marked by Konjunktiv I
                        // ("beteuerte er, das Land habe …").
                        let says = self.is(a.cue_tok, flag::SAYS);
                        let (c0, _) = self.clause(u, a.cue_tok);
                        let (_, n1) = self.clause(u, c1 + 1);
                        // A perfect tense: an auxiliary before the cue ("hat … gesagt").
                        let perfect =
                            (c0..a.cue_tok).any(|j| self.free_word(j) && self.is(j, flag::AUX));
                        let k1 = self.has_k1(c1 + 1, n1);
                        // "…, die ihm aufgefallen seien": a relative clause —
                        // a d-word, then no noun before the verb — is no main
                        // clause in reported speech ("…, die Lage sei ernst").
                        let relative = k1.is_some_and(|k| {
                            k > c1 + 2
                                && self.free_word(c1 + 1)
                                && self.is(c1 + 1, flag::RELATIVE)
                                && (c1 + 2..k).all(|j| !self.doc.toks[j].is_cap())
                        });
                        // After a perfect tense ("hat … geschrieben, Regie
                        // geführt und …") only a mood, an infinitive or a noun
                        // phrase opening the clause marks speech: Konjunktiv I
                        // or II, "… zu haben", "diese Regeln entsprächen …".
                        let mood_or_infinitive = || {
                            (c1 + 1..n1).any(|j| {
                                self.free_word(j) && (self.is(j, flag::K2) || self.lower(j) == "zu")
                            })
                        };
                        let opens_with_noun_phrase =
                            || self.is(c1 + 1, flag::DETERMINERS) && self.cap(c1 + 2, n1);
                        let marked = k1.is_some()
                            || (says
                                && perfect
                                && (mood_or_infinitive() || opens_with_noun_phrase()));
                        let bare = says && !perfect && self.opens_reported(c1 + 1, n1);
                        if !relative && (marked || bare) {
                            span = Some((c1 + 1, end));
                        }
                    }
                }
            }
            if span.is_none() && !a.source {
                // Postposed frame: "…, sagte X." / "…, so X." / "…, Rubio said."
                let mut g = a.f0;
                // ", hatte Seehofer gesagt": the frame opens with its auxiliary.
                // Only with a say-verb: ", wird die FPÖ als … bezeichnet" ends a
                // sentence that opened with a subordinate clause.
                let aux_first = g > u.t0
                    && self.free_word(g - 1)
                    && self.is(g - 1, flag::AUX)
                    && self.is(a.cue_tok, flag::SAYS);
                if aux_first {
                    g -= 1;
                }
                let connector =
                    g > u.t0 && self.free_word(g - 1) && self.is(g - 1, flag::CONNECTORS);
                if connector {
                    g -= 1;
                }
                // A German frame puts its verb first (", sagte der IWF") or
                // follows "wie"; ", der IWF sprach von …" is a clause of its own.
                let german = !self.lx.lowercase_nouns;
                let subject_first = a.f0 < a.cue_tok;
                let verb_second = german && subject_first && !connector && !aux_first;
                let (_, c1) = self.clause(u, a.cue_tok);
                let more =
                    (c1..end).any(|j| self.free_word(j) && self.is(j, flag::COMPLEMENTIZERS));
                // The part before the comma must be a clause, not a name in apposition.
                let clause_like = (u.t0..g.saturating_sub(1)).any(|j| {
                    self.free_word(j)
                        && toks[j].is_lower_word()
                        && !self.is(j, flag::STOP | flag::DETERMINERS | flag::COMPLEMENT_PREPS)
                });
                let introduces_quote = !self.pairs_in(a.f1, u.t1).is_empty();
                if g > u.t0 + 1
                    && toks[g - 1].is_punct(',')
                    && !verb_second
                    && !more
                    && clause_like
                    && !introduces_quote
                {
                    span = Some((u.t0, g - 1));
                }
            }
            if span.is_none() && a.source {
                let mut s = u.t0;
                let mut e = end;
                if a.f0 <= u.t0 + 1 {
                    s = a.f1;
                    if s < e && toks[s].is_punct(',') {
                        s += 1;
                    }
                } else if a.f1 >= end && toks[a.f0 - 1].is_punct(',') {
                    e = a.f0 - 1;
                }
                span = Some((s, e));
            }
            if let Some((s, e)) = span {
                let e = self.content_end(s, e);
                if self.words_in(s, e) < 3 || self.mostly_quoted(s, e) {
                    continue;
                }
                let sp = Span::new(toks[s].s, toks[e - 1].e);
                self.push(
                    "indirect",
                    sp,
                    sp,
                    a.who.as_ref(),
                    self.phrase(a),
                    Some(a.cue.clone()),
                );
                if state.is_none() {
                    *state = Some(Speech {
                        who: a.who.clone(),
                        phrase: self.phrase(a),
                        quoted: true,
                    });
                }
                return true;
            }
        }
        // Konjunktiv I continuing (or, strongly marked, standing without) a speaker.
        if attrs.iter().any(|a| a.who.is_some()) {
            return false;
        }
        let k2 = || {
            (u.t0..end).find(|&i| {
                prev.is_some_and(|s| s.who.is_some())
                    && self.free_word(i)
                    && self.doc.toks[i].is_lower_word()
                    && self.is(i, flag::K2)
            })
        };
        let Some(k) = self.has_k1(u.t0, end).or_else(k2) else {
            return false;
        };
        let cue = self.doc.orig(k).to_string();
        let (who, phrase) = match prev.filter(|s| s.who.is_some()) {
            Some(s) => (s.who.clone(), s.phrase),
            None if self.is(k, flag::K1_STRONG) => (None, None),
            None => return false,
        };
        if self.words_in(u.t0, end) < 3 {
            return false;
        }
        let sp = Span::new(toks[u.t0].s, toks[end - 1].e);
        self.push("indirect", sp, sp, who.as_ref(), phrase, Some(cue));
        *state = Some(Speech {
            who,
            phrase,
            quoted: true,
        });
        true
    }
}

#[cfg(test)]
mod tests;
