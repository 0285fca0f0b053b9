//! One function per command.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use chrono::{Local, NaiveDate, SubsecRound, Utc};
use incubator::attention::attention;
use incubator::config::Config;
use incubator::export::interchange::{self, Parsed};
use incubator::export::summary::{CohortSummary, SummaryFormat, default_file_name};
use incubator::export::{parse_date, write_atomically};
use incubator::model::*;
use incubator::resolve::resolve;
use incubator::search::SearchIndex;
use incubator::store::{CheckReport, Store, StoreError, login_name};
use incubator::text::sanitize_line;
use incubator::workspace::{self, Opened};
use serde_json::json;

use super::Failure;
use super::output::{print, print_bytes, write_file};
use super::table::columns;

/// The full-screen view, on this terminal.
pub fn browse(opened: &Opened) -> Result<ExitCode, Failure> {
    let config = Config::load().map_err(|e| Failure::new(2, e))?;
    let keymap = config.keymap().map_err(|e| Failure::new(2, e))?;
    // https://no-color.org: any non-empty value turns colour off.
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let notice = opened
        .loaded_sample
        .as_ref()
        .map(|loaded| format!("New database with the sample portfolio: {loaded}"));
    let export_folder = match config.export_folder() {
        Some(folder) => folder,
        None => std::env::current_dir().unwrap_or_else(|_| ".".into()),
    };
    let launch = incubator::term::Launch {
        keymap,
        color,
        notice,
        export_folder,
    };
    incubator::term::run(&opened.store, launch)
        .map_err(|e| Failure::new(1, format!("the terminal failed: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// When standard output is not a terminal: the portfolio at a glance.
pub fn summary(opened: &Opened) -> Result<ExitCode, Failure> {
    let store = &opened.store;
    let p = store.portfolio()?;
    let today = Local::now().date_naive();
    let mut out = format!(
        "Portfolio at {}\n  {}\n",
        store.path().display(),
        p.summary()
    );

    if !p.cohorts.is_empty() {
        out.push_str("\nCohorts\n");
        let rows: Vec<Vec<String>> = p
            .cohorts
            .iter()
            .map(|c| {
                vec![
                    c.id.clone(),
                    c.name.clone(),
                    c.program.to_string(),
                    format!("{} – {}", c.start, c.end),
                    c.status_on(today).to_string(),
                    format!("{}/{} places", c.enrolled(&p.startups), c.capacity),
                ]
            })
            .collect();
        out.push_str(&columns(&rows));
    }

    let a = attention(&p, today);
    if !a.is_empty() {
        out.push_str("\nNeeds attention\n");
        let mut rows = Vec::new();
        for (d, days) in &a.upcoming_demo_days {
            let when = match days {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            rows.push(vec![
                d.id.clone(),
                format!("Demo day {}", d.at.format("%Y-%m-%d %H:%M")),
                format!("{when}, {}", d.venue),
            ]);
        }
        for (m, load) in &a.overloaded_mentors {
            rows.push(vec![
                m.id.clone(),
                m.name.clone(),
                format!(
                    "mentoring {} active startups, capacity {}",
                    load.active, load.capacity
                ),
            ]);
        }
        for (c, enrolled) in &a.full_cohorts {
            rows.push(vec![
                c.id.clone(),
                c.name.clone(),
                format!("{enrolled} of {} places taken", c.capacity),
            ]);
        }
        for (s, days) in &a.quiet_startups {
            let since = match days {
                Some(d) => format!("no note for {d} days"),
                None => "no notes yet".to_string(),
            };
            rows.push(vec![s.id.clone(), s.name.clone(), since]);
        }
        out.push_str(&columns(&rows));
    }
    out.push_str("\nTry: incubator search QUERY · incubator note STARTUP TEXT · incubator export all -o FILE · incubator --help\n");
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Read an interchange file, refusing one that is not a readable document.
pub fn read_interchange(file: &Path) -> Result<Parsed, Failure> {
    let shown = file.display();
    let text = fs::read(file)
        .map_err(|e| Failure::new(2, format!("cannot read {shown}: {}", io_reason(&e))))?;
    let text = String::from_utf8(text).map_err(|e| {
        Failure::new(
            2,
            format!(
                "{shown}: not UTF-8 text (byte {} is not valid); nothing imported",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    interchange::parse(&text)
        .map_err(|e| Failure::new(2, format!("{shown}: {e}; nothing imported")))
}

pub fn import(db: &Path, file: &Path, parsed: Parsed, replace: bool) -> Result<ExitCode, Failure> {
    let shown = file.display();
    let report = workspace::import_into(db, |store| store.import(&login_name(), parsed, replace))
        .map_err(|e| match e {
        StoreError::ImportRefused { .. } => {
            Failure::new(2, format!("{shown}: nothing imported; {e}"))
        }
        other => other.into(),
    })?;
    let replaced = if replace {
        format!(", replacing {} records", report.replaced)
    } else {
        String::new()
    };
    eprintln!(
        "Imported {} from {shown} into {}{replaced}.",
        report.summary,
        db.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn export_all(opened: &Opened, output: Option<&Path>) -> Result<ExitCode, Failure> {
    let portfolio = opened.store.portfolio()?;
    let text = interchange::to_json(&portfolio, Utc::now());
    match output {
        None => print(&text)?,
        Some(path) => {
            write_file(path, &text)?;
            eprintln!("Exported {} to {}.", portfolio.summary(), path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--as-of`, or today.
pub fn as_of(text: Option<&str>) -> Result<NaiveDate, Failure> {
    match text {
        None => Ok(Local::now().date_naive()),
        Some(text) => parse_date(text.trim()).map_err(|e| Failure::new(2, format!("--as-of: {e}"))),
    }
}

/// What `export cohort` was asked for.
pub struct SummaryRequest<'a> {
    pub cohort: &'a str,
    pub format: SummaryFormat,
    pub output: Option<&'a Path>,
    pub force: bool,
    pub as_of: NaiveDate,
    pub excel: bool,
}

pub fn export_cohort(opened: &Opened, request: &SummaryRequest) -> Result<ExitCode, Failure> {
    let portfolio = opened.store.portfolio()?;
    let cohorts: Vec<Record> = portfolio
        .cohorts
        .iter()
        .cloned()
        .map(Record::Cohort)
        .collect();
    let target = resolve(Kind::Cohort, request.cohort, &cohorts)?;
    let summary = CohortSummary::build(&portfolio, target.id(), request.as_of)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    let bytes = summary
        .render(request.format, request.excel)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    match request.output {
        None => print_bytes(&bytes)?,
        Some(path) => {
            // A folder gets the summary under its usual name.
            let path = match (&target, path.is_dir()) {
                (Record::Cohort(cohort), true) => {
                    path.join(default_file_name(cohort, request.as_of, request.format))
                }
                _ => path.to_path_buf(),
            };
            write_atomically(&path, &bytes, request.force)?;
            let startups = match summary.startups.len() {
                1 => "1 startup".to_string(),
                n => format!("{n} startups"),
            };
            eprintln!(
                "Wrote the {} summary of {} as of {} ({startups}) to {}.",
                request.format.label(),
                sanitize_line(&summary.cohort.name),
                request.as_of,
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn search(
    opened: &Opened,
    query: &str,
    kind: Option<Kind>,
    limit: u64,
    json: bool,
) -> Result<ExitCode, Failure> {
    let portfolio = opened.store.portfolio()?;
    let index = SearchIndex::build(&portfolio);
    let kinds = kind.map(|k| vec![k]);
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let hits = index.search(query, kinds.as_deref(), limit);
    if json {
        let hits: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| {
                json!({
                    "kind": h.kind.as_str(),
                    "id": h.id,
                    "name": h.name,
                    "startup": h.startup,
                    "field": h.field.as_str(),
                    "text": h.text,
                    "positions": h.positions,
                })
            })
            .collect();
        let mut text = serde_json::to_string_pretty(&hits).unwrap_or_default();
        text.push('\n');
        print(&interchange::escape_controls(text))?;
    } else if hits.is_empty() {
        eprintln!("No matches for {:?}.", sanitize_line(query));
    } else {
        let text: String = hits
            .iter()
            .map(|h| {
                format!(
                    "{}\t{}\t{}\t{}\n",
                    h.kind,
                    sanitize_line(&h.id),
                    sanitize_line(&h.name),
                    h.field.as_str()
                )
            })
            .collect();
        print(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn note(
    opened: &Opened,
    startup: &str,
    author: Option<String>,
    kind: NoteKind,
    text: &[String],
) -> Result<ExitCode, Failure> {
    let body = if text == ["-"] {
        let mut body = String::new();
        std::io::stdin().read_to_string(&mut body).map_err(|e| {
            Failure::new(2, format!("cannot read the note from standard input: {e}"))
        })?;
        body
    } else {
        text.join(" ")
    };
    if body.trim().is_empty() {
        return Err(Failure::new(2, "the note is empty; nothing saved"));
    }
    let store = &opened.store;
    let startups: Vec<Record> = store
        .list::<Startup>()?
        .into_iter()
        .map(|s| s.record.into())
        .collect();
    let target = resolve(Kind::Startup, startup, &startups)?;
    let who = login_name();
    let note = Note {
        id: String::new(),
        startup: target.id().to_string(),
        author: match author {
            Some(author) => author,
            None => Config::load()
                .map_err(|e| Failure::new(2, e))?
                .display_name
                .unwrap_or_else(|| who.clone()),
        },
        kind,
        created_at: Local::now().fixed_offset().trunc_subsecs(0),
        body,
    };
    let saved = store.create(&who, note.into())?;
    print(&format!("{}\n", saved.record.id()))?;
    Ok(ExitCode::SUCCESS)
}

pub fn check(store: &Store) -> Result<ExitCode, Failure> {
    let report: CheckReport = store.check()?;
    let schema = report
        .schema_version
        .map_or("missing".to_string(), |v| v.to_string());
    let mut out = format!(
        "Database {}\n  schema version {schema}\n  {}\n  {} history entries\n  checksum {:08x}\n",
        store.path().display(),
        report.summary,
        report.history_entries,
        report.checksum
    );
    if report.is_sound() {
        out.push_str("Sound.\n");
        print(&out)?;
        Ok(ExitCode::SUCCESS)
    } else {
        out.push_str(&format!("{} problem(s):\n", report.problems.len()));
        for problem in &report.problems {
            out.push_str(&format!("  {}\n", sanitize_line(problem)));
        }
        print(&out)?;
        Ok(ExitCode::from(1))
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder".into(),
        _ => e.to_string(),
    }
}
