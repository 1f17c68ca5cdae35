//! Per-language time vocabulary: `resources/<lang>/time.lex` and the month and
//! weekday names of `resources/<lang>/calendar.txt` ([`super::lexicon_text`]).
//!
//! Languages are data: the rules in `grammar/` see only word classes
//! (month, unit, "vor" = ago-before, "ago" = ago-after, …), so adding a
//! language means adding a lexicon file.

use std::collections::HashMap;

use super::scan::{with_tokens, TokKind};

/// Word classes the grammar knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cls {
    Month,
    Ambiguous,
    Weekday,
    Weekdays,
    Season,
    SeasonPart,
    Unit,
    UnitAdj,
    Num,
    Ord,
    Vague,
    DeicticDay,
    DeicticDayPart,
    Rel,
    UnitRel,
    After,
    Before,
    AgoPre,
    AgoPost,
    InPre,
    NachPre,
    Since,
    Mod,
    ModAdj,
    Part,
    YearPart,
    DayPart,
    Ref,
    NarrativeNow,
    SetAdv,
    Every,
    Lang,
    Uhr,
    AmPm,
    Tz,
    Bc,
    Gen,
    YearCtx,
    Laufe,
    DecadeWord,
    DecadeSuffix,
    QuarterPrefix,
    Cw,
    Holiday,
    Past,
    Future,
    NotYear,
    NightTo,
    Modal,
    PerfInf,
    PastSuffix,
    NotPast,
    Exact,
    Magnitude,
    Age,
    Idiom,
    RangeFrom,
    RangeTo,
    SpanPre,
    PassiveAux,
}

impl Cls {
    fn parse(s: &str) -> Option<Cls> {
        Some(match s {
            "month" => Cls::Month,
            "ambiguous" => Cls::Ambiguous,
            "weekday" => Cls::Weekday,
            "weekdays" => Cls::Weekdays,
            "season" => Cls::Season,
            "seasonpart" => Cls::SeasonPart,
            "unit" => Cls::Unit,
            "unitadj" => Cls::UnitAdj,
            "num" => Cls::Num,
            "ord" => Cls::Ord,
            "vague" => Cls::Vague,
            "deicticday" => Cls::DeicticDay,
            "deicticdaypart" => Cls::DeicticDayPart,
            "rel" => Cls::Rel,
            "unitrel" => Cls::UnitRel,
            "after" => Cls::After,
            "before" => Cls::Before,
            "agopre" => Cls::AgoPre,
            "agopost" => Cls::AgoPost,
            "inpre" => Cls::InPre,
            "nachpre" => Cls::NachPre,
            "since" => Cls::Since,
            "mod" => Cls::Mod,
            "modadj" => Cls::ModAdj,
            "part" => Cls::Part,
            "yearpart" => Cls::YearPart,
            "daypart" => Cls::DayPart,
            "ref" => Cls::Ref,
            "narrativenow" => Cls::NarrativeNow,
            "setadv" => Cls::SetAdv,
            "every" => Cls::Every,
            "lang" => Cls::Lang,
            "uhr" => Cls::Uhr,
            "ampm" => Cls::AmPm,
            "tz" => Cls::Tz,
            "bc" => Cls::Bc,
            "gen" => Cls::Gen,
            "yearctx" => Cls::YearCtx,
            "laufe" => Cls::Laufe,
            "decadeword" => Cls::DecadeWord,
            "decadesuffix" => Cls::DecadeSuffix,
            "quarterprefix" => Cls::QuarterPrefix,
            "cw" => Cls::Cw,
            "holiday" => Cls::Holiday,
            "past" => Cls::Past,
            "future" => Cls::Future,
            "notyear" => Cls::NotYear,
            "nightto" => Cls::NightTo,
            "modal" => Cls::Modal,
            "perfinf" => Cls::PerfInf,
            "pastsuffix" => Cls::PastSuffix,
            "notpast" => Cls::NotPast,
            "exact" => Cls::Exact,
            "magnitude" => Cls::Magnitude,
            "age" => Cls::Age,
            "idiom" => Cls::Idiom,
            "rangefrom" => Cls::RangeFrom,
            "rangeto" => Cls::RangeTo,
            "spanpre" => Cls::SpanPre,
            "passiveaux" => Cls::PassiveAux,
            _ => return None,
        })
    }
}

/// One lexicon entry: a class, the VALUE column and an optional per-form extra.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub cls: Cls,
    pub value: String,
    pub extra: String,
}

impl Entry {
    /// The VALUE column as a number (0 when it is not one).
    pub fn int(&self) -> i32 {
        self.value.parse().unwrap_or(0)
    }
    /// The i-th `:`-separated field of VALUE.
    pub fn field(&self, i: usize) -> &str {
        self.value.split(':').nth(i).unwrap_or("")
    }
}

#[derive(Debug, Clone)]
struct Form {
    toks: Vec<String>,
    /// Required capitalisation of the first token (`Some(true)`: upper), for `=Form`.
    case: Option<bool>,
    entry: u32,
}

/// A match of a lexicon form at a token position.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub entry: u32,
    /// Number of tokens the form covers.
    pub len: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub entries: Vec<Entry>,
    by_first: HashMap<String, Vec<Form>, crate::hashing::FastBuild>,
    /// Word endings of the `pastsuffix` class, kept apart: they are matched
    /// against the ends of words, not whole tokens.
    past_suffixes: Vec<String>,
}

impl Lexicon {
    /// Parse a lexicon file. Unknown classes and malformed lines are errors,
    /// so a typo in a resource fails the tests rather than silently dropping words.
    pub fn parse(src: &str) -> Result<Lexicon, String> {
        let mut lex = Lexicon::default();
        for (n, line) in src.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.splitn(3, char::is_whitespace);
            let (cls, value, forms) = match (parts.next(), parts.next(), parts.next()) {
                (Some(c), Some(v), Some(f)) => (c, v, f.trim()),
                _ => return Err(format!("line {}: expected CLASS VALUE FORMS", n + 1)),
            };
            let cls =
                Cls::parse(cls).ok_or_else(|| format!("line {}: unknown class {cls}", n + 1))?;
            for form in forms.split('|') {
                let form = form.trim();
                if form.is_empty() {
                    continue;
                }
                let (form, extra) = match form.rsplit_once(':') {
                    Some((f, x)) if !f.is_empty() && !x.is_empty() => (f, x),
                    _ => (form, ""),
                };
                let (form, case) = match form.strip_prefix('=') {
                    Some(f) => (f, Some(f.chars().next().is_some_and(char::is_uppercase))),
                    None => (form, None),
                };
                let toks: Vec<String> = with_tokens(form, |toks| {
                    toks.iter()
                        .map(|t| {
                            if t.kind == TokKind::Word {
                                t.lower.to_string()
                            } else {
                                t.lower.to_lowercase()
                            }
                        })
                        .collect()
                });
                if toks.is_empty() {
                    continue;
                }
                if cls == Cls::PastSuffix {
                    lex.past_suffixes.push(toks.concat());
                    continue;
                }
                lex.entries.push(Entry {
                    cls,
                    value: value.to_string(),
                    extra: extra.to_string(),
                });
                let entry = (lex.entries.len() - 1) as u32;
                lex.by_first
                    .entry(toks[0].clone())
                    .or_default()
                    .push(Form { toks, case, entry });
            }
        }
        // Longest forms first, so lookups can stop at the first fit per class.
        for forms in lex.by_first.values_mut() {
            forms.sort_by_key(|f| std::cmp::Reverse(f.toks.len()));
        }
        Ok(lex)
    }

    /// All forms that match at token `i` (longest first).
    pub fn lookup(&self, toks: &[super::scan::Tok], i: usize, out: &mut Vec<Item>) {
        out.clear();
        let Some(forms) = self.by_first.get(toks[i].lower) else {
            return;
        };
        'forms: for f in forms {
            if i + f.toks.len() > toks.len() {
                continue;
            }
            if let Some(up) = f.case {
                if toks[i].upper != up {
                    continue;
                }
            }
            for (k, t) in f.toks.iter().enumerate().skip(1) {
                if toks[i + k].lower != *t {
                    continue 'forms;
                }
            }
            out.push(Item {
                entry: f.entry,
                len: f.toks.len(),
            });
        }
    }

    /// Whether a single lower-cased word belongs to `cls`.
    pub fn word_is(&self, word: &str, cls: Cls) -> bool {
        self.by_first.get(word).is_some_and(|fs| {
            fs.iter().any(|f| {
                f.toks.len() == 1 && f.case.is_none() && self.entries[f.entry as usize].cls == cls
            })
        })
    }

    /// The entry of a single lower-cased word in `cls`, if any.
    pub fn word_entry(&self, word: &str, cls: Cls) -> Option<&Entry> {
        self.by_first.get(word).and_then(|fs| {
            fs.iter()
                .filter(|f| f.toks.len() == 1)
                .map(|f| &self.entries[f.entry as usize])
                .find(|e| e.cls == cls)
        })
    }

    /// The single-token forms of a class of word endings (`pastsuffix`).
    pub fn suffixes(&self, cls: Cls) -> &[String] {
        match cls {
            Cls::PastSuffix => &self.past_suffixes,
            _ => &[],
        }
    }

    /// All single-token words of a class (for tests and compound splitting).
    pub fn words_of(&self, cls: Cls) -> Vec<(&str, &Entry)> {
        let mut v = Vec::new();
        for (w, fs) in &self.by_first {
            for f in fs {
                let e = &self.entries[f.entry as usize];
                if f.toks.len() == 1 && e.cls == cls {
                    v.push((w.as_str(), e));
                }
            }
        }
        v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn bundled_lexicons_parse() {
        for lang in [Lang::De, Lang::En] {
            let lex = Lexicon::parse(&super::super::lexicon_text(lang)).expect("lexicon parses");
            assert!(lex.words_of(Cls::Month).len() >= 12);
            assert!(lex.words_of(Cls::Weekday).len() >= 7);
        }
    }

    #[test]
    fn bad_lines_fail() {
        assert!(Lexicon::parse("nonsense 1 x").is_err());
        assert!(Lexicon::parse("month").is_err());
    }

    #[test]
    fn multiword_and_case() {
        let lex = Lexicon::parse("mod MORE_THAN mehr als\ndeicticday 1 =morgen").unwrap();
        with_tokens("mehr als Morgen morgen", |toks| {
            let mut out = Vec::new();
            lex.lookup(toks, 0, &mut out);
            assert_eq!(out.len(), 1);
            assert_eq!(out[0].len, 2);
            lex.lookup(toks, 2, &mut out);
            assert!(out.is_empty());
            lex.lookup(toks, 3, &mut out);
            assert_eq!(out.len(), 1);
        });
    }
}

#[cfg(test)]
mod dateparser_check {
    use super::*;
    use crate::lang::Lang;

    /// Every full month and weekday name in the dateparser vocabulary (BSD-3,
    /// ../shared/data/temporal-de) is known to our lexicons. Skips without the data.
    #[test]
    fn covers_dateparser_names() {
        let Some(dir) = depesche_testdata::shared("data/temporal-de/dateparser-de") else {
            return;
        };
        for (file, src) in [
            ("date_translation_de.json", Lang::De),
            ("date_translation_en.json", Lang::En),
        ] {
            let lex = Lexicon::parse(&super::super::lexicon_text(src)).unwrap();
            let json: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap();
            let months = [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ];
            let days = [
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            ];
            for (keys, cls) in [(&months[..], Cls::Month), (&days[..], Cls::Weekday)] {
                for k in keys {
                    for name in json[*k].as_array().unwrap() {
                        let w = name.as_str().unwrap().to_lowercase();
                        if w.chars().count() < 5 {
                            continue; // abbreviations like "Mit", "Die" are words first
                        }
                        let mut out = Vec::new();
                        with_tokens(&w, |toks| lex.lookup(toks, 0, &mut out));
                        assert!(
                            out.iter()
                                .any(|it| lex.entries[it.entry as usize].cls == cls)
                                || lex.words_of(cls).iter().any(|(x, _)| *x == w),
                            "{file}: {w} missing"
                        );
                    }
                }
            }
        }
    }
}
