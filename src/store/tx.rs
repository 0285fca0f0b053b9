//! Typed access to every tree inside one sled transaction.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Deserialize;
use sled::transaction::{ConflictableTransactionResult, TransactionalTree, abort};

use super::access::Access;
use super::error::StoreError;
use super::history::{Change, ChangeKind, HistoryEntry, record_value};
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
    /// note id → startup id, to find a note by its id alone, in buckets
    /// (see `owners`).
    NoteOwners,
    History,
    Meta,
    /// startup id → how many of its notes fall on each day (see
    /// `NoteDays`): derived from `notes` and kept with it by `Tx::put` and
    /// `Tx::remove`, so a session's first frame can show each startup's
    /// note count and last note without reading a single note.
    NoteSummary,
    /// kind and id → the record cut down to what finds it, and kind,
    /// folded name and id → nothing: derived from the records and kept by
    /// `Tx::put` and `Tx::remove` (see `catalog`).
    Catalog,
    Names,
    Calls,
    Applications,
    Reviews,
    Milestones,
    OfficeHours,
}

pub(super) const TREE_NAMES: [&str; 16] = [
    "cohorts",
    "mentors",
    "startups",
    "demo_days",
    "notes",
    "note_owners",
    "history",
    "meta",
    "note_summary",
    "catalog",
    "names",
    "calls",
    "applications",
    "reviews",
    "milestones",
    "office_hours",
];

fn kind_of(tree: TreeId) -> Option<Kind> {
    match tree {
        TreeId::Cohorts => Some(Kind::Cohort),
        TreeId::Mentors => Some(Kind::Mentor),
        TreeId::Startups => Some(Kind::Startup),
        TreeId::DemoDays => Some(Kind::DemoDay),
        TreeId::Calls => Some(Kind::Call),
        TreeId::Applications => Some(Kind::Application),
        TreeId::Reviews => Some(Kind::Review),
        TreeId::Milestones => Some(Kind::Milestone),
        TreeId::OfficeHours => Some(Kind::OfficeHour),
        _ => None,
    }
}

pub(super) fn tree_of(kind: Kind) -> TreeId {
    match kind {
        Kind::Cohort => TreeId::Cohorts,
        Kind::Mentor => TreeId::Mentors,
        Kind::Startup => TreeId::Startups,
        Kind::DemoDay => TreeId::DemoDays,
        Kind::Note => TreeId::Notes,
        Kind::Call => TreeId::Calls,
        Kind::Application => TreeId::Applications,
        Kind::Review => TreeId::Reviews,
        Kind::Milestone => TreeId::Milestones,
        Kind::OfficeHour => TreeId::OfficeHours,
    }
}

pub(super) const SCHEMA_KEY: &[u8] = b"schema_version";
/// In `meta` once `note_summary` holds every note: set with the schema of a
/// new database, or by a rebuild. A database from before the summary (or
/// one whose rebuild was cut short) lacks it, and is rebuilt when read.
pub(super) const NOTE_SUMMARY_KEY: &[u8] = b"note_summary_version";
pub(super) const NOTE_SUMMARY_VERSION: u64 = 1;
/// In `meta` once `catalog` and `names` hold every record, as the note
/// summary's mark.
pub(super) const CATALOG_KEY: &[u8] = b"catalog_version";
pub(super) const CATALOG_VERSION: u64 = 1;
pub(super) const HISTORY_SEQ_KEY: &[u8] = b"history_seq";

pub(super) struct Tx<'a> {
    pub trees: &'a [TransactionalTree],
    pub now: DateTime<Utc>,
    pub who: &'a str,
    /// What this handle may write: every logged change is checked.
    pub access: &'a Access,
    /// What subscribers hear once the transaction lands.
    pub changes: std::cell::RefCell<Vec<Change>>,
}

impl<'a> Tx<'a> {
    pub fn new(trees: &'a [TransactionalTree], who: &'a str, access: &'a Access) -> Self {
        Tx {
            trees,
            now: Utc::now(),
            who,
            access,
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
        Ok(self.owner(id)?.map(|startup| note_key(&startup, id)))
    }

    /// The startup of the note `id`, from the note index (see `owners`).
    fn owner(&self, id: &str) -> TxResult<Option<String>> {
        let tree = self.tree(TreeId::NoteOwners);
        super::owners::owner(id, |key| tree.get(key))?.or_else(|_| abort(unreadable_index()))
    }

    /// Give the note `id` the startup `startup` in the note index, or
    /// (`None`) take it out. Its entry from before buckets goes; so does
    /// an older incubator's say over the database (schema version 1): it
    /// would not find the note in a bucket.
    fn set_owner(&self, id: &str, startup: Option<&str>) -> TxResult<()> {
        let tree = self.tree(TreeId::NoteOwners);
        let key = super::owners::bucket_key(id);
        let bucket = tree.get(key.as_slice())?;
        match super::owners::changed(bucket.as_deref(), &[(id, startup)]) {
            Ok(Some(value)) => tree.insert(key.as_slice(), value)?,
            Ok(None) => tree.remove(key.as_slice())?,
            Err(_) => return abort(unreadable_index()),
        };
        tree.remove(id.as_bytes())?;
        self.raise_schema()
    }

    /// Mark the database as this incubator's layout, so that an older one
    /// refuses it rather than miss what it cannot read (notes in buckets,
    /// the program year's records).
    fn raise_schema(&self) -> TxResult<()> {
        let meta = self.tree(TreeId::Meta);
        let schema = meta.get(SCHEMA_KEY)?;
        if schema.is_some() && read_u64(schema.as_deref()) < u64::from(super::SCHEMA_VERSION) {
            meta.insert(SCHEMA_KEY, &u64::from(super::SCHEMA_VERSION).to_be_bytes())?;
        }
        Ok(())
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
        if kind == Kind::Note {
            return Ok(self.owner(id)?.is_some());
        }
        Ok(self.tree(tree_of(kind)).get(id.as_bytes())?.is_some())
    }

    pub fn put(&self, stored: &Stored<Record>) -> TxResult<()> {
        let record = &stored.record;
        if let Record::Note(note) = record {
            self.set_owner(&note.id, Some(&note.startup))?;
            // A note written again under the same key leaves its old day.
            self.uncount_note(&record_key(record))?;
            self.count_note(&note.startup, note.created_at.date_naive(), true)?;
        }
        if needs_schema_3_or_later(record) {
            self.raise_schema()?;
        }
        self.catalog_put(record)?;
        self.tree(tree_of(record.kind()))
            .insert(record_key(record), encode_any(stored))?;
        Ok(())
    }

    pub fn remove(&self, record: &Record) -> TxResult<()> {
        if let Record::Note(note) = record {
            self.set_owner(&note.id, None)?;
            self.uncount_note(&record_key(record))?;
        }
        self.catalog_remove(record.kind(), record.id())?;
        self.tree(tree_of(record.kind()))
            .remove(record_key(record))?;
        Ok(())
    }

    /// Take the note stored under `key`, if any, out of its startup's summary.
    fn uncount_note(&self, key: &[u8]) -> TxResult<()> {
        let Some(bytes) = self.tree(TreeId::Notes).get(key)? else {
            return Ok(());
        };
        // A note that cannot be read is damage `check` reports; the
        // summary is only a cache of what the notes say.
        if let Ok(head) = super::stored::decode::<NoteHead>(&bytes) {
            let note = head.record;
            self.count_note(&note.startup, note.created_at.date_naive(), false)?;
        }
        Ok(())
    }

    /// One note more (or fewer) on `day` for `startup`.
    fn count_note(&self, startup: &str, day: NaiveDate, more: bool) -> TxResult<()> {
        let tree = self.tree(TreeId::NoteSummary);
        let mut days = NoteDays::decode(tree.get(startup.as_bytes())?.as_deref());
        days.add(day, more);
        if days.is_empty() {
            tree.remove(startup.as_bytes())?;
        } else {
            tree.insert(startup.as_bytes(), days.encode())?;
        }
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
        if let Record::Review(review) = record
            && problems.is_empty()
        {
            problems.extend(self.review_against_its_call(review)?);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            abort(StoreError::Invalid(problems))
        }
    }

    /// What is wrong with `review`'s scores against its call's criteria
    /// (its application and call exist: references are checked first).
    fn review_against_its_call(&self, review: &Review) -> TxResult<Vec<Problem>> {
        let Some(Record::Application(application)) = self
            .get(Kind::Application, &review.application)?
            .map(|s| s.record)
        else {
            return Ok(Vec::new());
        };
        let Some(Record::Call(call)) = self.get(Kind::Call, &application.call)?.map(|s| s.record)
        else {
            return Ok(Vec::new());
        };
        Ok(review_against_call(review, &call))
    }

    /// The next id of the form `s12` never given before (see `ids`). The
    /// counter is written in this transaction, so ids do not jump after a
    /// crash.
    pub fn next_id(&self, kind: Kind) -> TxResult<String> {
        let meta = self.tree(TreeId::Meta);
        let key = super::ids::counter_key(kind);
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
        action: ChangeKind,
        before: Option<&Stored<Record>>,
        after: Option<&Stored<Record>>,
        cause: Option<String>,
    ) -> TxResult<()> {
        self.permit(before, after)?;
        let Some(subject) = after.or(before) else {
            return Ok(());
        };
        let record = &subject.record;
        let meta = self.tree(TreeId::Meta);
        let seq = read_u64(meta.get(HISTORY_SEQ_KEY)?.as_deref()) + 1;
        meta.insert(HISTORY_SEQ_KEY, &seq.to_be_bytes())?;
        let keep_values = action != ChangeKind::Imported;
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

    /// Record in history that `records` were imported: a part an entry
    /// (see `imported`), one seq a record. An import announces itself
    /// (`Change::Everything`), not each record.
    pub fn log_imported(&self, records: &[Record], cause: &str) -> TxResult<()> {
        let meta = self.tree(TreeId::Meta);
        let last = read_u64(meta.get(HISTORY_SEQ_KEY)?.as_deref());
        for (key, value) in super::imported::parts(self.now, self.who, cause, last, records) {
            self.tree(TreeId::History).insert(key, value)?;
        }
        let last = last + records.len() as u64;
        meta.insert(HISTORY_SEQ_KEY, &last.to_be_bytes())?;
        Ok(())
    }

    pub fn set_schema(&self, version: u32) -> TxResult<()> {
        let meta = self.tree(TreeId::Meta);
        // A new database: its note summary is complete from the start,
        // since every note it will hold goes through `put`.
        if meta.get(SCHEMA_KEY)?.is_none() {
            meta.insert(NOTE_SUMMARY_KEY, &NOTE_SUMMARY_VERSION.to_be_bytes())?;
            meta.insert(CATALOG_KEY, &CATALOG_VERSION.to_be_bytes())?;
            // Its counters see every id it will have (see `ids`).
            self.mark_counted()?;
        }
        meta.insert(SCHEMA_KEY, &u64::from(version).to_be_bytes())?;
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
            ChangeKind::Updated,
            Some(current),
            Some(&next),
            Some(cause.to_string()),
        )
    }
}

fn unreadable_index() -> StoreError {
    StoreError::Damaged {
        path: Default::default(),
        detail: "the note index cannot be read".into(),
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
        if matches!(tree, TreeId::Notes) {
            self.uncount_note(key)?;
        }
        if let Some(kind) = kind_of(tree) {
            self.catalog_remove(kind, &String::from_utf8_lossy(key))?;
        }
        self.tree(tree).remove(key)?;
        Ok(())
    }
}

/// What the note summary needs of a stored note, read without the body.
#[derive(Deserialize)]
pub(super) struct NoteHead {
    pub record: NoteWhen,
}

#[derive(Deserialize)]
pub(super) struct NoteWhen {
    pub startup: String,
    pub created_at: DateTime<FixedOffset>,
}

/// A startup's notes counted by day (the day in the note's own time
/// zone, as `attention::last_note_days` takes it), earliest first. Stored
/// as 8 bytes a day: the day from the common era and the count, both
/// big-endian.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct NoteDays(pub Vec<(NaiveDate, u32)>);

impl NoteDays {
    pub fn decode(bytes: Option<&[u8]>) -> NoteDays {
        let Some(bytes) = bytes else {
            return NoteDays::default();
        };
        NoteDays(
            bytes
                .chunks_exact(8)
                .filter_map(|chunk| {
                    let day = i32::from_be_bytes(chunk[..4].try_into().ok()?);
                    let count = u32::from_be_bytes(chunk[4..].try_into().ok()?);
                    let day = NaiveDate::from_num_days_from_ce_opt(day)?;
                    // Written by `encode`, never a zero count: keep it so.
                    (count > 0).then_some((day, count))
                })
                .collect(),
        )
        .checked_order()
    }

    fn checked_order(mut self) -> NoteDays {
        if !self.0.is_sorted_by(|a, b| a.0 < b.0) {
            self.0.sort_by_key(|(day, _)| *day);
            self.0.dedup_by(|b, a| {
                if a.0 == b.0 {
                    a.1 += b.1;
                    true
                } else {
                    false
                }
            });
        }
        self
    }

    /// The count and last day of encoded days, without decoding them all.
    pub fn count_and_last(bytes: &[u8]) -> (usize, Option<NaiveDate>) {
        let chunks = bytes.chunks_exact(8);
        let sorted_last = chunks
            .clone()
            .last()
            .and_then(|c| c[..4].try_into().ok())
            .map(i32::from_be_bytes)
            .and_then(NaiveDate::from_num_days_from_ce_opt);
        let mut count = 0usize;
        let mut in_order = true;
        let mut previous = i32::MIN;
        for chunk in chunks {
            let day = i32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
            in_order &= day > previous;
            previous = day;
            count += u32::from_be_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]) as usize;
        }
        if in_order {
            (count, sorted_last)
        } else {
            let days = NoteDays::decode(Some(bytes));
            (days.count(), days.last())
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        use chrono::Datelike;
        let mut out = Vec::with_capacity(self.0.len() * 8);
        for (day, count) in &self.0 {
            out.extend_from_slice(&day.num_days_from_ce().to_be_bytes());
            out.extend_from_slice(&count.to_be_bytes());
        }
        out
    }

    /// One note more on `day`, or (`more` false) one fewer.
    pub fn add(&mut self, day: NaiveDate, more: bool) {
        match self.0.binary_search_by_key(&day, |(d, _)| *d) {
            Ok(at) if more => self.0[at].1 += 1,
            Ok(at) => {
                self.0[at].1 -= 1;
                if self.0[at].1 == 0 {
                    self.0.remove(at);
                }
            }
            Err(at) if more => self.0.insert(at, (day, 1)),
            // Not counted: nothing to take away.
            Err(_) => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn count(&self) -> usize {
        self.0.iter().map(|(_, n)| *n as usize).sum()
    }

    pub fn last(&self) -> Option<NaiveDate> {
        self.0.last().map(|(day, _)| *day)
    }
}

/// Whether an older incubator, meeting `record`, would lose part of it:
/// the program year's kinds, a demo day's judging, a startup's outcome.
fn needs_schema_3_or_later(record: &Record) -> bool {
    match record {
        Record::Call(_)
        | Record::Application(_)
        | Record::Review(_)
        | Record::Milestone(_)
        | Record::OfficeHour(_) => true,
        Record::DemoDay(d) => {
            !(d.criteria.is_empty() && d.judges.is_empty() && d.scores.is_empty())
        }
        Record::Startup(s) => s.outcome.is_some(),
        _ => false,
    }
}
