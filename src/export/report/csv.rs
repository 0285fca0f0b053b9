//! The report as CSV: a row a group, then "All", every figure a column —
//! the startups counted as a last column of ids, so a spreadsheet can
//! answer "which ones?" too. Numbers plain, as the summaries' CSV.

use crate::export::ranking::json::cents;
use crate::export::summary::SummaryError;
use crate::export::summary::csv::{text, write_csv};
use crate::report::{Group, Metric, Report};

pub fn render(r: &Report, excel_bom: bool) -> Result<Vec<u8>, SummaryError> {
    let header = header(r);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows = r.table_rows().map(|(name, g)| row(name, g));
    write_csv(&header, rows, excel_bom)
}

fn header(r: &Report) -> Vec<String> {
    let mut h: Vec<String> = [
        r.by.name(),
        "startups",
        "fewer_than_3",
        "operating",
        "acquired",
        "ipo",
        "closed",
        "outcomes_recorded",
    ]
    .map(String::from)
    .to_vec();
    for years in crate::report::SURVIVAL_YEARS {
        h.push(format!("survived_{years}y"));
        h.push(format!("eligible_{years}y"));
    }
    for metric in Metric::ALL {
        for figure in [
            "startups",
            "baseline",
            "now",
            "change",
            "median_baseline",
            "median_now",
            "median_change",
        ] {
            h.push(format!("{}_{figure}", metric.key()));
        }
    }
    h.extend(
        [
            "follow_on",
            "follow_on_startups",
            "follow_on_median",
            "founders",
            "sessions",
            "office_hours",
            "startup_ids",
        ]
        .map(String::from),
    );
    h
}

/// A group's row (`name` `None`: the whole, "All").
fn row(name: Option<&str>, g: &Group) -> Vec<String> {
    let number = |v: f64| cents(v).to_string();
    let opt = |v: Option<f64>| v.map(number).unwrap_or_default();
    let mut row = vec![
        name.map_or_else(|| "All".to_string(), text),
        g.startups.len().to_string(),
        g.few().to_string(),
        g.operating.to_string(),
        g.acquired.to_string(),
        g.ipo.to_string(),
        g.closed.to_string(),
        g.outcomes_recorded.to_string(),
    ];
    for s in &g.survival {
        row.push(s.survived.to_string());
        row.push(s.eligible.to_string());
    }
    for metric in Metric::ALL {
        let x = g.growth(metric);
        let some = x.startups > 0;
        let total = |v: f64| if some { number(v) } else { String::new() };
        row.extend([
            x.startups.to_string(),
            total(x.baseline),
            total(x.now),
            total(x.change()),
            opt(x.median_baseline),
            opt(x.median_now),
            opt(x.median_change),
        ]);
    }
    row.extend([
        number(g.follow_on),
        g.follow_on_startups.to_string(),
        opt(g.follow_on_median),
        g.founders.to_string(),
        g.sessions.to_string(),
        g.office_hours.to_string(),
        text(&g.startups.join(" ")),
    ]);
    row
}
