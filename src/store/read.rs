//! Reading records, notes and history.

use std::collections::HashMap;

use super::history::HistoryEntry;
use super::stored::*;
use super::tx::{NOTE_SUMMARY_KEY, NOTE_SUMMARY_VERSION, NoteDays, NoteHead, TreeId, tree_of};
use super::{Result, Store};
use crate::model::*;

/// Below this many records a list is decoded on one thread: a second one
/// costs more to start than it saves.
const PARALLEL_DECODE: usize = 2_000;

impl Store {
    /// Every record of one kind this handle may read (see `blind`), in
    /// natural id order (notes: by startup).
    pub fn list<T: Kept + Send>(&self) -> Result<Vec<Stored<T>>> {
        let mut out = self.list_unfiltered::<T>()?;
        self.without_unseen_reviews(&mut out);
        Ok(out)
    }

    /// Every record of one kind, whoever reads.
    pub(super) fn list_unfiltered<T: Kept + Send>(&self) -> Result<Vec<Stored<T>>> {
        let items = self.walk(tree_of(T::KIND));
        // Notes are read off the first frame's path, and are most of a
        // portfolio: one at a time, so that no copy of them all is held
        // while they are decoded.
        let mut out = if T::KIND == Kind::Note {
            self.scan::<T>(items)?
        } else {
            self.scan_parallel::<T>(items)?
        };
        if T::KIND != Kind::Note {
            out.sort_by(|a, b| natural_cmp(a.record.id(), b.record.id()));
        }
        Ok(out)
    }

    pub fn get<T: Kept>(&self, id: &str) -> Result<Option<Stored<T>>> {
        Ok(self
            .get_any(T::KIND, id)?
            .and_then(|s| T::from_record(s.record.clone()).map(|r| s.map(|_| r))))
    }

    /// Any record by kind and id.
    pub fn get_any(&self, kind: Kind, id: &str) -> Result<Option<Stored<Record>>> {
        let key = if kind == Kind::Note {
            match self.owner(id)? {
                Some(startup) => note_key(&startup, id),
                None => return Ok(None),
            }
        } else {
            id.as_bytes().to_vec()
        };
        let bytes = self
            .tree(tree_of(kind))
            .get(key)
            .map_err(|e| self.storage(e))?;
        let found = bytes
            .map(|b| decode_any(kind, &b))
            .transpose()
            .map_err(|e| self.damaged(format!("{kind} {id} cannot be read: {e}")))?;
        match found {
            Some(stored) if !self.may_read(&stored.record)? => Ok(None),
            found => Ok(found),
        }
    }

    pub fn contains(&self, kind: Kind, id: &str) -> Result<bool> {
        if kind == Kind::Note {
            return Ok(self.owner(id)?.is_some());
        }
        self.tree(tree_of(kind))
            .contains_key(id.as_bytes())
            .map_err(|e| self.storage(e))
    }

    /// The startup of the note `id`, from the note index (see `owners`).
    fn owner(&self, id: &str) -> Result<Option<String>> {
        let tree = self.tree(TreeId::NoteOwners);
        super::owners::owner(id, |key| tree.get(key))
            .map_err(|e| self.storage(e))?
            .map_err(|_| self.damaged("the note index cannot be read".into()))
    }

    /// One startup's notes, newest first.
    pub fn notes_of(&self, startup: &str) -> Result<Vec<Stored<Note>>> {
        let prefix = note_prefix(startup);
        let items = self.walk_items(TreeId::Notes, self.tree(TreeId::Notes).scan_prefix(prefix));
        let mut notes = self.scan::<Note>(items)?;
        notes.sort_by(|a, b| {
            b.record
                .created_at
                .cmp(&a.record.created_at)
                .then_with(|| natural_cmp(&b.record.id, &a.record.id))
        });
        Ok(notes)
    }

    /// The whole portfolio, as plain records. Bounded in time, as every
    /// whole read of a store that may be damaged (see `watch`).
    pub fn portfolio(&self) -> Result<Portfolio> {
        self.bounded(|store| {
            let mut portfolio = without_notes(store)?;
            portfolio.notes = plain(store)?;
            Ok(portfolio)
        })
    }

    /// The portfolio without its notes, which are most of it: what a first
    /// screen needs, with [`Store::note_summaries`].
    pub fn portfolio_without_notes(&self) -> Result<Portfolio> {
        self.bounded(without_notes)
    }

    /// Every note, by startup (as `list::<Note>` orders them).
    pub fn notes(&self) -> Result<Vec<Note>> {
        self.bounded(plain)
    }

    /// Each startup's note count and the day of its last note, without
    /// reading the notes: from the summary the store keeps beside them
    /// (built from the notes the first time a database from before it is
    /// read). Startups without notes are left out.
    pub fn note_summaries(&self) -> Result<HashMap<String, NoteSummary>> {
        self.bounded(|store| {
            let mut out = HashMap::new();
            store.for_each_note_summary(|startup, summary| {
                out.insert(startup.to_string(), summary);
            })?;
            Ok(out)
        })
    }

    /// [`Store::note_summaries`] one startup at a time, without
    /// collecting them: what a first frame over 100,000 startups wants.
    pub fn for_each_note_summary(&self, mut visit: impl FnMut(&str, NoteSummary)) -> Result<()> {
        if !self.note_summary_is_complete()? {
            self.rebuild_note_summary()?;
        }
        for item in self.walk(TreeId::NoteSummary) {
            let (key, bytes) = item?;
            let (count, last) = NoteDays::count_and_last(&bytes);
            visit(&String::from_utf8_lossy(&key), NoteSummary { count, last });
        }
        Ok(())
    }

    fn note_summary_is_complete(&self) -> Result<bool> {
        let version = self
            .tree(TreeId::Meta)
            .get(NOTE_SUMMARY_KEY)
            .map_err(|e| self.storage(e))?;
        Ok(super::tx::read_u64(version.as_deref()) == NOTE_SUMMARY_VERSION)
    }

    /// Count every note again into the summary. Not a change to any
    /// record, so no history; under the write lock, so no write comes
    /// between the count and the summary. The version mark goes last, after
    /// a flush: a rebuild cut short is done again on the next read.
    fn rebuild_note_summary(&self) -> Result<()> {
        let _writing = self.lock(&self.inner.write_lock);
        if self.note_summary_is_complete()? {
            return Ok(());
        }
        let mut days: HashMap<String, NoteDays> = HashMap::new();
        for item in self.walk(TreeId::Notes) {
            let (_, bytes) = item?;
            // An unreadable note is for `check` to report.
            if let Ok(head) = decode::<NoteHead>(&bytes) {
                days.entry(head.record.startup)
                    .or_default()
                    .add(head.record.created_at.date_naive(), true);
            }
        }
        let tree = self.tree(TreeId::NoteSummary);
        let mut batch = sled::Batch::default();
        for item in self.walk(TreeId::NoteSummary) {
            batch.remove(item?.0);
        }
        for (startup, days) in &days {
            batch.insert(startup.as_bytes(), days.encode());
        }
        tree.apply_batch(batch).map_err(|e| self.storage(e))?;
        self.inner.sled().db.flush().map_err(|e| self.storage(e))?;
        self.tree(TreeId::Meta)
            .insert(NOTE_SUMMARY_KEY, &NOTE_SUMMARY_VERSION.to_be_bytes())
            .map_err(|e| self.storage(e))?;
        self.inner.sled().db.flush().map_err(|e| self.storage(e))?;
        Ok(())
    }

    /// Every write to one record, oldest first: its own entries, and its
    /// import's, found in the parts an import writes (see `imported`).
    pub fn history_of(&self, kind: Kind, id: &str) -> Result<Vec<HistoryEntry>> {
        // A review a mentor may not read yet has no history they may read
        // either (nor has one deleted: its scores are in it).
        if kind == Kind::Review && self.reads_blind().is_some() && self.get_any(kind, id)?.is_none()
        {
            return Ok(Vec::new());
        }
        let history = self.tree(TreeId::History);
        let prefix = super::stored::history_prefix(kind, id);
        let mut entries: Vec<HistoryEntry> = self
            .walk_items(TreeId::History, history.scan_prefix(prefix))
            .map(|item| {
                let (_, bytes) = item?;
                decode(&bytes)
                    .map_err(|e| self.damaged(format!("a history entry cannot be read: {e}")))
            })
            .collect::<Result<_>>()?;
        let parts = history.scan_prefix(super::imported::PART_PREFIX);
        for item in self.walk_items(TreeId::History, parts) {
            let (_, bytes) = item?;
            let part = super::imported::Part::read(&bytes)
                .map_err(|e| self.damaged(format!("a history entry cannot be read: {e}")))?;
            entries.extend(part.entry_of(kind, id));
        }
        entries.sort_by_key(|entry| entry.seq);
        Ok(entries)
    }

    /// The edits of a startup's notes, in the order made: its timeline
    /// shows them among its own changes, and an edited note says so.
    pub fn note_edits_of(&self, startup: &str) -> Result<Vec<HistoryEntry>> {
        let mut edits = Vec::new();
        // A note never edited is at version 1: its history is not read.
        for note in self
            .notes_of(startup)?
            .into_iter()
            .filter(|n| n.version > 1)
        {
            let entries = self.history_of(Kind::Note, &note.record.id)?;
            edits.extend(
                entries
                    .into_iter()
                    .filter(|e| e.action == super::ChangeKind::Updated),
            );
        }
        edits.sort_by_key(|entry| entry.seq);
        Ok(edits)
    }

    /// Number of records of one kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.tree(tree_of(kind)).len()
    }

    /// `scan`, with the decoding (most of the time) split over two threads
    /// for a long list. The same records in the same order as `scan`.
    fn scan_parallel<T: Kept + Send>(
        &self,
        items: impl Iterator<Item = Result<(sled::IVec, sled::IVec)>>,
    ) -> Result<Vec<Stored<T>>> {
        let raw: Vec<(sled::IVec, sled::IVec)> = items.collect::<Result<_>>()?;
        if raw.len() < PARALLEL_DECODE {
            return self.scan::<T>(raw.into_iter().map(Ok));
        }
        let (first, second) = raw.split_at(raw.len() / 2);
        let decode_all = |part: &[(sled::IVec, sled::IVec)]| {
            self.scan::<T>(part.iter().map(|(k, v)| Ok((k.clone(), v.clone()))))
        };
        let (mut a, b) = std::thread::scope(|scope| {
            let other = scope.spawn(|| decode_all(second));
            let a = decode_all(first);
            // A panic in the other thread is sled's or serde's: pass it on.
            let b = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (a, b)
        });
        if let Ok(a) = &mut a {
            a.extend(b?);
        }
        a
    }

    fn scan<T: Kept>(
        &self,
        items: impl Iterator<Item = Result<(sled::IVec, sled::IVec)>>,
    ) -> Result<Vec<Stored<T>>> {
        items
            .map(|item| {
                let (key, bytes) = item?;
                decode::<Stored<T>>(&bytes).map_err(|e| {
                    self.damaged(format!(
                        "{} {} cannot be read: {e}",
                        T::KIND,
                        String::from_utf8_lossy(&key).replace('\0', "/")
                    ))
                })
            })
            .collect()
    }
}

fn without_notes(store: &Store) -> Result<Portfolio> {
    Ok(Portfolio {
        cohorts: plain(store)?,
        mentors: plain(store)?,
        startups: plain(store)?,
        demo_days: plain(store)?,
        notes: Vec::new(),
        calls: plain(store)?,
        applications: plain(store)?,
        reviews: plain(store)?,
        milestones: plain(store)?,
        office_hours: plain(store)?,
    })
}

fn plain<T: Kept + Send>(store: &Store) -> Result<Vec<T>> {
    let stored = store.list::<T>()?;
    // Into a list of its own size: collected in place, the records would
    // keep the envelopes' larger allocation (8 MB more for 100,000 notes).
    let mut records = Vec::with_capacity(stored.len());
    records.extend(stored.into_iter().map(|s| s.record));
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Parsed;

    fn store_with(p: Portfolio) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        store
            .import(
                "test",
                Parsed {
                    portfolio: p,
                    problems: vec![],
                },
                false,
            )
            .unwrap();
        (dir, store)
    }

    /// The summary worked out from the notes themselves.
    fn expected(store: &Store) -> HashMap<String, NoteSummary> {
        let mut out: HashMap<String, NoteSummary> = HashMap::new();
        for note in store.notes().unwrap() {
            let s = out.entry(note.startup.clone()).or_default();
            s.count += 1;
            s.last = s.last.max(Some(note.created_at.date_naive()));
        }
        out
    }

    #[test]
    fn the_note_summary_follows_every_write() {
        let (_dir, store) = store_with(crate::generate::portfolio(60, 2));
        assert_eq!(store.note_summaries().unwrap(), expected(&store));

        let mut fresh = crate::model::testing::note("", "s3", "new");
        fresh.created_at = "2026-07-01T10:00:00+04:00".parse().unwrap();
        let created = store.create("t", Record::Note(fresh)).unwrap();
        assert_eq!(store.note_summaries().unwrap(), expected(&store));

        // Moved to another startup, and to another day.
        let Record::Note(mut moved) = created.record.clone() else {
            panic!("a note")
        };
        moved.startup = "s4".into();
        moved.created_at = "2026-01-01T10:00:00+04:00".parse().unwrap();
        store
            .update("t", Record::Note(moved), created.version)
            .unwrap();
        assert_eq!(store.note_summaries().unwrap(), expected(&store));

        let note = store.notes().unwrap().remove(0);
        store
            .delete("t", Kind::Note, &note.id, None, false)
            .unwrap();
        assert_eq!(store.note_summaries().unwrap(), expected(&store));

        // A startup's notes go with it.
        store.delete("t", Kind::Startup, "s5", None, false).unwrap();
        assert!(!store.note_summaries().unwrap().contains_key("s5"));
        assert_eq!(store.note_summaries().unwrap(), expected(&store));

        // Replaced whole.
        store
            .import(
                "t",
                Parsed {
                    portfolio: crate::generate::portfolio(30, 9),
                    problems: vec![],
                },
                true,
            )
            .unwrap();
        assert_eq!(store.note_summaries().unwrap(), expected(&store));
    }

    #[test]
    fn a_database_from_before_the_summary_gets_one_when_read() {
        let (_dir, store) = store_with(crate::generate::portfolio(40, 4));
        // As a database written before the summary existed: none, unmarked.
        store.tree(TreeId::NoteSummary).clear().unwrap();
        store.tree(TreeId::Meta).remove(NOTE_SUMMARY_KEY).unwrap();
        assert!(!store.note_summary_is_complete().unwrap());
        assert_eq!(store.note_summaries().unwrap(), expected(&store));
        assert!(store.note_summary_is_complete().unwrap());
    }

    #[test]
    fn a_list_decoded_on_two_threads_is_the_same() {
        let (_dir, store) = store_with(crate::generate::portfolio(300, 6));
        let parallel = store
            .scan_parallel::<Note>(store.walk(TreeId::Notes))
            .unwrap();
        assert!(parallel.len() >= PARALLEL_DECODE);
        let one_thread = store.list::<Note>().unwrap();
        assert_eq!(parallel, one_thread);
    }
}
