//! The dialog for the marked rows (`b`): what to do to them, then the
//! cohort, mentor or status (a picker), or the question before deleting.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::text::safe;
use super::theme::Theme;
use crate::app::dialog::bulk::{BulkDialog, BulkStep};
use crate::app::{Action, Keymap};

pub fn render(dialog: &BulkDialog, keys: &Keymap, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = area.width.saturating_sub(4).min(64);
    let (lines, title, style) = match &dialog.step {
        BulkStep::Pick(_, picker) => {
            return super::picker::render(picker, keys, frame, area, theme);
        }
        BulkStep::Menu(at) => {
            let mut lines = vec![
                Line::from(Span::raw(safe(&format!(
                    "{}: {}",
                    dialog.counted(),
                    dialog.names()
                )))),
                Line::default(),
            ];
            for (n, action) in dialog.actions().iter().enumerate() {
                let chosen = n == *at;
                let marker = if chosen { "› " } else { "  " };
                let style = if chosen {
                    theme.selected()
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::from(Span::styled(
                    format!("{marker}{}", action.title()),
                    style,
                )));
            }
            lines.push(Line::default());
            lines.push(Line::from(vec![
                Span::styled(keys.hint(Action::PickUp), theme.key()),
                Span::raw("/"),
                Span::styled(keys.hint(Action::PickDown), theme.key()),
                Span::raw(" choose · "),
                Span::styled(keys.hint(Action::Choose), theme.key()),
                Span::raw(" go on · "),
                Span::styled(keys.hint(Action::Cancel), theme.key()),
                Span::raw(" close · "),
                Span::styled(keys.hint(Action::Undo), theme.key()),
                Span::raw(" undoes it after"),
            ]));
            (lines, " Marked rows ", theme.focused_border())
        }
        BulkStep::ConfirmDelete => {
            let lines = vec![
                Line::from(Span::raw(safe(&dialog.question()))),
                Line::default(),
                Line::from(vec![
                    Span::styled(keys.hints(Action::Yes), theme.key()),
                    Span::raw(" delete them all · "),
                    Span::styled("n", theme.key()),
                    Span::raw("/"),
                    Span::styled(keys.hint(Action::Cancel), theme.key()),
                    Span::raw(" keep them · "),
                    Span::styled(keys.hint(Action::Undo), theme.key()),
                    Span::raw(" undoes it after"),
                ]),
            ];
            (lines, " Delete ", theme.warn())
        }
    };
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: true });
    let inner_width = width.saturating_sub(4);
    let rows = u16::try_from(paragraph.line_count(inner_width)).unwrap_or(8);
    let height = (rows + 2).min(area.height);
    let popup = super::popup(frame, area, width, height);
    let block = Block::bordered()
        .title(Span::styled(title, style))
        .border_style(style)
        .padding(Padding::horizontal(1));
    frame.render_widget(paragraph.block(block), popup);
}
