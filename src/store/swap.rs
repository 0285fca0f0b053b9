//! Replacing the whole portfolio (`restore`, `import --replace`) by
//! writing a fresh database beside the live one and swapping the two
//! folders, so that:
//! - it works whatever state the old one is in: nothing is written to it,
//!   it only has to be read for its snapshot (or kept aside whole);
//! - the live store holds the new portfolio and its own history only (the
//!   old portfolio is in its snapshot): eleven replaces of a 3.6 MB file
//!   leave a database the size of one;
//! - a refused document touches nothing: the fresh database is checked
//!   and committed before the old one is read for its snapshot;
//! - a `kill -9` at any moment leaves the old database or the new one
//!   whole under the database's name (one atomic exchange of the folders
//!   on Linux and macOS; elsewhere two renames, with a moment between).
//!
//! The fresh one is built in `NAME.replacing` beside `NAME`, with a file
//! of ours in it; one found there later was cut short and is removed. A
//! `NAME.replacing` without that file is an old database swapped out by a
//! process killed before it could remove it: it is kept, renamed
//! `NAME.replaced-STAMP`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::Utc;

use super::error::StoreError;
use super::{ImportReport, Store, known_damage, open};
use crate::model::Parsed;

/// `2026-11-28T093000Z`: how names beside a database are stamped (the
/// folders a replace keeps aside; snapshots, see [`crate::backup`]). UTC,
/// sortable, no colons (some systems forbid them in file names).
pub const STAMP: &str = "%Y-%m-%dT%H%M%SZ";

/// In a folder being built, never in a live database for long.
pub(super) const BUILDING: &str = "incubator-replacing";

/// The fresh database a replace fills, opened only when first asked for:
/// a file refused before its first record is written never starts sled.
pub struct Fresh {
    path: PathBuf,
    store: std::cell::RefCell<Option<Store>>,
}

impl Fresh {
    /// The fresh database, opened now if it is not yet.
    pub fn store(&self) -> Result<Store, StoreError> {
        let mut slot = self.store.borrow_mut();
        if let Some(store) = slot.as_ref() {
            return Ok(store.clone());
        }
        let store = Store::open(&self.path)?;
        *slot = Some(store.clone());
        Ok(store)
    }
}

/// What became of the portfolio that was replaced.
#[derive(Debug)]
pub struct Replaced<K> {
    pub report: ImportReport,
    /// What `keep` made of it (a snapshot), when it could be read.
    pub kept: Option<K>,
    /// Where the old folder went, when it was damaged (kept whole).
    pub aside: Option<PathBuf>,
}

/// Why nothing was replaced. The database is as it was in every case.
#[derive(Debug, thiserror::Error)]
pub enum ReplaceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The portfolio to be replaced could not be kept.
    #[error("{0}")]
    Keep(String),
}

/// Why the portfolio to be replaced could not be kept.
#[derive(Debug)]
pub enum KeepError {
    /// It could not be read. When the database is damaged, its folder is
    /// kept aside whole instead; any other error refuses the replace.
    Read(StoreError),
    /// What it was to be kept in could not be written.
    Write(String),
}

/// The old database, as far as it could be opened.
enum Old {
    /// No database there yet.
    Missing,
    /// A folder without sled's files (an import into a new database made
    /// it, to say it is being filled): nothing to open, keep or lock.
    Unopened,
    Open(Store),
    /// sled could not open it; its lock file held by us, if it has one.
    Unreadable {
        _lock: Option<fs::File>,
    },
}

/// Replace the portfolio of the database at `db` with `parsed` (every rule
/// an import checks applies), keeping the old one first: by `keep` (a
/// snapshot, with the number of records it holds; `None` when there was
/// nothing to keep), and the whole folder aside when it is damaged.
pub fn replace<K>(
    db: &Path,
    who: &str,
    parsed: Parsed,
    keep: impl FnOnce(&Store) -> Result<Option<(K, usize)>, KeepError>,
) -> Result<Replaced<K>, ReplaceError> {
    replace_with(db, |fresh| fresh.store()?.import(who, parsed, false), keep)
}

/// [`replace`], the fresh database filled by `fill` (a streamed import
/// writes it in batches as it reads the file): refused, or failing, it
/// leaves everything as it was.
pub fn replace_with<K>(
    db: &Path,
    fill: impl FnOnce(&Fresh) -> Result<ImportReport, StoreError>,
    keep: impl FnOnce(&Store) -> Result<Option<(K, usize)>, KeepError>,
) -> Result<Replaced<K>, ReplaceError> {
    let old = open_old(db)?;
    // A database reached through a symbolic link is swapped where it is,
    // and the link still leads to it.
    let given = db;
    let real = fs::canonicalize(db).ok();
    let db = real.as_deref().unwrap_or(db);
    let build = beside(db, "replacing");
    clear_leftover(db, &build)?;
    // The ids the old portfolio gave are not given again by the new one.
    let floors = match &old {
        Old::Open(store) => store.id_floors().ok(),
        _ => None,
    };
    let mut report = match build_fresh(&build, fill, floors) {
        Ok(report) => report,
        Err(e) => {
            let _ = fs::remove_dir_all(&build);
            return Err(about_db(e, &build, given).into());
        }
    };

    let mut kept = None;
    let mut damaged = matches!(old, Old::Unreadable { .. }) || known_damage::found(given).is_some();
    if let Old::Open(store) = &old {
        match keep(store) {
            Ok(Some((copy, records))) => {
                kept = Some(copy);
                report.replaced = records;
            }
            Ok(None) => {}
            // Records that cannot be read cannot be kept one by one:
            // the whole folder is kept instead.
            Err(KeepError::Read(StoreError::Damaged { .. })) => damaged = true,
            Err(KeepError::Read(e)) => return Err(abandon(&build, e.into())),
            Err(KeepError::Write(e)) => return Err(abandon(&build, ReplaceError::Keep(e))),
        }
    }

    // The old store stays open (and locked) through the swap: sled writes
    // files by name only when it opens, and this one writes nothing more.
    let swapped = match old {
        Old::Missing => fs::rename(&build, db),
        _ => exchange(&build, db),
    };
    if let Err(e) = swapped {
        return Err(abandon(
            &build,
            ReplaceError::Keep(format!(
                "could not put the new database in place of {}: {e}",
                given.display()
            )),
        ));
    }
    let _ = fs::remove_file(db.join(BUILDING));
    let had_old = !matches!(old, Old::Missing);
    drop(old);
    // `build` now holds the old database.
    let aside = if !had_old {
        None
    } else if damaged {
        let aside = unused(beside(db, &format!("damaged-{}", stamp())));
        match fs::rename(&build, &aside) {
            Ok(()) => Some(aside),
            // It stays under `NAME.replacing`, kept by the next replace.
            Err(_) => Some(build),
        }
    } else {
        let _ = fs::remove_dir_all(&build);
        None
    };
    Ok(Replaced {
        report,
        kept,
        aside,
    })
}

fn open_old(db: &Path) -> Result<Old, StoreError> {
    if !db.exists() {
        return Ok(Old::Missing);
    }
    // Someone else's folder is refused, never swapped away.
    super::folder::recognise(db)?;
    if !db.join("db").exists() && !db.join("conf").exists() {
        return Ok(Old::Unopened);
    }
    match Store::open(db) {
        Ok(store) => Ok(Old::Open(store)),
        Err(StoreError::Damaged { .. }) => Ok(Old::Unreadable {
            _lock: hold_lock(db)?,
        }),
        Err(e) => Err(e),
    }
}

/// Take sled's own lock on a database sled cannot open, so no one else
/// opens it while it is swapped out. `None`: it has no log file to lock.
fn hold_lock(db: &Path) -> Result<Option<fs::File>, StoreError> {
    let Ok(file) = fs::File::open(db.join("db")) else {
        return Ok(None);
    };
    // sled's threads from the open that failed let go of it soon after.
    let started = Instant::now();
    loop {
        match fs2::FileExt::try_lock_exclusive(&file) {
            Ok(()) => return Ok(Some(file)),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if started.elapsed() > LOCK_WAIT {
                    return Err(open::locked(db));
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            // Locks not supported here.
            Err(_) => return Ok(None),
        }
    }
}

/// How long [`hold_lock`] waits for this process's own sled threads.
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// A fresh database at `build` filled by `fill`, closed, and opened once
/// more: sled writes the snapshot of its page table only as it opens, so
/// without it the first command after an import or a restore would read
/// the whole log the fill wrote. The folder says it is being built before
/// sled writes anything in it.
fn build_fresh(
    build: &Path,
    fill: impl FnOnce(&Fresh) -> Result<ImportReport, StoreError>,
    floors: Option<super::ids::Floors>,
) -> Result<ImportReport, StoreError> {
    let io = |e: io::Error| StoreError::Io {
        path: build.to_path_buf(),
        detail: e.to_string(),
    };
    fs::create_dir_all(build).map_err(io)?;
    fs::write(
        build.join(BUILDING),
        "a database being written by incubator\n",
    )
    .map_err(io)?;
    let fresh = Fresh {
        path: build.to_path_buf(),
        store: Default::default(),
    };
    let report = fill(&fresh)?;
    if let Some(floors) = floors {
        fresh.store()?.raise_counters(&floors)?;
    }
    fresh.store()?.flush()?;
    drop(fresh);
    drop(Store::open(build)?);
    Ok(report)
}

/// Remove a half-built database; keep an old one a killed replace left.
fn clear_leftover(db: &Path, build: &Path) -> Result<(), StoreError> {
    if !build.exists() {
        return Ok(());
    }
    let outcome = if build.join(BUILDING).exists() {
        fs::remove_dir_all(build)
    } else {
        fs::rename(build, unused(beside(db, &format!("replaced-{}", stamp()))))
    };
    outcome.map_err(|e| StoreError::Io {
        path: build.to_path_buf(),
        detail: format!("a folder left by an earlier restore or import is in the way: {e}"),
    })
}

/// An error from writing the fresh database, said of the database the
/// user named (its folder beside it is ours, and gone again).
fn about_db(error: StoreError, build: &Path, db: &Path) -> StoreError {
    match error {
        StoreError::Io { path, detail } | StoreError::Damaged { path, detail } if path == build => {
            StoreError::Io {
                path: db.to_path_buf(),
                detail: format!("{detail} (while writing the new portfolio beside it)"),
            }
        }
        other => other,
    }
}

fn abandon(build: &Path, error: ReplaceError) -> ReplaceError {
    let _ = fs::remove_dir_all(build);
    error
}

/// Swap the folders at `a` and `b` in one step where the system can.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // Not on this file system: the two renames below.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let old = unused(PathBuf::from(format!("{}.swapping", a.display())));
    fs::rename(b, &old)?;
    if let Err(e) = fs::rename(a, b) {
        let _ = fs::rename(&old, b);
        return Err(e);
    }
    fs::rename(old, a)
}

/// `NAME.what` beside the database `NAME`.
fn beside(db: &Path, what: &str) -> PathBuf {
    let absolute = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    let name = absolute
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "portfolio".into());
    let parent = absolute.parent().unwrap_or(Path::new("."));
    parent.join(format!("{name}.{what}"))
}

/// `path`, or `path-2`, `path-3`… whichever is free.
fn unused(path: PathBuf) -> PathBuf {
    let mut candidate = path.clone();
    let mut n = 1;
    while candidate.exists() {
        n += 1;
        candidate = PathBuf::from(format!("{}-{n}", path.display()));
    }
    candidate
}

/// Now, as snapshot names write it.
fn stamp() -> String {
    Utc::now().format(STAMP).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::{Reason, keep_before_replace};
    use crate::model::testing::*;
    use crate::model::{Kind, Portfolio};

    /// As `import --replace` keeps the old portfolio: a snapshot.
    fn keep(old: &Store) -> Result<Option<(crate::backup::Snapshot, usize)>, KeepError> {
        keep_before_replace(old, Reason::BeforeImport)
    }

    fn parsed(startups: &[&str]) -> Parsed {
        let mut portfolio = Portfolio::default();
        for id in startups {
            portfolio.startups.push(startup(id));
        }
        Parsed {
            portfolio,
            problems: Vec::new(),
        }
    }

    /// A database at `dir/db` holding startup s1, closed.
    fn db_with_s1(dir: &Path) -> PathBuf {
        let db = dir.join("db");
        let store = Store::open(&db).unwrap();
        store.initialize_empty().unwrap();
        store.create("t", startup("s1").into()).unwrap();
        db
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_fresh_database_is_swapped_in_and_the_old_portfolio_kept_as_a_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let db = db_with_s1(dir.path());
        let replaced = replace(&db, "t", parsed(&["s2"]), keep).unwrap();
        assert_eq!(replaced.report.replaced, 1);
        assert!(replaced.aside.is_none());
        let kept = replaced.kept.expect("a snapshot of s1").verify().unwrap();
        assert_eq!(kept.startups[0].id, "s1");
        assert_eq!(names_in(dir.path()), ["db", "db.backups"]);

        let store = Store::open(&db).unwrap();
        let now = store.portfolio().unwrap();
        assert_eq!(now.startups.len(), 1);
        assert_eq!(now.startups[0].id, "s2");
        // The history of the new portfolio only.
        assert!(store.history_of(Kind::Startup, "s1").unwrap().is_empty());
        assert_eq!(store.history_of(Kind::Startup, "s2").unwrap().len(), 1);
        assert!(!db.join(BUILDING).exists());
    }

    #[test]
    fn a_refused_document_leaves_everything_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let db = db_with_s1(dir.path());
        let mut bad = parsed(&["s2"]);
        bad.portfolio.startups[0].cohort = Some("c9".into());
        let err = replace(&db, "t", bad, keep).unwrap_err();
        assert!(
            matches!(err, ReplaceError::Store(StoreError::ImportRefused { .. })),
            "{err}"
        );
        assert_eq!(names_in(dir.path()), ["db"], "no snapshot, no folder left");
        let store = Store::open(&db).unwrap();
        assert_eq!(store.portfolio().unwrap().startups[0].id, "s1");
    }

    #[cfg(unix)]
    #[test]
    fn a_database_reached_through_a_link_is_replaced_where_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let db = db_with_s1(dir.path());
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        replace(&link, "t", parsed(&["s2"]), keep).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        let store = Store::open(&db).unwrap();
        assert_eq!(store.portfolio().unwrap().startups[0].id, "s2");
    }

    #[test]
    fn what_a_killed_replace_left_is_cleared_or_kept() {
        let dir = tempfile::tempdir().unwrap();
        let db = db_with_s1(dir.path());
        // Cut short while building: removed.
        let build = beside(&db, "replacing");
        fs::create_dir(&build).unwrap();
        fs::write(build.join(BUILDING), "").unwrap();
        replace(&db, "t", parsed(&["s2"]), keep).unwrap();
        assert_eq!(names_in(dir.path()), ["db", "db.backups"]);
        // Cut short after the swap: an old database, kept.
        fs::create_dir(&build).unwrap();
        fs::write(build.join("conf"), "an old database").unwrap();
        replace(&db, "t", parsed(&["s3"]), keep).unwrap();
        let names = names_in(dir.path());
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(names[2].starts_with("db.replaced-"), "{names:?}");
        assert!(dir.path().join(&names[2]).join("conf").is_file());
    }
}
