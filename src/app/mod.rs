//! A session: its state, the actions keys map to, and how events change
//! it. No terminal I/O: a front end feeds events, the size and the date,
//! and draws what `ui::render` makes of the state.
//!
//! The session's own things (tab, lists, cursor, filter, sort, quick
//! filters, undo) are in `state`; each dialog over them is a file of
//! `dialog/`, which answers the session with a `dialog::Reply`.

mod access;
mod bulk;
pub mod calls;
mod clearing;
mod copy;
mod data;
pub mod dialog;
mod edit;
mod effect;
mod facets;
mod follow;
mod home;
pub mod hours;
mod index;
mod input;
mod judging;
pub mod keymap;
mod load;
mod marks;
mod merge;
mod milestones;
mod narrow;
mod outcome;
mod remote;
mod report;
mod shared;
mod sort;
mod state;
mod tab;
/// Keys fed to a session, for tests (outside the crate: the `testing`
/// feature).
#[cfg(any(test, feature = "testing"))]
#[doc(hidden)]
pub mod testing;
mod undo;

pub use data::Data;
pub use dialog::delete::DeleteConfirm;
pub use dialog::export::{Choice, ExportDialog, ExportField, Written};
pub use dialog::facets::FacetMenu;
pub use dialog::form;
pub use dialog::note::{Authorship, NoteEditor, NoteField};
pub use dialog::palette::{PALETTE_HITS, Palette, namesakes};
pub use dialog::picker::{PickOption, PickTarget, Picker};
pub use dialog::{Overlay, Reply};
pub use effect::{ApplicationChange, Document, Effect, Outcome};
pub use facets::{Facet, FacetField};
pub use home::{HomeItem, Section};
pub use input::Event;
pub use keymap::{Action, BINDINGS, KeyPress, Keymap, Scope};
pub use load::{BuiltIndex, Loaded};
pub use merge::Merge;
pub use remote::Remote;
pub use shared::{Changed, Model, SharedModel, Update};
pub use state::{App, Focus, Link, ListView, Place, WIDE};
pub use tab::{Column, Tab};
pub use undo::{Undo, UndoStep};

#[cfg(test)]
mod tests;
