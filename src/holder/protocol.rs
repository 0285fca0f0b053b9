//! The frames spoken over the holder's socket: a tag byte, the length as
//! 4 bytes big-endian, then that many bytes. Paths and arguments go as
//! their bytes (they need not be UTF-8), so nothing is escaped.
//!
//! The caller sends [`Request`]: `V` (the protocol), `A` an argument each,
//! `C` its folder, `D` the database as it named it, `U` its umask, `E`
//! `NAME=VALUE` a variable each, `F` its config file, `I` standard input,
//! then `G`. The holder answers with `O` (standard output) and `R`
//! (standard error) in the order the command wrote them, then `X` and the
//! exit status.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;

use crate::environment::Caller;

/// Both sides refuse a peer speaking another version.
pub const VERSION: &[u8] = b"incubator-holder/1";

pub const HELLO: u8 = b'V';
const ARG: u8 = b'A';
const CWD: u8 = b'C';
const DB: u8 = b'D';
const UMASK: u8 = b'U';
const VAR: u8 = b'E';
const CONFIG: u8 = b'F';
const STDIN: u8 = b'I';
const GO: u8 = b'G';
pub const OUT: u8 = b'O';
pub const ERR: u8 = b'R';
pub const EXIT: u8 = b'X';

/// The largest frame either side accepts; longer output goes in several.
pub const MAX_FRAME: usize = 1 << 20;
/// The most a request may hold in all (its standard input is a note,
/// 64 KiB at most: more is read so that the command still says so).
const MAX_REQUEST: usize = 16 << 20;

/// A command sent to the holder: what it needs to run as if the caller
/// ran it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// The command line without the program's name.
    pub args: Vec<OsString>,
    /// The caller's working folder: relative paths are read from there.
    pub cwd: PathBuf,
    /// The database as the caller named it (`--db`, `$INCUBATOR_DB` or
    /// the default).
    pub db: PathBuf,
    pub umask: u32,
    pub caller: Caller,
    /// Standard input, read only when the command reads it (`note -`).
    pub stdin: Vec<u8>,
}

pub fn write_frame(to: &mut impl Write, tag: u8, bytes: &[u8]) -> io::Result<()> {
    let len = u32::try_from(bytes.len()).map_err(|_| io::ErrorKind::InvalidInput)?;
    let mut head = [0u8; 5];
    head[0] = tag;
    head[1..].copy_from_slice(&len.to_be_bytes());
    to.write_all(&head)?;
    to.write_all(bytes)
}

/// The next frame, or `None` at the end of the stream.
pub fn read_frame(from: &mut impl Read) -> io::Result<Option<(u8, Vec<u8>)>> {
    let mut head = [0u8; 5];
    match from.read_exact(&mut head) {
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        other => other?,
    }
    let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
    if len > MAX_FRAME {
        return Err(invalid("a frame longer than allowed"));
    }
    let mut bytes = vec![0; len];
    from.read_exact(&mut bytes)?;
    Ok(Some((head[0], bytes)))
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

impl Request {
    pub fn write_to(&self, to: &mut impl Write) -> io::Result<()> {
        write_frame(to, HELLO, VERSION)?;
        for arg in &self.args {
            write_frame(to, ARG, arg.as_bytes())?;
        }
        write_frame(to, CWD, self.cwd.as_os_str().as_bytes())?;
        write_frame(to, DB, self.db.as_os_str().as_bytes())?;
        write_frame(to, UMASK, &self.umask.to_be_bytes())?;
        for (name, value) in &self.caller.vars {
            write_frame(to, VAR, format!("{name}={value}").as_bytes())?;
        }
        if let Some(config) = &self.caller.config_file {
            write_frame(to, CONFIG, config.as_os_str().as_bytes())?;
        }
        for chunk in self.stdin.chunks(MAX_FRAME) {
            write_frame(to, STDIN, chunk)?;
        }
        write_frame(to, GO, &[])?;
        to.flush()
    }

    /// Read a request, refusing one of another version or past the limits.
    pub fn read_from(from: &mut impl Read) -> io::Result<Request> {
        let mut request = Request::default();
        let mut total = 0usize;
        let mut first = true;
        loop {
            let (tag, bytes) =
                read_frame(from)?.ok_or_else(|| invalid("the request ended early"))?;
            total += bytes.len() + 5;
            if total > MAX_REQUEST {
                return Err(invalid("a request larger than allowed"));
            }
            if first && (tag != HELLO || bytes != VERSION) {
                return Err(invalid("another version of incubator"));
            }
            first = false;
            let path = || PathBuf::from(OsString::from_vec(bytes.clone()));
            match tag {
                HELLO => {}
                ARG => request.args.push(OsString::from_vec(bytes)),
                CWD => request.cwd = path(),
                DB => request.db = path(),
                UMASK => {
                    let word: [u8; 4] = bytes[..]
                        .try_into()
                        .map_err(|_| invalid("a umask of the wrong size"))?;
                    request.umask = u32::from_be_bytes(word);
                }
                VAR => {
                    let text = String::from_utf8(bytes)
                        .map_err(|_| invalid("a variable that is not UTF-8"))?;
                    let (name, value) = text
                        .split_once('=')
                        .ok_or_else(|| invalid("a variable without ="))?;
                    request.caller.vars.insert(name.into(), value.into());
                }
                CONFIG => request.caller.config_file = Some(path()),
                STDIN => request.stdin.extend_from_slice(&bytes),
                GO => return Ok(request),
                _ => return Err(invalid("an unknown frame")),
            }
        }
    }
}

/// The variables a forwarded command takes from its caller: who it is
/// (a note's author), `NO_COLOR`, and the program's own.
pub fn callers_vars() -> BTreeMap<String, String> {
    std::env::vars_os()
        .filter_map(|(name, value)| Some((name.into_string().ok()?, value.into_string().ok()?)))
        .filter(|(name, _)| {
            ["USER", "LOGNAME", "HOME", "NO_COLOR"].contains(&name.as_str())
                || name.starts_with("INCUBATOR_")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_reads_back_as_it_was_written() {
        let request = Request {
            args: vec![
                "note".into(),
                "Şəbəkə Pay".into(),
                OsString::from_vec(b"not \xff utf-8".to_vec()),
                "-".into(),
            ],
            cwd: "/home/ada/reports".into(),
            db: "db".into(),
            umask: 0o022,
            caller: Caller {
                vars: BTreeMap::from([("USER".into(), "ada".into()), ("X".into(), "a=b".into())]),
                config_file: Some("/home/ada/.config/incubator/config.toml".into()),
            },
            stdin: vec![7; MAX_FRAME + 3],
        };
        let mut bytes = Vec::new();
        request.write_to(&mut bytes).unwrap();
        assert_eq!(Request::read_from(&mut &bytes[..]).unwrap(), request);
    }

    #[test]
    fn another_version_a_cut_request_and_a_huge_frame_are_refused() {
        let mut other = Vec::new();
        write_frame(&mut other, HELLO, b"incubator-holder/0").unwrap();
        write_frame(&mut other, GO, &[]).unwrap();
        let mut cut = Vec::new();
        Request::default().write_to(&mut cut).unwrap();
        cut.truncate(cut.len() - 5);
        let mut huge = Vec::new();
        write_frame(&mut huge, HELLO, VERSION).unwrap();
        huge.extend([STDIN, 0xff, 0xff, 0xff, 0xff]);
        for bytes in [other, cut, huge] {
            let e = Request::read_from(&mut &bytes[..]).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidData, "{e}");
        }
    }
}
