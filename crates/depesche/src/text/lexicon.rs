//! Per-language word lists for the tokenizer and the sentence splitter.
//!
//! Languages are data: each list is a plain text file under `src/text/data/`,
//! embedded with `include_str!` and parsed once per process.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::lang::Lang;

const ABBREV_DE: &str = include_str!("data/abbrev-de.txt");
const ABBREV_EN: &str = include_str!("data/abbrev-en.txt");
const STARTERS_DE: &str = include_str!("data/starters-de.txt");
const STARTERS_EN: &str = include_str!("data/starters-en.txt");
const MONTHS_DE: &str = include_str!("data/months.txt");
const NONFINAL_DE: &str = include_str!("data/nonfinal-de.txt");
const NONFINAL_EN: &str = include_str!("data/nonfinal-en.txt");

/// What one language contributes to tokenizing and sentence splitting.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    /// Abbreviation (with its full stop) → whether it often ends a sentence.
    abbrevs: HashMap<&'static str, bool>,
    /// Capitalised words that nearly always open a sentence.
    starters: HashSet<&'static str>,
    /// Lower-cased words that never end a sentence ("und", "the").
    nonfinal: HashSet<&'static str>,
    /// Month names (without a full stop) that follow a German ordinal.
    months: HashSet<&'static str>,
    /// "3." before a lower-case word or a month is one token, an ordinal (German).
    pub ordinals: bool,
    /// Split English clitics: "don't" → "do" "n't", "John's" → "John" "'s".
    pub clitics: bool,
}

/// Lines of a list file: comments (`#`) and blank lines dropped.
fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    fn add_abbrevs(&mut self, data: &'static str) {
        for line in lines(data) {
            let (form, may_end) = match line.strip_suffix('!') {
                Some(f) => (f.trim_end(), true),
                None => (line, false),
            };
            self.abbrevs.insert(form, may_end);
        }
    }

    fn build(lang: Lang) -> Lexicon {
        let mut lex = Lexicon::default();
        let (de, en) = match lang {
            Lang::De => (true, false),
            Lang::En => (false, true),
            // Unknown languages get both lists: most are Latin-script European
            // languages sharing many of these abbreviations.
            Lang::Other => (true, true),
        };
        if de {
            lex.add_abbrevs(ABBREV_DE);
            lex.starters.extend(lines(STARTERS_DE));
            lex.nonfinal.extend(lines(NONFINAL_DE));
            lex.months
                .extend(lines(MONTHS_DE).map(|m| m.trim_end_matches('.')));
            lex.ordinals = true;
        }
        if en {
            lex.add_abbrevs(ABBREV_EN);
            lex.starters.extend(lines(STARTERS_EN));
            lex.nonfinal.extend(lines(NONFINAL_EN));
            lex.clitics = lang == Lang::En;
        }
        lex
    }

    pub fn get(lang: Lang) -> &'static Lexicon {
        static DE: OnceLock<Lexicon> = OnceLock::new();
        static EN: OnceLock<Lexicon> = OnceLock::new();
        static OTHER: OnceLock<Lexicon> = OnceLock::new();
        let cell = match lang {
            Lang::De => &DE,
            Lang::En => &EN,
            Lang::Other => &OTHER,
        };
        cell.get_or_init(|| Lexicon::build(lang))
    }

    /// `Some(may_end)` when `word` (with its full stop) is a known abbreviation.
    /// A capitalised form at a sentence start ("Vgl.", "Ca.") counts too.
    pub fn abbrev(&self, word: &str) -> Option<bool> {
        if let Some(&e) = self.abbrevs.get(word) {
            return Some(e);
        }
        let mut cs = word.chars();
        let first = cs.next()?;
        if first.is_uppercase() {
            let lower: String = first.to_lowercase().chain(cs).collect();
            return self.abbrevs.get(lower.as_str()).copied();
        }
        None
    }

    pub fn is_starter(&self, word: &str) -> bool {
        self.starters.contains(word)
    }

    /// Can no sentence end after `word` (case-insensitive)?
    pub fn is_nonfinal(&self, word: &str) -> bool {
        if self.nonfinal.contains(word) {
            return true;
        }
        // Capitalised forms ("Und", "THE") without allocating for the common case.
        word.chars().any(char::is_uppercase) && self.nonfinal.contains(word.to_lowercase().as_str())
    }

    pub fn is_month(&self, word: &str) -> bool {
        self.months.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load() {
        let de = Lexicon::get(Lang::De);
        assert_eq!(de.abbrev("Dr."), Some(false));
        assert_eq!(de.abbrev("usw."), Some(true));
        assert_eq!(de.abbrev("Vgl."), Some(false));
        assert_eq!(de.abbrev("Haus."), None);
        assert!(de.is_starter("Die"));
        assert!(de.is_month("Juli") && de.is_month("Jan"));
        assert!(de.is_nonfinal("und") && de.is_nonfinal("Und") && !de.is_nonfinal("Haus"));
        let en = Lexicon::get(Lang::En);
        assert_eq!(en.abbrev("U.S."), Some(true));
        assert_eq!(en.abbrev("Mr."), Some(false));
        assert!(en.clitics && !en.ordinals);
        assert!(Lexicon::get(Lang::Other).abbrev("Mr.").is_some());
    }
}
