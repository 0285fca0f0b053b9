//! `incubator serve`: one process owns the store and serves the
//! full-screen view to every SSH connection, each its own session on the
//! shared store (the way Charm's wish serves terminal apps). russh speaks
//! SSH; each session runs the same loop as the local terminal.

pub mod auth;
mod connection;
mod exec;
pub mod exports;
pub mod host_key;
pub mod input;
mod limits;
mod listen;
pub mod log;
mod memory;
mod metrics;
pub mod registry;
pub mod screen;
mod terminal;
pub mod users;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use russh::MethodKind;
use russh::keys::PrivateKey;
use russh::server::Config;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};

use crate::store::Store;
use crate::term::Feed;
use crate::text;
pub use exec::RunCommand;
pub use exports::Exports;
pub use limits::Limits;
#[cfg(not(target_env = "msvc"))]
pub use memory::jemalloc_thread_cache_off;
pub use memory::{JEMALLOC_CONF, on_runtime_thread_start, runtime};
pub use users::{Role, User, Users};

/// How the server runs, from the command line.
pub struct Settings {
    pub listen: SocketAddr,
    pub users: Users,
    pub host_key: PrivateKey,
    pub max_sessions: usize,
    /// A session with no key for this long ends.
    pub idle_timeout: Duration,
    pub color: bool,
    /// Where each user's exports go.
    pub exports: Exports,
    /// What connections, logins, commands and stalled clients may hold.
    pub limits: Limits,
    /// How a command over SSH (an exec request) is run.
    pub run_command: RunCommand,
}

/// What every connection shares.
pub(crate) struct Shared {
    store: Store,
    /// Who may connect: swapped whole when the file is read again.
    users: parking_lot::RwLock<Arc<Users>>,
    /// The terminal sessions running now.
    registry: Arc<registry::Registry>,
    failures: auth::Failures,
    /// Terminal sessions running now.
    sessions: AtomicUsize,
    max_sessions: usize,
    idle_timeout: Duration,
    color: bool,
    /// Each user's export folder, by name.
    export_folders: parking_lot::RwLock<exports::UserFolders>,
    exports: Exports,
    scp_host: Option<String>,
    /// The command that connects here, for the export dialog.
    ssh: String,
    /// Set when the server is asked to stop: every session ends.
    shutdown: AtomicBool,
    /// Told whenever a session ends.
    session_ended: Notify,
    limits: Limits,
    /// Connections open and signing in.
    gate: Arc<limits::Gate>,
    /// Commands over SSH running.
    commands: Arc<limits::Commands>,
    run_command: RunCommand,
    /// Connections dropped for not signing in in time.
    late_logins: listen::Notices,
    /// The portfolio the terminal sessions share: loaded with the first,
    /// let go with the last (what a server with none holds stays small).
    feed: parking_lot::Mutex<std::sync::Weak<Feed>>,
}

impl Shared {
    /// Who may connect now.
    fn users(&self) -> Arc<Users> {
        Arc::clone(&self.users.read())
    }

    /// `user`'s export folder.
    fn export_folder(&self, user: &str) -> std::path::PathBuf {
        self.export_folders.read().of(user)
    }

    /// Let in `users` from now on; sessions of users it no longer lets in
    /// are told so and end. Those told, a name per session.
    fn reload(&self, users: Users) -> Vec<String> {
        *self.export_folders.write() = self.exports.folders(&users);
        let users = Arc::new(users);
        *self.users.write() = Arc::clone(&users);
        self.registry.remove_gone(&users)
    }

    /// The sessions' shared model, loaded first if no session holds it.
    fn feed(&self) -> std::io::Result<Arc<Feed>> {
        // Held while loading: a second session waits for the first's load.
        let mut held = self.feed.lock();
        if let Some(feed) = held.upgrade() {
            return Ok(feed);
        }
        let feed = Arc::new(Feed::open(&self.store, memory::gave_up)?);
        *held = Arc::downgrade(&feed);
        Ok(feed)
    }

    /// A session or command ended: with none left, the memory they freed
    /// goes back to the system.
    fn ended(&self) {
        if self.sessions.load(Ordering::SeqCst) == 0 && self.commands.running() == 0 {
            memory::give_back();
        }
    }
}

/// A server accepting connections.
pub struct Running {
    pub address: SocketAddr,
    pub fingerprint: String,
    shared: Arc<Shared>,
    /// Set to the goodbye: the accept loop and every connection end.
    stop: watch::Sender<Option<String>>,
    task: tokio::task::JoinHandle<()>,
}

/// Start serving `store` on `settings.listen` (port 0 takes any free one).
pub async fn start(store: Store, settings: Settings) -> Result<Running, String> {
    let listener = TcpListener::bind(settings.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    let fingerprint = host_key::fingerprint(&settings.host_key);
    store.announce_serving(&ssh_command(address));
    let export_folders = settings.exports.folders(&settings.users);
    let registry = Arc::new(registry::Registry::default());
    registry::publish(store.path(), &registry);
    let shared = Arc::new(Shared {
        store,
        export_folders: parking_lot::RwLock::new(export_folders),
        scp_host: settings.exports.scp_host.clone(),
        exports: settings.exports,
        ssh: ssh_command(address),
        users: parking_lot::RwLock::new(Arc::new(settings.users)),
        registry,
        failures: auth::Failures::default(),
        sessions: AtomicUsize::new(0),
        max_sessions: settings.max_sessions,
        idle_timeout: settings.idle_timeout,
        color: settings.color,
        shutdown: AtomicBool::new(false),
        session_ended: Notify::new(),
        gate: Arc::new(limits::Gate::new(settings.limits.clone())),
        commands: Arc::new(limits::Commands::new(&settings.limits)),
        limits: settings.limits,
        run_command: settings.run_command,
        late_logins: listen::Notices::new("late logins"),
        feed: Default::default(),
    });
    memory::reopen_when_quiet(Arc::downgrade(&shared))
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let config = Arc::new(Config {
        // Public keys only: no passwords, no keyboard-interactive.
        methods: (&[MethodKind::PublicKey][..]).into(),
        auth_rejection_time: Duration::from_millis(300),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![settings.host_key],
        // Sessions time out on their own (no key for a while); the
        // connection only if it goes silent altogether.
        inactivity_timeout: Some(settings.idle_timeout + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(30)),
        nodelay: true,
        ..Default::default()
    });
    let (stop, stopped) = watch::channel(None);
    let task = tokio::spawn(listen::accept(
        listener,
        config,
        Arc::clone(&shared),
        stopped,
    ));
    Ok(Running {
        address,
        fingerprint,
        shared,
        stop,
        task,
    })
}

impl Running {
    /// Terminal sessions running now.
    pub fn sessions(&self) -> usize {
        self.shared.sessions.load(Ordering::SeqCst)
    }

    /// Let in `users` from now on (a reload): sessions of users it no
    /// longer lets in end with a line saying so; a changed role applies
    /// to a user's next session or command. Those told, a name per session.
    pub fn reload(&self, users: Users) -> Vec<String> {
        self.shared.reload(users)
    }

    /// Serve Prometheus metrics on `address` (`GET /metrics`) while the
    /// server runs; the address it listens on.
    pub async fn serve_metrics(&self, address: SocketAddr) -> Result<SocketAddr, String> {
        let cannot = |e: std::io::Error| format!("cannot serve metrics on {address}: {e}");
        let listener = TcpListener::bind(address).await.map_err(cannot)?;
        let bound = listener.local_addr().map_err(cannot)?;
        tokio::spawn(metrics::serve(listener, Arc::downgrade(&self.shared)));
        Ok(bound)
    }

    /// Connections open now, and of those how many are still signing in.
    pub fn connections(&self) -> (usize, usize) {
        self.shared.gate.counts()
    }

    /// Stop: every session is told and ends (its screen restored), then
    /// connections close and the store is flushed. Sessions get `grace`
    /// to say goodbye.
    pub async fn shutdown(self, grace: Duration) -> Result<(), String> {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        let deadline = Instant::now() + grace;
        while self.sessions() > 0 && Instant::now() < deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            let _ = tokio::time::timeout(
                left.min(Duration::from_millis(100)),
                self.shared.session_ended.notified(),
            )
            .await;
        }
        // A moment for the last words to leave before the connections go.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let _ = self
            .stop
            .send(Some("incubator: the server is shutting down".into()));
        let _ = tokio::time::timeout(Duration::from_secs(2), self.task).await;
        self.shared
            .store
            .flush()
            .map_err(|e| format!("could not flush the database: {e}"))
    }
}

/// The command that connects to a server at `address`.
pub fn ssh_command(address: SocketAddr) -> String {
    let host = if address.ip().is_unspecified() {
        "localhost".to_string()
    } else {
        address.ip().to_string()
    };
    match address.port() {
        22 => format!("ssh {host}"),
        port => format!("ssh -p {port} {host}"),
    }
}

/// What SIGHUP reads again: the users file, or why it cannot be used
/// (the one in use is kept), and lines to say about it (a mentor not in
/// the portfolio, a config file that does not parse).
pub type Reload<'a> = &'a dyn Fn() -> (Result<Users, String>, Vec<String>);

/// `incubator serve`: start, say where and with which key (into `out`),
/// serve metrics on `metrics` if given, and run until SIGTERM or Ctrl-C
/// (said into `err`); on SIGHUP, read the users file again with `reload`
/// (said into `err`).
pub fn run(
    store: Store,
    settings: Settings,
    reload: Reload,
    metrics: Option<SocketAddr>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), String> {
    memory::fewer_arenas();
    let runtime = memory::runtime(None).map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(async move {
        let users = settings.users.len();
        let exports = settings.exports.folder.clone();
        let running = start(store, settings).await?;
        // Before saying it serves: a metrics address taken stops it here.
        let metrics = match metrics {
            Some(address) => match running.serve_metrics(address).await {
                Ok(bound) => Some(bound),
                Err(e) => {
                    let _ = running.shutdown(Duration::ZERO).await;
                    return Err(e);
                }
            },
            None => None,
        };
        // Nowhere is left to say that these lines could not be written.
        let _ = writeln!(
            out,
            "incubator: serving {} user(s) on {}\n  host key {}\n  connect with: {}\n  exports go to {} (a folder per user)",
            users,
            running.address,
            running.fingerprint,
            ssh_command(running.address),
            exports.display()
        );
        tracing::info!(
            address = %running.address,
            host_key = running.fingerprint,
            users,
            "serving"
        );
        if let Some(bound) = metrics {
            let _ = writeln!(out, "  metrics on http://{bound}/metrics");
            tracing::info!(address = %bound, "metrics");
        }
        let mut signals = Signals::new()?;
        while let Signal::Reload = signals.next().await {
            let (users, notes) = reload();
            for note in notes {
                tracing::warn!(target: "incubator::notice", "{note}");
            }
            match users {
                Ok(users) => {
                    let count = users.len();
                    let ended = running.reload(users);
                    tracing::info!(
                        target: "incubator::notice",
                        "read the users file again: {count} user(s){}",
                        ended_sessions(&ended)
                    );
                }
                Err(why) => {
                    tracing::warn!(target: "incubator::notice", "kept the users file in use: {why}")
                }
            }
        }
        tracing::info!(sessions = running.sessions(), "stopping");
        let _ = writeln!(
            err,
            "incubator: shutting down; telling {} session(s)",
            running.sessions()
        );
        running.shutdown(Duration::from_secs(5)).await
    })
}

/// ", ended the session(s) of …" for the users a reload removed.
fn ended_sessions(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let names: Vec<String> = names.iter().map(|n| text::sanitize_line(n)).collect();
    format!("; ended the session(s) of {}", names.join(", "))
}

enum Signal {
    /// SIGHUP: read the users file again.
    Reload,
    /// SIGTERM or Ctrl-C (SIGINT): stop.
    Stop,
}

struct Signals {
    terminate: tokio::signal::unix::Signal,
    hang_up: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Result<Signals, String> {
        use tokio::signal::unix::{SignalKind, signal};
        let watch = |kind: SignalKind, name: &str| {
            signal(kind).map_err(|e| format!("cannot watch for {name}: {e}"))
        };
        Ok(Signals {
            terminate: watch(SignalKind::terminate(), "SIGTERM")?,
            hang_up: watch(SignalKind::hangup(), "SIGHUP")?,
        })
    }

    async fn next(&mut self) -> Signal {
        tokio::select! {
            _ = self.terminate.recv() => Signal::Stop,
            _ = self.hang_up.recv() => Signal::Reload,
            _ = tokio::signal::ctrl_c() => Signal::Stop,
        }
    }
}
