//! The fault harness, part 1: `kill -9` at random moments during every
//! kind of write, then the same questions each time:
//! - does the database open, and does `check` call it sound?
//! - is every acknowledged write there (a command that exited 0)?
//! - is a change of many records (`import --replace`, `restore`, a delete
//!   with its cascade) all there or all gone?
//! - is every snapshot in the backups folder whole and restorable?
//!
//! Scenarios (one test each; note appends are in `tests/crash.rs`):
//! - `import --replace`, killed while it keeps a snapshot of the old
//!   portfolio or while it replaces it;
//! - the day's first write, killed while its snapshot is being written;
//! - `restore`, killed while it keeps a snapshot or while it replaces;
//! - a delete with its cascade (a startup, its notes and its demo day
//!   slot), from the library in a child process;
//! - a TUI edit: a form saved with Ctrl-S.
//!
//! `INCUBATOR_FAULT_ROUNDS=N` sets the rounds of each scenario (the
//! default keeps `cargo test` quick); `INCUBATOR_FAULT_SEED=N` replays a
//! run (each test prints its seed). See README, "The fault harness".

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::support::{Sandbox, assert_ran, env_number, lossy as text, show};
use incubator::generate::Rng;
use serde_json::{Value, json};

/// The binary on `sandbox`'s database with nothing on its standard input
/// and no backtrace asked for: what the harness runs and kills.
fn command(sandbox: &Sandbox) -> Command {
    let mut cmd = sandbox.plain();
    cmd.arg("--db")
        .arg(sandbox.db())
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null());
    cmd
}

fn run(sandbox: &Sandbox, args: &[&str]) -> Output {
    command(sandbox).args(args).output().expect("run incubator")
}

fn run_ok(sandbox: &Sandbox, args: &[&str]) -> Output {
    let out = run(sandbox, args);
    assert_ran(&out, args);
    out
}

/// `export all`, parsed, without `exported_at`.
fn export(sandbox: &Sandbox) -> Value {
    let out = run_ok(sandbox, &["export", "all"]);
    let mut doc: Value = serde_json::from_slice(&out.stdout).expect("export is JSON");
    doc.as_object_mut().unwrap().remove("exported_at");
    doc
}

fn write_doc(sandbox: &Sandbox, name: &str, doc: &Value) -> PathBuf {
    let path = sandbox.path(name);
    std::fs::write(&path, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    path
}

/// Kills during a replace (`import --replace`, `restore`) land up to this
/// many ms after the start: a replace takes about 0.2 s alone in a debug
/// build and often over 0.25 s beside the other scenarios, so both killed
/// and finished rounds come up.
const REPLACE_KILL_MS: u64 = 500;

/// The seed (printed, so a failure can be replayed) and the rounds.
fn harness(scenario: &str, default_rounds: u64) -> (Rng, u64, u64) {
    let seed = env_number("INCUBATOR_FAULT_SEED").unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1
    });
    let rounds = env_number("INCUBATOR_FAULT_ROUNDS").unwrap_or(default_rounds);
    eprintln!("{scenario}: seed {seed}, {rounds} rounds (replay with INCUBATOR_FAULT_SEED={seed})");
    (Rng::new(seed), rounds, seed)
}

/// How a command run under the killer ended.
struct Ended {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Ended {
    fn killed(&self) -> bool {
        self.status.signal() == Some(9)
    }

    fn describe(&self) -> String {
        format!(
            "status {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

/// Start `cmd`, and SIGKILL it after `delay` unless it ended first.
fn kill_after(cmd: Command, delay: Duration) -> Ended {
    kill_when(cmd, delay, || false)
}

/// Start `cmd`, and SIGKILL it once `now` says so or after `limit`,
/// unless it ended first.
fn kill_when(mut cmd: Command, limit: Duration, now: impl Fn() -> bool) -> Ended {
    let mut child: Child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn incubator");
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if child.try_wait().expect("wait").is_some() || now() {
            break;
        }
        thread::sleep(Duration::from_micros(500));
    }
    let _ = child.kill();
    let out = child.wait_with_output().expect("reap incubator");
    Ended {
        status: out.status,
        stdout: text(&out.stdout),
        stderr: text(&out.stderr),
    }
}

/// A command that ended by itself must have succeeded, or failed with one
/// line of its own (never a panic).
fn assert_clean_end(ended: &Ended, what: &str) {
    if ended.killed() || ended.status.success() {
        return;
    }
    let lines: Vec<&str> = ended.stderr.lines().collect();
    assert!(
        ended.status.code() != Some(101)
            && !ended.stderr.contains("panicked")
            && lines.iter().all(|l| l.starts_with("incubator:")),
        "{what}: failed without being killed:\n{}",
        ended.describe()
    );
}

fn assert_sound(sandbox: &Sandbox, after: &str) {
    let out = run(sandbox, &["check"]);
    assert!(
        out.status.success() && text(&out.stdout).contains("Sound."),
        "check is not clean {after}:\n{}",
        show(&out)
    );
}

/// Every file in the backups folder under a snapshot's name is whole and
/// passes every rule an import checks. Returns how many there are.
fn assert_snapshots_whole(db: &Path, after: &str) -> usize {
    let snapshots = incubator::backup::list(db).expect("list the snapshots");
    for snapshot in &snapshots {
        if let Err(e) = snapshot.verify() {
            panic!("snapshot {} is not whole {after}: {e}", snapshot.name);
        }
    }
    snapshots.len()
}

// ---------------------------------------------------------------------------
// Two portfolios to swap between.

/// The sample, as exported.
fn sample_doc() -> Value {
    let sandbox = Sandbox::with_db("portfolio");
    run_ok(&sandbox, &["init"]);
    let out = run_ok(&sandbox, &["export", "all"]);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The sample changed everywhere, with as many notes again: replacing one
/// with the other touches every record.
fn variant_of(sample: &Value) -> Value {
    let mut doc = sample.clone();
    for s in doc["startups"].as_array_mut().unwrap() {
        let one_liner = s["one_liner"].as_str().unwrap_or_default().to_string();
        s["one_liner"] = json!(format!("{one_liner} (variant)"));
    }
    let notes = doc["notes"].as_array_mut().unwrap();
    let copies: Vec<Value> = notes
        .iter()
        .map(|n| {
            let mut n = n.clone();
            n["id"] = json!(format!("v{}", n["id"].as_str().unwrap()));
            n["body"] = json!(format!("variant: {}", n["body"].as_str().unwrap()));
            n
        })
        .collect();
    notes.extend(copies);
    doc
}

fn without_exported_at(mut doc: Value) -> Value {
    doc.as_object_mut().unwrap().remove("exported_at");
    doc
}

/// Which of the documents the database holds now, by index.
fn which_of(sandbox: &Sandbox, docs: &[&Value], after: &str) -> usize {
    let now = export(sandbox);
    docs.iter().position(|d| **d == now).unwrap_or_else(|| {
        panic!(
            "the database holds neither portfolio whole {after}: {} startups, {} notes",
            now["startups"].as_array().map_or(0, Vec::len),
            now["notes"].as_array().map_or(0, Vec::len)
        )
    })
}

#[test]
fn kill_9_during_import_replace_leaves_one_portfolio_whole() {
    let (mut rng, rounds, seed) = harness("import --replace under kill -9", 12);
    let sandbox = Sandbox::with_db("portfolio");
    let a = sample_doc();
    let b = variant_of(&a);
    let files = [
        write_doc(&sandbox, "a.json", &a),
        write_doc(&sandbox, "b.json", &b),
    ];
    let docs = [without_exported_at(a), without_exported_at(b)];
    run_ok(&sandbox, &["import", files[0].to_str().unwrap()]);
    let mut held = 0;
    let (mut killed, mut acked) = (0, 0);
    for round in 1..=rounds {
        let target = 1 - held;
        let delay = rng.between(2, REPLACE_KILL_MS);
        let mut cmd = command(&sandbox);
        cmd.args(["import", "--replace"]).arg(&files[target]);
        let ended = kill_after(cmd, Duration::from_millis(delay));
        let after = format!("after round {round}'s kill at {delay} ms (seed {seed})");
        assert_clean_end(&ended, &after);
        killed += usize::from(ended.killed());
        let now = which_of(&sandbox, &[&docs[0], &docs[1]], &after);
        if ended.status.success() {
            acked += 1;
            assert_eq!(
                now, target,
                "import --replace exited 0 but did not land {after}"
            );
        }
        assert_sound(&sandbox, &after);
        assert_snapshots_whole(&sandbox.db(), &after);
        held = now;
    }
    eprintln!(
        "import --replace: {rounds} rounds, {killed} killed mid-way, {acked} acknowledged, all whole"
    );
}

/// The bytes of every file under `dir` (0 when it is not there).
fn bytes_under(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => bytes_under(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// A streamed `import --replace` of a portfolio written in several
/// batches, killed once the fresh database it fills beside the old one
/// has grown past a point, a further point each round: the old portfolio
/// is all there and sound, and the next import clears what was left.
#[test]
fn kill_9_during_a_streamed_import_leaves_the_old_portfolio_whole() {
    let sandbox = Sandbox::with_db("portfolio");
    let old = write_doc(&sandbox, "old.json", &sample_doc());
    run_ok(&sandbox, &["import", old.to_str().unwrap()]);
    let before = export(&sandbox);
    let big = sandbox.path("big.json");
    run_ok(
        &sandbox,
        &[
            "generate",
            "--startups",
            "1500",
            "-o",
            big.to_str().unwrap(),
        ],
    );
    let building = sandbox.path("portfolio.replacing");
    let mut killed = 0;
    for (round, bytes) in [0, 64 << 10, 1 << 20, 4 << 20, 16 << 20]
        .into_iter()
        .enumerate()
    {
        let mut cmd = command(&sandbox);
        cmd.args(["import", "--replace"]).arg(&big);
        let grown = || building.exists() && bytes_under(&building) > bytes;
        let ended = kill_when(cmd, Duration::from_secs(60), grown);
        let after = format!("after round {round}'s kill once the new folder held {bytes} bytes");
        assert_clean_end(&ended, &after);
        if !ended.killed() {
            // It finished first: it landed whole; put the old one back.
            assert!(ended.status.success(), "{after}:\n{}", ended.describe());
            assert_eq!(
                export(&sandbox)["startups"].as_array().map(Vec::len),
                Some(1500)
            );
            run_ok(&sandbox, &["import", "--replace", old.to_str().unwrap()]);
            continue;
        }
        killed += 1;
        assert_eq!(
            export(&sandbox),
            before,
            "the old portfolio is not whole {after}"
        );
        assert_sound(&sandbox, &after);
        assert_snapshots_whole(&sandbox.db(), &after);
    }
    assert!(
        killed >= 2,
        "only {killed} rounds were cut short: make the file larger"
    );
    // What the kills left beside the database is cleared by the next one.
    run_ok(&sandbox, &["import", "--replace", big.to_str().unwrap()]);
    assert!(!building.exists());
    assert_eq!(
        export(&sandbox)["startups"].as_array().map(Vec::len),
        Some(1500)
    );
    assert_sound(&sandbox, "after the import that landed");
}

#[test]
fn kill_9_while_the_daily_snapshot_is_written_leaves_whole_snapshots() {
    let (mut rng, rounds, seed) = harness("daily snapshot under kill -9", 15);
    let sandbox = Sandbox::with_db("portfolio");
    run_ok(&sandbox, &["init"]);
    let mut acked: Vec<String> = Vec::new();
    let (mut killed, mut written) = (0, 0);
    for round in 1..=rounds {
        // Make the next write the first of the day again.
        for snapshot in incubator::backup::list(&sandbox.db()).unwrap() {
            if snapshot.reason == incubator::backup::Reason::Daily {
                std::fs::remove_file(&snapshot.path).unwrap();
            }
        }
        let body = format!("daily-{round}");
        let delay = rng.between(5, 200);
        let mut cmd = command(&sandbox);
        cmd.args(["note", "s1", &body]);
        let ended = kill_after(cmd, Duration::from_millis(delay));
        let after = format!("after round {round}'s kill at {delay} ms (seed {seed})");
        assert_clean_end(&ended, &after);
        killed += usize::from(ended.killed());
        let dailies: Vec<_> = incubator::backup::list(&sandbox.db())
            .unwrap()
            .into_iter()
            .filter(|s| s.reason == incubator::backup::Reason::Daily)
            .collect();
        if ended.status.success() {
            acked.push(body.clone());
            // The process waits for its snapshot: it is there, with the note.
            let [daily] = dailies.as_slice() else {
                panic!("note exited 0 without its daily snapshot {after}: {dailies:?}");
            };
            let portfolio = daily.verify().unwrap();
            assert!(
                portfolio.notes.iter().any(|n| n.body == body),
                "the daily snapshot lacks the write that set it off {after}"
            );
            written += 1;
        }
        assert_snapshots_whole(&sandbox.db(), &after);
        assert_sound(&sandbox, &after);
        let doc = export(&sandbox);
        for body in &acked {
            assert!(
                doc["notes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|n| n["body"] == body.as_str()),
                "acknowledged note {body:?} is missing {after}"
            );
        }
    }
    eprintln!("daily snapshot: {rounds} rounds, {killed} killed mid-way, {written} written whole");
}

#[test]
fn kill_9_during_restore_leaves_one_portfolio_whole() {
    let (mut rng, rounds, seed) = harness("restore under kill -9", 12);
    let sandbox = Sandbox::with_db("portfolio");
    let a = sample_doc();
    let b = variant_of(&a);
    let files = [
        write_doc(&sandbox, "a.json", &a),
        write_doc(&sandbox, "b.json", &b),
    ];
    let docs = [without_exported_at(a), without_exported_at(b)];
    run_ok(&sandbox, &["import", files[0].to_str().unwrap()]);
    let mut held = 0;
    let (mut killed, mut acked) = (0, 0);
    for round in 1..=rounds {
        let target = 1 - held;
        let delay = rng.between(2, REPLACE_KILL_MS);
        let mut cmd = command(&sandbox);
        cmd.arg("restore").arg(&files[target]);
        let ended = kill_after(cmd, Duration::from_millis(delay));
        let after = format!("after round {round}'s kill at {delay} ms (seed {seed})");
        assert_clean_end(&ended, &after);
        killed += usize::from(ended.killed());
        let now = which_of(&sandbox, &[&docs[0], &docs[1]], &after);
        if ended.status.success() {
            acked += 1;
            assert_eq!(now, target, "restore exited 0 but did not land {after}");
            assert!(
                ended.stderr.contains("is kept as "),
                "restore did not say where the old portfolio went {after}:\n{}",
                ended.describe()
            );
        }
        assert_sound(&sandbox, &after);
        assert_snapshots_whole(&sandbox.db(), &after);
        held = now;
    }
    // What the last restore replaced can itself be restored.
    let newest = incubator::backup::list(&sandbox.db()).unwrap();
    let newest = newest.first().expect("restores keep snapshots");
    run_ok(&sandbox, &["restore", &newest.name]);
    assert_sound(&sandbox, "after restoring the newest snapshot");
    eprintln!("restore: {rounds} rounds, {killed} killed mid-way, {acked} acknowledged, all whole");
}

/// The snapshot names, newest first.
fn snapshot_names(db: &Path) -> Vec<String> {
    incubator::backup::list(db)
        .expect("list the snapshots")
        .into_iter()
        .map(|s| s.name)
        .collect()
}

/// `restore` of the oldest snapshot, with two kept: the file it restores
/// from is never removed, whether the restore is killed or lands.
#[test]
fn kill_9_during_restore_of_the_oldest_snapshot_never_loses_it() {
    let (mut rng, rounds, seed) = harness("restore of the oldest snapshot under kill -9", 12);
    let sandbox = Sandbox::with_db("portfolio");
    std::fs::create_dir_all(sandbox.path("config/incubator")).unwrap();
    std::fs::write(
        sandbox.path("config/incubator/config.toml"),
        "backups_kept = 2\n",
    )
    .unwrap();
    let a = sample_doc();
    let b = variant_of(&a);
    let files = [
        write_doc(&sandbox, "a.json", &a),
        write_doc(&sandbox, "b.json", &b),
    ];
    let docs = [without_exported_at(a), without_exported_at(b)];
    run_ok(&sandbox, &["import", files[0].to_str().unwrap()]);
    run_ok(
        &sandbox,
        &["import", "--replace", files[1].to_str().unwrap()],
    );
    run_ok(
        &sandbox,
        &["import", "--replace", files[0].to_str().unwrap()],
    );
    let (mut killed, mut acked) = (0, 0);
    for round in 1..=rounds {
        let names = snapshot_names(&sandbox.db());
        let oldest = names.last().expect("snapshots to restore").clone();
        let path = incubator::backup::folder(&sandbox.db()).join(&oldest);
        let held = incubator::backup::list(&sandbox.db()).unwrap();
        let notes = held.last().unwrap().verify().unwrap().notes.len();
        let delay = rng.between(2, REPLACE_KILL_MS);
        let mut cmd = command(&sandbox);
        cmd.args(["restore", &oldest]);
        let ended = kill_after(cmd, Duration::from_millis(delay));
        let after = format!("after round {round}'s kill at {delay} ms (seed {seed})");
        assert_clean_end(&ended, &after);
        killed += usize::from(ended.killed());
        assert!(
            path.is_file(),
            "the snapshot being restored, {oldest}, is gone {after}: {:?}",
            snapshot_names(&sandbox.db())
        );
        let now = which_of(&sandbox, &[&docs[0], &docs[1]], &after);
        if ended.status.success() {
            acked += 1;
            assert_eq!(
                docs[now]["notes"].as_array().unwrap().len(),
                notes,
                "restore of {oldest} exited 0 but did not land {after}"
            );
        }
        assert_sound(&sandbox, &after);
        assert_snapshots_whole(&sandbox.db(), &after);
    }
    eprintln!(
        "restore of the oldest: {rounds} rounds, {killed} killed mid-way, {acked} acknowledged, never lost"
    );
}

/// A refused `import --replace`, killed or not: the portfolio and every
/// snapshot as they were (no snapshot kept, none pruned).
#[test]
fn kill_9_during_a_refused_import_changes_nothing() {
    let (mut rng, rounds, seed) = harness("refused import --replace under kill -9", 12);
    let sandbox = Sandbox::with_db("portfolio");
    let a = sample_doc();
    let mut bad = variant_of(&a);
    let last = bad["notes"].as_array().unwrap().len() - 1;
    bad["notes"][last]["startup"] = json!("no-such-startup");
    let file = write_doc(&sandbox, "bad.json", &bad);
    run_ok(
        &sandbox,
        &[
            "import",
            write_doc(&sandbox, "a.json", &a).to_str().unwrap(),
        ],
    );
    run_ok(&sandbox, &["note", "s1", "the day's first write"]);
    let portfolio = export(&sandbox);
    let names = snapshot_names(&sandbox.db());
    assert_eq!(names.len(), 1, "{names:?}");
    let mut killed = 0;
    for round in 1..=rounds {
        let delay = rng.between(2, REPLACE_KILL_MS);
        let mut cmd = command(&sandbox);
        cmd.args(["import", "--replace"]).arg(&file);
        let ended = kill_after(cmd, Duration::from_millis(delay));
        let after = format!("after round {round}'s kill at {delay} ms (seed {seed})");
        if ended.killed() {
            killed += 1;
        } else {
            // The refusal: its first line, then the problems it lists.
            assert!(
                ended.status.code() == Some(2)
                    && ended.stderr.starts_with("incubator: ")
                    && ended.stderr.contains("nothing imported")
                    && !ended.stderr.contains("panicked"),
                "{after}:\n{}",
                ended.describe()
            );
        }
        assert_eq!(export(&sandbox), portfolio, "the portfolio changed {after}");
        assert_eq!(
            snapshot_names(&sandbox.db()),
            names,
            "snapshots changed {after}"
        );
        assert_sound(&sandbox, &after);
    }
    eprintln!("refused import: {rounds} rounds, {killed} killed mid-way, nothing changed");
}

// ---------------------------------------------------------------------------
// A delete and its cascade, from the library in a child process: this
// test binary runs itself again with INCUBATOR_FAULT_CHILD set, and the
// child writes until it is killed, printing a line as each write lands.

const CHILD_VAR: &str = "INCUBATOR_FAULT_CHILD";
const NOTES_PER_STARTUP: usize = 3;

/// The child's side: create a startup, its notes and a demo day slot, then
/// delete the startup (one transaction taking its notes and slot), over
/// and over. Does nothing in a normal test run.
#[test]
fn fault_child_creates_and_deletes_with_cascade() {
    let Some((store, start)) = child_database() else {
        return;
    };
    use incubator::model::testing::*;
    use incubator::model::{Kind, Record};
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for k in start.. {
        let id = format!("fk{k}");
        let mut s = startup(&id);
        s.cohort = Some("c1".into());
        s.mentors = vec!["m1".into()];
        store.create("child", s.into()).expect("create the startup");
        for j in 1..=NOTES_PER_STARTUP {
            store
                .create("child", note(&format!("{id}-n{j}"), &id, "cascade").into())
                .expect("create a note");
        }
        let day = store
            .get::<incubator::model::DemoDay>("d1")
            .unwrap()
            .expect("d1");
        let mut changed = day.record.clone();
        changed.pitches.push(incubator::model::Pitch {
            startup: id.clone(),
            minutes: 5,
        });
        store
            .update("child", Record::DemoDay(changed), day.version)
            .expect("add the pitch slot");
        writeln!(out, "CREATED {id}").unwrap();
        out.flush().unwrap();
        store
            .delete("child", Kind::Startup, &id, None, false)
            .expect("delete with cascade");
        writeln!(out, "DELETED {id}").unwrap();
        out.flush().unwrap();
    }
}

/// In a child test started by [`kill_child`]: its database, opened, and
/// the number its records start from. `None` when run as a plain test.
fn child_database() -> Option<(incubator::store::Store, u64)> {
    let db = std::env::var(CHILD_VAR).ok()?;
    let store =
        incubator::store::Store::open(Path::new(&db)).expect("the child opens the database");
    let start = std::env::var("INCUBATOR_FAULT_START")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    Some((store, start))
}

/// Run the child test `name` (its name in the one test binary: module
/// path, then name) on `sandbox`'s database from record number `start`,
/// SIGKILL it after `delay` ms: how it ended, the lines it printed, and
/// its standard error.
fn kill_child(
    name: &str,
    sandbox: &Sandbox,
    start: u64,
    delay: u64,
) -> (ExitStatus, Vec<String>, String) {
    let me = std::env::current_exe().expect("this test binary");
    let mut child = Command::new(&me)
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(CHILD_VAR, sandbox.db())
        .env("INCUBATOR_FAULT_START", start.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the child");
    let stdout = child.stdout.take().expect("its output");
    let reader = thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<String>>()
    });
    thread::sleep(Duration::from_millis(delay));
    let _ = child.kill();
    let status = child.wait().expect("reap the child");
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    (status, reader.join().expect("its lines"), stderr)
}

/// A database with cohort c1, mentor m1 and demo day d1 for the child.
fn cascade_db(sandbox: &Sandbox) {
    let doc = json!({
        "format": "incubator-portfolio", "version": 1,
        "cohorts": [{"id": "c1", "name": "Cascade cohort", "start": "2026-01-05", "end": "2026-06-26"}],
        "mentors": [{"id": "m1", "name": "Cascade mentor", "capacity": 1000}],
        "demo_days": [{"id": "d1", "cohort": "c1", "at": "2026-06-25T15:00:00+04:00", "pitches": []}]
    });
    let file = write_doc(sandbox, "cascade.json", &doc);
    run_ok(sandbox, &["import", file.to_str().unwrap()]);
}

#[test]
fn kill_9_during_a_cascading_delete_leaves_all_or_nothing() {
    let (mut rng, rounds, seed) = harness("delete with cascade under kill -9", 12);
    let mut sandbox = Sandbox::with_db("portfolio");
    cascade_db(&sandbox);
    let mut created: BTreeSet<String> = BTreeSet::new();
    let mut deleted: BTreeSet<String> = BTreeSet::new();
    let mut next = 1;
    let mut mid_delete = 0;
    let (mut created_in_all, mut deleted_in_all) = (0, 0);
    for round in 1..=rounds {
        // A new database every 50 rounds: the history of every create
        // and delete only grows, and with it each round's check and
        // export (thousands of rounds on one database take hours).
        if round % 50 == 1 && round > 1 {
            created_in_all += created.len();
            deleted_in_all += deleted.len();
            sandbox = Sandbox::with_db("portfolio");
            cascade_db(&sandbox);
            created.clear();
            deleted.clear();
            next = 1;
        }
        let delay = rng.between(10, 400);
        let (status, lines, stderr) = kill_child(
            "faults_kill::fault_child_creates_and_deletes_with_cascade",
            &sandbox,
            next,
            delay,
        );
        let after = format!("after round {round}'s kill at {delay} ms (seed {seed})");
        assert!(
            status.signal() == Some(9),
            "the child ended by itself {after}: {status:?}\n{stderr}"
        );
        // libtest may print the test's name on the line before ours.
        for line in &lines {
            if let Some((_, id)) = line.split_once("CREATED ") {
                created.insert(id.trim().to_string());
            } else if let Some((_, id)) = line.split_once("DELETED ") {
                deleted.insert(id.trim().to_string());
            }
        }
        assert_sound(&sandbox, &after);

        let doc = export(&sandbox);
        let startups: BTreeSet<String> = doc["startups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect();
        let mut notes: BTreeMap<String, usize> = BTreeMap::new();
        for n in doc["notes"].as_array().unwrap() {
            *notes
                .entry(n["startup"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
        let slots: BTreeSet<String> = doc["demo_days"][0]["pitches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["startup"].as_str().unwrap().to_string())
            .collect();
        for id in &deleted {
            assert!(
                !startups.contains(id) && !notes.contains_key(id) && !slots.contains(id),
                "{id} was deleted (acknowledged) but something of it is left {after}"
            );
        }
        let undeleted: Vec<String> = created.difference(&deleted).cloned().collect();
        for id in &undeleted {
            let present = startups.contains(id);
            let whole = present && notes.get(id) == Some(&NOTES_PER_STARTUP) && slots.contains(id);
            let gone = !present && !notes.contains_key(id) && !slots.contains(id);
            assert!(
                whole || gone,
                "{id} is half deleted {after}: startup {present}, {} notes, slot {}",
                notes.get(id).copied().unwrap_or(0),
                slots.contains(id)
            );
            if gone {
                // Killed after the delete landed, before it was reported.
                mid_delete += 1;
                deleted.insert(id.clone());
            }
        }
        // A startup killed while being made (its writes are separate) may
        // lack notes or its slot, but never leaves an orphan note or slot:
        // `check` says so above.
        next = startups
            .iter()
            .chain(created.iter())
            .filter_map(|id| id.strip_prefix("fk")?.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
    }
    eprintln!(
        "delete with cascade: {rounds} rounds, {} startups created, {} deleted ({mid_delete} found gone after a kill mid-delete), none half deleted",
        created_in_all + created.len(),
        deleted_in_all + deleted.len()
    );
}

// ---------------------------------------------------------------------------

/// `kill -9` while a form in the full-screen view saves: the record is
/// saved whole or not at all.
#[test]
fn kill_9_during_a_tui_edit_saves_whole_or_not_at_all() {
    use portable_pty::{PtySize, native_pty_system};
    use std::io::Write;
    const OPEN_STARTUPS: &str = "2";
    const EDIT: &str = "e";
    const SAVE: &str = "\x13"; // Ctrl-S
    const BACKSPACE: &str = "\x7f";
    let (mut rng, rounds, seed) = harness("TUI edit under kill -9", 10);
    let sandbox = Sandbox::with_db("portfolio");
    run_ok(&sandbox, &["init"]);
    let before = export(&sandbox);
    let mut landed = 0;
    for round in 1..=rounds {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut child = pair.slave.spawn_command(sandbox.pty()).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while matches!(reader.read(&mut buf), Ok(n) if n > 0) {}
        });
        let mut writer = pair.master.take_writer().unwrap();
        thread::sleep(Duration::from_millis(500));
        // The name the form opens with is replaced, not added to: a name
        // grown past its limit (200 characters) would make every later
        // save a refused one.
        let marker = format!("edited in round {round}");
        write!(writer, "{OPEN_STARTUPS}{EDIT}").unwrap();
        thread::sleep(Duration::from_millis(200));
        write!(writer, "{}{marker}{SAVE}", BACKSPACE.repeat(210)).unwrap();
        writer.flush().unwrap();
        // From before the keys are read to after the save landed (in a
        // release build, a save lands within a millisecond or two).
        let wait = if rng.next_u64() % 2 == 0 {
            2_000
        } else {
            30_000
        };
        thread::sleep(Duration::from_micros(rng.between(0, wait)));
        // Not `child.kill()`: portable-pty sends SIGHUP first and waits for
        // the program to stop by itself, a clean stop, not a kill -9.
        let pid = child.process_id().expect("the TUI's pid");
        let sent = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -KILL {pid}");
        let _ = child.wait();
        let after = format!("after round {round} (seed {seed})");
        assert_sound(&sandbox, &after);
        let now = export(&sandbox);
        let changed: Vec<&Value> = now["startups"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| !before["startups"].as_array().unwrap().contains(s))
            .collect();
        for s in changed {
            let text = s.to_string();
            assert!(
                text.contains("edited in round"),
                "a startup changed other than by a whole edit {after}: {text}"
            );
        }
        landed += usize::from(now.to_string().contains(&format!("\"{marker}\"")));
    }
    eprintln!(
        "TUI edit: {rounds} rounds, {landed} saved before the kill, the rest not at all; none half saved"
    );
}

// ---------------------------------------------------------------------------

/// The child of the accept scenario: on the database in `CHILD_VAR`, an
/// application made and accepted, again and again, each step reported.
#[test]
fn fault_child_makes_and_accepts_applications() {
    let Some((store, start)) = child_database() else {
        return;
    };
    use incubator::model::{Application, ApplicationStage, Founder, Record};
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for k in start.. {
        let application = Application {
            id: format!("fa{k}"),
            call: "call1".into(),
            name: format!("Fault {k}"),
            one_liner: "Made to be killed".into(),
            sector: "testing".into(),
            founders: vec![Founder {
                name: "Kim Min-jun".into(),
                email: format!("kim{k}@example.kr"),
                role: "CEO".into(),
            }],
            answers: Vec::new(),
            submitted_at: "2026-12-03T11:20:00+04:00".parse().unwrap(),
            stage: ApplicationStage::Screening,
            reviewers: Vec::new(),
            startup: None,
        };
        store
            .create("child", Record::Application(application))
            .expect("make the application");
        writeln!(out, "MADE fa{k}").unwrap();
        out.flush().unwrap();
        store.accept("child", &format!("fa{k}")).expect("accept it");
        writeln!(out, "ACCEPTED fa{k}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn kill_9_during_accept_leaves_the_application_unaccepted_or_its_startup_made_and_linked() {
    let (mut rng, rounds, seed) = harness("accept under kill -9", 10);
    let sandbox = Sandbox::with_db("portfolio");
    let doc = json!({
        "format": "incubator-portfolio", "version": 2,
        "cohorts": [{"id": "c1", "name": "Accept cohort", "start": "2027-03-01", "end": "2027-06-25",
                     "capacity": 10000}],
        "calls": [{"id": "call1", "cohort": "c1", "name": "Accept call", "opens": "2026-12-01",
                   "closes": "2027-01-15", "criteria": [{"name": "Team", "weight": 1}]}]
    });
    let file = write_doc(&sandbox, "accept.json", &doc);
    run_ok(&sandbox, &["import", file.to_str().unwrap()]);
    let mut accepted: BTreeSet<String> = BTreeSet::new();
    let mut next = 1;
    let mut mid_accept = 0;
    for round in 1..=rounds {
        let delay = rng.between(10, 400);
        let (status, lines, _) = kill_child(
            "faults_kill::fault_child_makes_and_accepts_applications",
            &sandbox,
            next,
            delay,
        );
        let after = format!("after round {round}'s kill at {delay} ms (seed {seed})");
        assert!(
            status.signal() == Some(9),
            "the child ended by itself {after}"
        );
        for line in &lines {
            if let Some((_, id)) = line.split_once("ACCEPTED ") {
                accepted.insert(id.trim().to_string());
            }
        }
        assert_sound(&sandbox, &after);

        let doc = export(&sandbox);
        let startups: BTreeMap<String, Value> = doc["startups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["id"].as_str().unwrap().to_string(), s.clone()))
            .collect();
        let mut linked = BTreeSet::new();
        for a in doc["applications"].as_array().unwrap() {
            let id = a["id"].as_str().unwrap().to_string();
            match (a["stage"].as_str(), a["startup"].as_str()) {
                (Some("accepted"), Some(startup)) => {
                    let made = startups.get(startup).unwrap_or_else(|| {
                        panic!("{id} is linked to {startup}, which is not there {after}")
                    });
                    assert_eq!(made["name"], a["name"], "{after}");
                    assert_eq!(made["cohort"], "c1", "{after}");
                    if !accepted.contains(&id) {
                        mid_accept += 1;
                        accepted.insert(id.clone());
                    }
                    linked.insert(startup.to_string());
                }
                (Some("screening"), None) => assert!(
                    !accepted.contains(&id),
                    "{id} was accepted (acknowledged) but is not {after}"
                ),
                other => panic!("{id} is half accepted {after}: {other:?}"),
            }
        }
        let orphans: Vec<&String> = startups.keys().filter(|s| !linked.contains(*s)).collect();
        assert!(
            orphans.is_empty(),
            "startups made without their application {orphans:?} {after}"
        );
        next = doc["applications"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a["id"].as_str()?.strip_prefix("fa")?.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
    }
    eprintln!(
        "accept: {rounds} rounds, {} applications accepted ({mid_accept} found accepted after a kill mid-accept), none half accepted",
        accepted.len()
    );
}
