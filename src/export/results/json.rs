//! The results as JSON: `format` and `version` first, like the ranking's,
//! then the day, the counts and the pitches in ranked order, each judge's
//! weighted mean by name (`null` until they scored every criterion) and,
//! unless left out, their comments. Figures rounded to 2 decimals.

use serde::Serialize;

use super::{METHOD, ResultsTable};
use crate::export::ranking::json::{CriterionOut, Named, cents};
use crate::interchange::escape_controls;
use crate::judging::PitchResult;

/// What the document says it is, so a reader can tell it from others.
pub const FORMAT: &str = "incubator-demo-day-results";
pub const VERSION: u64 = 1;

pub fn render(t: &ResultsTable) -> String {
    let d = &t.day;
    let r = &t.results;
    let document = Document {
        format: FORMAT,
        version: VERSION,
        demo_day: DayOut {
            id: &d.id,
            cohort: Named {
                id: &d.cohort,
                name: &d.cohort_name,
            },
            at: d.at.to_rfc3339(),
            venue: &d.venue,
            criteria: d
                .criteria
                .iter()
                .map(|k| CriterionOut {
                    name: &k.name,
                    weight: k.weight,
                })
                .collect(),
            judges: r.judges.iter().map(String::as_str).collect(),
            judging_closed: d.closed,
        },
        counts: Counts {
            pitches: r.rows.len(),
            ranked: r.ranked(),
        },
        method: METHOD,
        pitches: r.rows.iter().map(|p| row(p, t.comments)).collect(),
    };
    // Plain structs, string keys and finite numbers: serializing cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    escape_controls(text)
}

fn row(p: &PitchResult, comments: bool) -> PitchOut<'_> {
    PitchOut {
        rank: p.rank,
        startup: Named {
            id: &p.startup,
            name: &p.name,
        },
        score: p.score.map(cents),
        spread: p.spread.map(cents),
        judges_scored: p.scored(),
        judges: p
            .marks
            .iter()
            .map(|m| MarkOut {
                judge: &m.judge,
                score: m.mean.map(cents),
                comment: comments.then_some(m.comment.as_str()),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    demo_day: DayOut<'a>,
    counts: Counts,
    method: &'static str,
    pitches: Vec<PitchOut<'a>>,
}

#[derive(Serialize)]
struct DayOut<'a> {
    id: &'a str,
    cohort: Named<'a>,
    at: String,
    venue: &'a str,
    criteria: Vec<CriterionOut<'a>>,
    judges: Vec<&'a str>,
    judging_closed: bool,
}

#[derive(Serialize)]
struct Counts {
    pitches: usize,
    ranked: usize,
}

#[derive(Serialize)]
struct PitchOut<'a> {
    rank: Option<usize>,
    startup: Named<'a>,
    score: Option<f64>,
    spread: Option<f64>,
    judges_scored: usize,
    judges: Vec<MarkOut<'a>>,
}

#[derive(Serialize)]
struct MarkOut<'a> {
    judge: &'a str,
    score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<&'a str>,
}
