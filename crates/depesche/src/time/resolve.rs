//! Normalisation: turn a candidate's meaning into a TIMEX3 value, anchored
//! to the publication date (news) or the last mentioned date (narrative).

use chrono::{Datelike, Duration, NaiveDate};

use super::grammar::{easter_point, Base, Clock, Partial, Sem};
use super::point::{Point, Unit};

/// A year-less month at most this many months after the last mentioned one, counted
/// over the turn of the year, is read in the next year.
const TURN_OF_YEAR_MONTHS: i32 = 4;

/// Verb tense around an expression: -1 past, +1 future, 0 unknown.
pub type Tense = i32;

#[derive(Debug, Clone)]
pub struct Resolver {
    /// News: underspecified and deictic expressions count from the publication date.
    pub news: bool,
    pub dct: Option<NaiveDate>,
    /// The last mentioned date of any granularity, and of day granularity.
    pub last: Option<Point>,
    pub last_day: Option<Point>,
    /// The year the narration is in: year-less dates take it. Explicit dates in
    /// the middle of a sentence (flashbacks, forward references) do not move it.
    pub main_year: Option<i32>,
    /// Set by the caller for an explicit date inside a sentence.
    pub aside: bool,
    /// Set by the caller when the previous expression is in the same sentence.
    pub same_sentence: bool,
    /// The paragraph of the expression being resolved, and of the last day-level date.
    pub region: usize,
    last_day_region: usize,
    /// The date that last set `main_year`: an explicit date inside a sentence
    /// continues the story when it lies shortly after this one.
    story: Option<Point>,
    /// The year of a heading that is a year ("1862", "Kriegsjahr 1915"): the chapter
    /// tells of that year, and a date of another year inside a sentence is an aside.
    pub chapter_year: Option<i32>,
    /// Set by the caller for a date that bounds what is told rather than telling
    /// it: the end of a range ("bis zum April 1915") or a bare year after a
    /// preposition ("seit 1939", "ab 1778"). It does not move the narration.
    pub bound: bool,
    /// Set by the caller for the end of a range that opens a sentence ("Bis zum
    /// März 1776 hatte er …"): it tells of its time, unless it leaves the chapter's year.
    pub range_end: bool,
    /// Set by the caller for the first bound of a range whose other bound has a
    /// year ("10. Juli bis 31. Oktober 1940"): that year and month.
    pub year_hint: Option<(i32, Option<u32>)>,
    /// Set by the caller: the explicit date just before the expression in its sentence.
    pub sentence_date: Option<Point>,
}

impl Resolver {
    pub fn new(news: bool, dct: Option<NaiveDate>) -> Self {
        Resolver {
            news,
            dct,
            last: None,
            last_day: None,
            main_year: None,
            aside: false,
            same_sentence: false,
            region: 0,
            last_day_region: 0,
            story: None,
            chapter_year: None,
            bound: false,
            range_end: false,
            year_hint: None,
            sentence_date: None,
        }
    }

    fn dct_point(&self) -> Option<Point> {
        self.dct.map(Point::day)
    }

    /// Remember `p` as the last mentioned date; `story`: it may move the
    /// narration (a look back such as "im Vorjahr" does not).
    fn remember(&mut self, p: Point, story: bool) {
        if let Some(y) = p.year() {
            // Inside a sentence an explicit date moves the narration on only when it
            // continues it (up to half a year ahead); a jump back or far ahead is a
            // flashback or an outlook ("beginnend mit dem 15. Juli 1863").
            let continues = match (self.story.or(self.last), p.month()) {
                (Some(l), Some(m)) => match (l.year(), l.month()) {
                    (Some(ly), Some(lm)) => {
                        let d = (y * 12 + m as i32) - (ly * 12 + lm as i32);
                        (-1..=6).contains(&d)
                    }
                    (Some(ly), None) => y == ly || y == ly + 1,
                    _ => true,
                },
                (Some(l), None) => l.year() == Some(y),
                (None, _) => true,
            };
            // In a chapter on one year, a date of another year inside a sentence is an aside.
            let in_chapter = self.chapter_year.is_none_or(|c| c == y);
            let moves = !self.bound
                && story
                && if self.aside {
                    continues && in_chapter
                } else {
                    in_chapter || !self.range_end
                };
            if moves || self.main_year.is_none() {
                self.main_year = Some(y);
                self.story = Some(p);
            }
        }
        self.last = Some(p);
        if p.is_day() {
            self.last_day = Some(p);
            self.last_day_region = self.region;
        }
    }

    /// The last day-level date is the day the story tells of (see `resolve`).
    fn narrated_day(&self) -> bool {
        let (Some(day), Some(dct)) = (self.last_day.and_then(|p| p.date()), self.dct) else {
            return false;
        };
        day <= dct && self.region <= self.last_day_region + 1
    }

    /// The anchor for a relative expression in `unit` counted from `base`.
    fn anchor(&self, base: Base, unit: Unit) -> Option<Point> {
        if base == Base::Deictic && self.news {
            return self.dct_point();
        }
        let fine = matches!(
            unit,
            Unit::D | Unit::W | Unit::We | Unit::H | Unit::Min | Unit::S
        );
        let own = if fine {
            self.last_day
        } else {
            self.last.or(self.last_day)
        };
        own.or(self.dct_point())
    }

    fn year_anchor(&self) -> Option<i32> {
        if self.news {
            return self.dct.map(|d| d.year());
        }
        self.main_year
            .or(self.last.and_then(|p| p.year()))
            .or(self.dct.map(|d| d.year()))
    }

    fn in_bc(&self) -> bool {
        !self.news && self.last.and_then(|p| p.year()).is_some_and(|y| y < 0)
    }

    /// Resolve one meaning: `(type, value)`; `None` drops the candidate.
    pub fn resolve(&mut self, sem: &Sem, tense: Tense) -> Option<(&'static str, Option<String>)> {
        let kind = sem.kind();
        match sem {
            Sem::Duration(v) => Some(("DURATION", Some(v.clone()))),
            Sem::NoValue => Some(("DATE", None)),
            Sem::Set(v) => Some(("SET", Some(v.clone()))),
            Sem::Ref(r) => Some(("DATE", Some(r.clone()))),
            Sem::NarrativeNow(r) => {
                if self.news {
                    None
                } else {
                    Some(("DATE", Some(r.clone())))
                }
            }
            Sem::Offset {
                n: 0, now: true, ..
            } if !self.news => Some(("DATE", Some("PRESENT_REF".into()))),
            Sem::InOffset { dur, .. } if !self.news => Some(("DURATION", Some(dur.clone()))),
            Sem::DayTime { day, clock } => {
                let d = match day {
                    Some(s) => self.point(s, tense),
                    // In news a bare "um 15 Uhr" follows the narrated day: a day up to the
                    // publication date named in the same or the previous paragraph ("Am
                    // Dienstag … Um 14 Uhr …"); a day ahead is an announcement, not the
                    // story being told. Else it is the publication day.
                    None if self.news && !self.same_sentence && !self.narrated_day() => {
                        self.dct_point()
                    }
                    None => self
                        .last_day
                        .or(if self.news { self.dct_point() } else { None }),
                };
                let d = d.filter(|p| p.is_day());
                let v = d.map(|d| {
                    let c = match clock {
                        // News values give the clock as written, without its zone
                        // ("0350 GMT" → T03:50; the zone stays in the text), as
                        // news annotation does; narrative (TIMEX2) values keep it.
                        Clock::HourMin(h, m, tz) if !self.news => {
                            format!("{h:02}:{m:02}{}", tz.as_deref().unwrap_or(""))
                        }
                        Clock::HourMin(h, m, _) => format!("{h:02}:{m:02}"),
                        Clock::Part(p) => p.clone(),
                    };
                    format!("{}T{c}", d.value())
                });
                Some(("TIME", v))
            }
            _ => Some((kind, self.point(sem, tense).map(|p| p.value()))),
        }
    }

    /// Resolve a date meaning to a point and remember it as the last mentioned date.
    fn point(&mut self, sem: &Sem, tense: Tense) -> Option<Point> {
        let p = self.point_inner(sem, tense)?;
        if !p.valid() {
            return None;
        }
        // A look back at a year or a month ("im Vorjahr", "ein Jahr früher") is an
        // aside: the story stays in its year, and "dieses Jahres" after it is that year.
        let look_back = match sem {
            Sem::Offset { n, unit, .. } => *n < 0 && unit_is_calendar(*unit),
            Sem::MonthOfYear { n, .. } => *n < 0,
            _ => false,
        };
        // "drei Wochen später" counted from a day of an earlier chapter tells no story.
        let stale = match sem {
            Sem::Offset { unit, base, .. } if !self.news => {
                let from = self.anchor(*base, *unit).and_then(|a| a.year());
                self.main_year.is_some() && from != self.main_year
            }
            _ => false,
        };
        if !look_back || self.news {
            self.remember(p, !stale);
        }
        Some(p)
    }

    fn point_inner(&mut self, sem: &Sem, tense: Tense) -> Option<Point> {
        match sem {
            // In a history told before Christ, "im Jahr 478" and "der 460er Jahre" are BC too.
            Sem::Point(Point::Year(y)) if *y > 0 && *y < 1000 && self.in_bc() => {
                Some(Point::Year(-y))
            }
            Sem::Point(Point::Decade(d)) if *d > 0 && *d < 100 && self.in_bc() => {
                Some(Point::Decade(-d))
            }
            Sem::Point(p) => Some(*p),
            Sem::NoYear(part) => self.no_year(*part, tense),
            Sem::Weekday { wd, dir } => {
                let a = if self.news {
                    self.dct_point()
                } else {
                    self.last_day.or(self.dct_point())
                };
                let a = a?.date()?;
                let dir = if *dir != 0 { *dir * 2 } else { tense };
                Some(Point::day(weekday_near(a, *wd, dir)))
            }
            Sem::WeekdayOfWeek { wd, n, base } => {
                let a = self.anchor(*base, Unit::W)?.date()?;
                let monday = a - Duration::days(a.weekday().num_days_from_monday() as i64);
                Some(Point::day(
                    monday + Duration::days(7 * *n as i64 + *wd as i64 - 1),
                ))
            }
            Sem::Offset { unit, n, base, .. } => self.offset(*unit, *n, *base),
            Sem::Exact { unit, n } => {
                let a = self.anchor(Base::Deictic, *unit)?;
                a.shift(*unit, *n)
            }
            Sem::DayBefore(day) => {
                let d = self.point_inner(day, tense)?.date()?;
                Some(Point::day(d.pred_opt()?))
            }
            Sem::Weekend { dir } => {
                let a = if self.news {
                    self.dct_point()
                } else {
                    self.last_day.or(self.dct_point())
                };
                let a = a?.date()?;
                let dir = if *dir != 0 { *dir * 2 } else { tense };
                let sat = weekday_near(a, 6, dir);
                let w = sat.iso_week();
                Some(Point::Weekend(w.year(), w.week()))
            }
            Sem::InOffset { unit, n, .. } => self.offset(*unit, *n, Base::Deictic),
            Sem::MonthOfYear { month, n, base } => {
                let y = if *base == Base::Deictic && self.news {
                    self.dct.map(|d| d.year())
                } else {
                    self.last
                        .and_then(|p| p.year())
                        .or(self.dct.map(|d| d.year()))
                }?;
                Some(Point::Month(y + n, *month))
            }
            Sem::MonthRel { month, dir } => {
                let a = if self.news {
                    self.dct_point()
                } else {
                    self.last.or(self.dct_point())
                }?;
                let (ay, am) = (a.year()?, a.month().unwrap_or(6));
                let idx = ay * 12 + am as i32 - 1;
                let mut y = ay;
                if *dir < 0 {
                    while y * 12 + *month as i32 > idx {
                        y -= 1;
                    }
                } else {
                    while y * 12 + (*month as i32) - 1 <= idx {
                        y += 1;
                    }
                }
                Some(Point::Month(y, *month))
            }
            _ => None,
        }
    }

    fn offset(&self, unit: Unit, n: i32, base: Base) -> Option<Point> {
        let a = self.anchor(base, unit)?;
        // A decade or century cannot anchor "dieses Jahr": fall back to the publication date.
        let a = match a.truncate(unit) {
            Some(_) => a,
            None if unit_is_calendar(unit) && !a.is_day() => self.dct_point()?,
            None => a,
        };
        let shifted = a.shift(unit, n)?;
        // "drei Monate später" after a day keeps the day (as the TIMEX2 keys do).
        let keep_day = base == Base::Anaphoric
            && n != 0
            && shifted.is_day()
            && matches!(unit, Unit::D | Unit::W | Unit::M);
        if keep_day {
            return Some(shifted);
        }
        Some(shifted.truncate(unit).unwrap_or(shifted))
    }

    fn no_year(&self, part: Partial, tense: Tense) -> Option<Point> {
        let make = |y: i32| match part {
            Partial::Month(m) => Point::Month(y, m),
            Partial::Day(m, d) => Point::Day(y, m, d),
            Partial::Season(s) => Point::Season(y, s),
            Partial::Quarter(q) => Point::Quarter(y, q),
            Partial::Half(h) => Point::Half(y, h),
            Partial::Easter(off) => easter_point(y, off).unwrap_or(Point::Year(y)),
        };
        let month = match part {
            Partial::Month(m) | Partial::Day(m, _) => Some(m),
            _ => None,
        };
        // The first bound of a range takes the year of the second ("10. Juli bis
        // 31. Oktober 1940"), the year before when its month comes later
        // ("Dezember bis Februar 1941").
        if let Some((y, other)) = self.year_hint {
            let before = matches!((month, other), (Some(m), Some(o)) if m > o);
            return Some(make(if before { y - 1 } else { y }));
        }
        if !self.news {
            // After an explicit date in the same sentence, a later day of the year is
            // in that date's year ("am 7. Dezember 1941 und am 11. Dezember").
            if let Some(l) = self.sentence_date {
                if let (Some(ly), Some(lm), Some(m)) = (l.year(), l.month(), month) {
                    if m >= lm {
                        return Some(make(ly));
                    }
                }
            }
            let y = self.year_anchor()?;
            // The story runs forward: a month early in the year soon after one late in
            // it ("im Oktober … am 21. Januar") is in the next year — unless a chapter
            // tells of one year, theatre after theatre.
            let late = self
                .last
                .filter(|l| l.year() == Some(y) && self.chapter_year.is_none())
                .and_then(|l| l.month());
            if let (Some(lm), Some(m)) = (late, month) {
                if lm as i32 - m as i32 >= 12 - TURN_OF_YEAR_MONTHS {
                    return Some(make(y + 1));
                }
            }
            return Some(make(y));
        }
        let dct = self.dct?;
        // Compare by (month, day) against the publication date.
        let key = |m: u32, d: u32| m * 40 + d;
        let (m, d) = match part {
            Partial::Month(m) => (m, 15),
            Partial::Day(m, d) => (m, d),
            Partial::Season(s) => (
                match s {
                    "SP" => 4,
                    "SU" => 7,
                    "FA" => 10,
                    _ => 1,
                },
                15,
            ),
            Partial::Quarter(q) => (q * 3 - 1, 15),
            Partial::Half(h) => (h * 6 - 3, 15),
            Partial::Easter(off) => match easter_point(dct.year(), off) {
                Some(Point::Day(_, m, d)) => (m, d),
                _ => (4, 1),
            },
        };
        let same_month = matches!(part, Partial::Month(_)) && m == dct.month();
        let here = key(m, d);
        let now = key(dct.month(), dct.day());
        let y = dct.year();
        let year = if same_month {
            y
        } else if tense < 0 {
            if here <= now {
                y
            } else {
                y - 1
            }
        } else if tense > 0 {
            if here >= now {
                y
            } else {
                y + 1
            }
        } else {
            // Unknown tense: the reading nearest to the publication date (half a year either way).
            let diff = here as i32 - now as i32;
            if diff > 6 * 40 {
                y - 1
            } else if diff < -6 * 40 {
                y + 1
            } else {
                y
            }
        };
        Some(make(year))
    }
}

fn unit_is_calendar(u: Unit) -> bool {
    matches!(u, Unit::Y | Unit::M | Unit::Q | Unit::Half)
}

/// The `wd` weekday (1 = Monday) near `a`: dir -1 the last one on or before, -2 strictly
/// before; +1 / +2 the next on or after / strictly after; 0 the nearest within three days.
pub fn weekday_near(a: NaiveDate, wd: u32, dir: i32) -> NaiveDate {
    let cur = a.weekday().number_from_monday() as i64;
    let back = (cur - wd as i64).rem_euclid(7);
    let fwd = (wd as i64 - cur).rem_euclid(7);
    let days = match dir {
        -2 => -(if back == 0 { 7 } else { back }),
        -1 => -back,
        2 => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        1 => fwd,
        _ => {
            if back <= 3 {
                -back
            } else {
                fwd
            }
        }
    };
    a + Duration::days(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays() {
        let thu = NaiveDate::from_ymd_opt(2025, 7, 10).unwrap();
        assert_eq!(weekday_near(thu, 2, -1).to_string(), "2025-07-08");
        assert_eq!(weekday_near(thu, 1, -1).to_string(), "2025-07-07");
        assert_eq!(weekday_near(thu, 5, 1).to_string(), "2025-07-11");
        assert_eq!(weekday_near(thu, 4, -2).to_string(), "2025-07-03");
        assert_eq!(weekday_near(thu, 4, 2).to_string(), "2025-07-17");
        assert_eq!(weekday_near(thu, 1, 0).to_string(), "2025-07-07");
        assert_eq!(weekday_near(thu, 6, 0).to_string(), "2025-07-12");
    }
}
