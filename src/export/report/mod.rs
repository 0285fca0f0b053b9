//! The impact report ([`crate::report::Report`]) as funders read it:
//! Markdown (tables and an appendix of the startups behind them), CSV (a
//! row a group, then the whole), JSON (everything), and an Excel
//! workbook (a sheet per table). The text in a report
//! is as stored: each renderer makes it safe for its format.

mod csv;
mod json;
mod markdown;
mod xlsx;

use super::summary::{SummaryError, SummaryFormat};
use crate::report::{Report, StartupLine};

/// How the figures are worked out, in one paragraph: the Markdown says it
/// under the heading, the JSON under `"method"`.
pub const METHOD: &str = "A startup counts when it was placed in a cohort running in the period \
    (applicants left out). Baseline: its first KPI snapshot on or after its cohort's start, else \
    its first; now: its latest on or before the report's day; change: now less baseline, summed \
    and as the median of the startups' own changes. Survival after N years: of the startups whose \
    cohort ended N or more years before the report's day, those not closed by then (an acquisition \
    or listing counts as survival; no outcome recorded counts as operating). Follow-on funding: \
    the rounds recorded after the program. Nothing dated after the report's day counts.";

/// What marks a figure from fewer than [`crate::report::FEW`] startups.
pub const FEW_MARK: &str = "*";

impl Report {
    /// The report in `format`; with `excel_bom`, CSV starts with a byte
    /// order mark so Excel reads it as UTF-8.
    pub fn render(&self, format: SummaryFormat, excel_bom: bool) -> Result<Vec<u8>, SummaryError> {
        match format {
            SummaryFormat::Markdown => Ok(markdown::render(self).into_bytes()),
            SummaryFormat::Csv => csv::render(self, excel_bom),
            SummaryFormat::Json => Ok(json::render(self).into_bytes()),
            SummaryFormat::Xlsx => xlsx::render(self),
        }
    }
}

/// `impact-report-<day>[-by-<grouping>].<ext>`, for `-o FOLDER` and the
/// screen's export.
pub fn default_file_name(report: &Report, format: SummaryFormat) -> String {
    let by = match report.by {
        crate::report::Grouping::Cohort => String::new(),
        other => format!("-by-{other}"),
    };
    format!(
        "impact-report-{}{by}.{}",
        report.period.to,
        format.extension()
    )
}

/// The outcome as the tables say it: "operating", "acquired 2024-05-01".
fn outcome_words(line: &StartupLine) -> String {
    let status = match line.outcome {
        crate::model::OutcomeStatus::Ipo => "IPO",
        other => other.as_str(),
    };
    match (line.outcome_date, line.outcome_recorded) {
        (Some(day), _) => format!("{status} {day}"),
        (None, true) => status.to_string(),
        (None, false) => format!("{status} (none recorded)"),
    }
}

#[cfg(test)]
mod tests;
