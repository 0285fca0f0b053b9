//! `search QUERY`: one hit a line (kind, id, name, the field that
//! matched), or a JSON array for scripts.

use serde_json::json;

use crate::interchange;
use crate::model::{Kind, Portfolio};
use crate::search::{SearchIndex, Sieve};
use crate::text::{fold, sanitize_line};
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
    let kinds = request.kind.map(|k| vec![k]);
    let limit = usize::try_from(request.limit).unwrap_or(usize::MAX);
    let hits = match request.kind {
        Some(kind) if kind != Kind::Note => {
            // perf: one kind's catalog entries scored as sled hands them
            // over, keeping the best `limit` (see `search::Sieve`); only
            // those are made into records and indexed, to make the hits
            // as a search of every record would.
            let folded = fold(query);
            let best = opened.store.scan_catalog(
                kind,
                || Sieve::new(&folded, limit),
                |sieve, entry| {
                    let others = entry.searched_others();
                    sieve.offer(kind, entry.id(), entry.searched_name(), others, || {
                        entry.record()
                    });
                },
            )?;
            let mut portfolio = Portfolio::default();
            for record in best.into_best() {
                portfolio.push(record);
            }
            SearchIndex::build(&portfolio).search(query, kinds.as_deref(), limit)
        }
        _ => {
            let portfolio = opened.store.portfolio()?;
            SearchIndex::build(&portfolio).search(query, kinds.as_deref(), limit)
        }
    };
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
