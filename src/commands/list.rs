//! `list KIND [--cohort C] [--mentor M] [--status S] [--json]`: the records
//! of a kind, one a line, tab-separated like `search` (id, name, then the
//! columns a shell user needs), for "which are my startups?"
//! (`list startup --mentor Aysel`). `--json`: their interchange form.

use crate::interchange;
use crate::model::{Kind, Portfolio, Record, Status, natural_cmp, weighted_mean};
use crate::resolve::resolve_stored;
use crate::text::sanitize_line;
use crate::workspace::Opened;

use super::{Failure, Output};

/// What `list` was asked for.
pub struct ListRequest<'a> {
    pub kind: Kind,
    pub cohort: Option<&'a str>,
    pub mentor: Option<&'a str>,
    pub status: Option<Status>,
    pub json: bool,
}

pub fn list(opened: &Opened, request: &ListRequest, output: &mut Output) -> Result<u8, Failure> {
    let kind = request.kind;
    // A filter a kind has no field for is refused, not ignored.
    let refuse = |option: &str, kinds: &str| {
        Err(Failure::new(
            2,
            format!("{option} goes with list {kinds}, not list {kind}"),
        ))
    };
    if request.mentor.is_some() && kind != Kind::Startup {
        return refuse("--mentor", "startup");
    }
    if request.status.is_some() && kind != Kind::Startup {
        return refuse("--status", "startup");
    }
    if request.cohort.is_some() && !matches!(kind, Kind::Startup | Kind::DemoDay | Kind::Call) {
        return refuse("--cohort", "startup, list demo-day or list call");
    }
    let store = &opened.store;
    // Read-only: a name may be fuzzy, an ambiguous one lists candidates.
    let cohort = match request.cohort {
        Some(query) => Some(resolve_stored(store, Kind::Cohort, query)??),
        None => None,
    };
    let mentor = match request.mentor {
        Some(query) => Some(resolve_stored(store, Kind::Mentor, query)??),
        None => None,
    };
    let in_cohort = |id: Option<&str>| cohort.as_ref().is_none_or(|c| Some(c.id()) == id);
    let portfolio = match kind {
        Kind::Note => store.portfolio()?,
        _ => store.portfolio_without_notes()?,
    };
    let mut records: Vec<Record> = match kind {
        Kind::Startup => portfolio
            .startups
            .iter()
            .filter(|s| in_cohort(s.cohort.as_deref()))
            .filter(|s| {
                mentor
                    .as_ref()
                    .is_none_or(|m| s.mentors.iter().any(|id| id == m.id()))
            })
            .filter(|s| request.status.is_none_or(|status| s.status == status))
            .cloned()
            .map(Record::from)
            .collect(),
        Kind::Cohort => portfolio
            .cohorts
            .iter()
            .cloned()
            .map(Record::from)
            .collect(),
        Kind::Mentor => portfolio
            .mentors
            .iter()
            .cloned()
            .map(Record::from)
            .collect(),
        Kind::DemoDay => portfolio
            .demo_days
            .iter()
            .filter(|d| in_cohort(Some(&d.cohort)))
            .cloned()
            .map(Record::from)
            .collect(),
        Kind::Note => portfolio.notes.iter().cloned().map(Record::from).collect(),
        Kind::Call => portfolio
            .calls
            .iter()
            .filter(|c| in_cohort(Some(&c.cohort)))
            .cloned()
            .map(Record::from)
            .collect(),
        Kind::Application => portfolio
            .applications
            .iter()
            .cloned()
            .map(Record::from)
            .collect(),
        Kind::Review => portfolio
            .reviews
            .iter()
            .cloned()
            .map(Record::from)
            .collect(),
        Kind::Milestone => portfolio
            .milestones
            .iter()
            .cloned()
            .map(Record::from)
            .collect(),
        Kind::OfficeHour => portfolio
            .office_hours
            .iter()
            .cloned()
            .map(Record::from)
            .collect(),
    };
    records.sort_by(|a, b| natural_cmp(a.id(), b.id()));
    if request.json {
        let values: Vec<serde_json::Value> = records.iter().map(Record::to_value).collect();
        let mut text = serde_json::to_string_pretty(&values).unwrap_or_default();
        text.push('\n');
        output.print(&interchange::escape_controls(text))?;
    } else {
        let text: String = records
            .iter()
            .map(|record| {
                let cells: Vec<String> = row(record, &portfolio)
                    .iter()
                    .map(|cell| sanitize_line(cell).replace('\t', " "))
                    .collect();
                cells.join("\t") + "\n"
            })
            .collect();
        output.print(&text)?;
    }
    if records.is_empty() {
        output.tell(&format!("No {kind}s match."));
    }
    Ok(0)
}

fn name_of(portfolio: &Portfolio, kind: Kind, id: &str) -> String {
    portfolio.name_of(kind, id).unwrap_or(id).to_string()
}

/// A record's columns: id and name first.
fn row(record: &Record, portfolio: &Portfolio) -> Vec<String> {
    match record {
        Record::Startup(s) => vec![
            s.id.clone(),
            s.name.clone(),
            s.stage.to_string(),
            s.status.to_string(),
            s.cohort
                .as_deref()
                .map(|c| name_of(portfolio, Kind::Cohort, c))
                .unwrap_or_default(),
            s.mentors
                .iter()
                .map(|m| name_of(portfolio, Kind::Mentor, m))
                .collect::<Vec<_>>()
                .join(", "),
        ],
        Record::Cohort(c) => vec![
            c.id.clone(),
            c.name.clone(),
            c.program.to_string(),
            c.start.to_string(),
            c.end.to_string(),
        ],
        Record::Mentor(m) => {
            // Active startups against capacity, as the view counts them.
            let load = m.load(&portfolio.startups);
            vec![
                m.id.clone(),
                m.name.clone(),
                m.organization.clone(),
                format!("{}/{}", load.active, load.capacity),
            ]
        }
        Record::DemoDay(d) => vec![
            d.id.clone(),
            record.label(),
            name_of(portfolio, Kind::Cohort, &d.cohort),
            format!("{} pitches", d.pitches.len()),
        ],
        Record::Note(n) => vec![
            n.id.clone(),
            name_of(portfolio, Kind::Startup, &n.startup),
            n.created_at.format("%Y-%m-%d").to_string(),
            n.author.clone(),
            record.label(),
        ],
        Record::Call(c) => {
            let applications = portfolio
                .applications
                .iter()
                .filter(|a| a.call == c.id)
                .count();
            vec![
                c.id.clone(),
                c.name.clone(),
                name_of(portfolio, Kind::Cohort, &c.cohort),
                format!("{} to {}", c.opens, c.closes),
                crate::text::counted(applications, "application"),
            ]
        }
        Record::Application(a) => vec![
            a.id.clone(),
            a.name.clone(),
            name_of(portfolio, Kind::Call, &a.call),
            a.stage.to_string(),
            a.submitted_at.format("%Y-%m-%d").to_string(),
        ],
        Record::Review(r) => {
            let criteria = portfolio.criteria_of(r);
            let total = weighted_mean(&r.scores, criteria)
                .map(|t| format!("{t:.2}"))
                .unwrap_or_default();
            vec![
                r.id.clone(),
                name_of(portfolio, Kind::Application, &r.application),
                name_of(portfolio, Kind::Mentor, &r.reviewer),
                total,
                if r.conflict { "conflict" } else { "" }.to_string(),
            ]
        }
        Record::Milestone(m) => vec![
            m.id.clone(),
            name_of(portfolio, Kind::Startup, &m.startup),
            m.title.clone(),
            format!("due {}", m.due),
            m.done.map(|d| format!("done {d}")).unwrap_or_default(),
        ],
        Record::OfficeHour(o) => vec![
            o.id.clone(),
            name_of(portfolio, Kind::Mentor, &o.mentor),
            o.starts_at.format("%Y-%m-%d %H:%M").to_string(),
            format!("{} min", o.minutes),
            o.place.clone(),
            o.startup
                .as_deref()
                .map(|s| name_of(portfolio, Kind::Startup, s))
                .unwrap_or_else(|| "free".into()),
            o.topic.clone(),
        ],
    }
}
