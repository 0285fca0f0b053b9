//! Several lines of text typed into a box that wraps them: the note
//! editor's body and a form's several-line fields. A line wider than the
//! box goes on below (at a word, else at a character) instead of being
//! cut, and ↑/↓ move by the lines drawn. The box learns its width when it
//! is drawn, so the front end draws this very text area, not a copy.

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};

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
