//! The dialogs a session opens over its lists. Each is one type in one
//! file: it owns its state, takes keys, pastes and the outcomes of the
//! effects it asked for, and answers the session with a [`Reply`]. The
//! session keeps what is its own (tab, cursor, filter, sort, undo) and
//! does what a reply asks of it.
//!
//! A new dialog is a file here implementing [`Dialog`], a variant of
//! [`Overlay`] (and its line in [`Overlay::dialog_mut`]), and a draw
//! function in `ui/`.

pub mod book;
pub mod bulk;
pub mod delete;
pub mod export;
pub mod facets;
pub mod form;
pub mod help;
pub mod judging;
pub mod judging_switch;
pub mod note;
pub mod palette;
pub mod picker;
pub mod plan;
pub mod report;
pub mod review;
pub mod reviewers;
pub mod rubric;
pub mod series;
pub mod stage;
pub mod wrapped;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;
use tui_input::{Input, InputRequest};

use super::data::Data;
use super::effect::{Effect, Outcome};
use super::index::built_index;
use super::keymap::Keymap;
use super::remote::Remote;
use super::shared::Model;
use super::shared::SessionIndex;
use super::tab::Tab;
use crate::model::Record;
use crate::search::{Hit, SearchIndex, SearchMemo};
use crate::store::Stored;
use crate::text::sanitize_line;

use book::BookDialog;
use bulk::BulkDialog;
use delete::DeleteConfirm;
use export::ExportDialog;
use facets::FacetMenu;
use form::Form;
use help::Help;
use judging::JudgeScreen;
use judging_switch::JudgingSwitch;
use note::NoteEditor;
use palette::Palette;
use plan::PlanDialog;
use report::ReportScreen;
use review::ReviewForm;
use reviewers::ReviewersDialog;
use series::SeriesForm;
use stage::StageDialog;

/// What is on top of the lists: nothing, or one dialog.
#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    Help(Help),
    Palette(Palette),
    Facets(FacetMenu),
    Export(ExportDialog),
    Form(Box<Form>),
    Note(Box<NoteEditor>),
    Delete(Box<DeleteConfirm>),
    Bulk(Box<BulkDialog>),
    Review(Box<ReviewForm>),
    Reviewers(Box<ReviewersDialog>),
    Stage(Box<StageDialog>),
    Series(Box<SeriesForm>),
    Book(Box<BookDialog>),
    Plan(Box<PlanDialog>),
    /// A judge's whole screen (never closed while they are signed in).
    Judging(Box<JudgeScreen>),
    /// Close or reopen a demo day's judging, asked first.
    JudgingSwitch(Box<JudgingSwitch>),
    /// The impact report, drawn over the whole screen.
    Report(Box<ReportScreen>),
}

impl Overlay {
    /// The dialog open, if one is.
    pub fn dialog_mut(&mut self) -> Option<&mut dyn Dialog> {
        Some(match self {
            Overlay::None => return None,
            Overlay::Help(help) => help,
            Overlay::Palette(palette) => palette,
            Overlay::Facets(menu) => menu,
            Overlay::Export(dialog) => dialog,
            Overlay::Form(form) => form.as_mut(),
            Overlay::Note(editor) => editor.as_mut(),
            Overlay::Delete(confirm) => confirm.as_mut(),
            Overlay::Bulk(dialog) => dialog.as_mut(),
            Overlay::Review(form) => form.as_mut(),
            Overlay::Reviewers(dialog) => dialog.as_mut(),
            Overlay::Stage(dialog) => dialog.as_mut(),
            Overlay::Series(form) => form.as_mut(),
            Overlay::Book(dialog) => dialog.as_mut(),
            Overlay::Plan(dialog) => dialog.as_mut(),
            Overlay::Judging(screen) => screen.as_mut(),
            Overlay::JudgingSwitch(dialog) => dialog.as_mut(),
            Overlay::Report(screen) => screen.as_mut(),
        })
    }
}

/// What a dialog asks of the session after a key, a paste or an outcome.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Stay open; nothing else.
    Stay,
    Close,
    /// Stay open and ask the front end for this; its outcome comes back.
    Effect(Effect),
    /// Close and ask the front end for this.
    CloseWith(Effect),
    /// Stay open and say this in the status bar.
    Status(String),
    /// Close and say this in the status bar.
    CloseSaying(String),
    /// Close and go to what the palette found.
    Go(Hit),
    /// Stay open and change the list's quick filters.
    Narrow(Narrow),
}

/// A change the facets menu asks of the list's quick filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Narrow {
    /// Turn the facet at this place of the menu on or off.
    Toggle(usize),
    Clear,
}

/// What of the session a dialog may read, and the search index it may
/// build.
pub struct Context<'a> {
    /// The shared model, read for this turn.
    pub model: &'a Model,
    pub today: NaiveDate,
    pub tab: Tab,
    pub remote: Option<&'a Remote>,
    /// Where this session's exports go (locally; over SSH the remote's).
    pub export_folder: &'a std::path::Path,
    /// The keys in force, for a dialog's own (save, cancel…).
    pub keymap: &'a Keymap,
    pub(super) index: &'a mut Option<SessionIndex>,
    /// The session's search memo (see `SearchIndex::search_with`).
    pub(super) memo: &'a mut SearchMemo,
}

impl<'a> Context<'a> {
    pub fn data(&self) -> &'a Data {
        &self.model.data
    }

    /// The search index (the model's, or one built the first time it is
    /// needed) and the session's memo to search it with.
    pub fn search_index(&mut self) -> (&SearchIndex, &mut SearchMemo) {
        (built_index(self.index, self.model), self.memo)
    }
}

/// The [`Context`] of session `$state` (an `App`), borrowing its fields
/// one by one so that its overlay can be borrowed beside it.
macro_rules! context {
    ($state:expr) => {
        $crate::app::dialog::Context {
            model: &$state.model.read(),
            today: $state.today,
            tab: $state.tab,
            remote: $state.remote.as_ref(),
            export_folder: &$state.export_folder,
            keymap: &$state.keymap,
            index: &mut $state.index,
            memo: &mut $state.memo,
        }
    };
}
pub(crate) use context;

/// One dialog's behaviour.
pub trait Dialog {
    fn key(&mut self, event: KeyEvent, ctx: &mut Context) -> Reply;

    /// Text pasted in one piece (line breaks already `\n`); whether it
    /// went in (else the session says where a paste goes).
    fn paste(&mut self, _text: &str, _ctx: &mut Context) -> bool {
        false
    }

    /// The mouse wheel, one step down or up: what it did, if the dialog
    /// moves with it (as with ↑/↓).
    fn scroll(&mut self, _down: bool, _ctx: &mut Context) -> Option<Reply> {
        None
    }

    /// How an effect went, while this dialog is open.
    fn outcome(&mut self, outcome: Outcome, _ctx: &Context) -> Reply {
        unasked(outcome)
    }
}

/// An outcome of interest to a dialog, when no dialog open asked for it:
/// a problem goes to the status bar; a written export closes what is open.
pub fn unasked(outcome: Outcome) -> Reply {
    match outcome {
        Outcome::Failed(message)
        | Outcome::Refused(message)
        | Outcome::Conflict { message, .. } => Reply::Status(message),
        Outcome::Exported(path) => Reply::CloseSaying(wrote(&path)),
        _ => Reply::Stay,
    }
}

/// A dialog that saves a record (a form, the note editor), and what it
/// does with the outcomes of a save.
pub trait Saves {
    /// The store said no, or could not, or the record is gone: why.
    fn refused(&mut self, message: String) -> Reply;

    /// Someone saved the record meanwhile: the store's account of who and
    /// when, and the record as they saved it, to merge with.
    /// `keys`: to name the keys that answer the question a clash asks.
    fn meanwhile(
        &mut self,
        message: String,
        by: &str,
        theirs: Stored<Record>,
        keys: &Keymap,
    ) -> Reply;

    /// Route a save's outcome to the two above.
    fn saved(&mut self, outcome: Outcome, keys: &Keymap) -> Reply {
        match outcome {
            Outcome::Failed(message)
            | Outcome::Refused(message)
            | Outcome::Conflict {
                message,
                theirs: None,
                ..
            } => self.refused(message),
            Outcome::Conflict {
                message,
                by,
                theirs: Some(theirs),
            } => self.meanwhile(message, &by, *theirs, keys),
            other => unasked(other),
        }
    }
}

/// "Wrote PATH", once an export is written.
fn wrote(path: &std::path::Path) -> String {
    format!("Wrote {}", path.display())
}

/// Type `text` into a one-line field, its line breaks as spaces.
fn insert(input: &mut Input, text: &str) {
    for c in sanitize_line(text).chars() {
        input.handle(InputRequest::InsertChar(c));
    }
}
