//! Sentence evaluation on the UD test files, when `../shared` is present
//! beside the clone (skips with a note otherwise; fails under
//! `DEPESCHE_REQUIRE_SHARED=1`). The acceptance figures are
//! printed by `depesche eval sentences`; this test guards against regressions
//! with floors a little below the measured values.

use depesche::eval::sentences::{evaluate, read_conllu};
use depesche::Lang;

fn run(rel: &str, lang: Lang, min_boundary_f1: f64, min_token_f1: f64) {
    let Some(path) = depesche_testdata::shared(rel) else {
        return;
    };
    let input = std::fs::read_to_string(&path).unwrap();
    let doc = read_conllu(&input, false);
    let r = evaluate(&doc, lang);
    eprintln!("{rel}: boundaries {} · tokens {}", r.boundaries, r.tokens);
    assert!(
        r.boundaries.f1() >= min_boundary_f1,
        "{rel}: boundary F1 {:.4} < {min_boundary_f1}",
        r.boundaries.f1()
    );
    assert!(
        r.tokens.f1() >= min_token_f1,
        "{rel}: token F1 {:.4} < {min_token_f1}",
        r.tokens.f1()
    );
}

#[test]
fn german_gsd_test() {
    run(
        "data/ud/UD_German-GSD/de_gsd-ud-test.conllu",
        Lang::De,
        0.95,
        0.975,
    );
}

#[test]
fn english_ewt_test() {
    run(
        "data/ud/UD_English-EWT/en_ewt-ud-test.conllu",
        Lang::En,
        0.945,
        0.96,
    );
}
