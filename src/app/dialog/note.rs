//! `a` on a startup: a note in a few keystrokes. The cursor starts in the
//! body; Tab reaches the kind (and on its line `-`/`+` the day, so
//! yesterday's session is logged as yesterday's) and the author; `Ctrl-S`
//! saves. Over SSH the author is the signed-in user, not a field: a
//! coordinator may say whom they write for ("Nigar Əliyeva for Aysel
//! Hüseynova"), nobody else may change it.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;
use tui_input::Input;

use super::{Context, Dialog, Reply, Saves, insert};
use crate::app::clearing::type_into;
use crate::app::effect::{Effect, Outcome};
use crate::app::keymap::{Action, Keymap};
use crate::app::merge::{Merge, merge, merged_note, readable};
use crate::model::{Note, NoteKind, Record};
use crate::store::Stored;
use crate::text::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteField {
    Body,
    Kind,
    Author,
}

/// Who a note is by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorship {
    /// The local terminal: the author field is the user's to write.
    Free,
    /// Over SSH, a mentor or staff: always the signed-in user.
    Signed(String),
    /// Over SSH, a coordinator: the signed-in user, and the field says on
    /// whose behalf, if anyone's.
    OnBehalf(String),
}

impl Authorship {
    /// The author a note is saved with, given the field's text.
    pub fn author(&self, field: &str) -> String {
        let field = field.trim();
        match self {
            Authorship::Free => field.to_string(),
            Authorship::Signed(user) => user.clone(),
            Authorship::OnBehalf(user) if field.is_empty() || field == user => user.clone(),
            Authorship::OnBehalf(user) => format!("{user} for {field}"),
        }
    }

    /// What the field starts with for a note by `author`: for a
    /// coordinator, whom it was written for.
    fn field(&self, author: &str) -> String {
        match self {
            Authorship::Free => author.to_string(),
            Authorship::Signed(_) => String::new(),
            Authorship::OnBehalf(user) if author == user => String::new(),
            Authorship::OnBehalf(user) => author
                .strip_prefix(user.as_str())
                .and_then(|rest| rest.strip_prefix(" for "))
                .unwrap_or(author)
                .to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub startup: String,
    pub startup_name: String,
    /// The note as it was, and its version; `None` for a new one.
    pub original: Option<(Note, u64)>,
    pub kind: NoteKind,
    /// The day the note is about: today for a new one, unless `-`/`+`
    /// moved it.
    pub day: NaiveDate,
    /// The session's today, to say "today" and to tell a moved day.
    pub today: NaiveDate,
    pub authorship: Authorship,
    /// The author (or, for a coordinator over SSH, for whom), as typed.
    pub author: Input,
    /// The author field as the editor opened, to tell an edit.
    author_start: String,
    pub body: TextArea<'static>,
    pub field: NoteField,
    pub confirm_discard: bool,
    pub saving: bool,
    /// Why the last save did not land.
    pub error: Option<String>,
    /// The note changed meanwhile and both changed a field: the choice
    /// waiting for `o` or `r`.
    pub conflict: Option<NoteConflict>,
    /// The save on its way merges someone's change made meanwhile: what
    /// the status says once it lands.
    pub merged: Option<String>,
}

/// Someone saved the note meanwhile, and both changed a field.
#[derive(Debug, Clone)]
pub struct NoteConflict {
    /// The note as they saved it, and its version.
    pub stored: Note,
    pub version: u64,
    pub merge: Merge,
}

impl NoteEditor {
    pub fn new(startup: &str, startup_name: &str, author: &str, today: NaiveDate) -> NoteEditor {
        NoteEditor {
            startup: startup.to_string(),
            startup_name: startup_name.to_string(),
            original: None,
            kind: NoteKind::default(),
            day: today,
            today,
            authorship: Authorship::Free,
            author: Input::new(author.to_string()),
            author_start: author.to_string(),
            body: super::wrapped::text_area(Vec::new()),
            field: NoteField::Body,
            confirm_discard: false,
            saving: false,
            error: None,
            conflict: None,
            merged: None,
        }
    }

    pub fn editing(note: Note, version: u64, startup_name: &str, today: NaiveDate) -> NoteEditor {
        let lines = sanitize(&note.body).lines().map(str::to_string).collect();
        let mut editor = NoteEditor::new(&note.startup, startup_name, &note.author, today);
        editor.kind = note.kind;
        editor.day = note.created_at.date_naive();
        editor.body = super::wrapped::text_area(lines);
        editor.original = Some((note, version));
        editor
    }

    /// This editor's note merged with `theirs`, both it and the note this
    /// editor started from read as an editor shows them (a body made safe
    /// and trimmed), so an untouched body counts as unchanged on either side.
    fn merge_with(&self, theirs: &Record) -> Option<Merge> {
        let shown = |note: Note| {
            NoteEditor::editing(note, 0, &self.startup_name, self.today)
                .signed(self.authorship.clone())
                .note()
        };
        let (original, _) = self.original.clone()?;
        let Record::Note(theirs) = theirs else {
            return None;
        };
        let (base, theirs) = (shown(original), shown(theirs.clone()));
        merge(
            &Record::Note(base),
            &Record::Note(self.note()),
            &Record::Note(theirs),
        )
        .map(|merge| merge.renamed(readable))
    }

    /// Show `record` (a merged note) and start from `stored` at `version`,
    /// so a next save is checked against theirs.
    fn rebase(&mut self, record: &Record, stored: Note, version: u64) {
        if let Record::Note(note) = record {
            self.kind = note.kind;
            self.day = note.created_at.date_naive();
            self.author = Input::new(self.authorship.field(&note.author));
            let lines = sanitize(&note.body).lines().map(str::to_string).collect();
            self.body = super::wrapped::text_area(lines);
        }
        self.original = Some((stored, version));
    }

    /// The editor with the author decided by `authorship`.
    pub fn signed(mut self, authorship: Authorship) -> NoteEditor {
        let author = match &self.original {
            Some((note, _)) => authorship.field(&note.author),
            None => authorship.field(self.author.value()),
        };
        self.author = Input::new(author.clone());
        self.author_start = author;
        self.authorship = authorship;
        self
    }

    /// Whether Tab reaches the author field.
    pub fn author_editable(&self) -> bool {
        !matches!(self.authorship, Authorship::Signed(_))
    }

    pub fn body(&self) -> String {
        self.body.lines().join("\n").trim().to_string()
    }

    fn note(&self) -> Note {
        let (id, created_at) = match &self.original {
            Some((note, _)) => (note.id.clone(), moved_to(note.created_at, self.day)),
            // The front end stamps a new note with the time it is saved;
            // on another day than today, at that time of that day.
            None if self.day == self.today => (String::new(), DateTime::UNIX_EPOCH.fixed_offset()),
            None => (
                String::new(),
                moved_to(DateTime::UNIX_EPOCH.fixed_offset(), self.day),
            ),
        };
        Note {
            id,
            startup: self.startup.clone(),
            author: self.authorship.author(self.author.value()),
            kind: self.kind,
            created_at,
            body: self.body(),
        }
    }

    fn is_dirty(&self) -> bool {
        let author_changed = self.author.value() != self.author_start;
        match &self.original {
            Some((note, _)) => {
                author_changed
                    || self.body() != note.body
                    || self.kind != note.kind
                    || self.day != note.created_at.date_naive()
            }
            None => !self.body().is_empty(),
        }
    }

    /// What stops the note being saved, if anything.
    pub fn problem(&self) -> Option<&'static str> {
        if self.body().is_empty() {
            Some("Write the note first.")
        } else if self.authorship == Authorship::Free && self.author.value().trim().is_empty() {
            Some("Say who wrote it.")
        } else {
            None
        }
    }
}

/// `at` on `day` instead, at the same time of day in the same offset.
fn moved_to(at: DateTime<FixedOffset>, day: NaiveDate) -> DateTime<FixedOffset> {
    if at.date_naive() == day {
        return at;
    }
    at.offset()
        .from_local_datetime(&day.and_time(at.time()))
        .single()
        .unwrap_or(at)
}

impl NoteEditor {
    /// Save, unless something stops it (then the editor says what).
    fn save(&mut self) -> Reply {
        if let Some(problem) = self.problem() {
            self.error = Some(problem.into());
            return Reply::Stay;
        }
        self.saving = true;
        self.error = None;
        let version = self.original.as_ref().map(|(_, v)| *v);
        let record = Box::new(Record::Note(self.note()));
        Reply::Effect(Effect::Save { record, version })
    }
}

impl Saves for NoteEditor {
    fn refused(&mut self, message: String) -> Reply {
        self.saving = false;
        self.error = Some(message);
        Reply::Stay
    }

    /// Someone saved the note after the editor opened it: merge their
    /// change with this one; a field both changed is asked about.
    fn meanwhile(
        &mut self,
        message: String,
        by: &str,
        theirs: Stored<Record>,
        keys: &Keymap,
    ) -> Reply {
        self.saving = false;
        let Some(merge) = self.merge_with(&theirs.record) else {
            self.error = Some(message);
            return Reply::Stay;
        };
        let Record::Note(stored) = theirs.record else {
            return Reply::Stay;
        };
        if merge.both.is_empty() {
            self.merged = Some(merged_note(&merge.kept, by));
            self.rebase(&merge.mine, stored, theirs.version);
            return self.save();
        }
        // The question first: the editor's footer is two lines.
        self.error = Some(format!(
            "{} {} keeps yours there · {} takes theirs there · other keys go back. (Saved meanwhile by {by}.)",
            merge.clash(),
            keys.hint(Action::KeepMine),
            keys.hint(Action::TakeTheirs)
        ));
        self.conflict = Some(NoteConflict {
            stored,
            version: theirs.version,
            merge,
        });
        Reply::Stay
    }
}

impl Dialog for NoteEditor {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let reply = self.on_key(event, ctx);
        let in_body = self.field == NoteField::Body;
        super::wrapped::focus(&mut self.body, in_body);
        reply
    }

    /// Into the body (line breaks kept) or the author; not while a
    /// question is asked.
    fn paste(&mut self, text: &str, _ctx: &mut Context) -> bool {
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

    fn outcome(&mut self, outcome: Outcome, ctx: &Context) -> Reply {
        self.saved(outcome, ctx.keymap)
    }
}

impl NoteEditor {
    fn on_key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply {
        let editor = self;
        let is = |action| ctx.keymap.is(action, event);
        if editor.confirm_discard {
            editor.confirm_discard = false;
            if is(Action::Yes) {
                return Reply::Close;
            }
            return Reply::Stay;
        }
        if let Some(NoteConflict {
            stored,
            version,
            merge,
        }) = editor.conflict.take()
        {
            // Either way their change to a field only they touched stays.
            if is(Action::KeepMine) {
                editor.rebase(&merge.mine, stored, version);
                return editor.save();
            }
            if is(Action::TakeTheirs) {
                editor.rebase(&merge.theirs, stored, version);
                editor.error = None;
            }
            return Reply::Stay;
        }
        let choice = match (is(Action::ChoicePrev), is(Action::ChoiceNext)) {
            (true, _) => Some(false),
            (_, true) => Some(true),
            _ => None,
        };
        match editor.field {
            _ if is(Action::Save) => return editor.save(),
            _ if is(Action::Cancel) => {
                if !editor.is_dirty() {
                    return Reply::Close;
                }
                editor.confirm_discard = true;
            }
            _ if is(Action::NextField) => {
                editor.field = match editor.field {
                    NoteField::Body => NoteField::Kind,
                    NoteField::Kind if editor.author_editable() => NoteField::Author,
                    NoteField::Kind | NoteField::Author => NoteField::Body,
                }
            }
            _ if is(Action::PrevField) => {
                editor.field = match editor.field {
                    NoteField::Body if editor.author_editable() => NoteField::Author,
                    NoteField::Body | NoteField::Author => NoteField::Kind,
                    NoteField::Kind => NoteField::Body,
                }
            }
            NoteField::Kind if is(Action::DayEarlier) || is(Action::DayLater) => {
                let by = if is(Action::DayLater) { 1 } else { -1 };
                editor.day = editor
                    .day
                    .checked_add_signed(Duration::days(by))
                    .unwrap_or(editor.day);
            }
            NoteField::Kind if choice.is_some() => {
                let all = NoteKind::ALL;
                let at = all.iter().position(|k| *k == editor.kind).unwrap_or(0);
                let next = if choice == Some(false) {
                    (at + all.len() - 1) % all.len()
                } else {
                    (at + 1) % all.len()
                };
                editor.kind = all[next];
            }
            NoteField::Author => {
                type_into(&mut editor.author, event, ctx.keymap);
            }
            NoteField::Body => {
                super::wrapped::type_key(&mut editor.body, event, ctx.keymap);
                editor.error = None;
            }
            NoteField::Kind => {}
        }
        Reply::Stay
    }
}
