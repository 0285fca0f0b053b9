//! What a front end works out off the first frame's path and hands over.
//!
//! A session can start from `Data::load_first` (every record but the
//! notes, and each startup's note count and last note from the store's
//! summary), so its first frame waits for neither the notes nor the search
//! index. The front end then, on a thread of its own:
//!
//! 1. reads the notes (`Store::notes`) and feeds [`Loaded::Notes`];
//! 2. builds a [`SearchIndex`] over the records the session started from
//!    plus those notes, and feeds [`Loaded::Index`] with the
//!    `Data::generation` it started from ([`BuiltIndex`]).
//!
//! Both go to the model the process's sessions share (`shared.rs`): the
//! front end hands them over itself, or feeds them to a session that is
//! the model's only reader as events. Writes that land meanwhile are
//! applied as ever; the notes are brought up to date with them, and an
//! index built from an older generation is not kept.

use std::sync::Arc;

use super::state::App;
use crate::model::Note;
use crate::search::SearchIndex;

/// Something loaded off the session's thread.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// Every note, read after `Data::load_first`.
    Notes(Vec<Note>),
    /// A search index over the session's records and their notes.
    Index(BuiltIndex),
}

/// A search index built off the session's thread, from the records of
/// `Data::generation` `generation` and their notes.
#[derive(Clone)]
pub struct BuiltIndex {
    pub generation: u64,
    pub index: Arc<SearchIndex>,
}

impl PartialEq for BuiltIndex {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && Arc::ptr_eq(&self.index, &other.index)
    }
}

impl std::fmt::Debug for BuiltIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "BuiltIndex {{ generation: {}, records: {} }}",
            self.generation,
            self.index.len()
        )
    }
}

impl App {
    /// Hand what was loaded to the model (for a session that is its only
    /// reader; a front end whose sessions share one hands it to the model
    /// itself) and follow.
    pub fn loaded(&mut self, loaded: Loaded) {
        match loaded {
            Loaded::Notes(notes) => self.model.write().set_notes(notes),
            Loaded::Index(built) => {
                if let Ok(index) = Arc::try_unwrap(built.index) {
                    self.model.write().set_index(built.generation, index);
                }
            }
        }
        self.follow();
    }
}
