//! The Parquet export read back with the parquet/arrow reader: every table
//! has the store's row count and the expected columns.
#![cfg(feature = "parquet")]

use depesche_store::export::{tables, ExportFormat};
use depesche_store::testutil::rich_analysis;
use depesche_store::{Prepared, Store};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

#[test]
fn parquet_export_reads_back_with_store_row_counts() {
    let mut store = Store::open_in_memory().unwrap();
    let batch: Vec<Prepared> = (0..25)
        .map(|i| {
            let mut a = rich_analysis(&format!("a{i}"), &format!("2025-07-{:02}", 1 + i % 28));
            // Distinct texts (the content hash makes equal ones one article).
            a.text.push_str(&format!("\nMeldung {i}."));
            a.derived.push(depesche::schema::Derived {
                start: 0,
                end: 4,
                text: "russ".into(),
                country: Some("RU".into()),
                region: None,
                countries: vec!["RU".into()],
            });
            if i % 5 == 0 {
                a.entities.truncate(1);
                a.quotes.clear();
            }
            Prepared::new(a, None)
        })
        .collect();
    store.insert_batch(&batch).unwrap();
    store.recluster(&Default::default()).unwrap();
    let counts = store.counts().unwrap();
    let expected = |table: &str| match table {
        "articles" => counts.articles,
        "blocks" => counts.blocks,
        "derived" => batch.iter().map(|p| p.analysis.derived.len() as i64).sum(),
        "entities" => counts.entities,
        "mentions" => counts.mentions,
        "quotes" => counts.quotes,
        "times" => counts.times,
        "places" => counts.places,
        "events" => counts.events,
        other => panic!("unknown table {other}"),
    };
    let dir = tempfile::tempdir().unwrap();
    let files = store.export(ExportFormat::Parquet, dir.path()).unwrap();
    let specs = tables(&store.extra_keys().unwrap());
    assert_eq!(files.len(), specs.len());
    for spec in &specs {
        let path = dir.path().join(format!("{}.parquet", spec.name));
        let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap())
            .unwrap()
            .build()
            .unwrap();
        let mut rows = 0i64;
        for batch in reader {
            let batch = batch.unwrap();
            let schema = batch.schema();
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            let want: Vec<&str> = spec.columns.iter().map(|c| c.0.as_str()).collect();
            assert_eq!(names, want, "{}", spec.name);
            rows += batch.num_rows() as i64;
        }
        assert_eq!(rows, expected(spec.name), "{}", spec.name);
        assert!(rows > 0, "{} has rows to compare", spec.name);
    }
}

#[test]
fn parquet_export_of_an_empty_store_has_empty_tables() {
    let store = Store::open_in_memory().unwrap();
    let dir = tempfile::tempdir().unwrap();
    store.export(ExportFormat::Parquet, dir.path()).unwrap();
    let f = std::fs::File::open(dir.path().join("articles.parquet")).unwrap();
    let b = ParquetRecordBatchReaderBuilder::try_new(f).unwrap();
    assert_eq!(b.metadata().file_metadata().num_rows(), 0);
}
