//! `depesche eval …`: quality measured against annotated data.

use std::process::ExitCode;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum EvalCommand {}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {}
}
