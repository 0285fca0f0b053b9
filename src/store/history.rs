//! The history of every write: who, when, and each record before and after.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Kind, Record};

/// The kind of change a history entry records (stored as `"action"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Created,
    Updated,
    Deleted,
    Imported,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Order of writes across the whole database.
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub who: String,
    pub kind: Kind,
    pub id: String,
    pub action: ChangeKind,
    /// The record's version after this write (the last version for a delete).
    pub version: u64,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// Why a record changed when the write was aimed at another one, such
    /// as "deleted with startup s3".
    pub cause: Option<String>,
}

/// One field's change, values as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

impl HistoryEntry {
    /// The fields that differ between before and after, in record order.
    pub fn changes(&self) -> Vec<FieldChange> {
        let empty = serde_json::Map::new();
        let before = self
            .before
            .as_ref()
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let after = self
            .after
            .as_ref()
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut fields: Vec<&String> = after.keys().collect();
        fields.extend(before.keys().filter(|k| !after.contains_key(*k)));
        fields
            .into_iter()
            .filter(|f| *f != "id")
            .filter_map(|field| {
                let old = before.get(field).cloned().unwrap_or(Value::Null);
                let new = after.get(field).cloned().unwrap_or(Value::Null);
                (old != new).then(|| FieldChange {
                    field: field.clone(),
                    before: old,
                    after: new,
                })
            })
            .collect()
    }
}

/// A record's fields as a JSON object, for history.
pub fn record_value(record: &Record) -> Value {
    record.to_value()
}

/// A change the store announces to its subscribers after a write lands.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Record {
        kind: Kind,
        id: String,
        action: ChangeKind,
        who: String,
    },
    /// Many records at once (an import): reload everything.
    Everything,
}
