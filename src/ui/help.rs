//! `?`: every key, generated from the key table, in as many columns as
//! the screen needs to show them all; when they are more than fit across
//! it, in pages of columns that PgDn and PgUp turn.

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
        Scope::Calls => "On the Calls tab".into(),
        other => format!("In {other}"),
    }
}

/// The help's lines: a heading per scope, then its keys and what they do
/// (those of the actions `offered` to this user). Each scope aligns its
/// own keys, so a long key in one does not widen them all.
fn lines(keymap: &Keymap, offered: &dyn Fn(Action) -> bool, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for scope in [
        Scope::Everywhere,
        Scope::Lists,
        Scope::Calls,
        Scope::Details,
        Scope::Form,
        Scope::TextField,
        Scope::Picker,
        Scope::Dialog,
    ] {
        let keys: Vec<(String, &str)> = BINDINGS
            .iter()
            .filter(|b| b.scope == scope && offered(b.action))
            .map(|b| (keymap.describe(b.action), b.description))
            .collect();
        if keys.is_empty() {
            continue;
        }
        let key_width = keys.iter().map(|(k, _)| k.width()).max().unwrap_or(0) + 2;
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(heading(scope), theme.title())));
        for (key, description) in keys {
            lines.push(Line::from(vec![
                Span::styled(format!("{key:<key_width$}"), theme.key()),
                Span::raw(description.to_string()),
            ]));
        }
    }
    lines
}

/// How the help lies in `area`: its columns, how many show at once, and
/// the rows of the tallest.
struct Pages {
    columns: Vec<Vec<Line<'static>>>,
    per_page: usize,
    rows: u16,
    column_width: u16,
}

impl Pages {
    fn of(lines: Vec<Line<'static>>, area: Rect) -> Pages {
        let column_width = u16::try_from(lines.iter().map(Line::width).max().unwrap_or(0))
            .unwrap_or(u16::MAX)
            .max(1);
        // Inside the border: the footer and a blank line above it.
        let room = area.height.saturating_sub(2 + 2).max(1);
        let wanted = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        let needed = wanted.div_ceil(room).max(1);
        // Inside the border and its padding.
        let across = (area.width.saturating_sub(4) + GAP) / (column_width + GAP);
        let across = across.max(1);
        if needed <= across {
            // Balanced columns, unless starting each scope at the top of
            // one takes more than fit across.
            let rows = wanted.div_ceil(needed);
            let columns = split(lines.clone(), usize::from(rows));
            if columns.len() <= usize::from(across) {
                let per_page = columns.len();
                return Pages {
                    columns,
                    per_page,
                    rows,
                    column_width,
                };
            }
        }
        let columns = split(lines, usize::from(room));
        let per_page = usize::from(across).min(columns.len());
        let rows = columns
            .iter()
            .map(Vec::len)
            .max()
            .map_or(room, |n| u16::try_from(n).unwrap_or(room));
        Pages {
            columns,
            per_page,
            rows,
            column_width,
        }
    }

    fn count(&self) -> usize {
        self.columns.len().div_ceil(self.per_page.max(1)).max(1)
    }
}

/// How many pages the help takes in `area` (the screen below the tabs).
pub fn pages(keymap: &Keymap, offered: &dyn Fn(Action) -> bool, area: Rect) -> usize {
    Pages::of(lines(keymap, offered, Theme::new(false)), area).count()
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
    page: usize,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let lines = lines(keymap, offered, theme);
    let line_width = lines.iter().map(Line::width).max().unwrap_or(0);
    let pages = Pages::of(lines, area);
    let count = pages.count();
    let page = page.min(count - 1);
    let footer_text = if count > 1 {
        format!(
            "{}/{count} · {} more · {} back · Ctrl-C quits. Any other key closes this.",
            page + 1,
            keymap.hint(Action::PageDown),
            keymap.hint(Action::PageUp)
        )
    } else {
        FOOTER.to_string()
    };
    let shown: Vec<Vec<Line<'static>>> = pages
        .columns
        .into_iter()
        .skip(page * pages.per_page)
        .take(pages.per_page)
        .collect();
    let columns = u16::try_from(shown.len()).unwrap_or(1).max(1);
    let line_width = u16::try_from(line_width.max(footer_text.width())).unwrap_or(u16::MAX);
    let width = if count > 1 {
        // Pages keep one width, wide enough for the footer.
        let across = u16::try_from(pages.per_page).unwrap_or(1);
        ((pages.column_width + GAP) * across - GAP).max(footer_text.width() as u16)
    } else if columns == 1 {
        line_width
    } else {
        (pages.column_width + GAP) * columns - GAP
    };
    // One column to spare would leave a sliver of the screen beneath
    // showing (a stray corner): take the whole width then.
    let outer = width + 4;
    let outer = if area.width.saturating_sub(outer) < 2 {
        area.width
    } else {
        outer
    };
    let popup = super::popup(frame, area, outer, pages.rows + 2 + 2);
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
    for (column, part) in shown.into_iter().zip(parts.iter()) {
        let fitted: Vec<Line> = column
            .into_iter()
            .map(|l| fit(l, usize::from(part.width)))
            .collect();
        frame.render_widget(Paragraph::new(fitted), *part);
    }
    frame.render_widget(
        Paragraph::new(fit(
            Line::from(Span::styled(footer_text, theme.dim())),
            usize::from(footer.width),
        )),
        footer,
    );
}
