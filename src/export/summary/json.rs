//! The summary as JSON: a documented, stable structure (see the README).
//! Keys come in the order of the structs below, numbers are numbers, dates
//! `YYYY-MM-DD` and times RFC 3339, as in the interchange format.

use chrono::SecondsFormat;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::*;
use crate::interchange::escape_controls;

/// What the document says it is, so a reader can tell it from others.
pub const FORMAT: &str = "incubator-cohort-summary";
pub const VERSION: u64 = 1;

pub fn render(s: &CohortSummary) -> String {
    let document = Document {
        format: FORMAT,
        version: VERSION,
        as_of: s.as_of.to_string(),
        cohort: CohortOut {
            id: &s.cohort.id,
            name: &s.cohort.name,
            program: s.cohort.program.as_str(),
            start: s.cohort.start.to_string(),
            end: s.cohort.end.to_string(),
            status: s.cohort.status.as_str(),
            capacity: s.cohort.capacity,
            enrolled: s.cohort.enrolled,
            description: &s.cohort.description,
        },
        counts: Counts {
            startups: s.startups.len(),
            by_stage: Tally(&s.by_stage),
            by_status: Tally(&s.by_status),
        },
        totals: TotalsOut {
            startups: s.totals.startups,
            with_kpis: s.totals.with_kpis,
            with_change: s.totals.with_change,
            employees: s.totals.employees,
            revenue: s.totals.revenue,
            funding_raised: s.totals.funding_raised,
            change: (s.totals.with_change > 0).then_some(TotalChange {
                employees: s.totals.employees_change,
                revenue: s.totals.revenue_change,
                funding_raised: s.totals.funding_raised_change,
            }),
        },
        startups: s.startups.iter().map(startup).collect(),
        demo_days: s.demo_days.iter().map(demo_day).collect(),
        mentors: s
            .mentors
            .iter()
            .map(|m| MentorOut {
                id: &m.id,
                name: &m.name,
                organization: &m.organization,
                startups: m.startups.iter().map(|(id, _)| id.as_str()).collect(),
                load: LoadOut {
                    active: m.load.active,
                    capacity: m.load.capacity,
                    over_capacity: m.load.over_capacity(),
                },
            })
            .collect(),
    };
    // Plain structs, string keys and finite numbers (validation refuses
    // others): serializing cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    escape_controls(text)
}

fn startup(e: &StartupEntry) -> StartupOut<'_> {
    StartupOut {
        id: &e.id,
        name: &e.name,
        sector: &e.sector,
        stage: e.stage.as_str(),
        status: e.status.as_str(),
        founders: e
            .founders
            .iter()
            .map(|f| FounderOut {
                name: &f.name,
                role: &f.role,
            })
            .collect(),
        mentors: e
            .mentors
            .iter()
            .map(|(id, name)| Named { id, name })
            .collect(),
        kpi: e.kpi.as_ref().map(|k| KpiOut {
            date: k.date.to_string(),
            revenue: k.revenue,
            customers: k.customers,
            employees: k.employees,
            funding_raised: k.funding_raised,
        }),
        change: e.change.as_ref().map(|c| ChangeOut {
            since: c.since.to_string(),
            revenue: c.revenue,
            customers: c.customers,
            employees: c.employees,
            funding_raised: c.funding_raised,
        }),
        notes: e.notes,
        sessions: e.sessions,
        latest_note: e.latest_note.as_ref().map(|n| NoteOut {
            date: n.date.to_string(),
            first_line: &n.first_line,
        }),
        demo_day_slots: e
            .slots
            .iter()
            .map(|s| SlotOut {
                demo_day: &s.demo_day,
                order: s.order,
                start: time(s.start),
                minutes: s.minutes,
            })
            .collect(),
        milestones: MilestonesOut {
            done: e.milestones.done,
            due: e.milestones.due,
            overdue: e.milestones.overdue,
        },
    }
}

fn demo_day(d: &DemoDayEntry) -> DemoDayOut<'_> {
    DemoDayOut {
        id: &d.id,
        at: time(d.at),
        end: time(d.end),
        venue: &d.venue,
        pitches: d
            .pitches
            .iter()
            .map(|p| PitchOut {
                order: p.order,
                start: time(p.start),
                startup: &p.startup,
                name: &p.name,
                minutes: p.minutes,
            })
            .collect(),
        investors: &d.investors,
    }
}

fn time(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    as_of: String,
    cohort: CohortOut<'a>,
    counts: Counts<'a>,
    totals: TotalsOut,
    startups: Vec<StartupOut<'a>>,
    demo_days: Vec<DemoDayOut<'a>>,
    mentors: Vec<MentorOut<'a>>,
}

#[derive(Serialize)]
struct CohortOut<'a> {
    id: &'a str,
    name: &'a str,
    program: &'static str,
    start: String,
    end: String,
    status: &'static str,
    capacity: u32,
    enrolled: usize,
    description: &'a str,
}

#[derive(Serialize)]
struct Counts<'a> {
    startups: usize,
    by_stage: Tally<'a, Stage>,
    by_status: Tally<'a, Status>,
}

/// A count for every value of a vocabulary, as an object in the
/// vocabulary's order (not sorted by name).
struct Tally<'a, T>(&'a [(T, usize)]);

impl<T: fmt::Display> Serialize for Tally<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, n) in self.0 {
            map.serialize_entry(&key.to_string(), n)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct TotalsOut {
    startups: usize,
    with_kpis: usize,
    with_change: usize,
    employees: u64,
    revenue: f64,
    funding_raised: f64,
    /// `null` when no startup has a snapshot inside the cohort's dates.
    change: Option<TotalChange>,
}

#[derive(Serialize)]
struct TotalChange {
    employees: i64,
    revenue: f64,
    funding_raised: f64,
}

#[derive(Serialize)]
struct StartupOut<'a> {
    id: &'a str,
    name: &'a str,
    sector: &'a str,
    stage: &'static str,
    status: &'static str,
    founders: Vec<FounderOut<'a>>,
    mentors: Vec<Named<'a>>,
    kpi: Option<KpiOut>,
    change: Option<ChangeOut>,
    notes: usize,
    sessions: usize,
    latest_note: Option<NoteOut<'a>>,
    demo_day_slots: Vec<SlotOut<'a>>,
    milestones: MilestonesOut,
}

#[derive(Serialize)]
struct MilestonesOut {
    done: usize,
    due: usize,
    overdue: usize,
}

#[derive(Serialize)]
struct FounderOut<'a> {
    name: &'a str,
    role: &'a str,
}

#[derive(Serialize)]
struct Named<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct KpiOut {
    date: String,
    revenue: f64,
    customers: u64,
    employees: u64,
    funding_raised: f64,
}

#[derive(Serialize)]
struct ChangeOut {
    since: String,
    revenue: f64,
    customers: i64,
    employees: i64,
    funding_raised: f64,
}

#[derive(Serialize)]
struct NoteOut<'a> {
    date: String,
    first_line: &'a str,
}

#[derive(Serialize)]
struct SlotOut<'a> {
    demo_day: &'a str,
    order: usize,
    start: String,
    minutes: u32,
}

#[derive(Serialize)]
struct DemoDayOut<'a> {
    id: &'a str,
    at: String,
    end: String,
    venue: &'a str,
    pitches: Vec<PitchOut<'a>>,
    investors: &'a [String],
}

#[derive(Serialize)]
struct PitchOut<'a> {
    order: usize,
    start: String,
    startup: &'a str,
    name: &'a str,
    minutes: u32,
}

#[derive(Serialize)]
struct MentorOut<'a> {
    id: &'a str,
    name: &'a str,
    organization: &'a str,
    startups: Vec<&'a str>,
    load: LoadOut,
}

#[derive(Serialize)]
struct LoadOut {
    active: usize,
    capacity: u32,
    over_capacity: bool,
}
