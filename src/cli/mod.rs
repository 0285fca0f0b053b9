//! Parse the command line (clap) and hand it to its command in
//! `crate::commands`, writing into this process's standard output and
//! error; a failure becomes one line there and the exit code. `remote`
//! does the same for a command over SSH.

mod args;
pub mod remote;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::commands::outside::refuse_inside_database;
use crate::commands::{self, Failure, Output};
use crate::store::StoreError;
use crate::workspace::{self, IfNew, Opened};
use clap::Parser;

use args::{Cli, Command, ExportWhat, Global};

pub fn run() -> ExitCode {
    quiet_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version are answers, printed as clap prints them.
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            eprint!("{}", refusal(&e));
            return ExitCode::from(2);
        }
    };
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    let mut output = Output::new(&mut stdout, &mut stderr);
    // A snapshot still being written in the background (the first write
    // of the day sets one off) is finished, and one that failed told, as
    // the command lets go of its database (see `backup`).
    let outcome = dispatch(cli, &mut output);
    ExitCode::from(output.finish(outcome))
}

/// clap's refusal of the command line, quoting what was typed: made
/// safe for the terminal, and a pasted 300-digit value cut short.
pub(crate) fn refusal(e: &clap::Error) -> String {
    let text = crate::text::sanitize(&e.render().to_string());
    crate::text::shorten_words(&text, 48)
}

fn dispatch(cli: Cli, output: &mut Output) -> Result<u8, Failure> {
    let global = cli.global;
    match cli.command {
        None => {
            if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
                commands::view(&open_default(&global, output)?, output)
            } else {
                commands::summary(&open_to_read(&global, output)?, output)
            }
        }
        Some(Command::Import { file, replace }) => {
            commands::import_file(&database_path(&global)?, &file, replace, output)
        }
        Some(Command::Export {
            what: ExportWhat::All { output: file },
        }) => {
            if let Some(file) = &file {
                refuse_inside_database(&database_path(&global)?, file)?;
            }
            commands::export_all(&open_to_read(&global, output)?, file.as_deref(), output)
        }
        Some(Command::Export {
            what: ExportWhat::Cohort(args),
        }) => {
            // Check what was typed before opening (and maybe creating) a database.
            let request = args.request()?;
            let db = database_path(&global)?;
            let opened = open_to_read(&global, output)?;
            commands::export_cohort(
                &opened,
                &request,
                |file| refuse_inside_database(&db, file),
                output,
            )
        }
        Some(Command::Search(args)) => {
            commands::search(&open_to_read(&global, output)?, &args.request(), output)
        }
        Some(Command::Note {
            startup,
            author,
            kind,
            text,
        }) => {
            let request = commands::NoteRequest {
                startup: &startup,
                author,
                kind,
                text: &text,
                remote_user: None,
            };
            let opened = open_default(&global, output)?;
            commands::note(&opened, request, &mut std::io::stdin(), output)
        }
        Some(Command::Generate {
            startups,
            seed,
            output: file,
            names,
            into_db,
        }) => {
            let db = if into_db {
                Some(database_path(&global)?)
            } else {
                None
            };
            // generate needs no database: without one, nothing to keep out of.
            if let (Some(file), Ok(db)) = (&file, database_path(&global)) {
                refuse_inside_database(&db, file)?;
            }
            let request = commands::GenerateRequest {
                startups,
                seed,
                file: file.as_deref(),
                names,
                into_db: db.as_deref(),
            };
            commands::generate(&request, output)
        }
        Some(Command::Serve {
            listen,
            users,
            host_key,
            max_sessions,
            idle_minutes,
            exports,
            scp_host,
            limits,
        }) => {
            let request = commands::ServeRequest {
                listen,
                users: &users,
                host_key: host_key.as_deref(),
                max_sessions: usize::try_from(max_sessions).unwrap_or(usize::MAX),
                idle: std::time::Duration::from_secs(idle_minutes.saturating_mul(60)),
                exports: exports.as_deref(),
                scp_host,
                limits: limits.limits(),
                run_command: remote::run,
            };
            commands::serve(|output| open_default(&global, output), &request, output)
        }
        Some(Command::Check) => {
            let store = workspace::open_existing(&database_path(&global)?)?;
            commands::check(&store, output)
        }
        Some(Command::Restore { file }) => {
            let db = database_path(&global)?;
            match file {
                None => commands::list_snapshots(&db, output),
                Some(file) => commands::restore(&db, &file, output),
            }
        }
    }
}

/// Open for a command that reads or adds to the portfolio: a new database
/// gets the sample unless `--empty`.
fn open_default(global: &Global, output: &mut Output) -> Result<Opened, Failure> {
    open_with(global, workspace::open, output)
}

/// [`open_default`] for a command that only reads: where the database's
/// disk cannot be written (read-only, full), a copy of it is read.
fn open_to_read(global: &Global, output: &mut Output) -> Result<Opened, Failure> {
    open_with(global, workspace::open_to_read, output)
}

fn open_with(
    global: &Global,
    how: fn(&std::path::Path, IfNew) -> Result<Opened, StoreError>,
    output: &mut Output,
) -> Result<Opened, Failure> {
    let if_new = if global.empty {
        IfNew::Empty
    } else {
        IfNew::Sample
    };
    let path = database_path(global)?;
    let opened = how(&path, if_new)?;
    crate::backup::enable(&opened.store, crate::backup::settings());
    if let Some(loaded) = &opened.loaded_sample {
        output.tell(&format!(
            "incubator: new database at {}; loaded the sample portfolio ({loaded}). Use --empty to start empty.",
            path.display()
        ));
    }
    Ok(opened)
}

fn database_path(global: &Global) -> Result<PathBuf, Failure> {
    match &global.db {
        Some(path) if !path.as_os_str().is_empty() => Ok(path.clone()),
        _ => workspace::default_path().map_err(|e| Failure::new(1, e)),
    }
}

/// A bug must not greet the user with a backtrace: one line, and where to
/// report it.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("unknown");
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("incubator: internal error{place}: {message} (please report this)");
    }));
}
