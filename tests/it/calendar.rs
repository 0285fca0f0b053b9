//! iCalendar files read back by an independent parser: Python's
//! `icalendar` package (`.ci/run` installs it). A missing Python or
//! package fails the test with what to install.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, NaiveDate, Utc};
use incubator::calendar::{self, Event, When};
use serde_json::Value;

use serde_json::json;

use crate::support::{Sandbox, assert_code, assert_success, stderr, valid_v2_doc};

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
            sequence: 0,
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
            sequence: 3,
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
    assert_eq!(hour["sequence"], 0);
    assert_eq!(hour["summary"], events[0].summary.as_str());
    assert_eq!(hour["location"], events[0].location.as_str());
    assert_eq!(hour["description"], events[0].description.as_str());

    let start = &read[1];
    assert_eq!(start["uid"], "cohort-c1-start@incubator");
    assert_eq!(start["start"], "2026-03-02");
    assert_eq!(start["end"], "2026-03-03");
    assert_eq!(start["sequence"], 3);
    assert_eq!(start["location"], Value::Null);
}

/// The v2 sample with a second startup (Korean name, cohort c2, mentored
/// by m2), and office hours: two booked, one free, one of another mentor.
fn program_doc() -> Value {
    let mut doc = valid_v2_doc();
    doc["startups"]
        .as_array_mut()
        .expect("startups")
        .push(json!({
            "id": "s2", "name": "바다 로지스틱스", "one_liner": "Shipping by sea",
            "sector": "logistics", "stage": "idea", "status": "active", "cohort": "c2",
            "mentors": ["m2"], "founders": [], "tags": [], "website": "", "kpis": []
        }));
    doc["office_hours"] = json!([
        {"id": "oh1", "mentor": "m1", "starts_at": "2027-01-12T10:00:00+04:00", "minutes": 30,
         "place": "INNOLAND room 2", "startup": "s1", "topic": "Qiymət; plan, növbəti addım"},
        {"id": "oh2", "mentor": "m1", "starts_at": "2027-01-12T10:30:00+04:00", "minutes": 30,
         "place": "https://meet.example/aysel", "startup": null, "topic": ""},
        {"id": "oh3", "mentor": "m2", "starts_at": "2027-01-13T09:00:00+04:00", "minutes": 45,
         "place": "", "startup": "s2", "topic": "가격 책정과 첫 유료 파일럿 계획에 대한 긴 논의"}
    ]);
    doc
}

fn uids(found: &Value) -> Vec<String> {
    found["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["uid"].as_str().expect("a uid").to_string())
        .collect()
}

fn event<'a>(found: &'a Value, uid: &str) -> &'a Value {
    found["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["uid"] == uid)
        .unwrap_or_else(|| panic!("no event {uid} in {found}"))
}

#[test]
fn the_calendar_command_writes_office_hours_demo_days_and_cohort_dates_that_icalendar_reads() {
    let sandbox = Sandbox::new();
    sandbox.import_ok("program.json", &program_doc());
    let file = sandbox.path("program.ics");
    let out = sandbox.run(&["calendar", "-o", file.to_str().expect("a path")]);
    assert_success(&out);
    assert_eq!(
        stderr(&out).trim(),
        format!("Wrote the calendar (7 events) to {}.", file.display())
    );

    let found = parsed_by_icalendar(&file);
    // Booked office hours, the demo day, both cohorts' first and last
    // days, soonest first; the free slot is only in its mentor's calendar.
    assert_eq!(
        uids(&found),
        [
            "cohort-c1-start@incubator",
            "demo-day-d1@incubator",
            "cohort-c1-end@incubator",
            "office-hour-oh1@incubator",
            "office-hour-oh3@incubator",
            "cohort-c2-start@incubator",
            "cohort-c2-end@incubator",
        ]
    );
    let booked = event(&found, "office-hour-oh1@incubator");
    assert_eq!(
        booked["summary"],
        "Office hours: Aysel Hüseynova with Şəbəkə Pay — Qiymət; plan, növbəti addım"
    );
    assert_eq!(instant(&booked["start"]), at("2027-01-12T10:00:00+04:00"));
    assert_eq!(instant(&booked["end"]), at("2027-01-12T10:30:00+04:00"));
    assert_eq!(booked["location"], "INNOLAND room 2");
    let korean = event(&found, "office-hour-oh3@incubator");
    assert_eq!(
        korean["summary"],
        "Office hours: Rəşad Nəbiyev with 바다 로지스틱스 — 가격 책정과 첫 유료 파일럿 계획에 대한 긴 논의"
    );
    assert_eq!(instant(&korean["end"]), at("2027-01-13T09:45:00+04:00"));
    let demo = event(&found, "demo-day-d1@incubator");
    assert_eq!(demo["summary"], "Demo day: Spring 2026 Acceleration");
    assert_eq!(instant(&demo["start"]), at("2026-06-25T15:00:00+04:00"));
    assert_eq!(demo["location"], "INNOLAND hall");
    assert_eq!(demo["description"], "Pitches: Şəbəkə Pay");
    let start = event(&found, "cohort-c1-start@incubator");
    assert_eq!(start["summary"], "Spring 2026 Acceleration starts");
    assert_eq!(start["start"], "2026-03-02");

    // Written again: the same bytes, so a re-import changes nothing.
    let bytes = std::fs::read(&file).expect("the file");
    let out = sandbox.run(&["calendar"]);
    assert_success(&out);
    assert_eq!(out.stdout, bytes);
    // Every line at most 75 octets, CRLF-terminated.
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(
        text.split("\r\n")
            .all(|line| line.len() <= 75 && !line.contains('\n'))
    );
}

#[test]
fn a_mentors_calendar_has_their_free_slots_and_a_cohorts_only_its_own() {
    let sandbox = Sandbox::new();
    sandbox.import_ok("program.json", &program_doc());
    let ics = |args: &[&str]| {
        let out = sandbox.run(args);
        assert_success(&out);
        let file = sandbox.path("out.ics");
        std::fs::write(&file, &out.stdout).expect("write");
        parsed_by_icalendar(&file)
    };
    let file = sandbox.path("aysel.ics");
    let out = sandbox.run(&[
        "calendar",
        "--mentor",
        "aysel",
        "-o",
        file.to_str().expect("a path"),
    ]);
    assert_success(&out);
    assert_eq!(
        stderr(&out).trim(),
        format!(
            "Wrote the calendar of Aysel Hüseynova (5 events) to {}.",
            file.display()
        )
    );
    let aysel = ics(&["calendar", "--mentor", "aysel"]);
    assert_eq!(
        uids(&aysel),
        [
            "cohort-c1-start@incubator",
            "demo-day-d1@incubator",
            "cohort-c1-end@incubator",
            "office-hour-oh1@incubator",
            "office-hour-oh2@incubator",
        ]
    );
    assert_eq!(
        event(&aysel, "office-hour-oh2@incubator")["summary"],
        "Office hours: Aysel Hüseynova (free)"
    );
    let spring_2027 = ics(&["calendar", "--cohort", "c2"]);
    assert_eq!(
        uids(&spring_2027),
        [
            "office-hour-oh3@incubator",
            "cohort-c2-start@incubator",
            "cohort-c2-end@incubator",
        ]
    );
}

#[test]
fn an_unknown_mentor_or_an_existing_file_is_refused_and_nothing_is_written() {
    let sandbox = Sandbox::new();
    sandbox.import_ok("program.json", &program_doc());
    let out = sandbox.run(&["calendar", "--mentor", "Nobody Atall"]);
    assert_code(&out, 2);
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("Nobody Atall"), "{}", stderr(&out));

    let file = sandbox.write("taken.ics", "mine\n");
    let out = sandbox.run(&["calendar", "-o", file.to_str().expect("a path")]);
    assert_code(&out, 2);
    assert_eq!(std::fs::read_to_string(&file).expect("the file"), "mine\n");
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
}
