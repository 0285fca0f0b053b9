//! The report against the portfolio worked out by hand (`fixture`).

use std::collections::HashMap;

use super::fixture::{activity, cohorts, day, report, startups};
use super::*;

fn names(report: &Report) -> Vec<(&str, Vec<&str>)> {
    report
        .groups
        .iter()
        .map(|g| {
            (
                g.name.as_str(),
                g.startups.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

#[test]
fn supported_startups_are_those_placed_in_a_cohort_of_the_period_and_not_applicants() {
    let r = report(None, Grouping::Cohort);
    assert_eq!(
        names(&r),
        [
            ("Cohort c1", vec!["a", "b", "c"]),
            ("Cohort c2", vec!["e", "f"]),
            ("Cohort c3", vec!["g"]),
        ]
    );
    assert_eq!(r.total.startups.len(), 6);
    assert_eq!(r.cohorts, 3);
    // From 2024: the 2022 cohort ended before, and is left out.
    let later = report(Some("2024-01-01"), Grouping::Cohort);
    assert_eq!(later.total.startups, ["e", "f", "g"]);
}

#[test]
fn outcomes_are_counted_as_known_on_the_reports_day() {
    let t = report(None, Grouping::Cohort).total;
    // c and g have none known on the day (g's closing comes later).
    assert_eq!((t.operating, t.acquired, t.ipo, t.closed), (3, 1, 0, 2));
    assert_eq!(t.outcomes_recorded, 5);
}

#[test]
fn survival_counts_only_startups_whose_cohort_ended_long_enough_ago() {
    let r = report(None, Grouping::Cohort);
    let told = |g: &Group| g.survival.map(|s| (s.survived, s.eligible));
    // c1 ended 2022-06-30: a closed in 2023, within a year.
    assert_eq!(told(&r.groups[0]), [(2, 3), (2, 3), (2, 3)]);
    // c2 ended 2024-07-31: f closed 2025-09-01, after one year, before two;
    // three years have not passed.
    assert_eq!(told(&r.groups[1]), [(2, 2), (1, 2), (0, 0)]);
    assert_eq!(told(&r.groups[2]), [(0, 0); 3]);
    assert_eq!(told(&r.total), [(4, 5), (3, 5), (2, 3)]);
    assert_eq!(r.total.survival[0].percent(), Some(80.0));
    assert_eq!(r.total.survival[2].percent().map(|p| p.round()), Some(67.0));
    assert!(r.groups[1].survival[0].few() && !r.total.survival[0].few());
}

#[test]
fn growth_runs_from_the_baseline_on_or_after_the_cohorts_start_to_the_latest_by_the_day() {
    let r = report(None, Grouping::Cohort);
    let lines: HashMap<&str, &StartupLine> =
        r.startups.iter().map(|l| (l.id.as_str(), l)).collect();
    // a: its 2021 snapshot is before its cohort started.
    assert_eq!(
        lines["a"].baseline.as_ref().map(|k| k.date),
        Some(day("2022-02-01"))
    );
    // b: none on or after the start, so its first.
    assert_eq!(
        lines["b"].baseline.as_ref().map(|k| k.date),
        Some(day("2021-11-01"))
    );
    // c: its 2027 snapshot is after the report's day.
    assert_eq!(lines["c"].now.as_ref().map(|k| k.employees), Some(5));
    assert_eq!(lines["g"].baseline, None);

    let jobs = &r.total.jobs;
    assert_eq!(jobs.startups, 5);
    assert_eq!((jobs.baseline, jobs.now, jobs.change()), (16.0, 23.0, 7.0));
    assert_eq!(
        (jobs.median_baseline, jobs.median_now, jobs.median_change),
        (Some(3.0), Some(4.0), Some(0.0))
    );
    let c2 = &r.groups[1].jobs;
    assert_eq!(c2.median_change, Some(2.5));
    assert!(c2.few() && !r.groups[0].jobs.few());
    assert_eq!(r.total.revenue.now, 900.0 + 50.0 + 10.0 + 25_000.5 + 20.0);
}

#[test]
fn follow_on_funding_is_the_rounds_raised_by_the_day() {
    let t = report(None, Grouping::Cohort).total;
    assert_eq!(t.follow_on, 300_000.0);
    assert_eq!(t.follow_on_startups, 2);
    assert_eq!(t.follow_on_median, Some(150_000.0));
}

#[test]
fn founders_sessions_and_office_hours_are_counted_within_the_period() {
    let r = report(None, Grouping::Cohort);
    assert_eq!(r.total.founders, 4);
    assert_eq!(
        r.roles,
        [
            ("CEO".to_string(), 2),
            ("cto".to_string(), 1),
            (String::new(), 1)
        ]
    );
    assert_eq!((r.total.sessions, r.total.office_hours), (1, 1));
    assert_eq!(r.groups[0].per_startup(r.groups[0].sessions), 1.0 / 3.0);
    // From 2024 the 2022 session is outside the period.
    let later = report(Some("2024-01-01"), Grouping::Cohort);
    assert_eq!((later.total.sessions, later.total.office_hours), (0, 1));
}

#[test]
fn groups_by_program_sector_and_year_come_in_a_fixed_order() {
    assert_eq!(
        names(&report(None, Grouping::Program)),
        [
            ("Incubation", vec!["a", "b", "c"]),
            ("Acceleration", vec!["e", "f", "g"])
        ]
    );
    // Spellings that fold alike are one sector; no sector comes last.
    assert_eq!(
        names(&report(None, Grouping::Sector)),
        [
            ("Agritech", vec!["e", "g"]),
            ("Fintech", vec!["a", "b", "f"]),
            ("(no sector)", vec!["c"]),
        ]
    );
    assert_eq!(
        names(&report(None, Grouping::Year)),
        [
            ("2022", vec!["a", "b", "c"]),
            ("2024", vec!["e", "f"]),
            ("2026", vec!["g"])
        ]
    );
}

#[test]
fn the_same_records_and_day_make_the_same_report_in_any_order() {
    let period = Period {
        from: None,
        to: day("2026-12-01"),
    };
    let mut shuffled = startups();
    shuffled.reverse();
    let mut cohorts = cohorts();
    cohorts.reverse();
    let (mut notes, mut hours) = activity();
    notes.reverse();
    hours.reverse();
    let activity = Activity::tally(&notes, &hours, period);
    let again = Report::build(period, Grouping::Sector, &cohorts, &shuffled, &activity);
    assert_eq!(again, report(None, Grouping::Sector));
}

#[test]
fn a_median_is_the_middle_value_or_the_mean_of_the_middle_two() {
    assert_eq!(median(vec![]), None);
    assert_eq!(median(vec![5.0, 1.0, 3.0]), Some(3.0));
    assert_eq!(median(vec![4.0, 1.0, 3.0, 10.0]), Some(3.5));
}
