//! The reference article (not in the repository): the acceptance values of the
//! time layer. Skips with a note when ../shared is absent (fails under
//! `DEPESCHE_REQUIRE_SHARED=1`).

use depesche::{Document, Options, Pipeline};

#[test]
fn reference_article_times() {
    let Some(path) = depesche_testdata::shared("samples/seed-dpa-2025-07-10.txt") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let p = Pipeline::new(Options {
        published: chrono::NaiveDate::from_ymd_opt(2025, 7, 10),
        ..Options::default()
    });
    let a = p.analyze(Document::from_text("seed", &text));
    let find = |t: &str| {
        a.times
            .iter()
            .find(|x| x.text.eq_ignore_ascii_case(t))
            .unwrap_or_else(|| panic!("{t:?} not found in {:?}", a.times))
    };
    for (t, v, m) in [
        ("heute", "2025-07-10", None),
        ("Dienstag", "2025-07-08", None),
        ("Montag", "2025-07-07", None),
        ("20. Januar", "2025-01-20", None),
        ("Februar 2022", "2022-02", None),
        ("vor knapp fünf Monaten", "2025-02", Some("APPROX")),
        ("Am Tag zuvor", "2025-07-09", None),
        ("eine knappe Stunde", "PT1H", Some("APPROX")),
    ] {
        let x = find(t);
        assert_eq!(x.value.as_deref(), Some(v), "{t}");
        assert_eq!(x.modifier.as_deref(), m, "{t}");
    }
}
