//! The automatic snapshots of one database, kept with it (set on its
//! store by [`enable`]). A snapshot is written
//! - at the first write of each day (on a thread of its own: the write
//!   that sets it off returns at once),
//! - when the full-screen view or the server closes, if anything was
//!   written since the last one ([`snapshot_at_shutdown`]; one per day,
//!   the latest),
//! - before `restore` or `import --replace` replaces the portfolio, once
//!   the new one has been written beside it ([`keep_before_replace`], from
//!   [`crate::store::swap`]).
//!
//! When the program lets go of the database (its last handle goes), the
//! snapshots still being written are finished and the ones that failed
//! are told on standard error.

use std::any::Any;
use std::fs;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};

use chrono::{Local, NaiveDate};

use super::BackupSettings;
use super::snapshot::{BackupError, Reason, Snapshot, io_words, list, prune, write_snapshot};
use crate::store::swap::KeepError;
use crate::store::{AfterWrite, Store, StoreError};

/// Why a snapshot was not written: the database could not be read, or
/// the file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error(transparent)]
    Read(#[from] StoreError),
    #[error(transparent)]
    Write(#[from] BackupError),
}

/// The automatic snapshots of one database.
#[derive(Default)]
struct Auto {
    /// `None` until a front end turns them on.
    settings: Mutex<Option<BackupSettings>>,
    taken: Mutex<Taken>,
    /// Snapshot threads still running, waited for before the database
    /// is let go ([`wait_for_pending`]).
    pending: Mutex<Vec<JoinHandle<()>>>,
    /// Background snapshots that failed, told when the database is let go.
    failures: Mutex<Vec<String>>,
}

/// What this process has seen to.
#[derive(Default)]
struct Taken {
    /// The day whose first write has been seen to.
    daily_seen: Option<NaiveDate>,
    /// The write generation of the last snapshot this process took.
    snapshotted: Option<u64>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// The automatic snapshots of the database `store` is on, set on it if
/// there are none yet (turned off until [`enable`]).
fn auto(store: &Store) -> Option<Arc<Auto>> {
    let hook = store.after_write_or_set(|| Arc::new(Auto::default()));
    hook.as_any().downcast::<Auto>().ok()
}

/// Turn automatic snapshots on for the database `store` is on: at the
/// first write of each day, and at [`snapshot_at_shutdown`]. Off by
/// default, so tests and benchmarks that open stores write none.
pub fn enable(store: &Store, settings: BackupSettings) {
    if let Some(auto) = auto(store) {
        *lock(&auto.settings) = Some(settings);
    }
}

/// Wait for every snapshot of the database `store` is on still being
/// written in the background.
pub fn wait_for_pending(store: &Store) {
    if let Some(auto) = auto(store) {
        auto.wait_for_pending();
    }
}

impl Auto {
    fn settings(&self) -> Option<BackupSettings> {
        *lock(&self.settings)
    }

    fn wait_for_pending(&self) {
        loop {
            let pending: Vec<JoinHandle<()>> = lock(&self.pending).drain(..).collect();
            if pending.is_empty() {
                return;
            }
            for handle in pending {
                let _ = handle.join();
            }
        }
    }

    fn failed(&self, failure: String) {
        lock(&self.failures).push(failure);
    }
}

impl AfterWrite for Auto {
    /// The first write of the day sets off a snapshot on its own thread.
    /// The writer pays for a look at the backups folder and a thread
    /// start, well under a millisecond, whatever the size of the
    /// portfolio.
    fn written(&self, store: &Store) {
        let Some(settings) = self.settings() else {
            return;
        };
        if settings.kept == 0 {
            return;
        }
        let today = Local::now().date_naive();
        {
            let mut taken = lock(&self.taken);
            if taken.daily_seen == Some(today) {
                return;
            }
            taken.daily_seen = Some(today);
        }
        let done_today = list(store.path()).is_ok_and(|snapshots| {
            snapshots.iter().any(|s| {
                s.reason == Reason::Daily && s.taken.with_timezone(&Local).date_naive() == today
            })
        });
        if done_today {
            return;
        }
        let store = store.detached();
        let spawned = thread::Builder::new()
            .name("daily snapshot".into())
            .spawn(move || {
                if let Err(e) = snapshot_now(&store, Reason::Daily)
                    && let Some(auto) = auto(&store)
                {
                    auto.failed(e.to_string());
                }
            });
        match spawned {
            Ok(handle) => lock(&self.pending).push(handle),
            Err(e) => self.failed(format!(
                "could not start the daily snapshot: {}",
                io_words(&e)
            )),
        }
    }

    fn closing(&self) {
        self.wait_for_pending();
        for failure in std::mem::take(&mut *lock(&self.failures)) {
            eprintln!("incubator: {}", crate::text::sanitize_line(&failure));
        }
    }

    fn as_any(self: Arc<Self>) -> Arc<dyn Any + Send + Sync> {
        self
    }
}

/// Write a snapshot of the database `store` is on now, whatever the
/// settings. The automatic ones (daily, shutdown) follow a write that
/// landed, so they prune the oldest if the settings say to; one kept
/// before a restore or an import replaces the portfolio does not: the
/// caller prunes once the replacement has committed ([`prune`]), so a
/// refused or failed one removes nothing.
pub fn snapshot_now(store: &Store, reason: Reason) -> Result<Snapshot, SnapshotError> {
    let (portfolio, generation) = store.portfolio_between_writes()?;
    let auto = auto(store);
    let settings = auto.as_ref().and_then(|auto| auto.settings());
    let snapshot = write_snapshot(store.path(), &portfolio, reason)?;
    if matches!(reason, Reason::Daily | Reason::Shutdown)
        && let Some(settings) = settings
    {
        prune(store.path(), settings, None);
    }
    if let Some(auto) = auto {
        let mut taken = lock(&auto.taken);
        taken.snapshotted = Some(taken.snapshotted.unwrap_or(0).max(generation));
    }
    Ok(snapshot)
}

/// Before a replace ([`crate::store::swap::replace`]): a snapshot of the
/// portfolio of `old` (not pruned; see [`snapshot_now`]) and how many
/// records it holds, or `None` when it holds none. Every read is guarded,
/// so a damaged store gives an error, never a panic.
pub fn keep_before_replace(
    old: &Store,
    reason: Reason,
) -> Result<Option<(Snapshot, usize)>, KeepError> {
    let (portfolio, _) = old.portfolio_between_writes().map_err(KeepError::Read)?;
    if portfolio.is_empty() {
        return Ok(None);
    }
    let snapshot = write_snapshot(old.path(), &portfolio, reason)
        .map_err(|e| KeepError::Write(e.to_string()))?;
    Ok(Some((snapshot, portfolio.len())))
}

/// The snapshot when a front end closes cleanly: written (and waited
/// for) if automatic snapshots are on and anything was written since the
/// last snapshot this process took, or there is none at all. It replaces
/// an earlier one of the same day, so closing the view ten times a day
/// does not push older days out.
pub fn snapshot_at_shutdown(store: &Store) -> Result<Option<Snapshot>, SnapshotError> {
    let Some(auto) = auto(store) else {
        return Ok(None);
    };
    match auto.settings() {
        Some(settings) if settings.kept > 0 => {}
        _ => return Ok(None),
    }
    auto.wait_for_pending();
    let generation = store.write_generation();
    let existing = list(store.path()).unwrap_or_default();
    let unchanged = match lock(&auto.taken).snapshotted {
        Some(at) => at == generation,
        None => generation == 0,
    };
    if unchanged && !existing.is_empty() {
        return Ok(None);
    }
    let snapshot = snapshot_now(store, Reason::Shutdown)?;
    let day = snapshot.taken.with_timezone(&Local).date_naive();
    for earlier in existing {
        if earlier.reason == Reason::Shutdown
            && earlier.taken.with_timezone(&Local).date_naive() == day
            && earlier.name != snapshot.name
        {
            let _ = fs::remove_file(&earlier.path);
        }
    }
    Ok(Some(snapshot))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::backup::snapshot::{folder, sequence_of};
    use crate::model::testing::*;

    fn store_in(dir: &Path) -> Store {
        let store = Store::open(&dir.join("db")).unwrap();
        store.initialize_empty().unwrap();
        store
    }

    #[test]
    fn the_sequence_is_read_back_from_the_header_and_orders_the_list() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        let first = snapshot_now(&store, Reason::Daily).unwrap();
        let second = snapshot_now(&store, Reason::BeforeImport).unwrap();
        assert_eq!((first.sequence, second.sequence), (1, 2));
        assert_eq!(sequence_of(&second.path), 2);
        second.verify().expect("the header is ignored on import");
        // A name from a clock that ran ahead does not make it newer.
        let ahead = folder(store.path()).join("2099-01-01T000000Z-daily.json");
        fs::copy(&first.path, &ahead).unwrap();
        let listed: Vec<String> = list(store.path())
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(
            listed,
            vec![
                second.name,
                "2099-01-01T000000Z-daily.json".into(),
                first.name
            ]
        );
    }

    #[test]
    fn a_snapshot_holds_the_portfolio_and_the_oldest_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        store.create("t", startup("s1").into()).unwrap();
        enable(
            &store,
            BackupSettings {
                kept: 3,
                prune: true,
            },
        );
        let mut names = Vec::new();
        for _ in 0..5 {
            // Kept before a replace: pruned only once it committed.
            names.push(snapshot_now(&store, Reason::BeforeRestore).unwrap().name);
            assert_eq!(list(store.path()).unwrap().len(), names.len().min(4));
            prune(
                store.path(),
                BackupSettings {
                    kept: 3,
                    prune: true,
                },
                None,
            );
        }
        let listed: Vec<String> = list(store.path())
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        names.reverse();
        assert_eq!(listed, names[..3].to_vec());
        let newest = &list(store.path()).unwrap()[0];
        let portfolio = newest.verify().unwrap();
        assert_eq!(portfolio.startups.len(), 1);
        assert_eq!(newest.counts().unwrap().startups, 1);
    }

    #[test]
    fn the_first_write_of_the_day_writes_one_daily_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        store.create("t", startup("s1").into()).unwrap();
        wait_for_pending(&store);
        assert_eq!(list(store.path()).unwrap(), vec![], "off until enabled");

        enable(&store, BackupSettings::default());
        store.create("t", startup("s2").into()).unwrap();
        store.create("t", startup("s3").into()).unwrap();
        wait_for_pending(&store);
        let snapshots = list(store.path()).unwrap();
        assert_eq!(snapshots.len(), 1, "{snapshots:?}");
        assert_eq!(snapshots[0].reason, Reason::Daily);
        let held = snapshots[0].verify().unwrap().startups.len();
        assert!((2..=3).contains(&held), "{held}");

        // Another process on the same day finds it there.
        drop(store);
        let store = Store::open(&dir.path().join("db")).unwrap();
        enable(&store, BackupSettings::default());
        store.create("t", startup("s4").into()).unwrap();
        wait_for_pending(&store);
        assert_eq!(list(store.path()).unwrap().len(), 1);
    }

    #[test]
    fn letting_go_of_the_database_finishes_its_daily_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        enable(&store, BackupSettings::default());
        store.create("t", startup("s1").into()).unwrap();
        let db = store.path().to_path_buf();
        // A handle for background work does not hold the database open.
        let background = store.detached();
        drop(store);
        let snapshots = list(&db).unwrap();
        assert_eq!(snapshots.len(), 1, "{snapshots:?}");
        assert_eq!(snapshots[0].verify().unwrap().startups.len(), 1);
        drop(background);
    }

    #[test]
    fn shutdown_writes_only_what_changed_and_one_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        enable(&store, BackupSettings::default());
        // Nothing yet: the first one is written even without a write.
        let first = snapshot_at_shutdown(&store).unwrap();
        assert!(first.is_some());
        assert_eq!(
            snapshot_at_shutdown(&store).unwrap(),
            None,
            "nothing changed"
        );
        // The day's first write: its daily snapshot already holds it.
        store.create("t", startup("s1").into()).unwrap();
        assert_eq!(snapshot_at_shutdown(&store).unwrap(), None);
        store.create("t", startup("s2").into()).unwrap();
        snapshot_at_shutdown(&store)
            .unwrap()
            .expect("a write since");
        store.create("t", startup("s3").into()).unwrap();
        let second = snapshot_at_shutdown(&store)
            .unwrap()
            .expect("a write since");
        assert_eq!(second.verify().unwrap().startups.len(), 3);
        let shutdowns: Vec<Snapshot> = list(store.path())
            .unwrap()
            .into_iter()
            .filter(|s| s.reason == Reason::Shutdown)
            .collect();
        assert_eq!(shutdowns, vec![second], "one shutdown snapshot a day");
    }

    #[test]
    fn snapshots_read_while_writes_land_are_consistent() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        store.create("t", startup("s0").into()).unwrap();
        let writer = {
            let store = store.clone();
            thread::spawn(move || {
                for i in 1..60 {
                    let id = format!("s{i}");
                    store.create("t", startup(&id).into()).unwrap();
                    store
                        .create("t", note(&format!("n{i}"), &id, "x").into())
                        .unwrap();
                    store
                        .delete("t", crate::model::Kind::Startup, &id, None, false)
                        .unwrap();
                }
            })
        };
        for _ in 0..20 {
            let snapshot = snapshot_now(&store, Reason::BeforeImport).unwrap();
            snapshot.verify().expect("a consistent portfolio");
        }
        writer.join().unwrap();
    }

    #[test]
    fn a_snapshot_that_cannot_be_written_says_where_and_why() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        // A file where the folder should be.
        fs::write(folder(store.path()), b"in the way").unwrap();
        let err = snapshot_now(&store, Reason::Daily).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("could not write a snapshot in "),
            "{err}"
        );
    }
}
