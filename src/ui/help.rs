//! `?`: every key, generated from the key table, in as many columns as
//! the screen needs to show them all.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::text::fit;
use super::theme::Theme;
use crate::app::{Action, BINDINGS, Keymap, Scope};

const FOOTER: &str = "Ctrl-C quits from anywhere. Any key closes this.";
/// Between two columns of keys.
const GAP: u16 = 2;

fn heading(scope: Scope) -> String {
    match scope {
        Scope::Everywhere => "Everywhere".into(),
        other => format!("In {other}"),
    }
}

/// The help's lines: a heading per scope, then its keys and what they do
/// (those of the actions `offered` to this user).
fn lines(keymap: &Keymap, offered: &dyn Fn(Action) -> bool, theme: Theme) -> Vec<Line<'static>> {
    let keys: Vec<(String, &str, Scope)> = BINDINGS
        .iter()
        .filter(|b| offered(b.action))
        .map(|b| (keymap.describe(b.action), b.description, b.scope))
        .collect();
    let key_width = keys.iter().map(|(k, _, _)| k.width()).max().unwrap_or(0) + 2;
    let mut lines = Vec::new();
    for scope in [Scope::Everywhere, Scope::Lists, Scope::Details] {
        let mut of_scope = keys.iter().filter(|(_, _, s)| *s == scope).peekable();
        if of_scope.peek().is_none() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(heading(scope), theme.title())));
        for (key, description, _) in of_scope {
            lines.push(Line::from(vec![
                Span::styled(format!("{key:<key_width$}"), theme.key()),
                Span::raw(description.to_string()),
            ]));
        }
    }
    lines
}

/// Split `lines` into `columns` runs of at most `rows`, starting a column
/// at a blank line (a new scope) where one is near, so a heading is not
/// left at the foot of a column.
fn split(mut lines: Vec<Line<'static>>, rows: usize) -> Vec<Vec<Line<'static>>> {
    let mut columns = Vec::new();
    while lines.len() > rows {
        let mut at = rows;
        if let Some(blank) = (rows.saturating_sub(4)..=rows)
            .rev()
            .find(|i| lines.get(*i).is_some_and(|l| l.width() == 0))
        {
            at = blank.max(1);
        }
        let rest = lines.split_off(at);
        columns.push(lines);
        lines = rest;
        // A column does not start with a blank line.
        if lines.first().is_some_and(|l| l.width() == 0) {
            lines.remove(0);
        }
    }
    columns.push(lines);
    columns
}

pub fn render(
    keymap: &Keymap,
    offered: &dyn Fn(Action) -> bool,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let lines = lines(keymap, offered, theme);
    let line_width = lines.iter().map(Line::width).max().unwrap_or(0);
    let line_width = u16::try_from(line_width.max(FOOTER.width())).unwrap_or(u16::MAX);
    // Inside the border: the footer and a blank line above it.
    let room = area.height.saturating_sub(2 + 2).max(1);
    let wanted = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let columns = wanted.div_ceil(room).max(1);
    let rows = wanted.div_ceil(columns);
    let column_width = u16::try_from(lines.iter().map(Line::width).max().unwrap_or(0))
        .unwrap_or(u16::MAX)
        .max(1);
    let width = if columns == 1 {
        line_width
    } else {
        (column_width + GAP) * columns - GAP
    };
    let popup = super::popup(frame, area, width + 4, rows + 2 + 2);
    let block = Block::bordered()
        .title(Span::styled(" Keys ", theme.title()))
        .border_style(theme.focused_border())
        .padding(Padding::horizontal(1));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [body, _, footer] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let parts = Layout::horizontal(vec![Constraint::Fill(1); usize::from(columns)])
        .spacing(GAP)
        .split(body);
    for (column, part) in split(lines, usize::from(rows))
        .into_iter()
        .zip(parts.iter())
    {
        let fitted: Vec<Line> = column
            .into_iter()
            .map(|l| fit(l, usize::from(part.width)))
            .collect();
        frame.render_widget(Paragraph::new(fitted), *part);
    }
    frame.render_widget(
        Paragraph::new(fit(
            Line::from(Span::styled(FOOTER, theme.dim())),
            usize::from(footer.width),
        )),
        footer,
    );
}
