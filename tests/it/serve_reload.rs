//! Reading the users file again: the real `incubator serve` sent SIGHUP
//! while russh clients are signed in (a removed user's session ends with a
//! line saying so, another's goes on; a file that does not parse keeps the
//! one in use), and `serve --check-users FILE` on good and bad files.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use russh::ChannelMsg;
use tempfile::TempDir;

use crate::support::openssh::{Serve, incubator, setup};
use crate::support::ssh::{Keys, Terminal, connect, exec};

fn hang_up(serve: &Serve) {
    let sent = Command::new("kill")
        .args(["-HUP", &serve.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success(), "kill -HUP");
}

/// `keys`' users file without the mentor, Aysel Hüseynova.
fn without_the_mentor(keys: &Keys) -> String {
    keys.users_toml()
        .split("[[user]]")
        .filter(|block| !block.contains("Aysel"))
        .collect::<Vec<_>>()
        .join("[[user]]")
}

/// A command on a connection already signed in: status and standard error.
async fn exec_on(
    handle: &russh::client::Handle<crate::support::ssh::AcceptAny>,
    command: &str,
) -> (Option<u32>, String) {
    let mut channel = handle.channel_open_session().await.expect("a session");
    channel.exec(true, command).await.expect("exec");
    let (mut err, mut status) = (Vec::new(), None);
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let Ok(Some(message)) = tokio::time::timeout(Duration::from_secs(30), channel.wait()).await
        else {
            break;
        };
        match message {
            ChannelMsg::ExtendedData { data, ext: 1 } => err.extend_from_slice(&data),
            ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
            ChannelMsg::Close => break,
            _ => {}
        }
    }
    (status, String::from_utf8_lossy(&err).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_ends_a_removed_users_session_with_a_line_and_others_go_on() {
    let dir = TempDir::new().expect("temp dir");
    let keys = Keys::new();
    setup(dir.path(), &keys);
    let mut serve = Serve::start(dir.path(), &[]);
    let address = serve.address();

    let coordinator = Terminal::open(address, &keys.coordinator, 100, 30).await;
    let mentor = Terminal::open(address, &keys.mentor, 100, 30).await;
    coordinator.wait_for("Needs attention").await;
    mentor.wait_for("Signed in as Aysel").await;
    // Signed in before the reload, asking for a command after it.
    let mentor_connection = connect(address, &keys.mentor).await.expect("signed in");

    std::fs::write(dir.path().join("users.toml"), without_the_mentor(&keys)).expect("users.toml");
    hang_up(&serve);
    let said = serve.logged("read the users file again");
    assert_eq!(
        said,
        "incubator: read the users file again: 3 user(s); ended the session(s) of Aysel Hüseynova"
    );
    mentor
        .wait_for(
            "incubator: Aysel Hüseynova was removed from the users file; the session has ended",
        )
        .await;
    mentor
        .screen
        .wait_until("the channel to close", |s| s.closed())
        .await;
    // The log says why the session ended.
    crate::serve_log::logged(
        &dir.path().join("state/incubator/serve.log"),
        "session ended",
        &[
            ("user", "Aysel Hüseynova"),
            ("ended", "removed from the users file"),
        ],
    );

    // The coordinator's session went on: it still answers keys.
    coordinator.send("2").await;
    coordinator.wait_for("Startups 24").await;
    assert!(!coordinator.screen.closed());

    // The removed user's connection may run nothing more, nor may they sign in.
    let (status, err) = exec_on(&mentor_connection, "list startup").await;
    assert_eq!(status, Some(1), "{err}");
    assert_eq!(
        err,
        "incubator: Aysel Hüseynova was removed from the users file\n"
    );
    assert_eq!(
        connect(address, &keys.mentor).await.err().as_deref(),
        Some("refused")
    );
    assert!(serve.alive(), "SIGHUP does not stop serve");
    assert!(serve.terminate().success(), "SIGTERM still stops it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_with_a_broken_users_file_keeps_the_one_in_use_and_says_why() {
    let dir = TempDir::new().expect("temp dir");
    let keys = Keys::new();
    setup(dir.path(), &keys);
    let mut serve = Serve::start(dir.path(), &[]);
    let address = serve.address();
    let mentor = Terminal::open(address, &keys.mentor, 100, 30).await;
    mentor.wait_for("Signed in as Aysel").await;

    let users = dir.path().join("users.toml");
    std::fs::write(&users, "[[user]]\nname = \"A\"\nrole = [\n").expect("users.toml");
    hang_up(&serve);
    let said = serve.logged("kept the users file in use");
    assert!(
        said.starts_with(&format!(
            "incubator: kept the users file in use: {}:3: ",
            users.display()
        )),
        "{said}"
    );
    // Everyone the old file let in still gets in; the mentor's session goes on.
    let (status, out, err) = exec(address, &keys.mentor, "list startup").await;
    assert_eq!(status, 0, "{err}");
    assert!(!out.is_empty());
    mentor.send("2").await;
    mentor.wait_for("Startups").await;
    assert!(!mentor.screen.closed());
    assert!(serve.alive());
}

fn check_users(file: &Path) -> std::process::Output {
    // No database is needed, nor opened.
    incubator(&file.with_file_name("no-database"))
        .args(["serve", "--check-users"])
        .arg(file)
        .output()
        .expect("run")
}

#[test]
fn check_users_says_ok_with_the_roles_of_a_good_file() {
    let dir = TempDir::new().expect("temp dir");
    let file = dir.path().join("users.toml");
    std::fs::write(&file, Keys::new().users_toml()).expect("users.toml");
    let out = check_users(&file);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ok: 4 users (1 coordinator, 1 mentor, 1 staff, 1 judge)\n"
    );
    assert!(out.stderr.is_empty());
    assert!(!dir.path().join("no-database").exists(), "no database made");
}

#[test]
fn check_users_lists_every_problem_with_its_line() {
    let dir = TempDir::new().expect("temp dir");
    let file = dir.path().join("users.toml");
    let good = Keys::new().users_toml();
    // The good file's users, then three broken ones.
    let text = format!(
        "{good}\n[[user]]\nname = \"A\"\nrole = \"boss\"\nkeys = []\n\n\
         [[user]]\nname = \"B\"\nrole = \"staff\"\nkeys = [\"ssh-ed25519 nonsense\"]\n\n\
         [[user]]\nname = \"C\"\nrole = \"mentor\"\nkeys = []\n"
    );
    std::fs::write(&file, &text).expect("users.toml");
    let first = good.lines().count() + 2;
    let out = check_users(&file);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let shown = file.display();
    let expected = format!(
        "incubator: {shown}:{}: A: role \"boss\" is not coordinator, mentor, staff or judge\n\
         incubator: {shown}:{}: B: not a public key",
        first + 2,
        first + 8,
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.starts_with(&expected), "{said}");
    assert!(
        said.contains(&format!(
            "incubator: {shown}:{}: C: a mentor needs `mentor = \"ID\"`",
            first + 12
        )),
        "{said}"
    );
    assert!(
        said.ends_with(&format!("incubator: {shown}: 3 problem(s)\n")),
        "{said}"
    );

    // A file that does not parse at all: its one problem.
    std::fs::write(&file, "[[user]]\nname = \"A\"\nrole = staff\n").expect("users.toml");
    let out = check_users(&file);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.starts_with(&format!("incubator: {shown}:3: ")),
        "{said}"
    );
}
