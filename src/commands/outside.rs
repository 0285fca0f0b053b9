//! Output files never go inside the database folder or its backups
//! folder: `export all -o DB/db` would replace sled's own log with JSON,
//! and a file there makes the folder someone else's.

use std::path::{Path, PathBuf};

use super::Failure;
use crate::backup;

/// Refuse `output` (as given to `-o`, after a folder was turned into a
/// file name, or `serve --exports`) when it lies inside the database at
/// `db` or its backups folder, links followed.
pub fn refuse_inside_database(db: &Path, output: &Path) -> Result<(), Failure> {
    let Some(target) = resolved(output) else {
        // Nothing of it can be told (no file name): writing it fails with
        // its own message.
        return Ok(());
    };
    let places = [
        ("the database folder", db.to_path_buf()),
        ("the database's backups folder", backup::folder(db)),
    ];
    for (what, place) in places {
        let place = place.canonicalize().unwrap_or(place);
        if target.starts_with(&place) {
            return Err(Failure::new(
                2,
                format!(
                    "{} is inside {what} {}; write it somewhere else (nothing written)",
                    output.display(),
                    place.display()
                ),
            ));
        }
    }
    Ok(())
}

/// `path` with every link followed: the real path of the deepest part
/// of it that exists, joined with the rest (`DB/new/x.json` is inside
/// `DB` even before `new` is made).
fn resolved(path: &Path) -> Option<PathBuf> {
    let path = std::path::absolute(path).ok()?;
    let mut rest = Vec::new();
    let mut existing = path.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return Some(rest.iter().rev().fold(real, |p, name| p.join(name)));
        }
        rest.push(existing.file_name()?);
        existing = existing.parent()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_inside_the_database_or_its_backups_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("portfolio");
        std::fs::create_dir_all(db.join("blobs")).unwrap();
        std::fs::create_dir_all(backup::folder(&db)).unwrap();
        for inside in [
            db.join("db"),
            db.join("new.json"),
            db.join("blobs").join("x"),
            db.join("blobs").join("..").join("conf"),
            db.join("missing").join("exports"),
            backup::folder(&db).join("2026-01-01T000000Z-daily.json"),
        ] {
            let refused = refuse_inside_database(&db, &inside).unwrap_err();
            assert_eq!(refused.code, 2);
            assert!(refused.message.contains("is inside"), "{}", refused.message);
        }
        for outside in [
            dir.path().join("export.json"),
            dir.path().join("portfolio.json"),
            dir.path().join("missing").join("x.json"),
        ] {
            assert!(refuse_inside_database(&db, &outside).is_ok(), "{outside:?}");
        }
        // A link pointing in is inside.
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(db.join("db"), &link).unwrap();
        std::fs::write(db.join("db"), b"x").unwrap();
        assert!(refuse_inside_database(&db, &link).is_err());
    }
}
