//! `depesche export`: the corpus as JSONL (Analysis objects), CSV or Parquet
//! tables, or events in the GDELT Events 2.0 layout (see docs/export.md).

use std::path::PathBuf;
use std::process::ExitCode;

use depesche_store::export::{ExportFormat, Partition};

#[derive(clap::Args)]
pub struct ExportArgs {
    /// `jsonl` (one Analysis per line), `csv` or `parquet` (one file per table:
    /// articles, blocks, entities, mentions, quotes, times, places, derived, events),
    /// or `gdelt` (events as GDELT Events 2.0 rows, tab-separated).
    #[arg(long)]
    pub format: ExportFormat,
    /// `date`: Hive-style folders by publication date (`TABLE/date=YYYY-MM-DD/`), as
    /// Spark, DuckDB and pandas read partitioned data.
    #[arg(long, value_name = "date")]
    pub partition_by: Option<Partition>,
    /// Output directory (created if missing). Each file is written under a temporary
    /// name and renamed when complete.
    #[arg(long)]
    pub out: PathBuf,
    /// Replace files of an earlier export in `--out` (else they are left alone and nothing is written).
    #[arg(long)]
    pub force: bool,
    /// The corpus file.
    #[arg(long, default_value = "depesche.db")]
    pub db: PathBuf,
}

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = crate::corpus::open_existing(&args.db)?;
    for f in store.export_to(
        args.format,
        &args.out,
        args.force,
        args.partition_by.unwrap_or_default(),
    )? {
        eprintln!("{}: {} rows", f.path.display(), f.rows);
    }
    Ok(ExitCode::SUCCESS)
}
