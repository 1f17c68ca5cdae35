//! Page furniture around a report: agency credits ("(Reuter / AP)"),
//! newspapers cited by title or abbreviation, and datelines in capitals.

use crate::ner::model::{chunk_ends_at, inside_of, is_begin, label_type, LOC, ORG};
use crate::structure::credit::agency;

use super::{is_name_word, is_number, set_span, Words};

/// Where a capitalised "Die Zeit" is the paper: after a verb or a function
/// word ("berichtet Die Zeit", "in Die Welt"), or after a word for a
/// publication ("Nachrichtenmagazin Der Spiegel"); after a name it more likely
/// opens a run-in sentence ("… Flevoland Die Zeit nach dem Krieg").
pub(super) fn press_context(w: &Words, prev: &str) -> bool {
    if prev.starts_with(char::is_lowercase) {
        return true;
    }
    let lower = prev.to_lowercase();
    w.press_nouns.iter().any(|n| lower.contains(n.as_str()))
}

/// Newspapers named by abbreviation or by a title with its article.
pub(super) fn press(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for i in 0..tokens.len() {
        // A platform, broadcaster, party or company standing as a word of its
        // own (not inside a longer name the tagger found) is an organisation.
        // Also in the genitive: "Zalandos Chef".
        if (w.organisations.contains(tokens[i])
            || tokens[i]
                .strip_suffix('s')
                .is_some_and(|b| b.chars().count() >= 3 && w.organisations.contains(b)))
            && label_type(labels[i]) != Some(ORG)
            && (labels[i] == 0 || (is_begin(labels[i]) && chunk_ends_at(labels, i)))
        {
            set_span(labels, locked, i, i + 1, ORG);
            continue;
        }
        if !tokens[i].starts_with(char::is_uppercase) && tokens[i] != "taz" {
            continue;
        }
        if labels[i] == 0 && w.press_abbreviations.contains(tokens[i]) {
            set_span(labels, locked, i, i + 1, ORG);
        } else if i > 0 && labels[i] == 0 && w.press_title_starts.contains(tokens[i]) {
            let title = w.press_titles.iter().find(|t| {
                t.len() <= tokens.len() - i && t.iter().zip(&tokens[i..]).all(|(a, b)| a == b)
            });
            if let Some(title) = title {
                if press_context(w, tokens[i - 1]) {
                    set_span(labels, locked, i, i + title.len(), ORG);
                }
            }
        }
        // A listed place, or a district written with its hyphens
        // ("Main-Kinzig-Kreis"), typed otherwise as a whole word.
        let district = tokens[i]
            .strip_suffix("-Kreis")
            .or_else(|| tokens[i].strip_suffix("-Kreises"))
            .is_some_and(|m| m.contains('-') && is_name_word(m));
        let whole = labels[i] == 0 || (is_begin(labels[i]) && chunk_ends_at(labels, i));
        if whole
            && label_type(labels[i]) != Some(LOC)
            && (w.place_names.contains(tokens[i]) || district)
        {
            set_span(labels, locked, i, i + 1, LOC);
        }
    }
}

/// A dateline's place in capitals opening the sentence: `WETTERAUKREIS . Die
/// …` (local pages), `BONN , 23. August`, `KUALA LUMPUR ( dpa )`.
pub(super) fn dateline(tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    let caps = |t: &str| {
        t.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && t.chars().all(|c| c.is_uppercase() || c == '-')
    };
    let n = tokens.len();
    let mut end = 0;
    while end < n && end < 3 && caps(tokens[end]) {
        end += 1;
    }
    if end == 0 || end >= n {
        return;
    }
    // "WETTERAUKREIS ." may also stand alone, split off by its stop.
    let after = tokens.get(end + 1).copied().unwrap_or("");
    let is_dateline = match tokens[end] {
        "." => true,
        "," => is_number(after),
        "(" => agency(after).is_some(),
        _ => false,
    };
    if is_dateline && !(label_type(labels[0]) == Some(LOC) && labels[end] != inside_of(LOC)) {
        set_span(labels, locked, 0, end, LOC);
    }
}

/// Agencies in a credit: a bracket or a whole sentence holding nothing but
/// agency names, slashes and short editor codes (`(Reuter / AP)`, `(dpa)`,
/// `dpa / sid`).
pub(super) fn agencies(tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    let credit_only = |from: usize, to: usize| -> bool {
        let mut any = false;
        for t in &tokens[from..to] {
            if agency(t).is_some() {
                any = true;
            } else if !(matches!(*t, "/" | "," | "." | "-")
                || (t.len() <= 3 && t.chars().all(|c| c.is_lowercase())))
            {
                return false;
            }
        }
        any
    };
    let mark = |labels: &mut [u8], locked: &mut [bool], from: usize, to: usize| {
        for (i, t) in tokens.iter().enumerate().take(to).skip(from) {
            if agency(t).is_some() {
                set_span(labels, locked, i, i + 1, ORG);
            }
        }
    };
    // The whole sentence: "dpa / sid".
    if tokens.len() <= 6 && credit_only(0, tokens.len()) {
        mark(labels, locked, 0, tokens.len());
        return;
    }
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i] == "(" {
            if let Some(close) = (i + 1..tokens.len().min(i + 8)).find(|&k| tokens[k] == ")") {
                if close > i + 1 && credit_only(i + 1, close) {
                    mark(labels, locked, i + 1, close);
                }
                i = close;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;

    #[test]
    fn agency_credits() {
        assert_eq!(
            run(
                "WASHINGTON ( Reuter / AP ) .",
                &["B-LOC", "O", "B-PER", "O", "O", "O", "O"]
            ),
            ["B-LOC", "O", "B-ORG", "O", "B-ORG", "O", "O"]
        );
        assert_eq!(run("dpa / sid", &["O", "O", "O"]), ["B-ORG", "O", "B-ORG"]);
        // "Reuter" outside a credit is left to the tagger.
        assert_eq!(
            run("Reuter sagte das .", &["B-PER", "O", "O", "O"]),
            ["B-PER", "O", "O", "O"]
        );
    }

    #[test]
    fn platforms_and_broadcasters() {
        // Untagged or typed otherwise, a listed name alone is an organisation.
        assert_eq!(
            run("auf Telegram und laut n-tv", &["O", "O", "O", "O", "O"]),
            ["O", "B-ORG", "O", "O", "B-ORG"]
        );
        assert_eq!(
            run("über Twitter verbreitet", &["O", "B-LOC", "O"]),
            ["O", "B-ORG", "O"]
        );
        // Inside a longer name the tagger found, it stays part of that name.
        let tags = ["B-MISC", "I-MISC", "O"];
        assert_eq!(run("Twitter Files veröffentlicht", &tags), tags);
    }

    #[test]
    fn datelines() {
        assert_eq!(
            run(
                "WETTERAUKREIS . Die Kreisumlage steigt",
                &["B-ORG", "O", "O", "O", "O"]
            ),
            ["B-LOC", "O", "O", "O", "O"]
        );
        assert_eq!(
            run("BAD VILBEL , 23. August", &["B-ORG", "O", "O", "O", "O"]),
            ["B-LOC", "I-LOC", "O", "O", "O"]
        );
        // An acronym opening a list is no dateline.
        let tags = ["B-ORG", "O", "B-ORG", "O", "O"];
        assert_eq!(run("NATO , EU und andere", &tags), tags);
    }
}
