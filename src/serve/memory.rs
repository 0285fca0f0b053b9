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

/// jemalloc's settings for a program that serves sessions (the
/// `incubator` binary and the SSH bench export them as
/// `_rjem_malloc_conf`; `_RJEM_MALLOC_CONF` in the environment still
/// overrides them): a thread of its own returns freed pages a second after
/// they were freed (`dirty_decay_ms`), straight to the system
/// (`muzzy_decay_ms:0`), even when nothing else allocates. One such
/// thread, not one a core: each reserves a stack, and the import refuses
/// hostile files within 200 MiB of address space (tests/it).
pub const JEMALLOC_CONF: &[u8; 85] =
    b"background_thread:true,max_background_threads:1,dirty_decay_ms:1000,muzzy_decay_ms:0\0";

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
