//! Durations and counted offsets: "zwei Tage später", "vor fünf Monaten",
//! "seit Jahren", "jahrelang", and their TIMEX3 duration values.

use crate::time::lexicon::{Cls, Entry};
use crate::time::point::Unit;
use crate::time::scan::TokKind;

use super::{Base, Matcher, Sem, M};

impl<'a> Matcher<'a> {
    /// "zwei Tage später", "drei Monate zuvor", "two days later", "nach zwei Tagen",
    /// "vor knapp fünf Monaten", "five months ago", "in zwei Wochen".
    pub(super) fn counted(&self, i: usize) -> M {
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

    pub(super) fn is_plural_unit(&self, i: usize) -> bool {
        crate::time::words().plural_units.contains(self.lower(i))
    }

    /// "seit Jahren" (vague); the counted cases are plain durations.
    pub(super) fn since(&self, i: usize) -> M {
        let (_, j) = self.get(i, Cls::Since)?;
        if !self.is_plural_unit(j) {
            return None;
        }
        let (u, _, k) = self.unit(j)?;
        Some((k, Sem::Duration(duration_value(u, None)), None))
    }

    /// Durations written as one word: "jahrelang", "siebentägigen", "100-jährige".
    pub(super) fn word_duration(&self, i: usize) -> M {
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
            || !self.comp.adj_suffixes.any_suffix_of(t.lower)
        {
            return None;
        }
        for (nw, v) in &self.comp.nums {
            // The first byte settles most words without comparing the rest.
            if nw.as_bytes().first() != t.lower.as_bytes().first() {
                continue;
            }
            if let Some(rest) = t.lower.strip_prefix(nw.as_str()) {
                if let Some(e) = self.lex.word_entry(rest, Cls::UnitAdj) {
                    let u = Unit::parse(&e.value)?;
                    return Some((i + 1, Sem::Duration(duration_value(u, Some(*v))), None));
                }
            }
        }
        None
    }

    pub(super) fn vague_duration(&self, i: usize) -> M {
        let (_, j) = self.get(i, Cls::Vague)?;
        let (u, _, k) = self.unit(j)?;
        if u == Unit::We {
            return None;
        }
        Some((k, Sem::Duration(duration_value(u, None)), None))
    }
}

pub(super) fn unit_of(e: &Entry) -> Option<Unit> {
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
pub(super) fn decimal_duration(unit: Unit, tenths: i32) -> String {
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

/// "ein halbes Jahr später": half units become the next smaller unit.
pub(super) fn shifted_frac(u: Unit, tenths: i32, sign: i32, base: Base) -> Option<Sem> {
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

#[cfg(test)]
mod tests {
    use super::super::tagged;

    #[test]
    fn counted_units_and_word_durations() {
        let t = |text, expr| tagged("de", text, expr);
        assert_eq!(
            t("Er saß drei Jahre in Haft.", "drei Jahre"),
            "P3Y DURATION"
        );
        assert_eq!(
            t("Vor zwei Tagen brach das Feuer aus.", "Vor zwei Tagen"),
            "2025-07-08 DATE"
        );
        assert_eq!(
            t("Der Streit dauerte jahrelang.", "jahrelang"),
            "PXY DURATION"
        );
        let e = |text, expr| tagged("en", text, expr);
        assert_eq!(
            e("The strike lasted six months.", "six months"),
            "P6M DURATION"
        );
    }

    #[test]
    fn duration_values_in_timex3() {
        use crate::time::point::Unit;
        assert_eq!(super::duration_value(Unit::H, Some(480)), "P2D");
        assert_eq!(super::duration_value(Unit::Y, Some(5)), "P6M");
        assert_eq!(super::duration_value(Unit::W, Some(25)), "P17D");
        assert_eq!(super::duration_value(Unit::M, None), "PXM");
    }
}
