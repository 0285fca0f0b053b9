//! `m` on the Calls tab: the stage to move the marked applications (or
//! the one under the cursor) to. Accepted goes through accepting: it
//! makes the startup.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Context, Dialog, Reply};
use crate::app::effect::{ApplicationChange, Effect};
use crate::app::keymap::Action;
use crate::model::{ApplicationStage, Kind};

#[derive(Debug, Clone, PartialEq)]
pub struct StageDialog {
    /// The applications to move.
    pub ids: Vec<String>,
    /// The stage under the cursor, in [`ApplicationStage::ALL`].
    pub selected: usize,
}

impl StageDialog {
    /// Moving `ids`, the cursor on `now` (the first one's stage).
    pub fn new(ids: Vec<String>, now: ApplicationStage) -> StageDialog {
        let selected = ApplicationStage::ALL
            .iter()
            .position(|s| *s == now)
            .unwrap_or(0);
        StageDialog { ids, selected }
    }

    /// "Move Nar Health to", "Move 3 applications to".
    pub fn title(&self, ctx_name: Option<&str>) -> String {
        match (self.ids.as_slice(), ctx_name) {
            ([_], Some(name)) => format!("Move {name} to"),
            (ids, _) => format!("Move {} to", crate::text::counted(ids.len(), "application")),
        }
    }
}

impl Dialog for StageDialog {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let keys = ctx.keymap;
        let last = ApplicationStage::ALL.len() - 1;
        if keys.is(Action::Cancel, event) {
            return Reply::Close;
        }
        if keys.is(Action::PickUp, event) || event.code == KeyCode::Char('k') {
            self.selected = self.selected.saturating_sub(1);
        } else if keys.is(Action::PickDown, event) || event.code == KeyCode::Char('j') {
            self.selected = (self.selected + 1).min(last);
        } else if keys.is(Action::Choose, event) {
            let stage = ApplicationStage::ALL[self.selected];
            let name = match self.ids.as_slice() {
                [one] => ctx
                    .data()
                    .portfolio
                    .name_of(Kind::Application, one)
                    .unwrap_or(one)
                    .to_string(),
                many => crate::text::counted(many.len(), "application"),
            };
            let ids = self.ids.clone();
            return Reply::CloseWith(if stage == ApplicationStage::Accepted {
                Effect::Accept {
                    label: format!("accepting {name}"),
                    ids,
                }
            } else {
                Effect::ChangeApplications {
                    label: format!("{name} to {stage}"),
                    ids,
                    change: ApplicationChange::Stage(stage),
                }
            });
        }
        Reply::Stay
    }
}
