//! The judge role on the store's write path, through the library as the
//! screen and the commands reach it: a judge's handle writes their own
//! scores on a demo day listing them while judging is open, and every
//! other write is refused, saying so, with nothing changed.

use incubator::model::testing::{judged, pitch_score};
use incubator::model::{Cohort, DemoDay, Kind, Note, NoteKind, Record};
use incubator::store::{Access, Store};
use incubator::workspace::{self, IfNew};

/// The sample with d3 judged (Pitch ×2, Product ×1) by Orxan and Leyla.
fn sample() -> (tempfile::TempDir, Store) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let store = workspace::open(&dir.path().join("db"), IfNew::Sample)
        .expect("the sample")
        .store;
    let stored = store.get::<DemoDay>("d3").expect("read").expect("d3");
    let day = judged(stored.record, &["Orxan", "Leyla"]);
    store
        .update("coordinator", Record::DemoDay(day), stored.version)
        .expect("judges on d3");
    (dir, store)
}

fn d3(store: &Store) -> (DemoDay, u64) {
    let stored = store.get::<DemoDay>("d3").expect("read").expect("d3");
    (stored.record, stored.version)
}

#[test]
fn a_judge_writes_their_own_scores_and_nothing_else() {
    let (_dir, store) = sample();
    let orxan = store.with_access(Access::Judge {
        name: "Orxan".into(),
    });
    let (day, _) = d3(&store);
    let first = day.pitches[0].startup.clone();
    orxan
        .score_pitch("Orxan", "d3", pitch_score("Orxan", &first, 4, 5))
        .expect("their own score");
    // Revised while open: replaced, not added.
    orxan
        .score_pitch("Orxan", "d3", pitch_score("Orxan", &first, 5, 5))
        .expect("revised");
    let (day, version) = d3(&store);
    assert_eq!(day.scores, [pitch_score("Orxan", &first, 5, 5)]);

    let refused = |what: &str, result: Result<(), String>| {
        let why = result.expect_err(what);
        assert!(
            why.contains("judge Orxan may not") || why.contains("is not one of the day's judges"),
            "{what}: {why}"
        );
    };
    // Another judge's score, through score_pitch and through a plain update.
    refused(
        "Leyla's score",
        said(orxan.score_pitch("Orxan", "d3", pitch_score("Leyla", &first, 1, 1))),
    );
    let mut theirs = day.clone();
    theirs.scores.push(pitch_score("Leyla", &first, 1, 1));
    refused(
        "Leyla's score as an update",
        said(orxan.update("Orxan", Record::DemoDay(theirs), version)),
    );
    // The day itself: criteria, judges, closing or reopening, deleting it.
    let mut changed = day.clone();
    changed.criteria.push(incubator::model::Criterion {
        name: "Market".into(),
        weight: 1,
    });
    refused(
        "the criteria",
        said(orxan.update("Orxan", Record::DemoDay(changed), version)),
    );
    let mut changed = day.clone();
    changed.judges.push("Kim".into());
    refused(
        "the judges",
        said(orxan.update("Orxan", Record::DemoDay(changed), version)),
    );
    let mut changed = day.clone();
    changed.judging_closed = true;
    refused(
        "closing",
        said(orxan.update("Orxan", Record::DemoDay(changed), version)),
    );
    refused(
        "deleting d3",
        said(orxan.delete("Orxan", Kind::DemoDay, "d3", None, true)),
    );
    // Any other record.
    let cohort = store.get::<Cohort>("c1").expect("read").expect("c1");
    let mut renamed = cohort.record.clone();
    renamed.name = "Mine".into();
    refused(
        "a cohort",
        said(orxan.update("Orxan", Record::Cohort(renamed), cohort.version)),
    );
    let note = Note {
        id: String::new(),
        startup: first.clone(),
        author: "Orxan".into(),
        kind: NoteKind::Note,
        created_at: day.at,
        body: "Great pitch".into(),
    };
    refused("a note", said(orxan.create("Orxan", Record::Note(note))));
    refused(
        "a startup deleted",
        said(orxan.delete("Orxan", Kind::Startup, &first, None, true)),
    );
    // Nothing of it landed.
    assert_eq!(d3(&store).0.scores, [pitch_score("Orxan", &first, 5, 5)]);
    assert_eq!(
        store
            .get::<Cohort>("c1")
            .expect("read")
            .expect("c1")
            .record
            .name,
        cohort.record.name
    );

    // A day that does not list them, and a closed one.
    let kim = store.with_access(Access::Judge { name: "Kim".into() });
    refused(
        "a day not listing them",
        said(kim.score_pitch("Kim", "d3", pitch_score("Kim", &first, 3, 3))),
    );
    let (mut closed, version) = d3(&store);
    closed.judging_closed = true;
    store
        .update("coordinator", Record::DemoDay(closed), version)
        .expect("closed by the coordinator");
    let why = said(orxan.score_pitch("Orxan", "d3", pitch_score("Orxan", &first, 1, 1)))
        .expect_err("closed");
    assert!(why.contains("judging is closed"), "{why}");
    assert_eq!(d3(&store).0.scores, [pitch_score("Orxan", &first, 5, 5)]);
}

/// What a write said, as text.
fn said<T>(result: Result<T, incubator::store::StoreError>) -> Result<(), String> {
    result.map(|_| ()).map_err(|e| e.to_string())
}
