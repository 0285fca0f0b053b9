//! The server's log: every connection, session, command and write as one
//! line each, JSON or logfmt (the config file's `log_format`), in a file
//! rotated by size, and on standard error when it is a terminal.
//!
//! Events are `tracing` events. Those with the [`NOTICE`] target are what
//! the server always said on standard error (a stalled client cut off, a
//! flood of connections): they still go there when it is not a terminal
//! (a service manager's journal), as `incubator: MESSAGE`.

use std::fmt::{self, Write as _};
use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Deserialize;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, MakeWriter};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// The target of lines also said on standard error when it is not a
/// terminal.
pub const NOTICE: &str = "incubator::notice";

/// The target of the store's line for each write that landed.
pub const WRITE: &str = "incubator::write";

/// How the log file's lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One JSON object a line (`jq` reads it).
    #[default]
    Json,
    /// `key=value` pairs, as Heroku and Grafana Loki read them.
    Logfmt,
}

/// A log file grows to this size, then is moved to `serve.log.1`.
pub const ROTATE_AT: u64 = 10 * 1024 * 1024;
/// Old files kept: `serve.log.1` (newest) to `serve.log.5`.
pub const KEPT: usize = 5;

/// `$XDG_STATE_HOME/incubator/serve.log`, else
/// `~/.local/state/incubator/serve.log`.
pub fn default_path() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            directories::BaseDirs::new().map(|d| d.home_dir().join(".local").join("state"))
        })?;
    Some(state.join("incubator").join("serve.log"))
}

/// Send this process's events to `path` (made with its folder if
/// missing) in `format`, and to standard error as the module says.
/// Called once, by `incubator serve`.
pub fn start(path: &Path, format: Format) -> Result<(), String> {
    let file = Rotating::open(path, ROTATE_AT, KEPT)
        .map_err(|e| format!("cannot write the log {}: {e}", path.display()))?;
    let file = LogFile(Mutex::new(file));
    let file_layer = match format {
        Format::Json => tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .with_writer(file)
            .boxed(),
        Format::Logfmt => tracing_subscriber::fmt::layer()
            .event_format(Line::Logfmt)
            .with_writer(file)
            .boxed(),
    };
    let terminal = io::stderr().is_terminal();
    let stderr_layer = tracing_subscriber::fmt::layer()
        .event_format(Line::Stderr)
        .with_writer(io::stderr)
        .with_filter(filter_fn(move |meta| terminal || meta.target() == NOTICE));
    let subscriber = tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .with(CountWrites)
        .with(tracing_subscriber::filter::LevelFilter::INFO);
    tracing::subscriber::set_global_default(subscriber)
        .map_err(|e| format!("cannot start the log: {e}"))
}

/// Counts the store's writes for the metrics.
struct CountWrites;

impl<S: Subscriber> Layer<S> for CountWrites {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == WRITE {
            super::metrics::COUNTERS.write();
        }
    }
}

/// The log file, shared by the threads that write to it: each event is
/// one `write_all` under the lock, so lines never interleave.
struct LogFile(Mutex<Rotating>);

struct Locked<'a>(std::sync::MutexGuard<'a, Rotating>);

impl Write for Locked<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl<'a> MakeWriter<'a> for LogFile {
    type Writer = Locked<'a>;
    fn make_writer(&'a self) -> Locked<'a> {
        Locked(self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// A file that, about to grow past `limit`, is moved aside (`NAME.1`,
/// the older ones one number up, the oldest past `kept` deleted) and
/// started afresh. Written unbuffered: a line is on disk when written,
/// even if the process is killed next.
pub struct Rotating {
    path: PathBuf,
    file: File,
    size: u64,
    limit: u64,
    kept: usize,
}

impl Rotating {
    pub fn open(path: &Path, limit: u64, kept: usize) -> io::Result<Rotating> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(folder)?;
        }
        let file = append(path)?;
        let size = file.metadata()?.len();
        Ok(Rotating {
            path: path.to_path_buf(),
            file,
            size,
            limit,
            kept,
        })
    }

    fn numbered(&self, n: usize) -> PathBuf {
        let mut name = self.path.clone().into_os_string();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    }

    fn rotate(&mut self) -> io::Result<()> {
        for n in (1..self.kept).rev() {
            let from = self.numbered(n);
            if from.exists() {
                fs::rename(&from, self.numbered(n + 1))?;
            }
        }
        if self.kept == 0 {
            fs::remove_file(&self.path)?;
        } else {
            fs::rename(&self.path, self.numbered(1))?;
        }
        self.file = append(&self.path)?;
        self.size = 0;
        Ok(())
    }
}

fn append(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

impl Write for Rotating {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if self.size > 0 && self.size.saturating_add(len) > self.limit {
            // A failed rotation keeps writing to the file it has.
            let _ = self.rotate();
        }
        let written = self.file.write(bytes)?;
        self.size += u64::try_from(written).unwrap_or(0);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Our own line formats: logfmt for the file, and standard error's.
#[derive(Clone, Copy)]
enum Line {
    /// `time=… level=info target=… msg="…" key=value …`
    Logfmt,
    /// `incubator: MESSAGE key=value …`
    Stderr,
}

impl<S, N> FormatEvent<S, N> for Line
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        _: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let meta = event.metadata();
        match self {
            Line::Logfmt => {
                let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                write!(writer, "time={now} level={}", level(meta.level()))?;
                write!(writer, " target={}", meta.target())?;
                write!(writer, " msg={}", Quoted(&fields.message))?;
            }
            Line::Stderr => {
                let message = crate::text::sanitize_line(&fields.message);
                write!(writer, "incubator: {message}")?;
            }
        }
        writer.write_str(&fields.rest)?;
        writeln!(writer)
    }
}

fn level(level: &Level) -> &'static str {
    match *level {
        Level::ERROR => "error",
        Level::WARN => "warn",
        Level::INFO => "info",
        Level::DEBUG => "debug",
        Level::TRACE => "trace",
    }
}

/// An event's message, and its other fields as ` key=value`.
#[derive(Default)]
struct Fields {
    message: String,
    rest: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_string();
        } else {
            let _ = write!(self.rest, " {}={}", field.name(), Quoted(value));
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.record_str(field, &format!("{value:?}"));
    }
}

/// A logfmt value: bare when it can be, else in quotes with `"`, `\` and
/// control characters escaped (a name cannot break a line or reach a
/// terminal reading the log as a control sequence).
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bare = !self.0.is_empty()
            && self
                .0
                .chars()
                .all(|c| c.is_ascii_graphic() && c != '"' && c != '=' && c != '\\');
        if bare {
            return f.write_str(self.0);
        }
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                c if c.is_control() || crate::text::is_unsafe(c) => {
                    write!(f, "\\u{{{:x}}}", u32::from(c))?
                }
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logfmt_value_is_quoted_and_escaped_only_when_it_must_be() {
        assert_eq!(Quoted("127.0.0.1").to_string(), "127.0.0.1");
        assert_eq!(Quoted("Nigar Əliyeva").to_string(), "\"Nigar Əliyeva\"");
        assert_eq!(Quoted("").to_string(), "\"\"");
        assert_eq!(
            Quoted("a\"b\\c\nd\u{1b}[2J").to_string(),
            "\"a\\\"b\\\\c\\nd\\u{1b}[2J\""
        );
    }

    #[test]
    fn the_file_moves_aside_before_it_grows_past_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs").join("serve.log");
        let mut file = Rotating::open(&path, 20, 2).unwrap();
        for line in [
            "first line 1234\n",
            "second line 123\n",
            "third line 1234\n",
            "fourth line 123\n",
        ] {
            file.write_all(line.as_bytes()).unwrap();
        }
        let read = |p: &Path| fs::read_to_string(p).unwrap();
        assert_eq!(read(&path), "fourth line 123\n");
        assert_eq!(
            read(&dir.path().join("logs/serve.log.1")),
            "third line 1234\n"
        );
        assert_eq!(
            read(&dir.path().join("logs/serve.log.2")),
            "second line 123\n"
        );
        // Only two old files are kept: the first line is gone.
        assert!(!dir.path().join("logs/serve.log.3").exists());
    }
}
