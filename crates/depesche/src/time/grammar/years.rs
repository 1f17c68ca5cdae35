//! Years, decades and centuries: "im Jahr 2022", "1912/13", "die 1990er-Jahre",
//! "20. Jahrhundert", with BC/AD marks.

use crate::time::lexicon::Cls;
use crate::time::point::{Point, Unit};
use crate::time::scan::TokKind;

use super::{Matcher, Sem, M};

impl<'a> Matcher<'a> {
    /// "im Jahr 2022", "Jahr 492 v. Chr.", "2022", "490 v. Chr.".
    pub(super) fn year_expr(&self, i: usize) -> M {
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

    pub(super) fn bare_year_ok(&self, i: usize) -> bool {
        if self.era(i + 1).is_some() {
            return true;
        }
        // "1.500", "1939,5" are one token already; "1939 %" or "1500 Soldaten" are counts.
        // "1500 bis 2000 Euro", "1400 und 1600 Soldaten": a range of counts.
        let next = self.lower(i + 1);
        if (next == "-" || crate::time::words().count_range_joiners.contains(next))
            && self.int(i + 2).is_some()
            && self.toks.get(i + 3).is_some_and(|t| {
                self.lex.word_is(t.lower, Cls::NotYear)
                    || t.lower == "%"
                    || t.kind == TokKind::Word && t.upper && !self.is(i + 3, Cls::Month)
            })
        {
            return false;
        }
        let next = self.toks.get(i + 1);
        if let Some(nt) = next {
            if self.lex.word_is(nt.lower, Cls::NotYear) || nt.lower == "%" {
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
                p.lower,
                "$" | "€" | "£" | "nr" | "§" | "no" | "artikel" | "paragraf"
            ) {
                return false;
            }
            // Part of a decimal or a range of counts like "1.000 bis 1500".
            if p.kind == TokKind::Punct
                && !p.space_before
                && matches!(p.lower, "," | ".")
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
    pub(super) fn short_year(&self, i: usize) -> M {
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
    pub(super) fn decade(&self, i: usize) -> M {
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
    pub(super) fn century(&self, i: usize) -> M {
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
}

#[cfg(test)]
mod tests {
    use super::super::tagged;

    #[test]
    fn years_decades_and_centuries() {
        let t = |text, expr| tagged("de", text, expr);
        assert_eq!(
            t("Das Haus entstand im Jahr 1907.", "Jahr 1907"),
            "1907 DATE"
        );
        assert_eq!(
            t("In den 1980er-Jahren wuchs die Stadt.", "1980er-Jahren"),
            "198 DATE"
        );
        assert_eq!(
            t(
                "Die Kirche stammt aus dem 14. Jahrhundert.",
                "14. Jahrhundert"
            ),
            "13 DATE"
        );
        let e = |text, expr| tagged("en", text, expr);
        assert_eq!(e("Sales fell in the 1990s.", "1990s"), "199 DATE");
    }
}
