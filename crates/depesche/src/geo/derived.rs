//! `derived`: adjectives, demonyms and compounds that point to a country or
//! region — "russischen", "Malaysian", "US-Präsident", "Ukraine-Kriegs",
//! "Nahostkonflikt", "südostasiatischen".

use crate::schema::{Derived, Span};
use crate::text::TextIndex;

pub(super) use crate::hashing::WordSet;

use super::fallback::Lists;
use super::{Gazetteer, Kind};
use crate::lang::Lang;
use crate::langdata::LangData;

/// Heads of German closed compounds whose modifier is a country or region
/// ("Irankrieg", "Nahostkonflikt"): `[compound_heads]` of `resources/de/geo.txt`.
/// Heads shorter than two bytes are skipped (the lookup tables read two bytes).
fn compound_heads() -> impl Iterator<Item = &'static str> {
    LangData::get(Lang::De)
        .words("geo", "compound_heads")
        .filter(|h| h.len() >= 2)
}

/// Every head with every ending ("krieg", "kriegs", "krieges", …), built once.
fn compound_tails() -> &'static WordSet {
    static TAILS: std::sync::OnceLock<WordSet> = std::sync::OnceLock::new();
    TAILS.get_or_init(|| {
        // German inflection endings after a head ("Kriegs", "Sanktionen"); `-` is none.
        let endings: Vec<&str> = LangData::get(Lang::De)
            .words("geo", "compound_head_endings")
            .map(|e| if e == "-" { "" } else { e })
            .collect();
        compound_heads()
            .flat_map(|h| endings.iter().map(move |e| format!("{h}{e}")))
            .collect()
    })
}

/// Longest compound tail in bytes; longer suffixes need no set lookup.
fn max_tail_bytes() -> usize {
    static MAX: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *MAX.get_or_init(|| compound_tails().iter().map(String::len).max().unwrap_or(0))
}

/// Which last-two-byte pairs end some compound tail (a 64 Ki lookup table).
fn tail_ends() -> &'static [bool] {
    static ENDS: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    ENDS.get_or_init(|| {
        let mut v = vec![false; 1 << 16];
        for t in compound_tails() {
            let b = t.as_bytes();
            v[(b[b.len() - 2] as usize) << 8 | b[b.len() - 1] as usize] = true;
        }
        v
    })
}

/// Which first-two-byte pairs start a compound head (64 Ki flags), so the
/// tail set is only hashed at positions where a head can begin.
fn head_starts() -> &'static [bool] {
    static STARTS: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    STARTS.get_or_init(|| {
        let mut v = vec![false; 1 << 16];
        for h in compound_heads() {
            let b = h.as_bytes();
            v[(b[0] as usize) << 8 | b[1] as usize] = true;
        }
        v
    })
}

/// Does `a` overlap any of `spans`, which must be sorted and disjoint (see
/// [`disjoint`])? Binary search: long articles have thousands of mentions.
fn overlaps(a: Span, spans: &[Span]) -> bool {
    let i = spans.partition_point(|s| s.end <= a.start);
    spans.get(i).is_some_and(|s| s.start < a.end)
}

/// Sort spans and merge the overlapping ones.
fn disjoint(spans: &[Span]) -> Vec<Span> {
    let mut v = spans.to_vec();
    v.sort();
    let mut out: Vec<Span> = Vec::with_capacity(v.len());
    for s in v {
        match out.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// A word of a range (see [`words`]).
struct Word<'t> {
    /// Code-point span.
    span: Span,
    text: &'t str,
    /// It has a hyphen inside ("US-Präsident").
    hyphen: bool,
}

/// Words of one range: runs of letters/digits, with hyphens inside a word
/// kept ("US-Präsident"). Read byte by byte (ASCII) and char by char
/// otherwise, with each word's text taken on the way: the scan's cost was
/// decoding the text twice.
fn words<'t>(text: &'t str, ix: &TextIndex, range: Span) -> Vec<Word<'t>> {
    let s = ix.slice(text, range);
    let bytes = s.as_bytes();
    // Room for a word per six bytes (news averages about seven with the
    // space): growing from empty copied the list several times per block.
    let mut out = Vec::with_capacity(bytes.len() / 6 + 1);
    let mut at = range.start; // code point of the char at byte `i`
    let mut i = 0;
    // Code point and byte where the current word starts.
    let mut start: Option<(usize, usize)> = None;
    let mut hyphen = false;
    let is_alnum = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        }
    };
    while i < bytes.len() {
        let c = if bytes[i] < 0x80 {
            bytes[i] as char
        } else {
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            c
        };
        let next = i + c.len_utf8();
        if is_alnum(c) {
            if start.is_none() {
                start = Some((at, i));
                hyphen = false;
            }
            // The rest of an ASCII run in one go (a char per byte).
            let run = bytes[next..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            at += 1 + run;
            i = next + run;
            continue;
        } else if start.is_some()
            && matches!(c, '-' | '‐' | '‑')
            && s[next..].chars().next().is_some_and(is_alnum)
        {
            // A hyphen inside a word ("US-Präsident") keeps the word going.
            hyphen = true;
        } else if let Some((st, sb)) = start.take() {
            out.push(Word {
                span: Span::new(st, at),
                text: &s[sb..i],
                hyphen,
            });
        }
        at += 1;
        i = next;
    }
    if let Some((st, sb)) = start {
        out.push(Word {
            span: Span::new(st, at),
            text: &s[sb..],
            hyphen,
        });
    }
    out
}

/// Does `word` contain "sch" in any case? (No non-ASCII letter lowercases
/// to s, c or h, so the bytes tell.)
fn contains_sch(word: &str) -> bool {
    word.as_bytes()
        .windows(3)
        .any(|w| w.eq_ignore_ascii_case(b"sch"))
}

/// The target of an adjective form, if `word` (as written) is one.
/// Lowercase-initial words must be German forms (they all contain "sch":
/// "russisch", "deutsch"); English demonyms are capitalised ("Russian"),
/// which keeps "polish" the verb out.
fn adjective(gaz: &Gazetteer, word: &str) -> Option<usize> {
    // The shortest forms are "Thai", "Arab"; none is longer than 40 bytes.
    if word.len() < 4 || word.len() > 40 || !gaz.may_be_adjective(word) {
        return None;
    }
    let mut buf = [0u8; 40];
    let lw: std::borrow::Cow<str> = if word.is_ascii() {
        // No allocation for the common case.
        buf[..word.len()].copy_from_slice(word.as_bytes());
        buf[..word.len()].make_ascii_lowercase();
        std::borrow::Cow::Borrowed(std::str::from_utf8(&buf[..word.len()]).ok()?)
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    };
    let idx = gaz.adjective(&lw)?;
    let lower_initial = word.chars().next().is_some_and(char::is_lowercase);
    if lower_initial && !lw.contains("sch") {
        return None;
    }
    Some(idx)
}

/// "Bremer Landgericht", "Warschauer Sicherheitsforum", "der Saerbecker": a
/// German town adjective (indeclinable, before a capitalised noun) or a
/// demonym noun after an article. Evidence, strongest first: the article
/// names the town as a place (any size); else an adjective of a big town —
/// 100,000 people at home (the article language's own countries), 500,000
/// abroad — that is not a common noun of the same shape ("Sieger", "Maler").
/// A home town at least this big is known by its demonym noun ("die
/// Dortmunder") where the article does not name the town itself.
const DEMONYM_NOUN_POPULATION: u32 = 100_000;

fn town_form(
    gaz: &Gazetteer,
    word: &str,
    [prev, prev2]: [Option<&str>; 2],
    next: Option<&str>,
    lists: &Lists,
    places_named: &WordSet,
) -> Option<usize> {
    // Most words end in none of the forms' endings: an ASCII word (its
    // lower case is the ASCII one) is settled by its last bytes.
    if word.is_ascii()
        && !lists.town_form_endings.iter().any(|(form, _)| {
            let (w, f) = (word.as_bytes(), form.as_bytes());
            w.len() >= f.len() && w[w.len() - f.len()..].eq_ignore_ascii_case(f)
        })
    {
        return None;
    }
    let first = word.chars().next()?;
    if !first.is_uppercase() || word.chars().count() < 5 || word.contains(['-', '‐', '‑']) {
        return None;
    }
    if word.chars().skip(1).any(char::is_uppercase) {
        return None;
    }
    let before_noun = next.is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
    let determiner = |w: Option<&str>| w.is_some_and(|p| lists.determiners.iter().any(|d| d == p));
    // An inflected adjective may stand between ("der 27-jährige Bremer",
    // "dem gebürtigen Sachsen").
    let adjective = prev.is_some_and(|p| {
        !p.starts_with(char::is_uppercase)
            && p.chars().any(char::is_alphabetic)
            && ["e", "en", "er", "es", "em"].iter().any(|e| p.ends_with(e))
    });
    let after_article = determiner(prev) || (adjective && determiner(prev2));
    if !before_noun && !after_article {
        return None;
    }
    let lower = word.to_lowercase();
    let common = lists.not_town_forms.contains(&lower);
    for (form, repl) in &lists.town_form_endings {
        let Some(stem) = lower.strip_suffix(form.as_str()) else {
            continue;
        };
        // A form ending in "-ern" is a dative plural noun, never an adjective.
        if (form.ends_with('n') && !after_article) || stem.chars().count() < 3 {
            continue;
        }
        // The town's name as written: the word's own first letters plus the replacement.
        let name_len = word
            .char_indices()
            .nth(stem.chars().count())
            .map_or(word.len(), |(i, _)| i);
        let name = format!("{}{}", &word[..name_len], repl).to_lowercase();
        let named = places_named.contains(&name);
        // The town's own name, letter for letter, unless the article names
        // the town itself ("Wien" for "Wiener"): alternate names and folded
        // look-ups turn common nouns into towns abroad ("Lager", "Zähler";
        // "Wieder" is no "Wieden", an old name of Vienna).
        let best = gaz
            .lookup_exact(&name)
            .into_iter()
            .filter(|c| named || (c.primary && gaz.place(c.index).name.to_lowercase() == name))
            .filter(|c| {
                let p = gaz.place(c.index);
                let home = p
                    .country
                    .is_some_and(|cc| lists.home_countries.iter().any(|h| h == cc));
                match p.kind {
                    Kind::Country | Kind::Continent => false,
                    _ if named => true,
                    _ if common => false,
                    // A demonym noun needs its town named: "die Berater" are no
                    // people from Berat. A state's demonym at home is known
                    // ("der Thüringer", "der Tiroler").
                    Kind::Admin | Kind::Region => home,
                    // "die Dortmunder", "den Hoffenheimern": as a noun, a big
                    // home town's demonym after an article.
                    _ if !before_noun => {
                        after_article && home && p.population >= DEMONYM_NOUN_POPULATION
                    }
                    Kind::City => p.population >= if home { 50_000 } else { 500_000 },
                }
            })
            // A state or region before a town of its name ("Tiroler" is Tirol).
            .max_by_key(|c| {
                let p = gaz.place(c.index);
                (p.kind != Kind::City, p.population)
            })
            .map(|c| c.index);
        if best.is_some() {
            return best;
        }
    }
    None
}

/// A country, region or major city named by a compound's modifier part.
fn modifier_place(gaz: &Gazetteer, part: &str, allow_cities: bool) -> Option<usize> {
    let acronym = part.chars().count() <= 4 && part.chars().all(|c| c.is_uppercase() || c == '.');
    let cands = gaz.lookup_exact(part);
    cands
        .iter()
        .filter(|c| {
            let p = gaz.place(c.index);
            match p.kind {
                Kind::Country | Kind::Region | Kind::Continent => c.primary,
                Kind::Admin => c.primary && !acronym,
                // Big cities only, and never from an acronym ("CDU-", "AfD-").
                Kind::City => allow_cities && !acronym && (p.capital || p.population >= 500_000),
            }
        })
        .max_by_key(|c| {
            let p = gaz.place(c.index);
            (p.kind != Kind::City, p.population)
        })
        .map(|c| c.index)
}

fn record(gaz: &Gazetteer, text: &str, ix: &TextIndex, span: Span, place: usize) -> Derived {
    let p = gaz.place(place);
    let region = match p.kind {
        Kind::Country | Kind::City => None,
        _ => Some(p.name.to_string()),
    };
    let countries = match p.country {
        Some(cc) => vec![cc.to_string()],
        None => gaz
            .members(place)
            .split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect(),
    };
    Derived {
        start: span.start,
        end: span.end,
        text: ix.slice(text, span).to_string(),
        country: p.country.map(str::to_string),
        region,
        countries,
    }
}

/// Find derived forms in `ranges`, skipping words inside `skip.0` (person and
/// place names) and whole words (not compounds) inside `skip.1` (organisation names).
pub(super) fn scan(
    gaz: &Gazetteer,
    text: &str,
    ix: &TextIndex,
    ranges: &[Span],
    skip: (&[Span], &[Span]),
    lists: &Lists,
    places_named: &WordSet,
) -> Vec<Derived> {
    let mut out = Vec::new();
    let org_names = disjoint(skip.1);
    let skip = disjoint(skip.0);
    for &range in ranges {
        if range.end > ix.len_chars() || range.start > range.end {
            continue;
        }
        let ws = words(text, ix, range);
        for (k, wd) in ws.iter().enumerate() {
            let (w, word) = (wd.span, wd.text);
            // Half of all words: a lowercase word without a hyphen is only
            // ever a German adjective form, and those all contain "sch".
            if word.starts_with(char::is_lowercase) && !wd.hyphen && !contains_sch(word) {
                continue;
            }
            if overlaps(w, &skip) {
                continue;
            }
            if overlaps(w, &org_names) && !wd.hyphen {
                continue;
            }
            if let Some(idx) = adjective(gaz, word) {
                out.push(record(gaz, text, ix, w, idx));
                continue;
            }
            if !lists.town_form_endings.is_empty() {
                let prev = (k > 0).then(|| ws[k - 1].text);
                let prev2 = (k > 1).then(|| ws[k - 2].text);
                let next = ws.get(k + 1).map(|n| n.text);
                let before = [prev, prev2];
                if let Some(idx) = town_form(gaz, word, before, next, lists, places_named) {
                    out.push(record(gaz, text, ix, w, idx));
                    continue;
                }
            }
            if wd.hyphen {
                scan_hyphenated(gaz, text, ix, w, &mut out);
            } else {
                scan_closed_compound(gaz, text, ix, w, &mut out);
            }
        }
    }
    out
}

/// "US-Präsident", "Ukraine-Kriegs", "russisch-ukrainischen", "EU-Kommission".
fn scan_hyphenated(gaz: &Gazetteer, text: &str, ix: &TextIndex, w: Span, out: &mut Vec<Derived>) {
    let word = ix.slice(text, w);
    // A hyphenated place name ("Saudi-Arabien", "Baden-Württemberg") is a
    // LOC mention, not a derived form.
    if !gaz.lookup_exact(word).is_empty() {
        return;
    }
    let mut parts: Vec<Span> = Vec::new();
    let mut start = w.start;
    for (i, c) in word.chars().enumerate() {
        if matches!(c, '-' | '‐' | '‑') {
            parts.push(Span::new(start, w.start + i));
            start = w.start + i + 1;
        }
    }
    parts.push(Span::new(start, w.end));
    let last = parts.len() - 1;
    let mut found: Vec<(Span, usize)> = Vec::new();
    for (i, &p) in parts.iter().enumerate() {
        let part = ix.slice(text, p);
        if part.is_empty() {
            continue;
        }
        if let Some(idx) = adjective(gaz, part) {
            found.push((p, idx));
        } else if i < last {
            if let Some(idx) = modifier_place(gaz, part, true) {
                found.push((p, idx));
            }
        }
    }
    match found.len() {
        0 => {}
        // One pointer: the whole compound is the derived form ("US-Präsident").
        1 => out.push(record(gaz, text, ix, w, found[0].1)),
        // Several ("russisch-ukrainischen", "Russland-Ukraine-Krieg"): one per part.
        _ => {
            for (p, idx) in found {
                out.push(record(gaz, text, ix, p, idx));
            }
        }
    }
}

/// "Ukrainekrieg", "Nahostkonflikt", "Russlandpolitik".
fn scan_closed_compound(
    gaz: &Gazetteer,
    text: &str,
    ix: &TextIndex,
    w: Span,
    out: &mut Vec<Derived>,
) {
    let word = ix.slice(text, w);
    let b = word.as_bytes();
    if b.len() < 8 {
        return;
    }
    // Cheap filter first: the last two bytes must end some head+ending.
    if !tail_ends()[(b[b.len() - 2] as usize) << 8 | b[b.len() - 1] as usize] {
        return;
    }
    let mut it = word.chars();
    if !it.next().is_some_and(char::is_uppercase) || it.any(char::is_uppercase) {
        return;
    }
    let n_chars = w.len();
    if n_chars < 8 {
        return;
    }
    let lower: String = word.to_lowercase();
    let tails = compound_tails();
    let starts = head_starts();
    let max_tail = max_tail_bytes();
    // Longest tail first: "friedensplan" before "plan".
    for (k, (at, _)) in lower.char_indices().enumerate().skip(4) {
        let tail = &lower[at..];
        let tb = tail.as_bytes();
        if tail.len() > max_tail || tb.len() < 2 || !starts[(tb[0] as usize) << 8 | tb[1] as usize]
        {
            continue;
        }
        if !tails.contains(tail) {
            continue;
        }
        if k + 1 > n_chars.saturating_sub(3) {
            break;
        }
        // The modifier keeps at least four letters; lookups fold case.
        let modifier = &lower[..at];
        // A linking -s: as written first, then without it.
        let idx = modifier_place(gaz, modifier, false).or_else(|| {
            modifier
                .strip_suffix('s')
                .filter(|m| m.chars().count() >= 4)
                .and_then(|m| modifier_place(gaz, m, false))
        });
        if let Some(idx) = idx {
            out.push(record(gaz, text, ix, w, idx));
            return;
        }
    }
}

#[cfg(test)]
mod overlap_tests {
    use super::*;

    #[test]
    fn overlaps_by_binary_search() {
        let spans = disjoint(&[
            Span::new(10, 20),
            Span::new(0, 5),
            Span::new(15, 25),
            Span::new(40, 41),
        ]);
        assert_eq!(
            spans,
            [Span::new(0, 5), Span::new(10, 25), Span::new(40, 41)]
        );
        assert!(overlaps(Span::new(4, 6), &spans));
        assert!(!overlaps(Span::new(5, 10), &spans));
        assert!(overlaps(Span::new(24, 30), &spans));
        assert!(!overlaps(Span::new(25, 40), &spans));
        assert!(overlaps(Span::new(38, 45), &spans));
        assert!(!overlaps(Span::new(41, 50), &spans));
    }
}
