//! `results DEMO_DAY [--format md|csv|json] [-o FILE] [--no-comments]`: a
//! demo day's pitches ranked by their judges' scores
//! (`crate::export::results`). Read-only, so DEMO_DAY may be fuzzy (its
//! id, or its venue or cohort as other commands find a demo day).
//! A judge's handle reads only the results of a demo day listing them,
//! and only once judging is closed: while it is open, one judge's scores
//! must not sway another's.

use std::path::Path;

use crate::export::results::{ResultsTable, default_file_name};
use crate::export::summary::SummaryFormat;
use crate::model::{Cohort, Kind, Record, Startup};
use crate::resolve::resolve_stored;
use crate::store::Access;
use crate::text::sanitize_line;
use crate::workspace::Opened;

use super::{Failure, Output};

/// What `results` was asked for.
pub struct ResultsRequest<'a> {
    pub demo_day: &'a str,
    pub format: SummaryFormat,
    pub output: Option<&'a Path>,
    pub force: bool,
    pub excel: bool,
    /// Leave the judges' comments out (the version for founders).
    pub no_comments: bool,
}

/// `allowed` refuses an output file where none may go (inside the database).
pub fn results(
    opened: &Opened,
    request: &ResultsRequest,
    allowed: impl Fn(&Path) -> Result<(), Failure>,
    output: &mut Output,
) -> Result<u8, Failure> {
    let store = &opened.store;
    let Record::DemoDay(day) = resolve_stored(store, Kind::DemoDay, request.demo_day)?? else {
        return Err(Failure::new(1, "the demo day found is not a demo day"));
    };
    if let Access::Judge { name } = store.access() {
        if !day.judges.contains(name) {
            return Err(Failure::new(
                2,
                format!("refused: {} does not list {name} as a judge", day.id),
            ));
        }
        if !day.judging_closed {
            return Err(Failure::new(
                2,
                format!(
                    "refused: judging of {} is still open; a judge sees the results once the coordinator closes it",
                    day.id
                ),
            ));
        }
    }
    let cohort = store.get::<Cohort>(&day.cohort)?.map(|c| c.record.name);
    let startups: Vec<Startup> = store
        .list::<Startup>()?
        .into_iter()
        .map(|s| s.record)
        .filter(|s| day.pitches.iter().any(|p| p.startup == s.id))
        .collect();
    let name_of = |id: &String| {
        startups
            .iter()
            .find(|s| &s.id == id)
            .map(|s| s.name.as_str())
    };
    let table = ResultsTable::build(&day, cohort.as_deref(), name_of, !request.no_comments);
    let bytes = table
        .render(request.format, request.excel)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    // A folder gets the results under their usual name.
    let name = default_file_name(&table, request.format);
    let without = match request.no_comments {
        true => ", without comments",
        false => "",
    };
    let pitches = match table.results.rows.len() {
        1 => "1 pitch".to_string(),
        n => format!("{n} pitches"),
    };
    output.deliver(
        request.output,
        &bytes,
        (&name, request.force),
        allowed,
        |path| {
            format!(
                "Wrote the {} results of demo day {} ({pitches}, {} ranked{without}) to {}.",
                request.format.label(),
                sanitize_line(&day.id),
                table.results.ranked(),
                path.display()
            )
        },
    )?;
    Ok(0)
}
