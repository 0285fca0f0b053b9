//! One SSH connection: who it is (public keys only), its pty, and what it
//! asks for — a terminal session or a command.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;
use russh::keys::{HashAlg, PublicKey};
use russh::server::{Auth, Handler, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, ChannelWriteHalf, Pty};

use super::input::Decoder;
use super::limits::Ticket;
use super::listen::Cut;
use super::log::NOTICE;
use super::metrics::COUNTERS;
use super::screen::PtySize;
use super::users::User;
use super::{Shared, exec, terminal};

/// How long an Esc that ends a packet waits for the rest of a sequence
/// before it counts as the Esc key. A terminal writes a sequence at once,
/// so a rest cut off into the next packet comes right behind it; every
/// millisecond here is one the Esc key takes.
const ESC_WAIT: Duration = Duration::from_millis(25);

/// Events waiting for a session at most: past this, the client's input
/// waits (and with it the SSH window), so a flood costs no memory.
const INPUT_QUEUE: usize = 1024;

/// Hand `event` to the session, waiting while its queue is full; false
/// once the session is gone.
async fn deliver(input: &SyncSender<io::Result<Event>>, event: Event) -> bool {
    let mut event = Ok(event);
    loop {
        match input.try_send(event) {
            Ok(()) => return true,
            Err(TrySendError::Full(back)) => {
                event = back;
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            Err(TrySendError::Disconnected(_)) => return false,
        }
    }
}

/// The end of a connection a session or command writes to: the channel
/// (whose writes wait for the client's window), and what cuts the
/// connection when the client stalls.
pub(crate) struct Outlet {
    pub writer: ChannelWriteHalf<Msg>,
    pub cut: Arc<Cut>,
    pub peer: IpAddr,
}

/// How much is handed to the channel at a time: the stall limit is about
/// the client taking nothing, not about the size of what it is sent.
const SEND_PIECE: usize = 64 * 1024;

impl Outlet {
    /// Send `bytes` (to standard error if `stderr`) as the client takes
    /// them; false once the client is gone. A client that takes nothing
    /// for `stall` is cut off, with a line in the server's log for `who`.
    pub async fn send(&self, bytes: &[u8], stderr: bool, stall: Duration, who: &str) -> bool {
        for piece in bytes.chunks(SEND_PIECE) {
            let piece = piece.to_vec();
            let sent = async {
                match stderr {
                    true => self.writer.extended_data_bytes(1, piece).await,
                    false => self.writer.data_bytes(piece).await,
                }
            };
            let sent = tokio::select! {
                sent = tokio::time::timeout(stall, sent) => sent,
                // The connection ended: the window will never open.
                () = self.cut.cut_off() => return false,
            };
            match sent {
                Ok(Ok(())) => {}
                Ok(Err(_)) => return false,
                Err(_) => {
                    tracing::warn!(
                        target: NOTICE,
                        peer = %self.peer,
                        user = who,
                        "disconnected {who} at {}: their client took nothing for {} s",
                        self.peer,
                        stall.as_secs()
                    );
                    self.cut.cut();
                    return false;
                }
            }
        }
        true
    }

    /// End the channel the way a program exiting with `status` would.
    pub async fn finish(&self, status: u32) {
        let _ = self.writer.exit_status(status).await;
        let _ = self.writer.eof().await;
        let _ = self.writer.close().await;
    }
}

pub(crate) struct Connection {
    shared: Arc<Shared>,
    peer: IpAddr,
    ticket: Arc<Ticket>,
    cut: Arc<Cut>,
    /// Set once a key of theirs is verified: who they signed in as, and
    /// with which key.
    user: Option<(User, PublicKey)>,
    /// When it was accepted, for its length in the log.
    opened: Instant,
    channels: HashMap<ChannelId, ChannelState>,
}

struct ChannelState {
    /// Where output goes, until a session or command takes it.
    writer: Option<ChannelWriteHalf<Msg>>,
    /// Columns and rows from the pty request.
    pty: Option<(u16, u16)>,
    /// Once the terminal session runs.
    live: Option<Live>,
}

/// Where a running session's input goes.
struct Live {
    input: SyncSender<io::Result<Event>>,
    size: Arc<PtySize>,
    decoder: Arc<Mutex<Decoder>>,
}

impl Connection {
    pub fn new(shared: Arc<Shared>, peer: SocketAddr, ticket: Arc<Ticket>, cut: Arc<Cut>) -> Self {
        tracing::info!(peer = %peer.ip(), port = peer.port(), "connection opened");
        Connection {
            shared,
            peer: peer.ip(),
            ticket,
            cut,
            user: None,
            opened: Instant::now(),
            channels: HashMap::new(),
        }
    }

    /// A refusal, slower the more often this address offered this key.
    async fn refuse(&self, key: Option<&PublicKey>) -> Auth {
        let reason = match key {
            Some(_) => "key not in the users file",
            None => "password sign-in is not accepted",
        };
        tracing::info!(
            peer = %self.peer,
            key = key.map(fingerprint).unwrap_or_default(),
            reason,
            "refused"
        );
        COUNTERS.refused();
        let wait = self.shared.failures.refused(self.peer, key);
        tokio::time::sleep(wait).await;
        Auth::reject()
    }

    /// Where `channel`'s output goes, taken once.
    fn outlet(&mut self, channel: ChannelId) -> Option<Outlet> {
        let writer = self.channels.get_mut(&channel)?.writer.take()?;
        Some(Outlet {
            writer,
            cut: Arc::clone(&self.cut),
            peer: self.peer,
        })
    }

    fn known(&self, key: &PublicKey) -> Option<User> {
        self.shared.users().by_key(key).cloned()
    }

    /// Who they are now, read from the users file as it is since the last
    /// reload (a changed role applies from here on); `Err`: the line that
    /// tells them they were removed from it.
    fn still_let_in(&self) -> Result<(User, PublicKey), String> {
        let Some((signed_in, key)) = &self.user else {
            return Err("incubator: not signed in".into());
        };
        match self.known(key) {
            Some(user) if user.name == signed_in.name => Ok((user, key.clone())),
            _ => Err(format!(
                "incubator: {} was removed from the users file",
                crate::text::sanitize_line(&signed_in.name)
            )),
        }
    }
}

/// A key as `ssh-keygen -l` shows it (`SHA256:…`): never the key itself.
fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// Log a refusal of what a signed-in user asked for.
fn refused(peer: IpAddr, user: &User, reason: &str) {
    tracing::info!(peer = %peer, user = user.name, role = %user.role, reason, "refused");
    COUNTERS.refused();
}

/// What is logged of a command over SSH: its name only, since what
/// follows may be a note's text.
/// The first word of a command a client sent, as the log shows it: the
/// client chose it, so it is made safe for a terminal reading the log
/// (`tail -f`) and cut short.
fn command_name(command: &str) -> String {
    let words = shell_words::split(command).unwrap_or_default();
    let first = words.into_iter().next().unwrap_or_default();
    crate::text::shorten(&crate::text::sanitize_line(&first), COMMAND_NAME_CHARS)
}

/// The most of a command's first word the log keeps.
const COMMAND_NAME_CHARS: usize = 40;

impl Drop for Connection {
    /// The connection ended: output still waiting for its window is
    /// dropped (and a command's place given back).
    fn drop(&mut self) {
        let seconds = self.opened.elapsed().as_secs_f64();
        match &self.user {
            Some((user, _)) => tracing::info!(
                peer = %self.peer,
                user = user.name,
                seconds,
                "connection closed"
            ),
            None => {
                tracing::info!(peer = %self.peer, seconds, "connection closed, never signed in")
            }
        }
        self.cut.cut();
    }
}

/// The largest terminal drawn: a client asking for 65535×65535 would have
/// every frame allocate billions of cells.
const MOST_COLUMNS: u32 = 500;
const MOST_ROWS: u32 = 200;

/// A client's columns or rows, within 1 and `most`.
fn dimension(n: u32, most: u32) -> u16 {
    u16::try_from(n.clamp(1, most)).unwrap_or(1)
}

impl Handler for Connection {
    type Error = anyhow::Error;

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        // A key in users.toml is never made to wait.
        if self.known(offer.public_key).is_some() {
            Ok(Auth::Accept)
        } else {
            Ok(self.refuse(Some(offer.public_key)).await)
        }
    }

    async fn auth_publickey(
        &mut self,
        _user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        match self.known(key.public_key) {
            Some(user) => {
                tracing::info!(
                    peer = %self.peer,
                    key = fingerprint(key.public_key),
                    user = user.name,
                    role = %user.role,
                    "signed in"
                );
                self.ticket.signed_in();
                self.user = Some((user, key.public_key.clone()));
                Ok(Auth::Accept)
            }
            None => Ok(self.refuse(Some(key.public_key)).await),
        }
    }

    async fn auth_password(&mut self, _user: &str, _password: &str) -> Result<Auth, Self::Error> {
        Ok(self.refuse(None).await)
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.user.is_none() {
            return Ok(());
        }
        // Input arrives through `data`: the read half is not needed, and
        // one left unread would hold up the connection.
        let (_, writer) = channel.split();
        self.channels.insert(
            writer.id(),
            ChannelState {
                writer: Some(writer),
                pty: None,
                live: None,
            },
        );
        reply.accept().await;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        columns: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.channels.get_mut(&channel) {
            Some(state) => {
                state.pty = Some((dimension(columns, MOST_COLUMNS), dimension(rows, MOST_ROWS)));
                session.channel_success(channel)?;
            }
            None => session.channel_failure(channel)?,
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        columns: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (width, height) = (dimension(columns, MOST_COLUMNS), dimension(rows, MOST_ROWS));
        if let Some(state) = self.channels.get_mut(&channel) {
            state.pty = Some((width, height));
            if let Some(live) = &state.live {
                // The size first: the session's terminal reads it when
                // it draws after the event.
                live.size.set(width, height);
                deliver(&live.input, Event::Resize(width, height)).await;
            }
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (true, Some(outlet)) = (self.user.is_some(), self.outlet(channel)) else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        session.channel_success(channel)?;
        let (user, key) = match self.still_let_in() {
            Ok(user) => user,
            Err(line) => {
                terminal::refuse(outlet, &line);
                return Ok(());
            }
        };
        let Some(state) = self.channels.get_mut(&channel) else {
            return Ok(());
        };
        let Some((width, height)) = state.pty else {
            refused(self.peer, &user, "no terminal (ssh without -t)");
            terminal::refuse(
                outlet,
                "incubator: the full-screen view needs a terminal; connect with ssh -t",
            );
            return Ok(());
        };
        let shared = &self.shared;
        if shared.sessions.fetch_add(1, Ordering::SeqCst) >= shared.max_sessions {
            shared.sessions.fetch_sub(1, Ordering::SeqCst);
            refused(self.peer, &user, "the server is full");
            let message = format!(
                "incubator: the server is full ({} sessions); try again later",
                shared.max_sessions
            );
            terminal::refuse(outlet, &message);
            return Ok(());
        }
        tracing::info!(
            peer = %self.peer,
            user = user.name,
            role = %user.role,
            columns = width,
            rows = height,
            "session started"
        );
        let (input, receiver) = std::sync::mpsc::sync_channel(INPUT_QUEUE);
        let size = Arc::new(PtySize::new(width, height));
        terminal::start(
            Arc::clone(shared),
            user,
            &key,
            receiver,
            Arc::clone(&size),
            outlet,
        );
        state.live = Some(Live {
            input,
            size,
            decoder: Default::default(),
        });
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (true, Some(outlet)) = (self.user.is_some(), self.outlet(channel)) else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        session.channel_success(channel)?;
        let user = match self.still_let_in() {
            Ok((user, _)) => user,
            Err(line) => {
                exec::refuse(&self.shared, outlet, line);
                return Ok(());
            }
        };
        let command = String::from_utf8_lossy(data).into_owned();
        tracing::info!(
            peer = %self.peer,
            user = user.name,
            role = %user.role,
            command = command_name(&command),
            "command"
        );
        exec::start(Arc::clone(&self.shared), user, command, outlet);
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(live) = self.channels.get(&channel).and_then(|s| s.live.as_ref()) else {
            return Ok(());
        };
        let (events, waiting) = {
            let mut decoder = live.decoder.lock().unwrap_or_else(|p| p.into_inner());
            let events = decoder.feed(data);
            let keys = events.iter().filter(|e| matches!(e, Event::Key(_))).count();
            COUNTERS.keystrokes(u64::try_from(keys).unwrap_or(0));
            (
                events,
                decoder.waiting_escape().then(|| decoder.generation()),
            )
        };
        for event in events {
            if !deliver(&live.input, event).await {
                break;
            }
        }
        // An Esc at the end of a packet: the Esc key, unless the rest of
        // a sequence comes soon.
        if let Some(seen) = waiting {
            let decoder = Arc::clone(&live.decoder);
            let input = live.input.clone();
            tokio::spawn(async move {
                tokio::time::sleep(ESC_WAIT).await;
                let lone = decoder
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .lone_escape(seen);
                if let Some(event) = lone {
                    deliver(&input, event).await;
                }
            });
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // The input's end ends the session (as a hang-up).
        if let Some(state) = self.channels.get_mut(&channel) {
            state.live = None;
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.channels.remove(&channel);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commands_name_reaches_the_log_safe_and_short() {
        assert_eq!(command_name("search Kilim Craft"), "search");
        let logged = command_name("\u{9b}31m\u{202e}x\u{1b}]0;t\u{7} rest");
        assert!(!logged.chars().any(crate::text::is_unsafe), "{logged:?}");
        assert!(command_name(&"a".repeat(500)).chars().count() <= COMMAND_NAME_CHARS);
    }
}
