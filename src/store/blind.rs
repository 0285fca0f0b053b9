//! Blind review on the read path: a mentor reads their own reviews, and
//! another reviewer's review of an application only once they have
//! submitted their own of it. Every read of reviews — a list, a portfolio,
//! one record, its history — passes through here, so no command a mentor
//! runs over SSH (`export all`, `show review r3`) reads around it.

use std::collections::HashSet;

use super::access::Access;
use super::stored::{Kept, Stored};
use super::{Result, Store};
use crate::model::{Kind, Record, Review};

impl Store {
    /// The mentor this handle reads as, when reviews are read blind.
    pub(super) fn reads_blind(&self) -> Option<&str> {
        match &self.access {
            Access::Mentor { id } => Some(id),
            Access::Everything | Access::Judge { .. } | Access::ReadOnly => None,
        }
    }

    /// `records` (all of one kind, `T`) without the reviews this handle may
    /// not read yet.
    pub(super) fn without_unseen_reviews<T: Kept>(&self, records: &mut Vec<Stored<T>>) {
        let Some(mentor) = self.reads_blind() else {
            return;
        };
        if T::KIND != Kind::Review {
            return;
        }
        // Each review's application and reviewer, read once.
        let of: Vec<Option<(String, String)>> = records
            .iter()
            .map(|s| match s.record.clone().into() {
                Record::Review(r) => Some((r.application, r.reviewer)),
                _ => None,
            })
            .collect();
        let reviewed: HashSet<&str> = of
            .iter()
            .flatten()
            .filter(|(_, reviewer)| reviewer == mentor)
            .map(|(application, _)| application.as_str())
            .collect();
        let mut readable = of.iter().map(|o| {
            o.as_ref()
                .is_none_or(|(a, _)| reviewed.contains(a.as_str()))
        });
        records.retain(|_| readable.next().unwrap_or(true));
    }

    /// Whether this handle may read `record` now: anything but another
    /// reviewer's review of an application a mentor has not reviewed.
    pub(super) fn may_read(&self, record: &Record) -> Result<bool> {
        let (Some(mentor), Record::Review(review)) = (self.reads_blind(), record) else {
            return Ok(true);
        };
        Ok(review.reviewer == mentor || self.has_reviewed(mentor, &review.application)?)
    }

    /// Whether `mentor` has submitted a review of `application`.
    fn has_reviewed(&self, mentor: &str, application: &str) -> Result<bool> {
        let mut own = self.list_unfiltered::<Review>()?;
        own.retain(|r| r.record.reviewer == mentor && r.record.application == application);
        Ok(!own.is_empty())
    }
}
