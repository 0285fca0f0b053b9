//! The quick-filter menu (`f`): the values a list can be narrowed to,
//! grouped by field, with those in force ticked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState};

use super::text::{fit, safe};
use super::theme::Theme;
use crate::app::{Action, App, FacetMenu};

pub fn render(state: &App, menu: &FacetMenu, frame: &mut Frame, area: Rect, theme: Theme) {
    let choices = state.facet_choices();
    let active = state
        .list()
        .map(|l| l.facets.as_slice())
        .unwrap_or_default();
    let width = area.width.saturating_sub(4).min(44);
    let inner_width = usize::from(width.saturating_sub(2));
    let mut items = Vec::new();
    let mut selected_item = 0;
    let mut field = None;
    for (n, choice) in choices.iter().enumerate() {
        if field != Some(choice.field) {
            if field.is_some() {
                items.push(ListItem::new(Line::default()));
            }
            field = Some(choice.field);
            let heading = format!("By {}", choice.field.label());
            items.push(ListItem::new(Line::from(Span::styled(
                heading,
                theme.title(),
            ))));
        }
        if n == menu.selected {
            selected_item = items.len();
        }
        let on = active.contains(choice);
        let mark = if on { "[x] " } else { "[ ] " };
        let line = Line::from(vec![
            Span::styled(mark, if on { theme.good() } else { theme.dim() }),
            Span::raw(safe(&choice.label)),
        ]);
        items.push(ListItem::new(fit(line, inner_width)));
    }
    let height =
        (u16::try_from(items.len()).unwrap_or(u16::MAX) + 2).min(area.height.saturating_sub(2));
    // At the right, so the list it narrows stays in sight as it changes.
    let popup = Rect {
        x: area.x + area.width.saturating_sub(width + 1),
        y: area.y + 1,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let title = format!(" Narrow {} ", state.tab.title());
    let keys = &state.keymap;
    let block = Block::bordered()
        .title(Span::styled(title, theme.title()))
        .title_bottom(
            Line::from(Span::styled(
                format!(
                    " {} ticks · {} clears · {} ",
                    keys.hint(Action::Tick),
                    keys.hint(Action::ClearAll),
                    keys.hint(Action::Cancel)
                ),
                theme.dim(),
            ))
            .right_aligned(),
        )
        .border_style(theme.focused_border());
    let list = List::new(items)
        .block(block)
        .highlight_style(theme.selected());
    let mut list_state = ListState::default().with_selected(Some(selected_item));
    frame.render_stateful_widget(list, popup, &mut list_state);
}
