//! Store behaviour on temporary databases.

use tempfile::TempDir;

use super::*;
use crate::model::testing::*;
use crate::model::*;

fn fresh() -> (TempDir, Store) {
    let dir = TempDir::new().expect("temp dir");
    let store = Store::open(&dir.path().join("db")).expect("open");
    store.initialize_empty().expect("initialize");
    (dir, store)
}

/// A cohort c1 with startups s1 (mentored by m1, two notes, pitching at d1) and s2.
fn small_portfolio(store: &Store) {
    store
        .create("test", cohort("c1", "2026-03-02", "2026-06-26").into())
        .unwrap();
    store.create("test", mentor("m1", 2).into()).unwrap();
    for id in ["s1", "s2"] {
        let mut s = startup(id);
        s.cohort = Some("c1".into());
        s.mentors = vec!["m1".into()];
        store.create("test", s.into()).unwrap();
    }
    store
        .create("test", note("n1", "s1", "Pricing review.").into())
        .unwrap();
    store
        .create("test", note("n2", "s1", "Pilot signed.").into())
        .unwrap();
    store
        .create("test", note("n3", "s2", "Intro call.").into())
        .unwrap();
    store
        .create("test", demo_day("d1", "c1", &["s1", "s2"]).into())
        .unwrap();
}

#[test]
fn every_kind_is_created_read_updated_and_deleted() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    let records: Vec<Record> = vec![
        cohort("c9", "2026-01-01", "2026-02-01").into(),
        mentor("m9", 1).into(),
        startup("s9").into(),
        demo_day("d9", "c9", &[]).into(),
        note("n9", "s9", "hello").into(),
    ];
    for record in records {
        let (kind, id) = (record.kind(), record.id().to_string());
        let created = store.create("aysel", record.clone()).unwrap();
        assert_eq!(created.version, 1);
        let read = store.get_any(kind, &id).unwrap().expect("stored");
        assert_eq!(read.record, record);

        let mut changed = record.clone();
        match &mut changed {
            Record::Cohort(r) => r.name = "Renamed".into(),
            Record::Mentor(r) => r.name = "Renamed".into(),
            Record::Startup(r) => r.name = "Renamed".into(),
            Record::DemoDay(r) => r.venue = "Renamed".into(),
            Record::Note(r) => r.body = "Renamed".into(),
            Record::Call(r) => r.name = "Renamed".into(),
            Record::Application(r) => r.name = "Renamed".into(),
            Record::Review(r) => r.comment = "Renamed".into(),
            Record::Milestone(r) => r.title = "Renamed".into(),
            Record::OfficeHour(r) => r.place = "Renamed".into(),
        }
        let updated = store.update("aysel", changed.clone(), 1).unwrap();
        assert_eq!(updated.version, 2);
        assert_eq!(store.get_any(kind, &id).unwrap().unwrap().record, changed);
    }
    for (kind, id) in [
        (Kind::Note, "n9"),
        (Kind::DemoDay, "d9"),
        (Kind::Startup, "s9"),
        (Kind::Mentor, "m9"),
        (Kind::Cohort, "c9"),
    ] {
        store.delete("aysel", kind, id, Some(2), false).unwrap();
        assert_eq!(store.get_any(kind, id).unwrap(), None, "{kind} {id}");
    }
    assert_eq!(
        store.portfolio().unwrap().summary(),
        "1 cohort, 2 startups, 1 mentor, 1 demo day, 3 notes"
    );
}

#[test]
fn a_stale_edit_is_refused_and_names_who_changed_the_record() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    let mut first = store.get::<Startup>("s1").unwrap().unwrap().record;
    first.stage = Stage::Mvp;
    store.update("leyla", first.clone().into(), 1).unwrap();

    let mut second = first.clone();
    second.stage = Stage::Growth;
    let err = store.update("tural", second.into(), 1).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                found: 2,
                expected: 1,
                ..
            }
        ),
        "{message}"
    );
    assert!(
        message.starts_with("startup s1 (Startup s1) was changed by leyla at "),
        "{message}"
    );
    assert_eq!(
        store.get::<Startup>("s1").unwrap().unwrap().record.stage,
        Stage::Mvp
    );
}

#[test]
fn saving_an_unchanged_record_writes_nothing() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    let s = store.get::<Startup>("s1").unwrap().unwrap();
    let again = store.update("x", s.record.clone().into(), 1).unwrap();
    assert_eq!(again.version, 1);
    assert_eq!(store.history_of(Kind::Startup, "s1").unwrap().len(), 1);
}

#[test]
fn deleting_a_startup_takes_its_notes_and_pitch_slots_in_one_write() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    let plan = store.delete_plan(Kind::Startup, "s1").unwrap();
    assert_eq!(plan.describe(), "its 2 notes and 1 pitch slot");

    store
        .delete("aysel", Kind::Startup, "s1", Some(1), false)
        .unwrap();
    assert!(store.notes_of("s1").unwrap().is_empty());
    assert_eq!(store.get_any(Kind::Note, "n1").unwrap(), None);
    let d1 = store.get::<DemoDay>("d1").unwrap().unwrap();
    assert_eq!(
        d1.record
            .pitches
            .iter()
            .map(|p| p.startup.as_str())
            .collect::<Vec<_>>(),
        ["s2"]
    );
    assert_eq!(d1.version, 2);
    let history = store.history_of(Kind::Note, "n1").unwrap();
    assert_eq!(
        history.last().unwrap().cause.as_deref(),
        Some("deleted with startup s1")
    );
    assert!(store.check().unwrap().is_sound());
}

#[test]
fn a_cohort_with_startups_is_kept_unless_they_are_detached() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    let err = store
        .delete("aysel", Kind::Cohort, "c1", None, false)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cohort c1 (Cohort c1) still has 2 startup(s): s1, s2; detach them or move them first"
    );
    assert!(store.get::<Cohort>("c1").unwrap().is_some());

    let deleted = store
        .delete("aysel", Kind::Cohort, "c1", None, true)
        .unwrap();
    assert_eq!(deleted.plan.demo_days, ["d1"]);
    assert_eq!(
        store.get::<Startup>("s1").unwrap().unwrap().record.cohort,
        None
    );
    assert_eq!(store.get::<DemoDay>("d1").unwrap(), None);
    assert!(store.check().unwrap().is_sound());
}

#[test]
fn deleting_a_mentor_unassigns_them() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    store
        .delete("aysel", Kind::Mentor, "m1", None, false)
        .unwrap();
    assert!(
        store
            .get::<Startup>("s2")
            .unwrap()
            .unwrap()
            .record
            .mentors
            .is_empty()
    );
    assert!(store.check().unwrap().is_sound());
}

#[test]
fn references_must_resolve_on_every_write() {
    let (_dir, store) = fresh();
    let mut s = startup("s1");
    s.cohort = Some("c404".into());
    let err = store.create("x", s.into()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "1 problem:\n  startup s1, cohort: refers to cohort \"c404\", which does not exist"
    );
    let err = store
        .create("x", note("n1", "s404", "hi").into())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("note n1, startup: refers to startup \"s404\""),
        "{err}"
    );
    assert_eq!(store.portfolio().unwrap(), Portfolio::default());
}

#[test]
fn invalid_records_are_refused_with_the_rule_they_break() {
    let (_dir, store) = fresh();
    let mut c = cohort("c1", "2026-06-01", "2026-03-01");
    c.name = "   ".into();
    let err = store.create("x", c.into()).unwrap_err().to_string();
    assert_eq!(
        err,
        "2 problems:\n  cohort c1, name: must not be empty\n  cohort c1, end: 2026-03-01 is before the start, 2026-06-01"
    );
    let mut s = startup("s1");
    s.name = "x".repeat(201);
    let err = store.create("x", s.into()).unwrap_err().to_string();
    assert!(
        err.contains("name: is 201 characters long; the limit is 200"),
        "{err}"
    );
    let big = note("n1", "s1", &"a".repeat(64 * 1024 + 1));
    assert!(
        store
            .create("x", big.into())
            .unwrap_err()
            .to_string()
            .contains("the limit is 64 KiB")
    );
}

#[test]
fn generated_ids_follow_the_highest_and_never_collide() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    let mut s = startup("");
    s.name = "New one".into();
    let made = store.create("x", s.clone().into()).unwrap();
    assert_eq!(made.record.id(), "s3");
    assert_eq!(store.create("x", s.into()).unwrap().record.id(), "s4");
    let err = store.create("x", startup("s1").into()).unwrap_err();
    assert_eq!(err.to_string(), "a startup with id \"s1\" already exists");
}

#[test]
fn history_records_who_when_and_which_fields_changed() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    let mut s = store.get::<Startup>("s1").unwrap().unwrap().record;
    s.stage = Stage::Traction;
    s.tags = vec!["payments".into()];
    store.update("Aysel Hüseynova", s.into(), 1).unwrap();

    let history = store.history_of(Kind::Startup, "s1").unwrap();
    assert_eq!(
        history.iter().map(|h| h.action).collect::<Vec<_>>(),
        [ChangeKind::Created, ChangeKind::Updated]
    );
    let last = &history[1];
    assert_eq!((last.who.as_str(), last.version), ("Aysel Hüseynova", 2));
    let changes: Vec<String> = last
        .changes()
        .iter()
        .map(|c| format!("{}: {} -> {}", c.field, c.before, c.after))
        .collect();
    assert_eq!(
        changes,
        [
            "stage: \"idea\" -> \"traction\"",
            "tags: [] -> [\"payments\"]"
        ]
    );
}

#[test]
fn subscribers_hear_each_landed_write() {
    let (_dir, store) = fresh();
    let changes = store.subscribe();
    store.create("leyla", mentor("m1", 2).into()).unwrap();
    assert_eq!(
        changes.try_recv(),
        Ok(Change::Record {
            kind: Kind::Mentor,
            id: "m1".into(),
            action: ChangeKind::Created,
            who: "leyla".into()
        })
    );
    let _ = store.create("leyla", startup("s1").into());
    assert!(changes.try_recv().is_ok());
    let _ = store.create("leyla", startup("s1").into()); // refused: nothing to hear
    assert!(changes.try_recv().is_err());
}

#[test]
fn writes_are_on_disk_when_the_store_is_reopened() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("db");
    {
        let store = Store::open(&path).unwrap();
        store.initialize_empty().unwrap();
        small_portfolio(&store);
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.notes_of("s1").unwrap().len(), 2);
    assert_eq!(store.schema_version().unwrap(), Some(SCHEMA_VERSION));
}

#[test]
fn notes_of_a_startup_come_newest_first() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    let mut late = note("n4", "s1", "Later");
    late.created_at = "2026-07-01T09:00:00+04:00".parse().unwrap();
    store.create("x", late.into()).unwrap();
    let ids: Vec<String> = store
        .notes_of("s1")
        .unwrap()
        .into_iter()
        .map(|n| n.record.id)
        .collect();
    assert_eq!(ids, ["n4", "n2", "n1"]);
}

#[test]
fn undoing_a_cascade_delete_puts_every_record_back_in_one_write() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    let before = store.portfolio().unwrap();
    let deleted = store
        .delete("aysel", Kind::Cohort, "c1", None, true)
        .unwrap();
    store.revert("aysel", &deleted.undo).unwrap();
    let mut after = store.portfolio().unwrap();
    let mut before = before;
    after.sort();
    before.sort();
    assert_eq!(after, before, "the same records, field for field");
    assert!(store.check().unwrap().is_sound());
    let history = store.history_of(Kind::DemoDay, "d1").unwrap();
    assert_eq!(history.last().unwrap().cause.as_deref(), Some("undo"));

    // And a startup with its notes and pitch slot.
    let deleted = store
        .delete("aysel", Kind::Startup, "s1", None, false)
        .unwrap();
    store.revert("aysel", &deleted.undo).unwrap();
    let mut again = store.portfolio().unwrap();
    again.sort();
    assert_eq!(again, before);
}

#[test]
fn an_undo_is_refused_when_the_record_changed_since() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    let old = store.get_any(Kind::Startup, "s2").unwrap().unwrap();
    let mut renamed = old.record.clone();
    if let Record::Startup(s) = &mut renamed {
        s.name = "Renamed".into();
    }
    let saved = store.update("aysel", renamed, old.version).unwrap();
    let undo = Revert::of(Some(old.record.clone()), &saved);
    // Someone else edits it again.
    let mut again = saved.record.clone();
    if let Record::Startup(s) = &mut again {
        s.name = "Renamed twice".into();
    }
    store.update("nigar", again, saved.version).unwrap();
    let err = store
        .revert("aysel", std::slice::from_ref(&undo))
        .unwrap_err();
    assert!(err.to_string().contains("nigar"), "{err}");
    let now = store.get::<Startup>("s2").unwrap().unwrap();
    assert_eq!(now.record.name, "Renamed twice", "nothing was undone");

    // Undoing a create removes the record, if it is as created.
    let created = store.create("aysel", startup("s9").into()).unwrap();
    store
        .revert("aysel", &[Revert::of(None, &created)])
        .unwrap();
    assert_eq!(store.get_any(Kind::Startup, "s9").unwrap(), None);
}

fn kpis_of(record: &Record) -> Vec<Kpi> {
    match record {
        Record::Startup(s) => s.kpis.clone(),
        _ => Vec::new(),
    }
}

fn forbidden<T>(r: Result<T>) -> bool {
    matches!(r, Err(StoreError::Forbidden { .. }))
}

/// Roles are enforced on the write path: a mentor writes notes and KPI
/// snapshots of their own startups and their own profile; staff nothing.
#[test]
fn access_limits_what_a_handle_writes() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    store.create("test", mentor("m2", 2).into()).unwrap();
    let mut s3 = startup("s3");
    s3.mentors = vec!["m2".into()];
    store.create("test", s3.into()).unwrap();

    let mentor_store = store.with_access(Access::Mentor { id: "m1".into() });
    // Notes: on s1 (theirs) yes, on s3 (m2's) no.
    mentor_store
        .create("Aysel", note("", "s1", "Session.").into())
        .expect("a note on their own startup");
    assert!(forbidden(
        mentor_store.create("Aysel", note("", "s3", "Nope.").into())
    ));
    // A KPI snapshot of s1, but not its name; nothing of s3.
    let s1 = store.get::<Startup>("s1").unwrap().unwrap();
    let mut kpis = s1.record.clone();
    kpis.kpis.push(Kpi {
        date: chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        revenue: 10.0,
        customers: 1,
        employees: 2,
        funding_raised: 0.0,
    });
    let s1 = mentor_store
        .update("Aysel", kpis.into(), s1.version)
        .expect("a KPI snapshot");
    let mut renamed = s1.record.clone();
    if let Record::Startup(s) = &mut renamed {
        s.name = "Renamed".into();
    }
    assert!(forbidden(mentor_store.update("Aysel", renamed, s1.version)));
    let s3 = store.get::<Startup>("s3").unwrap().unwrap();
    let mut not_theirs = s3.record.clone();
    not_theirs.kpis = kpis_of(&s1.record);
    assert!(forbidden(mentor_store.update(
        "Aysel",
        not_theirs.into(),
        s3.version
    )));
    // Their own profile, not another's; no deletes.
    let m1 = store.get::<Mentor>("m1").unwrap().unwrap();
    let mut profile = m1.record.clone();
    profile.organization = "ABAD".into();
    mentor_store
        .update("Aysel", profile.into(), m1.version)
        .expect("their own profile");
    let m2 = store.get::<Mentor>("m2").unwrap().unwrap();
    let mut other = m2.record.clone();
    other.organization = "ABAD".into();
    assert!(forbidden(mentor_store.update(
        "Aysel",
        other.into(),
        m2.version
    )));
    assert!(forbidden(mentor_store.delete(
        "Aysel",
        Kind::Startup,
        "s1",
        None,
        false
    )));

    // Staff: nothing at all, and the database is as it was.
    let staff = store.with_access(Access::ReadOnly);
    assert!(forbidden(staff.create("Kim", note("", "s1", "x").into())));
    assert!(forbidden(staff.delete(
        "Kim",
        Kind::Note,
        "n1",
        None,
        false
    )));
    assert!(store.get_any(Kind::Note, "n1").unwrap().is_some());
    let history = store.history_of(Kind::Startup, "s1").unwrap();
    assert_eq!(history.last().map(|h| h.who.as_str()), Some("Aysel"));
}

/// A handle that signs notes (an SSH user's) refuses a note in another's
/// name: a mentor writes as themselves, a coordinator also "for" someone.
#[test]
fn a_signing_handle_refuses_a_note_in_another_name() {
    let (_dir, store) = fresh();
    small_portfolio(&store);
    let by = |author: &str| {
        let mut n = note("", "s1", "Session.");
        n.author = author.into();
        Record::from(n)
    };
    let mentor = store
        .with_access(Access::Mentor { id: "m1".into() })
        .signing_notes();
    assert!(forbidden(mentor.create("Aysel", by("Nigar"))));
    assert!(forbidden(mentor.create("Aysel", by("Aysel for Nigar"))));
    let mine = mentor.create("Aysel", by("Aysel")).expect("their own note");
    // Nor may an edit hand it to someone else.
    let mut edited = mine.record.clone();
    if let Record::Note(n) = &mut edited {
        n.author = "Nigar".into();
    }
    assert!(forbidden(mentor.update("Aysel", edited, mine.version)));

    let coordinator = store.signing_notes();
    assert!(forbidden(coordinator.create("Nigar", by("Aysel"))));
    assert!(forbidden(coordinator.create("Nigar", by("Nigar for "))));
    let for_aysel = coordinator
        .create("Nigar", by("Nigar for Aysel"))
        .expect("on Aysel's behalf");
    let history = store.history_of(Kind::Note, for_aysel.record.id()).unwrap();
    assert_eq!(history.last().map(|h| h.who.as_str()), Some("Nigar"));
    // Without signing (the local terminal, the command line) any name goes.
    store.create("nigar", by("Aysel")).expect("local");
}

/// The way out never waits for sled longer than it is given: a flush or
/// a last handle that never finishes (as after a background write failed
/// on a full disk) is left to its thread.
#[test]
fn closing_gives_up_on_work_that_never_ends() {
    let started = std::time::Instant::now();
    let never = within(Duration::from_millis(200), || {
        std::thread::sleep(Duration::from_secs(3600));
    });
    assert!(never.is_none());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(within(Duration::from_secs(10), || 7), Some(7));
}

/// sled's background jobs may hold a closed database's lock a moment
/// longer: opening it again in the same process waits for them, while a
/// database locked by anyone else is said to be locked at once.
#[test]
fn reopening_waits_for_a_lingering_lock_only_on_a_database_closed_here() {
    use fs2::FileExt;
    let hold_lock = |path: &std::path::Path| {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path.join("db"))
            .unwrap();
        file.try_lock_exclusive().unwrap();
        file
    };
    let dir = TempDir::new().unwrap();
    let closed = dir.path().join("closed");
    let store = Store::open(&closed).unwrap();
    store.initialize_empty().unwrap();
    drop(store);
    let lingering = hold_lock(&closed);
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(lingering);
    });
    assert!(Store::open(&closed).is_ok(), "opened once the lock went");
    release.join().unwrap();

    // Never opened here, and locked (as another process would hold it).
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("db"), b"").unwrap();
    // Only a database's folder is opened at all.
    std::fs::write(elsewhere.join(super::open::SET_UP_FILE), b"").unwrap();
    let _theirs = hold_lock(&elsewhere);
    let started = std::time::Instant::now();
    let err = Store::open(&elsewhere).err();
    assert!(matches!(err, Some(StoreError::Locked { .. })), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "said at once");
}

/// Closing lets go of every handle before the drop returns: the same
/// process opens the database again at once, with what was written.
#[test]
fn a_dropped_store_is_closed_and_opens_again_at_once() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("db");
    for round in 0..5 {
        let store = Store::open(&path).unwrap();
        if round == 0 {
            store.initialize_empty().unwrap();
        }
        store
            .create("tester", startup(&format!("s{round}")).into())
            .unwrap();
        drop(store);
    }
    let store = Store::open(&path).unwrap();
    for round in 0..5 {
        assert!(
            store
                .get::<Startup>(&format!("s{round}"))
                .unwrap()
                .is_some()
        );
    }
}

#[test]
fn two_cohorts_of_one_name_stored_before_the_rule_are_not_damage() {
    // A database made before cohort names had to differ may hold two that
    // fold alike: `check` must not call that damage (an import refuses it).
    let (_dir, store) = fresh();
    let mut first = cohort("c1", "2026-01-01", "2026-06-30");
    first.name = "Spring 2026".into();
    let mut second = cohort("c2", "2026-01-01", "2026-06-30");
    second.name = "SPRİNG  2026".into();
    store.create("leyla", first.into()).unwrap();
    store.create("leyla", second.into()).unwrap();
    assert!(store.check().unwrap().is_sound());
}
