//! Speakers: a speaker phrase resolved to an entity of the article (by its
//! mentions, coreference links, role nouns near a name), else to the phrase.

use std::collections::HashMap;

use crate::schema::{Entity, EntityType, Span};

use super::finder::{Finder, Np, NpKind, Who};
use super::lexicon::flag;
use super::scan::Unit;

/// How far back (code points) the last entity of a kind is looked for.
pub(super) const LAST_ENTITY_WINDOW: usize = 60_000;

/// How many tokens away a role noun's name (or an organisation's compound)
/// is looked for: about four pages of news text.
pub(super) const ROLE_NAME_WINDOW: usize = 3000;

/// How far back (code points) a definite role noun without a name of its own
/// ("die Beamtin", "der Kardinal") is taken to point to the person mentioned
/// last: about two paragraphs.
pub(super) const ROLE_PERSON_WINDOW: usize = 1200;

impl<'a, 't> Finder<'a, 't> {
    pub(super) fn entity_type_rank(k: EntityType) -> u8 {
        match k {
            EntityType::PER => 0,
            EntityType::ORG => 1,
            EntityType::MISC => 2,
            EntityType::LOC => 3,
        }
    }

    /// The entity with a mention overlapping `span` (persons first, then the
    /// widest overlap, then the first entity).
    pub(super) fn entity_at(&self, span: Span) -> Option<&'a Entity> {
        let mut best: Option<(u8, usize, u32, u32)> = None;
        for &(start, end, ei, mi) in self.mention_ix.reaching(span.start) {
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
    pub(super) fn last_entity_with(
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
    pub(super) fn takes_up_person(&self, np: &Np) -> bool {
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
    pub(super) fn recent_person(&self, pos: usize) -> Option<&'a Entity> {
        let (e, before) = self.last_entity_with(pos, |e| e.kind == EntityType::PER)?;
        let ei = self.entities.iter().position(|x| std::ptr::eq(x, e))?;
        let last = self.mention_ix.last_before(ei, pos)?;
        (before && pos - last <= ROLE_PERSON_WINDOW).then_some(e)
    }

    /// The entity mentioned last before `pos` among those passing `ok`.
    pub(super) fn last_entity(
        &self,
        pos: usize,
        ok: impl Fn(&Entity) -> bool,
    ) -> Option<&'a Entity> {
        self.last_entity_with(pos, ok).map(|(e, _)| e)
    }

    /// The speaker behind a quote's `speaker` value: an entity id or a phrase.
    pub(super) fn who_of_value(&self, value: Option<&str>) -> Option<Who> {
        let v = value?;
        Some(match self.entities.iter().find(|e| e.id == v) {
            Some(e) => Self::who_entity(e),
            None => Who {
                value: v.to_string(),
                person: false,
            },
        })
    }

    pub(super) fn who_entity(e: &Entity) -> Who {
        Who {
            value: e.id.clone(),
            person: e.kind == EntityType::PER,
        }
    }

    /// The name written after an earlier occurrence of the role noun
    /// ("US-Präsident Donald Trump" for "der US-Präsident").
    /// Earlier occurrences first; else the first later one ("Der Minister …
    /// sagte Verkehrsminister Patrick Schnieder").
    pub(super) fn name_after_role(&self, head: &str, at: usize) -> Option<String> {
        let head = head.trim_end_matches('s');
        let n = self.n();
        let name_at = |j: usize| {
            if j != at && self.cap(j, n) && self.lower(j).ends_with(head) && self.cap(j + 1, n) {
                let mut e = j + 1;
                while self.cap(e, n) {
                    e += 1;
                }
                // "President Trump's advisers": the name without its possessive.
                let name = self.doc.slice(j + 1, e);
                let name = name
                    .strip_suffix("’s")
                    .or_else(|| name.strip_suffix("'s"))
                    .unwrap_or(name);
                return Some(name.to_string());
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
    pub(super) fn named_org(&self, head: &str, before: usize) -> Option<String> {
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
    pub(super) fn name_text(&self, np: &Np) -> String {
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
    pub(super) fn coref_at(&self, span: Span) -> Option<Who> {
        crate::coref::linked_entity(self.coref, self.entities, span).map(Self::who_entity)
    }

    pub(super) fn resolve(&mut self, np: &Np) -> Option<Who> {
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
        let at_head = self.entity_at(head_span);
        let at = match np.kind {
            NpKind::Common | NpKind::Role => at_head,
            _ => at_head.or_else(|| self.entity_at(span)),
        };
        if let Some(e) = at {
            if e.kind != EntityType::MISC {
                return Some(Self::who_entity(e));
            }
            // "erklärte der Spanier", "sagte der Wiener": a demonym takes up
            // the person just mentioned, as a role noun does ("schrieb der
            // Guardian" is a title, not a demonym).
            let demonym = ["er", "e", "in"].iter().any(|x| head_lower.ends_with(x));
            if np.kind == NpKind::Common && demonym && self.takes_up_person(np) {
                if let Some(p) = self.recent_person(span.start) {
                    return Some(Self::who_entity(p));
                }
            }
            // "Palästinensische Ärzte sagten": an adjective before the head
            // names no speaker; the phrase does (below). A role the tagger
            // typed MISC ("Der Landeshauptmann") is resolved as a role (below).
            if at_head.is_some() && np.kind != NpKind::Role {
                return Some(Self::who_entity(e));
            }
        }
        if !self.entities.is_empty() {
            let stem = head_lower.trim_end_matches('s');
            let found = match np.kind {
                NpKind::Role => self.last_entity(span.start, |e| {
                    e.roles.iter().any(|r| {
                        let r = r.to_lowercase();
                        r.ends_with(stem) || stem.ends_with(&r)
                    })
                }),
                NpKind::Common => self.last_entity(span.start, |e| {
                    e.kind == EntityType::ORG && e.name.to_lowercase().contains(stem)
                }),
                _ => self.last_entity(span.start, |e| {
                    let name = e.name.to_lowercase();
                    name.split_whitespace().last() == Some(stem) || name == stem
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
    pub(super) fn note_subject(&mut self, u: Unit) {
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
                    let at = self.doc.toks[u.t0].s;
                    self.subject = Some((Self::who_entity(e), self.unit_no, at));
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

    pub(super) fn cap_count(&mut self, lower: &str) -> u32 {
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
}
