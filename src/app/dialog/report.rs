//! `R` on Home or the Cohorts tab: the impact report on screen, as
//! `incubator report` writes it (`crate::report`), for today — the whole
//! in two lines over a chart of one figure per group (←/→ another figure,
//! Tab another grouping, ↑/↓ more groups, `x` writes it to a file).

use ratatui::crossterm::event::KeyEvent;

use super::export::ExportDialog;
use super::{Context, Dialog, Reply, unasked};
use crate::app::data::Data;
use crate::app::effect::Outcome;
use crate::app::keymap::Action;
use crate::report::{Grouping, Metric, Period, Report};

/// What the chart shows of each group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Startups supported, by what became of them.
    Startups,
    /// A KPI at baseline and now.
    Growth(Metric),
    /// Follow-on funding raised after the program.
    FollowOn,
}

impl Figure {
    pub const ALL: [Figure; 6] = [
        Figure::Startups,
        Figure::Growth(Metric::Jobs),
        Figure::Growth(Metric::Revenue),
        Figure::Growth(Metric::Customers),
        Figure::Growth(Metric::Funding),
        Figure::FollowOn,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Figure::Startups => "Startups supported",
            Figure::Growth(metric) => metric.label(),
            Figure::FollowOn => "Follow-on funding",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReportScreen {
    pub report: Report,
    /// The figure charted, a place in [`Figure::ALL`].
    figure: usize,
    /// The first group shown, when they do not all fit.
    pub offset: usize,
    /// Whether the notes were loaded when it was worked out (else the
    /// sessions are not counted yet).
    pub notes_counted: bool,
    /// `x`: the report being written to a file, asked over the chart.
    pub export: Option<Box<ExportDialog>>,
}

impl ReportScreen {
    /// The report of `data` on `today`, grouped `by`.
    pub fn new(data: &Data, today: chrono::NaiveDate, by: Grouping) -> ReportScreen {
        ReportScreen {
            // As `incubator report --to TODAY` works it out.
            report: Report::of_portfolio(&data.portfolio, Period::until(today), by),
            figure: 0,
            offset: 0,
            notes_counted: data.notes_loaded(),
            export: None,
        }
    }

    pub fn figure(&self) -> Figure {
        Figure::ALL[self.figure]
    }

    /// The report worked out again grouped the next way (or the
    /// previous), on the same figure.
    fn regroup(&mut self, ctx: &Context, forward: bool) {
        let by = match forward {
            true => self.report.by.next(),
            false => self.report.by.previous(),
        };
        let figure = self.figure;
        *self = ReportScreen::new(ctx.data(), ctx.today, by);
        self.figure = figure;
    }

    /// One group further down the chart, or up.
    fn scroll_by_one(&mut self, down: bool) {
        self.offset = match down {
            true => (self.offset + 1).min(self.report.groups.len().saturating_sub(1)),
            false => self.offset.saturating_sub(1),
        };
    }

    /// What the export dialog's reply means here: its closing returns to
    /// the chart, saying what it said.
    fn answer_of_export(&mut self, reply: Reply) -> Reply {
        match reply {
            Reply::Close => {
                self.export = None;
                Reply::Stay
            }
            Reply::CloseSaying(message) => {
                self.export = None;
                Reply::Status(message)
            }
            Reply::CloseWith(effect) => {
                self.export = None;
                Reply::Effect(effect)
            }
            other => other,
        }
    }
}

impl Dialog for ReportScreen {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        if let Some(export) = &mut self.export {
            let reply = export.key(event, ctx);
            return self.answer_of_export(reply);
        }
        let keys = ctx.keymap;
        let figures = Figure::ALL.len();
        if keys.is(Action::Cancel, event) || keys.is(Action::Back, event) {
            Reply::Close
        } else if keys.is(Action::Export, event) {
            let dialog =
                ExportDialog::open_report(&self.report, ctx.export_folder, ctx.remote.is_some());
            self.export = Some(Box::new(dialog));
            Reply::Stay
        } else if keys.is(Action::ChoiceNext, event) {
            self.figure = (self.figure + 1) % figures;
            Reply::Stay
        } else if keys.is(Action::ChoicePrev, event) {
            self.figure = (self.figure + figures - 1) % figures;
            Reply::Stay
        } else if keys.is(Action::NextField, event) {
            self.regroup(ctx, true);
            Reply::Stay
        } else if keys.is(Action::PrevField, event) {
            self.regroup(ctx, false);
            Reply::Stay
        } else if keys.is(Action::LineDown, event) || keys.is(Action::Down, event) {
            self.scroll_by_one(true);
            Reply::Stay
        } else if keys.is(Action::LineUp, event) || keys.is(Action::Up, event) {
            self.scroll_by_one(false);
            Reply::Stay
        } else {
            Reply::Stay
        }
    }

    fn paste(&mut self, text: &str, ctx: &mut Context) -> bool {
        self.export
            .as_mut()
            .is_some_and(|export| export.paste(text, ctx))
    }

    fn outcome(&mut self, outcome: Outcome, ctx: &Context) -> Reply {
        match &mut self.export {
            Some(export) => {
                let reply = export.outcome(outcome, ctx);
                self.answer_of_export(reply)
            }
            None => unasked(outcome),
        }
    }

    fn scroll(&mut self, down: bool, _ctx: &mut Context) -> Option<Reply> {
        self.scroll_by_one(down);
        Some(Reply::Stay)
    }
}
