//! The user's settings: `$XDG_CONFIG_HOME/incubator/config.toml` (or the
//! platform's config folder).
//!
//! ```toml
//! display_name = "Aysel Hüseynova"   # author of notes you write
//! export_folder = "~/reports"        # where exports go
//! backups_kept = 14                  # snapshots kept beside the database
//! log_format = "logfmt"              # serve's log: "json" (default) or "logfmt"
//!
//! [keys]                             # rebind any action from the help
//! down = ["j", "Down", "Ctrl-n"]
//! save = ["Ctrl-w"]                  # a dialog's keys too (README lists them)
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::app::Keymap;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub display_name: Option<String>,
    pub export_folder: Option<PathBuf>,
    /// How many snapshots to keep in the backups folder beside the
    /// database (14 when not given; 0 turns automatic snapshots off).
    pub backups_kept: Option<usize>,
    /// How `serve` writes its log: JSON lines when not given.
    pub log_format: Option<crate::serve::log::Format>,
    #[serde(default)]
    pub keys: HashMap<String, Vec<String>>,
}

/// Where the config file is looked for.
pub fn path() -> Option<PathBuf> {
    // A command forwarded to the database's holder reads its caller's.
    if let Some(callers) = crate::environment::config_file() {
        return callers;
    }
    std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(|dir| PathBuf::from(dir).join("incubator"))
        .or_else(|| {
            directories::ProjectDirs::from("", "", "incubator")
                .map(|d| d.config_dir().to_path_buf())
        })
        .map(|dir| dir.join("config.toml"))
}

impl Config {
    /// The settings, or the defaults when there is no file. A file that
    /// cannot be read or understood is an error naming it and the problem.
    pub fn load() -> Result<Config, String> {
        match path() {
            Some(path) if path.exists() => Config::read(&path),
            _ => Ok(Config::default()),
        }
    }

    /// The export folder, a leading `~` standing for the home folder.
    pub fn export_folder(&self) -> Option<PathBuf> {
        let folder = self.export_folder.as_ref()?;
        let home = || directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
        match folder.strip_prefix("~") {
            Ok(rest) => home().map(|h| h.join(rest)),
            Err(_) => Some(folder.clone()),
        }
    }

    pub fn read(path: &Path) -> Result<Config, String> {
        let shown = path.display();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
        let config: Config = toml::from_str(&text).map_err(|e| {
            let message = e.message().to_string();
            match e.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].lines().count().max(1);
                    format!("{shown}, line {line}: {message}")
                }
                None => format!("{shown}: {message}"),
            }
        })?;
        config.keymap().map_err(|e| format!("{shown}: {e}"))?;
        Ok(config)
    }

    pub fn keymap(&self) -> Result<Keymap, String> {
        Keymap::with_overrides(&self.keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_with_a_bad_key_names_the_file_and_the_action() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(
            &file,
            "display_name = \"Aysel\"\n[keys]\nquit = [\"Ctrl-q\"]\n",
        )
        .unwrap();
        let config = Config::read(&file).unwrap();
        assert_eq!(config.display_name.as_deref(), Some("Aysel"));
        std::fs::write(&file, "[keys]\nquit = [\"Hyper-q\"]\n").unwrap();
        let err = Config::read(&file).unwrap_err();
        assert!(
            err.ends_with("[keys] quit: unknown key \"Hyper-q\""),
            "{err}"
        );
        std::fs::write(&file, "colour = true\n").unwrap();
        let err = Config::read(&file).unwrap_err();
        assert!(err.contains("line 1: unknown field `colour`"), "{err}");
    }
}
