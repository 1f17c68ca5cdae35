//! Shape checks on a tagged sentence: spans whose words say they cannot be
//! what the tagger made them, whatever the model's weights.
//!
//! - a **person never runs across a lowercase word** other than a name
//!   particle ("Vance berated Zelensky" is two people);
//! - a **weekday or month never ends a name** ("George Floyd Tuesday");
//! - a **person or place never starts with a digit** ("0350GMT");
//! - an **organisation never holds a title-case function word** of a headline
//!   ("… Meeting With Zelenskyy Turned Into …": English);
//! - an **organisation ending in a facility noun is a place** ("L Street",
//!   "the U.S. Capitol": English; German writes these as compounds, which
//!   [`super::patterns`] handles).
//!
//! Word lists: `resources/{de,en}/ner_shape.txt`.

use std::sync::OnceLock;

use crate::hashing::WordSet;

use super::model::{begin_of, inside_of, is_begin, label_type, LOC, ORG, PER};
use crate::lang::Lang;

#[derive(Debug, Default)]
struct Words {
    name_particles: WordSet,
    time_words: WordSet,
    headline_function_words: WordSet,
    facility_heads: WordSet,
}

impl Words {
    fn parse(src: &str) -> Words {
        let mut w = Words::default();
        for (section, line) in crate::wordlist::lines(src) {
            let words = line.split_whitespace().map(str::to_string);
            match section {
                "name_particles" => w.name_particles.extend(words),
                "time_words" => w.time_words.extend(words),
                "headline_function_words" => w.headline_function_words.extend(words),
                "facility_heads" => w.facility_heads.extend(words),
                _ => {}
            }
        }
        w
    }
}

fn words(lang: Lang) -> Option<&'static Words> {
    static DE: OnceLock<Words> = OnceLock::new();
    static EN: OnceLock<Words> = OnceLock::new();
    match lang {
        Lang::De => Some(DE.get_or_init(|| {
            Words::parse(crate::langdata::LangData::get(Lang::De).text("ner_shape"))
        })),
        Lang::En => Some(EN.get_or_init(|| {
            Words::parse(crate::langdata::LangData::get(Lang::En).text("ner_shape"))
        })),
        Lang::Other => None,
    }
}

/// The spans of `labels` as (start, end, type), end exclusive.
fn spans(labels: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        let Some(ty) = label_type(labels[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < labels.len() && !is_begin(labels[j]) && label_type(labels[j]) == Some(ty) {
            j += 1;
        }
        out.push((i, j, ty));
        i = j;
    }
    out
}

fn set(labels: &mut [u8], from: usize, to: usize, ty: Option<usize>) {
    for (k, l) in labels[from..to].iter_mut().enumerate() {
        *l = match ty {
            None => 0,
            Some(t) if k == 0 => begin_of(t),
            Some(t) => inside_of(t),
        };
    }
}

/// A lowercase word that cannot be part of a name: not a particle, and not
/// a prefixed name part ("al-Maktoum", "d'Estaing").
fn lowercase_word(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_lowercase)
        && !t
            .split(['-', '\'', '’'])
            .skip(1)
            .any(|part| part.chars().next().is_some_and(char::is_uppercase))
}

/// Apply the checks to one sentence's labels (IOB2 indices). Tokens a pattern
/// locked keep their labels.
pub fn apply(lang: Lang, tokens: &[&str], labels: &mut [u8], locked: &[bool]) {
    let Some(w) = words(lang) else {
        return;
    };
    if tokens.len() != labels.len() {
        return;
    }
    let is_locked = |a: usize, b: usize| (a..b).any(|k| locked.get(k).copied().unwrap_or(false));
    for (s, e, ty) in spans(labels) {
        if is_locked(s, e) {
            continue;
        }
        if (ty == PER || ty == LOC) && tokens[s].chars().next().is_some_and(|c| c.is_ascii_digit())
        {
            set(labels, s, e, None);
            continue;
        }
        if ty == ORG && (s..e).any(|k| w.headline_function_words.contains(tokens[k])) {
            set(labels, s, e, None);
            continue;
        }
        let mut e = e;
        // A weekday or month after a name is a date, not part of the name.
        while e - s > 1 && w.time_words.contains(tokens[e - 1]) {
            set(labels, e - 1, e, None);
            e -= 1;
        }
        if ty == ORG && w.facility_heads.contains(tokens[e - 1]) {
            set(labels, s, e, Some(LOC));
            continue;
        }
        if ty == PER {
            // Split at lowercase words that are no name particles.
            let mut k = s;
            let mut run = s;
            while k < e {
                let t = tokens[k];
                if lowercase_word(t) && !w.name_particles.contains(t) {
                    if run < k {
                        set(labels, run, k, Some(PER));
                    }
                    labels[k] = 0;
                    run = k + 1;
                }
                k += 1;
            }
            if run > s && run < e {
                set(labels, run, e, Some(PER));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::model::LABELS;

    fn tag(lang: Lang, sent: &str, labels: &[&str]) -> Vec<&'static str> {
        let tokens: Vec<&str> = sent.split(' ').collect();
        let mut ls: Vec<u8> = labels
            .iter()
            .map(|l| LABELS.iter().position(|x| x == l).unwrap() as u8)
            .collect();
        let locked = vec![false; ls.len()];
        apply(lang, &tokens, &mut ls, &locked);
        ls.iter().map(|&l| LABELS[l as usize]).collect()
    }

    #[test]
    fn persons_split_at_lowercase_words() {
        let got = tag(
            Lang::En,
            "Trump and Vance berated Zelensky",
            &["B-PER", "O", "B-PER", "I-PER", "I-PER"],
        );
        assert_eq!(got, ["B-PER", "O", "B-PER", "O", "B-PER"]);
        // Name particles stay inside.
        let got = tag(
            Lang::De,
            "Ursula von der Leyen",
            &["B-PER", "I-PER", "I-PER", "I-PER"],
        );
        assert_eq!(got, ["B-PER", "I-PER", "I-PER", "I-PER"]);
    }

    #[test]
    fn dates_digits_headlines_and_facilities() {
        assert_eq!(
            tag(
                Lang::En,
                "George Floyd Tuesday",
                &["B-PER", "I-PER", "I-PER"]
            ),
            ["B-PER", "I-PER", "O"]
        );
        assert_eq!(tag(Lang::En, "at 0350GMT", &["O", "B-LOC"]), ["O", "O"]);
        assert_eq!(
            tag(
                Lang::En,
                "Meeting With Zelenskyy",
                &["B-ORG", "I-ORG", "I-ORG"]
            ),
            ["O", "O", "O"]
        );
        assert_eq!(
            tag(Lang::En, "the U.S. Capitol", &["O", "B-ORG", "I-ORG"]),
            ["O", "B-LOC", "I-LOC"]
        );
        // Clubs keep their numbers; German has no facility list.
        assert_eq!(
            tag(Lang::De, "1. FC Köln", &["B-ORG", "I-ORG", "I-ORG"]),
            ["B-ORG", "I-ORG", "I-ORG"]
        );
    }
}
