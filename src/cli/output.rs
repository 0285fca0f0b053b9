//! Writing results: to standard output without tripping on a closed pipe,
//! or to a file that is either wholly written or not there at all.

use std::io::{self, Write};
use std::path::Path;

use incubator::export::write_atomically;

use super::Failure;

/// Print to standard output. A reader that went away (`| head`) is not an
/// error worth a message.
pub fn print(text: &str) -> Result<(), Failure> {
    print_bytes(text.as_bytes())
}

/// [`print`] for bytes (a CSV with a byte order mark).
pub fn print_bytes(bytes: &[u8]) -> Result<(), Failure> {
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
