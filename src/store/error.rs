//! What can go wrong with the store, worded for the person at the keyboard.

use std::path::PathBuf;

use crate::model::{Kind, Problem};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process has the database open (sled allows one).
    #[error("{}", locked_message(path, holder, serving.as_deref()))]
    Locked {
        path: PathBuf,
        holder: String,
        /// The ssh command that reaches the server holding it, if one does.
        serving: Option<String>,
    },

    #[error("the database {} is damaged ({detail}); move it aside and load your last export with `incubator import FILE`", path.display())]
    Damaged { path: PathBuf, detail: String },

    #[error("the database {} was written by a newer incubator (schema {found}; this one reads up to {supported})", path.display())]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    #[error("{} is not an incubator database ({detail})", path.display())]
    NotADatabase { path: PathBuf, detail: String },

    #[error("could not use the database {}: {detail}", path.display())]
    Io { path: PathBuf, detail: String },

    #[error("{}", list_problems(.0))]
    Invalid(Vec<Problem>),

    /// An import refused: the rules its records break, and the ids it
    /// shares with the database (without `--replace`).
    #[error("{}", list_refusal(problems, collisions))]
    ImportRefused {
        problems: Vec<Problem>,
        collisions: Vec<(Kind, String)>,
    },

    /// The handle's role does not allow this write.
    #[error("refused: a {role} may not {what}")]
    Forbidden { role: String, what: String },

    #[error("no {kind} with id {id:?}")]
    NotFound { kind: Kind, id: String },

    #[error("a {kind} with id {id:?} already exists")]
    Exists { kind: Kind, id: String },

    /// The record changed since the caller read it.
    #[error(
        "{kind} {id} ({name}) was changed by {by} since you opened it (it is at version {found}, you edited version {expected})"
    )]
    Conflict {
        kind: Kind,
        id: String,
        name: String,
        by: String,
        expected: u64,
        found: u64,
    },

    #[error("cohort {id} ({name}) still has {} startup(s): {}; detach them or move them first", startups.len(), startups.join(", "))]
    CohortNotEmpty {
        id: String,
        name: String,
        startups: Vec<String>,
    },

    #[error("call {id} ({name}) has {}; delete them with it, or move them to another call first", crate::text::counted(applications.len(), "application"))]
    CallNotEmpty {
        id: String,
        name: String,
        applications: Vec<String>,
    },

    #[error("cohort {id} ({name}) has calls for applications ({}); delete those first", calls.join(", "))]
    CohortHasCalls {
        id: String,
        name: String,
        calls: Vec<String>,
    },

    /// Someone booked the office-hour slot first.
    #[error("the slot {id} at {at} was just booked by {by}; pick another")]
    SlotTaken { id: String, at: String, by: String },
}

impl StoreError {
    /// The same error said of the database at `shown` (it happened in a
    /// copy of it, see `Store::open_to_read`).
    pub(crate) fn shown_at(mut self, shown: &std::path::Path) -> StoreError {
        if let StoreError::Locked { path, .. }
        | StoreError::Damaged { path, .. }
        | StoreError::NewerSchema { path, .. }
        | StoreError::NotADatabase { path, .. }
        | StoreError::Io { path, .. } = &mut self
        {
            *path = shown.to_path_buf();
        }
        self
    }

    /// The process exit code the command line uses for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            StoreError::Locked { .. } => 3,
            StoreError::Invalid(_)
            | StoreError::ImportRefused { .. }
            | StoreError::NotFound { .. }
            | StoreError::Forbidden { .. }
            | StoreError::Exists { .. }
            | StoreError::Conflict { .. }
            | StoreError::CohortNotEmpty { .. }
            | StoreError::CallNotEmpty { .. }
            | StoreError::CohortHasCalls { .. }
            | StoreError::SlotTaken { .. } => 2,
            _ => 1,
        }
    }
}

fn locked_message(path: &std::path::Path, holder: &str, serving: Option<&str>) -> String {
    match serving {
        Some(command) => format!(
            "the database {} is served over SSH by incubator serve, {holder}; connect with: {command}",
            path.display()
        ),
        None => format!(
            "the database {} is in use by {holder}; close that incubator first",
            path.display()
        ),
    }
}

/// The most problems listed in one message; the rest are counted.
pub const PROBLEMS_SHOWN: usize = 50;

/// Ids listed per kind before the rest are counted.
const IDS_SHOWN: usize = 20;

fn list_refusal(problems: &[Problem], collisions: &[(Kind, String)]) -> String {
    let mut text = if problems.is_empty() {
        String::new()
    } else {
        list_problems(problems)
    };
    if collisions.is_empty() {
        return text;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&match collisions.len() {
        1 => "1 record already exists in this database".to_string(),
        n => format!("{n} records already exist in this database"),
    });
    text.push_str(" (import --replace replaces the whole portfolio):");
    for kind in Kind::DEPENDENCY_ORDER {
        let ids: Vec<&str> = collisions
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| id.as_str())
            .collect();
        if ids.is_empty() {
            continue;
        }
        text.push_str(&format!(
            "\n  {} {}",
            kind.plural(),
            ids[..ids.len().min(IDS_SHOWN)].join(", ")
        ));
        if ids.len() > IDS_SHOWN {
            text.push_str(&format!(" and {} more", ids.len() - IDS_SHOWN));
        }
    }
    text
}

fn list_problems(problems: &[Problem]) -> String {
    let mut text = match problems.len() {
        1 => "1 problem:".to_string(),
        n => format!("{n} problems:"),
    };
    for p in problems.iter().take(PROBLEMS_SHOWN) {
        text.push_str("\n  ");
        text.push_str(&p.to_string());
    }
    if problems.len() > PROBLEMS_SHOWN {
        text.push_str(&format!(
            "\n  … and {} more",
            problems.len() - PROBLEMS_SHOWN
        ));
    }
    text
}
