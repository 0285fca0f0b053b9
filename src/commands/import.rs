//! `import FILE [--replace]`: an interchange file into the database, all
//! or nothing.

use std::path::Path;

use crate::backup::{Kept, Reason};
use crate::interchange::reading::{ReadError, read_document};
use crate::model::Parsed;
use crate::store::swap::{self, ReplaceError};
use crate::store::{ImportReport, Store, StoreError, login_name};
use crate::workspace;

use super::streamed::{self, Unfilled};
use super::{Failure, Output};

/// `import FILE [--replace]`: streamed into a fresh database where nothing
/// stored has to be merged with it (a database not set up yet, or one
/// being replaced), else read whole and added in one transaction.
pub fn import_file(
    db: &Path,
    file: &Path,
    replace: bool,
    output: &mut Output,
) -> Result<u8, Failure> {
    if !replace && holds_portfolio(db)? {
        let parsed = read_interchange(file)?;
        return import(db, file, parsed, false, output);
    }
    let shown = file.display();
    let who = login_name();
    // The file's own error, kept apart from the store's: the fill can
    // only return a store error.
    let mut unread: Option<ReadError> = None;
    let fill = |fresh: &swap::Fresh| {
        streamed::fill(fresh, file, &who).map_err(|e| match e {
            Unfilled::Read(e) => {
                let said = StoreError::Io {
                    path: file.to_path_buf(),
                    detail: e.to_string(),
                };
                unread = Some(e);
                said
            }
            Unfilled::Store(e) => e,
        })
    };
    let result = if replace {
        crate::backup::replace_with(
            db,
            fill,
            Reason::BeforeImport,
            crate::backup::settings(),
            None,
        )
    } else {
        fill_new(db, &format!("the import of {shown}"), fill)
    };
    if let Some(e) = unread {
        return Err(read_failure(e));
    }
    let (report, kept) = result.map_err(|e| replace_failure(e, file))?;
    tell_imported(db, file, &report, replace.then_some(&kept), output);
    Ok(0)
}

/// Whether the database at `db` holds a portfolio already (imports add
/// to it). A folder marked set up does; one that is not is looked into,
/// as a database from before the mark.
fn holds_portfolio(db: &Path) -> Result<bool, Failure> {
    if !db.exists() {
        return Ok(false);
    }
    if crate::store::is_set_up(db) {
        return Ok(true);
    }
    crate::store::recognise(db)?;
    let store = Store::open(db)?;
    Ok(store.is_initialized()?)
}

/// A database not set up yet at `db`, filled by `fill` in a fresh folder
/// put in its place. Cut short, the folder left at `db` says that `what`
/// did not finish (as [`workspace::import_into`] leaves it); refused, a
/// folder this made is removed again.
fn fill_new(
    db: &Path,
    what: &str,
    fill: impl FnOnce(&swap::Fresh) -> Result<ImportReport, StoreError>,
) -> Result<(ImportReport, Kept), ReplaceError> {
    let existed = db.exists();
    crate::store::begin_filling(db, what)?;
    let nothing_to_keep = |_: &Store| Ok(None::<(crate::backup::Snapshot, usize)>);
    let result = swap::replace_with(db, fill, nothing_to_keep);
    match &result {
        Err(_) if !existed => {
            let _ = std::fs::remove_dir_all(db);
        }
        _ => crate::store::end_filling(db),
    }
    let replaced = result?;
    Ok((
        replaced.report,
        Kept {
            snapshot: None,
            aside: replaced.aside,
        },
    ))
}

/// Read an interchange file, refusing one that is not a readable document.
/// Read as a stream within limits (its size, any one text's length,
/// UTF-8): a huge file is refused without being read into memory.
pub fn read_interchange(file: &Path) -> Result<Parsed, Failure> {
    read_document(file).map_err(read_failure)
}

fn read_failure(e: ReadError) -> Failure {
    match e {
        ReadError::Io { .. } => Failure::new(2, e.to_string()),
        e => Failure::new(2, format!("{e}; nothing imported")),
    }
}

/// A refused import says so with the file's name; the rest as any store
/// error.
fn refused(e: StoreError, file: &Path) -> Failure {
    match e {
        StoreError::ImportRefused { .. } => {
            Failure::new(2, format!("{}: nothing imported; {e}", file.display()))
        }
        other => other.into(),
    }
}

fn replace_failure(e: ReplaceError, file: &Path) -> Failure {
    match e {
        ReplaceError::Store(e) => refused(e, file),
        ReplaceError::Keep(e) => Failure::new(
            1,
            format!(
                "{}: nothing imported; the portfolio it would replace could not be kept: {e}",
                file.display()
            ),
        ),
    }
}

/// "Imported … from FILE into DB." — with what it replaced, for
/// `--replace`.
fn tell_imported(
    db: &Path,
    file: &Path,
    report: &ImportReport,
    replaced: Option<&Kept>,
    output: &mut Output,
) {
    let shown = file.display();
    let Some(kept) = replaced else {
        output.tell(&format!(
            "Imported {} from {shown} into {}.",
            report.summary,
            db.display()
        ));
        return;
    };
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
}

/// Add a portfolio read whole (`parsed`) to the database at `db`, or
/// replace its portfolio with it, in one transaction.
pub fn import(
    db: &Path,
    file: &Path,
    parsed: Parsed,
    replace: bool,
    output: &mut Output,
) -> Result<u8, Failure> {
    let settings = crate::backup::settings();
    if !replace {
        let what = format!("the import of {}", file.display());
        let report = workspace::import_into(db, &what, |store| {
            // The day's first write keeps the day's snapshot.
            crate::backup::enable(store, settings);
            store.import(&login_name(), parsed, false)
        })
        .map_err(|e| refused(e, file))?;
        tell_imported(db, file, &report, None, output);
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
    .map_err(|e| replace_failure(e, file))?;
    tell_imported(db, file, &report, Some(&kept), output);
    Ok(0)
}
