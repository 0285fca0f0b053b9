//! The summary as Markdown: headings, short paragraphs and GitHub-flavoured
//! tables, padded so they read well raw and render well.
//!
//! Text from the store goes through [`inline`]: control characters are
//! replaced, line breaks become spaces, and `\`, `|` and `<` are escaped, so
//! a name can neither add a table cell nor smuggle HTML into a rendering.

use unicode_width::UnicodeWidthStr;

use super::*;
use crate::text::number::{amount, count, signed};
use crate::text::{sanitize, sanitize_line};

/// What a cell shows when there is nothing to show.
const NONE: &str = "—";

pub fn render(s: &CohortSummary) -> String {
    let mut out = String::new();
    let c = &s.cohort;
    out.push_str(&format!("# {}\n\n", inline(&c.name)));
    out.push_str(&format!("Cohort summary as of {}.\n\n", s.as_of));
    out.push_str(&format!("- Program: {}\n", c.program));
    out.push_str(&format!("- Dates: {} – {}\n", c.start, c.end));
    out.push_str(&format!("- Status on {}: {}\n", s.as_of, c.status));
    out.push_str(&format!(
        "- Places: {} enrolled of {}\n",
        c.enrolled, c.capacity
    ));
    let description = paragraph(&c.description);
    if !description.is_empty() {
        out.push_str(&format!("\n{description}\n"));
    }

    totals(&mut out, s);
    counts(&mut out, s);
    startups(&mut out, s);
    demo_days(&mut out, s);
    mentors(&mut out, s);
    out
}

fn totals(out: &mut String, s: &CohortSummary) {
    let t = &s.totals;
    out.push_str("\n## Totals\n\n");
    if t.startups == 0 {
        out.push_str("No startups in the cohort yet (dropped ones are not counted).\n");
        return;
    }
    if t.with_kpis == 0 {
        out.push_str(&if t.startups == 1 {
            "The one startup still in the cohort has no KPI snapshot yet.\n".to_string()
        } else {
            format!(
                "None of the {} startups still in the cohort has a KPI snapshot yet.\n",
                t.startups
            )
        });
        return;
    }
    let with_kpis = if t.with_kpis < t.startups {
        format!(", {} of them with KPIs", t.with_kpis)
    } else {
        String::new()
    };
    let change = if t.with_change == 0 {
        "None of the snapshots falls inside the cohort's dates yet, so there is no change to show."
            .to_string()
    } else if t.with_change < t.with_kpis {
        format!(
            "Change: since each one's first snapshot inside the cohort's dates, for the {} that have one.",
            t.with_change
        )
    } else {
        "Change: since each one's first snapshot inside the cohort's dates.".to_string()
    };
    out.push_str(&format!(
        "Sums over the latest KPI snapshot of {} still in the cohort{with_kpis} \
         (dropped ones are not counted). {change}\n\n",
        if t.startups == 1 {
            "the one startup".to_string()
        } else {
            format!("each of the {} startups", t.startups)
        },
    ));
    let change = |text: String| {
        if t.with_change == 0 {
            NONE.into()
        } else {
            text
        }
    };
    table(
        out,
        &[("", Left), ("Latest", Right), ("Change", Right)],
        vec![
            vec![
                "People employed".into(),
                count(t.employees),
                change(signed(t.employees_change as f64)),
            ],
            vec![
                "Revenue".into(),
                amount(t.revenue),
                change(signed(t.revenue_change)),
            ],
            vec![
                "Funding raised".into(),
                amount(t.funding_raised),
                change(signed(t.funding_raised_change)),
            ],
        ],
    );
}

fn counts(out: &mut String, s: &CohortSummary) {
    out.push_str("\n## Startups by stage and status\n\n");
    table(
        out,
        &[("Stage", Left), ("Startups", Right)],
        s.by_stage
            .iter()
            .map(|(stage, n)| vec![stage.to_string(), n.to_string()])
            .collect(),
    );
    out.push('\n');
    table(
        out,
        &[("Status", Left), ("Startups", Right)],
        s.by_status
            .iter()
            .map(|(status, n)| vec![status.to_string(), n.to_string()])
            .collect(),
    );
}

/// The startups that have milestones: how many reached, to come and
/// overdue on the as-of day, and the next one open.
fn milestones(out: &mut String, s: &CohortSummary) {
    let with: Vec<&StartupEntry> = s
        .startups
        .iter()
        .filter(|e| !e.milestones.is_empty())
        .collect();
    if with.is_empty() {
        return;
    }
    out.push_str(&format!("\n### Milestones\n\nOn {}.\n\n", s.as_of));
    let count = |n: usize| {
        if n == 0 {
            NONE.to_string()
        } else {
            n.to_string()
        }
    };
    table(
        out,
        &[
            ("Startup", Left),
            ("Done", Right),
            ("Due", Right),
            ("Overdue", Right),
            ("Next", Left),
        ],
        with.iter()
            .map(|e| {
                let m = &e.milestones;
                vec![
                    inline(&e.name),
                    count(m.done),
                    count(m.due),
                    count(m.overdue),
                    m.next.as_ref().map_or(NONE.to_string(), |(title, due)| {
                        format!("{}, {due}", inline(title))
                    }),
                ]
            })
            .collect(),
    );
}

fn startups(out: &mut String, s: &CohortSummary) {
    out.push_str(&format!("\n## Startups ({})\n\n", s.startups.len()));
    if s.startups.is_empty() {
        out.push_str("No startups in this cohort yet.\n");
        return;
    }
    let several_demo_days = s.demo_days.len() > 1;
    table(
        out,
        &[
            ("Startup", Left),
            ("Sector", Left),
            ("Stage", Left),
            ("Status", Left),
            ("Founders", Left),
            ("Mentors", Left),
            ("Demo day slot", Left),
        ],
        s.startups
            .iter()
            .map(|e| {
                let founders = e
                    .founders
                    .iter()
                    .map(|f| {
                        if f.role.trim().is_empty() {
                            inline(&f.name)
                        } else {
                            format!("{} ({})", inline(&f.name), inline(&f.role))
                        }
                    })
                    .collect::<Vec<_>>();
                let mentors = e
                    .mentors
                    .iter()
                    .map(|(_, name)| inline(name))
                    .collect::<Vec<_>>();
                let slots = e
                    .slots
                    .iter()
                    .map(|slot| {
                        let day = if several_demo_days {
                            format!("{} ", slot.start.format("%Y-%m-%d"))
                        } else {
                            String::new()
                        };
                        format!(
                            "{day}#{} at {}, {} min",
                            slot.order,
                            slot.start.format("%H:%M"),
                            slot.minutes
                        )
                    })
                    .collect::<Vec<_>>();
                vec![
                    inline(&e.name),
                    or_none(inline(&e.sector)),
                    e.stage.to_string(),
                    e.status.to_string(),
                    or_none(founders.join(", ")),
                    or_none(mentors.join(", ")),
                    or_none(slots.join("; ")),
                ]
            })
            .collect(),
    );

    milestones(out, s);

    out.push_str("\n### KPIs\n\n");
    if s.startups.iter().all(|e| e.kpi.is_none()) {
        out.push_str("No KPI snapshots yet.\n");
    } else {
        out.push_str(&format!(
            "The latest snapshot on or before {}; in brackets, the change since \
             the first snapshot inside the cohort's dates.\n\n",
            s.as_of
        ));
        table(
            out,
            &[
                ("Startup", Left),
                ("Snapshot", Left),
                ("Revenue", Right),
                ("Customers", Right),
                ("Employees", Right),
                ("Funding raised", Right),
                ("Change since", Left),
            ],
            s.startups
                .iter()
                .map(|e| {
                    let Some(k) = &e.kpi else {
                        let mut row = vec![inline(&e.name)];
                        row.resize(7, NONE.to_string());
                        return row;
                    };
                    let with = |now: String, change: Option<f64>| match change {
                        Some(change) => format!("{now} ({})", signed(change)),
                        None => now,
                    };
                    let ch = e.change.as_ref();
                    vec![
                        inline(&e.name),
                        k.date.to_string(),
                        with(amount(k.revenue), ch.map(|c| c.revenue)),
                        with(count(k.customers), ch.map(|c| c.customers as f64)),
                        with(count(k.employees), ch.map(|c| c.employees as f64)),
                        with(amount(k.funding_raised), ch.map(|c| c.funding_raised)),
                        ch.map_or(NONE.to_string(), |c| c.since.to_string()),
                    ]
                })
                .collect(),
        );
    }

    out.push_str("\n### Notes\n\n");
    table(
        out,
        &[
            ("Startup", Left),
            ("Notes", Right),
            ("Sessions", Right),
            ("Latest", Left),
            ("The latest note begins", Left),
        ],
        s.startups
            .iter()
            .map(|e| {
                let (date, line) = match &e.latest_note {
                    Some(n) => (n.date.to_string(), or_none(inline(&n.first_line))),
                    None => (NONE.to_string(), NONE.to_string()),
                };
                vec![
                    inline(&e.name),
                    e.notes.to_string(),
                    e.sessions.to_string(),
                    date,
                    line,
                ]
            })
            .collect(),
    );
}

fn demo_days(out: &mut String, s: &CohortSummary) {
    if s.demo_days.is_empty() {
        out.push_str("\n## Demo day\n\nNo demo day planned for this cohort yet.\n");
        return;
    }
    for d in &s.demo_days {
        out.push_str(&format!("\n## Demo day: {}", d.at.format("%A %-d %B %Y")));
        let venue = inline(&d.venue);
        if !venue.is_empty() {
            out.push_str(&format!(", {venue}"));
        }
        out.push_str("\n\n");
        if d.pitches.is_empty() {
            out.push_str(&format!(
                "Starts at {} (UTC{}). No pitches in the run of show yet.\n",
                d.at.format("%H:%M"),
                d.at.format("%:z")
            ));
        } else {
            out.push_str(&format!(
                "Pitches from {} to {} (UTC{}).\n\n",
                d.at.format("%H:%M"),
                d.end.format("%H:%M"),
                d.at.format("%:z")
            ));
            table(
                out,
                &[
                    ("#", Right),
                    ("Start", Left),
                    ("Startup", Left),
                    ("Minutes", Right),
                ],
                d.pitches
                    .iter()
                    .map(|p| {
                        vec![
                            p.order.to_string(),
                            p.start.format("%H:%M").to_string(),
                            inline(&p.name),
                            p.minutes.to_string(),
                        ]
                    })
                    .collect(),
            );
        }
        let investors: Vec<String> = d
            .investors
            .iter()
            .map(|i| inline(i))
            .filter(|i| !i.is_empty())
            .collect();
        if investors.is_empty() {
            out.push_str("\nNo investors invited yet.\n");
        } else {
            out.push_str(&format!("\nInvestors invited: {}.\n", investors.join(", ")));
        }
    }
}

fn mentors(out: &mut String, s: &CohortSummary) {
    out.push_str(&format!("\n## Mentors ({})\n\n", s.mentors.len()));
    if s.mentors.is_empty() {
        out.push_str("No mentors assigned to this cohort's startups yet.\n");
        return;
    }
    out.push_str(
        "Load: the active startups a mentor has across all cohorts, against their capacity.\n\n",
    );
    table(
        out,
        &[
            ("Mentor", Left),
            ("Organization", Left),
            ("Startups in this cohort", Left),
            ("Load", Left),
        ],
        s.mentors
            .iter()
            .map(|m| {
                vec![
                    inline(&m.name),
                    or_none(inline(&m.organization)),
                    m.startups
                        .iter()
                        .map(|(_, name)| inline(name))
                        .collect::<Vec<_>>()
                        .join(", "),
                    m.load.to_string(),
                ]
            })
            .collect(),
    );
}

#[derive(Clone, Copy, PartialEq)]
pub(in crate::export) enum Align {
    Left,
    Right,
}
pub(in crate::export) use Align::{Left, Right};

/// A GitHub-flavoured table, columns padded to their widest cell. Cells
/// must already be escaped ([`inline`]) or be text this module made.
pub(in crate::export) fn table(
    out: &mut String,
    columns: &[(&str, Align)],
    rows: Vec<Vec<String>>,
) {
    let mut widths: Vec<usize> = columns.iter().map(|(h, _)| h.width().max(3)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = (String, Align)>| {
        out.push('|');
        for ((cell, align), width) in cells.zip(&widths) {
            let pad = " ".repeat(width.saturating_sub(cell.width()));
            match align {
                Left => out.push_str(&format!(" {cell}{pad} |")),
                Right => out.push_str(&format!(" {pad}{cell} |")),
            }
        }
        out.push('\n');
    };
    line(out, &mut columns.iter().map(|(h, a)| (h.to_string(), *a)));
    out.push('|');
    for ((_, align), width) in columns.iter().zip(&widths) {
        match align {
            Left => out.push_str(&format!(" {} |", "-".repeat(*width))),
            Right => out.push_str(&format!(" {}: |", "-".repeat(width - 1))),
        }
    }
    out.push('\n');
    for row in rows {
        line(
            out,
            &mut row.into_iter().zip(columns.iter().map(|(_, a)| *a)),
        );
    }
}

/// One line of store text, safe inside a table cell, a heading or a list:
/// controls replaced, line breaks as spaces, `\ | <` escaped.
pub(in crate::export) fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let one_line = sanitize_line(text);
    let words: Vec<&str> = one_line.split_whitespace().collect();
    for c in words.join(" ").chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            c => out.push(c),
        }
    }
    out
}

/// Multi-line store text as paragraphs: each line made safe like [`inline`],
/// line breaks kept (a blank line separates paragraphs).
fn paragraph(text: &str) -> String {
    let safe = sanitize(text.trim());
    safe.lines()
        .map(|l| inline(&l.replace('\t', " ")))
        .collect::<Vec<_>>()
        .join("\n")
}

pub(in crate::export) fn or_none(text: String) -> String {
    if text.is_empty() {
        NONE.to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_cannot_break_a_table_or_a_terminal() {
        assert_eq!(inline("a|b\\|c"), "a\\|b\\\\\\|c");
        assert_eq!(inline("two\nlines\r\n"), "two lines");
        assert_eq!(inline("<script>"), "&lt;script>");
        assert!(
            !inline("\u{1b}]52;c;x\u{7}\u{9b}")
                .chars()
                .any(char::is_control)
        );
    }

    #[test]
    fn tables_pad_by_display_width() {
        let mut out = String::new();
        table(
            &mut out,
            &[("Name", Left), ("N", Right)],
            vec![
                vec!["김민수".into(), "1".into()],
                vec!["Ali".into(), "12".into()],
            ],
        );
        assert_eq!(
            out,
            "| Name   |   N |\n| ------ | --: |\n| 김민수 |   1 |\n| Ali    |  12 |\n"
        );
    }
}
