//! Events against hand-coded gold: the news-dev events file (matched to its
//! articles by id) and the English PLOVER gold sentences.
//!
//! A predicted event is found when its type equals the gold type (or
//! `type_alt`) and one of its evidence spans overlaps the gold evidence or an
//! `also_evidence` sentence; one-to-one. Source and target are right when a
//! predicted actor's name shares a name word with a gold actor (the speaker
//! rule) or its country equals a gold country. Page furniture is not
//! scored: gold whose evidence starts inside a furniture span is dropped, and
//! so are predictions all of whose evidence does (as in `eval news`).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::eval::news::{speaker_right, Accuracy};
use crate::eval::Prf;
use crate::schema::{Actor, Event};

/// A gold span (only the offsets matter for scoring).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvidence {
    pub start: usize,
    pub end: usize,
}

/// One hand-coded event of the news-dev events file.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub type_alt: Value,
    #[serde(default)]
    pub source: Value,
    #[serde(default)]
    pub source_country: Value,
    #[serde(default)]
    pub target: Value,
    #[serde(default)]
    pub target_country: Value,
    pub evidence: GoldEvidence,
    #[serde(default)]
    pub also_evidence: Vec<GoldEvidence>,
    #[serde(default)]
    pub trigger: Option<String>,
}

/// One article's events.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    pub id: String,
    pub lang: String,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

/// Strings of a gold field that may be null, a string or a list of strings.
pub fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// Read the news-dev events file: one JSON record per line.
pub fn load(src: &str) -> Result<Vec<GoldArticle>, String> {
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// Counts of one scoring run, per language and per type.
#[derive(Debug, Clone, Default)]
pub struct EventsReport {
    pub types: Prf,
    pub source: Accuracy,
    pub target: Accuracy,
    pub per_type: BTreeMap<String, Prf>,
    /// Misses and false alarms in context, for `--show-errors`.
    pub errors: Vec<String>,
}

impl EventsReport {
    pub fn merge(&mut self, o: &EventsReport) {
        self.types.add(o.types);
        add_acc(&mut self.source, o.source);
        add_acc(&mut self.target, o.target);
        for (k, v) in &o.per_type {
            self.per_type.entry(k.clone()).or_default().add(*v);
        }
        self.errors.extend(o.errors.iter().cloned());
    }
}

fn add_acc(a: &mut Accuracy, b: Accuracy) {
    a.right += b.right;
    a.total += b.total;
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The actor rule: a shared name word, or the same country.
pub fn actor_right(pred: &[Actor], names: &[String], countries: &[String]) -> bool {
    let pn: Vec<String> = pred.iter().map(|a| a.name.clone()).collect();
    speaker_right(&pn, names)
        || pred
            .iter()
            .any(|a| a.country.as_ref().is_some_and(|c| countries.contains(c)))
}

/// Score one article's predicted events against its gold events.
pub fn score(gold: &GoldArticle, text: &str, pred: &[Event]) -> EventsReport {
    score_outside(gold, text, pred, &[])
}

/// [`score`] without page furniture (`(start, end)` spans, the record's
/// `boilerplate`): gold evidence starting inside it is dropped, and so are
/// predicted evidence spans starting inside it (an event left without
/// evidence is not scored).
pub fn score_outside(
    gold: &GoldArticle,
    text: &str,
    pred: &[Event],
    furniture: &[(usize, usize)],
) -> EventsReport {
    let in_furniture = |pos: usize| furniture.iter().any(|&(s, e)| s <= pos && pos < e);
    let kept: Vec<Event> = pred
        .iter()
        .filter_map(|p| {
            let mut p = p.clone();
            p.evidence.retain(|e| !in_furniture(e.start));
            (!p.evidence.is_empty()).then_some(p)
        })
        .collect();
    let pred = &kept[..];
    let mut r = EventsReport::default();
    let mut used = vec![false; pred.len()];
    let snippet =
        |s: usize, e: usize| -> String { text.chars().skip(s).take((e - s).min(160)).collect() };
    for g in gold
        .events
        .iter()
        .filter(|g| !in_furniture(g.evidence.start))
    {
        let mut types = vec![g.kind.clone()];
        types.extend(strings(&g.type_alt));
        let mut spans = vec![(g.evidence.start, g.evidence.end)];
        spans.extend(g.also_evidence.iter().map(|e| (e.start, e.end)));
        let found = pred.iter().enumerate().position(|(pi, p)| {
            !used[pi]
                && types.contains(&p.kind)
                && p.evidence
                    .iter()
                    .any(|e| spans.iter().any(|&s| overlaps((e.start, e.end), s)))
        });
        let pt = r.per_type.entry(g.kind.clone()).or_default();
        match found {
            Some(pi) => {
                used[pi] = true;
                pt.tp += 1;
                r.types.tp += 1;
                let p = &pred[pi];
                let sn = strings(&g.source);
                let sc = strings(&g.source_country);
                if !sn.is_empty() || !sc.is_empty() {
                    let ok = actor_right(&p.source, &sn, &sc);
                    r.source.right += ok as usize;
                    r.source.total += 1;
                    if !ok {
                        r.errors.push(format!(
                            "{} source {:?} ≠ gold {:?} ({}) in: {}",
                            gold.id,
                            p.source.iter().map(|a| &a.name).collect::<Vec<_>>(),
                            sn,
                            g.kind,
                            snippet(g.evidence.start, g.evidence.end)
                        ));
                    }
                }
                let tn = strings(&g.target);
                let tc = strings(&g.target_country);
                if !tn.is_empty() || !tc.is_empty() {
                    let ok = actor_right(&p.target, &tn, &tc);
                    r.target.right += ok as usize;
                    r.target.total += 1;
                    if !ok {
                        r.errors.push(format!(
                            "{} target {:?} ≠ gold {:?} {:?} ({}) in: {}",
                            gold.id,
                            p.target.iter().map(|a| &a.name).collect::<Vec<_>>(),
                            tn,
                            tc,
                            g.kind,
                            snippet(g.evidence.start, g.evidence.end)
                        ));
                    }
                }
            }
            None => {
                pt.fn_ += 1;
                r.types.fn_ += 1;
                r.errors.push(format!(
                    "{} missed {} ({}) in: {}",
                    gold.id,
                    g.kind,
                    g.trigger.as_deref().unwrap_or(""),
                    snippet(g.evidence.start, g.evidence.end)
                ));
            }
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        if used[pi] {
            continue;
        }
        r.types.fp += 1;
        r.per_type.entry(p.kind.clone()).or_default().fp += 1;
        let trig: String = p
            .trigger
            .iter()
            .map(|t| snippet(t.start, t.end))
            .collect::<Vec<_>>()
            .join(" ");
        let e = &p.evidence[0];
        let names = |v: &[Actor]| v.iter().map(|a| a.name.clone()).collect::<Vec<_>>();
        r.errors.push(format!(
            "{} false {} ({trig}){}{} {:?} -> {:?} in: {}",
            gold.id,
            p.kind,
            if p.negated { " negated" } else { "" },
            if p.hypothetical { " hypothetical" } else { "" },
            names(&p.source),
            names(&p.target),
            snippet(e.start, e.end)
        ));
    }
    r
}

/// PLOVER 0.5 gold-sentence types under their PLOVER 2.0 names (the 2021
/// manual merged DEMAND into REQUEST, FIGHT into ASSAULT, DISAPPROVE and
/// INVESTIGATE into ACCUSE).
pub fn plover2_type(t: &str) -> &str {
    match t {
        "DEMAND" => "REQUEST",
        "FIGHT" => "ASSAULT",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        other => other,
    }
}

/// One English PLOVER gold sentence (`PLOVER_GSR_CAMEO.txt`).
#[derive(Debug, Clone)]
pub struct PloverSentence {
    pub id: String,
    pub text: String,
    pub kind: String,
    pub source: Vec<String>,
    pub target: Vec<String>,
}

/// Read the PLOVER gold sentences (a JSON array; documentation records skipped).
pub fn load_plover(src: &str) -> Result<Vec<PloverSentence>, String> {
    let v: Value = serde_json::from_str(src).map_err(|e| e.to_string())?;
    let actors = |x: &Value| -> Vec<String> {
        x.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|o| o.get("actorText").and_then(Value::as_str))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(v.as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|r| {
            let kind = r.get("event")?.as_str()?;
            let text = r.get("text")?.as_str()?;
            Some(PloverSentence {
                id: r
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                text: text.to_string(),
                kind: plover2_type(kind).to_string(),
                source: actors(r.get("source").unwrap_or(&Value::Null)),
                target: actors(r.get("target").unwrap_or(&Value::Null)),
            })
        })
        .collect())
}

/// Score one PLOVER sentence: its one gold event against the predictions.
pub fn score_plover(g: &PloverSentence, pred: &[Event]) -> EventsReport {
    let mut r = EventsReport::default();
    let found = pred.iter().position(|p| p.kind == g.kind);
    let pt = r.per_type.entry(g.kind.clone()).or_default();
    match found {
        Some(pi) => {
            pt.tp += 1;
            r.types.tp += 1;
            let names = |v: &[Actor]| v.iter().map(|a| a.name.clone()).collect::<Vec<_>>();
            for (role, gold, got, acc) in [
                ("source", &g.source, &pred[pi].source, &mut r.source),
                ("target", &g.target, &pred[pi].target, &mut r.target),
            ] {
                if gold.is_empty() {
                    continue;
                }
                let ok = actor_right(got, gold, &[]);
                acc.right += ok as usize;
                acc.total += 1;
                if !ok {
                    r.errors.push(format!(
                        "{} {role} {:?} ≠ gold {:?} ({}): {}",
                        g.id,
                        names(got),
                        gold,
                        g.kind,
                        g.text
                    ));
                }
            }
        }
        None => {
            pt.fn_ += 1;
            r.types.fn_ += 1;
            r.errors
                .push(format!("{} missed {}: {}", g.id, g.kind, g.text));
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        if Some(pi) != found {
            r.types.fp += 1;
            r.per_type.entry(p.kind.clone()).or_default().fp += 1;
            r.errors
                .push(format!("{} false {}: {}", g.id, p.kind, g.text));
        }
    }
    r
}

/// The printed report block.
pub fn format_report(title: &str, r: &EventsReport, per_type: bool) -> String {
    let mut s = format!(
        "{title}: type P {:.3} R {:.3} F1 {:.3} (tp {} fp {} fn {}); source {}; target {}\n",
        r.types.precision(),
        r.types.recall(),
        r.types.f1(),
        r.types.tp,
        r.types.fp,
        r.types.fn_,
        r.source.line(),
        r.target.line()
    );
    if per_type {
        for (k, v) in &r.per_type {
            s.push_str(&format!(
                "    {k:<10} P {:.3} R {:.3} F1 {:.3} (tp {} fp {} fn {})\n",
                v.precision(),
                v.recall(),
                v.f1(),
                v.tp,
                v.fp,
                v.fn_
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_fields_may_be_null_strings_or_lists() {
        assert!(strings(&Value::Null).is_empty());
        assert_eq!(strings(&serde_json::json!("DE")), vec!["DE"]);
        assert_eq!(
            strings(&serde_json::json!(["US", ["FR"]])),
            vec!["US", "FR"]
        );
        assert_eq!(plover2_type("DEMAND"), "REQUEST");
        assert_eq!(plover2_type("AGREE"), "AGREE");
    }

    #[test]
    fn an_actor_is_right_by_name_word_or_country() {
        let a = Actor {
            entity: None,
            name: "russischen".into(),
            country: Some("RU".into()),
            agent: None,
        };
        assert!(actor_right(
            std::slice::from_ref(&a),
            &["Russland".into()],
            &["RU".into()]
        ));
        assert!(!actor_right(&[a], &["Polen".into()], &["PL".into()]));
    }

    #[test]
    fn page_furniture_is_not_scored() {
        let event = |start: usize, end: usize| Event {
            id: "v1".into(),
            kind: "ASSAULT".into(),
            mode: None,
            cameo: "1823".into(),
            quad_class: 4,
            goldstein: -10.0,
            source: Vec::new(),
            target: Vec::new(),
            symmetric: false,
            place: None,
            date: None,
            date_basis: None,
            negated: false,
            hypothetical: false,
            evidence: vec![crate::schema::Evidence {
                start,
                end,
                text: String::new(),
            }],
            trigger: Vec::new(),
            sentence: 0,
            confidence: 0.5,
            tone: None,
        };
        let gold: GoldArticle = serde_json::from_value(serde_json::json!({
            "id": "a", "lang": "de", "events": [
                {"type": "ASSAULT", "evidence": {"start": 50, "end": 90}},
                {"type": "ASSAULT", "evidence": {"start": 5, "end": 20}}
            ]
        }))
        .unwrap();
        // A prediction in the navigation (0..30) and one in the text.
        let pred = [event(5, 20), event(50, 90)];
        let r = score_outside(&gold, "", &pred, &[(0, 30)]);
        assert_eq!((r.types.tp, r.types.fp, r.types.fn_), (1, 0, 0));
        let r = score(&gold, "", &pred);
        assert_eq!((r.types.tp, r.types.fp, r.types.fn_), (2, 0, 0));
    }
}
