//! A terminal session over SSH: the shared session loop on a thread of
//! its own, drawing into the connection's outbox, and a task that sends
//! the outbox to the client.

use std::io;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use super::Shared;
use super::connection::Outlet;
use super::registry::Entry;
use super::screen::{FrameSink, Outbox, PtySize, SshBackend, SshTerminal, draw_latest};
use super::users::{Role, User};
use crate::app::{App, Keymap, Remote};
use crate::term::ScrollingBackend;
use crate::term::session::{self, Ending, Launch, Screen};
use crate::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
};
use ratatui::crossterm::queue;
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use russh::keys::PublicKey;

/// Start `user`'s session: its loop on a thread, its output on a task.
pub(super) fn start(
    shared: Arc<Shared>,
    user: User,
    key: &PublicKey,
    input: Receiver<io::Result<Event>>,
    size: Arc<PtySize>,
    outlet: Outlet,
) {
    let outbox = Arc::new(Outbox::default());
    let stall = shared.limits.stall;
    let peer = outlet.peer;
    let started = Instant::now();
    tokio::spawn(send(Arc::clone(&outbox), outlet, stall, user.name.clone()));
    // Listed while it runs: `incubator sessions`, and a reload that
    // removes its user.
    let entry = shared.registry.enter(&user.name, &user.role, key);
    let thread_outbox = Arc::clone(&outbox);
    let thread_shared = Arc::clone(&shared);
    let spawned = std::thread::Builder::new()
        .name(format!("session {}", user.name))
        .spawn(move || {
            let shared = thread_shared;
            // A bug in one session must not leave its user's terminal
            // broken, nor count as a session for good.
            let ended = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run(&shared, &user, &entry, input, size, &thread_outbox)
            }))
            .unwrap_or_else(|_| {
                thread_outbox.push_always(&restore());
                Err(io::Error::other("an internal error (please report it)"))
            });
            let why = match &ended {
                Ok(Ending::Quit) => "quit".to_string(),
                Ok(Ending::HungUp) => "hung up".to_string(),
                Ok(Ending::Idle) => "idle".to_string(),
                Ok(Ending::Shutdown) if entry.told_to_leave().is_some() => {
                    "removed from the users file".to_string()
                }
                Ok(Ending::Shutdown) => "server stopping".to_string(),
                Err(e) => format!("failed: {e}"),
            };
            tracing::info!(
                peer = %peer,
                user = user.name,
                seconds = started.elapsed().as_secs_f64(),
                ended = why,
                "session ended"
            );
            let goodbye = match ended {
                Ok(Ending::Quit | Ending::HungUp) => None,
                Ok(Ending::Idle) => Some(format!(
                    "incubator: closed after {} minute(s) without a key; what you saved is kept",
                    shared.idle_timeout.as_secs().div_ceil(60)
                )),
                // Told to leave (removed from the users file), or the
                // server stopping.
                Ok(Ending::Shutdown) => Some(entry.told_to_leave().unwrap_or_else(|| {
                    "incubator: the server is shutting down; what you saved is kept".to_string()
                })),
                Err(e) => Some(format!("incubator: the session failed: {e}")),
            };
            if let Some(line) = goodbye {
                thread_outbox.push_always(format!("{line}\r\n").as_bytes());
            }
            thread_outbox.close();
            drop(entry);
            shared.sessions.fetch_sub(1, Ordering::SeqCst);
            shared.session_ended.notify_waiters();
            shared.ended();
        });
    if spawned.is_err() {
        outbox.push_always(b"incubator: cannot start a session now\r\n");
        outbox.close();
        shared.sessions.fetch_sub(1, Ordering::SeqCst);
        shared.session_ended.notify_waiters();
    }
}

/// Say why there is no session, and close the channel.
pub(super) fn refuse(outlet: Outlet, message: &str) {
    let line = format!("{message}\r\n").into_bytes();
    tokio::spawn(async move {
        if outlet.send(&line, false, REFUSAL_STALL, "a client").await {
            outlet.finish(1).await;
        }
    });
}

/// Send the outbox to the client until the session ends, then end the
/// channel the way a program exiting would. Each send waits for the
/// client's window, so what waits for a slow client stays in the outbox
/// (at most a whole screen and a frame); a client that takes nothing for
/// `stall` is cut off.
async fn send(outbox: Arc<Outbox>, outlet: Outlet, stall: Duration, user: String) {
    while let Some(bytes) = outbox.next().await {
        if !outlet.send(&bytes, false, stall, &user).await {
            return;
        }
    }
    outlet.finish(0).await;
}

/// A refusal is a line: a client that does not take it is gone.
const REFUSAL_STALL: Duration = Duration::from_secs(10);

/// The session: enter the alternate screen, run the loop, leave it.
fn run(
    shared: &Shared,
    user: &User,
    entry: &Entry,
    input: Receiver<io::Result<Event>>,
    size: Arc<PtySize>,
    outbox: &Arc<Outbox>,
) -> io::Result<Ending> {
    let store = shared.store.with_access(user.role.access()).signing_notes();
    let feed = shared.feed()?;
    let backend = SshBackend::new(FrameSink::new(Arc::clone(outbox)), size);
    let terminal = Terminal::new(ScrollingBackend::new(backend))?;
    // Not a frame: a frame may be dropped for a newer one when the client
    // is slow, and the terminal would never leave its main screen.
    outbox.push_always(&enter());
    let mut screen = SshScreen {
        terminal,
        outbox: Arc::clone(outbox),
        shared,
        entry,
        last_key: Instant::now(),
    };
    let export_folder = shared.export_folder(&user.name);
    let launch = Launch {
        keymap: Keymap::default(),
        color: shared.color,
        notice: Some(welcome(user)),
        export_folder: export_folder.clone(),
        user: user.name.clone(),
        access: user.role.access(),
        // `x` writes only in the user's own folder, and says how to fetch it.
        remote: Some(Remote {
            export_folder,
            ssh: shared.ssh.clone(),
            scp_host: shared.scp_host.clone(),
        }),
        signs_in: shared.users().mentors(),
    };
    let ending = session::run(&mut screen, &input, &store, feed.model(), launch);
    drop(screen);
    // The last session out lets the model go.
    drop(feed);
    // Leaving is never dropped as a stale frame would be.
    outbox.push_always(&restore());
    ending
}

/// What sets the client's terminal up for the session.
fn enter() -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = queue!(
        bytes,
        EnterAlternateScreen,
        Hide,
        EnableMouseCapture,
        EnableBracketedPaste
    );
    bytes
}

/// What gives the client's terminal back as it was.
fn restore() -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = queue!(
        bytes,
        DisableBracketedPaste,
        DisableMouseCapture,
        Show,
        LeaveAlternateScreen
    );
    bytes
}

fn welcome(user: &User) -> String {
    let can = match user.role {
        Role::Coordinator => "you may change anything",
        Role::Mentor(_) => "you may add notes and KPIs to your startups and edit your profile",
        Role::Staff => "you may read and export; changes are for coordinators",
        Role::Judge(_) => "you may score the pitches of the demo days that list you",
        Role::MissingMentor(_) => {
            "your mentor record is not in the portfolio, so you may only read until users.toml is fixed"
        }
    };
    format!("Signed in as {} ({}): {can}.", user.name, user.role)
}

struct SshScreen<'a> {
    terminal: SshTerminal,
    outbox: Arc<Outbox>,
    shared: &'a Shared,
    /// This session in the server's registry.
    entry: &'a Entry,
    last_key: Instant,
}

impl Screen for SshScreen<'_> {
    fn draw(&mut self, state: &App, theme: Theme) -> io::Result<()> {
        self.entry.showing(state);
        let start = Instant::now();
        let drawn = draw_latest(&mut self.terminal, &self.outbox, |frame| {
            ui::render(state, frame, theme)
        });
        super::metrics::COUNTERS.frame(start.elapsed());
        drawn
    }

    fn size(&mut self) -> io::Result<(u16, u16)> {
        let size = self.terminal.size()?;
        Ok((size.width, size.height))
    }

    fn stop(&self) -> Option<Ending> {
        if self.shared.shutdown.load(Ordering::SeqCst) || self.entry.told_to_leave().is_some() {
            Some(Ending::Shutdown)
        } else if self.last_key.elapsed() >= self.shared.idle_timeout {
            Some(Ending::Idle)
        } else {
            None
        }
    }

    fn touched(&mut self) {
        self.last_key = Instant::now();
        self.entry.touched();
    }

    /// Into the outbox after the frames before it, never dropped.
    fn send_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.outbox.push_always(bytes);
        Ok(())
    }
}
