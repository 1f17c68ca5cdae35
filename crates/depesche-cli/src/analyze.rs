//! `depesche analyze`: articles in, `Analysis` JSON out.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::ValueEnum;
use rayon::prelude::*;

use depesche::input::{self, InputFormat, ReadOptions, ReadResult};
use depesche::{Analysis, Lang, Options, Pipeline};

use crate::output::{ColorChoice, Writer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One article: an indented JSON object; several: JSONL.
    Json,
    /// One compact JSON object per line, always.
    Jsonl,
    /// A coloured human summary.
    Pretty,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Auto,
    De,
    En,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// By file extension (.txt, .jsonl, .csv, .html, .htm, .html.gz); stdin: JSONL if it
    /// starts with `{`, HTML if it starts with `<`, else text.
    Auto,
    Txt,
    Jsonl,
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
    /// Publication date (YYYY-MM-DD) for articles whose input gives none; relative
    /// time expressions ("am Dienstag") are resolved against it.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Language of the articles; `auto` detects per article.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub lang: LangArg,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    pub input: InputArg,
    /// Colours in `--format pretty`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Refuse inputs larger than this many bytes (a clear error instead of exhausting memory).
    #[arg(long, default_value_t = input::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
    /// Anchor underspecified time expressions ("am 3. Juli", "im Februar") to the
    /// publication date (`news`) or to the last mentioned date (`narrative`, for
    /// histories and backgrounders); detected per article when not given.
    #[arg(long, value_name = "news|narrative")]
    pub time_anchor: Option<depesche::time::TimeAnchor>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("expected a date like 2025-07-10, got {s:?}"))
}

impl AnalyzeArgs {
    pub fn options(&self) -> Options {
        Options {
            lang: match self.lang {
                LangArg::Auto => None,
                LangArg::De => Some(Lang::De),
                LangArg::En => Some(Lang::En),
            },
            published: self.date,
            time_anchor: self.time_anchor,
        }
    }

    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            format: match self.input {
                InputArg::Auto => InputFormat::Auto,
                InputArg::Txt => InputFormat::Txt,
                InputArg::Jsonl => InputFormat::Jsonl,
                InputArg::Csv => InputFormat::Csv,
                InputArg::Html => InputFormat::Html,
            },
            max_bytes: self.max_bytes,
        }
    }
}

/// All documents behind the given paths, in order, errors included.
pub fn documents(
    paths: &[PathBuf],
    opts: &ReadOptions,
) -> impl Iterator<Item = ReadResult> + Send + 'static {
    let opts = opts.clone();
    input::expand_paths(paths)
        .into_iter()
        .flat_map(move |p| match p {
            Ok(path) => input::read_path(&path, &opts),
            Err(e) => Box::new(std::iter::once(Err(e))),
        })
}

/// Analyse documents in parallel batches, handing results to `sink` in input order.
pub fn analyze_ordered(
    pipeline: &Pipeline,
    docs: impl Iterator<Item = ReadResult>,
    mut sink: impl FnMut(Result<Analysis, input::ReadError>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    const BATCH: usize = 256;
    let mut docs = docs.peekable();
    while docs.peek().is_some() {
        let batch: Vec<ReadResult> = docs.by_ref().take(BATCH).collect();
        let results: Vec<Result<Analysis, input::ReadError>> = batch
            .into_par_iter()
            .map(|d| d.map(|d| pipeline.analyze(d)))
            .collect();
        for r in results {
            sink(r)?;
        }
    }
    Ok(())
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .ok();
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
                    writer.write(&a).context("writing output")?;
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("depesche: skipped {}: {}", e.origin, e.message);
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
