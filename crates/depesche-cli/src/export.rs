//! `depesche export`: the corpus as JSONL (Analysis objects), CSV or Parquet tables.

use std::path::PathBuf;
use std::process::ExitCode;

use depesche_store::export::ExportFormat;

#[derive(clap::Args)]
pub struct ExportArgs {
    /// `jsonl` (one Analysis per line), `csv` or `parquet` (one file per table).
    #[arg(long)]
    pub format: ExportFormat,
    /// Output directory (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// The corpus file.
    #[arg(long, default_value = "depesche.db")]
    pub db: PathBuf,
}

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = crate::corpus::open_existing(&args.db)?;
    for f in store.export(args.format, &args.out)? {
        eprintln!("{}: {} rows", f.path.display(), f.rows);
    }
    Ok(ExitCode::SUCCESS)
}
