//! Calendar points at TIMEX3 granularities and their arithmetic.
//! Years before Christ are negative (`-499` = 499 BC, written `BC0499`).

use chrono::{Datelike, Duration, NaiveDate};

/// Units of time the rules know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    S,
    Min,
    H,
    D,
    W,
    M,
    Y,
    De,
    Ce,
    Q,
    Half,
    We,
}

impl Unit {
    pub fn parse(s: &str) -> Option<Unit> {
        Some(match s {
            "S" => Unit::S,
            "MIN" => Unit::Min,
            "H" => Unit::H,
            "D" => Unit::D,
            "W" => Unit::W,
            "M" => Unit::M,
            "Y" => Unit::Y,
            "DE" => Unit::De,
            "CE" => Unit::Ce,
            "Q" => Unit::Q,
            "HALF" => Unit::Half,
            "WE" => Unit::We,
            _ => return None,
        })
    }
    fn is_clock(self) -> bool {
        matches!(self, Unit::S | Unit::Min | Unit::H)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    Century(i32),
    Decade(i32),
    Year(i32),
    Season(i32, &'static str),
    Quarter(i32, u32),
    Half(i32, u32),
    Month(i32, u32),
    Week(i32, u32),
    Weekend(i32, u32),
    Day(i32, u32, u32),
}

pub fn season_code(s: &str) -> Option<&'static str> {
    Some(match s {
        "SP" => "SP",
        "SU" => "SU",
        "FA" => "FA",
        "WI" => "WI",
        _ => return None,
    })
}

fn year_str(y: i32) -> String {
    if y < 0 {
        format!("BC{:04}", -y)
    } else {
        format!("{y:04}")
    }
}

impl Point {
    pub fn day(d: NaiveDate) -> Point {
        Point::Day(d.year(), d.month(), d.day())
    }
    pub fn date(&self) -> Option<NaiveDate> {
        match *self {
            Point::Day(y, m, d) => NaiveDate::from_ymd_opt(y, m, d),
            _ => None,
        }
    }
    pub fn year(&self) -> Option<i32> {
        match *self {
            Point::Century(_) | Point::Decade(_) => None,
            Point::Year(y)
            | Point::Season(y, _)
            | Point::Quarter(y, _)
            | Point::Half(y, _)
            | Point::Month(y, _)
            | Point::Week(y, _)
            | Point::Weekend(y, _)
            | Point::Day(y, _, _) => Some(y),
        }
    }
    pub fn month(&self) -> Option<u32> {
        match *self {
            Point::Month(_, m) | Point::Day(_, m, _) => Some(m),
            _ => None,
        }
    }
    pub fn is_day(&self) -> bool {
        matches!(self, Point::Day(..))
    }
    /// Validate the fields (a 31 February is no date).
    pub fn valid(&self) -> bool {
        match *self {
            Point::Day(..) => self.date().is_some(),
            Point::Month(_, m) => (1..=12).contains(&m),
            Point::Quarter(_, q) => (1..=4).contains(&q),
            Point::Half(_, h) => (1..=2).contains(&h),
            Point::Week(_, w) | Point::Weekend(_, w) => (1..=53).contains(&w),
            _ => true,
        }
    }

    pub fn value(&self) -> String {
        match *self {
            Point::Century(c) if c < 0 => format!("BC{:02}", -c),
            Point::Century(c) => format!("{c:02}"),
            Point::Decade(d) if d < 0 => format!("BC{:03}", -d),
            Point::Decade(d) => format!("{d:03}"),
            Point::Year(y) => year_str(y),
            Point::Season(y, s) => format!("{}-{s}", year_str(y)),
            Point::Quarter(y, q) => format!("{}-Q{q}", year_str(y)),
            Point::Half(y, h) => format!("{}-H{h}", year_str(y)),
            Point::Month(y, m) => format!("{}-{m:02}", year_str(y)),
            Point::Week(y, w) => format!("{}-W{w:02}", year_str(y)),
            Point::Weekend(y, w) => format!("{}-W{w:02}-WE", year_str(y)),
            Point::Day(y, m, d) => format!("{}-{m:02}-{d:02}", year_str(y)),
        }
    }

    /// Reduce to the granularity of `unit` (a day → its ISO week, month, year …).
    pub fn truncate(&self, unit: Unit) -> Option<Point> {
        let y = self.year();
        Some(match unit {
            Unit::S | Unit::Min | Unit::H | Unit::D => match self {
                Point::Day(..) => *self,
                _ => return None,
            },
            Unit::W | Unit::We => {
                let d = self.date()?;
                let w = d.iso_week();
                if unit == Unit::We {
                    Point::Weekend(w.year(), w.week())
                } else {
                    Point::Week(w.year(), w.week())
                }
            }
            Unit::M => Point::Month(y?, self.month()?),
            Unit::Q => Point::Quarter(y?, (self.month()? - 1) / 3 + 1),
            Unit::Half => Point::Half(y?, (self.month()? - 1) / 6 + 1),
            Unit::Y => Point::Year(y?),
            Unit::De => match self {
                Point::Decade(_) => *self,
                _ => Point::Decade(y? / 10),
            },
            Unit::Ce => match self {
                Point::Century(_) => *self,
                Point::Decade(d) => Point::Century(d / 10),
                _ => Point::Century(y? / 100),
            },
        })
    }

    /// Move by `n` units, keeping this point's own granularity where it can.
    pub fn shift(&self, unit: Unit, n: i32) -> Option<Point> {
        if unit.is_clock() {
            // Hours and minutes do not move a day-level anchor in a way we can see.
            return Some(*self);
        }
        let months = match unit {
            Unit::M => Some(n),
            Unit::Q => Some(3 * n),
            Unit::Half => Some(6 * n),
            _ => None,
        };
        let years = match unit {
            Unit::Y => Some(n),
            Unit::De => Some(10 * n),
            Unit::Ce => Some(100 * n),
            _ => None,
        };
        match *self {
            Point::Day(..) => {
                let d = self.date()?;
                let nd = match unit {
                    Unit::D => d.checked_add_signed(Duration::days(n as i64))?,
                    Unit::W | Unit::We => d.checked_add_signed(Duration::days(7 * n as i64))?,
                    _ => {
                        let total = months.unwrap_or(0) + 12 * years.unwrap_or(0);
                        add_months(d, total)?
                    }
                };
                Some(Point::day(nd))
            }
            Point::Week(y, w) | Point::Weekend(y, w) => {
                let d = NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon)?;
                let p = Point::day(d).shift(unit, n)?;
                if matches!(unit, Unit::D) {
                    Some(p)
                } else {
                    p.truncate(if matches!(self, Point::Weekend(..)) {
                        Unit::We
                    } else {
                        Unit::W
                    })
                }
            }
            Point::Month(y, m) => {
                let total = months.map(|x| x as i64).or(years.map(|x| 12 * x as i64))?;
                let idx = y as i64 * 12 + (m as i64 - 1) + total;
                Some(Point::Month(
                    idx.div_euclid(12) as i32,
                    idx.rem_euclid(12) as u32 + 1,
                ))
            }
            Point::Quarter(y, q) => {
                let p = Point::Month(y, (q - 1) * 3 + 1).shift(unit, n)?;
                p.truncate(Unit::Q)
            }
            Point::Half(y, h) => {
                let p = Point::Month(y, (h - 1) * 6 + 1).shift(unit, n)?;
                p.truncate(Unit::Half)
            }
            Point::Year(y) => Some(Point::Year(y + years.or(months.map(|m| m / 12))?)),
            Point::Season(y, s) => Some(Point::Season(y + years?, s)),
            Point::Decade(d) => Some(Point::Decade(d + years? / 10)),
            Point::Century(c) => Some(Point::Century(c + years? / 100)),
        }
    }
}

pub fn add_months(d: NaiveDate, months: i32) -> Option<NaiveDate> {
    let idx = d.year() as i64 * 12 + (d.month() as i64 - 1) + months as i64;
    let (y, m) = (idx.div_euclid(12) as i32, idx.rem_euclid(12) as u32 + 1);
    let mut day = d.day();
    loop {
        if let Some(nd) = NaiveDate::from_ymd_opt(y, m, day) {
            return Some(nd);
        }
        if day <= 28 {
            return None;
        }
        day -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(Point::Day(2025, 7, 8).value(), "2025-07-08");
        assert_eq!(Point::Year(-499).value(), "BC0499");
        assert_eq!(Point::Century(19).value(), "19");
        assert_eq!(Point::Century(-7).value(), "BC07");
        assert_eq!(Point::Decade(199).value(), "199");
        assert_eq!(Point::Season(1940, "SU").value(), "1940-SU");
        assert_eq!(Point::Day(-216, 8, 2).value(), "BC0216-08-02");
    }

    #[test]
    fn shifting() {
        let d = Point::Day(2025, 7, 10);
        assert_eq!(
            d.shift(Unit::M, -5).unwrap().truncate(Unit::M),
            Some(Point::Month(2025, 2))
        );
        assert_eq!(d.shift(Unit::D, -1), Some(Point::Day(2025, 7, 9)));
        assert_eq!(
            d.shift(Unit::W, -1).unwrap().truncate(Unit::W),
            Some(Point::Week(2025, 27))
        );
        assert_eq!(
            Point::Month(2025, 1).shift(Unit::M, -1),
            Some(Point::Month(2024, 12))
        );
        assert_eq!(Point::Year(-202).shift(Unit::Y, 1), Some(Point::Year(-201)));
        assert_eq!(
            Point::Day(2024, 3, 31).shift(Unit::M, -1),
            Some(Point::Day(2024, 2, 29))
        );
        assert_eq!(Point::Year(2020).shift(Unit::D, 1), None);
    }
}
