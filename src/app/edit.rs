//! Changing the portfolio from the keyboard: `n` new, `e` edit, `d`
//! delete (asking first, saying what goes with it), `u` undo, and what
//! the store says back about each.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::effect::{Effect, Outcome};
use super::form::{Conflict, Form, new_record};
use super::merge::{listed, merge};
use super::note::{NoteConflict, NoteEditor};
use super::state::{Focus, Link, Overlay, State};
use crate::model::{Kind, Record};
use crate::store::{DeletePlan, Revert, Stored};

/// A change this session made, as the undo that takes it back.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoStep {
    /// "editing startup Bazarım"
    pub label: String,
    pub reverts: Vec<Revert>,
}

/// `d` waiting for a yes.
#[derive(Debug, Clone, PartialEq)]
pub struct DeleteConfirm {
    pub plan: DeletePlan,
    /// A mentor the server's users file signs someone in as: their name.
    pub signs_in: Option<String>,
}

impl DeleteConfirm {
    /// The record and what goes with it, as the question puts it.
    pub fn question(&self) -> String {
        let target = &self.plan.target.record;
        let mut text = format!("Delete {} {}", target.kind().noun(), target.label());
        let with = self.plan.describe();
        if !with.is_empty() {
            text.push_str(&format!(" and {with}"));
        }
        text.push('?');
        text
    }

    /// A cohort with startups: they would be left without one.
    pub fn detaches(&self) -> usize {
        self.plan.detached.len()
    }
}

/// "startup Bazarım"
fn named(record: &Record) -> String {
    format!("{} {}", record.kind().noun(), record.label())
}

impl State {
    /// The record the keys `e` and `d` act on: the note under the cursor
    /// in a startup's details, else the selected record.
    fn target(&self) -> Option<(Kind, String)> {
        if self.focus == Focus::Details
            && let Some(Link {
                kind: Kind::Note,
                id,
            }) = self.links().get(self.link)
        {
            return Some((Kind::Note, id.clone()));
        }
        Some((self.tab.kind()?, self.selected_id()?))
    }

    /// `n`: a form for a new record of the tab's kind.
    pub(super) fn new_record(&mut self) {
        let Some(kind) = self.tab.kind() else {
            self.status = Some("n makes a new record: choose a tab first (2–5)".into());
            return;
        };
        match new_record(kind, &self.data, self.today) {
            Some(record) => self.overlay = Overlay::Form(Box::new(Form::open(record, None))),
            None => self.status = Some("A demo day needs a cohort: make one first".into()),
        }
    }

    /// `e`: read the record afresh (its version matters), then a form.
    pub(super) fn edit(&mut self) {
        match self.target() {
            Some((kind, id)) => self.effects.push(Effect::Edit { kind, id }),
            None => self.status = Some("Nothing selected to edit".into()),
        }
    }

    /// `d`: first what would go with it.
    pub(super) fn delete(&mut self) {
        match self.target() {
            Some((kind, id)) => self.effects.push(Effect::PlanDelete { kind, id }),
            None => self.status = Some("Nothing selected to delete".into()),
        }
    }

    /// `u`: take back this session's last change.
    pub(super) fn undo(&mut self) {
        match self.undo.pop() {
            Some(step) => {
                // What comes back is selected once it is listed again.
                self.pending_select = step
                    .reverts
                    .first()
                    .filter(|r| r.before.is_some() && r.kind != Kind::Note)
                    .map(|r| (r.kind, r.id.clone()));
                self.effects.push(Effect::Revert {
                    label: step.label,
                    reverts: step.reverts,
                });
            }
            None => self.status = Some("Nothing to undo in this session".into()),
        }
    }

    pub(super) fn delete_key(&mut self, event: KeyEvent) {
        let Overlay::Delete(confirm) = &self.overlay else {
            return;
        };
        let target = &confirm.plan.target;
        let (kind, id, version) = (
            target.record.kind(),
            target.record.id().to_string(),
            target.version,
        );
        let detach = confirm.detaches() > 0;
        let yes = if detach {
            event.code == KeyCode::Char('d')
        } else {
            matches!(event.code, KeyCode::Char('y') | KeyCode::Enter)
        };
        if yes {
            self.effects.push(Effect::Delete {
                kind,
                id,
                version: Some(version),
                detach,
            });
        }
        self.overlay = Overlay::None;
    }

    /// What the store made of an edit, a delete or an undo.
    pub(super) fn edit_outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::ForEdit(stored) => self.open_editor(*stored),
            Outcome::Saved { before, after } => {
                let label = match &before {
                    Some(_) => format!("editing {}", named(&after.record)),
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
                self.pending_select = Some((kind, id));
                self.status = Some(match merged {
                    Some(merged) => format!("Saved {}, {merged}", named(&after.record)),
                    None => format!("Saved {}", named(&after.record)),
                });
            }
            Outcome::Conflict {
                message,
                by,
                theirs,
            } => match theirs {
                Some(theirs) => self.conflict(message, &by, *theirs),
                None => self.refused(message),
            },
            Outcome::DeletePlan(plan) => {
                let target = &plan.target.record;
                let signs_in = (target.kind() == Kind::Mentor)
                    .then(|| self.signs_in.iter().find(|(id, _)| id == target.id()))
                    .flatten()
                    .map(|(_, name)| name.clone());
                self.overlay = Overlay::Delete(Box::new(DeleteConfirm {
                    plan: *plan,
                    signs_in,
                }))
            }
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
            Outcome::Reverted(label) => self.status = Some(format!("Undone: {label}")),
            Outcome::History { kind, id, entries } => {
                self.histories_asked.remove(&(kind, id.clone()));
                self.histories.insert((kind, id), entries);
                self.scroll_details(0);
            }
            _ => {}
        }
    }

    /// The details on screen show their record's history: ask for it
    /// once, when first shown.
    pub(super) fn ask_for_history(&mut self) {
        let shown = self.is_wide() || self.focus == Focus::Details;
        let (Some(kind), Some(id)) = (self.tab.kind(), self.selected_id()) else {
            return;
        };
        let key = (kind, id);
        if !shown || self.histories.contains_key(&key) || self.histories_asked.contains(&key) {
            return;
        }
        self.histories_asked.insert(key.clone());
        let (kind, id) = key;
        self.effects.push(Effect::History { kind, id });
    }

    fn open_editor(&mut self, stored: Stored<Record>) {
        let version = stored.version;
        match stored.record {
            Record::Note(note) => {
                let name = self
                    .data
                    .startup(&note.startup)
                    .map_or(String::new(), |s| s.name.clone());
                let editor = NoteEditor::editing(note, version, &name).signed(self.authorship());
                self.overlay = Overlay::Note(Box::new(editor));
            }
            record => self.overlay = Overlay::Form(Box::new(Form::open(record, Some(version)))),
        }
    }

    /// Someone saved the record after the form (or note) opened it: merge
    /// their change with this one. Fields only one of them changed need no
    /// one's choice, so the merge is saved at once; a field both changed is
    /// asked about (`o` mine, `r` theirs), naming it.
    fn conflict(&mut self, message: String, by: &str, theirs: Stored<Record>) {
        let mut save_note = false;
        match &mut self.overlay {
            Overlay::Form(form) => {
                form.saving = false;
                // Each side read as a form shows it, so a value the form
                // writes back a little differently is no one's change.
                let shown = |r: &Record| Form::open(r.clone(), Some(0)).record().ok();
                let base = shown(&form.original).unwrap_or_else(|| form.original.clone());
                let stored = shown(&theirs.record).unwrap_or_else(|| theirs.record.clone());
                let merge = form
                    .record()
                    .ok()
                    .and_then(|mine| merge(&base, &mine, &stored));
                let Some(merge) = merge else {
                    form.error = Some(format!("{message}; Esc, then e opens it afresh"));
                    return;
                };
                let merge = merge.renamed(|key| form.label_of(key));
                if !merge.both.is_empty() {
                    form.conflict = Some(Conflict {
                        message: format!("{by} saved it meanwhile"),
                        stored: theirs.record,
                        version: theirs.version,
                        merge,
                    });
                    return;
                }
                let kept = merge.kept.clone();
                form.rebase(merge.mine, theirs.record, theirs.version);
                if let Some(first) = form.first_error() {
                    // Their change and this one are fine alone, not together
                    // (an end now before the start): the user fixes it.
                    form.focus = first;
                    form.error = Some(format!(
                        "{} meanwhile, merged into your edits; fix the marked field, then Ctrl-S",
                        changed_by(&kept, by)
                    ));
                } else if let Ok(record) = form.record() {
                    form.merged = Some(merged_note(&kept, by));
                    form.saving = true;
                    self.effects.push(Effect::Save {
                        record: Box::new(record),
                        version: form.version,
                    });
                }
            }
            Overlay::Note(editor) => {
                editor.saving = false;
                let Some(merge) = editor.merge_with(&theirs.record) else {
                    editor.error = Some(message);
                    return;
                };
                let Record::Note(stored) = theirs.record else {
                    return;
                };
                if merge.both.is_empty() {
                    editor.merged = Some(merged_note(&merge.kept, by));
                    editor.rebase(&merge.mine, stored, theirs.version);
                    save_note = true;
                } else {
                    // The question first: the editor's footer is two lines.
                    editor.error = Some(format!(
                        "{} o keeps yours there · r takes theirs there · other keys go back. (Saved meanwhile by {by}.)",
                        merge.clash()
                    ));
                    editor.conflict = Some(NoteConflict {
                        stored,
                        version: theirs.version,
                        merge,
                    });
                }
            }
            _ => self.status = Some(message),
        }
        if save_note {
            self.save_note();
        }
    }

    /// The store refused a save with no record to show (it is gone).
    fn refused(&mut self, message: String) {
        match &mut self.overlay {
            Overlay::Form(form) => {
                form.saving = false;
                form.error = Some(message);
            }
            Overlay::Note(editor) => {
                editor.saving = false;
                editor.error = Some(message);
            }
            _ => self.status = Some(message),
        }
    }
}

/// "name changed by Aysel Hüseynova at 2026-11-28 10:02 UTC"
fn changed_by(kept: &[String], by: &str) -> String {
    if kept.is_empty() {
        format!("changed by {by}")
    } else {
        format!("{} changed by {by}", listed(kept))
    }
}

/// What the status adds to "Saved startup Bazarım" after a merge.
fn merged_note(kept: &[String], by: &str) -> String {
    if kept.is_empty() {
        format!("the same change as {by}'s (no field differed)")
    } else {
        format!("merged with the change to {} by {by}", listed(kept))
    }
}
