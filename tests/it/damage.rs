//! Damaged stores: a clear error of a line or two, never a panic message or
//! a backtrace, and never a damaged database mistaken for a new one.
//!
//! Each test damages a database holding the sample plus one note of ours
//! (the "canary", added by a second session, as in real use) and runs
//! `check` and `search x`. Either the command fails (non-zero exit, one
//! `incubator: …` line on standard error; `check` may instead print its
//! report of problems on standard output), or sled recovered a consistent
//! state and `check` says "Sound.". What each case does with sled 0.34.7,
//! as observed when these tests were written:
//!
//! | damage                                  | check / search x                          |
//! |-----------------------------------------|-------------------------------------------|
//! | `db` truncated to half its size         | sound, nothing lost (sled preallocates    |
//! |                                         | the segment: the cut is past the data)    |
//! | `db` truncated to half its written data | exit 1, "is damaged (its files do not add |
//! |                                         | up); `incubator --db … restore NAME`      |
//! |                                         | brings back the latest good snapshot …"   |
//! | 4 KiB of garbage in the middle of `db`  | exit 1, "is damaged …"                    |
//! | `db` deleted                            | exit 1, "is damaged …"                    |
//! | `conf` deleted                          | sound, nothing lost (sled rewrites it)    |
//! | `conf` overwritten with text            | exit 1, "is damaged …" (for some text,    |
//! |                                         | e.g. "garbage\n", sled rewrites it and    |
//! |                                         | all is sound)                             |
//! | `conf` overwritten with random bytes    | exit 1, "is not an incubator database     |
//! |                                         | (failed to open database that may have    |
//! |                                         | been created using a sled version earlier |
//! |                                         | than 0.29)"                               |
//! | `--db` is a regular file                | exit 1, "is not an incubator database (it |
//! |                                         | is a file; …)", the file untouched        |
//! | `--db` folder without permission        | exit 1, "could not use the database …:    |
//! |                                         | permission denied"                        |
//! | garbage in the snapshot file            | exit 1, "is damaged …"                    |
//! | 16 bytes of garbage at the start of `db` | sound, nothing lost (other bytes there   |
//! |                                         | made sled go back to its snapshot and     |
//! |                                         | drop the last session's note: allowed)    |
//!
//! | bit flips in `db`                       | exit 1, "is damaged …", names a snapshot  |
//! | the last 4 KiB cut off                  | the file's: sound (past the data); the    |
//! |                                         | data's: exit 1, names a snapshot          |
//! | `snap.*` deleted                        | sound, nothing lost (sled replays the log)|
//! | a leftover `snap.*.generating`          | sound, nothing lost (cleared on open; it  |
//! |                                         | used to make sled call the db corrupt)    |
//! | an empty folder                         | `check`: "there is no database there (the |
//! |                                         | folder is empty)"; others: a new database |
//! | a folder of other files                 | exit 1, "is not an incubator database     |
//! |                                         | (the folder holds other files (…) …)",    |
//! |                                         | nothing written there                     |
//! | no permission to write (555/444)        | `check`, `search`: read from a copy in a  |
//! |                                         | temporary folder; `note`: exit 1, "…      |
//! |                                         | permission denied"                        |
//!
//! A database written by a single session (no snapshot file yet) is read
//! back by sled as empty when damaged; the set-up marker beside sled's files
//! tells it from a new one, so it is reported, never refilled with the
//! sample (the last test).

use crate::support::{bin, lossy as text, show as describe};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const CANARY: &str = "damage canary: this note must survive or be reported";

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("INCUBATOR_DB")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .expect("run incubator")
}

/// The sample, then the canary note from a second session (after which
/// sled keeps a snapshot file beside its log).
fn two_session_db(dir: &Path) -> PathBuf {
    let db = dir.join("portfolio");
    let out = run(&db, &["init"]);
    assert!(
        out.status.success(),
        "setting up the sample:\n{}",
        describe(&out)
    );
    let out = run(&db, &["note", "s1", CANARY]);
    assert!(
        out.status.success(),
        "adding the canary:\n{}",
        describe(&out)
    );
    let out = run(&db, &["check"]);
    assert!(
        out.status.success() && text(&out.stdout).contains("Sound."),
        "the undamaged database:\n{}",
        describe(&out)
    );
    db
}

/// Deterministic garbage (xorshift64), never all zeros.
fn garbage(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// How much of a file sled has written: up to its last non-zero byte (sled
/// sizes its log file ahead of the data).
fn written_len(file: &Path) -> usize {
    let bytes = fs::read(file).unwrap();
    bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1)
}

fn overwrite(file: &Path, at: usize, with: &[u8]) {
    let mut bytes = fs::read(file).unwrap();
    let end = (at + with.len()).min(bytes.len());
    bytes[at..end].copy_from_slice(&with[..end - at]);
    fs::write(file, bytes).unwrap();
}

fn snapshot_file(db: &Path) -> Option<PathBuf> {
    fs::read_dir(db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("snap.")
        })
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn canary_present(db: &Path) -> bool {
    let out = run(db, &["export", "all"]);
    assert!(out.status.success(), "export all:\n{}", describe(&out));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("export all prints JSON");
    json["notes"]
        .as_array()
        .expect("a \"notes\" array")
        .iter()
        .any(|n| n["body"] == CANARY)
}

/// Never a panic, a backtrace or a wall of text: at most three lines on
/// standard error, each an `incubator:` line.
fn assert_no_panic(out: &Output, what: &str) {
    let stderr = text(&out.stderr);
    let shown = describe(out);
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "internal error",
        "please report",
    ] {
        assert!(
            !stderr.contains(bad),
            "{what}: {bad:?} on standard error:\n{shown}"
        );
    }
    assert!(
        out.status.code().is_some(),
        "{what}: killed by a signal:\n{shown}"
    );
    assert_ne!(
        out.status.code(),
        Some(101),
        "{what}: exit code 101 is a Rust panic:\n{shown}"
    );
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines.len() <= 3,
        "{what}: {} lines on standard error:\n{shown}",
        lines.len()
    );
    for line in lines {
        assert!(
            line.starts_with("incubator:"),
            "{what}: a line not from incubator: {line:?}\n{shown}"
        );
    }
}

/// What a damaged database may do; see [`check_damaged`].
#[derive(Clone, Copy, PartialEq)]
enum Allowed {
    /// Fail with a message, or recover to a consistent (sound) state.
    FailOrRecover,
    /// The data file was not touched: fail, or recover with nothing lost.
    FailOrIntact,
    /// Must fail.
    Fail,
}

/// Run `check` and `search x` on a damaged database and hold them to the
/// rules. Prints what they said, for the record.
fn check_damaged(db: &Path, case: &str, allowed: Allowed) {
    let check = run(db, &["check"]);
    let search = run(db, &["search", "x"]);
    for (cmd, out) in [("check", &check), ("search x", &search)] {
        let first_out = text(&out.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        eprintln!(
            "[{case}] {cmd}: exit {:?}; stderr {:?}; stdout begins {first_out:?}",
            out.status.code(),
            text(&out.stderr)
        );
    }
    let what = |cmd: &str| format!("{case}: {cmd}");
    assert_no_panic(&check, &what("check"));
    assert_no_panic(&search, &what("search x"));

    // check: a message, a report of problems, or "Sound.".
    let report = text(&check.stdout);
    if check.status.success() {
        assert!(
            allowed != Allowed::Fail,
            "{}: exit 0:\n{}",
            what("check"),
            describe(&check)
        );
        assert!(
            report.contains("Sound."),
            "{}:\n{}",
            what("check"),
            describe(&check)
        );
    } else {
        assert!(
            !check.stderr.is_empty() || report.contains("Damaged: "),
            "{}: failed without saying why:\n{}",
            what("check"),
            describe(&check)
        );
    }

    // search: a message, or results from the existing data. Never "new
    // database": the folder was there, with our data in it.
    let stderr = text(&search.stderr);
    if search.status.success() {
        assert!(
            allowed != Allowed::Fail,
            "{}: exit 0:\n{}",
            what("search x"),
            describe(&search)
        );
        assert!(
            !stderr.contains("new database"),
            "{}: a damaged database was taken for a new one:\n{}",
            what("search x"),
            describe(&search)
        );
    } else {
        assert!(
            !stderr.is_empty(),
            "{}: failed silently:\n{}",
            what("search x"),
            describe(&search)
        );
    }

    if check.status.success() && search.status.success() {
        let canary = canary_present(db);
        eprintln!(
            "[{case}] sound; our note is {}",
            if canary { "still there" } else { "gone" }
        );
        assert!(
            canary || allowed != Allowed::FailOrIntact,
            "{case}: sound, but our note is gone"
        );
    }
}

#[test]
fn db_file_truncated_to_half_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    let file = db.join("db");
    let len = fs::metadata(&file).unwrap().len();
    fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    eprintln!(
        "[truncated to half its size] {len} -> {} bytes (data ends at {})",
        len / 2,
        written_len(&file)
    );
    check_damaged(&db, "db truncated to half its size", Allowed::FailOrRecover);
}

#[test]
fn db_file_truncated_to_half_its_written_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    let file = db.join("db");
    let written = written_len(&file);
    fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(written as u64 / 2)
        .unwrap();
    check_damaged(&db, "db truncated to half its data", Allowed::FailOrRecover);
}

#[test]
fn garbage_in_the_middle_of_the_db_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    let file = db.join("db");
    overwrite(&file, written_len(&file) / 2, &garbage(4096, 1));
    check_damaged(&db, "garbage in the middle of db", Allowed::FailOrRecover);
}

#[test]
fn db_file_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    fs::remove_file(db.join("db")).unwrap();
    check_damaged(&db, "db deleted", Allowed::FailOrRecover);
}

#[test]
fn conf_file_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    fs::remove_file(db.join("conf")).unwrap();
    check_damaged(&db, "conf deleted", Allowed::FailOrIntact);
}

#[test]
fn conf_file_overwritten_with_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    fs::write(db.join("conf"), "garbage: yes\nthis is not sled's conf\n").unwrap();
    check_damaged(&db, "conf overwritten with text", Allowed::FailOrIntact);
}

#[test]
fn conf_file_overwritten_with_random_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    let len = fs::metadata(db.join("conf")).unwrap().len() as usize;
    fs::write(db.join("conf"), garbage(len, 2)).unwrap();
    check_damaged(
        &db,
        "conf overwritten with random bytes",
        Allowed::FailOrIntact,
    );
}

#[test]
fn db_path_is_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("portfolio.json");
    let contents = b"{\"this\": \"is somebody's file\"}\n";
    fs::write(&file, contents).unwrap();
    check_damaged(&file, "--db is a regular file", Allowed::Fail);
    assert_eq!(fs::read(&file).unwrap(), contents, "the file was changed");
}

#[test]
fn garbage_in_the_snapshot_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    let Some(snapshot) = snapshot_file(&db) else {
        eprintln!("[garbage in the snapshot] no snapshot file; skipped");
        return;
    };
    let len = fs::metadata(&snapshot).unwrap().len() as usize;
    overwrite(&snapshot, len / 2, &garbage(64, 3));
    check_damaged(&db, "garbage in the snapshot", Allowed::FailOrRecover);
}

/// Small garbage at offsets all over sled's log and snapshot: whatever
/// sled makes of each, the rules hold.
#[test]
fn garbage_anywhere_gives_a_clean_answer() {
    let dir = tempfile::tempdir().unwrap();
    let base = two_session_db(dir.path());
    let mut targets = Vec::new();
    let written = written_len(&base.join("db"));
    for i in 0..12 {
        targets.push((PathBuf::from("db"), written * i / 12));
    }
    if let Some(snapshot) = snapshot_file(&base) {
        let name = PathBuf::from(snapshot.file_name().unwrap());
        let len = fs::metadata(&snapshot).unwrap().len() as usize;
        for i in 0..6 {
            targets.push((name.clone(), len * i / 6));
        }
    }
    for (n, (file, at)) in targets.into_iter().enumerate() {
        let db = dir.path().join(format!("copy{n}"));
        copy_dir(&base, &db);
        overwrite(&db.join(&file), at, &garbage(16, n as u64 + 10));
        check_damaged(
            &db,
            &format!("16 bytes of garbage at {}:{at}", file.display()),
            Allowed::FailOrRecover,
        );
    }
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().expect("run id -u");
    text(&out.stdout).trim() == "0"
}

/// Permissions do not stop root. Not root: run as ourselves. Root: run as
/// `nobody` through `setpriv` where it works, and skip otherwise.
#[test]
fn db_folder_without_permission() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    let as_nobody = is_root();
    if as_nobody {
        let probe = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(bin())
            .arg("--version")
            .output();
        if !probe.is_ok_and(|out| out.status.success()) {
            eprintln!("[no permission] running as root without a usable setpriv; skipped");
            return;
        }
    }
    let run_as = |db: &Path, args: &[&str]| -> Output {
        let mut cmd = if as_nobody {
            let mut cmd = Command::new("setpriv");
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(bin());
            cmd
        } else {
            Command::new(bin())
        };
        cmd.arg("--db")
            .arg(db)
            .args(args)
            .env_remove("INCUBATOR_DB")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .output()
            .expect("run incubator")
    };
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path, mode: u32| {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap()
    };
    // Restores the modes even if an assertion fails, so the folder can be
    // removed.
    struct Restore(Vec<PathBuf>);
    impl Drop for Restore {
        fn drop(&mut self) {
            for path in &self.0 {
                let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o755));
            }
        }
    }
    let locked_out = dir.path().join("locked-out");
    fs::create_dir(&locked_out).unwrap();
    let _restore = Restore(vec![db.clone(), locked_out.clone()]);
    mode(dir.path(), 0o755); // `nobody` may walk to the folders, no further
    mode(&db, 0o000);
    mode(&locked_out, 0o555);

    let cases = [
        ("existing database folder with mode 000", db.clone()),
        (
            "new database in a folder with mode 555",
            locked_out.join("portfolio"),
        ),
    ];
    for (case, path) in cases {
        // Only init makes a new database: the others refuse a missing one.
        let making = if path.exists() { "search" } else { "init" };
        for args in [&["check"][..], &[making, "x"][..]] {
            let args = if args == ["init", "x"] {
                &["init"][..]
            } else {
                args
            };
            let out = run_as(&path, args);
            let what = format!("{case}: {}", args.join(" "));
            eprintln!(
                "[{case}] {}: exit {:?}; stderr {:?}",
                args.join(" "),
                out.status.code(),
                text(&out.stderr)
            );
            assert_no_panic(&out, &what);
            assert!(
                !out.status.success(),
                "{what}: succeeded:\n{}",
                describe(&out)
            );
            assert!(
                text(&out.stderr).contains("permission denied") || args == ["check"],
                "{what}:\n{}",
                describe(&out)
            );
        }
    }
    mode(&db, 0o755);
    let out = run(&db, &["check"]);
    assert!(
        out.status.success() && text(&out.stdout).contains("Sound."),
        "the database after the permission test:\n{}",
        describe(&out)
    );
}

/// A database written by one session has no snapshot yet; damage in its
/// log makes sled read it back as empty. It must be reported as damaged,
/// not taken for a new database and refilled with the sample over the
/// user's data.
#[test]
fn damage_to_a_database_from_one_session_is_not_taken_for_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio");
    // One session, as the full-screen view makes a database and a note is
    // added in it (no command makes a database and writes to it at once).
    {
        use incubator::workspace::{IfNew, open};
        let opened = open(&db, IfNew::Sample).expect("the sample");
        let note = incubator::model::testing::note("", "s1", CANARY);
        opened
            .store
            .create("test", note.into())
            .expect("the canary");
    }
    assert!(
        snapshot_file(&db).is_none(),
        "expected no snapshot after one session"
    );
    let file = db.join("db");
    overwrite(&file, written_len(&file) / 2, &garbage(4096, 4));
    check_damaged(
        &db,
        "one-session database, garbage in the middle of db",
        Allowed::FailOrRecover,
    );
    let out = run(&db, &["check"]);
    assert!(
        !text(&out.stdout).contains("never set up"),
        "check calls a damaged database never set up:\n{}",
        describe(&out)
    );
}

// ---------------------------------------------------------------------------
// The damage the issue lists, one test each, and the way back: `check`
// (or any command) names the latest good snapshot, and `restore` with that
// name brings the portfolio back.

/// The snapshot name in the advice `… restore NAME` brings back …", from
/// either stream.
fn advised_snapshot(out: &Output) -> Option<String> {
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    let (_, rest) = all.split_once(" restore ")?;
    let name: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '`')
        .collect();
    (name.ends_with(".json")).then_some(name)
}

/// A damaged database that fails must say which snapshot to restore.
fn assert_advice_when_failing(db: &Path, case: &str) {
    let check = run(db, &["check"]);
    if check.status.success() {
        return;
    }
    let name = advised_snapshot(&check)
        .unwrap_or_else(|| panic!("{case}: check names no snapshot:\n{}", describe(&check)));
    assert!(
        name.ends_with("-daily.json"),
        "{case}: advised {name:?}:\n{}",
        describe(&check)
    );
}

fn flip_bits(file: &Path, seed: u64, flips: usize, within: usize) {
    let mut bytes = fs::read(file).unwrap();
    let noise = garbage(flips * 2, seed);
    for pair in noise.chunks(2) {
        let at = (usize::from(pair[0]) << 8 | usize::from(pair[1])) * 7919 % within.max(1);
        bytes[at] ^= 1 << (pair[0] % 8);
    }
    fs::write(file, bytes).unwrap();
}

#[test]
fn bit_flips_in_the_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let base = two_session_db(dir.path());
    let written = written_len(&base.join("db"));
    for (n, flips) in [1usize, 1, 2, 3, 8, 1, 32, 4].into_iter().enumerate() {
        let db = dir.path().join(format!("flipped{n}"));
        copy_dir(&base, &db);
        // The copy gets the snapshots too, beside it.
        copy_dir(
            &base.with_extension("backups"),
            &db.with_extension("backups"),
        );
        flip_bits(&db.join("db"), n as u64 + 100, flips, written);
        let case = format!("{flips} bit(s) flipped in db (copy {n})");
        check_damaged(&db, &case, Allowed::FailOrRecover);
        assert_advice_when_failing(&db, &case);
    }
}

#[test]
fn the_last_4_kib_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    // The file as sled sized it, and the data actually written in it.
    let file = db.join("db");
    let len = fs::metadata(&file).unwrap().len();
    let cut = |db: &Path, to: u64| {
        fs::OpenOptions::new()
            .write(true)
            .open(db.join("db"))
            .unwrap()
            .set_len(to)
            .unwrap();
    };
    let data = dir.path().join("data-cut");
    copy_dir(&db, &data);
    copy_dir(
        &db.with_extension("backups"),
        &data.with_extension("backups"),
    );
    cut(&db, len - 4096);
    check_damaged(&db, "the file's last 4 KiB cut off", Allowed::FailOrRecover);
    let written = written_len(&data.join("db")) as u64;
    cut(&data, written.saturating_sub(4096));
    check_damaged(
        &data,
        "the data's last 4 KiB cut off",
        Allowed::FailOrRecover,
    );
    assert_advice_when_failing(&data, "the data's last 4 KiB cut off");
}

#[test]
fn the_snap_files_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    let mut removed = 0;
    for entry in fs::read_dir(&db).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("snap.")
        {
            fs::remove_file(path).unwrap();
            removed += 1;
        }
    }
    assert!(removed > 0, "no snap.* file to delete");
    check_damaged(&db, "snap.* deleted", Allowed::FailOrIntact);
}

/// sled writes `snap.N.generating` and renames it when whole; a kill or a
/// full disk before the rename left a file that made sled 0.34 call the
/// whole database corrupt. It is cleared on open now: sound, nothing lost.
#[test]
fn a_leftover_generating_file_is_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let base = two_session_db(dir.path());
    for (n, contents) in [Vec::new(), garbage(700, 9), garbage(5, 10)]
        .into_iter()
        .enumerate()
    {
        let db = dir.path().join(format!("generating{n}"));
        copy_dir(&base, &db);
        let leftover = db.join("snap.FFFFFFFFFFFFFF00.generating");
        fs::write(&leftover, contents).unwrap();
        let case = format!("a leftover *.generating file (case {n})");
        check_damaged(&db, &case, Allowed::FailOrIntact);
        let out = run(&db, &["check"]);
        assert!(
            out.status.success() && text(&out.stdout).contains("Sound."),
            "{case}:\n{}",
            describe(&out)
        );
        assert!(canary_present(&db), "{case}: our note is gone");
        assert!(!leftover.exists(), "{case}: still there");
    }
}

#[test]
fn an_empty_folder_is_a_new_database_but_not_one_to_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty");
    fs::create_dir(&db).unwrap();
    for args in [&["check"][..], &["search", "x"]] {
        let out = run(&db, args);
        assert_no_panic(&out, "check on an empty folder");
        assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
        assert!(
            text(&out.stderr).contains("no database at")
                && text(&out.stderr).contains(" init` makes one"),
            "{}",
            describe(&out)
        );
        assert_eq!(fs::read_dir(&db).unwrap().count(), 0, "{args:?} made files");
    }
    // init makes one there (the recovery).
    let out = run(&db, &["init"]);
    assert!(out.status.success(), "{}", describe(&out));
    assert!(
        text(&out.stdout).contains("made a database"),
        "{}",
        describe(&out)
    );
    let out = run(&db, &["check"]);
    assert!(out.status.success(), "{}", describe(&out));
}

#[test]
fn a_folder_that_is_not_a_database_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("documents");
    fs::create_dir(&db).unwrap();
    fs::write(db.join("thesis.txt"), "years of work").unwrap();
    fs::create_dir(db.join("photos")).unwrap();
    for args in [
        &["check"][..],
        &["search", "x"][..],
        &["note", "s1", "hello"][..],
        &["export", "all"][..],
        &[][..],
    ] {
        let out = run(&db, args);
        let what = format!("incubator {}", args.join(" "));
        assert_no_panic(&out, &what);
        assert_eq!(out.status.code(), Some(1), "{what}:\n{}", describe(&out));
        let stderr = text(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{what}:\n{}", describe(&out));
        assert!(
            stderr.contains(
                "is not an incubator database (the folder holds other files (photos, thesis.txt)"
            ),
            "{what}:\n{}",
            describe(&out)
        );
    }
    let mut names: Vec<String> = fs::read_dir(&db)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["photos", "thesis.txt"], "the folder was changed");
}

/// No permission to write: the folder and its files read-only.
#[test]
fn a_database_without_permission_to_write() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    let as_nobody = is_root();
    let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    if as_nobody
        && !Command::new("setpriv")
            .args(nobody)
            .arg(bin())
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    {
        eprintln!("[read-only] running as root without a usable setpriv; skipped");
        return;
    }
    let mode = |path: &Path, mode: u32| {
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
    };
    let files: Vec<PathBuf> = fs::read_dir(&db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    mode(dir.path(), 0o755);
    for file in &files {
        mode(file, if file.is_dir() { 0o555 } else { 0o444 });
    }
    mode(&db, 0o555);
    let outcome = std::panic::catch_unwind(|| {
        for args in [
            &["check"][..],
            &["search", "x"][..],
            &["note", "s1", "x"][..],
        ] {
            let mut cmd = if as_nobody {
                let mut cmd = Command::new("setpriv");
                cmd.args(nobody).arg(bin());
                cmd
            } else {
                Command::new(bin())
            };
            let out = cmd
                .arg("--db")
                .arg(&db)
                .args(args)
                .env_remove("INCUBATOR_DB")
                .env("HOME", dir.path())
                .stdin(Stdio::null())
                .output()
                .unwrap();
            let what = format!("read-only database: {}", args.join(" "));
            eprintln!(
                "[{what}] exit {:?}; stderr {:?}",
                out.status.code(),
                text(&out.stderr)
            );
            assert_no_panic(&out, &what);
            if args[0] == "note" {
                assert_eq!(out.status.code(), Some(1), "{what}:\n{}", describe(&out));
                assert!(
                    text(&out.stderr).contains("permission denied"),
                    "{what}:\n{}",
                    describe(&out)
                );
            } else {
                // Reading works whenever the files can be read: a copy is read.
                assert!(out.status.success(), "{what}:\n{}", describe(&out));
            }
        }
    });
    mode(&db, 0o755);
    for file in &files {
        mode(file, if file.is_dir() { 0o755 } else { 0o644 });
    }
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
    let out = run(&db, &["check"]);
    assert!(out.status.success(), "{}", describe(&out));
}

/// The way back: damage, the advice, the restore it names, sound again
/// with our note, and the damaged folder kept aside.
#[test]
fn check_names_the_snapshot_and_restore_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    let file = db.join("db");
    overwrite(&file, written_len(&file) / 2, &garbage(4096, 1));
    let check = run(&db, &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", describe(&check));
    let name = advised_snapshot(&check)
        .unwrap_or_else(|| panic!("no snapshot named:\n{}", describe(&check)));
    let out = run(&db, &["restore", &name]);
    assert!(out.status.success(), "restore {name}:\n{}", describe(&out));
    assert!(
        text(&out.stderr).contains("the damaged database was moved to"),
        "{}",
        describe(&out)
    );
    let out = run(&db, &["check"]);
    assert!(
        out.status.success() && text(&out.stdout).contains("Sound."),
        "after the restore:\n{}",
        describe(&out)
    );
    assert!(canary_present(&db), "the restored portfolio lacks our note");
    let aside: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("portfolio.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
}

// ---------------------------------------------------------------------------
// A way back from every damage (issue 23, items 8 and 9).

/// The snapshot names in the backups folder beside `db`.
fn snapshot_names(db: &Path) -> Vec<String> {
    incubator::backup::list(db)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect()
}

/// Whatever the flips did to the database, `restore` of the day's snapshot
/// works: it writes a fresh database and swaps it in, reading the damaged
/// one only for a snapshot of what can be read (or keeping its folder
/// aside). Nothing is pruned by a restore that failed, and none did.
#[test]
fn restore_works_whatever_the_flips_did() {
    let dir = tempfile::tempdir().unwrap();
    let base = two_session_db(dir.path());
    let written = written_len(&base.join("db"));
    let (mut readable_but_damaged, mut unreadable) = (0, 0);
    for n in 0..12u64 {
        let db = dir.path().join(format!("flipped{n}"));
        copy_dir(&base, &db);
        copy_dir(
            &base.with_extension("backups"),
            &db.with_extension("backups"),
        );
        flip_bits(&db.join("db"), n + 300, 1 + n as usize % 4, written);
        let case = format!("{} bit(s) flipped in db (copy {n})", 1 + n % 4);
        let exported = run(&db, &["export", "all"]).status.success();
        let check = run(&db, &["check"]);
        match (exported, check.status.success()) {
            (true, false) => readable_but_damaged += 1,
            (false, _) => unreadable += 1,
            _ => {}
        }
        let daily = snapshot_names(&db)
            .into_iter()
            .find(|n| n.ends_with("-daily.json"))
            .expect("the day's snapshot");
        let before = snapshot_names(&db);
        let out = run(&db, &["restore", &daily]);
        assert!(
            out.status.success() && text(&out.stderr).starts_with("Restored "),
            "{case}: restore {daily}:\n{}",
            describe(&out)
        );
        let after = snapshot_names(&db);
        for name in &before {
            assert!(after.contains(name), "{case}: {name} went: {after:?}");
        }
        let check = run(&db, &["check"]);
        assert!(
            check.status.success() && text(&check.stdout).contains("Sound."),
            "{case}: after the restore:\n{}",
            describe(&check)
        );
        assert!(
            canary_present(&db),
            "{case}: the restored portfolio lacks our note"
        );
    }
    eprintln!(
        "12 flip cases: {readable_but_damaged} exported but failed check, {unreadable} could not be exported; all restored"
    );
}

/// A write acknowledged on a store already known damaged would be lost by
/// the restore it is told to run: such writes are refused, with the way
/// back, until the restore.
#[test]
fn writes_are_refused_on_a_store_known_damaged_until_it_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    // One note that cannot be read: sled opens the store, `export` and
    // `search` fail, and a new note would still be taken.
    {
        let sled = sled::open(&db).unwrap();
        let notes = sled.open_tree("notes").unwrap();
        let (key, _) = notes.iter().next().unwrap().unwrap();
        notes.insert(key, &b"not a record"[..]).unwrap();
        sled.flush().unwrap();
    }
    let out = run(&db, &["export", "all"]);
    assert_no_panic(&out, "export of a damaged store");
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    let name =
        advised_snapshot(&out).unwrap_or_else(|| panic!("no snapshot named:\n{}", describe(&out)));

    let out = run(&db, &["note", "s1", "written after the damage was seen"]);
    assert_no_panic(&out, "note on a damaged store");
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    let said = text(&out.stderr);
    assert!(
        said.contains("is damaged (note ")
            && said.contains("nothing more is written to it until it is restored")
            && said.contains(&format!("restore {name}")),
        "{}",
        describe(&out)
    );

    let out = run(&db, &["restore", &name]);
    assert!(
        out.status.success() && text(&out.stderr).contains("the damaged database was moved to"),
        "restore {name}:\n{}",
        describe(&out)
    );
    assert!(canary_present(&db), "the restored portfolio lacks our note");
    let out = run(&db, &["note", "s1", "written after the restore"]);
    assert!(out.status.success(), "{}", describe(&out));
}

/// Damage that is mended (here: the record put back) and a `check` that
/// finds the store sound lift the refusal.
#[test]
fn a_store_that_check_finds_sound_again_takes_writes_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_session_db(dir.path());
    let garble = |put_back: Option<(sled::IVec, sled::IVec)>| {
        let sled = sled::open(&db).unwrap();
        let notes = sled.open_tree("notes").unwrap();
        let (key, value) = notes.iter().next().unwrap().unwrap();
        match put_back {
            None => notes.insert(key.clone(), &b"not a record"[..]).unwrap(),
            Some((key, value)) => notes.insert(key, value).unwrap(),
        };
        sled.flush().unwrap();
        (key, value)
    };
    let original = garble(None);
    let out = run(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    let out = run(&db, &["note", "s1", "refused"]);
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    assert!(
        text(&out.stderr).contains("until it is restored"),
        "{}",
        describe(&out)
    );

    garble(Some(original));
    let out = run(&db, &["check"]);
    assert!(text(&out.stdout).contains("Sound."), "{}", describe(&out));
    let out = run(&db, &["note", "s1", "taken again"]);
    assert!(out.status.success(), "{}", describe(&out));
}
