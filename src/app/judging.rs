//! A judge's session is their screen alone (`dialog::judging`): opened as
//! the session starts, and the session ends when it closes, so no key
//! reaches the lists, the details or the palette. And the coordinator's
//! `C`, closing or reopening a demo day's judging.

use chrono::{DateTime, FixedOffset};

use super::dialog::Overlay;
use super::dialog::judging::JudgeScreen;
use super::dialog::judging_switch::JudgingSwitch;
use super::keymap::Action;
use super::state::App;
use super::tab::Tab;
use crate::store::Access;

impl App {
    /// Whether this session is a judge's.
    pub fn is_judge(&self) -> bool {
        matches!(self.access, Access::Judge { .. })
    }

    /// Open the judge's screen, for a judge's session; nothing otherwise.
    pub fn open_judge_screen(&mut self) {
        if let Access::Judge { name } = &self.access {
            let screen = JudgeScreen::open(&self.data().portfolio, name);
            self.overlay = Overlay::Judging(Box::new(screen));
        }
    }

    /// The time now, for the run of show's pitch on stage.
    pub(super) fn clock(&mut self, now: DateTime<FixedOffset>) {
        if let Overlay::Judging(screen) = &mut self.overlay {
            screen.now = Some(now);
        }
    }

    /// A judge's session whose screen has closed is over.
    pub(super) fn end_judging_if_closed(&mut self) {
        if self.is_judge() && !matches!(self.overlay, Overlay::Judging(_)) {
            self.quit = true;
        }
    }
}

impl App {
    /// `C` on the Demo days tab: ask before closing (or reopening) the
    /// selected demo day's judging.
    pub(super) fn ask_close_judging(&mut self) {
        if let Some(refusal) = self.refusal(Action::CloseJudging) {
            self.status = Some(refusal);
            return;
        }
        let day = (self.tab == Tab::DemoDays)
            .then(|| self.selected_index())
            .flatten()
            .and_then(|i| self.data().portfolio.demo_days.get(i).cloned());
        let Some(day) = day else {
            self.status = Some("Select a demo day (Demo days tab) to close its judging".into());
            return;
        };
        if day.judges.is_empty() {
            self.status = Some(format!(
                "Demo day {} has no judges: add them in its form (e)",
                day.id
            ));
            return;
        }
        let results = crate::judging::results(&day, |_| None);
        let every = results
            .rows
            .iter()
            .filter(|r| r.scored() == results.judges.len())
            .count();
        self.overlay = Overlay::JudgingSwitch(Box::new(JudgingSwitch {
            demo_day: day.id.clone(),
            close: !day.judging_closed,
            complete: (every, results.rows.len()),
        }));
    }
}
