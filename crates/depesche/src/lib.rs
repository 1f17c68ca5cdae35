//! depesche: turn news articles — German first, English second — into
//! structured knowledge, offline and fast.
//!
//! ```
//! let analysis = depesche::analyze_text(
//!     "Rubio trifft Lawrow\n\nDie Außenminister sprachen am Donnerstag miteinander.",
//!     &depesche::Options::default(),
//! );
//! assert_eq!(analysis.schema, "depesche/1");
//! assert_eq!(analysis.title.as_deref(), Some("Rubio trifft Lawrow"));
//! ```

pub mod agency;
#[cfg(feature = "train")]
pub mod archive;
pub mod coref;
#[cfg(feature = "train")]
pub mod eval;
pub mod events;
pub mod geo;
pub mod hashing;
pub mod input;
pub mod lang;
pub mod langdata;
pub mod ner;
pub mod pipeline;
pub mod quotes;
pub mod schema;
pub mod structure;
pub mod text;
pub mod time;
pub mod tone;
pub mod wordlist;

pub use input::Document;
pub use lang::Lang;
pub use pipeline::{
    analyze_text, clear_thread_caches, Options, Pipeline, StageTimes, MAX_ANALYSED_BYTES,
};
pub use pipeline::{BuildError, Doc, PipelineBuilder, Stage, STAGES};
pub use schema::{Analysis, SCHEMA_VERSION};
