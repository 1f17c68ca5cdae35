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
    "stories",
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
    /// entities, places, quotes, speakers, indirect, times, derived, credit, furniture, input,
    /// stories; or `all`).
    #[arg(long, value_name = "LAYERS", num_args = 0..=1, default_missing_value = "all")]
    pub show_errors: Option<String>,
    /// Skip story clustering (B-cubed), which builds a temporary in-memory store.
    #[arg(long)]
    pub no_stories: bool,
    /// An NER model file (`depesche train ner --out FILE`) in place of the embedded model of
    /// its language.
    #[arg(long, value_name = "FILE")]
    pub ner_model: Option<PathBuf>,
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

    let pipeline = match &args.ner_model {
        None => Pipeline::new(Options::default()),
        Some(path) => Pipeline::builder(Options::default())
            .ner_model_file(path)?
            .build()?,
    };
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
        let (pred, store) = story_ids(&analyses)?;
        identity_figures(&records, &store)?;
        inflection_check(&store)?;
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
        if show.contains(&"stories") {
            story_errors(&records, &gold, &pred);
        }
    }
    events_beside(&args.gold, &records, &analyses)?;

    if !show.is_empty() {
        println!("\nerrors:");
        for e in all.errors.iter().filter(|e| show.contains(&e.layer)) {
            println!("  [{}] {:<9} {}", e.article, e.layer, e.message);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Events, when the gold file has an events file beside it (`news-dev.jsonl`
/// → `news-dev-events.jsonl`): scored by `depesche eval events`' rules on the
/// same analyses.
fn events_beside(
    gold: &std::path::Path,
    records: &[news::NewsRecord],
    analyses: &[depesche::Analysis],
) -> anyhow::Result<()> {
    let stem = gold.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let path = gold.with_file_name(format!("{stem}-events.jsonl"));
    let Ok(src) = std::fs::read_to_string(&path) else {
        println!("  events: no {} beside the gold file", path.display());
        return Ok(());
    };
    let articles = depesche::eval::events::load(&src)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let by_id: BTreeMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut per_lang: BTreeMap<String, depesche::eval::events::EventsReport> = BTreeMap::new();
    for g in &articles {
        let Some(&i) = by_id.get(g.id.as_str()) else {
            continue;
        };
        let a = &analyses[i];
        // Page furniture is not scored, as in `eval events`.
        let furniture: Vec<(usize, usize)> = records[i]
            .boilerplate
            .iter()
            .map(|b| (b.start, b.end))
            .collect();
        let r = depesche::eval::events::score_outside(g, &a.text, &a.events, &furniture);
        per_lang.entry(g.lang.clone()).or_default().merge(&r);
    }
    println!(
        "  events ({}; details: depesche eval events)",
        path.display()
    );
    for (l, r) in &per_lang {
        print!(
            "{}",
            depesche::eval::events::format_report(&format!("    [{l}]"), r, false)
        );
    }
    Ok(())
}

/// Each article's story as the store's clustering assigns it (the same code
/// `depesche ingest` runs), in input order.
fn story_ids(analyses: &[depesche::Analysis]) -> anyhow::Result<(Vec<i64>, Store)> {
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
    drop(st);
    Ok((out, store))
}

/// Whether entities keep one identity: each gold entity (type and canonical
/// name, outside page furniture) against the corpus-wide keys the store gave
/// the predicted entities whose mentions match its mentions exactly. An
/// entity is split when its mentions carry more than one key, within one
/// article or across articles. Also counted: keys found in both languages.
fn identity_figures(records: &[news::NewsRecord], store: &Store) -> anyhow::Result<()> {
    use std::collections::{BTreeSet, HashMap};
    let mut st = store.connection().prepare(
        "SELECT a.id, a.lang, m.start, m.\"end\", e.type, e.name_key
         FROM mentions m JOIN entities e ON e.pk = m.entity JOIN articles a ON a.pk = e.article",
    )?;
    let rows: Vec<(String, String, i64, i64, String, String)> = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    // Store ids are "<id>#<input index>" (see `story_ids`).
    let mut key_at: HashMap<(usize, usize, usize, &str), &str> = HashMap::new();
    let mut key_langs: HashMap<(&str, &str), BTreeSet<&str>> = HashMap::new();
    for (id, lang, start, end, kind, key) in &rows {
        let Some(i) = id.rsplit('#').next().and_then(|n| n.parse::<usize>().ok()) else {
            continue;
        };
        key_at.insert(
            (i, *start as usize, *end as usize, kind.as_str()),
            key.as_str(),
        );
        if kind != "MISC" {
            key_langs
                .entry((kind.as_str(), key.as_str()))
                .or_default()
                .insert(lang.as_str());
        }
    }
    // (type, canonical) → keys per article
    let mut gold: BTreeMap<(&str, &str), BTreeMap<usize, BTreeSet<&str>>> = BTreeMap::new();
    for (i, rec) in records.iter().enumerate() {
        let furniture: Vec<(usize, usize)> =
            rec.boilerplate.iter().map(|b| (b.start, b.end)).collect();
        for g in &rec.entities {
            let (Some(kind), Some(canon)) = (&g.kind, &g.canonical) else {
                continue;
            };
            if g.in_boilerplate || furniture.iter().any(|&(s, e)| s <= g.start && g.start < e) {
                continue;
            }
            if let Some(key) = key_at.get(&(i, g.start, g.end, kind.as_str())) {
                gold.entry((kind, canon))
                    .or_default()
                    .entry(i)
                    .or_default()
                    .insert(key);
            }
        }
    }
    let (mut within, mut across, mut multi) = (0, 0, 0);
    let mut examples: Vec<String> = Vec::new();
    for ((kind, canon), arts) in &gold {
        let split_in = arts.values().any(|k| k.len() > 1);
        let all: BTreeSet<&str> = arts.values().flatten().copied().collect();
        within += split_in as usize;
        if arts.len() > 1 {
            multi += 1;
            if all.len() > 1 && !split_in {
                across += 1;
                if examples.len() < 5 {
                    let keys: Vec<&str> = all.into_iter().collect();
                    examples.push(format!("{kind} {canon} ({})", keys.join(" | ")));
                }
            }
        }
    }
    let both = key_langs.values().filter(|l| l.len() > 1).count();
    println!(
        "  entity identity: {} gold entities found; split within an article {within}; \
         in ≥2 articles {multi}, split across articles {across}; keys in both languages {both}",
        gold.len()
    );
    if !examples.is_empty() {
        println!("    split: {}", examples.join("; "));
    }
    Ok(())
}

/// Gold clusters that the predicted stories split, and predicted stories
/// that join articles of different gold clusters (or a gold cluster and an
/// article outside any).
fn story_errors(records: &[news::NewsRecord], gold: &[Option<String>], pred: &[i64]) {
    let mut by_pred: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, &p) in pred.iter().enumerate() {
        by_pred.entry(p).or_default().push(i);
    }
    let label = |i: usize| format!("{} [{}]", records[i].id, gold[i].as_deref().unwrap_or("-"));
    println!("\nstory errors:");
    let mut gold_ids: Vec<&String> = gold.iter().flatten().collect();
    gold_ids.sort();
    gold_ids.dedup();
    for g in gold_ids {
        let members: Vec<usize> = (0..gold.len())
            .filter(|&i| gold[i].as_ref() == Some(g))
            .collect();
        let mut stories: Vec<i64> = members.iter().map(|&i| pred[i]).collect();
        stories.sort();
        stories.dedup();
        if stories.len() > 1 {
            println!("  split   gold {g}: {} stories", stories.len());
            for s in stories {
                let ids: Vec<String> = members
                    .iter()
                    .filter(|&&i| pred[i] == s)
                    .map(|&i| records[i].id.clone())
                    .collect();
                println!("          {}", ids.join(", "));
            }
        }
    }
    for members in by_pred.values() {
        let mut labels: Vec<Option<&String>> = members.iter().map(|&i| gold[i].as_ref()).collect();
        labels.sort();
        labels.dedup();
        if members.len() > 1 && (labels.len() > 1 || labels[0].is_none()) {
            let ids: Vec<String> = members.iter().map(|&i| label(i)).collect();
            println!("  mixed   {}", ids.join(", "));
        }
    }
}

/// Pairs of stored entities whose names differ only by German inflection
/// (the corpus-wide key should have joined them).
fn inflection_check(store: &Store) -> anyhow::Result<()> {
    let mut st = store
        .connection()
        .prepare("SELECT DISTINCT type, name_key, name FROM entities")?;
    let rows: Vec<(String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let refs: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let pairs = depesche_store::identity::inflection_pairs(&refs);
    let shown: Vec<String> = pairs
        .iter()
        .take(5)
        .map(|(a, b)| format!("{a} / {b}"))
        .collect();
    println!(
        "  entities differing only by inflection: {} pairs{}{}",
        pairs.len(),
        if shown.is_empty() { "" } else { ": " },
        shown.join("; ")
    );
    Ok(())
}
