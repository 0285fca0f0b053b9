//! A session over SSH: where its exports go and how its user fetches them.

use std::path::PathBuf;

/// A session over SSH: exports go to the user's own folder on the server,
/// never to a path the session names, and notes are signed by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// The signed-in user's export folder on the server.
    pub export_folder: PathBuf,
    /// The command that reaches the server (`ssh -p 2222 host`).
    pub ssh: String,
    /// The host to `scp` exports from, when the server's operator allows it.
    pub scp_host: Option<String>,
}
