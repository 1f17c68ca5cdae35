//! Ingest: readers → `Pipeline` (parallel, rayon) → one writer thread that
//! stores batches, each in one transaction. Input order is kept, so a rerun
//! after a crash stores the remaining articles exactly as a clean run would.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use depesche::input::{self, ReadOptions};
use depesche::Pipeline;
use rusqlite::{Connection, OpenFlags};

use crate::cluster::ClusterParams;
use crate::{input_hash, ClusterStats, Prepared, Result, Store};

#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Articles per transaction.
    pub batch_size: usize,
    pub read: ReadOptions,
    pub cluster: ClusterParams,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch_size: 32,
            read: ReadOptions::default(),
            cluster: ClusterParams::default(),
        }
    }
}

/// Hooks for a progress display; all no-ops by default. Called from the
/// reading thread and the writer thread.
pub trait Progress: Sync {
    /// More articles are expected (as inputs are opened).
    fn expect(&self, _n: u64) {}
    /// Articles done (stored, skipped or failed).
    fn advance(&self, _n: u64) {}
    /// One article or input failed; the ingest goes on.
    fn failed(&self, _message: &str) {}
    /// Something was read with a caveat or skipped (a FIFO in a walked
    /// directory, a malformed CSV record); not a failure.
    fn warn(&self, _message: &str) {}
    /// A new phase begins (e.g. clustering).
    fn phase(&self, _message: &str) {}
}

/// No progress display.
pub struct Quiet;
impl Progress for Quiet {}

#[derive(Debug, Clone, Default)]
pub struct IngestReport {
    /// Articles read from the inputs.
    pub read: u64,
    /// Articles whose input was stored already (not analysed again).
    pub known: u64,
    pub analysed: u64,
    /// Articles added to the store.
    pub added: u64,
    /// Articles stored before (same url, else id) whose content changed: their
    /// rows were replaced.
    pub replaced: u64,
    /// Analysed articles the store had already (same content hash).
    pub skipped: u64,
    /// Articles or inputs that could not be read or analysed.
    pub failed: u64,
    /// Seconds for reading, analysis and storing (clustering apart).
    pub seconds: f64,
    pub cluster: Option<ClusterStats>,
    pub cluster_seconds: f64,
}

impl IngestReport {
    /// Articles through the pipeline and into the store per second.
    pub fn articles_per_sec(&self) -> f64 {
        if self.seconds > 0.0 {
            self.read as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// Ingest files/directories (`-` = stdin) into the store at `db`.
pub fn ingest_paths(
    db: &Path,
    paths: &[PathBuf],
    pipeline: &Pipeline,
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestReport> {
    let mut store = Store::open(db)?;
    // A second, read-only connection lets the reader skip inputs stored by an
    // earlier run (WAL: it reads while the writer writes).
    let reader = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    reader.busy_timeout(std::time::Duration::from_secs(30))?;
    run(&mut store, Some(&reader), paths, pipeline, opts, progress)
}

/// Ingest into an open store (e.g. in memory, for benchmarks). Without a
/// file there is no second connection, so known inputs are analysed again
/// and skipped only when stored.
pub fn ingest_paths_into(
    store: &mut Store,
    paths: &[PathBuf],
    pipeline: &Pipeline,
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestReport> {
    run(store, None, paths, pipeline, opts, progress)
}

struct WriterStats {
    analysed: u64,
    added: u64,
    replaced: u64,
    skipped: u64,
    failed: u64,
}

/// One article's analysis as it reaches the writer: its place in the input
/// order and the prepared rows, or why it failed.
type Analysed = (u64, std::result::Result<Prepared, String>);

fn run(
    store: &mut Store,
    reader: Option<&Connection>,
    paths: &[PathBuf],
    pipeline: &Pipeline,
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestReport> {
    let started = Instant::now();
    let mut report = IngestReport::default();
    let batch_size = opts.batch_size.max(1);
    // Each article is one task in the thread pool, so no core waits for the
    // slowest article of a batch; the writer puts results back in input order
    // and stores them in batches. At most `window` articles are in flight
    // (read but not stored), which bounds memory.
    let window = (batch_size * 8).max(64);
    let (tx, rx) = mpsc::channel::<Analysed>();
    let (slot_tx, slot_rx) = mpsc::sync_channel::<()>(window);
    let writer_store: &mut Store = &mut *store;
    let writer_result = std::thread::scope(|scope| -> Result<WriterStats> {
        let store = writer_store;
        let writer = scope.spawn(move || -> Result<WriterStats> {
            let mut stats = WriterStats {
                analysed: 0,
                added: 0,
                replaced: 0,
                skipped: 0,
                failed: 0,
            };
            let mut waiting: HashMap<u64, std::result::Result<Prepared, String>> = HashMap::new();
            let mut next = 0u64;
            let mut batch: Vec<Prepared> = Vec::with_capacity(batch_size);
            let mut write = |batch: &mut Vec<Prepared>, stats: &mut WriterStats| -> Result<()> {
                if batch.is_empty() {
                    return Ok(());
                }
                let st = store.insert_batch(batch)?;
                stats.added += st.added as u64;
                stats.replaced += st.replaced as u64;
                stats.skipped += st.skipped as u64;
                progress.advance(batch.len() as u64);
                batch.clear();
                Ok(())
            };
            for (seq, result) in rx {
                waiting.insert(seq, result);
                while let Some(result) = waiting.remove(&next) {
                    next += 1;
                    // Frees the reader to read one more article.
                    let _ = slot_rx.recv();
                    match result {
                        Ok(p) => {
                            stats.analysed += 1;
                            batch.push(p);
                            if batch.len() >= batch_size {
                                write(&mut batch, &mut stats)?;
                            }
                        }
                        Err(msg) => {
                            stats.failed += 1;
                            progress.failed(&msg);
                            progress.advance(1);
                        }
                    }
                }
            }
            write(&mut batch, &mut stats)?;
            Ok(stats)
        });
        let mut known_check =
            reader.map(|c| c.prepare("SELECT 1 FROM articles WHERE input_hash = ?1 LIMIT 1"));
        let mut seq = 0u64;
        rayon::in_place_scope(|tasks| {
            let mut warn = |e: input::ReadError| progress.warn(&e.to_string());
            // Parquet files in the folders given (a Spark output folder) are
            // read by the Parquet reader; the walk below takes the rest.
            let mut inputs: Vec<std::result::Result<PathBuf, input::ReadError>> = Vec::new();
            #[cfg(feature = "parquet")]
            for p in paths.iter().filter(|p| p.is_dir()) {
                inputs.extend(crate::parquet_input::parquet_files(p).into_iter().map(Ok));
            }
            inputs.extend(input::expand_paths_reporting(paths, &mut warn));
            'inputs: for path in inputs {
                let path = match path {
                    Ok(p) => p,
                    Err(e) => {
                        report.failed += 1;
                        progress.failed(&e.to_string());
                        continue;
                    }
                };
                #[cfg(feature = "parquet")]
                let docs = if crate::parquet_input::is_parquet(&path) {
                    crate::parquet_input::read_parquet(&path, &opts.read)
                } else {
                    input::read_path(&path, &opts.read)
                };
                #[cfg(not(feature = "parquet"))]
                let docs = input::read_path(&path, &opts.read);
                let hint = docs.size_hint().0.max(1) as u64;
                progress.expect(hint);
                let mut seen = 0u64;
                for doc in docs {
                    seen += 1;
                    if seen > hint {
                        progress.expect(1);
                    }
                    report.read += 1;
                    let doc = match doc {
                        Ok(d) => d,
                        Err(e) => {
                            report.failed += 1;
                            progress.failed(&e.to_string());
                            progress.advance(1);
                            continue;
                        }
                    };
                    for w in &doc.info.warnings {
                        progress.warn(&format!("{}: {w}", doc.id));
                    }
                    let ih = input_hash(&doc);
                    let known = match known_check.as_mut() {
                        Some(Ok(st)) => st.exists([&ih]).unwrap_or(false),
                        _ => false,
                    };
                    if known {
                        report.known += 1;
                        progress.advance(1);
                        continue;
                    }
                    // Blocks while `window` articles are in flight; fails
                    // when the writer stopped (its error is reported below).
                    if slot_tx.send(()).is_err() {
                        break 'inputs;
                    }
                    let tx = tx.clone();
                    let n = seq;
                    seq += 1;
                    tasks.spawn(move |_| {
                        let id = doc.id.clone();
                        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                            Prepared::new(pipeline.analyze(doc), Some(ih))
                        }))
                        .map_err(|_| format!("{id}: analysis failed (internal error)"));
                        let _ = tx.send((n, result));
                    });
                }
                if seen == 0 {
                    // An input with no articles: settle what was expected of it.
                    progress.advance(hint);
                } else if seen < hint {
                    progress.advance(hint - seen);
                }
            }
        });
        drop(known_check);
        drop(tx);
        writer.join().unwrap_or_else(|_| {
            Err(crate::StoreError::Query(
                "the store writer stopped unexpectedly".into(),
            ))
        })
    });
    let stats = writer_result?;
    report.analysed = stats.analysed;
    report.failed += stats.failed;
    report.added = stats.added;
    report.replaced = stats.replaced;
    report.skipped = stats.skipped;
    report.seconds = started.elapsed().as_secs_f64();
    if store.clusters_dirty()? {
        progress.phase("clustering copies and stories");
        let t = Instant::now();
        report.cluster = Some(store.recluster(&opts.cluster)?);
        report.cluster_seconds = t.elapsed().as_secs_f64();
    }
    if report.added + report.replaced > 0 {
        store.compact_after_ingest((report.added + report.replaced) as usize)?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ingest_is_idempotent_and_reports_failures() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        let mut lines = String::new();
        for i in 0..40 {
            lines.push_str(&format!(
                "{{\"id\":\"n{i}\",\"published\":\"2025-07-{:02}\",\"text\":\"Meldung {i}\\n\\nDer Gemeinderat von Ort{i} beschloss am Montag den Bau einer Schule Nummer {i}.\"}}\n",
                1 + i % 28
            ));
        }
        lines.push_str("this is not json\n");
        std::fs::write(&input, lines).unwrap();
        let db = dir.path().join("c.db");
        let p = Pipeline::default();
        let opts = IngestOptions {
            batch_size: 7,
            ..Default::default()
        };
        let r = ingest_paths(&db, std::slice::from_ref(&input), &p, &opts, &Quiet).unwrap();
        assert_eq!((r.read, r.added, r.failed), (41, 40, 1));
        assert_eq!(r.cluster.unwrap().articles, 40);
        let r = ingest_paths(
            &db,
            &[input.clone(), dir.path().join("missing.txt")],
            &p,
            &opts,
            &Quiet,
        )
        .unwrap();
        assert_eq!((r.known, r.added, r.failed), (40, 0, 2));
        assert!(r.cluster.is_none(), "nothing new, no clustering");
        let s = Store::open(&db).unwrap();
        assert_eq!(s.counts().unwrap().articles, 40);
        let mut mem = Store::open_in_memory().unwrap();
        let r = ingest_paths_into(&mut mem, &[input], &p, &opts, &Quiet).unwrap();
        assert_eq!(r.added, 40);
        assert!(r.articles_per_sec() > 0.0);
    }
}
