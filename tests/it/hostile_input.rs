//! Hostile input to the importer: arbitrary bytes and mutated valid files
//! never panic or hang, and what is too big is refused with the limit
//! named, without being read into memory first (checked by running the
//! binary under a memory limit far below the file's size).
//!
//! A cargo-fuzz target over the same entry point lives in `fuzz/`.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;
use incubator::interchange;
use incubator::interchange::reading::{FILE_BYTES, ReadError, read_document};
use incubator::model::portfolio_problems;
use proptest::collection::vec;
use proptest::prelude::*;

/// Read `bytes` as an import would: from a file, within the limits. Any
/// outcome but a panic is fine; a valid one must import and export again.
fn import_bytes(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("input.json");
    fs::write(&file, bytes).unwrap();
    let started = Instant::now();
    let parsed = read_document(&file);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "reading {} bytes took {:?}",
        bytes.len(),
        started.elapsed()
    );
    let Ok(mut parsed) = parsed else {
        return;
    };
    parsed.portfolio.normalize();
    let clean = parsed.problems.is_empty()
        && portfolio_problems(&parsed.portfolio, &|_, _| false).is_empty();
    let store = incubator::store::Store::open(&dir.path().join("db")).unwrap();
    let result = store.import("fuzz", parsed, false);
    if clean {
        result.expect("a document without problems imports");
        let portfolio = store.portfolio().unwrap();
        let text = interchange::to_json(&portfolio, "2026-11-28T09:30:00Z".parse().unwrap());
        let again = interchange::parse(&text).expect("an export reads back");
        assert!(again.problems.is_empty(), "{:?}", again.problems);
    } else {
        assert!(result.is_err(), "a document with problems was imported");
    }
}

fn sample_bytes() -> Vec<u8> {
    incubator::seed::SAMPLE_JSON.as_bytes().to_vec()
}

/// One change to a valid file: bytes flipped, cut, repeated, or a token
/// put where it does not belong.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize, usize),
    Repeat(usize, usize),
    Insert(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let tokens = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "null",
        "-1",
        "1e999",
        "18446744073709551616",
        "\"\\ud800\"",
        "\"\\u0000\"",
        "\u{1b}",
        "[[[[[[[[",
        "{\"id\": \"s1\"}",
        "\"id\"",
        "\"cohort\": \"c99\"",
        "\"format\": \"x\"",
        "true",
        "\u{ff}",
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (any::<usize>(), 0usize..200).prop_map(|(at, n)| Mutation::Cut(at, n)),
        (any::<usize>(), 0usize..400).prop_map(|(at, n)| Mutation::Repeat(at, n)),
        (any::<usize>(), tokens).prop_map(|(at, t)| Mutation::Insert(at, t)),
    ]
}

fn mutate(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    match *m {
        Mutation::Flip(at, b) => {
            if !bytes.is_empty() {
                bytes[at % len] ^= b | 1;
            }
        }
        Mutation::Cut(at, n) => {
            let at = at % len;
            let end = (at + n).min(bytes.len());
            if at < end {
                bytes.drain(at..end);
            }
        }
        Mutation::Repeat(at, n) => {
            let at = at % len;
            let end = (at + n).min(bytes.len());
            let piece = bytes[at.min(bytes.len())..end].to_vec();
            bytes.splice(end..end, piece);
        }
        Mutation::Insert(at, token) => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, token.bytes());
        }
    }
}

/// `PROPTEST_CASES=N` runs more cases (the fault harness script does).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(96), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..2048)) {
        import_bytes(&bytes);
        let _ = interchange::parse(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn json_shaped_noise_never_panics(text in "[\\[\\]{}\",:0-9a-z \\\\.eE+-]{0,400}") {
        let wrapped = format!("{{\"format\": \"incubator-portfolio\", \"version\": 1, \"startups\": [{text}]}}");
        import_bytes(wrapped.as_bytes());
        import_bytes(text.as_bytes());
    }

    #[test]
    fn mutated_valid_files_never_panic(mutations in vec(mutation(), 1..6)) {
        let mut bytes = sample_bytes();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        import_bytes(&bytes);
    }
}

// ---------------------------------------------------------------------------
// Limits, through the binary, under a memory limit.

/// Run `incubator` with `args` and its address space limited to `mib`
/// MiB: a program that read a 1 GB file into memory could not.
fn run_limited(db: &Path, args: &[&str], mib: u64) -> Output {
    let bin = crate::support::bin();
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {}; exec \"$0\" \"$@\"", mib * 1024))
        .arg(bin)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("INCUBATOR_DB")
        .env("HOME", db.parent().unwrap())
        .stdin(Stdio::null())
        .output()
        .expect("run incubator")
}

/// The address space the binary needs to refuse a small bad file: the
/// baseline the limits below are set from.
const MEMORY_MIB: u64 = 200;

fn assert_refused(out: &Output, what: &str, expected: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{what}:\n{}", show(out));
    assert_eq!(err.lines().count(), 1, "{what}:\n{}", show(out));
    assert!(err.contains(expected), "{what}: {err}");
    assert!(
        err.trim_end().ends_with("nothing imported"),
        "{what}: {err}"
    );
}

#[test]
fn the_binary_runs_within_the_memory_limit_used_below() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tiny.json");
    fs::write(&file, "{}").unwrap();
    let out = run_limited(
        &dir.path().join("db"),
        &["import", file.to_str().unwrap()],
        MEMORY_MIB,
    );
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("not an incubator portfolio"),
        "{}",
        show(&out)
    );
}

#[test]
fn a_1_gb_file_is_refused_with_the_limit_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.json");
    let f = fs::File::create(&file).unwrap();
    f.set_len(1_000_000_000).unwrap();
    drop(f);
    let started = Instant::now();
    let out = run_limited(
        &dir.path().join("db"),
        &["import", file.to_str().unwrap(), "--replace"],
        MEMORY_MIB,
    );
    assert_refused(
        &out,
        "a 1 GB file",
        "the file is 1.0 GB, more than the 256 MiB an import reads",
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(!dir.path().join("db").exists(), "a database was made");
    // Restore replaces a database: into an empty one.
    let out = run_limited(&dir.path().join("db"), &["init", "--empty"], MEMORY_MIB);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let out = run_limited(
        &dir.path().join("db"),
        &["restore", file.to_str().unwrap()],
        MEMORY_MIB,
    );
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(stderr(&out).contains("256 MiB"), "{}", show(&out));
}

/// A stream that never ends (a device, a pipe) stops at the limit too.
#[test]
fn an_endless_stream_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for source in ["/dev/zero", "/dev/urandom"] {
        if !Path::new(source).exists() {
            continue;
        }
        let out = run_limited(&dir.path().join("db"), &["import", source], MEMORY_MIB);
        assert_eq!(out.status.code(), Some(2), "{source}:\n{}", show(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{source}:\n{}", show(&out));
    }
    // Text that stays valid for ever: spaces, then nothing.
    let fifo_like = dir.path().join("spaces.json");
    let mut f = fs::File::create(&fifo_like).unwrap();
    let block = vec![b' '; 1 << 20];
    for _ in 0..(FILE_BYTES >> 20) + 1 {
        f.write_all(&block).unwrap();
    }
    drop(f);
    let err = read_document(&fifo_like).unwrap_err();
    assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
}

#[test]
fn a_10_mb_name_is_refused_with_the_limit_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long-name.json");
    let mut doc = valid_doc();
    doc["startups"][0]["name"] = serde_json::Value::from("N".repeat(10 * 1024 * 1024));
    fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    let out = run_limited(
        &dir.path().join("db"),
        &["import", file.to_str().unwrap()],
        MEMORY_MIB,
    );
    assert_refused(
        &out,
        "a 10 MB name",
        "is longer than 1 MiB (names may have 200 characters, note bodies 64 KiB)",
    );
    // A name merely too long for the rules is read, and refused by them.
    doc["startups"][0]["name"] = serde_json::Value::from("N".repeat(300));
    fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    let out = run_limited(
        &dir.path().join("db"),
        &["import", file.to_str().unwrap()],
        MEMORY_MIB,
    );
    assert_code(&out, 2);
    assert!(stderr(&out).contains("startup s1, name"), "{}", show(&out));
}

#[test]
fn too_many_records_or_values_are_refused_with_the_limit_named() {
    let dir = tempfile::tempdir().unwrap();
    // 1,000,001 empty notes: 3 MB of file, a million records.
    let file = dir.path().join("many.json");
    let mut text =
        String::from("{\"format\": \"incubator-portfolio\", \"version\": 1, \"notes\": [");
    text.push_str(&"{},".repeat(1_000_000));
    text.push_str("{}]}");
    fs::write(&file, text).unwrap();
    let out = run_limited(
        &dir.path().join("db"),
        &["import", file.to_str().unwrap()],
        MEMORY_MIB + 300,
    );
    assert_refused(
        &out,
        "a million records",
        "too large: it holds more than 1000000 records, the most one file may hold",
    );
    // One record holding a list of 300,000 numbers.
    let file = dir.path().join("wide.json");
    let mut text = String::from(
        "{\"format\": \"incubator-portfolio\", \"version\": 1, \"startups\": [{\"id\": \"s1\", \"name\": \"S\", \"tags\": [",
    );
    text.push_str(&"0,".repeat(300_000));
    text.push_str("0]}]}");
    fs::write(&file, text).unwrap();
    let out = run_limited(
        &dir.path().join("db"),
        &["import", file.to_str().unwrap()],
        MEMORY_MIB,
    );
    assert_refused(
        &out,
        "a record of 300,000 values",
        "a record holds more than 200000 values",
    );
    // Nesting deeper than the parser goes.
    let file = dir.path().join("deep.json");
    fs::write(
        &file,
        format!(
            "{{\"format\": \"incubator-portfolio\", \"version\": 1, \"startups\": [{{\"id\": \"s1\", \"tags\": {}",
            "[".repeat(100_000)
        ),
    )
    .unwrap();
    let out = run_limited(
        &dir.path().join("db"),
        &["import", file.to_str().unwrap()],
        MEMORY_MIB,
    );
    assert_refused(&out, "nesting 100,000 deep", "recursion limit exceeded");
}
