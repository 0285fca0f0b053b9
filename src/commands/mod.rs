//! The commands, one file each: each takes what it was asked for, already
//! parsed, and writes into an [`Output`] passed to it — this process's
//! standard output and error, or buffers sent down an SSH channel — and
//! returns its exit status or a [`Failure`]. Parsing the command line and
//! choosing the command is `crate::cli`'s.

mod accept;
mod calendar;
mod check;
pub mod completions;
mod config;
mod export;
mod failure;
mod generate;
mod import;
mod init;
mod intake;
mod list;
mod manpage;
mod note;
mod output;
pub mod outside;
mod ranking;
mod report;
mod restore;
mod results;
mod search;
mod serve;
mod sessions;
mod show;
mod streamed;
mod summary;
mod table;
mod view;

pub use accept::{AcceptRequest, accept};
pub use calendar::{CalendarRequest, calendar};
pub use check::check;
pub use completions::{Shell, completions};
pub use config::{ConfigRequest, Origin, config};
pub use export::{SummaryRequest, as_of, export_all, export_cohort};
pub use failure::Failure;
pub use generate::{GenerateRequest, generate};
pub use import::{import, import_file, read_interchange};
pub use init::init;
pub use intake::{IntakeRequest, intake};
pub use list::{ListRequest, list};
pub use manpage::manpage;
pub use note::{NoteRequest, note};
pub use output::Output;
pub use ranking::{RankingRequest, ranking};
pub use report::{ReportRequest, period, report};
pub use restore::{list_snapshots, restore};
pub use results::{ResultsRequest, results};
pub use search::{SearchRequest, search};
pub use serve::{ServeRequest, check_users, serve};
pub use sessions::sessions;
pub use show::show;
pub use summary::summary;
pub use view::view;
