//! `depesche eval …`: quality measured against annotated data. Each
//! evaluation lives in its own `eval_*.rs` file; this enum only dispatches.

use std::process::ExitCode;

use clap::Subcommand;

use crate::eval_quotes;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Article structure on hand-written cases (block kinds and credit lines).
    Structure(crate::eval_structure::StructureArgs),
    /// Time expressions against WikiWarsDE (strict/relaxed P/R/F1, value accuracy and F1).
    Timex(crate::eval_timex::TimexArgs),
    /// Geocoding: country accuracy and cities within 50 km on a gold file of place mentions.
    Geo(crate::eval_geo::GeoArgs),
    /// Sentence-boundary and token precision/recall/F1 against UD CoNLL-U.
    Sentences(crate::eval_sentences::SentencesArgs),
    /// Named entities: per-type and micro P/R/F1 (conlleval semantics, exact spans).
    Ner(crate::eval_ner::NerEvalArgs),
    /// Main-text extraction from HTML pages: shingle P/R/F1 and ms/page.
    Extract(crate::eval_extract::ExtractArgs),
    /// Direct and reported speech and their speakers: P/R/F1 and speaker accuracy.
    Quotes(eval_quotes::QuotesArgs),
    /// Real annotated news end to end: entities, places, quotes and speakers, times, derived
    /// forms, credit, furniture and story clusters, per language (news-dev format).
    News(crate::eval_news::NewsArgs),
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Structure(args) => crate::eval_structure::run(args),
        EvalCommand::Timex(args) => crate::eval_timex::run(args),
        EvalCommand::Geo(args) => crate::eval_geo::run(args),
        EvalCommand::Sentences(args) => crate::eval_sentences::run(args),
        EvalCommand::Ner(args) => crate::eval_ner::run(args),
        EvalCommand::Quotes(args) => eval_quotes::run(args),
        EvalCommand::Extract(args) => crate::eval_extract::run(args),
        EvalCommand::News(args) => crate::eval_news::run(args),
    }
}
