//! What a session asks its front end to do for it, since a session does
//! no I/O of its own, and what comes back.

use std::path::PathBuf;

use crate::export::summary::SummaryFormat;

/// Work for the front end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write cohort `cohort`'s summary as of the session's day to `path`;
    /// an existing file only when `replace`.
    ExportCohort {
        cohort: String,
        format: SummaryFormat,
        excel: bool,
        path: PathBuf,
        replace: bool,
    },
}

/// How an effect went, fed back to the session as an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The file is written, at this full path.
    Exported(PathBuf),
    /// The file is there already and `replace` was not given.
    ExportExists(PathBuf),
    /// It failed; the message says what and where.
    Failed(String),
}
