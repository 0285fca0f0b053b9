//! Writing [`Sheet`]s as one `.xlsx` workbook with `rust_xlsxwriter`.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet};

use super::width::column_width;
use super::{Cell, Properties, SHEET_NAME_CHARS, Sheet};
use crate::text::sanitize_line;

/// The most characters Excel keeps in one cell.
const CELL_CHARS: usize = 32_767;

/// Why a workbook could not be written: the sheet and what Excel would
/// not take (a caller puts it after its own "could not write …").
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct WorkbookError(String);

/// The formats every sheet shares, made once per workbook.
struct Formats {
    header: Format,
    whole: Format,
    number: Format,
    amount: Format,
    date: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin),
            whole: Format::new().set_num_format("#,##0"),
            number: Format::new().set_num_format("0.00"),
            amount: Format::new().set_num_format("#,##0.00"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// The workbook holding `sheets`, in order, as `.xlsx` bytes. The same
/// sheets and properties give the same bytes.
pub fn workbook(properties: &Properties, sheets: &[Sheet]) -> Result<Vec<u8>, WorkbookError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(sanitize_line(&properties.title))
            .set_creation_datetime(&excel_date(properties.created).unwrap_or_default()),
    );
    let mut taken = HashSet::new();
    for (index, sheet) in sheets.iter().enumerate() {
        let name = sheet_name(&sheet.name, index, &mut taken);
        let page = book.add_worksheet();
        page.set_name(&name)
            .map_err(|e| WorkbookError(format!("sheet {name:?}: {e}")))?;
        write_sheet(page, sheet, &formats)
            .map_err(|e| WorkbookError(format!("sheet {name:?}: {e}")))?;
    }
    book.save_to_buffer()
        .map_err(|e| WorkbookError(format!("the workbook: {e}")))
}

fn write_sheet(
    page: &mut Worksheet,
    sheet: &Sheet,
    formats: &Formats,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (col, title) in (0u16..).zip(&sheet.columns) {
        page.write_string_with_format(0, col, safe_text(title), &formats.header)?;
    }
    for (row, cells) in (1u32..).zip(&sheet.rows) {
        for (col, cell) in (0u16..).zip(cells) {
            write_cell(page, row, col, cell, formats)?;
        }
    }
    page.set_freeze_panes(1, 0)?;
    for (col, title) in (0u16..).zip(&sheet.columns) {
        let cells = sheet.rows.iter().filter_map(|r| r.get(usize::from(col)));
        page.set_column_width(col, column_width(title, cells))?;
    }
    Ok(())
}

fn write_cell(
    page: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    formats: &Formats,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    match cell {
        // write_string: a text cell, so "=HYPERLINK(…)" or "+1" stays
        // the text it is and is never run.
        Cell::Text(text) => page.write_string(row, col, safe_text(text))?,
        // Excel keeps every number as a double: 2^53 and beyond lose
        // their last digits, as any spreadsheet would.
        Cell::Whole(n) => page.write_number_with_format(row, col, *n as f64, &formats.whole)?,
        Cell::Number(x) => page.write_number_with_format(row, col, *x, &formats.number)?,
        Cell::Amount(x) => page.write_number_with_format(row, col, *x, &formats.amount)?,
        Cell::Date(day) => match excel_date(*day) {
            Some(date) => page.write_datetime_with_format(row, col, &date, &formats.date)?,
            // Before 1900 Excel has no dates: the day is written as text.
            None => page.write_string(row, col, day.to_string())?,
        },
        Cell::Empty => page,
    };
    Ok(())
}

/// `day` as an Excel date, if Excel has it (1900–9999).
fn excel_date(day: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(day.year()).ok()?;
    // month() and day() are 1–12 and 1–31.
    ExcelDateTime::from_ymd(year, day.month() as u8, day.day() as u8).ok()
}

/// Stored text as a cell holds it: one line, control characters replaced
/// (as the CSV writer does), runs of spaces made one, cut to Excel's
/// limit.
pub(super) fn safe_text(text: &str) -> String {
    let line = sanitize_line(text);
    let mut out = line.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((cut, _)) = out.char_indices().nth(CELL_CHARS) {
        out.truncate(cut);
    }
    out
}

/// `wanted` made a sheet name Excel accepts and no other sheet of the
/// workbook has (Excel compares them ignoring case): none of `[]:*?/\`,
/// no `'` at either end, at most 31 characters, not "History" (Excel's
/// own), not empty.
pub(super) fn sheet_name(wanted: &str, index: usize, taken: &mut HashSet<String>) -> String {
    let cleaned: String = safe_text(wanted)
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    let mut base: String = cleaned.chars().take(SHEET_NAME_CHARS).collect();
    if base.is_empty() || base.to_lowercase() == "history" {
        base = format!("Sheet {}", index + 1);
    }
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        let suffix = format!(" ({n})");
        let keep = SHEET_NAME_CHARS - suffix.chars().count();
        name = format!(
            "{}{suffix}",
            base.chars().take(keep).collect::<String>().trim_end()
        );
        n += 1;
    }
    name
}
