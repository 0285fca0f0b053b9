//! The ranking of a call's applications by their reviews: pure, no I/O.
//!
//! - A review's total is the weighted mean of its scores over the call's
//!   criteria ([`weighted_mean`]).
//! - A review with `conflict: true` counts for nothing (it is counted as a
//!   conflict declared, and its reviewer is not missing); so does one that
//!   does not score every criterion of the call (counted as incomplete).
//! - Each counted total is normalised: against its reviewer's own mean and
//!   standard deviation when the reviewer has at least [`OWN_SCALE_REVIEWS`]
//!   counted reviews in the call with some spread, so that a generous
//!   reviewer and a harsh one count alike; else against the mean and
//!   standard deviation of every counted total in the call (0 when the call
//!   has no spread). Standard deviations are population ones (divided by
//!   n, not n − 1).
//! - An application's score is the mean of its counted reviews' normalised
//!   totals; it is ranked by score, best first, then raw mean, then folded
//!   name, then id. Applications with no counted review come last, by name,
//!   unranked.
//!
//! [`rank`] does all of it from the records; the screen calls it again when
//! a review lands (`benches/ranking.rs`: 10,000 applications and 50,000
//! reviews).

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::model::{Application, Call, Id, Review, natural_cmp, weighted_mean};
use crate::text::fold;

#[cfg(test)]
mod tests;

/// The fewest counted reviews in a call for a reviewer's totals to be
/// measured against the reviewer's own mean and spread.
pub const OWN_SCALE_REVIEWS: usize = 3;

/// A standard deviation at or below this is no spread: equal totals summed
/// in floating point may leave a difference of a few ulps, and distinct
/// totals (weighted means of whole numbers) differ by far more.
const NO_SPREAD: f64 = 1e-9;

/// A call's applications in ranked order, and what the panel is told
/// beside them.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// Ranked applications best first, then those with no counted review
    /// (by name).
    pub rows: Vec<RankedRow>,
    /// Reviews that count: no conflict, every criterion scored.
    pub counted: usize,
    /// Reviews declaring a conflict of interest.
    pub conflicts: usize,
    /// Reviews that do not score every criterion of the call.
    pub incomplete: usize,
    /// Listed reviewers who have not reviewed, over every application.
    pub missing: usize,
    /// Reviewers measured on their own scale (the rest against the call).
    pub own_scale: usize,
    /// Reviewers with a counted review in the call.
    pub reviewers: usize,
}

/// One application's place and figures.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedRow {
    pub application: Id,
    /// 1 is the best; `None` with no counted review.
    pub rank: Option<usize>,
    /// The mean of its counted reviews' normalised totals.
    pub score: Option<f64>,
    /// The mean of its counted reviews' totals, as scored (1–5).
    pub raw_mean: Option<f64>,
    /// Counted reviews.
    pub reviews: usize,
    /// Listed reviewers who have not reviewed it (a conflict declared is a
    /// review).
    pub missing: usize,
    /// Conflicts declared on it.
    pub conflicts: usize,
    /// The highest counted total less the lowest.
    pub spread: Option<f64>,
}

impl RankedRow {
    /// The reviews it is waiting for in all: counted ones and missing ones.
    pub fn expected(&self) -> usize {
        self.reviews + self.missing
    }
}

/// Rank `call`'s applications. `applications` and `reviews` may hold other
/// calls' too: only the call's applications, and the reviews of those,
/// are read.
pub fn rank<'a>(
    call: &Call,
    applications: impl IntoIterator<Item = &'a Application>,
    reviews: impl IntoIterator<Item = &'a Review>,
) -> Ranking {
    let applications: Vec<&Application> = applications
        .into_iter()
        .filter(|a| a.call == call.id)
        .collect();
    let position: HashMap<&str, usize> = applications
        .iter()
        .enumerate()
        .map(|(at, a)| (a.id.as_str(), at))
        .collect();

    let mut tallies = vec![Tally::default(); applications.len()];
    let mut totals: Vec<Total> = Vec::new();
    let (mut conflicts, mut incomplete) = (0, 0);
    for review in reviews {
        let Some(&at) = position.get(review.application.as_str()) else {
            continue;
        };
        let tally = &mut tallies[at];
        tally.responded.push(&review.reviewer);
        if review.conflict {
            tally.conflicts += 1;
            conflicts += 1;
            continue;
        }
        match weighted_mean(&review.scores, &call.criteria) {
            Some(value) => totals.push(Total {
                application: at,
                reviewer: &review.reviewer,
                value,
            }),
            None => incomplete += 1,
        }
    }

    let call_scale = Scale::of(totals.iter().map(|t| t.value));
    let mut by_reviewer: HashMap<&str, Vec<f64>> = HashMap::new();
    for total in &totals {
        by_reviewer
            .entry(total.reviewer)
            .or_default()
            .push(total.value);
    }
    let own_scales: HashMap<&str, Scale> = by_reviewer
        .iter()
        .filter(|(_, values)| values.len() >= OWN_SCALE_REVIEWS)
        .map(|(&reviewer, values)| (reviewer, Scale::of(values.iter().copied())))
        .filter(|(_, scale)| scale.has_spread())
        .collect();

    for total in &totals {
        let scale = own_scales.get(total.reviewer).unwrap_or(&call_scale);
        tallies[total.application].add(total.value, scale.normalise(total.value));
    }

    let mut rows: Vec<(RankedRow, &Application)> = applications
        .iter()
        .zip(&tallies)
        .map(|(application, tally)| (tally.row(application), *application))
        .collect();
    rows.sort_by(|(a, app_a), (b, app_b)| order(a, app_a, b, app_b));
    let mut next = 1;
    for (row, _) in &mut rows {
        if row.score.is_some() {
            row.rank = Some(next);
            next += 1;
        }
    }
    let rows: Vec<RankedRow> = rows.into_iter().map(|(row, _)| row).collect();
    Ranking {
        missing: rows.iter().map(|r| r.missing).sum(),
        counted: totals.len(),
        conflicts,
        incomplete,
        own_scale: own_scales.len(),
        reviewers: by_reviewer.len(),
        rows,
    }
}

/// Best score first, then raw mean, then folded name, then id; the
/// unscored after the scored, by name then id.
fn order(a: &RankedRow, app_a: &Application, b: &RankedRow, app_b: &Application) -> Ordering {
    let figures = match (a.score, b.score) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| {
            b.raw_mean
                .unwrap_or(0.0)
                .total_cmp(&a.raw_mean.unwrap_or(0.0))
        }),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    // Folded only on a tie: most comparisons never reach the names.
    figures
        .then_with(|| fold(&app_a.name).cmp(&fold(&app_b.name)))
        .then_with(|| natural_cmp(&app_a.id, &app_b.id))
}

/// One counted review's total.
struct Total<'a> {
    application: usize,
    reviewer: &'a str,
    value: f64,
}

/// What is gathered for one application.
#[derive(Debug, Clone, Default)]
struct Tally<'a> {
    /// Who has reviewed it, conflicts and incomplete reviews included.
    responded: Vec<&'a str>,
    conflicts: usize,
    counted: usize,
    normalised_sum: f64,
    raw_sum: f64,
    lowest: f64,
    highest: f64,
}

impl<'a> Tally<'a> {
    fn add(&mut self, raw: f64, normalised: f64) {
        if self.counted == 0 {
            (self.lowest, self.highest) = (raw, raw);
        }
        self.counted += 1;
        self.normalised_sum += normalised;
        self.raw_sum += raw;
        self.lowest = self.lowest.min(raw);
        self.highest = self.highest.max(raw);
    }

    fn row(&self, application: &Application) -> RankedRow {
        let mut listed: Vec<&str> = application.reviewers.iter().map(String::as_str).collect();
        listed.sort_unstable();
        listed.dedup();
        let missing = listed
            .iter()
            .filter(|r| !self.responded.contains(r))
            .count();
        let n = self.counted as f64;
        let counted = self.counted > 0;
        RankedRow {
            application: application.id.clone(),
            rank: None,
            score: counted.then(|| self.normalised_sum / n),
            raw_mean: counted.then(|| self.raw_sum / n),
            reviews: self.counted,
            missing,
            conflicts: self.conflicts,
            spread: counted.then_some(self.highest - self.lowest),
        }
    }
}

/// A mean and a (population) standard deviation to measure totals against.
#[derive(Debug, Clone, Copy)]
struct Scale {
    mean: f64,
    deviation: f64,
}

impl Scale {
    /// Of `values`, in two passes (no cancellation); of none, no spread.
    fn of(values: impl Iterator<Item = f64> + Clone) -> Scale {
        let (n, sum) = values
            .clone()
            .fold((0usize, 0.0), |(n, sum), v| (n + 1, sum + v));
        if n == 0 {
            return Scale {
                mean: 0.0,
                deviation: 0.0,
            };
        }
        let mean = sum / n as f64;
        let squares: f64 = values.map(|v| (v - mean) * (v - mean)).sum();
        Scale {
            mean,
            deviation: (squares / n as f64).sqrt(),
        }
    }

    fn has_spread(&self) -> bool {
        self.deviation > NO_SPREAD
    }

    /// `value`'s z-score; 0 on a scale with no spread.
    fn normalise(&self, value: f64) -> f64 {
        if self.has_spread() {
            (value - self.mean) / self.deviation
        } else {
            0.0
        }
    }
}
