//! The process that holds the database (the full-screen view, or
//! `incubator serve`) runs other `incubator` commands for its user: sled
//! admits one process, so a second command that finds the database held
//! sends itself over a Unix socket beside it instead of failing.
//!
//! - `place.rs`: where the socket is (in the database folder, or a private
//!   folder in /tmp when that path is too long for a socket);
//! - `protocol.rs`: the frames both sides speak;
//! - `listen.rs`: the holder's side — a thread per command, in the
//!   caller's folder, with the caller's environment, a cap and timeouts;
//! - `client.rs`: the caller's side — find the socket, send the command,
//!   copy what comes back; a socket its holder left behind (kill -9) is
//!   removed.
//!
//! Which commands go this way and how they run is `crate::cli`'s (passed
//! in as [`RunForwarded`], as `serve` is given its `RunCommand`).
//! **Uses:** `store`, `environment`.

mod client;
mod listen;
mod place;
mod protocol;

pub use client::{Forwarded, forward};
pub use listen::{Listener, RunForwarded, listen};
pub use protocol::{Request, callers_vars};
