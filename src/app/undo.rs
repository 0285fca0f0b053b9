//! A change this session made, kept for `u`.

use crate::store::Revert;

/// A change this session made, as the undo that takes it back.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoStep {
    /// "editing startup Bazarım"
    pub label: String,
    pub reverts: Vec<Revert>,
}
