//! `depesche eval events`: PLOVER events against the news-dev events file
//! (texts from the matching news-dev records) and the English PLOVER gold
//! sentences; type P/R/F1, source and target accuracy, per language and type.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use depesche::eval::events::{self, EventsReport};
use depesche::eval::news;
use depesche::{Document, Lang, Options, Pipeline};

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    depesche eval events --gold ../shared/data/news-dev/news-dev-events.jsonl\n  \
    depesche eval events --plover ../shared/data/plover/PLOVER_GSR_CAMEO.txt --show-errors")]
pub struct EventsArgs {
    /// Hand-coded events, one article per line (news-dev events format: id, lang, events[]).
    #[arg(long)]
    pub gold: Option<PathBuf>,
    /// The articles' texts (news-dev format); default: news-dev.jsonl next to the gold file.
    #[arg(long)]
    pub texts: Option<PathBuf>,
    /// English PLOVER gold sentences (PLOVER_GSR_CAMEO.txt), each analysed as one article.
    #[arg(long)]
    pub plover: Option<PathBuf>,
    /// List misses, false alarms and wrong sources.
    #[arg(long)]
    pub show_errors: bool,
}

pub fn run(args: EventsArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        args.gold.is_some() || args.plover.is_some(),
        "give --gold FILE (news-dev events) and/or --plover FILE (PLOVER gold sentences)"
    );
    if let Some(gold) = &args.gold {
        news_dev(gold, args.texts.as_ref(), args.show_errors)?;
    }
    if let Some(p) = &args.plover {
        plover(p, args.show_errors)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn news_dev(gold: &PathBuf, texts: Option<&PathBuf>, show: bool) -> anyhow::Result<()> {
    let src =
        std::fs::read_to_string(gold).with_context(|| format!("reading {}", gold.display()))?;
    let articles = events::load(&src).map_err(|e| anyhow::anyhow!("{}: {e}", gold.display()))?;
    let texts_path = texts
        .cloned()
        .unwrap_or_else(|| gold.with_file_name("news-dev.jsonl"));
    let tsrc = std::fs::read_to_string(&texts_path)
        .with_context(|| format!("reading {}", texts_path.display()))?;
    let records =
        news::load(&tsrc).map_err(|e| anyhow::anyhow!("{}: {e}", texts_path.display()))?;
    let by_id: HashMap<&str, &news::NewsRecord> =
        records.iter().map(|r| (r.id.as_str(), r)).collect();
    let pipeline = Pipeline::new(Options::default());
    let mut per_lang: std::collections::BTreeMap<String, EventsReport> = Default::default();
    let mut all = EventsReport::default();
    for g in &articles {
        let Some(rec) = by_id.get(g.id.as_str()) else {
            eprintln!("warning: no text for {} in {}", g.id, texts_path.display());
            continue;
        };
        let a = pipeline.analyze(rec.document());
        let furniture: Vec<(usize, usize)> =
            rec.boilerplate.iter().map(|b| (b.start, b.end)).collect();
        let r = events::score_outside(g, &a.text, &a.events, &furniture);
        per_lang.entry(g.lang.clone()).or_default().merge(&r);
        all.merge(&r);
    }
    println!(
        "news-dev events ({} articles, {})",
        articles.len(),
        gold.display()
    );
    for (l, r) in &per_lang {
        print!("{}", events::format_report(&format!("  {l}"), r, true));
    }
    print!("{}", events::format_report("  all", &all, false));
    if show {
        for e in &all.errors {
            println!("    {e}");
        }
    }
    Ok(())
}

fn plover(path: &PathBuf, show: bool) -> anyhow::Result<()> {
    let src =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let sents =
        events::load_plover(&src).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let pipeline = Pipeline::new(Options {
        lang: Some(Lang::En),
        ..Options::default()
    });
    let mut all = EventsReport::default();
    for s in &sents {
        let a = pipeline.analyze(Document::from_text(s.id.clone(), &s.text));
        all.merge(&events::score_plover(s, &a.events));
    }
    println!(
        "PLOVER gold sentences ({}, {})",
        sents.len(),
        path.display()
    );
    print!("{}", events::format_report("  en", &all, true));
    if show {
        for e in &all.errors {
            println!("    {e}");
        }
    }
    Ok(())
}
