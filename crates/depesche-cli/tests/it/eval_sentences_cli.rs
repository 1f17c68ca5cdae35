//! `depesche eval sentences` end to end on a small CoNLL-U file, and on the UD
//! German test file when `../shared` is present.

use assert_cmd::Command;

const CONLLU: &str = "# newdoc\n# text = Er kam am 3. Juli.\n\
1\tEr\t_\t_\t_\t_\t0\troot\t_\t_\n2\tkam\t_\t_\t_\t_\t0\troot\t_\t_\n\
3\tam\t_\t_\t_\t_\t0\troot\t_\t_\n4\t3.\t_\t_\t_\t_\t0\troot\t_\t_\n\
5\tJuli\t_\t_\t_\t_\t0\troot\t_\tSpaceAfter=No\n6\t.\t_\t_\t_\t_\t0\troot\t_\t_\n\n\
# text = Sie ging.\n1\tSie\t_\t_\t_\t_\t0\troot\t_\t_\n\
2\tging\t_\t_\t_\t_\t0\troot\t_\tSpaceAfter=No\n3\t.\t_\t_\t_\t_\t0\troot\t_\t_\n";

#[test]
fn prints_precision_recall_f1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mini.conllu");
    std::fs::write(&file, CONLLU).unwrap();
    let out = Command::cargo_bin("depesche")
        .unwrap()
        .args(["eval", "sentences", "--lang", "de", "--conllu"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("sentence boundaries: P=1.0000 R=1.0000 F1=1.0000"),
        "{stdout}"
    );
    assert!(
        stdout.contains("tokens:              P=1.0000 R=1.0000 F1=1.0000"),
        "{stdout}"
    );
    assert!(stdout.contains("MB/s"));
}

#[test]
fn missing_or_empty_file_is_a_clear_error() {
    let out = Command::cargo_bin("depesche")
        .unwrap()
        .args(["eval", "sentences", "--conllu", "/nonexistent/x.conllu"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("empty.conllu");
    std::fs::write(&file, "").unwrap();
    let out = Command::cargo_bin("depesche")
        .unwrap()
        .args(["eval", "sentences", "--conllu"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no `# text =` lines"));
}

#[test]
fn ud_german_test_when_shared_is_present() {
    let Some(path) = depesche_testdata::shared("data/ud/UD_German-GSD/de_gsd-ud-test.conllu")
    else {
        return;
    };
    let out = Command::cargo_bin("depesche")
        .unwrap()
        .args(["eval", "sentences", "--conllu"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}");
    assert!(stdout.contains("sentence boundaries: P="));
}
