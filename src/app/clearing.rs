//! Ctrl-U (clear to the start) and Ctrl-W (delete the word before the
//! cursor), the same in every text a user types: the `/` filter and the
//! palette (plain strings, typed at their end), pickers and one-line
//! fields (`tui_input`), and the note editor and multi-line fields
//! (`ratatui_textarea`, where Ctrl-U would otherwise undo). Each input
//! asks [`clearing`] before its own keys.

use ratatui::crossterm::event::{Event as TermEvent, KeyEvent};
use ratatui_textarea::TextArea;
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

use super::keymap::{Action, Keymap};

/// What a clearing key asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clearing {
    /// Everything before the cursor.
    ToStart,
    /// The word before the cursor, and the spaces after it.
    Word,
}

/// Whether `event` is one of the clearing keys.
pub fn clearing(keys: &Keymap, event: KeyEvent) -> Option<Clearing> {
    if keys.is(Action::ClearToStart, event) {
        Some(Clearing::ToStart)
    } else if keys.is(Action::DeleteWord, event) {
        Some(Clearing::Word)
    } else {
        None
    }
}

/// Clear a string typed at its end; whether it changed.
pub fn clear_string(text: &mut String, how: Clearing) -> bool {
    let before = text.len();
    match how {
        Clearing::ToStart => text.clear(),
        Clearing::Word => {
            let kept = text.trim_end().len();
            text.truncate(kept);
            let start = text
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(at, c)| at + c.len_utf8());
            text.truncate(start);
        }
    }
    text.len() != before
}

/// Clear in a one-line input, from its cursor; whether it changed.
pub fn clear_input(input: &mut Input, how: Clearing) -> bool {
    let request = match how {
        Clearing::ToStart => InputRequest::DeleteFromStart,
        Clearing::Word => InputRequest::DeletePrevWord,
    };
    input.handle(request).is_some_and(|c| c.value)
}

/// Clear in a text area's line, from its cursor; whether it changed.
pub fn clear_area(area: &mut TextArea<'_>, how: Clearing) -> bool {
    match how {
        Clearing::ToStart => area.delete_line_by_head(),
        Clearing::Word => area.delete_word(),
    }
}

/// A key typed into a one-line input: a clearing key, else the input's
/// own; whether the text changed.
pub fn type_into(input: &mut Input, event: KeyEvent, keys: &Keymap) -> bool {
    if let Some(how) = clearing(keys, event) {
        return clear_input(input, how);
    }
    to_input_request(&TermEvent::Key(event))
        .and_then(|request| input.handle(request))
        .is_some_and(|c| c.value)
}

/// A key typed into a text area: a clearing key, else the area's own.
pub fn type_into_area(area: &mut TextArea<'_>, event: KeyEvent, keys: &Keymap) -> bool {
    match clearing(keys, event) {
        Some(how) => clear_area(area, how),
        None => area.input(event),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_loses_its_last_word_or_everything() {
        let mut text = "Kilim Craft  ".to_string();
        assert!(clear_string(&mut text, Clearing::Word));
        assert_eq!(text, "Kilim ");
        assert!(clear_string(&mut text, Clearing::Word));
        assert_eq!(text, "");
        assert!(!clear_string(&mut text, Clearing::Word));
        let mut text = "Şəmsiyyə Foods".to_string();
        assert!(clear_string(&mut text, Clearing::ToStart));
        assert_eq!(text, "");
    }

    #[test]
    fn an_input_and_a_text_area_clear_from_their_cursor() {
        let mut input = Input::new("Gəncə Agro".into());
        assert!(clear_input(&mut input, Clearing::Word));
        assert_eq!(input.value(), "Gəncə ");
        assert!(clear_input(&mut input, Clearing::ToStart));
        assert_eq!(input.value(), "");
        let mut area = TextArea::new(vec!["first line".into(), "pricing review".into()]);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        assert!(clear_area(&mut area, Clearing::Word));
        assert_eq!(area.lines(), ["first line", "pricing "]);
        assert!(clear_area(&mut area, Clearing::ToStart));
        assert_eq!(area.lines(), ["first line", ""]);
    }
}
