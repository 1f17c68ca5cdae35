//! Patterns of news pages that a sentence tagger trained on running text
//! gets wrong, applied to one sentence's labels after tagging:
//!
//! - **sports line-ups** (`Müller - Mauksch - Schößler, Wagenhaus (80. Kern)`):
//!   surnames joined by dashes and commas are persons, although a lone
//!   surname looks like a place to the tagger; the name before the line-up's
//!   colon (`Dresden :`) is the team;
//! - **results** (`Mainz - Wolfsburg 2:1`, `SV Assenheim - SG Rodheim 1:4`):
//!   the sides of a score are teams, organisations, even when named by their
//!   town;
//! - **agency credits** (`(Reuter / AP)`, `dpa / sid`): agencies are
//!   organisations, not the person "Reuter";
//! - **sports clubs** (`FC Germania Niederrodenbach`, `SG Wattenscheid 09`,
//!   `1. FC Köln`, `Karlsruher SC`): a club-form abbreviation with the
//!   names around it is one organisation;
//! - **currencies** after a number (`500 Mark`, `zwei Millionen Mark`) are
//!   not names;
//! - **separators**: a person or place never runs across a free-standing
//!   dash, semicolon or slash (`Hartmann - Dotschew` are two people; a comma
//!   may sit inside a name: "Schmidt, Helmut");
//! - **named facilities and institutions** written as German compounds:
//!   streets (`Parkstraße`, `Michael-Stumpf-Straße`) and stadiums are
//!   places; museums (actors in news: "das Museum kaufte …"), ministries,
//!   the public prosecutor and adult-education colleges (`Kunstmuseum`,
//!   `Innenministerium`, `Staatsanwaltschaft`, `Kreisvolkshochschule`) are
//!   organisations. The GermEval training data leave most of them untagged,
//!   CoNLL and users count them as names; a capitalised adjective of place
//!   before them belongs to the name (`Eschersheimer Landstraße`).
//!
//! - **party collectives**: "die Grünen", "Sozialdemokraten" name a party;
//! - **"Frankfurt a. M."**: the abbreviation of "am Main" belongs to the place.
//!
//! Every rule looks at token forms only, so it works the same in the
//! pipeline (article sentences) and in `depesche eval ner` (corpus sentences).
//!
//! The rules live by page kind: `sports.rs` (line-ups, results, tables,
//! scorers, clubs), `credits.rs` (agency credits, newspapers, datelines),
//! `names.rs` (parties, "a. M.", facilities and institutions); this file
//! holds the word lists, the token tests and span edits the rules share, the
//! rules of any page (separators, currencies, stray punctuation) and the
//! order in which [`apply`] runs them.

mod credits;
mod names;
mod sports;

use std::collections::HashSet;

use crate::hashing::FastBuild;

/// Word sets looked up for every token: a fast hasher, and before it the
/// byte lengths of the set's words, which settle most tokens without hashing.
#[derive(Default)]
struct WordSet {
    words: HashSet<String, FastBuild>,
    /// Bit `k`: a word of `k` bytes (bit 63: of 63 or more).
    lens: u64,
}

impl WordSet {
    fn len_bit(w: &str) -> u64 {
        1 << w.len().min(63)
    }

    fn contains(&self, w: &str) -> bool {
        self.lens & Self::len_bit(w) != 0 && self.words.contains(w)
    }
}

impl FromIterator<String> for WordSet {
    fn from_iter<I: IntoIterator<Item = String>>(words: I) -> WordSet {
        let mut set = WordSet::default();
        for w in words {
            set.lens |= Self::len_bit(&w);
            set.words.insert(w);
        }
        set
    }
}
use std::sync::OnceLock;

use super::model::{begin_of, chunk_ends_at, inside_of, is_begin, label_type, LOC, ORG, PER};
use crate::lang::Lang;
use crate::langdata::LangData;

use credits::{agencies, dateline, press};
pub(super) use names::remit_end;
use names::{am_main, company_forms, facilities, honorifics, parties, town_and_state};
use sports::{clubs, lineup, officials, results, scorers, tables};

/// The word lists of the patterns for one language: its folder's
/// `ner_patterns.txt` and the one in `resources/common/`, then — the behaviour
/// the NER figures were measured with — the other languages' lists too: the
/// German lists fire on English text (German clubs and currencies in English
/// sports and business reports) and the English ones on German text ("Hearts
/// of Midlothian" in a results table); reading only a language's own lists
/// changes CoNLL-2003 German F1. Narrowing them is a measured change of its own.
struct Words {
    /// Currency names that follow an amount ("500 Mark").
    currencies: WordSet,
    /// Number words between an amount and its currency ("Millionen").
    amount_words: WordSet,
    /// Abbreviated newspaper names ("FAZ").
    press_abbreviations: WordSet,
    /// Newspaper titles that start with a capitalised article, as tokens.
    press_titles: Vec<Vec<String>>,
    /// The first tokens of `press_titles`: most words start none, and are
    /// settled without comparing them with every title.
    press_title_starts: WordSet,
    /// Parts of a word for a publication ("zeitung", "magazin").
    press_nouns: Vec<String>,
    /// Places the gazetteers lack (former states, regions).
    place_names: WordSet,
    /// Organisations named by one word, as written: platforms and
    /// broadcasters ("Telegram", "n-tv"), parties ("AfD") and companies
    /// ("Zalando"; of the article's own language only). One set: looked up
    /// for every token.
    organisations: WordSet,
    /// Plural nouns that name a party ("Grünen").
    party_collectives: WordSet,
    /// Words that end a company's name ("Company", "Holding").
    company_forms: WordSet,
    /// Courtesy titles before a surname ("Mr.", "Mrs."), as written.
    honorifics: WordSet,
    /// Postal codes of US states after a town ("Holmdel, NJ").
    state_codes: WordSet,
    /// Abbreviated legal forms of sports clubs ("FC", "SV").
    club_forms: WordSet,
    /// Capitalised function words that end a club's name ("Die").
    club_stop_words: WordSet,
    /// Lower-case words inside a team's name ("of", "de").
    name_links: WordSet,
    /// Words after a table row's goals ("Tore", "Punkte").
    table_words: WordSet,
    /// Match officials before a colon, their name and their home town
    /// ("Schiedsrichter").
    officials: WordSet,
    /// Compound heads naming a place or an institution, with the type.
    facility_heads: Vec<(String, usize)>,
    /// Words that end like a named facility but are common nouns ("Turnhalle").
    common_facilities: WordSet,
}

impl Words {
    fn get(lang: Lang) -> &'static Words {
        static DE: OnceLock<Words> = OnceLock::new();
        static EN: OnceLock<Words> = OnceLock::new();
        static OTHER: OnceLock<Words> = OnceLock::new();
        let cell = match lang {
            Lang::De => &DE,
            Lang::En => &EN,
            Lang::Other => &OTHER,
        };
        cell.get_or_init(|| {
            let mut folders = vec![LangData::get(lang), LangData::common()];
            for other in [Lang::De, Lang::En] {
                if other != lang {
                    folders.push(LangData::get(other));
                }
            }
            Words::load(&folders)
        })
    }

    fn load(folders: &[&LangData]) -> Words {
        let words = |section: &str| -> Vec<String> {
            folders
                .iter()
                .flat_map(|d| d.words("ner_patterns", section))
                .map(str::to_string)
                .collect()
        };
        let set = |section: &str| -> WordSet { words(section).into_iter().collect() };
        // `strip_head` compares a head's last two bytes first.
        let typed = |section: &str, ty: usize| {
            words(section)
                .into_iter()
                .filter(|w| w.len() >= 2)
                .map(move |w| (w, ty))
        };
        let press_titles: Vec<Vec<String>> = folders
            .iter()
            .flat_map(|d| d.lines("ner_patterns", "press_titles"))
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .collect();
        Words {
            currencies: set("currencies"),
            amount_words: set("amount_words"),
            press_abbreviations: set("press_abbreviations"),
            press_title_starts: press_titles
                .iter()
                .filter_map(|t| t.first().cloned())
                .collect(),
            press_titles,
            press_nouns: words("press_nouns"),
            place_names: set("place_names"),
            // Companies from the language's own folder only: "Amazon" is a
            // company in German news, a river as often as not in English.
            organisations: words("media_names")
                .into_iter()
                .chain(words("party_names"))
                .chain(
                    folders[0]
                        .words("ner_patterns", "company_names")
                        .map(str::to_string),
                )
                .collect(),
            party_collectives: set("party_collectives"),
            company_forms: set("company_forms"),
            honorifics: set("honorifics"),
            state_codes: set("state_codes"),
            club_forms: set("club_forms"),
            club_stop_words: set("club_stop_words"),
            name_links: set("name_links"),
            table_words: set("table_words"),
            officials: set("officials"),
            facility_heads: typed("facility_places", LOC)
                .chain(typed("facility_organisations", ORG))
                .collect(),
            common_facilities: set("common_facilities"),
        }
    }
}

fn is_number(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_digit())
}

/// "2:1", "10:3": a match score.
pub(super) fn is_score(t: &str) -> bool {
    // Byte scan, no searcher: this runs for every token.
    let b = t.as_bytes();
    if !(3..=7).contains(&b.len()) || !b[0].is_ascii_digit() {
        return false;
    }
    let Some(colon) = b.iter().position(|&c| c == b':') else {
        return false;
    };
    let digits = |s: &[u8]| (1..=3).contains(&s.len()) && s.iter().all(u8::is_ascii_digit);
    digits(&b[..colon]) && digits(&b[colon + 1..])
}

fn is_dash(t: &str) -> bool {
    matches!(t, "-" | "–" | "—")
}

/// A capitalised word with a lower-case letter: "Müller", "Nieder-Wöllstadt", "VfB".
fn is_name_word(t: &str) -> bool {
    let mut cs = t.chars();
    cs.next().is_some_and(char::is_uppercase)
        && t.chars().any(char::is_lowercase)
        && t.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
}

/// A word that may be part of a team name: a capitalised word or an
/// all-capital club abbreviation ("SV", "FC", "TSV").
fn is_team_word(t: &str) -> bool {
    is_name_word(t) || (t.len() >= 2 && t.len() <= 4 && t.chars().all(|c| c.is_ascii_uppercase()))
}

/// Label `from..to` as one entity of type `ty`, locked against document
/// consistency (a rule's evidence outweighs the tagger's guess elsewhere).
fn set_span(labels: &mut [u8], locked: &mut [bool], from: usize, to: usize, ty: usize) {
    for (k, l) in labels[from..to].iter_mut().enumerate() {
        *l = if k == 0 { begin_of(ty) } else { inside_of(ty) };
    }
    for x in &mut locked[from..to] {
        *x = true;
    }
    restart_at(labels, to);
}

/// Clear `i` and let a chunk that went on after it start anew.
fn clear(labels: &mut [u8], i: usize) {
    labels[i] = 0;
    restart_at(labels, i + 1);
}

/// A chunk that went on at `i` (its token before was relabelled) starts anew there.
fn restart_at(labels: &mut [u8], i: usize) {
    if let Some(t) = labels.get(i).and_then(|&l| label_type(l)) {
        if labels[i] == inside_of(t) {
            labels[i] = begin_of(t);
        }
    }
}

/// Apply all patterns to one sentence; `locked` is set for the tokens whose
/// label a rule asserted ([`super::doc::harmonise`] leaves them alone).
pub fn apply(lang: Lang, tokens: &[&str], labels: &mut [u8], locked: &mut Vec<bool>) {
    locked.clear();
    locked.resize(labels.len(), false);
    if tokens.len() != labels.len() || tokens.is_empty() {
        return;
    }
    let w = Words::get(lang);
    separators(tokens, labels);
    currencies(w, tokens, labels);
    agencies(tokens, labels, locked);
    if tokens.iter().any(|t| is_score(t)) {
        results(w, tokens, labels, locked);
        tables(w, tokens, labels, locked);
        scorers(tokens, labels, locked);
    }
    clubs(w, tokens, labels, locked);
    officials(w, tokens, labels, locked);
    if let Some(names) = lineup(tokens) {
        // "Dresden : Müller - …": the team before the colon.
        if let Some(colon) = tokens.iter().take(5).position(|t| *t == ":") {
            if colon > 0 && tokens[..colon].iter().all(|t| is_team_word(t)) {
                set_span(labels, locked, 0, colon, ORG);
            }
        }
        for p in names {
            set_span(labels, locked, p, p + 1, PER);
        }
    }
    facilities(w, tokens, labels, locked);
    parties(w, tokens, labels, locked);
    honorifics(w, tokens, labels, locked);
    company_forms(w, tokens, labels, locked);
    town_and_state(w, tokens, labels, locked);
    press(w, tokens, labels, locked);
    dateline(tokens, labels, locked);
    am_main(tokens, labels);
    punctuation_chunks(tokens, labels);
}

/// A name does not start with punctuation (left when a rule cut a span
/// before a slash: "SG Rodenbach / Wolfgang").
fn punctuation_chunks(tokens: &[&str], labels: &mut [u8]) {
    // Clearing a chunk's first token makes the next one its start, which the
    // loop then sees in turn.
    for i in 0..tokens.len() {
        if is_begin(labels[i]) && !tokens[i].chars().any(char::is_alphanumeric) {
            clear(labels, i);
        }
    }
}

/// Persons and places do not run across a free-standing dash, semicolon or
/// slash; a match score ("1:1") is never part of a name.
fn separators(tokens: &[&str], labels: &mut [u8]) {
    for i in 0..tokens.len() {
        if labels[i] != 0 && is_score(tokens[i]) {
            clear(labels, i);
            continue;
        }
        if i == 0 {
            continue;
        }
        let l = labels[i];
        if (l == inside_of(PER) || l == inside_of(LOC))
            && (is_dash(tokens[i]) || matches!(tokens[i], ";" | "/"))
        {
            clear(labels, i);
        }
    }
}

/// "500 Mark": a one-token name that is a currency after an amount.
fn currencies(w: &Words, tokens: &[&str], labels: &mut [u8]) {
    for s in 1..tokens.len() {
        let one_token = is_begin(labels[s]) && chunk_ends_at(labels, s);
        if one_token
            && w.currencies.contains(tokens[s])
            && (is_number(tokens[s - 1]) || w.amount_words.contains(tokens[s - 1]))
        {
            clear(labels, s);
        }
    }
}

/// Patterns across the sentences of one document, after [`apply`]: a
/// sentence of nothing but a team's name and a colon before a line-up
/// (`Wattenscheid :` when the colon ended a sentence) names the team.
pub fn apply_document(tokens: &[Vec<&str>], labels: &mut [Vec<u8>], locked: &mut [Vec<bool>]) {
    for k in 0..tokens.len().saturating_sub(1) {
        let t = &tokens[k];
        let n = t.len();
        if !(2..=4).contains(&n) || t[n - 1] != ":" || !t[..n - 1].iter().all(|w| is_team_word(w)) {
            continue;
        }
        if lineup(&tokens[k + 1]).is_some() && locked[k].len() == n {
            set_span(&mut labels[k], &mut locked[k], 0, n - 1, ORG);
        }
    }
}

/// A platform, party or company named by one word in the lists of `lang`
/// (`[media_names]`, `[party_names]`, `[company_names]`), as written.
pub fn is_listed_organisation(lang: Lang, word: &str) -> bool {
    Words::get(lang).organisations.contains(word)
}

/// The labels [`apply`] gives a German sentence of space-separated tokens
/// that the tagger labelled `tags`: what the tests of every family check.
#[cfg(test)]
fn run(text: &str, tags: &[&str]) -> Vec<&'static str> {
    use crate::ner::corpus::normalise_tags;
    use crate::ner::model::LABELS;
    let tokens: Vec<&str> = text.split(' ').collect();
    let mut labels = normalise_tags(tags);
    apply(Lang::De, &tokens, &mut labels, &mut Vec::new());
    labels.iter().map(|&l| LABELS[l as usize]).collect()
}

#[cfg(test)]
mod tests {
    use super::run;

    #[test]
    fn currencies_and_separators() {
        assert_eq!(
            run("Es kostet 500 Mark .", &["O", "O", "O", "B-PER", "O"]),
            ["O", "O", "O", "O", "O"]
        );
        assert_eq!(
            run("Hartmann - Dotschew", &["B-PER", "I-PER", "I-PER"]),
            ["B-PER", "O", "B-PER"]
        );
    }

    #[test]
    fn a_referee_and_home_town() {
        assert_eq!(
            run(
                "Schiedsrichter : Thomas Berg ( Landshut-Auloh ) .",
                &["O", "O", "B-PER", "I-PER", "O", "B-ORG", "O", "O"]
            ),
            ["O", "O", "B-PER", "I-PER", "O", "B-LOC", "O", "O"]
        );
    }

    #[test]
    fn parties_standing_alone() {
        assert_eq!(
            run("Die AfD gewann .", &["O", "O", "O", "O"]),
            ["O", "B-ORG", "O", "O"]
        );
        assert_eq!(
            run("laut Pegida kamen", &["O", "B-PER", "O"]),
            ["O", "B-ORG", "O"]
        );
        // Companies too, also in the genitive.
        assert_eq!(
            run("Der Chef von Bosch sprach", &["O", "O", "O", "B-PER", "O"]),
            ["O", "O", "O", "B-ORG", "O"]
        );
        assert_eq!(
            run("Zalandos Umsatz sank", &["O", "O", "O"]),
            ["B-ORG", "O", "O"]
        );
        // Inside a longer name the tagger found, the party is left alone.
        assert_eq!(
            run("AfD Thüringen", &["B-ORG", "I-ORG"]),
            ["B-ORG", "I-ORG"]
        );
    }

    #[test]
    fn company_forms_end_an_organisation() {
        assert_eq!(
            run(
                "von der Sean Daniel Company produziert",
                &["O", "O", "B-PER", "I-PER", "I-PER", "O"]
            ),
            ["O", "O", "B-ORG", "I-ORG", "I-ORG", "O"]
        );
        assert_eq!(
            run("laut Walter Frey Holding", &["O", "B-PER", "I-PER", "O"]),
            ["O", "B-ORG", "I-ORG", "I-ORG"]
        );
    }

    #[test]
    fn no_name_starts_with_punctuation() {
        assert_eq!(
            run(
                "SG Rodenbach / Wolfgang",
                &["B-ORG", "I-ORG", "I-ORG", "I-ORG"]
            ),
            ["B-ORG", "I-ORG", "O", "B-ORG"]
        );
    }
}
