//! Milestones, office hours and a demo day's judging in the store: who may
//! write them, booking a slot once, scoring only one's own, and what a
//! deletion takes with it.

use std::sync::{Arc, Barrier};

use tempfile::TempDir;

use super::*;
use crate::model::testing::*;
use crate::model::*;

/// Cohort c1; mentors m1 (of s1) and m2; startups s1, s2; s1's note n1 and
/// milestone ms1 (listing n1); m1's slots oh1, oh2; demo day d1 with both
/// pitching, judged by Orxan and Leyla.
fn running() -> (TempDir, Store) {
    let dir = TempDir::new().expect("temp dir");
    let store = Store::open(&dir.path().join("db")).expect("open");
    store.initialize_empty().expect("initialize");
    let mut s1 = startup("s1");
    s1.mentors = vec!["m1".into()];
    let mut ms1 = milestone("ms1", "s1", "First paying pilot", "2027-02-28");
    ms1.notes = vec!["n1".into()];
    let records: Vec<Record> = vec![
        cohort("c1", "2027-03-01", "2027-06-25").into(),
        mentor("m1", 3).into(),
        mentor("m2", 3).into(),
        s1.into(),
        startup("s2").into(),
        note("n1", "s1", "Pilot with Bravo").into(),
        Record::Milestone(ms1),
        Record::OfficeHour(office_hour("oh1", "m1", "2027-01-12T10:00:00+04:00")),
        Record::OfficeHour(office_hour("oh2", "m1", "2027-01-12T10:30:00+04:00")),
        Record::DemoDay(judged(
            demo_day("d1", "c1", &["s1", "s2"]),
            &["Orxan", "Leyla"],
        )),
    ];
    for record in records {
        store.create("test", record).expect("create");
    }
    (dir, store)
}

fn demo_day_of(store: &Store) -> DemoDay {
    store.get::<DemoDay>("d1").unwrap().expect("d1").record
}

#[test]
fn a_judge_writes_only_their_own_scores_on_a_day_that_lists_them_while_open() {
    let (_dir, store) = running();
    let orxan = store.with_access(Access::Judge {
        name: "Orxan".into(),
    });
    orxan
        .score_pitch("Orxan", "d1", pitch_score("Orxan", "s1", 4, 3))
        .expect("their own score");
    assert_eq!(
        demo_day_of(&store).scores,
        [pitch_score("Orxan", "s1", 4, 3)]
    );

    // As Leyla, through the generic write: refused on the write path.
    let mut day = demo_day_of(&store);
    let version = store.get::<DemoDay>("d1").unwrap().unwrap().version;
    day.scores.push(pitch_score("Leyla", "s1", 1, 1));
    let err = orxan
        .update("Orxan", Record::DemoDay(day.clone()), version)
        .unwrap_err();
    assert!(err.to_string().contains("beyond their own scores"), "{err}");
    // Nor the venue, nor any other record, nor a day not listing them.
    let mut moved = demo_day_of(&store);
    moved.venue = "Elsewhere".into();
    assert!(
        orxan
            .update("Orxan", Record::DemoDay(moved), version)
            .is_err()
    );
    assert!(orxan.create("Orxan", note("", "s1", "hi").into()).is_err());
    let stranger = store.with_access(Access::Judge { name: "Kim".into() });
    let err = stranger
        .score_pitch("Kim", "d1", pitch_score("Kim", "s1", 5, 5))
        .unwrap_err();
    assert!(
        err.to_string().contains("not one of the day's judges"),
        "{err}"
    );

    // Closed by the coordinator: the scores are final.
    let mut closed = demo_day_of(&store);
    closed.judging_closed = true;
    store
        .update("coordinator", Record::DemoDay(closed), version)
        .unwrap();
    let err = orxan
        .score_pitch("Orxan", "d1", pitch_score("Orxan", "s1", 5, 5))
        .unwrap_err();
    assert!(err.to_string().contains("judging is closed"), "{err}");
    assert_eq!(
        demo_day_of(&store).scores,
        [pitch_score("Orxan", "s1", 4, 3)]
    );
}

#[test]
fn five_judges_scoring_at_once_each_keep_their_score() {
    let (_dir, store) = running();
    let judges = ["J1", "J2", "J3", "J4", "J5"];
    let mut day = demo_day_of(&store);
    day.judges = judges.iter().map(|j| j.to_string()).collect();
    store
        .update("coordinator", Record::DemoDay(day), 1)
        .unwrap();
    let start = Arc::new(Barrier::new(judges.len()));
    let threads: Vec<_> = judges
        .iter()
        .enumerate()
        .map(|(i, judge)| {
            let handle = store.with_access(Access::Judge {
                name: judge.to_string(),
            });
            let start = start.clone();
            let judge = judge.to_string();
            std::thread::spawn(move || {
                start.wait();
                let score = pitch_score(&judge, "s2", 1 + i as u8, 3);
                handle.score_pitch(&judge, "d1", score).map(|_| ())
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("no panic").expect("scored");
    }
    let mut scored: Vec<String> = demo_day_of(&store)
        .scores
        .into_iter()
        .map(|s| s.judge)
        .collect();
    scored.sort();
    assert_eq!(scored, judges);
}

#[test]
fn of_two_sessions_booking_one_slot_at_once_one_wins_and_the_other_is_told() {
    let (_dir, store) = running();
    let start = Arc::new(Barrier::new(2));
    let threads: Vec<_> = ["s1", "s2"]
        .into_iter()
        .map(|startup| {
            let store = store.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                store.book("coordinator", "oh1", Some(startup), "Pricing")
            })
        })
        .collect();
    let results: Vec<_> = threads
        .into_iter()
        .map(|t| t.join().expect("no panic"))
        .collect();
    let won: Vec<_> = results.iter().filter(|r| r.is_ok()).collect();
    assert_eq!(won.len(), 1, "{results:?}");
    let lost = results
        .iter()
        .find_map(|r| r.as_ref().err())
        .expect("one refused");
    assert!(matches!(lost, StoreError::SlotTaken { .. }), "{lost:?}");
    let winner = store
        .get::<OfficeHour>("oh1")
        .unwrap()
        .unwrap()
        .record
        .startup;
    let loser_name = if winner.as_deref() == Some("s1") {
        "s2"
    } else {
        "s1"
    };
    let winner_name = format!("Startup {}", winner.as_deref().unwrap_or_default());
    assert!(
        lost.to_string()
            .contains(&format!("was just booked by {winner_name}")),
        "{lost} (the loser was {loser_name})"
    );
    // The winner may change its topic; freeing it takes the topic away.
    let (slot, _) = store
        .book("coordinator", "oh1", winner.as_deref(), "Hiring")
        .unwrap();
    assert_eq!(slot.topic, "Hiring");
    let (slot, _) = store.book("coordinator", "oh1", None, "").unwrap();
    assert!(slot.is_free() && slot.topic.is_empty());
}

#[test]
fn a_mentor_keeps_their_own_office_hours_and_their_startups_milestones() {
    let (_dir, store) = running();
    let m1 = store.with_access(Access::Mentor { id: "m1".into() });
    let m2 = store.with_access(Access::Mentor { id: "m2".into() });
    m1.create(
        "m1",
        Record::OfficeHour(office_hour("", "m1", "2027-01-19T10:00:00+04:00")),
    )
    .expect("their own slot");
    m1.book("m1", "oh1", Some("s2"), "Pricing")
        .expect("booked for anyone");
    assert!(m2.book("m2", "oh2", Some("s1"), "x").is_err(), "not theirs");
    m1.create(
        "m1",
        Record::Milestone(milestone("", "s1", "Ten clinics", "2027-04-01")),
    )
    .expect("a milestone of their startup");
    let err = m1
        .create(
            "m1",
            Record::Milestone(milestone("", "s2", "Ten clinics", "2027-04-01")),
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("which they do not mentor"),
        "{err}"
    );
    let staff = store.with_access(Access::ReadOnly);
    assert!(staff.book("staff", "oh2", Some("s1"), "x").is_err());
}

#[test]
fn deleting_a_startup_takes_its_milestones_and_frees_its_bookings_and_undo_puts_them_back() {
    let (_dir, store) = running();
    store.book("test", "oh1", Some("s1"), "Pricing").unwrap();
    store
        .score_pitch("test", "d1", pitch_score("Orxan", "s1", 4, 4))
        .unwrap();
    let plan = store.delete_plan(Kind::Startup, "s1").unwrap();
    assert_eq!(plan.milestones, ["ms1"]);
    assert_eq!(plan.freed, ["oh1"]);
    assert_eq!(plan.describe(), "its 1 note, 1 pitch slot and 1 milestone");
    let deleted = store
        .delete("test", Kind::Startup, "s1", None, false)
        .unwrap();
    assert!(store.get::<Milestone>("ms1").unwrap().is_none());
    assert!(
        store
            .get::<OfficeHour>("oh1")
            .unwrap()
            .unwrap()
            .record
            .is_free()
    );
    assert!(
        demo_day_of(&store).scores.is_empty(),
        "its scores go with its pitch"
    );
    store.revert("test", &deleted.undo).unwrap();
    assert!(store.get::<Milestone>("ms1").unwrap().is_some());
    let slot = store.get::<OfficeHour>("oh1").unwrap().unwrap().record;
    assert_eq!(
        (slot.startup.as_deref(), slot.topic.as_str()),
        (Some("s1"), "Pricing")
    );
    assert_eq!(demo_day_of(&store).scores.len(), 1);
}

#[test]
fn deleting_a_mentor_takes_their_office_hours_and_a_note_leaves_its_milestone() {
    let (_dir, store) = running();
    let plan = store.delete_plan(Kind::Mentor, "m1").unwrap();
    assert_eq!(plan.office_hours, ["oh1", "oh2"]);
    store
        .delete("test", Kind::Mentor, "m1", None, false)
        .unwrap();
    assert!(store.list::<OfficeHour>().unwrap().is_empty());
    store.delete("test", Kind::Note, "n1", None, false).unwrap();
    let ms1 = store.get::<Milestone>("ms1").unwrap().unwrap().record;
    assert!(ms1.notes.is_empty());
}
