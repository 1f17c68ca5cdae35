//! `depesche analyze`: articles in, `Analysis` JSON out.

use std::io::IsTerminal as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::ValueEnum;
use rayon::prelude::*;

use depesche::input::{self, InputFormat, ReadOptions, ReadResult};
use depesche::{Analysis, Lang, Options, Pipeline};

use crate::output::{visible, ColorChoice, Format, Writer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Auto,
    De,
    En,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// By file extension (.txt, .jsonl, .json, .csv, .html, .htm, .html.gz); stdin: JSONL
    /// if it starts with `{`, a JSON array if with `[`, HTML if with `<`, else text.
    Auto,
    Txt,
    Jsonl,
    /// One JSON article object, or an array of them, with the fields of a JSONL line.
    Json,
    Csv,
    /// An HTML page: the article's main text and metadata are extracted.
    Html,
}

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
depesche analyze article.txt --date 2025-07-10\n  \
depesche analyze examples/ --format pretty\n  \
depesche analyze corpus.jsonl --format jsonl > analyses.jsonl\n  \
curl -s https://… | depesche analyze - --lang de\n\n\
Output follows the schema depesche/1 (docs/schema.md). Articles that cannot be read are \
reported on stderr by name and the rest go on; the exit code is 1 if any failed.")]
pub struct AnalyzeArgs {
    /// Files or directories (walked recursively for .txt, .jsonl, .csv); `-` reads stdin.
    #[arg(default_value = "-")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub read: InputArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Colours in `--format pretty`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Anchor underspecified time expressions ("am 3. Juli", "im Februar") to the
    /// publication date (`news`) or to the last mentioned date (`narrative`, for
    /// histories and backgrounders); detected per article when not given.
    #[arg(long, value_name = "news|narrative")]
    pub time_anchor: Option<depesche::time::TimeAnchor>,
    /// Run only these annotating stages (comma-separated: entities, times, places,
    /// coref, quotes, events, tone); structure, tokens and sentences always run.
    /// A stage reads the layers of those before it, so leaving one out leaves its
    /// readers less to read.
    #[arg(long, value_delimiter = ',', value_parser = stage_name, value_name = "STAGES")]
    pub stages: Option<Vec<String>>,
    /// Leave out these annotating stages (comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = stage_name, value_name = "STAGES")]
    pub skip: Vec<String>,
}

/// A name of [`depesche::STAGES`].
fn stage_name(s: &str) -> Result<String, String> {
    if depesche::STAGES.contains(&s) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "no stage {s:?}; the stages are {}",
            depesche::STAGES.join(", ")
        ))
    }
}

/// How articles are read and which defaults they get: shared by `analyze` and `ingest`.
#[derive(clap::Args, Debug, Clone)]
pub struct InputArgs {
    /// Publication date (YYYY-MM-DD) for articles whose input gives none; relative
    /// time expressions ("am Dienstag") are resolved against it.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Language of the articles; `auto` detects per article.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub lang: LangArg,
    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    pub input: InputArg,
    /// Largest article in bytes: a text or HTML input, or one JSONL line or CSV record
    /// (streams of any size are read line by line). Larger ones are reported and skipped.
    #[arg(long, default_value_t = input::DEFAULT_MAX_BYTES as u64, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_bytes: u64,
    /// Worker threads (default: all cores; at most 4 per core).
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u64).range(1..))]
    pub threads: Option<u64>,
}

impl InputArgs {
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            format: match self.input {
                InputArg::Auto => InputFormat::Auto,
                InputArg::Txt => InputFormat::Txt,
                InputArg::Jsonl => InputFormat::Jsonl,
                InputArg::Json => InputFormat::Json,
                InputArg::Csv => InputFormat::Csv,
                InputArg::Html => InputFormat::Html,
            },
            max_bytes: usize::try_from(self.max_bytes).unwrap_or(usize::MAX),
        }
    }

    pub fn lang(&self) -> Option<Lang> {
        match self.lang {
            LangArg::Auto => None,
            LangArg::De => Some(Lang::De),
            LangArg::En => Some(Lang::En),
        }
    }

    /// Size the global thread pool as asked, capped so a mistyped `-j 100000`
    /// cannot spawn threads for minutes.
    pub fn init_threads(&self) {
        let Some(n) = self.threads else { return };
        let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
        let cap = (cores * 4).clamp(4, 256);
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        let n = if n > cap {
            eprintln!("depesche: -j {n} is more than {cap} (4 per core); using {cap} threads");
            cap
        } else {
            n
        };
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .ok();
    }
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("expected a date like 2025-07-10, got {s:?}"))
}

impl AnalyzeArgs {
    pub fn options(&self) -> Options {
        Options {
            lang: self.read.lang(),
            published: self.read.date,
            time_anchor: self.time_anchor,
            stages: self.stages.clone(),
            skip: self.skip.clone(),
            ..Options::default()
        }
    }

    pub fn read_options(&self) -> ReadOptions {
        self.read.read_options()
    }
}

/// All documents behind the given paths, in order, errors included; files a
/// directory walk skips are reported on stderr.
pub fn documents(
    paths: &[PathBuf],
    opts: &ReadOptions,
) -> impl Iterator<Item = ReadResult> + Send + 'static {
    let opts = opts.clone();
    let mut warn = |e: input::ReadError| {
        eprintln!("depesche: {}: {}", visible(&e.origin), visible(&e.message))
    };
    input::expand_paths_reporting(paths, &mut warn)
        .into_iter()
        .flat_map(move |p| match p {
            Ok(path) => input::read_path(&path, &opts),
            Err(e) => Box::new(std::iter::once(Err(e))),
        })
}

/// Analyse documents in parallel batches, handing results to `sink` in input
/// order. A reader thread reads ahead (a bounded window), and a batch is what
/// has arrived, up to `BATCH`: a stream gets its first outputs while it still
/// comes in, and memory stays bounded whatever the input's size.
pub fn analyze_ordered(
    pipeline: &Pipeline,
    docs: impl Iterator<Item = ReadResult> + Send,
    mut sink: impl FnMut(Result<Analysis, input::ReadError>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    const BATCH: usize = 256;
    let (tx, rx) = std::sync::mpsc::sync_channel::<ReadResult>(BATCH);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for d in docs {
                if tx.send(d).is_err() {
                    break;
                }
            }
        });
        // Dropping `rx` on an early return stops the reader.
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            while batch.len() < BATCH {
                match rx.try_recv() {
                    Ok(d) => batch.push(d),
                    Err(_) => break,
                }
            }
            let results: Vec<Result<Analysis, input::ReadError>> = batch
                .into_par_iter()
                .map(|d| d.map(|d| pipeline.analyze(d)))
                .collect();
            for r in results {
                sink(r)?;
            }
        }
        Ok(())
    })
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    args.read.init_threads();
    // With no files, articles come from stdin: at a terminal say so rather
    // than wait silently.
    if args.paths.iter().any(|p| p.as_os_str() == "-") && std::io::stdin().is_terminal() {
        eprintln!(
            "depesche: reading articles from stdin (text, JSONL or CSV; end with Ctrl-D). \
             Give files or directories to analyse them: depesche analyze FILE…"
        );
    }
    let pipeline = Pipeline::new(args.options());
    let stdout = std::io::stdout();
    let mut writer = Writer::new(stdout.lock(), args.format, args.color);
    let mut failed = 0usize;
    let mut done = 0usize;
    analyze_ordered(
        &pipeline,
        documents(&args.paths, &args.read_options()),
        |r| {
            match r {
                Ok(a) => {
                    done += 1;
                    for w in &a.input.warnings {
                        eprintln!("depesche: warning: {}: {}", visible(&a.id), visible(w));
                    }
                    writer.write(&a).context("writing output")?;
                }
                Err(e) => {
                    failed += 1;
                    eprintln!(
                        "depesche: skipped {}: {}",
                        visible(&e.origin),
                        visible(&e.message)
                    );
                }
            }
            Ok(())
        },
    )?;
    writer.finish().context("writing output")?;
    std::io::stderr().flush().ok();
    if failed > 0 {
        eprintln!("depesche: {done} article(s) analysed, {failed} failed (see messages above)");
        return Ok(ExitCode::from(1));
    }
    if done == 0 {
        eprintln!("depesche: no articles found (give .txt, .jsonl or .csv files, a directory, or - for stdin)");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
