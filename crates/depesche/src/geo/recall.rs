//! Places the tagger missed. A statistical tagger trained on other text
//! leaves gaps that real news fills with small places ("im österreichischen
//! Hochfilzen", "In Wikon, Zell, Wauwil und Grosswangen"), states and regions
//! with unusual shapes ("Sachsen-Anhalt") and genitives ("Polens"). The
//! gazetteer knows them; what it cannot know alone is whether a capitalised
//! word is used as a place here. So a word the tagger left untagged becomes a
//! LOC mention when
//! - the gazetteer holds it as a country, state or region (or, for German,
//!   its genitive), and it is not a common noun; or
//! - the gazetteer holds it as a town and the text says it is a place: a
//!   place preposition or a unit word before it ("in", "nach", "Gemeinde"), a
//!   preposition and an adjective ("im österreichischen"), or a list of names
//!   at least one of which is a place. Towns take no article, so "im Café"
//!   is no cue.
//!
//! Word lists: `[place_prepositions]`, `[article_prepositions]`, `[list_joiners]`
//! and `[admin_prefixes]` in `resources/{de,en}/geo.txt`.

use super::fallback::Lists;
use super::{fold, Gazetteer, Kind};
use crate::hashing::FastBuild;
use crate::ner::resources::{NounClass, Resources};
use crate::schema::{Analysis, Entity, EntityType, Mention, Span};
use crate::text::TextIndex;

/// German genitives of towns this big are read as places ("Bremens").
const GENITIVE_TOWN_POPULATION: u32 = 100_000;

/// Towns smaller than this are not read from the text on a cue alone.
const MIN_TOWN_POPULATION: u32 = 1_000;

/// One candidate word (or hyphenated compound) of the text.
struct Unit<'t> {
    span: Span,
    text: &'t str,
    /// Index of its sentence.
    sentence: usize,
    /// Covered by an entity mention or a time expression.
    taken: bool,
    /// An entity of type LOC is mentioned here.
    loc: bool,
    /// Which cue word lists hold the word (bits of [`CueLists`]).
    lists: u8,
}

/// Bits of [`CueLists::of`]: one per cue word list of [`Lists`].
const PLACE_PREPOSITION: u8 = 1;
const ADMIN_PREFIX: u8 = 2;
const ARTICLE_PREPOSITION: u8 = 4;
const LIST_JOINER: u8 = 8;
const DETERMINER: u8 = 16;
const SITE_PREPOSITION: u8 = 32;
const STREET_NOUN: u8 = 64;

/// The cue word lists the rules ask about the words around a name, in one
/// table: a word's memberships are looked up once (one hash of its lower
/// case) rather than by a scan of a list at every rule that asks.
struct CueLists<'l> {
    words: std::collections::HashMap<&'l str, u8, FastBuild>,
    /// The longest entry in bytes: a longer ASCII word is in no list.
    longest: usize,
}

impl<'l> CueLists<'l> {
    fn new(lists: &'l Lists) -> CueLists<'l> {
        let mut words = std::collections::HashMap::default();
        let mut longest = 0;
        for (list, bit) in [
            (&lists.place_prepositions, PLACE_PREPOSITION),
            (&lists.admin_prefixes, ADMIN_PREFIX),
            (&lists.article_prepositions, ARTICLE_PREPOSITION),
            (&lists.list_joiners, LIST_JOINER),
            (&lists.determiners, DETERMINER),
            (&lists.site_prepositions, SITE_PREPOSITION),
            (&lists.street_nouns, STREET_NOUN),
        ] {
            for w in list {
                *words.entry(w.as_str()).or_insert(0) |= bit;
                longest = longest.max(w.len());
            }
        }
        CueLists { words, longest }
    }

    /// The lists that hold `word`, case aside, as [`in_list`] matches (the
    /// entries are lower case); `buf` holds the lower case.
    fn of(&self, word: &str, buf: &mut String) -> u8 {
        buf.clear();
        if word.is_ascii() {
            if word.len() > self.longest {
                return 0;
            }
            buf.push_str(word);
            buf.make_ascii_lowercase();
        } else {
            buf.extend(word.chars().flat_map(char::to_lowercase));
        }
        self.words.get(buf.as_str()).copied().unwrap_or(0)
    }
}

/// What the gazetteer says of a unit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Known {
    No,
    /// A country, state or region: a place wherever it stands.
    Area,
    /// A town: a place where the text says so.
    Town,
}

/// Add LOC entities (or mentions of existing ones) for places the tagger
/// missed, in `ranges` (prose blocks).
pub(super) fn add_missed_places(
    a: &mut Analysis,
    ix: &TextIndex,
    geo: &super::Geocoder,
    lists: &Lists,
    nouns: Option<&Resources>,
    ranges: &[Span],
) {
    let gaz: &Gazetteer = &geo.gaz;
    let german = a.lang == "de";
    let mut units = units(a, ix, ranges);
    if units.is_empty() {
        return;
    }
    let cue_lists = CueLists::new(lists);
    let mut lower = String::new();
    for u in &mut units {
        u.lists = cue_lists.of(u.text, &mut lower);
    }
    let units = units;
    let listed = |bit: u8, i: usize| units[i].lists & bit != 0;
    let adjacent = |i: usize, j: usize| units[i].sentence == units[j].sentence;
    // A place word right before unit `i` ("in", "Gemeinde"), or a
    // preposition and one lowercase adjective ("im österreichischen").
    let cued = |i: usize| -> bool {
        if i == 0 || !adjacent(i - 1, i) {
            return false;
        }
        if listed(PLACE_PREPOSITION | ADMIN_PREFIX, i - 1) {
            return true;
        }
        let adjective = units[i - 1]
            .text
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
            && units[i - 1].text.chars().all(char::is_alphabetic);
        // Towns take no article ("in Hochfilzen", not "im Hochfilzen"),
        // except with an adjective ("im österreichischen Hochfilzen").
        adjective
            && i >= 2
            && adjacent(i - 2, i)
            && listed(PLACE_PREPOSITION | ARTICLE_PREPOSITION, i - 2)
    };
    // What the gazetteer says of each word, asked only where the answer can
    // matter: a possible area name (or its German genitive), a short acronym,
    // or a word with a place cue; list items are asked below. Most words are
    // settled by one hash look-up.
    let worth_asking = |i: usize| -> bool {
        let t = units[i].text;
        if units[i].taken || !t.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        // "die Austria", "Made in Germany": German names the country otherwise.
        if german && super::is_foreign_country_name(t) {
            return false;
        }
        // English writes common nouns in lower case: a word the article also
        // writes so is that noun, whatever other languages call a place
        // ("Island nations …" beside "small island states": not Iceland).
        if !german
            && t.chars().count() > 3
            && crate::text::written_in_lower_case(&a.text, &t.to_lowercase())
        {
            return false;
        }
        country_code_shape(t)
            || gaz.may_name_area(t)
            || super::is_state_abbreviation(t)
            || (german
                && t.len() > 4
                && t.ends_with('s')
                && gaz.may_name_area_or_capital(&t[..t.len() - 1]))
            || cued(i)
    };
    let mut asked: Vec<bool> = (0..units.len()).map(worth_asking).collect();
    let mut known: Vec<(Known, Option<String>)> = units
        .iter()
        .zip(&asked)
        .map(|(u, &ask)| {
            if ask {
                classify(u, gaz, german, nouns)
            } else {
                (Known::No, None)
            }
        })
        .collect();
    // A capitalised name right before or after (same sentence) that the
    // tagger read as something else: the word is part of that name
    // ("Austria Kärnten", "Big Data", "Der Pate").
    let name_next_to = |i: usize, j: usize| {
        adjacent(i, j) && starts_upper(units[j].text) && (units[j].taken && !units[j].loc)
    };
    let capital_next =
        |i: usize| i + 1 < units.len() && adjacent(i, i + 1) && starts_upper(units[i + 1].text);
    let mut accept: Vec<bool> = (0..units.len())
        .map(|i| {
            // Asked only of words the gazetteer knows (few).
            let in_name = || {
                (i > 0 && name_next_to(i, i - 1)) || (i + 1 < units.len() && name_next_to(i, i + 1))
            };
            match known[i].0 {
                Known::No => false,
                _ if in_name() => false,
                Known::Area => true,
                Known::Town => cued(i) && !capital_next(i),
            }
        })
        .collect();
    // Lists of names: "Wikon, Zell, Wauwil und Grosswangen". Every item a
    // name the gazetteer knows (tagged or not), one of them a place: the
    // untagged towns are places too.
    let is_sep = |i: usize| units[i].text == "," || listed(LIST_JOINER, i);
    let mut list_spans: Vec<Span> = Vec::new();
    let mut i = 0;
    // One buffer for every run (most are a single unit).
    let mut items: Vec<usize> = Vec::new();
    while i < units.len() {
        // A run of items i, i+2, … with separators between, in one sentence.
        items.clear();
        items.push(i);
        let mut j = i;
        while j + 2 < units.len() && adjacent(j, j + 2) && is_sep(j + 1) && !is_sep(j + 2) {
            j += 2;
            items.push(j);
        }
        if items.len() >= 3 {
            for &k in &items {
                if !asked[k] && !units[k].taken {
                    known[k] = classify(&units[k], gaz, german, nouns);
                    asked[k] = true;
                }
            }
            let placeish = |k: usize| {
                units[k].loc
                    || known[k].0 != Known::No
                    || (units[k].taken
                        && starts_upper(units[k].text)
                        && !gaz.lookup_exact(units[k].text).is_empty())
            };
            let anchored = items.iter().any(|&k| units[k].loc || accept[k]) || cued(items[0]);
            if anchored && items.iter().all(|&k| placeish(k)) {
                for &k in &items {
                    if known[k].0 != Known::No {
                        accept[k] = true;
                    }
                    // After a place preposition ("In Wikon, Zell und
                    // Wauwil"), a name typed otherwise is a place too.
                    if cued(items[0]) && units[k].taken && !units[k].loc {
                        list_spans.push(units[k].span);
                    }
                }
            }
        }
        i = j + 1;
    }

    // Sites and districts named in one word, after a preposition and an
    // article ("auf dem Domplatz", "im Salzlandkreis"), unless a common noun.
    let article_before = |i: usize| -> bool {
        (i >= 1 && adjacent(i - 1, i) && listed(ARTICLE_PREPOSITION, i - 1))
            || (i >= 2
                && adjacent(i - 2, i)
                && listed(DETERMINER, i - 1)
                && listed(SITE_PREPOSITION, i - 2))
    };
    for (i, u) in units.iter().enumerate() {
        if !u.taken
            && !accept[i]
            && named_site(u.text, lists)
            && article_before(i)
            && !common_noun(u.text, nouns)
        {
            accept[i] = true;
        }
    }
    // Landmarks the tagger left untagged ("im Weißen Haus" in a headline),
    // up to three words; not the names of bodies ("Bundestag").
    let mut landmarks: Vec<(Span, String)> = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let mut step = 1;
        if !units[i].taken
            && starts_upper(units[i].text)
            && geo.landmark_first_words.contains(units[i].text)
        {
            for n in (1..=3).rev() {
                let last = i + n - 1;
                if last >= units.len()
                    || !adjacent(i, last)
                    || (i..=last).any(|k| units[k].taken || accept[k])
                {
                    continue;
                }
                let span = Span::new(units[i].span.start, units[last].span.end);
                let name = ix.slice(&a.text, span);
                let words: usize = (i..=last).map(|k| units[k].text.len()).sum();
                if name.len() != words + n - 1 {
                    continue;
                }
                if geo.is_place_landmark(name) {
                    landmarks.push((span, name.to_string()));
                    step = n;
                    break;
                }
            }
        }
        i += step;
    }
    // Streets after the word for a street: "in der Straße „Am Hang“", "an
    // der Straße Eichgarten,". Untagged ones become places; ones the tagger
    // typed MISC are retyped below.
    let mut street_spans: Vec<Span> = Vec::new();
    let mut streets: Vec<(Span, String)> = Vec::new();
    for i in 1..units.len() {
        if !starts_upper(units[i].text) || !listed(STREET_NOUN, i) || !listed(DETERMINER, i - 1) {
            continue;
        }
        let quoted = units
            .get(i + 1)
            .is_some_and(|u| matches!(u.text, "„" | "\"" | "“" | "‚" | "»" | "«"));
        let first = if quoted { i + 2 } else { i + 1 };
        let mut last = first;
        if quoted {
            while last + 1 < units.len()
                && last < first + 3
                && !matches!(units[last + 1].text, "“" | "\"" | "”" | "‘" | "«" | "»")
            {
                last += 1;
            }
            if !units
                .get(last + 1)
                .is_some_and(|u| matches!(u.text, "“" | "\"" | "”" | "‘" | "«" | "»"))
            {
                continue;
            }
        }
        let Some(u) = units.get(first) else { continue };
        if !adjacent(i, last) || !starts_upper(u.text) {
            continue;
        }
        // Unquoted: one name, no common noun, and the phrase ends there.
        if !quoted
            && (common_noun(u.text, nouns)
                || units
                    .get(first + 1)
                    .is_some_and(|n| n.text.chars().next().is_some_and(char::is_alphanumeric)))
        {
            continue;
        }
        if !(first..=last).all(|k| {
            units[k]
                .text
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '.')
        }) {
            continue;
        }
        let span = Span::new(units[first].span.start, units[last].span.end);
        if (first..=last).any(|k| units[k].taken) {
            street_spans.push(span);
        } else {
            streets.push((span, ix.slice(&a.text, span).to_string()));
        }
    }

    let found: Vec<(Span, String, String)> = units
        .iter()
        .enumerate()
        .filter(|&(k, _)| accept[k])
        .map(|(k, u)| {
            let name = known[k].1.clone().unwrap_or_else(|| u.text.to_string());
            (u.span, u.text.to_string(), name)
        })
        // A dateline names where the story comes from: the names after its
        // first place, up to the agency's bracket or the dash, are places too
        // ("Nürnberg, Bamberg (epd)", "CARACAS, Venezuela (AP) —").
        .chain(dateline_rest(a, ix).into_iter().filter_map(|u| {
            let (k, name) = classify(&u, gaz, german, nouns);
            (k != Known::No).then(|| {
                let name = name.unwrap_or_else(|| u.text.to_string());
                (u.span, u.text.to_string(), name)
            })
        }))
        .chain(streets.into_iter().map(|(span, t)| (span, t.clone(), t)))
        .chain(landmarks.into_iter().map(|(span, t)| (span, t.clone(), t)))
        .collect();
    drop(units);
    // Names in a list of places that the tagger typed ORG or PER, when the
    // gazetteer holds them as towns by their own name.
    for e in a.entities.iter_mut() {
        if matches!(e.kind, EntityType::ORG | EntityType::PER)
            && e.mentions
                .iter()
                .any(|m| list_spans.contains(&Span::new(m.start, m.end)))
            && gaz.lookup_exact(&e.name).into_iter().any(|c| {
                let p = gaz.place(c.index);
                p.kind == Kind::City && c.primary && p.population >= MIN_TOWN_POPULATION
            })
        {
            e.kind = EntityType::LOC;
        }
    }
    // Street names the tagger typed MISC are streets.
    for e in a.entities.iter_mut() {
        if e.kind == EntityType::MISC
            && e.mentions
                .iter()
                .all(|m| street_spans.contains(&Span::new(m.start, m.end)))
        {
            e.kind = EntityType::LOC;
        }
    }

    // New mentions, grouped with an existing LOC entity of the same name
    // (by any of its names, folded once here).
    let mut loc_keys: Vec<(String, usize)> = a
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityType::LOC)
        .flat_map(|(ei, e)| {
            std::iter::once(&e.name)
                .chain(e.mentions.iter().map(|m| &m.text))
                .map(move |n| (fold::fold(n), ei))
        })
        .collect();
    let mut next_id = a
        .entities
        .iter()
        .filter_map(|e| e.id.strip_prefix('e').and_then(|n| n.parse::<usize>().ok()))
        .max()
        .unwrap_or(0)
        + 1;
    for (span, surface, name) in found {
        let key = fold::fold(&name);
        let mention = Mention {
            start: span.start,
            end: span.end,
            text: surface,
        };
        let existing = loc_keys
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|&(_, ei)| ei)
            .min();
        match existing {
            Some(ei) => {
                loc_keys.push((fold::fold(&mention.text), ei));
                let e = &mut a.entities[ei];
                let at = e.mentions.partition_point(|m| m.start < mention.start);
                e.mentions.insert(at, mention);
            }
            None => {
                loc_keys.push((fold::fold(&mention.text), a.entities.len()));
                loc_keys.push((key, a.entities.len()));
                a.entities.push(Entity {
                    id: format!("e{next_id}"),
                    kind: EntityType::LOC,
                    name,
                    roles: Vec::new(),
                    mentions: vec![mention],
                    place: None,
                    affiliation: None,
                });
                next_id += 1;
            }
        }
    }
}

/// A lone name the tagger typed PER that the gazetteer holds by its own name
/// as a country, state, region or capital is a place ("die Unterstützung
/// Moskaus", "gegen Moldau"): a person named so would carry a first name, a
/// role or a party somewhere in the article. So is a country's name the
/// tagger typed MISC because it modifies a noun ("US support").
pub(super) fn retype_persons_named_as_places(a: &mut Analysis, gaz: &Gazetteer) {
    let english = a.lang == "en";
    for e in a.entities.iter_mut() {
        // "Russia-" in "the Russia- Ukraine war": the name without the hyphen.
        let name = e.name.trim_end_matches('-');
        if e.kind == EntityType::MISC
            && !name.contains(char::is_whitespace)
            && name.len() >= 2
            && gaz.lookup_exact(name).into_iter().any(|c| {
                let p = gaz.place(c.index);
                // In English, by the country's English name or code only:
                // "Island" is Iceland in German, not in English.
                p.kind == Kind::Country
                    && p.country != Some("EU")
                    && (!english
                        || p.name == name
                        || name.chars().all(|c| c.is_uppercase() || c == '.'))
            })
        {
            e.kind = EntityType::LOC;
            continue;
        }
        if e.kind != EntityType::PER
            || !e.roles.is_empty()
            || e.affiliation.is_some()
            || e.name.contains(char::is_whitespace)
            || e.mentions
                .iter()
                .any(|m| m.text.contains(char::is_whitespace))
        {
            continue;
        }
        let place = gaz.lookup_exact(&e.name).into_iter().any(|c| {
            let p = gaz.place(c.index);
            match p.kind {
                Kind::Country | Kind::Admin | Kind::Region => {
                    c.primary && (!english || p.name == e.name)
                }
                // Big capitals by their German or English name too ("Moskau").
                Kind::City => p.capital && (c.primary || p.population >= 1_000_000),
                Kind::Continent => false,
            }
        });
        if place {
            e.kind = EntityType::LOC;
        }
    }
}

/// Names the tagger typed ORG, MISC or PER that the text itself shows to be
/// places (news and CoNLL type a country or a seat of government LOC even
/// where it acts):
/// - a landmark of `landmarks.tsv` by every mention ("das Weiße Haus" typed ORG);
/// - a country by its own name or code typed ORG ("US Secretary of State");
/// - a state or region by its own name typed ORG right after a place
///   preposition ("in Maryland") or right before a role noun ("Maryland
///   Senator");
/// - a town typed PER or ORG whose mention is followed by its state or
///   country (", Missouri"), with no role: a person is not written so.
pub(super) fn retype_names_of_places(
    geo: &super::Geocoder,
    a: &mut Analysis,
    ix: &TextIndex,
    lists: &Lists,
    nouns: Option<&Resources>,
) {
    let gaz = &geo.gaz;
    let english = a.lang == "en";
    let role_data = match a.lang.as_str() {
        "de" => Some(crate::langdata::LangData::get(crate::lang::Lang::De)),
        "en" => Some(crate::langdata::LangData::get(crate::lang::Lang::En)),
        _ => None,
    };
    let is_role = |w: &str| {
        role_data.is_some_and(|d| d.words("roles", "roles").any(|r| r.eq_ignore_ascii_case(w)))
    };
    let text = a.text.as_str();
    let len = ix.len_chars();
    let is_landmark = |t: &str| geo.is_place_landmark(t);
    // Every mention's span, gathered only when a word before a mention may
    // begin a landmark's name.
    let needs_spans = a.entities.iter().any(|e| {
        e.kind != EntityType::PER
            && e.mentions.iter().any(|m| {
                m.start <= m.end
                    && m.end <= len
                    && geo.landmark_first_words.contains(word_before(
                        text,
                        ix,
                        Span::new(m.start, m.end),
                    ))
            })
    });
    let spans: Vec<(usize, usize)> = if needs_spans {
        a.entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(|m| (m.start, m.end)))
            .collect()
    } else {
        Vec::new()
    };
    for e in a.entities.iter_mut() {
        if e.kind == EntityType::PER
            || e.mentions.is_empty()
            || e.mentions.iter().any(|m| m.start > m.end || m.end > len)
        {
            continue;
        }
        // The tagger took only the last word of a landmark ("Oval [Office]"):
        // the mention grows to the whole name when the word before is free.
        for m in e.mentions.iter_mut() {
            let span = Span::new(m.start, m.end);
            let prev = word_before(text, ix, span);
            if !starts_upper(prev) || !geo.landmark_first_words.contains(prev) {
                continue;
            }
            let Some(start) = m.start.checked_sub(prev.chars().count() + 1) else {
                continue;
            };
            let joined = ix.slice(text, Span::new(start, m.end));
            // One space between, and no other mention on the word.
            let one_name = joined.len() == prev.len() + 1 + m.text.len()
                && joined.starts_with(prev)
                && joined[prev.len()..].starts_with(' ');
            let free = !spans.iter().any(|&(s, e)| s < m.start && e > start);
            if one_name && free && is_landmark(joined) && !is_landmark(&m.text) {
                if e.name == m.text {
                    e.name = joined.to_string();
                }
                m.start = start;
                m.text = joined.to_string();
            }
        }
    }
    for e in a.entities.iter_mut() {
        if !matches!(e.kind, EntityType::ORG | EntityType::MISC | EntityType::PER)
            || e.mentions.is_empty()
            || e.mentions.iter().any(|m| m.start > m.end || m.end > len)
        {
            continue;
        }
        let surfaces = || e.mentions.iter().map(|m| m.text.as_str());
        if e.kind != EntityType::PER && surfaces().all(is_landmark) {
            e.kind = EntityType::LOC;
            continue;
        }
        // A one-word site typed ORG after a preposition and an article ("in
        // der X-Arena").
        if e.kind == EntityType::ORG
            && named_site(&e.name, lists)
            && !common_noun(&e.name, nouns)
            && e.mentions.iter().any(|m| {
                let span = Span::new(m.start, m.end);
                let w1 = word_before(text, ix, span);
                let before = text[..ix.byte(m.start)].trim_end();
                let before = &before[..before.len() - w1.len()];
                let w2 = word_before_str(before);
                in_list(&lists.article_prepositions, w1)
                    || (in_list(&lists.determiners, w1) && in_list(&lists.site_prepositions, w2))
            })
        {
            e.kind = EntityType::LOC;
            continue;
        }
        if e.name.contains(char::is_whitespace)
            || surfaces().any(|t| t.contains(char::is_whitespace))
        {
            continue;
        }
        // The gazetteer is asked only where a rule below can apply: an area
        // name typed ORG, a name alone on a line, or one followed by ", X" or
        // "(X)".
        let alone = e
            .mentions
            .iter()
            .any(|m| alone_on_line(text, ix, Span::new(m.start, m.end)));
        // ", Missouri", "(Ohio)": a capitalised word after the comma or bracket.
        let qualifier_follows = e.mentions.iter().any(|m| {
            let t = text[ix.byte(m.end)..].trim_start_matches(' ');
            t.strip_prefix([',', '('])
                .is_some_and(|r| r.trim_start_matches(' ').starts_with(char::is_uppercase))
        });
        // "die Austria", "Bank Austria": German names the country otherwise,
        // so an organisation of that name stays one.
        if a.lang == "de" && super::is_foreign_country_name(&e.name) {
            continue;
        }
        // A state's short form ("in NÖ", typed ORG) counts as its name.
        let short_form = super::is_state_abbreviation(&e.name);
        let area_name = e.kind == EntityType::ORG
            && (country_code_shape(&e.name) || short_form || gaz.may_name_area(&e.name));
        if !(alone || qualifier_follows || area_name) {
            continue;
        }
        let cands = if short_form {
            gaz.lookup(&e.name)
        } else {
            gaz.lookup_exact(&e.name)
        };
        if cands.is_empty() {
            continue;
        }
        // In English, by the English name or a code only ("Island" is
        // Iceland in German, not in English).
        let own_name =
            |p: &super::PlaceInfo| !english || p.name == e.name || country_code_shape(&e.name);
        if e.kind == EntityType::ORG {
            let country = cands.iter().any(|c| {
                let p = gaz.place(c.index);
                p.kind == Kind::Country
                    && p.country != Some("EU")
                    && (c.primary || country_code_shape(&e.name))
                    && own_name(&p)
            });
            if country {
                e.kind = EntityType::LOC;
                continue;
            }
            let area = cands.iter().any(|c| {
                let p = gaz.place(c.index);
                matches!(p.kind, Kind::Admin | Kind::Region)
                    && (c.primary || country_code_shape(&e.name))
                    && own_name(&p)
            });
            if area
                && e.mentions.iter().any(|m| {
                    let span = Span::new(m.start, m.end);
                    let before = word_before(text, ix, span);
                    let after = word_after(text, ix, span);
                    in_list(&lists.place_prepositions, before)
                        || (!after.is_empty() && is_role(after))
                })
            {
                e.kind = EntityType::LOC;
                continue;
            }
        }
        // A town's name alone on a line stands where a dateline does.
        if matches!(e.kind, EntityType::PER | EntityType::ORG)
            && e.roles.is_empty()
            && alone
            && cands.iter().any(|c| {
                let p = gaz.place(c.index);
                p.kind == Kind::City && c.primary && p.population >= MIN_TOWN_POPULATION
            })
        {
            e.kind = EntityType::LOC;
            continue;
        }
        if matches!(e.kind, EntityType::PER | EntityType::ORG)
            && e.roles.is_empty()
            && qualifier_follows
        {
            let towns: Vec<&str> = cands
                .iter()
                .map(|c| gaz.place(c.index))
                .filter(|p| p.kind == Kind::City)
                .filter_map(|p| p.country)
                .collect();
            if towns.is_empty() {
                continue;
            }
            let qualified = e.mentions.iter().any(|m| {
                let after = &text[ix.byte(m.end)..];
                let t: String = after.chars().take(40).collect();
                let t = t.trim_start();
                // "(Title, USA 2000)" credits a film, not a town.
                let phrase = t
                    .get(1..)
                    .unwrap_or("")
                    .split([',', ';', ')', '(', '\n'])
                    .next()
                    .unwrap_or("");
                !phrase.contains(|c: char| c.is_ascii_digit())
                    && geo
                        .countries_after(t)
                        .iter()
                        .any(|cc| towns.contains(&cc.as_str()))
            });
            if qualified {
                e.kind = EntityType::LOC;
            }
        }
    }
}

/// The mention is all its line holds.
fn alone_on_line(text: &str, ix: &TextIndex, span: Span) -> bool {
    let before = &text[..ix.byte(span.start)];
    let after = &text[ix.byte(span.end)..];
    // Only spaces between the mention and the line breaks on either side.
    let blank = [' ', '\t', '\r'];
    before.trim_end_matches(blank).ends_with('\n')
        && after.trim_start_matches(blank).starts_with(['\n', '\r'])
}

/// The last word of `head` (trailing spaces ignored; "" after punctuation).
fn word_before_str(head: &str) -> &str {
    let head = head.trim_end();
    let start = head
        .rfind(|c: char| !c.is_alphanumeric() && c != '-')
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    &head[start..]
}

/// The word right before `span` in its sentence ("" at a sentence start).
fn word_before<'t>(text: &'t str, ix: &TextIndex, span: Span) -> &'t str {
    let head = text[..ix.byte(span.start)].trim_end();
    if head.ends_with(['.', '!', '?', ':', ';', '\n']) {
        return "";
    }
    let start = head
        .rfind(|c: char| !c.is_alphanumeric() && c != '-')
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    &head[start..]
}

/// The word right after `span` ("" when punctuation follows).
fn word_after<'t>(text: &'t str, ix: &TextIndex, span: Span) -> &'t str {
    let tail = &text[ix.byte(span.end)..];
    let tail = tail.strip_prefix(' ').unwrap_or(tail);
    let end = tail
        .find(|c: char| !c.is_alphanumeric() && c != '-')
        .unwrap_or(tail.len());
    &tail[..end]
}

/// The untagged names after the dateline's first place, when the dateline
/// ends in an agency's bracket or a dash. The dateline may stand in a block
/// of its own (a credit line), outside the prose ranges.
fn dateline_rest<'t>(a: &'t Analysis, ix: &TextIndex) -> Vec<Unit<'t>> {
    let Some(place) = a.credit.dateline.as_deref() else {
        return Vec::new();
    };
    let text = a.text.as_str();
    // Where the dateline stands: at the start of a line.
    let Some(at) = text.match_indices(place).map(|(b, _)| b).find(|&b| {
        text[..b]
            .chars()
            .rev()
            .take_while(|&c| c != '\n')
            .all(char::is_whitespace)
    }) else {
        return Vec::new();
    };
    let start = ix.char_at_byte(at);
    let end = start + place.chars().count();
    let len = ix.len_chars();
    let tokens: Vec<Span> = a
        .tokens
        .iter()
        .map(|&[s, e]| Span::new(s, e))
        .filter(|t| t.start >= end && t.start < t.end && t.end <= len)
        .take(12)
        .collect();
    let word = |t: Span| ix.slice(text, t);
    let taken = |t: Span| {
        a.entities
            .iter()
            .flat_map(|e| e.mentions.iter())
            .any(|m| m.start < t.end && t.start < m.end)
    };
    let mut names = Vec::new();
    let mut k = 0;
    while k + 1 < tokens.len() && matches!(word(tokens[k]), "," | "/") {
        let t = tokens[k + 1];
        // One line only.
        if !starts_upper(word(t)) || ix.slice(text, Span::new(end, t.end)).contains('\n') {
            return Vec::new();
        }
        if !taken(t) {
            names.push(Unit {
                span: t,
                text: word(t),
                sentence: 0,
                taken: false,
                loc: false,
                lists: 0,
            });
        }
        k += 2;
    }
    let closed = tokens
        .get(k)
        .is_some_and(|&t| word(t).starts_with('(') || matches!(word(t), "-" | "–" | "—"));
    if closed {
        names
    } else {
        Vec::new()
    }
}

/// A one-word name of a site or district: a compound with a site ending
/// ("Domplatz", "MEP-Arena", "Salzlandkreis"), not only the ending.
fn named_site(word: &str, lists: &Lists) -> bool {
    if !starts_upper(word) {
        return false;
    }
    // Most words end otherwise: settled by their last bytes, before reading
    // every letter.
    let b = word.as_bytes();
    if !lists
        .named_site_endings
        .iter()
        .any(|e| b.len() > e.len() && b[b.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes()))
    {
        return false;
    }
    if !word.chars().all(|c| c.is_alphabetic() || c == '-') {
        return false;
    }
    let lower = word.to_lowercase();
    // "Champions-League-Qualifikationsplatz": a common noun at the end.
    let last = lower.rsplit('-').next().unwrap_or("");
    if last != lower && !lists.named_site_endings.iter().any(|e| e == last) {
        return false;
    }
    lists.named_site_endings.iter().any(|e| {
        lower
            .strip_suffix(e.as_str())
            .is_some_and(|head| head.trim_end_matches('-').chars().count() >= 3)
    })
}

/// A common noun of the tagger's lexicon, as a whole word ("Marktplatz",
/// "Landkreis"); a compound it does not hold is a name.
fn common_noun(word: &str, nouns: Option<&Resources>) -> bool {
    nouns.is_some_and(|r| {
        let lower: Vec<char> = word.to_lowercase().chars().collect();
        matches!(
            r.noun_class(&lower),
            NounClass::Lemma | NounClass::Inflected
        )
    })
}

/// Shaped like a country code: two to four capitals, dots allowed ("US", "U.S.").
fn country_code_shape(t: &str) -> bool {
    // Four chars are at most 16 bytes: most words are settled by their length.
    t.len() <= 16
        && (2..=4).contains(&t.chars().count())
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && t.chars().all(|c| c.is_uppercase() || c == '.')
}

/// `word` is in `list` (lower-case entries), case aside; no allocation.
#[inline]
fn in_list(list: &[String], word: &str) -> bool {
    if word.is_ascii() {
        list.iter().any(|w| w.eq_ignore_ascii_case(word))
    } else {
        list.iter()
            .any(|w| w.chars().eq(word.chars().flat_map(char::to_lowercase)))
    }
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// What the gazetteer knows of an untagged unit, and the name to give it
/// (the base form of a genitive).
fn classify(
    u: &Unit<'_>,
    gaz: &Gazetteer,
    german: bool,
    nouns: Option<&Resources>,
) -> (Known, Option<String>) {
    let text = u.text;
    let n = text.chars().count();
    // A state's short form ("in NÖ", "die Stmk.").
    if super::is_state_abbreviation(text) {
        return (Known::Area, None);
    }
    // A country's acronym ("US", "U.S.", "UK"), never the EU (an organisation
    // in news).
    if country_code_shape(text) {
        let country = gaz.lookup_exact(text).into_iter().any(|c| {
            let p = gaz.place(c.index);
            p.kind == Kind::Country && p.country != Some("EU")
        });
        return (if country { Known::Area } else { Known::No }, None);
    }
    // Names only: capitalised, letters and inner hyphens, not all capitals
    // (other acronyms and headline capitals are the tagger's to read).
    if n < 3
        || !starts_upper(text)
        || !text.chars().all(|c| c.is_alphabetic() || c == '-')
        || text.ends_with('-')
        || !text.chars().skip(1).any(char::is_lowercase)
    {
        return (Known::No, None);
    }
    // German nouns are capitalised: a common noun is not a place ("Kraft"),
    // unless it names a country ("Polen" is also the plural of "Pole").
    // Computed only for words the gazetteer knows (most capitalised German
    // words are nouns it does not hold).
    let noun_cell = std::cell::OnceCell::new();
    let noun = || {
        *noun_cell.get_or_init(|| {
            nouns.is_some_and(|r| {
                let lower: Vec<char> = text.to_lowercase().chars().collect();
                let is_noun =
                    |w: &[char]| matches!(r.noun_class(w), NounClass::Lemma | NounClass::Inflected);
                // Plurals with an umlaut ("Länder", "Händen", "Häusern"): the
                // lexicon holds the singular.
                is_noun(&lower)
                    || lower
                        .iter()
                        .rposition(|c| matches!(c, 'ä' | 'ö' | 'ü'))
                        .is_some_and(|k| {
                            let mut plain = lower.clone();
                            plain[k] = match plain[k] {
                                'ä' => 'a',
                                'ö' => 'o',
                                _ => 'u',
                            };
                            is_noun(&plain)
                        })
            })
        })
    };
    let kind_of = |name: &str, genitive: bool| -> Known {
        let mut best = Known::No;
        for c in gaz.lookup_exact(name) {
            let p = gaz.place(c.index);
            match p.kind {
                Kind::Country if c.primary => return Known::Area,
                _ if noun() => {}
                Kind::Admin | Kind::Region if c.primary => best = Known::Area,
                Kind::City if best == Known::Area => {}
                // A national capital's genitive stands for its country's
                // government ("Moskaus Angriffe", "Kiews Truppen"): a place
                // without a cue, as a country's name is. Its German name is
                // mostly an alternate one ("Kiew", "Warschau").
                Kind::City if genitive && p.capital => best = Known::Area,
                Kind::City if genitive && p.population < GENITIVE_TOWN_POPULATION => {}
                // Short names and hamlets are too often words ("Aug", "Sky").
                Kind::City
                    if p.population < MIN_TOWN_POPULATION || (n < 4 && p.population < 50_000) => {}
                // Alternate names are many and odd: a town by its own name only.
                Kind::City if c.primary => best = Known::Town,
                _ => {}
            }
        }
        best
    };
    let found = kind_of(text, false);
    if found != Known::No {
        return (found, None);
    }
    if german && n >= 5 {
        if let Some(base) = text.strip_suffix('s') {
            // "Polens", "Bremens": a town's genitive often stands for its club
            // on sports pages ("Hannovers erster Rang"), so it needs a cue.
            let found = kind_of(base, true);
            if found != Known::No {
                return (found, Some(base.to_string()));
            }
        }
    }
    (Known::No, None)
}

/// The article's word units in `ranges`: tokens, with hyphenated compounds
/// joined ("Sachsen" "-" "Anhalt"), marked when an entity or time covers them.
fn units<'t>(a: &'t Analysis, ix: &TextIndex, ranges: &[Span]) -> Vec<Unit<'t>> {
    let text = a.text.as_str();
    let len = ix.len_chars();
    let mut covered: Vec<(usize, usize, bool)> = a
        .entities
        .iter()
        .flat_map(|e| {
            let loc = e.kind == EntityType::LOC;
            e.mentions.iter().map(move |m| (m.start, m.end, loc))
        })
        .chain(a.times.iter().map(|t| (t.start, t.end, false)))
        .filter(|&(s, e, _)| s < e && e <= len)
        .collect();
    covered.sort_unstable();
    // Tokens and ranges both run in text order: one walk over both.
    let mut sorted: Vec<Span> = ranges.to_vec();
    sorted.sort_unstable_by_key(|r| (r.start, r.end));
    let mut r = 0;
    let mut tokens: Vec<(usize, usize)> = Vec::with_capacity(a.tokens.len());
    for &[s, e] in &a.tokens {
        if s >= e || e > len {
            continue;
        }
        while r < sorted.len() && sorted[r].end < e {
            r += 1;
        }
        // Ranges may overlap: any later one that starts early enough counts too.
        if sorted[r..]
            .iter()
            .take_while(|x| x.start <= s)
            .any(|x| e <= x.end)
        {
            tokens.push((s, e));
        }
    }
    let mut out = Vec::with_capacity(tokens.len());
    let mut sentence = 0usize;
    let mut cov = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let (start, mut end) = tokens[i];
        let mut j = i;
        // Join "word-word": a hyphen token touching words on both sides.
        while j + 2 < tokens.len()
            && tokens[j + 1].0 == end
            && tokens[j + 2].0 == tokens[j + 1].1
            && ix.slice(text, Span::new(tokens[j + 1].0, tokens[j + 1].1)) == "-"
        {
            end = tokens[j + 2].1;
            j += 2;
        }
        while sentence + 1 < a.sentences.len() && a.sentences[sentence].end <= start {
            sentence += 1;
        }
        while cov < covered.len() && covered[cov].1 <= start {
            cov += 1;
        }
        let (mut taken, mut loc) = (false, false);
        for &(s, e, l) in &covered[cov..] {
            if s >= end {
                break;
            }
            if e > start {
                taken = true;
                loc |= l;
            }
        }
        out.push(Unit {
            span: Span::new(start, end),
            text: ix.slice(text, Span::new(start, end)),
            sentence,
            taken,
            loc,
            lists: 0,
        });
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn cue_lists_match_as_the_lists_do() {
        for lang in ["de", "en", ""] {
            let lists = super::Lists::for_lang(lang);
            let cues = super::CueLists::new(&lists);
            let by_bit = [
                (super::PLACE_PREPOSITION, &lists.place_prepositions),
                (super::ADMIN_PREFIX, &lists.admin_prefixes),
                (super::ARTICLE_PREPOSITION, &lists.article_prepositions),
                (super::LIST_JOINER, &lists.list_joiners),
                (super::DETERMINER, &lists.determiners),
                (super::SITE_PREPOSITION, &lists.site_prepositions),
                (super::STREET_NOUN, &lists.street_nouns),
            ];
            let mut buf = String::new();
            let words = [
                "in", "In", "IM", "nach", "Gemeinde", "und", "and", "der", "Straße",
            ];
            let listed = by_bit
                .iter()
                .flat_map(|(_, l)| l.iter().map(String::as_str));
            for w in words.into_iter().chain(listed) {
                let bits = cues.of(w, &mut buf);
                for (bit, list) in by_bit {
                    assert_eq!(bits & bit != 0, super::in_list(list, w), "{lang} {w}");
                }
                let upper = w.to_uppercase();
                let bits = cues.of(&upper, &mut buf);
                for (bit, list) in by_bit {
                    assert_eq!(
                        bits & bit != 0,
                        super::in_list(list, &upper),
                        "{lang} {upper}"
                    );
                }
            }
        }
    }

    use crate::schema::{EntityType, Span};
    use crate::text::TextIndex;

    /// The article as the pipeline reads it, with the tagger's entities
    /// removed, then only this pass: which words does it call places?
    fn recalled(text: &str) -> Vec<String> {
        let mut a = crate::analyze_text(text, &crate::Options::default());
        a.entities.clear();
        let ix = TextIndex::new(&a.text);
        let geo = crate::geo::Geocoder::new();
        let ner = crate::ner::NerTagger::shared();
        let nouns = ner.model(crate::Lang::De).map(|m| &m.resources);
        let lists = super::Lists::for_lang(&a.lang);
        let all = [Span::new(0, ix.len_chars())];
        super::add_missed_places(&mut a, &ix, &geo, &lists, nouns, &all);
        a.entities
            .iter()
            .filter(|e| e.kind == EntityType::LOC)
            .flat_map(|e| e.mentions.iter().map(|m| m.text.clone()))
            .collect()
    }

    #[test]
    fn lone_persons_named_like_countries_or_capitals_are_places() {
        use crate::schema::{Entity, Mention};
        let mut a = crate::analyze_text("x", &crate::Options::default());
        let person = |id: &str, name: &str, roles: Vec<String>| Entity {
            id: id.into(),
            kind: EntityType::PER,
            name: name.into(),
            roles,
            mentions: vec![Mention {
                start: 0,
                end: 1,
                text: name.into(),
            }],
            place: None,
            affiliation: None,
        };
        a.entities = vec![
            person("e1", "Moskau", vec![]),
            person("e2", "Moldau", vec![]),
            person("e3", "Moldau", vec!["Trainer".into()]),
            person("e4", "Weber", vec![]),
        ];
        let geo = crate::geo::Geocoder::new();
        super::retype_persons_named_as_places(&mut a, geo.gazetteer());
        let kinds: Vec<EntityType> = a.entities.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                EntityType::LOC,
                EntityType::LOC,
                EntityType::PER,
                EntityType::PER
            ]
        );
    }

    #[test]
    fn areas_stand_alone_and_towns_need_a_cue() {
        let found = recalled(
            "Die Polizei in Brandenburg meldet weniger Einbrüche. Das Rennen \
             findet im steirischen Schladming statt. Schladming liegt hoch.",
        );
        assert!(found.contains(&"Brandenburg".to_string()), "{found:?}");
        assert_eq!(
            found.iter().filter(|m| *m == "Schladming").count(),
            1,
            "only the cued mention: {found:?}"
        );
    }

    #[test]
    fn genitives_lists_and_what_is_no_place() {
        let found = recalled(
            "Die Außenminister Frankreichs und Polens trafen sich. Gewählt wurde \
             in Dagmersellen, Reiden und Nebikon. Das Gesetz trat in Kraft. Er \
             lebt im Hier und Jetzt. Die Band spielt im Café.",
        );
        for place in ["Polens", "Dagmersellen", "Reiden", "Nebikon"] {
            assert!(found.contains(&place.to_string()), "{place}: {found:?}");
        }
        for word in ["Kraft", "Hier", "Café", "Gesetz"] {
            assert!(!found.contains(&word.to_string()), "{word}: {found:?}");
        }
        // A national capital's genitive needs no cue (it stands for the
        // government); another big town's may name its club.
        let found = recalled("Kiews Truppen rückten vor. Hannovers erster Rang steht fest.");
        assert!(found.contains(&"Kiews".to_string()), "{found:?}");
        assert!(!found.contains(&"Hannovers".to_string()), "{found:?}");
    }
    #[test]
    fn sites_streets_landmarks_and_datelines() {
        let found = recalled(
            "Kirche bleibt offen\n\nKöln, Potsdam (dpa) – Am Abend trafen sich alle auf dem \
             Lindenauplatz. Ein Wagen stand in der Straße „Am Lindenhang“ in Köln. Später \
             spielte die Band in der Lindenau-Arena. Er wohnt an der Straße Eichgarten, sagt \
             er. Am Abend gab es im Weißen Haus ein Essen. Auf dem Parkplatz war es ruhig. \
             Das Team kämpft um den Champions-League-Qualifikationsplatz.",
        );
        for place in [
            "Potsdam",
            "Lindenauplatz",
            "Am Lindenhang",
            "Lindenau-Arena",
            "Eichgarten",
            "Weißen Haus",
        ] {
            assert!(found.contains(&place.to_string()), "{place}: {found:?}");
        }
        for word in ["Parkplatz", "Champions-League-Qualifikationsplatz"] {
            assert!(!found.contains(&word.to_string()), "{word}: {found:?}");
        }
    }

    /// The article with these entities (type, surface; the first occurrence
    /// of each surface), after the retyping pass: each entity's type.
    fn retyped(text: &str, lang: crate::Lang, names: &[(EntityType, &str)]) -> Vec<EntityType> {
        use crate::schema::{Entity, Mention};
        let options = crate::Options {
            lang: Some(lang),
            ..Default::default()
        };
        let mut a = crate::analyze_text(text, &options);
        let ix = TextIndex::new(&a.text);
        a.entities = names
            .iter()
            .enumerate()
            .map(|(k, &(kind, name))| {
                let b = a.text.find(name).expect("name in text");
                let start = ix.char_at_byte(b);
                Entity {
                    id: format!("e{}", k + 1),
                    kind,
                    name: name.into(),
                    roles: Vec::new(),
                    mentions: vec![Mention {
                        start,
                        end: start + name.chars().count(),
                        text: name.into(),
                    }],
                    place: None,
                    affiliation: None,
                }
            })
            .collect();
        let geo = crate::geo::Geocoder::new();
        let ner = crate::ner::NerTagger::shared();
        let nouns = ner.model(lang).map(|m| &m.resources);
        let lists = super::Lists::for_lang(&a.lang);
        super::retype_names_of_places(&geo, &mut a, &ix, &lists, nouns);
        a.entities.iter().map(|e| e.kind).collect()
    }

    #[test]
    fn names_typed_otherwise_that_the_text_shows_to_be_places() {
        use EntityType::{LOC, MISC, ORG, PER};
        let en = retyped(
            "Protesters gathered in Ohio. Later the US Secretary of State spoke in the Oval \
             Office, and crowds marched in Springfield, Illinois. Wisconsin Governor Tony \
             Evers agreed. (Keeping the Faith, USA 2000, a comedy).",
            crate::Lang::En,
            &[
                (ORG, "US"),
                (ORG, "Oval Office"),
                (PER, "Springfield"),
                (ORG, "Wisconsin"),
                (ORG, "Faith"),
            ],
        );
        assert_eq!(en, [LOC, LOC, LOC, LOC, ORG]);
        let de = retyped(
            "Der Bundestag stimmte zu. Das Finale fand in der Lindenau-Arena statt.\n\nKassel\n\nDie \
             Stadt plant viel. Sie sprach vom Weißen Haus.",
            crate::Lang::De,
            &[
                (ORG, "Bundestag"),
                (ORG, "Lindenau-Arena"),
                (PER, "Kassel"),
                (LOC, "Haus"),
                (MISC, "Stadt plant"),
            ],
        );
        assert_eq!(de, [ORG, LOC, LOC, LOC, MISC]);
        // A state's short form typed ORG after a place preposition.
        let de = retyped(
            "Die Landesregierung in NÖ kündigte am Montag neue Maßnahmen an.",
            crate::Lang::De,
            &[(ORG, "NÖ")],
        );
        assert_eq!(de, [LOC]);
    }
}
