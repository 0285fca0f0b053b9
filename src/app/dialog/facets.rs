//! `f`: the quick-filter menu over a list. It moves its cursor; what
//! the list is narrowed by is the session's (see `facets`).

use ratatui::crossterm::event::KeyEvent;

use super::{Context, Dialog, Narrow, Reply};
use crate::app::facets::facet_choices;
use crate::app::keymap::Action;

/// The quick-filter menu over a list, and the line under the cursor.
#[derive(Debug, Clone, Default)]
pub struct FacetMenu {
    pub selected: usize,
}

impl Dialog for FacetMenu {
    /// Move, toggle, clear, close.
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let at = self.selected;
        let last = facet_choices(ctx.tab, &ctx.data().portfolio)
            .len()
            .saturating_sub(1);
        // It moves as a list does, and closes as it opened (`f`) or as a
        // dialog does.
        let is = |action| ctx.keymap.is(action, event);
        if is(Action::Up) {
            self.selected = at.saturating_sub(1);
        } else if is(Action::Down) {
            self.selected = (at + 1).min(last);
        } else if is(Action::Top) {
            self.selected = 0;
        } else if is(Action::Bottom) {
            self.selected = last;
        } else if is(Action::Tick) {
            return Reply::Narrow(Narrow::Toggle(at));
        } else if is(Action::ClearAll) {
            return Reply::Narrow(Narrow::Clear);
        } else if is(Action::Cancel) || is(Action::QuickFilter) || is(Action::Quit) {
            return Reply::Close;
        }
        Reply::Stay
    }

    fn scroll(&mut self, down: bool, ctx: &mut Context) -> Option<Reply> {
        let last = facet_choices(ctx.tab, &ctx.data().portfolio)
            .len()
            .saturating_sub(1);
        self.selected = if down {
            (self.selected + 1).min(last)
        } else {
            self.selected.saturating_sub(1)
        };
        Some(Reply::Stay)
    }
}
