//! Named periods of a year: seasons, quarters and halves, holidays (fixed and
//! counted from Easter), calendar weeks.

use crate::time::lexicon::Cls;
use crate::time::point::{season_code, Point, Unit};

use super::{Clock, Matcher, Partial, Sem, M};

impl<'a> Matcher<'a> {
    /// "Sommer 1940", "Frühjahr", "Herbst des Jahres 1972", "Spätsommer".
    pub(super) fn season(&self, i: usize) -> M {
        let (code, part, j) = if let Some((e, j)) = self.get(i, Cls::Season) {
            (season_code(e.field(0))?, None, j)
        } else if let Some((e, j)) = self.get(i, Cls::SeasonPart) {
            (season_code(e.field(0))?, Some(e.field(1).to_string()), j)
        } else {
            return None;
        };
        if let Some((y, e)) = self.year(j) {
            return Some((e, Sem::Point(Point::Season(y, code)), part));
        }
        let g = self.skip_gen(j);
        if g > j {
            if let Some((y, e)) = self.year(g) {
                return Some((e, Sem::Point(Point::Season(y, code)), part));
            }
            if let Some((Unit::Y, _, k)) = self.unit(g) {
                if let Some((y, e)) = self.year(k) {
                    return Some((e, Sem::Point(Point::Season(y, code)), part));
                }
            }
        }
        Some((j, Sem::NoYear(Partial::Season(code)), part))
    }

    /// "ersten Quartal 2025", "Q1 2025", "zweite Jahreshälfte".
    pub(super) fn quarter(&self, i: usize) -> M {
        let (n, j, unit) = if let Some((_, j)) = self.get(i, Cls::QuarterPrefix) {
            let q = self.int(j)?;
            if !self.attached(j) {
                return None;
            }
            (q, j + 1, Unit::Q)
        } else {
            let (n, j) = if let Some((e, j)) = self.get(i, Cls::Ord) {
                (e.int(), j)
            } else if let Some((d, j, true)) = self.day_num(i) {
                (d as i32, j)
            } else {
                return None;
            };
            let (u, _, k) = self.unit(j)?;
            if !matches!(u, Unit::Q | Unit::Half) || n < 1 {
                return None;
            }
            (n as u32, k, u)
        };
        let max = if unit == Unit::Q { 4 } else { 2 };
        if n < 1 || n > max {
            return None;
        }
        let mut k = self.skip_gen(j);
        if self.is(k, Cls::Unit) && self.unit(k).is_some_and(|u| u.0 == Unit::Y) {
            k = self.unit(k).map(|u| u.2).unwrap_or(k);
        }
        let y = self.year(k);
        let mk = |y: i32| {
            if unit == Unit::Q {
                Point::Quarter(y, n)
            } else {
                Point::Half(y, n)
            }
        };
        Some(match y {
            Some((y, e)) => (e, Sem::Point(mk(y)), None),
            None => (
                j,
                Sem::NoYear(if unit == Unit::Q {
                    Partial::Quarter(n)
                } else {
                    Partial::Half(n)
                }),
                None,
            ),
        })
    }

    /// Fixed feasts ("Silvester" = `12-31`), feasts counted from Easter (`E+49`) and
    /// nights named after a feast ("Neujahrsnacht", form extra `NI`).
    pub(super) fn holiday(&self, i: usize) -> M {
        let (e, j) = self.get(i, Cls::Holiday)?;
        let (sem, k) = if let Some(off) = e.value.strip_prefix('E') {
            let off: i32 = off.parse().ok()?;
            match self.year(j) {
                Some((y, k)) => (Sem::Point(easter_point(y, off)?), k),
                None => (Sem::NoYear(Partial::Easter(off)), j),
            }
        } else {
            let (m, d) = e.value.split_once('-')?;
            let (m, d) = (m.parse().ok()?, d.parse().ok()?);
            match self.year(j) {
                Some((y, k)) => (Sem::Point(Point::Day(y, m, d)), k),
                None => (Sem::NoYear(Partial::Day(m, d)), j),
            }
        };
        if !e.extra.is_empty() {
            let clock = Clock::Part(e.extra.clone());
            return Some((
                k,
                Sem::DayTime {
                    day: Some(Box::new(sem)),
                    clock,
                },
                None,
            ));
        }
        Some((k, sem, None))
    }

    /// "KW 28", "28. Kalenderwoche 2025".
    pub(super) fn calendar_week(&self, i: usize) -> M {
        let (w, mut j) = if let Some((_, j)) = self.get(i, Cls::Cw) {
            let w = self.int(j)?;
            (w, j + 1)
        } else {
            let (w, j, true) = self.day_num(i)? else {
                return None;
            };
            let (_, k) = self.get(j, Cls::Cw)?;
            (w, k)
        };
        if !(1..=53).contains(&w) {
            return None;
        }
        if let Some((y, k)) = self.year(j) {
            j = k;
            return Some((j, Sem::Point(Point::Week(y, w)), None));
        }
        None
    }
}

/// Easter Sunday of year `y` (Gregorian computus, Meeus/Jones/Butcher) plus `off` days.
pub fn easter_point(y: i32, off: i32) -> Option<Point> {
    if y < 1583 {
        return None;
    }
    let a = y % 19;
    let (b, c) = (y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let date = chrono::NaiveDate::from_ymd_opt(y, month as u32, day as u32)?;
    Some(Point::day(date + chrono::Duration::days(off as i64)))
}

#[cfg(test)]
mod tests {
    use super::super::tagged;

    #[test]
    fn seasons_quarters_holidays_and_weeks() {
        let t = |text, expr| tagged("de", text, expr);
        assert_eq!(
            t("Im Frühjahr 2024 wurde gebaut.", "Frühjahr 2024"),
            "2024-SP DATE"
        );
        assert_eq!(
            t(
                "Der Umsatz stieg im dritten Quartal 2024.",
                "dritten Quartal 2024"
            ),
            "2024-Q3 DATE"
        );
        assert_eq!(
            t("Zu Weihnachten 2024 war es mild.", "Weihnachten 2024"),
            "2024-12-25 DATE"
        );
        assert_eq!(
            t(
                "Die Messe findet in der 28. Kalenderwoche 2025 statt.",
                "28. Kalenderwoche 2025"
            ),
            "2025-W28 DATE"
        );
    }

    #[test]
    fn easter_is_counted_by_the_computus() {
        assert_eq!(
            super::easter_point(2025, 0).map(|p| p.value()),
            Some("2025-04-20".to_string())
        );
        assert_eq!(
            super::easter_point(2024, 49).map(|p| p.value()),
            Some("2024-05-19".to_string())
        );
        assert_eq!(super::easter_point(1200, 0), None);
    }
}
