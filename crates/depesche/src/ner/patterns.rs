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

use std::collections::HashSet;
use std::sync::OnceLock;

use super::model::{begin_of, chunk_ends_at, inside_of, is_begin, label_type, LOC, MISC, ORG, PER};
use crate::lang::Lang;
use crate::langdata::LangData;
use crate::structure::credit::agency;

/// The word lists of the patterns for one language: its folder's
/// `ner_patterns.txt` and the one in `resources/common/`, then — the behaviour
/// the NER figures were measured with — the other languages' lists too: the
/// German lists fire on English text (German clubs and currencies in English
/// sports and business reports) and the English ones on German text ("Hearts
/// of Midlothian" in a results table); reading only a language's own lists
/// changes CoNLL-2003 German F1. Narrowing them is a measured change of its own.
struct Words {
    /// Currency names that follow an amount ("500 Mark").
    currencies: HashSet<String>,
    /// Number words between an amount and its currency ("Millionen").
    amount_words: HashSet<String>,
    /// Abbreviated newspaper names ("FAZ").
    press_abbreviations: HashSet<String>,
    /// Newspaper titles that start with a capitalised article, as tokens.
    press_titles: Vec<Vec<String>>,
    /// Parts of a word for a publication ("zeitung", "magazin").
    press_nouns: Vec<String>,
    /// Places the gazetteers lack (former states, regions).
    place_names: HashSet<String>,
    /// Plural nouns that name a party ("Grünen").
    party_collectives: HashSet<String>,
    /// Abbreviated legal forms of sports clubs ("FC", "SV").
    club_forms: HashSet<String>,
    /// Capitalised function words that end a club's name ("Die").
    club_stop_words: HashSet<String>,
    /// Lower-case words inside a team's name ("of", "de").
    name_links: HashSet<String>,
    /// Words after a table row's goals ("Tore", "Punkte").
    table_words: HashSet<String>,
    /// Compound heads naming a place or an institution, with the type.
    facility_heads: Vec<(String, usize)>,
    /// Words that end like a named facility but are common nouns ("Turnhalle").
    common_facilities: HashSet<String>,
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
        let set = |section: &str| -> HashSet<String> { words(section).into_iter().collect() };
        // `strip_head` compares a head's last two bytes first.
        let typed = |section: &str, ty: usize| {
            words(section)
                .into_iter()
                .filter(|w| w.len() >= 2)
                .map(move |w| (w, ty))
        };
        Words {
            currencies: set("currencies"),
            amount_words: set("amount_words"),
            press_abbreviations: set("press_abbreviations"),
            press_titles: folders
                .iter()
                .flat_map(|d| d.lines("ner_patterns", "press_titles"))
                .map(|l| l.split_whitespace().map(str::to_string).collect())
                .collect(),
            press_nouns: words("press_nouns"),
            place_names: set("place_names"),
            party_collectives: set("party_collectives"),
            club_forms: set("club_forms"),
            club_stop_words: set("club_stop_words"),
            name_links: set("name_links"),
            table_words: set("table_words"),
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
fn is_score(t: &str) -> bool {
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
    press(w, tokens, labels, locked);
    dateline(tokens, labels, locked);
    am_main(tokens, labels);
    punctuation_chunks(tokens, labels);
}

/// Where a capitalised "Die Zeit" is the paper: after a verb or a function
/// word ("berichtet Die Zeit", "in Die Welt"), or after a word for a
/// publication ("Nachrichtenmagazin Der Spiegel"); after a name it more likely
/// opens a run-in sentence ("… Flevoland Die Zeit nach dem Krieg").
fn press_context(w: &Words, prev: &str) -> bool {
    if prev.starts_with(char::is_lowercase) {
        return true;
    }
    let lower = prev.to_lowercase();
    w.press_nouns.iter().any(|n| lower.contains(n.as_str()))
}

/// Newspapers named by abbreviation or by a title with its article.
fn press(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for i in 0..tokens.len() {
        if !tokens[i].starts_with(char::is_uppercase) && tokens[i] != "taz" {
            continue;
        }
        if labels[i] == 0 && w.press_abbreviations.contains(tokens[i]) {
            set_span(labels, locked, i, i + 1, ORG);
        } else if i > 0 && labels[i] == 0 {
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
fn dateline(tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
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

/// "die Grünen", "CDU und Grüne", "die Sozialdemokraten" → organisation; not
/// "Grüne Woche", "den Grünen Punkt" (a capitalised word follows).
fn parties(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for i in 1..tokens.len() {
        if labels[i] != 0
            || !tokens[i].starts_with(char::is_uppercase)
            || !w.party_collectives.contains(tokens[i])
        {
            continue;
        }
        if tokens
            .get(i + 1)
            .is_some_and(|t| t.starts_with(char::is_uppercase))
        {
            continue;
        }
        set_span(labels, locked, i, i + 1, ORG);
    }
}

/// "FRANKFURT A. M.", "Frankfurt a. M.": the place runs on over "a. M.".
fn am_main(tokens: &[&str], labels: &mut [u8]) {
    for i in 1..tokens.len().saturating_sub(1) {
        if matches!(tokens[i], "a." | "A.")
            && tokens[i + 1] == "M."
            && label_type(labels[i - 1]) == Some(LOC)
            && labels[i] == 0
        {
            labels[i] = inside_of(LOC);
            labels[i + 1] = inside_of(LOC);
        }
    }
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

/// "FC Germania Niederrodenbach", "SV 06 Bad Nauheim", "SG Wattenscheid 09",
/// "1. FC Köln", "Karlsruher SC": one organisation.
fn clubs(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
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

fn facility_type(words: &Words, t: &str) -> Option<usize> {
    // Cheap rejections first: this runs for every token of every sentence.
    if t.len() < 6 || !t.starts_with(char::is_uppercase) {
        return None;
    }
    if !matches!(t.as_bytes()[t.len() - 1], b'e' | b'n' | b'm' | b't' | b's') {
        return None;
    }
    if words.common_facilities.contains(t) {
        return None;
    }
    // The word and its genitive ("Innenministeriums", "Landesamtes").
    for w in [Some(t), t.strip_suffix('s'), t.strip_suffix("es")]
        .into_iter()
        .flatten()
    {
        for (head, ty) in &words.facility_heads {
            let (head, ty) = (head.as_str(), *ty);
            if let Some(modifier) = strip_head(w, head) {
                let modifier = modifier.trim_end_matches('-');
                // The bare head is a common noun ("Straße", "Halle"), an office
                // word a name of its own ("Sozialamt").
                if modifier.chars().count() >= 2 || (head.ends_with("amt") && modifier.is_empty()) {
                    return Some(ty);
                }
            }
        }
    }
    None
}

/// `w` without the compound head `head` (lower-case, first letter ASCII), which
/// may be capitalised after a hyphen ("Michael-Stumpf-Straße") or open the word.
fn strip_head<'w>(w: &'w str, head: &str) -> Option<&'w str> {
    let cut = w.len().checked_sub(head.len())?;
    if !w.is_char_boundary(cut) {
        return None;
    }
    let (modifier, tail) = w.split_at(cut);
    let (t, h) = (tail.as_bytes(), head.as_bytes());
    // Last bytes first: most heads fail there without a full comparison.
    (t[t.len() - 1] == h[h.len() - 1]
        && t[t.len() - 2] == h[h.len() - 2]
        && t[0].eq_ignore_ascii_case(&h[0])
        && t[1..] == h[1..])
        .then_some(modifier)
}

/// See the module note: compounds naming a street, stadium, museum, ministry,
/// prosecutor's office or adult-education college.
fn facilities(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for i in 0..tokens.len() {
        let Some(ty) = facility_type(w, tokens[i]) else {
            continue;
        };
        // A street or hall the tagger typed otherwise is still a place; an
        // office inside a longer name ("Bundesamt für …") is left as tagged.
        let alone =
            labels[i] == 0 || (ty == LOC && is_begin(labels[i]) && chunk_ends_at(labels, i));
        if !alone {
            continue;
        }
        labels[i] = 0;
        if !chunk_ends_at(labels, i) {
            continue;
        }
        // "Eschersheimer Landstraße": a place adjective before it joins the name.
        let mut start = i;
        if i > 0
            && tokens[i - 1].ends_with("er")
            && is_name_word(tokens[i - 1])
            && labels[i - 1] == begin_of(MISC)
            && (i < 2 || labels[i - 2] == 0 || is_begin(labels[i - 1]))
        {
            start = i - 1;
        }
        // "Landesamt für Umwelt", "Bundesamt für Verfassungsschutz",
        // "Ministerium für Bildung und Forschung": the remit is part of the name.
        let mut end = i + 1;
        let free = |k: usize| labels.get(k).is_some_and(|&l| l == 0);
        if ty == ORG
            && tokens.get(end) == Some(&"für")
            && free(end + 1)
            && tokens.get(end + 1).is_some_and(|t| is_name_word(t))
        {
            end += 2;
            if matches!(tokens.get(end), Some(&"und"))
                && tokens.get(end + 1).is_some_and(|t| is_name_word(t))
                && free(end + 1)
            {
                end += 2;
            }
        }
        set_span(labels, locked, start, end, ty);
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

/// Agencies in a credit: a bracket or a whole sentence holding nothing but
/// agency names, slashes and short editor codes (`(Reuter / AP)`, `(dpa)`,
/// `dpa / sid`).
fn agencies(tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
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

/// "Mainz - Wolfsburg 2:1", "SG Wattenscheid 09 - Bayer Uerdingen 1:1": the
/// two runs of team words around a dash before a score are organisations.
fn results(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
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
fn tables(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
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
            .is_some_and(|t| *t == "/" || w.table_words.contains(*t));
        if goals && b < k && b > 0 && rank(tokens[b - 1]) && is_team_word(tokens[b]) {
            set_span(labels, locked, b, k, ORG);
        }
    }
}

/// "1:0 Herzberger ( 40. )": the scorer after the new score, with the minute.
fn scorers(tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    let n = tokens.len();
    for k in 0..n {
        if !is_score(tokens[k]) {
            continue;
        }
        let mut e = k + 1;
        while e < n && e - k <= 2 && is_name_word(tokens[e]) {
            e += 1;
        }
        if e > k + 1
            && e + 2 < n
            && tokens[e] == "("
            && tokens[e + 1]
                .strip_suffix('.')
                .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
        {
            set_span(labels, locked, k + 1, e, PER);
        }
    }
}

/// A line-up: one-word names joined by dashes and commas, with substitutions
/// in brackets (`( 80. Kern )`), filling most of the sentence after an
/// optional `Team :` prefix.
fn lineup(tokens: &[&str]) -> Option<Vec<usize>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::corpus::normalise_tags;
    use crate::ner::model::LABELS;

    fn run(text: &str, tags: &[&str]) -> Vec<&'static str> {
        let tokens: Vec<&str> = text.split(' ').collect();
        let mut labels = normalise_tags(tags);
        apply(Lang::De, &tokens, &mut labels, &mut Vec::new());
        labels.iter().map(|&l| LABELS[l as usize]).collect()
    }

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
    fn agencies_currencies_and_separators() {
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

    #[test]
    fn parties_places_and_stray_punctuation() {
        assert_eq!(
            run(
                "CDU und Grüne gegen den Grünen Punkt",
                &["B-ORG", "O", "O", "O", "O", "B-MISC", "I-MISC"]
            ),
            ["B-ORG", "O", "B-ORG", "O", "O", "B-MISC", "I-MISC"]
        );
        assert_eq!(
            run(
                "FRANKFURT A. M. , 23. August",
                &["B-LOC", "O", "O", "O", "O", "O"]
            ),
            ["B-LOC", "I-LOC", "I-LOC", "O", "O", "O"]
        );
        assert_eq!(
            run(
                "SG Rodenbach / Wolfgang",
                &["B-ORG", "I-ORG", "I-ORG", "I-ORG"]
            ),
            ["B-ORG", "I-ORG", "O", "B-ORG"]
        );
    }

    #[test]
    fn listed_places_and_districts() {
        assert_eq!(
            run(
                "im Main-Kinzig-Kreis und in Sachsen-Anhalt , nicht im Freundeskreis",
                &["O", "B-MISC", "O", "O", "B-MISC", "O", "O", "O", "O"]
            ),
            ["O", "B-LOC", "O", "O", "B-LOC", "O", "O", "O", "O"]
        );
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

    #[test]
    fn named_facilities() {
        assert_eq!(
            run(
                "in der Eschersheimer Landstraße und im Innenministeriums",
                &["O", "O", "B-MISC", "O", "O", "O", "O"]
            ),
            ["O", "O", "B-LOC", "I-LOC", "O", "O", "B-ORG"]
        );
        assert_eq!(
            run(
                "das Sozialamt in der Stadthalle , nicht das Ehrenamt",
                &["O", "O", "O", "O", "O", "O", "O", "O", "O"]
            ),
            ["O", "B-ORG", "O", "O", "B-LOC", "O", "O", "O", "O"]
        );
        assert_eq!(
            run(
                "sagte er der FR und dem Magazin Der Spiegel",
                &["O", "O", "O", "O", "O", "O", "O", "O", "O"]
            ),
            ["O", "O", "O", "B-ORG", "O", "O", "O", "B-ORG", "I-ORG"]
        );
        assert_eq!(
            run(
                "des Bundesamts für Bildung und Forschung in Bonn",
                &["O", "O", "O", "O", "O", "O", "O", "B-LOC"]
            ),
            ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-LOC"]
        );
        // The bare head and road classes are common nouns.
        let tags = ["O", "O", "O", "O", "O"];
        assert_eq!(run("die Straße zur Bundesstraße hin", &tags), tags);
    }
}
