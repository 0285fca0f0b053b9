//! Marking rows with Space to act on them at once. Marks are kept by id,
//! so they stay through filtering, sorting and scrolling; a record
//! deleted (here or by someone else) loses its mark.

use std::collections::HashMap;

use super::state::App;
use super::tab::Tab;

/// The marked records of each list, in the order marked.
#[derive(Debug, Clone, Default)]
pub struct Marks(HashMap<Tab, Vec<String>>);

impl App {
    /// Space: mark the selected row, or unmark it, and go to the next row
    /// so that a run of rows is marked with a run of Spaces.
    pub(super) fn toggle_mark(&mut self) {
        let tab = self.tab;
        let Some(id) = self.selected_id() else {
            self.status = Some("Space marks a row of a list: choose a tab first (2–5)".into());
            return;
        };
        let marked = self.marks.0.entry(tab).or_default();
        match marked.iter().position(|m| *m == id) {
            Some(at) => {
                marked.remove(at);
            }
            None => marked.push(id),
        }
        self.apply(super::keymap::Action::Down);
    }

    /// Esc with marks: unmark them all; whether there were any.
    pub(super) fn clear_marks(&mut self) -> bool {
        let had = self
            .marks
            .0
            .remove(&self.tab)
            .is_some_and(|m| !m.is_empty());
        if had {
            self.status = Some("Marks cleared".into());
        }
        had
    }

    /// Forget marks on records that are gone.
    pub(super) fn prune_marks(&mut self) {
        if self.marks.0.values().all(Vec::is_empty) {
            return;
        }
        let model = std::sync::Arc::clone(&self.model);
        let model = model.read();
        for (tab, ids) in &mut self.marks.0 {
            if let Some(kind) = tab.kind() {
                ids.retain(|id| model.data.position(kind, id).is_some());
            }
        }
    }

    /// The ids marked in the current list, in the order marked.
    pub fn marked(&self) -> &[String] {
        self.marks.0.get(&self.tab).map_or(&[], Vec::as_slice)
    }

    /// Whether record `id` of the current list is marked.
    pub fn is_marked(&self, id: &str) -> bool {
        self.marked().iter().any(|m| m == id)
    }

    /// Unmark everything in `tab` (once acted on).
    pub(super) fn unmark_all(&mut self, tab: Tab) {
        self.marks.0.remove(&tab);
    }
}
