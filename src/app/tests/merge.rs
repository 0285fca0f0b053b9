//! A save that meets someone else's change, for every kind a form edits:
//! fields only one side changed merge with no question; a field both
//! changed is asked about by name, and `o` or `r` decide only that field.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyCode;

use super::super::testing::{ctrl, press, type_keys};
use super::{requested, session};
use crate::app::{App, Effect, Event, Outcome, Overlay};
use crate::model::{NoteKind, Record};
use crate::store::Stored;

const BY: &str = "Aysel Hüseynova at 2026-11-28 10:02 UTC";

fn stored(record: Record, version: u64) -> Stored<Record> {
    let at = DateTime::<Utc>::UNIX_EPOCH;
    Stored {
        version,
        created_at: at,
        updated_at: at,
        record,
    }
}

/// A session with `record` (at version 4) open for editing, as `e` opens it.
fn editing(record: &Record) -> App {
    let mut state = session();
    requested(&mut state);
    let opened = Box::new(stored(record.clone(), 4));
    state.handle(Event::Outcome(Outcome::ForEdit(opened)));
    state
}

/// Replace what the form line for record field `key` holds with `text`.
fn retype(state: &mut App, key: &str, text: &str) {
    let Overlay::Form(form) = &state.overlay else {
        panic!("no form is open")
    };
    let at = form.fields.iter().position(|f| f.key == key).unwrap();
    let from = form.focus;
    for _ in from..at {
        press(state, KeyCode::Tab);
    }
    for _ in at..from {
        press(state, KeyCode::BackTab);
    }
    ctrl(state, 'u');
    type_keys(state, text);
}

/// Ctrl-S, and the store answers that `theirs` (version 5) was saved
/// meanwhile. Returns what the session asks for next.
fn save_into(state: &mut App, theirs: Record) -> Vec<Effect> {
    ctrl(state, 's');
    let asked = requested(state);
    assert!(
        matches!(
            &asked[..],
            [Effect::Save {
                version: Some(4),
                ..
            }]
        ),
        "{asked:?}"
    );
    state.handle(Event::Outcome(Outcome::Conflict {
        message: "changed since you opened it".into(),
        by: BY.into(),
        theirs: Some(Box::new(stored(theirs, 5))),
    }));
    requested(state)
}

/// The one save asked for, at their version.
fn saved(effects: Vec<Effect>) -> Record {
    match effects.as_slice() {
        [Effect::Save { record, version }] => {
            assert_eq!(*version, Some(5), "checked against theirs");
            (**record).clone()
        }
        other => panic!("one save at version 5, not {other:?}"),
    }
}

/// The store takes the save: what the status says.
fn landed(state: &mut App, before: Record, after: Record) -> String {
    state.handle(Event::Outcome(Outcome::Saved {
        before: Some(Box::new(before)),
        after: Box::new(stored(after, 6)),
    }));
    state.status.clone().unwrap_or_default()
}

/// The question the form asks, if any.
fn question(state: &App) -> Option<String> {
    match &state.overlay {
        Overlay::Form(form) => form.conflict.as_ref().map(|c| c.merge.clash()),
        _ => None,
    }
}

#[test]
fn a_cohort_merges_fields_one_side_changed_and_asks_about_the_one_both_did() {
    let state = session();
    let Some(cohort) = state.data().portfolio.cohorts.first().cloned() else {
        panic!("the sample has cohorts")
    };
    let original = Record::Cohort(cohort.clone());

    // I rename it; they change the places: both stand, nothing asked.
    let mut state = editing(&original);
    retype(&mut state, "name", "Autumn Builders");
    let mut theirs = cohort.clone();
    theirs.capacity = 40;
    let effects = save_into(&mut state, Record::Cohort(theirs.clone()));
    assert_eq!(question(&state), None);
    let Record::Cohort(merged) = saved(effects) else {
        panic!("a cohort")
    };
    assert_eq!(
        (merged.name.as_str(), merged.capacity),
        ("Autumn Builders", 40)
    );
    assert_eq!(merged.description, cohort.description, "untouched by both");
    let status = landed(&mut state, Record::Cohort(theirs), Record::Cohort(merged));
    assert_eq!(
        status,
        format!(
            "Saved cohort Autumn Builders, merged with the change to Places by {BY} · u undoes: name of Autumn Builders"
        )
    );

    // Both change the places; they also change the description.
    let mut state = editing(&original);
    retype(&mut state, "capacity", "30");
    retype(&mut state, "name", "Autumn Builders");
    let mut theirs = cohort.clone();
    theirs.capacity = 40;
    theirs.description = "Theirs.".into();
    let effects = save_into(&mut state, Record::Cohort(theirs.clone()));
    assert!(effects.is_empty(), "nothing saved before the choice");
    assert_eq!(
        question(&state).as_deref(),
        Some("Both of you changed Places; their change to About stays.")
    );
    // o: mine for the places, and only there.
    type_keys(&mut state, "o");
    let Record::Cohort(chosen) = saved(requested(&mut state)) else {
        panic!("a cohort")
    };
    assert_eq!(chosen.capacity, 30);
    assert_eq!(chosen.description, "Theirs.");
    assert_eq!(chosen.name, "Autumn Builders");
}

#[test]
fn r_takes_theirs_where_both_changed_and_keeps_my_other_edits_in_the_form() {
    let state = session();
    let mentor = state.data().portfolio.mentors[0].clone();
    let mut state = editing(&Record::Mentor(mentor.clone()));
    retype(&mut state, "email", "new@example.az");
    retype(&mut state, "capacity", "5");
    let mut theirs = mentor.clone();
    theirs.capacity = 1;
    theirs.organization = "SUP.VC".into();
    assert!(save_into(&mut state, Record::Mentor(theirs.clone())).is_empty());
    assert_eq!(
        question(&state).as_deref(),
        Some("Both of you changed Takes; their change to Organization stays.")
    );
    type_keys(&mut state, "r");
    assert!(
        requested(&mut state).is_empty(),
        "r saves nothing by itself"
    );
    let Overlay::Form(form) = &state.overlay else {
        panic!("the form stays")
    };
    assert!(form.conflict.is_none());
    let Ok(Record::Mentor(now)) = form.record() else {
        panic!("a mentor")
    };
    assert_eq!(now.capacity, 1, "theirs");
    assert_eq!(now.organization, "SUP.VC", "theirs");
    assert_eq!(now.email, "new@example.az", "mine, still in the form");
    assert_eq!(
        form.original,
        Record::Mentor(theirs),
        "the next save is on theirs"
    );
    ctrl(&mut state, 's');
    let Record::Mentor(sent) = saved(requested(&mut state)) else {
        panic!("a mentor")
    };
    assert_eq!(sent, now);
}

#[test]
fn a_demo_day_and_a_startup_merge_with_no_question() {
    let state = session();
    let day = state.data().portfolio.demo_days[0].clone();
    let mut state = editing(&Record::DemoDay(day.clone()));
    retype(&mut state, "venue", "INNOLAND roof");
    let mut theirs = day.clone();
    theirs.investors = vec!["Caspian Ventures".into(), "Bakı Angels".into()];
    let Record::DemoDay(merged) = saved(save_into(&mut state, Record::DemoDay(theirs.clone())))
    else {
        panic!("a demo day")
    };
    assert_eq!(merged.venue, "INNOLAND roof");
    assert_eq!(merged.investors, theirs.investors);
    assert_eq!(merged.pitches, day.pitches);

    let startup = state.data().portfolio.startups[0].clone();
    let mut state = editing(&Record::Startup(startup.clone()));
    retype(&mut state, "website", "https://example.az");
    let mut theirs = startup.clone();
    theirs.one_liner = "Theirs".into();
    theirs.tags = vec!["b2b".into()];
    let Record::Startup(merged) = saved(save_into(&mut state, Record::Startup(theirs))) else {
        panic!("a startup")
    };
    assert_eq!(merged.website, "https://example.az");
    assert_eq!(
        (merged.one_liner.as_str(), merged.tags.as_slice()),
        ("Theirs", &["b2b".to_string()][..])
    );
}

#[test]
fn the_same_change_on_both_sides_is_no_question() {
    let state = session();
    let cohort = state.data().portfolio.cohorts[0].clone();
    let mut state = editing(&Record::Cohort(cohort.clone()));
    retype(&mut state, "name", "Same");
    let mut theirs = cohort.clone();
    theirs.name = "Same".into();
    let merged = saved(save_into(&mut state, Record::Cohort(theirs.clone())));
    assert_eq!(merged, Record::Cohort(theirs.clone()));
    let status = landed(&mut state, Record::Cohort(theirs), merged);
    assert!(status.contains("the same change as"), "{status}");
}

#[test]
fn a_merge_that_breaks_a_rule_is_shown_not_saved() {
    let state = session();
    let cohort = state.data().portfolio.cohorts[0].clone();
    let mut state = editing(&Record::Cohort(cohort.clone()));
    // I move the start later; they move the end earlier than my start.
    let start = cohort.start + chrono::Duration::days(20);
    retype(&mut state, "start", &start.to_string());
    let mut theirs = cohort.clone();
    theirs.end = cohort.start + chrono::Duration::days(10);
    assert!(save_into(&mut state, Record::Cohort(theirs)).is_empty());
    let Overlay::Form(form) = &state.overlay else {
        panic!("the form stays")
    };
    let error = form.error.clone().unwrap_or_default();
    assert!(error.contains(&format!("Ends changed by {BY}")), "{error}");
    assert!(form.first_error().is_some(), "the broken field is marked");
}

#[test]
fn a_note_merges_too_and_asks_about_its_body_only_when_both_changed_it() {
    let state = session();
    let note = state.data().portfolio.notes[0].clone();
    let mut state = session();
    state.handle(Event::Outcome(Outcome::ForEdit(Box::new(stored(
        Record::Note(note.clone()),
        4,
    )))));
    type_keys(&mut state, "Mine. ");
    let mut theirs = note.clone();
    theirs.kind = NoteKind::Milestone;
    let Record::Note(merged) = saved(save_into(&mut state, Record::Note(theirs.clone()))) else {
        panic!("a note")
    };
    assert!(merged.body.starts_with("Mine. "), "{}", merged.body);
    assert_eq!(merged.kind, NoteKind::Milestone, "theirs kept");

    // Both change the body: asked, naming it; o keeps mine, their kind stays.
    let mut state = session();
    state.handle(Event::Outcome(Outcome::ForEdit(Box::new(stored(
        Record::Note(note.clone()),
        4,
    )))));
    type_keys(&mut state, "Mine. ");
    let mut theirs = note.clone();
    theirs.body = "Theirs.".into();
    theirs.kind = NoteKind::Milestone;
    assert!(save_into(&mut state, Record::Note(theirs)).is_empty());
    let Overlay::Note(editor) = &state.overlay else {
        panic!("the note editor stays")
    };
    let said = editor.error.clone().unwrap_or_default();
    assert!(
        said.contains("Both of you changed Body; their change to Kind stays."),
        "{said}"
    );
    type_keys(&mut state, "o");
    let Record::Note(chosen) = saved(requested(&mut state)) else {
        panic!("a note")
    };
    assert!(chosen.body.starts_with("Mine. "));
    assert_eq!(chosen.kind, NoteKind::Milestone);
}
