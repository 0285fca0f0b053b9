//! The command line over SSH: `ssh HOST export cohort "Spring 2026" --format
//! csv > summary.csv`. The same parser and commands as on the server's own
//! terminal, on the server's store, writing into the channel's output and
//! error. Commands that read or write files on the server are refused.
//! [`run`] is what `incubator serve` is given to run an exec request with.

use std::io::Write;

use clap::Parser;

use super::args::{Cli, Command, ExportWhat};
use crate::commands::{self, Failure, Output};
use crate::store::{Access, Store};
use crate::workspace::Opened;

/// Run `command_line` for `user` (who may write unless `may_write` is
/// false), writing into `out` and `err`; the exit status.
pub fn run(
    store: &Store,
    user: &str,
    may_write: bool,
    command_line: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let mut output = Output::new(out, err);
    let outcome = dispatch(store, user, may_write, command_line, &mut output);
    output.finish(outcome)
}

fn dispatch(
    store: &Store,
    user: &str,
    may_write: bool,
    line: &str,
    output: &mut Output,
) -> Result<u8, Failure> {
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
            output.print(&e.render().to_string())?;
            return Ok(0);
        }
        Err(e) => {
            return Err(Failure::new(2, super::refusal(&e).trim_end()));
        }
    };
    // A judge scores in the full-screen view; of the commands, only their
    // demo day's results once closed (`commands::results` checks which).
    if let Access::Judge { name } = store.access()
        && !matches!(cli.command, Some(Command::Results(_)))
    {
        return Err(Failure::new(
            2,
            format!(
                "refused: {name} is a judge: connect without a command to score pitches; \
                 `results DEMO_DAY` shows a demo day's results once judging is closed"
            ),
        ));
    }
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
    match cli.command {
        None => Err(Failure::new(
            2,
            "give a command (search, show, list, export, ranking, results, report, calendar, note, check, sessions), or connect without one for the full-screen view",
        )),
        Some(Command::Search(args)) => commands::search(&opened, &args.request(), output),
        Some(Command::Export {
            what: ExportWhat::All { output: file },
        }) => {
            if file.is_some() {
                return Err(to_standard_output());
            }
            commands::export_all(&opened, None, output)
        }
        Some(Command::Export {
            what: ExportWhat::Cohort(args),
        }) => {
            if args.output.is_some() {
                return Err(to_standard_output());
            }
            commands::export_cohort(&opened, &args.request()?, |_| Ok(()), output)
        }
        Some(Command::Ranking(args)) => {
            if args.table.output.is_some() {
                return Err(to_standard_output());
            }
            commands::ranking(&opened, &args.request()?, |_| Ok(()), output)
        }
        Some(Command::Results(args)) => {
            if args.table.output.is_some() {
                return Err(to_standard_output());
            }
            commands::results(&opened, &args.request()?, |_| Ok(()), output)
        }
        Some(Command::Report(args)) => {
            if args.table.output.is_some() {
                return Err(to_standard_output());
            }
            commands::report(&opened, &args.request()?, |_| Ok(()), output)
        }
        Some(Command::Calendar(args)) => {
            if args.output.is_some() {
                return Err(to_standard_output());
            }
            commands::calendar(&opened, &args.request(), |_| Ok(()), output)
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
            let request = commands::NoteRequest {
                startup: &startup,
                author,
                kind,
                text: &text,
                remote_user: Some(user),
            };
            // The text was refused above if it asked for standard input.
            commands::note(&opened, request, &mut std::io::empty(), output)
        }
        Some(Command::Accept { applications }) => {
            // The store refuses anyone but a coordinator, in their words.
            let request = commands::AcceptRequest {
                applications: &applications,
                remote_user: Some(user),
            };
            commands::accept(&opened, request, output)
        }
        Some(Command::Show { kind, record, json }) => {
            commands::show(&opened, kind, &record.join(" "), json, output)
        }
        Some(Command::List {
            kind,
            cohort,
            mentor,
            status,
            json,
        }) => {
            let request = commands::ListRequest {
                kind,
                cohort: cohort.as_deref(),
                mentor: mentor.as_deref(),
                status,
                json,
            };
            commands::list(&opened, &request, output)
        }
        Some(Command::Check) => commands::check(store, output),
        Some(Command::Sessions) => match store.access() {
            Access::Everything => commands::sessions(store.path(), true, output),
            _ => Err(Failure::new(
                2,
                format!("refused: only a coordinator sees who is connected, and {user} is not one"),
            )),
        },
        Some(Command::Init) => Err(on_the_server("init")),
        Some(Command::Import { .. }) => Err(on_the_server("import")),
        Some(Command::Intake { .. }) => Err(on_the_server("intake")),
        Some(Command::Restore { .. }) => Err(on_the_server("restore")),
        Some(Command::Generate { .. }) => Err(on_the_server("generate")),
        Some(Command::Serve { .. }) => Err(on_the_server("serve")),
        Some(Command::Config) => Err(on_the_server("config")),
        Some(Command::Completions { .. } | Command::Manpage { .. }) => Err(Failure::new(
            2,
            "completions and the manual page are for the machine incubator is installed on; run them there",
        )),
    }
}

/// `ssh HOST export cohort "Spring 2026" …` reaches the server as
/// `export cohort Spring 2026 …`: ssh joins its arguments with spaces and
/// the quotes went to the client's shell. The words of a cohort's name (up
/// to the first option) or of a search query are one argument again.
fn rejoined(words: &[String]) -> Option<Vec<String>> {
    if words
        .first()
        .is_some_and(|w| w == "list" || w == "calendar")
    {
        return rejoined_options(words);
    }
    let start = match words {
        [export, cohort, ..] if export == "export" && cohort == "cohort" => 2,
        [search, ..] if search == "search" => 1,
        [ranking, ..] if ranking == "ranking" => 1,
        [results, ..] if results == "results" => 1,
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

/// `list startup --mentor Aysel Hüseynova` (and `calendar --mentor …`): the words after `--cohort` or
/// `--mentor`, up to the next option, are one name again.
fn rejoined_options(words: &[String]) -> Option<Vec<String>> {
    let mut joined: Vec<String> = Vec::new();
    let mut changed = false;
    let mut at = 0;
    while at < words.len() {
        let word = &words[at];
        joined.push(word.clone());
        at += 1;
        if word == "--cohort" || word == "--mentor" {
            let end = words[at..]
                .iter()
                .position(|w| w.starts_with('-'))
                .map_or(words.len(), |n| at + n);
            if end > at {
                changed |= end - at > 1;
                joined.push(words[at..end].join(" "));
                at = end;
            }
        }
    }
    changed.then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::IfNew;

    fn ran(store: &Store, may_write: bool, line: &str) -> (u8, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(store, "Nigar", may_write, line, &mut out, &mut err);
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (code, text(out), text(err))
    }

    #[test]
    fn commands_at_once_write_each_into_their_own_output() {
        let dir = tempfile::tempdir().unwrap();
        let opened = crate::workspace::open(&dir.path().join("db"), IfNew::Sample).unwrap();
        let store = &opened.store;
        let (search, export) = std::thread::scope(|s| {
            let search = s.spawn(|| ran(store, false, "search kilim craft"));
            let export = s.spawn(|| ran(store, false, "export cohort Autumn 2025 --format csv"));
            (search.join().unwrap(), export.join().unwrap())
        });
        assert_eq!(search.0, 0);
        assert!(
            search.1.starts_with("startup\ts3\tKilim Craft\tname\n"),
            "{search:?}"
        );
        assert!(!search.1.contains(',') && search.2.is_empty(), "{search:?}");
        assert_eq!(export.0, 0);
        assert!(
            export.1.contains(',') && !export.1.contains('\t'),
            "{export:?}"
        );
        assert!(export.2.is_empty(), "{export:?}");
    }

    #[test]
    fn a_calendar_over_ssh_goes_to_standard_output_with_an_unquoted_mentor_name() {
        let dir = tempfile::tempdir().unwrap();
        let opened = crate::workspace::open(&dir.path().join("db"), IfNew::Sample).unwrap();
        // ssh joins `--mentor "Aysel Hüseynova"` as two words.
        let (code, out, err) = ran(&opened.store, false, "calendar --mentor Aysel Hüseynova");
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("BEGIN:VCALENDAR\r\n"), "{out}");
        assert!(
            out.contains("SUMMARY:Office hours: Aysel Hüseynova (free)\r\n"),
            "{out}"
        );
        let (code, _, err) = ran(&opened.store, false, "calendar -o x.ics");
        assert_eq!(code, 2);
        assert!(err.contains("leave out -o"), "{err}");
    }

    #[test]
    fn refusals_are_a_line_on_the_error_stream() {
        let dir = tempfile::tempdir().unwrap();
        let opened = crate::workspace::open(&dir.path().join("db"), IfNew::Sample).unwrap();
        let store = &opened.store;
        for (may_write, line, said) in [
            (
                true,
                "import x.json",
                "import works on the server's own files",
            ),
            (true, "export all -o x.json", "leave out -o"),
            (true, "init", "init works on the server's own files"),
            (
                true,
                "intake call1 responses.csv",
                "intake works on the server's own files",
            ),
            (true, "--db /tmp/x check", "leave out --db"),
            (false, "note s1 hello", "refused: Nigar may read and export"),
        ] {
            let (code, out, err) = ran(store, may_write, line);
            assert_eq!(code, 2, "{line}");
            assert!(out.is_empty(), "{line}: {out}");
            assert!(
                err.starts_with("incubator: ") && err.contains(said),
                "{err}"
            );
        }
        // A write names its startup exactly, over SSH too: the words of
        // an unquoted name are not half taken as the note.
        let notes = store.portfolio().unwrap().notes.len();
        let (code, out, err) = ran(store, true, "note Kilim Craft Pricing review");
        assert_eq!(code, 2);
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("s3  Kilim Craft"), "{err}");
        let (code, out, err) = ran(store, true, "note 'kilim craft' Pricing review");
        assert_eq!(
            (code, out.as_str()),
            (0, "n44 on Kilim Craft (s3)\n"),
            "{err}"
        );
        assert_eq!(store.portfolio().unwrap().notes.len(), notes + 1);
        // show and list over SSH, as at home, for a user who only reads.
        let (code, out, err) = ran(store, false, "show startup Kilim Craft");
        assert_eq!(code, 0, "{err}");
        assert!(
            out.starts_with("startup s3\nName       Kilim Craft\n"),
            "{out}"
        );
        let (code, out, err) = ran(store, false, "list startup --mentor aysel --status active");
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("s19\tİpək Thread\t"), "{out}");
        // ssh joins its words: a name of two words after --mentor is one.
        let (code, two_words, err) = ran(
            store,
            false,
            "list startup --mentor Aysel Hüseynova --status active",
        );
        assert_eq!((code, two_words.as_str()), (0, out.as_str()), "{err}");
        // Search over SSH as at home: no hits is exit 1, an empty query 2.
        let (code, out, err) = ran(store, false, "search zzqqxxjj");
        assert_eq!((code, out.as_str()), (1, ""));
        assert_eq!(err, "No matches for \"zzqqxxjj\".\n");
        let (code, _, err) = ran(store, false, "search '  '");
        assert_eq!(code, 2, "{err}");
        let (code, out, _) = ran(store, true, "search --help");
        assert_eq!(code, 0);
        assert!(
            out.starts_with("Fuzzy search over every kind of record"),
            "{out}"
        );
    }
}
