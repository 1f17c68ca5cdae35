//! `analyze --stages/--skip`: the annotating stages chosen by name.

use assert_cmd::Command;

#[test]
fn analyze_runs_the_chosen_stages_and_refuses_unknown_ones() {
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("depesche")
            .unwrap()
            .args(["analyze", "--date", "2025-07-10", "-"])
            .args(args)
            .write_stdin("Rubio sagte am Dienstag in Berlin, er sei zufrieden.\n")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
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
