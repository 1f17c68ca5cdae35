//! Dates relative to the publication date or the last mentioned date: deictic
//! words ("gestern"), "vergangene Woche", "am Tag zuvor", weekdays, weekends,
//! and references ("damals", "heute" in narrative texts).

use crate::time::lexicon::Cls;
use crate::time::point::Unit;
use crate::time::scan::TokKind;

use super::durations::duration_value;
use super::{Base, Clock, Matcher, Sem, M};

impl<'a> Matcher<'a> {
    pub(super) fn deictic(&self, i: usize) -> M {
        if let Some((e, j)) = self.get(i, Cls::DeicticDayPart) {
            let n: i32 = e.field(0).parse().ok()?;
            return Some((
                j,
                Sem::DayTime {
                    day: Some(Box::new(Sem::Offset {
                        unit: Unit::D,
                        n,
                        base: Base::Deictic,
                        now: false,
                    })),
                    clock: Clock::Part(e.field(1).to_string()),
                },
                None,
            ));
        }
        let (e, j) = self.get(i, Cls::DeicticDay)?;
        let n = e.int();
        let day = Sem::Offset {
            unit: Unit::D,
            n,
            base: Base::Deictic,
            now: n == 0,
        };
        if n != 0 || self.get(j, Cls::DayPart).is_some() || self.clock_after(j).is_some() {
            let (e, sem) = self.day_suffix(j, day);
            return Some((e, sem, None));
        }
        Some((j, day, None))
    }

    pub(super) fn clock_after(&self, j: usize) -> Option<usize> {
        let mut k = j;
        if self.punct(k, ",") {
            k += 1;
        }
        if matches!(self.lower(k), "um" | "gegen" | "at") {
            k += 1;
        }
        self.clock(k).map(|c| c.3)
    }

    /// A relative word at `i` ("vergangene", "folgenden"): its offset, what it
    /// counts from, and the end.
    fn rel_word(&self, i: usize) -> Option<(i32, Base, usize)> {
        let (r, j) = self.get(i, Cls::Rel)?;
        let n: i32 = r.field(0).parse().unwrap_or(0);
        let base = if r.field(1) == "A" {
            Base::Anaphoric
        } else {
            Base::Deictic
        };
        Some((n, base, j))
    }

    /// "vergangene Woche", "nächsten Monat", "im selben Jahr", "am folgenden Tag",
    /// "vergangenen Dienstag", "last March", "the past five years".
    pub(super) fn rel(&self, i: usize) -> M {
        let mut i0 = i;
        // A preposition belongs to anaphoric day phrases: "am selben Tag", "an diesem Tag".
        let prep = matches!(self.lower(i), "am" | "an" | "im" | "on");
        if prep {
            i0 += 1;
        }
        let (n, base, j) = self.rel_word(i0)?;
        if let Some((u, mult, k)) = self.unit(j) {
            // "in den folgenden Monaten", "in den vergangenen Jahren": a vague stretch.
            if self.is_plural_unit(j) {
                if prep {
                    return None;
                }
                return Some((k, Sem::Duration(duration_value(u, None)), None));
            }
            // "over the past week": the stretch up to now, not the calendar week before.
            if n == -1 && base == Base::Deictic && !prep && i > 0 && self.is(i - 1, Cls::SpanPre) {
                return Some((k, Sem::Duration(duration_value(u, Some(10 * mult))), None));
            }
            let (base, start) = match u {
                // "am nächsten Tag" counts from the day being told about.
                Unit::D => (Base::Anaphoric, if prep { i } else { i0 }),
                _ if base == Base::Anaphoric && prep && u == Unit::M => (base, i),
                _ => (base, i0),
            };
            if start != i {
                return None;
            }
            if u == Unit::D && self.is(k, Cls::DayPart) {
                let day = Sem::Offset {
                    unit: Unit::D,
                    n,
                    base,
                    now: false,
                };
                let (e2, sem) = self.day_suffix(k, day);
                return Some((e2, sem, None));
            }
            return Some((
                k,
                Sem::Offset {
                    unit: u,
                    n: n * mult,
                    base,
                    now: false,
                },
                None,
            ));
        }
        if prep {
            // "am selben Abend"
            if let Some((e, k)) = self.get(j, Cls::DayPart) {
                return Some((
                    k,
                    Sem::DayTime {
                        day: Some(Box::new(Sem::Offset {
                            unit: Unit::D,
                            n,
                            base: Base::Anaphoric,
                            now: false,
                        })),
                        clock: Clock::Part(e.value.clone()),
                    },
                    None,
                ));
            }
            return None;
        }
        if let Some((e, k)) = self.get(j, Cls::Weekday) {
            let day = Sem::Weekday {
                wd: e.int() as u32,
                dir: n.signum(),
            };
            let (e2, sem) = self.day_suffix(k, day);
            return Some((e2, sem, None));
        }
        if let Some((m, k)) = self.month(j) {
            if n != 0 {
                return Some((
                    k,
                    Sem::MonthRel {
                        month: m,
                        dir: n.signum(),
                    },
                    None,
                ));
            }
        }
        // "die vergangenen drei Jahre", "die nächsten vier Tage", "the past five years":
        // a stretch of time, i.e. a duration.
        if let Some((c, k, _)) = self.count(j) {
            if let Some((u, mult, e)) = self.unit(k) {
                if self.int(j).is_some() || self.get(j, Cls::Num).is_some() {
                    return Some((e, Sem::Duration(duration_value(u, Some(c * mult))), None));
                }
            }
        }
        if let Some((_, k)) = self.get(j, Cls::Vague) {
            if let Some((u, _, e)) = self.unit(k) {
                return Some((e, Sem::Duration(duration_value(u, None)), None));
            }
        }
        None
    }

    /// "Vorjahr", "Folgetag", "Vortag".
    pub(super) fn unit_rel(&self, i: usize) -> M {
        let mut i0 = i;
        if matches!(self.lower(i), "am" | "im") {
            i0 += 1;
        }
        let (e, j) = self.get(i0, Cls::UnitRel)?;
        let u = Unit::parse(e.field(0))?;
        let n: i32 = e.field(1).parse().ok()?;
        let base = if e.field(2) == "A" {
            Base::Anaphoric
        } else {
            Base::Deictic
        };
        if i0 != i && u != Unit::D {
            return None;
        }
        let off = Sem::Offset {
            unit: u,
            n,
            base,
            now: false,
        };
        if !e.extra.is_empty() {
            return Some((
                j,
                Sem::DayTime {
                    day: Some(Box::new(off)),
                    clock: Clock::Part(e.extra.clone()),
                },
                None,
            ));
        }
        Some((j, off, None))
    }

    /// "am Tag zuvor", "tags darauf", "im Jahr darauf", "the day before".
    pub(super) fn unit_post(&self, i: usize) -> M {
        let mut j = i;
        if matches!(self.lower(j), "am" | "im" | "on" | "in" | "the") {
            j += 1;
        }
        if self.lower(j) == "the" {
            j += 1;
        }
        let (u, _, k) = self.unit(j)?;
        if !matches!(u, Unit::D | Unit::W | Unit::M | Unit::Y) {
            return None;
        }
        let sign = if self.is(k, Cls::After) {
            1
        } else if self.is(k, Cls::Before) {
            -1
        } else {
            return None;
        };
        let e = self.get(k, Cls::After).or(self.get(k, Cls::Before))?.1;
        // Only the singular ("Tag zuvor", "Jahr darauf"), plurals are vague.
        if crate::time::words()
            .plural_units_relative
            .contains(self.lower(j))
        {
            return None;
        }
        Some((
            e,
            Sem::Offset {
                unit: u,
                n: sign,
                base: Base::Anaphoric,
                now: false,
            },
            None,
        ))
    }

    pub(super) fn weekday(&self, i: usize) -> M {
        if let Some((e, j)) = self.get(i, Cls::Weekday) {
            // "Mo", "Di", "Do": only with a date after them (handled in dmy).
            if self.lower(i).chars().count() <= 3 && !self.toks[i].upper {
                return None;
            }
            if self.lower(i).chars().count() <= 3 {
                return None;
            }
            if let Some((end, n, base)) = self.week_of(j) {
                let day = Sem::WeekdayOfWeek {
                    wd: e.int() as u32,
                    n,
                    base,
                };
                return Some((end, day, None));
            }
            let day = Sem::Weekday {
                wd: e.int() as u32,
                dir: 0,
            };
            let (e2, sem) = self.day_suffix(j, day);
            return Some((e2, sem, None));
        }
        // German compounds: "Dienstagabend", "Montagmorgen".
        let w = self.lower(i);
        if self.toks.get(i)?.kind != TokKind::Word || w.len() < 9 {
            return None;
        }
        for (wd_word, wd) in &self.comp.weekdays {
            // The first byte settles most words without comparing the rest.
            if wd_word.as_bytes().first() != w.as_bytes().first() {
                continue;
            }
            if let Some(rest) = w.strip_prefix(wd_word.as_str()) {
                if let Some(e) = self.lex.word_entry(rest, Cls::DayPart) {
                    return Some((
                        i + 1,
                        Sem::DayTime {
                            day: Some(Box::new(Sem::Weekday { wd: *wd, dir: 0 })),
                            clock: Clock::Part(e.value.clone()),
                        },
                        None,
                    ));
                }
            }
        }
        None
    }

    /// The week named right after a weekday: "(der) vergangenen Woche",
    /// "(of) next week". Its end, the week offset and what it counts from.
    fn week_of(&self, j: usize) -> Option<(usize, i32, Base)> {
        let mut k = j;
        if self.is(k, Cls::Gen) {
            k += 1;
        }
        let (n, base, k) = self.rel_word(k)?;
        let (u, _, end) = self.unit(k)?;
        (u == Unit::W && !self.is_plural_unit(k)).then_some((end, n, base))
    }

    /// "am Wochenende", "over the weekend": the weekend near the anchor.
    pub(super) fn weekend(&self, i: usize) -> M {
        let (Unit::We, _, j) = self.unit(i)? else {
            return None;
        };
        let prev = if i > 0 { self.lower(i - 1) } else { "" };
        if !(crate::time::words().weekend_prepositions.contains(prev)
            || i > 0 && self.is(i - 1, Cls::Gen))
            || self.is_plural_unit(i)
        {
            return None;
        }
        Some((j, Sem::Weekend { dir: 0 }, None))
    }

    pub(super) fn reference(&self, i: usize) -> M {
        if let Some((e, j)) = self.get(i, Cls::Ref) {
            return Some((j, Sem::Ref(e.value.clone()), None));
        }
        if let Some((e, j)) = self.get(i, Cls::NarrativeNow) {
            return Some((j, Sem::NarrativeNow(e.value.clone()), None));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::tagged;

    #[test]
    fn deictic_and_anaphoric_days() {
        let t = |text, expr| tagged("de", text, expr);
        assert_eq!(
            t("Die Minister treffen sich morgen.", "morgen"),
            "2025-07-11 DATE"
        );
        assert_eq!(
            t("Der Streik begann vergangene Woche.", "vergangene Woche"),
            "2025-W27 DATE"
        );
        assert_eq!(
            t(
                "Am 2. Juli kam er an, am Tag danach reiste er ab.",
                "am Tag danach"
            ),
            "2025-07-03 DATE"
        );
        let e = |text, expr| tagged("en", text, expr);
        assert_eq!(
            e("The vote was held on Monday.", "Monday"),
            "2025-07-07 DATE"
        );
        assert_eq!(
            e("Shops stayed shut over the weekend.", "weekend"),
            "2025-W27-WE DATE"
        );
    }
}
