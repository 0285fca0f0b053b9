//! An import's history: one entry for up to [`PART`] imported records,
//! not one a record. sled's cost (its pages, the page table, the time to
//! open a database) grows with the number of entries, and an import's
//! per-record entries were a quarter of them, each repeating who, when
//! and why.
//!
//! A part lists its records' history prefixes sorted, each with its place
//! in the import, so `history_of` finds a record in a part by binary
//! search and gives it the entry it had when each record had its own:
//! the same seq, who, when, version 1, cause "import". Parts sit in the
//! history tree under keys no record's history starts with (`\0import\0`
//! and the part's first seq), so a record's own prefix scan never meets
//! them, and old databases' per-record entries are read as before.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::history::{ChangeKind, HistoryEntry};
use super::stored::history_prefix;
use crate::model::{Kind, Record};

/// Records one part lists: a part is about 22 B a record, so a part of
/// 5,000 stays near 100 KB, well inside one of sled's log segments. The
/// store's own tests take parts of 7, so their imports span several.
#[cfg(not(test))]
pub(super) const PART: usize = 5_000;
#[cfg(test)]
pub(super) const PART: usize = 7;

/// Where parts start in the history tree; record keys start with a kind.
pub(super) const PART_PREFIX: &[u8] = b"\0import\0";

/// The layout of a part's value, its first byte.
const LAYOUT: u8 = 1;

pub(super) fn part_key(first_seq: u64) -> Vec<u8> {
    let mut key = PART_PREFIX.to_vec();
    key.extend_from_slice(&first_seq.to_be_bytes());
    key
}

pub(super) fn is_part_key(key: &[u8]) -> bool {
    key.starts_with(PART_PREFIX)
}

/// Who imported, when and why: the same for every record of a part.
#[derive(Serialize, Deserialize)]
struct Header {
    at: DateTime<Utc>,
    who: String,
    cause: Option<String>,
    first_seq: u64,
}

/// The parts (key, value) saying that `records` were imported by `who` at
/// `at`, the first taking seq `last_seq + 1`, one seq a record as when
/// each had an entry of its own.
pub(super) fn parts(
    at: DateTime<Utc>,
    who: &str,
    cause: &str,
    last_seq: u64,
    records: &[Record],
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut first = last_seq + 1;
    let mut out = Vec::new();
    for chunk in records.chunks(PART) {
        let listed: Vec<(Kind, &str)> = chunk.iter().map(|r| (r.kind(), r.id())).collect();
        out.push((
            part_key(first),
            encode_part(at, who, Some(cause), first, &listed),
        ));
        first += chunk.len() as u64;
    }
    out
}

/// A part's value listing `records`, whose seqs are `first_seq`,
/// `first_seq + 1`, … in the order given. Layout: the layout byte; the
/// header's length (u32) and the header (JSON); the count n (u32); n
/// places in the import (u32), in key order; n + 1 offsets (u32) into the
/// keys; the keys (each record's history prefix), sorted. Big-endian.
pub(super) fn encode_part(
    at: DateTime<Utc>,
    who: &str,
    cause: Option<&str>,
    first_seq: u64,
    records: &[(Kind, &str)],
) -> Vec<u8> {
    let header = serde_json::to_vec(&Header {
        at,
        who: who.to_string(),
        cause: cause.map(str::to_string),
        first_seq,
    })
    // A time, two strings and a number: serializing cannot fail.
    .unwrap_or_default();
    let mut keyed: Vec<(Vec<u8>, u32)> = records
        .iter()
        .zip(0u32..)
        .map(|((kind, id), place)| (history_prefix(*kind, id), place))
        .collect();
    keyed.sort_unstable();
    let keys_len: usize = keyed.iter().map(|(k, _)| k.len()).sum();
    let mut out = Vec::with_capacity(9 + header.len() + keyed.len() * 8 + keys_len + 4);
    out.push(LAYOUT);
    push_u32(&mut out, header.len());
    out.extend_from_slice(&header);
    push_u32(&mut out, keyed.len());
    for (_, place) in &keyed {
        out.extend_from_slice(&place.to_be_bytes());
    }
    let mut offset = 0;
    push_u32(&mut out, offset);
    for (key, _) in &keyed {
        offset += key.len();
        push_u32(&mut out, offset);
    }
    for (key, _) in &keyed {
        out.extend_from_slice(key);
    }
    out
}

fn push_u32(out: &mut Vec<u8>, n: usize) {
    // A part holds at most PART records of short ids: far below 4 GiB.
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_be_bytes());
}

/// A part read back, its layout checked: every later read is in bounds.
pub(super) struct Part<'a> {
    header: Header,
    places: &'a [u8],
    offsets: &'a [u8],
    keys: &'a [u8],
}

/// A part's value that is not one.
#[derive(Debug)]
pub(super) struct Unreadable;

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an import's history entry is not in its layout")
    }
}

impl<'a> Part<'a> {
    pub fn read(bytes: &'a [u8]) -> Result<Part<'a>, Unreadable> {
        let mut rest = bytes;
        if take(&mut rest, 1)? != [LAYOUT] {
            return Err(Unreadable);
        }
        let header_len = take_u32(&mut rest)?;
        let header =
            serde_json::from_slice(take(&mut rest, header_len)?).map_err(|_| Unreadable)?;
        let n = take_u32(&mut rest)?;
        let places = take(&mut rest, n.checked_mul(4).ok_or(Unreadable)?)?;
        let offsets = take(&mut rest, (n + 1).checked_mul(4).ok_or(Unreadable)?)?;
        let part = Part {
            header,
            places,
            offsets,
            keys: rest,
        };
        // Offsets rise from 0 to the keys' end; places are in the part.
        let mut last = 0;
        for at in 0..=n {
            let offset = part.offset(at);
            if (at == 0 && offset != 0) || offset < last {
                return Err(Unreadable);
            }
            last = offset;
        }
        if last != part.keys.len() || (0..n).any(|at| part.place(at) >= n) {
            return Err(Unreadable);
        }
        Ok(part)
    }

    /// How many records it lists.
    pub fn len(&self) -> usize {
        self.places.len() / 4
    }

    /// The history entry of the record `kind` `id`, if this part lists it.
    pub fn entry_of(&self, kind: Kind, id: &str) -> Option<HistoryEntry> {
        let prefix = history_prefix(kind, id);
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = (low + high) / 2;
            match self.key(middle).cmp(&prefix[..]) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => {
                    return Some(HistoryEntry {
                        seq: self.header.first_seq + self.place(middle) as u64,
                        at: self.header.at,
                        who: self.header.who.clone(),
                        kind,
                        id: id.to_string(),
                        action: ChangeKind::Imported,
                        version: 1,
                        before: None,
                        after: None,
                        cause: self.header.cause.clone(),
                    });
                }
            }
        }
        None
    }

    fn key(&self, at: usize) -> &[u8] {
        &self.keys[self.offset(at)..self.offset(at + 1)]
    }

    fn offset(&self, at: usize) -> usize {
        u32_at(self.offsets, at)
    }

    fn place(&self, at: usize) -> usize {
        u32_at(self.places, at)
    }
}

/// The `at`th big-endian u32 of `bytes`, which `Part::read` sized.
fn u32_at(bytes: &[u8], at: usize) -> usize {
    let mut word = [0; 4];
    word.copy_from_slice(&bytes[at * 4..at * 4 + 4]);
    u32::from_be_bytes(word) as usize
}

fn take<'a>(rest: &mut &'a [u8], n: usize) -> Result<&'a [u8], Unreadable> {
    if rest.len() < n {
        return Err(Unreadable);
    }
    let (taken, left) = rest.split_at(n);
    *rest = left;
    Ok(taken)
}

fn take_u32(rest: &mut &[u8]) -> Result<usize, Unreadable> {
    Ok(u32_at(take(rest, 4)?, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        "2026-12-07T02:00:00Z".parse().unwrap()
    }

    #[test]
    fn each_record_of_a_part_gets_its_own_seq_back() {
        let records = [
            (Kind::Startup, "s10"),
            (Kind::Note, "n1"),
            (Kind::Startup, "s2"),
            (Kind::DemoDay, "d1"),
        ];
        let bytes = encode_part(at(), "aysel", Some("import"), 41, &records);
        let part = Part::read(&bytes).unwrap();
        assert_eq!(part.len(), 4);
        for (place, (kind, id)) in records.iter().enumerate() {
            let entry = part.entry_of(*kind, id).unwrap();
            assert_eq!(entry.seq, 41 + place as u64);
            assert_eq!((entry.kind, entry.id.as_str()), (*kind, *id));
            assert_eq!((entry.who.as_str(), entry.at), ("aysel", at()));
            assert_eq!(entry.action, ChangeKind::Imported);
            assert_eq!(entry.version, 1);
            assert_eq!(entry.cause.as_deref(), Some("import"));
        }
        // Not listed: another id, another kind, a prefix of a listed id.
        assert!(part.entry_of(Kind::Startup, "s3").is_none());
        assert!(part.entry_of(Kind::Note, "s2").is_none());
        assert!(part.entry_of(Kind::Startup, "s1").is_none());
    }

    #[test]
    fn an_imported_record_has_the_history_it_had_with_an_entry_of_its_own() {
        use crate::store::{Store, tx::TreeId};
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        let portfolio = crate::generate::portfolio(6, 5);
        let records = portfolio.clone().into_records();
        assert!(records.len() > 3 * PART, "{} records", records.len());
        let parsed = crate::model::Parsed {
            portfolio,
            problems: Vec::new(),
        };
        store.import("aysel", parsed, false).unwrap();
        // Parts, not an entry a record.
        let entries = store.tree(TreeId::History).len();
        assert_eq!(entries, records.len().div_ceil(PART));
        for (place, record) in records.iter().enumerate() {
            let history = store.history_of(record.kind(), record.id()).unwrap();
            assert_eq!(history.len(), 1, "{} {}", record.kind(), record.id());
            let entry = &history[0];
            assert_eq!(entry.seq, place as u64 + 1);
            assert_eq!(
                (entry.kind, entry.id.as_str()),
                (record.kind(), record.id())
            );
            assert_eq!(entry.who, "aysel");
            assert_eq!(entry.action, ChangeKind::Imported);
            assert_eq!(
                (entry.version, &entry.before, &entry.after),
                (1, &None, &None)
            );
            assert_eq!(entry.cause.as_deref(), Some("import"));
            let stored = store.get_any(record.kind(), record.id()).unwrap().unwrap();
            assert_eq!(entry.at, stored.created_at);
        }
        // Writes after it follow it, in order; `check` counts a record's
        // import as one entry, as before.
        let startup = store.get_any(Kind::Startup, "s2").unwrap().unwrap();
        let crate::model::Record::Startup(mut changed) = startup.record.clone() else {
            panic!("a startup")
        };
        changed.one_liner = "changed".into();
        store.update("leyla", changed.into(), 1).unwrap();
        let history = store.history_of(Kind::Startup, "s2").unwrap();
        let actions: Vec<_> = history.iter().map(|e| e.action).collect();
        assert_eq!(actions, [ChangeKind::Imported, ChangeKind::Updated]);
        assert!(history[1].seq > records.len() as u64);
        let report = store.check().unwrap();
        assert!(report.is_sound());
        assert_eq!(report.history_entries, records.len() + 1);
    }

    #[test]
    fn a_database_with_an_entry_a_record_reads_as_before() {
        use crate::store::stored::{encode, history_key};
        use crate::store::{Store, tx::TreeId};
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.initialize_empty().unwrap();
        store
            .create("t", crate::model::testing::startup("s1").into())
            .unwrap();
        // As an import before parts wrote it, before the create.
        let old = HistoryEntry {
            seq: 0,
            at: at(),
            who: "kim".into(),
            kind: Kind::Startup,
            id: "s1".into(),
            action: ChangeKind::Imported,
            version: 1,
            before: None,
            after: None,
            cause: Some("import".into()),
        };
        store
            .tree(TreeId::History)
            .insert(history_key(Kind::Startup, "s1", 0), encode(&old))
            .unwrap();
        // Written by an incubator before parts: schema version 1.
        store
            .tree(TreeId::Meta)
            .insert(crate::store::tx::SCHEMA_KEY, &1u64.to_be_bytes())
            .unwrap();
        assert_eq!(store.schema_version().unwrap(), Some(1));
        let history = store.history_of(Kind::Startup, "s1").unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[0], old);
        assert_eq!(history[1].action, ChangeKind::Created);
        let report = store.check().unwrap();
        assert!(report.is_sound(), "{report:?}");
        assert_eq!(report.history_entries, 2);
    }

    #[test]
    fn a_damaged_part_is_refused_not_read_out_of_bounds() {
        let bytes = encode_part(
            at(),
            "t",
            None,
            1,
            &[(Kind::Note, "n1"), (Kind::Note, "n2")],
        );
        assert!(Part::read(&bytes).is_ok());
        for cut in 0..bytes.len() {
            assert!(Part::read(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(b'x');
        assert!(Part::read(&longer).is_err());
        let empty = encode_part(at(), "t", None, 1, &[]);
        assert_eq!(Part::read(&empty).unwrap().len(), 0);
    }
}
