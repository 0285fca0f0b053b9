//! Keys rebound in a config file, one test a scope of the table: the new
//! key does what the old one did, the old one no longer does, and the
//! dialog's hint and the `?` help name the new key.

use ratatui::crossterm::event::KeyCode;

use super::super::testing::{ctrl, press, type_keys};
use super::{note_editor, palette, sample, screen, today};
use crate::app::{App, Effect, Overlay};
use crate::config::Config;

/// A session at 120×40 with the keys of `toml`, read as a config file.
fn configured(toml: &str) -> App {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, toml).unwrap();
    let keymap = Config::read(&file).unwrap().keymap().unwrap();
    App::new(sample(), today(), (120, 40), keymap)
}

/// The help, open over the list, shows `key` on the line of `what`.
fn help_names(state: &mut App, key: &str, what: &str) {
    type_keys(state, "?");
    let help = screen(state);
    assert!(
        help.lines()
            .any(|l| l.contains(&format!(" {key} ")) && l.contains(what)),
        "the help does not show {key} for {what:?}:\n{help}"
    );
    press(state, KeyCode::Esc);
}

fn saves(state: &mut App) -> bool {
    let effects = state.take_effects();
    effects.iter().any(|e| matches!(e, Effect::Save { .. }))
}

#[test]
fn a_forms_save_rebound_to_ctrl_w() {
    let mut state = configured("[keys]\nsave = [\"Ctrl-w\"]\n");
    help_names(&mut state, "Ctrl-W", "save");
    type_keys(&mut state, "2n");
    assert!(matches!(state.overlay, Overlay::Form(_)), "n opens a form");
    type_keys(&mut state, "Newco");
    assert!(
        screen(&state).contains("Ctrl-W saves"),
        "{}",
        screen(&state)
    );
    ctrl(&mut state, 's');
    assert!(!saves(&mut state), "Ctrl-S no longer saves");
    ctrl(&mut state, 'w');
    assert!(saves(&mut state), "Ctrl-W saves");
}

#[test]
fn the_filters_enter_rebound() {
    let mut state = configured("[keys]\nfilter_done = [\"Ctrl-o\"]\n");
    help_names(&mut state, "Ctrl-O", "keep the / filter");
    type_keys(&mut state, "2/xez");
    assert!(
        screen(&state).contains("Ctrl-O keeps the filter"),
        "{}",
        screen(&state)
    );
    ctrl(&mut state, 'o');
    assert!(!state.filtering, "Ctrl-O ends the typing");
    assert_eq!(state.list().unwrap().filter, "xez", "and keeps the filter");
}

#[test]
fn the_search_palettes_choose_rebound() {
    let mut state = configured("[keys]\nchoose = [\"Ctrl-g\"]\n");
    help_names(&mut state, "Ctrl-G", "choose / done / go");
    ctrl(&mut state, 'k');
    type_keys(&mut state, "bazarim");
    assert!(screen(&state).contains("Ctrl-G go"), "{}", screen(&state));
    press(&mut state, KeyCode::Enter);
    palette(&state);
    ctrl(&mut state, 'g');
    assert!(
        matches!(state.overlay, Overlay::None),
        "Ctrl-G goes to the hit"
    );
}

#[test]
fn a_questions_yes_rebound() {
    let mut state = configured("[keys]\nyes = [\"Ctrl-y\"]\n");
    state.user = "Aysel Hüseynova".into();
    help_names(&mut state, "Ctrl-Y", "yes to a question");
    type_keys(&mut state, "2a");
    type_keys(&mut state, "Pilot went well");
    press(&mut state, KeyCode::Esc);
    assert!(note_editor(&state).confirm_discard, "Esc asks first");
    assert!(screen(&state).contains("Ctrl-Y yes"), "{}", screen(&state));
    type_keys(&mut state, "y");
    assert!(!note_editor(&state).confirm_discard, "y keeps writing now");
    press(&mut state, KeyCode::Esc);
    ctrl(&mut state, 'y');
    assert!(
        matches!(state.overlay, Overlay::None),
        "Ctrl-Y throws it away"
    );
}
