//! The summary as an Excel workbook: a sheet per table the Markdown
//! summary has (the cohort, totals, stages and statuses, startups,
//! milestones, KPIs, notes, demo days and their pitches, mentors), each
//! figure a number and each day a date. Created on the as-of day, so the
//! same database and `--as-of` give the same bytes.

use super::*;
use crate::export::xlsx::{Cell, Properties, Sheet, workbook};

pub fn render(s: &CohortSummary) -> Result<Vec<u8>, SummaryError> {
    let properties = Properties {
        title: format!("{}: cohort summary as of {}", s.cohort.name, s.as_of),
        created: s.as_of,
    };
    let sheets = [
        cohort(s),
        totals(s),
        counts("By stage", "Stage", &s.by_stage),
        counts("By status", "Status", &s.by_status),
        startups(s),
        milestones(s),
        kpis(s),
        notes(s),
        demo_days(s),
        pitches(s),
        mentors(s),
    ];
    Ok(workbook(&properties, &sheets)?)
}

fn cohort(s: &CohortSummary) -> Sheet {
    let c = &s.cohort;
    Sheet::facts(
        "Cohort",
        vec![
            ("Cohort", Cell::text(&c.name)),
            ("Id", Cell::text(&c.id)),
            ("Summary as of", Cell::Date(s.as_of)),
            ("Program", Cell::text(c.program.to_string())),
            ("Starts", Cell::Date(c.start)),
            ("Ends", Cell::Date(c.end)),
            ("Status", Cell::text(c.status.to_string())),
            ("Enrolled", Cell::count(c.enrolled)),
            ("Places", Cell::Whole(i64::from(c.capacity))),
            ("Description", Cell::text(&c.description)),
        ],
    )
}

/// Sums over the startups still in the cohort; no change while no
/// snapshot falls inside the cohort's dates.
fn totals(s: &CohortSummary) -> Sheet {
    let t = &s.totals;
    let mut sheet = Sheet::new(
        "Totals",
        &["Figure", "Latest", "Change", "Startups counted"],
    );
    let change = |cell: Cell| {
        if t.with_change == 0 {
            Cell::Empty
        } else {
            cell
        }
    };
    let employees = i64::try_from(t.employees).unwrap_or(i64::MAX);
    sheet.push(vec![
        Cell::text("People employed"),
        Cell::Whole(employees),
        change(Cell::Whole(t.employees_change)),
        Cell::count(t.with_kpis),
    ]);
    sheet.push(vec![
        Cell::text("Revenue"),
        Cell::Amount(t.revenue),
        change(Cell::Amount(t.revenue_change)),
        Cell::count(t.with_kpis),
    ]);
    sheet.push(vec![
        Cell::text("Funding raised"),
        Cell::Amount(t.funding_raised),
        change(Cell::Amount(t.funding_raised_change)),
        Cell::count(t.with_kpis),
    ]);
    sheet
}

fn counts<T: fmt::Display>(name: &str, what: &str, counts: &[(T, usize)]) -> Sheet {
    let mut sheet = Sheet::new(name, &[what, "Startups"]);
    for (value, n) in counts {
        sheet.push(vec![Cell::text(value.to_string()), Cell::count(*n)]);
    }
    sheet
}

fn startups(s: &CohortSummary) -> Sheet {
    let mut sheet = Sheet::new(
        "Startups",
        &[
            "Startup",
            "Id",
            "Sector",
            "Stage",
            "Status",
            "Founders",
            "Mentors",
            "Demo day slot",
        ],
    );
    for e in &s.startups {
        let founders: Vec<String> = e
            .founders
            .iter()
            .map(|f| match f.role.trim() {
                "" => f.name.clone(),
                role => format!("{} ({role})", f.name),
            })
            .collect();
        let mentors: Vec<&str> = e.mentors.iter().map(|(_, name)| name.as_str()).collect();
        let slots: Vec<String> = e
            .slots
            .iter()
            .map(|slot| {
                format!(
                    "{} #{} at {}, {} min",
                    slot.start.format("%Y-%m-%d"),
                    slot.order,
                    slot.start.format("%H:%M"),
                    slot.minutes
                )
            })
            .collect();
        sheet.push(vec![
            Cell::text(&e.name),
            Cell::text(&e.id),
            Cell::text(&e.sector),
            Cell::text(e.stage.to_string()),
            Cell::text(e.status.to_string()),
            Cell::text(founders.join(", ")),
            Cell::text(mentors.join(", ")),
            Cell::text(slots.join("; ")),
        ]);
    }
    sheet
}

/// The startups that have milestones, on the as-of day.
fn milestones(s: &CohortSummary) -> Sheet {
    let mut sheet = Sheet::new(
        "Milestones",
        &["Startup", "Done", "Due", "Overdue", "Next", "Next due"],
    );
    for e in s.startups.iter().filter(|e| !e.milestones.is_empty()) {
        let m = &e.milestones;
        let (next, due) = match &m.next {
            Some((title, due)) => (Cell::text(title), Cell::Date(*due)),
            None => (Cell::Empty, Cell::Empty),
        };
        sheet.push(vec![
            Cell::text(&e.name),
            Cell::count(m.done),
            Cell::count(m.due),
            Cell::count(m.overdue),
            next,
            due,
        ]);
    }
    sheet
}

/// The latest snapshot on or before the as-of day, and the change since
/// the first one inside the cohort's dates, each figure its own column.
fn kpis(s: &CohortSummary) -> Sheet {
    let mut sheet = Sheet::new(
        "KPIs",
        &[
            "Startup",
            "Snapshot",
            "Revenue",
            "Customers",
            "Employees",
            "Funding raised",
            "Change since",
            "Revenue change",
            "Customers change",
            "Employees change",
            "Funding raised change",
        ],
    );
    let whole = |n: u64| Cell::Whole(i64::try_from(n).unwrap_or(i64::MAX));
    for e in &s.startups {
        let mut row = vec![Cell::text(&e.name)];
        if let Some(k) = &e.kpi {
            row.extend([
                Cell::Date(k.date),
                Cell::Amount(k.revenue),
                whole(k.customers),
                whole(k.employees),
                Cell::Amount(k.funding_raised),
            ]);
            if let Some(c) = &e.change {
                row.extend([
                    Cell::Date(c.since),
                    Cell::Amount(c.revenue),
                    Cell::Whole(c.customers),
                    Cell::Whole(c.employees),
                    Cell::Amount(c.funding_raised),
                ]);
            }
        }
        sheet.push(row);
    }
    sheet
}

fn notes(s: &CohortSummary) -> Sheet {
    let mut sheet = Sheet::new(
        "Notes",
        &[
            "Startup",
            "Notes",
            "Sessions",
            "Latest",
            "The latest note begins",
        ],
    );
    for e in &s.startups {
        let (date, line) = match &e.latest_note {
            Some(n) => (Cell::Date(n.date), Cell::text(&n.first_line)),
            None => (Cell::Empty, Cell::Empty),
        };
        sheet.push(vec![
            Cell::text(&e.name),
            Cell::count(e.notes),
            Cell::count(e.sessions),
            date,
            line,
        ]);
    }
    sheet
}

fn demo_days(s: &CohortSummary) -> Sheet {
    let mut sheet = Sheet::new(
        "Demo days",
        &[
            "Demo day",
            "Id",
            "Starts",
            "Ends",
            "Venue",
            "Pitches",
            "Investors invited",
        ],
    );
    for d in &s.demo_days {
        let investors: Vec<&str> = d
            .investors
            .iter()
            .map(|i| i.trim())
            .filter(|i| !i.is_empty())
            .collect();
        sheet.push(vec![
            Cell::Date(d.at.date_naive()),
            Cell::text(&d.id),
            Cell::text(time_of_day(&d.at)),
            Cell::text(time_of_day(&d.end)),
            Cell::text(&d.venue),
            Cell::count(d.pitches.len()),
            Cell::text(investors.join(", ")),
        ]);
    }
    sheet
}

/// Every demo day's run of show, in order.
fn pitches(s: &CohortSummary) -> Sheet {
    let mut sheet = Sheet::new(
        "Pitches",
        &["Demo day", "#", "Start", "Startup", "Id", "Minutes"],
    );
    for d in &s.demo_days {
        for p in &d.pitches {
            sheet.push(vec![
                Cell::Date(d.at.date_naive()),
                Cell::count(p.order),
                Cell::text(time_of_day(&p.start)),
                Cell::text(&p.name),
                Cell::text(&p.startup),
                Cell::Whole(i64::from(p.minutes)),
            ]);
        }
    }
    sheet
}

fn mentors(s: &CohortSummary) -> Sheet {
    let mut sheet = Sheet::new(
        "Mentors",
        &[
            "Mentor",
            "Id",
            "Organization",
            "Startups in this cohort",
            "Load",
        ],
    );
    for m in &s.mentors {
        let startups: Vec<&str> = m.startups.iter().map(|(_, name)| name.as_str()).collect();
        sheet.push(vec![
            Cell::text(&m.name),
            Cell::text(&m.id),
            Cell::text(&m.organization),
            Cell::text(startups.join(", ")),
            Cell::text(m.load.to_string()),
        ]);
    }
    sheet
}

/// `10:00 (UTC+04:00)`: the local time, with its offset, as the Markdown
/// says it.
fn time_of_day(at: &DateTime<FixedOffset>) -> String {
    at.format("%H:%M (UTC%:z)").to_string()
}
