//! Undo and redo, marking rows and acting on them at once, as a user at
//! the keyboard would: a session against a real store on disk, its
//! effects carried out the way the terminal front end carries them out,
//! and the store's changes fed back (to a second session too).

use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

use incubator::model::{Kind, Portfolio, Record, Startup, Status};
use incubator::store::{Access, Store};
use incubator::workspace::{self, IfNew};

use crate::editing::Session;

/// The editing tests' session, with what these tests ask of it.
impl Session {
    fn startup(&self, id: &str) -> Startup {
        match self.store.get_any(Kind::Startup, id).unwrap() {
            Some(stored) => match stored.record {
                Record::Startup(s) => s,
                other => panic!("{other:?}"),
            },
            None => panic!("{id} is not stored"),
        }
    }

    fn exists(&self, id: &str) -> bool {
        self.store.get_any(Kind::Startup, id).unwrap().is_some()
    }

    /// Mark the startup `query` finds: filter to it, Space, clear the filter.
    fn mark(&mut self, query: &str) {
        self.type_text("/");
        self.type_text(query);
        self.press(KeyCode::Enter);
        self.type_text(" ");
        self.press(KeyCode::Esc);
    }

    /// Edit the selected startup's sector to `sector`, and save.
    fn edit_sector(&mut self, sector: &str) {
        self.type_text("e");
        let at = match &self.state.overlay {
            incubator::app::Overlay::Form(form) => {
                form.fields.iter().position(|f| f.key == "sector").unwrap()
            }
            other => panic!("no form: {other:?}"),
        };
        for _ in 0..at {
            self.press(KeyCode::Tab);
        }
        self.ctrl('u');
        self.type_text(sector);
        self.ctrl('s');
    }
}

/// What the store holds, in id order: to compare before and after.
fn sorted_portfolio(session: &Session) -> Portfolio {
    let mut portfolio = session.store.portfolio().unwrap();
    portfolio.sort();
    portfolio
}

/// Which startups `session` lists in cohort `cohort`, as its model has them.
fn seen_in_cohort(session: &Session, cohort: &str) -> Vec<String> {
    let data = session.state.data();
    let mut ids: Vec<String> = data
        .portfolio
        .startups
        .iter()
        .filter(|s| s.cohort.as_deref() == Some(cohort))
        .map(|s| s.id.clone())
        .collect();
    ids.sort();
    ids
}

// ------------------------------------------------------------ redo

#[test]
fn u_undoes_and_shift_u_redoes_and_the_status_says_what_each_would_do() {
    let mut s = Session::new();
    s.type_text("2/bazarim");
    s.press(KeyCode::Enter);
    let before = s.startup("s11");
    s.edit_sector("retail");
    let after = s.startup("s11");
    assert_eq!(after.sector, "retail");
    assert_eq!(
        s.status(),
        "Saved startup Bazarım · u undoes: sector of Bazarım"
    );

    s.type_text("u");
    assert_eq!(s.startup("s11"), before, "undone exactly");
    assert_eq!(
        s.status(),
        "Undone: sector of Bazarım · U redoes: sector of Bazarım"
    );

    s.type_text("U");
    assert_eq!(s.startup("s11"), after, "redone exactly");
    assert_eq!(
        s.status(),
        "Redone: sector of Bazarım · u undoes: sector of Bazarım"
    );

    // Ctrl-R redoes too.
    s.type_text("u");
    s.ctrl('r');
    assert_eq!(s.startup("s11").sector, "retail");

    // A new change clears what could be redone.
    s.type_text("u");
    assert_eq!(s.startup("s11"), before);
    s.edit_sector("food");
    s.type_text("U");
    assert_eq!(s.status(), "Nothing to redo: u undoes, then U redoes");
    assert_eq!(s.startup("s11").sector, "food");
}

#[test]
fn a_redo_over_someone_elses_change_is_refused_and_names_them() {
    let mut s = Session::new();
    s.type_text("2/bazarim");
    s.press(KeyCode::Enter);
    s.edit_sector("retail");
    s.type_text("u");
    // Aysel renames it between the undo and the redo.
    let stored = s.store.get_any(Kind::Startup, "s11").unwrap().unwrap();
    let Record::Startup(mut theirs) = stored.record else {
        unreachable!()
    };
    theirs.name = "Bazarım Market".into();
    s.store
        .update("Aysel Hüseynova", Record::Startup(theirs), stored.version)
        .unwrap();
    s.settle();
    s.type_text("U");
    assert!(
        s.status().starts_with("Cannot redo sector of Bazarım"),
        "{}",
        s.status()
    );
    assert!(s.status().contains("Aysel Hüseynova"), "{}", s.status());
    let now = s.startup("s11");
    assert_eq!(
        (now.name.as_str(), now.sector.as_str()),
        ("Bazarım Market", "e-commerce")
    );
}

#[test]
fn a_delete_is_undone_and_redone_with_its_notes() {
    let mut s = Session::new();
    s.type_text("2/gence agro");
    s.press(KeyCode::Enter);
    let notes = s.store.notes_of("s13").unwrap().len();
    assert!(notes > 0);
    s.type_text("d");
    s.press(KeyCode::Enter);
    assert!(!s.exists("s13"));
    s.type_text("u");
    assert!(s.exists("s13"));
    assert_eq!(s.store.notes_of("s13").unwrap().len(), notes);
    s.type_text("U");
    assert!(!s.exists("s13"), "deleted again");
    assert!(s.store.notes_of("s13").unwrap().is_empty());
    s.type_text("u");
    assert_eq!(s.store.notes_of("s13").unwrap().len(), notes, "and back");
}

// ------------------------------------------------------------ marks

#[test]
fn space_marks_rows_that_stay_marked_through_filters_and_esc_clears_them() {
    let mut s = Session::new();
    s.type_text("2");
    s.mark("kilim");
    s.mark("bazarim");
    assert_eq!(s.state.marked(), ["s3", "s11"]);
    let screen = s.screen();
    assert!(screen.contains("✓ Kilim Craft"), "{screen}");
    assert!(screen.contains("✓ Bazarım"), "{screen}");
    assert!(screen.contains("2 marked"), "{screen}");
    // Filtered to one of them, both are still marked.
    s.type_text("/kilim");
    s.press(KeyCode::Enter);
    assert!(s.screen().contains("2 marked"));
    // Space on a marked row unmarks it.
    s.type_text(" ");
    assert_eq!(s.state.marked(), ["s11"]);
    // Esc clears the filter first, then the marks.
    s.press(KeyCode::Esc);
    assert_eq!(s.state.marked(), ["s11"]);
    s.press(KeyCode::Esc);
    assert!(s.state.marked().is_empty());
    assert!(!s.screen().contains("marked"), "{}", s.screen());
}

#[test]
fn a_marked_record_deleted_by_someone_else_loses_its_mark() {
    let mut s = Session::new();
    s.type_text("2");
    s.mark("kilim");
    s.mark("bazarim");
    let stored = s.store.get_any(Kind::Startup, "s3").unwrap().unwrap();
    s.store
        .delete(
            "Aysel Hüseynova",
            Kind::Startup,
            "s3",
            Some(stored.version),
            false,
        )
        .unwrap();
    s.settle();
    s.type_text("j");
    assert_eq!(s.state.marked(), ["s11"]);
    assert!(s.screen().contains("1 marked"));
}

// ------------------------------------------------------- bulk actions

#[test]
fn three_marked_startups_move_to_a_cohort_in_one_step_seen_whole_by_another_session() {
    let mut s = Session::new();
    let mut other = s.another("Aysel Hüseynova");
    s.type_text("2");
    for query in ["kilim", "bazarim", "pambiq"] {
        s.mark(query);
    }
    s.type_text("b");
    let screen = s.screen();
    assert!(
        screen.contains("3 startups: Kilim Craft, Bazarım and Pambıq Labs"),
        "{screen}"
    );
    assert!(screen.contains("Move to a cohort"), "{screen}");
    s.press(KeyCode::Enter);
    s.type_text("spring 2027");
    s.press(KeyCode::Enter);
    for id in ["s3", "s11", "s21"] {
        assert_eq!(s.startup(id).cohort.as_deref(), Some("c4"), "{id}");
    }
    assert_eq!(
        s.status(),
        "Done: moving 3 startups to Spring 2027 Acceleration · u undoes it"
    );
    assert!(s.state.marked().is_empty(), "the marks are done with");

    // The other session sees all three moved.
    other.settle();
    assert_eq!(
        seen_in_cohort(&other, "c4"),
        ["s11", "s21", "s22", "s23", "s3"]
    );

    // One u takes all three back.
    s.type_text("u");
    assert_eq!(s.startup("s3").cohort.as_deref(), Some("c1"));
    assert_eq!(s.startup("s11").cohort.as_deref(), Some("c2"));
    assert_eq!(s.startup("s21").cohort, None);
    assert!(
        s.status().starts_with("Undone: moving 3 startups"),
        "{}",
        s.status()
    );
    other.settle();
    assert_eq!(seen_in_cohort(&other, "c4"), ["s22", "s23"]);
}

#[test]
fn marked_startups_get_a_mentor_and_a_status() {
    let mut s = Session::new();
    s.type_text("2");
    s.mark("medqueue");
    s.mark("pambiq");
    s.type_text("b");
    s.press(KeyCode::Down);
    s.press(KeyCode::Enter);
    s.type_text("aysel");
    s.press(KeyCode::Enter);
    assert_eq!(s.startup("s22").mentors, ["m1"]);
    assert_eq!(s.startup("s21").mentors, ["m1"]);
    assert!(
        s.status()
            .contains("assigning Aysel Hüseynova to 2 startups"),
        "{}",
        s.status()
    );

    s.mark("medqueue");
    s.mark("pambiq");
    s.type_text("b");
    s.press(KeyCode::Down);
    s.press(KeyCode::Down);
    s.press(KeyCode::Enter);
    s.type_text("active");
    s.press(KeyCode::Enter);
    assert_eq!(s.startup("s22").status, Status::Active);
    assert_eq!(s.startup("s21").status, Status::Active);
    s.type_text("u");
    assert_eq!(s.startup("s22").status, Status::Applicant);
    assert_eq!(s.startup("s22").mentors, ["m1"], "one step at a time");
}

#[test]
fn marked_startups_are_deleted_with_their_notes_after_one_question_and_u_brings_all_back() {
    let mut s = Session::new();
    let before = sorted_portfolio(&s);
    s.type_text("2");
    // Two startups of one demo day's run of show.
    s.mark("gence agro");
    s.mark("temiz su");
    s.type_text("d");
    let screen = s.screen();
    let question = "Delete 2 startups (Gəncə Agro and Təmiz Su Tech) and their";
    assert!(screen.replace('\n', " ").contains(question), "{screen}");
    assert!(screen.contains("pitch slot"), "{screen}");
    s.type_text("n");
    assert!(s.exists("s13") && s.exists("s12"), "n keeps them");
    s.type_text("d");
    s.type_text("y");
    assert!(!s.exists("s13") && !s.exists("s12"));
    assert!(s.store.notes_of("s13").unwrap().is_empty());
    s.type_text("u");
    assert_eq!(
        sorted_portfolio(&s),
        before,
        "both, their notes and pitch slots, exactly"
    );
    // U deletes both again, u brings them back again.
    s.type_text("U");
    assert!(!s.exists("s13") && !s.exists("s12"), "{}", s.status());
    s.type_text("u");
    assert_eq!(sorted_portfolio(&s), before);
}

#[test]
fn a_bulk_change_over_someone_elses_edit_names_it_and_changes_nothing() {
    let mut s = Session::new();
    s.type_text("2");
    s.mark("kilim");
    s.mark("bazarim");
    s.type_text("b");
    s.press(KeyCode::Enter);
    s.type_text("spring 2027");
    // Aysel renames Bazarım while the picker is open.
    let stored = s.store.get_any(Kind::Startup, "s11").unwrap().unwrap();
    let Record::Startup(mut theirs) = stored.record else {
        unreachable!()
    };
    theirs.name = "Bazarım Market".into();
    s.store
        .update("Aysel Hüseynova", Record::Startup(theirs), stored.version)
        .unwrap();
    s.settle();
    s.press(KeyCode::Enter);
    let status = s.status();
    assert!(
        status.starts_with(
            "Nothing changed: startup s11 (Bazarım Market) was changed by Aysel Hüseynova"
        ),
        "{status}"
    );
    assert_eq!(
        s.startup("s3").cohort.as_deref(),
        Some("c1"),
        "not half of it"
    );
    assert_eq!(s.startup("s11").cohort.as_deref(), Some("c2"));
    assert!(status.ends_with("; the rows stay marked"), "{status}");
    assert_eq!(s.state.marked(), ["s3", "s11"]);
    // b again starts from their change, and goes through.
    s.type_text("b");
    s.press(KeyCode::Enter);
    s.type_text("spring 2027");
    s.press(KeyCode::Enter);
    assert_eq!(s.startup("s11").cohort.as_deref(), Some("c4"));
    assert_eq!(s.startup("s11").name, "Bazarım Market", "theirs kept");
}

#[test]
fn b_with_nothing_marked_says_how_to_mark() {
    let mut s = Session::new();
    s.type_text("2b");
    assert_eq!(
        s.status(),
        "Nothing marked: Space marks a row, then b acts on the marked rows"
    );
    assert!(matches!(s.state.overlay, incubator::app::Overlay::None));
}

#[test]
fn mentors_and_staff_cannot_act_on_marked_rows() {
    let mut s = Session::new();
    s.state.access = Access::Mentor { id: "m1".into() };
    s.type_text("2");
    s.mark("bazarim");
    s.type_text("b");
    assert!(
        s.status()
            .starts_with("A mentor may not change several records"),
        "{}",
        s.status()
    );
    s.type_text("d");
    assert!(
        s.status()
            .starts_with("A mentor may not change several records"),
        "{}",
        s.status()
    );
    assert!(s.exists("s11"));

    let mut staff = s.another("Leyla");
    staff.state.access = Access::ReadOnly;
    staff.type_text("2");
    staff.mark("bazarim");
    staff.type_text("b");
    assert!(
        staff.status().starts_with("Staff may not change"),
        "{}",
        staff.status()
    );
}

#[test]
fn marked_rows_and_the_bulk_dialog_at_80x24() {
    let mut s = Session::sized(80, 24);
    s.type_text("2");
    s.mark("kilim");
    s.mark("bazarim");
    s.mark("pambiq");
    insta::assert_snapshot!("marked_rows_80x24", s.screen());
    s.type_text("b");
    insta::assert_snapshot!("bulk_dialog_80x24", s.screen());
    for _ in 0..3 {
        s.press(KeyCode::Down);
    }
    s.press(KeyCode::Enter);
    insta::assert_snapshot!("bulk_delete_80x24", s.screen());
}

// ------------------------------------------------- kill -9 mid bulk write
// This test binary runs itself again with LISTS_BULK_CHILD set; the child
// moves five startups back and forth between two cohorts, deletes them
// all and undoes the delete, over and over, until it is killed.

const BULK_CHILD: &str = "LISTS_BULK_CHILD";
const MOVED: [&str; 5] = ["s1", "s2", "s3", "s4", "s5"];

/// The child's side. Does nothing in a normal test run.
#[test]
fn bulk_child_moves_deletes_and_undoes() {
    let Ok(db) = std::env::var(BULK_CHILD) else {
        return;
    };
    let store = Store::open(std::path::Path::new(&db)).expect("the child opens the database");
    for round in 0.. {
        let cohort = if round % 2 == 0 { "c2" } else { "c1" };
        let changes = MOVED
            .iter()
            .map(|id| {
                let stored = store.get_any(Kind::Startup, id).unwrap().unwrap();
                let Record::Startup(mut s) = stored.record else {
                    unreachable!()
                };
                s.cohort = Some(cohort.into());
                (Record::Startup(s), stored.version)
            })
            .collect();
        store.update_all("child", changes).expect("move them");
        let targets: Vec<(String, u64)> = MOVED
            .iter()
            .map(|id| {
                let stored = store.get_any(Kind::Startup, id).unwrap().unwrap();
                (id.to_string(), stored.version)
            })
            .collect();
        let deleted = store
            .delete_all("child", Kind::Startup, &targets)
            .expect("delete them");
        store.revert("child", &deleted.undo).expect("undo it");
    }
}

#[test]
fn kill_9_during_bulk_writes_leaves_all_of_each_or_none() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    // A fresh sample database: the one before, left with the five deleted,
    // has nothing for the child to move.
    let fresh = || {
        let dir = TempDir::new().unwrap();
        let db = dir.path().join("db");
        workspace::open(&db, IfNew::Sample).unwrap();
        (dir, db)
    };
    let (mut dir, mut db) = fresh();
    let before = {
        let store = Store::open(&db).unwrap();
        let notes: Vec<usize> = MOVED
            .iter()
            .map(|id| store.notes_of(id).unwrap().len())
            .collect();
        let pitching = store
            .get::<incubator::model::DemoDay>("d1")
            .unwrap()
            .unwrap()
            .record
            .pitches
            .len();
        (notes, pitching)
    };
    let me = std::env::current_exe().expect("this test binary");
    for (round, delay) in [150u64, 250, 350, 450, 600, 800].into_iter().enumerate() {
        let mut child = Command::new(&me)
            .args([
                "--exact",
                "lists::bulk_child_moves_deletes_and_undoes",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(BULK_CHILD, &db)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the child");
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let status = child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(9),
            "round {round}: the child ended by itself"
        );

        let store = Store::open(&db).unwrap();
        let there: Vec<Startup> = MOVED
            .iter()
            .filter_map(|id| match store.get_any(Kind::Startup, id).unwrap() {
                Some(stored) => match stored.record {
                    Record::Startup(s) => Some(s),
                    _ => None,
                },
                None => None,
            })
            .collect();
        let after = format!("after a kill at {delay} ms");
        let pitching = store
            .get::<incubator::model::DemoDay>("d1")
            .unwrap()
            .unwrap()
            .record
            .pitches
            .len();
        if there.is_empty() {
            // Deleted, all of them, with every note and pitch slot.
            for id in MOVED {
                assert!(
                    store.notes_of(id).unwrap().is_empty(),
                    "{id}'s notes {after}"
                );
            }
            assert!(pitching < before.1, "their pitch slots went too {after}");
            drop(store);
            (dir, db) = fresh();
        } else {
            assert_eq!(there.len(), MOVED.len(), "all five or none {after}");
            let cohorts: std::collections::BTreeSet<_> =
                there.iter().map(|s| s.cohort.clone()).collect();
            assert_eq!(
                cohorts.len(),
                1,
                "one cohort for all five {after}: {cohorts:?}"
            );
            let notes: Vec<usize> = MOVED
                .iter()
                .map(|id| store.notes_of(id).unwrap().len())
                .collect();
            assert_eq!(notes, before.0, "every note back {after}");
            assert_eq!(pitching, before.1, "every pitch slot back {after}");
        }
    }
    drop(dir);
}

/// Two mentors of the same startups: each startup loses both in one
/// write, and one u gives both back to each, exactly.
#[test]
fn two_marked_mentors_are_deleted_and_brought_back_with_their_startups_links() {
    let mut s = Session::new();
    let before = sorted_portfolio(&s);
    s.type_text("4");
    s.mark("aysel");
    s.mark("rəşad");
    s.type_text("b");
    let screen = s.screen();
    assert!(
        screen.contains("2 mentors: Aysel Hüseynova and Rəşad Nəbiyev"),
        "{screen}"
    );
    assert!(
        !screen.contains("Move to a cohort"),
        "only delete for mentors:\n{screen}"
    );
    s.press(KeyCode::Enter);
    s.type_text("y");
    assert!(s.startup("s11").mentors.is_empty(), "Bazarım had both");
    assert!(s.startup("s6").mentors.is_empty(), "Şəbəkə Pay had both");
    s.type_text("u");
    assert_eq!(sorted_portfolio(&s), before);
}
