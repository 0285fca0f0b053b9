//! The report as Markdown: what it covers and how it is worked out, a
//! table of companies supported, one table per KPI, follow-on funding,
//! founders and mentoring, then the appendix — every startup counted, with
//! its figures. A figure from fewer than 3 startups is marked `*`.

use super::{FEW_MARK, METHOD, outcome_words};
use crate::export::summary::markdown::{Left, Right, inline, or_none, table};
use crate::model::Kpi;
use crate::report::{Group, Metric, Report, StartupLine, Survival};
use crate::text::number::{amount, count, signed};

/// What a cell shows when there is nothing to show.
const NONE: &str = "—";

pub fn render(r: &Report) -> String {
    let mut out = String::from("# Impact report\n\n");
    out.push_str(&format!(
        "- As of: {} (nothing dated after it counts)\n",
        r.period.to
    ));
    match r.period.from {
        Some(from) => out.push_str(&format!(
            "- Cohorts: those running between {from} and {}\n",
            r.period.to
        )),
        None => out.push_str(&format!(
            "- Cohorts: every one started by {}\n",
            r.period.to
        )),
    }
    out.push_str(&format!("- Grouped by: {}\n", r.by));
    let t = &r.total;
    out.push_str(&format!(
        "- Startups: {} in {} {}; outcome recorded for {}\n",
        count(t.startups.len() as u64),
        r.cohorts,
        if r.cohorts == 1 { "cohort" } else { "cohorts" },
        count(t.outcomes_recorded as u64)
    ));
    out.push_str(&format!(
        "\n{METHOD} Figures marked {FEW_MARK} come from fewer than 3 startups.\n\n"
    ));
    if t.startups.is_empty() {
        out.push_str("No startups were placed in a cohort in this period.\n");
        return out;
    }
    let by = r.by.heading();
    let rows = |f: &dyn Fn(&Group) -> Vec<String>| -> Vec<Vec<String>> {
        r.table_rows()
            .map(|(name, g)| {
                // The whole in bold, a group's name made safe.
                let mut row =
                    vec![name.map_or_else(|| "**All**".to_string(), |n| or_none(inline(n)))];
                row.extend(f(g));
                row
            })
            .collect()
    };

    out.push_str("## Companies supported\n\n");
    table(
        &mut out,
        &[
            (by, Left),
            ("Startups", Right),
            ("Operating", Right),
            ("Acquired", Right),
            ("IPO", Right),
            ("Closed", Right),
            ("Survived 1 year", Right),
            ("2 years", Right),
            ("3 years", Right),
        ],
        rows(&|g| {
            let mut row = vec![
                marked(count(g.startups.len() as u64), g.few()),
                count(g.operating as u64),
                count(g.acquired as u64),
                count(g.ipo as u64),
                count(g.closed as u64),
            ];
            row.extend(g.survival.iter().map(survival));
            row
        }),
    );

    for metric in Metric::ALL {
        out.push_str(&format!("\n## {}\n\n", metric_heading(metric)));
        // A count's median may be a half: amount() shows 2.50 then, 4 else.
        let figure = amount;
        let change = signed;
        table(
            &mut out,
            &[
                (by, Left),
                ("Startups", Right),
                ("At baseline", Right),
                ("Now", Right),
                ("Change", Right),
                ("Median at baseline", Right),
                ("Median now", Right),
                ("Median change", Right),
            ],
            rows(&|g| {
                let x = g.growth(metric);
                if x.startups == 0 {
                    return vec![
                        "0".into(),
                        NONE.into(),
                        NONE.into(),
                        NONE.into(),
                        NONE.into(),
                        NONE.into(),
                        NONE.into(),
                    ];
                }
                let few = x.few();
                let median = |v: Option<f64>, f: &dyn Fn(f64) -> String| {
                    v.map_or(NONE.to_string(), |v| marked(f(v), few))
                };
                vec![
                    marked(count(x.startups as u64), few),
                    marked(figure(x.baseline), few),
                    marked(figure(x.now), few),
                    marked(change(x.change()), few),
                    median(x.median_baseline, &figure),
                    median(x.median_now, &figure),
                    median(x.median_change, &change),
                ]
            }),
        );
    }

    out.push_str("\n## Follow-on funding after the program\n\n");
    table(
        &mut out,
        &[
            (by, Left),
            ("Raised", Right),
            ("Startups that raised", Right),
            ("Median raised", Right),
        ],
        rows(&|g| {
            let few = g.follow_on_startups > 0 && g.follow_on_startups < crate::report::FEW;
            vec![
                amount(g.follow_on),
                count(g.follow_on_startups as u64),
                g.follow_on_median
                    .map_or(NONE.to_string(), |m| marked(amount(m), few)),
            ]
        }),
    );

    out.push_str("\n## Founders and mentoring\n\n");
    table(
        &mut out,
        &[
            (by, Left),
            ("Founders", Right),
            ("Mentoring sessions", Right),
            ("Per startup", Right),
            ("Office hours used", Right),
            ("Per startup", Right),
        ],
        rows(&|g| {
            vec![
                count(g.founders as u64),
                count(g.sessions as u64),
                marked(format!("{:.1}", g.per_startup(g.sessions)), g.few()),
                count(g.office_hours as u64),
                marked(format!("{:.1}", g.per_startup(g.office_hours)), g.few()),
            ]
        }),
    );
    if !r.roles.is_empty() {
        let roles: Vec<String> = r
            .roles
            .iter()
            .map(|(role, n)| {
                let role = match role.as_str() {
                    "" => "no role given".to_string(),
                    role => inline(role),
                };
                format!("{role} {}", count(*n as u64))
            })
            .collect();
        out.push_str(&format!("\nFounders by role: {}.\n", roles.join(", ")));
    }

    out.push_str("\n## Appendix: the startups behind the figures\n\n");
    let mut columns = vec![("Startup", Left), ("Id", Left)];
    if r.by != crate::report::Grouping::Cohort {
        columns.push((by, Left));
    }
    columns.extend([
        ("Cohort", Left),
        ("Outcome", Left),
        ("Baseline", Left),
        ("Now", Left),
        ("Jobs", Right),
        ("Revenue", Right),
        ("Customers", Right),
        ("Funding raised", Right),
        ("Follow-on", Right),
        ("Sessions", Right),
        ("Office hours", Right),
    ]);
    let appendix = r
        .startups
        .iter()
        .map(|line| appendix_row(line, r.by != crate::report::Grouping::Cohort))
        .collect();
    table(&mut out, &columns, appendix);
    out
}

fn appendix_row(line: &StartupLine, with_group: bool) -> Vec<String> {
    let mut row = vec![or_none(inline(&line.name)), inline(&line.id)];
    if with_group {
        row.push(or_none(inline(&line.group)));
    }
    let date = |k: &Option<Kpi>| k.as_ref().map_or(NONE.to_string(), |k| k.date.to_string());
    let from_to = |metric: Metric| match (&line.baseline, &line.now) {
        (Some(b), Some(n)) => {
            format!("{} → {}", amount(metric.of(b)), amount(metric.of(n)))
        }
        _ => NONE.to_string(),
    };
    row.extend([
        or_none(inline(&line.cohort_name)),
        outcome_words(line),
        date(&line.baseline),
        date(&line.now),
        from_to(Metric::Jobs),
        from_to(Metric::Revenue),
        from_to(Metric::Customers),
        from_to(Metric::Funding),
        amount(line.follow_on),
        count(line.activity.sessions as u64),
        count(line.activity.office_hours as u64),
    ]);
    row
}

fn metric_heading(metric: Metric) -> &'static str {
    match metric {
        Metric::Jobs => "Jobs (employees)",
        Metric::Revenue => "Revenue",
        Metric::Customers => "Customers",
        Metric::Funding => "Funding raised (as KPI snapshots say)",
    }
}

/// "2 of 3 (67%)", marked when fewer than 3 could be told; "—" when none.
fn survival(s: &Survival) -> String {
    match s.percent() {
        None => NONE.to_string(),
        Some(p) => marked(
            format!("{} of {} ({p:.0}%)", s.survived, s.eligible),
            s.few(),
        ),
    }
}

fn marked(text: String, few: bool) -> String {
    match few {
        true => format!("{text} {FEW_MARK}"),
        false => text,
    }
}
