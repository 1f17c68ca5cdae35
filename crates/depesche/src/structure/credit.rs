//! Credit lines: agencies, authors, editors and datelines.
//!
//! Shapes handled (German and English wire and site styles):
//! `(dpa/AFP/bearbeitet von ank)`, `(AFP/jW)`, `(Reuters)`, `dpa/lno`,
//! `Von Anna Muster, dpa`, `By Jane Doe`, `Reporting by A and B; Editing by C`,
//! datelines `KUALA LUMPUR (dpa-AFX) -`, `Berlin (dpa) –`, `WASHINGTON (Reuters) -`,
//! `Quelle: dpa`, `Mit Material von dpa und AFP`.

use crate::schema::Credit;

/// News agencies and their canonical spelling. Matching ignores case.
const AGENCIES: &[&str] = &[
    "dpa",
    "dpa-AFX",
    "dpa-infocom",
    "AFP",
    "Reuters",
    "AP",
    "KNA",
    "epd",
    "APA",
    "SID",
    "ddp",
    "dapd",
    "sda",
    "Keystone-SDA",
    "AWP",
    "ANP",
    "Belga",
    "ANSA",
    "EFE",
    "Bloomberg",
    "DJ",
    "Dow Jones",
    "AA",
    "Xinhua",
    "Tass",
    "TASS",
    "Interfax",
    "RIA",
    "UPI",
    "PA",
    "Kyodo",
    "Yonhap",
    "IANS",
    "PTI",
    "CTK",
    "PAP",
    "MTI",
    "Ukrinform",
    "Unian",
    "AFP-Wirtschaft",
    "Agence France-Presse",
    "Associated Press",
    "Deutsche Presse-Agentur",
    "sid",
    "APA-OTS",
    "ots",
    "Reuters Breakingviews",
    "jW",
    "taz",
    "Agenturen",
];

/// The canonical spelling of an agency name, if `word` is one.
pub fn agency(word: &str) -> Option<&'static str> {
    let w = word
        .trim()
        .trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ':'));
    if w.is_empty() {
        return None;
    }
    // Editor codes like "jW" are short codes, not agencies, whatever their list entry.
    if w == "jW" {
        return None;
    }
    AGENCIES
        .iter()
        .copied()
        .find(|a| a.eq_ignore_ascii_case(w))
        .map(|a| match a {
            "sid" => "SID",
            "TASS" => "Tass",
            "Agenturen" => "Agenturen",
            other => other,
        })
}

/// A short lowercase-ish editor code such as `ank`, `jW`, `lno`, `sda`.
fn is_editor_code(w: &str) -> bool {
    let n = w.chars().count();
    (2..=4).contains(&n)
        && w.chars().all(|c| c.is_alphabetic())
        && w.chars().next().is_some_and(|c| c.is_lowercase())
}

/// A plausible person name: 2–4 capitalised words (particles like "von", "de" allowed).
fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(1..=5).contains(&words.len()) {
        return false;
    }
    let caps = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        .count();
    let particles = words
        .iter()
        .filter(|w| {
            matches!(
                **w,
                "von"
                    | "van"
                    | "de"
                    | "der"
                    | "den"
                    | "da"
                    | "di"
                    | "zu"
                    | "al"
                    | "el"
                    | "bin"
                    | "le"
                    | "la"
            )
        })
        .count();
    caps >= 1
        && caps + particles == words.len()
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
        })
        && (words.len() >= 2 || s.chars().count() <= 20)
}

/// Split a list of names on commas, "und", "and", "&", "/".
fn split_names(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split([',', '/', '&', ';']) {
        for p in part.split(" und ").flat_map(|x| x.split(" and ")) {
            let p = p.trim().trim_end_matches('.');
            if !p.is_empty() {
                out.push(p.to_string());
            }
        }
    }
    out
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// Parse the inside of a parenthesised or bare agency credit: `dpa/AFP/bearbeitet von ank`.
/// Returns `None` unless at least one part is an agency or editor phrase.
fn parse_agency_list(inner: &str, credit: &mut Credit) -> bool {
    let inner = inner.trim();
    if inner.is_empty() || inner.chars().count() > 120 {
        return false;
    }
    let mut found = Credit::default();
    let mut agencies_seen = 0;
    for part in inner.split(['/', ',', ';']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let lower = part.to_lowercase();
        let editor_phrase = [
            "bearbeitet von ",
            "bearbeitung: ",
            "redigiert von ",
            "edited by ",
            "mit material von ",
            "red.: ",
            "red. ",
        ]
        .iter()
        .find_map(|p| lower.strip_prefix(p).map(|_| &part[p.len()..]));
        if let Some(rest) = editor_phrase {
            for name in split_names(rest) {
                if let Some(a) = agency(&name) {
                    push_unique(&mut found.agencies, a);
                    agencies_seen += 1;
                } else {
                    push_unique(&mut found.editors, &name);
                }
            }
            continue;
        }
        // "dpa und AFP"
        let subparts: Vec<&str> = part.split(" und ").flat_map(|x| x.split(" and ")).collect();
        let mut all_agencies = true;
        for sp in &subparts {
            match agency(sp) {
                Some(a) => {
                    push_unique(&mut found.agencies, a);
                    agencies_seen += 1;
                }
                None => all_agencies = false,
            }
        }
        if all_agencies {
            continue;
        }
        if is_editor_code(part) || part == "jW" {
            push_unique(&mut found.editors, part);
        } else if is_person_name(part) && agencies_seen > 0 {
            push_unique(&mut found.authors, part);
        } else {
            return false;
        }
    }
    if agencies_seen == 0 {
        return false;
    }
    merge(credit, found);
    true
}

fn merge(into: &mut Credit, from: Credit) {
    for a in from.agencies {
        push_unique(&mut into.agencies, &a);
    }
    for a in from.authors {
        push_unique(&mut into.authors, &a);
    }
    for e in from.editors {
        push_unique(&mut into.editors, &e);
    }
    if into.dateline.is_none() {
        into.dateline = from.dateline;
    }
}

const DASHES: &[char] = &['-', '–', '—'];

/// A dateline at the start of a paragraph: `KUALA LUMPUR (dpa-AFX) -`, `Berlin (dpa) –`,
/// `WASHINGTON (Reuters) -`, `PARIS -`. Returns the byte length of the dateline
/// (including the dash and following space) and fills `credit`.
pub fn dateline_prefix(line: &str, credit: &mut Credit) -> Option<usize> {
    let head_end = line
        .char_indices()
        .take(80)
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let head = &line[..head_end];
    // Form 1: PLACE (agency) -
    if let Some(open) = head.find(" (") {
        let place = head[..open].trim();
        let close = head[open..].find(')')? + open;
        let inner = &head[open + 2..close];
        let after = &line[close + 1..];
        let after_trim = after.trim_start();
        let dash = after_trim.chars().next()?;
        if !DASHES.contains(&dash) || !is_place_word(place) {
            return None;
        }
        let mut c = Credit::default();
        if !parse_agency_list(inner, &mut c) {
            return None;
        }
        let rest = &after_trim[dash.len_utf8()..];
        if !rest.starts_with(' ') {
            return None;
        }
        c.dateline = Some(place.to_string());
        merge(credit, c);
        let consumed = line.len() - rest.len();
        return Some(consumed + 1);
    }
    // Form 2: ALL-CAPS PLACE - (English wires without agency in the line)
    for (i, ch) in head.char_indices() {
        if DASHES.contains(&ch) && i > 2 {
            let place = head[..i].trim();
            let letters: Vec<char> = place.chars().filter(|c| c.is_alphabetic()).collect();
            let rest = &line[i + ch.len_utf8()..];
            if letters.len() >= 3
                && letters.iter().all(|c| c.is_uppercase())
                && head[..i].ends_with(' ')
                && rest.starts_with(' ')
                && is_place_word(place)
            {
                credit.dateline.get_or_insert_with(|| place.to_string());
                return Some(i + ch.len_utf8() + 1);
            }
            break;
        }
    }
    None
}

fn is_place_word(s: &str) -> bool {
    let n = s.chars().count();
    (2..=40).contains(&n)
        && s.chars().next().is_some_and(|c| c.is_uppercase())
        && s.split_whitespace().count() <= 4
        && s.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '/' | '.' | '-' | '\''))
}

/// A credit in parentheses at the end of a paragraph: `… Durchbruch. (dpa/AFP/bearbeitet von ank)`.
/// Returns the byte offset where the credit starts and fills `credit`.
pub fn trailing_credit(line: &str, credit: &mut Credit) -> Option<usize> {
    let t = line.trim_end();
    if !t.ends_with(')') {
        return None;
    }
    let open = t.rfind('(')?;
    let inner = &t[open + 1..t.len() - 1];
    let mut c = Credit::default();
    if !parse_agency_list(inner, &mut c) {
        return None;
    }
    merge(credit, c);
    Some(open)
}

/// Is the whole line a credit? Fills `credit` when it is.
pub fn credit_line(line: &str, credit: &mut Credit) -> bool {
    let t = line.trim();
    if t.is_empty() || t.chars().count() > 200 {
        return false;
    }
    // (dpa/AFP/bearbeitet von ank), [dpa], dpa/lno
    if let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        return parse_agency_list(inner, credit);
    }
    if let Some(inner) = t.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
        return parse_agency_list(inner, credit);
    }
    let lower = t.to_lowercase();
    // Quelle: dpa | Mit Material von dpa und AFP | Source: Reuters
    for p in [
        "quelle: ",
        "quellen: ",
        "source: ",
        "sources: ",
        "mit material von ",
        "mit material der ",
        "material: ",
    ] {
        if lower.starts_with(p) {
            return parse_agency_list(&t[p.len()..], credit);
        }
    }
    // Von Anna Muster, dpa | Von Anna Muster und Max Mann | By Jane Doe
    for p in [
        "von ",
        "by ",
        "ein bericht von ",
        "ein kommentar von ",
        "eine analyse von ",
        "text: ",
        "autor: ",
        "autorin: ",
    ] {
        if lower.starts_with(p) {
            let rest = t[p.len()..].trim().trim_end_matches('.');
            // "Von Anna Muster, dpa, und Max Mann, AFP"
            let mut c = Credit::default();
            let parts = split_names(rest);
            if parts.is_empty() {
                return false;
            }
            for part in parts {
                if let Some(a) = agency(&part) {
                    push_unique(&mut c.agencies, a);
                } else if is_person_name(&part) {
                    push_unique(&mut c.authors, &part);
                } else {
                    return false;
                }
            }
            if c.authors.is_empty() {
                return false;
            }
            merge(credit, c);
            return true;
        }
    }
    // Reporting by A and B; Additional reporting by C; Editing by D and E
    if lower.starts_with("reporting by ")
        || lower.starts_with("additional reporting by ")
        || lower.starts_with("writing by ")
        || lower.starts_with("editing by ")
    {
        let mut c = Credit::default();
        for clause in t.split(';') {
            let cl = clause.trim().trim_end_matches('.');
            let cll = cl.to_lowercase();
            let (is_editor, rest) = if let Some(i) = cll.find(" by ") {
                (cll[..i].contains("edit"), &cl[i + 4..])
            } else if let Some(r) = cll.strip_prefix("by ") {
                (false, &cl[cl.len() - r.len()..])
            } else {
                continue;
            };
            for name in split_names(rest) {
                let name = name
                    .split(" in ")
                    .next()
                    .unwrap_or(&name)
                    .trim()
                    .to_string();
                if is_person_name(&name) {
                    if is_editor {
                        push_unique(&mut c.editors, &name);
                    } else {
                        push_unique(&mut c.authors, &name);
                    }
                }
            }
        }
        if c.authors.is_empty() && c.editors.is_empty() {
            return false;
        }
        merge(credit, c);
        return true;
    }
    // A bare agency list: "dpa", "dpa/lno", "AFP/Reuters"
    if !t.contains(' ')
        || t.split('/')
            .all(|p| agency(p).is_some() || is_editor_code(p.trim()))
    {
        return parse_agency_list(t, credit);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Option<Credit> {
        let mut c = Credit::default();
        credit_line(s, &mut c).then_some(c)
    }

    #[test]
    fn parenthesised_agencies_and_editor() {
        let c = line("(dpa/AFP/bearbeitet von ank)").unwrap();
        assert_eq!(c.agencies, ["dpa", "AFP"]);
        assert_eq!(c.editors, ["ank"]);
        let c = line("(AFP/jW)").unwrap();
        assert_eq!(c.agencies, ["AFP"]);
        assert_eq!(c.editors, ["jW"]);
        assert_eq!(line("(Reuters)").unwrap().agencies, ["Reuters"]);
        assert_eq!(line("dpa/lno").unwrap().editors, ["lno"]);
        assert!(line("(siehe oben)").is_none());
        assert!(line("(Symbolbild)").is_none());
    }

    #[test]
    fn bylines() {
        let c = line("Von Anna Muster, dpa").unwrap();
        assert_eq!(c.authors, ["Anna Muster"]);
        assert_eq!(c.agencies, ["dpa"]);
        let c = line("By Jane Doe and John Roe").unwrap();
        assert_eq!(c.authors, ["Jane Doe", "John Roe"]);
        let c = line("Reporting by Jane Doe in Washington and John Roe; Editing by Mark Potter")
            .unwrap();
        assert_eq!(c.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(c.editors, ["Mark Potter"]);
        assert!(line("Von der Leyen sagte, das sei falsch.").is_none());
        assert!(line("Von Berlin aus gesehen ist das weit weg.").is_none());
    }

    #[test]
    fn datelines() {
        let mut c = Credit::default();
        let s = "KUALA LUMPUR (dpa-AFX) - Die Ölpreise sind gestiegen.";
        let n = dateline_prefix(s, &mut c).unwrap();
        assert_eq!(&s[n..], "Die Ölpreise sind gestiegen.");
        assert_eq!(c.agencies, ["dpa-AFX"]);
        assert_eq!(c.dateline.as_deref(), Some("KUALA LUMPUR"));
        let mut c = Credit::default();
        let s = "WASHINGTON - The Senate voted on Tuesday.";
        assert_eq!(
            &s[dateline_prefix(s, &mut c).unwrap()..],
            "The Senate voted on Tuesday."
        );
        let mut c = Credit::default();
        assert!(dateline_prefix("Rubio (links) - ein Bild", &mut c).is_none());
        assert!(dateline_prefix("Die USA - ein Land", &mut c).is_none());
    }

    #[test]
    fn trailing() {
        let mut c = Credit::default();
        let s = "Es gab keinen Durchbruch. (dpa/AFP/bearbeitet von ank)";
        let at = trailing_credit(s, &mut c).unwrap();
        assert_eq!(&s[..at], "Es gab keinen Durchbruch. ");
        assert_eq!(c.agencies, ["dpa", "AFP"]);
        assert!(trailing_credit(
            "Er kam (wie erwartet) zu spät (sagt er)",
            &mut Credit::default()
        )
        .is_none());
    }
}
