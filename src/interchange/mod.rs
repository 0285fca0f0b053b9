//! The interchange format: one JSON document holding the whole portfolio.
//! A firm contract (DESIGN.md): other tools read and write it.
//!
//! - [`to_json`] writes it (`write.rs`);
//! - [`parse`] and [`parse_reader`] read it as a stream, one record at a
//!   time (`document.rs`, each record's fields read by `record.rs` and
//!   `fields.rs`);
//! - [`reading`] reads a file of it within limits (size, text, UTF-8),
//!   and counts what a file holds without keeping its records.

mod document;
mod fields;
pub mod reading;
mod record;
mod write;

pub use document::Counts;
pub use fields::{parse_date, parse_time};
pub use write::{escape_controls, to_json};

use crate::model::Parsed;

pub const FORMAT: &str = "incubator-portfolio";
/// The version written: 2 added the program year (calls, applications,
/// reviews, milestones, office hours, judging and outcomes).
pub const VERSION: u64 = 2;
/// The versions read: a version 1 file is a version 2 file without the
/// program year's sections.
pub const READS: std::ops::RangeInclusive<u64> = 1..=VERSION;

/// The versions read, for people: "1 and 2".
pub fn versions_read() -> String {
    let versions: Vec<String> = READS.map(|v| v.to_string()).collect();
    match versions.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => versions.concat(),
    }
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
    document::parse(&mut serde_json::Deserializer::from_str(text))
}

/// Read a document as a stream, one record at a time, so memory stays
/// bounded whatever the source holds (wrap a file in a `BufReader`; see
/// [`reading`] for the limits on size and text).
pub fn parse_reader<R: std::io::Read>(reader: R) -> Result<Parsed, ParseError> {
    document::parse(&mut serde_json::Deserializer::from_reader(reader))
}

/// [`parse_reader`], handing each record to `each` as it is read instead
/// of keeping it: the [`Parsed`] returned holds the problems only.
pub fn parse_reader_each<R: std::io::Read>(
    reader: R,
    each: &mut dyn FnMut(crate::model::Record),
) -> Result<Parsed, ParseError> {
    document::parse_each(&mut serde_json::Deserializer::from_reader(reader), each)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

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
        let err = parse(r#"{"format": "incubator-portfolio", "version": 3}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "not an incubator portfolio: format version 3 is not supported (this incubator reads versions 1 and 2)"
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
            "\"calls\"",
            "\"applications\"",
            "\"reviews\"",
            "\"milestones\"",
            "\"office_hours\"",
        ]
        .iter()
        .map(|k| text.find(k).unwrap())
        .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{text}");
        assert!(text.contains("\"exported_at\": \"2026-11-28T09:30:00Z\""));
        assert!(text.find("\"s9\"").unwrap() < text.find("\"s10\"").unwrap());
    }
}
