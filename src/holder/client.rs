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
    request
        .write_to(&mut io::BufWriter::new(stream))
        .map_err(gone)?;
    let mut reader = io::BufReader::new(stream);
    // A reader gone (`| head`) stops the copying, not the command.
    let mut out_open = true;
    loop {
        let Some((tag, bytes)) = read_frame(&mut reader).map_err(gone)? else {
            return Err(gone(io::ErrorKind::UnexpectedEof.into()));
        };
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
