//! Ordering a list by one of its columns.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::data::Data;
use super::tab::{Column, Tab};
use crate::model::Kind;
use crate::text::fold;

/// What a row sorts by in one column: every row of a sort has the same
/// variant, so the derived order is the column's. Text is folded; names
/// come folded already from `Data`, so most keys borrow.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey<'a> {
    Number(i64),
    Text(Cow<'a, str>),
}

fn number(n: impl TryInto<i64>) -> SortKey<'static> {
    SortKey::Number(n.try_into().unwrap_or(i64::MAX))
}

fn text(s: &str) -> SortKey<'static> {
    SortKey::Text(Cow::Owned(fold(s)))
}

fn folded(s: &str) -> SortKey<'_> {
    SortKey::Text(Cow::Borrowed(s))
}

/// The kinds of records the order of `tab` sorted by `column` is worked
/// out from (see the keys in [`sort_rows`]): a write of any other kind
/// leaves it as it was. A note, the most written record, moves a row only
/// of startups sorted by their last note.
pub fn sorted_from(tab: Tab, column: Column) -> &'static [Kind] {
    use Column::*;
    match (tab, column) {
        (Tab::Home | Tab::Calls, _) => &[],
        (Tab::Startups, Cohort) => &[Kind::Startup, Kind::Cohort],
        (Tab::Startups, LastNote) => &[Kind::Startup, Kind::Note],
        (Tab::Startups, _) => &[Kind::Startup],
        (Tab::Cohorts, Enrolled) => &[Kind::Cohort, Kind::Startup],
        (Tab::Cohorts, _) => &[Kind::Cohort],
        (Tab::Mentors, Load) => &[Kind::Mentor, Kind::Startup],
        (Tab::Mentors, _) => &[Kind::Mentor],
        (Tab::DemoDays, Cohort) => &[Kind::DemoDay, Kind::Cohort],
        (Tab::DemoDays, _) => &[Kind::DemoDay],
    }
}

/// Sort `rows` (record indices) of `tab` by `column`, ties by
/// name and then by id. Each row's key is worked out once, not once per
/// comparison, so a 10,000-row list sorts in a few milliseconds.
pub fn sort_rows(data: &Data, today: NaiveDate, tab: Tab, column: Column, rows: &mut [usize]) {
    let p = &data.portfolio;
    // Cohort names folded once, not once a row, for the lists sorted by them.
    let cohort_names: HashMap<&str, String> = match (tab, column) {
        (Tab::Startups | Tab::DemoDays, Column::Cohort) => p
            .cohorts
            .iter()
            .map(|c| (c.id.as_str(), fold(&c.name)))
            .collect(),
        _ => HashMap::new(),
    };
    let cohort = |id: Option<&str>| match id.and_then(|id| cohort_names.get(id)) {
        Some(name) => folded(name),
        None => text(data.cohort_name(None)),
    };
    // The record's position is its natural id order, the last tie-break.
    let key = |i: usize| -> (SortKey, SortKey, usize) {
        match tab {
            Tab::Home | Tab::Calls => (SortKey::Number(0), SortKey::Number(0), i),
            Tab::Startups => {
                let s = &p.startups[i];
                let primary = match column {
                    Column::Stage => number(s.stage as i64),
                    Column::Status => number(s.status as i64),
                    Column::Cohort => cohort(s.cohort.as_deref()),
                    Column::Mentors => number(s.mentors.len()),
                    // Longest silence first, never-noted before all: those
                    // need attention.
                    Column::LastNote => {
                        number(-data.days_since_note(&s.id, today).unwrap_or(i64::MAX))
                    }
                    // Soonest due first, overdue before all; none last.
                    Column::NextMilestone => data
                        .next_milestone(&s.id, today)
                        .0
                        .map_or(SortKey::Number(i64::MAX), |m| {
                            number(m.due.num_days_from_ce())
                        }),
                    _ => SortKey::Number(0),
                };
                (primary, folded(data.folded_name(i)), i)
            }
            Tab::Cohorts => {
                let c = &p.cohorts[i];
                let primary = match column {
                    Column::Name => SortKey::Number(0),
                    Column::Program => number(c.program as i64),
                    Column::Status => number(c.status_on(today) as i64),
                    Column::Enrolled => number(data.enrolled(c)),
                    _ => number(c.start.num_days_from_ce()),
                };
                (primary, text(&c.name), i)
            }
            Tab::Mentors => {
                let m = &p.mentors[i];
                let primary = match column {
                    Column::Organization => text(&m.organization),
                    // Busiest first.
                    Column::Load => number(-i64::try_from(data.mentor_load(m).active).unwrap_or(0)),
                    _ => SortKey::Number(0),
                };
                (primary, text(&m.name), i)
            }
            Tab::DemoDays => {
                let d = &p.demo_days[i];
                let primary = match column {
                    Column::Cohort => cohort(Some(&d.cohort)),
                    Column::Venue => text(&d.venue),
                    Column::Pitches => number(d.pitches.len()),
                    _ => number(d.at.timestamp()),
                };
                (primary, SortKey::Number(0), i)
            }
        }
    };
    rows.sort_by_cached_key(|&i| key(i));
}
