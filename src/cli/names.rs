//! Cohort and startup names for a shell's completion (see
//! `commands::completions`): `list cohort` or `list startup` run on the
//! database the words typed so far name (`--db`, else `$INCUBATOR_DB`,
//! else the default), here or in the process holding it, and the name
//! column of what it prints. Nothing is offered when that fails: a Tab
//! must not print errors into the line being typed.

use std::ffi::{OsStr, OsString};

use clap::Parser;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};

use super::Place;
use super::args::Cli;
use crate::commands::{Output, completions};

/// Completes a startup's name.
pub(super) fn startups() -> ArgValueCompleter {
    ArgValueCompleter::new(|typed: &OsStr| complete("startup", typed))
}

/// Completes a cohort's name.
pub(super) fn cohorts() -> ArgValueCompleter {
    ArgValueCompleter::new(|typed: &OsStr| complete("cohort", typed))
}

fn complete(kind: &str, typed: &OsStr) -> Vec<CompletionCandidate> {
    completions::candidates(names(kind), typed)
}

/// The names `list KIND` prints (its second column).
fn names(kind: &str) -> Vec<String> {
    let mut args: Vec<OsString> = vec!["list".into(), kind.into()];
    if let Some(db) = typed_database() {
        args.extend(["--db".into(), db]);
    }
    let Ok(cli) =
        Cli::try_parse_from(std::iter::once(OsString::from("incubator")).chain(args.clone()))
    else {
        return Vec::new();
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut output = Output::new(&mut out, &mut err);
    #[cfg(target_os = "linux")]
    let held = super::forward::to_holder_as(&cli, args, false, &mut output);
    #[cfg(not(target_os = "linux"))]
    let held = {
        let _ = args;
        None
    };
    let code = match held {
        Some(code) => code,
        None => {
            let place = Place {
                held: None,
                input: &mut std::io::empty(),
                terminal: false,
            };
            let outcome = super::dispatch(cli, &mut output, place);
            output.finish(outcome)
        }
    };
    if code != 0 {
        return Vec::new();
    }
    String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|line| line.split('\t').nth(1))
        .map(str::to_string)
        .collect()
}

/// The database the command line being completed names with `--db PATH`
/// or `--db=PATH`: the words the shell passed after `--`.
fn typed_database() -> Option<OsString> {
    let words: Vec<OsString> = std::env::args_os()
        .skip_while(|word| word != "--")
        .skip(1)
        .collect();
    let mut found = None;
    for (i, word) in words.iter().enumerate() {
        let text = word.to_string_lossy();
        if text == "--db" {
            found = words.get(i + 1).cloned();
        } else if let Some(path) = text.strip_prefix("--db=") {
            found = Some(path.into());
        }
    }
    let found = found.filter(|path| !path.is_empty())?;
    // The shell has not expanded `~` in a word still being typed.
    match found.to_string_lossy().strip_prefix("~/") {
        Some(rest) => {
            std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(rest).into())
        }
        None => Some(found),
    }
}
