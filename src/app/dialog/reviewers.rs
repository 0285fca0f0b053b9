//! `r` on the Calls tab: who is asked to review an application, picked
//! from the mentors with how many reviews each has still to do.

use ratatui::crossterm::event::KeyEvent;

use super::picker::{PickOption, PickTarget, Picked, Picker};
use super::{Context, Dialog, Reply};
use crate::app::effect::{ApplicationChange, Effect};
use crate::model::Portfolio;

#[derive(Debug, Clone)]
pub struct ReviewersDialog {
    /// The application's id.
    pub application: String,
    pub picker: Picker,
}

/// More reviews than this still to do and a mentor is marked as busy.
const BUSY: usize = 5;

impl ReviewersDialog {
    /// The picker for application `id`, its reviewers ticked; `None` when
    /// there is no such application.
    pub fn new(portfolio: &Portfolio, id: &str) -> Option<ReviewersDialog> {
        let application = portfolio.applications.iter().find(|a| a.id == id)?;
        let to_do = portfolio.reviews_to_do(|_| true);
        let options = portfolio
            .mentors
            .iter()
            .map(|m| {
                let open = to_do.get(m.id.as_str()).copied().unwrap_or(0);
                let detail = |open: usize| {
                    let mut text = crate::text::counted(open, "review") + " to do";
                    if !m.expertise.is_empty() {
                        text.push_str(&format!(" · {}", m.expertise.join(", ")));
                    }
                    text
                };
                let listed = application.reviewers.contains(&m.id);
                // Ticking adds one to do, unless it is counted already.
                let ticked = (!listed).then(|| (detail(open + 1), open + 1 > BUSY));
                PickOption {
                    id: m.id.clone(),
                    label: m.name.clone(),
                    detail: detail(open),
                    warn: open > BUSY,
                    ticked,
                }
            })
            .collect();
        let picker = Picker::new(
            format!("Reviewers of {}", application.name),
            PickTarget::Mentors,
            true,
            options,
            application.reviewers.clone(),
        );
        Some(ReviewersDialog {
            application: id.to_string(),
            picker,
        })
    }
}

impl Dialog for ReviewersDialog {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        match self.picker.key(event, ctx.keymap) {
            Picked::Open => Reply::Stay,
            Picked::Cancelled => Reply::Close,
            Picked::Chosen(reviewers) => {
                let name = ctx
                    .data()
                    .portfolio
                    .name_of(crate::model::Kind::Application, &self.application)
                    .unwrap_or(&self.application)
                    .to_string();
                Reply::CloseWith(Effect::ChangeApplications {
                    label: format!("the reviewers of {name}"),
                    ids: vec![self.application.clone()],
                    change: ApplicationChange::Reviewers(reviewers),
                })
            }
        }
    }

    fn paste(&mut self, text: &str, _ctx: &mut Context) -> bool {
        super::insert(&mut self.picker.query, text);
        self.picker.filter();
        true
    }
}
