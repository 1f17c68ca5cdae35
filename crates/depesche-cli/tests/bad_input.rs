//! Bad input gets a clear message or a best-effort result — never a panic or a hang.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn depesche(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_depesche"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run depesche");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.map(|s| s.to_vec()).unwrap_or_default();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for depesche");
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "depesche panicked: {stderr}");
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every stdout line is JSON"))
        .collect()
}

#[test]
fn empty_file_is_named_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "leer.txt", b"");
    let o = depesche(&["analyze", &p], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("leer.txt") && stderr(&o).contains("empty"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn binary_file_is_refused_with_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10".to_vec();
    png.extend((0..4000u32).map(|i| (i * 7 % 256) as u8));
    let p = write(dir.path(), "bild.txt", &png);
    let o = depesche(&["analyze", &p], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("PNG image"), "{}", stderr(&o));
}

#[test]
fn latin1_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    // "Die Außenminister trafen sich in Köln. Grüße!" in ISO-8859-1: invalid UTF-8.
    let bytes: Vec<u8> =
        "Die Außenminister trafen sich in Köln. Grüße an alle Leserinnen und Leser!"
            .chars()
            .map(|c| c as u32 as u8)
            .collect();
    let p = write(dir.path(), "latin1.txt", &bytes);
    let o = depesche(&["analyze", &p, "--format", "jsonl"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let a = &json_lines(&o)[0];
    assert!(a["text"]
        .as_str()
        .unwrap()
        .contains("Außenminister trafen sich in Köln"));
    assert_eq!(a["input"]["encoding"], "windows-1252");
}

#[test]
fn broken_jsonl_lines_are_reported_and_the_rest_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "feed.jsonl",
        b"{\"id\":\"a\",\"text\":\"Erster Artikel. Er ist kurz.\"}\n{\"id\":\"b\",\"text\":\"kaputt\n\xff\xfe\x00\n{\"id\":\"c\",\"text\":\"Dritter Artikel.\",\"ressort\":\"Politik\"}\n",
    );
    let o = depesche(&["analyze", &p, "--format", "jsonl"], None);
    assert_eq!(o.status.code(), Some(1));
    let out = json_lines(&o);
    assert_eq!(
        out.iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["a", "c"]
    );
    assert_eq!(out[1]["extra"]["ressort"], "Politik");
    let err = stderr(&o);
    assert!(
        err.contains("feed.jsonl:2") && err.contains("feed.jsonl:3"),
        "{err}"
    );
}

#[test]
fn huge_file_gets_a_result() {
    let dir = tempfile::tempdir().unwrap();
    let para = "Die Bundesregierung hat am Dienstag in Berlin ein neues Gesetz beschlossen, das ab dem 1. Januar gelten soll. \
„Wir handeln“, sagte Kanzler Friedrich Merz. Kritiker sprechen von z. B. 3,5 Prozent Mehrkosten.\n\n";
    let mut big = String::with_capacity(50 * 1024 * 1024 + para.len());
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(para);
    }
    let p = write(dir.path(), "gross.txt", big.as_bytes());
    let o = depesche(&["analyze", &p, "--format", "jsonl"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let a = &json_lines(&o)[0];
    assert!(a["sentences"].as_array().unwrap().len() > 100_000);
}

#[test]
fn over_the_size_limit_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.txt", &[b'a'; 2000]);
    let o = depesche(&["analyze", &p, "--max-bytes", "1000"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--max-bytes"), "{}", stderr(&o));
}

#[test]
fn missing_path_and_no_articles() {
    let o = depesche(&["analyze", "/nonexistent/artikel.txt"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no such file"), "{}", stderr(&o));
}

#[test]
fn stdin_text_and_jsonl() {
    let o = depesche(
        &["analyze", "-"],
        Some("Ein Titel\n\nEin Absatz mit Text. Noch ein Satz.".as_bytes()),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let a: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(a["id"], "stdin");
    assert_eq!(a["schema"], "depesche/1");
    let o = depesche(
        &["analyze", "-"],
        Some(b"{\"id\":\"x\",\"text\":\"Hallo.\"}\n{\"id\":\"y\",\"text\":\"Welt.\"}\n"),
    );
    assert_eq!(json_lines(&o).len(), 2);
}

#[test]
fn binary_junk_on_stdin() {
    let junk: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let o = depesche(&["analyze", "-"], Some(&junk));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("binary"), "{}", stderr(&o));
}

#[test]
fn directory_order_is_stable_and_every_offset_slices() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write(
        dir.path(),
        "b.txt",
        "Zweiter Titel\n\nTeil „zwei“. Mit Ümläuten.".as_bytes(),
    );
    write(
        &dir.path().join("sub"),
        "a.txt",
        "Dritter Text über Köln. Er endet hier.".as_bytes(),
    );
    write(dir.path(), "a.txt", "Erster Text.".as_bytes());
    write(dir.path(), "ignored.png", b"\x89PNG");
    let o = depesche(
        &["analyze", dir.path().to_str().unwrap(), "--format", "jsonl"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = json_lines(&o);
    let ids: Vec<&str> = out.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert!(
        ids[0].ends_with("/a.txt") && ids[1].ends_with("/b.txt") && ids[2].ends_with("sub/a.txt"),
        "{ids:?}"
    );
    for a in &out {
        let text: Vec<char> = a["text"].as_str().unwrap().chars().collect();
        for key in ["blocks", "sentences"] {
            for s in a[key].as_array().unwrap() {
                let (st, en) = (
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                );
                assert!(st < en && en <= text.len());
                let piece: String = text[st..en].iter().collect();
                assert_eq!(piece.trim(), piece, "spans carry no outer whitespace");
            }
        }
    }
}
