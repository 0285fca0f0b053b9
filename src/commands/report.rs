//! `report [--from DATE] [--to DATE] [--by cohort|program|sector|year]
//! [--format md|csv|json|xlsx] [-o FILE]`: the impact report for funders
//! (`crate::report`, written by `crate::export::report`). `--to` is the
//! report's day (today when left out): nothing dated after it counts, so
//! the same database and `--to` write the same bytes. For coordinators
//! and staff: a mentor's handle is refused.

use std::path::Path;

use crate::export::report::default_file_name;
use crate::export::summary::SummaryFormat;
use crate::model::{Cohort, Note, OfficeHour, Startup};
use crate::report::{self, Activity, Grouping, Period, Report};
use crate::store::{Access, Store, StoreError};
use crate::text::counted;
use crate::workspace::Opened;

use super::export::day_given;
use super::{Failure, Output};

/// What `report` was asked for.
pub struct ReportRequest<'a> {
    pub period: Period,
    pub by: Grouping,
    pub format: SummaryFormat,
    pub output: Option<&'a Path>,
    pub force: bool,
    pub excel: bool,
}

/// The period `--from` and `--to` name: `to` today when left out, and
/// never before `from`.
pub fn period(from: Option<&str>, to: Option<&str>) -> Result<Period, Failure> {
    let to = day_given("--to", to)?.unwrap_or_else(|| chrono::Local::now().date_naive());
    let from = day_given("--from", from)?;
    if let Some(from) = from.filter(|from| *from > to) {
        return Err(Failure::new(
            2,
            format!("--from {from} is after --to {to}: nothing would count"),
        ));
    }
    Ok(Period { from, to })
}

/// `allowed` refuses an output file where none may go (inside the database).
pub fn report(
    opened: &Opened,
    request: &ReportRequest,
    allowed: impl Fn(&Path) -> Result<(), Failure>,
    output: &mut Output,
) -> Result<u8, Failure> {
    let store = &opened.store;
    if let Access::Mentor { .. } = store.access() {
        return Err(Failure::new(
            2,
            "refused: the impact report is for coordinators and staff",
        ));
    }
    let report = build(store, request.period, request.by)?;
    let bytes = report
        .render(request.format, request.excel)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    let name = default_file_name(&report, request.format);
    output.deliver(
        request.output,
        &bytes,
        (&name, request.force),
        allowed,
        |path| {
            format!(
                "Wrote the {} impact report as of {} ({} in {}, by {}) to {}.",
                request.format.label(),
                report.period.to,
                counted(report.total.startups.len(), "startup"),
                counted(report.cohorts, "cohort"),
                report.by,
                path.display()
            )
        },
    )?;
    Ok(0)
}

/// The report from the store: every cohort and startup, the notes of the
/// startups it counts, and the office hours.
pub fn build(store: &Store, period: Period, by: Grouping) -> Result<Report, StoreError> {
    let cohorts: Vec<Cohort> = store
        .list::<Cohort>()?
        .into_iter()
        .map(|c| c.record)
        .collect();
    let startups: Vec<Startup> = store
        .list::<Startup>()?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let office_hours: Vec<OfficeHour> = store
        .list::<OfficeHour>()?
        .into_iter()
        .map(|h| h.record)
        .collect();
    // Only a counted startup's notes can count: read those, not every note.
    let mut notes: Vec<Note> = Vec::new();
    for (startup, _) in report::supported(period, &cohorts, &startups) {
        notes.extend(store.notes_of(&startup.id)?.into_iter().map(|n| n.record));
    }
    let activity = Activity::tally(&notes, &office_hours, period);
    Ok(Report::build(period, by, &cohorts, &startups, &activity))
}
