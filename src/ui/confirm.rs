//! `d`: the question before a delete, saying what goes with the record.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::text::safe;
use super::theme::Theme;
use crate::app::DeleteConfirm;

pub fn render(confirm: &DeleteConfirm, frame: &mut Frame, area: Rect, theme: Theme) {
    let width = area.width.saturating_sub(4).min(64);
    let mut lines = vec![Line::from(Span::raw(safe(&confirm.question())))];
    if let Some(name) = &confirm.signs_in {
        lines.push(Line::from(Span::styled(
            format!(
                "users.toml signs {} in as this mentor: they will only read until it is fixed.",
                safe(name)
            ),
            theme.warn(),
        )));
    }
    lines.push(Line::default());
    let detaches = confirm.detaches();
    if detaches > 0 {
        lines.push(Line::from(Span::styled(
            format!("Its {detaches} startup(s) would be left without a cohort."),
            theme.warn(),
        )));
        lines.push(Line::from(vec![
            Span::styled("d", theme.key()),
            Span::raw(" detach them and delete · "),
            Span::styled("Esc", theme.key()),
            Span::raw(" keep it"),
        ]));
    } else {
        lines.push(Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw("/"),
            Span::styled("Enter", theme.key()),
            Span::raw(" delete · "),
            Span::styled("n", theme.key()),
            Span::raw("/"),
            Span::styled("Esc", theme.key()),
            Span::raw(" keep it · "),
            Span::styled("u", theme.key()),
            Span::raw(" undoes it after"),
        ]));
    }
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: true });
    let inner_width = width.saturating_sub(4);
    let rows = u16::try_from(paragraph.line_count(inner_width)).unwrap_or(6);
    let height = (rows + 2).min(area.height);
    let popup = super::popup(frame, area, width, height);
    let block = Block::bordered()
        .title(Span::styled(" Delete ", theme.warn()))
        .border_style(theme.warn())
        .padding(Padding::horizontal(1));
    frame.render_widget(paragraph.block(block), popup);
}
