//! What to tell someone whose database is damaged, and the commands that
//! name a database as typed into a shell.

use std::path::Path;

use super::snapshot::{folder, latest_good, list};

/// A path as typed into a shell: quoted when it needs to be.
pub fn shell_quote(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@,%=".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// `incubator --db PATH restore NAME`.
pub fn restore_command(db: &Path, name: &str) -> String {
    format!("incubator --db {} restore {name}", shell_quote(db))
}

/// `incubator --db PATH restore`.
pub fn list_command(db: &Path) -> String {
    format!("incubator --db {} restore", shell_quote(db))
}

/// What to run next when the database at `db` is damaged: the command that
/// restores the latest good snapshot, by name, or where to turn when there
/// is none. One line.
pub fn advice(db: &Path) -> String {
    if let Some((snapshot, summary)) = latest_good(db) {
        return format!(
            "`{}` brings back the latest good snapshot ({}: {summary}) and keeps the damaged database aside",
            restore_command(db, &snapshot.name),
            snapshot.when()
        );
    }
    let folder = folder(db);
    match list(db) {
        Ok(list) if !list.is_empty() => format!(
            "no snapshot in {} can be read; load your last export with `incubator --db {} restore FILE`",
            folder.display(),
            shell_quote(db)
        ),
        _ => format!(
            "there is no snapshot in {}; load your last export with `incubator --db {} restore FILE`",
            folder.display(),
            shell_quote(db)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_a_shell_when_needed() {
        assert_eq!(shell_quote(Path::new("/data/portfolio")), "/data/portfolio");
        assert_eq!(
            shell_quote(Path::new("/My Data/it's")),
            r"'/My Data/it'\''s'"
        );
    }
}
