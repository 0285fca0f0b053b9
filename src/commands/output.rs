//! Where a command writes: what a script reads (standard output, or the
//! SSH channel's) and the lines for the person (standard error, or the
//! channel's). The caller passes it in, so one command serves both.

use std::io::{self, Write};
use std::path::Path;

use crate::export::write_atomically;

use super::Failure;

/// A command's two streams, borrowed from whoever runs it: the process's
/// own, or buffers an SSH channel is sent from.
pub struct Output<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
}

impl<'a> Output<'a> {
    pub fn new(out: &'a mut dyn Write, err: &'a mut dyn Write) -> Self {
        Output { out, err }
    }

    /// Print to the output. A reader that went away (`| head`) is not an
    /// error worth a message.
    pub fn print(&mut self, text: &str) -> Result<(), Failure> {
        self.print_bytes(text.as_bytes())
    }

    /// [`Output::print`] for bytes (a CSV with a byte order mark).
    pub fn print_bytes(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        match self.out.write_all(bytes).and_then(|()| self.out.flush()) {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Failure::new(
                1,
                format!("could not write to standard output: {e}"),
            )),
            _ => Ok(()),
        }
    }

    /// A line for the person (not the output a script reads).
    pub fn tell(&mut self, line: &str) {
        // Nowhere is left to say that the errors could not be written.
        let _ = writeln!(self.err, "{line}");
    }

    /// `text` to the output, or to `file` whole or not at all (replacing
    /// any file there), and then the line `written` makes for the person.
    pub fn print_or_write(
        &mut self,
        file: Option<&Path>,
        text: &str,
        written: impl FnOnce(&Path) -> String,
    ) -> Result<(), Failure> {
        match file {
            None => self.print(text),
            Some(path) => {
                write_atomically(path, text.as_bytes(), true)?;
                self.tell(&written(path));
                Ok(())
            }
        }
    }

    /// Both streams, for a library that writes its own lines (the SSH
    /// server's greeting).
    pub fn streams(&mut self) -> (&mut dyn Write, &mut dyn Write) {
        (&mut *self.out, &mut *self.err)
    }

    /// The exit status of `outcome`; a failure is told first, one line
    /// made safe for the terminal.
    pub fn finish(&mut self, outcome: Result<u8, Failure>) -> u8 {
        match outcome {
            Ok(code) => code,
            Err(failure) => {
                let message = crate::text::sanitize(&failure.message);
                self.tell(&format!("incubator: {message}"));
                failure.code
            }
        }
    }
}
