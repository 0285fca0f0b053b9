//! The local terminal, through crossterm: the shared session loop
//! (`term::session`) on this process's terminal.

use std::io::{self, Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use signal_hook::consts::{SIGHUP, SIGTERM};

use super::model::Feed;
use super::scrolling::ScrollingBackend;
use super::session::{self, Ending, Launch, Screen};
use crate::app::App;
use crate::store::{Store, StoreError};
use crate::ui::{self, Theme};

type LocalTerminal = Terminal<ScrollingBackend<CrosstermBackend<Stdout>>>;

/// Run the full-screen view on this terminal until the user quits. The
/// terminal is restored on every way out: `q`, Ctrl-C, SIGTERM, SIGHUP,
/// and a panic (ratatui's init installs a hook for that, and ours turns
/// the mouse and bracketed paste off first).
pub fn run(store: &Store, launch: Launch) -> io::Result<()> {
    // The first frame waits for neither the notes nor the search index.
    let feed = Feed::open(store, gave_up)?;
    // ratatui's init sets the terminal up (raw mode, the alternate screen,
    // a panic hook that restores it); the frames go through a backend
    // that scrolls rows rather than drawing them again.
    ratatui::try_init()?;
    let mut terminal = match Terminal::new(ScrollingBackend::new(CrosstermBackend::new(stdout()))) {
        Ok(terminal) => terminal,
        Err(e) => {
            let _ = ratatui::try_restore();
            return Err(e);
        }
    };
    // A paste arrives whole, for the field being edited (`app::paste`).
    let _ = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste);
    // ratatui's panic hook leaves these on: the shell would then get the
    // mouse's reports as text.
    let restore_terminal = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        release_mouse_and_paste();
        restore_terminal(info);
    }));
    let result = session_loop(&mut terminal, store, &feed, launch);
    release_mouse_and_paste();
    let restored = ratatui::try_restore();
    match result? {
        // The terminal may be gone, with nothing left to restore.
        Ending::HungUp => Ok(()),
        _ => restored,
    }
}

/// The store, opened afresh after loading to give back its memory, could
/// not be opened again (its disk gone): nothing is left to show. Every
/// change reported as saved was flushed before it closed.
fn gave_up(error: &StoreError) -> ! {
    release_mouse_and_paste();
    let _ = ratatui::try_restore();
    eprintln!("incubator: stopping: {error}; every change reported as saved is on disk");
    std::process::exit(1)
}

/// Turn off what ratatui's own restore leaves on: the mouse's reports and
/// bracketed paste (the shell would get them as text).
fn release_mouse_and_paste() {
    let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
}

fn session_loop(
    terminal: &mut LocalTerminal,
    store: &Store,
    feed: &Feed,
    launch: Launch,
) -> io::Result<Ending> {
    // SIGTERM (a shutdown) and SIGHUP (the SSH link dropped, the window
    // closed) end the session the way `q` does.
    let terminate = Arc::new(AtomicBool::new(false));
    let hang_up = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(SIGTERM, Arc::clone(&terminate))?;
    signal_hook::flag::register(SIGHUP, Arc::clone(&hang_up))?;
    let input = spawn_input()?;
    let mut screen = LocalScreen {
        terminal,
        terminate,
        hang_up,
    };
    session::run(&mut screen, &input, store, feed.model(), launch)
}

struct LocalScreen<'a> {
    terminal: &'a mut LocalTerminal,
    terminate: Arc<AtomicBool>,
    hang_up: Arc<AtomicBool>,
}

impl Screen for LocalScreen<'_> {
    fn draw(&mut self, state: &App, theme: Theme) -> io::Result<()> {
        self.terminal
            .draw(|frame| ui::render(state, frame, theme))
            .map(|_| ())
    }

    fn size(&mut self) -> io::Result<(u16, u16)> {
        let size = self.terminal.size()?;
        Ok((size.width, size.height))
    }

    fn send_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write;
        let mut out = io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()
    }

    fn stop(&self) -> Option<Ending> {
        if self.hang_up.load(Ordering::Relaxed) {
            Some(Ending::HungUp)
        } else if self.terminate.load(Ordering::Relaxed) {
            Some(Ending::Quit)
        } else {
            None
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
