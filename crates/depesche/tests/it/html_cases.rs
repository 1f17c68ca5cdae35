//! Hand-written German (and one English) news pages in the layouts of common
//! sites, each with the body and metadata a reader expects
//! (`tests/html_cases/NN-name.html` + `NN-name.json`). The pages are read
//! through the real reader (charset detection included) and the structure
//! stage; the expected body is every teaser, subheading and paragraph block.

use std::path::{Path, PathBuf};

use depesche::input::{self, ReadOptions};
use depesche::schema::BlockKind;
use depesche::structure;
use depesche::text::TextIndex;
use serde_json::Value;

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/html_cases");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    v.sort();
    v
}

fn opt_str(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn eq(errors: &mut Vec<String>, what: &str, got: Option<String>, want: Option<String>) {
    if got != want {
        errors.push(format!("{what}: got {got:?}, want {want:?}"));
    }
}

fn check(path: &Path) -> Vec<String> {
    let mut errors = Vec::new();
    let expect: Value = serde_json::from_str(
        &std::fs::read_to_string(path.with_extension("json")).expect("expectation file"),
    )
    .unwrap();
    let mut docs: Vec<_> = input::read_path(path, &ReadOptions::default()).collect();
    assert_eq!(docs.len(), 1);
    let doc = docs.remove(0).unwrap_or_else(|e| panic!("{e}"));
    let ix = TextIndex::new(&doc.text);
    let st = structure::from_blocks(&doc.text, &ix, &doc.blocks);
    let text_of = |b: &depesche::schema::Block| -> String {
        doc.text
            .chars()
            .skip(b.start)
            .take(b.end - b.start)
            .collect()
    };
    let of_kind = |k: BlockKind| -> Vec<String> {
        st.blocks
            .iter()
            .filter(|b| b.kind == k)
            .map(text_of)
            .collect()
    };
    let body: Vec<String> = st
        .blocks
        .iter()
        .filter(|b| {
            matches!(
                b.kind,
                BlockKind::Teaser | BlockKind::Subheading | BlockKind::Paragraph
            )
        })
        .map(text_of)
        .collect();
    let e = expect.as_object().unwrap();
    if let Some(t) = e.get("title") {
        eq(
            &mut errors,
            "title",
            of_kind(BlockKind::Title).first().cloned(),
            opt_str(t),
        );
    }
    if let Some(t) = e.get("teaser") {
        eq(
            &mut errors,
            "teaser",
            of_kind(BlockKind::Teaser).first().cloned(),
            opt_str(t),
        );
    }
    if let Some(p) = e.get("published") {
        eq(
            &mut errors,
            "published",
            doc.published.map(|d| d.format("%Y-%m-%d").to_string()),
            opt_str(p),
        );
    }
    if let Some(u) = e.get("url") {
        eq(&mut errors, "url", doc.url.clone(), opt_str(u));
    }
    if let Some(s) = e.get("source") {
        eq(&mut errors, "source", doc.source.clone(), opt_str(s));
    }
    if let Some(l) = e.get("lang") {
        eq(&mut errors, "lang", doc.lang.clone(), opt_str(l));
    }
    if let Some(enc) = e.get("encoding") {
        eq(
            &mut errors,
            "encoding",
            Some(doc.info.encoding.clone()),
            opt_str(enc),
        );
    }
    if let Some(enc) = e.get("encoding_not").and_then(Value::as_str) {
        if doc.info.encoding == enc {
            errors.push(format!("encoding should not be {enc}"));
        }
    }
    if let Some(w) = e.get("warning").and_then(Value::as_str) {
        if !doc.info.warnings.iter().any(|x| x.contains(w)) {
            errors.push(format!("no warning with {w:?}: {:?}", doc.info.warnings));
        }
    }
    for (key, got) in [
        ("authors", &st.credit.authors),
        ("agencies", &st.credit.agencies),
        ("editors", &st.credit.editors),
    ] {
        for want in e.get(key).and_then(Value::as_array).into_iter().flatten() {
            let want = want.as_str().unwrap();
            if !got.iter().any(|g| g == want) {
                errors.push(format!("{key}: {want:?} missing from {got:?}"));
            }
        }
    }
    if let Some(d) = e.get("dateline") {
        eq(
            &mut errors,
            "dateline",
            st.credit.dateline.clone(),
            opt_str(d),
        );
    }
    for want in e
        .get("captions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let want = want.as_str().unwrap();
        if !of_kind(BlockKind::Caption).iter().any(|c| c.contains(want)) {
            errors.push(format!("caption {want:?} missing"));
        }
    }
    if let Some(b) = e.get("body").and_then(Value::as_array) {
        let want: Vec<String> = b.iter().map(|x| x.as_str().unwrap().to_string()).collect();
        if body != want {
            errors.push(format!("body:\n  got  {body:#?}\n  want {want:#?}"));
        }
    }
    let joined = body.join("\n");
    for bad in e
        .get("not_in_body")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let bad = bad.as_str().unwrap();
        if joined.contains(bad) {
            errors.push(format!("body contains {bad:?}"));
        }
    }
    errors
}

#[test]
fn html_cases_give_expected_body_and_metadata() {
    let cases = cases();
    assert!(cases.len() >= 12, "expected at least 12 cases");
    let mut failed = Vec::new();
    for c in &cases {
        let errors = check(c);
        if !errors.is_empty() {
            failed.push(format!("{}:\n{}", c.display(), errors.join("\n")));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

#[test]
fn html_through_the_pipeline_keeps_offsets_exact() {
    let path = &cases()[0];
    let doc = input::read_path(path, &ReadOptions::default())
        .next()
        .unwrap()
        .unwrap();
    let hints = doc.blocks.clone();
    let text = doc.text.clone();
    let a = depesche::Pipeline::default().analyze(doc);
    assert_eq!(a.text, text);
    assert_eq!(a.input.format, "html");
    assert_eq!(
        a.title.as_deref(),
        Some("Neue Brücke über die Saale: Bauarbeiten beginnen im Herbst")
    );
    assert_eq!(a.published.as_deref(), Some("2025-06-03"));
    // Every hinted block is found again with the same kind and span.
    for h in &hints {
        assert!(
            a.blocks
                .iter()
                .any(|b| b.kind == h.kind && b.start == h.start && b.end == h.end),
            "{h:?}"
        );
    }
    for s in &a.sentences {
        assert!(s.end <= a.text.chars().count());
    }
}
