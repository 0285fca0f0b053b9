//! Refused keys, counted per address and key: past a few refusals of the
//! same key from the same address, each further one is answered later, so
//! a client retrying a key in a loop is slowed, while a user whose agent
//! offers several keys, or a neighbour behind the same NAT, is not. A key
//! in users.toml is never made to wait (the caller checks it first);
//! floods of fresh keys meet the connection limits and the login grace
//! time instead.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use russh::keys::PublicKey;

/// Refusals of one key from one address before it is slowed.
const FREE_FAILURES: u32 = 10;
/// The longest wait.
const MOST_DELAY: Duration = Duration::from_secs(30);
/// A quiet address and key are forgiven after this long.
const FORGET_AFTER: Duration = Duration::from_secs(15 * 60);
/// The most (address, key) pairs remembered: fresh keys by the thousand
/// must not grow memory without bound.
const MOST_REMEMBERED: usize = 4096;

/// An address and a key's hash (`0` for a refusal without a key).
type Offer = (IpAddr, u64);

#[derive(Default)]
pub struct Failures {
    by_offer: Mutex<HashMap<Offer, (u32, Instant)>>,
}

impl Failures {
    /// Count a refusal of `key` from `address`; how long to wait before
    /// answering.
    pub fn refused(&self, address: IpAddr, key: Option<&PublicKey>) -> Duration {
        let mut map = self.by_offer.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if map.len() >= MOST_REMEMBERED {
            map.retain(|_, (_, last)| now.duration_since(*last) < FORGET_AFTER);
        }
        if map.len() >= MOST_REMEMBERED {
            // Still full: a flood of fresh keys. Those are not slowed
            // anyway; keep the ones already being slowed.
            map.retain(|_, (n, _)| *n >= FREE_FAILURES);
        }
        let entry = map.entry((address, key_hash(key))).or_insert((0, now));
        if now.duration_since(entry.1) >= FORGET_AFTER {
            entry.0 = 0;
        }
        entry.0 += 1;
        entry.1 = now;
        delay_after(entry.0)
    }
}

fn key_hash(key: Option<&PublicKey>) -> u64 {
    key.map_or(0, |key| {
        let mut hasher = DefaultHasher::new();
        key.key_data().hash(&mut hasher);
        hasher.finish()
    })
}

/// One second more for each refusal past the free ones, doubling, up to
/// the most.
fn delay_after(failures: u32) -> Duration {
    match failures.checked_sub(FREE_FAILURES) {
        None | Some(0) => Duration::ZERO,
        Some(over) => Duration::from_secs(1u64 << (over - 1).min(5)).min(MOST_DELAY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use russh::keys::{Algorithm, PrivateKey};

    fn key() -> PublicKey {
        PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
            .expect("a key")
            .public_key()
            .clone()
    }

    #[test]
    fn a_key_refused_again_and_again_is_slowed_and_no_other_key_is() {
        let failures = Failures::default();
        let one: IpAddr = "10.1.2.3".parse().unwrap();
        let other: IpAddr = "10.1.2.4".parse().unwrap();
        let (guessed, neighbours) = (key(), key());
        for _ in 0..FREE_FAILURES {
            assert_eq!(failures.refused(one, Some(&guessed)), Duration::ZERO);
        }
        let first = failures.refused(one, Some(&guessed));
        let later = failures.refused(one, Some(&guessed));
        assert!(
            first > Duration::ZERO && later > first,
            "{first:?} {later:?}"
        );
        for _ in 0..20 {
            failures.refused(one, Some(&guessed));
        }
        assert_eq!(failures.refused(one, Some(&guessed)), MOST_DELAY);
        // The same key from elsewhere, another key from the same address
        // (a neighbour's agent offering a key of theirs first).
        assert_eq!(failures.refused(other, Some(&guessed)), Duration::ZERO);
        assert_eq!(failures.refused(one, Some(&neighbours)), Duration::ZERO);
    }

    #[test]
    fn fresh_keys_by_the_thousand_are_remembered_within_a_bound() {
        let failures = Failures::default();
        let one: IpAddr = "10.1.2.3".parse().unwrap();
        let slowed = key();
        for _ in 0..=FREE_FAILURES {
            failures.refused(one, Some(&slowed));
        }
        for _ in 0..MOST_REMEMBERED + 10 {
            assert_eq!(failures.refused(one, Some(&key())), Duration::ZERO);
        }
        assert!(failures.by_offer.lock().unwrap().len() <= MOST_REMEMBERED);
        assert!(failures.refused(one, Some(&slowed)) > Duration::ZERO);
    }
}
