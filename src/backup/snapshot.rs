//! Rotating snapshots: the whole portfolio in the interchange format, in a
//! folder beside the database (`portfolio.backups` for `portfolio`), so a
//! damaged disk or a bad import can be undone with `incubator restore`.
//!
//! A snapshot is written
//! - at the first write of each day (on a thread of its own: the write
//!   that sets it off returns at once; see [`Store::after_write`]),
//! - when the full-screen view closes, if anything was written since the
//!   last one ([`Store::snapshot_at_shutdown`]; one per day, the latest),
//! - before `restore` or `import --replace` replaces the portfolio, once
//!   the new one has been written beside it
//!   ([`Store::snapshot_before_replace`], from [`super::swap`]).
//!
//! Files are named `2026-11-28T093000Z-daily.json` (UTC), written under a
//! temporary name and linked into place whole, so a crash or a full disk
//! never leaves half a snapshot under a real name.
//!
//! Which is newest is not taken from the clock: a clock that ran ahead
//! once would name files in the future, and every later snapshot would
//! look older than they are. Each file's header carries a sequence number
//! (`"snapshot": 7`), one more than the highest in the folder when it was
//! written; snapshots are ordered by it, then by the time in their names
//! (files from before the sequence count as 0). The newest `kept` are
//! kept (14 unless the config says otherwise), and the one just written is
//! always among them. Only a write that landed prunes: the automatic
//! snapshots after a write, and a restore or `import --replace` once it
//! has committed ([`prune`]) — never a refused or failed one.
//!
//! Reading a consistent portfolio without stopping writes: every write
//! bumps a generation counter before and after its transaction (odd while
//! one runs); a read that saw no write start or end in between is a
//! snapshot of one moment. After a few tries it takes the write lock.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, Utc};

use super::{Result, Store, StoreError};
use crate::interchange;
use crate::interchange::reading::{Counts, count_document, read_document};
use crate::export::{WriteError, write_atomically};
use crate::model::{Portfolio, portfolio_problems};

/// Snapshots kept when the config does not say.
pub const DEFAULT_KEPT: usize = 14;

/// `2026-11-28T093000Z`: UTC, sortable, no colons (some systems forbid
/// them in file names).
pub(super) const STAMP: &str = "%Y-%m-%dT%H%M%SZ";
const STAMP_LEN: usize = 18;

/// Temporary files of a write cut short are removed once this old.
const STALE_TEMP: Duration = Duration::from_secs(600);

/// Why a snapshot was taken; part of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The first write of a day.
    Daily,
    /// The full-screen view closed.
    Shutdown,
    /// `restore` replaced the portfolio.
    BeforeRestore,
    /// `import --replace` replaced the portfolio.
    BeforeImport,
}

impl Reason {
    const ALL: [Reason; 4] = [
        Reason::Daily,
        Reason::Shutdown,
        Reason::BeforeRestore,
        Reason::BeforeImport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::Shutdown => "shutdown",
            Reason::BeforeRestore => "before-restore",
            Reason::BeforeImport => "before-import",
        }
    }

    /// For a listing: "first write of the day".
    pub fn describe(self) -> &'static str {
        match self {
            Reason::Daily => "first write of the day",
            Reason::Shutdown => "when the view closed",
            Reason::BeforeRestore => "replaced by a restore",
            Reason::BeforeImport => "replaced by import --replace",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A snapshot file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub path: PathBuf,
    /// The file name, which `restore` accepts.
    pub name: String,
    pub taken: DateTime<Utc>,
    pub reason: Reason,
    pub bytes: u64,
    /// The order it was written in, from its header (0: none).
    pub sequence: u64,
}

impl Snapshot {
    /// When it was taken, in local time: `2026-11-28 13:30`.
    pub fn when(&self) -> String {
        self.taken
            .with_timezone(&Local)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// Count its records, checking it is a whole document.
    pub fn counts(&self) -> Result<Counts, String> {
        count_document(&self.path).map_err(|e| reason_only(&e.to_string(), &self.path))
    }

    /// Read it in full and check every rule an import checks: the
    /// portfolio it holds, ready to import, or why it cannot be.
    pub fn verify(&self) -> Result<Portfolio, String> {
        verify_file(&self.path)
    }
}

/// A message about `path` without the path at its start.
fn reason_only(message: &str, path: &Path) -> String {
    let shown = path.display().to_string();
    message
        .strip_prefix(&format!("{shown}: "))
        .unwrap_or(message)
        .to_string()
}

/// Read the interchange file at `path` and check it as an import would:
/// the portfolio, normalized, or the first problem found.
pub fn verify_file(path: &Path) -> Result<Portfolio, String> {
    let parsed = read_document(path).map_err(|e| reason_only(&e.to_string(), path))?;
    let mut portfolio = parsed.portfolio;
    let mut problems = parsed.problems;
    portfolio.normalize();
    problems.extend(portfolio_problems(&portfolio, &|_, _| false));
    match problems.as_slice() {
        [] => Ok(portfolio),
        [one] => Err(format!("1 problem: {one}")),
        [first, rest @ ..] => Err(format!("{} problems, the first: {first}", rest.len() + 1)),
    }
}

/// The backups folder of the database at `db`: beside it, named after it.
pub fn folder(db: &Path) -> PathBuf {
    let absolute = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => {
            let mut name = name.to_os_string();
            name.push(".backups");
            parent.join(name)
        }
        _ => absolute.join("backups"),
    }
}

/// The snapshots of the database at `db`, newest first. No folder: none.
pub fn list(db: &Path) -> io::Result<Vec<Snapshot>> {
    list_in(&folder(db))
}

fn list_in(dir: &Path) -> io::Result<Vec<Snapshot>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        let Some((taken, reason)) = parse_name(&name) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let modified = meta.modified().ok();
        // `…-daily-3.json` was written after `…-daily-2.json`.
        let n: u32 = name
            .trim_end_matches(".json")
            .rsplit('-')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        found.push((
            (modified, n),
            Snapshot {
                path: entry.path(),
                sequence: sequence_of(&entry.path()),
                name,
                taken,
                reason,
                bytes: meta.len(),
            },
        ));
    }
    // The sequence first (see the module's notes); names keep whole
    // seconds, and within one the file written last is newer.
    found.sort_by(|(a_mod, a), (b_mod, b)| {
        (b.sequence, b.taken, b_mod, &b.name).cmp(&(a.sequence, a.taken, a_mod, &a.name))
    });
    Ok(found.into_iter().map(|(_, s)| s).collect())
}

/// The header line that carries a snapshot's sequence number.
const SEQUENCE_KEY: &str = "  \"snapshot\": ";

/// The sequence number in the header of the snapshot at `path`: among its
/// first lines, as [`with_sequence`] writes it. 0 when there is none.
fn sequence_of(path: &Path) -> u64 {
    use std::io::Read;
    let mut head = [0u8; 512];
    let Ok(mut file) = fs::File::open(path) else {
        return 0;
    };
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    let head = String::from_utf8_lossy(&head[..filled]);
    head.lines()
        .take(6)
        .find_map(|line| line.strip_prefix(SEQUENCE_KEY))
        .and_then(|rest| rest.trim_end_matches(',').parse().ok())
        .unwrap_or(0)
}

/// The document with its sequence number in the header, after the
/// `exported_at` line (importers ignore keys they do not know).
fn with_sequence(text: &str, sequence: u64) -> String {
    let line = format!("{SEQUENCE_KEY}{sequence},\n");
    match text.find("\n  \"exported_at\"") {
        Some(at) => match text[at + 1..].find('\n') {
            Some(end) => {
                let split = at + 1 + end + 1;
                format!("{}{line}{}", &text[..split], &text[split..])
            }
            None => text.to_string(),
        },
        None => text.to_string(),
    }
}

/// `2026-11-28T093000Z-daily.json` or `…-daily-2.json`.
fn parse_name(name: &str) -> Option<(DateTime<Utc>, Reason)> {
    let stem = name.strip_suffix(".json")?;
    let stamp = stem.get(..STAMP_LEN)?;
    let taken = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    let rest = stem[STAMP_LEN..].strip_prefix('-')?;
    Reason::ALL.into_iter().find_map(|reason| {
        let after = rest.strip_prefix(reason.as_str())?;
        let fits = after.is_empty()
            || after
                .strip_prefix('-')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        fits.then_some((taken, reason))
    })
}

/// The newest snapshot that passes [`Snapshot::verify`], with what it
/// holds ("4 cohorts, 24 startups, …"). Unreadable ones are passed over.
pub fn latest_good(db: &Path) -> Option<(Snapshot, String)> {
    list(db).ok()?.into_iter().find_map(|snapshot| {
        let portfolio = snapshot.verify().ok()?;
        Some((snapshot, portfolio.summary()))
    })
}

/// How automatic snapshots behave for one store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupSettings {
    /// Snapshots kept; 0 turns automatic snapshots off.
    pub kept: usize,
    /// Remove the oldest beyond `kept`. Off when the config that says how
    /// many to keep could not be read: better too many than too few.
    pub prune: bool,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings {
            kept: DEFAULT_KEPT,
            prune: true,
        }
    }
}

/// A snapshot that could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupError {
    pub folder: PathBuf,
    pub detail: String,
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not write a snapshot in {}: {}",
            self.folder.display(),
            self.detail
        )
    }
}

impl std::error::Error for BackupError {}

fn io_words(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        _ => e.to_string(),
    }
}

/// The store's side of backups; one per open database.
#[derive(Default)]
pub(super) struct Backups {
    /// `None` until a front end turns automatic snapshots on.
    settings: Mutex<Option<BackupSettings>>,
    /// Bumped before and after every write: odd while one runs.
    generation: AtomicU64,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The day whose first write has been seen to.
    daily_seen: Option<NaiveDate>,
    /// The generation of the last snapshot this process took.
    snapshotted: Option<u64>,
}

/// Marks a write in progress for as long as it lives.
pub(super) struct Writing<'a>(&'a AtomicU64);

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl Backups {
    pub(super) fn writing(&self) -> Writing<'_> {
        self.generation.fetch_add(1, Ordering::SeqCst);
        Writing(&self.generation)
    }

    fn settings(&self) -> Option<BackupSettings> {
        *lock(&self.settings)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// Snapshot threads still running, so a process can wait for them before
/// it exits ([`wait_for_pending`]).
static PENDING: Mutex<Vec<JoinHandle<()>>> = Mutex::new(Vec::new());
/// Background snapshots that failed, for the front end to tell the user.
static FAILURES: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Wait for every snapshot still being written in the background. A
/// process calls this before it exits, or the snapshot is lost halfway
/// (harmless: it was never under its real name).
pub fn wait_for_pending() {
    loop {
        let pending: Vec<JoinHandle<()>> = lock(&PENDING).drain(..).collect();
        if pending.is_empty() {
            return;
        }
        for handle in pending {
            let _ = handle.join();
        }
    }
}

/// Background snapshots that failed since the last call, one line each.
pub fn take_failures() -> Vec<String> {
    std::mem::take(&mut *lock(&FAILURES))
}

impl Store {
    /// Turn automatic snapshots on: at the first write of each day, and
    /// at [`Store::snapshot_at_shutdown`]. Off by default, so tests and
    /// benchmarks that open stores write none.
    pub fn enable_backups(&self, settings: BackupSettings) {
        *lock(&self.inner.backups.settings) = Some(settings);
    }

    /// The backups folder of this database.
    pub fn backups_folder(&self) -> PathBuf {
        folder(&self.inner.path)
    }

    /// Called by the write path after every write that landed: the first
    /// of the day sets off a snapshot on its own thread. The caller pays
    /// for a look at the backups folder and a thread start, well under a
    /// millisecond, whatever the size of the portfolio.
    pub(super) fn after_write(&self) {
        let backups = &self.inner.backups;
        let Some(settings) = backups.settings() else {
            return;
        };
        if settings.kept == 0 {
            return;
        }
        let today = Local::now().date_naive();
        {
            let mut state = lock(&backups.state);
            if state.daily_seen == Some(today) {
                return;
            }
            state.daily_seen = Some(today);
        }
        let done_today = list(&self.inner.path).is_ok_and(|snapshots| {
            snapshots.iter().any(|s| {
                s.reason == Reason::Daily && s.taken.with_timezone(&Local).date_naive() == today
            })
        });
        if done_today {
            return;
        }
        let store = self.clone();
        let spawned = thread::Builder::new()
            .name("daily snapshot".into())
            .spawn(move || {
                if let Err(e) = store.snapshot_now(Reason::Daily) {
                    lock(&FAILURES).push(e.to_string());
                }
            });
        match spawned {
            Ok(handle) => lock(&PENDING).push(handle),
            Err(e) => lock(&FAILURES).push(format!(
                "could not start the daily snapshot: {}",
                io_words(&e)
            )),
        }
    }

    /// Write a snapshot now, whatever the settings. The automatic ones
    /// (daily, shutdown) follow a write that landed, so they prune the
    /// oldest if the settings say to; one kept before a restore or an
    /// import replaces the portfolio does not: the caller prunes once the
    /// replacement has committed ([`prune`]), so a refused or failed one
    /// removes nothing.
    pub fn snapshot_now(&self, reason: Reason) -> Result<Snapshot, SnapshotError> {
        let (portfolio, generation) = self.read_consistent()?;
        let settings = self.inner.backups.settings();
        let snapshot = write_snapshot(&self.inner.path, &portfolio, reason)?;
        if matches!(reason, Reason::Daily | Reason::Shutdown)
            && let Some(settings) = settings
        {
            prune(&self.inner.path, settings, None);
        }
        let mut state = lock(&self.inner.backups.state);
        state.snapshotted = Some(state.snapshotted.unwrap_or(0).max(generation));
        Ok(snapshot)
    }

    /// Before a replace: a snapshot of the portfolio (not pruned; see
    /// [`Store::snapshot_now`]) and how many records it holds, or `None`
    /// when it holds none. Every read is guarded, so a damaged store gives
    /// an error, never a panic.
    pub fn snapshot_before_replace(
        &self,
        reason: Reason,
    ) -> Result<Option<(Snapshot, usize)>, SnapshotError> {
        let (portfolio, _) = self.read_consistent()?;
        if portfolio.is_empty() {
            return Ok(None);
        }
        let snapshot = write_snapshot(&self.inner.path, &portfolio, reason)?;
        Ok(Some((snapshot, portfolio.len())))
    }

    /// The snapshot when a front end closes cleanly: written (and
    /// waited for) if automatic snapshots are on and anything was written
    /// since the last snapshot this process took, or there is none at all.
    /// It replaces an earlier one of the same day, so closing the view ten
    /// times a day does not push older days out.
    pub fn snapshot_at_shutdown(&self) -> Result<Option<Snapshot>, SnapshotError> {
        let backups = &self.inner.backups;
        match backups.settings() {
            Some(settings) if settings.kept > 0 => {}
            _ => return Ok(None),
        }
        wait_for_pending();
        let generation = backups.generation.load(Ordering::SeqCst);
        let existing = list(&self.inner.path).unwrap_or_default();
        let unchanged = match lock(&backups.state).snapshotted {
            Some(at) => at == generation,
            None => generation == 0,
        };
        if unchanged && !existing.is_empty() {
            return Ok(None);
        }
        let snapshot = self.snapshot_now(Reason::Shutdown)?;
        let day = snapshot.taken.with_timezone(&Local).date_naive();
        for earlier in existing {
            if earlier.reason == Reason::Shutdown
                && earlier.taken.with_timezone(&Local).date_naive() == day
                && earlier.name != snapshot.name
            {
                let _ = fs::remove_file(&earlier.path);
            }
        }
        Ok(Some(snapshot))
    }

    /// The whole portfolio as of one moment between writes, and the
    /// generation it was read at.
    fn read_consistent(&self) -> Result<(Portfolio, u64)> {
        let generation = &self.inner.backups.generation;
        for _ in 0..8 {
            let before = generation.load(Ordering::SeqCst);
            if before % 2 == 1 {
                thread::sleep(Duration::from_millis(5));
                continue;
            }
            let portfolio = self.guarded_portfolio()?;
            if generation.load(Ordering::SeqCst) == before {
                return Ok((portfolio, before));
            }
        }
        // Writes keep landing: hold them off for one read.
        let _writing = self.lock(&self.inner.write_lock);
        let before = generation.load(Ordering::SeqCst);
        Ok((self.guarded_portfolio()?, before))
    }

    /// The portfolio, with a panic in sled (a damaged file) as an error:
    /// snapshots are read on threads where nothing else would catch it.
    fn guarded_portfolio(&self) -> Result<Portfolio> {
        super::open::guard(&self.inner.path, || self.portfolio())?
    }
}

/// Why a snapshot was not written: the database could not be read, or
/// the file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error(transparent)]
    Read(#[from] StoreError),
    #[error(transparent)]
    Write(#[from] BackupError),
}

fn write_snapshot(
    db: &Path,
    portfolio: &Portfolio,
    reason: Reason,
) -> Result<Snapshot, BackupError> {
    let dir = folder(db);
    let fail = |e: &io::Error| BackupError {
        folder: dir.clone(),
        detail: io_words(e),
    };
    fs::create_dir_all(&dir).map_err(|e| fail(&e))?;
    let sequence = list_in(&dir)
        .map_err(|e| fail(&e))?
        .iter()
        .map(|s| s.sequence)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let taken = Utc::now();
    let text = with_sequence(&interchange::to_json(portfolio, taken), sequence);
    let stamp = taken.format(STAMP).to_string();
    for n in 1..=99 {
        let name = match n {
            1 => format!("{stamp}-{reason}.json"),
            n => format!("{stamp}-{reason}-{n}.json"),
        };
        let path = dir.join(&name);
        match write_atomically(&path, text.as_bytes(), false) {
            Ok(()) => {
                return Ok(Snapshot {
                    path,
                    name,
                    // The name keeps whole seconds; so does this.
                    taken: parse_name(&format!("{stamp}-{reason}.json")).map_or(taken, |(t, _)| t),
                    reason,
                    bytes: text.len() as u64,
                    sequence,
                });
            }
            Err(WriteError::Exists(_)) => continue,
            Err(WriteError::Io { source, .. }) => return Err(fail(&source)),
        }
    }
    Err(BackupError {
        folder: dir,
        detail: "too many snapshots in the same second".into(),
    })
}

/// Keep the newest `settings.kept` snapshots of the database at `db`
/// (newest by sequence: the one written last is never removed), and never
/// `spare` (the file a restore read from); remove temporary files that a
/// write cut short left behind. Nothing when the settings say not to.
pub fn prune(db: &Path, settings: BackupSettings, spare: Option<&Path>) {
    if !settings.prune || settings.kept == 0 {
        return;
    }
    let dir = folder(db);
    let spared = |path: &Path| {
        spare.is_some_and(|spare| std::path::absolute(spare).ok() == std::path::absolute(path).ok())
    };
    if let Ok(snapshots) = list_in(&dir) {
        for old in snapshots.iter().skip(settings.kept) {
            if !spared(&old.path) {
                let _ = fs::remove_file(&old.path);
            }
        }
    }
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let is_temp = name.starts_with('.') && name.ends_with(".tmp");
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > STALE_TEMP);
        if is_temp && stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::*;

    fn store_in(dir: &Path) -> Store {
        let store = Store::open(&dir.join("db")).unwrap();
        store.initialize_empty().unwrap();
        store
    }

    #[test]
    fn names_read_back() {
        let (t, r) = parse_name("2026-11-28T093000Z-daily.json").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-28T09:30:00+00:00");
        assert_eq!(r, Reason::Daily);
        assert_eq!(
            parse_name("2026-11-28T093000Z-before-restore-3.json").map(|(_, r)| r),
            Some(Reason::BeforeRestore)
        );
        for bad in [
            "2026-11-28T093000Z-daily.json.tmp",
            ".2026-11-28T093000Z-daily.json.1.0.tmp",
            "2026-11-28T093000Z-weekly.json",
            "2026-11-28T093000Z-daily-.json",
            "2026-11-28T093000Z-daily-x.json",
            "notes.json",
            "2026-13-28T093000Z-daily.json",
        ] {
            assert_eq!(parse_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_sequence_is_read_back_from_the_header_and_orders_the_list() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        let first = store.snapshot_now(Reason::Daily).unwrap();
        let second = store.snapshot_now(Reason::BeforeImport).unwrap();
        assert_eq!((first.sequence, second.sequence), (1, 2));
        assert_eq!(sequence_of(&second.path), 2);
        second.verify().expect("the header is ignored on import");
        // A name from a clock that ran ahead does not make it newer.
        let ahead = folder(store.path()).join("2099-01-01T000000Z-daily.json");
        fs::copy(&first.path, &ahead).unwrap();
        let listed: Vec<String> = list(store.path())
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(
            listed,
            vec![
                second.name,
                "2099-01-01T000000Z-daily.json".into(),
                first.name
            ]
        );
    }

    #[test]
    fn the_folder_sits_beside_the_database() {
        assert_eq!(
            folder(Path::new("/data/incubator/portfolio")),
            Path::new("/data/incubator/portfolio.backups")
        );
        assert_eq!(
            folder(Path::new("/data/incubator/portfolio/")),
            Path::new("/data/incubator/portfolio.backups")
        );
    }

    #[test]
    fn a_snapshot_holds_the_portfolio_and_the_oldest_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        store.create("t", startup("s1").into()).unwrap();
        store.enable_backups(BackupSettings {
            kept: 3,
            prune: true,
        });
        let mut names = Vec::new();
        for _ in 0..5 {
            // Kept before a replace: pruned only once it committed.
            names.push(store.snapshot_now(Reason::BeforeRestore).unwrap().name);
            assert_eq!(list(store.path()).unwrap().len(), names.len().min(4));
            prune(
                store.path(),
                BackupSettings {
                    kept: 3,
                    prune: true,
                },
                None,
            );
        }
        let listed: Vec<String> = list(store.path())
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        names.reverse();
        assert_eq!(listed, names[..3].to_vec());
        let newest = &list(store.path()).unwrap()[0];
        let portfolio = newest.verify().unwrap();
        assert_eq!(portfolio.startups.len(), 1);
        assert_eq!(newest.counts().unwrap().startups, 1);
    }

    #[test]
    fn the_first_write_of_the_day_writes_one_daily_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        store.create("t", startup("s1").into()).unwrap();
        wait_for_pending();
        assert_eq!(list(store.path()).unwrap(), vec![], "off until enabled");

        store.enable_backups(BackupSettings::default());
        store.create("t", startup("s2").into()).unwrap();
        store.create("t", startup("s3").into()).unwrap();
        wait_for_pending();
        let snapshots = list(store.path()).unwrap();
        assert_eq!(snapshots.len(), 1, "{snapshots:?}");
        assert_eq!(snapshots[0].reason, Reason::Daily);
        let held = snapshots[0].verify().unwrap().startups.len();
        assert!((2..=3).contains(&held), "{held}");

        // Another process on the same day finds it there.
        drop(store);
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.enable_backups(BackupSettings::default());
        store.create("t", startup("s4").into()).unwrap();
        wait_for_pending();
        assert_eq!(list(store.path()).unwrap().len(), 1);
    }

    #[test]
    fn shutdown_writes_only_what_changed_and_one_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        store.enable_backups(BackupSettings::default());
        // Nothing yet: the first one is written even without a write.
        let first = store.snapshot_at_shutdown().unwrap();
        assert!(first.is_some());
        assert_eq!(
            store.snapshot_at_shutdown().unwrap(),
            None,
            "nothing changed"
        );
        // The day's first write: its daily snapshot already holds it.
        store.create("t", startup("s1").into()).unwrap();
        assert_eq!(store.snapshot_at_shutdown().unwrap(), None);
        store.create("t", startup("s2").into()).unwrap();
        store
            .snapshot_at_shutdown()
            .unwrap()
            .expect("a write since");
        store.create("t", startup("s3").into()).unwrap();
        let second = store
            .snapshot_at_shutdown()
            .unwrap()
            .expect("a write since");
        assert_eq!(second.verify().unwrap().startups.len(), 3);
        let shutdowns: Vec<Snapshot> = list(store.path())
            .unwrap()
            .into_iter()
            .filter(|s| s.reason == Reason::Shutdown)
            .collect();
        assert_eq!(shutdowns, vec![second], "one shutdown snapshot a day");
    }

    #[test]
    fn snapshots_read_while_writes_land_are_consistent() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        store.create("t", startup("s0").into()).unwrap();
        let writer = {
            let store = store.clone();
            thread::spawn(move || {
                for i in 1..60 {
                    let id = format!("s{i}");
                    store.create("t", startup(&id).into()).unwrap();
                    store
                        .create("t", note(&format!("n{i}"), &id, "x").into())
                        .unwrap();
                    store
                        .delete("t", crate::model::Kind::Startup, &id, None, false)
                        .unwrap();
                }
            })
        };
        for _ in 0..20 {
            let snapshot = store.snapshot_now(Reason::BeforeImport).unwrap();
            snapshot.verify().expect("a consistent portfolio");
        }
        writer.join().unwrap();
    }

    #[test]
    fn a_snapshot_that_cannot_be_written_says_where_and_why() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        // A file where the folder should be.
        fs::write(folder(store.path()), b"in the way").unwrap();
        let err = store.snapshot_now(Reason::Daily).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("could not write a snapshot in "),
            "{err}"
        );
    }
}
