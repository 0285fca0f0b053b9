//! The Home tab: what needs attention, and each cohort's startups by stage.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::text::{cut, fit, safe};
use super::theme::Theme;
use crate::app::{App, Data};
use crate::model::{CohortStatus, Stage};

pub fn render(state: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let [attention, stages] = if area.width >= 100 {
        Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(area)
    } else {
        Layout::vertical([Constraint::Fill(1), Constraint::Length(stage_rows(state))]).areas(area)
    };
    render_attention(state, frame, attention, theme);
    render_stages(state, frame, stages, theme);
}

fn render_attention(state: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let items = state.home_items();
    let width = area.width.saturating_sub(4) as usize;
    let block = Block::bordered()
        .title(Span::styled(" Needs attention ", theme.title()))
        .border_style(theme.focused_border());
    if items.is_empty() {
        let text = Span::styled("Nothing needs attention today.", theme.good());
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    }
    // Only the rows on screen are built: with 10,000 startups a few
    // thousand may need attention. The list scrolls as ratatui's own
    // would from the top: the selection at the bottom once it is past the
    // first page.
    let shown = usize::from(area.height.saturating_sub(2)).max(1);
    let first = (state.home_selected + 1).saturating_sub(shown);
    let rows: Vec<ListItem> = items
        .iter()
        .skip(first)
        .take(shown)
        .map(|item| {
            // A folded group is marked ▸ (▾ once opened), its items indented.
            let opened = item.group.is_some() && state.home_opened.contains(&item.section);
            let (mark, style) = match (item.group, item.urgent) {
                (Some(_), _) if opened => ("▾ ", theme.label()),
                (Some(_), true) => ("▸ ", theme.warn()),
                (Some(_), false) => ("▸ ", theme.label()),
                (None, true) => ("! ", theme.warn()),
                (None, false) => ("  ", ratatui::style::Style::new()),
            };
            let indent = if item.in_group { "  " } else { "" };
            let width = width.saturating_sub(indent.len());
            let label = safe(&item.label);
            let reason = cut(
                &safe(&item.reason),
                width.saturating_sub(label.width() + 4).max(10),
            );
            ListItem::new(Line::from(vec![
                Span::raw(indent),
                Span::styled(mark, style),
                Span::raw(cut(&label, width.saturating_sub(12))),
                Span::styled(format!("  {reason}"), theme.dim()),
            ]))
        })
        .collect();
    let list = List::new(rows)
        .block(block)
        .highlight_style(theme.selected());
    let mut list_state =
        ListState::default().with_selected(Some(state.home_selected.saturating_sub(first)));
    frame.render_stateful_widget(list, area, &mut list_state);
}

fn current_cohorts<'a>(state: &App, data: &'a Data) -> Vec<&'a crate::model::Cohort> {
    let mut cohorts: Vec<_> = data
        .portfolio
        .cohorts
        .iter()
        .filter(|c| c.status_on(state.today) != CohortStatus::Finished)
        .collect();
    cohorts.sort_by_key(|c| c.start);
    cohorts
}

fn stage_rows(state: &App) -> u16 {
    (current_cohorts(state, &state.data()).len() as u16 * 2 + 3).min(12)
}

/// A bar per cohort, one segment per stage, letters for the stages.
fn render_stages(state: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let data = state.data();
    let block = Block::bordered()
        .title(Span::styled(" Cohorts by stage ", theme.title()))
        .border_style(theme.border());
    let width = area.width.saturating_sub(4) as usize;
    // Lines past the pane's bottom would not show: they are not built.
    let room = usize::from(area.height.saturating_sub(2));
    let mut lines = Vec::new();
    for cohort in current_cohorts(state, &data) {
        if lines.len() >= room {
            break;
        }
        let startups: Vec<_> = data.startups_of_cohort(&cohort.id).collect();
        let status = cohort.status_on(state.today);
        lines.push(Line::from(vec![
            Span::raw(cut(&safe(&cohort.name), width.saturating_sub(12))),
            Span::styled(format!("  {status}"), theme.dim()),
        ]));
        let counts: Vec<(Stage, usize)> = Stage::ALL
            .iter()
            .map(|stage| {
                (
                    *stage,
                    startups.iter().filter(|s| s.stage == *stage).count(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        let mut spans = Vec::new();
        for (stage, n, bar) in stage_bars(&counts, width) {
            spans.push(Span::styled(
                format!("{}{n} ", stage_letter(stage)),
                theme.label(),
            ));
            spans.push(Span::styled("█".repeat(bar), theme.good()));
            spans.push(Span::raw(" "));
        }
        if spans.is_empty() {
            spans.push(Span::styled("no startups yet", theme.dim()));
        }
        lines.push(fit(Line::from(spans), width));
    }
    if lines.len() >= room {
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    // The legend wraps between stages, never inside one.
    let mut legend = String::new();
    for stage in Stage::ALL {
        let item = format!("{} {stage}", stage_letter(*stage));
        let separated = if legend.is_empty() {
            item.clone()
        } else {
            format!("{legend} · {item}")
        };
        if separated.width() > width && !legend.is_empty() {
            lines.push(Line::from(Span::styled(
                std::mem::take(&mut legend),
                theme.dim(),
            )));
            legend = item;
        } else {
            legend = separated;
        }
    }
    lines.push(fit(Line::from(Span::styled(legend, theme.dim())), width));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Each stage's count and bar length, the bars scaled down together when
/// the counts would not fit in `width` beside their labels.
fn stage_bars(counts: &[(Stage, usize)], width: usize) -> Vec<(Stage, usize, usize)> {
    // "i12 " before each bar and " " after it.
    let labels: usize = counts.iter().map(|(_, n)| n.to_string().len() + 3).sum();
    let room = width.saturating_sub(labels);
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    counts
        .iter()
        .map(|&(stage, n)| {
            let bar = if total <= room {
                n
            } else {
                (n * room / total.max(1)).max(1)
            };
            (stage, n, bar)
        })
        .collect()
}

fn stage_letter(stage: Stage) -> char {
    stage.as_str().chars().next().unwrap_or('?')
}
