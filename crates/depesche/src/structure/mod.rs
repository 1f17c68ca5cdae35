//! Article structure for plain text as scraped from news sites and wires:
//! title, teaser, subheadings, paragraphs, page furniture, captions and the
//! credit line (parsed into agencies, authors, editors and a dateline).
//!
//! The classifier is a small set of scored rules over line features (length,
//! final punctuation, position, neighbours, furniture patterns and word lists
//! kept as data in `resources/<lang>/{furniture,structure,credit}.txt`). It was developed against the hand-written cases in
//! `tests/structure_cases/`, which cover German and English agency and site
//! styles.

pub mod credit;

use std::collections::HashSet;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::lang::Lang;
use crate::langdata::{bare, LangData};
use crate::schema::{Block, BlockKind, Credit};
use crate::text::TextIndex;

/// The structural layer of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    pub blocks: Vec<Block>,
    pub credit: Credit,
}

/// One candidate block: a line (or a run of hard-wrapped lines), in bytes.
#[derive(Debug, Clone)]
struct Line<'t> {
    start: usize,
    end: usize,
    text: &'t str,
    blank_before: bool,
    kind: Option<BlockKind>,
}

/// The furniture patterns of `resources/*/furniture.txt`, lower-cased: `^` prefixes, `=`
/// whole lines, `~` substrings. The substrings go into one automaton, since
/// every short line of every article is checked against all of them.
struct FurniturePatterns {
    prefixes: Vec<String>,
    exact: std::collections::HashSet<String>,
    contains: AhoCorasick,
    /// Lines that open the page tail (comment sections, footers).
    tail: std::collections::HashSet<String>,
    /// Store field labels that may precede an ISO date at the very start.
    store_labels: Vec<String>,
}

fn furniture_patterns() -> &'static FurniturePatterns {
    static PATTERNS: OnceLock<FurniturePatterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let (mut prefixes, mut contains) = (Vec::new(), Vec::new());
        let mut exact = std::collections::HashSet::new();
        let mut tail = std::collections::HashSet::new();
        let mut store_labels = Vec::new();
        let texts = structure_folders().map(|d| d.text("furniture"));
        for l in texts
            .flat_map(str::lines)
            .filter(|l| !l.starts_with('#') && l.len() > 1)
        {
            let (tag, rest) = l.split_at(1);
            let rest = rest.to_lowercase();
            match tag {
                "^" => prefixes.push(rest),
                "=" => {
                    exact.insert(rest);
                }
                "~" => contains.push(rest),
                ">" => {
                    exact.insert(rest.clone());
                    tail.insert(rest);
                }
                "@" => store_labels.push(rest),
                _ => {}
            }
        }
        FurniturePatterns {
            prefixes,
            exact,
            contains: AhoCorasick::new(&contains).expect("furniture patterns build"),
            tail,
            store_labels,
        }
    })
}

/// Structure classifies before an article's language is known: it reads the
/// lists of every language together.
fn structure_folders() -> impl Iterator<Item = &'static LangData> {
    [
        LangData::get(Lang::De),
        LangData::get(Lang::En),
        LangData::common(),
    ]
    .into_iter()
}

/// The word lists of the block classifier (`resources/*/structure.txt`, calendars).
struct Words {
    /// Words beside digits on a timestamp or counter line ("Uhr", "Kommentare").
    count_units: HashSet<String>,
    /// Words a date stamp may hold beside numbers, months and weekdays.
    timestamp_words: HashSet<String>,
    /// Labels of a date stamp ("Aktualisiert").
    timestamp_labels: HashSet<String>,
    /// Month names and abbreviations.
    months: HashSet<String>,
    /// Lines after which a list of links follows ("Mehr zum Thema").
    link_list_openers: HashSet<String>,
    /// Words beside a clock time on a line of its own ("14:05 Uhr", "2:10 p.m.").
    clock_words: HashSet<String>,
}

fn word_lists() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let words = |section: &str| -> HashSet<String> {
            structure_folders()
                .flat_map(|d| d.words("structure", section))
                .map(str::to_string)
                .collect()
        };
        let mut timestamp_words = words("timestamp_words");
        let mut months = HashSet::new();
        for d in structure_folders() {
            let cal = &d.calendar;
            months.extend(cal.month_forms().map(|(_, f)| bare(f)));
            timestamp_words.extend(cal.weekdays.iter().flatten().map(|f| bare(f)));
            timestamp_words.extend(d.words("calendar", "weekday_short").map(bare));
        }
        Words {
            clock_words: words("clock_words"),
            count_units: words("count_units"),
            timestamp_words,
            timestamp_labels: words("timestamp_labels"),
            months,
            link_list_openers: structure_folders()
                .flat_map(|d| d.lines("structure", "link_list_openers"))
                .cloned()
                .collect(),
        }
    })
}

/// Does `s` have at most `k` words? Stops counting after `k + 1`: most lines
/// of an article are long paragraphs, tested many times for shortness.
pub(crate) fn words_at_most(s: &str, k: usize) -> bool {
    s.split_whitespace().nth(k).is_none()
}

pub(crate) fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

pub(crate) fn ends_like_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| {
        matches!(c, '"' | '“' | '”' | '«' | '»' | '\'' | '’' | ')' | ' ')
    });
    t.ends_with(['.', '!', '?', '…', ':'])
}

/// Does the line match a furniture pattern (navigation, link teasers, ads, photo credits …)?
pub(crate) fn is_furniture(line: &str) -> bool {
    let t = line.trim();
    // Furniture is short; long prose lines skip the pattern scan (speed).
    if t.len() > 600 {
        return false;
    }
    let lower = t.to_lowercase();
    let bare = lower.trim_end_matches([':', '.', '»', '›', ' ', '>']);
    let short = words_at_most(t, 25);
    let patterns = furniture_patterns();
    if patterns.exact.contains(bare)
        || (short
            && (patterns
                .prefixes
                .iter()
                .any(|x| lower.starts_with(x.as_str()))
                || patterns.contains.is_match(&lower)))
    {
        return true;
    }
    if is_timestamp(t) {
        return true;
    }
    // No letters at all: separators, bullets, lone numbers.
    if !t.chars().any(char::is_alphabetic) {
        return true;
    }
    // Breadcrumbs: "Startseite > Politik > Ausland", "News | Politik | Welt".
    for sep in [" > ", " › ", " » ", " | ", " / "] {
        let parts: Vec<&str> = t.split(sep).collect();
        let short_parts = parts.iter().all(|p| word_count(p) <= 4);
        // Two parts are enough for section labels like "Environment | Climate crisis".
        let labels = parts.len() == 2
            && sep != " / "
            && parts
                .iter()
                .all(|p| word_count(p) <= 3 && !p.ends_with('.'));
        if (parts.len() >= 3 && short_parts) || labels {
            return true;
        }
    }
    // Newsletter boxes: "Free weekly newsletter", "Der Morgen-Newsletter".
    if words_at_most(t, 6) && lower.contains("newsletter") && !ends_like_sentence(t) {
        return true;
    }
    // Timestamps and counts: "10.07.2025, 14:32 Uhr", "12 Kommentare", "3 Min. Lesezeit".
    let letters: String = lower.chars().filter(|c| c.is_alphabetic()).collect();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    if digits >= 1
        && words_at_most(t, 6)
        && (letters.is_empty() || word_lists().count_units.contains(&letters))
    {
        return true;
    }
    false
}

/// Furniture lines after which a list of links follows.
pub(crate) fn opens_link_list(s: &str) -> bool {
    let l = s.trim().to_lowercase();
    let l = l.trim_end_matches([':', '.', ' ']);
    word_lists().link_list_openers.contains(l)
}

/// Does the line open the page tail (a comment section, a footer)?
fn opens_tail(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    let bare = lower.trim_end_matches([':', '.', '»', '›', ' ', '>']);
    if furniture_patterns().tail.contains(bare) {
        return true;
    }
    // A footer's copyright line: "© 2010-2021 Verlag GmbH", "Copyright 2024 …".
    let year = bare
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")));
    (bare.starts_with('©') || bare.starts_with("copyright")) && year && words_at_most(bare, 10)
}

/// A store field flattened into the start of the text ("date 2023-02 Hinter …"):
/// the byte length of the label and its ISO date.
fn store_label_len(text: &str) -> Option<usize> {
    let label = furniture_patterns().store_labels.iter().find(|l| {
        text.len() > l.len()
            && text.is_char_boundary(l.len())
            && text[..l.len()].eq_ignore_ascii_case(l)
    })?;
    let rest = text[label.len()..].strip_prefix(' ')?;
    let date_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let date = &rest[..date_len];
    let parts: Vec<&str> = date.split('-').collect();
    let iso = (2..=3).contains(&parts.len())
        && parts[0].len() == 4
        && parts[1..].iter().all(|p| p.len() == 2)
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    iso.then_some(label.len() + 1 + date_len)
}

/// A line that is only a photo credit ("Foto: Anna Muster/dpa", "© AFP").
fn is_photo_credit(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    words_at_most(&lower, 10)
        && caption_marks()
            .find_iter(&lower)
            .next()
            .is_some_and(|m| m.start() == 0)
}

/// A line reduced for comparing duplicates: markup, entities, bullets and
/// case removed ("• <p>Ein&nbsp;Bild</p>" and "Ein Bild" compare equal).
fn duplicate_key(line: &str) -> String {
    // Duplicates are captions and headlines: long paragraphs are not compared (speed).
    if line.len() > 600 {
        return String::new();
    }
    let mut out = String::with_capacity(line.len());
    let (mut in_tag, mut in_entity) = (false, false);
    for c in line.chars() {
        // "&nbsp;", "&#160;": an entity; a lone "&" ends it.
        if in_entity && !(c.is_ascii_alphanumeric() || c == ';' || c == '#') {
            in_entity = false;
        }
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '&' => in_entity = true,
            ';' if in_entity => {
                in_entity = false;
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            c if in_entity && c.is_ascii_alphanumeric() => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
        }
    }
    out.trim_end().to_string()
}

/// An enumerated menu item: "1. Startseite", "4. >".
fn enumerated_item(line: &str) -> Option<&str> {
    let t = line.trim();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let rest = t[digits..].strip_prefix(". ")?;
    words_at_most(rest, 8).then_some(rest)
}

/// A link in a list: short, headline-like, no final full stop.
pub(crate) fn is_link_like(s: &str) -> bool {
    let t = s.trim();
    words_at_most(t, 14) && !t.ends_with('.') && !t.ends_with(':')
}

/// A line that is only a person's name (possibly "… in Place"): a byline candidate.
fn is_bare_name(s: &str) -> bool {
    credit::bare_byline(s, &mut Credit::default())
}

/// A line that is only a date, time or "updated …" stamp.
fn is_timestamp(s: &str) -> bool {
    // Most lines are prose: count words before lower-casing any of them
    // (each whitespace chunk with more than separators gives a word below).
    if s.split_whitespace()
        .filter(|w| w.chars().any(|c| c != ',' && c != '|'))
        .nth(12)
        .is_some()
    {
        return false;
    }
    let words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|')
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, '.' | ':' | '(' | ')' | '-' | '–'))
                .to_lowercase()
        })
        .collect();
    if words.is_empty() || words.len() > 12 {
        return false;
    }
    let mut dated = false;
    let (mut unknown, mut labelled) = (0, false);
    for w in &words {
        if w.is_empty()
            || w.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | '/' | '+' | '-'))
        {
            dated |= w.chars().any(|c| c.is_ascii_digit());
            continue;
        }
        let lists = word_lists();
        if lists.months.contains(w) {
            dated = true;
            continue;
        }
        if lists.timestamp_labels.contains(w) {
            labelled = true;
        } else if !lists.timestamp_words.contains(w)
            && !w.starts_with("gmt")
            && !w.starts_with("utc")
        {
            unknown += 1;
        }
    }
    // "Epoch Times26. Juni 2018 Aktualisiert: 26. Juni 2018 12:38": an
    // outlet's name may stand beside a labelled stamp.
    dated && (unknown == 0 || (labelled && unknown <= 2))
}

/// A line that is only a clock time ("2:10 p.m.", "14:05 Uhr"): in the body
/// of a live report it heads an entry.
fn is_clock_only(s: &str) -> bool {
    let t = s.trim();
    t.contains(':')
        && words_at_most(t, 2)
        && t.split_whitespace().all(|w| {
            w.chars().all(|c| c.is_ascii_digit() || c == ':')
                || word_lists().clock_words.contains(&w.to_lowercase())
        })
}

/// A line that is only an address ("/cdn.example.com/img/abc.jpg)", "https://…").
fn is_url_only(s: &str) -> bool {
    let t = s.trim();
    !t.contains(char::is_whitespace)
        && t.len() > 12
        && (t.starts_with("http")
            || t.starts_with("www.")
            || (t.contains('/') && t.contains('.') && t.matches('/').count() >= 2))
}

/// A photographer's credit alone on a line: "Anna Muster/AP", "JOHN DOE / AFP".
fn is_photographer_line(s: &str) -> bool {
    let t = s.trim();
    let Some((name, tail)) = t.rsplit_once('/') else {
        return false;
    };
    words_at_most(t, 6)
        && credit::agency(tail).is_some()
        && (2..=4).contains(&word_count(name))
        && name
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Picture captions: prose followed by a photo credit ("… in Kuala Lumpur. Foto: dpa").
pub(crate) fn is_caption(line: &str) -> bool {
    let t = line.trim_end();
    if t.len() > 800 {
        return false;
    }
    if ["Image caption,", "Media caption,", "Bildunterschrift:"]
        .iter()
        .any(|p| t.starts_with(p))
    {
        return true;
    }
    let lower = t.to_lowercase();
    // The rightmost photo-credit mark (all overlapping matches, so that the
    // last start of any mark is found).
    let Some(pos) = caption_marks()
        .find_overlapping_iter(&lower)
        .map(|m| m.start())
        .max()
    else {
        return false;
    };
    // "… (dpa/AFP)" at the end is an agency credit, not a photo credit; but in
    // "… © Anna Muster (dpa)" the agency belongs to the photo credit.
    if credit::trailing_credit(t, &mut Credit::default()).is_some_and(|at| at <= pos) {
        return false;
    }
    // The credit must be near the end and follow some prose. (`pos` is an
    // offset into the lower-cased text, which may differ in length: cut on
    // a char boundary.)
    let mut cut = pos.min(t.len());
    while !t.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &t[..cut];
    let pos = cut;
    t.len() - pos <= 80 && word_count(before) >= 3
}

/// Marks that end a caption with its photo credit ("… Foto: dpa/Kay Nietfeld").
fn caption_marks() -> &'static AhoCorasick {
    static MARKS: OnceLock<AhoCorasick> = OnceLock::new();
    MARKS.get_or_init(|| {
        let marks: Vec<String> = structure_folders()
            .flat_map(|d| d.lines("structure", "caption_marks"))
            .map(|m| m.replace('_', " "))
            .collect();
        AhoCorasick::new(marks).expect("caption marks build")
    })
}

/// Headline-like: short, no final full stop (a question/exclamation is fine).
fn is_headline_like(s: &str) -> bool {
    let t = s.trim();
    // Cheap bounds first (a headline is at most 140 chars, 4 bytes each).
    if t.is_empty() || t.len() > 560 || !words_at_most(t, 16) {
        return false;
    }
    t.chars().count() <= 140
        && !t.ends_with('.')
        && !t.ends_with(':')
        && !t.ends_with(',')
        && t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric() || is_quote_char(c))
}

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '„' | '“' | '”' | '»' | '«' | '‚' | '‘' | '’' | '\'' | '›' | '‹'
    )
}

/// Subheading-like: short, no final period, starts like a title.
fn is_subheading_like(s: &str) -> bool {
    let t = s.trim();
    // Subheadings are short: long lines need no exact count (speed).
    let w = if words_at_most(t, 14) {
        word_count(t)
    } else {
        15
    };
    let starts_like_title = t
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    // "Zuschauer: 60.000 (ausverkauft)", "Tore: 0:1 Kane (18.)": data lines, not headings.
    let data_line = t
        .split_once(": ")
        .is_some_and(|(k, v)| word_count(k) <= 2 && v.chars().any(|c| c.is_ascii_digit()));
    let plain =
        (1..=14).contains(&w) && t.chars().count() <= 110 && !ends_like_sentence(t) && !data_line;
    let question = w <= 12 && t.ends_with('?');
    starts_like_title && (plain || question)
}

/// Split the text into lines or, for hard-wrapped text, into runs of lines.
fn segment(text: &str) -> Vec<Line<'_>> {
    let mut raw: Vec<(usize, usize, bool)> = Vec::new(); // trimmed start, end, blank_before
    let mut byte = 0usize;
    let mut blank = true;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        let trimmed = content.trim();
        if trimmed.is_empty() {
            blank = true;
        } else {
            let lead = content.len() - content.trim_start().len();
            let s = byte + lead;
            raw.push((s, s + trimmed.len(), blank));
            blank = false;
        }
        byte += line.len();
    }
    // Hard-wrapped text (wire formats, e-mail): most lines 50–100 chars long and
    // followed by another line without a blank in between. Then a block is a run
    // of lines between blank lines.
    let followed = raw
        .windows(2)
        .filter(|w| !w[1].2 && (50..=100).contains(&text[w[0].0..w[0].1].chars().count()))
        .count();
    let has_blanks = raw.iter().skip(1).any(|r| r.2);
    let wrapped = raw.len() >= 6 && has_blanks && followed * 2 > raw.len();
    let mut out: Vec<Line> = Vec::new();
    for (s, e, blank_before) in raw {
        if wrapped && !blank_before {
            if let Some(last) = out.last_mut() {
                last.end = e;
                last.text = &text[last.start..e];
                continue;
            }
        }
        out.push(Line {
            start: s,
            end: e,
            text: &text[s..e],
            blank_before,
            kind: None,
        });
    }
    out
}

/// Split the text into blocks and classify them.
pub fn analyze(text: &str, ix: &TextIndex, _lang: Lang) -> Structure {
    let mut lines = segment(text);
    let mut credit = Credit::default();
    let mut photo_credit = Credit::default();
    // A store's date field flattened into the first line is furniture of its own.
    if let Some(first) = lines.first().cloned() {
        if let Some(len) = store_label_len(first.text) {
            let rest = first.text[len..].trim_start();
            lines[0] = Line {
                end: first.start + len,
                text: &first.text[..len],
                kind: Some(BlockKind::Furniture),
                ..first.clone()
            };
            if !rest.is_empty() {
                lines.insert(
                    1,
                    Line {
                        start: first.end - rest.len(),
                        end: first.end,
                        text: rest,
                        blank_before: true,
                        kind: None,
                    },
                );
            }
        }
    }
    let n = lines.len();

    // 1. Furniture, captions and whole-line credits: decided line by line.
    for l in lines.iter_mut().filter(|l| l.kind.is_none()) {
        // "22.04.2019, 15:45 Uhr | AFP": a stamp that credits an agency.
        if l.text.contains(" | ") && credit::credit_line(l.text, &mut credit) {
            l.kind = Some(BlockKind::Credit);
        } else if is_furniture(l.text) || is_url_only(l.text) {
            l.kind = Some(BlockKind::Furniture);
            if is_photo_credit(l.text) {
                credit::photo_agencies(l.text, &mut photo_credit);
            }
        } else if credit::credit_line(l.text, &mut credit) {
            l.kind = Some(BlockKind::Credit);
        } else if is_caption(l.text) || is_photographer_line(l.text) {
            l.kind = Some(BlockKind::Caption);
        }
    }

    // "Anna Muster/AP" under a short line: that line names who is in the picture.
    for i in 1..n {
        if lines[i - 1].kind.is_none()
            && lines[i].kind == Some(BlockKind::Caption)
            && is_photographer_line(lines[i].text)
            && words_at_most(lines[i - 1].text, 12)
            && !ends_like_sentence(lines[i - 1].text)
        {
            lines[i - 1].kind = Some(BlockKind::Caption);
        }
    }

    // Table rows ("Freitag, 08.12.2023 | 11.30 Uhr | Sprint |"): a run of
    // lines closed by a cell bar is a table of the article, not a breadcrumb.
    let mut i = 0;
    while i < n {
        let run = lines[i..]
            .iter()
            .take_while(|l| l.text.ends_with('|'))
            .count();
        if run >= 3 {
            for l in &mut lines[i..i + run] {
                if l.kind == Some(BlockKind::Furniture) {
                    l.kind = None;
                }
            }
        }
        i += run.max(1);
    }

    // Clock times between paragraphs head the entries of a live report.
    let mut prose_seen = false;
    for l in lines.iter_mut() {
        if prose_seen && l.kind == Some(BlockKind::Furniture) && is_clock_only(l.text) {
            l.kind = None;
        }
        prose_seen |= l.kind.is_none() && !words_at_most(l.text, 15);
    }

    // The page tail: from a comment section's or footer's opening line in the
    // second half of the page (after some prose), everything is furniture.
    let mut prose_seen = false;
    for i in 0..n {
        if lines[i].kind.is_none() && !words_at_most(lines[i].text, 15) {
            prose_seen = true;
        }
        if prose_seen && lines[i].start * 2 >= text.len() && opens_tail(lines[i].text) {
            // Tag lines right before it ("Naturkundemuseum Bamberg") belong to the tail.
            let mut from = i;
            while from > 0
                && i - from < 2
                && lines[from - 1].kind.is_none()
                && words_at_most(lines[from - 1].text, 4)
                && !ends_like_sentence(lines[from - 1].text)
            {
                from -= 1;
            }
            for l in lines.iter_mut().skip(from) {
                if l.kind != Some(BlockKind::Credit) {
                    l.kind = Some(BlockKind::Furniture);
                }
            }
            break;
        }
    }

    // Bulleted lines right after furniture continue it (menus, boxes).
    for i in 1..n {
        if lines[i].kind.is_none()
            && lines[i - 1].kind == Some(BlockKind::Furniture)
            && lines[i].text.starts_with(['•', '·', '*'])
            && words_at_most(lines[i].text, 14)
        {
            lines[i].kind = Some(BlockKind::Furniture);
        }
    }

    // An enumerated menu at the top ("1. Startseite", "2. >", "3. Politik"):
    // a breadcrumb trail when its first item is furniture.
    if let Some(top) = (0..n).find(|&i| lines[i].kind.is_none()) {
        if enumerated_item(lines[top].text).is_some_and(is_furniture) {
            for l in lines.iter_mut().skip(top) {
                if enumerated_item(l.text).is_none() {
                    break;
                }
                l.kind = Some(BlockKind::Furniture);
            }
        }
    }

    // Link lists: after "Mehr zum Thema", "Related:", "Suggested Topics:" …
    // the short headline-like lines that follow are links, not body.
    for i in 0..n {
        if lines[i].kind == Some(BlockKind::Furniture) && opens_link_list(lines[i].text) {
            let mut j = i + 1;
            while j < n && lines[j].kind.is_none() && is_link_like(lines[j].text) {
                lines[j].kind = Some(BlockKind::Furniture);
                j += 1;
            }
        }
    }

    // 2. Title: the first unclassified line, if it looks like a headline. A very
    // short line directly before another headline-like line is a kicker (furniture).
    let content: Vec<usize> = (0..n).filter(|&i| lines[i].kind.is_none()).collect();
    let mut title_at = None;
    if let Some(&first) = content.first() {
        let mut dummy = Credit::default();
        let headline = is_headline_like(lines[first].text)
            && credit::dateline_prefix(lines[first].text, &mut dummy, false).is_none()
            && content.len() >= 2;
        if headline {
            let second = content.get(1).copied();
            // A single word before the headline is a rubric ("Fußball", "Politik").
            let rubric = words_at_most(lines[first].text, 1)
                && lines[first].text.chars().all(char::is_alphabetic);
            let kicker = second.is_some_and(|s| {
                words_at_most(lines[first].text, 5)
                    && (!lines[s].blank_before || rubric)
                    && is_headline_like(lines[s].text)
                    && word_count(lines[s].text) > word_count(lines[first].text)
            });
            if kicker {
                lines[first].kind = Some(BlockKind::Furniture);
                title_at = second;
            } else {
                title_at = Some(first);
            }
        }
    }
    if let Some(t) = title_at {
        lines[t].kind = Some(BlockKind::Title);
    }

    // Duplicates: a line repeating the title is furniture; a line repeated
    // nearby (an image's alt text and caption, a gallery item as markup and
    // as text) is a caption.
    let keys: Vec<String> = lines.iter().map(|l| duplicate_key(l.text)).collect();
    for i in 0..n {
        if keys[i].len() < 3 {
            continue;
        }
        if let Some(t) = title_at {
            if i > t && keys[i] == keys[t] {
                lines[i].kind = Some(BlockKind::Furniture);
                continue;
            }
        }
        for j in i + 1..n.min(i + 4) {
            if keys[j] == keys[i] && Some(i) != title_at {
                for k in [i, j] {
                    if lines[k].kind.is_none() {
                        lines[k].kind = Some(BlockKind::Caption);
                    }
                }
            }
        }
    }

    // 3. Bylines right under the headline: a bare name ("Jan Beispiel",
    // "Harriet Lowe in Berlin") before the body starts.
    // Scan the first few lines after the headline (a teaser may stand before the byline).
    let mut seen = 0;
    let mut top_end = n;
    let after_title = title_at.map_or(n, |t| t + 1);
    for (i, l) in lines.iter_mut().enumerate().skip(after_title) {
        if l.kind.is_some() {
            continue;
        }
        if credit::bare_byline(l.text, &mut credit) {
            l.kind = Some(BlockKind::Credit);
            continue;
        }
        seen += 1;
        if seen == 1 {
            top_end = i;
        }
        if seen >= 2 {
            break;
        }
    }

    // Author boxes after the body: a bare name, then lines about that person.
    let first_body = (0..n).find(|&i| lines[i].kind.is_none() && i >= top_end);
    if let Some(fb) = first_body {
        for i in fb + 1..n {
            if lines[i].kind.is_none()
                && is_bare_name(lines[i].text)
                && !lines[i].text.contains(" in ")
            {
                let name = lines[i].text.trim().to_string();
                lines[i].kind = Some(BlockKind::Furniture);
                for l in lines.iter_mut().skip(i + 1) {
                    if l.kind.is_none() && l.text.starts_with(name.as_str()) {
                        l.kind = Some(BlockKind::Furniture);
                    }
                }
            }
        }
    }

    // 4. Teaser: the first prose line (after the title, if any) when something
    // other than body text follows it — a byline, share bar, timestamp, "Mehr
    // News zum …", or a paragraph opening with a dateline. An agency text's
    // first paragraph, followed directly by the next paragraph, looks the same
    // but is body.
    let body: Vec<usize> = (0..n).filter(|&i| lines[i].kind.is_none()).collect();
    if let Some(&cand) = body.first() {
        let l = &lines[cand];
        let side = |i: usize| {
            matches!(
                lines[i].kind,
                Some(BlockKind::Furniture)
                    | Some(BlockKind::Caption)
                    | Some(BlockKind::Credit)
                    | Some(BlockKind::Title)
            )
        };
        let next = body.get(1).copied().unwrap_or(n);
        let mut dummy = Credit::default();
        let separated = (cand + 1..next).any(&side)
            || (next < n && credit::dateline_prefix(lines[next].text, &mut dummy, true).is_some());
        let sentences = l.text.matches(['.', '!', '?']).count();
        // English standfirsts often lack a final full stop.
        let prose = ends_like_sentence(l.text) || !words_at_most(l.text, 11);
        let teaser = (0..cand).all(side)
            && separated
            && prose
            && l.text.chars().count() <= 500
            && sentences <= 5
            && credit::dateline_prefix(l.text, &mut dummy, false).is_none()
            && !l.text.starts_with(is_quote_char)
            && !words_at_most(l.text, 5)
            && body.len() >= 2;
        if teaser {
            lines[cand].kind = Some(BlockKind::Teaser);
        }
    }

    // 5. Subheadings: short unpunctuated lines between paragraphs.
    let body: Vec<usize> = (0..n).filter(|&i| lines[i].kind.is_none()).collect();
    for (k, &i) in body.iter().enumerate() {
        let is_last = k + 1 == body.len();
        let prev_prose = (0..i)
            .rev()
            .find(|&j| lines[j].kind != Some(BlockKind::Furniture));
        let after_body = prev_prose.is_some_and(|j| {
            matches!(
                lines[j].kind,
                None | Some(BlockKind::Paragraph)
                    | Some(BlockKind::Teaser)
                    | Some(BlockKind::Credit)
                    | Some(BlockKind::Caption)
            )
        });
        if !is_last
            && after_body
            && is_subheading_like(lines[i].text)
            && !lines[i].text.starts_with(is_quote_char)
        {
            // The next content must be prose, not another short line (lists of links).
            let mut next = body.get(k + 1).map(|&j| lines[j].text).unwrap_or("");
            if let Some(at) = credit::trailing_credit(next, &mut Credit::default()) {
                next = next[..at].trim_end();
            }
            if ends_like_sentence(next) || !words_at_most(next, 14) {
                lines[i].kind = Some(BlockKind::Subheading);
                continue;
            }
        }
        lines[i].kind = Some(BlockKind::Paragraph);
    }

    // Editor's initials alone on the last line ("hor", "(js)") credit the author.
    if let Some(last) = (0..n).rev().find(|&i| {
        matches!(
            lines[i].kind,
            Some(BlockKind::Paragraph) | Some(BlockKind::Subheading)
        )
    }) {
        let text = lines[last].text;
        let code = text.trim().trim_start_matches('(').trim_end_matches(')');
        // "… zu schließen.   hor": the initials after the last sentence, set apart by spaces.
        let glued = text.rsplit_once("  ").filter(|(body, tail)| {
            credit::is_editor_code(tail.trim()) && ends_like_sentence(body.trim_end())
        });
        if credit::is_editor_code(code)
            && (0..last).any(|i| lines[i].kind == Some(BlockKind::Paragraph))
        {
            lines[last].kind = Some(BlockKind::Credit);
            if !credit.authors.iter().any(|a| a == code) {
                credit.authors.push(code.to_string());
            }
        } else if let Some((body, tail)) = glued {
            let code = tail.trim();
            let end = lines[last].end;
            let body = body.trim_end();
            lines[last].end = lines[last].start + body.len();
            lines[last].text = body;
            lines.insert(
                last + 1,
                Line {
                    start: end - code.len(),
                    end,
                    text: code,
                    blank_before: false,
                    kind: Some(BlockKind::Credit),
                },
            );
            if !credit.authors.iter().any(|a| a == code) {
                credit.authors.push(code.to_string());
            }
        }
    }

    // 6. Emit blocks, splitting datelines off the first paragraph and credits off
    // the end of the last paragraphs.
    let blocks = emit(text, ix, &lines, &mut credit);
    // "Foto: Anna Muster/dpa" on a page that credits nobody else: the agency
    // of the pictures is the best sign of whose text it is.
    if credit.agencies.is_empty() && credit.authors.is_empty() {
        credit.agencies = photo_credit.agencies;
    }
    Structure { blocks, credit }
}

/// Structure from block kinds the input's markup already gave (HTML): no
/// guessing of kinds; credit lines are parsed, datelines split off the first
/// paragraph and agency credits off the end of paragraphs as for plain text.
pub fn from_blocks(text: &str, ix: &TextIndex, hints: &[Block]) -> Structure {
    let mut credit = Credit::default();
    let mut lines = Vec::with_capacity(hints.len());
    let len = ix.len_chars();
    for h in hints {
        let (s, e) = (ix.byte(h.start.min(len)), ix.byte(h.end.min(len)));
        if s >= e {
            continue;
        }
        let t = &text[s..e];
        if h.kind == BlockKind::Credit
            && !credit::credit_line(t, &mut credit)
            && !credit::bare_byline(t, &mut credit)
        {
            credit::byline_names(t, &mut credit);
        }
        lines.push(Line {
            start: s,
            end: e,
            text: t,
            blank_before: true,
            kind: Some(h.kind),
        });
    }
    let blocks = emit(text, ix, &lines, &mut credit);
    Structure { blocks, credit }
}

/// Turn classified lines into blocks, splitting datelines off the first
/// paragraph and credits off the end of paragraphs.
fn emit(text: &str, ix: &TextIndex, lines: &[Line], credit: &mut Credit) -> Vec<Block> {
    let n = lines.len();
    let mut blocks = Vec::with_capacity(n + 2);
    let first_para = lines
        .iter()
        .position(|l| l.kind == Some(BlockKind::Paragraph));
    let mut paras_seen = 0;
    for (i, l) in lines.iter().enumerate() {
        let kind = l.kind.unwrap_or(BlockKind::Paragraph);
        let mut s = l.start;
        let e = l.end;
        if kind == BlockKind::Paragraph || kind == BlockKind::Teaser {
            paras_seen += 1;
            // A page may put a kicker or a notice before the agency text: the
            // next paragraphs may open with an agency dateline too. Its credit
            // is taken, but the paragraph stays whole (the first paragraph's
            // dateline is where readers of the blocks expect one).
            if paras_seen <= 5 && Some(i) != first_para && kind != BlockKind::Teaser {
                let mut c = Credit::default();
                if credit::dateline_prefix(l.text, &mut c, false).is_some()
                    && !c.agencies.is_empty()
                {
                    credit::dateline_prefix(l.text, credit, false);
                }
            }
            if Some(i) == first_para || kind == BlockKind::Teaser {
                if let Some(len) = credit::dateline_prefix(l.text, credit, Some(i) == first_para) {
                    let dl_end = s + l.text[..len].trim_end().len();
                    blocks.push(Block {
                        kind: BlockKind::Credit,
                        start: ix.char_at_byte(s),
                        end: ix.char_at_byte(dl_end),
                    });
                    s += len;
                }
            }
            if let Some(at) = credit::trailing_credit(&text[s..e], credit) {
                let body_end = s + text[s..s + at].trim_end().len();
                if body_end > s {
                    blocks.push(Block {
                        kind,
                        start: ix.char_at_byte(s),
                        end: ix.char_at_byte(body_end),
                    });
                }
                blocks.push(Block {
                    kind: BlockKind::Credit,
                    start: ix.char_at_byte(s + at),
                    end: ix.char_at_byte(e),
                });
                continue;
            }
        }
        if e > s {
            blocks.push(Block {
                kind,
                start: ix.char_at_byte(s),
                end: ix.char_at_byte(e),
            });
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        let ix = TextIndex::new(text);
        analyze(text, &ix, Lang::De)
            .blocks
            .iter()
            .map(|b| {
                (
                    b.kind,
                    text.chars().skip(b.start).take(b.end - b.start).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn dpa_page_shape() {
        let t = "Minister treffen sich in Wien\n\nDie Außenminister sprachen eine Stunde. Es gab keine Einigung.\n\nMehr News zum Thema Nahost\n\nDie Gespräche fanden am Rande eines Gipfels statt. Beide Seiten äußerten sich.\n\nKeine Einigung in Sicht\n\nEin Sprecher sagte, man bleibe im Gespräch. (dpa/AFP/bearbeitet von ank)";
        let k = kinds(t);
        use BlockKind::*;
        let got: Vec<BlockKind> = k.iter().map(|x| x.0).collect();
        assert_eq!(
            got,
            [Title, Teaser, Furniture, Paragraph, Subheading, Paragraph, Credit],
            "{k:?}"
        );
        assert_eq!(k[6].1, "(dpa/AFP/bearbeitet von ank)");
        assert_eq!(k[5].1, "Ein Sprecher sagte, man bleibe im Gespräch.");
    }

    #[test]
    fn dateline_is_split_off() {
        let t = "Ölpreise steigen\n\nKUALA LUMPUR (dpa-AFX) - Die Ölpreise sind am Montag gestiegen. Händler verwiesen auf die Lage.\n\nEin Barrel kostete zuletzt 70 Dollar.";
        let ix = TextIndex::new(t);
        let s = analyze(t, &ix, Lang::De);
        assert_eq!(s.credit.dateline.as_deref(), Some("KUALA LUMPUR"));
        assert_eq!(s.credit.agencies, ["dpa-AFX"]);
        assert_eq!(s.blocks[1].kind, BlockKind::Credit);
        assert_eq!(s.blocks[2].kind, BlockKind::Paragraph);
    }

    #[test]
    fn hard_wrapped_text_becomes_paragraphs() {
        let para = "Die Regierung hat am Dienstag neue Regeln beschlossen, die ab dem\nkommenden Jahr gelten sollen. Kritiker sprechen von einem Schritt in die\nfalsche Richtung, Befürworter von einer längst überfälligen Reform.\n";
        let t = format!("Neue Regeln beschlossen\n\n{para}\n{para}\n{para}");
        let k = kinds(&t);
        assert_eq!(k.len(), 4, "{k:?}");
    }

    #[test]
    fn no_title_when_first_line_is_prose() {
        let k = kinds("Die Regierung hat am Dienstag neue Regeln beschlossen. Sie gelten ab Januar.\n\nKritiker sind unzufrieden.");
        assert!(k.iter().all(|x| x.0 == BlockKind::Paragraph), "{k:?}");
    }

    #[test]
    fn page_shapes() {
        assert_eq!(store_label_len("date 2023-02 Hinter Glas"), Some(12));
        assert_eq!(store_label_len("date 2025-09-29"), Some(15));
        assert_eq!(store_label_len("date of birth unknown"), None);
        assert_eq!(
            duplicate_key("• <p>Ein&nbsp;Bild vom Fest.</p>"),
            duplicate_key("Ein Bild vom Fest.")
        );
        assert!(is_clock_only("2:10 p.m.") && is_clock_only("14:05 Uhr"));
        assert!(!is_clock_only("Um 14:05 Uhr kam er"));
        assert!(is_photographer_line("Jane Roe/AP") && is_photographer_line("JOHN DOE / AFP"));
        assert!(!is_photographer_line("Krieg/AP"));
        assert!(opens_tail("Kommentare") && opens_tail("© 2010-2021 Verlag GmbH"));
        assert!(!opens_tail("© AFP"));
        assert!(is_url_only("/cdn.example.com/img/2RAOV.jpg)"));
        assert!(is_timestamp(
            "Tagesblatt12. Mai 2020 Aktualisiert: 12. Mai 2020 10:38"
        ));
        assert!(!is_timestamp("Am 12. Mai 2020 starb er"));
        for f in [
            "Artikel 3 von 12",
            "Bitte deaktivieren Sie Ihren Ad-Blocker",
            "[an error occurred while processing this directive]",
        ] {
            assert!(is_furniture(f), "{f}");
        }
    }

    #[test]
    fn page_tail_and_initials() {
        let body = "Die Stadt hat am Montag einen neuen Haushalt beschlossen, der vor allem Schulen und Straßen betrifft.";
        let t = format!("Haushalt beschlossen\n\n{body}\n\n{body} Das Geld reicht bis 2026.   abc\n\nKommentare\n\nEingeloggt als\n\nBitte bleiben Sie sachlich. Wir prüfen jeden Beitrag vor der Veröffentlichung.");
        let ix = TextIndex::new(&t);
        let s = analyze(&t, &ix, Lang::De);
        assert_eq!(s.credit.authors, ["abc"]);
        let kinds: Vec<BlockKind> = s.blocks.iter().map(|b| b.kind).collect();
        use BlockKind::*;
        assert_eq!(
            kinds,
            [Title, Paragraph, Paragraph, Credit, Furniture, Furniture, Furniture],
            "{:?}",
            s.blocks
        );
    }

    #[test]
    fn furniture_patterns() {
        for f in [
            "Mehr News zum Krieg in der Ukraine",
            "Empfehlung der Redaktion",
            "Lesen Sie auch: Trump droht",
            "Startseite > Politik > Ausland",
            "10.07.2025, 14:32 Uhr",
            "Foto: dpa/Kay Nietfeld",
            "Read more: Trump threatens",
            "Anzeige",
            "12 Kommentare",
        ] {
            assert!(is_furniture(f), "{f}");
        }
        for p in [
            "Teilen der Bevölkerung fehlt das Geld.",
            "Facebook hat am Dienstag neue Regeln angekündigt.",
            "Rubio übermittelt Russland Trumps Unzufriedenheit",
        ] {
            assert!(!is_furniture(p), "{p}");
        }
    }
}
