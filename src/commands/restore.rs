//! `restore [FILE]`: list the snapshots kept beside the database, or put
//! one (or any file `export all` wrote) back.

use std::path::Path;

use crate::backup;
use crate::backup::RestoreError;
use crate::store::login_name;

use super::table::columns;
use super::{Failure, Output};

/// `restore` without a file: the snapshots, newest first, with when they
/// were taken, why, and what they hold.
pub fn list_snapshots(db: &Path, output: &mut Output) -> Result<u8, Failure> {
    // Someone else's folder is not listed as if it were a database.
    crate::store::recognise(db)?;
    let folder = backup::folder(db);
    let snapshots = backup::list(db).map_err(|e| {
        Failure::new(
            1,
            format!("cannot read the backups folder {}: {e}", folder.display()),
        )
    })?;
    if snapshots.is_empty() {
        output.print(&format!(
            "No snapshots of {} yet (they go in {}): one is written at the first change of each day, \
             when the full-screen view closes, and before a restore or import --replace.\n",
            db.display(),
            folder.display()
        ))?;
        return Ok(0);
    }
    let rows: Vec<Vec<String>> = snapshots
        .iter()
        .map(|s| {
            let holds = match s.counts() {
                Ok(counts) => counts.to_string(),
                Err(reason) => format!("cannot be read: {reason}"),
            };
            vec![
                s.name.clone(),
                s.when(),
                s.reason.describe().to_string(),
                holds,
            ]
        })
        .collect();
    let mut out = format!(
        "Snapshots of {} in {}, newest first:\n",
        db.display(),
        folder.display()
    );
    out.push_str(&columns(&rows));
    out.push_str(&format!(
        "Restore one with: {}\n",
        crate::backup::restore_command(db, "NAME")
    ));
    output.print(&out)?;
    Ok(0)
}

/// `restore FILE`: check it, keep what it replaces, replace the portfolio
/// (the caller has refused a missing database).
pub fn restore(db: &Path, name: &Path, output: &mut Output) -> Result<u8, Failure> {
    let fail = |e: RestoreError| Failure::new(e.exit_code() as u8, e.to_string());
    let file = crate::backup::resolve(db, name).map_err(|e| match e {
        RestoreError::Store(e) => Failure::from(e),
        e => fail(e),
    })?;
    let restored = crate::backup::restore(db, &file, &login_name(), crate::backup::settings())
        .map_err(|e| match e {
            RestoreError::Store(e) => Failure::from(e),
            e => fail(e),
        })?;
    output.tell(&format!(
        "Restored {} from {} into {}{}.",
        restored.summary,
        file.display(),
        db.display(),
        restored.kept.describe()
    ));
    Ok(0)
}
