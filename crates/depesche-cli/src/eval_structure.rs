//! `depesche eval structure`: block kinds and credit lines on hand-written cases.

use std::path::PathBuf;
use std::process::ExitCode;

use depesche::eval;

#[derive(clap::Args)]
pub struct StructureArgs {
    /// Directory of `*.txt` cases (format: crates/depesche/tests/structure_cases/README.md).
    #[arg(long, default_value = "crates/depesche/tests/structure_cases")]
    pub cases: PathBuf,
    /// Print every case that differs.
    #[arg(long, short)]
    pub verbose: bool,
}

pub fn run(args: StructureArgs) -> anyhow::Result<ExitCode> {
    let (dir, verbose) = (args.cases, args.verbose);
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
