//! The run of show at a given time: which pitch is on stage, which are
//! done and which to come (each pitch's slot is the model's
//! `DemoDay::run_of_show`).

use chrono::{DateTime, FixedOffset};

use crate::model::{DemoDay, Id};

/// One pitch's place in the run of show.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// Its place in the running order, from 0.
    pub index: usize,
    pub startup: Id,
    pub starts: DateTime<FixedOffset>,
    pub ends: DateTime<FixedOffset>,
    pub state: SlotState,
}

/// Where a slot is against the time asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotState {
    Done,
    OnStage,
    Coming,
}

/// The slots in running order (the model's run of show), each marked
/// against `now`.
fn slots(day: &DemoDay, now: DateTime<FixedOffset>) -> Vec<Slot> {
    day.run_of_show()
        .into_iter()
        .map(|slot| {
            let (starts, ends) = (slot.start, slot.end());
            let state = if now >= ends {
                SlotState::Done
            } else if now >= starts {
                SlotState::OnStage
            } else {
                SlotState::Coming
            };
            Slot {
                index: slot.order - 1,
                startup: slot.pitch.startup.clone(),
                starts,
                ends,
                state,
            }
        })
        .collect()
}

/// The pitch on stage at `now`, if any: none before the day starts, after
/// the last pitch, or in a pitch of no minutes.
pub fn on_stage(day: &DemoDay, now: DateTime<FixedOffset>) -> Option<Slot> {
    slots(day, now)
        .into_iter()
        .find(|s| s.state == SlotState::OnStage)
}

/// The run of show as a judge wants it at `now`: the pitch on stage
/// first, then those still to come in running order, then those done.
pub fn run_of_show(day: &DemoDay, now: DateTime<FixedOffset>) -> Vec<Slot> {
    let mut slots = slots(day, now);
    slots.sort_by_key(|s| {
        let group = match s.state {
            SlotState::OnStage => 0,
            SlotState::Coming => 1,
            SlotState::Done => 2,
        };
        (group, s.index)
    });
    slots
}
