//! `depesche eval …`: quality measured against annotated data.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use depesche::eval;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Article structure on hand-written cases (block kinds and credit lines).
    Structure {
        /// Directory of `*.txt` cases (format: crates/depesche/tests/structure_cases/README.md).
        #[arg(long, default_value = "crates/depesche/tests/structure_cases")]
        cases: PathBuf,
        /// Print every case that differs.
        #[arg(long, short)]
        verbose: bool,
    },
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Structure { cases, verbose } => structure(cases, verbose),
    }
}

fn structure(dir: PathBuf, verbose: bool) -> anyhow::Result<ExitCode> {
    let cases = eval::structure::load_cases(&dir).map_err(anyhow::Error::msg)?;
    let s = eval::structure::evaluate(&cases);
    if verbose {
        for f in &s.failures {
            println!("{f}");
        }
    }
    println!("structure: {} cases from {}", s.cases, dir.display());
    println!("{:<12} {:>7} {:>7} {:>7}", "block kind", "P", "R", "F1");
    for (k, p) in &s.per_kind {
        println!(
            "{:<12} {:>7.3} {:>7.3} {:>7.3}",
            k,
            p.precision(),
            p.recall(),
            p.f1()
        );
    }
    println!(
        "{:<12} {:>7.3} {:>7.3} {:>7.3}",
        "all blocks",
        s.blocks.precision(),
        s.blocks.recall(),
        s.blocks.f1()
    );
    println!(
        "credit lines parsed exactly: {}/{}",
        s.credits_exact, s.cases
    );
    println!("cases entirely right: {}/{}", s.cases_exact, s.cases);
    Ok(ExitCode::SUCCESS)
}
