//! Whether sled compresses a database's pages (zstd). sled 0.34 writes the
//! choice into the database's settings file, `conf`, and refuses to open it
//! with the other one; so a database keeps what it was made with — one
//! made before compression opens uncompressed — and a new one (every
//! import or restore that replaces a portfolio builds a new one) is
//! compressed.

use std::fs;
use std::path::Path;

/// zstd's level for new pages: the lowest. At 10k it leaves the database
/// about as small as level 3 does, at less CPU a write (BENCHMARKS.md).
const LEVEL: i32 = 1;

/// `config` set to open the database at `path` the way it was made, or,
/// for a new one, compressed.
pub(super) fn configure(config: sled::Config, path: &Path) -> sled::Config {
    let compressed = made_compressed(path).unwrap_or(true);
    config.use_compression(compressed).compression_factor(LEVEL)
}

/// What `conf` says of compression: `None` when there is no `conf` sled
/// would use (a new database; sled writes one), and then the caller's
/// default holds. sled's format: `key: value` lines, then a 4-byte CRC;
/// a file of 8 bytes or fewer is ignored by sled and written again.
fn made_compressed(path: &Path) -> Option<bool> {
    let bytes = fs::read(path.join("conf")).ok()?;
    if bytes.len() <= 8 {
        return None;
    }
    let text = std::str::from_utf8(&bytes[..bytes.len() - 4]).ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix("use_compression: "))
        .and_then(|value| value.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use tempfile::TempDir;

    use super::*;
    use crate::model::Startup;
    use crate::model::testing::startup;
    use crate::store::Store;

    /// Writes a startup into the database at `path`, closes it, opens it
    /// again and reads the startup back.
    fn write_close_and_read(path: &Path) {
        let store = Store::open(path).expect("opens");
        if !store.is_initialized().expect("reads") {
            store.initialize_empty().expect("set up");
        }
        store
            .create("tester", startup("s1").into())
            .expect("written");
        drop(store);
        let store = Store::open(path).expect("opens again");
        assert!(store.get::<Startup>("s1").expect("reads").is_some());
    }

    #[test]
    fn a_new_database_is_compressed() {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("db");
        write_close_and_read(&path);
        assert_eq!(made_compressed(&path), Some(true));
    }

    /// A database made before compression (sled's `conf` says
    /// `use_compression: false`) opens and is written as it was made,
    /// never called damaged.
    #[test]
    fn a_database_made_uncompressed_opens_as_it_was_made() {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("db");
        let old = sled::Config::new()
            .path(&path)
            .use_compression(false)
            .open()
            .unwrap();
        old.flush().unwrap();
        drop(old);
        assert_eq!(made_compressed(&path), Some(false));
        write_close_and_read(&path);
        assert_eq!(made_compressed(&path), Some(false));
    }

    #[test]
    fn a_settings_file_sled_would_ignore_says_nothing() {
        let dir = TempDir::new().unwrap();
        assert_eq!(made_compressed(dir.path()), None);
        fs::write(dir.path().join("conf"), b"12345678").unwrap();
        assert_eq!(made_compressed(dir.path()), None);
    }
}
