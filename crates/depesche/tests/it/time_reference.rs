//! The reference article (not in the repository): the acceptance values of the
//! time layer. Skips with a note when ../shared is absent.

use depesche::{Document, Options, Pipeline};

#[test]
fn reference_article_times() {
    // ../shared sits beside the repository (or beside the folder holding worktrees).
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|d| d.join("shared/samples/seed-dpa-2025-07-10.txt"))
        .find(|p| p.exists());
    let Some(text) = path.and_then(|p| std::fs::read_to_string(p).ok()) else {
        eprintln!("note: shared/samples/seed-dpa-2025-07-10.txt not found, skipping");
        return;
    };
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
