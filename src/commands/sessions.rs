//! `sessions`: who is connected to the server holding the database — each
//! terminal session's user, role, since when, idle for how long, and what
//! screen it is on. Runs in the server's process (over SSH, or forwarded
//! through the holder's socket), where its registry is.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Local};

use super::table::columns;
use super::{Failure, Output};
use crate::serve::registry::{self, Session};

/// List the sessions of the server running on the database at `db`
/// (`held`: this process holds it). Without a server here: exit 2.
pub fn sessions(db: &Path, held: bool, output: &mut Output) -> Result<u8, Failure> {
    let Some(registry) = registry::serving(db) else {
        let why = match held {
            true => "is open in the full-screen view, not served",
            false => "is not served",
        };
        return Err(Failure::new(
            2,
            format!(
                "{} {why}: no one is connected (start `incubator serve`)",
                db.display()
            ),
        ));
    };
    let sessions = registry.list();
    if sessions.is_empty() {
        output.print("no one is connected\n")?;
        return Ok(0);
    }
    let mut rows = vec![vec![
        "USER".to_string(),
        "ROLE".into(),
        "SINCE".into(),
        "IDLE".into(),
        "SCREEN".into(),
    ]];
    rows.extend(sessions.iter().map(row));
    output.print(&columns(&rows))?;
    Ok(0)
}

fn row(session: &Session) -> Vec<String> {
    let since: DateTime<Local> = session.since.into();
    let screen = match session.dialog {
        Some(dialog) => format!("{} › {dialog}", session.tab),
        None => session.tab.to_string(),
    };
    vec![
        session.user.clone(),
        session.role.clone(),
        since.format("%Y-%m-%d %H:%M").to_string(),
        idle(session.idle),
        screen,
    ]
}

/// "12 s", "4 min", "2 h 5 min".
fn idle(idle: Duration) -> String {
    let seconds = idle.as_secs();
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min", seconds / 60),
        _ => format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_times_read_as_a_person_says_them() {
        assert_eq!(idle(Duration::from_secs(12)), "12 s");
        assert_eq!(idle(Duration::from_secs(4 * 60 + 59)), "4 min");
        assert_eq!(idle(Duration::from_secs(2 * 3600 + 5 * 60)), "2 h 5 min");
    }

    #[test]
    fn without_a_server_it_says_so() {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut output = Output::new(&mut out, &mut err);
        let failure =
            sessions(Path::new("/nowhere/db"), false, &mut output).expect_err("no server here");
        assert_eq!(failure.code, 2);
        assert_eq!(
            failure.message,
            "/nowhere/db is not served: no one is connected (start `incubator serve`)"
        );
    }
}
