//! Backups from the command line: the snapshot at the first write of each
//! day, rotation to `backups_kept`, `restore` listing and restoring, the
//! snapshot `import --replace` keeps, and `check`'s advice.

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use crate::support::*;
use serde_json::Value;

/// An `Sandbox`: its config folder is its own (`config.toml` written by
/// [`config`]).
fn env() -> Sandbox {
    Sandbox::new()
}

/// `args` run in `env`; a database not made yet is made first with the
/// sample (`init`), as a user would, unless the command makes it itself.
fn run(env: &Sandbox, args: &[&str]) -> Output {
    let makes = matches!(
        args,
        ["init" | "import" | "generate", ..] | ["restore", _, ..]
    );
    if !env.db().exists() && !makes {
        assert_success(&env.run(&["init"]));
    }
    env.run(args)
}

fn run_ok(env: &Sandbox, args: &[&str]) -> Output {
    let out = run(env, args);
    assert_success(&out);
    out
}

fn config(env: &Sandbox, text: &str) {
    fs::create_dir_all(env.path("config/incubator")).unwrap();
    fs::write(env.path("config/incubator/config.toml"), text).unwrap();
}

fn backups(env: &Sandbox) -> PathBuf {
    env.path("db.backups")
}

fn snapshot_names(env: &Sandbox) -> Vec<String> {
    incubator::backup::list(&env.db())
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect()
}

fn export(env: &Sandbox) -> Value {
    let out = run_ok(env, &["export", "all"]);
    without_exported_at(&stdout(&out))
}

#[test]
fn the_first_write_of_the_day_keeps_a_snapshot_beside_the_database() {
    let env = env();
    // Loading the sample and reading write no snapshot.
    run_ok(&env, &["search", "x"]);
    assert_eq!(snapshot_names(&env), Vec::<String>::new());
    run_ok(&env, &["note", "s1", "first of the day"]);
    run_ok(&env, &["note", "s1", "second of the day"]);
    let names = snapshot_names(&env);
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with("-daily.json"), "{names:?}");
    assert!(backups(&env).join(&names[0]).is_file());
    // It holds the portfolio as of that first write, in the interchange
    // format: import it anywhere.
    let snapshot = fs::read_to_string(backups(&env).join(&names[0])).unwrap();
    let other = Sandbox::new();
    let file = other.write("snapshot.json", &snapshot);
    assert_success(&other.import_file(&file, false));
    let notes = other.export()["notes"].as_array().unwrap().clone();
    assert!(notes.iter().any(|n| n["body"] == "first of the day"));
    assert!(!notes.iter().any(|n| n["body"] == "second of the day"));
}

#[test]
fn backups_kept_rotates_and_zero_turns_them_off() {
    let env = env();
    config(&env, "backups_kept = 3\n");
    run_ok(&env, &["note", "s1", "a write"]);
    let daily = snapshot_names(&env).remove(0);
    // Five older days' snapshots.
    for day in 1..=5 {
        fs::copy(
            backups(&env).join(&daily),
            backups(&env).join(format!("2026-01-0{day}T120000Z-daily.json")),
        )
        .unwrap();
    }
    // A file of someone else's in the folder is never touched.
    fs::write(backups(&env).join("notes.txt"), "mine").unwrap();
    let file = env.write("again.json", &env.export_text());
    run_ok(&env, &["import", file.to_str().unwrap(), "--replace"]);
    let names = snapshot_names(&env);
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[0].ends_with("-before-import.json"), "{names:?}");
    assert_eq!(names[1], daily);
    assert_eq!(names[2], "2026-01-05T120000Z-daily.json");
    assert!(backups(&env).join("notes.txt").exists());

    let off = Sandbox::new();
    config(&off, "backups_kept = 0\n");
    run_ok(&off, &["note", "s1", "a write"]);
    assert_eq!(snapshot_names(&off), Vec::<String>::new());
}

#[test]
fn a_config_that_cannot_be_read_never_prunes() {
    let env = env();
    run_ok(&env, &["note", "s1", "a write"]);
    let daily = snapshot_names(&env).remove(0);
    for day in 1..=20 {
        fs::copy(
            backups(&env).join(&daily),
            backups(&env).join(format!("2026-01-{day:02}T120000Z-daily.json")),
        )
        .unwrap();
    }
    config(&env, "backups_kept = \"many\"\n");
    let file = env.write("again.json", &env.export_text());
    run_ok(&env, &["import", file.to_str().unwrap(), "--replace"]);
    assert_eq!(snapshot_names(&env).len(), 22);
}

#[test]
fn restore_lists_the_snapshots_with_their_date_and_counts() {
    let env = env();
    let out = run_ok(&env, &["restore"]);
    assert!(
        stdout(&out).starts_with("No snapshots of "),
        "{}",
        show(&out)
    );
    run_ok(&env, &["note", "s1", "a write"]);
    let daily = snapshot_names(&env).remove(0);
    fs::write(
        backups(&env).join("2026-01-01T120000Z-daily.json"),
        "{\"format\": \"incubator-portfolio\", \"version\": 1, \"cohorts\": [",
    )
    .unwrap();
    let out = run_ok(&env, &["restore"]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Snapshots of "), "{text}");
    assert!(lines[1].trim_start().starts_with(&daily), "{text}");
    assert!(lines[1].contains("first write of the day"), "{text}");
    assert!(
        lines[1].ends_with(
            "4 cohorts, 24 startups, 10 mentors, 3 demo days, 44 notes, 1 call, 20 applications, 16 reviews, 12 milestones, 22 office hours"
        ),
        "{text}"
    );
    assert!(
        lines[2].contains("2026-01-01T120000Z-daily.json")
            && lines[2].contains("cannot be read: not valid JSON: it ends too soon"),
        "{text}"
    );
    assert!(
        lines[3].starts_with("Restore one with: incubator --db "),
        "{text}"
    );
}

#[test]
fn restore_replaces_the_portfolio_and_keeps_what_it_replaced() {
    let env = env();
    run_ok(&env, &["note", "s1", "in the snapshot"]);
    let daily = snapshot_names(&env).remove(0);
    let snapshot_doc = export(&env);
    run_ok(&env, &["note", "s1", "after the snapshot"]);
    let replaced = export(&env);

    let out = run_ok(&env, &["restore", &daily]);
    let said = stderr(&out);
    assert!(
        said.starts_with(
            "Restored 4 cohorts, 24 startups, 10 mentors, 3 demo days, 44 notes, 1 call, 20 applications, 16 reviews, 12 milestones, 22 office hours from "
        ),
        "{said}"
    );
    assert!(
        said.contains("; the portfolio it replaced is kept as "),
        "{said}"
    );
    assert_eq!(export(&env), snapshot_doc);
    // … and that can be restored in turn.
    let kept = snapshot_names(&env)
        .into_iter()
        .find(|n| n.ends_with("-before-restore.json"))
        .expect("a before-restore snapshot");
    run_ok(&env, &["restore", &kept]);
    assert_eq!(export(&env), replaced);
    let out = run_ok(&env, &["check"]);
    assert!(stdout(&out).contains("Sound."));
}

#[test]
fn restore_refuses_a_bad_file_and_changes_nothing() {
    let env = env();
    run_ok(&env, &["search", "x"]);
    let before = export(&env);
    let mut doc = valid_doc();
    doc["startups"][0]["cohort"] = Value::from("c9");
    let bad = env.write_json("bad.json", &doc);
    let out = run(&env, &["restore", bad.to_str().unwrap()]);
    assert_code(&out, 2);
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "incubator: {}: 1 problem: startup s1, cohort: refers to cohort \"c9\", which does not exist; nothing restored",
            bad.display()
        )
    );
    let out = run(&env, &["restore", "2026-01-01T000000Z-daily.json"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("no snapshot or file named 2026-01-01T000000Z-daily.json"),
        "{}",
        show(&out)
    );
    assert_eq!(export(&env), before);
    assert_eq!(snapshot_names(&env), Vec::<String>::new());
}

#[test]
fn restore_into_an_empty_database_needs_nothing_kept() {
    let env = env();
    let file = env.write_json("doc.json", &valid_doc());
    run_ok(&env, &["init", "--empty"]);
    let out = run_ok(&env, &["restore", file.to_str().unwrap()]);
    assert!(!stderr(&out).contains("kept"), "{}", show(&out));
    assert_eq!(export(&env), exported_as_v2(valid_doc()));
}

#[test]
fn import_replace_keeps_the_portfolio_it_replaces() {
    let env = env();
    run_ok(&env, &["search", "x"]);
    let before = export(&env);
    let file = env.write_json("doc.json", &valid_doc());
    let out = run_ok(&env, &["import", file.to_str().unwrap(), "--replace"]);
    let said = stderr(&out);
    assert!(said.contains("replacing 155 records (kept in "), "{said}");
    let kept = snapshot_names(&env)
        .into_iter()
        .find(|n| n.ends_with("-before-import.json"))
        .expect("a before-import snapshot");
    assert!(said.contains(&kept), "{said}");
    run_ok(&env, &["restore", &kept]);
    assert_eq!(export(&env), before);
}

#[test]
fn check_names_the_latest_snapshot() {
    let env = env();
    run_ok(&env, &["note", "s1", "a write"]);
    let daily = snapshot_names(&env).remove(0);
    let out = run_ok(&env, &["check"]);
    let text = stdout(&out);
    assert!(
        text.contains(&format!("1 snapshot(s) in {}", backups(&env).display()))
            && text.contains(&format!("the latest {daily}")),
        "{text}"
    );
}

/// The budget (README, "Backups"): at 10,000 startups and 100,000 notes the
/// write that sets off the day's snapshot returns within 50 ms; the
/// snapshot itself is written on its own thread. A measurement, not a
/// timed test (these machines are shared): run it in release with
/// `cargo test --release --test backup -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement at 10,000 startups: run by hand in release"]
fn the_daily_snapshot_costs_the_writer_little_at_10k_startups() {
    use incubator::backup::{self, BackupSettings};
    use incubator::model::Parsed;
    use incubator::model::testing::note;
    use incubator::store::Store;
    use std::time::Instant;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let store = Store::open(&db).unwrap();
    // 10,000 startups and 100,000 notes, as the benchmarks have them.
    let portfolio = incubator::generate::portfolio(10_000, 1);
    let startup = portfolio.startups[0].id.clone();
    store
        .import(
            "bench",
            Parsed {
                portfolio,
                problems: Vec::new(),
            },
            false,
        )
        .unwrap();
    backup::enable(&store, BackupSettings::default());
    // This process's first write today, with no snapshot yet today.
    assert_eq!(backup::list(&db).unwrap(), vec![]);
    let started = Instant::now();
    store
        .create("bench", note("budget", &startup, "x").into())
        .unwrap();
    let writer = started.elapsed();
    backup::wait_for_pending(&store);
    let whole = started.elapsed();
    let snapshots = backup::list(&db).unwrap();
    assert_eq!(snapshots.len(), 1);
    eprintln!(
        "10k startups, 100k notes: the write returned in {writer:?} (budget 50 ms); \
         its snapshot ({} MB) was on disk {whole:?} after the write began",
        snapshots[0].bytes / 1_000_000
    );
}

// ---------------------------------------------------------------------------
// Backups that survive their own rotation (issue 23, items 4 to 7).

/// A snapshot of `env`'s portfolio as an older version wrote it: no
/// sequence number in its header.
fn without_sequence(text: &str) -> String {
    text.lines()
        .filter(|line| !line.starts_with("  \"snapshot\": "))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn a_refused_import_keeps_no_snapshot_and_prunes_nothing() {
    let env = env();
    config(&env, "backups_kept = 3\n");
    run_ok(&env, &["note", "s1", "a write"]);
    let daily = snapshot_names(&env).remove(0);
    for day in 1..=2 {
        fs::copy(
            backups(&env).join(&daily),
            backups(&env).join(format!("2026-01-0{day}T120000Z-daily.json")),
        )
        .unwrap();
    }
    let names = snapshot_names(&env);
    let before = export(&env);
    let mut doc = valid_doc();
    doc["startups"][0]["cohort"] = Value::from("c9");
    let bad = env.write_json("bad.json", &doc);
    for _ in 0..5 {
        let out = run(&env, &["import", bad.to_str().unwrap(), "--replace"]);
        assert_code(&out, 2);
        assert!(stderr(&out).contains("nothing imported"), "{}", show(&out));
    }
    assert_eq!(
        snapshot_names(&env),
        names,
        "a refused import kept or pruned"
    );
    assert_eq!(export(&env), before);
    assert!(!env.path("db.replacing").exists());
}

#[test]
fn restoring_the_oldest_snapshot_keeps_it_and_prunes_after() {
    let env = env();
    config(&env, "backups_kept = 2\n");
    run_ok(&env, &["note", "s1", "a write"]);
    let daily = snapshot_names(&env).remove(0);
    let oldest = "2026-01-01T120000Z-daily.json";
    let doc = valid_doc();
    env.write_json("doc.json", &doc);
    fs::copy(env.path("doc.json"), backups(&env).join(oldest)).unwrap();
    assert_eq!(
        snapshot_names(&env),
        vec![daily.clone(), oldest.to_string()]
    );

    let out = run_ok(&env, &["restore", oldest]);
    assert!(stderr(&out).contains("is kept as "), "{}", show(&out));
    assert_eq!(export(&env), exported_as_v2(doc));
    // Two kept, and the one restored from besides: never pruned.
    let names = snapshot_names(&env);
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names[0].ends_with("-before-restore.json"), "{names:?}");
    assert_eq!(names[1..], [daily, oldest.to_string()]);
    // The next replace may prune it: it is no longer being restored.
    let file = env.write("again.json", &env.export_text());
    run_ok(&env, &["import", file.to_str().unwrap(), "--replace"]);
    let names = snapshot_names(&env);
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(!names.contains(&oldest.to_string()), "{names:?}");
}

#[test]
fn snapshots_dated_in_the_future_never_push_out_a_new_one() {
    let env = env();
    run_ok(&env, &["note", "s1", "a write"]);
    let daily = snapshot_names(&env).remove(0);
    // Fourteen from a clock that ran ahead, written before snapshots
    // carried a sequence number.
    let text = without_sequence(&fs::read_to_string(backups(&env).join(&daily)).unwrap());
    for day in 1..=14 {
        fs::write(
            backups(&env).join(format!("2099-01-{day:02}T120000Z-daily.json")),
            &text,
        )
        .unwrap();
    }
    let file = env.write("again.json", &env.export_text());
    let out = run_ok(&env, &["import", file.to_str().unwrap(), "--replace"]);
    let names = snapshot_names(&env);
    assert_eq!(names.len(), 14, "{names:?}");
    assert!(names[0].ends_with("-before-import.json"), "{names:?}");
    assert!(stderr(&out).contains(&names[0]), "{}", show(&out));
    assert_eq!(names[1], daily);
    // The two oldest of the future-dated ones went.
    assert!(!names.contains(&"2099-01-01T120000Z-daily.json".to_string()));
    assert!(!names.contains(&"2099-01-02T120000Z-daily.json".to_string()));
    // The listing shows them in the same order.
    let listing = stdout(&run_ok(&env, &["restore"]));
    let listed: Vec<&str> = listing
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| name.ends_with(".json"))
        .collect();
    assert_eq!(listed, names, "{listing}");
}

/// Every file's size under `dir`, added up.
fn size_of(dir: &std::path::Path) -> u64 {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                size_of(&entry.path())
            } else {
                meta.len()
            }
        })
        .sum()
}

#[test]
fn import_replace_keeps_history_of_the_new_portfolio_only() {
    let env = env();
    let file = env.path("generated.json");
    run_ok(
        &env,
        &[
            "generate",
            "--startups",
            "150",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    let file = file.to_str().unwrap();
    run_ok(&env, &["import", file]);
    let first = size_of(&env.db());
    for _ in 0..6 {
        run_ok(&env, &["import", file, "--replace"]);
    }
    let after = size_of(&env.db());
    // Each replace used to add the whole portfolio's history again.
    assert!(
        after < first + first / 2,
        "the database grew from {first} to {after} bytes over 6 replaces"
    );
    let out = run_ok(&env, &["check"]);
    assert!(stdout(&out).contains("Sound."), "{}", show(&out));
}

#[test]
fn a_restore_that_fails_prunes_nothing() {
    let env = env();
    config(&env, "backups_kept = 1\n");
    run_ok(&env, &["note", "s1", "a write"]);
    let daily = snapshot_names(&env).remove(0);
    let older = "2026-01-01T120000Z-daily.json";
    fs::copy(backups(&env).join(&daily), backups(&env).join(older)).unwrap();
    let names = snapshot_names(&env);
    assert_eq!(names.len(), 2);
    // Another process holds the database.
    let held = incubator::store::Store::open(&env.db()).unwrap();
    let out = run(&env, &["restore", &daily]);
    assert_code(&out, 3);
    drop(held);
    assert_eq!(snapshot_names(&env), names);
    assert!(!env.path("db.replacing").exists());
}

/// The valid document with a second cohort named like the first, folded
/// (`SPRING 2026 acceleration`): what a database made before the rule
/// against two cohorts of one name may hold, and its snapshots with it.
fn doc_with_two_cohorts_of_one_name() -> Value {
    let mut doc = valid_doc();
    let mut twin = doc["cohorts"][0].clone();
    twin["id"] = Value::from("c2");
    twin["name"] = Value::from("SPRING 2026 acceleration");
    doc["cohorts"].as_array_mut().unwrap().push(twin);
    doc
}

#[test]
fn restore_brings_back_two_cohorts_of_one_name_from_before_the_rule() {
    let env = env();
    run_ok(&env, &["search", "x"]);
    let file = env.write_json(
        "2026-11-20T090000Z-daily.json",
        &doc_with_two_cohorts_of_one_name(),
    );
    let out = run(&env, &["restore", file.to_str().unwrap()]);
    assert_success(&out);
    assert!(
        stderr(&out).starts_with("Restored 2 cohorts, 1 startup,"),
        "{}",
        show(&out)
    );
    let restored = export(&env);
    let names: Vec<&str> = restored["cohorts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Spring 2026 Acceleration", "SPRING 2026 acceleration"]
    );
    let out = run_ok(&env, &["check"]);
    assert!(stdout(&out).contains("Sound."), "{}", show(&out));
    // An import of the same document is still refused: that is new data.
    let out = env.import_file(&file, true);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("cohort c2, name:"), "{}", show(&out));
    let out = env.import_file(&file, false);
    assert_code(&out, 2);
    assert_eq!(export(&env), restored, "nothing imported");
}
