//! The portfolio as a session sees it: records in memory, indexed for the
//! screens, with the counts the lists show worked out once per load
//! instead of once per row and frame.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::attention::last_note_days;
use crate::model::*;
use crate::store::{Store, StoreError};

pub struct Data {
    pub portfolio: Portfolio,
    /// Each startup's notes, newest first, as indices into `portfolio.notes`.
    notes_by_startup: HashMap<String, Vec<usize>>,
    last_note: HashMap<String, NaiveDate>,
    /// Where each record is in its `portfolio` list, by id.
    startup_at: HashMap<String, usize>,
    cohort_at: HashMap<String, usize>,
    mentor_at: HashMap<String, usize>,
    /// Startups of each cohort and of each mentor, in portfolio order.
    startups_by_cohort: HashMap<String, Vec<usize>>,
    startups_by_mentor: HashMap<String, Vec<usize>>,
}

fn positions<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.to_string(), i)).collect()
}

impl Data {
    pub fn load(store: &Store) -> Result<Data, StoreError> {
        Ok(Data::from_portfolio(store.portfolio()?))
    }

    pub fn from_portfolio(portfolio: Portfolio) -> Data {
        let mut notes_by_startup: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, note) in portfolio.notes.iter().enumerate() {
            notes_by_startup
                .entry(note.startup.clone())
                .or_default()
                .push(i);
        }
        for notes in notes_by_startup.values_mut() {
            notes.sort_by(|a, b| {
                let (a, b) = (&portfolio.notes[*a], &portfolio.notes[*b]);
                b.created_at
                    .cmp(&a.created_at)
                    .then_with(|| natural_cmp(&b.id, &a.id))
            });
        }
        let last_note = last_note_days(&portfolio.notes)
            .into_iter()
            .map(|(id, day)| (id.to_string(), day))
            .collect();
        let mut startups_by_cohort: HashMap<String, Vec<usize>> = HashMap::new();
        let mut startups_by_mentor: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, s) in portfolio.startups.iter().enumerate() {
            if let Some(cohort) = &s.cohort {
                startups_by_cohort
                    .entry(cohort.clone())
                    .or_default()
                    .push(i);
            }
            for mentor in &s.mentors {
                startups_by_mentor
                    .entry(mentor.clone())
                    .or_default()
                    .push(i);
            }
        }
        Data {
            startup_at: positions(portfolio.startups.iter().map(|r| r.id.as_str())),
            cohort_at: positions(portfolio.cohorts.iter().map(|r| r.id.as_str())),
            mentor_at: positions(portfolio.mentors.iter().map(|r| r.id.as_str())),
            portfolio,
            notes_by_startup,
            last_note,
            startups_by_cohort,
            startups_by_mentor,
        }
    }

    /// Where the record `id` of `kind` is in its portfolio list.
    pub fn position(&self, kind: Kind, id: &str) -> Option<usize> {
        match kind {
            Kind::Startup => self.startup_at.get(id).copied(),
            Kind::Cohort => self.cohort_at.get(id).copied(),
            Kind::Mentor => self.mentor_at.get(id).copied(),
            Kind::DemoDay => self.portfolio.demo_days.iter().position(|d| d.id == id),
            Kind::Note => self.portfolio.notes.iter().position(|n| n.id == id),
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

    pub fn notes_of(&self, startup: &str) -> impl Iterator<Item = &Note> {
        self.notes_by_startup
            .get(startup)
            .into_iter()
            .flatten()
            .map(|i| &self.portfolio.notes[*i])
    }

    /// Days since the startup's last note, or `None` if it has none.
    pub fn days_since_note(&self, startup: &str, today: NaiveDate) -> Option<i64> {
        self.last_note.get(startup).map(|d| (today - *d).num_days())
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
