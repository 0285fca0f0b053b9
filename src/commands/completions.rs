//! `incubator completions SHELL`: the script a shell loads to complete
//! incubator's subcommands, flags and values. The script asks the binary
//! itself at each Tab (clap_complete's dynamic completion: the shell runs
//! `COMPLETE=SHELL incubator -- WORDS...`), so the flags of this very
//! build are offered, and cohort and startup names are read from the
//! database as `list` prints them (`crate::cli`'s completers).

use std::ffi::OsStr;
use std::sync::OnceLock;

use clap::ValueEnum;
use clap_complete::CompletionCandidate;
use clap_complete::env::{Bash, EnvCompleter, Fish, Powershell, Zsh};

use super::{Failure, Output};

/// The variable the scripts set when they ask for completions.
pub const VARIABLE: &str = "COMPLETE";

/// The shells a script is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

impl Shell {
    fn completer(self) -> &'static dyn EnvCompleter {
        match self {
            Shell::Bash => &Bash,
            Shell::Zsh => &Zsh,
            Shell::Fish => &Fish,
            Shell::Powershell => &Powershell,
        }
    }
}

/// Print `shell`'s script. It runs `incubator` from `PATH`, as the
/// installed binary is found, wherever this one was run from.
pub fn completions(shell: Shell, output: &mut Output) -> Result<u8, Failure> {
    let mut script = Vec::new();
    shell
        .completer()
        .write_registration(VARIABLE, "incubator", "incubator", "incubator", &mut script)
        .map_err(|e| Failure::new(1, format!("could not write the script: {e}")))?;
    output.print_bytes(&script)?;
    Ok(0)
}

/// The shell asking for completions, if this run is one of its questions.
static ASKING: OnceLock<Option<String>> = OnceLock::new();

/// Answer the shell and exit, when it is asking (`$COMPLETE` set by a
/// script); otherwise return and let the command line run.
pub fn answer_if_asked(command: fn() -> clap::Command) {
    // clap_complete clears the variable before asking the completers,
    // which write their names quoted for the shell that asked.
    let asking = std::env::var(VARIABLE)
        .ok()
        .filter(|s| !s.is_empty() && s != "0");
    if asking.is_none() {
        return;
    }
    let _ = ASKING.set(asking);
    clap_complete::CompleteEnv::with_factory(command)
        .var(VARIABLE)
        .complete();
}

/// The names starting with what was typed (case and Azerbaijani letters
/// folded as search folds them), each one whole: written quoted for bash,
/// which puts an answer on the line as it is; zsh and fish quote theirs.
pub fn candidates(names: Vec<String>, typed: &OsStr) -> Vec<CompletionCandidate> {
    let typed = typed.to_string_lossy();
    let (quote, prefix) = unquoted(&typed);
    let prefix = crate::text::fold(&prefix);
    let for_bash = ASKING.get().and_then(|s| s.as_deref()) == Some("bash");
    let mut names: Vec<String> = names
        .into_iter()
        .filter(|name| crate::text::fold(name).starts_with(&prefix))
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| match for_bash {
            true => CompletionCandidate::new(quoted_for_bash(&name, quote)),
            false => CompletionCandidate::new(name),
        })
        .collect()
}

/// What was typed as the shell reads it: an opening quote (kept, so the
/// answer goes on inside it) and the text without quotes and backslashes.
fn unquoted(typed: &str) -> (Option<char>, String) {
    let mut chars = typed.chars().peekable();
    let quote = chars.next_if(|c| *c == '\'' || *c == '"');
    let mut text = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote != Some('\'') => text.extend(chars.next()),
            '\'' | '"' if Some(c) == quote => {}
            c => text.push(c),
        }
    }
    (quote, text)
}

/// `name` as one bash word: inside the quote the user opened, else with a
/// backslash before every character bash would split or expand on.
fn quoted_for_bash(name: &str, quote: Option<char>) -> String {
    match quote {
        Some('\'') => format!("'{}'", name.replace('\'', r"'\''")),
        Some(_) => {
            let escaped: String = name
                .chars()
                .flat_map(|c| match c {
                    '"' | '\\' | '$' | '`' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            format!("\"{escaped}\"")
        }
        None => name
            .chars()
            .flat_map(|c| match c.is_alphanumeric() || "-_.,:/@+%=".contains(c) {
                true => vec![c],
                false => vec!['\\', c],
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_word_is_read_as_bash_reads_it() {
        assert_eq!(unquoted(r"Kilim\ Cr"), (None, "Kilim Cr".into()));
        assert_eq!(unquoted("\"Kilim Cr"), (Some('"'), "Kilim Cr".into()));
        assert_eq!(unquoted("'Şəki"), (Some('\''), "Şəki".into()));
    }

    #[test]
    fn a_name_is_one_bash_word() {
        assert_eq!(quoted_for_bash("Kilim Craft", None), r"Kilim\ Craft");
        assert_eq!(quoted_for_bash("Şəki Ağ's", None), r"Şəki\ Ağ\'s");
        assert_eq!(quoted_for_bash("Kilim Craft", Some('"')), "\"Kilim Craft\"");
        assert_eq!(quoted_for_bash("Ağ's", Some('\'')), r"'Ağ'\''s'");
    }
}
