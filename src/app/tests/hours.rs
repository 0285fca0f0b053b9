//! Office hours on screen: a series added from a mentor's details, a slot
//! booked from a startup's, a session note started from a past slot, and
//! today's and tomorrow's on Home — on the sample, its office hours
//! replaced by a few made here, on Monday 7 December 2026.

use chrono::{DateTime, NaiveDate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

use crate::app::dialog::Overlay;
use crate::app::testing::{ctrl, press, type_keys};
use crate::app::{App, Data, Effect, Focus, Keymap, Outcome, Tab};
use crate::model::{Kind, NoteKind, OfficeHour, Record};
use crate::store::{Access, Revert};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).expect("a day")
}

fn hour(id: &str, mentor: &str, at: &str, startup: Option<&str>, topic: &str) -> OfficeHour {
    OfficeHour {
        id: id.into(),
        mentor: mentor.into(),
        starts_at: DateTime::parse_from_rfc3339(at).expect("a time"),
        minutes: 30,
        place: "INNOLAND room 2".into(),
        startup: startup.map(str::to_string),
        topic: topic.into(),
    }
}

/// The sample with these office hours: Şəbəkə Pay (s6) is mentored by
/// Aysel Hüseynova (m1) and Rəşad Nəbiyev (m2).
fn session(access: Access) -> App {
    let mut portfolio = crate::seed::sample().expect("the sample").portfolio;
    portfolio.office_hours = vec![
        hour("oh1", "m1", "2026-12-08T10:00:00+04:00", None, ""),
        hour("oh2", "m2", "2026-12-08T09:00:00+04:00", None, ""),
        hour(
            "oh3",
            "m1",
            "2026-12-03T10:00:00+04:00",
            Some("s6"),
            "Pricing",
        ),
        hour(
            "oh4",
            "m1",
            "2026-12-07T15:00:00+04:00",
            Some("s3"),
            "Export plan",
        ),
        hour("oh5", "m6", "2026-12-09T11:00:00+04:00", None, ""),
        hour("oh6", "m1", "2026-12-01T10:00:00+04:00", None, ""),
    ];
    portfolio.normalize();
    portfolio.arrange();
    let mut state = App::new(
        Data::from_portfolio(portfolio),
        today(),
        (120, 40),
        Keymap::default(),
    );
    state.access = access;
    state
}

fn screen(state: &App) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(state.size.0, state.size.1)).expect("a terminal");
    terminal
        .draw(|frame| crate::ui::render(state, frame, crate::ui::Theme::new(false)))
        .expect("drawn");
    terminal.backend().to_string()
}

/// What the session asked of the store, leaving out the details' reads
/// of a record's history.
fn writes(state: &mut App) -> Vec<Effect> {
    let mut effects = state.take_effects();
    effects.retain(|e| !matches!(e, Effect::History { .. }));
    effects
}

fn select(state: &mut App, kind: Kind, id: &str) {
    assert!(state.select(kind, id), "{kind} {id} is listed");
}

#[test]
fn o_on_a_mentor_adds_a_series_in_one_write_said_in_the_status_bar_and_undone_by_u() {
    let mut state = session(Access::Everything);
    select(&mut state, Kind::Mentor, "m1");
    type_keys(&mut state, "o");
    let Overlay::Series(form) = &state.overlay else {
        panic!("the series form is open: {:?}", state.status);
    };
    assert_eq!(form.mentor, "m1");
    // Tuesdays and Thursdays, two weeks, in room 2.
    press(&mut state, KeyCode::Tab);
    ctrl(&mut state, 'u');
    type_keys(&mut state, "Tue Thu");
    for _ in 0..4 {
        press(&mut state, KeyCode::Tab);
    }
    ctrl(&mut state, 'u');
    type_keys(&mut state, "2");
    press(&mut state, KeyCode::Tab);
    type_keys(&mut state, "Room 2");
    assert!(screen(&state).contains("16 slots, Tue 8 Dec 10:00 – Thu 17 Dec 11:30"));
    ctrl(&mut state, 's');
    let effects = writes(&mut state);
    let [Effect::CreateAll { label, records }] = effects.as_slice() else {
        panic!("one write: {effects:?}");
    };
    assert_eq!(label, "16 office-hour slots added for Aysel Hüseynova");
    assert_eq!(records.len(), 16);
    assert!(records.iter().all(|r| matches!(r,
        Record::OfficeHour(h) if h.mentor == "m1" && h.place == "Room 2" && h.startup.is_none()
    )));
    // The store wrote them: the status says how many, and u takes them back.
    let undo = vec![Revert {
        kind: Kind::OfficeHour,
        id: "oh7".into(),
        before: None,
        now: Some(1),
    }];
    state.handle(crate::app::Event::Outcome(Outcome::SavedAll {
        label: label.clone(),
        undo: undo.clone(),
    }));
    assert!(matches!(state.overlay, Overlay::None));
    assert_eq!(
        state.status.as_deref(),
        Some("Done: 16 office-hour slots added for Aysel Hüseynova · u undoes it")
    );
    type_keys(&mut state, "u");
    assert!(matches!(
        writes(&mut state).as_slice(),
        [Effect::Revert { reverts, .. }] if *reverts == undo
    ));
}

#[test]
fn a_mentor_adds_only_their_own_office_hours_and_staff_none() {
    let mut state = session(Access::Mentor { id: "m2".into() });
    select(&mut state, Kind::Mentor, "m1");
    type_keys(&mut state, "o");
    assert!(matches!(state.overlay, Overlay::None));
    assert_eq!(
        state.status.as_deref(),
        Some("A mentor adds only their own office hours")
    );
    select(&mut state, Kind::Mentor, "m2");
    type_keys(&mut state, "o");
    assert!(matches!(state.overlay, Overlay::Series(_)));

    let mut state = session(Access::ReadOnly);
    select(&mut state, Kind::Mentor, "m1");
    type_keys(&mut state, "o");
    assert!(matches!(state.overlay, Overlay::None));
}

#[test]
fn b_on_a_startup_offers_its_mentors_free_slots_soonest_first_then_books_one_with_a_topic() {
    let mut state = session(Access::Everything);
    select(&mut state, Kind::Startup, "s6");
    type_keys(&mut state, "B");
    let Overlay::Book(dialog) = &state.overlay else {
        panic!("the booking picker is open: {:?}", state.status);
    };
    // Rəşad's 09:00 before Aysel's 10:00; not Kim Min-su's (not its
    // mentor), nor Aysel's slot of last week.
    let labels: Vec<&str> = dialog
        .picker
        .options
        .iter()
        .map(|o| o.label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "Tue 8 Dec 09:00 · Rəşad Nəbiyev",
            "Tue 8 Dec 10:00 · Aysel Hüseynova"
        ]
    );
    let shown = screen(&state);
    assert!(
        shown.contains("Book an office hour for Şəbəkə Pay"),
        "{shown}"
    );
    assert!(shown.contains("30 min · INNOLAND room 2"), "{shown}");
    press(&mut state, KeyCode::Down);
    press(&mut state, KeyCode::Enter);
    type_keys(&mut state, "Pricing");
    press(&mut state, KeyCode::Enter);
    assert_eq!(
        writes(&mut state),
        [Effect::Book {
            label: "booked Tue 8 Dec 10:00 · Aysel Hüseynova for Şəbəkə Pay".into(),
            hour: "oh1".into(),
            startup: "s6".into(),
            topic: "Pricing".into(),
        }]
    );
}

#[test]
fn a_slot_taken_meanwhile_is_said_in_the_dialog_and_esc_goes_back_to_the_free_ones() {
    let mut state = session(Access::Mentor { id: "m1".into() });
    select(&mut state, Kind::Startup, "s6");
    type_keys(&mut state, "B");
    press(&mut state, KeyCode::Enter);
    press(&mut state, KeyCode::Enter);
    assert_eq!(writes(&mut state).len(), 1);
    let refusal = "That office hour was booked meanwhile: pick another";
    state.handle(crate::app::Event::Outcome(Outcome::Refused(refusal.into())));
    let shown = screen(&state);
    assert!(shown.contains(refusal), "{shown}");
    press(&mut state, KeyCode::Esc);
    let Overlay::Book(dialog) = &state.overlay else {
        panic!("still open");
    };
    assert!(dialog.slot.is_none());
}

#[test]
fn a_mentor_books_only_for_their_own_startups() {
    let mut state = session(Access::Mentor { id: "m6".into() });
    select(&mut state, Kind::Startup, "s6");
    type_keys(&mut state, "B");
    assert!(matches!(state.overlay, Overlay::None));
    assert_eq!(
        state.status.as_deref(),
        Some("Only Şəbəkə Pay's mentors or a coordinator book its office hours")
    );
}

#[test]
fn a_on_a_past_booked_slot_starts_its_session_note_filled_in() {
    let mut state = session(Access::Everything);
    select(&mut state, Kind::Startup, "s6");
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.focus, Focus::Details);
    let shown = screen(&state);
    assert!(shown.contains("Office hours"), "{shown}");
    assert!(
        shown.contains("Thu 3 Dec 10:00  Aysel Hüseynova — Pricing"),
        "{shown}"
    );
    // Down the links to the slot: its cohort, two mentors, then it.
    let at = state
        .links()
        .iter()
        .position(|l| l.kind == Kind::OfficeHour && l.id == "oh3")
        .expect("the slot is a link");
    for _ in 0..at {
        press(&mut state, KeyCode::Down);
    }
    type_keys(&mut state, "a");
    let Overlay::Note(editor) = &state.overlay else {
        panic!("the note editor is open: {:?}", state.status);
    };
    assert_eq!(editor.startup, "s6");
    assert_eq!(editor.kind, NoteKind::Session);
    assert_eq!(
        editor.day,
        NaiveDate::from_ymd_opt(2026, 12, 3).expect("a day")
    );
    assert_eq!(editor.author.value(), "Aysel Hüseynova");
}

#[test]
fn a_mentors_details_show_their_week_and_home_today_and_tomorrow() {
    let mut state = session(Access::Everything);
    let home = screen(&state);
    assert!(
        home.contains("Today 15:00 · Aysel Hüseynova  with Kilim Craft — Export plan"),
        "{home}"
    );
    assert!(
        home.contains("Tomorrow 09:00 · Rəşad Nəbiyev  free"),
        "{home}"
    );
    assert!(
        !home.contains("Kim Min-su)  free"),
        "the day after tomorrow: {home}"
    );
    select(&mut state, Kind::Mentor, "m1");
    state.tab = Tab::Mentors;
    let shown = screen(&state);
    assert!(shown.contains("This week, 7 Dec – 13 Dec"), "{shown}");
    assert!(
        shown.contains("Mon 7 Dec 15:00  Kilim Craft — Export plan"),
        "{shown}"
    );
    assert!(shown.contains("Tue 8 Dec 10:00  free"), "{shown}");
    // Last week's are not this week's.
    assert!(!shown.contains("Thu 3 Dec"), "{shown}");
}

#[test]
fn control_characters_in_a_slots_topic_and_place_never_reach_the_terminal() {
    let mut state = session(Access::Everything);
    let hostile = "\u{1b}]52;c;cHduZWQ=\u{7}Pricing";
    {
        let mut model = state.model.write();
        let hours = &mut model.data.portfolio.office_hours;
        let today = hours.iter_mut().find(|h| h.id == "oh4").expect("oh4");
        today.topic = hostile.into();
        today.place = "Room\u{1b}[2J 2".into();
    }
    state.refresh_attention();
    let home = screen(&state);
    assert!(home.contains("Today 15:00 · Aysel Hüseynova"), "{home}");
    // Shown as the replacement character, as everywhere on screen.
    assert!(home.contains("Kilim Craft — �]52"), "{home}");
    assert!(
        !home.contains('\u{1b}') && !home.contains('\u{7}'),
        "{home:?}"
    );
    select(&mut state, Kind::Mentor, "m1");
    let week = screen(&state);
    assert!(week.contains("�]52;c;cHduZWQ=�Pricing"), "{week}");
    assert!(
        !week.contains('\u{1b}') && !week.contains('\u{7}'),
        "{week:?}"
    );
}

#[test]
fn a_mentor_notes_a_session_from_their_own_week_but_not_another_mentors_startup() {
    let mut state = session(Access::Mentor { id: "m1".into() });
    select(&mut state, Kind::Mentor, "m1");
    state.focus = Focus::Details;
    // Monday's 15:00 with Kilim Craft (which Aysel mentors), held today.
    state.link = state
        .links()
        .iter()
        .position(|l| l.kind == Kind::OfficeHour && l.id == "oh4")
        .expect("this week's slot");
    type_keys(&mut state, "a");
    let Overlay::Note(editor) = &state.overlay else {
        panic!("the note editor is open: {:?}", state.status);
    };
    assert_eq!(
        (editor.startup.as_str(), editor.kind),
        ("s3", NoteKind::Session)
    );
    press(&mut state, KeyCode::Esc);

    // Rəşad (m2) mentors Şəbəkə Pay, not Kilim Craft: Aysel's slot with
    // Kilim Craft is not his to note, even seen from his screen.
    let mut state = session(Access::Mentor { id: "m2".into() });
    select(&mut state, Kind::Mentor, "m1");
    state.focus = Focus::Details;
    state.link = state
        .links()
        .iter()
        .position(|l| l.kind == Kind::OfficeHour && l.id == "oh4")
        .expect("this week's slot");
    type_keys(&mut state, "a");
    assert!(matches!(state.overlay, Overlay::None));
    assert_eq!(
        state.status.as_deref(),
        Some("A mentor may not change Kilim Craft: notes are for its own mentors")
    );
}

#[test]
fn enter_on_a_slot_goes_to_its_mentor_from_a_startup_and_to_its_startup_from_a_week() {
    let mut state = session(Access::Everything);
    select(&mut state, Kind::Startup, "s6");
    press(&mut state, KeyCode::Enter);
    let at = state
        .links()
        .iter()
        .position(|l| l.kind == Kind::OfficeHour && l.id == "oh3")
        .expect("the slot is a link");
    for _ in 0..at {
        press(&mut state, KeyCode::Down);
    }
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.tab, Tab::Mentors);
    assert_eq!(state.selected_id().as_deref(), Some("m1"));
    // In Aysel's week: Monday's slot is Kilim Craft's.
    let at = state
        .links()
        .iter()
        .position(|l| l.kind == Kind::OfficeHour && l.id == "oh4")
        .expect("this week's slot is a link");
    for _ in 0..at {
        press(&mut state, KeyCode::Down);
    }
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(state.selected_id().as_deref(), Some("s3"));
    // A free one says how to book it.
    select(&mut state, Kind::Mentor, "m1");
    state.focus = Focus::Details;
    state.link = state
        .links()
        .iter()
        .position(|l| l.kind == Kind::OfficeHour && l.id == "oh1")
        .expect("a free slot this week");
    press(&mut state, KeyCode::Enter);
    assert_eq!(
        state.status.as_deref(),
        Some("A free slot: B on a startup books it")
    );
}
