//! Backups as the command line uses them: the settings from the config,
//! restoring a snapshot (or any interchange file), and what to tell
//! someone whose database is damaged.
//!
//! The snapshots themselves (when they are written, their names, the
//! folder) are the store's: see [`crate::store::backup`].

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::model::Parsed;
use crate::store::backup::{self, BackupSettings, DEFAULT_KEPT, Reason, Snapshot};
use crate::store::swap::{self, ReplaceError};
use crate::store::{ImportReport, StoreError};

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
    let replaced = swap::replace(db, who, parsed, reason)?;
    backup::prune(db, settings, source);
    Ok((
        replaced.report,
        Kept {
            snapshot: replaced.snapshot,
            aside: replaced.aside,
        },
    ))
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
/// first: as a snapshot, and — when the database is damaged — by keeping
/// its folder aside whole, so the restore is also the way back from a
/// damaged database, whatever state it is in.
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
    let (_, kept) = replace(db, who, parsed, Reason::BeforeRestore, settings, Some(file)).map_err(
        |e| match e {
            ReplaceError::Store(e) => RestoreError::Store(e),
            ReplaceError::Keep(e) => RestoreError::Keep(e),
        },
    )?;
    Ok(Restored { summary, kept })
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
