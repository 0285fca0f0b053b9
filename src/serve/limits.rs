//! What the server holds at most: connections (all, and those still
//! signing in, in all and per address, as OpenSSH's MaxStartups and
//! PerSourceMaxStartups), commands running (in all and per user), how long
//! a login may take and how long a client may read nothing.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The server's limits; `Default` gives the documented defaults.
#[derive(Debug, Clone)]
pub struct Limits {
    /// A connection that has not signed in by then is dropped.
    pub login_grace: Duration,
    /// Connections open at once, signed in or not.
    pub max_connections: usize,
    /// Connections still signing in, from everywhere.
    pub max_unauthenticated: usize,
    /// Connections still signing in, from one address.
    pub max_unauthenticated_per_address: usize,
    /// Commands over SSH (`ssh HOST export all`) running at once.
    pub max_commands: usize,
    /// Of those, one user's.
    pub max_commands_per_user: usize,
    /// A client that takes none of what is sent to it for this long is
    /// disconnected.
    pub stall: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            login_grace: Duration::from_secs(30),
            max_connections: 256,
            max_unauthenticated: 64,
            max_unauthenticated_per_address: 10,
            max_commands: 8,
            max_commands_per_user: 2,
            stall: Duration::from_secs(60),
        }
    }
}

/// Why a new connection was closed at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `max_connections` are open.
    Full,
    /// `max_unauthenticated` are signing in.
    SigningIn,
    /// `max_unauthenticated_per_address` are signing in from this address.
    FromAddress,
}

impl Refusal {
    pub fn describe(self) -> &'static str {
        match self {
            Refusal::Full => "the most connections are open",
            Refusal::SigningIn => "the most connections are signing in",
            Refusal::FromAddress => "the most connections from one address are signing in",
        }
    }
}

/// Counts the open connections and admits new ones within the limits.
pub(crate) struct Gate {
    limits: Limits,
    counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    open: usize,
    signing_in: usize,
    signing_in_from: HashMap<IpAddr, usize>,
}

impl Gate {
    pub fn new(limits: Limits) -> Gate {
        Gate {
            limits,
            counts: Mutex::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A ticket for a connection from `address`, counted until it drops.
    pub fn admit(self: &Arc<Gate>, address: IpAddr) -> Result<Arc<Ticket>, Refusal> {
        let mut counts = self.lock();
        if counts.open >= self.limits.max_connections {
            return Err(Refusal::Full);
        }
        if counts.signing_in >= self.limits.max_unauthenticated {
            return Err(Refusal::SigningIn);
        }
        let from = counts.signing_in_from.entry(address).or_insert(0);
        if *from >= self.limits.max_unauthenticated_per_address {
            return Err(Refusal::FromAddress);
        }
        *from += 1;
        counts.signing_in += 1;
        counts.open += 1;
        Ok(Arc::new(Ticket {
            gate: Arc::clone(self),
            address,
            signed_in: AtomicBool::new(false),
        }))
    }

    /// Connections open, and of those still signing in.
    pub fn counts(&self) -> (usize, usize) {
        let counts = self.lock();
        (counts.open, counts.signing_in)
    }

    fn no_longer_signing_in(counts: &mut Counts, address: IpAddr) {
        counts.signing_in = counts.signing_in.saturating_sub(1);
        if let Some(from) = counts.signing_in_from.get_mut(&address) {
            *from = from.saturating_sub(1);
            if *from == 0 {
                counts.signing_in_from.remove(&address);
            }
        }
    }
}

/// One admitted connection.
pub(crate) struct Ticket {
    gate: Arc<Gate>,
    address: IpAddr,
    signed_in: AtomicBool,
}

impl Ticket {
    /// The connection signed in: it no longer counts as signing in.
    pub fn signed_in(&self) {
        if !self.signed_in.swap(true, Ordering::SeqCst) {
            Gate::no_longer_signing_in(&mut self.gate.lock(), self.address);
        }
    }

    pub fn is_signed_in(&self) -> bool {
        self.signed_in.load(Ordering::SeqCst)
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut counts = self.gate.lock();
        counts.open = counts.open.saturating_sub(1);
        if !self.signed_in.load(Ordering::SeqCst) {
            Gate::no_longer_signing_in(&mut counts, self.address);
        }
    }
}

/// Commands over SSH running now, in all and per user.
pub(crate) struct Commands {
    most: usize,
    most_per_user: usize,
    running: Mutex<(usize, HashMap<String, usize>)>,
}

impl Commands {
    pub fn new(limits: &Limits) -> Commands {
        Commands {
            most: limits.max_commands,
            most_per_user: limits.max_commands_per_user,
            running: Mutex::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, (usize, HashMap<String, usize>)> {
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Commands running now.
    pub fn running(&self) -> usize {
        self.lock().0
    }

    /// A place for one of `user`'s commands, or the line that refuses it.
    pub fn begin(self: &Arc<Commands>, user: &str) -> Result<CommandSlot, String> {
        let mut running = self.lock();
        let (all, by_user) = &mut *running;
        let theirs = by_user.get(user).copied().unwrap_or(0);
        if theirs >= self.most_per_user {
            return Err(format!(
                "incubator: you have {theirs} command(s) running, the most at once; \
                 try again when one has finished"
            ));
        }
        if *all >= self.most {
            return Err(format!(
                "incubator: the server is running {all} commands, the most at once; \
                 try again in a moment"
            ));
        }
        *all += 1;
        *by_user.entry(user.to_string()).or_insert(0) += 1;
        Ok(CommandSlot {
            commands: Arc::clone(self),
            user: user.to_string(),
        })
    }
}

/// A running command's place, given back when it drops.
pub(crate) struct CommandSlot {
    commands: Arc<Commands>,
    user: String,
}

impl Drop for CommandSlot {
    fn drop(&mut self) {
        let mut running = self.commands.lock();
        let (all, by_user) = &mut *running;
        *all = all.saturating_sub(1);
        if let Some(theirs) = by_user.get_mut(&self.user) {
            *theirs = theirs.saturating_sub(1);
            if *theirs == 0 {
                by_user.remove(&self.user);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            max_connections: 4,
            max_unauthenticated: 3,
            max_unauthenticated_per_address: 2,
            max_commands: 3,
            max_commands_per_user: 2,
            ..Limits::default()
        }
    }

    #[test]
    fn connections_signing_in_are_capped_per_address_in_all_and_with_the_signed_in() {
        let gate = Arc::new(Gate::new(limits()));
        let (one, two, three): (IpAddr, IpAddr, IpAddr) = (
            "10.0.0.1".parse().unwrap(),
            "10.0.0.2".parse().unwrap(),
            "10.0.0.3".parse().unwrap(),
        );
        let a = gate.admit(one).expect("first");
        let b = gate.admit(one).expect("second");
        assert_eq!(gate.admit(one).err(), Some(Refusal::FromAddress));
        let c = gate.admit(two).expect("another address");
        assert_eq!(gate.admit(three).err(), Some(Refusal::SigningIn));
        // Signed in, they no longer count as signing in, but as open.
        a.signed_in();
        b.signed_in();
        a.signed_in();
        let d = gate.admit(one).expect("room again");
        assert_eq!(gate.counts(), (4, 2));
        assert_eq!(gate.admit(three).err(), Some(Refusal::Full));
        drop((a, c, d));
        assert_eq!(gate.counts(), (1, 0));
        drop(b);
        assert_eq!(gate.counts(), (0, 0));
    }

    #[test]
    fn commands_are_capped_per_user_and_in_all() {
        let commands = Arc::new(Commands::new(&limits()));
        let first = commands.begin("Kim").expect("first");
        let _second = commands.begin("Kim").expect("second");
        let refused = commands.begin("Kim").err().expect("a third of Kim's");
        assert!(
            refused.contains("you have 2 command(s) running"),
            "{refused}"
        );
        let _other = commands.begin("Nigar").expect("another user's");
        let refused = commands.begin("Aysel").err().expect("a fourth in all");
        assert!(
            refused.contains("the server is running 3 commands"),
            "{refused}"
        );
        drop(first);
        commands.begin("Aysel").expect("a place again");
    }
}
