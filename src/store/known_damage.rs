//! A database once found damaged takes no more writes until it is
//! restored (or `check` finds it sound again).
//!
//! Why refuse rather than carry on: a restore brings back a snapshot and
//! keeps the damaged folder aside, so anything written to a damaged store
//! after its last snapshot would be acknowledged and then lost by the very
//! step the user is told to take. Carrying such writes forward would mean
//! replaying history from the store whose damage may be in that history;
//! refusing is one check on the write path and says what to do.
//!
//! What was found is kept in a small file of ours beside sled's
//! (`incubator-damaged`), so the next process knows too.

use std::fs;
use std::path::Path;

use super::error::StoreError;
use super::{CheckReport, Store};

const FILE: &str = "incubator-damaged";

/// What made the database at `path` known as damaged, if it is.
pub fn found(path: &Path) -> Option<String> {
    let text = fs::read_to_string(path.join(FILE)).ok()?;
    Some(
        text.lines()
            .next()
            .unwrap_or("damage was found")
            .to_string(),
    )
}

/// Remember that the database at `path` is damaged, and why. Best effort:
/// a folder that cannot be written to takes no writes anyway.
pub(super) fn mark(path: &Path, detail: &str) {
    if path.as_os_str().is_empty() || !path.is_dir() || found(path).is_some() {
        return;
    }
    let line = crate::text::sanitize_line(detail);
    let _ = fs::write(path.join(FILE), format!("{line}\n"));
}

/// Note the damage an error reports, if it is one (the command line calls
/// this for every error it shows, so damage seen on open is kept too).
pub fn note(error: &StoreError) {
    if let StoreError::Damaged { path, detail } = error {
        mark(path, detail);
    }
}

/// The error a write gets on a store known damaged.
pub(super) fn refusal(path: &Path) -> Option<StoreError> {
    found(path).map(|found| StoreError::Damaged {
        path: path.to_path_buf(),
        detail: format!(
            "{found}; nothing more is written to it until it is restored \
             (or `incubator check` finds it sound)"
        ),
    })
}

impl Store {
    /// Keep what `check` found: damage refuses writes from now on; a
    /// sound report lifts an earlier mark.
    pub fn remember_check(&self, report: &CheckReport) {
        match report.problems.first() {
            Some(first) => mark(&self.inner.path, &format!("check found: {}", first.what)),
            None => {
                let _ = fs::remove_file(self.inner.path.join(FILE));
            }
        }
    }
}
