//! The tabs of a session: Home and one list per kind of record.

use crate::model::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Home,
    Startups,
    Cohorts,
    Mentors,
    DemoDays,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Home,
        Tab::Startups,
        Tab::Cohorts,
        Tab::Mentors,
        Tab::DemoDays,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Home => "Home",
            Tab::Startups => "Startups",
            Tab::Cohorts => "Cohorts",
            Tab::Mentors => "Mentors",
            Tab::DemoDays => "Demo days",
        }
    }

    pub fn kind(self) -> Option<Kind> {
        match self {
            Tab::Home => None,
            Tab::Startups => Some(Kind::Startup),
            Tab::Cohorts => Some(Kind::Cohort),
            Tab::Mentors => Some(Kind::Mentor),
            Tab::DemoDays => Some(Kind::DemoDay),
        }
    }

    pub fn of_kind(kind: Kind) -> Tab {
        match kind {
            Kind::Startup | Kind::Note => Tab::Startups,
            Kind::Cohort => Tab::Cohorts,
            Kind::Mentor => Tab::Mentors,
            Kind::DemoDay => Tab::DemoDays,
        }
    }

    /// The columns a list can be sorted by, first the default.
    pub fn sort_columns(self) -> &'static [&'static str] {
        match self {
            Tab::Home => &[],
            Tab::Startups => &["name", "stage", "status", "cohort", "mentors", "last note"],
            Tab::Cohorts => &["start", "name", "program", "status", "enrolled"],
            Tab::Mentors => &["name", "organization", "load"],
            Tab::DemoDays => &["date", "cohort", "venue", "pitches"],
        }
    }
}
