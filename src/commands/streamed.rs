//! A streamed import: the file read one record at a time, each checked as
//! it comes and written in batches into a fresh database folder, which is
//! put in place of the old one only once whole (see
//! [`crate::store::swap`]). Memory is that of one batch and the ids seen;
//! a refused file, or a `kill -9` at any moment, leaves the old folder as
//! it was.
//!
//! Used where nothing has to be merged with stored records: a database
//! not set up yet, and `import --replace`.

use std::path::Path;

use crate::interchange::Counts;
use crate::interchange::reading::{ReadError, read_document_each};
use crate::model::{Kind, PortfolioCheck, Record};
use crate::store::swap::Fresh;
use crate::store::{ImportReport, StoreError, import_refused};

/// Records written in one transaction: large enough that flushing after
/// each costs little, small enough that a batch is a few MB.
const BATCH: usize = 5_000;

/// Why a streamed import did not fill the fresh database.
pub enum Unfilled {
    /// The file is not a readable document.
    Read(ReadError),
    /// Its records break rules, or the database could not be written.
    Store(StoreError),
}

/// Fill `fresh` (a new, empty database, opened at the first batch) from the interchange file `file`,
/// as `who`. All the checks [`Store::import`] makes of a document apply,
/// with the same problems in the same order; the caller throws the fresh
/// database away on any error.
pub fn fill(fresh: &Fresh, file: &Path, who: &str) -> Result<ImportReport, Unfilled> {
    let mut check = PortfolioCheck::default();
    let mut batch: Vec<Record> = Vec::with_capacity(BATCH);
    let mut counts = Counts::default();
    let mut failed: Option<StoreError> = None;
    let read = read_document_each(file, &mut |mut record| {
        record.normalize();
        check.record(&record);
        // Once refused, reading goes on only to list every problem.
        if failed.is_some() || check.has_problems() {
            batch.clear();
            return;
        }
        record.arrange();
        count(&mut counts, record.kind());
        batch.push(record);
        if batch.len() == BATCH {
            if let Err(e) = fresh.store().and_then(|s| s.load_batch(who, &batch)) {
                failed = Some(e);
            }
            batch.clear();
        }
    });
    let parsed = read.map_err(Unfilled::Read)?;
    let mut problems = parsed.problems;
    // Nothing is stored beside what the file holds.
    problems.extend(check.finish(&|_, _| false));
    if !problems.is_empty() {
        return Err(Unfilled::Store(import_refused(problems)));
    }
    if let Some(e) = failed {
        return Err(Unfilled::Store(e));
    }
    // The last batch also sets the database up, empty file or not.
    fresh
        .store()
        .and_then(|s| s.load_batch(who, &batch))
        .map_err(Unfilled::Store)?;
    Ok(ImportReport {
        summary: counts.to_string(),
        records: counts.records(),
        replaced: 0,
    })
}

fn count(counts: &mut Counts, kind: Kind) {
    *counts.slot(kind) += 1;
}
