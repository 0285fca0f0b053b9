//! How wide a column is: as wide as the widest thing in it, in the
//! characters a terminal counts (a Hangul syllable is two), so that a
//! Korean name is not cut where a Latin one of as many letters fits.

use unicode_width::UnicodeWidthStr;

use super::Cell;
use crate::text::number::count;

/// Room beside the text, so that it does not touch the cell's border.
const PADDING: usize = 2;
/// The narrowest column: a short header still reads.
const MIN: usize = 6;
/// The widest column: a long note is cut on screen, not in the cell.
const MAX: usize = 72;

/// The width (Excel's unit: a digit's width) that fits `title` in bold
/// and every cell of `cells` as shown.
pub fn column_width<'a>(title: &str, cells: impl IntoIterator<Item = &'a Cell>) -> f64 {
    // Bold letters are about a tenth wider.
    let header = title.width() + title.width().div_ceil(10);
    let widest = cells.into_iter().map(shown_width).fold(header, usize::max);
    (widest + PADDING).clamp(MIN, MAX) as f64
}

/// Whether `text` is wider than the widest column: such a cell wraps.
pub fn too_wide(text: &str) -> bool {
    text.width() + PADDING > MAX
}

/// How many lines `text` takes wrapped in the widest column: words are
/// not cut, so a line holds a little less than the column's width.
pub fn wrapped_lines(text: &str) -> u16 {
    let per_line = (MAX - PADDING) * 9 / 10;
    u16::try_from(text.width().div_ceil(per_line)).unwrap_or(u16::MAX)
}

/// How many columns `cell` takes as Excel shows it.
fn shown_width(cell: &Cell) -> usize {
    match cell {
        Cell::Text(text) => text.width(),
        Cell::Whole(n) => count(n.unsigned_abs()).len() + usize::from(*n < 0),
        Cell::Number(x) => format!("{x:.2}").len(),
        Cell::Amount(x) => {
            // Whole part grouped by thousands, then ".00".
            let whole = x.abs().trunc();
            let digits = if whole < u64::MAX as f64 {
                count(whole as u64).len()
            } else {
                format!("{whole}").len()
            };
            digits + 3 + usize::from(*x < 0.0)
        }
        Cell::Date(_) => "yyyy-mm-dd".len(),
        Cell::Empty => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_counts_double() {
        let latin = column_width("Startup", [&Cell::Text("Abcdefghijkl".into())]);
        let hangul = column_width("Startup", [&Cell::Text("가나다라마바사아자차카타".into())]);
        assert_eq!(latin, 14.0);
        assert_eq!(hangul, 26.0);
    }

    #[test]
    fn figures_are_measured_as_shown() {
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(999), "999");
        assert_eq!(shown_width(&Cell::Whole(-12_500)), "-12,500".len());
        assert_eq!(shown_width(&Cell::Amount(250_000.0)), "250,000.00".len());
        assert_eq!(shown_width(&Cell::Number(-0.4321)), "-0.43".len());
    }

    #[test]
    fn widths_stay_between_the_bounds() {
        assert_eq!(column_width("", []), MIN as f64);
        let long = Cell::Text("x".repeat(500));
        assert_eq!(column_width("Latest note", [&long]), MAX as f64);
        assert!(too_wide(&"x".repeat(71)) && !too_wide(&"x".repeat(70)));
        assert_eq!(wrapped_lines(&"x".repeat(200)), 4);
    }
}
