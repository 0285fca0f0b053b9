//! The user's settings: the file `--config FILE` names, else
//! `$INCUBATOR_CONFIG`, else `$XDG_CONFIG_HOME/incubator/config.toml` (or
//! the platform's config folder).
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
use std::sync::OnceLock;

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

/// The variable that names the config file when `--config` does not.
pub const VARIABLE: &str = "INCUBATOR_CONFIG";

/// How the config file was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    /// `--config FILE`.
    Flag,
    /// `$INCUBATOR_CONFIG`.
    Environment,
    /// The config folder's `config.toml`.
    Default,
    /// The caller's, for a command forwarded to the database's holder.
    Caller,
}

/// `--config FILE`, set once by the command line before anything reads
/// the config.
static FLAG: OnceLock<PathBuf> = OnceLock::new();

/// Read the config from `file` (`--config`) in this process.
pub fn choose(file: PathBuf) {
    // Absolute: a forwarded command's holder reads it from its own folder.
    let file = std::path::absolute(&file).unwrap_or(file);
    let _ = FLAG.set(file);
}

/// Where the config file is looked for.
pub fn path() -> Option<PathBuf> {
    located().map(|(path, _)| path)
}

/// Where the config file is looked for, and how that was chosen.
pub fn located() -> Option<(PathBuf, Chosen)> {
    // A command forwarded to the database's holder reads its caller's.
    if let Some(callers) = crate::environment::config_file() {
        return callers.map(|path| (path, Chosen::Caller));
    }
    if let Some(flag) = FLAG.get() {
        return Some((flag.clone(), Chosen::Flag));
    }
    if let Some(named) = std::env::var_os(VARIABLE).filter(|v| !v.is_empty()) {
        return Some((PathBuf::from(named), Chosen::Environment));
    }
    std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(|dir| PathBuf::from(dir).join("incubator"))
        .or_else(|| {
            directories::ProjectDirs::from("", "", "incubator")
                .map(|d| d.config_dir().to_path_buf())
        })
        .map(|dir| (dir.join("config.toml"), Chosen::Default))
}

/// A file named by `--config` or `$INCUBATOR_CONFIG` that is not there:
/// most likely a typo, refused rather than read as no settings.
pub fn missing_choice() -> Option<String> {
    let (path, chosen) = located()?;
    let by = match chosen {
        Chosen::Flag => "--config",
        Chosen::Environment => "$INCUBATOR_CONFIG",
        Chosen::Default | Chosen::Caller => return None,
    };
    match path.is_file() {
        true => None,
        false => Some(format!("no config file at {} ({by})", path.display())),
    }
}

impl Config {
    /// The settings, or the defaults when there is no file. A file that
    /// cannot be read or understood is an error naming it and the problem.
    pub fn load() -> Result<Config, String> {
        match located() {
            Some((path, Chosen::Flag | Chosen::Environment)) => Config::read(&path),
            Some((path, _)) if path.exists() => Config::read(&path),
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
        let config: Config = toml::from_str(&text).map_err(|e| located_error(path, &text, &e))?;
        config.keymap().map_err(|e| format!("{shown}: {e}"))?;
        Ok(config)
    }

    /// Read `path` for `incubator config`: the settings, the line each
    /// key is on, and every unknown key with its line (where [`Config::read`]
    /// stops at the first); the known keys are read whatever the unknown.
    pub fn explain(path: &Path) -> Result<Explained, String> {
        let shown = path.display();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
        let document =
            toml::de::DeTable::parse(&text).map_err(|e| located_error(path, &text, &e))?;
        let mut lines = HashMap::new();
        let mut unknown = Vec::new();
        for (key, value) in document.get_ref() {
            let name = key.get_ref().to_string();
            let line = line_at(&text, key.span().start);
            if !KEYS.contains(&name.as_str()) {
                unknown.push((name, line));
                continue;
            }
            if let toml::de::DeValue::Table(table) = value.get_ref() {
                for (inner, _) in table {
                    let line = line_at(&text, inner.span().start);
                    lines.insert(format!("{name}.{}", inner.get_ref()), line);
                }
            }
            lines.insert(name, line);
        }
        unknown.sort_by_key(|(_, line)| *line);
        let mut table: toml::Table =
            toml::from_str(&text).map_err(|e| located_error(path, &text, &e))?;
        table.retain(|key, _| KEYS.contains(&key));
        let config: Config = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| format!("{shown}: {}", e.message()))?;
        config.keymap().map_err(|e| format!("{shown}: {e}"))?;
        Ok(Explained {
            config,
            lines,
            unknown,
        })
    }

    pub fn keymap(&self) -> Result<Keymap, String> {
        Keymap::with_overrides(&self.keys)
    }
}

/// The keys a config file may hold at its top.
pub const KEYS: [&str; 4] = ["display_name", "export_folder", "backups_kept", "keys"];

/// A config file as `incubator config` shows it.
#[derive(Debug)]
pub struct Explained {
    pub config: Config,
    /// The line of each key: `display_name`, `keys`, `keys.quit`.
    pub lines: HashMap<String, usize>,
    /// Each key the program does not know, with its line.
    pub unknown: Vec<(String, usize)>,
}

/// The 1-based line of byte `at` in `text`.
fn line_at(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A TOML error as one line: the file, the line, what is wrong.
fn located_error(path: &Path, text: &str, e: &toml::de::Error) -> String {
    let shown = path.display();
    let message = e.message();
    match e.span() {
        Some(span) => format!("{shown}, line {}: {message}", line_at(text, span.start)),
        None => format!("{shown}: {message}"),
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
        // The line is the key's, not the one before it.
        std::fs::write(&file, "display_name = \"A\"\n\ncolour = true\n").unwrap();
        let err = Config::read(&file).unwrap_err();
        assert!(err.contains("line 3: unknown field `colour`"), "{err}");
    }

    #[test]
    fn explaining_a_file_finds_every_unknown_key_and_each_known_keys_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        let text =
            "colour = true\ndisplay_name = \"Aysel\"\n[keys]\nquit = [\"Ctrl-q\"]\n[theme]\n";
        std::fs::write(&file, text).unwrap();
        let explained = Config::explain(&file).unwrap();
        assert_eq!(explained.config.display_name.as_deref(), Some("Aysel"));
        assert_eq!(explained.lines["display_name"], 2);
        assert_eq!(explained.lines["keys.quit"], 4);
        assert_eq!(
            explained.unknown,
            [("colour".to_string(), 1), ("theme".to_string(), 5)]
        );
    }
}
