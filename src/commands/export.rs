//! `export all` (the interchange document) and `export cohort` (a
//! cohort's summary for a report).

use std::path::Path;

use chrono::{Local, NaiveDate, Utc};

use crate::export::summary::{CohortSummary, SummaryFormat, default_file_name};
use crate::export::write_atomically;
use crate::interchange;
use crate::interchange::parse_date;
use crate::model::{Kind, Record};
use crate::resolve::resolve;
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
    match text {
        None => Ok(Local::now().date_naive()),
        Some(text) => parse_date(text.trim()).map_err(|e| Failure::new(2, format!("--as-of: {e}"))),
    }
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
    let portfolio = opened.store.portfolio()?;
    let cohorts: Vec<Record> = portfolio
        .cohorts
        .iter()
        .cloned()
        .map(Record::Cohort)
        .collect();
    let target = resolve(Kind::Cohort, request.cohort, &cohorts)?;
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
