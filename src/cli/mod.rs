//! Parse the command line (clap) and hand it to its command in
//! `crate::commands`, writing into this process's standard output and
//! error; a failure becomes one line there and the exit code. `remote`
//! does the same for a command over SSH.

mod args;
#[cfg(target_os = "linux")]
mod forward;
mod names;
pub mod remote;

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::commands::outside::refuse_inside_database;
use crate::commands::{self, Failure, Output};
use crate::store::{Store, StoreError};
use crate::workspace::{self, IfNew, Opened};
use clap::{CommandFactory, Parser};

use args::{Cli, Command, ExportWhat, Global};

pub fn run() -> ExitCode {
    // A shell's completion script asking what comes next (`completions`).
    commands::completions::answer_if_asked(Cli::command);
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
    let terminal = stdout.is_terminal() && std::io::stdin().is_terminal();
    let mut output = Output::new(&mut stdout, &mut stderr);
    // `--config FILE`, for every config read from here on (and sent with a
    // forwarded command); a file named that is not there is refused.
    if let Some(file) = &cli.global.config {
        crate::config::choose(file.clone());
    }
    if let Some(missing) = crate::config::missing_choice() {
        return ExitCode::from(output.finish(Err(Failure::new(2, missing))));
    }
    // Held by the full-screen view or `serve`: that process runs it.
    #[cfg(target_os = "linux")]
    if let Some(code) = forward::to_holder(&cli, terminal, &mut output) {
        return ExitCode::from(code);
    }
    let mut stdin = std::io::stdin();
    let place = Place {
        held: None,
        input: &mut stdin,
        terminal,
    };
    // A snapshot still being written in the background (the first write
    // of the day sets one off) is finished, and one that failed told, as
    // the command lets go of its database (see `backup`).
    let outcome = dispatch(cli, &mut output, place);
    ExitCode::from(output.finish(outcome))
}

/// Where a command runs: here, or in the process that holds its database,
/// for another process that sent it there (`forward`).
struct Place<'a> {
    /// The database this process holds, used instead of opening one.
    held: Option<&'a Store>,
    /// Standard input: this process's, or what the caller sent.
    input: &'a mut dyn Read,
    /// Standard input and output are a terminal: no command is the view.
    terminal: bool,
}

/// The global options, and the database held here if any.
struct Site<'a> {
    global: Global,
    held: Option<&'a Store>,
}

/// `database_path(&global)` and the rest read the options as before.
impl std::ops::Deref for Site<'_> {
    type Target = Global;
    fn deref(&self) -> &Global {
        &self.global
    }
}

/// Listen for other commands on the database `store` this process holds.
#[cfg(target_os = "linux")]
fn listen_for_others(store: &Store) -> Option<crate::holder::Listener> {
    forward::listen_for_others(store)
}

#[cfg(not(target_os = "linux"))]
fn listen_for_others(_: &Store) -> Option<()> {
    None
}

/// clap's refusal of the command line, quoting what was typed: made
/// safe for the terminal, and a pasted 300-digit value cut short.
pub(crate) fn refusal(e: &clap::Error) -> String {
    let text = crate::text::sanitize(&e.render().to_string());
    crate::text::shorten_words(&text, 48)
}

fn dispatch(cli: Cli, output: &mut Output, place: Place) -> Result<u8, Failure> {
    let global = Site {
        global: cli.global,
        held: place.held,
    };
    match cli.command {
        None => {
            if place.terminal {
                let opened = open_default(&global, output)?;
                let _listening = listen_for_others(&opened.store);
                commands::view(&opened, output)
            } else {
                require(&global)?;
                commands::summary(&open_to_read(&global, output)?, output)
            }
        }
        Some(Command::Init) => {
            let if_new = match global.empty {
                true => IfNew::Empty,
                false => IfNew::Sample,
            };
            commands::init(&database_path(&global)?, if_new, output)
        }
        Some(Command::Import { file, replace }) => {
            commands::import_file(&database_path(&global)?, &file, replace, output)
        }
        Some(Command::Export {
            what: ExportWhat::All { output: file },
        }) => {
            require(&global)?;
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
            args::needs_file(request.format, request.output)?;
            require(&global)?;
            let db = database_path(&global)?;
            let opened = open_to_read(&global, output)?;
            commands::export_cohort(
                &opened,
                &request,
                |file| refuse_inside_database(&db, file),
                output,
            )
        }
        Some(Command::Ranking(args)) => {
            // Check what was typed before opening a database.
            let request = args.request()?;
            args::needs_file(request.format, request.output)?;
            require(&global)?;
            let db = database_path(&global)?;
            let opened = open_to_read(&global, output)?;
            commands::ranking(
                &opened,
                &request,
                |file| refuse_inside_database(&db, file),
                output,
            )
        }
        Some(Command::Results(args)) => {
            // Check what was typed before opening a database.
            let request = args.request()?;
            args::needs_file(request.format, request.output)?;
            require(&global)?;
            let db = database_path(&global)?;
            let opened = open_to_read(&global, output)?;
            commands::results(
                &opened,
                &request,
                |file| refuse_inside_database(&db, file),
                output,
            )
        }
        Some(Command::Report(args)) => {
            // Check what was typed before opening a database.
            let request = args.request()?;
            args::needs_file(request.format, request.output)?;
            require(&global)?;
            let db = database_path(&global)?;
            let opened = open_to_read(&global, output)?;
            commands::report(
                &opened,
                &request,
                |file| refuse_inside_database(&db, file),
                output,
            )
        }
        Some(Command::Calendar(args)) => {
            require(&global)?;
            let db = database_path(&global)?;
            let opened = open_to_read(&global, output)?;
            commands::calendar(
                &opened,
                &args.request(),
                |file| refuse_inside_database(&db, file),
                output,
            )
        }
        Some(Command::Search(args)) => {
            require(&global)?;
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
            require(&global)?;
            let opened = open_default(&global, output)?;
            commands::note(&opened, request, place.input, output)
        }
        Some(Command::Accept { applications }) => {
            let request = commands::AcceptRequest {
                applications: &applications,
                remote_user: None,
            };
            require(&global)?;
            commands::accept(&open_default(&global, output)?, request, output)
        }
        Some(Command::Intake {
            call,
            file,
            maps,
            dry_run,
        }) => {
            require(&global)?;
            let request = commands::IntakeRequest {
                call: &call,
                file: &file,
                maps: &maps,
                dry_run,
            };
            commands::intake(&open_default(&global, output)?, &request, output)
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
            log,
            metrics,
            limits,
            check_users,
        }) => {
            if let Some(file) = check_users {
                return commands::check_users(&file, output);
            }
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
                log: log.as_deref(),
                metrics,
            };
            require(&global)?;
            let mut listening = None;
            let served = commands::serve(
                |output| {
                    let opened = open_default(&global, output)?;
                    listening = listen_for_others(&opened.store);
                    Ok(opened)
                },
                &request,
                output,
            );
            drop(listening);
            served
        }
        Some(Command::Show { kind, record, json }) => {
            require(&global)?;
            let opened = open_to_read(&global, output)?;
            commands::show(&opened, kind, &record.join(" "), json, output)
        }
        Some(Command::List {
            kind,
            cohort,
            mentor,
            status,
            json,
        }) => {
            require(&global)?;
            let request = commands::ListRequest {
                kind,
                cohort: cohort.as_deref(),
                mentor: mentor.as_deref(),
                status,
                json,
            };
            commands::list(&open_to_read(&global, output)?, &request, output)
        }
        Some(Command::Sessions) => {
            let held = global.held.map(|store| store.path().to_path_buf());
            let db = held.clone().map_or_else(|| database_path(&global), Ok)?;
            commands::sessions(&db, held.is_some(), output)
        }
        Some(Command::Completions { shell }) => commands::completions(shell, output),
        Some(Command::Manpage { output: folder }) => {
            commands::manpage(Cli::command(), folder.as_deref(), output)
        }
        Some(Command::Config) => {
            let request = commands::ConfigRequest {
                database: database_path(&global).map_err(|e| e.message),
                database_from: database_origin(),
            };
            commands::config(&request, output)
        }
        Some(Command::Check) => {
            require(&global)?;
            let store = match global.held {
                Some(held) => held.clone(),
                None => workspace::open_existing(&database_path(&global)?)?,
            };
            commands::check(&store, output)
        }
        Some(Command::Restore { file }) => {
            let db = database_path(&global)?;
            match file {
                None => {
                    require(&global)?;
                    commands::list_snapshots(&db, output)
                }
                // Restore replaces a database; a missing one is most likely
                // a typo in --db. A backup brought to a fresh machine is
                // an interchange document: `import` makes a database of it.
                Some(file) => {
                    if global.held.is_none() && workspace::is_missing(&db) && file.is_file() {
                        let quoted = |p: &std::path::Path| crate::backup::shell_quote(p);
                        return Err(Failure::new(
                            2,
                            crate::text::sanitize(&format!(
                                "no database at {} to restore into; `incubator --db {} import {}` makes one from that file",
                                db.display(),
                                quoted(&db),
                                quoted(&file),
                            )),
                        ));
                    }
                    // A name that is no file either: most likely a typo in --db.
                    if !file.is_file() {
                        require(&global)?;
                    }
                    commands::restore(&db, &file, output)
                }
            }
        }
    }
}

/// Open for a command that reads or adds to the portfolio: a new database
/// gets the sample unless `--empty`.
fn open_default(global: &Site, output: &mut Output) -> Result<Opened, Failure> {
    open_with(global, workspace::open, output)
}

/// [`open_default`] for a command that only reads: where the database's
/// disk cannot be written (read-only, full), a copy of it is read.
fn open_to_read(global: &Site, output: &mut Output) -> Result<Opened, Failure> {
    open_with(global, workspace::open_to_read, output)
}

fn open_with(
    site: &Site,
    how: fn(&std::path::Path, IfNew) -> Result<Opened, StoreError>,
    output: &mut Output,
) -> Result<Opened, Failure> {
    if let Some(held) = site.held {
        return Ok(Opened {
            store: held.clone(),
            loaded_sample: None,
        });
    }
    let global = &site.global;
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

/// Refuse a missing database, for every command but the full-screen view,
/// `init` and `import`: a typo in `--db` must not make a new database and
/// write into it. Exit 2, with the command that makes one. Checked before
/// anything is opened, so nothing is left behind.
fn require(site: &Site) -> Result<(), Failure> {
    if site.held.is_some() {
        return Ok(());
    }
    let path = database_path(site)?;
    if !workspace::is_missing(&path) {
        return Ok(());
    }
    let db = crate::backup::shell_quote(&path);
    Err(Failure::new(
        2,
        crate::text::sanitize(&format!(
            "no database at {}; `incubator --db {db} init` makes one with the sample portfolio (`init --empty`: with nothing)",
            path.display()
        )),
    ))
}

/// Where `--db`'s value came from: the command line, `$INCUBATOR_DB`, or
/// neither.
fn database_origin() -> commands::Origin {
    let matches = Cli::command().try_get_matches();
    let source = matches.ok().and_then(|m| m.value_source("db"));
    match source {
        Some(clap::parser::ValueSource::CommandLine) => commands::Origin::Flag("--db"),
        Some(clap::parser::ValueSource::EnvVariable) => {
            commands::Origin::Environment("$INCUBATOR_DB")
        }
        _ => commands::Origin::Default,
    }
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
        // Run for another process: that one is told, not this terminal
        // (the full-screen view's).
        if crate::environment::is_forwarded() {
            return;
        }
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
