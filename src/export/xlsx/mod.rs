//! Excel workbooks (`.xlsx`) for funders and panels: a small table model
//! ([`Sheet`], [`Cell`]) that the exports fill, and [`workbook`], which
//! writes it with `rust_xlsxwriter`.
//!
//! Every sheet looks alike: a bold header row, frozen; columns as wide as
//! their content (Hangul and other wide letters counted double); whole
//! numbers as `#,##0`, amounts as `#,##0.00`, dates as real dates shown
//! `yyyy-mm-dd`; text always a text cell, never a formula, made one safe
//! line. The same sheets and [`Properties`] give the same bytes: nothing
//! in the file comes from the clock.

mod width;
mod write;

use chrono::NaiveDate;

pub use write::{WorkbookError, workbook};

/// The longest sheet name Excel accepts.
pub const SHEET_NAME_CHARS: usize = 31;

/// One table: a sheet of the workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The tab's name, in English like the other formats' headings; made
    /// to Excel's rules (31 characters, none of `[]:*?/\`) on writing.
    pub name: String,
    /// The header row's titles.
    pub columns: Vec<String>,
    /// The rows under the header, each a cell per column (a short row is
    /// left blank on the right).
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// A sheet named `name` with these column titles and no rows yet.
    pub fn new(name: &str, columns: &[&str]) -> Sheet {
        Sheet {
            name: name.to_string(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// A sheet of facts about the document, one a row: what it is
    /// (`Cohort`, `Dates`) and its value, typed like any cell.
    pub fn facts(name: &str, facts: Vec<(&str, Cell)>) -> Sheet {
        let mut sheet = Sheet::new(name, &["About", "Value"]);
        for (what, value) in facts {
            sheet.push(vec![Cell::text(what), value]);
        }
        sheet
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }
}

/// One cell's value; its type decides how Excel stores and shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text as stored: written as one safe line, never as a formula.
    Text(String),
    /// A count or a whole figure, shown `#,##0` (12,500).
    Whole(i64),
    /// A figure with decimals that is not money (a score, a mean), shown
    /// `0.00`.
    Number(f64),
    /// Money, shown `#,##0.00` (250,000.00).
    Amount(f64),
    /// A day, stored as an Excel date and shown `yyyy-mm-dd`.
    Date(NaiveDate),
    /// Nothing (no figure, no date).
    Empty,
}

impl Cell {
    /// Text, or an empty cell when there is none.
    pub fn text(value: impl Into<String>) -> Cell {
        let value = value.into();
        if value.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(value)
        }
    }

    /// A count.
    pub fn count(value: usize) -> Cell {
        Cell::Whole(i64::try_from(value).unwrap_or(i64::MAX))
    }

    /// `cell(value)`, or an empty cell for `None`.
    pub fn or_empty<T>(value: Option<T>, cell: impl FnOnce(T) -> Cell) -> Cell {
        value.map_or(Cell::Empty, cell)
    }
}

/// The document's own properties, fixed by the data so that the same
/// input writes the same bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Properties {
    /// The title a spreadsheet shows in the file's properties.
    pub title: String,
    /// The creation day: the data's own date (a summary's `--as-of`, the
    /// last change), never the clock.
    pub created: NaiveDate,
}

#[cfg(test)]
pub(crate) mod tests;
