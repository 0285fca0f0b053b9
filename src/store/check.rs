//! Verifying a database: schema, every record readable and where it
//! belongs, every reference resolving, history readable.

use std::collections::HashSet;

use super::history::HistoryEntry;
use super::stored::{decode, decode_any, note_key, record_key};
use super::tx::{TREE_NAMES, TreeId, tree_of};
use super::{Result, SCHEMA_VERSION, Store};
use crate::model::*;

#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport {
    pub schema_version: Option<u32>,
    pub summary: String,
    pub history_entries: usize,
    /// sled's CRC32 over every tree: a fingerprint of the contents.
    pub checksum: u32,
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Store {
    /// Read everything and report what is wrong. Storage faults found on
    /// the way are problems in the report, not errors.
    pub fn check(&self) -> Result<CheckReport> {
        let path = self.inner.path.clone();
        super::open::guard(&path, || self.check_inner())?
    }

    fn check_inner(&self) -> Result<CheckReport> {
        let mut problems = Vec::new();
        let schema_version = self.schema_version()?;
        match schema_version {
            None => problems
                .push("the schema version is missing (the database was never set up)".to_string()),
            Some(v) if v != SCHEMA_VERSION => problems.push(format!(
                "schema version {v}; this incubator writes version {SCHEMA_VERSION}"
            )),
            Some(_) => {}
        }

        let mut portfolio = Portfolio::default();
        for kind in Kind::DEPENDENCY_ORDER {
            let tree_name = TREE_NAMES[tree_of(kind) as usize];
            for item in self.tree(tree_of(kind)).iter() {
                let (key, bytes) = match item {
                    Ok(pair) => pair,
                    Err(e) => {
                        problems.push(format!("{tree_name}: cannot be read ({e})"));
                        break;
                    }
                };
                let shown = String::from_utf8_lossy(&key).replace('\0', "/");
                match decode_any(kind, &bytes) {
                    Ok(stored) => {
                        if record_key(&stored.record) != key.as_ref() {
                            problems.push(format!("{kind} {shown}: stored under the wrong key"));
                        }
                        portfolio.push(stored.record);
                    }
                    Err(e) => problems.push(format!("{kind} {shown}: cannot be read ({e})")),
                }
            }
        }

        let owners = self.tree(TreeId::NoteOwners);
        let mut owned = HashSet::new();
        for item in owners.iter() {
            match item {
                Ok((note, startup)) => {
                    let note = String::from_utf8_lossy(&note).to_string();
                    let startup = String::from_utf8_lossy(&startup).to_string();
                    let key = note_key(&startup, &note);
                    if !self.tree(TreeId::Notes).contains_key(key).unwrap_or(false) {
                        problems.push(format!(
                            "note {note}: indexed under startup {startup} but not stored there"
                        ));
                    }
                    owned.insert(note);
                }
                Err(e) => problems.push(format!("note_owners: cannot be read ({e})")),
            }
        }
        for note in &portfolio.notes {
            if !owned.contains(&note.id) {
                problems.push(format!("note {}: missing from the note index", note.id));
            }
        }

        let rules = portfolio_problems(&portfolio, &|_, _| false);
        problems.extend(rules.iter().map(ToString::to_string));

        let mut history_entries = 0;
        for item in self.tree(TreeId::History).iter() {
            match item.map(|(_, bytes)| decode::<HistoryEntry>(&bytes)) {
                Ok(Ok(_)) => history_entries += 1,
                Ok(Err(e)) => problems.push(format!("a history entry cannot be read ({e})")),
                Err(e) => {
                    problems.push(format!("history: cannot be read ({e})"));
                    break;
                }
            }
        }

        let checksum = match self.inner.sled().db.checksum() {
            Ok(sum) => sum,
            Err(e) => {
                problems.push(format!("the checksum could not be computed ({e})"));
                0
            }
        };

        Ok(CheckReport {
            schema_version,
            summary: portfolio.summary(),
            history_entries,
            checksum,
            problems,
        })
    }
}
