//! What this session's user may change, so the screen neither offers nor
//! starts what the store would refuse. The store decides (store::access);
//! this only keeps the keys honest.

use super::keymap::Action;
use super::state::{State, Tab};
use crate::model::Kind;
use crate::store::Access;

impl State {
    /// Whether `action` could change anything for this user here.
    pub fn may(&self, action: Action) -> bool {
        self.refusal(action).is_none()
    }

    /// Why `action` is not this user's to take, if it is not.
    pub(super) fn refusal(&self, action: Action) -> Option<String> {
        if !matches!(
            action,
            Action::New | Action::Edit | Action::Delete | Action::AddNote | Action::Undo
        ) {
            return None;
        }
        let mentor = match &self.access {
            Access::Everything => return None,
            Access::ReadOnly => {
                return Some(
                    "Staff may not change the portfolio: reading, search and exports (x) are yours"
                        .into(),
                );
            }
            Access::Mentor { id } => id,
        };
        // The startup on screen, and whether it is one of theirs.
        let startup = (self.tab == Tab::Startups)
            .then(|| self.selected_index())
            .flatten()
            .map(|i| &self.data.portfolio.startups[i]);
        let theirs = startup.is_some_and(|s| s.mentors.contains(mentor));
        let not_theirs = || {
            let name = startup.map_or("this startup", |s| s.name.as_str());
            format!("A mentor may not change {name}: notes and KPIs are for its own mentors")
        };
        match action {
            Action::Undo => None,
            Action::New => Some(
                "A mentor may not add records: add notes (a) to your startups, or edit your profile (e)"
                    .into(),
            ),
            Action::AddNote if theirs => None,
            Action::AddNote => Some(not_theirs()),
            Action::Edit | Action::Delete => match self.tab.kind() {
                Some(Kind::Mentor) if action == Action::Edit => {
                    (self.selected_id().as_deref() != Some(mentor.as_str()))
                        .then(|| "A mentor may not edit another mentor's profile".into())
                }
                // Their startup's KPIs and notes (e), its notes (d).
                Some(Kind::Startup) if theirs => None,
                Some(Kind::Startup) => Some(not_theirs()),
                _ => Some("A mentor may not change this: notes and KPIs of your startups and your profile are yours".into()),
            },
            _ => None,
        }
    }
}
