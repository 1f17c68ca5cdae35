//! The time layer through the CLI: `analyze --time-anchor` and `eval timex`.

use assert_cmd::Command;

#[test]
fn analyze_fills_times_and_takes_the_anchor_flag() {
    let input = r#"{"id":"a","text":"Rubio sagte am Dienstag, er habe Lawrow vor knapp fünf Monaten getroffen.","published":"2025-07-10"}"#;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.jsonl");
    std::fs::write(&file, format!("{input}\n")).unwrap();
    for anchor in ["news", "narrative"] {
        let out = Command::cargo_bin("depesche")
            .unwrap()
            .args(["analyze", "--time-anchor", anchor])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let times = v["times"].as_array().unwrap();
        let tue = times
            .iter()
            .find(|t| t["text"] == "Dienstag")
            .expect("weekday");
        assert_eq!(tue["value"], "2025-07-08");
        let ago = times
            .iter()
            .find(|t| t["text"] == "vor knapp fünf Monaten")
            .expect("ago");
        assert_eq!(ago["mod"], "APPROX");
    }
    Command::cargo_bin("depesche")
        .unwrap()
        .args(["analyze", "--time-anchor", "sometimes", "-"])
        .write_stdin("x\n")
        .assert()
        .failure();
}

#[test]
fn eval_timex_on_a_tiny_key() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("keyinline");
    std::fs::create_dir(&key).unwrap();
    std::fs::write(
        key.join("01_Test.key.xml"),
        "<DOC>\n<DOCID>01_Test</DOCID>\n<DATETIME> <TIMEX2 val=\"2011-02-16T17:00:00\">2011-02-16T17:00:00</TIMEX2> </DATETIME>\n<TEXT>\n\
         Am <TIMEX2 val=\"1939-09-01\">1. September 1939</TIMEX2> begann der Krieg. \
         <TIMEX2 val=\"1939-09-03\">Zwei Tage später</TIMEX2> erklärte Großbritannien den Krieg, \
         der <TIMEX2 val=\"P6Y\">sechs Jahre</TIMEX2> dauerte.\n</TEXT>\n</DOC>\n",
    )
    .unwrap();
    let out = Command::cargo_bin("depesche")
        .unwrap()
        .args(["eval", "timex", "--wikiwarsde"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("3 gold TIMEX2, 3 system"), "{s}");
    let relaxed = s.lines().find(|l| l.starts_with("relaxed extent")).unwrap();
    assert!(relaxed.ends_with("1.000"), "{relaxed}");
    let value = s
        .lines()
        .find(|l| l.starts_with("value (relaxed+val)"))
        .unwrap();
    assert!(value.ends_with("1.000"), "{value}");
}
