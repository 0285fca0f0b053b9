//! The results as an Excel workbook: a "Demo day" sheet (the day, its
//! cohort, venue, criteria, judges, whether judging is closed, how the
//! score is worked out) and a "Results" sheet with the CSV's columns (a
//! column per judge; the comments unless left out), figures as numbers.
//! Created on the demo day's date, so the same scores give the same bytes.

use super::{METHOD, ResultsTable};
use crate::export::summary::SummaryError;
use crate::export::xlsx::{Cell, Properties, Sheet, workbook};

pub fn render(t: &ResultsTable) -> Result<Vec<u8>, SummaryError> {
    let properties = Properties {
        title: format!("Results: demo day {}, {}", t.day.id, t.day.cohort_name),
        created: t.day.at.date_naive(),
    };
    Ok(workbook(&properties, &[day(t), results(t)])?)
}

fn day(t: &ResultsTable) -> Sheet {
    let d = &t.day;
    let criteria: Vec<String> = d
        .criteria
        .iter()
        .map(|k| format!("{} ×{}", k.name, k.weight))
        .collect();
    let judging = if d.closed {
        "closed"
    } else {
        "open (these results may still change)"
    };
    Sheet::facts(
        "Demo day",
        vec![
            ("Demo day", Cell::text(&d.id)),
            ("Cohort", Cell::text(&d.cohort_name)),
            ("Date", Cell::Date(d.at.date_naive())),
            (
                "Starts",
                Cell::text(d.at.format("%H:%M (UTC%:z)").to_string()),
            ),
            ("Venue", Cell::text(&d.venue)),
            ("Criteria (weight)", Cell::text(criteria.join(", "))),
            ("Judges", Cell::text(t.results.judges.join(", "))),
            ("Judging", Cell::text(judging)),
            ("Pitches", Cell::count(t.results.rows.len())),
            ("Ranked", Cell::count(t.results.ranked())),
            ("Score", Cell::text(METHOD)),
        ],
    )
}

fn results(t: &ResultsTable) -> Sheet {
    let judges = &t.results.judges;
    let mut columns: Vec<&str> = super::csv::LEADING.to_vec();
    columns.extend(judges.iter().map(String::as_str));
    if t.comments {
        columns.push("Comments");
    }
    let mut sheet = Sheet::new("Results", &columns);
    let figure = |v: Option<f64>| Cell::or_empty(v, Cell::Number);
    for r in &t.results.rows {
        let mut row = vec![
            Cell::or_empty(r.rank, Cell::count),
            Cell::text(&r.name),
            Cell::text(&r.startup),
            figure(r.score),
            figure(r.spread),
            Cell::text(format!("{} of {}", r.scored(), judges.len())),
        ];
        row.extend(r.marks.iter().map(|m| figure(m.mean)));
        if t.comments {
            let said: Vec<String> = r
                .comments()
                .map(|(judge, comment)| format!("{judge}: {comment}"))
                .collect();
            row.push(Cell::text(said.join("; ")));
        }
        sheet.push(row);
    }
    sheet
}
