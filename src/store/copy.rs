//! Reading a database whose own disk cannot be written (mounted
//! read-only, full, or no permission to write). sled 0.34 has no
//! read-only open: it opens its log for writing, and may write while
//! opening. So a command that only reads copies sled's files to a
//! temporary folder on another disk and opens the copy; the database
//! itself is never written.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::open::{SET_UP_FILE, io_words};

/// Copy the database at `path` (already recognised as ours) to a new
/// temporary folder: the system's, else memory (`/dev/shm`) when that one
/// is full or read-only too. The copy is taken under a shared lock on
/// sled's log, so no writer can be changing it meanwhile.
pub(super) fn to_read(path: &Path) -> Result<tempfile::TempDir, StoreError> {
    let log = fs::File::open(path.join("db")).map_err(|e| io_error(path, &e))?;
    match fs2::FileExt::try_lock_shared(&log) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Err(super::open::locked(path)),
        // Locks not supported here: copy as it is.
        Err(_) => {}
    }
    let mut last = None;
    for place in places() {
        match copy_into(path, &place) {
            Ok(copy) => {
                let _ = fs2::FileExt::unlock(&log);
                return Ok(copy);
            }
            Err(e) => last = Some(e),
        }
    }
    let _ = fs2::FileExt::unlock(&log);
    let reason = last.map_or_else(|| "no temporary folder".to_string(), |e| io_words(&e));
    Err(StoreError::Io {
        path: path.to_path_buf(),
        detail: format!(
            "its disk cannot be written, and it could not be copied to a temporary folder to be read ({reason})"
        ),
    })
}

fn places() -> Vec<PathBuf> {
    let mut places = vec![std::env::temp_dir()];
    let shm = PathBuf::from("/dev/shm");
    if shm.is_dir() && !places.contains(&shm) {
        places.push(shm);
    }
    places
}

fn copy_into(path: &Path, place: &Path) -> io::Result<tempfile::TempDir> {
    let copy = tempfile::Builder::new()
        .prefix("incubator-read-")
        .tempdir_in(place)?;
    for entry in fs::read_dir(path)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        let from = entry.path();
        let to = copy.path().join(entry.file_name());
        match name.as_str() {
            "blobs" if from.is_dir() => {
                fs::create_dir(&to)?;
                for blob in fs::read_dir(&from)? {
                    let blob = blob?;
                    if blob.file_type()?.is_file() {
                        copy_file(&blob.path(), &to.join(blob.file_name()))?;
                    }
                }
            }
            // A snapshot sled never finished is not read (see open.rs).
            _ if name.starts_with("snap.") && name.ends_with(".generating") => {}
            _ if name == "conf"
                || name == "db"
                || name == SET_UP_FILE
                || name.starts_with("snap.") =>
            {
                copy_file(&from, &to)?;
            }
            _ => {}
        }
    }
    Ok(copy)
}

/// A copy sled can open for writing: `fs::copy` keeps the permissions, and
/// a database without permission to write has read-only files.
fn copy_file(from: &Path, to: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::copy(from, to)?;
    fs::set_permissions(to, fs::Permissions::from_mode(0o600))
}

fn io_error(path: &Path, e: &io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        detail: io_words(e),
    }
}
