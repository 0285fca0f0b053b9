//! The real thing: the `incubator serve` binary, reached with the OpenSSH
//! client (`ssh`), in a pseudo-terminal for the full-screen view or
//! plainly for a command.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use russh::keys::PrivateKey;

use super::bin;
use super::ssh::{Keys, WAIT, nonzero};

/// Whether OpenSSH's client is here; on CI it must be.
pub fn have_ssh() -> bool {
    if Command::new("ssh").arg("-V").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "ssh is missing: .ci/run installs openssh-client"
    );
    eprintln!("skipped: no ssh here (apt-get install openssh-client)");
    false
}

pub fn incubator(db: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.arg("--db").arg(db).env_remove("INCUBATOR_DB");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A sample database at `dir/portfolio`, `dir/users.toml` for `keys`, and
/// each role's private key in a file of its own (`dir/coordinator.key`…).
pub fn setup(dir: &Path, keys: &Keys) {
    let made = incubator(&dir.join("portfolio"))
        .args(["init"])
        .output()
        .expect("run");
    assert!(made.status.success(), "the sample database");
    std::fs::write(dir.join("users.toml"), keys.users_toml()).expect("users.toml");
    for (role, key) in [
        ("coordinator", &keys.coordinator),
        ("mentor", &keys.mentor),
        ("staff", &keys.staff),
        ("judge", &keys.judge),
    ] {
        write_key(&dir.join(format!("{role}.key")), key);
    }
}

/// `key` in OpenSSH's file form, readable by its owner alone.
pub fn write_key(path: &Path, key: &PrivateKey) {
    let pem = key
        .to_openssh(russh::keys::ssh_key::LineEnding::LF)
        .expect("encode");
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut f| f.write_all(pem.as_bytes()))
        .expect("write the key");
}

/// A running `incubator serve` on `dir/portfolio`, with what it has printed
/// so far; stopped (SIGKILL) if a test fails.
pub struct Serve {
    child: Option<Child>,
    out: Arc<Mutex<String>>,
    err: Arc<Mutex<String>>,
    pub port: u16,
}

/// Collect what `from` prints into `into`, line by line.
fn collect(from: impl Read + Send + 'static, into: &Arc<Mutex<String>>) {
    let into = Arc::clone(into);
    thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            let mut text = into.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
}

impl Serve {
    /// Serve with `dir/users.toml` on any free port, with `extra` arguments.
    pub fn start(dir: &Path, extra: &[&str]) -> Serve {
        Serve::start_with(dir, &dir.join("users.toml"), None, extra)
    }

    /// Serve `dir`'s database to the users of `users` with `extra`
    /// arguments, at most `files` open files (`ulimit -n`) if given.
    pub fn start_with(dir: &Path, users: &Path, files: Option<u32>, extra: &[&str]) -> Serve {
        Serve::start_env(dir, users, files, extra, &[])
    }

    /// [`Serve::start_with`], with `env` set for it.
    pub fn start_env(
        dir: &Path,
        users: &Path,
        files: Option<u32>,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Serve {
        let limit = files.map_or(String::new(), |n| format!("ulimit -n {n} && "));
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!("{limit}exec \"$0\" \"$@\""))
            .arg(bin())
            .arg("--db")
            .arg(dir.join("portfolio"))
            .args(["serve", "--listen", "127.0.0.1:0", "--users"])
            .arg(users)
            .arg("--host-key")
            .arg(dir.join("host-key"))
            .args(extra)
            .env_remove("INCUBATOR_DB")
            .env("NO_COLOR", "1")
            // Its log (serve.log) in the test's folder, not the tester's.
            .env("XDG_STATE_HOME", dir.join("state"))
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start incubator serve");
        let (out, err) = (Arc::default(), Arc::default());
        collect(child.stdout.take().expect("stdout"), &out);
        collect(child.stderr.take().expect("stderr"), &err);
        let mut serve = Serve {
            child: Some(child),
            out,
            err,
            port: 0,
        };
        let line = serve.wait_for_line("connect with: ssh -p ");
        serve.port = line
            .rsplit("ssh -p ")
            .next()
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        serve
    }

    pub fn address(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("started").id()
    }

    /// The first line of its standard output holding `text`, waited for.
    pub fn wait_for_line(&self, text: &str) -> String {
        self.wait_for(&self.out, text)
    }

    /// The first line of its log (standard error) holding `text`, waited
    /// for.
    pub fn logged(&self, text: &str) -> String {
        self.wait_for(&self.err, text)
    }

    /// Its whole log (standard error) so far.
    pub fn log(&self) -> String {
        self.err.lock().unwrap().clone()
    }

    fn wait_for(&self, printed: &Arc<Mutex<String>>, text: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(line) = printed.lock().unwrap().lines().find(|l| l.contains(text)) {
                return line.to_string();
            }
            if let Some(child) = &self.child {
                let pid = child.id();
                assert!(
                    Path::new(&format!("/proc/{pid}")).exists(),
                    "serve ended; it said:\n{}",
                    self.err.lock().unwrap()
                );
            }
            assert!(
                start.elapsed() < WAIT,
                "no line with {text:?}; so far:\n{}{}",
                self.out.lock().unwrap(),
                self.err.lock().unwrap()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Still running: it neither exited nor closed its listener.
    pub fn alive(&mut self) -> bool {
        let child = self.child.as_mut().expect("started");
        child.try_wait().expect("wait").is_none()
    }

    /// SIGTERM, and wait for it to end (its database free again).
    pub fn stop(&mut self) {
        if self.child.is_some() {
            self.terminate();
        }
    }

    /// SIGTERM, and the exit status once it has ended.
    pub fn terminate(&mut self) -> ExitStatus {
        let mut child = self.child.take().expect("running");
        let sent = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -TERM");
        let start = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return status;
            }
            assert!(start.elapsed() < WAIT, "serve did not stop on SIGTERM");
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The options every `ssh` here runs with: this key only, no prompts, any
/// host key (each test's server makes its own).
fn ssh_options(key: &Path, port: u16) -> Vec<String> {
    let mut args: Vec<String> = [
        "-F",
        "/dev/null",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-i",
    ]
    .map(String::from)
    .to_vec();
    args.push(key.display().to_string());
    args.extend(["-p".into(), port.to_string()]);
    args
}

/// `ssh -p PORT 127.0.0.1 COMMAND` with `key`, as a user runs a command.
pub fn ssh_command(key: &Path, port: u16, command: &str) -> Output {
    Command::new("ssh")
        .args(ssh_options(key, port))
        .arg("me@127.0.0.1")
        .arg(command)
        .env_remove("SSH_AUTH_SOCK")
        .output()
        .expect("run ssh")
}

/// `ssh -tt` in a pseudo-terminal: the full-screen view as a user sees it.
pub struct OpenSsh {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    master: Box<dyn portable_pty::MasterPty + Send>,
}

impl OpenSsh {
    pub fn open(key: &Path, port: u16, cols: u16, rows: u16) -> OpenSsh {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new("ssh");
        cmd.arg("-tt");
        for arg in ssh_options(key, port) {
            cmd.arg(arg);
        }
        cmd.arg("me@127.0.0.1");
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("SSH_AUTH_SOCK");
        let child = pair.slave.spawn_command(cmd).expect("start ssh");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let feed = Arc::clone(&parser);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        OpenSsh {
            child,
            writer,
            parser,
            master: pair.master,
        }
    }

    pub fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Look at the screen (its modes as well as its text).
    pub fn with<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.parser.lock().unwrap().screen())
    }

    /// The terminal window resized to `cols`×`rows`.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
    }

    /// Wait (generously) for `text` on the screen; the screen in the panic.
    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while !self.contents().contains(text) {
            assert!(
                start.elapsed() < WAIT,
                "waited for {text:?}; the screen:\n{}",
                self.contents()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// The screen as words: box borders left out, every run of spaces
    /// and line ends one space, so text wrapped in a dialog still reads.
    pub fn words(&self) -> String {
        normalize(&self.contents())
    }

    /// Wait for `text` on the screen, however a dialog wrapped it.
    pub fn wait_for_words(&self, text: &str) {
        let text = normalize(text);
        let start = Instant::now();
        while !self.words().contains(&text) {
            assert!(
                start.elapsed() < WAIT,
                "waited for {text:?}; the screen:\n{}",
                self.contents()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_gone(&self, text: &str) {
        let start = Instant::now();
        while self.contents().contains(text) {
            assert!(
                start.elapsed() < WAIT,
                "waited for {text:?} to go; the screen:\n{}",
                self.contents()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Type `keys` (raw bytes as a terminal sends them).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("type");
        self.writer.flush().expect("type");
    }

    /// Esc on its own (the server tells it from a sequence by a pause).
    pub fn escape(&mut self) {
        self.send("\x1b");
        thread::sleep(Duration::from_millis(150));
    }

    /// `q`, and ssh ends with status 0.
    pub fn quit(&mut self) {
        self.send("q");
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            assert!(start.elapsed() < WAIT, "ssh did not end after q");
            thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "ssh exits 0: {status:?}");
    }
}

impl Drop for OpenSsh {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn normalize(text: &str) -> String {
    text.replace(['│', '┌', '┐', '└', '┘', '─'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every entry under `root` (links not followed) with what it is: a file's
/// bytes, a link's target, a folder, or another kind — to compare before
/// and after. `skip` leaves out subtrees (the database, the exports).
pub fn tree(root: &Path, skip: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.map_while(Result::ok) {
            let path = entry.path();
            if skip.contains(&path) {
                continue;
            }
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let what = if meta.file_type().is_symlink() {
                format!("link to {:?}", std::fs::read_link(&path).ok())
            } else if meta.is_dir() {
                todo.push(path.clone());
                "folder".to_string()
            } else if meta.is_file() {
                format!("file {:?}", std::fs::read(&path).unwrap_or_default())
            } else {
                format!("other {:?}", meta.file_type())
            };
            found.push((path, what));
        }
    }
    found.sort();
    found
}
