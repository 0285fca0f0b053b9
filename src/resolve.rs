//! Turning what a person typed (an id or a name) into one record.

use crate::model::{Kind, Record, natural_cmp};
use crate::store::{Store, StoreError};
use crate::text::fold;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResolveError {
    #[error("no {kind} matches {}", quoted(query))]
    NotFound { kind: Kind, query: String },
    #[error("{} matches {} {kind}s; say which one:{}", quoted(query), candidates.len(), list(candidates))]
    Ambiguous {
        kind: Kind,
        query: String,
        /// (id, name) of each candidate.
        candidates: Vec<(String, String)>,
    },
    /// A write names its record exactly: an id, or a whole name.
    #[error(
        "no {kind} is named {}; nothing saved. Give its id or its whole name (in quotes if it has spaces){}",
        quoted(query),
        closest(candidates)
    )]
    NotExact {
        kind: Kind,
        query: String,
        /// (id, name) of the closest records, best first.
        candidates: Vec<(String, String)>,
    },
}

fn closest(candidates: &[(String, String)]) -> String {
    match candidates.is_empty() {
        true => String::new(),
        false => format!("; the closest:{}", list(candidates)),
    }
}

/// How many of the closest records a refusal lists.
const CLOSEST: usize = 5;

/// What was typed, quoted back; a pasted page of digits cut short.
fn quoted(query: &str) -> String {
    format!("{:?}", crate::text::shorten(query, 40))
}

fn list(candidates: &[(String, String)]) -> String {
    use crate::text::sanitize_line;
    candidates
        .iter()
        .map(|(id, name)| format!("\n  {}  {}", sanitize_line(id), sanitize_line(name)))
        .collect()
}

/// Find the one record of `kind` that `query` names: its id exactly, else
/// its name exactly (case and Azerbaijani letters folded), else the only
/// name containing the query, else the only fuzzy match.
pub fn resolve(kind: Kind, query: &str, records: &[Record]) -> Result<Record, ResolveError> {
    let query = query.trim();
    let of_kind = || records.iter().filter(|r| r.kind() == kind);
    if let Some(record) = of_kind().find(|r| r.id() == query) {
        return Ok(record.clone());
    }
    let folded = fold(query);
    let named: Vec<(&Record, String)> = of_kind().map(|r| (r, fold(&r.label()))).collect();
    let exact: Vec<&Record> = named
        .iter()
        .filter(|(_, n)| *n == folded)
        .map(|(r, _)| *r)
        .collect();
    choose(kind, query, exact, &named).cloned()
}

/// [`resolve`] over the records in `store`, reading only what it must: the
/// record with that id; else the records of that name, from the store's
/// name index; else every name of the kind, from its catalog. The record
/// found is read whole.
pub fn resolve_stored(
    store: &Store,
    kind: Kind,
    query: &str,
) -> Result<Result<Record, ResolveError>, StoreError> {
    let query = query.trim();
    if let Some(stored) = store.get_any(kind, query)? {
        return Ok(Ok(stored.record));
    }
    let folded = fold(query);
    let exact = store.named(kind, &folded)?;
    let others = match exact.is_empty() {
        true => store.catalog_of(kind)?,
        false => Vec::new(),
    };
    let named: Vec<(&Record, String)> = others.iter().map(|r| (r, fold(&r.label()))).collect();
    let found = match choose(kind, query, exact.iter().collect(), &named) {
        Ok(found) => found,
        Err(e) => return Ok(Err(e)),
    };
    match store.get_any(kind, found.id())? {
        Some(stored) => Ok(Ok(stored.record)),
        // The catalog named a record that is not there: the records win.
        None => {
            let records = store.portfolio_without_notes()?.into_records();
            Ok(resolve(kind, query, &records))
        }
    }
}

/// The record of `kind` that `query` names exactly, for a command that
/// writes: its id, else the one record whose name folds to the query
/// (`semsiyye foods` for Şəmsiyyə Foods). A part of a name, scattered
/// letters or a name two records share is refused with the closest
/// records and their ids: a write never lands on a guess.
pub fn resolve_exact_stored(
    store: &Store,
    kind: Kind,
    query: &str,
) -> Result<Result<Record, ResolveError>, StoreError> {
    let query = query.trim();
    if let Some(stored) = store.get_any(kind, query)? {
        return Ok(Ok(stored.record));
    }
    let folded = fold(query);
    let exact = store.named(kind, &folded)?;
    match exact.as_slice() {
        [one] => {
            return Ok(match store.get_any(kind, one.id())? {
                Some(stored) => Ok(stored.record),
                None => Err(not_exact(kind, query, Vec::new())),
            });
        }
        [] => {}
        many => {
            let mut candidates: Vec<(String, String)> = many
                .iter()
                .map(|r| (r.id().to_string(), r.label()))
                .collect();
            candidates.sort_by(|a, b| natural_cmp(&a.0, &b.0));
            return Ok(Err(ResolveError::Ambiguous {
                kind,
                query: query.to_string(),
                candidates,
            }));
        }
    }
    // Nothing by that name: the closest, best first (a name holding the
    // query before a scattered match), to pick one from.
    let mut ranked: Vec<(bool, i64, String, String)> = store
        .catalog_of(kind)?
        .iter()
        .filter_map(|r| {
            let name = r.label();
            let folded_name = fold(&name);
            let score = crate::search::score(&folded, &folded_name)?;
            Some((
                folded_name.contains(&folded),
                score,
                r.id().to_string(),
                name,
            ))
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(natural_cmp(&a.2, &b.2))
    });
    let candidates = ranked
        .into_iter()
        .take(CLOSEST)
        .map(|(_, _, id, name)| (id, name))
        .collect();
    Ok(Err(not_exact(kind, query, candidates)))
}

fn not_exact(kind: Kind, query: &str, candidates: Vec<(String, String)>) -> ResolveError {
    ResolveError::NotExact {
        kind,
        query: query.to_string(),
        candidates,
    }
}

/// The one record among `exact` (the records named `query` exactly),
/// else among `named` (records and their folded names) the only one
/// containing the query, else the only fuzzy match.
fn choose<'a>(
    kind: Kind,
    query: &str,
    exact: Vec<&'a Record>,
    named: &[(&'a Record, String)],
) -> Result<&'a Record, ResolveError> {
    let folded = fold(query);
    let containing = || -> Vec<&Record> {
        named
            .iter()
            .filter(|(_, n)| n.contains(&folded))
            .map(|(r, _)| *r)
            .collect()
    };
    // Matched as the search palette and the pickers match.
    let fuzzy = || -> Vec<&Record> {
        named
            .iter()
            .filter(|(_, n)| crate::search::score(&folded, n).is_some())
            .map(|(r, _)| *r)
            .collect()
    };
    let steps: [&dyn Fn() -> Vec<&'a Record>; 3] = [&|| exact.clone(), &containing, &fuzzy];
    for candidates in steps {
        match candidates().as_slice() {
            [] => continue,
            [one] => return Ok(one),
            many => {
                let mut candidates: Vec<(String, String)> = many
                    .iter()
                    .map(|r| (r.id().to_string(), r.label()))
                    .collect();
                candidates.sort_by(|a, b| natural_cmp(&a.0, &b.0));
                return Err(ResolveError::Ambiguous {
                    kind,
                    query: query.to_string(),
                    candidates,
                });
            }
        }
    }
    Err(ResolveError::NotFound {
        kind,
        query: query.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::startup;

    fn records() -> Vec<Record> {
        ["Şəbəkə Pay", "Xəzər Solar", "Xəzər Water", "Gənc Kod"]
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let mut s = startup(&format!("s{}", i + 1));
                s.name = name.to_string();
                s.into()
            })
            .collect()
    }

    #[test]
    fn id_then_exact_name_then_unique_part() {
        let rs = records();
        assert_eq!(resolve(Kind::Startup, "s4", &rs).unwrap().id(), "s4");
        assert_eq!(
            resolve(Kind::Startup, "sebeke pay", &rs).unwrap().id(),
            "s1"
        );
        assert_eq!(resolve(Kind::Startup, "solar", &rs).unwrap().id(), "s2");
        assert_eq!(resolve(Kind::Startup, "gnckod", &rs).unwrap().id(), "s4");
    }

    /// A write's startup: an id or a whole folded name, never a guess.
    #[test]
    fn a_write_takes_an_id_or_a_whole_name_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.initialize_empty().unwrap();
        for (id, name) in [
            ("s1", "Şəmsiyyə Foods"),
            ("s2", "Twin Co"),
            ("s3", "Twin Co"),
        ] {
            let mut s = startup(id);
            s.name = name.into();
            store.create("t", s.into()).unwrap();
        }
        let exact = |query: &str| resolve_exact_stored(&store, Kind::Startup, query).unwrap();
        assert_eq!(exact("semsiyye foods").unwrap().id(), "s1");
        assert_eq!(exact(" ŞƏMSİYYƏ FOODS ").unwrap().id(), "s1");
        assert_eq!(exact("s2").unwrap().id(), "s2");
        assert_eq!(
            exact("twin co").unwrap_err().to_string(),
            "\"twin co\" matches 2 startups; say which one:\n  s2  Twin Co\n  s3  Twin Co"
        );
        assert_eq!(
            exact("semsiyye").unwrap_err().to_string(),
            "no startup is named \"semsiyye\"; nothing saved. Give its id or its whole name \
             (in quotes if it has spaces); the closest:\n  s1  Şəmsiyyə Foods"
        );
        assert!(matches!(exact("smf"), Err(ResolveError::NotExact { .. })));
    }

    #[test]
    fn an_ambiguous_name_lists_the_candidates() {
        let err = resolve(Kind::Startup, "xezer", &records()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"xezer\" matches 2 startups; say which one:\n  s2  Xəzər Solar\n  s3  Xəzər Water"
        );
        assert!(matches!(
            resolve(Kind::Startup, "zzz", &records()),
            Err(ResolveError::NotFound { .. })
        ));
    }
}
