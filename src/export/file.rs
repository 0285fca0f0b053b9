//! Writing an export to a file: whole or not at all, and never over a file
//! that is already there unless asked to.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} already exists (--force replaces it)", .0.display())]
    Exists(PathBuf),
    #[error("could not write {}: {}", path.display(), reason(source))]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// An I/O error in words, without the `(os error N)` of its own text.
fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "its folder does not exist".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only (mounted read-only)".into(),
        io::ErrorKind::IsADirectory => "it is a folder".into(),
        io::ErrorKind::NotADirectory => "part of its path is not a folder".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}

/// Write `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a crash or a full disk never leaves half a file. With
/// `replace` false an existing `path` is left alone and [`WriteError::Exists`]
/// returned, even if it appears while this runs.
pub fn write_atomically(path: &Path, bytes: &[u8], replace: bool) -> Result<(), WriteError> {
    let fail = |source: io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let exists = || WriteError::Exists(path.to_path_buf());
    if !replace && fs::symlink_metadata(path).is_ok() {
        return Err(exists());
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    // Unique within this process too (the full-screen view may export
    // while another export of the same name is being written).
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = folder.join(format!(".{name}.{}.{n}.tmp", std::process::id()));

    let written = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(fail(e));
    }
    let placed = if replace {
        fs::rename(&temp, path).map_err(fail)
    } else {
        // A hard link is created only if nothing has the name: the
        // no-clobber rename. Where links are not supported, check and rename.
        match fs::hard_link(&temp, path) {
            Ok(()) => {
                let _ = fs::remove_file(&temp);
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(exists()),
            Err(_) if fs::symlink_metadata(path).is_ok() => Err(exists()),
            Err(_) => fs::rename(&temp, path).map_err(fail),
        }
    };
    if placed.is_err() {
        let _ = fs::remove_file(&temp);
    } else if let Ok(dir) = fs::File::open(folder) {
        // Make the new name itself durable; not every platform allows it.
        let _ = dir.sync_all();
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn writes_a_new_file_and_refuses_to_replace_it_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.md");
        write_atomically(&path, b"one", false).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one");

        let err = write_atomically(&path, b"two", false).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"one");

        write_atomically(&path, b"three", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("summary.md");
        let err = write_atomically(&path, b"x", true).unwrap_err();
        assert!(matches!(err, WriteError::Io { .. }), "{err}");
        assert!(err.to_string().starts_with("could not write "), "{err}");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }
}
