//! The corpus lines of `depesche bench`: `depesche ingest` as a user runs
//! it, on the inputs copied N times with new ids (a synthetic corpus N times
//! the size, written to a temporary folder and removed after), each in its
//! own process so its peak memory is its own. Prints articles/s, peak RSS,
//! store size against input size and search latency, then how peak memory
//! and store size grow with the corpus.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use depesche::input::{Document, ReadOptions};
use depesche_store::Store;

/// What one ingest run measured.
struct Run {
    copies: usize,
    articles: usize,
    seconds: f64,
    peak_rss_mib: Option<f64>,
    input_bytes: u64,
    store_bytes: u64,
    search_median_ms: f64,
    search_p95_ms: f64,
    quotes: i64,
    quote_median_ms: f64,
    quote_p95_ms: f64,
}

/// Write `docs` `copies` times as JSONL. Each copy gets its own id and url
/// (`copy-N`), so that no copy is the same stored article as another; the
/// text, date, language and input fields (`extra`) are kept.
fn write_copies(docs: &[Document], copies: usize, path: &Path) -> anyhow::Result<u64> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    for c in 0..copies {
        for (i, d) in docs.iter().enumerate() {
            let mut rec = d.extra.clone();
            rec.insert("id".into(), format!("copy-{c}/{}", d.id).into());
            rec.insert("url".into(), format!("https://copy-{c}.example/{i}").into());
            rec.insert("text".into(), d.text.clone().into());
            if let Some(t) = &d.title {
                rec.insert("title".into(), t.clone().into());
            }
            if let Some(p) = d.published {
                rec.insert("published".into(), p.to_string().into());
            }
            if let Some(l) = &d.lang {
                rec.insert("lang".into(), l.clone().into());
            }
            if let Some(s) = &d.source {
                rec.insert("source".into(), s.clone().into());
            }
            serde_json::to_writer(&mut w, &rec)?;
            w.write_all(b"\n")?;
        }
    }
    w.flush()?;
    Ok(std::fs::metadata(path)?.len())
}

/// Run `depesche ingest` in a child process; its wall time and peak RSS.
fn ingest_child(input: &Path, db: &Path) -> anyhow::Result<(f64, Option<f64>)> {
    let exe = std::env::current_exe()?;
    let t = Instant::now();
    let mut child = Command::new(exe)
        .arg("ingest")
        .arg("--quiet")
        .arg("--db")
        .arg(db)
        .arg(input)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let (ok, rss) = wait_with_rss(&mut child)?;
    let seconds = t.elapsed().as_secs_f64();
    if !ok {
        anyhow::bail!("`depesche ingest` of the synthetic corpus failed");
    }
    Ok((seconds, rss))
}

/// Wait for `child`; whether it succeeded and its peak RSS in MiB (Linux).
#[cfg(unix)]
fn wait_with_rss(child: &mut std::process::Child) -> anyhow::Result<(bool, Option<f64>)> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data, fully written by wait4 on success.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; the pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if r != pid {
        return Ok((child.wait()?.success(), None));
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // ru_maxrss is in KiB on Linux.
    let rss = cfg!(target_os = "linux").then(|| usage.ru_maxrss as f64 / 1024.0);
    Ok((ok, rss))
}

#[cfg(not(unix))]
fn wait_with_rss(child: &mut std::process::Child) -> anyhow::Result<(bool, Option<f64>)> {
    Ok((child.wait()?.success(), None))
}

fn file_len(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn run_one(docs: &[Document], copies: usize, dir: &Path) -> anyhow::Result<Run> {
    let input = dir.join(format!("copies-{copies}.jsonl"));
    let db = dir.join(format!("copies-{copies}.db"));
    let input_bytes = write_copies(docs, copies, &input)?;
    let (seconds, peak_rss_mib) = ingest_child(&input, &db)?;
    let _ = std::fs::remove_file(&input);
    let store_bytes = file_len(&db)
        + file_len(&db.with_extension("db-wal"))
        + file_len(&db.with_extension("db-shm"));
    let store = Store::open_read_only(&db)?;
    let queries = store.sample_queries(200)?;
    let lat = store.bench_search(&queries)?;
    let quote_lat = store.bench_quotes(&store.sample_quote_queries(200)?)?;
    Ok(Run {
        copies,
        articles: docs.len() * copies,
        seconds,
        peak_rss_mib,
        input_bytes,
        store_bytes,
        search_median_ms: lat.median_ms,
        search_p95_ms: lat.p95_ms,
        quotes: store.counts()?.quotes,
        quote_median_ms: quote_lat.median_ms,
        quote_p95_ms: quote_lat.p95_ms,
    })
}

/// Ingest `paths` into a store in a fresh temporary folder (removed after)
/// and print articles/s; clustering, which runs once after the ingest, is
/// timed apart.
pub fn run_in_process(paths: &[PathBuf], pipeline: &depesche::Pipeline) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("depesche-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let report = depesche_store::ingest::ingest_paths(
        &dir.join("bench.db"),
        paths,
        pipeline,
        &depesche_store::ingest::IngestOptions::default(),
        &depesche_store::ingest::Quiet,
    );
    let _ = std::fs::remove_dir_all(&dir);
    let r = report?;
    let total = r.seconds + r.cluster_seconds;
    println!(
        "ingest into SQLite, {} cores: {:>6.0} articles/s ({} articles stored in {:.2} s; clustering {:.2} s after; {:.0} articles/s with clustering)",
        rayon::current_num_threads(),
        r.articles_per_sec(),
        r.added,
        r.seconds,
        r.cluster_seconds,
        if total > 0.0 { r.read as f64 / total } else { 0.0 }
    );
    Ok(())
}

/// Ingest `paths` copied 1× and `copies`× and print the corpus figures.
pub fn run_copies(paths: &[PathBuf], copies: &[usize]) -> anyhow::Result<()> {
    let docs: Vec<Document> = crate::analyze::documents(paths, &ReadOptions::default())
        .filter_map(Result::ok)
        .collect();
    if docs.is_empty() {
        anyhow::bail!("no articles to ingest");
    }
    let dir = std::env::temp_dir().join(format!("depesche-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut runs = Vec::new();
    let mut result = Ok(());
    for &n in copies {
        match run_one(&docs, n.max(1), &dir) {
            Ok(r) => runs.push(r),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
        let _ = std::fs::remove_file(dir.join(format!("copies-{n}.db")));
    }
    let _ = std::fs::remove_dir_all(&dir);
    result?;
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    for r in &runs {
        println!(
            "ingest {}× ({} articles, own process): {:>6.0} articles/s ({:.1} s with clustering); peak RSS {}; store {:.1} MiB = {:.2}× its input ({:.1} MiB JSONL); search top 20 median {:.2} ms, p95 {:.2} ms; quote search ({} quotes) median {:.2} ms, p95 {:.2} ms",
            r.copies,
            r.articles,
            r.articles as f64 / r.seconds.max(1e-9),
            r.seconds,
            r.peak_rss_mib
                .map_or("n/a".to_string(), |m| format!("{m:.1} MiB")),
            mib(r.store_bytes),
            r.store_bytes as f64 / r.input_bytes.max(1) as f64,
            mib(r.input_bytes),
            r.search_median_ms,
            r.search_p95_ms,
            r.quotes,
            r.quote_median_ms,
            r.quote_p95_ms,
        );
    }
    if let (Some(first), Some(last)) = (runs.first(), runs.last()) {
        if last.copies > first.copies {
            if let (Some(a), Some(b)) = (first.peak_rss_mib, last.peak_rss_mib) {
                println!(
                    "ingest memory growth: {}× the articles peak at {:.2}× the memory of {}× (bounded cost: ≤ 1.3×)",
                    last.copies / first.copies.max(1),
                    b / a,
                    first.copies
                );
            }
        }
    }
    Ok(())
}
