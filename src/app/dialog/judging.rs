//! A judge's session: the whole screen, never closed while they are
//! signed in (they read nothing else). Three pages: the demo days that
//! list them; a day's run of show, the pitch on stage now first; a
//! pitch's rubric — 1–5 per criterion by keys and a comment — each score
//! written as it is typed (`Store::score_pitch`), the comment when the
//! cursor leaves it. Once the coordinator closes judging, the rubric is
//! read-only and says so.

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::KeyEvent;
use tui_input::Input;

use super::rubric::{Rated, rate};
use super::{Context, Dialog, Reply};
use crate::app::clearing::type_into;
use crate::app::effect::{Effect, Outcome};
use crate::app::keymap::{Action, Keymap};
use crate::judging::{Slot, run_of_show};
use crate::model::{Criterion, DemoDay, Id, PitchScore, Portfolio};

/// The judge's screen.
#[derive(Debug, Clone)]
pub struct JudgeScreen {
    /// The name demo days list them by.
    pub judge: String,
    /// The time now, as the front end last said (`Event::Clock`): which
    /// pitch is on stage. `None` until it does (tests): running order.
    pub now: Option<DateTime<FixedOffset>>,
    pub page: Page,
    /// A refusal from the store, or a word on what was saved.
    pub problem: Option<String>,
}

/// What the judge looks at.
#[derive(Debug, Clone)]
pub enum Page {
    /// The demo days that list them; the cursor's place among them.
    Days {
        cursor: usize,
    },
    /// One day's run of show; the cursor on a pitch, by startup.
    Show {
        day: Id,
        cursor: Option<Id>,
    },
    Pitch(Box<Rubric>),
}

/// One pitch being scored.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub day: Id,
    pub startup: Id,
    /// The day's criteria as the rubric opened, and a score each.
    pub criteria: Vec<Criterion>,
    pub scores: Vec<Option<u8>>,
    pub comment: Input,
    /// The line the cursor is on: a criterion's place, or the comment
    /// (`criteria.len()`).
    pub line: usize,
    /// The comment typed differs from what was last written.
    pub comment_changed: bool,
}

impl Rubric {
    pub fn on_comment(&self) -> bool {
        self.line == self.criteria.len()
    }

    /// The score as it would be written now.
    fn score(&self, judge: &str) -> PitchScore {
        PitchScore {
            judge: judge.to_string(),
            startup: self.startup.clone(),
            scores: self
                .criteria
                .iter()
                .zip(&self.scores)
                .filter_map(|(c, s)| s.map(|s| (c.name.clone(), s)))
                .collect(),
            comment: self.comment.value().trim().to_string(),
        }
    }
}

/// The demo days that list `judge`, soonest first.
pub fn days_of<'a>(portfolio: &'a Portfolio, judge: &str) -> Vec<&'a DemoDay> {
    let mut days: Vec<&DemoDay> = portfolio
        .demo_days
        .iter()
        .filter(|d| d.judges.iter().any(|j| j == judge))
        .collect();
    days.sort_by_key(|d| d.at);
    days
}

impl JudgeScreen {
    /// The screen for `judge`: straight to the run of show when one day
    /// lists them.
    pub fn open(portfolio: &Portfolio, judge: &str) -> JudgeScreen {
        let days = days_of(portfolio, judge);
        let page = match days.as_slice() {
            [day] => Page::Show {
                day: day.id.clone(),
                cursor: None,
            },
            _ => Page::Days { cursor: 0 },
        };
        JudgeScreen {
            judge: judge.to_string(),
            now: None,
            page,
            problem: None,
        }
    }

    /// The day shown (the run of show's or the rubric's), as it is now,
    /// if it still lists this judge.
    pub fn day<'a>(&self, portfolio: &'a Portfolio) -> Option<&'a DemoDay> {
        let id = match &self.page {
            Page::Days { .. } => return None,
            Page::Show { day, .. } => day,
            Page::Pitch(rubric) => &rubric.day,
        };
        portfolio
            .demo_days
            .iter()
            .find(|d| &d.id == id && d.judges.contains(&self.judge))
    }

    /// The run of show of `day` as this screen orders it.
    pub fn slots(&self, day: &DemoDay) -> Vec<Slot> {
        match self.now {
            Some(now) => run_of_show(day, now),
            // No clock yet: the running order, all to come.
            None => run_of_show(day, day.at - chrono::Duration::seconds(1)),
        }
    }

    /// The rubric of `startup` on `day`, with what this judge gave it.
    fn rubric(&self, day: &DemoDay, startup: &Id) -> Rubric {
        let given = day
            .scores
            .iter()
            .find(|s| s.judge == self.judge && &s.startup == startup);
        let scores: Vec<Option<u8>> = day
            .criteria
            .iter()
            .map(|c| given.and_then(|g| g.scores.get(&c.name).copied()))
            .collect();
        Rubric {
            day: day.id.clone(),
            startup: startup.clone(),
            criteria: day.criteria.clone(),
            // On the first criterion still to score.
            line: scores.iter().position(Option::is_none).unwrap_or(0),
            scores,
            comment: Input::new(given.map_or(String::new(), |g| g.comment.clone())),
            comment_changed: false,
        }
    }

    fn on_key(&mut self, event: KeyEvent, ctx: &Context) -> Reply {
        let keys = ctx.keymap;
        let portfolio = &ctx.data().portfolio;
        let is = |action| keys.is(action, event);
        let down = is(Action::Down) || is(Action::LineDown);
        let up = is(Action::Up) || is(Action::LineUp);
        match &mut self.page {
            Page::Days { cursor } => {
                let days = days_of(portfolio, &self.judge);
                if is(Action::Quit) {
                    return Reply::Close;
                }
                if down {
                    *cursor = (*cursor + 1).min(days.len().saturating_sub(1));
                } else if up {
                    *cursor = cursor.saturating_sub(1);
                } else if is(Action::Open)
                    && let Some(day) = days.get(*cursor)
                {
                    self.page = Page::Show {
                        day: day.id.clone(),
                        cursor: None,
                    };
                }
                Reply::Stay
            }
            Page::Show { .. } => self.show_key(event, portfolio, keys),
            Page::Pitch(_) => self.rubric_key(event, portfolio, keys),
        }
    }

    fn show_key(&mut self, event: KeyEvent, portfolio: &Portfolio, keys: &Keymap) -> Reply {
        let is = |action| keys.is(action, event);
        let back = |screen: &mut JudgeScreen| {
            let days = days_of(portfolio, &screen.judge);
            let at = match &screen.page {
                Page::Show { day, .. } => days.iter().position(|d| &d.id == day),
                _ => None,
            };
            screen.page = Page::Days {
                cursor: at.unwrap_or(0),
            };
        };
        if is(Action::Quit) {
            return Reply::Close;
        }
        let Some(day) = self.day(portfolio) else {
            // No longer listed: back to the days that are theirs.
            back(self);
            return Reply::Stay;
        };
        let slots = self.slots(day);
        let Page::Show { cursor, .. } = &mut self.page else {
            return Reply::Stay;
        };
        let at = cursor
            .as_ref()
            .and_then(|id| slots.iter().position(|s| &s.startup == id))
            .unwrap_or(0);
        if is(Action::Down) {
            *cursor = slots
                .get((at + 1).min(slots.len().saturating_sub(1)))
                .map(|s| s.startup.clone());
        } else if is(Action::Up) {
            *cursor = slots.get(at.saturating_sub(1)).map(|s| s.startup.clone());
        } else if is(Action::Open) {
            if let Some(slot) = slots.get(at) {
                let rubric = self.rubric(day, &slot.startup);
                self.problem = None;
                self.page = Page::Pitch(Box::new(rubric));
            }
        } else if is(Action::Back) {
            back(self);
        }
        Reply::Stay
    }

    fn rubric_key(&mut self, event: KeyEvent, portfolio: &Portfolio, keys: &Keymap) -> Reply {
        let is = |action| keys.is(action, event);
        let Some(day) = self.day(portfolio) else {
            // No longer listed (or the day is gone): back to their days.
            self.page = Page::Days { cursor: 0 };
            return Reply::Stay;
        };
        let closed = day.judging_closed;
        let judge = self.judge.clone();
        let Page::Pitch(rubric) = &mut self.page else {
            return Reply::Stay;
        };
        let lines = rubric.criteria.len() + 1;
        let leaving = is(Action::Cancel)
            || is(Action::LineDown)
            || is(Action::LineUp)
            || is(Action::NextField)
            || is(Action::PrevField);
        // The comment is written as the cursor leaves it.
        let comment =
            (leaving && rubric.on_comment() && rubric.comment_changed && !closed).then(|| {
                rubric.comment_changed = false;
                Effect::ScorePitch {
                    demo_day: rubric.day.clone(),
                    score: rubric.score(&judge),
                }
            });
        if is(Action::Cancel) {
            let (day, startup) = (rubric.day.clone(), rubric.startup.clone());
            self.page = Page::Show {
                day,
                cursor: Some(startup),
            };
            return comment.map_or(Reply::Stay, Reply::Effect);
        }
        if is(Action::LineDown) || is(Action::NextField) {
            rubric.line = (rubric.line + 1).min(lines - 1);
        } else if is(Action::LineUp) || is(Action::PrevField) {
            rubric.line = rubric.line.saturating_sub(1);
        } else if closed {
            self.problem = Some("Judging is closed: your scores are final.".into());
            return Reply::Stay;
        } else if rubric.on_comment() {
            if type_into(&mut rubric.comment, event, keys) {
                rubric.comment_changed = true;
            }
            return Reply::Stay;
        } else {
            let line = rubric.line;
            match rate(&mut rubric.scores[line], event.code) {
                Rated::Typed => rubric.line = (line + 1).min(lines - 1),
                Rated::Changed => {}
                Rated::Ignored => return Reply::Stay,
            }
            self.problem = None;
            return Reply::Effect(Effect::ScorePitch {
                demo_day: rubric.day.clone(),
                score: rubric.score(&judge),
            });
        }
        comment.map_or(Reply::Stay, Reply::Effect)
    }
}

impl Dialog for JudgeScreen {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        self.on_key(event, ctx)
    }

    fn paste(&mut self, text: &str, _ctx: &mut Context) -> bool {
        match &mut self.page {
            Page::Pitch(rubric) if rubric.on_comment() => {
                super::insert(&mut rubric.comment, text);
                rubric.comment_changed = true;
                true
            }
            _ => false,
        }
    }

    fn scroll(&mut self, _down: bool, _ctx: &mut Context) -> Option<Reply> {
        Some(Reply::Stay)
    }

    fn outcome(&mut self, outcome: Outcome, ctx: &Context) -> Reply {
        match outcome {
            Outcome::Scored => {
                self.problem = None;
                Reply::Stay
            }
            Outcome::Refused(why) | Outcome::Failed(why) => {
                // What is stored stands: the rubric shows it again.
                let portfolio = &ctx.data().portfolio;
                if let Page::Pitch(rubric) = &self.page
                    && let Some(day) = self.day(portfolio)
                {
                    let mut fresh = self.rubric(day, &rubric.startup);
                    fresh.line = rubric.line;
                    self.page = Page::Pitch(Box::new(fresh));
                }
                self.problem = Some(format!("Not saved: {why}"));
                Reply::Stay
            }
            _ => Reply::Stay,
        }
    }
}

#[cfg(test)]
mod tests;
