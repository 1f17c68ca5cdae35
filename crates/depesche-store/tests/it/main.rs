//! The store's integration tests, one module per subject, linked as one test
//! binary.

mod fixtures_with_entities;
mod parquet_roundtrip;
