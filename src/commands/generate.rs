//! `generate` (hidden): a portfolio of any size, for benchmarks.

use std::path::Path;

use chrono::Utc;

use crate::interchange;
use crate::workspace;

use super::{Failure, Output};

/// What `generate` was asked for: `startups` from `seed`, as an
/// interchange document, or only its startups' `names`, to `file` or the
/// output, or imported into the database (`into_db`; made when missing).
pub struct GenerateRequest<'a> {
    pub startups: usize,
    pub seed: u64,
    pub file: Option<&'a Path>,
    pub names: bool,
    pub into_db: Option<&'a Path>,
}

pub fn generate(request: &GenerateRequest, output: &mut Output) -> Result<u8, Failure> {
    let portfolio = crate::generate::portfolio(request.startups, request.seed);
    if let Some(db) = request.into_db {
        let summary = portfolio.summary();
        // Like `import`, it makes a missing database, and says so.
        let new = workspace::is_missing(db);
        workspace::import_into(db, "generate --into-db", |store| {
            crate::generate::import_in_chunks(store, portfolio)
        })?;
        output.tell(&if new {
            format!(
                "Made a new database at {} and generated {summary} into it.",
                db.display()
            )
        } else {
            format!("Generated {summary} into {}.", db.display())
        });
        return Ok(0);
    }
    let text = if request.names {
        crate::generate::names(&portfolio)
    } else {
        interchange::to_json(&portfolio, Utc::now())
    };
    output.print_or_write(request.file, &text, |path| {
        if request.names {
            let n = portfolio.startups.len();
            let names = if n == 1 { "name" } else { "names" };
            format!("Generated {n} startup {names} into {}.", path.display())
        } else {
            format!("Generated {} into {}.", portfolio.summary(), path.display())
        }
    })?;
    Ok(0)
}
