//! News conventions that need the model's lexicons (gazetteer, common nouns),
//! applied to one sentence's labels after [`super::patterns`] (German only):
//!
//! - **institutions with their place**: a court, museum, institute or office
//!   followed by its town is one organisation ("Amtsgericht Stendal",
//!   "Naturkundemuseum Bamberg"), and so is one preceded by a town adjective
//!   ("Bremer Landgericht") or by a capitalised adjective of its name
//!   ("Statistische Bundesamt", "Auswärtigen Amt");
//! - **administrative areas**: "Landkreis Bamberg", "Kanton Luzern" are one place;
//! - **party in brackets** after a name: "Olaf Scholz (SPD)" — the party is an
//!   organisation, not part of the person;
//! - **clubs named by their town** on a sports page ([`apply_document`]):
//!   "Hoffenheim verdrängte Elversberg", "das 3:1 gegen Mainz";
//!
//! Word lists are in `resources/de/ner_news.txt`.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::model::{begin_of, chunk_of, inside_of, is_begin, label_type, LOC, MISC, ORG, PER};
use super::resources::{gaz as cat, seq_hash, NounClass, Resources};
use crate::hashing::FastBuild;
use crate::wordlist::ByteSet;

#[derive(Debug, Default)]
struct Words {
    institution_heads: Vec<String>,
    /// Last bytes of the institution heads: a word ending in none of them is
    /// no institution (see [`is_institution`]).
    head_last_bytes: ByteSet,
    /// The heads of two letters or more by their last byte: a word, or the
    /// head with a capital, ends in it, so only those are compared; the
    /// one-letter heads apart (their capital is their last byte).
    heads_by_last_byte: crate::wordlist::SuffixList,
    one_letter_heads: Vec<String>,
    region_words: Vec<String>,
    /// Kinds of organisation written before their name ("Zeitung", "Konzern").
    organisation_kinds: Vec<String>,
    /// Last bytes of the organisation kinds (see [`is_organisation_kind`]).
    kind_last_bytes: ByteSet,
    /// Verbs after which a one-word name is the medium that reports ("berichtet Heise").
    reporting_verbs: Vec<String>,
    /// Country names in another language ("Austria"): in German text a name.
    foreign_country_names: Vec<String>,
    /// Heads of associations named by a genitive ("Gesamtverband der Versicherer").
    genitive_heads: Vec<String>,
    team_numerals: Vec<String>,
    name_particles: Vec<String>,
    /// Verbs whose subject or object on a sports page is a team ("verlor").
    match_verbs: Vec<String>,
    /// Words before an opponent ("gegen").
    team_prepositions: Vec<String>,
    /// Words before a town that keep it a place ("in Mainz").
    town_prepositions: Vec<String>,
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        let mut w = Words::default();
        for (section, line) in crate::wordlist::lines(
            crate::langdata::LangData::get(crate::lang::Lang::De).text("ner_news"),
        ) {
            let list = match section {
                "institution_heads" => &mut w.institution_heads,
                "region_words" => &mut w.region_words,
                "organisation_kinds" => &mut w.organisation_kinds,
                "foreign_country_names" => &mut w.foreign_country_names,
                "reporting_verbs" => &mut w.reporting_verbs,
                "genitive_heads" => &mut w.genitive_heads,
                "team_numerals" => &mut w.team_numerals,
                "name_particles" => &mut w.name_particles,
                "match_verbs" => &mut w.match_verbs,
                "team_prepositions" => &mut w.team_prepositions,
                "town_prepositions" => &mut w.town_prepositions,
                _ => continue,
            };
            list.extend(line.split_whitespace().map(str::to_string));
        }
        for k in &w.organisation_kinds {
            if let Some(&b) = k.as_bytes().last() {
                w.kind_last_bytes.insert(b);
            }
        }
        for h in &w.institution_heads {
            if h.chars().count() < 2 {
                // A one-letter head matches by its capital alone: no filter.
                w.head_last_bytes.fill();
                w.one_letter_heads.push(h.clone());
            } else if let Some(&b) = h.as_bytes().last() {
                w.head_last_bytes.insert(b);
                w.heads_by_last_byte.insert(h.clone());
            }
        }
        w
    })
}

/// Gazetteer categories of one token.
fn gaz(res: &Resources, t: &str) -> u16 {
    res.gaz_lookup(seq_hash(&[t.to_lowercase().as_str()]))
}

const PLACE: u16 = cat::CITY | cat::REGION | cat::COUNTRY;

/// A capitalised word with a lower-case letter ("Bamberg", "Trier-Saarburg").
fn is_name_word(t: &str) -> bool {
    t.starts_with(char::is_uppercase)
        && t.chars().any(char::is_lowercase)
        && t.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// The noun lexicon's class of a word as written.
fn noun_class(res: &Resources, t: &str) -> NounClass {
    let lower: Vec<char> = t.to_lowercase().chars().collect();
    res.noun_class(&lower)
}

fn is_noun_lemma(res: &Resources, t: &str) -> bool {
    noun_class(res, t) == NounClass::Lemma
}

fn is_common_noun(res: &Resources, t: &str) -> bool {
    matches!(noun_class(res, t), NounClass::Lemma | NounClass::Inflected)
}

/// Whether `t` (or its genitive) is or ends in an institution head. Runs on
/// every capitalised token, so it compares without allocating: a compound ends
/// in the lowercase head, a bare head differs only in its capital.
fn is_institution(t: &str) -> bool {
    if t.len() < 3 || !t.starts_with(char::is_uppercase) {
        return false;
    }
    // Every head is longer than one character, so a match (a suffix, or the
    // head with a capital) ends in a head's last byte; the variants below
    // drop an "s" or "es".
    let lists = words();
    let ends_in_head = |x: &str| {
        x.as_bytes()
            .last()
            .is_some_and(|&b| lists.head_last_bytes.contains(b))
    };
    if !ends_in_head(t) && !t.ends_with('s') {
        return false;
    }
    // "Nachrichten-Agentur": the head of a hyphenated compound is capitalised.
    let tail = t.rfind('-').map(|p| &t[p + 1..]).filter(|x| x.len() >= 3);
    if let Some(x) = tail {
        if x.starts_with(char::is_uppercase) && is_institution(x) {
            return true;
        }
    }
    // "Amt" for the head "amt": the word's first letter, lowercased to one
    // letter, and then the same rest as the head. The variants below only
    // drop ASCII letters at the end, so they share the first letter: it is
    // lowercased once.
    let Some(first) = t.chars().next() else {
        return false;
    };
    let mut lower = first.to_lowercase();
    let (low, single) = (lower.next(), lower.next().is_none());
    [Some(t), t.strip_suffix('s'), t.strip_suffix("es")]
        .into_iter()
        .flatten()
        .any(|w| {
            let rest = w.get(first.len_utf8()..).unwrap_or("");
            let bare = |h: &str| {
                let mut hc = h.chars();
                single && low.is_some() && hc.next() == low && hc.as_str() == rest
            };
            let last = w.as_bytes().last().copied().unwrap_or(0);
            lists
                .heads_by_last_byte
                .ending_in(last)
                .chain(lists.one_letter_heads.iter().map(String::as_str))
                .any(|h| w.ends_with(h) || bare(h))
        })
}

/// An institution's name that ends in the place it serves ("Amtsgericht
/// Stendal", "Wirtschaftskammer Burgenland"): the place stands for no
/// organisation elsewhere in the article.
pub(super) fn institution_with_place(res: &Resources, chunk: &[&str]) -> bool {
    let Some((last, head)) = chunk.split_last() else {
        return false;
    };
    head.iter().any(|t| is_institution(t)) && gaz(res, last) & PLACE != 0
}

/// The end (exclusive) of a place name starting at `i`: the tagger's LOC
/// chunk there, or one name word the gazetteer knows as a place.
fn place_at(res: &Resources, tokens: &[&str], labels: &[u8], i: usize) -> Option<usize> {
    let t = *tokens.get(i)?;
    if !is_name_word(t) {
        return None;
    }
    if labels[i] == begin_of(LOC) {
        let mut e = i + 1;
        while e < labels.len() && labels[e] == inside_of(LOC) {
            e += 1;
        }
        return Some(e);
    }
    (labels[i] == 0 && gaz(res, t) & PLACE != 0 && !is_common_noun(res, t)).then_some(i + 1)
}

/// Whether a chunk (of any type) covers `i`, starting before it.
fn continues(labels: &[u8], i: usize) -> bool {
    labels.get(i).is_some_and(|&l| l != 0 && !is_begin(l))
}

fn set_span(labels: &mut [u8], locked: &mut [bool], from: usize, to: usize, ty: usize) {
    for (k, l) in labels[from..to].iter_mut().enumerate() {
        *l = if k == 0 { begin_of(ty) } else { inside_of(ty) };
    }
    for x in &mut locked[from..to] {
        *x = true;
    }
    if let Some(t) = labels.get(to).and_then(|&l| label_type(l)) {
        if labels[to] == inside_of(t) {
            labels[to] = begin_of(t);
        }
    }
}

/// Apply the conventions to one sentence (see the module note).
pub fn apply(res: &Resources, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    if tokens.len() != labels.len() || tokens.len() != locked.len() || tokens.is_empty() {
        return;
    }
    party_brackets(res, tokens, labels, locked);
    regions(res, tokens, labels, locked);
    institutions(res, tokens, labels, locked);
    reserve_teams(tokens, labels, locked);
    particle_names(res, tokens, labels, locked);
    unfinished_particle_names(res, tokens, labels, locked);
    acronym_brackets(tokens, labels, locked);
    organisation_appositions(res, tokens, labels, locked);
    foreign_country_names(tokens, labels, locked);
}

/// German writes Austria as "Österreich": a one-word place "Austria" (and
/// "Germany", "Switzerland") in German text is part of a name. After a
/// capitalised word it ends that organisation's name ("Bank Austria",
/// "Statistik Austria", "ProSieben Austria"); after "Made in" it names no
/// place; elsewhere it is the organisation itself ("die Austria", the club).
fn foreign_country_names(tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for i in 0..tokens.len() {
        // A one-word organisation is locked as one too, so that the
        // document's votes (a country in the gazetteer) do not make it a place.
        let single =
            |ty: usize| labels[i] == begin_of(ty) && labels.get(i + 1) != Some(&inside_of(ty));
        if locked[i]
            || !(single(LOC) || single(ORG))
            || !words().foreign_country_names.iter().any(|w| w == tokens[i])
        {
            continue;
        }
        let prev = if i > 0 { tokens[i - 1] } else { "" };
        if prev == "in" && i >= 2 && tokens[i - 2].eq_ignore_ascii_case("made") {
            labels[i] = 0;
            locked[i] = true;
            continue;
        }
        let joins = i > 0
            && (label_type(labels[i - 1]) == Some(ORG)
                || labels[i - 1] == 0
                    && (is_name_word(prev)
                        || prev.len() >= 2 && prev.chars().all(char::is_uppercase))
                    && !opens_clause(tokens, i - 1)
                    && !lowercase_words().contains(&prev.to_lowercase()));
        let start = if joins { chunk_of(labels, i - 1).0 } else { i };
        set_span(labels, locked, start, i + 1, ORG);
    }
}

/// Whether `t` names a kind of organisation, alone or as a compound's end
/// ("Zeitung", "Tageszeitung", "Energiekonzern", "US-Magazin"). Runs on
/// every token, so it compares without allocating and first by last byte.
fn is_organisation_kind(t: &str) -> bool {
    let w = words();
    if !t.starts_with(char::is_uppercase)
        || !t
            .as_bytes()
            .last()
            .is_some_and(|&b| w.kind_last_bytes.contains(b))
    {
        return false;
    }
    // The kind itself with its capital: "Zeitung" for "zeitung".
    let bare = |x: &str, k: &str| {
        let (mut xc, mut kc) = (x.chars(), k.chars());
        match (xc.next(), kc.next()) {
            (Some(a), Some(b)) => {
                a.to_lowercase().eq(std::iter::once(b)) && xc.as_str() == kc.as_str()
            }
            _ => false,
        }
    };
    let after_hyphen = t.rfind('-').map(|p| &t[p + 1..]);
    w.organisation_kinds.iter().any(|k| {
        let compound = t
            .strip_suffix(k.as_str())
            .is_some_and(|rest| rest.ends_with('-') || rest.chars().count() >= 3);
        compound || bare(t, k) || after_hyphen.is_some_and(|x| bare(x, k))
    })
}

/// "die Zeitung Danas", "der Energiekonzern Engie", "die Partei HDP": a name
/// right after a word for a kind of organisation (or after an opening
/// quotation mark after it) is that organisation, whatever type the tagger
/// gave it, and a capitalised word the noun lexicon does not know goes on
/// with it ("die Zeitung USA Today"). A person's name in the genitive
/// ("die Partei Frank Stronachs") or one that opens with a first name stays.
fn organisation_appositions(
    res: &Resources,
    tokens: &[&str],
    labels: &mut [u8],
    locked: &mut [bool],
) {
    for k in 0..tokens.len().saturating_sub(1) {
        // The labels first: few words stand right before a name.
        if label_type(labels[k]).is_some() {
            continue;
        }
        let mut i = k + 1;
        if matches!(tokens[i], "„" | "\"" | "“" | "‚" | "»" | "«") {
            i += 1;
        }
        if i >= tokens.len()
            || !is_begin(labels[i])
            || locked[i]
            || !is_organisation_kind(tokens[k])
        {
            continue;
        }
        let (s, mut e, ty) = chunk_of(labels, i);
        if ty == Some(ORG) || locked[s..e].iter().any(|&x| x) {
            continue;
        }
        if ty == Some(PER)
            && (gaz(res, tokens[s]) & cat::FIRSTNAME != 0
                || e - s >= 2 && tokens[e - 1].ends_with('s'))
        {
            continue;
        }
        // "die Arbeiterpartei Kurdistans": a place in the genitive names the
        // organisation with the kind word ("Siemens" is no genitive: no place
        // "Siemen").
        let genitive_place = e == s + 1
            && i == k + 1
            && tokens[s].strip_suffix('s').is_some_and(|base| {
                gaz(res, base) & PLACE != 0 && gaz(res, tokens[s]) & PLACE == 0
            });
        if genitive_place {
            set_span(labels, locked, k, e, ORG);
            continue;
        }
        while e < tokens.len()
            && labels[e] == 0
            && is_name_word(tokens[e])
            && noun_class(res, tokens[e]) == NounClass::None
            && e - s < 4
        {
            e += 1;
        }
        set_span(labels, locked, s, e, ORG);
    }
}

/// "Henrik von Wahl", "Ursula von der Leyen": a person's name goes on through
/// a nobility particle to the capitalised name after it, unless that is a
/// place ("Merz von Berlin aus" stays a person and a place).
fn particle_names(res: &Resources, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    let mut i = 1;
    while i + 1 < tokens.len() {
        let after_person = label_type(labels[i - 1]) == Some(PER) && labels[i] == 0;
        if !after_person || !words().name_particles.iter().any(|p| p == tokens[i]) {
            i += 1;
            continue;
        }
        // "von der Leyen": an article may follow the particle.
        let mut j = i + 1;
        if j + 1 < tokens.len() && matches!(tokens[j], "der" | "den" | "dem") {
            j += 1;
        }
        let name = tokens[j];
        let (start, _, _) = chunk_of(labels, i - 1);
        // A name that already has its surname ("Jens Weidmann von Anfang an",
        // "Richard Cassidy von Alert Logic") takes no particle after it; first
        // names before it leave room for one ("Carl Friedrich von Weizsäcker").
        // A first name after the particle opens another person ("Onkel Wanja
        // von Anton Tschechow").
        let has_surname = start + 1 < i && gaz(res, tokens[i - 1]) & cat::FIRSTNAME == 0;
        if labels[j] != 0
            || !is_name_word(name)
            || gaz(res, name) & (PLACE | cat::FIRSTNAME) != 0
            || has_surname
        {
            i += 1;
            continue;
        }
        set_span(labels, locked, start, j + 1, PER);
        i = j + 1;
    }
}

/// "Alexander Van der Bellen": a person's name does not end in its particle.
/// The tagger sometimes takes "Van der" into the name and leaves the last word
/// out when that word is also a common noun ("Bellen"); the name then goes on
/// to it (not to a place: "Alexander von Humboldt" is tagged whole anyway, and
/// "… von Wien" stays the town).
fn unfinished_particle_names(
    res: &Resources,
    tokens: &[&str],
    labels: &mut [u8],
    locked: &mut [bool],
) {
    let is_particle = |t: &str| {
        words()
            .name_particles
            .iter()
            .any(|p| p.eq_ignore_ascii_case(t))
    };
    for end in 1..tokens.len() {
        // `end` is the first token after a person's name.
        if labels[end] != 0 || label_type(labels[end - 1]) != Some(PER) {
            continue;
        }
        let last = tokens[end - 1];
        let particle_last = is_particle(last) && labels[end - 1] == inside_of(PER);
        let article_last = matches!(last, "der" | "den" | "dem")
            && end >= 2
            && is_particle(tokens[end - 2])
            && labels[end - 1] == inside_of(PER);
        let name = tokens[end];
        if !(particle_last || article_last) || !is_name_word(name) || gaz(res, name) & PLACE != 0 {
            continue;
        }
        let (start, _, _) = chunk_of(labels, end - 1);
        set_span(labels, locked, start, end + 1, PER);
    }
}

/// A team's reserve or youth side: "FC Augsburg II", "Wolfsburg II",
/// "Hannovers U 23" — a club or its town followed by a roman numeral or an age
/// class is one organisation (a person's numeral, "Wilhelm II", is left alone).
fn reserve_teams(tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    let mut i = 0;
    while i < tokens.len() {
        let ty = label_type(labels[i]);
        if !is_begin(labels[i]) || !matches!(ty, Some(ORG) | Some(LOC)) {
            i += 1;
            continue;
        }
        let mut e = i + 1;
        while e < labels.len() && continues(labels, e) {
            e += 1;
        }
        let numeral = |t: &str| words().team_numerals.iter().any(|n| n == t);
        let age = |t: &str| {
            t.strip_prefix('U').is_some_and(|n| {
                (2..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit())
            })
        };
        let two_digits = |t: &str| t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit());
        let end = match tokens.get(e).copied() {
            Some(t) if numeral(t) || age(t) => Some(e + 1),
            Some("U") if tokens.get(e + 1).is_some_and(|t| two_digits(t)) => Some(e + 2),
            _ => None,
        };
        match end {
            Some(end) => {
                set_span(labels, locked, i, end, ORG);
                i = end;
            }
            None => i = e,
        }
    }
}

fn institutions(res: &Resources, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        // The tagger may have read the adjective and the head as one MISC
        // chunk ("Münchner Verkehrsbetriebe"): the adjective is checked below.
        let misc_pair = i > 0 && labels[i - 1] == begin_of(MISC) && labels[i] == inside_of(MISC);
        if !is_institution(t) || (continues(labels, i) && !misc_pair) {
            i += 1;
            continue;
        }
        // Inside a longer name the tagger found ("Institut für … der Universität")
        // the institution stays as tagged unless it is the chunk's start.
        let mut start = i;
        let mut end = i + 1;
        if labels[i] != 0 {
            while end < labels.len() && continues(labels, end) {
                end += 1;
            }
        }
        // The tagger may have taken the town in already ("Naturkundemuseums
        // Bamberg" as one chunk): the rule locks it against document consistency.
        let mut found = end == i + 2 && gaz(res, tokens[i + 1]) & PLACE != 0;
        // The tagger's chunk of a capitalised word and the head is a name
        // whose head says what it is: an organisation, even where the word is
        // also a noun ("Münchner", "Techniker").
        if misc_pair && end == i + 1 && is_name_word(tokens[i - 1]) {
            start = i - 1;
            found = true;
        }
        if let Some(e) = place_at(res, tokens, labels, end) {
            end = e;
            found = true;
        }
        if start > 0 && start == i && labels[start - 1] != inside_of(ORG) {
            let prev = tokens[start - 1];
            // A demonym that is also a noun ("Schweizer") is the adjective
            // where the tagger typed it MISC before the head.
            let town_adjective = prev.ends_with("er")
                && prev.chars().count() >= 5
                && is_name_word(prev)
                && (!is_common_noun(res, prev) || labels[start - 1] == begin_of(MISC))
                && (start >= 2 || labels[start - 1] != 0);
            // An adjective of the name may also be a noun in its own right
            // ("der Auswärtige", "die Katholische"): only a word the noun
            // lexicon has as a lemma is taken for a noun here.
            // The tagger may have typed the adjective alone as MISC
            // ("Katholische Nachrichten-Agentur", "Österreichische
            // Ärztekammer"): then it is the adjective even where the noun
            // lexicon has the word.
            let name_adjective = start >= 2
                && (labels[start - 1] == 0 || labels[start - 1] == begin_of(MISC))
                && is_name_word(prev)
                && ["e", "en", "es", "em"].iter().any(|e| prev.ends_with(e))
                && prev.chars().count() >= 6
                && (!is_noun_lemma(res, prev) || labels[start - 1] == begin_of(MISC));
            if town_adjective || name_adjective {
                start -= 1;
                found = true;
            }
        }
        if let Some(e) = genitive_name_end(res, tokens, labels, i, end) {
            end = e;
            found = true;
        }
        if found {
            set_span(labels, locked, start, end, ORG);
        }
        i = end.max(i + 1);
    }
}

/// The end of an institution's name that goes on in the genitive: its remit
/// and the organisation it belongs to ("Institut für Paläontologie der
/// Universität Wien"), or, after an association's compound, the sector it
/// stands for ("Gesamtverband der Versicherer", "Zentralverband des Deutschen
/// Handwerks"). `i` is the head, `end` the end of the name found so far.
fn genitive_name_end(
    res: &Resources,
    tokens: &[&str],
    labels: &[u8],
    i: usize,
    end: usize,
) -> Option<usize> {
    let free_name =
        |k: usize| labels.get(k) == Some(&0) && tokens.get(k).is_some_and(|t| is_name_word(t));
    let k = super::patterns::remit_end(tokens, labels, end);
    if !matches!(tokens.get(k), Some(&"der" | &"des")) {
        return None;
    }
    // "… der Universität Wien": the organisation the tagger found.
    if k > end && labels.get(k + 1) == Some(&begin_of(ORG)) {
        return Some(chunk_of(labels, k + 1).1);
    }
    // "Gesamtverband der Versicherer": a compound of an association's head
    // with a modifier, then capitalised adjectives and one noun (a party
    // stays a name of its own: "Landesverband der Grünen").
    let head = tokens[i].to_lowercase();
    let head = head.trim_end_matches('s');
    let association = k == end
        && words()
            .genitive_heads
            .iter()
            .any(|h| head.len() >= h.len() + 3 && head.ends_with(h.as_str()));
    if !association {
        return None;
    }
    let mut j = k + 1;
    while j + 1 < tokens.len()
        && free_name(j)
        && tokens[j].ends_with("en")
        && !is_noun_lemma(res, tokens[j])
        && is_name_word(tokens[j + 1])
    {
        j += 1;
    }
    let noun = tokens.get(j)?;
    let fits = is_name_word(noun)
        && (labels[j] == 0 || labels[j] == begin_of(ORG))
        && gaz(res, noun) & (cat::PARTY | PLACE | cat::FIRSTNAME | cat::SURNAME) == 0;
    fits.then(|| chunk_of(labels, j).1)
}

fn regions(res: &Resources, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for i in 0..tokens.len().saturating_sub(1) {
        let t = tokens[i];
        // "rheinland-pfälzischen Landkreis Trier-Saarburg": the tagger may join
        // the area word to the adjective before it (one MISC chunk); the
        // adjective stays on its own and the area starts the place.
        let after_adjective =
            i > 0 && is_begin(labels[i - 1]) && tokens[i - 1].starts_with(char::is_lowercase);
        if !t.starts_with(char::is_uppercase) || (continues(labels, i) && !after_adjective) {
            continue;
        }
        // Most capitalised words are ASCII: compared without lowercasing.
        let region_word = if t.is_ascii() {
            words()
                .region_words
                .iter()
                .any(|r| r.len() == t.len() && r.eq_ignore_ascii_case(t))
        } else {
            words().region_words.contains(&t.to_lowercase())
        };
        if !region_word {
            continue;
        }
        if let Some(e) = place_at(res, tokens, labels, i + 1) {
            set_span(labels, locked, i, e, LOC);
        }
    }
}

fn party_brackets(res: &Resources, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for i in 1..tokens.len().saturating_sub(1) {
        if tokens[i - 1] != "(" || tokens[i + 1] != ")" {
            continue;
        }
        let t = tokens[i];
        if t.starts_with(char::is_uppercase)
            && label_type(labels[i]) != Some(ORG)
            && gaz(res, t) & cat::PARTY != 0
            && gaz(res, t) & PLACE == 0
        {
            // Only after a person: "(SPD)" elsewhere may be anything the
            // gazetteer's party names share a form with.
            let after_person = i >= 2 && label_type(labels[i - 2]) == Some(PER);
            if after_person {
                set_span(labels, locked, i, i + 1, ORG);
            }
        }
    }
}

/// The document-level conventions: [`sentence_openers`], then [`sports_towns`].
pub fn apply_document(
    res: &Resources,
    sentences: &[Vec<&str>],
    labels: &mut [Vec<u8>],
    locked: &mut [Vec<bool>],
) {
    sentence_openers(sentences, labels, locked);
    reporting_media(res, sentences, labels, locked);
    sports_towns(res, sentences, labels, locked);
}

/// "berichtet Heise.", "schreibt Ekathimerini in seinem Bericht", "berichtet
/// der Guardian am Freitag": a one-word person the tagger found right after a
/// verb of reporting (and an article), ending the clause, is the medium that
/// reports, when the article names nobody so in full and it is no first name
/// (a person reported by surname alone has been named in full before).
fn reporting_media(
    res: &Resources,
    sentences: &[Vec<&str>],
    labels: &mut [Vec<u8>],
    locked: &mut [Vec<bool>],
) {
    let w = words();
    let is_verb = |t: &str| w.reporting_verbs.iter().any(|v| v == t);
    for s in 0..sentences.len() {
        let tokens = &sentences[s];
        for i in 1..tokens.len().min(labels[s].len()).min(locked[s].len()) {
            if labels[s][i] != begin_of(PER)
                || locked[s][i]
                || labels[s]
                    .get(i + 1)
                    .is_some_and(|&n| n != 0 && !is_begin(n))
            {
                continue;
            }
            let article = matches!(tokens[i - 1], "der" | "die" | "das");
            let verb_at = if article {
                i.checked_sub(2)
            } else {
                Some(i - 1)
            };
            if !verb_at.is_some_and(|v| is_verb(tokens[v])) {
                continue;
            }
            let ends_clause = tokens
                .get(i + 1)
                .is_none_or(|n| matches!(*n, "." | "," | ";" | "am" | "in" | "unter" | "mit"));
            let t = tokens[i];
            if !ends_clause || gaz(res, t) & cat::FIRSTNAME != 0 {
                continue;
            }
            // Named in full somewhere: a person after all.
            let in_full = (0..sentences.len()).any(|k| {
                (0..sentences[k].len().min(labels[k].len())).any(|j| {
                    sentences[k][j] == t
                        && label_type(labels[k][j]) == Some(PER)
                        && !is_begin(labels[k][j])
                })
            });
            if !in_full {
                set_span(&mut labels[s], &mut locked[s], i, i + 1, ORG);
            }
        }
    }
}

/// Lowercase words of `resources/de/lowercase_words.txt` (see
/// [`super::lowercase`]) and the function words of `stopwords.txt` ("das",
/// "der", "eine": capitalised more often than 10% inside sentences in the
/// corpora, after headings and numbered clauses, so not in the list).
fn lowercase_words() -> &'static HashSet<String, FastBuild> {
    static W: OnceLock<HashSet<String, FastBuild>> = OnceLock::new();
    W.get_or_init(|| {
        let de = crate::langdata::LangData::get(crate::lang::Lang::De);
        de.words("lowercase_words", "words")
            .chain(de.words("stopwords", "stopwords"))
            .map(str::to_string)
            .collect()
    })
}

/// Where a sentence or clause begins, so that a capital says nothing: the
/// first word (after opening quotes, dashes and brackets) and a word right
/// after a dash or colon ("Wien – Das …", "Frage: Wie …").
fn opens_clause(tokens: &[&str], i: usize) -> bool {
    tokens[i].starts_with(char::is_alphanumeric)
        && (tokens[..i]
            .iter()
            .all(|t| !t.starts_with(char::is_alphanumeric))
            || i > 0 && matches!(tokens[i - 1], "–" | "—" | ":"))
}

/// A word opening a sentence or clause that German writes in lower case
/// inside one ("Lange hat Microsoft …", "Allen Unkenrufen zum Trotz",
/// "Respektlos sei das", "Wien – Das …") is capitalised by its place alone:
/// no one-word person, organisation or place, unless the document also
/// capitalises it elsewhere (the surname "Lange" of "Christian Lange",
/// "Kurz" after "Außenminister"). MISC is left alone: a capitalised
/// nationality adjective opening a sentence ("Syrische Truppen") is MISC in
/// CoNLL.
fn sentence_openers(sentences: &[Vec<&str>], labels: &mut [Vec<u8>], locked: &mut [Vec<bool>]) {
    for s in 0..sentences.len() {
        let tokens = &sentences[s];
        for i in 0..tokens.len().min(labels[s].len()).min(locked[s].len()) {
            let l = labels[s][i];
            if !is_begin(l) || locked[s][i] || label_type(l) == Some(MISC) {
                continue;
            }
            let t = tokens[i];
            if labels[s]
                .get(i + 1)
                .is_some_and(|&n| n != 0 && !is_begin(n))
                || !is_name_word(t)
                || !opens_clause(tokens, i)
                || !lowercase_words().contains(&t.to_lowercase())
            {
                continue;
            }
            let elsewhere = sentences.iter().any(|other| {
                other
                    .iter()
                    .enumerate()
                    .any(|(k, w)| *w == t && !opens_clause(other, k))
            });
            if !elsewhere {
                labels[s][i] = 0;
                locked[s][i] = true;
            }
        }
    }
}

/// On a sports page (two match scores or more in the document), a town
/// named as the subject or object of a match verb, or after "gegen", is its
/// club: "Hoffenheim verdrängte Elversberg", "das 3:1 gegen Mainz". Countries
/// (national sides) and towns after a place preposition are left alone.
fn sports_towns(
    res: &Resources,
    sentences: &[Vec<&str>],
    labels: &mut [Vec<u8>],
    locked: &mut [Vec<bool>],
) {
    let scores = sentences
        .iter()
        .flatten()
        .filter(|t| super::patterns::is_score(t))
        .count();
    if scores < 2 {
        return;
    }
    let w = words();
    let has = |list: &[String], t: &str| list.iter().any(|x| x == t);
    for ((tokens, labels), locked) in sentences
        .iter()
        .zip(labels.iter_mut())
        .zip(locked.iter_mut())
    {
        if tokens.len() != labels.len() || tokens.len() != locked.len() {
            continue;
        }
        // A one-word place the tagger found, not a country or region (towns
        // with clubs are often villages the gazetteer lacks: "Hoffenheim").
        let town = |labels: &[u8], i: usize| {
            labels[i] == begin_of(LOC)
                && labels.get(i + 1) != Some(&inside_of(LOC))
                && gaz(res, tokens[i]) & (cat::COUNTRY | cat::REGION) == 0
        };
        for i in 0..tokens.len() {
            if !town(labels, i) {
                continue;
            }
            let prev = if i > 0 { tokens[i - 1] } else { "" };
            let place = has(&w.town_prepositions, prev);
            let subject = !place && tokens.get(i + 1).is_some_and(|t| has(&w.match_verbs, t));
            // The object within three words after a match verb.
            let object = !place && (1..=3).any(|k| i >= k && has(&w.match_verbs, tokens[i - k]));
            if subject || object || has(&w.team_prepositions, prev) {
                set_span(labels, locked, i, i + 1, ORG);
            }
        }
    }
}

/// An acronym in brackets right after an organisation's name is that
/// organisation's short name: "Bundesamt für Gesundheit (BAG)".
fn acronym_brackets(tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for i in 2..tokens.len().saturating_sub(1) {
        if tokens[i - 1] != "(" || tokens[i + 1] != ")" || label_type(labels[i - 2]) != Some(ORG) {
            continue;
        }
        let t = tokens[i];
        let n = t.chars().count();
        let capitals = t.chars().filter(|c| c.is_uppercase()).count();
        if (2..=6).contains(&n)
            && capitals >= 2
            && t.chars().all(char::is_alphanumeric)
            && t.starts_with(char::is_uppercase)
            && label_type(labels[i]) != Some(ORG)
        {
            set_span(labels, locked, i, i + 1, ORG);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::model::LABELS;

    fn resources() -> Resources {
        let mut r = Resources::default();
        for c in ["stendal", "bamberg"] {
            r.add_gaz(&[c], cat::CITY);
        }
        r.add_gaz(&["spd"], cat::PARTY);
        r.add_gaz(&["kurdistan"], cat::REGION);
        r.add_gaz(&["frank"], cat::FIRSTNAME);
        r.add_noun("bericht");
        r
    }

    /// No label locked yet, for each sentence of `labels`.
    fn unlocked(labels: &[Vec<u8>]) -> Vec<Vec<bool>> {
        labels.iter().map(|l| vec![false; l.len()]).collect()
    }

    fn run(tokens: &[&str], given: &[&str]) -> Vec<&'static str> {
        let mut labels: Vec<u8> = given
            .iter()
            .map(|g| LABELS.iter().position(|l| l == g).unwrap() as u8)
            .collect();
        let mut locked = vec![false; labels.len()];
        apply(&resources(), tokens, &mut labels, &mut locked);
        labels.iter().map(|&l| LABELS[l as usize]).collect()
    }

    #[test]
    fn institution_with_place_is_one_organisation() {
        assert_eq!(
            run(
                &["am", "Amtsgericht", "Stendal", "."],
                &["O", "O", "B-LOC", "O"]
            ),
            ["O", "B-ORG", "I-ORG", "O"]
        );
        assert_eq!(
            run(&["des", "Naturkundemuseums", "Bamberg"], &["O", "O", "O"]),
            ["O", "B-ORG", "I-ORG"]
        );
        assert_eq!(
            run(
                &["vor", "dem", "Bremer", "Landgericht"],
                &["O", "O", "B-MISC", "O"]
            ),
            ["O", "O", "B-ORG", "I-ORG"]
        );
        assert_eq!(
            run(
                &["das", "Statistische", "Bundesamt", "in"],
                &["O", "O", "B-ORG", "O"]
            ),
            ["O", "B-ORG", "I-ORG", "O"]
        );
        // A hyphenated compound's head is capitalised; an adjective the
        // tagger typed MISC alone belongs to the name.
        assert_eq!(
            run(
                &["mit", "der", "Katholischen", "Nachrichten-Agentur"],
                &["O", "O", "B-MISC", "O"]
            ),
            ["O", "O", "B-ORG", "I-ORG"]
        );
        // The tagger's MISC chunk of a word and the head is the organisation.
        assert_eq!(
            run(
                &["im", "Wiener", "Akademietheater", "."],
                &["O", "B-MISC", "I-MISC", "O"]
            ),
            ["O", "B-ORG", "I-ORG", "O"]
        );
        // No place, no adjective: left alone; a common noun is no town.
        assert_eq!(
            run(
                &["vor", "dem", "Landgericht", "Bericht"],
                &["O", "O", "O", "O"]
            ),
            ["O", "O", "O", "O"]
        );
        // A demonym the tagger typed MISC is the adjective of the name even
        // where it is a noun too ("der Schweizer").
        let mut res = resources();
        res.add_noun("schweizer");
        let mut labels: Vec<u8> = [0, 0, begin_of(MISC), 0].to_vec();
        let mut locked = vec![false; 4];
        let tokens = ["Direktor", "der", "Schweizer", "Paraplegiker-Vereinigung"];
        apply(&res, &tokens, &mut labels, &mut locked);
        assert_eq!(labels, [0, 0, begin_of(ORG), inside_of(ORG)]);
    }

    #[test]
    fn names_that_go_on_in_the_genitive() {
        // The remit and the organisation the institute belongs to.
        assert_eq!(
            run(
                &[
                    "an",
                    "das",
                    "Institut",
                    "für",
                    "Paläontologie",
                    "der",
                    "Universität",
                    "Wien"
                ],
                &["O", "O", "O", "O", "O", "O", "B-ORG", "I-ORG"]
            ),
            ["O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG"]
        );
        // An association's compound and the sector it stands for.
        assert_eq!(
            run(
                &["Der", "Gesamtverband", "der", "Versicherer", "warnt"],
                &["O", "O", "O", "O", "O"]
            ),
            ["O", "B-ORG", "I-ORG", "I-ORG", "O"]
        );
        assert_eq!(
            run(
                &["des", "Zentralverbands", "des", "Deutschen", "Handwerks"],
                &["O", "O", "O", "B-ORG", "I-ORG"]
            ),
            ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG"]
        );
        // The bare head names no association; a party stays a name of its own.
        let tags = ["O", "O", "O", "O"];
        assert_eq!(run(&["der", "Verband", "der", "Versicherer"], &tags), tags);
        assert_eq!(
            run(
                &["der", "Landesverband", "der", "SPD"],
                &["O", "O", "O", "B-ORG"]
            ),
            ["O", "O", "O", "B-ORG"]
        );
    }

    #[test]
    fn region_and_name_are_one_place() {
        assert_eq!(
            run(&["im", "Landkreis", "Bamberg"], &["O", "O", "B-LOC"]),
            ["O", "B-LOC", "I-LOC"]
        );
    }

    #[test]
    fn reserve_sides_are_teams() {
        assert_eq!(
            run(
                &["gegen", "Wolfsburg", "II", "-"],
                &["O", "B-LOC", "B-ORG", "O"]
            ),
            ["O", "B-ORG", "I-ORG", "O"]
        );
        assert_eq!(
            run(
                &["Hannovers", "U", "23", "siegt"],
                &["B-ORG", "O", "O", "O"]
            ),
            ["B-ORG", "I-ORG", "I-ORG", "O"]
        );
        assert_eq!(
            run(
                &["Kaiser", "Wilhelm", "II", "."],
                &["O", "B-PER", "I-PER", "O"]
            ),
            ["O", "B-PER", "I-PER", "O"]
        );
    }

    #[test]
    fn party_after_a_person() {
        assert_eq!(
            run(
                &["Anna", "Muster", "(", "SPD", ")", "sagte"],
                &["B-PER", "I-PER", "O", "B-PER", "O", "O"]
            ),
            ["B-PER", "I-PER", "O", "B-ORG", "O", "O"]
        );
    }

    #[test]
    fn towns_are_clubs_on_a_sports_page() {
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Bamberg", "verlor", "1:2", "gegen", "Stendal", "."],
            vec!["In", "Bamberg", "regnete", "es", "3:1", "."],
        ];
        let mut labels = vec![
            vec![begin_of(LOC), 0, 0, 0, begin_of(LOC), 0],
            vec![0, begin_of(LOC), 0, 0, 0, 0],
        ];
        let mut locked = unlocked(&labels);
        apply_document(&resources(), &sentences, &mut labels, &mut locked);
        assert_eq!(labels[0][0], begin_of(ORG));
        assert_eq!(labels[0][4], begin_of(ORG));
        // After a place preposition the town stays a place.
        assert_eq!(labels[1][1], begin_of(LOC));
        // Without two scores in the document nothing changes.
        let one = vec![vec!["Bamberg", "verlor", "gegen", "Stendal"]];
        let mut l = vec![vec![begin_of(LOC), 0, 0, begin_of(LOC)]];
        let mut k = vec![vec![false; 4]];
        apply_document(&resources(), &one, &mut l, &mut k);
        assert_eq!(l[0][0], begin_of(LOC));
    }

    #[test]
    fn a_name_after_a_kind_of_organisation_is_that_organisation() {
        assert_eq!(
            run(
                &["die", "Zeitung", "„", "Danas", "“"],
                &["O", "O", "O", "B-PER", "O"]
            ),
            ["O", "O", "O", "B-ORG", "O"]
        );
        assert_eq!(
            run(
                &["die", "Zeitung", "USA", "Today", "am"],
                &["O", "O", "B-LOC", "O", "O"]
            ),
            ["O", "O", "B-ORG", "I-ORG", "O"]
        );
        assert_eq!(
            run(
                &["der", "Energiekonzern", "Engie", "erhält"],
                &["O", "O", "B-MISC", "O"]
            ),
            ["O", "O", "B-ORG", "O"]
        );
        assert_eq!(
            run(
                &["der", "Arbeiterpartei", "Kurdistans", "("],
                &["O", "O", "B-PER", "O"]
            ),
            ["O", "B-ORG", "I-ORG", "O"]
        );
        // A person's name stays: a first name opens it, or it is a genitive.
        assert_eq!(
            run(
                &["die", "Partei", "Frank", "Stronach"],
                &["O", "O", "B-PER", "I-PER"]
            ),
            ["O", "O", "B-PER", "I-PER"]
        );
        // No compound of a kind word: "Absender" is no "Sender" of a name.
        assert_eq!(
            run(&["der", "Absender", "Berg"], &["O", "O", "B-PER"]),
            ["O", "O", "B-PER"]
        );
    }

    #[test]
    fn a_foreign_country_name_in_german_text_is_part_of_a_name() {
        assert_eq!(
            run(
                &["der", "Bank", "Austria", "zufolge"],
                &["O", "O", "B-LOC", "O"]
            ),
            ["O", "B-ORG", "I-ORG", "O"]
        );
        assert_eq!(
            run(
                &["gegen", "die", "Austria", "verloren"],
                &["O", "O", "B-LOC", "O"]
            ),
            ["O", "O", "B-ORG", "O"]
        );
        assert_eq!(
            run(&["Made", "in", "Germany"], &["O", "O", "B-LOC"]),
            ["O", "O", "O"]
        );
        // The country's German name stays a place.
        assert_eq!(
            run(&["in", "Österreich", "."], &["O", "B-LOC", "O"]),
            ["O", "B-LOC", "O"]
        );
    }

    #[test]
    fn a_name_after_a_verb_of_reporting_is_the_medium() {
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Das", "berichtet", "Heise", "."],
            vec!["Das", "berichtete", "der", "Guardian", "am", "Freitag", "."],
            vec!["Das", "schreibt", "Müller", "."],
            vec!["Anna", "Müller", "lacht", "."],
        ];
        let mut labels = vec![
            vec![0, 0, begin_of(PER), 0],
            vec![0, 0, 0, begin_of(PER), 0, 0, 0],
            vec![0, 0, begin_of(PER), 0],
            vec![begin_of(PER), inside_of(PER), 0, 0],
        ];
        let mut locked = unlocked(&labels);
        apply_document(&resources(), &sentences, &mut labels, &mut locked);
        assert_eq!(labels[0][2], begin_of(ORG));
        assert_eq!(labels[1][3], begin_of(ORG));
        // Named in full elsewhere: the person.
        assert_eq!(labels[2][2], begin_of(PER));
    }

    #[test]
    fn a_lower_case_word_opening_a_sentence_is_no_name() {
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Lange", "hat", "Microsoft", "gezögert", "."],
            vec!["„", "Respektlos", "sei", "das", "“", "."],
            vec!["Syrische", "Truppen", "rückten", "vor", "."],
            vec!["Mühsam", "Müller", "siegte", "."],
        ];
        let mut labels = vec![
            vec![begin_of(PER), 0, begin_of(ORG), 0, 0],
            vec![0, begin_of(PER), 0, 0, 0, 0],
            vec![begin_of(MISC), 0, 0, 0, 0],
            vec![begin_of(PER), inside_of(PER), 0, 0],
        ];
        let mut locked = unlocked(&labels);
        let before = labels.clone();
        apply_document(&resources(), &sentences, &mut labels, &mut locked);
        assert_eq!(labels[0][0], 0);
        assert!(locked[0][0], "document consistency must not bring it back");
        assert_eq!(labels[0][2], begin_of(ORG));
        assert_eq!(labels[1][1], 0, "after an opening quote");
        // MISC, and a word that begins a longer name, stay.
        assert_eq!(labels[2], before[2]);
        assert_eq!(labels[3], before[3]);
        // After a dateline's dash a clause begins too.
        let dateline = vec![vec!["Wien", "–", "Das", "Jahr", "begann", "."]];
        let mut l = vec![vec![begin_of(LOC), 0, begin_of(PER), 0, 0, 0]];
        let mut k = unlocked(&l);
        apply_document(&resources(), &dateline, &mut l, &mut k);
        assert_eq!(l[0], vec![begin_of(LOC), 0, 0, 0, 0, 0]);
        // A document that capitalises the word inside a sentence names someone.
        let named = vec![
            vec!["Lange", "sagte", "das", "."],
            vec!["Trainer", "Lange", "lachte", "."],
        ];
        let mut l = vec![vec![begin_of(PER), 0, 0, 0], vec![0, begin_of(PER), 0, 0]];
        let mut k = unlocked(&l);
        apply_document(&resources(), &named, &mut l, &mut k);
        assert_eq!(l[0][0], begin_of(PER));
    }

    #[test]
    fn acronym_after_an_organisation() {
        assert_eq!(
            run(
                &["Bundesamt", "für", "Gesundheit", "(", "BAG", ")", "."],
                &["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"]
            ),
            ["B-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "O", "O"]
        );
        // After a place it may be anything ("Mistelbach (NÖ)").
        assert_eq!(
            run(&["Mistelbach", "(", "NÖ", ")"], &["B-LOC", "O", "O", "O"]),
            ["B-LOC", "O", "O", "O"]
        );
    }

    #[test]
    fn a_name_goes_on_through_a_nobility_particle() {
        assert_eq!(
            run(
                &["Polizeisprecher", "Henrik", "von", "Wahl", "sagte"],
                &["O", "B-PER", "O", "O", "O"]
            ),
            ["O", "B-PER", "I-PER", "I-PER", "O"]
        );
        assert_eq!(
            run(
                &["Anna", "von", "der", "Au", "kam"],
                &["B-PER", "O", "O", "O", "O"]
            ),
            ["B-PER", "I-PER", "I-PER", "I-PER", "O"]
        );
        // The tagger's name stopped at the particle ("Bellen" is also a noun).
        assert_eq!(
            run(
                &["Alexander", "Van", "der", "Bellen", "sagte"],
                &["B-PER", "I-PER", "I-PER", "O", "O"]
            ),
            ["B-PER", "I-PER", "I-PER", "I-PER", "O"]
        );
        assert_eq!(
            run(
                &["Van", "der", "Bellen", "sagte"],
                &["B-PER", "I-PER", "O", "O"]
            ),
            ["B-PER", "I-PER", "I-PER", "O"]
        );
        // A full name takes no particle after it.
        assert_eq!(
            run(
                &["Jens", "Weidmann", "von", "Anfang", "an"],
                &["B-PER", "I-PER", "O", "O", "O"]
            ),
            ["B-PER", "I-PER", "O", "O", "O"]
        );
        // A place after the particle stays a place; "zu" is no particle here.
        assert_eq!(
            run(
                &["Anna", "Berg", "von", "Bamberg"],
                &["B-PER", "I-PER", "O", "O"]
            ),
            ["B-PER", "I-PER", "O", "O"]
        );
        assert_eq!(
            run(
                &["Otto", "Weg", "zu", "Beginn"],
                &["B-PER", "I-PER", "O", "O"]
            ),
            ["B-PER", "I-PER", "O", "O"]
        );
    }
}
