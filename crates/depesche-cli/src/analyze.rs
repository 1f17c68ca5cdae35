//! `depesche analyze`: articles in, `Analysis` JSON out.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use depesche::input::{self, ReadOptions};
use depesche::{Options, Pipeline};

#[derive(clap::Args)]
pub struct AnalyzeArgs {
    /// Files or directories (read recursively); `-` reads stdin.
    #[arg(default_value = "-")]
    pub paths: Vec<PathBuf>,
    /// Anchor relative time expressions as `news` (publication date) or `narrative`
    /// (last mentioned date); detected per article when not given.
    #[arg(long, value_name = "news|narrative")]
    pub time_anchor: Option<depesche::time::TimeAnchor>,
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::new(Options {
        time_anchor: args.time_anchor,
        ..Options::default()
    });
    let opts = ReadOptions::default();
    let mut out = std::io::stdout().lock();
    let mut failed = 0;
    for path in input::expand_paths(&args.paths) {
        let path = match path {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
                continue;
            }
        };
        for doc in input::read_path(&path, &opts) {
            match doc {
                Ok(doc) => {
                    let a = pipeline.analyze(doc);
                    serde_json::to_writer(&mut out, &a)?;
                    writeln!(out)?;
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    failed += 1;
                }
            }
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
