//! Small record builders for tests.

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

/// A large, believable portfolio for benchmarks: `startups` startups over
/// cohorts of 20, a mentor per 8 startups, and `notes` notes spread over
/// the startups. The same arguments give the same portfolio.
pub fn synthetic(startups: usize, notes: usize) -> Portfolio {
    const WORDS: &[&str] = &[
        "pay",
        "agro",
        "kod",
        "solar",
        "xəzər",
        "şəbəkə",
        "çay",
        "gənc",
        "bazar",
        "logistics",
        "health",
        "tələbə",
        "kart",
        "su",
        "yaşıl",
        "qonaq",
        "travel",
        "kilim",
        "craft",
        "seoul",
        "baku",
        "bridge",
        "cloud",
        "data",
        "fin",
        "edu",
        "med",
        "green",
        "smart",
        "city",
    ];
    const SENTENCES: &[&str] = &[
        "Went through unit economics; CAC is about 35 AZN.",
        "Pricing review: the flat commission hurts large orders.",
        "Pilot with ten shops in Şamaxı starts next month.",
        "Investor intro to Caspian Ventures went well.",
        "Hiring a second engineer; runway is nine months.",
        "Churn is down to 4% after the onboarding rework.",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut p = Portfolio::default();
    let cohorts = startups.div_ceil(20).max(1);
    for i in 0..cohorts {
        let mut c = cohort(&format!("c{}", i + 1), "2026-03-02", "2026-06-26");
        c.name = format!("Cohort {} {}", i + 1, WORDS[i % WORDS.len()]);
        c.capacity = 20;
        p.cohorts.push(c);
    }
    for i in 0..startups.div_ceil(8).max(1) {
        let mut m = mentor(&format!("m{}", i + 1), 3);
        m.name = format!("Mentor {} {}", WORDS[next(WORDS.len())], i + 1);
        m.expertise = vec![WORDS[next(WORDS.len())].to_string()];
        p.mentors.push(m);
    }
    for i in 0..startups {
        let mut s = startup(&format!("s{}", i + 1));
        s.name = format!(
            "{} {} {}",
            WORDS[next(WORDS.len())],
            WORDS[next(WORDS.len())],
            i + 1
        );
        s.one_liner = SENTENCES[next(SENTENCES.len())].to_string();
        s.sector = WORDS[next(WORDS.len())].to_string();
        s.stage = Stage::ALL[next(Stage::ALL.len())];
        s.status = Status::ALL[next(Status::ALL.len())];
        s.cohort = Some(format!("c{}", i / 20 + 1));
        s.mentors = vec![format!("m{}", i / 8 + 1)];
        s.tags = vec![WORDS[next(WORDS.len())].to_string()];
        s.founders = vec![Founder {
            name: format!("Founder {}", i + 1),
            email: String::new(),
            role: "CEO".into(),
        }];
        p.startups.push(s);
    }
    for i in 0..notes {
        let startup = format!("s{}", next(startups.max(1)) + 1);
        let body = (0..3)
            .map(|_| SENTENCES[next(SENTENCES.len())])
            .collect::<Vec<_>>()
            .join("\n");
        p.notes.push(note(&format!("n{}", i + 1), &startup, &body));
    }
    p
}
