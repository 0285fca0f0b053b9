//! Who may write what: decided here, on the write path, for every record a
//! write touches (cascades and undos included), so no front end can get
//! around it by sending a key the screen did not offer.

use std::fmt;

use super::error::StoreError;
use super::stored::Stored;
use super::tx::{Tx, TxResult};
use crate::model::{DemoDay, Kind, Record};
use sled::transaction::abort;

/// What a store handle may write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Access {
    /// Every write (the local terminal, the command line, a coordinator).
    #[default]
    Everything,
    /// A mentor: notes and KPI snapshots of the startups they mentor,
    /// their own reviews of the applications that list them as reviewer,
    /// and their own mentor profile. They read other reviewers' reviews of
    /// an application only once they have reviewed it (see `blind`).
    Mentor { id: String },
    /// A judge on demo day: their own scores of the pitches of the demo
    /// days that list `name` as a judge, while judging is open; nothing
    /// else. What they read is cut down by the front end (`app::access`).
    Judge { name: String },
    /// Reads and exports only.
    ReadOnly,
}

impl Access {
    pub fn is_everything(&self) -> bool {
        matches!(self, Access::Everything)
    }

    /// Whether notes of startup `startup` (mentored by `mentors`) may be
    /// written: for the UI, which hides what would be refused.
    pub fn may_write_notes(&self, mentors: &[String]) -> bool {
        match self {
            Access::Everything => true,
            Access::Mentor { id } => mentors.contains(id),
            Access::Judge { .. } | Access::ReadOnly => false,
        }
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Access::Everything => f.write_str("coordinator"),
            Access::Mentor { id } => write!(f, "mentor {id}"),
            Access::Judge { name } => write!(f, "judge {name}"),
            Access::ReadOnly => f.write_str("staff"),
        }
    }
}

impl super::Store {
    /// On a handle that signs notes, a note's author must be `who`, or for
    /// a coordinator `who for NAME`: nobody writes as someone else.
    pub(super) fn check_signature(&self, who: &str, record: &Record) -> Result<(), StoreError> {
        let Record::Note(note) = record else {
            return Ok(());
        };
        if !self.signed || note.author == who {
            return Ok(());
        }
        let for_someone = note
            .author
            .strip_prefix(who)
            .and_then(|rest| rest.strip_prefix(" for "))
            .is_some_and(|name| !name.trim().is_empty());
        if for_someone && self.access.is_everything() {
            return Ok(());
        }
        Err(forbidden(
            &self.access,
            format!(
                "sign a note as {:?}: notes are signed by who writes them ({who:?})",
                note.author
            ),
        ))
    }
}

/// The refusal, worded for the person who tried.
pub(super) fn forbidden(access: &Access, what: String) -> StoreError {
    StoreError::Forbidden {
        role: access.to_string(),
        what,
    }
}

impl Tx<'_> {
    /// Refuse the change from `before` to `after` (either may be absent:
    /// a create or a delete) unless this handle's access allows it.
    pub(super) fn permit(
        &self,
        before: Option<&Stored<Record>>,
        after: Option<&Stored<Record>>,
    ) -> TxResult<()> {
        let Some(subject) = after.or(before) else {
            return Ok(());
        };
        let record = &subject.record;
        let refuse = |what: String| abort(forbidden(self.access, what));
        let label = format!("{} {}", record.kind(), record.id());
        match self.access {
            Access::Everything => Ok(()),
            Access::ReadOnly => refuse(format!("change {label}")),
            Access::Judge { name } => match (before.map(|s| &s.record), after.map(|s| &s.record)) {
                (Some(Record::DemoDay(old)), Some(Record::DemoDay(new))) => {
                    judges_own_scores(name, old, new).map_or(Ok(()), refuse)
                }
                _ => refuse(format!("change {label}: a judge scores pitches only")),
            },
            Access::Mentor { id } => match (before.map(|s| &s.record), after.map(|s| &s.record)) {
                // A note on one of their startups, before and after.
                (b, a) if record.kind() == Kind::Note => {
                    for note in [b, a].into_iter().flatten() {
                        if let Record::Note(note) = note
                            && !self.mentors_startup(id, &note.startup)?
                        {
                            return refuse(format!(
                                "write notes on startup {}, which they do not mentor",
                                note.startup
                            ));
                        }
                    }
                    Ok(())
                }
                // Their own review of an application that lists them.
                (b, a) if record.kind() == Kind::Review => {
                    for review in [b, a].into_iter().flatten() {
                        if let Record::Review(review) = review {
                            if review.reviewer != *id {
                                return refuse(format!(
                                    "write a review as {}: reviews are written by their reviewer",
                                    review.reviewer
                                ));
                            }
                            if !self.lists_reviewer(id, &review.application)? {
                                return refuse(format!(
                                    "review application {}, which does not list them as a reviewer",
                                    review.application
                                ));
                            }
                        }
                    }
                    Ok(())
                }
                // KPI snapshots of a startup they mentor, and nothing else of it.
                (Some(Record::Startup(old)), Some(Record::Startup(new))) => {
                    let mut only_kpis = new.clone();
                    only_kpis.kpis = old.kpis.clone();
                    if !old.mentors.contains(id) {
                        refuse(format!(
                            "change startup {}, which they do not mentor",
                            old.id
                        ))
                    } else if only_kpis != *old {
                        refuse(format!(
                            "change startup {} beyond its KPI snapshots",
                            old.id
                        ))
                    } else {
                        Ok(())
                    }
                }
                // Milestones of a startup they mentor.
                (b, a) if record.kind() == Kind::Milestone => {
                    for milestone in [b, a].into_iter().flatten() {
                        if let Record::Milestone(m) = milestone
                            && !self.mentors_startup(id, &m.startup)?
                        {
                            return refuse(format!(
                                "write milestones of startup {}, which they do not mentor",
                                m.startup
                            ));
                        }
                    }
                    Ok(())
                }
                // Their own office hours, booked for anyone.
                (b, a) if record.kind() == Kind::OfficeHour => {
                    for slot in [b, a].into_iter().flatten() {
                        if let Record::OfficeHour(o) = slot
                            && o.mentor != *id
                        {
                            return refuse(format!(
                                "change office hours of mentor {}: a mentor keeps their own",
                                o.mentor
                            ));
                        }
                    }
                    Ok(())
                }
                (Some(Record::Mentor(old)), Some(Record::Mentor(_))) if old.id == *id => Ok(()),
                (Some(_), Some(_)) => refuse(format!("change {label}")),
                (None, _) => refuse(format!("create {label}")),
                (_, None) => refuse(format!("delete {label}")),
            },
        }
    }

    fn lists_reviewer(&self, mentor: &str, application: &str) -> TxResult<bool> {
        Ok(match self.get(Kind::Application, application)? {
            Some(Stored {
                record: Record::Application(a),
                ..
            }) => a.reviewers.iter().any(|m| m == mentor),
            _ => false,
        })
    }

    fn mentors_startup(&self, mentor: &str, startup: &str) -> TxResult<bool> {
        Ok(match self.get(Kind::Startup, startup)? {
            Some(Stored {
                record: Record::Startup(s),
                ..
            }) => s.mentors.iter().any(|m| m == mentor),
            _ => false,
        })
    }
}

/// Why a judge named `name` may not change demo day `old` into `new`:
/// `None` when the change is their own scores alone, on a day that lists
/// them, while judging is open.
fn judges_own_scores(name: &str, old: &DemoDay, new: &DemoDay) -> Option<String> {
    if !old.judges.iter().any(|j| j == name) {
        return Some(format!(
            "score demo day {}, which does not list them as a judge",
            old.id
        ));
    }
    if old.judging_closed {
        return Some(format!("score demo day {}: judging is closed", old.id));
    }
    let others = |day: &DemoDay| {
        let mut rest = day.clone();
        rest.scores.retain(|s| s.judge != name);
        rest
    };
    (others(old) != others(new))
        .then(|| format!("change demo day {} beyond their own scores", old.id))
}
