//! Front ends: they own the terminal, the clock and the size, feed a
//! session events and draw its frames: the local terminal, and each SSH
//! connection `incubator serve` takes (see `crate::serve`).

mod clipboard;
mod effects;
mod feed;
mod local;
mod model;
mod scrolling;
pub mod session;
mod sized;

pub use effects::perform;
pub use feed::read_update;
pub use local::run;
pub use model::Feed;
pub use scrolling::ScrollingBackend;
pub use session::Launch;
pub use sized::{PtySize, SizedBackend};
