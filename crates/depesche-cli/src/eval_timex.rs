//! `depesche eval timex`: time expressions against WikiWarsDE.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use depesche::eval::timex::{self, prf, Outcome};
use depesche::time::{TimeAnchor, TimeTagger};

#[derive(clap::Args)]
pub struct TimexArgs {
    /// The WikiWarsDE folder (holding keyinline/), e.g. ../shared/data/wikiwarsde
    #[arg(long, value_name = "DIR")]
    pub wikiwarsde: PathBuf,
    /// Force news or narrative anchoring (default: detected per document).
    #[arg(long, value_name = "news|narrative")]
    pub time_anchor: Option<TimeAnchor>,
    /// Print every miss, spurious expression and wrong value to stderr.
    #[arg(long)]
    pub errors: bool,
}

pub fn run(args: TimexArgs) -> anyhow::Result<ExitCode> {
    let docs = timex::load_wikiwarsde(&args.wikiwarsde)?;
    if docs.is_empty() {
        anyhow::bail!("no key documents under {}", args.wikiwarsde.display());
    }
    let tagger = TimeTagger::new();
    let (c, per) = timex::evaluate(&tagger, &docs, args.time_anchor);
    if args.errors {
        for (id, _, outcomes) in &per {
            for o in outcomes {
                match o {
                    Outcome::Correct(..) => {}
                    Outcome::WrongValue(g, s) => eprintln!(
                        "{id}\tVALUE\t{:?} gold {:?} {:?}\tsys {:?} {:?} {:?}",
                        g.text, g.val, g.modifier, s.text, s.value, s.modifier
                    ),
                    Outcome::Missed(g) => eprintln!("{id}\tMISS\t{:?} {:?}", g.text, g.val),
                    Outcome::Spurious(s) => eprintln!("{id}\tSPURIOUS\t{:?} {:?}", s.text, s.value),
                }
            }
        }
    }
    // Written with `?` so that a closed pipe (`| head`) ends quietly instead of panicking.
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "WikiWarsDE ({} documents, {} gold TIMEX2, {} system)",
        docs.len(),
        c.gold,
        c.system
    )?;
    writeln!(out, "{:<22} {:>9} {:>9} {:>9}", "", "P", "R", "F1")?;
    for (name, hit) in [
        ("strict extent", c.strict),
        ("relaxed extent", c.relaxed),
        ("value (relaxed+val)", c.value),
        ("strict+value", c.strict_value),
    ] {
        let (p, r, f) = prf(hit, c.system, c.gold);
        writeln!(out, "{name:<22} {p:>9.3} {r:>9.3} {f:>9.3}")?;
    }
    let acc = if c.relaxed == 0 {
        0.0
    } else {
        c.value as f64 / c.relaxed as f64
    };
    writeln!(out, "value accuracy (of relaxed matches): {acc:.3}")?;
    writeln!(out, "per document:")?;
    for (id, d, _) in &per {
        let (_, _, fr) = prf(d.relaxed, d.system, d.gold);
        let (_, _, fv) = prf(d.value, d.system, d.gold);
        writeln!(
            out,
            "  {id:<20} gold {:>4} sys {:>4} relaxed F1 {fr:.3} value F1 {fv:.3}",
            d.gold, d.system
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
