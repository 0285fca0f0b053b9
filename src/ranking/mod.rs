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
//! [`rank`] does all of it from the records. The screen keeps a [`Ranker`]
//! instead, puts each review that lands into it and asks for the ranking
//! again, which reads no record (`benches/ranking.rs`: 10,000 applications
//! and 50,000 reviews).

use std::cmp::Ordering;
use std::ops::Range;

// foldhash: the hasher hashbrown uses by default, several times faster than
// std's SipHash on short ids; the ranking hashes each review's id,
// application and reviewer.
use foldhash::{HashMap, HashMapExt};

use crate::model::{Application, Call, Criterion, Id, Review, Scores, natural_cmp, weighted_mean};
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
    Ranker::new(call, applications, reviews).ranking()
}

/// A call's reviews cut down to what the ranking reads, kept up to date one
/// review at a time: the screen puts a review that lands and asks for the
/// ranking again, without reading every record anew (a changed call or
/// application: make a new one).
#[derive(Debug, Clone)]
pub struct Ranker {
    rubric: Rubric,
    applications: Vec<Entry>,
    position: HashMap<Id, usize>,
    /// Reviewers (listed or reviewing) by number.
    reviewers: HashMap<Id, usize>,
    /// Each application's listed reviewers, by number, one run each.
    listed: Vec<usize>,
    reviews: Vec<Scored>,
    /// Each review's id, in `reviews`' order.
    review_ids: Vec<Id>,
    /// Where each review is in `reviews`, by its id.
    review_at: HashMap<Id, usize>,
}

#[derive(Debug, Clone)]
struct Entry {
    id: Id,
    name: String,
    listed: Range<usize>,
}

/// One review of the call, as the ranking counts it.
#[derive(Debug, Clone, Copy)]
struct Scored {
    application: usize,
    reviewer: usize,
    outcome: Outcome,
}

#[derive(Debug, Clone, Copy)]
enum Outcome {
    Counted(f64),
    Conflict,
    Incomplete,
}

impl Ranker {
    /// [`rank`]'s reading of the records.
    pub fn new<'a>(
        call: &Call,
        applications: impl IntoIterator<Item = &'a Application>,
        reviews: impl IntoIterator<Item = &'a Review>,
    ) -> Ranker {
        let mut ranker = Ranker {
            rubric: Rubric::new(&call.criteria),
            applications: Vec::new(),
            position: HashMap::new(),
            reviewers: HashMap::new(),
            listed: Vec::new(),
            reviews: Vec::new(),
            review_ids: Vec::new(),
            review_at: HashMap::new(),
        };
        for application in applications.into_iter().filter(|a| a.call == call.id) {
            let start = ranker.listed.len();
            for reviewer in &application.reviewers {
                let number = ranker.reviewer(reviewer);
                // A reviewer listed twice is waited for once.
                if !ranker.listed[start..].contains(&number) {
                    ranker.listed.push(number);
                }
            }
            let at = ranker.applications.len();
            ranker.applications.push(Entry {
                id: application.id.clone(),
                name: application.name.clone(),
                listed: start..ranker.listed.len(),
            });
            ranker.position.insert(application.id.clone(), at);
        }
        for review in reviews {
            ranker.put_review(review);
        }
        ranker
    }

    /// `review`, new or changed, as it now stands. A review of an
    /// application not in the call is left out.
    pub fn put_review(&mut self, review: &Review) {
        let Some(&application) = self.position.get(review.application.as_str()) else {
            self.remove_review(&review.id);
            return;
        };
        let outcome = match review.conflict {
            true => Outcome::Conflict,
            false => match self.rubric.total(&review.scores) {
                Some(value) => Outcome::Counted(value),
                None => Outcome::Incomplete,
            },
        };
        let scored = Scored {
            application,
            reviewer: self.reviewer(&review.reviewer),
            outcome,
        };
        match self.review_at.get(review.id.as_str()) {
            Some(&at) => self.reviews[at] = scored,
            None => {
                self.review_at.insert(review.id.clone(), self.reviews.len());
                self.reviews.push(scored);
                self.review_ids.push(review.id.clone());
            }
        }
    }

    /// The review `id` deleted.
    pub fn remove_review(&mut self, id: &str) {
        let Some(at) = self.review_at.remove(id) else {
            return;
        };
        self.reviews.swap_remove(at);
        self.review_ids.swap_remove(at);
        // The last one moved into its place.
        if let Some(moved) = self.review_ids.get(at) {
            self.review_at.insert(moved.clone(), at);
        }
    }

    /// The reviewer's number, given one if new.
    fn reviewer(&mut self, id: &str) -> usize {
        let next = self.reviewers.len();
        match self.reviewers.get(id) {
            Some(&number) => number,
            None => {
                self.reviewers.insert(id.to_string(), next);
                next
            }
        }
    }

    /// The ranking as the reviews now stand.
    pub fn ranking(&self) -> Ranking {
        let counted = || {
            self.reviews.iter().filter_map(|r| match r.outcome {
                Outcome::Counted(value) => Some((r.reviewer, value)),
                _ => None,
            })
        };
        let call_scale = Scale::of(counted().map(|(_, value)| value));
        let scales = own_scales(counted(), self.reviewers.len());

        let mut tallies = vec![Tally::default(); self.applications.len()];
        // Which listed reviewers have reviewed, a flag each.
        let mut seen = vec![false; self.listed.len()];
        let (mut conflicts, mut incomplete, mut counted_reviews) = (0, 0, 0);
        let mut reviewers_counted = vec![false; self.reviewers.len()];
        for review in &self.reviews {
            let entry = &self.applications[review.application];
            for at in entry.listed.clone() {
                if self.listed[at] == review.reviewer {
                    seen[at] = true;
                }
            }
            let tally = &mut tallies[review.application];
            match review.outcome {
                Outcome::Conflict => {
                    tally.conflicts += 1;
                    conflicts += 1;
                }
                Outcome::Incomplete => incomplete += 1,
                Outcome::Counted(value) => {
                    let scale = scales[review.reviewer].as_ref().unwrap_or(&call_scale);
                    tally.add(value, scale.normalise(value));
                    counted_reviews += 1;
                    reviewers_counted[review.reviewer] = true;
                }
            }
        }

        let mut rows: Vec<(RankedRow, &Entry)> = self
            .applications
            .iter()
            .zip(&tallies)
            .map(|(entry, tally)| {
                let missing = seen[entry.listed.clone()].iter().filter(|s| !**s).count();
                (tally.row(&entry.id, missing), entry)
            })
            .collect();
        rows.sort_by(|(a, entry_a), (b, entry_b)| order(a, entry_a, b, entry_b));
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
            counted: counted_reviews,
            conflicts,
            incomplete,
            own_scale: scales.iter().flatten().count(),
            reviewers: reviewers_counted.iter().filter(|c| **c).count(),
            rows,
        }
    }
}

/// Each reviewer's own scale, by number, from their counted totals:
/// `None` for one with fewer than [`OWN_SCALE_REVIEWS`] or no spread.
fn own_scales(
    totals: impl Iterator<Item = (usize, f64)> + Clone,
    reviewers: usize,
) -> Vec<Option<Scale>> {
    let mut sums = vec![(0usize, 0.0f64); reviewers];
    for (reviewer, value) in totals.clone() {
        let (n, sum) = &mut sums[reviewer];
        *n += 1;
        *sum += value;
    }
    let means: Vec<f64> = sums
        .iter()
        .map(|&(n, sum)| if n > 0 { sum / n as f64 } else { 0.0 })
        .collect();
    let mut squares = vec![0.0f64; reviewers];
    for (reviewer, value) in totals {
        let d = value - means[reviewer];
        squares[reviewer] += d * d;
    }
    sums.iter()
        .zip(means)
        .zip(squares)
        .map(|((&(n, _), mean), squares)| {
            let scale = Scale {
                mean,
                deviation: (squares / n.max(1) as f64).sqrt(),
            };
            (n >= OWN_SCALE_REVIEWS && scale.has_spread()).then_some(scale)
        })
        .collect()
}

/// Best score first, then raw mean, then folded name, then id; the
/// unscored after the scored, by name then id.
fn order(a: &RankedRow, entry_a: &Entry, b: &RankedRow, entry_b: &Entry) -> Ordering {
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
        .then_with(|| fold(&entry_a.name).cmp(&fold(&entry_b.name)))
        .then_with(|| natural_cmp(&entry_a.id, &entry_b.id))
}

/// The call's criteria in name order, as a review's scores are kept, so a
/// review's total is one walk down both instead of a lookup a criterion.
#[derive(Debug, Clone)]
struct Rubric {
    criteria: Vec<Criterion>,
    by_name: Vec<(String, u64)>,
    weights: u64,
}

impl Rubric {
    fn new(criteria: &[Criterion]) -> Rubric {
        let mut by_name: Vec<(String, u64)> = criteria
            .iter()
            .map(|c| (c.name.clone(), u64::from(c.weight)))
            .collect();
        by_name.sort_unstable();
        Rubric {
            criteria: criteria.to_vec(),
            weights: by_name.iter().map(|(_, w)| w).sum(),
            by_name,
        }
    }

    /// [`weighted_mean`], the same to the bit (whole numbers add up
    /// exactly in either order); scores that are not exactly the
    /// criteria go to it.
    fn total(&self, scores: &Scores) -> Option<f64> {
        let exact = scores.len() == self.by_name.len()
            && scores
                .keys()
                .zip(&self.by_name)
                .all(|(name, (criterion, _))| name == criterion);
        if !exact || self.weights == 0 {
            return weighted_mean(scores, &self.criteria);
        }
        let sum: u64 = scores
            .values()
            .zip(&self.by_name)
            .map(|(&score, (_, weight))| u64::from(score) * weight)
            .sum();
        Some(sum as f64 / self.weights as f64)
    }
}

/// What is gathered for one application.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    conflicts: usize,
    counted: usize,
    normalised_sum: f64,
    raw_sum: f64,
    lowest: f64,
    highest: f64,
}

impl Tally {
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

    fn row(&self, application: &str, missing: usize) -> RankedRow {
        let n = self.counted as f64;
        let counted = self.counted > 0;
        RankedRow {
            application: application.to_string(),
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
