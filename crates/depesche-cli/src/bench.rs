//! `depesche bench`: throughput and memory of the pipeline as it stands.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Inputs to run (files or directories); defaults to the bundled examples.
    pub paths: Vec<PathBuf>,
}

pub fn run(_args: BenchArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("bench: not yet wired")
}
