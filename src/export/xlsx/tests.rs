//! Workbooks read back with `calamine`, an independent reader: sheet
//! names, headers, cells and their types, and the same bytes twice.

use std::collections::HashSet;
use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;

use super::write::{safe_text, sheet_name};
use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real day")
}

fn properties() -> Properties {
    Properties {
        title: "Spring 2026 cohort summary".into(),
        created: day(2026, 11, 28),
    }
}

fn sample() -> Vec<Sheet> {
    let mut startups = Sheet::new(
        "Startups",
        &[
            "Startup",
            "Employees",
            "Score",
            "Funding raised",
            "Joined",
            "Note",
        ],
    );
    startups.push(vec![
        Cell::text("=HYPERLINK(\"http://evil\",\"click\")"),
        Cell::Whole(12_500),
        Cell::Number(-0.4321),
        Cell::Amount(250_000.5),
        Cell::Date(day(2026, 3, 2)),
        Cell::text("+1"),
    ]);
    startups.push(vec![
        Cell::text("Nar\u{1b}]52;c;x\u{7}\nHealth"),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::text("@SUM(A1)"),
    ]);
    let by_stage = Sheet::new("By stage", &["Stage", "Startups"]);
    vec![startups, by_stage]
}

/// Every sheet of the workbook `bytes`, by name, as calamine reads it.
pub(crate) fn read_sheets(bytes: &[u8]) -> Vec<(String, calamine::Range<Data>)> {
    let mut book = read(bytes);
    book.worksheets()
}

/// A sheet's cells, a row of text a row (dates as `yyyy-mm-dd`), to
/// compare with what a reader sees.
pub(crate) fn shown(range: &calamine::Range<Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell.as_date() {
                    Some(day) if cell.is_datetime() => day.to_string(),
                    _ => cell.to_string(),
                })
                .collect()
        })
        .collect()
}

fn read(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a workbook calamine reads")
}

#[test]
fn sheets_headers_and_cells_read_back_with_their_types() {
    let bytes = workbook(&properties(), &sample()).expect("written");
    let mut book = read(&bytes);
    assert_eq!(book.sheet_names(), ["Startups", "By stage"]);

    let range = book.worksheet_range("Startups").expect("the sheet");
    let header: Vec<String> = range
        .rows()
        .next()
        .expect("a header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "Startup",
            "Employees",
            "Score",
            "Funding raised",
            "Joined",
            "Note"
        ]
    );

    let row = range.rows().nth(1).expect("a first row");
    // A formula-looking name is the text it is.
    assert_eq!(
        row[0],
        Data::String("=HYPERLINK(\"http://evil\",\"click\")".into())
    );
    assert_eq!(row[1], Data::Float(12_500.0));
    assert_eq!(row[2], Data::Float(-0.4321));
    assert_eq!(row[3], Data::Float(250_000.5));
    assert!(row[4].is_datetime(), "a date cell: {:?}", row[4]);
    assert_eq!(row[4].as_date(), Some(day(2026, 3, 2)));
    assert_eq!(row[5], Data::String("+1".into()));

    let second = range.rows().nth(2).expect("a second row");
    // The escape and the bell are replaced, the line break is a space.
    assert_eq!(
        second[0],
        Data::String("Nar\u{fffd}]52;c;x\u{fffd} Health".into())
    );
    assert_eq!(second[1], Data::Empty);
    assert_eq!(second[5], Data::String("@SUM(A1)".into()));

    // No cell anywhere holds a formula.
    let formulas = book.worksheet_formula("Startups").expect("formulas read");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "{formulas:?}"
    );

    let empty = book.worksheet_range("By stage").expect("the sheet");
    assert_eq!(empty.rows().count(), 1, "the header alone");
}

#[test]
fn the_same_sheets_write_the_same_bytes_and_the_clock_is_never_read() {
    let first = workbook(&properties(), &sample()).expect("written");
    let second = workbook(&properties(), &sample()).expect("written");
    assert!(first == second, "two writes of the same input differ");

    // The creation day comes from the properties: another day, other bytes.
    let later = Properties {
        created: day(2026, 12, 1),
        ..properties()
    };
    assert_ne!(workbook(&later, &sample()).expect("written"), first);
}

#[test]
fn sheet_names_keep_excels_rules() {
    let mut taken = HashSet::new();
    assert_eq!(sheet_name("Startups", 0, &mut taken), "Startups");
    assert_eq!(sheet_name("startups", 1, &mut taken), "startups (2)");
    assert_eq!(
        sheet_name("Q1/Q2 [draft]: a*b?c\\d", 2, &mut taken),
        "Q1-Q2 -draft-- a-b-c-d"
    );
    let long = sheet_name("Follow-on funding raised after the program", 3, &mut taken);
    assert_eq!(long, "Follow-on funding raised after ");
    assert_eq!(long.chars().count(), SHEET_NAME_CHARS);
    assert_eq!(
        sheet_name("Follow-on funding raised after the program", 4, &mut taken),
        "Follow-on funding raised af (2)"
    );
    assert_eq!(sheet_name("'History'", 5, &mut taken), "Sheet 6");
    assert_eq!(sheet_name("\u{1b}", 6, &mut taken), "\u{fffd}");
    assert_eq!(sheet_name("  ", 7, &mut taken), "Sheet 8");

    // Every one of them is a name the writer (and so Excel) accepts.
    let sheets: Vec<Sheet> = ["a/b", "A/B", "History", "", "x".repeat(40).as_str()]
        .iter()
        .map(|name| Sheet::new(name, &["Column"]))
        .collect();
    let bytes = workbook(&properties(), &sheets).expect("written");
    assert_eq!(
        read(&bytes).sheet_names(),
        [
            "a-b",
            "A-B (2)",
            "Sheet 3",
            "Sheet 4",
            "x".repeat(31).as_str()
        ]
    );
}

#[test]
fn text_is_one_safe_line_within_excels_limit() {
    assert_eq!(
        safe_text("  two\n\nlines\tand\u{0}  "),
        "two lines and\u{fffd}"
    );
    assert_eq!(safe_text(&"é".repeat(40_000)).chars().count(), 32_767);
}

#[test]
fn a_day_before_1900_is_written_as_text() {
    let mut sheet = Sheet::new("Days", &["Day"]);
    sheet.push(vec![Cell::Date(day(1899, 1, 1))]);
    let bytes = workbook(&properties(), &[sheet]).expect("written");
    let range = read(&bytes).worksheet_range("Days").expect("the sheet");
    assert_eq!(range.get((1, 0)), Some(&Data::String("1899-01-01".into())));
}
