//! The ranking against figures worked out by hand.
//!
//! The call scores Team (weight 3) and Market (weight 1): a review's total
//! is (3·Team + Market) / 4.
//!
//! Reviewer g is generous (4–5), reviewer h harsh (1–3), and both put A,
//! B, C in the same order, h's totals being g's less 2:
//!
//! | app | g scores | g total | h scores | h total |
//! | --- | -------- | ------- | -------- | ------- |
//! | A   | 5, 5     | 5       | 3, 3     | 3       |
//! | B   | 4, 4     | 4       | 2, 2     | 2       |
//! | C   | 4, 2     | 3.5     | 1, 3     | 1.5     |
//!
//! g's mean is 12.5/3 = 25/6; deviations 5/6, −1/6, −4/6; variance
//! (25 + 1 + 16)/36/3 = 7/18; so z = (5/6)/√(7/18) = 5/√14 for A, −1/√14
//! for B, −4/√14 for C. h's deviations are the same: the same z-scores.
//! An application's score is the mean of its two: A 1.3363, B −0.2673,
//! C −1.0690; raw means A 4, B 3, C 2.5.

use crate::model::testing::rubric;
use std::collections::BTreeMap;

use super::*;
use crate::model::ApplicationStage;

fn call() -> Call {
    Call {
        id: "call1".into(),
        cohort: "c1".into(),
        name: "Spring 2027 open call".into(),
        opens: "2026-12-01".parse().unwrap(),
        closes: "2027-01-15".parse().unwrap(),
        criteria: rubric(&[("Team", 3), ("Market", 1)]),
        questions: Vec::new(),
    }
}

fn application(id: &str, name: &str, reviewers: &[&str]) -> Application {
    Application {
        id: id.into(),
        call: "call1".into(),
        name: name.into(),
        one_liner: String::new(),
        sector: String::new(),
        founders: Vec::new(),
        answers: Vec::new(),
        submitted_at: "2026-12-03T11:20:00+04:00".parse().unwrap(),
        stage: ApplicationStage::Screening,
        reviewers: reviewers.iter().map(|r| r.to_string()).collect(),
        startup: None,
    }
}

fn review(id: &str, application: &str, reviewer: &str, team: u8, market: u8) -> Review {
    Review {
        id: id.into(),
        application: application.into(),
        reviewer: reviewer.into(),
        scores: BTreeMap::from([("Team".into(), team), ("Market".into(), market)]),
        comment: String::new(),
        conflict: false,
        at: "2026-12-05T10:00:00+04:00".parse().unwrap(),
    }
}

fn conflict(id: &str, application: &str, reviewer: &str) -> Review {
    Review {
        conflict: true,
        ..review(id, application, reviewer, 5, 5)
    }
}

fn abc() -> Vec<Application> {
    vec![
        application("a1", "A", &["g", "h"]),
        application("a2", "B", &["g", "h"]),
        application("a3", "C", &["g", "h"]),
    ]
}

fn generous() -> Vec<Review> {
    vec![
        review("r1", "a1", "g", 5, 5),
        review("r2", "a2", "g", 4, 4),
        review("r3", "a3", "g", 4, 2),
    ]
}

fn harsh() -> Vec<Review> {
    vec![
        review("r4", "a1", "h", 3, 3),
        review("r5", "a2", "h", 2, 2),
        review("r6", "a3", "h", 1, 3),
    ]
}

fn ranked(applications: &[Application], reviews: &[Review]) -> Ranking {
    rank(&call(), applications, reviews)
}

/// (id, rank, score) of each row.
fn places(ranking: &Ranking) -> Vec<(&str, Option<usize>, Option<f64>)> {
    ranking
        .rows
        .iter()
        .map(|r| (r.application.as_str(), r.rank, r.score))
        .collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn a_generous_and_a_harsh_reviewer_in_the_same_order_rank_alike() {
    let apps = abc();
    let by_g = ranked(&apps, &generous());
    let by_h = ranked(&apps, &harsh());
    let both = ranked(&apps, &[generous(), harsh()].concat());
    let root14 = 14f64.sqrt();
    for ranking in [&by_g, &by_h, &both] {
        let got = places(ranking);
        assert_eq!(
            got.iter()
                .map(|(id, rank, _)| (*id, *rank))
                .collect::<Vec<_>>(),
            [("a1", Some(1)), ("a2", Some(2)), ("a3", Some(3))]
        );
        for ((_, _, score), want) in got.iter().zip([5.0, -1.0, -4.0]) {
            assert!(close(*score, want / root14), "{got:?}");
        }
        assert_eq!(ranking.own_scale, ranking.reviewers);
    }
    // Raw means differ: 5, 4, 3.5 for g; 4, 3, 2.5 for both.
    let raw: Vec<_> = both.rows.iter().map(|r| r.raw_mean).collect();
    assert_eq!(raw, [Some(4.0), Some(3.0), Some(2.5)]);
    // Spread: g's total less h's, 2 on each.
    assert!(both.rows.iter().all(|r| r.spread == Some(2.0)));
    assert!(both.rows.iter().all(|r| (r.reviews, r.missing) == (2, 0)));
    assert_eq!((both.counted, both.missing, both.conflicts), (6, 0, 0));
}

#[test]
fn a_conflict_review_changes_nothing_but_the_conflicts_counted() {
    let apps = abc();
    let mut with_conflict = apps.clone();
    with_conflict[0].reviewers.push("x".into());
    let reviews = [generous(), harsh()].concat();
    let before = ranked(&apps, &reviews);
    // x declares a conflict on A with top marks: not in any mean or spread,
    // and not missing either.
    let after = ranked(
        &with_conflict,
        &[reviews.clone(), vec![conflict("r7", "a1", "x")]].concat(),
    );
    assert_eq!(places(&after), places(&before));
    assert_eq!(after.rows[0].raw_mean, before.rows[0].raw_mean);
    assert_eq!(after.rows[0].spread, before.rows[0].spread);
    assert_eq!((after.rows[0].conflicts, after.rows[0].missing), (1, 0));
    assert_eq!((after.conflicts, after.counted, after.reviewers), (1, 6, 2));
}

#[test]
fn a_reviewer_with_two_reviews_is_measured_against_the_call() {
    // t reviews A (5, 5 → 5) and B (3, 3 → 3). The call's eight totals,
    // 5 4 3.5 (g), 3 2 1.5 (h), 5 3 (t), sum to 27: mean 3.375; squared
    // deviations sum to 11.375, variance 11.375/8 = 91/64, sd √91/8 ≈ 1.1924.
    // t's A: 1.625 / (√91/8) = 13/√91 ≈ 1.3628; B: −0.375 / (√91/8) =
    // −3/√91 ≈ −0.3145. g and h keep their own z-scores (5, −1, −4 over √14).
    // A: (2·5/√14 + 13/√91)/3 ≈ 1.3451276; B: (−2/√14 − 3/√91)/3 ≈ −0.2830;
    // C: −4/√14 ≈ −1.0690.
    let apps = abc();
    let reviews = [
        generous(),
        harsh(),
        vec![review("r7", "a1", "t", 5, 5), review("r8", "a2", "t", 3, 3)],
    ]
    .concat();
    let ranking = ranked(&apps, &reviews);
    let (r14, r91) = (14f64.sqrt(), 91f64.sqrt());
    let want = [
        ("a1", (10.0 / r14 + 13.0 / r91) / 3.0),
        ("a2", (-2.0 / r14 - 3.0 / r91) / 3.0),
        ("a3", -4.0 / r14),
    ];
    for (row, (id, score)) in ranking.rows.iter().zip(want) {
        assert_eq!(row.application, id);
        assert!(close(row.score, score), "{id}: {:?} ≠ {score}", row.score);
    }
    let a = ranking.rows[0].score.unwrap_or_default();
    assert!((a - 1.345_127_6).abs() < 1e-6, "{a}");
    // Only g and h have three reviews with spread.
    assert_eq!((ranking.own_scale, ranking.reviewers), (2, 3));
    // A's raw mean (5 + 3 + 5)/3, spread 5 − 3.
    assert!(close(ranking.rows[0].raw_mean, 13.0 / 3.0));
    assert_eq!(ranking.rows[0].spread, Some(2.0));
}

#[test]
fn a_reviewer_without_spread_and_a_call_without_spread_give_zero() {
    // One reviewer, three equal totals: no spread of their own, and the
    // call (the same three) has none either: every score is 0, and the
    // tie is broken by raw mean (equal) then by name.
    let apps = vec![
        application("a1", "Zəfər", &[]),
        application("a2", "Əla", &[]),
        application("a3", "Bal", &[]),
    ];
    let reviews = [
        review("r1", "a1", "g", 4, 4),
        review("r2", "a2", "g", 4, 4),
        review("r3", "a3", "g", 4, 4),
    ];
    let ranking = ranked(&apps, &reviews);
    assert_eq!(ranking.own_scale, 0);
    let order: Vec<_> = places(&ranking);
    // Bal, Əla (folds to "ela"), Zəfər.
    assert_eq!(
        order,
        [
            ("a3", Some(1), Some(0.0)),
            ("a2", Some(2), Some(0.0)),
            ("a1", Some(3), Some(0.0)),
        ]
    );
}

#[test]
fn missing_reviews_are_counted_and_the_unreviewed_come_last_unranked() {
    let apps = [
        application("a1", "Nar Health", &["g", "h", "t"]),
        application("a2", "Kilim", &["g", "h"]),
        application("a3", "Bazar", &["h"]),
        application("a4", "Alma", &[]),
    ];
    // Another call's application and its review are not read.
    let mut elsewhere = application("a9", "Elsewhere", &["g"]);
    elsewhere.call = "call2".into();
    let all: Vec<Application> = apps.iter().cloned().chain([elsewhere]).collect();
    let reviews = [
        review("r1", "a1", "g", 5, 5),
        review("r2", "a2", "g", 3, 3),
        review("r3", "a9", "g", 1, 1),
        // An incomplete review counts for nothing but its reviewer is not
        // missing.
        Review {
            scores: BTreeMap::from([("Team".into(), 4)]),
            ..review("r4", "a1", "h", 4, 4)
        },
    ];
    let ranking = ranked(&all, &reviews);
    let rows: Vec<_> = ranking
        .rows
        .iter()
        .map(|r| (r.application.as_str(), r.rank, r.reviews, r.missing))
        .collect();
    // a1: g counted, h incomplete, t missing. a2: g counted, h missing.
    // a3: h missing, nothing counted. a4: nobody listed, nothing counted.
    // The call's two totals, 5 and 3: a1 +1, a2 −1.
    assert_eq!(
        rows,
        [
            ("a1", Some(1), 1, 1),
            ("a2", Some(2), 1, 1),
            ("a4", None, 0, 0),
            ("a3", None, 0, 1),
        ]
    );
    assert!(close(ranking.rows[0].score, 1.0));
    assert!(close(ranking.rows[1].score, -1.0));
    assert_eq!(ranking.rows[2].score, None);
    assert_eq!(ranking.rows[0].expected(), 2);
    assert_eq!(
        (ranking.counted, ranking.incomplete, ranking.missing),
        (2, 1, 3)
    );
}

#[test]
fn ties_on_score_go_to_the_higher_raw_mean_then_the_name() {
    // g (own scale) gives 5, 3, 4: mean 4, so "Zed" (4) scores 0. h (own
    // scale) gives 3, 1, 2: mean 2, so "Alpha" (2) scores 0 too. Tied on
    // score, Zed's raw mean 4 beats Alpha's 2, whatever the names say.
    let apps = vec![
        application("a1", "G top", &[]),
        application("a2", "G low", &[]),
        application("a3", "Zed", &[]),
        application("a4", "H top", &[]),
        application("a5", "H low", &[]),
        application("a6", "Alpha", &[]),
    ];
    let reviews = [
        review("r1", "a1", "g", 5, 5),
        review("r2", "a2", "g", 3, 3),
        review("r3", "a3", "g", 4, 4),
        review("r4", "a4", "h", 3, 3),
        review("r5", "a5", "h", 1, 1),
        review("r6", "a6", "h", 2, 2),
    ];
    let ranking = ranked(&apps, &reviews);
    let ids: Vec<_> = ranking
        .rows
        .iter()
        .map(|r| r.application.as_str())
        .collect();
    // G top and H top tie on score and raw mean decides (5 over 3); the
    // same below.
    assert_eq!(ids, ["a1", "a4", "a3", "a6", "a2", "a5"]);
    assert!(close(ranking.rows[2].score, 0.0) && close(ranking.rows[3].score, 0.0));
}

#[test]
fn a_ranker_kept_up_to_date_ranks_as_a_ranking_made_anew() {
    let apps = abc();
    let mut reviews = [generous(), harsh()].concat();
    let mut ranker = Ranker::new(&call(), &apps, &reviews[..4]);
    // Two reviews land, one is changed (h now puts C above B), one of
    // another call is put and left out, and one is deleted.
    for review in &reviews[4..] {
        ranker.put_review(review);
    }
    reviews[5] = review("r6", "a3", "h", 3, 1);
    ranker.put_review(&reviews[5]);
    let mut elsewhere = review("r9", "a9", "h", 5, 5);
    ranker.put_review(&elsewhere);
    assert_eq!(ranker.ranking(), ranked(&apps, &reviews));
    // h: A 3, B 2, C 2.5 → C now above B in h's order.
    let changed = ranker.ranking();
    assert_eq!(changed.rows[1].application, "a3");
    ranker.remove_review("r1");
    reviews.remove(0);
    assert_eq!(ranker.ranking(), ranked(&apps, &reviews));
    // A review moved to an application outside the call is dropped.
    elsewhere.application = "a1".into();
    ranker.put_review(&elsewhere);
    assert_eq!(ranker.ranking().counted, reviews.len() + 1);
    elsewhere.application = "a9".into();
    ranker.put_review(&elsewhere);
    assert_eq!(ranker.ranking(), ranked(&apps, &reviews));
}
