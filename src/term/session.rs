//! The session loop every front end shares: feed a session the events,
//! the store's changes and the date, carry out its effects, and draw.
//! A front end only says how to draw, how big it is, and when to stop.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use chrono::Local;
use ratatui::crossterm::event::{self, MouseEventKind};

use super::effects::perform;
use crate::app::{App, Event, Keymap, SharedModel};
use crate::store::{Access, Store};
use crate::ui::Theme;

/// How long to wait for input before looking at the store's change feed,
/// the clock and the front end's reasons to stop again: short enough that
/// another user's write shows within a tenth of a second.
pub const TICK: Duration = Duration::from_millis(50);

/// What a session starts with, from the command line and the config (or
/// the SSH user).
pub struct Launch {
    pub keymap: Keymap,
    pub color: bool,
    /// A line for the status bar at the start (a new database, say).
    pub notice: Option<String>,
    pub export_folder: PathBuf,
    /// Who writes: the author of new notes and the name in history.
    pub user: String,
    /// What the user may change (the store enforces it; the screen
    /// offers only what it allows).
    pub access: Access,
    /// An SSH session: exports to the user's folder, notes signed by them.
    pub remote: Option<crate::app::Remote>,
    /// Mentor ids a users file signs people in as, with their names.
    pub signs_in: Vec<(String, String)>,
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit, or SIGTERM asked the program to stop.
    Quit,
    /// The terminal went away: nothing can be drawn any more.
    HungUp,
    /// No key for longer than the server allows.
    Idle,
    /// The server is shutting down.
    Shutdown,
}

/// Where a session is shown.
pub trait Screen {
    fn draw(&mut self, state: &App, theme: Theme) -> io::Result<()>;
    /// Columns and rows now.
    fn size(&mut self) -> io::Result<(u16, u16)>;
    /// A reason to end the session now, if there is one (a signal, a
    /// hang-up, an idle timeout).
    fn stop(&self) -> Option<Ending>;
    /// Input was read (for an idle timeout).
    fn touched(&mut self) {}
}

/// Run a session on `screen` until it ends. `input` brings the terminal's
/// events; its sender going away means the terminal did. `model` is the
/// portfolio the process's sessions share (see `Feed`): it may lack the
/// notes for a moment after it was opened.
pub fn run(
    screen: &mut dyn Screen,
    input: &Receiver<io::Result<event::Event>>,
    store: &Store,
    model: &Arc<SharedModel>,
    launch: Launch,
) -> io::Result<Ending> {
    let theme = Theme::new(launch.color);
    let size = screen.size()?;
    let today = Local::now().date_naive();
    let mut state = {
        let _turn = model.turn();
        App::sharing(Arc::clone(model), today, size, launch.keymap)
    };
    state.status = launch.notice;
    state.user = launch.user;
    state.export_folder = launch.export_folder;
    state.access = launch.access;
    state.remote = launch.remote;
    state.signs_in = launch.signs_in;
    let mut dirty = true;
    let mut incoming = Vec::new();
    loop {
        if let Some(ending @ (Ending::HungUp | Ending::Idle | Ending::Shutdown)) = screen.stop() {
            return Ok(ending);
        }
        {
            // One read of the model for the whole turn: what changed
            // since the last is followed first, and the frame is of one
            // generation.
            let _turn = model.turn();
            dirty |= state.follow();
            for read in incoming.drain(..) {
                if let Some(event) = translate(read?) {
                    state.handle(event);
                    // Before the next key: `e` and then typing, in one
                    // read, must type into the form `e` opens.
                    perform_effects(store, &mut state);
                    dirty = true;
                }
            }
            dirty |= perform_effects(store, &mut state);
            let today = Local::now().date_naive();
            if today != state.today {
                state.handle(Event::Today(today));
                dirty = true;
            }
            if dirty {
                screen.draw(&state, theme)?;
                dirty = false;
            }
        }
        if state.quit {
            return Ok(Ending::Quit);
        }
        if let Some(ending) = screen.stop() {
            return Ok(ending);
        }
        // Everything already typed (a paste, keys over a slow link) is
        // handled before the next frame is drawn.
        match input.recv_timeout(TICK) {
            Ok(first) => incoming.push(first),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(Ending::HungUp),
        }
        incoming.extend(input.try_iter());
        if !incoming.is_empty() {
            screen.touched();
        }
    }
}

/// Carry out what the session asked for, and tell it how each went;
/// whether there was anything.
fn perform_effects(store: &Store, state: &mut App) -> bool {
    let mut any = false;
    // An outcome may ask for more (a save, then its history).
    loop {
        let effects = state.take_effects();
        if effects.is_empty() {
            return any;
        }
        any = true;
        for effect in effects {
            let outcome = perform(store, state, effect);
            state.handle(Event::Outcome(outcome));
        }
    }
}

/// A terminal event as a session event, if the session cares about it.
fn translate(event: event::Event) -> Option<Event> {
    match event {
        event::Event::Key(key) => Some(Event::Key(key)),
        event::Event::Resize(w, h) => Some(Event::Resize(w, h)),
        event::Event::Paste(text) => Some(Event::Paste(text)),
        event::Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollUp => Some(Event::Scroll(-1)),
            MouseEventKind::ScrollDown => Some(Event::Scroll(1)),
            _ => None,
        },
        _ => None,
    }
}
