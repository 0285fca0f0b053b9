//! The tabs of a session: Home and one list per kind of record.

use crate::model::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Home,
    Startups,
    Cohorts,
    Mentors,
    DemoDays,
    /// A call's applications, reviews and ranking (`app::calls`).
    Calls,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Home,
        Tab::Startups,
        Tab::Cohorts,
        Tab::Mentors,
        Tab::DemoDays,
        Tab::Calls,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Home => "Home",
            Tab::Startups => "Startups",
            Tab::Cohorts => "Cohorts",
            Tab::Mentors => "Mentors",
            Tab::DemoDays => "Demo days",
            Tab::Calls => "Calls",
        }
    }

    pub fn kind(self) -> Option<Kind> {
        match self {
            // Home and Calls have no list of records of one kind.
            Tab::Home | Tab::Calls => None,
            Tab::Startups => Some(Kind::Startup),
            Tab::Cohorts => Some(Kind::Cohort),
            Tab::Mentors => Some(Kind::Mentor),
            Tab::DemoDays => Some(Kind::DemoDay),
        }
    }

    pub fn of_kind(kind: Kind) -> Tab {
        match kind {
            Kind::Startup | Kind::Note | Kind::Milestone => Tab::Startups,
            Kind::Cohort => Tab::Cohorts,
            Kind::Call | Kind::Application | Kind::Review => Tab::Calls,
            Kind::Mentor | Kind::OfficeHour => Tab::Mentors,
            Kind::DemoDay => Tab::DemoDays,
        }
    }

    /// The columns a list can be sorted by, first the default.
    pub fn sort_columns(self) -> &'static [Column] {
        use Column::*;
        match self {
            Tab::Home | Tab::Calls => &[],
            Tab::Startups => &[
                Name,
                Stage,
                Status,
                Cohort,
                Mentors,
                LastNote,
                NextMilestone,
            ],
            Tab::Cohorts => &[Start, Name, Program, Status, Enrolled],
            Tab::Mentors => &[Name, Organization, Load],
            Tab::DemoDays => &[Date, Cohort, Venue, Pitches],
        }
    }
}

/// A column of a list: shown (which fit the width, their headers and
/// widths are `ui`'s) and sorted by (`s`: which a tab offers is
/// [`Tab::sort_columns`], what each sorts by is `sort::sort_rows`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Stage,
    Status,
    Cohort,
    Mentors,
    LastNote,
    /// A startup's next milestone not done: its day (overdue ones first).
    NextMilestone,
    Start,
    Program,
    Enrolled,
    Organization,
    Load,
    Date,
    Venue,
    Pitches,
    /// Shown only, on wide lists: a startup's sector, a cohort's end, a
    /// mentor's expertise.
    Sector,
    End,
    Expertise,
    /// Shown only while a filter found rows by another field than their
    /// name: which field, and the words it matched.
    Matched,
}

impl Column {
    /// As the list's title and the status bar name it.
    pub fn label(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Stage => "stage",
            Column::Status => "status",
            Column::Cohort => "cohort",
            Column::Mentors => "mentors",
            Column::LastNote => "last note",
            Column::NextMilestone => "next goal",
            Column::Start => "start",
            Column::Program => "program",
            Column::Enrolled => "enrolled",
            Column::Organization => "organization",
            Column::Load => "load",
            Column::Date => "date",
            Column::Venue => "venue",
            Column::Pitches => "pitches",
            Column::Sector => "sector",
            Column::End => "end",
            Column::Expertise => "expertise",
            Column::Matched => "matched",
        }
    }
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
