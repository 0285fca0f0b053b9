//! Backups as the command line uses them: the settings from the config,
//! restoring a snapshot (or any interchange file), and what to tell
//! someone whose database is damaged.
//!
//! The snapshots themselves (when they are written, their names, the
//! folder) are the store's: see [`crate::store::backup`].

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::config::Config;
use crate::export::interchange::Parsed;
use crate::store::backup::{self, BackupSettings, DEFAULT_KEPT, Reason, Snapshot, SnapshotError};
use crate::store::{Store, StoreError};

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

/// What `restore` did with the portfolio it replaced.
#[derive(Debug)]
pub enum Kept {
    /// Written to this snapshot first.
    Snapshot(Snapshot),
    /// The database could not be read; its folder was moved here whole.
    MovedAside(PathBuf),
    /// There was nothing to keep (a new or empty database).
    Nothing,
}

#[derive(Debug)]
pub struct Restored {
    /// "4 cohorts, 24 startups, …" of what was restored.
    pub summary: String,
    pub kept: Kept,
}

/// Why a restore did not happen. In every case the database is as it was
/// (a damaged one may have been moved aside: the message says where).
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    /// The file is not a portfolio that could be restored (exit 2).
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The portfolio to be replaced could not be kept (exit 1).
    #[error("{0}; nothing restored")]
    Keep(String),
}

impl RestoreError {
    pub fn exit_code(&self) -> i32 {
        match self {
            RestoreError::Refused(_) => 2,
            RestoreError::Store(e) => e.exit_code(),
            RestoreError::Keep(_) => 1,
        }
    }
}

/// The file `restore NAME` means: a snapshot's name in the backups
/// folder, else a path.
pub fn resolve(db: &Path, name: &Path) -> Result<PathBuf, RestoreError> {
    let in_folder = backup::folder(db).join(name);
    if name.components().count() == 1 && in_folder.is_file() {
        return Ok(in_folder);
    }
    if name.exists() {
        return Ok(name.to_path_buf());
    }
    Err(RestoreError::Refused(format!(
        "no snapshot or file named {}; `{}` lists the snapshots",
        name.display(),
        list_command(db)
    )))
}

/// Replace the portfolio of the database at `db` with the one in `file`,
/// after checking every rule an import checks. What it replaces is kept
/// first: as a snapshot, or — when the database is too damaged to be read
/// — by moving its folder aside, so the restore is also the way back from
/// a damaged database.
pub fn restore(
    db: &Path,
    file: &Path,
    who: &str,
    settings: BackupSettings,
) -> Result<Restored, RestoreError> {
    let portfolio = backup::verify_file(file).map_err(|reason| {
        RestoreError::Refused(format!("{}: {reason}; nothing restored", file.display()))
    })?;
    let summary = portfolio.summary();
    let parsed = Parsed {
        portfolio,
        problems: Vec::new(),
    };

    // Cut short, the next command must not load the sample in its place.
    let what = format!("the restore of {}", file.display());
    crate::store::begin_filling(db, &what)?;
    let (store, mut kept) = match Store::open(db) {
        Ok(store) => (store, Kept::Nothing),
        Err(StoreError::Damaged { .. }) => {
            let aside = move_aside(db)?;
            crate::store::begin_filling(db, &what)?;
            (Store::open(db)?, Kept::MovedAside(aside))
        }
        Err(e) => return Err(e.into()),
    };
    store.enable_backups(settings);
    let store = if store.has_records() {
        match store.snapshot_now(Reason::BeforeRestore) {
            Ok(snapshot) => {
                kept = Kept::Snapshot(snapshot);
                store
            }
            // Records that cannot be read cannot be kept one by one:
            // keep the whole folder instead.
            Err(SnapshotError::Read(StoreError::Damaged { .. })) => {
                drop(store);
                backup::wait_for_pending();
                let aside = move_aside(db)?;
                kept = Kept::MovedAside(aside);
                crate::store::begin_filling(db, &what)?;
                let store = Store::open(db)?;
                store.enable_backups(settings);
                store
            }
            Err(SnapshotError::Read(e)) => return Err(e.into()),
            Err(SnapshotError::Write(e)) => return Err(RestoreError::Keep(e.to_string())),
        }
    } else {
        store
    };
    store
        .import(who, parsed, true)
        .map_err(|e| match (&kept, e) {
            (Kept::MovedAside(aside), e) => RestoreError::Keep(format!(
                "{e} (the damaged database is in {})",
                aside.display()
            )),
            (_, e) => e.into(),
        })?;
    crate::store::end_filling(db);
    Ok(Restored { summary, kept })
}

/// Rename the database folder to `NAME.damaged-2026-11-28T093000Z` beside it.
fn move_aside(db: &Path) -> Result<PathBuf, RestoreError> {
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "portfolio".into());
    let stamp = Utc::now().format("%Y-%m-%dT%H%M%SZ");
    let parent = db.parent().unwrap_or(Path::new("."));
    let mut aside = parent.join(format!("{name}.damaged-{stamp}"));
    let mut n = 1;
    while aside.exists() {
        n += 1;
        aside = parent.join(format!("{name}.damaged-{stamp}-{n}"));
    }
    fs::rename(db, &aside).map_err(|e| {
        RestoreError::Keep(format!(
            "the damaged database {} could not be moved aside: {e}",
            db.display()
        ))
    })?;
    Ok(aside)
}

/// A path as typed into a shell: quoted when it needs to be.
pub fn shell_quote(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@,%=".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// `incubator --db PATH restore NAME`.
pub fn restore_command(db: &Path, name: &str) -> String {
    format!("incubator --db {} restore {name}", shell_quote(db))
}

/// `incubator --db PATH restore`.
pub fn list_command(db: &Path) -> String {
    format!("incubator --db {} restore", shell_quote(db))
}

/// What to run next when the database at `db` is damaged: the command that
/// restores the latest good snapshot, by name, or where to turn when there
/// is none. One line.
pub fn advice(db: &Path) -> String {
    if let Some((snapshot, summary)) = backup::latest_good(db) {
        return format!(
            "`{}` brings back the latest good snapshot ({}: {summary}) and keeps the damaged database aside",
            restore_command(db, &snapshot.name),
            snapshot.when()
        );
    }
    let folder = backup::folder(db);
    match backup::list(db) {
        Ok(list) if !list.is_empty() => format!(
            "no snapshot in {} can be read; load your last export with `incubator --db {} restore FILE`",
            folder.display(),
            shell_quote(db)
        ),
        _ => format!(
            "there is no snapshot in {}; load your last export with `incubator --db {} restore FILE`",
            folder.display(),
            shell_quote(db)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_a_shell_when_needed() {
        assert_eq!(shell_quote(Path::new("/data/portfolio")), "/data/portfolio");
        assert_eq!(
            shell_quote(Path::new("/My Data/it's")),
            r"'/My Data/it'\''s'"
        );
    }
}
