//! The palette: search every record by name and text, and go to one.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Context, Dialog, Reply};
use crate::app::keymap::Action;
use crate::search::{Hit, SearchIndex};
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
    /// Search again for what is typed, its best hit selected.
    pub fn search(&mut self, index: &SearchIndex) {
        self.hits = index.search(&self.input, None, PALETTE_HITS);
        self.selected = 0;
    }

    fn last(&self) -> usize {
        self.hits.len().saturating_sub(1)
    }
}

impl Dialog for Palette {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match event.code {
            _ if ctx.keymap.is(Action::Cancel, event) => return Reply::Close,
            KeyCode::Enter => {
                if let Some(hit) = self.hits.get(self.selected).cloned() {
                    return Reply::Go(hit);
                }
            }
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Char('p') if ctrl => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => self.selected = (self.selected + 1).min(self.last()),
            KeyCode::Char('n') if ctrl => self.selected = (self.selected + 1).min(self.last()),
            KeyCode::Backspace => {
                self.input.pop();
                self.search(ctx.search_index());
            }
            KeyCode::Char(c) if !ctrl => {
                self.input.push(c);
                self.search(ctx.search_index());
            }
            _ => {}
        }
        Reply::Stay
    }

    fn paste(&mut self, text: &str, ctx: &mut Context) -> bool {
        self.input.push_str(&sanitize_line(text));
        self.search(ctx.search_index());
        true
    }

    fn scrolls(&self) -> bool {
        true
    }
}
