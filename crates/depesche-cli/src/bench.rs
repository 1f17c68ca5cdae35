//! `depesche bench`: throughput and memory of the pipeline as it stands.
//!
//! Figures are per core (one thread) unless marked otherwise, so they compare
//! across machines; the parallel run shows what all cores give together.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use depesche::eval::sentences::thread_cpu_time;
use depesche::input::{self, Document, ReadOptions};
use depesche::{Options, Pipeline, StageTimes};

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
depesche bench                                     # 10kGNAD test set if ../shared is there, else examples/\n  \
depesche bench ../shared/data/news-de/10kGNAD/test.csv --min-seconds 5\n\n\
Build with --release for meaningful figures: cargo run --release -- bench")]
pub struct BenchArgs {
    /// Inputs to run (files or directories). Default: ../shared/data/news-de/10kGNAD/test.csv
    /// when present, else examples/.
    pub paths: Vec<PathBuf>,
    /// Repeat the single-core run until at least this many seconds have passed.
    #[arg(long, default_value_t = 3.0)]
    pub min_seconds: f64,
    /// Publication date to assume for the articles (YYYY-MM-DD).
    #[arg(long, value_parser = crate::analyze::parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// Corpus sizes for the store figures, as copies of the inputs with new ids
    /// (each ingested by `depesche ingest` in its own process): `1,8` checks that
    /// memory stays bounded; `100` on 10kGNAD is a 100k-article corpus. `0` skips.
    #[arg(long, value_delimiter = ',', default_value = "1,8")]
    pub copies: Vec<usize>,
    /// Only the store figures (`--copies`), not the pipeline's.
    #[arg(long)]
    pub corpus_only: bool,
}

fn default_paths() -> Vec<PathBuf> {
    let gnad = Path::new("../shared/data/news-de/10kGNAD/test.csv");
    if gnad.exists() {
        vec![gnad.to_path_buf()]
    } else {
        vec![PathBuf::from("examples")]
    }
}

/// Peak resident memory of this process in MiB (Linux; `None` elsewhere).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let paths = if args.paths.is_empty() {
        default_paths()
    } else {
        args.paths.clone()
    };
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; use `cargo run --release -- bench` for real figures"
        );
    }
    let copies: Vec<usize> = args.copies.iter().copied().filter(|&c| c > 0).collect();
    if args.corpus_only {
        crate::bench_ingest::run_copies(&paths, &copies)?;
        return Ok(ExitCode::SUCCESS);
    }
    // The store figures first, while this process is small: a child's peak
    // RSS as the kernel reports it (wait4) is at least this process's peak
    // at the time it was started.
    if !copies.is_empty() {
        crate::bench_ingest::run_copies(&paths, &copies)?;
    }
    // Read and decode, timed: part of the text layer. The best of three
    // reads, like the repeated rounds of the other stages: the first pays for
    // page faults and lazily built tables, not for decoding.
    let read = |report: bool| {
        let t0 = Instant::now();
        let docs: Vec<Document> = crate::analyze::documents(&paths, &ReadOptions::default())
            .filter_map(|d| {
                d.map_err(|e| {
                    if report {
                        eprintln!("depesche: skipped {e}")
                    }
                })
                .ok()
            })
            .collect();
        (docs, t0.elapsed())
    };
    let (docs, mut read_time) = read(true);
    for _ in 0..2 {
        read_time = read_time.min(read(false).1);
    }
    anyhow::ensure!(!docs.is_empty(), "no articles found in {paths:?}");
    let bytes: usize = docs
        .iter()
        .map(|d| d.text.len() + d.title.as_ref().map_or(0, |t| t.len()))
        .sum();
    let mb = bytes as f64 / 1e6;

    let t_load = Instant::now();
    let pipeline = Pipeline::new(Options {
        published: args.date,
        ..Options::default()
    });
    let load_time = t_load.elapsed();

    // Single core: repeat until min_seconds.
    let mut times = StageTimes::default();
    let mut rounds = 0usize;
    let mut tokens = 0usize;
    let load_avg = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string));
    let cpu_before = thread_cpu_time();
    let started = Instant::now();
    // The CPU time of the fastest round: the code's speed with the least of
    // the machine's noise (other tenants, frequency changes), beside the mean.
    let mut best_round: Option<Duration> = None;
    while rounds == 0 || started.elapsed().as_secs_f64() < args.min_seconds {
        // Each round starts with the stages' caches empty, as if the
        // articles were new: caches warmed on the same articles in the
        // round before would overstate the speed on a stream of new text.
        depesche::clear_thread_caches();
        let round_start = thread_cpu_time();
        for d in &docs {
            let a = pipeline.analyze_timed(d.clone(), &mut times);
            if rounds == 0 {
                tokens += a.tokens.len();
            }
        }
        if let (Some(a), Some(b)) = (round_start, thread_cpu_time()) {
            let d = b.saturating_sub(a);
            best_round = Some(best_round.map_or(d, |m| m.min(d)));
        }
        rounds += 1;
    }
    let wall = started.elapsed();
    // On a shared machine the loop is preempted: stage times are wall-clock
    // laps, so scale them by the share of the loop this thread was on a
    // core (its CPU time over wall time). Per-core figures then do not
    // depend on what else the machine runs.
    let on_cpu = match (cpu_before, thread_cpu_time()) {
        (Some(a), Some(b)) if b > a && !wall.is_zero() => {
            ((b - a).as_secs_f64() / wall.as_secs_f64()).clamp(0.05, 1.0)
        }
        _ => 1.0,
    };
    let per_round = |d: Duration| d.as_secs_f64() * on_cpu / rounds as f64;
    let total = per_round(times.total());

    // All cores.
    let threads = rayon::current_num_threads();
    let tp = Instant::now();
    let n: usize = docs
        .par_iter()
        .map(|d| pipeline.analyze(d.clone()).tokens.len().min(1))
        .sum();
    let par = tp.elapsed().as_secs_f64();

    println!(
        "depesche bench — {} articles, {:.2} MB of text, {} tokens ({} round(s))",
        docs.len(),
        mb,
        tokens,
        rounds
    );
    println!(
        "inputs: {}",
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "timing: single-core figures are CPU time (the loop ran {:.0} % of its {:.1} s wall time on a core{})",
        on_cpu * 100.0,
        wall.as_secs_f64(),
        load_avg.map_or(String::new(), |l| format!("; load average {l}"))
    );
    println!();
    println!(
        "{:<22} {:>12} {:>14} {:>12}",
        "stage (1 core)", "ms/round", "µs/article", "MB/s"
    );
    let row = |name: &str, secs: f64| {
        println!(
            "{:<22} {:>12.1} {:>14.1} {:>12.1}",
            name,
            secs * 1e3,
            secs * 1e6 / docs.len() as f64,
            mb / secs
        );
    };
    let read_secs = read_time.as_secs_f64() * on_cpu;
    row("read+decode", read_secs);
    for (stage, d) in &times.stages {
        row(stage, per_round(*d));
    }
    println!();
    let text_layer: f64 = read_secs
        + times
            .stages
            .iter()
            .filter(|(s, _)| matches!(*s, "index" | "language" | "structure" | "tokens+sentences"))
            .map(|(_, d)| per_round(*d))
            .sum::<f64>();
    println!(
        "text layer (decode+structure+sentences+tokens+language): {:>8.1} MB/s per core",
        mb / text_layer
    );
    println!(
        "whole pipeline, 1 core:   {:>10.0} articles/s {:>8.1} MB/s {:>12.0} tokens/s",
        docs.len() as f64 / total,
        mb / total,
        tokens as f64 / total
    );
    if let Some(best) = best_round.filter(|d| !d.is_zero() && rounds > 1) {
        println!(
            "  fastest of {rounds} rounds:  {:>10.0} articles/s (CPU time of that round alone)",
            docs.len() as f64 / best.as_secs_f64()
        );
    }
    println!(
        "whole pipeline, {threads} cores:  {:>10.0} articles/s {:>8.1} MB/s",
        n as f64 / par,
        mb / par
    );
    // The pipeline's own peak, before the store and the server (with its
    // client threads) add theirs.
    let pipeline_peak = peak_rss_mib();
    crate::bench_ingest::run_in_process(&paths, &pipeline)?;
    crate::bench_serve::run_on_paths(&paths, &pipeline)?;
    crate::bench_html::run()?;
    println!("pipeline load: {:.1} ms", load_time.as_secs_f64() * 1e3);
    if let Some(m) = pipeline_peak {
        println!("peak memory (RSS), pipeline on {threads} cores: {m:.1} MiB");
    }
    if let Some(m) = peak_rss_mib() {
        println!("peak memory (RSS), whole bench with store and server: {m:.1} MiB");
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(dead_code)]
fn _uses(_: input::ReadResult) {}
