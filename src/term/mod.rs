//! Front ends: they own the terminal, the clock and the size, feed a
//! session events and draw its frames. The local terminal is the first; an
//! SSH server will be another of the same shape.

mod effects;
mod feed;
mod loader;
mod local;

pub use effects::perform;
pub use feed::read_update;
pub use loader::spawn_loader;
pub use local::{Launch, run};
