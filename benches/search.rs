//! Search budgets (DESIGN.md): a keystroke over 10,000 startups in under
//! 5 ms of work; over 10,000 startups and 100,000 notes in under 16 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use incubator::model::Kind;
use incubator::model::testing::synthetic;
use incubator::search::{IncrementalSearch, SearchIndex};

/// What a person types, a keystroke at a time.
const TYPED: &str = "pricing";

fn keystrokes(c: &mut Criterion) {
    for (label, startups, notes) in [
        ("10k startups", 10_000, 0),
        ("10k startups + 100k notes", 10_000, 100_000),
    ] {
        let portfolio = synthetic(startups, notes);
        let index = SearchIndex::build(&portfolio);
        let mut group = c.benchmark_group(format!("search {label}"));
        group.sample_size(20);
        // The worst single keystroke: the first letter, which matches nearly everything.
        group.bench_function("first keystroke", |b| {
            b.iter(|| index.search(black_box("p"), None, 50))
        });
        // A whole word typed letter by letter, each keystroke searching the previous hits.
        group.bench_function("typing 7 letters (incremental)", |b| {
            b.iter(|| {
                let mut search = IncrementalSearch::new(&index);
                for end in 1..=TYPED.len() {
                    black_box(search.update(&TYPED[..end], None, 50));
                }
            })
        });
        group.finish();
    }
}

/// The hard case: notes only, where no name hits fill the list early and
/// many lines match a short query weakly. Each query searched from scratch,
/// an upper bound on one keystroke's work.
fn notes_only(c: &mut Criterion) {
    let portfolio = synthetic(10_000, 100_000);
    let index = SearchIndex::build(&portfolio);
    let notes = [Kind::Note];
    let mut group = c.benchmark_group("search 100k notes only, from scratch");
    group.sample_size(20);
    for query in ["s", "se", "sem", "pricing"] {
        group.bench_function(query, |b| {
            b.iter(|| index.search(black_box(query), Some(&notes), 50))
        });
    }
    group.finish();
}

fn building(c: &mut Criterion) {
    let portfolio = synthetic(10_000, 100_000);
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("build over 10k startups + 100k notes", |b| {
        b.iter(|| SearchIndex::build(black_box(&portfolio)))
    });
    group.finish();
}

criterion_group!(benches, keystrokes, notes_only, building);
criterion_main!(benches);
