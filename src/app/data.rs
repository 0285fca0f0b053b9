//! The portfolio as a session sees it: records in memory, indexed for the
//! screens, with the values derived from them for a given day.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::attention::last_note_days;
use crate::model::*;
use crate::store::{Store, StoreError};

pub struct Data {
    pub portfolio: Portfolio,
    /// Each startup's notes, newest first, as indices into `portfolio.notes`.
    pub notes_by_startup: HashMap<String, Vec<usize>>,
    pub last_note: HashMap<String, NaiveDate>,
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
        Data {
            portfolio,
            notes_by_startup,
            last_note,
        }
    }

    pub fn startup(&self, id: &str) -> Option<&Startup> {
        self.portfolio.startups.iter().find(|s| s.id == id)
    }

    pub fn cohort(&self, id: &str) -> Option<&Cohort> {
        self.portfolio.cohorts.iter().find(|c| c.id == id)
    }

    pub fn mentor(&self, id: &str) -> Option<&Mentor> {
        self.portfolio.mentors.iter().find(|m| m.id == id)
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

    pub fn startups_of_cohort<'a>(&'a self, cohort: &'a str) -> impl Iterator<Item = &'a Startup> {
        self.portfolio
            .startups
            .iter()
            .filter(move |s| s.cohort.as_deref() == Some(cohort))
    }

    pub fn startups_of_mentor<'a>(&'a self, mentor: &'a str) -> impl Iterator<Item = &'a Startup> {
        self.portfolio
            .startups
            .iter()
            .filter(move |s| s.mentors.iter().any(|m| m == mentor))
    }
}
