//! Several lines of text typed into a box that wraps them: the note
//! editor's body and a form's several-line fields. A line wider than the
//! box goes on below (at a word, else at a character) instead of being
//! cut, and ↑/↓ move by the lines drawn. Home and End (and Ctrl-A /
//! Ctrl-E) go to the start and end of the drawn line the cursor is on; a
//! second press, to those of the line of text. The box learns its width
//! when it is drawn, so the front end draws this very text area, not a
//! copy.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, DataCursor, TextArea, WrapMode};

use crate::app::clearing::type_into_area;
use crate::app::keymap::Keymap;

/// A wrapping text area holding `lines`.
pub fn text_area(lines: Vec<String>) -> TextArea<'static> {
    let mut area = TextArea::new(lines);
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    // The line the cursor is on is not underlined: it is one of several
    // drawn lines.
    area.set_cursor_line_style(Style::new());
    area
}

/// Show the cursor in `area` only while it has the focus.
pub fn focus(area: &mut TextArea<'static>, focused: bool) {
    area.set_cursor_style(if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new()
    });
}

/// A key typed into a wrapping text area: Home and End by the drawn
/// line, else a clearing key or the area's own; whether the text changed.
pub fn type_key(area: &mut TextArea<'_>, event: KeyEvent, keys: &Keymap) -> bool {
    match row_edge(event) {
        Some(edge) => {
            move_to_edge(area, edge, event.modifiers.contains(KeyModifiers::SHIFT));
            false
        }
        None => type_into_area(area, event, keys),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edge {
    Start,
    End,
}

/// Which edge of the drawn line `event` asks for: Home / Ctrl-A, End /
/// Ctrl-E, with or without Shift (the crate's own keys for the ends of
/// the line of text). Ctrl-Home and Alt- chords stay the crate's.
fn row_edge(event: KeyEvent) -> Option<Edge> {
    let mods = event.modifiers.difference(KeyModifiers::SHIFT);
    match (event.code, mods) {
        (KeyCode::Home, KeyModifiers::NONE) => Some(Edge::Start),
        (KeyCode::End, KeyModifiers::NONE) => Some(Edge::End),
        (KeyCode::Char('a' | 'A'), KeyModifiers::CONTROL) => Some(Edge::Start),
        (KeyCode::Char('e' | 'E'), KeyModifiers::CONTROL) => Some(Edge::End),
        _ => None,
    }
}

/// Move the cursor to `edge` of the drawn line it is on, or, when it is
/// there already, to that edge of its line of text.
fn move_to_edge(area: &mut TextArea<'_>, edge: Edge, extend: bool) {
    let here = area.cursor();
    let (start, end) = drawn_line(area);
    let target = match edge {
        Edge::Start if here != start => start,
        Edge::End if here != end => end,
        Edge::Start => DataCursor(here.0, 0),
        Edge::End => DataCursor(here.0, chars_in(area, here.0)),
    };
    // Shift extends a selection from where the cursor was, as the crate's
    // own Shift-Home / Shift-End do; without it a selection ends.
    if extend && area.selection_range().is_none() {
        area.start_selection();
    } else if !extend {
        area.cancel_selection();
    }
    let (Ok(row), Ok(col)) = (u16::try_from(target.0), u16::try_from(target.1)) else {
        return; // beyond what the crate can jump to: stay
    };
    area.move_cursor(CursorMove::Jump(row, col));
}

/// The first and the last cursor positions on the drawn line the cursor
/// is on, from the wrapping the widget draws with. A drawn line that goes
/// on below ends on its last character (as ↑/↓ place it): the position
/// after it is the next drawn line's start.
fn drawn_line(area: &TextArea<'_>) -> (DataCursor, DataCursor) {
    let row = area.screen_cursor().row;
    let start = area.screen_to_data(row, 0);
    let end = area.screen_to_data(row, usize::MAX);
    let goes_on = end.1 < chars_in(area, end.0);
    let end = if goes_on && end.1 > start.1 {
        DataCursor(end.0, end.1 - 1)
    } else {
        end
    };
    (start, end)
}

fn chars_in(area: &TextArea<'_>, row: usize) -> usize {
    area.lines().get(row).map_or(0, |line| line.chars().count())
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;

    use super::*;

    /// A text area of `text` drawn 20 columns wide, as the dialogs draw it.
    fn drawn(text: &str) -> TextArea<'static> {
        let area = text_area(vec![text.to_string()]);
        let rect = Rect::new(0, 0, 20, 5);
        (&area).render(rect, &mut Buffer::empty(rect));
        area
    }

    fn key(area: &mut TextArea<'static>, code: KeyCode, mods: KeyModifiers) {
        type_key(area, KeyEvent::new(code, mods), &Keymap::default());
    }

    #[test]
    fn end_stops_after_the_last_word_of_the_drawn_line() {
        // Drawn as "alpha beta gamma " / "delta epsilon".
        let mut area = drawn("alpha beta gamma delta epsilon");
        key(&mut area, KeyCode::End, KeyModifiers::NONE);
        key(&mut area, KeyCode::Char('X'), KeyModifiers::SHIFT);
        assert_eq!(area.lines(), ["alpha beta gammaX delta epsilon"]);
    }

    #[test]
    fn home_goes_to_the_drawn_line_start_then_the_text_start() {
        let mut area = drawn("alpha beta gamma delta epsilon");
        area.move_cursor(CursorMove::End);
        key(&mut area, KeyCode::Home, KeyModifiers::NONE);
        assert_eq!(area.cursor(), DataCursor(0, 17), "the start of delta");
        key(&mut area, KeyCode::Home, KeyModifiers::NONE);
        assert_eq!(area.cursor(), DataCursor(0, 0));
    }

    #[test]
    fn shift_end_selects_to_the_end_of_the_drawn_line() {
        let mut area = drawn("alpha beta gamma delta epsilon");
        key(&mut area, KeyCode::End, KeyModifiers::SHIFT);
        assert_eq!(area.selection_range(), Some(((0, 0), (0, 16))));
        key(&mut area, KeyCode::End, KeyModifiers::NONE);
        assert_eq!(area.selection_range(), None);
        assert_eq!(area.cursor(), DataCursor(0, 30), "the end of the text");
    }

    #[test]
    fn a_line_that_fits_ends_where_the_text_ends() {
        let mut area = drawn("short");
        key(&mut area, KeyCode::Char('e'), KeyModifiers::CONTROL);
        assert_eq!(area.cursor(), DataCursor(0, 5));
        key(&mut area, KeyCode::Char('a'), KeyModifiers::CONTROL);
        assert_eq!(area.cursor(), DataCursor(0, 0));
    }
}
