//! The corpus-wide entity key: one key per entity across articles and
//! languages, stored as `entities.name_key`.
//!
//! * **Places** resolved to GeoNames take `geo:<geonameid>`: the gazetteer
//!   already knows that "Genf" and "Geneva" are one town.
//! * **Organisations and other names** are folded (case, diacritics), their
//!   German adjective and genitive endings removed ("der Europäischen Union"
//!   and "die Europäische Union" share a key), and looked up in a table of
//!   acronyms and long forms in both languages ("Vereinte Nationen", "United
//!   Nations", "UN").
//! * **People** keep their words, folded, and every word goes through a
//!   transliteration skeleton: the German and English spellings of the same
//!   Cyrillic, Arabic or Asian sound map to one letter ("Lawrow"/"Lavrov",
//!   "Selenskyj"/"Zelensky"/"Zelenskyy", "Sergej"/"Sergei"/"Sergey").
//!   Organisations and places without an id go through it too, so that an
//!   ungeocoded "Charkiw" meets "Kharkiv".
//!
//! The rules are language data in `resources/{de,en}/entity_identity.txt` of the
//! `depesche` crate; both files apply to
//! every name (a German article may quote an English spelling).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::fold::{fold_key, words};

/// The rules of both languages, read once.
struct Rules {
    /// Spelling → skeleton, longest spelling first.
    translit: Vec<(String, String)>,
    /// Adjective endings of non-final name words, longest first.
    inflection: Vec<String>,
    /// Endings of a name's last word (genitive, weak plural), longest first.
    genitive: Vec<String>,
    /// Shortest stem a last-word ending may leave.
    genitive_min: usize,
    /// Shortest stem an "s" after a vowel may leave (`vowel-s`).
    vowel_s_min: usize,
    /// Endings `inflection_pairs` removes: of a person's name, of another
    /// name's last word, of a word before the last (`[inflection-check]`).
    check_person: Vec<String>,
    check_noun: Vec<String>,
    check_attribute: Vec<String>,
    /// Normalised long form or acronym → the acronym's normalised form.
    acronyms: HashMap<String, String>,
    /// Adjective suffixes and the case endings that may follow them on a
    /// name's last word (`[adjective]`).
    adjective: Vec<(String, Vec<String>)>,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut r = Rules {
            translit: Vec::new(),
            inflection: Vec::new(),
            genitive: Vec::new(),
            genitive_min: 5,
            vowel_s_min: 5,
            check_person: Vec::new(),
            check_noun: Vec::new(),
            check_attribute: Vec::new(),
            acronyms: HashMap::new(),
            adjective: Vec::new(),
        };
        let mut acronym_lines: Vec<String> = Vec::new();
        for lang in [depesche::Lang::De, depesche::Lang::En] {
            let src = depesche::langdata::LangData::get(lang).text("entity_identity");
            for (section, line) in depesche::wordlist::lines(src) {
                match section {
                    "transliteration" => {
                        let mut it = line.split_whitespace();
                        if let (Some(from), Some(to)) = (it.next(), it.next()) {
                            r.translit.push((fold_key(from), fold_key(to)));
                        }
                    }
                    "inflection" => r.inflection.extend(line.split_whitespace().map(fold_key)),
                    "last-word" => {
                        if let Some(n) = line.strip_prefix("min ") {
                            r.genitive_min = n.trim().parse().unwrap_or(r.genitive_min);
                        } else if let Some(n) = line.strip_prefix("vowel-s ") {
                            r.vowel_s_min = n.trim().parse().unwrap_or(r.vowel_s_min);
                        } else {
                            r.genitive.extend(line.split_whitespace().map(fold_key));
                        }
                    }
                    "inflection-check" => {
                        let mut it = line.split_whitespace();
                        let list = match it.next() {
                            Some("person") => &mut r.check_person,
                            Some("noun") => &mut r.check_noun,
                            Some("attribute") => &mut r.check_attribute,
                            _ => continue,
                        };
                        list.extend(it.map(fold_key));
                    }
                    "acronyms" => acronym_lines.push(line.to_string()),
                    "adjective" => {
                        let mut it = line.split_whitespace().map(fold_key);
                        if let Some(suffix) = it.next() {
                            r.adjective.push((suffix, it.collect()));
                        }
                    }
                    _ => {}
                }
            }
        }
        r.translit
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        r.translit.dedup_by(|a, b| a.0 == b.0);
        for list in [
            &mut r.inflection,
            &mut r.genitive,
            &mut r.check_person,
            &mut r.check_noun,
            &mut r.check_attribute,
        ] {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            list.dedup();
        }
        // Long forms are normalised as names are (inflection folded), so
        // that "der Vereinten Nationen" finds "Vereinte Nationen".
        for line in acronym_lines {
            let Some((acronym, forms)) = line.split_once('=') else {
                continue;
            };
            let target = normalise_org(&r, acronym.trim());
            for form in forms.split('|').chain(std::iter::once(acronym)) {
                let form = form.trim();
                if !form.is_empty() {
                    r.acronyms.insert(normalise_org(&r, form), target.clone());
                }
            }
        }
        r
    })
}

/// The GeoNames id that identifies a place entity: only where the gazetteer
/// holds the place itself (`precision` `place`, or unset in older output).
/// A street resolved to its town or a name that fell back to the article's
/// country is not that town or country.
pub fn place_id(place: &depesche::schema::Place) -> Option<u64> {
    match place.precision.as_deref() {
        None | Some("place") => place.geonameid,
        _ => None,
    }
}

/// The corpus-wide key of an entity of type `kind` (`PER`, `ORG`, `LOC`,
/// `MISC`) with canonical name `name`, geocoded to `geonameid` when known.
pub fn entity_key(kind: &str, name: &str, geonameid: Option<u64>) -> String {
    if let Some(id) = geonameid {
        return format!("geo:{id}");
    }
    let r = rules();
    let base = if kind == "PER" {
        folded_words(name).join(" ")
    } else {
        let n = normalise_org(r, name);
        r.acronyms.get(&n).cloned().unwrap_or(n)
    };
    skeleton(r, &base)
}

/// The keys a name typed by a user may have: as a person and as anything
/// else (their folds differ), without repeats.
pub fn query_keys(name: &str) -> Vec<String> {
    let mut out = vec![entity_key("PER", name, None)];
    let other = entity_key("ORG", name, None);
    if !out.contains(&other) {
        out.push(other);
    }
    out.retain(|k| !k.is_empty());
    out
}

/// Folded words of a name: hyphens and apostrophes separate words
/// ("Heinz-Christian" and "Heinz Christian" are one spelling), and initials
/// written apart are one word ("J. D." and "JD").
fn folded_words(name: &str) -> Vec<String> {
    let folded = fold_key(name);
    let mut out: Vec<String> = Vec::new();
    let mut initials = false;
    for (_, w) in words(&folded) {
        let single = w.chars().count() == 1 && w.chars().all(char::is_alphabetic);
        match out.last_mut() {
            Some(last) if single && initials => last.push_str(w),
            _ => out.push(w.to_string()),
        }
        // The last word is made of initials only while singles keep coming.
        initials = single;
    }
    out
}

/// Folded words with German adjective endings removed from all but the last
/// word and a genitive ending from the last.
fn normalise_org(r: &Rules, name: &str) -> String {
    let mut ws = folded_words(name);
    let n = ws.len();
    for (i, w) in ws.iter_mut().enumerate() {
        let (endings, min) = if i + 1 < n {
            (&r.inflection, 3)
        } else {
            (&r.genitive, r.genitive_min)
        };
        // Acronyms and numbers keep their form ("G7", "SPD").
        if w.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        // An adjective loses its case ending, not its suffix
        // ("islamischer" → "islamisch").
        if i + 1 == n {
            if let Some(stem) = r.adjective.iter().find_map(|(suffix, ends)| {
                ends.iter()
                    .filter_map(|e| w.strip_suffix(e.as_str()))
                    .find(|s| s.ends_with(suffix.as_str()) && s.chars().count() > suffix.len())
            }) {
                *w = stem.to_string();
                continue;
            }
        }
        if let Some(stem) = endings
            .iter()
            .filter_map(|e| w.strip_suffix(e.as_str()))
            .find(|s| s.chars().count() >= min)
        {
            *w = stem.to_string();
            // A genitive "s" after a name that itself ends like a plural
            // ("Bayerns" → "Bayern" → "Bayer", as "Bayern" → "Bayer"): one
            // more ending of the last word.
            if i + 1 == n {
                if let Some(stem) = endings
                    .iter()
                    .filter_map(|e| w.strip_suffix(e.as_str()))
                    .find(|s| s.chars().count() >= min)
                {
                    *w = stem.to_string();
                }
            }
        } else if i + 1 == n {
            // "Hutus" → "Hutu": a plural or genitive "s" after a vowel.
            if let Some(stem) = w.strip_suffix('s').filter(|s| {
                s.chars().count() >= r.vowel_s_min && s.ends_with(['a', 'e', 'i', 'o', 'u', 'y'])
            }) {
                *w = stem.to_string();
            }
        }
    }
    ws.join(" ")
}

/// Every word through the transliteration rules (longest spelling at each
/// position), then doubled letters collapsed.
fn skeleton(r: &Rules, s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    'outer: while let Some(c) = rest.chars().next() {
        for (from, to) in &r.translit {
            if let Some(after) = rest.strip_prefix(from.as_str()) {
                out.push_str(to);
                rest = after;
                continue 'outer;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    let mut collapsed = String::with_capacity(out.len());
    let mut prev = None;
    for c in out.chars() {
        if Some(c) != prev || c == ' ' || c.is_ascii_digit() {
            collapsed.push(c);
        }
        prev = Some(c);
    }
    collapsed
}

/// A person an article names in the genitive ("Straches") takes the key of
/// the base form when the corpus has it at least as often; one named only
/// by the last name(s) ("Lawrow") takes the key of the full name other
/// articles give ("Sergej Lawrow"), when one
/// full name holds at least [`SURNAME_DOMINANCE`] of the articles among the
/// candidates (two "Müller"s of equal weight stay apart). Corpus-wide, so
/// it runs before stories are clustered; returns how many keys were joined.
pub fn join_surnames(conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
    let mut st = conn.prepare(
        "SELECT name_key, count(DISTINCT article) FROM entities WHERE type = 'PER' GROUP BY name_key",
    )?;
    let keys: Vec<(String, i64)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Every proper word-suffix of a key → the longer keys ending so.
    let mut longer: HashMap<&str, Vec<(&str, i64)>> = HashMap::new();
    for (k, n) in &keys {
        for (i, c) in k.char_indices() {
            if c == ' ' {
                longer
                    .entry(&k[i + 1..])
                    .or_default()
                    .push((k.as_str(), *n));
            }
        }
    }
    let articles: HashMap<&str, i64> = keys.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    // The key of each name without its genitive "s" ("Mozarts" → "Mozart"):
    // the skeleton may fold the "s" into the letter before it ("ts", "z" →
    // "s"), so the key less an "s" is not always the base form's key.
    let mut genitive_of: HashMap<String, Vec<String>> = HashMap::new();
    {
        let mut st =
            conn.prepare("SELECT DISTINCT name_key, name FROM entities WHERE type = 'PER'")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (k, name) = row?;
            let Some(stem) = name.trim_end().strip_suffix('s') else {
                continue;
            };
            if stem.chars().rev().take_while(|c| c.is_alphabetic()).count() < 3 {
                continue;
            }
            let base = entity_key("PER", stem, None);
            let list = genitive_of.entry(k).or_default();
            if !list.contains(&base) {
                list.push(base);
            }
        }
    }
    let mut target: HashMap<&str, &str> = HashMap::new();
    for (k, n) in &keys {
        // A German genitive ("Straches", "Elon Musks") whose base form the
        // corpus knows at least as often.
        let base = k.strip_suffix('s').filter(|b| b.chars().count() >= 3);
        let bases = base
            .into_iter()
            .chain(genitive_of.get(k).into_iter().flatten().map(String::as_str));
        if let Some(b) = bases
            .filter(|b| b != k)
            .find(|b| articles.get(b).is_some_and(|&nb| nb >= *n))
        {
            let b = articles.get_key_value(b).map_or(b, |(kb, _)| *kb);
            target.insert(k.as_str(), b);
            continue;
        }
        // The last name, or its genitive ("Lawrows" → "Sergej Lawrow").
        let Some(cands) = longer
            .get(k.as_str())
            .or_else(|| base.and_then(|b| longer.get(b)))
        else {
            continue;
        };
        let total: i64 = cands.iter().map(|c| c.1).sum();
        let best = cands
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .copied();
        if let Some((full, n)) = best {
            if n as f64 >= SURNAME_DOMINANCE * total as f64 {
                target.insert(k.as_str(), full);
            }
        }
    }
    let tx = conn.unchecked_transaction()?;
    let mut up =
        tx.prepare("UPDATE entities SET name_key = ?1 WHERE type = 'PER' AND name_key = ?2")?;
    for (&from, &to) in &target {
        // Follow "strakes" → "strake" → "hains kristian strake" to the end
        // (bounded: a chain only grows after its one genitive step).
        let mut to = to;
        for _ in 0..8 {
            match target.get(to) {
                Some(&next) if next != from => to = next,
                _ => break,
            }
        }
        up.execute([to, from])?;
    }
    drop(up);
    tx.commit()?;
    Ok(target.len())
}

/// A place name some article left ungeocoded takes the GeoNames key that
/// the same name (same fold) has in other articles, when one id holds at
/// least [`SURNAME_DOMINANCE`] of those articles: "Ägäis" resolved in one
/// report and not in another is still one place. Returns how many keys
/// were joined.
pub fn join_places(conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
    let mut st = conn.prepare(
        "SELECT name, name_key, count(DISTINCT article) FROM entities WHERE type = 'LOC'
         GROUP BY name, name_key",
    )?;
    let rows: Vec<(String, String, i64)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // Folded name → (geo key → articles).
    let mut geo: HashMap<String, HashMap<&str, i64>> = HashMap::new();
    for (name, key, n) in &rows {
        if key.starts_with("geo:") {
            *geo.entry(entity_key("LOC", name, None))
                .or_default()
                .entry(key.as_str())
                .or_insert(0) += n;
        }
    }
    let mut target: HashMap<&str, &str> = HashMap::new();
    for (name, key, _) in &rows {
        if key.starts_with("geo:") || target.contains_key(key.as_str()) {
            continue;
        }
        let Some(ids) = geo.get(&entity_key("LOC", name, None)) else {
            continue;
        };
        let total: i64 = ids.values().sum();
        if let Some((&best, &n)) = ids.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
            if n as f64 >= SURNAME_DOMINANCE * total as f64 {
                target.insert(key.as_str(), best);
            }
        }
    }
    let tx = conn.unchecked_transaction()?;
    let mut up =
        tx.prepare("UPDATE entities SET name_key = ?1 WHERE type = 'LOC' AND name_key = ?2")?;
    for (&from, &to) in &target {
        up.execute([to, from])?;
    }
    drop(up);
    tx.commit()?;
    Ok(target.len())
}

/// Share of the candidate full names' articles the chosen one must hold.
pub const SURNAME_DOMINANCE: f64 = 0.8;

/// Pairs of distinct keys (of one type) whose names differ only by German
/// inflection, as `[inflection-check]` defines it: word by word, the
/// longest ending of the word's kind removed (a person's genitive "s"; a
/// last word's noun endings, and adjective endings after an `[adjective]`
/// suffix; an attribute's adjective endings), leaving at least three
/// letters, makes them equal. Names equal when folded (two places of one
/// name the gazetteer tells apart) differ by no inflection and are not
/// pairs. `names` holds `(type, key, name)`; each pair is reported once, as
/// two example names.
pub fn inflection_pairs<'a>(names: &[(&'a str, &'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let r = rules();
    let strip = |w: &str, endings: &[String]| -> String {
        endings
            .iter()
            .filter_map(|e| w.strip_suffix(e.as_str()))
            .find(|s| s.chars().count() >= 3)
            .unwrap_or(w)
            .to_string()
    };
    // (type, stem) → (key, folded name, example name) of each distinct key.
    type Named<'a> = Vec<(&'a str, String, &'a str)>;
    let mut by_stem: HashMap<(&str, String), Named<'a>> = HashMap::new();
    for &(kind, key, name) in names {
        // Acronyms take no ending: their words are left as they are.
        let acronym: Vec<bool> = words(name)
            .map(|(_, w)| {
                w.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && !w.chars().any(char::is_lowercase)
            })
            .collect();
        let ws = folded_words(name);
        let n = ws.len();
        let stem: Vec<String> = ws
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if acronym.len() == n && acronym[i] {
                    w.clone()
                } else if kind == "PER" {
                    strip(w, &r.check_person)
                } else if i + 1 < n {
                    strip(w, &r.check_attribute)
                } else {
                    let adjective = r.adjective.iter().find_map(|(suffix, ends)| {
                        ends.iter()
                            .filter_map(|e| w.strip_suffix(e.as_str()))
                            .chain(std::iter::once(w.as_str()))
                            .find(|s| {
                                s.ends_with(suffix.as_str()) && s.chars().count() > suffix.len()
                            })
                    });
                    adjective.map_or_else(|| strip(w, &r.check_noun), str::to_string)
                }
            })
            .collect();
        let list = by_stem.entry((kind, stem.join(" "))).or_default();
        if !list.iter().any(|(k, _, _)| *k == key) {
            list.push((key, ws.join(" "), name));
        }
    }
    let mut out: Vec<(&str, &str)> = Vec::new();
    for list in by_stem.into_values() {
        let pair = list.iter().enumerate().find_map(|(i, a)| {
            list[i + 1..]
                .iter()
                .find(|b| b.1 != a.1)
                .map(|b| (a.2.min(b.2), a.2.max(b.2)))
        });
        out.extend(pair);
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn per(s: &str) -> String {
        entity_key("PER", s, None)
    }
    fn org(s: &str) -> String {
        entity_key("ORG", s, None)
    }

    #[test]
    fn transliterations_of_one_name_share_a_key() {
        assert_eq!(per("Sergej Lawrow"), per("Sergei Lavrov"));
        assert_eq!(per("Sergey Lavrov"), per("Sergej Lawrow"));
        assert_eq!(per("Selenskyj"), per("Zelensky"));
        assert_eq!(per("Selenskyj"), per("Zelenskyy"));
        assert_eq!(per("Wolodymyr Selenskyj"), per("Volodymyr Zelensky"));
        assert_eq!(per("Boris Jelzin"), per("Boris Yeltsin"));
        assert_eq!(per("Michail Mischustin"), per("Mikhail Mishustin"));
        assert_eq!(per("Ali Chamenei"), per("Ali Khamenei"));
        assert_eq!(per("Alexej Nawalny"), per("Alexei Navalny"));
        assert_eq!(
            per("Heinz-Christian Strache"),
            per("Heinz Christian Strache")
        );
        assert_eq!(per("J. D. Vance"), per("JD Vance"));
        assert_ne!(per("J. D. Vance"), per("Vance"));
        assert_ne!(per("Sergej Lawrow"), per("Sergej Schoigu"));
        assert_ne!(per("Olaf Scholz"), per("Olaf Schulz"));
    }

    #[test]
    fn organisations_join_inflection_languages_and_acronyms() {
        assert_eq!(org("Europäischen Union"), org("Europäische Union"));
        assert_eq!(org("Europäische Union"), org("EU"));
        assert_eq!(org("European Union"), org("EU"));
        assert_eq!(org("Deutschen Bank"), org("Deutsche Bank"));
        assert_eq!(org("NATO"), org("Nato"));
        assert_eq!(org("Vereinten Nationen"), org("United Nations"));
        assert_eq!(org("UN"), org("Vereinte Nationen"));
        assert_eq!(org("Roten Kreuzes"), org("Rote Kreuz"));
        assert_eq!(org("Grünen"), org("Grüne"));
        assert_ne!(org("Deutsche Bank"), org("Deutsche Bahn"));
        assert_ne!(org("SPD"), org("CDU"));
        assert_eq!(org("G7"), org("Gruppe der Sieben"));
        assert_eq!(org("Teslas Model S"), org("Tesla Model S"));
        assert_eq!(org("Islamische"), org("Islamischer"));
        assert_eq!(org("Katholischen"), org("katholisch"));
        assert_ne!(org("Islamische"), org("Islam"));
        assert_ne!(org("Tesla Model S"), org("Tesla Model X"));
        // The plural or genitive "s" after a vowel.
        assert_eq!(org("Hutus"), org("Hutu"));
        assert_eq!(org("Tutsis"), org("Tutsi"));
        assert_eq!(org("Bayerns"), org("Bayern"));
        assert_eq!(org("Bremens"), org("Bremen"));
        assert_ne!(org("Bus"), org("Bu"));
    }

    #[test]
    fn places_with_an_id_take_it() {
        assert_eq!(entity_key("LOC", "Genf", Some(2660646)), "geo:2660646");
        assert_eq!(
            entity_key("LOC", "Geneva", Some(2660646)),
            entity_key("LOC", "Genf", Some(2660646))
        );
        assert_eq!(
            entity_key("LOC", "Charkiw", None),
            entity_key("LOC", "Kharkiv", None)
        );
    }

    #[test]
    fn odd_input_gives_a_key_without_panicking() {
        for s in ["", " ", "-", "’s", "ẞẞ", "X", "1. FC Köln", "e\u{301}"] {
            let _ = per(s);
            let _ = org(s);
        }
        assert_eq!(per(""), "");
        assert!(query_keys("").is_empty());
    }

    #[test]
    fn a_genitive_joins_its_base_form_through_the_skeleton() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE entities (article INTEGER, type TEXT, name TEXT, name_key TEXT)",
        )
        .unwrap();
        for (article, name) in [
            (1, "Mozarts"),
            (2, "Mozart"),
            (3, "Mozart"),
            (4, "Haydns"),
            (5, "Bach"),
        ] {
            conn.execute(
                "INSERT INTO entities VALUES (?1, 'PER', ?2, ?3)",
                rusqlite::params![article, name, per(name)],
            )
            .unwrap();
        }
        // "Mozarts" folds "ts" to "s": its key less an "s" is not Mozart's.
        assert_ne!(per("Mozarts").strip_suffix('s').unwrap(), per("Mozart"));
        join_surnames(&conn).unwrap();
        let keys: Vec<String> = conn
            .prepare("SELECT DISTINCT name_key FROM entities ORDER BY 1")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        // Haydn is never named in the nominative: nothing to join.
        assert_eq!(keys, [per("Bach"), per("Haydns"), per("Mozart")]);
    }

    #[test]
    fn inflection_pairs_are_found() {
        let names = [
            ("ORG", "k1", "Europäischen Kommission"),
            ("ORG", "k2", "Europäische Kommission"),
            ("ORG", "k3", "Deutsche Bank"),
            ("PER", "k4", "Strache"),
            ("PER", "k5", "Straches"),
            ("PER", "k6", "Strache"),
        ];
        let pairs = inflection_pairs(&names);
        assert_eq!(pairs.len(), 2, "{pairs:?}");
        assert!(inflection_pairs(&names[2..4]).is_empty());
        // Derived words, other names, acronyms and places of one name that
        // the gazetteer tells apart are not inflection.
        let other = [
            ("LOC", "geo:1", "Passau"),
            ("LOC", "passauer", "Passauer"),
            ("MISC", "russen", "Russen"),
            ("MISC", "russisch", "Russischer"),
            ("PER", "julia", "Julia"),
            ("PER", "julian", "Julian"),
            ("ORG", "esp", "ESP"),
            ("ORG", "espn", "ESPN"),
            ("LOC", "geo:2", "Bergen"),
            ("LOC", "geo:3", "Bergen"),
        ];
        assert_eq!(inflection_pairs(&other), []);
        let more = [
            ("MISC", "k1", "Europäischen"),
            ("MISC", "k2", "Europäische"),
            ("ORG", "k3", "Bund"),
            ("ORG", "k4", "Bunde"),
        ];
        assert_eq!(inflection_pairs(&more).len(), 2);
    }
}
