//! The records of a program year's intake: a call for applications, the
//! applications it receives and the reviews that score them.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::enums::ApplicationStage;
use super::records::{Founder, Id};

/// One thing a call's reviewers score, and how much it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub name: String,
    /// A positive whole number; a review's total is the weighted mean.
    pub weight: u32,
}

/// A call for applications to a cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub id: Id,
    pub cohort: Id,
    pub name: String,
    pub opens: NaiveDate,
    pub closes: NaiveDate,
    pub criteria: Vec<Criterion>,
    /// The form's questions; an application's answers are in this order.
    pub questions: Vec<String>,
}

impl Call {
    /// Whether applications are taken on `day`.
    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        self.opens <= day && day <= self.closes
    }
}

/// One application to a call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub id: Id,
    pub call: Id,
    pub name: String,
    pub one_liner: String,
    pub sector: String,
    pub founders: Vec<Founder>,
    /// Answers to the call's questions, in their order.
    pub answers: Vec<String>,
    pub submitted_at: DateTime<FixedOffset>,
    pub stage: ApplicationStage,
    /// The mentors asked to review it.
    pub reviewers: Vec<Id>,
    /// The startup made from it once accepted.
    pub startup: Option<Id>,
}

/// A reviewer's scores of one application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub id: Id,
    pub application: Id,
    /// A mentor.
    pub reviewer: Id,
    pub scores: Scores,
    pub comment: String,
    /// The reviewer declared a conflict of interest: the review counts for
    /// nothing in the ranking.
    pub conflict: bool,
    pub at: DateTime<FixedOffset>,
}

/// A review's score for each criterion, 1–5, by the criterion's name. Kept
/// in name order, so a document reads the same however it was written.
pub type Scores = BTreeMap<String, u8>;

/// The lowest and highest score a criterion takes.
pub const SCORE_RANGE: std::ops::RangeInclusive<u8> = 1..=5;

/// The weighted mean of `scores` over `criteria`; `None` when a criterion
/// has no score or the weights sum to nothing.
pub fn weighted_mean(scores: &Scores, criteria: &[Criterion]) -> Option<f64> {
    let mut sum = 0.0;
    let mut weights = 0.0;
    for criterion in criteria {
        let score = *scores.get(&criterion.name)?;
        sum += f64::from(score) * f64::from(criterion.weight);
        weights += f64::from(criterion.weight);
    }
    (weights > 0.0).then(|| sum / weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criteria() -> Vec<Criterion> {
        crate::model::testing::rubric(&[("Team", 3), ("Market", 2), ("Traction", 1)])
    }

    #[test]
    fn the_weighted_mean_weighs_each_criterion() {
        let scores: Scores = [("Traction", 2), ("Team", 4), ("Market", 3)]
            .into_iter()
            .map(|(name, score)| (name.to_string(), score))
            .collect();
        // (4·3 + 3·2 + 2·1) / 6 = 20 / 6
        let mean = weighted_mean(&scores, &criteria()).unwrap();
        assert!((mean - 20.0 / 6.0).abs() < 1e-12);
        let short: Scores = [("Team".to_string(), 4)].into_iter().collect();
        assert_eq!(weighted_mean(&short, &criteria()), None);
    }
}
