//! One process at a time: a second opener gets one line naming the holder
//! and exit code 3, and a holder killed with `kill -9` does not lock the
//! database forever.
//!
//! Until the full-screen view exists, the holder is `incubator note s1 -`:
//! it opens the store (loading nothing, the database is set up first) and
//! only then reads the note from standard input (see `dispatch` and
//! `commands::note`), so it keeps the database open while its standard
//! input stays open.
//!
//! The tests wait for the holder to have opened the database by watching
//! for its pid in the holder file beside sled's files (DESIGN.md, Store:
//! "keep a small lock-info file"). Probing with another `incubator` instead
//! would race: a probe that got in first would hold the lock and make the
//! holder fail.

use crate::support::{bin, lossy as text, show as describe};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The lock-info file `incubator` writes beside sled's files.
const HOLDER_FILE: &str = "incubator-holder.json";

fn incubator(db: &Path, user: &str) -> Command {
    let mut cmd = Command::new(bin());
    cmd.arg("--db").arg(db);
    cmd.env_remove("INCUBATOR_DB");
    cmd.env("USER", user).env("LOGNAME", user);
    cmd
}

fn run(db: &Path, user: &str, args: &[&str]) -> Output {
    incubator(db, user)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run incubator")
}

/// A database with the sample, closed again.
fn sample_db(dir: &Path) -> PathBuf {
    let db = dir.join("portfolio");
    let out = run(&db, "setup", &["init"]);
    assert!(
        out.status.success(),
        "setting up the sample failed:\n{}",
        describe(&out)
    );
    db
}

/// `incubator note s1 -`, holding the database until its standard input
/// closes. Killed if a test fails while it runs.
struct Holder {
    child: Option<Child>,
    stdin: Option<ChildStdin>,
}

impl Holder {
    fn start(db: &Path, user: &str) -> Holder {
        let mut child = incubator(db, user)
            .args(["note", "s1", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn the holder");
        let stdin = child.stdin.take();
        let mut holder = Holder {
            child: Some(child),
            stdin,
        };
        holder.wait_until_open(db);
        holder
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    /// Wait until the holder file names this process.
    fn wait_until_open(&mut self, db: &Path) {
        let pid = self.pid();
        let marker = format!("\"pid\":{pid}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let written = fs::read_to_string(db.join(HOLDER_FILE)).unwrap_or_default();
            if written.replace(' ', "").contains(&marker) {
                return;
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                let out = self.child.take().unwrap().wait_with_output().unwrap();
                panic!(
                    "the holder exited ({status:?}) instead of holding the database:\n{}",
                    describe(&out)
                );
            }
            assert!(
                Instant::now() < deadline,
                "the holder (pid {pid}) never wrote {HOLDER_FILE} with its pid; it has {written:?}"
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Send the note, close standard input, and wait for the holder.
    fn finish(mut self, note: &str) -> Output {
        let mut stdin = self.stdin.take().unwrap();
        stdin.write_all(note.as_bytes()).unwrap();
        drop(stdin);
        let mut child = self.child.take().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("the holder did not finish within 20 s of its standard input closing");
            }
            thread::sleep(Duration::from_millis(10));
        }
        child.wait_with_output().unwrap()
    }

    /// SIGKILL the holder and reap it.
    fn kill_9(mut self) {
        let mut child = self.child.take().unwrap();
        child.kill().expect("SIGKILL the holder");
        child.wait().unwrap();
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The message a second opener gets: one line on standard error, exit
/// code 3, nothing on standard output, nothing from sled or a panic.
/// Returns the line.
fn assert_locked(out: &Output, db: &Path, what: &str) -> String {
    let stderr = text(&out.stderr);
    let shown = describe(out);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{what} on a held database:\n{shown}"
    );
    assert!(
        out.stdout.is_empty(),
        "{what} printed to standard output:\n{shown}"
    );
    assert!(
        stderr.ends_with('\n') && stderr.matches('\n').count() == 1,
        "{what}: standard error is not exactly one line:\n{shown}"
    );
    let line = stderr.trim_end().to_string();
    assert!(line.starts_with("incubator: "), "{what}: {line:?}");
    assert!(
        line.contains(&db.display().to_string()),
        "{what}: the path is not named: {line:?}"
    );
    let lower = line.to_lowercase();
    for word in [
        "sled",
        "panicked",
        "backtrace",
        "internal error",
        "could not acquire lock",
    ] {
        assert!(!lower.contains(word), "{what}: {word:?} in {line:?}");
    }
    line
}

/// `… in use by USER (pid N) since YYYY-MM-DD HH:MM …`
fn assert_names_holder(line: &str, user: &str, pid: u32, what: &str) {
    let expected = format!("in use by {user} (pid {pid}) since ");
    let at = line
        .find(&expected)
        .unwrap_or_else(|| panic!("{what}: no {expected:?} in {line:?}"));
    let since: Vec<char> = line[at + expected.len()..].chars().take(16).collect();
    let shape = "dddd-dd-dd dd:dd";
    let fits = since.len() == shape.len()
        && since.iter().zip(shape.chars()).all(|(c, s)| {
            if s == 'd' {
                c.is_ascii_digit()
            } else {
                *c == s
            }
        });
    assert!(
        fits,
        "{what}: the time after \"since\" is not like 2026-06-25 15:00: {line:?}"
    );
}

fn exported_notes(db: &Path) -> Vec<serde_json::Value> {
    let out = run(db, "reader", &["export", "all"]);
    assert!(
        out.status.success(),
        "export all failed:\n{}",
        describe(&out)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("export all prints JSON");
    json["notes"].as_array().expect("a \"notes\" array").clone()
}

#[test]
fn a_second_process_is_told_who_holds_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let holder = Holder::start(&db, "ada-holder");
    let pid = holder.pid();

    let search = run(&db, "bob-second", &["search", "x"]);
    let line = assert_locked(&search, &db, "search x");
    assert_names_holder(&line, "ada-holder", pid, "search x");
    eprintln!("search x on a held database, exit 3: {line}");

    // Every way in says the same: reading, writing, checking, the summary.
    for args in [
        &["check"][..],
        &["note", "s1", "a note that must not be saved"][..],
        &["export", "all"][..],
        &[][..],
    ] {
        let what = format!("incubator {}", args.join(" "));
        let out = run(&db, "bob-second", args);
        let line = assert_locked(&out, &db, &what);
        assert_names_holder(&line, "ada-holder", pid, &what);
    }

    let body = "held the database, then saved this";
    let out = holder.finish(body);
    assert!(
        out.status.success(),
        "the holder failed to save its note:\n{}",
        describe(&out)
    );
    // `n44 on Xəzər Solar (s1)`: the id, then where it went.
    let id = text(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        id.starts_with('n') && text(&out.stdout).ends_with(" on Xəzər Solar (s1)\n"),
        "the holder did not print a note id:\n{}",
        describe(&out)
    );

    let notes = exported_notes(&db);
    let saved = notes
        .iter()
        .find(|n| n["id"] == id.as_str())
        .unwrap_or_else(|| panic!("note {id} is not in export all"));
    assert_eq!(saved["body"].as_str().map(str::trim), Some(body));
    assert_eq!(saved["startup"], "s1");
    assert!(
        !notes
            .iter()
            .any(|n| n["body"] == "a note that must not be saved"),
        "the note refused with exit 3 was saved anyway"
    );

    let out = run(&db, "bob-second", &["check"]);
    assert!(
        out.status.success() && text(&out.stdout).contains("Sound."),
        "after the holder closed:\n{}",
        describe(&out)
    );
}

#[test]
fn a_holder_killed_with_kill_9_does_not_lock_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let stale = Holder::start(&db, "ada-killed");
    let stale_pid = stale.pid();
    stale.kill_9();
    assert!(
        db.join(HOLDER_FILE).exists(),
        "expected the killed holder to leave {HOLDER_FILE} behind (the stale case this test is about)"
    );

    let out = run(&db, "bob-next", &["search", "x"]);
    assert!(
        out.status.success(),
        "opening after the holder was killed (stale {HOLDER_FILE}):\n{}",
        describe(&out)
    );
    assert!(!text(&out.stderr).contains("in use"), "{}", describe(&out));
    let out = run(&db, "bob-next", &["check"]);
    assert!(
        out.status.success() && text(&out.stdout).contains("Sound."),
        "check after the holder was killed:\n{}",
        describe(&out)
    );

    // A new holder replaces the stale note: the message names it, not the
    // dead one.
    let fresh = Holder::start(&db, "carol-fresh");
    let out = run(&db, "bob-next", &["search", "x"]);
    let line = assert_locked(&out, &db, "search x");
    assert_names_holder(&line, "carol-fresh", fresh.pid(), "search x");
    assert!(
        !line.contains(&format!("pid {stale_pid})")),
        "the message names the dead holder: {line:?}"
    );
    let out = fresh.finish("after a stale holder");
    assert!(out.status.success(), "{}", describe(&out));
    let out = run(&db, "bob-next", &["search", "stale holder"]);
    assert!(out.status.success(), "{}", describe(&out));
}

/// Without the lock-info file (deleted, or never written) the message is
/// still one line and exit code 3.
#[test]
fn a_held_database_without_its_holder_file_still_gives_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let holder = Holder::start(&db, "ada-holder");
    fs::remove_file(db.join(HOLDER_FILE)).unwrap();

    let out = run(&db, "bob-second", &["search", "x"]);
    let line = assert_locked(&out, &db, "search x without a holder file");
    assert!(line.contains("in use by"), "{line:?}");
    eprintln!("search x, holder file deleted, exit 3: {line}");

    fs::write(db.join(HOLDER_FILE), b"\x00\xffnot json at all\n\n\n").unwrap();
    let out = run(&db, "bob-second", &["search", "x"]);
    let line = assert_locked(&out, &db, "search x with a garbage holder file");
    eprintln!("search x, holder file garbage, exit 3: {line}");

    let out = holder.finish("still saved");
    assert!(out.status.success(), "{}", describe(&out));
}

/// The holder's name comes from the environment: a line break or escape
/// in it must not break the one-line message.
#[test]
fn a_strange_user_name_keeps_the_message_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let holder = Holder::start(&db, "mal\nlory\u{1b}[2J\r");
    let out = run(&db, "bob-second", &["search", "x"]);
    let line = assert_locked(&out, &db, "search x");
    assert!(
        line.contains(&format!("(pid {})", holder.pid())),
        "{line:?}"
    );
    assert!(!line.contains('\u{1b}') && !line.contains('\r'), "{line:?}");
    eprintln!("search x, holder named with control characters, exit 3: {line:?}");
    let out = holder.finish("strange name");
    assert!(out.status.success(), "{}", describe(&out));
}

/// Every command that opens the database, on one held by another process:
/// the same one line and exit 3, and nothing changed. Listing the
/// snapshots (`restore` without a file) reads only the backups folder, so
/// it works while the database is in use.
#[test]
fn every_command_gives_the_lock_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    // A snapshot to name, and a file to import or restore.
    let out = run(&db, "setup", &["note", "s1", "the day's first write"]);
    assert!(out.status.success(), "{}", describe(&out));
    let export = dir.path().join("export.json");
    let out = run(
        &db,
        "setup",
        &["export", "all", "-o", export.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", describe(&out));
    let snapshot = incubator::backup::list(&db).unwrap()[0].name.clone();
    let before = exported_notes(&db);

    let holder = Holder::start(&db, "ada-holder");
    let pid = holder.pid();
    let file = export.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec![],
        vec!["search", "x"],
        vec!["note", "s1", "must not be saved"],
        vec!["export", "all"],
        vec!["export", "all", "-o", "/dev/null"],
        vec!["export", "cohort", "c1", "--format", "md"],
        vec!["import", file],
        vec!["import", file, "--replace"],
        vec!["restore", file],
        vec!["restore", &snapshot],
        vec!["check"],
    ];
    for args in &commands {
        let what = format!("incubator {}", args.join(" "));
        let out = run(&db, "bob-second", args);
        let line = assert_locked(&out, &db, &what);
        assert_names_holder(&line, "ada-holder", pid, &what);
    }
    let list = run(&db, "bob-second", &["restore"]);
    assert!(
        list.status.success() && text(&list.stdout).contains(&snapshot),
        "listing the snapshots while the database is in use:\n{}",
        describe(&list)
    );
    let out = holder.finish("the holder's note");
    assert!(out.status.success(), "{}", describe(&out));
    let after = exported_notes(&db);
    assert_eq!(
        after.len(),
        before.len() + 1,
        "only the holder's note was added"
    );
}
