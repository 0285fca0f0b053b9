//! The table of each tab: columns that fit the width, the selection, and
//! a filter's matched characters. Only the rows on screen are built, so a
//! frame costs the same at 10 rows or 10,000.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table, TableState};

use super::text::{cut, fit, highlighted, safe};
use super::theme::Theme;
use crate::app::{Action, App, Column, Focus, Tab};
use crate::model::Status;

/// How a list shows a column: its header and its width.
trait Shown {
    fn header(self) -> &'static str;
    fn width(self, tab: Tab) -> Constraint;
}

impl Shown for Column {
    fn header(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::Stage => "Stage",
            Column::Status => "Status",
            Column::Cohort => "Cohort",
            Column::Mentors => "Mentors",
            Column::LastNote => "Note",
            Column::Program => "Program",
            Column::Start => "Starts",
            Column::Enrolled => "Places",
            Column::Organization => "Organization",
            Column::Load => "Load",
            Column::Date => "Date",
            Column::Venue => "Venue",
            Column::Pitches => "Pitches",
        }
    }

    fn width(self, tab: Tab) -> Constraint {
        match self {
            Column::Name if tab == Tab::Startups => Constraint::Fill(3),
            Column::Name => Constraint::Fill(2),
            Column::Cohort | Column::Organization | Column::Venue => Constraint::Fill(1),
            Column::Stage => Constraint::Length(9),
            Column::Status if tab == Tab::Cohorts => Constraint::Length(8),
            Column::Status => Constraint::Length(10),
            Column::Mentors | Column::Pitches => Constraint::Length(7),
            Column::LastNote => Constraint::Length(5),
            Column::Program => Constraint::Length(12),
            Column::Start | Column::Date => Constraint::Length(10),
            Column::Enrolled => Constraint::Length(6),
            Column::Load => Constraint::Length(5),
        }
    }
}

/// The columns of a tab's list in `width` columns of screen: everything
/// from 90, the essentials from 60, the fewest below.
fn columns(tab: Tab, width: u16) -> &'static [Column] {
    use Column::*;
    let (wide, medium) = (width >= 90, width >= 60);
    match tab {
        Tab::Home => &[],
        Tab::Startups if wide => &[Name, Stage, Status, Cohort, Mentors, LastNote],
        Tab::Startups if medium => &[Name, Stage, Status, LastNote],
        Tab::Startups => &[Name, Stage, LastNote],
        Tab::Cohorts if medium => &[Name, Program, Start, Status, Enrolled],
        Tab::Cohorts => &[Name, Status, Enrolled],
        Tab::Mentors if medium => &[Name, Organization, Load],
        Tab::Mentors => &[Name, Load],
        Tab::DemoDays if medium => &[Date, Venue, Cohort, Pitches],
        Tab::DemoDays => &[Date, Venue, Pitches],
    }
}

/// One cell of record `i` in the current tab's list, made safe.
fn cell(state: &App, i: usize, column: Column, theme: Theme) -> Line<'static> {
    let data = state.data();
    let p = &data.portfolio;
    let plain = |text: &str| Line::from(safe(text));
    let styled = |text: String, style: Style| Line::from(Span::styled(text, style));
    let warn_if = |over: bool| if over { theme.warn() } else { Style::new() };
    let name = |name: &str| {
        let positions = state.list().map(|l| l.highlight(name)).unwrap_or_default();
        highlighted(name, &positions, Style::new(), theme.matched())
    };
    match (state.tab, column) {
        (Tab::Startups, _) => {
            let s = &p.startups[i];
            match column {
                Column::Name => name(&s.name),
                Column::Stage => plain(s.stage.as_str()),
                Column::Status => plain(s.status.as_str()),
                Column::Cohort => plain(data.cohort_name(s.cohort.as_deref())),
                Column::Mentors => plain(&s.mentors.len().to_string()),
                _ => {
                    let days = data.days_since_note(&s.id, state.today);
                    let quiet = s.status == Status::Active
                        && days.is_none_or(|d| d >= crate::attention::QUIET_DAYS);
                    let text = days.map_or_else(|| "—".into(), |d| format!("{d}d"));
                    styled(text, if quiet { theme.warn() } else { theme.dim() })
                }
            }
        }
        (Tab::Cohorts, _) => {
            let c = &p.cohorts[i];
            match column {
                Column::Name => name(&c.name),
                Column::Program => plain(c.program.as_str()),
                Column::Start => plain(&c.start.format("%Y-%m-%d").to_string()),
                Column::Status => plain(c.status_on(state.today).as_str()),
                _ => {
                    let enrolled = data.enrolled(c);
                    styled(
                        format!("{enrolled}/{}", c.capacity),
                        warn_if(enrolled > c.capacity as usize),
                    )
                }
            }
        }
        (Tab::Mentors, _) => {
            let m = &p.mentors[i];
            match column {
                Column::Name => name(&m.name),
                Column::Organization => plain(&m.organization),
                _ => {
                    let load = data.mentor_load(m);
                    styled(
                        format!("{}/{}", load.active, load.capacity),
                        warn_if(load.over_capacity()),
                    )
                }
            }
        }
        (Tab::DemoDays, _) => {
            let d = &p.demo_days[i];
            match column {
                Column::Date => {
                    let upcoming = d.at.date_naive() >= state.today;
                    styled(
                        d.at.format("%Y-%m-%d").to_string(),
                        if upcoming { theme.good() } else { theme.dim() },
                    )
                }
                Column::Venue => name(&d.venue),
                Column::Cohort => plain(data.cohort_name(Some(&d.cohort))),
                _ => plain(&d.pitches.len().to_string()),
            }
        }
        (Tab::Home, _) => Line::default(),
    }
}

pub fn render(state: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(list) = state.list() else { return };
    let focused = state.focus == Focus::List;
    let columns = columns(state.tab, area.width);
    let inner = Block::bordered().inner(area);
    const SPACING: u16 = 1;
    let widths: Vec<u16> = Layout::horizontal(columns.iter().map(|c| c.width(state.tab)))
        .spacing(SPACING)
        .split(inner)
        .iter()
        .map(|r| r.width)
        .collect();
    // The rows on screen: the header takes one.
    let shown = usize::from(inner.height.saturating_sub(1));
    let first = list.offset.min(list.rows.len());
    let on_screen = &list.rows[first..(first + shown).min(list.rows.len())];
    let kind = state.tab.kind();
    let rows: Vec<Row> = on_screen
        .iter()
        .map(|&i| {
            let marked = kind.is_some_and(|kind| {
                let data = state.data();
                data.portfolio
                    .id_at(kind, i)
                    .is_some_and(|id| state.is_marked(id))
            });
            Row::new(
                columns
                    .iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(n, (column, width))| {
                        let mut line = cell(state, i, *column, theme);
                        if n == 0 && marked {
                            // Marked (Space): a sign, not a colour only.
                            line.spans.insert(0, Span::styled("✓ ", theme.matched()));
                        }
                        Cell::from(fit(line, usize::from(*width)))
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let header = Row::new(columns.iter().zip(&widths).map(|(column, width)| {
        Cell::from(fit(Line::from(column.header()), usize::from(*width))).style(theme.label())
    }));
    let widths: Vec<Constraint> = widths.iter().map(|w| Constraint::Length(*w)).collect();

    let sort = list.sort.label();
    let mut title = vec![Span::styled(
        format!(" {} ", state.tab.title()),
        theme.title(),
    )];
    title.push(Span::styled(format!("{} ", list.rows.len()), theme.dim()));
    for facet in &list.facets {
        title.push(Span::styled(
            format!("· {} ", cut(&safe(&facet.label), 24)),
            theme.matched(),
        ));
    }
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
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .row_highlight_style(theme.selected())
        .column_spacing(SPACING);
    let selected = list
        .selected
        .checked_sub(first)
        .filter(|row| *row < on_screen.len());
    let mut table_state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(table, area, &mut table_state);
    if list.rows.is_empty() {
        let message = if list.filter.is_empty() {
            "Nothing here yet.".to_string()
        } else {
            format!(
                "No matches. {} clears the filter.",
                state.keymap.hint(Action::Back)
            )
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
