//! `?`: the keys, as the table in `keymap` lists them. PgDn and PgUp (or
//! ↓ and ↑) turn its pages when it takes more than one; any other key
//! closes it.

use ratatui::crossterm::event::KeyEvent;

use super::{Context, Dialog, Reply};
use crate::app::keymap::Action;

#[derive(Debug, Clone, Default)]
pub struct Help {
    /// The page shown, from 0.
    pub page: usize,
    /// How many the screen takes (see `ui::help_pages`).
    pub pages: usize,
}

impl Dialog for Help {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let is = |action| ctx.keymap.is(action, event);
        if (is(Action::PageDown) || is(Action::Down)) && self.page + 1 < self.pages {
            self.page += 1;
            return Reply::Stay;
        }
        if (is(Action::PageUp) || is(Action::Up)) && self.page > 0 {
            self.page -= 1;
            return Reply::Stay;
        }
        Reply::Close
    }
}
