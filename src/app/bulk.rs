//! Acting on the marked rows at once (`b`, or `d` with marks): the
//! dialog opens on the records as stored; one write, one undo step.

use super::dialog::Overlay;
use super::dialog::bulk::BulkDialog;
use super::effect::Effect;
use super::keymap::Action;
use super::state::App;
use super::undo::UndoStep;
use crate::model::Kind;
use crate::store::{DeletePlan, Revert};

impl App {
    /// Read the marked records afresh (their versions matter), then ask
    /// what to do with them; `delete`: ask only whether to delete them.
    pub(super) fn act_on_marked(&mut self, delete: bool) {
        if let Some(why) = self.refusal(Action::Bulk) {
            self.status = Some(why);
            return;
        }
        let ids = self.marked().to_vec();
        let kind = self.tab.kind().filter(|_| !ids.is_empty());
        let Some(kind) = kind else {
            self.status = Some(format!(
                "Nothing marked: {} marks a row, then {} acts on the marked rows",
                self.keymap.hint(Action::MarkRow),
                self.keymap.hint(Action::Bulk)
            ));
            return;
        };
        self.effects.push(Effect::PlanAll { kind, ids, delete });
    }

    /// The marked records as stored: the dialog.
    pub(super) fn open_bulk(&mut self, kind: Kind, plans: Vec<DeletePlan>, delete: bool) {
        if plans.is_empty() {
            self.status = Some("The marked records are not in the portfolio any more".into());
            return;
        }
        self.overlay = Overlay::Bulk(Box::new(BulkDialog::open(kind, plans, delete)));
    }

    /// A change to the marked records is on disk: one undo step, the
    /// marks done with.
    pub(super) fn saved_all(&mut self, label: String, undo: Vec<Revert>) {
        self.overlay = Overlay::None;
        let tab = self.tab;
        self.unmark_all(tab);
        self.calls.marked.clear();
        self.status = Some(format!(
            "Done: {label} · {} undoes it",
            self.keymap.hint(Action::Undo)
        ));
        self.undo.push(UndoStep {
            label,
            reverts: undo,
        });
    }
}
