//! Writing the document: pretty JSON in the contract's key order, records
//! in natural id order, and nothing in it that could drive a terminal.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::{FORMAT, VERSION};
use crate::model::*;

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    exported_at: String,
    cohorts: &'a [Cohort],
    mentors: &'a [Mentor],
    startups: &'a [Startup],
    demo_days: &'a [DemoDay],
    notes: &'a [Note],
    calls: &'a [Call],
    applications: &'a [Application],
    reviews: &'a [Review],
    milestones: &'a [Milestone],
    office_hours: &'a [OfficeHour],
}

/// The document for `portfolio`, pretty-printed, ending in a newline.
/// Records are written in natural id order so the output is stable.
pub fn to_json(portfolio: &Portfolio, exported_at: DateTime<Utc>) -> String {
    let mut sorted = portfolio.clone();
    sorted.sort();
    let document = Document {
        format: FORMAT,
        version: VERSION,
        exported_at: exported_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        cohorts: &sorted.cohorts,
        mentors: &sorted.mentors,
        startups: &sorted.startups,
        demo_days: &sorted.demo_days,
        notes: &sorted.notes,
        calls: &sorted.calls,
        applications: &sorted.applications,
        reviews: &sorted.reviews,
        milestones: &sorted.milestones,
        office_hours: &sorted.office_hours,
    };
    // Serializing plain records to a string cannot fail: no maps with
    // non-string keys, no non-finite floats (validation refuses them).
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    escape_controls(text)
}

/// serde_json escapes only U+0000–U+001F; DEL and the C1 controls (U+0080–
/// U+009F, where a lone U+009B starts an escape sequence on many terminals)
/// and the rest of what `crate::text` keeps off a terminal (bidirectional
/// overrides included) pass through raw. They can only occur inside
/// strings, so escaping them keeps the JSON valid and the same once parsed.
pub fn escape_controls(json: String) -> String {
    if !json.chars().any(is_raw_control) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_raw_control(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Pretty JSON's own line breaks stay; serde_json escaped the rest of C0.
fn is_raw_control(c: char) -> bool {
    c > '\u{1f}' && crate::text::is_unsafe(c)
}
