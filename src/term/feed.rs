//! The store's change feed as session events: a front end reads back
//! what changed, since a session does no I/O of its own.

use crate::app::Update;
use crate::store::{Change, Store};

/// What `change` made of the store, read back; `None` if it cannot be
/// read (the next change or a restart shows it).
pub fn read_update(store: &Store, change: Change) -> Option<Update> {
    match change {
        Change::Record { kind, id, who, .. } => {
            let record = store
                .get_any(kind, &id)
                .ok()?
                .map(|stored| Box::new(stored.record));
            Some(Update::Record {
                kind,
                id,
                record,
                who,
            })
        }
        Change::Everything => store
            .portfolio()
            .ok()
            .map(|p| Update::Everything(Box::new(p))),
    }
}
