//! Per-language word lists for the tokenizer and the sentence splitter.
//!
//! Languages are data: the lists come from each language's folder under
//! `crates/depesche/resources/` (`abbreviations.txt`, `sentence_starters.txt`,
//! `nonfinal.txt`, month names from `calendar.txt`) through [`LangData`].

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::hashing::FastBuild;
use crate::lang::Lang;
use crate::langdata::{bare, LangData};

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
    /// Month names and abbreviations (capitalised, without a full stop) that
    /// follow an ordinal ("am 3. Juli").
    months: FastSet<String>,
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
    /// Ends of publication nouns before such a title ("Nachrichtenmagazin").
    press_nouns: Vec<&'static str>,
    /// Capitalised articles a title opens with ("Die").
    title_articles: FastSet<&'static str>,
    /// Split English clitics: "don't" → "do" "n't", "John's" → "John" "'s".
    pub clitics: bool,
}

impl Lexicon {
    /// Abbreviations (`!`: may end a sentence), sentence starters (`~`: only
    /// after a stop) and words that never end a sentence from `data`; its
    /// month names too when `months` (they matter after a German ordinal).
    fn add(&mut self, data: &'static LangData, months: bool) {
        for line in data.lines("abbreviations", "") {
            let (form, may_end) = match line.strip_suffix('!') {
                Some(f) => (f.trim_end(), true),
                None => (line.as_str(), false),
            };
            self.abbrevs.insert(form, may_end);
        }
        for line in data.lines("sentence_starters", "") {
            match line.strip_suffix('~') {
                Some(w) => self.starters_after_stop.insert(w.trim_end()),
                None => self.starters.insert(line),
            };
        }
        self.nonfinal
            .extend(data.lines("nonfinal", "").iter().map(String::as_str));
        self.press_nouns.extend(data.words("press", "press_nouns"));
        self.title_articles
            .extend(data.words("press", "title_articles"));
        if months {
            self.months.extend(
                data.calendar
                    .month_forms()
                    .map(|(_, form)| capitalised(&bare(form))),
            );
        }
    }

    /// The lists of the given folders and no language-specific switches: what
    /// a new language brings as data alone.
    #[cfg(test)]
    pub fn from_data(folders: &[&'static LangData]) -> Lexicon {
        let mut lex = Lexicon::default();
        for data in folders {
            lex.add(data, true);
        }
        lex
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
            lex.add(LangData::get(Lang::De), true);
            lex.ordinals = true;
            lex.dash_ends_dateline = true;
            lex.stop_ends_dateline = lang == Lang::De;
            lex.starter_after_lower = lang == Lang::De;
            lex.colon_ends_clause = lang == Lang::De;
            lex.press_titles = lang == Lang::De;
        }
        if en {
            lex.add(LangData::get(Lang::En), false);
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
        self.press_titles
            && self.title_articles.contains(next)
            && prev.chars().next().is_some_and(char::is_uppercase)
            && self.press_nouns.iter().any(|p| {
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

    /// A month name or abbreviation (without its stop), capitalised.
    pub fn is_month(&self, word: &str) -> bool {
        self.months.contains(word)
    }
}

/// `word` with its first letter in upper case.
fn capitalised(word: &str) -> String {
    let mut cs = word.chars();
    cs.next()
        .map(|c| c.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
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
