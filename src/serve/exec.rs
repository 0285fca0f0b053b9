//! A command over SSH (`ssh HOST search semsiyye`): the command line's own
//! commands, run on the server's store as the user who connected, their
//! output sent down the channel and their exit status returned. The
//! server does not parse commands itself: it is given a [`RunCommand`].

use std::io::Write;
use std::sync::Arc;

use super::Shared;
use super::connection::Outlet;
use super::users::User;
use crate::store::Store;

/// Runs one exec request's command line: given the store, the user's
/// name, whether they may write, and the command line, it writes what the
/// command prints into the output and error given and returns its exit
/// status. Whoever starts the server passes it in (`incubator serve`
/// passes `cli::remote::run`): the server parses no commands itself.
pub type RunCommand = fn(&Store, &str, bool, &str, &mut dyn Write, &mut dyn Write) -> u8;

/// Say on standard error why the command does not run, and end with 1.
pub(super) fn refuse(shared: &Shared, outlet: Outlet, line: String) {
    let stall = shared.limits.stall;
    tokio::spawn(async move {
        if outlet
            .send(format!("{line}\n").as_bytes(), true, stall, "a client")
            .await
        {
            outlet.finish(1).await;
        }
    });
}

/// Run `command` for `user` and answer on the channel: refused with a
/// line when the user, or the server, runs the most commands already.
pub(super) fn start(shared: Arc<Shared>, user: User, command: String, outlet: Outlet) {
    tokio::spawn(async move {
        let slot = match shared.commands.begin(&user.name) {
            Ok(slot) => slot,
            Err(refusal) => {
                tracing::info!(peer = %outlet.peer, user = user.name, reason = %refusal, "refused");
                super::metrics::COUNTERS.refused();
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
        let run = shared.run_command;
        let started = std::time::Instant::now();
        // Commands read the whole store: off the connection's thread.
        // What they print is kept whole, then sent.
        let ran = tokio::task::spawn_blocking(move || {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let status = run(&store, &name, may_write, &command, &mut out, &mut err);
            (status, out, err)
        })
        .await;
        let (status, out, err) = match ran {
            Ok(ran) => ran,
            Err(_) => (1, Vec::new(), b"incubator: the command failed\n".to_vec()),
        };
        tracing::info!(
            peer = %outlet.peer,
            user = user.name,
            status,
            seconds = started.elapsed().as_secs_f64(),
            "command ended"
        );
        // Sent as the client takes it (its window); one that takes
        // nothing for the stall limit is cut off, and the output freed.
        let stall = shared.limits.stall;
        if outlet.send(&out, false, stall, &user.name).await
            && outlet.send(&err, true, stall, &user.name).await
        {
            outlet.finish(u32::from(status)).await;
        }
        drop((slot, out, err));
        shared.ended();
    });
}
