//! Ctrl-U clears to the start and Ctrl-W deletes the word before the
//! cursor in every text a user types; help and hints spell them (and
//! every Ctrl key) the same way.

use ratatui::crossterm::event::KeyCode;

use super::super::testing::{ctrl, press, type_keys};
use super::{filter, note_editor, palette, screen, session};
use crate::app::dialog::form::Value;
use crate::app::{App, Overlay};

/// The text of the form's focused line.
fn focused_line(state: &App) -> String {
    let Overlay::Form(form) = &state.overlay else {
        panic!("no form: {:?}", state.overlay)
    };
    match &form.fields[form.focus].value {
        Value::Text(input) => input.value().to_string(),
        other => panic!("not a line of text: {other:?}"),
    }
}

#[test]
fn the_palette_clears_a_word_then_everything() {
    let mut state = session();
    type_keys(&mut state, ":kilim craft");
    ctrl(&mut state, 'w');
    assert_eq!(palette(&state).input, "kilim ");
    ctrl(&mut state, 'u');
    assert_eq!(palette(&state).input, "");
    assert!(matches!(state.overlay, Overlay::Palette(_)), "still open");
}

#[test]
fn the_list_filter_clears_a_word_then_everything() {
    let mut state = session();
    type_keys(&mut state, "2/kilim craft");
    ctrl(&mut state, 'w');
    assert_eq!(filter(&state), "kilim ");
    ctrl(&mut state, 'u');
    assert_eq!(filter(&state), "");
    assert!(state.filtering, "still typing the filter");
}

#[test]
fn a_form_line_and_a_picker_clear_the_same_way() {
    let mut state = session();
    type_keys(&mut state, "2n");
    type_keys(&mut state, "Qarabağ Robotics");
    ctrl(&mut state, 'w');
    assert_eq!(focused_line(&state), "Qarabağ ");
    ctrl(&mut state, 'u');
    assert_eq!(focused_line(&state), "");
    // To the start means what is after the cursor stays.
    type_keys(&mut state, "Qarabağ Robotics");
    for _ in 0.."Robotics".len() {
        press(&mut state, KeyCode::Left);
    }
    ctrl(&mut state, 'u');
    assert_eq!(focused_line(&state), "Robotics");

    // The cohort's picker.
    let Overlay::Form(form) = &state.overlay else {
        panic!("no form")
    };
    let cohort = form.fields.iter().position(|f| f.key == "cohort").unwrap();
    for _ in 0..cohort {
        press(&mut state, KeyCode::Tab);
    }
    press(&mut state, KeyCode::Enter);
    type_keys(&mut state, "spring 2027");
    let query = |state: &App| match &state.overlay {
        Overlay::Form(form) => form
            .picker
            .as_ref()
            .expect("a picker")
            .query
            .value()
            .to_string(),
        _ => panic!("no form"),
    };
    ctrl(&mut state, 'w');
    assert_eq!(query(&state), "spring ");
    type_keys(&mut state, "2027");
    for _ in 0..4 {
        press(&mut state, KeyCode::Left);
    }
    ctrl(&mut state, 'u');
    assert_eq!(query(&state), "2027");
}

/// In the note editor Ctrl-U used to be the text area's undo: it put
/// back the word Ctrl-W had just deleted.
#[test]
fn the_note_editor_clears_a_word_then_the_line() {
    let mut state = session();
    type_keys(&mut state, "2/kilim");
    press(&mut state, KeyCode::Enter);
    type_keys(&mut state, "a");
    type_keys(&mut state, "Pricing review");
    ctrl(&mut state, 'w');
    assert_eq!(note_editor(&state).body.lines(), ["Pricing "]);
    ctrl(&mut state, 'u');
    assert_eq!(note_editor(&state).body.lines(), [""]);
}

#[test]
fn help_and_hints_spell_ctrl_keys_alike() {
    let mut state = session();
    type_keys(&mut state, "2");
    let hints = screen(&state);
    assert!(hints.contains("Ctrl-K search"), "{hints}");
    type_keys(&mut state, "?");
    let help = screen(&state);
    for (key, what) in [
        ("Ctrl-K/:", "search everything"),
        ("Ctrl-U", "clear to the start"),
        ("Ctrl-W", "delete a word back"),
        ("U/Ctrl-R", "redo what u undid"),
        ("Space", "mark / unmark a row"),
    ] {
        assert!(
            help.lines().any(|l| l.contains(key) && l.contains(what)),
            "the help does not show {key} for {what}:\n{help}"
        );
    }
    assert!(
        !help.contains("Ctrl-k") && !help.contains("Ctrl-s"),
        "{help}"
    );
}
