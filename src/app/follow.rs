//! Following the store: a write that landed elsewhere (another session,
//! another user over SSH) shows without a key press, and what the user
//! was looking at stays under the cursor.
//!
//! The write is applied once, to the model the process's sessions share
//! (`shared.rs`); each session then follows the model's log of changes:
//! its lists, its selections (kept by id), what it says about the change.

use super::dialog::Overlay;
use super::shared::Changed;
use super::shared::Update;
use super::state::{App, Focus};
use super::tab::Tab;
use crate::model::Kind;

impl App {
    /// A write read back from the store, applied to the model and
    /// followed: for a session that is the model's only reader (tests,
    /// benches). Sessions sharing a model are fed by whoever applies to
    /// it, and follow with [`App::follow`].
    pub(super) fn stored(&mut self, update: Update) {
        self.model.write().apply(update);
        self.follow();
    }

    /// Catch up with what changed in the model since this session last
    /// looked: call before handling events or drawing, under the same
    /// read of the model (the rows' positions are of the model as this
    /// session last saw it).
    /// Whether there was anything to follow.
    pub fn follow(&mut self) -> bool {
        let (changes, changed) = {
            let model = self.model.read();
            if model.changes() == self.seen {
                return false;
            }
            // Too far behind to read each: as if everything was replaced.
            let changed = model
                .changed_since(self.seen)
                .unwrap_or_else(|| vec![Changed::Everything]);
            (model.changes(), changed)
        };
        self.seen = changes;
        // Selections are kept by id: the records' positions may shift.
        let selected = std::mem::take(&mut self.remembered);
        let in_view = selected
            .iter()
            .find(|(tab, _)| *tab == self.tab)
            .and_then(|(_, id)| id.clone());
        for changed in changed {
            self.follow_one(changed, in_view.as_deref());
        }
        for (tab, id) in selected {
            self.refresh_rows(tab);
            if let (Some(kind), Some(id)) = (tab.kind(), id) {
                self.reselect(tab, kind, &id);
            }
        }
        self.refresh_attention();
        self.show_saved();
        self.link = self.link.min(self.links().len().saturating_sub(1));
        self.scroll_details(0);
        if matches!(self.overlay, Overlay::Palette(_)) {
            self.search_palette();
        }
        self.note_selection();
        true
    }

    /// A record this session just saved: show it, now that it is listed.
    pub(super) fn show_saved(&mut self) {
        match self.pending_select.take() {
            // A note: in the open details of its startup, scrolled to, with
            // the cursor on it (so `e` edits it).
            Some((Kind::Note, id)) => {
                let link = self
                    .links()
                    .iter()
                    .position(|l| l.kind == Kind::Note && l.id == id);
                if let (Some(link), Focus::Details) = (link, self.focus) {
                    self.link = link;
                    self.anchor = Some(id);
                    self.scroll_to_anchor();
                }
            }
            Some((kind, id)) if self.data().position(kind, &id).is_some() => {
                self.select(kind, &id);
            }
            // Not listed yet (its write is still to come): next time.
            other => self.pending_select = other,
        }
    }

    /// What one change means to this session: histories to read again,
    /// a line about another's write to what is in view.
    fn follow_one(&mut self, changed: Changed, in_view: Option<&str>) {
        match changed {
            Changed::Record {
                kind,
                id,
                who,
                name,
                gone,
                note_on,
            } => {
                self.calls.changed(kind, &id);
                let shown = self.tab.kind() == Some(kind) && in_view == Some(id.as_str());
                // A note on the startup in view shows in its details.
                let note_on_view =
                    self.tab == Tab::Startups && note_on.is_some() && note_on.as_deref() == in_view;
                // Its history has a new entry: read it again when shown.
                let key = (kind, id);
                self.histories.remove(&key);
                self.histories_asked.remove(&key);
                // A note's edit is in its startup's timeline too.
                if let Some(startup) = &note_on {
                    let key = (crate::model::Kind::Startup, startup.clone());
                    self.histories.remove(&key);
                    self.histories_asked.remove(&key);
                }
                if who != self.user {
                    if shown {
                        let what = if gone { "deleted" } else { "changed" };
                        self.status =
                            Some(format!("{} {name} was just {what} by {who}", kind.noun()));
                    } else if note_on_view {
                        self.status = Some(format!("{who} just wrote a note here: {name}"));
                    }
                }
            }
            Changed::Everything => {
                // A session's own index is built again when next needed.
                self.index = None;
                self.calls.replaced();
                self.histories.clear();
                self.histories_asked.clear();
            }
            Changed::Notes => {
                // An index a search built before the notes came lacks them.
                self.index = None;
            }
            Changed::Problem(message) => self.status = Some(message),
        }
    }
}
