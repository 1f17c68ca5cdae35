//! Reported speech: "dass"/"that" clauses, comma clauses in Konjunktiv I,
//! postposed frames (", sagte X"), source prepositions, and Konjunktiv I
//! sentences that continue the previous speaker.

use crate::schema::{EntityType, Span};

use super::finder::{Attr, Finder, Np, NpKind, Speech, Who};
use super::lexicon::flag;
use super::scan::{Kind, Unit};

impl<'a, 't> Finder<'a, 't> {
    /// Does the clause `[a, b)` look like a main clause ("die Inflation bewege …",
    /// "es gebe …") rather than a relative or adverbial clause?
    pub(super) fn opens_reported(&self, a: usize, b: usize) -> bool {
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
    pub(super) fn unknown_frame(&self, u: Unit, close: usize) -> Option<Np> {
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

    pub(super) fn has_k1(&self, a: usize, b: usize) -> Option<usize> {
        (a..b).find(|&i| {
            self.free_word(i)
                && self.doc.toks[i].is_lower_word()
                && self.is(i, flag::K1)
                && !(i > 0
                    && self.free_word(i - 1)
                    && matches!(self.lower(i - 1), "ich" | "wir" | "du"))
        })
    }

    /// A clause in `a..b` ends in a "zu" infinitive ("…, seine Frau getötet zu
    /// haben", "…, gegen sein Land zu arbeiten"): what a German cue verb
    /// reports without Konjunktiv I ("räumte ein, …", "warf der Nato vor, …").
    fn zu_infinitive(&self, a: usize, b: usize) -> bool {
        let t = &self.doc.toks;
        if !self.free_word(a) || self.lx.purpose_infinitive.contains(self.lower(a)) {
            return false;
        }
        let ends_clause = |j: usize| j >= b || t[j].kind != Kind::Word;
        (a..b.saturating_sub(1)).any(|j| {
            if !(self.free_word(j) && self.lower(j) == "zu" && self.free_word(j + 1)) {
                return false;
            }
            // The infinitive closes the clause ("… zurückgekehrt zu sein").
            t[j + 1].is_lower_word() && ends_clause(j + 2)
        })
    }

    /// A Konjunktiv I form at `k` beside a third-person subject or "sich"
    /// ("Er habe …", "habe sich …"): unambiguous, as "ich habe" is not.
    fn third_person_k1(&self, k: usize) -> bool {
        let third = |i: usize| self.free_word(i) && self.lx.third_person.contains(self.lower(i));
        self.is(k, flag::K1) && ((k > 0 && third(k - 1)) || third(k + 1))
    }

    /// "Thomas Bechmann erinnert sich an den Fund. (…) Entdeckt worden sei
    /// das Fossil zufällig": Konjunktiv I without a frame, after no quotation,
    /// reports the person one of the two sentences before opened with as its
    /// subject (not this sentence's own subject, which the speech is about),
    /// provided no other person is named from there to the end of the speech
    /// (`end`, a text position), who could as well be its source.
    fn recent_subject(&self, end: usize) -> Option<Who> {
        let (who, no, at) = self.subject.as_ref()?;
        if !(*no < self.unit_no && self.unit_no <= no + 2) {
            return None;
        }
        let ix = &self.mention_ix.by_start;
        let first = ix.partition_point(|m| m.0 < *at);
        let another = ix[first..]
            .iter()
            .take_while(|m| m.0 < end)
            .map(|m| &self.entities[m.2 as usize])
            .any(|e| e.kind == EntityType::PER && e.id != who.value);
        (!another).then(|| who.clone())
    }

    /// "Er habe die Frau zwar wahrgenommen, …": Konjunktiv I without a
    /// frame whose subject is a singular pronoun opening the sentence
    /// reports what that person says of himself, where the coreference
    /// layer links the pronoun to a person.
    fn pronoun_subject(&self, u: Unit, k: usize) -> (Option<Who>, Option<Span>) {
        let p = u.t0;
        let plural = self.lower(k).ends_with("en");
        let told = self.lx.k1_told.contains(self.lower(k));
        if k != p + 1 || plural || told || !self.free_word(p) || !self.is(p, flag::PRONOUNS) {
            return (None, None);
        }
        let span = Span::new(self.doc.toks[p].s, self.doc.toks[p].e);
        match self.coref_at(span).filter(|w| w.person) {
            Some(w) => (Some(w), Some(span)),
            None => (None, None),
        }
    }

    /// "Das sei keine Sparmaßnahme, sagt Werner Döring, Geschäftsführer der
    /// Kulturhäuser.": after a postposed frame, a clause `[a, b)` of nouns
    /// (capitalised words, articles, prepositions, adjectives) without a
    /// verb, running to the end of the speech `end` or to the next comma,
    /// describes the speaker; the speech is the part before the frame.
    fn speaker_apposition(&self, u: Unit, at: &Attr, a: usize, b: usize, end: usize) -> bool {
        let t = &self.doc.toks;
        let postposed = at.f0 > u.t0 + 1 && t[at.f0 - 1].is_punct(',');
        if self.lx.lowercase_nouns || !postposed || a >= b || !(b >= end || t[b].is_punct(',')) {
            return false;
        }
        let k = if self.free_word(a) && self.is(a, flag::DETERMINERS) {
            a + 1
        } else {
            a
        };
        let opens_noun = self.cap(k, b);
        let nominal = (a..b).all(|j| {
            !self.free_word(j)
                || t[j].is_cap()
                || self.is(
                    j,
                    flag::DETERMINERS | flag::GENITIVE | flag::COMPLEMENT_PREPS | flag::CONNECTORS,
                )
                || (self.adjective(j, b) && t[j + 1].is_cap())
        });
        opens_noun && nominal && self.has_k1(a, b).is_none()
    }

    /// Reported speech of unit `u`; returns whether any was found.
    pub(super) fn reported(
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
            // The speaker's name in the apposition after a role ("sagte der
            // Minderheitsführer im Senat, Harry Reid.").
            let mut named: Option<(Who, Span)> = None;
            if a.verb && !self.is(a.cue_tok, flag::SO) {
                let (_, c1) = self.clause(u, a.cue_tok);
                let (c0, _) = self.clause(u, a.cue_tok);
                // "stellte fest, dass …": a finding, unless in Konjunktiv I.
                // Asked only where a complementiser opens a clause.
                let states_fact = |j: usize| {
                    let finding = !self.lx.findings.is_empty()
                        && a.cue
                            .to_lowercase()
                            .split([' ', '…'])
                            .any(|w| self.lx.findings.contains(w));
                    finding && {
                        let (_, n1) = self.clause(u, j);
                        self.has_k1(j, n1).is_none()
                    }
                };
                if let Some(j) = (a.cue_tok + 1..c1)
                    .find(|&j| self.free_word(j) && self.is(j, flag::COMPLEMENTIZERS))
                {
                    if !states_fact(j) {
                        span = Some((j, end));
                    }
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
                        if !states_fact(c1 + 1) {
                            span = Some((c1 + 1, end));
                        }
                    } else if self.is(a.cue_tok, flag::VERBS | flag::SAYS | flag::SEPARABLE)
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
                        let infinitive = !self.lx.lowercase_nouns && self.zu_infinitive(c1 + 1, n1);
                        let marked = k1.is_some()
                            || infinitive
                            || (says
                                && perfect
                                && (mood_or_infinitive() || opens_with_noun_phrase()));
                        let bare = says && !perfect && self.opens_reported(c1 + 1, n1);
                        let apposition = self.speaker_apposition(u, a, c1 + 1, n1, end);
                        // A role phrase ("der Minderheitsführer", "Österreichs
                        // Wirtschaftsdelegierter") names no person of its own.
                        let unnamed =
                            a.np.is_some_and(|n| matches!(n.kind, NpKind::Role | NpKind::Common))
                                || a.who.as_ref().is_some_and(|w| !w.person);
                        if apposition && unnamed {
                            named = self
                                .np_at(c1 + 1, n1)
                                .filter(|np| np.kind == NpKind::Name && np.t1 == n1)
                                .and_then(|np| {
                                    let sp = self.span_of(&np);
                                    let e = self.entity_at(sp)?;
                                    (e.kind == EntityType::PER).then(|| (Self::who_entity(e), sp))
                                });
                        }
                        if !relative && !apposition && (marked || bare) {
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
                if self.words_in(s, e) < 3
                    || (self.mostly_quoted(s, e) && !(a.verb && self.opens_unquoted(s, e)))
                {
                    continue;
                }
                let sp = Span::new(toks[s].s, toks[e - 1].e);
                let (who, phrase) = match named {
                    Some((w, p)) => {
                        // The name replaces the role as the unit's speaker.
                        *state = Some(Speech::quoted(Some(w.clone()), Some(p)));
                        (Some(w), Some(p))
                    }
                    None => (a.who.clone(), self.phrase(a)),
                };
                self.push(
                    "indirect",
                    sp,
                    sp,
                    who.as_ref(),
                    phrase,
                    Some(a.cue.clone()),
                );
                if state.is_none() {
                    *state = Some(Speech::quoted(who, phrase));
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
            None if self.is(k, flag::K1_STRONG) || self.third_person_k1(k) => {
                match self.recent_subject(toks[end - 1].e) {
                    Some(w) => (Some(w), None),
                    None => self.pronoun_subject(u, k),
                }
            }
            None => return false,
        };
        if self.words_in(u.t0, end) < 3 {
            return false;
        }
        let sp = Span::new(toks[u.t0].s, toks[end - 1].e);
        self.push("indirect", sp, sp, who.as_ref(), phrase, Some(cue));
        *state = Some(Speech::quoted(who, phrase));
        true
    }

    /// Quoted fragments of reported speech ("Das Treffen sei „offen und
    /// nützlich“ gewesen", 'said the quake was a “test of the nation”'): the
    /// speaker's own words, three or more, are a direct quote of the same
    /// speaker and cue. Shorter ones are terms, not quotations.
    pub(super) fn quoted_fragments(&mut self) {
        let toks = &self.doc.toks;
        // Pairs by their opening mark, and the direct quotes' spans, sorted:
        // each reported quote looks up only the pairs inside it (a long
        // text's thousands of quotes stay linear).
        let mut pairs: Vec<&super::scan::Pair> = self
            .pairs
            .iter()
            .filter(|p| !p.bare && !p.open_end && p.close >= p.open + 2)
            .collect();
        pairs.sort_by_key(|p| toks[p.open].s);
        let mut direct: Vec<(usize, usize)> = self
            .out
            .iter()
            .filter(|f| f.quote.kind == "direct")
            .map(|f| (f.quote.start, f.quote.end))
            .collect();
        direct.sort_unstable();
        let longest = direct.iter().map(|d| d.1 - d.0).max().unwrap_or(0);
        let overlaps_direct = |span: Span| {
            let from = direct.partition_point(|d| d.0 + longest < span.start);
            direct[from..]
                .iter()
                .take_while(|d| d.0 < span.end)
                .any(|d| span.start < d.1)
        };
        let mut fragments = Vec::new();
        for f in self.out.iter().filter(|f| f.quote.kind == "indirect") {
            let outer = f.outer;
            let from = pairs.partition_point(|p| toks[p.open].s < outer.start);
            for p in pairs[from..]
                .iter()
                .take_while(|p| toks[p.open].s < outer.end)
            {
                let (a, b) = (p.open + 1, p.close);
                if toks[p.close].e > outer.end || self.words_in(a, b) < 3 {
                    continue;
                }
                let span = Span::new(toks[a].s, toks[b - 1].e);
                if overlaps_direct(span) {
                    continue;
                }
                let outer_q = Span::new(toks[p.open].s, toks[p.close].e);
                fragments.push((
                    span,
                    outer_q,
                    f.quote.speaker.clone(),
                    f.speaker_phrase,
                    f.quote.cue.clone(),
                ));
            }
        }
        // A pair inside two overlapping reported quotes counts once.
        fragments.sort_by_key(|f| (f.0.start, f.0.end));
        fragments.dedup_by_key(|f| f.0);
        for (span, outer, speaker, phrase, cue) in fragments {
            let who = speaker.map(|value| Who {
                value,
                person: false,
            });
            self.push("direct", span, outer, who.as_ref(), phrase, cue);
        }
    }
}
