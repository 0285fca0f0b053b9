//! The events of a program's calendar, made from its records: office
//! hours, demo days, and each cohort's first and last day. Which are in
//! is a [`Filter`]: a mentor's own calendar has their free slots too;
//! everyone else's has booked ones only.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::{Event, When, uid};
use crate::model::{Cohort, DemoDay, Mentor, OfficeHour, Startup};

/// Which revision of its record an event is: when the record last
/// changed (its DTSTAMP) and its version in the store (its SEQUENCE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision {
    pub changed: DateTime<Utc>,
    /// The store's version: 1 for a record as made, one more each write.
    pub version: u64,
}

/// A record and its [`Revision`].
pub type Dated<T> = (T, Revision);

/// What a calendar is made from.
pub struct Program<'a> {
    pub cohorts: &'a [Dated<Cohort>],
    pub demo_days: &'a [Dated<DemoDay>],
    pub office_hours: &'a [Dated<OfficeHour>],
    /// For names, and which cohorts a mentor's startups are in.
    pub mentors: &'a [Mentor],
    pub startups: &'a [Startup],
}

/// Whose calendar: everything, a mentor's, a cohort's, or both at once.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter<'a> {
    /// A mentor id: their office hours, free ones too, and the dates of
    /// the cohorts their startups are in.
    pub mentor: Option<&'a str>,
    /// A cohort id: its dates, its demo days, and office hours booked by
    /// its startups.
    pub cohort: Option<&'a str>,
}

/// A demo day lasts its pitches' minutes, and at least this long.
const DEMO_DAY_MINUTES: i64 = 60;

/// The calendar's events, soonest first (then by UID: the same records
/// give the same order).
pub fn events(program: &Program, filter: Filter) -> Vec<Event> {
    let mentor_name: HashMap<&str, &str> = program
        .mentors
        .iter()
        .map(|m| (m.id.as_str(), m.name.as_str()))
        .collect();
    let startup_by_id: HashMap<&str, &Startup> = program
        .startups
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    // The cohorts in view: the one asked for, or a mentor's startups'.
    let cohort_in = |cohort: &str| {
        filter.cohort.is_none_or(|c| c == cohort)
            && filter.mentor.is_none_or(|m| {
                program.startups.iter().any(|s| {
                    s.cohort.as_deref() == Some(cohort) && s.mentors.iter().any(|x| x == m)
                })
            })
    };
    let mut events = Vec::new();
    for (cohort, revision) in program.cohorts {
        if cohort_in(&cohort.id) {
            events.extend(cohort_dates(cohort, *revision));
        }
    }
    for (day, revision) in program.demo_days {
        if !cohort_in(&day.cohort) {
            continue;
        }
        let cohort = program.cohorts.iter().find(|(c, _)| c.id == day.cohort);
        events.push(demo_day(
            day,
            cohort.map(|(c, _)| c.name.as_str()),
            &startup_by_id,
            *revision,
        ));
    }
    for (hour, revision) in program.office_hours {
        let startup = hour.startup.as_deref().and_then(|s| startup_by_id.get(s));
        let wanted = filter.mentor.is_none_or(|m| m == hour.mentor)
            && match (filter.cohort, startup) {
                (Some(cohort), Some(s)) => s.cohort.as_deref() == Some(cohort),
                (Some(_), None) => false,
                // Free slots belong to the mentor's own calendar.
                (None, _) => hour.startup.is_some() || filter.mentor.is_some(),
            };
        if wanted {
            let mentor = mentor_name
                .get(hour.mentor.as_str())
                .copied()
                .unwrap_or(&hour.mentor);
            events.push(office_hour(
                hour,
                mentor,
                startup.map(|s| s.name.as_str()),
                *revision,
            ));
        }
    }
    events.sort_by(|a, b| (a.when.sort_key(), &a.uid).cmp(&(b.when.sort_key(), &b.uid)));
    events
}

/// "Office hours: MENTOR with STARTUP — TOPIC", or "(free)".
fn office_hour(
    hour: &OfficeHour,
    mentor: &str,
    startup: Option<&str>,
    revision: Revision,
) -> Event {
    let summary = match (startup, hour.topic.trim()) {
        (Some(startup), "") => format!("Office hours: {mentor} with {startup}"),
        (Some(startup), topic) => format!("Office hours: {mentor} with {startup} — {topic}"),
        (None, _) => format!("Office hours: {mentor} (free)"),
    };
    Event {
        uid: uid("office-hour", &hour.id, None),
        stamp: revision.changed,
        sequence: revision.version.saturating_sub(1),
        when: When::Timed {
            start: hour.starts_at,
            end: hour.ends_at(),
        },
        summary,
        location: hour.place.clone(),
        description: String::new(),
    }
}

/// A demo day, its running order in the description.
fn demo_day(
    day: &DemoDay,
    cohort: Option<&str>,
    startups: &HashMap<&str, &Startup>,
    revision: Revision,
) -> Event {
    let minutes: i64 = day.pitches.iter().map(|p| i64::from(p.minutes)).sum();
    let running: Vec<&str> = day
        .pitches
        .iter()
        .map(|p| {
            startups
                .get(p.startup.as_str())
                .map_or(p.startup.as_str(), |s| s.name.as_str())
        })
        .collect();
    Event {
        uid: uid("demo-day", &day.id, None),
        stamp: revision.changed,
        sequence: revision.version.saturating_sub(1),
        when: When::Timed {
            start: day.at,
            end: day.at + Duration::minutes(minutes.max(DEMO_DAY_MINUTES)),
        },
        summary: match cohort {
            Some(cohort) => format!("Demo day: {cohort}"),
            None => "Demo day".into(),
        },
        location: day.venue.clone(),
        description: match running.is_empty() {
            true => String::new(),
            false => format!("Pitches: {}", running.join(", ")),
        },
    }
}

/// A cohort's first and last day, all-day events.
fn cohort_dates(cohort: &Cohort, revision: Revision) -> [Event; 2] {
    let event = |part: &str, day, what: &str| Event {
        uid: uid("cohort", &cohort.id, Some(part)),
        stamp: revision.changed,
        sequence: revision.version.saturating_sub(1),
        when: When::AllDay(day),
        summary: format!("{} {what}", cohort.name),
        location: String::new(),
        description: String::new(),
    };
    [
        event("start", cohort.start, "starts"),
        event("end", cohort.end, "ends"),
    ]
}
