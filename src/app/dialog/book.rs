//! `B` on a startup: book one of its mentors' free office hours for it —
//! a picker of the free slots from today on, soonest first (mentor, day,
//! time, place), then the topic. The store books it only if the slot is
//! still free (`Store::book`): when another session took it first, the
//! dialog says so and Esc goes back to the slots as they are now.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;
use tui_input::Input;

use super::picker::{PickOption, PickTarget, Picked, Picker};
use super::{Context, Dialog, Reply, insert, unasked};
use crate::app::clearing::type_into;
use crate::app::effect::{Effect, Outcome};
use crate::app::keymap::Action;
use crate::model::{Kind, OfficeHour, Portfolio};
use crate::text::sanitize_line;

#[derive(Debug, Clone)]
pub struct BookDialog {
    /// Whose slots only, when a mentor books.
    pub mentor: Option<String>,
    pub startup: String,
    pub startup_name: String,
    pub picker: Picker,
    /// The slot chosen (its id, and how it reads), once one is: the topic
    /// is asked next.
    pub slot: Option<(String, String)>,
    pub topic: Input,
    /// Why the store did not book it.
    pub error: Option<String>,
    pub saving: bool,
}

/// How a slot reads in the picker and the status bar:
/// "Tue 12 Jan 10:00 · Aysel Hüseynova".
pub fn slot_label(portfolio: &Portfolio, hour: &OfficeHour) -> String {
    let mentor = portfolio
        .name_of(Kind::Mentor, &hour.mentor)
        .unwrap_or(&hour.mentor);
    format!(
        "{} · {}",
        hour.starts_at.format("%a %-d %b %H:%M"),
        sanitize_line(mentor)
    )
}

/// The free slots of `startup`'s mentors from `today` on, soonest first;
/// only `mentor`'s when one is given (a mentor books their own slots: the
/// store keeps a mentor's office hours theirs to write).
pub fn free_slots<'a>(
    portfolio: &'a Portfolio,
    startup: &str,
    mentor: Option<&str>,
    today: NaiveDate,
) -> Vec<&'a OfficeHour> {
    let Some(startup) = portfolio.startups.iter().find(|s| s.id == startup) else {
        return Vec::new();
    };
    let mut slots: Vec<&OfficeHour> = portfolio
        .office_hours
        .iter()
        .filter(|h| h.is_free() && startup.mentors.contains(&h.mentor))
        .filter(|h| mentor.is_none_or(|m| m == h.mentor))
        .filter(|h| h.starts_at.date_naive() >= today)
        .collect();
    slots.sort_by(|a, b| (a.starts_at, &a.id).cmp(&(b.starts_at, &b.id)));
    slots
}

impl BookDialog {
    /// The dialog for startup `id`, booking `mentor`'s slots only when one
    /// is given; `Err`: why there is nothing to book.
    pub fn open(
        portfolio: &Portfolio,
        id: &str,
        mentor: Option<&str>,
        today: NaiveDate,
    ) -> Result<BookDialog, String> {
        let startup = portfolio
            .startups
            .iter()
            .find(|s| s.id == id)
            .ok_or("That startup is gone")?;
        if startup.mentors.is_empty() {
            return Err(format!(
                "{} has no mentors: office hours are booked with its mentors",
                startup.name
            ));
        }
        let picker = slot_picker(portfolio, id, mentor, today);
        if picker.options.is_empty() {
            return Err(match mentor {
                Some(_) => {
                    "You have no free office hours from today on: o on your details adds them"
                        .into()
                }
                None => format!(
                    "No free office hours from today on with {}'s mentors: a mentor adds them (o)",
                    startup.name
                ),
            });
        }
        Ok(BookDialog {
            mentor: mentor.map(str::to_string),
            startup: id.to_string(),
            startup_name: startup.name.clone(),
            picker,
            slot: None,
            topic: Input::default(),
            error: None,
            saving: false,
        })
    }
}

fn slot_picker(
    portfolio: &Portfolio,
    startup: &str,
    mentor: Option<&str>,
    today: NaiveDate,
) -> Picker {
    let name = portfolio
        .name_of(Kind::Startup, startup)
        .unwrap_or(startup)
        .to_string();
    let options = free_slots(portfolio, startup, mentor, today)
        .into_iter()
        .map(|hour| PickOption {
            id: hour.id.clone(),
            label: slot_label(portfolio, hour),
            detail: match hour.place.trim() {
                "" => format!("{} min", hour.minutes),
                place => format!("{} min · {}", hour.minutes, sanitize_line(place)),
            },
            warn: false,
            ticked: None,
        })
        .collect();
    Picker::new(
        format!("Book an office hour for {name}"),
        PickTarget::OfficeHour,
        false,
        options,
        Vec::new(),
    )
}

impl Dialog for BookDialog {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        if self.saving {
            return Reply::Stay;
        }
        let Some((slot, label)) = self.slot.clone() else {
            return match self.picker.key(event, ctx.keymap) {
                Picked::Open => Reply::Stay,
                Picked::Cancelled => Reply::Close,
                Picked::Chosen(ids) => {
                    let chosen = ids.first().and_then(|id| {
                        let option = self.picker.options.iter().find(|o| &o.id == id)?;
                        Some((id.clone(), option.label.clone()))
                    });
                    self.slot = chosen;
                    Reply::Stay
                }
            };
        };
        let is = |action| ctx.keymap.is(action, event);
        if is(Action::Cancel) {
            // Back to the slots, as they are now.
            self.picker = slot_picker(
                &ctx.data().portfolio,
                &self.startup,
                self.mentor.as_deref(),
                ctx.today,
            );
            self.slot = None;
            self.error = None;
            return Reply::Stay;
        }
        if is(Action::Save) || is(Action::Pick) {
            self.saving = true;
            self.error = None;
            return Reply::Effect(Effect::Book {
                label: format!("booked {label} for {}", self.startup_name),
                hour: slot,
                startup: self.startup.clone(),
                topic: self.topic.value().trim().to_string(),
            });
        }
        if type_into(&mut self.topic, event, ctx.keymap) {
            self.error = None;
        }
        Reply::Stay
    }

    fn paste(&mut self, text: &str, _ctx: &mut Context) -> bool {
        if self.saving {
            return false;
        }
        match self.slot {
            Some(_) => insert(&mut self.topic, text),
            None => {
                insert(&mut self.picker.query, text);
                self.picker.filter();
            }
        }
        true
    }

    fn outcome(&mut self, outcome: Outcome, _ctx: &Context) -> Reply {
        match outcome {
            Outcome::Failed(message) | Outcome::Refused(message) => {
                self.saving = false;
                self.error = Some(message);
                Reply::Stay
            }
            other => unasked(other),
        }
    }
}
