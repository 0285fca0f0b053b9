//! Refused logins, counted per address: past a few, each further attempt
//! from that address waits longer before it is answered, so guessing keys
//! gets slow while a user whose agent offers several keys is not hurt.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Refusals an address may have before it is slowed: an agent that holds
/// a handful of keys offers each in turn.
const FREE_FAILURES: u32 = 10;
/// The longest wait.
const MOST_DELAY: Duration = Duration::from_secs(30);
/// A quiet address is forgiven after this long.
const FORGET_AFTER: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub struct Failures {
    by_address: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

impl Failures {
    /// Count a refusal from `address`; how long to wait before answering.
    pub fn refused(&self, address: Option<IpAddr>) -> Duration {
        let Some(address) = address else {
            return Duration::ZERO;
        };
        let mut map = self.by_address.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        map.retain(|_, (_, last)| now.duration_since(*last) < FORGET_AFTER);
        let entry = map.entry(address).or_insert((0, now));
        entry.0 += 1;
        entry.1 = now;
        delay_after(entry.0)
    }

    /// How long a new attempt from `address` waits, before it is checked.
    pub fn delay(&self, address: Option<IpAddr>) -> Duration {
        let Some(address) = address else {
            return Duration::ZERO;
        };
        let map = self.by_address.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&address)
            .filter(|(_, last)| last.elapsed() < FORGET_AFTER)
            .map_or(Duration::ZERO, |(n, _)| delay_after(*n))
    }

    /// A login from `address` succeeded: its count starts again.
    pub fn succeeded(&self, address: Option<IpAddr>) {
        if let Some(address) = address {
            let mut map = self.by_address.lock().unwrap_or_else(|p| p.into_inner());
            map.remove(&address);
        }
    }
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

    #[test]
    fn an_address_is_slowed_after_repeated_refusals_and_forgiven_on_success() {
        let failures = Failures::default();
        let one: Option<IpAddr> = "10.1.2.3".parse().ok();
        let other: Option<IpAddr> = "10.1.2.4".parse().ok();
        for _ in 0..FREE_FAILURES {
            assert_eq!(failures.refused(one), Duration::ZERO);
        }
        let first = failures.refused(one);
        let later = failures.refused(one);
        assert!(
            first > Duration::ZERO && later > first,
            "{first:?} {later:?}"
        );
        assert_eq!(failures.delay(other), Duration::ZERO);
        for _ in 0..20 {
            failures.refused(one);
        }
        assert_eq!(failures.delay(one), MOST_DELAY);
        failures.succeeded(one);
        assert_eq!(failures.delay(one), Duration::ZERO);
    }
}
