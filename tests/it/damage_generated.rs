//! The damage harness: hundreds of generated damaged stores (bit flips,
//! zeroed blocks of 512 B, 4 KiB and 256 KiB, cuts of sled's log; bit flips
//! in its snapshot file), each read by `check`
//! and by one of `export all`, `search x` and the plain summary. Every run
//! must end in bounded time with a short answer: "Sound.", a report that
//! fits on a screen, or one `incubator:` line; never sled's own text, a
//! panic or a hang. Where `check` calls a case damaged it must name a
//! snapshot, and for a share of those cases `restore` of that snapshot is
//! tried: it must work and leave the store sound, or fail with one short
//! line; a failed restore, or one that does not end, is counted, printed
//! and its case kept (restore is being rebuilt; see RELIABILITY.md).
//!
//! `INCUBATOR_DAMAGE_CASES=N` sets the number of cases (default 200, under a
//! minute in a debug build on two cores); `INCUBATOR_FAULT_SEED=N`
//! replays a run (each run prints its seed); `INCUBATOR_DAMAGE_BIN=PATH`
//! tries another build. The read watchdog is set to
//! 3 s here (`INCUBATOR_READ_STALL_MS`; 10 s by default), so a case that
//! reaches it costs little.

use crate::support::lossy as text;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const CANARY: &str = "damage harness canary";

/// Longer than the watchdog's 3 s plus opening and closing: a command still
/// running after this is hung.
const DEADLINE: Duration = Duration::from_secs(25);

/// Cases run at once: the commands mostly wait (sled's threads start and
/// stop): eight keep two cores busy.
const WORKERS: usize = 8;

/// One `restore` tried for every this many cases `check` calls damaged.
const RESTORE_EVERY: usize = 4;

/// Phrases of sled's own messages and of Rust's panics: none may reach the
/// user.
const FOREIGN: [&str; 9] = [
    "panicked",
    "backtrace",
    "RUST_BACKTRACE",
    "Inline(",
    "file offset",
    "Corruption",
    "sled",
    "tree traversal",
    "PageId",
];

/// The program under test; `INCUBATOR_DAMAGE_BIN=PATH` runs the harness
/// against another build (how the counts before the fix were taken).
fn bin() -> PathBuf {
    std::env::var_os("INCUBATOR_DAMAGE_BIN").map_or_else(crate::support::bin, PathBuf::from)
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

/// What one command did.
struct Ran {
    /// `None`: still running at the deadline (killed).
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Run `incubator --db DB ARGS` with its output in files (an export can
/// fill a pipe), killing it at the deadline.
fn run(db: &Path, args: &[&str], scratch: &Path) -> Ran {
    let out_file = scratch.join("stdout");
    let err_file = scratch.join("stderr");
    let started = Instant::now();
    let mut child = Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("INCUBATOR_DB")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env("INCUBATOR_READ_STALL_MS", "3000")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_file).unwrap())
        .stderr(fs::File::create(&err_file).unwrap())
        .spawn()
        .expect("start incubator");
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait for incubator") {
            // A signal (no code) is reported as code -1: not a hang.
            break Some(status.code().unwrap_or(-1));
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Ran {
        code,
        stdout: text(&fs::read(&out_file).unwrap_or_default()),
        stderr: text(&fs::read(&err_file).unwrap_or_default()),
        took: started.elapsed(),
    }
}

/// Deterministic noise (xorshift64).
struct Noise(u64);

impl Noise {
    fn new(seed: u64) -> Self {
        Noise(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Flips,
    Zero512,
    Zero4k,
    Zero256k,
    Cut,
    /// Bit flips in sled's snapshot file (`snap.*`) instead of its log.
    SnapFlips,
}

const KINDS: [Kind; 6] = [
    Kind::Flips,
    Kind::Zero512,
    Kind::Zero4k,
    Kind::Zero256k,
    Kind::Cut,
    Kind::SnapFlips,
];

/// Damage `file` (sled's log or its snapshot) within its first `written`
/// bytes: what was done, in words.
fn damage(file: &Path, kind: Kind, written: usize, noise: &mut Noise) -> String {
    let mut bytes = fs::read(file).unwrap();
    let at = noise.below(written);
    let what = match kind {
        Kind::Flips | Kind::SnapFlips => {
            let flips = 1 + noise.below(4);
            let mut places = Vec::new();
            for _ in 0..flips {
                let at = noise.below(written);
                bytes[at] ^= 1 << noise.below(8);
                places.push(at.to_string());
            }
            let file = file.file_name().unwrap().to_string_lossy();
            format!("{flips} bit(s) flipped in {file} at {}", places.join(", "))
        }
        Kind::Zero512 | Kind::Zero4k | Kind::Zero256k => {
            let len = match kind {
                Kind::Zero512 => 512,
                Kind::Zero4k => 4096,
                _ => 256 * 1024,
            };
            let end = (at + len).min(bytes.len());
            bytes[at..end].fill(0);
            format!("{len} bytes zeroed at {at}")
        }
        Kind::Cut => {
            bytes.truncate(at);
            format!("cut to {at} bytes")
        }
    };
    fs::write(file, bytes).unwrap();
    what
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

/// The sample, a generated portfolio of 40 startups (400 notes, so that
/// damage lands in every tree) imported over it, and the canary note from
/// a later session: several sessions, a daily snapshot beside it.
fn base_db(dir: &Path) -> PathBuf {
    let db = dir.join("portfolio");
    let scratch = dir.join("base-scratch");
    fs::create_dir_all(&scratch).unwrap();
    let generated = dir.join("generated.json");
    let steps: [&[&str]; 4] = [
        &["init"],
        &[
            "generate",
            "--startups",
            "40",
            "-o",
            generated.to_str().unwrap(),
        ],
        &["import", "--replace", generated.to_str().unwrap()],
        &["note", "s1", CANARY],
    ];
    for args in steps {
        let ran = run(&db, args, &scratch);
        assert_eq!(ran.code, Some(0), "{args:?}: {}", ran.stderr);
    }
    let ran = run(&db, &["check"], &scratch);
    assert!(ran.stdout.contains("Sound."), "{}", ran.stdout);
    assert!(sled_snapshot(&db).is_some(), "sled wrote no snap.* file");
    db
}

/// sled's own snapshot file beside its log.
fn sled_snapshot(db: &Path) -> Option<PathBuf> {
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

/// Everything wrong with one run, in words (empty: fine).
fn faults(ran: &Ran, cmd: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(code) = ran.code else {
        return vec![format!("{cmd}: still running after {DEADLINE:?} (hung)")];
    };
    if code == 101 || code == -1 {
        out.push(format!("{cmd}: ended with {code} (a panic or a signal)"));
    }
    // Exports and searches print the portfolio itself: only what incubator
    // says of its own is searched there.
    let own_words = if cmd == "check" {
        format!("{}{}", ran.stdout, ran.stderr)
    } else {
        ran.stderr.clone()
    };
    for foreign in FOREIGN {
        if own_words.contains(foreign) {
            out.push(format!("{cmd}: says {foreign:?}"));
        }
    }
    let lines: Vec<&str> = ran.stderr.lines().collect();
    // A failure is said in `incubator:` lines (a restore says what it did
    // on standard error too, as a plain sentence).
    if lines.len() > 3 || (code != 0 && lines.iter().any(|l| !l.starts_with("incubator:"))) {
        out.push(format!(
            "{cmd}: standard error is not one to three incubator lines: {:?}",
            ran.stderr
        ));
    }
    if code != 0 && lines.is_empty() && !(cmd == "check" && ran.stdout.contains("Damaged")) {
        out.push(format!("{cmd}: failed without a word"));
    }
    if cmd == "check" {
        let report = ran.stdout.lines().count();
        if report > 20 {
            out.push(format!("check: a report of {report} lines"));
        }
        if code == 0 && !ran.stdout.contains("Sound.") {
            out.push("check: exit 0 without \"Sound.\"".into());
        }
        if code != 0 && advised(ran).is_none() {
            out.push("check: damaged, but names no snapshot to restore".into());
        }
    }
    out
}

/// The snapshot `… restore NAME` names.
fn advised(ran: &Ran) -> Option<String> {
    let all = format!("{}{}", ran.stdout, ran.stderr);
    let (_, rest) = all.split_once(" restore ")?;
    let name: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '`')
        .collect();
    name.ends_with(".json").then_some(name)
}

#[derive(Default)]
struct Tally {
    sound: usize,
    damaged: usize,
    slowest: Duration,
    restores: usize,
    restored: usize,
    /// Restores that failed (with a short message): case and message.
    restore_failures: Vec<String>,
    faults: Vec<String>,
}

#[test]
fn generated_damage_ends_in_bounded_time_with_a_short_answer() {
    let seed = env_number("INCUBATOR_FAULT_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
    });
    let cases = env_number("INCUBATOR_DAMAGE_CASES").unwrap_or(200) as usize;
    eprintln!(
        "damage harness: seed {seed}, {cases} cases (replay with INCUBATOR_FAULT_SEED={seed})"
    );
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let base = base_db(dir.path());
    let written = {
        let bytes = fs::read(base.join("db")).unwrap();
        bytes.iter().rposition(|&b| b != 0).map_or(1, |i| i + 1)
    };

    let next = AtomicUsize::new(0);
    let damaged_seen = AtomicUsize::new(0);
    let tally = Mutex::new(Tally::default());
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    if n >= cases {
                        break;
                    }
                    let mut noise =
                        Noise::new(seed ^ (n as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
                    let kind = KINDS[n % KINDS.len()];
                    let case_dir = dir.path().join(format!("case{n}"));
                    let db = case_dir.join("portfolio");
                    copy_dir(&base, &db);
                    copy_dir(
                        &base.with_extension("backups"),
                        &db.with_extension("backups"),
                    );
                    let (file, within) = match kind {
                        Kind::SnapFlips => {
                            let snap = sled_snapshot(&db).expect("a snap.* file");
                            let len = fs::metadata(&snap).unwrap().len() as usize;
                            (snap, len)
                        }
                        _ => (db.join("db"), written),
                    };
                    let what = damage(&file, kind, within, &mut noise);
                    let case = format!("case {n} ({what})");

                    let check = run(&db, &["check"], &case_dir);
                    let other: &[&str] = match n % 3 {
                        0 => &["export", "all"],
                        1 => &["search", "x"],
                        _ => &[],
                    };
                    let read = run(&db, other, &case_dir);
                    let other_name = if other.is_empty() {
                        "summary".to_string()
                    } else {
                        other.join(" ")
                    };
                    let mut found: Vec<String> = faults(&check, "check")
                        .into_iter()
                        .chain(faults(&read, &other_name))
                        .map(|f| format!("{case}: {f}"))
                        .collect();

                    let mut restore = None;
                    if check.code.is_some_and(|c| c != 0)
                        && let Some(name) = advised(&check)
                        && damaged_seen
                            .fetch_add(1, Ordering::SeqCst)
                            .is_multiple_of(RESTORE_EVERY)
                    {
                        let ran = run(&db, &["restore", &name], &case_dir);
                        // Restore is being rebuilt (a fresh database beside
                        // the damaged one): one that does not end is counted
                        // and kept with the restore failures, not a fault of
                        // the reads this harness holds to their bounds.
                        if ran.code.is_some() {
                            found.extend(
                                faults(&ran, "restore")
                                    .into_iter()
                                    .map(|f| format!("{case}: {f}")),
                            );
                        }
                        let after = (ran.code == Some(0)).then(|| run(&db, &["check"], &case_dir));
                        restore = Some((ran, after));
                    }

                    let mut t = tally.lock().unwrap();
                    if check.code == Some(0) {
                        t.sound += 1;
                    } else {
                        t.damaged += 1;
                    }
                    t.slowest = t.slowest.max(check.took).max(read.took);
                    let restore_failed =
                        restore.as_ref().is_some_and(|(ran, _)| ran.code != Some(0));
                    if let Some((ran, after)) = restore {
                        t.restores += 1;
                        match after {
                            Some(after) if after.stdout.contains("Sound.") => t.restored += 1,
                            Some(after) => t
                                .faults
                                .push(format!("{case}: check after restore: {}", after.stdout)),
                            None if ran.code.is_none() => t
                                .restore_failures
                                .push(format!("{case}: still running after {DEADLINE:?} (killed)")),
                            None => t
                                .restore_failures
                                .push(format!("{case}: {}", ran.stderr.trim())),
                        }
                    }
                    for f in &found {
                        eprintln!("{f}");
                    }
                    // A case that broke a rule is kept to look into.
                    let keep = !found.is_empty() || restore_failed;
                    t.faults.extend(found);
                    drop(t);
                    if !keep {
                        let _ = fs::remove_dir_all(&case_dir);
                    }
                }
            });
        }
    });

    let t = tally.into_inner().unwrap();
    if !t.faults.is_empty() || !t.restore_failures.is_empty() {
        eprintln!(
            "damage harness: the cases that broke a rule are kept in {}",
            dir.keep().display()
        );
    }
    eprintln!(
        "damage harness: {cases} cases in {:.1} s: check sound {}, damaged {}; slowest command {:.1} s; \
         restores tried {}, worked {}, failed {}; faults {}",
        started.elapsed().as_secs_f64(),
        t.sound,
        t.damaged,
        t.slowest.as_secs_f64(),
        t.restores,
        t.restored,
        t.restore_failures.len(),
        t.faults.len()
    );
    for failure in &t.restore_failures {
        eprintln!("restore refused: {failure}");
    }
    assert!(
        t.faults.is_empty(),
        "{} fault(s):\n{}",
        t.faults.len(),
        t.faults.join("\n")
    );
}
