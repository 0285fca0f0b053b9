//! The closed vocabularies of the portfolio: program, stage, status, note kind.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Declares a string-valued enum with its wire names, `ALL`, `Display` and
/// `FromStr`, so the interchange format, the CLI and the TUI share one list.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The accepted values, for error messages: "a, b, c".
            pub fn choices() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!(
                        "unknown value {:?} (expected one of {})",
                        other,
                        Self::choices()
                    )),
                }
            }
        }
    };
}

vocabulary!(
    /// The kind of program a cohort runs.
    #[derive(Default)]
    Program { #[default] Incubation = "incubation", Acceleration = "acceleration" }
);

vocabulary!(
    /// How far along a startup is.
    #[derive(Default)]
    Stage { #[default] Idea = "idea", Mvp = "mvp", Traction = "traction", Growth = "growth", Scale = "scale" }
);

vocabulary!(
    /// A startup's standing in the programs.
    #[derive(Default)]
    Status {
        #[default]
        Applicant = "applicant",
        Active = "active",
        Graduated = "graduated",
        Paused = "paused",
        Dropped = "dropped",
    }
);

vocabulary!(
    /// What a note records.
    #[derive(Default)]
    NoteKind { #[default] Note = "note", Session = "session", Milestone = "milestone" }
);

vocabulary!(
    /// Where an application stands. Rejections and the waitlist are stages,
    /// not deletions.
    #[derive(Default)]
    ApplicationStage {
        #[default]
        Received = "received",
        Screening = "screening",
        Interview = "interview",
        Accepted = "accepted",
        Rejected = "rejected",
        Waitlisted = "waitlisted",
        Withdrawn = "withdrawn",
    }
);

vocabulary!(
    /// What became of a company after the program (its own story; a
    /// startup's `Status` is the program's view of it).
    #[derive(Default)]
    OutcomeStatus {
        #[default]
        Operating = "operating",
        Acquired = "acquired",
        Ipo = "ipo",
        Closed = "closed",
    }
);

vocabulary!(
    /// A cohort's status, derived from its dates and a given day.
    CohortStatus { Upcoming = "upcoming", Running = "running", Finished = "finished" }
);

vocabulary!(
    /// The kinds of record in the portfolio, as the command line names them.
    Kind {
        Startup = "startup",
        Cohort = "cohort",
        Mentor = "mentor",
        DemoDay = "demo-day",
        Note = "note",
        Call = "call",
        Application = "application",
        Review = "review",
        Milestone = "milestone",
        OfficeHour = "office-hour",
    }
);

impl Kind {
    /// Every kind, each after the kinds its records refer to: the order of
    /// the interchange document, and of loading one.
    pub const DEPENDENCY_ORDER: [Kind; 10] = [
        Kind::Cohort,
        Kind::Mentor,
        Kind::Startup,
        Kind::DemoDay,
        Kind::Note,
        Kind::Call,
        Kind::Application,
        Kind::Review,
        Kind::Milestone,
        Kind::OfficeHour,
    ];

    /// The prefix of generated ids: `s12`, `c3`, `n480`.
    pub fn id_prefix(self) -> &'static str {
        match self {
            Kind::Startup => "s",
            Kind::Cohort => "c",
            Kind::Mentor => "m",
            Kind::DemoDay => "d",
            Kind::Note => "n",
            Kind::Call => "call",
            Kind::Application => "a",
            Kind::Review => "r",
            Kind::Milestone => "ms",
            Kind::OfficeHour => "oh",
        }
    }

    /// The kind for people: "demo day" (the command line says `demo-day`).
    pub fn noun(self) -> &'static str {
        match self {
            Kind::DemoDay => "demo day",
            Kind::OfficeHour => "office hour",
            other => other.as_str(),
        }
    }

    /// The kind in the plural, for people: "demo days".
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Startup => "startups",
            Kind::Cohort => "cohorts",
            Kind::Mentor => "mentors",
            Kind::DemoDay => "demo days",
            Kind::Note => "notes",
            Kind::Call => "calls",
            Kind::Application => "applications",
            Kind::Review => "reviews",
            Kind::Milestone => "milestones",
            Kind::OfficeHour => "office hours",
        }
    }

    /// The interchange document's array for this kind.
    pub fn section(self) -> &'static str {
        match self {
            Kind::Startup => "startups",
            Kind::Cohort => "cohorts",
            Kind::Mentor => "mentors",
            Kind::DemoDay => "demo_days",
            Kind::Note => "notes",
            Kind::Call => "calls",
            Kind::Application => "applications",
            Kind::Review => "reviews",
            Kind::Milestone => "milestones",
            Kind::OfficeHour => "office_hours",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_through_from_str() {
        for stage in Stage::ALL {
            assert_eq!(stage.as_str().parse::<Stage>(), Ok(*stage));
        }
        assert_eq!("demo-day".parse::<Kind>(), Ok(Kind::DemoDay));
    }

    #[test]
    fn unknown_value_lists_the_choices() {
        let err = "seed".parse::<Stage>().unwrap_err();
        assert_eq!(
            err,
            "unknown value \"seed\" (expected one of idea, mvp, traction, growth, scale)"
        );
    }
}
