//! What needs a coordinator's attention on a given day.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::*;

/// Active startups with no note for this many days are called quiet.
pub const QUIET_DAYS: i64 = 30;
/// Demo days this many days ahead or fewer are coming up.
pub const DEMO_DAY_WINDOW: i64 = 30;

#[derive(Debug, Clone, PartialEq)]
pub struct Attention {
    /// Active startups and the days since their last note (`None`: never).
    pub quiet_startups: Vec<(Startup, Option<i64>)>,
    pub overloaded_mentors: Vec<(Mentor, Load)>,
    /// Demo days ahead and the days until each.
    pub upcoming_demo_days: Vec<(DemoDay, i64)>,
    /// Running or upcoming cohorts at 90% of capacity or more: (cohort, enrolled).
    pub full_cohorts: Vec<(Cohort, usize)>,
}

impl Attention {
    pub fn is_empty(&self) -> bool {
        self.quiet_startups.is_empty()
            && self.overloaded_mentors.is_empty()
            && self.upcoming_demo_days.is_empty()
            && self.full_cohorts.is_empty()
    }
}

/// The day of each startup's latest note.
pub fn last_note_days(notes: &[Note]) -> HashMap<&str, NaiveDate> {
    let mut last: HashMap<&str, NaiveDate> = HashMap::new();
    for note in notes {
        let day = note.created_at.date_naive();
        last.entry(note.startup.as_str())
            .and_modify(|d| *d = (*d).max(day))
            .or_insert(day);
    }
    last
}

pub fn attention(p: &Portfolio, today: NaiveDate) -> Attention {
    let last_note = last_note_days(&p.notes);
    let mut quiet_startups: Vec<(Startup, Option<i64>)> = p
        .startups
        .iter()
        .filter(|s| s.status == Status::Active)
        .filter_map(|s| {
            let days = last_note
                .get(s.id.as_str())
                .map(|d| (today - *d).num_days());
            match days {
                Some(d) if d < QUIET_DAYS => None,
                _ => Some((s.clone(), days)),
            }
        })
        .collect();
    quiet_startups.sort_by_key(|(_, days)| std::cmp::Reverse(days.unwrap_or(i64::MAX)));

    let overloaded_mentors = p
        .mentors
        .iter()
        .map(|m| (m.clone(), m.load(&p.startups)))
        .filter(|(_, load)| load.over_capacity())
        .collect();

    let mut upcoming_demo_days: Vec<(DemoDay, i64)> = p
        .demo_days
        .iter()
        .map(|d| (d.clone(), (d.at.date_naive() - today).num_days()))
        .filter(|(_, days)| (0..=DEMO_DAY_WINDOW).contains(days))
        .collect();
    upcoming_demo_days.sort_by_key(|(_, days)| *days);

    let full_cohorts = p
        .cohorts
        .iter()
        .filter(|c| c.status_on(today) != CohortStatus::Finished)
        .map(|c| (c.clone(), c.enrolled(&p.startups)))
        .filter(|(c, enrolled)| *enrolled * 10 >= c.capacity as usize * 9)
        .collect();

    Attention {
        quiet_startups,
        overloaded_mentors,
        upcoming_demo_days,
        full_cohorts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::*;

    #[test]
    fn quiet_startups_overloads_and_coming_demo_days_are_found() {
        let today: NaiveDate = "2026-06-01".parse().unwrap();
        let mut p = Portfolio::default();
        p.cohorts.push(cohort("c1", "2026-03-01", "2026-07-01"));
        p.mentors.push(mentor("m1", 1));
        for id in ["s1", "s2", "s3"] {
            let mut s = startup(id);
            s.status = Status::Active;
            s.cohort = Some("c1".into());
            s.mentors = vec!["m1".into()];
            p.startups.push(s);
        }
        let mut recent = note("n1", "s1", "fresh");
        recent.created_at = "2026-05-20T10:00:00+04:00".parse().unwrap();
        p.notes.push(recent);
        p.notes.push(note("n2", "s2", "old")); // 2026-05-02: 30 days before
        p.demo_days.push(demo_day("d1", "c1", &[])); // 2026-06-25

        let a = attention(&p, today);
        let quiet: Vec<(&str, Option<i64>)> = a
            .quiet_startups
            .iter()
            .map(|(s, d)| (s.id.as_str(), *d))
            .collect();
        assert_eq!(quiet, [("s3", None), ("s2", Some(30))]);
        assert_eq!(a.overloaded_mentors[0].1.to_string(), "3/1 (over capacity)");
        assert_eq!(a.upcoming_demo_days[0].1, 24);
        assert!(a.full_cohorts.is_empty());
    }
}
