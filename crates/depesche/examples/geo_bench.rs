//! Geocoding cost on real articles: gazetteer load time, and the time
//! `Geocoder::annotate` adds to each article relative to the rest of the
//! pipeline. Until the entity stage lands, LOC entities are stood in for by
//! capitalised words (and two-word runs) that are some place's own name in
//! the gazetteer — more than NER would give, so the cost is an upper bound.
//!
//! cargo run --release -p depesche --example geo_bench -- ../shared/data/news-de/10kGNAD/test.csv

use std::time::Instant;

use depesche::geo::{Gazetteer, Geocoder};
use depesche::input::{self, ReadOptions};
use depesche::schema::{Entity, EntityType, Mention, Span};
use depesche::text::TextIndex;
use depesche::{Options, Pipeline};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/news-de/10kGNAD/test.csv".into());
    let t0 = Instant::now();
    let gaz = Gazetteer::embedded();
    let load = t0.elapsed();
    let geocoder = Geocoder::with_gazetteer(gaz.clone());
    println!(
        "gazetteer: {:.2} MB, {} places, {} keys, {} adjective forms; load {:.2} ms",
        gaz.size_bytes() as f64 / 1e6,
        gaz.n_places(),
        gaz.n_keys(),
        gaz.n_adjectives(),
        load.as_secs_f64() * 1e3
    );
    // 10kGNAD: one article a line, `label;'text'` (the generic CSV reader
    // expects a header); other files go through the readers.
    let docs: Vec<_> = if path.ends_with(".csv") {
        std::fs::read_to_string(&path)
            .unwrap_or_default()
            .lines()
            .enumerate()
            .filter_map(|(i, l)| {
                let (_, t) = l.split_once(';')?;
                let t = t.trim().trim_matches('\'');
                Some(depesche::Document::from_text(format!("line {}", i + 1), t))
            })
            .collect()
    } else {
        input::read_path(std::path::Path::new(&path), &ReadOptions::default())
            .filter_map(Result::ok)
            .collect()
    };
    if docs.is_empty() {
        eprintln!("no articles read from {path}");
        return;
    }
    let pipeline = Pipeline::new(Options::default());
    // The fastest of five rounds per article: the machine is shared, and
    // the minimum is the least disturbed measurement.
    let mut best = vec![[f64::INFINITY; 3]; docs.len()];
    let (mut n_places, mut n_derived, mut n_loc, mut chars) = (0usize, 0usize, 0usize, 0usize);
    for round in 0..5 {
        for (di, doc) in docs.iter().enumerate() {
            let t = Instant::now();
            let mut a = pipeline.analyze(doc.clone());
            let pipe = t.elapsed().as_secs_f64();
            // The pipeline already ran the geocoder once (no entities yet:
            // derived forms only); time that pass alone to take it out.
            let mut b = a.clone();
            let ix0 = TextIndex::new(&b.text);
            let t = Instant::now();
            geocoder.annotate(&mut b, &ix0);
            let geo0 = t.elapsed().as_secs_f64();
            // Stand-in LOC entities.
            let ix = TextIndex::new(&a.text);
            a.entities.clear();
            a.places.clear();
            a.derived.clear();
            let toks: Vec<Span> = a.tokens.iter().map(|t| Span::new(t[0], t[1])).collect();
            let mut i = 0;
            // GEO_BENCH_NO_LOC=1: derived forms only (for profiling).
            let stand_ins = std::env::var_os("GEO_BENCH_NO_LOC").is_none();
            while stand_ins && i < toks.len() {
                let w = ix.slice(&a.text, toks[i]);
                if w.chars().next().is_some_and(char::is_uppercase) {
                    let two = toks.get(i + 1).map(|n| Span::new(toks[i].start, n.end));
                    let pick = two
                        .filter(|s| !gaz.lookup_exact(ix.slice(&a.text, *s)).is_empty())
                        .or_else(|| gaz.lookup(w).iter().any(|c| c.primary).then_some(toks[i]));
                    if let Some(s) = pick {
                        let text = ix.slice(&a.text, s).to_string();
                        a.entities.push(Entity {
                            id: format!("e{}", a.entities.len() + 1),
                            kind: EntityType::LOC,
                            name: text.clone(),
                            roles: Vec::new(),
                            mentions: vec![Mention {
                                start: s.start,
                                end: s.end,
                                text,
                            }],
                            place: None,
                            affiliation: None,
                        });
                        i += if s.end > toks[i].end { 2 } else { 1 };
                        continue;
                    }
                }
                i += 1;
            }
            let t = Instant::now();
            geocoder.annotate(&mut a, &ix);
            let geo = t.elapsed().as_secs_f64();
            let m = &mut best[di];
            m[0] = m[0].min(pipe);
            m[1] = m[1].min(geo0);
            m[2] = m[2].min(geo);
            if round == 0 {
                n_places += a.places.len();
                n_derived += a.derived.len();
                n_loc += a.entities.len();
                chars += ix.len_chars();
            }
        }
    }
    let n = docs.len() as f64;
    let t_geo0: f64 = best.iter().map(|m| m[1]).sum();
    let t_pipe: f64 = best.iter().map(|m| (m[0] - m[1]).max(0.0)).sum();
    let t_geo: f64 = best.iter().map(|m| m[2]).sum();
    println!(
        "{} articles ({:.0} chars avg): {} stand-in LOC entities, {} places, {} derived forms",
        docs.len(),
        chars as f64 / docs.len() as f64,
        n_loc,
        n_places,
        n_derived
    );
    println!(
        "per article: pipeline without geocoding {:.1} µs, geocoding {:.1} µs (+{:.1} %)",
        t_pipe / n * 1e6,
        t_geo / n * 1e6,
        100.0 * t_geo / t_pipe
    );
    println!(
        "  of which derived forms alone (no entities): {:.1} µs",
        t_geo0 / n * 1e6
    );
}
