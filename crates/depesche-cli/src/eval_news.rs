//! `depesche eval news`: the whole pipeline on real annotated articles
//! (news-dev format), every layer scored per language, story clusters by
//! B-cubed through the store's own clustering.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use depesche::eval::news::{self, NewsReport};
use depesche::{Options, Pipeline};
use depesche_store::cluster::ClusterParams;
use depesche_store::{Prepared, Store};
use rayon::prelude::*;

/// Layers that `--show-errors` can list.
const LAYERS: &[&str] = &[
    "entities",
    "places",
    "quotes",
    "speakers",
    "indirect",
    "times",
    "derived",
    "credit",
    "furniture",
    "input",
];

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    depesche eval news --gold ../shared/data/news-dev/news-dev.jsonl\n  \
    depesche eval news --gold ../shared/data/news-dev/news-dev.jsonl --show-errors places,speakers\n  \
    depesche eval news --gold FILE --lang de --show-errors all")]
pub struct NewsArgs {
    /// Annotated articles, one JSON record per line (news-dev format: id, lang, date, text,
    /// entities, quotes, indirect, timex, derived, credit, boilerplate, story_cluster).
    #[arg(long, default_value = "../shared/data/news-dev/news-dev.jsonl")]
    pub gold: PathBuf,
    /// Score only articles in this language (`de`, `en`).
    #[arg(long)]
    pub lang: Option<String>,
    /// List each miss and false alarm in context, for these layers (comma-separated:
    /// entities, places, quotes, speakers, indirect, times, derived, credit, furniture; or `all`).
    #[arg(long, value_name = "LAYERS", num_args = 0..=1, default_missing_value = "all")]
    pub show_errors: Option<String>,
    /// Skip story clustering (B-cubed), which builds a temporary in-memory store.
    #[arg(long)]
    pub no_stories: bool,
}

pub fn run(args: NewsArgs) -> anyhow::Result<ExitCode> {
    let src = std::fs::read_to_string(&args.gold).with_context(|| {
        format!(
            "reading {} (the news-dev gold file lives in ../shared/data/news-dev/)",
            args.gold.display()
        )
    })?;
    let mut records =
        news::load(&src).map_err(|e| anyhow::anyhow!("{}: {e}", args.gold.display()))?;
    if let Some(l) = &args.lang {
        records.retain(|r| &r.lang == l);
    }
    anyhow::ensure!(
        !records.is_empty(),
        "no articles to score in {}",
        args.gold.display()
    );
    let show: Vec<&str> = match args.show_errors.as_deref() {
        None => Vec::new(),
        Some("all") => LAYERS.to_vec(),
        Some(list) => {
            let asked: Vec<&str> = list.split(',').map(str::trim).collect();
            if let Some(bad) = asked.iter().find(|l| !LAYERS.contains(l)) {
                anyhow::bail!(
                    "unknown layer '{bad}' for --show-errors; choose from {}",
                    LAYERS.join(", ")
                );
            }
            asked
        }
    };

    let pipeline = Pipeline::new(Options::default());
    let t = Instant::now();
    let analyses: Vec<_> = records
        .par_iter()
        .map(|r| pipeline.analyze(r.document()))
        .collect();
    let secs = t.elapsed().as_secs_f64();

    let mut by_lang: BTreeMap<String, NewsReport> = BTreeMap::new();
    let mut all = NewsReport::default();
    for (rec, a) in records.iter().zip(&analyses) {
        let r = news::score(rec, a);
        by_lang.entry(rec.lang.clone()).or_default().merge(&r);
        all.merge(&r);
    }
    println!(
        "news: {} articles ({}), pipeline {:.2} s",
        records.len(),
        args.gold.display(),
        secs
    );
    for (lang, r) in &by_lang {
        println!("  [{lang}] {} articles", r.articles);
        print!("{}", news::format_report(r));
    }
    if by_lang.len() > 1 {
        println!("  [all] {} articles", all.articles);
        print!("{}", news::format_report(&all));
    }

    if !args.no_stories {
        let pred = story_ids(&analyses)?;
        let gold: Vec<Option<String>> = records.iter().map(|r| r.story_cluster.clone()).collect();
        let (p, r, f) = news::bcubed(&gold, &pred);
        let n_gold = {
            let mut g: Vec<&String> = gold.iter().flatten().collect();
            g.sort();
            g.dedup();
            g.len()
        };
        println!(
            "  stories (B-cubed, {n_gold} gold clusters, the rest singletons): P {p:.3}  R {r:.3}  F1 {f:.3}"
        );
    }
    println!("  events: not scored (the events layer is not built yet)");

    if !show.is_empty() {
        println!("\nerrors:");
        for e in all.errors.iter().filter(|e| show.contains(&e.layer)) {
            println!("  [{}] {:<9} {}", e.article, e.layer, e.message);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Each article's story as the store's clustering assigns it (the same code
/// `depesche ingest` runs), in input order.
fn story_ids(analyses: &[depesche::Analysis]) -> anyhow::Result<Vec<i64>> {
    let mut store = Store::open_in_memory().context("opening an in-memory store")?;
    let batch: Vec<Prepared> = analyses
        .iter()
        .enumerate()
        .map(|(i, a)| {
            // Distinct ids even when the gold file repeats one.
            let mut a = a.clone();
            a.id = format!("{}#{i}", a.id);
            Prepared::new(a, None)
        })
        .collect();
    store.insert_batch(&batch).context("storing the analyses")?;
    store
        .recluster(&ClusterParams::default())
        .context("clustering")?;
    let mut st = store
        .connection()
        .prepare("SELECT id, story_id FROM articles")?;
    let rows: BTreeMap<String, i64> = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(analyses.len());
    for (i, a) in analyses.iter().enumerate() {
        let key = format!("{}#{i}", a.id);
        // An article the store refused as a byte-identical copy is its own story.
        out.push(rows.get(&key).copied().unwrap_or(-(i as i64) - 1));
    }
    Ok(out)
}
