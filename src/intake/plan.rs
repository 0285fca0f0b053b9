//! The applications a form's rows make for a call: each row checked by
//! the record rules, every problem placed at its row and column; rows
//! already applied (the same founder email and name, in the store or
//! further up the file) left out as duplicates; headers the call does not
//! ask yet added to its questions.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, FixedOffset};

use super::columns::{Columns, Field, header_key};
use super::sheet::{Sheet, column_letters};
use super::when::{self, Zone};
use crate::model::{Application, ApplicationStage, Call, Founder, Record};
use crate::text::fold;

/// What the rows make.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub made: Vec<Made>,
    pub duplicates: Vec<Duplicate>,
    /// Headers added to the call's questions, in the file's order.
    pub new_questions: Vec<String>,
    /// The call with its questions as they will be.
    pub call: Call,
    /// Every problem found; any refuses the whole file.
    pub problems: Vec<CellProblem>,
}

/// An application a row makes (its id not yet given).
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    pub row: usize,
    pub application: Application,
}

/// A row left out: its application is already there.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub row: usize,
    pub name: String,
    pub of: Original,
}

/// Where the application a duplicate repeats is.
#[derive(Debug, Clone, PartialEq)]
pub enum Original {
    Stored(String),
    Row(usize),
}

/// One thing wrong, at a row (1 is the header) and, where it is one
/// cell's, a column.
#[derive(Debug, Clone, PartialEq)]
pub struct CellProblem {
    pub row: usize,
    pub column: Option<(usize, String)>,
    pub message: String,
}

impl fmt::Display for CellProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some((at, header)) => write!(
                f,
                "row {}, column {} ({header}): {}",
                self.row,
                column_letters(*at),
                self.message
            ),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

/// An application already in the store, as duplicates are found.
pub struct Applied<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub emails: Vec<&'a str>,
}

/// The key two applications to one call are the same by: the founder's
/// email and the name, folded.
fn same_key(email: &str, name: &str) -> (String, String) {
    (fold(email.trim()), fold(name.trim()))
}

/// What `sheet`'s rows, read by `columns`, make for `call`, given the
/// applications to it already stored; `now` for a row with no time, and
/// `zone` for a time with no offset.
pub fn plan(
    sheet: &Sheet,
    columns: &Columns,
    call: &Call,
    applied: &[Applied],
    now: DateTime<FixedOffset>,
    zone: Zone,
) -> Plan {
    let mut problems = Vec::new();
    let header = |at: usize| (at, sheet.headers[at].clone());

    // The call's questions, and the column each is answered in.
    let mut call = call.clone();
    let mut question_at: HashMap<String, usize> = call
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (header_key(q), i))
        .collect();
    let mut answer_column: Vec<Option<usize>> = vec![None; call.questions.len()];
    let mut new_questions = Vec::new();
    for column in columns.answers() {
        let question = sheet.headers[column].clone();
        let key = header_key(&question);
        let index = *question_at.entry(key).or_insert_with(|| {
            call.questions.push(question.clone());
            answer_column.push(None);
            new_questions.push(question.clone());
            call.questions.len() - 1
        });
        match answer_column[index] {
            None => answer_column[index] = Some(column),
            Some(first) => problems.push(CellProblem {
                row: 1,
                column: Some(header(column)),
                message: format!(
                    "asks the same question as column {}; rename one, or leave one out of the export",
                    column_letters(first)
                ),
            }),
        }
    }
    // Only what the new questions may break: the rest is the call's own.
    let call_problems = Record::Call(call.clone()).problems();
    for problem in call_problems
        .iter()
        .filter(|p| p.field.starts_with("questions"))
    {
        let column =
            question_index(&problem.field).and_then(|i| answer_column.get(i).copied().flatten());
        problems.push(CellProblem {
            row: 1,
            column: column.map(header),
            message: format!("as a question of the call, {}", problem.message),
        });
    }

    let time_in_utc = columns
        .of(Field::SubmittedAt)
        .is_some_and(|at| fold(&sheet.headers[at]).contains("utc"));
    let zone: Zone = if time_in_utc { &when::utc } else { zone };

    let mut seen: HashMap<(String, String), Original> = HashMap::new();
    for stored in applied {
        let emails = if stored.emails.is_empty() {
            vec![""]
        } else {
            stored.emails.clone()
        };
        for email in emails {
            seen.entry(same_key(email, stored.name))
                .or_insert_with(|| Original::Stored(stored.id.to_string()));
        }
    }

    let mut made = Vec::new();
    let mut duplicates = Vec::new();
    for row in &sheet.rows {
        let cell = |at: usize| row.cells.get(at).map_or("", |c| c.as_str());
        let field = |f: Field| columns.of(f).map_or("", |at| cell(at).trim());
        let mut report = |column: Option<usize>, message: String| {
            problems.push(CellProblem {
                row: row.number,
                column: column.map(header),
                message,
            })
        };
        for (at, value) in row.cells.iter().enumerate() {
            let use_ = columns.uses.get(at).copied();
            if !value.trim().is_empty() && (use_.is_none() || sheet.headers[at].is_empty()) {
                report(
                    None,
                    format!(
                        "column {} holds {:?} under no header",
                        column_letters(at),
                        crate::text::shorten(value, 40)
                    ),
                );
            }
        }
        let name = field(Field::Name);
        let email = field(Field::FounderEmail);
        if !email.is_empty() && !email.contains('@') {
            report(
                columns.of(Field::FounderEmail),
                format!("{email:?} is not an email address"),
            );
        }
        let submitted_at = match field(Field::SubmittedAt) {
            "" => now,
            text => match when::parse(text, zone) {
                Some(at) => at,
                None => {
                    report(
                        columns.of(Field::SubmittedAt),
                        format!("{text:?} is not a time this reads (say {})", when::EXAMPLES),
                    );
                    now
                }
            },
        };
        let founder_name = match field(Field::FounderName) {
            "" => email,
            given => given,
        };
        let founders = match (founder_name, field(Field::FounderRole)) {
            ("", "") => Vec::new(),
            (founder, role) => vec![Founder {
                name: founder.to_string(),
                email: email.to_string(),
                role: role.to_string(),
            }],
        };
        let answers = answer_column
            .iter()
            .map(|column| {
                column.map_or(String::new(), |at| {
                    cell(at).replace("\r\n", "\n").trim().to_string()
                })
            })
            .collect();
        let application = Application {
            id: "(new)".into(),
            call: call.id.clone(),
            name: name.to_string(),
            one_liner: field(Field::OneLiner).to_string(),
            sector: field(Field::Sector).to_string(),
            founders,
            answers,
            submitted_at,
            stage: ApplicationStage::Received,
            reviewers: Vec::new(),
            startup: None,
        };
        for problem in Record::Application(application.clone()).problems() {
            let column = column_of(&problem.field, columns, &answer_column);
            report(column, problem.message);
        }
        let key = same_key(email, name);
        match seen.get(&key) {
            Some(of) => duplicates.push(Duplicate {
                row: row.number,
                name: name.to_string(),
                of: of.clone(),
            }),
            None => {
                seen.insert(key, Original::Row(row.number));
                made.push(Made {
                    row: row.number,
                    application,
                });
            }
        }
    }
    Plan {
        made,
        duplicates,
        new_questions,
        call,
        problems,
    }
}

/// `questions[3]` or `answers[3]` → 3.
fn question_index(field: &str) -> Option<usize> {
    let inside = field
        .strip_prefix("questions[")
        .or_else(|| field.strip_prefix("answers["))?;
    inside.strip_suffix(']')?.parse().ok()
}

/// The column a problem with `field` of an application is in.
fn column_of(field: &str, columns: &Columns, answer_column: &[Option<usize>]) -> Option<usize> {
    if let Some(i) = question_index(field) {
        return answer_column.get(i).copied().flatten();
    }
    let of = match field {
        "name" => Field::Name,
        "one_liner" => Field::OneLiner,
        "sector" => Field::Sector,
        "submitted_at" => Field::SubmittedAt,
        f if f.ends_with(".email") => Field::FounderEmail,
        f if f.ends_with(".role") => Field::FounderRole,
        // A founder's name is the email when no column names them.
        f if f.ends_with(".name") => {
            return columns
                .of(Field::FounderName)
                .or(columns.of(Field::FounderEmail));
        }
        _ => return None,
    };
    columns.of(of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::{columns::columns, sheet::read};
    use chrono::{NaiveDate, NaiveDateTime, TimeZone};

    fn call() -> Call {
        Call {
            id: "call1".into(),
            cohort: "c2".into(),
            name: "Spring 2027 open call".into(),
            opens: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            closes: NaiveDate::from_ymd_opt(2027, 1, 15).unwrap(),
            criteria: vec![crate::model::Criterion {
                name: "Team".into(),
                weight: 1,
            }],
            questions: vec!["What problem do you solve?".into()],
        }
    }

    fn baku(naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        FixedOffset::east_opt(4 * 3600)?
            .from_local_datetime(&naive)
            .single()
    }

    fn planned(csv: &str, applied: &[Applied]) -> Plan {
        let sheet = read(csv.as_bytes()).unwrap();
        let columns = columns(&sheet.headers, &[]).unwrap();
        let now = DateTime::parse_from_rfc3339("2026-12-07T09:00:00+04:00").unwrap();
        plan(&sheet, &columns, &call(), applied, now, &baku)
    }

    #[test]
    fn rows_make_received_applications_answering_the_calls_questions() {
        let plan = planned(
            "Timestamp,Email Address,Company name,Who pays for it?,What problem do you solve\n\
             2026/12/03 11:20:00 AM GMT+4,gunay@example.az,Nar Health,\"Clinics,\r\nper visit\",No-shows\n",
            &[],
        );
        assert_eq!(plan.problems, []);
        assert_eq!(plan.new_questions, ["Who pays for it?"]);
        assert_eq!(
            plan.call.questions,
            ["What problem do you solve?", "Who pays for it?"]
        );
        let a = &plan.made[0].application;
        assert_eq!(a.name, "Nar Health");
        assert_eq!(a.answers, ["No-shows", "Clinics,\nper visit"]);
        assert_eq!(a.founders[0].email, "gunay@example.az");
        assert_eq!(a.founders[0].name, "gunay@example.az");
        assert_eq!(a.stage, ApplicationStage::Received);
        assert_eq!(a.submitted_at.to_rfc3339(), "2026-12-03T11:20:00+04:00");
    }

    #[test]
    fn problems_name_their_row_and_column() {
        let long = "x".repeat(201);
        let plan = planned(
            &format!(
                "Startup,Email,Timestamp\n,a@b.az,\n{long},nobody,someday\nOk,c@d.az,,stray\n"
            ),
            &[],
        );
        let lines: Vec<String> = plan.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            lines,
            [
                "row 2, column A (Startup): must not be empty",
                "row 3, column B (Email): \"nobody\" is not an email address",
                format!(
                    "row 3, column C (Timestamp): \"someday\" is not a time this reads (say {})",
                    when::EXAMPLES
                )
                .as_str(),
                "row 3, column A (Startup): is 201 characters long; the limit is 200",
                "row 4: column D holds \"stray\" under no header",
            ]
        );
    }

    #[test]
    fn a_repeat_in_the_store_or_the_file_is_a_duplicate() {
        let stored = [Applied {
            id: "a3",
            name: "Nar Health",
            emails: vec!["Gunay@Example.az"],
        }];
        let plan = planned(
            "Startup,Email\nNAR HEALTH,gunay@example.az\nKilim,k@x.az\nkilim ,K@X.AZ\nKilim,other@x.az\n",
            &stored,
        );
        let dups: Vec<(usize, Original)> = plan
            .duplicates
            .iter()
            .map(|d| (d.row, d.of.clone()))
            .collect();
        assert_eq!(
            dups,
            [(2, Original::Stored("a3".into())), (4, Original::Row(3))]
        );
        assert_eq!(plan.made.iter().map(|m| m.row).collect::<Vec<_>>(), [3, 5]);
    }

    #[test]
    fn a_utc_header_reads_its_times_in_utc() {
        let plan = planned(
            "Startup name,Submit Date (UTC)\nNar,2026-12-03 07:20:00\n",
            &[],
        );
        assert_eq!(
            plan.made[0].application.submitted_at.to_rfc3339(),
            "2026-12-03T07:20:00+00:00"
        );
        let plan = planned("Startup name,Timestamp\nNar,12/3/2026 11:20:00\n", &[]);
        assert_eq!(
            plan.made[0].application.submitted_at.to_rfc3339(),
            "2026-12-03T11:20:00+04:00"
        );
    }
}
