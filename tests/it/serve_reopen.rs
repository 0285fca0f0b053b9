//! `incubator serve` closes its database and opens it afresh once nothing
//! has used it for a while (issue 21: the memory sled keeps for what the
//! sessions read goes back). Every write made before is kept, through a
//! reopen and a `kill -9` after it; no other process takes the database
//! while sled's own lock is let go; a login after it gets the portfolio.
//! (A reader arriving during one waits for it: `store::reopen`'s tests.)

use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::support::openssh::{Serve, have_ssh, incubator, setup, ssh_command};
use crate::support::ssh::Keys;

const REOPENED: &str = "the database was opened afresh";

#[test]
fn a_quiet_server_reopens_its_database_keeping_every_write_and_every_other_process_out() {
    let dir = TempDir::new().expect("temp dir");
    setup(dir.path(), &Keys::new());
    let db = dir.path().join("portfolio");
    let before = incubator(&db)
        .args(["search", "kilim"])
        .output()
        .expect("run");
    let serve = Serve::start_env(
        dir.path(),
        &dir.path().join("users.toml"),
        None,
        &[],
        &[("INCUBATOR_REOPEN_QUIET_MS", "200")],
    );
    let file = dir.path().join("doc.json");
    std::fs::write(&file, crate::support::valid_doc().to_string()).expect("doc.json");
    for round in 1..=3 {
        // Written through the server (its socket), just before it goes quiet.
        let text = format!("kept through reopen {round}");
        let out = incubator(&db)
            .args(["note", "s3", &text])
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Meanwhile another incubator keeps trying to take the database:
        // told each time that it is served, never let in.
        let start = Instant::now();
        while serve.log().matches(REOPENED).count() < round {
            let other = incubator(&db)
                .args(["import"])
                .arg(&file)
                .arg("--replace")
                .output()
                .expect("run");
            let said = String::from_utf8_lossy(&other.stderr);
            assert_eq!(other.status.code(), Some(3), "{said}");
            assert!(said.contains("served over SSH"), "{said}");
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no reopen; the log:\n{}",
                serve.log()
            );
        }
    }
    // After the reopens: the same answers, through its socket and over SSH.
    let after = incubator(&db)
        .args(["search", "kilim"])
        .output()
        .expect("run");
    assert_eq!(
        (after.status.code(), &after.stdout),
        (before.status.code(), &before.stdout)
    );
    if have_ssh() {
        let out = ssh_command(&dir.path().join("staff.key"), serve.port, "search kilim");
        assert_eq!(
            out.stdout,
            before.stdout,
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // kill -9 after the last reopen: every note is on disk.
    drop(serve);
    let out = incubator(&db)
        .args(["search", "kept through reopen", "--kind", "note"])
        .output()
        .expect("run");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
}
