//! A history entry as one line: when, who, and which fields went from
//! what to what.

use serde_json::Value;

use super::text::{cut, safe};
use crate::store::{ChangeKind, HistoryEntry};

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

/// "changed stage: mvp → traction; name: A → B", "added", "deleted".
pub fn what(entry: &HistoryEntry) -> String {
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
                    match (&c.before, &c.after) {
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
