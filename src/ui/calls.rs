//! The Calls tab: the call (its cohort and places, its dates, how many
//! reviews are in), its applications by stage — a board of columns on a
//! screen 100 wide, one line of counts below that — and the applications
//! ranked as the reviews come in (for a reviewer: their queue first, no
//! one else's scores).

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

use super::text::{cut, fit, safe};
use super::theme::Theme;
use crate::app::calls::pipeline::{Mine, Pipeline};
use crate::app::{Action, App};
use crate::model::{ApplicationStage, Call, Portfolio};

/// Below this width the stages are one line of counts, not a board.
const BOARD_WIDTH: u16 = 100;
/// Names a board column lists under its stage.
const BOARD_NAMES: u16 = 5;

/// The parts of the tab: the call's lines, the stages, the table.
struct Areas {
    header: Rect,
    stages: Rect,
    table: Rect,
}

fn areas(area: Rect) -> Areas {
    let board = area.width >= BOARD_WIDTH && area.height >= 24;
    let stage_rows = if board { BOARD_NAMES + 3 } else { 1 };
    let [header, stages, table] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(stage_rows),
        Constraint::Fill(1),
    ])
    .areas(area);
    Areas {
        header,
        stages,
        table,
    }
}

/// How many applications the table shows at the session's size: what a
/// page is, and how far the cursor goes before the table scrolls.
pub fn rows(state: &App) -> usize {
    let (w, h) = state.size;
    // The tabs line and the status line are not the tab's.
    let body = Rect::new(0, 0, w, h.saturating_sub(2));
    // Borders and the header row.
    usize::from(areas(body).table.height.saturating_sub(3))
}

pub fn render(state: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let data = state.data();
    let portfolio = &data.portfolio;
    let (Some(pipeline), Some(call)) = (
        &state.calls.pipeline,
        state
            .calls
            .pipeline
            .as_ref()
            .and_then(|p| portfolio.calls.iter().find(|c| c.id == p.call)),
    ) else {
        let text = vec![
            Line::from("No calls for applications yet."),
            Line::from(Span::styled(
                "A call is made with `incubator import call.json` (see the README, \"The program \
                 year\"); its applications come with `incubator intake CALL FILE.csv`.",
                theme.dim(),
            )),
        ];
        let block = Block::bordered().title(Span::styled(" Calls ", theme.title()));
        frame.render_widget(
            Paragraph::new(text)
                .block(block)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    };
    let parts = areas(area);
    render_header(state, portfolio, call, pipeline, frame, parts.header, theme);
    if parts.stages.height > 1 {
        render_board(portfolio, pipeline, frame, parts.stages, theme);
    } else {
        render_counts(pipeline, frame, parts.stages, theme);
    }
    render_table(state, portfolio, call, pipeline, frame, parts.table, theme);
}

/// "Spring 2027 Acceleration open call · Spring 2027 Acceleration (2/12
/// places)" and "open 1 Dec – 31 Jan, 55 days left · 16 of 26 reviews in".
fn render_header(
    state: &App,
    portfolio: &Portfolio,
    call: &Call,
    pipeline: &Pipeline,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let width = usize::from(area.width);
    let cohort = portfolio.cohorts.iter().find(|c| c.id == call.cohort);
    let places = cohort.map_or(String::new(), |c| {
        let placed = portfolio
            .startups
            .iter()
            .filter(|s| s.cohort.as_deref() == Some(c.id.as_str()))
            .count();
        format!(" · {} ({placed}/{} places)", safe(&c.name), c.capacity)
    });
    let over = cohort.is_some_and(|c| {
        portfolio
            .startups
            .iter()
            .filter(|s| s.cohort.as_deref() == Some(c.id.as_str()))
            .count()
            > c.capacity as usize
    });
    let mut first = vec![Span::styled(safe(&call.name), theme.title())];
    first.push(Span::styled(
        places,
        if over { theme.warn() } else { theme.dim() },
    ));
    let calls = portfolio.calls.len();
    if calls > 1 {
        first.push(Span::styled(
            format!(
                "  {}/{} changes call ({calls})",
                state.keymap.hint(Action::PrevCall),
                state.keymap.hint(Action::NextCall)
            ),
            theme.dim(),
        ));
    }
    let mut second = Vec::new();
    // A reviewer's queue first: on 80 columns it is what they came for.
    if let Some(to_do) = pipeline.to_review {
        let style = if to_do > 0 {
            theme.warn()
        } else {
            theme.good()
        };
        let due = call.closes.format("%-d %b");
        let queue = match to_do {
            0 => "Your reviews are all in · ".to_string(),
            n => format!("{n} to review, due {due} · "),
        };
        second.push(Span::styled(queue, style));
    }
    second.push(Span::raw(dates(call, state.today)));
    second.push(Span::styled(
        format!(
            " · {} of {} reviews in",
            pipeline.reviews_in, pipeline.reviews_asked
        ),
        theme.dim(),
    ));
    let lines = vec![
        fit(Line::from(first), width),
        fit(Line::from(second), width),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

/// "open 1 Dec – 31 Jan, 55 days left", "opens 1 Dec", "closed 31 Jan".
fn dates(call: &Call, today: NaiveDate) -> String {
    let span = format!(
        "{} – {}",
        call.opens.format("%-d %b %Y"),
        call.closes.format("%-d %b %Y")
    );
    if today < call.opens {
        format!("Opens {span}")
    } else if today > call.closes {
        format!("Closed {span}")
    } else {
        let left = (call.closes - today).num_days();
        match left {
            0 => format!("Open {span}, closes today"),
            1 => format!("Open {span}, 1 day left"),
            n => format!("Open {span}, {n} days left"),
        }
    }
}

/// The stages as columns, each with the names at it.
fn render_board(
    portfolio: &Portfolio,
    pipeline: &Pipeline,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let stages = ApplicationStage::ALL;
    let columns = Layout::horizontal(vec![Constraint::Fill(1); stages.len()]).split(area);
    for (i, stage) in stages.iter().enumerate() {
        let rect = columns[i];
        let width = usize::from(rect.width.saturating_sub(2));
        let names: Vec<&str> = pipeline
            .rows
            .iter()
            .filter_map(|r| portfolio.applications.get(r.at))
            .filter(|a| a.stage == *stage)
            .map(|a| a.name.as_str())
            .collect();
        let shown = usize::from(rect.height.saturating_sub(2));
        let mut lines: Vec<Line> = names
            .iter()
            .take(if names.len() > shown {
                shown - 1
            } else {
                shown
            })
            .map(|n| Line::from(cut(&safe(n), width)))
            .collect();
        if names.len() > shown {
            lines.push(Line::from(Span::styled(
                format!("+{} more", names.len() - (shown - 1)),
                theme.dim(),
            )));
        }
        let title = format!(" {stage} {} ", names.len());
        let block = Block::bordered()
            .title(Span::styled(
                cut(&title, width + 2),
                stage_style(*stage, theme),
            ))
            .border_style(theme.border());
        frame.render_widget(Paragraph::new(lines).block(block), rect);
    }
}

/// "received 5 · screening 8 · interview 3 · accepted 0 · …"
fn render_counts(pipeline: &Pipeline, frame: &mut Frame, area: Rect, theme: Theme) {
    let mut spans = Vec::new();
    for (i, stage) in ApplicationStage::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(stage.to_string(), stage_style(*stage, theme)));
        spans.push(Span::raw(format!(" {}", pipeline.by_stage[i])));
    }
    frame.render_widget(
        Paragraph::new(fit(Line::from(spans), usize::from(area.width))),
        area,
    );
}

fn stage_style(stage: ApplicationStage, theme: Theme) -> Style {
    match stage {
        ApplicationStage::Accepted => theme.good(),
        ApplicationStage::Rejected | ApplicationStage::Withdrawn => theme.dim(),
        _ => theme.label(),
    }
}

/// "2.13" or "–".
fn figure(value: Option<f64>) -> String {
    value.map_or("–".into(), |v| format!("{v:.2}"))
}

fn render_table(
    state: &App,
    portfolio: &Portfolio,
    call: &Call,
    pipeline: &Pipeline,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    let reviewer = pipeline.to_review.is_some();
    let wide = area.width >= 90;
    let (header, widths): (Vec<&str>, Vec<Constraint>) = if reviewer {
        let mut header = vec![" ", "Name", "Stage", "Your review"];
        let mut widths = vec![
            Constraint::Length(1),
            Constraint::Fill(2),
            Constraint::Length(10),
            Constraint::Length(12),
        ];
        if wide {
            header.push("Sector");
            widths.push(Constraint::Length(11));
        }
        (header, widths)
    } else {
        let mut header = vec![" ", "#", "Name", "Stage", "Score", "Raw", "Reviews"];
        let mut widths = vec![
            Constraint::Length(1),
            Constraint::Length(3),
            Constraint::Fill(2),
            Constraint::Length(10),
            Constraint::Length(6),
            Constraint::Length(5),
            Constraint::Length(8),
        ];
        if wide {
            header.extend(["Spread", "Sector"]);
            widths.extend([Constraint::Length(6), Constraint::Length(11)]);
        }
        (header, widths)
    };
    let page = usize::from(area.height.saturating_sub(3)).max(1);
    let offset = state
        .calls
        .offset
        .min(pipeline.rows.len().saturating_sub(1));
    let rows: Vec<Row> = pipeline
        .rows
        .iter()
        .skip(offset)
        .take(page)
        .filter_map(|row| {
            let a = portfolio.applications.get(row.at)?;
            let mark = if state.calls.marked.contains(&row.id) {
                "●"
            } else {
                " "
            };
            let mut cells = vec![Cell::from(Span::styled(mark, theme.matched()))];
            if reviewer {
                let (mine, style) = match row.mine {
                    Some(Mine::ToDo) => ("to review".to_string(), theme.warn()),
                    Some(Mine::Done(total)) => (format!("{total:.2}"), theme.good()),
                    Some(Mine::Conflict) => ("conflict".to_string(), theme.dim()),
                    None => (String::new(), theme.dim()),
                };
                cells.extend([
                    Cell::from(safe(&a.name)),
                    Cell::from(a.stage.to_string()),
                    Cell::from(Span::styled(mine, style)),
                ]);
            } else {
                let ranked = row.ranked.as_ref()?;
                let reviews = format!("{}/{}", ranked.reviews, ranked.expected());
                let reviews_style = if ranked.missing > 0 {
                    theme.warn()
                } else {
                    Style::new()
                };
                let mut reviews = vec![Span::styled(reviews, reviews_style)];
                if ranked.conflicts > 0 {
                    reviews.push(Span::styled(" c", theme.dim()));
                }
                cells.extend([
                    Cell::from(ranked.rank.map_or(String::new(), |r| r.to_string())),
                    Cell::from(safe(&a.name)),
                    Cell::from(a.stage.to_string()),
                    Cell::from(figure(ranked.score)),
                    Cell::from(figure(ranked.raw_mean)),
                    Cell::from(Line::from(reviews)),
                ]);
                if wide {
                    cells.push(Cell::from(figure(ranked.spread)));
                }
            }
            if wide {
                cells.push(Cell::from(safe(&a.sector)));
            }
            Some(Row::new(cells))
        })
        .collect();
    let title = if reviewer {
        " Applications: yours to review first ".to_string()
    } else {
        format!(
            " Ranking: {} applications, weighted {} ",
            pipeline.rows.len(),
            call.criteria
                .iter()
                .map(|c| format!("{} ×{}", c.name, c.weight))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let position = format!(" {}/{} ", state.calls.cursor() + 1, pipeline.rows.len());
    let block = Block::bordered()
        .title(Span::styled(
            cut(&safe(&title), usize::from(area.width) - 4),
            theme.title(),
        ))
        .title_bottom(Line::from(Span::styled(position, theme.dim())).right_aligned())
        .border_style(theme.focused_border());
    let header = Row::new(header).style(theme.label());
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .row_highlight_style(theme.selected());
    let mut table_state = TableState::default();
    if !pipeline.rows.is_empty() {
        table_state.select(Some(state.calls.cursor().saturating_sub(offset)));
    }
    frame.render_stateful_widget(table, area, &mut table_state);
}
