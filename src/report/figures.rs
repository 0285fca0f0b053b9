//! The figures a group's startups add up to: growth from baseline to now
//! of one KPI, survival after some years, and the median they share.

use chrono::NaiveDate;

use super::{FEW, StartupLine};
use crate::model::{Kpi, money_sum};

/// A KPI the report follows from baseline to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    Jobs,
    Revenue,
    Customers,
    Funding,
}

impl Metric {
    pub const ALL: [Metric; 4] = [
        Metric::Jobs,
        Metric::Revenue,
        Metric::Customers,
        Metric::Funding,
    ];

    /// The heading: "Jobs", "Revenue", "Customers", "Funding raised".
    pub fn label(self) -> &'static str {
        match self {
            Metric::Jobs => "Jobs",
            Metric::Revenue => "Revenue",
            Metric::Customers => "Customers",
            Metric::Funding => "Funding raised",
        }
    }

    /// The name in CSV columns and JSON keys.
    pub fn key(self) -> &'static str {
        match self {
            Metric::Jobs => "jobs",
            Metric::Revenue => "revenue",
            Metric::Customers => "customers",
            Metric::Funding => "funding",
        }
    }

    /// Whether it is money (two decimals) rather than a count.
    pub fn is_money(self) -> bool {
        matches!(self, Metric::Revenue | Metric::Funding)
    }

    pub fn of(self, kpi: &Kpi) -> f64 {
        match self {
            Metric::Jobs => kpi.employees as f64,
            Metric::Revenue => kpi.revenue,
            Metric::Customers => kpi.customers as f64,
            Metric::Funding => kpi.funding_raised,
        }
    }
}

/// One KPI of a group at baseline and now: summed, and as the median of
/// its startups; only startups with figures count.
#[derive(Debug, Clone, PartialEq)]
pub struct Growth {
    /// Startups with a baseline (and so a now).
    pub startups: usize,
    pub baseline: f64,
    pub now: f64,
    pub median_baseline: Option<f64>,
    pub median_now: Option<f64>,
    /// The median of each startup's change, not the change of medians.
    pub median_change: Option<f64>,
}

impl Growth {
    pub(super) fn of(metric: Metric, lines: &[&StartupLine]) -> Growth {
        let pairs: Vec<(f64, f64)> = lines
            .iter()
            .filter_map(|l| Some((metric.of(l.baseline.as_ref()?), metric.of(l.now.as_ref()?))))
            .collect();
        Growth {
            startups: pairs.len(),
            baseline: money_sum(pairs.iter().map(|p| p.0)),
            now: money_sum(pairs.iter().map(|p| p.1)),
            median_baseline: median(pairs.iter().map(|p| p.0).collect()),
            median_now: median(pairs.iter().map(|p| p.1).collect()),
            median_change: median(pairs.iter().map(|p| p.1 - p.0).collect()),
        }
    }

    pub fn change(&self) -> f64 {
        self.now - self.baseline
    }

    /// Fewer than [`FEW`] startups behind it.
    pub fn few(&self) -> bool {
        self.startups < FEW
    }
}

/// How many of a group's startups were there N years after their
/// cohort's end, of those for which that day has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Survival {
    pub years: u32,
    /// Startups whose cohort ended `years` or more before the report's day.
    pub eligible: usize,
    pub survived: usize,
}

impl Survival {
    pub(super) fn of(years: u32, lines: &[&StartupLine], to: NaiveDate) -> Survival {
        let told: Vec<bool> = lines.iter().filter_map(|l| l.survived(years, to)).collect();
        Survival {
            years,
            eligible: told.len(),
            survived: told.iter().filter(|s| **s).count(),
        }
    }

    /// The share that survived, 0–100, when any could be told.
    pub fn percent(&self) -> Option<f64> {
        (self.eligible > 0).then(|| 100.0 * self.survived as f64 / self.eligible as f64)
    }

    pub fn few(&self) -> bool {
        self.eligible < FEW
    }
}

/// The median of `values`: the middle one, or the mean of the middle two.
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(match values.len() % 2 {
        1 => values[mid],
        _ => (values[mid - 1] + values[mid]) / 2.0,
    })
}
