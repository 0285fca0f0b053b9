//! The `incubator` command.

/// jemalloc instead of the system's allocator: with glibc, what closed SSH
/// sessions freed stayed resident (BENCHMARKS.md "Memory after sessions
/// close"); jemalloc keeps less of it and hands it back on its own.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read as it starts (see `serve::JEMALLOC_CONF`).
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &[u8; 95] = incubator::serve::JEMALLOC_CONF;

fn main() -> std::process::ExitCode {
    #[cfg(not(target_env = "msvc"))]
    incubator::serve::on_runtime_thread_start(incubator::serve::jemalloc_thread_cache_off);
    incubator::cli::run()
}
