//! `d`, once the store said what goes with the record: the question
//! before it is deleted.

use ratatui::crossterm::event::KeyEvent;

use super::{Context, Dialog, Reply};
use crate::app::effect::Effect;
use crate::app::keymap::Action;
use crate::store::DeletePlan;

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

    /// Whether the delete takes a deliberate key: a cohort's startups left
    /// without one, or a call's applications deleted with it.
    pub fn takes_dependents(&self) -> bool {
        self.detaches() > 0 || !self.plan.applications.is_empty()
    }
}

impl Dialog for DeleteConfirm {
    /// A yes deletes; any other key closes the question.
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let target = &self.plan.target;
        let detach = self.takes_dependents();
        // Startups left without a cohort take a deliberate `d`.
        let yes = ctx
            .keymap
            .is(if detach { Action::Detach } else { Action::Yes }, event);
        if !yes {
            return Reply::Close;
        }
        Reply::CloseWith(Effect::Delete {
            kind: target.record.kind(),
            id: target.record.id().to_string(),
            version: Some(target.version),
            detach,
        })
    }
}
