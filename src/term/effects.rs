//! Doing what a session asks of its front end: the I/O it does not do,
//! against the store and the file system.

use std::path::PathBuf;

use chrono::{DateTime, Local, TimeZone};

use crate::app::{App, Document, Effect, Outcome};
use crate::export::folder::{WriteError as FolderError, write_in_folder};
use crate::export::summary::render_summary;
use crate::export::{WriteError, write_atomically};
use crate::model::{Kind, Record};
use crate::report::{Period, Report};
use crate::store::{Revert, Store, StoreError};

/// Carry out `effect` for `state`'s session and say how it went. A write
/// has landed on disk (flushed) by the time this returns `Saved`.
pub fn perform(store: &Store, state: &App, effect: Effect) -> Outcome {
    let who = state.user.as_str();
    match effect {
        Effect::Export {
            document,
            format,
            excel,
            path,
            replace,
            make_folder,
        } => {
            let bytes = match with_notes(store, state, |portfolio| {
                let rendered = match &document {
                    Document::CohortSummary(cohort) => {
                        render_summary(portfolio, cohort, state.today, format, excel)
                    }
                    Document::Report(by) => {
                        Report::of_portfolio(portfolio, Period::until(state.today), *by)
                            .render(format, excel)
                    }
                };
                rendered.map_err(|e| e.to_string())
            }) {
                Ok(bytes) => bytes,
                Err(outcome) => return outcome,
            };
            write_export(state, path, &bytes, replace, make_folder)
        }
        // The session loop sends a copy to its own screen; here there is
        // no terminal to send it to.
        Effect::Copy { .. } => Outcome::Failed("Copying needs a terminal".into()),
        Effect::Save {
            mut record,
            version: None,
        } => {
            stamp_review(&mut record);
            // The front end owns the clock: a new note is stamped now, or
            // on the day the editor moved it to, at the time it is now.
            if let Record::Note(note) = record.as_mut() {
                let now = Local::now().fixed_offset();
                note.created_at = if note.created_at == DateTime::UNIX_EPOCH {
                    now
                } else {
                    let day = note.created_at.date_naive().and_time(now.time());
                    now.offset()
                        .from_local_datetime(&day)
                        .single()
                        .unwrap_or(now)
                };
            }
            match store.create(who, *record) {
                Ok(after) => Outcome::Saved {
                    before: None,
                    after: Box::new(after),
                },
                Err(e) => refused(store, e),
            }
        }
        Effect::Save {
            mut record,
            version: Some(version),
        } => {
            stamp_review(&mut record);
            let before = match store.get_any(record.kind(), record.id()) {
                Ok(before) => before,
                Err(e) => return Outcome::Failed(e.to_string()),
            };
            match store.update(who, *record, version) {
                Ok(after) => Outcome::Saved {
                    before: before
                        .filter(|b| b.version == version)
                        .map(|b| Box::new(b.record)),
                    after: Box::new(after),
                },
                Err(e) => refused(store, e),
            }
        }
        Effect::Edit { kind, id } => match store.get_any(kind, &id) {
            Ok(Some(stored)) => Outcome::ForEdit(Box::new(stored)),
            Ok(None) => Outcome::Failed(format!("{kind} {id} is not in the portfolio any more")),
            Err(e) => Outcome::Failed(e.to_string()),
        },
        Effect::PlanDelete { kind, id } => match store.delete_plan(kind, &id) {
            Ok(plan) => Outcome::DeletePlan(Box::new(plan)),
            Err(e) => Outcome::Failed(e.to_string()),
        },
        Effect::Delete {
            kind,
            id,
            version,
            detach,
        } => match store.delete(who, kind, &id, version, detach) {
            Ok(deleted) => Outcome::Deleted(Box::new(deleted)),
            Err(e) => Outcome::Failed(e.to_string()),
        },
        Effect::Revert {
            label,
            reverts,
            redo,
        } => match store.revert(who, &reverts) {
            Ok(inverse) => Outcome::Reverted {
                label,
                redo,
                inverse,
            },
            Err(e) if redo => Outcome::Failed(format!("Cannot redo {label}: {e}")),
            Err(e) => Outcome::Failed(format!("Cannot undo {label}: {e}")),
        },
        Effect::PlanAll { kind, ids, delete } => {
            let mut plans = Vec::with_capacity(ids.len());
            for id in &ids {
                match store.delete_plan(kind, id) {
                    Ok(plan) => plans.push(plan),
                    // Deleted meanwhile: its mark goes with it.
                    Err(StoreError::NotFound { .. }) => {}
                    Err(e) => return Outcome::Failed(e.to_string()),
                }
            }
            Outcome::Planned {
                kind,
                plans,
                delete,
            }
        }
        // Several records, one transaction: all of it lands or none.
        Effect::SaveAll { label, records } => match store.update_all(who, records) {
            Ok(undo) => Outcome::SavedAll { label, undo },
            Err(e) => Outcome::Failed(e.to_string()),
        },
        Effect::DeleteAll {
            label,
            kind,
            targets,
        } => match store.delete_all(who, kind, &targets) {
            Ok(deleted) => Outcome::SavedAll {
                label,
                undo: deleted.undo,
            },
            Err(e) => Outcome::Failed(e.to_string()),
        },
        Effect::ChangeApplications { label, ids, change } => {
            let mut changes = Vec::with_capacity(ids.len());
            for id in &ids {
                let stored = match store.get::<crate::model::Application>(id) {
                    Ok(Some(stored)) => stored,
                    Ok(None) => continue,
                    Err(e) => return Outcome::Failed(e.to_string()),
                };
                let mut changed = stored.record.clone();
                change.apply(&mut changed);
                if changed != stored.record {
                    changes.push((Record::Application(changed), stored.version));
                }
            }
            match store.update_all(who, changes) {
                Ok(undo) => Outcome::SavedAll { label, undo },
                Err(e) => Outcome::Failed(e.to_string()),
            }
        }
        Effect::ScorePitch { demo_day, score } => match store.score_pitch(who, &demo_day, score) {
            Ok(_) => Outcome::Scored,
            Err(e) => refused(store, e),
        },
        Effect::SetJudging { demo_day, closed } => set_judging(store, who, &demo_day, closed),
        Effect::Accept { label, ids } => {
            let mut undo = Vec::new();
            for id in &ids {
                match store.accept(who, id) {
                    // Undone last first.
                    Ok(accepted) => {
                        undo.splice(0..0, accepted.undo);
                    }
                    // What was accepted before it stays, and is undone as one.
                    Err(e) if !undo.is_empty() => {
                        return Outcome::SavedAll {
                            label: format!("{label} (stopped: {e})"),
                            undo,
                        };
                    }
                    Err(e) => return Outcome::Failed(e.to_string()),
                };
            }
            Outcome::SavedAll { label, undo }
        }
        Effect::CreateAll { label, records } => match store.create_all(who, records, Vec::new()) {
            // Undone newest first, like any step of several writes.
            Ok(made) => Outcome::SavedAll {
                label,
                undo: made.iter().rev().map(|m| Revert::of(None, m)).collect(),
            },
            Err(e) => refused(store, e),
        },
        Effect::Book {
            label,
            hour,
            startup,
            topic,
        } => match store.book(who, &hour, Some(&startup), &topic) {
            Ok((_, undo)) => Outcome::SavedAll {
                label,
                undo: undo.into_iter().collect(),
            },
            Err(e) => refused(store, e),
        },
        Effect::MarkMilestone { label, id, done } => {
            let marked = store.change(who, Kind::Milestone, &id, |record| {
                if let Record::Milestone(m) = record {
                    m.done = done;
                }
            });
            match marked {
                Ok((before, after)) => Outcome::SavedAll {
                    label,
                    undo: (before != after.record)
                        .then(|| Revert::of(Some(before), &after))
                        .into_iter()
                        .collect(),
                },
                Err(e) => Outcome::Failed(e.to_string()),
            }
        }
        Effect::History { kind, id } => {
            // A startup's timeline has the edits of its notes too.
            let read = store.history_of(kind, &id).and_then(|mut entries| {
                if kind == Kind::Startup {
                    entries.extend(store.note_edits_of(&id)?);
                    entries.sort_by_key(|entry| entry.seq);
                }
                Ok(entries)
            });
            match read {
                Ok(entries) => Outcome::History { kind, id, entries },
                Err(e) => Outcome::Failed(e.to_string()),
            }
        }
    }
}

/// A save the store turned down: a conflict comes with the record as it
/// is now; anything else with its reason.
/// Close or reopen judging on demo day `id` as stored now: judges may be
/// writing scores meanwhile, so a write that met one is tried again on the
/// day as it then is.
fn set_judging(store: &Store, who: &str, id: &str, closed: bool) -> Outcome {
    // Read and written in one transaction: a judge's score landing
    // meanwhile is kept, never met as a conflict.
    let set = store.change(who, Kind::DemoDay, id, |record| {
        if let Record::DemoDay(day) = record {
            day.judging_closed = closed;
        }
    });
    match set {
        Ok((before, after)) => Outcome::Saved {
            before: Some(Box::new(before)),
            after: Box::new(after),
        },
        Err(StoreError::NotFound { .. }) => {
            Outcome::Failed(format!("demo day {id} is not in the portfolio any more"))
        }
        Err(e) => refused(store, e),
    }
}

fn refused(store: &Store, error: StoreError) -> Outcome {
    match error {
        StoreError::Conflict {
            kind,
            ref id,
            ref by,
            ..
        } => Outcome::Conflict {
            by: by.clone(),
            theirs: store.get_any(kind, id).ok().flatten().map(Box::new),
            message: error.to_string(),
        },
        StoreError::Invalid(_)
        | StoreError::Exists { .. }
        | StoreError::NotFound { .. }
        | StoreError::Forbidden { .. }
        | StoreError::SlotTaken { .. } => Outcome::Refused(error.to_string()),
        other => Outcome::Failed(other.to_string()),
    }
}

/// The front end owns the clock: a review saved is stamped with the time
/// it was written (the review form leaves it at the epoch).
fn stamp_review(record: &mut Record) {
    if let Record::Review(review) = record
        && review.at == DateTime::UNIX_EPOCH
    {
        review.at = Local::now().fixed_offset();
    }
}

/// `render` run on the portfolio with its notes: the session's once they
/// have loaded, else the store's (a summary and the report count notes).
fn with_notes(
    store: &Store,
    state: &App,
    render: impl FnOnce(&crate::model::Portfolio) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, Outcome> {
    let data = state.data();
    if data.notes_loaded() {
        return render(&data.portfolio).map_err(Outcome::Failed);
    }
    // The file is read and written without the model's read: a writer
    // waits for no disk.
    drop(data);
    match store.portfolio() {
        Ok(portfolio) => render(&portfolio).map_err(Outcome::Failed),
        // Over SSH the database's path is not the user's to see.
        Err(e) if state.remote.is_some() => {
            eprintln!("incubator: an export over SSH failed: {e}");
            Err(Outcome::Failed(
                "Could not read the portfolio for the export; try again in a moment.".into(),
            ))
        }
        Err(e) => Err(Outcome::Failed(e.to_string())),
    }
}

/// Write an export's `bytes` to `path` as the dialog asked: over SSH a
/// plain name in the user's own folder; locally the path, its folder made
/// once the user said so, an existing file replaced only when `replace`.
fn write_export(
    state: &App,
    path: PathBuf,
    bytes: &[u8],
    replace: bool,
    make_folder: bool,
) -> Outcome {
    // Over SSH only a plain name, and only in the user's folder.
    if let Some(remote) = &state.remote {
        let name = path.to_string_lossy();
        return match write_in_folder(&remote.export_folder, &name, bytes, replace) {
            Ok(path) => Outcome::Exported(path),
            Err(FolderError::Exists(path)) => Outcome::ExportExists(path),
            // The dialog shows the folder: the name says enough.
            Err(FolderError::NotAFile(path)) => Outcome::Failed(format!(
                "{} is not a plain file (a link, a pipe, a device or a folder); choose another name",
                path.file_name().unwrap_or_default().to_string_lossy()
            )),
            Err(e) => Outcome::Failed(e.to_string()),
        };
    }
    // The full path, so the user knows where to find it.
    let path = std::path::absolute(&path).unwrap_or(path);
    // A folder that is not there is offered to be made, not an error.
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty())
        && std::fs::symlink_metadata(folder).is_err()
    {
        if !make_folder {
            return Outcome::ExportNoFolder(folder.to_path_buf());
        }
        if let Err(e) = std::fs::create_dir_all(folder) {
            let reason = match e.kind() {
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => e.to_string(),
            };
            return Outcome::Failed(format!(
                "could not make the folder {}: {reason}",
                folder.display()
            ));
        }
    }
    match write_atomically(&path, bytes, replace) {
        Ok(()) => Outcome::Exported(path),
        Err(WriteError::Exists(path)) => Outcome::ExportExists(path),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}
