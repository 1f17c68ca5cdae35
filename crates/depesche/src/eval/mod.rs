//! Evaluation helpers shared by the `depesche eval …` commands: loading
//! annotated data and scoring a layer against it.

pub mod quotes;
