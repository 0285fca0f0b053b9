//! The ranking as Markdown: the call under a heading, the counts a panel
//! checks first (applications, missing reviews, conflicts), how the score
//! is worked out, then one table. Store text goes through the summaries'
//! `inline`, so a name can neither break the table nor reach a terminal
//! with its escape codes.

use super::{NORMALISATION, RankingTable, two_decimals};
use crate::export::summary::markdown::{Left, Right, inline, or_none, table};
use crate::text::counted;

/// What a cell shows when there is nothing to show.
const NONE: &str = "—";

/// "- Criteria (weight): Team ×3, Market ×2", a rubric's line in a
/// ranking's or a demo day's results' heading.
pub(in crate::export) fn criteria_line(criteria: &[crate::model::Criterion]) -> String {
    let criteria: Vec<String> = criteria
        .iter()
        .map(|k| format!("{} ×{}", inline(&k.name), k.weight))
        .collect();
    format!("- Criteria (weight): {}\n", or_none(criteria.join(", ")))
}

pub fn render(t: &RankingTable) -> String {
    let mut out = String::new();
    let c = &t.call;
    out.push_str(&format!("# Ranking: {}\n\n", inline(&c.name)));
    out.push_str(&format!(
        "- Cohort: {}\n- Open: {} – {}\n",
        or_none(inline(&c.cohort_name)),
        c.opens,
        c.closes
    ));
    out.push_str(&criteria_line(&c.criteria));
    let unranked = t.rows.len() - t.ranked();
    let unranked = match unranked {
        0 => String::new(),
        n => format!(", {n} with no counted review yet"),
    };
    out.push_str(&format!("- Applications: {}{unranked}\n", t.rows.len()));
    let s = &t.totals;
    let incomplete = match s.incomplete {
        0 => String::new(),
        n => format!(
            ", {} not scoring every criterion (not counted)",
            counted(n, "review")
        ),
    };
    out.push_str(&format!(
        "- Reviews: {} counted, {} missing, {} declared{incomplete}\n",
        s.counted,
        s.missing,
        counted(s.conflicts, "conflict"),
    ));
    out.push_str(&format!("\n{NORMALISATION}\n\n"));
    if t.rows.is_empty() {
        out.push_str("No applications to this call yet.\n");
        return out;
    }
    table(
        &mut out,
        &[
            ("Rank", Right),
            ("Application", Left),
            ("Sector", Left),
            ("Score", Right),
            ("Raw mean", Right),
            ("Spread", Right),
            ("Reviews", Right),
            ("Conflicts", Right),
            ("Stage", Left),
        ],
        t.rows
            .iter()
            .map(|r| {
                let figure = |v: Option<f64>| v.map_or(NONE.to_string(), two_decimals);
                vec![
                    r.rank.map_or(NONE.to_string(), |n| n.to_string()),
                    or_none(inline(&r.name)),
                    or_none(inline(&r.sector)),
                    figure(r.score),
                    figure(r.raw_mean),
                    figure(r.spread),
                    r.reviews_label(),
                    r.conflicts.to_string(),
                    r.stage.to_string(),
                ]
            })
            .collect(),
    );
    out
}
