//! The portfolio as a session sees it: records in memory, indexed for the
//! screens, with the counts the lists show worked out once per load
//! instead of once per row and frame.
//!
//! The notes are most of a portfolio (ten for every startup in a busy
//! incubator) and the first screen shows none of them, only each
//! startup's count and the day of its last one. So a session can start
//! from [`Data::load_first`], which reads everything but the notes and
//! takes those counts from the store's note summary; the front end then
//! reads the notes off the first frame's path and hands them over
//! ([`Data::set_notes`], through `App::loaded`). Until then
//! [`Data::notes_of`] gives nothing and [`Data::notes_loaded`] says so.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;

use crate::model::NoteSummary;
use crate::model::*;
use crate::store::{Store, StoreError};
use crate::text::fold;

pub struct Data {
    /// Every record; `notes` is empty until the notes are loaded.
    pub portfolio: Portfolio,
    /// Changes each time the records change (see [`Data::generation`]).
    generation: u64,
    /// The generation at which each kind's records last changed (see
    /// [`Data::changed_at`]), by the kind's place in
    /// `Kind::DEPENDENCY_ORDER`.
    changed: [u64; Kind::DEPENDENCY_ORDER.len()],
    notes_loaded: bool,
    /// Note writes seen before the notes were loaded, in order (`None`:
    /// deleted), to replay over them: the notes may have been read before
    /// those writes landed.
    pending: Vec<(String, Option<Note>)>,
    /// Each startup's notes, newest first, as indices into
    /// `portfolio.notes`; by the startup's position.
    notes_by_startup: Vec<Vec<u32>>,
    /// Each startup's note count and last note day, by its position.
    summaries: Vec<NoteSummary>,
    /// Each startup's name folded (`text::fold`), by its position: what
    /// lists sort by, worked out once per change instead of per sort.
    folded_names: Vec<String>,
    /// Where each record is in its `portfolio` list, by id.
    startup_at: HashMap<String, usize>,
    cohort_at: HashMap<String, usize>,
    mentor_at: HashMap<String, usize>,
    /// Startups of each cohort and of each mentor, in portfolio order.
    startups_by_cohort: HashMap<String, Vec<usize>>,
    startups_by_mentor: HashMap<String, Vec<usize>>,
    /// Each startup's milestones, due first, as indices into
    /// `portfolio.milestones`; by startup id.
    milestones_by_startup: HashMap<String, Vec<u32>>,
}

/// Generations are unique within the process, so a `Data` built anew
/// never reuses an older one's.
static GENERATION: AtomicU64 = AtomicU64::new(1);

fn next_generation() -> u64 {
    GENERATION.fetch_add(1, Ordering::Relaxed)
}

fn slot(kind: Kind) -> usize {
    Kind::DEPENDENCY_ORDER
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0)
}

fn to_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Sort one startup's notes (indices into `notes`) newest first.
fn newest_first(notes: &[Note], group: &mut [u32]) {
    group.sort_by(|a, b| {
        let (a, b) = (&notes[*a as usize], &notes[*b as usize]);
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| natural_cmp(&b.id, &a.id))
    });
}

fn summarize(notes: &[Note], group: &[u32]) -> NoteSummary {
    NoteSummary {
        count: group.len(),
        last: group
            .iter()
            .map(|n| notes[*n as usize].created_at.date_naive())
            .max(),
    }
}

fn positions<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.to_string(), i)).collect()
}

impl Data {
    /// Everything, notes included.
    pub fn load(store: &Store) -> Result<Data, StoreError> {
        Ok(Data::from_portfolio(store.portfolio()?))
    }

    /// What the first frame needs: every record but the notes, and each
    /// startup's note count and last note day from the store's summary.
    /// Load the notes afterwards with [`Store::notes`] and hand them to
    /// [`Data::set_notes`].
    pub fn load_first(store: &Store) -> Result<Data, StoreError> {
        let portfolio = store.portfolio_without_notes()?;
        let mut data = Data::build(portfolio, false);
        let (startup_at, summaries) = (&data.startup_at, &mut data.summaries);
        store.for_each_note_summary(|startup, summary| {
            if let Some(&at) = startup_at.get(startup) {
                summaries[at] = summary;
            }
        })?;
        Ok(data)
    }

    /// A whole portfolio, notes included.
    pub fn from_portfolio(portfolio: Portfolio) -> Data {
        Data::build(portfolio, true)
    }

    fn build(portfolio: Portfolio, notes_loaded: bool) -> Data {
        let generation = next_generation();
        let mut data = Data {
            portfolio,
            generation,
            changed: [generation; Kind::DEPENDENCY_ORDER.len()],
            notes_loaded,
            pending: Vec::new(),
            notes_by_startup: Vec::new(),
            summaries: Vec::new(),
            folded_names: Vec::new(),
            startup_at: HashMap::new(),
            cohort_at: HashMap::new(),
            mentor_at: HashMap::new(),
            startups_by_cohort: HashMap::new(),
            startups_by_mentor: HashMap::new(),
            milestones_by_startup: HashMap::new(),
        };
        data.index_records();
        data.index_milestones();
        data.index_notes();
        data
    }

    /// Positions and groups of every record but the notes.
    fn index_records(&mut self) {
        let p = &self.portfolio;
        self.folded_names = p.startups.iter().map(|s| fold(&s.name)).collect();
        self.startup_at = positions(p.startups.iter().map(|r| r.id.as_str()));
        self.cohort_at = positions(p.cohorts.iter().map(|r| r.id.as_str()));
        self.mentor_at = positions(p.mentors.iter().map(|r| r.id.as_str()));
        self.index_groups();
    }

    /// The startups of each cohort and of each mentor.
    fn index_groups(&mut self) {
        let p = &self.portfolio;
        let mut startups_by_cohort: HashMap<String, Vec<usize>> = HashMap::new();
        let mut startups_by_mentor: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, s) in p.startups.iter().enumerate() {
            if let Some(cohort) = &s.cohort {
                if let Some(group) = startups_by_cohort.get_mut(cohort) {
                    group.push(i);
                } else {
                    startups_by_cohort.insert(cohort.clone(), vec![i]);
                }
            }
            for mentor in &s.mentors {
                if let Some(group) = startups_by_mentor.get_mut(mentor) {
                    group.push(i);
                } else {
                    startups_by_mentor.insert(mentor.clone(), vec![i]);
                }
            }
        }
        self.startups_by_cohort = startups_by_cohort;
        self.startups_by_mentor = startups_by_mentor;
    }

    /// Each startup's milestones, soonest due first (then by title).
    fn index_milestones(&mut self) {
        let milestones = &self.portfolio.milestones;
        let mut by_startup: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, m) in milestones.iter().enumerate() {
            by_startup
                .entry(m.startup.clone())
                .or_default()
                .push(u32::try_from(i).unwrap_or(u32::MAX));
        }
        for group in by_startup.values_mut() {
            group.sort_by(|&a, &b| {
                let (a, b) = (&milestones[a as usize], &milestones[b as usize]);
                (a.due, &a.title).cmp(&(b.due, &b.title))
            });
        }
        self.milestones_by_startup = by_startup;
    }

    /// Put a milestone written, keeping its startup's group in due order
    /// without building every group again (300 ms at 300,000 milestones).
    fn put_milestone(&mut self, milestone: Milestone) {
        let list = &self.portfolio.milestones;
        match list.iter().position(|m| m.id == milestone.id) {
            Some(at) => {
                // In place: out of its startup's group as it was, into it as it is.
                self.ungroup_milestone(at);
                self.portfolio.milestones[at] = milestone;
                self.group_milestone(at);
            }
            None => {
                let at = list.partition_point(|m| natural_cmp(&m.id, &milestone.id).is_lt());
                self.portfolio.milestones.insert(at, milestone);
                self.shift_milestones(at, true);
                self.group_milestone(at);
            }
        }
    }

    fn remove_milestone(&mut self, id: &str) {
        let Some(at) = self.portfolio.milestones.iter().position(|m| m.id == id) else {
            return;
        };
        self.ungroup_milestone(at);
        self.portfolio.milestones.remove(at);
        self.shift_milestones(at, false);
    }

    /// The milestones from `at` on moved one place later (`later`) or earlier.
    fn shift_milestones(&mut self, at: usize, later: bool) {
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        for group in self.milestones_by_startup.values_mut() {
            for i in group.iter_mut().filter(|i| **i >= at) {
                *i = if later { *i + 1 } else { *i - 1 };
            }
        }
    }

    fn ungroup_milestone(&mut self, at: usize) {
        let startup = &self.portfolio.milestones[at].startup;
        if let Some(group) = self.milestones_by_startup.get_mut(startup) {
            group.retain(|i| *i as usize != at);
            if group.is_empty() {
                self.milestones_by_startup.remove(startup);
            }
        }
    }

    fn group_milestone(&mut self, at: usize) {
        let milestones = &self.portfolio.milestones;
        let m = &milestones[at];
        let group = self
            .milestones_by_startup
            .entry(m.startup.clone())
            .or_default();
        let key = |i: u32| {
            let m = &milestones[i as usize];
            (m.due, &m.title)
        };
        let place = group.partition_point(|&i| key(i) <= (m.due, &m.title));
        group.insert(place, u32::try_from(at).unwrap_or(u32::MAX));
    }

    /// Each startup's notes and their summary, from `portfolio.notes`
    /// (when they are loaded; before, the summaries stay as they are).
    fn index_notes(&mut self) {
        let startups = self.portfolio.startups.len();
        if !self.notes_loaded {
            self.notes_by_startup = vec![Vec::new(); startups];
            self.summaries.resize(startups, NoteSummary::default());
            return;
        }
        let notes = &self.portfolio.notes;
        let mut by_startup: Vec<Vec<u32>> = vec![Vec::new(); startups];
        for (i, note) in notes.iter().enumerate() {
            if let Some(&at) = self.startup_at.get(&note.startup) {
                by_startup[at].push(to_u32(i));
            }
        }
        let mut summaries = Vec::with_capacity(startups);
        for group in &mut by_startup {
            newest_first(notes, group);
            summaries.push(summarize(notes, group));
        }
        self.notes_by_startup = by_startup;
        self.summaries = summaries;
    }

    /// Note `i` (of `portfolio.notes`) joins or leaves its startup's notes
    /// (`join`), whose order and summary are worked out again: one group,
    /// instead of every startup's (15–20 ms at 100,000 notes, in every
    /// session that sees a note written).
    fn regroup(&mut self, i: usize, join: bool) {
        let Some(&at) = self.startup_at.get(&self.portfolio.notes[i].startup) else {
            return;
        };
        let notes = &self.portfolio.notes;
        let group = &mut self.notes_by_startup[at];
        group.retain(|n| *n as usize != i);
        if join {
            group.push(to_u32(i));
        }
        newest_first(notes, group);
        self.summaries[at] = summarize(notes, group);
    }

    /// Where note `id` is in `portfolio.notes`, looked for first among its
    /// startup's (`startup`, when known), then among the newest, which a
    /// session adds at the end.
    fn note_at(&self, id: &str, startup: Option<&str>) -> Option<usize> {
        let notes = &self.portfolio.notes;
        startup
            .and_then(|s| self.startup_at.get(s))
            .and_then(|at| {
                self.notes_by_startup[*at]
                    .iter()
                    .map(|n| *n as usize)
                    .find(|n| notes[*n].id == id)
            })
            .or_else(|| notes.iter().rposition(|n| n.id == id))
    }

    /// Changes whenever the records do: something worked out from an
    /// earlier generation (a search index built off the session's thread)
    /// is out of date.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The generation at which records of any of `kinds` last changed:
    /// what was worked out from those kinds alone (a list's order) holds
    /// while this stays the same, whatever else is written.
    pub fn changed_at(&self, kinds: &[Kind]) -> u64 {
        kinds
            .iter()
            .map(|kind| self.changed[slot(*kind)])
            .max()
            .unwrap_or(0)
    }

    /// Records of `kind` changed.
    fn touch(&mut self, kind: Kind) {
        self.generation = next_generation();
        self.changed[slot(kind)] = self.generation;
    }

    /// Whether the notes are here (see [`Data::load_first`]).
    pub fn notes_loaded(&self) -> bool {
        self.notes_loaded
    }

    /// Hand over the notes read after [`Data::load_first`]. Note writes
    /// seen in between are replayed over them. Returns whether any were,
    /// so that what was made from `notes` alone (a search index) is known
    /// to be out of date. Ignored once the notes are loaded.
    pub fn set_notes(&mut self, notes: Vec<Note>) -> bool {
        if self.notes_loaded {
            return false;
        }
        self.portfolio.notes = notes;
        let pending = std::mem::take(&mut self.pending);
        let replayed = !pending.is_empty();
        for (id, note) in pending {
            match note {
                Some(note) => self.portfolio.put(Record::Note(note)),
                None => self.portfolio.remove(Kind::Note, &id),
            }
        }
        self.notes_loaded = true;
        self.index_notes();
        if replayed {
            self.touch(Kind::Note);
        }
        replayed
    }

    /// Put a record that was written (a new one or a new version), keeping
    /// every index. Cheaper than building anew from the portfolio, and
    /// right before the notes are loaded, which `from_portfolio` is not.
    pub fn put(&mut self, record: Record) {
        self.touch(record.kind());
        match record {
            Record::Note(note) => self.put_note(note),
            Record::Startup(s) => {
                let known = self.startup_at.get(&s.id).copied();
                let name = fold(&s.name);
                self.portfolio.put(Record::Startup(s));
                if let Some(at) = known {
                    // Every record where it was: only its name, cohort and
                    // mentors may have changed.
                    self.folded_names[at] = name;
                    self.index_groups();
                } else {
                    self.reindex(false);
                }
            }
            // Nothing is indexed by them: an intake of 10,000 applications
            // rebuilt the indexes 10,000 times.
            program @ (Record::Call(_)
            | Record::Application(_)
            | Record::Review(_)
            | Record::OfficeHour(_)) => {
                self.portfolio.put(program);
            }
            Record::Milestone(milestone) => self.put_milestone(milestone),
            other => {
                let known = self.position(other.kind(), other.id()).is_some();
                self.portfolio.put(other);
                // A cohort, mentor or demo day changed in place moves no
                // record and no startup's group (groups go by id).
                if !known {
                    self.reindex(true);
                }
            }
        }
    }

    /// Take out a deleted record, keeping every index.
    pub fn remove(&mut self, kind: Kind, id: &str) {
        self.touch(kind);
        match kind {
            Kind::Note => self.remove_note(id),
            Kind::Startup => {
                self.portfolio.remove(kind, id);
                self.reindex(false);
            }
            Kind::Call | Kind::Application | Kind::Review | Kind::OfficeHour => {
                self.portfolio.remove(kind, id)
            }
            Kind::Milestone => self.remove_milestone(id),
            _ => {
                self.portfolio.remove(kind, id);
                self.reindex(true);
            }
        }
    }

    /// After a change to records other than notes: `same_startups` when
    /// no startup came or went, so the startups' positions still hold.
    fn reindex(&mut self, same_startups: bool) {
        if same_startups {
            self.index_records();
            return;
        }
        // Carry the summaries over by id: before the notes are loaded
        // they cannot be worked out again.
        let old: HashMap<String, NoteSummary> = self
            .startup_at
            .iter()
            .map(|(id, at)| (id.clone(), self.summaries[*at]))
            .collect();
        self.index_records();
        self.summaries = self
            .portfolio
            .startups
            .iter()
            .map(|s| old.get(&s.id).copied().unwrap_or_default())
            .collect();
        self.index_notes();
    }

    fn put_note(&mut self, note: Note) {
        if !self.notes_loaded {
            // Only the summary can follow now; the note itself waits. A
            // note written again in this session is not one more (a note
            // changed that was written before cannot be told from a new
            // one: the count is right again once the notes come).
            let known = self.pending_or_known(&note.id);
            self.pending.retain(|(id, _)| *id != note.id);
            let day = note.created_at.date_naive();
            if let Some(&at) = self.startup_at.get(&note.startup) {
                let summary = &mut self.summaries[at];
                if !known {
                    summary.count += 1;
                }
                summary.last = summary.last.max(Some(day));
            }
            self.pending.push((note.id.clone(), Some(note)));
            return;
        }
        match self.note_at(&note.id, Some(&note.startup)) {
            Some(i) => {
                // Out of its startup's notes as it was, into them as it is.
                self.regroup(i, false);
                self.portfolio.notes[i] = note;
                self.regroup(i, true);
            }
            None => {
                // At the end: no note after it moves.
                self.portfolio.notes.push(note);
                self.regroup(self.portfolio.notes.len() - 1, true);
            }
        }
    }

    fn remove_note(&mut self, id: &str) {
        if !self.notes_loaded {
            self.pending.retain(|(pending, _)| pending != id);
            self.pending.push((id.to_string(), None));
            return;
        }
        let Some(i) = self.note_at(id, None) else {
            return;
        };
        self.regroup(i, false);
        self.portfolio.notes.remove(i);
        // The notes after it moved up one.
        for group in &mut self.notes_by_startup {
            for n in group.iter_mut().filter(|n| **n as usize > i) {
                *n -= 1;
            }
        }
    }

    /// Before the notes are loaded nothing says whether a note is new;
    /// one written in this session is known.
    fn pending_or_known(&self, id: &str) -> bool {
        self.pending.iter().any(|(pending, _)| pending == id)
    }

    /// Where the record `id` of `kind` is in its portfolio list.
    pub fn position(&self, kind: Kind, id: &str) -> Option<usize> {
        match kind {
            Kind::Startup => self.startup_at.get(id).copied(),
            Kind::Cohort => self.cohort_at.get(id).copied(),
            Kind::Mentor => self.mentor_at.get(id).copied(),
            Kind::DemoDay => self.portfolio.demo_days.iter().position(|d| d.id == id),
            Kind::Note => self.note_at(id, None),
            Kind::Call => self.portfolio.calls.iter().position(|c| c.id == id),
            Kind::Application => self.portfolio.applications.iter().position(|a| a.id == id),
            Kind::Review => self.portfolio.reviews.iter().position(|r| r.id == id),
            Kind::Milestone => self.portfolio.milestones.iter().position(|m| m.id == id),
            Kind::OfficeHour => self.portfolio.office_hours.iter().position(|o| o.id == id),
        }
    }

    pub fn startup(&self, id: &str) -> Option<&Startup> {
        self.startup_at
            .get(id)
            .map(|i| &self.portfolio.startups[*i])
    }

    pub fn cohort(&self, id: &str) -> Option<&Cohort> {
        self.cohort_at.get(id).map(|i| &self.portfolio.cohorts[*i])
    }

    pub fn mentor(&self, id: &str) -> Option<&Mentor> {
        self.mentor_at.get(id).map(|i| &self.portfolio.mentors[*i])
    }

    /// The startup's notes, newest first; none before the notes are
    /// loaded (see [`Data::note_count`]).
    pub fn notes_of(&self, startup: &str) -> impl Iterator<Item = &Note> {
        self.startup_at
            .get(startup)
            .and_then(|at| self.notes_by_startup.get(*at))
            .into_iter()
            .flatten()
            .map(|i| &self.portfolio.notes[*i as usize])
    }

    /// The startup's milestones, soonest due first.
    pub fn milestones_of(&self, startup: &str) -> impl Iterator<Item = &Milestone> {
        self.milestones_by_startup
            .get(startup)
            .into_iter()
            .flatten()
            .map(|i| &self.portfolio.milestones[*i as usize])
    }

    /// The startup's next milestone not yet done on `today` (overdue ones
    /// first), and how many are overdue.
    pub fn next_milestone(&self, startup: &str, today: NaiveDate) -> (Option<&Milestone>, usize) {
        let mut open = self
            .milestones_of(startup)
            .filter(|m| m.state_on(today) != MilestoneState::Done);
        let next = open.next();
        let overdue = next.map_or(0, |first| {
            usize::from(first.due < today) + open.take_while(|m| m.due < today).count()
        });
        (next, overdue)
    }

    /// How many notes the startup has, loaded or not.
    pub fn note_count(&self, startup: &str) -> usize {
        self.summary(startup).count
    }

    /// The day of the startup's latest note, loaded or not.
    pub fn last_note_day(&self, startup: &str) -> Option<NaiveDate> {
        self.summary(startup).last
    }

    /// The name of the startup at `at` in `portfolio.startups`, folded.
    pub fn folded_name(&self, at: usize) -> &str {
        self.folded_names.get(at).map_or("", String::as_str)
    }

    /// The day of the latest note of the startup at `at` in
    /// `portfolio.startups`.
    pub fn last_note_day_at(&self, at: usize) -> Option<NaiveDate> {
        self.summaries.get(at).and_then(|s| s.last)
    }

    fn summary(&self, startup: &str) -> NoteSummary {
        self.startup_at
            .get(startup)
            .and_then(|at| self.summaries.get(*at))
            .copied()
            .unwrap_or_default()
    }

    /// Days since the startup's last note, or `None` if it has none.
    pub fn days_since_note(&self, startup: &str, today: NaiveDate) -> Option<i64> {
        self.last_note_day(startup).map(|d| (today - d).num_days())
    }

    pub fn cohort_name(&self, id: Option<&str>) -> &str {
        id.and_then(|id| self.cohort(id))
            .map_or("—", |c| c.name.as_str())
    }

    pub fn startups_of_cohort<'a>(&'a self, cohort: &str) -> impl Iterator<Item = &'a Startup> {
        self.startups_in(&self.startups_by_cohort, cohort)
    }

    pub fn startups_of_mentor<'a>(&'a self, mentor: &str) -> impl Iterator<Item = &'a Startup> {
        self.startups_in(&self.startups_by_mentor, mentor)
    }

    fn startups_in<'a>(
        &'a self,
        groups: &'a HashMap<String, Vec<usize>>,
        key: &str,
    ) -> impl Iterator<Item = &'a Startup> {
        groups
            .get(key)
            .into_iter()
            .flatten()
            .map(|i| &self.portfolio.startups[*i])
    }

    /// Startups placed in the cohort, as `Cohort::enrolled` counts them.
    pub fn enrolled(&self, cohort: &Cohort) -> usize {
        cohort.enrolled(self.startups_of_cohort(&cohort.id))
    }

    /// The mentor's load, as `Mentor::load` works it out.
    pub fn mentor_load(&self, mentor: &Mentor) -> Load {
        mentor.load(self.startups_of_mentor(&mentor.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{note, startup};

    fn portfolio() -> Portfolio {
        let mut p = Portfolio::default();
        p.startups.push(startup("s1"));
        p.startups.push(startup("s2"));
        let mut old = note("n1", "s1", "old");
        old.created_at = "2026-04-01T10:00:00+04:00".parse().unwrap();
        p.notes.push(old);
        p.notes.push(note("n2", "s1", "new")); // 2026-05-02
        p
    }

    fn summary_only(p: &Portfolio) -> Data {
        let mut first = p.clone();
        first.notes.clear();
        let mut data = Data::build(first, false);
        data.summaries = vec![
            NoteSummary {
                count: 2,
                last: Some("2026-05-02".parse().unwrap()),
            },
            NoteSummary::default(),
        ];
        data
    }

    #[test]
    fn notes_come_grouped_newest_first_with_their_summary() {
        let data = Data::from_portfolio(portfolio());
        let ids: Vec<&str> = data.notes_of("s1").map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["n2", "n1"]);
        assert_eq!(data.note_count("s1"), 2);
        assert_eq!(
            data.last_note_day("s1"),
            Some("2026-05-02".parse().unwrap())
        );
        assert_eq!(data.note_count("s2"), 0);
        assert_eq!(data.notes_of("nobody").count(), 0);
    }

    #[test]
    fn before_the_notes_come_the_summary_answers() {
        let p = portfolio();
        let mut data = summary_only(&p);
        assert!(!data.notes_loaded());
        assert_eq!(data.notes_of("s1").count(), 0);
        assert_eq!(data.note_count("s1"), 2);
        let generation = data.generation();
        // A note written meanwhile counts at once and survives notes read
        // before it landed.
        let mut fresh = note("n3", "s2", "fresh");
        fresh.created_at = "2026-06-01T10:00:00+04:00".parse().unwrap();
        data.put(Record::Note(fresh));
        data.remove(Kind::Note, "n1");
        assert_eq!(data.note_count("s2"), 1);
        assert_ne!(data.generation(), generation);
        assert!(data.set_notes(p.notes.clone()));
        let ids: Vec<&str> = data.notes_of("s1").map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["n2"]);
        assert_eq!(data.note_count("s2"), 1);
        assert_eq!(
            data.last_note_day("s2"),
            Some("2026-06-01".parse().unwrap())
        );
    }

    #[test]
    fn put_and_remove_keep_the_indices() {
        let mut data = Data::from_portfolio(portfolio());
        let mut s = startup("s0");
        s.cohort = Some("c1".into());
        data.put(Record::Startup(s));
        assert_eq!(data.position(Kind::Startup, "s0"), Some(0));
        assert_eq!(data.startups_of_cohort("c1").count(), 1);
        assert_eq!(data.note_count("s1"), 2);
        data.remove(Kind::Startup, "s0");
        assert_eq!(data.position(Kind::Startup, "s1"), Some(0));
        assert_eq!(data.notes_of("s1").count(), 2);
        data.put(Record::Note(note("n9", "s2", "x")));
        assert_eq!(data.note_count("s2"), 1);
        data.remove(Kind::Note, "n9");
        assert_eq!(data.note_count("s2"), 0);
    }

    #[test]
    fn summaries_survive_a_new_startup_before_the_notes_come() {
        let p = portfolio();
        let mut data = summary_only(&p);
        data.put(Record::Startup(startup("s0")));
        assert_eq!(data.note_count("s1"), 2);
        assert_eq!(data.note_count("s0"), 0);
    }

    mod kept_up {
        use super::*;
        use proptest::prelude::*;

        /// A note written (note `n` on startup `s`, on day `day` of May;
        /// `s0` is not in the portfolio) or deleted, or a startup placed.
        #[derive(Debug, Clone)]
        enum Write {
            Put {
                n: u8,
                s: u8,
                day: u32,
            },
            Remove {
                n: u8,
            },
            /// Startup `s` (`s0` and `s3` new) into cohort `c`, or none.
            Place {
                s: u8,
                c: Option<u8>,
            },
        }

        fn write() -> impl Strategy<Value = Write> {
            prop_oneof![
                3 => (0u8..12, 0u8..3, 1u32..29).prop_map(|(n, s, day)| Write::Put { n, s, day }),
                1 => (0u8..12).prop_map(|n| Write::Remove { n }),
                1 => (0u8..4, proptest::option::of(0u8..2)).prop_map(|(s, c)| Write::Place { s, c }),
            ]
        }

        proptest! {
            /// However notes come and go and startups move, each startup's
            /// notes, their order, count and last day, every record's
            /// position and each cohort's startups are what a session
            /// loading the result afresh has.
            #[test]
            fn writes_kept_up_one_at_a_time_equal_a_portfolio_loaded_afresh(
                writes in proptest::collection::vec(write(), 1..40)
            ) {
                let mut data = Data::from_portfolio(portfolio());
                for w in &writes {
                    match *w {
                        Write::Put { n, s, day } => {
                            let mut written = note(&format!("n{n}"), &format!("s{s}"), "x");
                            written.created_at = format!("2026-05-{day:02}T10:00:00+04:00")
                                .parse()
                                .unwrap();
                            data.put(Record::Note(written));
                        }
                        Write::Remove { n } => data.remove(Kind::Note, &format!("n{n}")),
                        Write::Place { s, c } => {
                            let mut placed = startup(&format!("s{s}"));
                            placed.cohort = c.map(|c| format!("c{c}"));
                            data.put(Record::Startup(placed));
                        }
                    }
                    let fresh = Data::from_portfolio(data.portfolio.clone());
                    for s in ["s0", "s1", "s2", "s3"] {
                        let ids = |d: &Data| d.notes_of(s).map(|n| n.id.clone()).collect::<Vec<_>>();
                        prop_assert_eq!(ids(&data), ids(&fresh));
                        prop_assert_eq!(data.note_count(s), fresh.note_count(s));
                        prop_assert_eq!(data.last_note_day(s), fresh.last_note_day(s));
                    }
                    for (i, n) in data.portfolio.notes.iter().enumerate() {
                        prop_assert_eq!(data.position(Kind::Note, &n.id), Some(i));
                    }
                    for c in ["c0", "c1"] {
                        let ids = |d: &Data| {
                            d.startups_of_cohort(c).map(|s| s.id.clone()).collect::<Vec<_>>()
                        };
                        prop_assert_eq!(ids(&data), ids(&fresh));
                    }
                    for (i, s) in data.portfolio.startups.iter().enumerate() {
                        prop_assert_eq!(data.position(Kind::Startup, &s.id), Some(i));
                    }
                }
            }
        }
    }
}
