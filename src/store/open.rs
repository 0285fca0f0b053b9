//! Opening the sled database: one process at a time, with a note of who
//! holds it, and behind `catch_unwind` because sled can panic on a damaged
//! file.

use std::cell::Cell;
use std::fs;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};

use super::error::StoreError;

/// sled's cache defaults to 1 GiB; the portfolio needs far less.
const CACHE_BYTES: u64 = 32 * 1024 * 1024;

/// Beside sled's own files: who holds the database, for the next opener's
/// error message.
const HOLDER_FILE: &str = "incubator-holder.json";

/// Beside sled's own files, written once the database has been set up and
/// flushed. sled reads some damaged databases back as empty; this marker
/// is how such a database is told from a new one, so it is reported rather
/// than refilled with the sample.
pub(super) const SET_UP_FILE: &str = "incubator-set-up";

pub(super) fn is_marked_set_up(path: &Path) -> bool {
    path.join(SET_UP_FILE).exists()
}

pub(super) fn mark_set_up(path: &Path) -> Result<(), StoreError> {
    let file = path.join(SET_UP_FILE);
    let written = fs::File::create(&file).and_then(|f| {
        use std::io::Write;
        let mut f = f;
        f.write_all(
            b"This folder is an incubator database. Back it up with `incubator export all`.\n",
        )?;
        f.sync_all()
    });
    written.map_err(|e| StoreError::Io {
        path: path.to_path_buf(),
        detail: io_words(&e),
    })
}

#[derive(Debug, Serialize, Deserialize)]
struct Holder {
    pid: u32,
    user: String,
    since: DateTime<Utc>,
    /// Set by `incubator serve`: the ssh command that reaches it.
    #[serde(default)]
    serving: Option<String>,
}

pub(super) fn open_sled(path: &Path) -> Result<sled::Db, StoreError> {
    super::folder::recognise(path)?;
    clear_unfinished_snapshots(path)?;
    let config = sled::Config::new().path(path).cache_capacity(CACHE_BYTES);
    let started = Instant::now();
    loop {
        match guard(path, || config.open())? {
            Ok(db) => {
                forget_closed_here(path);
                return Ok(db);
            }
            Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") => {
                // Closed by this process a moment ago: sled's background
                // jobs still hold the file (and its lock) for a while after
                // the last handle goes. Anyone else's lock is said at once.
                if closed_here(path) && started.elapsed() < REOPEN_WAIT {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
                return Err(locked(path));
            }
            Err(e) => return Err(storage_error(path, e)),
        }
    }
}

/// How long opening again a database this process closed may wait for
/// sled's background jobs to let go of its lock.
const REOPEN_WAIT: Duration = Duration::from_secs(5);

/// Databases this process has closed (and not opened again since).
static CLOSED_HERE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn closed_list() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    CLOSED_HERE.lock().unwrap_or_else(|p| p.into_inner())
}

/// The store at `path` was closed by this process.
pub(super) fn mark_closed_here(path: &Path) {
    let folder = the_folder(path);
    let mut closed = closed_list();
    if !closed.contains(&folder) {
        closed.push(folder);
    }
}

fn closed_here(path: &Path) -> bool {
    closed_list().contains(&the_folder(path))
}

fn forget_closed_here(path: &Path) {
    let folder = the_folder(path);
    closed_list().retain(|p| *p != folder);
}

/// The folder `path` names, links followed: a database closed as `db` and
/// opened again through a link to it (or `./db`) is the same database.
fn the_folder(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// sled writes its snapshot of page locations as `snap.N.generating` and
/// renames it when whole. A process killed (or a disk filled) before the
/// rename leaves the `.generating` file, and sled 0.34 then reads it as
/// the newest snapshot and calls the whole database corrupt. Such a file
/// is never needed: the previous snapshot and the log hold everything. So
/// it is removed before sled opens — only while holding sled's own lock on
/// `db`, so a file another process is still writing is never touched.
fn clear_unfinished_snapshots(path: &Path) -> Result<(), StoreError> {
    let Ok(entries) = fs::read_dir(path) else {
        return Ok(());
    };
    let leftovers: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.starts_with("snap.") && name.ends_with(".generating")
        })
        .map(|e| e.path())
        .collect();
    if leftovers.is_empty() {
        return Ok(());
    }
    // No log, no lock to take: sled reports the database as it finds it.
    let Ok(db_file) = fs::File::open(path.join("db")) else {
        return Ok(());
    };
    match fs2::FileExt::try_lock_exclusive(&db_file) {
        Ok(()) => {
            for leftover in leftovers {
                let _ = fs::remove_file(leftover);
            }
            let _ = fs2::FileExt::unlock(&db_file);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Err(locked(path)),
        // Locks not supported here: leave it to sled.
        Err(_) => Ok(()),
    }
}

/// Take our own lock on the database folder at `path` (made if missing),
/// before sled takes its lock on `db`, and keep it for as long as the
/// store is open: sled lets go of its lock when its handles go, and a
/// holder that closes sled to open it afresh (`reopen.rs`) must not let
/// another process in meanwhile. Someone else's is the same "in use" as
/// sled's. `None` where the file system has no locks: sled's lock alone
/// then, as before.
pub(super) fn hold(path: &Path) -> Result<Option<fs::File>, StoreError> {
    let io_error = |e: io::Error| StoreError::Io {
        path: path.to_path_buf(),
        detail: io_words(&e),
    };
    super::folder::recognise(path)?;
    fs::create_dir_all(path).map_err(io_error)?;
    let folder = fs::File::open(path).map_err(io_error)?;
    match fs2::FileExt::try_lock_exclusive(&folder) {
        Ok(()) => Ok(Some(folder)),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Err(locked(path)),
        Err(_) => Ok(None),
    }
}

/// Whether some process holds the database at `path` (our lock on its
/// folder, or sled's on its `db` file), found without opening it: a
/// holder's socket left behind by a `kill -9` is told from one whose
/// holder still runs (`crate::holder`).
pub fn is_held(path: &Path) -> bool {
    let locked_by_another = |file: fs::File| match fs2::FileExt::try_lock_exclusive(&file) {
        Ok(()) => {
            let _ = fs2::FileExt::unlock(&file);
            false
        }
        Err(e) => e.kind() == io::ErrorKind::WouldBlock,
    };
    [path.to_path_buf(), path.join("db")]
        .into_iter()
        .filter_map(|file| fs::File::open(file).ok())
        .any(locked_by_another)
}

/// Runs `work`, turning a sled panic into a `Damaged` error and keeping the
/// panic message and backtrace off the user's screen.
pub(super) fn guard<T>(path: &Path, work: impl FnOnce() -> T) -> Result<T, StoreError> {
    install_quiet_hook();
    let was_quiet = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    QUIET.with(|q| q.set(was_quiet));
    result.map_err(|payload| {
        let detail = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("the storage engine stopped");
        StoreError::Damaged {
            path: path.to_path_buf(),
            detail: first_line(detail),
        }
    })
}

thread_local! {
    /// Set while this thread runs guarded storage code.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Wrap the panic hook once, so it stays silent for guarded code and
/// speaks as before everywhere else. Swapping the hook per call would race
/// between threads.
fn install_quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// A sled error in words: corruption is damage, the rest is I/O.
pub(super) fn storage_error(path: &Path, error: sled::Error) -> StoreError {
    let path = path.to_path_buf();
    match error {
        sled::Error::Corruption { .. } => StoreError::Damaged {
            path,
            detail: "its files do not add up".into(),
        },
        sled::Error::Io(e) => StoreError::Io {
            path,
            detail: io_words(&e),
        },
        // sled says this of a settings file (`conf`) it cannot use.
        sled::Error::Unsupported(_) => StoreError::Damaged {
            path,
            detail: "its settings file, conf, cannot be used".into(),
        },
        other => StoreError::Io {
            path,
            detail: first_line(&other.to_string()),
        },
    }
}

const DISK_FULL: &str = "the disk is full";
const READ_ONLY: &str = "its disk is read-only (mounted read-only)";
const NO_PERMISSION: &str = "permission denied";

/// Whether opening failed only because the database's disk cannot be
/// written (full, read-only, no permission to write): a command that only
/// reads can then read a copy.
pub(super) fn cannot_write(error: &StoreError) -> bool {
    matches!(error, StoreError::Io { detail, .. }
        if [DISK_FULL, READ_ONLY, NO_PERMISSION].contains(&detail.as_str()))
}

pub(super) fn io_words(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => NO_PERMISSION.into(),
        io::ErrorKind::NotFound => "a file is missing".into(),
        io::ErrorKind::StorageFull => DISK_FULL.into(),
        io::ErrorKind::ReadOnlyFilesystem => READ_ONLY.into(),
        io::ErrorKind::FileTooLarge => "a file grew past the size allowed (File too large)".into(),
        _ => {
            // sled passes some errors on as their debug text:
            // `Os { code: 28, kind: StorageFull, message: "No space left on device" }`.
            let text = e.to_string();
            if text.contains("StorageFull") {
                return DISK_FULL.into();
            }
            if text.contains("ReadOnlyFilesystem") {
                return READ_ONLY.into();
            }
            if text.contains("FileTooLarge") {
                return "a file grew past the size allowed (File too large)".into();
            }
            match text.split_once("message: \"") {
                Some((_, rest)) => rest.split('"').next().unwrap_or_default().to_string(),
                None => first_line(&text),
            }
        }
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

fn holder_path(path: &Path) -> PathBuf {
    path.join(HOLDER_FILE)
}

pub(super) fn write_holder(path: &Path) {
    write_holder_serving(path, None);
}

/// Say in the lock-info file that this process serves the database over
/// SSH, and the command that connects, for anyone who tries to open it.
pub(super) fn write_holder_serving(path: &Path, serving: Option<String>) {
    let holder = Holder {
        pid: std::process::id(),
        user: login_name(),
        since: Utc::now(),
        serving,
    };
    // Best effort: the note only improves another opener's message.
    let _ = fs::write(holder_path(path), super::stored::encode(&holder));
}

pub(super) fn remove_holder(path: &Path) {
    let file = holder_path(path);
    let ours = fs::read(&file)
        .ok()
        .and_then(|bytes| super::stored::decode::<Holder>(&bytes).ok())
        .is_some_and(|h| h.pid == std::process::id());
    if ours {
        let _ = fs::remove_file(file);
    }
}

/// The database is held by another process: who, and how to reach it if
/// it is a server.
pub(super) fn locked(path: &Path) -> StoreError {
    let serving = fs::read(holder_path(path))
        .ok()
        .and_then(|bytes| super::stored::decode::<Holder>(&bytes).ok())
        .and_then(|h| h.serving)
        .map(|command| crate::text::sanitize_line(&command));
    StoreError::Locked {
        path: path.to_path_buf(),
        holder: read_holder(path),
        serving,
    }
}

fn read_holder(path: &Path) -> String {
    let holder = fs::read(holder_path(path))
        .ok()
        .and_then(|bytes| super::stored::decode::<Holder>(&bytes).ok());
    match holder {
        Some(h) => format!(
            "{} (pid {}) since {}",
            crate::text::sanitize_line(&h.user),
            h.pid,
            h.since.with_timezone(&Local).format("%Y-%m-%d %H:%M")
        ),
        None => "another process".into(),
    }
}

/// The login name of whoever runs this process: `$USER` (or `$LOGNAME`)
/// as the login set it, else the account database, which still answers
/// where the environment is bare (cron, some SSH forced commands).
pub fn login_name() -> String {
    ["USER", "LOGNAME"]
        .iter()
        .find_map(|var| crate::environment::var(var).filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(whoami::username)
}
