//! Booking an office hour from the screen goes through the store's
//! `book`, which reads and writes the slot in one transaction: of two
//! sessions booking the same free slot at once, one wins and the other's
//! screen says who took it.

use std::sync::{Arc, Barrier};

use chrono::{DateTime, NaiveDate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use incubator::app::{App, Data, Effect, Event, Keymap, Outcome, Overlay};
use incubator::model::{Kind, OfficeHour, Record};
use incubator::store::{Access, Store};
use incubator::term::perform;
use incubator::ui::{self, Theme};
use incubator::workspace::{self, IfNew};

fn press(state: &mut App, code: KeyCode) {
    state.handle(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_text(state: &mut App, text: &str) {
    for c in text.chars() {
        let modifiers = match c.is_ascii_uppercase() {
            true => KeyModifiers::SHIFT,
            false => KeyModifiers::NONE,
        };
        state.handle(Event::Key(KeyEvent::new(KeyCode::Char(c), modifiers)));
    }
}

fn screen(state: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(state.size.0, state.size.1)).unwrap();
    terminal
        .draw(|frame| ui::render(state, frame, Theme::new(false)))
        .unwrap();
    terminal.backend().to_string()
}

/// A coordinator's session on `store`, asking to book slot `slot` for
/// startup `startup` with `topic`: the effect its keys asked for.
fn booking(store: &Store, user: &str, startup: &str, slot: &str, topic: &str) -> (App, Effect) {
    let mut state = App::new(
        Data::load(store).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        (120, 40),
        Keymap::default(),
    );
    state.user = user.into();
    state.access = Access::Everything;
    assert!(state.select(Kind::Startup, startup));
    type_text(&mut state, "B");
    let Overlay::Book(dialog) = &state.overlay else {
        panic!("the booking picker: {:?}", state.status);
    };
    // Down to the slot (the sample may offer others before it).
    let at = dialog
        .picker
        .shown
        .iter()
        .position(|i| dialog.picker.options[*i].id == slot)
        .expect("the slot is offered");
    for _ in 0..at {
        press(&mut state, KeyCode::Down);
    }
    press(&mut state, KeyCode::Enter);
    type_text(&mut state, topic);
    press(&mut state, KeyCode::Enter);
    let mut effects = state.take_effects();
    effects.retain(|e| matches!(e, Effect::Book { .. }));
    assert_eq!(effects.len(), 1, "{effects:?}");
    let effect = effects.remove(0);
    (state, effect)
}

#[test]
fn two_sessions_booking_one_free_slot_at_once_one_wins_and_the_other_is_told_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let store = workspace::open(&dir.path().join("db"), IfNew::Sample)
        .expect("a new database with the sample")
        .store;
    // Aysel Hüseynova (m1) mentors both Şəbəkə Pay (s6) and Kilim Craft (s3).
    let made = store
        .create(
            "test",
            Record::OfficeHour(OfficeHour {
                id: String::new(),
                mentor: "m1".into(),
                starts_at: DateTime::parse_from_rfc3339("2026-12-01T10:00:00+04:00").unwrap(),
                minutes: 30,
                place: "INNOLAND room 2".into(),
                startup: None,
                topic: String::new(),
            }),
        )
        .unwrap();
    let slot = made.record.id().to_string();

    let sessions = [
        booking(&store, "nigar", "s6", &slot, "Pricing"),
        booking(&store, "leyla", "s3", &slot, "Export plan"),
    ];
    let start = Arc::new(Barrier::new(2));
    let threads: Vec<_> = sessions
        .into_iter()
        .map(|(state, effect)| {
            let (store, start) = (store.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let outcome = perform(&store, &state, effect);
                (state, outcome)
            })
        })
        .collect();
    let mut done: Vec<(App, Outcome)> = threads.into_iter().map(|t| t.join().unwrap()).collect();

    let booked = store.get::<OfficeHour>(&slot).unwrap().unwrap().record;
    let winner = booked.startup.clone().expect("booked");
    let winner_name = if winner == "s6" {
        "Şəbəkə Pay"
    } else {
        "Kilim Craft"
    };
    let (mut won, mut lost): (Vec<_>, Vec<_>) = done
        .iter_mut()
        .partition(|(_, outcome)| matches!(outcome, Outcome::SavedAll { .. }));
    assert_eq!((won.len(), lost.len()), (1, 1), "one wins, one is refused");
    assert!(
        matches!(&lost[0].1, Outcome::Refused(why) if why.contains("was just booked by")),
        "{:?}",
        lost[0].1
    );

    let (winner_state, outcome) = won.remove(0);
    winner_state.handle(Event::Outcome(outcome.clone()));
    let status = winner_state.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("Done: booked Tue 1 Dec 10:00 · Aysel Hüseynova for ")
            && status.ends_with(" · u undoes it"),
        "{status}"
    );
    assert!(status.contains(winner_name), "{status}");

    let (loser_state, outcome) = lost.remove(0);
    loser_state.handle(Event::Outcome(outcome.clone()));
    let shown = screen(loser_state);
    // "Not booked: the slot oh1 at Tue 1 Dec 10:00 was just booked by
    // Şəbəkə Pay; pick another", wrapped in the dialog.
    let told = format!("Not booked: the slot {slot} at Tue 1 Dec 10:00 was just booked by");
    assert!(shown.contains(&told), "{shown}");
    assert!(
        shown.contains(&format!("{winner_name}; pick another")),
        "{shown}"
    );
    assert!(shown.contains("Esc back to the free slots"), "{shown}");
    // The slot stays the winner's, with the winner's topic.
    let topic = if winner == "s6" {
        "Pricing"
    } else {
        "Export plan"
    };
    assert_eq!(booked.topic, topic);
}

#[test]
fn a_series_is_one_write_in_the_store_and_one_u_takes_every_slot_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = workspace::open(&dir.path().join("db"), IfNew::Sample)
        .expect("a new database with the sample")
        .store;
    let before = store.list::<OfficeHour>().unwrap().len();
    let mut state = App::new(
        Data::load(&store).unwrap(),
        NaiveDate::from_ymd_opt(2027, 1, 11).unwrap(),
        (120, 40),
        Keymap::default(),
    );
    state.user = "nigar".into();
    // Rəşad Nəbiyev (m2): Monday to Friday, 10:00–12:00, 2 weeks.
    assert!(state.select(Kind::Mentor, "m2"));
    type_text(&mut state, "o");
    press(&mut state, KeyCode::Tab);
    state.handle(Event::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    type_text(&mut state, "Mon Tue Wed Thu Fri");
    for _ in 0..4 {
        press(&mut state, KeyCode::Tab);
    }
    press(&mut state, KeyCode::Backspace);
    type_text(&mut state, "2");
    state.handle(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    let mut effects = state.take_effects();
    effects.retain(|e| matches!(e, Effect::CreateAll { .. }));
    let [effect] = <[Effect; 1]>::try_from(effects).expect("one write");
    let outcome = perform(&store, &state, effect);
    assert!(matches!(outcome, Outcome::SavedAll { .. }), "{outcome:?}");
    state.handle(Event::Outcome(outcome));
    assert_eq!(
        state.status.as_deref(),
        Some("Done: 40 office-hour slots added for Rəşad Nəbiyev · u undoes it")
    );
    let written = store.list::<OfficeHour>().unwrap();
    assert_eq!(written.len(), before + 40);
    assert!(
        written
            .iter()
            .filter(|s| s.record.mentor == "m2")
            .all(|s| s.record.is_free() && s.record.minutes == 30)
    );

    type_text(&mut state, "u");
    let mut effects = state.take_effects();
    effects.retain(|e| matches!(e, Effect::Revert { .. }));
    let [undo] = <[Effect; 1]>::try_from(effects).expect("one undo");
    let outcome = perform(&store, &state, undo);
    assert!(matches!(outcome, Outcome::Reverted { .. }), "{outcome:?}");
    assert_eq!(store.list::<OfficeHour>().unwrap().len(), before);
}
