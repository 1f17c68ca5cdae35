//! End-to-end tests of the corpus commands: the built `depesche` binary on
//! files the tests write, the clustering fixtures, a SIGKILL mid-ingest, and
//! 10kGNAD when /work/shared is present.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

fn depesche() -> Command {
    Command::new(env!("CARGO_BIN_EXE_depesche"))
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run depesche");
    assert!(
        out.status.success(),
        "{:?} failed: {}",
        cmd,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

type Counts = BTreeMap<String, i64>;
/// Article id → (input id of its original, input id of its story's first article).
type Groups = BTreeMap<String, (Option<String>, String)>;

/// Row counts of every table, and each article's copy/story grouping expressed
/// with input ids (pks may differ between stores).
fn snapshot(db: &Path) -> (Counts, Groups) {
    let c = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut counts = BTreeMap::new();
    for t in [
        "articles",
        "blocks",
        "entities",
        "mentions",
        "quotes",
        "times",
        "places",
        "events",
        "articles_fts",
    ] {
        let n: i64 = c
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        counts.insert(t.to_string(), n);
    }
    let mut st = c
        .prepare(
            "SELECT a.id, d.id, s.id FROM articles a LEFT JOIN articles d ON d.pk = a.duplicate_of
             LEFT JOIN articles s ON s.pk = a.story_id",
        )
        .unwrap();
    let groups = st
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get::<_, String>(2)?)))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (counts, groups)
}

fn fixtures() -> PathBuf {
    workspace().join("testdata/clustering/articles.jsonl")
}

#[test]
fn clustering_fixtures_group_copies_and_stories() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    run_ok(
        depesche()
            .args(["ingest", "-q", "--db"])
            .arg(&db)
            .arg(fixtures()),
    );
    let (_, groups) = snapshot(&db);
    assert_eq!(groups.len(), 7);
    for copy in [
        "copy-salzkammergut-rundschau",
        "copy-alpenpost",
        "copy-donaukurier-online",
    ] {
        assert_eq!(groups[copy].0.as_deref(), Some("agency-dpa"), "{copy}");
    }
    for original in [
        "agency-dpa",
        "report-landesfunk",
        "report-abendblatt-followup",
        "unrelated-tourism",
    ] {
        assert_eq!(groups[original].0, None, "{original} is no copy");
    }
    let out = run_ok(
        depesche()
            .args([
                "stories",
                "--format",
                "jsonl",
                "--min-articles",
                "1",
                "--db",
            ])
            .arg(&db),
    );
    let stories: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let sets: Vec<Vec<String>> = stories
        .iter()
        .map(|s| {
            assert!(s["story_id"].is_i64());
            let mut v: Vec<String> = s["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            v.sort();
            v
        })
        .collect();
    assert_eq!(
        sets,
        vec![
            vec![
                "agency-dpa",
                "copy-alpenpost",
                "copy-donaukurier-online",
                "copy-salzkammergut-rundschau",
                "report-abendblatt-followup",
                "report-landesfunk"
            ],
            vec!["unrelated-tourism"]
        ]
    );
    // Search: JSONL carries the input id; stemming finds inflected forms.
    let out = run_ok(
        depesche()
            .args(["search", "Reisebussen", "--format", "jsonl", "--db"])
            .arg(&db),
    );
    let hits: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], "unrelated-tourism");
    let out = run_ok(
        depesche()
            .args([
                "search",
                "Erdrutsch",
                "--source",
                "alpenpost",
                "--format",
                "jsonl",
                "--db",
            ])
            .arg(&db),
    );
    assert_eq!(out.lines().count(), 1);
    assert!(out.contains("\"duplicate_of\":\"agency-dpa\""), "{out}");
    // Re-ingest adds nothing.
    let before = snapshot(&db);
    run_ok(
        depesche()
            .args(["ingest", "-q", "--db"])
            .arg(&db)
            .arg(fixtures()),
    );
    assert_eq!(snapshot(&db), before);
}

#[test]
fn query_commands_explain_a_missing_store() {
    let dir = tempfile::tempdir().unwrap();
    let out = depesche()
        .args(["search", "x", "--db"])
        .arg(dir.path().join("none.db"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("depesche ingest"));
    assert!(!dir.path().join("none.db").exists());
}

#[test]
fn ingest_without_inputs_upgrades_a_store_or_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    // No store yet: nothing is created, and the message says what to run.
    let out = depesche()
        .args(["ingest", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("depesche ingest FILES"));
    assert!(!db.exists());
    // An up-to-date store: said so, nothing changes.
    run_ok(
        depesche()
            .args(["ingest", "--quiet", "--db"])
            .arg(&db)
            .arg(workspace().join("examples")),
    );
    let before = snapshot(&db);
    let out = depesche()
        .args(["ingest", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is up to date"));
    assert_eq!(snapshot(&db), before);
    // A file that is no store is refused, not overwritten.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a database").unwrap();
    let out = depesche()
        .args(["ingest", "--db"])
        .arg(&junk)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(std::fs::read(&junk).unwrap(), b"not a database");
    // With inputs too, and the message names the file once.
    let out = depesche()
        .args(["ingest", "--quiet", "--db"])
        .arg(&junk)
        .arg(workspace().join("examples"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("junk.db").count(), 1, "{err}");
    assert!(err.contains("not a depesche corpus"), "{err}");
    assert_eq!(std::fs::read(&junk).unwrap(), b"not a database");
}

/// A synthetic corpus: distinct articles from word lists, every 40th a light
/// edit of the one before (so clustering has copies to find).
fn synthetic_corpus(path: &Path, n: usize) {
    const A: &[&str] = &[
        "Regierung",
        "Gemeinderat",
        "Feuerwehr",
        "Polizei",
        "Universität",
        "Bank",
        "Klinik",
        "Bahn",
        "Gewerkschaft",
        "Ministerium",
        "Schule",
        "Museum",
        "Verein",
        "Konzern",
        "Gericht",
        "Hafen",
    ];
    const B: &[&str] = &[
        "beschließt",
        "prüft",
        "meldet",
        "plant",
        "verschiebt",
        "kritisiert",
        "eröffnet",
        "stoppt",
        "fordert",
        "bestätigt",
        "untersucht",
        "verkauft",
    ];
    const C: &[&str] = &[
        "Neubau",
        "Budget",
        "Tarifvertrag",
        "Umbau",
        "Fahrplan",
        "Bilanz",
        "Reform",
        "Ausstellung",
        "Sanierung",
        "Investition",
        "Studie",
        "Fusion",
        "Vergabe",
        "Kontrolle",
    ];
    let mut x: u64 = 42;
    let mut next = |m: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) as usize) % m
    };
    let mut out = String::new();
    let mut last_text = String::new();
    for i in 0..n {
        let text = if i % 40 == 39 {
            last_text.replacen("Zahlen", "Daten", 1) + " Eine Sprecherin bestätigte die Angaben."
        } else {
            let mut t = String::new();
            for s in 0..6 {
                t.push_str(&format!(
                    "Die {} in Ort{} {} am {}. Tag den {} Nummer {}, die Zahlen dazu nannte sie im Satz {}. ",
                    A[next(A.len())],
                    next(500),
                    B[next(B.len())],
                    1 + next(28),
                    C[next(C.len())],
                    i,
                    s
                ));
            }
            t
        };
        let day = 1 + (i / 200) % 28;
        let source = ["Kurier", "Presse", "Standard"][i % 3];
        out.push_str(
            &serde_json::json!({
                "id": format!("syn-{i}"),
                "source": source,
                "published": format!("2025-03-{day:02}"),
                "title": format!("Meldung {i}"),
                "text": text,
            })
            .to_string(),
        );
        out.push('\n');
        last_text = text;
    }
    std::fs::write(path, out).unwrap();
}

fn article_count(db: &Path) -> Option<i64> {
    let c = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    c.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .ok()
}

#[test]
fn sigkill_mid_ingest_then_rerun_matches_a_clean_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let n = 4000;
    synthetic_corpus(&corpus, n);

    let clean = dir.path().join("clean.db");
    run_ok(
        depesche()
            .args(["ingest", "-q", "--batch-size", "16", "--db"])
            .arg(&clean)
            .arg(&corpus),
    );

    let killed = dir.path().join("killed.db");
    let mut child = depesche()
        .args(["ingest", "-q", "--batch-size", "16", "--db"])
        .arg(&killed)
        .arg(&corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill as soon as the first batches are committed.
    let start = Instant::now();
    loop {
        if article_count(&killed).is_some_and(|c| c > 0) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "ingest never committed"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    let at_kill = article_count(&killed).unwrap();
    assert!(
        at_kill > 0 && at_kill < n as i64,
        "killed midway: {at_kill} of {n} stored"
    );
    // Consistent after the crash: integrity holds, every stored article is indexed.
    let c = Connection::open(&killed).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fts: i64 = c
        .query_row("SELECT count(*) FROM articles_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fts, at_kill);
    drop(c);

    run_ok(
        depesche()
            .args(["ingest", "-q", "--batch-size", "16", "--db"])
            .arg(&killed)
            .arg(&corpus),
    );
    let (clean_counts, clean_groups) = snapshot(&clean);
    let (counts, groups) = snapshot(&killed);
    assert_eq!(clean_counts["articles"], n as i64);
    assert_eq!(counts, clean_counts);
    assert_eq!(groups, clean_groups);
    assert!(
        groups.values().any(|g| g.0.is_some()),
        "the corpus has copies"
    );
}

#[test]
fn gnad_ingest_reingest_search_and_exports() {
    let Some(csv) = depesche_testdata::shared("data/news-de/10kGNAD/test.csv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gnad.db");
    let out = depesche()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&csv)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("articles/s"), "{err}");
    let (counts, _) = snapshot(&db);
    assert_eq!(counts["articles"], 1028);
    let out = depesche()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&csv)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 added"));
    assert_eq!(snapshot(&db).0, counts);
    let hits = run_ok(
        depesche()
            .args([
                "search",
                "Flüchtlinge",
                "--format",
                "jsonl",
                "--limit",
                "5",
                "--db",
            ])
            .arg(&db),
    );
    assert_eq!(hits.lines().count(), 5);
    let bench = run_ok(depesche().args(["search", "--bench", "--db"]).arg(&db));
    assert!(bench.contains("median"), "{bench}");
    for format in ["jsonl", "csv"] {
        let out_dir = dir.path().join(format);
        run_ok(
            depesche()
                .args(["export", "--format", format, "--out"])
                .arg(&out_dir)
                .arg("--db")
                .arg(&db),
        );
        let file = out_dir.join(format!("articles.{format}"));
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        // CSV: header + one line per article (text columns hold no newlines here except quoted ones).
        assert!(lines as i64 >= counts["articles"], "{format}: {lines}");
    }
}
