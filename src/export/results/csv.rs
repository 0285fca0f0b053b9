//! The results as CSV: a header row and one row per pitch, through the
//! summaries' CSV writer (RFC 4180, CRLF, the BOM for Excel) and safe-text
//! cells. The columns: `Rank`, `Startup`, `Id`, `Score`, `Spread`,
//! `Judges scored`, one column per listed judge (named as listed), then
//! `Comments` (each `Judge: text`, `; ` between) unless left out.

use super::{ResultsTable, figure};
use crate::export::summary::SummaryError;
use crate::export::summary::csv::{text, write_csv};
use crate::judging::PitchResult;

/// The columns before the judges'. Documented in the README.
pub const LEADING: [&str; 6] = ["Rank", "Startup", "Id", "Score", "Spread", "Judges scored"];

pub fn render(t: &ResultsTable, excel_bom: bool) -> Result<Vec<u8>, SummaryError> {
    let judges: Vec<String> = t.results.judges.iter().map(|j| text(j)).collect();
    let mut header: Vec<&str> = LEADING.to_vec();
    header.extend(judges.iter().map(String::as_str));
    if t.comments {
        header.push("Comments");
    }
    write_csv(
        &header,
        t.results
            .rows
            .iter()
            .map(|r| row(r, t.results.judges.len(), t.comments)),
        excel_bom,
    )
}

fn row(r: &PitchResult, judges: usize, comments: bool) -> Vec<String> {
    let mut row = vec![
        r.rank.map(|n| n.to_string()).unwrap_or_default(),
        text(&r.name),
        text(&r.startup),
        figure(r.score).unwrap_or_default(),
        figure(r.spread).unwrap_or_default(),
        format!("{} of {judges}", r.scored()),
    ];
    row.extend(r.marks.iter().map(|m| figure(m.mean).unwrap_or_default()));
    if comments {
        let said: Vec<String> = r
            .comments()
            .map(|(judge, comment)| format!("{judge}: {comment}"))
            .collect();
        row.push(text(&said.join("; ")));
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_lists_the_leading_columns_in_order() {
        let readme = include_str!("../../../README.md");
        let section = &readme[readme.find("## Judging a demo day").expect("the section")..];
        let section = &section[section.find("**CSV**").expect("the CSV paragraph")..];
        let mut at = 0;
        for column in LEADING.iter().chain(&["Comments"]) {
            let found = section[at..].find(&format!("`{column}`"));
            at += found
                .unwrap_or_else(|| panic!("README: column {column:?} missing or out of order"));
        }
    }
}
