//! Document-level consistency: a name tagged once is the same name elsewhere
//! in the article. The tagger sees one sentence at a time, so a surname that
//! stands alone ("Sutter sagte …") can be missed or typed differently from its
//! full mention; a majority vote over the document settles it.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::model::{begin_of, chunk_ends_at, chunks, is_begin, label_type, LOC, ORG, PER};
use super::resources::{NounClass, Resources};
use crate::hashing::FastBuild;
use crate::lang::Lang;
use crate::langdata::LangData;

fn capitalised(t: &str) -> bool {
    let mut c = t.chars();
    c.next().is_some_and(char::is_uppercase) && c.next().is_some_and(char::is_lowercase)
}

/// Forms a vote may transfer to: the word itself and its German genitive.
fn base_form(t: &str) -> &str {
    t.strip_suffix('s')
        .filter(|b| b.chars().count() >= 3)
        .unwrap_or(t)
}

/// Votes of a one-token chunk that a pattern asserted ("Bochum" as a side of
/// "Bochum - Kaiserslautern 2:1"); the tagger's own one-token chunks vote 1.
const RULE_VOTES: u32 = 3;

/// Votes of a club name a pattern found for its last word (the town).
const TEAM_VOTES: u32 = 2;

/// Votes of one full-name mention for its surname (a one-token chunk: 1).
const SURNAME_VOTES: u32 = 4;

/// A word for a named storm or weather system (`[storm_words]`): "Hurricane
/// Erin", "Orkan Sabine".
pub(super) fn is_storm_word(word: &str) -> bool {
    words()
        .storm_words
        .iter()
        .any(|s| s.len() == word.len() && s.eq_ignore_ascii_case(word))
}

/// A word that opens a title before its role noun ("Vice", "Deputy";
/// `[title_modifiers]` of `resources/<lang>/roles.txt`).
pub(super) fn is_title_modifier(word: &str) -> bool {
    words()
        .title_modifiers
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// An article, possessive or demonstrative (`[noun_determiners]`).
pub(super) fn is_determiner(w: &str) -> bool {
    words().noun_determiners.contains(w)
}

/// Words after which a capitalised word is a common noun: articles,
/// possessives, demonstratives and inflected adjectives ("der", "seinem",
/// "alten"); prepositions that end like adjectives are not among them.
pub(super) fn noun_context(prev: &str) -> bool {
    let w = words();
    if w.noun_determiners.contains(prev) {
        return true;
    }
    let adjective_ending = w
        .adjective_endings
        .iter()
        .any(|e| prev.ends_with(e.as_str()));
    prev.starts_with(char::is_lowercase)
        && prev.chars().count() > 3
        && adjective_ending
        && !w.not_adjectives.contains(prev)
}

/// The word lists of the consistency pass (`resources/<lang>/ner_document.txt`),
/// of German and English together.
/// The sets are asked per token: a fast hasher; the storm words are only
/// ever scanned (case aside), so a list.
struct Words {
    noun_determiners: HashSet<String, FastBuild>,
    adjective_endings: Vec<String>,
    not_adjectives: HashSet<String, FastBuild>,
    place_prepositions: HashSet<String, FastBuild>,
    person_joiners: HashSet<String, FastBuild>,
    person_followers: HashSet<String, FastBuild>,
    storm_words: Vec<String>,
    /// `[title_modifiers]` of `resources/<lang>/roles.txt`.
    title_modifiers: Vec<String>,
}

fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let list = |section: &str| -> Vec<String> {
            [Lang::De, Lang::En]
                .into_iter()
                .flat_map(|l| LangData::get(l).words("ner_document", section))
                .map(str::to_string)
                .collect()
        };
        Words {
            noun_determiners: list("noun_determiners").into_iter().collect(),
            adjective_endings: list("adjective_endings"),
            not_adjectives: list("not_adjectives").into_iter().collect(),
            place_prepositions: list("place_prepositions").into_iter().collect(),
            person_joiners: list("person_joiners").into_iter().collect(),
            person_followers: list("person_followers").into_iter().collect(),
            storm_words: list("storm_words"),
            title_modifiers: [Lang::De, Lang::En]
                .into_iter()
                .flat_map(|l| LangData::get(l).words("roles", "title_modifiers"))
                .map(str::to_string)
                .collect(),
        }
    })
}

/// Harmonise the labels of one document's sentences in place.
///
/// `locked[k][i]` marks labels a pattern asserted ([`super::patterns`]): they
/// are not changed, and their chunks vote with [`RULE_VOTES`]. `locked` may be
/// empty or shorter than `labels` (nothing locked).
pub fn harmonise(
    res: &Resources,
    tokens: &[Vec<&str>],
    labels: &mut [Vec<u8>],
    locked: &[Vec<bool>],
) {
    let is_locked = |k: usize, i: usize| {
        locked
            .get(k)
            .and_then(|l| l.get(i))
            .copied()
            .unwrap_or(false)
    };
    // votes[form][type]: single-token chunks, and the last token of a person's full name.
    let mut votes: HashMap<&str, [u32; 4], FastBuild> = HashMap::default();
    // Last words of full person names: "Sutter" after "Manfred Sutter".
    let mut surnames: HashSet<&str, FastBuild> = HashSet::default();
    for (k, (toks, labs)) in tokens.iter().zip(labels.iter()).enumerate() {
        for (s, e, ty) in chunks(labs) {
            if e - s == 1 {
                if capitalised(toks[s]) || ty == ORG {
                    let w = if is_locked(k, s) { RULE_VOTES } else { 1 };
                    votes.entry(toks[s]).or_default()[ty] += w;
                }
            } else if ty == ORG
                && is_locked(k, s)
                && capitalised(toks[e - 1])
                && !super::news::institution_with_place(res, &toks[s..e])
            {
                // A club a pattern found ("VfL Bochum", "1. FC Kaiserslautern"):
                // its town stands for the team in the match report. An
                // institution's town ("Amtsgericht Stendal") stays a place;
                // its own name ("Bildungsforschungsinstitut Bifie") votes.
                votes.entry(toks[e - 1]).or_default()[ORG] += TEAM_VOTES;
            } else if ty == PER && capitalised(toks[e - 1]) {
                // The surname stands for the person later on; a full name is
                // stronger evidence than a one-token guess of another type.
                votes.entry(toks[e - 1]).or_default()[PER] += SURNAME_VOTES;
                surnames.insert(toks[e - 1]);
            }
        }
    }
    if votes.is_empty() {
        return;
    }
    let winner = |form: &str| -> Option<usize> {
        let v = votes.get(form).or_else(|| votes.get(base_form(form)))?;
        let (best, n) = v.iter().enumerate().max_by_key(|(_, n)| **n)?;
        let ties = v.iter().filter(|x| **x == *n).count();
        (*n > 0 && ties == 1).then_some(best)
    };
    for (k, (toks, labs)) in tokens.iter().zip(labels.iter_mut()).enumerate() {
        for i in 0..toks.len() {
            if is_locked(k, i) {
                continue;
            }
            let Some(ty) = winner(toks[i]) else { continue };
            let l = labs[i];
            let alone_before = i == 0 || labs[i - 1] == 0;
            let next_free = chunk_ends_at(labs, i);
            // "in Bochum" stays a place even where Bochum is a team.
            let place_context = i > 0
                && ty == ORG
                && label_type(l) == Some(LOC)
                && words().place_prepositions.contains(toks[i - 1]);
            if l != 0 && is_begin(l) && next_free && label_type(l) != Some(ty) && !place_context {
                // A single-token chunk typed against the document's majority.
                labs[i] = begin_of(ty);
            } else if l == 0 && alone_before && next_free && capitalised(toks[i]) {
                let lower: Vec<char> = toks[i].to_lowercase().chars().collect();
                let class = res.noun_class(&lower);
                let common = class != NounClass::None;
                let surname = ty == PER
                    && (surnames.contains(toks[i]) || surnames.contains(base_form(toks[i])));
                // Sentence-initial words and known common nouns are left alone,
                // except the surname of a person the article named in full: a
                // name the lexicon also knows as a noun ("Sutter", "Emde") is
                // the person where no article or adjective makes it a noun, and
                // one that only ends like a noun ("Baerbock") is the person at
                // the start of a sentence too.
                // "Blinken und Lawrow": joined to a person, a surname is one
                // at the start of a sentence too.
                let joined_to_person = i + 2 < toks.len()
                    && words().person_joiners.contains(toks[i + 1])
                    && (label_type(labs[i + 2]) == Some(PER) && is_begin(labs[i + 2])
                        || surnames.contains(toks[i + 2]));
                // "Kraft: Das war knapp.", "Sutter sagte …": an interview
                // answer's label or the subject of a verb of saying.
                let speaking = toks
                    .get(i + 1)
                    .is_some_and(|w| words().person_followers.contains(*w));
                let relabel = if surname {
                    let after_noun_word = i > 0 && noun_context(toks[i - 1]);
                    match class {
                        NounClass::None => true,
                        NounClass::Head => !after_noun_word,
                        _ => (i > 0 || joined_to_person || speaking) && !after_noun_word,
                    }
                } else {
                    i > 0 && !common
                };
                if relabel {
                    labs[i] = begin_of(ty);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::corpus::normalise_tags;

    #[test]
    fn a_clubs_town_is_the_team_an_institutions_town_a_place() {
        let mut res = Resources::default();
        res.add_gaz(&["stendal"], crate::ner::resources::gaz::CITY);
        let lock = |n: usize, k: usize| {
            let mut v = vec![false; n];
            v[k] = true;
            v[k + 1] = true;
            v
        };
        for (head, after) in [("VfL", "B-ORG"), ("Amtsgericht", "B-LOC")] {
            let tokens = vec![
                vec!["Das", head, "Stendal", "siegte"],
                vec!["Stendal", "wartet", "."],
            ];
            let mut labels = vec![
                normalise_tags(&["O", "B-ORG", "I-ORG", "O"]),
                normalise_tags(&["B-LOC", "O", "O"]),
            ];
            harmonise(&res, &tokens, &mut labels, &[lock(4, 1), vec![false; 3]]);
            assert_eq!(labels[1], normalise_tags(&[after, "O", "O"]), "{head}");
        }
    }

    #[test]
    fn articles_and_adjectives_make_a_noun() {
        assert!(noun_context("der"));
        assert!(noun_context("alten"));
        assert!(!noun_context("für"));
        assert!(!noun_context("gegen"));
        assert!(!noun_context("("));
    }

    #[test]
    fn surname_spreads_through_the_document() {
        let res = Resources::default();
        let s1 = vec!["Hansjörg", "Schultz", "kam", "."];
        let s2 = vec!["Dann", "sprach", "Schultz", "."];
        let s3 = vec!["Galina", "lachte", "."];
        let tokens = vec![s1, s2, s3.clone(), s3];
        let mut labels = vec![
            normalise_tags(&["B-PER", "I-PER", "O", "O"]),
            normalise_tags(&["O", "O", "O", "O"]),
            normalise_tags(&["B-PER", "O", "O"]),
            normalise_tags(&["B-LOC", "O", "O"]),
        ];
        harmonise(&res, &tokens, &mut labels, &[]);
        assert_eq!(labels[1], normalise_tags(&["O", "O", "B-PER", "O"]));
        // A sentence-initial surname of a full name is the person too.
        let s4 = vec!["Schultz", "lachte", "."];
        let mut l4 = vec![normalise_tags(&["O", "O", "O"])];
        let mut all = labels.clone();
        all.append(&mut l4);
        let mut toks2 = tokens.clone();
        toks2.push(s4);
        harmonise(&res, &toks2, &mut all, &[]);
        assert_eq!(all[4], normalise_tags(&["B-PER", "O", "O"]));
        // A surname that ends like a noun ("Baerbock": "bock") is the person
        // at the start of a sentence too, but not after an article.
        let mut res = Resources::default();
        res.add_noun("bock");
        let t = vec![
            vec!["Annalena", "Baerbock", "kam", "."],
            vec!["Baerbock", "sprach", "."],
            vec!["Dann", "kam", "der", "Baerbock", "."],
        ];
        let mut l = vec![
            normalise_tags(&["B-PER", "I-PER", "O", "O"]),
            normalise_tags(&["O", "O", "O"]),
            normalise_tags(&["O", "O", "O", "O", "O"]),
        ];
        harmonise(&res, &t, &mut l, &[]);
        assert_eq!(l[1], normalise_tags(&["B-PER", "O", "O"]));
        assert_eq!(l[2], normalise_tags(&["O", "O", "O", "O", "O"]));
        // A surname the lexicon knows as a noun starts a sentence as the
        // person when it is joined to another person.
        let mut res = Resources::default();
        res.add_noun("sutter");
        let t = vec![
            vec!["Hans", "Sutter", "kam", "."],
            vec!["Sutter", "und", "Lange", "sprachen", "."],
            vec!["Sutter", "lag", "dort", "."],
        ];
        let mut l = vec![
            normalise_tags(&["B-PER", "I-PER", "O", "O"]),
            normalise_tags(&["O", "O", "B-PER", "O", "O"]),
            normalise_tags(&["O", "O", "O", "O"]),
        ];
        harmonise(&res, &t, &mut l, &[]);
        assert_eq!(l[1], normalise_tags(&["B-PER", "O", "B-PER", "O", "O"]));
        assert_eq!(l[2], normalise_tags(&["O", "O", "O", "O"]));
        // A tie (one PER, one LOC) changes nothing.
        assert_eq!(labels[3], normalise_tags(&["B-LOC", "O", "O"]));
    }
}
