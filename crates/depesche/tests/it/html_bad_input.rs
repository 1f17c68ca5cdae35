//! HTML that is broken, huge, absurdly nested or not HTML at all: the reader
//! gives a clear error or a best-effort result, never a panic or a hang.

use std::time::Instant;

use depesche::input::html::{self, read_html};
use proptest::prelude::*;

const LIMIT: usize = 64 * 1024 * 1024;

fn sample() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/html_cases/01-regional-kicker-mehr-zum-thema.html"
    ))
    .unwrap()
}

#[test]
fn truncated_pages_give_a_result_or_an_error() {
    let page = sample();
    for cut in (0..page.len()).step_by(97) {
        let r = read_html("cut.html".into(), &page[..cut], LIMIT, None);
        if let Ok(d) = r {
            assert!(!d.text.trim().is_empty());
        }
    }
    // Cut in the middle of the body: the paragraphs before the cut are kept.
    let at = String::from_utf8_lossy(&page)
        .find("Radfahrer sollen")
        .unwrap();
    let d = read_html("cut.html".into(), &page[..at], LIMIT, None).unwrap();
    assert!(
        d.text.contains("Baubürgermeister Thomas Richter"),
        "{}",
        d.text
    );
}

#[test]
fn hundred_thousand_nested_tags_use_the_fallback() {
    let n = 100_000;
    let page = format!(
        "<html><body>{}<p>Die Gemeinde hat am Montag den Haushalt beschlossen.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let t = Instant::now();
    let d = read_html("deep.html".into(), page.as_bytes(), LIMIT, None).unwrap();
    assert!(t.elapsed().as_secs() < 20);
    assert!(d.text.contains("Haushalt beschlossen"));
    assert!(
        d.info.warnings.iter().any(|w| w.contains("deep")),
        "{:?}",
        d.info.warnings
    );
    // Unclosed, and inline elements.
    for open in ["<div>", "<b>", "<span><i>"] {
        let page = format!("<p>Ein Satz über die Lage.</p>{}", open.repeat(n));
        assert!(read_html("deep.html".into(), page.as_bytes(), LIMIT, None).is_ok());
    }
}

#[test]
fn a_twenty_megabyte_page_is_read() {
    let para = "<p>Der Stadtrat beriet am Abend lange über den neuen Haushalt und vertagte sich schließlich.</p>\n";
    let page = format!(
        "<html><head><title>Groß</title></head><body>{}</body></html>",
        para.repeat(20 * 1024 * 1024 / para.len())
    );
    assert!(page.len() >= 20_000_000);
    let t = Instant::now();
    let d = read_html("big.html".into(), page.as_bytes(), LIMIT, None).unwrap();
    assert!(t.elapsed().as_secs() < 60);
    assert!(d.text.contains("vertagte sich"));
    assert!(!d.info.warnings.is_empty());
    // Over the byte limit: a clear error.
    let e = read_html("big.html".into(), page.as_bytes(), 1_000_000, None).unwrap_err();
    assert!(e.message.contains("limit"), "{}", e.message);
}

#[test]
fn binary_bytes_named_html_are_refused() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    let e = read_html("bild.html".into(), png, LIMIT, None).unwrap_err();
    assert!(e.message.contains("binary"), "{}", e.message);
    let e = read_html("leer.html".into(), b"  \n ", LIMIT, None).unwrap_err();
    assert!(e.message.contains("empty"), "{}", e.message);
    let e = read_html(
        "nur-tags.html".into(),
        b"<html><body><div></div></body></html>",
        LIMIT,
        None,
    )
    .unwrap_err();
    assert!(e.message.contains("no article text"), "{}", e.message);
}

#[test]
fn binary_file_with_html_name_through_read_path() {
    let dir = std::env::temp_dir().join(format!("depesche-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("x.html");
    std::fs::write(&p, b"\x7fELF\x02\x01\x01\0\0\0\0\0").unwrap();
    let r: Vec<_> = depesche::input::read_path(&p, &Default::default()).collect();
    assert!(r[0].as_ref().unwrap_err().message.contains("binary"));
    let gz = dir.join("broken.html.gz");
    std::fs::write(&gz, b"\x1f\x8b\x08\0\0\0\0\0\0\x03garbage").unwrap();
    let r: Vec<_> = depesche::input::read_path(&gz, &Default::default()).collect();
    assert!(r[0].as_ref().unwrap_err().message.contains("gzip"));
    std::fs::remove_dir_all(&dir).ok();
}

fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<p class=\"intro\">".to_string()),
        Just("</p>".to_string()),
        Just("<h2>".to_string()),
        Just("<a href='x'>".to_string()),
        Just("</a>".to_string()),
        Just("<script>".to_string()),
        Just("<!--".to_string()),
        Just("&auml;&#8222;&#x;&".to_string()),
        Just("<meta charset=\"latin1\">".to_string()),
        Just("<time datetime=\"2025-13-45\">".to_string()),
        "[a-zA-ZäöüÄÖÜß .,]{0,80}",
        "[<>/=\"' a-z]{0,12}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = read_html("r.html".into(), &bytes, LIMIT, None);
        let _ = html::fallback_text(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn tag_soup_never_panics(s in soup()) {
        if let Ok(d) = read_html("s.html".into(), s.as_bytes(), LIMIT, Some("https://x.example/2025/01/02/a")) {
            let n = d.text.chars().count();
            for b in &d.blocks {
                prop_assert!(b.start <= b.end && b.end <= n);
            }
        }
    }
}

/// The fuzz seeds (the `html_cases` pages for `html`, `fuzz/corpus/warc`)
/// and any input kept from a fuzz finding (`tests/fuzz_regressions/<target>/`)
/// go through the readers as the fuzz targets run them: a result or an
/// error, never a panic.
#[test]
fn fuzz_seeds_and_regressions_are_read() {
    use depesche::input::warc::read_warc;
    let root = env!("CARGO_MANIFEST_DIR");
    let files = |target: &str| -> Vec<std::path::PathBuf> {
        let seeds = match target {
            "html" => format!("{root}/tests/html_cases"),
            _ => format!("{root}/../../fuzz/corpus/{target}"),
        };
        [seeds, format!("{root}/tests/fuzz_regressions/{target}")]
            .iter()
            .filter_map(|d| std::fs::read_dir(d).ok())
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| target != "html" || p.extension().is_some_and(|x| x == "html"))
            .collect()
    };
    assert!(files("html").len() >= 5 && files("warc").len() >= 3);
    for p in files("html") {
        let bytes = std::fs::read(&p).unwrap();
        let _ = read_html("fuzz.html".into(), &bytes, LIMIT, None);
    }
    for p in files("warc") {
        let bytes = std::fs::read(&p).unwrap();
        let results: Vec<_> = read_warc(
            "fuzz.warc".into(),
            Box::new(std::io::Cursor::new(bytes)),
            LIMIT,
        )
        .collect();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name == "request-response-truncated.warc" {
            // The page, then the truncated record as an error.
            assert_eq!(results.len(), 2, "{name}");
            let d = results[0].as_ref().unwrap();
            assert!(d.text.contains("Haushalt"), "{}", d.text);
            assert!(d
                .info
                .warnings
                .iter()
                .any(|w| w.starts_with("1 WARC record")));
            assert!(results[1]
                .as_ref()
                .unwrap_err()
                .message
                .contains("truncated"));
        }
    }
}
