//! Store budgets (DESIGN.md): with 10,000 startups and 100,000 notes the
//! first frame must show within 150 ms of launch, so opening the database
//! and reading what the first screen needs must fit well inside that.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use incubator::export::interchange::Parsed;
use incubator::model::testing::synthetic;
use incubator::model::{Note, Startup};
use incubator::store::Store;

fn large_store(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("db");
    {
        let store = Store::open(&path).expect("open");
        let parsed = Parsed {
            portfolio: synthetic(10_000, 100_000),
            problems: vec![],
        };
        let started = std::time::Instant::now();
        store.import("bench", parsed, false).expect("import");
        eprintln!(
            "one-off: importing 10k startups + 100k notes took {:?}",
            started.elapsed()
        );
    }

    let mut group = c.benchmark_group("store 10k startups + 100k notes");
    group.sample_size(10);
    group.bench_function("open", |b| {
        b.iter(|| Store::open(black_box(&path)).expect("open"))
    });
    let store = Store::open(&path).expect("open");
    group.bench_function("read all startups", |b| {
        b.iter(|| store.list::<Startup>().expect("list"))
    });
    group.bench_function("read all notes", |b| {
        b.iter(|| store.list::<Note>().expect("list"))
    });
    group.bench_function("read the whole portfolio", |b| {
        b.iter(|| store.portfolio().expect("portfolio"))
    });
    group.bench_function("one startup's notes", |b| {
        b.iter(|| store.notes_of(black_box("s42")).expect("notes"))
    });
    group.finish();
}

criterion_group!(benches, large_store);
criterion_main!(benches);
