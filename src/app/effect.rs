//! What a session asks its front end to do for it, since a session does
//! no I/O of its own, and what comes back.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::export::summary::SummaryFormat;
use crate::model::{Application, ApplicationStage, Kind, PitchScore, Record};
use crate::report::Grouping;
use crate::store::{DeletePlan, Deleted, HistoryEntry, Revert, Stored};

/// What an export writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// The summary of the cohort with this id.
    CohortSummary(String),
    /// The impact report, grouped so.
    Report(Grouping),
}

/// Work for the front end.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write `document` as of the session's day to `path`; an existing
    /// file only when `replace`.
    Export {
        document: Document,
        format: SummaryFormat,
        excel: bool,
        path: PathBuf,
        replace: bool,
        /// Make the file's folder first when it is not there (locally,
        /// once the user said yes).
        make_folder: bool,
    },
    /// Put `text` on the user's clipboard (OSC 52); `what` names it in the
    /// status.
    Copy { text: String, what: String },
    /// Store `record`: a new one (`version` is `None`; an empty id asks
    /// for the next free one, and a new note is stamped with the time),
    /// or a change to the record at `version`.
    Save {
        record: Box<Record>,
        version: Option<u64>,
    },
    /// Read a record and its version, to open a form on it.
    Edit { kind: Kind, id: String },
    /// Work out what deleting a record takes with it, to ask first.
    PlanDelete { kind: Kind, id: String },
    Delete {
        kind: Kind,
        id: String,
        version: Option<u64>,
        detach: bool,
    },
    /// Undo (or, `redo`, redo): put records back as they were.
    Revert {
        label: String,
        reverts: Vec<Revert>,
        redo: bool,
    },
    /// Read what deleting each of these records takes with it, and the
    /// version each is at: a change to marked rows starts from it.
    /// `delete`: straight to the question before deleting them.
    PlanAll {
        kind: Kind,
        ids: Vec<String>,
        delete: bool,
    },
    /// Write these records, each if still at its version, in one
    /// transaction (a change to marked rows, named `label`).
    SaveAll {
        label: String,
        records: Vec<(Record, u64)>,
    },
    /// Delete these records, each if still at its version, and what goes
    /// with them, in one transaction.
    DeleteAll {
        label: String,
        kind: Kind,
        targets: Vec<(String, u64)>,
    },
    /// Read a record's history, for its details.
    History { kind: Kind, id: String },
    /// Change these applications as read afresh, in one transaction (the
    /// Calls tab's stage moves and reviewers, named `label`).
    ChangeApplications {
        label: String,
        ids: Vec<String>,
        change: ApplicationChange,
    },
    /// Accept these applications: a startup each in its call's cohort.
    Accept { label: String, ids: Vec<String> },
    /// Make these records in one transaction, one undo step named `label`
    /// (a milestone plan copied to a cohort, a series of office hours).
    CreateAll { label: String, records: Vec<Record> },
    /// A judge's scores of a pitch on demo day `demo_day`, replacing what
    /// they gave it before (`Store::score_pitch`).
    ScorePitch { demo_day: String, score: PitchScore },
    /// Close judging of demo day `demo_day` (the scores are final), or
    /// reopen it, on the day as stored now.
    SetJudging { demo_day: String, closed: bool },
    /// Book office hour `hour` for `startup` if it is still free.
    Book {
        label: String,
        hour: String,
        startup: String,
        topic: String,
    },
    /// Mark milestone `id` done on `done`, or open again (`None`), as it
    /// is stored now (named `label`).
    MarkMilestone {
        label: String,
        id: String,
        done: Option<NaiveDate>,
    },
}

/// What the Calls tab changes of applications.
#[derive(Debug, Clone, PartialEq)]
pub enum ApplicationChange {
    Stage(ApplicationStage),
    /// Who is asked to review it.
    Reviewers(Vec<String>),
}

impl ApplicationChange {
    pub fn apply(&self, application: &mut Application) {
        match self {
            ApplicationChange::Stage(stage) => application.stage = *stage,
            ApplicationChange::Reviewers(reviewers) => application.reviewers = reviewers.clone(),
        }
    }
}

/// How an effect went, fed back to the session as an event.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The file is written, at this full path.
    Exported(PathBuf),
    /// `Effect::Copy`'s text was sent to the terminal's clipboard.
    Copied(String),
    /// The file is there already and `replace` was not given.
    ExportExists(PathBuf),
    /// The file's folder (this full path) is not there and
    /// `make_folder` was not given.
    ExportNoFolder(PathBuf),
    /// Saved and on disk: the record as stored, and what it was before
    /// (`None` for a new one), for undo.
    Saved {
        before: Option<Box<Record>>,
        after: Box<Stored<Record>>,
    },
    /// The record changed since the form opened it: the store's account
    /// of who and when (`message`, and `by`: "Aysel Hüseynova at
    /// 2026-11-28 10:02 UTC"), and the record as it is now.
    Conflict {
        message: String,
        by: String,
        theirs: Option<Box<Stored<Record>>>,
    },
    /// The store refused the save (a rule, a missing reference): why.
    Refused(String),
    /// The record to edit, as stored.
    ForEdit(Box<Stored<Record>>),
    DeletePlan(Box<DeletePlan>),
    Deleted(Box<Deleted>),
    /// The undo (or redo) labelled so is done; `inverse` takes it back.
    Reverted {
        label: String,
        redo: bool,
        inverse: Vec<Revert>,
    },
    /// The marked records as stored, with what deleting each takes along
    /// (records deleted meanwhile are left out).
    Planned {
        kind: Kind,
        plans: Vec<DeletePlan>,
        delete: bool,
    },
    /// A change to several records is on disk: its undo.
    SavedAll {
        label: String,
        undo: Vec<Revert>,
    },
    History {
        kind: Kind,
        id: String,
        entries: Vec<HistoryEntry>,
    },
    /// A judge's scores are written.
    Scored,
    /// It failed; the message says what and where.
    Failed(String),
}
