//! The changes this session made, kept for `u` (undo) and `U` (redo).

use crate::model::Record;
use crate::store::{Revert, record_value};

/// A change this session made, as the undo that takes it back.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoStep {
    /// What the change was, as the status names it: "cohort of Kilim
    /// Craft", "adding startup Bazarım".
    pub label: String,
    pub reverts: Vec<Revert>,
}

/// The two stacks: what `u` takes back, last last, and what `U` puts
/// again, last undone last. A new change empties the second: a redo
/// after it would undo work done since.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Undo {
    done: Vec<UndoStep>,
    undone: Vec<UndoStep>,
}

impl Undo {
    /// A new change of this session's.
    pub fn push(&mut self, step: UndoStep) {
        self.done.push(step);
        self.undone.clear();
    }

    /// The step `u` takes back, taken off its stack.
    pub fn take_undo(&mut self) -> Option<UndoStep> {
        self.done.pop()
    }

    /// The step `U` puts again, taken off its stack.
    pub fn take_redo(&mut self) -> Option<UndoStep> {
        self.undone.pop()
    }

    /// An undo landed: `redo` is what puts the change again.
    pub fn undone(&mut self, redo: UndoStep) {
        self.undone.push(redo);
    }

    /// A redo landed: `undo` takes it back again; later undone steps stay.
    pub fn redone(&mut self, undo: UndoStep) {
        self.done.push(undo);
    }

    /// What `u` would undo now.
    pub fn next_undo(&self) -> Option<&str> {
        self.done.last().map(|s| s.label.as_str())
    }

    /// What `U` would redo now.
    pub fn next_redo(&self) -> Option<&str> {
        self.undone.last().map(|s| s.label.as_str())
    }

    /// "u undoes: cohort of Kilim Craft · U redoes: …", or "" when both
    /// stacks are empty.
    pub fn describe(&self, undo_key: &str, redo_key: &str) -> String {
        let mut parts = Vec::new();
        if let Some(label) = self.next_undo() {
            parts.push(format!("{undo_key} undoes: {label}"));
        }
        if let Some(label) = self.next_redo() {
            parts.push(format!("{redo_key} redoes: {label}"));
        }
        parts.join(" · ")
    }
}

/// An edit in words: the fields it changed and whose ("cohort of Kilim
/// Craft", "sector and stage of Bazarım", "4 fields of Bazarım").
pub fn edit_label(before: &Record, after: &Record) -> String {
    let (old, new) = (record_value(before), record_value(after));
    let empty = serde_json::Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let new = new.as_object().unwrap_or(&empty);
    let fields: Vec<String> = new
        .iter()
        .filter(|(field, value)| *field != "id" && old.get(*field) != Some(*value))
        // A review is stamped each time it is written: its scores are the news.
        .filter(|(field, _)| !(*field == "at" && matches!(after, Record::Review(_))))
        .map(|(field, _)| field.replace('_', " "))
        .collect();
    let name = after.label();
    match fields.as_slice() {
        [] => format!("editing {} {name}", after.kind().noun()),
        [one] => format!("{one} of {name}"),
        [a, b] => format!("{a} and {b} of {name}"),
        many => format!("{} fields of {name}", many.len()),
    }
}
