//! The pieces patterns are built from: what one token or a few say (a plain
//! integer, a day of month, a month, a year with its era, a count, a unit).

use crate::time::lexicon::Cls;
use crate::time::point::Unit;
use crate::time::scan::TokKind;

use super::durations::unit_of;
use super::Matcher;

impl<'a> Matcher<'a> {
    /// A plain integer token.
    pub(super) fn int(&self, i: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        if t.kind != TokKind::Num
            || !t.lower.bytes().all(|b| b.is_ascii_digit())
            || t.lower.len() > 6
        {
            return None;
        }
        t.lower.parse().ok()
    }

    pub(super) fn digits(&self, i: usize) -> usize {
        self.toks.get(i).map(|t| t.lower.len()).unwrap_or(0)
    }

    /// Skip an optional genitive/article word ("des", "der", "of", "the").
    pub(super) fn skip_gen(&self, i: usize) -> usize {
        match self.get(i, Cls::Gen) {
            Some((_, j)) => j,
            None => i,
        }
    }

    /// A day of month with its ordinal mark: "20." / "20th" / "20" (English style).
    pub(super) fn day_num(&self, i: usize) -> Option<(u32, usize, bool)> {
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

    pub(super) fn month(&self, i: usize) -> Option<(u32, usize)> {
        let (e, mut j) = self.get(i, Cls::Month)?;
        // Abbreviations take an optional dot: "Jan.", "Sept."
        if self.punct(j, ".") && self.attached(j) && self.lower(i).len() <= 4 {
            j += 1;
        }
        Some((e.int() as u32, j))
    }

    pub(super) fn ambiguous(&self, i: usize) -> bool {
        self.lex.word_is(self.lower(i), Cls::Ambiguous) && !self.toks[i].upper
            || self.lex.word_is(self.lower(i), Cls::Ambiguous)
                && matches!(self.lower(i), "mai" | "august" | "may" | "march")
    }

    /// A BC/AD marker after a year: (sign, end).
    pub(super) fn era(&self, i: usize) -> Option<(i32, usize)> {
        let (e, j) = self.get(i, Cls::Bc)?;
        Some((if e.value == "BC" { -1 } else { 1 }, j))
    }

    /// A year in a date context ("Juli 2025", "20. Januar 2025", "490 v. Chr.").
    pub(super) fn year(&self, i: usize) -> Option<(i32, usize)> {
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
    pub(super) fn count(&self, i: usize) -> Option<(i32, usize, Option<String>)> {
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

    pub(super) fn unit(&self, i: usize) -> Option<(Unit, i32, usize)> {
        let (e, j) = self.get(i, Cls::Unit)?;
        let mult = e.extra.parse().unwrap_or(1);
        Some((unit_of(e)?, mult, j))
    }
}
