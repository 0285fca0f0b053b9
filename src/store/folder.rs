//! Telling an incubator database from someone else's folder, before
//! anything is written there: by the marker written when one is set up, or
//! (a database made before the marker existed) by sled's settings file
//! being sled's. A folder that is neither is refused, whatever the
//! command, with nothing written in it.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

use super::error::StoreError;
use super::open::{SET_UP_FILE, io_words};

/// Written before an import or restore fills a database that is not set
/// up yet, removed once it committed. Found on a database that holds
/// nothing, it means that fill was cut short: the sample is then never
/// loaded in place of what was being brought in.
pub(super) const FILLING_FILE: &str = "incubator-filling";

/// Names a folder may hold besides sled's and ours without being taken for
/// someone else's: what file systems and file browsers put there.
const HARMLESS: [&str; 3] = ["lost+found", ".DS_Store", "Thumbs.db"];

/// The database at `path` is missing (a new one), empty, or ours; else
/// why not. Reads only.
pub(super) fn recognise(path: &Path) -> Result<(), StoreError> {
    let not_ours = |detail: String| StoreError::NotADatabase {
        path: path.to_path_buf(),
        detail,
    };
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(path, &e)),
    };
    if meta.is_file() {
        return Err(not_ours(
            "it is a file; an incubator database is a folder".into(),
        ));
    }
    if !meta.is_dir() {
        return Err(not_ours(
            "it is not a folder; an incubator database is a folder".into(),
        ));
    }
    let mut names = Vec::new();
    for entry in fs::read_dir(path).map_err(|e| io_error(path, &e))? {
        let entry = entry.map_err(|e| io_error(path, &e))?;
        names.push(entry.file_name().to_string_lossy().to_string());
    }
    if names
        .iter()
        .any(|n| n == SET_UP_FILE || n == FILLING_FILE || n == super::swap::BUILDING)
    {
        return data_file_is_a_file(path);
    }
    let others: Vec<&String> = names
        .iter()
        .filter(|n| !HARMLESS.contains(&n.as_str()))
        .collect();
    // Nothing yet, or sled stopped after making its first folder.
    if others.is_empty() || (others == ["blobs"] && is_empty_folder(&path.join("blobs"))) {
        return Ok(());
    }
    if sled_settings_are_sleds(path) && data_file_is_a_file(path).is_ok() {
        return Ok(());
    }
    let mut foreign: Vec<String> = others.into_iter().cloned().collect();
    foreign.sort();
    let shown: Vec<String> = foreign
        .iter()
        .take(3)
        .map(|n| crate::text::sanitize_line(n))
        .collect();
    let more = match foreign.len() {
        n if n > 3 => format!(" and {} more", n - 3),
        _ => String::new(),
    };
    Err(not_ours(format!(
        "the folder holds other files ({}{more}) and no database; give a new or empty folder",
        shown.join(", ")
    )))
}

/// sled's log, `db`, when there is one, is a file: anything else there
/// (a folder, a pipe) is said in words rather than left to sled's
/// "Is a directory (os error 21)".
fn data_file_is_a_file(path: &Path) -> Result<(), StoreError> {
    match fs::symlink_metadata(path.join("db")) {
        Ok(meta) if !meta.is_file() => Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: "its data file, db, is not a file".into(),
        }),
        _ => Ok(()),
    }
}

fn is_empty_folder(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// Whether `conf` is sled's settings file: the three lines sled 0.34
/// writes (`segment_size: …`, `use_compression: …`, `version: …`)
/// followed by their 4-byte checksum. Someone's text file named `conf`
/// is not.
fn sled_settings_are_sleds(path: &Path) -> bool {
    let Ok(file) = fs::File::open(path.join("conf")) else {
        return false;
    };
    let mut bytes = Vec::new();
    // sled's is about 60 bytes; a large file is not it.
    if file.take(1024).read_to_end(&mut bytes).is_err() || bytes.len() <= 8 {
        return false;
    }
    let Ok(text) = std::str::from_utf8(&bytes[..bytes.len() - 4]) else {
        return false;
    };
    let mut keys: Vec<&str> = Vec::new();
    for line in text.lines() {
        let Some((key, value)) = line.split_once(": ") else {
            return false;
        };
        let fits = match key {
            "segment_size" => value.parse::<u64>().is_ok(),
            "use_compression" => matches!(value, "true" | "false"),
            "version" => value
                .split_once('.')
                .is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok()),
            _ => false,
        };
        if !fits || keys.contains(&key) {
            return false;
        }
        keys.push(key);
    }
    keys.len() == 3
}

fn io_error(path: &Path, e: &io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        detail: io_words(e),
    }
}

/// What was being brought into the database at `path` when a fill was cut
/// short, if one was.
pub(super) fn interrupted_fill(path: &Path) -> Option<String> {
    let text = fs::read_to_string(path.join(FILLING_FILE)).ok()?;
    let what = text.lines().next().unwrap_or_default().trim().to_string();
    Some(if what.is_empty() {
        "an import or restore".into()
    } else {
        crate::text::sanitize_line(&what)
    })
}

/// Say in the folder at `path` that `what` (e.g. "the restore of
/// x.json") is about to fill it; makes the folder if missing. Nothing is
/// written into a folder that is not ours, nor into one already set up
/// (its records are replaced in one transaction: there is no empty
/// moment).
pub(super) fn begin_filling(path: &Path, what: &str) -> Result<bool, StoreError> {
    recognise(path)?;
    if path.join(SET_UP_FILE).exists() {
        return Ok(false);
    }
    let write = || -> io::Result<()> {
        use std::io::Write;
        fs::create_dir_all(path)?;
        let mut file = fs::File::create(path.join(FILLING_FILE))?;
        file.write_all(format!("{what}\n").as_bytes())?;
        file.sync_all()?;
        // The name itself must be on disk before sled's files are.
        fs::File::open(path)?.sync_all()
    };
    write().map_err(|e| io_error(path, &e))?;
    Ok(true)
}

/// The fill that [`begin_filling`] announced committed.
pub(super) fn end_filling(path: &Path) {
    let _ = fs::remove_file(path.join(FILLING_FILE));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleds_own_settings_are_told_from_a_text_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut conf = b"segment_size: 524288\nuse_compression: false\nversion: 0.34\n".to_vec();
        conf.extend([1, 2, 3, 4]);
        fs::write(dir.path().join("conf"), &conf).unwrap();
        assert!(sled_settings_are_sleds(dir.path()));
        for text in [
            &b"hello\nworld\n"[..],
            b"segment_size: 524288\nuse_compression: false\nname: x\n1234",
            b"segment_size: 524288\nuse_compression: false\n1234",
            b"",
        ] {
            fs::write(dir.path().join("conf"), text).unwrap();
            assert!(!sled_settings_are_sleds(dir.path()), "{text:?}");
        }
    }
}
