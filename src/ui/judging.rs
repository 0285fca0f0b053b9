//! The judge's screen, drawn whole (a judge sees nothing else): a title
//! line, the page — their demo days, a day's run of show with the pitch
//! on stage first, or a pitch's rubric — and a line of keys.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::review::score_boxes;
use super::text::{column, fit, safe};
use super::theme::Theme;
use crate::app::dialog::judging::{JudgeScreen, Page, Rubric, days_of};
use crate::app::{Action, App};
use crate::judging::SlotState;
use crate::model::{DemoDay, Kind, Portfolio, weighted_mean};

pub fn render(state: &App, screen: &JudgeScreen, frame: &mut Frame, area: Rect, theme: Theme) {
    let data = state.data();
    let portfolio = &data.portfolio;
    let keys = &state.keymap;
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let width = usize::from(area.width);
    let title = Line::from(vec![
        Span::styled(" Judging ", theme.title()),
        Span::styled(format!("· {}", safe(&screen.judge)), theme.dim()),
    ]);
    frame.render_widget(Paragraph::new(fit(title, width)), top);
    let body = body.inner(ratatui::layout::Margin::new(1, 0));
    let hints = match &screen.page {
        Page::Days { cursor } => {
            days_page(portfolio, screen, *cursor, frame, body, theme);
            format!(
                "{}/{} move · {} opens the run of show · {} quits",
                keys.hint(Action::Up),
                keys.hint(Action::Down),
                keys.hint(Action::Open),
                keys.hint(Action::Quit)
            )
        }
        Page::Show { cursor, .. } => {
            show_page(portfolio, screen, cursor.as_deref(), frame, body, theme);
            format!(
                "{}/{} move · {} scores the pitch · {} your demo days · {} quits",
                keys.hint(Action::Up),
                keys.hint(Action::Down),
                keys.hint(Action::Open),
                keys.hint(Action::Back),
                keys.hint(Action::Quit)
            )
        }
        Page::Pitch(rubric) => {
            rubric_page(portfolio, screen, rubric, frame, body, theme);
            format!(
                "1–5 scores (saved as typed) · {}/{} lines · {} back to the run of show",
                keys.hint(Action::LineUp),
                keys.hint(Action::LineDown),
                keys.hint(Action::Cancel)
            )
        }
    };
    let status = match &state.status {
        Some(status) => Line::from(Span::raw(safe(status))),
        None => Line::from(Span::styled(hints, theme.dim())),
    };
    frame.render_widget(Paragraph::new(fit(status, width)), bottom);
}

fn days_page(
    portfolio: &Portfolio,
    screen: &JudgeScreen,
    cursor: usize,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let days = days_of(portfolio, &screen.judge);
    let mut out = vec![
        Line::from(Span::styled("Your demo days", theme.label())),
        Line::default(),
    ];
    if days.is_empty() {
        out.push(Line::from(Span::styled(
            "No demo day lists you as a judge yet.",
            theme.dim(),
        )));
    }
    for (i, day) in days.iter().enumerate() {
        let cohort = portfolio
            .name_of(Kind::Cohort, &day.cohort)
            .unwrap_or(&day.cohort);
        let scored = day
            .pitches
            .iter()
            .filter(|p| mine_complete(day, &screen.judge, &p.startup))
            .count();
        let text = format!(
            "{}  {} · {} · scored {scored} of {}{}",
            day.at.format("%a %-d %b %Y %H:%M"),
            safe(&day.venue),
            safe(cohort),
            day.pitches.len(),
            if day.judging_closed { " · closed" } else { "" }
        );
        out.push(selectable(text, i == cursor, theme));
    }
    let width = usize::from(area.width);
    let fitted: Vec<Line> = out.into_iter().map(|l| fit(l, width)).collect();
    frame.render_widget(Paragraph::new(fitted), area);
}

fn show_page(
    portfolio: &Portfolio,
    screen: &JudgeScreen,
    cursor: Option<&str>,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let Some(day) = screen.day(portfolio) else {
        return gone(frame, area, theme);
    };
    let mut out = vec![day_line(portfolio, day, theme), Line::default()];
    let slots = screen.slots(day);
    let at = cursor
        .and_then(|id| slots.iter().position(|s| s.startup == id))
        .unwrap_or(0);
    for (i, slot) in slots.iter().enumerate() {
        let name = portfolio
            .name_of(Kind::Startup, &slot.startup)
            .unwrap_or(&slot.startup);
        let when = match slot.state {
            SlotState::OnStage => "ON STAGE",
            SlotState::Coming => "",
            SlotState::Done => "done",
        };
        let mine = match day
            .scores
            .iter()
            .find(|s| s.judge == screen.judge && s.startup == slot.startup)
        {
            Some(s) => match weighted_mean(&s.scores, &day.criteria) {
                Some(mean) => format!("yours {mean:.2}"),
                None => format!("{} of {} scored", s.scores.len(), day.criteria.len()),
            },
            None => "not scored".to_string(),
        };
        let text = format!(
            "{:8} {}–{}  {}  {mine}",
            when,
            slot.starts.format("%H:%M"),
            slot.ends.format("%H:%M"),
            column(&safe(name), 24),
        );
        let mut line = selectable(text, i == at, theme);
        if slot.state == SlotState::Done && i != at {
            line = line.style(theme.dim());
        }
        out.push(line);
    }
    if slots.is_empty() {
        out.push(Line::from(Span::styled("No pitches yet.", theme.dim())));
    }
    let width = usize::from(area.width);
    let fitted: Vec<Line> = out.into_iter().map(|l| fit(l, width)).collect();
    frame.render_widget(Paragraph::new(fitted), area);
}

fn rubric_page(
    portfolio: &Portfolio,
    screen: &JudgeScreen,
    rubric: &Rubric,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let Some(day) = screen.day(portfolio) else {
        return gone(frame, area, theme);
    };
    let name = portfolio
        .name_of(Kind::Startup, &rubric.startup)
        .unwrap_or(&rubric.startup);
    let slot = screen
        .slots(day)
        .into_iter()
        .find(|s| s.startup == rubric.startup);
    let when = slot.map_or(String::new(), |s| {
        let state = match s.state {
            SlotState::OnStage => " · on stage now",
            SlotState::Coming => "",
            SlotState::Done => " · done",
        };
        format!(
            " · {}–{}{state}",
            s.starts.format("%H:%M"),
            s.ends.format("%H:%M")
        )
    });
    let mut out = vec![
        day_line(portfolio, day, theme),
        Line::default(),
        Line::from(vec![
            Span::styled(safe(name), theme.title()),
            Span::styled(when, theme.dim()),
        ]),
        Line::default(),
    ];
    let label_width = rubric
        .criteria
        .iter()
        .map(|c| c.name.chars().count() + 4)
        .max()
        .unwrap_or(0)
        .max(9);
    let cursor = |line: usize| match rubric.line == line {
        true => Span::styled("› ", theme.key()),
        false => Span::raw("  "),
    };
    for (i, criterion) in rubric.criteria.iter().enumerate() {
        let label = format!("{} ×{}", safe(&criterion.name), criterion.weight);
        let mut spans = vec![
            cursor(i),
            Span::styled(format!("{label:label_width$}"), theme.label()),
        ];
        spans.extend(score_boxes(rubric.scores[i], theme));
        out.push(Line::from(spans));
    }
    let comment_row = out.len();
    out.push(Line::from(vec![
        cursor(rubric.criteria.len()),
        Span::styled(format!("{:label_width$}", "Comment"), theme.label()),
        Span::raw(safe(rubric.comment.value())),
    ]));
    out.push(Line::default());
    let scores: crate::model::Scores = rubric
        .criteria
        .iter()
        .zip(&rubric.scores)
        .filter_map(|(c, s)| s.map(|s| (c.name.clone(), s)))
        .collect();
    let total = match weighted_mean(&scores, &rubric.criteria) {
        Some(mean) => format!("  Your weighted score {mean:.2}"),
        None => "  Your weighted score: once every criterion is scored".to_string(),
    };
    out.push(Line::from(Span::styled(total, theme.dim())));
    if day.judging_closed {
        out.push(Line::from(Span::styled(
            "  Judging is closed: your scores are final.",
            theme.warn(),
        )));
    } else if let Some(problem) = &screen.problem {
        out.push(Line::from(Span::styled(
            format!("  {}", safe(problem)),
            theme.warn(),
        )));
    }
    let width = usize::from(area.width);
    let fitted: Vec<Line> = out.into_iter().map(|l| fit(l, width)).collect();
    frame.render_widget(Paragraph::new(fitted), area);
    if rubric.on_comment() && !day.judging_closed {
        let x = area.x
            + 2
            + u16::try_from(label_width + rubric.comment.visual_cursor()).unwrap_or(u16::MAX);
        let y = area.y + u16::try_from(comment_row).unwrap_or(u16::MAX);
        if x < area.right() && y < area.bottom() {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}

/// "Demo day d1 · judging open · Sat 20 Mar 14:00 · INNOLAND hall · Spring
/// 2027": whether it is open first, so a narrow screen keeps it.
fn day_line(portfolio: &Portfolio, day: &DemoDay, theme: Theme) -> Line<'static> {
    let cohort = portfolio
        .name_of(Kind::Cohort, &day.cohort)
        .unwrap_or(&day.cohort);
    let judging = match day.judging_closed {
        true => Span::styled(" · judging closed", theme.warn()),
        false => Span::styled(" · judging open", theme.good()),
    };
    Line::from(vec![
        Span::styled(format!("Demo day {}", safe(&day.id)), theme.label()),
        judging,
        Span::styled(
            format!(
                " · {} · {} · {}",
                day.at.format("%a %-d %b %H:%M"),
                safe(&day.venue),
                safe(cohort)
            ),
            theme.dim(),
        ),
    ])
}

/// Whether `judge` has scored every criterion of `startup`'s pitch.
fn mine_complete(day: &DemoDay, judge: &str, startup: &str) -> bool {
    day.scores
        .iter()
        .find(|s| s.judge == judge && s.startup == startup)
        .is_some_and(|s| weighted_mean(&s.scores, &day.criteria).is_some())
}

fn selectable(text: String, selected: bool, theme: Theme) -> Line<'static> {
    match selected {
        true => Line::from(Span::styled(format!("› {text}"), theme.selected())),
        false => Line::from(Span::raw(format!("  {text}"))),
    }
}

fn gone(frame: &mut Frame, area: Rect, theme: Theme) {
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            "This demo day no longer lists you as a judge. Esc goes back to your demo days.",
            theme.warn(),
        ))),
        area,
    );
}
