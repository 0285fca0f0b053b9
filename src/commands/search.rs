//! `search QUERY`: one hit a line (kind, id, name, the field that
//! matched), or a JSON array for scripts.

use serde_json::json;

use crate::interchange;
use crate::model::{Cohort, DemoDay, Kind, Mentor, Portfolio, Startup};
use crate::search::{Hit, SearchIndex, Sieve};
use crate::store::{Store, StoreError};
use crate::text::{fold_query, sanitize_line};
use crate::workspace::Opened;

use super::{Failure, Output};

/// What `search` was asked for.
pub struct SearchRequest {
    pub query: String,
    pub kind: Option<Kind>,
    pub limit: u64,
    pub json: bool,
}

pub fn search(
    opened: &Opened,
    request: &SearchRequest,
    output: &mut Output,
) -> Result<u8, Failure> {
    let query = request.query.as_str();
    if query.trim().is_empty() {
        return Err(Failure::new(
            2,
            "give something to search for: the query is empty",
        ));
    }
    // The program year's records are not searched (yet): said, not an
    // empty answer that would read as "none match".
    if let Some(kind @ (Kind::Call | Kind::Application | Kind::Review)) = request.kind {
        return Err(Failure::new(
            2,
            format!(
                "search covers startups, cohorts, mentors, demo days and notes; {} are listed by `incubator list {kind}` and on the Calls tab (6)",
                kind.plural()
            ),
        ));
    }
    let limit = usize::try_from(request.limit).unwrap_or(usize::MAX);
    let mut hits = find(&opened.store, query, request.kind, limit)?;
    crate::search::without_spread(&mut hits);
    // No hits is exit 1, as grep's: a script can tell it from a hit.
    let found = if hits.is_empty() { 1 } else { 0 };
    if hits.is_empty() && request.json {
        tell_no_matches(query, output);
    }
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
        tell_no_matches(query, output);
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
    Ok(found)
}

fn tell_no_matches(query: &str, output: &mut Output) {
    let query = crate::text::shorten(&sanitize_line(query), 40);
    output.tell(&format!("No matches for {query:?}."));
}

/// The kinds the store's catalog holds, in the order a search ranks them.
const CATALOGED: [Kind; 4] = [Kind::Startup, Kind::Cohort, Kind::Mentor, Kind::DemoDay];

/// The hits a search of every record of `kind` (all when `None`) finds for
/// `query`, reading what can be among them only.
///
/// perf: the catalog's entries are scored as sled hands them over, each
/// kind keeping its best `limit` (see `search::Sieve`); only those are
/// made into records and indexed, which makes the hits as an index of
/// every record would (a record's score does not depend on the others).
/// Notes are not in the catalog, and their hits are never on a name: they
/// are read only when names do not fill the limit, and then searched with
/// the other records as the catalog holds them (what a search reads of
/// them), never read whole.
fn find(
    store: &Store,
    query: &str,
    kind: Option<Kind>,
    limit: usize,
) -> Result<Vec<Hit>, StoreError> {
    let kinds = kind.map(|k| vec![k]);
    let search = |portfolio: &Portfolio| {
        SearchIndex::build(portfolio).search(query, kinds.as_deref(), limit)
    };
    let folded = fold_query(query);
    if folded.split_whitespace().next().is_none() {
        return Ok(Vec::new());
    }
    let sifted: &[Kind] = match kind {
        None => &CATALOGED,
        Some(Kind::Note) => &[],
        Some(kind) => &[kind],
    };
    let mut best = Portfolio::default();
    let mut names = 0;
    for &kind in sifted {
        let sieve = store.scan_catalog(
            kind,
            || Sieve::new(&folded, limit),
            |sieve, entry| {
                let others = entry.searched_others();
                sieve.offer(kind, entry.id(), entry.searched_name(), others, || {
                    entry.record()
                });
            },
        )?;
        names += sieve.names();
        for record in sieve.into_best() {
            best.push(record);
        }
    }
    if !matches!(kind, None | Some(Kind::Note)) || names >= limit {
        return Ok(search(&best));
    }
    let mut portfolio = Portfolio {
        // Startups name their notes.
        startups: store.catalog::<Startup>()?,
        ..Portfolio::default()
    };
    if kind.is_none() {
        portfolio.cohorts = store.catalog::<Cohort>()?;
        portfolio.mentors = store.catalog::<Mentor>()?;
        portfolio.demo_days = store.catalog::<DemoDay>()?;
    }
    portfolio.notes = store.notes()?;
    Ok(search(&portfolio))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Parsed;

    /// What `find` gives is what a search of an index of every record,
    /// read whole, gives: names filling the limit or not, notes or not,
    /// every kind, with ties (generated names repeat their words).
    #[test]
    fn find_finds_what_an_index_of_every_record_finds() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        let parsed = Parsed {
            portfolio: crate::generate::portfolio(60, 11),
            problems: vec![],
        };
        store.import("test", parsed, false).unwrap();
        let whole = SearchIndex::build(&store.portfolio().unwrap());
        let queries = [
            "sol pay", "a", "xəzər", "SEBEKE", "hub 1", "churn", "deck ask", "edtech", "green",
            "lee", "zzqq", " ", "4%", "e e", "bazar",
        ];
        let kinds = [
            None,
            Some(Kind::Startup),
            Some(Kind::Cohort),
            Some(Kind::Mentor),
        ];
        let kinds = kinds
            .into_iter()
            .chain([Some(Kind::DemoDay), Some(Kind::Note)]);
        for kind in kinds {
            for query in queries {
                for limit in [0, 1, 3, 20, 1000] {
                    let only = kind.map(|k| vec![k]);
                    let expected = whole.search(query, only.as_deref(), limit);
                    let found = find(&store, query, kind, limit).unwrap();
                    assert_eq!(found, expected, "{query:?} {kind:?} {limit}");
                }
            }
        }
    }
}
