//! Evaluation against annotated data: the same code paths as inference.

pub mod timex;
