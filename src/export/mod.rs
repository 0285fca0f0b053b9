//! Getting the portfolio out: the interchange format, cohort summaries.

mod fields;
pub mod file;
pub mod folder;
pub mod interchange;
pub mod reading;
mod stream;
pub mod summary;

pub use fields::{parse_date, parse_time};
pub use file::{WriteError, write_atomically};
