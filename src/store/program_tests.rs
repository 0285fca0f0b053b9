//! The program year's records in the store: blind review on reads, a
//! mentor's own reviews on writes, scores against the call, and what
//! deleting a cohort, call or mentor does to them.

use tempfile::TempDir;

use super::*;
use crate::model::testing::*;
use crate::model::*;

/// Cohort c1, mentors m1–m3, call1 (Team ×2, Market ×1) with a1 (to be
/// reviewed by m1 and m2) and a2 (by m2), and m2's reviews of both.
fn year() -> (TempDir, Store) {
    let dir = TempDir::new().expect("temp dir");
    let store = Store::open(&dir.path().join("db")).expect("open");
    store.initialize_empty().expect("initialize");
    let records: Vec<Record> = vec![
        cohort("c1", "2027-03-01", "2027-06-25").into(),
        mentor("m1", 3).into(),
        mentor("m2", 3).into(),
        mentor("m3", 3).into(),
        Record::Call(call("call1", "c1")),
        Record::Application(application("a1", "call1", &["m1", "m2"])),
        Record::Application(application("a2", "call1", &["m2"])),
        Record::Review(review("r1", "a1", "m2", 4, 3)),
        Record::Review(review("r2", "a2", "m2", 2, 2)),
    ];
    for record in records {
        store.create("test", record).expect("create");
    }
    (dir, store)
}

fn review_ids(store: &Store) -> Vec<String> {
    let mut ids: Vec<String> = store
        .list::<Review>()
        .expect("reviews")
        .into_iter()
        .map(|r| r.record.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_mentor_reads_other_reviews_of_an_application_only_after_their_own() {
    let (_dir, store) = year();
    let m1 = store.with_access(Access::Mentor { id: "m1".into() });
    // Before reviewing: nothing of m2's, by any read.
    assert_eq!(review_ids(&m1), Vec::<String>::new());
    assert_eq!(m1.get_any(Kind::Review, "r1").unwrap(), None);
    assert_eq!(m1.history_of(Kind::Review, "r1").unwrap(), vec![]);
    assert!(m1.portfolio().unwrap().reviews.is_empty());
    // Their own review of a1, then m2's of a1 (not of a2, not theirs).
    m1.create("m1", Record::Review(review("", "a1", "m1", 5, 4)))
        .expect("their own review");
    assert_eq!(review_ids(&m1), ["r1", "r3"]);
    assert!(m1.get_any(Kind::Review, "r1").unwrap().is_some());
    assert_eq!(m1.get_any(Kind::Review, "r2").unwrap(), None);
    assert_eq!(m1.history_of(Kind::Review, "r1").unwrap().len(), 1);
    // Staff and coordinators read every review.
    assert_eq!(
        review_ids(&store.with_access(Access::ReadOnly)),
        ["r1", "r2", "r3"]
    );
    assert_eq!(review_ids(&store), ["r1", "r2", "r3"]);
}

#[test]
fn a_mentor_writes_only_their_own_reviews_of_applications_that_list_them() {
    let (_dir, store) = year();
    let m1 = store.with_access(Access::Mentor { id: "m1".into() });
    let refused = |r: Result<Stored<Record>>| match r {
        Err(StoreError::Forbidden { what, .. }) => what,
        other => panic!("not refused: {other:?}"),
    };
    assert_eq!(
        refused(m1.create("m1", Record::Review(review("", "a2", "m1", 3, 3)))),
        "review application a2, which does not list them as a reviewer"
    );
    assert_eq!(
        refused(m1.create("m1", Record::Review(review("", "a1", "m3", 3, 3)))),
        "write a review as m3: reviews are written by their reviewer"
    );
    // Nor change another's review they may read.
    m1.create("m1", Record::Review(review("", "a1", "m1", 5, 4)))
        .expect("their own");
    let r1 = m1.get::<Review>("r1").unwrap().expect("readable now");
    let mut changed = r1.record.clone();
    changed.comment = "Better than it says".into();
    assert_eq!(
        refused(m1.update("m1", Record::Review(changed), r1.version)),
        "write a review as m2: reviews are written by their reviewer"
    );
}

#[test]
fn a_review_scores_exactly_its_calls_criteria() {
    let (_dir, store) = year();
    let mut wrong = review("", "a1", "m1", 3, 3);
    wrong.scores.remove("Market");
    wrong.scores.insert("Charm".into(), 4);
    match store.create("test", Record::Review(wrong)) {
        Err(StoreError::Invalid(problems)) => assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "review r3, scores: has no score for \"Market\"",
                "review r3, scores.Charm: \"Charm\" is not one of call1's criteria",
            ]
        ),
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn a_call_with_applications_is_deleted_only_with_them_and_their_reviews() {
    let (_dir, store) = year();
    match store.delete("test", Kind::Call, "call1", None, false) {
        Err(e @ StoreError::CallNotEmpty { .. }) => assert_eq!(
            e.to_string(),
            "call call1 (Call call1) has 2 applications; delete them with it, or move them to another call first"
        ),
        other => panic!("not refused: {other:?}"),
    }
    let deleted = store
        .delete("test", Kind::Call, "call1", None, true)
        .expect("with its applications");
    assert_eq!(deleted.plan.describe(), "its 2 applications and 2 reviews");
    let p = store.portfolio().unwrap();
    assert!(p.calls.is_empty() && p.applications.is_empty() && p.reviews.is_empty());
    // One undo puts every record back.
    store.revert("test", &deleted.undo).expect("undo");
    let p = store.portfolio().unwrap();
    assert_eq!(
        (p.calls.len(), p.applications.len(), p.reviews.len()),
        (1, 2, 2)
    );
}

#[test]
fn a_cohort_with_calls_is_not_deleted() {
    let (_dir, store) = year();
    match store.delete("test", Kind::Cohort, "c1", None, true) {
        Err(e @ StoreError::CohortHasCalls { .. }) => assert!(
            e.to_string().contains("has calls for applications (call1)"),
            "{e}"
        ),
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn a_deleted_mentor_takes_their_reviews_and_leaves_the_applications() {
    let (_dir, store) = year();
    let deleted = store
        .delete("test", Kind::Mentor, "m2", None, false)
        .expect("delete m2");
    assert_eq!(deleted.plan.describe(), "its 2 reviews");
    let p = store.portfolio().unwrap();
    assert!(p.reviews.is_empty());
    let reviewers: Vec<&[String]> = p
        .applications
        .iter()
        .map(|a| a.reviewers.as_slice())
        .collect();
    assert_eq!(reviewers, [&["m1".to_string()][..], &[]]);
}
