//! Replacing the portfolio with a snapshot or any interchange file
//! (`restore`, `import --replace`): checked first, what it replaces kept
//! first (see [`crate::store::swap`] for the swap itself).

use std::path::{Path, PathBuf};

use super::BackupSettings;
use super::advice::list_command;
use super::auto::keep_before_replace;
use super::snapshot::{Reason, Snapshot, folder, prune, verify_file};
use crate::model::Parsed;
use crate::store::swap::{self, ReplaceError};
use crate::store::{ImportReport, StoreError};

/// What `restore` or `import --replace` did with the portfolio it
/// replaced.
#[derive(Debug, Default)]
pub struct Kept {
    /// Written to this snapshot first.
    pub snapshot: Option<Snapshot>,
    /// The database was damaged: its folder, moved here whole.
    pub aside: Option<PathBuf>,
}

impl Kept {
    /// "; the portfolio it replaced is kept as NAME; the damaged database
    /// was moved to PATH", or nothing when there was nothing to keep.
    pub fn describe(&self) -> String {
        let mut said = String::new();
        if let Some(snapshot) = &self.snapshot {
            said.push_str(&format!(
                "; the portfolio it replaced is kept as {}",
                snapshot.name
            ));
        }
        if let Some(aside) = &self.aside {
            said.push_str(&format!(
                "; the damaged database was moved to {}",
                aside.display()
            ));
        }
        said
    }
}

#[derive(Debug)]
pub struct Restored {
    /// "4 cohorts, 24 startups, …" of what was restored.
    pub summary: String,
    pub kept: Kept,
}

/// Why a restore did not happen. In every case the database is as it was.
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

/// Replace the whole portfolio of the database at `db` with `parsed`
/// (`restore`, `import --replace`): a fresh database swapped in, the old
/// portfolio kept first (see [`crate::store::swap`]). Only once that has
/// committed are the oldest snapshots pruned, never `source` (the file
/// restored from).
pub fn replace(
    db: &Path,
    who: &str,
    parsed: Parsed,
    reason: Reason,
    settings: BackupSettings,
    source: Option<&Path>,
) -> Result<(ImportReport, Kept), ReplaceError> {
    replace_with(
        db,
        |fresh| fresh.store()?.import(who, parsed, false),
        reason,
        settings,
        source,
    )
}

/// [`replace`], the fresh database filled by `fill` (a streamed import).
pub fn replace_with(
    db: &Path,
    fill: impl FnOnce(&crate::store::swap::Fresh) -> Result<ImportReport, StoreError>,
    reason: Reason,
    settings: BackupSettings,
    source: Option<&Path>,
) -> Result<(ImportReport, Kept), ReplaceError> {
    let replaced = swap::replace_with(db, fill, |old| keep_before_replace(old, reason))?;
    prune(db, settings, source);
    Ok((
        replaced.report,
        Kept {
            snapshot: replaced.kept,
            aside: replaced.aside,
        },
    ))
}

/// The file `restore NAME` means: a snapshot's name in the backups
/// folder, else a path.
pub fn resolve(db: &Path, name: &Path) -> Result<PathBuf, RestoreError> {
    let in_folder = folder(db).join(name);
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
/// after checking every rule `check` checks of a stored portfolio (an
/// import's, but two cohorts of one name, which an older database may
/// hold). What it replaces is kept first: as a snapshot, and — when the
/// database is damaged — by keeping its folder aside whole, so the restore
/// is also the way back from a damaged database, whatever state it is in.
pub fn restore(
    db: &Path,
    file: &Path,
    who: &str,
    settings: BackupSettings,
) -> Result<Restored, RestoreError> {
    let portfolio = verify_file(file).map_err(|reason| {
        RestoreError::Refused(format!("{}: {reason}; nothing restored", file.display()))
    })?;
    let summary = portfolio.summary();
    let parsed = Parsed {
        portfolio,
        problems: Vec::new(),
    };
    // What a database stored comes back as it was stored, even where a
    // rule made since would refuse it as new data.
    let (_, kept) = replace_with(
        db,
        |fresh| fresh.store()?.import_stored(who, parsed),
        Reason::BeforeRestore,
        settings,
        Some(file),
    )
    .map_err(|e| match e {
        ReplaceError::Store(e) => RestoreError::Store(e),
        ReplaceError::Keep(e) => RestoreError::Keep(e),
    })?;
    Ok(Restored { summary, kept })
}
