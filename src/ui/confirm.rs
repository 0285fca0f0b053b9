//! `d`: the question before a delete, saying what goes with the record.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::text::safe;
use super::theme::Theme;
use crate::app::{Action, DeleteConfirm, Keymap};

pub fn render(confirm: &DeleteConfirm, keys: &Keymap, frame: &mut Frame, area: Rect, theme: Theme) {
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
    let applications = confirm.plan.applications.len();
    if detaches > 0 {
        lines.push(Line::from(Span::styled(
            format!("Its {detaches} startup(s) would be left without a cohort."),
            theme.warn(),
        )));
        lines.push(Line::from(vec![
            Span::styled(keys.hint(Action::Detach), theme.key()),
            Span::raw(" detach them and delete · "),
            Span::styled(keys.hint(Action::Cancel), theme.key()),
            Span::raw(" keep it"),
        ]));
    } else if applications > 0 {
        lines.push(Line::from(Span::styled(
            "Its applications and their reviews would be deleted with it.",
            theme.warn(),
        )));
        lines.push(Line::from(vec![
            Span::styled(keys.hint(Action::Detach), theme.key()),
            Span::raw(" delete them all · "),
            Span::styled(keys.hint(Action::Cancel), theme.key()),
            Span::raw(" keep it · "),
            Span::styled(keys.hint(Action::Undo), theme.key()),
            Span::raw(" undoes it after"),
        ]));
    } else {
        // Any key but a yes keeps it: `n` stands for them.
        let mut spans = key_spans(keys, Action::Yes, theme);
        spans.extend([
            Span::raw(" delete · "),
            Span::styled("n", theme.key()),
            Span::raw("/"),
            Span::styled(keys.hint(Action::Cancel), theme.key()),
            Span::raw(" keep it · "),
            Span::styled(keys.hint(Action::Undo), theme.key()),
            Span::raw(" undoes it after"),
        ]);
        lines.push(Line::from(spans));
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

/// `action`'s keys, each styled as a key, `/` between.
fn key_spans(keys: &Keymap, action: Action, theme: Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, key) in keys.hints(action).split('/').enumerate() {
        if i > 0 {
            spans.push(Span::raw("/"));
        }
        spans.push(Span::styled(key.to_string(), theme.key()));
    }
    spans
}
