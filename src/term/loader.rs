//! What a session loads after its first frame, on a thread of its own:
//! the notes, then a search index over everything (see `app::load`).

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::thread;

use crate::app::{BuiltIndex, Data, Loaded};
use crate::search::SearchIndex;
use crate::store::Store;

/// Start reading what `data` (from `Data::load_first`) lacks. The
/// receiver yields the notes, then the index; nothing when the notes are
/// loaded already; a message for the status line when they cannot be read.
pub fn spawn_loader(store: &Store, data: &Data) -> Receiver<Result<Loaded, String>> {
    let (sender, receiver) = mpsc::channel();
    if data.notes_loaded() {
        return receiver;
    }
    let store = store.clone();
    let generation = data.generation();
    // Before the notes load, the portfolio holds every other record.
    let records = data.portfolio.clone();
    let spawned = thread::Builder::new()
        .name("loading notes".into())
        .spawn(move || {
            let notes = match store.notes() {
                Ok(notes) => notes,
                Err(e) => {
                    let _ = sender.send(Err(format!("Cannot read the notes: {e}")));
                    return;
                }
            };
            // The index is built before the notes are handed over, from
            // the same notes: a copy for the session would cost 30 MB at
            // 10,000 startups, for the 100-150 ms the index takes.
            let index = SearchIndex::build_with_notes(&records, &notes);
            drop(records);
            if sender.send(Ok(Loaded::Notes(notes))).is_err() {
                return;
            }
            let _ = sender.send(Ok(Loaded::Index(BuiltIndex {
                generation,
                index: Arc::new(index),
            })));
        });
    if let Err(e) = spawned {
        let (sender, receiver) = mpsc::channel();
        let _ = sender.send(Err(format!("Cannot start loading the notes: {e}")));
        return receiver;
    }
    receiver
}
