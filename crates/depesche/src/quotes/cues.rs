//! Speech cues outside quotations: cue verbs (separable ones too), source
//! prepositions ("laut X", "according to X"), and the frame they make with
//! their speaker phrase.

use crate::schema::{EntityType, Span};

use super::finder::{Attr, Finder, Np};
use super::lexicon::flag;
use super::scan::Unit;

impl<'a, 't> Finder<'a, 't> {
    /// The particle that closes the clause of a separable cue verb at `v`.
    pub(super) fn particle(&self, u: Unit, v: usize) -> Option<usize> {
        let ps = self.lx.separable.get(self.lower(v))?;
        let (_, c1) = self.clause(u, v);
        let p = c1.checked_sub(1)?;
        (p > v && self.doc.toks[p].is_lower_word() && ps.iter().any(|x| x == self.lower(p)))
            .then_some(p)
    }

    /// In "den Angaben des Ministeriums" the source is the genitive.
    pub(super) fn strip_source_noun(&self, np: Np) -> Np {
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
    pub(super) fn attrs(&self, u: Unit) -> Vec<Attr> {
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
                    // "Aus dem Ministerium hieß es": the source opens the clause.
                    let source = (es(t + 1) && c0 + 1 < t && self.free_word(c0))
                        .then(|| self.lx.impersonal_sources.contains(self.lower(c0)))
                        .filter(|&s| s)
                        .and_then(|_| self.np_at(c0 + 1, t).filter(|np| np.t1 == t));
                    // "…, heißt es in einer Mitteilung des Bundes der
                    // Steuerzahler": a person or organisation named after it.
                    let after = if source.is_none() && es(t + 1) {
                        self.named_between(e, c1, |k| {
                            matches!(k, EntityType::PER | EntityType::ORG)
                        })
                        .map(|np| self.strip_source_noun(np))
                    } else {
                        None
                    };
                    let cue = self.doc.slice(f0, e).to_string();
                    let f0 = if source.is_some() { c0 } else { f0 };
                    let f1 = after.map_or(e, |n| n.t1);
                    let mut a = mk(cue, f0, f1, true, source.or(after));
                    a.impersonal = source.is_none();
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
                    // "nach Angaben von X", "nach ukrainischen Angaben", "nach Angaben des X",
                    // "nach seinen Worten"
                    while self.adjective(k, c1)
                        || (k + 1 < c1 && self.free_word(k) && self.is(k, flag::DETERMINERS))
                    {
                        k += 1;
                    }
                    if k < c1 && self.free_word(k) && self.is(k, flag::SOURCE_NOUNS) {
                        let cue = format!("{} {}", self.doc.orig(t), self.doc.orig(k));
                        let mut j = k + 1;
                        if j < c1 && self.free_word(j) && self.is(j, flag::SOURCE_LINK) {
                            j += 1;
                        }
                        // The source follows the noun unless an adjective or a
                        // possessive before it named it ("nach ukrainischen
                        // Angaben", "nach seinen Worten"); an article does not.
                        let articles_only =
                            (t + 1..k).all(|x| self.lx.definite.contains(self.lower(x)));
                        let np = if articles_only {
                            self.np_at(j, c1)
                        } else {
                            None
                        };
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

    pub(super) fn phrase(&self, a: &Attr) -> Option<Span> {
        a.np.map(|n| self.span_of(&n))
    }
}
