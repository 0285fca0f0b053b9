//! The records of a program while it runs: a startup's milestones and a
//! mentor's office hours. A demo day's judging lives on the demo day
//! (`DemoDay::criteria`, `judges`, `scores`).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::program::Scores;
use super::records::Id;

/// A goal a startup is to reach by a day ("first paying pilot by February").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: Id,
    pub startup: Id,
    pub title: String,
    pub due: NaiveDate,
    /// The day it was reached; `None` while it is open.
    pub done: Option<NaiveDate>,
    /// Notes about it, by id.
    pub notes: Vec<Id>,
}

/// Where a milestone stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MilestoneState {
    Done,
    /// Open, due later than the coming week.
    Open,
    /// Open and due within the coming seven days (today included).
    DueSoon,
    /// Open and its day has passed.
    Overdue,
}

impl Milestone {
    /// Where it stands on `today`.
    pub fn state_on(&self, today: NaiveDate) -> MilestoneState {
        if self.done.is_some_and(|done| done <= today) {
            MilestoneState::Done
        } else if self.due < today {
            MilestoneState::Overdue
        } else if self.due < today + Duration::days(7) {
            MilestoneState::DueSoon
        } else {
            MilestoneState::Open
        }
    }
}

/// One slot of a mentor's office hours: free, or booked by a startup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficeHour {
    pub id: Id,
    /// A mentor.
    pub mentor: Id,
    pub starts_at: DateTime<FixedOffset>,
    pub minutes: u32,
    /// A room, or a video link.
    pub place: String,
    /// The startup that booked it; `None` while it is free.
    pub startup: Option<Id>,
    pub topic: String,
}

impl OfficeHour {
    pub fn ends_at(&self) -> DateTime<FixedOffset> {
        self.starts_at + Duration::minutes(i64::from(self.minutes))
    }

    pub fn is_free(&self) -> bool {
        self.startup.is_none()
    }
}

/// One judge's scores of one pitch on a demo day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PitchScore {
    /// The judge's name, as the demo day lists it.
    pub judge: String,
    pub startup: Id,
    pub scores: Scores,
    pub comment: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_milestone_is_overdue_after_its_day_and_due_soon_in_the_week_before() {
        let mut milestone = Milestone {
            id: "ms1".into(),
            startup: "s1".into(),
            title: "First paying pilot".into(),
            due: day("2027-02-28"),
            done: None,
            notes: vec![],
        };
        assert_eq!(milestone.state_on(day("2027-02-01")), MilestoneState::Open);
        assert_eq!(
            milestone.state_on(day("2027-02-22")),
            MilestoneState::DueSoon
        );
        assert_eq!(
            milestone.state_on(day("2027-02-28")),
            MilestoneState::DueSoon
        );
        assert_eq!(
            milestone.state_on(day("2027-03-01")),
            MilestoneState::Overdue
        );
        milestone.done = Some(day("2027-03-02"));
        assert_eq!(
            milestone.state_on(day("2027-03-01")),
            MilestoneState::Overdue
        );
        assert_eq!(milestone.state_on(day("2027-03-02")), MilestoneState::Done);
    }
}
