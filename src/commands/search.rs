//! `search QUERY`: one hit a line (kind, id, name, the field that
//! matched), or a JSON array for scripts.

use serde_json::json;

use crate::interchange;
use crate::model::{Kind, Portfolio};
use crate::search::SearchIndex;
use crate::text::sanitize_line;
use crate::workspace::Opened;

use super::{Failure, Output};

/// What `search` was asked for.
pub struct SearchRequest<'a> {
    pub query: &'a str,
    pub kind: Option<Kind>,
    pub limit: u64,
    pub json: bool,
}

pub fn search(
    opened: &Opened,
    request: &SearchRequest,
    output: &mut Output,
) -> Result<u8, Failure> {
    let query = request.query;
    // perf: search reads only what it needs: one kind's entries in the
    // store's catalog (a few strings a record), and the notes, most of a
    // portfolio, only when they are searched.
    let portfolio = match request.kind {
        Some(kind) if kind != Kind::Note => {
            let records = opened.store.catalog_of(kind)?;
            let mut portfolio = Portfolio::default();
            // Room for them all at once: growing a vec of 100,000
            // startups copies them and touches fresh pages each time.
            let n = records.len();
            match kind {
                Kind::Startup => portfolio.startups.reserve_exact(n),
                Kind::Cohort => portfolio.cohorts.reserve_exact(n),
                Kind::Mentor => portfolio.mentors.reserve_exact(n),
                Kind::DemoDay => portfolio.demo_days.reserve_exact(n),
                Kind::Note => {}
            }
            for record in records {
                portfolio.push(record);
            }
            portfolio
        }
        _ => opened.store.portfolio()?,
    };
    let index = SearchIndex::build(&portfolio);
    let kinds = request.kind.map(|k| vec![k]);
    let limit = usize::try_from(request.limit).unwrap_or(usize::MAX);
    let hits = index.search(query, kinds.as_deref(), limit);
    if request.json {
        let hits: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| {
                json!({
                    "kind": h.kind.as_str(),
                    "id": h.id,
                    "name": h.name,
                    "startup": h.startup,
                    "field": h.field.as_str(),
                    "text": h.text,
                    "positions": h.positions,
                })
            })
            .collect();
        let mut text = serde_json::to_string_pretty(&hits).unwrap_or_default();
        text.push('\n');
        output.print(&interchange::escape_controls(text))?;
    } else if hits.is_empty() {
        let query = crate::text::shorten(&sanitize_line(query), 40);
        output.tell(&format!("No matches for {query:?}."));
    } else {
        let text: String = hits
            .iter()
            .map(|h| {
                format!(
                    "{}\t{}\t{}\t{}\n",
                    h.kind,
                    sanitize_line(&h.id),
                    sanitize_line(&h.name),
                    h.field.as_str()
                )
            })
            .collect();
        output.print(&text)?;
    }
    Ok(0)
}
