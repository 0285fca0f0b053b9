//! `export all` (the interchange document) and `export cohort` (a
//! cohort's summary for a report).

use std::collections::HashSet;
use std::path::Path;

use chrono::{Local, NaiveDate, Utc};

use crate::export::summary::{CohortSummary, SummaryFormat, default_file_name};
use crate::export::write_atomically;
use crate::interchange;
use crate::interchange::parse_date;
use crate::model::{Cohort, DemoDay, Kind, Mentor, Milestone, Portfolio, Record, Startup, Status};
use crate::resolve::resolve_stored;
use crate::store::{Store, StoreError};
use crate::text::sanitize_line;
use crate::workspace::Opened;

use super::{Failure, Output};

pub fn export_all(
    opened: &Opened,
    file: Option<&Path>,
    output: &mut Output,
) -> Result<u8, Failure> {
    let portfolio = opened.store.portfolio()?;
    let text = interchange::to_json(&portfolio, Utc::now());
    output.print_or_write(file, &text, |path| {
        format!("Exported {} to {}.", portfolio.summary(), path.display())
    })?;
    Ok(0)
}

/// `--as-of`, or today.
pub fn as_of(text: Option<&str>) -> Result<NaiveDate, Failure> {
    Ok(day_given("--as-of", text)?.unwrap_or_else(|| Local::now().date_naive()))
}

/// The day an option such as `--as-of` was given, read as the interchange
/// reads dates; an error names the option.
pub(super) fn day_given(flag: &str, text: Option<&str>) -> Result<Option<NaiveDate>, Failure> {
    text.map(|text| parse_date(text.trim()).map_err(|e| Failure::new(2, format!("{flag}: {e}"))))
        .transpose()
}

/// What `export cohort` was asked for.
pub struct SummaryRequest<'a> {
    pub cohort: &'a str,
    pub format: SummaryFormat,
    pub output: Option<&'a Path>,
    pub force: bool,
    pub as_of: NaiveDate,
    pub excel: bool,
}

/// `allowed` refuses an output file where none may go (inside the database).
pub fn export_cohort(
    opened: &Opened,
    request: &SummaryRequest,
    allowed: impl Fn(&Path) -> Result<(), Failure>,
    output: &mut Output,
) -> Result<u8, Failure> {
    let target = resolve_stored(&opened.store, Kind::Cohort, request.cohort)??;
    let portfolio = match &target {
        Record::Cohort(cohort) => cohort_portfolio(&opened.store, cohort)?,
        _ => Portfolio::default(),
    };
    let summary = CohortSummary::build(&portfolio, target.id(), request.as_of)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    let bytes = summary
        .render(request.format, request.excel)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    match request.output {
        None => output.print_bytes(&bytes)?,
        Some(path) => {
            // A folder gets the summary under its usual name.
            let path = match (&target, path.is_dir()) {
                (Record::Cohort(cohort), true) => {
                    path.join(default_file_name(cohort, request.as_of, request.format))
                }
                _ => path.to_path_buf(),
            };
            allowed(&path)?;
            write_atomically(&path, &bytes, request.force)?;
            let startups = match summary.startups.len() {
                1 => "1 startup".to_string(),
                n => format!("{n} startups"),
            };
            output.tell(&format!(
                "Wrote the {} summary of {} as of {} ({startups}) to {}.",
                request.format.label(),
                sanitize_line(&summary.cohort.name),
                request.as_of,
                path.display()
            ));
        }
    }
    Ok(0)
}

/// What the summary of `cohort` reads, and no more: the cohort's startups,
/// their notes and milestones, its demo days and its startups' mentors whole; of the other startups,
/// the catalog's entries (name, status, mentors) of those the summary
/// names (a pitch at its demo days) or counts (a mentor's active load).
fn cohort_portfolio(store: &Store, cohort: &Cohort) -> Result<Portfolio, StoreError> {
    let ours = |of: Option<&str>| of == Some(cohort.id.as_str());
    let entries = store.catalog::<Startup>()?;
    let mut portfolio = Portfolio {
        cohorts: vec![cohort.clone()],
        ..Portfolio::default()
    };
    for entry in entries.iter().filter(|s| ours(s.cohort.as_deref())) {
        portfolio
            .startups
            .extend(store.get::<Startup>(&entry.id)?.map(|s| s.record));
        let notes = store.notes_of(&entry.id)?;
        portfolio.notes.extend(notes.into_iter().map(|n| n.record));
    }
    let members: HashSet<&str> = portfolio.startups.iter().map(|s| s.id.as_str()).collect();
    portfolio.milestones = store
        .list::<Milestone>()?
        .into_iter()
        .map(|m| m.record)
        .filter(|m| members.contains(m.startup.as_str()))
        .collect();
    for entry in store.catalog::<DemoDay>()? {
        if ours(Some(&entry.cohort)) {
            portfolio
                .demo_days
                .extend(store.get::<DemoDay>(&entry.id)?.map(|d| d.record));
        }
    }
    let mut mentors: Vec<&str> = portfolio
        .startups
        .iter()
        .flat_map(|s| s.mentors.iter().map(String::as_str))
        .collect();
    mentors.sort_unstable();
    mentors.dedup();
    for id in mentors {
        portfolio
            .mentors
            .extend(store.get::<Mentor>(id)?.map(|m| m.record));
    }
    let pitching: Vec<&str> = portfolio
        .demo_days
        .iter()
        .flat_map(|d| d.pitches.iter().map(|p| p.startup.as_str()))
        .collect();
    let mentors: HashSet<&str> = portfolio.mentors.iter().map(|m| m.id.as_str()).collect();
    let others: Vec<Startup> = entries
        .into_iter()
        .filter(|s| !ours(s.cohort.as_deref()))
        .filter(|s| {
            let counted = s.status == Status::Active
                && s.mentors.iter().any(|m| mentors.contains(m.as_str()));
            counted || pitching.contains(&s.id.as_str())
        })
        .collect();
    portfolio.startups.extend(others);
    Ok(portfolio)
}
