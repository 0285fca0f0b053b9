//! `incubator serve` as a user runs it: the real binary, reached with the
//! real OpenSSH client (`ssh`) in a pseudo-terminal; its start-up lines,
//! its host key, its refusal of a bad users file, what a second
//! `incubator` on the same database is told, and SIGTERM.

mod ssh_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ssh_support::{Keys, WAIT};
use tempfile::TempDir;

fn incubator(db: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("incubator"));
    cmd.arg("--db").arg(db).env_remove("INCUBATOR_DB");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A running `incubator serve`, stopped (SIGKILL) if a test fails.
struct Serve {
    child: Option<Child>,
    /// Its standard output so far.
    out: Arc<Mutex<String>>,
    port: u16,
}

impl Serve {
    fn start(dir: &Path, users: &Path) -> Serve {
        let mut child = incubator(&dir.join("portfolio"))
            .args(["serve", "--listen", "127.0.0.1:0", "--users"])
            .arg(users)
            .arg("--host-key")
            .arg(dir.join("host-key"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start incubator serve");
        let out = Arc::new(Mutex::new(String::new()));
        let stdout = child.stdout.take().expect("stdout");
        let feed = Arc::clone(&out);
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let mut out = feed.lock().unwrap();
                out.push_str(&line);
                out.push('\n');
            }
        });
        let mut serve = Serve {
            child: Some(child),
            out,
            port: 0,
        };
        let line = serve.wait_for_line("connect with: ssh -p ");
        serve.port = line
            .rsplit("ssh -p ")
            .next()
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        serve
    }

    fn wait_for_line(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(line) = self.out.lock().unwrap().lines().find(|l| l.contains(text)) {
                return line.to_string();
            }
            assert!(
                start.elapsed() < WAIT,
                "no line with {text:?}; so far:\n{}",
                self.out.lock().unwrap()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM, and the exit status.
    fn terminate(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("running");
        let sent = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -TERM");
        let start = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return status;
            }
            assert!(start.elapsed() < WAIT, "serve did not stop on SIGTERM");
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A sample database, the users file and the keys.
fn setup() -> (TempDir, Keys, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("portfolio");
    let made = incubator(&db).args(["search", "x"]).output().expect("run");
    assert!(made.status.success(), "the sample database");
    let keys = Keys::new();
    let users = dir.path().join("users.toml");
    std::fs::write(&users, keys.users_toml()).expect("users.toml");
    (dir, keys, users)
}

#[test]
fn serve_says_where_and_which_key_holds_the_database_and_stops_on_sigterm() {
    let (dir, _keys, users) = setup();
    let mut serve = Serve::start(dir.path(), &users);
    let fingerprint = serve.wait_for_line("host key SHA256:");
    let key_mode = std::fs::metadata(dir.path().join("host-key"))
        .expect("the host key")
        .permissions()
        .mode();
    assert_eq!(key_mode & 0o777, 0o600, "the host key is its owner's alone");

    // Another incubator on the same database is told how to connect.
    let local = incubator(&dir.path().join("portfolio"))
        .args(["search", "kilim"])
        .output()
        .expect("run");
    assert_eq!(local.status.code(), Some(3));
    let said = String::from_utf8_lossy(&local.stderr);
    let connect = format!("connect with: ssh -p {} 127.0.0.1", serve.port);
    assert!(
        said.contains("served over SSH") && said.contains(&connect),
        "{said}"
    );

    assert!(serve.terminate().success(), "SIGTERM ends serve with 0");
    // Started again: the same host key.
    let serve = Serve::start(dir.path(), &users);
    assert_eq!(serve.wait_for_line("host key SHA256:"), fingerprint);
}

/// (A mentor id not in the portfolio no longer stops it: tests/ssh_limits.rs.)
#[test]
fn a_users_file_that_does_not_parse_is_refused_with_its_line() {
    let (dir, _keys, users) = setup();
    // A file that does not parse stops it before any database is made.
    std::fs::write(&users, "[[user]]\nname = \"A\"\nrole = staff\n").expect("users.toml");
    let fresh = dir.path().join("fresh");
    let out = incubator(&fresh)
        .args(["serve", "--listen", "127.0.0.1:0", "--users"])
        .arg(&users)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("users.toml:3: "), "{said}");
    assert!(!fresh.exists(), "no database made");
}

/// The OpenSSH client in a pseudo-terminal: it signs in with a throwaway
/// key, draws at 80×24, follows a resize, searches, quits cleanly.
#[test]
fn the_openssh_client_gets_the_full_screen_view() {
    if Command::new("ssh").arg("-V").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "ssh is missing: .ci/run installs openssh-client"
        );
        eprintln!("skipped: no ssh here (apt-get install openssh-client)");
        return;
    }
    let (dir, keys, users) = setup();
    let serve = Serve::start(dir.path(), &users);
    let key_file = dir.path().join("id_ed25519");
    let pem = keys
        .coordinator
        .to_openssh(russh::keys::ssh_key::LineEnding::LF)
        .expect("encode");
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&key_file)
        .and_then(|mut f| f.write_all(pem.as_bytes()))
        .expect("write the key");

    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new("ssh");
    for arg in [
        "-F",
        "/dev/null",
        "-tt",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-i",
    ] {
        cmd.arg(arg);
    }
    cmd.arg(&key_file);
    cmd.args(["-p", &serve.port.to_string(), "nigar@127.0.0.1"]);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("SSH_AUTH_SOCK");
    let mut child = pair.slave.spawn_command(cmd).expect("start ssh");
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        24.try_into().expect("rows"),
        80.try_into().expect("cols"),
        0,
    )));
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let mut writer = pair.master.take_writer().expect("writer");
    let feed = Arc::clone(&parser);
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            feed.lock().unwrap().process(&buf[..n]);
        }
    });
    let wait_for = |text: &str| {
        let start = Instant::now();
        while !parser.lock().unwrap().screen().contents().contains(text) {
            assert!(
                start.elapsed() < WAIT,
                "waited for {text:?}; the screen:\n{}",
                parser.lock().unwrap().screen().contents()
            );
            thread::sleep(Duration::from_millis(20));
        }
    };
    let mut send = |keys: &str| {
        writer.write_all(keys.as_bytes()).expect("type");
        writer.flush().expect("type");
    };

    wait_for("Needs attention");
    wait_for("Signed in as Nigar Əliyeva");
    send("2");
    wait_for("Startups 24");
    pair.master
        .resize(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize");
    parser
        .lock()
        .unwrap()
        .screen_mut()
        .set_size(30.try_into().expect("rows"), 100.try_into().expect("cols"));
    // Wide enough for the details beside the list.
    wait_for("┌ Ağ Şəhər Health ");
    send("\x0b");
    wait_for("Search everything");
    send("Şəmsiyyə");
    wait_for("Kilim Craft");
    send("\x1b");
    thread::sleep(Duration::from_millis(200));
    send("q");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(start.elapsed() < WAIT, "ssh did not end after q");
        thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "ssh exits 0: {status:?}");
    let screen = parser.lock().unwrap();
    assert!(
        !screen.screen().alternate_screen(),
        "the main screen is back"
    );
    assert!(!screen.screen().hide_cursor(), "the cursor shows again");
}
