//! `C` on a judged demo day: close judging (the judges' scores become
//! final and their screens read-only) or reopen it, asked first.

use ratatui::crossterm::event::KeyEvent;

use super::{Context, Dialog, Reply};
use crate::app::effect::Effect;
use crate::app::keymap::Action;

#[derive(Debug, Clone, PartialEq)]
pub struct JudgingSwitch {
    pub demo_day: String,
    /// Close it (else reopen it).
    pub close: bool,
    /// How many of the pitches every listed judge has scored, and of how many.
    pub complete: (usize, usize),
}

impl JudgingSwitch {
    /// The question, in a line.
    pub fn question(&self) -> String {
        let (done, of) = self.complete;
        match self.close {
            true => format!(
                "Close judging of demo day {}? {done} of {of} pitches are scored by every judge; the scores become final.",
                self.demo_day
            ),
            false => format!(
                "Reopen judging of demo day {}? The judges may change their scores again.",
                self.demo_day
            ),
        }
    }
}

impl Dialog for JudgingSwitch {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let keys = ctx.keymap;
        if keys.is(Action::Yes, event) {
            return Reply::CloseWith(Effect::SetJudging {
                demo_day: self.demo_day.clone(),
                closed: self.close,
            });
        }
        if keys.is(Action::Cancel, event) || keys.is(Action::Back, event) {
            return Reply::Close;
        }
        Reply::Stay
    }
}
