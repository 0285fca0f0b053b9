//! `f`: the quick-filter menu over a list. It moves its cursor; what
//! the list is narrowed by is the session's (see `facets`).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Context, Dialog, Narrow, Reply};
use crate::app::facets::facet_choices;

/// The quick-filter menu over a list, and the line under the cursor.
#[derive(Debug, Clone, Default)]
pub struct FacetMenu {
    pub selected: usize,
}

impl Dialog for FacetMenu {
    /// Move, toggle, clear, close.
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let at = self.selected;
        let count = facet_choices(ctx.tab, &ctx.data.portfolio).len();
        match event.code {
            KeyCode::Up | KeyCode::Char('k') => self.selected = at.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (at + 1).min(count.saturating_sub(1));
            }
            KeyCode::Home | KeyCode::Char('g') => self.selected = 0,
            KeyCode::End | KeyCode::Char('G') => self.selected = count.saturating_sub(1),
            KeyCode::Char(' ') | KeyCode::Enter => return Reply::Narrow(Narrow::Toggle(at)),
            KeyCode::Char('c') => return Reply::Narrow(Narrow::Clear),
            KeyCode::Esc | KeyCode::Char('f') | KeyCode::Char('q') => return Reply::Close,
            _ => {}
        }
        Reply::Stay
    }

    fn scrolls(&self) -> bool {
        true
    }
}
