//! Filling a fresh database for a streamed import, fast: each batch is
//! plain writes, one `sled::Batch` a tree, not a transaction. That is safe
//! only because nobody sees the database until it is swapped in whole
//! ([`super::swap::replace_with`]): a batch cut short leaves a folder
//! that is thrown away. What lands is what [`Store::import`] writes: each
//! record at version 1, its catalog entry, the note index (a bucket
//! written once a batch, see `owners`), the import's
//! history (one entry a batch, see `imported`), and each startup's note
//! days counted once a batch rather than once a note.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};

use super::stored::{Stored, encode_any, record_key};
use super::tx::{
    CATALOG_KEY, CATALOG_VERSION, HISTORY_SEQ_KEY, NOTE_SUMMARY_KEY, NOTE_SUMMARY_VERSION,
    NoteDays, SCHEMA_KEY, TREE_NAMES, TreeId, read_u64, tree_of,
};
use super::{Result, SCHEMA_VERSION, Store};
use crate::model::Record;

impl Store {
    /// Write `records` into a database being filled from nothing by a
    /// streamed import, and set it up. Nothing is checked here: the caller
    /// checks every record, and fills a fresh folder that is put in place
    /// only once whole (see [`super::swap::replace_with`]).
    pub fn load_batch(&self, who: &str, records: &[Record]) -> Result<()> {
        if !self.access.is_everything() {
            return Err(super::access::forbidden(
                &self.access,
                "import a portfolio".into(),
            ));
        }
        let _writing = self.lock(&self.inner.write_lock);
        let storage = |e| self.storage(e);
        let now = Utc::now();
        let meta = self.tree(TreeId::Meta);
        let mut seq = read_u64(meta.get(HISTORY_SEQ_KEY).map_err(storage)?.as_deref());
        let mut batches: Vec<sled::Batch> = TREE_NAMES.iter().map(|_| Default::default()).collect();
        let mut days: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
        let mut owners: BTreeMap<Vec<u8>, Vec<(&str, Option<&str>)>> = BTreeMap::new();
        for record in records {
            if let Record::Note(note) = record {
                owners
                    .entry(super::owners::bucket_key(&note.id))
                    .or_default()
                    .push((&note.id, Some(&note.startup)));
                days.entry(&note.startup)
                    .or_default()
                    .push(note.created_at.date_naive());
            }
            let stored = Stored {
                version: 1,
                created_at: now,
                updated_at: now,
                record: record.clone(),
            };
            batches[tree_of(record.kind()) as usize]
                .insert(record_key(record), encode_any(&stored));
            super::catalog::batch_put(&mut batches, record);
        }
        for (key, value) in super::imported::parts(now, who, "import", seq, records) {
            batches[TreeId::History as usize].insert(key, value);
        }
        seq += records.len() as u64;
        let index = self.tree(TreeId::NoteOwners);
        for (key, notes) in owners {
            let bucket = index.get(&key).map_err(storage)?;
            let value = super::owners::changed(bucket.as_deref(), &notes)
                .map_err(|_| self.damaged("the note index cannot be read".into()))?;
            if let Some(value) = value {
                batches[TreeId::NoteOwners as usize].insert(key, value);
            }
        }
        let summary = self.tree(TreeId::NoteSummary);
        for (startup, dates) in days {
            let mut counted = NoteDays::decode(summary.get(startup).map_err(storage)?.as_deref());
            for day in dates {
                counted.add(day, true);
            }
            batches[TreeId::NoteSummary as usize].insert(startup.as_bytes(), counted.encode());
        }
        let set = &mut batches[TreeId::Meta as usize];
        set.insert(HISTORY_SEQ_KEY, &seq.to_be_bytes());
        // No id of the file's is given again (see `ids`).
        let floors = super::ids::floors(records.iter().map(|r| (r.kind(), r.id())));
        for (kind, floor) in floors {
            let key = super::ids::counter_key(kind);
            if read_u64(meta.get(&key).map_err(storage)?.as_deref()) < floor {
                set.insert(key, &floor.to_be_bytes());
            }
        }
        // As a new database's schema is set: its note summary and its
        // catalog are whole.
        if meta.get(SCHEMA_KEY).map_err(storage)?.is_none() {
            set.insert(NOTE_SUMMARY_KEY, &NOTE_SUMMARY_VERSION.to_be_bytes());
            set.insert(CATALOG_KEY, &CATALOG_VERSION.to_be_bytes());
            set.insert(super::ids::IDS_KEY, &super::ids::IDS_VERSION.to_be_bytes());
        }
        set.insert(SCHEMA_KEY, &u64::from(SCHEMA_VERSION).to_be_bytes());
        for (at, batch) in batches.into_iter().enumerate() {
            self.inner.sled().trees[at]
                .apply_batch(batch)
                .map_err(storage)?;
        }
        self.inner.sled().db.flush().map_err(storage)?;
        super::open::mark_set_up(&self.inner.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{note, startup};
    use crate::model::{Kind, Parsed, Portfolio};
    use crate::store::{ChangeKind, HistoryEntry};

    #[test]
    fn batches_load_what_one_import_writes() {
        let dir = tempfile::tempdir().unwrap();
        let records: Vec<Record> = vec![
            startup("s1").into(),
            note("n1", "s1", "first").into(),
            note("n2", "s1", "second").into(),
        ];
        let ids: Vec<(Kind, String)> = records
            .iter()
            .map(|r| (r.kind(), r.id().to_string()))
            .collect();
        let loaded = Store::open(&dir.path().join("loaded")).unwrap();
        // A startup's notes over two batches are counted together.
        loaded.load_batch("t", &records[..2]).unwrap();
        loaded.load_batch("t", &records[2..]).unwrap();
        let imported = Store::open(&dir.path().join("imported")).unwrap();
        let mut portfolio = Portfolio::default();
        for record in records {
            portfolio.push(record);
        }
        let parsed = Parsed {
            portfolio,
            problems: Vec::new(),
        };
        imported.import("t", parsed, false).unwrap();

        // The catalog is filled with the records, not left to be built
        // at the first `note` or `search`.
        for tree in [TreeId::Catalog, TreeId::Names] {
            let entries = |store: &Store| -> Vec<_> {
                store.tree(tree).iter().map(|item| item.unwrap()).collect()
            };
            assert_eq!(entries(&loaded).len(), 1);
            assert_eq!(entries(&loaded), entries(&imported));
        }
        let mark = |store: &Store| store.tree(TreeId::Meta).get(CATALOG_KEY).unwrap();
        assert!(mark(&loaded).is_some());
        assert_eq!(mark(&loaded), mark(&imported));
        assert_eq!(loaded.portfolio().unwrap(), imported.portfolio().unwrap());
        assert_eq!(
            loaded.note_summaries().unwrap(),
            imported.note_summaries().unwrap()
        );
        let history = loaded.history_of(Kind::Note, "n2").unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].action, ChangeKind::Imported);
        assert_eq!(history[0].seq, 3);
        // Each record's history reads the same as an import's in one
        // transaction, but for the time.
        for (kind, id) in &ids {
            let now = Utc::now();
            let timeless = |store: &Store| -> Vec<_> {
                let history = store.history_of(*kind, id).unwrap();
                history
                    .into_iter()
                    .map(|e| HistoryEntry { at: now, ..e })
                    .collect()
            };
            assert_eq!(timeless(&loaded), timeless(&imported), "{kind} {id}");
        }
        assert!(loaded.is_initialized().unwrap());
        assert!(loaded.check().unwrap().is_sound());
    }
}
