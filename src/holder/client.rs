//! The caller's side: find the holder's socket, send the command, and
//! copy its output, error and exit status here as they come.

use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;

use super::place::places;
use super::protocol::{ERR, EXIT, OUT, Request, read_frame};

/// What became of a command offered to the database's holder.
#[derive(Debug, PartialEq, Eq)]
pub enum Forwarded {
    /// The holder ran it: its exit status (its output is written).
    Ran(u8),
    /// Nobody listens for the database: run the command here.
    NotHeld,
}

/// Send `request` to the process holding the database at `request.db`, if
/// one listens; standard input is read (and sent) only if `read_stdin`.
/// A socket whose holder is gone (killed with `kill -9`) is removed. `Err`
/// is a line to tell: the holder went away mid-command.
pub fn forward(
    mut request: Request,
    read_stdin: bool,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Forwarded, String> {
    let Ok(db) = std::fs::canonicalize(&request.db) else {
        return Ok(Forwarded::NotHeld);
    };
    let Some(mut stream) = connect(&db) else {
        return Ok(Forwarded::NotHeld);
    };
    if read_stdin {
        // A person may take minutes to type it: no connection waits
        // meanwhile (the holder gives a request seconds).
        drop(stream);
        stdin
            .read_to_end(&mut request.stdin)
            .map_err(|e| format!("cannot read the note from standard input: {e}"))?;
        stream = connect(&db).ok_or_else(|| {
            format!(
                "the incubator holding the database {} closed while the note was read; nothing saved, run it again",
                request.db.display()
            )
        })?;
    }
    talk(&stream, &request, out, err)
}

/// The holder's socket, if one of this user's processes listens on it.
fn connect(db: &Path) -> Option<UnixStream> {
    for place in places(db) {
        match UnixStream::connect(&place) {
            Ok(stream) if holders_uid_is_ours(&stream) => return Some(stream),
            Ok(_) => {}
            // Nobody listens: the holder was killed. Removed only while
            // no process holds the database, so a holder still starting
            // keeps its socket.
            Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                if !crate::store::is_held(db) {
                    let _ = std::fs::remove_file(&place);
                }
            }
            Err(_) => {}
        }
    }
    None
}

/// A socket someone else put there is not talked to.
fn holders_uid_is_ours(stream: &UnixStream) -> bool {
    rustix::net::sockopt::socket_peercred(stream)
        .is_ok_and(|peer| peer.uid == rustix::process::geteuid())
}

fn talk(
    stream: &UnixStream,
    request: &Request,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Forwarded, String> {
    let gone = |e: io::Error| {
        format!(
            "the incubator holding the database {} stopped before the command finished ({e}); what it saved is kept",
            request.db.display()
        )
    };
    // A holder that refuses at once (busy) answers and closes without
    // reading the request: sending it may fail, and the answer is still
    // there to read.
    let sent = request.write_to(&mut io::BufWriter::new(stream));
    let mut reader = io::BufReader::new(stream);
    // A reader gone (`| head`) stops the copying, not the command.
    let mut out_open = true;
    loop {
        let frame = match (read_frame(&mut reader), &sent) {
            (Ok(Some(frame)), _) => frame,
            (_, Err(e)) => return Err(gone(io::Error::new(e.kind(), e.to_string()))),
            (Ok(None), Ok(())) => return Err(gone(io::ErrorKind::UnexpectedEof.into())),
            (Err(e), Ok(())) => return Err(gone(e)),
        };
        let (tag, bytes) = frame;
        match tag {
            OUT if out_open => {
                if let Err(e) = out.write_all(&bytes).and_then(|()| out.flush()) {
                    if e.kind() != io::ErrorKind::BrokenPipe {
                        return Err(format!("could not write to standard output: {e}"));
                    }
                    out_open = false;
                }
            }
            OUT => {}
            ERR => {
                let _ = err.write_all(&bytes).and_then(|()| err.flush());
            }
            EXIT => return Ok(Forwarded::Ran(bytes.first().copied().unwrap_or(1))),
            _ => return Err(gone(io::ErrorKind::InvalidData.into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::net::UnixListener;

    use super::*;
    use crate::holder::protocol::write_frame;

    /// A holder at its cap answers "busy" and closes without reading: a
    /// request bigger than the socket's buffer cannot be sent whole, and
    /// the caller still shows the answer, not "stopped".
    #[test]
    fn an_answer_given_before_the_request_was_read_is_shown() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let holder = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            write_frame(&mut stream, ERR, b"incubator: the database is busy\n").unwrap();
            write_frame(&mut stream, EXIT, &[3]).unwrap();
        });
        let stream = UnixStream::connect(&path).unwrap();
        let request = Request {
            stdin: vec![b'x'; 4 << 20],
            ..Request::default()
        };
        holder.join().unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let ran = talk(&stream, &request, &mut out, &mut err);
        assert_eq!(ran, Ok(Forwarded::Ran(3)));
        assert_eq!(err, b"incubator: the database is busy\n");
        assert!(out.is_empty());
    }
}
