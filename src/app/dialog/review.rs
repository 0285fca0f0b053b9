//! Enter or `v` on the Calls tab: an application read in full, and the
//! rubric to score it by — each criterion 1–5 by keys, a comment, "I have
//! a conflict" — for one of its reviewers. Other reviews show beside it
//! only as blind review allows: a mentor sees them once theirs is in.

use chrono::DateTime;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tui_input::Input;

use super::{Context, Dialog, Reply, Saves};
use crate::app::clearing::type_into;
use crate::app::effect::{Effect, Outcome};
use crate::app::keymap::{Action, Keymap};
use crate::model::{Application, Call, Kind, Portfolio, Record, Review, Scores, weighted_mean};
use crate::store::{Access, Stored};

use super::super::calls::pipeline::readable_reviews;

/// The form.
#[derive(Debug, Clone)]
pub struct ReviewForm {
    pub application: Application,
    pub call: Call,
    /// Reviews the user may read, with their reviewer's name, other than
    /// the one being written.
    pub others: Vec<(String, Review)>,
    /// The review being written; `None` when the user only reads.
    pub editing: Option<Editing>,
    /// Lines of the application scrolled past.
    pub scroll: u16,
    /// A refusal or a clash from the store, shown in the form.
    pub problem: Option<String>,
    /// Esc pressed once over unsaved scores: a second throws them away.
    pub confirm_discard: bool,
}

/// The review being written.
#[derive(Debug, Clone)]
pub struct Editing {
    /// The reviewers it may be written as (a mentor: themselves; a
    /// coordinator: any listed on the application), and which it is.
    pub reviewers: Vec<(String, String)>,
    pub reviewer: usize,
    /// The review as stored, and its version, when there is one.
    pub stored: Option<(Review, Option<u64>)>,
    /// A score per criterion of the call, in its order.
    pub scores: Vec<Option<u8>>,
    pub comment: Input,
    pub conflict: bool,
    pub line: Line,
    pub changed: bool,
}

/// The line of the rubric the cursor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Reviewer,
    Criterion(usize),
    Comment,
    Conflict,
}

impl ReviewForm {
    /// The form on application `id`: for writing when `access` is one of
    /// its reviewers' (or, `writing`, a coordinator's writing one for a
    /// reviewer it lists: scores sent by email), else for reading. `Err`:
    /// why it cannot be written, when `writing` asked.
    pub fn open(
        portfolio: &Portfolio,
        access: &Access,
        id: &str,
        writing: bool,
    ) -> Result<ReviewForm, String> {
        let application = portfolio
            .applications
            .iter()
            .find(|a| a.id == id)
            .ok_or("That application is gone")?;
        let call = portfolio
            .calls
            .iter()
            .find(|c| c.id == application.call)
            .ok_or("Its call is gone")?;
        let name = |mentor: &str| {
            portfolio
                .name_of(Kind::Mentor, mentor)
                .unwrap_or(mentor)
                .to_string()
        };
        let reviewers: Vec<(String, String)> = match access {
            Access::Mentor { id } if application.reviewers.contains(id) => {
                vec![(id.clone(), name(id))]
            }
            Access::Everything if writing => application
                .reviewers
                .iter()
                .map(|m| (m.clone(), name(m)))
                .collect(),
            _ => Vec::new(),
        };
        if writing && reviewers.is_empty() {
            return Err(match access {
                Access::Mentor { .. } => format!(
                    "You are not asked to review {}: you may read it",
                    application.name
                ),
                Access::Everything => format!(
                    "Nobody is asked to review {} yet: r asks reviewers",
                    application.name
                ),
                Access::ReadOnly | Access::Judge { .. } => {
                    "Staff read reviews: scoring is for the reviewers".into()
                }
            });
        }
        let readable = readable_reviews(portfolio, access);
        let others = readable
            .into_iter()
            .filter(|r| r.application == application.id)
            .map(|r| (name(&r.reviewer), r.clone()))
            .collect();
        let mut form = ReviewForm {
            application: application.clone(),
            call: call.clone(),
            others,
            editing: None,
            scroll: 0,
            problem: None,
            confirm_discard: false,
        };
        if !reviewers.is_empty() {
            let first = reviewers
                .iter()
                .position(|(m, _)| !form.others.iter().any(|(_, r)| &r.reviewer == m))
                .unwrap_or(0);
            form.editing = Some(Editing {
                reviewers,
                reviewer: first,
                stored: None,
                scores: vec![None; call.criteria.len()],
                comment: Input::default(),
                conflict: false,
                line: Line::Criterion(0),
                changed: false,
            });
            form.take_up_stored();
        }
        Ok(form)
    }

    /// The reviewer written as, by id.
    pub fn reviewer(&self) -> Option<&str> {
        let editing = self.editing.as_ref()?;
        editing
            .reviewers
            .get(editing.reviewer)
            .map(|(id, _)| id.as_str())
    }

    /// The stored review of the reviewer chosen, if any, into the form
    /// (and out of the others shown).
    fn take_up_stored(&mut self) {
        let Some(reviewer) = self.reviewer().map(str::to_string) else {
            return;
        };
        let mut others = std::mem::take(&mut self.others);
        // The review the form held before goes back among the others.
        if let Some(editing) = &mut self.editing
            && let Some((review, _)) = editing.stored.take()
        {
            let name = editing
                .reviewers
                .iter()
                .find(|(m, _)| *m == review.reviewer)
                .map_or(review.reviewer.clone(), |(_, n)| n.clone());
            others.push((name, review));
        }
        let at = others.iter().position(|(_, r)| r.reviewer == reviewer);
        let stored = at.map(|at| others.remove(at).1);
        self.others = others;
        let criteria = self.call.criteria.clone();
        let Some(editing) = &mut self.editing else {
            return;
        };
        editing.scores = criteria
            .iter()
            .map(|c| stored.as_ref().and_then(|r| r.scores.get(&c.name).copied()))
            .collect();
        editing.comment = Input::new(stored.as_ref().map_or(String::new(), |r| r.comment.clone()));
        editing.conflict = stored.as_ref().is_some_and(|r| r.conflict);
        editing.stored = stored.map(|r| (r, None));
        editing.changed = false;
    }

    /// The effect that reads the stored review's version, when there is
    /// one: a save is then an edit of that version.
    pub fn version_wanted(&self) -> Option<Effect> {
        let (review, version) = self.editing.as_ref()?.stored.as_ref()?;
        version.is_none().then(|| Effect::Edit {
            kind: Kind::Review,
            id: review.id.clone(),
        })
    }

    /// The stored review as read with its version.
    pub fn loaded(&mut self, stored: &Stored<Record>) {
        if let (Some(editing), Record::Review(review)) = (&mut self.editing, &stored.record)
            && let Some((mine, version)) = &mut editing.stored
            && mine.id == review.id
        {
            *version = Some(stored.version);
        }
    }

    /// The weighted total of the scores given so far, once all are.
    pub fn total(&self) -> Option<f64> {
        weighted_mean(&self.scores()?, &self.call.criteria)
    }

    fn scores(&self) -> Option<Scores> {
        let editing = self.editing.as_ref()?;
        self.call
            .criteria
            .iter()
            .zip(&editing.scores)
            .map(|(c, s)| s.map(|s| (c.name.clone(), s)))
            .collect()
    }

    /// The lines of the rubric, in order.
    pub fn lines(&self) -> Vec<Line> {
        let Some(editing) = &self.editing else {
            return Vec::new();
        };
        let mut lines = Vec::new();
        if editing.reviewers.len() > 1 {
            lines.push(Line::Reviewer);
        }
        lines.extend((0..self.call.criteria.len()).map(Line::Criterion));
        lines.push(Line::Comment);
        lines.push(Line::Conflict);
        lines
    }

    fn save(&mut self) -> Reply {
        let Some(reviewer) = self.reviewer().map(str::to_string) else {
            return Reply::Stay;
        };
        let Some(editing) = &self.editing else {
            return Reply::Stay;
        };
        let scores = match (self.scores(), editing.conflict) {
            (Some(scores), _) => scores,
            // A conflict declared needs no scores.
            (None, true) => Scores::new(),
            (None, false) => {
                let missing: Vec<&str> = self
                    .call
                    .criteria
                    .iter()
                    .zip(&editing.scores)
                    .filter(|(_, s)| s.is_none())
                    .map(|(c, _)| c.name.as_str())
                    .collect();
                self.problem = Some(format!(
                    "Score {} (1–5), or tick the conflict",
                    missing.join(", ")
                ));
                return Reply::Stay;
            }
        };
        let (id, version) = match &editing.stored {
            Some((stored, version)) => (stored.id.clone(), *version),
            None => (String::new(), None),
        };
        if !id.is_empty() && version.is_none() {
            self.problem = Some("Still reading your review's version; save again".into());
            return Reply::Stay;
        }
        let review = Review {
            id,
            application: self.application.id.clone(),
            reviewer,
            scores,
            comment: editing.comment.value().trim().to_string(),
            conflict: editing.conflict,
            // Stamped by the front end when written.
            at: DateTime::UNIX_EPOCH.into(),
        };
        self.problem = None;
        Reply::Effect(Effect::Save {
            record: Box::new(Record::Review(review)),
            version,
        })
    }

    fn on_key(&mut self, event: KeyEvent, keys: &Keymap) -> Reply {
        let is = |action| keys.is(action, event);
        if is(Action::Cancel) {
            let changed = self.editing.as_ref().is_some_and(|e| e.changed);
            if changed && !self.confirm_discard {
                self.confirm_discard = true;
                self.problem = Some("Esc again throws away your scores; Ctrl-S saves them".into());
                return Reply::Stay;
            }
            return Reply::Close;
        }
        self.confirm_discard = false;
        let lines = self.lines();
        let Some(editing) = &mut self.editing else {
            // Reading: the arrows scroll.
            if is(Action::LineDown) || is(Action::PickDown) || is(Action::PageDown) {
                self.scroll = self.scroll.saturating_add(1);
            } else if is(Action::LineUp) || is(Action::PickUp) {
                self.scroll = self.scroll.saturating_sub(1);
            } else if is(Action::Open) {
                return Reply::Close;
            }
            return Reply::Stay;
        };
        if is(Action::Save) {
            return self.save();
        }
        // The application above scrolls while the rubric keeps the arrows.
        if is(Action::PageDown) {
            self.scroll = self.scroll.saturating_add(5);
            return Reply::Stay;
        }
        if is(Action::PageUp) {
            self.scroll = self.scroll.saturating_sub(5);
            return Reply::Stay;
        }
        let at = lines.iter().position(|l| *l == editing.line).unwrap_or(0);
        let line = editing.line;
        if is(Action::LineDown) || is(Action::NextField) {
            editing.line = lines[(at + 1).min(lines.len() - 1)];
            return Reply::Stay;
        }
        if is(Action::LineUp) || is(Action::PrevField) {
            editing.line = lines[at.saturating_sub(1)];
            return Reply::Stay;
        }
        match line {
            Line::Reviewer => {
                let n = editing.reviewers.len();
                let step = match event.code {
                    KeyCode::Left => n - 1,
                    KeyCode::Right | KeyCode::Char(' ') => 1,
                    _ => return Reply::Stay,
                };
                editing.reviewer = (editing.reviewer + step) % n;
                self.take_up_stored();
                return match self.version_wanted() {
                    Some(effect) => Reply::Effect(effect),
                    None => Reply::Stay,
                };
            }
            Line::Criterion(i) => {
                let score = &mut editing.scores[i];
                match event.code {
                    KeyCode::Char(c @ '1'..='5') => {
                        *score = c.to_digit(10).and_then(|d| u8::try_from(d).ok());
                        // On to the next line, as a form's Enter goes.
                        editing.line = lines[(at + 1).min(lines.len() - 1)];
                    }
                    KeyCode::Left => *score = Some(score.map_or(1, |s| s.saturating_sub(1).max(1))),
                    KeyCode::Right => *score = Some(score.map_or(1, |s| (s + 1).min(5))),
                    KeyCode::Backspace | KeyCode::Delete => *score = None,
                    _ => return Reply::Stay,
                }
            }
            Line::Comment => {
                if !type_into(&mut editing.comment, event, keys) {
                    return Reply::Stay;
                }
            }
            Line::Conflict => match event.code {
                KeyCode::Char(' ') | KeyCode::Enter => editing.conflict = !editing.conflict,
                _ => return Reply::Stay,
            },
        }
        editing.changed = true;
        self.problem = None;
        Reply::Stay
    }
}

impl Dialog for ReviewForm {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        self.on_key(event, ctx.keymap)
    }

    fn paste(&mut self, text: &str, _ctx: &mut Context) -> bool {
        match &mut self.editing {
            Some(editing) if editing.line == Line::Comment => {
                super::insert(&mut editing.comment, text);
                editing.changed = true;
                true
            }
            _ => false,
        }
    }

    fn scroll(&mut self, down: bool, _ctx: &mut Context) -> Option<Reply> {
        self.scroll = match down {
            true => self.scroll.saturating_add(1),
            false => self.scroll.saturating_sub(1),
        };
        Some(Reply::Stay)
    }

    fn outcome(&mut self, outcome: Outcome, ctx: &Context) -> Reply {
        self.saved(outcome, ctx.keymap)
    }
}

impl Saves for ReviewForm {
    fn refused(&mut self, message: String) -> Reply {
        self.problem = Some(message);
        Reply::Stay
    }

    fn meanwhile(
        &mut self,
        message: String,
        _by: &str,
        theirs: Stored<Record>,
        _keys: &Keymap,
    ) -> Reply {
        // The review as it is now is taken up; the user scores again.
        if let Record::Review(review) = &theirs.record
            && let Some(editing) = &mut self.editing
        {
            editing.stored = Some((review.clone(), Some(theirs.version)));
        }
        self.problem = Some(format!(
            "{message}: your scores are kept; Ctrl-S saves them over it"
        ));
        Reply::Stay
    }
}
