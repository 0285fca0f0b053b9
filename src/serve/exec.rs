//! A command over SSH (`ssh HOST search semsiyye`): the command line's own
//! commands, run on the server's store as the user who connected, their
//! output sent down the channel and their exit status returned.

use std::sync::Arc;

use super::Shared;
use super::session::Outlet;
use super::users::User;

/// Run `command` for `user` and answer on the channel: refused with a
/// line when the user, or the server, runs the most commands already.
pub(super) fn start(shared: Arc<Shared>, user: User, command: String, outlet: Outlet) {
    tokio::spawn(async move {
        let slot = match shared.commands.begin(&user.name) {
            Ok(slot) => slot,
            Err(refusal) => {
                let stall = shared.limits.stall;
                if outlet
                    .send(format!("{refusal}\n").as_bytes(), true, stall, &user.name)
                    .await
                {
                    outlet.finish(1).await;
                }
                return;
            }
        };
        let store = shared.store.with_access(user.role.access()).signing_notes();
        let may_write = user.role.may_write();
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
        // Sent as the client takes it (its window); one that takes
        // nothing for the stall limit is cut off, and the output freed.
        let stall = shared.limits.stall;
        if outlet.send(&output.out, false, stall, &user.name).await
            && outlet.send(&output.err, true, stall, &user.name).await
        {
            outlet.finish(u32::from(status)).await;
        }
        drop((slot, output));
        shared.ended();
    });
}
