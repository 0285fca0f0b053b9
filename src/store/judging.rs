//! A judge's scores of a pitch, written into their demo day in one
//! transaction: five judges scoring at once each replace only their own
//! entry, whatever the others wrote meanwhile (sled retries a transaction
//! that met another's write).

use sled::transaction::abort;

use super::error::StoreError;
use super::write::{Revert, current, replace_checked};
use super::{Result, Store};
use crate::model::*;

impl Store {
    /// Set `score`'s judge's scores of its startup on demo day `demo_day`,
    /// replacing what that judge gave that pitch before. The day must list
    /// the judge and the pitch, and judging must be open; the scores are
    /// checked against the day's criteria (a score may leave criteria out
    /// while the judge is still typing). Returns the demo day as written
    /// and the undo.
    pub fn score_pitch(
        &self,
        who: &str,
        demo_day: &str,
        score: PitchScore,
    ) -> Result<(DemoDay, Option<Revert>)> {
        let mut score = score;
        score.judge = score.judge.trim().to_string();
        self.write(who, |tx| {
            let stored = current(tx, Kind::DemoDay, demo_day, None)?;
            let Record::DemoDay(mut day) = stored.record.clone() else {
                return abort(StoreError::NotFound {
                    kind: Kind::DemoDay,
                    id: demo_day.to_string(),
                });
            };
            if let Some(refusal) = scoring_refusal(&day, &score) {
                return abort(refusal);
            }
            match day
                .scores
                .iter_mut()
                .find(|s| s.judge == score.judge && s.startup == score.startup)
            {
                Some(old) => *old = score.clone(),
                None => day.scores.push(score.clone()),
            }
            let undo = replace_checked(tx, &stored, &Record::DemoDay(day.clone()))?;
            Ok((day, undo))
        })
    }
}

/// Why `score` cannot be written into `day` as it stands; `None` when it can.
fn scoring_refusal(day: &DemoDay, score: &PitchScore) -> Option<StoreError> {
    let invalid = |field: &str, message: String| {
        Some(StoreError::Invalid(vec![Problem::new(
            Kind::DemoDay,
            &day.id,
            field,
            message,
        )]))
    };
    if day.judging_closed {
        return invalid(
            "scores",
            "judging is closed: the scores are final".to_string(),
        );
    }
    if !day.judges.contains(&score.judge) {
        return invalid(
            "judges",
            format!("{:?} is not one of the day's judges", score.judge),
        );
    }
    if !day.pitches.iter().any(|p| p.startup == score.startup) {
        return invalid(
            "pitches",
            format!("{} does not pitch on this day", score.startup),
        );
    }
    None
}
