//! Exports for the tools users already have: JSONL of `Analysis` objects;
//! CSV and Parquet tables (articles, blocks, entities, mentions, quotes,
//! times, places, derived, events) for Spark, DuckDB, pandas, joinable on
//! `article` (the article's `pk`) and on `entity_key` (one key per entity
//! across the store); events also in the GDELT Events 2.0 layout.
//! The tables are documented in `docs/export.md`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use depesche::schema::Analysis;
use rusqlite::types::{Value, ValueRef};

use crate::{codec, Result, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    #[cfg(feature = "parquet")]
    Parquet,
    /// Events in the GDELT Events 2.0 column layout (see `docs/export.md`).
    Gdelt,
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" => Ok(ExportFormat::Jsonl),
            "csv" => Ok(ExportFormat::Csv),
            "gdelt" => Ok(ExportFormat::Gdelt),
            #[cfg(feature = "parquet")]
            "parquet" => Ok(ExportFormat::Parquet),
            #[cfg(not(feature = "parquet"))]
            "parquet" => Err("this build has no Parquet support (feature `parquet`)".into()),
            other => Err(format!(
                "unknown format {other:?}; expected jsonl, csv, parquet or gdelt"
            )),
        }
    }
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
            #[cfg(feature = "parquet")]
            ExportFormat::Parquet => "parquet",
            ExportFormat::Gdelt => "gdelt.tsv",
        }
    }
}

/// How an export is split into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Partition {
    /// One file per table.
    #[default]
    None,
    /// Hive-style folders by publication date: `TABLE/date=YYYY-MM-DD/`
    /// (undated articles under `date=__HIVE_DEFAULT_PARTITION__`).
    Date,
}

impl std::str::FromStr for Partition {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "date" => Ok(Partition::Date),
            "none" => Ok(Partition::None),
            other => Err(format!("unknown partitioning {other:?}; expected date")),
        }
    }
}

/// Hive's folder name for a NULL partition value.
const HIVE_NULL: &str = "__HIVE_DEFAULT_PARTITION__";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Int,
    Real,
    Text,
    Bool,
    /// A calendar date (`YYYY-MM-DD` in CSV, Date32 in Parquet).
    Date,
    /// A list of strings (JSON array in CSV, list<utf8> in Parquet).
    TextList,
}

/// One value of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bool(bool),
    Date(NaiveDate),
    List(Vec<String>),
}

impl Cell {
    fn opt_text(s: Option<&str>) -> Cell {
        s.map_or(Cell::Null, |s| Cell::Text(s.to_string()))
    }

    /// A stored value read as a column of `kind`.
    fn from_sql(v: ValueRef<'_>, kind: ColumnKind) -> Cell {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match (kind, v) {
            (_, ValueRef::Null) => Cell::Null,
            (ColumnKind::Int, ValueRef::Integer(x)) => Cell::Int(x),
            (ColumnKind::Int, ValueRef::Real(x)) => Cell::Int(x as i64),
            (ColumnKind::Real, ValueRef::Integer(x)) => Cell::Real(x as f64),
            (ColumnKind::Real, ValueRef::Real(x)) => Cell::Real(x),
            (ColumnKind::Bool, ValueRef::Integer(x)) => Cell::Bool(x != 0),
            (ColumnKind::Date, ValueRef::Text(b)) => date_cell(&text(b)),
            (ColumnKind::TextList, ValueRef::Text(b)) => {
                serde_json::from_slice::<Vec<String>>(b).map_or(Cell::Null, Cell::List)
            }
            (_, ValueRef::Text(b) | ValueRef::Blob(b)) => Cell::Text(text(b)),
            (_, ValueRef::Integer(x)) => Cell::Text(x.to_string()),
            (_, ValueRef::Real(x)) => Cell::Text(x.to_string()),
        }
    }
}

/// A date from `YYYY-MM-DD` (a longer timestamp is cut to its day); a
/// coarser value (`2025-07`, `2025-W28`) is no date.
fn date_cell(s: &str) -> Cell {
    s.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or(Cell::Null, Cell::Date)
}

/// Where a table's rows come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// A query over the store tables; `articles` is aliased `a` and the
    /// partition filter is `a.published IS ?1`.
    Sql {
        from: &'static str,
        order_by: &'static str,
    },
    /// Each article's stored analysis.
    Articles,
    Blocks,
    Derived,
}

/// One exported table: its columns (name, type, and for SQL tables the
/// expression) and where its rows come from.
#[derive(Debug, Clone)]
pub struct TableSpec {
    pub name: &'static str,
    pub columns: Vec<(String, ColumnKind)>,
    exprs: Vec<&'static str>,
    source: Source,
}

use ColumnKind::{Bool, Date, Int, Real, Text, TextList};

/// The store-wide key of the entity row aliased `$e` (NULL when the row
/// is missing in an outer join): its type and folded canonical name, the
/// key `depesche entities` groups by. Every table names entities by this one
/// expression (`entity_key`, `speaker_key`, `source_key`, `target_key`).
macro_rules! entity_key {
    ($e:literal) => {
        concat!(
            "CASE WHEN ",
            $e,
            ".pk IS NULL THEN NULL ELSE ",
            $e,
            ".type || ':' || ",
            $e,
            ".name_key END"
        )
    };
}

fn sql_table(
    name: &'static str,
    cols: &[(&'static str, ColumnKind, &'static str)],
    from: &'static str,
    order_by: &'static str,
) -> TableSpec {
    TableSpec {
        name,
        columns: cols.iter().map(|c| (c.0.to_string(), c.1)).collect(),
        exprs: cols.iter().map(|c| c.2).collect(),
        source: Source::Sql { from, order_by },
    }
}

fn plain_table(
    name: &'static str,
    cols: &[(&'static str, ColumnKind)],
    source: Source,
) -> TableSpec {
    TableSpec {
        name,
        columns: cols.iter().map(|c| (c.0.to_string(), c.1)).collect(),
        exprs: Vec::new(),
        source,
    }
}

/// The article columns every export has; `extra_<field>` columns follow, one
/// per input field found in the store.
const ARTICLE_COLUMNS: &[(&str, ColumnKind)] = &[
    ("article", Int),
    ("id", Text),
    ("content_hash", Text),
    ("url", Text),
    ("source", Text),
    ("published", Date),
    ("lang", Text),
    ("title", Text),
    ("teaser", Text),
    ("text", Text),
    ("n_chars", Int),
    ("n_sentences", Int),
    ("n_tokens", Int),
    ("duplicate_of", Int),
    ("story_id", Int),
    ("focus_country", Text),
    ("agencies", TextList),
    ("authors", TextList),
    ("tone", Real),
    ("tone_positive", Real),
    ("tone_negative", Real),
    ("extra", Text),
    ("ingested_at", Text),
];

/// The exported tables. `extra_keys` are the input fields found in the store
/// (see [`Store::extra_keys`]).
pub fn tables(extra_keys: &[String]) -> Vec<TableSpec> {
    let mut articles = plain_table("articles", ARTICLE_COLUMNS, Source::Articles);
    articles
        .columns
        .extend(extra_keys.iter().map(|k| (format!("extra_{k}"), Text)));
    vec![
        articles,
        plain_table(
            "blocks",
            &[
                ("article", Int),
                ("idx", Int),
                ("kind", Text),
                ("start", Int),
                ("end", Int),
                ("text", Text),
            ],
            Source::Blocks,
        ),
        sql_table(
            "entities",
            &[
                ("article", Int, "e.article"),
                ("eid", Text, "e.eid"),
                ("entity_key", Text, entity_key!("e")),
                ("type", Text, "e.type"),
                ("name", Text, "e.name"),
                ("roles", TextList, "e.roles"),
                ("place", Int, "e.place"),
                ("mentions", Int, "e.mentions"),
            ],
            "entities e JOIN articles a ON a.pk = e.article",
            "e.article, e.pk",
        ),
        sql_table(
            "mentions",
            &[
                ("article", Int, "e.article"),
                ("eid", Text, "e.eid"),
                ("entity_key", Text, entity_key!("e")),
                ("start", Int, "m.start"),
                ("end", Int, "m.\"end\""),
            ],
            "mentions m JOIN entities e ON e.pk = m.entity JOIN articles a ON a.pk = e.article",
            "e.article, e.pk, m.start",
        ),
        sql_table(
            "quotes",
            &[
                ("article", Int, "q.article"),
                ("idx", Int, "q.idx"),
                ("kind", Text, "q.kind"),
                ("start", Int, "q.start"),
                ("end", Int, "q.\"end\""),
                ("text", Text, crate::query::QUOTE_TEXT),
                ("speaker_key", Text, entity_key!("e")),
                ("speaker_name", Text, "e.name"),
                ("speaker_text", Text, "q.speaker_text"),
                ("cue", Text, "q.cue"),
            ],
            "quotes q JOIN articles a ON a.pk = q.article
             LEFT JOIN entities e ON e.pk = q.speaker",
            "q.article, q.idx",
        ),
        sql_table(
            "times",
            &[
                ("article", Int, "t.article"),
                ("idx", Int, "t.idx"),
                ("start", Int, "t.start"),
                ("end", Int, "t.\"end\""),
                ("text", Text, crate::query::TIME_TEXT),
                ("type", Text, "t.type"),
                ("value", Text, "t.value"),
                ("date", Date, "t.value"),
                ("mod", Text, "t.mod"),
            ],
            "times t JOIN articles a ON a.pk = t.article",
            "t.article, t.idx",
        ),
        sql_table(
            "places",
            &[
                ("article", Int, "p.article"),
                ("idx", Int, "p.idx"),
                ("eid", Text, "p.entity"),
                ("entity_key", Text, entity_key!("e")),
                ("name", Text, "p.name"),
                ("geonameid", Int, "p.geonameid"),
                ("country", Text, "p.country"),
                ("lat", Real, "p.lat"),
                ("lon", Real, "p.lon"),
                ("kind", Text, "p.kind"),
            ],
            "places p JOIN articles a ON a.pk = p.article
             LEFT JOIN entities e ON e.article = p.article AND e.eid = p.entity",
            "p.article, p.idx",
        ),
        plain_table(
            "derived",
            &[
                ("article", Int),
                ("idx", Int),
                ("start", Int),
                ("end", Int),
                ("text", Text),
                ("country", Text),
                ("region", Text),
                ("countries", TextList),
            ],
            Source::Derived,
        ),
        sql_table(
            "events",
            &[
                ("article", Int, "v.article"),
                ("idx", Int, "v.idx"),
                ("eid", Text, "v.eid"),
                ("type", Text, "v.plover"),
                ("mode", Text, "v.mode"),
                ("cameo", Text, "v.code"),
                ("quad_class", Int, "v.quad_class"),
                ("goldstein", Real, "v.goldstein"),
                ("source_key", Text, entity_key!("s")),
                ("source_name", Text, "v.source_name"),
                ("source_country", Text, "v.source_country"),
                ("source_agent", Text, "v.source_agent"),
                ("target_key", Text, entity_key!("t")),
                ("target_name", Text, "v.target_name"),
                ("target_country", Text, "v.target_country"),
                ("target_agent", Text, "v.target_agent"),
                ("symmetric", Bool, "v.symmetric"),
                ("place", Text, "v.place"),
                ("place_country", Text, "v.place_country"),
                ("geonameid", Int, "v.geonameid"),
                ("lat", Real, "v.lat"),
                ("lon", Real, "v.lon"),
                ("time", Text, "v.time"),
                ("date", Date, "v.time"),
                ("date_basis", Text, "v.date_basis"),
                ("negated", Bool, "v.negated"),
                ("hypothetical", Bool, "v.hypothetical"),
                ("sentence", Int, "v.sentence"),
                ("evidence_start", Int, "v.evidence_start"),
                ("evidence_end", Int, "v.evidence_end"),
                ("confidence", Real, "v.confidence"),
                // Sentence tone fills when the pipeline scores it.
                ("tone", Real, "NULL"),
            ],
            "events v JOIN articles a ON a.pk = v.article
             LEFT JOIN entities s ON s.article = v.article AND s.eid = v.source
             LEFT JOIN entities t ON t.article = v.article AND t.eid = v.target",
            "v.article, v.idx",
        ),
    ]
}

/// A file written and the rows in it.
#[derive(Debug, Clone)]
pub struct Exported {
    pub path: PathBuf,
    pub rows: u64,
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Export(format!("{}: {e}", path.display()))
}

/// A file written under a temporary name in its directory and renamed into
/// place when complete, so a full disk or a crash never leaves a partial
/// file under the real name; dropped before [`Staged::commit`], it is removed.
pub(crate) struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    committed: bool,
}

impl Staged {
    pub(crate) fn create(path: &Path) -> Result<(Self, File)> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
        let file = File::create(&tmp).map_err(|e| io_err(&tmp, e))?;
        Ok((
            Staged {
                tmp,
                path: path.to_path_buf(),
                committed: false,
            },
            file,
        ))
    }

    pub(crate) fn commit(mut self) -> Result<()> {
        std::fs::rename(&self.tmp, &self.path).map_err(|e| io_err(&self.path, e))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// The code-point slice `[start, end)` of `chars` (clamped).
fn slice(chars: &[char], start: usize, end: usize) -> String {
    let s = start.min(chars.len());
    chars[s..end.clamp(s, chars.len())].iter().collect()
}

/// An input field's value as text: strings as they are, other JSON as JSON.
fn extra_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Everything a table's rows are written to.
trait RowSink {
    fn row(&mut self, cells: &[Cell]) -> Result<()>;
}

impl RowSink for Vec<Vec<Cell>> {
    fn row(&mut self, cells: &[Cell]) -> Result<()> {
        self.push(cells.to_vec());
        Ok(())
    }
}

impl Store {
    /// Input fields (`extra`) found in the stored articles, sorted.
    pub fn extra_keys(&self) -> Result<Vec<String>> {
        let mut keys = std::collections::BTreeSet::new();
        self.each_analysis(None, &mut |_, _, a| {
            keys.extend(a.extra.keys().cloned());
            Ok(())
        })?;
        Ok(keys.into_iter().collect())
    }

    /// Every row of table `t` in memory, as the exports write them (the
    /// Python bindings build their DataFrames from these).
    pub fn table_cells(&self, t: &TableSpec, extra_keys: &[String]) -> Result<Vec<Vec<Cell>>> {
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        self.table_rows(t, extra_keys, None, &mut rows)?;
        Ok(rows)
    }

    /// Publication dates of the stored articles (`None` for undated ones).
    fn partition_dates(&self) -> Result<Vec<Option<String>>> {
        let mut st = self
            .conn
            .prepare("SELECT DISTINCT published FROM articles ORDER BY published")?;
        let dates = st
            .query_map([], |r| r.get::<_, Option<String>>(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(dates)
    }

    /// Call `f` with each article's row (pk, stored columns) and analysis,
    /// in pk order, optionally only those published on `date`.
    fn each_analysis(
        &self,
        date: Option<&Option<String>>,
        f: &mut dyn FnMut(&rusqlite::Row<'_>, i64, &Analysis) -> Result<()>,
    ) -> Result<()> {
        let mut sql = String::from(
            "SELECT a.pk, a.id, a.content_hash, a.url, a.source, a.published, a.lang, a.title,
                    a.teaser, a.n_chars, a.n_sentences, a.n_tokens, a.duplicate_of, a.story_id,
                    a.ingested_at, a.analysis
             FROM articles a",
        );
        let mut params: Vec<Value> = Vec::new();
        if let Some(d) = date {
            sql.push_str(" WHERE a.published IS ?1");
            params.push(d.clone().map_or(Value::Null, Value::Text));
        }
        sql.push_str(" ORDER BY a.pk");
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(params))?;
        while let Some(r) = rows.next()? {
            let pk: i64 = r.get(0)?;
            let a = codec::decode_value(r.get_ref(15)?)?;
            f(r, pk, &a)?;
        }
        Ok(())
    }

    /// Write every row of `t` (of articles published on `date`, when given) to `sink`.
    fn table_rows(
        &self,
        t: &TableSpec,
        extra_keys: &[String],
        date: Option<&Option<String>>,
        sink: &mut dyn RowSink,
    ) -> Result<u64> {
        let mut n = 0u64;
        match t.source {
            Source::Sql { from, order_by } => {
                let mut sql = format!("SELECT {} FROM {from}", t.exprs.join(", "));
                let mut params: Vec<Value> = Vec::new();
                if let Some(d) = date {
                    sql.push_str(" WHERE a.published IS ?1");
                    params.push(d.clone().map_or(Value::Null, Value::Text));
                }
                sql.push_str(&format!(" ORDER BY {order_by}"));
                let mut st = self.conn.prepare(&sql)?;
                let mut rows = st.query(rusqlite::params_from_iter(params))?;
                let mut cells = Vec::with_capacity(t.columns.len());
                while let Some(r) = rows.next()? {
                    cells.clear();
                    for (i, (_, kind)) in t.columns.iter().enumerate() {
                        cells.push(Cell::from_sql(r.get_ref(i)?, *kind));
                    }
                    sink.row(&cells)?;
                    n += 1;
                }
            }
            Source::Articles => {
                self.each_analysis(date, &mut |r, pk, a| {
                    let g = |i: usize, k: ColumnKind| -> Result<Cell> {
                        Ok(Cell::from_sql(r.get_ref(i)?, k))
                    };
                    let tone = |f: fn(&depesche::schema::Tone) -> f32| {
                        a.tone
                            .as_ref()
                            .map_or(Cell::Null, |t| Cell::Real(f64::from(f(t))))
                    };
                    let mut cells = vec![
                        Cell::Int(pk),
                        g(1, Text)?,
                        g(2, Text)?,
                        g(3, Text)?,
                        g(4, Text)?,
                        g(5, Date)?,
                        g(6, Text)?,
                        g(7, Text)?,
                        g(8, Text)?,
                        Cell::Text(a.text.clone()),
                        g(9, Int)?,
                        g(10, Int)?,
                        g(11, Int)?,
                        g(12, Int)?,
                        g(13, Int)?,
                        Cell::opt_text(a.focus_country.as_deref()),
                        Cell::List(a.credit.agencies.clone()),
                        Cell::List(a.credit.authors.clone()),
                        tone(|t| t.tone),
                        tone(|t| t.positive),
                        tone(|t| t.negative),
                        if a.extra.is_empty() {
                            Cell::Null
                        } else {
                            Cell::Text(serde_json::Value::Object(a.extra.clone()).to_string())
                        },
                        g(14, Text)?,
                    ];
                    for k in extra_keys {
                        cells.push(
                            a.extra
                                .get(k)
                                .map_or(Cell::Null, |v| Cell::Text(extra_text(v))),
                        );
                    }
                    sink.row(&cells)?;
                    n += 1;
                    Ok(())
                })?;
            }
            Source::Blocks => {
                self.each_analysis(date, &mut |_, pk, a| {
                    let chars: Vec<char> = a.text.chars().collect();
                    for (i, b) in a.blocks.iter().enumerate() {
                        sink.row(&[
                            Cell::Int(pk),
                            Cell::Int(i as i64),
                            Cell::Text(b.kind.as_str().to_string()),
                            Cell::Int(b.start as i64),
                            Cell::Int(b.end as i64),
                            Cell::Text(slice(&chars, b.start, b.end)),
                        ])?;
                        n += 1;
                    }
                    Ok(())
                })?;
            }
            Source::Derived => {
                self.each_analysis(date, &mut |_, pk, a| {
                    for (i, d) in a.derived.iter().enumerate() {
                        sink.row(&[
                            Cell::Int(pk),
                            Cell::Int(i as i64),
                            Cell::Int(d.start as i64),
                            Cell::Int(d.end as i64),
                            Cell::Text(d.text.clone()),
                            Cell::opt_text(d.country.as_deref()),
                            Cell::opt_text(d.region.as_deref()),
                            Cell::List(d.countries.clone()),
                        ])?;
                        n += 1;
                    }
                    Ok(())
                })?;
            }
        }
        Ok(n)
    }

    /// Export the corpus into `dir` (created if missing), replacing files there.
    pub fn export(&self, format: ExportFormat, dir: &Path) -> Result<Vec<Exported>> {
        self.export_to(format, dir, true, Partition::None)
    }

    /// Export the corpus into `dir` (created if missing). Without `overwrite`,
    /// nothing is written when any of the files or table folders exists already.
    pub fn export_to(
        &self,
        format: ExportFormat,
        dir: &Path,
        overwrite: bool,
        partition: Partition,
    ) -> Result<Vec<Exported>> {
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        let extra_keys = if matches!(format, ExportFormat::Jsonl | ExportFormat::Gdelt) {
            Vec::new()
        } else {
            self.extra_keys()?
        };
        let all = tables(&extra_keys);
        let names: Vec<&str> = match format {
            ExportFormat::Jsonl => vec!["articles"],
            ExportFormat::Gdelt => vec!["events"],
            _ => all.iter().map(|t| t.name).collect(),
        };
        let ext = format.extension();
        let entry = |name: &str| match partition {
            Partition::None => format!("{name}.{ext}"),
            Partition::Date => name.to_string(),
        };
        if !overwrite {
            let existing: Vec<String> = names
                .iter()
                .map(|n| entry(n))
                .filter(|n| std::fs::symlink_metadata(dir.join(n)).is_ok())
                .collect();
            if !existing.is_empty() {
                return Err(StoreError::Export(format!(
                    "{}: would overwrite {} (give --force to replace them)",
                    dir.display(),
                    existing.join(", ")
                )));
            }
        }
        // (folder, date filter) per file set.
        let parts: Vec<(PathBuf, Option<Option<String>>)> = match partition {
            Partition::None => vec![(dir.to_path_buf(), None)],
            Partition::Date => self
                .partition_dates()?
                .into_iter()
                .map(|d| {
                    let folder = format!(
                        "date={}",
                        d.as_deref().and_then(|d| d.get(..10)).unwrap_or(HIVE_NULL)
                    );
                    (PathBuf::from(folder), Some(d))
                })
                .collect(),
        };
        let mut out = Vec::new();
        for name in names {
            if partition == Partition::Date {
                let tdir = dir.join(name);
                if overwrite && tdir.is_dir() {
                    std::fs::remove_dir_all(&tdir).map_err(|e| io_err(&tdir, e))?;
                }
            }
            for (folder, date) in &parts {
                let path = match partition {
                    Partition::None => dir.join(entry(name)),
                    Partition::Date => {
                        let d = dir.join(name).join(folder);
                        std::fs::create_dir_all(&d).map_err(|e| io_err(&d, e))?;
                        d.join(format!("{name}.{ext}"))
                    }
                };
                let date = date.as_ref();
                let t = all.iter().find(|t| t.name == name);
                out.push(match (format, t) {
                    (ExportFormat::Jsonl, _) => self.export_jsonl(&path, date)?,
                    (ExportFormat::Gdelt, _) => self.export_gdelt(&path, date)?,
                    (ExportFormat::Csv, Some(t)) => self.export_csv(t, &extra_keys, &path, date)?,
                    #[cfg(feature = "parquet")]
                    (ExportFormat::Parquet, Some(t)) => {
                        parquet_out::write(self, t, &extra_keys, &path, date)?
                    }
                    _ => continue,
                });
            }
        }
        Ok(out)
    }

    /// One `depesche/1` Analysis object per line.
    pub fn export_jsonl(&self, path: &Path, date: Option<&Option<String>>) -> Result<Exported> {
        let (staged, f) = Staged::create(path)?;
        let mut w = BufWriter::new(f);
        let mut n = 0;
        self.each_analysis(date, &mut |_, _, a| {
            serde_json::to_writer(&mut w, a).map_err(|e| io_err(path, e))?;
            w.write_all(b"\n").map_err(|e| io_err(path, e))?;
            n += 1;
            Ok(())
        })?;
        w.flush().map_err(|e| io_err(path, e))?;
        w.get_ref().sync_all().map_err(|e| io_err(path, e))?;
        drop(w);
        staged.commit()?;
        Ok(Exported {
            path: path.to_path_buf(),
            rows: n,
        })
    }

    /// RFC 4180 CSV with a header row; NULL is an empty field, a date is
    /// `YYYY-MM-DD`, a list a JSON array.
    pub fn export_csv(
        &self,
        t: &TableSpec,
        extra_keys: &[String],
        path: &Path,
        date: Option<&Option<String>>,
    ) -> Result<Exported> {
        struct Csv<'a> {
            w: BufWriter<File>,
            line: String,
            path: &'a Path,
        }
        impl RowSink for Csv<'_> {
            fn row(&mut self, cells: &[Cell]) -> Result<()> {
                self.line.clear();
                for (i, c) in cells.iter().enumerate() {
                    if i > 0 {
                        self.line.push(',');
                    }
                    match c {
                        Cell::Null => {}
                        Cell::Int(v) => self.line.push_str(&v.to_string()),
                        Cell::Real(v) => self.line.push_str(&v.to_string()),
                        Cell::Bool(v) => self.line.push_str(if *v { "true" } else { "false" }),
                        Cell::Date(d) => self.line.push_str(&d.to_string()),
                        Cell::Text(s) => csv_field(&mut self.line, s),
                        Cell::List(l) => csv_field(
                            &mut self.line,
                            &serde_json::to_string(l).unwrap_or_default(),
                        ),
                    }
                }
                self.line.push('\n');
                self.w
                    .write_all(self.line.as_bytes())
                    .map_err(|e| io_err(self.path, e))
            }
        }
        let (staged, f) = Staged::create(path)?;
        let mut sink = Csv {
            w: BufWriter::new(f),
            line: String::new(),
            path,
        };
        let header: Vec<&str> = t.columns.iter().map(|c| c.0.as_str()).collect();
        writeln!(sink.w, "{}", header.join(",")).map_err(|e| io_err(path, e))?;
        let n = self.table_rows(t, extra_keys, date, &mut sink)?;
        let mut w = sink.w;
        w.flush().map_err(|e| io_err(path, e))?;
        w.get_ref().sync_all().map_err(|e| io_err(path, e))?;
        drop(w);
        staged.commit()?;
        Ok(Exported {
            path: path.to_path_buf(),
            rows: n,
        })
    }
}

fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

#[cfg(feature = "parquet")]
mod parquet_out {
    use std::sync::Arc;

    use arrow_array::builder::{
        BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
    };
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema, SchemaRef};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;

    use super::*;

    const BATCH_ROWS: usize = 8192;

    enum Col {
        Int(Int64Builder),
        Real(Float64Builder),
        Text(StringBuilder),
        Bool(BooleanBuilder),
        Date(Date32Builder),
        List(ListBuilder<StringBuilder>),
    }

    fn data_type(kind: ColumnKind) -> DataType {
        match kind {
            ColumnKind::Int => DataType::Int64,
            ColumnKind::Real => DataType::Float64,
            ColumnKind::Text => DataType::Utf8,
            ColumnKind::Bool => DataType::Boolean,
            ColumnKind::Date => DataType::Date32,
            ColumnKind::TextList => {
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)))
            }
        }
    }

    fn builder(kind: ColumnKind) -> Col {
        match kind {
            ColumnKind::Int => Col::Int(Int64Builder::new()),
            ColumnKind::Real => Col::Real(Float64Builder::new()),
            ColumnKind::Text => Col::Text(StringBuilder::new()),
            ColumnKind::Bool => Col::Bool(BooleanBuilder::new()),
            ColumnKind::Date => Col::Date(Date32Builder::new()),
            ColumnKind::TextList => Col::List(ListBuilder::new(StringBuilder::new())),
        }
    }

    /// Days since 1970-01-01 (Arrow's Date32).
    fn epoch_days(d: NaiveDate) -> i32 {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        (d - epoch).num_days() as i32
    }

    struct Sink<'a> {
        schema: SchemaRef,
        cols: Vec<Col>,
        pending: usize,
        writer: ArrowWriter<File>,
        path: &'a Path,
    }

    impl Sink<'_> {
        fn flush(&mut self) -> Result<()> {
            let arrays: Vec<ArrayRef> = self
                .cols
                .iter_mut()
                .map(|c| -> ArrayRef {
                    match c {
                        Col::Int(b) => Arc::new(b.finish()),
                        Col::Real(b) => Arc::new(b.finish()),
                        Col::Text(b) => Arc::new(b.finish()),
                        Col::Bool(b) => Arc::new(b.finish()),
                        Col::Date(b) => Arc::new(b.finish()),
                        Col::List(b) => Arc::new(b.finish()),
                    }
                })
                .collect();
            let batch = RecordBatch::try_new(self.schema.clone(), arrays)
                .map_err(|e| io_err(self.path, e))?;
            self.pending = 0;
            self.writer.write(&batch).map_err(|e| io_err(self.path, e))
        }
    }

    impl RowSink for Sink<'_> {
        fn row(&mut self, cells: &[Cell]) -> Result<()> {
            for (c, v) in self.cols.iter_mut().zip(cells) {
                match (c, v) {
                    (Col::Int(b), Cell::Int(x)) => b.append_value(*x),
                    (Col::Int(b), _) => b.append_null(),
                    (Col::Real(b), Cell::Real(x)) => b.append_value(*x),
                    (Col::Real(b), Cell::Int(x)) => b.append_value(*x as f64),
                    (Col::Real(b), _) => b.append_null(),
                    (Col::Bool(b), Cell::Bool(x)) => b.append_value(*x),
                    (Col::Bool(b), _) => b.append_null(),
                    (Col::Date(b), Cell::Date(d)) => b.append_value(epoch_days(*d)),
                    (Col::Date(b), _) => b.append_null(),
                    (Col::List(b), Cell::List(l)) => {
                        for x in l {
                            b.values().append_value(x);
                        }
                        b.append(true);
                    }
                    (Col::List(b), _) => b.append(false),
                    (Col::Text(b), Cell::Text(x)) => b.append_value(x),
                    (Col::Text(b), Cell::Null) => b.append_null(),
                    (Col::Text(b), other) => b.append_value(format!("{other:?}")),
                }
            }
            self.pending += 1;
            if self.pending == BATCH_ROWS {
                self.flush()?;
            }
            Ok(())
        }
    }

    pub fn write(
        store: &Store,
        t: &TableSpec,
        extra_keys: &[String],
        path: &Path,
        date: Option<&Option<String>>,
    ) -> Result<Exported> {
        let schema = Arc::new(Schema::new(
            t.columns
                .iter()
                .map(|(name, kind)| Field::new(name, data_type(*kind), true))
                .collect::<Vec<_>>(),
        ));
        let (staged, file) = Staged::create(path)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer =
            ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|e| io_err(path, e))?;
        let mut sink = Sink {
            schema,
            cols: t.columns.iter().map(|(_, k)| builder(*k)).collect(),
            pending: 0,
            writer,
            path,
        };
        let total = store.table_rows(t, extra_keys, date, &mut sink)?;
        if sink.pending > 0 || total == 0 {
            sink.flush()?;
        }
        let file = sink.writer.into_inner().map_err(|e| io_err(path, e))?;
        file.sync_all().map_err(|e| io_err(path, e))?;
        drop(file);
        staged.commit()?;
        Ok(Exported {
            path: path.to_path_buf(),
            rows: total,
        })
    }
}

/// The 61 columns of a GDELT Events 2.0 row, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// A GDELT field: tabs and line breaks, which the format cannot quote, become spaces.
fn gdelt_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// An event id unique in the store: the article's pk and the event's index.
pub fn gdelt_event_id(article: i64, idx: i64) -> i64 {
    article.saturating_mul(10_000).saturating_add(idx)
}

impl Store {
    /// Events as GDELT Events 2.0 rows: tab-separated, 61 columns, no header
    /// (as GDELT's own `export.CSV` files), codes as strings. Deviations
    /// (countries as ISO 3166 alpha-2, not CAMEO/FIPS; no actor geography) are
    /// listed in `docs/export.md`.
    pub fn export_gdelt(&self, path: &Path, date: Option<&Option<String>>) -> Result<Exported> {
        let (staged, f) = Staged::create(path)?;
        let mut w = BufWriter::new(f);
        let mut sql = String::from(
            "SELECT v.article, v.idx, v.time, a.published, v.source_name, v.source_country,
                    v.source_agent, v.target_name, v.target_country, v.target_agent, v.sentence,
                    v.code, v.quad_class, v.goldstein, v.place, v.place_country, v.geonameid,
                    v.lat, v.lon, a.ingested_at, COALESCE(a.url, a.id), a.analysis
             FROM events v JOIN articles a ON a.pk = v.article",
        );
        let mut params: Vec<Value> = Vec::new();
        if let Some(d) = date {
            sql.push_str(" WHERE a.published IS ?1");
            params.push(d.clone().map_or(Value::Null, Value::Text));
        }
        sql.push_str(" ORDER BY v.article, v.idx");
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(params))?;
        let mut n = 0u64;
        // Events come by article: each article's tone and evidence counts are
        // read from its analysis once.
        let mut current: Option<(i64, Analysis)> = None;
        while let Some(r) = rows.next()? {
            let article: i64 = r.get(0)?;
            let idx: i64 = r.get(1)?;
            if current.as_ref().map(|c| c.0) != Some(article) {
                current = Some((article, codec::decode_value(r.get_ref(21)?)?));
            }
            let a = current.as_ref().map(|c| &c.1);
            let ev = a.and_then(|a| a.events.get(idx as usize));
            let text = |i: usize| -> Result<String> {
                Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
            };
            // The event's day, else the publication day.
            let day = match date_cell(&text(2)?) {
                Cell::Date(d) => Some(d),
                _ => match date_cell(&text(3)?) {
                    Cell::Date(d) => Some(d),
                    _ => None,
                },
            };
            let mut f: Vec<String> = vec![String::new(); 61];
            f[0] = gdelt_event_id(article, idx).to_string();
            if let Some(d) = day {
                use chrono::Datelike;
                f[1] = d.format("%Y%m%d").to_string();
                f[2] = d.format("%Y%m").to_string();
                f[3] = d.year().to_string();
                f[4] = format!("{:.4}", d.year() as f64 + f64::from(d.ordinal()) / 365.0);
            }
            for (base, name, country, agent) in [(5, 4, 5, 6), (15, 7, 8, 9)] {
                let (name, country, agent) = (text(name)?, text(country)?, text(agent)?);
                f[base] = format!("{country}{agent}");
                f[base + 1] = gdelt_field(&name.to_uppercase());
                f[base + 2] = country;
                f[base + 7] = agent;
            }
            let sentence: i64 = r.get(10)?;
            f[25] = if sentence <= 2 { "1" } else { "0" }.into();
            let code = text(11)?;
            f[27] = code.chars().take(3).collect();
            f[28] = code.chars().take(2).collect();
            f[26] = code;
            f[29] = r.get::<_, i64>(12)?.to_string();
            f[30] = format!("{:.1}", r.get::<_, f64>(13)?);
            f[31] = ev.map_or(1, |e| e.evidence.len().max(1)).to_string();
            f[32] = "1".into();
            f[33] = "1".into();
            if let Some(t) = a.and_then(|a| a.tone.as_ref()) {
                f[34] = format!("{:.4}", t.tone);
            }
            f[35] = "0".into();
            f[43] = "0".into();
            let place = text(14)?;
            let place_country = text(15)?;
            let geonameid: Option<i64> = r.get(16)?;
            let lat: Option<f64> = r.get(17)?;
            let lon: Option<f64> = r.get(18)?;
            // GDELT geo types: 1 country, 4 world city/place; 0 none.
            f[51] = if lat.is_some() {
                "4"
            } else if !place_country.is_empty() {
                "1"
            } else {
                "0"
            }
            .into();
            f[52] = gdelt_field(&place);
            f[53] = place_country;
            f[56] = lat.map(|x| format!("{x:.4}")).unwrap_or_default();
            f[57] = lon.map(|x| format!("{x:.4}")).unwrap_or_default();
            f[58] = geonameid.map(|g| g.to_string()).unwrap_or_default();
            f[59] = text(19)?
                .chars()
                .filter(char::is_ascii_digit)
                .take(14)
                .collect();
            f[60] = gdelt_field(&text(20)?);
            w.write_all(f.join("\t").as_bytes())
                .and_then(|_| w.write_all(b"\n"))
                .map_err(|e| io_err(path, e))?;
            n += 1;
        }
        w.flush().map_err(|e| io_err(path, e))?;
        w.get_ref().sync_all().map_err(|e| io_err(path, e))?;
        drop(w);
        staged.commit()?;
        Ok(Exported {
            path: path.to_path_buf(),
            rows: n,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::rich_analysis;
    use crate::Prepared;

    fn store() -> Store {
        let mut s = Store::open_in_memory().unwrap();
        let mut a = rich_analysis("a1", "2025-07-10");
        a.extra
            .insert("label".into(), serde_json::Value::String("Inland".into()));
        // The place resolves an entity of its own.
        let mut place = a.entities[0].clone();
        place.id = "e9".into();
        place.kind = depesche::schema::EntityType::LOC;
        place.name = "Kuala Lumpur".into();
        place.roles.clear();
        a.entities.push(place);
        a.places[0].entity = Some("e9".into());
        let mut b = rich_analysis("b,\"1\"", "2025-07-11");
        b.text.push_str("\nNoch ein Satz.");
        s.insert_batch(&[Prepared::new(a, None), Prepared::new(b, None)])
            .unwrap();
        s
    }

    #[test]
    fn csv_and_jsonl_have_one_row_per_stored_row() {
        let s = store();
        let dir = tempfile::tempdir().unwrap();
        let files = s.export(ExportFormat::Csv, dir.path()).unwrap();
        assert_eq!(files.len(), tables(&[]).len());
        let counts = s.counts().unwrap();
        for f in &files {
            let name = f.path.file_stem().unwrap().to_str().unwrap();
            let expect = match name {
                "articles" => counts.articles,
                "blocks" => counts.blocks,
                "entities" => counts.entities,
                "mentions" => counts.mentions,
                "quotes" => counts.quotes,
                "times" => counts.times,
                "places" => counts.places,
                "events" => counts.events,
                "derived" => 2 * rich_analysis("a1", "2025-07-10").derived.len() as i64,
                other => panic!("unexpected table {other}"),
            };
            assert_eq!(f.rows as i64, expect, "{name}");
        }
        let articles = std::fs::read_to_string(dir.path().join("articles.csv")).unwrap();
        assert!(articles.contains("\"b,\"\"1\"\"\""), "{articles}");
        // The input field is a column of its own; the text is exported.
        let header = articles.lines().next().unwrap();
        assert!(header.ends_with(",extra_label"), "{header}");
        assert!(header.contains(",text,"), "{header}");
        assert!(articles.contains(",Inland\n"), "{articles}");
        let j = s.export(ExportFormat::Jsonl, dir.path()).unwrap();
        let text = std::fs::read_to_string(&j[0].path).unwrap();
        let back: Vec<depesche::Analysis> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].id, "a1");
        assert_eq!(back[0].extra["label"], "Inland");
    }

    #[test]
    fn entity_keys_join_across_tables() {
        let s = store();
        let dir = tempfile::tempdir().unwrap();
        s.export(ExportFormat::Csv, dir.path()).unwrap();
        let read = |t: &str| std::fs::read_to_string(dir.path().join(format!("{t}.csv"))).unwrap();
        let col = |csv: &str, name: &str| -> Vec<String> {
            let mut lines = csv.lines();
            let i = lines
                .next()
                .unwrap()
                .split(',')
                .position(|c| c == name)
                .unwrap();
            lines
                .map(|l| l.split(',').nth(i).unwrap_or("").to_string())
                .collect()
        };
        let entity_keys = col(&read("entities"), "entity_key");
        assert!(
            // The key is the corpus-wide identity key (a transliteration
            // skeleton for people), opaque but stable.
            entity_keys
                .iter()
                .any(|k| k.starts_with("PER:") && k.ends_with("rubio")),
            "{entity_keys:?}"
        );
        for k in col(&read("mentions"), "entity_key") {
            assert!(entity_keys.contains(&k), "{k}");
        }
        let place_keys: Vec<String> = col(&read("places"), "entity_key")
            .into_iter()
            .filter(|k| !k.is_empty())
            .collect();
        assert!(!place_keys.is_empty());
        for k in &place_keys {
            assert!(entity_keys.contains(k), "{k}");
        }
        let speakers = col(&read("quotes"), "speaker_key");
        assert!(
            speakers.iter().all(|k| entity_keys.contains(k)),
            "{speakers:?}"
        );
        let roles = col(&read("entities"), "roles");
        assert!(roles.iter().any(|r| r.starts_with("\"[")), "{roles:?}");
    }

    #[test]
    fn partitions_by_date_in_hive_folders() {
        let s = store();
        let dir = tempfile::tempdir().unwrap();
        let files = s
            .export_to(ExportFormat::Csv, dir.path(), false, Partition::Date)
            .unwrap();
        let a = dir.path().join("articles/date=2025-07-10/articles.csv");
        assert!(a.is_file(), "{files:?}");
        assert!(dir
            .path()
            .join("events/date=2025-07-11/events.csv")
            .is_file());
        let rows: u64 = files
            .iter()
            .filter(|f| f.path.ends_with("articles.csv"))
            .map(|f| f.rows)
            .sum();
        assert_eq!(rows, 2);
        // A second export without overwrite is refused.
        assert!(s
            .export_to(ExportFormat::Csv, dir.path(), false, Partition::Date)
            .is_err());
    }

    #[test]
    fn gdelt_rows_have_61_fields() {
        let s = store();
        let dir = tempfile::tempdir().unwrap();
        let f = s.export(ExportFormat::Gdelt, dir.path()).unwrap();
        assert_eq!(f.len(), 1);
        let text = std::fs::read_to_string(&f[0].path).unwrap();
        assert_eq!(text.lines().count() as i64, s.counts().unwrap().events);
        for line in text.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), GDELT_COLUMNS.len());
            assert!(
                fields[1].len() == 8 && fields[1].starts_with("2025"),
                "{line}"
            );
            assert!(!fields[26].is_empty(), "event code");
            assert_eq!(fields[28], &fields[26][..2]);
        }
    }

    #[cfg(feature = "parquet")]
    #[test]
    fn parquet_has_typed_columns() {
        use arrow_schema::DataType;
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let s = store();
        let dir = tempfile::tempdir().unwrap();
        let files = s.export(ExportFormat::Parquet, dir.path()).unwrap();
        let articles = files
            .iter()
            .find(|f| f.path.ends_with("articles.parquet"))
            .unwrap();
        assert_eq!(articles.rows, 2);
        let r =
            ParquetRecordBatchReaderBuilder::try_new(File::open(&articles.path).unwrap()).unwrap();
        let schema = r.schema().clone();
        let kind = |name: &str| schema.field_with_name(name).unwrap().data_type().clone();
        assert_eq!(kind("published"), DataType::Date32);
        assert!(matches!(kind("agencies"), DataType::List(_)));
        assert_eq!(kind("extra_label"), DataType::Utf8);
        let batch = r.build().unwrap().next().unwrap().unwrap();
        assert_eq!(batch.num_rows(), 2);
    }
}
