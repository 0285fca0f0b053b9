//! Floods, stalls and limits of `incubator serve` (issue 21, items 3 and
//! 4): idle connections past the file-descriptor limit, a flood from one
//! address, logins that never sign in, a client that takes nothing, a key
//! refused again and again from a neighbour's address, commands beyond
//! the cap, a users file naming a deleted mentor. The real binary where
//! its limits or log matter, reached with the real OpenSSH client.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use crate::support::openssh::{Serve, have_ssh, write_key};
use crate::support::ssh::{AcceptAny, Keys, Terminal, TestServer, WAIT, connect, new_key};
use russh::ChannelMsg;
use russh::client;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};
use tempfile::TempDir;
use tokio::net::TcpSocket;

/// A sample database, the users file (`edit` may change it) and the keys.
fn setup(edit: impl FnOnce(String) -> String) -> (TempDir, Keys, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let made = Command::new(crate::support::bin())
        .arg("--db")
        .arg(dir.path().join("portfolio"))
        .args(["init"])
        .env_remove("INCUBATOR_DB")
        .output()
        .expect("run");
    assert!(made.status.success(), "the sample database");
    let keys = Keys::new();
    let users = dir.path().join("users.toml");
    std::fs::write(&users, edit(keys.users_toml())).expect("users.toml");
    (dir, keys, users)
}

/// `key` in a file OpenSSH reads.
fn key_file(dir: &Path, name: &str, key: &PrivateKey) -> PathBuf {
    let path = dir.join(name);
    write_key(&path, key);
    path
}

/// `ssh … COMMAND` with the OpenSSH client and `key`: what it printed,
/// and how long it took.
fn openssh(address: SocketAddr, key: &Path, command: &str) -> (Output, Duration) {
    let start = Instant::now();
    let out = Command::new("ssh")
        .args(["-F", "/dev/null", "-T"])
        .args(["-o", "StrictHostKeyChecking=no"])
        .args(["-o", "UserKnownHostsFile=/dev/null"])
        .args(["-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes"])
        .args(["-o", "BatchMode=yes", "-o", "ConnectTimeout=20"])
        .arg("-i")
        .arg(key)
        .args(["-p", &address.port().to_string()])
        .arg(format!("someone@{}", address.ip()))
        .arg(command)
        .env_remove("SSH_AUTH_SOCK")
        .stdin(Stdio::null())
        .output()
        .expect("run ssh");
    (out, start.elapsed())
}

/// `count` TCP connections from `source` that never say a word.
async fn idle_connections(
    to: SocketAddr,
    source: [u8; 4],
    count: usize,
) -> Vec<tokio::net::TcpStream> {
    let mut held = Vec::new();
    for _ in 0..count {
        let socket = TcpSocket::new_v4().expect("a socket");
        socket
            .bind(SocketAddr::from((source, 0)))
            .expect("bind the source address");
        // The listen backlog takes them whether or not they are accepted.
        if let Ok(Ok(stream)) =
            tokio::time::timeout(Duration::from_secs(2), socket.connect(to)).await
        {
            held.push(stream);
        }
    }
    held
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// Under `ulimit -n 64` with the connection limits set out of the way,
/// 150 idle connections run the server out of file descriptors: it says
/// so, keeps listening, drops the idle ones after the login grace time
/// (2 s here), and a login with the OpenSSH client then runs a command.
#[test]
fn out_of_file_descriptors_the_server_keeps_listening_and_lets_a_user_in() {
    if !have_ssh() {
        return;
    }
    let (dir, keys, users) = setup(|text| text);
    let mut serve = Serve::start_with(
        dir.path(),
        &users,
        Some(64),
        &[
            "--login-grace-seconds",
            "2",
            "--max-connections",
            "1000",
            "--max-unauthenticated",
            "1000",
            "--max-unauthenticated-per-address",
            "1000",
        ],
    );
    let runtime = runtime();
    let flood = runtime.block_on(idle_connections(serve.address(), [127, 0, 0, 1], 150));
    assert!(flood.len() >= 100, "{} connections made", flood.len());
    serve.logged("cannot accept a connection: Too many open files");
    serve.logged("did not sign in within 2 s");
    assert!(serve.alive(), "serve is still running");

    // The flood is still open: the login waits its turn in the backlog.
    let key = key_file(dir.path(), "id_coordinator", &keys.coordinator);
    let (out, took) = openssh(serve.address(), &key, "search kilim");
    assert!(
        out.status.success(),
        "ssh failed after {took:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Kilim Craft"));
    drop(flood);
    assert!(serve.alive());
}

/// 200 idle connections from one address (127.0.0.2) with the default
/// limits: all but ten are closed at once, with a line in the log, and a
/// user from another address (127.0.0.1) signs in and runs a command
/// meanwhile, without waiting.
#[test]
fn a_flood_from_one_address_leaves_room_for_everyone_else() {
    if !have_ssh() {
        return;
    }
    let (dir, keys, users) = setup(|text| text);
    let mut serve = Serve::start_with(dir.path(), &users, Some(128), &[]);
    let runtime = runtime();
    let flood = runtime.block_on(idle_connections(serve.address(), [127, 0, 0, 2], 200));
    serve.logged(
        "closed a connection from 127.0.0.2: the most connections from one address are signing in",
    );
    let key = key_file(dir.path(), "id_staff", &keys.staff);
    let (out, took) = openssh(serve.address(), &key, "search kilim");
    assert!(
        out.status.success(),
        "ssh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(took < Duration::from_secs(5), "the login took {took:?}");
    assert!(serve.alive());
    drop(flood);
}

/// A connection that never speaks, and one that says its version and
/// nothing more, are dropped after the grace time (2 s here); a user who
/// signed in stays past it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_that_never_signs_in_is_dropped_after_the_grace_time() {
    let mut server = TestServer::start_with(|settings| {
        settings.limits.login_grace = Duration::from_secs(2);
    })
    .await;
    let address = server.address();
    let start = Instant::now();
    let silent = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    let mut hello = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    hello
        .write_all(b"SSH-2.0-OpenSSH_9.6\r\n")
        .await
        .expect("say hello");
    let term = Terminal::open(address, &server.keys.coordinator, 80, 24).await;
    term.wait_for("Needs attention").await;
    // Until the server closes it: read returns 0 or fails.
    let until_closed = |mut stream: tokio::net::TcpStream| async move {
        let mut buf = vec![0u8; 4096];
        loop {
            match tokio::time::timeout(WAIT, stream.read(&mut buf)).await {
                Ok(Ok(0) | Err(_)) => return Instant::now(),
                Ok(Ok(_)) => {}
                Err(_) => panic!("the connection was held past {WAIT:?}"),
            }
        }
    };
    let (silent_closed, hello_closed) = tokio::join!(until_closed(silent), until_closed(hello));
    for closed in [silent_closed, hello_closed] {
        let after = closed.duration_since(start);
        assert!(
            after >= Duration::from_millis(1500) && after < Duration::from_secs(8),
            "dropped after {after:?}"
        );
    }
    let running = server.running.as_ref().expect("running");
    // The server counts a connection out just after its socket closes,
    // which the client may see first: give it a moment.
    let counted_by = Instant::now() + Duration::from_secs(2);
    while running.connections() != (1, 0) && Instant::now() < counted_by {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        running.connections(),
        (1, 0),
        "only the signed-in user is left"
    );
    // Past the grace time the user's session goes on.
    term.send("2").await;
    term.wait_for("┌ Startups 24").await;
    term.quit().await;
    server.stop().await;
}

/// A client that asks for a terminal and then reads nothing: it holds
/// what arrives in a buffer of one message, so its connection stalls.
async fn stalled_terminal(
    address: SocketAddr,
    key: &PrivateKey,
) -> (client::Handle<AcceptAny>, russh::Channel<client::Msg>) {
    let config = Arc::new(client::Config {
        channel_buffer_size: 1,
        window_size: 2048,
        ..Default::default()
    });
    let mut handle = client::connect(config, address, AcceptAny)
        .await
        .expect("connect");
    let auth = handle
        .authenticate_publickey(
            "anyone",
            PrivateKeyWithHashAlg::new(Arc::new(key.clone()), None),
        )
        .await
        .expect("an answer");
    assert!(auth.success());
    let channel = handle.channel_open_session().await.expect("a session");
    channel
        .request_pty(false, "xterm", 200, 60, 0, 0, &[])
        .await
        .expect("a pty");
    channel.request_shell(false).await.expect("a shell");
    // The Startups list, before the first screen fills its buffer.
    channel.data_bytes(&b"2"[..]).await.expect("a key");
    (handle, channel)
}

/// Everything `channel` brings until it is quiet for half a second.
async fn drain(channel: &mut russh::Channel<client::Msg>) -> Vec<u8> {
    let mut bytes = Vec::new();
    while let Ok(Some(message)) =
        tokio::time::timeout(Duration::from_millis(500), channel.wait()).await
    {
        if let ChannelMsg::Data { data } = message {
            bytes.extend_from_slice(&data);
        }
    }
    bytes
}

/// A client that reads nothing while 40 notes are added to the startup
/// its screen shows (each a frame for a client that reads) is owed, once
/// it reads again, at most a whole screen and a frame (what its window
/// let through aside): the frames it missed were dropped for one whole
/// screen, which ends on the latest state.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_client_is_owed_the_latest_screen_not_every_frame() {
    let mut server = TestServer::start().await;
    let address = server.address();
    // Both on the Startups list, Ağ Şəhər Health (s8) first and in view.
    let (_stalled, mut channel) = stalled_terminal(address, &server.keys.staff).await;
    let reading = Terminal::open(address, &server.keys.coordinator, 200, 60).await;
    reading.send("2").await;
    reading.wait_for("┌ Ağ Şəhər Health").await;
    let before = reading.screen.received();
    for i in 0..40 {
        let body = format!("Flood note {i:02}: a session on pricing\nNext: a pilot");
        server
            .store
            .create(
                "Nigar Əliyeva",
                incubator::model::testing::note(&format!("flood{i}"), "s8", &body).into(),
            )
            .expect("a note");
        // Each note is a frame of its own for the client that reads.
        reading.wait_for(&format!("Flood note {i:02}")).await;
    }
    let kept_reading = reading.screen.received() - before;

    let owed = drain(&mut channel).await;
    let mut screen = vt100::Parser::new(
        60.try_into().expect("rows"),
        200.try_into().expect("cols"),
        0,
    );
    screen.process(&owed);
    assert!(
        screen.screen().contents().contains("Flood note 39"),
        "the stalled client ends on the latest screen:\n{}",
        screen.screen().contents()
    );
    // A whole screen: cleared, then drawn.
    let whole = owed.windows(4).any(|w| w == b"\x1b[2J");
    assert!(
        whole && owed.len() < 64 * 1024,
        "the stalled client was owed {} bytes (a whole screen: {whole}); the reading one got {kept_reading}",
        owed.len()
    );
    reading.quit().await;
    server.stop().await;
}

/// A client that takes nothing for the stall limit (2 s here) is
/// disconnected: its session ends and another user's goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_takes_nothing_past_the_stall_limit_is_disconnected() {
    let mut server = TestServer::start_with(|settings| {
        settings.limits.stall = Duration::from_secs(2);
    })
    .await;
    let address = server.address();
    let other = Terminal::open(address, &server.keys.coordinator, 80, 24).await;
    other.wait_for("Needs attention").await;
    let start = Instant::now();
    let (_stalled, mut channel) = stalled_terminal(address, &server.keys.staff).await;
    let running = server.running.as_ref().expect("running");
    while running.connections() != (1, 0) || running.sessions() > 1 {
        assert!(
            start.elapsed() < WAIT,
            "still connected after {:?}",
            start.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(start.elapsed() >= Duration::from_millis(1500));
    // Reading again, the client finds its connection gone.
    drain(&mut channel).await;
    assert!(
        tokio::time::timeout(Duration::from_secs(2), channel.wait())
            .await
            .is_ok_and(|m| m.is_none()),
        "the channel ended"
    );
    other.send("2").await;
    other.wait_for("┌ Startups 24").await;
    other.quit().await;
    server.stop().await;
}

/// One unknown key offered again and again from 127.0.0.1 is slowed (the
/// eleventh refusal and after wait a second and more), while a neighbour
/// behind the same address signs in with the OpenSSH client at once, also
/// when their agent offers a key of theirs the server does not know first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_neighbours_valid_key_is_not_delayed_by_refused_keys_from_their_address() {
    if !have_ssh() {
        return;
    }
    let mut server = TestServer::start().await;
    let address = server.address();
    let guessed = new_key();
    let attempt = |key: PrivateKey| {
        tokio::spawn(async move {
            let start = Instant::now();
            let refused = connect(address, &key).await.is_err();
            (refused, start.elapsed())
        })
    };
    // Ten free refusals, five at a time (the most signing in from one
    // address is ten).
    for _ in 0..2 {
        let batch: Vec<_> = (0..5).map(|_| attempt(guessed.clone())).collect();
        for one in batch {
            assert!(one.await.expect("ran").0, "refused");
        }
    }
    // The next ones wait 1, 2 and 4 s: meanwhile the neighbour signs in.
    let slowed: Vec<_> = (0..3).map(|_| attempt(guessed.clone())).collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let dir = TempDir::new().expect("temp dir");
    let known = key_file(dir.path(), "id_known", &server.keys.mentor);
    let unknown = key_file(dir.path(), "id_other", &new_key());
    for keys in [vec![&known], vec![&unknown, &known]] {
        let start = Instant::now();
        let mut ssh = Command::new("ssh");
        ssh.args(["-F", "/dev/null", "-T"])
            .args(["-o", "StrictHostKeyChecking=no"])
            .args(["-o", "UserKnownHostsFile=/dev/null"])
            .args(["-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes"])
            .args(["-o", "BatchMode=yes"]);
        for key in &keys {
            ssh.arg("-i").arg(key);
        }
        let out = ssh
            .args(["-p", &address.port().to_string(), "aysel@127.0.0.1"])
            .arg("search kilim")
            .env_remove("SSH_AUTH_SOCK")
            .stdin(Stdio::null())
            .output()
            .expect("run ssh");
        let took = start.elapsed();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            took < Duration::from_millis(2500),
            "the neighbour ({} key(s) offered) waited {took:?}",
            keys.len()
        );
    }
    let mut longest = Duration::ZERO;
    for one in slowed {
        let (refused, took) = one.await.expect("ran");
        assert!(refused);
        longest = longest.max(took);
    }
    assert!(
        longest >= Duration::from_secs(2),
        "the key retried is slowed: {longest:?}"
    );
    server.stop().await;
}

/// Commands over SSH past the caps (one per user, two in all here) are
/// refused with a line that says why, while two exports wait for clients
/// that read nothing; once those clients go, commands run again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_beyond_the_caps_are_refused_with_a_line() {
    let mut server = TestServer::start_with(|settings| {
        settings.limits.max_commands = 2;
        settings.limits.max_commands_per_user = 1;
    })
    .await;
    let address = server.address();
    // An export to a client that reads nothing holds its place.
    let stalled_export = |key: PrivateKey| async move {
        let config = Arc::new(client::Config {
            channel_buffer_size: 1,
            window_size: 2048,
            ..Default::default()
        });
        let mut handle = client::connect(config, address, AcceptAny)
            .await
            .expect("connect");
        let auth = handle
            .authenticate_publickey("anyone", PrivateKeyWithHashAlg::new(Arc::new(key), None))
            .await
            .expect("an answer");
        assert!(auth.success());
        let channel = handle.channel_open_session().await.expect("a session");
        channel.exec(true, "export all").await.expect("exec");
        (handle, channel)
    };
    let first = stalled_export(server.keys.coordinator.clone()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (status, _, err) =
        crate::support::ssh::exec(address, &server.keys.coordinator, "search kilim").await;
    assert_eq!(status, 1);
    assert!(
        err.contains("you have 1 command(s) running, the most at once"),
        "{err}"
    );
    let second = stalled_export(server.keys.staff.clone()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (status, _, err) =
        crate::support::ssh::exec(address, &server.keys.mentor, "search kilim").await;
    assert_eq!(status, 1);
    assert!(
        err.contains("the server is running 2 commands, the most at once"),
        "{err}"
    );
    drop((first, second));
    let start = Instant::now();
    loop {
        let (status, out, _) =
            crate::support::ssh::exec(address, &server.keys.mentor, "search kilim").await;
        if status == 0 {
            assert!(String::from_utf8_lossy(&out).contains("Kilim Craft"));
            break;
        }
        assert!(start.elapsed() < WAIT, "the places were never given back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.stop().await;
}

/// A users file naming a mentor record that was deleted: the server
/// starts, says which line and who, and that user reads but writes
/// nothing (a note over SSH is refused); the others work as before.
#[test]
fn a_deleted_mentor_does_not_stop_the_server_and_that_user_reads_only() {
    let (dir, keys, users) = setup(|text| text.replace("mentor = \"m1\"", "mentor = \"m99\""));
    let line = std::fs::read_to_string(&users)
        .expect("users.toml")
        .lines()
        .position(|l| l.contains("m99"))
        .expect("the line")
        + 1;
    let serve = Serve::start_with(dir.path(), &users, None, &[]);
    let said = serve.logged("there is no mentor");
    assert!(
        said.contains(&format!(
            "users.toml:{line}: Aysel Hüseynova: there is no mentor \"m99\" in the portfolio; \
             they may only read"
        )),
        "{said}"
    );
    let runtime = runtime();
    let address = serve.address();
    let (status, out, _) = runtime.block_on(crate::support::ssh::exec(
        address,
        &keys.mentor,
        "search kilim",
    ));
    assert_eq!(status, 0, "reads");
    assert!(String::from_utf8_lossy(&out).contains("Kilim Craft"));
    let (status, _, err) = runtime.block_on(crate::support::ssh::exec(
        address,
        &keys.mentor,
        "note \"Kilim Craft\" a note",
    ));
    assert_ne!(status, 0, "writes nothing: {err}");
    assert!(
        err.contains("refused: Aysel Hüseynova may read and export but write nothing"),
        "{err}"
    );
    let (status, _, err) = runtime.block_on(crate::support::ssh::exec(
        address,
        &keys.coordinator,
        "note \"Kilim Craft\" a note",
    ));
    assert_eq!(status, 0, "{err}");
}

/// Deleting a mentor the users file signs someone in as warns in the
/// question; another mentor's does not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_mentor_the_users_file_names_warns_first() {
    let mut server = TestServer::start().await;
    let term = Terminal::open(server.address(), &server.keys.coordinator, 120, 30).await;
    term.wait_for("Needs attention").await;
    term.send("4").await;
    term.send("/Aysel").await;
    term.wait_for("┌ Mentors 1").await;
    term.send("\r").await;
    term.send("d").await;
    term.wait_for("Delete mentor Aysel Hüseynova").await;
    term.wait_for("users.toml signs Aysel Hüseynova in as this mentor")
        .await;
    term.send("\x1b").await;
    term.wait_gone("Delete mentor").await;
    term.send("\x1b").await;
    term.send("/İlkin").await;
    term.wait_for("┌ Mentors 1").await;
    term.send("\r").await;
    term.send("d").await;
    term.wait_for("Delete mentor İlkin Babayev").await;
    assert!(!term.contents().contains("users.toml signs"));
    term.send("\x1b").await;
    term.wait_gone("Delete mentor").await;
    term.quit().await;
    server.stop().await;
}

/// The server's peak resident memory so far (VmHWM), in MiB.
fn peak_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("its status");
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmHWM");
    kib / 1024.0
}

/// 30 `export all` asked for at once by three users (ten each) of a
/// 2,000-startup portfolio, with the default caps (8 commands, 2 a
/// user): what runs at once is what the caps allow, so the server's peak
/// memory stays within what six exports at once can take (the bound:
/// the peak after one export alone, plus six times what that one export
/// added, plus a quarter for the allocator), never thirty's; every
/// request either printed the whole portfolio or was refused with the
/// line that names the limit. The figures are printed (`--nocapture`).
#[test]
fn thirty_exports_at_once_take_what_the_caps_allow() {
    if !have_ssh() {
        return;
    }
    let dir = TempDir::new().expect("temp dir");
    let made = Command::new(crate::support::bin())
        .arg("--db")
        .arg(dir.path().join("portfolio"))
        .args(["generate", "--startups", "2000", "--into-db"])
        .env_remove("INCUBATOR_DB")
        .output()
        .expect("run");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let keys = Keys::new();
    let users = dir.path().join("users.toml");
    std::fs::write(&users, keys.users_toml()).expect("users.toml");
    let files: Vec<PathBuf> = [
        ("coordinator", &keys.coordinator),
        ("mentor", &keys.mentor),
        ("staff", &keys.staff),
    ]
    .iter()
    .map(|(name, key)| key_file(dir.path(), name, key))
    .collect();
    // Thirty logins at once from one address: the signing-in limits out
    // of the way, so what is measured is the command caps'.
    let mut serve = Serve::start_with(
        dir.path(),
        &users,
        None,
        &["--max-unauthenticated-per-address", "64"],
    );
    let pid = serve.pid();
    let address = serve.address();

    let before = peak_mib(pid);
    let (alone, _) = openssh(address, &files[2], "export all");
    assert!(
        alone.status.success(),
        "{}",
        String::from_utf8_lossy(&alone.stderr)
    );
    let whole = alone.stdout.len();
    let after_one = peak_mib(pid);
    let one = (after_one - before).max(1.0);

    let asked: Vec<_> = (0..30)
        .map(|i| {
            let key = files[i % 3].clone();
            thread::spawn(move || openssh(address, &key, "export all").0)
        })
        .collect();
    let (mut printed, mut refused) = (0, 0);
    for answer in asked {
        let out = answer.join().expect("an ssh");
        let said = String::from_utf8_lossy(&out.stderr).to_string();
        if out.status.success() {
            assert_eq!(out.stdout.len(), whole, "a whole export each time");
            printed += 1;
        } else {
            assert!(
                said.contains("the most at once"),
                "refused, saying which limit: {said}"
            );
            refused += 1;
        }
    }
    let peak = peak_mib(pid);
    let bound = after_one + 6.0 * one * 1.25;
    eprintln!(
        "30 exports of {whole} bytes: {printed} printed, {refused} refused; \
         server peak {before:.0} MiB before, {after_one:.0} after one export \
         (+{one:.0}), {peak:.0} after thirty asked at once (bound {bound:.0})"
    );
    assert!(
        refused > 0,
        "30 at once and none refused: the caps did nothing"
    );
    assert!(
        peak <= bound,
        "peak {peak:.0} MiB over the bound {bound:.0} MiB"
    );
    assert!(serve.alive(), "the server is still up");
}
