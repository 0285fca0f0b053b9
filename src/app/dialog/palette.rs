//! The palette: search every record by name and text, and go to one.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Context, Dialog, Reply};
use crate::app::clearing::{clear_string, clearing};
use crate::app::keymap::Action;
use crate::search::{Hit, SearchIndex, SearchMemo};
use crate::text::sanitize_line;

/// The most results the palette shows.
pub const PALETTE_HITS: usize = 50;

#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub input: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

impl Palette {
    /// Search again for what is typed, its best hit selected; `memo` is
    /// the session's.
    pub fn search(&mut self, (index, memo): (&SearchIndex, &mut SearchMemo)) {
        self.hits = index.search_with(memo, &self.input, None, PALETTE_HITS);
        self.selected = 0;
    }

    fn move_by(&mut self, by: isize) {
        let last = self.hits.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(by).min(last);
    }
}

impl Dialog for Palette {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let is = |action| ctx.keymap.is(action, event);
        if is(Action::Cancel) {
            return Reply::Close;
        }
        if is(Action::Choose) {
            if let Some(hit) = self.hits.get(self.selected).cloned() {
                return Reply::Go(hit);
            }
        } else if is(Action::PickUp) {
            self.move_by(-1);
        } else if is(Action::PickDown) {
            self.move_by(1);
        } else if let Some(how) = clearing(ctx.keymap, event) {
            if clear_string(&mut self.input, how) {
                self.search(ctx.search_index());
            }
        } else {
            // The query is a plain string: these are its editing keys.
            match event.code {
                KeyCode::Backspace => {
                    self.input.pop();
                    self.search(ctx.search_index());
                }
                KeyCode::Char(c) if !event.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.input.push(c);
                    self.search(ctx.search_index());
                }
                _ => {}
            }
        }
        Reply::Stay
    }

    fn paste(&mut self, text: &str, ctx: &mut Context) -> bool {
        self.input.push_str(&sanitize_line(text));
        self.search(ctx.search_index());
        true
    }

    fn scroll(&mut self, down: bool, _ctx: &mut Context) -> Option<Reply> {
        self.move_by(if down { 1 } else { -1 });
        Some(Reply::Stay)
    }
}
