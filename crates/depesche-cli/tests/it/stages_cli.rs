//! `analyze --stages/--skip`: the annotating stages chosen by name.

use assert_cmd::Command;

/// `depesche analyze --date 2025-07-10 ARGS -` on `text`; it must succeed.
fn analyze_stdin(args: &[&str], text: &str) -> Vec<u8> {
    let out = Command::cargo_bin("depesche")
        .unwrap()
        .args(["analyze", "--date", "2025-07-10"])
        .args(args)
        .arg("-")
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn analyze_runs_the_chosen_stages_and_refuses_unknown_ones() {
    let run = |args: &[&str]| {
        let out = analyze_stdin(
            args,
            "Rubio sagte am Dienstag in Berlin, er sei zufrieden.\n",
        );
        serde_json::from_slice::<serde_json::Value>(&out).unwrap()
    };
    let all = run(&[]);
    let skipped = run(&["--skip", "quotes,tone"]);
    assert_eq!(all["entities"], skipped["entities"]);
    assert_eq!(skipped["quotes"].as_array().map(Vec::len), Some(0));
    let only = run(&["--stages", "times"]);
    assert_eq!(only["entities"].as_array().map(Vec::len), Some(0));
    assert_eq!(only["times"], all["times"]);
    let out = Command::cargo_bin("depesche")
        .unwrap()
        .args(["analyze", "--skip", "spelling", "-"])
        .write_stdin("x\n")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the stages are entities"), "{err}");
}

/// The pretty view slices blocks by code points (umlauts before and after)
/// and shows control characters escaped, never raw.
#[test]
fn pretty_output_slices_by_code_points_and_escapes_control_characters() {
    let out = analyze_stdin(
        &["--format", "pretty", "--color", "never"],
        "Grüße aus Köln\n\nDie Bürger in Köln feiern. Zweiter Satz \u{1b}[2J mit Glocke\u{7}.\n",
    );
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Grüße aus Köln"), "{text}");
    assert!(text.contains("Die Bürger in Köln feiern."), "{text}");
    assert!(
        text.contains("\\x1b[2J") && text.contains("\\x07"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );
}
