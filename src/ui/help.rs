//! `?`: every key, generated from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme::Theme;
use crate::app::{BINDINGS, Keymap, Scope};

pub fn render(keymap: &Keymap, frame: &mut Frame, area: Rect, theme: Theme) {
    let mut lines = Vec::new();
    for scope in [Scope::Everywhere, Scope::Lists, Scope::Details] {
        let bindings: Vec<_> = BINDINGS.iter().filter(|b| b.scope == scope).collect();
        if bindings.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(
            format!("In {scope}"),
            theme.title(),
        )));
        for b in bindings {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<16}", keymap.describe(b.action)), theme.key()),
                Span::raw(b.description),
            ]));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Ctrl-C quits from anywhere. Any key closes this.",
        theme.dim(),
    )));
    let width = area.width.saturating_sub(4).min(60);
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(Span::styled(" Keys ", theme.title()))
        .border_style(theme.focused_border());
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
