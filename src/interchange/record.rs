//! One record of the document, read field by field (see [`Fields`]).

use super::fields::Fields;
use crate::model::*;

/// The record `f` holds, with a placeholder for each field that failed
/// (its problem is in `f.problems`).
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
        Kind::Startup => Record::Startup({
            Startup {
                id,
                name: f.text("name", true),
                one_liner: f.text("one_liner", false),
                sector: f.text("sector", false),
                stage: f.choice("stage"),
                status: f.choice("status"),
                cohort: f.optional_text("cohort").filter(|c| !c.is_empty()),
                mentors: f.strings("mentors"),
                founders: f.objects("founders", founder),
                tags: f.strings("tags"),
                website: f.text("website", false),
                kpis: f.objects("kpis", |f| Kpi {
                    date: f.date("date"),
                    revenue: f.amount("revenue"),
                    customers: f.count("customers", 0),
                    employees: f.count("employees", 0),
                    funding_raised: f.amount("funding_raised"),
                }),
                outcome: f.object("outcome", |f| Outcome {
                    status: f.choice("status"),
                    date: f.optional_date("date"),
                    rounds: f.objects("rounds", |f| FundingRound {
                        date: f.date("date"),
                        kind: f.text("kind", true),
                        amount: f.amount("amount"),
                        investors: f.strings("investors"),
                    }),
                }),
            }
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
            criteria: f.objects("criteria", criterion),
            judges: f.strings("judges"),
            scores: f.objects("scores", |f| PitchScore {
                judge: f.text("judge", true),
                startup: f.text("startup", true),
                scores: f.scores("scores"),
                comment: f.text("comment", false),
            }),
            judging_closed: f.flag("judging_closed"),
        }),
        Kind::Note => Record::Note(Note {
            id,
            startup: f.text("startup", true),
            author: f.text("author", true),
            kind: f.choice("kind"),
            created_at: f.time("created_at"),
            body: f.text("body", true),
        }),
        Kind::Call => Record::Call(Call {
            id,
            cohort: f.text("cohort", true),
            name: f.text("name", true),
            opens: f.date("opens"),
            closes: f.date("closes"),
            criteria: f.objects("criteria", criterion),
            questions: f.strings("questions"),
        }),
        Kind::Application => Record::Application(Application {
            id,
            call: f.text("call", true),
            name: f.text("name", true),
            one_liner: f.text("one_liner", false),
            sector: f.text("sector", false),
            founders: f.objects("founders", founder),
            answers: f.strings("answers"),
            submitted_at: f.time("submitted_at"),
            stage: f.choice("stage"),
            reviewers: f.strings("reviewers"),
            startup: f.optional_text("startup").filter(|s| !s.is_empty()),
        }),
        Kind::Review => Record::Review(Review {
            id,
            application: f.text("application", true),
            reviewer: f.text("reviewer", true),
            scores: f.scores("scores"),
            comment: f.text("comment", false),
            conflict: f.flag("conflict"),
            at: f.time("at"),
        }),
        Kind::Milestone => Record::Milestone(Milestone {
            id,
            startup: f.text("startup", true),
            title: f.text("title", true),
            due: f.date("due"),
            done: f.optional_date("done"),
            notes: f.strings("notes"),
        }),
        Kind::OfficeHour => Record::OfficeHour(OfficeHour {
            id,
            mentor: f.text("mentor", true),
            starts_at: f.time("starts_at"),
            minutes: f.count_u32("minutes", 30),
            place: f.text("place", false),
            startup: f.optional_text("startup").filter(|s| !s.is_empty()),
            topic: f.text("topic", false),
        }),
    }
}

fn criterion(f: &mut Fields<'_>) -> Criterion {
    Criterion {
        name: f.text("name", true),
        weight: f.count_u32("weight", 1),
    }
}

fn founder(f: &mut Fields<'_>) -> Founder {
    Founder {
        name: f.text("name", true),
        email: f.text("email", false),
        role: f.text("role", false),
    }
}
