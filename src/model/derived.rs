//! Values computed from records and a given day, never stored.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use super::enums::{CohortStatus, Status};
use super::records::{Cohort, DemoDay, Mentor, Pitch, Startup};

impl Cohort {
    /// Upcoming before its start, running through its end day, then finished.
    pub fn status_on(&self, today: NaiveDate) -> CohortStatus {
        if today < self.start {
            CohortStatus::Upcoming
        } else if today <= self.end {
            CohortStatus::Running
        } else {
            CohortStatus::Finished
        }
    }

    /// Startups placed in this cohort (any status but dropped).
    pub fn enrolled<'a>(&self, startups: impl IntoIterator<Item = &'a Startup>) -> usize {
        startups
            .into_iter()
            .filter(|s| s.cohort.as_deref() == Some(self.id.as_str()))
            .filter(|s| s.status != Status::Dropped)
            .count()
    }
}

/// A mentor's active startups against their capacity. Going over is allowed
/// (it happens in real programs) but flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Load {
    pub active: usize,
    pub capacity: u32,
}

impl Load {
    pub fn over_capacity(self) -> bool {
        self.active > self.capacity as usize
    }
}

impl std::fmt::Display for Load {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.active, self.capacity)?;
        if self.over_capacity() {
            f.write_str(" (over capacity)")?;
        }
        Ok(())
    }
}

impl Mentor {
    pub fn load<'a>(&self, startups: impl IntoIterator<Item = &'a Startup>) -> Load {
        let active = startups
            .into_iter()
            .filter(|s| s.status == Status::Active && s.mentors.contains(&self.id))
            .count();
        Load {
            active,
            capacity: self.capacity,
        }
    }
}

/// One pitch of a demo day's run of show, with the time it starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot<'a> {
    /// 1 for the first pitch.
    pub order: usize,
    pub start: DateTime<FixedOffset>,
    pub pitch: &'a Pitch,
}

impl Slot<'_> {
    pub fn end(&self) -> DateTime<FixedOffset> {
        self.start + Duration::minutes(i64::from(self.pitch.minutes))
    }
}

impl DemoDay {
    /// The pitches in running order, back to back from `at`, each with
    /// its start time (in the demo day's own offset).
    pub fn run_of_show(&self) -> Vec<Slot<'_>> {
        let mut start = self.at;
        self.pitches
            .iter()
            .enumerate()
            .map(|(i, pitch)| {
                let slot = Slot {
                    order: i + 1,
                    start,
                    pitch,
                };
                start = slot.end();
                slot
            })
            .collect()
    }

    /// When the last pitch ends (`at` when there are none).
    pub fn pitches_end(&self) -> DateTime<FixedOffset> {
        let minutes: i64 = self.pitches.iter().map(|p| i64::from(p.minutes)).sum();
        self.at + Duration::minutes(minutes)
    }
}

/// A startup's notes in brief: what lists and the Home tab show without
/// the notes themselves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoteSummary {
    pub count: usize,
    /// The day of its latest note (in the note's own time zone).
    pub last: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{cohort, demo_day, mentor, startup};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn cohort_status_follows_the_dates_inclusively() {
        let c = cohort("c1", "2026-03-02", "2026-06-26");
        assert_eq!(c.status_on(day("2026-03-01")), CohortStatus::Upcoming);
        assert_eq!(c.status_on(day("2026-03-02")), CohortStatus::Running);
        assert_eq!(c.status_on(day("2026-06-26")), CohortStatus::Running);
        assert_eq!(c.status_on(day("2026-06-27")), CohortStatus::Finished);
    }

    #[test]
    fn mentor_load_counts_only_active_startups_and_flags_overload() {
        let m = mentor("m1", 1);
        let mut a = startup("s1");
        a.mentors = vec!["m1".into()];
        a.status = Status::Active;
        let mut b = a.clone();
        b.id = "s2".into();
        let mut graduated = a.clone();
        graduated.id = "s3".into();
        graduated.status = Status::Graduated;

        let load = m.load([&a, &graduated]);
        assert_eq!((load.active, load.over_capacity()), (1, false));
        let load = m.load([&a, &b, &graduated]);
        assert_eq!(load.to_string(), "2/1 (over capacity)");
    }

    #[test]
    fn run_of_show_starts_each_pitch_when_the_last_ends() {
        let mut d = demo_day("d1", "c1", &[]);
        d.at = "2025-12-18T15:00:00+04:00".parse().unwrap();
        d.pitches = [("s1", 6), ("s3", 5), ("s2", 4)]
            .iter()
            .map(|(s, m)| Pitch {
                startup: s.to_string(),
                minutes: *m,
            })
            .collect();
        let show: Vec<(usize, String, &str)> = d
            .run_of_show()
            .iter()
            .map(|s| {
                (
                    s.order,
                    s.start.format("%H:%M %:z").to_string(),
                    s.pitch.startup.as_str(),
                )
            })
            .collect();
        assert_eq!(
            show,
            [
                (1, "15:00 +04:00".to_string(), "s1"),
                (2, "15:06 +04:00".to_string(), "s3"),
                (3, "15:11 +04:00".to_string(), "s2"),
            ]
        );
        assert_eq!(d.pitches_end().format("%H:%M").to_string(), "15:15");
        d.pitches.clear();
        assert_eq!((d.run_of_show().len(), d.pitches_end()), (0, d.at));
    }
}
