//! Feeding a session keys as a terminal would, for tests.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::input::Event;
use super::state::State;

pub fn key_with(state: &mut State, code: KeyCode, modifiers: KeyModifiers) {
    state.handle(Event::Key(KeyEvent::new(code, modifiers)));
}

pub fn press(state: &mut State, code: KeyCode) {
    key_with(state, code, KeyModifiers::NONE);
}

/// Type characters one key at a time, as a terminal sends them.
pub fn type_keys(state: &mut State, text: &str) {
    for c in text.chars() {
        let modifiers = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        key_with(state, KeyCode::Char(c), modifiers);
    }
}

pub fn ctrl(state: &mut State, c: char) {
    key_with(state, KeyCode::Char(c), KeyModifiers::CONTROL);
}
