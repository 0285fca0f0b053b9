//! What became of a company after the program: operating, acquired,
//! listed or closed (with the day), and the funding it raised since.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::enums::OutcomeStatus;
use super::validate::Checker;

/// A startup's outcome: its status and the rounds raised after the program.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub status: OutcomeStatus,
    /// The day it was acquired, listed or closed; none while operating.
    pub date: Option<NaiveDate>,
    /// Oldest first.
    pub rounds: Vec<FundingRound>,
}

/// Money raised in one round after the program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundingRound {
    pub date: NaiveDate,
    /// "pre-seed", "seed", "series A", a grant…
    pub kind: String,
    pub amount: f64,
    pub investors: Vec<String>,
}

impl Outcome {
    /// The rules of `field` (`outcome`) of a startup: a day when it was
    /// acquired, listed or closed (and none while operating), rounds with
    /// a kind, an amount of zero or more, and no round twice on one day of
    /// one kind.
    pub(super) fn check(&self, c: &mut Checker<'_>) {
        match (self.status, self.date) {
            (OutcomeStatus::Operating, Some(_)) => {
                c.report("outcome.date", "an operating company has no outcome date")
            }
            (OutcomeStatus::Operating, None) => {}
            (status, None) => c.report(
                "outcome.date",
                format!("is missing: the day it was {}", status_words(status)),
            ),
            (_, Some(day)) => c.date("outcome.date", day),
        }
        c.list("outcome.rounds", &self.rounds);
        let mut seen = std::collections::HashSet::new();
        for (i, round) in self.rounds.iter().enumerate() {
            let field = format!("outcome.rounds[{i}]");
            c.date(&format!("{field}.date"), round.date);
            c.name(&format!("{field}.kind"), &round.kind);
            c.amount(&format!("{field}.amount"), round.amount);
            c.words(&format!("{field}.investors"), &round.investors);
            if !seen.insert((round.date, crate::text::fold(&round.kind))) {
                c.report(
                    &format!("{field}.kind"),
                    format!("a {} round on {} is listed twice", round.kind, round.date),
                );
            }
        }
    }

    /// Put the rounds oldest first.
    pub(super) fn arrange(&mut self) {
        self.rounds.sort_by_key(|r| r.date);
    }

    /// Everything raised after the program: 0 with no rounds.
    pub fn raised(&self) -> f64 {
        money_sum(self.rounds.iter().map(|r| r.amount))
    }
}

fn status_words(status: OutcomeStatus) -> &'static str {
    match status {
        OutcomeStatus::Acquired => "acquired",
        OutcomeStatus::Ipo => "listed (IPO)",
        OutcomeStatus::Closed => "closed",
        OutcomeStatus::Operating => "operating",
    }
}

/// The sum of `amounts`, 0 (not -0, as an empty float sum is) when none.
pub fn money_sum(amounts: impl IntoIterator<Item = f64>) -> f64 {
    amounts
        .into_iter()
        .fold(0.0, |total, amount| total + amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_raised_is_zero_not_minus_zero() {
        let outcome = Outcome::default();
        assert_eq!(format!("{}", outcome.raised()), "0");
        assert_eq!(money_sum([250_000.0, 50_000.5]), 300_000.5);
    }
}
