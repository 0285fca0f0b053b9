//! Ordering a list by one of its columns.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::data::Data;
use super::tab::Tab;
use crate::model::Kind;
use crate::search::fold;

/// What a row sorts by in one column: every row of a sort has the same
/// variant, so the derived order is the column's. Text is folded; names
/// come folded already from `Data`, so most keys borrow.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    Number(i64),
    Text(Cow<'a, str>),
}

fn number(n: impl TryInto<i64>) -> Key<'static> {
    Key::Number(n.try_into().unwrap_or(i64::MAX))
}

fn text(s: &str) -> Key<'static> {
    Key::Text(Cow::Owned(fold(s)))
}

fn folded(s: &str) -> Key<'_> {
    Key::Text(Cow::Borrowed(s))
}

/// The kinds of records the order of `tab` sorted by `column` is worked
/// out from (see the keys in [`sort_rows`]): a write of any other kind
/// leaves it as it was. A note, the most written record, moves a row only
/// of startups sorted by their last note.
pub fn sorted_from(tab: Tab, column: usize) -> &'static [Kind] {
    match (tab, column) {
        (Tab::Home, _) => &[],
        (Tab::Startups, 3) => &[Kind::Startup, Kind::Cohort],
        (Tab::Startups, 5) => &[Kind::Startup, Kind::Note],
        (Tab::Startups, _) => &[Kind::Startup],
        (Tab::Cohorts, 4) => &[Kind::Cohort, Kind::Startup],
        (Tab::Cohorts, _) => &[Kind::Cohort],
        (Tab::Mentors, 2) => &[Kind::Mentor, Kind::Startup],
        (Tab::Mentors, _) => &[Kind::Mentor],
        (Tab::DemoDays, 1) => &[Kind::DemoDay, Kind::Cohort],
        (Tab::DemoDays, _) => &[Kind::DemoDay],
    }
}

/// Sort `rows` (record indices) of `tab` by its column `column`, ties by
/// name and then by id. Each row's key is worked out once, not once per
/// comparison, so a 10,000-row list sorts in a few milliseconds.
pub fn sort_rows(data: &Data, today: NaiveDate, tab: Tab, column: usize, rows: &mut [usize]) {
    let p = &data.portfolio;
    // Cohort names folded once, not once a row, for the lists sorted by them.
    let cohort_names: HashMap<&str, String> = match (tab, column) {
        (Tab::Startups, 3) | (Tab::DemoDays, 1) => p
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
    let key = |i: usize| -> (Key, Key, usize) {
        match tab {
            Tab::Home => (Key::Number(0), Key::Number(0), i),
            Tab::Startups => {
                let s = &p.startups[i];
                let primary = match column {
                    1 => number(s.stage as i64),
                    2 => number(s.status as i64),
                    3 => cohort(s.cohort.as_deref()),
                    4 => number(s.mentors.len()),
                    // Longest silence first, never-noted before all: those
                    // need attention.
                    5 => number(-data.days_since_note(&s.id, today).unwrap_or(i64::MAX)),
                    _ => Key::Number(0),
                };
                (primary, folded(data.folded_name(i)), i)
            }
            Tab::Cohorts => {
                let c = &p.cohorts[i];
                let primary = match column {
                    1 => Key::Number(0),
                    2 => number(c.program as i64),
                    3 => number(c.status_on(today) as i64),
                    4 => number(data.enrolled(c)),
                    _ => number(c.start.num_days_from_ce()),
                };
                (primary, text(&c.name), i)
            }
            Tab::Mentors => {
                let m = &p.mentors[i];
                let primary = match column {
                    1 => text(&m.organization),
                    // Busiest first.
                    2 => number(-i64::try_from(data.mentor_load(m).active).unwrap_or(0)),
                    _ => Key::Number(0),
                };
                (primary, text(&m.name), i)
            }
            Tab::DemoDays => {
                let d = &p.demo_days[i];
                let primary = match column {
                    1 => cohort(Some(&d.cohort)),
                    2 => text(&d.venue),
                    3 => number(d.pitches.len()),
                    _ => number(d.at.timestamp()),
                };
                (primary, Key::Number(0), i)
            }
        }
    };
    rows.sort_by_cached_key(|&i| key(i));
}
