//! The local terminal, through crossterm.

use std::io::{self, stdout};
use std::time::Duration;

use chrono::Local;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, MouseEventKind};
use ratatui::crossterm::execute;

use crate::app::{Data, Event, Keymap, State};
use crate::store::Store;
use crate::ui::{self, Theme};

/// How long to wait for input before looking at the clock again.
const TICK: Duration = Duration::from_secs(30);

/// Run the full-screen view on this terminal until the user quits. The
/// terminal is restored on every way out, a panic included (ratatui's
/// init installs a hook for that).
pub fn run(store: &Store, keymap: Keymap, color: bool, notice: Option<String>) -> io::Result<()> {
    let data = Data::load(store).map_err(io::Error::other)?;
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(stdout(), EnableMouseCapture);
    let result = session_loop(&mut terminal, data, keymap, Theme::new(color), notice);
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::try_restore()?;
    result
}

fn session_loop(
    terminal: &mut ratatui::DefaultTerminal,
    data: Data,
    keymap: Keymap,
    theme: Theme,
    notice: Option<String>,
) -> io::Result<()> {
    let size = terminal.size()?;
    let mut state = State::new(
        data,
        Local::now().date_naive(),
        (size.width, size.height),
        keymap,
    );
    state.status = notice;
    loop {
        terminal.draw(|frame| ui::render(&state, frame, theme))?;
        if state.quit {
            return Ok(());
        }
        if event::poll(TICK)? {
            let incoming = match event::read()? {
                event::Event::Key(key) => Some(Event::Key(key)),
                event::Event::Resize(w, h) => Some(Event::Resize(w, h)),
                event::Event::Mouse(mouse) => match mouse.kind {
                    MouseEventKind::ScrollUp => Some(Event::Scroll(-1)),
                    MouseEventKind::ScrollDown => Some(Event::Scroll(1)),
                    _ => None,
                },
                _ => None,
            };
            if let Some(incoming) = incoming {
                state.handle(incoming);
            }
        }
        let today = Local::now().date_naive();
        if today != state.today {
            state.handle(Event::Today(today));
        }
    }
}
