//! Ordering a list by one of its columns.

use std::cmp::Ordering;

use super::state::{State, Tab};
use crate::model::natural_cmp;
use crate::search::fold;

/// Sort `rows` (record indices) of `tab` by its column `column`, ties by name.
pub fn sort_rows(state: &State, tab: Tab, column: usize, rows: &mut [usize]) {
    let data = &state.data;
    let p = &data.portfolio;
    let today = state.today;
    let by_name = |a: &str, b: &str| fold(a).cmp(&fold(b));
    match tab {
        Tab::Home => {}
        Tab::Startups => rows.sort_by(|&a, &b| {
            let (x, y) = (&p.startups[a], &p.startups[b]);
            let order = match column {
                1 => x.stage.cmp(&y.stage),
                2 => x.status.cmp(&y.status),
                3 => by_name(
                    data.cohort_name(x.cohort.as_deref()),
                    data.cohort_name(y.cohort.as_deref()),
                ),
                4 => x.mentors.len().cmp(&y.mentors.len()),
                // Longest silence first: those need attention.
                5 => days(data.days_since_note(&y.id, today))
                    .cmp(&days(data.days_since_note(&x.id, today))),
                _ => Ordering::Equal,
            };
            order.then_with(|| by_name(&x.name, &y.name))
        }),
        Tab::Cohorts => rows.sort_by(|&a, &b| {
            let (x, y) = (&p.cohorts[a], &p.cohorts[b]);
            let order = match column {
                1 => Ordering::Equal,
                2 => x.program.cmp(&y.program),
                3 => x.status_on(today).cmp(&y.status_on(today)),
                4 => x.enrolled(&p.startups).cmp(&y.enrolled(&p.startups)),
                _ => x.start.cmp(&y.start),
            };
            order.then_with(|| by_name(&x.name, &y.name))
        }),
        Tab::Mentors => rows.sort_by(|&a, &b| {
            let (x, y) = (&p.mentors[a], &p.mentors[b]);
            let order = match column {
                1 => by_name(&x.organization, &y.organization),
                2 => y.load(&p.startups).active.cmp(&x.load(&p.startups).active),
                _ => Ordering::Equal,
            };
            order.then_with(|| by_name(&x.name, &y.name))
        }),
        Tab::DemoDays => rows.sort_by(|&a, &b| {
            let (x, y) = (&p.demo_days[a], &p.demo_days[b]);
            let order = match column {
                1 => by_name(
                    data.cohort_name(Some(&x.cohort)),
                    data.cohort_name(Some(&y.cohort)),
                ),
                2 => by_name(&x.venue, &y.venue),
                3 => x.pitches.len().cmp(&y.pitches.len()),
                _ => x.at.cmp(&y.at),
            };
            order.then_with(|| natural_cmp(&x.id, &y.id))
        }),
    }
}

/// Never-noted startups sort as the longest silence.
fn days(days: Option<i64>) -> i64 {
    days.unwrap_or(i64::MAX)
}
