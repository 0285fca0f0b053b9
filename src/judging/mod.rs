//! A demo day's judging, worked out from the record alone: the results
//! (`results`: each pitch's score from its judges' weighted means, ranked)
//! and the run of show (`schedule`: which pitch is on stage at a given
//! time). Pure: no store, no clock; the caller passes the time.

mod results;
mod schedule;

pub use results::{JudgeMark, PitchResult, Results, results};
pub use schedule::{Slot, SlotState, on_stage, run_of_show};

#[cfg(test)]
mod tests;
