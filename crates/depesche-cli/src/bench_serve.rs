//! Latency of `depesche serve` under concurrent clients: search (API and
//! page) and article pages, p50/p99 over real HTTP on localhost, and a burst
//! of 400 simultaneous searches that must all succeed.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::Instant;

use depesche::Pipeline;
use depesche_serve::client;
use depesche_serve::html::path_enc;
use depesche_store::ingest::{self, IngestOptions, Quiet};
use depesche_store::Store;

#[derive(clap::Args)]
#[command(after_help = "Example:\n  \
depesche ingest ../shared/data/news-de/10kGNAD/test.csv --db /tmp/10k.db\n  \
depesche bench-serve --db /tmp/10k.db --clients 32")]
pub struct BenchServeArgs {
    /// The corpus to serve.
    #[arg(long)]
    pub db: PathBuf,
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    pub clients: usize,
    /// Requests of each kind.
    #[arg(long, default_value_t = 1000)]
    pub requests: usize,
}

pub fn run_args(args: BenchServeArgs) -> anyhow::Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!("note: this is a debug build; use --release for real figures");
    }
    run(&args.db, args.clients, args.requests)?;
    Ok(ExitCode::SUCCESS)
}

/// The serve line of `depesche bench`: ingest `paths` into a temporary store
/// and measure the server on it.
pub fn run_on_paths(paths: &[PathBuf], pipeline: &Pipeline) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("depesche-bench-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("serve.db");
    let result = ingest::ingest_paths(&db, paths, pipeline, &IngestOptions::default(), &Quiet)
        .map_err(anyhow::Error::from)
        .and_then(|_| run_in_own_process(&db, 32, 1000));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// [`run`] in a process of its own (`depesche bench-serve`), as a server
/// runs: the bench process's heap after the pipeline and ingest rounds is not
/// a server's, and its latency tail showed it. In this process if the
/// executable cannot be started again.
fn run_in_own_process(db: &Path, clients: usize, requests: usize) -> anyhow::Result<()> {
    let exe = std::env::current_exe().ok();
    let status = exe.and_then(|exe| {
        std::process::Command::new(exe)
            .arg("bench-serve")
            .arg("--db")
            .arg(db)
            .args(["--clients", &clients.to_string()])
            .args(["--requests", &requests.to_string()])
            .status()
            .ok()
    });
    match status {
        Some(s) if s.success() => Ok(()),
        Some(s) => anyhow::bail!("depesche bench-serve failed ({s})"),
        None => run(db, clients, requests),
    }
}

struct Figures {
    ok: usize,
    failed: usize,
    ms: Vec<f64>,
    seconds: f64,
}

/// Run `paths` (request lines) with `clients` threads; each thread takes the
/// next path until all are done.
fn drive(addr: SocketAddr, paths: &[String], clients: usize) -> Figures {
    let next = AtomicUsize::new(0);
    let ms = Mutex::new(Vec::with_capacity(paths.len()));
    let failed = AtomicUsize::new(0);
    let t0 = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..clients.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(p) = paths.get(i) else { break };
                let t = Instant::now();
                match client::get(addr, p) {
                    Ok(a) if a.status == 200 => {
                        let d = t.elapsed().as_secs_f64() * 1000.0;
                        ms.lock().unwrap_or_else(|e| e.into_inner()).push(d);
                    }
                    _ => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let mut ms = ms.into_inner().unwrap_or_else(|e| e.into_inner());
    ms.sort_by(f64::total_cmp);
    Figures {
        ok: ms.len(),
        failed: failed.into_inner(),
        ms,
        seconds: t0.elapsed().as_secs_f64(),
    }
}

fn pick(ms: &[f64], f: f64) -> f64 {
    ms.get(((ms.len() as f64 - 1.0) * f).round() as usize)
        .copied()
        .unwrap_or(0.0)
}

pub fn run(db: &Path, clients: usize, requests: usize) -> anyhow::Result<()> {
    let store = Store::open_read_only(db)?;
    let queries = store.sample_queries(requests)?;
    let ids: Vec<String> = store
        .connection()
        .prepare("SELECT id FROM articles ORDER BY pk LIMIT ?1")?
        .query_map([i64::try_from(requests).unwrap_or(i64::MAX)], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    drop(store);
    if queries.is_empty() || ids.is_empty() {
        anyhow::bail!("{}: the corpus is empty", db.display());
    }
    let cycle = |v: &[String], f: &dyn Fn(&str) -> String| -> Vec<String> {
        (0..requests).map(|i| f(&v[i % v.len()])).collect()
    };
    let server = depesche_serve::start(
        db,
        "127.0.0.1:0".parse()?,
        &depesche_serve::Config::default(),
    )?;
    let addr = server.addr;
    // Warm the page cache, the connection pool and the worker threads (and
    // their allocator heaps) as a running server would be: four requests per
    // client, not counted.
    drive(
        addr,
        &cycle(&queries, &|q| format!("/api/search?q={}", path_enc(q)))
            [..(4 * clients).min(requests)],
        clients,
    );
    let kinds: [(&str, Vec<String>); 4] = [
        (
            "search API",
            cycle(&queries, &|q| format!("/api/search?q={}", path_enc(q))),
        ),
        (
            "search page",
            cycle(&queries, &|q| format!("/?q={}", path_enc(q))),
        ),
        (
            "article page",
            cycle(&ids, &|id| format!("/articles/{}", path_enc(id))),
        ),
        (
            "article API",
            cycle(&ids, &|id| format!("/api/articles/{}", path_enc(id))),
        ),
    ];
    for (label, paths) in &kinds {
        let f = drive(addr, paths, clients);
        println!(
            "serve {label:<13} {clients} clients: p50 {:>6.1} ms  p99 {:>6.1} ms  max {:>6.1} ms  {:>6.0} req/s  ({} ok, {} failed)",
            pick(&f.ms, 0.5),
            pick(&f.ms, 0.99),
            f.ms.last().copied().unwrap_or(0.0),
            f.ok as f64 / f.seconds.max(1e-9),
            f.ok,
            f.failed
        );
    }
    // 400 searches sent at the same moment, one connection each.
    let burst: Vec<String> = cycle(&queries, &|q| format!("/api/search?q={}", path_enc(q)))
        .into_iter()
        .cycle()
        .take(400)
        .collect();
    let gate = Barrier::new(burst.len());
    let ok = AtomicUsize::new(0);
    let t0 = Instant::now();
    std::thread::scope(|s| {
        for p in &burst {
            let (gate, ok) = (&gate, &ok);
            s.spawn(move || {
                gate.wait();
                if client::get(addr, p).is_ok_and(|a| a.status == 200) {
                    ok.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    println!(
        "serve burst: {}/{} simultaneous searches succeeded in {:.2} s",
        ok.into_inner(),
        burst.len(),
        t0.elapsed().as_secs_f64()
    );
    server.stop()?;
    Ok(())
}
