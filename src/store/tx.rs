//! Typed access to every tree inside one sled transaction.

use chrono::{DateTime, Utc};
use sled::transaction::{ConflictableTransactionResult, TransactionalTree, abort};

use super::error::StoreError;
use super::history::{Action, Change, HistoryEntry, record_value};
use super::stored::*;
use crate::model::*;

pub(super) type TxResult<T> = ConflictableTransactionResult<T, StoreError>;

/// The trees of the database, in the order a transaction sees them.
#[derive(Debug, Clone, Copy)]
pub(super) enum TreeId {
    Cohorts,
    Mentors,
    Startups,
    DemoDays,
    Notes,
    /// note id → startup id, to find a note by its id alone.
    NoteOwners,
    History,
    Meta,
}

pub(super) const TREE_NAMES: [&str; 8] = [
    "cohorts",
    "mentors",
    "startups",
    "demo_days",
    "notes",
    "note_owners",
    "history",
    "meta",
];

pub(super) fn tree_of(kind: Kind) -> TreeId {
    match kind {
        Kind::Cohort => TreeId::Cohorts,
        Kind::Mentor => TreeId::Mentors,
        Kind::Startup => TreeId::Startups,
        Kind::DemoDay => TreeId::DemoDays,
        Kind::Note => TreeId::Notes,
    }
}

pub(super) const SCHEMA_KEY: &[u8] = b"schema_version";
const HISTORY_SEQ_KEY: &[u8] = b"history_seq";

fn next_id_key(kind: Kind) -> Vec<u8> {
    format!("next_id/{kind}").into_bytes()
}

pub(super) struct Tx<'a> {
    pub trees: &'a [TransactionalTree],
    pub now: DateTime<Utc>,
    pub who: &'a str,
    /// What subscribers hear once the transaction lands.
    pub changes: std::cell::RefCell<Vec<Change>>,
}

impl<'a> Tx<'a> {
    pub fn new(trees: &'a [TransactionalTree], who: &'a str) -> Self {
        Tx {
            trees,
            now: Utc::now(),
            who,
            changes: Default::default(),
        }
    }

    fn tree(&self, id: TreeId) -> &TransactionalTree {
        &self.trees[id as usize]
    }

    fn key_of(&self, kind: Kind, id: &str) -> TxResult<Option<Vec<u8>>> {
        if kind != Kind::Note {
            return Ok(Some(id.as_bytes().to_vec()));
        }
        Ok(self
            .tree(TreeId::NoteOwners)
            .get(id.as_bytes())?
            .map(|startup| note_key(&String::from_utf8_lossy(&startup), id)))
    }

    pub fn get(&self, kind: Kind, id: &str) -> TxResult<Option<Stored<Record>>> {
        let Some(key) = self.key_of(kind, id)? else {
            return Ok(None);
        };
        match self.tree(tree_of(kind)).get(key)? {
            None => Ok(None),
            Some(bytes) => decode_any(kind, &bytes).map(Some).or_else(|e| {
                abort(StoreError::Damaged {
                    path: Default::default(),
                    detail: format!("{kind} {id} cannot be read: {e}"),
                })
            }),
        }
    }

    pub fn exists(&self, kind: Kind, id: &str) -> TxResult<bool> {
        let tree = if kind == Kind::Note {
            TreeId::NoteOwners
        } else {
            tree_of(kind)
        };
        Ok(self.tree(tree).get(id.as_bytes())?.is_some())
    }

    pub fn put(&self, stored: &Stored<Record>) -> TxResult<()> {
        let record = &stored.record;
        if let Record::Note(note) = record {
            self.tree(TreeId::NoteOwners)
                .insert(note.id.as_bytes(), note.startup.as_bytes())?;
        }
        self.tree(tree_of(record.kind()))
            .insert(record_key(record), encode_any(stored))?;
        Ok(())
    }

    pub fn remove(&self, record: &Record) -> TxResult<()> {
        if let Record::Note(note) = record {
            self.tree(TreeId::NoteOwners).remove(note.id.as_bytes())?;
        }
        self.tree(tree_of(record.kind()))
            .remove(record_key(record))?;
        Ok(())
    }

    /// Refuse the write if a record it refers to does not exist.
    pub fn check_references(&self, record: &Record) -> TxResult<()> {
        let mut problems = Vec::new();
        for (kind, target, field) in record.references() {
            if !self.exists(kind, target)? {
                problems.push(Problem::new(
                    record.kind(),
                    record.id(),
                    &field,
                    format!("refers to {kind} {target:?}, which does not exist"),
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            abort(StoreError::Invalid(problems))
        }
    }

    /// The next free id of the form `s12`. The counter is written in this
    /// transaction, so ids do not jump after a crash.
    pub fn next_id(&self, kind: Kind) -> TxResult<String> {
        let meta = self.tree(TreeId::Meta);
        let key = next_id_key(kind);
        let mut n = read_u64(meta.get(&key)?.as_deref()).max(1);
        loop {
            let id = format!("{}{n}", kind.id_prefix());
            n += 1;
            if !self.exists(kind, &id)? {
                meta.insert(key, &n.to_be_bytes())?;
                return Ok(id);
            }
        }
    }

    /// Record a write in history and queue its announcement.
    pub fn log(
        &self,
        action: Action,
        before: Option<&Stored<Record>>,
        after: Option<&Stored<Record>>,
        cause: Option<String>,
    ) -> TxResult<()> {
        let Some(subject) = after.or(before) else {
            return Ok(());
        };
        let record = &subject.record;
        let meta = self.tree(TreeId::Meta);
        let seq = read_u64(meta.get(HISTORY_SEQ_KEY)?.as_deref()) + 1;
        meta.insert(HISTORY_SEQ_KEY, &seq.to_be_bytes())?;
        let keep_values = action != Action::Imported;
        let entry = HistoryEntry {
            seq,
            at: self.now,
            who: self.who.to_string(),
            kind: record.kind(),
            id: record.id().to_string(),
            action,
            version: subject.version,
            before: before
                .filter(|_| keep_values)
                .map(|s| record_value(&s.record)),
            after: after
                .filter(|_| keep_values)
                .map(|s| record_value(&s.record)),
            cause,
        };
        self.tree(TreeId::History)
            .insert(history_key(entry.kind, &entry.id, seq), encode(&entry))?;
        self.changes.borrow_mut().push(Change::Record {
            kind: entry.kind,
            id: entry.id,
            action,
            who: entry.who,
        });
        Ok(())
    }

    pub fn set_schema(&self, version: u32) -> TxResult<()> {
        self.tree(TreeId::Meta)
            .insert(SCHEMA_KEY, &u64::from(version).to_be_bytes())?;
        Ok(())
    }

    /// A new envelope at version 1.
    pub fn fresh(&self, record: Record) -> Stored<Record> {
        Stored {
            version: 1,
            created_at: self.now,
            updated_at: self.now,
            record,
        }
    }

    /// The next version of `current` holding `record`.
    pub fn next(&self, current: &Stored<Record>, record: Record) -> Stored<Record> {
        Stored {
            version: current.version + 1,
            created_at: current.created_at,
            updated_at: self.now,
            record,
        }
    }

    /// Write a changed version of an existing record, logged as caused by
    /// another write.
    pub fn rewrite(&self, current: &Stored<Record>, record: Record, cause: &str) -> TxResult<()> {
        let next = self.next(current, record);
        self.put(&next)?;
        self.log(
            Action::Updated,
            Some(current),
            Some(&next),
            Some(cause.to_string()),
        )
    }
}

pub(super) fn read_u64(bytes: Option<&[u8]>) -> u64 {
    bytes
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_be_bytes)
        .unwrap_or(0)
}

impl Tx<'_> {
    pub fn remove_key(&self, tree: TreeId, key: &[u8]) -> TxResult<()> {
        self.tree(tree).remove(key)?;
        Ok(())
    }
}
