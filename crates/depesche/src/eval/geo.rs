//! `depesche eval geo`: geocoding accuracy on a gold file of place mentions.
//!
//! Gold format (JSONL, one sentence per line):
//! `{"lang":"de","text":"…","places":[{"mention":"Moskau","start":40,"end":46,
//!   "country":"RU","kind":"city","geonameid":524901,"lat":55.75,"lon":37.62}]}`
//! Offsets are code points. Each gold mention becomes a LOC entity, so the
//! score isolates geocoding from entity recognition.

use serde::Deserialize;

use crate::geo::Geocoder;
use crate::input::Document;
use crate::schema::{Entity, EntityType, Mention, Span};
use crate::text::TextIndex;
use crate::{Lang, Options, Pipeline};

#[derive(Debug, Deserialize)]
pub struct GoldLine {
    #[serde(default)]
    pub lang: Option<String>,
    pub text: String,
    pub places: Vec<GoldPlace>,
}

#[derive(Debug, Deserialize)]
pub struct GoldPlace {
    pub mention: String,
    #[serde(default)]
    pub start: Option<usize>,
    #[serde(default)]
    pub end: Option<usize>,
    /// Expected ISO code; `null` for places across countries (regions, continents).
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub geonameid: Option<u64>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
}

/// One scored mention.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub line: usize,
    pub lang: String,
    pub mention: String,
    pub gold_country: Option<String>,
    pub pred_country: Option<String>,
    pub pred_name: Option<String>,
    pub pred_kind: Option<String>,
    /// Distance in km for gold cities with coordinates.
    pub km: Option<f64>,
    pub city: bool,
    pub country_ok: bool,
    pub geonameid_ok: Option<bool>,
}

#[derive(Debug, Default, Clone)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
    pub seconds: f64,
}

impl Report {
    pub fn mentions(&self) -> usize {
        self.outcomes.len()
    }
    pub fn country_correct(&self) -> usize {
        self.outcomes.iter().filter(|o| o.country_ok).count()
    }
    pub fn cities(&self) -> usize {
        self.outcomes.iter().filter(|o| o.city).count()
    }
    pub fn cities_within(&self, km: f64) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.city && o.km.is_some_and(|d| d <= km))
            .count()
    }
    pub fn geonameid_scored(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.geonameid_ok.is_some())
            .count()
    }
    pub fn geonameid_correct(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.geonameid_ok == Some(true))
            .count()
    }
}

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// Code-point span of a gold mention: the given offsets when they match the
/// text, else the first occurrence of the mention string.
fn locate(text: &str, ix: &TextIndex, g: &GoldPlace) -> Option<Span> {
    if let (Some(s), Some(e)) = (g.start, g.end) {
        if s <= e && e <= ix.len_chars() && ix.slice(text, Span::new(s, e)) == g.mention {
            return Some(Span::new(s, e));
        }
    }
    let b = text.find(&g.mention)?;
    Some(ix.span_of_bytes(b, b + g.mention.len()))
}

/// Score the geocoder on gold lines. Lines that fail to parse are errors.
pub fn evaluate(geocoder: &Geocoder, gold: &str) -> Result<Report, String> {
    let t0 = std::time::Instant::now();
    let mut report = Report::default();
    let mut pipelines: Vec<(Option<Lang>, Pipeline)> = Vec::new();
    for (ln, line) in gold.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let g: GoldLine =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", ln + 1))?;
        let lang = g.lang.as_deref().map(Lang::from_code);
        // Structure and tokens from the pipeline; the entities from the gold.
        if !pipelines.iter().any(|(l, _)| *l == lang) {
            let options = Options {
                lang,
                ..Options::default()
            };
            pipelines.push((lang, Pipeline::new(options)));
        }
        let pipeline = &pipelines
            .iter()
            .find(|(l, _)| *l == lang)
            .expect("just added")
            .1;
        let mut a = pipeline.analyze(Document::from_text(format!("gold:{}", ln + 1), &g.text));
        a.entities.clear();
        a.places.clear();
        a.derived.clear();
        a.focus_country = None;
        let ix = TextIndex::new(&a.text);
        let mut spans = Vec::new();
        for (k, p) in g.places.iter().enumerate() {
            let span = locate(&a.text, &ix, p)
                .ok_or_else(|| format!("line {}: mention {:?} not in text", ln + 1, p.mention))?;
            spans.push(span);
            a.entities.push(Entity {
                id: format!("e{}", k + 1),
                kind: EntityType::LOC,
                name: p.mention.clone(),
                roles: Vec::new(),
                mentions: vec![Mention {
                    start: span.start,
                    end: span.end,
                    text: p.mention.clone(),
                }],
                place: None,
                affiliation: None,
            });
        }
        geocoder.annotate(&mut a, &ix);
        for (k, p) in g.places.iter().enumerate() {
            let placed = a.entities[k].place.and_then(|i| a.places.get(i));
            let pred_country = placed.and_then(|pl| pl.country.clone());
            let city = p.kind.as_deref() == Some("city") && p.lat.is_some() && p.lon.is_some();
            let km = match (placed, p.lat, p.lon) {
                (Some(pl), Some(la), Some(lo)) => match (pl.lat, pl.lon) {
                    (Some(pa), Some(po)) => Some(haversine_km(la, lo, pa, po)),
                    _ => None,
                },
                _ => None,
            };
            report.outcomes.push(Outcome {
                line: ln + 1,
                lang: a.lang.clone(),
                mention: p.mention.clone(),
                // A place across countries is right when it is found and has no country.
                country_ok: placed.is_some() && pred_country == p.country,
                gold_country: p.country.clone(),
                pred_country,
                pred_name: placed.map(|pl| pl.name.clone()),
                pred_kind: placed.map(|pl| pl.kind.clone()),
                km,
                city,
                geonameid_ok: p
                    .geonameid
                    .map(|id| placed.and_then(|pl| pl.geonameid) == Some(id)),
            });
        }
    }
    report.seconds = t0.elapsed().as_secs_f64();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        // Berlin – Munich is about 504 km.
        let d = haversine_km(52.52, 13.405, 48.137, 11.575);
        assert!((d - 504.0).abs() < 5.0, "{d}");
        assert_eq!(haversine_km(1.0, 2.0, 1.0, 2.0), 0.0);
    }

    #[test]
    fn bad_gold_is_an_error() {
        let g = Geocoder::new();
        assert!(evaluate(&g, "{not json").is_err());
        assert!(evaluate(&g, r#"{"text":"In Paris.","places":[{"mention":"Rom"}]}"#).is_err());
    }

    #[test]
    fn scores_a_line() {
        let g = Geocoder::new();
        if g.gazetteer().is_empty() {
            eprintln!("note: gazetteer not built; skipping");
            return;
        }
        let r = evaluate(
            &g,
            r#"{"lang":"de","text":"Lawrow flog nach Moskau.","places":[{"mention":"Moskau","country":"RU","kind":"city","lat":55.75222,"lon":37.61556}]}"#,
        )
        .unwrap();
        assert_eq!(r.mentions(), 1);
        assert_eq!(r.country_correct(), 1);
        assert_eq!(r.cities_within(50.0), 1);
    }
}
