//! Keys in a form: moving between lines, typing, choices, dates, pickers,
//! founders and pitches, saving and leaving.

use chrono::{Duration, NaiveDate};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::CursorMove;
use tui_input::Input;

use super::build::{
    TIME_FORMAT, asks_date, founder_fields, kpi_fields, kpi_lines, outcome_date_field,
    outcome_status, parse_time, pitch_field, round_fields,
};
use super::{Adds, Conflict, Form, FormLine, Value, capacity};
use crate::app::clearing::type_into;
use crate::app::data::Data;
use crate::app::dialog::picker::{PickOption, PickTarget, Picked, Picker};
use crate::app::dialog::{Context, Reply};
use crate::app::keymap::{Action, KeyPress, Keymap};
use crate::model::{Founder, FundingRound, Pitch, Record, Startup};

/// What a key asks of the session beyond the form itself.
enum After {
    Stay,
    Close,
    Save,
    /// Save, over capacity: the user said yes.
    SaveAnyway,
}

impl Form {
    /// A key, the form checked again after it.
    pub(super) fn on_key(&mut self, event: KeyEvent, ctx: &Context) -> Reply {
        let after = form_event(self, event, ctx);
        ask_outcome_date(self);
        self.validate_in(ctx.data());
        self.show_cursor();
        match after {
            After::Stay => Reply::Stay,
            After::Close => Reply::Close,
            After::Save => self.save_in(ctx.data()),
            After::SaveAnyway => self.save(),
        }
    }
}

fn form_event(form: &mut Form, event: KeyEvent, ctx: &Context) -> After {
    let keys = ctx.keymap;
    let is = |action| keys.is(action, event);
    if let Some(picker) = &mut form.picker {
        match picker.key(event, keys) {
            Picked::Open => {}
            Picked::Cancelled => form.picker = None,
            Picked::Chosen(ids) => {
                let target = picker.target;
                form.picker = None;
                chosen(form, target, ids, ctx.data());
            }
        }
        return After::Stay;
    }
    if form.confirm_discard {
        form.confirm_discard = false;
        return if is(Action::Yes) {
            After::Close
        } else {
            After::Stay
        };
    }
    if form.confirm_over.take().is_some() {
        return if is(Action::Yes) {
            After::SaveAnyway
        } else {
            After::Stay
        };
    }
    if let Some(Conflict {
        stored,
        version,
        merge,
        ..
    }) = form.conflict.take()
    {
        // Either way their change to a field only they touched stays.
        if is(Action::TakeTheirs) {
            // Theirs where both changed; this form's other edits stay
            // in the form, for Ctrl-S.
            form.rebase(merge.theirs, stored, version);
        } else if is(Action::KeepMine) {
            // Mine where both changed, saved at once.
            form.rebase(merge.mine, stored, version);
            return After::Save;
        }
        return After::Stay;
    }
    if is(Action::Save) {
        return After::Save;
    }
    if is(Action::Cancel) {
        if form.is_dirty() {
            form.confirm_discard = true;
            return After::Stay;
        }
        return After::Close;
    }
    if is(Action::NextField) {
        move_focus(form, 1);
    } else if is(Action::PrevField) {
        move_focus(form, -1);
    } else if (is(Action::PitchUp) || is(Action::PitchDown))
        && (on_pitch(form) || !KeyPress::from_event(event).types())
    {
        // A pitch moves; on another line a letter is typed, and Shift-↑/↓
        // does nothing.
        reorder(form, is(Action::PitchDown));
    } else if is(Action::DropLine) {
        remove(form);
    } else {
        field_key(form, event, ctx);
    }
    After::Stay
}

fn on_pitch(form: &Form) -> bool {
    form.fields
        .get(form.focus)
        .is_some_and(|f| matches!(f.value, Value::Pitch { .. }))
}

/// A key for the focused line itself.
fn field_key(form: &mut Form, event: KeyEvent, ctx: &Context) {
    let data = ctx.data();
    match line_key(form, event, ctx.keymap) {
        Do::Nothing => {}
        Do::Move(by) => move_focus(form, by),
        Do::PickCohort(current) => {
            let draft = draft_startup(form);
            form.picker = Some(cohort_picker(data, ctx.today, current, draft.as_ref()));
        }
        Do::PickMentors(current) => {
            let draft = draft_startup(form);
            form.picker = Some(mentor_picker(data, current, draft.as_ref()));
        }
        Do::PickPitches => form.picker = pitch_picker(data, form),
        Do::AddFounder => add_founder(form),
        Do::AddKpi => {
            // From the latest snapshot the form has, above this line.
            let draft = draft_startup(form);
            let latest = draft
                .as_ref()
                .and_then(|s| s.kpis.iter().max_by_key(|k| k.date));
            let at = form.focus;
            let lines = kpi_fields(kpi_count(form), ctx.today, latest);
            form.fields.splice(at..at, lines);
            renumber(form);
        }
        Do::AddRound => add_round(form, ctx.today),
        Do::OpenKpi(kpi) => {
            let at = form.focus;
            form.fields.splice(at..=at, kpi_lines(0, &kpi));
            renumber(form);
        }
    }
}

/// The startup the form describes now, as far as it reads.
fn draft_startup(form: &Form) -> Option<Startup> {
    match super::build::draft_of(form).0 {
        Record::Startup(s) => Some(s),
        _ => None,
    }
}

/// A cohort to choose: a startup's (`draft`, which may leave it in none)
/// or a demo day's.
fn cohort_picker(
    data: &Data,
    today: NaiveDate,
    current: Option<String>,
    draft: Option<&Startup>,
) -> Picker {
    let mut options: Vec<PickOption> = Vec::new();
    if draft.is_some() {
        options.push(PickOption {
            id: String::new(),
            label: "(no cohort)".into(),
            detail: String::new(),
            warn: false,
            ticked: None,
        });
    }
    let mut cohorts: Vec<_> = data.portfolio.cohorts.iter().collect();
    cohorts.sort_by_key(|c| std::cmp::Reverse(c.start));
    options.extend(cohorts.into_iter().map(|c| {
        // A startup's places as they will be with it placed here.
        let taken = match draft {
            Some(draft) => {
                let placed = Startup {
                    cohort: Some(c.id.clone()),
                    ..draft.clone()
                };
                capacity::places_after(data, &placed, c)
            }
            None => data.enrolled(c),
        };
        let over = taken > c.capacity as usize;
        PickOption {
            id: c.id.clone(),
            label: c.name.clone(),
            detail: format!(
                "{} · {taken}/{} places{}",
                c.status_on(today),
                c.capacity,
                if over { ", over capacity" } else { "" }
            ),
            warn: taken >= c.capacity as usize,
            ticked: None,
        }
    }));
    let chosen = vec![current.unwrap_or_default()];
    Picker::new("Cohort", PickTarget::Cohort, false, options, chosen)
}

/// Mentors to tick for `draft`, each with its load as it is and as it
/// becomes once ticked.
fn mentor_picker(data: &Data, current: Vec<String>, draft: Option<&Startup>) -> Picker {
    let mentors = &data.portfolio.mentors;
    // Mentors of one name are told apart by their organisation.
    let told = crate::app::dialog::palette::namesakes(data, mentors.iter().map(|m| m.id.as_str()));
    let options = mentors
        .iter()
        .map(|m| {
            let (load, ticked) = match draft {
                Some(draft) => {
                    let mut with = draft.clone();
                    with.mentors.retain(|id| *id != m.id);
                    let without = capacity::load_after(data, &with, m);
                    with.mentors.push(m.id.clone());
                    let with = capacity::load_after(data, &with, m);
                    let ticked =
                        (with != without).then(|| (capacity::becomes(with), with.over_capacity()));
                    (without, ticked)
                }
                None => (data.mentor_load(m), None),
            };
            PickOption {
                id: m.id.clone(),
                label: match told.get(&m.id) {
                    Some(org) => format!("{} ({org})", m.name),
                    None => m.name.clone(),
                },
                // The load first: it decides, and a long expertise
                // list is what gets cut.
                detail: format!("{load} · {}", m.expertise.join(", ")),
                warn: load.active >= load.capacity as usize,
                ticked,
            }
        })
        .collect();
    Picker::new("Mentors", PickTarget::Mentors, true, options, current)
}

/// The startups of the demo day's cohort not pitching yet.
fn pitch_picker(data: &Data, form: &Form) -> Option<Picker> {
    let cohort = form.fields.iter().find_map(|f| match &f.value {
        Value::Cohort(Some(c)) => Some(c.clone()),
        _ => None,
    })?;
    let pitching: Vec<&str> = form
        .fields
        .iter()
        .filter_map(|f| match &f.value {
            Value::Pitch { startup, .. } => Some(startup.as_str()),
            _ => None,
        })
        .collect();
    let options = data
        .startups_of_cohort(&cohort)
        .filter(|s| !pitching.contains(&s.id.as_str()))
        .map(|s| PickOption {
            id: s.id.clone(),
            label: s.name.clone(),
            detail: format!("{} · {}", s.stage, s.status),
            warn: false,
            ticked: None,
        })
        .collect();
    Some(Picker::new(
        "Startups to pitch",
        PickTarget::Pitches,
        true,
        options,
        Vec::new(),
    ))
}

impl Form {
    /// Only the several-line field in focus shows its cursor.
    fn show_cursor(&mut self) {
        let focus = self.focus;
        for (n, field) in self.fields.iter_mut().enumerate() {
            if let Value::Area(area) = &mut field.value {
                crate::app::dialog::wrapped::focus(area, n == focus);
            }
        }
    }

    /// A form on `record` as stored at `version` (`None`: a new record).
    pub fn open(record: Record, version: Option<u64>) -> Form {
        let mut form = Form {
            kind: record.kind(),
            fields: super::build::fields_of(&record),
            original: record,
            version,
            focus: 0,
            picker: None,
            confirm_discard: false,
            confirm_over: None,
            conflict: None,
            merged: None,
            saving: false,
            error: None,
            follows_cohort: None,
            belongs_to: None,
            set_aside_day: String::new(),
        };
        if form.is_new()
            && let Record::DemoDay(d) = &form.original
        {
            form.follows_cohort = Some(d.at.format(TIME_FORMAT).to_string());
        }
        form.validate();
        form.show_cursor();
        // A new record's missing name is not an error until it is saved.
        if form.is_new() {
            for field in &mut form.fields {
                field.error = None;
            }
        }
        form
    }
}

/// What a key on a line comes to, once the line has taken what it types.
enum Do {
    Nothing,
    Move(isize),
    PickCohort(Option<String>),
    PickMentors(Vec<String>),
    PickPitches,
    AddFounder,
    AddKpi,
    AddRound,
    OpenKpi(crate::model::Kpi),
}

/// Give the focused line its key; what else the key asks for.
fn line_key(form: &mut Form, event: KeyEvent, keys: &Keymap) -> Do {
    let Some(field) = form.fields.get_mut(form.focus) else {
        return Do::Nothing;
    };
    let is = |action| keys.is(action, event);
    let day = if is(Action::DayLater) {
        Some(1)
    } else if is(Action::DayEarlier) {
        Some(-1)
    } else {
        None
    };
    let (up, down, pick) = (is(Action::LineUp), is(Action::LineDown), is(Action::Pick));
    let choice = if is(Action::ChoicePrev) {
        Some(-1)
    } else if is(Action::ChoiceNext) {
        Some(1)
    } else {
        None
    };
    match &mut field.value {
        // ↑/↓ move by the lines drawn, wrapped; past the first or the
        // last, to the line above or below.
        Value::Area(area) if up || down => {
            let before = area.cursor();
            area.move_cursor(if up { CursorMove::Up } else { CursorMove::Down });
            match (area.cursor() == before, up) {
                (true, true) => Do::Move(-1),
                (true, false) => Do::Move(1),
                (false, _) => Do::Nothing,
            }
        }
        Value::Area(area) => {
            crate::app::dialog::wrapped::type_key(area, event, keys);
            Do::Nothing
        }
        _ if up => Do::Move(-1),
        _ if down => Do::Move(1),
        Value::Choice { options, at } if choice.is_some() => {
            let n = options.len().max(1);
            *at = if choice == Some(-1) {
                (*at + options.len() - 1) % n
            } else {
                (*at + 1) % n
            };
            Do::Nothing
        }
        Value::Date(input) if day.is_some() && steppable(input) => {
            step_date(input, day.unwrap_or(0));
            Do::Nothing
        }
        Value::Time { input, offset } if day.is_some() => {
            match parse_time(input.value(), *offset) {
                Some(at) => {
                    let at = at + Duration::days(day.unwrap_or(0));
                    *input = Input::new(at.format(TIME_FORMAT).to_string());
                }
                None => {
                    type_into(input, event, keys);
                }
            }
            Do::Nothing
        }
        Value::Cohort(current) if pick => Do::PickCohort(current.clone()),
        Value::Mentors(current) if pick => Do::PickMentors(current.clone()),
        Value::Add(Adds::Founder) if pick => Do::AddFounder,
        Value::Add(Adds::Kpi) if pick => Do::AddKpi,
        Value::Add(Adds::Round) if pick => Do::AddRound,
        Value::Kpi(kpi) if pick => Do::OpenKpi(kpi.clone()),
        Value::Add(Adds::Pitches) if pick => Do::PickPitches,
        _ if pick => Do::Move(1),
        Value::Text(input) | Value::Date(input) | Value::Time { input, .. } => {
            type_into(input, event, keys);
            Do::Nothing
        }
        Value::Pitch { minutes: input, .. } => {
            type_into(input, event, keys);
            Do::Nothing
        }
        _ => Do::Nothing,
    }
}

fn move_focus(form: &mut Form, by: isize) {
    let last = form.fields.len().saturating_sub(1);
    form.focus = form.focus.saturating_add_signed(by).min(last);
}

/// A date field steps with `+`/`-` once it holds a whole date; before
/// that `-` is typed (it is part of `YYYY-MM-DD`).
fn steppable(input: &Input) -> bool {
    NaiveDate::parse_from_str(input.value().trim(), "%Y-%m-%d").is_ok()
        && input.cursor() == input.value().chars().count()
}

fn step_date(input: &mut Input, days: i64) {
    if let Ok(day) = NaiveDate::parse_from_str(input.value().trim(), "%Y-%m-%d") {
        *input = Input::new((day + Duration::days(days)).format("%Y-%m-%d").to_string());
    }
}

fn add_founder(form: &mut Form) {
    let n = founder_count(form);
    let at = form.focus;
    let empty = Founder {
        name: String::new(),
        email: String::new(),
        role: String::new(),
    };
    form.fields.splice(at..at, founder_fields(n, &empty));
}

/// A new funding round above the focused line, dated `today`; the cursor
/// on its first line.
fn add_round(form: &mut Form, today: NaiveDate) {
    let round = FundingRound {
        date: today,
        kind: String::new(),
        amount: 0.0,
        investors: Vec::new(),
    };
    let at = form.focus;
    form.fields.splice(at..at, round_fields(0, &round));
    renumber(form);
}

/// The outcome's day is asked only while its status has one (acquired,
/// IPO, closed): its line comes under the choice, or goes (what it held
/// set aside, for the choice passing through operating).
fn ask_outcome_date(form: &mut Form) {
    let Some(status_at) = form.fields.iter().position(|f| f.key == "outcome.status") else {
        return;
    };
    let asks = match &form.fields[status_at].value {
        Value::Choice { at, .. } => asks_date(outcome_status(*at)),
        _ => false,
    };
    let line = form.fields.iter().position(|f| f.key == "outcome.date");
    match (asks, line) {
        (true, None) => {
            let day = std::mem::take(&mut form.set_aside_day);
            form.fields.insert(status_at + 1, outcome_date_field(&day));
        }
        (false, Some(line)) => {
            if let Value::Date(input) = form.fields.remove(line).value {
                form.set_aside_day = input.value().to_string();
            }
            if form.focus > line {
                form.focus -= 1;
            }
        }
        _ => {}
    }
}

/// KPI snapshots the form has: as they were, or open.
fn kpi_count(form: &Form) -> usize {
    form.fields
        .iter()
        .filter(|f| matches!(f.value, Value::Kpi(_)) || is_kpi_date(&f.key))
        .count()
}

fn is_kpi_date(key: &str) -> bool {
    key.starts_with("kpis[") && key.ends_with(".date")
}

fn founder_count(form: &Form) -> usize {
    form.fields
        .iter()
        .filter(|f| f.key.starts_with("founders[") && f.key.ends_with(".name"))
        .count()
}

/// What a picker chose, into the form.
fn chosen(form: &mut Form, target: PickTarget, ids: Vec<String>, data: &Data) {
    match target {
        PickTarget::Cohort => {
            if let Some(field) = form.fields.get_mut(form.focus)
                && let Value::Cohort(cohort) = &mut field.value
            {
                *cohort = ids.into_iter().next().filter(|id| !id.is_empty());
                let picked = cohort.clone();
                follow_cohort(form, picked.as_deref().and_then(|id| data.cohort(id)));
            }
        }
        PickTarget::Mentors => {
            if let Some(field) = form.fields.get_mut(form.focus)
                && let Value::Mentors(mentors) = &mut field.value
            {
                *mentors = ids;
            }
        }
        PickTarget::Pitches => {
            let at = form.focus;
            let added: Vec<FormLine> = ids
                .into_iter()
                .map(|startup| {
                    pitch_field(
                        0,
                        &Pitch {
                            startup,
                            minutes: 5,
                        },
                    )
                })
                .collect();
            let count = added.len();
            form.fields.splice(at..at, added);
            renumber(form);
            form.focus = at + count;
        }
        // Booking has a dialog of its own, never a form's picker.
        PickTarget::OfficeHour => {}
    }
}

/// A new demo day whose time is still the one the form filled in moves
/// to the last week of the cohort just picked.
fn follow_cohort(form: &mut Form, cohort: Option<&crate::model::Cohort>) {
    let Some(cohort) = cohort else { return };
    let Some(filled) = form.follows_cohort.clone() else {
        return;
    };
    for field in &mut form.fields {
        if let Value::Time { input, offset } = &mut field.value {
            if input.value() != filled {
                // Typed over: the user's date stays.
                form.follows_cohort = None;
                return;
            }
            if let Some(at) = super::rules::demo_day_default(cohort, *offset) {
                let text = at.format(TIME_FORMAT).to_string();
                *input = Input::new(text.clone());
                form.follows_cohort = Some(text);
            }
        }
    }
}

/// Move the focused pitch one place up or down the running order.
fn reorder(form: &mut Form, down: bool) {
    let at = form.focus;
    let is_pitch = |f: Option<&FormLine>| f.is_some_and(|f| matches!(f.value, Value::Pitch { .. }));
    if !is_pitch(form.fields.get(at)) {
        return;
    }
    let other = if down { at + 1 } else { at.wrapping_sub(1) };
    if is_pitch(form.fields.get(other)) {
        form.fields.swap(at, other);
        form.focus = other;
        renumber(form);
    }
}

/// Ctrl-D: take out the focused founder (all three lines), pitch, KPI
/// snapshot (its one line, or all five when open), or funding round (its
/// four lines).
fn remove(form: &mut Form) {
    let Some(field) = form.fields.get(form.focus) else {
        return;
    };
    let key = field.key.clone();
    let group = if let Some(rest) = key.strip_prefix("founders[") {
        rest.split(']').next().map(|n| format!("founders[{n}]."))
    } else if let Some(rest) = key.strip_prefix("kpis[") {
        rest.split(']').next().map(|n| format!("kpis[{n}]"))
    } else if let Some(rest) = key.strip_prefix("outcome.rounds[") {
        rest.split(']')
            .next()
            .map(|n| format!("outcome.rounds[{n}]."))
    } else if matches!(field.value, Value::Pitch { .. }) {
        Some(key.clone())
    } else {
        None
    };
    let Some(group) = group else { return };
    // A pitch is one line; a founder or a new snapshot, several.
    let in_group = |f: &FormLine| {
        if group.ends_with(['.', '[']) {
            f.key.starts_with(&group)
        } else if group.starts_with("kpis[") {
            f.key == group || f.key.starts_with(&format!("{group}."))
        } else {
            f.key == group
        }
    };
    let first = form.fields.iter().position(in_group);
    form.fields.retain(|f| !in_group(f));
    renumber(form);
    form.focus = first
        .unwrap_or(form.focus)
        .min(form.fields.len().saturating_sub(1));
}

/// Keys and labels of founders, pitches, KPI snapshots and funding
/// rounds follow their order on screen.
fn renumber(form: &mut Form) {
    let (mut founder, mut pitch, mut kpi, mut round) = (0, 0, 0, 0);
    for field in &mut form.fields {
        if let Some(part) = field
            .key
            .strip_prefix("outcome.rounds[")
            .and_then(|rest| rest.split_once("]."))
            .map(|(_, part)| part.to_string())
        {
            field.key = format!("outcome.rounds[{round}].{part}");
            if part == "date" {
                field.label = format!("Round {}", round + 1);
            }
            if part == "investors" {
                round += 1;
            }
            continue;
        }
        if let Value::Kpi(_) = field.value {
            field.key = format!("kpis[{kpi}]");
            field.label = if kpi == 0 { "KPIs" } else { "" }.to_string();
            kpi += 1;
            continue;
        }
        if let Some(part) = field
            .key
            .strip_prefix("kpis[")
            .and_then(|rest| rest.split_once("]."))
            .map(|(_, part)| part.to_string())
        {
            field.key = format!("kpis[{kpi}].{part}");
            if part == "funding_raised" {
                kpi += 1;
            }
            continue;
        }
        if let Some(rest) = field.key.strip_prefix("founders[") {
            let part = rest
                .split_once('.')
                .map(|(_, p)| p.to_string())
                .unwrap_or_default();
            field.key = format!("founders[{founder}].{part}");
            if part == "name" {
                field.label = format!("Founder {}", founder + 1);
            }
            if part == "email" {
                founder += 1;
            }
        } else if matches!(field.value, Value::Pitch { .. }) {
            field.key = format!("pitches[{pitch}]");
            field.label = format!("Pitch {}", pitch + 1);
            pitch += 1;
        }
    }
}
