//! The full-screen view, on this process's terminal.

use crate::config::Config;
use crate::store::login_name;
use crate::text::sanitize_line;
use crate::workspace::Opened;

use super::{Failure, Output};

/// The full-screen view, on this terminal.
pub fn view(opened: &Opened, output: &mut Output) -> Result<u8, Failure> {
    let config = Config::load().map_err(|e| Failure::new(2, e))?;
    let keymap = config.keymap().map_err(|e| Failure::new(2, e))?;
    // https://no-color.org: any non-empty value turns colour off.
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let notice = opened
        .loaded_sample
        .as_ref()
        .map(|loaded| format!("New database with the sample portfolio: {loaded}"));
    let export_folder = match config.export_folder() {
        Some(folder) => folder,
        None => std::env::current_dir().unwrap_or_else(|_| ".".into()),
    };
    let user = config
        .display_name
        .clone()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(login_name);
    let launch = crate::term::Launch {
        keymap,
        color,
        notice,
        export_folder,
        user,
        access: crate::store::Access::Everything,
        remote: None,
        signs_in: Vec::new(),
    };
    crate::term::run(&opened.store, launch)
        .map_err(|e| Failure::new(1, format!("the terminal failed: {e}")))?;
    // A clean end (q, SIGTERM, SIGHUP): keep a snapshot if anything changed.
    if let Err(e) = crate::backup::snapshot_at_shutdown(&opened.store) {
        output.tell(&format!("incubator: {}", sanitize_line(&e.to_string())));
    }
    Ok(0)
}
