//! `show KIND ID|NAME [--json]`: one record, every field a person needs,
//! names in place of ids, text made safe; `--json` its interchange form.
//! Read-only, so a name may be fuzzy (DESIGN.md: "Command line").

use crate::interchange;
use crate::model::{Criterion, Founder, Kind, Portfolio, Record};
use crate::resolve::{ResolveError, resolve_stored};
use crate::text::{sanitize, sanitize_line};
use crate::workspace::Opened;

use super::{Failure, Output};

pub fn show(
    opened: &Opened,
    kind: Kind,
    query: &str,
    json: bool,
    output: &mut Output,
) -> Result<u8, Failure> {
    let store = &opened.store;
    let record = match kind {
        // Notes have no name: an id.
        Kind::Note => match store.get_any(kind, query.trim())? {
            Some(stored) => stored.record,
            None => {
                return Err(ResolveError::NotFound {
                    kind,
                    query: query.to_string(),
                }
                .into());
            }
        },
        _ => resolve_stored(store, kind, query)??,
    };
    if json {
        let value = record.to_value();
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        output.print(&interchange::escape_controls(text))?;
        return Ok(0);
    }
    // The names an id refers to, and a startup's notes.
    let portfolio = store.portfolio_without_notes()?;
    let notes = match &record {
        Record::Startup(s) => store.notes_of(&s.id)?.len(),
        _ => 0,
    };
    output.print(&describe(&record, &portfolio, notes))?;
    Ok(0)
}

/// `name (id)` of the record of `kind` with `id`, or the id alone.
fn named(portfolio: &Portfolio, kind: Kind, id: &str) -> String {
    match portfolio.name_of(kind, id) {
        Some(name) => format!("{name} ({id})"),
        None => id.to_string(),
    }
}

/// "Günay Rzayeva, CEO <gunay@example.az>".
fn founder_line(f: &Founder) -> String {
    let email = match f.email.is_empty() {
        true => String::new(),
        false => format!(" <{}>", f.email),
    };
    format!("{}, {}{email}", f.name, f.role)
}

/// A rubric's rows: "Team (weight 3)".
fn criterion_rows(criteria: &[Criterion]) -> impl Iterator<Item = (&'static str, String)> + '_ {
    criteria
        .iter()
        .map(|c| ("Criterion", format!("{} (weight {})", c.name, c.weight)))
}

/// The record as lines of `Field  value`, safe for a terminal.
pub fn describe(record: &Record, portfolio: &Portfolio, notes: usize) -> String {
    let mut rows: Vec<(&str, String)> = Vec::new();
    let list = |items: &[String]| items.join(", ");
    let title = format!("{} {}", record.kind(), record.id());
    match record {
        Record::Startup(s) => {
            rows.push(("Name", s.name.clone()));
            rows.push(("One-liner", s.one_liner.clone()));
            rows.push(("Sector", s.sector.clone()));
            rows.push(("Stage", s.stage.to_string()));
            rows.push(("Status", s.status.to_string()));
            let cohort = s
                .cohort
                .as_deref()
                .map(|c| named(portfolio, Kind::Cohort, c));
            rows.push(("Cohort", cohort.unwrap_or_else(|| "none".into())));
            let mentors: Vec<String> = s
                .mentors
                .iter()
                .map(|m| named(portfolio, Kind::Mentor, m))
                .collect();
            rows.push(("Mentors", list(&mentors)));
            for f in &s.founders {
                rows.push(("Founder", founder_line(f)));
            }
            rows.push(("Tags", list(&s.tags)));
            rows.push(("Website", s.website.clone()));
            for k in &s.kpis {
                rows.push((
                    "KPIs",
                    format!(
                        "{}: revenue {}, customers {}, employees {}, funding {}",
                        k.date, k.revenue, k.customers, k.employees, k.funding_raised
                    ),
                ));
            }
            if let Some(outcome) = &s.outcome {
                let when = outcome.date.map(|d| format!(" on {d}")).unwrap_or_default();
                rows.push((
                    "Outcome",
                    format!(
                        "{}{when}, {} raised after the program",
                        outcome.status,
                        outcome.raised()
                    ),
                ));
                for r in &outcome.rounds {
                    let investors = match r.investors.is_empty() {
                        true => String::new(),
                        false => format!(" from {}", list(&r.investors)),
                    };
                    rows.push((
                        "Round",
                        format!("{}: {} {}{investors}", r.date, r.kind, r.amount),
                    ));
                }
            }
            rows.push(("Notes", notes.to_string()));
        }
        Record::Cohort(c) => {
            rows.push(("Name", c.name.clone()));
            rows.push(("Program", c.program.to_string()));
            rows.push(("Dates", format!("{} to {}", c.start, c.end)));
            let placed = portfolio
                .startups
                .iter()
                .filter(|s| s.cohort.as_deref() == Some(c.id.as_str()))
                .count();
            rows.push(("Startups", format!("{placed} of {} places", c.capacity)));
            rows.push(("Description", c.description.clone()));
        }
        Record::Mentor(m) => {
            rows.push(("Name", m.name.clone()));
            rows.push(("Email", m.email.clone()));
            rows.push(("Organization", m.organization.clone()));
            rows.push(("Expertise", list(&m.expertise)));
            rows.push(("Languages", list(&m.languages)));
            let startups: Vec<String> = portfolio
                .startups
                .iter()
                .filter(|s| s.mentors.contains(&m.id))
                .map(|s| format!("{} ({})", s.name, s.id))
                .collect();
            let load = m.load(&portfolio.startups);
            rows.push((
                "Load",
                format!("{} active of {}", load.active, load.capacity),
            ));
            rows.push(("Startups", list(&startups)));
        }
        Record::DemoDay(d) => {
            rows.push(("Cohort", named(portfolio, Kind::Cohort, &d.cohort)));
            rows.push(("At", d.at.format("%Y-%m-%d %H:%M %:z").to_string()));
            rows.push(("Venue", d.venue.clone()));
            for (n, p) in d.pitches.iter().enumerate() {
                rows.push((
                    "Pitch",
                    format!(
                        "{}. {}, {} min",
                        n + 1,
                        named(portfolio, Kind::Startup, &p.startup),
                        p.minutes
                    ),
                ));
            }
            rows.push(("Investors", list(&d.investors)));
            rows.push(("Notes", d.notes.clone()));
            rows.extend(criterion_rows(&d.criteria));
            if !d.judges.is_empty() {
                rows.push(("Judges", list(&d.judges)));
                let state = if d.judging_closed { "closed" } else { "open" };
                rows.push((
                    "Judging",
                    format!("{state}, {}", crate::text::counted(d.scores.len(), "score")),
                ));
            }
        }
        Record::Note(n) => {
            rows.push(("Startup", named(portfolio, Kind::Startup, &n.startup)));
            rows.push(("Author", n.author.clone()));
            rows.push(("Kind", n.kind.to_string()));
            rows.push(("Written", n.created_at.format("%Y-%m-%d %H:%M").to_string()));
        }
        Record::Call(c) => {
            rows.push(("Name", c.name.clone()));
            rows.push(("Cohort", named(portfolio, Kind::Cohort, &c.cohort)));
            rows.push(("Open", format!("{} to {}", c.opens, c.closes)));
            rows.extend(criterion_rows(&c.criteria));
            for question in &c.questions {
                rows.push(("Question", question.clone()));
            }
            let applications = portfolio
                .applications
                .iter()
                .filter(|a| a.call == c.id)
                .count();
            rows.push(("Applications", applications.to_string()));
        }
        Record::Application(a) => {
            rows.push(("Name", a.name.clone()));
            rows.push(("Call", named(portfolio, Kind::Call, &a.call)));
            rows.push(("One-liner", a.one_liner.clone()));
            rows.push(("Sector", a.sector.clone()));
            rows.push(("Stage", a.stage.to_string()));
            rows.push((
                "Submitted",
                a.submitted_at.format("%Y-%m-%d %H:%M").to_string(),
            ));
            for f in &a.founders {
                rows.push(("Founder", founder_line(f)));
            }
            let reviewers: Vec<String> = a
                .reviewers
                .iter()
                .map(|m| named(portfolio, Kind::Mentor, m))
                .collect();
            rows.push(("Reviewers", list(&reviewers)));
            if let Some(startup) = &a.startup {
                rows.push(("Startup", named(portfolio, Kind::Startup, startup)));
            }
            let questions = portfolio
                .calls
                .iter()
                .find(|c| c.id == a.call)
                .map(|c| c.questions.as_slice())
                .unwrap_or_default();
            for (i, answer) in a.answers.iter().enumerate() {
                let question = questions.get(i).map_or("Answer", String::as_str);
                rows.push(("Answer", format!("{question}: {answer}")));
            }
        }
        Record::Review(r) => {
            rows.push((
                "Application",
                named(portfolio, Kind::Application, &r.application),
            ));
            rows.push(("Reviewer", named(portfolio, Kind::Mentor, &r.reviewer)));
            // In the order of the call's rubric, with the weighted total.
            let criteria = portfolio.criteria_of(r);
            let mut scored: Vec<(&String, &u8)> = r.scores.iter().collect();
            scored.sort_by_key(|(name, _)| criteria.iter().position(|c| &c.name == *name));
            for (criterion, score) in scored {
                rows.push(("Score", format!("{criterion}: {score}")));
            }
            if let Some(total) = crate::model::weighted_mean(&r.scores, criteria) {
                rows.push(("Total", format!("{total:.2} (weighted)")));
            }
            if r.conflict {
                rows.push(("Conflict", "declared: the review counts for nothing".into()));
            }
            rows.push(("Written", r.at.format("%Y-%m-%d %H:%M").to_string()));
            rows.push(("Comment", r.comment.clone()));
        }
        Record::Milestone(m) => {
            rows.push(("Startup", named(portfolio, Kind::Startup, &m.startup)));
            rows.push(("Title", m.title.clone()));
            rows.push(("Due", m.due.to_string()));
            rows.push((
                "Done",
                m.done.map_or_else(|| "not yet".into(), |d| d.to_string()),
            ));
            for note in &m.notes {
                rows.push(("Note", note.clone()));
            }
        }
        Record::OfficeHour(o) => {
            rows.push(("Mentor", named(portfolio, Kind::Mentor, &o.mentor)));
            rows.push((
                "Starts",
                o.starts_at.format("%Y-%m-%d %H:%M %:z").to_string(),
            ));
            rows.push(("Minutes", o.minutes.to_string()));
            rows.push(("Place", o.place.clone()));
            let booked = o
                .startup
                .as_deref()
                .map_or_else(|| "free".into(), |s| named(portfolio, Kind::Startup, s));
            rows.push(("Booked by", booked));
            rows.push(("Topic", o.topic.clone()));
        }
    }
    let width = rows.iter().map(|(field, _)| field.len()).max().unwrap_or(0);
    let mut out = format!("{}\n", sanitize_line(&title));
    for (field, value) in rows.iter().filter(|(_, v)| !v.trim().is_empty()) {
        out.push_str(&format!("{field:width$}  {}\n", sanitize_line(value)));
    }
    if let Record::Note(n) = record {
        out.push('\n');
        out.push_str(&sanitize(&n.body));
        if !n.body.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
