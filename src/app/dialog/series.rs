//! `o` on a mentor: a series of office hours in one form — first day,
//! weekdays, from–to, slot minutes, weeks, place — written as one store
//! write (one undo step). Beneath the fields it says what the series makes
//! ("8 slots, Tue 12 Jan 10:00 – Tue 19 Jan 11:30") or what is wrong, as
//! the user types. Times are the screen's wall-clock times (`chrono::Local`).

use chrono::{Datelike, Local, NaiveDate, NaiveTime, TimeZone, Weekday};
use ratatui::crossterm::event::KeyEvent;
use tui_input::Input;

use super::{Context, Dialog, Reply, insert, unasked};
use crate::app::clearing::type_into;
use crate::app::effect::{Effect, Outcome};
use crate::app::keymap::Action;
use crate::model::series::{Series, Slots};
use crate::model::{OfficeHour, Record};
use crate::text::counted;

/// The form's lines, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesField {
    FirstDay,
    Weekdays,
    From,
    To,
    Minutes,
    Weeks,
    Place,
}

impl SeriesField {
    pub const ALL: [SeriesField; 7] = [
        SeriesField::FirstDay,
        SeriesField::Weekdays,
        SeriesField::From,
        SeriesField::To,
        SeriesField::Minutes,
        SeriesField::Weeks,
        SeriesField::Place,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SeriesField::FirstDay => "First day",
            SeriesField::Weekdays => "Weekdays",
            SeriesField::From => "From",
            SeriesField::To => "To",
            SeriesField::Minutes => "Slot min",
            SeriesField::Weeks => "Weeks",
            SeriesField::Place => "Place",
        }
    }
}

#[derive(Debug, Clone)]
pub struct SeriesForm {
    pub mentor: String,
    pub mentor_name: String,
    /// One input a field, in [`SeriesField::ALL`]'s order.
    pub inputs: Vec<Input>,
    pub field: usize,
    /// Why the store did not write it.
    pub error: Option<String>,
    /// Sent to the store: keys wait for its answer.
    pub saving: bool,
}

impl SeriesForm {
    /// A week of office hours from `today`, on today's weekday, 10:00–12:00
    /// in 30-minute slots: the usual case, to change as needed.
    pub fn new(mentor: &str, mentor_name: &str, today: NaiveDate) -> SeriesForm {
        let values = [
            today.to_string(),
            weekday_name(today.weekday()).to_string(),
            "10:00".into(),
            "12:00".into(),
            "30".into(),
            "1".into(),
            String::new(),
        ];
        SeriesForm {
            mentor: mentor.to_string(),
            mentor_name: mentor_name.to_string(),
            inputs: values.into_iter().map(Input::new).collect(),
            field: 0,
            error: None,
            saving: false,
        }
    }

    pub fn focused(&self) -> SeriesField {
        SeriesField::ALL[self.field.min(SeriesField::ALL.len() - 1)]
    }

    pub fn value(&self, field: SeriesField) -> &str {
        let at = SeriesField::ALL.iter().position(|f| *f == field);
        at.and_then(|at| self.inputs.get(at))
            .map_or("", |input| input.value().trim())
    }

    /// The series the fields state, or the field that is wrong and why.
    pub fn series(&self) -> Result<Series, (SeriesField, String)> {
        let day = |field| {
            NaiveDate::parse_from_str(self.value(field), "%Y-%m-%d")
                .map_err(|_| (field, "a day like 2027-01-12".to_string()))
        };
        let time = |field| {
            NaiveTime::parse_from_str(self.value(field), "%H:%M")
                .map_err(|_| (field, "a time like 10:00".to_string()))
        };
        let number = |field, what: &str| {
            self.value(field)
                .parse::<u32>()
                .map_err(|_| (field, format!("{what}, a whole number")))
        };
        let series = Series {
            first_day: day(SeriesField::FirstDay)?,
            weekdays: weekdays(self.value(SeriesField::Weekdays))
                .map_err(|e| (SeriesField::Weekdays, e))?,
            from: time(SeriesField::From)?,
            to: time(SeriesField::To)?,
            minutes: number(SeriesField::Minutes, "minutes a slot")?,
            weeks: number(SeriesField::Weeks, "how many weeks")?,
        };
        Ok(series)
    }

    /// The slots the series makes in `zone`, or what is wrong.
    pub fn slots_in<Tz: TimeZone>(&self, zone: &Tz) -> Result<(Series, Slots), String> {
        let series = self
            .series()
            .map_err(|(field, why)| format!("{}: {why}", field.label()))?;
        let slots = series.expand(zone).map_err(|e| e.to_string())?;
        if slots.starts.is_empty() {
            return Err("no weekday of the series falls in those weeks".into());
        }
        Ok((series, slots))
    }

    /// What the series makes, in a line: how many slots, the first and
    /// the last, and any the clock change skipped.
    pub fn preview_in<Tz: TimeZone>(&self, zone: &Tz) -> Result<String, String> {
        let (_, slots) = self.slots_in(zone)?;
        let (Some(first), Some(last)) = (slots.starts.first(), slots.starts.last()) else {
            return Err("no slots".into());
        };
        let mut line = format!(
            "{}, {} – {}",
            counted(slots.starts.len(), "slot"),
            first.format("%a %-d %b %H:%M"),
            last.format("%a %-d %b %H:%M")
        );
        if !slots.skipped.is_empty() {
            line.push_str(&format!(
                "; {} skipped (the clocks change)",
                counted(slots.skipped.len(), "time")
            ));
        }
        Ok(line)
    }

    /// The office hours to write, each free, in `zone`; and what the
    /// status bar says once they are written.
    pub fn records_in<Tz: TimeZone>(&self, zone: &Tz) -> Result<(Vec<Record>, String), String> {
        let (series, slots) = self.slots_in(zone)?;
        let place = self.value(SeriesField::Place).to_string();
        let records = slots
            .starts
            .iter()
            .map(|at| {
                Record::OfficeHour(OfficeHour {
                    id: String::new(),
                    mentor: self.mentor.clone(),
                    starts_at: *at,
                    minutes: series.minutes,
                    place: place.clone(),
                    startup: None,
                    topic: String::new(),
                })
            })
            .collect::<Vec<_>>();
        let mut label = format!(
            "{} added for {}",
            counted(records.len(), "office-hour slot"),
            self.mentor_name
        );
        if !slots.skipped.is_empty() {
            label.push_str(&format!(
                " ({} skipped: the clocks change)",
                counted(slots.skipped.len(), "time")
            ));
        }
        Ok((records, label))
    }
}

/// A weekday as the form writes it.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

/// "Tue Thu", "tuesday, thursday", "tu th": the weekdays named.
fn weekdays(text: &str) -> Result<Vec<Weekday>, String> {
    let mut days = Vec::new();
    for word in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        let day = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
        .into_iter()
        .find(|d| lower.chars().count() >= 2 && full_name(*d).starts_with(lower.as_str()))
        .ok_or_else(|| format!("{word:?} is not a weekday: write Tue Thu"))?;
        if !days.contains(&day) {
            days.push(day);
        }
    }
    Ok(days)
}

fn full_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

impl Dialog for SeriesForm {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let is = |action| ctx.keymap.is(action, event);
        if self.saving {
            return Reply::Stay;
        }
        if is(Action::Cancel) {
            return Reply::Close;
        }
        if is(Action::Save) {
            return match self.records_in(&Local) {
                Ok((records, label)) => {
                    self.saving = true;
                    self.error = None;
                    Reply::Effect(Effect::CreateAll { label, records })
                }
                Err(why) => {
                    self.error = Some(why);
                    Reply::Stay
                }
            };
        }
        let n = SeriesField::ALL.len();
        if is(Action::NextField) || is(Action::LineDown) || is(Action::Pick) {
            self.field = (self.field + 1) % n;
        } else if is(Action::PrevField) || is(Action::LineUp) {
            self.field = (self.field + n - 1) % n;
        } else if let Some(input) = self.inputs.get_mut(self.field)
            && type_into(input, event, ctx.keymap)
        {
            self.error = None;
        }
        Reply::Stay
    }

    fn paste(&mut self, text: &str, _ctx: &mut Context) -> bool {
        match self.inputs.get_mut(self.field) {
            Some(input) if !self.saving => {
                insert(input, text);
                true
            }
            _ => false,
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{Asia::Baku, Europe::Berlin};

    fn form() -> SeriesForm {
        let today = NaiveDate::from_ymd_opt(2027, 1, 12).expect("a date");
        SeriesForm::new("m1", "Aysel Hüseynova", today)
    }

    fn set(form: &mut SeriesForm, field: SeriesField, text: &str) {
        let at = SeriesField::ALL
            .iter()
            .position(|f| *f == field)
            .expect("a field");
        form.inputs[at] = Input::new(text.to_string());
    }

    #[test]
    fn the_form_opens_on_a_week_of_mornings_from_today() {
        let form = form();
        assert_eq!(form.value(SeriesField::Weekdays), "Tue");
        assert_eq!(
            form.preview_in(&Baku),
            Ok("4 slots, Tue 12 Jan 10:00 – Tue 12 Jan 11:30".into())
        );
    }

    #[test]
    fn six_weeks_of_tuesdays_and_thursdays_make_48_free_slots_at_the_place_given() {
        let mut form = form();
        set(&mut form, SeriesField::Weekdays, "tuesday, th");
        set(&mut form, SeriesField::Weeks, "6");
        set(&mut form, SeriesField::Place, "INNOLAND room 2");
        let (records, label) = form.records_in(&Baku).expect("a valid series");
        assert_eq!(records.len(), 48);
        assert_eq!(label, "48 office-hour slots added for Aysel Hüseynova");
        let Record::OfficeHour(first) = &records[0] else {
            panic!("an office hour");
        };
        assert_eq!(first.starts_at.to_rfc3339(), "2027-01-12T10:00:00+04:00");
        assert_eq!(first.place, "INNOLAND room 2");
        assert_eq!(first.startup, None);
        assert_eq!(first.minutes, 30);
    }

    #[test]
    fn what_is_wrong_is_said_by_field() {
        let mut form = form();
        set(&mut form, SeriesField::From, "10am");
        assert_eq!(
            form.preview_in(&Baku),
            Err("From: a time like 10:00".into())
        );
        set(&mut form, SeriesField::From, "10:00");
        set(&mut form, SeriesField::Weekdays, "Tue Funday");
        assert_eq!(
            form.preview_in(&Baku),
            Err("Weekdays: \"Funday\" is not a weekday: write Tue Thu".into())
        );
        set(&mut form, SeriesField::Weekdays, "Tue");
        set(&mut form, SeriesField::Minutes, "300");
        assert_eq!(
            form.preview_in(&Baku),
            Err("a slot is 5–240 minutes, not 300".into())
        );
    }

    #[test]
    fn the_clock_change_is_said_in_the_preview() {
        let mut form = form();
        set(&mut form, SeriesField::FirstDay, "2026-03-29");
        set(&mut form, SeriesField::Weekdays, "Sun");
        set(&mut form, SeriesField::From, "01:00");
        set(&mut form, SeriesField::To, "04:00");
        set(&mut form, SeriesField::Minutes, "60");
        assert_eq!(
            form.preview_in(&Berlin),
            Ok(
                "2 slots, Sun 29 Mar 01:00 – Sun 29 Mar 03:00; 1 time skipped (the clocks change)"
                    .into()
            )
        );
    }
}
