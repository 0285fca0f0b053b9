//! `serve`: check the users file, the exports folder and the host key,
//! then serve the database over SSH until SIGTERM or Ctrl-C, reading the
//! users file again on SIGHUP; `serve --check-users FILE` only checks it.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::model::Kind;
use crate::serve::{self, Role, RunCommand, Settings, Users, host_key};
use crate::store::Store;
use crate::text::sanitize_line;
use crate::workspace::Opened;

use super::outside::refuse_inside_database;
use super::{Failure, Output};

/// What `serve` was asked for.
pub struct ServeRequest<'a> {
    pub listen: std::net::SocketAddr,
    pub users: &'a Path,
    pub host_key: Option<&'a Path>,
    pub max_sessions: usize,
    pub idle: std::time::Duration,
    pub exports: Option<&'a Path>,
    pub scp_host: Option<String>,
    pub limits: serve::Limits,
    /// How a command over SSH is parsed and run (the command line's own
    /// parser, which the server does not know).
    pub run_command: RunCommand,
    /// `--log FILE`: else the state folder's `incubator/serve.log`.
    pub log: Option<&'a Path>,
    /// `--metrics ADDRESS:PORT`: Prometheus metrics served there.
    pub metrics: Option<std::net::SocketAddr>,
}

/// Where SSH users' exports go: `--exports`, else beside the database
/// `db`; absolute (the export dialog shows it), never inside `db`.
fn exports_folder(given: Option<&Path>, db: &Path) -> Result<PathBuf, Failure> {
    let folder = given.map_or_else(|| serve::Exports::beside(db).folder, Path::to_path_buf);
    let folder = std::path::absolute(&folder).unwrap_or(folder);
    refuse_inside_database(db, &folder)?;
    Ok(folder)
}

/// Start the server's log: `given`, else the state folder's, in the
/// config file's format.
fn start_log(given: Option<&Path>) -> Result<(), Failure> {
    let format = crate::config::Config::load()
        .map_err(|e| Failure::new(2, e))?
        .log_format
        .unwrap_or_default();
    let path = match given {
        Some(path) => path.to_path_buf(),
        None => serve::log::default_path().ok_or_else(|| {
            Failure::new(2, "no home folder for the log: give --log FILE".to_string())
        })?,
    };
    serve::log::start(&path, format).map_err(|e| Failure::new(2, e))
}

/// Serve the database over SSH until SIGTERM or Ctrl-C.
pub fn serve(
    open: impl FnOnce(&mut Output) -> Result<Opened, Failure>,
    request: &ServeRequest,
    output: &mut Output,
) -> Result<u8, Failure> {
    // The file is checked before the database is opened (a typo must not
    // leave a new database behind), its mentors against the portfolio after.
    Users::load(request.users, |_| true).map_err(|e| Failure::new(2, e))?;
    let store = open(output)?.store;
    let users = Users::load(request.users, |id| {
        store.contains(Kind::Mentor, id).unwrap_or(false)
    })
    .map_err(|e| Failure::new(2, e))?;
    for problem in users.problems() {
        output.tell(&format!("incubator: {}:{problem}", request.users.display()));
    }
    if users.is_empty() {
        return Err(Failure::new(
            2,
            format!(
                "{}: no [[user]] in it, so nobody could connect",
                request.users.display()
            ),
        ));
    }
    let exports = exports_folder(request.exports, store.path())?;
    let key_path = request
        .host_key
        .map_or_else(|| host_key::default_path(store.path()), Path::to_path_buf);
    let (key, made) = host_key::load_or_create(&key_path).map_err(|e| Failure::new(1, e))?;
    if made {
        output.tell(&format!(
            "incubator: made a new host key at {}",
            key_path.display()
        ));
    }
    let settings = Settings {
        listen: request.listen,
        users,
        host_key: key,
        max_sessions: request.max_sessions,
        idle_timeout: request.idle,
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        exports: serve::Exports {
            folder: exports,
            scp_host: request.scp_host.clone(),
        },
        limits: request.limits.clone(),
        run_command: request.run_command,
    };
    start_log(request.log)?;
    let reload = || reload(request.users, &store);
    let (out, err) = output.streams();
    serve::run(store.clone(), settings, &reload, request.metrics, out, err)
        .map_err(|e| Failure::new(1, e))?;
    // A clean stop: keep a snapshot if anything changed.
    if let Err(e) = crate::backup::snapshot_at_shutdown(&store) {
        output.tell(&format!("incubator: {}", sanitize_line(&e.to_string())));
    }
    Ok(0)
}

/// What SIGHUP reads: the users file (its mentors checked against the
/// portfolio), and the config file, said only when it does not parse (its
/// settings are read where they are used, so a good one is in use already).
fn reload(users: &Path, store: &Store) -> (Result<Users, String>, Vec<String>) {
    let mut notes = Vec::new();
    if let Err(e) = Config::load() {
        notes.push(sanitize_line(&e));
    }
    let read = Users::load(users, |id| {
        store.contains(Kind::Mentor, id).unwrap_or(false)
    })
    .and_then(|read| match read.is_empty() {
        true => Err(format!(
            "{}: no [[user]] in it, so nobody could connect",
            users.display()
        )),
        false => Ok(read),
    })
    .inspect(|read| {
        for problem in read.problems() {
            notes.push(format!("{}:{problem}", users.display()));
        }
    })
    .map_err(|e| sanitize_line(&e));
    (read, notes)
}

/// `serve --check-users FILE`: every problem with its line (exit 2), or
/// how many users in which roles. Mentor ids are checked against the
/// portfolio only when the server reads the file.
pub fn check_users(path: &Path, output: &mut Output) -> Result<u8, Failure> {
    let users = match Users::check_file(path, |_| true) {
        Ok(users) => users,
        Err(problems) => {
            for problem in &problems {
                output.tell(&format!("incubator: {}", sanitize_line(problem)));
            }
            return Err(Failure::new(
                2,
                format!("{}: {} problem(s)", path.display(), problems.len()),
            ));
        }
    };
    if users.is_empty() {
        return Err(Failure::new(
            2,
            format!(
                "{}: no [[user]] in it, so nobody could connect",
                path.display()
            ),
        ));
    }
    output.print(&format!(
        "ok: {} users ({})\n",
        users.len(),
        role_counts(&users)
    ))?;
    Ok(0)
}

/// "1 coordinator, 2 mentors, 1 judge": each role present, in a fixed order.
fn role_counts(users: &Users) -> String {
    let roles = [
        ("coordinator", "coordinators"),
        ("mentor", "mentors"),
        ("staff", "staff"),
        ("judge", "judges"),
    ];
    let role_of = |role: &Role| match role {
        Role::Coordinator => 0,
        Role::Mentor(_) | Role::MissingMentor(_) => 1,
        Role::Staff => 2,
        Role::Judge(_) => 3,
    };
    let mut counts = [0usize; 4];
    for user in users.iter() {
        counts[role_of(&user.role)] += 1;
    }
    roles
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|((one, many), n)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect::<Vec<_>>()
        .join(", ")
}
