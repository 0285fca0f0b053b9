//! The table of each tab: columns that fit the width, the selection, and
//! a filter's matched characters.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table, TableState};

use super::text::{cut, highlighted, safe};
use super::theme::Theme;
use crate::app::{Focus, State, Tab};
use crate::model::Status;

pub fn render(state: &State, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(list) = state.list() else { return };
    let focused = state.focus == Focus::List;
    // Columns by width: everything from 90, the essentials from 60.
    let wide = area.width >= 90;
    let medium = area.width >= 60;
    let p = &state.data.portfolio;
    let highlight = |i: usize, name: &str| {
        let positions = list.highlights.get(&i).map_or(&[][..], Vec::as_slice);
        highlighted(
            name,
            positions,
            ratatui::style::Style::new(),
            theme.matched(),
        )
    };
    let (header, widths, rows): (Vec<&str>, Vec<Constraint>, Vec<Row>) = match state.tab {
        Tab::Home => return,
        Tab::Startups => {
            let rows = list.rows.iter().map(|&i| {
                let s = &p.startups[i];
                let days = state.data.days_since_note(&s.id, state.today);
                let quiet = s.status == Status::Active
                    && days.is_none_or(|d| d >= crate::attention::QUIET_DAYS);
                let last = match days {
                    Some(d) => format!("{d}d"),
                    None => "—".into(),
                };
                let last = Cell::from(last).style(if quiet { theme.warn() } else { theme.dim() });
                let mut cells = vec![
                    Cell::from(highlight(i, &s.name)),
                    Cell::from(s.stage.as_str()),
                ];
                if medium {
                    cells.push(Cell::from(s.status.as_str()));
                }
                if wide {
                    cells.push(Cell::from(safe(
                        state.data.cohort_name(s.cohort.as_deref()),
                    )));
                    cells.push(Cell::from(s.mentors.len().to_string()));
                }
                cells.push(last);
                Row::new(cells)
            });
            if wide {
                (
                    vec!["Name", "Stage", "Status", "Cohort", "Mentors", "Note"],
                    vec![
                        Constraint::Fill(3),
                        Constraint::Length(9),
                        Constraint::Length(10),
                        Constraint::Fill(2),
                        Constraint::Length(7),
                        Constraint::Length(5),
                    ],
                    rows.collect(),
                )
            } else if medium {
                (
                    vec!["Name", "Stage", "Status", "Note"],
                    vec![
                        Constraint::Fill(1),
                        Constraint::Length(9),
                        Constraint::Length(10),
                        Constraint::Length(5),
                    ],
                    rows.collect(),
                )
            } else {
                (
                    vec!["Name", "Stage", "Note"],
                    vec![
                        Constraint::Fill(1),
                        Constraint::Length(9),
                        Constraint::Length(5),
                    ],
                    rows.collect(),
                )
            }
        }
        Tab::Cohorts => {
            let rows = list.rows.iter().map(|&i| {
                let c = &p.cohorts[i];
                let enrolled = c.enrolled(&p.startups);
                let places = Cell::from(format!("{enrolled}/{}", c.capacity)).style(
                    if enrolled > c.capacity as usize {
                        theme.warn()
                    } else {
                        ratatui::style::Style::new()
                    },
                );
                let mut cells = vec![Cell::from(highlight(i, &c.name))];
                if medium {
                    cells.push(Cell::from(c.program.as_str()));
                    cells.push(Cell::from(c.start.format("%Y-%m-%d").to_string()));
                }
                cells.push(Cell::from(c.status_on(state.today).as_str()));
                cells.push(places);
                Row::new(cells)
            });
            if medium {
                (
                    vec!["Name", "Program", "Starts", "Status", "Places"],
                    vec![
                        Constraint::Fill(1),
                        Constraint::Length(12),
                        Constraint::Length(10),
                        Constraint::Length(8),
                        Constraint::Length(6),
                    ],
                    rows.collect(),
                )
            } else {
                (
                    vec!["Name", "Status", "Places"],
                    vec![
                        Constraint::Fill(1),
                        Constraint::Length(8),
                        Constraint::Length(6),
                    ],
                    rows.collect(),
                )
            }
        }
        Tab::Mentors => {
            let rows = list.rows.iter().map(|&i| {
                let m = &p.mentors[i];
                let load = m.load(&p.startups);
                let load_cell = Cell::from(format!("{}/{}", load.active, load.capacity)).style(
                    if load.over_capacity() {
                        theme.warn()
                    } else {
                        ratatui::style::Style::new()
                    },
                );
                let mut cells = vec![Cell::from(highlight(i, &m.name))];
                if medium {
                    cells.push(Cell::from(safe(&m.organization)));
                }
                cells.push(load_cell);
                Row::new(cells)
            });
            if medium {
                (
                    vec!["Name", "Organization", "Load"],
                    vec![
                        Constraint::Fill(2),
                        Constraint::Fill(1),
                        Constraint::Length(5),
                    ],
                    rows.collect(),
                )
            } else {
                (
                    vec!["Name", "Load"],
                    vec![Constraint::Fill(1), Constraint::Length(5)],
                    rows.collect(),
                )
            }
        }
        Tab::DemoDays => {
            let rows = list.rows.iter().map(|&i| {
                let d = &p.demo_days[i];
                let upcoming = d.at.date_naive() >= state.today;
                let date = Cell::from(d.at.format("%Y-%m-%d").to_string()).style(if upcoming {
                    theme.good()
                } else {
                    theme.dim()
                });
                let mut cells = vec![date, Cell::from(highlight(i, &d.venue))];
                if medium {
                    cells.push(Cell::from(safe(state.data.cohort_name(Some(&d.cohort)))));
                }
                cells.push(Cell::from(d.pitches.len().to_string()));
                Row::new(cells)
            });
            if medium {
                (
                    vec!["Date", "Venue", "Cohort", "Pitches"],
                    vec![
                        Constraint::Length(10),
                        Constraint::Fill(1),
                        Constraint::Fill(1),
                        Constraint::Length(7),
                    ],
                    rows.collect(),
                )
            } else {
                (
                    vec!["Date", "Venue", "Pitches"],
                    vec![
                        Constraint::Length(10),
                        Constraint::Fill(1),
                        Constraint::Length(7),
                    ],
                    rows.collect(),
                )
            }
        }
    };

    let sort = state
        .tab
        .sort_columns()
        .get(list.sort)
        .copied()
        .unwrap_or("");
    let mut title = vec![Span::styled(
        format!(" {} ", state.tab.title()),
        theme.title(),
    )];
    title.push(Span::styled(format!("{} ", list.rows.len()), theme.dim()));
    if !list.filter.is_empty() || state.filtering {
        title.push(Span::styled(
            format!("/{} ", cut(&safe(&list.filter), 30)),
            theme.matched(),
        ));
    }
    let arrow = if list.reverse { "↑" } else { "↓" };
    let block = Block::bordered()
        .title(Line::from(title))
        .title_bottom(
            Line::from(Span::styled(format!(" {sort} {arrow} "), theme.dim())).right_aligned(),
        )
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.border()
        });
    let header = Row::new(
        header
            .into_iter()
            .map(|h| Cell::from(h).style(theme.label())),
    )
    .bottom_margin(0);
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .row_highlight_style(theme.selected())
        .column_spacing(1);
    let selected = if list.rows.is_empty() {
        None
    } else {
        Some(list.selected)
    };
    let mut table_state = TableState::default()
        .with_offset(list.offset)
        .with_selected(selected);
    frame.render_stateful_widget(table, area, &mut table_state);
    if list.rows.is_empty() {
        let message = if list.filter.is_empty() {
            "Nothing here yet."
        } else {
            "No matches. Esc clears the filter."
        };
        let inner = Rect {
            x: area.x + 2,
            y: area.y + 2,
            width: area.width.saturating_sub(4),
            height: 1,
        };
        frame.render_widget(Span::styled(message, theme.dim()), inner);
    }
}
