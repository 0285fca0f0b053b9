//! Quick filters: narrow a list to a stage, a status, a cohort… picked
//! from a menu (`f`). Values of one field widen (growth or scale), fields
//! narrow each other (growth, in Autumn 2026).

use chrono::NaiveDate;

use super::data::Data;
use super::tab::Tab;
use crate::model::{MilestoneState, Portfolio};

/// A field a list can be narrowed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FacetField {
    Stage,
    Status,
    Cohort,
    Program,
    /// A startup's milestones: some overdue, or some due this week.
    Milestones,
}

impl FacetField {
    pub fn label(self) -> &'static str {
        match self {
            FacetField::Stage => "stage",
            FacetField::Status => "status",
            FacetField::Cohort => "cohort",
            FacetField::Program => "program",
            FacetField::Milestones => "milestones",
        }
    }
}

/// One value of a field: `value` is what records hold (an id for a
/// cohort), `label` what the user reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub field: FacetField,
    pub value: String,
    pub label: String,
}

/// Every facet `tab`'s list offers, in menu order.
pub fn facet_choices(tab: Tab, p: &Portfolio) -> Vec<Facet> {
    use crate::model::{CohortStatus, Program, Stage, Status};
    let facet = |field, value: &str, label: &str| Facet {
        field,
        value: value.to_string(),
        label: label.to_string(),
    };
    let cohorts = || {
        p.cohorts
            .iter()
            .map(|c| facet(FacetField::Cohort, &c.id, &c.name))
            .collect::<Vec<_>>()
    };
    match tab {
        Tab::Startups => {
            let mut choices: Vec<Facet> = Stage::ALL
                .iter()
                .map(|s| facet(FacetField::Stage, s.as_str(), s.as_str()))
                .collect();
            choices.extend(
                Status::ALL
                    .iter()
                    .map(|s| facet(FacetField::Status, s.as_str(), s.as_str())),
            );
            choices.extend(cohorts());
            choices.push(facet(FacetField::Milestones, OVERDUE, "overdue"));
            choices.push(facet(FacetField::Milestones, DUE_SOON, "due this week"));
            choices
        }
        Tab::Cohorts => {
            let mut choices: Vec<Facet> = Program::ALL
                .iter()
                .map(|s| facet(FacetField::Program, s.as_str(), s.as_str()))
                .collect();
            choices.extend(
                CohortStatus::ALL
                    .iter()
                    .map(|s| facet(FacetField::Status, s.as_str(), s.as_str())),
            );
            choices
        }
        Tab::DemoDays => cohorts(),
        Tab::Home | Tab::Mentors | Tab::Calls => Vec::new(),
    }
}

/// The values of the milestones facet.
const OVERDUE: &str = "overdue";
const DUE_SOON: &str = "due-soon";

/// Whether record `row` of `tab` passes the list's quick filters, on `today`.
pub fn passes(data: &Data, today: NaiveDate, tab: Tab, row: usize, facets: &[Facet]) -> bool {
    let p = &data.portfolio;
    let value_of = |field: FacetField| -> Option<String> {
        Some(match (tab, field) {
            (Tab::Startups, FacetField::Stage) => p.startups[row].stage.as_str().into(),
            (Tab::Startups, FacetField::Status) => p.startups[row].status.as_str().into(),
            (Tab::Startups, FacetField::Cohort) => p.startups[row].cohort.clone()?,
            (Tab::Cohorts, FacetField::Program) => p.cohorts[row].program.as_str().into(),
            (Tab::Cohorts, FacetField::Status) => p.cohorts[row].status_on(today).as_str().into(),
            (Tab::DemoDays, FacetField::Cohort) => p.demo_days[row].cohort.clone(),
            _ => return None,
        })
    };
    let mut fields: Vec<FacetField> = facets.iter().map(|f| f.field).collect();
    fields.dedup();
    fields.iter().all(|field| {
        let of_field = || facets.iter().filter(|f| f.field == *field);
        if (tab, *field) == (Tab::Startups, FacetField::Milestones) {
            // A startup may have milestones both overdue and due this week.
            let states: Vec<MilestoneState> = data
                .milestones_of(&p.startups[row].id)
                .map(|m| m.state_on(today))
                .collect();
            return of_field().any(|f| match f.value.as_str() {
                OVERDUE => states.contains(&MilestoneState::Overdue),
                _ => states.contains(&MilestoneState::DueSoon),
            });
        }
        let value = value_of(*field);
        of_field().any(|f| value.as_deref() == Some(f.value.as_str()))
    })
}
