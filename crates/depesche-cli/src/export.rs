//! `depesche export`: the corpus as JSONL (Analysis objects), CSV or Parquet tables.

use std::path::PathBuf;
use std::process::ExitCode;

use depesche_store::export::ExportFormat;

#[derive(clap::Args)]
pub struct ExportArgs {
    /// `jsonl` (one Analysis per line), `csv` or `parquet` (one file per table).
    #[arg(long)]
    pub format: ExportFormat,
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
    for f in store.export_to(args.format, &args.out, args.force)? {
        eprintln!("{}: {} rows", f.path.display(), f.rows);
    }
    Ok(ExitCode::SUCCESS)
}
