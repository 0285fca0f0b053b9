//! The rules a record must keep, on its own and within a portfolio.
//!
//! `normalize` tidies what people type (trims names, orders KPIs);
//! `problems` reports every broken rule rather than stopping at the first,
//! so an import can list them all.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::enums::Kind;
use super::limits::*;
use super::problem::Problem;
use super::program_rules::review_against_call;
use super::records::*;

/// Collects problems for one record.
pub(super) struct Checker<'a> {
    kind: Kind,
    id: &'a str,
    out: &'a mut Vec<Problem>,
}

impl Checker<'_> {
    pub(super) fn report(&mut self, field: &str, message: impl Into<String>) {
        self.out
            .push(Problem::new(self.kind, self.id, field, message));
    }

    pub(super) fn id(&mut self, field: &str, value: &str) {
        if let Err(message) = check_id(value) {
            self.report(field, message);
        }
    }

    pub(super) fn name(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.report(field, "must not be empty");
        } else {
            self.chars(field, value, NAME_CHARS);
        }
    }

    pub(super) fn chars(&mut self, field: &str, value: &str, limit: usize) {
        let count = value.chars().count();
        if count > limit {
            self.report(
                field,
                format!("is {count} characters long; the limit is {limit}"),
            );
        }
    }

    pub(super) fn bytes(&mut self, field: &str, value: &str, limit: usize) {
        if value.len() > limit {
            self.report(
                field,
                format!(
                    "is {} KiB; the limit is {} KiB",
                    value.len().div_ceil(1024),
                    limit / 1024
                ),
            );
        }
    }

    pub(super) fn list<T>(&mut self, field: &str, items: &[T]) {
        if items.len() > LIST_ITEMS {
            self.report(
                field,
                format!("has {} items; the limit is {LIST_ITEMS}", items.len()),
            );
        }
    }

    pub(super) fn words(&mut self, field: &str, items: &[String]) {
        self.list(field, items);
        let mut seen = HashSet::new();
        for item in items {
            if item.trim().is_empty() {
                self.report(field, "has an empty entry");
            } else if !seen.insert(item.as_str()) {
                self.report(field, format!("lists {item:?} twice"));
            }
            self.chars(field, item, NAME_CHARS);
        }
    }

    pub(super) fn date(&mut self, field: &str, date: NaiveDate) {
        if !YEARS.contains(&date.year()) {
            self.report(
                field,
                format!(
                    "{date} is out of range (years {}–{})",
                    YEARS.start(),
                    YEARS.end()
                ),
            );
        }
    }

    fn capacity(&mut self, field: &str, value: u32, min: u32) {
        if value < min || value > CAPACITY {
            self.report(field, format!("must be between {min} and {CAPACITY}"));
        }
    }

    pub(super) fn amount(&mut self, field: &str, value: f64) {
        if !value.is_finite() || value < 0.0 {
            // f64 prints every digit: -1e300 is 301 chars.
            let shown = crate::text::shorten(&value.to_string(), 40);
            self.report(field, format!("must be a number of 0 or more, not {shown}"));
        }
    }
}

/// Why an id is not acceptable, if it is not.
pub fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        Err("must not be empty".into())
    } else if id.chars().count() > ID_CHARS {
        Err(format!("is longer than {ID_CHARS} characters"))
    } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Err("must not contain spaces or control characters".into())
    } else {
        Ok(())
    }
}

impl Record {
    /// Put list fields in their kept order (KPIs oldest first). Done after
    /// validation, so problems name entries as they were given.
    pub fn arrange(&mut self) {
        if let Record::Startup(s) = self {
            s.kpis.sort_by_key(|k| k.date);
            if let Some(outcome) = &mut s.outcome {
                outcome.arrange();
            }
        }
    }

    /// Tidy what people type: trim one-line fields.
    pub fn normalize(&mut self) {
        fn trim(s: &mut String) {
            let t = s.trim();
            if t.len() != s.len() {
                *s = t.to_string();
            }
        }
        fn trim_all(list: &mut [String]) {
            list.iter_mut().for_each(trim);
        }
        match self {
            Record::Cohort(c) => trim(&mut c.name),
            Record::Mentor(m) => {
                trim(&mut m.name);
                trim(&mut m.email);
                trim(&mut m.organization);
                trim_all(&mut m.expertise);
                trim_all(&mut m.languages);
            }
            Record::Startup(s) => {
                trim(&mut s.name);
                trim(&mut s.one_liner);
                trim(&mut s.sector);
                trim(&mut s.website);
                trim_all(&mut s.tags);
                for f in &mut s.founders {
                    trim(&mut f.name);
                    trim(&mut f.email);
                    trim(&mut f.role);
                }
            }
            Record::DemoDay(d) => {
                trim(&mut d.venue);
                trim_all(&mut d.investors);
                trim_all(&mut d.judges);
                for criterion in &mut d.criteria {
                    trim(&mut criterion.name);
                }
            }
            Record::Note(n) => trim(&mut n.author),
            Record::Call(c) => {
                trim(&mut c.name);
                trim_all(&mut c.questions);
                for criterion in &mut c.criteria {
                    trim(&mut criterion.name);
                }
            }
            Record::Application(a) => {
                trim(&mut a.name);
                trim(&mut a.one_liner);
                trim(&mut a.sector);
                for f in &mut a.founders {
                    trim(&mut f.name);
                    trim(&mut f.email);
                    trim(&mut f.role);
                }
            }
            Record::Review(_) => {}
            Record::Milestone(m) => trim(&mut m.title),
            Record::OfficeHour(o) => {
                trim(&mut o.place);
                trim(&mut o.topic);
            }
        }
    }

    /// Every rule this record breaks on its own (references are checked
    /// against a portfolio or the store).
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut c = Checker {
            kind: self.kind(),
            id: self.id(),
            out: &mut out,
        };
        c.id("id", self.id());
        match self {
            Record::Cohort(r) => {
                c.name("name", &r.name);
                c.date("start", r.start);
                c.date("end", r.end);
                if r.end < r.start {
                    c.report("end", format!("{} is before the start, {}", r.end, r.start));
                }
                c.capacity("capacity", r.capacity, 1);
                c.bytes("description", &r.description, TEXT_BYTES);
            }
            Record::Mentor(r) => {
                c.name("name", &r.name);
                c.chars("email", &r.email, LINE_CHARS);
                c.chars("organization", &r.organization, NAME_CHARS);
                c.words("expertise", &r.expertise);
                c.words("languages", &r.languages);
                c.capacity("capacity", r.capacity, 0);
            }
            Record::Startup(r) => {
                c.name("name", &r.name);
                c.chars("one_liner", &r.one_liner, LINE_CHARS);
                c.chars("sector", &r.sector, NAME_CHARS);
                c.chars("website", &r.website, LINE_CHARS);
                c.words("tags", &r.tags);
                if let Some(cohort) = &r.cohort {
                    c.id("cohort", cohort);
                }
                c.list("mentors", &r.mentors);
                let mut seen = HashSet::new();
                for mentor in &r.mentors {
                    c.id("mentors", mentor);
                    if !seen.insert(mentor) {
                        c.report("mentors", format!("lists {mentor} twice"));
                    }
                }
                c.list("founders", &r.founders);
                for (i, f) in r.founders.iter().enumerate() {
                    let field = format!("founders[{i}]");
                    c.name(&format!("{field}.name"), &f.name);
                    c.chars(&format!("{field}.email"), &f.email, LINE_CHARS);
                    c.chars(&format!("{field}.role"), &f.role, NAME_CHARS);
                }
                c.list("kpis", &r.kpis);
                let mut dates = HashSet::new();
                for (i, k) in r.kpis.iter().enumerate() {
                    c.date(&format!("kpis[{i}].date"), k.date);
                    if !dates.insert(k.date) {
                        c.report(
                            &format!("kpis[{i}].date"),
                            format!("two snapshots on {}", k.date),
                        );
                    }
                    c.amount(&format!("kpis[{i}].revenue"), k.revenue);
                    c.amount(&format!("kpis[{i}].funding_raised"), k.funding_raised);
                }
                if let Some(outcome) = &r.outcome {
                    outcome.check(&mut c);
                }
            }
            Record::DemoDay(r) => {
                c.id("cohort", &r.cohort);
                c.date("at", r.at.date_naive());
                c.chars("venue", &r.venue, LINE_CHARS);
                c.list("pitches", &r.pitches);
                let mut seen = HashSet::new();
                for (i, p) in r.pitches.iter().enumerate() {
                    let field = format!("pitches[{i}]");
                    c.id(&format!("{field}.startup"), &p.startup);
                    if !seen.insert(&p.startup) {
                        c.report(
                            &format!("{field}.startup"),
                            format!("{} already pitches earlier", p.startup),
                        );
                    }
                    if p.minutes == 0 || p.minutes > PITCH_MINUTES {
                        c.report(
                            &format!("{field}.minutes"),
                            format!("must be between 1 and {PITCH_MINUTES}"),
                        );
                    }
                }
                c.words("investors", &r.investors);
                c.bytes("notes", &r.notes, TEXT_BYTES);
                r.check_judging(&mut c);
            }
            Record::Note(r) => {
                c.id("startup", &r.startup);
                c.name("author", &r.author);
                c.date("created_at", r.created_at.date_naive());
                if r.body.trim().is_empty() {
                    c.report("body", "must not be empty");
                }
                c.bytes("body", &r.body, TEXT_BYTES);
            }
            Record::Call(r) => r.check(&mut c),
            Record::Application(r) => r.check(&mut c),
            Record::Review(r) => r.check(&mut c),
            Record::Milestone(r) => r.check(&mut c),
            Record::OfficeHour(r) => r.check(&mut c),
        }
        out
    }

    /// The records this one refers to, with the field that holds each reference.
    pub fn references(&self) -> Vec<(Kind, &str, String)> {
        match self {
            Record::Cohort(_) | Record::Mentor(_) => Vec::new(),
            Record::Startup(s) => {
                let mut refs = Vec::new();
                if let Some(cohort) = &s.cohort {
                    refs.push((Kind::Cohort, cohort.as_str(), "cohort".to_string()));
                }
                for m in &s.mentors {
                    refs.push((Kind::Mentor, m.as_str(), "mentors".to_string()));
                }
                refs
            }
            Record::DemoDay(d) => {
                let mut refs = vec![(Kind::Cohort, d.cohort.as_str(), "cohort".to_string())];
                for (i, p) in d.pitches.iter().enumerate() {
                    refs.push((
                        Kind::Startup,
                        p.startup.as_str(),
                        format!("pitches[{i}].startup"),
                    ));
                }
                refs
            }
            Record::Note(n) => vec![(Kind::Startup, n.startup.as_str(), "startup".to_string())],
            Record::Call(c) => vec![(Kind::Cohort, c.cohort.as_str(), "cohort".to_string())],
            Record::Application(a) => {
                let mut refs = vec![(Kind::Call, a.call.as_str(), "call".to_string())];
                for m in &a.reviewers {
                    refs.push((Kind::Mentor, m.as_str(), "reviewers".to_string()));
                }
                if let Some(startup) = &a.startup {
                    refs.push((Kind::Startup, startup.as_str(), "startup".to_string()));
                }
                refs
            }
            Record::Review(r) => vec![
                (
                    Kind::Application,
                    r.application.as_str(),
                    "application".to_string(),
                ),
                (Kind::Mentor, r.reviewer.as_str(), "reviewer".to_string()),
            ],
            Record::Milestone(m) => {
                let mut refs = vec![(Kind::Startup, m.startup.as_str(), "startup".to_string())];
                for note in &m.notes {
                    refs.push((Kind::Note, note.as_str(), "notes".to_string()));
                }
                refs
            }
            Record::OfficeHour(o) => {
                let mut refs = vec![(Kind::Mentor, o.mentor.as_str(), "mentor".to_string())];
                if let Some(startup) = &o.startup {
                    refs.push((Kind::Startup, startup.as_str(), "startup".to_string()));
                }
                refs
            }
        }
    }
}

/// Every rule a whole portfolio breaks: each record's own rules, duplicate
/// ids, and references that resolve neither in the portfolio nor through
/// `exists` (records already stored elsewhere).
pub fn portfolio_problems(
    portfolio: &Portfolio,
    exists: &dyn Fn(Kind, &str) -> bool,
) -> Vec<Problem> {
    PortfolioCheck::default().all_of(portfolio, exists)
}

/// [`portfolio_problems`] of a portfolio already stored, as `check` reads
/// it: two cohorts of one name, which a database made before that rule may
/// hold, are not damage (an import or a form refuses them from now on).
pub fn stored_portfolio_problems(
    portfolio: &Portfolio,
    exists: &dyn Fn(Kind, &str) -> bool,
) -> Vec<Problem> {
    PortfolioCheck {
        skip_cohort_names: true,
        ..PortfolioCheck::default()
    }
    .all_of(portfolio, exists)
}

/// [`portfolio_problems`] for records seen one at a time (a streamed
/// import): what it keeps is every id and the references not yet known,
/// never the records. The problems come out in the same order.
#[derive(Debug, Default)]
pub struct PortfolioCheck {
    ids: HashMap<Kind, HashSet<String>>,
    /// Each record's own rules and repeated ids, in the order seen.
    rules: Vec<Problem>,
    /// Problems past [`RULE_PROBLEMS_KEPT`], counted only.
    dropped: usize,
    /// References to a record not seen when they were: (from kind, from
    /// id, field, to kind, to id).
    unknown: Vec<(Kind, String, String, Kind, String)>,
    /// Each cohort's folded name and id: two cohorts one name would make
    /// `export cohort NAME` (and every picker) ambiguous.
    cohort_names: HashMap<String, String>,
    /// Names are not compared: what is checked was stored before the rule
    /// (see [`stored_portfolio_problems`]).
    skip_cohort_names: bool,
    /// The calls seen, for their reviews' criteria (a year has a few).
    calls: HashMap<String, Call>,
    /// Each application's call.
    application_calls: HashMap<String, String>,
    /// Each (application, reviewer) reviewed, and by which review.
    reviewed: HashMap<(String, String), String>,
}

/// Problems of records' own rules kept word for word: far more than any
/// list shows, few enough that a file of a million broken records is
/// refused within bounded memory.
pub const RULE_PROBLEMS_KEPT: usize = 100_000;

impl PortfolioCheck {
    /// Every record of `portfolio` seen, then the problems found.
    fn all_of(
        mut self,
        portfolio: &Portfolio,
        exists: &dyn Fn(Kind, &str) -> bool,
    ) -> Vec<Problem> {
        for record in &records_of(portfolio) {
            self.record(record);
        }
        self.finish(exists)
    }

    /// Check `record` (already normalized), on its own and against the
    /// records seen before it.
    pub fn record(&mut self, record: &Record) {
        for problem in record.problems() {
            self.rule(problem);
        }
        let seen = self.ids.entry(record.kind()).or_default();
        if !seen.insert(record.id().to_string()) {
            self.rule(Problem::new(
                record.kind(),
                record.id(),
                "id",
                "is used by another record of this kind",
            ));
        }
        if let Record::Cohort(c) = record
            && !self.skip_cohort_names
            && let Some(problem) = same_name(&mut self.cohort_names, c)
        {
            self.rule(problem);
        }
        self.program_year(record);
        for (kind, target, field) in record.references() {
            if !self.knows(kind, target) {
                let from = (record.kind(), record.id().to_string(), field);
                self.unknown
                    .push((from.0, from.1, from.2, kind, target.to_string()));
            }
        }
    }

    /// The rules calls, applications and reviews keep together: a review
    /// scores its call's criteria, and a reviewer reviews an application once.
    fn program_year(&mut self, record: &Record) {
        match record {
            Record::Call(call) => {
                self.calls.insert(call.id.clone(), call.clone());
            }
            Record::Application(a) => {
                self.application_calls.insert(a.id.clone(), a.call.clone());
            }
            Record::Review(r) => {
                let call = self
                    .application_calls
                    .get(&r.application)
                    .and_then(|call| self.calls.get(call));
                for problem in call
                    .map(|call| review_against_call(r, call))
                    .unwrap_or_default()
                {
                    self.rule(problem);
                }
                let pair = (r.application.clone(), r.reviewer.clone());
                if let Some(first) = self.reviewed.get(&pair) {
                    let problem = Problem::new(
                        Kind::Review,
                        &r.id,
                        "reviewer",
                        format!(
                            "{} already reviewed {} in {first}",
                            r.reviewer, r.application
                        ),
                    );
                    self.rule(problem);
                } else {
                    self.reviewed.insert(pair, r.id.clone());
                }
            }
            _ => {}
        }
    }

    fn rule(&mut self, problem: Problem) {
        if self.rules.len() < RULE_PROBLEMS_KEPT {
            self.rules.push(problem);
        } else {
            self.dropped += 1;
        }
    }

    /// Whether any problem has been found so far (a reference to a record
    /// not seen yet is not one until [`PortfolioCheck::finish`]).
    pub fn has_problems(&self) -> bool {
        !self.rules.is_empty()
    }

    fn knows(&self, kind: Kind, id: &str) -> bool {
        self.ids.get(&kind).is_some_and(|set| set.contains(id))
    }

    /// Every problem: each record's own first, then references to records
    /// neither seen nor, by `exists`, stored already.
    pub fn finish(self, exists: &dyn Fn(Kind, &str) -> bool) -> Vec<Problem> {
        let mut out = self.rules;
        if self.dropped > 0 {
            let kind = out.last().map_or(Kind::Startup, |p| p.kind);
            out.push(Problem::new(
                kind,
                "-",
                "",
                format!(
                    "… and {} more problems with the records' rules (only the first {RULE_PROBLEMS_KEPT} are kept)",
                    self.dropped
                ),
            ));
        }
        for (kind, id, field, to, target) in &self.unknown {
            if !self.ids.get(to).is_some_and(|set| set.contains(target)) && !exists(*to, target) {
                out.push(Problem::new(
                    *kind,
                    id,
                    field,
                    format!("refers to {to} {target:?}, which does not exist"),
                ));
            }
        }
        out
    }
}

/// The problem with cohort `c` when another cohort in `seen` has its
/// name, compared folded (`şəbəkə` is `Səbəkə`); else `c` is noted in `seen`.
fn same_name(seen: &mut HashMap<String, String>, c: &Cohort) -> Option<Problem> {
    let folded = cohort_name_key(&c.name);
    if folded.is_empty() {
        return None;
    }
    match seen.get(&folded) {
        Some(other) if *other != c.id => Some(Problem::new(
            Kind::Cohort,
            &c.id,
            "name",
            cohort_name_taken(other),
        )),
        Some(_) => None,
        None => {
            seen.insert(folded, c.id.clone());
            None
        }
    }
}

/// A cohort's name as two names are compared: folded, spaces made one.
pub fn cohort_name_key(name: &str) -> String {
    crate::text::fold(&name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Why a cohort may not have the name it has: cohort `other` has it.
pub fn cohort_name_taken(other: &str) -> String {
    format!("is taken by cohort {other} (names are compared without case or accents)")
}

fn records_of(p: &Portfolio) -> Vec<Record> {
    p.clone().into_records()
}

impl Portfolio {
    /// [`Record::normalize`] every record.
    pub fn normalize(&mut self) {
        self.each(Record::normalize);
    }

    /// [`Record::arrange`] every record.
    pub fn arrange(&mut self) {
        self.each(Record::arrange);
    }

    fn each(&mut self, f: impl Fn(&mut Record)) {
        for mut record in std::mem::take(self).into_records() {
            f(&mut record);
            self.push(record);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::cohort;

    #[test]
    fn two_cohorts_with_one_folded_name_are_refused() {
        let mut p = Portfolio::default();
        let mut first = cohort("c1", "2026-01-05", "2026-04-24");
        first.name = "Şəbəkə Spring 2026".into();
        let mut second = cohort("c2", "2026-09-07", "2026-12-18");
        second.name = "  səbəkə   SPRING 2026 ".into();
        p.cohorts = vec![first, second];
        let problems = portfolio_problems(&p, &|_, _| false);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let shown = problems[0].to_string();
        assert!(shown.contains("c2"), "{shown}");
        assert!(shown.contains("is taken by cohort c1"), "{shown}");
    }

    #[test]
    fn different_cohort_names_pass() {
        let mut p = Portfolio::default();
        let mut other = cohort("c2", "2026-09-07", "2026-12-18");
        other.name = "Autumn 2026".into();
        p.cohorts = vec![cohort("c1", "2026-01-05", "2026-04-24"), other];
        assert_eq!(portfolio_problems(&p, &|_, _| false), vec![]);
    }
}
