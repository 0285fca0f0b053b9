//! Forms: `n` new and `e` edit on every kind. One field a line, checked
//! as you type; `Ctrl-S` saves through the store's write path, `Esc`
//! asks before it throws edits away.

mod build;
pub mod capacity;
mod conflict;
mod keys;
mod rules;

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;
use tui_input::Input;

pub use build::new_record;

use super::picker::Picker;
use super::{Context, Dialog, Reply, Saves, insert};
use crate::app::effect::{Effect, Outcome};
use crate::model::{Kind, Problem, Record};
use crate::text::sanitize;

/// The line a startup's details open its form at, from their Outcome
/// section: the outcome's choice.
pub const OUTCOME_LINE: &str = "outcome.status";

/// Whether a startup's details have an Outcome section, with a line that
/// opens the form there: once it has an outcome, or has graduated (an
/// alumnus whose outcome is worth asking). Graduating does not set one.
pub fn shows_outcome(s: &crate::model::Startup) -> bool {
    s.outcome.is_some() || s.status == crate::model::Status::Graduated
}

/// What a form line holds and how keys change it.
#[derive(Debug, Clone)]
pub enum Value {
    /// One line of text; for a list (tags, expertise), comma-separated.
    Text(Input),
    /// Several lines (a cohort's description, a demo day's notes).
    Area(Box<TextArea<'static>>),
    /// One of a few words, changed with ←/→.
    Choice {
        options: Vec<&'static str>,
        at: usize,
    },
    /// `YYYY-MM-DD`; `+`/`-` step a day.
    Date(Input),
    /// `YYYY-MM-DD HH:MM` in `offset`; `+`/`-` step a day.
    Time { input: Input, offset: FixedOffset },
    /// A startup's cohort, chosen in a picker (Enter).
    Cohort(Option<String>),
    /// A startup's mentors, chosen in a picker (Enter).
    Mentors(Vec<String>),
    /// One pitch of a run of show: its startup and minutes (digits typed).
    Pitch { startup: String, minutes: Input },
    /// A line that does something on Enter: add a founder, pitches, a KPI
    /// snapshot, a funding round.
    Add(Adds),
    /// A KPI snapshot as it was: Enter opens its lines to change it,
    /// Ctrl-D drops it.
    Kpi(crate::model::Kpi),
}

/// What an `Add` line adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adds {
    Founder,
    Pitches,
    Kpi,
    /// A funding round of a startup's outcome.
    Round,
}

/// One line of a form.
#[derive(Debug, Clone)]
pub struct FormLine {
    /// The record field it edits, as validation names it (`name`,
    /// `founders[1].role`, `pitches[0]`), so problems land on their line.
    pub key: String,
    pub label: String,
    pub value: Value,
    /// What is wrong with it now, if anything.
    pub error: Option<String>,
}

impl FormLine {
    fn new(key: impl Into<String>, label: impl Into<String>, value: Value) -> FormLine {
        FormLine {
            key: key.into(),
            label: label.into(),
            value,
            error: None,
        }
    }
}

/// A record being changed: where it came from and where it is now.
#[derive(Debug, Clone)]
pub struct Form {
    pub kind: Kind,
    /// The record as the form opened it (a new one: the defaults).
    pub original: Record,
    /// The version it was opened at; `None` for a new record.
    pub version: Option<u64>,
    pub fields: Vec<FormLine>,
    pub focus: usize,
    pub picker: Option<Picker>,
    /// Esc with unsaved edits: waiting for a yes before they go.
    pub confirm_discard: bool,
    /// Ctrl-S would take a mentor or a cohort over capacity: what, waiting
    /// for a yes before it saves.
    pub confirm_over: Option<String>,
    /// Someone else saved the record meanwhile and both changed a field:
    /// the choice waiting for `o` or `r`.
    pub conflict: Option<Conflict>,
    /// The save on its way merges someone's change made meanwhile: what
    /// the status says once it lands ("merged with the change to name by …").
    pub merged: Option<String>,
    /// A save is on its way to the store.
    pub saving: bool,
    /// Why the store refused the last save, when no field explains it.
    pub error: Option<String>,
    /// A new demo day's time as the form filled it in: while the field
    /// still holds it, picking another cohort moves it to that cohort's
    /// last week.
    pub follows_cohort: Option<String>,
    /// Whose record this is, for the title: a new milestone's startup.
    pub belongs_to: Option<String>,
    /// The outcome's day as typed when its line went (the choice passed
    /// operating or none): back on its line when a dated status is chosen.
    pub set_aside_day: String,
}

/// The record changed since the form opened it, and both changed a field.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Who saved it meanwhile, and when ("Aysel Hüseynova at … saved it meanwhile").
    pub message: String,
    /// The record as they saved it, and its version number.
    pub stored: Record,
    pub version: u64,
    /// Their change merged with this form's: the fields both changed
    /// (`o` keeps this form's values there, `r` theirs) and the fields
    /// only they changed (kept either way).
    pub merge: crate::app::merge::Merge,
}

impl Form {
    pub fn is_new(&self) -> bool {
        self.version.is_none()
    }

    pub fn title(&self) -> String {
        let name = self.original.label();
        if self.is_new() {
            match &self.belongs_to {
                Some(owner) => format!("New {} for {owner}", self.kind.noun()),
                None => format!("New {}", self.kind.noun()),
            }
        } else {
            format!("Edit {} {}", self.kind.noun(), name)
        }
    }

    /// The record the form describes now, or the problems that stop it.
    pub fn record(&self) -> Result<Record, Vec<(String, String)>> {
        build::record_of(self)
    }

    /// Carry this form's edits over to the record as someone else saved
    /// it: the form now shows `record` (a merge) and starts from `stored`
    /// at `version`, so a next save is checked against theirs.
    pub fn rebase(&mut self, record: Record, stored: Record, version: u64) {
        let focus = self.focus;
        *self = Form::open(record, Some(version));
        self.original = stored;
        self.focus = focus.min(self.fields.len().saturating_sub(1));
        self.validate();
    }

    /// How a person reads record field `key`: its line's label, as the
    /// form shows it (`one_liner` is "One-liner", a cohort's `capacity`
    /// "Places").
    pub fn label_of(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key && !f.label.trim().is_empty())
            .map_or_else(
                || crate::app::merge::readable(key),
                |f| f.label.trim().to_string(),
            )
    }

    /// Whether the form holds anything other than what it opened with.
    pub fn is_dirty(&self) -> bool {
        match self.record() {
            Ok(record) => record != self.original,
            Err(_) => true,
        }
    }

    /// Check every field, marking each with its first problem, as you type.
    pub fn validate(&mut self) {
        self.validate_within(None);
    }

    /// [`Form::validate`], and against the portfolio in `data`: a cohort
    /// name taken, a demo day outside its cohort.
    pub fn validate_in(&mut self, data: &crate::app::data::Data) {
        self.validate_within(Some(data));
    }

    fn validate_within(&mut self, data: Option<&crate::app::data::Data>) {
        let (mut record, mut problems) = build::draft_of(self);
        record.normalize();
        // A new record has no id yet; the store gives it one.
        if self.is_new() && record.id().is_empty() {
            record.set_id(format!("{}0", self.kind.id_prefix()));
        }
        // What did not read comes first, so it is what its line shows.
        problems.extend(
            record
                .problems()
                .into_iter()
                .map(|Problem { field, message, .. }| (field, message)),
        );
        if let Some(data) = data {
            problems.extend(rules::problems(&record, data));
        }
        for field in &mut self.fields {
            field.error = None;
        }
        // Each problem on the first line it is about.
        for (key, message) in problems {
            if let Some(field) = self.fields.iter_mut().find(|f| belongs(&key, &f.key))
                && field.error.is_none()
            {
                field.error = Some(message);
            }
        }
    }

    /// Put the cursor on the line for record field `key`, if the form has
    /// one (a startup's details open the form at `outcome.status`).
    pub fn focus_on(&mut self, key: &str) {
        if let Some(at) = self.fields.iter().position(|f| f.key == key) {
            self.focus = at;
        }
    }

    /// The first line with a problem, if any.
    pub fn first_error(&self) -> Option<usize> {
        self.fields.iter().position(|f| f.error.is_some())
    }

    pub fn focused(&self) -> Option<&FormLine> {
        self.fields.get(self.focus)
    }

    /// The start of each pitch of a run of show, as the form has it now.
    pub fn pitch_starts(&self) -> Vec<Option<DateTime<FixedOffset>>> {
        build::pitch_starts(self)
    }

    /// Line `n`'s problem as a sentence: its label and why ("Ends
    /// 2026-01-01 is before the start, 2026-03-02").
    pub fn problem_of(&self, n: usize) -> String {
        let Some(field) = self.fields.get(n) else {
            return String::new();
        };
        let label = match field.label.trim() {
            "" => self.label_of(&field.key),
            label => label.to_string(),
        };
        match &field.error {
            Some(error) => format!("{label} {error}"),
            None => label,
        }
    }

    /// [`Form::save`], once a yes is given to a save that takes a mentor
    /// or a cohort over capacity.
    fn save_in(&mut self, data: &crate::app::data::Data) -> Reply {
        if self.first_error().is_none()
            && let Ok(record) = self.record()
        {
            let over = capacity::overloads(data, &record);
            if !over.is_empty() {
                self.confirm_over = Some(over.join("; "));
                return Reply::Stay;
            }
        }
        self.save()
    }

    /// Save, unless a line has a problem (then the cursor goes to it, and
    /// the status says what is wrong).
    fn save(&mut self) -> Reply {
        if let Some(first) = self.first_error() {
            self.focus = first;
            return Reply::Status(format!("Not saved: {}.", self.problem_of(first)));
        }
        let Ok(record) = self.record() else {
            return Reply::Stay;
        };
        self.saving = true;
        self.error = None;
        Reply::Effect(Effect::Save {
            record: Box::new(record),
            version: self.version,
        })
    }
}

impl Dialog for Form {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        self.on_key(event, ctx)
    }

    /// Into the picker's search, or the text of the field in focus; not
    /// while a question is asked.
    fn paste(&mut self, text: &str, ctx: &mut Context) -> bool {
        if let Some(picker) = &mut self.picker {
            insert(&mut picker.query, text);
            picker.filter();
            return true;
        }
        if self.confirm_discard || self.conflict.is_some() {
            return false;
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let pasted = match &mut field.value {
            Value::Text(input) | Value::Date(input) => {
                insert(input, text);
                true
            }
            Value::Time { input, .. } => {
                insert(input, text);
                true
            }
            Value::Pitch { minutes, .. } => {
                insert(minutes, text);
                true
            }
            Value::Area(area) => {
                area.insert_str(sanitize(text));
                true
            }
            Value::Choice { .. }
            | Value::Cohort(_)
            | Value::Mentors(_)
            | Value::Add(_)
            | Value::Kpi(_) => false,
        };
        if pasted {
            self.validate_in(ctx.data());
        }
        pasted
    }

    fn outcome(&mut self, outcome: Outcome, ctx: &Context) -> Reply {
        self.saved(outcome, ctx.keymap)
    }
}

/// Whether a problem about `problem` (`founders[0].name`) is about the
/// form line `field`: the same field, a part of it (`pitches[0].minutes`
/// on the line `pitches[0]`), or the list the line is the first of
/// (`founders` on `founders[0].name`).
fn belongs(problem: &str, field: &str) -> bool {
    problem == field
        || problem
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with(['.', '[']))
        || field
            .strip_prefix(problem)
            .is_some_and(|rest| rest.starts_with("[0]"))
}
