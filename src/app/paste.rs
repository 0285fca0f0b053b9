//! Pasted text (the terminal's bracketed paste) goes into the text being
//! edited, in one piece. It is never read as keys: a pasted "y" does not
//! answer "delete?", a pasted line break does not save a form or pick in
//! a picker, letters pasted over a list are not commands, and a paste into
//! a search box searches once rather than once a letter.

use tui_input::{Input, InputRequest};

use super::export::ExportField;
use super::form::{Form, Value};
use super::note::{NoteEditor, NoteField};
use super::picker::Picker;
use super::state::{Overlay, State};
use crate::text::{sanitize, sanitize_line};

impl State {
    pub(super) fn paste(&mut self, text: &str) {
        // Terminals paste line breaks as carriage returns.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let pasted = match &mut self.overlay {
            Overlay::Palette(palette) => {
                palette.input.push_str(&sanitize_line(&text));
                self.search_palette();
                true
            }
            Overlay::Note(editor) => editor.paste(&text),
            Overlay::Form(form) => form.paste(&text),
            Overlay::Export(dialog)
                if dialog.confirm.is_none() && dialog.field == ExportField::File =>
            {
                insert(&mut dialog.file, &text);
                true
            }
            Overlay::None if self.filtering => match self.lists.get_mut(&self.tab) {
                Some(list) => {
                    list.filter.push_str(&sanitize_line(&text));
                    let tab = self.tab;
                    self.refresh_rows_from_top(tab);
                    true
                }
                None => false,
            },
            _ => false,
        };
        self.status =
            (!pasted).then(|| "A paste goes into a text field: / filters this list".into());
    }
}

/// Type `text` into a one-line field, its line breaks as spaces.
fn insert(input: &mut Input, text: &str) {
    for c in sanitize_line(text).chars() {
        input.handle(InputRequest::InsertChar(c));
    }
}

impl NoteEditor {
    /// Into the body (line breaks kept) or the author; not while a
    /// question is asked.
    fn paste(&mut self, text: &str) -> bool {
        if self.confirm_discard || self.conflict.is_some() {
            return false;
        }
        match self.field {
            NoteField::Body => {
                self.body.insert_str(sanitize(text));
                true
            }
            NoteField::Author => {
                insert(&mut self.author, text);
                true
            }
            NoteField::Kind => false,
        }
    }
}

impl Form {
    /// Into the picker's search, or the text of the field in focus; not
    /// while a question is asked.
    fn paste(&mut self, text: &str) -> bool {
        if let Some(picker) = &mut self.picker {
            picker.paste(text);
            return true;
        }
        if self.confirm_discard || self.conflict.is_some() {
            return false;
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let pasted = match &mut field.value {
            Value::Text(input) | Value::Date(input) => {
                insert(input, text);
                true
            }
            Value::Time { input, .. } => {
                insert(input, text);
                true
            }
            Value::Pitch { minutes, .. } => {
                insert(minutes, text);
                true
            }
            Value::Area(area) => {
                area.insert_str(sanitize(text));
                true
            }
            Value::Choice { .. } | Value::Cohort(_) | Value::Mentors(_) | Value::Add(_) => false,
        };
        if pasted {
            self.validate();
        }
        pasted
    }
}

impl Picker {
    fn paste(&mut self, text: &str) {
        insert(&mut self.query, text);
        self.filter();
    }
}
