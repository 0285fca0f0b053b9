//! Whole screens drawn into ratatui's `TestBackend` at the session's size,
//! colour off, as text (a test's own `snap` hands it to insta, whose
//! snapshot names come from the calling module).

use incubator::app::App;
use incubator::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The sizes every screen is checked at.
pub const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The session drawn as text, a line a row.
pub fn screen(state: &App) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(state.size.0, state.size.1)).expect("a terminal");
    terminal
        .draw(|frame| ui::render(state, frame, Theme::new(false)))
        .expect("drawn");
    terminal.backend().to_string()
}
