//! The records of the portfolio. Field order is the interchange order.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::enums::{Kind, NoteKind, Program, Stage, Status};
pub use super::program::{
    Application, Call, Criterion, Review, SCORE_RANGE, Scores, weighted_mean,
};
pub use super::running::{Milestone, MilestoneState, OfficeHour, PitchScore};

/// A record's id. Chosen by whoever writes an interchange file; generated as
/// a kind prefix and a number (`s12`) for records made in the program.
pub type Id = String;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    pub id: Id,
    pub name: String,
    pub program: Program,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub capacity: u32,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mentor {
    pub id: Id,
    pub name: String,
    pub email: String,
    pub organization: String,
    pub expertise: Vec<String>,
    pub languages: Vec<String>,
    /// The most startups this mentor takes at once.
    pub capacity: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Founder {
    pub name: String,
    pub email: String,
    pub role: String,
}

/// A dated snapshot of a startup's key figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub date: NaiveDate,
    pub revenue: f64,
    pub customers: u64,
    pub employees: u64,
    pub funding_raised: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Startup {
    pub id: Id,
    pub name: String,
    pub one_liner: String,
    pub sector: String,
    pub stage: Stage,
    pub status: Status,
    pub cohort: Option<Id>,
    pub mentors: Vec<Id>,
    pub founders: Vec<Founder>,
    pub tags: Vec<String>,
    pub website: String,
    /// Oldest first.
    pub kpis: Vec<Kpi>,
    /// What became of the company after the program, once known. Left out
    /// of a document when there is none (a startup stored before reads so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<super::outcome::Outcome>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pitch {
    pub startup: Id,
    pub minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoDay {
    pub id: Id,
    pub cohort: Id,
    pub at: DateTime<FixedOffset>,
    pub venue: String,
    /// In running order.
    pub pitches: Vec<Pitch>,
    pub investors: Vec<String>,
    pub notes: String,
    /// What the judges score, as a call's criteria. (These four came with
    /// the program year: a demo day stored before them reads as unjudged.)
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    /// The judges, by name.
    #[serde(default)]
    pub judges: Vec<String>,
    /// Each judge's scores of each pitch they scored.
    #[serde(default)]
    pub scores: Vec<PitchScore>,
    /// Judging is over: the judges' scores are final.
    #[serde(default)]
    pub judging_closed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub id: Id,
    pub startup: Id,
    pub author: String,
    pub kind: NoteKind,
    pub created_at: DateTime<FixedOffset>,
    pub body: String,
}

/// Any one record, for code that handles every kind alike (the write path,
/// history, search hits).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "kebab-case")]
pub enum Record {
    Cohort(Cohort),
    Mentor(Mentor),
    Startup(Startup),
    DemoDay(DemoDay),
    Note(Note),
    Call(Call),
    Application(Application),
    Review(Review),
    Milestone(Milestone),
    OfficeHour(OfficeHour),
}

impl Record {
    pub fn kind(&self) -> Kind {
        match self {
            Record::Cohort(_) => Kind::Cohort,
            Record::Mentor(_) => Kind::Mentor,
            Record::Startup(_) => Kind::Startup,
            Record::DemoDay(_) => Kind::DemoDay,
            Record::Note(_) => Kind::Note,
            Record::Call(_) => Kind::Call,
            Record::Application(_) => Kind::Application,
            Record::Review(_) => Kind::Review,
            Record::Milestone(_) => Kind::Milestone,
            Record::OfficeHour(_) => Kind::OfficeHour,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Record::Cohort(r) => &r.id,
            Record::Mentor(r) => &r.id,
            Record::Startup(r) => &r.id,
            Record::DemoDay(r) => &r.id,
            Record::Note(r) => &r.id,
            Record::Call(r) => &r.id,
            Record::Application(r) => &r.id,
            Record::Review(r) => &r.id,
            Record::Milestone(r) => &r.id,
            Record::OfficeHour(r) => &r.id,
        }
    }

    pub fn set_id(&mut self, id: Id) {
        match self {
            Record::Cohort(r) => r.id = id,
            Record::Mentor(r) => r.id = id,
            Record::Startup(r) => r.id = id,
            Record::DemoDay(r) => r.id = id,
            Record::Note(r) => r.id = id,
            Record::Call(r) => r.id = id,
            Record::Application(r) => r.id = id,
            Record::Review(r) => r.id = id,
            Record::Milestone(r) => r.id = id,
            Record::OfficeHour(r) => r.id = id,
        }
    }

    /// The record's fields as a JSON object (without its kind), as the
    /// interchange document writes it.
    pub fn to_value(&self) -> serde_json::Value {
        let value = match self {
            Record::Cohort(r) => serde_json::to_value(r),
            Record::Mentor(r) => serde_json::to_value(r),
            Record::Startup(r) => serde_json::to_value(r),
            Record::DemoDay(r) => serde_json::to_value(r),
            Record::Note(r) => serde_json::to_value(r),
            Record::Call(r) => serde_json::to_value(r),
            Record::Application(r) => serde_json::to_value(r),
            Record::Review(r) => serde_json::to_value(r),
            Record::Milestone(r) => serde_json::to_value(r),
            Record::OfficeHour(r) => serde_json::to_value(r),
        };
        // Records hold strings, numbers, dates and lists of them: turning
        // one into a value cannot fail.
        value.unwrap_or(serde_json::Value::Null)
    }

    /// What a person calls the record: its name, a demo day's venue, a
    /// note's first line.
    pub fn label(&self) -> String {
        match self {
            Record::Cohort(r) => r.name.clone(),
            Record::Mentor(r) => r.name.clone(),
            Record::Startup(r) => r.name.clone(),
            Record::DemoDay(r) => format!("{} at {}", r.at.format("%Y-%m-%d"), r.venue),
            Record::Note(r) => r.body.lines().next().unwrap_or_default().to_string(),
            Record::Call(r) => r.name.clone(),
            Record::Application(r) => r.name.clone(),
            Record::Review(r) => format!("{} by {}", r.application, r.reviewer),
            Record::Milestone(r) => r.title.clone(),
            Record::OfficeHour(r) => {
                format!("{} {}", r.mentor, r.starts_at.format("%Y-%m-%d %H:%M"))
            }
        }
    }
}

/// A whole portfolio in memory: what an interchange file holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Portfolio {
    pub cohorts: Vec<Cohort>,
    pub mentors: Vec<Mentor>,
    pub startups: Vec<Startup>,
    pub demo_days: Vec<DemoDay>,
    pub notes: Vec<Note>,
    pub calls: Vec<Call>,
    pub applications: Vec<Application>,
    pub reviews: Vec<Review>,
    pub milestones: Vec<Milestone>,
    pub office_hours: Vec<OfficeHour>,
}

impl Portfolio {
    pub fn len(&self) -> usize {
        self.cohorts.len()
            + self.mentors.len()
            + self.startups.len()
            + self.demo_days.len()
            + self.notes.len()
            + self.calls.len()
            + self.applications.len()
            + self.reviews.len()
            + self.milestones.len()
            + self.office_hours.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many records of `kind` there are.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Startup => self.startups.len(),
            Kind::Cohort => self.cohorts.len(),
            Kind::Mentor => self.mentors.len(),
            Kind::DemoDay => self.demo_days.len(),
            Kind::Note => self.notes.len(),
            Kind::Call => self.calls.len(),
            Kind::Application => self.applications.len(),
            Kind::Review => self.reviews.len(),
            Kind::Milestone => self.milestones.len(),
            Kind::OfficeHour => self.office_hours.len(),
        }
    }

    /// The id of the record of `kind` at place `at` of its list, if any.
    pub fn id_at(&self, kind: Kind, at: usize) -> Option<&str> {
        Some(match kind {
            Kind::Startup => &self.startups.get(at)?.id,
            Kind::Cohort => &self.cohorts.get(at)?.id,
            Kind::Mentor => &self.mentors.get(at)?.id,
            Kind::DemoDay => &self.demo_days.get(at)?.id,
            Kind::Note => &self.notes.get(at)?.id,
            Kind::Call => &self.calls.get(at)?.id,
            Kind::Application => &self.applications.get(at)?.id,
            Kind::Review => &self.reviews.get(at)?.id,
            Kind::Milestone => &self.milestones.get(at)?.id,
            Kind::OfficeHour => &self.office_hours.get(at)?.id,
        })
    }

    /// The name of the startup, cohort, mentor, call or application of
    /// `kind` with `id`, if there is one (demo days, notes and reviews have
    /// none).
    pub fn name_of(&self, kind: Kind, id: &str) -> Option<&str> {
        let name = match kind {
            Kind::Startup => &self.startups.iter().find(|r| r.id == id)?.name,
            Kind::Cohort => &self.cohorts.iter().find(|r| r.id == id)?.name,
            Kind::Mentor => &self.mentors.iter().find(|r| r.id == id)?.name,
            Kind::Call => &self.calls.iter().find(|r| r.id == id)?.name,
            Kind::Application => &self.applications.iter().find(|r| r.id == id)?.name,
            Kind::DemoDay | Kind::Note | Kind::Review | Kind::Milestone | Kind::OfficeHour => {
                return None;
            }
        };
        Some(name)
    }

    /// How many reviews each mentor is asked for and has not written, on
    /// the applications of the calls `in_call` takes; by mentor id. One
    /// pass over the reviews and one over the applications.
    pub fn reviews_to_do(
        &self,
        in_call: impl Fn(&str) -> bool,
    ) -> std::collections::BTreeMap<&str, usize> {
        let written: std::collections::HashSet<(&str, &str)> = self
            .reviews
            .iter()
            .map(|r| (r.application.as_str(), r.reviewer.as_str()))
            .collect();
        let mut to_do = std::collections::BTreeMap::new();
        for a in self.applications.iter().filter(|a| in_call(&a.call)) {
            for mentor in &a.reviewers {
                if !written.contains(&(a.id.as_str(), mentor.as_str())) {
                    *to_do.entry(mentor.as_str()).or_default() += 1;
                }
            }
        }
        to_do
    }

    /// The criteria `review` is scored against: its application's call's
    /// (none when either is not here).
    pub fn criteria_of(&self, review: &Review) -> &[Criterion] {
        self.applications
            .iter()
            .find(|a| a.id == review.application)
            .and_then(|a| self.calls.iter().find(|c| c.id == a.call))
            .map_or(&[], |c| c.criteria.as_slice())
    }

    /// Every record, in dependency order: a record comes after those it refers to.
    pub fn into_records(self) -> Vec<Record> {
        let mut out = Vec::with_capacity(self.len());
        out.extend(self.cohorts.into_iter().map(Record::Cohort));
        out.extend(self.mentors.into_iter().map(Record::Mentor));
        out.extend(self.startups.into_iter().map(Record::Startup));
        out.extend(self.demo_days.into_iter().map(Record::DemoDay));
        out.extend(self.notes.into_iter().map(Record::Note));
        out.extend(self.calls.into_iter().map(Record::Call));
        out.extend(self.applications.into_iter().map(Record::Application));
        out.extend(self.reviews.into_iter().map(Record::Review));
        out.extend(self.milestones.into_iter().map(Record::Milestone));
        out.extend(self.office_hours.into_iter().map(Record::OfficeHour));
        out
    }

    pub fn push(&mut self, record: Record) {
        match record {
            Record::Cohort(r) => self.cohorts.push(r),
            Record::Mentor(r) => self.mentors.push(r),
            Record::Startup(r) => self.startups.push(r),
            Record::DemoDay(r) => self.demo_days.push(r),
            Record::Note(r) => self.notes.push(r),
            Record::Call(r) => self.calls.push(r),
            Record::Application(r) => self.applications.push(r),
            Record::Review(r) => self.reviews.push(r),
            Record::Milestone(r) => self.milestones.push(r),
            Record::OfficeHour(r) => self.office_hours.push(r),
        }
    }

    /// Put `record` in place of the record with its id, or if there is
    /// none, where its id falls in natural order (a sorted section stays
    /// sorted).
    pub fn put(&mut self, record: Record) {
        fn put_in<T>(list: &mut Vec<T>, record: T, id: impl Fn(&T) -> &str) {
            if let Some(at) = list.iter().position(|r| id(r) == id(&record)) {
                list[at] = record;
            } else {
                let at = list.partition_point(|r| natural_cmp(id(r), id(&record)).is_lt());
                list.insert(at, record);
            }
        }
        match record {
            Record::Cohort(r) => put_in(&mut self.cohorts, r, |r| &r.id),
            Record::Mentor(r) => put_in(&mut self.mentors, r, |r| &r.id),
            Record::Startup(r) => put_in(&mut self.startups, r, |r| &r.id),
            Record::DemoDay(r) => put_in(&mut self.demo_days, r, |r| &r.id),
            Record::Note(r) => put_in(&mut self.notes, r, |r| &r.id),
            Record::Call(r) => put_in(&mut self.calls, r, |r| &r.id),
            Record::Application(r) => put_in(&mut self.applications, r, |r| &r.id),
            Record::Review(r) => put_in(&mut self.reviews, r, |r| &r.id),
            Record::Milestone(r) => put_in(&mut self.milestones, r, |r| &r.id),
            Record::OfficeHour(r) => put_in(&mut self.office_hours, r, |r| &r.id),
        }
    }

    /// Take out the record `id` of `kind`, if it is here.
    pub fn remove(&mut self, kind: Kind, id: &str) {
        fn remove_from<T>(list: &mut Vec<T>, id: &str, id_of: impl Fn(&T) -> &str) {
            list.retain(|r| id_of(r) != id);
        }
        match kind {
            Kind::Cohort => remove_from(&mut self.cohorts, id, |r| &r.id),
            Kind::Mentor => remove_from(&mut self.mentors, id, |r| &r.id),
            Kind::Startup => remove_from(&mut self.startups, id, |r| &r.id),
            Kind::DemoDay => remove_from(&mut self.demo_days, id, |r| &r.id),
            Kind::Note => remove_from(&mut self.notes, id, |r| &r.id),
            Kind::Call => remove_from(&mut self.calls, id, |r| &r.id),
            Kind::Application => remove_from(&mut self.applications, id, |r| &r.id),
            Kind::Review => remove_from(&mut self.reviews, id, |r| &r.id),
            Kind::Milestone => remove_from(&mut self.milestones, id, |r| &r.id),
            Kind::OfficeHour => remove_from(&mut self.office_hours, id, |r| &r.id),
        }
    }

    /// Sort every section by id, numbers inside ids compared as numbers
    /// (`s2` before `s10`), so exports are stable.
    pub fn sort(&mut self) {
        self.cohorts.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        self.mentors.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        self.startups.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        self.demo_days.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        self.notes.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        self.calls.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        self.applications.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        self.reviews.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        self.milestones.sort_by(|a, b| natural_cmp(&a.id, &b.id));
        self.office_hours.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    }

    /// A summary like "4 cohorts, 24 startups, 10 mentors, 3 demo days, 40 notes"
    /// (and ", 1 call, 20 applications, 12 reviews" when there are any).
    pub fn summary(&self) -> String {
        summary_of([
            self.cohorts.len(),
            self.startups.len(),
            self.mentors.len(),
            self.demo_days.len(),
            self.notes.len(),
            self.calls.len(),
            self.applications.len(),
            self.reviews.len(),
            self.milestones.len(),
            self.office_hours.len(),
        ])
    }
}

/// "4 cohorts, 1 startup, 10 mentors, 3 demo days, 40 notes": how many
/// cohorts, startups, mentors, demo days and notes, in that order, then
/// calls, applications and reviews, which are named only when a portfolio
/// has some (most have none).
pub fn summary_of(counts: [usize; 10]) -> String {
    let nouns = [
        "cohort",
        "startup",
        "mentor",
        "demo day",
        "note",
        "call",
        "application",
        "review",
        "milestone",
        "office hour",
    ];
    // The program year's kinds are named only when there are some.
    counts
        .iter()
        .zip(nouns)
        .enumerate()
        .filter(|&(at, (&n, _))| at < 5 || n > 0)
        .map(|(_, (&n, noun))| crate::text::counted(n, noun))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Compare ids so that runs of digits compare by value: `s2` < `s10`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (trim_zeros(&a[..da]), trim_zeros(&b[..db]));
                let order = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if order != Ordering::Equal {
                    return order;
                }
                let order = da.cmp(&db);
                if order != Ordering::Equal {
                    return order;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&c| c == b'0').count();
    &digits[zeros..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let mut ids = vec!["s10", "s2", "s1", "c3", "s02"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["c3", "s1", "s2", "s02", "s10"]);
    }
}
