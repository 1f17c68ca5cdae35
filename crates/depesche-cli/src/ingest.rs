//! `depesche ingest`: analyse articles in parallel and store them in the corpus.

use std::path::PathBuf;
use std::process::ExitCode;

use depesche::{Options, Pipeline};

use crate::analyze::InputArgs;
use depesche_store::ingest::{self, IngestOptions, Progress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or directories (read recursively); `-` reads stdin. With none,
    /// an existing corpus is brought up to date: its schema upgraded, its
    /// clustering finished if an earlier run stopped before it.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub read: InputArgs,
    /// The corpus file (SQLite); created if missing.
    #[arg(long, default_value = "depesche.db")]
    pub db: PathBuf,
    /// Articles per transaction (up to eight times as many are analysed ahead of the writer).
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The progress bar on stderr: articles/s and ETA.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn expect(&self, n: u64) {
        self.0.inc_length(n);
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
    fn failed(&self, message: &str) {
        self.0
            .suspend(|| eprintln!("error: {}", crate::output::visible(message)));
    }
    fn warn(&self, message: &str) {
        self.0
            .suspend(|| eprintln!("warning: {}", crate::output::visible(message)));
    }
    fn phase(&self, message: &str) {
        self.0.set_message(message.to_string());
    }
}

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    args.read.init_threads();
    // No inputs: only an existing corpus can be brought up to date.
    let schema_before = if args.paths.is_empty() {
        match depesche_store::stored_schema_version(&args.db)? {
            Some(v) => Some(v),
            None => anyhow::bail!(
                "nothing to ingest, and {} is no corpus yet: give the articles to store \
                 (`depesche ingest FILES --db {}`)",
                args.db.display(),
                args.db.display()
            ),
        }
    } else {
        None
    };
    let pipeline = Pipeline::new(Options {
        lang: args.read.lang(),
        published: args.read.date,
        ..Options::default()
    });
    let opts = IngestOptions {
        batch_size: args.batch_size,
        read: args.read.read_options(),
        ..Default::default()
    };
    let bar = ProgressBar::with_draw_target(
        Some(0),
        if args.quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        },
    );
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} articles · {per_sec} · ETA {eta} {msg}",
        )
        .expect("valid template"),
    );
    let progress = Bar(bar);
    let report = ingest::ingest_paths(&args.db, &args.paths, &pipeline, &opts, &progress)?;
    progress.0.finish_and_clear();
    if let Some(before) = schema_before {
        let now = depesche_store::STORE_SCHEMA_VERSION;
        if before == 0 {
            eprintln!(
                "store {}: an empty corpus (schema {now})",
                args.db.display()
            );
        } else if before < now {
            eprintln!(
                "store {}: upgraded from schema {before} to {now} (tables, search index and stored analyses rewritten)",
                args.db.display()
            );
        } else {
            eprintln!(
                "store {}: schema {now} is up to date; nothing to ingest",
                args.db.display()
            );
        }
    } else {
        eprintln!(
        "ingest: {} articles read in {:.2} s ({:.0} articles/s on {} threads): {} added, {} replaced (changed since stored), {} unchanged, {} failed",
        report.read,
        report.seconds,
        report.articles_per_sec(),
        rayon::current_num_threads(),
        report.added,
        report.replaced,
        report.known + report.skipped,
        report.failed
    );
    }
    if let Some(c) = report.cluster {
        eprintln!(
            "clustering: {} articles, {} agency copies, {} stories ({} with more than one article) in {:.2} s",
            c.articles, c.duplicates, c.stories, c.multi_article_stories, report.cluster_seconds
        );
    }
    let store = depesche_store::Store::open(&args.db)?;
    let c = store.counts()?;
    eprintln!(
        "store {}: {} articles, {} entities, {} mentions, {} quotes, {} times, {} places, {} events",
        args.db.display(),
        c.articles,
        c.entities,
        c.mentions,
        c.quotes,
        c.times,
        c.places,
        c.events
    );
    Ok(if report.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
