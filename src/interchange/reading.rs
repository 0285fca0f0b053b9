//! Reading an interchange file from disk within limits: the file's size,
//! the length of any one text in it, and UTF-8, all checked as the bytes
//! stream past, so a 1 GB file or a 10 MB name is refused without being
//! read into memory first.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use super::{Counts, ParseError, parse_reader};
use crate::model::Parsed;

/// The largest file read: a portfolio of 10,000 startups and 100,000
/// notes is about 60 MB.
pub const FILE_BYTES: u64 = 256 * 1024 * 1024;
/// The longest text (between quotes, as written in the file) read. The
/// longest field allowed is a 64 KiB note body; written with every
/// character escaped it could take six times that.
pub const TEXT_BYTES: u64 = 1024 * 1024;

/// Why a file could not be read as a document.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {}: {}", path, io_reason(.source))]
    Io { path: String, source: io::Error },
    #[error(
        "{path}: the file is {}, more than the {} an import reads",
        human(*size),
        human(FILE_BYTES)
    )]
    TooLarge { path: String, size: u64 },
    #[error(
        "{path}: a text at line {line} is longer than {} (names may have 200 characters, note bodies 64 KiB)",
        human(TEXT_BYTES)
    )]
    LongText { path: String, line: u64 },
    #[error("{path}: not UTF-8 text (byte {byte} is not valid)")]
    NotUtf8 { path: String, byte: u64 },
    #[error("{path}: {error}")]
    Document { path: String, error: ParseError },
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "it is a folder".into(),
        _ => e.to_string(),
    }
}

/// A size in words: `1.0 GB`, `256 MiB`-style, whichever is exact.
pub fn human(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    const GIB: u64 = 1024 * MIB;
    match bytes {
        b if b >= GIB && b % GIB == 0 => format!("{} GiB", b / GIB),
        b if b >= MIB && b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b >= KIB && b % KIB == 0 => format!("{} KiB", b / KIB),
        b if b >= 1_000_000_000 => format!("{:.1} GB", b as f64 / 1e9),
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{b} bytes"),
    }
}

/// Read and parse the interchange document in `file`.
pub fn read_document(file: &Path) -> Result<Parsed, ReadError> {
    read_with(file, |reader| parse_reader(reader))
}

/// [`read_document`], handing each record to `each` as it is read
/// instead of keeping it (a streamed import): the [`Parsed`] returned
/// holds the problems only.
pub fn read_document_each(
    file: &Path,
    each: &mut dyn FnMut(crate::model::Record),
) -> Result<Parsed, ReadError> {
    read_with(file, |reader| super::parse_reader_each(reader, each))
}

/// Count the records of the document in `file`, checking that it is a
/// whole, well-formed document of our format and version (not the rules
/// its records must keep: [`read_document`] does that).
pub fn count_document(file: &Path) -> Result<Counts, ReadError> {
    read_with(file, |reader| {
        super::document::count(&mut serde_json::Deserializer::from_reader(reader))
    })
}

/// Open `file` to read without waiting forever for a writer: opening a
/// named pipe nobody writes to would otherwise never return. A pipe is
/// given [`PIPE_WAIT`] for its first bytes (a writer started a moment
/// after the import, as `cat f > pipe & incubator import pipe` does);
/// past that it is read as empty, and refused as such. Reads then wait as
/// usual, for a writer that is there but slow.
fn open_without_waiting(file: &Path) -> io::Result<File> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(OFlags::NONBLOCK.bits() as i32)
        .open(file)?;
    if opened.metadata()?.file_type().is_fifo() {
        let wait = Timespec {
            tv_sec: PIPE_WAIT.as_secs() as _,
            tv_nsec: 0,
        };
        let mut fds = [PollFd::new(&opened, PollFlags::IN)];
        // Nothing within the wait: reading finds it empty and says so.
        match poll(&mut fds, Some(&wait)) {
            Ok(_) | Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let flags = fcntl_getfl(&opened)?;
    fcntl_setfl(&opened, flags - OFlags::NONBLOCK)?;
    Ok(opened)
}

/// How long a named pipe is given for its first bytes.
const PIPE_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

fn read_with<T>(
    file: &Path,
    parse: impl FnOnce(&mut BufReader<Limited<File>>) -> Result<T, ParseError>,
) -> Result<T, ReadError> {
    let path = file.display().to_string();
    let io = |source: io::Error| ReadError::Io {
        path: path.clone(),
        source,
    };
    let opened = open_without_waiting(file).map_err(io)?;
    let meta = opened.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(io(io::Error::from(io::ErrorKind::IsADirectory)));
    }
    if meta.len() > FILE_BYTES {
        return Err(ReadError::TooLarge {
            path,
            size: meta.len(),
        });
    }
    let mut reader = BufReader::with_capacity(64 * 1024, Limited::new(opened));
    let parsed = parse(&mut reader);
    // A limit the bytes broke explains any error the parser saw.
    let limited = reader.get_ref();
    if let Some(broken) = limited.broken {
        return Err(match broken {
            Broken::Size => ReadError::TooLarge {
                path,
                size: limited.read,
            },
            Broken::Text { line } => ReadError::LongText { path, line },
            Broken::Utf8 { byte } => ReadError::NotUtf8 { path, byte },
        });
    }
    if let Some(e) = limited.failed.as_ref() {
        return Err(ReadError::Io {
            path,
            source: io::Error::new(e.kind(), e.to_string()),
        });
    }
    if std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()) && limited.read == 0 {
        return Err(ReadError::Io {
            path,
            source: io::Error::other(format!(
                "it is a pipe and nothing was written to it within {} s",
                PIPE_WAIT.as_secs()
            )),
        });
    }
    parsed.map_err(|error| ReadError::Document { path, error })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Broken {
    Size,
    Text { line: u64 },
    Utf8 { byte: u64 },
}

/// Passes bytes through, watching them: the total, the length of the
/// current JSON string, and UTF-8. A broken limit ends the stream with an
/// error (the parser stops) and is kept for the message.
struct Limited<R> {
    inner: R,
    read: u64,
    line: u64,
    in_text: bool,
    escaped: bool,
    text_bytes: u64,
    /// Continuation bytes still expected, and the range the next one must
    /// fall in (UTF-8's rules against overlong forms and surrogates).
    pending: u8,
    next_range: (u8, u8),
    sequence_start: u64,
    broken: Option<Broken>,
    failed: Option<io::Error>,
}

impl<R: Read> Limited<R> {
    fn new(inner: R) -> Self {
        Limited {
            inner,
            read: 0,
            line: 1,
            in_text: false,
            escaped: false,
            text_bytes: 0,
            pending: 0,
            next_range: (0x80, 0xBF),
            sequence_start: 0,
            broken: None,
            failed: None,
        }
    }

    fn watch(&mut self, bytes: &[u8]) -> Result<(), Broken> {
        for (i, &b) in bytes.iter().enumerate() {
            let at = self.read + i as u64;
            self.utf8(b, at)?;
            if b == b'\n' {
                self.line += 1;
            }
            if self.in_text {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_text = false;
                    continue;
                }
                self.text_bytes += 1;
                if self.text_bytes > TEXT_BYTES {
                    return Err(Broken::Text { line: self.line });
                }
            } else if b == b'"' {
                self.in_text = true;
                self.text_bytes = 0;
            }
        }
        Ok(())
    }

    fn utf8(&mut self, b: u8, at: u64) -> Result<(), Broken> {
        let bad = Err(Broken::Utf8 {
            byte: self.sequence_start,
        });
        if self.pending > 0 {
            let (low, high) = self.next_range;
            if b < low || b > high {
                return bad;
            }
            self.pending -= 1;
            self.next_range = (0x80, 0xBF);
            return Ok(());
        }
        self.sequence_start = at;
        let (pending, range) = match b {
            0x00..=0x7F => (0, (0x80, 0xBF)),
            0xC2..=0xDF => (1, (0x80, 0xBF)),
            0xE0 => (2, (0xA0, 0xBF)),
            0xE1..=0xEC | 0xEE..=0xEF => (2, (0x80, 0xBF)),
            0xED => (2, (0x80, 0x9F)),
            0xF0 => (3, (0x90, 0xBF)),
            0xF1..=0xF3 => (3, (0x80, 0xBF)),
            0xF4 => (3, (0x80, 0x8F)),
            _ => {
                return Err(Broken::Utf8 { byte: at });
            }
        };
        self.pending = pending;
        self.next_range = range;
        Ok(())
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.broken.is_some() {
            return Err(io::Error::other("limit reached"));
        }
        let n = match self.inner.read(buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
            Err(e) => {
                self.failed = Some(io::Error::new(e.kind(), e.to_string()));
                return Err(e);
            }
        };
        if n == 0 && self.pending > 0 {
            self.broken = Some(Broken::Utf8 {
                byte: self.sequence_start,
            });
            return Err(io::Error::other("limit reached"));
        }
        if self.read + n as u64 > FILE_BYTES {
            self.broken = Some(Broken::Size);
            self.read += n as u64;
            return Err(io::Error::other("limit reached"));
        }
        if let Err(broken) = self.watch(&buf[..n]) {
            self.broken = Some(broken);
            return Err(io::Error::other("limit reached"));
        }
        self.read += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        path
    }

    const DOC: &str = r#"{"format": "incubator-portfolio", "version": 1,
        "cohorts": [{"id": "c1", "name": "Spring", "start": "2026-03-02", "end": "2026-06-26"}],
        "notes": []}"#;

    #[test]
    fn a_good_file_reads_and_counts() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "doc.json", DOC.as_bytes());
        let parsed = read_document(&file).unwrap();
        assert_eq!(parsed.problems, vec![]);
        assert_eq!(parsed.portfolio.cohorts.len(), 1);
        let counts = count_document(&file).unwrap();
        assert_eq!(counts.cohorts, 1);
        assert_eq!(counts.records(), 1);
        assert_eq!(
            counts.to_string(),
            "1 cohort, 0 startups, 0 mentors, 0 demo days, 0 notes"
        );
    }

    #[test]
    fn bad_utf8_is_found_where_it_is() {
        let dir = tempfile::tempdir().unwrap();
        for (bytes, at) in [
            (&b"{\"a\": \"\xff\"}"[..], 7),
            (&b"{\"a\": \"\xc3\"}"[..], 7),
            (&b"{\"a\": \"\xed\xa0\x80\"}"[..], 7),
            (&b"{\"a\": \"\xe2\x82"[..], 7),
        ] {
            let file = write(dir.path(), "bad.json", bytes);
            match read_document(&file) {
                Err(ReadError::NotUtf8 { byte, .. }) => assert_eq!(byte, at, "{bytes:?}"),
                other => panic!("{bytes:?}: {other:?}"),
            }
        }
        let file = write(dir.path(), "good.json", "{\"a\": \"ə한😀\"}".as_bytes());
        assert!(matches!(
            read_document(&file),
            Err(ReadError::Document { .. })
        ));
    }

    #[test]
    fn a_long_text_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let name = "x".repeat(TEXT_BYTES as usize + 1);
        let text = format!(
            "{{\"format\": \"incubator-portfolio\",\n\"version\": 1,\n\"startups\": [{{\"id\": \"s1\", \"name\": \"{name}\"}}]}}"
        );
        let file = write(dir.path(), "long.json", text.as_bytes());
        let err = read_document(&file).unwrap_err();
        assert!(matches!(err, ReadError::LongText { line: 3, .. }), "{err}");
        assert!(err.to_string().contains("longer than 1 MiB"), "{err}");
        // Escaped quotes do not end a text.
        let text = format!(
            "{{\"a\": \"{}\"}}",
            "\\\"".repeat(TEXT_BYTES as usize / 2 + 1)
        );
        let file = write(dir.path(), "quotes.json", text.as_bytes());
        assert!(matches!(
            read_document(&file),
            Err(ReadError::LongText { .. })
        ));
    }

    #[test]
    fn a_huge_file_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.json");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(1_000_000_000).unwrap();
        let err = read_document(&path).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
        assert!(
            err.to_string()
                .ends_with("the file is 1.0 GB, more than the 256 MiB an import reads"),
            "{err}"
        );
    }

    #[test]
    fn sizes_in_words() {
        assert_eq!(human(256 * 1024 * 1024), "256 MiB");
        assert_eq!(human(1_000_000_000), "1.0 GB");
        assert_eq!(human(10_485_760), "10 MiB");
        assert_eq!(human(12), "12 bytes");
    }
}
