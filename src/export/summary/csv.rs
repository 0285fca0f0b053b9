//! The summary as CSV: a header row and one row per startup, RFC 4180
//! (quoted where needed, CRLF line ends), UTF-8, optionally with a byte
//! order mark for Excel.
//!
//! Text from the store is made one safe line, and a text cell that a
//! spreadsheet would take for a formula (it begins with `=`, `+`, `-`, `@`,
//! a tab or a carriage return) gets a `'` in front. Numbers this program
//! writes are left as numbers, a negative change included.

use super::*;
use crate::text::sanitize_line;

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The header row; its order is the column order. Documented in the README.
pub const COLUMNS: [&str; 27] = [
    "Startup",
    "Id",
    "Sector",
    "Stage",
    "Status",
    "Founders",
    "Mentors",
    "KPI date",
    "Revenue",
    "Customers",
    "Employees",
    "Funding raised",
    "Change since",
    "Revenue change",
    "Customers change",
    "Employees change",
    "Funding raised change",
    "Notes",
    "Sessions",
    "Latest note date",
    "Latest note",
    "Pitch order",
    "Pitch start",
    "Pitch minutes",
    "Milestones done",
    "Milestones due",
    "Milestones overdue",
];

pub fn render(s: &CohortSummary, excel_bom: bool) -> Result<Vec<u8>, SummaryError> {
    write_csv(&COLUMNS, s.startups.iter().map(row), excel_bom)
}

/// `header`, then `rows`, as CSV (RFC 4180, CRLF line ends), after a byte
/// order mark for Excel when `excel_bom`: every CSV the exports write.
pub(in crate::export) fn write_csv<R>(
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
    excel_bom: bool,
) -> Result<Vec<u8>, SummaryError>
where
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let fail = |e: ::csv::Error| SummaryError::Render(e.to_string());
    let mut out = Vec::new();
    if excel_bom {
        out.extend_from_slice(BOM);
    }
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(header).map_err(fail)?;
    for row in rows {
        writer.write_record(row).map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| SummaryError::Render(e.error().to_string()))
}

fn row(e: &StartupEntry) -> Vec<String> {
    let founders: Vec<String> = e
        .founders
        .iter()
        .map(|f| {
            let (name, role) = (f.name.trim(), f.role.trim());
            if role.is_empty() {
                name.to_string()
            } else {
                format!("{name} ({role})")
            }
        })
        .collect();
    let mentors: Vec<&str> = e.mentors.iter().map(|(_, name)| name.as_str()).collect();
    let k = e.kpi.as_ref();
    let ch = e.change.as_ref();
    let note = e.latest_note.as_ref();
    let slots =
        |f: &dyn Fn(&PitchSlot) -> String| e.slots.iter().map(f).collect::<Vec<_>>().join("; ");
    let row = vec![
        text(&e.name),
        text(&e.id),
        text(&e.sector),
        e.stage.to_string(),
        e.status.to_string(),
        text(&founders.join("; ")),
        text(&mentors.join("; ")),
        opt(k.map(|k| k.date.to_string())),
        opt(k.map(|k| number(k.revenue))),
        opt(k.map(|k| k.customers.to_string())),
        opt(k.map(|k| k.employees.to_string())),
        opt(k.map(|k| number(k.funding_raised))),
        opt(ch.map(|c| c.since.to_string())),
        opt(ch.map(|c| number(c.revenue))),
        opt(ch.map(|c| c.customers.to_string())),
        opt(ch.map(|c| c.employees.to_string())),
        opt(ch.map(|c| number(c.funding_raised))),
        e.notes.to_string(),
        e.sessions.to_string(),
        opt(note.map(|n| n.date.to_string())),
        text(note.map_or("", |n| n.first_line.as_str())),
        slots(&|p| p.order.to_string()),
        slots(&|p| p.start.format("%Y-%m-%d %H:%M").to_string()),
        slots(&|p| p.minutes.to_string()),
        e.milestones.done.to_string(),
        e.milestones.due.to_string(),
        e.milestones.overdue.to_string(),
    ];
    debug_assert_eq!(row.len(), COLUMNS.len());
    row
}

/// A text cell: one line, no control characters, and not a formula.
pub(in crate::export) fn text(value: &str) -> String {
    let starts_risky = matches!(value.chars().next(), Some('\t' | '\r'));
    let one_line = sanitize_line(value);
    let safe = one_line.split_whitespace().collect::<Vec<_>>().join(" ");
    if starts_risky || safe.starts_with(['=', '+', '-', '@']) {
        format!("'{safe}")
    } else {
        safe
    }
}

fn opt(value: Option<String>) -> String {
    value.unwrap_or_default()
}

/// A plain number: no thousands separators, no exponent, cents if any.
fn number(value: f64) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_controls_removed() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("+1"), "'+1");
        assert_eq!(text("-2+3"), "'-2+3");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("\t=1+1"), "'=1+1");
        assert_eq!(text("\r=1+1"), "'=1+1");
        assert_eq!(text("  =1+1"), "'=1+1");
        assert_eq!(text("e-Sənəd Flow"), "e-Sənəd Flow");
        let evil = text("\u{1b}]52;c;x\u{7}Name\u{9b}2J");
        assert!(!evil.chars().any(char::is_control), "{evil:?}");
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(number(14800.0), "14800");
        assert_eq!(number(1234.56), "1234.56");
        assert_eq!(number(-300.0), "-300");
        assert_eq!(number(1.2e9), "1200000000");
    }

    #[test]
    fn the_readme_lists_the_columns_in_order() {
        let readme = include_str!("../../../README.md");
        let section = &readme[readme.find("## Cohort summaries").unwrap()..];
        let mut at = 0;
        for column in COLUMNS {
            let found = section[at..].find(&format!("`{column}`"));
            at += found
                .unwrap_or_else(|| panic!("README: column {column:?} missing or out of order"));
        }
    }
}
