//! The search keystroke against a reference matcher, at each size of
//! `BENCH_SIZES` (1k, 10k, 100k startups; 10 notes each).
//!
//! "sebeke" is typed a letter at a time; each keystroke searches what the
//! previous one could still match, in both matchers:
//!
//! - the list filter: every startup that matches. Ours as the list asks
//!   for it (`search_list`: every match, the first `LIST_PAGES` rows
//!   ranked, the rest ranked as the list scrolls); every match ranked
//!   (`search_found`: ids only, what the list asked for before), which is
//!   what the ratio to nucleo compares; and with the positions of every
//!   hit (`search`, what it asked for before that).
//!   nucleo-matcher (the matcher of helix and nucleo, the fastest Rust
//!   fuzzy matcher we know) scores the names, converted to its UTF-32
//!   strings once, and sorts every match.
//! - the palette: the best 50 over everything. Ours searches names,
//!   one-liners, sectors, tags, founders, expertise, venues and note
//!   lines; nucleo here scores names and whole note bodies only, and keeps
//!   the best 50.
//!
//! nucleo folds case and Latin accents but not ə or ı, so it is given our
//! folded texts (`text::fold`): both then match the same records.
//!
//! Total and worst keystroke are printed (`==` lines, medians of 9 runs);
//! criterion samples the total. `cargo bench --bench search -- nucleo`
//! runs one side; `BENCH_SIZES=100k` one size.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::{label, portfolio, sizes};
use criterion::{Criterion, SamplingMode};
use incubator::model::{Kind, Portfolio, Record};
use incubator::search::{SearchIndex, SearchMemo};
use incubator::text::fold;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

const TYPED: &str = "sebeke";
const PALETTE: usize = 50;
/// What the list ranks as a filter is typed: three pages of 35 rows (a
/// 120×40 terminal).
const LIST_PAGES: usize = 3 * 35;

/// Items for nucleo, converted once (as our index folds once).
struct Nucleo {
    items: Vec<Utf32String>,
    matcher: Matcher,
}

impl Nucleo {
    fn new(texts: impl Iterator<Item = String>) -> Nucleo {
        Nucleo {
            items: texts.map(Utf32String::from).collect(),
            matcher: Matcher::new(Config::DEFAULT),
        }
    }

    /// Type `TYPED`; each keystroke scores the previous keystroke's
    /// matches, sorts them and keeps `limit`. Each keystroke's time.
    fn type_query(&mut self, limit: usize) -> Vec<Duration> {
        let mut candidates: Vec<u32> = (0..self.items.len() as u32).collect();
        (1..=TYPED.len())
            .map(|end| {
                let started = Instant::now();
                let pattern =
                    Pattern::parse(&TYPED[..end], CaseMatching::Ignore, Normalization::Smart);
                let mut scored: Vec<(u32, u32)> = candidates
                    .iter()
                    .filter_map(|&i| {
                        pattern
                            .score(self.items[i as usize].slice(..), &mut self.matcher)
                            .map(|s| (i, s))
                    })
                    .collect();
                candidates = scored.iter().map(|(i, _)| *i).collect();
                if scored.len() > limit {
                    scored.select_nth_unstable_by(limit - 1, |a, b| b.1.cmp(&a.1));
                    scored.truncate(limit);
                }
                scored.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                black_box(&scored);
                started.elapsed()
            })
            .collect()
    }
}

/// Type `TYPED` into our index as the list filter does; each keystroke's
/// time.
fn ours_as_listed(index: &SearchIndex) -> Vec<Duration> {
    // A session typing afresh: its own memo, empty.
    let mut memo = SearchMemo::default();
    (1..=TYPED.len())
        .map(|end| {
            let started = Instant::now();
            black_box(index.search_list_with(&mut memo, &TYPED[..end], Kind::Startup, LIST_PAGES));
            started.elapsed()
        })
        .collect()
}

/// Type `TYPED` into our index; each keystroke's time.
fn ours(
    index: &SearchIndex,
    kinds: Option<&[Kind]>,
    limit: usize,
    positions: bool,
) -> Vec<Duration> {
    // A session typing afresh: its own memo, empty.
    let mut memo = SearchMemo::default();
    (1..=TYPED.len())
        .map(|end| {
            let started = Instant::now();
            if positions {
                black_box(index.search_with(&mut memo, &TYPED[..end], kinds, limit));
            } else {
                black_box(index.search_found_with(&mut memo, &TYPED[..end], kinds, limit));
            }
            started.elapsed()
        })
        .collect()
}

fn summary(n: usize, what: &str, mut run: impl FnMut() -> Vec<Duration>) -> (f64, f64) {
    let runs: Vec<Vec<Duration>> = (0..9).map(|_| run()).collect();
    let per_key: Vec<f64> = (0..TYPED.len())
        .map(|k| {
            let mut times: Vec<Duration> = runs.iter().map(|r| r[k]).collect();
            times.sort();
            times[times.len() / 2].as_secs_f64() * 1e3
        })
        .collect();
    let total: f64 = per_key.iter().sum();
    let worst = per_key.iter().copied().fold(0.0, f64::max);
    eprintln!(
        "== {}: {what}: per keystroke {} ms; total {total:.2} ms; worst {worst:.2} ms ==",
        label(n),
        per_key
            .iter()
            .map(|t| format!("{t:.2}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    (total, worst)
}

fn compare(c: &mut Criterion, n: usize, p: &Portfolio) {
    let index = SearchIndex::build(p);
    let startups = [Kind::Startup];
    let mut names = Nucleo::new(p.startups.iter().map(|s| fold(&s.name)));
    let mut everything = Nucleo::new(
        p.startups
            .iter()
            .map(|s| fold(&s.name))
            .chain(p.mentors.iter().map(|m| fold(&m.name)))
            .chain(p.cohorts.iter().map(|c| fold(&c.name)))
            .chain(p.notes.iter().map(|n| fold(&n.body))),
    );

    summary(
        n,
        "list filter, ours as the list asks (search_list: every match, 105 ranked)",
        || ours_as_listed(&index),
    );
    // Like for like with nucleo: every match ranked.
    let (ours_list, ours_list_worst) = summary(
        n,
        "list filter, ours, every match ranked (search_found)",
        || ours(&index, Some(&startups), usize::MAX, false),
    );
    summary(
        n,
        "list filter, ours with every hit's positions (search)",
        || ours(&index, Some(&startups), usize::MAX, true),
    );
    let (nucleo_list, nucleo_list_worst) =
        summary(n, "list filter, nucleo-matcher (names)", || {
            names.type_query(usize::MAX)
        });
    let (ours_palette, ours_palette_worst) = summary(n, "palette, ours (top 50)", || {
        ours(&index, None, PALETTE, true)
    });
    let (nucleo_palette, nucleo_palette_worst) = summary(
        n,
        "palette, nucleo-matcher (names + note bodies, top 50)",
        || everything.type_query(PALETTE),
    );
    eprintln!(
        "== {}: ours / nucleo: list filter total {:.2}x, worst {:.2}x; palette total {:.2}x, worst {:.2}x ==",
        label(n),
        ours_list / nucleo_list,
        ours_list_worst / nucleo_list_worst,
        ours_palette / nucleo_palette,
        ours_palette_worst / nucleo_palette_worst,
    );

    let mut group = c.benchmark_group(format!("typing {TYPED:?} {}", label(n)));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(2));
    let total = |times: Vec<Duration>| times.into_iter().sum::<Duration>();
    group.bench_function("list filter: ours", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| total(ours_as_listed(&index))).sum())
    });
    group.bench_function("list filter: ours, every match ranked", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| total(ours(&index, Some(&startups), usize::MAX, false)))
                .sum()
        })
    });
    group.bench_function("list filter: nucleo-matcher", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| total(names.type_query(usize::MAX)))
                .sum()
        })
    });
    group.bench_function("palette: ours", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| total(ours(&index, None, PALETTE, true)))
                .sum()
        })
    });
    group.bench_function("palette: nucleo-matcher", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| total(everything.type_query(PALETTE)))
                .sum()
        })
    });
    group.finish();
}

/// A write that lands in a session: the index kept up to date with it
/// (`SearchIndex::put`, `remove`) against building it again, which is what
/// a write cost the next keystroke before.
fn writes(c: &mut Criterion, n: usize, p: &Portfolio) {
    let mut group = c.benchmark_group(format!("a write, in the index {}", label(n)));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(2));
    let mut index = SearchIndex::build(p);
    let mut startup = p.startups[p.startups.len() / 2].clone();
    let place = p.startups.len() / 2;
    let mut turn = 0u64;
    group.bench_function("a startup renamed: kept up to date", |b| {
        b.iter(|| {
            turn += 1;
            startup.name = format!("Xəzər Renamed {turn}");
            index.put(&Record::Startup(startup.clone()), place);
        })
    });
    let mut note = p.notes[0].clone();
    note.id = "n99999999".into();
    group.bench_function("a note added and deleted: kept up to date", |b| {
        b.iter(|| {
            index.put(&Record::Note(note.clone()), p.notes.len());
            index.remove(Kind::Note, &note.id);
        })
    });
    group.bench_function("building it again (as before)", |b| {
        b.iter(|| black_box(SearchIndex::build(p)))
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    for n in sizes() {
        let p = portfolio(n);
        compare(&mut c, n, &p);
        writes(&mut c, n, &p);
    }
    c.final_summary();
}
