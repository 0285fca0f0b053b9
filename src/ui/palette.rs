//! Ctrl-K: search everything, results tagged by kind.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::text::{cut, highlighted, safe};
use super::theme::Theme;
use crate::app::{Action, Keymap, Palette};
use crate::model::Kind;

pub fn render(
    palette: &Palette,
    data: &crate::app::Data,
    keys: &Keymap,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let width = area.width.saturating_sub(4).min(90);
    let height = area.height.saturating_sub(4).min(20);
    let x = area.x + (area.width - width) / 2;
    let popup = Rect {
        x,
        y: area.y + 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(Span::styled(" Search everything ", theme.title()))
        .title_bottom(
            Line::from(Span::styled(
                format!(
                    " {}{} choose · {} go · {} close ",
                    keys.hint(Action::PickUp),
                    keys.hint(Action::PickDown),
                    keys.hint(Action::Choose),
                    keys.hint(Action::Cancel)
                ),
                theme.dim(),
            ))
            .right_aligned(),
        )
        .border_style(theme.focused_border());
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [input, results] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    let prompt = Line::from(vec![
        Span::styled("› ", theme.key()),
        Span::raw(safe(&palette.input)),
        Span::styled("▏", theme.key()),
    ]);
    frame.render_widget(Paragraph::new(prompt), input);

    if palette.input.trim().is_empty() {
        let hint = "Type to search startups, cohorts, mentors, demo days and notes.";
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())), results);
        return;
    }
    if palette.hits.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("No matches.", theme.dim())),
            results,
        );
        return;
    }
    let text_width = results.width.saturating_sub(12) as usize;
    let mentors = palette.hits.iter().filter(|h| h.kind == Kind::Mentor);
    let told = crate::app::namesakes(data, mentors.map(|h| h.id.as_str()));
    let items: Vec<ListItem> = palette
        .hits
        .iter()
        .map(|hit| {
            let tag = match hit.kind {
                Kind::Startup => "startup ",
                Kind::Cohort => "cohort  ",
                Kind::Mentor => "mentor  ",
                Kind::DemoDay => "demo day",
                Kind::Note => "note    ",
                Kind::Call => "call    ",
                Kind::Application => "applicat",
                Kind::Review => "review  ",
                Kind::Milestone => "goal    ",
                Kind::OfficeHour => "hours   ",
            };
            let mut spans = vec![Span::styled(format!("{tag}  "), theme.dim())];
            if hit.field == crate::search::MatchedField::Name {
                spans.extend(
                    highlighted(
                        &cut(&hit.text, text_width),
                        &hit.positions,
                        ratatui::style::Style::new(),
                        theme.matched(),
                    )
                    .spans,
                );
                // A mentor another mentor's name: which one.
                if let Some(org) = told.get(&hit.id) {
                    spans.push(Span::styled(format!("  · {}", safe(org)), theme.dim()));
                }
            } else {
                let name = cut(&safe(&hit.name), text_width / 3);
                let field = format!("  {}: ", hit.field.as_str());
                let rest = text_width.saturating_sub(name.width() + field.width());
                spans.push(Span::raw(name));
                spans.push(Span::styled(field, theme.dim()));
                let (snippet, positions) = around_match(&hit.text, &hit.positions, rest);
                spans.extend(highlighted(&snippet, &positions, theme.dim(), theme.matched()).spans);
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let list = List::new(items).highlight_style(theme.selected());
    let mut state = ListState::default().with_selected(Some(palette.selected));
    frame.render_stateful_widget(list, results, &mut state);
}

/// The part of `text` around its first matched character that fits
/// `width` columns, with the positions moved to match.
fn around_match(text: &str, positions: &[usize], width: usize) -> (String, Vec<usize>) {
    let first = positions.first().copied().unwrap_or(0);
    // Keep a little context before the match.
    let skip = first.saturating_sub(width / 4);
    if skip <= 1 {
        return (cut(text, width), positions.to_vec());
    }
    let rest: String = text.chars().skip(skip).collect();
    let shown = cut(&format!("…{rest}"), width);
    let moved = positions
        .iter()
        .filter(|p| **p >= skip)
        .map(|p| p - skip + 1)
        .collect();
    (shown, moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_match_is_brought_into_view() {
        let text = "Closed an 800,000 AZN seed round; pricing stays as it is";
        let at = text.find("pricing").unwrap();
        let positions: Vec<usize> = (at..at + 7).collect();
        let (shown, moved) = around_match(text, &positions, 30);
        assert!(
            shown.starts_with('…') && shown.contains("pricing"),
            "{shown}"
        );
        let chars: Vec<char> = shown.chars().collect();
        assert_eq!(
            moved.iter().map(|p| chars[*p]).collect::<String>(),
            "pricing"
        );
    }
}
