//! `intake CALL FILE.csv`: applications to a call from a form tool's CSV
//! export, all or nothing. Prints the applications made, a row a line,
//! the rows left out as duplicates and the questions added to the call,
//! then a summary; `--dry-run` prints the same, conditional, and writes
//! nothing.

use std::path::Path;

use chrono::{Local, SubsecRound};

use crate::intake::{self, Applied, Original, Plan};
use crate::model::{Application, Call, Kind, Record};
use crate::resolve::resolve_exact_stored;
use crate::store::login_name;
use crate::text::{counted, sanitize_line, shorten};
use crate::workspace::Opened;

use super::{Failure, Output};

/// What `intake` was asked for.
pub struct IntakeRequest<'a> {
    /// The call: its id or whole name.
    pub call: &'a str,
    pub file: &'a Path,
    /// `FIELD=COLUMN`, each.
    pub maps: &'a [String],
    pub dry_run: bool,
}

/// The largest file read (whole, and in the view's memory when the view
/// holds the database): 10,000 applications of 6 KB each fit ten times.
const FILE_BYTES: u64 = 64 * 1024 * 1024;

pub fn intake(
    opened: &Opened,
    request: &IntakeRequest,
    output: &mut Output,
) -> Result<u8, Failure> {
    let file = request.file;
    let shown = sanitize_line(&file.display().to_string());
    let bytes = read_file(file, &shown)?;
    let sheet = intake::read(&bytes).map_err(|e| Failure::new(2, format!("{shown} {e}")))?;
    let columns = intake::columns(&sheet.headers, request.maps)
        .map_err(|e| Failure::new(2, format!("{shown}: {e}")))?;
    if sheet.rows.is_empty() {
        return Err(Failure::new(
            2,
            format!("{shown} has a header but no rows; nothing made"),
        ));
    }

    let store = &opened.store;
    // A write lands only where the user meant: an id or a whole name.
    let Record::Call(call) = resolve_exact_stored(store, Kind::Call, request.call)?? else {
        return Err(Failure::new(2, "not a call"));
    };
    let Some(stored_call) = store.get::<Call>(&call.id)? else {
        return Err(Failure::new(
            2,
            format!("no call {} (deleted just now?)", call.id),
        ));
    };
    let stored = store.list::<Application>()?;
    let applied: Vec<Applied> = stored
        .iter()
        .map(|s| &s.record)
        .filter(|a| a.call == call.id)
        .map(|a| Applied {
            id: &a.id,
            name: &a.name,
            emails: a.founders.iter().map(|f| f.email.as_str()).collect(),
        })
        .collect();
    let now = Local::now().fixed_offset().trunc_subsecs(0);
    let plan = intake::plan(
        &sheet,
        &columns,
        &stored_call.record,
        &applied,
        now,
        &intake::local,
    );

    if !plan.problems.is_empty() {
        for problem in &plan.problems {
            output.tell(&sanitize_line(&problem.to_string()));
        }
        return Err(Failure::new(
            2,
            format!(
                "{shown}: {}; nothing made",
                counted(plan.problems.len(), "problem")
            ),
        ));
    }

    let call_label = format!(
        "{} ({})",
        sanitize_line(&stored_call.record.name),
        sanitize_line(&call.id)
    );
    let mut text = String::new();
    if request.dry_run {
        for made in &plan.made {
            text.push_str(&dry_line(made.row, &made.application));
        }
    } else {
        let created = plan
            .made
            .iter()
            .map(|m| Record::Application(m.application.clone()))
            .collect();
        let updated = match plan.new_questions.is_empty() {
            true => Vec::new(),
            false => vec![(Record::Call(plan.call.clone()), stored_call.version)],
        };
        let saved = store.create_all(&login_name(), created, updated)?;
        for (made, saved) in plan.made.iter().zip(&saved) {
            text.push_str(&format!(
                "{}\trow {}\t{}\n",
                sanitize_line(saved.record.id()),
                made.row,
                sanitize_line(&made.application.name)
            ));
        }
    }
    text.push_str(&duplicate_lines(&plan));
    text.push_str(&summary(&plan, &call_label, request.dry_run));
    output.print(&text)?;
    Ok(0)
}

fn read_file(file: &Path, shown: &str) -> Result<Vec<u8>, Failure> {
    let cannot = |e: std::io::Error| Failure::new(2, format!("cannot read {shown}: {e}"));
    let meta = std::fs::metadata(file).map_err(cannot)?;
    if meta.is_dir() {
        return Err(Failure::new(
            2,
            format!("{shown} is a folder, not a CSV file"),
        ));
    }
    if meta.len() > FILE_BYTES {
        return Err(Failure::new(
            2,
            format!(
                "{shown} is {}; intake reads at most {}",
                crate::interchange::reading::human(meta.len()),
                crate::interchange::reading::human(FILE_BYTES)
            ),
        ));
    }
    std::fs::read(file).map_err(cannot)
}

/// `row 2  Nar Health  gunay@example.az  "Clinics lose…" | "Per visit"`
fn dry_line(row: usize, application: &Application) -> String {
    let email = application
        .founders
        .first()
        .map_or("", |f| f.email.as_str());
    let answers: Vec<String> = application
        .answers
        .iter()
        .filter(|a| !a.is_empty())
        .map(|a| format!("{:?}", shorten(&sanitize_line(a), 60)))
        .collect();
    format!(
        "row {row}\t{}\t{}\t{}\n",
        sanitize_line(&application.name),
        sanitize_line(email),
        answers.join(" | ")
    )
}

/// A line a duplicate: `row 7: Nar Health is already there (a3)`.
fn duplicate_lines(plan: &Plan) -> String {
    plan.duplicates
        .iter()
        .map(|d| {
            let of = match &d.of {
                Original::Stored(id) => sanitize_line(id),
                Original::Row(row) => format!("row {row}"),
            };
            format!(
                "row {}: {} is already there ({of}), same founder email and name; left out\n",
                d.row,
                sanitize_line(&d.name)
            )
        })
        .collect()
}

/// The closing lines: the questions added, then what was made and left
/// out ("Made 18 applications to Spring 2027 open call (call1); 2
/// duplicates left out: rows 7, 12").
fn summary(plan: &Plan, call: &str, dry_run: bool) -> String {
    let mut text = String::new();
    if !plan.new_questions.is_empty() {
        let questions: Vec<String> = plan
            .new_questions
            .iter()
            .map(|q| format!("{:?}", sanitize_line(q)))
            .collect();
        text.push_str(&format!(
            "{} {} to {call}: {}\n",
            if dry_run { "Would add" } else { "Added" },
            counted(questions.len(), "question"),
            questions.join(", ")
        ));
    }
    let made = counted(plan.made.len(), "application");
    text.push_str(&match dry_run {
        true => format!("Would make {made} to {call}"),
        false => format!("Made {made} to {call}"),
    });
    if !plan.duplicates.is_empty() {
        let rows: Vec<String> = plan.duplicates.iter().map(|d| d.row.to_string()).collect();
        let noun = if rows.len() == 1 { "row" } else { "rows" };
        let left = if dry_run {
            "would be left out"
        } else {
            "left out"
        };
        text.push_str(&format!(
            "; {} {left}: {noun} {}",
            counted(rows.len(), "duplicate"),
            rows.join(", ")
        ));
    }
    if dry_run {
        text.push_str(" (dry run: nothing written)");
    }
    text.push('\n');
    text
}
