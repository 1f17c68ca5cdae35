//! The quote layer through the whole pipeline: the project's own annotated
//! cases, and robustness on arbitrary text.

use depesche::eval::quotes::{load_cases, score_all};
use depesche::{Document, Options, Pipeline};
use proptest::prelude::*;

#[test]
fn own_cases_meet_the_bar() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/quotes/cases.jsonl"
    );
    let src = std::fs::read_to_string(path).expect("testdata/quotes/cases.jsonl is committed");
    let cases = load_cases(&src).expect("valid JSONL");
    assert!(cases.iter().filter(|c| c.lang == "de").count() >= 50);
    assert!(cases.iter().filter(|c| c.lang == "en").count() >= 20);
    let pipeline = Pipeline::new(Options::default());
    let analyses: Vec<_> = cases
        .iter()
        .map(|c| {
            let mut d = Document::from_text(c.id.clone(), &c.text);
            d.lang = Some(c.lang.clone());
            pipeline.analyze(d)
        })
        .collect();
    let (_, all) = score_all(&cases, &analyses).pop().expect("an 'all' row");
    assert!(all.direct.f1() >= 0.95, "direct {}", all.direct.line());
    assert!(
        all.speaker_accuracy() >= 0.90,
        "speaker accuracy {:.3}: {:#?}",
        all.speaker_accuracy(),
        all.errors
    );
}

#[test]
fn pipeline_fills_quotes_with_offsets_into_text() {
    let text = "Treffen in Berlin\n\n„Wir sind bereit“, sagte Kanzler Friedrich Merz am Montag.";
    let a = depesche::analyze_text(text, &Options::default());
    assert_eq!(a.quotes.len(), 1, "{:?}", a.quotes);
    let q = &a.quotes[0];
    let sliced: String = a.text.chars().skip(q.start).take(q.end - q.start).collect();
    assert_eq!(sliced, q.text);
    // The speaker is the entity id when NER found the person, else the name text.
    let speaker = q.speaker.as_deref().expect("a speaker");
    let name = a
        .entities
        .iter()
        .find(|e| e.id == speaker)
        .map_or(speaker, |e| e.name.as_str());
    assert_eq!((q.kind.as_str(), name), ("direct", "Friedrich Merz"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn never_panics_and_spans_are_valid(s in "[a-zA-ZäöüÄÖÜß „“”\"'‚‘’»«›‹:,.!?\\n-]{0,200}") {
        let a = depesche::analyze_text(&s, &Options::default());
        let n = a.text.chars().count();
        for q in &a.quotes {
            prop_assert!(q.start < q.end && q.end <= n);
        }
    }
}
