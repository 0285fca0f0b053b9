//! Doing what a session asks of its front end: the I/O it does not do.

use crate::app::{Effect, Outcome, State};
use crate::export::summary::render_summary;
use crate::export::{WriteError, write_atomically};

/// Carry out `effect` for `state`'s session and say how it went.
pub fn perform(state: &State, effect: Effect) -> Outcome {
    match effect {
        Effect::ExportCohort {
            cohort,
            format,
            excel,
            path,
            replace,
        } => {
            let bytes =
                match render_summary(&state.data.portfolio, &cohort, state.today, format, excel) {
                    Ok(bytes) => bytes,
                    Err(e) => return Outcome::Failed(e.to_string()),
                };
            // The full path, so the user knows where to find it.
            let path = std::path::absolute(&path).unwrap_or(path);
            match write_atomically(&path, &bytes, replace) {
                Ok(()) => Outcome::Exported(path),
                Err(WriteError::Exists(path)) => Outcome::ExportExists(path),
                Err(e) => Outcome::Failed(e.to_string()),
            }
        }
    }
}
