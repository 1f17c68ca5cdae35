//! Evaluation against annotated data: library code behind `depesche eval …`.

pub mod sentences;
