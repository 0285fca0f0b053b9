//! A fuzzy picker over a form: the query, and the records to choose from
//! with what helps choose (a mentor's expertise and load).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Padding, Paragraph};

use super::text::{fit, safe};
use super::theme::Theme;
use crate::app::{Action, Keymap, Picker};

pub fn render(picker: &Picker, keys: &Keymap, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = area.width.saturating_sub(6).min(70);
    let height = area.height.saturating_sub(4).min(20);
    let popup = super::popup(frame, area, width, height);
    let (choose, cancel) = (keys.hint(Action::Choose), keys.hint(Action::Cancel));
    let hint = if picker.multi {
        let mark = keys.hint(Action::Mark);
        format!(" {mark} ticks · {choose} done · {cancel} ")
    } else {
        format!(" {choose} chooses · {cancel} ")
    };
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", picker.title), theme.title()))
        .title_bottom(Line::from(Span::styled(hint, theme.dim())).right_aligned())
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [query, list] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    let typed = safe(picker.query.value());
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("› ", theme.key()),
            Span::raw(typed),
        ])),
        query,
    );
    let cursor = u16::try_from(picker.query.visual_cursor()).unwrap_or(u16::MAX);
    frame.set_cursor_position(Position::new(
        (query.x + 2 + cursor).min(query.right().saturating_sub(1)),
        query.y,
    ));
    let width = usize::from(list.width);
    let items: Vec<ListItem> = picker
        .shown
        .iter()
        .map(|i| {
            let option = &picker.options[*i];
            let mut spans = Vec::new();
            if picker.multi {
                let on = picker.is_chosen(&option.id);
                spans.push(Span::styled(
                    if on { "[x] " } else { "[ ] " },
                    if on { theme.good() } else { theme.dim() },
                ));
            }
            spans.push(Span::raw(safe(&option.label)));
            let (detail, warn) = picker.detail_of(option);
            if !detail.is_empty() {
                let style = if warn { theme.warn() } else { theme.dim() };
                spans.push(Span::styled(format!("  {}", safe(detail)), style));
            }
            ListItem::new(fit(Line::from(spans), width))
        })
        .collect();
    if items.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("Nothing matches.", theme.dim())),
            list,
        );
        return;
    }
    let mut state = ListState::default().with_selected(Some(picker.selected));
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme.selected()),
        list,
        &mut state,
    );
}
