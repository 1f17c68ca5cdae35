//! The time layer: time expressions in German and English, found by
//! word-class rules over the token layer's pieces and resolved to TIMEX3 values
//! against the publication date (news) or the last mentioned date
//! (narrative texts). See `docs/time.md`.
//!
//! ```
//! use depesche::time::{TimeTagger, TimeAnchor};
//! let tagger = TimeTagger::new();
//! let date = chrono::NaiveDate::from_ymd_opt(2025, 7, 10);
//! let times = tagger.tag_text("Rubio sagte am Dienstag, er reise in zwei Wochen.", depesche::Lang::De, date, None);
//! assert_eq!(times[0].value.as_deref(), Some("2025-07-08"));
//! ```

mod grammar;
mod lexicon;
mod point;
mod resolve;
mod scan;

use std::collections::HashSet;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::lang::Lang;
use crate::schema::BlockKind;
use crate::schema::{Analysis, Sentence, TimeExpr};
use crate::text::{TextIndex, TokenLayer};

use grammar::{Cand, Compounds, Matcher, Sem};
use lexicon::{Cls, Lexicon};
use point::Point;
use resolve::Resolver;

/// The time lexicon of `lang`: its calendar's month and weekday names as the
/// `month` and `weekday` classes, then its `time.lex` (`resources/<lang>/`).
pub(crate) fn lexicon_text(lang: Lang) -> String {
    let data = crate::langdata::LangData::get(lang);
    let cal = &data.calendar;
    let mut src = String::new();
    let mut add = |cls: &str, n: usize, forms: &mut dyn Iterator<Item = &String>| {
        let forms: Vec<&str> = forms.map(String::as_str).collect();
        if !forms.is_empty() {
            src.push_str(&format!("{cls} {n} {}\n", forms.join("|")));
        }
    };
    for (i, (full, short)) in cal.months.iter().zip(&cal.month_abbreviations).enumerate() {
        add("month", i + 1, &mut full.iter().chain(short));
    }
    for (i, names) in cal.weekdays.iter().enumerate() {
        add("weekday", i + 1, &mut names.iter());
    }
    src.push_str(data.text("time"));
    src
}

/// Words of single grammar rules (`resources/<lang>/time_words.txt`), of
/// German and English together: the rules read them whatever the language.
pub(crate) struct Words {
    /// Plural units ("Jahren", "years").
    pub plural_units: HashSet<String>,
    /// Plurals that make "Tage zuvor" vague.
    pub plural_units_relative: HashSet<String>,
    /// Words between the two days of a pair ("27. und 28.").
    pub day_pair_joiners: HashSet<String>,
    /// An article before a pair's second day ("bis zum 28.").
    pub day_pair_articles: HashSet<String>,
    /// Words of a range of counts ("1500 bis 2000").
    pub count_range_joiners: HashSet<String>,
    /// Words that may stand before a sentence-opening expression ("Am").
    pub sentence_lead_words: HashSet<String>,
    /// Prepositions before a weekend ("am Wochenende").
    pub weekend_prepositions: HashSet<String>,
    /// Labels before a publication date line ("Stand"), as written.
    pub date_line_labels: Vec<String>,
    /// Words between the two bounds of a range ("Juli bis Oktober 1940").
    pub range_joiners: HashSet<String>,
    /// Words before the end of a range ("bis April 1915").
    pub range_end_words: HashSet<String>,
    /// Words between a clock time and the day it is on ("um 15 Uhr am
    /// Freitag", "at 3 p.m. on Friday").
    pub clock_day_links: HashSet<String>,
}

pub(crate) fn words() -> &'static Words {
    static WORDS: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let list = |section: &str| -> Vec<String> {
            [Lang::De, Lang::En]
                .into_iter()
                .flat_map(|l| crate::langdata::LangData::get(l).words("time_words", section))
                .map(str::to_string)
                .collect()
        };
        let set = |section: &str| -> HashSet<String> { list(section).into_iter().collect() };
        Words {
            plural_units: set("plural_units"),
            plural_units_relative: set("plural_units_relative"),
            day_pair_joiners: set("day_pair_joiners"),
            day_pair_articles: set("day_pair_articles"),
            count_range_joiners: set("count_range_joiners"),
            sentence_lead_words: set("sentence_lead_words"),
            weekend_prepositions: set("weekend_prepositions"),
            date_line_labels: list("date_line_labels"),
            range_joiners: set("range_joiners"),
            range_end_words: set("range_end_words"),
            clock_day_links: set("clock_day_links"),
        }
    })
}

/// How underspecified and relative expressions are anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeAnchor {
    /// News: "am 3. Juli", "im Februar", "am Dienstag" count from the publication date.
    News,
    /// Narrative (histories, backgrounders, Wikipedia): they count from the last mentioned date.
    Narrative,
}

impl FromStr for TimeAnchor {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "news" => Ok(TimeAnchor::News),
            "narrative" => Ok(TimeAnchor::Narrative),
            o => Err(format!("unknown time anchor {o:?} (news|narrative)")),
        }
    }
}

#[derive(Debug, Clone)]
struct LangRes {
    lex: Lexicon,
    comp: Compounds,
}

impl LangRes {
    fn load(src: &str) -> LangRes {
        // The lexicons are compiled in and parsed by a unit test, so a failure
        // here is a build defect, not an input problem.
        let lex = Lexicon::parse(src).expect("bundled time lexicon is valid");
        let comp = Compounds::new(&lex);
        LangRes { lex, comp }
    }
}

/// The loaded time tagger. Build once (it parses the per-language lexicons),
/// then share: `&TimeTagger` is `Sync`.
#[derive(Debug, Clone)]
pub struct TimeTagger {
    de: LangRes,
    en: LangRes,
}

impl Default for TimeTagger {
    fn default() -> Self {
        Self::new()
    }
}

/// A time expression found in one region of text, before resolution.
struct Found {
    cand: Cand,
    /// Code-point span in the article text.
    start: usize,
    end: usize,
    tense: i32,
    /// A bare year inside a sentence ("seit 1939"): often an aside, so it does
    /// not become the anchor of later year-less dates.
    aside: bool,
    /// An explicit year inside a sentence (not opening it, not in a heading).
    inner: bool,
    /// A word stands right before the expression ("seit 1939", "Ab 1778").
    after_word: bool,
    /// The previous expression lies in the same sentence (for clock times in news).
    same_sentence: bool,
    /// Index of the region (paragraph) the expression was found in.
    region: usize,
    /// The region is a heading (a short line without a closing full stop).
    heading: bool,
    /// The expression ends a range ("bis zum April 1915", "Juni 1775 – März 1776").
    range_end: bool,
    /// The next expression is the other bound of a range ("10. Juli bis 31. Oktober 1940").
    joined_next: bool,
}

impl TimeTagger {
    pub fn new() -> Self {
        TimeTagger {
            de: LangRes::load(&lexicon_text(Lang::De)),
            en: LangRes::load(&lexicon_text(Lang::En)),
        }
    }

    fn res(&self, lang: Lang) -> Option<&LangRes> {
        match lang {
            Lang::De => Some(&self.de),
            Lang::En => Some(&self.en),
            Lang::Other => None,
        }
    }

    /// Fill `a.times`, detecting news vs narrative anchoring.
    pub fn annotate(&self, a: &mut Analysis, ix: &TextIndex) {
        self.annotate_with(a, ix, None)
    }

    /// Fill `a.times`; `anchor` forces news or narrative anchoring (`None` detects it).
    ///
    /// When `a.published` is missing and the text opens with a dateline
    /// ("Berlin, 10. Juli 2025 (dpa) –") or a date line ("Stand: 10.07.2025"), that
    /// date becomes `a.published` and a note goes to `a.input.warnings`.
    pub fn annotate_with(&self, a: &mut Analysis, ix: &TextIndex, anchor: Option<TimeAnchor>) {
        let lang = match a.lang.as_str() {
            "en" => Lang::En,
            "de" => Lang::De,
            // Too short to tell: German is the default language of the corpus.
            "und" => Lang::De,
            _ => return,
        };
        let published = a
            .published
            .as_deref()
            .and_then(|p| NaiveDate::parse_from_str(p.get(..10).unwrap_or(p), "%Y-%m-%d").ok());
        let stated = a.published.is_some();
        let layer = TokenLayer::default();
        self.annotate_doc(a, ix, &layer, lang, published, stated, anchor);
    }

    /// Fill `a.times` for an article of language `lang` whose token layer is
    /// `layer` (the pipeline's; blocks it lacks are cut here) and whose
    /// publication date is `published` (`stated`: the article gives one,
    /// parsed or not). Returns the publication date, which a dateline may
    /// have supplied.
    #[allow(clippy::too_many_arguments)]
    pub fn annotate_doc(
        &self,
        a: &mut Analysis,
        ix: &TextIndex,
        layer: &TokenLayer,
        lang: Lang,
        published: Option<NaiveDate>,
        stated: bool,
        anchor: Option<TimeAnchor>,
    ) -> Option<NaiveDate> {
        let Some(res) = self.res(lang) else {
            return published;
        };
        let regions: Vec<(usize, usize)> = {
            // A dateline's own block holds the report's date ("GENEVA, Jan 21 (Reuters) –").
            let dateline_block = |b: &crate::schema::Block| {
                b.kind == BlockKind::Credit
                    && a.credit.dateline.as_deref().is_some_and(|d| {
                        b.end <= ix.len_chars()
                            && ix
                                .slice(&a.text, crate::schema::Span::new(b.start, b.end))
                                .trim_start()
                                .starts_with(d)
                    })
            };
            let mut body: Vec<(usize, usize)> = a
                .blocks
                .iter()
                .filter(|b| b.kind.is_body() || b.kind == BlockKind::Caption || dateline_block(b))
                .map(|b| (b.start, b.end))
                .collect();
            if body.is_empty() && a.blocks.is_empty() {
                vec![(0, ix.len_chars())]
            } else {
                body.extend(timestamp_lines(res, a, ix, layer, &body));
                body.sort_unstable();
                body
            }
        };
        let found = find(res, &a.text, ix, layer, &regions, &a.sentences);
        let mut dct = published;
        if dct.is_none() && !stated {
            // Datelines and "Stand: …" stamps are credit and furniture blocks, not
            // body: scan those near the top too, for the publication date only.
            let head: Vec<(usize, usize)> = a
                .blocks
                .iter()
                .filter(|b| {
                    matches!(b.kind, BlockKind::Credit | BlockKind::Furniture) && b.start < 800
                })
                .map(|b| (b.start, b.end))
                .collect();
            let head_found = find(res, &a.text, ix, layer, &head, &[]);
            let mut candidates: Vec<&Found> = head_found
                .iter()
                .chain(found.iter().filter(|f| f.start < 800))
                .collect();
            candidates.sort_by_key(|f| f.start);
            if let Some((d, how)) = dateline_date(&a.text, ix, &candidates) {
                dct = Some(d);
                a.published = Some(d.format("%Y-%m-%d").to_string());
                a.input
                    .warnings
                    .push(format!("published date taken from the text: {how}"));
            }
        }
        // An agency credit or a dateline marks a report, whatever its years say.
        let reported = !a.credit.agencies.is_empty() || a.credit.dateline.is_some();
        // A weekday or month inside a person's name ("Charly Freitag") is no date.
        let names: Vec<(usize, usize)> = a
            .entities
            .iter()
            .filter(|e| e.kind == crate::schema::EntityType::PER)
            .flat_map(|e| e.mentions.iter())
            // Only a two-word name that ends in the time word: a first name and a
            // surname; a longer one is more likely a name the tagger ran into a
            // following weekday ("… George Floyd Tuesday").
            .filter(|m| m.end > m.start && m.text.split_whitespace().count() == 2)
            .map(|m| (m.start, m.end))
            .collect();
        let found: Vec<Found> = found
            .into_iter()
            .filter(|f| !names.iter().any(|&(s, e)| s < f.start && f.end == e))
            .collect();
        a.times = resolve_all(&a.text, ix, found, dct, anchor, reported, &res.lex);
        dct
    }

    /// Tag a plain text (one region, no sentence layer): for tests, evaluation and
    /// library users without an `Analysis`.
    pub fn tag_text(
        &self,
        text: &str,
        lang: Lang,
        published: Option<NaiveDate>,
        anchor: Option<TimeAnchor>,
    ) -> Vec<TimeExpr> {
        let Some(res) = self.res(lang) else {
            return Vec::new();
        };
        let ix = TextIndex::new(text);
        // Paragraphs as regions, so that no expression runs across a blank line.
        let mut regions = Vec::new();
        let mut byte = 0;
        for line in text.split_inclusive('\n') {
            let s = ix.char_at_byte(byte);
            byte += line.len();
            regions.push((s, ix.char_at_byte(byte)));
        }
        let layer = TokenLayer::of_spans(text, &ix, &regions);
        let found = find(res, text, &ix, &layer, &regions, &[]);
        resolve_all(text, &ix, found, published, anchor, false, &res.lex)
    }
}

/// Lines between body paragraphs that the structure layer set aside as furniture
/// but that are mostly a date or a clock time: the time stamps of a live blog
/// ("2:10 p.m.") and the rows of a schedule ("Freitag, 08.12.2023 | Sprint |").
/// They date the paragraphs that follow them. A line keeps at most three words
/// besides its time expressions; dated lines before the first paragraph and lines
/// outside the body (publication stamps, "Aktualisiert …") are left out.
fn timestamp_lines(
    res: &LangRes,
    a: &Analysis,
    ix: &TextIndex,
    layer: &TokenLayer,
    body: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    const MAX_OTHER_WORDS: usize = 3;
    // Before the first paragraph a dated line ("25.06.2025, 16:48 Uhr" under the
    // teaser) is the page's publication stamp, not a line of the story; a bare clock
    // time there opens a live blog.
    let first_par = a
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| b.end)
        .min()
        .unwrap_or(usize::MAX);
    let (Some(first), Some(last)) = (
        body.iter().map(|b| b.1).min(),
        body.iter().map(|b| b.0).max(),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for b in &a.blocks {
        if b.kind != BlockKind::Furniture || b.start < first || b.end > last || b.start >= b.end {
            continue;
        }
        let (bs, be) = (ix.byte(b.start), ix.byte(b.end.min(ix.len_chars())));
        if be <= bs || be - bs > 200 {
            continue;
        }
        let found = find(res, &a.text, ix, layer, &[(b.start, b.end)], &[]);
        // A stamp names a day or a clock time ("Free weekly newsletter" does not).
        let dates = found.iter().any(|f| {
            !matches!(
                f.cand.sem,
                Sem::Set(_) | Sem::Duration(_) | Sem::Ref(_) | Sem::NarrativeNow(_) | Sem::NoValue
            )
        });
        if !dates || b.start < first_par && found.iter().any(|f| has_year(&f.cand.sem)) {
            continue;
        }
        // Words are letter runs: the pieces of the line, and of its expressions.
        let own;
        let (layer, lb) = match layer.block_of(b.start, b.end) {
            Some(lb) => (layer, lb),
            None => {
                own = TokenLayer::of_spans(&a.text, ix, &[(b.start, b.end)]);
                (&own, 0)
            }
        };
        let is_word =
            |p: &&crate::text::layer::Piece| p.kind == crate::text::layer::PieceKind::Alpha;
        let pieces = layer.pieces(lb);
        let covered: usize = found
            .iter()
            .map(|f| {
                pieces
                    .iter()
                    .filter(|p| p.start as usize >= f.start && p.end as usize <= f.end)
                    .filter(is_word)
                    .count()
            })
            .sum();
        let words = pieces.iter().filter(is_word).count();
        if words.saturating_sub(covered) <= MAX_OTHER_WORDS {
            out.push((b.start, b.end));
        }
    }
    out
}

/// Scan each region and collect candidates with their tense.
fn find(
    res: &LangRes,
    text: &str,
    ix: &TextIndex,
    layer: &TokenLayer,
    regions: &[(usize, usize)],
    sents: &[Sentence],
) -> Vec<Found> {
    let mut out = Vec::new();
    for (region_ix, &(cs, ce)) in regions.iter().enumerate() {
        if cs >= ce || ce > ix.len_chars() {
            continue;
        }
        let (bs, be) = (ix.byte(cs), ix.byte(ce));
        let region = &text[bs..be];
        // The region's block of the layer; one the layer lacks is cut here.
        let own;
        let (layer, lb) = match layer.block_of(cs, ce) {
            Some(lb) => (layer, lb),
            None => {
                own = TokenLayer::of_spans(text, ix, &[(cs, ce)]);
                (&own, 0)
            }
        };
        let toks = scan::tokens(text, layer, lb);
        // A short line without a closing full stop is a heading ("Kriegsjahr 1915").
        let heading = region.chars().count() <= 80
            && !region.trim_end().ends_with(['.', '!', '?', ':', ',', ';']);
        let m = Matcher::new(&toks, &res.lex, &res.comp);
        let mut prev_end: Option<usize> = None;
        let first_found = out.len();
        let mut i = 0;
        while i < toks.len() {
            // "in letzter Sekunde", "Aktuelle Stunde": phrases that name no time.
            if let Some(end) = m.idiom_end(i) {
                i = end;
                continue;
            }
            match m.match_at(i) {
                Some(c) => {
                    let start = ix.char_at_byte(bs + toks[c.s].start);
                    let end = ix.char_at_byte(bs + toks[c.e - 1].end);
                    let tense = if needs_tense(&c.sem) {
                        tense_at(
                            &toks,
                            &res.lex,
                            &c,
                            sentence_bounds(sents, start, end, ix, bs, be),
                        )
                    } else {
                        0
                    };
                    let aside = matches!(c.sem, Sem::Point(Point::Year(_)))
                        && c.e - c.s == 1
                        && c.s > 0
                        && !matches!(
                            toks[c.s - 1].lower,
                            "." | "im" | "in" | "jahr" | "jahre" | "jahres" | ":" | "\n"
                        );
                    let inner = has_year(&c.sem) && !heading && !sentence_initial(&toks, c.s);
                    let same_sentence = prev_end.is_some_and(|pe: usize| {
                        !toks[pe..c.s].iter().any(|t| {
                            t.kind == scan::TokKind::Punct && matches!(t.lower, "." | "!" | "?")
                        })
                    });
                    prev_end = Some(c.e);
                    i = c.e;
                    let range_end = range_end_before(&toks, c.s);
                    let after_word = c.s > 0 && toks[c.s - 1].kind == scan::TokKind::Word;
                    out.push(Found {
                        cand: c,
                        start,
                        end,
                        tense,
                        aside,
                        inner,
                        after_word,
                        same_sentence,
                        region: region_ix,
                        heading,
                        range_end,
                        joined_next: false,
                    });
                }
                None => i += 1,
            }
        }
        for k in first_found + 1..out.len() {
            let between = &toks[out[k - 1].cand.e..out[k].cand.s];
            if (1..=3).contains(&between.len())
                && between
                    .iter()
                    .all(|t| words().range_joiners.contains(t.lower))
            {
                out[k - 1].joined_next = true;
                out[k].range_end |= words().range_end_words.contains(between[0].lower);
            }
        }
    }
    out
}

/// A range-end word ("bis", "until") stands before the expression, give or take
/// an article ("bis zum April 1915").
fn range_end_before(toks: &[scan::Tok], s: usize) -> bool {
    let w = words();
    (1..=2).any(|back| {
        s >= back
            && toks[s - back].kind == scan::TokKind::Word
            && w.range_end_words.contains(toks[s - back].lower)
            && toks[s - back + 1..s]
                .iter()
                .all(|t| t.kind == scan::TokKind::Word && w.range_joiners.contains(t.lower))
    })
}

/// The date of an expression with an explicit year.
fn explicit_point(sem: &Sem) -> Option<Point> {
    match sem {
        Sem::Point(p) => p.year().map(|_| *p),
        Sem::DayTime { day: Some(d), .. } | Sem::DayBefore(d) => explicit_point(d),
        _ => None,
    }
}

/// An explicit year is part of the expression.
fn has_year(sem: &Sem) -> bool {
    match sem {
        Sem::Point(p) => p.year().is_some(),
        Sem::DayTime { day: Some(d), .. } | Sem::DayBefore(d) => has_year(d),
        _ => false,
    }
}

/// The expression opens its sentence, give or take a preposition or a part word
/// ("Am 1. Januar 1863 …", "Anfang 1945 …", "1939 begann …").
fn sentence_initial(toks: &[scan::Tok], s: usize) -> bool {
    let mut p = s;
    for _ in 0..2 {
        if p == 0 {
            return true;
        }
        let t = &toks[p - 1];
        if t.kind == scan::TokKind::Punct {
            return matches!(t.lower, "." | "!" | "?" | ":" | ";");
        }
        if !words().sentence_lead_words.contains(t.lower) {
            return false;
        }
        p -= 1;
    }
    p == 0 || matches!(toks[p - 1].lower, "." | "!" | "?" | ":" | ";")
}

/// A weekday or weekend: a week either way, where even a weak sign of tense (a
/// regular past ending) is a better guide than the nearest reading. Year-less dates
/// span a year, and a past reporting verb ("showed a 45% chance of a cut at the
/// Sept. 16 meeting") must not send them back eleven months.
fn week_scale(sem: &Sem) -> bool {
    match sem {
        Sem::Weekday { .. } | Sem::Weekend { .. } => true,
        Sem::DayTime { day: Some(d), .. } | Sem::DayBefore(d) => week_scale(d),
        _ => false,
    }
}

fn needs_tense(sem: &Sem) -> bool {
    match sem {
        Sem::Weekday { dir: 0, .. } | Sem::Weekend { dir: 0 } | Sem::NoYear(_) => true,
        Sem::DayTime { day: Some(d), .. } | Sem::DayBefore(d) => needs_tense(d),
        _ => false,
    }
}

/// Byte range (within the region) of the sentence holding `start..end`.
fn sentence_bounds(
    sents: &[Sentence],
    start: usize,
    end: usize,
    ix: &TextIndex,
    bs: usize,
    be: usize,
) -> (usize, usize) {
    let k = sents.partition_point(|s| s.end <= start);
    match sents.get(k) {
        Some(s) if s.start <= start && end <= s.end.max(end) => {
            let lo = ix.byte(s.start).max(bs) - bs;
            let hi = ix.byte(s.end.min(ix.len_chars())).min(be).max(bs) - bs;
            (lo, hi.max(lo))
        }
        _ => (0, be - bs),
    }
}

/// The tense of the verb nearest to the candidate inside its sentence.
fn tense_at(toks: &[scan::Tok], lex: &Lexicon, c: &Cand, (lo, hi): (usize, usize)) -> i32 {
    const REACH: usize = 25;
    // A full stop after a word ends a sentence (one after a number is an ordinal):
    // this bounds the search where no sentence layer is at hand.
    let ends_sentence = |i: usize| {
        toks[i].kind == scan::TokKind::Punct
            && matches!(toks[i].lower, "." | "!" | "?")
            && i > 0
            && toks[i - 1].kind == scan::TokKind::Word
    };
    let (mut open_left, mut open_right) = (true, true);
    for d in 1..=REACH {
        for (left, idx) in [(true, c.s.checked_sub(d)), (false, Some(c.e - 1 + d))] {
            let Some(i) = idx else { continue };
            let Some(t) = toks.get(i) else { continue };
            if t.start < lo || t.end > hi.max(lo) && hi > lo {
                continue;
            }
            if ends_sentence(i) {
                if left {
                    open_left = false;
                } else {
                    open_right = false;
                }
            }
            if left && !open_left || !left && !open_right {
                continue;
            }
            if lex.word_is(t.lower, Cls::Past) {
                return -1;
            }
            if lex.word_is(t.lower, Cls::Modal) {
                return modal_tense(toks, lex, i, hi);
            }
            if lex.word_is(t.lower, Cls::Future) {
                return 1;
            }
            // "would be closed on Thursday": a participle after a passive auxiliary
            // carries no tense of its own.
            let after_aux = i > 0 && lex.word_is(toks[i - 1].lower, Cls::PassiveAux);
            if week_scale(&c.sem) && !t.upper && !after_aux && is_regular_past(lex, t.lower) {
                return -1;
            }
        }
    }
    0
}

/// A modal verb points ahead ("soll am Montag beginnen", "will meet on Monday") unless
/// its clause ends in a perfect infinitive ("soll am Montag geschossen haben",
/// "is said to … have"): then it reports a past event.
fn modal_tense(toks: &[scan::Tok], lex: &Lexicon, at: usize, hi: usize) -> i32 {
    let words: Vec<&scan::Tok> = toks
        .iter()
        .skip(at + 1)
        .take_while(|t| {
            !(hi > 0 && t.end > hi
                || t.kind == scan::TokKind::Punct
                    && matches!(t.lower, "," | "." | "!" | "?" | ";" | ":"))
        })
        .filter(|t| t.kind != scan::TokKind::Punct)
        .collect();
    // A participle: lower case, with the ending of one ("geschossen", "verletzt", "attacked").
    let participle = |t: &scan::Tok| {
        !t.upper
            && (t.lower.ends_with('t') || t.lower.ends_with("en") || is_regular_past(lex, t.lower))
    };
    let perfect = words.iter().enumerate().any(|(k, t)| {
        lex.word_is(t.lower, Cls::PerfInf)
            && (k + 1 == words.len() && k > 0 && participle(words[k - 1])
                || words.get(k + 1).is_some_and(|n| participle(n)))
    });
    if perfect {
        -1
    } else {
        1
    }
}

/// A regular past form by its ending ("attacked"), for languages whose lexicon gives one.
fn is_regular_past(lex: &Lexicon, w: &str) -> bool {
    w.len() > 4
        && lex
            .suffixes(Cls::PastSuffix)
            .iter()
            .any(|s| w.ends_with(s.as_str()))
        && !lex.word_is(w, Cls::NotPast)
        && !w.ends_with("eed")
}

/// Narrative or news: a text whose explicit years lie mostly away from its
/// publication year reads as a history, whatever its source.
///
/// Without a publication date, a text that speaks like a report (weekdays,
/// "gestern") or carries an agency credit or dateline (`reported`) is news
/// too: its "im September" then gets no value, where narrative anchoring
/// would borrow the year of the last date mentioned ("since 1993") and
/// invent a date.
fn detect_news(found: &[Found], dct: Option<NaiveDate>, reported: bool) -> bool {
    use chrono::Datelike;
    // Weekdays and "gestern"/"vergangene Woche" are the voice of a report.
    let deictic = found
        .iter()
        .filter(|f| match &f.cand.sem {
            Sem::Weekday { .. } | Sem::WeekdayOfWeek { .. } => true,
            Sem::Offset {
                base: grammar::Base::Deictic,
                n,
                unit,
                ..
            } => *n != 0 && matches!(unit, point::Unit::D | point::Unit::W),
            Sem::DayTime { day: Some(s), .. } => matches!(s.as_ref(), Sem::Weekday { .. }),
            _ => false,
        })
        .count();
    if deictic >= 2 {
        return true;
    }
    let Some(d) = dct else { return reported };
    let years: Vec<i32> = found
        .iter()
        .filter_map(|f| match &f.cand.sem {
            Sem::Point(p) => p.year(),
            Sem::DayTime { day: Some(s), .. } => match s.as_ref() {
                Sem::Point(p) => p.year(),
                _ => None,
            },
            _ => None,
        })
        .collect();
    if years.len() < 3 {
        return true;
    }
    let near = years
        .iter()
        // News looks a little ahead too ("ab 2027", "bis 2026"): the publication
        // year, the year before and the two after count as near.
        .filter(|&&y| (d.year() - 1..=d.year() + 2).contains(&y))
        .count();
    near * 3 >= years.len()
}

/// "um 15 Uhr am Freitag", "at 3 p.m. on Friday": a clock time without a
/// day takes the day named right after it (only a link word between), as it
/// takes one named before it.
fn clock_then_day(text: &str, ix: &TextIndex, mut found: Vec<Found>) -> Vec<Found> {
    for k in 0..found.len().saturating_sub(1) {
        let Sem::DayTime { day: None, clock } = &found[k].cand.sem else {
            continue;
        };
        let next = &found[k + 1];
        let names_day = match &next.cand.sem {
            Sem::Weekday { .. } => true,
            Sem::Point(p) => p.is_day(),
            _ => false,
        };
        if !names_day || next.start < found[k].end || next.start - found[k].end > 12 {
            continue;
        }
        let gap = ix
            .slice(text, crate::schema::Span::new(found[k].end, next.start))
            .trim()
            .to_lowercase();
        if !words().clock_day_links.contains(&gap) {
            continue;
        }
        let sem = Sem::DayTime {
            day: Some(Box::new(next.cand.sem.clone())),
            clock: clock.clone(),
        };
        let tense = next.tense;
        found[k].cand.sem = sem;
        found[k].tense = tense;
    }
    found
}

fn resolve_all(
    text: &str,
    ix: &TextIndex,
    found: Vec<Found>,
    dct: Option<NaiveDate>,
    anchor: Option<TimeAnchor>,
    reported: bool,
    lex: &Lexicon,
) -> Vec<TimeExpr> {
    let news = match anchor {
        Some(TimeAnchor::News) => true,
        Some(TimeAnchor::Narrative) => false,
        None => detect_news(&found, dct, reported),
    };
    let mut r = Resolver::new(news, dct);
    let mut out = Vec::with_capacity(found.len());
    let found = clock_then_day(text, ix, found);
    // The year (and month) of the other bound of a range, for a bound without one.
    let hints: Vec<Option<(i32, Option<u32>)>> = (0..found.len())
        .map(|k| {
            let next = found.get(k + 1).filter(|_| found[k].joined_next)?;
            // A bound of the same kind: a month or a day, a season ("Spätsommer und
            // Herbst 1940"); "im Juni bis 2019 verlängert" names no range of months.
            let p = explicit_point(&next.cand.sem)
                .filter(|p| p.month().is_some() || matches!(p, Point::Season(..)))?;
            Some((p.year()?, p.month()))
        })
        .collect();
    // A heading whose only expression is a year opens a chapter on that year.
    let alone = |k: usize| {
        let r = found[k].region;
        (k == 0 || found[k - 1].region != r) && found.get(k + 1).is_none_or(|n| n.region != r)
    };
    let chapters: Vec<Option<Option<i32>>> = (0..found.len())
        .map(|k| {
            let f = &found[k];
            (f.heading && (k == 0 || found[k - 1].region != f.region)).then(|| match f.cand.sem {
                Sem::Point(Point::Year(y)) if alone(k) => Some(y),
                _ => None,
            })
        })
        .collect();
    let mut prev_date: Option<Point> = None;
    for (k, f) in found.into_iter().enumerate() {
        let keep = (r.last, r.last_day);
        r.aside = f.inner;
        r.same_sentence = f.same_sentence;
        r.region = f.region;
        // A range's end moves nothing inside a sentence or a heading; one that
        // opens a sentence ("Bis zum März 1776 hatte er …") tells of its time.
        r.bound = f.range_end && (f.inner || f.heading) || f.aside && f.after_word;
        r.range_end = f.range_end;
        r.year_hint = hints[k];
        let date = explicit_point(&f.cand.sem);
        r.sentence_date = prev_date.filter(|_| f.same_sentence);
        prev_date = date;
        if let Some(chapter) = chapters[k] {
            r.chapter_year = chapter;
        }
        let Some((kind, value)) = r.resolve(&f.cand.sem, f.tense) else {
            continue;
        };
        if f.aside && !news {
            (r.last, r.last_day) = keep;
        }
        out.push(TimeExpr {
            start: f.start,
            end: f.end,
            text: ix
                .slice(text, crate::schema::Span::new(f.start, f.end))
                .to_string(),
            kind: kind.to_string(),
            value,
            modifier: f.cand.modifier,
        });
    }
    // Undated texts follow the news conventions too: histories carry their dates.
    if news || dct.is_none() {
        join_seasons(text, ix, &mut out);
        join_night_pairs(text, ix, lex, &mut out);
    }
    out
}

/// Join neighbouring expressions where `join(a, b)` says so (`Some(true)`:
/// the joined one has no single value). An expression joined with the one
/// before it is not joined again. One pass that rebuilds the list: removing
/// from the middle of a vector per join was quadratic on long texts.
fn join_adjacent(
    text: &str,
    ix: &TextIndex,
    out: &mut Vec<TimeExpr>,
    mut join: impl FnMut(&TimeExpr, &TimeExpr) -> Option<bool>,
) {
    let mut kept: Vec<TimeExpr> = Vec::with_capacity(out.len());
    let mut just_joined = false;
    for t in out.drain(..) {
        if !just_joined {
            if let Some(last) = kept.last_mut() {
                if let Some(no_value) = join(last, &t) {
                    last.end = t.end;
                    last.text = ix
                        .slice(text, crate::schema::Span::new(last.start, t.end))
                        .to_string();
                    if no_value {
                        last.value = None;
                    }
                    just_joined = true;
                    continue;
                }
            }
        }
        just_joined = false;
        kept.push(t);
    }
    *out = kept;
}

/// In news "Nacht vom 15. auf den 16. Juni" is one expression, the night of the
/// 15th; histories annotate its two days apart (as the TIMEX2 keys do), so the
/// grammar finds them apart and news joins them here.
fn join_night_pairs(text: &str, ix: &TextIndex, lex: &Lexicon, out: &mut Vec<TimeExpr>) {
    join_adjacent(text, ix, out, |a, b| {
        let night = a.kind == "TIME"
            && b.kind == "DATE"
            && a.value.as_deref().is_none_or(|v| v.ends_with("TNI"))
            && b.start > a.end
            && {
                let between = ix.slice(text, crate::schema::Span::new(a.end, b.start));
                scan::with_tokens(between, |toks| {
                    let mut items = Vec::new();
                    !toks.is_empty() && {
                        lex.lookup(toks, 0, &mut items);
                        items.iter().any(|it| {
                            it.len == toks.len()
                                && lex.entries[it.entry as usize].cls == Cls::NightTo
                        })
                    }
                })
            };
        night.then_some(false)
    });
}

/// In news "2023/24" is one season (sports, school or fiscal year) and "1996-2006"
/// one span, neither with a single TIMEX3 value; histories write "1912/13" as two
/// years (as the TIMEX2 keys do).
fn join_seasons(text: &str, ix: &TextIndex, out: &mut Vec<TimeExpr>) {
    let year_of = |t: &TimeExpr| -> Option<i32> {
        let v = t.value.as_deref()?;
        if v.len() == 4 && t.kind == "DATE" {
            v.parse().ok()
        } else {
            None
        }
    };
    join_adjacent(text, ix, out, |a, b| {
        let sep = ix.slice(text, crate::schema::Span::new(a.end, b.start.max(a.end)));
        let joined = b.start == a.end + 1
            && (b.end == b.start + 2
                && sep == "/"
                && matches!((year_of(a), year_of(b)), (Some(x), Some(y)) if y == x + 1)
                // "1996-2006": a span of years, one expression with no single value.
                || matches!(sep, "-" | "–")
                    && matches!((year_of(a), year_of(b)), (Some(x), Some(y)) if y > x));
        joined.then_some(true)
    });
}

/// A full date at the head of the article that states when it was written:
/// "Berlin, 10. Juli 2025 (dpa) –", "Stand: 10.07.2025", "10.07.2025, 14:32 Uhr".
fn dateline_date(text: &str, ix: &TextIndex, found: &[&Found]) -> Option<(NaiveDate, String)> {
    for f in found.iter().take(6) {
        let p = match &f.cand.sem {
            Sem::Point(p @ Point::Day(..)) => *p,
            Sem::DayTime { day: Some(d), .. } => match d.as_ref() {
                Sem::Point(p @ Point::Day(..)) => *p,
                _ => continue,
            },
            _ => continue,
        };
        if f.start > 800 {
            break;
        }
        let b = ix.byte(f.start);
        let line_start = text[..b].rfind('\n').map(|x| x + 1).unwrap_or(0);
        let before = text[line_start..b].trim();
        let after_end = ix.byte(f.end);
        let after: String = text[after_end..].chars().take(20).collect();
        let after = after.trim_start();
        let lead_ok = before.is_empty()
            || before.chars().count() <= 40 && before.ends_with(',')
            || words()
                .date_line_labels
                .iter()
                .any(|w| before.starts_with(w.as_str()) && before.chars().count() <= 30);
        let tail_ok = after.is_empty()
            || after.starts_with('(')
            || after.starts_with('–')
            || after.starts_with('-')
            || after.starts_with(',')
            || after.starts_with('|')
            || after.starts_with('\n')
            || after.starts_with("um")
            || after.starts_with(|c: char| c.is_ascii_digit());
        if lead_ok && tail_ok {
            let line_end = text[b..].find('\n').map(|x| b + x).unwrap_or(text.len());
            let line: String = text[line_start..line_end].chars().take(60).collect();
            return p.date().map(|d| (d, format!("{:?}", line.trim())));
        }
    }
    None
}

#[cfg(test)]
mod tests;
