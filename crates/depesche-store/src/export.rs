//! Exports for the tools users already have: JSONL of `Analysis` objects;
//! CSV and Parquet tables (articles, entities, mentions, quotes, times,
//! places, events) for Spark, DuckDB, pandas.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rusqlite::types::ValueRef;

use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    #[cfg(feature = "parquet")]
    Parquet,
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" => Ok(ExportFormat::Jsonl),
            "csv" => Ok(ExportFormat::Csv),
            #[cfg(feature = "parquet")]
            "parquet" => Ok(ExportFormat::Parquet),
            #[cfg(not(feature = "parquet"))]
            "parquet" => Err("this build has no Parquet support (feature `parquet`)".into()),
            other => Err(format!(
                "unknown format {other:?}; expected jsonl, csv or parquet"
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Int,
    Real,
    Text,
}

/// One exported table: its columns and their types.
pub struct TableSpec {
    pub name: &'static str,
    pub columns: &'static [(&'static str, ColumnKind)],
    pub order_by: &'static str,
}

use ColumnKind::{Int, Real, Text};

/// The exported tables (store tables minus internal columns such as the
/// MinHash signature, the stored Analysis JSON and folded keys).
pub const TABLES: &[TableSpec] = &[
    TableSpec {
        name: "articles",
        columns: &[
            ("pk", Int),
            ("id", Text),
            ("content_hash", Text),
            ("url", Text),
            ("source", Text),
            ("published", Text),
            ("lang", Text),
            ("title", Text),
            ("teaser", Text),
            ("n_chars", Int),
            ("n_sentences", Int),
            ("n_tokens", Int),
            ("duplicate_of", Int),
            ("story_id", Int),
            ("ingested_at", Text),
        ],
        order_by: "pk",
    },
    TableSpec {
        name: "entities",
        columns: &[
            ("pk", Int),
            ("article", Int),
            ("eid", Text),
            ("type", Text),
            ("name", Text),
            ("name_key", Text),
            ("roles", Text),
            ("place", Int),
            ("mentions", Int),
        ],
        order_by: "pk",
    },
    TableSpec {
        name: "mentions",
        columns: &[
            ("article", Int),
            ("entity", Int),
            ("start", Int),
            ("end", Int),
            ("text", Text),
        ],
        order_by: "article, entity, start",
    },
    TableSpec {
        name: "quotes",
        columns: &[
            ("article", Int),
            ("idx", Int),
            ("kind", Text),
            ("start", Int),
            ("end", Int),
            ("text", Text),
            ("speaker", Text),
            ("speaker_name", Text),
            ("cue", Text),
        ],
        order_by: "article, idx",
    },
    TableSpec {
        name: "times",
        columns: &[
            ("article", Int),
            ("idx", Int),
            ("start", Int),
            ("end", Int),
            ("text", Text),
            ("type", Text),
            ("value", Text),
            ("mod", Text),
        ],
        order_by: "article, idx",
    },
    TableSpec {
        name: "places",
        columns: &[
            ("article", Int),
            ("idx", Int),
            ("entity", Text),
            ("name", Text),
            ("geonameid", Int),
            ("country", Text),
            ("lat", Real),
            ("lon", Real),
            ("kind", Text),
        ],
        order_by: "article, idx",
    },
    TableSpec {
        name: "events",
        columns: &[
            ("article", Int),
            ("idx", Int),
            ("code", Text),
            ("plover", Text),
            ("source", Text),
            ("source_name", Text),
            ("target", Text),
            ("target_name", Text),
            ("place", Text),
            ("time", Text),
            ("sentence", Int),
            ("confidence", Real),
        ],
        order_by: "article, idx",
    },
];

/// A file written and the rows in it.
#[derive(Debug, Clone)]
pub struct Exported {
    pub path: PathBuf,
    pub rows: u64,
}

fn select_sql(t: &TableSpec) -> String {
    let cols: Vec<String> = t.columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
    format!(
        "SELECT {} FROM {} ORDER BY {}",
        cols.join(", "),
        t.name,
        t.order_by
    )
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

/// The file names an export in `format` writes.
fn export_names(format: ExportFormat) -> Vec<String> {
    match format {
        ExportFormat::Jsonl => vec!["articles.jsonl".to_string()],
        ExportFormat::Csv => TABLES.iter().map(|t| format!("{}.csv", t.name)).collect(),
        #[cfg(feature = "parquet")]
        ExportFormat::Parquet => TABLES
            .iter()
            .map(|t| format!("{}.parquet", t.name))
            .collect(),
    }
}

impl Store {
    /// Export the corpus into `dir` (created if missing), replacing files there.
    pub fn export(&self, format: ExportFormat, dir: &Path) -> Result<Vec<Exported>> {
        self.export_to(format, dir, true)
    }

    /// Export the corpus into `dir` (created if missing). Without `overwrite`,
    /// nothing is written when any of the files exists already.
    pub fn export_to(
        &self,
        format: ExportFormat,
        dir: &Path,
        overwrite: bool,
    ) -> Result<Vec<Exported>> {
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        if !overwrite {
            let existing: Vec<String> = export_names(format)
                .into_iter()
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
        match format {
            ExportFormat::Jsonl => Ok(vec![self.export_jsonl(&dir.join("articles.jsonl"))?]),
            ExportFormat::Csv => TABLES
                .iter()
                .map(|t| self.export_csv(t, &dir.join(format!("{}.csv", t.name))))
                .collect(),
            #[cfg(feature = "parquet")]
            ExportFormat::Parquet => TABLES
                .iter()
                .map(|t| self.export_parquet(t, &dir.join(format!("{}.parquet", t.name))))
                .collect(),
        }
    }

    /// One `Analysis` object per line, in ingest order.
    pub fn export_jsonl(&self, path: &Path) -> Result<Exported> {
        let (staged, f) = Staged::create(path)?;
        let mut w = BufWriter::new(f);
        let mut st = self
            .conn
            .prepare("SELECT analysis FROM articles ORDER BY pk")?;
        let mut rows = st.query([])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            let json: String = r.get(0)?;
            w.write_all(json.as_bytes()).map_err(|e| io_err(path, e))?;
            w.write_all(b"\n").map_err(|e| io_err(path, e))?;
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

    /// RFC 4180 CSV with a header row; NULL is an empty field.
    pub fn export_csv(&self, t: &TableSpec, path: &Path) -> Result<Exported> {
        let (staged, f) = Staged::create(path)?;
        let mut w = BufWriter::new(f);
        let header: Vec<&str> = t.columns.iter().map(|c| c.0).collect();
        writeln!(w, "{}", header.join(",")).map_err(|e| io_err(path, e))?;
        let mut st = self.conn.prepare(&select_sql(t))?;
        let mut rows = st.query([])?;
        let mut n = 0;
        let mut line = String::new();
        while let Some(r) = rows.next()? {
            line.clear();
            for i in 0..t.columns.len() {
                if i > 0 {
                    line.push(',');
                }
                match r.get_ref(i)? {
                    ValueRef::Null => {}
                    ValueRef::Integer(v) => line.push_str(&v.to_string()),
                    ValueRef::Real(v) => line.push_str(&v.to_string()),
                    ValueRef::Text(b) | ValueRef::Blob(b) => {
                        csv_field(&mut line, &String::from_utf8_lossy(b))
                    }
                }
            }
            line.push('\n');
            w.write_all(line.as_bytes()).map_err(|e| io_err(path, e))?;
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

    #[cfg(feature = "parquet")]
    pub fn export_parquet(&self, t: &TableSpec, path: &Path) -> Result<Exported> {
        parquet_out::write(self, t, path)
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

    use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;
    use rusqlite::types::ValueRef;

    use super::*;

    const BATCH_ROWS: usize = 8192;

    enum Col {
        Int(Int64Builder),
        Real(Float64Builder),
        Text(StringBuilder),
    }

    pub fn write(store: &Store, t: &TableSpec, path: &Path) -> Result<Exported> {
        let schema = Arc::new(Schema::new(
            t.columns
                .iter()
                .map(|(name, kind)| {
                    let dt = match kind {
                        ColumnKind::Int => DataType::Int64,
                        ColumnKind::Real => DataType::Float64,
                        ColumnKind::Text => DataType::Utf8,
                    };
                    Field::new(*name, dt, true)
                })
                .collect::<Vec<_>>(),
        ));
        let (staged, file) = Staged::create(path)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let mut writer =
            ArrowWriter::try_new(file, schema.clone(), Some(props)).map_err(|e| io_err(path, e))?;
        let new_cols = || -> Vec<Col> {
            t.columns
                .iter()
                .map(|(_, k)| match k {
                    ColumnKind::Int => Col::Int(Int64Builder::new()),
                    ColumnKind::Real => Col::Real(Float64Builder::new()),
                    ColumnKind::Text => Col::Text(StringBuilder::new()),
                })
                .collect()
        };
        let mut cols = new_cols();
        let mut pending = 0usize;
        let mut total = 0u64;
        let flush = |cols: &mut Vec<Col>, writer: &mut ArrowWriter<File>| -> Result<()> {
            let arrays: Vec<ArrayRef> = cols
                .iter_mut()
                .map(|c| -> ArrayRef {
                    match c {
                        Col::Int(b) => Arc::new(b.finish()),
                        Col::Real(b) => Arc::new(b.finish()),
                        Col::Text(b) => Arc::new(b.finish()),
                    }
                })
                .collect();
            let batch =
                RecordBatch::try_new(schema.clone(), arrays).map_err(|e| io_err(path, e))?;
            writer.write(&batch).map_err(|e| io_err(path, e))
        };
        let mut st = store.conn.prepare(&select_sql(t))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            for (i, c) in cols.iter_mut().enumerate() {
                let v = r.get_ref(i)?;
                match c {
                    Col::Int(b) => b.append_option(match v {
                        ValueRef::Integer(x) => Some(x),
                        ValueRef::Real(x) => Some(x as i64),
                        _ => None,
                    }),
                    Col::Real(b) => b.append_option(match v {
                        ValueRef::Integer(x) => Some(x as f64),
                        ValueRef::Real(x) => Some(x),
                        _ => None,
                    }),
                    Col::Text(b) => match v {
                        ValueRef::Text(s) | ValueRef::Blob(s) => {
                            b.append_value(String::from_utf8_lossy(s))
                        }
                        ValueRef::Integer(x) => b.append_value(x.to_string()),
                        ValueRef::Real(x) => b.append_value(x.to_string()),
                        ValueRef::Null => b.append_null(),
                    },
                }
            }
            pending += 1;
            total += 1;
            if pending == BATCH_ROWS {
                flush(&mut cols, &mut writer)?;
                pending = 0;
            }
        }
        if pending > 0 || total == 0 {
            flush(&mut cols, &mut writer)?;
        }
        let file = writer.into_inner().map_err(|e| io_err(path, e))?;
        file.sync_all().map_err(|e| io_err(path, e))?;
        drop(file);
        staged.commit()?;
        Ok(Exported {
            path: path.to_path_buf(),
            rows: total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::rich_analysis;
    use crate::Prepared;

    #[test]
    fn csv_and_jsonl_have_one_row_per_stored_row() {
        let mut s = Store::open_in_memory().unwrap();
        let mut b = rich_analysis("b,\"1\"", "2025-07-11");
        b.text.push_str("\nNoch ein Satz.");
        s.insert_batch(&[
            Prepared::new(rich_analysis("a1", "2025-07-10"), None),
            Prepared::new(b, None),
        ])
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let files = s.export(ExportFormat::Csv, dir.path()).unwrap();
        assert_eq!(files.len(), TABLES.len());
        let counts = s.counts().unwrap();
        for f in &files {
            let name = f.path.file_stem().unwrap().to_str().unwrap();
            let expect = match name {
                "articles" => counts.articles,
                "entities" => counts.entities,
                "mentions" => counts.mentions,
                "quotes" => counts.quotes,
                "times" => counts.times,
                "places" => counts.places,
                "events" => counts.events,
                other => panic!("unexpected table {other}"),
            };
            assert_eq!(f.rows as i64, expect, "{name}");
        }
        let articles = std::fs::read_to_string(dir.path().join("articles.csv")).unwrap();
        assert!(articles.contains("\"b,\"\"1\"\"\""), "{articles}");
        let j = s.export(ExportFormat::Jsonl, dir.path()).unwrap();
        let text = std::fs::read_to_string(&j[0].path).unwrap();
        let back: Vec<depesche::Analysis> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0], rich_analysis("a1", "2025-07-10"));
    }
}
