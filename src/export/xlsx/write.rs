//! Writing [`Sheet`]s as one `.xlsx` workbook with `rust_xlsxwriter`.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::width::{column_width, too_wide, wrapped_lines};
use super::{Cell, Properties, SHEET_NAME_CHARS, Sheet};
use crate::text::sanitize_line;

/// The most characters Excel keeps in one cell.
const CELL_CHARS: usize = 32_767;
/// A line of text in the default font, in points.
const LINE_HEIGHT: f64 = 15.0;
/// The tallest row Excel has, in points.
const TALLEST_ROW: f64 = 409.0;
/// Excel's number for A4 paper, what funders here print on.
const A4: u8 = 9;
/// The printed page's footer: the sheet's name left, "Page 1 of 3" right.
const FOOTER: &str = "&L&A&RPage &P of &N";

/// Why a workbook could not be written: the sheet and what Excel would
/// not take (a caller puts it after its own "could not write …").
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct WorkbookError(String);

/// How a column's cells line up, from what it holds.
#[derive(Clone, Copy, PartialEq)]
enum Lineup {
    /// Text (or nothing): left, as Excel puts text.
    Text,
    /// Figures and dates only: right, the header over them too.
    Figures,
    /// Both, as a sheet of facts' values: all left, so that they read
    /// as one column.
    Mixed,
}

impl Lineup {
    fn of(sheet: &Sheet, col: u16) -> Lineup {
        let cells = || {
            sheet
                .rows
                .iter()
                .filter_map(|row| row.get(usize::from(col)))
        };
        let text = cells().any(|c| matches!(c, Cell::Text(_)));
        let figures = cells().any(|c| !matches!(c, Cell::Text(_) | Cell::Empty));
        match (text, figures) {
            (_, false) => Lineup::Text,
            (false, true) => Lineup::Figures,
            (true, true) => Lineup::Mixed,
        }
    }
}

/// The formats every sheet shares, made once per workbook.
struct Formats {
    header: Format,
    /// Over a column of figures: right-aligned, as the figures are.
    figures_header: Format,
    /// Text, at the top of its cell (as every cell: a row grown for a
    /// wrapped cell reads from its top line).
    text: Format,
    /// Text longer than the widest column: wrapped in its cell.
    long_text: Format,
    /// Each figure's format, as Excel aligns it and left-aligned (for a
    /// mixed column).
    whole: [Format; 2],
    number: [Format; 2],
    amount: [Format; 2],
    date: [Format; 2],
}

impl Formats {
    fn new() -> Formats {
        let header = Format::new()
            .set_bold()
            .set_border_bottom(FormatBorder::Thin);
        let top = Format::new().set_align(FormatAlign::Top);
        // Figures keep a space on their right, so that a figure does not
        // run into the text of the next column.
        let both = |pattern: &str| {
            let format = top.clone().set_num_format(pattern);
            [
                format.clone().set_align(FormatAlign::Right).set_indent(1),
                format.set_align(FormatAlign::Left),
            ]
        };
        Formats {
            figures_header: header.clone().set_align(FormatAlign::Right).set_indent(1),
            header,
            long_text: top.clone().set_text_wrap(),
            text: top.clone(),
            whole: both("#,##0"),
            number: both("0.00"),
            amount: both("#,##0.00"),
            date: both("yyyy-mm-dd"),
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
    let lineups: Vec<Lineup> = (0u16..)
        .take(sheet.columns.len())
        .map(|col| Lineup::of(sheet, col))
        .collect();
    for (col, title) in (0u16..).zip(&sheet.columns) {
        let header = match lineups[usize::from(col)] {
            Lineup::Figures => &formats.figures_header,
            Lineup::Text | Lineup::Mixed => &formats.header,
        };
        page.write_string_with_format(0, col, safe_text(title), header)?;
    }
    for (row, cells) in (1u32..).zip(&sheet.rows) {
        let mut lines = 1;
        for (col, cell) in (0u16..).zip(cells) {
            let left = lineups.get(usize::from(col)) == Some(&Lineup::Mixed);
            lines = lines.max(write_cell(page, (row, col), cell, left, formats)?);
        }
        // A wrapped cell's row is made tall enough for its lines (a
        // spreadsheet does not always grow it on opening).
        if lines > 1 {
            page.set_row_height(row, (LINE_HEIGHT * f64::from(lines)).min(TALLEST_ROW))?;
        }
    }
    page.set_freeze_panes(1, 0)?;
    // Printed: across, one page wide, the header on every page.
    page.set_landscape()
        .set_paper_size(A4)
        .set_print_fit_to_pages(1, 0)
        .set_footer(FOOTER);
    page.set_repeat_rows(0, 0)?;
    for (col, title) in (0u16..).zip(&sheet.columns) {
        let cells = sheet.rows.iter().filter_map(|r| r.get(usize::from(col)));
        page.set_column_width(col, column_width(title, cells))?;
    }
    Ok(())
}

/// Writes `cell`, left-aligned when `left`; how many lines it takes.
fn write_cell(
    page: &mut Worksheet,
    (row, col): (u32, u16),
    cell: &Cell,
    left: bool,
    formats: &Formats,
) -> Result<u16, rust_xlsxwriter::XlsxError> {
    let side = usize::from(left);
    let mut lines = 1;
    match cell {
        // write_string: a text cell, so "=HYPERLINK(…)" or "+1" stays
        // the text it is and is never run.
        Cell::Text(text) => {
            let text = safe_text(text);
            if too_wide(&text) {
                lines = wrapped_lines(&text);
                page.write_string_with_format(row, col, text, &formats.long_text)?
            } else {
                page.write_string_with_format(row, col, text, &formats.text)?
            }
        }
        // Excel keeps every number as a double: 2^53 and beyond lose
        // their last digits, as any spreadsheet would.
        Cell::Whole(n) => {
            page.write_number_with_format(row, col, *n as f64, &formats.whole[side])?
        }
        Cell::Number(x) => page.write_number_with_format(row, col, *x, &formats.number[side])?,
        Cell::Amount(x) => page.write_number_with_format(row, col, *x, &formats.amount[side])?,
        Cell::Date(day) => match excel_date(*day) {
            Some(date) => page.write_datetime_with_format(row, col, &date, &formats.date[side])?,
            // Before 1900 Excel has no dates: the day is written as text.
            None => page.write_string_with_format(row, col, day.to_string(), &formats.text)?,
        },
        Cell::Empty => page,
    };
    Ok(lines)
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
