//! What the benches share: the sizes, generated portfolios and their
//! databases, a fixed day, resident memory.
//!
//! Sizes: `BENCH_SIZES=1k,10k,100k` (the default) or any subset. Each
//! database is generated once (`incubator::generate`, seed 1) and kept in
//! cargo's `target/tmp/bench-db-N`: the 100k one takes a couple of minutes
//! and ~1.5 GB of disk to make.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use incubator::model::Portfolio;
use incubator::store::Store;

/// Startups in each benchmarked portfolio (10 notes each, a mentor per 20,
/// a cohort per 100).
pub fn sizes() -> Vec<usize> {
    let wanted = std::env::var("BENCH_SIZES").unwrap_or_else(|_| "1k,10k,100k".into());
    wanted
        .split(',')
        .filter_map(|s| match s.trim() {
            "1k" | "1000" => Some(1_000),
            "10k" | "10000" => Some(10_000),
            "100k" | "100000" => Some(100_000),
            "" => None,
            other => other.parse().ok(),
        })
        .collect()
}

pub fn label(n: usize) -> String {
    if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

pub fn portfolio(n: usize) -> Portfolio {
    incubator::generate::portfolio(n, 1)
}

/// The benchmarks' day: mid-programme for the generated cohorts.
pub fn today() -> NaiveDate {
    incubator::generate::BENCH_TODAY.parse().expect("a date")
}

/// The generated database of `n` startups, made the first time.
pub fn database(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("bench-db-{n}"));
    let store = Store::open(&path).expect("open the bench database");
    if !store.is_initialized().expect("schema") {
        let started = Instant::now();
        incubator::generate::import_in_chunks(&store, portfolio(n)).expect("import");
        eprintln!(
            "one-off: made the {} database at {} in {:.1?}",
            label(n),
            path.display(),
            started.elapsed()
        );
    }
    path
}

/// `VmRSS` and `VmHWM` (peak) of process `pid` ("self" for this one), in kB.
pub fn memory_kb(pid: &str) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Run `run` 21 times and print its median and worst as a `== ` line.
pub fn median_and_worst(what: &str, run: &mut dyn FnMut()) {
    let mut times: Vec<std::time::Duration> = (0..21)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    println!(
        "== {what}: median {:.2} ms, worst {:.2} ms",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}
