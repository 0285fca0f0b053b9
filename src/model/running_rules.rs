//! The rules a milestone, an office hour and a demo day's judging keep on
//! their own.

use std::collections::HashSet;

use super::limits::*;
use super::program_rules::check_criteria;
use super::records::*;
use super::validate::Checker;

/// The shortest and longest office-hour slot, in minutes.
pub const SLOT_MINUTES: std::ops::RangeInclusive<u32> = 5..=480;

impl Milestone {
    pub(super) fn check(&self, c: &mut Checker<'_>) {
        c.id("startup", &self.startup);
        c.name("title", &self.title);
        c.date("due", self.due);
        if let Some(done) = self.done {
            c.date("done", done);
        }
        c.list("notes", &self.notes);
        let mut seen = HashSet::new();
        for note in &self.notes {
            c.id("notes", note);
            if !seen.insert(note) {
                c.report("notes", format!("lists {note} twice"));
            }
        }
    }
}

impl OfficeHour {
    pub(super) fn check(&self, c: &mut Checker<'_>) {
        c.id("mentor", &self.mentor);
        c.date("starts_at", self.starts_at.date_naive());
        if !SLOT_MINUTES.contains(&self.minutes) {
            c.report(
                "minutes",
                format!(
                    "must be between {} and {}",
                    SLOT_MINUTES.start(),
                    SLOT_MINUTES.end()
                ),
            );
        }
        c.chars("place", &self.place, LINE_CHARS);
        if let Some(startup) = &self.startup {
            c.id("startup", startup);
        }
        c.chars("topic", &self.topic, LINE_CHARS);
    }
}

impl DemoDay {
    /// The judging's rules: criteria as a call's (none when the day is not
    /// judged), judges named once, and each score by a listed judge, of a
    /// pitch of the day, once, scoring only the criteria (a judge's scores
    /// are saved as typed, so some may be missing yet).
    pub(super) fn check_judging(&self, c: &mut Checker<'_>) {
        if !self.criteria.is_empty() {
            check_criteria(c, &self.criteria);
        }
        c.list("judges", &self.judges);
        let mut judges = HashSet::new();
        for (i, judge) in self.judges.iter().enumerate() {
            c.name(&format!("judges[{i}]"), judge);
            if !judges.insert(crate::text::fold(judge)) {
                c.report(
                    &format!("judges[{i}]"),
                    format!("{judge:?} is listed twice"),
                );
            }
        }
        c.list("scores", &self.scores);
        let mut scored = HashSet::new();
        for (i, score) in self.scores.iter().enumerate() {
            let field = format!("scores[{i}]");
            if !self.judges.contains(&score.judge) {
                c.report(
                    &format!("{field}.judge"),
                    format!("{:?} is not one of the day's judges", score.judge),
                );
            }
            if !self.pitches.iter().any(|p| p.startup == score.startup) {
                c.report(
                    &format!("{field}.startup"),
                    format!("{} does not pitch on this day", score.startup),
                );
            }
            if !scored.insert((&score.judge, &score.startup)) {
                c.report(
                    &format!("{field}.startup"),
                    format!("{:?} scored {} already", score.judge, score.startup),
                );
            }
            for (name, &value) in &score.scores {
                if !self.criteria.iter().any(|c| &c.name == name) {
                    c.report(
                        &format!("{field}.scores.{name}"),
                        format!("{name:?} is not one of the day's criteria"),
                    );
                } else if !SCORE_RANGE.contains(&value) {
                    c.report(
                        &format!("{field}.scores.{name}"),
                        format!(
                            "{value} is out of range (scores are whole numbers from {} to {})",
                            SCORE_RANGE.start(),
                            SCORE_RANGE.end()
                        ),
                    );
                }
            }
            c.bytes(&format!("{field}.comment"), &score.comment, TEXT_BYTES);
        }
    }
}
