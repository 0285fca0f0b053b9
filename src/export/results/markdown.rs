//! The results as Markdown: the day under a heading, its criteria and
//! judges, how the score is worked out, one table (a column per judge),
//! then each pitch's comments unless left out. Store text goes through
//! the summaries' `inline`.

use super::{METHOD, ResultsTable, figure};
use crate::export::ranking::markdown::criteria_line;
use crate::export::summary::markdown::{Left, Right, inline, or_none, table};

/// What a cell shows when there is nothing to show.
const NONE: &str = "—";

pub fn render(t: &ResultsTable) -> String {
    let mut out = String::new();
    let d = &t.day;
    let r = &t.results;
    out.push_str(&format!(
        "# Results: demo day {}, {}\n\n",
        inline(&d.id),
        or_none(inline(&d.cohort_name))
    ));
    out.push_str(&format!(
        "- At: {}, {}\n",
        d.at.format("%Y-%m-%d %H:%M %:z"),
        or_none(inline(&d.venue))
    ));
    out.push_str(&criteria_line(&d.criteria));
    let judges: Vec<String> = r.judges.iter().map(|j| inline(j)).collect();
    out.push_str(&format!("- Judges: {}\n", or_none(judges.join(", "))));
    out.push_str(&format!(
        "- Judging: {}\n",
        if d.closed {
            "closed"
        } else {
            "open (these results may still change)"
        }
    ));
    out.push_str(&format!(
        "- Pitches: {}, {} ranked\n",
        r.rows.len(),
        r.ranked()
    ));
    out.push_str(&format!("\n{METHOD}\n\n"));
    if r.rows.is_empty() {
        out.push_str("No pitches on this demo day yet.\n");
        return out;
    }
    let mut columns = vec![
        ("Rank", Right),
        ("Startup", Left),
        ("Score", Right),
        ("Spread", Right),
        ("Judges", Right),
    ];
    columns.extend(judges.iter().map(|j| (j.as_str(), Right)));
    table(
        &mut out,
        &columns,
        r.rows
            .iter()
            .map(|p| {
                let mut cells = vec![
                    p.rank.map_or(NONE.to_string(), |n| n.to_string()),
                    or_none(inline(&p.name)),
                    figure(p.score).unwrap_or_else(|| NONE.into()),
                    figure(p.spread).unwrap_or_else(|| NONE.into()),
                    format!("{} of {}", p.scored(), r.judges.len()),
                ];
                cells.extend(
                    p.marks
                        .iter()
                        .map(|m| figure(m.mean).unwrap_or_else(|| NONE.into())),
                );
                cells
            })
            .collect(),
    );
    if t.comments && r.rows.iter().any(|p| p.comments().next().is_some()) {
        out.push_str("\n## Comments\n");
        for p in &r.rows {
            let mut said = p.comments().peekable();
            if said.peek().is_none() {
                continue;
            }
            out.push_str(&format!("\n### {}\n\n", or_none(inline(&p.name))));
            for (judge, comment) in said {
                out.push_str(&format!("- {}: {}\n", inline(judge), inline(comment)));
            }
        }
    }
    out
}
