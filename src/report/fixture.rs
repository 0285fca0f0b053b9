//! A portfolio worked out by hand, for the report's tests and its
//! renderers': three cohorts, eight startups (one an applicant, one in no
//! cohort), KPIs before and after the cohorts' starts and after the
//! report's day (2026-12-01).

use chrono::{DateTime, NaiveDate};

use super::*;
use crate::model::testing::{cohort, note, office_hour, startup};
use crate::model::{Founder, FundingRound, Kpi, Note, OfficeHour, Outcome, Program};

pub(crate) fn day(text: &str) -> NaiveDate {
    text.parse().expect("test date")
}

fn kpi(date: &str, employees: u64, revenue: f64) -> Kpi {
    Kpi {
        date: day(date),
        revenue,
        customers: employees * 10,
        employees,
        funding_raised: 0.0,
    }
}

fn outcome(status: OutcomeStatus, date: Option<&str>, rounds: &[(&str, f64)]) -> Option<Outcome> {
    Some(Outcome {
        status,
        date: date.map(day),
        rounds: rounds
            .iter()
            .map(|&(date, amount)| FundingRound {
                date: day(date),
                kind: "seed".into(),
                amount,
                investors: vec![],
            })
            .collect(),
    })
}

fn founder(role: &str) -> Founder {
    Founder {
        name: "F".into(),
        email: String::new(),
        role: role.into(),
    }
}

pub(crate) fn cohorts() -> Vec<Cohort> {
    let mut c1 = cohort("c1", "2022-01-10", "2022-06-30");
    c1.program = Program::Incubation;
    vec![
        c1,
        cohort("c2", "2024-02-01", "2024-07-31"),
        cohort("c3", "2026-09-01", "2027-02-28"),
    ]
}

pub(crate) fn startups() -> Vec<Startup> {
    let made = |id: &str, cohort: Option<&str>, sector: &str, kpis: Vec<Kpi>| {
        let mut s = startup(id);
        s.cohort = cohort.map(String::from);
        s.status = Status::Graduated;
        s.sector = sector.into();
        s.kpis = kpis;
        s
    };
    let mut a = made(
        "a",
        Some("c1"),
        "Fintech",
        vec![
            kpi("2021-12-01", 1, 0.0),
            kpi("2022-02-01", 2, 100.0),
            kpi("2022-12-01", 4, 900.0),
        ],
    );
    a.outcome = outcome(OutcomeStatus::Closed, Some("2023-03-01"), &[]);
    a.founders = vec![founder("CEO"), founder("cto")];
    let mut b = made("b", Some("c1"), "fintech", vec![kpi("2021-11-01", 3, 50.0)]);
    b.outcome = outcome(
        OutcomeStatus::Acquired,
        Some("2024-05-01"),
        &[("2023-01-15", 200_000.0)],
    );
    b.founders = vec![founder("ceo")];
    let c = made(
        "c",
        Some("c1"),
        "",
        vec![kpi("2022-03-01", 5, 10.0), kpi("2027-01-01", 50, 99_999.0)],
    );
    let mut d = made("d", Some("c1"), "Fintech", vec![kpi("2022-03-01", 9, 9.0)]);
    d.status = Status::Applicant;
    let mut e = made(
        "e",
        Some("c2"),
        "Agritech",
        vec![
            kpi("2024-02-01", 2, 1_000.0),
            kpi("2026-11-30", 10, 25_000.5),
        ],
    );
    e.outcome = outcome(
        OutcomeStatus::Operating,
        None,
        &[("2025-03-01", 100_000.0), ("2027-01-01", 50_000.0)],
    );
    e.founders = vec![founder("")];
    let mut f = made(
        "f",
        Some("c2"),
        "Fintech",
        vec![kpi("2024-03-01", 4, 500.0), kpi("2025-01-01", 1, 20.0)],
    );
    f.outcome = outcome(OutcomeStatus::Closed, Some("2025-09-01"), &[]);
    let mut g = made("g", Some("c3"), "agritech", vec![]);
    g.status = Status::Active;
    // Closed after the report's day: not known on it.
    g.outcome = outcome(OutcomeStatus::Closed, Some("2027-01-05"), &[]);
    let h = made("h", None, "Fintech", vec![kpi("2026-01-01", 7, 7.0)]);
    vec![a, b, c, d, e, f, g, h]
}

/// Two session notes of a (one after the report's day), a plain note of
/// b, and two office hours: one booked for e, one free.
pub(crate) fn activity() -> (Vec<Note>, Vec<OfficeHour>) {
    let mut counted = note("n1", "a", "");
    counted.created_at = DateTime::parse_from_rfc3339("2022-03-01T10:00:00+04:00").unwrap();
    let mut late = note("n2", "a", "");
    late.created_at = DateTime::parse_from_rfc3339("2027-01-01T10:00:00+04:00").unwrap();
    let mut plain = note("n3", "b", "");
    plain.kind = NoteKind::Note;
    let mut booked = office_hour("oh1", "m1", "2026-11-20T10:00:00+04:00");
    booked.startup = Some("e".into());
    let free = office_hour("oh2", "m1", "2026-11-21T10:00:00+04:00");
    (vec![counted, late, plain], vec![booked, free])
}

pub(crate) fn report(from: Option<&str>, by: Grouping) -> Report {
    let period = Period {
        from: from.map(day),
        to: day("2026-12-01"),
    };
    let (notes, hours) = activity();
    let activity = Activity::tally(&notes, &hours, period);
    Report::build(period, by, &cohorts(), &startups(), &activity)
}
