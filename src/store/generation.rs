//! Reading a consistent portfolio without stopping writes: every write
//! bumps a generation counter before and after its transaction (odd while
//! one runs); a read that saw no write start or end in between is a
//! snapshot of one moment. After a few tries it takes the write lock.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

use super::{Result, Store};
use crate::model::Portfolio;

/// The write counter of one database.
#[derive(Default)]
pub(super) struct Generation(AtomicU64);

/// Marks a write in progress for as long as it lives.
pub(super) struct Writing<'a>(&'a AtomicU64);

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl Generation {
    pub(super) fn writing(&self) -> Writing<'_> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Writing(&self.0)
    }

    fn now(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

impl Store {
    /// The write counter: bumped before and after every write, so two
    /// reads of it that agree saw no write land in between.
    pub fn write_generation(&self) -> u64 {
        self.inner.generation.now()
    }

    /// The whole portfolio as of one moment between writes, and the
    /// generation it was read at. A panic in sled (a damaged file) is an
    /// error: this is read on threads where nothing else would catch it.
    pub fn portfolio_between_writes(&self) -> Result<(Portfolio, u64)> {
        let generation = &self.inner.generation;
        for _ in 0..8 {
            let before = generation.now();
            if before % 2 == 1 {
                thread::sleep(Duration::from_millis(5));
                continue;
            }
            let portfolio = self.guarded_portfolio()?;
            if generation.now() == before {
                return Ok((portfolio, before));
            }
        }
        // Writes keep landing: hold them off for one read.
        let _writing = self.lock(&self.inner.write_lock);
        let before = generation.now();
        Ok((self.guarded_portfolio()?, before))
    }

    fn guarded_portfolio(&self) -> Result<Portfolio> {
        super::open::guard(&self.inner.path, || self.portfolio())?
    }
}
