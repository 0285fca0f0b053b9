//! Getting files out: cohort summaries (Markdown, CSV, JSON), and writing
//! any output file whole. The interchange document is
//! [`crate::interchange`]'s.

pub mod file;
pub mod folder;
pub mod ranking;
pub mod report;
pub mod results;
pub mod summary;
pub mod xlsx;

pub use file::{WriteError, write_atomically};
