//! Whole screens drawn into ratatui's `TestBackend` at the session's size,
//! colour off: a session on a portfolio, its screen as text, and the
//! `snap_screen!` that hands it to insta under the calling test module's
//! name (a macro, so that insta sees the caller's module and file).

use chrono::NaiveDate;
use incubator::app::{App, Data, Keymap};
use incubator::model::Portfolio;
use incubator::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The sizes every screen is checked at.
pub const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// A session on `portfolio` (put in order as a store would hand it) on
/// `today`, at `size`, with the default keys.
pub fn session_on(mut portfolio: Portfolio, today: NaiveDate, (cols, rows): (u16, u16)) -> App {
    portfolio.normalize();
    portfolio.arrange();
    App::new(
        Data::from_portfolio(portfolio),
        today,
        (cols, rows),
        Keymap::default(),
    )
}

/// The session drawn as text, a line a row.
pub fn screen(state: &App) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(state.size.0, state.size.1)).expect("a terminal");
    terminal
        .draw(|frame| ui::render(state, frame, Theme::new(false)))
        .expect("drawn");
    terminal.backend().to_string()
}

/// The session's screen as snapshot `WHAT_WxH` of the calling module,
/// described by its day and the keys that led to it.
macro_rules! snap_screen {
    ($state:expr, $what:expr, $today:expr, $keys:expr) => {{
        let state: &incubator::app::App = $state;
        let (w, h) = state.size;
        let name = format!("{}_{w}x{h}", $what);
        insta::with_settings!({
            description => format!("{w}×{h}, colour off, today {}; keys: {}", $today, $keys),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, $crate::support::screens::screen(state));
        });
    }};
}
pub(crate) use snap_screen;
