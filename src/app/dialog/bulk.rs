//! `b` with rows marked: one change to all of them — move startups to a
//! cohort, assign a mentor, change their status, or delete them. It opens
//! on the records as stored (their versions, and what deleting each
//! takes along), and asks for one write of them all.

use ratatui::crossterm::event::KeyEvent;

use super::picker::{PickOption, PickTarget, Picked, Picker};
use super::{Context, Dialog, Reply};
use crate::app::data::Data;
use crate::app::effect::{Effect, Outcome};
use crate::app::keymap::Action;
use crate::model::{Kind, Record, Status};
use crate::store::DeletePlan;
use crate::text::counted;

/// What can be done to marked records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    MoveToCohort,
    AssignMentor,
    ChangeStatus,
    Delete,
}

impl BulkAction {
    pub fn title(self) -> &'static str {
        match self {
            BulkAction::MoveToCohort => "Move to a cohort",
            BulkAction::AssignMentor => "Assign a mentor",
            BulkAction::ChangeStatus => "Change status",
            BulkAction::Delete => "Delete",
        }
    }

    /// What may be done to records of `kind`.
    pub fn of(kind: Kind) -> &'static [BulkAction] {
        use BulkAction::*;
        match kind {
            Kind::Startup => &[MoveToCohort, AssignMentor, ChangeStatus, Delete],
            _ => &[Delete],
        }
    }
}

/// Where the dialog is.
#[derive(Debug, Clone)]
pub enum BulkStep {
    /// Choosing what to do (the place in `BulkAction::of`).
    Menu(usize),
    /// Choosing the cohort, mentor or status.
    Pick(BulkAction, Box<Picker>),
    /// Waiting for a yes before deleting.
    ConfirmDelete,
}

#[derive(Debug, Clone)]
pub struct BulkDialog {
    pub kind: Kind,
    /// The marked records as stored, each with what deleting it takes.
    pub plans: Vec<DeletePlan>,
    pub step: BulkStep,
}

impl BulkDialog {
    pub fn open(kind: Kind, plans: Vec<DeletePlan>, delete: bool) -> BulkDialog {
        let step = if delete {
            BulkStep::ConfirmDelete
        } else {
            BulkStep::Menu(0)
        };
        BulkDialog { kind, plans, step }
    }

    pub fn actions(&self) -> &'static [BulkAction] {
        BulkAction::of(self.kind)
    }

    /// "3 startups", "1 mentor".
    pub fn counted(&self) -> String {
        counted(self.plans.len(), self.kind.noun())
    }

    /// The first few names, then how many more: "Kilim Craft, Bazarım
    /// and 4 more".
    pub fn names(&self) -> String {
        const SHOWN: usize = 3;
        let names: Vec<String> = self
            .plans
            .iter()
            .take(SHOWN)
            .map(|p| p.target.record.label())
            .collect();
        let more = self.plans.len() - names.len();
        if more > 0 {
            format!("{} and {more} more", names.join(", "))
        } else {
            join_and(&names)
        }
    }

    /// What goes with them: "their 7 notes and 2 pitch slots", or "".
    fn with_them(&self) -> String {
        let notes: usize = self.plans.iter().map(|p| p.notes.len()).sum();
        let slots: usize = self.plans.iter().map(|p| p.pitch_slots.len()).sum();
        let days: usize = self.plans.iter().map(|p| p.demo_days.len()).sum();
        let with: Vec<String> = [(notes, "note"), (slots, "pitch slot"), (days, "demo day")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, noun)| counted(n, noun))
            .collect();
        if with.is_empty() {
            String::new()
        } else {
            format!("their {}", join_and(&with))
        }
    }

    /// The delete question: how many, which, and what goes with them.
    pub fn question(&self) -> String {
        let mut text = format!("Delete {} ({})", self.counted(), self.names());
        let with = self.with_them();
        if !with.is_empty() {
            text.push_str(&format!(" and {with}"));
        }
        text.push('?');
        text
    }

    /// The startups whose cohorts have startups: they cannot go together.
    fn not_empty(&self) -> Option<String> {
        self.plans
            .iter()
            .find(|p| !p.detached.is_empty())
            .map(|p| {
                format!(
                    "{} still has {} startup(s): move them first, or delete it alone (d) to detach them",
                    p.target.record.label(),
                    p.detached.len()
                )
            })
    }

    /// The picker for `action`'s value.
    fn picker(&self, action: BulkAction, data: &Data) -> Option<Picker> {
        let title = format!("{} {}", action.title(), self.counted());
        let options: Vec<PickOption> = match action {
            BulkAction::MoveToCohort => {
                let mut options = vec![PickOption {
                    id: String::new(),
                    label: "No cohort".into(),
                    detail: String::new(),
                    warn: false,
                    ticked: None,
                }];
                options.extend(data.portfolio.cohorts.iter().map(|c| {
                    let enrolled = data.enrolled(c);
                    let after = enrolled + self.plans.len();
                    let over = after > c.capacity as usize;
                    // What the move would make of it, said before it is made.
                    let detail = if over {
                        format!(
                            "{enrolled}/{0} places → {after}/{0}, over capacity",
                            c.capacity
                        )
                    } else {
                        format!("{enrolled}/{} places", c.capacity)
                    };
                    PickOption {
                        id: c.id.clone(),
                        label: c.name.clone(),
                        detail,
                        warn: over,
                        ticked: None,
                    }
                }));
                options
            }
            BulkAction::AssignMentor => data
                .portfolio
                .mentors
                .iter()
                .map(|m| {
                    let load = data.mentor_load(m);
                    PickOption {
                        id: m.id.clone(),
                        label: m.name.clone(),
                        detail: format!("{load} · {}", m.organization),
                        warn: load.active >= load.capacity as usize,
                        ticked: None,
                    }
                })
                .collect(),
            BulkAction::ChangeStatus => Status::ALL
                .iter()
                .map(|s| PickOption {
                    id: s.as_str().into(),
                    label: s.as_str().into(),
                    detail: String::new(),
                    warn: false,
                    ticked: None,
                })
                .collect(),
            BulkAction::Delete => return None,
        };
        Some(Picker::new(
            title,
            PickTarget::Cohort,
            false,
            options,
            vec![],
        ))
    }

    /// The write of `action` with `chosen` (an id, or a status), or why
    /// there is nothing to write.
    fn change(&self, action: BulkAction, chosen: &str, data: &Data) -> Reply {
        let name = match action {
            BulkAction::MoveToCohort if chosen.is_empty() => "no cohort".to_string(),
            BulkAction::MoveToCohort => data.cohort_name(Some(chosen)).to_string(),
            BulkAction::AssignMentor => data
                .position(Kind::Mentor, chosen)
                .and_then(|i| data.portfolio.mentors.get(i))
                .map_or_else(|| chosen.to_string(), |m| m.name.clone()),
            _ => chosen.to_string(),
        };
        let status: Option<Status> = chosen.parse().ok();
        let mut records = Vec::new();
        for plan in &self.plans {
            let Record::Startup(before) = &plan.target.record else {
                continue;
            };
            let mut after = before.clone();
            match action {
                BulkAction::MoveToCohort => {
                    after.cohort = (!chosen.is_empty()).then(|| chosen.to_string())
                }
                BulkAction::AssignMentor => {
                    if !after.mentors.iter().any(|m| m == chosen) {
                        after.mentors.push(chosen.to_string());
                    }
                }
                BulkAction::ChangeStatus => {
                    if let Some(status) = status {
                        after.status = status;
                    }
                }
                BulkAction::Delete => {}
            }
            if after != *before {
                records.push((Record::Startup(after), plan.target.version));
            }
        }
        let label = match action {
            BulkAction::MoveToCohort => format!("moving {} to {name}", self.counted()),
            BulkAction::AssignMentor => format!("assigning {name} to {}", self.counted()),
            _ => format!("status of {} to {name}", self.counted()),
        };
        if records.is_empty() {
            return Reply::CloseSaying(format!("Nothing to change: {label} changes none of them"));
        }
        Reply::Effect(Effect::SaveAll { label, records })
    }
}

impl Dialog for BulkDialog {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let is = |action| ctx.keymap.is(action, event);
        match &mut self.step {
            BulkStep::Menu(at) => {
                let n = BulkAction::of(self.kind).len();
                if is(Action::Cancel) {
                    return Reply::Close;
                } else if is(Action::PickUp) {
                    *at = at.saturating_sub(1);
                } else if is(Action::PickDown) {
                    *at = (*at + 1).min(n.saturating_sub(1));
                } else if is(Action::Choose) {
                    let action = BulkAction::of(self.kind)[(*at).min(n.saturating_sub(1))];
                    if action == BulkAction::Delete {
                        if let Some(why) = self.not_empty() {
                            return Reply::CloseSaying(why);
                        }
                        self.step = BulkStep::ConfirmDelete;
                    } else if let Some(picker) = self.picker(action, ctx.data()) {
                        self.step = BulkStep::Pick(action, Box::new(picker));
                    }
                }
                Reply::Stay
            }
            BulkStep::Pick(action, picker) => {
                let action = *action;
                match picker.key(event, ctx.keymap) {
                    Picked::Open => Reply::Stay,
                    Picked::Cancelled => {
                        let at = self.actions().iter().position(|a| *a == action);
                        self.step = BulkStep::Menu(at.unwrap_or(0));
                        Reply::Stay
                    }
                    Picked::Chosen(ids) => match ids.first() {
                        Some(chosen) => self.change(action, chosen, ctx.data()),
                        None => Reply::Stay,
                    },
                }
            }
            BulkStep::ConfirmDelete => {
                if !is(Action::Yes) {
                    return Reply::CloseSaying("Nothing deleted".into());
                }
                if let Some(why) = self.not_empty() {
                    return Reply::CloseSaying(why);
                }
                let targets = self
                    .plans
                    .iter()
                    .map(|p| (p.target.record.id().to_string(), p.target.version))
                    .collect();
                let mut label = format!("deleting {} ({})", self.counted(), self.names());
                let with = self.with_them();
                if !with.is_empty() {
                    label.push_str(&format!(" and {with}"));
                }
                Reply::Effect(Effect::DeleteAll {
                    label,
                    kind: self.kind,
                    targets,
                })
            }
        }
    }

    /// A write refused (a conflict names the record and who changed it):
    /// nothing was written.
    fn outcome(&mut self, outcome: Outcome, _ctx: &Context) -> Reply {
        match outcome {
            Outcome::Failed(message)
            | Outcome::Refused(message)
            | Outcome::Conflict { message, .. } => {
                // The marks stay: `b` again starts from the records as they are now.
                Reply::CloseSaying(format!("Nothing changed: {message}; the rows stay marked"))
            }
            other => super::unasked(other),
        }
    }
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
