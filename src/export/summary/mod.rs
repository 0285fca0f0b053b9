//! Cohort summaries for reports to funders and partners: what a cohort is
//! and how its startups are doing on a given day, as Markdown, CSV, JSON or
//! an Excel workbook.
//!
//! [`CohortSummary::build`] gathers everything from a portfolio into one
//! format-neutral value; `markdown`, `csv`, `json` and `xlsx` each render it. The
//! text in a summary is as stored: each renderer makes it safe for its format.
//!
//! "As of" fixes the day: the cohort's status is the one on that day, and
//! KPI snapshots and notes dated after it are left out, so the same
//! database and day give the same report. Plans (demo days) are shown
//! whatever their date.

pub(super) mod csv;
mod json;
pub(super) mod markdown;
mod xlsx;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::model::*;
use crate::text::fold;

/// The most characters of a note's first line a summary shows.
pub const NOTE_LINE_CHARS: usize = 120;
/// The longest slug [`default_file_name`] makes from a name.
const SLUG_CHARS: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SummaryFormat {
    Markdown,
    Csv,
    Json,
    /// An Excel workbook: binary, so only ever written to a file.
    Xlsx,
}

impl SummaryFormat {
    pub const ALL: [SummaryFormat; 4] = [
        SummaryFormat::Markdown,
        SummaryFormat::Csv,
        SummaryFormat::Json,
        SummaryFormat::Xlsx,
    ];

    /// The file extension, which is also the name `--format` takes.
    pub fn extension(self) -> &'static str {
        match self {
            SummaryFormat::Markdown => "md",
            SummaryFormat::Csv => "csv",
            SummaryFormat::Json => "json",
            SummaryFormat::Xlsx => "xlsx",
        }
    }

    /// The name for people: "Markdown", "CSV", "JSON", "Excel".
    pub fn label(self) -> &'static str {
        match self {
            SummaryFormat::Markdown => "Markdown",
            SummaryFormat::Csv => "CSV",
            SummaryFormat::Json => "JSON",
            SummaryFormat::Xlsx => "Excel",
        }
    }

    /// Whether the format is text that may go to standard output; a
    /// workbook needs a file (`-o`).
    pub fn is_text(self) -> bool {
        self != SummaryFormat::Xlsx
    }
}

impl fmt::Display for SummaryFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for SummaryFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SummaryFormat::ALL
            .into_iter()
            .find(|f| f.extension() == s)
            .ok_or_else(|| format!("unknown format {s:?} (expected md, csv, json or xlsx)"))
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SummaryError {
    #[error("no cohort has the id {0:?}")]
    NoSuchCohort(String),
    #[error("could not write the summary: {0}")]
    Render(String),
}

impl From<crate::export::xlsx::WorkbookError> for SummaryError {
    fn from(e: crate::export::xlsx::WorkbookError) -> Self {
        SummaryError::Render(e.to_string())
    }
}

/// The summary of `cohort_id` as of `as_of`, rendered in `format`. With
/// `excel_bom`, CSV starts with a byte order mark so Excel reads it as
/// UTF-8; the other formats never have one.
pub fn render_summary(
    portfolio: &Portfolio,
    cohort_id: &str,
    as_of: NaiveDate,
    format: SummaryFormat,
    excel_bom: bool,
) -> Result<Vec<u8>, SummaryError> {
    CohortSummary::build(portfolio, cohort_id, as_of)?.render(format, excel_bom)
}

/// `<cohort-slug>-<as-of>.<ext>`, e.g. `spring-2026-acceleration-2026-11-28.md`.
/// The slug is the name in lowercase ASCII letters, digits and hyphens,
/// Azerbaijani and Turkish letters folded (ə→e, ş→s); a name with letters
/// that have no ASCII form (Hangul, Cyrillic) uses the cohort's id instead.
pub fn default_file_name(cohort: &Cohort, as_of: NaiveDate, format: SummaryFormat) -> String {
    let slug = slug(&cohort.name)
        .or_else(|| slug(&cohort.id))
        .unwrap_or_else(|| "cohort".to_string());
    format!("{slug}-{as_of}.{}", format.extension())
}

/// `text` folded to lowercase ASCII words joined by `-`; `None` when it
/// has letters with no ASCII form (Hangul) or none at all.
pub(crate) fn slug(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            return None;
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.len() > SLUG_CHARS {
        out.truncate(SLUG_CHARS);
        if let Some(cut) = out.rfind('-') {
            out.truncate(cut);
        }
    }
    let out = out.trim_end_matches('-');
    (!out.is_empty()).then(|| out.to_string())
}

/// Everything a cohort summary holds, in the order the formats show it.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortSummary {
    pub as_of: NaiveDate,
    pub cohort: CohortInfo,
    /// Every stage, in order, with its number of startups (zeros too).
    pub by_stage: Vec<(Stage, usize)>,
    /// Every status, in order, with its number of startups.
    pub by_status: Vec<(Status, usize)>,
    pub totals: Totals,
    /// The cohort's startups (dropped ones too), by name.
    pub startups: Vec<StartupEntry>,
    /// The cohort's demo days, earliest first.
    pub demo_days: Vec<DemoDayEntry>,
    /// Mentors of the cohort's startups, by name.
    pub mentors: Vec<MentorEntry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CohortInfo {
    pub id: Id,
    pub name: String,
    pub program: Program,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// On the as-of day.
    pub status: CohortStatus,
    pub capacity: u32,
    /// Startups placed in the cohort, dropped ones not counted.
    pub enrolled: usize,
    pub description: String,
}

/// Sums over the startups still in the cohort (every status but dropped).
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    /// The startups counted.
    pub startups: usize,
    /// Of those, how many have a KPI snapshot.
    pub with_kpis: usize,
    /// Of those, how many have a snapshot inside the cohort's dates, and
    /// so a change.
    pub with_change: usize,
    pub employees: u64,
    pub revenue: f64,
    pub funding_raised: f64,
    /// The sum of the startups' changes.
    pub employees_change: i64,
    pub revenue_change: f64,
    pub funding_raised_change: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StartupEntry {
    pub id: Id,
    pub name: String,
    pub sector: String,
    pub stage: Stage,
    pub status: Status,
    pub founders: Vec<Founder>,
    /// (id, name); the id where the mentor is missing.
    pub mentors: Vec<(Id, String)>,
    /// The latest snapshot on or before the as-of day.
    pub kpi: Option<Kpi>,
    /// Since the first snapshot inside the cohort's dates.
    pub change: Option<KpiChange>,
    /// Notes of any kind, on or before the as-of day.
    pub notes: usize,
    /// Of those, mentoring sessions.
    pub sessions: usize,
    pub latest_note: Option<NoteLine>,
    /// Its pitches at the cohort's demo days.
    pub slots: Vec<PitchSlot>,
    /// Its milestones on the as-of day.
    pub milestones: MilestoneCounts,
}

/// A startup's milestones on a day: reached by then, still to come, and
/// open past their day; and the next one open (overdue first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MilestoneCounts {
    pub done: usize,
    pub due: usize,
    pub overdue: usize,
    /// The soonest due of those not done: its title and day.
    pub next: Option<(String, NaiveDate)>,
}

impl MilestoneCounts {
    fn of<'a>(milestones: impl Iterator<Item = &'a Milestone>, day: NaiveDate) -> Self {
        let mut counts = MilestoneCounts::default();
        for m in milestones {
            match m.state_on(day) {
                MilestoneState::Done => counts.done += 1,
                MilestoneState::Overdue => counts.overdue += 1,
                MilestoneState::DueSoon | MilestoneState::Open => counts.due += 1,
            }
            if m.state_on(day) != MilestoneState::Done
                && counts
                    .next
                    .as_ref()
                    .is_none_or(|(title, due)| (m.due, &m.title) < (*due, title))
            {
                counts.next = Some((m.title.clone(), m.due));
            }
        }
        counts
    }

    pub fn is_empty(&self) -> bool {
        self.done + self.due + self.overdue == 0
    }
}

/// The latest snapshot less the first one inside the cohort's dates.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiChange {
    /// The date of the first snapshot inside the cohort's dates.
    pub since: NaiveDate,
    pub revenue: f64,
    pub customers: i64,
    pub employees: i64,
    pub funding_raised: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NoteLine {
    pub date: NaiveDate,
    /// The first line with text, trimmed, at most [`NOTE_LINE_CHARS`]
    /// characters (a cut one ends in "…").
    pub first_line: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PitchSlot {
    pub demo_day: Id,
    pub order: usize,
    pub start: DateTime<FixedOffset>,
    pub minutes: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoDayEntry {
    pub id: Id,
    pub at: DateTime<FixedOffset>,
    /// When the last pitch ends.
    pub end: DateTime<FixedOffset>,
    pub venue: String,
    pub pitches: Vec<PitchEntry>,
    pub investors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PitchEntry {
    pub order: usize,
    pub start: DateTime<FixedOffset>,
    pub startup: Id,
    /// The startup's name; its id if it is missing.
    pub name: String,
    pub minutes: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MentorEntry {
    pub id: Id,
    pub name: String,
    pub organization: String,
    /// The cohort's startups this mentor mentors, as in `startups`.
    pub startups: Vec<(Id, String)>,
    /// Active startups across the whole portfolio against capacity.
    pub load: Load,
}

impl CohortSummary {
    pub fn build(
        portfolio: &Portfolio,
        cohort_id: &str,
        as_of: NaiveDate,
    ) -> Result<CohortSummary, SummaryError> {
        let cohort = portfolio
            .cohorts
            .iter()
            .find(|c| c.id == cohort_id)
            .ok_or_else(|| SummaryError::NoSuchCohort(cohort_id.to_string()))?;
        let mut members: Vec<&Startup> = portfolio
            .startups
            .iter()
            .filter(|s| s.cohort.as_deref() == Some(cohort_id))
            .collect();
        members.sort_by(|a, b| by_name((&a.name, &a.id), (&b.name, &b.id)));

        let mut demo_days: Vec<&DemoDay> = portfolio
            .demo_days
            .iter()
            .filter(|d| d.cohort == cohort_id)
            .collect();
        demo_days.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| natural_cmp(&a.id, &b.id)));

        let startup_name = |id: &str| {
            portfolio
                .startups
                .iter()
                .find(|s| s.id == id)
                .map_or_else(|| id.to_string(), |s| s.name.clone())
        };
        let demo_days: Vec<DemoDayEntry> = demo_days
            .into_iter()
            .map(|d| DemoDayEntry {
                id: d.id.clone(),
                at: d.at,
                end: d.pitches_end(),
                venue: d.venue.clone(),
                pitches: d
                    .run_of_show()
                    .into_iter()
                    .map(|slot| PitchEntry {
                        order: slot.order,
                        start: slot.start,
                        startup: slot.pitch.startup.clone(),
                        name: startup_name(&slot.pitch.startup),
                        minutes: slot.pitch.minutes,
                    })
                    .collect(),
                investors: d.investors.clone(),
            })
            .collect();

        let startups: Vec<StartupEntry> = members
            .iter()
            .map(|s| startup_entry(portfolio, cohort, s, as_of, &demo_days))
            .collect();

        let mut mentors: Vec<MentorEntry> = portfolio
            .mentors
            .iter()
            .filter_map(|m| {
                let theirs: Vec<(Id, String)> = members
                    .iter()
                    .filter(|s| s.mentors.contains(&m.id))
                    .map(|s| (s.id.clone(), s.name.clone()))
                    .collect();
                (!theirs.is_empty()).then(|| MentorEntry {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    organization: m.organization.clone(),
                    startups: theirs,
                    load: m.load(&portfolio.startups),
                })
            })
            .collect();
        mentors.sort_by(|a, b| by_name((&a.name, &a.id), (&b.name, &b.id)));

        Ok(CohortSummary {
            as_of,
            cohort: CohortInfo {
                id: cohort.id.clone(),
                name: cohort.name.clone(),
                program: cohort.program,
                start: cohort.start,
                end: cohort.end,
                status: cohort.status_on(as_of),
                capacity: cohort.capacity,
                enrolled: cohort.enrolled(members.iter().copied()),
                description: cohort.description.clone(),
            },
            by_stage: Stage::ALL
                .iter()
                .map(|&stage| (stage, members.iter().filter(|s| s.stage == stage).count()))
                .collect(),
            by_status: Status::ALL
                .iter()
                .map(|&status| {
                    let n = members.iter().filter(|s| s.status == status).count();
                    (status, n)
                })
                .collect(),
            totals: totals(&startups),
            startups,
            demo_days,
            mentors,
        })
    }

    pub fn render(&self, format: SummaryFormat, excel_bom: bool) -> Result<Vec<u8>, SummaryError> {
        match format {
            SummaryFormat::Markdown => Ok(markdown::render(self).into_bytes()),
            SummaryFormat::Csv => csv::render(self, excel_bom),
            SummaryFormat::Json => Ok(json::render(self).into_bytes()),
            SummaryFormat::Xlsx => xlsx::render(self),
        }
    }
}

/// Names in folded order (Ə with E, Ş with S), ids to break ties.
fn by_name(a: (&str, &str), b: (&str, &str)) -> std::cmp::Ordering {
    fold(a.0)
        .cmp(&fold(b.0))
        .then_with(|| natural_cmp(a.1, b.1))
}

fn startup_entry(
    portfolio: &Portfolio,
    cohort: &Cohort,
    s: &Startup,
    as_of: NaiveDate,
    demo_days: &[DemoDayEntry],
) -> StartupEntry {
    let known: Vec<&Kpi> = s.kpis.iter().filter(|k| k.date <= as_of).collect();
    let kpi = known.iter().max_by_key(|k| k.date).copied();
    let baseline = known
        .iter()
        .filter(|k| k.date >= cohort.start && k.date <= cohort.end)
        .min_by_key(|k| k.date)
        .copied();
    let change = match (kpi, baseline) {
        (Some(now), Some(then)) => Some(KpiChange {
            since: then.date,
            revenue: money(now.revenue - then.revenue),
            customers: difference(now.customers, then.customers),
            employees: difference(now.employees, then.employees),
            funding_raised: money(now.funding_raised - then.funding_raised),
        }),
        _ => None,
    };

    let notes: Vec<&Note> = portfolio
        .notes
        .iter()
        .filter(|n| n.startup == s.id && n.created_at.date_naive() <= as_of)
        .collect();
    let latest_note = notes
        .iter()
        .max_by(|a, b| {
            a.created_at
                .cmp(&b.created_at)
                .then_with(|| natural_cmp(&a.id, &b.id))
        })
        .map(|n| NoteLine {
            date: n.created_at.date_naive(),
            first_line: first_line(&n.body),
        });

    StartupEntry {
        id: s.id.clone(),
        name: s.name.clone(),
        sector: s.sector.clone(),
        stage: s.stage,
        status: s.status,
        founders: s.founders.clone(),
        mentors: s
            .mentors
            .iter()
            .map(|id| {
                let name = portfolio
                    .mentors
                    .iter()
                    .find(|m| &m.id == id)
                    .map_or_else(|| id.clone(), |m| m.name.clone());
                (id.clone(), name)
            })
            .collect(),
        kpi: kpi.cloned(),
        change,
        notes: notes.len(),
        sessions: notes.iter().filter(|n| n.kind == NoteKind::Session).count(),
        latest_note,
        slots: demo_days
            .iter()
            .flat_map(|d| {
                d.pitches
                    .iter()
                    .filter(|p| p.startup == s.id)
                    .map(|p| PitchSlot {
                        demo_day: d.id.clone(),
                        order: p.order,
                        start: p.start,
                        minutes: p.minutes,
                    })
            })
            .collect(),
        milestones: MilestoneCounts::of(
            portfolio.milestones.iter().filter(|m| m.startup == s.id),
            as_of,
        ),
    }
}

fn totals(startups: &[StartupEntry]) -> Totals {
    let counted: Vec<&StartupEntry> = startups
        .iter()
        .filter(|s| s.status != Status::Dropped)
        .collect();
    let kpis: Vec<&Kpi> = counted.iter().filter_map(|s| s.kpi.as_ref()).collect();
    let changes: Vec<&KpiChange> = counted.iter().filter_map(|s| s.change.as_ref()).collect();
    Totals {
        startups: counted.len(),
        with_kpis: kpis.len(),
        with_change: changes.len(),
        employees: kpis.iter().map(|k| k.employees).sum(),
        revenue: money(kpis.iter().map(|k| k.revenue).sum()),
        funding_raised: money(kpis.iter().map(|k| k.funding_raised).sum()),
        employees_change: changes.iter().map(|c| c.employees).sum(),
        revenue_change: money(changes.iter().map(|c| c.revenue).sum()),
        funding_raised_change: money(changes.iter().map(|c| c.funding_raised).sum()),
    }
}

/// A computed amount rounded to cents, so sums and differences do not
/// show float noise (0.1 + 0.2), and never negative zero.
fn money(value: f64) -> f64 {
    (value * 100.0).round() / 100.0 + 0.0
}

fn difference(now: u64, then: u64) -> i64 {
    let now = i64::try_from(now).unwrap_or(i64::MAX);
    let then = i64::try_from(then).unwrap_or(i64::MAX);
    now.saturating_sub(then)
}

/// The first line of `body` with text on it, trimmed and cut to
/// [`NOTE_LINE_CHARS`] characters.
fn first_line(body: &str) -> String {
    let line = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    if line.chars().count() <= NOTE_LINE_CHARS {
        return line.to_string();
    }
    let mut cut: String = line.chars().take(NOTE_LINE_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests;
