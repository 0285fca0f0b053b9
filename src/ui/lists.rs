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
use crate::search::MatchedField;

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
            Column::NextMilestone => "Next goal",
            Column::Program => "Program",
            Column::Start => "Starts",
            Column::Enrolled => "Places",
            Column::Organization => "Organization",
            Column::Load => "Load",
            Column::Date => "Date",
            Column::Venue => "Venue",
            Column::Pitches => "Pitches",
            Column::Sector => "Sector",
            Column::End => "Ends",
            Column::Expertise => "Expertise",
            Column::Matched => "Found in",
        }
    }

    fn width(self, tab: Tab) -> Constraint {
        match self {
            Column::Name if tab == Tab::Startups => Constraint::Fill(3),
            Column::Name => Constraint::Fill(2),
            // A cohort's name says season, year and program: room for most.
            Column::Cohort if tab == Tab::Startups => Constraint::Fill(3),
            Column::Matched => Constraint::Fill(3),
            // The usual sectors whole: "healthtech", "e-commerce".
            Column::Sector => Constraint::Length(11),
            Column::Cohort | Column::Organization | Column::Venue | Column::Expertise => {
                Constraint::Fill(1)
            }
            Column::Stage => Constraint::Length(9),
            Column::Status if tab == Tab::Cohorts => Constraint::Length(8),
            Column::Status => Constraint::Length(10),
            Column::Mentors | Column::Pitches => Constraint::Length(7),
            Column::LastNote => Constraint::Length(5),
            Column::NextMilestone => Constraint::Length(9),
            Column::Program => Constraint::Length(12),
            Column::Start | Column::End | Column::Date => Constraint::Length(10),
            Column::Enrolled => Constraint::Length(6),
            Column::Load => Constraint::Length(5),
        }
    }
}

/// The columns of a tab's list in `width` columns of screen: the more
/// room, the more a row says — everything from 120, the cohort and sector
/// from 86 (the list beside the details on a 160-column screen), the
/// cohort from 76 (an 80-column screen), the essentials from 60, the
/// fewest below.
fn columns(tab: Tab, width: u16) -> &'static [Column] {
    use Column::*;
    let (widest, wide, roomy, medium) = (width >= 120, width >= 86, width >= 76, width >= 60);
    match tab {
        Tab::Home | Tab::Calls => &[],
        Tab::Startups if widest => &[
            Name,
            Sector,
            Stage,
            Status,
            Cohort,
            Mentors,
            LastNote,
            NextMilestone,
        ],
        Tab::Startups if wide => &[Name, Sector, Stage, Status, Cohort, LastNote, NextMilestone],
        Tab::Startups if medium => &[Name, Stage, Status, LastNote],
        Tab::Startups => &[Name, Stage, LastNote],
        Tab::Cohorts if wide => &[Name, Program, Start, End, Status, Enrolled],
        Tab::Cohorts if medium => &[Name, Program, Start, Status, Enrolled],
        Tab::Cohorts => &[Name, Status, Enrolled],
        Tab::Mentors if roomy => &[Name, Organization, Expertise, Load],
        Tab::Mentors if medium => &[Name, Organization, Load],
        Tab::Mentors => &[Name, Load],
        Tab::DemoDays if medium => &[Date, Venue, Cohort, Pitches],
        Tab::DemoDays => &[Date, Venue, Pitches],
    }
}

/// The columns that give way to "Found in" while a filter shows why rows
/// are listed: what a row says about itself matters less than that.
const GIVE_WAY: [Column; 7] = [
    Column::Cohort,
    Column::Sector,
    Column::Organization,
    Column::Expertise,
    Column::Mentors,
    Column::End,
    Column::Program,
];

/// The columns to draw: `base`, and while any row on screen was found by
/// another field than its name, "Found in" after the name in place of
/// the columns that give way.
fn with_matched(base: &[Column], state: &App, on_screen: &[usize]) -> Vec<Column> {
    let shows_why = on_screen.iter().any(|&i| why(state, i).is_some());
    if !shows_why {
        return base.to_vec();
    }
    let mut columns = Vec::with_capacity(base.len() + 1);
    for &column in base {
        if GIVE_WAY.contains(&column) {
            continue;
        }
        columns.push(column);
        if column == Column::Name {
            columns.push(Column::Matched);
        }
    }
    columns
}

/// Why record `i` of the list in view is listed when it is not its name:
/// the field's name as a user reads it and its text (of several tags or
/// founders, the one the filter matches best).
fn why(state: &App, i: usize) -> Option<(&'static str, String)> {
    let list = state.list()?;
    let field = *list.matched.get(&i)?;
    let data = state.data();
    let p = &data.portfolio;
    let best = |texts: &mut dyn Iterator<Item = &String>| -> Option<String> {
        texts
            .max_by_key(|t| crate::search::score(&list.filter, t).unwrap_or(i64::MIN))
            .cloned()
    };
    match (state.tab, field) {
        (Tab::Startups, MatchedField::OneLiner) => {
            Some(("one-liner", p.startups.get(i)?.one_liner.clone()))
        }
        (Tab::Startups, MatchedField::Sector) => {
            Some(("sector", p.startups.get(i)?.sector.clone()))
        }
        (Tab::Startups, MatchedField::Tag) => {
            Some(("tag", best(&mut p.startups.get(i)?.tags.iter())?))
        }
        (Tab::Startups, MatchedField::Founder) => Some((
            "founder",
            best(&mut p.startups.get(i)?.founders.iter().map(|f| &f.name))?,
        )),
        (Tab::Mentors, MatchedField::Expertise) => {
            Some(("expertise", best(&mut p.mentors.get(i)?.expertise.iter())?))
        }
        _ => None,
    }
}

/// "founder: Kim Min-jun", the matched letters marked; a long text from a
/// little before its first match, so the match is what shows.
fn why_cell(state: &App, i: usize, theme: Theme) -> Line<'static> {
    let Some((label, text)) = why(state, i) else {
        return Line::default();
    };
    let filter = state.list().map(|l| l.filter.clone()).unwrap_or_default();
    let text = safe(&text);
    let mut positions = crate::search::match_positions(&filter, &text);
    const LEAD: usize = 3;
    let first = positions.first().copied().unwrap_or(0);
    let shown = if first > LEAD + 2 {
        let skip = first - LEAD;
        positions = positions
            .iter()
            .filter_map(|p| p.checked_sub(skip).map(|p| p + 1))
            .collect();
        format!("…{}", text.chars().skip(skip).collect::<String>())
    } else {
        text
    };
    let mut spans = vec![Span::styled(format!("{label}: "), theme.dim())];
    spans.extend(highlighted(&shown, &positions, Style::new(), theme.matched()).spans);
    Line::from(spans)
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
        (_, Column::Matched) => why_cell(state, i, theme),
        (Tab::Startups, _) => {
            let s = &p.startups[i];
            match column {
                Column::Name => name(&s.name),
                Column::Stage => plain(s.stage.as_str()),
                Column::Status => plain(s.status.as_str()),
                Column::Cohort => plain(data.cohort_name(s.cohort.as_deref())),
                Column::Sector => plain(&s.sector),
                Column::Mentors => plain(&s.mentors.len().to_string()),
                Column::NextMilestone => match data.next_milestone(&s.id, state.today) {
                    (Some(m), 0) => styled(m.due.format("%-d %b").to_string(), theme.dim()),
                    (Some(m), overdue) => {
                        // "!25 Nov" and, past one, how many more are overdue.
                        let more = if overdue > 1 {
                            format!("+{}", overdue - 1)
                        } else {
                            String::new()
                        };
                        styled(format!("!{}{more}", m.due.format("%-d %b")), theme.warn())
                    }
                    (None, _) => styled("—".into(), theme.dim()),
                },
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
                Column::End => plain(&c.end.format("%Y-%m-%d").to_string()),
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
                Column::Expertise => plain(&m.expertise.join(", ")),
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
        (Tab::Home | Tab::Calls, _) => Line::default(),
    }
}

/// Where the selection is: `12/2000`, and in a filtered or narrowed
/// list, among how many of all: `3/41 of 2000`.
fn position(state: &App, list: &crate::app::ListView) -> String {
    let shown = list.rows.len();
    let at = if shown == 0 { 0 } else { list.selected + 1 };
    let all = state
        .tab
        .kind()
        .map_or(0, |k| state.data().portfolio.count(k));
    if shown == all && list.filter.trim().is_empty() && list.facets.is_empty() {
        format!(" {at}/{shown} ")
    } else {
        format!(" {at}/{shown} of {all} ")
    }
}

pub fn render(state: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(list) = state.list() else { return };
    let focused = state.focus == Focus::List;
    let inner = Block::bordered().inner(area);
    // The rows on screen: the header takes one.
    let shown = usize::from(inner.height.saturating_sub(1));
    let first = list.offset.min(list.rows.len());
    let on_screen = &list.rows[first..(first + shown).min(list.rows.len())];
    let columns = &with_matched(columns(state.tab, area.width), state, on_screen)[..];
    const SPACING: u16 = 1;
    let widths: Vec<u16> = Layout::horizontal(columns.iter().map(|c| c.width(state.tab)))
        .spacing(SPACING)
        .split(inner)
        .iter()
        .map(|r| r.width)
        .collect();
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
        .title_bottom(Line::from(Span::styled(position(state, list), theme.dim())))
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
