//! A history entry as one line: when, who, and which fields went from
//! what to what — in words: a cohort or a mentor by its name, not its id
//! (`cohort: Spring 2026 → Autumn 2026`, `mentors: + Aysel Hüseynova`).

use serde_json::Value;

use super::text::{cut, safe};
use crate::app::Data;
use crate::model::Kind;
use crate::store::{ChangeKind, HistoryEntry};

/// The kind of record a field of `kind` refers to by id, if it does.
fn refers_to(kind: Kind, field: &str) -> Option<Kind> {
    match (kind, field) {
        (Kind::Startup, "cohort") | (Kind::DemoDay, "cohort") => Some(Kind::Cohort),
        (Kind::Startup, "mentors") => Some(Kind::Mentor),
        (Kind::DemoDay, "pitches") | (Kind::Note, "startup") => Some(Kind::Startup),
        _ => None,
    }
}

/// What a person calls record `id` of `kind`; one no longer in the
/// portfolio is said to be deleted, with its id to tell it apart.
fn named(data: &Data, kind: Kind, id: &str) -> String {
    let name = match kind {
        Kind::Cohort => data.cohort(id).map(|c| c.name.as_str()),
        Kind::Mentor => data.mentor(id).map(|m| m.name.as_str()),
        Kind::Startup => data.startup(id).map(|s| s.name.as_str()),
        _ => None,
    };
    match name {
        Some(name) => name.to_string(),
        None => format!("a deleted {kind} ({id})"),
    }
}

/// The ids a value names: a string, a list of strings, or a list of
/// records that name one in `startup` (pitches).
fn ids(v: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Object(o) => o.get("startup").and_then(Value::as_str).map(String::from),
        _ => None,
    };
    match v {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}

/// `+ added, − removed` between two lists of words or names; the order
/// they are in is not a change worth a line.
fn list_change(before: &[String], after: &[String]) -> Option<String> {
    let added = after.iter().filter(|a| !before.contains(a));
    let removed = before.iter().filter(|b| !after.contains(b));
    let parts: Vec<String> = added
        .map(|a| format!("+ {}", cut(&safe(a), VALUE_CHARS)))
        .chain(removed.map(|r| format!("− {}", cut(&safe(r), VALUE_CHARS))))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The longest a value is shown in a history line.
const VALUE_CHARS: usize = 30;

fn value(v: &Value) -> String {
    let text = match v {
        Value::Null => "—".to_string(),
        Value::String(s) if s.is_empty() => "—".to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "none".to_string(),
        Value::Array(items) => items.iter().map(value).collect::<Vec<_>>().join(", "),
        Value::Object(_) => "…".to_string(),
        other => other.to_string(),
    };
    cut(&safe(&text), VALUE_CHARS)
}

/// "changed stage: mvp → traction; cohort: Spring 2026 → Autumn 2026;
/// mentors: + Aysel Hüseynova", "added", "deleted".
pub fn what(entry: &HistoryEntry, data: &Data) -> String {
    let mut text = match entry.action {
        ChangeKind::Created => "added".to_string(),
        ChangeKind::Deleted => "deleted".to_string(),
        ChangeKind::Imported => "imported".to_string(),
        ChangeKind::Updated => {
            let changes: Vec<String> = entry
                .changes()
                .iter()
                .map(|c| {
                    let field = c.field.replace('_', " ");
                    if let Some(target) = refers_to(entry.kind, &c.field) {
                        let name = |v: &Value| -> Vec<String> {
                            ids(v).iter().map(|id| named(data, target, id)).collect()
                        };
                        let (before, after) = (name(&c.before), name(&c.after));
                        return match (&c.before, &c.after) {
                            (Value::Array(_), _) | (_, Value::Array(_)) => {
                                let change = list_change(&before, &after)
                                    .unwrap_or_else(|| "reordered".to_string());
                                format!("{field}: {change}")
                            }
                            _ => {
                                let one = |names: Vec<String>| {
                                    names
                                        .into_iter()
                                        .next()
                                        .map_or("—".to_string(), |n| cut(&safe(&n), VALUE_CHARS))
                                };
                                format!("{field}: {} → {}", one(before), one(after))
                            }
                        };
                    }
                    match (&c.before, &c.after) {
                        // Lists of words (tags, expertise): what came and went.
                        (Value::Array(a), Value::Array(b))
                            if a.iter().chain(b).all(Value::is_string) =>
                        {
                            let words = |v: &[Value]| -> Vec<String> {
                                v.iter()
                                    .filter_map(Value::as_str)
                                    .map(String::from)
                                    .collect()
                            };
                            let change = list_change(&words(a), &words(b))
                                .unwrap_or_else(|| "reordered".to_string());
                            format!("{field}: {change}")
                        }
                        // Lists of records (founders, KPIs, pitches) by count.
                        (Value::Array(a), Value::Array(b))
                            if a.iter().chain(b).any(Value::is_object) =>
                        {
                            format!("{field}: {} → {}", a.len(), b.len())
                        }
                        (before, after) => format!("{field}: {} → {}", value(before), value(after)),
                    }
                })
                .collect();
            if changes.is_empty() {
                "saved unchanged".to_string()
            } else {
                format!("changed {}", changes.join("; "))
            }
        }
    };
    if let Some(cause) = &entry.cause {
        text.push_str(&format!(" ({})", safe(cause)));
    }
    text
}

/// "2026-11-28 09:14 · aysel"
pub fn when_who(entry: &HistoryEntry) -> String {
    format!(
        "{} · {}",
        entry.at.format("%Y-%m-%d %H:%M"),
        safe(&entry.who)
    )
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::json;

    use super::*;

    fn sample() -> Data {
        let mut portfolio = crate::seed::sample().unwrap().portfolio;
        portfolio.normalize();
        Data::from_portfolio(portfolio)
    }

    fn updated(kind: Kind, before: Value, after: Value) -> HistoryEntry {
        HistoryEntry {
            seq: 1,
            at: Utc::now(),
            who: "aysel".into(),
            kind,
            id: "s1".into(),
            action: ChangeKind::Updated,
            version: 2,
            before: Some(before),
            after: Some(after),
            cause: None,
        }
    }

    #[test]
    fn a_startups_cohort_and_mentors_read_as_names() {
        let entry = updated(
            Kind::Startup,
            json!({"cohort": "c2", "mentors": ["m4", "m5"], "stage": "mvp"}),
            json!({"cohort": "c3", "mentors": ["m4", "m1"], "stage": "mvp"}),
        );
        let m5 = sample().mentor("m5").unwrap().name.clone();
        assert_eq!(
            what(&entry, &sample()),
            format!(
                "changed cohort: Spring 2026 Acceleration → Autumn 2026 Incubation; \
                 mentors: + Aysel Hüseynova, − {m5}"
            )
        );
    }

    #[test]
    fn a_deleted_target_is_named_as_deleted_and_no_cohort_as_a_dash() {
        let entry = updated(
            Kind::Startup,
            json!({"cohort": null, "mentors": ["m99"]}),
            json!({"cohort": "c99", "mentors": []}),
        );
        assert_eq!(
            what(&entry, &sample()),
            "changed cohort: — → a deleted cohort (c99); mentors: − a deleted mentor (m99)"
        );
    }

    #[test]
    fn pitches_name_their_startups_and_tags_say_what_came_and_went() {
        let pitches = updated(
            Kind::DemoDay,
            json!({"pitches": [{"startup": "s1", "minutes": 5}]}),
            json!({"pitches": [{"startup": "s1", "minutes": 7}, {"startup": "s2", "minutes": 5}]}),
        );
        let s2 = sample().startup("s2").unwrap().name.clone();
        assert_eq!(
            what(&pitches, &sample()),
            format!("changed pitches: + {s2}")
        );
        let tags = updated(
            Kind::Startup,
            json!({"tags": ["b2b", "solar"]}),
            json!({"tags": ["solar", "export"]}),
        );
        assert_eq!(what(&tags, &sample()), "changed tags: + export, − b2b");
    }
}
