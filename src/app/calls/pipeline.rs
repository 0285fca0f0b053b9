//! What the Calls tab shows of one call, worked out from the portfolio
//! once per change, not per frame: its applications by stage, and in the
//! order the user works them — ranked by the reviews in for a coordinator
//! or staff, the user's own queue first for a reviewer, whose view stays
//! blind to other reviewers' scores.

use chrono::NaiveDate;

use crate::model::{Application, ApplicationStage, Call, Portfolio, Review, weighted_mean};
use crate::ranking::{RankedRow, Ranking};
use crate::store::Access;

/// One call's applications as the tab lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// The call's id.
    pub call: String,
    /// In the order listed.
    pub rows: Vec<Row>,
    /// Applications at each stage, in [`ApplicationStage::ALL`]'s order.
    pub by_stage: Vec<usize>,
    /// Reviews in (counted or declaring a conflict) and reviews asked for.
    pub reviews_in: usize,
    pub reviews_asked: usize,
    /// For a reviewer: how many of their reviews are still to do.
    pub to_review: Option<usize>,
}

/// One application of the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Its place in the portfolio's applications.
    pub at: usize,
    pub id: String,
    /// Its ranking figures: for a coordinator or staff; `None` for a
    /// reviewer (blind review).
    pub ranked: Option<RankedRow>,
    /// For a reviewer listed on it: where their own review stands.
    pub mine: Option<Mine>,
}

/// Where a reviewer's own review of an application stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mine {
    ToDo,
    /// Done: its weighted total.
    Done(f64),
    /// Done, declaring a conflict of interest.
    Conflict,
}

/// The calls the tab offers, in the order `[` and `]` go through them:
/// open ones first, closing soonest; then those to come, opening soonest;
/// then closed ones, the latest first.
pub fn calls_in_order(calls: &[Call], today: NaiveDate) -> Vec<&Call> {
    let mut ordered: Vec<&Call> = calls.iter().collect();
    let group = |c: &Call| match (c.opens > today, c.closes < today) {
        (false, false) => 0,
        (true, _) => 1,
        (false, true) => 2,
    };
    ordered.sort_by(|a, b| {
        group(a).cmp(&group(b)).then_with(|| match group(a) {
            0 => a.closes.cmp(&b.closes),
            1 => a.opens.cmp(&b.opens),
            _ => b.closes.cmp(&a.closes),
        })
    });
    ordered
}

/// The reviews `access` may read of `call`'s applications: every one, or
/// for a mentor their own and others' of an application they reviewed
/// (as `store::blind` reads them).
pub fn readable_reviews<'a>(portfolio: &'a Portfolio, access: &Access) -> Vec<&'a Review> {
    match access {
        Access::Mentor { id } => {
            let reviewed: std::collections::HashSet<&str> = portfolio
                .reviews
                .iter()
                .filter(|r| r.reviewer == *id)
                .map(|r| r.application.as_str())
                .collect();
            portfolio
                .reviews
                .iter()
                .filter(|r| reviewed.contains(r.application.as_str()))
                .collect()
        }
        Access::Everything | Access::ReadOnly => portfolio.reviews.iter().collect(),
        Access::Judge { .. } => Vec::new(),
    }
}

/// `call`'s pipeline as `access` sees it; `ranking` is the call's (a
/// coordinator's and staff's order; a reviewer's view has none).
pub fn pipeline(
    portfolio: &Portfolio,
    call: &Call,
    access: &Access,
    ranking: Option<Ranking>,
) -> Pipeline {
    let applications: Vec<(usize, &Application)> = portfolio
        .applications
        .iter()
        .enumerate()
        .filter(|(_, a)| a.call == call.id)
        .collect();
    let mut by_stage = vec![0; ApplicationStage::ALL.len()];
    for (_, a) in &applications {
        if let Some(at) = ApplicationStage::ALL.iter().position(|s| *s == a.stage) {
            by_stage[at] += 1;
        }
    }
    let reviews_asked = applications.iter().map(|(_, a)| a.reviewers.len()).sum();
    let mut reviews_in = 0;
    let rows = match (access, ranking) {
        (Access::Everything | Access::ReadOnly, Some(ranking)) => {
            reviews_in = ranking.counted + ranking.conflicts + ranking.incomplete;
            ranked(&applications, ranking)
        }
        (Access::Mentor { id }, _) => {
            // How many are in, not whose or what they say.
            let ids: std::collections::HashSet<&str> =
                applications.iter().map(|(_, a)| a.id.as_str()).collect();
            reviews_in = portfolio
                .reviews
                .iter()
                .filter(|r| ids.contains(r.application.as_str()))
                .count();
            queue(&applications, &portfolio.reviews, call, id)
        }
        (_, None) | (Access::Judge { .. }, _) => Vec::new(),
    };
    let to_review = match access {
        Access::Mentor { .. } => Some(rows.iter().filter(|r| r.mine == Some(Mine::ToDo)).count()),
        _ => None,
    };
    Pipeline {
        call: call.id.clone(),
        rows,
        by_stage,
        reviews_in,
        reviews_asked,
        to_review,
    }
}

/// For a coordinator or staff: in ranking order.
fn ranked(applications: &[(usize, &Application)], ranking: Ranking) -> Vec<Row> {
    let at: std::collections::HashMap<&str, usize> = applications
        .iter()
        .map(|(at, a)| (a.id.as_str(), *at))
        .collect();
    ranking
        .rows
        .into_iter()
        .filter_map(|row| {
            Some(Row {
                at: *at.get(row.application.as_str())?,
                id: row.application.clone(),
                ranked: Some(row),
                mine: None,
            })
        })
        .collect()
}

/// For a reviewer: the applications that list them and still wait for
/// their review, oldest first; then those they reviewed; then the rest,
/// by name.
fn queue(
    applications: &[(usize, &Application)],
    reviews: &[Review],
    call: &Call,
    mentor: &str,
) -> Vec<Row> {
    let own: std::collections::HashMap<&str, &Review> = reviews
        .iter()
        .filter(|r| r.reviewer == mentor)
        .map(|r| (r.application.as_str(), r))
        .collect();
    let mut rows: Vec<(u8, &Application, Row)> = applications
        .iter()
        .map(|(at, a)| {
            let own = own.get(a.id.as_str()).copied();
            let mine = match own {
                Some(r) if r.conflict => Some(Mine::Conflict),
                Some(r) => weighted_mean(&r.scores, &call.criteria).map(Mine::Done),
                None if a.reviewers.iter().any(|m| m == mentor) => Some(Mine::ToDo),
                None => None,
            };
            let group = match mine {
                Some(Mine::ToDo) => 0,
                Some(_) => 1,
                None => 2,
            };
            let row = Row {
                at: *at,
                id: a.id.clone(),
                ranked: None,
                mine,
            };
            (group, *a, row)
        })
        .collect();
    rows.sort_by(|(ga, a, _), (gb, b, _)| {
        ga.cmp(gb).then_with(|| match ga {
            0 => a.submitted_at.cmp(&b.submitted_at),
            _ => crate::text::fold(&a.name).cmp(&crate::text::fold(&b.name)),
        })
    });
    rows.into_iter().map(|(_, _, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::*;

    fn portfolio() -> Portfolio {
        Portfolio {
            calls: vec![call("call1", "c1")],
            applications: vec![
                application("a1", "call1", &["m1", "m2"]),
                application("a2", "call1", &["m2"]),
                application("a3", "call1", &["m1"]),
            ],
            reviews: vec![
                review("r1", "a1", "m2", 5, 5),
                review("r2", "a2", "m2", 2, 2),
            ],
            ..Portfolio::default()
        }
    }

    #[test]
    fn a_reviewer_sees_their_queue_first_and_no_scores() {
        let p = portfolio();
        let m1 = Access::Mentor { id: "m1".into() };
        let view = pipeline(&p, &p.calls[0], &m1, None);
        let ids: Vec<&str> = view.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a1", "a3", "a2"]);
        assert_eq!(view.to_review, Some(2));
        assert!(view.rows.iter().all(|r| r.ranked.is_none()));
        assert_eq!(view.rows[2].mine, None);
    }

    #[test]
    fn a_coordinator_sees_the_ranking_as_reviews_come_in() {
        let p = portfolio();
        let ranking = crate::ranking::rank(&p.calls[0], &p.applications, &p.reviews);
        let view = pipeline(&p, &p.calls[0], &Access::Everything, Some(ranking));
        let ids: Vec<&str> = view.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a1", "a2", "a3"]);
        assert_eq!((view.reviews_in, view.reviews_asked), (2, 4));
        assert_eq!(view.by_stage[1], 3, "all three at screening");
        let first = view.rows[0].ranked.as_ref().expect("ranked");
        assert_eq!((first.rank, first.reviews, first.missing), (Some(1), 1, 1));
    }

    #[test]
    fn open_calls_come_first_closing_soonest() {
        let mut a = call("a", "c1");
        let mut b = call("b", "c1");
        let mut closed = call("closed", "c1");
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        (a.opens, a.closes) = (day("2026-12-01"), day("2027-01-31"));
        (b.opens, b.closes) = (day("2026-11-01"), day("2026-12-20"));
        (closed.opens, closed.closes) = (day("2026-01-01"), day("2026-02-01"));
        let calls = [closed, a, b];
        let order: Vec<&str> = calls_in_order(&calls, day("2026-12-07"))
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(order, ["b", "a", "closed"]);
    }
}
