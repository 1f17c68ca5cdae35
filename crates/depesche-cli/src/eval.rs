//! `depesche eval …`: quality measured against annotated data.

use std::process::ExitCode;

use clap::Subcommand;

use crate::eval_quotes;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Direct and reported speech and their speakers: P/R/F1 and speaker accuracy.
    Quotes(eval_quotes::QuotesArgs),
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Quotes(args) => eval_quotes::run(args),
    }
}
