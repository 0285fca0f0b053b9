//! The ranking as JSON: `format` and `version` first, like the cohort
//! summary's, then the call, the counts and the applications in ranked
//! order. Figures are numbers rounded to 2 decimals (`null` with no
//! counted review); dates `YYYY-MM-DD`.

use serde::Serialize;

use super::{NORMALISATION, RankingTable, Row};
use crate::interchange::escape_controls;

/// What the document says it is, so a reader can tell it from others.
pub const FORMAT: &str = "incubator-call-ranking";
pub const VERSION: u64 = 1;

pub fn render(t: &RankingTable) -> String {
    let c = &t.call;
    let s = &t.totals;
    let document = Document {
        format: FORMAT,
        version: VERSION,
        call: CallOut {
            id: &c.id,
            name: &c.name,
            cohort: Named {
                id: &c.cohort,
                name: &c.cohort_name,
            },
            opens: c.opens.to_string(),
            closes: c.closes.to_string(),
            criteria: c
                .criteria
                .iter()
                .map(|k| CriterionOut {
                    name: &k.name,
                    weight: k.weight,
                })
                .collect(),
        },
        counts: Counts {
            applications: t.rows.len(),
            ranked: t.ranked(),
            reviews_counted: s.counted,
            reviews_missing: s.missing,
            conflicts: s.conflicts,
            incomplete: s.incomplete,
        },
        normalisation: NORMALISATION,
        applications: t.rows.iter().map(row).collect(),
    };
    // Plain structs, string keys and finite numbers: serializing cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    escape_controls(text)
}

fn row(r: &Row) -> RowOut<'_> {
    RowOut {
        rank: r.rank,
        id: &r.id,
        name: &r.name,
        sector: &r.sector,
        stage: r.stage.as_str(),
        score: r.score.map(cents),
        raw_mean: r.raw_mean.map(cents),
        spread: r.spread.map(cents),
        reviews: r.reviews,
        missing: r.missing,
        conflicts: r.conflicts,
    }
}

/// Rounded to 2 decimals, never negative zero.
pub(in crate::export) fn cents(value: f64) -> f64 {
    (value * 100.0).round() / 100.0 + 0.0
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    call: CallOut<'a>,
    counts: Counts,
    normalisation: &'static str,
    applications: Vec<RowOut<'a>>,
}

#[derive(Serialize)]
struct CallOut<'a> {
    id: &'a str,
    name: &'a str,
    cohort: Named<'a>,
    opens: String,
    closes: String,
    criteria: Vec<CriterionOut<'a>>,
}

/// A record named in the JSON: `{"id", "name"}` (the results' too).
#[derive(Serialize)]
pub(in crate::export) struct Named<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

/// A rubric's criterion: `{"name", "weight"}` (the results' too).
#[derive(Serialize)]
pub(in crate::export) struct CriterionOut<'a> {
    pub name: &'a str,
    pub weight: u32,
}

#[derive(Serialize)]
struct Counts {
    applications: usize,
    ranked: usize,
    reviews_counted: usize,
    reviews_missing: usize,
    conflicts: usize,
    incomplete: usize,
}

#[derive(Serialize)]
struct RowOut<'a> {
    rank: Option<usize>,
    id: &'a str,
    name: &'a str,
    sector: &'a str,
    stage: &'static str,
    score: Option<f64>,
    raw_mean: Option<f64>,
    spread: Option<f64>,
    reviews: usize,
    missing: usize,
    conflicts: usize,
}
