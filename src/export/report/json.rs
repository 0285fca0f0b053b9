//! The report as JSON: `format` and `version` first, like the other
//! tables, then what it covers, each group's figures, the whole, founders
//! by role and every startup counted. Figures rounded to 2 decimals; a
//! figure from fewer than 3 startups says `"few": true`.

use serde::Serialize;

use super::METHOD;
use crate::export::ranking::json::cents;
use crate::interchange::escape_controls;
use crate::model::Kpi;
use crate::report::{Growth, Report, StartupLine};

/// What the document says it is, so a reader can tell it from others.
pub const FORMAT: &str = "incubator-impact-report";
pub const VERSION: u64 = 1;

pub fn render(r: &Report) -> String {
    let document = Document {
        format: FORMAT,
        version: VERSION,
        as_of: r.period.to.to_string(),
        from: r.period.from.map(|d| d.to_string()),
        by: r.by.name(),
        cohorts: r.cohorts,
        method: METHOD,
        groups: r.groups.iter().map(group).collect(),
        total: group(&r.total),
        founders_by_role: r
            .roles
            .iter()
            .map(|(role, founders)| RoleOut {
                role,
                founders: *founders,
            })
            .collect(),
        startups: r.startups.iter().map(startup).collect(),
    };
    // Plain structs, string keys and finite numbers: serializing cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    escape_controls(text)
}

fn group(g: &crate::report::Group) -> GroupOut<'_> {
    GroupOut {
        name: &g.name,
        startups: g.startups.len(),
        few: g.few(),
        outcomes: OutcomesOut {
            operating: g.operating,
            acquired: g.acquired,
            ipo: g.ipo,
            closed: g.closed,
            recorded: g.outcomes_recorded,
        },
        survival: g
            .survival
            .iter()
            .map(|s| SurvivalOut {
                years: s.years,
                eligible: s.eligible,
                survived: s.survived,
                percent: s.percent().map(cents),
                few: s.few(),
            })
            .collect(),
        jobs: growth(&g.jobs),
        revenue: growth(&g.revenue),
        customers: growth(&g.customers),
        funding_raised: growth(&g.funding),
        follow_on: FollowOnOut {
            raised: cents(g.follow_on),
            startups: g.follow_on_startups,
            median: g.follow_on_median.map(cents),
        },
        founders: g.founders,
        sessions: g.sessions,
        office_hours: g.office_hours,
        startup_ids: g.startups.iter().map(String::as_str).collect(),
    }
}

fn growth(x: &Growth) -> GrowthOut {
    let some = |v: f64| (x.startups > 0).then(|| cents(v));
    GrowthOut {
        startups: x.startups,
        few: x.few(),
        baseline: some(x.baseline),
        now: some(x.now),
        change: some(x.change()),
        median_baseline: x.median_baseline.map(cents),
        median_now: x.median_now.map(cents),
        median_change: x.median_change.map(cents),
    }
}

fn startup(line: &StartupLine) -> StartupOut<'_> {
    let kpi = |k: &Option<Kpi>| {
        k.as_ref().map(|k| KpiOut {
            date: k.date.to_string(),
            jobs: k.employees,
            revenue: cents(k.revenue),
            customers: k.customers,
            funding_raised: cents(k.funding_raised),
        })
    };
    StartupOut {
        id: &line.id,
        name: &line.name,
        sector: &line.sector,
        cohort: crate::export::ranking::json::Named {
            id: &line.cohort,
            name: &line.cohort_name,
        },
        group: &line.group,
        outcome: line.outcome.as_str(),
        outcome_date: line.outcome_date.map(|d| d.to_string()),
        outcome_recorded: line.outcome_recorded,
        baseline: kpi(&line.baseline),
        now: kpi(&line.now),
        follow_on: cents(line.follow_on),
        founders: line.founders,
        sessions: line.activity.sessions,
        office_hours: line.activity.office_hours,
    }
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    as_of: String,
    from: Option<String>,
    by: &'static str,
    cohorts: usize,
    method: &'static str,
    groups: Vec<GroupOut<'a>>,
    total: GroupOut<'a>,
    founders_by_role: Vec<RoleOut<'a>>,
    startups: Vec<StartupOut<'a>>,
}

#[derive(Serialize)]
struct GroupOut<'a> {
    name: &'a str,
    startups: usize,
    few: bool,
    outcomes: OutcomesOut,
    survival: Vec<SurvivalOut>,
    jobs: GrowthOut,
    revenue: GrowthOut,
    customers: GrowthOut,
    funding_raised: GrowthOut,
    follow_on: FollowOnOut,
    founders: usize,
    sessions: usize,
    office_hours: usize,
    startup_ids: Vec<&'a str>,
}

#[derive(Serialize)]
struct OutcomesOut {
    operating: usize,
    acquired: usize,
    ipo: usize,
    closed: usize,
    recorded: usize,
}

#[derive(Serialize)]
struct SurvivalOut {
    years: u32,
    eligible: usize,
    survived: usize,
    percent: Option<f64>,
    few: bool,
}

#[derive(Serialize)]
struct GrowthOut {
    startups: usize,
    few: bool,
    baseline: Option<f64>,
    now: Option<f64>,
    change: Option<f64>,
    median_baseline: Option<f64>,
    median_now: Option<f64>,
    median_change: Option<f64>,
}

#[derive(Serialize)]
struct FollowOnOut {
    raised: f64,
    startups: usize,
    median: Option<f64>,
}

#[derive(Serialize)]
struct RoleOut<'a> {
    role: &'a str,
    founders: usize,
}

#[derive(Serialize)]
struct StartupOut<'a> {
    id: &'a str,
    name: &'a str,
    sector: &'a str,
    cohort: crate::export::ranking::json::Named<'a>,
    group: &'a str,
    outcome: &'static str,
    outcome_date: Option<String>,
    outcome_recorded: bool,
    baseline: Option<KpiOut>,
    now: Option<KpiOut>,
    follow_on: f64,
    founders: usize,
    sessions: usize,
    office_hours: usize,
}

#[derive(Serialize)]
struct KpiOut {
    date: String,
    jobs: u64,
    revenue: f64,
    customers: u64,
    funding_raised: f64,
}
