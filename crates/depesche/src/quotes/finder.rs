//! The finder's state and the types its parts hand each other (noun phrases,
//! speakers, cues, the speech state), the walk through an article's units (per
//! unit its clauses, cues and speakers, then direct and reported speech, the
//! speaker handed on to the next unit) and the token helpers every part reads.
//! The parts import from here and from no other part.

use std::collections::HashMap;

use crate::schema::{CorefMention, Entity, EntityType, Quote, Span};
use crate::text::TextIndex;

use super::lexicon::{flag, Lexicon};
use super::scan::{Doc, Kind, Pair, Unit};
use super::Found;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NpKind {
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
pub(super) struct Np {
    pub(super) t0: usize,
    pub(super) t1: usize,
    pub(super) kind: NpKind,
    pub(super) head: usize,
}

/// A resolved speaker: the value written out and whether it is a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Who {
    pub(super) value: String,
    pub(super) person: bool,
}

/// A speech cue found in a unit, with its (resolved) speaker.
#[derive(Debug, Clone)]
pub(super) struct Attr {
    pub(super) cue: String,
    pub(super) cue_tok: usize,
    /// Token range of cue + speaker phrase (the frame).
    pub(super) f0: usize,
    pub(super) f1: usize,
    pub(super) verb: bool,
    /// A source preposition ("laut", "zufolge", "nach Angaben", "according to").
    pub(super) source: bool,
    pub(super) np: Option<Np>,
    pub(super) who: Option<Who>,
    /// "hieß es": a cue that attributes without naming anyone.
    pub(super) impersonal: bool,
}

/// The speech state a unit hands to the next one.
#[derive(Debug, Clone)]
pub(super) struct Speech {
    pub(super) who: Option<Who>,
    pub(super) phrase: Option<Span>,
    /// The unit itself held a quotation (direct or reported).
    pub(super) quoted: bool,
    /// The unit's speaker is the subject of a verb of saying ("Der Richter
    /// sprach von …"), quoted or not.
    pub(super) spoke: bool,
}

impl Speech {
    /// The state after a unit that held a quotation (direct or reported).
    pub(super) fn quoted(who: Option<Who>, phrase: Option<Span>) -> Speech {
        Speech {
            who,
            phrase,
            quoted: true,
            spoke: false,
        }
    }
}

pub(super) struct Finder<'a, 't> {
    pub(super) doc: &'a Doc<'t>,
    pub(super) lx: &'a Lexicon,
    pub(super) ix: &'a TextIndex,
    pub(super) in_q: &'a [Option<u32>],
    pub(super) pairs: &'a [Pair],
    pub(super) entities: &'a [Entity],
    /// Coreference links by start (pronouns and role nouns to entities).
    pub(super) coref: &'a [CorefMention],
    pub(super) last_person: Option<Who>,
    /// The person a recent sentence opened with as its subject, the number
    /// of that sentence's unit and where it starts ("Thomas Bechmann erinnert
    /// sich …"): the source of Konjunktiv I that follows without a frame of
    /// its own.
    pub(super) subject: Option<(Who, usize, usize)>,
    /// The number of the unit being read.
    pub(super) unit_no: usize,
    pub(super) out: Vec<Found>,
    pub(super) clause_start: Vec<u32>,
    pub(super) clause_end: Vec<u32>,
    /// Word-list bits of every token.
    pub(super) flags: Vec<u32>,
    /// Lowercased capitalised words → how often they occur (built on first use).
    pub(super) cap_counts: Option<HashMap<String, u32>>,
    /// Every mention as (start, end, entity, mention), sorted by start, and
    /// the longest mention: overlap look-ups by binary search. A scan of all
    /// mentions per speaker was quadratic on long texts (a 50 MB file holds
    /// hundreds of thousands of quotes and mentions).
    pub(super) mention_ix: MentionIndex,
    /// Direct quotations of the current unit that no frame of their own
    /// attributes (indices into `out`).
    pub(super) unframed: Vec<usize>,
}

/// Mentions of an article's entities, ordered for look-ups by position.
pub(super) struct MentionIndex {
    pub(super) by_start: Vec<(usize, usize, u32, u32)>,
    pub(super) max_len: usize,
    /// Per entity, the starts of its mentions in ascending order.
    pub(super) starts: Vec<Vec<usize>>,
}

impl MentionIndex {
    pub(super) fn new(entities: &[Entity]) -> Self {
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

    /// The mentions that may reach `pos` or lie after it: those starting at
    /// most the longest mention's length before it, in order of start.
    pub(super) fn reaching(&self, pos: usize) -> &[(usize, usize, u32, u32)] {
        let lo = pos.saturating_sub(self.max_len);
        &self.by_start[self.by_start.partition_point(|m| m.0 < lo)..]
    }

    /// The last mention start of entity `ei` before `pos`.
    pub(super) fn last_before(&self, ei: usize, pos: usize) -> Option<usize> {
        let s = &self.starts[ei];
        let k = s.partition_point(|&x| x < pos);
        k.checked_sub(1).map(|k| s[k])
    }
}

impl<'a, 't> Finder<'a, 't> {
    pub(super) fn lower(&self, i: usize) -> &str {
        self.doc.lower(i)
    }

    /// Is token `i` in the word list(s) `f` (see [`flag`])?
    pub(super) fn is(&self, i: usize, f: u32) -> bool {
        self.flags[i] & f != 0
    }

    pub(super) fn n(&self) -> usize {
        self.doc.toks.len()
    }

    /// Tokens that end a clause: , ; : ( ) dashes, quotation marks, quoted tokens.
    pub(super) fn breaks(&self, i: usize) -> bool {
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
    pub(super) fn clause(&self, _u: Unit, i: usize) -> (usize, usize) {
        (self.clause_start[i] as usize, self.clause_end[i] as usize)
    }

    /// "Otto Brenner, Chef des Museums, teilte mit": the commas around a
    /// role phrase in apposition to a name do not end a clause, so the frame
    /// keeps its speaker and its separated particle. Returns the comma
    /// positions to glue.
    pub(super) fn apposition_commas(&self, u: Unit) -> Vec<usize> {
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

    /// Quotations inside a clause, with a word of the clause on each side
    /// ("deutete Trump mit einem „…“ an", "hob die Rolle als „…“ hervor"):
    /// they do not end the clause, so its verb keeps its subject and its
    /// separated particle. Returns their token ranges, marks included.
    pub(super) fn embedded_quotes(&self, u: Unit) -> Vec<(usize, usize)> {
        self.pairs[self.pairs_in(u.t0, u.t1)]
            .iter()
            .filter(|p| {
                !p.bare
                    && !p.open_end
                    && p.open > u.t0
                    && p.close + 1 < u.t1
                    && self.free_word(p.open - 1)
                    && self.free_word(p.close + 1)
            })
            .map(|p| (p.open, p.close))
            .collect()
    }

    pub(super) fn index_clauses(&mut self, u: Unit) {
        let glued = self.apposition_commas(u);
        let embedded = self.embedded_quotes(u);
        let breaks = |f: &Self, i: usize| {
            f.breaks(i) && !glued.contains(&i) && !embedded.iter().any(|&(a, b)| a <= i && i <= b)
        };
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

    pub(super) fn free_word(&self, i: usize) -> bool {
        i < self.n() && self.doc.toks[i].is_word() && self.in_q[i].is_none()
    }

    /// A capitalised word that can be part of a name.
    pub(super) fn cap(&self, i: usize, lim: usize) -> bool {
        i < lim && self.free_word(i) && self.doc.toks[i].is_cap() && !self.is(i, flag::STOP)
    }

    pub(super) fn trim_span(&self, s: usize, e: usize) -> Span {
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

    pub(super) fn push(
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

    pub(super) fn words_in(&self, a: usize, b: usize) -> usize {
        (a..b).filter(|&i| self.doc.toks[i].is_word()).count()
    }

    /// Share of the unit's tokens that lie inside quotations.
    pub(super) fn quoted_share(&self, a: usize, b: usize) -> f32 {
        if a >= b {
            return 0.0;
        }
        (a..b).filter(|&i| self.in_q[i].is_some()).count() as f32 / (b - a) as f32
    }

    /// Tokens `[a, b)` are a direct quote rather than reported speech: mostly
    /// in quotation marks, and no Konjunktiv I outside them (which makes
    /// "Es gebe „zu viele Krankenhäuser“, sagt X" reported speech).
    pub(super) fn mostly_quoted(&self, a: usize, b: usize) -> bool {
        self.quoted_share(a, b) >= 0.5 && self.has_k1(a, b).is_none()
    }

    /// A reported clause that ends in a quoted fragment ("said the quake was
    /// a “test of the nation”"): three words or more stand before its first
    /// quotation, so after a verb of saying it is reported speech however
    /// much of it is quoted.
    pub(super) fn opens_unquoted(&self, a: usize, b: usize) -> bool {
        let first_quoted = (a..b).find(|&i| self.in_q[i].is_some()).unwrap_or(b);
        self.words_in(a, first_quoted) >= 3
    }

    /// End of a reported clause: before trailing punctuation.
    pub(super) fn content_end(&self, a: usize, mut b: usize) -> usize {
        while b > a && self.doc.toks[b - 1].kind == Kind::Punct {
            b -= 1;
        }
        b
    }

    pub(super) fn run(&mut self, units: &[Unit]) {
        let mut prev: Option<Speech> = None;
        let mut prev_unit: Option<Unit> = None;
        for (no, &u) in units.iter().enumerate() {
            self.unit_no = no;
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
                    spoke: a.verb && a.who.as_ref().is_some_and(|w| w.person),
                });
            let before = std::mem::take(&mut self.unframed);
            if let Some(pu) = prev_unit.filter(|_| !before.is_empty()) {
                self.back_frame(u, pu, &attrs, &before);
            }
            prev_unit = Some(u);
            let quoted_any = self.direct(u, &attrs, prev.as_ref(), &mut state);
            let colon = if quoted_any {
                None
            } else {
                self.colon_speech(u, &attrs, &mut state)
            };
            // A unit with unmarked speech after a colon has no reported speech
            // besides (its head is a frame: "Auf die Frage, ob …, sagte X:").
            let colon = colon.is_some();
            let first_found = self.out.len();
            let reported = !colon && self.reported(u, &attrs, prev.as_ref(), &mut state);
            if reported {
                self.nested_in_reported(first_found, &mut state);
            }
            if let Some(s) = &mut state {
                s.quoted |= quoted_any || colon || reported;
            }
            prev = state;
        }
    }

    /// "„Wir müssen sparen.“ So äußerte sich Schelling." / "„…“ Das sagte X
    /// am Montag." / "„…“ So X weiter.": a sentence that opens with a word
    /// taking up what was just said (`back_frames`) frames the quotation that
    /// closed the unit before, where no frame of its own attributed it; its
    /// speaker replaces the one handed on from earlier.
    fn back_frame(&mut self, u: Unit, pu: Unit, attrs: &[Attr], unframed: &[usize]) {
        let doc = self.doc;
        let toks = &doc.toks;
        let Some(len) = self.lx.back_frames.iter().find_map(|ph| {
            let fits = u.t0 + ph.len() < u.t1
                && ph
                    .iter()
                    .enumerate()
                    .all(|(j, w)| self.free_word(u.t0 + j) && self.lower(u.t0 + j) == w);
            fits.then_some(ph.len())
        }) else {
            return;
        };
        let k = u.t0 + len;
        // The cue verb right after the opening, its speaker after it ("Das
        // sagte X", "So äußerte sich X"): "Das Ministerium sagte" has its
        // subject before the verb and is a sentence of its own.
        let framed = attrs
            .iter()
            .find(|a| a.verb && a.cue_tok == k && a.np.is_some_and(|n| n.t0 > k))
            .and_then(|a| Some((a.who.clone()?, self.phrase(a), a.cue.clone())));
        // "Das sagte X": after "das" (read as an article) no cue was taken.
        let framed = framed.or_else(|| {
            if !(self.free_word(k) && self.is(k, flag::VERBS) && toks[k].is_lower_word()) {
                return None;
            }
            let np = self.subject_of(u, k, None).filter(|n| n.t0 > k)?;
            let who = self.resolve(&np)?;
            Some((who, Some(self.span_of(&np)), self.doc.orig(k).to_string()))
        });
        // "So X." / "So X weiter." / "So der Minister im Interview.": "so"
        // and the speaker's name phrase, and nothing else but adverbs or a
        // prepositional phrase.
        let framed = framed.or_else(|| {
            if len != 1 || !self.is(u.t0, flag::SO) {
                return None;
            }
            let (_, c1) = self.clause(u, k);
            let np = self
                .np_at(k, c1)
                .filter(|np| !matches!(np.kind, NpKind::Pronoun | NpKind::First))?;
            let rest_ok = np.t1 >= c1
                || (self.free_word(np.t1) && self.is(np.t1, flag::SKIP | flag::FRAME_PREPS));
            let ends = c1 >= u.t1 || toks[c1].kind == Kind::Punct && !toks[c1].is_punct(',');
            if !(rest_ok && ends) {
                return None;
            }
            let who = self.resolve(&np)?;
            Some((
                who,
                Some(self.span_of(&np)),
                self.doc.orig(u.t0).to_string(),
            ))
        });
        let Some((who, phrase, cue)) = framed else {
            return;
        };
        for &d in unframed {
            let Some(f) = self.out.get(d) else {
                continue;
            };
            // The quotation closes the unit before (a stop at most after it).
            let end = f.outer.end;
            let closes = (pu.t0..pu.t1).all(|i| toks[i].s < end || !toks[i].is_word());
            if f.quote.kind != "direct" || !closes {
                continue;
            }
            let f = &mut self.out[d];
            f.quote.speaker = Some(who.value.clone());
            f.quote.cue = Some(cue.clone());
            f.speaker_phrase = phrase;
        }
    }

    /// "Das habe er in dem Brief „mit aller Deutlichkeit“ gesagt, ergänzte
    /// Lehmann": a quotation without a frame of its own inside reported speech
    /// is part of what the reported speech's speaker says.
    fn nested_in_reported(&mut self, first_found: usize, state: &mut Option<Speech>) {
        let unframed = std::mem::take(&mut self.unframed);
        for &d in &unframed {
            let outer = self.out[d].outer;
            let Some(r) = self.out[first_found..]
                .iter()
                .find(|f| {
                    f.quote.kind == "indirect"
                        && f.quote.speaker.is_some()
                        && f.outer.start <= outer.start
                        && outer.end <= f.outer.end
                })
                .map(|f| {
                    (
                        f.quote.speaker.clone(),
                        f.speaker_phrase,
                        f.quote.cue.clone(),
                    )
                })
            else {
                continue;
            };
            let old = std::mem::replace(&mut self.out[d].quote.speaker, r.0.clone());
            self.out[d].speaker_phrase = r.1;
            self.out[d].quote.cue = r.2;
            if let Some(s) = state.as_mut() {
                if s.who.as_ref().map(|w| &w.value) == old.as_ref() {
                    s.who = self.who_of_value(r.0.as_deref());
                    s.phrase = r.1;
                }
            }
        }
        self.unframed = unframed;
    }

    /// Index range of the quotations that open in tokens `[a, b)` (pairs are sorted).
    pub(super) fn pairs_in(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        let lo = self.pairs.partition_point(|p| p.open < a);
        let hi = self.pairs.partition_point(|p| p.open < b).max(lo);
        lo..hi
    }
}
