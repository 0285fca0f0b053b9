//! Exports from an SSH session: a plain file name in the user's own export
//! folder on the server, and nothing written anywhere else — not through
//! `../`, an absolute path, a link, a pipe or a device planted in the
//! folder, nor a folder swapped for a link. Every step works on the open
//! folders (`openat` and friends, no following of links), never on a
//! path looked up again.

use std::fs::File;
use std::io::{self, Write};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

/// The longest file name kept, in characters and in bytes (file systems
/// allow 255 bytes; the temporary name adds a few dozen).
const MOST_CHARS: usize = 100;
const MOST_BYTES: usize = 180;

/// Why an export was not written in the folder.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} is there already", .0.display())]
    Exists(PathBuf),
    /// Something that is not a plain file has the name (a link, a pipe, a
    /// device, a folder): never written through, nor replaced.
    #[error("{} is not a plain file (a link, a pipe, a device or a folder); choose another name", .0.display())]
    NotAFile(PathBuf),
    /// The export folder, or the folder it is in, is a link or not a folder.
    #[error("the export folder {} is a link or not a folder; nothing written (tell whoever runs the server)", .0.display())]
    UnsafeFolder(PathBuf),
    #[error("could not write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// What the session typed, reduced to a plain file name: the part after
/// the last `/` or `\`, without control or direction-changing characters,
/// without leading dots or spaces, at most 100 characters (the ending
/// kept). `None` when nothing is left (`..`, `/`, only dots).
pub fn plain_name(typed: &str) -> Option<String> {
    let last = typed.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String = last.chars().filter(|&c| !hidden(c)).collect();
    let name = kept.trim().trim_start_matches(['.', ' ']).trim_end();
    if name.is_empty() {
        return None;
    }
    Some(shorten(name))
}

/// Characters a name is never written with: what never reaches a
/// terminal ([`crate::text::is_unsafe`]), and, in a file name, the
/// invisible ones too (zero-width characters, direction marks, BOM).
fn hidden(c: char) -> bool {
    crate::text::is_unsafe(c)
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2065}' | '\u{FEFF}')
}

/// `name` cut to the limits, keeping its ending (`.md`) when it has one.
fn shorten(name: &str) -> String {
    let fits = |s: &str| s.chars().count() <= MOST_CHARS && s.len() <= MOST_BYTES;
    if fits(name) {
        return name.to_string();
    }
    let (stem, ending) = match name.rfind('.') {
        Some(at) if name.len() - at <= 10 => name.split_at(at),
        _ => (name, ""),
    };
    let mut stem: String = stem.to_string();
    while !stem.is_empty() && !fits(&format!("{stem}{ending}")) {
        stem.pop();
    }
    format!("{}{ending}", stem.trim_end())
}

/// Write `bytes` as `name` (reduced by [`plain_name`]) in `folder`, making
/// `folder` (mode 0700) if it is missing; its parent is made too (0700).
/// Whole or not at all, as [`super::write_atomically`]: a temporary file
/// made new, then linked (or, with `replace`, renamed) into place, which
/// replaces a name and never writes through it. Refused: a `folder` or
/// parent that is a link, and a `name` there already that is not a plain
/// file (a link, a pipe, a device, a folder), even with `replace`.
/// Returns the full path written.
pub fn write_in_folder(
    folder: &Path,
    name: &str,
    bytes: &[u8],
    replace: bool,
) -> Result<PathBuf, WriteError> {
    let Some(name) = plain_name(name) else {
        return Err(WriteError::Io {
            path: folder.to_path_buf(),
            source: io::Error::new(io::ErrorKind::InvalidInput, "no file name given"),
        });
    };
    let path = folder.join(&name);
    let dir = open_folder(folder)?;
    let fail = |e: Errno| WriteError::Io {
        path: path.clone(),
        source: e.into(),
    };
    match rustix::fs::statat(&dir, name.as_str(), AtFlags::SYMLINK_NOFOLLOW) {
        Ok(stat) if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile => {
            return Err(WriteError::NotAFile(path));
        }
        Ok(_) if !replace => return Err(WriteError::Exists(path)),
        Ok(_) => {}
        Err(Errno::NOENT) => {}
        Err(e) => return Err(fail(e)),
    }
    // Unique within this process too: several sessions export at once.
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = format!(".{name}.{}.{n}.tmp", std::process::id());
    let made = rustix::fs::openat(
        &dir,
        temp.as_str(),
        OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o600),
    )
    .map_err(fail)?;
    let mut file = File::from(made);
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    let remove_temp = || {
        let _ = rustix::fs::unlinkat(&dir, temp.as_str(), AtFlags::empty());
    };
    if let Err(source) = written {
        remove_temp();
        return Err(WriteError::Io { path, source });
    }
    let placed = if replace {
        rustix::fs::renameat(&dir, temp.as_str(), &dir, name.as_str()).map_err(fail)
    } else {
        // A link is made only where nothing has the name yet.
        let linked = rustix::fs::linkat(&dir, temp.as_str(), &dir, name.as_str(), AtFlags::empty());
        remove_temp();
        match linked {
            Ok(()) => Ok(()),
            Err(Errno::EXIST) => Err(WriteError::Exists(path.clone())),
            Err(e) => Err(fail(e)),
        }
    };
    if let Err(e) = placed {
        remove_temp();
        return Err(e);
    }
    // The new name itself made durable.
    let _ = rustix::fs::fsync(&dir);
    Ok(path)
}

/// `folder`, opened without following a link at its parent or at itself;
/// each made (0700) when missing.
fn open_folder(folder: &Path) -> Result<OwnedFd, WriteError> {
    let unsafe_folder = || WriteError::UnsafeFolder(folder.to_path_buf());
    let io_error = |source: io::Error| WriteError::Io {
        path: folder.to_path_buf(),
        source,
    };
    let (Some(parent), Some(own)) = (folder.parent(), folder.file_name()) else {
        return Err(unsafe_folder());
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    if !parent.exists() {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(io_error)?;
    }
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let refused = |e: Errno| match e {
        // A link where a folder should be, or not a folder at all.
        Errno::LOOP | Errno::NOTDIR | Errno::MLINK => unsafe_folder(),
        e => io_error(e.into()),
    };
    let parent = rustix::fs::open(parent, flags, Mode::empty()).map_err(refused)?;
    match rustix::fs::mkdirat(&parent, own, Mode::from_raw_mode(0o700)) {
        Ok(()) | Err(Errno::EXIST) => {}
        Err(e) => return Err(io_error(e.into())),
    }
    rustix::fs::openat(&parent, own, flags, Mode::empty()).map_err(refused)
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::{PermissionsExt, symlink};

    use super::*;

    #[test]
    fn a_typed_name_is_reduced_to_a_plain_one() {
        let cases = [
            ("summary.md", Some("summary.md")),
            ("../../etc/passwd", Some("passwd")),
            ("/home/kim/.ssh/authorized_keys", Some("authorized_keys")),
            ("..", None),
            ("../", None),
            ("/", None),
            ("...", None),
            (".bashrc", Some("bashrc")),
            ("..\\..\\boot.ini", Some("boot.ini")),
            ("a\u{1b}]52;c;x\u{7}b.md", Some("a]52;c;xb.md")),
            ("evil\u{202E}dm.exe", Some("evildm.exe")),
            ("  . spaced .md ", Some("spaced .md")),
        ];
        for (typed, reduced) in cases {
            assert_eq!(plain_name(typed).as_deref(), reduced, "{typed:?}");
        }
        let long = format!("{}.csv", "ş".repeat(300));
        let cut = plain_name(&long).expect("a name");
        assert!(cut.ends_with(".csv") && cut.len() <= MOST_BYTES, "{cut}");
    }

    #[test]
    fn writes_only_plain_files_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("exports").join("kim");
        let path = write_in_folder(&folder, "../../x.md", b"one", false).unwrap();
        assert_eq!(path, folder.join("x.md"));
        assert_eq!(fs::read(&path).unwrap(), b"one");
        for made in [&folder, &dir.path().join("exports")] {
            let mode = fs::metadata(made).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "{}", made.display());
        }
        let err = write_in_folder(&folder, "x.md", b"two", false).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)), "{err}");
        write_in_folder(&folder, "x.md", b"three", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");

        // A link planted in the folder is never written through.
        let outside = dir.path().join("victim.txt");
        fs::write(&outside, "keep").unwrap();
        symlink(&outside, folder.join("planted.md")).unwrap();
        for replace in [false, true] {
            let err = write_in_folder(&folder, "planted.md", b"x", replace).unwrap_err();
            assert!(matches!(err, WriteError::NotAFile(_)), "{err}");
        }
        assert_eq!(fs::read_to_string(&outside).unwrap(), "keep");

        // The folder swapped for a link to elsewhere.
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        fs::rename(&folder, dir.path().join("moved")).unwrap();
        symlink(&elsewhere, &folder).unwrap();
        let err = write_in_folder(&folder, "y.md", b"x", true).unwrap_err();
        assert!(matches!(err, WriteError::UnsafeFolder(_)), "{err}");
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
        let names: Vec<_> = fs::read_dir(dir.path().join("moved"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    }
}
