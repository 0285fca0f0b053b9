//! Changing the portfolio from the keyboard: `n` new, `e` edit, `d`
//! delete, `a` a note, `x` an export, `u` undo. Each opens its dialog or
//! asks the store first; `outcome` routes what comes back.

use std::sync::Arc;

use super::dialog::Overlay;
use super::dialog::delete::DeleteConfirm;
use super::dialog::export::ExportDialog;
use super::dialog::form::{Form, new_record};
use super::dialog::note::{Authorship, NoteEditor};
use super::effect::Effect;
use super::state::{App, Focus, Link};
use super::tab::Tab;
use crate::model::{Kind, Record};
use crate::store::{DeletePlan, Stored};

impl App {
    /// The record the keys `e` and `d` act on: the note or milestone under
    /// the cursor in a startup's details, else the selected record.
    fn target(&self) -> Option<(Kind, String)> {
        if self.focus == Focus::Details
            && let Some(Link {
                kind: kind @ (Kind::Note | Kind::Milestone),
                id,
            }) = self.links().get(self.link)
        {
            return Some((*kind, id.clone()));
        }
        Some((self.tab.kind()?, self.selected_id()?))
    }

    /// `n`: a form for a new record of the tab's kind.
    pub(super) fn new_record(&mut self) {
        let Some(kind) = self.tab.kind() else {
            self.status = Some("n makes a new record: choose a tab first (2–5)".into());
            return;
        };
        let record = new_record(kind, &self.data(), self.today);
        match record {
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
        match self.undo.take_undo() {
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
                    redo: false,
                });
            }
            None => self.status = Some("Nothing to undo in this session".into()),
        }
    }

    /// `U`: put again the change `u` last took back.
    pub(super) fn redo(&mut self) {
        match self.undo.take_redo() {
            Some(step) => {
                self.pending_select = step
                    .reverts
                    .iter()
                    .find(|r| r.before.is_some() && r.kind != Kind::Note)
                    .map(|r| (r.kind, r.id.clone()));
                self.effects.push(Effect::Revert {
                    label: step.label,
                    reverts: step.reverts,
                    redo: true,
                });
            }
            None => self.status = Some("Nothing to redo: u undoes, then U redoes".into()),
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

    pub(super) fn open_editor(&mut self, stored: Stored<Record>) {
        // A review's version, read for the review form open on it.
        if let Record::Review(_) = &stored.record {
            if let Overlay::Review(form) = &mut self.overlay {
                form.loaded(&stored);
            }
            return;
        }
        let version = stored.version;
        match stored.record {
            Record::Note(note) => {
                let name = self
                    .data()
                    .startup(&note.startup)
                    .map_or(String::new(), |s| s.name.clone());
                let editor =
                    NoteEditor::editing(note, version, &name, self.today).signed(self.authorship());
                self.overlay = Overlay::Note(Box::new(editor));
            }
            record => {
                let on_outcome = self.on_outcome_line(&record);
                let mut form = Form::open(record, Some(version));
                if on_outcome {
                    form.focus_on(super::dialog::form::OUTCOME_LINE);
                }
                self.overlay = Overlay::Form(Box::new(form));
            }
        }
    }

    /// Whether the cursor is on `record`'s own line in its details (a
    /// startup's Outcome section): its form opens there.
    fn on_outcome_line(&self, record: &Record) -> bool {
        self.focus == Focus::Details
            && self.tab == Tab::Startups
            && self.links().get(self.link)
                == Some(&Link {
                    kind: Kind::Startup,
                    id: record.id().to_string(),
                })
    }

    /// `a`: a new note on the startup selected.
    pub(super) fn open_note(&mut self) {
        let model = Arc::clone(&self.model);
        let model = model.read();
        let startup = self
            .startup_on_screen()
            .and_then(|i| model.data.portfolio.startups.get(i));
        let Some(startup) = startup else {
            self.status =
                Some("a adds a note to a startup: choose one on the Startups tab (2)".into());
            return;
        };
        let mut editor = NoteEditor::new(&startup.id, &startup.name, &self.user, self.today)
            .signed(self.authorship());
        // The kind this session last logged (a mentor logs sessions).
        if let Some(kind) = self.note_kind {
            editor.kind = kind;
        }
        self.overlay = Overlay::Note(Box::new(editor));
    }

    /// Who this session's notes are by: over SSH, the signed-in user.
    pub(super) fn authorship(&self) -> Authorship {
        match (&self.remote, &self.access) {
            (None, _) => Authorship::Free,
            (Some(_), crate::store::Access::Everything) => Authorship::OnBehalf(self.user.clone()),
            (Some(_), _) => Authorship::Signed(self.user.clone()),
        }
    }

    /// `x`: open the dialog for the cohort selected, or say where it works.
    pub(super) fn open_export(&mut self) {
        let model = Arc::clone(&self.model);
        let model = model.read();
        let cohort = match self.tab {
            Tab::Cohorts => self
                .selected_index()
                .and_then(|i| model.data.portfolio.cohorts.get(i)),
            _ => None,
        };
        let Some(cohort) = cohort else {
            self.status =
                Some("x exports a cohort's summary: choose one on the Cohorts tab (3)".into());
            return;
        };
        let dialog = ExportDialog::open(
            cohort,
            self.today,
            &self.export_folder,
            self.remote.is_some(),
        );
        self.overlay = Overlay::Export(dialog);
    }

    /// `d`, once the store said what goes with the record: ask first.
    pub(super) fn confirm_delete(&mut self, plan: DeletePlan) {
        let target = &plan.target.record;
        let signs_in = (target.kind() == Kind::Mentor)
            .then(|| self.signs_in.iter().find(|(id, _)| id == target.id()))
            .flatten()
            .map(|(_, name)| name.clone());
        self.overlay = Overlay::Delete(Box::new(DeleteConfirm { plan, signs_in }));
    }
}
