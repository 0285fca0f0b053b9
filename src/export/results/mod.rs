//! A demo day's results as the table the panel hands over: Markdown, CSV
//! or JSON, like the call's ranking. [`ResultsTable::build`] gathers the
//! day, its cohort's name and the ranked pitches
//! ([`crate::judging::results`]); `markdown`, `csv` and `json` each render
//! it. With `comments` off (`--no-comments`), the judges' comments are
//! left out: the version shared with founders.

mod csv;
mod json;
mod markdown;
mod xlsx;

use chrono::{DateTime, FixedOffset};

use super::ranking::two_decimals;
use super::summary::{SummaryError, SummaryFormat};
use crate::judging::{Results, results};
use crate::model::{Criterion, DemoDay, Id};

/// How the score is worked out, in one line.
pub const METHOD: &str = "Score: each judge's weighted mean over the criteria; a pitch's score \
    is the mean over the judges who scored every criterion, spread the highest less the lowest.";

/// Everything the results table holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsTable {
    pub day: DayInfo,
    pub results: Results,
    /// Whether the judges' comments are shown.
    pub comments: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DayInfo {
    pub id: Id,
    pub cohort: Id,
    /// The cohort's name; its id when it is missing.
    pub cohort_name: String,
    pub at: DateTime<FixedOffset>,
    pub venue: String,
    pub criteria: Vec<Criterion>,
    pub closed: bool,
}

impl ResultsTable {
    /// The results of `day` (of cohort `cohort_name`); `name_of` gives a
    /// startup's name.
    pub fn build<'a>(
        day: &DemoDay,
        cohort_name: Option<&str>,
        name_of: impl Fn(&Id) -> Option<&'a str>,
        comments: bool,
    ) -> ResultsTable {
        ResultsTable {
            day: DayInfo {
                id: day.id.clone(),
                cohort: day.cohort.clone(),
                cohort_name: cohort_name.unwrap_or(&day.cohort).to_string(),
                at: day.at,
                venue: day.venue.clone(),
                criteria: day.criteria.clone(),
                closed: day.judging_closed,
            },
            results: results(day, name_of),
            comments,
        }
    }

    /// The table in `format`; with `excel_bom`, CSV starts with a byte
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

/// `<demo-day-id>-results.<ext>` (`-founders` added without comments),
/// for `-o FOLDER`.
pub fn default_file_name(table: &ResultsTable, format: SummaryFormat) -> String {
    let slug = super::summary::slug(&table.day.id).unwrap_or_else(|| "demo-day".to_string());
    let founders = if table.comments { "" } else { "-founders" };
    format!("{slug}-results{founders}.{}", format.extension())
}

/// A figure as the tables show it: 2 decimals, empty when missing.
fn figure(value: Option<f64>) -> Option<String> {
    value.map(two_decimals)
}

#[cfg(test)]
mod tests;
