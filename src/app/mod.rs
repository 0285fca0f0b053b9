//! A session: its state, the actions keys map to, and how events change
//! it. No terminal I/O: a front end feeds events, the size and the date,
//! and draws what `ui::render` makes of the state.

mod access;
mod data;
mod edit;
mod effect;
mod export;
mod facets;
mod follow;
pub mod form;
mod home;
pub mod keymap;
mod load;
mod merge;
mod note;
mod paste;
#[path = "dialog/picker.rs"]
mod picker;
mod sort;
mod state;
#[doc(hidden)]
pub mod testing;
mod update;

pub use data::Data;
pub use edit::{DeleteConfirm, UndoStep};
pub use effect::{Effect, Outcome};
pub use export::{Choice, ExportDialog, ExportField, Remote, Written};
pub use facets::{Facet, FacetMenu, Field};
pub use home::HomeItem;
pub use keymap::{Action, BINDINGS, Key, Keymap, Scope};
pub use load::{BuiltIndex, Loaded};
pub use merge::Merge;
pub use note::{Authorship, NoteEditor, NoteField};
pub use picker::{PickOption, PickTarget, Picker};
pub use state::{Focus, Link, ListView, Overlay, Palette, Place, State, Tab, WIDE};
pub use update::{Event, PALETTE_HITS, Update};

#[cfg(test)]
mod tests;
