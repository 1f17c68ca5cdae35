//! Times of day: clock times ("19.30 Uhr", "7 p.m.") and dayparts ("am Abend",
//! "Nacht vom 19. auf den 20. März").

use crate::time::lexicon::Cls;
use crate::time::point::{Point, Unit};
use crate::time::scan::TokKind;

use super::{Base, Clock, Matcher, Partial, Sem, M};

impl<'a> Matcher<'a> {
    /// A clock time "19 Uhr", "19.30 Uhr", "4 Uhr 45", "7:30 p.m." with a time zone.
    pub(super) fn clock(&self, i: usize) -> Option<(u32, u32, Option<String>, usize)> {
        let t = self.toks.get(i)?;
        // Wire copy writes "0350 GMT" and "0350GMT": four digits and a zone.
        let military = |digits: &str| -> Option<(u32, u32)> {
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (h, m) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
            (h < 24 && m < 60).then_some((h, m))
        };
        if let Some((digits, zone)) = t.lower.split_at_checked(4) {
            if let (Some((h, m)), Some(z)) = (military(digits), self.lex.word_entry(zone, Cls::Tz))
            {
                return Some((h, m, Some(z.value.clone()), i + 1));
            }
        }
        if let Some((h, m)) = military(t.lower) {
            if let Some((e, k)) = self.get(i + 1, Cls::Tz) {
                return Some((h, m, Some(e.value.clone()), k));
            }
        }
        if t.kind != TokKind::Num {
            return None;
        }
        let (h, m) = match t.lower.split_once(['.', ':']) {
            Some((h, m)) if m.len() == 2 && !m.contains(['.', ':', ',']) => {
                (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)
            }
            None => (t.lower.parse::<u32>().ok()?, 0),
            _ => return None,
        };
        if h > 24 || m > 59 || t.lower.len() > 5 {
            return None;
        }
        let (mut h, mut m, mut j) = (h, m, i + 1);
        if let Some((_, k)) = self.get(j, Cls::Uhr) {
            j = k;
            if m == 0 {
                if let Some(mm) = self.int(j) {
                    if mm < 60 && self.digits(j) == 2 {
                        m = mm;
                        j += 1;
                    }
                }
            }
        } else if let Some((e, k)) = self.get(j, Cls::AmPm) {
            if h == 0 || h > 12 {
                return None;
            }
            h = h % 12 + e.int() as u32;
            j = k;
        } else {
            return None;
        }
        let mut tz = None;
        if let Some((e, k)) = self.get(j, Cls::Tz) {
            tz = Some(e.value.clone());
            j = k;
        }
        if h == 24 && m > 0 {
            return None;
        }
        Some((h, m, tz, j))
    }

    /// "19 Uhr", "19.30 Uhr", "7 p.m.", standalone dayparts "am Abend", "nachts",
    /// "Morgen des 22. Juni 1941", "Nacht vom 19. auf den 20. März".
    pub(super) fn time_of_day(&self, i: usize) -> M {
        let mut j = i;
        let mut m = None;
        // "gegen 19 Uhr" is approximate and part of the expression; "um"/"at" are left out.
        if matches!(self.lower(j), "gegen" | "around") {
            m = Some("APPROX".to_string());
            j += 1;
        }
        if let Some((h, mm, tz, e)) = self.clock(j) {
            return Some((
                e,
                Sem::DayTime {
                    day: None,
                    clock: Clock::HourMin(h, mm, tz),
                },
                m,
            ));
        }
        // "zwischen 17 und 21.30 Uhr": the first bound is a clock time of its own.
        if i == j && i > 0 && self.is(i - 1, Cls::RangeFrom) {
            if let (Some(h), Some((_, k))) = (self.int(i), self.get(i + 1, Cls::RangeTo)) {
                if h <= 24 && self.digits(i) <= 2 && self.clock(k).is_some() {
                    return Some((
                        i + 1,
                        Sem::DayTime {
                            day: None,
                            clock: Clock::HourMin(h, 0, None),
                        },
                        None,
                    ));
                }
            }
        }
        // Dayparts, with an optional "früh"/"spät" part before them.
        let mut part = None;
        if let Some((e, k)) = self.get(j, Cls::Part) {
            if self.is(k, Cls::DayPart) {
                part = Some(e.value.clone());
                j = k;
            }
        }
        let (e, k) = self.get(j, Cls::DayPart)?;
        if m.is_some() && self.lower(i) != "gegen" {
            return None;
        }
        let code = e.value.clone();
        let clock = if e.extra == "24" {
            Clock::HourMin(24, 0, None)
        } else {
            Clock::Part(code)
        };
        let part = part.or(m);
        // "Nacht zu Sonntag", "Nacht auf den 5. Juli": the night that starts the day before.
        if e.value == "NI" && e.extra.is_empty() {
            if let Some((_, g)) = self.get(k, Cls::NightTo) {
                let day = match self.get(g, Cls::Weekday) {
                    Some((w, end)) if self.lower(g).chars().count() > 3 => Some((
                        end,
                        Sem::Weekday {
                            wd: w.int() as u32,
                            dir: 0,
                        },
                    )),
                    _ => self
                        .dmy(g)
                        .or_else(|| self.numeric_date(g))
                        .filter(|(_, d, _)| {
                            matches!(
                                d,
                                Sem::Point(Point::Day(..)) | Sem::NoYear(Partial::Day(..))
                            )
                        })
                        .map(|(end, d, _)| (end, d)),
                };
                if let Some((end, day)) = day {
                    return Some((
                        end,
                        Sem::DayTime {
                            day: Some(Box::new(Sem::DayBefore(Box::new(day)))),
                            clock,
                        },
                        part,
                    ));
                }
            }
        }
        // "Morgen des 22. Juni 1941", "Abend desselben Tages", "Nacht vom 19. auf den 20. März"
        let g = self.skip_gen(k);
        if g > k || matches!(self.lower(k), "vom" | "of") || self.is(k, Cls::Rel) {
            let g = if self.lower(k) == "vom" || self.lower(k) == "of" {
                k + 1
            } else {
                g
            };
            if let Some((end, day, _)) = self.dmy(g).or_else(|| self.numeric_date(g)) {
                if matches!(
                    day,
                    Sem::Point(Point::Day(..)) | Sem::NoYear(Partial::Day(..))
                ) {
                    return Some((
                        end,
                        Sem::DayTime {
                            day: Some(Box::new(day)),
                            clock,
                        },
                        part,
                    ));
                }
            }
            // "Nacht vom Samstag auf Sonntag": the night of the first day.
            if let Some((w, wend)) = self.get(g, Cls::Weekday) {
                if let Some((_, g2)) = self.get(wend, Cls::NightTo) {
                    if let Some((_, end)) = self.get(g2, Cls::Weekday) {
                        let day = Sem::Weekday {
                            wd: w.int() as u32,
                            dir: 0,
                        };
                        return Some((
                            end,
                            Sem::DayTime {
                                day: Some(Box::new(day)),
                                clock,
                            },
                            part,
                        ));
                    }
                }
            }
            if let Some((end, day, _)) = self.day_pair_first(g) {
                return Some((
                    end,
                    Sem::DayTime {
                        day: Some(Box::new(day)),
                        clock,
                    },
                    part,
                ));
            }
            if let Some((r, kk)) = self.get(g, Cls::Rel) {
                if let Some((Unit::D, _, end)) = self.unit(kk) {
                    let n: i32 = r.field(0).parse().unwrap_or(0);
                    let day = Sem::Offset {
                        unit: Unit::D,
                        n,
                        base: Base::Anaphoric,
                        now: false,
                    };
                    return Some((
                        end,
                        Sem::DayTime {
                            day: Some(Box::new(day)),
                            clock,
                        },
                        part,
                    ));
                }
            }
            if let Some((Unit::D, _, end)) = self.unit(g) {
                let day = Sem::Offset {
                    unit: Unit::D,
                    n: 0,
                    base: Base::Anaphoric,
                    now: false,
                };
                return Some((
                    end,
                    Sem::DayTime {
                        day: Some(Box::new(day)),
                        clock,
                    },
                    part,
                ));
            }
        }
        // A bare English "night"/"morning" is too common to count alone.
        if !self.toks[j].upper
            && !self.lower(j).ends_with('s')
            && self.lex.word_is("ago", Cls::AgoPost)
            && i == j
            && !(i > 0 && matches!(self.lower(i - 1), "the" | "in" | "at"))
        {
            return None;
        }
        Some((k, Sem::DayTime { day: None, clock }, part))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tagged;

    #[test]
    fn clock_times_and_dayparts() {
        let t = |text, expr| tagged("de", text, expr);
        assert_eq!(
            t("Die Sitzung beginnt um 14.30 Uhr.", "14.30 Uhr"),
            "2025-07-10T14:30 TIME"
        );
        assert_eq!(t("Am Abend gab es Applaus.", "Abend"), "2025-07-10TEV TIME");
        let e = |text, expr| tagged("en", text, expr);
        assert_eq!(
            e("Polls close at 9 p.m.", "9 p.m."),
            "2025-07-10T21:00 TIME"
        );
    }
}
