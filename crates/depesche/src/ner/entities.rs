//! Mentions → entities: one entity per person, organisation and place in an
//! article, with a canonical name (the longest full form, genitive removed)
//! and the roles written before the name ("US-Außenminister Marco Rubio").

use std::collections::{HashMap, HashSet};

use super::model::TYPES;
use super::resources::{gaz, seq_hash, NounClass, Resources};
use crate::hashing::FastBuild;
use crate::lang::Lang;
use crate::schema::{Analysis, Entity, EntityType, Mention, Span};
use crate::text::TextIndex;

/// A tagged span over `Analysis::tokens` (`first..last`, exclusive).
#[derive(Debug, Clone, Copy)]
pub struct RawMention {
    pub first: usize,
    pub last: usize,
    pub ty: usize,
}

/// One mention after clean-up.
#[derive(Debug, Clone)]
struct Found {
    span: Span,
    text: String,
    /// Normalised name: genitive removed.
    name: String,
    kind: EntityType,
    role: Option<String>,
    lone_noun: bool,
}

fn lower_chars(s: &str) -> Vec<char> {
    s.to_lowercase().chars().collect()
}

/// The whitespace-delimited word that ends right before code point `at`
/// (skipping the whitespace before `at`), without trailing punctuation.
fn word_before(text: &str, ix: &TextIndex, at: usize) -> Option<(usize, String)> {
    prev_word(text, ix.byte(at), char::is_whitespace)
        .map(|(start, w)| (ix.char_at_byte(start), w.to_string()))
}

/// The word ending right before byte `end` of `text`, after one or more
/// characters that `gap` accepts, and the byte where its raw form starts
/// (punctuation trimmed from the word, not from the start); `None` when
/// nothing separates it from `end` ("Trump-…", "(Asean"). Borrowed, so the
/// hot checks allocate nothing.
fn prev_word(text: &str, end: usize, gap: fn(char) -> bool) -> Option<(usize, &str)> {
    let before = &text[..end];
    let trimmed = before.trim_end_matches(gap);
    if trimmed.len() == before.len() {
        return None;
    }
    let start = trimmed
        .rfind(char::is_whitespace)
        .map(|p| p + trimmed[p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let w = trimmed[start..].trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    (!w.is_empty()).then_some((start, w))
}

/// Spaces only (not line breaks) between a word and the mention after it.
fn space(c: char) -> bool {
    c == ' '
}

/// Whether code point `at` opens a sentence: the text before it, spaces
/// aside, is empty or ends a sentence or a line.
fn opens_sentence(text: &str, ix: &TextIndex, at: usize) -> bool {
    let before = text[..ix.byte(at)].trim_end_matches([' ', '\t']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n', '"', '“', '”', '»', '«'])
}

/// Remove a genitive ending when the article or the gazetteer knows the bare form.
fn strip_genitive(name: &str, known: &dyn Fn(&str) -> bool, res: &Resources, lang: Lang) -> String {
    for suffix in ["’s", "'s", "’", "'"] {
        if let Some(b) = name.strip_suffix(suffix) {
            if !b.is_empty() {
                return b.to_string();
            }
        }
    }
    if lang != Lang::De {
        return name.to_string();
    }
    // An institution named by a common noun, in the genitive: "des
    // Innenministeriums", "des Landesamts für Umwelt" → "Landesamt für Umwelt",
    // "des Naturkundemuseums Bamberg" → "Naturkundemuseum Bamberg".
    let first = name.split(' ').next().unwrap_or(name);
    if let Some(stem) = first.strip_suffix("es").or_else(|| first.strip_suffix('s')) {
        let rest = &name[first.len()..];
        let noun = |w: &str| res.noun_class(&lower_chars(w));
        let town = |w: &str| {
            !w.contains(' ')
                && w.starts_with(char::is_uppercase)
                && res.gaz_lookup(seq_hash(&[w.to_lowercase().as_str()]))
                    & (gaz::CITY | gaz::REGION)
                    != 0
        };
        if (rest.is_empty()
            || rest.starts_with(" für ")
            || rest.strip_prefix(' ').is_some_and(town))
            && first.starts_with(char::is_uppercase)
            && stem.chars().count() >= 6
            && matches!(noun(stem), NounClass::Lemma | NounClass::Head)
            && noun(first) != NounClass::Lemma
        {
            return format!("{stem}{rest}");
        }
    }
    let Some(base) = name.strip_suffix('s') else {
        return name.to_string();
    };
    if base.chars().count() < 2 || base.ends_with('s') {
        return name.to_string();
    }
    // A listed organisation that ends in "s" keeps it ("Siemens", not the
    // surname "Siemen"); one in the genitive loses it ("Zalandos").
    if super::patterns::is_listed_organisation(lang, name) {
        return name.to_string();
    }
    if super::patterns::is_listed_organisation(lang, base) {
        return base.to_string();
    }
    let gaz = |s: &str| {
        let toks: Vec<String> = s
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let refs: Vec<&str> = toks.iter().map(String::as_str).collect();
        res.gaz_lookup(seq_hash(&refs)) != 0
    };
    if known(base) || (gaz(base) && !gaz(name)) {
        base.to_string()
    } else {
        name.to_string()
    }
}

/// Whether a lowercase word is a first name in the gazetteer: first names
/// are part of a person's name, never roles.
fn is_first_name(res: &Resources, lower: &str) -> bool {
    res.gaz_lookup(seq_hash(&[lower])) & gaz::FIRSTNAME != 0
}

/// Endings of weak adjective forms in German names (`resources/de/ner_names.txt`).
fn adjective_endings() -> &'static [String] {
    static ENDINGS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ENDINGS.get_or_init(|| {
        crate::langdata::LangData::get(Lang::De)
            .words("ner_names", "adjective-endings")
            .map(str::to_string)
            .collect()
    })
}

/// German common nouns for authorities that name no institution alone
/// (`resources/de/ner_names.txt`).
fn generic_institutions() -> &'static HashSet<String, FastBuild> {
    static WORDS: std::sync::OnceLock<HashSet<String, FastBuild>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        crate::langdata::LangData::get(Lang::De)
            .words("ner_names", "generic-institutions")
            .map(str::to_string)
            .collect()
    })
}

/// Is this one-word name a generic authority ("Staatsanwaltschaft",
/// "Bundesamts")?
fn is_generic_institution(name: &str) -> bool {
    let lower = name.to_lowercase();
    let words = generic_institutions();
    let found = [
        Some(&*lower),
        lower.strip_suffix('s'),
        lower.strip_suffix("es"),
    ]
    .into_iter()
    .flatten()
    .any(|w| words.contains(w));
    found
}

/// A German name with its attributive adjectives in the "-e" form that
/// names are cited in ("Europäischen Union" → "Europäische Union",
/// "Deutschen Bank" → "Deutsche Bank"): a capitalised word before another
/// capitalised word, with an adjective ending and unknown as a noun.
fn adjective_base(name: &str, res: &Resources) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() < 2 {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len());
    // After a function word the case is that phrase's own ("Bundesverband
    // der Deutschen Industrie"): only the name's opening adjectives change.
    let mut opening = true;
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        opening &= w.starts_with(char::is_uppercase);
        let lower = w.to_lowercase();
        let adjective = opening
            && i + 1 < words.len()
            && w.starts_with(char::is_uppercase)
            && words[i + 1].starts_with(char::is_uppercase)
            && lower.chars().count() >= 5
            && adjective_endings()
                .iter()
                .any(|e| lower.ends_with(e.as_str()))
            && (matches!(
                res.noun_class(&lower_chars(&lower)),
                NounClass::None | NounClass::Head
            ) || lower.strip_suffix('n').is_some_and(|base| {
                // A noun made from the adjective ("der Deutsche") is still
                // the adjective inside a name ("Deutschen Bank").
                res.noun_class(&lower_chars(base)) == NounClass::Lemma
            }));
        match w.strip_suffix('n') {
            Some(base) if adjective => out.push_str(base),
            _ => out.push_str(w),
        }
    }
    out
}

/// Initials of the capitalised words of a name ("Europäische Zentralbank" → "EZ").
#[cfg(test)]
fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// Whether the initials of `name`'s capitalised words are exactly `acronym`;
/// without allocating, as it runs for pairs of mentions.
fn initials_are(name: &str, acronym: &str) -> bool {
    let mut ini = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase());
    let mut acr = acronym.chars();
    loop {
        match (ini.next(), acr.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

fn is_acronym(s: &str) -> bool {
    if s.contains(' ') {
        return false;
    }
    let (mut letters, mut upper) = (0usize, 0usize);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if letters > 8 {
            return false;
        }
        upper += c.is_uppercase() as usize;
    }
    letters >= 2 && upper * 2 > letters
}

/// Whether two names of one type refer to the same entity.
fn same_entity(kind: EntityType, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if kind == EntityType::PER {
        // "Rubio" ~ "Marco Rubio": one name's words are the end of the other's.
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let (ns, nl) = (
            short.split_whitespace().count(),
            long.split_whitespace().count(),
        );
        return ns > 0
            && ns < nl
            && short
                .split_whitespace()
                .rev()
                .zip(long.split_whitespace().rev())
                .all(|(x, y)| x == y);
    }
    (is_acronym(a) && initials_are(b, a)) || (is_acronym(b) && initials_are(a, b))
}

/// Group tagged mentions into entities.
pub fn group_mentions(
    a: &Analysis,
    ix: &TextIndex,
    res: &Resources,
    lang: Lang,
    raw: &[RawMention],
) -> Vec<Entity> {
    let text = &a.text;
    let mut found: Vec<Found> = Vec::new();
    // Where the tagger's mentions start (code points).
    let starts_mention: HashSet<usize, FastBuild> = raw
        .iter()
        .filter(|m| m.first < m.last && m.first < a.tokens.len())
        .map(|m| a.tokens[m.first][0])
        .collect();
    // Named storms ("Hurricane Erin", "Orkan Sabine"): the name, wherever it
    // stands in the article, is the storm (MISC), no person or place.
    let storm_of = |m: &RawMention| -> Option<String> {
        let span = Span::new(a.tokens[m.first][0], a.tokens[m.last - 1][1]);
        let t = ix.slice(text, span);
        if let Some((head, rest)) = t.split_once(' ') {
            if super::doc::is_storm_word(head) {
                return Some(rest.to_string());
            }
        }
        prev_word(text, ix.byte(span.start), space)
            .filter(|(_, w)| super::doc::is_storm_word(w))
            .map(|_| t.to_string())
    };
    let storm_names: Vec<Option<String>> = raw
        .iter()
        .map(|m| {
            (m.first < m.last && m.last <= a.tokens.len())
                .then(|| storm_of(m))
                .flatten()
        })
        .collect();
    let storms: Vec<&String> = storm_names.iter().flatten().collect();
    for (m, storm_name) in raw.iter().zip(&storm_names) {
        if m.first >= m.last || m.last > a.tokens.len() {
            continue;
        }
        let mut span = Span::new(a.tokens[m.first][0], a.tokens[m.last - 1][1]);
        let mut kind = TYPES[m.ty.min(3)];
        let mut t = ix.slice(text, span).to_string();
        if !storms.is_empty()
            && (storms
                .iter()
                .any(|s| **s == t || t.strip_suffix("'s") == Some(s.as_str()))
                || storm_name.is_some())
        {
            kind = EntityType::MISC;
        }
        if lang == Lang::En {
            if let Some(rest) = without_sentence_article(res, kind, &t) {
                span.start += t.chars().count() - rest.chars().count();
                t = rest.to_string();
            }
        }
        // "der Richter Mählendorf": one word after an article and a role noun
        // (the noun itself, not a compound ending in one) is a person's name,
        // whatever type the tagger gave it.
        if lang == Lang::De
            && matches!(kind, EntityType::LOC | EntityType::ORG)
            && m.last - m.first == 1
            && t.chars().count() > 2
            && t.chars().all(char::is_alphabetic)
        {
            if let Some((at, w)) = prev_word(text, ix.byte(span.start), space) {
                // Cheap checks first: most words before a place are no role.
                if w.starts_with(char::is_uppercase)
                    && w.len() > 3
                    && prev_word(text, at, space)
                        .is_some_and(|(_, d)| super::doc::is_determiner(&d.to_lowercase()))
                    && res.is_role_word(&w.to_lowercase())
                {
                    kind = EntityType::PER;
                }
            }
        }
        // "the Russia- Ukraine war", "Zelensky- putting on a show": a hyphen
        // before a space is no part of the name. German writes elided
        // compound parts so ("Nord- und Ostsee"): there only before a
        // capitalised word.
        let after = &text[ix.byte(span.end)..];
        if t.len() > 2
            && t.ends_with('-')
            && after.starts_with(' ')
            && (lang == Lang::En || after[1..].starts_with(char::is_uppercase))
        {
            t.pop();
            span.end -= 1;
        }
        // A role swallowed into the span ("Kremlchef Wladimir Putin") moves to the roles.
        let mut role = None;
        if kind == EntityType::PER {
            if let Some(p) = t.find(char::is_whitespace) {
                let head = &t[..p];
                let rest = t[p..].trim_start();
                // A common noun before a name is a description too
                // ("Schlussläuferin Voigt"), unless it is also a first name
                // (hyphenated first names such as "Hans-Peter" end in one).
                let lower_head = head.to_lowercase();
                let described = rest.starts_with(char::is_uppercase)
                    && !head.contains('-')
                    && matches!(
                        res.noun_class(&lower_chars(head)),
                        NounClass::Lemma | NounClass::Inflected | NounClass::Head
                    )
                    && res.gaz_lookup(seq_hash(&[lower_head.as_str()]))
                        & (gaz::FIRSTNAME | gaz::PERSON)
                        == 0;
                if !rest.is_empty()
                    && (res.is_role(&lower_head) || described)
                    && !is_first_name(res, &lower_head)
                {
                    role = Some(head.to_string());
                    span.start += t.chars().count() - rest.chars().count();
                    t = rest.to_string();
                }
            }
        }
        let lower = lower_chars(&t);
        // Lower-case adjectives ("russischen") point to places but are not
        // names; the `derived` layer covers them.
        // Agencies write themselves in lower case ("dpa", "epd") and are names,
        // as are some listed companies ("eBay", "voestalpine"); a listed name
        // with a hyphen is no compound ("Coca-Cola").
        let media = kind == EntityType::ORG && super::patterns::is_listed_organisation(lang, &t);
        if t.starts_with(char::is_lowercase)
            && !(media || kind == EntityType::ORG && crate::agency::agency(&t).is_some())
        {
            continue;
        }
        // A lone common noun is not a person ("eine Menge Mist"), unless it
        // is the surname of someone named in full (checked below).
        let lone_noun = kind == EntityType::PER
            && !t.contains(' ')
            && res.noun_class(&lower) == NounClass::Lemma;
        // A title's first word before its role noun is no person: "Vice
        // President JD Vance", "Deputy Minister Anna Berg".
        if kind == EntityType::PER && !t.contains(' ') && super::doc::is_title_modifier(&t) {
            let after = &text[ix.byte(span.end)..];
            let next = after
                .strip_prefix(' ')
                .and_then(|r| r.split(|c: char| !c.is_alphanumeric() && c != '-').next());
            if next.is_some_and(|w| {
                w.starts_with(char::is_uppercase) && res.is_role(&w.to_lowercase())
            }) {
                continue;
            }
        }
        // English writes common nouns in lower case: a one-word name opening a
        // sentence that the article also writes in lower case is that noun
        // ("Island nations say …" beside "small island states").
        if lang == Lang::En
            && !t.contains(' ')
            && t.chars().count() > 3
            && opens_sentence(text, ix, span.start)
            && crate::text::written_in_lower_case(text, &t.to_lowercase())
        {
            continue;
        }
        // Compounds and role nouns are not names: "US-Präsident", "Ukraine-Kriegs"
        // (the places they point to are the `derived` layer's business).
        if res.is_role(&t.to_lowercase()) && !t.contains(' ') {
            continue;
        }
        if kind == EntityType::ORG
            && lang == Lang::De
            && !t.contains(' ')
            && is_generic_institution(&t)
        {
            continue;
        }
        // "Vier Luzerner Gemeinden": a town's adjective before a noun is no
        // person (the `derived` layer has the place), unless it is the
        // surname of someone named in full ("Hofer" of "Norbert Hofer").
        let town_adjective = kind == EntityType::PER
            && lang == Lang::De
            && !t.contains(' ')
            && text[ix.byte(span.end)..]
                .strip_prefix(' ')
                .is_some_and(|rest| rest.starts_with(char::is_uppercase))
            && t.strip_suffix("er")
                .filter(|s| s.chars().count() >= 3)
                .is_some_and(|stem| {
                    res.gaz_lookup(seq_hash(&[stem.to_lowercase().as_str()]))
                        & (gaz::CITY | gaz::REGION | gaz::COUNTRY)
                        != 0
                });
        if !t.contains(' ') && !media {
            if let Some(p) = t.rfind('-') {
                let tail = lower_chars(&t[p + 1..]);
                if kind == EntityType::MISC && res.noun_class(&lower) != NounClass::None
                    || matches!(
                        res.noun_class(&tail),
                        NounClass::Lemma | NounClass::Inflected
                    )
                {
                    continue;
                }
            }
        }
        // Part of a hyphenated compound the tagger split ("US" in "US-Präsident").
        let after = &text[ix.byte(span.end)..];
        if after.starts_with('-') && after[1..].starts_with(char::is_alphanumeric) {
            continue;
        }
        if role.is_none() && kind == EntityType::PER {
            if let Some((at, w)) = word_before(text, ix, span.start) {
                let lower_w = w.to_lowercase();
                let capitalised = w.chars().next().is_some_and(char::is_uppercase);
                if capitalised && is_first_name(res, &lower_w) {
                    // A first name the tagger left out belongs to the name
                    // ("Wolfgang Katzian"), even where a role noun ends it
                    // ("Wolfgang" ends in "Gang"): one space apart only.
                    let whole = Span::new(at, span.end);
                    let joined = ix.slice(text, whole);
                    if !t.contains(' ') && joined == format!("{w} {t}") {
                        span = whole;
                        t = joined.to_string();
                    }
                } else if capitalised && res.is_role(&lower_w) {
                    role = Some(w);
                }
            }
        }
        // "Verteidiger Temba Hoch hatte …": a first name alone, one space
        // before a capitalised word that ends the phrase (a lowercase word
        // follows) and starts no other mention: the tagger left out the
        // surname (it is also a common word).
        // The name stands inside a clause: a letter, a space, then the name,
        // and no article or adjective before it ("einen Penny"). Checked
        // last: it reads the word before.
        let inside_clause = || {
            text[..ix.byte(span.start)]
                .strip_suffix(' ')
                .and_then(|b| b.chars().next_back())
                .is_some_and(char::is_alphabetic)
                && word_before(text, ix, span.start)
                    .is_some_and(|(_, w)| !super::doc::noun_context(&w))
        };
        if kind == EntityType::PER
            && !t.contains(' ')
            && is_first_name(res, &t.to_lowercase())
            && inside_clause()
        {
            let after = &text[ix.byte(span.end)..];
            if let Some(rest) = after.strip_prefix(' ') {
                let w_len = rest
                    .find(|c: char| !(c.is_alphabetic() || c == '-'))
                    .unwrap_or(rest.len());
                let (w, tail) = rest.split_at(w_len);
                let w_start = span.end + 1;
                let phrase_ends = tail
                    .strip_prefix(' ')
                    .is_some_and(|x| x.starts_with(char::is_lowercase));
                if w.chars().count() >= 3
                    && w.starts_with(char::is_uppercase)
                    && w.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
                    && phrase_ends
                    && !starts_mention.contains(&w_start)
                    && !res.is_role(&w.to_lowercase())
                {
                    span.end = w_start + w.chars().count();
                    t = format!("{t} {w}");
                }
            }
        }
        found.push(Found {
            span,
            name: t.clone(),
            text: t,
            kind,
            role,
            lone_noun: lone_noun || town_adjective,
        });
    }
    // "sagte von Wahl" after "Henrik von Wahl": the tagger leaves the
    // particle out of the lone surname; the full name shows it belongs.
    let particle_names: HashSet<&str, FastBuild> = found
        .iter()
        .filter(|f| f.kind == EntityType::PER)
        .filter_map(|f| {
            let (i, _) = f
                .text
                .match_indices(' ')
                .find(|&(i, _)| f.text[i + 1..].starts_with(char::is_lowercase))?;
            Some(&f.text[i + 1..])
        })
        .collect();
    let mut widen: Vec<(usize, usize, String)> = Vec::new();
    if !particle_names.is_empty() {
        for (k, f) in found.iter().enumerate() {
            if f.kind != EntityType::PER || f.text.contains(' ') {
                continue;
            }
            if let Some((at, w)) = word_before(text, ix, f.span.start) {
                let joined = format!("{w} {}", f.text);
                if w.starts_with(char::is_lowercase)
                    && particle_names.contains(joined.as_str())
                    && ix.slice(text, Span::new(at, f.span.end)) == joined
                {
                    widen.push((k, at, joined));
                }
            }
        }
    }
    for (k, at, joined) in widen {
        found[k].span.start = at;
        found[k].name = joined.clone();
        found[k].text = joined;
        found[k].lone_noun = false;
    }
    let names_kinds: Vec<EntityType> = found.iter().map(|f| f.kind).collect();
    // Genitives: "Trumps" → "Trump" when the article or the gazetteer has the bare form.
    // Every name and every word-suffix of one ("Trump" of "Donald Trump"),
    // hashed: a scan of all names per mention was quadratic on long texts.
    let mut name_tails: HashSet<String, FastBuild> = HashSet::default();
    for f in &found {
        name_tails.insert(f.text.clone());
        for (i, c) in f.text.char_indices() {
            if c == ' ' {
                name_tails.insert(f.text[i + 1..].to_string());
            }
        }
    }
    let known = |s: &str| name_tails.contains(s);
    for f in &mut found {
        if f.kind == EntityType::MISC {
            continue;
        }
        // "Trumps Unzufriedenheit": a genitive name swallowed a common noun;
        // "Naturkundemuseums Bamberg" is an institution with its town (a
        // place name may end like a noun: "-berg").
        let words: Vec<&str> = f.text.split_whitespace().collect();
        if words.len() == 2
            && lang == Lang::De
            && words[0].ends_with('s')
            && known(&words[0][..words[0].len() - 1])
            && res.noun_class(&lower_chars(words[1])) != NounClass::None
            && res.gaz_lookup(seq_hash(&[words[1].to_lowercase().as_str()]))
                & (gaz::CITY | gaz::REGION | gaz::COUNTRY)
                == 0
        {
            let keep = words[0].to_string();
            f.span.end = f.span.start + keep.chars().count();
            f.text = keep;
        }
        f.name = strip_genitive(&f.text, &known, res, lang);
        if lang == Lang::De && f.kind != EntityType::PER {
            f.name = adjective_base(&f.name, res);
        }
        // A news agency by its long name ("die Deutsche Presse-Agentur") is
        // the agency its credits name ("dpa"): one entity, one name.
        if f.kind == EntityType::ORG {
            if let Some(short) = crate::agency::agency(&f.name) {
                f.name = short.to_string();
            }
        }
    }
    // A name in capitals ("BERLIN (dpa) -", "KUALA LUMPUR") is the same name as
    // written elsewhere in the article ("Berlin"): it takes that spelling.
    let mut written: HashMap<String, String, FastBuild> = HashMap::default();
    for f in &found {
        if !is_all_caps_name(&f.name) {
            written
                .entry(f.name.to_lowercase())
                .or_insert_with(|| f.name.clone());
        }
    }
    for f in &mut found {
        if is_all_caps_name(&f.name) {
            if let Some(w) = written.get(&f.name.to_lowercase()) {
                f.name = w.clone();
            }
        }
    }
    // One name, one type: the most frequent in the article, ties to the first.
    let mut type_of: HashMap<String, ([usize; 4], usize), FastBuild> = HashMap::default();
    for (i, f) in found.iter().enumerate() {
        let k = TYPES.iter().position(|t| *t == f.kind).unwrap_or(3);
        type_of.entry(f.name.clone()).or_insert(([0; 4], i)).0[k] += 1;
    }
    for f in &mut found {
        if let Some((c, first)) = type_of.get(&f.name) {
            let max = *c.iter().max().unwrap_or(&0);
            let first_kind = TYPES
                .iter()
                .position(|t| *t == found_kind_at(&names_kinds, *first))
                .unwrap_or(3);
            let k = if c[first_kind] == max {
                first_kind
            } else {
                c.iter().position(|x| *x == max).unwrap_or(first_kind)
            };
            f.kind = TYPES[k];
        }
        // Roles belong to people ("Vertretern Moskaus" is no title of Moscow).
        if f.kind != EntityType::PER {
            f.role = None;
        }
    }
    // A lone surname typed as something else is the person named in full elsewhere.
    let surnames: HashSet<String, FastBuild> = found
        .iter()
        .filter(|f| f.kind == EntityType::PER && f.name.contains(' '))
        .filter_map(|f| f.name.split_whitespace().last().map(str::to_string))
        .collect();
    found.retain(|f| !f.lone_noun || surnames.contains(&f.name));
    for f in &mut found {
        if f.kind != EntityType::PER && !f.name.contains(' ') && surnames.contains(&f.name) {
            f.kind = EntityType::PER;
        }
    }
    // A party, club or country in brackets right after a person ("Olaf
    // Scholz (SPD)", "Müller (Bayern München)") is the person's affiliation,
    // and never the person: a name seen so is an organisation wherever the
    // tagger typed it as a person.
    let mut affiliation: Vec<Option<usize>> = vec![None; found.len()];
    let mut affiliated: HashSet<String, FastBuild> = HashSet::default();
    for i in 1..found.len() {
        let between = &text[ix.byte(found[i - 1].span.end)..ix.byte(found[i].span.start)];
        let after = text[ix.byte(found[i].span.end)..].trim_start();
        if between.trim() == "("
            && found[i - 1].kind == EntityType::PER
            && after.starts_with([')', ',', '/', ';'])
            && found[i].name.split_whitespace().count() <= 4
        {
            affiliation[i] = Some(i - 1);
            if found[i].kind == EntityType::PER {
                affiliated.insert(found[i].name.clone());
            }
        }
    }
    for f in &mut found {
        if f.kind == EntityType::PER && affiliated.contains(&f.name) {
            f.kind = EntityType::ORG;
            f.role = None;
        }
    }
    // Acronyms given in parentheses right after the long form: "Verband … (Asean)".
    // A person's brackets hold a party, a club or a country ("Olaf Scholz (SPD)"),
    // never the person's acronym; a place's brackets hold the agency of a
    // dateline ("BERLIN (dpa)").
    let mut alias: Vec<Option<usize>> = vec![None; found.len()];
    for i in 1..found.len() {
        let between = &text[ix.byte(found[i - 1].span.end)..ix.byte(found[i].span.start)];
        if between.trim() == "("
            && found[i - 1].kind != EntityType::PER
            && is_acronym_like(&found[i].name)
            && !(found[i - 1].kind == EntityType::LOC
                && crate::agency::agency(&found[i].name).is_some())
        {
            alias[i] = Some(i - 1);
        }
    }

    let mut entities: Vec<Entity> = Vec::new();
    let mut entity_of: Vec<usize> = Vec::with_capacity(found.len());
    let mut keys = EntityKeys::default();
    for (i, f) in found.iter().enumerate() {
        let target = match alias[i] {
            Some(j) => Some(entity_of[j]),
            // The first entity that `same_entity` joins, looked up among the
            // candidates the keys give instead of every entity in turn.
            None => keys.candidates(f.kind, &f.name).into_iter().find(|&k| {
                let e = &entities[k];
                e.kind == f.kind
                    && (same_entity(f.kind, &e.name, &f.name)
                        || e.mentions
                            .iter()
                            .any(|m| same_entity(f.kind, &m.text, &f.name)))
            }),
        };
        let mention = Mention {
            start: f.span.start,
            end: f.span.end,
            text: f.text.clone(),
        };
        let idx = match target {
            Some(k) => {
                let e = &mut entities[k];
                e.mentions.push(mention);
                // The canonical name is the longest full form; an acronym yields to its long form.
                let longer = f.name.split_whitespace().count() > e.name.split_whitespace().count()
                    || (is_acronym(&e.name) && !is_acronym(&f.name));
                if longer && alias[i].is_none() {
                    e.name = f.name.clone();
                }
                keys.add(f.kind, &f.name, k);
                keys.add(f.kind, &f.text, k);
                k
            }
            None => {
                entities.push(Entity {
                    id: format!("e{}", entities.len() + 1),
                    kind: f.kind,
                    name: f.name.clone(),
                    roles: Vec::new(),
                    mentions: vec![mention],
                    place: None,
                    affiliation: None,
                });
                keys.add(f.kind, &f.name, entities.len() - 1);
                keys.add(f.kind, &f.text, entities.len() - 1);
                entities.len() - 1
            }
        };
        if let Some(r) = &f.role {
            if !entities[idx].roles.contains(r) {
                entities[idx].roles.push(r.clone());
            }
        }
        entity_of.push(idx);
    }
    for (i, person) in affiliation.iter().enumerate() {
        if let Some(p) = *person {
            let e = &mut entities[entity_of[p]];
            if e.affiliation.is_none() && e.kind == EntityType::PER {
                e.affiliation = Some(found[i].name.clone());
            }
        }
    }
    entities
}

/// A name written in capitals, longer than an acronym ("BERLIN", "KUALA LUMPUR").
fn is_all_caps_name(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters > 4
        && s.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// Keys under which an entity's names and mentions can be joined by
/// [`same_entity`]: a superset of its matches, so that grouping looks at a few
/// candidates rather than every entity (linear time on long texts).
#[derive(Default)]
struct EntityKeys {
    map: HashMap<(EntityType, u8, String), Vec<usize>, FastBuild>,
}

impl EntityKeys {
    const EXACT: u8 = 0;
    const LAST_WORD: u8 = 1;
    const ACRONYM: u8 = 2;
    const INITIALS: u8 = 3;

    fn initials(s: &str) -> String {
        s.split(|c: char| c.is_whitespace() || c == '-')
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect()
    }

    fn last_word(s: &str) -> &str {
        s.split_whitespace().next_back().unwrap_or("")
    }

    fn add(&mut self, kind: EntityType, s: &str, entity: usize) {
        let mut put = |t: u8, key: String| {
            let v = self.map.entry((kind, t, key)).or_default();
            if v.last() != Some(&entity) && !v.contains(&entity) {
                v.push(entity);
            }
        };
        put(Self::EXACT, s.to_string());
        if kind == EntityType::PER {
            put(Self::LAST_WORD, Self::last_word(s).to_string());
        } else {
            if is_acronym(s) {
                put(Self::ACRONYM, s.to_string());
            }
            put(Self::INITIALS, Self::initials(s));
        }
    }

    /// Entities that may be the same as `name`, in ascending order.
    fn candidates(&self, kind: EntityType, name: &str) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let mut take = |t: u8, key: String| {
            if let Some(v) = self.map.get(&(kind, t, key)) {
                out.extend_from_slice(v);
            }
        };
        take(Self::EXACT, name.to_string());
        if kind == EntityType::PER {
            take(Self::LAST_WORD, Self::last_word(name).to_string());
        } else {
            if is_acronym(name) {
                take(Self::INITIALS, name.to_string());
            }
            take(Self::ACRONYM, Self::initials(name));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn found_kind_at(kinds: &[EntityType], i: usize) -> EntityType {
    kinds.get(i).copied().unwrap_or(EntityType::MISC)
}

/// "The US, Belgium and Spain …": English capitalises the article opening a
/// sentence; it belongs to a place only where the gazetteer has it so ("The
/// Hague"), and never to an acronym ("The UN"). The name without it, if so.
fn without_sentence_article<'t>(res: &Resources, kind: EntityType, t: &'t str) -> Option<&'t str> {
    let rest = t.strip_prefix("The ")?;
    if !matches!(kind, EntityType::LOC | EntityType::ORG) {
        return None;
    }
    let place = gaz::CITY | gaz::COUNTRY | gaz::REGION;
    let lower = t.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    // "US" is no key of the gazetteer ("us" is a pronoun).
    let known_place = kind == EntityType::LOC
        && res.gaz_lookup(seq_hash(&words)) & place == 0
        && res.gaz_lookup(seq_hash(&words[1..])) & place != 0;
    (known_place || is_acronym(rest)).then_some(rest)
}

/// An acronym or short name in parentheses ("Asean", "EZB", "UN").
fn is_acronym_like(s: &str) -> bool {
    is_acronym(s) || (s.chars().count() <= 8 && !s.contains(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_compare_without_allocating() {
        for name in [
            "Europäische Zentralbank",
            "Verband Deutscher Ingenieure-Bund",
            "",
            "ohne Großes",
            "Ä Ö",
        ] {
            for acr in ["EZ", "VDIB", "", "G", "ÄÖ", "EZB"] {
                assert_eq!(
                    initials_are(name, acr),
                    initials(name) == acr,
                    "{name} {acr}"
                );
            }
        }
        assert!(is_acronym("EZB") && is_acronym("NATO") && !is_acronym("Nato") && !is_acronym("A"));
        assert!(!is_acronym("ABCDEFGHI") && !is_acronym("EU USA"));
    }

    #[test]
    fn a_sentence_opening_article_is_no_part_of_a_place_or_acronym() {
        let tagger = crate::ner::NerTagger::shared();
        let Some(en) = tagger.model(Lang::En) else {
            return;
        };
        let res = &en.resources;
        let strip = |kind, t| without_sentence_article(res, kind, t);
        assert_eq!(strip(EntityType::LOC, "The US"), Some("US"));
        assert_eq!(strip(EntityType::ORG, "The UN"), Some("UN"));
        assert_eq!(strip(EntityType::LOC, "The Ukraine"), Some("Ukraine"));
        assert_eq!(strip(EntityType::ORG, "The Guardian"), None);
        assert_eq!(strip(EntityType::PER, "The Rock"), None);
    }

    #[test]
    fn person_names_match_by_surname() {
        assert!(same_entity(EntityType::PER, "Marco Rubio", "Rubio"));
        assert!(same_entity(EntityType::PER, "Rubio", "Marco Rubio"));
        assert!(!same_entity(EntityType::PER, "Marco Rubio", "Marco"));
        assert!(same_entity(
            EntityType::ORG,
            "Europäische Zentralbank",
            "EZ"
        ));
        assert!(!same_entity(EntityType::LOC, "Moskau", "Washington"));
    }

    /// Every entity mention of `text` analysed by the whole pipeline, with its type.
    fn mentions_of(text: &str) -> Vec<(String, EntityType)> {
        let a = crate::pipeline::analyze_text(text, &crate::pipeline::Options::default());
        a.entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(move |m| (m.text.clone(), e.kind)))
            .collect()
    }

    #[test]
    fn an_agency_by_its_long_name_is_the_agency() {
        let a = crate::pipeline::analyze_text(
            "Berlin (dpa) - Wie die Deutsche Presse-Agentur berichtet, soll der Entwurf am \
             Montag behandelt werden.",
            &crate::pipeline::Options::default(),
        );
        let orgs: Vec<(&str, usize)> = a
            .entities
            .iter()
            .filter(|e| e.kind == EntityType::ORG)
            .map(|e| (e.name.as_str(), e.mentions.len()))
            .collect();
        assert_eq!(orgs, [("dpa", 2)]);
    }

    #[test]
    fn institutions_with_their_town_and_generic_authorities() {
        let text = "Das sei eine neue Art, teilte Peter Fink, Chef des Naturkundemuseums Bamberg, mit. \
                    Das Bamberger Naturkundemuseum zeigt sie bald. Die Staatsanwaltschaft ermittelt.";
        let mentions = mentions_of(text);
        let mentions: Vec<(&str, EntityType)> =
            mentions.iter().map(|(t, k)| (t.as_str(), *k)).collect();
        // The town after a genitive institution stays in its name ("-berg" ends like a noun).
        assert!(
            mentions.contains(&("Naturkundemuseums Bamberg", EntityType::ORG)),
            "{mentions:?}"
        );
        // "Die Staatsanwaltschaft" names no institution by itself.
        assert!(
            mentions.iter().all(|(t, _)| *t != "Staatsanwaltschaft"),
            "{mentions:?}"
        );
    }

    #[test]
    fn a_surname_that_is_a_common_word_joins_the_first_name() {
        let text = "Wien - Im Sprint war Severin Freund nicht zu schlagen. \
                    Die Reform soll an Ex-Landesrätin Doris Hummer übergehen. \
                    Allen Unkenrufen zum Trotz wächst die Wirtschaft.";
        let names: Vec<String> = mentions_of(text).into_iter().map(|(t, _)| t).collect();
        assert!(names.contains(&"Severin Freund".to_string()), "{names:?}");
        assert!(names.contains(&"Doris Hummer".to_string()), "{names:?}");
        // At the start of a sentence a first name takes no common word.
        assert!(names.iter().all(|n| n != "Allen Unkenrufen"), "{names:?}");
    }

    #[test]
    fn particles_areas_and_town_adjectives() {
        let text = "Im rheinland-pfälzischen Landkreis Trier-Saarburg sperrten Helfer Straßen. \
                    Vier Luzerner Gemeinden wählten. Polizeisprecher Henrik von Wahl sagte, \
                    man suche weiter. „Wir sind vor Ort“, sagte von Wahl.";
        let mentions = mentions_of(text);
        let mentions: Vec<(&str, EntityType)> =
            mentions.iter().map(|(t, k)| (t.as_str(), *k)).collect();
        assert!(
            mentions.contains(&("Landkreis Trier-Saarburg", EntityType::LOC)),
            "{mentions:?}"
        );
        assert!(
            mentions.contains(&("von Wahl", EntityType::PER)),
            "{mentions:?}"
        );
        assert!(
            mentions.iter().all(|(t, _)| *t != "Luzerner"),
            "{mentions:?}"
        );
    }

    #[test]
    fn genitives() {
        let res = Resources::default();
        let known = |s: &str| s == "Trump";
        assert_eq!(strip_genitive("Trumps", &known, &res, Lang::De), "Trump");
        assert_eq!(strip_genitive("Paris", &known, &res, Lang::De), "Paris");
        assert_eq!(strip_genitive("Siemens", &known, &res, Lang::De), "Siemens");
        assert_eq!(
            strip_genitive("Zalandos", &known, &res, Lang::De),
            "Zalando"
        );
        assert_eq!(strip_genitive("Obama's", &known, &res, Lang::En), "Obama");
        // Institutions named by a common noun, with the German lexicon.
        let tagger = crate::ner::NerTagger::shared();
        let res = &tagger.model(Lang::De).expect("German model").resources;
        let none = |_: &str| false;
        assert_eq!(
            strip_genitive("Landesamts für Umwelt", &none, res, Lang::De),
            "Landesamt für Umwelt"
        );
        assert_eq!(
            strip_genitive("Innenministeriums", &none, res, Lang::De),
            "Innenministerium"
        );
        assert_eq!(strip_genitive("Bildes", &none, res, Lang::De), "Bildes");
        assert_eq!(
            strip_genitive("Naturkundemuseums Bamberg", &none, res, Lang::De),
            "Naturkundemuseum Bamberg"
        );
        // A second word that is no town keeps the name as written.
        assert_eq!(
            strip_genitive("Innenministeriums Zukunft", &none, res, Lang::De),
            "Innenministeriums Zukunft"
        );
    }

    #[test]
    fn word_before_a_name() {
        let t = "mit dem US-Außenminister Marco Rubio";
        let ix = TextIndex::new(t);
        let at = t.chars().count() - "Marco Rubio".len();
        assert_eq!(
            word_before(t, &ix, at).map(|x| x.1).as_deref(),
            Some("US-Außenminister")
        );
        assert_eq!(word_before(t, &ix, 0), None);
    }
}
