//! End-to-end evaluation on real news: the whole pipeline on raw article
//! text, every layer scored against a hand-annotated gold file in the
//! `news-dev` format (see `../shared/data/news-dev/README.md` and
//! `docs/eval-news.md`).
//!
//! The rules are those the held-back set is scored by, so a figure here
//! predicts a figure there:
//! - page furniture is not scored: gold inside a `boilerplate` span or flagged
//!   `in_boilerplate` is dropped, and so are predictions that start inside
//!   those spans;
//! - **entities**: mentions of predicted PER/ORG/LOC entities (MISC ignored),
//!   exact span + type P/R/F1, and one-to-one overlap + type F1;
//! - **places**: every gold LOC mention with a country code is right when an
//!   overlapping predicted mention's entity has a place in that country;
//!   cities: the place's coordinates within 50 km of the gold ones. A missed or
//!   mistyped mention is wrong: places are scored end to end;
//! - **quotes**: gold `direct` + `partial` quotes of ≥ 3 words against predicted
//!   `direct` quotes of ≥ 3 words, matched when they overlap by at least half
//!   the gold span; the speaker is right when a predicted speaker name (the
//!   entity's name or any of its mentions) shares a name word with the gold
//!   speaker, or is its acronym;
//! - **times**: overlap match one-to-one; value accuracy on matched expressions
//!   of articles with a day date; an unmatched prediction whose value is
//!   `PRESENT_REF`/`PAST_REF`/`FUTURE_REF` is not counted.
//!
//! Beyond the README's rules this module also scores reported speech, derived
//! forms, the credit line, page furniture (by characters) and, from the
//! caller's clustering, story clusters (B-cubed).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;

use super::Prf;
use crate::input::Document;
use crate::schema::{Analysis, EntityType};

/// A gold span as the annotators wrote it (`text[start:end]`, code points).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSpan {
    #[serde(default)]
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub cc: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub in_boilerplate: bool,
    /// Quotes: `direct`, `partial`, `term`; derived: `adj`, `demonym`, `part`, `embedded`.
    #[serde(rename = "kind", default)]
    pub quote_kind: Option<String>,
    /// A name, a list of names, or null.
    #[serde(default)]
    pub speaker: Value,
    #[serde(default)]
    pub value: Option<String>,
    /// Entities: the annotators' canonical name of the entity the mention names.
    #[serde(default)]
    pub canonical: Option<String>,
}

/// The gold credit line.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldCredit {
    #[serde(default)]
    pub agencies: Vec<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub dateline: Option<String>,
}

/// One annotated article.
#[derive(Debug, Clone, Deserialize)]
pub struct NewsRecord {
    pub id: String,
    #[serde(default)]
    pub url: Option<String>,
    pub lang: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or null.
    #[serde(default)]
    pub date: Option<String>,
    pub text: String,
    #[serde(default)]
    pub entities: Vec<GoldSpan>,
    #[serde(default)]
    pub derived: Vec<GoldSpan>,
    #[serde(default)]
    pub quotes: Vec<GoldSpan>,
    #[serde(default)]
    pub indirect: Vec<GoldSpan>,
    #[serde(default)]
    pub timex: Vec<GoldSpan>,
    #[serde(default)]
    pub credit: Option<GoldCredit>,
    #[serde(default)]
    pub boilerplate: Vec<GoldSpan>,
    #[serde(default)]
    pub story_cluster: Option<String>,
}

impl NewsRecord {
    /// The publication date as the scoring rules give it to the pipeline:
    /// only a date with a day counts.
    pub fn published(&self) -> Option<NaiveDate> {
        self.date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    }

    /// The pipeline's input: raw text, language and publication date.
    pub fn document(&self) -> Document {
        let mut doc = Document::from_text(self.id.clone(), &self.text);
        doc.url = self.url.clone();
        doc.lang = Some(self.lang.clone());
        doc.published = self.published();
        doc
    }
}

/// Read a gold file: one JSON record per line; blank lines are skipped.
pub fn load(src: &str) -> Result<Vec<NewsRecord>, String> {
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// Right answers out of all, for accuracies.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Accuracy {
    pub right: usize,
    pub total: usize,
}

impl Accuracy {
    pub fn value(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.right += ok as usize;
    }
    fn merge(&mut self, o: Accuracy) {
        self.right += o.right;
        self.total += o.total;
    }
    /// `0.830 (83/100)`
    pub fn line(&self) -> String {
        format!("{:.3} ({}/{})", self.value(), self.right, self.total)
    }
}

/// One miss or false alarm, for `--show-errors`.
#[derive(Debug, Clone)]
pub struct ErrorLine {
    pub layer: &'static str,
    pub article: String,
    pub message: String,
}

/// Every layer's counts for one article or a set of articles.
#[derive(Debug, Clone, Default)]
pub struct NewsReport {
    pub articles: usize,
    /// Exact span + type, PER/ORG/LOC together.
    pub entities: Prf,
    /// Exact span + type, per type.
    pub entities_by_type: BTreeMap<&'static str, Prf>,
    /// One-to-one overlap + type.
    pub entities_overlap: Prf,
    pub places_country: Accuracy,
    pub places_city: Accuracy,
    pub quotes: Prf,
    /// On matched quotes whose gold speaker is named.
    pub speakers: Accuracy,
    /// Over every gold quote with a named speaker (a missed quote is a wrong speaker).
    pub speakers_end_to_end: Accuracy,
    pub indirect: Prf,
    pub indirect_speakers: Accuracy,
    pub times: Prf,
    pub time_values: Accuracy,
    /// Overlap and the same country.
    pub derived: Prf,
    pub credit_agencies: Prf,
    pub credit_authors: Prf,
    /// Code points of page furniture (whitespace not counted).
    pub furniture_chars: Prf,
    pub errors: Vec<ErrorLine>,
}

impl NewsReport {
    pub fn merge(&mut self, o: &NewsReport) {
        self.articles += o.articles;
        self.entities.add(o.entities);
        for (k, v) in &o.entities_by_type {
            self.entities_by_type.entry(k).or_default().add(*v);
        }
        self.entities_overlap.add(o.entities_overlap);
        self.places_country.merge(o.places_country);
        self.places_city.merge(o.places_city);
        self.quotes.add(o.quotes);
        self.speakers.merge(o.speakers);
        self.speakers_end_to_end.merge(o.speakers_end_to_end);
        self.indirect.add(o.indirect);
        self.indirect_speakers.merge(o.indirect_speakers);
        self.times.add(o.times);
        self.time_values.merge(o.time_values);
        self.derived.add(o.derived);
        self.credit_agencies.add(o.credit_agencies);
        self.credit_authors.add(o.credit_authors);
        self.furniture_chars.add(o.furniture_chars);
        self.errors.extend(o.errors.iter().cloned());
    }
}

/// Score one article's analysis against its gold record.
pub fn score(rec: &NewsRecord, a: &Analysis) -> NewsReport {
    let ctx = Ctx::new(rec, a);
    let mut r = NewsReport {
        articles: 1,
        ..NewsReport::default()
    };
    if a.text != rec.text {
        // Offsets would not line up; say so rather than score nonsense.
        r.errors.push(ErrorLine {
            layer: "input",
            article: rec.id.clone(),
            message: "normalised text differs from the gold text: offsets may not match".into(),
        });
    }
    score_entities(&ctx, &mut r);
    score_places(&ctx, &mut r);
    score_quotes(&ctx, &mut r);
    score_indirect(&ctx, &mut r);
    score_times(&ctx, &mut r);
    score_derived(&ctx, &mut r);
    score_credit(&ctx, &mut r);
    score_furniture(&ctx, &mut r);
    r
}

/// What every layer's scorer needs: the gold, the analysis, furniture spans
/// and the text as code points for error contexts.
struct Ctx<'a> {
    rec: &'a NewsRecord,
    a: &'a Analysis,
    furniture: Vec<(usize, usize)>,
    chars: Vec<char>,
}

impl<'a> Ctx<'a> {
    fn new(rec: &'a NewsRecord, a: &'a Analysis) -> Self {
        Ctx {
            rec,
            a,
            furniture: rec.boilerplate.iter().map(|b| (b.start, b.end)).collect(),
            chars: rec.text.chars().collect(),
        }
    }

    /// Gold that counts: outside page furniture.
    fn gold_counts(&self, g: &GoldSpan) -> bool {
        !g.in_boilerplate && !self.in_furniture(g.start)
    }

    fn in_furniture(&self, pos: usize) -> bool {
        self.furniture.iter().any(|&(s, e)| s <= pos && pos < e)
    }

    /// `"…left [span] right…"` on one line.
    fn context(&self, start: usize, end: usize) -> String {
        let n = self.chars.len();
        let (start, end) = (start.min(n), end.min(n));
        let from = start.saturating_sub(40);
        let to = (end + 40).min(n);
        let flat = |r: &[char]| -> String {
            r.iter()
                .map(|&c| if c.is_control() { ' ' } else { c })
                .collect()
        };
        format!(
            "…{}[{}]{}…",
            flat(&self.chars[from..start]),
            flat(&self.chars[start..end]),
            flat(&self.chars[end..to])
        )
    }

    fn error(&self, r: &mut NewsReport, layer: &'static str, message: String) {
        r.errors.push(ErrorLine {
            layer,
            article: self.rec.id.clone(),
            message,
        });
    }

    /// Predicted PER/ORG/LOC mentions outside furniture: (start, end, type, entity index).
    fn predicted_mentions(&self) -> Vec<(usize, usize, &'static str, usize)> {
        let mut out = Vec::new();
        for (i, e) in self.a.entities.iter().enumerate() {
            let Some(t) = type_name(e.kind) else { continue };
            for m in &e.mentions {
                if !self.in_furniture(m.start) {
                    out.push((m.start, m.end, t, i));
                }
            }
        }
        out.sort_unstable();
        out
    }
}

fn type_name(t: EntityType) -> Option<&'static str> {
    match t {
        EntityType::PER => Some("PER"),
        EntityType::ORG => Some("ORG"),
        EntityType::LOC => Some("LOC"),
        EntityType::MISC => None,
    }
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// One-to-one matching: each gold takes the unused candidate it overlaps
/// most (ties: the first), when `accept` agrees.
fn match_one_to_one(
    gold: &[(usize, usize)],
    pred: &[(usize, usize)],
    accept: impl Fn(usize, usize) -> bool,
) -> Vec<Option<usize>> {
    let mut used = vec![false; pred.len()];
    gold.iter()
        .enumerate()
        .map(|(gi, &g)| {
            let best = pred
                .iter()
                .enumerate()
                .filter(|&(pi, &p)| !used[pi] && overlap(g, p) > 0 && accept(gi, pi))
                .max_by_key(|&(pi, &p)| (overlap(g, p), std::cmp::Reverse(pi)))
                .map(|(pi, _)| pi);
            if let Some(pi) = best {
                used[pi] = true;
            }
            best
        })
        .collect()
}

fn score_entities(c: &Ctx, r: &mut NewsReport) {
    let gold: Vec<&GoldSpan> = c
        .rec
        .entities
        .iter()
        .filter(|g| matches!(g.kind.as_deref(), Some("PER" | "ORG" | "LOC")) && c.gold_counts(g))
        .collect();
    let pred = c.predicted_mentions();
    for t in ["PER", "ORG", "LOC"] {
        r.entities_by_type.entry(t).or_default();
    }
    // Exact span and type.
    let mut exact_pred = vec![false; pred.len()];
    for g in &gold {
        let t = g.kind.as_deref().unwrap_or("");
        let hit = pred
            .iter()
            .position(|&(s, e, pt, _)| s == g.start && e == g.end && pt == t);
        let slot = r.entities_by_type.get_mut(t).expect("type slot");
        match hit {
            Some(i) if !exact_pred[i] => {
                exact_pred[i] = true;
                r.entities.tp += 1;
                slot.tp += 1;
            }
            _ => {
                r.entities.fn_ += 1;
                slot.fn_ += 1;
                let got = pred
                    .iter()
                    .filter(|&&(s, e, _, _)| overlap((s, e), (g.start, g.end)) > 0)
                    .map(|&(s, e, pt, _)| format!("{pt} \"{}\"", slice(&c.chars, s, e)))
                    .collect::<Vec<_>>();
                let got = if got.is_empty() {
                    "nothing".to_string()
                } else {
                    got.join(", ")
                };
                c.error(
                    r,
                    "entities",
                    format!(
                        "miss {t} \"{}\" (got {got})  {}",
                        g.text,
                        c.context(g.start, g.end)
                    ),
                );
            }
        }
    }
    for (i, &(s, e, t, _)) in pred.iter().enumerate() {
        if !exact_pred[i] {
            r.entities.fp += 1;
            r.entities_by_type.get_mut(t).expect("type slot").fp += 1;
            let gold_here = gold
                .iter()
                .filter(|g| overlap((s, e), (g.start, g.end)) > 0)
                .map(|g| format!("{} \"{}\"", g.kind.as_deref().unwrap_or("?"), g.text))
                .collect::<Vec<_>>();
            let gold_here = if gold_here.is_empty() {
                "no gold".to_string()
            } else {
                gold_here.join(", ")
            };
            c.error(
                r,
                "entities",
                format!(
                    "false {t} \"{}\" (gold: {gold_here})  {}",
                    slice(&c.chars, s, e),
                    c.context(s, e)
                ),
            );
        }
    }
    // Overlap and type, one to one.
    let gs: Vec<(usize, usize)> = gold.iter().map(|g| (g.start, g.end)).collect();
    let ps: Vec<(usize, usize)> = pred.iter().map(|&(s, e, _, _)| (s, e)).collect();
    let m = match_one_to_one(&gs, &ps, |gi, pi| {
        gold[gi].kind.as_deref() == Some(pred[pi].2)
    });
    let tp = m.iter().filter(|x| x.is_some()).count();
    r.entities_overlap.tp += tp;
    r.entities_overlap.fn_ += gold.len() - tp;
    r.entities_overlap.fp += pred.len() - tp;
}

fn score_places(c: &Ctx, r: &mut NewsReport) {
    let pred = c.predicted_mentions();
    for g in c.rec.entities.iter() {
        if g.kind.as_deref() != Some("LOC") || !c.gold_counts(g) {
            continue;
        }
        let Some(cc) = g.cc.as_deref() else { continue };
        // The overlapping predicted mentions' places.
        let places: Vec<&crate::schema::Place> = pred
            .iter()
            .filter(|&&(s, e, _, _)| overlap((s, e), (g.start, g.end)) > 0)
            .filter_map(|&(_, _, _, ei)| c.a.entities[ei].place)
            .filter_map(|pi| c.a.places.get(pi))
            .collect();
        let country_ok = places.iter().any(|p| {
            p.country
                .as_deref()
                .is_some_and(|pc| pc.eq_ignore_ascii_case(cc))
        });
        r.places_country.add(country_ok);
        let got = if places.is_empty() {
            "no place".to_string()
        } else {
            places
                .iter()
                .map(|p| {
                    format!(
                        "{} {} ({})",
                        p.name,
                        p.country.as_deref().unwrap_or("?"),
                        p.kind
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !country_ok {
            c.error(
                r,
                "places",
                format!(
                    "country: gold {cc} for \"{}\", got {got}  {}",
                    g.text,
                    c.context(g.start, g.end)
                ),
            );
        }
        if let (Some(lat), Some(lon)) = (g.lat, g.lon) {
            let best = places
                .iter()
                .filter_map(|p| Some(haversine_km(lat, lon, p.lat?, p.lon?)))
                .fold(f64::INFINITY, f64::min);
            let ok = best <= 50.0;
            r.places_city.add(ok);
            if !ok && country_ok {
                c.error(
                    r,
                    "places",
                    format!(
                        "city: \"{}\" {:.0} km off, got {got}  {}",
                        g.text,
                        best,
                        c.context(g.start, g.end)
                    ),
                );
            }
        }
    }
}

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Gold speaker names: a name, a list of names, or none.
fn gold_speakers(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => vec![s.clone()],
        Value::Array(xs) => xs
            .iter()
            .filter_map(|x| x.as_str())
            .filter(|s| !s.trim().is_empty())
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

/// Every name the pipeline gives a quote's speaker: the entity's canonical
/// name and each of its mentions, else the speaker text itself.
fn predicted_speaker_names(a: &Analysis, speaker: Option<&str>) -> Vec<String> {
    let Some(s) = speaker else {
        return Vec::new();
    };
    match a.entities.iter().find(|e| e.id == s) {
        Some(e) => std::iter::once(e.name.clone())
            .chain(e.mentions.iter().map(|m| m.text.clone()))
            .collect(),
        None => vec![s.to_string()],
    }
}

/// Words that never make two names the same person.
const NOT_NAME_WORDS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "von", "vom", "van", "de", "la", "le", "du", "zu",
    "und", "the", "of", "and", "for", "mr", "mrs", "ms", "dr", "prof",
];

fn name_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|w| !NOT_NAME_WORDS.contains(&w.as_str()))
        .collect()
}

/// Initials of a name's capitalised words, hyphen parts included
/// ("Robert Koch-Institut" → "RKI").
fn acronym_of(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

fn is_acronym(s: &str) -> bool {
    let s = s.trim();
    s.chars().count() >= 2 && s.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The speaker rule of the scoring README: a shared name word, or an acronym.
pub fn speaker_right(pred: &[String], gold: &[String]) -> bool {
    pred.iter().any(|p| {
        gold.iter().any(|g| {
            let gw = name_words(g);
            name_words(p).iter().any(|w| gw.contains(w))
                || (is_acronym(p) && acronym_of(g) == p.trim())
                || (is_acronym(g) && acronym_of(p) == g.trim())
        })
    })
}

fn score_quotes(c: &Ctx, r: &mut NewsReport) {
    let gold: Vec<&GoldSpan> = c
        .rec
        .quotes
        .iter()
        .filter(|g| matches!(g.quote_kind.as_deref(), Some("direct" | "partial")))
        .filter(|g| word_count(&g.text) >= 3 && c.gold_counts(g))
        .collect();
    let pred: Vec<&crate::schema::Quote> =
        c.a.quotes
            .iter()
            .filter(|q| q.kind == "direct" && word_count(&q.text) >= 3 && !c.in_furniture(q.start))
            .collect();
    let gs: Vec<(usize, usize)> = gold.iter().map(|g| (g.start, g.end)).collect();
    let ps: Vec<(usize, usize)> = pred.iter().map(|q| (q.start, q.end)).collect();
    let m = match_one_to_one(&gs, &ps, |gi, pi| {
        2 * overlap(gs[gi], ps[pi]) >= gs[gi].1 - gs[gi].0
    });
    let mut pred_used = vec![false; pred.len()];
    for (gi, g) in gold.iter().enumerate() {
        let speakers = gold_speakers(&g.speaker);
        match m[gi] {
            Some(pi) => {
                pred_used[pi] = true;
                r.quotes.tp += 1;
                if !speakers.is_empty() {
                    let names = predicted_speaker_names(c.a, pred[pi].speaker.as_deref());
                    let ok = speaker_right(&names, &speakers);
                    r.speakers.add(ok);
                    r.speakers_end_to_end.add(ok);
                    if !ok {
                        c.error(
                            r,
                            "speakers",
                            format!(
                                "gold {:?}, got {:?}  {}",
                                speakers.join(" / "),
                                names.first().map(String::as_str).unwrap_or("none"),
                                c.context(g.start, g.end)
                            ),
                        );
                    }
                }
            }
            None => {
                r.quotes.fn_ += 1;
                if !speakers.is_empty() {
                    r.speakers_end_to_end.add(false);
                }
                c.error(
                    r,
                    "quotes",
                    format!(
                        "miss ({})  {}",
                        speakers.join(" / "),
                        c.context(g.start, g.end)
                    ),
                );
            }
        }
    }
    for (pi, q) in pred.iter().enumerate() {
        if !pred_used[pi] {
            r.quotes.fp += 1;
            c.error(r, "quotes", format!("false  {}", c.context(q.start, q.end)));
        }
    }
}

fn score_indirect(c: &Ctx, r: &mut NewsReport) {
    let gold: Vec<&GoldSpan> = c.rec.indirect.iter().filter(|g| c.gold_counts(g)).collect();
    let pred: Vec<&crate::schema::Quote> =
        c.a.quotes
            .iter()
            .filter(|q| q.kind == "indirect" && !c.in_furniture(q.start))
            .collect();
    let gs: Vec<(usize, usize)> = gold.iter().map(|g| (g.start, g.end)).collect();
    let ps: Vec<(usize, usize)> = pred.iter().map(|q| (q.start, q.end)).collect();
    let m = match_one_to_one(&gs, &ps, |_, _| true);
    let tp = m.iter().filter(|x| x.is_some()).count();
    r.indirect.tp += tp;
    r.indirect.fn_ += gold.len() - tp;
    r.indirect.fp += pred.len() - tp;
    for (gi, g) in gold.iter().enumerate() {
        let speakers = gold_speakers(&g.speaker);
        match m[gi] {
            Some(pi) if !speakers.is_empty() => {
                let names = predicted_speaker_names(c.a, pred[pi].speaker.as_deref());
                let ok = speaker_right(&names, &speakers);
                r.indirect_speakers.add(ok);
                if !ok {
                    c.error(
                        r,
                        "indirect",
                        format!(
                            "speaker: gold {:?}, got {:?}  {}",
                            speakers.join(" / "),
                            names.first().map(String::as_str).unwrap_or("none"),
                            c.context(g.start, g.end)
                        ),
                    );
                }
            }
            Some(_) => {}
            None => c.error(
                r,
                "indirect",
                format!(
                    "miss ({})  {}",
                    speakers.join(" / "),
                    c.context(g.start, g.end)
                ),
            ),
        }
    }
    let matched: Vec<usize> = m.iter().flatten().copied().collect();
    for (pi, q) in pred.iter().enumerate() {
        if !matched.contains(&pi) {
            c.error(
                r,
                "indirect",
                format!("false  {}", c.context(q.start, q.end)),
            );
        }
    }
}

fn is_ref_value(v: Option<&str>) -> bool {
    matches!(v, Some("PRESENT_REF" | "PAST_REF" | "FUTURE_REF"))
}

fn score_times(c: &Ctx, r: &mut NewsReport) {
    let gold: Vec<&GoldSpan> = c.rec.timex.iter().filter(|g| c.gold_counts(g)).collect();
    let pred: Vec<&crate::schema::TimeExpr> =
        c.a.times
            .iter()
            .filter(|t| !c.in_furniture(t.start))
            .collect();
    let gs: Vec<(usize, usize)> = gold.iter().map(|g| (g.start, g.end)).collect();
    let ps: Vec<(usize, usize)> = pred.iter().map(|t| (t.start, t.end)).collect();
    let m = match_one_to_one(&gs, &ps, |_, _| true);
    let day_date = c.rec.published().is_some();
    let mut used = vec![false; pred.len()];
    for (gi, g) in gold.iter().enumerate() {
        match m[gi] {
            Some(pi) => {
                used[pi] = true;
                r.times.tp += 1;
                if day_date {
                    let ok = pred[pi].value.as_deref() == g.value.as_deref();
                    r.time_values.add(ok);
                    if !ok {
                        c.error(
                            r,
                            "times",
                            format!(
                                "value: \"{}\" gold {}, got {} (\"{}\")  {}",
                                g.text,
                                g.value.as_deref().unwrap_or("null"),
                                pred[pi].value.as_deref().unwrap_or("null"),
                                pred[pi].text,
                                c.context(g.start, g.end)
                            ),
                        );
                    }
                }
            }
            None => {
                r.times.fn_ += 1;
                c.error(
                    r,
                    "times",
                    format!(
                        "miss \"{}\" ({})  {}",
                        g.text,
                        g.value.as_deref().unwrap_or("null"),
                        c.context(g.start, g.end)
                    ),
                );
            }
        }
    }
    for (pi, t) in pred.iter().enumerate() {
        if !used[pi] && !is_ref_value(t.value.as_deref()) {
            r.times.fp += 1;
            c.error(
                r,
                "times",
                format!(
                    "false \"{}\" ({})  {}",
                    t.text,
                    t.value.as_deref().unwrap_or("null"),
                    c.context(t.start, t.end)
                ),
            );
        }
    }
}

fn score_derived(c: &Ctx, r: &mut NewsReport) {
    let gold: Vec<&GoldSpan> = c.rec.derived.iter().filter(|g| c.gold_counts(g)).collect();
    let pred: Vec<&crate::schema::Derived> =
        c.a.derived
            .iter()
            .filter(|d| !c.in_furniture(d.start))
            .collect();
    let gs: Vec<(usize, usize)> = gold.iter().map(|g| (g.start, g.end)).collect();
    let ps: Vec<(usize, usize)> = pred.iter().map(|d| (d.start, d.end)).collect();
    let m = match_one_to_one(&gs, &ps, |gi, pi| match gold[gi].cc.as_deref() {
        Some(cc) => pred[pi]
            .countries
            .iter()
            .chain(pred[pi].country.iter())
            .any(|p| p.eq_ignore_ascii_case(cc)),
        None => true,
    });
    let tp = m.iter().filter(|x| x.is_some()).count();
    r.derived.tp += tp;
    r.derived.fn_ += gold.len() - tp;
    r.derived.fp += pred.len() - tp;
    for (gi, g) in gold.iter().enumerate() {
        if m[gi].is_none() {
            c.error(
                r,
                "derived",
                format!(
                    "miss \"{}\" ({})  {}",
                    g.text,
                    g.cc.as_deref().unwrap_or("-"),
                    c.context(g.start, g.end)
                ),
            );
        }
    }
}

fn fold_credit(s: &str) -> String {
    s.trim().to_lowercase()
}

fn set_prf(gold: &[String], pred: &[String]) -> Prf {
    let g: Vec<String> = gold.iter().map(|s| fold_credit(s)).collect();
    let p: Vec<String> = pred.iter().map(|s| fold_credit(s)).collect();
    let tp = p.iter().filter(|x| g.contains(x)).count();
    Prf {
        tp,
        fp: p.len() - tp,
        fn_: g.iter().filter(|x| !p.contains(x)).count(),
    }
}

fn score_credit(c: &Ctx, r: &mut NewsReport) {
    let gold = c.rec.credit.clone().unwrap_or_default();
    let mut agencies = gold.agencies.clone();
    agencies.dedup();
    let pa = set_prf(&agencies, &c.a.credit.agencies);
    let pu = set_prf(&gold.authors, &c.a.credit.authors);
    if pa.fp + pa.fn_ > 0 || pu.fp + pu.fn_ > 0 {
        c.error(
            r,
            "credit",
            format!(
                "gold agencies {:?} authors {:?}; got agencies {:?} authors {:?}",
                agencies, gold.authors, c.a.credit.agencies, c.a.credit.authors
            ),
        );
    }
    r.credit_agencies.add(pa);
    r.credit_authors.add(pu);
}

fn score_furniture(c: &Ctx, r: &mut NewsReport) {
    let n = c.chars.len();
    let mut gold = vec![false; n];
    for b in &c.rec.boilerplate {
        for x in gold.iter_mut().take(b.end.min(n)).skip(b.start.min(n)) {
            *x = true;
        }
    }
    let mut pred = vec![false; n];
    for b in c.a.blocks.iter().filter(|b| !b.kind.is_body()) {
        for x in pred.iter_mut().take(b.end.min(n)).skip(b.start.min(n)) {
            *x = true;
        }
    }
    let mut p = Prf::default();
    for i in 0..n {
        if c.chars[i].is_whitespace() {
            continue;
        }
        match (gold[i], pred[i]) {
            (true, true) => p.tp += 1,
            (false, true) => p.fp += 1,
            (true, false) => p.fn_ += 1,
            _ => {}
        }
    }
    // Report furniture missed or invented block by block, not by character.
    for b in &c.rec.boilerplate {
        let (s, e) = (b.start.min(n), b.end.min(n));
        let missed = (s..e)
            .filter(|&i| !pred[i] && !c.chars[i].is_whitespace())
            .count();
        if missed * 2 > (e - s) {
            c.error(
                r,
                "furniture",
                format!("kept as body  {}", c.context(s, e.min(s + 60))),
            );
        }
    }
    for b in c.a.blocks.iter().filter(|b| !b.kind.is_body()) {
        let (s, e) = (b.start.min(n), b.end.min(n));
        let wrong = (s..e)
            .filter(|&i| !gold[i] && !c.chars[i].is_whitespace())
            .count();
        if wrong * 2 > (e - s) {
            c.error(
                r,
                "furniture",
                format!(
                    "{} but body  {}",
                    b.kind.as_str(),
                    c.context(s, e.min(s + 60))
                ),
            );
        }
    }
    r.furniture_chars.add(p);
}

fn slice(chars: &[char], s: usize, e: usize) -> String {
    let n = chars.len();
    chars[s.min(n)..e.min(n)].iter().collect()
}

/// B-cubed precision, recall and F1 of a clustering against gold clusters.
/// `gold[i]` is article i's gold cluster (none: a cluster of its own);
/// `pred[i]` is its predicted cluster.
pub fn bcubed<K: Eq + std::hash::Hash>(gold: &[Option<String>], pred: &[K]) -> (f64, f64, f64) {
    let n = gold.len().min(pred.len());
    if n == 0 {
        return (0.0, 0.0, 0.0);
    }
    let same_gold = |i: usize, j: usize| i == j || (gold[i].is_some() && gold[i] == gold[j]);
    let mut by_pred: HashMap<&K, Vec<usize>> = HashMap::new();
    for (i, k) in pred.iter().take(n).enumerate() {
        by_pred.entry(k).or_default().push(i);
    }
    let (mut p, mut r) = (0.0, 0.0);
    for i in 0..n {
        let cluster = &by_pred[&pred[i]];
        let both = cluster.iter().filter(|&&j| same_gold(i, j)).count() as f64;
        let gold_size = (0..n).filter(|&j| same_gold(i, j)).count() as f64;
        p += both / cluster.len() as f64;
        r += both / gold_size;
    }
    let (p, r) = (p / n as f64, r / n as f64);
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

/// The figures of a report as printed by `depesche eval news`.
pub fn format_report(r: &NewsReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "    entities (exact)    {}", r.entities.line());
    for (t, p) in &r.entities_by_type {
        let _ = writeln!(s, "      {t}               {}", p.line());
    }
    let _ = writeln!(s, "    entities (overlap)  {}", r.entities_overlap.line());
    let _ = writeln!(s, "    places, country     {}", r.places_country.line());
    let _ = writeln!(s, "    places, city ≤50 km {}", r.places_city.line());
    let _ = writeln!(s, "    quotes (direct)     {}", r.quotes.line());
    let _ = writeln!(s, "    speakers            {}", r.speakers.line());
    let _ = writeln!(
        s,
        "    speakers, all gold  {}",
        r.speakers_end_to_end.line()
    );
    let _ = writeln!(s, "    reported speech     {}", r.indirect.line());
    let _ = writeln!(s, "    reported speakers   {}", r.indirect_speakers.line());
    let _ = writeln!(s, "    times               {}", r.times.line());
    let _ = writeln!(s, "    time values         {}", r.time_values.line());
    let _ = writeln!(s, "    derived forms       {}", r.derived.line());
    let _ = writeln!(s, "    credit agencies     {}", r.credit_agencies.line());
    let _ = writeln!(s, "    credit authors      {}", r.credit_authors.line());
    let _ = writeln!(s, "    furniture (chars)   {}", r.furniture_chars.line());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn speaker_rule_shares_a_name_word_or_an_acronym() {
        assert!(speaker_right(
            &names(&["Merz"]),
            &names(&["Friedrich Merz"])
        ));
        assert!(speaker_right(
            &names(&["RKI"]),
            &names(&["Robert Koch-Institut"])
        ));
        assert!(speaker_right(
            &names(&["Robert Koch-Institut"]),
            &names(&["RKI"])
        ));
        assert!(!speaker_right(
            &names(&["der Sprecher"]),
            &names(&["Die Linke"])
        ));
        assert!(!speaker_right(
            &names(&["Anna Berg"]),
            &names(&["Otto Weg"])
        ));
        assert!(!speaker_right(&[], &names(&["Otto Weg"])));
    }

    #[test]
    fn bcubed_counts_singletons_and_merges() {
        let gold = vec![Some("a".to_string()), Some("a".to_string()), None];
        let (p, r, f) = bcubed(&gold, &[1, 1, 2]);
        assert!((p - 1.0).abs() < 1e-9 && (r - 1.0).abs() < 1e-9 && (f - 1.0).abs() < 1e-9);
        let (p, r, _) = bcubed(&gold, &[1, 1, 1]);
        assert!(p < 1.0 && (r - 1.0).abs() < 1e-9);
        let (p, r, _) = bcubed(&gold, &[1, 2, 3]);
        assert!((p - 1.0).abs() < 1e-9 && r < 1.0);
    }

    #[test]
    fn one_to_one_matching_takes_the_largest_overlap() {
        let m = match_one_to_one(&[(0, 10), (12, 20)], &[(5, 15), (0, 4)], |_, _| true);
        assert_eq!(m, vec![Some(0), None]);
    }

    #[test]
    fn scores_a_small_article_end_to_end() {
        let rec: NewsRecord = serde_json::from_str(
            r#"{"id":"t1","lang":"de","date":"2025-07-10","text":"Berlin (dpa) - Olaf Weber sagte am Dienstag: \"Das wird ein guter Tag.\"",
                "entities":[{"text":"Berlin","start":0,"end":6,"type":"LOC","cc":"DE","lat":52.52,"lon":13.40},
                            {"text":"Olaf Weber","start":15,"end":25,"type":"PER"}],
                "quotes":[{"text":"Das wird ein guter Tag.","start":46,"end":69,"speaker":"Olaf Weber","kind":"direct"}],
                "timex":[{"text":"am Dienstag","start":32,"end":43,"type":"DATE","value":"2025-07-08"}],
                "credit":{"agencies":["dpa"],"authors":[]}}"#,
        )
        .unwrap();
        let a = crate::Pipeline::default().analyze(rec.document());
        let r = score(&rec, &a);
        assert_eq!(r.articles, 1);
        assert_eq!(r.entities.tp + r.entities.fn_, 2);
        assert_eq!(r.places_country.total, 1);
        assert_eq!(r.times.tp + r.times.fn_, 1);
        assert_eq!(r.quotes.tp + r.quotes.fn_, 1);
        assert!(format_report(&r).contains("entities (exact)"));
    }
}
