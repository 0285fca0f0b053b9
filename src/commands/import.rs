//! `import FILE [--replace]`: an interchange file into the database, all
//! or nothing.

use std::path::Path;

use crate::backup::Reason;
use crate::interchange::reading::{ReadError, read_document};
use crate::model::Parsed;
use crate::store::swap::ReplaceError;
use crate::store::{StoreError, login_name};
use crate::workspace;

use super::{Failure, Output};

/// Read an interchange file, refusing one that is not a readable document.
/// Read as a stream within limits (its size, any one text's length,
/// UTF-8): a huge file is refused without being read into memory.
pub fn read_interchange(file: &Path) -> Result<Parsed, Failure> {
    read_document(file).map_err(|e| match e {
        ReadError::Io { .. } => Failure::new(2, e.to_string()),
        e => Failure::new(2, format!("{e}; nothing imported")),
    })
}

pub fn import(
    db: &Path,
    file: &Path,
    parsed: Parsed,
    replace: bool,
    output: &mut Output,
) -> Result<u8, Failure> {
    let shown = file.display();
    let refused = |e: StoreError| match e {
        StoreError::ImportRefused { .. } => {
            Failure::new(2, format!("{shown}: nothing imported; {e}"))
        }
        other => other.into(),
    };
    let settings = crate::backup::settings();
    if !replace {
        let what = format!("the import of {shown}");
        let report = workspace::import_into(db, &what, |store| {
            // The day's first write keeps the day's snapshot.
            crate::backup::enable(store, settings);
            store.import(&login_name(), parsed, false)
        })
        .map_err(refused)?;
        output.tell(&format!(
            "Imported {} from {shown} into {}.",
            report.summary,
            db.display()
        ));
        return Ok(0);
    }
    // What --replace replaces is kept first; no copy, no import.
    let (report, kept) = crate::backup::replace(
        db,
        &login_name(),
        parsed,
        Reason::BeforeImport,
        settings,
        None,
    )
    .map_err(|e| match e {
        ReplaceError::Store(e) => refused(e),
        ReplaceError::Keep(e) => Failure::new(
            1,
            format!(
                "{shown}: nothing imported; the portfolio it would replace could not be kept: {e}"
            ),
        ),
    })?;
    let replaced = match (&kept.snapshot, &kept.aside) {
        (Some(snapshot), aside) => format!(
            "{} records (kept in {}{})",
            report.replaced,
            snapshot.path.display(),
            aside
                .as_ref()
                .map(|a| format!("; the damaged database was moved to {}", a.display()))
                .unwrap_or_default()
        ),
        (None, Some(aside)) => format!("the damaged database (moved to {})", aside.display()),
        (None, None) => format!("{} records", report.replaced),
    };
    output.tell(&format!(
        "Imported {} from {shown} into {}, replacing {replaced}.",
        report.summary,
        db.display(),
    ));
    Ok(0)
}
