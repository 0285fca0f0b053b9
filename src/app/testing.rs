//! Feeding a session keys as a terminal would, for tests.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::input::Event;
use super::state::App;

pub fn key_with(state: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    state.handle(Event::Key(KeyEvent::new(code, modifiers)));
}

pub fn press(state: &mut App, code: KeyCode) {
    key_with(state, code, KeyModifiers::NONE);
}

/// Type characters one key at a time, as a terminal sends them.
pub fn type_keys(state: &mut App, text: &str) {
    for c in text.chars() {
        let modifiers = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        key_with(state, KeyCode::Char(c), modifiers);
    }
}

pub fn ctrl(state: &mut App, c: char) {
    key_with(state, KeyCode::Char(c), KeyModifiers::CONTROL);
}

/// A session over the built-in sample at 120×40 on `today`, as `access`
/// sees it.
pub fn sample_session(today: chrono::NaiveDate, access: crate::store::Access) -> App {
    let mut portfolio = crate::seed::sample().expect("the sample").portfolio;
    portfolio.normalize();
    portfolio.arrange();
    let data = super::Data::from_portfolio(portfolio);
    let mut state = App::new(data, today, (120, 40), super::Keymap::default());
    state.access = access;
    state
}
