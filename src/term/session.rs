//! The session loop every front end shares: feed a session the events,
//! the store's changes and the date, carry out its effects, and draw.
//! A front end only says how to draw, how big it is, and when to stop.

use std::collections::VecDeque;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use chrono::Local;
use ratatui::crossterm::event::{self, MouseEventKind};

use super::effects::perform;
use crate::app::{App, Effect, Event, Keymap, Outcome, SharedModel};
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
    /// Send bytes that are not a frame to the terminal (an OSC 52 copy).
    fn send_raw(&mut self, _bytes: &[u8]) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "this screen sends no raw bytes",
        ))
    }
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
    run_with(screen, input, store, model, launch, &perform)
}

/// How an effect is carried out (`effects::perform`; a test may slow it).
type Perform<'a> = &'a dyn Fn(&Store, &App, Effect) -> Outcome;

fn run_with(
    screen: &mut dyn Screen,
    input: &Receiver<io::Result<event::Event>>,
    store: &Store,
    model: &Arc<SharedModel>,
    launch: Launch,
    perform: Perform,
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
    // A judge sees their screen alone, from the first frame.
    state.open_judge_screen();
    let mut minute = None;
    let mut dirty = true;
    let mut incoming = VecDeque::new();
    let mut effects = VecDeque::new();
    let mut outcome = None;
    loop {
        if let Some(ending @ (Ending::HungUp | Ending::Idle | Ending::Shutdown)) = screen.stop() {
            return Ok(ending);
        }
        let effect = {
            // One read of the model for the whole turn: what changed
            // since the last is followed first, and the frame is of one
            // generation.
            let _turn = model.turn();
            dirty |= state.follow();
            let effect = turn(
                &mut state,
                &mut incoming,
                &mut effects,
                outcome.take(),
                &mut dirty,
            )?;
            if effect.is_none() {
                let today = Local::now().date_naive();
                if today != state.today {
                    state.handle(Event::Today(today));
                    dirty = true;
                }
                // A judge's run of show moves on as pitches end.
                if state.is_judge() {
                    let now = Local::now().fixed_offset();
                    if minute != Some(now.timestamp() / 60) {
                        minute = Some(now.timestamp() / 60);
                        state.handle(Event::Clock(now));
                        dirty = true;
                    }
                }
                if dirty {
                    screen.draw(&state, theme)?;
                    dirty = false;
                }
            }
            effect
        };
        if let Some(effect) = effect {
            // Without the model's lock: a slow effect (a flush, an export
            // to a slow disk) holds up neither the applier nor, through
            // it, the other sessions. Nothing here reads the rows, whose
            // places a write meanwhile may move; the next turn follows
            // that write before it hands the outcome back.
            outcome = Some(match effect {
                // The terminal is the screen's: the copy goes out there.
                Effect::Copy { text, what } => {
                    match screen.send_raw(&super::clipboard::osc52(&text)) {
                        Ok(()) => Outcome::Copied(what),
                        Err(e) => Outcome::Failed(format!("Could not copy: {e}")),
                    }
                }
                effect => perform(store, &state, effect),
            });
            continue;
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
            Ok(first) => incoming.push_back(first),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(Ending::HungUp),
        }
        incoming.extend(input.try_iter());
        if !incoming.is_empty() {
            screen.touched();
        }
    }
}

/// One turn's work under the model's read: hand back the last effect's
/// outcome, then handle events until one asks for an effect (each is
/// drawn: `dirty`). Returns the
/// next effect to carry out (outside the turn), in the order asked: an
/// outcome may ask for more (a save, then its history), and an event's
/// effects are carried out before the next event (`e` and then typing, in
/// one read, must type into the form `e` opens).
fn turn(
    state: &mut App,
    incoming: &mut VecDeque<io::Result<event::Event>>,
    effects: &mut VecDeque<Effect>,
    outcome: Option<Outcome>,
    dirty: &mut bool,
) -> io::Result<Option<Effect>> {
    if let Some(outcome) = outcome {
        state.handle(Event::Outcome(outcome));
        *dirty = true;
    }
    loop {
        effects.extend(state.take_effects());
        if let Some(effect) = effects.pop_front() {
            return Ok(Some(effect));
        }
        let Some(read) = incoming.pop_front() else {
            return Ok(None);
        };
        if let Some(event) = translate(read?) {
            state.handle(event);
            *dirty = true;
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::{Sender, channel};
    use std::sync::{Mutex, MutexGuard};
    use std::time::Instant;

    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::model::testing::startup;
    use crate::store::Access;
    use crate::term::Feed;

    /// A screen that keeps, for each frame, the startups' names it was
    /// drawn from; stopped by the test.
    struct Names {
        frames: Arc<Mutex<Vec<Vec<String>>>>,
        stop: Arc<AtomicBool>,
    }

    impl Screen for Names {
        fn draw(&mut self, state: &App, _theme: Theme) -> io::Result<()> {
            let names = state
                .data()
                .portfolio
                .startups
                .iter()
                .map(|s| s.name.clone())
                .collect();
            lock(&self.frames).push(names);
            Ok(())
        }
        fn size(&mut self) -> io::Result<(u16, u16)> {
            Ok((120, 40))
        }
        fn stop(&self) -> Option<Ending> {
            self.stop.load(Ordering::SeqCst).then_some(Ending::Shutdown)
        }
    }

    type Performer = dyn Fn(&Store, &App, Effect) -> Outcome + Send;

    fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
        m.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn launch(user: &str) -> Launch {
        Launch {
            keymap: Keymap::default(),
            color: false,
            notice: None,
            export_folder: PathBuf::from("."),
            user: user.into(),
            access: Access::Everything,
            remote: None,
            signs_in: Vec::new(),
        }
    }

    fn key(input: &Sender<io::Result<event::Event>>, c: char) {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        input.send(Ok(event::Event::Key(key))).unwrap();
    }

    /// Whether some frame drawn within `wait` shows a startup `name`.
    fn drawn(frames: &Mutex<Vec<Vec<String>>>, name: &str, wait: Duration) -> bool {
        let until = Instant::now() + wait;
        while Instant::now() < until {
            if lock(frames).iter().any(|f| f.iter().any(|n| n == name)) {
                return true;
            }
            thread::sleep(Duration::from_millis(5));
        }
        false
    }

    use std::thread;

    #[test]
    fn a_slow_effect_holds_up_no_other_session() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.initialize_empty().unwrap();
        store.create("test", startup("s1").into()).unwrap();
        let feed = Feed::open(&store, |e| {
            panic!("the store could not be opened again: {e}")
        })
        .unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        // Session a's reads for a form wait until the test lets them go
        // (drops `release`), holding nothing.
        let (started, effect_started) = channel::<()>();
        let (release, released) = channel::<()>();
        let released = Mutex::new(released);
        let slow = move |store: &Store, state: &App, effect: Effect| {
            if matches!(effect, Effect::Edit { .. }) {
                let _ = started.send(());
                let _ = lock(&released).recv();
            }
            perform(store, state, effect)
        };
        let session = |perform: Box<Performer>, user: &str| {
            let (input, events) = channel();
            let frames = Arc::new(Mutex::new(Vec::new()));
            let mut screen = Names {
                frames: Arc::clone(&frames),
                stop: Arc::clone(&stop),
            };
            let (store, model, launch) = (store.clone(), Arc::clone(feed.model()), launch(user));
            let running = thread::spawn(move || {
                run_with(&mut screen, &events, &store, &model, launch, &*perform)
            });
            (input, frames, running)
        };
        let (a, a_frames, a_running) = session(Box::new(slow), "a");
        let (_b, b_frames, b_running) = session(Box::new(perform), "b");
        // On Startups, `e` asks to read s1 for its form: a slow effect.
        key(&a, '2');
        key(&a, 'e');
        effect_started
            .recv_timeout(Duration::from_secs(10))
            .unwrap();

        let mut later = startup("s2");
        later.name = "Written Meanwhile".into();
        store.create("test", later.into()).unwrap();
        // Session b follows the write and draws it while a's effect waits.
        let b_saw = drawn(&b_frames, "Written Meanwhile", Duration::from_secs(10));
        drop(release);
        // Then a follows it too, in the turn that hands its outcome back.
        let a_saw = drawn(&a_frames, "Written Meanwhile", Duration::from_secs(10));
        stop.store(true, Ordering::SeqCst);
        assert_eq!(a_running.join().unwrap().unwrap(), Ending::Shutdown);
        assert_eq!(b_running.join().unwrap().unwrap(), Ending::Shutdown);
        assert!(b_saw, "another session's slow effect held this one up");
        assert!(a_saw, "the slow session never drew the write");
    }
}
