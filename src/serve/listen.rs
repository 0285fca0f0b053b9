//! Taking connections: an accept loop that never gives up its listener
//! (out of file descriptors, it says so, waits and goes on), admits each
//! connection within the limits, drops one that has not signed in within
//! the login grace time, and cuts one on request (a stalled client).

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use russh::Disconnect;
use russh::server::{Config, run_stream};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use super::Shared;
use super::connection::Connection;
use super::limits::Ticket;

/// Accept connections on `listener` until `stop` says so.
pub(super) async fn accept(
    listener: TcpListener,
    config: Arc<Config>,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<Option<String>>,
) {
    let refusals = Notices::new("connections closed at once");
    let failures = Notices::new("accept failures");
    loop {
        let accepted = tokio::select! {
            _ = stop.changed() => return,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, peer)) => match shared.gate.admit(peer.ip()) {
                Ok(ticket) => {
                    let connection = serve(
                        stream,
                        peer,
                        ticket,
                        Arc::clone(&config),
                        Arc::clone(&shared),
                        stop.clone(),
                    );
                    tokio::spawn(connection);
                }
                Err(why) => {
                    super::metrics::COUNTERS.refused();
                    refusals.say(|| {
                        format!("closed a connection from {}: {}", peer.ip(), why.describe())
                    });
                    drop(stream);
                }
            },
            Err(e) => {
                // Out of file descriptors (EMFILE, ENFILE) or memory: the
                // connection waits in the backlog; try again shortly.
                failures
                    .say(|| format!("cannot accept a connection: {e}; waiting, still listening"));
                tokio::time::sleep(ACCEPT_PAUSE).await;
            }
        }
    }
}

/// How long the loop waits after accept fails.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// One connection, from its first byte to its end.
async fn serve(
    stream: TcpStream,
    peer: SocketAddr,
    ticket: Arc<Ticket>,
    config: Arc<Config>,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<Option<String>>,
) {
    let _ = stream.set_nodelay(true);
    let cut = Arc::new(Cut::default());
    let stream = Guarded {
        inner: stream,
        cut: Arc::clone(&cut),
    };
    let grace = tokio::time::Instant::now() + shared.limits.login_grace;
    let handler = Connection::new(
        Arc::clone(&shared),
        peer,
        Arc::clone(&ticket),
        Arc::clone(&cut),
    );
    // The version exchange and key exchange count against the grace time.
    let session = match tokio::time::timeout_at(grace, run_stream(config, stream, handler)).await {
        Ok(Ok(session)) => session,
        Ok(Err(_)) => return,
        Err(_) => {
            shared.late_logins.say(|| late_login(peer, &shared));
            return;
        }
    };
    let handle = session.handle();
    let mut session = std::pin::pin!(session);
    let mut checked_grace = false;
    loop {
        tokio::select! {
            _ = &mut session => return,
            _ = tokio::time::sleep_until(grace), if !checked_grace => {
                checked_grace = true;
                if !ticket.is_signed_in() {
                    shared.late_logins.say(|| late_login(peer, &shared));
                    cut.cut();
                }
            }
            changed = stop.changed() => {
                let reason = match changed {
                    Ok(()) => stop.borrow().clone().unwrap_or_default(),
                    Err(_) => String::new(),
                };
                let _ = handle
                    .disconnect(Disconnect::ByApplication, reason, String::new())
                    .await;
                // A client that does not take the goodbye is cut.
                let _ = tokio::time::timeout(Duration::from_secs(2), &mut session).await;
                cut.cut();
                return;
            }
        }
    }
}

fn late_login(peer: SocketAddr, shared: &Shared) -> String {
    format!(
        "dropped a connection from {} that did not sign in within {} s",
        peer.ip(),
        shared.limits.login_grace.as_secs_f32()
    )
}

/// Lines for the server's log that may come in floods: the first is
/// written, then at most one every ten seconds, counting the rest.
pub(crate) struct Notices {
    what: &'static str,
    last: Mutex<Option<(Instant, u64)>>,
}

const NOTICE_EVERY: Duration = Duration::from_secs(10);

impl Notices {
    pub fn new(what: &'static str) -> Notices {
        Notices {
            what,
            last: Mutex::new(None),
        }
    }

    pub fn say(&self, line: impl FnOnce() -> String) {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        match &mut *last {
            Some((at, held)) if now.duration_since(*at) < NOTICE_EVERY => *held += 1,
            Some((_, held)) => {
                let held = std::mem::take(held);
                let more = if held > 0 {
                    format!(
                        " ({held} more {} in the last {} s)",
                        self.what,
                        NOTICE_EVERY.as_secs()
                    )
                } else {
                    String::new()
                };
                tracing::warn!(target: super::log::NOTICE, "{}{more}", line());
                *last = Some((now, 0));
            }
            None => {
                tracing::warn!(target: super::log::NOTICE, "{}", line());
                *last = Some((now, 0));
            }
        }
    }
}

/// Ends a connection from outside its session: every read and write of
/// its socket fails from then on.
/// A connection's handler cuts it as it ends, so whatever still waits
/// to send to it (for its window) stops waiting.
#[derive(Default)]
pub(crate) struct Cut {
    cut: AtomicBool,
    /// Woken when cut: a read and a write waiting.
    waiting: Mutex<[Option<Waker>; 2]>,
    /// Told when cut.
    told: tokio::sync::Notify,
}

impl Cut {
    pub fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        let wakers = std::mem::take(&mut *self.waiting.lock().unwrap_or_else(|p| p.into_inner()));
        for waker in wakers.into_iter().flatten() {
            waker.wake();
        }
        self.told.notify_waiters();
    }

    /// Returns once the connection is cut (or has ended).
    pub async fn cut_off(&self) {
        loop {
            // Made before the check: a cut in between still wakes it.
            let told = self.told.notified();
            if self.cut.load(Ordering::SeqCst) {
                return;
            }
            told.await;
        }
    }

    /// Whether cut; if not, `cx` is woken when it is.
    fn check(&self, slot: usize, cx: &Context<'_>) -> bool {
        {
            let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
            match &mut waiting[slot] {
                Some(waker) if waker.will_wake(cx.waker()) => {}
                place => *place = Some(cx.waker().clone()),
            }
        }
        self.cut.load(Ordering::SeqCst)
    }
}

const READING: usize = 0;
const WRITING: usize = 1;

fn cut_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "the server cut the connection",
    )
}

/// A connection's socket that a [`Cut`] can end.
struct Guarded {
    inner: TcpStream,
    cut: Arc<Cut>,
}

impl AsyncRead for Guarded {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.cut.check(READING, cx) {
            return Poll::Ready(Err(cut_error()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.cut.check(WRITING, cx) {
            return Poll::Ready(Err(cut_error()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.cut.check(WRITING, cx) {
            return Poll::Ready(Err(cut_error()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
