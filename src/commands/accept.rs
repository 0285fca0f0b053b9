//! `accept APPLICATION...`: each application named exactly becomes a
//! startup in its call's cohort, one transaction each; prints what was made
//! and warns when the cohort is over its places.

use crate::model::Kind;
use crate::resolve::resolve_exact_stored;
use crate::store::{Accepted, login_name};
use crate::text::sanitize_line;
use crate::workspace::Opened;

use super::{Failure, Output};

/// What `accept` was asked for.
pub struct AcceptRequest<'a> {
    /// Each an id or a whole name.
    pub applications: &'a [String],
    /// Over SSH, the user who connected: the writer in the history.
    pub remote_user: Option<&'a str>,
}

pub fn accept(opened: &Opened, request: AcceptRequest, output: &mut Output) -> Result<u8, Failure> {
    let store = &opened.store;
    // Every name is resolved before anything is written: one that names
    // no application exactly stops them all.
    let mut ids = Vec::with_capacity(request.applications.len());
    for query in request.applications {
        let record = resolve_exact_stored(store, Kind::Application, query)??;
        if !ids.contains(&record.id().to_string()) {
            ids.push(record.id().to_string());
        }
    }
    let who = request.remote_user.map_or_else(login_name, str::to_string);
    let mut made = 0;
    for id in &ids {
        let accepted = store.accept(&who, id).map_err(|e| {
            let mut failure = Failure::from(e);
            if made > 0 {
                let done = crate::text::counted(made, "application");
                failure
                    .message
                    .push_str(&format!(" ({done} accepted before it)"));
            }
            failure
        })?;
        made += usize::from(!accepted.already);
        output.print(&said(&accepted))?;
        if let Some(warning) = over_capacity(&accepted) {
            output.tell(&warning);
        }
    }
    Ok(0)
}

/// "Accepted Nar Health (a1): startup s25 in Spring 2027 Incubation (c2)".
fn said(a: &Accepted) -> String {
    let what = match a.already {
        false => "Accepted",
        true => "Accepted before:",
    };
    format!(
        "{what} {} ({}): startup {} in {} ({})\n",
        sanitize_line(&a.application.name),
        sanitize_line(&a.application.id),
        sanitize_line(&a.startup.id),
        sanitize_line(&a.cohort.name),
        sanitize_line(&a.cohort.id),
    )
}

/// The warning when the cohort now has more startups than places.
fn over_capacity(a: &Accepted) -> Option<String> {
    let places = a.cohort.capacity as usize;
    (a.placed > places).then(|| {
        format!(
            "warning: {} now has {} for {} ({} over)",
            sanitize_line(&a.cohort.name),
            crate::text::counted(a.placed, "startup"),
            crate::text::counted(places, "place"),
            a.placed - places
        )
    })
}
