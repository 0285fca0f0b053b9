//! The portfolio's records, their rules and the values derived from them.
//! No I/O here.

mod derived;
mod enums;
pub mod limits;
mod outcome;
mod problem;
mod program;
mod program_rules;
mod records;
mod running;
mod running_rules;
/// A mentor's series of office-hour slots, expanded in a time zone.
pub mod series;
/// Record builders: `generate` makes its records with them; tests too,
/// from outside the crate with the `testing` feature.
#[cfg(feature = "testing")]
#[doc(hidden)]
pub mod testing;
#[cfg(not(feature = "testing"))]
pub(crate) mod testing;
mod validate;

pub use derived::{Load, NoteSummary, Slot};
pub use enums::{
    ApplicationStage, CohortStatus, Kind, NoteKind, OutcomeStatus, Program, Stage, Status,
};
pub use outcome::{FundingRound, Outcome, money_sum};
pub use problem::{Parsed, Problem};
pub use program_rules::{CRITERIA, WEIGHT, review_against_call};
pub use records::*;
pub use running_rules::SLOT_MINUTES;
pub use validate::{
    PortfolioCheck, check_id, cohort_name_key, cohort_name_taken, portfolio_problems,
    stored_portfolio_problems,
};
