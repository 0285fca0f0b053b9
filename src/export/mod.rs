//! Getting the portfolio out: the interchange format, cohort summaries.

mod fields;
pub mod interchange;

pub use fields::{parse_date, parse_time};
