//! Recognition: word-class patterns over the scanner's tokens, producing
//! candidates with a meaning ([`Sem`]) that `resolve.rs` turns into values.
//! The patterns are the same for every language; the lexicon says which
//! words fill each class ("vor" is an ago-word placed before the count in
//! German, "ago" one placed after it in English).

use super::lexicon::{Cls, Entry, Item, Lexicon};
use super::point::{season_code, Point, Unit};
use super::scan::{Tok, TokKind};

/// Which date a relative expression counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The publication date ("gestern", "vergangene Woche").
    Deictic,
    /// The last mentioned date ("am Tag zuvor", "zwei Tage später").
    Anaphoric,
}

/// A date missing its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partial {
    Month(u32),
    Day(u32, u32),
    Season(&'static str),
    Quarter(u32),
    Half(u32),
    /// A feast counted from Easter Sunday (days; Pfingsten = +49).
    Easter(i32),
}

/// What a candidate means, before anchoring.
#[derive(Debug, Clone, PartialEq)]
pub enum Sem {
    /// Fully specified.
    Point(Point),
    /// Month/day/season without a year.
    NoYear(Partial),
    /// A weekday; `dir` -1/+1 forces last/next, 0 lets tense decide.
    Weekday {
        wd: u32,
        dir: i32,
    },
    /// `n` units from the base, at the unit's granularity. `now` marks "heute"
    /// (PRESENT_REF in narrative texts).
    Offset {
        unit: Unit,
        n: i32,
        base: Base,
        now: bool,
    },
    /// "in zwei Wochen": a future offset in news, a duration in narrative texts.
    InOffset {
        unit: Unit,
        n: i32,
        dur: String,
    },
    /// A month relative to a year offset ("März des folgenden Jahres").
    MonthOfYear {
        month: u32,
        n: i32,
        base: Base,
    },
    /// "vergangenen Februar": the last/next such month from the base.
    MonthRel {
        month: u32,
        dir: i32,
    },
    /// A time of day on a day (the day given, else the last mentioned day).
    DayTime {
        day: Option<Box<Sem>>,
        clock: Clock,
    },
    /// The day before a day: "Nacht zu Sonntag" is the night that starts on Saturday.
    DayBefore(Box<Sem>),
    /// `n` units from the base, kept at the base's own granularity: "vor einem Jahr",
    /// "vor genau drei Monaten" name a day, not a year or a month.
    Exact {
        unit: Unit,
        n: i32,
    },
    /// A weekend; `dir` -1/+1 forces last/next, 0 lets tense decide.
    Weekend {
        dir: i32,
    },
    /// A time expression with no calendar value ("vor 150 Millionen Jahren").
    NoValue,
    Duration(String),
    Set(String),
    Ref(String),
    /// "heutige": PRESENT_REF in narrative texts only.
    NarrativeNow(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clock {
    HourMin(u32, u32, Option<String>),
    Part(String),
}

impl Sem {
    pub fn kind(&self) -> &'static str {
        match self {
            Sem::DayTime { .. } => "TIME",
            Sem::Duration(_) => "DURATION",
            Sem::Set(_) => "SET",
            _ => "DATE",
        }
    }
}

/// A recognised expression: tokens `s..e`, its meaning and TIMEX3 `mod`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cand {
    pub s: usize,
    pub e: usize,
    pub sem: Sem,
    pub modifier: Option<String>,
}

type M = Option<(usize, Sem, Option<String>)>;

/// Compound-word vocabulary precomputed per language.
#[derive(Debug, Clone, Default)]
pub struct Compounds {
    weekdays: Vec<(String, u32)>,
    nums: Vec<(String, i32)>,
    /// Suffixes of unit adjectives ("tägigen"), checked before trying number prefixes.
    adj_suffixes: Vec<String>,
}

impl Compounds {
    pub fn new(lex: &Lexicon) -> Self {
        Compounds {
            weekdays: lex
                .words_of(Cls::Weekday)
                .into_iter()
                .filter(|(w, _)| w.chars().count() > 3)
                .map(|(w, e)| (w.to_string(), e.int() as u32))
                .collect(),
            nums: lex
                .words_of(Cls::Num)
                .into_iter()
                .filter(|(w, _)| w.chars().count() >= 3)
                .map(|(w, e)| (w.to_string(), e.int()))
                .collect(),
            adj_suffixes: lex
                .words_of(Cls::UnitAdj)
                .into_iter()
                .map(|(w, _)| w.to_string())
                .collect(),
        }
    }
}

pub struct Matcher<'a> {
    pub toks: &'a [Tok],
    lex: &'a Lexicon,
    comp: &'a Compounds,
    /// Lexicon matches of all tokens, flat; token `i` owns `items[at[i]..at[i + 1]]`.
    items: Vec<Item>,
    at: Vec<u32>,
    /// Per token, a bit for each class among its items: most lookups ask for
    /// a class the token does not have and stop here.
    classes: Vec<u64>,
}

fn unit_of(e: &Entry) -> Option<Unit> {
    Unit::parse(e.field(0))
}

/// Duration value for `tenths` tenths of `unit`; `None` count means vague (X).
pub fn duration_value(unit: Unit, tenths: Option<i32>) -> String {
    let Some(t) = tenths else {
        return match unit {
            Unit::S => "PTXS".into(),
            Unit::Min => "PTXM".into(),
            Unit::H => "PTXH".into(),
            Unit::D => "PXD".into(),
            Unit::W | Unit::We => "PXW".into(),
            Unit::M => "PXM".into(),
            Unit::Y | Unit::Half => "PXY".into(),
            Unit::De => "PXDE".into(),
            Unit::Ce => "PXCE".into(),
            Unit::Q => "PXQ".into(),
        };
    };
    let (whole, half) = (t / 10, t % 10 >= 5);
    if half && whole == 0 {
        return match unit {
            Unit::H => "PT30M".into(),
            Unit::Min => "PT30S".into(),
            Unit::Y => "P6M".into(),
            Unit::M => "P15D".into(),
            Unit::W => "P3D".into(),
            Unit::De => "P5Y".into(),
            Unit::Ce => "P5DE".into(),
            Unit::Q => "P1M15D".into(),
            Unit::Half => "P3M".into(),
            Unit::We => "P1D".into(),
            Unit::S => "PT0S".into(),
            Unit::D => "PT12H".into(),
        };
    }
    let (whole, unit) = match unit {
        // 24 and 48 hours are a day and two days (as the TIMEX2 keys write them).
        Unit::H if !half && whole > 0 && whole % 24 == 0 => (whole / 24, Unit::D),
        Unit::Half => (whole * 6 + if half { 3 } else { 0 }, Unit::M),
        Unit::Q => (whole * 3 + if half { 1 } else { 0 }, Unit::M),
        _ => (whole, unit),
    };
    let (half, sub) = match unit {
        Unit::Y => (half, "6M"),
        Unit::M => (half, "15D"),
        Unit::W => (half, "3D"),
        Unit::D => (half, "T12H"),
        Unit::H => (half, "30M"),
        Unit::Min => (half, "30S"),
        Unit::De => (half, "5Y"),
        _ => (false, ""),
    };
    let w = |n: i32| if n == 0 { String::new() } else { n.to_string() };
    match unit {
        Unit::S => format!("PT{}S", whole),
        Unit::Min => format!("PT{}M{}", w(whole), if half { sub } else { "" }),
        Unit::H => format!("PT{}H{}", w(whole), if half { sub } else { "" }),
        Unit::D if half && whole == 0 => "PT12H".into(),
        Unit::D => format!("P{}D{}", whole, if half { sub } else { "" }),
        Unit::W if half => format!("P{}D", whole * 7 + 3),
        Unit::W => format!("P{}W", whole),
        Unit::We => format!("P{}WE", whole),
        Unit::M if half => format!("P{}M15D", whole),
        Unit::M => format!("P{}M", whole),
        Unit::Y if half => format!("P{}Y6M", whole).replace("P0Y", "P"),
        Unit::Y => format!("P{}Y", whole),
        Unit::De if half => format!("P{}Y", whole * 10 + 5),
        Unit::De => format!("P{}DE", whole),
        Unit::Ce => format!("P{}CE", whole),
        Unit::Q | Unit::Half => format!("P{}M", whole),
    }
}

/// A duration written with a decimal count keeps it ("6,5 Jahre" → `P6.5Y`), as
/// TIMEX3 allows in the last component.
fn decimal_duration(unit: Unit, tenths: i32) -> String {
    let n = if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    };
    match unit {
        Unit::S => format!("PT{n}S"),
        Unit::Min => format!("PT{n}M"),
        Unit::H => format!("PT{n}H"),
        Unit::D => format!("P{n}D"),
        Unit::W => format!("P{n}W"),
        Unit::We => format!("P{n}WE"),
        Unit::M => format!("P{n}M"),
        Unit::Y => format!("P{n}Y"),
        Unit::De => format!("P{n}DE"),
        Unit::Ce => format!("P{n}CE"),
        Unit::Q => format!("P{n}Q"),
        Unit::Half => format!("P{n}H"),
    }
}

/// Classes whose words only ever follow or surround an expression, never open one.
const CONTEXT_ONLY: u64 = {
    let cls = [
        Cls::NightTo,
        Cls::Modal,
        Cls::PerfInf,
        Cls::NotPast,
        Cls::Age,
        Cls::RangeFrom,
        Cls::RangeTo,
        Cls::Past,
        Cls::Future,
        Cls::NotYear,
        Cls::PassiveAux,
    ];
    let mut m = 0u64;
    let mut k = 0;
    while k < cls.len() {
        m |= 1u64 << (cls[k] as u32 & 63);
        k += 1;
    }
    m
};

/// One bit per lexicon class (fewer than 64; were there more, classes would
/// share bits, which only makes the test in `get` let more through).
#[inline]
fn cls_bit(c: Cls) -> u64 {
    1u64 << (c as u32 & 63)
}

impl<'a> Matcher<'a> {
    pub fn new(toks: &'a [Tok], lex: &'a Lexicon, comp: &'a Compounds) -> Self {
        let mut items = Vec::with_capacity(toks.len() / 2);
        let mut at = Vec::with_capacity(toks.len() + 1);
        let mut classes = Vec::with_capacity(toks.len());
        let mut buf = Vec::new();
        for i in 0..toks.len() {
            at.push(items.len() as u32);
            lex.lookup(toks, i, &mut buf);
            classes.push(buf.iter().fold(0u64, |m, it| {
                m | cls_bit(lex.entries[it.entry as usize].cls)
            }));
            items.extend_from_slice(&buf);
        }
        at.push(items.len() as u32);
        Matcher {
            toks,
            lex,
            comp,
            items,
            at,
            classes,
        }
    }

    fn n(&self) -> usize {
        self.toks.len()
    }

    /// The longest item of class `cls` at `i`: (entry, end token).
    fn get(&self, i: usize, cls: Cls) -> Option<(&'a Entry, usize)> {
        if i + 1 >= self.at.len() || self.classes[i] & cls_bit(cls) == 0 {
            return None;
        }
        let items = &self.items[self.at[i] as usize..self.at[i + 1] as usize];
        items
            .iter()
            .map(|it| (&self.lex.entries[it.entry as usize], i + it.len))
            .find(|(e, _)| e.cls == cls)
    }

    fn is(&self, i: usize, cls: Cls) -> bool {
        self.get(i, cls).is_some()
    }

    fn lower(&self, i: usize) -> &str {
        self.toks.get(i).map(|t| t.lower.as_str()).unwrap_or("")
    }

    fn punct(&self, i: usize, p: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokKind::Punct && t.lower == p)
    }

    /// Token `i` exists and follows the previous one without a space.
    fn attached(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space_before)
    }

    /// A plain integer token.
    fn int(&self, i: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        if t.kind != TokKind::Num
            || !t.lower.bytes().all(|b| b.is_ascii_digit())
            || t.lower.len() > 6
        {
            return None;
        }
        t.lower.parse().ok()
    }

    fn digits(&self, i: usize) -> usize {
        self.toks.get(i).map(|t| t.lower.len()).unwrap_or(0)
    }

    /// Skip an optional genitive/article word ("des", "der", "of", "the").
    fn skip_gen(&self, i: usize) -> usize {
        match self.get(i, Cls::Gen) {
            Some((_, j)) => j,
            None => i,
        }
    }

    /// A day of month with its ordinal mark: "20." / "20th" / "20" (English style).
    fn day_num(&self, i: usize) -> Option<(u32, usize, bool)> {
        let d = self.int(i)?;
        if !(1..=31).contains(&d) || self.digits(i) > 2 {
            return None;
        }
        if self.punct(i + 1, ".") && self.attached(i + 1) {
            return Some((d, i + 2, true));
        }
        if self.attached(i + 1) && matches!(self.lower(i + 1), "st" | "nd" | "rd" | "th") {
            return Some((d, i + 2, true));
        }
        Some((d, i + 1, false))
    }

    fn month(&self, i: usize) -> Option<(u32, usize)> {
        let (e, mut j) = self.get(i, Cls::Month)?;
        // Abbreviations take an optional dot: "Jan.", "Sept."
        if self.punct(j, ".") && self.attached(j) && self.lower(i).len() <= 4 {
            j += 1;
        }
        Some((e.int() as u32, j))
    }

    fn ambiguous(&self, i: usize) -> bool {
        self.lex.word_is(self.lower(i), Cls::Ambiguous) && !self.toks[i].upper
            || self.lex.word_is(self.lower(i), Cls::Ambiguous)
                && matches!(self.lower(i), "mai" | "august" | "may" | "march")
    }

    /// A BC/AD marker after a year: (sign, end).
    fn era(&self, i: usize) -> Option<(i32, usize)> {
        let (e, j) = self.get(i, Cls::Bc)?;
        Some((if e.value == "BC" { -1 } else { 1 }, j))
    }

    /// A year in a date context ("Juli 2025", "20. Januar 2025", "490 v. Chr.").
    fn year(&self, i: usize) -> Option<(i32, usize)> {
        let y = self.int(i)? as i32;
        let nd = self.digits(i);
        if let Some((sign, j)) = self.era(i + 1) {
            if y >= 1 && nd <= 4 {
                return Some((sign * y, j));
            }
        }
        if nd == 4 && (1000..=2199).contains(&y) {
            return Some((y, i + 1));
        }
        None
    }

    /// A count: digits, number words, "ein halbes", "eine knappe". Returns
    /// (tenths, end, mod from an adjective like "knappe").
    fn count(&self, i: usize) -> Option<(i32, usize, Option<String>)> {
        if let Some(v) = self.int(i) {
            if self.digits(i) > 4 || self.punct(i + 1, ".") && self.attached(i + 1) {
                return None;
            }
            return Some((v as i32 * 10, i + 1, None));
        }
        // "6,5 Jahre", "2.5 hours": a decimal count with one decimal place.
        if let Some(t) = self.toks.get(i).filter(|t| t.kind == TokKind::Num) {
            if let Some((w, f)) = t.lower.split_once([',', '.']) {
                if (1..=3).contains(&w.len()) && f.len() == 1 {
                    let (w, f): (i32, i32) = (w.parse().ok()?, f.parse().ok()?);
                    return Some((w * 10 + f, i + 1, None));
                }
            }
        }
        let (e, mut j) = self.get(i, Cls::Num)?;
        let mut v = e.int();
        // "ein halbes Jahr", "eine halbe Stunde"
        if v == 10 {
            if let Some((h, k)) = self.get(j, Cls::Num) {
                if h.int() == 5 {
                    v = 5;
                    j = k;
                }
            }
        }
        let mut m = None;
        if let Some((ma, k)) = self.get(j, Cls::ModAdj) {
            m = Some(ma.value.clone());
            j = k;
        }
        Some((v, j, m))
    }

    fn unit(&self, i: usize) -> Option<(Unit, i32, usize)> {
        let (e, j) = self.get(i, Cls::Unit)?;
        let mult = e.extra.parse().unwrap_or(1);
        Some((unit_of(e)?, mult, j))
    }

    /// A clock time "19 Uhr", "19.30 Uhr", "4 Uhr 45", "7:30 p.m." with a time zone.
    fn clock(&self, i: usize) -> Option<(u32, u32, Option<String>, usize)> {
        let t = self.toks.get(i)?;
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

    /// After a day-level date: "11. November 11 Uhr", "8. Mai, 23:01 Uhr" or "abends".
    /// A time after "um" stays an expression of its own (as TIMEX annotation does).
    fn day_suffix(&self, j: usize, day: Sem) -> (usize, Sem) {
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
    fn dmy(&self, i: usize) -> M {
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
    fn day_pair_first(&self, i: usize) -> M {
        let (d, j, dot) = self.day_num(i)?;
        if !dot {
            return None;
        }
        let mut k = j;
        if !(super::words().day_pair_joiners.contains(self.lower(k))
            || self.punct(k, "-")
            || self.punct(k, "/"))
        {
            return None;
        }
        k += 1;
        if super::words().day_pair_articles.contains(self.lower(k)) {
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
    fn numeric_date(&self, i: usize) -> M {
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
    fn weekday_numeric(&self, i: usize) -> M {
        let (_, mut j) = self.get(i, Cls::Weekday)?;
        if self.punct(j, ",") || self.punct(j, ".") && self.attached(j) {
            j += 1;
        }
        let (e, sem, m) = self.numeric_date(j)?;
        Some((e, sem, m))
    }

    /// Month with optional year: "Juli 2025", "Februar", "März des folgenden Jahres".
    fn month_year(&self, i: usize, with_ctx: bool) -> M {
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

    fn prev_ctx(&self, i: usize) -> bool {
        i > 0
            && self.is(i - 1, Cls::YearCtx)
            && !matches!(self.lower(i - 1), "und" | "and" | "-" | "/" | "(")
    }

    /// "im Jahr 2022", "Jahr 492 v. Chr.", "2022", "490 v. Chr.".
    fn year_expr(&self, i: usize) -> M {
        let mut j = i;
        let mut m = None;
        // "Um das Jahr 500 v. Chr.", "um 1900"
        if matches!(self.lower(j), "um" | "circa" | "around")
            && (self.int(j + 1).is_some() || self.lower(j + 1) == "das")
        {
            m = Some("APPROX".to_string());
            j += 1;
        }
        if matches!(self.lower(j), "das" | "dem") {
            j += 1;
        }
        let mut had_word = false;
        if let Some((Unit::Y, _, k)) = self.unit(j) {
            if self.year(k).is_some()
                || self
                    .int(k)
                    .is_some_and(|y| (1..=2199).contains(&y) && self.digits(k) >= 3)
            {
                j = k;
                had_word = true;
            }
        }
        let (y, e) = match self.year(j) {
            Some(x) => x,
            None if had_word => {
                let y = self.int(j)? as i32;
                if self.punct(j + 1, ".")
                    && self.attached(j + 1)
                    && !self.toks.get(j + 2).is_some_and(|t| t.upper)
                {
                    return None;
                }
                (y, j + 1)
            }
            None => return None,
        };
        if j == i && m.is_none() {
            // A bare four-digit number: a year unless it counts things.
            if !self.bare_year_ok(i) {
                return None;
            }
        }
        if m.is_some() && j == i + 1 && !had_word && e == i + 2 && y > 0 && !self.bare_year_ok(j) {
            return None;
        }
        Some((e, Sem::Point(Point::Year(y)), m))
    }

    fn bare_year_ok(&self, i: usize) -> bool {
        if self.era(i + 1).is_some() {
            return true;
        }
        // "1.500", "1939,5" are one token already; "1939 %" or "1500 Soldaten" are counts.
        // "1500 bis 2000 Euro", "1400 und 1600 Soldaten": a range of counts.
        let next = self.lower(i + 1);
        if (next == "-" || super::words().count_range_joiners.contains(next))
            && self.int(i + 2).is_some()
            && self.toks.get(i + 3).is_some_and(|t| {
                self.lex.word_is(&t.lower, Cls::NotYear)
                    || t.lower == "%"
                    || t.kind == TokKind::Word && t.upper && !self.is(i + 3, Cls::Month)
            })
        {
            return false;
        }
        let next = self.toks.get(i + 1);
        if let Some(nt) = next {
            if self.lex.word_is(&nt.lower, Cls::NotYear) || nt.lower == "%" {
                return false;
            }
            let strong = i > 0
                && self.is(i - 1, Cls::YearCtx)
                && !matches!(
                    self.lower(i - 1),
                    "und"
                        | "and"
                        | "-"
                        | "/"
                        | "("
                        | "von"
                        | "bis"
                        | "to"
                        | "of"
                        | "the"
                        | "um"
                        | "über"
                );
            if nt.kind == TokKind::Word && nt.upper && !strong && !self.is(i + 1, Cls::Month) {
                return false;
            }
            // "1500 troops": an English plural right after the number.
            if nt.kind == TokKind::Word
                && !nt.upper
                && !strong
                && nt.lower.ends_with('s')
                && nt.lower.len() > 3
                && !self.is(i + 1, Cls::Past)
                && !self.is(i + 1, Cls::Future)
                && self.lex.word_is("ago", Cls::AgoPost)
            {
                return false;
            }
        }
        if i > 0 {
            let p = &self.toks[i - 1];
            if matches!(
                p.lower.as_str(),
                "$" | "€" | "£" | "nr" | "§" | "no" | "artikel" | "paragraf"
            ) {
                return false;
            }
            // Part of a decimal or a range of counts like "1.000 bis 1500".
            if p.kind == TokKind::Punct
                && !p.space_before
                && matches!(p.lower.as_str(), "," | ".")
                && i >= 2
                && self.toks[i - 2].kind == TokKind::Num
                && !self.toks[i].space_before
            {
                return false;
            }
        }
        true
    }

    /// "13" in "1912/13", "28" in "1926–28".
    fn short_year(&self, i: usize) -> M {
        if self.digits(i) != 2 || i < 2 || !self.attached(i) {
            return None;
        }
        if !(self.punct(i - 1, "/") || self.punct(i - 1, "-")) || !self.attached(i - 1) {
            return None;
        }
        let prev = self.int(i - 2)? as i32;
        if self.digits(i - 2) != 4 || !(1000..=2199).contains(&prev) {
            return None;
        }
        let yy = self.int(i)? as i32;
        let y = prev / 100 * 100 + yy;
        if y <= prev || y > prev + 99 {
            return None;
        }
        Some((i + 1, Sem::Point(Point::Year(y)), None))
    }

    /// "die 1990er-Jahre", "den 1930er Jahren", "the 1990s", "460er Jahre v. Chr.".
    fn decade(&self, i: usize) -> M {
        let mut j = i;
        let v = self.int(j)? as i32;
        let nd = self.digits(j);
        if v % 10 != 0 || !(2..=4).contains(&nd) {
            return None;
        }
        j += 1;
        let (_, after_suffix) = self.get(j, Cls::DecadeSuffix)?;
        if !self.attached(j) {
            return None;
        }
        j = after_suffix;
        let k = if self.punct(j, "-") { j + 1 } else { j };
        let has_word = self.is(k, Cls::DecadeWord);
        if has_word {
            j = self.get(k, Cls::DecadeWord).map(|x| x.1).unwrap_or(k);
        } else if self.lower(i + 1) == "er" {
            // German needs "Jahre": "die 20er" alone is too vague.
            return None;
        }
        let mut sign = 1;
        if let Some((s, e)) = self.era(j) {
            sign = s;
            j = e;
        }
        let d = match nd {
            2 => 190 + v / 10,
            _ => v / 10,
        };
        Some((j, Sem::Point(Point::Decade(sign * d)), None))
    }

    /// "20. Jahrhunderts", "18. Jh.", "the 19th century", "4. Jh. v. Chr.".
    fn century(&self, i: usize) -> M {
        let (n, j) = if let Some((d, j, true)) = self.day_num(i) {
            (d as i32, j)
        } else if let Some((e, j)) = self.get(i, Cls::Ord) {
            (e.int(), j)
        } else {
            return None;
        };
        if n < 1 {
            return None;
        }
        let mut k = j;
        if self.lower(k) == "jh" {
            k += 1;
            if self.punct(k, ".") {
                k += 1;
            }
        } else {
            match self.unit(k) {
                Some((Unit::Ce, _, e)) => k = e,
                _ => return None,
            }
        }
        let mut sign = 1;
        if let Some((s, e)) = self.era(k) {
            sign = s;
            k = e;
        }
        Some((k, Sem::Point(Point::Century(sign * (n - 1))), None))
    }

    /// "Sommer 1940", "Frühjahr", "Herbst des Jahres 1972", "Spätsommer".
    fn season(&self, i: usize) -> M {
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
    fn quarter(&self, i: usize) -> M {
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
    fn holiday(&self, i: usize) -> M {
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
    fn calendar_week(&self, i: usize) -> M {
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

    /// The date kernels that Anfang/Mitte/Ende and "im Laufe" can modify.
    fn date_core(&self, i: usize, ctx: bool) -> M {
        best(&[
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
    fn part_of(&self, i: usize) -> M {
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

    fn deictic(&self, i: usize) -> M {
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

    fn clock_after(&self, j: usize) -> Option<usize> {
        let mut k = j;
        if self.punct(k, ",") {
            k += 1;
        }
        if matches!(self.lower(k), "um" | "gegen" | "at") {
            k += 1;
        }
        self.clock(k).map(|c| c.3)
    }

    /// "vergangene Woche", "nächsten Monat", "im selben Jahr", "am folgenden Tag",
    /// "vergangenen Dienstag", "last March", "the past five years".
    fn rel(&self, i: usize) -> M {
        let mut i0 = i;
        // A preposition belongs to anaphoric day phrases: "am selben Tag", "an diesem Tag".
        let prep = matches!(self.lower(i), "am" | "an" | "im" | "on");
        if prep {
            i0 += 1;
        }
        let (r, j) = self.get(i0, Cls::Rel)?;
        let n: i32 = r.field(0).parse().unwrap_or(0);
        let base = if r.field(1) == "A" {
            Base::Anaphoric
        } else {
            Base::Deictic
        };
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
    fn unit_rel(&self, i: usize) -> M {
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
    fn unit_post(&self, i: usize) -> M {
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
        if super::words().plural_units_relative.contains(self.lower(j)) {
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

    /// "zwei Tage später", "drei Monate zuvor", "two days later", "nach zwei Tagen",
    /// "vor knapp fünf Monaten", "five months ago", "in zwei Wochen".
    fn counted(&self, i: usize) -> M {
        let mut j = i;
        let mut m: Option<String> = None;
        let pre = if let Some((_, k)) = self.get(j, Cls::AgoPre) {
            j = k;
            Some(-1)
        } else if let Some((_, k)) = self.get(j, Cls::InPre) {
            j = k;
            Some(1)
        } else if let Some((_, k)) = self.get(j, Cls::NachPre) {
            j = k;
            Some(2)
        } else {
            None
        };
        if let Some((e, k)) = self.get(j, Cls::Mod) {
            m = Some(e.value.clone());
            j = k;
        }
        let exact = match self.get(j, Cls::Exact) {
            Some((_, k)) => {
                j = k;
                true
            }
            None => false,
        };
        // "vor 150 Millionen Jahren": geological time, no calendar value.
        if pre == Some(-1) {
            if let Some((_, k, _)) = self.count(j) {
                if let Some((_, k2)) = self.get(k, Cls::Magnitude) {
                    if let Some((Unit::Y, _, end)) = self.unit(k2) {
                        return Some((end, Sem::NoValue, m));
                    }
                }
            }
        }
        // "vor Jahren", "vor wenigen Tagen", "a few days ago"
        let decimal = self
            .toks
            .get(j)
            .is_some_and(|t| t.kind == TokKind::Num && t.lower.contains([',', '.']));
        let (c, k) = if let Some((_, k)) = self.get(j, Cls::Vague) {
            (None, k)
        } else if let Some((c, k, m2)) = self.count(j) {
            if m2.is_some() {
                m = m2;
            }
            (Some(c), k)
        } else {
            (None, j)
        };
        let (u, mult, k2) = self.unit(k)?;
        if u == Unit::We {
            return None;
        }
        let c = c.map(|c| c * mult);
        let whole = c.map(|c| c / 10);
        let frac = c.map(|c| c % 10 != 0).unwrap_or(false);
        let vague_ok = c.is_none() && (k > j || self.is_plural_unit(k));
        if c.is_none() && !vague_ok {
            return None;
        }
        // "der 74 Jahre alte Mann": an age.
        if pre.is_none() && self.is(k2, Cls::Age) {
            return None;
        }
        match pre {
            Some(-1) => {
                // "vor einem Jahr" (the day a year ago, as anniversaries are told) and
                // "vor genau drei Monaten" name a day; "vor zwei Jahren" names a year.
                let to_the_day =
                    m.is_none() && (exact || whole == Some(1) && u == Unit::Y && c == Some(10));
                let sem = match (whole, frac) {
                    (Some(n), false) if n > 0 && to_the_day => Sem::Exact { unit: u, n: -n },
                    (Some(n), false) if n > 0 => Sem::Offset {
                        unit: u,
                        n: -n,
                        base: Base::Deictic,
                        now: false,
                    },
                    (Some(_), true) => shifted_frac(u, c?, -1, Base::Deictic)?,
                    _ => Sem::Ref("PAST_REF".into()),
                };
                return Some((k2, sem, m));
            }
            Some(1) => {
                let dur = duration_value(u, c);
                let sem = match (whole, frac) {
                    (Some(n), false) if n > 0 => Sem::InOffset { unit: u, n, dur },
                    _ => Sem::Duration(dur),
                };
                return Some((k2, sem, m));
            }
            Some(_) => {
                let sem = match (whole, frac) {
                    // "nach zwei Tagen" is a day; "nach sechs Wochen" reads as a stretch of time.
                    (Some(n), false) if n > 0 && u == Unit::D => Sem::Offset {
                        unit: u,
                        n,
                        base: Base::Anaphoric,
                        now: false,
                    },
                    _ => Sem::Duration(duration_value(u, c)),
                };
                return Some((k2, sem, m));
            }
            None => {}
        }
        if let Some((_, e)) = self.get(k2, Cls::AgoPost) {
            let to_the_day =
                m.is_none() && (exact || whole == Some(1) && u == Unit::Y && c == Some(10));
            let sem = match (whole, frac) {
                (Some(n), false) if n > 0 && to_the_day => Sem::Exact { unit: u, n: -n },
                (Some(n), false) if n > 0 => Sem::Offset {
                    unit: u,
                    n: -n,
                    base: Base::Deictic,
                    now: false,
                },
                _ => Sem::Ref("PAST_REF".into()),
            };
            return Some((e, sem, m));
        }
        let after = self.get(k2, Cls::After).map(|x| (1, x.1));
        let before = self.get(k2, Cls::Before).map(|x| (-1, x.1));
        if let Some((sign, e)) = after.or(before) {
            // English "after"/"before" followed by a noun phrase is a duration ("two days after the vote").
            let sem = match (whole, frac) {
                (Some(n), false) if n > 0 => Sem::Offset {
                    unit: u,
                    n: sign * n,
                    base: Base::Anaphoric,
                    now: false,
                },
                (Some(_), true) => shifted_frac(u, c?, sign, Base::Anaphoric)?,
                _ => Sem::Ref(if sign > 0 {
                    "FUTURE_REF".into()
                } else {
                    "PAST_REF".into()
                }),
            };
            return Some((e, sem, m));
        }
        let c = c?;
        let v = if decimal {
            decimal_duration(u, c)
        } else {
            duration_value(u, Some(c))
        };
        Some((k2, Sem::Duration(v), m))
    }

    fn is_plural_unit(&self, i: usize) -> bool {
        super::words().plural_units.contains(self.lower(i))
    }

    /// "seit Jahren" (vague); the counted cases are plain durations.
    fn since(&self, i: usize) -> M {
        let (_, j) = self.get(i, Cls::Since)?;
        if !self.is_plural_unit(j) {
            return None;
        }
        let (u, _, k) = self.unit(j)?;
        Some((k, Sem::Duration(duration_value(u, None)), None))
    }

    fn weekday(&self, i: usize) -> M {
        if let Some((e, j)) = self.get(i, Cls::Weekday) {
            // "Mo", "Di", "Do": only with a date after them (handled in dmy).
            if self.lower(i).chars().count() <= 3 && !self.toks[i].upper {
                return None;
            }
            if self.lower(i).chars().count() <= 3 {
                return None;
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

    /// "jeden Montag", "täglich", "montags", "every year".
    fn set(&self, i: usize) -> M {
        if let Some((e, j)) = self.get(i, Cls::SetAdv) {
            return Some((j, Sem::Set(e.value.clone()), None));
        }
        if let Some((e, j)) = self.get(i, Cls::Weekdays) {
            return Some((j, Sem::Set(format!("XXXX-WXX-{}", e.int())), None));
        }
        let (_, j) = self.get(i, Cls::Every)?;
        if let Some((e, k)) = self.get(j, Cls::Weekday) {
            return Some((k, Sem::Set(format!("XXXX-WXX-{}", e.int())), None));
        }
        if let Some((e, k)) = self.get(j, Cls::DayPart) {
            return Some((k, Sem::Set(format!("XXXX-XX-XXT{}", e.value)), None));
        }
        if let Some((c, k, _)) = self.count(j) {
            if let Some((u, mult, e)) = self.unit(k) {
                return Some((e, Sem::Set(duration_value(u, Some(c * mult))), None));
            }
        }
        let (u, mult, k) = self.unit(j)?;
        if self.lower(j) != "alle"
            && !self.lex.word_is("ago", Cls::AgoPost)
            && self.is_plural_unit(j)
        {
            return None;
        }
        Some((k, Sem::Set(duration_value(u, Some(10 * mult))), None))
    }

    /// Durations written as one word: "jahrelang", "siebentägigen", "100-jährige".
    fn word_duration(&self, i: usize) -> M {
        if let Some((e, j)) = self.get(i, Cls::Lang) {
            let u = Unit::parse(&e.value)?;
            return Some((j, Sem::Duration(duration_value(u, None)), None));
        }
        let t = self.toks.get(i)?;
        // "100-jährige", "zwei-wöchige"
        if self.punct(i + 1, "-") && self.attached(i + 1) && self.attached(i + 2) {
            let c = if let Some(v) = self.int(i) {
                Some(v as i32 * 10)
            } else {
                self.get(i, Cls::Num).map(|(e, _)| e.int())
            };
            if let (Some(c), Some(e)) = (c, self.lex.word_entry(self.lower(i + 2), Cls::UnitAdj)) {
                let u = Unit::parse(&e.value)?;
                // "26-Jährige", "ein 31-jähriger Polizist": ages, not time spans.
                if u == Unit::Y && self.int(i).is_some() {
                    return None;
                }
                return Some((i + 3, Sem::Duration(duration_value(u, Some(c))), None));
            }
        }
        if t.kind != TokKind::Word
            || t.lower.len() < 7
            || !self
                .comp
                .adj_suffixes
                .iter()
                .any(|x| t.lower.ends_with(x.as_str()))
        {
            return None;
        }
        for (nw, v) in &self.comp.nums {
            if let Some(rest) = t.lower.strip_prefix(nw.as_str()) {
                if let Some(e) = self.lex.word_entry(rest, Cls::UnitAdj) {
                    let u = Unit::parse(&e.value)?;
                    return Some((i + 1, Sem::Duration(duration_value(u, Some(*v))), None));
                }
            }
        }
        None
    }

    /// "am Wochenende", "over the weekend": the weekend near the anchor.
    fn weekend(&self, i: usize) -> M {
        let (Unit::We, _, j) = self.unit(i)? else {
            return None;
        };
        let prev = if i > 0 { self.lower(i - 1) } else { "" };
        if !(super::words().weekend_prepositions.contains(prev)
            || i > 0 && self.is(i - 1, Cls::Gen))
            || self.is_plural_unit(i)
        {
            return None;
        }
        Some((j, Sem::Weekend { dir: 0 }, None))
    }

    fn vague_duration(&self, i: usize) -> M {
        let (_, j) = self.get(i, Cls::Vague)?;
        let (u, _, k) = self.unit(j)?;
        if u == Unit::We {
            return None;
        }
        Some((k, Sem::Duration(duration_value(u, None)), None))
    }

    /// "19 Uhr", "19.30 Uhr", "7 p.m.", standalone dayparts "am Abend", "nachts",
    /// "Morgen des 22. Juni 1941", "Nacht vom 19. auf den 20. März".
    fn time_of_day(&self, i: usize) -> M {
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

    fn reference(&self, i: usize) -> M {
        if let Some((e, j)) = self.get(i, Cls::Ref) {
            return Some((j, Sem::Ref(e.value.clone()), None));
        }
        if let Some((e, j)) = self.get(i, Cls::NarrativeNow) {
            return Some((j, Sem::NarrativeNow(e.value.clone()), None));
        }
        None
    }

    /// The end of an idiom that names no time ("in letzter Sekunde") starting at `i`.
    pub fn idiom_end(&self, i: usize) -> Option<usize> {
        self.get(i, Cls::Idiom).map(|(_, j)| j)
    }

    /// Every pattern at token `i`; the longest wins.
    pub fn match_at(&self, i: usize) -> Option<Cand> {
        // Most tokens start nothing: punctuation and words the lexicon does not know
        // (bar compounds like "Dienstagabend" and the prepositions of "am Tag zuvor").
        let t = &self.toks[i];
        // Words known only as context (tense, "zu" of "Nacht zu Sonntag", "alt" of an
        // age) start nothing either: they are frequent, so skip them as cheaply.
        let context_only = self.classes[i] & !CONTEXT_ONLY == 0;
        if (self.at[i] == self.at[i + 1] || context_only) && t.kind != TokKind::Num {
            if t.kind == TokKind::Punct {
                return None;
            }
            if !matches!(t.lower.as_str(), "am" | "an" | "on") {
                let (e, sem, modifier) = best(&[self.weekday(i), self.word_duration(i)])?;
                return Some(Cand {
                    s: i,
                    e,
                    sem,
                    modifier,
                });
            }
        }
        let core = |i: usize| -> M {
            best(&[
                self.day_pair_first(i),
                self.date_core(i, false),
                self.short_year(i),
                self.part_of(i),
                self.deictic(i),
                self.rel(i),
                self.unit_rel(i),
                self.unit_post(i),
                self.counted(i),
                self.since(i),
                self.weekday(i),
                self.set(i),
                self.word_duration(i),
                self.vague_duration(i),
                self.weekend(i),
                self.time_of_day(i),
                self.reference(i),
            ])
        };
        let mut found = core(i);
        // A modifier in front: "mehr als drei Tage", "etwa eine Woche", "ungefähr Mitte Juni".
        // "over the past week" is a span ending now, not "more than" one.
        let span = self.is(i, Cls::SpanPre) && self.is(i + 1, Cls::Rel);
        if let Some((e, j)) = self.get(i, Cls::Mod).filter(|_| !span) {
            if let Some((end, sem, m)) = core(j) {
                if !matches!(sem, Sem::Ref(_) | Sem::NarrativeNow(_))
                    && found.as_ref().is_none_or(|f| end > f.0)
                {
                    found = Some((end, sem, m.or(Some(e.value.clone()))));
                }
            }
        }
        let (e, sem, modifier) = found?;
        if e <= i || e > self.n() {
            return None;
        }
        Some(Cand {
            s: i,
            e,
            sem,
            modifier,
        })
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

fn valid(sem: &Sem) -> bool {
    match sem {
        Sem::Point(p) => p.valid(),
        Sem::NoYear(Partial::Day(m, d)) => Point::Day(2024, *m, *d).valid(),
        Sem::NoYear(Partial::Month(m)) => (1..=12).contains(m),
        _ => true,
    }
}

/// "ein halbes Jahr später": half units become the next smaller unit.
fn shifted_frac(u: Unit, tenths: i32, sign: i32, base: Base) -> Option<Sem> {
    let (unit, n) = match u {
        Unit::Y => (Unit::M, tenths * 12 / 10),
        Unit::M => (Unit::D, tenths * 3),
        Unit::W => (Unit::D, tenths * 7 / 10),
        Unit::D => (Unit::H, tenths * 24 / 10),
        _ => return None,
    };
    Some(Sem::Offset {
        unit,
        n: sign * n,
        base,
        now: false,
    })
}

fn best(opts: &[M]) -> M {
    let mut out: M = None;
    for o in opts.iter().flatten() {
        if out.as_ref().is_none_or(|b| o.0 > b.0) {
            out = Some(o.clone());
        }
    }
    out
}
