//! Snapshot files: the whole portfolio in the interchange format, in a
//! folder beside the database (`portfolio.backups` for `portfolio`): their
//! names, listing them newest first, writing one whole, and removing the
//! oldest.
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

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Local, NaiveDateTime, Utc};

use super::BackupSettings;
use crate::export::{WriteError, write_atomically};
use crate::interchange::reading::{count_document, read_document};
use crate::interchange::{self, Counts};
use crate::model::{Portfolio, stored_portfolio_problems};
use crate::store::swap::STAMP;

/// Snapshots kept when the config does not say.
pub const DEFAULT_KEPT: usize = 14;

/// The length of a [`STAMP`] as written.
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

    /// Count its records, checking it is a whole document: from its
    /// header when it has one and the file is as long as the header says
    /// (see [`holds_of`]), else by reading it through.
    pub fn counts(&self) -> Result<Counts, String> {
        if let Some(counts) = holds_of(&self.path) {
            return Ok(counts);
        }
        count_document(&self.path).map_err(|e| reason_only(&e.to_string(), &self.path))
    }

    /// Read it in full and check every rule an import checks of a stored
    /// portfolio: the portfolio it holds, ready to restore, or why it
    /// cannot be.
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

/// Read the interchange file at `path` and check it as an import would,
/// as a stored portfolio (see [`crate::model::stored_portfolio_problems`]):
/// the portfolio, normalized, or the first problem found.
pub fn verify_file(path: &Path) -> Result<Portfolio, String> {
    let parsed = read_document(path).map_err(|e| reason_only(&e.to_string(), path))?;
    let mut portfolio = parsed.portfolio;
    let mut problems = parsed.problems;
    portfolio.normalize();
    // A snapshot is what a database stored: checked as `check` checks one.
    problems.extend(stored_portfolio_problems(&portfolio, &|_, _| false));
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

/// The header line that says what a snapshot holds, for listing it
/// without reading it through: `  "holds": {"cohorts": 4, …, "notes": 44,
/// "bytes_after": 1234},` — `bytes_after` is how many bytes follow the
/// line, so a file cut short (or grown) is told from a whole one.
const HOLDS_KEY: &str = "  \"holds\": ";

/// The first bytes of the file at `path`, where the header is (empty when
/// it cannot be read).
fn head_of(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut head = vec![0u8; 1024];
    let Ok(mut file) = fs::File::open(path) else {
        return Vec::new();
    };
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    head.truncate(filled);
    head
}

/// The header's line starting with `key`, without the key, and the offset
/// of the byte after the line.
fn header_line<'h>(head: &'h str, key: &str) -> Option<(&'h str, usize)> {
    let mut at = 0;
    for line in head.split_inclusive('\n').take(7) {
        at += line.len();
        if let Some(rest) = line.strip_prefix(key) {
            // A line the head cut short is not the whole line.
            let rest = rest.strip_suffix('\n')?;
            return Some((rest.trim_end_matches(','), at));
        }
    }
    None
}

/// The sequence number in the header of the snapshot at `path`: among its
/// first lines, as [`with_header`] writes it. 0 when there is none.
pub(super) fn sequence_of(path: &Path) -> u64 {
    let head = head_of(path);
    let head = String::from_utf8_lossy(&head);
    header_line(&head, SEQUENCE_KEY)
        .and_then(|(rest, _)| rest.parse().ok())
        .unwrap_or(0)
}

/// What the header of the snapshot at `path` says it holds, when it says
/// and the file is exactly as long as the header says it is. `None`: a
/// snapshot from before the header, or one that must be read to be judged.
fn holds_of(path: &Path) -> Option<Counts> {
    #[derive(serde::Deserialize)]
    struct Holds {
        cohorts: usize,
        mentors: usize,
        startups: usize,
        demo_days: usize,
        notes: usize,
        // Added with interchange version 2; absent from older headers.
        #[serde(default)]
        calls: usize,
        #[serde(default)]
        applications: usize,
        #[serde(default)]
        reviews: usize,
        #[serde(default)]
        milestones: usize,
        #[serde(default)]
        office_hours: usize,
        bytes_after: u64,
    }
    let head = head_of(path);
    let head = String::from_utf8_lossy(&head);
    let (value, end) = header_line(&head, HOLDS_KEY)?;
    let holds: Holds = serde_json::from_str(value).ok()?;
    let length = fs::metadata(path).ok()?.len();
    (length == end as u64 + holds.bytes_after).then_some(Counts {
        cohorts: holds.cohorts,
        mentors: holds.mentors,
        startups: holds.startups,
        demo_days: holds.demo_days,
        notes: holds.notes,
        calls: holds.calls,
        applications: holds.applications,
        reviews: holds.reviews,
        milestones: holds.milestones,
        office_hours: holds.office_hours,
    })
}

/// The document with its sequence number and what it holds in the
/// header, after the `exported_at` line (importers ignore keys they do
/// not know).
fn with_header(text: &str, sequence: u64, portfolio: &Portfolio) -> String {
    let Some(at) = text.find("\n  \"exported_at\"") else {
        return text.to_string();
    };
    let Some(end) = text[at + 1..].find('\n') else {
        return text.to_string();
    };
    let split = at + 1 + end + 1;
    let rest = &text[split..];
    let holds = format!(
        "{HOLDS_KEY}{{\"cohorts\": {}, \"mentors\": {}, \"startups\": {}, \"demo_days\": {}, \"notes\": {}, \"calls\": {}, \"applications\": {}, \"reviews\": {}, \"milestones\": {}, \"office_hours\": {}, \"bytes_after\": {}}},\n",
        portfolio.cohorts.len(),
        portfolio.mentors.len(),
        portfolio.startups.len(),
        portfolio.demo_days.len(),
        portfolio.notes.len(),
        portfolio.calls.len(),
        portfolio.applications.len(),
        portfolio.reviews.len(),
        portfolio.milestones.len(),
        portfolio.office_hours.len(),
        rest.len()
    );
    format!("{}{SEQUENCE_KEY}{sequence},\n{holds}{rest}", &text[..split])
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

pub(super) fn io_words(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        _ => e.to_string(),
    }
}

/// Write `portfolio` as a snapshot of the database at `db`, taken for
/// `reason`, under a name no other snapshot has.
pub(super) fn write_snapshot(
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
    let text = with_header(&interchange::to_json(portfolio, taken), sequence, portfolio);
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

    fn snapshot_at(path: &Path) -> Snapshot {
        let (taken, reason) = parse_name("2026-11-28T093000Z-daily.json").unwrap();
        Snapshot {
            path: path.to_path_buf(),
            name: "2026-11-28T093000Z-daily.json".into(),
            taken,
            reason,
            bytes: 0,
            sequence: 0,
        }
    }

    #[test]
    fn the_listing_reads_what_a_snapshot_holds_from_its_header_when_it_is_whole() {
        use crate::model::testing::{note, startup};
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        let mut portfolio = Portfolio::default();
        portfolio.startups.push(startup("s1"));
        portfolio.notes.push(note("n1", "s1", "a note"));
        let written = write_snapshot(&db, &portfolio, Reason::Daily).unwrap();
        assert_eq!(sequence_of(&written.path), 1);
        let text = fs::read_to_string(&written.path).unwrap();
        assert!(text.contains("\n  \"holds\": {\"cohorts\": 0, \"mentors\": 0, \"startups\": 1, \"demo_days\": 0, \"notes\": 1, \"calls\": 0, \"applications\": 0, \"reviews\": 0, \"milestones\": 0, \"office_hours\": 0, \"bytes_after\": "), "{text}");
        let snapshot = snapshot_at(&written.path);
        assert_eq!(
            snapshot.counts().unwrap().to_string(),
            "0 cohorts, 1 startup, 0 mentors, 0 demo days, 1 note"
        );
        // The header is what is read: a body that says otherwise (as long
        // as the header says) is not read through.
        fs::write(&written.path, text.replace("\"n1\"", "\"n2\"")).unwrap();
        assert_eq!(holds_of(&written.path).map(|c| c.notes), Some(1));
        // Cut short: read through, and found wanting as before.
        fs::write(&written.path, &text[..text.len() - 20]).unwrap();
        assert_eq!(holds_of(&written.path), None);
        let cut = snapshot.counts().unwrap_err();
        assert!(cut.starts_with("not valid JSON: it ends too soon"), "{cut}");
        // Written before the header: read through.
        let old = dir.path().join("old.json");
        fs::write(&old, interchange::to_json(&portfolio, Utc::now())).unwrap();
        assert_eq!(holds_of(&old), None);
        assert_eq!(snapshot_at(&old).counts().unwrap().notes, 1);
        // Restored, the header's keys are ignored.
        fs::write(&written.path, &text).unwrap();
        assert_eq!(snapshot.verify().unwrap(), portfolio);
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
}
