//! The `incubator` command.

/// jemalloc instead of the system's allocator: with glibc, what closed SSH
/// sessions freed stayed resident (BENCHMARKS.md "Memory after sessions
/// close"); jemalloc keeps less of it and hands it back on its own.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read as it starts (`_RJEM_MALLOC_CONF` in the
/// environment still overrides them): a thread of its own returns freed
/// pages a second after they were freed (`dirty_decay_ms`), straight to
/// the system (`muzzy_decay_ms:0`), even when nothing else allocates. One
/// such thread, not one a core: each reserves a stack, and the import
/// refuses hostile files within 200 MiB of address space (tests/it).
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &[u8; 85] =
    b"background_thread:true,max_background_threads:1,dirty_decay_ms:1000,muzzy_decay_ms:0\0";

fn main() -> std::process::ExitCode {
    incubator::cli::run()
}
