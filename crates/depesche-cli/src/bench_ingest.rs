//! The ingest line of `depesche bench`: the whole pipeline on all cores and
//! the writes into a new SQLite store, as `depesche ingest` runs them.

use std::path::PathBuf;

use depesche::Pipeline;
use depesche_store::ingest::{self, IngestOptions, Quiet};

/// Ingest `paths` into a store in a fresh temporary folder (removed after)
/// and print articles/s; clustering, which runs once after the ingest, is
/// timed apart.
pub fn run(paths: &[PathBuf], pipeline: &Pipeline) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("depesche-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let report = ingest::ingest_paths(
        &dir.join("bench.db"),
        paths,
        pipeline,
        &IngestOptions::default(),
        &Quiet,
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
