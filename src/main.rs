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
    incubator::serve::on_runtime_thread_start(no_thread_cache);
    incubator::cli::run()
}

/// Turn jemalloc's cache off for the calling thread: what it caches stays
/// resident while the thread lives (see `serve::on_runtime_thread_start`).
#[cfg(not(target_env = "msvc"))]
fn no_thread_cache() {
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
