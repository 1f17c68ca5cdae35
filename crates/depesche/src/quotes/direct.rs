//! Direct speech: each quotation takes the cue that frames it (after, before,
//! between two parts, else the unit's cue); unmarked speech after a colon.

use crate::schema::{EntityType, Span};

use super::finder::{Attr, Finder, Np, NpKind, Speech, Who};
use super::lexicon::flag;
use super::scan::{Kind, Unit};

impl<'a, 't> Finder<'a, 't> {
    /// Direct quotations of unit `u`; returns whether any was kept.
    pub(super) fn direct(
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
            // "im Interview mit der „Bild am Sonntag“": a name in quotation
            // marks (a newspaper, a book, a party slogan the tagger knows) is
            // no quotation.
            if self.is_a_name(inner) {
                continue;
            }
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
            // "…, erklärte die Betreuerin, worauf der Richter X dem
            // Angeklagten ins Gewissen redete: „…“": a clause of its own
            // before the colon, with a person in it, says who speaks.
            let colon = p.open >= u.t0 + 2 && toks[p.open - 1].is_punct(':');
            if let Some(a) = chosen.filter(|a| colon && a.f1 <= p.open && !self.lx.lowercase_nouns)
            {
                let (c0, _) = self.clause(u, p.open - 2);
                if a.cue_tok < c0 && a.f1 <= c0 {
                    if let Some(np) = self.person_between(c0, p.open - 1) {
                        if let Some(w) = self.resolve(&np) {
                            colon_who = Some((w, self.span_of(&np)));
                            chosen = None;
                        }
                    }
                }
            }
            if chosen.is_none() && colon_who.is_none() && colon {
                // "Rubio: „…“" — a bare name phrase before a colon opening the unit.
                let (c0, _) = self.clause(u, p.open - 2);
                if c0 == u.t0 {
                    if let Some(np) = self.np_ending_at(c0, p.open - 1).filter(|n| n.t0 == c0) {
                        if let Some(w) = self.resolve(&np) {
                            colon_who = Some((w, self.span_of(&np)));
                        }
                    }
                }
                // "Kanzler Friedrich Merz zeigte sich zuversichtlich: „…“": a
                // person who opens the clause before the colon as its subject
                // (a name followed by its verb) speaks without a cue verb.
                if colon_who.is_none() && !self.lx.lowercase_nouns {
                    let subject = self.np_at(c0, p.open - 1).filter(|np| {
                        np.kind == NpKind::Name
                            && np.t1 + 1 < p.open
                            && self.doc.toks[np.t1].is_lower_word()
                    });
                    if let Some(np) = subject {
                        if let Some(w) = self.resolve(&np).filter(|w| w.person) {
                            colon_who = Some((w, self.span_of(&np)));
                        }
                    }
                }
                // "Ihre Arbeit sieht sie so: „…“": the subject pronoun right
                // after the clause's verb (German inversion) speaks.
                if colon_who.is_none() && !self.lx.lowercase_nouns {
                    let pronoun = (c0 + 1..p.open - 1).find(|&k| {
                        self.free_word(k)
                            && self.is(k, flag::PRONOUNS)
                            && self.doc.toks[k - 1].is_lower_word()
                            && !self.is(k - 1, flag::STOP)
                    });
                    if let Some(k) = pronoun {
                        let np = Np {
                            t0: k,
                            t1: k + 1,
                            kind: NpKind::Pronoun,
                            head: k,
                        };
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
            // "“…” — the White House, in a statement", "„…“ (Heinz Fischer)": a
            // name after a dash or in brackets signs the quotation.
            let mut signed = false;
            if chosen.is_none() && colon_who.is_none() {
                if let Some(np) = self.signature(u, p.open, p.close) {
                    if let Some(w) = self.resolve(&np) {
                        colon_who = Some((w, self.span_of(&np)));
                        signed = true;
                    }
                }
            }
            // 4. any cue in the unit, nearest first
            let framed = chosen.is_some() || colon_who.is_some();
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
            // "„Wir haben keine Wahl“, zitierte die Zeitung …": German puts
            // the comma after the closing mark; a verb after it frames the
            // quotation even where we do not list the verb. (English puts it
            // inside; '“The Medium is the Message”, a book' is a title.)
            let framed_after = comma_after
                && !self.lx.lowercase_nouns
                && words >= 3
                && p.close + 2 < u.t1
                && self.free_word(p.close + 2)
                && toks[p.close + 2].is_lower_word();
            let sentence_like = sentence_like || framed_after;
            let (who, phrase, cue) = if let Some(a) = chosen {
                let attributed = a.np.is_some() || a.impersonal || (adjacent && comma_after);
                if !attributed && !sentence_like {
                    continue;
                }
                (a.who.clone(), self.phrase(a), Some(a.cue.clone()))
            } else if let Some((w, sp)) = colon_who {
                let colon = p.open > u.t0 && toks[p.open - 1].is_punct(':');
                let cue = if signed {
                    Some(self.doc.orig(p.close + 1).to_string())
                } else if colon {
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
                && prev.is_some_and(|s| (s.quoted || s.spoke) && s.who.is_some())
            {
                // A quotation standing alone continues the speech of the
                // unit before: its quotation, or a person's words reported
                // there without one ("Der Richter sprach von …. „…“").
                let s = prev.expect("checked");
                (s.who.clone(), s.phrase, None)
            } else if sentence_like {
                (None, None, None)
            } else {
                // A scare quote or title nobody is said to have said.
                continue;
            };
            if who.is_some() && state.as_ref().is_none_or(|s| s.who.is_none()) {
                *state = Some(Speech::quoted(who.clone(), phrase));
            }
            if !framed {
                self.unframed.push(self.out.len());
            }
            self.push("direct", inner, outer, who.as_ref(), phrase, cue);
            kept = true;
            prev_close = p.close + 1;
        }
        kept
    }

    /// The name phrase that signs the quotation `open`..`close`: after a
    /// dash, ending the unit or followed by a comma ("“…” — the White House,
    /// in a statement"), or alone in brackets ("„…“ (Heinz Fischer)").
    fn signature(&self, u: Unit, open: usize, close: usize) -> Option<Np> {
        let t = &self.doc.toks;
        let d = close + 1;
        // The quotation opens its sentence: '“comfort food” — pizza, wings'
        // lists what a term means.
        if open != u.t0 {
            return None;
        }
        if d + 1 >= u.t1 || t[d].kind != Kind::Punct {
            return None;
        }
        let bracket = t[d].is_punct('(');
        if !(bracket || matches!(t[d].ch, '—' | '–')) {
            return None;
        }
        let np = self
            .np_at(d + 1, u.t1)
            .filter(|np| !matches!(np.kind, NpKind::Pronoun | NpKind::First))?;
        let after = np.t1;
        let ends = if bracket {
            after < u.t1 && t[after].is_punct(')')
        } else {
            after >= u.t1
                || t[after].kind == Kind::Punct && matches!(t[after].ch, ',' | '.' | '!' | '?')
        };
        // A name, not a role or a common noun, in brackets: "„…“ (Zitat)".
        (ends && (!bracket || np.kind == NpKind::Name)).then_some(np)
    }

    /// Is `span` the mention of a person, organisation or place (or inside
    /// one), or a title the tagger calls MISC? The tagger gives MISC to some
    /// quoted sentences too („Frieden ist möglich“), so a MISC name must look
    /// like a title: two words or more, every word of four letters or more
    /// capitalised ("Bild am Sonntag", "Trading Nation").
    fn is_a_name(&self, span: Span) -> bool {
        let title_like = || {
            let text = self.ix.slice(self.doc.text, span);
            let mut words = text.split_whitespace();
            words.clone().count() >= 2
                && words.all(|w| w.chars().count() < 4 || w.starts_with(char::is_uppercase))
        };
        self.mention_ix
            .reaching(span.start)
            .iter()
            .take_while(|m| m.0 <= span.start)
            .filter(|m| m.1 >= span.end)
            .any(|m| match self.entities[m.2 as usize].kind {
                EntityType::MISC => title_like(),
                _ => true,
            })
    }

    /// Direct speech without quotation marks after a cue and a colon: "Der
    /// Minister sagte: Wir prüfen das." Only a sentence in the speaker's own
    /// voice (first or second person) counts; "teilte mit: Drei Menschen
    /// wurden verletzt" stays a report. Returns the colon of the one kept.
    pub(super) fn colon_speech(
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
            *state = Some(Speech::quoted(who.clone(), phrase));
        }
        self.push(kind, span, span, who.as_ref(), phrase, cue);
        Some(c)
    }
}
