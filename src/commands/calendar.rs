//! `calendar [--mentor M] [--cohort C] [-o FILE]`: the program's dates as
//! an iCalendar file (`crate::calendar`) — office hours, demo days, each
//! cohort's first and last day — for Google Calendar, Outlook or
//! Thunderbird. Read-only, so M and C may be fuzzy names. A judge's
//! handle is refused: a judge reads only the demo days that list them.

use std::path::Path;

use crate::calendar::{self, Dated, Filter, Program, Revision};
use crate::model::{Cohort, DemoDay, Kind, Mentor, OfficeHour, Record, Startup};
use crate::resolve::resolve_stored;
use crate::store::{Access, Kept, Store};
use crate::text::{counted, sanitize_line};
use crate::workspace::Opened;

use super::{Failure, Output};

/// The name a calendar takes in a folder given as `-o`.
pub const DEFAULT_FILE_NAME: &str = "incubator.ics";

/// What `calendar` was asked for.
pub struct CalendarRequest<'a> {
    pub mentor: Option<&'a str>,
    pub cohort: Option<&'a str>,
    pub output: Option<&'a Path>,
    pub force: bool,
}

/// `allowed` refuses an output file where none may go (inside the database).
pub fn calendar(
    opened: &Opened,
    request: &CalendarRequest,
    allowed: impl Fn(&Path) -> Result<(), Failure>,
    output: &mut Output,
) -> Result<u8, Failure> {
    let store = &opened.store;
    if let Access::Judge { .. } = store.access() {
        return Err(Failure::new(
            2,
            "refused: a judge reads the demo days that list them and nothing else",
        ));
    }
    let mentor = match request.mentor {
        Some(typed) => match resolve_stored(store, Kind::Mentor, typed)?? {
            Record::Mentor(mentor) => Some(mentor),
            _ => return Err(Failure::new(1, "the mentor found is not a mentor")),
        },
        None => None,
    };
    let cohort = match request.cohort {
        Some(typed) => match resolve_stored(store, Kind::Cohort, typed)?? {
            Record::Cohort(cohort) => Some(cohort),
            _ => return Err(Failure::new(1, "the cohort found is not a cohort")),
        },
        None => None,
    };
    let cohorts = dated::<Cohort>(store)?;
    let demo_days = dated::<DemoDay>(store)?;
    let office_hours = dated::<OfficeHour>(store)?;
    let mentors: Vec<Mentor> = store
        .list::<Mentor>()?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let startups: Vec<Startup> = store
        .list::<Startup>()?
        .into_iter()
        .map(|s| s.record)
        .collect();
    let program = Program {
        cohorts: &cohorts,
        demo_days: &demo_days,
        office_hours: &office_hours,
        mentors: &mentors,
        startups: &startups,
    };
    let filter = Filter {
        mentor: mentor.as_ref().map(|m| m.id.as_str()),
        cohort: cohort.as_ref().map(|c| c.id.as_str()),
    };
    let events = calendar::events(&program, filter);
    let bytes = calendar::write(&events);
    let whose = match (&mentor, &cohort) {
        (Some(m), Some(c)) => format!(" of {} in {}", m.name, c.name),
        (Some(m), None) => format!(" of {}", m.name),
        (None, Some(c)) => format!(" of {}", c.name),
        (None, None) => String::new(),
    };
    let to = (DEFAULT_FILE_NAME, request.force);
    output.deliver(request.output, &bytes, to, allowed, |path| {
        format!(
            "Wrote the calendar{} ({}) to {}.",
            sanitize_line(&whose),
            counted(events.len(), "event"),
            path.display()
        )
    })?;
    Ok(0)
}

/// Every record of a kind, with its revision (DTSTAMP and SEQUENCE).
fn dated<T: Kept + Send>(store: &Store) -> Result<Vec<Dated<T>>, Failure> {
    Ok(store
        .list::<T>()?
        .into_iter()
        .map(|stored| {
            let revision = Revision {
                changed: stored.updated_at,
                version: stored.version,
            };
            (stored.record, revision)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{IfNew, open};

    fn run(opened: &Opened, mentor: Option<&str>) -> Result<(u8, String), Failure> {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut output = Output::new(&mut out, &mut err);
        let request = CalendarRequest {
            mentor,
            cohort: None,
            output: None,
            force: false,
        };
        let code = calendar(opened, &request, |_| Ok(()), &mut output)?;
        Ok((code, String::from_utf8(out).expect("UTF-8")))
    }

    /// The event of office hour `id` in `ics`, its lines unfolded.
    fn event_of<'a>(ics: &'a str, id: &str) -> &'a str {
        let uid = format!("UID:office-hour-{id}@incubator\r\n");
        let start = ics.find(&uid).expect("the event");
        let end = ics[start..].find("END:VEVENT").expect("its end");
        &ics[start..start + end]
    }

    #[test]
    fn a_booking_raises_its_events_sequence_and_stamp_so_a_reimport_updates_it() {
        let dir = tempfile::tempdir().expect("a folder");
        let opened = open(&dir.path().join("db"), IfNew::Sample).expect("the sample");
        let (_, before) = run(&opened, Some("m1")).expect("written");
        assert!(
            event_of(&before, "oh2").contains("SEQUENCE:0\r\n"),
            "{before}"
        );
        assert_eq!(
            run(&opened, Some("m1")).expect("again").1,
            before,
            "the same bytes"
        );
        std::thread::sleep(std::time::Duration::from_millis(1100));
        opened
            .store
            .book("nigar", "oh2", Some("s6"), "Pricing")
            .expect("booked");
        let (_, after) = run(&opened, Some("m1")).expect("written");
        let (old, new) = (event_of(&before, "oh2"), event_of(&after, "oh2"));
        assert!(new.contains("SEQUENCE:1\r\n"), "{new}");
        let stamp = |event: &str| {
            event
                .lines()
                .find(|l| l.starts_with("DTSTAMP:"))
                .map(str::to_string)
        };
        assert!(stamp(new) > stamp(old), "{old}\n{new}");
        assert!(new.contains("with Şəbəkə Pay — Pricing"), "{new}");
        // The others are as they were.
        assert_eq!(event_of(&after, "oh3"), event_of(&before, "oh3"));
    }

    #[test]
    fn a_judge_is_refused_and_a_mentor_reads_the_calendar() {
        let dir = tempfile::tempdir().expect("a folder");
        let mut opened = open(&dir.path().join("db"), IfNew::Sample).expect("the sample");
        let (code, ics) = run(&opened, Some("m1")).expect("written");
        assert_eq!(code, 0);
        assert!(ics.contains("UID:office-hour-oh1@incubator\r\n"), "{ics}");
        opened.store = opened.store.with_access(Access::Judge {
            name: "Orxan Qasımov".into(),
        });
        let refused = run(&opened, None).expect_err("refused");
        assert_eq!(refused.code, 2);
        assert!(
            refused.message.contains("a judge reads the demo days"),
            "{refused:?}"
        );
    }
}
