//! An `incubator serve` in this process on a sample database, and SSH
//! clients (russh's) whose screens are read through vt100, for the SSH
//! tests and the benchmark.

// benches/ssh.rs includes this file and uses only part of it.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use incubator::model::{Founder, Kind, Record};
use incubator::serve::{self, Running, Settings, Users};
use incubator::store::Store;
use incubator::workspace::{self, IfNew};
use russh::client::{self, Handle};
use russh::keys::{Algorithm, PrivateKey, PrivateKeyWithHashAlg};
use russh::{ChannelMsg, ChannelWriteHalf};
use tempfile::TempDir;

/// Generous: a noisy 2-core machine running other tests at once.
pub const WAIT: Duration = Duration::from_secs(20);

pub fn new_key() -> PrivateKey {
    PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).expect("a key")
}

pub fn public_line(key: &PrivateKey, comment: &str) -> String {
    let public = key.public_key().to_openssh().expect("openssh form");
    format!("{public} {comment}")
}

/// One user per role; m1 (Aysel Hüseynova) mentors Kilim Craft (s3),
/// Şəbəkə Pay (s6), Bazarım (s11) and İpək Thread (s19); the judge is
/// "Orxan Qasımov" as demo days list them.
pub struct Keys {
    pub coordinator: PrivateKey,
    pub mentor: PrivateKey,
    pub staff: PrivateKey,
    pub judge: PrivateKey,
}

impl Keys {
    pub fn new() -> Keys {
        Keys {
            coordinator: new_key(),
            mentor: new_key(),
            staff: new_key(),
            judge: new_key(),
        }
    }

    pub fn users_toml(&self) -> String {
        format!(
            r#"# Who may connect
[[user]]
name = "Nigar Əliyeva"
role = "coordinator"
keys = ["{}"]

[[user]]
name = "Aysel Hüseynova"
role = "mentor"
mentor = "m1"
keys = ["{}"]

[[user]]
name = "Kim Min-jun"
role = "staff"
keys = ["{}"]

[[user]]
name = "Orxan"
role = "judge"
judge = "Orxan Qasımov"
keys = ["{}"]
"#,
            public_line(&self.coordinator, "nigar@office"),
            public_line(&self.mentor, "aysel@laptop"),
            public_line(&self.staff, "kim@desk"),
            public_line(&self.judge, "orxan@laptop"),
        )
    }
}

/// A server on 127.0.0.1 (any free port) over a sample database.
pub struct TestServer {
    pub dir: TempDir,
    pub store: Store,
    pub keys: Keys,
    pub running: Option<Running>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_with(|_| {}).await
    }

    /// A server whose settings `configure` changes first.
    pub async fn start_with(configure: impl FnOnce(&mut Settings)) -> TestServer {
        let dir = TempDir::new().expect("temp dir");
        let store = workspace::open(&dir.path().join("portfolio"), IfNew::Sample)
            .expect("sample database")
            .store;
        // A founder written in Hangul, for searching in Korean.
        let mut s6 = store
            .get::<incubator::model::Startup>("s6")
            .expect("read s6")
            .expect("s6");
        s6.record.founders.push(Founder {
            name: "김민준".into(),
            email: String::new(),
            role: "CTO".into(),
        });
        store
            .update("setup", Record::Startup(s6.record), s6.version)
            .expect("add a founder");
        TestServer::serve(dir, store, configure).await
    }

    /// A server on `store` as it is (its mentor m1 is Aysel's record).
    pub async fn serve(
        dir: TempDir,
        store: Store,
        configure: impl FnOnce(&mut Settings),
    ) -> TestServer {
        let keys = Keys::new();
        let users = Users::parse(&keys.users_toml(), |id| {
            store.contains(Kind::Mentor, id).unwrap_or(false)
        })
        .expect("users.toml");
        let mut settings = Settings {
            listen: "127.0.0.1:0".parse().expect("address"),
            users,
            host_key: new_key(),
            max_sessions: 32,
            idle_timeout: Duration::from_secs(600),
            color: false,
            exports: serve::Exports::beside(&dir.path().join("portfolio")),
            limits: Default::default(),
            run_command: incubator::cli::remote::run,
        };
        configure(&mut settings);
        let running = serve::start(store.clone(), settings)
            .await
            .expect("server starts");
        TestServer {
            dir,
            store,
            keys,
            running: Some(running),
        }
    }

    pub fn address(&self) -> std::net::SocketAddr {
        self.running.as_ref().expect("running").address
    }

    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running
                .shutdown(Duration::from_secs(5))
                .await
                .expect("clean shutdown");
        }
    }
}

/// A client that takes any host key (each test's server makes a new one).
pub struct AcceptAny;

impl client::Handler for AcceptAny {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// An SSH connection that authenticated with `key`, or why not.
pub async fn connect(
    address: std::net::SocketAddr,
    key: &PrivateKey,
) -> Result<Handle<AcceptAny>, String> {
    let config = Arc::new(client::Config::default());
    let mut handle = client::connect(config, address, AcceptAny)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let auth = handle
        .authenticate_publickey(
            "anyone",
            PrivateKeyWithHashAlg::new(Arc::new(key.clone()), None),
        )
        .await
        .map_err(|e| format!("authenticate: {e}"))?;
    if auth.success() {
        Ok(handle)
    } else {
        Err("refused".into())
    }
}

/// What a terminal shows, fed by a channel.
#[derive(Clone)]
pub struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Received>>,
    /// When each data message came, and its size (for the benchmark).
    pub arrivals: Arc<Mutex<Vec<(Instant, usize)>>>,
    pub arrived: Arc<tokio::sync::Notify>,
}

/// Everything received, the exit status, and whether the channel closed.
type Received = (Vec<u8>, Option<u32>, bool);

impl Screen {
    pub fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn with<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.parser.lock().unwrap().screen())
    }

    pub fn tail(&self, n: usize) -> String {
        let raw = self.raw.lock().unwrap();
        String::from_utf8_lossy(&raw.0[raw.0.len().saturating_sub(n)..]).into_owned()
    }

    pub fn received(&self) -> usize {
        self.raw.lock().unwrap().0.len()
    }

    pub fn closed(&self) -> bool {
        self.raw.lock().unwrap().2
    }

    pub fn exit_status(&self) -> Option<u32> {
        self.raw.lock().unwrap().1
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
    }

    /// Wait (generously) until `check` holds; the screen in the panic if not.
    pub async fn wait_until(&self, what: &str, check: impl Fn(&Screen) -> bool) {
        let start = Instant::now();
        while !check(self) {
            if start.elapsed() > WAIT {
                panic!("waited for {what}; the screen:\n{}", self.contents());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?}"), |s| s.contents().contains(text))
            .await;
    }

    pub async fn wait_gone(&self, text: &str) {
        self.wait_until(&format!("{text:?} to go"), |s| !s.contents().contains(text))
            .await;
    }
}

/// A user at a terminal of `cols`×`rows` connected to the server.
pub struct Terminal {
    pub handle: Handle<AcceptAny>,
    writer: ChannelWriteHalf<client::Msg>,
    pub screen: Screen,
}

impl Terminal {
    pub async fn open(
        address: std::net::SocketAddr,
        key: &PrivateKey,
        cols: u16,
        rows: u16,
    ) -> Terminal {
        let handle = connect(address, key).await.expect("signed in");
        let channel = handle.channel_open_session().await.expect("a session");
        channel
            .request_pty(true, "xterm-256color", cols.into(), rows.into(), 0, 0, &[])
            .await
            .expect("a pty");
        channel.request_shell(true).await.expect("a shell");
        let (mut reader, writer) = channel.split();
        let screen = Screen {
            parser: Arc::new(Mutex::new(vt100::Parser::new(
                nonzero(rows),
                nonzero(cols),
                0,
            ))),
            raw: Default::default(),
            arrivals: Default::default(),
            arrived: Default::default(),
        };
        let feed = screen.clone();
        tokio::spawn(async move {
            while let Some(message) = reader.wait().await {
                match message {
                    ChannelMsg::Data { data } => {
                        let now = Instant::now();
                        feed.parser.lock().unwrap().process(&data);
                        feed.raw.lock().unwrap().0.extend_from_slice(&data);
                        feed.arrivals.lock().unwrap().push((now, data.len()));
                        feed.arrived.notify_waiters();
                    }
                    ChannelMsg::ExitStatus { exit_status } => {
                        feed.raw.lock().unwrap().1 = Some(exit_status);
                    }
                    ChannelMsg::Close => break,
                    _ => {}
                }
            }
            feed.raw.lock().unwrap().2 = true;
        });
        Terminal {
            handle,
            writer,
            screen,
        }
    }

    /// Type `keys`, raw bytes as a terminal sends them, in one packet.
    pub async fn send(&self, keys: &str) {
        self.writer
            .data_bytes(keys.as_bytes().to_vec())
            .await
            .expect("send keys");
    }

    /// Send raw bytes, valid UTF-8 or not, in one packet.
    pub async fn send_bytes(&self, bytes: &[u8]) {
        self.writer
            .data_bytes(bytes.to_vec())
            .await
            .expect("send bytes");
    }

    /// Type `text` a key a packet, as a person does.
    pub async fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string()).await;
        }
    }

    pub async fn resize(&self, cols: u16, rows: u16) {
        self.screen.resize(cols, rows);
        self.writer
            .window_change(cols.into(), rows.into(), 0, 0)
            .await
            .expect("window change");
    }

    /// A window change as the client reports it, whatever the screen.
    pub async fn writer_window_change(&self, cols: u32, rows: u32) {
        self.writer
            .window_change(cols, rows, 0, 0)
            .await
            .expect("window change");
    }

    pub async fn wait_for(&self, text: &str) {
        self.screen.wait_for(text).await;
    }

    pub async fn wait_gone(&self, text: &str) {
        self.screen.wait_gone(text).await;
    }

    pub fn contents(&self) -> String {
        self.screen.contents()
    }

    /// `q`, and the channel ends with status 0 and the screen restored.
    pub async fn quit(&self) {
        self.send("q").await;
        self.screen
            .wait_until("the channel to close", Screen::closed)
            .await;
        assert_eq!(self.screen.exit_status(), Some(0));
        self.screen.with(|s| {
            assert!(!s.alternate_screen(), "the main screen is back");
            assert!(!s.hide_cursor(), "the cursor shows again");
            assert!(!s.bracketed_paste(), "bracketed paste is off again");
        });
    }
}

/// Run `command` over SSH: exit status, standard output, standard error.
pub async fn exec(
    address: std::net::SocketAddr,
    key: &PrivateKey,
    command: &str,
) -> (u32, Vec<u8>, String) {
    let handle = connect(address, key).await.expect("signed in");
    let mut channel = handle.channel_open_session().await.expect("a session");
    channel.exec(true, command).await.expect("exec");
    let (mut out, mut err, mut status) = (Vec::new(), Vec::new(), None);
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        let Ok(Some(message)) = tokio::time::timeout(WAIT, channel.wait()).await else {
            break;
        };
        match message {
            ChannelMsg::Data { data } => out.extend_from_slice(&data),
            ChannelMsg::ExtendedData { data, ext: 1 } => err.extend_from_slice(&data),
            ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
            ChannelMsg::Close => break,
            _ => {}
        }
    }
    (
        status.expect("an exit status"),
        out,
        String::from_utf8_lossy(&err).into_owned(),
    )
}

pub fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).expect("not zero")
}
