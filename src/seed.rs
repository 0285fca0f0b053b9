//! The sample portfolio shipped inside the binary, so the program works
//! from any directory on a fresh machine.

use crate::interchange;
use crate::model::Parsed;

pub const SAMPLE_JSON: &str = include_str!("../seed/portfolio.json");

/// Who the sample's records were written by, in history.
pub const SEED_AUTHOR: &str = "incubator (sample portfolio)";

pub fn sample() -> Result<Parsed, String> {
    interchange::parse(SAMPLE_JSON).map_err(|e| format!("the built-in sample portfolio is {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn the_sample_keeps_every_rule() {
        let mut parsed = sample().unwrap();
        assert_eq!(parsed.problems, vec![]);
        parsed.portfolio.normalize();
        assert_eq!(portfolio_problems(&parsed.portfolio, &|_, _| false), vec![]);
    }

    #[test]
    fn the_sample_is_a_believable_center() {
        let p = sample().unwrap().portfolio;
        assert!(p.cohorts.len() >= 3 && p.startups.len() >= 20 && p.mentors.len() >= 8);
        assert!(p.demo_days.len() >= 2 && p.notes.len() >= 30);
        for stage in Stage::ALL {
            assert!(
                p.startups.iter().any(|s| s.stage == *stage),
                "no {stage} startup"
            );
        }
        for status in Status::ALL {
            assert!(
                p.startups.iter().any(|s| s.status == *status),
                "no {status} startup"
            );
        }
        let today = "2026-11-28".parse().unwrap();
        for status in CohortStatus::ALL {
            assert!(
                p.cohorts.iter().any(|c| c.status_on(today) == *status),
                "no {status} cohort"
            );
        }
        assert!(p.mentors.iter().any(|m| {
            m.name
                .chars()
                .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
        }));
        assert!(
            p.mentors
                .iter()
                .any(|m| m.load(&p.startups).over_capacity())
        );
    }
}
