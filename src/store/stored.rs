//! How records sit in sled: an envelope with the record's version and
//! times around the record itself, and the key of each kind.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::model::*;

/// A record as stored: `version` goes up by one on every write, so a stale
/// edit is caught instead of silently overwriting someone else's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stored<T> {
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub record: T,
}

impl<T> Stored<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Stored<U> {
        Stored {
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
            record: f(self.record),
        }
    }
}

/// A record type the store keeps in a tree of its own.
pub trait Kept: Serialize + DeserializeOwned + Clone + Into<Record> {
    const KIND: Kind;
    fn id(&self) -> &str;
    fn from_record(record: Record) -> Option<Self>;
}

macro_rules! kept {
    ($ty:ident, $kind:ident) => {
        impl Kept for $ty {
            const KIND: Kind = Kind::$kind;
            fn id(&self) -> &str {
                &self.id
            }
            fn from_record(record: Record) -> Option<Self> {
                match record {
                    Record::$ty(r) => Some(r),
                    _ => None,
                }
            }
        }

        impl From<$ty> for Record {
            fn from(r: $ty) -> Record {
                Record::$ty(r)
            }
        }
    };
}

kept!(Cohort, Cohort);
kept!(Call, Call);
kept!(Application, Application);
kept!(Review, Review);
kept!(Milestone, Milestone);
kept!(OfficeHour, OfficeHour);
kept!(Mentor, Mentor);
kept!(Startup, Startup);
kept!(DemoDay, DemoDay);
kept!(Note, Note);

/// The key of a record in its kind's tree. Notes are keyed by startup, then
/// note, so one startup's notes are a prefix scan.
pub fn record_key(record: &Record) -> Vec<u8> {
    match record {
        Record::Note(n) => note_key(&n.startup, &n.id),
        other => other.id().as_bytes().to_vec(),
    }
}

pub fn note_key(startup: &str, note: &str) -> Vec<u8> {
    let mut key = note_prefix(startup);
    key.extend_from_slice(note.as_bytes());
    key
}

/// Ids never hold control characters, so NUL separates the parts of a key.
pub fn note_prefix(startup: &str) -> Vec<u8> {
    let mut key = startup.as_bytes().to_vec();
    key.push(0);
    key
}

/// History is keyed by record, then a sequence number, so one record's
/// history is a prefix scan in order.
pub fn history_prefix(kind: Kind, id: &str) -> Vec<u8> {
    let mut key = kind.as_str().as_bytes().to_vec();
    key.push(0);
    key.extend_from_slice(id.as_bytes());
    key.push(0);
    key
}

pub fn history_key(kind: Kind, id: &str, seq: u64) -> Vec<u8> {
    let mut key = history_prefix(kind, id);
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Records hold only strings, numbers, dates and lists: serializing
    // them to JSON cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(bytes)
}

/// Decode an envelope of any kind into one holding a `Record`.
pub fn decode_any(kind: Kind, bytes: &[u8]) -> Result<Stored<Record>, serde_json::Error> {
    fn as_record<T: Kept>(bytes: &[u8]) -> Result<Stored<Record>, serde_json::Error> {
        Ok(decode::<Stored<T>>(bytes)?.map(Into::into))
    }
    match kind {
        Kind::Cohort => as_record::<Cohort>(bytes),
        Kind::Mentor => as_record::<Mentor>(bytes),
        Kind::Startup => as_record::<Startup>(bytes),
        Kind::DemoDay => as_record::<DemoDay>(bytes),
        Kind::Note => as_record::<Note>(bytes),
        Kind::Call => as_record::<Call>(bytes),
        Kind::Application => as_record::<Application>(bytes),
        Kind::Review => as_record::<Review>(bytes),
        Kind::Milestone => as_record::<Milestone>(bytes),
        Kind::OfficeHour => as_record::<OfficeHour>(bytes),
    }
}

/// Encode an envelope holding a `Record` as its kind's envelope.
pub fn encode_any(stored: &Stored<Record>) -> Vec<u8> {
    fn typed<T: Serialize>(s: &Stored<Record>, record: &T) -> Vec<u8> {
        encode(&Stored {
            version: s.version,
            created_at: s.created_at,
            updated_at: s.updated_at,
            record,
        })
    }
    match &stored.record {
        Record::Cohort(r) => typed(stored, r),
        Record::Mentor(r) => typed(stored, r),
        Record::Startup(r) => typed(stored, r),
        Record::DemoDay(r) => typed(stored, r),
        Record::Note(r) => typed(stored, r),
        Record::Call(r) => typed(stored, r),
        Record::Application(r) => typed(stored, r),
        Record::Review(r) => typed(stored, r),
        Record::Milestone(r) => typed(stored, r),
        Record::OfficeHour(r) => typed(stored, r),
    }
}
