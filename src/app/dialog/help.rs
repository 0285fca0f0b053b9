//! `?`: the keys, as the table in `keymap` lists them. Any key closes it.

use ratatui::crossterm::event::KeyEvent;

use super::{Context, Dialog, Reply};

#[derive(Debug, Clone, Default)]
pub struct Help;

impl Dialog for Help {
    fn key(&mut self, _event: KeyEvent, _ctx: &mut Context) -> Reply {
        Reply::Close
    }
}
