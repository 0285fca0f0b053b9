//! The ranking of a call's applications as the table a selection panel
//! signs off: Markdown, CSV or JSON, like the cohort summaries.
//!
//! [`RankingTable::build`] gathers the call, its cohort's name and the
//! ranked rows ([`crate::ranking::rank`]) into one format-neutral value;
//! `markdown`, `csv` and `json` each render it. The text in it is as
//! stored: each renderer makes it safe for its format.

mod csv;
pub(super) mod json;
pub(in crate::export) mod markdown;
mod xlsx;

use chrono::NaiveDate;

use super::summary::{SummaryError, SummaryFormat};
use crate::model::{Application, ApplicationStage, Call, Criterion, Id, Review};
use crate::ranking::{Ranking, rank};

/// How the score is worked out, in one line: the Markdown says it under
/// the heading, the JSON under `"normalisation"`.
pub const NORMALISATION: &str = "Score: each review's weighted mean as a z-score against its \
    reviewer's own mean and spread (3 or more reviews in the call, with some spread), else \
    against the whole call's; an application's score is the mean over its reviews, \
    conflicts of interest not counted.";

/// Everything the ranking table holds.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingTable {
    pub call: CallInfo,
    /// The call's applications, ranked ones first.
    pub rows: Vec<Row>,
    /// The counts beside the rows (counted reviews, missing, conflicts).
    pub totals: Ranking,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CallInfo {
    pub id: Id,
    pub name: String,
    pub cohort: Id,
    /// The cohort's name; its id when it is missing.
    pub cohort_name: String,
    pub opens: NaiveDate,
    pub closes: NaiveDate,
    pub criteria: Vec<Criterion>,
}

/// One application's line.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub rank: Option<usize>,
    pub id: Id,
    pub name: String,
    pub sector: String,
    pub stage: ApplicationStage,
    pub score: Option<f64>,
    pub raw_mean: Option<f64>,
    pub spread: Option<f64>,
    /// Counted reviews.
    pub reviews: usize,
    /// Listed reviewers who have not reviewed.
    pub missing: usize,
    pub conflicts: usize,
}

impl Row {
    /// "2", or "2 of 3" while a listed reviewer has not reviewed.
    pub fn reviews_label(&self) -> String {
        match self.missing {
            0 => self.reviews.to_string(),
            missing => format!("{} of {}", self.reviews, self.reviews + missing),
        }
    }
}

impl RankingTable {
    /// The ranking of `call` (in cohort `cohort_name`) from its
    /// applications and their reviews (others' are left out).
    pub fn build(
        call: &Call,
        cohort_name: Option<&str>,
        applications: &[Application],
        reviews: &[Review],
    ) -> RankingTable {
        let mut totals = rank(call, applications, reviews);
        let rows = std::mem::take(&mut totals.rows)
            .into_iter()
            .filter_map(|ranked| {
                let a = applications.iter().find(|a| a.id == ranked.application)?;
                Some(Row {
                    rank: ranked.rank,
                    id: a.id.clone(),
                    name: a.name.clone(),
                    sector: a.sector.clone(),
                    stage: a.stage,
                    score: ranked.score,
                    raw_mean: ranked.raw_mean,
                    spread: ranked.spread,
                    reviews: ranked.reviews,
                    missing: ranked.missing,
                    conflicts: ranked.conflicts,
                })
            })
            .collect();
        RankingTable {
            call: CallInfo {
                id: call.id.clone(),
                name: call.name.clone(),
                cohort: call.cohort.clone(),
                cohort_name: cohort_name.unwrap_or(&call.cohort).to_string(),
                opens: call.opens,
                closes: call.closes,
                criteria: call.criteria.clone(),
            },
            rows,
            totals,
        }
    }

    /// How many applications have a rank.
    pub fn ranked(&self) -> usize {
        self.rows.iter().filter(|r| r.rank.is_some()).count()
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

/// `<call-slug>-ranking.<ext>`, for `-o FOLDER`; a name with no ASCII
/// form uses the call's id.
pub fn default_file_name(call: &CallInfo, format: SummaryFormat) -> String {
    let slug = super::summary::slug(&call.name)
        .or_else(|| super::summary::slug(&call.id))
        .unwrap_or_else(|| "call".to_string());
    format!("{slug}-ranking.{}", format.extension())
}

/// A figure to 2 decimals, never `-0.00`.
pub(crate) fn two_decimals(value: f64) -> String {
    let text = format!("{value:.2}");
    if text == "-0.00" { "0.00".into() } else { text }
}

#[cfg(test)]
mod tests;
