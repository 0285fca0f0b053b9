//! The local terminal, through crossterm.

use std::io::{self, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::Local;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, MouseEventKind};
use ratatui::crossterm::execute;
use signal_hook::consts::{SIGHUP, SIGTERM};

use super::feed::read_update;
use crate::app::{Data, Event, Keymap, State};
use crate::store::{Store, login_name};
use crate::ui::{self, Theme};

/// How long to wait for input before looking at the store's change feed,
/// the clock and for a termination signal again: short enough that
/// another user's write shows within a tenth of a second.
const TICK: Duration = Duration::from_millis(50);

/// Run the full-screen view on this terminal until the user quits. The
/// terminal is restored on every way out: `q`, Ctrl-C, SIGTERM, SIGHUP,
/// and a panic (ratatui's init installs a hook for that).
pub fn run(store: &Store, keymap: Keymap, color: bool, notice: Option<String>) -> io::Result<()> {
    let data = Data::load(store).map_err(io::Error::other)?;
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(stdout(), EnableMouseCapture);
    let result = session_loop(
        &mut terminal,
        store,
        data,
        keymap,
        Theme::new(color),
        notice,
    );
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::try_restore()?;
    result
}

fn session_loop(
    terminal: &mut ratatui::DefaultTerminal,
    store: &Store,
    data: Data,
    keymap: Keymap,
    theme: Theme,
    notice: Option<String>,
) -> io::Result<()> {
    // SIGTERM (a shutdown) and SIGHUP (the SSH link dropped) end the
    // session the way `q` does, so the terminal is left as it was found.
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGTERM, SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    // Subscribed before the first frame, so no write is missed between.
    let changes = store.subscribe();
    let size = terminal.size()?;
    let today = Local::now().date_naive();
    let mut state = State::new(data, today, (size.width, size.height), keymap);
    state.status = notice;
    state.user = login_name();
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| ui::render(&state, frame, theme))?;
            dirty = false;
        }
        if state.quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if event::poll(TICK)?
            && let Some(incoming) = translate(event::read()?)
        {
            state.handle(incoming);
            dirty = true;
        }
        while let Ok(change) = changes.try_recv() {
            if let Some(update) = read_update(store, change) {
                state.handle(Event::Stored(update));
                dirty = true;
            }
        }
        let today = Local::now().date_naive();
        if today != state.today {
            state.handle(Event::Today(today));
            dirty = true;
        }
    }
}

/// A terminal event as a session event, if the session cares about it.
fn translate(event: event::Event) -> Option<Event> {
    match event {
        event::Event::Key(key) => Some(Event::Key(key)),
        event::Event::Resize(w, h) => Some(Event::Resize(w, h)),
        event::Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollUp => Some(Event::Scroll(-1)),
            MouseEventKind::ScrollDown => Some(Event::Scroll(1)),
            _ => None,
        },
        _ => None,
    }
}
