//! Where the outcome of every effect goes: what is the session's (undo,
//! the records to select, histories, the dialogs a read opens) is done
//! here; the rest goes to the dialog open, which answers as for a key.

use super::dialog::{Overlay, context, unasked};
use super::effect::Outcome;
use super::keymap::Action;
use super::state::App;
use super::undo::{UndoStep, edit_label};
use crate::model::Record;
use crate::store::Revert;

/// "startup Bazarım"
fn named(record: &Record) -> String {
    format!("{} {}", record.kind().noun(), record.label())
}

impl App {
    /// What `u` and `U` would do now: "u undoes: cohort of Kilim Craft".
    pub(super) fn undo_redo(&self) -> String {
        let undo = self.keymap.hint(Action::Undo);
        let redo = self.keymap.hint(Action::Redo);
        self.undo.describe(&undo, &redo)
    }

    /// What the front end made of an effect.
    pub(super) fn outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::ForEdit(stored) => self.open_editor(*stored),
            Outcome::Copied(what) => {
                self.status = Some(format!("Copied {what} to your clipboard (OSC 52)"));
            }
            Outcome::Saved { before, after } => {
                // A note added: the next starts as its kind.
                if let (None, Record::Note(note)) = (&before, &after.record) {
                    self.note_kind = Some(note.kind);
                }
                let label = match &before {
                    Some(before) => edit_label(before, &after.record),
                    None => format!("adding {}", named(&after.record)),
                };
                self.undo.push(UndoStep {
                    label,
                    reverts: vec![Revert::of(before.map(|b| *b), &after)],
                });
                let merged = match std::mem::replace(&mut self.overlay, Overlay::None) {
                    Overlay::Form(form) => form.merged,
                    Overlay::Note(editor) => editor.merged,
                    _ => None,
                };
                let kind = after.record.kind();
                let id = after.record.id().to_string();
                // A new record is selected, so the user sees it; a note is
                // scrolled to in its startup's details.
                let listed = self.data().position(kind, &id).is_some();
                self.pending_select = Some((kind, id));
                // The write was carried out outside the session's turn, so
                // the model may have it already: then no change is still to
                // come to show it.
                if listed {
                    self.show_saved();
                }
                let saved = match merged {
                    Some(merged) => format!("Saved {}, {merged}", named(&after.record)),
                    None => format!("Saved {}", named(&after.record)),
                };
                self.status = Some(format!("{saved} · {}", self.undo_redo()));
            }
            Outcome::DeletePlan(plan) => self.confirm_delete(*plan),
            Outcome::Deleted(deleted) => {
                let mut label = named(&deleted.plan.target.record);
                let with = deleted.plan.describe();
                if !with.is_empty() {
                    label.push_str(&format!(" and {with}"));
                }
                self.status = Some(format!("Deleted {label}. u brings it back."));
                self.undo.push(UndoStep {
                    label: format!("deleting {label}"),
                    reverts: deleted.undo,
                });
            }
            Outcome::Reverted {
                label,
                redo,
                inverse,
            } => {
                let step = UndoStep {
                    label: label.clone(),
                    reverts: inverse,
                };
                let done = if redo {
                    self.undo.redone(step);
                    "Redone"
                } else {
                    self.undo.undone(step);
                    "Undone"
                };
                self.status = Some(format!("{done}: {label} · {}", self.undo_redo()));
            }
            Outcome::Planned {
                kind,
                plans,
                delete,
            } => self.open_bulk(kind, plans, delete),
            Outcome::SavedAll { label, undo } => self.saved_all(label, undo),
            Outcome::History { kind, id, entries } => {
                self.histories_asked.remove(&(kind, id.clone()));
                self.histories.insert((kind, id), entries);
                self.scroll_details(0);
            }
            // A save refused or in conflict, an export written or not.
            to_dialog => {
                let reply = match self.overlay.dialog_mut() {
                    Some(dialog) => {
                        let ctx = context!(self);
                        dialog.outcome(to_dialog, &ctx)
                    }
                    None => unasked(to_dialog),
                };
                self.answer(reply);
            }
        }
    }
}
