//! One function per command.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use crate::attention::attention;
use crate::backup::{self, Reason, RestoreError};
use crate::config::Config;
use crate::export::summary::{CohortSummary, SummaryFormat, default_file_name};
use crate::export::write_atomically;
use crate::interchange;
use crate::interchange::parse_date;
use crate::interchange::reading::{ReadError, read_document};
use crate::model::*;
use crate::resolve::resolve;
use crate::search::SearchIndex;
use crate::store::swap::ReplaceError;
use crate::store::{CheckReport, Store, StoreError, login_name};
use crate::text::sanitize_line;
use crate::workspace::{self, Opened};
use chrono::{Local, NaiveDate, SubsecRound, Utc};
use serde_json::json;

use super::Failure;
use super::args::CohortArgs;
use super::output::{print, print_bytes, tell, write_file};
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
    let user = config
        .display_name
        .clone()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(login_name);
    let launch = crate::term::Launch {
        keymap,
        color,
        notice,
        export_folder,
        user,
        access: crate::store::Access::Everything,
        remote: None,
        signs_in: Vec::new(),
    };
    crate::term::run(&opened.store, launch)
        .map_err(|e| Failure::new(1, format!("the terminal failed: {e}")))?;
    // A clean end (q, SIGTERM, SIGHUP): keep a snapshot if anything changed.
    if let Err(e) = backup::snapshot_at_shutdown(&opened.store) {
        eprintln!("incubator: {}", sanitize_line(&e.to_string()));
    }
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
/// Read as a stream within limits (its size, any one text's length,
/// UTF-8): a huge file is refused without being read into memory.
pub fn read_interchange(file: &Path) -> Result<Parsed, Failure> {
    read_document(file).map_err(|e| match e {
        ReadError::Io { .. } => Failure::new(2, e.to_string()),
        e => Failure::new(2, format!("{e}; nothing imported")),
    })
}

pub fn import(db: &Path, file: &Path, parsed: Parsed, replace: bool) -> Result<ExitCode, Failure> {
    let shown = file.display();
    let refused = |e: StoreError| match e {
        StoreError::ImportRefused { .. } => {
            Failure::new(2, format!("{shown}: nothing imported; {e}"))
        }
        other => other.into(),
    };
    let settings = crate::backup::settings();
    if !replace {
        let what = format!("the import of {shown}");
        let report = workspace::import_into(db, &what, |store| {
            // The day's first write keeps the day's snapshot.
            backup::enable(store, settings);
            store.import(&login_name(), parsed, false)
        })
        .map_err(refused)?;
        eprintln!(
            "Imported {} from {shown} into {}.",
            report.summary,
            db.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    // What --replace replaces is kept first; no copy, no import.
    let (report, kept) = crate::backup::replace(
        db,
        &login_name(),
        parsed,
        Reason::BeforeImport,
        settings,
        None,
    )
    .map_err(|e| match e {
        ReplaceError::Store(e) => refused(e),
        ReplaceError::Keep(e) => Failure::new(
            1,
            format!(
                "{shown}: nothing imported; the portfolio it would replace could not be kept: {e}"
            ),
        ),
    })?;
    let replaced = match (&kept.snapshot, &kept.aside) {
        (Some(snapshot), aside) => format!(
            "{} records (kept in {}{})",
            report.replaced,
            snapshot.path.display(),
            aside
                .as_ref()
                .map(|a| format!("; the damaged database was moved to {}", a.display()))
                .unwrap_or_default()
        ),
        (None, Some(aside)) => format!("the damaged database (moved to {})", aside.display()),
        (None, None) => format!("{} records", report.replaced),
    };
    eprintln!(
        "Imported {} from {shown} into {}, replacing {replaced}.",
        report.summary,
        db.display(),
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

impl<'a> SummaryRequest<'a> {
    /// The request `export cohort` was given, checked (before any
    /// database is opened).
    pub fn from_args(args: &'a CohortArgs) -> Result<SummaryRequest<'a>, Failure> {
        let as_of = as_of(args.as_of.as_deref())?;
        if args.excel && args.format != SummaryFormat::Csv {
            return Err(Failure::new(2, "--excel goes with --format csv"));
        }
        Ok(SummaryRequest {
            cohort: &args.cohort,
            format: args.format,
            output: args.output.as_deref(),
            force: args.force,
            as_of,
            excel: args.excel,
        })
    }
}

/// `allowed` refuses an output file where none may go (inside the database).
pub fn export_cohort(
    opened: &Opened,
    request: &SummaryRequest,
    allowed: impl Fn(&Path) -> Result<(), Failure>,
) -> Result<ExitCode, Failure> {
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
            allowed(&path)?;
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
    // perf: search reads only what it needs: the notes, most of a
    // portfolio, only when they are searched.
    let portfolio = match kind {
        Some(kind) if kind != Kind::Note => opened.store.portfolio_without_notes()?,
        _ => opened.store.portfolio()?,
    };
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
        let query = crate::text::shorten(&sanitize_line(query), 40);
        tell(&format!("No matches for {query:?}."));
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

/// `remote_user`: over SSH, the user who connected, who is then the
/// note's author and the writer in its history; there `--author NAME`
/// means on NAME's behalf ("USER for NAME"), which the store takes from a
/// coordinator only.
pub fn note(
    opened: &Opened,
    startup: &str,
    author: Option<String>,
    kind: NoteKind,
    text: &[String],
    remote_user: Option<&str>,
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
    let who = remote_user.map_or_else(login_name, str::to_string);
    let note = Note {
        id: String::new(),
        startup: target.id().to_string(),
        author: match (remote_user, author) {
            (Some(user), Some(author)) if !author.trim().is_empty() && author.trim() != user => {
                format!("{user} for {}", author.trim())
            }
            (Some(user), _) => user.to_string(),
            (None, Some(author)) => author,
            (None, None) => Config::load()
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
    // Damage found refuses writes until a restore; sound lifts that.
    store.remember_check(&report);
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
    let snapshots = backup::list(store.path()).unwrap_or_default();
    match snapshots.first() {
        Some(latest) => out.push_str(&format!(
            "  {} snapshot(s) in {}, the latest {} ({})\n",
            snapshots.len(),
            backup::folder(store.path()).display(),
            latest.name,
            latest.when()
        )),
        None => out.push_str(&format!(
            "  no snapshots yet in {}\n",
            backup::folder(store.path()).display()
        )),
    }
    if report.is_sound() {
        out.push_str("Sound.\n");
        print(&out)?;
        Ok(ExitCode::SUCCESS)
    } else {
        out.push_str(&report.damage_lines());
        out.push_str(&format!("Next: {}\n", crate::backup::advice(store.path())));
        print(&out)?;
        Ok(ExitCode::from(1))
    }
}

/// `restore` without a file: the snapshots, newest first, with when they
/// were taken, why, and what they hold.
pub fn list_snapshots(db: &Path) -> Result<ExitCode, Failure> {
    // Someone else's folder is not listed as if it were a database.
    crate::store::recognise(db)?;
    let folder = backup::folder(db);
    let snapshots = backup::list(db).map_err(|e| {
        Failure::new(
            1,
            format!("cannot read the backups folder {}: {e}", folder.display()),
        )
    })?;
    if snapshots.is_empty() {
        print(&format!(
            "No snapshots of {} yet (they go in {}): one is written at the first change of each day, \
             when the full-screen view closes, and before a restore or import --replace.\n",
            db.display(),
            folder.display()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = snapshots
        .iter()
        .map(|s| {
            let holds = match s.counts() {
                Ok(counts) => counts.to_string(),
                Err(reason) => format!("cannot be read: {reason}"),
            };
            vec![
                s.name.clone(),
                s.when(),
                s.reason.describe().to_string(),
                holds,
            ]
        })
        .collect();
    let mut out = format!(
        "Snapshots of {} in {}, newest first:\n",
        db.display(),
        folder.display()
    );
    out.push_str(&columns(&rows));
    out.push_str(&format!(
        "Restore one with: {}\n",
        crate::backup::restore_command(db, "NAME")
    ));
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `restore FILE`: check it, keep what it replaces, replace the portfolio.
pub fn restore(db: &Path, name: &Path) -> Result<ExitCode, Failure> {
    let fail = |e: RestoreError| Failure::new(e.exit_code() as u8, e.to_string());
    let file = crate::backup::resolve(db, name).map_err(|e| match e {
        RestoreError::Store(e) => Failure::from(e),
        e => fail(e),
    })?;
    let restored = crate::backup::restore(db, &file, &login_name(), crate::backup::settings())
        .map_err(|e| match e {
            RestoreError::Store(e) => Failure::from(e),
            e => fail(e),
        })?;
    eprintln!(
        "Restored {} from {} into {}{}.",
        restored.summary,
        file.display(),
        db.display(),
        restored.kept.describe()
    );
    Ok(ExitCode::SUCCESS)
}

/// `generate` (hidden): a portfolio of any size, as an interchange
/// document, or only its startups' names, or imported into a new
/// database (`into_db`).
pub fn generate(
    startups: usize,
    seed: u64,
    output: Option<&Path>,
    names: bool,
    into_db: Option<&Path>,
) -> Result<ExitCode, Failure> {
    let portfolio = crate::generate::portfolio(startups, seed);
    if let Some(db) = into_db {
        let summary = portfolio.summary();
        workspace::import_into(db, "generate --into-db", |store| {
            crate::generate::import_in_chunks(store, portfolio)
        })?;
        eprintln!("Generated {summary} into {}.", db.display());
        return Ok(ExitCode::SUCCESS);
    }
    let text = if names {
        crate::generate::names(&portfolio)
    } else {
        interchange::to_json(&portfolio, Utc::now())
    };
    match output {
        None => print(&text)?,
        Some(path) => {
            write_file(path, &text)?;
            eprintln!("Generated {} into {}.", portfolio.summary(), path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What `serve` was asked for.
pub struct ServeRequest<'a> {
    pub listen: std::net::SocketAddr,
    pub users: &'a Path,
    pub host_key: Option<&'a Path>,
    pub max_sessions: usize,
    pub idle: std::time::Duration,
    pub exports: Option<&'a Path>,
    pub scp_host: Option<String>,
    pub limits: crate::serve::Limits,
}

/// Where SSH users' exports go: `--exports`, else beside the database
/// `db`; absolute (the export dialog shows it), never inside `db`.
fn exports_folder(given: Option<&Path>, db: &Path) -> Result<std::path::PathBuf, Failure> {
    let folder = given.map_or_else(
        || crate::serve::Exports::beside(db).folder,
        Path::to_path_buf,
    );
    let folder = std::path::absolute(&folder).unwrap_or(folder);
    super::outside::refuse_inside_database(db, &folder)?;
    Ok(folder)
}

/// Serve the database over SSH until SIGTERM or Ctrl-C.
pub fn serve(
    open: impl FnOnce() -> Result<Opened, Failure>,
    request: &ServeRequest,
) -> Result<ExitCode, Failure> {
    use crate::serve::{self, Settings, Users, host_key};
    // The file is checked before the database is opened (a typo must not
    // leave a new database behind), its mentors against the portfolio after.
    Users::load(request.users, |_| true).map_err(|e| Failure::new(2, e))?;
    let store = open()?.store;
    let users = Users::load(request.users, |id| {
        store.contains(Kind::Mentor, id).unwrap_or(false)
    })
    .map_err(|e| Failure::new(2, e))?;
    for problem in users.problems() {
        tell(&format!("incubator: {}:{problem}", request.users.display()));
    }
    if users.is_empty() {
        return Err(Failure::new(
            2,
            format!(
                "{}: no [[user]] in it, so nobody could connect",
                request.users.display()
            ),
        ));
    }
    let exports = exports_folder(request.exports, store.path())?;
    let key_path = request
        .host_key
        .map_or_else(|| host_key::default_path(store.path()), Path::to_path_buf);
    let (key, made) = host_key::load_or_create(&key_path).map_err(|e| Failure::new(1, e))?;
    if made {
        tell(&format!(
            "incubator: made a new host key at {}",
            key_path.display()
        ));
    }
    let settings = Settings {
        listen: request.listen,
        users,
        host_key: key,
        max_sessions: request.max_sessions,
        idle_timeout: request.idle,
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        exports: serve::Exports {
            folder: exports,
            scp_host: request.scp_host.clone(),
        },
        limits: request.limits.clone(),
    };
    serve::run(store.clone(), settings).map_err(|e| Failure::new(1, e))?;
    // A clean stop: keep a snapshot if anything changed.
    if let Err(e) = backup::snapshot_at_shutdown(&store) {
        tell(&format!("incubator: {}", sanitize_line(&e.to_string())));
    }
    Ok(ExitCode::SUCCESS)
}
