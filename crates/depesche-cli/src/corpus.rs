//! Questions to the corpus: `search`, `entities`, `quotes`, `timeline`, `stories`.
//! Tables for people, JSONL for programs (stdout); messages on stderr.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use depesche_store::query::SearchQuery;
use depesche_store::Store;
use serde::Serialize;

use crate::output::visible;

/// `writeln!` into a String (cannot fail).
macro_rules! out {
    ($($t:tt)*) => {{
        let _ = writeln!($($t)*);
    }};
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Jsonl,
}

/// Open a store that must exist, read-only (queries never create or write a file).
pub fn open_existing(db: &Path) -> anyhow::Result<Store> {
    if std::fs::symlink_metadata(db).is_err() {
        anyhow::bail!(
            "{}: no such corpus; create it with `depesche ingest PATH… --db {}`",
            db.display(),
            db.display()
        );
    }
    Ok(Store::open_read_only(db)?)
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words (all must occur), "a phrase", prefix*, -excluded, a OR b. Stemmed like the index.
    #[arg(required_unless_present = "bench", default_value = "")]
    pub query: String,
    /// Only articles mentioning this entity (canonical name or last name; case and accents ignored).
    #[arg(long)]
    pub entity: Option<String>,
    /// Published on or after (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Published on or before (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long)]
    pub source: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Measure search latency over queries drawn from the corpus's titles (prints median/p95).
    #[arg(long)]
    pub bench: bool,
    #[arg(long, default_value = "depesche.db")]
    pub db: PathBuf,
}

#[derive(clap::Args)]
pub struct EntitiesArgs {
    /// PER, ORG, LOC or MISC.
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// Only the entity this name finds: any of its names in either language
    /// ("Lawrow" and "Lavrov", "EU" and "Europäische Union", "Genf" and
    /// "Geneva"), or a person's last name; shows its aliases and languages.
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long, default_value_t = 25)]
    pub top: usize,
    /// Instead: list the pairs of entities whose names differ only by German
    /// inflection but were not joined ("Europäischen Union" / "Europäische
    /// Union"); a check of the corpus-wide key, which should find none.
    #[arg(long, conflicts_with_all = ["name", "kind"])]
    pub inflection_pairs: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    #[arg(long, default_value = "depesche.db")]
    pub db: PathBuf,
}

#[derive(clap::Args)]
pub struct QuotesArgs {
    /// Speaker: any name or spelling of its entity, or a person's last name
    /// (as `entities --name`), or the words of a speaker that is no entity
    /// ("Sprecher"); case and accents ignored.
    #[arg(long)]
    pub speaker: Option<String>,
    /// Words the quote must contain (stemmed).
    #[arg(long)]
    pub query: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    #[arg(long, default_value = "depesche.db")]
    pub db: PathBuf,
}

#[derive(clap::Args)]
pub struct TimelineArgs {
    /// Entity name (canonical name or last name; case and accents ignored).
    pub name: String,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    #[arg(long, default_value = "depesche.db")]
    pub db: PathBuf,
}

#[derive(clap::Args)]
pub struct StoriesArgs {
    /// Only stories with at least this many articles (1 lists every article's story).
    #[arg(long, default_value_t = 2)]
    pub min_articles: usize,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    #[arg(long, default_value = "depesche.db")]
    pub db: PathBuf,
}

/// Write to stdout; a closed pipe (`| head`) ends the output quietly.
fn emit(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

fn jsonl<T: Serialize>(rows: &[T]) -> anyhow::Result<()> {
    let mut o = String::new();
    for r in rows {
        o.push_str(&serde_json::to_string(r)?);
        o.push('\n');
    }
    emit(&o)
}

/// Cut to `n` characters with an ellipsis (tables only).
fn cut(s: &str, n: usize) -> String {
    let s = visible(s).replace('\n', " ");
    if s.chars().count() <= n {
        s
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn pad(s: &str, n: usize) -> String {
    let s = cut(s, n);
    let len = s.chars().count();
    format!("{s}{}", " ".repeat(n.saturating_sub(len)))
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("-")
}

pub fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.db)?;
    if args.bench {
        let queries = store.sample_queries(200)?;
        if queries.is_empty() {
            anyhow::bail!("the corpus has no titles to draw benchmark queries from");
        }
        // One warm-up pass so the figures measure search, not the first page-in.
        store.bench_search(&queries[..queries.len().min(10)])?;
        let s = store.bench_search(&queries)?;
        let mut o = String::new();
        out!(
            o,
            "search latency over {} queries (top 20 with snippets): median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            s.queries, s.median_ms, s.p95_ms, s.max_ms
        );
        emit(&o)?;
        return Ok(ExitCode::SUCCESS);
    }
    let hits = store.search(&SearchQuery {
        text: args.query,
        entity: args.entity,
        from: args.from,
        to: args.to,
        source: args.source,
        limit: args.limit,
    })?;
    match args.format {
        ListFormat::Jsonl => jsonl(&hits)?,
        ListFormat::Table => {
            let mut o = String::new();
            // Ids are shown whole (they are what `jq`/`grep` and other
            // commands take), so the id column is as wide as the longest.
            let id_width = hits
                .iter()
                .map(|h| visible(&h.id).chars().count())
                .max()
                .unwrap_or(2)
                .max(2);
            if !hits.is_empty() {
                out!(
                    o,
                    "{:>7}  {}  {}  {}  {}  title",
                    "score",
                    pad("published", 10),
                    pad("id", id_width),
                    pad("source", 14),
                    pad("copies", 6)
                );
            }
            for h in &hits {
                out!(
                    o,
                    "{:>7.2}  {}  {}  {}  {:>6}  {}",
                    h.score,
                    pad(opt(&h.published), 10),
                    pad(&h.id, id_width),
                    pad(opt(&h.source), 14),
                    if h.copies > 0 {
                        format!("+{}", h.copies)
                    } else {
                        String::new()
                    },
                    cut(opt(&h.title), 70)
                );
                out!(o, "         {}", visible(&h.snippet));
            }
            eprintln!("{} results", hits.len());
            emit(&o)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn entities(args: EntitiesArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.db)?;
    if args.inflection_pairs {
        let pairs = store.inflection_pairs()?;
        match args.format {
            ListFormat::Jsonl => jsonl(&pairs)?,
            ListFormat::Table => {
                let mut o = String::new();
                for (a, b) in &pairs {
                    out!(o, "{a}  /  {b}");
                }
                out!(o, "{} pairs", pairs.len());
                emit(&o)?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let rows = store.find_entities(args.kind.as_deref(), args.name.as_deref(), args.top)?;
    match args.format {
        ListFormat::Jsonl => jsonl(&rows)?,
        ListFormat::Table => {
            let mut o = String::new();
            out!(
                o,
                "{}  {}  {:>8}  {:>8}  {}  {}  {}",
                pad("name", 32),
                pad("type", 4),
                "mentions",
                "articles",
                pad("first seen", 10),
                pad("last seen", 10),
                "languages"
            );
            for r in &rows {
                out!(
                    o,
                    "{}  {}  {:>8}  {:>8}  {}  {}  {}",
                    pad(&r.name, 32),
                    pad(&r.kind, 4),
                    r.mentions,
                    r.articles,
                    pad(opt(&r.first_seen), 10),
                    pad(opt(&r.last_seen), 10),
                    r.languages.join(",")
                );
                // Looking one entity up shows every name it goes by.
                let also: Vec<&str> = (r.aliases.iter())
                    .filter(|a| **a != r.name)
                    .map(String::as_str)
                    .collect();
                if args.name.is_some() && !also.is_empty() {
                    out!(o, "    also: {}", cut(&also.join("; "), 200));
                }
            }
            if rows.is_empty() {
                match &args.name {
                    Some(n) => eprintln!("no entity found by the name {n:?}"),
                    None => eprintln!(
                        "no entities stored (the pipeline fills them once entity recognition runs)"
                    ),
                }
            } else {
                emit(&o)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn quotes(args: QuotesArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let rows = store.quotes(args.speaker.as_deref(), args.query.as_deref(), args.limit)?;
    match args.format {
        ListFormat::Jsonl => jsonl(&rows)?,
        ListFormat::Table => {
            let mut o = String::new();
            let id_width = rows
                .iter()
                .map(|r| visible(&r.id).chars().count())
                .max()
                .unwrap_or(2)
                .max(2);
            if !rows.is_empty() {
                out!(
                    o,
                    "{}  {}  {}  {}  quote",
                    pad("published", 10),
                    pad("id", id_width),
                    pad("speaker", 24),
                    pad("kind", 8)
                );
            }
            for r in &rows {
                out!(
                    o,
                    "{}  {}  {}  {}  {}",
                    pad(opt(&r.published), 10),
                    pad(&r.id, id_width),
                    pad(opt(&r.speaker), 24),
                    pad(&r.kind, 8),
                    cut(&r.text, 100)
                );
            }
            eprintln!("{} quotes", rows.len());
            emit(&o)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn timeline(args: TimelineArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let rows = store.timeline(&args.name)?;
    match args.format {
        ListFormat::Jsonl => jsonl(&rows)?,
        ListFormat::Table => {
            let mut o = String::new();
            let max = rows.iter().map(|r| r.mentions).max().unwrap_or(1).max(1);
            for r in &rows {
                let bar = "█".repeat(((r.mentions * 40 + max - 1) / max) as usize);
                out!(
                    o,
                    "{}  {:>6} mentions  {:>5} articles  {bar}",
                    pad(r.date.as_deref().unwrap_or("undated"), 10),
                    r.mentions,
                    r.articles
                );
            }
            if rows.is_empty() {
                eprintln!("no mentions of {:?}", args.name);
            }
            emit(&o)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn stories(args: StoriesArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let rows = store.stories(args.min_articles)?;
    match args.format {
        ListFormat::Jsonl => jsonl(&rows)?,
        ListFormat::Table => {
            let mut o = String::new();
            for s in &rows {
                let dates = match (&s.first_published, &s.last_published) {
                    (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
                    (Some(a), _) => a.clone(),
                    _ => "undated".into(),
                };
                out!(
                    o,
                    "story {}  {} articles  {}  {}",
                    s.story_id,
                    s.articles.len(),
                    visible(&dates),
                    cut(opt(&s.title), 80)
                );
                for id in &s.articles {
                    let copy = s.duplicates.iter().find(|g| g[1..].contains(id));
                    match copy {
                        Some(g) => out!(o, "    {}  (copy of {})", visible(id), visible(&g[0])),
                        None => out!(o, "    {}", visible(id)),
                    }
                }
            }
            eprintln!("{} stories", rows.len());
            emit(&o)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
