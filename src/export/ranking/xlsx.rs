//! The ranking as an Excel workbook: a "Call" sheet (the call, its
//! cohort and dates, criteria, the review counts and how the score is
//! worked out) and a "Ranking" sheet, one row per application with the
//! CSV's columns, figures as numbers. Created on the call's closing day,
//! so the same reviews give the same bytes.

use super::{NORMALISATION, RankingTable};
use crate::export::summary::SummaryError;
use crate::export::xlsx::{Cell, Properties, Sheet, workbook};

pub fn render(t: &RankingTable) -> Result<Vec<u8>, SummaryError> {
    let c = &t.call;
    let properties = Properties {
        title: format!("Ranking: {}", c.name),
        created: c.closes,
    };
    Ok(workbook(&properties, &[call(t), ranking(t)])?)
}

fn call(t: &RankingTable) -> Sheet {
    let c = &t.call;
    let s = &t.totals;
    let criteria: Vec<String> = c
        .criteria
        .iter()
        .map(|k| format!("{} ×{}", k.name, k.weight))
        .collect();
    Sheet::facts(
        "Call",
        vec![
            ("Call", Cell::text(&c.name)),
            ("Id", Cell::text(&c.id)),
            ("Cohort", Cell::text(&c.cohort_name)),
            ("Opens", Cell::Date(c.opens)),
            ("Closes", Cell::Date(c.closes)),
            ("Criteria (weight)", Cell::text(criteria.join(", "))),
            ("Applications", Cell::count(t.rows.len())),
            ("Ranked", Cell::count(t.ranked())),
            ("Reviews counted", Cell::count(s.counted)),
            ("Reviews missing", Cell::count(s.missing)),
            ("Conflicts declared", Cell::count(s.conflicts)),
            (
                "Reviews not scoring every criterion (not counted)",
                Cell::count(s.incomplete),
            ),
            ("Score", Cell::text(NORMALISATION)),
        ],
    )
}

fn ranking(t: &RankingTable) -> Sheet {
    let mut sheet = Sheet::new("Ranking", &super::csv::COLUMNS);
    let figure = |v: Option<f64>| Cell::or_empty(v, Cell::Number);
    for r in &t.rows {
        sheet.push(vec![
            Cell::or_empty(r.rank, Cell::count),
            Cell::text(&r.name),
            Cell::text(&r.id),
            Cell::text(&r.sector),
            figure(r.score),
            figure(r.raw_mean),
            figure(r.spread),
            Cell::count(r.reviews),
            Cell::count(r.missing),
            Cell::count(r.conflicts),
            Cell::text(r.stage.to_string()),
        ]);
    }
    sheet
}
