//! The model a process's sessions share (`app::SharedModel`), kept up to
//! date with the store by threads of its own: one reads each change back
//! once and applies it for every session; one loads the notes and the
//! search index after the first frame (`Data::load_first`).

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Weak};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use super::feed::read_update;
use super::session::TICK;
use crate::app::{Data, SharedModel};
use crate::search::SearchIndex;
use crate::store::{Change, Reopened, Store, StoreError};

/// The shared model and the thread that applies the store's changes to
/// it; dropping the last handle stops the thread and frees the model.
pub struct Feed {
    model: Arc<SharedModel>,
    stop: Arc<AtomicBool>,
    applier: Option<JoinHandle<()>>,
}

impl Feed {
    /// Load what the first frame needs, and start following the store and
    /// loading the rest. Once loaded, the store is opened afresh at the
    /// first quiet moment (see [`let_go_of_what_loading_read`]); if that
    /// fails, `gave_up` says so and ends the process.
    pub fn open(store: &Store, gave_up: fn(&StoreError) -> !) -> io::Result<Feed> {
        // Subscribed before loading, so no write is missed between.
        let changes = store.subscribe();
        let data = Data::load_first(store).map_err(io::Error::other)?;
        let model = Arc::new(SharedModel::new(data));
        let stop = Arc::new(AtomicBool::new(false));
        let applier = {
            let (store, model, stop) = (store.clone(), Arc::clone(&model), Arc::clone(&stop));
            thread::Builder::new()
                .name("following the store".into())
                .spawn(move || apply_changes(&store, &changes, &model, &stop))?
        };
        spawn_loader(store, &model, gave_up);
        Ok(Feed {
            model,
            stop,
            applier: Some(applier),
        })
    }

    pub fn model(&self) -> &Arc<SharedModel> {
        &self.model
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Within a tick; the store's handle goes with it.
        if let Some(applier) = self.applier.take() {
            let _ = applier.join();
        }
    }
}

/// Read each change back and apply it, every change waiting under one
/// write, until told to stop or the store goes.
fn apply_changes(
    store: &Store,
    changes: &Receiver<Change>,
    model: &SharedModel,
    stop: &AtomicBool,
) {
    while !stop.load(Ordering::SeqCst) {
        let first = match changes.recv_timeout(TICK) {
            Ok(change) => change,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        // The rest of that write is told while we woke: have it all, so
        // that a write of several records is applied whole.
        store.await_announced();
        // Read back outside the lock: sessions keep reading meanwhile.
        let updates: Vec<_> = std::iter::once(first)
            .chain(changes.try_iter())
            .filter_map(|change| read_update(store, change))
            .collect();
        if updates.is_empty() {
            continue;
        }
        let mut model = model.write();
        for update in updates {
            model.apply(update);
        }
    }
}

/// Read the notes, then build the search index, into `model`, on a thread
/// of its own; a failure goes to every session's status line.
fn spawn_loader(store: &Store, model: &Arc<SharedModel>, gave_up: fn(&StoreError) -> !) {
    if model.read().data.notes_loaded() {
        return;
    }
    let store = store.clone();
    let loading = Arc::clone(model);
    let spawned = thread::Builder::new()
        .name("loading notes".into())
        .spawn(move || match store.notes() {
            Ok(notes) => {
                loading.write().set_notes(notes);
                loading.build_index(SearchIndex::build);
                let_go_of_what_loading_read(&store, Arc::downgrade(&loading), gave_up);
            }
            Err(e) => loading
                .write()
                .problem(format!("Cannot read the notes: {e}")),
        });
    if let Err(e) = spawned {
        model
            .write()
            .problem(format!("Cannot start loading the notes: {e}"));
    }
}

/// How long nothing may reach the store before it is opened afresh, and
/// how many such moments are waited for.
const QUIET: Duration = Duration::from_millis(300);
const QUIET_TRIES: u32 = 200;

/// Close the store and open it afresh once nothing has reached it for a
/// moment: sled keeps an object for every page it has read, whatever its
/// cache's size, until it closes, and loading read them all (55 MB at
/// 10k; BENCHMARKS.md, "The full-screen view's memory"). The model holds
/// what the sessions show; the store is read again only for what they
/// ask. Gives up quietly after a minute of a busy store, or once every
/// session has gone.
fn let_go_of_what_loading_read(
    store: &Store,
    model: Weak<SharedModel>,
    gave_up: fn(&StoreError) -> !,
) {
    for _ in 0..QUIET_TRIES {
        let seen = store.uses();
        thread::sleep(QUIET);
        if model.strong_count() == 0 {
            return;
        }
        match store.reopen_if_unused(seen, gave_up) {
            Reopened::Busy => {}
            Reopened::Done(_) | Reopened::Never => return,
        }
    }
}
