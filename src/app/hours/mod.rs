//! Office hours from the keyboard: `o` on a mentor adds a series of slots,
//! `B` on a startup books one of its mentors' free slots, and `a` on a
//! past booked slot in the details starts its session note. Who may: a
//! coordinator, or the mentor whose slots they are.

use std::sync::Arc;

use super::dialog::Overlay;
use super::dialog::book::BookDialog;
use super::dialog::note::NoteEditor;
use super::dialog::series::SeriesForm;
use super::state::{App, Focus, Link};
use super::tab::Tab;
use crate::model::{Kind, NoteKind, OfficeHour, Portfolio};

pub mod slots;
use crate::store::Access;
pub use slots::{PAST_SESSIONS, sessions_of, today_and_tomorrow, week_around, week_of};

impl App {
    /// `o`: the series form for the mentor selected.
    pub(super) fn open_series(&mut self) {
        let model = Arc::clone(&self.model);
        let model = model.read();
        let mentor = match self.tab {
            Tab::Mentors => self
                .selected_index()
                .and_then(|i| model.data.portfolio.mentors.get(i)),
            _ => None,
        };
        let Some(mentor) = mentor else {
            self.status =
                Some("o adds office hours: choose a mentor on the Mentors tab (4)".into());
            return;
        };
        let refusal = match &self.access {
            Access::Everything => None,
            Access::Mentor { id } if *id == mentor.id => None,
            Access::Mentor { .. } => Some("A mentor adds only their own office hours"),
            _ => Some("Office hours are added by their mentor or a coordinator"),
        };
        match refusal {
            Some(why) => self.status = Some(why.into()),
            None => {
                let form = SeriesForm::new(&mentor.id, &mentor.name, self.today);
                self.overlay = Overlay::Series(Box::new(form));
            }
        }
    }

    /// `B`: book a free slot for the startup selected.
    pub(super) fn open_booking(&mut self) {
        let model = Arc::clone(&self.model);
        let model = model.read();
        let portfolio = &model.data.portfolio;
        let startup = self
            .startup_on_screen()
            .and_then(|i| portfolio.startups.get(i));
        let Some(startup) = startup else {
            self.status = Some(
                "B books an office hour for a startup: choose one on the Startups tab (2)".into(),
            );
            return;
        };
        let refusal = match &self.access {
            Access::Everything => None,
            Access::Mentor { id } if startup.mentors.contains(id) => None,
            Access::Mentor { .. } => Some(format!(
                "Only {}'s mentors or a coordinator book its office hours",
                startup.name
            )),
            _ => Some("Office hours are booked by a startup's mentor or a coordinator".into()),
        };
        if let Some(why) = refusal {
            self.status = Some(why);
            return;
        }
        let only = match &self.access {
            Access::Mentor { id } => Some(id.as_str()),
            _ => None,
        };
        match BookDialog::open(portfolio, &startup.id, only, self.today) {
            Ok(dialog) => self.overlay = Overlay::Book(Box::new(dialog)),
            Err(why) => self.status = Some(why),
        }
    }

    /// The office hour under the details' cursor, if the cursor is on one.
    pub(super) fn slot_under_cursor(&self) -> Option<String> {
        if self.focus != Focus::Details {
            return None;
        }
        match self.links().get(self.link) {
            Some(Link {
                kind: Kind::OfficeHour,
                id,
            }) => Some(id.clone()),
            _ => None,
        }
    }

    /// Enter on a slot: in a startup's details, its mentor; in a mentor's
    /// week, the startup booked.
    pub(super) fn follow_slot(&mut self, slot: &str) {
        let target = {
            let data = self.data();
            let hour = data.portfolio.office_hours.iter().find(|h| h.id == slot);
            match (hour, self.tab) {
                (None, _) => Err("That office hour is gone".to_string()),
                (Some(h), Tab::Startups) => Ok((Kind::Mentor, h.mentor.clone())),
                (Some(h), _) => match &h.startup {
                    Some(startup) => Ok((Kind::Startup, startup.clone())),
                    None => Err(format!(
                        "A free slot: {} on a startup books it",
                        self.keymap.hint(super::keymap::Action::BookOfficeHour)
                    )),
                },
            }
        };
        match target {
            Ok((kind, id)) => {
                self.remember();
                if self.select(kind, &id) {
                    self.link = 0;
                    self.details_scroll = 0;
                }
            }
            Err(why) => self.status = Some(why),
        }
    }

    /// `a` on a slot: the note editor on its session — its startup, its
    /// mentor as author, kind `session`, its day — for a booked slot
    /// that has begun.
    pub(super) fn open_session_note(&mut self, slot: &str) {
        let model = Arc::clone(&self.model);
        let model = model.read();
        let portfolio = &model.data.portfolio;
        let Some(hour) = portfolio.office_hours.iter().find(|h| h.id == slot) else {
            self.status = Some("That office hour is gone".into());
            return;
        };
        match session_of(portfolio, hour, self.today) {
            Ok((startup, startup_name, mentor_name)) => {
                if !self
                    .access
                    .may_write_notes(&mentors_of(portfolio, &startup))
                {
                    self.status = Some(format!(
                        "A mentor may not change {startup_name}: notes are for its own mentors"
                    ));
                    return;
                }
                let mut editor = NoteEditor::new(&startup, &startup_name, &mentor_name, self.today)
                    .signed(self.authorship());
                editor.kind = NoteKind::Session;
                editor.day = hour.starts_at.date_naive();
                self.overlay = Overlay::Note(Box::new(editor));
            }
            Err(why) => self.status = Some(why),
        }
    }
}

fn mentors_of(portfolio: &Portfolio, startup: &str) -> Vec<String> {
    portfolio
        .startups
        .iter()
        .find(|s| s.id == startup)
        .map_or(Vec::new(), |s| s.mentors.clone())
}

/// A slot's session, to note: its startup's id and name and its mentor's
/// name; or why there is none yet.
fn session_of(
    portfolio: &Portfolio,
    hour: &OfficeHour,
    today: chrono::NaiveDate,
) -> Result<(String, String, String), String> {
    let Some(startup) = &hour.startup else {
        return Err("Nobody booked that slot: there is no session to note".into());
    };
    if hour.starts_at.date_naive() > today {
        return Err(format!(
            "That session is on {}: note it once it is held",
            hour.starts_at.format("%a %-d %b")
        ));
    }
    let name = |kind, id: &str| portfolio.name_of(kind, id).unwrap_or(id).to_string();
    Ok((
        startup.clone(),
        name(Kind::Startup, startup),
        name(Kind::Mentor, &hour.mentor),
    ))
}
