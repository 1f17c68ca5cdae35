//! Throughput of the time layer alone: `cargo run --release --example time_speed -- FILES…`
//! (plain-text files, or the 10kGNAD CSV whose lines are articles). Prints MB/s on one core.

use std::time::Instant;

use depesche::text::TextIndex;
use depesche::time::TimeTagger;
use depesche::{Document, Options, Pipeline};

fn main() {
    let mut texts = Vec::new();
    for arg in std::env::args().skip(1) {
        let Ok(s) = std::fs::read_to_string(&arg) else {
            eprintln!("cannot read {arg}");
            continue;
        };
        if arg.ends_with(".csv") {
            texts.extend(s.lines().map(|l| l.to_string()));
        } else {
            texts.push(s);
        }
    }
    if texts.is_empty() {
        eprintln!("usage: time_speed FILE…");
        return;
    }
    let p = Pipeline::new(Options {
        published: chrono::NaiveDate::from_ymd_opt(2025, 7, 10),
        ..Options::default()
    });
    let mut docs: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| p.analyze(Document::from_text(format!("d{i}"), t)))
        .collect();
    let bytes: usize = docs.iter().map(|a| a.text.len()).sum();
    let tagger = TimeTagger::new();
    let ixs: Vec<TextIndex> = docs.iter().map(|a| TextIndex::new(&a.text)).collect();
    let rounds = 5;
    let t0 = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for (a, ix) in docs.iter_mut().zip(&ixs) {
            tagger.annotate(a, ix);
            n += a.times.len();
        }
    }
    let s = t0.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "time layer: {} articles, {:.1} MB x {rounds} in {s:.3} s = {:.1} MB/s on one core ({} expressions per round)",
        docs.len(),
        bytes as f64 / 1e6,
        mb / s,
        n / rounds
    );
}
