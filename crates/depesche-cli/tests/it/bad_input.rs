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

// ---------------------------------------------------------------------------
// Hostile and huge inputs (issue 17): bounded reads, streams, walks, CSV and
// JSONL strictness, read-only stores, terminal safety, bounded options.

/// A short article line for JSONL streams.
fn jsonl_line(id: &str, text: &str) -> String {
    format!("{{\"id\":\"{id}\",\"text\":\"{text}\"}}\n")
}

fn ids(o: &Output) -> Vec<String> {
    json_lines(o)
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn an_endless_device_stops_at_once_with_a_message() {
    let started = std::time::Instant::now();
    let o = depesche(&["analyze", "/dev/zero"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/dev/zero"), "{}", stderr(&o));
    assert!(stderr(&o).contains("binary"), "{}", stderr(&o));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // Text that never ends stops at the limit, whatever kind of file it is.
    let o = depesche(
        &["analyze", "/dev/stdin", "--max-bytes", "1000"],
        Some("Ein Satz über Köln. ".repeat(200).as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--max-bytes"), "{}", stderr(&o));
}

#[test]
fn a_jsonl_stream_over_the_limit_loses_only_the_long_line() {
    let mut input = String::new();
    for i in 0..40 {
        let text = if i == 7 {
            "Ein sehr langer Satz über Bonn. ".repeat(100)
        } else {
            format!("Meldung {i} aus Bonn.")
        };
        input.push_str(&jsonl_line(&format!("n{i}"), &text));
    }
    assert!(input.len() > 2000);
    let o = depesche(
        &["analyze", "-", "--format", "jsonl", "--max-bytes", "1000"],
        Some(input.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1));
    let got = ids(&o);
    assert_eq!(got.len(), 39);
    assert!(!got.contains(&"n7".to_string()));
    assert!(
        stderr(&o).contains("stdin:8") && stderr(&o).contains("--max-bytes"),
        "{}",
        stderr(&o)
    );
    // The same holds for a file over the limit: it is streamed, not refused.
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "feed.jsonl", input.as_bytes());
    let o = depesche(
        &[
            "ingest",
            &p,
            "--db",
            &format!("{}/c.db", dir.path().display()),
            "-q",
            "--max-bytes",
            "1000",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("39 added"), "{}", stderr(&o));
}

#[test]
fn a_stream_gives_outputs_before_it_ends() {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_depesche"))
        .args(["analyze", "-", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(jsonl_line("erst", "Die erste Meldung aus Köln.").as_bytes())
        .unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    // The input is still open: the first article must come out anyway.
    let first = rx.recv_timeout(std::time::Duration::from_secs(60));
    stdin
        .write_all(jsonl_line("zweit", "Die zweite Meldung.").as_bytes())
        .unwrap();
    drop(stdin);
    let first = first.expect("an output before the input ended");
    assert!(first.contains("\"erst\""), "{first}");
    assert!(rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .unwrap()
        .contains("\"zweit\""));
    child.wait().unwrap();
}

#[cfg(unix)]
#[test]
fn walks_end_on_symlink_loops_and_skip_fifos() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    std::fs::create_dir_all(a.join("b")).unwrap();
    write(&a, "eins.txt", "Der erste Text über Bonn.".as_bytes());
    write(&a.join("b"), "zwei.txt", "Der zweite Text.".as_bytes());
    std::os::unix::fs::symlink("..", a.join("b/hoch")).unwrap();
    std::os::unix::fs::symlink("../../a", a.join("b/nochmal")).unwrap();
    std::os::unix::fs::symlink("eins.txt", a.join("link.txt")).unwrap();
    let fifo = a.join("rohr.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let started = std::time::Instant::now();
    let o = depesche(
        &["analyze", dir.path().to_str().unwrap(), "--format", "jsonl"],
        None,
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got = ids(&o);
    assert_eq!(got.len(), 2, "each real file once: {got:?}");
    if made.is_ok_and(|s| s.success()) {
        assert!(
            stderr(&o).contains("rohr.txt") && stderr(&o).contains("not a regular file"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn csv_with_semicolons_and_double_quotes_reads_clean() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "feed.csv",
        "id;title;text\n1;\"Der Titel\";\"Er sagte: \"\"Ja\"\"; dann ging er nach Hause.\"\n2;\"Zweiter Titel\";\"Ein zweiter Text.\"\n"
            .as_bytes(),
    );
    let o = depesche(&["analyze", &p, "--format", "jsonl"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = json_lines(&o);
    assert_eq!(out[0]["title"], "Der Titel");
    // The pipeline puts a given title above the text.
    assert_eq!(
        out[0]["text"],
        "Der Titel\n\nEr sagte: \"Ja\"; dann ging er nach Hause."
    );
    assert_eq!(out[1]["text"], "Zweiter Titel\n\nEin zweiter Text.");
}

#[test]
fn csv_with_an_unbalanced_quote_is_warned_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "feed.csv",
        "a;\"Der erste Text.\"\nb;\"Der zweite, offen.\nc;\"Der dritte Text.\"\nd;\"Der vierte Text.\"\n"
            .as_bytes(),
    );
    let o = depesche(&["analyze", &p, "--format", "jsonl"], None);
    let err = stderr(&o);
    assert!(err.contains("warning") && err.contains("line 2"), "{err}");
    assert_eq!(json_lines(&o).last().unwrap()["text"], "Der vierte Text.");
}

#[test]
fn jsonl_fields_of_the_wrong_type_are_errors_with_their_line_and_bad_dates_warnings() {
    let input = "{\"id\":\"ok\",\"text\":\"Gut.\"}\n{\"text\":42}\n{\"text\":\"x\",\"published\":\"gestern\"}\n{\"text\":\"x\",\"lang\":\"$$\"}\n{\"id\":5,\"text\":\"Zahl als id.\",\"lang\":\"de-AT\"}\n";
    let o = depesche(
        &["analyze", "-", "--format", "jsonl"],
        Some(input.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1));
    // A date that is not a day date costs the article its date, not the article.
    assert_eq!(ids(&o), ["ok", "stdin:3", "5"]);
    let out = json_lines(&o);
    assert_eq!(out[1]["published"], serde_json::Value::Null);
    assert_eq!(out[1]["extra"]["published"], "gestern");
    let err = stderr(&o);
    assert!(
        err.contains("warning: stdin:3: the published field \"gestern\" is not a day date"),
        "{err}"
    );
    for (line, what) in [(2, "\"text\" is a number"), (4, "\"lang\"")] {
        assert!(
            err.contains(&format!("stdin:{line}: ")) && err.contains(what),
            "{err}"
        );
    }
}

#[test]
fn queries_never_make_or_write_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "leer.db", b"");
    let o = depesche(&["search", "Bonn", "--db", &empty], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("empty"), "{}", stderr(&o));
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    // `--db` is a file name, never a SQLite URI.
    let uri = format!("file:{}/x.db?mode=memory", dir.path().display());
    let o = depesche(&["search", "Bonn", "--db", &uri], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such corpus"), "{}", stderr(&o));
    // Errors say their cause once.
    let o = depesche(&["entities", "--db", "/etc/hostname"], None);
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn corpus_options_are_bounded_and_output_is_terminal_safe() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("{}/c.db", dir.path().display());
    let body = "Die Bundesregierung hat am Dienstag in Berlin ein Gesetz beschlossen. Die Opposition in Berlin kritisierte das Gesetz.";
    let input = format!(
        "{}{}",
        jsonl_line(
            "a\\u001b[2J",
            &format!("Titel \\u001b]0;x\\u0007 hier\\n\\n{body}")
        ),
        jsonl_line("b", &format!("Zweiter Titel\\n\\n{body} Noch mehr.")),
    );
    let p = write(dir.path(), "in.jsonl", input.as_bytes());
    let o = depesche(&["ingest", &p, "--db", &db, "-q", "-j", "100000"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("-j 100000"), "{}", stderr(&o));
    for args in [
        vec!["search", "Berlin"],
        vec!["entities"],
        vec!["stories", "--min-articles", "1"],
        vec!["quotes"],
    ] {
        let mut a = args.clone();
        a.extend(["--db", &db]);
        let o = depesche(&a, None);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!o.stdout.contains(&0x1b), "{args:?} let an ESC through");
    }
    let o = depesche(
        &["analyze", &p, "--format", "pretty", "--color", "never"],
        None,
    );
    assert!(!o.stdout.contains(&0x1b) && !o.stdout.contains(&0x07));
    assert!(String::from_utf8_lossy(&o.stdout).contains("\\x1b"));
    let o = depesche(
        &[
            "search", "Berlin", "--limit", "0", "--format", "jsonl", "--db", &db,
        ],
        None,
    );
    assert!(o.stdout.is_empty());
    let o = depesche(
        &["entities", "--top", "0", "--format", "jsonl", "--db", &db],
        None,
    );
    assert!(o.stdout.is_empty());
    let o = depesche(
        &[
            "stories",
            "--min-articles",
            "18446744073709551615",
            "--format",
            "jsonl",
            "--db",
            &db,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let long = "Berlin ".repeat(12_000);
    let started = std::time::Instant::now();
    let o = depesche(&["search", &long, "--db", &db], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn export_refuses_to_overwrite_and_leaves_no_partial_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("{}/c.db", dir.path().display());
    let p = write(
        dir.path(),
        "in.jsonl",
        jsonl_line("a", "Ein Text über Bonn und Köln.").as_bytes(),
    );
    assert_eq!(
        depesche(&["ingest", &p, "--db", &db, "-q"], None)
            .status
            .code(),
        Some(0)
    );
    let out = dir.path().join("export");
    let out_s = out.to_str().unwrap();
    let o = depesche(
        &["export", "--format", "jsonl", "--out", out_s, "--db", &db],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(out.join("articles.jsonl"), b"mine").unwrap();
    let o = depesche(
        &["export", "--format", "jsonl", "--out", out_s, "--db", &db],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read(out.join("articles.jsonl")).unwrap(), b"mine");
    let o = depesche(
        &[
            "export", "--format", "jsonl", "--out", out_s, "--db", &db, "--force",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["articles.jsonl"]);
}

#[test]
fn gzip_on_stdin_is_read_and_broken_gzip_is_named() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(
        b"{\"id\":\"g1\",\"text\":\"Der Gemeinderat beschloss am Montag den Bau einer Schule.\"}\n\
          {\"id\":\"g2\",\"text\":\"Die Feuerwehr kam am Dienstag zu einem Brand.\"}\n",
    )
    .unwrap();
    let bytes = gz.finish().unwrap();
    let o = depesche(&["analyze", "-", "--format", "jsonl"], Some(&bytes));
    assert!(o.status.success(), "{}", stderr(&o));
    let ids: Vec<String> = json_lines(&o)
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["g1", "g2"]);
    // A stream that starts like gzip and is not: an error that says gzip.
    let o = depesche(
        &["analyze", "-", "--format", "jsonl"],
        Some(&[0x1f, 0x8b, 0, 1, 2, 3]),
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("gzip"), "{}", stderr(&o));
}
