//! What needs a coordinator's attention on a given day.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::*;

/// Active startups with no note for this many days are called quiet.
pub const QUIET_DAYS: i64 = 30;
/// Demo days this many days ahead or fewer are coming up.
pub const DEMO_DAY_WINDOW: i64 = 30;

#[derive(Debug, Clone, PartialEq)]
pub struct Attention<'p> {
    /// Active startups and the days since their last note (`None`: never).
    pub quiet_startups: Vec<(&'p Startup, Option<i64>)>,
    pub overloaded_mentors: Vec<(&'p Mentor, Load)>,
    /// Demo days ahead and the days until each.
    pub upcoming_demo_days: Vec<(&'p DemoDay, i64)>,
    /// Running or upcoming cohorts at 90% of capacity or more: (cohort, enrolled).
    pub full_cohorts: Vec<(&'p Cohort, usize)>,
}

impl Attention<'_> {
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

/// What needs attention in `p` on `today`, its notes' days read from `p`.
pub fn attention(p: &Portfolio, today: NaiveDate) -> Attention<'_> {
    let last_note = last_note_days(&p.notes);
    attention_with(p, today, |_, s| last_note.get(s.id.as_str()).copied())
}

/// What needs attention in `p` on `today`, with the day of each startup's
/// latest note from `last_note`, given the startup and its place in
/// `p.startups` (so `p` need not hold the notes, and a caller that keeps
/// the days by place looks nothing up). One pass over the startups,
/// whatever the number of mentors and cohorts.
pub fn attention_with(
    p: &Portfolio,
    today: NaiveDate,
    last_note: impl Fn(usize, &Startup) -> Option<NaiveDate>,
) -> Attention<'_> {
    // What `Mentor::load` and `Cohort::enrolled` count, for all at once.
    let mut active_by_mentor: HashMap<&str, usize> = HashMap::new();
    let mut enrolled_by_cohort: HashMap<&str, usize> = HashMap::new();
    let mut quiet_startups: Vec<(&Startup, Option<i64>)> = Vec::new();
    for (at, s) in p.startups.iter().enumerate() {
        if s.status == Status::Active {
            // A mentor listed twice still counts the startup once, as
            // `Mentor::load` does.
            for (n, m) in s.mentors.iter().enumerate() {
                if !s.mentors[..n].contains(m) {
                    *active_by_mentor.entry(m.as_str()).or_default() += 1;
                }
            }
            let days = last_note(at, s).map(|d| (today - d).num_days());
            match days {
                Some(d) if d < QUIET_DAYS => {}
                _ => quiet_startups.push((s, days)),
            }
        }
        if let Some(c) = &s.cohort
            && s.status != Status::Dropped
        {
            *enrolled_by_cohort.entry(c.as_str()).or_default() += 1;
        }
    }
    quiet_startups.sort_by_key(|(_, days)| std::cmp::Reverse(days.unwrap_or(i64::MAX)));

    let overloaded_mentors = p
        .mentors
        .iter()
        .map(|m| {
            let load = Load {
                active: active_by_mentor.get(m.id.as_str()).copied().unwrap_or(0),
                capacity: m.capacity,
            };
            (m, load)
        })
        .filter(|(_, load)| load.over_capacity())
        .collect();

    let mut upcoming_demo_days: Vec<(&DemoDay, i64)> = p
        .demo_days
        .iter()
        .map(|d| (d, (d.at.date_naive() - today).num_days()))
        .filter(|(_, days)| (0..=DEMO_DAY_WINDOW).contains(days))
        .collect();
    upcoming_demo_days.sort_by_key(|(_, days)| *days);

    let full_cohorts = p
        .cohorts
        .iter()
        .filter(|c| c.status_on(today) != CohortStatus::Finished)
        .map(|c| {
            (
                c,
                enrolled_by_cohort.get(c.id.as_str()).copied().unwrap_or(0),
            )
        })
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

    #[test]
    fn counts_in_one_pass_agree_with_the_model() {
        let p = crate::generate::portfolio(2_000, 5);
        let today: NaiveDate = crate::generate::BENCH_TODAY.parse().unwrap();
        let a = attention(&p, today);
        let overloaded: Vec<(&str, Load)> = p
            .mentors
            .iter()
            .map(|m| (m.id.as_str(), m.load(&p.startups)))
            .filter(|(_, load)| load.over_capacity())
            .collect();
        let found: Vec<(&str, Load)> = a
            .overloaded_mentors
            .iter()
            .map(|(m, load)| (m.id.as_str(), *load))
            .collect();
        assert_eq!(found, overloaded);
        assert!(!found.is_empty());
        let full: Vec<(&str, usize)> = p
            .cohorts
            .iter()
            .filter(|c| c.status_on(today) != CohortStatus::Finished)
            .map(|c| (c.id.as_str(), c.enrolled(&p.startups)))
            .filter(|(id, n)| {
                let c = p.cohorts.iter().find(|c| c.id == *id).unwrap();
                *n * 10 >= c.capacity as usize * 9
            })
            .collect();
        let found: Vec<(&str, usize)> = a
            .full_cohorts
            .iter()
            .map(|(c, n)| (c.id.as_str(), *n))
            .collect();
        assert_eq!(found, full);
        assert!(!a.quiet_startups.is_empty());
    }
}
