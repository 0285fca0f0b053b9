//! Booking an office hour (`B` on a startup): the picker of free slots,
//! then the slot chosen and its topic.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::text::{cut, fit, safe};
use super::theme::Theme;
use crate::app::dialog::book::BookDialog;
use crate::app::{Action, Keymap};

/// The label column: "Topic" and a space.
const LABEL: usize = 7;

pub fn render(dialog: &BookDialog, keys: &Keymap, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some((_, slot)) = &dialog.slot else {
        return super::picker::render(&dialog.picker, keys, frame, area, theme);
    };
    let width = area.width.saturating_sub(4).min(68);
    let popup = super::popup(frame, area, width, 9);
    let inner_width = usize::from(width.saturating_sub(4));
    let title = format!(" Book for {} ", safe(&dialog.startup_name));
    let block = Block::bordered()
        .title(Span::styled(cut(&title, inner_width), theme.title()))
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let field_width = inner_width.saturating_sub(LABEL).max(1);
    let scroll = dialog.topic.visual_scroll(field_width);
    let topic: String = safe(dialog.topic.value()).chars().skip(scroll).collect();
    let (message, style) = match (&dialog.error, dialog.saving) {
        (Some(error), _) => (
            format!(
                "Not booked: {error}\n{} back to the free slots",
                keys.hint(Action::Cancel)
            ),
            theme.warn(),
        ),
        (None, true) => ("Booking…".to_string(), theme.dim()),
        (None, false) => (
            format!(
                "{} books it · {} back to the slots",
                keys.hint(Action::Pick),
                keys.hint(Action::Cancel)
            ),
            theme.dim(),
        ),
    };
    let mut lines = vec![
        fit(
            Line::from(vec![
                Span::styled(format!("{:<LABEL$}", "Slot"), theme.label()),
                Span::raw(safe(slot)),
            ]),
            inner_width,
        ),
        fit(
            Line::from(vec![
                Span::styled(format!("{:<LABEL$}", "Topic"), theme.key()),
                Span::raw(topic),
            ]),
            inner_width,
        ),
        Line::default(),
    ];
    lines.extend(
        message
            .lines()
            .map(|line| Line::from(Span::styled(safe(line), style))),
    );
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    if !dialog.saving {
        let column = dialog.topic.visual_cursor().saturating_sub(scroll);
        let x = inner.x + u16::try_from(LABEL + column).unwrap_or(u16::MAX);
        frame.set_cursor_position(Position::new(
            x.min(inner.right().saturating_sub(1)),
            inner.y + 1,
        ));
    }
}
