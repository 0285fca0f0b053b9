//! `note STARTUP TEXT`: a note on a startup named exactly; prints what it
//! wrote and where (`n48 on Kilim Craft (s12)`).

use std::io::Read;

use chrono::{Local, SubsecRound};

use crate::config::Config;
use crate::model::{Kind, Note, NoteKind};
use crate::resolve::resolve_exact_stored;
use crate::store::login_name;
use crate::workspace::Opened;

use super::{Failure, Output};

/// What `note` was asked for.
pub struct NoteRequest<'a> {
    pub startup: &'a str,
    pub author: Option<String>,
    pub kind: NoteKind,
    /// The words of the note; `-` alone reads it from `input`.
    pub text: &'a [String],
    /// Over SSH, the user who connected, who is then the note's author
    /// and the writer in its history; there `--author NAME` means on
    /// NAME's behalf ("USER for NAME"), which the store takes from a
    /// coordinator only.
    pub remote_user: Option<&'a str>,
}

pub fn note(
    opened: &Opened,
    request: NoteRequest,
    input: &mut dyn Read,
    output: &mut Output,
) -> Result<u8, Failure> {
    let remote_user = request.remote_user;
    let body = if request.text == ["-"] {
        let mut body = String::new();
        input.read_to_string(&mut body).map_err(|e| {
            Failure::new(2, format!("cannot read the note from standard input: {e}"))
        })?;
        body
    } else {
        request.text.join(" ")
    };
    if body.trim().is_empty() {
        return Err(Failure::new(2, "the note is empty; nothing saved"));
    }
    let store = &opened.store;
    // A write lands only where the user meant: an id or a whole name.
    // perf: one startup read (by id, or by name through the store's name
    // index); every name only to list the closest when refused.
    let target = resolve_exact_stored(store, Kind::Startup, request.startup)??;
    let who = remote_user.map_or_else(login_name, str::to_string);
    let note = Note {
        id: String::new(),
        startup: target.id().to_string(),
        author: match (remote_user, request.author) {
            (Some(user), Some(author)) if !author.trim().is_empty() && author.trim() != user => {
                format!("{user} for {}", author.trim())
            }
            (Some(user), _) => user.to_string(),
            (None, Some(author)) => author,
            (None, None) => Config::load()
                .map_err(|e| Failure::new(2, e))?
                .display_name
                .unwrap_or_else(|| who.clone()),
        },
        kind: request.kind,
        created_at: Local::now().fixed_offset().trunc_subsecs(0),
        body,
    };
    let saved = store.create(&who, note.into())?;
    // What was written and where: `n48 on Kilim Craft (s12)`.
    output.print(&format!(
        "{} on {} ({})\n",
        saved.record.id(),
        crate::text::sanitize_line(&target.label()),
        crate::text::sanitize_line(target.id())
    ))?;
    Ok(0)
}
