//! Noun phrases: the speaker phrase of a cue (names, role nouns with their
//! determiner, pronouns), subjects and appositions.

use crate::schema::{EntityType, Span};

use super::finder::{Finder, Np, NpKind};
use super::lexicon::flag;
use super::scan::{Kind, Unit};

pub(super) const MAX_NP_WORDS: usize = 8;

impl<'a, 't> Finder<'a, 't> {
    pub(super) fn adjective(&self, i: usize, lim: usize) -> bool {
        if !(i + 1 < lim && self.free_word(i) && self.doc.toks[i].is_lower_word()) {
            return false;
        }
        let w = self.lower(i);
        // "haben Schätzungen zufolge", "das seiner Darstellung zufolge": an
        // auxiliary or a second determiner ends like an adjective and is none.
        !self.is(i, flag::STOP | flag::VERBS | flag::AUX | flag::DETERMINERS)
            && ["e", "en", "er", "es", "em"].iter().any(|s| w.ends_with(s))
    }

    /// A word of an English noun phrase (lowercase nouns included).
    pub(super) fn en_word(&self, i: usize, lim: usize) -> bool {
        if !(i < lim && self.free_word(i)) {
            return false;
        }
        let adverb = self.lower(i).ends_with("ly") && self.doc.toks[i].is_lower_word();
        let never = flag::STOP | flag::VERBS | flag::AUX | flag::COMPLEMENT_PREPS | flag::SKIP;
        !adverb && !self.is(i, never)
    }

    /// The noun phrase starting at token `k`, not reaching `lim`.
    pub(super) fn np_at(&self, k: usize, lim: usize) -> Option<Np> {
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
            // "Nepal police spokesman Kuber Kadayat": a name may modify the
            // phrase when the words up to `lim` all belong to it and a name
            // ends it (the cue verb follows).
            let modifier_name = lim - ws <= 5
                && self.doc.toks[lim - 1].is_cap()
                && (ws..lim).all(|j| self.en_word(j, lim));
            while i < lim && i - ws < 5 && self.en_word(i, lim) {
                // A bare name ends at the first lowercase word ("Merz arrived").
                if !det
                    && !modifier_name
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
                // "of NASA's Jet Propulsion Laboratory": up to five words.
                while j < lim && j - js < 5 && self.en_word(j, lim) {
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
                || (det && i == cs && self.age_noun(i, lim))
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
        // "police said", "officials said": a phrase without determiner whose
        // head is a lowercase noun names nobody; it stays a phrase and is
        // taken for no person ("he" later goes back to the last person).
        let lowercase_head = !det && self.doc.toks[head].is_lower_word();
        let kind = if !det && !bare_role && !lowercase_head {
            NpKind::Name
        } else if lx.is_role(self.lower(head)) || self.age_noun(head, head + 1) {
            // "der 63-Jährige" takes up a person as a role noun does.
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

    /// "der 63-Jährige", "die 45-Jährige": a noun for a person of that age,
    /// which news writes with the digits (the coreference stage links it).
    pub(super) fn age_noun(&self, i: usize, lim: usize) -> bool {
        if !(i < lim && self.free_word(i)) {
            return false;
        }
        let w = self.doc.orig(i);
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0
            && w[digits..]
                .strip_prefix('-')
                .is_some_and(|rest| rest.starts_with(char::is_uppercase))
    }

    /// "von Wahl", "van Gaal": a name particle opens a name when the capitalised
    /// word after it belongs to a person the entity layer found: tagged there,
    /// or the last word of a person's name in the article ("van Wahl" after
    /// "Henrik von Wahl", where the surname is also a common noun the tagger
    /// leaves alone when it stands without the first name).
    pub(super) fn particle_opens_name(&self, i: usize, lim: usize) -> bool {
        i + 1 < lim
            && self.free_word(i)
            && self.is(i, flag::NAME_PARTICLES)
            && self.cap(i + 1, lim)
            && {
                let t = &self.doc.toks[i + 1];
                self.entity_at(Span::new(t.s, t.e))
                    .is_some_and(|e| e.kind == EntityType::PER)
                    || self.is_person_surname(self.doc.orig(i + 1))
            }
    }

    /// Is `word` the last word of the name of a person of the article?
    pub(super) fn is_person_surname(&self, word: &str) -> bool {
        self.entities.iter().any(|e| {
            e.kind == EntityType::PER
                && e.name.contains(' ')
                && e.name.rsplit(' ').next() == Some(word)
        })
    }

    /// The longest noun phrase that ends exactly before `end`, starting at or after `lo`.
    pub(super) fn np_ending_at(&self, lo: usize, end: usize) -> Option<Np> {
        let from = lo.max(end.saturating_sub(MAX_NP_WORDS));
        (from..end).find_map(|k| self.np_at(k, end).filter(|np| np.t1 == end))
    }

    /// Skip adverbs, reflexives and short time phrases ("am Dienstag").
    pub(super) fn skip_fillers(&self, mut k: usize, lim: usize) -> usize {
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
    pub(super) fn subject_of(&self, u: Unit, v: usize, p: Option<usize>) -> Option<Np> {
        let (c0, c1) = self.clause(u, v);
        let lim = p.unwrap_or(c1);
        if self.passive(c0, v) {
            return None;
        }
        let after = || {
            let k = self.skip_fillers(v + 1, lim);
            self.np_at(k, lim)
        };
        if self.lx.lowercase_nouns {
            if v == c0 {
                // '…," said the minister.' inverts; "told the BBC" names the
                // addressee, and "said the officer was shot" opens the reported
                // clause: the speaker is the sentence's subject then.
                // Any cue verb inverts after a quotation ('…," wrote the
                // senator'), but one whose object is its addressee.
                // Other cue verbs invert only right after the quotation:
                // "Ben Sasse, R-Neb., called his death “a crisis”" has the
                // object after the verb.
                let after_quote = (c0.saturating_sub(2).max(u.t0)..c0)
                    .any(|j| matches!(self.doc.toks[j].kind, Kind::Mark { .. }));
                let inverted = || {
                    let inverts = self.is(v, flag::SAYS)
                        || (self.is(v, flag::VERBS)
                            && after_quote
                            && !self.lx.addressee_verbs.contains(self.lower(v)));
                    if !inverts {
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
                    .or_else(|| self.name_before_apposition(u, c0))
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
            // "Das Nötigste habe er … gesagt": a subject pronoun right after
            // the auxiliary is the subject; the phrase before is the object.
            let pronoun_after_aux = np.kind != NpKind::Pronoun
                && np.t1 + 1 < v
                && self.is(np.t1, flag::AUX)
                && self.free_word(np.t1 + 1)
                && self.is(np.t1 + 1, flag::PRONOUNS);
            if pronoun_after_aux {
                return self.np_at(np.t1 + 1, v);
            }
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
        // "Vor seiner Abreise hob Wadephul die Rolle … hervor": after an
        // adverbial the subject follows the finite verb, which need not be a
        // cue itself; a person named inside the clause is taken for it.
        if v + 1 == c1 {
            if let Some(np) = self.person_between(c0, v) {
                return Some(np);
            }
        }
        self.unit_subject(u, v)
    }

    /// '“…,” Will Moy, chief executive of Full Fact, told the BBC': in English
    /// the subject is the name before an apposition between commas that ends
    /// right before the clause at `c0` (its verb). The apposition is short, holds
    /// no quotation and no cue verb; the name ends where it begins.
    pub(super) fn name_before_apposition(&self, u: Unit, c0: usize) -> Option<Np> {
        let t = &self.doc.toks;
        if c0 < u.t0 + 4 || !t[c0 - 1].is_punct(',') {
            return None;
        }
        let a = (c0.saturating_sub(16).max(u.t0 + 1)..c0 - 1)
            .rev()
            .find(|&i| t[i].is_punct(',') || !self.free_word(i) && t[i].kind != Kind::Punct)
            .filter(|&i| t[i].is_punct(',') && self.in_q[i].is_none())?;
        if a + 1 >= c0 - 1 || (a + 1..c0 - 1).any(|j| self.is(j, flag::VERBS)) {
            return None;
        }
        let (s0, _) = self.clause(u, a - 1);
        // A person's name: "Dräger, Inc., said" and "Munich, Germany, said"
        // are no name and apposition.
        self.np_ending_at(s0, a).filter(|np| {
            np.kind == NpKind::Name
                && np.t1 == a
                && (self.entities.is_empty() || self.names(np, |t| t == EntityType::PER))
        })
    }

    /// "Helmut Mödlhammer (ÖVP) sagte": the subject before a short bracket
    /// (party, age, place) that ends right before the clause at `c0`.
    pub(super) fn np_before_bracket(&self, u: Unit, c0: usize) -> Option<Np> {
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
        let np = self
            .np_at(s0, open)
            .filter(|np| np.kind != NpKind::Pronoun)
            .or_else(|| self.np_ending_at(s0, open))?;
        // "The Turkish government's disaster and emergency management agency
        // (AFAD) said": a description that names no organisation or person
        // is spoken for by the organisation its bracket abbreviates.
        if open + 3 == c0 && matches!(np.kind, NpKind::Role | NpKind::Common) {
            let named = |sp| {
                self.entity_at(sp)
                    .is_some_and(|e| matches!(e.kind, EntityType::PER | EntityType::ORG))
            };
            let acronym = Span::new(t[open + 1].s, t[open + 1].e);
            if !named(self.span_of(&np))
                && self
                    .entity_at(acronym)
                    .is_some_and(|e| e.kind == EntityType::ORG)
            {
                return self.np_at(open + 1, open + 2);
            }
        }
        Some(np)
    }

    /// Is the cue verb at `v` a participle after a passive auxiliary of its
    /// clause ("wird … bezeichnet", not the future "wird … erklären"; "were
    /// confirmed dead", not "was saying")?
    pub(super) fn passive(&self, c0: usize, v: usize) -> bool {
        let w = self.lower(v);
        let lx = self.lx;
        let participle = lx
            .participle_prefixes
            .iter()
            .any(|p| w.starts_with(p.as_str()))
            || !lx
                .non_participle_endings
                .iter()
                .any(|e| w.ends_with(e.as_str()));
        participle && (c0..v).any(|a| self.free_word(a) && self.is(a, flag::PASSIVE_AUX))
    }

    /// The first name phrase in tokens `[a, b)` that is a person's mention.
    pub(super) fn person_between(&self, a: usize, b: usize) -> Option<Np> {
        (a..b).find_map(|k| {
            self.np_at(k, b)
                .filter(|np| np.kind == NpKind::Name)
                .filter(|np| self.names(np, |t| t == EntityType::PER))
        })
    }

    /// The first phrase in tokens `[a, b)` that names an entity of a type
    /// `ok` accepts ("heißt es in einer Mitteilung der Gewerkschaft Verdi").
    pub(super) fn named_between(
        &self,
        a: usize,
        b: usize,
        ok: impl Fn(EntityType) -> bool,
    ) -> Option<Np> {
        (a..b).find_map(|k| self.np_at(k, b).filter(|np| self.names(np, &ok)))
    }

    /// Does the phrase `np` name an entity of a type `ok` accepts?
    fn names(&self, np: &Np, ok: impl Fn(EntityType) -> bool) -> bool {
        self.entity_at(self.span_of(np)).is_some_and(|e| ok(e.kind))
    }

    /// The subject that opens the sentence ("Reiche nannte …, sagte aber, …").
    pub(super) fn unit_subject(&self, u: Unit, v: usize) -> Option<Np> {
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
    pub(super) fn apposition(&self, u: Unit, np: Np) -> Np {
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

    pub(super) fn span_of(&self, np: &Np) -> Span {
        Span::new(self.doc.toks[np.t0].s, self.doc.toks[np.t1 - 1].e)
    }
}
