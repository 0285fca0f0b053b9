//! Keeping an index up to date with one record's change, instead of
//! building it again: a write at 10,000 startups and 100,000 notes made
//! the next search keystroke rebuild the whole index (100–150 ms; 1.4 s at
//! 100,000), in every session that saw the write.
//!
//! The changed record's text is added to the arena (what it replaces is
//! left there unused until the next build); its entry goes where a build
//! would put it, and the places of the records after it in its kind's list
//! move as the portfolio's do. Each change leaves the index answering as
//! one built from the changed portfolio would (a property test checks it).

use super::SearchIndex;
use super::index::{Builder, Entry, KIND_ORDER, Span};
use crate::model::{Kind, Record, natural_cmp};

impl SearchIndex {
    /// Index `record` as it is now: new, or in place of its earlier
    /// version. `record_at` is its place in its kind's list once put there
    /// (`Portfolio::put`); a new record moves those after it down one.
    pub fn put(&mut self, record: &Record, record_at: usize) {
        let kind = record.kind();
        if !is_indexed(kind) {
            return;
        }
        let found = self.find(kind, record.id());
        // Its notes are named after it: look them up only if its name is
        // new (a scan of every note entry).
        let renamed = match (record, found) {
            (Record::Startup(s), Ok(at)) => self.str(self.entries[at].name) != s.name,
            (Record::Startup(_), Err(_)) => true,
            _ => false,
        };
        let startup = match record {
            Record::Note(n) => self
                .find(Kind::Startup, &n.startup)
                .ok()
                .map(|at| (self.entries[at].id, self.entries[at].name)),
            _ => None,
        };
        let entry = self.build_entry(record, record_at, startup);
        match found {
            Ok(at) => self.entries[at] = entry,
            Err(at) => {
                self.move_places(kind, record_at, 1);
                self.entries.insert(at, entry);
                self.resize_kind(kind, 1);
            }
        }
        if let (true, Record::Startup(s)) = (renamed, record) {
            self.rename_notes_of(&s.id, Some((entry.id, entry.name)));
        }
        self.forget_queries();
    }

    /// Take record `id` of `kind` out; those after it in its kind's list
    /// move up one, as `Portfolio::remove` moves them.
    pub fn remove(&mut self, kind: Kind, id: &str) {
        if !is_indexed(kind) {
            return;
        }
        let Ok(at) = self.find(kind, id) else {
            return;
        };
        let removed = self.entries.remove(at);
        self.resize_kind(kind, -1);
        self.move_places(kind, removed.record as usize + 1, -1);
        if kind == Kind::Startup {
            self.rename_notes_of(id, None);
        }
        self.forget_queries();
    }

    /// Where record `id` of `kind` is among the entries, or where it would go.
    fn find(&self, kind: Kind, id: &str) -> Result<usize, usize> {
        let (start, end) = self.kind_range(kind);
        let entries = &self.entries[start..end];
        let at = entries.partition_point(|e| natural_cmp(self.str(e.id), id).is_lt());
        match entries.get(at) {
            Some(e) if self.str(e.id) == id => Ok(start + at),
            _ => Err(start + at),
        }
    }

    fn kind_range(&self, kind: Kind) -> (usize, usize) {
        let slot = kind_slot(kind);
        let (start, end) = self.kind_ranges[slot];
        (start as usize, end as usize)
    }

    /// The entry a build makes for `record`, its text added to the arena.
    fn build_entry(
        &mut self,
        record: &Record,
        record_at: usize,
        startup: Option<(Span, Span)>,
    ) -> Entry {
        let mut b = Builder {
            arena: std::mem::take(&mut self.arena),
            keys: std::mem::take(&mut self.keys),
            patches: std::mem::take(&mut self.patches),
            breaks: std::mem::take(&mut self.breaks),
            entries: Vec::with_capacity(1),
        };
        match record {
            Record::Startup(s) => {
                b.add_startup(record_at, s);
            }
            Record::Cohort(c) => b.add_cohort(record_at, c),
            Record::Mentor(m) => b.add_mentor(record_at, m),
            Record::DemoDay(d) => b.add_demo_day(record_at, d),
            Record::Note(n) => b.add_note(record_at, n, startup),
            // Not indexed (`put` returns first): the screen that lists
            // them searches them itself.
            Record::Call(_)
            | Record::Application(_)
            | Record::Review(_)
            | Record::Milestone(_)
            | Record::OfficeHour(_) => {}
        }
        self.arena = b.arena;
        self.keys = b.keys;
        self.patches = b.patches;
        self.breaks = b.breaks;
        b.entries.pop().expect("every record makes an entry")
    }

    /// Records of `kind` at places `from` and after move by `by`.
    fn move_places(&mut self, kind: Kind, from: usize, by: i32) {
        let (start, end) = self.kind_range(kind);
        for entry in &mut self.entries[start..end] {
            if entry.record as usize >= from {
                entry.record = entry.record.wrapping_add_signed(by);
            }
        }
    }

    /// `kind` has `by` entries more; the kinds after it start that much later.
    fn resize_kind(&mut self, kind: Kind, by: i32) {
        let slot = kind_slot(kind);
        self.kind_ranges[slot].1 = self.kind_ranges[slot].1.wrapping_add_signed(by);
        for range in &mut self.kind_ranges[slot + 1..] {
            range.0 = range.0.wrapping_add_signed(by);
            range.1 = range.1.wrapping_add_signed(by);
        }
    }

    /// Notes are named after their startup: after it changed, with its new
    /// spans; after it went, by its id, as a build names a note whose
    /// startup it does not know.
    fn rename_notes_of(&mut self, startup: &str, spans: Option<(Span, Span)>) {
        let (start, end) = self.kind_range(Kind::Note);
        for at in start..end {
            let Some(of) = self.entries[at].startup else {
                continue;
            };
            if self.str(of) != startup {
                continue;
            }
            let (id, name) = spans.unwrap_or((of, of));
            self.entries[at].startup = Some(id);
            self.entries[at].name = name;
        }
    }

    /// What the last queries matched is of the entries before the change:
    /// a new stamp tells every memo so.
    fn forget_queries(&mut self) {
        self.stamp = super::narrow::next_stamp();
    }
}

/// Whether records of `kind` are in the index: the program year's are not.
fn is_indexed(kind: Kind) -> bool {
    KIND_ORDER.contains(&kind)
}

fn kind_slot(kind: Kind) -> usize {
    KIND_ORDER
        .iter()
        .position(|&k| k == kind)
        .expect("every kind has a place")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::{Note, Portfolio};
    use crate::search::SearchMemo;

    const QUERIES: [&str; 8] = ["s", "se", "sebeke", "xezer", "a", "hub 1", "new", "서울"];

    /// Everything a search answers, for every query and every kind,
    /// narrowed through `memo` (which may remember an earlier index).
    fn answers(index: &SearchIndex, memo: &mut SearchMemo) -> Vec<String> {
        let mut out = Vec::new();
        for query in QUERIES {
            for hit in index.search_with(memo, query, None, usize::MAX) {
                out.push(format!("{query} {hit:?}"));
            }
            for kind in KIND_ORDER {
                for found in index.search_found_with(memo, query, Some(&[kind]), usize::MAX) {
                    out.push(format!("{query} {found:?}"));
                }
                let listed = index.search_list_with(memo, query, kind, 5);
                out.push(format!("{query} {listed:?}"));
            }
        }
        out
    }

    fn place(p: &Portfolio, kind: Kind, id: &str) -> usize {
        (0..p.count(kind))
            .position(|at| p.id_at(kind, at) == Some(id))
            .expect("put")
    }

    /// The change `op` makes to `p`: a record put, or a kind and id gone.
    fn change(p: &Portfolio, op: u8, pick: usize) -> Result<Record, (Kind, String)> {
        let startup = &p.startups[pick % p.startups.len()];
        let note = &p.notes[pick % p.notes.len()];
        match op {
            0 => {
                let mut s = startup.clone();
                s.name = format!("Xəzər New {pick}");
                Ok(Record::Startup(s))
            }
            1 => {
                let mut s = startup.clone();
                s.id = format!("s{}", 5 + pick % 200);
                s.name = format!("New 서울 Hub {pick}");
                Ok(Record::Startup(s))
            }
            2 => Err((Kind::Startup, startup.id.clone())),
            3 => Ok(Record::Note(Note {
                id: format!("n{}", pick % 1_000),
                body: format!("sebeke hub {pick}\nnew line"),
                ..note.clone()
            })),
            4 => Err((Kind::Note, note.id.clone())),
            7 => {
                // A startup deleted while its notes stayed, back (else a
                // note's startup renamed).
                let known = |id: &str| p.startups.iter().any(|s| s.id == id);
                let orphan = p.notes.iter().find(|n| !known(&n.startup));
                let mut s = startup.clone();
                s.id = orphan.unwrap_or(note).startup.clone();
                s.name = format!("Back 서울 {pick}");
                Ok(Record::Startup(s))
            }
            5 => {
                let mut c = p.cohorts[pick % p.cohorts.len()].clone();
                c.name = format!("Autumn {pick} Xəzər");
                Ok(Record::Cohort(c))
            }
            _ => {
                let mut m = p.mentors[pick % p.mentors.len()].clone();
                m.expertise.push("sebeke".into());
                Ok(Record::Mentor(m))
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// After every change, the index kept up to date answers every
        /// search exactly as one built from the changed portfolio.
        #[test]
        fn an_index_kept_up_to_date_answers_as_one_built_anew(
            changes in prop::collection::vec((0u8..8, 0usize..10_000), 1..12)
        ) {
            let mut p = crate::generate::portfolio(40, 11);
            p.sort();
            let mut index = SearchIndex::build(&p);
            // Kept across the writes: what it remembers must not outlive them.
            let mut memo = SearchMemo::default();
            for (op, pick) in changes {
                match change(&p, op, pick) {
                    Ok(record) => {
                        let (kind, id) = (record.kind(), record.id().to_string());
                        p.put(record.clone());
                        index.put(&record, place(&p, kind, &id));
                    }
                    Err((kind, id)) => {
                        p.remove(kind, &id);
                        index.remove(kind, &id);
                    }
                }
                if p.startups.is_empty() || p.notes.is_empty() {
                    break;
                }
                prop_assert_eq!(
                    answers(&index, &mut memo),
                    answers(&SearchIndex::build(&p), &mut SearchMemo::default())
                );
            }
        }
    }
}
