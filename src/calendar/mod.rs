//! iCalendar files (RFC 5545): events written as one VCALENDAR. Pure: the
//! caller says what the events are (`calendar::events` makes them from
//! the records); this writes them as bytes.
//!
//! Choices, each so that Google Calendar, Outlook and Thunderbird read the
//! file alike and a re-import updates rather than duplicates:
//! - A timed event's DTSTART and DTEND are UTC (`…Z`, RFC 5545 3.3.5 form
//!   #2). A record keeps an instant with its offset (`+04:00`), not a zone
//!   with its rules, so a `TZID` would need a VTIMEZONE made up from one
//!   offset — which Outlook reads as a zone of its own and which is wrong on
//!   the far side of a daylight-saving change. UTC is the same instant, which
//!   every client shows in its user's own zone.
//! - All-day events (a cohort's start and end) are `VALUE=DATE`, DTEND the
//!   day after (exclusive, 3.6.1).
//! - UIDs are the record's kind and id, so the same record is the same
//!   event in every file written.
//! - DTSTAMP is the time the record was last changed in the store, which is
//!   what it means in a file with no METHOD (3.8.7.2), and it makes the same
//!   data write the same bytes: the time of writing would not. SEQUENCE is
//!   the record's version in the store less one, so it goes up with every
//!   change: Google Calendar and Outlook take a re-imported event as an
//!   update only when it did.
//! - No METHOD: the file is a calendar to import, not a scheduling message.

mod events;
mod lines;

use chrono::{DateTime, Days, FixedOffset, NaiveDate, Utc};

pub use events::{Dated, Filter, Program, Revision, events};
pub use lines::{LINE_OCTETS, escape_text, push_folded};

/// The product named in every file (PRODID, 3.7.3).
pub const PRODID: &str = "-//incubator//incubator calendar//EN";

/// One VEVENT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable for the record the event comes from (see [`uid`]).
    pub uid: String,
    /// When the record was last changed.
    pub stamp: DateTime<Utc>,
    /// The record's revision, from 0: a calendar re-importing the file
    /// takes an event whose SEQUENCE went up as an update (3.8.7.4).
    pub sequence: u64,
    pub when: When,
    pub summary: String,
    /// A room or a video link; left out when empty.
    pub location: String,
    /// Left out when empty.
    pub description: String,
}

/// When an event happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// From `start` to `end`, instants with their offsets.
    Timed {
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
    },
    /// The whole of one day.
    AllDay(NaiveDate),
}

impl When {
    /// The instant an event starts, for ordering (an all-day event at the
    /// start of its day, UTC).
    pub fn sort_key(&self) -> DateTime<Utc> {
        match self {
            When::Timed { start, .. } => start.with_timezone(&Utc),
            When::AllDay(day) => day.and_time(chrono::NaiveTime::MIN).and_utc(),
        }
    }
}

/// A UID from the record's kind and id (`office-hour-oh1@incubator`), and
/// a part when one record makes several events (`cohort-c1-start@…`).
pub fn uid(kind: &str, id: &str, part: Option<&str>) -> String {
    match part {
        Some(part) => format!("{kind}-{id}-{part}@incubator"),
        None => format!("{kind}-{id}@incubator"),
    }
}

/// The file: a VCALENDAR with `events` in the order given.
pub fn write(events: &[Event]) -> Vec<u8> {
    let mut out = String::new();
    let mut line = |text: &str| push_folded(&mut out, text);
    line("BEGIN:VCALENDAR");
    line(&format!("PRODID:{PRODID}"));
    line("VERSION:2.0");
    line("CALSCALE:GREGORIAN");
    for event in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape_text(&event.uid)));
        line(&format!("DTSTAMP:{}", utc(event.stamp)));
        line(&format!("SEQUENCE:{}", event.sequence));
        match &event.when {
            When::Timed { start, end } => {
                line(&format!("DTSTART:{}", utc(start.with_timezone(&Utc))));
                line(&format!("DTEND:{}", utc(end.with_timezone(&Utc))));
            }
            When::AllDay(day) => {
                line(&format!("DTSTART;VALUE=DATE:{}", date(*day)));
                let next = day.checked_add_days(Days::new(1)).unwrap_or(*day);
                line(&format!("DTEND;VALUE=DATE:{}", date(next)));
            }
        }
        line(&format!("SUMMARY:{}", escape_text(&event.summary)));
        if !event.location.is_empty() {
            line(&format!("LOCATION:{}", escape_text(&event.location)));
        }
        if !event.description.is_empty() {
            line(&format!("DESCRIPTION:{}", escape_text(&event.description)));
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out.into_bytes()
}

/// A DATE-TIME in UTC (3.3.5 form #2).
fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A DATE (3.3.4).
fn date(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).expect("an RFC 3339 time")
    }

    fn office_hour() -> Event {
        Event {
            uid: uid("office-hour", "oh1", None),
            stamp: at("2027-01-05T08:00:00Z").with_timezone(&Utc),
            sequence: 2,
            when: When::Timed {
                start: at("2027-01-12T10:00:00+04:00"),
                end: at("2027-01-12T10:30:00+04:00"),
            },
            summary: "Office hours: Aysel Hüseynova with Şəbəkə Pay — Pricing".into(),
            location: "INNOLAND room 2".into(),
            description: String::new(),
        }
    }

    #[test]
    fn a_timed_event_is_written_in_utc_with_crlf() {
        let text = String::from_utf8(write(&[office_hour()])).expect("UTF-8");
        assert_eq!(
            text,
            "BEGIN:VCALENDAR\r\n\
             PRODID:-//incubator//incubator calendar//EN\r\n\
             VERSION:2.0\r\n\
             CALSCALE:GREGORIAN\r\n\
             BEGIN:VEVENT\r\n\
             UID:office-hour-oh1@incubator\r\n\
             DTSTAMP:20270105T080000Z\r\n\
             SEQUENCE:2\r\n\
             DTSTART:20270112T060000Z\r\n\
             DTEND:20270112T063000Z\r\n\
             SUMMARY:Office hours: Aysel Hüseynova with Şəbəkə Pay — Pricing\r\n\
             LOCATION:INNOLAND room 2\r\n\
             END:VEVENT\r\n\
             END:VCALENDAR\r\n"
        );
    }

    #[test]
    fn an_all_day_event_ends_the_next_day() {
        let event = Event {
            uid: uid("cohort", "c1", Some("start")),
            when: When::AllDay(NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date")),
            summary: "Spring 2026 Acceleration starts".into(),
            location: String::new(),
            ..office_hour()
        };
        let text = String::from_utf8(write(&[event])).expect("UTF-8");
        assert!(text.contains("UID:cohort-c1-start@incubator\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"));
        assert!(!text.contains("LOCATION"));
    }

    #[test]
    fn the_same_events_write_the_same_bytes() {
        let events = [office_hour(), office_hour()];
        assert_eq!(write(&events), write(&events));
    }

    #[test]
    fn every_line_of_a_file_is_at_most_75_octets() {
        let event = Event {
            description: "마일스톤: 첫 유료 파일럿; 다음 단계, 가격 검토\n".repeat(10),
            ..office_hour()
        };
        let bytes = write(&[event]);
        let text = String::from_utf8(bytes).expect("UTF-8");
        assert!(text.ends_with("\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= LINE_OCTETS, "{} octets: {line}", line.len());
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
    }
}
