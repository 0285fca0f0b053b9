//! The rules a call, an application and a review keep on their own, and
//! the one they keep together: a review scores exactly its call's criteria.

use std::collections::HashSet;

use super::enums::Kind;
use super::limits::*;
use super::problem::Problem;
use super::records::*;
use super::validate::Checker;

/// Most criteria in a call's rubric, and questions on its form.
pub const CRITERIA: usize = 20;
/// The largest weight a criterion takes.
pub const WEIGHT: u32 = 100;

impl Call {
    pub(super) fn check(&self, c: &mut Checker<'_>) {
        c.id("cohort", &self.cohort);
        c.name("name", &self.name);
        c.date("opens", self.opens);
        c.date("closes", self.closes);
        if self.closes < self.opens {
            c.report(
                "closes",
                format!("{} is before it opens, {}", self.closes, self.opens),
            );
        }
        check_criteria(c, &self.criteria);
        if self.questions.len() > LIST_ITEMS {
            c.list("questions", &self.questions);
        }
        for (i, question) in self.questions.iter().enumerate() {
            if question.trim().is_empty() {
                c.report(&format!("questions[{i}]"), "must not be empty");
            }
            c.chars(&format!("questions[{i}]"), question, LINE_CHARS);
        }
    }
}

/// A rubric's rules, a call's or a demo day's: 1 to [`CRITERIA`] criteria,
/// each named once, weights from 1 to [`WEIGHT`].
pub(super) fn check_criteria(c: &mut Checker<'_>, criteria: &[Criterion]) {
    if criteria.is_empty() {
        c.report("criteria", "must list at least one criterion");
    } else if criteria.len() > CRITERIA {
        c.report(
            "criteria",
            format!("has {} criteria; the limit is {CRITERIA}", criteria.len()),
        );
    }
    let mut seen = HashSet::new();
    for (i, criterion) in criteria.iter().enumerate() {
        let field = format!("criteria[{i}]");
        c.name(&format!("{field}.name"), &criterion.name);
        if !seen.insert(crate::text::fold(&criterion.name)) {
            c.report(
                &format!("{field}.name"),
                format!("{:?} is named twice", criterion.name),
            );
        }
        if criterion.weight == 0 || criterion.weight > WEIGHT {
            c.report(
                &format!("{field}.weight"),
                format!("must be a whole number from 1 to {WEIGHT}"),
            );
        }
    }
}

impl Application {
    pub(super) fn check(&self, c: &mut Checker<'_>) {
        c.id("call", &self.call);
        c.name("name", &self.name);
        c.chars("one_liner", &self.one_liner, LINE_CHARS);
        c.chars("sector", &self.sector, NAME_CHARS);
        c.list("founders", &self.founders);
        for (i, f) in self.founders.iter().enumerate() {
            let field = format!("founders[{i}]");
            c.name(&format!("{field}.name"), &f.name);
            c.chars(&format!("{field}.email"), &f.email, LINE_CHARS);
            c.chars(&format!("{field}.role"), &f.role, NAME_CHARS);
        }
        c.list("answers", &self.answers);
        for (i, answer) in self.answers.iter().enumerate() {
            c.bytes(&format!("answers[{i}]"), answer, TEXT_BYTES);
        }
        c.date("submitted_at", self.submitted_at.date_naive());
        c.list("reviewers", &self.reviewers);
        let mut seen = HashSet::new();
        for reviewer in &self.reviewers {
            c.id("reviewers", reviewer);
            if !seen.insert(reviewer) {
                c.report("reviewers", format!("lists {reviewer} twice"));
            }
        }
        if let Some(startup) = &self.startup {
            c.id("startup", startup);
        }
    }
}

impl Review {
    pub(super) fn check(&self, c: &mut Checker<'_>) {
        c.id("application", &self.application);
        c.id("reviewer", &self.reviewer);
        // A reviewer who declares a conflict need not score.
        if self.scores.is_empty() && !self.conflict {
            c.report("scores", "must score at least one criterion");
        }
        for (name, &score) in &self.scores {
            if !SCORE_RANGE.contains(&score) {
                c.report(
                    &format!("scores.{name}"),
                    format!(
                        "{score} is out of range (scores are whole numbers from {} to {})",
                        SCORE_RANGE.start(),
                        SCORE_RANGE.end()
                    ),
                );
            }
        }
        c.bytes("comment", &self.comment, TEXT_BYTES);
        c.date("at", self.at.date_naive());
    }
}

/// What is wrong with `review`'s scores against its call's criteria: each
/// criterion scored once, nothing else scored (or, declaring a conflict,
/// nothing scored at all).
pub fn review_against_call(review: &Review, call: &Call) -> Vec<Problem> {
    let mut out = Vec::new();
    if review.conflict && review.scores.is_empty() {
        return out;
    }
    let report = |out: &mut Vec<Problem>, field: String, message: String| {
        out.push(Problem::new(Kind::Review, &review.id, &field, message));
    };
    for criterion in &call.criteria {
        if !review.scores.contains_key(&criterion.name) {
            report(
                &mut out,
                "scores".into(),
                format!("has no score for {:?}", criterion.name),
            );
        }
    }
    for name in review.scores.keys() {
        if !call.criteria.iter().any(|c| &c.name == name) {
            report(
                &mut out,
                format!("scores.{name}"),
                format!("{name:?} is not one of {}'s criteria", call.id),
            );
        }
    }
    out
}
