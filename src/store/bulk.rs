//! One change to several records at once (the session's marked rows):
//! written in one transaction, so a crash leaves all of it or none, and
//! undone as one step.

use super::history::ChangeKind;
use super::stored::Stored;
use super::write::{DeletePlan, Revert, remove_with, update_at};
use super::{Result, Store};
use crate::model::{Kind, Record};

/// What a delete of several records did.
#[derive(Debug, Clone, PartialEq)]
pub struct DeletedAll {
    pub plans: Vec<DeletePlan>,
    /// Its undo, as one list `revert` puts back in one transaction.
    pub undo: Vec<Revert>,
}

impl Store {
    /// Replace each record with its new value if it is still at the
    /// version given, all in one transaction: one that moved meanwhile
    /// refuses the whole write (the conflict names it and who changed
    /// it). Returns the undo of it all.
    pub fn update_all(&self, who: &str, changes: Vec<(Record, u64)>) -> Result<Vec<Revert>> {
        let mut records = Vec::with_capacity(changes.len());
        for (record, version) in changes {
            records.push((self.prepared(who, record)?, version));
        }
        let result = self.write(who, |tx| {
            let mut undo = Vec::new();
            for (record, version) in &records {
                undo.extend(update_at(tx, record, *version)?);
            }
            Ok(undo)
        });
        self.explain_conflict(result)
    }

    /// Store new records, each given the next free id of its kind, and
    /// replace others still at the version given, all in one transaction:
    /// a crash leaves all of it or none (an intake's applications and its
    /// call's new questions). Each gets its own history entry. Returns the
    /// records made, in the order given.
    pub fn create_all(
        &self,
        who: &str,
        created: Vec<Record>,
        updated: Vec<(Record, u64)>,
    ) -> Result<Vec<Stored<Record>>> {
        let mut fresh = Vec::with_capacity(created.len());
        for mut record in created {
            record.set_id("(new)".into());
            fresh.push(self.prepared(who, record)?);
        }
        let mut changed = Vec::with_capacity(updated.len());
        for (record, version) in updated {
            changed.push((self.prepared(who, record)?, version));
        }
        let floors = self.uncounted_floors()?;
        let result = self.write(who, |tx| {
            tx.count_ids_once(floors.as_ref())?;
            // What the new records refer to (a call's new questions) first.
            for (record, version) in &changed {
                update_at(tx, record, *version)?;
            }
            let mut made = Vec::with_capacity(fresh.len());
            for record in &fresh {
                let mut record = record.clone();
                record.set_id(tx.next_id(record.kind())?);
                tx.check_references(&record)?;
                let stored = tx.fresh(record);
                tx.put(&stored)?;
                tx.log(ChangeKind::Created, None, Some(&stored), None)?;
                made.push(stored);
            }
            Ok(made)
        });
        self.explain_conflict(result)
    }

    /// Delete records of `kind`, each at the version given, and what goes
    /// with each, in one transaction. A cohort with startups or calls, or a
    /// call with applications, is refused.
    pub fn delete_all(
        &self,
        who: &str,
        kind: Kind,
        targets: &[(String, u64)],
    ) -> Result<DeletedAll> {
        let writing = self.lock(&self.inner.write_lock);
        let mut plans = Vec::with_capacity(targets.len());
        for (id, _) in targets {
            let plan = self.delete_plan(kind, id)?;
            if let Some(refused) = plan.refusal(false) {
                return Err(refused);
            }
            plans.push(plan);
        }
        let result = self.transact(who, |tx| {
            let mut undos = Vec::with_capacity(plans.len());
            for (plan, (_, version)) in plans.iter().zip(targets) {
                undos.push(remove_with(tx, plan, Some(*version))?);
            }
            Ok(undos)
        });
        drop(writing);
        let undos = self.explain_conflict(result)?;
        Ok(DeletedAll {
            plans,
            undo: merged(undos),
        })
    }
}

/// The undos of deletes done one after another, as one: a record two of
/// them changed (a demo day losing two pitch slots) is put back once, as
/// it was before the first and expected as the last left it; what was
/// removed comes back before what was changed, since those refer to it.
fn merged(undos: Vec<Vec<Revert>>) -> Vec<Revert> {
    let mut gone: Vec<Revert> = Vec::new();
    let mut changed: Vec<Revert> = Vec::new();
    for revert in undos.into_iter().flatten() {
        if revert.now.is_none() {
            gone.push(revert);
        } else if let Some(first) = changed
            .iter_mut()
            .find(|r| r.kind == revert.kind && r.id == revert.id)
        {
            first.now = revert.now;
        } else {
            changed.push(revert);
        }
    }
    gone.extend(changed);
    gone
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::cohort;
    use crate::model::{Application, ApplicationStage, Call, Criterion};
    use crate::store::StoreError;
    use crate::store::access::Access;

    fn call() -> Call {
        Call {
            id: "call1".into(),
            cohort: "c1".into(),
            name: "Spring call".into(),
            opens: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            closes: chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap(),
            criteria: vec![Criterion {
                name: "Team".into(),
                weight: 1,
            }],
            questions: Vec::new(),
        }
    }

    fn application(name: &str) -> Record {
        Record::Application(Application {
            id: String::new(),
            call: "call1".into(),
            name: name.into(),
            one_liner: String::new(),
            sector: String::new(),
            founders: Vec::new(),
            answers: vec!["Yes".into()],
            submitted_at: chrono::DateTime::parse_from_rfc3339("2026-12-03T11:20:00+04:00")
                .unwrap(),
            stage: ApplicationStage::Received,
            reviewers: Vec::new(),
            startup: None,
        })
    }

    fn store_with_call() -> (tempfile::TempDir, Store) {
        let dir = tempfile::TempDir::new().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.initialize_empty().unwrap();
        store
            .create("test", cohort("c1", "2027-03-01", "2027-06-25").into())
            .unwrap();
        store.create("test", call().into()).unwrap();
        (dir, store)
    }

    #[test]
    fn records_made_together_get_ids_history_and_the_calls_questions_at_once() {
        let (_dir, store) = store_with_call();
        let mut asked = call();
        asked.questions = vec!["Why now?".into()];
        let made = store
            .create_all(
                "Nigar",
                vec![application("Nar"), application("Kilim")],
                vec![(asked.into(), 1)],
            )
            .unwrap();
        let ids: Vec<&str> = made.iter().map(|s| s.record.id()).collect();
        assert_eq!(ids, ["a1", "a2"]);
        let stored = store.get::<Call>("call1").unwrap().unwrap();
        assert_eq!((stored.version, stored.record.questions.len()), (2, 1));
        let history = store.history_of(Kind::Application, "a2").unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].who, "Nigar");
        assert_eq!(history[0].action, ChangeKind::Created);
    }

    #[test]
    fn a_call_changed_meanwhile_or_a_mentor_or_staff_handle_writes_nothing() {
        let (_dir, store) = store_with_call();
        // The call moved on to version 2 since it was read at 1.
        let mut renamed = call();
        renamed.name = "Spring open call".into();
        store.update("test", renamed.into(), 1).unwrap();
        let moved = store.create_all("Nigar", vec![application("Nar")], vec![(call().into(), 1)]);
        assert!(
            matches!(moved, Err(StoreError::Conflict { .. })),
            "{moved:?}"
        );

        let mentor = store.with_access(Access::Mentor { id: "m1".into() });
        let refused = mentor.create_all("Aysel", vec![application("Nar")], Vec::new());
        let said = refused.unwrap_err().to_string();
        assert_eq!(said, "refused: a mentor m1 may not create application a1");
        let staff = store.with_access(Access::ReadOnly);
        let said = staff
            .create_all("Kim", vec![application("Nar")], Vec::new())
            .unwrap_err()
            .to_string();
        assert_eq!(said, "refused: a staff may not change anything");
        assert!(store.list::<Application>().unwrap().is_empty());
    }
}
