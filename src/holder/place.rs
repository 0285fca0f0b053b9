//! Where the holder's socket is. In the database folder first: both sides
//! find it from the database's path alone, whatever their environment (a
//! cron job has no `$XDG_RUNTIME_DIR`), only someone who may enter the
//! folder can reach it, and it goes wherever the database goes. A socket's
//! path must fit in 107 bytes (`sun_path`), so for a deeper database the
//! socket goes in `/tmp/incubator-UID/`, a folder only this user may use,
//! named after the database's path.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};

/// The socket's name in the database folder.
pub const SOCKET_NAME: &str = "incubator.sock";

/// The longest path a Unix socket may have (108 bytes with the NUL).
const SUN_PATH_MAX: usize = 107;

/// Where the socket of the database at `db` (its real path, links
/// followed) may be, in the order tried.
pub fn places(db: &Path) -> Vec<PathBuf> {
    let beside = db.join(SOCKET_NAME);
    let mut places = Vec::new();
    if fits(&beside) {
        places.push(beside);
    }
    places.push(private_folder().join(fallback_name(db)));
    places
}

fn fits(path: &Path) -> bool {
    path.as_os_str().len() <= SUN_PATH_MAX
}

/// `/tmp/incubator-UID`: fixed, so that both sides agree whatever their
/// `$TMPDIR`.
fn private_folder() -> PathBuf {
    PathBuf::from(format!(
        "/tmp/incubator-{}",
        rustix::process::geteuid().as_raw()
    ))
}

/// The database's path, hashed: two databases, two names.
fn fallback_name(db: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let bytes = db.as_os_str().as_bytes();
    let mut second = crc32fast::Hasher::new_with_initial(0x5eed);
    second.update(bytes);
    format!(
        "{:08x}{:08x}.sock",
        crc32fast::hash(bytes),
        second.finalize()
    )
}

/// Make `/tmp/incubator-UID` if missing, and use it only if it is a
/// folder (not a link) of this user's that nobody else may enter.
pub fn make_private_folder() -> Result<PathBuf, String> {
    let folder = private_folder();
    let _ = fs::DirBuilder::new().mode(0o700).create(&folder);
    let meta = fs::symlink_metadata(&folder)
        .map_err(|e| format!("cannot make {}: {e}", folder.display()))?;
    let uid = rustix::process::geteuid().as_raw();
    if !meta.is_dir() || meta.uid() != uid || meta.mode() & 0o077 != 0 {
        return Err(format!(
            "{} is not a private folder of this user's",
            folder.display()
        ));
    }
    Ok(folder)
}

/// Whether `path` is a fallback socket (in the private folder).
pub fn in_private_folder(path: &Path) -> bool {
    path.starts_with(private_folder())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deep_database_has_its_socket_in_the_private_folder_only() {
        let short = Path::new("/home/ada/portfolio");
        let places_short = places(short);
        assert_eq!(places_short[0], short.join(SOCKET_NAME));
        assert_eq!(places_short.len(), 2);
        let deep = PathBuf::from(format!("/home/ada/{}/portfolio", "x".repeat(100)));
        let places_deep = places(&deep);
        assert_eq!(places_deep.len(), 1);
        assert!(in_private_folder(&places_deep[0]));
        assert!(places_deep[0].as_os_str().len() <= SUN_PATH_MAX);
        assert_ne!(places_deep[0], places_short[1], "one name a database");
    }
}
