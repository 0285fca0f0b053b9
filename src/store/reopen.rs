//! Closing sled and opening it afresh, for a holder that has gone quiet
//! (`incubator serve` once its last session and command have ended): sled
//! keeps objects for every page it has read, whatever its cache's size,
//! until it closes (issue 21: 97 MB allocated after twenty sessions at
//! 10k, 24 MB once closed). Opened again, it replays from its snapshot and
//! starts with an empty cache.
//!
//! Safe at any moment, not only a quiet one: the handles sit behind a lock
//! that every read and write holds while it reaches them (a walk for as
//! long as it walks); a reopen takes it for writing only if nobody holds
//! it, with the write lock, and only if nothing reached the database since
//! the caller last looked ([`Store::uses`]). Whoever comes meanwhile waits
//! for it. Subscribers, the write counter and the after-write hook are the
//! store's, not sled's: they carry on. Our own lock on the folder
//! ([`super::open::hold`]) stays taken throughout, so no other process
//! opens the database while sled's lock is let go.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::{LAST_FLUSH_WAIT, Store, StoreError, close_within, open, open_handles};

/// What came of [`Store::reopen_if_unused`].
#[derive(Debug, PartialEq, Eq)]
pub enum Reopened {
    /// Closed and opened again, in this long.
    Done(Duration),
    /// Someone reached the database meanwhile, or holds it: not now.
    Busy,
    /// Not a database that is opened again: a copy being read, or one
    /// whose disk failed a write (sled would hang closing it).
    Never,
}

impl Store {
    /// How many times the database has been reached since it opened: a
    /// caller that sees it unchanged over a while knows it was unused.
    pub fn uses(&self) -> u64 {
        self.inner.uses.load(Ordering::SeqCst)
    }

    /// Close sled and open it afresh, unless something reached the
    /// database since [`Store::uses`] returned `uses` or is reaching it
    /// now. Everything written is flushed first. If sled cannot be closed
    /// or opened again (its disk gone), there is no database left to
    /// serve: `gave_up` is called, with nothing reaching the database
    /// meanwhile, and must not return (say so and exit).
    pub fn reopen_if_unused(&self, uses: u64, gave_up: fn(&StoreError) -> !) -> Reopened {
        self.reopen_between(uses, gave_up, || {})
    }

    /// [`Store::reopen_if_unused`], running `between` while sled is closed.
    pub(super) fn reopen_between(
        &self,
        uses: u64,
        gave_up: fn(&StoreError) -> !,
        between: impl FnOnce(),
    ) -> Reopened {
        let inner = &self.inner;
        if inner.copy.is_some() || inner.failed.load(Ordering::SeqCst) {
            return Reopened::Never;
        }
        let Ok(_writing) = inner.write_lock.try_lock() else {
            return Reopened::Busy;
        };
        let Some(mut handles) = inner.sled.try_write() else {
            return Reopened::Busy;
        };
        if self.uses() != uses {
            return Reopened::Busy;
        }
        let Some(old) = handles.take() else {
            return Reopened::Never;
        };
        let started = Instant::now();
        if !close_within(old, LAST_FLUSH_WAIT) {
            gave_up(&StoreError::Io {
                path: inner.path.clone(),
                detail: "it did not finish writing to disk (is the disk full?)".into(),
            });
        }
        // sled's background jobs let go of its lock a moment after the
        // handles: opening again waits for them.
        open::mark_closed_here(&inner.path);
        between();
        match open_handles(&inner.path) {
            Ok(sled) => *handles = Some(sled),
            Err(e) => gave_up(&e),
        }
        Reopened::Done(started.elapsed())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;

    use super::*;
    use crate::model::testing::startup;
    use crate::model::{Kind, Startup};

    fn gave_up(e: &StoreError) -> ! {
        panic!("the reopen gave up: {e}")
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.initialize_empty().unwrap();
        (dir, store)
    }

    #[test]
    fn a_write_made_just_before_a_reopen_is_there_after_it_and_after_the_store_closes() {
        let (dir, store) = store();
        let changes = store.subscribe();
        store.create("amy", startup("s1").into()).unwrap();
        let done = store.reopen_if_unused(store.uses(), gave_up);
        assert!(matches!(done, Reopened::Done(_)), "{done:?}");
        assert_eq!(
            store.list::<Startup>().unwrap()[0].record.name,
            "Startup s1"
        );
        // Written after the reopen: on disk, and heard by a subscriber of before.
        store.create("amy", startup("s2").into()).unwrap();
        assert_eq!(changes.try_iter().count(), 2);
        drop(store);
        let again = Store::open(&dir.path().join("db")).unwrap();
        assert_eq!(again.count(Kind::Startup), 2);
    }

    #[test]
    fn a_store_reached_since_it_was_looked_at_or_walked_now_is_not_reopened() {
        let (_dir, store) = store();
        let uses = store.uses();
        store.count(Kind::Startup);
        assert_eq!(store.reopen_if_unused(uses, gave_up), Reopened::Busy);
        let walking = store.walk(super::super::tx::TreeId::Startups);
        assert_eq!(
            store.reopen_if_unused(store.uses(), gave_up),
            Reopened::Busy
        );
        drop(walking);
        let done = store.reopen_if_unused(store.uses(), gave_up);
        assert!(matches!(done, Reopened::Done(_)), "{done:?}");
    }

    #[test]
    fn while_sled_is_closed_no_one_else_opens_it_and_a_reader_waits_for_it() {
        let (dir, store) = store();
        store.create("amy", startup("s1").into()).unwrap();
        let path = dir.path().join("db");
        let (read, names) = channel();
        let done = store.reopen_between(store.uses(), gave_up, || {
            // sled's own lock is let go here: ours keeps the database held.
            assert!(super::super::is_held(&path));
            let other = Store::open(&path).err().map(|e| e.to_string());
            assert!(other.is_some_and(|e| e.contains("in use")), "opened");
            let reader = store.clone();
            std::thread::spawn(move || {
                let listed = reader.list::<Startup>().map(|s| s[0].record.name.clone());
                let _ = read.send(listed.ok());
            });
            // The reader is held up until the database is open again.
            std::thread::sleep(Duration::from_millis(100));
            assert!(names.try_recv().is_err());
        });
        assert!(matches!(done, Reopened::Done(_)), "{done:?}");
        let name = names.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(name.as_deref(), Some("Startup s1"));
    }
}
