//! `incubator serve`'s log and metrics (issue 20): the real binary,
//! reached with the OpenSSH client; the log file's lines parsed back
//! (JSON by default, logfmt when the config file says so) and
//! `GET /metrics` fetched over TCP.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::support::openssh::{OpenSsh, Serve, have_ssh, setup, ssh_command, write_key};
use crate::support::ssh::{Keys, WAIT, new_key};

/// The log's JSON lines, each parsed (a line that is not JSON fails).
fn json_lines(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).expect("the log file");
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// The first line whose message is `message` and whose fields hold
/// `pairs`, waited for (the server writes as things happen).
pub(crate) fn logged(path: &Path, message: &str, pairs: &[(&str, &str)]) -> Value {
    let start = std::time::Instant::now();
    loop {
        let found = json_lines(path)
            .into_iter()
            .find(|line| line["message"] == message && pairs.iter().all(|(k, v)| line[*k] == *v));
        if let Some(line) = found {
            return line;
        }
        assert!(
            start.elapsed() < WAIT,
            "no {message:?} with {pairs:?} in:\n{}",
            std::fs::read_to_string(path).unwrap_or_default()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// `GET /metrics` at `address`: the body.
fn scrape(address: SocketAddr) -> String {
    let mut stream = TcpStream::connect(address).expect("connect to the metrics");
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .expect("ask");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("the answer");
    let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    assert!(head.contains("text/plain; version=0.0.4"), "{head}");
    body.to_string()
}

/// A metric's value in an exposition.
fn metric(page: &str, name: &str) -> f64 {
    page.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in:\n{page}"))
}

#[test]
fn the_log_file_has_each_connection_command_refusal_write_and_session_and_metrics_move() {
    if !have_ssh() {
        return;
    }
    let dir = TempDir::new().expect("temp dir");
    let dir = dir.path();
    let keys = Keys::new();
    setup(dir, &keys);
    let mut serve = Serve::start(dir, &["--metrics", "127.0.0.1:0"]);
    let line = serve.wait_for_line("metrics on http://");
    let address: SocketAddr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.strip_suffix("/metrics"))
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let before = scrape(address);
    // The default place: the state folder (the test's, XDG_STATE_HOME).
    let log = dir.join("state").join("incubator").join("serve.log");

    // A write over SSH: a mentor adds a note to a startup of theirs.
    let secret = "confidential burn rate 7 months";
    let added = ssh_command(
        &dir.join("mentor.key"),
        serve.port,
        &format!("note s3 '{secret}'"),
    );
    assert!(added.status.success(), "{added:?}");
    let said = String::from_utf8_lossy(&added.stdout);
    let id = said.split_whitespace().next().expect("the note's id");
    let signed_in = logged(&log, "signed in", &[("user", "Aysel Hüseynova")]);
    assert_eq!(signed_in["role"], "mentor (m1)");
    assert_eq!(signed_in["peer"], "127.0.0.1");
    assert!(
        signed_in["key"]
            .as_str()
            .unwrap_or("")
            .starts_with("SHA256:"),
        "{signed_in}"
    );
    logged(
        &log,
        "command",
        &[("user", "Aysel Hüseynova"), ("command", "note")],
    );
    logged(&log, "command ended", &[("user", "Aysel Hüseynova")]);
    let write = logged(&log, "write", &[("who", "Aysel Hüseynova"), ("id", id)]);
    assert_eq!(write["kind"], "note");

    // A key nobody listed.
    let stranger = dir.join("stranger.key");
    write_key(&stranger, &new_key());
    let refused = ssh_command(&stranger, serve.port, "search kilim");
    assert!(!refused.status.success());
    logged(&log, "refused", &[("reason", "key not in the users file")]);

    // A terminal session: its size, then its end, why and how long.
    let mut term = OpenSsh::open(&dir.join("staff.key"), serve.port, 100, 30);
    term.wait_for("Signed in as Kim Min-jun");
    term.send("3");
    term.wait_for("Cohorts 4");
    let started = logged(&log, "session started", &[("user", "Kim Min-jun")]);
    assert_eq!(
        (started["columns"].as_u64(), started["rows"].as_u64()),
        (Some(100), Some(30))
    );
    let during = scrape(address);
    assert_eq!(metric(&during, "incubator_sessions_open"), 1.0, "{during}");
    term.quit();
    let ended = logged(
        &log,
        "session ended",
        &[("user", "Kim Min-jun"), ("ended", "quit")],
    );
    assert!(ended["seconds"].as_f64().unwrap_or(0.0) > 0.0, "{ended}");
    logged(&log, "connection closed", &[("user", "Kim Min-jun")]);

    // Never a note's body, never a key.
    let text = std::fs::read_to_string(&log).expect("the log file");
    assert!(!text.contains(secret), "the note's body is in the log");
    let public = keys.mentor.public_key().to_openssh().expect("openssh form");
    let base64 = public.split_whitespace().nth(1).expect("the key's base64");
    assert!(!text.contains(base64), "a key is in the log");
    // Standard error is not a terminal here: it is kept for warnings.
    assert!(!serve.log().contains("signed in"), "{}", serve.log());

    let after = scrape(address);
    for (name, least) in [
        ("incubator_writes_total", 1.0),
        ("incubator_refusals_total", 1.0),
        ("incubator_keystrokes_total", 2.0),
        ("incubator_frame_seconds_count", 1.0),
    ] {
        let moved = metric(&after, name) - metric(&before, name);
        assert!(moved >= least, "{name} moved by {moved}:\n{after}");
    }
    assert_eq!(metric(&after, "incubator_sessions_open"), 0.0);
    assert!(metric(&after, "incubator_store_bytes") > 0.0);
    serve.stop();
}

#[test]
fn the_config_file_chooses_logfmt_and_log_chooses_the_file() {
    if !have_ssh() {
        return;
    }
    let dir = TempDir::new().expect("temp dir");
    let dir = dir.path();
    let keys = Keys::new();
    setup(dir, &keys);
    let config = dir.join("config");
    std::fs::create_dir_all(config.join("incubator")).expect("config folder");
    std::fs::write(
        config.join("incubator").join("config.toml"),
        "log_format = \"logfmt\"\n",
    )
    .expect("config.toml");
    let log = dir.join("logs").join("mine.log");
    let log_arg = log.display().to_string();
    let config_arg = config.display().to_string();
    let mut serve = Serve::start_env(
        dir,
        &dir.join("users.toml"),
        None,
        &["--log", &log_arg],
        &[("XDG_CONFIG_HOME", &config_arg)],
    );
    let out = ssh_command(&dir.join("staff.key"), serve.port, "search kilim");
    assert!(out.status.success(), "{out:?}");
    serve.stop();
    let text = std::fs::read_to_string(&log).expect("the log file");
    let command = text
        .lines()
        .find(|l| l.contains(" msg=command "))
        .unwrap_or_else(|| panic!("no command line in:\n{text}"));
    // `key=value` pairs, a value with a space quoted.
    assert!(command.starts_with("time="), "{command}");
    assert!(command.contains(" level=info "), "{command}");
    assert!(command.contains(" user=\"Kim Min-jun\""), "{command}");
    assert!(command.ends_with(" command=search"), "{command}");
    assert!(!dir.join("state").exists(), "--log writes nowhere else");
}

#[test]
fn a_metrics_address_already_taken_stops_serve_before_it_says_it_serves() {
    let dir = TempDir::new().expect("temp dir");
    let dir = dir.path();
    setup(dir, &Keys::new());
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = taken.local_addr().expect("its address").to_string();
    let out = crate::support::openssh::incubator(&dir.join("portfolio"))
        .args(["serve", "--listen", "127.0.0.1:0", "--users"])
        .arg(dir.join("users.toml"))
        .args(["--metrics", &address])
        .env("XDG_STATE_HOME", dir.join("state"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("cannot serve metrics on {address}: ")),
        "{said}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("serving"));
}
