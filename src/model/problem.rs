//! A broken rule, located by record kind, id and field.

use std::fmt;

use super::enums::Kind;
use super::records::Portfolio;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: Kind,
    /// The record's id, or `#N` (its position in the file) when it has none.
    pub id: String,
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn new(kind: Kind, id: &str, field: &str, message: impl Into<String>) -> Self {
        Problem {
            kind,
            id: id.to_string(),
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = crate::text::sanitize_line(&self.id);
        if self.field.is_empty() {
            write!(f, "{} {}: {}", self.kind, id, self.message)
        } else {
            write!(f, "{} {}, {}: {}", self.kind, id, self.field, self.message)
        }
    }
}

/// A portfolio read as far as it could be (an interchange document): the
/// records, and every problem found in their fields. Rules between records
/// (duplicate ids, references) are checked where the destination is
/// known, by the store.
#[derive(Debug, Default)]
pub struct Parsed {
    pub portfolio: Portfolio,
    pub problems: Vec<Problem>,
}
