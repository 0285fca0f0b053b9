//! Store work a user waits for, at each size of `BENCH_SIZES` (1k, 10k,
//! 100k startups, 10 notes each): importing the portfolio, exporting it,
//! a durable note append (one transaction and a flush), and reading what
//! the first frame needs.
//!
//! Imports and large exports take seconds: they are timed a few times by
//! hand and printed (`==` lines), not sampled by criterion. An import of
//! 100k startups and a million notes in one transaction does not fit in
//! memory here (sled holds a transaction's writes in memory); it is timed
//! in parts, as `incubator generate --into-db` makes it.
//!
//! `BENCH_IMPORT_100K=1` times the 100k import too (minutes).
//!
//! Run a part: `cargo bench --bench store -- 'note append'`; one size:
//! `BENCH_SIZES=10k cargo bench --bench store`.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::Utc;
use common::{database, label, portfolio, sizes};
use criterion::{Criterion, SamplingMode};
use incubator::interchange;
use incubator::model::Parsed;
use incubator::model::testing::note;
use incubator::model::{Portfolio, Record};
use incubator::store::Store;

/// `work` timed `runs` times; each run gets a fresh input from `setup`.
fn by_hand<I, O>(
    runs: usize,
    mut setup: impl FnMut() -> I,
    mut work: impl FnMut(I) -> O,
) -> String {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let input = setup();
            let started = Instant::now();
            black_box(work(input));
            started.elapsed()
        })
        .collect();
    times.sort();
    format!(
        "median {:.0} ms (runs: {})",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times
            .iter()
            .map(|t| format!("{:.0}", t.as_secs_f64() * 1e3))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn fresh_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("db")).expect("open");
    (dir, store)
}

fn import(n: usize, p: &Portfolio) {
    if n >= 100_000 {
        // Once, in parts: a whole-document import needs more than 24 GB.
        // Minutes and 2 GB of disk: only when asked.
        if std::env::var_os("BENCH_IMPORT_100K").is_none() {
            eprintln!(
                "== {}: import skipped (BENCH_IMPORT_100K=1 times it, in parts) ==",
                label(n)
            );
            return;
        }
        let (_dir, store) = fresh_store();
        let started = Instant::now();
        incubator::generate::import_in_chunks(&store, p.clone()).expect("import");
        eprintln!(
            "== {}: import in parts (records, then notes {} at a time): {:.1} s (once) ==",
            label(n),
            incubator::generate::NOTES_PER_IMPORT,
            started.elapsed().as_secs_f64()
        );
        return;
    }
    let runs = if n >= 10_000 { 3 } else { 5 };
    let timing = by_hand(
        runs,
        || {
            let (dir, store) = fresh_store();
            let parsed = Parsed {
                portfolio: p.clone(),
                problems: vec![],
            };
            (dir, store, parsed)
        },
        |(dir, store, parsed)| {
            store.import("bench", parsed, false).expect("import");
            (dir, store)
        },
    );
    eprintln!(
        "== {}: import (one transaction, flushed): {timing} ==",
        label(n)
    );
}

fn export(n: usize, store: &Store) {
    let runs = if n >= 100_000 { 3 } else { 5 };
    let timing = by_hand(
        runs,
        || (),
        |()| interchange::to_json(&store.portfolio().expect("read"), Utc::now()),
    );
    eprintln!(
        "== {}: export all (read everything + JSON): {timing} ==",
        label(n)
    );
}

fn benches(c: &mut Criterion, n: usize, store: &Store) {
    let mut group = c.benchmark_group(format!("store {}", label(n)));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(2));
    group.bench_function("note append (durable: transaction + flush)", |b| {
        b.iter(|| {
            let mut n = note("", "s1", "Bench note: appended and flushed.");
            n.author = "bench".into();
            store
                .create("bench", Record::Note(n))
                .expect("append a note");
        })
    });
    group.bench_function("one startup's notes (details)", |b| {
        b.iter(|| store.notes_of(black_box("s42")).expect("notes"))
    });
    group.bench_function("note summaries (first frame)", |b| {
        b.iter(|| store.note_summaries().expect("summaries"))
    });
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(if n >= 100_000 { 20 } else { 3 }));
    group.bench_function("portfolio without notes (first frame)", |b| {
        b.iter(|| store.portfolio_without_notes().expect("read"))
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let listing = std::env::args().any(|a| a == "--list");
    for n in sizes() {
        let db = database(n);
        if listing {
            continue;
        }
        let p = portfolio(n);
        import(n, &p);
        drop(p);
        let store = Store::open(&db).expect("open");
        export(n, &store);
        benches(&mut c, n, &store);
    }
    c.final_summary();
}
