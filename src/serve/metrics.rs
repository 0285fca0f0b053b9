//! `serve --metrics ADDRESS`: Prometheus text exposition on
//! `GET /metrics` — sessions open, keystrokes, frame times, writes,
//! refusals and the store's size on disk. A plain listener on the
//! server's runtime answers one request per connection: a scrape every
//! few seconds needs no HTTP stack.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Weak;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::Shared;

/// The process's counters (Prometheus counters only go up; one server
/// runs in a process).
pub(crate) static COUNTERS: Counters = Counters::new();

/// Upper bounds of the frame-time histogram's buckets, in seconds.
const FRAME_BUCKETS: [f64; 8] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];

pub(crate) struct Counters {
    keystrokes: AtomicU64,
    writes: AtomicU64,
    refusals: AtomicU64,
    /// Frames drawn in at most each bucket's bound (not cumulative).
    frame_buckets: [AtomicU64; FRAME_BUCKETS.len()],
    frames: AtomicU64,
    frame_micros: AtomicU64,
}

impl Counters {
    const fn new() -> Counters {
        Counters {
            keystrokes: AtomicU64::new(0),
            writes: AtomicU64::new(0),
            refusals: AtomicU64::new(0),
            frame_buckets: [const { AtomicU64::new(0) }; FRAME_BUCKETS.len()],
            frames: AtomicU64::new(0),
            frame_micros: AtomicU64::new(0),
        }
    }

    pub fn keystrokes(&self, n: u64) {
        self.keystrokes.fetch_add(n, Ordering::Relaxed);
    }

    pub fn write(&self) {
        self.writes.fetch_add(1, Ordering::Relaxed);
    }

    pub fn refused(&self) {
        self.refusals.fetch_add(1, Ordering::Relaxed);
    }

    pub fn frame(&self, took: Duration) {
        let seconds = took.as_secs_f64();
        if let Some(i) = FRAME_BUCKETS.iter().position(|&bound| seconds <= bound) {
            self.frame_buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.frames.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.frame_micros.fetch_add(micros, Ordering::Relaxed);
    }
}

/// Answer scrapes on `listener` while the server runs.
pub(super) async fn serve(listener: TcpListener, shared: Weak<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors: the SSH side says so; wait.
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let Some(alive) = shared.upgrade() else {
            return;
        };
        let page = exposition(&alive);
        drop(alive);
        tokio::spawn(answer(stream, page));
    }
}

/// Read the request (a scraper's is a few lines) and answer it.
async fn answer(mut stream: TcpStream, page: String) {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(5), async {
        while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 8192 {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    if read.is_err() {
        return;
    }
    let response = if request.starts_with(b"GET /metrics ") {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        )
    } else {
        "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nnot found\n".to_string()
    };
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// The metrics now, in Prometheus's text format.
fn exposition(shared: &Shared) -> String {
    let c = &COUNTERS;
    let mut page = String::new();
    let mut metric = |name: &str, kind: &str, help: &str, value: String| {
        let _ = writeln!(
            page,
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
        );
    };
    let sessions = shared.sessions.load(Ordering::SeqCst);
    metric(
        "incubator_sessions_open",
        "gauge",
        "Terminal sessions open now.",
        sessions.to_string(),
    );
    let commands = shared.commands.running();
    metric(
        "incubator_commands_running",
        "gauge",
        "Commands over SSH running now.",
        commands.to_string(),
    );
    let load = |n: &AtomicU64| n.load(Ordering::Relaxed).to_string();
    metric(
        "incubator_keystrokes_total",
        "counter",
        "Keys pressed in terminal sessions.",
        load(&c.keystrokes),
    );
    metric(
        "incubator_writes_total",
        "counter",
        "Records written to the store.",
        load(&c.writes),
    );
    metric(
        "incubator_refusals_total",
        "counter",
        "Connections, keys, sessions and commands refused.",
        load(&c.refusals),
    );
    metric(
        "incubator_store_bytes",
        "gauge",
        "The database's size on disk.",
        folder_size(shared.store.path()).to_string(),
    );
    let name = "incubator_frame_seconds";
    let _ = writeln!(
        page,
        "# HELP {name} Time to draw a frame of a terminal session.\n# TYPE {name} histogram"
    );
    let mut below = 0;
    for (bound, count) in FRAME_BUCKETS.iter().zip(&c.frame_buckets) {
        below += count.load(Ordering::Relaxed);
        let _ = writeln!(page, "{name}_bucket{{le=\"{bound}\"}} {below}");
    }
    let frames = c.frames.load(Ordering::Relaxed);
    let seconds = c.frame_micros.load(Ordering::Relaxed) as f64 / 1e6;
    let _ = writeln!(
        page,
        "{name}_bucket{{le=\"+Inf\"}} {frames}\n{name}_sum {seconds}\n{name}_count {frames}"
    );
    page
}

/// Bytes in the files under `folder` (the database's own; what cannot be
/// read counts nothing).
fn folder_size(folder: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(t) if t.is_dir() => folder_size(&entry.path()),
            Ok(t) if t.is_file() => entry.metadata().map_or(0, |m| m.len()),
            _ => 0,
        })
        .sum()
}
