//! No command, and standard output not a terminal: the portfolio at a
//! glance.

use chrono::Local;

use crate::attention::attention;
use crate::workspace::Opened;

use super::table::columns;
use super::{Failure, Output};

/// When standard output is not a terminal: the portfolio at a glance.
pub fn summary(opened: &Opened, output: &mut Output) -> Result<u8, Failure> {
    let store = &opened.store;
    let p = store.portfolio()?;
    let today = Local::now().date_naive();
    let mut out = format!(
        "Portfolio at {}\n  {}\n",
        store.path().display(),
        p.summary()
    );

    if !p.cohorts.is_empty() {
        out.push_str("\nCohorts\n");
        let rows: Vec<Vec<String>> = p
            .cohorts
            .iter()
            .map(|c| {
                vec![
                    c.id.clone(),
                    c.name.clone(),
                    c.program.to_string(),
                    format!("{} – {}", c.start, c.end),
                    c.status_on(today).to_string(),
                    format!("{}/{} places", c.enrolled(&p.startups), c.capacity),
                ]
            })
            .collect();
        out.push_str(&columns(&rows));
    }

    let a = attention(&p, today);
    if !a.is_empty() {
        out.push_str("\nNeeds attention\n");
        let mut rows = Vec::new();
        for (d, days) in &a.upcoming_demo_days {
            let when = match days {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                n => format!("in {n} days"),
            };
            rows.push(vec![
                d.id.clone(),
                format!("Demo day {}", d.at.format("%Y-%m-%d %H:%M")),
                format!("{when}, {}", d.venue),
            ]);
        }
        for (m, load) in &a.overloaded_mentors {
            rows.push(vec![
                m.id.clone(),
                m.name.clone(),
                format!(
                    "mentoring {} active startups, capacity {}",
                    load.active, load.capacity
                ),
            ]);
        }
        for (c, enrolled) in &a.full_cohorts {
            rows.push(vec![
                c.id.clone(),
                c.name.clone(),
                format!("{enrolled} of {} places taken", c.capacity),
            ]);
        }
        for (s, days) in &a.quiet_startups {
            let since = match days {
                Some(d) => format!("no note for {d} days"),
                None => "no notes yet".to_string(),
            };
            rows.push(vec![s.id.clone(), s.name.clone(), since]);
        }
        out.push_str(&columns(&rows));
    }
    out.push_str("\nTry: incubator search QUERY · incubator note STARTUP TEXT · incubator export all -o FILE · incubator --help\n");
    output.print(&out)?;
    Ok(0)
}
