//! A command over SSH (`ssh HOST search semsiyye`): the command line's own
//! commands, run on the server's store as the user who connected, their
//! output sent down the channel and their exit status returned.

use std::sync::Arc;

use russh::ChannelId;
use russh::server::Handle;

use super::Shared;
use super::users::{Role, User};

/// Run `command` for `user` and answer on `channel`.
pub(super) fn start(
    shared: Arc<Shared>,
    user: User,
    command: String,
    handle: Handle,
    channel: ChannelId,
) {
    tokio::spawn(async move {
        let store = shared.store.with_access(user.role.access()).signing_notes();
        let may_write = user.role != Role::Staff;
        let name = user.name.clone();
        // Commands read the whole store: off the connection's thread.
        let ran = tokio::task::spawn_blocking(move || {
            crate::cli::remote::run(&store, &name, may_write, &command)
        })
        .await;
        let (status, output) = match ran {
            Ok(ran) => ran,
            Err(_) => (
                1,
                crate::cli::Captured {
                    err: b"incubator: the command failed\n".to_vec(),
                    ..Default::default()
                },
            ),
        };
        if !output.out.is_empty() && handle.data(channel, output.out).await.is_err() {
            return;
        }
        if !output.err.is_empty() {
            let _ = handle.extended_data(channel, 1, output.err).await;
        }
        let _ = handle.exit_status_request(channel, u32::from(status)).await;
        let _ = handle.eof(channel).await;
        let _ = handle.close(channel).await;
    });
}
