//! Sports pages: results ("Mainz - Wolfsburg 2:1"), league tables, scorers,
//! clubs ("1. FC Köln") and line-ups of surnames joined by dashes.

use crate::ner::model::{is_begin, label_type, LOC, MISC, ORG, PER};

use super::{is_dash, is_name_word, is_number, is_score, is_team_word, set_span, Words};

/// "FC Germania Niederrodenbach", "SV 06 Bad Nauheim", "SG Wattenscheid 09",
/// "1. FC Köln", "Karlsruher SC": one organisation.
pub(super) fn clubs(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    let n = tokens.len();
    for i in 0..n {
        if tokens[i].len() > 5 || !w.club_forms.contains(tokens[i]) {
            continue;
        }
        let mut end = i + 1;
        // A founding year right after the form: "SV 06", "BSC 47".
        if end < n && tokens[end].len() <= 4 && tokens[end].bytes().all(|b| b.is_ascii_digit()) {
            end += 1;
        }
        let mut words = 0;
        // Articles and other function words start a new phrase ("TV Die
        // Einführung …" is television, not a club).
        let function_word = |t: &str| w.club_stop_words.contains(t);
        while end < n
            && words < 3
            && ((is_name_word(tokens[end]) && !function_word(tokens[end])) || tokens[end] == "St.")
        {
            end += 1;
            words += 1;
        }
        if words > 0
            && end < n
            && tokens[end].len() == 2
            && tokens[end].bytes().all(|b| b.is_ascii_digit())
        {
            end += 1; // "SG Wattenscheid 09"
        }
        let mut start = i;
        if i > 0 && tokens[i - 1] == "1." {
            start = i - 1;
        } else if i > 0
            && is_name_word(tokens[i - 1])
            && tokens[i - 1].ends_with("er")
            && label_type(labels[i - 1]).is_some_and(|t| t == ORG || t == MISC)
        {
            // "Karlsruher SC", "Türkischer SV …": a place adjective the tagger
            // took for a name; an untagged "Spitzenreiter VfB" is a description.
            start = i - 1;
        }
        if words == 0 && start == i {
            continue;
        }
        // "Fußball-Bundesligist 1. FC Köln": a one-word chunk the tagger ran
        // into the club is the club's description, not a name.
        if start > 0
            && labels[start] != 0
            && !is_begin(labels[start])
            && is_begin(labels[start - 1])
        {
            labels[start - 1] = 0;
        }
        // A chunk the tagger began before `start` ends there.
        set_span(labels, locked, start, end, ORG);
    }
}

/// "Mainz - Wolfsburg 2:1", "SG Wattenscheid 09 - Bayer Uerdingen 1:1": the
/// two runs of team words around a dash before a score are organisations.
pub(super) fn results(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for k in 2..tokens.len() {
        if !is_score(tokens[k]) {
            continue;
        }
        // The second team: team words (and a club's year, "09") up to the score.
        let mut b = k;
        while b > 0
            && (is_team_word(tokens[b - 1])
                || (b < k && is_number(tokens[b - 1]))
                || (b < k && w.name_links.contains(tokens[b - 1])))
        {
            b -= 1;
        }
        if b == k || b == 0 || !is_team_word(tokens[b]) || !is_dash(tokens[b - 1]) {
            continue;
        }
        let dash = b - 1;
        let mut a = dash;
        // The first team: team words and a club's year ("SG Wattenscheid 09").
        let year = |t: &str| (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
        while a > 0
            && (is_team_word(tokens[a - 1])
                || year(tokens[a - 1])
                || (a < dash && w.name_links.contains(tokens[a - 1])))
        {
            a -= 1;
        }
        // Skip a year a run might start with; a team starts with a word.
        while a < dash && !is_team_word(tokens[a]) {
            a += 1;
        }
        if a == dash || dash - a > 5 || k - b > 5 {
            continue;
        }
        set_span(labels, locked, a, dash, ORG);
        set_span(labels, locked, b, k, ORG);
    }
}

/// "1. Austria Wien 18:7 Tore / 11:3 Punkte , 2. Wacker Innsbruck 18:6": a
/// table row's team between its rank and its goals is an organisation.
pub(super) fn tables(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    let rank = |t: &str| {
        t.strip_suffix('.')
            .is_some_and(|d| (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
    };
    for k in 2..tokens.len() {
        if !is_score(tokens[k]) {
            continue;
        }
        let mut b = k;
        while b > 0
            && k - b < 5
            && (is_team_word(tokens[b - 1])
                || (b < k && w.name_links.contains(tokens[b - 1]))
                || (b < k
                    && tokens[b - 1].len() <= 4
                    && is_number(tokens[b - 1])
                    && !rank(tokens[b - 1])))
        {
            b -= 1;
        }
        // Goals then points ("18:7 Tore / 11:3 Punkte", "18:6 / 11:5"), not a
        // rider's time ("3. Ekimov 1:7").
        let goals = tokens
            .get(k + 1)
            .is_some_and(|t| *t == "/" || w.table_words.contains(t));
        if goals && b < k && b > 0 && rank(tokens[b - 1]) && is_team_word(tokens[b]) {
            set_span(labels, locked, b, k, ORG);
        }
    }
}

/// "1:0 Herzberger ( 40. )": the scorer after the new score, with the minute.
pub(super) fn scorers(tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    let n = tokens.len();
    for k in 0..n {
        if !is_score(tokens[k]) {
            continue;
        }
        let mut e = k + 1;
        while e < n && e - k <= 2 && is_name_word(tokens[e]) {
            e += 1;
        }
        let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
        // The minute as one token ("40.") or as the number and its period.
        let minute = |j: usize| {
            tokens[j].strip_suffix('.').is_some_and(digits)
                || (digits(tokens[j]) && tokens.get(j + 1) == Some(&"."))
        };
        if e > k + 1 && e + 2 < n && tokens[e] == "(" && minute(e + 1) {
            set_span(labels, locked, k + 1, e, PER);
        }
    }
}

/// "Schiedsrichter: Thomas Berg (Landshut-Auloh)": in a match report's box
/// the official is a person and the name in brackets after them their home
/// town.
pub(super) fn officials(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    let n = tokens.len();
    for i in 0..n.saturating_sub(5) {
        if tokens[i + 1] != ":" || !w.officials.contains(tokens[i]) {
            continue;
        }
        // The name: one to three capitalised words, then the bracket.
        let mut open = i + 2;
        while open < n && open - (i + 2) < 3 && is_name_word(tokens[open]) {
            open += 1;
        }
        if open == i + 2 || open + 2 >= n || tokens[open] != "(" {
            continue;
        }
        let mut close = open + 1;
        while close < n && close - open <= 3 && is_name_word(tokens[close]) {
            close += 1;
        }
        if close == open + 1 || close >= n || tokens[close] != ")" {
            continue;
        }
        set_span(labels, locked, i + 2, open, PER);
        set_span(labels, locked, open + 1, close, LOC);
    }
}

/// A line-up: one-word names joined by dashes and commas, with substitutions
/// in brackets (`( 80. Kern )`), filling most of the sentence after an
/// optional `Team :` prefix.
pub(super) fn lineup(tokens: &[&str]) -> Option<Vec<usize>> {
    let n = tokens.len();
    if n < 9 || tokens.iter().filter(|t| is_dash(t)).count() < 2 {
        return None;
    }
    // An optional prefix "Dresden :" of up to four tokens.
    let start = tokens
        .iter()
        .take(5)
        .position(|t| *t == ":")
        .map_or(0, |c| c + 1);
    let mut names: Vec<usize> = Vec::new();
    let mut dashes = 0;
    let mut i = start;
    let mut expect_name = true;
    while i < n {
        let t = tokens[i];
        if expect_name {
            if !is_name_word(t) {
                break;
            }
            names.push(i);
            i += 1;
            // A substitution: "( 80. Kern )".
            if i + 3 < n
                && tokens[i] == "("
                && is_number(tokens[i + 1])
                && is_name_word(tokens[i + 2])
                && tokens[i + 3] == ")"
            {
                names.push(i + 2);
                i += 4;
            }
            expect_name = false;
        } else if is_dash(t) || t == "," {
            dashes += is_dash(t) as usize;
            i += 1;
            expect_name = true;
        } else {
            break;
        }
    }
    // The run must end the sentence (a stop may follow) and hold a team's worth of names.
    let ends = i == n || (i + 1 == n && matches!(tokens[i], "." | ";"));
    (ends && names.len() >= 5 && dashes >= 2).then_some(names)
}

#[cfg(test)]
mod tests {
    use super::super::run;

    #[test]
    fn lineup_names_are_persons() {
        let text = "Müller - Mauksch - Schößler , Wagenhaus - Hauptmann , Pilz ( 80. Kern ) .";
        let tags = [
            "B-PER", "O", "B-LOC", "O", "O", "O", "B-PER", "O", "O", "O", "O", "O", "O", "O", "O",
            "O",
        ];
        let got = run(text, &tags);
        assert_eq!(
            got,
            [
                "B-PER", "O", "B-PER", "O", "B-PER", "O", "B-PER", "O", "B-PER", "O", "B-PER", "O",
                "O", "B-PER", "O", "O"
            ]
        );
        // Places listed along a railway line inside a sentence are no line-up.
        let text = "Die Strecke Griesheim - Höchst - Hochheim - Kriftel - Eppstein ist zu .";
        let tags = [
            "O", "O", "B-LOC", "O", "B-LOC", "O", "B-LOC", "O", "B-LOC", "O", "B-LOC", "O", "O",
            "O",
        ];
        assert_eq!(run(text, &tags), tags);
    }

    #[test]
    fn result_sides_are_teams() {
        let got = run(
            "SG Wattenscheid 09 - Bayer Uerdingen 1:1 ( 1:0 )",
            &["O", "B-LOC", "O", "O", "B-ORG", "B-LOC", "O", "O", "O", "O"],
        );
        assert_eq!(
            got,
            ["B-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "O", "O", "O", "O"]
        );
        // A score without two named sides changes nothing.
        let tags = ["O", "O", "O", "O", "O"];
        assert_eq!(run("Das Spiel endete 2:1 .", &tags), tags);
    }

    #[test]
    fn tables_and_scorers() {
        assert_eq!(
            run(
                "1. Austria Wien 18:7 Tore , 2. Hearts of Midlothian 6:3 / 6:4",
                &["O", "B-LOC", "I-LOC", "O", "O", "O", "O", "B-ORG", "O", "B-LOC", "O", "O", "O"]
            ),
            ["O", "B-ORG", "I-ORG", "O", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O"]
        );
        // A rider's time after the rank is no table of goals.
        let tags = ["O", "B-PER", "O"];
        assert_eq!(run("3. Ekimov 1:7", &tags), tags);
        assert_eq!(
            run(
                "1:0 Herzberger ( 40. ) , 1:1 Frackiewicz ( 71. )",
                &["O", "O", "O", "O", "O", "O", "B-PER", "I-PER", "O", "O", "O"]
            ),
            ["O", "B-PER", "O", "O", "O", "O", "O", "B-PER", "O", "O", "O"]
        );
        // The tokenizer may cut the minute's period off ("( 79 . )").
        assert_eq!(
            run(
                "0:2 Kessler ( 79 . ) ,",
                &["O", "B-LOC", "O", "O", "O", "O", "O"]
            ),
            ["O", "B-PER", "O", "O", "O", "O", "O"]
        );
    }

    #[test]
    fn sports_clubs() {
        assert_eq!(
            run(
                "Fußball-Bundesligist 1. FC Köln",
                &["B-ORG", "I-ORG", "I-ORG", "I-ORG"]
            ),
            ["O", "B-ORG", "I-ORG", "I-ORG"]
        );
        assert_eq!(
            run(
                "des FC Germania Niederrodenbach , 1. FC Köln und Karlsruher SC",
                &[
                    "O", "B-ORG", "I-ORG", "B-LOC", "O", "O", "B-ORG", "I-ORG", "O", "B-MISC",
                    "I-MISC"
                ]
            ),
            [
                "O", "B-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "I-ORG", "O", "B-ORG",
                "I-ORG"
            ]
        );
    }
}
