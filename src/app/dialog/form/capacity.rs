//! Mentors' loads and cohorts' places as they will be once a startup is
//! saved: ticking a full mentor shows "3/2, over capacity" at once, and a
//! save that takes a mentor or a cohort over asks first.

use crate::app::data::Data;
use crate::model::{Cohort, Load, Mentor, Record, Startup, Status};

/// The startup as stored, if it is (a new one is not).
fn stored<'a>(data: &'a Data, draft: &Startup) -> Option<&'a Startup> {
    if draft.id.is_empty() {
        None
    } else {
        data.startup(&draft.id)
    }
}

/// `count`, with the stored startup's share taken out and `draft`'s put in.
fn swapped(count: usize, data: &Data, draft: &Startup, counts: impl Fn(&Startup) -> bool) -> usize {
    let was = usize::from(stored(data, draft).is_some_and(&counts));
    count.saturating_sub(was) + usize::from(counts(draft))
}

/// `mentor`'s load once `draft` is saved.
pub fn load_after(data: &Data, draft: &Startup, mentor: &Mentor) -> Load {
    let load = data.mentor_load(mentor);
    let counts = |s: &Startup| s.status == Status::Active && s.mentors.contains(&mentor.id);
    Load {
        active: swapped(load.active, data, draft, counts),
        capacity: load.capacity,
    }
}

/// How many places of `cohort` are taken once `draft` is saved.
pub fn places_after(data: &Data, draft: &Startup, cohort: &Cohort) -> usize {
    let counts = |s: &Startup| {
        s.cohort.as_deref() == Some(cohort.id.as_str()) && s.status != Status::Dropped
    };
    swapped(data.enrolled(cohort), data, draft, counts)
}

/// A load as a picker shows what it becomes: "3/2, over capacity".
pub fn becomes(load: Load) -> String {
    if load.over_capacity() {
        format!("{}/{}, over capacity", load.active, load.capacity)
    } else {
        format!("{}/{}", load.active, load.capacity)
    }
}

/// What saving `record` takes over capacity that was not before, one
/// phrase each ("Aysel Hüseynova to 3/2", "Spring 2026 to 11/10 places").
pub fn overloads(data: &Data, record: &Record) -> Vec<String> {
    let Record::Startup(draft) = record else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for mentor in draft.mentors.iter().filter_map(|id| data.mentor(id)) {
        let (before, after) = (data.mentor_load(mentor), load_after(data, draft, mentor));
        if after.over_capacity() && after.active > before.active {
            out.push(format!(
                "{} to {}/{}",
                mentor.name, after.active, after.capacity
            ));
        }
    }
    if let Some(cohort) = draft.cohort.as_deref().and_then(|id| data.cohort(id)) {
        let (before, after) = (data.enrolled(cohort), places_after(data, draft, cohort));
        if after > cohort.capacity as usize && after > before {
            out.push(format!(
                "{} to {after}/{} places",
                cohort.name, cohort.capacity
            ));
        }
    }
    out
}
