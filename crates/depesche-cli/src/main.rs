//! The `depesche` command-line tool: a thin layer over the library.
//! Data goes to stdout, messages and progress to stderr.

mod analyze;
mod bench;
mod bench_html;
mod bench_ingest;
mod bench_serve;
mod build;
mod corpus;
mod eval;
mod eval_events;
mod eval_extract;
mod eval_geo;
mod eval_ner;
mod eval_news;
mod eval_quotes;
mod eval_sentences;
mod eval_structure;
mod eval_timex;
mod events_cmd;
mod export;
mod ingest;
mod output;
mod serve;
mod train;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "depesche",
    version,
    about = "Turn news articles (German first, English second) into structured knowledge — offline and fast.",
    long_about = "depesche reads news articles — plain text, JSONL, CSV — and returns for each one its \
structure (headline, teaser, subheadings, body, credit line), sentences, tokens and language, the \
persons, organisations and places it names (one canonical name per entity, places geocoded), its time \
expressions resolved to dates, and its quotes with their speakers, as JSON following the schema \
`depesche/1` (see docs/schema.md). A corpus goes into one SQLite file (`ingest`) for search, entity, \
quote and story queries and exports.",
    after_help = "Examples:\n  \
depesche analyze examples/ --format pretty      # a human summary of the bundled examples\n  \
depesche analyze article.txt --date 2025-07-10  # one article → one JSON object\n  \
cat articles.jsonl | depesche analyze - > out.jsonl\n  \
depesche eval sentences --conllu de_gsd-ud-test.conllu\n  \
depesche bench ../shared/data/news-de/10kGNAD/test.csv\n  \
depesche ingest ../shared/data/news-de/10kGNAD/test.csv --db corpus.db\n  \
depesche search 'Flüchtlinge Grenze' --db corpus.db --format jsonl\n  \
depesche stories --db corpus.db\n  \
depesche export --format parquet --out export/ --db corpus.db"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles and print one JSON object per article.
    Analyze(analyze::AnalyzeArgs),
    /// Measure quality against annotated data (prints precision/recall/F1).
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Measure throughput and memory of the pipeline as it stands.
    Bench(bench::BenchArgs),
    /// Latency of `depesche serve` (search and article pages) under concurrent clients.
    BenchServe(bench_serve::BenchServeArgs),
    /// Compile committed resources (gazetteers, lexicons) from ../shared/data.
    #[command(subcommand)]
    Build(build::BuildCommand),
    /// Train the shipped models from ../shared/data (fixed seed, reproducible).
    #[command(subcommand)]
    Train(train::TrainCommand),
    /// Analyse articles in parallel and store them in a corpus (SQLite).
    Ingest(ingest::IngestArgs),
    /// Full-text search of the corpus (ranked, with snippets).
    Search(corpus::SearchArgs),
    /// Entities of the corpus by mentions (first and last seen).
    Entities(corpus::EntitiesArgs),
    /// Quotes of the corpus, by speaker and words.
    Quotes(corpus::QuotesArgs),
    /// Mentions of an entity per day.
    Timeline(corpus::TimelineArgs),
    /// Stories: reports of one event, with agency copies grouped.
    Stories(corpus::StoriesArgs),
    /// Coded events of the corpus (PLOVER/CAMEO), listed or counted by day, type or dyad.
    Events(events_cmd::EventsArgs),
    /// Export the corpus as JSONL, CSV, Parquet or GDELT event rows.
    Export(export::ExportArgs),
    /// Browse the corpus: a local web dashboard and a read-only REST API.
    Serve(serve::ServeArgs),
}

// The pipeline allocates many small, short-lived strings and vectors per
// article; mimalloc serves them with fewer instructions and better locality
// than the system allocator (`depesche bench` shows the difference).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Keep the memory mimalloc has freed instead of returning it to the system
/// (`MIMALLOC_PURGE_DELAY=-1`), unless the user set the option. Returned
/// memory comes back as fresh transparent huge pages, which the kernel clears
/// on the next fault: that clearing was about a tenth of `analyze`'s time
/// (10kGNAD, one thread: 3,100 page faults → 650, system time 0.32 s → 0.10 s).
/// Kept, it costs some peak memory instead (`depesche bench`: +5–8 % articles
/// per second on one core, the pipeline's peak RSS 170 → 190 MiB).
fn keep_freed_memory() {
    // `mi_option_purge_delay` of `enum mi_option_e` in mimalloc's
    // `include/mimalloc.h` (the same value in its v2 and v3); libmimalloc-sys
    // links the library but names no constant for it.
    const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
    extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: a plain C call of the linked mimalloc with a valid option
        // number; it sets one global and is made before any thread starts
        // (mimalloc's options are not thread safe).
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    }
}

fn main() -> std::process::ExitCode {
    keep_freed_memory();
    // A reader that stops early (`depesche eval news | head`) closes the pipe:
    // end quietly as Unix filters do, instead of a panic in `println!`.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal before any
    // thread starts; no handler code runs.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Eval(cmd) => eval::run(cmd),
        Command::Bench(args) => bench::run(args),
        Command::BenchServe(args) => bench_serve::run_args(args),
        Command::Build(cmd) => build::run(cmd),
        Command::Train(cmd) => train::run(cmd),
        Command::Ingest(args) => ingest::run(args),
        Command::Search(args) => corpus::search(args),
        Command::Entities(args) => corpus::entities(args),
        Command::Quotes(args) => corpus::quotes(args),
        Command::Timeline(args) => corpus::timeline(args),
        Command::Stories(args) => corpus::stories(args),
        Command::Events(args) => events_cmd::run(args),
        Command::Export(args) => export::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        // `depesche analyze … | head` closes the pipe early: not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", output::visible(&format!("{e:#}")));
            std::process::ExitCode::from(2)
        }
    }
}
