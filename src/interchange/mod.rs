//! The interchange (backup) format: one JSON document holding the whole
//! portfolio. A firm contract (DESIGN.md): other tools read and write it.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::fields::Fields;
use crate::model::*;

pub const FORMAT: &str = "incubator-portfolio";
pub const VERSION: u64 = 1;

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

/// A document read as far as it could be: the records, and every problem
/// found in their fields. Rules between records (duplicate ids, references)
/// are checked where the destination is known, by the store.
#[derive(Debug, Default)]
pub struct Parsed {
    pub portfolio: Portfolio,
    pub problems: Vec<Problem>,
}

/// Why a file could not be read as a document at all.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("not an incubator portfolio: {0}")]
    NotPortfolio(String),
    #[error("too large: {0}")]
    TooLarge(String),
}

/// Read a document from text. See [`parse_reader`] for a file.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    super::stream::parse(&mut serde_json::Deserializer::from_str(text))
}

/// Read a document as a stream, one record at a time, so memory stays
/// bounded whatever the source holds (wrap a file in a `BufReader`; see
/// [`super::reading`] for the limits on size and text).
pub fn parse_reader<R: std::io::Read>(reader: R) -> Result<Parsed, ParseError> {
    super::stream::parse(&mut serde_json::Deserializer::from_reader(reader))
}

pub(super) fn read_record(f: &mut Fields<'_>) -> Record {
    let id = f.text("id", true);
    // A record without an id is known by its position (`#3`) throughout.
    let id = if id.is_empty() {
        if f.is_string("id") {
            f.report("id", "must not be empty");
        }
        f.id.clone()
    } else {
        id
    };
    match f.kind {
        Kind::Cohort => Record::Cohort(Cohort {
            id,
            name: f.text("name", true),
            program: f.choice("program"),
            start: f.date("start"),
            end: f.date("end"),
            capacity: f.count_u32("capacity", 10),
            description: f.text("description", false),
        }),
        Kind::Mentor => Record::Mentor(Mentor {
            id,
            name: f.text("name", true),
            email: f.text("email", false),
            organization: f.text("organization", false),
            expertise: f.strings("expertise"),
            languages: f.strings("languages"),
            capacity: f.count_u32("capacity", 3),
        }),
        Kind::Startup => Record::Startup(Startup {
            id,
            name: f.text("name", true),
            one_liner: f.text("one_liner", false),
            sector: f.text("sector", false),
            stage: f.choice("stage"),
            status: f.choice("status"),
            cohort: f.optional_text("cohort").filter(|c| !c.is_empty()),
            mentors: f.strings("mentors"),
            founders: f.objects("founders", |f| Founder {
                name: f.text("name", true),
                email: f.text("email", false),
                role: f.text("role", false),
            }),
            tags: f.strings("tags"),
            website: f.text("website", false),
            kpis: f.objects("kpis", |f| Kpi {
                date: f.date("date"),
                revenue: f.amount("revenue"),
                customers: f.count("customers", 0),
                employees: f.count("employees", 0),
                funding_raised: f.amount("funding_raised"),
            }),
        }),
        Kind::DemoDay => Record::DemoDay(DemoDay {
            id,
            cohort: f.text("cohort", true),
            at: f.time("at"),
            venue: f.text("venue", false),
            pitches: f.objects("pitches", |f| Pitch {
                startup: f.text("startup", true),
                minutes: f.count_u32("minutes", 5),
            }),
            investors: f.strings("investors"),
            notes: f.text("notes", false),
        }),
        Kind::Note => Record::Note(Note {
            id,
            startup: f.text("startup", true),
            author: f.text("author", true),
            kind: f.choice("kind"),
            created_at: f.time("created_at"),
            body: f.text("body", true),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(sections: &str) -> String {
        format!(
            r#"{{"format": "incubator-portfolio", "version": 1, "exported_at": "2026-11-28T09:30:00Z", {sections}}}"#
        )
    }

    #[test]
    fn design_example_reads_back_exactly() {
        let text = doc(
            r#""cohorts": [{"id": "c1", "name": "Spring 2026 Acceleration", "program": "acceleration",
                 "start": "2026-03-02", "end": "2026-06-26", "capacity": 12, "description": ""}],
               "startups": [{"id": "s1", "name": "Şəbəkə Pay", "stage": "mvp", "status": "active", "cohort": "c1",
                 "kpis": [{"date": "2026-05-01", "revenue": 1200.0, "customers": 40, "employees": 5, "funding_raised": 50000.0}]}]"#,
        );
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.problems, vec![]);
        let s = &parsed.portfolio.startups[0];
        assert_eq!(
            (s.stage, s.status, s.cohort.as_deref()),
            (Stage::Mvp, Status::Active, Some("c1"))
        );
        assert_eq!(s.kpis[0].revenue, 1200.0);
        assert_eq!(parsed.portfolio.cohorts[0].capacity, 12);
    }

    #[test]
    fn every_field_problem_is_located_and_reading_goes_on() {
        let text = doc(
            r#""cohorts": [{"id": "c1", "name": "A", "start": "2026-02-30", "end": "2026-06-01", "program": "bootcamp"},
                           {"id": "c2", "name": "B", "start": "2026-01-01", "end": "2026-06-01", "capacity": "twelve"}],
               "notes": [{"id": "n1", "startup": "s1", "author": "X", "created_at": "yesterday", "body": "hi"}]"#,
        );
        let problems: Vec<String> = parse(&text)
            .unwrap()
            .problems
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "cohort c1, program: unknown value \"bootcamp\" (expected one of incubation, acceleration)",
                "cohort c1, start: \"2026-02-30\" is not a real date",
                "cohort c2, capacity: must be a whole number of 0 or more, not \"twelve\"",
                "note n1, created_at: \"yesterday\" is not an RFC 3339 time like 2026-06-25T15:00:00+04:00",
            ]
        );
    }

    #[test]
    fn wrong_format_or_version_is_refused_before_reading_records() {
        let err = parse(r#"{"format": "incubator-portfolio", "version": 2}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "not an incubator portfolio: format version 2 is not supported (this incubator reads version 1)"
        );
        assert!(matches!(
            parse("{\"format\": \"incub"),
            Err(ParseError::Json(_))
        ));
    }

    #[test]
    fn export_writes_the_sections_in_contract_order() {
        let mut p = Portfolio::default();
        p.startups.push(testing::startup("s10"));
        p.startups.push(testing::startup("s9"));
        let at = "2026-11-28T09:30:00Z".parse().unwrap();
        let text = to_json(&p, at);
        let keys: Vec<usize> = [
            "\"format\"",
            "\"version\"",
            "\"exported_at\"",
            "\"cohorts\"",
            "\"mentors\"",
            "\"startups\"",
            "\"demo_days\"",
            "\"notes\"",
        ]
        .iter()
        .map(|k| text.find(k).unwrap())
        .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert!(text.contains("\"exported_at\": \"2026-11-28T09:30:00Z\""));
        assert!(text.find("\"s9\"").unwrap() < text.find("\"s10\"").unwrap());
    }
}
