//! A startup's outcome edited from the keyboard, against a real store
//! (the sample, today 28 Nov 2026): the form's outcome lines and their
//! rules, the details' line that opens them, one write that `u` takes
//! back, and a save that meets another session's edit.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use incubator::app::Overlay;
use incubator::app::form::Value;
use incubator::model::{FundingRound, Kind, Outcome, OutcomeStatus, Record};

use crate::editing::Session;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn outcome_of(s: &Session, id: &str) -> Option<Outcome> {
    match s.stored(Kind::Startup, id) {
        Some(Record::Startup(startup)) => startup.outcome,
        other => panic!("no startup {id}: {other:?}"),
    }
}

/// Step the outcome choice (`none`, operating, acquired, IPO, closed) to `to`.
fn choose(s: &mut Session, to: &str) {
    s.focus("outcome.status");
    for _ in 0..5 {
        let Value::Choice { options, at } = &s.form().fields[s.form().focus].value else {
            panic!("the outcome line is a choice")
        };
        if options[*at] == to {
            return;
        }
        s.press(KeyCode::Right);
    }
    panic!("{to} is not offered");
}

/// Type `text` over the form line for record field `key`.
fn retype(s: &mut Session, key: &str, text: &str) {
    s.focus(key);
    s.clear_line();
    s.type_text(text);
}

#[test]
fn choosing_acquired_without_a_day_says_so_beside_the_day_and_saves_nothing() {
    let mut s = Session::sized(80, 24);
    s.go_to_startup("bazarim");
    s.type_text("e");
    assert!(
        s.form().fields.iter().all(|f| f.key != "outcome.date"),
        "no day is asked while there is no outcome"
    );
    choose(&mut s, "acquired");
    let line = s.form().fields.iter().find(|f| f.key == "outcome.date");
    assert_eq!(
        line.and_then(|f| f.error.as_deref()),
        Some("is missing: the day it was acquired")
    );
    let screen = s.screen();
    assert!(
        screen
            .lines()
            .any(|l| l.contains("  date ") && l.contains("← is missing: the day it was acquired")),
        "the problem is beside the day's line:\n{screen}"
    );
    s.ctrl('s');
    assert_eq!(
        s.status(),
        "Not saved: date is missing: the day it was acquired."
    );
    assert_eq!(outcome_of(&s, "s11"), None);
    // A day typed stays when the choice passes through operating.
    retype(&mut s, "outcome.date", "2026-10-01");
    choose(&mut s, "none");
    choose(&mut s, "IPO");
    assert_eq!(
        s.form()
            .fields
            .iter()
            .find(|f| f.key == "outcome.date")
            .map(|f| match &f.value {
                Value::Date(input) => input.value().to_string(),
                _ => String::new(),
            }),
        Some("2026-10-01".to_string())
    );
    // Back to operating, the day is not asked and the save goes through.
    choose(&mut s, "closed");
    s.press(KeyCode::Left);
    s.press(KeyCode::Left);
    s.press(KeyCode::Left);
    assert!(s.form().fields.iter().all(|f| f.key != "outcome.date"));
    s.ctrl('s');
    assert_eq!(
        outcome_of(&s, "s11"),
        Some(Outcome {
            status: OutcomeStatus::Operating,
            date: None,
            rounds: Vec::new(),
        })
    );
}

#[test]
fn a_round_typed_from_the_details_is_one_write_shown_in_the_details_and_u_takes_it_back() {
    let mut s = Session::new();
    s.go_to_startup("bazarim");
    s.press(KeyCode::Enter);
    // Bazarım has graduated: its details have an Outcome section whose
    // last line opens the form there.
    assert!(s.screen().contains("Bazarım"));
    while !matches!(s.state.links().get(s.state.link), Some(l) if l.kind == Kind::Startup) {
        let before = s.state.link;
        s.press(KeyCode::Down);
        assert_ne!(before, s.state.link, "no outcome line:\n{}", s.screen());
    }
    assert!(
        s.screen().contains("Record the outcome  Enter or e"),
        "{}",
        s.screen()
    );
    s.press(KeyCode::Enter);
    assert_eq!(
        s.form().fields[s.form().focus].key,
        "outcome.status",
        "the form opens at the outcome"
    );
    choose(&mut s, "acquired");
    retype(&mut s, "outcome.date", "2026-11-02");
    s.focus("outcome.rounds");
    s.press(KeyCode::Enter);
    retype(&mut s, "outcome.rounds[0].kind", "seed");
    retype(&mut s, "outcome.rounds[0].amount", "250,000");
    retype(
        &mut s,
        "outcome.rounds[0].investors",
        "Caspian Ventures, Pasha Capital",
    );
    let history = |s: &Session| s.store.history_of(Kind::Startup, "s11").unwrap().len();
    let before = history(&s);
    s.ctrl('s');
    assert!(matches!(s.state.overlay, Overlay::None), "{}", s.screen());
    assert_eq!(history(&s), before + 1, "one write");
    assert_eq!(
        s.status(),
        "Saved startup Bazarım · u undoes: outcome of Bazarım"
    );
    let round = FundingRound {
        date: day("2026-11-28"),
        kind: "seed".into(),
        amount: 250_000.0,
        investors: vec!["Caspian Ventures".into(), "Pasha Capital".into()],
    };
    assert_eq!(
        outcome_of(&s, "s11"),
        Some(Outcome {
            status: OutcomeStatus::Acquired,
            date: Some(day("2026-11-02")),
            rounds: vec![round],
        })
    );
    let screen = s.screen();
    for shown in [
        "acquired on 2 Nov 2026",
        "250.0k in 1 round after the program",
        "28 Nov 2026  seed 250.0k · Caspian Ventures, Pasha",
    ] {
        assert!(screen.contains(shown), "{shown:?} is not shown:\n{screen}");
    }
    s.type_text("u");
    assert_eq!(outcome_of(&s, "s11"), None);
    assert!(s.screen().contains("not recorded yet"), "{}", s.screen());
}

#[test]
fn ctrl_d_drops_a_round_and_none_with_rounds_left_is_refused() {
    let mut s = Session::new();
    // Şəbəkə Pay: operating, one seed round.
    s.go_to_startup("sebeke");
    s.type_text("e");
    choose(&mut s, "none");
    assert_eq!(
        s.form().problem_of(s.form().focus),
        "Outcome is none, but rounds are listed: choose a status, or drop them (Ctrl-D)"
    );
    choose(&mut s, "operating");
    s.focus("outcome.rounds[0].amount");
    s.ctrl('d');
    assert!(
        s.form()
            .fields
            .iter()
            .all(|f| !f.key.starts_with("outcome.rounds[")),
        "the round's four lines go together"
    );
    s.ctrl('s');
    let outcome = outcome_of(&s, "s6").expect("still operating");
    assert_eq!(outcome.status, OutcomeStatus::Operating);
    assert!(outcome.rounds.is_empty());
}

#[test]
fn an_outcome_saved_over_another_sessions_edit_keeps_both() {
    let mut nigar = Session::new();
    let mut aysel = nigar.another("Aysel Hüseynova");
    nigar.go_to_startup("bazarim");
    nigar.type_text("e");
    aysel.go_to_startup("bazarim");
    aysel.type_text("e");
    retype(&mut aysel, "sector", "marketplaces");
    aysel.ctrl('s');
    nigar.settle();
    choose(&mut nigar, "operating");
    nigar.focus("outcome.rounds");
    nigar.press(KeyCode::Enter);
    retype(&mut nigar, "outcome.rounds[0].kind", "grant");
    retype(&mut nigar, "outcome.rounds[0].amount", "40000");
    nigar.ctrl('s');
    assert!(
        matches!(nigar.state.overlay, Overlay::None),
        "different fields merge with no question:\n{}",
        nigar.screen()
    );
    let Some(Record::Startup(saved)) = nigar.stored(Kind::Startup, "s11") else {
        panic!("Bazarım is gone")
    };
    assert_eq!(saved.sector, "marketplaces", "Aysel's change stays");
    let rounds = saved.outcome.map(|o| o.rounds).unwrap_or_default();
    assert_eq!(rounds.len(), 1, "Nigar's round is saved");
    assert_eq!(rounds[0].amount, 40_000.0);
    assert!(
        nigar.status().contains("merged with the change to"),
        "{}",
        nigar.status()
    );
}
