//! Plain-text columns that line up, Hangul and all.

use crate::text::sanitize_line;
use unicode_width::UnicodeWidthStr;

/// Rows of cells, padded to the widest cell of each column, indented by
/// two spaces. Cells are made safe for the terminal.
pub fn columns(rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| sanitize_line(cell)).collect())
        .collect();
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &rows {
        let mut line = String::from(" ");
        for (i, cell) in row.iter().enumerate() {
            line.push(' ');
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - cell.width() + 1));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
