//! `depesche eval …`: quality measured against annotated data.

mod sentences;

use std::process::ExitCode;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Sentence-boundary and token precision/recall/F1 against UD CoNLL-U.
    Sentences(sentences::SentencesArgs),
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Sentences(args) => sentences::run(args),
    }
}
