//! The Home tab: what needs attention, as items Enter jumps to.

use chrono::{Months, NaiveDate};

use super::data::Data;
use crate::attention::attention_with;
use crate::model::{Kind, Milestone, MilestoneState, Startup, Status};

/// Which of Home's lists an item is in: most are a kind's (Enter goes to
/// a record of that kind), and graduates due an update are startups of a
/// list of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Of(Kind),
    /// Graduated startups with no KPI snapshot for [`UPDATE_MONTHS`].
    Alumni,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeItem {
    pub kind: Kind,
    /// The list it is in, folded into one row as a whole when long.
    pub section: Section,
    pub id: String,
    /// What it is: a name, or a demo day's date and venue.
    pub label: String,
    /// Why it needs attention.
    pub reason: String,
    /// Demo days soon and overloads are urgent; quiet startups are not.
    pub urgent: bool,
    /// On a row that stands for a whole group of items of `kind` (a long
    /// list folded into one line): how many. Enter opens or folds it.
    pub group: Option<usize>,
    /// Whether the row is one of an opened group's items.
    pub in_group: bool,
}

/// A kind's items on Home are folded into one line from this many on, so
/// that a large portfolio's Home reads at a glance on 80×24.
pub const GROUP_FROM: usize = 6;

/// What a group of `n` items of `section` is called: "38 mentors over
/// capacity".
fn group_label(section: Section, n: usize) -> String {
    let thousands = |n: usize| {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    let n = thousands(n);
    let kind = match section {
        Section::Of(kind) => kind,
        Section::Alumni => return format!("{n} alumni to ask for an update"),
    };
    match kind {
        Kind::DemoDay => format!("{n} demo days in the next 30 days"),
        Kind::Mentor => format!("{n} mentors over capacity"),
        Kind::Cohort => format!("{n} cohorts full or nearly"),
        Kind::Startup => format!(
            "{n} active startups with no note for {} days",
            crate::attention::QUIET_DAYS
        ),
        Kind::Note => format!("{n} notes"),
        Kind::Call => format!("{n} calls open"),
        Kind::Application => format!("{n} applications"),
        Kind::Review => format!("{n} reviewers behind"),
        Kind::Milestone => format!("{n} milestones overdue or due this week"),
        Kind::OfficeHour => format!("{n} office hours today and tomorrow"),
    }
}

/// A call closing within this many days is urgent, and its reviewers
/// with reviews to do are behind.
pub const CLOSING_DAYS: i64 = 14;

/// Open calls, closing soonest first: how long is left and what is in.
fn calls_open(data: &Data, today: NaiveDate) -> Vec<HomeItem> {
    let p = &data.portfolio;
    let mut open: Vec<_> = p.calls.iter().filter(|c| c.is_open_on(today)).collect();
    open.sort_by_key(|c| c.closes);
    open.into_iter()
        .map(|c| {
            let left = (c.closes - today).num_days();
            let applications = p.applications.iter().filter(|a| a.call == c.id).count();
            let when = match left {
                0 => "closes today".to_string(),
                1 => "closes tomorrow".to_string(),
                n => format!("closes in {n} days"),
            };
            HomeItem {
                kind: Kind::Call,
                section: Section::Of(Kind::Call),
                id: c.id.clone(),
                label: c.name.clone(),
                reason: format!(
                    "{when}, {}",
                    crate::text::counted(applications, "application")
                ),
                urgent: left <= CLOSING_DAYS,
                group: None,
                in_group: false,
            }
        })
        .collect()
}

/// Reviewers with reviews still to do for a call that closes within
/// [`CLOSING_DAYS`] or has closed. A row carries the call's id: Enter
/// shows the call.
fn reviewers_behind(data: &Data, today: NaiveDate) -> Vec<HomeItem> {
    let p = &data.portfolio;
    let mut items = Vec::new();
    for call in &p.calls {
        if (call.closes - today).num_days() > CLOSING_DAYS || call.opens > today {
            continue;
        }
        for (mentor, n) in p.reviews_to_do(|c| c == call.id) {
            items.push(HomeItem {
                kind: Kind::Review,
                section: Section::Of(Kind::Review),
                id: call.id.clone(),
                label: p
                    .name_of(Kind::Mentor, mentor)
                    .unwrap_or(mentor)
                    .to_string(),
                reason: format!(
                    "{} to do for {}, due {}",
                    crate::text::counted(n, "review"),
                    call.name,
                    call.closes.format("%-d %b")
                ),
                urgent: true,
                group: None,
                in_group: false,
            });
        }
    }
    items
}

/// Today's and tomorrow's office hours, soonest first: "Today 10:00 ·
/// Aysel Hüseynova", with whom and where. Enter shows the mentor.
fn office_hours(data: &Data, today: NaiveDate) -> Vec<HomeItem> {
    let p = &data.portfolio;
    super::hours::slots::today_and_tomorrow(p, today)
        .into_iter()
        .map(|hour| {
            let day = match hour.starts_at.date_naive() == today {
                true => "Today",
                false => "Tomorrow",
            };
            let mentor = p
                .name_of(Kind::Mentor, &hour.mentor)
                .unwrap_or(&hour.mentor);
            let mut reason = match &hour.startup {
                Some(s) => format!("with {}", p.name_of(Kind::Startup, s).unwrap_or(s)),
                None => "free".to_string(),
            };
            if !hour.topic.trim().is_empty() {
                reason.push_str(&format!(" — {}", hour.topic.trim()));
            }
            if !hour.place.trim().is_empty() {
                reason.push_str(&format!(" · {}", hour.place.trim()));
            }
            HomeItem {
                kind: Kind::OfficeHour,
                section: Section::Of(Kind::OfficeHour),
                id: hour.id.clone(),
                label: format!("{day} {} · {mentor}", hour.starts_at.format("%H:%M")),
                reason,
                urgent: false,
                group: None,
                in_group: false,
            }
        })
        .collect()
}

/// Milestones overdue (longest overdue first, urgent), then those due in
/// the coming week. A row carries the milestone's id: Enter shows its
/// startup. Unless `opened`, many are one counted row made here, so a
/// large portfolio's tens of thousands are counted, not each worded.
fn milestones_due(data: &Data, today: NaiveDate, opened: bool) -> Vec<HomeItem> {
    let p = &data.portfolio;
    let mut due: Vec<(&Milestone, MilestoneState)> = p
        .milestones
        .iter()
        .map(|m| (m, m.state_on(today)))
        .filter(|(_, state)| matches!(state, MilestoneState::Overdue | MilestoneState::DueSoon))
        .collect();
    if !opened && due.len() >= GROUP_FROM {
        let urgent = due.iter().any(|(_, s)| *s == MilestoneState::Overdue);
        return vec![group_row(
            Section::Of(Kind::Milestone),
            due.len(),
            urgent,
            false,
        )];
    }
    due.sort_by(|(a, sa), (b, sb)| {
        sb.cmp(sa)
            .then(a.due.cmp(&b.due))
            .then(a.title.cmp(&b.title))
    });
    due.into_iter()
        .map(|(m, state)| {
            let startup = data
                .startup(&m.startup)
                .map_or(m.startup.as_str(), |s| s.name.as_str());
            let overdue = state == MilestoneState::Overdue;
            let reason = match (today - m.due).num_days() {
                0 => "due today".to_string(),
                -1 => "due tomorrow".to_string(),
                _ if overdue => format!("overdue since {}", m.due.format("%-d %b")),
                _ => format!("due {}", m.due.format("%a %-d %b")),
            };
            HomeItem {
                kind: Kind::Milestone,
                section: Section::Of(Kind::Milestone),
                id: m.id.clone(),
                label: format!("{startup}: {}", m.title),
                reason,
                urgent: overdue,
                group: None,
                in_group: false,
            }
        })
        .collect()
}

/// The row that stands for `n` items of `section`, `open` or folded.
fn group_row(section: Section, n: usize, urgent: bool, open: bool) -> HomeItem {
    let hint = if open {
        "Enter folds them"
    } else {
        "Enter lists them"
    };
    let kind = match section {
        Section::Of(kind) => kind,
        Section::Alumni => Kind::Startup,
    };
    HomeItem {
        kind,
        section,
        id: String::new(),
        label: group_label(section, n),
        reason: hint.to_string(),
        urgent,
        group: Some(n),
        in_group: false,
    }
}

/// Home's rows: `items` as [`home_items`] lists them, each section with
/// [`GROUP_FROM`] items or more folded into one row that counts them,
/// unless that section is in `opened` (then the row is followed by them).
pub fn home_rows(items: Vec<HomeItem>, opened: &[Section]) -> Vec<HomeItem> {
    let mut rows = Vec::new();
    let mut items = items.into_iter().peekable();
    while let Some(first) = items.next() {
        let section = first.section;
        let mut run = vec![first];
        while let Some(next) = items.next_if(|i| i.section == section) {
            run.push(next);
        }
        if run.len() < GROUP_FROM {
            rows.extend(run);
            continue;
        }
        let open = opened.contains(&section);
        let urgent = run.iter().any(|i| i.urgent);
        rows.push(group_row(section, run.len(), urgent, open));
        if open {
            rows.extend(run.into_iter().map(|i| HomeItem {
                in_group: true,
                ..i
            }));
        }
    }
    rows
}

/// What needs attention on `today`, in the order Home lists it; the kinds
/// in `opened` are listed whole even when many.
pub fn home_items(data: &Data, today: NaiveDate, opened: &[Section]) -> Vec<HomeItem> {
    // The notes' days from `Data`, which knows them before the notes
    // themselves are loaded.
    let a = attention_with(&data.portfolio, today, |at, _| data.last_note_day_at(at));
    let mut items = Vec::new();
    for (d, days) in &a.upcoming_demo_days {
        let when = match days {
            0 => "today".to_string(),
            1 => "tomorrow".to_string(),
            n => format!("in {n} days"),
        };
        items.push(HomeItem {
            kind: Kind::DemoDay,
            section: Section::Of(Kind::DemoDay),
            id: d.id.clone(),
            label: format!("Demo day {}", d.at.format("%a %-d %b %H:%M")),
            reason: format!("{when}, {} pitches", d.pitches.len()),
            urgent: *days <= 7,
            group: None,
            in_group: false,
        });
    }
    items.extend(office_hours(data, today));
    for (m, load) in &a.overloaded_mentors {
        items.push(HomeItem {
            kind: Kind::Mentor,
            section: Section::Of(Kind::Mentor),
            id: m.id.clone(),
            label: m.name.clone(),
            reason: format!(
                "over capacity: {} active startups, takes {}",
                load.active, load.capacity
            ),
            urgent: true,
            group: None,
            in_group: false,
        });
    }
    for (c, enrolled) in &a.full_cohorts {
        items.push(HomeItem {
            kind: Kind::Cohort,
            section: Section::Of(Kind::Cohort),
            id: c.id.clone(),
            label: c.name.clone(),
            reason: format!("{enrolled} of {} places taken", c.capacity),
            urgent: *enrolled > c.capacity as usize,
            group: None,
            in_group: false,
        });
    }
    items.extend(calls_open(data, today));
    items.extend(reviewers_behind(data, today));
    items.extend(milestones_due(
        data,
        today,
        opened.contains(&Section::Of(Kind::Milestone)),
    ));
    for (s, days) in &a.quiet_startups {
        items.push(HomeItem {
            kind: Kind::Startup,
            section: Section::Of(Kind::Startup),
            id: s.id.clone(),
            label: s.name.clone(),
            reason: days.map_or("no notes yet".to_string(), |d| {
                format!("no note for {d} days")
            }),
            urgent: false,
            group: None,
            in_group: false,
        });
    }
    items.extend(alumni_to_ask(&data.portfolio.startups, today));
    items
}

/// A graduate with no KPI snapshot for this many months is asked for an
/// update.
pub const UPDATE_MONTHS: u32 = 12;

/// Graduated startups with no KPI snapshot in the [`UPDATE_MONTHS`]
/// before `today`, the longest silent first (none ever, then the oldest
/// last snapshot). Enter shows the startup.
fn alumni_to_ask(startups: &[Startup], today: NaiveDate) -> Vec<HomeItem> {
    let since = today
        .checked_sub_months(Months::new(UPDATE_MONTHS))
        .unwrap_or(NaiveDate::MIN);
    let mut due: Vec<(&Startup, Option<NaiveDate>)> = startups
        .iter()
        .filter(|s| s.status == Status::Graduated)
        .map(|s| (s, s.kpis.iter().map(|k| k.date).max()))
        .filter(|(_, last)| last.is_none_or(|day| day < since))
        .collect();
    due.sort_by(|(a, a_last), (b, b_last)| a_last.cmp(b_last).then(a.name.cmp(&b.name)));
    due.into_iter()
        .map(|(s, last)| HomeItem {
            kind: Kind::Startup,
            section: Section::Alumni,
            id: s.id.clone(),
            label: s.name.clone(),
            reason: last.map_or("graduated, no KPIs yet".to_string(), |day| {
                format!("graduated, last KPIs {}", day.format("%-d %b %Y"))
            }),
            urgent: false,
            group: None,
            in_group: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kpi, Portfolio, testing};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    /// A startup of `status` named `name` with a KPI snapshot on each day.
    fn startup(id: &str, name: &str, status: Status, kpi_days: &[&str]) -> Startup {
        let mut s = testing::startup(id);
        s.name = name.into();
        s.status = status;
        s.kpis = kpi_days
            .iter()
            .map(|day| Kpi {
                date: day.parse().unwrap(),
                revenue: 0.0,
                customers: 0,
                employees: 1,
                funding_raised: 0.0,
            })
            .collect();
        s
    }

    fn data(startups: Vec<Startup>) -> Data {
        Data::from_portfolio(Portfolio {
            startups,
            ..Portfolio::default()
        })
    }

    /// Home's alumni rows: (name, why).
    fn alumni(data: &Data, opened: &[Section]) -> Vec<(String, String)> {
        home_rows(home_items(data, today(), opened), opened)
            .into_iter()
            .filter(|i| i.section == Section::Alumni)
            .map(|i| (i.label, i.reason))
            .collect()
    }

    #[test]
    fn graduates_silent_for_twelve_months_are_listed_longest_silent_first() {
        let g = Status::Graduated;
        let data = data(vec![
            startup("s1", "Thirteen months", g, &["2025-10-28"]),
            startup("s2", "Eleven months", g, &["2025-12-28"]),
            startup("s3", "Not a graduate", Status::Active, &["2024-01-01"]),
            startup("s4", "Never reported", g, &[]),
            startup("s5", "Reported again", g, &["2024-05-01", "2026-01-01"]),
            startup("s6", "Twelve months to the day", g, &["2025-11-28"]),
            startup("s7", "Two years", g, &["2024-06-01", "2024-11-30"]),
            startup("s8", "Dropped", Status::Dropped, &[]),
        ]);
        assert_eq!(
            alumni(&data, &[]),
            [
                ("Never reported".into(), "graduated, no KPIs yet".into()),
                (
                    "Two years".into(),
                    "graduated, last KPIs 30 Nov 2024".into()
                ),
                (
                    "Thirteen months".into(),
                    "graduated, last KPIs 28 Oct 2025".into()
                ),
            ]
        );
    }

    #[test]
    fn many_alumni_are_one_counted_row_of_their_own_until_opened() {
        let mut startups: Vec<Startup> = (1..=7)
            .map(|i| {
                let day = format!("2024-0{i}-01");
                startup(
                    &format!("g{i}"),
                    &format!("Graduate {i}"),
                    Status::Graduated,
                    &[&day],
                )
            })
            .collect();
        // Quiet active startups are a group of their own beside them.
        startups.extend((1..=6).map(|i| {
            let mut s = startup(
                &format!("a{i}"),
                &format!("Active {i}"),
                Status::Active,
                &[],
            );
            s.cohort = None;
            s
        }));
        let data = data(startups);
        let rows = home_rows(home_items(&data, today(), &[]), &[]);
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "6 active startups with no note for 30 days",
                "7 alumni to ask for an update"
            ]
        );
        assert_eq!(rows[1].group, Some(7));
        let opened = alumni(&data, &[Section::Alumni]);
        assert_eq!(opened.len(), 8, "the row and its seven: {opened:?}");
        assert_eq!(opened[1].0, "Graduate 1", "the oldest snapshot first");
        assert_eq!(opened[7].0, "Graduate 7");
    }
}
