//! Sets (frequencies): "jeden Montag", "täglich", "montags", "every year".

use crate::time::lexicon::Cls;

use super::durations::duration_value;
use super::{Matcher, Sem, M};

impl<'a> Matcher<'a> {
    /// "jeden Montag", "täglich", "montags", "every year".
    pub(super) fn set(&self, i: usize) -> M {
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
}

#[cfg(test)]
mod tests {
    use super::super::tagged;

    #[test]
    fn frequencies() {
        assert_eq!(
            tagged("de", "Der Markt öffnet jeden Montag.", "jeden Montag"),
            "XXXX-WXX-1 SET"
        );
        assert_eq!(
            tagged("de", "Die Fähre fährt täglich.", "täglich"),
            "P1D SET"
        );
        assert_eq!(
            tagged("en", "The report appears every year.", "every year"),
            "P1Y SET"
        );
    }
}
