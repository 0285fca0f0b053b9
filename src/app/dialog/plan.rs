//! `P` on a startup: copy its milestones, as the program's standard plan,
//! to every startup of a cohort, their days moved by as much as that
//! cohort starts after (or before) the startup's own.

use chrono::{Duration, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Context, Dialog, Reply};
use crate::app::data::Data;
use crate::app::effect::Effect;
use crate::app::keymap::Action;
use crate::model::{Milestone, Record};
use crate::text::fold;

/// The plan to copy and the cohorts it may go to.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDialog {
    /// The startup whose milestones are the plan.
    pub from: String,
    pub from_name: String,
    /// Its milestones.
    pub plan: Vec<Milestone>,
    /// Its cohort's first day, which the plan's days count from.
    pub from_start: NaiveDate,
    /// Every cohort, soonest start last: (id, name, start).
    pub cohorts: Vec<(String, String, NaiveDate)>,
    pub selected: usize,
}

/// What copying the plan to a cohort makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    /// New milestones (no ids yet), one per plan item per startup that
    /// has none of that title.
    pub made: Vec<Milestone>,
    /// Startups of the cohort the plan goes to (the source left out).
    pub startups: usize,
    /// How far the days move.
    pub shift: Duration,
}

impl PlanDialog {
    /// The copy to cohort `at` in `cohorts`, as `data` stands.
    pub fn copy(&self, data: &Data, at: usize) -> Option<Copy> {
        let (cohort, _, start) = self.cohorts.get(at)?;
        let shift = *start - self.from_start;
        let mut made = Vec::new();
        let mut startups = 0;
        for s in data
            .startups_of_cohort(cohort)
            .filter(|s| s.id != self.from)
        {
            startups += 1;
            let has: Vec<String> = data.milestones_of(&s.id).map(|m| fold(&m.title)).collect();
            for m in self.plan.iter().filter(|m| !has.contains(&fold(&m.title))) {
                made.push(Milestone {
                    id: String::new(),
                    startup: s.id.clone(),
                    title: m.title.clone(),
                    due: m.due + shift,
                    done: None,
                    notes: Vec::new(),
                });
            }
        }
        Some(Copy {
            made,
            startups,
            shift,
        })
    }
}

impl Dialog for PlanDialog {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let keys = ctx.keymap;
        if keys.is(Action::Cancel, event) {
            return Reply::Close;
        }
        let last = self.cohorts.len().saturating_sub(1);
        if keys.is(Action::PickUp, event) || event.code == KeyCode::Char('k') {
            self.selected = self.selected.saturating_sub(1);
        } else if keys.is(Action::PickDown, event) || event.code == KeyCode::Char('j') {
            self.selected = (self.selected + 1).min(last);
        } else if keys.is(Action::Choose, event) {
            let Some(copy) = self.copy(ctx.data(), self.selected) else {
                return Reply::Close;
            };
            let cohort = &self.cohorts[self.selected].1;
            if copy.made.is_empty() {
                return Reply::Status(format!(
                    "Nothing to copy: every startup of {cohort} has these milestones already"
                ));
            }
            return Reply::CloseWith(Effect::CreateAll {
                label: format!(
                    "{} to {cohort}",
                    crate::text::counted(copy.made.len(), "milestone")
                ),
                records: copy.made.into_iter().map(Record::Milestone).collect(),
            });
        }
        Reply::Stay
    }
}
