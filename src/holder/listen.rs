//! The holder's side: a socket beside the database, and a thread for each
//! command sent to it, so no caller can stall the holder. The thread runs
//! the command in the caller's folder and umask (its own, unshared from
//! the process: `unshare(CLONE_FS)`), with the caller's environment
//! (`crate::environment`), at a lower priority than the holder's own
//! threads, streaming what the command writes back as it writes it.

use std::io::{self, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use rustix::fs::Mode;

use super::place::{self, places};
use super::protocol::{self, ERR, EXIT, OUT, Request, write_frame};
use crate::store::Store;

/// Runs a forwarded command on the held store: its standard input, output
/// and error are the caller's. Returns the exit status.
pub type RunForwarded = fn(&Store, &Request, &mut dyn Read, &mut dyn Write, &mut dyn Write) -> u8;

/// The most commands run at once for callers; one more is refused.
const MAX_RUNNING: usize = 8;
/// A caller has this long to send its whole request.
const REQUEST_WAIT: Duration = Duration::from_secs(10);
/// A caller that takes none of its output for this long is dropped.
const WRITE_WAIT: Duration = Duration::from_secs(60);
/// Closing waits this long for commands still running.
const CLOSE_WAIT: Duration = Duration::from_secs(10);
/// Added to a command thread's nice value: the view's keys come first.
const NICER: i32 = 5;

/// The socket, listening until dropped; dropping it removes the socket
/// and waits (a while) for commands still running.
pub struct Listener {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    running: Arc<Running>,
    accept: Option<JoinHandle<()>>,
}

/// How many commands are running, to cap them and wait for them.
#[derive(Default)]
struct Running {
    count: Mutex<usize>,
    done: Condvar,
}

impl Running {
    fn count(&self) -> std::sync::MutexGuard<'_, usize> {
        self.count.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Listen beside `store`'s database, running what callers send with
/// `run`. An error (no place for a socket) leaves the holder as it was
/// before: other commands are then told the database is in use.
pub fn listen(store: &Store, run: RunForwarded) -> Result<Listener, String> {
    let db = std::fs::canonicalize(store.path()).map_err(|e| e.to_string())?;
    let (listener, path) = bind(&db)?;
    let stop = Arc::new(AtomicBool::new(false));
    let running = Arc::new(Running::default());
    let accept = {
        let (stop, running, store) = (stop.clone(), running.clone(), store.clone());
        thread::Builder::new()
            .name("holder socket".into())
            .spawn(move || accept_loop(&listener, &store, run, &stop, &running))
            .map_err(|e| e.to_string())?
    };
    Ok(Listener {
        path,
        stop,
        running,
        accept: Some(accept),
    })
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop, which then sees `stop`.
        let _ = UnixStream::connect(&self.path);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
        let _ = std::fs::remove_file(&self.path);
        let deadline = Instant::now() + CLOSE_WAIT;
        let mut count = self.running.count();
        while *count > 0 && Instant::now() < deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            count = match self.running.done.wait_timeout(count, left) {
                Ok((count, _)) => count,
                Err(p) => p.into_inner().0,
            };
        }
    }
}

/// Bind the first place that takes a socket. Whatever is there already is
/// a socket left by a holder that was killed: this process holds the
/// database now. Bound with umask 177 (on a thread of its own, as umask is
/// per process otherwise): the socket is made 0600, the user's alone.
fn bind(db: &Path) -> Result<(UnixListener, PathBuf), String> {
    let db = db.to_path_buf();
    let bound = thread::spawn(move || {
        let _ = unshare_fs();
        rustix::process::umask(Mode::from_raw_mode(0o177));
        let mut why = String::from("no place for a socket");
        for path in places(&db) {
            if place::in_private_folder(&path)
                && let Err(e) = place::make_private_folder()
            {
                why = e;
                continue;
            }
            let _ = std::fs::remove_file(&path);
            match UnixListener::bind(&path) {
                Ok(listener) => return Ok((listener, path)),
                Err(e) => why = format!("cannot listen on {}: {e}", path.display()),
            }
        }
        Err(why)
    });
    bound
        .join()
        .unwrap_or_else(|_| Err("binding the socket failed".into()))
}

/// This thread's working folder and umask become its own.
fn unshare_fs() -> io::Result<()> {
    // SAFETY: FS only (working folder, root, umask); file descriptors stay
    // shared, which is what `unshare_unsafe` warns about.
    unsafe { rustix::thread::unshare_unsafe(rustix::thread::UnshareFlags::FS) }
        .map_err(io::Error::from)
}

fn accept_loop(
    listener: &UnixListener,
    store: &Store,
    run: RunForwarded,
    stop: &AtomicBool,
    running: &Arc<Running>,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let stream = match stream {
            Ok(stream) => stream,
            // Out of file descriptors, say: wait rather than spin.
            Err(_) => {
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        {
            let mut count = running.count();
            if *count >= MAX_RUNNING {
                drop(count);
                refuse(
                    &stream,
                    3,
                    &format!(
                        "the database {} is busy: the incubator holding it runs {MAX_RUNNING} commands already; try again in a moment",
                        store.path().display()
                    ),
                );
                continue;
            }
            *count += 1;
        }
        let (store, finished) = (store.clone(), running.clone());
        let spawned = thread::Builder::new()
            .name("holder command".into())
            .spawn(move || {
                serve_one(&stream, &store, run);
                *finished.count() -= 1;
                finished.done.notify_all();
            });
        if spawned.is_err() {
            *running.count() -= 1;
        }
    }
}

/// Tell the caller why it is refused, as a command's error and status.
fn refuse(mut stream: &UnixStream, code: u8, line: &str) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = write_frame(&mut stream, ERR, format!("incubator: {line}\n").as_bytes());
    let _ = write_frame(&mut stream, EXIT, &[code]);
}

/// One caller: check who it is, read its request, run it, send the exit
/// status.
fn serve_one(stream: &UnixStream, store: &Store, run: RunForwarded) {
    if let Err(line) = same_user(stream) {
        refuse(stream, 3, &line);
        return;
    }
    let _ = stream.set_read_timeout(Some(REQUEST_WAIT));
    let _ = stream.set_write_timeout(Some(WRITE_WAIT));
    let Ok(request) = Request::read_from(&mut &*stream) else {
        refuse(
            stream,
            2,
            "the incubator holding the database could not read the command (another version of incubator?)",
        );
        return;
    };
    if let Err(line) = as_caller(&request, store) {
        refuse(stream, 1, &line);
        return;
    }
    let (mut out, mut err) = (Frames(stream, OUT), Frames(stream, ERR));
    let code = crate::environment::as_caller(request.caller.clone(), || {
        panic::catch_unwind(AssertUnwindSafe(|| {
            run(store, &request, &mut &request.stdin[..], &mut out, &mut err)
        }))
    })
    .unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("unknown");
        let line = crate::text::sanitize_line(message);
        let line = format!("incubator: internal error: {line} (please report this)\n");
        let _ = err.write_all(line.as_bytes());
        1
    });
    let _ = write_frame(&mut &*stream, EXIT, &[code]);
}

/// Refuse a peer that is not this process's user (the socket's mode and
/// folder keep others out; root is not).
fn same_user(stream: &UnixStream) -> Result<(), String> {
    let peer = rustix::net::sockopt::socket_peercred(stream)
        .map_err(|e| format!("cannot tell who is calling: {e}"))?;
    check_uid(peer.uid.as_raw(), rustix::process::geteuid().as_raw())
}

fn check_uid(peer: u32, own: u32) -> Result<(), String> {
    if peer == own {
        Ok(())
    } else {
        Err(format!(
            "refused: the database is held by another user's incubator (uid {own}; you are uid {peer})"
        ))
    }
}

/// This thread takes the caller's folder and umask, and a lower priority,
/// and checks that the caller means this database.
fn as_caller(request: &Request, store: &Store) -> Result<(), String> {
    unshare_fs().map_err(|e| format!("cannot run a command for another process here: {e}"))?;
    std::env::set_current_dir(&request.cwd).map_err(|e| {
        format!(
            "cannot work in {}: {e}",
            crate::text::sanitize_line(&request.cwd.display().to_string())
        )
    })?;
    rustix::process::umask(Mode::from_raw_mode(request.umask & 0o777));
    let _ = rustix::process::setpriority_process(
        Some(rustix::thread::gettid()),
        rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap_or(0) + NICER,
    );
    let same = |p: &Path| std::fs::canonicalize(p).ok();
    if same(&request.db).is_none() || same(&request.db) != same(store.path()) {
        return Err(format!(
            "this socket serves the database {}, not {}",
            store.path().display(),
            crate::text::sanitize_line(&request.db.display().to_string())
        ));
    }
    Ok(())
}

/// A command's output or error stream, sent as frames.
struct Frames<'a>(&'a UnixStream, u8);

impl Write for Frames<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let part = &bytes[..bytes.len().min(protocol::MAX_FRAME)];
        write_frame(&mut self.0, self.1, part)?;
        Ok(part.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::holder::protocol::read_frame;

    fn says_who(
        _: &Store,
        _: &Request,
        input: &mut dyn Read,
        out: &mut dyn Write,
        _: &mut dyn Write,
    ) -> u8 {
        let mut stdin = String::new();
        input.read_to_string(&mut stdin).unwrap();
        let folder = std::env::current_dir().unwrap();
        let user = crate::store::login_name();
        writeln!(out, "{user} in {} sent {stdin}", folder.display()).unwrap();
        4
    }

    fn panics(
        _: &Store,
        _: &Request,
        _: &mut dyn Read,
        _: &mut dyn Write,
        _: &mut dyn Write,
    ) -> u8 {
        panic!("a bug")
    }

    /// One command through `serve_one`, on a thread of its own (it takes
    /// the caller's folder): the frames that came back.
    fn one(run: RunForwarded) -> Vec<(u8, Vec<u8>)> {
        let dir = tempfile::tempdir().unwrap();
        let opened =
            crate::workspace::open(&dir.path().join("db"), crate::workspace::IfNew::Empty).unwrap();
        let (mut caller, holder) = UnixStream::pair().unwrap();
        let request = Request {
            args: vec!["search".into(), "x".into()],
            cwd: dir.path().to_path_buf(),
            db: dir.path().join("db"),
            umask: 0o022,
            caller: crate::environment::Caller {
                vars: [("USER".to_string(), "ada".to_string())].into(),
                config_file: None,
            },
            stdin: b"hello".to_vec(),
        };
        request.write_to(&mut caller).unwrap();
        let store = opened.store.clone();
        std::thread::spawn(move || serve_one(&holder, &store, run))
            .join()
            .unwrap();
        let mut frames = Vec::new();
        while let Some(frame) = read_frame(&mut caller).unwrap() {
            frames.push(frame);
        }
        assert_ne!(
            std::env::current_dir().unwrap(),
            dir.path(),
            "the test's folder is its own"
        );
        frames
    }

    #[test]
    fn a_command_runs_as_its_caller_and_a_panic_is_one_line() {
        let frames = one(says_who);
        let out: Vec<u8> = frames
            .iter()
            .filter(|(tag, _)| *tag == OUT)
            .flat_map(|(_, bytes)| bytes.clone())
            .collect();
        assert_eq!(frames.iter().filter(|(tag, _)| *tag == ERR).count(), 0);
        let text = String::from_utf8_lossy(&out);
        assert!(
            text.starts_with("ada in /") && text.ends_with(" sent hello\n"),
            "{text}"
        );
        assert_eq!(frames.last().unwrap(), &(EXIT, vec![4]));

        let frames = one(panics);
        assert_eq!(frames.len(), 2, "one line, then the status");
        assert_eq!(frames[0].0, ERR);
        assert_eq!(
            String::from_utf8_lossy(&frames[0].1),
            "incubator: internal error: a bug (please report this)\n"
        );
        assert_eq!(frames.last().unwrap(), &(EXIT, vec![1]));
    }

    #[test]
    fn another_users_call_is_refused() {
        assert!(check_uid(1000, 1000).is_ok());
        let refused = check_uid(1001, 1000).unwrap_err();
        assert!(refused.starts_with("refused: "), "{refused}");
        assert!(check_uid(0, 1000).is_err(), "root is no exception");
    }
}
