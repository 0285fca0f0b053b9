//! A ratatui backend that moves rows instead of drawing them again.
//!
//! ratatui sends every cell that differs from the last frame. When a list
//! scrolls by a row every row of it differs, so an arrow key at the edge
//! of the page sent the whole list again: 1.1–1.5 KB at 80×24, which a
//! slow SSH link makes the user wait for. This backend keeps a copy of
//! what the terminal shows. When a frame has a block of rows that the
//! last frame showed a few rows lower or higher, it has the terminal move
//! them, as curses does (a scroll region and a line delete or insert,
//! about 20 bytes), and draws only what is left.
//!
//! ratatui's own idea of the screen stays right: every frame still ends
//! with the terminal showing exactly the frame ratatui drew.

use std::io::{self, Write};
use std::ops::Range;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use unicode_width::UnicodeWidthStr;

/// Moving fewer rows than this is not worth the escape codes.
const MIN_ROWS_SAVED: usize = 2;

/// A backend that scrolls rows on the terminal when a frame moved them.
pub struct ScrollingBackend<B> {
    inner: B,
    /// What the terminal shows, as far as this backend drew it.
    shown: Buffer,
    /// The frame being drawn, built from `shown` and ratatui's changes.
    next: Buffer,
    /// `shown` is the terminal's content. Anything but drawing and clearing
    /// the whole screen makes it unknown, until the next whole clear.
    known: bool,
}

impl<B> ScrollingBackend<B> {
    pub fn new(inner: B) -> ScrollingBackend<B> {
        ScrollingBackend {
            inner,
            // ratatui starts from a blank screen, and so does this.
            shown: Buffer::empty(Rect::ZERO),
            next: Buffer::empty(Rect::ZERO),
            known: true,
        }
    }

    pub fn inner_mut(&mut self) -> &mut B {
        &mut self.inner
    }

    fn forget(&mut self, known: bool) {
        self.shown = Buffer::empty(Rect::ZERO);
        self.known = known;
    }
}

impl<B: Backend<Error = io::Error> + Write> Backend for ScrollingBackend<B> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let changes: Vec<(u16, u16, &Cell)> = content.collect();
        if !self.known {
            return self.inner.draw(changes.into_iter());
        }
        grow_to_fit(&mut self.shown, &changes);
        let Some(shift) = Shift::find(&self.shown, &changes) else {
            apply(&mut self.shown, &changes);
            return self.inner.draw(changes.into_iter());
        };
        self.next.area = self.shown.area;
        self.next.content.clone_from(&self.shown.content);
        apply(&mut self.next, &changes);
        self.inner.write_all(shift.escape_codes().as_bytes())?;
        shift.apply(&mut self.shown);
        let rest = self.shown.diff(&self.next);
        self.inner.draw(rest.into_iter())?;
        std::mem::swap(&mut self.shown, &mut self.next);
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.forget(false);
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.forget(true);
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.forget(clear_type == ClearType::All);
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// Make `buffer` large enough for every change. Cells nobody drew are
/// blank on the terminal, and blank here.
fn grow_to_fit(buffer: &mut Buffer, changes: &[(u16, u16, &Cell)]) {
    let (mut width, mut height) = (buffer.area.width, buffer.area.height);
    for &(x, y, _) in changes {
        width = width.max(x.saturating_add(1));
        height = height.max(y.saturating_add(1));
    }
    if (width, height) == (buffer.area.width, buffer.area.height) {
        return;
    }
    let mut grown = Buffer::empty(Rect::new(0, 0, width, height));
    let old = buffer.area;
    for y in 0..old.height {
        for x in 0..old.width {
            grown[(x, y)] = buffer[(x, y)].clone();
        }
    }
    *buffer = grown;
}

/// Write `changes` into `buffer` as the terminal shows them: a wide
/// character covers the cells after it.
fn apply(buffer: &mut Buffer, changes: &[(u16, u16, &Cell)]) {
    let width = usize::from(buffer.area.width);
    for &(x, y, cell) in changes {
        let (x, at) = (usize::from(x), usize::from(y) * width);
        buffer.content[at + x].clone_from(cell);
        let covers = cells_covered(cell);
        for hidden in x + 1..(x + covers).min(width) {
            buffer.content[at + hidden] = Cell::EMPTY;
        }
    }
}

/// How many columns a cell's symbol takes (ASCII at a glance).
fn cells_covered(cell: &Cell) -> usize {
    let symbol = cell.symbol();
    if symbol.len() == 1 {
        1
    } else {
        symbol.width().max(1)
    }
}

/// Rows `region` of the screen move `by` rows: up when positive.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shift {
    region: Range<usize>,
    by: isize,
}

impl Shift {
    /// The move that leaves the fewest rows to draw, if it saves enough:
    /// `changes` made to `shown` are the next frame.
    fn find(shown: &Buffer, changes: &[(u16, u16, &Cell)]) -> Option<Shift> {
        let rows = Rows::new(shown, changes);
        if rows.changed_in(0..rows.height) < MIN_ROWS_SAVED {
            return None;
        }
        let mut best: Option<(usize, Shift)> = None;
        for distance in 1..=rows.height / 2 {
            for by in [distance as isize, -(distance as isize)] {
                for shift in rows.runs(by) {
                    let most = best.as_ref().map_or(MIN_ROWS_SAVED - 1, |(most, _)| *most);
                    // What the move could save at best, before looking closer.
                    if rows.changed_in(shift.region.clone()) <= most {
                        continue;
                    }
                    let saved = rows.saved_by(&shift);
                    if saved > most {
                        best = Some((saved, shift));
                    }
                }
            }
        }
        best.map(|(_, shift)| shift)
    }

    /// Where row `row` of the moved screen comes from; `None`: a new blank row.
    fn source(&self, row: usize) -> Option<usize> {
        let from = row as isize + self.by;
        let region = &self.region;
        (from >= region.start as isize && from < region.end as isize).then_some(from as usize)
    }

    /// Set the region as the terminal's scroll region, delete (to move up)
    /// or insert (to move down) lines at its top, and set the region back.
    /// Line insert and delete are VT102: every terminal has them.
    fn escape_codes(&self) -> String {
        let (top, bottom) = (self.region.start + 1, self.region.end);
        let edit = if self.by > 0 { 'M' } else { 'L' };
        format!(
            "\x1b[{top};{bottom}r\x1b[{top};1H\x1b[{}{edit}\x1b[r",
            self.by.unsigned_abs()
        )
    }

    /// What the terminal does to its rows, done to `buffer`.
    fn apply(&self, buffer: &mut Buffer) {
        let width = usize::from(buffer.area.width);
        let cells = &mut buffer.content[self.region.start * width..self.region.end * width];
        let moved = self.by.unsigned_abs() * width;
        if self.by > 0 {
            cells.rotate_left(moved);
            let len = cells.len();
            cells[len - moved..].fill(Cell::EMPTY);
        } else {
            cells.rotate_right(moved);
            cells[..moved].fill(Cell::EMPTY);
        }
    }
}

/// The rows of the shown screen and of the next frame, which is the
/// shown screen with ratatui's changes: read through, never built.
struct Rows<'a> {
    shown: &'a [Cell],
    /// Each row's changes, in order (none: the row did not change).
    changes: Vec<&'a [(u16, u16, &'a Cell)]>,
    /// Which rows have changes.
    changed: Vec<bool>,
    width: usize,
    height: usize,
}

impl<'a> Rows<'a> {
    fn new(shown: &'a Buffer, changes: &'a [(u16, u16, &'a Cell)]) -> Rows<'a> {
        let height = usize::from(shown.area.height);
        let mut by_row: Vec<&[(u16, u16, &Cell)]> = vec![&[]; height];
        // ratatui sends changes row by row.
        for row in changes.chunk_by(|a, b| a.1 == b.1) {
            by_row[usize::from(row[0].1)] = row;
        }
        Rows {
            shown: &shown.content,
            changed: by_row.iter().map(|row| !row.is_empty()).collect(),
            changes: by_row,
            width: usize::from(shown.area.width),
            height,
        }
    }

    fn shown_cell(&self, x: usize, row: usize) -> &'a Cell {
        &self.shown[row * self.width + x]
    }

    /// Whether every cell of next row `row` passes `check`, with its column.
    fn next_row_all(&self, row: usize, check: impl Fn(usize, &Cell) -> bool) -> bool {
        let mut changes = self.changes[row].iter().peekable();
        let mut hidden_until = 0;
        (0..self.width).all(|x| {
            let cell = match changes.next_if(|change| usize::from(change.0) == x) {
                Some(&(_, _, cell)) => {
                    hidden_until = x + cells_covered(cell);
                    cell
                }
                // Covered by a wide character just drawn.
                None if x < hidden_until => &Cell::EMPTY,
                None => self.shown_cell(x, row),
            };
            check(x, cell)
        })
    }

    /// Whether next row `row` is what the terminal shows at row `from`:
    /// its changes first, which rule most rows out at once.
    fn next_is_shown(&self, row: usize, from: usize) -> bool {
        self.changes[row]
            .iter()
            .all(|&(x, _, cell)| self.shown_cell(usize::from(x), from) == cell)
            && self.next_row_all(row, |x, cell| self.shown_cell(x, from) == cell)
    }

    fn changed_in(&self, rows: Range<usize>) -> usize {
        self.changed[rows]
            .iter()
            .filter(|&&changed| changed)
            .count()
    }

    fn blank(&self, row: usize) -> bool {
        self.next_row_all(row, |_, cell| *cell == Cell::EMPTY)
    }

    /// Each longest block of changed next rows that the shown screen has
    /// `by` rows further down (or up), as the move that brings it there.
    fn runs(&self, by: isize) -> Vec<Shift> {
        let mut shifts = Vec::new();
        let mut start = None;
        for row in 0..=self.height {
            let from = row as isize + by;
            let matches = row < self.height
                && from >= 0
                && (from as usize) < self.height
                && self.changed[row]
                && self.next_is_shown(row, from as usize);
            match (matches, start) {
                (true, None) => start = Some(row),
                (false, Some(first)) => {
                    start = None;
                    // The region holds the rows' old and new places.
                    let distance = by.unsigned_abs();
                    let region = if by > 0 {
                        first..row + distance
                    } else {
                        first - distance..row
                    };
                    shifts.push(Shift { region, by });
                }
                _ => {}
            }
        }
        shifts
    }

    /// How many fewer rows need drawing after `shift` than without it:
    /// the moved rows are right, the rows it leaves blank may not be.
    fn saved_by(&self, shift: &Shift) -> usize {
        let left_blank = shift
            .region
            .clone()
            .filter(|&row| shift.source(row).is_none());
        let mut saved = self.changed_in(shift.region.clone());
        for row in left_blank {
            if !self.blank(row) {
                saved = saved.saturating_sub(1);
            }
        }
        saved
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::term::{PtySize, SizedBackend};
    use proptest::prelude::*;
    use ratatui::Terminal;
    use ratatui::widgets::Paragraph;

    const WIDTH: u16 = 30;
    const HEIGHT: u16 = 12;

    fn sized() -> SizedBackend<Vec<u8>> {
        SizedBackend::new(Vec::new(), Arc::new(PtySize::new(WIDTH, HEIGHT)))
    }

    /// A terminal drawing through the scrolling backend into bytes, and
    /// the screen a terminal emulator shows from those bytes.
    struct Screen {
        terminal: Terminal<ScrollingBackend<SizedBackend<Vec<u8>>>>,
        /// The same frames the way ratatui alone sends them.
        plain: Terminal<SizedBackend<Vec<u8>>>,
        emulator: vt100::Parser,
    }

    impl Screen {
        fn new() -> Screen {
            Screen {
                terminal: Terminal::new(ScrollingBackend::new(sized())).unwrap(),
                plain: Terminal::new(sized()).unwrap(),
                emulator: vt100::Parser::new(
                    HEIGHT.try_into().unwrap(),
                    WIDTH.try_into().unwrap(),
                    0,
                ),
            }
        }

        /// Draw `lines` under a title, over a status line; the bytes sent,
        /// and those ratatui alone would have sent.
        fn show(&mut self, lines: &[String]) -> (usize, usize) {
            let text = frame_text(lines);
            let render = |frame: &mut ratatui::Frame| {
                frame.render_widget(Paragraph::new(text.clone()), frame.area())
            };
            self.terminal.draw(render).unwrap();
            self.plain.draw(render).unwrap();
            let sent = std::mem::take(self.terminal.backend_mut().inner_mut().writer());
            let plain = std::mem::take(self.plain.backend_mut().writer());
            self.emulator.process(&sent);
            (sent.len(), plain.len())
        }

        fn shows(&self) -> Vec<String> {
            self.emulator
                .screen()
                .rows(0, WIDTH)
                .map(|row| row.trim_end().to_string())
                .collect()
        }
    }

    fn frame_text(lines: &[String]) -> String {
        let mut text = vec!["Startups".to_string()];
        text.extend(lines.iter().take(usize::from(HEIGHT) - 2).cloned());
        while text.len() < usize::from(HEIGHT) - 1 {
            text.push(String::new());
        }
        text.push("↑↓ move  q quit".to_string());
        text.join("\n")
    }

    fn expected(lines: &[String]) -> Vec<String> {
        frame_text(lines)
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect()
    }

    const WORDS: [&str; 7] = ["Şəbəkə", "별빛", "Xəzər", "Solar", "Pay", "Health", "Ağ"];

    /// List rows as a portfolio has them: every one different.
    fn names(range: Range<usize>) -> Vec<String> {
        range
            .map(|i| format!("{} {} Hub {i}", WORDS[i % 7], WORDS[(i / 7 + 3) % 7]))
            .collect()
    }

    #[test]
    fn a_list_scrolled_by_a_row_moves_its_rows_instead_of_sending_them() {
        let mut screen = Screen::new();
        screen.show(&names(0..10));
        let (sent, plain) = screen.show(&names(1..11));
        assert_eq!(screen.shows(), expected(&names(1..11)));
        assert!(
            sent * 3 < plain,
            "down: {sent} bytes, {plain} without moving rows"
        );
        let (sent, plain) = screen.show(&names(0..10));
        assert_eq!(screen.shows(), expected(&names(0..10)));
        assert!(
            sent * 3 < plain,
            "up: {sent} bytes, {plain} without moving rows"
        );
    }

    #[test]
    fn frames_that_move_nothing_are_sent_as_ratatui_sends_them() {
        let mut screen = Screen::new();
        screen.show(&names(0..10));
        let (sent, plain) = screen.show(&names(0..10));
        assert_eq!(sent, plain);
        let other: Vec<String> = (0..10).map(|i| format!("Mentor {i}")).collect();
        let (sent, plain) = screen.show(&other);
        assert_eq!(screen.shows(), expected(&other));
        assert_eq!(sent, plain);
    }

    #[test]
    fn after_a_whole_clear_the_frame_is_drawn_whole_and_right() {
        let mut screen = Screen::new();
        screen.show(&names(0..10));
        screen.terminal.clear().unwrap();
        screen.plain.clear().unwrap();
        let (sent, plain) = screen.show(&names(1..11));
        assert_eq!(screen.shows(), expected(&names(1..11)));
        assert_eq!(sent, plain, "nothing is moved on a cleared screen");
    }

    proptest! {
        /// Whatever frames follow each other, the terminal ends up showing
        /// exactly the last one.
        #[test]
        fn the_terminal_always_shows_the_frame_drawn(
            frames in prop::collection::vec((0usize..40, 0usize..11, 0usize..4), 1..12)
        ) {
            let mut screen = Screen::new();
            for (start, len, shout) in frames {
                let lines: Vec<String> = names(start..start + len)
                    .into_iter()
                    .enumerate()
                    .map(|(i, line)| if i % 4 == shout { line.to_uppercase() } else { line })
                    .collect();
                screen.show(&lines);
                prop_assert_eq!(screen.shows(), expected(&lines));
            }
        }
    }

    #[test]
    fn the_move_is_found_for_a_block_of_rows() {
        let area = Rect::new(0, 0, 4, 6);
        let mut shown = Buffer::empty(area);
        let mut next = Buffer::empty(area);
        for (y, text) in ["head", "a", "b", "c", "d", "foot"].iter().enumerate() {
            shown.set_string(0, y as u16, text, ratatui::style::Style::default());
        }
        for (y, text) in ["head", "b", "c", "d", "e", "foot"].iter().enumerate() {
            next.set_string(0, y as u16, text, ratatui::style::Style::default());
        }
        let changes = shown.diff(&next);
        let shift = Shift::find(&shown, &changes).expect("a move");
        assert_eq!(
            shift,
            Shift {
                region: 1..5,
                by: 1
            }
        );
        assert_eq!(shift.escape_codes(), "\x1b[2;5r\x1b[2;1H\x1b[1M\x1b[r");
    }
}
