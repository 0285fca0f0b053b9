//! `incubator serve` under load (DESIGN.md "Performance budgets", issue 6):
//! 20 SSH sessions at once on this 2-core machine, each moving through the
//! Startups list and searching it, a key at a time as a person types.
//!
//! 1. Keystroke to frame: from a key leaving the client to the first bytes
//!    of the frame it causes arriving back, over every key of every
//!    session; p50, p95 (budget 30 ms) and worst, printed before criterion
//!    runs.
//! 2. Bytes per cursor move (budget 300): the frame a one-row move sends,
//!    median and worst.
//! 3. Resident memory of the server (this process) with the store open,
//!    and with every session loaded.
//! 4. criterion: one round of a keystroke in each of the 20 sessions at
//!    once, until all 20 frames are back.
//!
//! 5. With `BENCH_SSH_WAVES=N`, instead of 1–4: N waves of 20 sessions
//!    opened, used and all closed, with resident memory before the first,
//!    with each wave loaded and after each has closed (1 s and 6 s after,
//!    then with every jemalloc arena purged), and what holds it: the kind
//!    of mapping, and jemalloc's own figures (issue 21).
//!
//! The server's allocator is the `incubator` binary's: jemalloc, set as
//! src/main.rs sets it.
//!
//! `cargo bench --bench ssh`: the sample portfolio (24 startups);
//! `BENCH_SSH_SIZE=10k cargo bench --bench ssh`: the generated one of that
//! size (as `benches/tui.rs` makes it). russh's client, the server in this
//! process (as the SSH tests run it).

mod common;
#[path = "../tests/it/support/ssh.rs"]
mod ssh_support;

use std::time::{Duration, Instant};

use criterion::Criterion;
use futures::future::join_all;
use ssh_support::{Terminal, TestServer};

const SESSIONS: usize = 20;
/// Rounds of the workload per session for the printed figures.
const ROUNDS: usize = 3;

/// One key and the frame it brought: how long, how many bytes.
struct Sample {
    latency: Duration,
    bytes: usize,
    key: Key,
}

/// What a key does, to tell the figures apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    /// One row up or down.
    Move,
    /// `/` and the letters of a filter.
    Search,
    /// Esc: a lone one waits for what may follow it (ESC_WAIT).
    Esc,
}

/// Send `key` and wait for the first frame that follows it.
async fn keystroke(term: &Terminal, key: &str, kind: Key) -> Sample {
    let seen = term.screen.arrivals.lock().unwrap().len();
    let sent = Instant::now();
    term.send(key).await;
    loop {
        let notified = term.screen.arrived.notified();
        if let Some(&(at, bytes)) = term.screen.arrivals.lock().unwrap().get(seen) {
            return Sample {
                latency: at.saturating_duration_since(sent),
                bytes,
                key: kind,
            };
        }
        if tokio::time::timeout(Duration::from_secs(10), notified)
            .await
            .is_err()
        {
            panic!("no frame for {key:?}:\n{}", term.contents());
        }
    }
}

/// What one person does: down eight rows and back, then filter the list
/// by a name a letter at a time, and clear it.
async fn workload(term: &Terminal) -> Vec<Sample> {
    let mut samples = Vec::new();
    for _ in 0..ROUNDS {
        for key in ["j"; 8].into_iter().chain(["k"; 8]) {
            samples.push(keystroke(term, key, Key::Move).await);
        }
        samples.push(keystroke(term, "/", Key::Search).await);
        for c in "kilim".chars() {
            samples.push(keystroke(term, &c.to_string(), Key::Search).await);
        }
        // Esc clears the filter and leaves the typing.
        samples.push(keystroke(term, "\x1b", Key::Esc).await);
        term.wait_gone("/kilim").await;
    }
    samples
}

async fn open_all(server: &TestServer) -> Vec<Terminal> {
    open(server, 0..SESSIONS).await
}

/// Sessions `which` of the twenty, opened and loaded.
async fn open(server: &TestServer, which: std::ops::Range<usize>) -> Vec<Terminal> {
    let mut terms = Vec::new();
    for i in which {
        let key = [
            &server.keys.coordinator,
            &server.keys.mentor,
            &server.keys.staff,
        ][i % 3];
        let term = Terminal::open(server.address(), key, 80, 24).await;
        term.wait_for("Needs attention").await;
        term.send("2").await;
        term.wait_for("┌ Startups ").await;
        terms.push(term);
    }
    // Let the notes and search index load everywhere before timing.
    let settle = if size().is_some() { 20 } else { 2 };
    tokio::time::sleep(Duration::from_secs(settle)).await;
    terms
}

/// `BENCH_SSH_WAVES`, if set: how many waves of sessions to measure.
fn waves() -> Option<usize> {
    std::env::var("BENCH_SSH_WAVES").ok()?.trim().parse().ok()
}

/// Resident memory before any session, with 20 loaded and used, and once
/// they have all closed, wave after wave.
async fn memory_over_waves(server: &TestServer, portfolio: &str, waves: usize) {
    let mb = || common::memory_kb("self").0 / 1024;
    let before = mb();
    eprintln!("== ssh memory: {portfolio}, before any session {before} MB ==");
    eprintln!("==   where it is: {} ==", resident_by_kind());
    eprintln!("==   jemalloc: {} ==", jemalloc_holds());
    let running = server.running.as_ref().expect("running");
    for wave in 1..=waves {
        let terms = open_all(server).await;
        join_all(terms.iter().map(workload)).await;
        let loaded = mb();
        join_all(terms.iter().map(|t| t.quit())).await;
        drop(terms);
        while running.sessions() > 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // The last session's memory is given back as it ends.
        tokio::time::sleep(Duration::from_secs(1)).await;
        eprintln!(
            "== ssh memory: wave {wave}: {SESSIONS} sessions loaded {loaded} MB, all closed {} MB (before {before} MB) ==",
            mb()
        );
        eprintln!("==   where it is: {} ==", resident_by_kind());
        eprintln!("==   jemalloc: {} ==", jemalloc_holds());
        // jemalloc hands freed pages back over a second or so, on its
        // own thread: what stays resident once it has.
        tokio::time::sleep(Duration::from_secs(5)).await;
        eprintln!("==   6 s after the close: {} MB ==", mb());
        eprintln!("==   where it is: {} ==", resident_by_kind());
        eprintln!("==   jemalloc: {} ==", jemalloc_holds());
        purge();
        eprintln!("==   then every arena purged: {} MB ==", mb());
        eprintln!("==   jemalloc: {} ==", jemalloc_holds());
    }
}

/// Resident memory by what holds it (`/proc/self/smaps`), in MB: anonymous
/// (the allocator's heaps, thread stacks), files (the program and its
/// libraries; sled reads its files, it maps none), the rest (the main
/// thread's stack, the kernel's vdso).
fn resident_by_kind() -> String {
    let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap_or_default();
    enum Kind {
        Anonymous,
        File,
        Other,
    }
    let (mut anon, mut files, mut other) = (0u64, 0u64, 0u64);
    let mut kind = Kind::Anonymous;
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let first = fields.next().unwrap_or("");
        if first == "Rss:" {
            let kb: u64 = fields.next().and_then(|v| v.parse().ok()).unwrap_or(0);
            match kind {
                Kind::Anonymous => anon += kb,
                Kind::File => files += kb,
                Kind::Other => other += kb,
            }
        } else if !first.ends_with(':') {
            // A mapping's first line: address, perms, offset, device,
            // inode, then the path if any.
            kind = match fields.nth(4).unwrap_or("") {
                "" | "[heap]" => Kind::Anonymous,
                p if p.starts_with('[') => Kind::Other,
                _ => Kind::File,
            };
        }
    }
    format!(
        "anonymous {} MB, files {} MB, [stack] and the kernel's {} MB",
        anon / 1024,
        files / 1024,
        other / 1024,
    )
}

/// What jemalloc holds, in MB: `allocated` is live objects, `active` the
/// pages they sit on, `resident` what of jemalloc's is in memory (its
/// metadata and dirty pages not yet returned too), `retained` address
/// space kept but handed back. Resident minus allocated is what the
/// allocator keeps beyond the live data.
#[cfg(not(target_env = "msvc"))]
fn jemalloc_holds() -> String {
    use tikv_jemalloc_ctl::{epoch, stats};
    if epoch::advance().is_err() {
        return "no statistics".into();
    }
    let mb = |v: Result<usize, _>| v.map_or(0, |b| b / (1024 * 1024));
    format!(
        "allocated {} MB (in threads' caches {} MB), active {} MB, resident {} MB, metadata {} MB, retained {} MB",
        mb(stats::allocated::read()),
        // SAFETY: a NUL-terminated name whose value is a size_t.
        mb(unsafe { tikv_jemalloc_ctl::raw::read(b"stats.arenas.4096.tcache_bytes\0") }),
        mb(stats::active::read()),
        mb(stats::resident::read()),
        mb(stats::metadata::read()),
        mb(stats::retained::read()),
    )
}

/// Every jemalloc arena's unused pages handed back at once
/// (`arena.<MALLCTL_ARENAS_ALL>.purge`).
#[cfg(not(target_env = "msvc"))]
fn purge() {
    // SAFETY: a NUL-terminated name; purge takes and gives no value.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            c"arena.4096.purge".as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        );
    }
}

#[cfg(target_env = "msvc")]
fn purge() {}

#[cfg(target_env = "msvc")]
fn jemalloc_holds() -> String {
    "not jemalloc".into()
}

/// `BENCH_SSH_SIZE` (1k, 10k, 100k), if set: a generated portfolio.
fn size() -> Option<usize> {
    match std::env::var("BENCH_SSH_SIZE").ok()?.trim() {
        "1k" => Some(1_000),
        "10k" => Some(10_000),
        "100k" => Some(100_000),
        other => other.parse().ok(),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(at).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn bench(c: &mut Criterion) {
    // The server's runtime, its threads as the binary sets them.
    #[cfg(not(target_env = "msvc"))]
    incubator::serve::on_runtime_thread_start(incubator::serve::jemalloc_thread_cache_off);
    let runtime = incubator::serve::runtime(Some(2)).expect("a runtime");
    let mut server = runtime.block_on(async {
        match size() {
            None => TestServer::start().await,
            Some(n) => {
                let path = common::database(n);
                let store = incubator::store::Store::open(&path).expect("the bench database");
                let dir = tempfile::TempDir::new().expect("temp dir");
                TestServer::serve(dir, store, |_| {}).await
            }
        }
    });
    let portfolio = size().map_or("the sample".to_string(), common::label);
    if let Some(waves) = waves() {
        runtime.block_on(memory_over_waves(&server, &portfolio, waves));
        runtime.block_on(server.stop());
        // What of it was the store's: the server and its store let go.
        drop(server);
        std::thread::sleep(Duration::from_secs(6));
        eprintln!(
            "== ssh memory: the server stopped and its store closed: {} MB ==",
            common::memory_kb("self").0 / 1024
        );
        eprintln!("==   jemalloc: {} ==", jemalloc_holds());
        return;
    }
    let (before, _) = common::memory_kb("self");
    // One session first: the rest cost what a further session costs.
    let mut terms = runtime.block_on(open(&server, 0..1));
    let (one, _) = common::memory_kb("self");
    terms.extend(runtime.block_on(open(&server, 1..SESSIONS)));
    // The server runs in this process, with the clients (small: an
    // 80x24 screen each): what the sessions hold once loaded.
    let (resident, peak) = common::memory_kb("self");
    eprintln!(
        "== ssh: {portfolio}, resident with the store open {} MB; with {SESSIONS} sessions loaded {} MB ({} MB a session), peak {} MB ==",
        before / 1024,
        resident / 1024,
        resident.saturating_sub(before) / 1024 / SESSIONS as u64,
        peak / 1024,
    );
    eprintln!(
        "==   with one session {} MB; each further session {:.1} MB ==",
        one / 1024,
        resident.saturating_sub(one) as f64 / 1024.0 / (SESSIONS - 1) as f64,
    );

    let runs: Vec<Vec<Sample>> = runtime.block_on(join_all(terms.iter().map(workload)));
    let samples: Vec<&Sample> = runs.iter().flatten().collect();
    let mut latencies: Vec<Duration> = samples.iter().map(|s| s.latency).collect();
    latencies.sort();
    for (what, kind) in [
        ("moves", Key::Move),
        ("search keys", Key::Search),
        ("Esc", Key::Esc),
    ] {
        let mut of_kind: Vec<Duration> = samples
            .iter()
            .filter(|s| s.key == kind)
            .map(|s| s.latency)
            .collect();
        of_kind.sort();
        eprintln!(
            "==   {what}: p50 {}, p95 {} ==",
            ms(percentile(&of_kind, 0.5)),
            ms(percentile(&of_kind, 0.95))
        );
    }
    let mut moves: Vec<usize> = samples
        .iter()
        .filter(|s| s.key == Key::Move)
        .map(|s| s.bytes)
        .collect();
    moves.sort_unstable();
    eprintln!(
        "== ssh: {portfolio}, {SESSIONS} sessions at 80x24 moving and searching, {} keystrokes: keystroke to frame p50 {}, p95 {}, worst {} (budget p95 30 ms) ==",
        latencies.len(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.95)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
    eprintln!(
        "== ssh: bytes per one-row move: median {}, p95 {}, worst {} over {} moves, {} over 300 (budget 300) ==",
        moves.get(moves.len() / 2).copied().unwrap_or_default(),
        moves
            .get(moves.len() * 95 / 100)
            .copied()
            .unwrap_or_default(),
        moves.last().copied().unwrap_or_default(),
        moves.len(),
        moves.iter().filter(|b| **b > 300).count(),
    );

    let mut group = c.benchmark_group(format!("ssh {SESSIONS} sessions"));
    group.sample_size(20);
    let mut down = true;
    group.bench_function(
        "a keystroke in every session, until every frame is back",
        |b| {
            b.iter_custom(|iters| {
                runtime.block_on(async {
                    let start = Instant::now();
                    for _ in 0..iters {
                        let key = if down { "j" } else { "k" };
                        down = !down;
                        let round = terms.iter().map(|t| keystroke(t, key, Key::Move));
                        join_all(round).await;
                    }
                    start.elapsed()
                })
            });
        },
    );
    group.finish();
    runtime.block_on(server.stop());
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}

/// The server's allocator and settings, as the `incubator` binary has them
/// (src/main.rs): the server runs in this process.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &[u8; 95] = incubator::serve::JEMALLOC_CONF;
