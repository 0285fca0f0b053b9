//! Writing results: to standard output without tripping on a closed pipe,
//! or to a file that is either wholly written or not there at all.

use std::cell::RefCell;
use std::io::{self, Write};
use std::path::Path;

use crate::export::write_atomically;

use super::Failure;

/// Print to standard output. A reader that went away (`| head`) is not an
/// error worth a message.
pub fn print(text: &str) -> Result<(), Failure> {
    print_bytes(text.as_bytes())
}

/// [`print`] for bytes (a CSV with a byte order mark).
pub fn print_bytes(bytes: &[u8]) -> Result<(), Failure> {
    if let Some(()) = CAPTURED.with_borrow_mut(|c| c.as_mut().map(|c| c.out.extend(bytes))) {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Failure::new(
            1,
            format!("could not write to standard output: {e}"),
        )),
        _ => Ok(()),
    }
}

/// Write `text` to `path` whole or not at all, replacing any file there.
pub fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    Ok(write_atomically(path, text.as_bytes(), true)?)
}

/// A line for the person (not the output a script reads): standard error.
pub fn tell(line: &str) {
    let captured = CAPTURED.with_borrow_mut(|c| {
        c.as_mut().map(|c| {
            c.err.extend(line.as_bytes());
            c.err.push(b'\n');
        })
    });
    if captured.is_none() {
        eprintln!("{line}");
    }
}

/// What a command printed while captured.
#[derive(Debug, Default)]
pub struct Captured {
    pub out: Vec<u8>,
    pub err: Vec<u8>,
}

thread_local! {
    /// Set while a command runs for an SSH exec request, whose standard
    /// output and error are the channel's, not this process's: the
    /// commands stay one implementation for both.
    static CAPTURED: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Run `command` on this thread with what it prints kept, not printed.
pub fn capture<T>(command: impl FnOnce() -> T) -> (T, Captured) {
    CAPTURED.set(Some(Captured::default()));
    let result = command();
    let captured = CAPTURED.take().unwrap_or_default();
    (result, captured)
}
