//! Reads of a store that may be damaged, bounded in time.
//!
//! sled 0.34 can go round a damaged tree forever at 100% CPU: past an
//! unreadable page its iterator hands back the same error on every call
//! (what hung `check`), and a damaged node could hand back keys again or
//! spin inside one step. Two guards: every walk over a tree stops at its
//! first error and at the first key that is not past the one before it
//! (sled's keys only go up), and a whole read runs on a thread of its own
//! under a watchdog that gives up, with a message, when nothing has been
//! read for a while. The thread it gives up on may spin on; the command
//! ends anyway.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use super::tx::{TREE_NAMES, TreeId};
use super::{Result, Store, StoreError};

thread_local! {
    /// Steps taken by the bounded read on this thread (records read, keys
    /// looked up): what its watchdog looks at to tell a slow read from a
    /// stuck one. `None` outside a bounded read.
    static PROGRESS: RefCell<Option<Arc<AtomicU64>>> = const { RefCell::new(None) };
}

/// How long a read may go without a single step before it is taken for
/// stuck: one sled step takes microseconds, a page read from a cold disk
/// milliseconds. `INCUBATOR_READ_STALL_MS` sets it (the damage harness
/// shortens it to run hundreds of cases).
const STALL: Duration = Duration::from_secs(10);

fn stall() -> Duration {
    std::env::var("INCUBATOR_READ_STALL_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(STALL, Duration::from_millis)
}

/// Count one step of a read (a record decoded, a key looked up).
pub(super) fn tick() {
    PROGRESS.with(|progress| {
        if let Some(steps) = &*progress.borrow() {
            steps.fetch_add(1, Ordering::Relaxed);
        }
    });
}

/// A walk over one tree (or a range of it) that ticks the watchdog and
/// ends with an error where sled would go round in circles: at the first
/// error (sled's iterator can hand back the same one forever) and at a key
/// that is not past the one before.
pub(super) struct Walk<I = sled::Iter> {
    items: I,
    /// Held while it walks: sled's iterator keeps its handles, so the
    /// database is not opened afresh under it (`reopen.rs`). Dropped
    /// after `items`, before `store` (which may be the store's last handle).
    _open: super::Open,
    tree: &'static str,
    /// For errors: a failed read marks the store failed, as every other.
    store: Store,
    last: Option<sled::IVec>,
    done: bool,
}

impl<I> Iterator for Walk<I>
where
    I: Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>,
{
    type Item = Result<(sled::IVec, sled::IVec)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        tick();
        let item = match self.items.next()? {
            Ok(pair) => pair,
            Err(e) => {
                self.done = true;
                return Some(Err(self.store.storage(e)));
            }
        };
        if self.last.as_ref().is_some_and(|last| item.0 <= *last) {
            self.done = true;
            return Some(Err(self
                .store
                .damaged(format!("its {} go round in circles", self.tree))));
        }
        self.last = Some(item.0.clone());
        Some(Ok(item))
    }
}

impl Store {
    /// Walk a whole tree, bounded (see [`Walk`]).
    pub(super) fn walk(&self, tree: TreeId) -> Walk {
        self.walk_items(tree, self.tree(tree).iter())
    }

    /// Walk the items sled gives for a range of a tree, bounded.
    pub(super) fn walk_items(&self, tree: TreeId, items: sled::Iter) -> Walk {
        Walk {
            items,
            tree: tree_words(tree),
            store: self.clone(),
            last: None,
            done: false,
            _open: self.inner.sled(),
        }
    }

    /// Run a read on a thread of its own and wait for it while it makes
    /// progress; when it makes none for the stall time, give up with
    /// "damaged". A sled panic on the way is damage too.
    pub(super) fn bounded<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.bounded_within(stall(), work)
    }

    fn bounded_within<T: Send + 'static>(
        &self,
        stall: Duration,
        work: impl FnOnce(&Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let store = self.clone();
        let path = self.inner.path.clone();
        let (done, finished) = channel();
        let progress = Arc::new(AtomicU64::new(0));
        let steps = Arc::clone(&progress);
        let spawned = std::thread::Builder::new()
            .name("bounded read".into())
            .spawn(move || {
                PROGRESS.with(|progress| *progress.borrow_mut() = Some(steps));
                let path = store.inner.path.clone();
                // A panic's text is sled's: in words of our own instead.
                let result =
                    super::open::guard(&path, || work(&store)).map_err(|_| StoreError::Damaged {
                        path: path.clone(),
                        detail: "the storage engine gave up reading it".into(),
                    });
                // Let go of the store before answering, so the caller's
                // handle is the last: closing it (the final flush, the
                // holder file, a read copy's folder) happens there and not
                // on this thread, which the process may not wait for.
                drop(store);
                let _ = done.send(result);
            });
        if let Err(e) = spawned {
            return Err(StoreError::Io {
                path,
                detail: format!("could not start a thread to read it ({e})"),
            });
        }
        let step = (stall / 10).clamp(Duration::from_millis(10), Duration::from_millis(200));
        let mut seen = progress.load(Ordering::Relaxed);
        let mut since = Instant::now();
        loop {
            match finished.recv_timeout(step) {
                Ok(result) => return result?,
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(StoreError::Damaged {
                        path,
                        detail: "the storage engine stopped".into(),
                    });
                }
                Err(RecvTimeoutError::Timeout) => {
                    let now = progress.load(Ordering::Relaxed);
                    if now != seen {
                        seen = now;
                        since = Instant::now();
                    } else if since.elapsed() >= stall {
                        return Err(StoreError::Damaged {
                            path,
                            detail: format!(
                                "reading it went round in circles: nothing read for {} s",
                                stall.as_secs_f32().ceil()
                            ),
                        });
                    }
                }
            }
        }
    }
}

/// A tree's contents in words, for messages.
fn tree_words(tree: TreeId) -> &'static str {
    match tree {
        TreeId::NoteOwners => "note index entries",
        TreeId::History => "history entries",
        TreeId::Meta => "settings",
        TreeId::NoteSummary => "note counts",
        TreeId::Catalog => "catalog entries",
        TreeId::Names => "name index entries",
        other => match TREE_NAMES[other as usize] {
            "demo_days" => "demo days",
            name => name,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sled::IVec;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        (dir, store)
    }

    fn walk(items: Vec<sled::Result<(IVec, IVec)>>) -> Vec<Result<(IVec, IVec)>> {
        let (_dir, store) = store();
        Walk {
            items: items.into_iter(),
            tree: "notes",
            _open: store.inner.sled(),
            store,
            last: None,
            done: false,
        }
        .collect()
    }

    fn pair(key: &str) -> sled::Result<(IVec, IVec)> {
        Ok((key.as_bytes().into(), IVec::default()))
    }

    #[test]
    fn a_walk_ends_at_a_key_that_goes_back() {
        let got = walk(vec![pair("a"), pair("b"), pair("a"), pair("b"), pair("c")]);
        assert_eq!(got.len(), 3, "two keys, then one error, then nothing");
        let Err(StoreError::Damaged { detail, .. }) = &got[2] else {
            panic!("{:?}", got[2]);
        };
        assert_eq!(detail, "its notes go round in circles");
    }

    #[test]
    fn a_walk_ends_at_the_first_error_of_an_endless_stream() {
        // sled's iterator over a damaged page: the same error, forever.
        let endless = std::iter::repeat_with(|| Err(sled::Error::Corruption { at: None, bt: () }));
        let (_dir, store) = store();
        let mut walk = Walk {
            items: std::iter::once(pair("a")).chain(endless),
            tree: "notes",
            _open: store.inner.sled(),
            store,
            last: None,
            done: false,
        };
        assert!(walk.next().is_some_and(|item| item.is_ok()));
        let Some(Err(e)) = walk.next() else {
            panic!("an error");
        };
        assert!(e.to_string().contains("its files do not add up"), "{e}");
        assert!(walk.next().is_none());
    }

    #[test]
    fn a_read_that_stops_reading_is_given_up_with_a_message() {
        let (_dir, store) = store();
        let started = Instant::now();
        // Reads nothing for 3 s, as sled spinning on a damaged page does.
        let got = store.bounded_within(Duration::from_millis(300), |_| {
            std::thread::sleep(Duration::from_secs(3));
            Ok(())
        });
        assert!(started.elapsed() < Duration::from_secs(2));
        let Err(StoreError::Damaged { detail, .. }) = got else {
            panic!("{got:?}");
        };
        assert!(
            detail.starts_with("reading it went round in circles"),
            "{detail}"
        );
    }

    #[test]
    fn a_slow_read_that_keeps_reading_is_not_given_up() {
        let (_dir, store) = store();
        let got = store.bounded_within(Duration::from_millis(300), |_| {
            for _ in 0..10 {
                std::thread::sleep(Duration::from_millis(100));
                tick();
            }
            Ok(7)
        });
        assert_eq!(got.unwrap(), 7);
    }

    #[test]
    fn a_panic_in_a_read_is_damage_in_words_of_our_own() {
        let (_dir, store) = store();
        let got: Result<()> =
            store.bounded_within(STALL, |_| panic!("fucked up tree traversal next(..)"));
        let Err(StoreError::Damaged { detail, .. }) = got else {
            panic!("{got:?}");
        };
        assert_eq!(detail, "the storage engine gave up reading it");
    }
}
