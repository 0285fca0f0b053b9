//! Finding and opening the database a command works on, and filling a new
//! one with the sample portfolio.

use std::path::{Path, PathBuf};

use crate::seed;
use crate::store::{Store, StoreError};

/// Where the database lives when neither `--db` nor `$INCUBATOR_DB` says.
pub fn default_path() -> Result<PathBuf, String> {
    directories::ProjectDirs::from("", "", "incubator")
        .map(|dirs| dirs.data_dir().join("portfolio"))
        .ok_or_else(|| "no home folder to keep the database in; give one with --db PATH".into())
}

/// What to do with a database that has never been set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfNew {
    /// Load the sample portfolio (opening the program on a fresh machine).
    Sample,
    /// Start empty (`--empty`, and `import`: the sample is never mixed
    /// into someone's own data).
    Empty,
}

pub struct Opened {
    pub store: Store,
    /// Set when this open loaded the sample: what it loaded.
    pub loaded_sample: Option<String>,
}

/// Open the database at `path`, setting it up if it is new.
pub fn open(path: &Path, if_new: IfNew) -> Result<Opened, StoreError> {
    set_up(Store::open(path)?, if_new)
}

/// [`open`] for a command that only reads (`export`, `search`, the
/// summary): where the database's disk cannot be written, a copy of it is
/// read (see [`Store::open_to_read`]).
pub fn open_to_read(path: &Path, if_new: IfNew) -> Result<Opened, StoreError> {
    let store = Store::open_to_read(path)?;
    if store.is_read_copy() && !store.is_initialized()? {
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            detail: "it holds no portfolio yet, and its disk cannot be written".into(),
        });
    }
    set_up(store, if_new)
}

fn set_up(store: Store, if_new: IfNew) -> Result<Opened, StoreError> {
    let path = store.path().to_path_buf();
    let path = path.as_path();
    let mut loaded_sample = None;
    if !store.is_initialized()? {
        // An import or restore was cut short: what it was bringing in is
        // the user's, and the sample must not take its place.
        if let Some(what) = store.interrupted_fill() {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                detail: format!(
                    "it holds nothing: {what} into it did not finish; run that again (the sample portfolio is not loaded here)"
                ),
            });
        }
        match if_new {
            IfNew::Empty => store.initialize_empty()?,
            IfNew::Sample => {
                let sample = seed::sample().map_err(|detail| StoreError::Io {
                    path: path.to_path_buf(),
                    detail,
                })?;
                let report = store.import(seed::SEED_AUTHOR, sample, false)?;
                loaded_sample = Some(report.summary);
            }
        }
    }
    Ok(Opened {
        store,
        loaded_sample,
    })
}

/// Run an import into the database at `path`. A database this call
/// creates is set up by the import's own transaction, and removed again if
/// the import is refused: a failed import leaves no trace.
///
/// `what` ("the import of x.json") is noted in the folder while a database
/// not yet set up is filled: cut short, the next command says so instead
/// of loading the sample in its place.
pub fn import_into<T>(
    path: &Path,
    what: &str,
    import: impl FnOnce(&Store) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let existed = path.exists();
    crate::store::begin_filling(path, what)?;
    let store = match Store::open(path) {
        Ok(store) => store,
        Err(e) => {
            if !existed {
                let _ = std::fs::remove_dir_all(path);
            }
            return Err(e);
        }
    };
    let result = import(&store);
    // Ended either way: only a fill cut short (a kill) leaves the note.
    crate::store::end_filling(path);
    if result.is_err() && !existed && !store.is_initialized().unwrap_or(true) {
        drop(store);
        let _ = std::fs::remove_dir_all(path);
    }
    result
}

/// Whether there is no database at `path`: nothing there, or an empty
/// folder (opening either would make one).
pub fn is_missing(path: &Path) -> bool {
    match std::fs::read_dir(path) {
        Ok(mut entries) => entries.next().is_none(),
        Err(_) => !path.exists(),
    }
}

/// Open a database that must already exist (for `check`), to read: a
/// copy where its disk cannot be written (see [`Store::open_to_read`]).
pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
    if !path.exists() {
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            detail: "there is no database there".into(),
        });
    }
    // Opening an empty folder would make a database in it.
    if std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none()) {
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            detail: "there is no database there (the folder is empty)".into(),
        });
    }
    Store::open_to_read(path)
}
