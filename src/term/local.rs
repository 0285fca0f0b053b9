//! The local terminal, through crossterm.

use std::io::{self, stdout};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use chrono::Local;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, MouseEventKind};
use ratatui::crossterm::execute;
use signal_hook::consts::{SIGHUP, SIGTERM};

use super::effects::perform;
use super::feed::read_update;
use super::loader::spawn_loader;
use crate::app::{Data, Event, Keymap, State};
use crate::store::Store;
use crate::ui::{self, Theme};

/// How long to wait for input before looking at the store's change feed,
/// the clock and for a termination signal again: short enough that
/// another user's write shows within a tenth of a second.
const TICK: Duration = Duration::from_millis(50);

/// Run the full-screen view on this terminal until the user quits. The
/// terminal is restored on every way out: `q`, Ctrl-C, SIGTERM, SIGHUP,
/// and a panic (ratatui's init installs a hook for that).
pub fn run(store: &Store, launch: Launch) -> io::Result<()> {
    // The first frame waits for neither the notes nor the search index.
    let data = Data::load_first(store).map_err(io::Error::other)?;
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(stdout(), EnableMouseCapture);
    let result = session_loop(&mut terminal, store, data, launch);
    let _ = execute!(stdout(), DisableMouseCapture);
    let restored = ratatui::try_restore();
    match result? {
        // The terminal may be gone, with nothing left to restore.
        Ending::HungUp => Ok(()),
        Ending::Quit => restored,
    }
}

/// What a session starts with, from the command line and the config.
pub struct Launch {
    pub keymap: Keymap,
    pub color: bool,
    /// A line for the status bar at the start (a new database, say).
    pub notice: Option<String>,
    pub export_folder: PathBuf,
    /// Who writes: the author of new notes and the name in history.
    pub user: String,
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// The user quit, or SIGTERM asked the program to stop.
    Quit,
    /// The terminal went away (SIGHUP): nothing can be drawn any more.
    HungUp,
}

fn session_loop(
    terminal: &mut ratatui::DefaultTerminal,
    store: &Store,
    data: Data,
    launch: Launch,
) -> io::Result<Ending> {
    let theme = Theme::new(launch.color);
    // SIGTERM (a shutdown) and SIGHUP (the SSH link dropped, the window
    // closed) end the session the way `q` does.
    let terminate = Arc::new(AtomicBool::new(false));
    let hang_up = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(SIGTERM, Arc::clone(&terminate))?;
    signal_hook::flag::register(SIGHUP, Arc::clone(&hang_up))?;
    // Subscribed before the first frame, so no write is missed between.
    let changes = store.subscribe();
    let input = spawn_input()?;
    let loading = spawn_loader(store, &data);
    let size = terminal.size()?;
    let today = Local::now().date_naive();
    let mut state = State::new(data, today, (size.width, size.height), launch.keymap);
    state.status = launch.notice;
    state.user = launch.user;
    state.export_folder = launch.export_folder;
    let mut dirty = true;
    loop {
        if hang_up.load(Ordering::Relaxed) {
            return Ok(Ending::HungUp);
        }
        if dirty {
            terminal.draw(|frame| ui::render(&state, frame, theme))?;
            dirty = false;
        }
        if state.quit || terminate.load(Ordering::Relaxed) {
            return Ok(Ending::Quit);
        }
        // Everything already typed (a paste, keys over a slow link) is
        // handled before the next frame is drawn.
        let mut incoming = match input.recv_timeout(TICK) {
            Ok(first) => vec![first],
            Err(RecvTimeoutError::Timeout) => Vec::new(),
            Err(RecvTimeoutError::Disconnected) => return Ok(Ending::HungUp),
        };
        incoming.extend(input.try_iter());
        for read in incoming {
            if let Some(event) = translate(read?) {
                state.handle(event);
                dirty = true;
            }
        }
        while let Ok(loaded) = loading.try_recv() {
            match loaded {
                Ok(loaded) => state.handle(Event::Loaded(loaded)),
                Err(message) => state.status = Some(message),
            }
            dirty = true;
        }
        for effect in state.take_effects() {
            let outcome = perform(store, &state, effect);
            state.handle(Event::Outcome(outcome));
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

/// Terminal input, read on a thread of its own: crossterm's reader can
/// spin for good on a terminal that went away (crossterm issue 793), and
/// the session must still see the hang-up, the store and the clock.
fn spawn_input() -> io::Result<Receiver<io::Result<event::Event>>> {
    let (sender, receiver) = mpsc::channel();
    thread::Builder::new()
        .name("terminal input".into())
        .spawn(move || {
            loop {
                let read = event::read();
                let failed = read.is_err();
                if sender.send(read).is_err() || failed {
                    return;
                }
            }
        })?;
    Ok(receiver)
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
