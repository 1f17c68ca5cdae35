//! Snapshot tests over the bundled examples: a readable projection of each
//! article's `Analysis` (block texts rather than offsets, token counts rather
//! than token spans). A change in any layer shows up here for review; accept
//! intended changes with `INSTA_UPDATE=always cargo test` (or `cargo insta review`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use depesche::input::{self, ReadOptions};
use depesche::schema::Analysis;
use depesche::{Options, Pipeline};
use serde_json::{json, Value};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Publication dates of the `.txt` examples, from the table in examples/README.md.
fn dates() -> HashMap<String, chrono::NaiveDate> {
    let readme = std::fs::read_to_string(examples_dir().join("README.md")).unwrap();
    readme
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let file = cells.get(1)?.trim_matches('`');
            let date = input::parse_date(cells.get(2)?)?;
            Some((file.to_string(), date))
        })
        .collect()
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn projection(a: &Analysis) -> Value {
    let t = &a.text;
    json!({
        "id": a.id.rsplit('/').next().unwrap_or(&a.id),
        "lang": a.lang,
        "published": a.published,
        "title": a.title,
        "teaser": a.teaser,
        "credit": a.credit,
        "blocks": a.blocks.iter().map(|b| format!("{}: {}", b.kind.as_str(), slice(t, b.start, b.end))).collect::<Vec<_>>(),
        "sentences": a.sentences.iter().map(|s| slice(t, s.start, s.end)).collect::<Vec<_>>(),
        "tokens": a.tokens.len(),
        "entities": a.entities.iter().map(|e| json!({"type": e.kind, "name": e.name, "roles": e.roles, "mentions": e.mentions.iter().map(|m| &m.text).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        "derived": a.derived.iter().map(|d| json!([d.text, d.country])).collect::<Vec<_>>(),
        "places": a.places,
        "focus_country": a.focus_country,
        "times": a.times.iter().map(|x| json!([x.text, x.kind, x.value, x.modifier])).collect::<Vec<_>>(),
        "quotes": a.quotes.iter().map(|q| json!({"kind": q.kind, "text": q.text, "speaker": q.speaker, "cue": q.cue})).collect::<Vec<_>>(),
        "events": a.events,
        "tone": a.tone,
    })
}

#[test]
fn examples_snapshot() {
    let dates = dates();
    let paths = input::expand_paths(&[examples_dir()]);
    let mut seen = 0;
    for p in paths {
        let p = p.unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let pipeline = Pipeline::new(Options {
            published: dates.get(&name).copied(),
            ..Options::default()
        });
        for doc in input::read_path(&p, &ReadOptions::default()) {
            let a = pipeline.analyze(doc.expect("examples read cleanly"));
            // Every offset slices the text exactly (spans never cross char boundaries).
            let n = a.text.chars().count();
            assert!(a.blocks.iter().all(|b| b.start < b.end && b.end <= n));
            assert!(a.sentences.iter().all(|s| s.start < s.end && s.end <= n));
            let snap = a.id.rsplit('/').next().unwrap().replace(".txt", "");
            insta::assert_json_snapshot!(snap, projection(&a));
            seen += 1;
        }
    }
    assert!(seen >= 12, "a dozen examples are bundled, saw {seen}");
}
