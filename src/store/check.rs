//! Verifying a database: schema, every record readable and where it
//! belongs, every reference resolving, history readable. The findings are
//! grouped by kind of damage, so a report fits on a screen however much is
//! damaged, and the whole read is bounded in time (see `watch`).

use std::collections::HashSet;

use super::history::HistoryEntry;
use super::stored::{decode, decode_any, note_key, record_key};
use super::tx::{TREE_NAMES, TreeId, tree_of};
use super::{Result, SCHEMA_VERSION, Store, StoreError};
use crate::model::*;

/// Examples kept per kind of damage; the rest are counted.
pub const EXAMPLES_KEPT: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport {
    pub schema_version: Option<u32>,
    /// What could be read, counted.
    pub summary: String,
    pub history_entries: usize,
    /// A CRC32 over every tree's keys and values: a fingerprint of the
    /// contents.
    pub checksum: u32,
    /// One entry per kind of damage, in the order first met.
    pub problems: Vec<Damage>,
    /// The catalog (names and searched fields) disagreed with the
    /// records, which were all read: it was built again from them.
    pub catalog_rebuilt: bool,
}

/// One kind of damage: what, in words, how many times, and the first few
/// places it was seen.
#[derive(Debug, Clone, PartialEq)]
pub struct Damage {
    pub what: String,
    pub count: usize,
    pub examples: Vec<String>,
}

impl CheckReport {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }

    /// Problems found, of every kind.
    pub fn problem_count(&self) -> usize {
        self.problems.iter().map(|d| d.count).sum()
    }

    /// The damage in lines for a screen: a heading with the counts, then a
    /// line for each kind with how many and the first few places; past
    /// [`DAMAGE_KINDS_SHOWN`] kinds, the rest on one line.
    pub fn damage_lines(&self) -> String {
        let kinds = self.problems.len();
        let mut out = match (self.problem_count(), kinds) {
            (1, _) => "Damaged: 1 problem\n".to_string(),
            (n, 1) => format!("Damaged: {n} problems of one kind\n"),
            (n, k) => format!("Damaged: {n} problems of {k} kinds\n"),
        };
        for damage in self.problems.iter().take(DAMAGE_KINDS_SHOWN) {
            let mut line = format!("  {}", damage.what);
            if damage.count > 1 || !damage.examples.is_empty() {
                line.push_str(&format!(": {}", damage.count));
            }
            if !damage.examples.is_empty() {
                let shown: Vec<String> = damage.examples.iter().map(|e| shortened(e, 60)).collect();
                let more = if damage.count > shown.len() {
                    ", …"
                } else {
                    ""
                };
                line.push_str(&format!(" ({}{more})", shown.join(", ")));
            }
            out.push_str(&crate::text::sanitize_line(&line));
            out.push('\n');
        }
        if kinds > DAMAGE_KINDS_SHOWN {
            let rest: usize = self.problems[DAMAGE_KINDS_SHOWN..]
                .iter()
                .map(|d| d.count)
                .sum();
            out.push_str(&format!(
                "  and {rest} more problem(s) of {} other kinds\n",
                kinds - DAMAGE_KINDS_SHOWN
            ));
        }
        out
    }
}

/// Kinds of damage listed one a line; the rest are counted on one line,
/// so a report fits on a screen.
pub const DAMAGE_KINDS_SHOWN: usize = 8;

/// At most `max` characters, with "…" where it was cut.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// Findings as they come, grouped by kind.
#[derive(Default)]
struct Findings(Vec<Damage>);

impl Findings {
    fn add(&mut self, what: impl Into<String>, example: Option<String>) {
        let what = what.into();
        let i = match self.0.iter().position(|d| d.what == what) {
            Some(i) => i,
            None => {
                self.0.push(Damage {
                    what,
                    count: 0,
                    examples: Vec::new(),
                });
                self.0.len() - 1
            }
        };
        let damage = &mut self.0[i];
        damage.count += 1;
        if let Some(example) = example
            && damage.examples.len() < EXAMPLES_KEPT
        {
            damage.examples.push(example);
        }
    }
}

/// A key as a person reads it (a note's key is its startup, NUL, its id).
fn shown(key: &[u8]) -> String {
    String::from_utf8_lossy(key).replace('\0', "/")
}

/// What a failed walk says, without sled's own words.
fn reason(error: &StoreError) -> String {
    match error {
        StoreError::Damaged { detail, .. } | StoreError::Io { detail, .. } => detail.clone(),
        other => other.to_string(),
    }
}

impl Store {
    /// Read everything and report what is wrong. Storage faults found on
    /// the way are problems in the report, not errors; a read that makes
    /// no progress ends in a `Damaged` error.
    pub fn check(&self) -> Result<CheckReport> {
        self.bounded(|store| store.check_inner())
    }

    /// Walk one whole tree, feeding the checksum and `visit`; a walk that
    /// cannot go on is one finding, naming the last key read. False when
    /// the walk stopped short.
    fn check_tree(
        &self,
        tree: TreeId,
        crc: &mut crc32fast::Hasher,
        findings: &mut Findings,
        mut visit: impl FnMut(&[u8], &[u8], &mut Findings),
    ) -> bool {
        crc.update(TREE_NAMES[tree as usize].as_bytes());
        let mut last: Option<sled::IVec> = None;
        for item in self.walk(tree) {
            match item {
                Ok((key, value)) => {
                    crc.update(&key);
                    crc.update(&value);
                    visit(&key, &value, findings);
                    last = Some(key);
                }
                Err(e) => {
                    let place = match &last {
                        // History keys are binary: no use to a reader.
                        Some(key) if !matches!(tree, TreeId::History) => {
                            format!("past {}", shown(key))
                        }
                        Some(_) => "to the end".to_string(),
                        None => "at all".to_string(),
                    };
                    findings.add(
                        format!(
                            "{} cannot be read {place} ({})",
                            tree_name(tree),
                            reason(&e)
                        ),
                        None,
                    );
                    return false;
                }
            }
        }
        true
    }

    fn check_inner(&self) -> Result<CheckReport> {
        let mut findings = Findings::default();
        let mut crc = crc32fast::Hasher::new();
        let schema_version = self.schema_version()?;
        match schema_version {
            None => findings.add(
                "the schema version is missing (the database was never set up)",
                None,
            ),
            // An older version reads as it is (see `SCHEMA_VERSION`).
            Some(v) if !(1..=SCHEMA_VERSION).contains(&v) => findings.add(
                format!("schema version {v}; this incubator writes version {SCHEMA_VERSION}"),
                None,
            ),
            Some(_) => {}
        }

        let mut portfolio = Portfolio::default();
        let mut notes_read = true;
        for kind in Kind::DEPENDENCY_ORDER {
            let whole = self.check_tree(tree_of(kind), &mut crc, &mut findings, |key, bytes, f| {
                match decode_any(kind, bytes) {
                    Ok(stored) => {
                        if record_key(&stored.record) != key {
                            f.add(
                                format!("{} stored under the wrong key", kind.plural()),
                                Some(shown(key)),
                            );
                        }
                        portfolio.push(stored.record);
                    }
                    Err(_) => f.add(
                        format!("{} that cannot be read", kind.plural()),
                        Some(shown(key)),
                    ),
                }
            });
            notes_read &= whole || kind != Kind::Note;
        }

        // Past a cut in the notes, the notes the index lists are the ones
        // lost with the damage: counted as such.
        let lost = match notes_read {
            true => "note index entries for notes that are not there",
            false => "notes listed in the note index that cannot be read",
        };
        let notes = self.tree(TreeId::Notes);
        let mut owned = HashSet::new();
        let index_read = self.check_tree(
            TreeId::NoteOwners,
            &mut crc,
            &mut findings,
            |key, value, f| {
                // A bucket (see `owners`), or a note's entry from before.
                let listed = match super::owners::is_bucket_key(key) {
                    true => super::owners::pairs(value),
                    false => Ok(vec![(key, value)]),
                };
                let Ok(listed) = listed else {
                    f.add("parts of the note index that cannot be read", None);
                    return;
                };
                for (note, startup) in listed {
                    let note = String::from_utf8_lossy(note).to_string();
                    let startup = String::from_utf8_lossy(startup).to_string();
                    super::watch::tick();
                    match notes.contains_key(note_key(&startup, &note)) {
                        Ok(true) => {}
                        Ok(false) => f.add(lost, Some(format!("{note} of {startup}"))),
                        Err(_) => f.add(
                            "notes listed in the note index that cannot be read",
                            Some(format!("{note} of {startup}")),
                        ),
                    }
                    // In another bucket than its own, it is not found.
                    let bucketed = super::owners::is_bucket_key(key);
                    if !bucketed || key == super::owners::bucket_key(&note) {
                        owned.insert(note);
                    }
                }
            },
        );
        // With the index cut short, which notes it misses is unknown.
        for note in portfolio.notes.iter().filter(|_| index_read) {
            if !owned.contains(&note.id) {
                findings.add("notes missing from the note index", Some(note.id.clone()));
            }
        }

        for problem in stored_portfolio_problems(&portfolio, &|_, _| false) {
            findings.add(
                "records that break a rule (a missing reference, a bad value)",
                Some(problem.to_string()),
            );
        }

        let mut history_entries = 0;
        self.check_tree(TreeId::History, &mut crc, &mut findings, |key, bytes, f| {
            // An import's part counts as the records it lists.
            let read = if super::imported::is_part_key(key) {
                super::imported::Part::read(bytes)
                    .map(|part| part.len())
                    .ok()
            } else {
                decode::<HistoryEntry>(bytes).ok().map(|_| 1)
            };
            match read {
                Some(n) => history_entries += n,
                None => f.add("history entries that cannot be read", None),
            }
        });
        for tree in [TreeId::Meta, TreeId::NoteSummary] {
            self.check_tree(tree, &mut crc, &mut findings, |_, _, _| {});
        }
        // Only over records read whole: else the damage is the news.
        let catalog_rebuilt = findings.0.is_empty() && self.repair_catalog(&portfolio)?;

        Ok(CheckReport {
            schema_version,
            summary: portfolio.summary(),
            history_entries,
            checksum: crc.finalize(),
            problems: findings.0,
            catalog_rebuilt,
        })
    }
}

/// A tree in words, for the report.
fn tree_name(tree: TreeId) -> &'static str {
    match tree {
        TreeId::Cohorts => "the cohorts",
        TreeId::Mentors => "the mentors",
        TreeId::Startups => "the startups",
        TreeId::DemoDays => "the demo days",
        TreeId::Notes => "the notes",
        TreeId::NoteOwners => "the note index",
        TreeId::History => "the history",
        TreeId::Meta => "the settings",
        TreeId::NoteSummary => "the note counts",
        TreeId::Catalog => "the catalog",
        TreeId::Names => "the name index",
        TreeId::Calls => "the calls",
        TreeId::Applications => "the applications",
        TreeId::Reviews => "the reviews",
        TreeId::Milestones => "the milestones",
        TreeId::OfficeHours => "the office hours",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(findings: Findings) -> CheckReport {
        CheckReport {
            schema_version: Some(SCHEMA_VERSION),
            summary: String::new(),
            history_entries: 0,
            checksum: 0,
            problems: findings.0,
            catalog_rebuilt: false,
        }
    }

    #[test]
    fn thousands_of_problems_fit_on_a_screen() {
        let mut findings = Findings::default();
        for n in 0..939 {
            findings.add("notes that cannot be read", Some(format!("s1/n{n}")));
        }
        findings.add(
            "the history cannot be read to the end (its files do not add up)",
            None,
        );
        for kind in 0..12 {
            for n in 0..3 {
                findings.add(format!("kind {kind}"), Some("x".repeat(200 + n)));
            }
        }
        let report = report(findings);
        assert_eq!(report.problem_count(), 939 + 1 + 36);
        let text = report.damage_lines();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() <= 10, "{text}");
        assert_eq!(lines[0], "Damaged: 976 problems of 14 kinds");
        assert_eq!(
            lines[1],
            "  notes that cannot be read: 939 (s1/n0, s1/n1, s1/n2, …)"
        );
        assert_eq!(
            lines[2],
            "  the history cannot be read to the end (its files do not add up)"
        );
        assert!(lines.iter().all(|l| l.chars().count() < 220), "{text}");
        assert_eq!(
            lines.last().unwrap(),
            &"  and 18 more problem(s) of 6 other kinds"
        );
    }

    #[test]
    fn one_problem_is_said_once() {
        let mut findings = Findings::default();
        findings.add("startups stored under the wrong key", Some("s9".into()));
        let text = report(findings).damage_lines();
        assert_eq!(
            text,
            "Damaged: 1 problem\n  startups stored under the wrong key: 1 (s9)\n"
        );
    }
}
