//! The details of the selected record: every field, related records as
//! links Enter follows, and for a startup its KPIs and notes.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::text::{column, cut, lines, money, safe, sparkline};
use super::theme::Theme;
use crate::app::{Action, App, Data, Focus, Link, Tab};
use crate::model::*;
use crate::store::HistoryEntry;

/// The width of field labels: the longest, "Organization", and a space.
const LABEL: usize = 13;

/// Builds the lines of a details page, knowing which link is under the cursor.
struct Page {
    lines: Vec<Line<'static>>,
    theme: Theme,
    links: Vec<Link>,
    cursor: Option<usize>,
    /// The line each note starts on, to scroll a searched note into view.
    anchors: Vec<(String, usize)>,
    /// The line each link is on, in the order of `links`.
    link_lines: Vec<usize>,
}

impl Page {
    fn heading(&mut self, text: &str) {
        if !self.lines.is_empty() {
            self.lines.push(Line::default());
        }
        self.lines.push(Line::from(Span::styled(
            text.to_string(),
            self.theme.title(),
        )));
    }

    fn field(&mut self, label: &str, value: impl Into<String>) {
        let value = value.into();
        if value.is_empty() {
            return;
        }
        self.lines.push(Line::from(vec![
            Span::styled(format!("{label:<LABEL$}"), self.theme.label()),
            Span::raw(safe(&value)),
        ]));
    }

    fn text(&mut self, text: &str) {
        for line in lines(text) {
            self.lines.push(Line::from(line));
        }
    }

    /// A note's first line: a link the cursor can rest on to edit it.
    /// A note's first line: when, its kind, who wrote it, and its last
    /// edit (`edited`), if it has one.
    fn note_header(&mut self, note: &Note, anchored: bool, edited: Option<&HistoryEntry>) {
        let index = self
            .links
            .iter()
            .position(|l| l.kind == Kind::Note && l.id == note.id);
        if index.is_some() {
            self.link_lines.push(self.lines.len());
        }
        let style = if index.is_some() && index == self.cursor {
            self.theme.selected()
        } else if anchored {
            self.theme.matched()
        } else {
            self.theme.label()
        };
        self.lines.push(Line::from(vec![
            Span::styled(
                format!("{} · {} · ", note.created_at.format("%Y-%m-%d"), note.kind),
                style,
            ),
            Span::styled(safe(&note.author), style),
        ]));
        if let Some(edit) = edited {
            let last = self.lines.len() - 1;
            self.lines[last].spans.push(Span::styled(
                format!(
                    " · edited {} by {}",
                    edit.at.format("%Y-%m-%d"),
                    safe(&edit.who)
                ),
                self.theme.dim(),
            ));
        }
    }

    /// A line that is a link to `kind id`, drawn as the cursor when it is.
    fn link(&mut self, kind: Kind, id: &str, prefix: &str, label: &str, suffix: &str) {
        let index = self.links.iter().position(|l| l.kind == kind && l.id == id);
        if index.is_some() {
            self.link_lines.push(self.lines.len());
        }
        let style = if index.is_some() && index == self.cursor {
            self.theme.selected()
        } else {
            self.theme.link()
        };
        self.lines.push(Line::from(vec![
            Span::raw(prefix.to_string()),
            Span::styled(safe(label), style),
            Span::styled(safe(suffix), self.theme.dim()),
        ]));
    }
}

/// A startup's milestones, soonest due first, each a link (Enter or `e`
/// edits it, `c` marks it done): a mark, the title, and when.
fn milestones<'a>(
    today: NaiveDate,
    milestones: impl Iterator<Item = &'a Milestone>,
    page: &mut Page,
) {
    let mut milestones = milestones.peekable();
    if milestones.peek().is_none() {
        return;
    }
    page.heading("Milestones");
    for m in milestones {
        let day = |d: NaiveDate| match d.year() == today.year() {
            true => d.format("%-d %b").to_string(),
            false => d.format("%-d %b %Y").to_string(),
        };
        let (mark, when) = match m.state_on(today) {
            MilestoneState::Done => ("✓", format!("  done {}", day(m.done.unwrap_or(m.due)))),
            MilestoneState::Overdue => ("!", format!("  overdue since {}", day(m.due))),
            MilestoneState::DueSoon => ("·", format!("  due {}", m.due.format("%a %-d %b"))),
            MilestoneState::Open => ("·", format!("  due {}", day(m.due))),
        };
        page.link(
            Kind::Milestone,
            &m.id,
            &format!("  {mark} "),
            &m.title,
            &when,
        );
    }
}

/// How the selected record's details lie in their pane: what scrolling
/// and the link cursor need to stay on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailsView {
    /// Screen rows the whole page takes once wrapped.
    pub rows: usize,
    /// Rows the pane shows at once.
    pub height: usize,
    /// The row each link is on, in the order of `App::links`.
    pub link_rows: Vec<usize>,
    /// The row of the note in `App::anchor`, if it is on this page.
    pub anchor_row: Option<usize>,
}

impl DetailsView {
    /// The furthest the page scrolls: its last row at the pane's bottom.
    pub fn max_scroll(&self) -> usize {
        self.rows.saturating_sub(self.height)
    }

    /// Whether `row` is on screen when the page is scrolled by `scroll`.
    pub fn shows(&self, row: usize, scroll: usize) -> bool {
        row >= scroll && row < scroll + self.height
    }
}

/// The details page's layout in `area`, as `render` would draw it.
pub fn view(state: &App, area: Rect) -> Option<DetailsView> {
    let (_, page) = build(state, Theme::new(false))?;
    let inner = Block::bordered().inner(area);
    let starts = row_starts(&page.lines, inner.width);
    let row_of = |line: usize| starts.get(line).copied().unwrap_or(0);
    let anchor_row = state
        .anchor
        .as_ref()
        .and_then(|id| page.anchors.iter().find(|(a, _)| a == id))
        .map(|(_, line)| row_of(*line));
    Some(DetailsView {
        rows: starts.last().copied().unwrap_or(0),
        height: usize::from(inner.height),
        link_rows: page.link_lines.iter().map(|line| row_of(*line)).collect(),
        anchor_row,
    })
}

/// The screen row each line starts on once wrapped to `width`, and last
/// the rows all of them take.
fn row_starts(lines: &[Line], width: u16) -> Vec<usize> {
    let mut starts = Vec::with_capacity(lines.len() + 1);
    let mut row = 0;
    for line in lines {
        starts.push(row);
        // Lines wrap on their own, so each can be measured alone; a
        // borrowed copy, since a page is measured on every frame.
        let borrowed: Vec<Span> = line
            .spans
            .iter()
            .map(|span| Span::styled(span.content.as_ref(), span.style))
            .collect();
        row += Paragraph::new(Line::from(borrowed))
            .wrap(Wrap { trim: false })
            .line_count(width)
            .max(1);
    }
    starts.push(row);
    starts
}

/// The page of the selected record and its title.
fn build(state: &App, theme: Theme) -> Option<(String, Page)> {
    let data = state.data();
    let i = state.selected_index()?;
    let links = state.links();
    let focused = state.focus == Focus::Details;
    let mut page = Page {
        lines: Vec::new(),
        theme,
        links,
        cursor: focused.then_some(state.link),
        anchors: Vec::new(),
        link_lines: Vec::new(),
    };
    let p = &data.portfolio;
    let title = match state.tab {
        Tab::Home | Tab::Calls => return None,
        Tab::Startups => startup(state, &p.startups[i], &mut page),
        Tab::Cohorts => cohort(state, &p.cohorts[i], &mut page),
        Tab::Mentors => mentor(state, &p.mentors[i], &mut page),
        Tab::DemoDays => demo_day(state, &p.demo_days[i], &mut page),
    };
    Some((title, page))
}

pub fn render(state: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some((title, page)) = build(state, theme) else {
        let block = Block::bordered().border_style(theme.border());
        frame.render_widget(
            Paragraph::new(Span::styled("Nothing selected.", theme.dim())).block(block),
            area,
        );
        return;
    };
    let focused = state.focus == Focus::Details;
    let hint = if focused && !page.links.is_empty() {
        let keys = &state.keymap;
        format!(
            " {}{} links · {} follows · {} back ",
            keys.hint(Action::Up),
            keys.hint(Action::Down),
            keys.hint(Action::Open),
            keys.hint(Action::Back)
        )
    } else {
        String::new()
    };
    let inner_width = usize::from(area.width.saturating_sub(4));
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", cut(&safe(&title), inner_width)),
            theme.title(),
        ))
        .title_bottom(Line::from(Span::styled(hint, theme.dim())).right_aligned())
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.border()
        });
    let inner = block.inner(area);
    let starts = row_starts(&page.lines, inner.width);
    let rows = starts.last().copied().unwrap_or(0);
    // The session keeps the scroll on the page; this only guards a page
    // that shrank since (a record changed under it).
    let scroll =
        usize::from(state.details_scroll).min(rows.saturating_sub(usize::from(inner.height)));
    // Only the lines on screen are wrapped again to be drawn: from the one
    // the scroll falls in, to the first below the pane.
    let first = starts
        .partition_point(|&row| row <= scroll)
        .saturating_sub(1);
    let end = starts.partition_point(|&row| row < scroll + usize::from(inner.height));
    let within = u16::try_from(scroll - starts.get(first).copied().unwrap_or(0)).unwrap_or(0);
    let mut lines = page.lines;
    lines.truncate(end.min(lines.len()));
    lines.drain(..first.min(lines.len()));
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((within, 0));
    frame.render_widget(paragraph, area);
}

fn startup(state: &App, s: &Startup, page: &mut Page) -> String {
    let data = state.data();
    page.field("One-liner", s.one_liner.clone());
    page.field("Stage", s.stage.as_str());
    page.field("Status", s.status.as_str());
    page.field("Sector", s.sector.clone());
    page.field("Tags", s.tags.join(", "));
    page.field("Website", s.website.clone());
    match &s.cohort {
        Some(id) => {
            let name = data.cohort_name(Some(id)).to_string();
            page.link(
                Kind::Cohort,
                id,
                &format!("{:<LABEL$}", "Cohort"),
                &name,
                "",
            );
        }
        None => page.field("Cohort", "none yet"),
    }
    if !s.founders.is_empty() {
        page.heading("Founders");
        for f in &s.founders {
            let mut text = safe(&f.name);
            if !f.role.is_empty() {
                text.push_str(&format!(", {}", safe(&f.role)));
            }
            if !f.email.is_empty() {
                text.push_str(&format!(" <{}>", safe(&f.email)));
            }
            page.lines.push(Line::from(format!("  {text}")));
        }
    }
    if !s.mentors.is_empty() {
        page.heading("Mentors");
        for id in &s.mentors {
            match data.mentor(id) {
                Some(m) => {
                    let load = data.mentor_load(m);
                    page.link(Kind::Mentor, id, "  ", &m.name, &format!("  {load}"));
                }
                None => page
                    .lines
                    .push(Line::from(format!("  {} (missing)", safe(id)))),
            }
        }
    }
    milestones(state.today, data.milestones_of(&s.id), page);
    if let (Some(first), Some(last)) = (s.kpis.first(), s.kpis.last()) {
        page.heading("KPIs");
        let revenue: Vec<f64> = s.kpis.iter().map(|k| k.revenue).collect();
        let customers: Vec<f64> = s.kpis.iter().map(|k| k.customers as f64).collect();
        let theme = page.theme;
        page.lines.push(Line::from(vec![
            Span::styled(format!("{:<LABEL$}", "Revenue"), theme.label()),
            Span::styled(sparkline(&revenue), theme.good()),
            Span::raw(format!(
                "  {} → {}",
                money(first.revenue),
                money(last.revenue)
            )),
        ]));
        page.lines.push(Line::from(vec![
            Span::styled(format!("{:<LABEL$}", "Customers"), theme.label()),
            Span::styled(sparkline(&customers), theme.good()),
            Span::raw(format!("  {} → {}", first.customers, last.customers)),
        ]));
        page.field("Employees", last.employees.to_string());
        page.field("Funding", money(last.funding_raised));
        page.field("As of", last.date.to_string());
    }
    if crate::app::form::shows_outcome(s) {
        outcome_section(state, s, page);
    }
    let sessions = crate::app::hours::sessions_of(&data.portfolio, &s.id, state.today);
    office_hours(state, "Office hours", &sessions, false, page);
    timeline(state, s, page);
    s.name.clone()
}

/// What became of the company after the program, the rounds it raised
/// and their total, and a line that opens the form at the outcome.
fn outcome_section(state: &App, s: &Startup, page: &mut Page) {
    page.heading("Outcome");
    let Some(outcome) = &s.outcome else {
        page.field("Company", "not recorded yet");
        outcome_link(state, s, "Record the outcome", page);
        return;
    };
    let when = outcome
        .date
        .map(|d| format!(" on {}", d.format("%-d %b %Y")))
        .unwrap_or_default();
    page.field("Company", format!("{}{when}", outcome.status));
    if !outcome.rounds.is_empty() {
        page.field(
            "Raised",
            format!(
                "{} in {} after the program",
                money(outcome.raised()),
                crate::text::counted(outcome.rounds.len(), "round")
            ),
        );
    }
    for round in &outcome.rounds {
        let investors = match round.investors.is_empty() {
            true => String::new(),
            false => format!(" · {}", round.investors.join(", ")),
        };
        page.lines.push(Line::from(format!(
            "  {}  {} {}{}",
            round.date.format("%-d %b %Y"),
            safe(&round.kind),
            money(round.amount),
            safe(&investors)
        )));
    }
    outcome_link(state, s, "Change the outcome or add a round", page);
}

/// The Outcome section's link: Enter (or `e`) on it opens the startup's
/// form at its outcome.
fn outcome_link(state: &App, s: &Startup, label: &str, page: &mut Page) {
    let keys = &state.keymap;
    let suffix = format!(
        "  {} or {}",
        keys.hint(Action::Open),
        keys.hint(Action::Edit)
    );
    page.link(Kind::Startup, &s.id, "  ", label, &suffix);
}

/// A startup's notes, newest first, and with the timeline on (`t`) the
/// changes to its record among them.
fn timeline(state: &App, s: &Startup, page: &mut Page) {
    let data = state.data();
    let notes: Vec<&Note> = data.notes_of(&s.id).collect();
    let read = state.histories.get(&(Kind::Startup, s.id.clone()));
    // Its notes' edits come with it: a note says when it was last edited.
    let edits: &[HistoryEntry] = read.map_or(&[], Vec::as_slice);
    let last_edit = |id: &str| {
        edits
            .iter()
            .rev()
            .find(|e| e.kind == Kind::Note && e.id == id)
    };
    let entries: &[HistoryEntry] = match read {
        Some(entries) if state.timeline => entries,
        _ => &[],
    };
    // The count comes from the store's summary, so it is right before
    // the notes themselves have loaded.
    let count = data.note_count(&s.id);
    let heading = if state.timeline {
        format!("Notes ({count}) and changes")
    } else {
        format!("Notes ({count})")
    };
    page.heading(&heading);
    if !data.notes_loaded() && count > 0 {
        page.lines.push(Line::from(Span::styled(
            "  Loading notes…",
            page.theme.dim(),
        )));
    } else if notes.is_empty() && entries.is_empty() {
        page.lines.push(Line::from(Span::styled(
            "  No notes yet. a adds one.",
            page.theme.dim(),
        )));
    }
    // Newest first: notes by their time, changes by theirs.
    let mut changes = entries.iter().rev().peekable();
    for note in notes {
        while let Some(entry) = changes.next_if(|e| e.at >= note.created_at) {
            history_line(page, entry, &data);
        }
        page.anchors.push((note.id.clone(), page.lines.len()));
        let anchored = state.anchor.as_deref() == Some(note.id.as_str());
        page.note_header(note, anchored, last_edit(&note.id));
        for line in lines(&note.body) {
            page.lines.push(Line::from(format!("  {line}")));
        }
        page.lines.push(Line::default());
    }
    for entry in changes {
        history_line(page, entry, &data);
    }
}

fn history_line(page: &mut Page, entry: &HistoryEntry, data: &Data) {
    let theme = page.theme;
    // A note's edit, in its startup's timeline.
    let what = match entry.kind {
        Kind::Note => note_edit(entry),
        _ => super::history::what(entry, data),
    };
    page.lines.push(Line::from(vec![
        Span::styled(
            format!("{} · ", super::history::when_who(entry)),
            theme.dim(),
        ),
        Span::styled(what, theme.dim()),
    ]));
}

/// A note's edit as its startup's timeline says it: which note (its
/// first line) and what changed (`edited note “Pricing review”: body`).
fn note_edit(entry: &HistoryEntry) -> String {
    let first_line = entry
        .after
        .as_ref()
        .and_then(|note| note.get("body"))
        .and_then(serde_json::Value::as_str)
        .and_then(|body| body.lines().next())
        .unwrap_or_default();
    let fields: Vec<String> = entry
        .changes()
        .iter()
        .map(|change| change.field.replace('_', " "))
        .collect();
    format!(
        "edited note “{}”: {}",
        cut(&safe(first_line), 30),
        fields.join(", ")
    )
}

/// The record's last changes, newest first, for kinds without notes.
fn history_section(state: &App, kind: Kind, id: &str, page: &mut Page) {
    const SHOWN: usize = 10;
    let Some(entries) = state.histories.get(&(kind, id.to_string())) else {
        return;
    };
    if entries.is_empty() {
        return;
    }
    page.heading(&format!("History ({})", entries.len()));
    let data = state.data();
    for entry in entries.iter().rev().take(SHOWN) {
        history_line(page, entry, &data);
    }
}

fn cohort(state: &App, c: &Cohort, page: &mut Page) -> String {
    let data = state.data();
    let p = &data.portfolio;
    page.field("Program", c.program.as_str());
    page.field("Dates", format!("{} – {}", c.start, c.end));
    page.field("Status", c.status_on(state.today).as_str());
    page.field(
        "Places",
        format!("{} of {} taken", data.enrolled(c), c.capacity),
    );
    if !c.description.is_empty() {
        page.heading("About");
        page.text(&c.description);
    }
    let startups: Vec<&Startup> = data.startups_of_cohort(&c.id).collect();
    page.heading(&format!("Startups ({})", startups.len()));
    for stage in Stage::ALL {
        let of_stage: Vec<&&Startup> = startups.iter().filter(|s| s.stage == *stage).collect();
        if of_stage.is_empty() {
            continue;
        }
        page.lines.push(Line::from(Span::styled(
            format!("  {stage} ({})", of_stage.len()),
            page.theme.label(),
        )));
        for s in of_stage {
            page.link(
                Kind::Startup,
                &s.id,
                "    ",
                &s.name,
                &format!("  {}", s.status),
            );
        }
    }
    let demo_days: Vec<&DemoDay> = p.demo_days.iter().filter(|d| d.cohort == c.id).collect();
    if !demo_days.is_empty() {
        page.heading("Demo days");
        for d in demo_days {
            let label = format!("{} at {}", d.at.format("%Y-%m-%d %H:%M"), safe(&d.venue));
            page.link(Kind::DemoDay, &d.id, "  ", &label, "");
        }
    }
    history_section(state, Kind::Cohort, &c.id, page);
    c.name.clone()
}

fn mentor(state: &App, m: &Mentor, page: &mut Page) -> String {
    let data = state.data();
    let load = data.mentor_load(m);
    page.field("Organization", m.organization.clone());
    page.field("Email", m.email.clone());
    page.field("Expertise", m.expertise.join(", "));
    page.field("Languages", m.languages.join(", "));
    let theme = page.theme;
    page.lines.push(Line::from(vec![
        Span::styled(format!("{:<LABEL$}", "Load"), theme.label()),
        Span::styled(
            load.to_string(),
            if load.over_capacity() {
                theme.warn()
            } else {
                Style::new()
            },
        ),
    ]));
    let startups: Vec<&Startup> = data.startups_of_mentor(&m.id).collect();
    page.heading(&format!("Startups ({})", startups.len()));
    for s in startups {
        page.link(
            Kind::Startup,
            &s.id,
            "  ",
            &s.name,
            &format!("  {} · {}", s.stage, s.status),
        );
    }
    let week = crate::app::hours::week_of(&data.portfolio, &m.id, state.today);
    let (monday, sunday) = crate::app::hours::week_around(state.today);
    let heading = format!(
        "This week, {} – {}",
        monday.format("%-d %b"),
        sunday.format("%-d %b")
    );
    office_hours(state, &heading, &week, true, page);
    history_section(state, Kind::Mentor, &m.id, page);
    m.name.clone()
}

/// A judged demo day's live ranking: as scores arrive from the judges'
/// sessions, the model changes and this is drawn again.
fn judging(state: &App, d: &DemoDay, data: &Data, page: &mut Page) {
    if d.criteria.is_empty() && d.judges.is_empty() {
        return;
    }
    let key = state.keymap.hint(Action::CloseJudging);
    page.heading(&match d.judging_closed {
        true => format!("Judging: closed ({key} reopens)"),
        false => format!("Judging: open ({key} closes)"),
    });
    let criteria: Vec<String> = d
        .criteria
        .iter()
        .map(|c| format!("{} ×{}", c.name, c.weight))
        .collect();
    page.field("Criteria", criteria.join(", "));
    page.field("Judges", d.judges.join(", "));
    let results = crate::judging::results(d, |id| data.startup(id).map(|s| s.name.as_str()));
    // The name takes what the pane leaves (as `Panes` splits it): a row
    // never wraps.
    let (columns, _) = state.size;
    let pane = match state.is_wide() {
        true => columns - columns * 55 / 100,
        false => columns,
    };
    let name = usize::from(pane.saturating_sub(2 + 27)).clamp(8, 24);
    page.lines.push(Line::from(Span::styled(
        format!(
            "  {:>2}  {} {:>5} {:>6}  Judges",
            "#",
            column("Startup", name),
            "Score",
            "Spread"
        ),
        page.theme.label(),
    )));
    let figure = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.2}"));
    for row in &results.rows {
        let rank = row.rank.map_or("–".to_string(), |r| r.to_string());
        page.lines.push(Line::from(format!(
            "  {rank:>2}  {} {:>5} {:>6}  {}/{}",
            column(&safe(&row.name), name),
            figure(row.score),
            figure(row.spread),
            row.scored(),
            results.judges.len()
        )));
    }
}

/// Office hours as links, a line each: day and time, then who (the
/// startup booked, for a mentor's week; the mentor, for a startup), the
/// topic and the place. A mentor's week says so when it has none.
fn office_hours(state: &App, heading: &str, slots: &[&OfficeHour], week: bool, page: &mut Page) {
    if slots.is_empty() && !week {
        return;
    }
    let data = state.data();
    page.heading(heading);
    if slots.is_empty() {
        let hint = format!(
            "  No office hours: {} adds a series",
            state.keymap.hint(Action::AddOfficeHours)
        );
        page.lines
            .push(Line::from(Span::styled(hint, page.theme.dim())));
        return;
    }
    for hour in slots {
        let prefix = format!("  {}  ", hour.starts_at.format("%a %-d %b %H:%M"));
        let who = match (week, &hour.startup) {
            (true, Some(id)) => data.startup(id).map_or(id.as_str(), |s| s.name.as_str()),
            (true, None) => "free",
            (false, _) => data
                .mentor(&hour.mentor)
                .map_or(hour.mentor.as_str(), |m| m.name.as_str()),
        };
        let mut suffix = String::new();
        if !hour.topic.trim().is_empty() {
            suffix.push_str(&format!(" — {}", hour.topic.trim()));
        }
        suffix.push_str(&format!("  {} min", hour.minutes));
        if !hour.place.trim().is_empty() {
            suffix.push_str(&format!(" · {}", hour.place.trim()));
        }
        page.link(Kind::OfficeHour, &hour.id, &prefix, who, &suffix);
    }
}

fn demo_day(state: &App, d: &DemoDay, page: &mut Page) -> String {
    let data = state.data();
    let cohort = data.cohort_name(Some(&d.cohort)).to_string();
    page.field("When", d.at.format("%A %-d %B %Y, %H:%M").to_string());
    page.field("Venue", d.venue.clone());
    page.link(
        Kind::Cohort,
        &d.cohort,
        &format!("{:<LABEL$}", "Cohort"),
        &cohort,
        "",
    );
    page.heading("Run of show");
    for slot in d.run_of_show() {
        let pitch = slot.pitch;
        let name = data
            .startup(&pitch.startup)
            .map_or(pitch.startup.as_str(), |s| s.name.as_str())
            .to_string();
        let prefix = format!("  {:>2}. {}  ", slot.order, slot.start.format("%H:%M"));
        page.link(
            Kind::Startup,
            &pitch.startup,
            &prefix,
            &name,
            &format!("  {} min", pitch.minutes),
        );
    }
    if !d.pitches.is_empty() {
        page.lines.push(Line::from(Span::styled(
            format!("      {}  end", d.pitches_end().format("%H:%M")),
            page.theme.dim(),
        )));
    }
    judging(state, d, &data, page);
    if !d.investors.is_empty() {
        page.heading("Investors");
        for investor in &d.investors {
            page.lines.push(Line::from(format!("  {}", safe(investor))));
        }
    }
    if !d.notes.is_empty() {
        page.heading("Notes");
        page.text(&d.notes);
    }
    history_section(state, Kind::DemoDay, &d.id, page);
    format!("Demo day {}", d.at.format("%Y-%m-%d"))
}
