//! What this session's user may change, so the screen neither offers nor
//! starts what the store would refuse. The store decides (store::access);
//! this only keeps the keys honest.

use super::keymap::Action;
use super::state::App;
use crate::model::Kind;
use crate::store::Access;

impl App {
    /// Whether `action` could change anything for this user here.
    pub fn may(&self, action: Action) -> bool {
        self.refusal(action).is_none()
    }

    /// Whether this user's role ever may take `action` (the key hints and
    /// the help show only those; whether it may here is [`App::may`]).
    /// A mentor is offered the note key on every startup and told why not
    /// on one that is not theirs: a hint that came and went as the
    /// selection moved would cost every move a redrawn status line.
    pub fn offers(&self, action: Action) -> bool {
        match &self.access {
            Access::Everything => true,
            Access::ReadOnly | Access::Judge { .. } => !is_write(action),
            Access::Mentor { .. } => {
                !(matches!(
                    action,
                    Action::New
                        | Action::Bulk
                        | Action::CopyPlan
                        | Action::CloseJudging
                        | Action::Report
                ) || runs_a_call(action))
            }
        }
    }

    /// Why `action` is not this user's to take, if it is not.
    pub(super) fn refusal(&self, action: Action) -> Option<String> {
        if !is_write(action) {
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
            Access::Judge { .. } => {
                return Some(
                    "A judge scores the pitches of their demo days: nothing else is theirs to change"
                        .into(),
                );
            }
            Access::Mentor { id } => id,
        };
        // The startup on screen, and whether it is one of theirs.
        let data = self.data();
        let startup = self
            .startup_on_screen()
            .and_then(|i| data.portfolio.startups.get(i));
        let theirs = startup.is_some_and(|s| s.mentors.contains(mentor));
        let not_theirs = || {
            let name = startup.map_or("this startup", |s| s.name.as_str());
            format!(
                "A mentor may not change {name}: notes, milestones and KPIs are for its own mentors"
            )
        };
        match action {
            Action::Undo | Action::Redo => None,
            Action::Bulk | Action::CopyPlan => Some(
                "A mentor may not change several records at once: that is for coordinators"
                    .into(),
            ),
            Action::New => Some(
                "A mentor may not add records: add notes (a) to your startups, or edit your profile (e)"
                    .into(),
            ),
            action if runs_a_call(action) => Some(
                "A mentor reviews the applications that list them (v): moving, assigning and accepting are for coordinators"
                    .into(),
            ),
            Action::CloseJudging => {
                Some("Closing and reopening a demo day's judging is for coordinators".into())
            }
            // Their own review: the Calls tab checks they are listed on it.
            Action::Review => None,
            // The session note of an office hour: `open_session_note` checks
            // the slot's startup is theirs (a mentor's week is on the
            // Mentors tab, where no startup is on screen).
            Action::AddNote if self.slot_under_cursor().is_some() => None,
            Action::AddNote | Action::AddMilestone | Action::MilestoneDone if theirs => None,
            Action::AddNote | Action::AddMilestone | Action::MilestoneDone => Some(not_theirs()),
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

/// The actions that change the portfolio.
fn is_write(action: Action) -> bool {
    matches!(
        action,
        Action::New
            | Action::Edit
            | Action::Delete
            | Action::AddNote
            | Action::AddMilestone
            | Action::MilestoneDone
            | Action::CopyPlan
            | Action::Undo
            | Action::Redo
            | Action::Bulk
            | Action::Review
            | Action::CloseJudging
            | Action::AddOfficeHours
            | Action::BookOfficeHour
    ) || runs_a_call(action)
}

/// The Calls tab's coordinator's keys: moving applications, asking
/// reviewers, accepting, deleting the call.
pub(super) fn runs_a_call(action: Action) -> bool {
    matches!(
        action,
        Action::StageNext
            | Action::StagePrev
            | Action::SetStage
            | Action::AssignReviewers
            | Action::AcceptApplication
            | Action::DeleteCall
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use ratatui::crossterm::event::KeyCode;

    use super::*;
    use crate::app::Overlay;
    use crate::app::testing::{press, sample_session, type_keys};

    fn session(access: Access) -> App {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("a day");
        sample_session(today, access)
    }

    /// The Startups tab filtered to `query`, its first row selected.
    fn on_startup(state: &mut App, query: &str) {
        type_keys(state, "2/");
        type_keys(state, query);
        press(state, KeyCode::Enter);
    }

    #[test]
    fn a_mentor_writes_notes_only_on_their_startups() {
        let mut state = session(Access::Mentor { id: "m1".into() });
        // Bazarım (s11) is m1's; Gənc Kod (s2) is not.
        on_startup(&mut state, "bazar");
        assert!(state.may(Action::AddNote) && state.may(Action::Edit));
        assert!(!state.may(Action::New) && state.may(Action::Undo));
        type_keys(&mut state, "a");
        assert!(matches!(state.overlay, Overlay::Note(_)));
        press(&mut state, KeyCode::Esc);

        let mut state = session(Access::Mentor { id: "m1".into() });
        on_startup(&mut state, "genc kod");
        assert!(!state.may(Action::AddNote) && !state.may(Action::Delete));
        type_keys(&mut state, "a");
        assert!(matches!(state.overlay, Overlay::None), "no note editor");
        let status = state.status.clone().unwrap_or_default();
        assert!(status.contains("may not change Gənc Kod"), "{status}");
    }

    #[test]
    fn staff_are_offered_no_change_and_coordinators_every_one() {
        let mut staff = session(Access::ReadOnly);
        on_startup(&mut staff, "bazar");
        for action in [Action::New, Action::Edit, Action::Delete, Action::AddNote] {
            assert!(!staff.may(action), "{action:?}");
        }
        assert!(staff.may(Action::Export) && staff.may(Action::Palette));
        staff.take_effects();
        type_keys(&mut staff, "e");
        assert!(staff.take_effects().is_empty(), "nothing read for an edit");

        let mut coordinator = session(Access::Everything);
        on_startup(&mut coordinator, "genc kod");
        for action in [Action::New, Action::Edit, Action::Delete, Action::AddNote] {
            assert!(coordinator.may(action), "{action:?}");
        }
    }
}
