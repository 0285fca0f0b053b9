//! A startup's milestones from the keyboard, on the sample (today 28 Nov
//! 2026): where they show, what `c` and `M` ask the store for, and who may.

use ratatui::crossterm::event::KeyCode;

use super::super::testing::{press, type_keys};
use super::*;
use crate::model::Record;

/// The Startups tab with Gəncə Agro selected: milestones ms4 (overdue
/// since 25 Nov) and ms5 (due 15 Jan).
fn on_gence_agro() -> App {
    let mut state = session();
    type_keys(&mut state, "2");
    go_to(&mut state, "Gəncə Agro");
    state
}

/// What the session asked the store to mark, leaving out the histories
/// its details ask for as the selection moves.
fn marks(state: &mut App) -> Vec<Effect> {
    state
        .take_effects()
        .into_iter()
        .filter(|e| matches!(e, Effect::MarkMilestone { .. }))
        .collect()
}

#[test]
fn c_ticks_off_the_next_open_milestone_or_the_one_under_the_cursor() {
    let mut state = on_gence_agro();
    type_keys(&mut state, "c");
    assert_eq!(
        marks(&mut state),
        [Effect::MarkMilestone {
            label: "Cold-storage partner signed ticked off".into(),
            id: "ms4".into(),
            done: Some(today()),
        }]
    );
    // In the details, the one under the cursor: past the cohort and two
    // mentors, the second milestone.
    press(&mut state, KeyCode::Enter);
    type_keys(&mut state, "jjjj");
    let links = state.links();
    assert_eq!(links[state.link].id, "ms5", "{links:?}");
    type_keys(&mut state, "c");
    let effects = marks(&mut state);
    assert!(
        matches!(&effects[..], [Effect::MarkMilestone { id, done: Some(_), .. }] if id == "ms5"),
        "{effects:?}"
    );
}

#[test]
fn m_opens_a_form_for_a_new_milestone_of_the_startup_due_in_four_weeks() {
    let mut state = on_gence_agro();
    type_keys(&mut state, "M");
    let Overlay::Form(form) = &state.overlay else {
        panic!("no form: {:?}", state.overlay);
    };
    assert_eq!(form.title(), "New milestone for Gəncə Agro");
    let Record::Milestone(m) = &form.original else {
        panic!("{:?}", form.original);
    };
    assert_eq!((m.startup.as_str(), m.due), ("s13", day("2026-12-26")));
}

#[test]
fn a_home_milestone_row_opens_its_startup() {
    let mut state = session();
    let at = state
        .home_items()
        .iter()
        .position(|i| i.id == "ms4")
        .expect("the overdue milestone is on Home");
    for _ in 0..at {
        press(&mut state, KeyCode::Char('j'));
    }
    press(&mut state, KeyCode::Enter);
    assert_eq!(
        (state.tab, selected_name(&state)),
        (Tab::Startups, "Gəncə Agro".to_string())
    );
}

#[test]
fn a_mentor_ticks_off_milestones_of_their_own_startups_only() {
    // Gəncə Agro is mentored by m6 and m5; Aysel (m1) is not one of them.
    let mut state = on_gence_agro();
    state.access = crate::store::Access::Mentor { id: "m1".into() };
    type_keys(&mut state, "c");
    assert!(marks(&mut state).is_empty());
    assert_eq!(
        state.status.as_deref(),
        Some(
            "A mentor may not change Gəncə Agro: notes, milestones and KPIs are for its own mentors"
        )
    );
    state.access = crate::store::Access::Mentor { id: "m6".into() };
    type_keys(&mut state, "c");
    assert_eq!(marks(&mut state).len(), 1);
}

#[test]
fn p_copies_the_plan_open_to_every_startup_of_the_next_cohort_its_days_moved() {
    let mut state = session();
    type_keys(&mut state, "2");
    go_to(&mut state, "Təmiz Su Tech");
    type_keys(&mut state, "P");
    let Overlay::Plan(dialog) = &state.overlay else {
        panic!("no plan dialog: {:?}", state.overlay);
    };
    // Autumn 2026 starts 7 Sep; Spring 2027, the next to start, 1 Mar 2027.
    assert_eq!(dialog.cohorts[dialog.selected].0, "c4");
    press(&mut state, KeyCode::Enter);
    let effects: Vec<Effect> = state
        .take_effects()
        .into_iter()
        .filter(|e| matches!(e, Effect::CreateAll { .. }))
        .collect();
    let [Effect::CreateAll { label, records }] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(label, "6 milestones to Spring 2027 Acceleration");
    let made: Vec<(&str, &str, NaiveDate)> = records
        .iter()
        .filter_map(|r| match r {
            Record::Milestone(m) => Some((m.startup.as_str(), m.title.as_str(), m.due)),
            _ => None,
        })
        .collect();
    // MedQueue (s22) and Yaşıl Nəqliyyat (s23); 20 Nov + 175 days.
    assert!(
        made.contains(&("s22", "First paying pilot", day("2027-05-14"))),
        "{made:?}"
    );
    assert!(
        made.iter().all(|(s, _, _)| ["s22", "s23"].contains(s)),
        "{made:?}"
    );
    assert!(
        records
            .iter()
            .all(|r| matches!(r, Record::Milestone(m) if m.done.is_none()))
    );
}

/// Milestones written and deleted one at a time keep each startup's list
/// as a fresh `Data` would make it: due first, none lost or doubled.
#[test]
fn milestones_followed_one_at_a_time_read_as_loaded_afresh() {
    let mut data = sample();
    let m = |id: &str, startup: &str, due: &str| {
        Record::Milestone(crate::model::testing::milestone(id, startup, "Pilot", due))
    };
    // A new one between others (ms10 sorts after ms1, before ms11), one
    // moved to another startup and day, one deleted, one new at the end.
    data.put(m("ms10b", "s13", "2026-12-01"));
    let mut moved = data.portfolio.milestones[0].clone();
    moved.startup = "s14".into();
    moved.due = day("2026-11-01");
    data.put(Record::Milestone(moved));
    data.remove(Kind::Milestone, "ms4");
    data.put(m("ms99", "s12", "2026-12-24"));
    let fresh = Data::from_portfolio(data.portfolio.clone());
    for s in &data.portfolio.startups {
        let ids = |d: &Data| {
            d.milestones_of(&s.id)
                .map(|m| m.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&data), ids(&fresh), "{}", s.id);
    }
    let of_s14: Vec<&str> = data.milestones_of("s14").map(|m| m.id.as_str()).collect();
    assert_eq!(of_s14[0], "ms1", "moved, and first by its day: {of_s14:?}");
}

/// Many milestones to see to are one counted row on Home, as other long
/// lists are, worked out without wording each; Enter lists them.
#[test]
fn many_milestones_due_are_one_counted_row_until_opened() {
    let mut portfolio = sample().portfolio.clone();
    for i in 0..6 {
        portfolio.milestones.push(crate::model::testing::milestone(
            &format!("ms{}", 100 + i),
            "s12",
            "Pilot",
            "2026-11-20",
        ));
    }
    let mut state = App::new(
        Data::from_portfolio(portfolio),
        today(),
        (120, 40),
        Keymap::default(),
    );
    let rows: Vec<&HomeItem> = state
        .home_items()
        .iter()
        .filter(|i| i.kind == Kind::Milestone)
        .collect();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0].label, "9 milestones overdue or due this week");
    assert_eq!((rows[0].group, rows[0].urgent), (Some(9), true));
    let at = state
        .home_items()
        .iter()
        .position(|i| i.kind == Kind::Milestone)
        .unwrap();
    for _ in 0..at {
        press(&mut state, KeyCode::Char('j'));
    }
    press(&mut state, KeyCode::Enter);
    let listed = state
        .home_items()
        .iter()
        .filter(|i| i.kind == Kind::Milestone && i.in_group);
    assert_eq!(listed.count(), 9);
}
