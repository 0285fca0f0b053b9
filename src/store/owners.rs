//! The note index (`note_owners`): the startup a note belongs to, found
//! from the note's id alone. Notes are listed in buckets, one entry a
//! bucket, not one a note: sled's cost grows with the number of entries,
//! and this tree had one for every note (a third of a database's
//! entries). An id ending in a number (`n12345`) is in the bucket of its
//! text and number / 64: neighbours in a file share one, so an import
//! writes each bucket about once. Any other id is in one of 4,096 buckets
//! by a hash of it.
//!
//! A bucket's key starts with a NUL; ids hold no control characters, so
//! no note id is one. Its value is `note NUL startup NUL` for each of its
//! notes, in id order. A database from before (schema
//! version 1) has an entry a note, keyed by its id: read where no bucket
//! lists the note, and removed when the note is next written.

use std::collections::BTreeMap;

use sled::IVec;

/// Buckets for ids that do not end in a number.
const HASHED: u32 = 4_096;

/// Notes a bucket of numbered ids holds at most.
const SPAN: u64 = 64;

/// The key of the bucket listing `note`: NUL, the text before its number,
/// NUL, number / SPAN (8 bytes); else NUL, 1, a hash of it (2 bytes).
pub(super) fn bucket_key(note: &str) -> Vec<u8> {
    let text = note.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &note[text.len()..];
    let mut key = vec![0];
    match digits.parse::<u64>() {
        Ok(number) => {
            key.extend_from_slice(text.as_bytes());
            key.push(0);
            key.extend_from_slice(&(number / SPAN).to_be_bytes());
        }
        // No number, or one too long: crc32 is fixed for good.
        Err(_) => {
            let hashed = (crc32fast::hash(note.as_bytes()) % HASHED) as u16;
            key.push(1);
            key.extend_from_slice(&hashed.to_be_bytes());
        }
    }
    key
}

pub(super) fn is_bucket_key(key: &[u8]) -> bool {
    key.first() == Some(&0)
}

/// A bucket's value that is not a list of pairs.
#[derive(Debug)]
pub(super) struct Unreadable;

/// A note's id and its startup's, as a bucket holds them.
pub(super) type Pair<'a> = (&'a [u8], &'a [u8]);

/// A bucket's pairs (note, startup), in its order.
pub(super) fn pairs(bytes: &[u8]) -> Result<Vec<Pair<'_>>, Unreadable> {
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let body = bytes.strip_suffix(&[0]).ok_or(Unreadable)?;
    let parts: Vec<&[u8]> = body.split(|b| *b == 0).collect();
    if !parts.len().is_multiple_of(2) || parts.iter().any(|p| p.is_empty()) {
        return Err(Unreadable);
    }
    Ok(parts.chunks(2).map(|pair| (pair[0], pair[1])).collect())
}

/// `bucket` with each note of `changes` given its startup, or (`None`)
/// taken out; `None` when no note is left in it.
pub(super) fn changed(
    bucket: Option<&[u8]>,
    changes: &[(&str, Option<&str>)],
) -> Result<Option<Vec<u8>>, Unreadable> {
    let mut listed: BTreeMap<&[u8], &[u8]> =
        pairs(bucket.unwrap_or_default())?.into_iter().collect();
    for (note, startup) in changes {
        match startup {
            Some(startup) => listed.insert(note.as_bytes(), startup.as_bytes()),
            None => listed.remove(note.as_bytes()),
        };
    }
    if listed.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for (note, startup) in listed {
        out.extend_from_slice(note);
        out.push(0);
        out.extend_from_slice(startup);
        out.push(0);
    }
    Ok(Some(out))
}

/// The startup of `note`, read through `get` (a tree's or a transaction's):
/// from its bucket, else from an entry of its own (a database from before
/// buckets).
pub(super) fn owner<E>(
    note: &str,
    get: impl Fn(&[u8]) -> Result<Option<IVec>, E>,
) -> Result<Result<Option<String>, Unreadable>, E> {
    if let Some(bucket) = get(&bucket_key(note))? {
        let found = match pairs(&bucket) {
            Ok(pairs) => pairs.into_iter().find(|(n, _)| *n == note.as_bytes()),
            Err(e) => return Ok(Err(e)),
        };
        if let Some((_, startup)) = found {
            return Ok(Ok(Some(String::from_utf8_lossy(startup).into_owned())));
        }
    }
    Ok(Ok(get(note.as_bytes())?.map(|startup| {
        String::from_utf8_lossy(&startup).into_owned()
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_gives_each_note_its_startup_and_drops_what_is_taken_out() {
        let bucket = changed(None, &[("n2", Some("s1")), ("n10", Some("s3"))])
            .unwrap()
            .unwrap();
        assert_eq!(bucket, b"n10\0s3\0n2\0s1\0");
        let moved = changed(Some(&bucket), &[("n2", Some("s9")), ("n10", None)])
            .unwrap()
            .unwrap();
        assert_eq!(pairs(&moved).unwrap(), [(&b"n2"[..], &b"s9"[..])]);
        assert_eq!(changed(Some(&moved), &[("n2", None)]).unwrap(), None);
        assert!(is_bucket_key(&bucket_key("n2")));
        assert!(!is_bucket_key(b"n2"));
        // Numbered neighbours share a bucket; other ids are hashed.
        assert_eq!(bucket_key("n64"), bucket_key("n127"));
        assert_ne!(bucket_key("n63"), bucket_key("n64"));
        assert_ne!(bucket_key("n64"), bucket_key("m64"));
        assert_eq!(bucket_key("note-a").len(), 4);
        assert_eq!(bucket_key("n99999999999999999999999").len(), 4);
    }

    #[test]
    fn a_damaged_bucket_is_refused() {
        for bytes in [&b"n1\0s1"[..], b"n1\0", b"n1\0\0s1\0", b"\0"] {
            assert!(pairs(bytes).is_err(), "{bytes:?}");
            assert!(changed(Some(bytes), &[("n2", Some("s1"))]).is_err());
        }
    }

    /// A store holding startups s1, s2 and notes n1, n2 of s1, with the
    /// note index as an incubator before buckets wrote it (schema 1).
    fn store_from_before_buckets() -> (tempfile::TempDir, crate::store::Store) {
        use crate::model::testing::{note, startup};
        use crate::store::{Store, tx::TreeId};
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.initialize_empty().unwrap();
        for record in [startup("s1").into(), startup("s2").into()] {
            store.create("t", record).unwrap();
        }
        for id in ["n1", "n2"] {
            store.create("t", note(id, "s1", "body").into()).unwrap();
        }
        let index = store.tree(TreeId::NoteOwners);
        index.clear().unwrap();
        for id in ["n1", "n2"] {
            index.insert(id, "s1").unwrap();
        }
        let meta = store.tree(TreeId::Meta);
        meta.insert(crate::store::tx::SCHEMA_KEY, &1u64.to_be_bytes())
            .unwrap();
        (dir, store)
    }

    #[test]
    fn a_database_from_before_buckets_finds_its_notes_and_moves_each_written_one() {
        use crate::model::Kind;
        use crate::store::tx::TreeId;
        let (_dir, store) = store_from_before_buckets();
        assert!(store.check().unwrap().is_sound());
        assert!(store.contains(Kind::Note, "n1").unwrap());
        let n1 = store.get_any(Kind::Note, "n1").unwrap().unwrap();
        let crate::model::Record::Note(mut moved) = n1.record.clone() else {
            panic!("a note")
        };
        moved.startup = "s2".into();
        store.update("t", moved.into(), 1).unwrap();
        // In its bucket now, its entry gone; the other as it was.
        let index = store.tree(TreeId::NoteOwners);
        assert!(index.get("n1").unwrap().is_none());
        assert_eq!(index.get("n2").unwrap().as_deref(), Some(&b"s1"[..]));
        let n1 = store.get_any(Kind::Note, "n1").unwrap().unwrap();
        let crate::model::Record::Note(n1) = n1.record else {
            panic!("a note")
        };
        assert_eq!(n1.startup, "s2");
        assert_eq!(store.notes_of("s1").unwrap().len(), 1);
        // An older incubator would not find n1: it is told off by the schema.
        assert_eq!(
            store.schema_version().unwrap(),
            Some(crate::store::SCHEMA_VERSION)
        );
        store.delete("t", Kind::Note, "n2", None, false).unwrap();
        assert!(index.get("n2").unwrap().is_none());
        assert!(!store.contains(Kind::Note, "n2").unwrap());
        assert!(store.check().unwrap().is_sound());
    }

    #[test]
    fn check_finds_a_note_its_bucket_lost_and_a_bucket_it_cannot_read() {
        use crate::store::tx::TreeId;
        let (_dir, store) = store_from_before_buckets();
        let index = store.tree(TreeId::NoteOwners);
        index.remove("n1").unwrap();
        let report = store.check().unwrap();
        assert!(!report.is_sound());
        assert!(format!("{report:?}").contains("notes missing from the note index"));
        index.insert(bucket_key("n1"), &b"n1\0s1"[..]).unwrap();
        let report = format!("{:?}", store.check().unwrap());
        assert!(
            report.contains("parts of the note index that cannot be read"),
            "{report}"
        );
    }

    #[test]
    fn an_owner_is_read_from_its_bucket_else_from_an_entry_of_its_own() {
        let mut tree: BTreeMap<Vec<u8>, IVec> = BTreeMap::new();
        let bucket = changed(None, &[("n1", Some("s1"))]).unwrap().unwrap();
        tree.insert(bucket_key("n1").to_vec(), bucket.into());
        tree.insert(b"n7".to_vec(), IVec::from(&b"s2"[..]));
        let get = |key: &[u8]| Ok::<_, ()>(tree.get(key).cloned());
        assert_eq!(owner("n1", get).unwrap().unwrap().as_deref(), Some("s1"));
        assert_eq!(owner("n7", get).unwrap().unwrap().as_deref(), Some("s2"));
        assert_eq!(owner("n8", get).unwrap().unwrap(), None);
    }
}
