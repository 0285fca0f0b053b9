//! The catalog: for every record but notes, what finds it — its name and
//! the fields `search` and a cohort summary read of the records they do
//! not show — in two small trees kept by `Tx::put` and `Tx::remove` in the
//! same transaction as the record:
//!
//! - `catalog`: kind and id → the record cut down to those fields (see
//!   [`encode`]), so a command that looks for one record or searches names
//!   decodes a few strings a record, not the record;
//! - `names`: kind, folded name and id → nothing, so a name typed exactly
//!   is one prefix read.
//!
//! Both are derived from the records: when the mark in `meta` is missing
//! (a database from before them, a rebuild cut short) or an entry cannot be
//! read, they are built again from the records, which win.

use sled::transaction::TransactionalTree;

use super::stored::{Kept, decode_any};
use super::tx::{CATALOG_KEY, CATALOG_VERSION, TreeId, Tx, TxResult, tree_of};
use super::{Result, Store};
use crate::model::*;
use crate::text::fold;

/// The kinds the catalog holds, in the order a rebuild reads them.
const KINDS: [Kind; 6] = [
    Kind::Cohort,
    Kind::Mentor,
    Kind::Startup,
    Kind::DemoDay,
    Kind::Call,
    Kind::Application,
];

/// Records a rebuild writes at a time.
const REBUILD_BATCH: usize = 5_000;

fn tag(kind: Kind) -> u8 {
    match kind {
        Kind::Cohort => b'c',
        Kind::Mentor => b'm',
        Kind::Startup => b's',
        Kind::DemoDay => b'd',
        Kind::Note => b'n',
        Kind::Call => b'C',
        Kind::Application => b'a',
        Kind::Review => b'r',
        Kind::Milestone => b'M',
        Kind::OfficeHour => b'o',
    }
}

fn entry_key(kind: Kind, id: &str) -> Vec<u8> {
    let mut key = vec![tag(kind)];
    key.extend_from_slice(id.as_bytes());
    key
}

/// The kind, the folded name's length and the folded name: what every
/// record of that name's key starts with (the length keeps a name from
/// being taken for the start of a longer one).
fn name_prefix(kind: Kind, folded: &str) -> Vec<u8> {
    let mut key = vec![tag(kind)];
    key.extend_from_slice(
        &u32::try_from(folded.len())
            .unwrap_or(u32::MAX)
            .to_be_bytes(),
    );
    key.extend_from_slice(folded.as_bytes());
    key
}

fn name_key(record: &Record) -> Vec<u8> {
    let mut key = name_prefix(record.kind(), &fold(&record.label()));
    key.extend_from_slice(record.id().as_bytes());
    key
}

/// A record cut down to what the catalog keeps, as length-prefixed
/// strings: a startup's name, one-liner, sector, status, cohort, tags,
/// founders' names and mentors; a cohort's name; a mentor's name and
/// expertise; a demo day's time, venue and cohort; a call's name and
/// cohort; an application's name, call and stage. `None` for a note or a
/// review.
pub(super) fn encode(record: &Record) -> Option<Vec<u8>> {
    let mut out = Fields(Vec::new());
    match record {
        Record::Startup(s) => {
            out.text(&s.name);
            out.text(&s.one_liner);
            out.text(&s.sector);
            out.text(s.status.as_str());
            out.text(s.cohort.as_deref().unwrap_or_default());
            out.list(s.tags.iter().map(String::as_str));
            out.list(s.founders.iter().map(|f| f.name.as_str()));
            out.list(s.mentors.iter().map(String::as_str));
        }
        Record::Cohort(c) => out.text(&c.name),
        Record::Mentor(m) => {
            out.text(&m.name);
            out.list(m.expertise.iter().map(String::as_str));
        }
        Record::DemoDay(d) => {
            out.text(&d.at.to_rfc3339());
            out.text(&d.venue);
            out.text(&d.cohort);
        }
        Record::Call(c) => {
            out.text(&c.name);
            out.text(&c.cohort);
        }
        Record::Application(a) => {
            out.text(&a.name);
            out.text(&a.call);
            out.text(a.stage.as_str());
        }
        Record::Note(_) | Record::Review(_) | Record::Milestone(_) | Record::OfficeHour(_) => {
            return None;
        }
    }
    Some(out.0)
}

/// The record `encode` wrote, with only those fields: the others are
/// empty (or their defaults). `None` when the bytes are not an entry.
pub(super) fn decode(kind: Kind, id: &str, bytes: &[u8]) -> Option<Record> {
    CatalogEntry::parse(kind, id, bytes).map(|entry| entry.record())
}

/// One catalog entry read in place, its strings borrowed from the bytes
/// sled handed over: what `search` scores a record by without making the
/// record (see [`Store::scan_catalog`]).
pub struct CatalogEntry<'a> {
    id: &'a str,
    parts: Parts<'a>,
}

/// An entry's fields, in the order `encode` wrote them.
enum Parts<'a> {
    Startup {
        name: &'a str,
        one_liner: &'a str,
        sector: &'a str,
        status: Status,
        cohort: &'a str,
        tags: List<'a>,
        founders: List<'a>,
        mentors: List<'a>,
    },
    Cohort {
        name: &'a str,
    },
    Mentor {
        name: &'a str,
        expertise: List<'a>,
    },
    DemoDay {
        at: chrono::DateTime<chrono::FixedOffset>,
        venue: &'a str,
        cohort: &'a str,
    },
    Call {
        name: &'a str,
        cohort: &'a str,
    },
    Application {
        name: &'a str,
        call: &'a str,
        stage: ApplicationStage,
    },
}

impl<'a> CatalogEntry<'a> {
    /// The entry `encode` wrote, read as `decode` reads it (the same bytes
    /// are refused); `None` when the bytes are not an entry.
    fn parse(kind: Kind, id: &'a str, bytes: &'a [u8]) -> Option<Self> {
        let mut r = Reader(bytes);
        let parts = match kind {
            Kind::Startup => Parts::Startup {
                name: r.str()?,
                one_liner: r.str()?,
                sector: r.str()?,
                status: r.str()?.parse().ok()?,
                cohort: r.str()?,
                tags: r.list()?,
                founders: r.list()?,
                mentors: r.list()?,
            },
            Kind::Cohort => Parts::Cohort { name: r.str()? },
            Kind::Mentor => Parts::Mentor {
                name: r.str()?,
                expertise: r.list()?,
            },
            Kind::DemoDay => Parts::DemoDay {
                at: chrono::DateTime::parse_from_rfc3339(r.str()?).ok()?,
                venue: r.str()?,
                cohort: r.str()?,
            },
            Kind::Call => Parts::Call {
                name: r.str()?,
                cohort: r.str()?,
            },
            Kind::Application => Parts::Application {
                name: r.str()?,
                call: r.str()?,
                stage: r.str()?.parse().ok()?,
            },
            Kind::Note | Kind::Review | Kind::Milestone | Kind::OfficeHour => return None,
        };
        r.0.is_empty().then_some(CatalogEntry { id, parts })
    }

    pub fn id(&self) -> &'a str {
        self.id
    }

    /// A startup's cohort, a call's, or a demo day's; empty otherwise.
    pub fn cohort(&self) -> &'a str {
        match self.parts {
            Parts::Startup { cohort, .. }
            | Parts::DemoDay { cohort, .. }
            | Parts::Call { cohort, .. } => cohort,
            Parts::Cohort { .. } | Parts::Mentor { .. } | Parts::Application { .. } => "",
        }
    }

    /// The text that `search` keys as the record's name: a startup's,
    /// cohort's or mentor's name; empty for a demo day, whose venue is
    /// searched as its venue.
    pub fn searched_name(&self) -> &'a str {
        match &self.parts {
            Parts::Startup { name, .. }
            | Parts::Cohort { name }
            | Parts::Mentor { name, .. }
            | Parts::Call { name, .. }
            | Parts::Application { name, .. } => name,
            Parts::DemoDay { .. } => "",
        }
    }

    /// The other texts `search` keys, in the order its index keys them
    /// (`search::index::Builder::add_*`): a startup's one-liner, sector,
    /// tags and founders' names; a mentor's expertise; a demo day's venue.
    pub fn searched_others(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let none = List { bytes: &[], n: 0 };
        let (fixed, n, lists) = match self.parts {
            Parts::Startup {
                one_liner,
                sector,
                tags,
                founders,
                ..
            } => ([one_liner, sector], 2, [tags, founders]),
            Parts::Cohort { .. } | Parts::Call { .. } | Parts::Application { .. } => {
                (["", ""], 0, [none, none])
            }
            Parts::Mentor { expertise, .. } => (["", ""], 0, [expertise, none]),
            Parts::DemoDay { venue, .. } => ([venue, ""], 1, [none, none]),
        };
        let [first, second] = lists;
        fixed
            .into_iter()
            .take(n)
            .chain(first.iter())
            .chain(second.iter())
    }

    /// The record, with only the fields the catalog keeps (see `decode`).
    pub fn record(&self) -> Record {
        let id = self.id.to_string();
        match &self.parts {
            Parts::Startup {
                name,
                one_liner,
                sector,
                status,
                cohort,
                tags,
                founders,
                mentors,
            } => Record::Startup(Startup {
                id,
                name: name.to_string(),
                one_liner: one_liner.to_string(),
                sector: sector.to_string(),
                status: *status,
                cohort: Some(cohort.to_string()).filter(|c| !c.is_empty()),
                tags: tags.owned(),
                founders: founders
                    .iter()
                    .map(|name| Founder {
                        name: name.to_string(),
                        email: String::new(),
                        role: String::new(),
                    })
                    .collect(),
                mentors: mentors.owned(),
                stage: Stage::default(),
                website: String::new(),
                kpis: Vec::new(),
                outcome: None,
            }),
            Parts::Cohort { name } => Record::Cohort(Cohort {
                id,
                name: name.to_string(),
                program: Program::default(),
                start: chrono::NaiveDate::MIN,
                end: chrono::NaiveDate::MIN,
                capacity: 0,
                description: String::new(),
            }),
            Parts::Mentor { name, expertise } => Record::Mentor(Mentor {
                id,
                name: name.to_string(),
                expertise: expertise.owned(),
                email: String::new(),
                organization: String::new(),
                languages: Vec::new(),
                capacity: 0,
            }),
            Parts::DemoDay { at, venue, cohort } => Record::DemoDay(DemoDay {
                id,
                at: *at,
                venue: venue.to_string(),
                cohort: cohort.to_string(),
                pitches: Vec::new(),
                investors: Vec::new(),
                notes: String::new(),
                criteria: Vec::new(),
                judges: Vec::new(),
                scores: Vec::new(),
                judging_closed: false,
            }),
            Parts::Call { name, cohort } => Record::Call(Call {
                id,
                name: name.to_string(),
                cohort: cohort.to_string(),
                opens: chrono::NaiveDate::MIN,
                closes: chrono::NaiveDate::MIN,
                criteria: Vec::new(),
                questions: Vec::new(),
            }),
            Parts::Application { name, call, stage } => Record::Application(Application {
                id,
                name: name.to_string(),
                call: call.to_string(),
                stage: *stage,
                one_liner: String::new(),
                sector: String::new(),
                founders: Vec::new(),
                answers: Vec::new(),
                submitted_at: chrono::DateTime::<chrono::FixedOffset>::MIN_UTC.into(),
                reviewers: Vec::new(),
                startup: None,
            }),
        }
    }
}

/// A list of strings in an entry, checked when the entry was read, read
/// out as it is walked.
#[derive(Clone, Copy)]
struct List<'a> {
    bytes: &'a [u8],
    n: usize,
}

impl<'a> List<'a> {
    fn iter(self) -> impl Iterator<Item = &'a str> {
        let mut r = Reader(self.bytes);
        // Checked already: nothing is cut short here.
        (0..self.n).map_while(move |_| r.str())
    }

    fn owned(self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

/// Strings, each after its length (4 bytes, big-endian); a list after
/// its count.
struct Fields(Vec<u8>);

impl Fields {
    fn len(&mut self, n: usize) {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        self.0.extend_from_slice(&n.to_be_bytes());
    }

    fn text(&mut self, text: &str) {
        self.len(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    fn list<'a>(&mut self, items: impl ExactSizeIterator<Item = &'a str>) {
        self.len(items.len());
        for item in items {
            self.text(item);
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn len(&mut self) -> Option<usize> {
        let (n, rest) = self.0.split_first_chunk::<4>()?;
        self.0 = rest;
        usize::try_from(u32::from_be_bytes(*n)).ok()
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        let (text, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        std::str::from_utf8(text).ok()
    }

    /// A list, each of its strings checked.
    fn list(&mut self) -> Option<List<'a>> {
        let n = self.len()?;
        // A count no entry could hold is not an entry.
        if n > self.0.len() / 4 {
            return None;
        }
        let start = self.0;
        for _ in 0..n {
            self.str()?;
        }
        let bytes = &start[..start.len() - self.0.len()];
        Some(List { bytes, n })
    }
}

/// Put `record`'s entry and name key into `batches` (one a tree, by
/// `TreeId`): for a database being filled from nothing, where there is no
/// old entry to take away (see `Store::load_batch`).
pub(super) fn batch_put(batches: &mut [sled::Batch], record: &Record) {
    if let Some(entry) = encode(record) {
        batches[TreeId::Names as usize].insert(name_key(record), &[]);
        batches[TreeId::Catalog as usize].insert(entry_key(record.kind(), record.id()), entry);
    }
}

impl Tx<'_> {
    /// Put `record`'s entry and name key, taking away its old name's key.
    pub(super) fn catalog_put(&self, record: &Record) -> TxResult<()> {
        let Some(entry) = encode(record) else {
            return Ok(());
        };
        self.catalog_remove(record.kind(), record.id())?;
        self.names().insert(name_key(record), &[])?;
        self.entries()
            .insert(entry_key(record.kind(), record.id()), entry)?;
        Ok(())
    }

    /// Take away the entry and name key of the record of `kind` and `id`.
    pub(super) fn catalog_remove(&self, kind: Kind, id: &str) -> TxResult<()> {
        if kind == Kind::Note {
            return Ok(());
        }
        let key = entry_key(kind, id);
        if let Some(old) = self.entries().remove(key)? {
            // An entry that cannot be read leaves a name key behind: a
            // name that finds no entry is passed over (see `named`).
            if let Some(old) = decode(kind, id, &old) {
                self.names().remove(name_key(&old))?;
            }
        }
        Ok(())
    }

    fn entries(&self) -> &TransactionalTree {
        &self.trees[TreeId::Catalog as usize]
    }

    fn names(&self) -> &TransactionalTree {
        &self.trees[TreeId::Names as usize]
    }
}

impl Store {
    /// Every record of `T`'s kind as the catalog holds it: cut down to the
    /// fields `search` reads (see [`encode`]), in natural id order.
    pub fn catalog<T: Kept>(&self) -> Result<Vec<T>> {
        let records = self.catalog_of(T::KIND)?;
        Ok(records.into_iter().filter_map(T::from_record).collect())
    }

    /// [`Store::catalog`] for a kind known when the program runs. Notes are
    /// not in the catalog: none for them.
    pub fn catalog_of(&self, kind: Kind) -> Result<Vec<Record>> {
        self.read_catalog(|store| {
            // perf: sorted as ids and sled's handles, then decoded into a
            // vec of the right size: a record is a few hundred bytes, and
            // sorting and growing 100,000 of them (fresh pages, copies)
            // was a third of `search --kind startup`'s CPU at 100k.
            let mut items = Vec::new();
            let entries = store.tree(TreeId::Catalog).scan_prefix([tag(kind)]);
            for item in store.walk_items(TreeId::Catalog, entries) {
                let (key, bytes) = item?;
                match String::from_utf8(key[1..].to_vec()) {
                    Ok(id) => items.push((id, bytes)),
                    Err(_) => return Ok(None),
                }
            }
            items.sort_by(|a, b| natural_cmp(&a.0, &b.0));
            let mut out = Vec::with_capacity(items.len());
            for (id, bytes) in items {
                match decode(kind, &id, &bytes) {
                    Some(record) => out.push(record),
                    None => return Ok(None),
                }
            }
            Ok(Some(out))
        })
    }

    /// Hand each catalog entry of `kind`, read in place, to `visit` with a
    /// state that `start` makes, and return that state: for a reader that
    /// keeps little of each entry, as `search` does (no record is made, and
    /// nothing is sorted: entries come in sled's key order, not natural id
    /// order). An entry that cannot be read builds the catalog again from
    /// the records, and the walk starts over on a fresh state.
    pub fn scan_catalog<S>(
        &self,
        kind: Kind,
        start: impl Fn() -> S,
        visit: impl Fn(&mut S, &CatalogEntry<'_>),
    ) -> Result<S> {
        self.read_catalog(|store| {
            let mut state = start();
            let entries = store.tree(TreeId::Catalog).scan_prefix([tag(kind)]);
            for item in store.walk_items(TreeId::Catalog, entries) {
                let (key, bytes) = item?;
                let Ok(id) = std::str::from_utf8(&key[1..]) else {
                    return Ok(None);
                };
                match CatalogEntry::parse(kind, id, &bytes) {
                    Some(entry) => visit(&mut state, &entry),
                    None => return Ok(None),
                }
            }
            Ok(Some(state))
        })
    }

    /// The catalog's entry for one record: its name and the fields
    /// [`Store::catalog`] keeps.
    pub fn catalog_entry(&self, kind: Kind, id: &str) -> Result<Option<Record>> {
        self.read_catalog(|store| {
            let bytes = store
                .tree(TreeId::Catalog)
                .get(entry_key(kind, id))
                .map_err(|e| store.storage(e))?;
            Ok(match bytes {
                None => Some(None),
                Some(bytes) => decode(kind, id, &bytes).map(Some),
            })
        })
    }

    /// The records of `kind` whose folded name ([`Record::label`] through
    /// [`fold`]) is `folded`, from the catalog, in natural id order.
    pub fn named(&self, kind: Kind, folded: &str) -> Result<Vec<Record>> {
        let prefix = name_prefix(kind, folded);
        let ids = self.read_catalog(|store| {
            let items = store.tree(TreeId::Names).scan_prefix(&prefix);
            let mut ids = Vec::new();
            for item in store.walk_items(TreeId::Names, items) {
                let (key, _) = item?;
                match std::str::from_utf8(&key[prefix.len()..]) {
                    Ok(id) => ids.push(id.to_string()),
                    Err(_) => return Ok(None),
                }
            }
            Ok(Some(ids))
        })?;
        let mut out = Vec::new();
        for id in ids {
            // The entry has the name as it is; a key left by an entry
            // that could not be read names nothing.
            if let Some(record) = self.catalog_entry(kind, &id)?
                && fold(&record.label()) == folded
            {
                out.push(record);
            }
        }
        out.sort_by(|a, b| natural_cmp(a.id(), b.id()));
        Ok(out)
    }

    /// Run `read` over a complete catalog; when it finds an entry it cannot
    /// read (`None`), build the catalog again from the records and read
    /// once more.
    fn read_catalog<T>(&self, read: impl Fn(&Store) -> Result<Option<T>>) -> Result<T> {
        if !self.catalog_is_complete()? {
            self.rebuild_catalog()?;
        }
        if let Some(found) = read(self)? {
            return Ok(found);
        }
        self.forget_catalog()?;
        self.rebuild_catalog()?;
        read(self)?.ok_or_else(|| self.damaged("the catalog of names cannot be read".into()))
    }

    /// Whether the catalog holds exactly the entries and names that
    /// `portfolio`'s records give (`check`, and the tests).
    pub(super) fn catalog_agrees(&self, portfolio: &Portfolio) -> Result<bool> {
        let mut entries = Vec::new();
        let mut names = Vec::new();
        let mut add = |record: Record| {
            if let Some(entry) = encode(&record) {
                entries.push((entry_key(record.kind(), record.id()), entry));
                names.push(name_key(&record));
            }
        };
        portfolio.cohorts.iter().for_each(|r| add(r.clone().into()));
        portfolio.mentors.iter().for_each(|r| add(r.clone().into()));
        portfolio
            .startups
            .iter()
            .for_each(|r| add(r.clone().into()));
        portfolio
            .demo_days
            .iter()
            .for_each(|r| add(r.clone().into()));
        entries.sort();
        names.sort();
        let mut stored = Vec::with_capacity(entries.len());
        for item in self.walk(TreeId::Catalog) {
            let (key, value) = item?;
            stored.push((key.to_vec(), value.to_vec()));
        }
        if stored != entries {
            return Ok(false);
        }
        let mut stored = Vec::with_capacity(names.len());
        for item in self.walk(TreeId::Names) {
            stored.push(item?.0.to_vec());
        }
        Ok(stored == names)
    }

    /// When the catalog is marked complete but disagrees with `portfolio`
    /// (every record, read whole), build it again: the records win. True
    /// when it was built again.
    pub(super) fn repair_catalog(&self, portfolio: &Portfolio) -> Result<bool> {
        if !self.catalog_is_complete()? || self.catalog_agrees(portfolio)? {
            return Ok(false);
        }
        self.forget_catalog()?;
        self.rebuild_catalog()?;
        Ok(true)
    }

    fn apply_catalog(&self, (entries, names, _): (sled::Batch, sled::Batch, usize)) -> Result<()> {
        self.tree(TreeId::Catalog)
            .apply_batch(entries)
            .map_err(|e| self.storage(e))?;
        self.tree(TreeId::Names)
            .apply_batch(names)
            .map_err(|e| self.storage(e))
    }

    fn catalog_is_complete(&self) -> Result<bool> {
        let version = self
            .tree(TreeId::Meta)
            .get(CATALOG_KEY)
            .map_err(|e| self.storage(e))?;
        Ok(super::tx::read_u64(version.as_deref()) == CATALOG_VERSION)
    }

    /// Mark the catalog for building again at its next read.
    pub(super) fn forget_catalog(&self) -> Result<()> {
        self.tree(TreeId::Meta)
            .remove(CATALOG_KEY)
            .map_err(|e| self.storage(e))?;
        Ok(())
    }

    /// Build the catalog again from the records. Not a change to any
    /// record, so no history; under the write lock, so no write comes
    /// between. The mark goes last, after a flush: a rebuild cut short is
    /// done again at the next read. A record that cannot be read is left
    /// out (`check` reports it).
    pub fn rebuild_catalog(&self) -> Result<()> {
        let _writing = self.lock(&self.inner.write_lock);
        if self.catalog_is_complete()? {
            return Ok(());
        }
        self.tree(TreeId::Catalog)
            .clear()
            .map_err(|e| self.storage(e))?;
        self.tree(TreeId::Names)
            .clear()
            .map_err(|e| self.storage(e))?;
        // In batches, so that memory holds a batch, not the catalog.
        let mut batch = (sled::Batch::default(), sled::Batch::default(), 0);
        for kind in KINDS {
            for item in self.walk(tree_of(kind)) {
                let (_, bytes) = item?;
                let Ok(stored) = decode_any(kind, &bytes) else {
                    continue;
                };
                let record = &stored.record;
                if let Some(entry) = encode(record) {
                    batch.0.insert(entry_key(kind, record.id()), entry);
                    batch.1.insert(name_key(record), &[]);
                    batch.2 += 1;
                }
                if batch.2 == REBUILD_BATCH {
                    self.apply_catalog(std::mem::take(&mut batch))?;
                }
            }
        }
        self.apply_catalog(batch)?;
        let db = &self.inner.sled().db;
        db.flush().map_err(|e| self.storage(e))?;
        self.tree(TreeId::Meta)
            .insert(CATALOG_KEY, &CATALOG_VERSION.to_be_bytes())
            .map_err(|e| self.storage(e))?;
        db.flush().map_err(|e| self.storage(e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::model::testing::startup;

    fn store_with(p: Portfolio) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        let parsed = Parsed {
            portfolio: p,
            problems: vec![],
        };
        store.import("test", parsed, false).unwrap();
        (dir, store)
    }

    type Trees = (BTreeMap<Vec<u8>, Vec<u8>>, Vec<Vec<u8>>);

    /// The catalog's two trees as they are.
    fn stored(store: &Store) -> Trees {
        let entries = store.tree(TreeId::Catalog).iter().map(|i| {
            let (k, v) = i.unwrap();
            (k.to_vec(), v.to_vec())
        });
        let names = store.tree(TreeId::Names).iter().keys();
        (
            entries.collect(),
            names.map(|k| k.unwrap().to_vec()).collect(),
        )
    }

    /// The catalog's two trees as the records say they should be.
    fn expected(store: &Store) -> Trees {
        let records = store.portfolio_without_notes().unwrap().into_records();
        let entries = records
            .iter()
            .map(|r| (entry_key(r.kind(), r.id()), encode(r).unwrap()));
        let mut names: Vec<Vec<u8>> = records.iter().map(name_key).collect();
        names.sort();
        (entries.collect(), names)
    }

    fn renamed(store: &Store, id: &str, name: &str) {
        let current = store.get::<Startup>(id).unwrap().unwrap();
        let mut s = current.record;
        s.name = name.into();
        store.update("t", s.into(), current.version).unwrap();
    }

    #[test]
    fn the_catalog_follows_every_write() {
        let (_dir, store) = store_with(crate::generate::portfolio(40, 3));
        assert!(store.catalog_is_complete().unwrap());
        assert_eq!(stored(&store), expected(&store));

        let mut fresh = startup("s900");
        fresh.name = "Şəbəkə Pay".into();
        store.create("t", fresh.into()).unwrap();
        renamed(&store, "s3", "Xəzər Solar");
        store.delete("t", Kind::Startup, "s5", None, false).unwrap();
        // A cohort deleted with its startups detached rewrites them.
        store.delete("t", Kind::Cohort, "c1", None, true).unwrap();
        assert_eq!(stored(&store), expected(&store));
        let found = store.named(Kind::Startup, "xezer solar").unwrap();
        assert_eq!(found.iter().map(Record::id).collect::<Vec<_>>(), ["s3"]);
        assert!(store.named(Kind::Startup, "sebeke pay").unwrap().len() == 1);

        let parsed = Parsed {
            portfolio: crate::generate::portfolio(20, 8),
            problems: vec![],
        };
        store.import("t", parsed, true).unwrap();
        assert_eq!(stored(&store), expected(&store));
        assert!(
            store
                .named(Kind::Startup, "xezer solar")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_database_from_before_the_catalog_gets_one_when_read() {
        let (_dir, store) = store_with(crate::generate::portfolio(30, 4));
        let whole = expected(&store);
        store.tree(TreeId::Catalog).clear().unwrap();
        store.tree(TreeId::Names).clear().unwrap();
        store.forget_catalog().unwrap();
        // A write meanwhile adds its own entry, but leaves the catalog unmarked.
        renamed(&store, "s2", "Gənc Kod");
        assert!(!store.catalog_is_complete().unwrap());
        let name = fold("Gənc Kod");
        assert_eq!(store.named(Kind::Startup, &name).unwrap()[0].id(), "s2");
        assert!(store.catalog_is_complete().unwrap());
        assert_eq!(stored(&store), expected(&store));
        assert_ne!(stored(&store), whole);
    }

    #[test]
    fn an_entry_that_cannot_be_read_is_built_again_from_the_records() {
        let (_dir, store) = store_with(crate::generate::portfolio(30, 5));
        store
            .tree(TreeId::Catalog)
            .insert(entry_key(Kind::Startup, "s4"), &b"\xff\xff"[..])
            .unwrap();
        let startups = store.catalog::<Startup>().unwrap();
        assert_eq!(startups.len(), 30);
        assert_eq!(stored(&store), expected(&store));
    }

    #[test]
    fn check_builds_again_a_catalog_that_disagrees_with_the_records() {
        let (_dir, store) = store_with(crate::generate::portfolio(20, 9));
        let records = store.portfolio_without_notes().unwrap();
        assert!(store.catalog_agrees(&records).unwrap());
        let report = store.check().unwrap();
        assert!(!report.catalog_rebuilt && report.is_sound());
        // A name index entry for a startup that is not there.
        let mut ghost = startup("s999");
        ghost.name = "Ghost".into();
        let key = name_key(&ghost.into());
        store.tree(TreeId::Names).insert(key, &[]).unwrap();
        assert!(!store.catalog_agrees(&records).unwrap());
        let report = store.check().unwrap();
        assert!(report.catalog_rebuilt && report.is_sound());
        assert!(store.catalog_agrees(&records).unwrap());
        assert_eq!(stored(&store), expected(&store));
    }

    #[test]
    fn an_entry_keeps_what_search_reads() {
        let (_dir, store) = store_with(crate::generate::portfolio(10, 6));
        let whole = store.list::<Startup>().unwrap();
        let cut = store.catalog::<Startup>().unwrap();
        for (whole, cut) in whole.iter().map(|s| &s.record).zip(&cut) {
            assert_eq!(
                (&cut.id, &cut.name, &cut.one_liner, &cut.sector, &cut.tags),
                (
                    &whole.id,
                    &whole.name,
                    &whole.one_liner,
                    &whole.sector,
                    &whole.tags
                )
            );
            assert_eq!(
                (&cut.cohort, cut.status, &cut.mentors),
                (&whole.cohort, whole.status, &whole.mentors)
            );
            let names = |s: &Startup| {
                s.founders
                    .iter()
                    .map(|f| f.name.clone())
                    .collect::<Vec<_>>()
            };
            assert_eq!(names(cut), names(whole));
        }
        // A name that is only the start of another's is not that one.
        renamed(&store, "s1", "Kod");
        renamed(&store, "s2", "Kodlar");
        assert_eq!(store.named(Kind::Startup, "kod").unwrap().len(), 1);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]
        /// After any creates, renames and deletes, the catalog is the one
        /// built from the records.
        #[test]
        fn the_catalog_is_what_the_records_say(
            steps in prop::collection::vec((0u8..3, 1usize..8, "[a-zəş ]{0,6}"), 1..12)
        ) {
            let (_dir, store) = store_with(crate::generate::portfolio(6, 7));
            for (what, n, name) in steps {
                let id = format!("s{n}");
                let exists = store.get::<Startup>(&id).unwrap().is_some();
                match (what, exists) {
                    (0, false) => {
                        let mut s = startup(&id);
                        s.name = format!("x{name}");
                        store.create("t", s.into()).unwrap();
                    }
                    (1, true) => renamed(&store, &id, &format!("y{name}")),
                    (2, true) => {
                        store.delete("t", Kind::Startup, &id, None, false).unwrap();
                    }
                    _ => {}
                }
            }
            prop_assert_eq!(stored(&store), expected(&store));
        }
    }
}
