//! The hand-written structure cases (German and English agency and site
//! styles). The floors below are regression guards: raise them as the
//! classifier improves; `depesche eval structure` prints the same figures.

use depesche::eval::structure::{evaluate, load_cases};

#[test]
fn structure_cases_meet_their_floors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/structure_cases");
    let cases = load_cases(&dir).expect("cases parse");
    assert!(cases.len() >= 25, "the issue asks for at least 25 cases");
    let s = evaluate(&cases);
    for f in &s.failures {
        println!("{f}");
    }
    println!(
        "cases exact {}/{}, blocks P {:.3} R {:.3} F1 {:.3}, credits exact {}/{}",
        s.cases_exact,
        s.cases,
        s.blocks.precision(),
        s.blocks.recall(),
        s.blocks.f1(),
        s.credits_exact,
        s.cases
    );
    for (k, p) in &s.per_kind {
        println!(
            "  {k:<10} P {:.3} R {:.3} F1 {:.3}",
            p.precision(),
            p.recall(),
            p.f1()
        );
    }
    // Floors a little under the figures measured when they were set (F1 0.982,
    // 39/39 credits, 33/39 exact cases).
    assert!(
        s.blocks.f1() >= 0.97,
        "block F1 {:.3} under its floor",
        s.blocks.f1()
    );
    assert!(
        s.credits_exact >= 37,
        "credits exact {} under its floor",
        s.credits_exact
    );
    assert!(
        s.cases_exact >= 30,
        "exact cases {} under their floor",
        s.cases_exact
    );
}
