//! Following the store: a write that landed elsewhere (another session,
//! another user over SSH) shows without a key press, and what the user
//! was looking at stays under the cursor.

use super::data::Data;
use super::dialog::Overlay;
use super::index::SessionIndex;
use super::input::Update;
use super::state::{App, Focus};
use super::tab::Tab;
use crate::model::{Kind, Record};

impl App {
    pub(super) fn stored(&mut self, update: Update) {
        // Selections are kept by id: the records' positions may shift.
        let selected: Vec<(Tab, Option<String>)> = Tab::ALL
            .iter()
            .map(|tab| (*tab, self.selected_id_in(*tab)))
            .collect();
        let in_view = self.selected_id();
        match update {
            Update::Record {
                kind,
                id,
                record,
                who,
            } => {
                let shown =
                    self.tab.kind() == Some(kind) && in_view.as_deref() == Some(id.as_str());
                // Named as the user knows it: as it is now, or as it was.
                let name = match &record {
                    Some(record) => record.label(),
                    None => self.label_of(kind, &id).unwrap_or_else(|| id.clone()),
                };
                // A note on the startup in view shows in its details.
                let note_on_view = match record.as_deref() {
                    Some(Record::Note(note)) => {
                        self.tab == Tab::Startups && in_view.as_deref() == Some(&note.startup)
                    }
                    _ => false,
                };
                // In place, keeping the indexes: cheaper than building
                // anew, and right before the notes have loaded.
                let record_gone = record.is_none();
                let index = self.current_index();
                match record {
                    Some(record) => {
                        let indexed = index.is_some().then(|| (*record).clone());
                        self.data.put(*record);
                        if let (Some(mut index), Some(record), Some(at)) =
                            (index, indexed, self.data.position(kind, &id))
                        {
                            index.index.put(&record, at);
                            index.generation = self.data.generation();
                            self.index = Some(index);
                        }
                    }
                    None => {
                        self.data.remove(kind, &id);
                        if let Some(mut index) = index {
                            index.index.remove(kind, &id);
                            index.generation = self.data.generation();
                            self.index = Some(index);
                        }
                    }
                }
                // Its history has a new entry: read it again when shown.
                let key = (kind, id.clone());
                self.histories.remove(&key);
                self.histories_asked.remove(&key);
                if who != self.user {
                    if shown {
                        let what = if record_gone { "deleted" } else { "changed" };
                        self.status =
                            Some(format!("{} {name} was just {what} by {who}", kind.noun()));
                    } else if note_on_view {
                        self.status = Some(format!("{who} just wrote a note here: {name}"));
                    }
                }
            }
            Update::Everything(everything) => {
                // The search index is built again when next needed.
                self.index = None;
                self.data = Data::from_portfolio(*everything);
                self.histories.clear();
                self.histories_asked.clear();
            }
        }
        for (tab, id) in selected {
            self.refresh_rows(tab);
            if let (Some(kind), Some(id)) = (tab.kind(), id) {
                self.reselect(tab, kind, &id);
            }
        }
        self.refresh_attention();
        // A record this session just saved: show it, now that it is listed.
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
            Some((kind, id)) if self.data.position(kind, &id).is_some() => {
                self.select(kind, &id);
            }
            // Not listed yet (its write is still to come): next time.
            other => self.pending_select = other,
        }
        self.link = self.link.min(self.links().len().saturating_sub(1));
        self.scroll_details(0);
        if matches!(self.overlay, Overlay::Palette(_)) {
            self.search_palette();
        }
    }

    /// The session's search index, taken to be kept up to date with a
    /// change, if it is of the records as they are (a write used to drop
    /// it, and the next keystroke paid for a whole new one: 100–150 ms at
    /// 10,000 startups). Before the notes are loaded a note's write does
    /// not reach the records, so the index is dropped then, as before.
    fn current_index(&mut self) -> Option<SessionIndex> {
        let index = self.index.take()?;
        (index.generation == self.data.generation() && self.data.notes_loaded()).then_some(index)
    }

    /// What the user calls record `id` of `kind`, while it is loaded.
    fn label_of(&self, kind: Kind, id: &str) -> Option<String> {
        let at = self.data.position(kind, id)?;
        let p = &self.data.portfolio;
        Some(match kind {
            Kind::Startup => p.startups.get(at)?.name.clone(),
            Kind::Cohort => p.cohorts.get(at)?.name.clone(),
            Kind::Mentor => p.mentors.get(at)?.name.clone(),
            Kind::DemoDay => Record::DemoDay(p.demo_days.get(at)?.clone()).label(),
            Kind::Note => return None,
        })
    }
}
