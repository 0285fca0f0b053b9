//! The command line over SSH: `ssh HOST export cohort "Spring 2026" --format
//! csv > summary.csv`. The same parser and commands as on the server's own
//! terminal, on the server's store, with what they print captured for the
//! channel. Commands that read or write files on the server are refused.

use std::process::ExitCode;

use clap::Parser;

use super::args::{Cli, Command, ExportWhat};
use super::output::{Captured, capture};
use super::{Failure, commands};
use crate::store::Store;
use crate::workspace::Opened;

/// Run `command_line` for `user` (who may write unless `may_write` is
/// false); the exit status and what it printed.
pub fn run(store: &Store, user: &str, may_write: bool, command_line: &str) -> (u8, Captured) {
    let (status, mut captured) = capture(|| dispatch(store, user, may_write, command_line));
    let code = match status {
        Ok(code) => code,
        Err(failure) => {
            let message = crate::text::sanitize(&failure.message);
            captured
                .err
                .extend(format!("incubator: {message}\n").as_bytes());
            failure.code
        }
    };
    (code, captured)
}

fn dispatch(store: &Store, user: &str, may_write: bool, line: &str) -> Result<u8, Failure> {
    let words = shell_words::split(line)
        .map_err(|e| Failure::new(2, format!("cannot read the command {line:?}: {e}")))?;
    if words
        .iter()
        .any(|w| w == "--db" || w.starts_with("--db=") || w == "--empty")
    {
        return Err(Failure::new(
            2,
            "over SSH the server's database is the one: leave out --db and --empty",
        ));
    }
    let parse = |words: Vec<String>| {
        Cli::try_parse_from(std::iter::once("incubator".to_string()).chain(words))
    };
    let cli = match parse(words.clone()).or_else(|e| rejoined(&words).map_or(Err(e), parse)) {
        Ok(cli) => cli,
        // --help and --version are answers, not failures.
        Err(e) if !e.use_stderr() => {
            super::output::print(&e.render().to_string())?;
            return Ok(0);
        }
        Err(e) => {
            return Err(Failure::new(2, super::refusal(&e).trim_end()));
        }
    };
    let opened = Opened {
        store: store.clone(),
        loaded_sample: None,
    };
    let on_the_server = |what: &str| {
        Failure::new(
            2,
            format!("{what} works on the server's own files; run it there, not over SSH"),
        )
    };
    let to_standard_output = || {
        Failure::new(
            2,
            "over SSH, output goes to standard output: leave out -o and redirect it (ssh … > FILE)",
        )
    };
    let code = match cli.command {
        None => {
            return Err(Failure::new(
                2,
                "give a command (search, export, note, check), or connect without one for the full-screen view",
            ));
        }
        Some(Command::Search {
            query,
            kind,
            limit,
            json,
        }) => commands::search(&opened, &query, kind, limit, json)?,
        Some(Command::Export {
            what: ExportWhat::All { output },
        }) => {
            if output.is_some() {
                return Err(to_standard_output());
            }
            commands::export_all(&opened, None)?
        }
        Some(Command::Export {
            what: ExportWhat::Cohort(args),
        }) => {
            if args.output.is_some() {
                return Err(to_standard_output());
            }
            commands::export_cohort(
                &opened,
                &commands::SummaryRequest::from_args(&args)?,
                |_| Ok(()),
            )?
        }
        Some(Command::Note {
            startup,
            kind,
            text,
            author,
        }) => {
            if !may_write {
                return Err(Failure::new(
                    2,
                    format!("refused: {user} may read and export but write nothing"),
                ));
            }
            if text == ["-"] {
                return Err(Failure::new(
                    2,
                    "over SSH, give the note's text on the command line",
                ));
            }
            commands::note(&opened, &startup, author, kind, &text, Some(user))?
        }
        Some(Command::Check) => commands::check(store)?,
        Some(Command::Import { .. }) => return Err(on_the_server("import")),
        Some(Command::Restore { .. }) => return Err(on_the_server("restore")),
        Some(Command::Generate { .. }) => return Err(on_the_server("generate")),
        Some(Command::Serve { .. }) => return Err(on_the_server("serve")),
    };
    Ok(exit_code(code))
}

/// `ssh HOST export cohort "Spring 2026" …` reaches the server as
/// `export cohort Spring 2026 …`: ssh joins its arguments with spaces and
/// the quotes went to the client's shell. The words of a cohort's name (up
/// to the first option) or of a search query are one argument again.
fn rejoined(words: &[String]) -> Option<Vec<String>> {
    let start = match words {
        [export, cohort, ..] if export == "export" && cohort == "cohort" => 2,
        [search, ..] if search == "search" => 1,
        _ => return None,
    };
    let end = words[start..]
        .iter()
        .position(|w| w.starts_with('-'))
        .map_or(words.len(), |at| start + at);
    if end - start < 2 {
        return None;
    }
    let mut joined = words[..start].to_vec();
    joined.push(words[start..end].join(" "));
    joined.extend_from_slice(&words[end..]);
    Some(joined)
}

/// The commands return an `ExitCode`, which cannot be read back: they
/// only ever return success or 1.
fn exit_code(code: ExitCode) -> u8 {
    if code == ExitCode::SUCCESS { 0 } else { 1 }
}
