//! From a record to form lines and back.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use tui_input::Input;

use super::{Adds, Form, FormLine, Value};
use crate::app::data::Data;
use crate::model::*;
use crate::text::sanitize;

/// How a time is typed in a form.
pub const TIME_FORMAT: &str = "%Y-%m-%d %H:%M";

fn text(value: &str) -> Value {
    Value::Text(Input::new(value.to_string()))
}

fn words(list: &[String]) -> Value {
    text(&list.join(", "))
}

fn area(value: &str) -> Value {
    // Stored text may hold control characters; the editor shows them made
    // safe, and saving keeps them that way.
    let lines: Vec<String> = sanitize(value).lines().map(str::to_string).collect();
    let mut area = crate::app::dialog::wrapped::text_area(lines);
    // Not focused until the form says so.
    crate::app::dialog::wrapped::focus(&mut area, false);
    Value::Area(Box::new(area))
}

fn choice<T: Copy + PartialEq>(all: &[T], name: impl Fn(T) -> &'static str, now: T) -> Value {
    Value::Choice {
        options: all.iter().map(|v| name(*v)).collect(),
        at: all.iter().position(|v| *v == now).unwrap_or(0),
    }
}

fn date(day: NaiveDate) -> Value {
    Value::Date(Input::new(day.format("%Y-%m-%d").to_string()))
}

pub fn founder_fields(i: usize, f: &Founder) -> [FormLine; 3] {
    let key = format!("founders[{i}]");
    [
        FormLine::new(
            format!("{key}.name"),
            format!("Founder {}", i + 1),
            text(&f.name),
        ),
        FormLine::new(format!("{key}.role"), "  role", text(&f.role)),
        FormLine::new(format!("{key}.email"), "  email", text(&f.email)),
    ]
}

pub fn pitch_field(i: usize, pitch: &Pitch) -> FormLine {
    FormLine::new(
        format!("pitches[{i}]"),
        format!("Pitch {}", i + 1),
        Value::Pitch {
            startup: pitch.startup.clone(),
            minutes: Input::new(pitch.minutes.to_string()),
        },
    )
}

/// The lines of a new KPI snapshot, the `n`th of the startup's. They
/// start from the last snapshot, `previous`, so only what moved is typed.
pub fn kpi_fields(n: usize, today: NaiveDate, previous: Option<&Kpi>) -> [FormLine; 5] {
    let was = previous.cloned().unwrap_or(Kpi {
        date: today,
        revenue: 0.0,
        customers: 0,
        employees: 0,
        funding_raised: 0.0,
    });
    kpi_lines(n, &Kpi { date: today, ..was })
}

/// One line for each figure of snapshot `was`, the `n`th: to change it.
pub fn kpi_lines(n: usize, was: &Kpi) -> [FormLine; 5] {
    let key = format!("kpis[{n}]");
    [
        FormLine::new(format!("{key}.date"), "KPIs as of", date(was.date)),
        FormLine::new(
            format!("{key}.revenue"),
            "  revenue",
            text(&was.revenue.to_string()),
        ),
        FormLine::new(
            format!("{key}.customers"),
            "  customers",
            text(&was.customers.to_string()),
        ),
        FormLine::new(
            format!("{key}.employees"),
            "  employees",
            text(&was.employees.to_string()),
        ),
        FormLine::new(
            format!("{key}.funding_raised"),
            "  funding",
            text(&was.funding_raised.to_string()),
        ),
    ]
}

/// What the outcome line offers, in order: no outcome yet, then the
/// company's status as [`OutcomeStatus::ALL`] lists it.
pub const OUTCOME_CHOICES: [&str; 5] = ["none", "operating", "acquired", "IPO", "closed"];

/// The status the outcome line's choice `at` stands for; `None` for "none".
pub fn outcome_status(at: usize) -> Option<OutcomeStatus> {
    at.checked_sub(1)
        .and_then(|i| OutcomeStatus::ALL.get(i))
        .copied()
}

/// Whether an outcome of `status` is asked for its day: every one but
/// operating (the rule `Outcome::check` keeps).
pub fn asks_date(status: Option<OutcomeStatus>) -> bool {
    status.is_some_and(|s| s != OutcomeStatus::Operating)
}

/// The line for the day of the outcome, holding `day` as typed.
pub fn outcome_date_field(day: &str) -> FormLine {
    FormLine::new(
        "outcome.date",
        "  date",
        Value::Date(Input::new(day.to_string())),
    )
}

/// The lines of funding round `i`: its day, kind, amount and investors.
pub fn round_fields(i: usize, round: &FundingRound) -> [FormLine; 4] {
    let key = format!("outcome.rounds[{i}]");
    // An amount not typed yet reads as zero; zero shows as nothing typed.
    let amount = if round.amount == 0.0 {
        String::new()
    } else {
        round.amount.to_string()
    };
    [
        FormLine::new(
            format!("{key}.date"),
            format!("Round {}", i + 1),
            date(round.date),
        ),
        FormLine::new(format!("{key}.kind"), "  kind", text(&round.kind)),
        FormLine::new(format!("{key}.amount"), "  amount", text(&amount)),
        FormLine::new(
            format!("{key}.investors"),
            "  investors",
            words(&round.investors),
        ),
    ]
}

/// The outcome's lines: the choice, its day when the status has one,
/// each round, and the line that adds one.
fn outcome_fields(outcome: Option<&Outcome>) -> Vec<FormLine> {
    let at = outcome.map_or(0, |o| {
        1 + OutcomeStatus::ALL
            .iter()
            .position(|s| *s == o.status)
            .unwrap_or(0)
    });
    let mut fields = vec![FormLine::new(
        "outcome.status",
        "Outcome",
        Value::Choice {
            options: OUTCOME_CHOICES.to_vec(),
            at,
        },
    )];
    if asks_date(outcome_status(at)) {
        let day = outcome
            .and_then(|o| o.date)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        fields.push(outcome_date_field(&day));
    }
    for (i, round) in outcome.map_or(&[][..], |o| &o.rounds).iter().enumerate() {
        fields.extend(round_fields(i, round));
    }
    fields.push(FormLine::new("outcome.rounds", "", Value::Add(Adds::Round)));
    fields
}

/// A record of `kind` with every field set to a sensible default, so a
/// name is all a new one needs. `None` when it cannot be made yet (a demo
/// day needs a cohort).
pub fn new_record(kind: Kind, data: &Data, today: NaiveDate) -> Option<Record> {
    let p = &data.portfolio;
    Some(match kind {
        Kind::Cohort => Record::Cohort(Cohort {
            id: String::new(),
            name: String::new(),
            program: Program::default(),
            start: today,
            end: today + Duration::weeks(16),
            capacity: 10,
            description: String::new(),
        }),
        Kind::Mentor => Record::Mentor(Mentor {
            id: String::new(),
            name: String::new(),
            email: String::new(),
            organization: String::new(),
            expertise: Vec::new(),
            languages: Vec::new(),
            capacity: 3,
        }),
        Kind::Startup => Record::Startup(Startup {
            id: String::new(),
            name: String::new(),
            one_liner: String::new(),
            sector: String::new(),
            stage: Stage::default(),
            status: Status::Active,
            cohort: None,
            mentors: Vec::new(),
            founders: Vec::new(),
            tags: Vec::new(),
            website: String::new(),
            kpis: Vec::new(),
            outcome: None,
        }),
        Kind::DemoDay => {
            // The next cohort to finish, and the offset demo days are held in.
            let cohort = p
                .cohorts
                .iter()
                .filter(|c| c.end >= today)
                .min_by_key(|c| c.end)
                .or_else(|| p.cohorts.iter().max_by_key(|c| c.end))?;
            let offset = p.demo_days.iter().max_by_key(|d| d.at).map_or_else(
                || FixedOffset::east_opt(0).expect("UTC"),
                |d| *d.at.offset(),
            );
            // In the cohort's last week: a form that follows the cohort
            // picked (`rules::demo_day_default`).
            let at = super::rules::demo_day_default(cohort, offset)?;
            Record::DemoDay(DemoDay {
                id: String::new(),
                cohort: cohort.id.clone(),
                at,
                venue: String::new(),
                pitches: Vec::new(),
                investors: Vec::new(),
                notes: String::new(),
                criteria: Vec::new(),
                judges: Vec::new(),
                scores: Vec::new(),
                judging_closed: false,
            })
        }
        // Notes have an editor of their own; the program year's records
        // are not made through this form (a milestone belongs to the startup
        // on screen: see `Action::AddMilestone`).
        Kind::Note
        | Kind::Call
        | Kind::Application
        | Kind::Review
        | Kind::Milestone
        | Kind::OfficeHour => return None,
    })
}

/// The lines of a form for `record`.
pub fn fields_of(record: &Record) -> Vec<FormLine> {
    match record {
        Record::Cohort(c) => vec![
            FormLine::new("name", "Name", text(&c.name)),
            FormLine::new(
                "program",
                "Program",
                choice(Program::ALL, Program::as_str, c.program),
            ),
            FormLine::new("start", "Starts", date(c.start)),
            FormLine::new("end", "Ends", date(c.end)),
            FormLine::new("capacity", "Places", text(&c.capacity.to_string())),
            FormLine::new("description", "About", area(&c.description)),
        ],
        Record::Mentor(m) => vec![
            FormLine::new("name", "Name", text(&m.name)),
            FormLine::new("email", "Email", text(&m.email)),
            FormLine::new("organization", "Organization", text(&m.organization)),
            FormLine::new("expertise", "Expertise", words(&m.expertise)),
            FormLine::new("languages", "Languages", words(&m.languages)),
            FormLine::new("capacity", "Takes", text(&m.capacity.to_string())),
        ],
        Record::Startup(s) => {
            let mut fields = vec![
                FormLine::new("name", "Name", text(&s.name)),
                FormLine::new("one_liner", "One-liner", text(&s.one_liner)),
                FormLine::new("sector", "Sector", text(&s.sector)),
                FormLine::new("stage", "Stage", choice(Stage::ALL, Stage::as_str, s.stage)),
                FormLine::new(
                    "status",
                    "Status",
                    choice(Status::ALL, Status::as_str, s.status),
                ),
                FormLine::new("cohort", "Cohort", Value::Cohort(s.cohort.clone())),
                FormLine::new("mentors", "Mentors", Value::Mentors(s.mentors.clone())),
            ];
            for (i, f) in s.founders.iter().enumerate() {
                fields.extend(founder_fields(i, f));
            }
            fields.push(FormLine::new("founders", "", Value::Add(Adds::Founder)));
            fields.push(FormLine::new("tags", "Tags", words(&s.tags)));
            fields.push(FormLine::new("website", "Website", text(&s.website)));
            for (i, kpi) in s.kpis.iter().enumerate() {
                let label = if i == 0 { "KPIs" } else { "" };
                fields.push(FormLine::new(
                    format!("kpis[{i}]"),
                    label,
                    Value::Kpi(kpi.clone()),
                ));
            }
            fields.push(FormLine::new("kpis", "", Value::Add(Adds::Kpi)));
            fields.extend(outcome_fields(s.outcome.as_ref()));
            fields
        }
        Record::DemoDay(d) => {
            let mut fields = vec![
                FormLine::new("cohort", "Cohort", Value::Cohort(Some(d.cohort.clone()))),
                FormLine::new(
                    "at",
                    "Starts at",
                    Value::Time {
                        input: Input::new(d.at.format(TIME_FORMAT).to_string()),
                        offset: *d.at.offset(),
                    },
                ),
                FormLine::new("venue", "Venue", text(&d.venue)),
            ];
            for (i, pitch) in d.pitches.iter().enumerate() {
                fields.push(pitch_field(i, pitch));
            }
            fields.push(FormLine::new("pitches", "", Value::Add(Adds::Pitches)));
            fields.push(FormLine::new("investors", "Investors", words(&d.investors)));
            fields.push(FormLine::new(
                "criteria",
                "Criteria",
                text(&criteria_text(&d.criteria)),
            ));
            fields.push(FormLine::new("judges", "Judges", words(&d.judges)));
            fields.push(FormLine::new("notes", "Notes", area(&d.notes)));
            fields
        }
        Record::Milestone(m) => vec![
            FormLine::new("title", "Milestone", text(&m.title)),
            FormLine::new("due", "Due", date(m.due)),
            FormLine::new(
                "done",
                "Done on",
                text(&m.done.map(|d| d.to_string()).unwrap_or_default()),
            ),
        ],
        Record::Note(_)
        | Record::Call(_)
        | Record::Application(_)
        | Record::Review(_)
        | Record::OfficeHour(_) => Vec::new(),
    }
}

/// What the user typed, read back; every problem with the line it is on.
struct Reader<'a> {
    form: &'a Form,
    problems: Vec<(String, String)>,
}

impl Reader<'_> {
    fn field(&self, key: &str) -> Option<&FormLine> {
        self.form.fields.iter().find(|f| f.key == key)
    }

    fn text(&self, key: &str) -> Option<String> {
        match &self.field(key)?.value {
            Value::Text(input) | Value::Date(input) => Some(input.value().trim().to_string()),
            Value::Time { input, .. } => Some(input.value().trim().to_string()),
            Value::Area(area) => Some(area.lines().join("\n").trim_end().to_string()),
            _ => None,
        }
    }

    fn set_text(&self, key: &str, into: &mut String) {
        if let Some(value) = self.text(key) {
            *into = value;
        }
    }

    fn set_words(&self, key: &str, into: &mut Vec<String>) {
        if let Some(value) = self.text(key) {
            *into = value
                .split(',')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
        }
    }

    fn report(&mut self, key: &str, message: &str) {
        self.problems.push((key.to_string(), message.to_string()));
    }

    fn number<T: std::str::FromStr>(&mut self, key: &str, into: &mut T) {
        let Some(value) = self.text(key) else { return };
        match value.replace([',', ' ', '_'], "").parse() {
            Ok(n) => *into = n,
            Err(_) => self.report(key, "must be a whole number"),
        }
    }

    fn amount(&mut self, key: &str, into: &mut f64) {
        let Some(value) = self.text(key) else { return };
        let value = value.replace([',', ' ', '_'], "");
        if value.is_empty() {
            *into = 0.0;
            return;
        }
        match value.parse::<f64>() {
            Ok(n) if n.is_finite() => *into = n,
            _ => self.report(key, "must be an amount, like 12500 or 12500.50"),
        }
    }

    fn date(&mut self, key: &str, into: &mut NaiveDate) {
        let Some(value) = self.text(key) else { return };
        match NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
            Ok(day) => *into = day,
            Err(_) => self.report(key, "is not a date: type it as YYYY-MM-DD"),
        }
    }

    /// The outcome as its lines say: none while the choice is "none" and
    /// no round is listed (a round needs a status to belong to).
    fn outcome(&mut self) -> Option<Outcome> {
        let at = match self.field("outcome.status") {
            Some(FormLine {
                value: Value::Choice { at, .. },
                ..
            }) => *at,
            // A form with no outcome line keeps the outcome it opened with.
            _ => {
                return match &self.form.original {
                    Record::Startup(s) => s.outcome.clone(),
                    _ => None,
                };
            }
        };
        let mut rounds = Vec::new();
        for i in 0.. {
            let key = format!("outcome.rounds[{i}]");
            if self.field(&format!("{key}.date")).is_none() {
                break;
            }
            let mut round = FundingRound {
                date: NaiveDate::default(),
                kind: String::new(),
                amount: 0.0,
                investors: Vec::new(),
            };
            self.date(&format!("{key}.date"), &mut round.date);
            self.set_text(&format!("{key}.kind"), &mut round.kind);
            self.amount(&format!("{key}.amount"), &mut round.amount);
            self.set_words(&format!("{key}.investors"), &mut round.investors);
            rounds.push(round);
        }
        let Some(status) = outcome_status(at) else {
            if !rounds.is_empty() {
                self.report(
                    "outcome.status",
                    "is none, but rounds are listed: choose a status, or drop them (Ctrl-D)",
                );
            }
            return None;
        };
        // An empty day is a missing one, for `Outcome::check` to say so.
        let mut date = None;
        if let Some(typed) = self.text("outcome.date").filter(|t| !t.is_empty()) {
            match NaiveDate::parse_from_str(&typed, "%Y-%m-%d") {
                Ok(day) => date = Some(day),
                Err(_) => self.report("outcome.date", "is not a date: type it as YYYY-MM-DD"),
            }
        }
        Some(Outcome {
            status,
            date,
            rounds,
        })
    }

    fn choice<T: Copy>(&self, key: &str, all: &[T], into: &mut T) {
        if let Some(FormLine {
            value: Value::Choice { at, .. },
            ..
        }) = self.field(key)
            && let Some(v) = all.get(*at)
        {
            *into = *v;
        }
    }
}

/// The record a form describes, or what stops it being one.
pub fn record_of(form: &Form) -> Result<Record, Vec<(String, String)>> {
    let (record, problems) = draft_of(form);
    if problems.is_empty() {
        Ok(record)
    } else {
        Err(problems)
    }
}

/// The record as far as the form reads, with what did not read left as
/// it was, and the problems reading it: so a form with a half-typed
/// number can still be checked for an end before its start.
pub fn draft_of(form: &Form) -> (Record, Vec<(String, String)>) {
    let mut r = Reader {
        form,
        problems: Vec::new(),
    };
    let mut record = form.original.clone();
    match &mut record {
        Record::Cohort(c) => {
            r.set_text("name", &mut c.name);
            r.choice("program", Program::ALL, &mut c.program);
            r.date("start", &mut c.start);
            r.date("end", &mut c.end);
            r.number("capacity", &mut c.capacity);
            r.set_text("description", &mut c.description);
        }
        Record::Mentor(m) => {
            r.set_text("name", &mut m.name);
            r.set_text("email", &mut m.email);
            r.set_text("organization", &mut m.organization);
            r.set_words("expertise", &mut m.expertise);
            r.set_words("languages", &mut m.languages);
            r.number("capacity", &mut m.capacity);
        }
        Record::Startup(s) => {
            r.set_text("name", &mut s.name);
            r.set_text("one_liner", &mut s.one_liner);
            r.set_text("sector", &mut s.sector);
            r.choice("stage", Stage::ALL, &mut s.stage);
            r.choice("status", Status::ALL, &mut s.status);
            for field in &form.fields {
                match &field.value {
                    Value::Cohort(cohort) => s.cohort = cohort.clone(),
                    Value::Mentors(mentors) => s.mentors = mentors.clone(),
                    _ => {}
                }
            }
            s.founders = (0..)
                .map_while(|i| {
                    let key = format!("founders[{i}]");
                    let name = r.text(&format!("{key}.name"))?;
                    Some(Founder {
                        name,
                        role: r.text(&format!("{key}.role")).unwrap_or_default(),
                        email: r.text(&format!("{key}.email")).unwrap_or_default(),
                    })
                })
                .collect();
            r.set_words("tags", &mut s.tags);
            r.set_text("website", &mut s.website);
            // Snapshots as they were, opened to change, or new, in the
            // order of their lines; one dropped has no line.
            let mut kpis = Vec::new();
            for field in &form.fields {
                if let Value::Kpi(kpi) = &field.value {
                    kpis.push(kpi.clone());
                    continue;
                }
                let Some(key) = field.key.strip_suffix(".date") else {
                    continue;
                };
                if !key.starts_with("kpis[") {
                    continue;
                }
                let mut kpi = Kpi {
                    date: NaiveDate::default(),
                    revenue: 0.0,
                    customers: 0,
                    employees: 0,
                    funding_raised: 0.0,
                };
                r.date(&format!("{key}.date"), &mut kpi.date);
                r.amount(&format!("{key}.revenue"), &mut kpi.revenue);
                r.number(&format!("{key}.customers"), &mut kpi.customers);
                r.number(&format!("{key}.employees"), &mut kpi.employees);
                r.amount(&format!("{key}.funding_raised"), &mut kpi.funding_raised);
                kpis.push(kpi);
            }
            s.kpis = kpis;
            s.outcome = r.outcome();
        }
        Record::DemoDay(d) => {
            for field in &form.fields {
                if let Value::Cohort(Some(cohort)) = &field.value {
                    d.cohort = cohort.clone();
                }
            }
            if let Some(FormLine {
                value: Value::Time { input, offset },
                ..
            }) = r.field("at")
            {
                match parse_time(input.value(), *offset) {
                    Some(at) => d.at = at,
                    None => r.report("at", "is not a time: type it as YYYY-MM-DD HH:MM"),
                }
            }
            r.set_text("venue", &mut d.venue);
            let mut pitches = Vec::new();
            for field in &form.fields {
                if let Value::Pitch { startup, minutes } = &field.value {
                    match minutes.value().trim().parse() {
                        Ok(minutes) => pitches.push(Pitch {
                            startup: startup.clone(),
                            minutes,
                        }),
                        Err(_) => {
                            let key = format!("{}.minutes", field.key);
                            r.report(&key, "minutes must be a whole number");
                        }
                    }
                }
            }
            d.pitches = pitches;
            r.set_words("investors", &mut d.investors);
            if let Some(typed) = r.text("criteria") {
                match parse_criteria(&typed) {
                    Ok(criteria) => d.criteria = criteria,
                    Err(why) => r.report("criteria", &why),
                }
            }
            r.set_words("judges", &mut d.judges);
            r.set_text("notes", &mut d.notes);
        }
        Record::Milestone(m) => {
            r.set_text("title", &mut m.title);
            r.date("due", &mut m.due);
            match r.text("done").filter(|t| !t.is_empty()) {
                None => m.done = None,
                Some(done) => match crate::interchange::parse_date(&done) {
                    Ok(day) => m.done = Some(day),
                    Err(_) => r.report(
                        "done",
                        "is not a date: type it as YYYY-MM-DD, or leave it empty while open",
                    ),
                },
            }
        }
        Record::Note(_)
        | Record::Call(_)
        | Record::Application(_)
        | Record::Review(_)
        | Record::OfficeHour(_) => {}
    }
    (record, r.problems)
}

/// A demo day's criteria as its form shows them: `Pitch 2, Product 1`.
fn criteria_text(criteria: &[Criterion]) -> String {
    let each: Vec<String> = criteria
        .iter()
        .map(|c| format!("{} {}", c.name, c.weight))
        .collect();
    each.join(", ")
}

/// `Pitch 2, Product 1` (a name and its weight, comma between; a name
/// alone weighs 1) as criteria.
fn parse_criteria(text: &str) -> Result<Vec<Criterion>, String> {
    let mut criteria: Vec<Criterion> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, weight) = match part.rsplit_once(char::is_whitespace) {
            Some((name, weight)) if weight.chars().all(|c| c.is_ascii_digit()) => {
                let weight = weight
                    .parse::<u32>()
                    .ok()
                    .filter(|w| *w > 0)
                    .ok_or_else(|| format!("{part:?}: a weight is a whole number from 1"))?;
                (name.trim(), weight)
            }
            _ => (part, 1),
        };
        if criteria.iter().any(|c| c.name == name) {
            return Err(format!("{name:?} is named twice"));
        }
        criteria.push(Criterion {
            name: name.to_string(),
            weight,
        });
    }
    Ok(criteria)
}

pub fn parse_time(text: &str, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let local = NaiveDateTime::parse_from_str(text.trim(), TIME_FORMAT).ok()?;
    offset.from_local_datetime(&local).single()
}

/// When each pitch line starts, back to back from the demo day's time as
/// typed (`None` where the time or a length before it does not read).
pub fn pitch_starts(form: &Form) -> Vec<Option<DateTime<FixedOffset>>> {
    let mut at = form.fields.iter().find_map(|f| match &f.value {
        Value::Time { input, offset } => parse_time(input.value(), *offset),
        _ => None,
    });
    let mut starts = Vec::new();
    for field in &form.fields {
        if let Value::Pitch { minutes, .. } = &field.value {
            starts.push(at);
            let minutes: Option<i64> = minutes.value().trim().parse().ok();
            at = at.zip(minutes).map(|(t, m)| t + Duration::minutes(m));
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::parse_criteria;

    #[test]
    fn criteria_typed_wrong_are_told() {
        assert_eq!(
            parse_criteria("Pitch 0").err().as_deref(),
            Some("\"Pitch 0\": a weight is a whole number from 1")
        );
        assert_eq!(
            parse_criteria("Pitch 2, Pitch 1").err().as_deref(),
            Some("\"Pitch\" is named twice")
        );
        assert_eq!(parse_criteria(" , ").map(|c| c.len()), Ok(0));
    }
}
