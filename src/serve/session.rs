//! One SSH connection: who it is (public keys only), its pty, and what it
//! asks for — a terminal session or a command.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ratatui::crossterm::event::Event;
use russh::keys::PublicKey;
use russh::server::{Auth, Handler, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, Pty};

use super::input::Decoder;
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

/// Makes a [`Connection`] for each client.
pub(crate) struct Server {
    pub shared: Arc<Shared>,
}

impl russh::server::Server for Server {
    type Handler = Connection;

    fn new_client(&mut self, peer: Option<SocketAddr>) -> Connection {
        Connection {
            shared: Arc::clone(&self.shared),
            peer: peer.map(|p| p.ip()),
            user: None,
            channels: HashMap::new(),
        }
    }
}

pub(crate) struct Connection {
    shared: Arc<Shared>,
    peer: Option<IpAddr>,
    /// Set once a key of theirs is verified.
    user: Option<User>,
    channels: HashMap<ChannelId, ChannelState>,
}

#[derive(Default)]
struct ChannelState {
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
    /// A refusal, slower the more this address has been refused.
    async fn refuse(&self) -> Auth {
        let wait = self.shared.failures.refused(self.peer);
        tokio::time::sleep(wait).await;
        Auth::reject()
    }

    fn known(&self, key: &PublicKey) -> Option<User> {
        self.shared.users.by_key(key).cloned()
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
        tokio::time::sleep(self.shared.failures.delay(self.peer)).await;
        if self.known(offer.public_key).is_some() {
            Ok(Auth::Accept)
        } else {
            Ok(self.refuse().await)
        }
    }

    async fn auth_publickey(
        &mut self,
        _user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        match self.known(key.public_key) {
            Some(user) => {
                self.shared.failures.succeeded(self.peer);
                self.user = Some(user);
                Ok(Auth::Accept)
            }
            None => Ok(self.refuse().await),
        }
    }

    async fn auth_password(&mut self, _user: &str, _password: &str) -> Result<Auth, Self::Error> {
        Ok(self.refuse().await)
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
        self.channels.insert(channel.id(), ChannelState::default());
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
        let (Some(user), Some(state)) = (self.user.clone(), self.channels.get_mut(&channel)) else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        session.channel_success(channel)?;
        let handle = session.handle();
        let Some((width, height)) = state.pty else {
            terminal::refuse(
                handle,
                channel,
                "incubator: the full-screen view needs a terminal; connect with ssh -t",
            );
            return Ok(());
        };
        let shared = &self.shared;
        if shared.sessions.fetch_add(1, Ordering::SeqCst) >= shared.max_sessions {
            shared.sessions.fetch_sub(1, Ordering::SeqCst);
            let message = format!(
                "incubator: the server is full ({} sessions); try again later",
                shared.max_sessions
            );
            terminal::refuse(handle, channel, &message);
            return Ok(());
        }
        let (input, receiver) = std::sync::mpsc::sync_channel(INPUT_QUEUE);
        let size = Arc::new(PtySize::new(width, height));
        terminal::start(
            Arc::clone(shared),
            user,
            receiver,
            Arc::clone(&size),
            handle,
            channel,
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
        let Some(user) = self.user.clone() else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        session.channel_success(channel)?;
        let command = String::from_utf8_lossy(data).into_owned();
        exec::start(
            Arc::clone(&self.shared),
            user,
            command,
            session.handle(),
            channel,
        );
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
