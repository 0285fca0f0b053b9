//! Accepting an application: the startup made from it in its call's
//! cohort, and the application marked accepted and linked to it, in one
//! transaction — a crash leaves neither or both.

use sled::transaction::abort;

use super::error::StoreError;
use super::history::ChangeKind;
use super::stored::Stored;
use super::write::{Revert, current};
use super::{Result, Store};
use crate::model::*;

/// What accepting an application did.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    pub application: Application,
    pub startup: Startup,
    /// The cohort the startup is placed in.
    pub cohort: Cohort,
    /// The cohort's startups after this one, against its places.
    pub placed: usize,
    /// Whether it had been accepted before (nothing was written).
    pub already: bool,
    /// Its undo: the application put back as it was, the startup taken out.
    pub undo: Vec<Revert>,
}

impl Store {
    /// Accept application `id`: a startup with its name, one-liner, sector
    /// and founders, placed in the call's cohort, and the application at
    /// stage `accepted`, linked to it. An application accepted before is
    /// left as it is. A withdrawn one is refused.
    pub fn accept(&self, who: &str, id: &str) -> Result<Accepted> {
        let accepted = self.write(who, |tx| {
            let stored = current(tx, Kind::Application, id, None)?;
            let Record::Application(application) = stored.record.clone() else {
                return abort(not_found(id));
            };
            let Some(Record::Call(call)) = tx.get(Kind::Call, &application.call)?.map(|s| s.record)
            else {
                return abort(StoreError::NotFound {
                    kind: Kind::Call,
                    id: application.call.clone(),
                });
            };
            let Some(Record::Cohort(cohort)) =
                tx.get(Kind::Cohort, &call.cohort)?.map(|s| s.record)
            else {
                return abort(StoreError::NotFound {
                    kind: Kind::Cohort,
                    id: call.cohort.clone(),
                });
            };
            if let Some(made) = &application.startup
                && let Some(Record::Startup(startup)) =
                    tx.get(Kind::Startup, made)?.map(|s| s.record)
            {
                return Ok((application, startup, cohort, Vec::new()));
            }
            if application.stage == ApplicationStage::Withdrawn {
                return abort(StoreError::Invalid(vec![Problem::new(
                    Kind::Application,
                    id,
                    "stage",
                    "was withdrawn by the applicant; move it to another stage before accepting it",
                )]));
            }
            let startup = Startup {
                id: tx.next_id(Kind::Startup)?,
                name: application.name.clone(),
                one_liner: application.one_liner.clone(),
                sector: application.sector.clone(),
                stage: Stage::default(),
                status: Status::Active,
                cohort: Some(cohort.id.clone()),
                mentors: Vec::new(),
                founders: application.founders.clone(),
                tags: Vec::new(),
                website: String::new(),
                kpis: Vec::new(),
                outcome: None,
            };
            let made = tx.fresh(Record::Startup(startup.clone()));
            tx.put(&made)?;
            let cause = format!("accepted from application {id}");
            tx.log(ChangeKind::Created, None, Some(&made), Some(cause))?;
            let mut linked = application;
            linked.stage = ApplicationStage::Accepted;
            linked.startup = Some(startup.id.clone());
            let next: Stored<Record> = tx.next(&stored, Record::Application(linked.clone()));
            tx.put(&next)?;
            tx.log(ChangeKind::Updated, Some(&stored), Some(&next), None)?;
            // Put back in this order: the application unlinked first, so
            // nothing refers to the startup when it goes.
            let undo = vec![
                Revert::of(Some(stored.record.clone()), &next),
                Revert::of(None, &made),
            ];
            Ok((linked, startup, cohort, undo))
        })?;
        let (application, startup, cohort, undo) = accepted;
        let already = undo.is_empty();
        // perf: counted from the catalog, not by reading every startup.
        let placed = self.scan_catalog(
            Kind::Startup,
            || 0,
            |n, entry| *n += usize::from(entry.cohort() == cohort.id),
        )?;
        Ok(Accepted {
            application,
            startup,
            cohort,
            placed,
            already,
            undo,
        })
    }
}

fn not_found(id: &str) -> StoreError {
    StoreError::NotFound {
        kind: Kind::Application,
        id: id.to_string(),
    }
}
