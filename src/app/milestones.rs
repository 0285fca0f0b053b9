//! A startup's milestones from the keyboard: `M` adds one in a form, `c`
//! marks the one under the cursor done today (or open again), or else the
//! startup's next open one.

use chrono::Duration;

use super::dialog::Overlay;
use super::dialog::form::Form;
use super::dialog::plan::PlanDialog;
use super::effect::Effect;
use super::state::{App, Focus, Link};
use crate::model::{Kind, Milestone, MilestoneState, Record};

/// A new milestone is due this many days ahead unless the form says else.
const DUE_IN_DAYS: i64 = 28;

impl App {
    /// The startup on screen: its id and name.
    fn startup_id_and_name(&self) -> Option<(String, String)> {
        let data = self.data();
        let s = data.portfolio.startups.get(self.startup_on_screen()?)?;
        Some((s.id.clone(), s.name.clone()))
    }

    /// `M`: a form for a new milestone of the startup on screen.
    pub(super) fn add_milestone(&mut self) {
        let Some((startup, name)) = self.startup_id_and_name() else {
            self.status =
                Some("M adds a milestone to a startup: choose one on the Startups tab (2)".into());
            return;
        };
        let milestone = Milestone {
            id: String::new(),
            startup,
            title: String::new(),
            due: self.today + Duration::days(DUE_IN_DAYS),
            done: None,
            notes: Vec::new(),
        };
        let mut form = Form::open(Record::Milestone(milestone), None);
        form.belongs_to = Some(name);
        self.overlay = Overlay::Form(Box::new(form));
    }

    /// `P`: the startup's milestones as a plan for every startup of a
    /// cohort; first, which cohort.
    pub(super) fn open_plan_copy(&mut self) {
        let Some((startup, name)) = self.startup_id_and_name() else {
            self.status = Some(
                "P copies a startup's milestones to a cohort: choose one on the Startups tab (2)"
                    .into(),
            );
            return;
        };
        let data = self.data();
        let plan: Vec<Milestone> = data.milestones_of(&startup).cloned().collect();
        let start = data
            .startup(&startup)
            .and_then(|s| data.cohort(s.cohort.as_deref()?))
            .map(|c| c.start);
        let mut cohorts: Vec<(String, String, chrono::NaiveDate)> = data
            .portfolio
            .cohorts
            .iter()
            .map(|c| (c.id.clone(), c.name.clone(), c.start))
            .collect();
        drop(data);
        cohorts.sort_by_key(|(_, _, start)| *start);
        let (Some(from_start), false) = (start, plan.is_empty()) else {
            self.status = Some(if plan.is_empty() {
                format!("{name} has no milestones to copy: M adds one")
            } else {
                format!("{name} is in no cohort, so its milestones' days count from nothing")
            });
            return;
        };
        // The next cohort to start is the likely one.
        let selected = cohorts
            .iter()
            .position(|(_, _, start)| *start > self.today)
            .unwrap_or(0);
        self.overlay = Overlay::Plan(Box::new(PlanDialog {
            from: startup,
            from_name: name,
            plan,
            from_start,
            cohorts,
            selected,
        }));
    }

    /// `c`: the milestone under the cursor in the details, else the
    /// startup's next open one, marked done today; a done one is opened
    /// again.
    pub(super) fn mark_milestone(&mut self) {
        let Some((startup, name)) = self.startup_id_and_name() else {
            self.status = Some(
                "c marks a startup's milestone done: choose one on the Startups tab (2)".into(),
            );
            return;
        };
        let under_cursor = match self.links().get(self.link) {
            Some(Link {
                kind: Kind::Milestone,
                id,
            }) if self.focus == Focus::Details => Some(id.clone()),
            _ => None,
        };
        let data = self.data();
        let chosen = match under_cursor {
            Some(id) => data.milestones_of(&startup).find(|m| m.id == id),
            None => data.next_milestone(&startup, self.today).0,
        };
        let Some(milestone) = chosen else {
            drop(data);
            self.status = Some(format!("{name} has no open milestone: M adds one"));
            return;
        };
        let done = milestone.state_on(self.today) == MilestoneState::Done;
        let (label, when) = if done {
            (format!("{} open again", milestone.title), None)
        } else {
            (format!("{} ticked off", milestone.title), Some(self.today))
        };
        let id = milestone.id.clone();
        drop(data);
        self.effects.push(Effect::MarkMilestone {
            label,
            id,
            done: when,
        });
    }
}
