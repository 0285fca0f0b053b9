//! Creating, changing and deleting records, cascades included.

use sled::transaction::abort;

use super::error::StoreError;
use super::history::ChangeKind;
use super::stored::Stored;
use super::tx::{Tx, TxResult};
use super::{Result, Store};
use crate::model::*;

/// What deleting a record takes with it, for the confirmation and for the
/// delete itself.
#[derive(Debug, Clone, PartialEq)]
pub struct DeletePlan {
    pub target: Stored<Record>,
    /// Notes deleted with a startup.
    pub notes: Vec<String>,
    /// Demo days that lose a deleted startup's pitch slot.
    pub pitch_slots: Vec<String>,
    /// Demo days deleted with their cohort.
    pub demo_days: Vec<String>,
    /// Startups of a deleted cohort, left without a cohort (only when the
    /// caller asks to detach them).
    pub detached: Vec<String>,
    /// Startups that lose a deleted mentor.
    pub unlinked: Vec<String>,
    /// Calls of a deleted cohort: a cohort with calls is not deleted.
    pub calls: Vec<String>,
    /// Applications deleted with their call (only when the caller asks).
    pub applications: Vec<String>,
    /// Reviews deleted with their application, or with their reviewer.
    pub reviews: Vec<String>,
    /// Applications that lose a deleted mentor as a reviewer, or a
    /// deleted startup as the startup made from them.
    pub relinked: Vec<String>,
    /// Milestones deleted with their startup.
    pub milestones: Vec<String>,
    /// Office hours deleted with their mentor.
    pub office_hours: Vec<String>,
    /// Office hours booked by a deleted startup, freed.
    pub freed: Vec<String>,
    /// Milestones that lose a deleted note from their notes.
    pub unnoted: Vec<String>,
}

impl DeletePlan {
    /// "its 4 notes and 1 pitch slot", or "" when nothing goes with it.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.notes.len(), "note", "notes"),
            (self.pitch_slots.len(), "pitch slot", "pitch slots"),
            (self.demo_days.len(), "demo day", "demo days"),
            (self.applications.len(), "application", "applications"),
            (self.reviews.len(), "review", "reviews"),
            (self.milestones.len(), "milestone", "milestones"),
            (self.office_hours.len(), "office hour", "office hours"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
        match parts.len() {
            0 => String::new(),
            _ => format!("its {}", join_and(&parts)),
        }
    }
}

impl DeletePlan {
    /// Why this delete is not done as it stands: a cohort with startups or
    /// a call with applications, unless `with_dependents`; a cohort with
    /// calls.
    pub fn refusal(&self, with_dependents: bool) -> Option<StoreError> {
        let id = self.target.record.id().to_string();
        let name = self.target.record.label();
        if !self.calls.is_empty() {
            Some(StoreError::CohortHasCalls {
                id,
                name,
                calls: self.calls.clone(),
            })
        } else if with_dependents {
            None
        } else if !self.detached.is_empty() {
            Some(StoreError::CohortNotEmpty {
                id,
                name,
                startups: self.detached.clone(),
            })
        } else if !self.applications.is_empty() {
            Some(StoreError::CallNotEmpty {
                id,
                name,
                applications: self.applications.clone(),
            })
        } else {
            None
        }
    }
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What a delete did.
#[derive(Debug, Clone, PartialEq)]
pub struct Deleted {
    pub plan: DeletePlan,
    /// Its undo: every record it removed or changed, as it was, in an
    /// order that puts a record back before those that refer to it.
    pub undo: Vec<Revert>,
}

/// One record put back the way it was, for an undo.
#[derive(Debug, Clone, PartialEq)]
pub struct Revert {
    pub kind: Kind,
    pub id: String,
    /// The record as it was; `None` when it did not exist (undoing a create).
    pub before: Option<Record>,
    /// The version it must still be at for the undo to be exact; `None`
    /// when it must not exist (undoing a delete).
    pub now: Option<u64>,
}

impl Revert {
    /// The undo of a write that changed or created `after`, which was
    /// `before` (`None` for a create).
    pub fn of(before: Option<Record>, after: &Stored<Record>) -> Revert {
        Revert {
            kind: after.record.kind(),
            id: after.record.id().to_string(),
            before,
            now: Some(after.version),
        }
    }
}

impl Store {
    /// Store a new record. An empty id asks for the next free one (`s25`).
    pub fn create(&self, who: &str, mut record: Record) -> Result<Stored<Record>> {
        let generate = record.id().is_empty();
        if generate {
            record.set_id("(new)".into());
        }
        let record = self.prepared(who, record)?;
        let floors = self.uncounted_floors()?;
        self.write(who, |tx| {
            let mut record = record.clone();
            tx.count_ids_once(floors.as_ref())?;
            if generate {
                record.set_id(tx.next_id(record.kind())?);
            } else if tx.exists(record.kind(), record.id())? {
                return abort(StoreError::Exists {
                    kind: record.kind(),
                    id: record.id().to_string(),
                });
            } else {
                let kind = record.kind();
                tx.raise_counters(&super::ids::floors([(kind, record.id())]))?;
            }
            tx.check_references(&record)?;
            let stored = tx.fresh(record);
            tx.put(&stored)?;
            tx.log(ChangeKind::Created, None, Some(&stored), None)?;
            Ok(stored)
        })
    }

    /// Replace a record with `record`, if it is still at `expected_version`.
    /// Saving an unchanged record writes nothing.
    pub fn update(
        &self,
        who: &str,
        record: Record,
        expected_version: u64,
    ) -> Result<Stored<Record>> {
        let record = self.prepared(who, record)?;
        let result = self.write(who, |tx| {
            let current = current(tx, record.kind(), record.id(), Some(expected_version))?;
            if current.record == record {
                return Ok(current);
            }
            tx.check_references(&record)?;
            if let (Record::Note(old), Record::Note(new)) = (&current.record, &record)
                && old.startup != new.startup
            {
                tx.remove(&current.record)?;
            }
            let next = tx.next(&current, record.clone());
            tx.put(&next)?;
            tx.log(ChangeKind::Updated, Some(&current), Some(&next), None)?;
            Ok(next)
        });
        self.explain_conflict(result)
    }

    /// Change record `id` of `kind` as it is now (read afresh inside the
    /// write, so no version is needed and no other write can come between):
    /// for one field set from a key, as ticking off a milestone or closing
    /// judging while judges score. The record as it was and as it is now
    /// (the same when it was so already).
    pub fn change(
        &self,
        who: &str,
        kind: Kind,
        id: &str,
        change: impl Fn(&mut Record),
    ) -> Result<(Record, Stored<Record>)> {
        self.write(who, |tx| {
            let stored = current(tx, kind, id, None)?;
            let mut record = stored.record.clone();
            change(&mut record);
            let now = replace_checked_to(tx, &stored, &record)?;
            Ok((stored.record.clone(), now.unwrap_or(stored)))
        })
    }

    /// `record` as it is stored: tidied (names trimmed), every rule of its
    /// own kept, signed by who writes it, its lists in their kept order.
    pub(super) fn prepared(&self, who: &str, mut record: Record) -> Result<Record> {
        record.normalize();
        refuse_problems(record.problems())?;
        self.check_signature(who, &record)?;
        record.arrange();
        Ok(record)
    }

    /// What deleting this record would take with it.
    pub fn delete_plan(&self, kind: Kind, id: &str) -> Result<DeletePlan> {
        let target = self
            .get_any(kind, id)?
            .ok_or_else(|| StoreError::NotFound {
                kind,
                id: id.to_string(),
            })?;
        let mut plan = DeletePlan {
            target,
            notes: vec![],
            pitch_slots: vec![],
            demo_days: vec![],
            detached: vec![],
            unlinked: vec![],
            calls: vec![],
            applications: vec![],
            reviews: vec![],
            relinked: vec![],
            milestones: vec![],
            office_hours: vec![],
            freed: vec![],
            unnoted: vec![],
        };
        match kind {
            Kind::Startup => {
                plan.notes = self
                    .notes_of(id)?
                    .into_iter()
                    .map(|n| n.record.id)
                    .collect();
                plan.pitch_slots = self
                    .list::<DemoDay>()?
                    .into_iter()
                    .filter(|d| d.record.pitches.iter().any(|p| p.startup == id))
                    .map(|d| d.record.id)
                    .collect();
                plan.relinked = self
                    .list::<Application>()?
                    .into_iter()
                    .filter(|a| a.record.startup.as_deref() == Some(id))
                    .map(|a| a.record.id)
                    .collect();
                plan.milestones = self
                    .list::<Milestone>()?
                    .into_iter()
                    .filter(|m| m.record.startup == id)
                    .map(|m| m.record.id)
                    .collect();
                plan.freed = self
                    .list::<OfficeHour>()?
                    .into_iter()
                    .filter(|o| o.record.startup.as_deref() == Some(id))
                    .map(|o| o.record.id)
                    .collect();
            }
            Kind::Cohort => {
                plan.detached = self
                    .list::<Startup>()?
                    .into_iter()
                    .filter(|s| s.record.cohort.as_deref() == Some(id))
                    .map(|s| s.record.id)
                    .collect();
                plan.demo_days = self
                    .list::<DemoDay>()?
                    .into_iter()
                    .filter(|d| d.record.cohort == id)
                    .map(|d| d.record.id)
                    .collect();
                plan.calls = self
                    .list::<Call>()?
                    .into_iter()
                    .filter(|c| c.record.cohort == id)
                    .map(|c| c.record.id)
                    .collect();
            }
            Kind::Mentor => {
                plan.unlinked = self
                    .list::<Startup>()?
                    .into_iter()
                    .filter(|s| s.record.mentors.iter().any(|m| m == id))
                    .map(|s| s.record.id)
                    .collect();
                plan.relinked = self
                    .list::<Application>()?
                    .into_iter()
                    .filter(|a| a.record.reviewers.iter().any(|m| m == id))
                    .map(|a| a.record.id)
                    .collect();
                plan.reviews = self
                    .list::<Review>()?
                    .into_iter()
                    .filter(|r| r.record.reviewer == id)
                    .map(|r| r.record.id)
                    .collect();
                plan.office_hours = self
                    .list::<OfficeHour>()?
                    .into_iter()
                    .filter(|o| o.record.mentor == id)
                    .map(|o| o.record.id)
                    .collect();
            }
            Kind::Call => {
                plan.applications = self
                    .list::<Application>()?
                    .into_iter()
                    .filter(|a| a.record.call == id)
                    .map(|a| a.record.id)
                    .collect();
                let taken: std::collections::HashSet<&str> =
                    plan.applications.iter().map(String::as_str).collect();
                plan.reviews = self
                    .list::<Review>()?
                    .into_iter()
                    .filter(|r| taken.contains(r.record.application.as_str()))
                    .map(|r| r.record.id)
                    .collect();
            }
            Kind::Application => {
                plan.reviews = self
                    .list::<Review>()?
                    .into_iter()
                    .filter(|r| r.record.application == id)
                    .map(|r| r.record.id)
                    .collect();
            }
            Kind::Note => {
                plan.unnoted = self
                    .list::<Milestone>()?
                    .into_iter()
                    .filter(|m| m.record.notes.iter().any(|n| n == id))
                    .map(|m| m.record.id)
                    .collect();
            }
            Kind::DemoDay | Kind::Review | Kind::Milestone | Kind::OfficeHour => {}
        }
        Ok(plan)
    }

    /// Delete a record and what goes with it, in one transaction. A cohort
    /// that still has startups, or a call with applications, is refused
    /// unless `with_dependents`: the startups are then left without a
    /// cohort, the applications deleted with their reviews. A cohort with
    /// calls is always refused.
    pub fn delete(
        &self,
        who: &str,
        kind: Kind,
        id: &str,
        expected_version: Option<u64>,
        with_dependents: bool,
    ) -> Result<Deleted> {
        let writing = self.lock(&self.inner.write_lock);
        let plan = self.delete_plan(kind, id)?;
        if let Some(refused) = plan.refusal(with_dependents) {
            return Err(refused);
        }
        let result = self.transact(who, |tx| remove_with(tx, &plan, expected_version));
        drop(writing);
        let undo = self.explain_conflict(result)?;
        Ok(Deleted { plan, undo })
    }

    /// Name who made the change a conflicting write ran into.
    /// Put records back the way they were, in one transaction, through
    /// the write path (each change logged as an undo). Refused, with who
    /// changed what, unless every record is still as the undo expects.
    /// Returns what takes the revert back (for redo): last put back first.
    pub fn revert(&self, who: &str, reverts: &[Revert]) -> Result<Vec<Revert>> {
        let result = self.write(who, |tx| {
            let mut inverse = Vec::new();
            for revert in reverts {
                let current = tx.get(revert.kind, &revert.id)?;
                match (&current, revert.now) {
                    (Some(c), Some(now)) if c.version == now => {}
                    (None, None) => {}
                    (Some(c), _) => {
                        return abort(StoreError::Conflict {
                            kind: revert.kind,
                            id: revert.id.clone(),
                            name: String::new(),
                            by: String::new(),
                            expected: revert.now.unwrap_or(0),
                            found: c.version,
                        });
                    }
                    (None, Some(_)) => {
                        return abort(StoreError::NotFound {
                            kind: revert.kind,
                            id: revert.id.clone(),
                        });
                    }
                }
                let cause = Some("undo".to_string());
                match (&revert.before, current) {
                    (Some(before), Some(current)) => {
                        tx.check_references(before)?;
                        let next = tx.next(&current, before.clone());
                        tx.put(&next)?;
                        tx.log(ChangeKind::Updated, Some(&current), Some(&next), cause)?;
                        inverse.push(Revert::of(Some(current.record), &next));
                    }
                    (Some(before), None) => {
                        tx.check_references(before)?;
                        let fresh = tx.fresh(before.clone());
                        tx.put(&fresh)?;
                        tx.log(ChangeKind::Created, None, Some(&fresh), cause)?;
                        inverse.push(Revert::of(None, &fresh));
                    }
                    (None, Some(current)) => {
                        tx.remove(&current.record)?;
                        tx.log(ChangeKind::Deleted, Some(&current), None, cause)?;
                        inverse.push(gone(&current));
                    }
                    (None, None) => {}
                }
            }
            // Taken back in the reverse order: what refers to a record
            // goes before it.
            inverse.reverse();
            Ok(inverse)
        });
        self.explain_conflict(result)
    }

    pub(super) fn explain_conflict<T>(&self, result: Result<T>) -> Result<T> {
        match result {
            Err(StoreError::Conflict {
                kind,
                id,
                expected,
                found,
                ..
            }) => {
                let history = self.history_of(kind, &id).unwrap_or_default();
                let last = history.last();
                let by = last
                    .map(|h| format!("{} at {}", h.who, h.at.format("%Y-%m-%d %H:%M UTC")))
                    .unwrap_or_else(|| "someone else".into());
                let name = self
                    .get_any(kind, &id)
                    .ok()
                    .flatten()
                    .map(|s| s.record.label())
                    .unwrap_or_default();
                Err(StoreError::Conflict {
                    kind,
                    id,
                    name,
                    by,
                    expected,
                    found,
                })
            }
            other => other,
        }
    }
}

/// Delete `plan`'s target (if still at `expected`) and what goes with it,
/// inside `tx`; the undo of it all.
pub(super) fn remove_with(
    tx: &Tx,
    plan: &DeletePlan,
    expected_version: Option<u64>,
) -> TxResult<Vec<Revert>> {
    let kind = plan.target.record.kind();
    let id = plan.target.record.id();
    let target = current(tx, kind, id, expected_version)?;
    let cause = format!("deleted with {kind} {id}");
    let because = format!("{kind} {id} was deleted");
    let mut undo = vec![gone(&target)];
    tx.remove(&target.record)?;
    tx.log(ChangeKind::Deleted, Some(&target), None, None)?;
    // In the order an undo puts them back: what a record refers to first.
    let deleted_with = [
        (Kind::Note, &plan.notes),
        (Kind::DemoDay, &plan.demo_days),
        (Kind::Application, &plan.applications),
        (Kind::Review, &plan.reviews),
        (Kind::Milestone, &plan.milestones),
        (Kind::OfficeHour, &plan.office_hours),
    ];
    for (kind, ids) in deleted_with {
        for id in ids {
            if let Some(stored) = tx.get(kind, id)? {
                undo.push(gone(&stored));
                tx.remove(&stored.record)?;
                tx.log(
                    ChangeKind::Deleted,
                    Some(&stored),
                    None,
                    Some(cause.clone()),
                )?;
            }
        }
    }
    for demo_day in &plan.pitch_slots {
        undo.extend(edit(tx, Kind::DemoDay, demo_day, &because, |r| {
            if let Record::DemoDay(d) = r {
                d.pitches.retain(|p| p.startup != id);
                d.scores.retain(|s| s.startup != id);
            }
        })?);
    }
    for startup in &plan.detached {
        undo.extend(edit(tx, Kind::Startup, startup, &because, |r| {
            if let Record::Startup(s) = r {
                s.cohort = None;
            }
        })?);
    }
    for startup in &plan.unlinked {
        undo.extend(edit(tx, Kind::Startup, startup, &because, |r| {
            if let Record::Startup(s) = r {
                s.mentors.retain(|m| m != id);
            }
        })?);
    }
    for application in &plan.relinked {
        undo.extend(edit(tx, Kind::Application, application, &because, |r| {
            if let Record::Application(a) = r {
                match kind {
                    Kind::Mentor => a.reviewers.retain(|m| m != id),
                    _ => a.startup = None,
                }
            }
        })?);
    }
    for slot in &plan.freed {
        undo.extend(edit(tx, Kind::OfficeHour, slot, &because, |r| {
            if let Record::OfficeHour(o) = r {
                o.startup = None;
                o.topic.clear();
            }
        })?);
    }
    for milestone in &plan.unnoted {
        undo.extend(edit(tx, Kind::Milestone, milestone, &because, |r| {
            if let Record::Milestone(m) = r {
                m.notes.retain(|n| n != id);
            }
        })?);
    }
    Ok(undo)
}

/// The stored record, refusing a missing one or one at another version.
pub(super) fn current(
    tx: &Tx,
    kind: Kind,
    id: &str,
    expected: Option<u64>,
) -> TxResult<Stored<Record>> {
    let Some(current) = tx.get(kind, id)? else {
        return abort(StoreError::NotFound {
            kind,
            id: id.to_string(),
        });
    };
    match expected {
        Some(version) if version != current.version => abort(StoreError::Conflict {
            kind,
            id: id.to_string(),
            name: String::new(),
            by: String::new(),
            expected: version,
            found: current.version,
        }),
        _ => Ok(current),
    }
}

/// Change another record as part of this write; the undo of the change.
fn edit(
    tx: &Tx,
    kind: Kind,
    id: &str,
    cause: &str,
    change: impl Fn(&mut Record),
) -> TxResult<Option<Revert>> {
    let Some(stored) = tx.get(kind, id)? else {
        return Ok(None);
    };
    let mut record = stored.record.clone();
    change(&mut record);
    tx.rewrite(&stored, record, cause)?;
    Ok(Some(Revert {
        kind,
        id: id.to_string(),
        before: Some(stored.record),
        now: Some(stored.version + 1),
    }))
}

/// Replace the record with `record` inside `tx`, if it is still at
/// `version`: its undo, or `None` when it is already so.
pub(super) fn update_at(tx: &Tx, record: &Record, version: u64) -> TxResult<Option<Revert>> {
    let now = current(tx, record.kind(), record.id(), Some(version))?;
    Ok(replace(tx, &now, record)?.map(|next| Revert::of(Some(now.record), &next)))
}

/// Replace `now`, as read in this transaction, with `record`: the record
/// as written, or `None` when it is so already.
fn replace(tx: &Tx, now: &Stored<Record>, record: &Record) -> TxResult<Option<Stored<Record>>> {
    if now.record == *record {
        return Ok(None);
    }
    tx.check_references(record)?;
    let next = tx.next(now, record.clone());
    tx.put(&next)?;
    tx.log(ChangeKind::Updated, Some(now), Some(&next), None)?;
    Ok(Some(next))
}

/// Replace `stored`, read in this transaction, with `record` (a part of it
/// changed: a field set from a key, a slot booked, a judge's score), once
/// `record` keeps its own rules: its undo, or `None` when it is so already.
pub(super) fn replace_checked(
    tx: &Tx,
    stored: &Stored<Record>,
    record: &Record,
) -> TxResult<Option<Revert>> {
    Ok(replace_checked_to(tx, stored, record)?
        .map(|next| Revert::of(Some(stored.record.clone()), &next)))
}

/// [`replace_checked`], giving the record as written.
fn replace_checked_to(
    tx: &Tx,
    stored: &Stored<Record>,
    record: &Record,
) -> TxResult<Option<Stored<Record>>> {
    let problems = record.problems();
    if !problems.is_empty() {
        return abort(StoreError::Invalid(problems));
    }
    replace(tx, stored, record)
}

/// The undo of removing `stored`: put it back where nothing is now.
fn gone(stored: &Stored<Record>) -> Revert {
    Revert {
        kind: stored.record.kind(),
        id: stored.record.id().to_string(),
        before: Some(stored.record.clone()),
        now: None,
    }
}

pub(super) fn refuse_problems(problems: Vec<Problem>) -> Result<()> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(problems))
    }
}
