//! Articles from Parquet files, as Spark, pandas or DuckDB write them: one
//! row per article with a `text` column and optionally `id`, `title`, `url`,
//! `source`, `published` (a date, a timestamp or `YYYY-MM-DD…` text) and
//! `lang`; every other column is kept as an input field (`extra`), as for
//! JSONL. A Spark output folder (`part-*.parquet`, `_SUCCESS`, `.crc`
//! files) is read by walking it for `*.parquet`.

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use chrono::NaiveDate;
use depesche::input::{Document, ReadError, ReadOptions};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;

/// Whether `path` names a Parquet file.
pub fn is_parquet(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

/// The Parquet files under `dir` (recursively, sorted; hidden and `_`
/// files skipped, as Spark and Hive do).
pub fn parquet_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.starts_with('_') {
                continue;
            }
            let Ok(t) = e.file_type() else { continue };
            let p = e.path();
            if t.is_dir() {
                stack.push(p);
            } else if t.is_file() && is_parquet(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A cell as JSON (for `extra`) — scalars as they are, other types as text.
fn cell_json(col: &dyn Array, i: usize) -> Value {
    if col.is_null(i) {
        return Value::Null;
    }
    macro_rules! num {
        ($t:ty) => {
            Value::from(col.as_primitive::<$t>().value(i))
        };
    }
    match col.data_type() {
        DataType::Utf8 => Value::from(col.as_string::<i32>().value(i)),
        DataType::LargeUtf8 => Value::from(col.as_string::<i64>().value(i)),
        DataType::Utf8View => Value::from(col.as_string_view().value(i)),
        DataType::Boolean => Value::from(col.as_boolean().value(i)),
        DataType::Int8 => num!(Int8Type),
        DataType::Int16 => num!(Int16Type),
        DataType::Int32 => num!(Int32Type),
        DataType::Int64 => num!(Int64Type),
        DataType::UInt8 => num!(UInt8Type),
        DataType::UInt16 => num!(UInt16Type),
        DataType::UInt32 => num!(UInt32Type),
        DataType::UInt64 => num!(UInt64Type),
        DataType::Float32 => num!(Float32Type),
        DataType::Float64 => num!(Float64Type),
        _ => date_of(col, i)
            .map(|d| Value::from(d.to_string()))
            .unwrap_or(Value::Null),
    }
}

/// A date from a date, timestamp or text cell.
fn date_of(col: &dyn Array, i: usize) -> Option<NaiveDate> {
    if col.is_null(i) {
        return None;
    }
    let from_secs = |s: i64| chrono::DateTime::from_timestamp(s, 0).map(|t| t.date_naive());
    match col.data_type() {
        DataType::Date32 => col.as_primitive::<Date32Type>().value_as_date(i),
        DataType::Date64 => col.as_primitive::<Date64Type>().value_as_date(i),
        DataType::Timestamp(unit, _) => match unit {
            TimeUnit::Second => from_secs(col.as_primitive::<TimestampSecondType>().value(i)),
            TimeUnit::Millisecond => from_secs(
                col.as_primitive::<TimestampMillisecondType>()
                    .value(i)
                    .div_euclid(1_000),
            ),
            TimeUnit::Microsecond => from_secs(
                col.as_primitive::<TimestampMicrosecondType>()
                    .value(i)
                    .div_euclid(1_000_000),
            ),
            TimeUnit::Nanosecond => from_secs(
                col.as_primitive::<TimestampNanosecondType>()
                    .value(i)
                    .div_euclid(1_000_000_000),
            ),
        },
        _ => match cell_json(col, i) {
            Value::String(s) => s
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            _ => None,
        },
    }
}

fn text_of(col: &dyn Array, i: usize) -> Option<String> {
    match cell_json(col, i) {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// The articles of one batch (rows `first_row…` of the file).
fn batch_docs(
    origin: &str,
    batch: &RecordBatch,
    first_row: usize,
    opts: &ReadOptions,
) -> Vec<Result<Document, ReadError>> {
    let schema = batch.schema();
    let col = |name: &str| {
        schema
            .fields()
            .iter()
            .position(|f| f.name().eq_ignore_ascii_case(name))
            .map(|i| batch.column(i).as_ref())
    };
    let known = ["id", "text", "title", "url", "source", "published", "lang"];
    let Some(text_col) = col("text") else {
        return vec![Err(ReadError::new(origin, "no `text` column"))];
    };
    (0..batch.num_rows())
        .map(|i| {
            let row = first_row + i;
            let id = col("id")
                .and_then(|c| text_of(c, i))
                .unwrap_or_else(|| format!("{origin}#{}", row + 1));
            let Some(text) = text_of(text_col, i).filter(|t| !t.trim().is_empty()) else {
                return Err(ReadError::new(
                    format!("{origin}#{}", row + 1),
                    "empty text",
                ));
            };
            if text.len() > opts.max_bytes {
                return Err(ReadError::new(
                    format!("{origin}#{}", row + 1),
                    format!("the text is over --max-bytes ({} bytes)", opts.max_bytes),
                ));
            }
            let mut d = Document::from_text(id, &text);
            d.info.format = "parquet".into();
            d.title = col("title").and_then(|c| text_of(c, i));
            d.url = col("url").and_then(|c| text_of(c, i));
            d.source = col("source").and_then(|c| text_of(c, i));
            d.lang = col("lang").and_then(|c| text_of(c, i));
            d.published = col("published").and_then(|c| date_of(c, i));
            for (f, c) in schema.fields().iter().zip(batch.columns()) {
                if known.iter().any(|k| f.name().eq_ignore_ascii_case(k)) {
                    continue;
                }
                let v = cell_json(c.as_ref(), i);
                if !v.is_null() {
                    d.extra.insert(f.name().clone(), v);
                }
            }
            Ok(d)
        })
        .collect()
}

/// The articles of one Parquet file, read a record batch at a time.
pub fn read_parquet(
    path: &Path,
    opts: &ReadOptions,
) -> Box<dyn Iterator<Item = Result<Document, ReadError>> + Send> {
    let origin = path.display().to_string();
    let fail = |e: &dyn std::fmt::Display| -> Box<dyn Iterator<Item = _> + Send> {
        Box::new(std::iter::once(Err(ReadError::new(origin.clone(), e))))
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    let reader = match ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.with_batch_size(256).build())
    {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let opts = opts.clone();
    let mut row = 0usize;
    Box::new(reader.flat_map(move |batch| match batch {
        Ok(b) => {
            let docs = batch_docs(&origin, &b, row, &opts);
            row += b.num_rows();
            docs
        }
        Err(e) => vec![Err(ReadError::new(origin.clone(), e))],
    }))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Date32Array, Int64Array, StringArray};
    use arrow_schema::{Field, Schema};
    use parquet::arrow::ArrowWriter;

    use super::*;

    /// A Spark-like output folder: two part files, `_SUCCESS`, a `.crc` file.
    fn spark_folder(dir: &Path) {
        let out = dir.join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("_SUCCESS"), "").unwrap();
        std::fs::write(out.join(".part-0.parquet.crc"), "x").unwrap();
        for part in 0..2i64 {
            let schema = Arc::new(Schema::new(vec![
                Field::new("id", DataType::Utf8, true),
                Field::new("text", DataType::Utf8, true),
                Field::new("published", DataType::Date32, true),
                Field::new("lang", DataType::Utf8, true),
                Field::new("label", DataType::Utf8, true),
                Field::new("rank", DataType::Int64, true),
            ]));
            let ids: Vec<String> = (0..3).map(|i| format!("p{part}-{i}")).collect();
            let texts: Vec<Option<String>> = (0..3)
                .map(|i| {
                    (i != 2 || part == 0).then(|| {
                        format!("Der Gemeinderat von Ort{part}{i} beschloss den Bau einer Schule.")
                    })
                })
                .collect();
            let cols: Vec<ArrayRef> = vec![
                Arc::new(StringArray::from(ids)),
                Arc::new(StringArray::from(texts)),
                Arc::new(Date32Array::from(vec![Some(20_000), None, Some(20_001)])),
                Arc::new(StringArray::from(vec![Some("de"); 3])),
                Arc::new(StringArray::from(vec![Some("Inland"), None, Some("Web")])),
                Arc::new(Int64Array::from(vec![1, 2, 3])),
            ];
            let batch = RecordBatch::try_new(schema.clone(), cols).unwrap();
            let f = File::create(out.join(format!("part-{part}.parquet"))).unwrap();
            let mut w = ArrowWriter::try_new(f, schema, None).unwrap();
            w.write(&batch).unwrap();
            w.close().unwrap();
        }
    }

    #[test]
    fn reads_a_spark_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        spark_folder(dir.path());
        let files = parquet_files(&dir.path().join("out"));
        assert_eq!(files.len(), 2, "{files:?}");
        let docs: Vec<_> = files
            .iter()
            .flat_map(|f| read_parquet(f, &ReadOptions::default()))
            .collect();
        assert_eq!(docs.len(), 6);
        // One row has no text: an error for that row alone.
        assert_eq!(docs.iter().filter(|d| d.is_err()).count(), 1);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.id, "p0-0");
        assert_eq!(d.lang.as_deref(), Some("de"));
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2024, 10, 4));
        assert_eq!(d.extra["label"], "Inland");
        assert_eq!(d.extra["rank"], 1);
        assert!(docs[1].as_ref().unwrap().published.is_none());
        assert!(!docs[1].as_ref().unwrap().extra.contains_key("label"));
    }

    #[test]
    fn ingest_takes_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        spark_folder(dir.path());
        let db = dir.path().join("c.db");
        let r = crate::ingest::ingest_paths(
            &db,
            &[dir.path().join("out")],
            &depesche::Pipeline::default(),
            &crate::ingest::IngestOptions::default(),
            &crate::ingest::Quiet,
        )
        .unwrap();
        assert_eq!((r.added, r.failed), (5, 1));
        let s = crate::Store::open(&db).unwrap();
        assert_eq!(s.extra_keys().unwrap(), vec!["label", "rank"]);
    }

    #[test]
    fn a_broken_file_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.parquet");
        std::fs::write(&p, b"PAR1 not really").unwrap();
        let docs: Vec<_> = read_parquet(&p, &ReadOptions::default()).collect();
        assert_eq!(docs.len(), 1);
        assert!(docs[0].is_err());
    }
}
