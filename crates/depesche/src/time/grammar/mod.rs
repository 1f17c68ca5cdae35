//! Recognition: word-class patterns over the scanner's tokens, producing
//! candidates with a meaning ([`Sem`]) that `resolve.rs` turns into values.
//! The patterns are the same for every language; the lexicon says which
//! words fill each class ("vor" is an ago-word placed before the count in
//! German, "ago" one placed after it in English).

mod clock;
mod dates;
mod durations;
mod parts;
mod periods;
mod relative;
mod sets;
mod years;

use super::lexicon::{Cls, Entry, Item, Lexicon};
use super::point::{Point, Unit};
use super::scan::{Tok, TokKind};

pub use periods::easter_point;

/// Which date a relative expression counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The publication date ("gestern", "vergangene Woche").
    Deictic,
    /// The last mentioned date ("am Tag zuvor", "zwei Tage später").
    Anaphoric,
}

/// A date missing its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partial {
    Month(u32),
    Day(u32, u32),
    Season(&'static str),
    Quarter(u32),
    Half(u32),
    /// A feast counted from Easter Sunday (days; Pfingsten = +49).
    Easter(i32),
}

/// What a candidate means, before anchoring.
#[derive(Debug, Clone, PartialEq)]
pub enum Sem {
    /// Fully specified.
    Point(Point),
    /// Month/day/season without a year.
    NoYear(Partial),
    /// A weekday; `dir` -1/+1 forces last/next, 0 lets tense decide.
    Weekday {
        wd: u32,
        dir: i32,
    },
    /// A weekday of the week `n` weeks from the base's week ("Donnerstag
    /// vergangener Woche", "Monday of next week"): no tense to weigh.
    WeekdayOfWeek {
        wd: u32,
        n: i32,
        base: Base,
    },
    /// `n` units from the base, at the unit's granularity. `now` marks "heute"
    /// (PRESENT_REF in narrative texts).
    Offset {
        unit: Unit,
        n: i32,
        base: Base,
        now: bool,
    },
    /// "in zwei Wochen": a future offset in news, a duration in narrative texts.
    InOffset {
        unit: Unit,
        n: i32,
        dur: String,
    },
    /// A month relative to a year offset ("März des folgenden Jahres").
    MonthOfYear {
        month: u32,
        n: i32,
        base: Base,
    },
    /// "vergangenen Februar": the last/next such month from the base.
    MonthRel {
        month: u32,
        dir: i32,
    },
    /// A time of day on a day (the day given, else the last mentioned day).
    DayTime {
        day: Option<Box<Sem>>,
        clock: Clock,
    },
    /// The day before a day: "Nacht zu Sonntag" is the night that starts on Saturday.
    DayBefore(Box<Sem>),
    /// `n` units from the base, kept at the base's own granularity: "vor einem Jahr",
    /// "vor genau drei Monaten" name a day, not a year or a month.
    Exact {
        unit: Unit,
        n: i32,
    },
    /// A weekend; `dir` -1/+1 forces last/next, 0 lets tense decide.
    Weekend {
        dir: i32,
    },
    /// A time expression with no calendar value ("vor 150 Millionen Jahren").
    NoValue,
    Duration(String),
    Set(String),
    Ref(String),
    /// "heutige": PRESENT_REF in narrative texts only.
    NarrativeNow(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clock {
    HourMin(u32, u32, Option<String>),
    Part(String),
}

impl Sem {
    pub fn kind(&self) -> &'static str {
        match self {
            Sem::DayTime { .. } => "TIME",
            Sem::Duration(_) => "DURATION",
            Sem::Set(_) => "SET",
            _ => "DATE",
        }
    }
}

/// A recognised expression: tokens `s..e`, its meaning and TIMEX3 `mod`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cand {
    pub s: usize,
    pub e: usize,
    pub sem: Sem,
    pub modifier: Option<String>,
}

type M = Option<(usize, Sem, Option<String>)>;

/// Compound-word vocabulary precomputed per language.
#[derive(Debug, Clone, Default)]
pub struct Compounds {
    weekdays: Vec<(String, u32)>,
    nums: Vec<(String, i32)>,
    /// Suffixes of unit adjectives ("tägigen"), checked before trying number
    /// prefixes (by last byte: most long words end in none of them).
    adj_suffixes: crate::wordlist::SuffixList,
}

impl Compounds {
    pub fn new(lex: &Lexicon) -> Self {
        Compounds {
            weekdays: lex
                .words_of(Cls::Weekday)
                .into_iter()
                .filter(|(w, _)| w.chars().count() > 3)
                .map(|(w, e)| (w.to_string(), e.int() as u32))
                .collect(),
            nums: lex
                .words_of(Cls::Num)
                .into_iter()
                .filter(|(w, _)| w.chars().count() >= 3)
                .map(|(w, e)| (w.to_string(), e.int()))
                .collect(),
            adj_suffixes: {
                let mut l = crate::wordlist::SuffixList::default();
                l.extend(
                    lex.words_of(Cls::UnitAdj)
                        .into_iter()
                        .map(|(w, _)| w.to_string()),
                );
                l
            },
        }
    }
}

pub struct Matcher<'a> {
    pub toks: &'a [Tok<'a>],
    lex: &'a Lexicon,
    comp: &'a Compounds,
    /// Lexicon matches of all tokens, flat; token `i` owns `items[at[i]..at[i + 1]]`.
    items: Vec<Item>,
    at: Vec<u32>,
    /// Per token, a bit for each class among its items: most lookups ask for
    /// a class the token does not have and stop here.
    classes: Vec<u64>,
}

/// Classes whose words only ever follow or surround an expression, never open one.
const CONTEXT_ONLY: u64 = {
    let cls = [
        Cls::NightTo,
        Cls::Modal,
        Cls::PerfInf,
        Cls::NotPast,
        Cls::Age,
        Cls::RangeFrom,
        Cls::RangeTo,
        Cls::Past,
        Cls::Future,
        Cls::NotYear,
        Cls::PassiveAux,
    ];
    let mut m = 0u64;
    let mut k = 0;
    while k < cls.len() {
        m |= 1u64 << (cls[k] as u32 & 63);
        k += 1;
    }
    m
};

/// One bit per lexicon class (fewer than 64; were there more, classes would
/// share bits, which only makes the test in `get` let more through).
#[inline]
fn cls_bit(c: Cls) -> u64 {
    1u64 << (c as u32 & 63)
}

impl<'a> Matcher<'a> {
    pub fn new(toks: &'a [Tok<'a>], lex: &'a Lexicon, comp: &'a Compounds) -> Self {
        let mut items = Vec::with_capacity(toks.len() / 2);
        let mut at = Vec::with_capacity(toks.len() + 1);
        let mut classes = Vec::with_capacity(toks.len());
        let mut buf = Vec::new();
        for i in 0..toks.len() {
            at.push(items.len() as u32);
            lex.lookup(toks, i, &mut buf);
            classes.push(buf.iter().fold(0u64, |m, it| {
                m | cls_bit(lex.entries[it.entry as usize].cls)
            }));
            items.extend_from_slice(&buf);
        }
        at.push(items.len() as u32);
        Matcher {
            toks,
            lex,
            comp,
            items,
            at,
            classes,
        }
    }

    fn n(&self) -> usize {
        self.toks.len()
    }

    /// The longest item of class `cls` at `i`: (entry, end token). Every
    /// rule asks this first and the class bits mostly answer no, so that
    /// check is inlined into the rules and the search is not.
    #[inline(always)]
    fn get(&self, i: usize, cls: Cls) -> Option<(&'a Entry, usize)> {
        if i + 1 >= self.at.len() || self.classes[i] & cls_bit(cls) == 0 {
            return None;
        }
        self.find_item(i, cls)
    }

    /// [`Matcher::get`] for a token that has an item of class `cls`.
    #[inline(never)]
    fn find_item(&self, i: usize, cls: Cls) -> Option<(&'a Entry, usize)> {
        let items = &self.items[self.at[i] as usize..self.at[i + 1] as usize];
        items
            .iter()
            .map(|it| (&self.lex.entries[it.entry as usize], i + it.len))
            .find(|(e, _)| e.cls == cls)
    }

    fn is(&self, i: usize, cls: Cls) -> bool {
        self.get(i, cls).is_some()
    }

    fn lower(&self, i: usize) -> &str {
        self.toks.get(i).map(|t| t.lower).unwrap_or("")
    }

    fn punct(&self, i: usize, p: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokKind::Punct && t.lower == p)
    }

    /// Token `i` exists and follows the previous one without a space.
    fn attached(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space_before)
    }

    /// The end of an idiom that names no time ("in letzter Sekunde") starting at `i`.
    pub fn idiom_end(&self, i: usize) -> Option<usize> {
        self.get(i, Cls::Idiom).map(|(_, j)| j)
    }

    /// Every pattern at token `i`; the longest wins.
    pub fn match_at(&self, i: usize) -> Option<Cand> {
        // Most tokens start nothing: punctuation and words the lexicon does not know
        // (bar compounds like "Dienstagabend" and the prepositions of "am Tag zuvor").
        let t = &self.toks[i];
        // Words known only as context (tense, "zu" of "Nacht zu Sonntag", "alt" of an
        // age) start nothing either: they are frequent, so skip them as cheaply.
        let context_only = self.classes[i] & !CONTEXT_ONLY == 0;
        if (self.at[i] == self.at[i + 1] || context_only) && t.kind != TokKind::Num {
            if t.kind == TokKind::Punct {
                return None;
            }
            if !matches!(t.lower, "am" | "an" | "on") {
                // `best` of the two, without an array to build and drop
                // (most tokens come here and match neither).
                let (e, sem, modifier) = match (self.weekday(i), self.word_duration(i)) {
                    (Some(a), Some(b)) if b.0 > a.0 => b,
                    (Some(a), _) => a,
                    (None, b) => b?,
                };
                return Some(Cand {
                    s: i,
                    e,
                    sem,
                    modifier,
                });
            }
        }
        let core = |i: usize| -> M {
            best(&mut [
                self.day_pair_first(i),
                self.date_core(i, false),
                self.short_year(i),
                self.part_of(i),
                self.deictic(i),
                self.rel(i),
                self.unit_rel(i),
                self.unit_post(i),
                self.counted(i),
                self.since(i),
                self.weekday(i),
                self.set(i),
                self.word_duration(i),
                self.vague_duration(i),
                self.weekend(i),
                self.time_of_day(i),
                self.reference(i),
            ])
        };
        let mut found = core(i);
        // A modifier in front: "mehr als drei Tage", "etwa eine Woche", "ungefähr Mitte Juni".
        // "over the past week" is a span ending now, not "more than" one.
        let span = self.is(i, Cls::SpanPre) && self.is(i + 1, Cls::Rel);
        if let Some((e, j)) = self.get(i, Cls::Mod).filter(|_| !span) {
            if let Some((end, sem, m)) = core(j) {
                if !matches!(sem, Sem::Ref(_) | Sem::NarrativeNow(_))
                    && found.as_ref().is_none_or(|f| end > f.0)
                {
                    found = Some((end, sem, m.or(Some(e.value.clone()))));
                }
            }
        }
        let (e, sem, modifier) = found?;
        if e <= i || e > self.n() {
            return None;
        }
        Some(Cand {
            s: i,
            e,
            sem,
            modifier,
        })
    }
}

fn valid(sem: &Sem) -> bool {
    match sem {
        Sem::Point(p) => p.valid(),
        Sem::NoYear(Partial::Day(m, d)) => Point::Day(2024, *m, *d).valid(),
        Sem::NoYear(Partial::Month(m)) => (1..=12).contains(m),
        _ => true,
    }
}

/// The longest of the rules' matches, the first of equals; the winner is
/// taken out of `opts`, not cloned.
fn best(opts: &mut [M]) -> M {
    let mut win: Option<usize> = None;
    for (k, o) in opts.iter().enumerate() {
        if let Some(o) = o {
            if win.is_none_or(|w| opts[w].as_ref().is_some_and(|b| o.0 > b.0)) {
                win = Some(k);
            }
        }
    }
    opts[win?].take()
}

/// What the whole tagger makes of the words `expr` in `text`, published
/// 2025-07-10: "value KIND" with the `mod` after it, "" when `expr` is not an
/// expression. The tests beside each rule family read it.
#[cfg(test)]
fn tagged(lang: &str, text: &str, expr: &str) -> String {
    static TAGGER: std::sync::OnceLock<super::TimeTagger> = std::sync::OnceLock::new();
    let tagger = TAGGER.get_or_init(super::TimeTagger::new);
    let published = chrono::NaiveDate::from_ymd_opt(2025, 7, 10);
    let lang = crate::lang::Lang::from_code(lang);
    let times = tagger.tag_text(text, lang, published, None);
    let Some(t) = times.iter().find(|t| t.text == expr) else {
        return String::new();
    };
    let mut out = format!("{} {}", t.value.as_deref().unwrap_or("null"), t.kind);
    if let Some(m) = &t.modifier {
        out = format!("{out} {m}");
    }
    out
}
