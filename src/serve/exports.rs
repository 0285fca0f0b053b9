//! Where an SSH user's exports go: a folder of their own under the
//! server's export folder (`--exports`, by default beside the database),
//! named after them. A session never names a path on the server.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::users::Users;
use crate::export::summary::slug;

/// The export folders, from the command line.
#[derive(Debug, Clone)]
pub struct Exports {
    /// Holds one folder per user (each made 0700 at its first export).
    pub folder: PathBuf,
    /// The host users may `scp` their exports from (the machine's own
    /// sshd; `incubator serve` speaks neither scp nor sftp), if any.
    pub scp_host: Option<String>,
}

impl Exports {
    /// The default: `portfolio-exports` beside the database folder `db`.
    pub fn beside(db: &Path) -> Exports {
        let name = db
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "incubator".into());
        Exports {
            folder: db.with_file_name(format!("{name}-exports")),
            scp_host: None,
        }
    }

    /// Each user's folder.
    pub fn folders(&self, users: &Users) -> UserFolders {
        UserFolders {
            folder: self.folder.clone(),
            names: folder_names(users.iter().map(|u| u.name.as_str())),
        }
    }
}

/// The folder of each user in users.toml.
#[derive(Debug, Clone)]
pub struct UserFolders {
    folder: PathBuf,
    names: HashMap<String, String>,
}

impl UserFolders {
    pub fn of(&self, user: &str) -> PathBuf {
        let name = self
            .names
            .get(user)
            .cloned()
            .unwrap_or_else(|| format!("user-{:08x}", fingerprint(user)));
        self.folder.join(name)
    }
}

/// A folder name for each user: their name folded to ASCII (`kim-min-jun`),
/// with a short fingerprint of the exact name when it folds to nothing
/// (`김민준`) or to what another user's folds to, so no two users share one.
fn folder_names<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<String, String> {
    let names: Vec<&str> = names.collect();
    let slugs: Vec<Option<String>> = names.iter().map(|n| slug(n)).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for s in slugs.iter().flatten() {
        *seen.entry(s.as_str()).or_default() += 1;
    }
    names
        .iter()
        .zip(&slugs)
        .map(|(name, s)| {
            let folder = match s {
                Some(s) if seen.get(s.as_str()) == Some(&1) => s.clone(),
                Some(s) => format!("{s}-{:08x}", fingerprint(name)),
                None => format!("user-{:08x}", fingerprint(name)),
            };
            (name.to_string(), folder)
        })
        .collect()
}

/// FNV-1a over the name's bytes: the same on every start and platform
/// (std's hasher promises neither).
fn fingerprint(name: &str) -> u32 {
    name.bytes().fold(0x811c_9dc5, |hash: u32, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_user_gets_a_folder_of_their_own() {
        let names = [
            "Nigar Əliyeva",
            "Kim Min-jun",
            "Kim Min Jun",
            "김민준",
            "../..",
        ];
        let folders = folder_names(names.into_iter());
        assert_eq!(folders["Nigar Əliyeva"], "nigar-eliyeva");
        assert!(folders["Kim Min-jun"].starts_with("kim-min-jun-"));
        assert_ne!(folders["Kim Min-jun"], folders["Kim Min Jun"]);
        assert!(folders["김민준"].starts_with("user-"));
        assert!(
            folders["../.."].starts_with("user-"),
            "{}",
            folders["../.."]
        );
        let again = folder_names(names.into_iter().rev());
        assert_eq!(folders, again, "the same whatever the order");
    }
}
