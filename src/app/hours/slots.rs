//! Which office hours a screen shows: a mentor's week, a startup's
//! sessions, Home's today and tomorrow. Functions of the portfolio, not of
//! a session.

use chrono::{Datelike, Days, NaiveDate};

use crate::model::{OfficeHour, Portfolio};

/// The Monday of `today`'s week and the Sunday after it.
pub fn week_around(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    (monday, monday + Days::new(6))
}

/// A mentor's slots this week (Monday to Sunday, by each slot's own
/// day), soonest first: what their details show.
pub fn week_of<'a>(
    portfolio: &'a Portfolio,
    mentor: &str,
    today: NaiveDate,
) -> Vec<&'a OfficeHour> {
    let (monday, sunday) = week_around(today);
    let mut slots: Vec<&OfficeHour> = portfolio
        .office_hours
        .iter()
        .filter(|h| h.mentor == mentor)
        .filter(|h| (monday..=sunday).contains(&h.starts_at.date_naive()))
        .collect();
    slots.sort_by(|a, b| (a.starts_at, &a.id).cmp(&(b.starts_at, &b.id)));
    slots
}

/// How many of a startup's past sessions its details show.
pub const PAST_SESSIONS: usize = 3;

/// A startup's booked slots that its details show, soonest first: the
/// last [`PAST_SESSIONS`] before today and all from today on.
pub fn sessions_of<'a>(
    portfolio: &'a Portfolio,
    startup: &str,
    today: NaiveDate,
) -> Vec<&'a OfficeHour> {
    let mut booked: Vec<&OfficeHour> = portfolio
        .office_hours
        .iter()
        .filter(|h| h.startup.as_deref() == Some(startup))
        .collect();
    booked.sort_by(|a, b| (a.starts_at, &a.id).cmp(&(b.starts_at, &b.id)));
    let past = booked
        .iter()
        .take_while(|h| h.starts_at.date_naive() < today)
        .count();
    booked.split_off(past.saturating_sub(PAST_SESSIONS))
}

/// Today's and tomorrow's office hours, soonest first, for Home.
pub fn today_and_tomorrow(portfolio: &Portfolio, today: NaiveDate) -> Vec<&OfficeHour> {
    let tomorrow = today + Days::new(1);
    let mut slots: Vec<&OfficeHour> = portfolio
        .office_hours
        .iter()
        .filter(|h| (today..=tomorrow).contains(&h.starts_at.date_naive()))
        .collect();
    slots.sort_by(|a, b| (a.starts_at, &a.id).cmp(&(b.starts_at, &b.id)));
    slots
}
