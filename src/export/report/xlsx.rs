//! The report as an Excel workbook, the Markdown's tables a sheet each:
//! "Report" (what it covers and how it is worked out), "Companies"
//! (outcomes and survival), "Growth" (a row a group and figure: baseline,
//! now, change, medians), "Follow-on", "Mentoring" (founders, sessions,
//! office hours), "Founders by role" and "Startups" (the appendix).
//! A figure from fewer than 3 startups says so in a "Fewer than 3" column.
//! Created on the report's day, so the same `--to` gives the same bytes.

use super::{METHOD, outcome_words};
use crate::export::summary::SummaryError;
use crate::export::xlsx::{Cell, Properties, Sheet, workbook};
use crate::model::Kpi;
use crate::report::{FEW, Group, Metric, Report};

pub fn render(r: &Report) -> Result<Vec<u8>, SummaryError> {
    let properties = Properties {
        title: format!("Impact report as of {}", r.period.to),
        created: r.period.to,
    };
    let sheets = [
        about(r),
        companies(r),
        growth(r),
        follow_on(r),
        mentoring(r),
        roles(r),
        startups(r),
    ];
    Ok(workbook(&properties, &sheets)?)
}

/// The groups, then the whole as "All".
fn rows(r: &Report) -> impl Iterator<Item = (&str, &Group)> {
    r.table_rows().map(|(name, g)| (name.unwrap_or("All"), g))
}

fn few(marked: bool) -> Cell {
    Cell::text(if marked { "yes" } else { "" })
}

fn about(r: &Report) -> Sheet {
    Sheet::facts(
        "Report",
        vec![
            ("As of", Cell::Date(r.period.to)),
            ("Cohorts from", Cell::or_empty(r.period.from, Cell::Date)),
            ("Grouped by", Cell::text(r.by.name())),
            ("Startups", Cell::count(r.total.startups.len())),
            ("Cohorts", Cell::count(r.cohorts)),
            ("Outcomes recorded", Cell::count(r.total.outcomes_recorded)),
            ("Method", Cell::text(METHOD)),
            (
                "Fewer than 3",
                Cell::text(format!(
                    "\"yes\" marks a figure from fewer than {FEW} startups"
                )),
            ),
        ],
    )
}

fn companies(r: &Report) -> Sheet {
    let mut sheet = Sheet::new(
        "Companies",
        &[
            r.by.heading(),
            "Startups",
            "Fewer than 3",
            "Operating",
            "Acquired",
            "IPO",
            "Closed",
            "Outcome recorded",
            "Ended 1+ year ago",
            "Survived 1 year",
            "Ended 2+ years ago",
            "Survived 2 years",
            "Ended 3+ years ago",
            "Survived 3 years",
        ],
    );
    for (name, g) in rows(r) {
        let mut row = vec![
            Cell::text(name),
            Cell::count(g.startups.len()),
            few(g.few()),
            Cell::count(g.operating),
            Cell::count(g.acquired),
            Cell::count(g.ipo),
            Cell::count(g.closed),
            Cell::count(g.outcomes_recorded),
        ];
        // Of the startups whose cohort ended that long ago, how many
        // survived: nothing to tell when none did.
        for s in &g.survival {
            row.push(Cell::count(s.eligible));
            row.push(match s.eligible {
                0 => Cell::Empty,
                _ => Cell::count(s.survived),
            });
        }
        sheet.push(row);
    }
    sheet
}

fn growth(r: &Report) -> Sheet {
    let mut sheet = Sheet::new(
        "Growth",
        &[
            r.by.heading(),
            "Figure",
            "Startups",
            "Fewer than 3",
            "At baseline",
            "Now",
            "Change",
            "Median at baseline",
            "Median now",
            "Median change",
        ],
    );
    for metric in Metric::ALL {
        for (name, g) in rows(r) {
            let x = g.growth(metric);
            let figure = |v: f64| match x.startups {
                0 => Cell::Empty,
                _ => value(metric, v),
            };
            let median = |v: Option<f64>| Cell::or_empty(v, |v| value(metric, v));
            sheet.push(vec![
                Cell::text(name),
                Cell::text(metric.label()),
                Cell::count(x.startups),
                few(x.startups > 0 && x.few()),
                figure(x.baseline),
                figure(x.now),
                figure(x.change()),
                median(x.median_baseline),
                median(x.median_now),
                median(x.median_change),
            ]);
        }
    }
    sheet
}

/// A figure as its kind is shown: money with cents, a count whole unless
/// it is a median between two.
fn value(metric: Metric, v: f64) -> Cell {
    if metric.is_money() {
        Cell::Amount(v)
    } else if v.fract() == 0.0 {
        Cell::Whole(v as i64)
    } else {
        Cell::Number(v)
    }
}

fn follow_on(r: &Report) -> Sheet {
    let mut sheet = Sheet::new(
        "Follow-on",
        &[
            r.by.heading(),
            "Raised",
            "Startups that raised",
            "Fewer than 3",
            "Median raised",
        ],
    );
    for (name, g) in rows(r) {
        sheet.push(vec![
            Cell::text(name),
            Cell::Amount(g.follow_on),
            Cell::count(g.follow_on_startups),
            few(g.follow_on_startups > 0 && g.follow_on_startups < FEW),
            Cell::or_empty(g.follow_on_median, Cell::Amount),
        ]);
    }
    sheet
}

fn mentoring(r: &Report) -> Sheet {
    let mut sheet = Sheet::new(
        "Mentoring",
        &[
            r.by.heading(),
            "Founders",
            "Mentoring sessions",
            "Sessions per startup",
            "Office hours used",
            "Office hours per startup",
        ],
    );
    for (name, g) in rows(r) {
        sheet.push(vec![
            Cell::text(name),
            Cell::count(g.founders),
            Cell::count(g.sessions),
            Cell::Number(g.per_startup(g.sessions)),
            Cell::count(g.office_hours),
            Cell::Number(g.per_startup(g.office_hours)),
        ]);
    }
    sheet
}

fn roles(r: &Report) -> Sheet {
    let mut sheet = Sheet::new("Founders by role", &["Role", "Founders"]);
    for (role, n) in &r.roles {
        let role = if role.is_empty() {
            "(no role given)"
        } else {
            role
        };
        sheet.push(vec![Cell::text(role), Cell::count(*n)]);
    }
    sheet
}

fn startups(r: &Report) -> Sheet {
    // Grouped by cohort, the group is the cohort: one column says it.
    let grouped_otherwise = r.by != crate::report::Grouping::Cohort;
    let mut columns = vec!["Startup", "Id"];
    if grouped_otherwise {
        columns.push(r.by.heading());
    }
    columns.extend([
        "Cohort",
        "Outcome",
        "Baseline",
        "Now",
        "Jobs at baseline",
        "Jobs now",
        "Revenue at baseline",
        "Revenue now",
        "Customers at baseline",
        "Customers now",
        "Funding at baseline",
        "Funding now",
        "Follow-on",
        "Sessions",
        "Office hours",
    ]);
    let mut sheet = Sheet::new("Startups", &columns);
    for line in &r.startups {
        let mut row = vec![Cell::text(&line.name), Cell::text(&line.id)];
        if grouped_otherwise {
            row.push(Cell::text(&line.group));
        }
        row.extend([
            Cell::text(&line.cohort_name),
            Cell::text(outcome_words(line)),
            Cell::or_empty(line.baseline.as_ref().map(|k| k.date), Cell::Date),
            Cell::or_empty(line.now.as_ref().map(|k| k.date), Cell::Date),
        ]);
        for metric in Metric::ALL {
            let of = |k: &Option<Kpi>| Cell::or_empty(k.as_ref(), |k| value(metric, metric.of(k)));
            row.push(of(&line.baseline));
            row.push(of(&line.now));
        }
        row.extend([
            Cell::Amount(line.follow_on),
            Cell::count(line.activity.sessions),
            Cell::count(line.activity.office_hours),
        ]);
        sheet.push(row);
    }
    sheet
}
