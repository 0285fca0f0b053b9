//! Never touch what is not ours (issue 23, items 1–3, 10, 11): a folder
//! that is not an incubator database is refused by every command with one
//! line and left byte for byte as it was; output files never land inside
//! the database; a pipe nobody writes to is not waited on; an import or
//! restore cut short is never replaced by the sample; and a database whose
//! disk cannot be written (read-only mount, full disk) can still be read.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Sandbox, bin, lossy as text, show};

/// The binary in `env`'s sandbox with `--db db` and `args`.
/// Its temporary folder is the test's own (`tmp`), to see what is left there.
fn command(env: &Sandbox, db: &Path, args: &[&str]) -> Command {
    fs::create_dir_all(env.path("tmp")).unwrap();
    let mut cmd = Command::new(bin());
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("INCUBATOR_DB")
        .env_remove("RUST_BACKTRACE")
        .env("HOME", env.dir.path())
        .env("XDG_CONFIG_HOME", env.path("config"))
        .env("XDG_DATA_HOME", env.path("xdg-data"))
        .env("USER", "tester")
        .env("TMPDIR", env.path("tmp"))
        .stdin(Stdio::null());
    cmd
}

fn run(env: &Sandbox, db: &Path, args: &[&str]) -> Output {
    command(env, db, args).output().expect("run incubator")
}

/// Every file and folder under `dir` with its bytes (`None` for a
/// folder): what "untouched" is compared by.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
                found.insert(path, None);
            } else if meta.is_file() {
                found.insert(path.clone(), Some(fs::read(&path).unwrap()));
            } else {
                found.insert(path, Some(b"(special)".to_vec()));
            }
        }
    }
    found
}

/// One `incubator:` line on standard error, without the operating
/// system's own wording, and a failing exit.
fn assert_one_clear_line(out: &Output, what: &str) {
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{what}: exit 0:\n{}", show(out));
    assert_ne!(
        out.status.code(),
        Some(101),
        "{what}: a panic:\n{}",
        show(out)
    );
    assert_eq!(stderr.lines().count(), 1, "{what}:\n{}", show(out));
    assert!(stderr.starts_with("incubator: "), "{what}:\n{}", show(out));
    for bad in ["os error", "panicked", "backtrace", "Some(", "Io("] {
        assert!(!stderr.contains(bad), "{what}: {bad:?}:\n{}", show(out));
    }
}

/// A portfolio file to import and restore: the sample, exported.
fn sample_file(env: &Sandbox) -> PathBuf {
    let db = env.path("sample-db");
    let file = env.path("sample.json");
    made(env, &db);
    let out = run(env, &db, &["export", "all", "-o", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", show(&out));
    fs::remove_dir_all(&db).unwrap();
    file
}

/// The sample database at `db`, made as a user makes it (`init`).
fn made(env: &Sandbox, db: &Path) {
    let out = run(env, db, &["init"]);
    assert!(out.status.success(), "{}", show(&out));
}

/// A file in a folder: its path there and its bytes.
type File = (&'static str, &'static [u8]);

/// The folders of the issue, each someone else's: what they hold.
fn foreign_folders() -> Vec<(&'static str, Vec<File>)> {
    vec![
        (
            "a file named db",
            vec![("db", b"data\n"), ("readme.md", b"x\n")],
        ),
        ("a text conf", vec![("conf", b"hello\nworld\n")]),
        (
            "a Rails project",
            vec![
                ("Gemfile", b"source 'https://rubygems.org'\n"),
                ("db/schema.rb", b"ActiveRecord::Schema.define do\nend\n"),
                ("db/seeds.rb", b"# seeds\n"),
            ],
        ),
        (
            "snap.shot.png",
            vec![("snap.shot.png", b"\x89PNG\r\n\x1a\n")],
        ),
        (
            "sled-like names",
            vec![("blobs/photo.jpg", b"jpeg"), ("snap.1", b"not sled's")],
        ),
    ]
}

#[test]
fn a_folder_that_is_not_a_database_is_refused_by_every_command_and_left_as_it_was() {
    let env = Sandbox::new();
    let file = sample_file(&env);
    let file = file.to_str().unwrap();
    let commands: [&[&str]; 11] = [
        &["note", "s1", "hello"],
        &["check"],
        &["search", "x"],
        &["export", "all"],
        &["export", "cohort", "c1", "--format", "md"],
        &[],
        &["restore"],
        &["restore", file],
        &["import", file],
        &["import", file, "--replace"],
        &["--empty", "search", "x"],
    ];
    for (case, files) in foreign_folders() {
        let folder = env.path(&case.replace(' ', "-"));
        for (name, bytes) in &files {
            let path = folder.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, bytes).unwrap();
        }
        // The folder itself, and (a Rails project) its db/ folder.
        let mut targets = vec![folder.clone()];
        if folder.join("db").is_dir() {
            targets.push(folder.join("db"));
        }
        for target in targets {
            let before = tree(env.dir.path());
            for args in commands {
                let what = format!(
                    "{case}: incubator --db {} {}",
                    target.display(),
                    args.join(" ")
                );
                let out = run(&env, &target, args);
                assert_one_clear_line(&out, &what);
                assert_eq!(out.status.code(), Some(1), "{what}:\n{}", show(&out));
                assert!(
                    text(&out.stderr).contains("is not an incubator database"),
                    "{what}:\n{}",
                    show(&out)
                );
                // Nothing written: not in the folder, not beside it (no
                // backups folder, no folder moved aside).
                assert!(tree(env.dir.path()) == before, "{what}: files changed");
            }
        }
    }
}

#[test]
fn a_database_made_before_the_marker_still_opens_and_is_marked() {
    let env = Sandbox::new();
    let db = env.path("old");
    made(&env, &db);
    let out = run(&env, &db, &["note", "s1", "written by an earlier version"]);
    assert!(out.status.success(), "{}", show(&out));
    // Earlier versions wrote no marker: only sled's files.
    let marker = db.join("incubator-set-up");
    fs::remove_file(&marker).unwrap();
    for args in [&["check"][..], &["search", "earlier version"][..]] {
        let out = run(&env, &db, args);
        assert!(out.status.success(), "{args:?}:\n{}", show(&out));
        assert!(
            !text(&out.stderr).contains("new database"),
            "{}",
            show(&out)
        );
    }
    let out = run(&env, &db, &["search", "earlier version"]);
    assert!(text(&out.stdout).contains("note\t"), "{}", show(&out));
    assert!(marker.is_file(), "the marker was not written");
}

#[test]
fn output_inside_the_database_or_its_backups_is_refused() {
    let env = Sandbox::new();
    let db = env.path("ex");
    made(&env, &db);
    let out = run(
        &env,
        &db,
        &["note", "s1", "the day's first write keeps a snapshot"],
    );
    assert!(out.status.success(), "{}", show(&out));
    let backups = env.path("ex.backups");
    assert!(backups.is_dir(), "no backups folder to aim at");
    // sled's own files change as it opens; the names besides its
    // snapshots must not, nor may its log become an export.
    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| !n.starts_with("snap."))
            .collect();
        names.sort();
        names
    };
    let before = names(&db);
    let backups_before = tree(&backups);
    let export = |args: &[&str]| run(&env, &db, args);
    let db_file = db.join("db");
    let new_file = db.join("portfolio.json");
    let in_backups = backups.join("2099-01-01T000000Z-daily.json");
    let conf = db.join("conf");
    let cases: Vec<Vec<&str>> = vec![
        vec!["export", "all", "-o", db_file.to_str().unwrap()],
        vec!["export", "all", "-o", new_file.to_str().unwrap()],
        vec!["export", "all", "-o", in_backups.to_str().unwrap()],
        vec![
            "export",
            "cohort",
            "c1",
            "--format",
            "md",
            "-o",
            db.to_str().unwrap(),
        ],
        vec![
            "export",
            "cohort",
            "c1",
            "--format",
            "csv",
            "-o",
            conf.to_str().unwrap(),
            "--force",
        ],
        vec![
            "generate",
            "--startups",
            "2",
            "-o",
            new_file.to_str().unwrap(),
        ],
    ];
    for args in &cases {
        let what = args.join(" ");
        let out = export(args);
        assert_one_clear_line(&out, &what);
        assert_eq!(out.status.code(), Some(2), "{what}:\n{}", show(&out));
        assert!(
            text(&out.stderr).contains("is inside"),
            "{what}:\n{}",
            show(&out)
        );
        assert!(
            !new_file.exists() && !in_backups.exists(),
            "{what}: written"
        );
    }
    // Through a link too.
    let link = env.path("link.json");
    std::os::unix::fs::symlink(&db_file, &link).unwrap();
    let out = export(&["export", "all", "-o", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert_eq!(names(&db), before, "files written in the database");
    assert!(
        !fs::read(&db_file).unwrap().starts_with(b"{"),
        "the log is an export"
    );
    assert!(tree(&backups) == backups_before, "the backups changed");
    let out = run(&env, &db, &["check"]);
    assert!(text(&out.stdout).contains("Sound."), "{}", show(&out));
    // Beside it is fine.
    let beside = env.path("ex.json");
    let out = export(&["export", "all", "-o", beside.to_str().unwrap()]);
    assert!(out.status.success(), "{}", show(&out));
}

/// Run `cmd`, killing it if it is still running after `limit`.
fn output_within(mut cmd: Command, limit: Duration) -> Option<Output> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[test]
fn a_pipe_nobody_writes_to_is_not_waited_for() {
    let env = Sandbox::new();
    let pipe = env.path("pipe.json");
    let made = Command::new("mkfifo").arg(&pipe).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo here; skipped");
        return;
    }
    let db = env.path("portfolio");
    let pipe = pipe.to_str().unwrap();
    for args in [&["import", pipe][..], &["restore", pipe][..]] {
        let what = args.join(" ");
        if args[0] == "restore" {
            // Restore replaces a database: into an empty one.
            assert!(!db.exists(), "a database was made");
            let made = output_within(
                command(&env, &db, &["init", "--empty"]),
                Duration::from_secs(20),
            );
            assert!(made.is_some_and(|out| out.status.success()));
        }
        let out = output_within(command(&env, &db, args), Duration::from_secs(20))
            .unwrap_or_else(|| panic!("{what}: still waiting after 20 s"));
        assert_one_clear_line(&out, &what);
        assert_eq!(out.status.code(), Some(2), "{what}:\n{}", show(&out));
        assert!(
            text(&out.stderr).contains("pipe"),
            "{what}:\n{}",
            show(&out)
        );
    }
    // A pipe whose writer starts a moment after the import imports as
    // before (it is given a few seconds for its first bytes).
    let file = sample_file(&env);
    let mut writer_after = Command::new("sh");
    writer_after
        .arg("-c")
        .arg(format!(
            "cat '{}' > '{pipe}' 2>/dev/null & exec \"$0\" --db '{}' --empty import '{pipe}'",
            file.display(),
            db.display()
        ))
        .arg(bin())
        .env("HOME", env.dir.path())
        .env_remove("INCUBATOR_DB");
    let out = output_within(writer_after, Duration::from_secs(20))
        .expect("an import from a pipe with a writer still running after 20 s");
    assert!(out.status.success(), "{}", show(&out));
}

#[test]
fn a_data_file_that_is_a_folder_is_said_in_words() {
    let env = Sandbox::new();
    let db = env.path("portfolio");
    let out = run(&env, &db, &["--empty", "init"]);
    assert!(out.status.success(), "{}", show(&out));
    fs::remove_file(db.join("db")).unwrap();
    fs::create_dir(db.join("db")).unwrap();
    for args in [
        &["check"][..],
        &["search", "x"][..],
        &["note", "s1", "x"][..],
    ] {
        let what = args.join(" ");
        let out = run(&env, &db, args);
        assert_one_clear_line(&out, &what);
        assert!(
            text(&out.stderr).contains("its data file, db, is not a file"),
            "{what}:\n{}",
            show(&out)
        );
    }
}

/// Kill -9 `cmd` after `delay` (if still running): whether it was killed.
fn kill_after(mut cmd: Command, delay: Duration) -> bool {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let killed = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    killed
}

fn rounds() -> u32 {
    std::env::var("INCUBATOR_FAULT_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(8)
}

/// After an import or restore killed at any moment, the next ordinary
/// command finds the whole portfolio that was being brought in, or says
/// the fill did not finish; never the sample in its place.
fn after_a_cut_short_fill(env: &Sandbox, db: &Path, expected_startups: usize, round: u32) -> bool {
    let out = run(
        env,
        db,
        &["search", "x", "--kind", "startup", "--limit", "100000"],
    );
    let stderr = text(&out.stderr);
    assert!(
        !stderr.contains("loaded the sample"),
        "round {round}: the sample was loaded in place of the user's:\n{}",
        show(&out)
    );
    if out.status.success() {
        let data = crate::support::export_all(db);
        let startups = data["startups"].as_array().map_or(0, Vec::len);
        assert_eq!(
            startups, expected_startups,
            "round {round}: half a portfolio"
        );
        false
    } else {
        assert_one_clear_line(&out, &format!("round {round}"));
        assert!(
            stderr.contains("did not finish"),
            "round {round}:\n{}",
            show(&out)
        );
        true
    }
}

/// A generated portfolio of `startups` in an interchange file.
fn generated(env: &Sandbox, startups: usize) -> PathBuf {
    let file = env.path("big.json");
    let count = startups.to_string();
    let out = run(
        env,
        &env.path("unused"),
        &[
            "generate",
            "--startups",
            &count,
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", show(&out));
    file
}

#[test]
fn an_import_cut_short_is_never_replaced_by_the_sample() {
    let env = Sandbox::new();
    let file = generated(&env, 300);
    let file = file.to_str().unwrap();
    // How long a whole import takes here: kills are spread over it.
    let started = Instant::now();
    let out = run(&env, &env.path("timing"), &["import", file]);
    assert!(out.status.success(), "{}", show(&out));
    let took = started.elapsed();
    let (mut cut_short, mut whole) = (0, 0);
    for round in 0..rounds() {
        let db = env.path(&format!("round-{round}"));
        let delay = took * round / rounds();
        kill_after(command(&env, &db, &["import", file]), delay);
        if !db.exists() {
            continue;
        }
        if after_a_cut_short_fill(&env, &db, 300, round) {
            cut_short += 1;
            // Run again, it lands whole.
            let out = run(&env, &db, &["import", file]);
            assert!(out.status.success(), "round {round}:\n{}", show(&out));
            assert!(!after_a_cut_short_fill(&env, &db, 300, round));
        } else {
            whole += 1;
        }
    }
    eprintln!("import cut short: {cut_short} said so, {whole} landed whole (import took {took:?})");
}

#[test]
fn a_restore_cut_short_is_never_replaced_by_the_sample() {
    let env = Sandbox::new();
    let file = generated(&env, 300);
    let file = file.to_str().unwrap();
    let damaged = |db: &Path| {
        let out = run(&env, db, &["--empty", "init"]);
        assert!(out.status.success(), "{}", show(&out));
        // The log overwritten: sled calls it corrupt, restore moves it aside.
        let log = db.join("db");
        let len = fs::metadata(&log).unwrap().len() as usize;
        fs::write(&log, vec![0x5a; len]).unwrap();
    };
    let timing = env.path("timing");
    damaged(&timing);
    let started = Instant::now();
    let out = run(&env, &timing, &["restore", file]);
    assert!(out.status.success(), "{}", show(&out));
    let took = started.elapsed();
    let (mut cut_short, mut whole, mut gone) = (0, 0, 0);
    for round in 0..rounds() {
        let db = env.path(&format!("round-{round}"));
        damaged(&db);
        let delay = took * round / rounds();
        kill_after(command(&env, &db, &["restore", file]), delay);
        if !db.exists() {
            // Killed between moving the damaged one aside and starting
            // the new one (a moment between two calls): nothing there.
            gone += 1;
            continue;
        }
        let out = run(&env, &db, &["check"]);
        if !out.status.success() && text(&out.stderr).contains("damaged") {
            // Killed before the damaged one was moved aside.
            continue;
        }
        if after_a_cut_short_fill(&env, &db, 300, round) {
            cut_short += 1;
            let out = run(&env, &db, &["restore", file]);
            assert!(out.status.success(), "round {round}:\n{}", show(&out));
            assert!(!after_a_cut_short_fill(&env, &db, 300, round));
        } else {
            whole += 1;
        }
    }
    eprintln!(
        "restore cut short: {cut_short} said so, {whole} landed whole, {gone} left no folder (restore took {took:?})"
    );
}

/// A small tmpfs mounted for the test (root only), unmounted on drop.
struct Mount {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Mount {
    fn new(kib: u64) -> Option<Mount> {
        let dir = tempfile::Builder::new()
            .prefix("incubator-mount-")
            .tempdir()
            .unwrap();
        let root = dir.path().join("disk");
        fs::create_dir(&root).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(&root)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(Mount { _dir: dir, root })
    }

    fn remount(&self, how: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{how}")])
            .arg(&self.root)
            .status()
            .unwrap();
        assert!(status.success(), "remount {how}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.root).status();
    }
}

/// On a disk that cannot be written, what only reads works and shows the
/// last note; what writes says why in one line; nothing is left in the
/// temporary folder.
fn reads_work_and_writes_say_why(env: &Sandbox, db: &Path, why: &str) {
    let export = env.path("elsewhere.json");
    let reads: [&[&str]; 5] = [
        &["search", "written before"],
        &["export", "all", "-o", export.to_str().unwrap()],
        &["export", "all"],
        &["check"],
        &[],
    ];
    for args in reads {
        let what = format!("{why}: {}", args.join(" "));
        let out = run(env, db, args);
        assert!(out.status.success(), "{what}:\n{}", show(&out));
        assert!(
            !text(&out.stderr).contains("incubator:"),
            "{what}:\n{}",
            show(&out)
        );
        let said = format!(
            "{}{}",
            text(&out.stdout),
            fs::read_to_string(&export).unwrap_or_default()
        );
        match args.first() {
            Some(&"check") => assert!(said.contains("Sound."), "{what}:\n{}", show(&out)),
            None => assert!(said.contains("44 notes"), "{what}:\n{}", show(&out)),
            Some(&"search") => assert!(said.contains("n44"), "{what}:\n{}", show(&out)),
            _ => assert!(said.contains("written before"), "{what}:\n{}", show(&out)),
        }
    }
    let out = run(env, db, &["note", "s1", "one more"]);
    assert_one_clear_line(&out, &format!("{why}: note"));
    // The children's own temporary folder (TMPDIR), not the machine's,
    // which other runs share.
    let leftovers = fs::read_dir(env.path("tmp"))
        .unwrap()
        .filter(|e| {
            e.as_ref().is_ok_and(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("incubator-read-")
            })
        })
        .count();
    assert_eq!(leftovers, 0, "{why}: copies left in the temporary folder");
}

#[test]
fn a_database_on_a_read_only_mount_can_be_read() {
    let Some(mount) = Mount::new(8 * 1024) else {
        eprintln!("no tmpfs can be mounted here (needs root); skipped");
        return;
    };
    let env = Sandbox::new();
    let db = mount.root.join("portfolio");
    made(&env, &db);
    let out = run(
        &env,
        &db,
        &["note", "s1", "written before the disk went read-only"],
    );
    assert!(out.status.success(), "{}", show(&out));
    mount.remount("ro");
    let before = tree(&mount.root);
    reads_work_and_writes_say_why(&env, &db, "read-only");
    let out = run(&env, &db, &["note", "s1", "x"]);
    assert!(text(&out.stderr).contains("read-only"), "{}", show(&out));
    let out = run(
        &env,
        &db,
        &[
            "export",
            "all",
            "-o",
            db.with_extension("json").to_str().unwrap(),
        ],
    );
    assert_one_clear_line(&out, "export onto the read-only disk");
    assert!(text(&out.stderr).contains("read-only"), "{}", show(&out));
    assert!(tree(&mount.root) == before);
    mount.remount("rw");
}

#[test]
fn a_database_on_a_full_disk_can_be_read() {
    let Some(mount) = Mount::new(8 * 1024) else {
        eprintln!("no tmpfs can be mounted here (needs root); skipped");
        return;
    };
    let env = Sandbox::new();
    let db = mount.root.join("portfolio");
    made(&env, &db);
    let out = run(&env, &db, &["note", "s1", "written before the disk filled"]);
    assert!(out.status.success(), "{}", show(&out));
    // Fill what is left.
    let _ = Command::new("dd")
        .arg("if=/dev/zero")
        .arg(format!("of={}", mount.root.join("filler").display()))
        .arg("bs=64k")
        .stderr(Stdio::null())
        .status();
    reads_work_and_writes_say_why(&env, &db, "full");
    let out = run(&env, &db, &["note", "s1", "x"]);
    assert!(
        text(&out.stderr).contains("the disk is full"),
        "{}",
        show(&out)
    );
}
