//! The command line (a firm contract: see DESIGN.md).

use std::path::{Path, PathBuf};

use crate::commands::{
    CalendarRequest, Failure, RankingRequest, ReportRequest, ResultsRequest, SearchRequest,
    SummaryRequest, as_of, period,
};
use crate::export::summary::SummaryFormat;
use crate::model::{Kind, NoteKind, Status};
use crate::report::Grouping;
use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "incubator",
    version,
    about = "The portfolio of an innovation center's incubation and acceleration programs",
    after_help = "With no command, shows the portfolio at a glance. The database is --db PATH, else $INCUBATOR_DB, \
                  else the platform data folder. `incubator init` makes it (the sample portfolio, or nothing with --empty), \
                  as do import and the full-screen view; other commands refuse a missing database (exit 2)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The database folder
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "INCUBATOR_DB",
        hide_env_values = true
    )]
    pub db: Option<PathBuf>,
    /// With init (or the full-screen view's first run): make the new database empty, not the sample
    #[arg(long, global = true)]
    pub empty: bool,
    /// The config file (default: $INCUBATOR_CONFIG, else config.toml in the platform config folder)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make the database: the sample portfolio, or nothing with --empty
    #[command(
        after_help = "Refuses a database that is already there. Besides init, only import (empty, then the file) \
                      and the full-screen view (incubator in a terminal) make a missing database; \
                      every other command refuses one, exit 2."
    )]
    Init,
    /// Load an interchange file (all or nothing)
    Import {
        /// The file to load (`incubator export all` writes one)
        file: PathBuf,
        /// Replace the whole portfolio with the file's
        #[arg(long)]
        replace: bool,
    },
    /// Write the portfolio out
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Fuzzy search over every kind of record
    Search(SearchArgs),
    /// Add a note to a startup; prints what it wrote and where (n44 on Kilim Craft (s3))
    Note {
        /// The startup: its id or its whole name (in quotes); anything else is refused with the closest
        #[arg(value_name = "STARTUP", add = super::names::startups())]
        startup: String,
        /// Who wrote it (default: display_name in the config file, else your login name; over SSH, the signed-in user, and NAME makes it "USER for NAME")
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
        /// note, session or milestone
        #[arg(long, value_parser = parse_note_kind, default_value = "note")]
        kind: NoteKind,
        /// The note; `-` reads it from standard input
        #[arg(required = true, num_args = 1.., value_name = "TEXT")]
        text: Vec<String>,
    },
    /// Accept applications: each becomes a startup in its call's cohort (one transaction each)
    #[command(
        after_help = "The startup takes the application's name, one-liner, sector and founders, and the \
                      application is marked accepted and linked to it. An application accepted before is \
                      left as it is. A cohort over its places is warned about, not refused."
    )]
    Accept {
        /// Each an application's id or its whole name (in quotes); anything else is refused with the closest
        #[arg(required = true, num_args = 1.., value_name = "APPLICATION")]
        applications: Vec<String>,
    },
    /// Applications to a call from a form tool's CSV export (all or nothing)
    #[command(
        after_help = "Reads Google Forms, Typeform and Microsoft Forms exports: a header row, one application a row, \
                      comma or semicolon separated, UTF-8 with or without a BOM. Columns are guessed from the header \
                      (Company name/Startup -> name, Email -> founder_email, Timestamp -> submitted_at, ...); every other \
                      column is an answer whose question is its header, added to the call's questions if new. \
                      Fields for --map: name, one_liner, sector, founder_name, founder_email, founder_role, submitted_at. \
                      A row with the same founder email and name as an application to the call is left out as a duplicate."
    )]
    Intake {
        /// The call: its id or its whole name (in quotes)
        #[arg(value_name = "CALL")]
        call: String,
        /// The CSV file the form tool exported
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
        /// Read this field from this column, whatever the guess (--map name="Şirkətin adı"); repeatable
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        maps: Vec<String>,
        /// Print what would be made, and write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Print one record: every field, names in place of ids
    Show {
        /// startup, cohort, mentor, demo-day or note
        #[arg(value_parser = parse_kind)]
        kind: Kind,
        /// Its id or its name (several words are one name; a note: its id)
        #[arg(required = true, num_args = 1.., value_name = "ID|NAME")]
        record: Vec<String>,
        /// The record in the interchange format
        #[arg(long)]
        json: bool,
    },
    /// List the records of a kind, one a line (tab-separated)
    #[command(
        after_help = "Startups: id, name, stage, status, cohort, mentors. Cohorts: id, name, program, start, end. \
                      Mentors: id, name, organization, load/capacity. Demo days: id, date and venue, cohort, pitches. \
                      Notes: id, startup, date, author, first line. Which are my startups? list startup --mentor NAME"
    )]
    List {
        /// startup, cohort, mentor, demo-day or note
        #[arg(value_parser = parse_kind)]
        kind: Kind,
        /// Only in this cohort (id or name): startups, demo days
        #[arg(long, value_name = "COHORT", add = super::names::cohorts())]
        cohort: Option<String>,
        /// Only those this mentor (id or name) mentors: startups
        #[arg(long, value_name = "MENTOR")]
        mentor: Option<String>,
        /// Only with this status (applicant, active, graduated, paused, dropped): startups
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
        /// One JSON array of the records in the interchange format
        #[arg(long)]
        json: bool,
    },
    /// Verify the database; exits non-zero if it is damaged
    Check,
    /// Who is connected to the server holding the database: user, role, since when, idle, screen
    #[command(
        after_help = "Runs in `incubator serve`'s process: on its machine (sent to the server), or over SSH \
                      by a coordinator (ssh HOST sessions). Without a server: exit 2."
    )]
    Sessions,
    /// Rank a call's applications by their reviews: the table a selection panel signs off
    #[command(
        after_help = "Score: each review's weighted mean as a z-score against its reviewer's own mean and spread \
                      (3 or more reviews in the call, with some spread), else against the whole call's; \
                      a review declaring a conflict counts for nothing. For coordinators and staff, not mentors."
    )]
    Ranking(RankingArgs),
    /// A demo day's pitches ranked by their judges' scores: each judge's score and comments
    #[command(
        after_help = "Score: each judge's weighted mean over the demo day's criteria; a pitch's score is the mean \
                      over the judges who scored every criterion. --no-comments leaves the judges' comments out, \
                      for the version shared with founders. A judge reads only their demo day's, once judging is closed."
    )]
    Results(ResultsArgs),
    /// The impact report for funders: startups supported, outcomes, survival and growth since baseline
    #[command(
        after_help = "Counts the startups placed in a cohort running in the period, by cohort, program, sector or year: \
                      outcomes, survival 1-3 years from cohort end, jobs, revenue, customers and funding from each \
                      startup's baseline (its first KPI snapshot on or after its cohort's start) to its latest by --to, \
                      follow-on rounds, founders, sessions and office hours; an appendix lists the startups behind \
                      the figures, and a figure from fewer than 3 startups is marked. Nothing dated after --to counts: \
                      the same database and --to write the same report. For coordinators and staff."
    )]
    Report(ReportArgs),
    /// The program's dates as an iCalendar file: office hours, demo days, cohorts' first and last days
    #[command(
        after_help = "Opens in Google Calendar, Outlook and Thunderbird; importing it again updates the events \
                      rather than adding them twice. With --mentor, that mentor's office hours, free ones too; \
                      with --cohort, the cohort's dates, demo days and the office hours its startups booked."
    )]
    Calendar(CalendarArgs),
    /// List the snapshots kept beside the database, or restore one
    #[command(
        after_help = "Without FILE, lists the snapshots (newest first) with their date and counts. \
                      With one, checks it, keeps a snapshot of the portfolio it replaces, and replaces it; \
                      a damaged database is moved aside whole instead. A missing one is refused: `import FILE` makes one."
    )]
    Restore {
        /// A snapshot's name from the list, or any file `export all` wrote
        file: Option<PathBuf>,
    },
    /// Serve the full-screen view to every SSH connection (one process owns the database)
    #[command(
        after_help = "Users and their keys come from the users file (see the README). The host key is made on \
                      first start and kept; the server prints its fingerprint and the ssh command that connects. \
                      SIGTERM or Ctrl-C ends every session and stops."
    )]
    Serve {
        /// The address and port to listen on
        #[arg(long, default_value = "127.0.0.1:2222", value_name = "ADDRESS:PORT")]
        listen: std::net::SocketAddr,
        /// Who may connect: names, roles and public keys
        #[arg(long, default_value = "users.toml", value_name = "FILE")]
        users: PathBuf,
        /// The server's private key, made there if missing (default: beside the database)
        #[arg(long, value_name = "PATH")]
        host_key: Option<PathBuf>,
        /// The most terminal sessions at once
        #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u64).range(1..=10_000))]
        max_sessions: u64,
        /// A session with no key for this many minutes ends
        #[arg(long, default_value_t = 30, value_name = "MINUTES", value_parser = clap::value_parser!(u64).range(1..))]
        idle_minutes: u64,
        /// Where SSH users' exports go, a folder each (default: beside the database)
        #[arg(long, value_name = "FOLDER")]
        exports: Option<PathBuf>,
        /// Tell users they may scp their exports from this host (its own sshd; serve speaks no scp)
        #[arg(long, value_name = "[USER@]HOST")]
        scp_host: Option<String>,
        /// Write the log here (default: $XDG_STATE_HOME/incubator/serve.log)
        #[arg(long, value_name = "FILE")]
        log: Option<PathBuf>,
        /// Serve Prometheus metrics on GET /metrics at this address
        #[arg(long, value_name = "ADDRESS:PORT")]
        metrics: Option<std::net::SocketAddr>,
        #[command(flatten)]
        limits: ServeLimits,
        /// Check a users file (every problem with its line) and stop: nothing is served
        #[arg(long, value_name = "FILE")]
        check_users: Option<PathBuf>,
    },
    /// Print a shell's completion script: commands, flags, cohort and startup names
    #[command(
        after_help = "Load it in bash with `source <(incubator completions bash)` (or save it as \
                      ~/.local/share/bash-completion/completions/incubator); zsh: save it as _incubator in a \
                      folder on $fpath; fish: ~/.config/fish/completions/incubator.fish; PowerShell: add \
                      `incubator completions powershell | Out-String | Invoke-Expression` to $PROFILE. \
                      The script runs incubator at each Tab, so names come from the database (--db, $INCUBATOR_DB)."
    )]
    Completions {
        /// bash, zsh, fish or powershell
        #[arg(value_enum)]
        shell: crate::commands::Shell,
    },
    /// Write the manual page, incubator.1
    Manpage {
        /// Write incubator.1 into this folder instead of standard output
        #[arg(short, long, value_name = "FOLDER")]
        output: Option<PathBuf>,
    },
    /// Print the settings in effect and where each came from (a flag, the environment, the file's line, the default)
    #[command(
        after_help = "Keys in the config file the program does not know are told with their line, and exit 2."
    )]
    Config,
    /// Write a generated portfolio of any size, for benchmarks (hidden)
    #[command(hide = true)]
    Generate {
        /// How many startups: with 10 notes each, a mentor per 20 and a cohort per 100
        #[arg(long)]
        startups: usize,
        /// The same seed gives the same portfolio
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write to this file instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only the startups' names, one a line (for line-oriented matchers)
        #[arg(long)]
        names: bool,
        /// Import it into the database (--db; made when missing) in parts, for sizes one import cannot hold
        #[arg(long, conflicts_with_all = ["output", "names"])]
        into_db: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// The whole portfolio in the interchange format
    All {
        /// Write to this file instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// A cohort's summary for a report: Markdown, CSV or JSON
    Cohort(CohortArgs),
}

/// `search`'s arguments.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for; several words are one query (search Kilim Craft)
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only this kind: startup, cohort, mentor, demo-day, note
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<Kind>,
    /// At most this many hits
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,
    /// One JSON array for scripts
    #[arg(long)]
    pub json: bool,
}

impl SearchArgs {
    pub fn request(&self) -> SearchRequest {
        SearchRequest {
            // The words are the query, as over SSH, where the shell's
            // quotes never arrive.
            query: self.query.join(" "),
            kind: self.kind,
            limit: self.limit,
            json: self.json,
        }
    }
}

/// `export cohort`'s arguments.
#[derive(Debug, Args)]
pub struct CohortArgs {
    /// The cohort: its id or name
    #[arg(add = super::names::cohorts())]
    pub cohort: String,
    /// md, csv, json or xlsx (an Excel workbook: needs -o)
    #[arg(long, value_parser = parse_format)]
    pub format: SummaryFormat,
    /// Write to this file (or into this folder) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
    /// The day the summary is for (default: today), for a report that can be made again
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// CSV for Excel: start with a byte order mark so letters such as ə and Hangul show right
    #[arg(long)]
    pub excel: bool,
}

impl CohortArgs {
    /// The request `export cohort` was given, checked (before any
    /// database is opened).
    pub fn request(&self) -> Result<SummaryRequest<'_>, Failure> {
        let as_of = as_of(self.as_of.as_deref())?;
        if self.excel && self.format != SummaryFormat::Csv {
            return Err(Failure::new(2, "--excel goes with --format csv"));
        }
        Ok(SummaryRequest {
            cohort: &self.cohort,
            format: self.format,
            output: self.output.as_deref(),
            force: self.force,
            as_of,
            excel: self.excel,
        })
    }
}

/// `calendar`'s arguments.
#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// Only this mentor's (id or name): their office hours, free ones too
    #[arg(long, value_name = "MENTOR")]
    pub mentor: Option<String>,
    /// Only this cohort's (id or name)
    #[arg(long, value_name = "COHORT", add = super::names::cohorts())]
    pub cohort: Option<String>,
    /// Write to this file (or into this folder) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
}

impl CalendarArgs {
    pub fn request(&self) -> CalendarRequest<'_> {
        CalendarRequest {
            mentor: self.mentor.as_deref(),
            cohort: self.cohort.as_deref(),
            output: self.output.as_deref(),
            force: self.force,
        }
    }
}

/// `ranking`'s arguments.
#[derive(Debug, Args)]
pub struct RankingArgs {
    /// The call: its id or name
    pub call: String,
    #[command(flatten)]
    pub table: TableOutput,
}

/// How a table (a call's ranking, a demo day's results) is written: its
/// format, and the file it goes to.
#[derive(Debug, Args)]
pub struct TableOutput {
    /// md, csv, json or xlsx (an Excel workbook: needs -o)
    #[arg(long, value_parser = parse_format, default_value = "md")]
    pub format: SummaryFormat,
    /// Write to this file (or into this folder) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
    /// CSV for Excel: start with a byte order mark so letters such as ə and Hangul show right
    #[arg(long)]
    pub excel: bool,
}

impl TableOutput {
    /// The format to write, refusing `--excel` on anything but CSV.
    fn format(&self) -> Result<SummaryFormat, Failure> {
        if self.excel && self.format != SummaryFormat::Csv {
            return Err(Failure::new(2, "--excel goes with --format csv"));
        }
        Ok(self.format)
    }
}

impl RankingArgs {
    /// The request `ranking` was given, checked (before any database is
    /// opened).
    pub fn request(&self) -> Result<RankingRequest<'_>, Failure> {
        Ok(RankingRequest {
            call: &self.call,
            format: self.table.format()?,
            output: self.table.output.as_deref(),
            force: self.table.force,
            excel: self.table.excel,
        })
    }
}

/// Refuses a format that is not text (xlsx) without `-o`: a workbook's
/// bytes are never sent to a terminal. (Over SSH, where `-o` is refused,
/// standard output is the user's to redirect.)
pub fn needs_file(format: SummaryFormat, output: Option<&Path>) -> Result<(), Failure> {
    if format.is_text() || output.is_some() {
        return Ok(());
    }
    Err(Failure::new(
        2,
        format!("--format {format} writes an Excel workbook, not text: name its file with -o FILE"),
    ))
}

/// `report`'s arguments.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Count cohorts running on or after this day (default: every one)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The report's day: figures as they were on it (default: today)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Group the figures by cohort, program, sector or year
    #[arg(long, value_parser = parse_grouping, default_value = "cohort", value_name = "GROUPING")]
    pub by: Grouping,
    #[command(flatten)]
    pub table: TableOutput,
}

impl ReportArgs {
    /// The request `report` was given, checked before any database is opened.
    pub fn request(&self) -> Result<ReportRequest<'_>, Failure> {
        Ok(ReportRequest {
            period: period(self.from.as_deref(), self.to.as_deref())?,
            by: self.by,
            format: self.table.format()?,
            output: self.table.output.as_deref(),
            force: self.table.force,
            excel: self.table.excel,
        })
    }
}

fn parse_grouping(text: &str) -> Result<Grouping, String> {
    text.parse()
}

/// `results`' arguments.
#[derive(Debug, Args)]
pub struct ResultsArgs {
    /// The demo day: its id (or its venue or cohort)
    pub demo_day: String,
    #[command(flatten)]
    pub table: TableOutput,
    /// Leave the judges' comments out: the version shared with founders
    #[arg(long)]
    pub no_comments: bool,
}

impl ResultsArgs {
    /// The request `results` was given, checked before any database is opened.
    pub fn request(&self) -> Result<ResultsRequest<'_>, Failure> {
        Ok(ResultsRequest {
            demo_day: &self.demo_day,
            format: self.table.format()?,
            output: self.table.output.as_deref(),
            force: self.table.force,
            excel: self.table.excel,
            no_comments: self.no_comments,
        })
    }
}

fn parse_kind(text: &str) -> Result<Kind, String> {
    text.parse()
}

fn parse_format(text: &str) -> Result<SummaryFormat, String> {
    text.parse()
}

fn parse_status(text: &str) -> Result<Status, String> {
    text.parse()
}

fn parse_note_kind(text: &str) -> Result<NoteKind, String> {
    text.parse()
}

/// How much `incubator serve` holds at most (README: "Limits").
#[derive(Debug, Clone, clap::Args)]
pub struct ServeLimits {
    /// A connection that has not signed in within this many seconds is dropped
    #[arg(long, default_value_t = 30, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub login_grace_seconds: u64,
    /// The most connections open at once, signed in or not
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_connections: u64,
    /// The most connections still signing in at once
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_unauthenticated: u64,
    /// The most connections still signing in from one address
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_unauthenticated_per_address: u64,
    /// The most commands over SSH (ssh HOST export all) running at once
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub max_commands: u64,
    /// The most commands over SSH one user runs at once
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub max_commands_per_user: u64,
    /// A client that takes none of its output for this many seconds is disconnected
    #[arg(long, default_value_t = 60, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub stall_seconds: u64,
}

impl ServeLimits {
    pub fn limits(&self) -> crate::serve::Limits {
        let count = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        crate::serve::Limits {
            login_grace: std::time::Duration::from_secs(self.login_grace_seconds),
            max_connections: count(self.max_connections),
            max_unauthenticated: count(self.max_unauthenticated),
            max_unauthenticated_per_address: count(self.max_unauthenticated_per_address),
            max_commands: count(self.max_commands),
            max_commands_per_user: count(self.max_commands_per_user),
            stall: std::time::Duration::from_secs(self.stall_seconds),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every argument of every command says what it is in `--help`.
    #[test]
    fn every_argument_has_a_description() {
        fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if ["help", "version"].contains(&id) {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in command.get_subcommands() {
                if sub.get_about().is_none() {
                    missing.push(format!("{path} {} (the command)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "incubator", &mut missing);
        assert!(missing.is_empty(), "no description: {missing:?}");
    }

    #[test]
    fn note_help_says_where_the_author_comes_from() {
        let mut command = Cli::command();
        let help = command
            .find_subcommand_mut("note")
            .expect("note")
            .render_help()
            .to_string();
        assert!(help.contains("display_name in the config file"), "{help}");
        assert!(help.contains("over SSH, the signed-in user"), "{help}");
    }
}
