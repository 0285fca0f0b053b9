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

    /// `bytes` to the output, or to the file `-o` named: a folder gets
    /// `default_name` in it; `allowed` may refuse the place (inside the
    /// database); the file is written whole, over one already there only
    /// when `force`; then the line `written` makes for the person.
    pub fn deliver(
        &mut self,
        to: Option<&Path>,
        bytes: &[u8],
        (default_name, force): (&str, bool),
        allowed: impl Fn(&Path) -> Result<(), Failure>,
        written: impl FnOnce(&Path) -> String,
    ) -> Result<(), Failure> {
        let Some(path) = to else {
            return self.print_bytes(bytes);
        };
        let path = match path.is_dir() {
            true => path.join(default_name),
            false => path.to_path_buf(),
        };
        allowed(&path)?;
        write_atomically(&path, bytes, force)?;
        self.tell(&written(&path));
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream whose reader is gone, or whose disk is full.
    struct Refusing(io::ErrorKind);

    impl Write for Refusing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn output_and_lines_for_the_person_go_to_their_own_streams() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut output = Output::new(&mut out, &mut err);
        output.print("s1\tŞəbəkə Pay\n").unwrap();
        output.print_bytes(b"\xef\xbb\xbfid\n").unwrap();
        output.tell("No matches for \"x\".");
        assert_eq!(output.finish(Ok(1)), 1);
        assert_eq!(out, "s1\tŞəbəkə Pay\n\u{feff}id\n".as_bytes());
        assert_eq!(err, b"No matches for \"x\".\n");
    }

    #[test]
    fn a_failure_is_one_safe_line_and_its_code() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut output = Output::new(&mut out, &mut err);
        let code = output.finish(Err(Failure::new(2, "no cohort matches \"\u{1b}]52;c;x\"")));
        assert_eq!(code, 2);
        assert!(out.is_empty());
        let err = String::from_utf8(err).unwrap();
        assert!(err.starts_with("incubator: no cohort matches"), "{err}");
        assert!(err.ends_with('\n') && !err.contains('\u{1b}'), "{err:?}");
    }

    #[test]
    fn a_reader_gone_is_no_error_but_a_full_disk_is() {
        let mut err = Vec::new();
        let mut gone = Refusing(io::ErrorKind::BrokenPipe);
        assert!(Output::new(&mut gone, &mut err).print("x").is_ok());
        let mut full = Refusing(io::ErrorKind::StorageFull);
        let failure = Output::new(&mut full, &mut err).print("x").unwrap_err();
        assert_eq!(failure.code, 1);
        assert!(
            failure
                .message
                .starts_with("could not write to standard output")
        );
    }
}
