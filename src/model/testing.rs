//! Small record builders: for tests, and for `generate` (made public by
//! the `testing` feature).

use chrono::DateTime;

use super::enums::*;
use super::records::*;

pub fn cohort(id: &str, start: &str, end: &str) -> Cohort {
    Cohort {
        id: id.into(),
        name: format!("Cohort {id}"),
        program: Program::Acceleration,
        start: start.parse().expect("test date"),
        end: end.parse().expect("test date"),
        capacity: 10,
        description: String::new(),
    }
}

pub fn mentor(id: &str, capacity: u32) -> Mentor {
    Mentor {
        id: id.into(),
        name: format!("Mentor {id}"),
        email: String::new(),
        organization: String::new(),
        expertise: vec![],
        languages: vec![],
        capacity,
    }
}

pub fn startup(id: &str) -> Startup {
    Startup {
        id: id.into(),
        name: format!("Startup {id}"),
        one_liner: String::new(),
        sector: String::new(),
        stage: Stage::Idea,
        status: Status::Applicant,
        cohort: None,
        mentors: vec![],
        founders: vec![],
        tags: vec![],
        website: String::new(),
        kpis: vec![],
    }
}

pub fn demo_day(id: &str, cohort: &str, pitches: &[&str]) -> DemoDay {
    DemoDay {
        id: id.into(),
        cohort: cohort.into(),
        at: DateTime::parse_from_rfc3339("2026-06-25T15:00:00+04:00").expect("test time"),
        venue: "INNOLAND hall".into(),
        pitches: pitches
            .iter()
            .map(|s| Pitch {
                startup: s.to_string(),
                minutes: 5,
            })
            .collect(),
        investors: vec![],
        notes: String::new(),
    }
}

pub fn note(id: &str, startup: &str, body: &str) -> Note {
    Note {
        id: id.into(),
        startup: startup.into(),
        author: "Aysel Hüseynova".into(),
        kind: NoteKind::Session,
        created_at: DateTime::parse_from_rfc3339("2026-05-02T10:00:00+04:00").expect("test time"),
        body: body.into(),
    }
}
