//! Work a write sets off once it has landed, one per database: the
//! automatic snapshots ([`crate::backup`]) hang here, so the store knows
//! of them only that something hears of every write, and is told when
//! the program lets go of the database.

use std::any::Any;
use std::sync::{Arc, Mutex};

use super::{Inner, Store};

/// What a database does after each write that landed.
pub trait AfterWrite: Any + Send + Sync {
    /// A write through `store` landed. Called on the writer's thread with
    /// the write lock held: keep it short (start a thread for long work).
    fn written(&self, store: &Store);
    /// The last handle a front end held on the database is going (see
    /// [`Store::detached`]): finish what [`AfterWrite::written`] set off.
    fn closing(&self);
    /// Itself, for the module that set it to find its own type again.
    fn as_any(self: Arc<Self>) -> Arc<dyn Any + Send + Sync>;
}

/// The database's [`AfterWrite`], once one is set.
#[derive(Default)]
pub(super) struct Hook(Mutex<Option<Arc<dyn AfterWrite>>>);

impl Hook {
    pub(super) fn get(&self) -> Option<Arc<dyn AfterWrite>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

/// Shared by the handles a front end holds: when the last of them goes,
/// the hook hears that the database is closing, before sled lets go.
pub(super) struct Held(pub(super) Arc<Inner>);

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(hook) = self.0.after_write.get() {
            hook.closing();
        }
    }
}

impl Store {
    /// The hook that hears of every write that lands, setting the one
    /// `make` makes if there is none yet.
    pub fn after_write_or_set(
        &self,
        make: impl FnOnce() -> Arc<dyn AfterWrite>,
    ) -> Arc<dyn AfterWrite> {
        let mut slot = self
            .inner
            .after_write
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Arc::clone(slot.get_or_insert_with(make))
    }

    /// The hook that hears of every write, if one is set.
    pub fn after_write(&self) -> Option<Arc<dyn AfterWrite>> {
        self.inner.after_write.get()
    }

    /// A handle for work the database does in the background (a snapshot
    /// a write set off): it does not keep the database open for
    /// [`AfterWrite::closing`], which waits for that work instead.
    pub fn detached(&self) -> Store {
        Store {
            _held: None,
            ..self.clone()
        }
    }

    /// Tell the hook, if any, that a write landed.
    pub(super) fn after_write_landed(&self) {
        if let Some(hook) = self.inner.after_write.get() {
            hook.written(self);
        }
    }
}
