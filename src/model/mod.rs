//! The portfolio's records, their rules and the values derived from them.
//! No I/O here.

mod derived;
mod enums;
pub mod limits;
mod problem;
mod records;
#[doc(hidden)]
pub mod testing;
mod validate;

pub use derived::{Load, NoteSummary, Slot};
pub use enums::{CohortStatus, Kind, NoteKind, Program, Stage, Status};
pub use problem::{Parsed, Problem};
pub use records::*;
pub use validate::{check_id, portfolio_problems};
