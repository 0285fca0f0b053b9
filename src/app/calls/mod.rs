//! The Calls tab: one call's applications as a pipeline — by stage, and
//! ranked as the reviews come in — and what a coordinator does to them
//! (move them between stages, several at once; ask reviewers; accept) or
//! a reviewer (score theirs against the rubric).

pub mod pipeline;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use super::access::runs_a_call;
use super::dialog::Overlay;
use super::dialog::review::ReviewForm;
use super::dialog::reviewers::ReviewersDialog;
use super::dialog::stage::StageDialog;
use super::effect::{ApplicationChange, Effect};
use super::keymap::Action;
use super::state::App;
use crate::model::{ApplicationStage, Kind};
use crate::ranking::Ranker;
use crate::store::Access;
use pipeline::{Pipeline, calls_in_order, pipeline};

/// What the Calls tab looks at.
#[derive(Debug, Clone, Default)]
pub struct CallsView {
    /// The call shown, by id (`None`: the first in `calls_in_order`).
    pub call: Option<String>,
    /// The application under the cursor, by id: kept as rows reorder.
    pub selected: Option<String>,
    /// The first row shown.
    pub offset: usize,
    /// Applications marked with Space, by id.
    pub marked: BTreeSet<String>,
    /// The call's pipeline, worked out when the portfolio last changed.
    pub pipeline: Option<Pipeline>,
    /// What `pipeline` was worked out from: the records' generation, the
    /// call, the day.
    made_from: Option<(u64, String, chrono::NaiveDate)>,
    /// The call's ranking, kept up to date a review at a time: ranking a
    /// call of 10,000 applications and 50,000 reviews afresh takes longer
    /// than a frame, taking in one review a millisecond (BENCHMARKS.md).
    ranker: Option<(String, Ranker)>,
    /// Reviews written or deleted since the ranker last took them in.
    reviews_changed: Vec<String>,
}

/// The stages `>` and `<` step through; the others are reached with `m`.
const STEPS: [ApplicationStage; 3] = [
    ApplicationStage::Received,
    ApplicationStage::Screening,
    ApplicationStage::Interview,
];

impl CallsView {
    /// A record of `kind` was written or deleted: what the ranker must
    /// take in. A call or an application changed makes it anew.
    pub(crate) fn changed(&mut self, kind: Kind, id: &str) {
        match kind {
            // Taken in by the ranker kept, if there is one.
            Kind::Review if self.ranker.is_some() => self.reviews_changed.push(id.to_string()),
            Kind::Call | Kind::Application => self.ranker = None,
            _ => {}
        }
    }

    /// Everything was replaced: nothing kept holds.
    pub(crate) fn replaced(&mut self) {
        self.ranker = None;
        self.reviews_changed.clear();
    }

    /// Where the cursor is among the rows.
    pub fn cursor(&self) -> usize {
        let Some(pipeline) = &self.pipeline else {
            return 0;
        };
        self.selected
            .as_ref()
            .and_then(|id| pipeline.rows.iter().position(|r| &r.id == id))
            .unwrap_or(0)
    }
}

impl App {
    /// Work out the tab's pipeline again if the records, the call or the
    /// day changed since it was.
    pub(crate) fn refresh_calls(&mut self) {
        // The model read through a handle of its own: the ranker, kept in
        // the session, changes while the records are read.
        let model = std::sync::Arc::clone(&self.model);
        let model = model.read();
        let data = &model.data;
        let p = &data.portfolio;
        let ordered = calls_in_order(&p.calls, self.today);
        let call = self
            .calls
            .call
            .as_ref()
            .and_then(|id| ordered.iter().find(|c| &c.id == id))
            .or(ordered.first())
            .copied();
        let Some(call) = call else {
            self.calls.pipeline = None;
            self.calls.made_from = None;
            return;
        };
        let generation = data.changed_at(&[Kind::Call, Kind::Application, Kind::Review]);
        let from = (generation, call.id.clone(), self.today);
        if self.calls.made_from.as_ref() == Some(&from) {
            return;
        }
        let ranking = match &self.access {
            Access::Mentor { .. } | Access::Judge { .. } => None,
            Access::Everything | Access::ReadOnly => {
                let changed = std::mem::take(&mut self.calls.reviews_changed);
                Some(match &mut self.calls.ranker {
                    Some((id, ranker)) if *id == call.id => {
                        for review in changed {
                            match p.reviews.iter().find(|r| r.id == review) {
                                Some(r) => ranker.put_review(r),
                                None => ranker.remove_review(&review),
                            }
                        }
                        ranker.ranking()
                    }
                    kept => {
                        let ranker = Ranker::new(call, &p.applications, &p.reviews);
                        let ranking = ranker.ranking();
                        *kept = Some((call.id.clone(), ranker));
                        ranking
                    }
                })
            }
        };
        let made = pipeline(p, call, &self.access, ranking);
        drop(model);
        self.calls.call = Some(from.1.clone());
        self.calls.made_from = Some(from);
        let ids: BTreeSet<&str> = made.rows.iter().map(|r| r.id.as_str()).collect();
        self.calls.marked.retain(|id| ids.contains(id.as_str()));
        if self
            .calls
            .selected
            .as_ref()
            .is_none_or(|id| !ids.contains(id.as_str()))
        {
            self.calls.selected = made.rows.first().map(|r| r.id.clone());
        }
        self.calls.pipeline = Some(made);
        self.keep_calls_in_view();
    }

    /// Show record `id` of `kind` (a call, an application, a review) on
    /// the Calls tab: its call, with the cursor on its application.
    pub(crate) fn select_in_calls(&mut self, kind: Kind, id: &str) -> bool {
        let data = self.data();
        let p = &data.portfolio;
        let application = match kind {
            Kind::Review => p
                .reviews
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.application.clone()),
            Kind::Application => Some(id.to_string()),
            _ => None,
        };
        let call = match &application {
            Some(a) => p
                .applications
                .iter()
                .find(|x| &x.id == a)
                .map(|x| x.call.clone()),
            None => None,
        }
        // A call, or Home's row of a reviewer's reviews to do, which
        // carries its call's id.
        .or_else(|| p.calls.iter().find(|c| c.id == id).map(|c| c.id.clone()));
        let application = application.filter(|a| p.applications.iter().any(|x| &x.id == a));
        drop(data);
        let Some(call) = call else { return false };
        if self.calls.call.as_ref() != Some(&call) {
            self.calls.marked.clear();
            self.calls.offset = 0;
        }
        self.calls.call = Some(call);
        self.calls.selected = application;
        self.tab = super::tab::Tab::Calls;
        self.refresh_calls();
        self.keep_calls_in_view();
        true
    }

    /// Rows of applications the tab shows at this size (see `ui::calls`).
    fn calls_page(&self) -> usize {
        crate::ui::calls_rows(self).max(1)
    }

    fn keep_calls_in_view(&mut self) {
        let page = self.calls_page();
        let cursor = self.calls.cursor();
        let offset = &mut self.calls.offset;
        if cursor < *offset {
            *offset = cursor;
        } else if cursor >= *offset + page {
            *offset = cursor + 1 - page;
        }
    }

    /// Take `action` on the Calls tab; false when it is not the tab's
    /// (switching tabs, help, search, quitting…).
    pub(crate) fn calls_action(&mut self, action: Action) -> bool {
        self.refresh_calls();
        let rows = self.calls.pipeline.as_ref().map_or(0, |p| p.rows.len());
        let page = self.calls_page() as i64;
        match action {
            Action::Up => self.calls_step(-1),
            Action::Down => self.calls_step(1),
            Action::PageUp => self.calls_step(-page),
            Action::PageDown => self.calls_step(page),
            Action::Top => self.calls_step(i64::MIN / 2),
            Action::Bottom => self.calls_step(i64::MAX / 2),
            Action::NextCall | Action::PrevCall => self.switch_call(action == Action::NextCall),
            Action::MarkRow if rows > 0 => {
                if let Some(id) = self.calls.selected.clone()
                    && !self.calls.marked.remove(&id)
                {
                    self.calls.marked.insert(id);
                }
                self.calls_step(1);
            }
            Action::Back if !self.calls.marked.is_empty() => self.calls.marked.clear(),
            Action::Open | Action::Review => self.open_review(action == Action::Review),
            action
                if runs_a_call(action)
                    && let Some(why) = self.refusal(action) =>
            {
                self.status = Some(why);
            }
            Action::StageNext | Action::StagePrev => self.step_stage(action == Action::StageNext),
            Action::SetStage => {
                let ids = self.calls_targets();
                let now = ids.first().and_then(|id| {
                    let data = self.data();
                    let found = data.portfolio.applications.iter().find(|a| &a.id == id);
                    found.map(|a| a.stage)
                });
                if let Some(now) = now {
                    self.overlay = Overlay::Stage(Box::new(StageDialog::new(ids, now)));
                }
            }
            Action::AssignReviewers => self.open_reviewers(),
            Action::AcceptApplication => self.accept_targets(),
            // The call shown; with applications, the question asks for a
            // deliberate key, and the store takes them along only then.
            Action::DeleteCall => {
                if let Some(id) = self.calls.call.clone() {
                    self.effects.push(Effect::PlanDelete {
                        kind: Kind::Call,
                        id,
                    });
                }
            }
            Action::Filter | Action::QuickFilter | Action::SortNext | Action::SortReverse => {
                self.status = Some(
                    "The Calls tab lists a call's applications ranked: [ and ] change the call"
                        .into(),
                );
            }
            Action::Delete if let Some(why) = self.refusal(action) => self.status = Some(why),
            // The application under the cursor, its reviews with it, once
            // the question is answered (and `u` brings them back).
            Action::Delete => {
                if let Some(id) = self.calls.selected.clone() {
                    self.effects.push(Effect::PlanDelete {
                        kind: Kind::Application,
                        id,
                    });
                }
            }
            Action::New | Action::Edit | Action::AddNote | Action::Bulk => {
                self.status = Some(
                    "On the Calls tab: m moves to a stage, r asks reviewers, v reviews, A accepts"
                        .into(),
                );
            }
            _ => return false,
        }
        true
    }

    fn calls_step(&mut self, by: i64) {
        let Some(pipeline) = &self.calls.pipeline else {
            return;
        };
        if pipeline.rows.is_empty() {
            return;
        }
        let last = pipeline.rows.len() as i64 - 1;
        let at = (self.calls.cursor() as i64 + by).clamp(0, last) as usize;
        self.calls.selected = Some(pipeline.rows[at].id.clone());
        self.keep_calls_in_view();
    }

    fn switch_call(&mut self, next: bool) {
        let ids: Vec<String> = calls_in_order(&self.data().portfolio.calls, self.today)
            .iter()
            .map(|c| c.id.clone())
            .collect();
        if ids.len() < 2 {
            self.status = Some(match ids.len() {
                0 => "No calls for applications yet".into(),
                _ => "This is the only call".into(),
            });
            return;
        }
        let at = self
            .calls
            .call
            .as_ref()
            .and_then(|id| ids.iter().position(|c| c == id))
            .unwrap_or(0);
        let to = if next {
            (at + 1) % ids.len()
        } else {
            (at + ids.len() - 1) % ids.len()
        };
        self.calls.call = Some(ids[to].clone());
        self.calls.selected = None;
        self.calls.marked.clear();
        self.calls.offset = 0;
        self.refresh_calls();
    }

    /// The marked applications, else the one under the cursor.
    fn calls_targets(&self) -> Vec<String> {
        if self.calls.marked.is_empty() {
            self.calls.selected.iter().cloned().collect()
        } else {
            self.calls.marked.iter().cloned().collect()
        }
    }

    /// `>`, `<`: the targets one step along received → screening → interview.
    fn step_stage(&mut self, forward: bool) {
        let ids = self.calls_targets();
        let Some(first) = ids.first() else { return };
        let data = self.data();
        let Some(now) = data
            .portfolio
            .applications
            .iter()
            .find(|a| &a.id == first)
            .map(|a| a.stage)
        else {
            return;
        };
        drop(data);
        let at = STEPS.iter().position(|s| *s == now);
        let to = match (at, forward) {
            (Some(at), true) => STEPS.get(at + 1).copied(),
            (Some(at), false) => at.checked_sub(1).map(|at| STEPS[at]),
            // From the waitlist, a rejection or a withdrawal: back to interview.
            (None, false) if now != ApplicationStage::Accepted => Some(ApplicationStage::Interview),
            (None, _) => None,
        };
        match to {
            Some(stage) => self.move_to(ids, stage),
            None => {
                self.status = Some(match (now, forward) {
                    (ApplicationStage::Interview, true) => format!(
                        "Interview is the last step: {} accepts, {} moves to the waitlist or rejects",
                        self.keymap.hint(Action::AcceptApplication),
                        self.keymap.hint(Action::SetStage)
                    ),
                    (ApplicationStage::Received, false) => "Received is the first stage".into(),
                    _ => format!(
                        "{now}: {} moves it to any stage",
                        self.keymap.hint(Action::SetStage)
                    ),
                });
            }
        }
    }

    /// Move `ids` to `stage`, in one write (accepting goes through `A`:
    /// it makes the startup).
    pub(crate) fn move_to(&mut self, ids: Vec<String>, stage: ApplicationStage) {
        if stage == ApplicationStage::Accepted {
            return self.accept(ids);
        }
        let label = format!("{} to {stage}", self.applications_label(&ids));
        self.effects.push(Effect::ChangeApplications {
            label,
            ids,
            change: ApplicationChange::Stage(stage),
        });
        self.calls.marked.clear();
    }

    fn accept_targets(&mut self) {
        let ids = self.calls_targets();
        self.accept(ids);
    }

    fn accept(&mut self, ids: Vec<String>) {
        if ids.is_empty() {
            return;
        }
        let label = format!("accepting {}", self.applications_label(&ids));
        self.effects.push(Effect::Accept { label, ids });
        self.calls.marked.clear();
    }

    /// "Nar Health", or "3 applications".
    fn applications_label(&self, ids: &[String]) -> String {
        match ids {
            [one] => self
                .data()
                .portfolio
                .name_of(Kind::Application, one)
                .map_or_else(|| one.clone(), str::to_string),
            many => crate::text::counted(many.len(), "application"),
        }
    }

    fn open_reviewers(&mut self) {
        let Some(id) = self.calls.selected.clone() else {
            return;
        };
        if self.calls.marked.len() > 1 {
            self.status =
                Some("Reviewers are asked one application at a time: Esc clears the marks".into());
            return;
        }
        let dialog = ReviewersDialog::new(&self.data().portfolio, &id);
        if let Some(dialog) = dialog {
            self.overlay = Overlay::Reviewers(Box::new(dialog));
        }
    }

    /// Enter: the application, with the review form if the user may
    /// write one; `v` asks for the form, and says why when there is none.
    fn open_review(&mut self, asked: bool) {
        let Some(id) = self.calls.selected.clone() else {
            return;
        };
        let form = ReviewForm::open(&self.data().portfolio, &self.access, &id, asked);
        match form {
            Ok(form) => {
                if let Some(read_version) = form.version_wanted() {
                    self.effects.push(read_version);
                }
                self.overlay = Overlay::Review(Box::new(form));
            }
            Err(why) => self.status = Some(why),
        }
    }
}
