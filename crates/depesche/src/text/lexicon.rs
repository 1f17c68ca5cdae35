//! Per-language word lists for the tokenizer and the sentence splitter.
//!
//! Languages are data: each list is a plain text file under `src/text/data/`,
//! embedded with `include_str!` and parsed once per process.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::hashing::FastBuild;
use crate::lang::Lang;

const ABBREV_DE: &str = include_str!("data/abbrev-de.txt");
const ABBREV_EN: &str = include_str!("data/abbrev-en.txt");
const STARTERS_DE: &str = include_str!("data/starters-de.txt");
const STARTERS_EN: &str = include_str!("data/starters-en.txt");
const MONTHS_DE: &str = include_str!("data/months.txt");
const NONFINAL_DE: &str = include_str!("data/nonfinal-de.txt");
const NONFINAL_EN: &str = include_str!("data/nonfinal-en.txt");

type FastMap<K, V> = HashMap<K, V, FastBuild>;
type FastSet<K> = HashSet<K, FastBuild>;

/// What one language contributes to tokenizing and sentence splitting.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    /// Abbreviation (with its full stop) → whether it often ends a sentence.
    abbrevs: FastMap<&'static str, bool>,
    /// Capitalised words that nearly always open a sentence.
    starters: FastSet<&'static str>,
    /// Words that open a sentence right after a stop but also occur
    /// capitalised mid-sentence (German polite "Sie").
    starters_after_stop: FastSet<&'static str>,
    /// Lower-cased words that never end a sentence ("und", "the").
    nonfinal: FastSet<&'static str>,
    /// Month names (without a full stop) that follow a German ordinal.
    months: FastSet<&'static str>,
    /// "3." before a lower-case word or a month is one token, an ordinal (German).
    pub ordinals: bool,
    /// A dash after a dateline ("Wien – Die …") joins it to the sentence (German).
    pub dash_ends_dateline: bool,
    /// A dateline may be a place in capitals and a full stop ("HANAU. Seit …", German).
    pub stop_ends_dateline: bool,
    /// A listed starter after a lower-case word opens a sentence (German
    /// capitalises only nouns and sentence starts).
    pub starter_after_lower: bool,
    /// A colon after a clause of its own ends a sentence when a capital word
    /// follows (German newspaper convention, see `sentences::mark_colon_sentences`).
    pub colon_ends_clause: bool,
    /// Titles of papers and magazines open with a capital article ("Die Zeit").
    pub press_titles: bool,
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

    fn add_starters(&mut self, data: &'static str) {
        for line in lines(data) {
            match line.strip_suffix('~') {
                Some(w) => self.starters_after_stop.insert(w.trim_end()),
                None => self.starters.insert(line),
            };
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
            lex.add_starters(STARTERS_DE);
            lex.nonfinal.extend(lines(NONFINAL_DE));
            lex.months
                .extend(lines(MONTHS_DE).map(|m| m.trim_end_matches('.')));
            lex.ordinals = true;
            lex.dash_ends_dateline = true;
            lex.stop_ends_dateline = lang == Lang::De;
            lex.starter_after_lower = lang == Lang::De;
            lex.colon_ends_clause = lang == Lang::De;
            lex.press_titles = lang == Lang::De;
        }
        if en {
            lex.add_abbrevs(ABBREV_EN);
            lex.add_starters(STARTERS_EN);
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
        if !first.is_uppercase() {
            return None;
        }
        // Listed abbreviations are short: lower-case the first letter into a
        // stack buffer (this runs for every capitalised word before a stop).
        let mut buf = [0u8; 32];
        let mut len = 0;
        for c in first.to_lowercase() {
            len += c.encode_utf8(&mut buf[len..]).len();
        }
        let rest = cs.as_str();
        if len + rest.len() > buf.len() {
            return None;
        }
        buf[len..len + rest.len()].copy_from_slice(rest.as_bytes());
        len += rest.len();
        std::str::from_utf8(&buf[..len])
            .ok()
            .and_then(|l| self.abbrevs.get(l).copied())
    }

    /// A word that opens a sentence wherever it appears capitalised.
    pub fn is_starter(&self, word: &str) -> bool {
        self.starters.contains(word)
    }

    /// A German publication noun before a title that opens with an article:
    /// "dem Nachrichtenmagazin Der Spiegel", "der Wochenzeitung Die Zeit".
    pub fn is_press_before_title(&self, prev: &str, next: &str) -> bool {
        const PRESS: [&str; 7] = [
            "magazin",
            "zeitung",
            "blatt",
            "sender",
            "illustrierte",
            "zeitschrift",
            "journal",
        ];
        self.press_titles
            && matches!(next, "Der" | "Die" | "Das")
            && prev.chars().next().is_some_and(char::is_uppercase)
            && PRESS.iter().any(|p| {
                prev.len() >= p.len()
                    && prev.is_char_boundary(prev.len() - p.len())
                    && prev[prev.len() - p.len()..].eq_ignore_ascii_case(p)
            })
    }

    /// A word that opens a sentence when it follows a stop ("5. Sie …").
    pub fn is_starter_after_stop(&self, word: &str) -> bool {
        self.starters.contains(word) || self.starters_after_stop.contains(word)
    }

    /// Can no sentence end after `word` (case-insensitive)?
    pub fn is_nonfinal(&self, word: &str) -> bool {
        // Listed words are short; most tokens are not.
        if word.len() > 12 {
            return false;
        }
        if self.nonfinal.contains(word) {
            return true;
        }
        // Capitalised forms ("Und", "THE"): lower-case into a stack buffer,
        // since this runs for most capitalised tokens of a text.
        if !word.chars().any(char::is_uppercase) {
            return false;
        }
        let mut buf = [0u8; 48];
        let mut len = 0;
        for c in word.chars().flat_map(char::to_lowercase) {
            let w = c.len_utf8();
            if len + w > buf.len() {
                return false;
            }
            c.encode_utf8(&mut buf[len..]);
            len += w;
        }
        std::str::from_utf8(&buf[..len]).is_ok_and(|l| self.nonfinal.contains(l))
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
        assert!(!de.is_starter("Sie") && de.is_starter_after_stop("Sie"));
        assert!(de.is_month("Juli") && de.is_month("Jan"));
        assert!(de.is_nonfinal("und") && de.is_nonfinal("Und") && !de.is_nonfinal("Haus"));
        let en = Lexicon::get(Lang::En);
        assert_eq!(en.abbrev("U.S."), Some(true));
        assert_eq!(en.abbrev("Mr."), Some(false));
        assert!(en.clitics && !en.ordinals);
        assert!(Lexicon::get(Lang::Other).abbrev("Mr.").is_some());
    }
}
