//! `depesche eval ner` end to end on a small file written here.

use assert_cmd::Command;

const CONLL: &str = "-DOCSTART- -X- -X- O

US-Außenminister NN B-NC O
Marco NE I-NC I-PER
Rubio NE I-NC I-PER
traf VVFIN B-VC O
Sergej NE B-NC I-PER
Lawrow NE I-NC I-PER
in APPR B-PC O
Kuala NE I-NC I-LOC
Lumpur NE I-NC I-LOC
. $. O O

Rubio VVFIN B-VC I-PER
sprach VVFIN B-VC O
mit APPR B-PC O
der ART B-NC O
Presse NN I-NC O
. $. O O
";

#[test]
fn eval_ner_prints_scores_and_writes_predictions() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("mini.conll");
    std::fs::write(&data, CONLL).unwrap();
    let pred = dir.path().join("pred.txt");
    let out = Command::cargo_bin("depesche")
        .unwrap()
        .args(["eval", "ner", "--format", "conll", "--lang", "de", "--data"])
        .arg(&data)
        .arg("--predictions")
        .arg(&pred)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    for row in [
        "PER",
        "ORG",
        "LOC",
        "MISC",
        "PER/ORG/LOC",
        "all 4 types",
        "tokens/s",
    ] {
        assert!(stdout.contains(row), "missing {row}: {stdout}");
    }
    let p = std::fs::read_to_string(&pred).unwrap();
    let lines: Vec<&str> = p.lines().collect();
    // 16 tokens, a blank line after each of the two sentences.
    assert_eq!(lines.iter().filter(|l| !l.is_empty()).count(), 16);
    assert_eq!(lines.iter().filter(|l| l.is_empty()).count(), 2);
    // Gold is read as IOB1 and written as IOB2.
    assert!(lines[1].starts_with("Marco B-PER "), "{}", lines[1]);
    assert!(lines[2].starts_with("Rubio I-PER "), "{}", lines[2]);
    assert!(lines
        .iter()
        .all(|l| l.is_empty() || l.split(' ').count() == 3));
}

#[test]
fn eval_ner_reports_a_missing_file() {
    let out = Command::cargo_bin("depesche")
        .unwrap()
        .args(["eval", "ner", "--data", "/nonexistent/file.conll"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nonexistent"));
}
