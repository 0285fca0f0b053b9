//! The series form (`o` on a mentor): a line a field, and beneath them
//! what the series makes or what is wrong.

use chrono::Local;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::text::{cut, fit, safe};
use super::theme::Theme;
use crate::app::dialog::series::{SeriesField, SeriesForm};
use crate::app::{Action, Keymap};

/// The label column: "First day" and a space.
const LABEL: usize = 11;

pub fn render(form: &SeriesForm, keys: &Keymap, frame: &mut Frame, area: Rect, theme: Theme) {
    // The fields, a blank line, the preview (up to 2 lines), the hint.
    let height = (SeriesField::ALL.len() as u16 + 7).min(area.height);
    let width = area.width.saturating_sub(4).min(68);
    let popup = super::popup(frame, area, width, height);
    let inner_width = usize::from(width.saturating_sub(4));
    let title = format!(" Office hours of {} ", safe(&form.mentor_name));
    let block = Block::bordered()
        .title(Span::styled(cut(&title, inner_width), theme.title()))
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);

    let field_width = inner_width.saturating_sub(LABEL).max(1);
    let mut lines: Vec<Line> = SeriesField::ALL
        .iter()
        .enumerate()
        .map(|(n, field)| {
            let style = if n == form.field {
                theme.key()
            } else {
                theme.label()
            };
            let input = &form.inputs[n];
            let scroll = input.visual_scroll(field_width);
            let value: String = safe(input.value()).chars().skip(scroll).collect();
            let shown = match (*field, value.is_empty()) {
                (SeriesField::Place, true) => Span::styled("a room or a video link", theme.dim()),
                (SeriesField::Weekdays, _) => Span::raw(format!("{value}  (Mon … Sun)")),
                _ => Span::raw(value),
            };
            fit(
                Line::from(vec![
                    Span::styled(format!("{:<LABEL$}", field.label()), style),
                    shown,
                ]),
                inner_width,
            )
        })
        .collect();
    lines.push(Line::default());
    let (message, style) = match (&form.error, form.preview_in(&Local)) {
        (Some(error), _) => (error.clone(), theme.warn()),
        (None, Ok(preview)) => (preview, theme.good()),
        (None, Err(why)) => (why, theme.warn()),
    };
    lines.push(Line::from(Span::styled(safe(&message), style)));
    lines.push(Line::default());
    let hint = if form.saving {
        "Adding…".to_string()
    } else {
        format!(
            "{} next · {} adds them · {} cancels",
            keys.hint(Action::NextField),
            keys.hint(Action::Save),
            keys.hint(Action::Cancel)
        )
    };
    lines.push(Line::from(Span::styled(hint, theme.dim())));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
    if !form.saving
        && let Some(input) = form.inputs.get(form.field)
    {
        let column = input
            .visual_cursor()
            .saturating_sub(input.visual_scroll(field_width));
        let x = inner.x + u16::try_from(LABEL + column).unwrap_or(u16::MAX);
        frame.set_cursor_position(Position::new(
            x.min(inner.right().saturating_sub(1)),
            inner.y + u16::try_from(form.field).unwrap_or(0),
        ));
    }
}
