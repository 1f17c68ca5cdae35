//! Credit lines: agencies, authors, editors and datelines.
//!
//! Shapes handled (German and English wire and site styles):
//! `(dpa/AFP/bearbeitet von ank)`, `(AFP/jW)`, `(Reuters)`, `dpa/lno`,
//! `Von Anna Muster, dpa`, `By Jane Doe`, `Reporting by A and B; Editing by C`,
//! datelines `KUALA LUMPUR (dpa-AFX) -`, `Berlin (dpa) –`, `WASHINGTON (Reuters) -`,
//! `Quelle: dpa`, `Mit Material von dpa und AFP`.

use std::collections::HashSet;
use std::sync::OnceLock;

pub use crate::agency::agency;
use crate::agency::is_dpa_regional;
use crate::schema::Credit;

/// The words of credit lines (`resources/*/credit.txt`), of every language:
/// credits are parsed before an article's language is known.
struct CreditWords {
    /// Lower-case particles inside a person's name ("von", "al").
    name_particles: HashSet<String>,
    /// Words a byline may hold in place of a person ("Redaktion").
    not_names: HashSet<String>,
    /// Words that begin a paragraph but are no dateline place ("Ja").
    not_places: HashSet<String>,
    /// Labels of a photo credit ("foto").
    photo_labels: Vec<String>,
    /// Phrases before an agency credit's editors ("bearbeitet von "), in order.
    editor_phrases: Vec<String>,
    /// Phrases that introduce a byline ("von ", "by "), in order.
    byline_prefixes: Vec<String>,
    /// The prefixes a page's marked byline may open with, in order.
    plain_byline_prefixes: Vec<String>,
    /// A line that is only this label heads a list of sources ("quellen").
    source_labels: HashSet<String>,
    /// Phrases before a list of agencies ("quelle: "), in order.
    source_prefixes: Vec<String>,
    /// A person's job before the name in a wire byline ("writer").
    role_words: HashSet<String>,
}

fn words_of_credits() -> &'static CreditWords {
    static WORDS: OnceLock<CreditWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let words = |section: &str| -> HashSet<String> {
            super::structure_folders()
                .flat_map(|d| d.words("credit", section))
                .map(str::to_string)
                .collect()
        };
        // Phrases keep their order (the first match wins); `_` is a space.
        let phrases = |section: &str| -> Vec<String> {
            super::structure_folders()
                .flat_map(|d| d.lines("credit", section))
                .map(|p| p.replace('_', " "))
                .collect()
        };
        CreditWords {
            name_particles: words("name_particles"),
            not_names: words("not_names"),
            not_places: words("not_places"),
            photo_labels: words("photo_labels").into_iter().collect(),
            editor_phrases: phrases("editor_phrases"),
            byline_prefixes: phrases("byline_prefixes"),
            plain_byline_prefixes: phrases("plain_byline_prefixes"),
            source_labels: phrases("source_labels").into_iter().collect(),
            source_prefixes: phrases("source_prefixes"),
            role_words: words("role_words"),
        }
    })
}

fn is_date_or_time(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | '-' | ' ' | '/'))
}

/// A short lowercase-ish editor code such as `ank`, `jW`, `lno`, `sda`.
pub(crate) fn is_editor_code(w: &str) -> bool {
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
    let lists = words_of_credits();
    let particles = words
        .iter()
        .filter(|w| lists.name_particles.contains(**w))
        .count();
    caps >= 1
        && caps + particles == words.len()
        && !words
            .iter()
            .any(|w| lists.not_names.contains(*w) || w.ends_with('-'))
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
    let mut unknown = 0;
    let mut photo = false;
    for part in inner.split(['/', ',', ';']) {
        let part = part.trim();
        if part.is_empty() || is_date_or_time(part) {
            continue;
        }
        if is_dpa_regional(part) {
            continue;
        }
        // "(Foto: Harald Tittel/dpa)" is a photo credit, not an agency credit.
        let pl = part.to_lowercase();
        if words_of_credits()
            .photo_labels
            .iter()
            .any(|w| pl.starts_with(w) && pl[w.len()..].trim_start().starts_with(':'))
        {
            // "(APA/red, Foto: APA/APA (dpa))": after an agency credit, the
            // photo credit's agencies count too; the rest of it is names.
            if agencies_seen == 0 {
                return false;
            }
            photo = true;
        }
        if photo {
            for w in part.split([':', '(', ')', ' ']) {
                if let Some(a) = agency(w) {
                    push_unique(&mut found.agencies, a);
                }
            }
            continue;
        }
        // "kna 13.04.2010 evo": an agency, a date and an editor code in one part.
        if part.contains(' ') && part.split(' ').any(is_date_or_time) {
            for w in part.split(' ').filter(|w| !is_date_or_time(w)) {
                if let Some(a) = agency(w) {
                    push_unique(&mut found.agencies, a);
                    agencies_seen += 1;
                } else if is_editor_code(w) {
                    push_unique(&mut found.editors, w);
                } else {
                    unknown += 1;
                }
            }
            continue;
        }
        let lower = part.to_lowercase();
        let editor_phrase = words_of_credits()
            .editor_phrases
            .iter()
            .find_map(|p| lower.strip_prefix(p.as_str()).map(|_| &part[p.len()..]));
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
        } else if word_count(part) <= 3 && !part.ends_with(['.', '!', '?']) {
            // An outlet ("ntv.de"), a place or a name beside the agencies: ignored,
            // but only a few of them, so a parenthesised remark stays prose.
            unknown += 1;
        } else {
            return false;
        }
    }
    if agencies_seen == 0 || unknown > agencies_seen + 1 {
        return false;
    }
    merge(credit, found);
    true
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
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

/// A dateline at the start of a paragraph. Strict forms (any paragraph near
/// the top): `KUALA LUMPUR (dpa-AFX) -`, `WASHINGTON, June 17 (Reuters) -`,
/// `Bonn (KNA) Die …`, `Frankfurt a.M. (epd). Die …`, `PARIS -`. With `loose`
/// (the first body paragraph only) also `Wien – Die …`, `Frankfurt (Oder) - …`
/// and `Essen. Mehrere …`. Returns the byte length of the dateline including
/// the following space, and fills `credit`.
pub fn dateline_prefix(line: &str, credit: &mut Credit, loose: bool) -> Option<usize> {
    let head_end = line
        .char_indices()
        .take(90)
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let head = &line[..head_end];
    // Form 1: PLACE[, DATE] (AGENCY)[ -|.|:] Text
    if let Some(open) = head.find(" (") {
        let before = head[..open].trim();
        let place = before.split(',').next().unwrap_or(before).trim();
        let close = head[open..].find(')')? + open;
        let inner = &head[open + 2..close];
        let after = &line[close + 1..];
        let mut c = Credit::default();
        if is_place_word(place) && parse_agency_list(inner, &mut c) {
            // What may follow the parenthesis: a dash, a full stop or colon, or directly the text.
            let lead = after.len() - after.trim_start().len();
            let mut consumed = close + 1 + lead;
            if let Some(ch) = line[consumed..].chars().next() {
                if DASHES.contains(&ch) || ch == '.' || ch == ':' {
                    consumed += ch.len_utf8();
                } else {
                    consumed = close + 1;
                }
            }
            let text = &line[consumed..];
            let starts_text = text
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric() || is_quote(c));
            if !starts_text || !text.starts_with(' ') {
                return None;
            }
            c.dateline = Some(place.to_string());
            merge(credit, c);
            return Some(consumed + 1);
        }
        // "Frankfurt (Oder) - Text": a place with a parenthesised part, then a dash.
        if loose && inner.chars().next().is_some_and(char::is_uppercase) && word_count(inner) <= 2 {
            let full = &head[..close + 1];
            let rest = &line[close + 1..];
            if let Some(n) = dash_then_text(rest) {
                if is_place_word(before) {
                    credit
                        .dateline
                        .get_or_insert_with(|| full.trim().to_string());
                    return Some(close + 1 + n);
                }
            }
        }
    }
    // Form 2: PLACE - Text (all-caps place anywhere near the top; any place when loose).
    for (i, ch) in head.char_indices() {
        if DASHES.contains(&ch) && i > 2 {
            if !head[..i].ends_with(' ') {
                continue; // a hyphen inside a word ("US-Präsident")
            }
            let place = head[..i].trim();
            let letters: Vec<char> = place.chars().filter(|c| c.is_alphabetic()).collect();
            let caps = letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase());
            if (caps || (loose && word_count(place) <= 2))
                && is_place_word(place)
                && !words_of_credits().not_places.contains(place)
            {
                if let Some(n) = dash_then_text(&line[i..]) {
                    credit.dateline.get_or_insert_with(|| place.to_string());
                    return Some(i + n);
                }
            }
            break;
        }
    }
    // Form 3 (loose): "Essen. Mehrere Tausend …" — a lone place word and a full stop.
    if loose {
        let first = head.split_whitespace().next()?;
        let word = first.strip_suffix('.')?;
        let next = line[first.len()..].trim_start().chars().next()?;
        if word.chars().count() >= 3
            && word.chars().all(|c| c.is_alphabetic() || c == '-')
            && word.chars().next().is_some_and(char::is_uppercase)
            && !words_of_credits().not_places.contains(word)
            && next.is_uppercase()
            && line[first.len()..].starts_with(' ')
        {
            credit.dateline.get_or_insert_with(|| word.to_string());
            return Some(first.len() + 1);
        }
    }
    None
}

/// `rest` starts with optional spaces, a dash, a space and text: the byte length up to the text.
fn dash_then_text(rest: &str) -> Option<usize> {
    let t = rest.trim_start();
    let lead = rest.len() - t.len();
    let ch = t.chars().next()?;
    if !DASHES.contains(&ch) {
        return None;
    }
    let after = &t[ch.len_utf8()..];
    let next = after.strip_prefix(' ')?.chars().next()?;
    (next.is_uppercase() || next.is_numeric() || is_quote(next)).then_some(lead + ch.len_utf8() + 1)
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '„' | '“' | '»' | '«' | '‚' | '\'')
}

fn is_place_word(s: &str) -> bool {
    let n = s.chars().count();
    (2..=40).contains(&n)
        && s.chars().next().is_some_and(|c| c.is_uppercase())
        && s.split_whitespace().count() <= 4
        && s.chars().all(|c| {
            c.is_alphabetic() || matches!(c, ' ' | '/' | '.' | '-' | '\'' | '(' | ')' | ',')
        })
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

/// Parse a byline body: `Anna Muster und Jan Beispiel, dpa`, `Jane Whitmore, BBC News, Madrid`,
/// `Anna Muster (KNA)`. The first comma part holds the names; later parts
/// may name an agency (kept) or a place, role or outlet (ignored).
fn parse_byline(rest: &str, credit: &mut Credit) -> bool {
    let mut rest = rest.trim().trim_end_matches('.');
    let mut c = Credit::default();
    // "Anna Muster (KNA)"
    if let Some(open) = rest.rfind(" (") {
        if rest.ends_with(')') {
            let inner = &rest[open + 2..rest.len() - 1];
            if !parse_agency_list(inner, &mut c) {
                return false;
            }
            rest = &rest[..open];
        }
    }
    let mut parts = rest.split(',');
    let names = parts.next().unwrap_or("");
    for name in names
        .split(" und ")
        .flat_map(|x| x.split(" and "))
        .flat_map(|x| x.split(" & "))
    {
        let name = name.trim();
        if let Some(a) = agency(name) {
            push_unique(&mut c.agencies, a);
        } else if is_person_name(name) {
            push_unique(&mut c.authors, name);
        } else {
            return false;
        }
    }
    for part in parts {
        if let Some(a) = agency(part) {
            push_unique(&mut c.agencies, a);
        } else if word_count(part) > 4 {
            return false;
        }
    }
    if c.authors.is_empty() && c.agencies.is_empty() {
        return false;
    }
    merge(credit, c);
    true
}

/// A byline's trailing date and time: "Anna Muster 26.02.2013, 02:19" and
/// "Anna Muster17:08 Uhr" (glued by the page) give "Anna Muster".
fn strip_trailing_stamp(s: &str) -> &str {
    let mut t = s.trim_end();
    loop {
        let before = t;
        t = t.trim_end_matches([' ', ',', '|']);
        if let Some(x) = t.strip_suffix(" Uhr").or_else(|| t.strip_suffix("Uhr")) {
            t = x;
        }
        let last_start = t.rfind(' ').map_or(0, |i| i + 1);
        let last = &t[last_start..];
        if is_date_or_time(last) {
            t = &t[..last_start];
        } else if let Some(d) = last.find(|c: char| c.is_ascii_digit()) {
            // A time glued to the name.
            if d > 0 && is_date_or_time(&last[d..]) {
                t = &t[..last_start + d];
            }
        }
        if t == before {
            return t;
        }
    }
}

/// The agencies named in a photo credit line: "Foto: Anna Muster/dpa",
/// "Bild: Keystone / SDA/dpa", "© AFP".
pub fn photo_agencies(line: &str, credit: &mut Credit) {
    let body = line.split_once([':', '©']).map_or(line, |(_, b)| b);
    for part in body.split(['/', ',', '(', ')', '|']) {
        if let Some(a) = agency(part) {
            push_unique(&mut credit.agencies, a);
        }
    }
}

/// Is the whole line a credit? Fills `credit` when it is.
pub fn credit_line(line: &str, credit: &mut Credit) -> bool {
    let t = line.trim();
    if t.is_empty() || t.chars().count() > 240 {
        return false;
    }
    // "Von Anna Muster |": a separator left over from the page's layout.
    let t = t.trim_end_matches(['|', ' ']);
    // "Von Anna Muster, dpa | 18.05.2025, 12:47 Uhr": the byline before a timestamp.
    if let Some((head, tail)) = t.split_once(" | ") {
        if tail.chars().any(|c| c.is_ascii_digit()) && word_count(tail) <= 5 {
            return credit_line(head, credit);
        }
        // "22.04.2019, 15:45 Uhr | AFP": a timestamp, then the agency.
        if head.chars().any(|c| c.is_ascii_digit()) && word_count(head) <= 5 {
            if let Some(a) = agency(tail) {
                push_unique(&mut credit.agencies, a);
                return true;
            }
        }
    }
    // (dpa/AFP/bearbeitet von ank), [dpa], (Bericht von …, redigiert von …)
    let bracketed = t
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .or_else(|| t.strip_prefix('[').and_then(|x| x.strip_suffix(']')));
    if let Some(inner) = bracketed {
        return parse_agency_list(inner, credit) || report_credit(inner, credit);
    }
    let lower = t.to_lowercase();
    let lists = words_of_credits();
    if lists.source_labels.contains(lower.trim_end_matches(':')) {
        return true;
    }
    // Quelle: dpa | Mit Material von dpa und AFP | Source: Reuters | Nachrichtenagenturen dpa und AFP
    for p in &lists.source_prefixes {
        if lower.starts_with(p.as_str()) {
            return parse_agency_list(&t[p.len()..].replace(" und ", "/"), credit);
        }
    }
    // "Text-Nummer: 17 Autor: Anna Muster vom 01.04.2025 um 17.44 Uhr": a
    // page's metadata record naming the author.
    let ascii_lower = t.to_ascii_lowercase();
    for label in ["autor: ", "autorin: ", "author: "] {
        let Some(at) = ascii_lower.find(label).filter(|&at| at > 0) else {
            continue;
        };
        if !t.chars().any(|c| c.is_ascii_digit()) || word_count(t) > 20 {
            continue;
        }
        let rest = &t[at + label.len()..];
        let end = [" vom ", " am ", " on ", ","]
            .iter()
            .filter_map(|m| rest.find(m))
            .chain(rest.find(|c: char| c.is_ascii_digit()))
            .min()
            .unwrap_or(rest.len());
        let name = rest[..end].trim();
        if is_person_name(name) {
            push_unique(&mut credit.authors, name);
            return true;
        }
    }
    let lists = words_of_credits();
    for p in &lists.byline_prefixes {
        if lower.starts_with(p.as_str()) {
            let rest = strip_trailing_stamp(&t[p.len()..]);
            // "von Redaktion": a byline without a person.
            return parse_byline(rest, credit) || lists.not_names.contains(rest.trim());
        }
    }
    // "Agence France-Presse contributed to this report",
    // "Associated Press writer Luis Ortega in Paris contributed to this report."
    if let Some(head) = lower.find(" contributed to this report").map(|i| &t[..i]) {
        let mut c = Credit::default();
        let mut words: Vec<&str> = head.split_whitespace().collect();
        if let Some(i) = words.iter().position(|w| *w == "in") {
            words.truncate(i);
        }
        for cut in (1..=words.len()).rev() {
            if let Some(a) = agency(&words[..cut].join(" ")) {
                push_unique(&mut c.agencies, a);
                words.drain(..cut);
                break;
            }
        }
        if words
            .first()
            .is_some_and(|w| words_of_credits().role_words.contains(*w))
        {
            words.remove(0);
        }
        let names = words.join(" ");
        for n in split_names(&names) {
            if is_person_name(&n) {
                push_unique(&mut c.authors, &n);
            }
        }
        if c.agencies.is_empty() && c.authors.is_empty() {
            return false;
        }
        merge(credit, c);
        return true;
    }
    // Reporting by A and B; Additional reporting by C; Editing by D and E
    if lower.starts_with("reporting by ")
        || lower.starts_with("additional reporting by ")
        || lower.starts_with("writing by ")
        || lower.starts_with("editing by ")
    {
        return report_credit(t, credit);
    }
    // A bare agency list: "dpa", "dpa/lno", "AFP/Reuters", "mic/dpa/AFP", "/ck/he".
    if let Some(codes) = t.strip_prefix('/') {
        let parts: Vec<&str> = codes.split('/').collect();
        if !parts.is_empty() && parts.iter().all(|p| is_editor_code(p.trim())) {
            for p in parts {
                push_unique(&mut credit.editors, p.trim());
            }
            return true;
        }
    }
    if agency(t).is_some()
        || (!t.contains(' ')
            && t.split('/')
                .all(|p| agency(p).is_some() || is_editor_code(p.trim())))
    {
        return parse_agency_list(t, credit);
    }
    false
}

/// "Reporting by A and B; Writing by C; Editing by D" and the German
/// "Bericht von A, redigiert von B. Bei Rückfragen …".
fn report_credit(t: &str, credit: &mut Credit) -> bool {
    let mut c = Credit::default();
    let t = t.split(". ").next().unwrap_or(t);
    for clause in t.split([';', ',']) {
        let cl = clause.trim().trim_end_matches('.');
        let cll = cl.to_lowercase();
        let found = [" by ", " von "]
            .iter()
            .find_map(|m| cll.find(m).map(|i| (i, m.len())));
        let (is_editor, rest) = if let Some((i, len)) = found {
            let head = &cll[..i];
            (
                head.contains("edit") || head.contains("redigiert") || head.contains("bearbeitet"),
                &cl[i + len..],
            )
        } else if let Some(r) = cll.strip_prefix("by ").or_else(|| cll.strip_prefix("von ")) {
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
    true
}

/// A bare byline under the headline: "Jan Beispiel", "Harriet Lowe in Berlin".
pub fn bare_byline(line: &str, credit: &mut Credit) -> bool {
    let t = line.trim();
    let name = t.split(" in ").next().unwrap_or(t).trim();
    let words = word_count(name);
    if (2..=3).contains(&words) && is_person_name(name) && word_count(t) <= words + 3 {
        push_unique(&mut credit.authors, name);
        return true;
    }
    false
}

/// A byline the page marks as such ("Von Anna Muster und Jan Beispiel", "By Jane
/// Doe", "Anna Muster, Jan Beispiel") whose shape the stricter rules did not
/// take: names split at commas and "und"/"and"; only name-like parts are kept.
pub fn byline_names(line: &str, credit: &mut Credit) -> bool {
    let t = line.trim();
    let lower = t.to_lowercase();
    let rest = words_of_credits()
        .plain_byline_prefixes
        .iter()
        .find(|p| lower.starts_with(p.as_str()))
        .map_or(t, |p| &t[p.len()..]);
    let mut found = false;
    for part in rest
        .split([',', ';', '|'])
        .flat_map(|p| p.split(" und "))
        .flat_map(|p| p.split(" and "))
    {
        let name = part.trim();
        let words = word_count(name);
        if (2..=4).contains(&words)
            && name.chars().next().is_some_and(char::is_uppercase)
            && !name
                .chars()
                .any(|c| c.is_ascii_digit() || c == '@' || c == '/')
        {
            push_unique(&mut credit.authors, name);
            found = true;
        }
    }
    found
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
        let c = line("dpa/lno").unwrap();
        assert!(c.editors.is_empty() && c.agencies == ["dpa"], "{c:?}");
        let c = line("(APA, red, 13.5.2025)").unwrap();
        assert_eq!(
            (c.agencies, c.editors),
            (vec!["APA".to_string()], vec!["red".to_string()])
        );
        assert_eq!(line("Quelle: ntv.de, mba/dpa").unwrap().editors, ["mba"]);
        assert_eq!(line("/ck/he").unwrap().editors, ["ck", "he"]);
        assert_eq!(
            line("Agence France-Presse contributed to this report")
                .unwrap()
                .agencies,
            ["AFP"]
        );
        let c = line("Associated Press writer Luis Ortega in Paris contributed to this report.")
            .unwrap();
        assert_eq!(
            (c.agencies, c.authors),
            (vec!["AP".to_string()], vec!["Luis Ortega".to_string()])
        );
        assert!(line("(siehe oben)").is_none());
        assert!(line("(Symbolbild)").is_none());
    }

    #[test]
    fn bylines() {
        let c = line("Von Anna Muster, dpa").unwrap();
        assert_eq!(c.authors, ["Anna Muster"]);
        assert_eq!(c.agencies, ["dpa"]);
        let c = line("Von Anna Muster (KNA)").unwrap();
        assert_eq!(
            (c.agencies, c.authors),
            (vec!["KNA".to_string()], vec!["Anna Muster".to_string()])
        );
        assert_eq!(
            line("By Jane Whitmore, BBC News, Madrid").unwrap().authors,
            ["Jane Whitmore"]
        );
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
        let n = dateline_prefix(s, &mut c, false).unwrap();
        assert_eq!(&s[n..], "Die Ölpreise sind gestiegen.");
        assert_eq!(c.agencies, ["dpa-AFX"]);
        assert_eq!(c.dateline.as_deref(), Some("KUALA LUMPUR"));
        let mut c = Credit::default();
        let s = "WASHINGTON - The Senate voted on Tuesday.";
        assert_eq!(
            &s[dateline_prefix(s, &mut c, false).unwrap()..],
            "The Senate voted on Tuesday."
        );
        let mut c = Credit::default();
        assert!(dateline_prefix("Rubio (links) - ein Bild", &mut c, true).is_none());
        for (s, place, rest) in [
            (
                "WASHINGTON, June 17 (Reuters) - The Senate voted.",
                "WASHINGTON",
                "The Senate voted.",
            ),
            (
                "Bonn (KNA) Die Kirche verlor Mitglieder.",
                "Bonn",
                "Die Kirche verlor Mitglieder.",
            ),
            (
                "Frankfurt a.M. (epd). Die Diakonie warnt.",
                "Frankfurt a.M.",
                "Die Diakonie warnt.",
            ),
            (
                "Frankfurt (Oder) - Die Lage entspannt sich.",
                "Frankfurt (Oder)",
                "Die Lage entspannt sich.",
            ),
            (
                "Wien – Die Koalition hat sich geeinigt.",
                "Wien",
                "Die Koalition hat sich geeinigt.",
            ),
            (
                "Essen. Mehrere Tausend Menschen protestierten.",
                "Essen",
                "Mehrere Tausend Menschen protestierten.",
            ),
        ] {
            let mut c = Credit::default();
            let n = dateline_prefix(s, &mut c, true).unwrap_or_else(|| panic!("{s}"));
            assert_eq!((&s[n..], c.dateline.as_deref()), (rest, Some(place)));
        }
        assert!(dateline_prefix("Ja. Das stimmt.", &mut c, true).is_none());
        assert!(dateline_prefix("Merz – der neue Kanzler – sagte", &mut c, true).is_none());
        assert!(dateline_prefix("Die USA - ein Land", &mut c, true).is_none());
    }

    #[test]
    fn page_bylines_and_stamps() {
        let c = line("Von Jana Beispiel 14.03.2024, 09:12").unwrap();
        assert_eq!(c.authors, ["Jana Beispiel"]);
        let c = line("von Jan Muster18:05 Uhr | 02.11.2019").unwrap();
        assert_eq!(c.authors, ["Jan Muster"]);
        assert_eq!(
            line("Von Jana Beispiel |").unwrap().authors,
            ["Jana Beispiel"]
        );
        assert_eq!(
            line("Erstellt von Jana Beispiel").unwrap().authors,
            ["Jana Beispiel"]
        );
        // A byline without a person is a credit line with no author.
        assert!(line("von Redaktion").unwrap().authors.is_empty());
        let c =
            line("Meldung Nr. 2231 Autor: Stadtwerke Kiel vom 03.05.2024 um 11.10 Uhr").unwrap();
        assert_eq!(c.authors, ["Stadtwerke Kiel"]);
        assert_eq!(
            line("05.06.2021, 08:30 Uhr | AFP").unwrap().agencies,
            ["AFP"]
        );
        assert!(line("Der Autor: ein Mann, der 1990 nach Berlin kam und blieb").is_none());
    }

    #[test]
    fn agency_lists_with_photo_and_date() {
        let c = line("(APA/red, Foto: APA/Reuters (AFP))").unwrap();
        assert_eq!(c.agencies, ["APA", "Reuters", "AFP"]);
        assert_eq!(c.editors, ["red"]);
        let c = line("(kna 02.05.2011 abc)").unwrap();
        assert_eq!(
            (c.agencies, c.editors),
            (vec!["KNA".to_string()], vec!["abc".to_string()])
        );
        // A photo credit alone is no agency credit.
        assert!(line("(Foto: Harald Tittel/dpa)").is_none());
        let mut c = Credit::default();
        photo_agencies("Bild: Keystone / SDA/dpa", &mut c);
        assert_eq!(c.agencies, ["sda", "dpa"]);
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
