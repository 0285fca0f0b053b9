//! The Calls tab's keys on the sample portfolio: what each asks of the
//! store, and what a reviewer, a coordinator and staff may do.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use crate::app::dialog::Overlay;
use crate::app::testing::{ctrl, press, sample_session, type_keys};
use crate::app::{App, ApplicationChange, Effect, Tab};
use crate::model::{ApplicationStage, Record};
use crate::store::Access;

/// The sample's Calls tab on 7 December 2026, its call open.
fn session(access: Access) -> App {
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a day");
    let mut state = sample_session(today, access);
    type_keys(&mut state, "6");
    assert_eq!(state.tab, Tab::Calls);
    state
}

/// Move the cursor onto application `name`.
fn on(state: &mut App, name: &str) {
    type_keys(state, "g");
    for _ in 0..30 {
        let selected = state.calls.selected.clone().unwrap_or_default();
        let here = state
            .data()
            .portfolio
            .applications
            .iter()
            .any(|a| a.id == selected && a.name == name);
        if here {
            return;
        }
        type_keys(state, "j");
    }
    panic!("{name} is not listed");
}

fn id_of(state: &App, name: &str) -> String {
    let data = state.data();
    data.portfolio
        .applications
        .iter()
        .find(|a| a.name == name)
        .expect(name)
        .id
        .clone()
}

#[test]
fn marked_applications_move_to_a_stage_in_one_write() {
    let mut state = session(Access::Everything);
    on(&mut state, "BakuBike");
    type_keys(&mut state, " ");
    on(&mut state, "LedgerLite");
    type_keys(&mut state, " ");
    type_keys(&mut state, "m");
    assert!(matches!(state.overlay, Overlay::Stage(_)));
    // From received, down to rejected: screening, interview, accepted, rejected.
    type_keys(&mut state, "jjjj");
    press(&mut state, KeyCode::Enter);
    let mut ids = vec![id_of(&state, "BakuBike"), id_of(&state, "LedgerLite")];
    ids.sort();
    assert_eq!(
        state.take_effects(),
        [Effect::ChangeApplications {
            label: "2 applications to rejected".into(),
            ids,
            change: ApplicationChange::Stage(ApplicationStage::Rejected),
        }]
    );
}

#[test]
fn arrows_step_through_the_pipeline_and_a_accepts() {
    let mut state = session(Access::Everything);
    on(&mut state, "BakuBike");
    type_keys(&mut state, ">");
    let id = id_of(&state, "BakuBike");
    assert_eq!(
        state.take_effects(),
        [Effect::ChangeApplications {
            label: "BakuBike to screening".into(),
            ids: vec![id.clone()],
            change: ApplicationChange::Stage(ApplicationStage::Screening),
        }]
    );
    type_keys(&mut state, "<");
    assert!(
        state
            .status
            .as_deref()
            .unwrap_or_default()
            .contains("first stage")
    );
    type_keys(&mut state, "A");
    assert_eq!(
        state.take_effects(),
        [Effect::Accept {
            label: "accepting BakuBike".into(),
            ids: vec![id],
        }]
    );
}

#[test]
fn a_reviewer_scores_their_own_by_keys_and_may_not_move_applications() {
    let mut state = session(Access::Mentor { id: "m1".into() });
    // Their queue comes first, oldest first: TenderWatch (3 Dec) waits for m1.
    let first = state.calls.selected.clone().expect("a row");
    let name = state
        .data()
        .portfolio
        .name_of(crate::model::Kind::Application, &first)
        .map(str::to_string);
    assert_eq!(name.as_deref(), Some("TenderWatch"));
    type_keys(&mut state, "m");
    assert!(
        state
            .status
            .as_deref()
            .unwrap_or_default()
            .starts_with("A mentor reviews the applications that list them")
    );
    press(&mut state, KeyCode::Enter);
    assert!(matches!(state.overlay, Overlay::Review(_)));
    type_keys(&mut state, "432");
    type_keys(&mut state, "Needs a licence");
    ctrl(&mut state, 's');
    let effects = state.take_effects();
    let [
        Effect::Save {
            record,
            version: None,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    let Record::Review(review) = record.as_ref() else {
        panic!("{record:?}")
    };
    assert_eq!(
        (review.application.as_str(), review.reviewer.as_str()),
        (first.as_str(), "m1")
    );
    let scores: Vec<(&str, u8)> = review
        .scores
        .iter()
        .map(|(c, s)| (c.as_str(), *s))
        .collect();
    assert_eq!(scores, [("Market", 3), ("Team", 4), ("Traction", 2)]);
    assert_eq!(review.comment, "Needs a licence");
    assert!(!review.conflict);
}

#[test]
fn a_review_needs_every_score_unless_a_conflict_is_declared() {
    let mut state = session(Access::Mentor { id: "m1".into() });
    press(&mut state, KeyCode::Enter);
    type_keys(&mut state, "4");
    ctrl(&mut state, 's');
    assert!(state.take_effects().is_empty());
    let Overlay::Review(form) = &state.overlay else {
        panic!("the form")
    };
    assert_eq!(
        form.problem.as_deref(),
        Some("Score Market, Traction (1–5), or tick the conflict")
    );
    // Down to the conflict box, ticked: saved with no scores.
    for _ in 0..4 {
        press(&mut state, KeyCode::Down);
    }
    type_keys(&mut state, " ");
    ctrl(&mut state, 's');
    let effects = state.take_effects();
    let [Effect::Save { record, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let Record::Review(review) = record.as_ref() else {
        panic!()
    };
    assert!(review.conflict);
}

#[test]
fn staff_read_and_a_mentor_not_listed_is_told_why() {
    let mut staff = session(Access::ReadOnly);
    type_keys(&mut staff, "v");
    assert_eq!(
        staff.status.as_deref(),
        Some("Staff read reviews: scoring is for the reviewers")
    );
    press(&mut staff, KeyCode::Enter);
    let Overlay::Review(form) = &staff.overlay else {
        panic!("the application, to read")
    };
    assert!(form.editing.is_none());
    assert!(!form.others.is_empty(), "staff read every review");

    let mut m1 = session(Access::Mentor { id: "m1".into() });
    on(&mut m1, "SolarSchool");
    type_keys(&mut m1, "v");
    assert_eq!(
        m1.status.as_deref(),
        Some("You are not asked to review SolarSchool: you may read it")
    );
}

#[test]
fn d_asks_the_store_what_deleting_the_application_takes() {
    let mut state = session(Access::Everything);
    on(&mut state, "Nar Health");
    type_keys(&mut state, "d");
    assert_eq!(
        state.take_effects(),
        [Effect::PlanDelete {
            kind: crate::model::Kind::Application,
            id: id_of(&state, "Nar Health"),
        }]
    );
    let mut m1 = session(Access::Mentor { id: "m1".into() });
    type_keys(&mut m1, "d");
    assert!(m1.take_effects().is_empty(), "a mentor deletes nothing");
}

#[test]
fn shift_d_asks_what_deleting_the_call_takes_and_d_says_yes_to_all_of_it() {
    let mut state = session(Access::Everything);
    type_keys(&mut state, "D");
    assert_eq!(
        state.take_effects(),
        [Effect::PlanDelete {
            kind: crate::model::Kind::Call,
            id: "call1".into(),
        }]
    );
    let mut m1 = session(Access::Mentor { id: "m1".into() });
    type_keys(&mut m1, "D");
    assert!(m1.take_effects().is_empty(), "a mentor deletes no call");
}

#[test]
fn home_lists_reviewers_behind_once_the_call_is_near_its_close() {
    // Six days before the sample's call closes on 31 January.
    let near = NaiveDate::from_ymd_opt(2027, 1, 25).expect("a day");
    let state = sample_session(near, Access::Everything);
    let behind: Vec<(String, String)> = state
        .home_items()
        .iter()
        .filter(|i| i.kind == crate::model::Kind::Review)
        .map(|i| (i.label.clone(), i.reason.clone()))
        .collect();
    let due = "for Spring 2027 Acceleration open call, due 31 Jan";
    assert_eq!(
        behind,
        [
            (
                "Aysel Hüseynova".to_string(),
                format!("3 reviews to do {due}")
            ),
            (
                "Fərid Cəfərov".to_string(),
                format!("3 reviews to do {due}")
            ),
            (
                "Gülnarə Əsgərova".to_string(),
                format!("3 reviews to do {due}")
            ),
            (
                "김민수 (Kim Min-su)".to_string(),
                format!("3 reviews to do {due}")
            ),
        ]
    );
    // On 7 December, with 55 days to go, nobody is behind.
    let early = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a day");
    let state = sample_session(early, Access::Everything);
    assert!(
        !state
            .home_items()
            .iter()
            .any(|i| i.kind == crate::model::Kind::Review)
    );
}
