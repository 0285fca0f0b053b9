//! `incubator config`: the settings in effect, one a line, and where each
//! came from — a flag, the environment, the config file's line, or the
//! default. Every key the file holds that the program does not know is
//! told with its line, and makes the exit status 2.

use std::path::PathBuf;

use crate::config::{self, Chosen, Config, Explained};

use super::{Failure, Output};

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    /// A flag on the command line, as typed (`--db`).
    Flag(&'static str),
    /// An environment variable, with its `$`.
    Environment(&'static str),
    /// The config file, at this line.
    File(PathBuf, usize),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => write!(f, "default"),
            Origin::Flag(flag) => write!(f, "{flag}"),
            Origin::Environment(var) => write!(f, "{var}"),
            Origin::File(path, line) => write!(f, "{}:{line}", path.display()),
        }
    }
}

/// What `incubator config` is told by the command line: the database in
/// use and where its path came from.
pub struct ConfigRequest {
    pub database: Result<PathBuf, String>,
    pub database_from: Origin,
}

pub fn config(request: &ConfigRequest, output: &mut Output) -> Result<u8, Failure> {
    let mut rows: Vec<(String, String, Origin)> = Vec::new();
    let located = config::located();
    let (file, explained) = match &located {
        Some((path, chosen)) => {
            let from = match chosen {
                Chosen::Flag => Origin::Flag("--config"),
                Chosen::Environment => Origin::Environment("$INCUBATOR_CONFIG"),
                Chosen::Default | Chosen::Caller => Origin::Default,
            };
            let there = path.is_file();
            let shown = match there {
                true => path.display().to_string(),
                false => format!("{} (not there: no settings read)", path.display()),
            };
            rows.push(("config file".into(), shown, from));
            let explained = match there {
                true => Some(Config::explain(path).map_err(|e| Failure::new(2, e))?),
                false => None,
            };
            (Some(path.clone()), explained)
        }
        None => {
            let shown = "none (no config folder on this system)".to_string();
            rows.push(("config file".into(), shown, Origin::Default));
            (None, None)
        }
    };
    let database = match &request.database {
        Ok(path) => path.display().to_string(),
        Err(e) => e.clone(),
    };
    rows.push(("database".into(), database, request.database_from.clone()));
    let empty = Explained {
        config: Config::default(),
        lines: Default::default(),
        unknown: Vec::new(),
    };
    let explained = explained.as_ref().unwrap_or(&empty);
    let settings = &explained.config;
    let from = |key: &str| match (&file, explained.lines.get(key)) {
        (Some(path), Some(line)) => Origin::File(path.clone(), *line),
        _ => Origin::Default,
    };
    let display_name = match &settings.display_name {
        Some(name) if !name.trim().is_empty() => name.clone(),
        _ => format!("{} (your login name)", crate::store::login_name()),
    };
    rows.push(("display_name".into(), display_name, from("display_name")));
    let export_folder = match settings.export_folder() {
        Some(folder) => folder.display().to_string(),
        None => "the folder incubator runs in".into(),
    };
    rows.push(("export_folder".into(), export_folder, from("export_folder")));
    let kept = settings.backups_kept.unwrap_or(crate::backup::DEFAULT_KEPT);
    rows.push((
        "backups_kept".into(),
        kept.to_string(),
        from("backups_kept"),
    ));
    let mut actions: Vec<_> = settings.keys.iter().collect();
    actions.sort();
    if actions.is_empty() {
        rows.push((
            "keys".into(),
            "as the help lists them".into(),
            Origin::Default,
        ));
    }
    for (action, keys) in actions {
        rows.push((
            format!("keys.{action}"),
            keys.join(", "),
            from(&format!("keys.{action}")),
        ));
    }
    output.print(&table(&rows))?;
    for (key, line) in &explained.unknown {
        let path = file.as_deref().unwrap_or(std::path::Path::new(""));
        output.tell(&crate::text::sanitize(&format!(
            "incubator: {}, line {line}: unknown key `{key}` (known: {})",
            path.display(),
            config::KEYS.join(", ")
        )));
    }
    Ok(match explained.unknown.is_empty() {
        true => 0,
        false => 2,
    })
}

/// The rows in three columns: setting, value, where from; made safe for
/// the terminal (a name in the file may hold anything).
fn table(rows: &[(String, String, Origin)]) -> String {
    let width = |cell: &str| unicode_width::UnicodeWidthStr::width(cell);
    let first = rows.iter().map(|r| width(&r.0)).max().unwrap_or(0);
    let second = rows.iter().map(|r| width(&r.1)).max().unwrap_or(0);
    let mut text = String::new();
    for (setting, value, from) in rows {
        let value = crate::text::sanitize_line(value);
        let line = format!(
            "{setting}{}  {value}{}  {from}",
            " ".repeat(first - width(setting)),
            " ".repeat(second.saturating_sub(width(&value))),
        );
        text.push_str(&crate::text::sanitize_line(&line));
        text.push('\n');
    }
    text
}
