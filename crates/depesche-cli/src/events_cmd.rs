//! `depesche events`: the corpus's coded events, listed or counted by day,
//! type or dyad; a table for people, JSONL or CSV for programs (stdout).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use depesche_store::event_query::{EventGrouping, EventQuery};
use serde::Serialize;

use crate::output::visible;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum EventsFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum By {
    Day,
    Type,
    Dyad,
}

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
depesche events --type ACCUSE --since 2025-07-01\n  \
depesche events --source Trump --by dyad\n  \
depesche events --country UA --by day --format csv")]
pub struct EventsArgs {
    /// PLOVER type (ACCUSE, CONSULT, …) or a CAMEO code prefix (04, 112).
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// Source actor (canonical name or last name; case and accents ignored;
    /// an entity also by any spelling of it: "Lavrov" = "Lawrow").
    #[arg(long)]
    pub source: Option<String>,
    /// Target actor (as `--source`).
    #[arg(long)]
    pub target: Option<String>,
    /// ISO 3166 alpha-2 country of the source, target or place (RU, UA, DE, EU).
    #[arg(long)]
    pub country: Option<String>,
    /// Events on or after this day (YYYY-MM-DD): the event's date, else the article's.
    #[arg(long)]
    pub since: Option<String>,
    /// Count events by day, type or dyad (source → target) instead of listing them.
    #[arg(long, value_enum)]
    pub by: Option<By>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "table")]
    pub format: EventsFormat,
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

/// RFC 4180 field.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Rows as JSONL, or as CSV with `fields` (the rows' field names, in
/// order) as header.
fn machine<T: Serialize>(rows: &[T], fields: &[&str], csv: bool) -> anyhow::Result<String> {
    let mut o = String::new();
    for (i, r) in rows.iter().enumerate() {
        if !csv {
            o.push_str(&serde_json::to_string(r)?);
            o.push('\n');
            continue;
        }
        let serde_json::Value::Object(m) = serde_json::to_value(r)? else {
            continue;
        };
        if i == 0 {
            let _ = writeln!(o, "{}", fields.join(","));
        }
        let values: Vec<String> = fields
            .iter()
            .map(|f| match m.get(*f) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => csv_field(s),
                Some(other) => other.to_string(),
            })
            .collect();
        let _ = writeln!(o, "{}", values.join(","));
    }
    Ok(o)
}

/// Cut to `n` characters with an ellipsis, padded to `n`.
fn col(s: &str, n: usize) -> String {
    let s = visible(s).replace('\n', " ");
    let mut t: String = if s.chars().count() <= n {
        s
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    };
    let len = t.chars().count();
    t.push_str(&" ".repeat(n.saturating_sub(len)));
    t
}

pub fn run(args: EventsArgs) -> anyhow::Result<ExitCode> {
    let store = crate::corpus::open_existing(&args.db)?;
    let q = EventQuery {
        kind: args.kind.clone(),
        source: args.source.clone(),
        target: args.target.clone(),
        country: args.country.clone(),
        since: args.since.clone(),
        limit: args.limit,
    };
    let machine_format = match args.format {
        EventsFormat::Table => None,
        EventsFormat::Jsonl => Some(false),
        EventsFormat::Csv => Some(true),
    };
    if let Some(by) = args.by {
        let by = match by {
            By::Day => EventGrouping::Day,
            By::Type => EventGrouping::Type,
            By::Dyad => EventGrouping::Dyad,
        };
        let rows = store.event_counts(&q, by)?;
        if let Some(csv) = machine_format {
            let fields = ["key", "events", "articles", "goldstein"];
            return emit(&machine(&rows, &fields, csv)?).map(|_| ExitCode::SUCCESS);
        }
        let mut o = String::new();
        let _ = writeln!(
            o,
            "{} {:>7} {:>8} {:>9}",
            col("key", 40),
            "events",
            "articles",
            "goldstein"
        );
        for r in &rows {
            let _ = writeln!(
                o,
                "{} {:>7} {:>8} {:>9.1}",
                col(&r.key, 40),
                r.events,
                r.articles,
                r.goldstein
            );
        }
        emit(&o)?;
        eprintln!("{} groups", rows.len());
        return Ok(ExitCode::SUCCESS);
    }
    let rows = store.events(&q)?;
    if let Some(csv) = machine_format {
        let fields = [
            "article",
            "published",
            "type",
            "cameo",
            "goldstein",
            "source",
            "source_country",
            "target",
            "target_country",
            "place",
            "date",
            "negated",
            "hypothetical",
            "confidence",
        ];
        return emit(&machine(&rows, &fields, csv)?).map(|_| ExitCode::SUCCESS);
    }
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} {} {} {} {} {} article",
        col("date", 10),
        col("type", 11),
        col("cameo", 5),
        col("source", 22),
        col("target", 22),
        col("place", 16),
    );
    for r in &rows {
        let mut kind = r.kind.clone();
        if r.negated {
            kind.push_str(" ¬");
        }
        if r.hypothetical {
            kind.push_str(" ?");
        }
        let _ = writeln!(
            o,
            "{} {} {} {} {} {} {}",
            col(
                r.date.as_deref().or(r.published.as_deref()).unwrap_or("-"),
                10
            ),
            col(&kind, 11),
            col(&r.cameo, 5),
            col(r.source.as_deref().unwrap_or("-"), 22),
            col(r.target.as_deref().unwrap_or("-"), 22),
            col(r.place.as_deref().unwrap_or("-"), 16),
            visible(&r.article)
        );
    }
    emit(&o)?;
    eprintln!(
        "{} events (¬ negated, ? announced or hypothetical)",
        rows.len()
    );
    Ok(ExitCode::SUCCESS)
}
