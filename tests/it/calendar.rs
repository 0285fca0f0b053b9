//! iCalendar files read back by an independent parser: Python's
//! `icalendar` package (`.ci/run` installs it). A missing Python or
//! package fails the test with what to install.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, NaiveDate, Utc};
use incubator::calendar::{self, Event, When};
use serde_json::Value;

use crate::support::Sandbox;

/// What `support/read_ics.py` read from the file at `path`.
pub fn parsed_by_icalendar(path: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/support/read_ics.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("the calendar tests need python3 with icalendar ({e})"));
    assert!(
        out.status.success(),
        "Python's icalendar could not read {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let found: Value = serde_json::from_slice(&out.stdout).expect("the script prints JSON");
    assert_eq!(
        found["errors"],
        Value::Array(vec![]),
        "parse errors: {found}"
    );
    found
}

/// An instant as icalendar prints it, for comparing with another's.
pub fn instant(value: &Value) -> DateTime<Utc> {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("not a time: {value}"));
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&Utc)
}

fn at(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("an RFC 3339 time")
}

#[test]
fn a_written_calendar_reads_back_in_icalendar_with_its_instants_uids_and_text() {
    let korean = "김민준과 가격 검토: 첫 유료 파일럿, 다음 단계; 투자자 소개".repeat(3);
    let events = [
        Event {
            uid: calendar::uid("office-hour", "oh1", None),
            stamp: at("2027-01-05T08:00:00Z").with_timezone(&Utc),
            when: When::Timed {
                start: at("2027-01-12T10:00:00+04:00"),
                end: at("2027-01-12T10:30:00+04:00"),
            },
            summary: "Office hours: Aysel Hüseynova with Şəbəkə Pay — Qiymət; plan, növbə".into(),
            location: "https://meet.example/abc?x=1;y=2".into(),
            description: format!("{korean}\nline two\\end"),
        },
        Event {
            uid: calendar::uid("cohort", "c1", Some("start")),
            stamp: at("2026-11-28T09:30:00Z").with_timezone(&Utc),
            when: When::AllDay(NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date")),
            summary: "Spring 2026 Acceleration starts".into(),
            location: String::new(),
            description: String::new(),
        },
    ];
    let sandbox = Sandbox::new();
    let path = sandbox.path("program.ics");
    std::fs::write(&path, calendar::write(&events)).expect("write the file");

    let found = parsed_by_icalendar(&path);
    assert_eq!(found["version"], "2.0");
    assert_eq!(found["calscale"], "GREGORIAN");
    assert_eq!(found["prodid"], calendar::PRODID);
    let read = found["events"].as_array().expect("events");
    assert_eq!(read.len(), 2);

    let hour = &read[0];
    assert_eq!(hour["uid"], "office-hour-oh1@incubator");
    assert_eq!(instant(&hour["start"]), at("2027-01-12T06:00:00Z"));
    assert_eq!(instant(&hour["end"]), at("2027-01-12T10:30:00+04:00"));
    assert_eq!(instant(&hour["stamp"]), at("2027-01-05T08:00:00Z"));
    assert_eq!(hour["summary"], events[0].summary.as_str());
    assert_eq!(hour["location"], events[0].location.as_str());
    assert_eq!(hour["description"], events[0].description.as_str());

    let start = &read[1];
    assert_eq!(start["uid"], "cohort-c1-start@incubator");
    assert_eq!(start["start"], "2026-03-02");
    assert_eq!(start["end"], "2026-03-03");
    assert_eq!(start["location"], Value::Null);
}
