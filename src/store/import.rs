//! Loading an interchange document: all or nothing.

use std::collections::HashSet;

use super::error::StoreError;
use super::history::Change;
use super::tx::{TreeId, Tx, TxResult};
use super::{Result, SCHEMA_VERSION, Store};
use crate::model::*;

#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    /// "4 cohorts, 24 startups, …" of what was loaded.
    pub summary: String,
    pub records: usize,
    /// Records removed because the import replaced the portfolio.
    pub replaced: usize,
}

/// The rules a portfolio is checked by: [`portfolio_problems`] for new
/// data, [`stored_portfolio_problems`] for what a database stored.
type Rules = fn(&Portfolio, &dyn Fn(Kind, &str) -> bool) -> Vec<Problem>;

impl Store {
    /// Cohorts of `portfolio` named like a stored cohort (folded): merged
    /// in, `export cohort NAME` would no longer know which.
    fn cohort_names_taken(&self, portfolio: &Portfolio) -> Result<Vec<Problem>> {
        if portfolio.cohorts.is_empty() {
            return Ok(Vec::new());
        }
        let stored: std::collections::HashMap<String, String> = self
            .catalog_of(Kind::Cohort)?
            .iter()
            .map(|c| (cohort_name_key(&c.label()), c.id().to_string()))
            .collect();
        Ok(portfolio
            .cohorts
            .iter()
            .filter_map(|c| {
                let other = stored.get(&cohort_name_key(&c.name))?;
                // The same id is a collision, said on its own.
                (*other != c.id)
                    .then(|| Problem::new(Kind::Cohort, &c.id, "name", cohort_name_taken(other)))
            })
            .collect())
    }

    /// Load a parsed document. Without `replace`, ids already in the
    /// database are refused and references may point at stored records;
    /// with it, the stored portfolio is replaced in the same transaction,
    /// so a failed import leaves it as it was. Any problem refuses the
    /// whole import, listing every one.
    pub fn import(&self, who: &str, parsed: Parsed, replace: bool) -> Result<ImportReport> {
        self.import_under(who, parsed, replace, portfolio_problems)
    }

    /// [`Store::import`] of a portfolio a database stored before (a
    /// snapshot or an `export all`, restored): checked as `check` checks
    /// a database, so what one made before a newer rule (two cohorts of
    /// one name) comes back as it was stored.
    pub fn import_stored(&self, who: &str, parsed: Parsed) -> Result<ImportReport> {
        self.import_under(who, parsed, false, stored_portfolio_problems)
    }

    fn import_under(
        &self,
        who: &str,
        parsed: Parsed,
        replace: bool,
        rules: Rules,
    ) -> Result<ImportReport> {
        let Parsed {
            mut portfolio,
            mut problems,
        } = parsed;
        if !self.access.is_everything() {
            return Err(super::access::forbidden(
                &self.access,
                "import a portfolio".into(),
            ));
        }
        portfolio.normalize();
        // Read before the write lock: the catalog may be rebuilt, which
        // takes it.
        let names_taken = match replace {
            false => self.cohort_names_taken(&portfolio)?,
            true => Vec::new(),
        };
        let _writing = self.lock(&self.inner.write_lock);

        let exists = |kind: Kind, id: &str| !replace && self.contains(kind, id).unwrap_or(false);
        problems.extend(rules(&portfolio, &exists));
        problems.extend(names_taken);
        let mut collisions = Vec::new();
        if !replace {
            for record in portfolio.clone().into_records() {
                if self.contains(record.kind(), record.id())? {
                    collisions.push((record.kind(), record.id().to_string()));
                }
            }
        }
        let problems = first_per_field(problems);
        if !problems.is_empty() || !collisions.is_empty() {
            return Err(StoreError::ImportRefused {
                problems,
                collisions,
            });
        }

        portfolio.arrange();
        let old_keys = if replace {
            self.record_keys()?
        } else {
            Vec::new()
        };
        let replaced = old_keys
            .iter()
            .filter(|(tree, _)| !matches!(tree, TreeId::NoteOwners))
            .count();
        let records = portfolio.into_records();
        let count = records.len();
        let mut summary = Portfolio::default();
        self.transact(who, |tx| {
            for (tree, key) in &old_keys {
                tx.remove_key(*tree, key)?;
            }
            put_imported(tx, &records)?;
            // One announcement for the lot.
            tx.changes.replace(vec![Change::Everything]);
            Ok(())
        })?;
        super::open::mark_set_up(&self.inner.path)?;
        for record in records {
            summary.push(record);
        }
        Ok(ImportReport {
            summary: summary.summary(),
            records: count,
            replaced,
        })
    }

    /// The key of every record, note owners included.
    fn record_keys(&self) -> Result<Vec<(TreeId, sled::IVec)>> {
        let trees = [
            TreeId::Cohorts,
            TreeId::Mentors,
            TreeId::Startups,
            TreeId::DemoDays,
            TreeId::Notes,
            TreeId::NoteOwners,
        ];
        let mut keys = Vec::new();
        for tree in trees {
            for key in self.tree(tree).iter().keys() {
                keys.push((tree, key.map_err(|e| self.storage(e))?));
            }
        }
        Ok(keys)
    }
}

/// Write each of `records` afresh, logged as imported, and set the
/// database up.
fn put_imported(tx: &Tx, records: &[Record]) -> TxResult<()> {
    for record in records {
        tx.put(&tx.fresh(record.clone()))?;
    }
    // No id of the file's is given again (see `ids`).
    tx.raise_counters(&super::ids::floors(
        records.iter().map(|r| (r.kind(), r.id())),
    ))?;
    tx.log_imported(records, "import")?;
    tx.set_schema(SCHEMA_VERSION)
}

/// An import refused for `problems` (as [`Store::import`] lists them).
pub fn import_refused(problems: Vec<Problem>) -> StoreError {
    StoreError::ImportRefused {
        problems: first_per_field(problems),
        collisions: Vec::new(),
    }
}

/// A field that failed to read also fails its rules: report it once. Then
/// group the problems by record, in the order of the document.
fn first_per_field(problems: Vec<Problem>) -> Vec<Problem> {
    let mut seen = HashSet::new();
    let mut problems: Vec<Problem> = problems
        .into_iter()
        .filter(|p| seen.insert((p.kind, p.id.clone(), p.field.clone())))
        .collect();
    let rank = |kind: Kind| Kind::DEPENDENCY_ORDER.iter().position(|k| *k == kind);
    problems.sort_by(|a, b| {
        rank(a.kind)
            .cmp(&rank(b.kind))
            .then_with(|| natural_cmp(&a.id, &b.id))
    });
    problems
}
