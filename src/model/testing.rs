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
        outcome: None,
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
        criteria: vec![],
        judges: vec![],
        scores: vec![],
        judging_closed: false,
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

#[cfg(any(test, feature = "testing"))]
/// A rubric: each criterion's name and weight, in order.
pub fn rubric(criteria: &[(&str, u32)]) -> Vec<Criterion> {
    criteria
        .iter()
        .map(|&(name, weight)| Criterion {
            name: name.into(),
            weight,
        })
        .collect()
}

#[cfg(any(test, feature = "testing"))]
/// A call to `cohort`, open through December 2026, scored on Team (weight
/// 2) and Market (weight 1).
pub fn call(id: &str, cohort: &str) -> Call {
    Call {
        id: id.into(),
        cohort: cohort.into(),
        name: format!("Call {id}"),
        opens: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("test date"),
        closes: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).expect("test date"),
        criteria: rubric(&[("Team", 2), ("Market", 1)]),
        questions: vec!["What problem do you solve?".into()],
    }
}

#[cfg(any(test, feature = "testing"))]
/// An application to `call`, to be reviewed by `reviewers`.
pub fn application(id: &str, call: &str, reviewers: &[&str]) -> Application {
    Application {
        id: id.into(),
        call: call.into(),
        name: format!("Applicant {id}"),
        one_liner: String::new(),
        sector: "healthtech".into(),
        founders: vec![Founder {
            name: "Günay Rzayeva".into(),
            email: format!("{id}@example.az"),
            role: "CEO".into(),
        }],
        answers: vec!["Clinics lose a third of visits.".into()],
        submitted_at: DateTime::parse_from_rfc3339("2026-12-03T11:20:00+04:00").expect("test time"),
        stage: ApplicationStage::Screening,
        reviewers: reviewers.iter().map(|r| r.to_string()).collect(),
        startup: None,
    }
}

#[cfg(any(test, feature = "testing"))]
/// `reviewer`'s review of `application`, scoring Team and Market.
pub fn review(id: &str, application: &str, reviewer: &str, team: u8, market: u8) -> Review {
    Review {
        id: id.into(),
        application: application.into(),
        reviewer: reviewer.into(),
        scores: [("Team".to_string(), team), ("Market".to_string(), market)]
            .into_iter()
            .collect(),
        comment: String::new(),
        conflict: false,
        at: DateTime::parse_from_rfc3339("2026-12-05T10:00:00+04:00").expect("test time"),
    }
}

#[cfg(any(test, feature = "testing"))]
/// `startup`'s milestone, open, due on `due` (YYYY-MM-DD).
pub fn milestone(id: &str, startup: &str, title: &str, due: &str) -> Milestone {
    Milestone {
        id: id.into(),
        startup: startup.into(),
        title: title.into(),
        due: due.parse().expect("test date"),
        done: None,
        notes: vec![],
    }
}

#[cfg(any(test, feature = "testing"))]
/// `mentor`'s free 30-minute slot at `starts_at` (RFC 3339).
pub fn office_hour(id: &str, mentor: &str, starts_at: &str) -> OfficeHour {
    OfficeHour {
        id: id.into(),
        mentor: mentor.into(),
        starts_at: DateTime::parse_from_rfc3339(starts_at).expect("test time"),
        minutes: 30,
        place: "INNOLAND room 2".into(),
        startup: None,
        topic: String::new(),
    }
}

#[cfg(any(test, feature = "testing"))]
/// `demo_day` judged on Pitch (weight 2) and Product (weight 1) by `judges`.
pub fn judged(mut day: DemoDay, judges: &[&str]) -> DemoDay {
    day.criteria = rubric(&[("Pitch", 2), ("Product", 1)]);
    day.judges = judges.iter().map(|j| j.to_string()).collect();
    day
}

#[cfg(any(test, feature = "testing"))]
/// `judge`'s scores of `startup`'s pitch.
pub fn pitch_score(judge: &str, startup: &str, pitch: u8, product: u8) -> PitchScore {
    PitchScore {
        judge: judge.into(),
        startup: startup.into(),
        scores: [
            ("Pitch".to_string(), pitch),
            ("Product".to_string(), product),
        ]
        .into_iter()
        .collect(),
        comment: String::new(),
    }
}
