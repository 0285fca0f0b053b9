//! How the report groups startups (`--by`), and the order groups come in.

use std::fmt;
use std::str::FromStr;

use crate::model::{Cohort, Program, Startup};
use crate::text::fold;

/// `--by cohort|program|sector|year`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Grouping {
    #[default]
    Cohort,
    Program,
    Sector,
    /// The year the startup's cohort started.
    Year,
}

impl Grouping {
    pub const ALL: [Grouping; 4] = [
        Grouping::Cohort,
        Grouping::Program,
        Grouping::Sector,
        Grouping::Year,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Grouping::Cohort => "cohort",
            Grouping::Program => "program",
            Grouping::Sector => "sector",
            Grouping::Year => "year",
        }
    }

    /// The column heading: "Cohort", "Program", "Sector", "Year".
    pub fn heading(self) -> &'static str {
        match self {
            Grouping::Cohort => "Cohort",
            Grouping::Program => "Program",
            Grouping::Sector => "Sector",
            Grouping::Year => "Year",
        }
    }

    /// The next grouping, for a key that goes round them.
    pub fn next(self) -> Grouping {
        self.step(1)
    }

    /// The one before, going round the other way.
    pub fn previous(self) -> Grouping {
        self.step(Grouping::ALL.len() - 1)
    }

    fn step(self, by: usize) -> Grouping {
        let at = Grouping::ALL.iter().position(|g| *g == self).unwrap_or(0);
        Grouping::ALL[(at + by) % Grouping::ALL.len()]
    }

    /// The group `startup` (of `cohort`) falls in.
    pub(super) fn key(self, cohort: &Cohort, startup: &Startup) -> Key {
        match self {
            Grouping::Cohort => Key {
                order: (
                    cohort.start.to_string(),
                    fold(&cohort.name),
                    cohort.id.clone(),
                ),
                name: cohort.name.clone(),
            },
            Grouping::Program => Key {
                order: (
                    program_order(cohort.program).to_string(),
                    String::new(),
                    String::new(),
                ),
                name: program_name(cohort.program).to_string(),
            },
            Grouping::Sector => {
                let sector = startup.sector.trim();
                let folded = fold(sector);
                Key {
                    // No sector sorts last.
                    order: (
                        u8::from(folded.is_empty()).to_string(),
                        folded,
                        String::new(),
                    ),
                    // Spellings that fold alike are one group, named as
                    // its first startup (by name) spells it.
                    name: match sector {
                        "" => "(no sector)".to_string(),
                        s => s.to_string(),
                    },
                }
            }
            Grouping::Year => {
                let year = chrono::Datelike::year(&cohort.start).to_string();
                Key {
                    order: (year.clone(), String::new(), String::new()),
                    name: year,
                }
            }
        }
    }
}

fn program_order(program: Program) -> u8 {
    match program {
        Program::Incubation => 0,
        Program::Acceleration => 1,
    }
}

fn program_name(program: Program) -> &'static str {
    match program {
        Program::Incubation => "Incubation",
        Program::Acceleration => "Acceleration",
    }
}

/// A group's place in the order, and its name. Two keys are one group
/// when their orders are equal.
#[derive(Debug, Clone)]
pub(super) struct Key {
    order: (String, String, String),
    pub name: String,
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.order == other.order
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        self.order.cmp(&other.order)
    }
}

impl fmt::Display for Grouping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Grouping {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Grouping::ALL
            .into_iter()
            .find(|g| g.name() == s)
            .ok_or_else(|| {
                format!("unknown grouping {s:?} (expected cohort, program, sector or year)")
            })
    }
}
