//! `ranking CALL [--format md|csv|json] [-o FILE]`: the ranking of a call's
//! applications, the table a selection panel signs off
//! (`crate::export::ranking`). Read-only, so CALL may be a fuzzy name.
//! Rankings are for coordinators and staff: a mentor's handle is refused,
//! since it would show other reviewers' scores before the mentor's own
//! review (blind review).

use std::path::Path;

use crate::export::ranking::{RankingTable, default_file_name};
use crate::export::summary::SummaryFormat;
use crate::model::{Application, Cohort, Kind, Record, Review};
use crate::resolve::resolve_stored;
use crate::store::Access;
use crate::text::{counted, sanitize_line};
use crate::workspace::Opened;

use super::{Failure, Output};

/// What `ranking` was asked for.
pub struct RankingRequest<'a> {
    pub call: &'a str,
    pub format: SummaryFormat,
    pub output: Option<&'a Path>,
    pub force: bool,
    pub excel: bool,
}

/// `allowed` refuses an output file where none may go (inside the database).
pub fn ranking(
    opened: &Opened,
    request: &RankingRequest,
    allowed: impl Fn(&Path) -> Result<(), Failure>,
    output: &mut Output,
) -> Result<u8, Failure> {
    let store = &opened.store;
    if let Access::Mentor { .. } = store.access() {
        return Err(Failure::new(
            2,
            "refused: rankings are for coordinators and staff (a reviewer sees others' scores only after their own review)",
        ));
    }
    let Record::Call(call) = resolve_stored(store, Kind::Call, request.call)?? else {
        return Err(Failure::new(1, "the call found is not a call"));
    };
    let cohort = store.get::<Cohort>(&call.cohort)?.map(|c| c.record.name);
    let applications: Vec<Application> = store
        .list::<Application>()?
        .into_iter()
        .map(|s| s.record)
        .filter(|a| a.call == call.id)
        .collect();
    let reviews: Vec<Review> = store
        .list::<Review>()?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let table = RankingTable::build(&call, cohort.as_deref(), &applications, &reviews);
    let bytes = table
        .render(request.format, request.excel)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    // A folder gets the ranking under its usual name.
    let name = default_file_name(&table.call, request.format);
    output.deliver(
        request.output,
        &bytes,
        (&name, request.force),
        allowed,
        |path| {
            format!(
                "Wrote the {} ranking of {} ({}, {} ranked) to {}.",
                request.format.label(),
                sanitize_line(&table.call.name),
                counted(table.rows.len(), "application"),
                table.ranked(),
                path.display()
            )
        },
    )?;
    Ok(0)
}
