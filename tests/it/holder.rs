//! A second `incubator` on a database the full-screen view or `serve`
//! holds runs through the holder's socket: the same output, error and
//! exit status as on a free database, its note in the view; replacing the
//! portfolio is still refused; a socket left by a killed holder is
//! removed; callers that send nothing stall neither the view nor other
//! commands. (Another user is refused: a unit test in `holder::listen`.)

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::openssh::{Serve, setup};
use crate::support::ssh::Keys;
use crate::support::{Sandbox, show, valid_doc};
use crate::tui_pty::{InTerminal, Tui, WAIT, wait_for_home};

const SOCKET: &str = "incubator.sock";

/// `args` on `db`, from the folder `cwd`, with `stdin`.
fn run_in(sandbox: &Sandbox, cwd: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = sandbox
        .plain()
        .env("NO_COLOR", "1")
        .arg("--db")
        .arg(sandbox.db())
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run incubator");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn run(sandbox: &Sandbox, args: &[&str]) -> Output {
    run_in(sandbox, sandbox.dir.path(), args, "")
}

/// The commands whose answers must not depend on who holds the database.
const READS: [&[&str]; 6] = [
    &["search", "kilim"],
    &["show", "startup", "Kilim", "Craft"],
    &["list", "startup", "--mentor", "aysel"],
    &["search", "pricing", "--json"],
    &[
        "export",
        "cohort",
        "c1",
        "--format",
        "csv",
        "--as-of",
        "2026-05-01",
    ],
    &["export", "cohort", "nosuch", "--format", "md"],
];

fn answers(sandbox: &Sandbox) -> Vec<(Option<i32>, Vec<u8>, Vec<u8>)> {
    READS
        .iter()
        .map(|args| {
            let out = run(sandbox, args);
            (out.status.code(), out.stdout, out.stderr)
        })
        .collect()
}

#[test]
fn commands_from_another_process_run_in_the_full_screen_view() {
    let sandbox = Sandbox::new();
    let made = run(&sandbox, &["init"]);
    assert!(made.status.success(), "{}", show(&made));
    let free = answers(&sandbox);

    let mut tui = sandbox.launch(100, 30);
    wait_for_home(&tui);
    let socket = sandbox.db().join(SOCKET);
    let meta = std::fs::symlink_metadata(&socket).expect("the view listens beside the database");
    assert!(meta.file_type().is_socket());
    assert_eq!(meta.permissions().mode() & 0o777, 0o600, "the user's alone");

    // The same answers, byte for byte, errors and exit codes included.
    assert_eq!(answers(&sandbox), free, "held vs free");

    // A note from standard input, saved and shown in the view at once.
    let out = run_in(
        &sandbox,
        sandbox.dir.path(),
        &["note", "s3", "--kind", "session", "-"],
        "Talked through the holder's socket.",
    );
    assert!(out.status.success(), "{}", show(&out));
    // `n44 on Kilim Craft (s3)`: what was written, and where.
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    let id = said
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        said == format!("{id} on Kilim Craft (s3)\n") && out.stderr.is_empty(),
        "{}",
        show(&out)
    );
    tui.send("\x0b");
    tui.wait_for("Search everything", WAIT);
    tui.send("holder's socket");
    tui.wait_for("Kilim Craft  body: …d through the holder's socket.", WAIT);
    tui.send("\r");
    tui.wait_for("┌ Kilim Craft ", WAIT);

    // Files go where the caller meant: relative to its own folder.
    let reports = sandbox.path("reports");
    std::fs::create_dir(&reports).unwrap();
    let out = run_in(
        &sandbox,
        &reports,
        &["export", "cohort", "c1", "--format", "md", "-o", "c1.md"],
        "",
    );
    assert!(out.status.success(), "{}", show(&out));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.ends_with(" to c1.md.\n"), "{said}");
    assert!(
        reports.join("c1.md").is_file(),
        "written in the caller's folder"
    );
    assert!(!sandbox.path("c1.md").exists(), "not in the view's folder");
    // …and never inside the database, as before.
    let out = run(&sandbox, &["export", "all", "-o", "db/x.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is inside the database folder"));
    assert!(!sandbox.db().join("x.json").exists());

    let out = run(&sandbox, &["check"]);
    assert!(out.status.success(), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Sound."));
    let out = run(&sandbox, &[]);
    assert!(out.status.success(), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Portfolio at "));

    // Replacing the portfolio still needs the database to itself.
    let file = sandbox.write_json("doc.json", &valid_doc());
    let out = run(&sandbox, &["import", file.to_str().unwrap(), "--replace"]);
    assert_eq!(out.status.code(), Some(3), "{}", show(&out));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("is in use by tester (pid ") && said.contains("close that incubator first"),
        "{said}"
    );

    tui.send("\x1b");
    std::thread::sleep(std::time::Duration::from_millis(200));
    tui.send("q");
    tui.assert_clean_exit();
    assert!(!socket.exists(), "the socket goes with the view");
    // And the note is on disk.
    let out = run(&sandbox, &["search", "holder's socket", "--kind", "note"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with(&format!("note\t{id}\t")),
        "{}",
        show(&out)
    );
}

#[test]
fn a_view_opened_by_a_relative_path_serves_a_caller_in_another_folder() {
    // `incubator --db db` in one folder; a cron job or a second shell
    // elsewhere names the same database by its whole path. The view used
    // to read its own `db` from the caller's folder and refuse the caller
    // ("this socket serves the database db, not …").
    let sandbox = Sandbox::new();
    let made = run(&sandbox, &["init"]);
    assert!(made.status.success(), "{}", show(&made));
    let mut tui = Tui::spawn(sandbox.command(&["--db", "db"]), 100, 30);
    wait_for_home(&tui);
    let elsewhere = sandbox.path("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let out = run_in(&sandbox, &elsewhere, &["note", "s3", "from elsewhere"], "");
    assert!(out.status.success(), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).ends_with(" on Kilim Craft (s3)\n"),
        "{}",
        show(&out)
    );
    tui.send("q");
    tui.assert_clean_exit();
    // Nothing of the database's (its backups, a daily snapshot) landed in
    // the caller's folder.
    let left: Vec<_> = std::fs::read_dir(&elsewhere).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
    let out = run(&sandbox, &["search", "from elsewhere", "--kind", "note"]);
    assert!(out.status.success(), "{}", show(&out));
}

#[test]
fn a_socket_left_by_a_killed_view_is_removed_and_the_next_command_works() {
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(80, 24);
    wait_for_home(&tui);
    let socket = sandbox.db().join(SOCKET);
    assert!(socket.exists());
    let pid = tui.child.process_id().expect("pid");
    let killed = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let _ = tui.child.wait();
    assert!(
        socket.exists(),
        "kill -9 leaves the socket (the case tested)"
    );

    let out = run(&sandbox, &["search", "kilim"]);
    assert!(out.status.success(), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("startup\ts3\tKilim Craft\t"));
    assert!(!socket.exists(), "the stale socket is removed");
    let out = run(&sandbox, &["note", "s3", "after the holder died"]);
    assert!(out.status.success(), "{}", show(&out));
}

#[test]
fn commands_from_another_process_run_in_serve() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    setup(dir.path(), &Keys::new());
    let db = dir.path().join("portfolio");
    let incubator = |args: &[&str]| {
        Command::new(crate::support::bin())
            .arg("--db")
            .arg(&db)
            .args(args)
            .env_remove("INCUBATOR_DB")
            .env("NO_COLOR", "1")
            .env("USER", "ada")
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .expect("run")
    };
    let free = incubator(&["search", "kilim"]);
    let mut serve = Serve::start(dir.path(), &[]);
    let held = incubator(&["search", "kilim"]);
    assert_eq!(
        (held.status.code(), &held.stdout, &held.stderr),
        (free.status.code(), &free.stdout, &free.stderr)
    );
    let out = incubator(&["note", "s3", "from a shell beside serve"]);
    assert!(out.status.success(), "{}", show(&out));
    let out = incubator(&["search", "beside serve", "--kind", "note", "--json"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("from a shell beside serve"),
        "{}",
        show(&out)
    );
    let out = incubator(&["export", "all", "-o", "all.json"]);
    assert!(out.status.success(), "{}", show(&out));
    assert!(dir.path().join("all.json").is_file());

    let out = incubator(&["restore", "all.json"]);
    assert_eq!(out.status.code(), Some(3), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("served over SSH"),
        "{}",
        show(&out)
    );
    assert!(serve.terminate().success());
    assert!(!db.join(SOCKET).exists(), "the socket goes with serve");
    // The note was written as the caller: its author is the caller's name.
    let all: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("all.json")).unwrap()).unwrap();
    let note = all["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["body"] == "from a shell beside serve")
        .expect("the note in the export");
    assert_eq!(note["author"], "ada");
}

#[test]
fn callers_that_send_nothing_never_stall_the_view_or_other_commands() {
    use std::os::unix::net::UnixStream;
    let sandbox = Sandbox::new();
    let mut tui = sandbox.launch(80, 24);
    wait_for_home(&tui);
    let socket = sandbox.db().join(SOCKET);
    // Connections that never send a command, one fewer than the cap (8).
    let idle: Vec<UnixStream> = (0..7)
        .map(|_| UnixStream::connect(&socket).expect("connect"))
        .collect();
    let out = run(&sandbox, &["search", "kilim"]);
    assert!(out.status.success(), "{}", show(&out));
    tui.send("2");
    tui.wait_for("Startups 24", WAIT);

    // At the cap, a command is told at once to try again.
    let one_more = UnixStream::connect(&socket).expect("connect");
    let out = run(&sandbox, &["search", "kilim"]);
    assert_eq!(out.status.code(), Some(3), "{}", show(&out));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.starts_with("incubator: the database ") && said.contains("is busy"),
        "{said}"
    );
    assert!(out.stdout.is_empty());

    // Gone, they free their places.
    drop(idle);
    drop(one_more);
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let out = run(&sandbox, &["search", "kilim"]);
        if out.status.success() {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{}", show(&out));
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    tui.send("q");
    tui.assert_clean_exit();
}
