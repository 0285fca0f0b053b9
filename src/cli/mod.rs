//! Parse the command line, run the command, and turn failures into one
//! line on standard error and an exit code.

mod args;
mod commands;
mod output;
mod outside;
pub mod remote;
mod table;

pub use output::Captured;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::export::WriteError;
use crate::resolve::ResolveError;
use crate::store::StoreError;
use crate::workspace::{self, IfNew, Opened};
use clap::Parser;

use args::{Cli, Command, ExportWhat, Global};

/// A command that did not succeed: what to tell the user and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        // Damage seen once refuses writes from now on (until a restore).
        crate::store::known_damage::note(&e);
        match &e {
            // Say what to run next: the latest good snapshot, by name.
            StoreError::Damaged { path, detail } if !path.as_os_str().is_empty() => Failure::new(
                e.exit_code() as u8,
                format!(
                    "the database {} is damaged ({detail}); {}",
                    path.display(),
                    crate::backup::advice(path)
                ),
            ),
            _ => Failure::new(e.exit_code() as u8, e.to_string()),
        }
    }
}

impl From<WriteError> for Failure {
    fn from(e: WriteError) -> Self {
        // Refusing to replace a file asks the user for another name or
        // --force: their input to change, like an unknown name.
        let code = match e {
            WriteError::Exists(_) => 2,
            WriteError::Io { .. } => 1,
        };
        Failure::new(code, e.to_string())
    }
}

impl From<ResolveError> for Failure {
    fn from(e: ResolveError) -> Self {
        Failure::new(2, e.to_string())
    }
}

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
    // A snapshot still being written in the background (the first write
    // of the day sets one off) is finished, and one that failed told, as
    // the command lets go of its database (see `backup`).
    let outcome = dispatch(cli);
    match outcome {
        Ok(code) => code,
        Err(failure) => {
            let message = crate::text::sanitize(&failure.message);
            eprintln!("incubator: {message}");
            ExitCode::from(failure.code)
        }
    }
}

/// clap's refusal of the command line, quoting what was typed: made
/// safe for the terminal, and a pasted 300-digit value cut short.
pub(crate) fn refusal(e: &clap::Error) -> String {
    let text = crate::text::sanitize(&e.render().to_string());
    crate::text::shorten_words(&text, 48)
}

fn dispatch(cli: Cli) -> Result<ExitCode, Failure> {
    let global = cli.global;
    match cli.command {
        None => {
            if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
                commands::browse(&open_default(&global)?)
            } else {
                commands::summary(&open_to_read(&global)?)
            }
        }
        Some(Command::Import { file, replace }) => {
            let parsed = commands::read_interchange(&file)?;
            commands::import(&database_path(&global)?, &file, parsed, replace)
        }
        Some(Command::Export {
            what: ExportWhat::All { output },
        }) => {
            if let Some(output) = &output {
                outside::refuse_inside_database(&database_path(&global)?, output)?;
            }
            commands::export_all(&open_to_read(&global)?, output.as_deref())
        }
        Some(Command::Export {
            what: ExportWhat::Cohort(args),
        }) => {
            // Check what was typed before opening (and maybe creating) a database.
            let request = commands::SummaryRequest::from_args(&args)?;
            let db = database_path(&global)?;
            commands::export_cohort(&open_to_read(&global)?, &request, |output| {
                outside::refuse_inside_database(&db, output)
            })
        }
        Some(Command::Search {
            query,
            kind,
            limit,
            json,
        }) => commands::search(&open_to_read(&global)?, &query, kind, limit, json),
        Some(Command::Note {
            startup,
            author,
            kind,
            text,
        }) => commands::note(&open_default(&global)?, &startup, author, kind, &text, None),
        Some(Command::Generate {
            startups,
            seed,
            output,
            names,
            into_db,
        }) => {
            let db = if into_db {
                Some(database_path(&global)?)
            } else {
                None
            };
            // generate needs no database: without one, nothing to keep out of.
            if let (Some(output), Ok(db)) = (&output, database_path(&global)) {
                outside::refuse_inside_database(&db, output)?;
            }
            commands::generate(startups, seed, output.as_deref(), names, db.as_deref())
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
            };
            commands::serve(|| open_default(&global), &request)
        }
        Some(Command::Check) => {
            let store = workspace::open_existing(&database_path(&global)?)?;
            commands::check(&store)
        }
        Some(Command::Restore { file }) => {
            let db = database_path(&global)?;
            match file {
                None => commands::list_snapshots(&db),
                Some(file) => commands::restore(&db, &file),
            }
        }
    }
}

/// Open for a command that reads or adds to the portfolio: a new database
/// gets the sample unless `--empty`.
fn open_default(global: &Global) -> Result<Opened, Failure> {
    open_with(global, workspace::open)
}

/// [`open_default`] for a command that only reads: where the database's
/// disk cannot be written (read-only, full), a copy of it is read.
fn open_to_read(global: &Global) -> Result<Opened, Failure> {
    open_with(global, workspace::open_to_read)
}

fn open_with(
    global: &Global,
    how: fn(&std::path::Path, IfNew) -> Result<Opened, StoreError>,
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
        eprintln!(
            "incubator: new database at {}; loaded the sample portfolio ({loaded}). Use --empty to start empty.",
            path.display()
        );
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
