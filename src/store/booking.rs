//! Booking an office-hour slot: read and written in one transaction, so of
//! two sessions booking the same free slot at once one wins and the other
//! is told who took it.

use sled::transaction::abort;

use super::error::StoreError;
use super::write::{Revert, current, replace_checked};
use super::{Result, Store};
use crate::model::*;

impl Store {
    /// Book slot `slot` for `startup` with `topic`; `None` frees it. A slot
    /// booked by another startup is refused (`StoreError::SlotTaken`); one
    /// booked by the same startup gets the new topic. Returns the slot as
    /// written and the undo.
    pub fn book(
        &self,
        who: &str,
        slot: &str,
        startup: Option<&str>,
        topic: &str,
    ) -> Result<(OfficeHour, Option<Revert>)> {
        self.write(who, |tx| {
            let stored = current(tx, Kind::OfficeHour, slot, None)?;
            let Record::OfficeHour(mut hour) = stored.record.clone() else {
                return abort(StoreError::NotFound {
                    kind: Kind::OfficeHour,
                    id: slot.to_string(),
                });
            };
            if let (Some(taken), Some(wanted)) = (&hour.startup, startup)
                && taken != wanted
            {
                let by = match tx.get(Kind::Startup, taken)?.map(|s| s.record) {
                    Some(Record::Startup(s)) => s.name,
                    _ => taken.clone(),
                };
                return abort(StoreError::SlotTaken {
                    id: slot.to_string(),
                    at: hour.starts_at.format("%a %-d %b %H:%M").to_string(),
                    by,
                });
            }
            hour.startup = startup.map(str::to_string);
            hour.topic = if startup.is_some() {
                topic.trim().to_string()
            } else {
                String::new()
            };
            let undo = replace_checked(tx, &stored, &Record::OfficeHour(hour.clone()))?;
            Ok((hour, undo))
        })
    }
}
