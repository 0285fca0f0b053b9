//! The Home tab: what needs attention, as items Enter jumps to.

use chrono::NaiveDate;

use super::data::Data;
use crate::attention::attention_with;
use crate::model::Kind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeItem {
    pub kind: Kind,
    pub id: String,
    /// What it is: a name, or a demo day's date and venue.
    pub label: String,
    /// Why it needs attention.
    pub reason: String,
    /// Demo days soon and overloads are urgent; quiet startups are not.
    pub urgent: bool,
}

/// What needs attention on `today`, in the order Home lists it.
pub fn home_items(data: &Data, today: NaiveDate) -> Vec<HomeItem> {
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
            id: d.id.clone(),
            label: format!("Demo day {}", d.at.format("%a %-d %b %H:%M")),
            reason: format!("{when}, {} pitches", d.pitches.len()),
            urgent: *days <= 7,
        });
    }
    for (m, load) in &a.overloaded_mentors {
        items.push(HomeItem {
            kind: Kind::Mentor,
            id: m.id.clone(),
            label: m.name.clone(),
            reason: format!(
                "over capacity: {} active startups, takes {}",
                load.active, load.capacity
            ),
            urgent: true,
        });
    }
    for (c, enrolled) in &a.full_cohorts {
        items.push(HomeItem {
            kind: Kind::Cohort,
            id: c.id.clone(),
            label: c.name.clone(),
            reason: format!("{enrolled} of {} places taken", c.capacity),
            urgent: *enrolled > c.capacity as usize,
        });
    }
    for (s, days) in &a.quiet_startups {
        items.push(HomeItem {
            kind: Kind::Startup,
            id: s.id.clone(),
            label: s.name.clone(),
            reason: days.map_or("no notes yet".to_string(), |d| {
                format!("no note for {d} days")
            }),
            urgent: false,
        });
    }
    items
}
