//! The terminal sessions a server runs now, for `incubator sessions` and
//! for a reload: each session's user, role, start, last key and what its
//! screen shows, and a way to tell one to leave.
//!
//! A server's registry is found by its database's path
//! ([`serving`]): a command run in the server's process (over SSH or
//! through the holder's socket) is handed the store, not the server.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant, SystemTime};

use parking_lot::Mutex;
use russh::keys::PublicKey;

use super::users::{Role, Users};
use crate::app::App;
use crate::app::dialog::Overlay;
use crate::text;

/// The servers of this process, by database path.
static SERVING: Mutex<Option<HashMap<PathBuf, Weak<Registry>>>> = Mutex::new(None);

/// The registry of the server running on the database at `db`, if one
/// runs in this process.
pub fn serving(db: &Path) -> Option<Arc<Registry>> {
    SERVING.lock().as_ref()?.get(db).and_then(Weak::upgrade)
}

/// Make `registry` the one [`serving`] finds for `db` (until it is
/// dropped).
pub(super) fn publish(db: &Path, registry: &Arc<Registry>) {
    let mut serving = SERVING.lock();
    let map = serving.get_or_insert_with(HashMap::new);
    map.retain(|_, weak| weak.strong_count() > 0);
    map.insert(db.to_path_buf(), Arc::downgrade(registry));
}

/// Every terminal session running now.
#[derive(Default)]
pub struct Registry {
    sessions: Mutex<Vec<Weak<Entry>>>,
}

/// One terminal session, as its loop keeps it up to date.
pub struct Entry {
    user: String,
    role: Role,
    /// The key they signed in with: whether users.toml still lets them in.
    key: PublicKey,
    started: SystemTime,
    state: Mutex<State>,
}

struct State {
    last_key: Instant,
    tab: &'static str,
    dialog: Option<&'static str>,
    /// Set when the session is told to leave: the line it is told.
    leave: Option<String>,
}

/// What `incubator sessions` shows of one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: String,
    pub role: String,
    pub since: SystemTime,
    pub idle: Duration,
    /// The tab, and the dialog on top if one is open.
    pub tab: &'static str,
    pub dialog: Option<&'static str>,
}

impl Registry {
    /// A session starts: its entry, which it holds until it ends.
    pub fn enter(&self, user: &str, role: &Role, key: &PublicKey) -> Arc<Entry> {
        let entry = Arc::new(Entry {
            user: user.to_string(),
            role: role.clone(),
            key: key.clone(),
            started: SystemTime::now(),
            state: Mutex::new(State {
                last_key: Instant::now(),
                tab: "Home",
                dialog: None,
                leave: None,
            }),
        });
        let mut sessions = self.sessions.lock();
        sessions.retain(|weak| weak.strong_count() > 0);
        sessions.push(Arc::downgrade(&entry));
        entry
    }

    fn live(&self) -> Vec<Arc<Entry>> {
        self.sessions
            .lock()
            .iter()
            .filter_map(Weak::upgrade)
            .collect()
    }

    /// The sessions running now, oldest first.
    pub fn list(&self) -> Vec<Session> {
        self.live()
            .iter()
            .map(|entry| {
                let state = entry.state.lock();
                Session {
                    user: entry.user.clone(),
                    role: entry.role.to_string(),
                    since: entry.started,
                    idle: state.last_key.elapsed(),
                    tab: state.tab,
                    dialog: state.dialog,
                }
            })
            .collect()
    }

    /// Tell every session whose key `users` no longer lets in as the same
    /// user to leave; the names of those told, one per session.
    pub fn remove_gone(&self, users: &Users) -> Vec<String> {
        let mut told = Vec::new();
        for entry in self.live() {
            let still = users
                .by_key(&entry.key)
                .is_some_and(|u| u.name == entry.user);
            if !still {
                entry.state.lock().leave = Some(format!(
                    "incubator: {} was removed from the users file; the session has ended \
                     (what you saved is kept)",
                    text::sanitize_line(&entry.user)
                ));
                told.push(entry.user.clone());
            }
        }
        told
    }
}

impl Entry {
    /// A key was read.
    pub fn touched(&self) {
        self.state.lock().last_key = Instant::now();
    }

    /// A frame was drawn of `app`: what it shows.
    pub fn showing(&self, app: &App) {
        let mut state = self.state.lock();
        state.tab = app.tab.title();
        state.dialog = dialog_name(&app.overlay);
    }

    /// The line to leave with, once told to.
    pub fn told_to_leave(&self) -> Option<String> {
        self.state.lock().leave.clone()
    }
}

/// What a user would call the dialog open.
fn dialog_name(overlay: &Overlay) -> Option<&'static str> {
    Some(match overlay {
        Overlay::None => return None,
        Overlay::Help(_) => "help",
        Overlay::Palette(_) => "command palette",
        Overlay::Facets(_) => "filters",
        Overlay::Export(_) => "export",
        Overlay::Form(_) => "form",
        Overlay::Note(_) => "note",
        Overlay::Delete(_) => "delete",
        Overlay::Bulk(_) => "bulk change",
        Overlay::Review(_) => "review",
        Overlay::Reviewers(_) => "reviewers",
        Overlay::Stage(_) => "stage",
        Overlay::Series(_) => "office-hour series",
        Overlay::Book(_) => "booking",
        Overlay::Plan(_) => "plan",
        Overlay::Judging(_) => "judging",
        Overlay::JudgingSwitch(_) => "judging switch",
        Overlay::Report(_) => "impact report",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use russh::keys::{Algorithm, PrivateKey};

    fn key() -> PublicKey {
        PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
            .expect("a key")
            .public_key()
            .clone()
    }

    fn users(entries: &[(&str, &PublicKey)]) -> Users {
        let text: String = entries
            .iter()
            .map(|(name, key)| {
                let key = key.to_openssh().expect("encode");
                format!("[[user]]\nname = {name:?}\nrole = \"staff\"\nkeys = [\"{key}\"]\n")
            })
            .collect();
        Users::parse(&text, |_| true).expect("users")
    }

    #[test]
    fn a_reload_tells_only_the_removed_users_sessions_to_leave_in_safe_words() {
        let registry = Registry::default();
        let (kept, removed) = (key(), key());
        let sneaky = "Mallory\u{1b}]52;c;eA==\u{7}";
        let stays = registry.enter("Nigar", &Role::Staff, &kept);
        let goes = registry.enter(sneaky, &Role::Staff, &removed);
        assert_eq!(registry.list().len(), 2);

        let told = registry.remove_gone(&users(&[("Nigar", &kept)]));
        assert_eq!(told, [sneaky]);
        assert_eq!(stays.told_to_leave(), None);
        let line = goes.told_to_leave().expect("told to leave");
        assert!(!line.chars().any(text::is_unsafe), "{line:?}");
        assert!(line.contains("was removed from the users file"), "{line}");

        drop(goes);
        let listed = registry.list();
        assert_eq!(listed.len(), 1, "an ended session leaves the list");
        assert_eq!((listed[0].user.as_str(), listed[0].tab), ("Nigar", "Home"));
    }
}
