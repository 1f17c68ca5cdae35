//! Languages are data: the word lists every stage reads, one folder per
//! language under `crates/depesche/resources/<lang>/` (and `common/` for
//! lists that belong to no language, such as news agencies).
//!
//! Each folder holds plain text files in the `[section]` format of
//! [`crate::wordlist`], embedded at build time and parsed once into a
//! [`LangData`]. Lists several stages share have typed fields (the calendar);
//! a stage's own lists are read by file and section name
//! ([`LangData::words`], [`LangData::lines`]) and turned into that stage's
//! lookup structures. A [`LangData`] can also be built from other texts
//! ([`LangData::parse`]), so that a pipeline may own one it was given.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The languages depesche has resources for. Languages are data: adding one
/// adds resources (models, cue words, month names), not code paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    De,
    En,
    /// A language depesche has no resources for; only the text layer runs.
    Other,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
            Lang::Other => "other",
        }
    }
    pub fn from_code(code: &str) -> Lang {
        match code.trim().to_ascii_lowercase().as_str() {
            "de" | "deu" | "ger" | "german" | "deutsch" => Lang::De,
            "en" | "eng" | "english" | "englisch" => Lang::En,
            c if c.starts_with("de-") || c.starts_with("de_") => Lang::De,
            c if c.starts_with("en-") || c.starts_with("en_") => Lang::En,
            _ => Lang::Other,
        }
    }
}

/// The embedded resource files: one entry per folder, each file by its name
/// (read back by its stem: `calendar.txt` is `"calendar"`).
macro_rules! folder {
    ($dir:literal: $($file:literal),* $(,)?) => {
        ($dir, &[$(($file, include_str!(concat!("../resources/", $dir, "/", $file)))),*])
    };
}

type Folder = (&'static str, &'static [(&'static str, &'static str)]);

const EMBEDDED: &[Folder] = &[
    folder!(
        "common": "agencies.txt", "furniture.txt", "structure.txt", "ner_patterns.txt", "credit.txt",
        "html_classes.txt", "geo.txt", "cameo.txt",
    ),
    folder!(
        "de": "calendar.txt", "abbreviations.txt", "sentence_starters.txt", "nonfinal.txt",
        "furniture.txt", "structure.txt", "time.lex", "lang.txt", "geo.txt", "ner_patterns.txt",
        "stopwords.txt", "roles.txt", "credit.txt", "ner_document.txt", "time_words.txt",
        "press.txt", "quotes.txt", "coref.txt", "events.txt", "tone.txt", "ner_names.txt",
        "ner_news.txt", "ner_shape.txt", "search_unindexed.txt", "entity_identity.txt",
        "lowercase_words.txt",
    ),
    folder!(
        "en": "calendar.txt", "abbreviations.txt", "sentence_starters.txt", "nonfinal.txt",
        "furniture.txt", "structure.txt", "time.lex", "lang.txt", "geo.txt", "ner_patterns.txt",
        "stopwords.txt", "roles.txt", "credit.txt", "ner_document.txt", "time_words.txt",
        "quotes.txt", "coref.txt", "events.txt", "tone.txt", "ner_shape.txt",
        "search_unindexed.txt", "entity_identity.txt",
    ),
    // A stub that shows a language is a folder: tokenization data and the calendar only.
    folder!("fr": "calendar.txt", "abbreviations.txt"),
];

/// Month and weekday names of one language, each form as written in its
/// `calendar.txt` (lowercase; a leading `=` marks a form that counts only with
/// the capitalisation written after it, see [`bare`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    /// Twelve entries, January first: the full names of each month.
    pub months: Vec<Vec<String>>,
    /// Twelve entries, January first: abbreviations without their full stop (may be empty).
    pub month_abbreviations: Vec<Vec<String>>,
    /// Seven entries, Monday first: names and abbreviations of each weekday.
    pub weekdays: Vec<Vec<String>>,
}

impl Calendar {
    /// Every month form (full names, then abbreviations) with its month number 1–12.
    pub fn month_forms(&self) -> impl Iterator<Item = (u32, &str)> {
        numbered(&self.months).chain(numbered(&self.month_abbreviations))
    }
}

/// Each form of a table of lists with its line number, counted from 1.
fn numbered(lists: &[Vec<String>]) -> impl Iterator<Item = (u32, &str)> {
    lists
        .iter()
        .zip(1u32..)
        .flat_map(|(forms, n)| forms.iter().map(move |f| (n, f.as_str())))
}

/// A calendar form without its capitalisation marker, lowercase.
pub fn bare(form: &str) -> String {
    form.strip_prefix('=').unwrap_or(form).to_lowercase()
}

/// The resources of one language (or of `common`).
#[derive(Debug, Clone, Default)]
pub struct LangData {
    /// The folder name: `de`, `en`, `fr`, `common`.
    pub code: String,
    /// Month and weekday names (empty for a folder without `calendar.txt`).
    pub calendar: Calendar,
    /// File stem → section → content lines (comments and blank lines removed).
    lists: HashMap<String, HashMap<String, Vec<String>>>,
    /// File stem → the whole text, for files in a format of their own
    /// (furniture patterns, where trailing spaces count).
    texts: HashMap<String, String>,
}

impl LangData {
    /// Build from `(file name, text)` pairs (files are known by their stem). A `calendar` file must list twelve
    /// months and seven weekdays, so that a broken resource fails its test.
    pub fn parse(code: &str, files: &[(&str, &str)]) -> Result<LangData, String> {
        let mut data = LangData {
            code: code.to_string(),
            ..LangData::default()
        };
        for (name, text) in files {
            let file = name.split_once('.').map_or(*name, |(stem, _)| stem);
            data.texts.insert(file.to_string(), text.to_string());
            let sections = data.lists.entry(file.to_string()).or_default();
            for (section, line) in crate::wordlist::lines(text) {
                sections
                    .entry(section.to_string())
                    .or_default()
                    .push(line.to_string());
            }
        }
        if data.lists.contains_key("calendar") {
            data.calendar = data.read_calendar()?;
        }
        Ok(data)
    }

    fn read_calendar(&self) -> Result<Calendar, String> {
        let table = |section: &str, n: usize| -> Result<Vec<Vec<String>>, String> {
            let rows: Vec<Vec<String>> = self
                .lines("calendar", section)
                .iter()
                .map(|l| {
                    l.split_whitespace()
                        .filter(|w| *w != "-")
                        .map(str::to_string)
                        .collect()
                })
                .collect();
            if rows.len() == n {
                Ok(rows)
            } else {
                Err(format!(
                    "{}/calendar.txt [{section}]: {} lines, expected {n}",
                    self.code,
                    rows.len()
                ))
            }
        };
        Ok(Calendar {
            months: table("months", 12)?,
            month_abbreviations: table("month_abbreviations", 12)?,
            weekdays: table("weekdays", 7)?,
        })
    }

    /// The embedded resources of `lang` (empty for [`Lang::Other`]).
    pub fn get(lang: Lang) -> &'static LangData {
        LangData::get_embedded(lang.code())
    }

    /// The embedded lists that belong to no language (news agencies).
    pub fn common() -> &'static LangData {
        LangData::get_embedded("common")
    }

    /// The embedded folder `code` (`de`, `en`, `fr`, `common`), if there is one.
    pub fn embedded(code: &str) -> Option<&'static LangData> {
        static ALL: OnceLock<Vec<LangData>> = OnceLock::new();
        ALL.get_or_init(|| {
            EMBEDDED
                .iter()
                .map(|(code, files)| {
                    // The files are part of the binary and checked by the tests below.
                    LangData::parse(code, files).unwrap_or_else(|e| panic!("resources: {e}"))
                })
                .collect()
        })
        .iter()
        .find(|d| d.code == code)
    }

    fn get_embedded(code: &str) -> &'static LangData {
        static EMPTY: OnceLock<LangData> = OnceLock::new();
        LangData::embedded(code).unwrap_or_else(|| EMPTY.get_or_init(LangData::default))
    }

    /// The codes of the embedded folders.
    pub fn embedded_codes() -> impl Iterator<Item = &'static str> {
        EMBEDDED.iter().map(|(code, _)| *code)
    }

    /// The content lines of `[section]` in `file` (`""`: lines before any section).
    pub fn lines(&self, file: &str, section: &str) -> &[String] {
        self.lists
            .get(file)
            .and_then(|s| s.get(section))
            .map_or(&[], Vec::as_slice)
    }

    /// The whitespace-separated words of `[section]` in `file`.
    pub fn words<'a>(&'a self, file: &str, section: &str) -> impl Iterator<Item = &'a str> {
        self.lines(file, section)
            .iter()
            .flat_map(|l| l.split_whitespace())
    }

    /// The whole text of `file` (`""` when the folder has none).
    pub fn text(&self, file: &str) -> &str {
        self.texts.get(file).map_or("", String::as_str)
    }

    /// Whether the folder has `file` at all.
    pub fn has(&self, file: &str) -> bool {
        self.lists.contains_key(file)
    }
}

#[cfg(test)]
mod tidy;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_folder_parses() {
        for code in LangData::embedded_codes() {
            let files = EMBEDDED.iter().find(|(c, _)| *c == code).unwrap().1;
            let data = LangData::parse(code, files).unwrap_or_else(|e| panic!("{e}"));
            if data.has("calendar") {
                assert_eq!(data.calendar.months.len(), 12, "{code}");
                assert!(data.calendar.months.iter().all(|m| !m.is_empty()), "{code}");
            }
        }
    }

    #[test]
    fn german_and_english_share_one_loader() {
        let de = LangData::get(Lang::De);
        assert_eq!(de.calendar.months[0][..2], ["januar", "jänner"]);
        assert_eq!(de.calendar.weekdays[5], ["samstag", "sonnabend"]);
        let en = LangData::get(Lang::En);
        assert_eq!(en.calendar.months[4], ["=May"]);
        assert_eq!(bare(&en.calendar.months[4][0]), "may");
        assert!(LangData::get(Lang::Other)
            .lines("calendar", "months")
            .is_empty());
        assert!(LangData::common()
            .words("agencies", "agencies")
            .any(|a| a == "dpa"));
    }

    /// A third language is only a folder: French brings tokenization data and
    /// the calendar, and the tokenizer's lexicon is built from it like German's.
    #[test]
    fn a_language_is_a_folder() {
        let fr = LangData::embedded("fr").expect("resources/fr is embedded");
        assert_eq!(fr.calendar.months[7], ["août", "aout"]);
        assert_eq!(fr.calendar.weekdays[6], ["dimanche"]);
        assert!(fr.calendar.month_abbreviations[4].is_empty());
        let forms: Vec<(u32, &str)> = fr.calendar.month_forms().collect();
        assert!(forms.contains(&(2, "févr")));
        assert!(fr.lines("abbreviations", "").iter().any(|a| a == "Mme."));
        let lex = crate::text::lexicon::Lexicon::from_data(&[fr]);
        assert_eq!(lex.abbrev("Mme."), Some(false));
        assert_eq!(lex.abbrev("etc."), Some(true));
        assert!(lex.is_month("Juillet"));
        assert_eq!(lex.abbrev("Nr."), None);
    }

    #[test]
    fn a_broken_calendar_is_an_error() {
        let err = LangData::parse("xx", &[("calendar", "[months]\njan\n")]).unwrap_err();
        assert!(err.contains("expected 12"), "{err}");
    }
}
