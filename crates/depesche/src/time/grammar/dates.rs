//! Calendar dates: day-month-year in words and digits, numeric dates, months
//! with a year, and the parts of a date ("Anfang Februar", "Ende 2024").

use crate::time::lexicon::Cls;
use crate::time::point::{Point, Unit};
use crate::time::scan::TokKind;

use super::{best, valid, Base, Clock, Matcher, Partial, Sem, M};

impl<'a> Matcher<'a> {
    /// After a day-level date: "11. November 11 Uhr", "8. Mai, 23:01 Uhr" or "abends".
    /// A time after "um" stays an expression of its own (as TIMEX annotation does).
    pub(super) fn day_suffix(&self, j: usize, day: Sem) -> (usize, Sem) {
        let mut k = j;
        if self.punct(k, ",") {
            k += 1;
        }
        if let Some((h, m, tz, e)) = self.clock(k) {
            return (
                e,
                Sem::DayTime {
                    day: Some(Box::new(day)),
                    clock: Clock::HourMin(h, m, tz),
                },
            );
        }
        if let Some((e, end)) = self.get(j, Cls::DayPart) {
            return (
                end,
                Sem::DayTime {
                    day: Some(Box::new(day)),
                    clock: Clock::Part(e.value.clone()),
                },
            );
        }
        (j, day)
    }

    // ----- dates -----------------------------------------------------------------

    /// "20. Januar 2025", "4. Oktober, 1777", "January 20, 2025", "20 January".
    pub(super) fn dmy(&self, i: usize) -> M {
        let mut i0 = i;
        // An optional weekday in front: "Dienstag, 8. Juli".
        if let Some((_, j)) = self.get(i, Cls::Weekday) {
            let mut j = j;
            if self.punct(j, ",") {
                j += 1;
            }
            if matches!(self.lower(j), "den" | "dem" | "the") {
                j += 1;
            }
            i0 = j;
        }
        if let Some((d, j, _)) = self.day_num(i0) {
            let mut j = j;
            if self.lower(j) == "of" {
                j += 1;
            }
            if let Some((m, k)) = self.month(j) {
                let mut k = k;
                let mut k2 = k;
                if self.punct(k2, ",") {
                    k2 += 1;
                }
                let sem = if let Some((y, e)) = self.year(k2) {
                    k = e;
                    Sem::Point(Point::Day(y, m, d))
                } else {
                    Sem::NoYear(Partial::Day(m, d))
                };
                if !valid(&sem) {
                    return None;
                }
                let (e, sem) = self.day_suffix(k, sem);
                return Some((e, sem, None));
            }
        }
        // English order: "January 20, 2025"
        if let Some((m, j)) = self.month(i0) {
            if let Some((d, k, _)) = self.day_num(j) {
                if self.int(j).is_some() && self.digits(j) <= 2 && !self.punct(k, ":") {
                    // "July 7." ends a sentence: the dot is no ordinal mark here.
                    let mut k = if self.punct(k - 1, ".") { k - 1 } else { k };
                    let mut k2 = k;
                    if self.punct(k2, ",") {
                        k2 += 1;
                    }
                    let sem = if let Some((y, e)) = self.year(k2) {
                        k = e;
                        Sem::Point(Point::Day(y, m, d))
                    } else {
                        Sem::NoYear(Partial::Day(m, d))
                    };
                    if !valid(&sem) {
                        return None;
                    }
                    let (e, sem) = self.day_suffix(k, sem);
                    return Some((e, sem, None));
                }
            }
        }
        None
    }

    /// "27." in "27. und 28. September": the first day of a pair takes the
    /// month (and year) of the second.
    pub(super) fn day_pair_first(&self, i: usize) -> M {
        let (d, j, dot) = self.day_num(i)?;
        if !dot {
            return None;
        }
        let mut k = j;
        if !(crate::time::words()
            .day_pair_joiners
            .contains(self.lower(k))
            || self.punct(k, "-")
            || self.punct(k, "/"))
        {
            return None;
        }
        k += 1;
        if crate::time::words()
            .day_pair_articles
            .contains(self.lower(k))
        {
            k += 1;
        }
        let (_, _, _) = self.day_num(k)?;
        let (_, second, _) = self.dmy(k)?;
        let sem = match second {
            Sem::Point(Point::Day(y, m, _)) => Sem::Point(Point::Day(y, m, d)),
            Sem::NoYear(Partial::Day(m, _)) => Sem::NoYear(Partial::Day(m, d)),
            Sem::DayTime { day: Some(b), .. } => match *b {
                Sem::Point(Point::Day(y, m, _)) => Sem::Point(Point::Day(y, m, d)),
                Sem::NoYear(Partial::Day(m, _)) => Sem::NoYear(Partial::Day(m, d)),
                _ => return None,
            },
            _ => return None,
        };
        if !valid(&sem) {
            return None;
        }
        Some((j, sem, None))
    }

    /// "10.07.2025", "1.9.39", "10.07.", "2025-07-10".
    pub(super) fn numeric_date(&self, i: usize) -> M {
        let t = self.toks.get(i)?;
        if t.kind != TokKind::Num {
            return None;
        }
        let parts: Vec<&str> = t.lower.split('.').collect();
        if parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        {
            let (d, m) = (parts[0].parse::<u32>().ok()?, parts[1].parse::<u32>().ok()?);
            if parts[0].len() > 2 || parts[1].len() > 2 {
                return None;
            }
            let y: i32 = match parts[2].len() {
                4 => parts[2].parse().ok()?,
                2 => {
                    let yy: i32 = parts[2].parse().ok()?;
                    1900 + yy
                }
                _ => return None,
            };
            let sem = Sem::Point(Point::Day(y, m, d));
            if !valid(&sem) {
                return None;
            }
            let (e, sem) = self.day_suffix(i + 1, sem);
            return Some((e, sem, None));
        }
        if parts.len() == 2 && self.punct(i + 1, ".") && self.attached(i + 1) {
            let (d, m) = (parts[0].parse::<u32>().ok()?, parts[1].parse::<u32>().ok()?);
            if parts[0].len() <= 2 && parts[1].len() == 2 {
                let sem = Sem::NoYear(Partial::Day(m, d));
                if valid(&sem) {
                    return Some((i + 2, sem, None));
                }
            }
        }
        // ISO 2025-07-10
        if t.lower.len() == 4
            && self.punct(i + 1, "-")
            && self.attached(i + 1)
            && self.attached(i + 2)
            && self.digits(i + 2) == 2
            && self.punct(i + 3, "-")
            && self.attached(i + 3)
            && self.attached(i + 4)
            && self.digits(i + 4) == 2
        {
            let y = self.int(i)? as i32;
            let sem = Sem::Point(Point::Day(y, self.int(i + 2)?, self.int(i + 4)?));
            if valid(&sem) {
                let (e, sem) = self.day_suffix(i + 5, sem);
                return Some((e, sem, None));
            }
        }
        None
    }

    /// A numeric date after its weekday: "Freitag, 08.12.2023", "Mo. 10.07.".
    pub(super) fn weekday_numeric(&self, i: usize) -> M {
        let (_, mut j) = self.get(i, Cls::Weekday)?;
        if self.punct(j, ",") || self.punct(j, ".") && self.attached(j) {
            j += 1;
        }
        let (e, sem, m) = self.numeric_date(j)?;
        Some((e, sem, m))
    }

    /// Month with optional year: "Juli 2025", "Februar", "März des folgenden Jahres".
    pub(super) fn month_year(&self, i: usize, with_ctx: bool) -> M {
        let (m, j) = self.month(i)?;
        if let Some((y, e)) = self.year(j) {
            return Some((e, Sem::Point(Point::Month(y, m)), None));
        }
        // "März des folgenden Jahres", "Mai desselben Jahres", "April des Jahres"
        let g = self.skip_gen(j);
        if let Some((r, k)) = self.get(g, Cls::Rel) {
            if let Some((Unit::Y, _, e)) = self.unit(k) {
                let n: i32 = r.field(0).parse().unwrap_or(0);
                let base = if r.field(1) == "A" {
                    Base::Anaphoric
                } else {
                    Base::Deictic
                };
                return Some((e, Sem::MonthOfYear { month: m, n, base }, None));
            }
        }
        if g > j {
            if let Some((Unit::Y, _, e)) = self.unit(g) {
                if let Some((y, e2)) = self.year(e) {
                    return Some((e2, Sem::Point(Point::Month(y, m)), None));
                }
                return Some((
                    e,
                    Sem::MonthOfYear {
                        month: m,
                        n: 0,
                        base: Base::Anaphoric,
                    },
                    None,
                ));
            }
            if let Some((e, k)) = self.get(g, Cls::UnitRel) {
                if e.field(0) == "Y" {
                    let n: i32 = e.field(1).parse().unwrap_or(0);
                    let base = if e.field(2) == "A" {
                        Base::Anaphoric
                    } else {
                        Base::Deictic
                    };
                    return Some((k, Sem::MonthOfYear { month: m, n, base }, None));
                }
            }
        }
        if self.ambiguous(i) && !with_ctx && !self.prev_ctx(i) {
            return None;
        }
        // A bare abbreviation ("Aug" in "Aug in Aug") is no month without a day or a year.
        if j == i + 1
            && self.lower(i).chars().count() <= 4
            && self.lex.word_is(self.lower(i), Cls::Ambiguous)
            && !matches!(self.lower(i), "mai" | "may")
        {
            return None;
        }
        // A capitalised English month must be capitalised ("may" is a verb).
        Some((j, Sem::NoYear(Partial::Month(m)), None))
    }

    pub(super) fn prev_ctx(&self, i: usize) -> bool {
        i > 0
            && self.is(i - 1, Cls::YearCtx)
            && !matches!(self.lower(i - 1), "und" | "and" | "-" | "/" | "(")
    }

    /// The date kernels that Anfang/Mitte/Ende and "im Laufe" can modify.
    pub(super) fn date_core(&self, i: usize, ctx: bool) -> M {
        best(&mut [
            self.dmy(i),
            self.numeric_date(i),
            self.weekday_numeric(i),
            self.month_year(i, ctx),
            self.year_expr(i),
            self.decade(i),
            self.century(i),
            self.season(i),
            self.quarter(i),
            self.holiday(i),
            self.calendar_week(i),
        ])
    }

    /// "Anfang Februar", "Ende 2024", "Mitte des Jahres", "Gegen Ende des Jahres 1939",
    /// "early 2024", "Jahresende", "im Laufe des Jahres 1966".
    pub(super) fn part_of(&self, i: usize) -> M {
        if let Some((e, j)) = self.get(i, Cls::YearPart) {
            let tag = e.value.clone();
            if let Some((y, k)) = self.year(j) {
                return Some((k, Sem::Point(Point::Year(y)), Some(tag)));
            }
            return Some((
                j,
                Sem::Offset {
                    unit: Unit::Y,
                    n: 0,
                    base: Base::Deictic,
                    now: false,
                },
                Some(tag),
            ));
        }
        let (tag, j, laufe) = if let Some((e, j)) = self.get(i, Cls::Part) {
            (Some(e.value.clone()), j, false)
        } else if let Some((_, j)) = self.get(i, Cls::Laufe) {
            (None, j, true)
        } else {
            return None;
        };
        let mut j = j;
        if self.punct(j, "-") {
            j += 1;
        }
        let g = self.skip_gen(j);
        // "Ende des Jahres", "Mitte des Monats", "Anfang der Woche", "Ende des Jahres 1939"
        if g > j || laufe {
            if let Some((u, _, k)) = self.unit(g) {
                if matches!(u, Unit::Y | Unit::M | Unit::W | Unit::D) {
                    if u == Unit::Y {
                        if let Some((y, e)) = self.year(k) {
                            return Some((e, Sem::Point(Point::Year(y)), tag));
                        }
                    }
                    // "Anfang des Jahres" in a news text is this year; in a history, the year in question.
                    return Some((
                        k,
                        Sem::Offset {
                            unit: u,
                            n: 0,
                            base: Base::Deictic,
                            now: false,
                        },
                        tag,
                    ));
                }
            }
            if let Some((r, k)) = self.get(g, Cls::Rel) {
                if let Some((u, _, e)) = self.unit(k) {
                    let n: i32 = r.field(0).parse().unwrap_or(0);
                    let base = if r.field(1) == "A" {
                        Base::Anaphoric
                    } else {
                        Base::Deictic
                    };
                    return Some((
                        e,
                        Sem::Offset {
                            unit: u,
                            n,
                            base,
                            now: false,
                        },
                        tag,
                    ));
                }
            }
        }
        let (e, sem, m2) = self
            .date_core(g, true)
            .or_else(|| self.date_core(j, true))?;
        // "Ende 1941" but not "Ende 1500 Soldaten": date_core checked the year.
        if !matches!(
            sem,
            Sem::Point(_) | Sem::NoYear(_) | Sem::MonthOfYear { .. } | Sem::DayTime { .. }
        ) {
            return None;
        }
        Some((e, sem, tag.or(m2)))
    }

    // ----- relative expressions --------------------------------------------------
}

#[cfg(test)]
mod tests {
    use super::super::tagged;

    #[test]
    fn day_month_year_in_words_and_digits() {
        let t = |text, expr| tagged("de", text, expr);
        assert_eq!(
            t("Der Bau begann am 4. März 2019.", "4. März 2019"),
            "2019-03-04 DATE"
        );
        assert_eq!(
            t("Die Frist endet am 12.08.2025.", "12.08.2025"),
            "2025-08-12 DATE"
        );
        assert_eq!(
            t("Der Antrag kam im Februar 2024.", "Februar 2024"),
            "2024-02 DATE"
        );
        let e = |text, expr| tagged("en", text, expr);
        assert_eq!(
            e("The talks ended on June 3, 2021.", "June 3, 2021"),
            "2021-06-03 DATE"
        );
    }

    #[test]
    fn parts_of_a_date_carry_a_modifier() {
        assert_eq!(
            tagged(
                "de",
                "Die Arbeiten sollen Anfang Oktober beginnen.",
                "Anfang Oktober"
            ),
            "2025-10 DATE START"
        );
        assert_eq!(
            tagged("en", "The plant closes in late 2026.", "late 2026"),
            "2026 DATE END"
        );
    }
}
