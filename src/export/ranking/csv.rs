//! The ranking as CSV: a header row and one row per application, RFC 4180
//! (CRLF line ends), UTF-8, optionally with a byte order mark for Excel.
//! Text cells go through the summaries' `text` (one line, no control
//! characters, never a formula); figures are plain numbers with 2
//! decimals, and a missing one an empty cell.

use super::{RankingTable, Row, two_decimals};
use crate::export::summary::SummaryError;
use crate::export::summary::csv::{text, write_csv};

/// The header row; its order is the column order. Documented in the README.
pub const COLUMNS: [&str; 11] = [
    "Rank",
    "Application",
    "Id",
    "Sector",
    "Score",
    "Raw mean",
    "Spread",
    "Reviews",
    "Missing reviews",
    "Conflicts",
    "Stage",
];

pub fn render(t: &RankingTable, excel_bom: bool) -> Result<Vec<u8>, SummaryError> {
    write_csv(&COLUMNS, t.rows.iter().map(row), excel_bom)
}

fn row(r: &Row) -> [String; COLUMNS.len()] {
    let figure = |v: Option<f64>| v.map(two_decimals).unwrap_or_default();
    [
        r.rank.map(|n| n.to_string()).unwrap_or_default(),
        text(&r.name),
        text(&r.id),
        text(&r.sector),
        figure(r.score),
        figure(r.raw_mean),
        figure(r.spread),
        r.reviews.to_string(),
        r.missing.to_string(),
        r.conflicts.to_string(),
        r.stage.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_lists_the_columns_in_order() {
        let readme = include_str!("../../../README.md");
        let section = &readme[readme.find("## Ranking a call").expect("the section")..];
        let mut at = 0;
        for column in COLUMNS {
            let found = section[at..].find(&format!("`{column}`"));
            at += found
                .unwrap_or_else(|| panic!("README: column {column:?} missing or out of order"));
        }
    }
}
