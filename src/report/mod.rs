//! The impact report for funders: the companies a program supported, what
//! became of them and how they grew since they joined, by cohort, program,
//! sector or year, with the startups behind every figure.
//!
//! [`Report::build`] works it out from the records it is given, for a
//! period ending on a day (`--to`): nothing dated after that day counts
//! (KPI snapshots, outcomes, rounds, sessions, office hours), so the same
//! records and day give the same report. Pure: no store, no clock.
//!
//! - **Supported**: a startup placed in a cohort that overlaps the period
//!   (it starts on or before `to`, ends on or after `from`), unless it is
//!   still an applicant.
//! - **Baseline**: its first KPI snapshot on or after its cohort's start,
//!   else its first; **now**: its latest on or before `to`. A startup with
//!   no snapshot on or before `to` has no figures and is not counted in
//!   them.
//! - **Survival after N years**: among startups whose cohort ended N years
//!   or more before `to`, those not closed N years after its end. An exit
//!   (acquired, IPO) survives; a startup with no outcome recorded counts
//!   as operating.
//! - A figure from fewer than [`FEW`] startups is marked as such.

mod figures;
#[cfg(test)]
pub(crate) mod fixture;
mod groups;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::NaiveDate;

pub use figures::{Growth, Metric, Survival, median};
pub use groups::Grouping;

use crate::model::{
    Cohort, Id, Kpi, Note, NoteKind, OfficeHour, OutcomeStatus, Portfolio, Startup, Status,
    money_sum,
};

/// Fewer startups than this behind a figure, and the figure is marked.
pub const FEW: usize = 3;
/// Survival is told after this many years from a cohort's end.
pub const SURVIVAL_YEARS: [u32; 3] = [1, 2, 3];

/// The days a report covers: cohorts overlapping them, activity within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
}

impl Period {
    /// Every cohort started by `to`: the period a report of that day
    /// covers when no `--from` is given.
    pub fn until(to: NaiveDate) -> Period {
        Period { from: None, to }
    }

    fn holds(&self, day: NaiveDate) -> bool {
        day <= self.to && self.from.is_none_or(|from| day >= from)
    }

    fn overlaps(&self, cohort: &Cohort) -> bool {
        cohort.start <= self.to && self.from.is_none_or(|from| cohort.end >= from)
    }
}

/// What a startup did with the program's people in the period: mentoring
/// sessions logged (notes of kind `session`) and office hours booked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Activity {
    pub sessions: usize,
    pub office_hours: usize,
}

impl Activity {
    /// Each startup's activity in `period`: its session notes and the
    /// office-hour slots booked for it that started within the period.
    pub fn tally<'a>(
        notes: impl IntoIterator<Item = &'a Note>,
        office_hours: &'a [OfficeHour],
        period: Period,
    ) -> HashMap<&'a str, Activity> {
        let mut by_startup: HashMap<&str, Activity> = HashMap::new();
        for note in notes {
            if note.kind == NoteKind::Session && period.holds(note.created_at.date_naive()) {
                by_startup.entry(&note.startup).or_default().sessions += 1;
            }
        }
        for hour in office_hours {
            if let Some(startup) = &hour.startup
                && period.holds(hour.starts_at.date_naive())
            {
                by_startup.entry(startup).or_default().office_hours += 1;
            }
        }
        by_startup
    }
}

/// One startup as the report counts it: the appendix's line.
#[derive(Debug, Clone, PartialEq)]
pub struct StartupLine {
    pub id: Id,
    pub name: String,
    pub sector: String,
    pub cohort: Id,
    pub cohort_name: String,
    /// The group it is counted in.
    pub group: String,
    /// Its outcome as known on `to`: none recorded reads as operating.
    pub outcome: OutcomeStatus,
    pub outcome_recorded: bool,
    /// The day it was closed, acquired or listed, when on or before `to`.
    pub outcome_date: Option<NaiveDate>,
    pub cohort_end: NaiveDate,
    pub baseline: Option<Kpi>,
    pub now: Option<Kpi>,
    /// Raised in rounds after the program, dated on or before `to`.
    pub follow_on: f64,
    pub founders: usize,
    pub activity: Activity,
}

impl StartupLine {
    /// Whether it was still there `years` after its cohort ended, when
    /// that day has come by `to` (else `None`: too soon to tell).
    pub fn survived(&self, years: u32, to: NaiveDate) -> Option<bool> {
        let day = self
            .cohort_end
            .checked_add_months(chrono::Months::new(12 * years))?;
        if day > to {
            return None;
        }
        let closed_by = self.outcome == OutcomeStatus::Closed
            && self.outcome_date.is_some_and(|closed| closed <= day);
        Some(!closed_by)
    }
}

/// The figures of one group of startups (or of all of them).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    /// The startups counted, in the appendix's order.
    pub startups: Vec<Id>,
    pub operating: usize,
    pub acquired: usize,
    pub ipo: usize,
    pub closed: usize,
    /// How many have an outcome recorded at all.
    pub outcomes_recorded: usize,
    pub survival: [Survival; 3],
    pub jobs: Growth,
    pub revenue: Growth,
    pub customers: Growth,
    pub funding: Growth,
    /// Follow-on funding after the program: the total, how many raised
    /// any, and the median among those.
    pub follow_on: f64,
    pub follow_on_startups: usize,
    pub follow_on_median: Option<f64>,
    pub founders: usize,
    pub sessions: usize,
    pub office_hours: usize,
}

impl Group {
    fn of(name: String, lines: &[&StartupLine], to: NaiveDate) -> Group {
        let count = |status| lines.iter().filter(|l| l.outcome == status).count();
        let raised: Vec<f64> = lines
            .iter()
            .map(|l| l.follow_on)
            .filter(|v| *v > 0.0)
            .collect();
        Group {
            name,
            startups: lines.iter().map(|l| l.id.clone()).collect(),
            operating: count(OutcomeStatus::Operating),
            acquired: count(OutcomeStatus::Acquired),
            ipo: count(OutcomeStatus::Ipo),
            closed: count(OutcomeStatus::Closed),
            outcomes_recorded: lines.iter().filter(|l| l.outcome_recorded).count(),
            survival: SURVIVAL_YEARS.map(|years| Survival::of(years, lines, to)),
            jobs: Growth::of(Metric::Jobs, lines),
            revenue: Growth::of(Metric::Revenue, lines),
            customers: Growth::of(Metric::Customers, lines),
            funding: Growth::of(Metric::Funding, lines),
            follow_on: money_sum(raised.iter().copied()),
            follow_on_startups: raised.len(),
            follow_on_median: median(raised),
            founders: lines.iter().map(|l| l.founders).sum(),
            sessions: lines.iter().map(|l| l.activity.sessions).sum(),
            office_hours: lines.iter().map(|l| l.activity.office_hours).sum(),
        }
    }

    /// Whether the group itself has fewer than [`FEW`] startups.
    pub fn few(&self) -> bool {
        self.startups.len() < FEW
    }

    pub fn growth(&self, metric: Metric) -> &Growth {
        match metric {
            Metric::Jobs => &self.jobs,
            Metric::Revenue => &self.revenue,
            Metric::Customers => &self.customers,
            Metric::Funding => &self.funding,
        }
    }

    /// Sessions, or office hours, per startup.
    pub fn per_startup(&self, count: usize) -> f64 {
        match self.startups.len() {
            0 => 0.0,
            n => count as f64 / n as f64,
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub period: Period,
    pub by: Grouping,
    pub groups: Vec<Group>,
    pub total: Group,
    /// How many cohorts the startups counted came from.
    pub cohorts: usize,
    /// Founders by role (as written, the first spelling of a folded role),
    /// most first; founders with no role under "".
    pub roles: Vec<(String, usize)>,
    /// Every startup counted, by group then name.
    pub startups: Vec<StartupLine>,
}

impl Report {
    /// The report over `startups` of `cohorts` for `period`, grouped `by`;
    /// `activity` is each startup's ([`Activity::tally`]).
    pub fn build<'a>(
        period: Period,
        by: Grouping,
        cohorts: &[Cohort],
        startups: impl IntoIterator<Item = &'a Startup>,
        activity: &HashMap<&str, Activity>,
    ) -> Report {
        let mut lines: Vec<(groups::Key, StartupLine, &Startup)> = Vec::new();
        for (startup, cohort) in supported(period, cohorts, startups) {
            let key = by.key(cohort, startup);
            let line = line_of(startup, cohort, &key.name, period, activity);
            lines.push((key, line, startup));
        }
        // Each name folded once, not once a comparison.
        lines.sort_by_cached_key(|(key, line, _)| {
            (key.clone(), crate::text::fold(&line.name), line.id.clone())
        });
        let mut groups = Vec::new();
        let mut start = 0;
        while start < lines.len() {
            let key = &lines[start].0;
            let end = start + lines[start..].iter().take_while(|(k, ..)| k == key).count();
            let members: Vec<&StartupLine> = lines[start..end].iter().map(|(_, l, _)| l).collect();
            groups.push(Group::of(key.name.clone(), &members, period.to));
            start = end;
        }
        // Counted in the report's order, so a role's first spelling is too.
        let mut roles = Roles::default();
        for founder in lines.iter().flat_map(|(.., s)| &s.founders) {
            roles.add(&founder.role);
        }
        let all: Vec<&StartupLine> = lines.iter().map(|(_, l, _)| l).collect();
        let mut counted: Vec<&str> = all.iter().map(|l| l.cohort.as_str()).collect();
        counted.sort_unstable();
        counted.dedup();
        Report {
            period,
            by,
            total: Group::of("All".to_string(), &all, period.to),
            groups,
            cohorts: counted.len(),
            roles: roles.sorted(),
            startups: lines.into_iter().map(|(_, l, _)| l).collect(),
        }
    }
}

/// The startups a report of `period` counts, each with its cohort: those
/// placed in a cohort running in the period, applicants left out.
pub fn supported<'a, 'c>(
    period: Period,
    cohorts: &'c [Cohort],
    startups: impl IntoIterator<Item = &'a Startup>,
) -> impl Iterator<Item = (&'a Startup, &'c Cohort)> {
    let cohort_of: HashMap<&str, &Cohort> = cohorts
        .iter()
        .filter(|c| period.overlaps(c))
        .map(|c| (c.id.as_str(), c))
        .collect();
    startups.into_iter().filter_map(move |startup| {
        if startup.status == Status::Applicant {
            return None;
        }
        let cohort = *cohort_of.get(startup.cohort.as_deref()?)?;
        Some((startup, cohort))
    })
}

impl Report {
    /// The rows of a table of groups, as every format lays them out: each
    /// group by its name, then the whole (`None`: each format names it).
    pub fn table_rows(&self) -> impl Iterator<Item = (Option<&str>, &Group)> {
        self.groups
            .iter()
            .map(|g| (Some(g.name.as_str()), g))
            .chain(std::iter::once((None, &self.total)))
    }

    /// The report of a whole `portfolio` (its notes for the sessions).
    pub fn of_portfolio(portfolio: &Portfolio, period: Period, by: Grouping) -> Report {
        let activity = Activity::tally(&portfolio.notes, &portfolio.office_hours, period);
        Report::build(
            period,
            by,
            &portfolio.cohorts,
            &portfolio.startups,
            &activity,
        )
    }
}

fn line_of(
    startup: &Startup,
    cohort: &Cohort,
    group: &str,
    period: Period,
    activity: &HashMap<&str, Activity>,
) -> StartupLine {
    let known: Vec<&Kpi> = startup
        .kpis
        .iter()
        .filter(|k| k.date <= period.to)
        .collect();
    let baseline = known
        .iter()
        .find(|k| k.date >= cohort.start)
        .or(known.first())
        .map(|k| (*k).clone());
    let now = known.last().map(|k| (*k).clone());
    // An outcome dated after `to` was not known then: operating.
    let outcome = startup.outcome.as_ref();
    let (status, date) = match outcome.map(|o| (o.status, o.date)) {
        Some((status, Some(day))) if day <= period.to => (status, Some(day)),
        _ => (OutcomeStatus::Operating, None),
    };
    StartupLine {
        id: startup.id.clone(),
        name: startup.name.clone(),
        sector: startup.sector.clone(),
        cohort: cohort.id.clone(),
        cohort_name: cohort.name.clone(),
        group: group.to_string(),
        outcome: status,
        outcome_recorded: outcome.is_some(),
        outcome_date: date,
        cohort_end: cohort.end,
        baseline,
        now,
        follow_on: outcome.map_or(0.0, |o| {
            money_sum(
                o.rounds
                    .iter()
                    .filter(|r| r.date <= period.to)
                    .map(|r| r.amount),
            )
        }),
        founders: startup.founders.len(),
        activity: activity
            .get(startup.id.as_str())
            .copied()
            .unwrap_or_default(),
    }
}

/// Founders counted by role, roles compared folded.
#[derive(Default)]
struct Roles {
    counts: HashMap<String, (String, usize)>,
}

impl Roles {
    fn add(&mut self, role: &str) {
        let role = role.trim();
        let entry = self
            .counts
            .entry(crate::text::fold(role))
            .or_insert_with(|| (role.to_string(), 0));
        entry.1 += 1;
    }

    fn sorted(self) -> Vec<(String, usize)> {
        let mut roles: Vec<(String, usize)> = self.counts.into_values().collect();
        roles.sort_by(|(a, x), (b, y)| {
            y.cmp(x)
                .then_with(|| a.is_empty().cmp(&b.is_empty()))
                .then_with(|| crate::text::fold(a).cmp(&crate::text::fold(b)))
        });
        roles
    }
}
