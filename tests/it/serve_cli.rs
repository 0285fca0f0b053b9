//! `incubator serve` as a user runs it: the real binary, reached with the
//! real OpenSSH client (`ssh`) in a pseudo-terminal; its start-up lines,
//! its host key, its refusal of a bad users file, what a second
//! `incubator` on the same database is told, and SIGTERM.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use tempfile::TempDir;

use crate::support::openssh::{OpenSsh, Serve, have_ssh, incubator, setup};
use crate::support::ssh::Keys;

/// A sample database, the users file and the keys (each role's key in a
/// file of its own: `coordinator.key`…).
fn sample() -> (TempDir, Keys, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let keys = Keys::new();
    setup(dir.path(), &keys);
    let users = dir.path().join("users.toml");
    (dir, keys, users)
}

#[test]
fn serve_says_where_and_which_key_holds_the_database_and_stops_on_sigterm() {
    let (dir, _keys, _users) = sample();
    let mut serve = Serve::start(dir.path(), &[]);
    let fingerprint = serve.wait_for_line("host key SHA256:");
    let key_mode = std::fs::metadata(dir.path().join("host-key"))
        .expect("the host key")
        .permissions()
        .mode();
    assert_eq!(key_mode & 0o777, 0o600, "the host key is its owner's alone");

    // Another incubator replacing the portfolio is told how to connect
    // (other commands run in the server: tests/it/holder.rs).
    let file = dir.path().join("doc.json");
    std::fs::write(&file, crate::support::valid_doc().to_string()).expect("doc.json");
    let local = incubator(&dir.path().join("portfolio"))
        .arg("import")
        .arg(&file)
        .arg("--replace")
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
    let serve = Serve::start(dir.path(), &[]);
    assert_eq!(serve.wait_for_line("host key SHA256:"), fingerprint);
}

/// (A mentor id not in the portfolio no longer stops it: tests/ssh_limits.rs.)
#[test]
fn a_users_file_that_does_not_parse_is_refused_with_its_line() {
    let (dir, _keys, users) = sample();
    // A file that does not parse stops it before the database is opened.
    std::fs::write(&users, "[[user]]\nname = \"A\"\nrole = staff\n").expect("users.toml");
    let out = incubator(&dir.path().join("portfolio"))
        .args(["serve", "--listen", "127.0.0.1:0", "--users"])
        .arg(&users)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("users.toml:3: "), "{said}");
}

/// The OpenSSH client in a pseudo-terminal: it signs in with a throwaway
/// key, draws at 80×24, follows a resize, searches, quits cleanly.
#[test]
fn the_openssh_client_gets_the_full_screen_view() {
    if !have_ssh() {
        return;
    }
    let (dir, _keys, _users) = sample();
    let serve = Serve::start(dir.path(), &[]);
    let mut ssh = OpenSsh::open(&dir.path().join("coordinator.key"), serve.port, 80, 24);

    ssh.wait_for("Needs attention");
    ssh.wait_for("Signed in as Nigar Əliyeva");
    ssh.send("2");
    ssh.wait_for("Startups 24");
    ssh.resize(100, 30);
    // Wide enough for the details beside the list.
    ssh.wait_for("┌ Ağ Şəhər Health ");
    ssh.send("\x0b");
    ssh.wait_for("Search everything");
    ssh.send("Şəmsiyyə");
    ssh.wait_for("Kilim Craft");
    ssh.escape();
    ssh.quit();
    ssh.with(|screen| {
        assert!(!screen.alternate_screen(), "the main screen is back");
        assert!(!screen.hide_cursor(), "the cursor shows again");
    });
}
