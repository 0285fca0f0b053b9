//! Reading records, notes and history.

use super::history::HistoryEntry;
use super::stored::*;
use super::tx::{TreeId, tree_of};
use super::{Result, Store};
use crate::model::*;

impl Store {
    /// Every record of one kind, in natural id order (notes: by startup).
    pub fn list<T: Kept>(&self) -> Result<Vec<Stored<T>>> {
        let mut out = self.scan::<T>(self.tree(tree_of(T::KIND)).iter())?;
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
            let owner = self
                .tree(TreeId::NoteOwners)
                .get(id.as_bytes())
                .map_err(|e| self.storage(e))?;
            match owner {
                Some(startup) => note_key(&String::from_utf8_lossy(&startup), id),
                None => return Ok(None),
            }
        } else {
            id.as_bytes().to_vec()
        };
        let bytes = self
            .tree(tree_of(kind))
            .get(key)
            .map_err(|e| self.storage(e))?;
        bytes
            .map(|b| decode_any(kind, &b))
            .transpose()
            .map_err(|e| self.damaged(format!("{kind} {id} cannot be read: {e}")))
    }

    pub fn contains(&self, kind: Kind, id: &str) -> Result<bool> {
        let tree = if kind == Kind::Note {
            TreeId::NoteOwners
        } else {
            tree_of(kind)
        };
        self.tree(tree)
            .contains_key(id.as_bytes())
            .map_err(|e| self.storage(e))
    }

    /// One startup's notes, newest first.
    pub fn notes_of(&self, startup: &str) -> Result<Vec<Stored<Note>>> {
        let prefix = note_prefix(startup);
        let mut notes = self.scan::<Note>(self.tree(TreeId::Notes).scan_prefix(prefix))?;
        notes.sort_by(|a, b| {
            b.record
                .created_at
                .cmp(&a.record.created_at)
                .then_with(|| natural_cmp(&b.record.id, &a.record.id))
        });
        Ok(notes)
    }

    /// The whole portfolio, as plain records.
    pub fn portfolio(&self) -> Result<Portfolio> {
        fn plain<T: Kept>(store: &Store) -> Result<Vec<T>> {
            Ok(store.list::<T>()?.into_iter().map(|s| s.record).collect())
        }
        Ok(Portfolio {
            cohorts: plain(self)?,
            mentors: plain(self)?,
            startups: plain(self)?,
            demo_days: plain(self)?,
            notes: plain(self)?,
        })
    }

    /// Every write to one record, oldest first.
    pub fn history_of(&self, kind: Kind, id: &str) -> Result<Vec<HistoryEntry>> {
        let prefix = super::stored::history_prefix(kind, id);
        self.tree(TreeId::History)
            .scan_prefix(prefix)
            .map(|item| {
                let (_, bytes) = item.map_err(|e| self.storage(e))?;
                decode(&bytes)
                    .map_err(|e| self.damaged(format!("a history entry cannot be read: {e}")))
            })
            .collect()
    }

    /// Number of records of one kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.tree(tree_of(kind)).len()
    }

    fn scan<T: Kept>(
        &self,
        items: impl Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>,
    ) -> Result<Vec<Stored<T>>> {
        items
            .map(|item| {
                let (key, bytes) = item.map_err(|e| self.storage(e))?;
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
