//! Backups: rotating snapshots of the whole portfolio beside the
//! database, so a damaged disk or a bad import can be undone with
//! `incubator restore`; restoring one (or any interchange file); and what
//! to tell someone whose database is damaged.
//!
//! - `snapshot.rs`: the files: names, listing, writing one whole, pruning;
//! - `auto.rs`: when they are written, kept per database;
//! - `restore.rs`: replacing the portfolio with one, keeping what it
//!   replaces;
//! - `advice.rs`: the commands to run next, as typed into a shell.
//!
//! The store knows nothing of them: they hear of its writes through
//! [`crate::store::AfterWrite`] and read it between writes.

mod advice;
mod auto;
mod restore;
mod snapshot;

pub use advice::{advice, list_command, restore_command, shell_quote};
pub use auto::{
    SnapshotError, enable, keep_before_replace, snapshot_at_shutdown, snapshot_now,
    wait_for_pending,
};
pub use restore::{Kept, RestoreError, Restored, replace, replace_with, resolve, restore};
pub use snapshot::{
    BackupError, DEFAULT_KEPT, Reason, Snapshot, folder, latest_good, list, prune, verify_file,
};

use crate::config::Config;

/// How automatic snapshots behave for one store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupSettings {
    /// Snapshots kept; 0 turns automatic snapshots off.
    pub kept: usize,
    /// Remove the oldest beyond `kept`. Off when the config that says how
    /// many to keep could not be read: better too many than too few.
    pub prune: bool,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings {
            kept: DEFAULT_KEPT,
            prune: true,
        }
    }
}

/// The backup settings from the config file: `backups_kept`, 14 if not
/// given. A config that cannot be read keeps the default but never
/// removes a snapshot (it might have said to keep more).
pub fn settings() -> BackupSettings {
    match Config::load() {
        Ok(config) => BackupSettings {
            kept: config.backups_kept.unwrap_or(DEFAULT_KEPT),
            prune: true,
        },
        Err(_) => BackupSettings {
            kept: DEFAULT_KEPT,
            prune: false,
        },
    }
}
