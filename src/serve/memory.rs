//! Memory back to the system once the server is idle. glibc keeps what
//! sessions and commands freed in its arenas (one per thread that
//! allocated), so resident memory stayed near its peak after every session
//! had closed, and grew wave after wave; `malloc_trim` hands the free pages
//! back.
//!
//! The `incubator` binary allocates with jemalloc (src/main.rs), which
//! returns freed pages on a thread of its own, and these calls then only
//! reach what C code allocates through glibc; they still matter to a
//! program that uses the library with the system's allocator.

use std::io;
use std::sync::atomic::Ordering;
use std::sync::{OnceLock, Weak};
use std::thread;
use std::time::{Duration, Instant};

use super::Shared;
use crate::store::{Reopened, StoreError};

/// jemalloc's settings for a program that serves sessions (the
/// `incubator` binary and the SSH bench export them as
/// `_rjem_malloc_conf`; `_RJEM_MALLOC_CONF` in the environment still
/// overrides them): a thread of its own returns freed pages a second after
/// they were freed (`dirty_decay_ms`), straight to the system
/// (`muzzy_decay_ms:0`), even when nothing else allocates. One such
/// thread, not one a core: each reserves a stack, and the import refuses
/// hostile files within 200 MiB of address space (tests/it). One arena
/// (`narenas:1`, not four a core): less of jemalloc's own memory kept
/// after sessions close (2 MB at 10k), and the full-screen view no slower
/// (BENCHMARKS.md, "Memory after sessions close").
pub const JEMALLOC_CONF: &[u8; 95] =
    b"background_thread:true,max_background_threads:1,dirty_decay_ms:1000,muzzy_decay_ms:0,narenas:1\0";

/// What each thread of the server's runtime runs as it starts, set by the
/// program that chose the allocator (see [`on_runtime_thread_start`]).
static THREAD_START: OnceLock<fn()> = OnceLock::new();

/// Have each thread of the server's runtime (its workers and the threads
/// of its blocking pool, which live on between sessions) run `hook` as it
/// starts. The `incubator` binary turns jemalloc's thread cache off there:
/// objects cached by those long-lived threads held 8–9 MB once every
/// session had closed (BENCHMARKS.md, "Memory after sessions close"); a
/// session's own thread keeps its cache, given back as the thread ends.
/// The first hook set stays.
pub fn on_runtime_thread_start(hook: fn()) {
    let _ = THREAD_START.set(hook);
}

/// Turn jemalloc's cache off for the calling thread: what it caches stays
/// resident while the thread lives. The hook a program allocating with
/// jemalloc (the `incubator` binary, the SSH bench) gives
/// [`on_runtime_thread_start`]; with another allocator it does nothing of
/// use.
#[cfg(not(target_env = "msvc"))]
pub fn jemalloc_thread_cache_off() {
    let off = false;
    // SAFETY: the name is NUL-terminated; `thread.tcache.enabled` takes a
    // bool, given by pointer with its size, and nothing is read back.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            c"thread.tcache.enabled".as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            (&raw const off).cast_mut().cast(),
            size_of::<bool>(),
        );
    }
}

/// The server's runtime: `workers` threads (tokio's default, one a core,
/// when None), each running the hook of [`on_runtime_thread_start`].
pub fn runtime(workers: Option<usize>) -> io::Result<tokio::runtime::Runtime> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder
        .enable_all()
        .thread_name("incubator serve")
        .on_thread_start(|| {
            if let Some(hook) = THREAD_START.get() {
                hook();
            }
        });
    if let Some(workers) = workers {
        builder.worker_threads(workers);
    }
    builder.build()
}

/// Arenas glibc may make, unless `MALLOC_ARENA_MAX` says otherwise: by
/// default it makes up to eight per core as threads allocate at once, and
/// what sessions free is spread over them. Measured at 10,000 startups,
/// 20 sessions in three waves: all closed, 333–417 MB resident with the
/// default and trimming, 186–224 MB with two arenas (36 MB before any).
const ARENAS: i32 = 2;

/// Fewer arenas (see [`ARENAS`]); call before the server's threads start.
pub(crate) fn fewer_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt takes no pointers; it sets a glibc parameter.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, ARENAS);
        }
    }
}

/// Give freed memory back to the system (glibc only; elsewhere nothing).
pub(crate) fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers; it only walks glibc's own
    // heaps, under their locks, and may be called from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// How long the server goes with no session, no command and nothing
/// reaching the store before the store is opened afresh (see
/// [`reopen_when_quiet`]): long enough that a user who closes a session
/// and opens another does not meet a reopen, short enough that the memory
/// comes back soon. `INCUBATOR_REOPEN_QUIET_MS` sets it (the tests).
const QUIET: Duration = Duration::from_secs(3);

/// How often the quiet is looked at.
const LOOK_EVERY: Duration = Duration::from_millis(250);

fn quiet() -> Duration {
    std::env::var("INCUBATOR_REOPEN_QUIET_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(QUIET, Duration::from_millis)
}

/// Once the server has gone quiet after being used, close the store and
/// open it afresh, on a thread of its own: sled keeps objects for every
/// page the sessions read until it closes (97 MB after twenty sessions at
/// 10k, of which a purge returns none; BENCHMARKS.md, "Memory after
/// sessions close"). Anything reaching the store meanwhile — a login, a
/// command forwarded through the holder's socket — waits for the reopen
/// (`store::reopen`); a reopen never starts under a running one. The
/// thread ends with the server.
pub(super) fn reopen_when_quiet(shared: Weak<Shared>) -> io::Result<()> {
    let quiet = quiet();
    let mut seen = match shared.upgrade() {
        Some(shared) => shared.store.uses(),
        None => return Ok(()),
    };
    thread::Builder::new()
        .name("reopen when quiet".into())
        .spawn(move || {
            let (mut since, mut used) = (Instant::now(), false);
            loop {
                thread::sleep(LOOK_EVERY.min(quiet));
                let Some(shared) = shared.upgrade() else {
                    return;
                };
                if shared.shutdown.load(Ordering::SeqCst) {
                    return;
                }
                let uses = shared.store.uses();
                let busy = shared.sessions.load(Ordering::SeqCst) > 0
                    || shared.commands.running() > 0
                    || uses != seen;
                if busy {
                    (seen, since, used) = (uses, Instant::now(), true);
                    continue;
                }
                if !used || since.elapsed() < quiet {
                    continue;
                }
                match shared.store.reopen_if_unused(uses, gave_up) {
                    Reopened::Done(took) => {
                        used = false;
                        tracing::info!(
                            target: super::log::NOTICE,
                            "no session or command for {} s: the database was opened afresh, to give back its memory ({} ms)",
                            quiet.as_secs(),
                            took.as_millis()
                        );
                    }
                    Reopened::Busy => {}
                    Reopened::Never => return,
                }
            }
        })
        .map(drop)
}

/// The database could not be closed or opened again: nothing is left to
/// serve. Every change reported as saved was flushed before the close.
pub(super) fn gave_up(error: &StoreError) -> ! {
    tracing::error!(
        target: super::log::NOTICE,
        "stopping: {error} (reopened to give back memory); every change reported as saved is on disk"
    );
    std::process::exit(1)
}
