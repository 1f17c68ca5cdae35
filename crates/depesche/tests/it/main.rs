//! The library's integration tests, one module per subject, linked as one
//! test binary (one link instead of one per file keeps `cargo test` quick).

mod eval_sentences_ud;
mod examples_snapshot;
mod html_bad_input;
mod html_cases;
mod ner_entities;
mod quotes;
mod structure_cases;
mod testdata;
mod text_props;
mod tidy;
mod time_reference;
