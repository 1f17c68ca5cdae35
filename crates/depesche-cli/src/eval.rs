//! `depesche eval …`: quality measured against annotated data.

use std::process::ExitCode;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Time expressions against WikiWarsDE (strict/relaxed P/R/F1, value accuracy and F1).
    Timex(crate::eval_timex::TimexArgs),
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Timex(args) => crate::eval_timex::run(args),
    }
}
