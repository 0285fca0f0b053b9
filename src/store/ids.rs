//! Ids are never given twice. Each kind has a counter in `meta`
//! (`next_id/KIND`): the least number no id of that kind has had. Every
//! id that enters the database — generated, given by an import or a
//! record made with its own id — raises it in the write's transaction, and
//! a delete never lowers it. So a startup made after `s4` was deleted is
//! not `s4`: it would show `s4`'s history, and an earlier export's `s4`
//! would change meaning.
//!
//! A database from before the counters kept up with every id lacks the
//! mark [`IDS_KEY`]; its floors are found once, from every record and every
//! record's history (a deleted record keeps its history), and written with
//! the mark by the first write that gives an id. A replace (`restore`,
//! `import --replace`) carries the replaced database's floors into the new
//! one.

use std::collections::BTreeMap;

use super::tx::{TreeId, Tx, TxResult, read_u64};
use super::{Result, Store};
use crate::model::Kind;

/// In `meta` once every kind's counter is above every id it has had.
pub(super) const IDS_KEY: &[u8] = b"ids_version";
pub(super) const IDS_VERSION: u64 = 1;

pub(super) fn counter_key(kind: Kind) -> Vec<u8> {
    format!("next_id/{kind}").into_bytes()
}

/// The number of `id` when it has the form of a generated one (`s12` → 12).
pub(super) fn number_of(kind: Kind, id: &str) -> Option<u64> {
    let digits = id.strip_prefix(kind.id_prefix())?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The least number above every id in `ids` of each kind.
pub(super) fn floors<'a>(ids: impl IntoIterator<Item = (Kind, &'a str)>) -> Floors {
    let mut floors = Floors::new();
    for (kind, id) in ids {
        if let Some(n) = number_of(kind, id) {
            let floor = floors.entry(kind).or_insert(0);
            *floor = (*floor).max(n.saturating_add(1));
        }
    }
    floors
}

/// Per kind, the least number not yet given.
pub type Floors = BTreeMap<Kind, u64>;

impl Tx<'_> {
    /// Raise `kind`'s counter to at least `floor`.
    pub fn raise_counter(&self, kind: Kind, floor: u64) -> TxResult<()> {
        let meta = &self.trees[TreeId::Meta as usize];
        let key = counter_key(kind);
        if read_u64(meta.get(&key)?.as_deref()) < floor {
            meta.insert(key, &floor.to_be_bytes())?;
        }
        Ok(())
    }

    /// Raise every counter to `floors`.
    pub fn raise_counters(&self, floors: &Floors) -> TxResult<()> {
        for (kind, floor) in floors {
            self.raise_counter(*kind, *floor)?;
        }
        Ok(())
    }

    /// Say that the counters are above every id the database has had.
    pub fn mark_counted(&self) -> TxResult<()> {
        self.trees[TreeId::Meta as usize].insert(IDS_KEY, &IDS_VERSION.to_be_bytes())?;
        Ok(())
    }

    /// In a database from before its counters saw every id, the ids found
    /// ([`Store::uncounted_floors`]): raise the counters past them and
    /// mark them counted, in this write. Nothing once counted.
    pub fn count_ids_once(&self, floors: Option<&Floors>) -> TxResult<()> {
        if let Some(floors) = floors {
            self.raise_counters(floors)?;
            self.mark_counted()?;
        }
        Ok(())
    }
}

impl Store {
    /// For a database from before its counters saw every id, the floors
    /// its records and history set, found once before the write that
    /// makes a record ([`Tx::count_ids_once`]); `None` once counted.
    pub(super) fn uncounted_floors(&self) -> Result<Option<Floors>> {
        match self.ids_counted()? {
            true => Ok(None),
            false => Ok(Some(self.id_floors()?)),
        }
    }

    /// Whether the counters are known to be above every id ever given.
    pub(super) fn ids_counted(&self) -> Result<bool> {
        let meta = self.tree(TreeId::Meta);
        Ok(meta.get(IDS_KEY).map_err(|e| self.storage(e))?.is_some())
    }

    /// Raise the counters to `floors` (those of a portfolio this one
    /// replaces).
    pub(super) fn raise_counters(&self, floors: &Floors) -> Result<()> {
        self.write("incubator", |tx| tx.raise_counters(floors))
    }

    /// Per kind, the least number no id of it has had: its counter and, in
    /// a database from before the mark, every id in its records and in its
    /// history.
    pub fn id_floors(&self) -> Result<Floors> {
        let storage = |e| self.storage(e);
        let meta = self.tree(TreeId::Meta);
        let mut floors = Floors::new();
        for kind in Kind::DEPENDENCY_ORDER {
            let n = read_u64(meta.get(counter_key(kind)).map_err(storage)?.as_deref());
            floors.insert(kind, n);
        }
        if self.ids_counted()? {
            return Ok(floors);
        }
        let mut found: Vec<(Kind, String)> = Vec::new();
        for kind in [Kind::Cohort, Kind::Mentor, Kind::Startup, Kind::DemoDay] {
            for key in self.tree(super::tx::tree_of(kind)).iter().keys() {
                let key = key.map_err(storage)?;
                found.push((kind, String::from_utf8_lossy(&key).into_owned()));
            }
        }
        // A note's key is its startup, NUL, its id.
        for key in self.tree(TreeId::Notes).iter().keys() {
            let key = key.map_err(storage)?;
            if let Some(at) = key.iter().position(|b| *b == 0) {
                found.push((
                    Kind::Note,
                    String::from_utf8_lossy(&key[at + 1..]).into_owned(),
                ));
            }
        }
        // A history key is kind, NUL, id, NUL, seq; an import's parts
        // list records that are either still stored or were deleted since
        // (and so have an entry of their own).
        for key in self.tree(TreeId::History).iter().keys() {
            let key = key.map_err(storage)?;
            if super::imported::is_part_key(&key) {
                continue;
            }
            let mut parts = key.splitn(3, |b| *b == 0);
            let (Some(kind), Some(id)) = (parts.next(), parts.next()) else {
                continue;
            };
            if let Ok(kind) = String::from_utf8_lossy(kind).parse::<Kind>() {
                found.push((kind, String::from_utf8_lossy(id).into_owned()));
            }
        }
        for (kind, floor) in floors_of(&found) {
            let at = floors.entry(kind).or_insert(0);
            *at = (*at).max(floor);
        }
        Ok(floors)
    }
}

fn floors_of(found: &[(Kind, String)]) -> Floors {
    floors(found.iter().map(|(kind, id)| (*kind, id.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{note, startup};
    use crate::model::{Parsed, Portfolio, Record};
    use crate::store::swap;

    /// Startups s1–s5; notes n1–n8, n4 and n8 on s4.
    fn sample() -> Parsed {
        let mut portfolio = Portfolio::default();
        for n in 1..=5 {
            portfolio.startups.push(startup(&format!("s{n}")));
        }
        for n in 1..=8 {
            let on = if n % 4 == 0 { "s4" } else { "s1" };
            portfolio.notes.push(note(&format!("n{n}"), on, "body"));
        }
        Parsed {
            portfolio,
            problems: Vec::new(),
        }
    }

    fn imported_then_s4_deleted(db: &std::path::Path) -> Store {
        let store = Store::open(db).unwrap();
        store.import("t", sample(), false).unwrap();
        store.delete("t", Kind::Startup, "s4", None, false).unwrap();
        assert!(store.get_any(Kind::Note, "n8").unwrap().is_none());
        store
    }

    /// A new startup and a note on it: their ids.
    fn made(store: &Store) -> (String, String) {
        let s = store.create("t", startup("").into()).unwrap();
        let n = store
            .create("t", Record::Note(note("", s.record.id(), "new")))
            .unwrap();
        (s.record.id().to_string(), n.record.id().to_string())
    }

    #[test]
    fn a_deleted_records_ids_are_never_given_again() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        let store = imported_then_s4_deleted(&db);
        assert_eq!(made(&store), ("s6".into(), "n9".into()));
        // The new startup's history is its own.
        let history = store.history_of(Kind::Startup, "s6").unwrap();
        assert_eq!(history.len(), 1, "{history:?}");
        drop(store);
        // Nor after a restart.
        let store = Store::open(&db).unwrap();
        assert_eq!(made(&store), ("s7".into(), "n10".into()));
    }

    #[test]
    fn a_database_from_before_the_counters_finds_its_floors_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = imported_then_s4_deleted(&dir.path().join("db"));
        // As a database written before: no mark, no counters.
        let meta = store.tree(TreeId::Meta);
        meta.remove(IDS_KEY).unwrap();
        for kind in Kind::DEPENDENCY_ORDER {
            meta.remove(counter_key(kind)).unwrap();
        }
        assert_eq!(made(&store), ("s6".into(), "n9".into()));
        assert!(store.ids_counted().unwrap());
    }

    #[test]
    fn a_replaced_portfolios_ids_are_not_given_again() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        drop(imported_then_s4_deleted(&db));
        let mut only_s1 = sample();
        only_s1.portfolio.startups.truncate(1);
        only_s1.portfolio.notes.truncate(1);
        swap::replace(&db, "t", only_s1, |_| Ok(None::<((), usize)>)).unwrap();
        let store = Store::open(&db).unwrap();
        assert_eq!(store.portfolio().unwrap().startups.len(), 1);
        assert_eq!(made(&store), ("s6".into(), "n9".into()));
    }

    #[test]
    fn an_import_raises_the_counters_past_its_ids() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.initialize_empty().unwrap();
        store.import("t", sample(), false).unwrap();
        assert_eq!(made(&store), ("s6".into(), "n9".into()));
    }

    #[test]
    fn only_generated_forms_have_a_number() {
        assert_eq!(number_of(Kind::Startup, "s12"), Some(12));
        assert_eq!(number_of(Kind::DemoDay, "d3"), Some(3));
        assert_eq!(number_of(Kind::Startup, "s"), None);
        assert_eq!(number_of(Kind::Startup, "s1a"), None);
        assert_eq!(number_of(Kind::Startup, "n4"), None);
        assert_eq!(number_of(Kind::Startup, "s-1"), None);
        let floors = floors([(Kind::Note, "n4"), (Kind::Note, "n8"), (Kind::Startup, "x")]);
        assert_eq!(floors.get(&Kind::Note), Some(&9));
        assert_eq!(floors.get(&Kind::Startup), None);
    }
}
