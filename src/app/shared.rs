//! The read model every session of a process shares: one `Data`, one
//! search index, each write applied once (by whoever feeds the model: the
//! front end's applier thread, or a test), and a short log of what
//! changed, which each session reads to follow the change its own way
//! (`follow.rs`). No I/O.
//!
//! Locking: a session's loop holds a read guard for a whole turn (follow
//! the log, handle events, draw), so a frame never mixes two generations;
//! inside a turn the session reads again with `read_recursive`, which
//! never waits for a writer queued behind the guard it already holds.

use std::collections::VecDeque;

use parking_lot::{RwLock, RwLockReadGuard, RwLockUpgradableReadGuard, RwLockWriteGuard};

use super::data::Data;
use crate::model::{Kind, Portfolio, Record};
use crate::search::SearchIndex;

/// How many changes the log keeps: a session further behind than this
/// (it was not scheduled for that long) follows them as one replacement.
const LOG: usize = 1024;

/// What changed in the store, as the front end read it back.
#[derive(Debug, Clone, PartialEq)]
pub enum Update {
    /// One record, as it is now; `None` when it was deleted.
    Record {
        kind: Kind,
        id: String,
        record: Option<Box<Record>>,
        who: String,
    },
    /// Many records at once (an import): the whole portfolio as it is now.
    Everything(Box<Portfolio>),
}

/// A search index and the `Data::generation` it was built from.
pub(super) struct SessionIndex {
    pub(super) generation: u64,
    pub(super) index: SearchIndex,
}

/// The portfolio a process's sessions look at, behind its lock.
pub struct SharedModel {
    lock: RwLock<Model>,
}

/// The portfolio as the sessions see it, and what changed lately.
pub struct Model {
    pub data: Data,
    /// The search index of `data`'s records as they are, when one is
    /// built and kept up to date (see [`Model::index`]).
    index: Option<SessionIndex>,
    /// How many changes the model has taken: a session that saw fewer
    /// reads the rest from `log`.
    changes: u64,
    /// The last changes, last last, each with the count it brought
    /// `changes` to.
    log: VecDeque<(u64, Changed)>,
}

/// One change to the model, as a session needs it to follow: what to
/// name, whose it was, where a note went.
#[derive(Debug, Clone, PartialEq)]
pub enum Changed {
    Record {
        kind: Kind,
        id: String,
        who: String,
        /// The record's label, as it is now, or as it was if deleted.
        name: String,
        gone: bool,
        /// For a note that was written: its startup.
        note_on: Option<String>,
    },
    /// Everything was replaced (an import, a restore).
    Everything,
    /// The notes came, after `Data::load_first`.
    Notes,
    /// Something went wrong loading: a line for every session.
    Problem(String),
}

impl SharedModel {
    pub fn new(data: Data) -> SharedModel {
        SharedModel {
            lock: RwLock::new(Model {
                data,
                index: None,
                changes: 0,
                log: VecDeque::new(),
            }),
        }
    }

    /// Read the model; never waits when this thread already reads it.
    pub fn read(&self) -> RwLockReadGuard<'_, Model> {
        self.lock.read_recursive()
    }

    /// Read the model for a session's turn: waits for a writer already
    /// waiting, so that sessions taking turns cannot starve it.
    pub fn turn(&self) -> RwLockReadGuard<'_, Model> {
        self.lock.read()
    }

    /// Build the search index (`build`, from the records) and keep it;
    /// sessions read on meanwhile, a write waits for it.
    pub fn build_index(&self, build: impl FnOnce(&crate::model::Portfolio) -> SearchIndex) {
        let model = self.lock.upgradable_read();
        if model.index().is_some() {
            return;
        }
        let generation = model.data.generation();
        let index = build(&model.data.portfolio);
        RwLockUpgradableReadGuard::upgrade(model).set_index(generation, index);
    }

    /// Change the model. Never from a thread that holds a read guard.
    pub fn write(&self) -> RwLockWriteGuard<'_, Model> {
        self.lock.write()
    }
}

impl Model {
    /// The search index of the records as they are, if one is kept.
    pub fn index(&self) -> Option<&SearchIndex> {
        self.index
            .as_ref()
            .filter(|built| built.generation == self.data.generation() && self.data.notes_loaded())
            .map(|built| &built.index)
    }

    /// Keep `index`, built from the records of `generation`, if they are
    /// still as they were; whether it was kept.
    pub fn set_index(&mut self, generation: u64, index: SearchIndex) -> bool {
        let current = generation == self.data.generation() && self.data.notes_loaded();
        if current {
            self.index = Some(SessionIndex { generation, index });
        }
        current
    }

    /// How many changes the model has taken.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// What changed after the first `seen` changes, oldest first; `None`
    /// when the log no longer reaches back that far.
    pub fn changed_since(&self, seen: u64) -> Option<Vec<Changed>> {
        if seen >= self.changes {
            return Some(Vec::new());
        }
        let first = self.log.front().map(|(at, _)| *at)?;
        if first > seen + 1 {
            return None;
        }
        Some(
            self.log
                .iter()
                .filter(|(at, _)| *at > seen)
                .map(|(_, changed)| changed.clone())
                .collect(),
        )
    }

    /// The notes read after `Data::load_first`.
    pub fn set_notes(&mut self, notes: Vec<crate::model::Note>) {
        if self.data.notes_loaded() {
            return;
        }
        self.data.set_notes(notes);
        // An index built before the notes lacks them.
        self.index = None;
        self.log(Changed::Notes);
    }

    /// Apply a write read back from the store: the records, the index in
    /// place (cheaper than building anew: 100–150 ms at 10,000 startups).
    pub fn apply(&mut self, update: Update) {
        let changed = match update {
            Update::Record {
                kind,
                id,
                record,
                who,
            } => {
                let name = match &record {
                    Some(record) => record.label(),
                    None => self.label_of(kind, &id).unwrap_or_else(|| id.clone()),
                };
                let note_on = match record.as_deref() {
                    Some(Record::Note(note)) => Some(note.startup.clone()),
                    _ => None,
                };
                let gone = record.is_none();
                // Before the notes are loaded a note's write does not
                // reach the records: the index is dropped then.
                let index = self.current_index();
                match record {
                    Some(record) => {
                        let indexed = index.is_some().then(|| (*record).clone());
                        self.data.put(*record);
                        if let (Some(mut index), Some(record), Some(at)) =
                            (index, indexed, self.data.position(kind, &id))
                        {
                            index.index.put(&record, at);
                            index.generation = self.data.generation();
                            self.index = Some(index);
                        }
                    }
                    None => {
                        self.data.remove(kind, &id);
                        if let Some(mut index) = index {
                            index.index.remove(kind, &id);
                            index.generation = self.data.generation();
                            self.index = Some(index);
                        }
                    }
                }
                Changed::Record {
                    kind,
                    id,
                    who,
                    name,
                    gone,
                    note_on,
                }
            }
            Update::Everything(everything) => {
                let indexed = self.index.take().is_some();
                self.data = Data::from_portfolio(*everything);
                // Built again once, for every session.
                if indexed {
                    let generation = self.data.generation();
                    let index = SearchIndex::build(&self.data.portfolio);
                    self.set_index(generation, index);
                }
                Changed::Everything
            }
        };
        self.log(changed);
    }

    /// Tell every session something went wrong.
    pub fn problem(&mut self, message: String) {
        self.log(Changed::Problem(message));
    }

    fn log(&mut self, changed: Changed) {
        self.changes += 1;
        if self.log.len() == LOG {
            self.log.pop_front();
        }
        self.log.push_back((self.changes, changed));
    }

    /// The index, taken to be kept up to date with a change, if it is of
    /// the records as they are.
    fn current_index(&mut self) -> Option<SessionIndex> {
        let index = self.index.take()?;
        (index.generation == self.data.generation() && self.data.notes_loaded()).then_some(index)
    }

    /// What the user calls record `id` of `kind`, while it is loaded.
    fn label_of(&self, kind: Kind, id: &str) -> Option<String> {
        let at = self.data.position(kind, id)?;
        let p = &self.data.portfolio;
        Some(match kind {
            Kind::Startup => p.startups.get(at)?.name.clone(),
            Kind::Cohort => p.cohorts.get(at)?.name.clone(),
            Kind::Mentor => p.mentors.get(at)?.name.clone(),
            Kind::DemoDay => Record::DemoDay(p.demo_days.get(at)?.clone()).label(),
            Kind::Call => p.calls.get(at)?.name.clone(),
            Kind::Application => p.applications.get(at)?.name.clone(),
            Kind::Milestone => p.milestones.get(at)?.title.clone(),
            Kind::Note | Kind::Review | Kind::OfficeHour => return None,
        })
    }
}
