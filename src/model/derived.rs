//! Values computed from records and a given day, never stored.

use chrono::NaiveDate;

use super::enums::{CohortStatus, Status};
use super::records::{Cohort, Mentor, Startup};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{cohort, mentor, startup};

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
}
