//! The command-line tool's integration tests (through the real binary), one
//! module per subject, linked as one test binary.

mod bad_input;
mod eval_ner;
mod eval_sentences_cli;
mod geo;
mod stages_cli;
mod store_cli;
mod time_cli;
