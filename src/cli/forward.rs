//! A command on a database another process holds runs in that process
//! (`crate::holder`): here, which commands go, what is sent with them, and
//! how the holder runs one — through the same `dispatch` as at home, on
//! the store it holds.
//!
//! Forwarded: `search`, `export`, `ranking`, `results`, `report`, `calendar`, `note`, `accept`, `intake` (the
//! holder reads the CSV file from the caller's folder, as its user), `show`,
//! `list`, `check`, `sessions` (the server's own list), and the summary (no command, output not a terminal).
//! Not: the full-screen view and `serve`
//! (a second holder), `import` and `restore FILE` (they replace the
//! portfolio or, without `--replace`, read a whole file into the holder's
//! memory: they need the database to themselves and say, as before, that
//! it is in use), `generate --into-db` (an import); `restore` without a
//! file and `generate` need no database.

use std::io::{Read, Write};

use clap::Parser;

use super::args::{Cli, Command};
use super::{Place, database_path, dispatch};
use crate::commands::{Failure, Output};
use crate::environment::Caller;
use crate::holder::{self, Forwarded, Request};
use crate::store::Store;

/// Whether `command` runs in the holder when the database is held.
fn forwardable(command: &Option<Command>, terminal: bool) -> bool {
    match command {
        None => !terminal,
        Some(
            Command::Search(_)
            | Command::Export { .. }
            | Command::Ranking(_)
            | Command::Results(_)
            | Command::Report(_)
            | Command::Calendar(_)
            | Command::Note { .. }
            | Command::Accept { .. }
            | Command::Intake { .. }
            | Command::Show { .. }
            | Command::List { .. }
            | Command::Check
            | Command::Sessions,
        ) => true,
        Some(
            Command::Init
            | Command::Import { .. }
            | Command::Restore { .. }
            | Command::Generate { .. }
            | Command::Serve { .. }
            | Command::Completions { .. }
            | Command::Manpage { .. }
            | Command::Config,
        ) => false,
    }
}

/// Run `cli` in the process holding its database, if one listens: the
/// exit status, its output and error written here. `None`: run it here.
pub(super) fn to_holder(cli: &Cli, terminal: bool, output: &mut Output) -> Option<u8> {
    let args = std::env::args_os().skip(1).collect();
    to_holder_as(cli, args, terminal, output)
}

/// [`to_holder`] for a command line `args` (without the program's name)
/// other than this process's: `cli`, as parsed.
pub(super) fn to_holder_as(
    cli: &Cli,
    args: Vec<std::ffi::OsString>,
    terminal: bool,
    output: &mut Output,
) -> Option<u8> {
    if !forwardable(&cli.command, terminal) {
        return None;
    }
    let db = database_path(&cli.global).ok()?;
    let request = Request {
        args,
        cwd: std::env::current_dir().ok()?,
        db,
        umask: own_umask(),
        caller: Caller {
            vars: holder::callers_vars(),
            config_file: crate::config::path(),
        },
        stdin: Vec::new(),
    };
    let read_stdin = matches!(&cli.command, Some(Command::Note { text, .. }) if text == &["-"]);
    let (out, err) = output.streams();
    match holder::forward(request, read_stdin, &mut std::io::stdin(), out, err) {
        Ok(Forwarded::Ran(code)) => Some(code),
        Ok(Forwarded::NotHeld) => None,
        Err(line) => Some(output.finish(Err(Failure::new(1, line)))),
    }
}

/// This process's umask (read by setting it, and set back).
fn own_umask() -> u32 {
    use rustix::fs::Mode;
    let umask = rustix::process::umask(Mode::from_raw_mode(0o077));
    rustix::process::umask(umask);
    umask.bits()
}

/// What the holder runs for a caller: its command line, parsed as at home,
/// on `store`, with the caller's database path, standard input and
/// streams. (The holder's thread is already in the caller's folder.)
pub fn run_forwarded(
    store: &Store,
    request: &Request,
    input: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let mut output = Output::new(out, err);
    let args = std::iter::once("incubator".into()).chain(request.args.iter().cloned());
    let outcome = match Cli::try_parse_from(args) {
        Ok(mut cli) if forwardable(&cli.command, false) => {
            // The caller's database, not this process's `$INCUBATOR_DB`.
            cli.global.db = Some(request.db.clone());
            let place = Place {
                held: Some(store),
                input,
                terminal: false,
            };
            dispatch(cli, &mut output, place)
        }
        Ok(_) => Err(Failure::new(
            2,
            "this command does not run in the incubator holding the database",
        )),
        Err(e) if !e.use_stderr() => output.print(&e.render().to_string()).map(|()| 0),
        Err(e) => {
            let _ = output.streams().1.write_all(super::refusal(&e).as_bytes());
            return 2;
        }
    };
    output.finish(outcome)
}

/// A socket beside the held database, running what other `incubator`
/// commands send (see [`crate::holder`]); `None` where there is no place
/// for one, and others are told the database is in use, as before.
pub(super) fn listen_for_others(store: &Store) -> Option<holder::Listener> {
    holder::listen(store, run_forwarded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::IfNew;

    fn forwarded(
        store: &Store,
        cwd: &std::path::Path,
        args: &[&str],
        stdin: &str,
    ) -> (u8, String, String) {
        let request = Request {
            args: args.iter().map(Into::into).collect(),
            cwd: cwd.to_path_buf(),
            db: store.path().to_path_buf(),
            ..Request::default()
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run_forwarded(store, &request, &mut stdin.as_bytes(), &mut out, &mut err);
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (code, text(out), text(err))
    }

    #[test]
    fn a_forwarded_command_runs_on_the_held_store_with_the_callers_input() {
        let dir = tempfile::tempdir().unwrap();
        let opened = crate::workspace::open(&dir.path().join("db"), IfNew::Sample).unwrap();
        let store = &opened.store;
        let (code, out, err) = forwarded(store, dir.path(), &["note", "s1", "-"], "from stdin");
        assert_eq!((code, err.as_str()), (0, ""), "{out}");
        assert!(out.starts_with('n'), "{out}");
        let (code, out, _) = forwarded(
            store,
            dir.path(),
            &["search", "from stdin", "--kind", "note"],
            "",
        );
        assert_eq!(code, 0);
        assert!(out.starts_with("note\t"), "{out}");
        for (args, said) in [
            (
                &["import", "x.json", "--replace"][..],
                "does not run in the incubator holding",
            ),
            (&["serve"][..], "does not run in the incubator holding"),
            (&["search"][..], "required"),
        ] {
            let (code, out, err) = forwarded(store, dir.path(), args, "");
            assert_eq!(code, 2, "{args:?}");
            assert!(out.is_empty() && err.contains(said), "{args:?}: {err}");
        }
    }
}
