//! The sled store: the only module that touches sled.
//!
//! Every write goes the same way: validate → check the record's version →
//! one transaction over every tree it touches (history included) → flush →
//! notify subscribers → tell the database's [`AfterWrite`] hook (automatic
//! snapshots, which live outside the store: see [`crate::backup`]). A
//! write the caller is told about is on disk. The store reads nothing but
//! the model.

mod accept;
mod access;
mod after_write;
mod blind;
mod booking;
mod bulk;
mod catalog;
mod check;
mod copy;
mod error;
mod folder;
mod generation;
mod history;
mod ids;
mod import;
mod imported;
mod judging;
pub mod known_damage;
mod load;
mod open;
mod owners;
mod read;
mod reopen;
mod stored;
pub mod swap;
mod tx;
mod watch;
mod write;

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use parking_lot::{ArcRwLockReadGuard, RawRwLock, RwLock};

use sled::Transactional;
use sled::transaction::TransactionError;

pub use accept::Accepted;
pub use access::Access;
pub use after_write::AfterWrite;
pub use bulk::DeletedAll;
pub use catalog::CatalogEntry;
pub use check::{CheckReport, Damage};
pub use error::{PROBLEMS_SHOWN, StoreError};
pub use history::{Change, ChangeKind, FieldChange, HistoryEntry, record_value};
pub use import::{ImportReport, import_refused};
pub use open::{is_held, login_name};
pub use reopen::Reopened;
pub use stored::{Kept, Stored};
pub use write::{DeletePlan, Deleted, Revert};

use tx::{SCHEMA_KEY, TREE_NAMES, Tx, TxResult, read_u64};

/// The layout of the trees and records. Bumped when it changes.
/// 2: an import's history in parts (`imported`), the note index in
/// buckets (`owners`); a version 1 database (an entry a record in both)
/// reads as it is, and is marked 2 at its first note written in a bucket.
/// 3: calls, applications and reviews, in trees of their own; a version 2
/// database is marked 3 at its first such record (or note) written.
/// 4: milestones and office hours in trees of their own, and a demo day's
/// judging; marked as 3 was.
pub const SCHEMA_VERSION: u32 = 4;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A handle on an open database; clones share it.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
    /// What writes through this handle may change.
    access: Access,
    /// Notes written through this handle are signed by the writer (an SSH
    /// user): see [`Store::signing_notes`].
    signed: bool,
    /// `None` on a handle for background work (see [`Store::detached`]).
    _held: Option<Arc<after_write::Held>>,
}

/// The sled handles, kept apart so that the last of them can be let go on
/// a thread of its own when the store closes (see [`close_within`]).
pub(super) struct Sled {
    pub(super) db: sled::Db,
    pub(super) trees: Vec<sled::Tree>,
}

/// A read hold on the sled handles: while one is held the database is not
/// closed and opened afresh ([`Store::reopen_if_unused`]), which takes the
/// lock for writing.
pub(super) struct Open(ArcRwLockReadGuard<RawRwLock, Option<Sled>>);

impl Deref for Open {
    type Target = Sled;
    fn deref(&self) -> &Sled {
        self.0
            .as_ref()
            .expect("the database is open until the store is dropped")
    }
}

/// One tree of the open database, held open as [`Open`] is.
pub(super) struct TreeRef {
    open: Open,
    at: usize,
}

impl Deref for TreeRef {
    type Target = sled::Tree;
    fn deref(&self) -> &sled::Tree {
        &self.open.trees[self.at]
    }
}

struct Inner {
    /// `Some` until the store is dropped (or, for a moment, while it is
    /// opened afresh: see `reopen.rs`).
    sled: Arc<RwLock<Option<Sled>>>,
    /// Bumped each time the handles are reached: unchanged means unused.
    uses: AtomicU64,
    path: PathBuf,
    /// Writes are serialized: a cascade reads what it will change, then
    /// changes it, and nothing may come between.
    write_lock: Mutex<()>,
    subscribers: Mutex<Vec<Sender<Change>>>,
    /// Bumped before and after every write (see [`generation`]).
    generation: generation::Generation,
    /// Told of every write that lands: automatic snapshots.
    after_write: after_write::Hook,
    /// Set when sled reported an I/O error (a full disk). sled 0.34 then
    /// never finishes another flush: it waits forever. So no write is
    /// tried again and nothing is flushed on the way out (what was
    /// acknowledged is on disk already).
    failed: std::sync::atomic::AtomicBool,
    /// Set when the database could not be opened where it is (its disk
    /// cannot be written) and a copy is read instead: the copy's folder,
    /// removed once sled has let go of it (fields drop after `drop`).
    copy: Option<tempfile::TempDir>,
    /// Our own lock on the database folder, held from before sled's lock
    /// is taken until after it is let go, and through a reopen, when
    /// sled's lets go for a moment (see [`open::hold`]).
    _hold: Option<std::fs::File>,
}

/// How long closing the database on the way out may take. sled can fail
/// a write in the background (the disk filled after the last acknowledged
/// write) without any call of ours seeing it, and then waits forever: in
/// our last flush, or in the flush sled itself does when the last handle
/// on a tree goes.
const LAST_FLUSH_WAIT: Duration = Duration::from_secs(10);

impl Inner {
    fn sled(&self) -> Open {
        self.uses.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        // Recursive: a reader may take a second hold (a walk inside a
        // write's); only a reopen writes, and it never waits for the lock.
        Open(self.sled.read_arc_recursive())
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        let Some(sled) = self.sled.write().take() else {
            return;
        };
        if self.failed.load(std::sync::atomic::Ordering::SeqCst) {
            // Letting go of the last handle would flush, and hang: keep it.
            std::mem::forget(sled);
        } else if close_within(sled, LAST_FLUSH_WAIT) {
            // Free to open again, once sled's background jobs let go.
            if self.copy.is_none() {
                open::mark_closed_here(&self.path);
            }
        } else {
            eprintln!(
                "incubator: {} did not finish writing to disk (is the disk full?); \
                 every change reported as saved is on disk",
                self.path.display()
            );
        }
        open::remove_holder(&self.path);
    }
}

/// Flush, then let go of the handles (sled flushes again as the last
/// handle on each tree goes), on a thread of their own, giving up after
/// `wait`. True when the flush succeeded and the handles are gone: the
/// database is closed and free to open again (the next command, a
/// restore). Otherwise the thread keeps them, and nothing here waits for
/// it again.
fn close_within(sled: Sled, wait: Duration) -> bool {
    within(wait, move || {
        let flushed = sled.db.flush().is_ok();
        drop(sled);
        flushed
    })
    .unwrap_or(false)
}

/// Run `work` on a thread named "last flush" and wait at most `wait` for
/// it to end: `None` if it did not (it goes on by itself).
fn within<T: Send + 'static>(
    wait: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (done, finished) = channel();
    let worker = std::thread::Builder::new()
        .name("last flush".into())
        .spawn(move || {
            let _ = done.send(work());
        })
        .ok()?;
    let value = finished.recv_timeout(wait).ok()?;
    let _ = worker.join();
    Some(value)
}

/// Open sled's database and its trees in `dir` (its folder's hold taken).
fn open_handles(dir: &Path) -> Result<Sled> {
    let db = open::open_sled(dir)?;
    let trees = open::guard(dir, || {
        TREE_NAMES
            .iter()
            .map(|name| db.open_tree(name))
            .collect::<Result<Vec<_>, _>>()
    })?
    .map_err(|e| open::storage_error(dir, e))?;
    Ok(Sled { db, trees })
}

/// Say in the database folder at `path` that `what` ("the import of
/// x.json") is about to fill it, so that if it is cut short the sample is
/// never loaded there in its place (see [`Store::interrupted_fill`]). Makes
/// the folder if missing; refuses one that is not a database; writes
/// nothing into a database already set up.
pub fn begin_filling(path: &Path, what: &str) -> Result<()> {
    folder::begin_filling(path, what).map(|_| ())
}

/// Whether the folder at `path` is a database (or missing, or empty: a new
/// one); a folder of someone else's files is refused. Reads only.
pub fn recognise(path: &Path) -> Result<()> {
    folder::recognise(path)
}

/// Whether the folder at `path` holds a database that has been set up
/// (an old one is marked when it is next opened). Reads only.
pub fn is_set_up(path: &Path) -> bool {
    open::is_marked_set_up(path)
}

/// The fill announced by [`begin_filling`] committed.
pub fn end_filling(path: &Path) {
    folder::end_filling(path)
}

impl Store {
    /// What an import or restore into this database was bringing in when
    /// it was cut short, if one was (see [`begin_filling`]).
    pub fn interrupted_fill(&self) -> Option<String> {
        folder::interrupted_fill(&self.inner.path)
    }

    /// Open (or create) the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_in(path, None)
    }

    /// Open the database at `path` for a command that only reads: as
    /// [`Store::open`] where its disk can be written, else a copy of it
    /// in a temporary folder (a read-only mount, a full disk, no
    /// permission to write), through which every write is refused.
    pub fn open_to_read(path: &Path) -> Result<Store> {
        match Store::open(path) {
            // A new database cannot be made there either: say so.
            Err(e) if open::cannot_write(&e) && path.join("db").is_file() => {
                let copy = copy::to_read(path)?;
                Store::open_in(path, Some(copy)).map_err(|e| e.shown_at(path))
            }
            other => other,
        }
    }

    /// Whether this is a copy being read (see [`Store::open_to_read`]).
    pub fn is_read_copy(&self) -> bool {
        self.inner.copy.is_some()
    }

    /// Open sled in `copy`'s folder if given, else at `path`.
    fn open_in(path: &Path, copy: Option<tempfile::TempDir>) -> Result<Store> {
        // Held absolute: a command run for another process works in that
        // process's folder (holder), where a relative path means another
        // database, and another backups folder.
        let path = &std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = copy
            .as_ref()
            .map_or(path.as_path(), |c| c.path())
            .to_path_buf();
        let hold = open::hold(&dir)?;
        let sled = open_handles(&dir)?;
        open::write_holder(&dir);
        let access = match copy {
            Some(_) => Access::ReadOnly,
            None => Access::Everything,
        };
        let inner = Arc::new(Inner {
            sled: Arc::new(RwLock::new(Some(sled))),
            uses: AtomicU64::new(0),
            path: path.to_path_buf(),
            write_lock: Mutex::new(()),
            subscribers: Mutex::new(Vec::new()),
            generation: Default::default(),
            after_write: Default::default(),
            failed: Default::default(),
            copy,
            _hold: hold,
        });
        let store = Store {
            _held: Some(Arc::new(after_write::Held(Arc::clone(&inner)))),
            inner,
            access,
            signed: false,
        };
        let path = dir.as_path();
        match store.schema_version()? {
            Some(found) if found > SCHEMA_VERSION => {
                return Err(StoreError::NewerSchema {
                    path: path.to_path_buf(),
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
            // Set up before, yet nothing reads back: damage, not a new database.
            None if open::is_marked_set_up(path) => {
                return Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    detail: "its records could not be read back".into(),
                });
            }
            // Set up, but a crash came before the marker was written.
            Some(_) if !open::is_marked_set_up(path) => open::mark_set_up(path)?,
            _ => {}
        }
        Ok(store)
    }

    /// A handle on the same database whose writes are limited to `access`
    /// (an SSH user's role).
    pub fn with_access(&self, access: Access) -> Store {
        Store {
            access,
            ..self.clone()
        }
    }

    /// A handle whose new and changed notes must carry the writer's name
    /// as their author (a coordinator may write `WRITER for NAME`), as an
    /// SSH user's do: nobody signs a note as someone else.
    pub fn signing_notes(&self) -> Store {
        Store {
            signed: true,
            ..self.clone()
        }
    }

    pub fn access(&self) -> &Access {
        &self.access
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The schema version, or `None` for a database never set up (new, or
    /// left empty by a crash before its first import).
    pub fn schema_version(&self) -> Result<Option<u32>> {
        let meta = self.tree(tx::TreeId::Meta);
        let value = meta.get(SCHEMA_KEY).map_err(|e| self.storage(e))?;
        Ok(value.map(|v| u32::try_from(read_u64(Some(&v))).unwrap_or(u32::MAX)))
    }

    pub fn is_initialized(&self) -> Result<bool> {
        Ok(self.schema_version()?.is_some())
    }

    /// Mark a new database as set up, with no records.
    pub fn initialize_empty(&self) -> Result<()> {
        self.write("incubator", |tx| tx.set_schema(SCHEMA_VERSION))?;
        open::mark_set_up(&self.inner.path)
    }

    /// Say, for anyone else who tries to open the database, that this
    /// process serves it and how to connect (`incubator serve`).
    pub fn announce_serving(&self, ssh_command: &str) {
        open::write_holder_serving(&self.inner.path, Some(ssh_command.to_string()));
    }

    /// Make sure everything written is on disk (every write already is;
    /// this is for the way out).
    pub fn flush(&self) -> Result<()> {
        if self.inner.failed.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(());
        }
        self.inner.sled().db.flush().map_err(|e| self.storage(e))?;
        Ok(())
    }

    /// Wait until the write being announced, if any, has told every
    /// subscriber all of its changes: one who heard a write's first change
    /// then reads what waits in its channel and has the whole write, so
    /// that nobody draws half of a write of several records.
    pub fn await_announced(&self) {
        drop(self.lock(&self.inner.subscribers));
    }

    /// Hear about every write that lands from now on.
    pub fn subscribe(&self) -> Receiver<Change> {
        let (sender, receiver) = channel();
        self.lock(&self.inner.subscribers).push(sender);
        receiver
    }

    fn tree(&self, id: tx::TreeId) -> TreeRef {
        TreeRef {
            open: self.inner.sled(),
            at: id as usize,
        }
    }

    fn storage(&self, error: sled::Error) -> StoreError {
        if matches!(error, sled::Error::Io(_)) {
            self.inner
                .failed
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
        let error = open::storage_error(&self.inner.path, error);
        known_damage::note(&error);
        error
    }

    fn damaged(&self, detail: String) -> StoreError {
        known_damage::mark(&self.inner.path, &detail);
        StoreError::Damaged {
            path: self.inner.path.clone(),
            detail,
        }
    }

    fn lock<'a, T>(&self, mutex: &'a Mutex<T>) -> MutexGuard<'a, T> {
        // A panic elsewhere cannot leave these in a half-changed state.
        mutex
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The write path: one transaction over every tree, then flush, then
    /// announce. Callers must hold the write lock.
    fn transact<T>(&self, who: &str, work: impl Fn(&Tx) -> TxResult<T>) -> Result<T> {
        if self.inner.failed.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(StoreError::Io {
                path: self.inner.path.clone(),
                detail: "an earlier write failed (is the disk full?); nothing more is written until incubator is started again".into(),
            });
        }
        if self.access == Access::ReadOnly {
            return Err(access::forbidden(&self.access, "change anything".into()));
        }
        if let Some(refused) = known_damage::refusal(&self.inner.path) {
            return Err(refused);
        }
        let handles = self.inner.sled();
        let trees: Vec<&sled::Tree> = handles.trees.iter().collect();
        let writing = self.inner.generation.writing();
        let outcome = open::guard(&self.inner.path, || {
            trees.as_slice().transaction(|view| {
                let tx = Tx::new(view, who, &self.access);
                let value = work(&tx)?;
                Ok((value, tx.changes.into_inner()))
            })
        })
        .inspect_err(known_damage::note)?;
        let (value, changes) = outcome.map_err(|e| match e {
            TransactionError::Abort(StoreError::Damaged { detail, .. }) => self.damaged(detail),
            TransactionError::Abort(e) => e,
            TransactionError::Storage(e) => self.storage(e),
        })?;
        self.inner.sled().db.flush().map_err(|e| self.storage(e))?;
        drop(writing);
        log_writes(&changes);
        self.announce(changes);
        self.after_write_landed();
        Ok(value)
    }

    /// Take the write lock and run one write.
    fn write<T>(&self, who: &str, work: impl Fn(&Tx) -> TxResult<T>) -> Result<T> {
        let _writing = self.lock(&self.inner.write_lock);
        self.transact(who, work)
    }

    fn announce(&self, changes: Vec<Change>) {
        if changes.is_empty() {
            return;
        }
        let mut subscribers = self.lock(&self.inner.subscribers);
        subscribers.retain(|s| changes.iter().all(|c| s.send(c.clone()).is_ok()));
    }
}

/// Each write that landed, for the server's log (nothing listens
/// elsewhere): who and which record, never what it says.
fn log_writes(changes: &[history::Change]) {
    for change in changes {
        match change {
            history::Change::Record {
                kind,
                id,
                action,
                who,
            } => tracing::info!(
                target: "incubator::write",
                who = who.as_str(),
                kind = kind.noun(),
                id = id.as_str(),
                action = ?action,
                "write"
            ),
            history::Change::Everything => {
                tracing::info!(target: "incubator::write", "write of many records (an import)")
            }
        }
    }
}

#[cfg(test)]
mod program_tests;
#[cfg(test)]
mod running_tests;
#[cfg(test)]
mod tests;
