//! Reads of a store that may be damaged, bounded in time.
//!
//! sled 0.34 can go round a damaged tree forever at 100% CPU: its iterator
//! hands back keys it has handed back before, or spins inside one step.
//! Two guards: every walk over a tree stops at the first key that is not
//! past the one before it (sled's keys only go up), and a whole read runs
//! on a thread of its own under a watchdog that gives up, with a message,
//! when no record has been read for a while. The thread it gives up on
//! keeps spinning; the command ends anyway.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use super::tx::{TREE_NAMES, TreeId};
use super::{Result, Store, StoreError};

/// Records read (and other steps taken) by every walk in this process:
/// what the watchdog looks at to tell a slow read from a stuck one.
static PROGRESS: AtomicU64 = AtomicU64::new(0);

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
    PROGRESS.fetch_add(1, Ordering::Relaxed);
}

/// A walk over one tree (or a range of it) that ticks the watchdog and
/// ends with an error where sled would go round in circles.
pub(super) struct Walk {
    items: sled::Iter,
    tree: &'static str,
    path: std::path::PathBuf,
    last: Option<sled::IVec>,
    done: bool,
}

impl Iterator for Walk {
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
                return Some(Err(super::open::storage_error(&self.path, e)));
            }
        };
        if self.last.as_ref().is_some_and(|last| item.0 <= *last) {
            self.done = true;
            return Some(Err(StoreError::Damaged {
                path: self.path.clone(),
                detail: format!("its {} go round in circles", self.tree),
            }));
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
            path: self.inner.path.clone(),
            last: None,
            done: false,
        }
    }

    /// Run a read on a thread of its own and wait for it while it makes
    /// progress; when it makes none for the stall time, give up with
    /// "damaged". A sled panic on the way is damage too.
    pub(super) fn bounded<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let store = self.clone();
        let path = self.inner.path.clone();
        let (done, finished) = channel();
        let spawned = std::thread::Builder::new()
            .name("bounded read".into())
            .spawn(move || {
                let path = store.inner.path.clone();
                // A panic's text is sled's: in words of our own instead.
                let result =
                    super::open::guard(&path, || work(&store)).map_err(|_| StoreError::Damaged {
                        path: path.clone(),
                        detail: "the storage engine gave up reading it".into(),
                    });
                let _ = done.send(result);
            });
        if let Err(e) = spawned {
            return Err(StoreError::Io {
                path,
                detail: format!("could not start a thread to read it ({e})"),
            });
        }
        let stall = stall();
        let step = (stall / 10).clamp(Duration::from_millis(10), Duration::from_millis(200));
        let mut seen = PROGRESS.load(Ordering::Relaxed);
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
                    let now = PROGRESS.load(Ordering::Relaxed);
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
        other => match TREE_NAMES[other as usize] {
            "demo_days" => "demo days",
            name => name,
        },
    }
}
