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
///
/// A `path` that leads to a terminal, a pipe or another character device
/// (`/dev/null`, `/dev/stdout`, a FIFO) is written straight into: there is
/// no file there to keep whole, and a rename would put a plain file where
/// the device was (as root, over `/dev/null` itself). A disk device is
/// refused. A link to a file has the file it leads to replaced, the link
/// kept.
pub fn write_atomically(path: &Path, bytes: &[u8], replace: bool) -> Result<(), WriteError> {
    let fail = |source: io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let exists = || WriteError::Exists(path.to_path_buf());
    let target = match Target::of(path) {
        Target::Stream => return write_into(path, bytes).map_err(fail),
        Target::Disk => {
            return Err(fail(io::Error::other("it is a disk device, not a file")));
        }
        Target::LinkedFile(real) if replace => return write_atomically(&real, bytes, true),
        Target::LinkedFile(_) | Target::File => path,
    };
    let path = target;
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

/// What a path given for output leads to.
enum Target {
    /// A character device, a pipe or a socket: written into.
    Stream,
    /// A block device: never written.
    Disk,
    /// A link (`/dev/stdout` when the output is redirected to a file, or
    /// one of the user's) to this file.
    LinkedFile(PathBuf),
    /// A file, a folder, or nothing yet: written whole, through a rename.
    File,
}

impl Target {
    fn of(path: &Path) -> Target {
        use std::os::unix::fs::FileTypeExt;
        let Ok(meta) = fs::metadata(path) else {
            return Target::File;
        };
        let kind = meta.file_type();
        if kind.is_block_device() {
            return Target::Disk;
        }
        if kind.is_char_device() || kind.is_fifo() || kind.is_socket() {
            return Target::Stream;
        }
        let linked = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        match path.canonicalize() {
            Ok(real) if linked && kind.is_file() => Target::LinkedFile(real),
            _ => Target::File,
        }
    }
}

/// Write `bytes` into a device or pipe that is already there.
fn write_into(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut stream = fs::OpenOptions::new().write(true).open(path)?;
    stream.write_all(bytes)?;
    stream.flush()
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

    #[test]
    fn a_pipe_is_written_into_and_stays_a_pipe() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path; mkfifo only reads it.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(fifo).unwrap())
        };
        // Not asked to replace: a pipe holds nothing to lose.
        write_atomically(&fifo, b"summary", false).unwrap();
        assert_eq!(reader.join().unwrap(), b"summary");
        let kind = fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the pipe was replaced: {kind:?}");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_link_to_a_file_keeps_the_link_and_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&real, b"old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();

        let err = write_atomically(&link, b"new", false).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)), "{err}");
        assert_eq!(fs::read(&real).unwrap(), b"old");

        write_atomically(&link, b"new", true).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }
}
