//! Durability under `kill -9`: a note whose `incubator note` exited 0 is on
//! disk, whatever happens to the next one.
//!
//! Each round appends notes to one database back to back, SIGKILLs the
//! `incubator` process that is running at a random moment (usually in the
//! middle of opening, writing or flushing), and then checks that the
//! database opens, `check` says it is sound, and every acknowledged note is
//! in `export all`.
//!
//! How the kill is aimed: the loop that appends notes runs on a thread of
//! this test, not in a shell. It spawns each `incubator note` itself and
//! keeps the `Child` in a mutex, polling `try_wait` until it ends; the main
//! thread takes the same mutex, raises the stop flag and calls
//! `Child::kill` (SIGKILL on Unix) on whatever child is there. This is
//! more robust than a shell loop killed by process group or `pkill`:
//! - SIGKILL goes to the `incubator` process itself, by the pid of a child
//!   not yet reaped, so it cannot hit a recycled pid, and the stop flag is
//!   set under the same lock, so no new note starts after the kill;
//! - a note counts as acknowledged only when its exit status is 0, read
//!   straight from `wait`, not from a line some shell printed afterwards;
//! - the killed child is reaped by this test before the next round, so it
//!   is gone and its sled lock released when the next command opens the
//!   database (a process killed by group, orphaned and reaped by init may
//!   still be exiting, and make the next open fail with "in use");
//! - nothing depends on `setsid`, `pkill` or `/proc`.
//!
//! The seed of the random delays is printed; `CRASH_SEED=N` replays it and
//! `CRASH_ROUNDS=N` (or the whole harness's `INCUBATOR_FAULT_ROUNDS=N`)
//! changes the number of rounds (default 40; see `tests/faults_kill.rs`).

use crate::support::{bin, env_number, lossy as text, show as describe};
use incubator::generate::Rng;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn incubator(db: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.arg("--db").arg(db);
    cmd.env_remove("INCUBATOR_DB");
    cmd
}

fn run(db: &Path, args: &[&str]) -> Output {
    incubator(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run incubator")
}

/// The body of note `k` of round `r`.
fn body(round: u64, k: u64) -> String {
    format!("r{round}-{k}")
}

/// `(round, k)` back from a body written by [`body`].
fn parse_body(body: &str) -> Option<(u64, u64)> {
    let (round, k) = body.strip_prefix('r')?.split_once('-')?;
    Some((round.parse().ok()?, k.parse().ok()?))
}

/// A note whose command exited 0, with the id it printed.
#[derive(Debug, Clone)]
struct Acked {
    body: String,
    id: String,
}

/// How a round's appending loop ended.
#[derive(Debug, Default)]
struct LoopReport {
    acked: Vec<Acked>,
    /// Notes that failed for any reason other than our SIGKILL.
    failures: Vec<String>,
    /// Whether the SIGKILL found a note command running.
    killed_one: bool,
}

/// Shared between the loop thread and the killer: the running child, and
/// whether to stop. One lock, so "stop" and "kill" are one step.
#[derive(Default)]
struct Slot {
    child: Option<Child>,
    stop: bool,
}

/// Append notes `r{round}-1`, `r{round}-2`, … one after another until the
/// slot says stop.
fn append_loop(
    db: PathBuf,
    round: u64,
    slot: Arc<Mutex<Slot>>,
    started: Arc<AtomicBool>,
) -> LoopReport {
    let mut report = LoopReport::default();
    for k in 1.. {
        let note = body(round, k);
        {
            let mut slot = slot.lock().unwrap();
            if slot.stop {
                break;
            }
            let child = incubator(&db)
                .args(["note", "s1", &note])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn incubator note");
            slot.child = Some(child);
            started.store(true, Ordering::SeqCst);
        }
        let (status, mut child) = loop {
            {
                let mut slot = slot.lock().unwrap();
                let child = slot
                    .child
                    .as_mut()
                    .expect("the child is ours until it ends");
                if let Some(status) = child.try_wait().expect("wait for incubator note") {
                    break (status, slot.child.take().unwrap());
                }
            }
            thread::sleep(Duration::from_millis(1));
        };
        // The outputs are a line or two: they fit in the pipes, so reading
        // after the exit cannot deadlock.
        let mut stdout = String::new();
        let mut stderr = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut stdout)
            .unwrap();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        if status.success() {
            report.acked.push(Acked {
                body: note,
                id: stdout.trim().to_string(),
            });
        } else if status.signal() == Some(9) {
            report.killed_one = true;
        } else {
            report.failures.push(format!(
                "note {note:?}: status {status:?}, stdout {stdout:?}, stderr {stderr:?}"
            ));
        }
    }
    report
}

/// The notes in `export all`: body → ids (a body written twice would show
/// as two ids).
fn exported_notes(db: &Path) -> HashMap<String, Vec<String>> {
    let out = run(db, &["export", "all"]);
    assert!(
        out.status.success(),
        "export all failed:\n{}",
        describe(&out)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("export all prints JSON");
    let mut notes: HashMap<String, Vec<String>> = HashMap::new();
    for note in json["notes"].as_array().expect("a \"notes\" array") {
        let body = note["body"].as_str().expect("a note body").to_string();
        let id = note["id"].as_str().expect("a note id").to_string();
        notes.entry(body).or_default().push(id);
    }
    notes
}

fn assert_sound(db: &Path, after: &str) {
    let out = run(db, &["check"]);
    assert!(
        out.status.success() && text(&out.stdout).contains("Sound."),
        "check is not clean {after}:\n{}",
        describe(&out)
    );
}

/// Every acknowledged note is there, once and under the id it was given;
/// nothing is there twice; and the notes of each round that survived are
/// a prefix 0..=m of it (each note started only after the one before was
/// acknowledged, so a later note without an earlier one would be a lost
/// write).
fn assert_durable(db: &Path, acked: &[Acked], after: &str) {
    let exported = exported_notes(db);
    for a in acked {
        // `note` says `n44 on Xəzər Solar (s1)`: the id is its first word.
        let acked_id = a.id.split_whitespace().next().unwrap_or_default();
        match exported.get(&a.body).map(Vec::as_slice) {
            Some([id]) => assert_eq!(
                id, acked_id,
                "note {:?} was acknowledged as {} but exported as {id} {after}",
                a.body, a.id
            ),
            Some(ids) => panic!(
                "note {:?} (acknowledged as {}) is stored {} times: {ids:?} {after}",
                a.body,
                a.id,
                ids.len()
            ),
            None => panic!(
                "note {:?} (acknowledged as {}) is missing {after}",
                a.body, a.id
            ),
        }
    }
    let mut rounds: BTreeMap<u64, BTreeSet<u64>> = BTreeMap::new();
    for (body, ids) in &exported {
        if let Some((round, k)) = parse_body(body) {
            assert_eq!(
                ids.len(),
                1,
                "note {body:?} is stored {} times: {ids:?} {after}",
                ids.len()
            );
            rounds.entry(round).or_default().insert(k);
        }
    }
    for (round, ks) in rounds {
        let last = *ks.last().unwrap();
        let missing: Vec<u64> = (0..=last).filter(|k| !ks.contains(k)).collect();
        assert!(
            missing.is_empty(),
            "round {round}: note r{round}-{last} survived but r{round}-{missing:?} did not {after}"
        );
    }
}

#[test]
fn acknowledged_notes_survive_kill_9() {
    let seed = env_number("CRASH_SEED")
        .or_else(|| env_number("INCUBATOR_FAULT_SEED"))
        .unwrap_or_else(|| {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
            now.as_nanos() as u64 | 1
        });
    let rounds = env_number("CRASH_ROUNDS")
        .or_else(|| env_number("INCUBATOR_FAULT_ROUNDS"))
        .unwrap_or(40);
    eprintln!("crash test: seed {seed}, {rounds} rounds (replay with CRASH_SEED={seed})");
    let mut rng = Rng::new(seed);

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio");
    let out = run(&db, &["init"]);
    assert!(
        out.status.success(),
        "setting up the sample failed:\n{}",
        describe(&out)
    );

    let begun = Instant::now();
    let mut acked: Vec<Acked> = Vec::new();
    let mut kills_mid_note = 0;
    for round in 1..=rounds {
        // The first note of a round, waited for: the database opens and
        // takes a write after the last round's kill.
        let first = body(round, 0);
        let out = run(&db, &["note", "s1", &first]);
        assert!(
            out.status.success(),
            "round {round} (seed {seed}): the first note after a kill failed:\n{}",
            describe(&out)
        );
        acked.push(Acked {
            body: first,
            id: text(&out.stdout).trim().to_string(),
        });

        let slot = Arc::new(Mutex::new(Slot::default()));
        let started = Arc::new(AtomicBool::new(false));
        let writer = {
            let (db, slot, started) = (db.clone(), slot.clone(), started.clone());
            thread::spawn(move || append_loop(db, round, slot, started))
        };
        while !started.load(Ordering::SeqCst) {
            thread::sleep(Duration::from_millis(1));
        }
        let delay = rng.between(20, 300);
        thread::sleep(Duration::from_millis(delay));
        {
            let mut slot = slot.lock().unwrap();
            slot.stop = true;
            if let Some(child) = slot.child.as_mut() {
                child.kill().expect("SIGKILL incubator note");
            }
        }
        let report = writer.join().expect("the note loop panicked");
        assert!(
            report.failures.is_empty(),
            "round {round} (seed {seed}): notes failed without being killed:\n{}",
            report.failures.join("\n")
        );
        kills_mid_note += usize::from(report.killed_one);
        acked.extend(report.acked);

        let after = format!("after round {round}'s kill at {delay} ms (seed {seed})");
        assert_sound(&db, &after);
        assert_durable(&db, &acked, &after);
    }

    let after = format!("at the end (seed {seed})");
    assert_sound(&db, &after);
    assert_durable(&db, &acked, &after);
    eprintln!(
        "crash test: {rounds} rounds in {:.1} s, {} notes acknowledged, {kills_mid_note} kills landed on a running note",
        begun.elapsed().as_secs_f64(),
        acked.len()
    );
    assert!(
        kills_mid_note * 2 >= rounds as usize,
        "only {kills_mid_note} of {rounds} kills hit a running `incubator note`: the test is not testing much"
    );
}

/// The sample is loaded in one transaction on first open: a kill in the
/// middle of it leaves either nothing (the next open loads it again) or
/// all of it, never half, and never twice.
#[test]
fn kill_9_while_loading_the_sample_leaves_all_or_nothing() {
    let seed = env_number("CRASH_SEED")
        .or_else(|| env_number("INCUBATOR_FAULT_SEED"))
        .unwrap_or_else(|| {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
            now.as_nanos() as u64 | 1
        });
    eprintln!("first-open crash test: seed {seed} (replay with CRASH_SEED={seed})");
    let mut rng = Rng::new(seed);
    let summary = |db: &Path| {
        let out = run(db, &["check"]);
        let report = text(&out.stdout);
        let counts = report
            .lines()
            .find(|l| l.contains(" cohorts, "))
            .map(str::trim)
            .map(String::from);
        (out, counts)
    };
    let reference = tempfile::tempdir().unwrap();
    let reference = reference.path().join("portfolio");
    assert!(run(&reference, &["init"]).status.success());
    let (out, sample) = summary(&reference);
    let sample =
        sample.unwrap_or_else(|| panic!("no counts in check's report:\n{}", describe(&out)));

    let attempts = env_number("INCUBATOR_FAULT_ROUNDS").unwrap_or(12);
    let mut killed = 0;
    for attempt in 1..=attempts {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("portfolio");
        let mut child = incubator(&db)
            .args(["init"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn incubator search");
        let delay = rng.between(5, 110);
        thread::sleep(Duration::from_millis(delay));
        child.kill().expect("SIGKILL incubator search");
        let status = child.wait().unwrap();
        killed += usize::from(status.signal() == Some(9));

        let after = format!(
            "after a kill at {delay} ms into the first open (attempt {attempt}, seed {seed})"
        );
        // init again: it finishes what was cut short, or says the
        // database is there.
        let out = run(&db, &["init"]);
        assert!(
            out.status.success() || text(&out.stderr).contains("a database is already at"),
            "the next init failed {after}:\n{}",
            describe(&out)
        );
        let (out, counts) = summary(&db);
        assert!(
            out.status.success() && text(&out.stdout).contains("Sound."),
            "check is not clean {after}:\n{}",
            describe(&out)
        );
        assert_eq!(
            counts.as_deref(),
            Some(sample.as_str()),
            "not exactly the sample {after}:\n{}",
            describe(&out)
        );
    }
    eprintln!(
        "first-open crash test: {killed} of {attempts} kills landed while the sample was loading"
    );
}
