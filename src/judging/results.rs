//! A demo day's results: per pitch, each listed judge's weighted mean over
//! the day's criteria, the pitch's score (the mean of those), their spread
//! and how many judges have scored it; best first, pitches no judge has
//! scored last and unranked.

use std::cmp::Ordering;

use crate::model::{DemoDay, Id, natural_cmp, weighted_mean};
use crate::text::fold;

/// The results of one demo day.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The listed judges, in the day's order; each row's `marks` follow it.
    pub judges: Vec<String>,
    /// Ranked pitches first, best first; then the unscored ones.
    pub rows: Vec<PitchResult>,
}

/// One pitch's line.
#[derive(Debug, Clone, PartialEq)]
pub struct PitchResult {
    /// 1 for the best; `None` while no judge has scored every criterion.
    pub rank: Option<usize>,
    pub startup: Id,
    /// The startup's name; its id when the startup is missing.
    pub name: String,
    /// The mean of the judges' weighted means.
    pub score: Option<f64>,
    /// The highest judge's weighted mean less the lowest.
    pub spread: Option<f64>,
    /// One a listed judge, in `Results::judges`' order.
    pub marks: Vec<JudgeMark>,
}

/// What one judge gave one pitch.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgeMark {
    pub judge: String,
    /// Their weighted mean; `None` until they have scored every criterion.
    pub mean: Option<f64>,
    pub comment: String,
}

impl PitchResult {
    /// How many listed judges have scored every criterion of this pitch.
    pub fn scored(&self) -> usize {
        self.marks.iter().filter(|m| m.mean.is_some()).count()
    }

    /// The judges' comments that say something, with who wrote them.
    pub fn comments(&self) -> impl Iterator<Item = (&str, &str)> {
        self.marks
            .iter()
            .filter(|m| !m.comment.trim().is_empty())
            .map(|m| (m.judge.as_str(), m.comment.as_str()))
    }
}

impl Results {
    /// How many pitches have a rank.
    pub fn ranked(&self) -> usize {
        self.rows.iter().filter(|r| r.rank.is_some()).count()
    }
}

/// The results of `day`; `name_of` gives a startup's name. Scores by a
/// judge the day no longer lists, and of a startup not pitching, count
/// for nothing.
pub fn results<'a>(day: &DemoDay, name_of: impl Fn(&Id) -> Option<&'a str>) -> Results {
    let mut rows: Vec<PitchResult> = Vec::with_capacity(day.pitches.len());
    for pitch in &day.pitches {
        // A startup listed twice pitches once.
        if rows.iter().any(|r| r.startup == pitch.startup) {
            continue;
        }
        let marks: Vec<JudgeMark> = day
            .judges
            .iter()
            .map(|judge| {
                let given = day
                    .scores
                    .iter()
                    .find(|s| &s.judge == judge && s.startup == pitch.startup);
                JudgeMark {
                    judge: judge.clone(),
                    mean: given.and_then(|s| weighted_mean(&s.scores, &day.criteria)),
                    comment: given.map(|s| s.comment.clone()).unwrap_or_default(),
                }
            })
            .collect();
        let means: Vec<f64> = marks.iter().filter_map(|m| m.mean).collect();
        let (score, spread) = match means.as_slice() {
            [] => (None, None),
            _ => {
                let max = means.iter().copied().fold(f64::MIN, f64::max);
                let min = means.iter().copied().fold(f64::MAX, f64::min);
                (
                    Some(means.iter().sum::<f64>() / means.len() as f64),
                    Some(max - min),
                )
            }
        };
        rows.push(PitchResult {
            rank: None,
            startup: pitch.startup.clone(),
            name: name_of(&pitch.startup)
                .unwrap_or(&pitch.startup)
                .to_string(),
            score,
            spread,
            marks,
        });
    }
    rows.sort_by(order);
    for (i, row) in rows.iter_mut().filter(|r| r.score.is_some()).enumerate() {
        row.rank = Some(i + 1);
    }
    Results {
        judges: day.judges.clone(),
        rows,
    }
}

/// Best score first, unscored last; ties by folded name, then id.
fn order(a: &PitchResult, b: &PitchResult) -> Ordering {
    match (a.score, b.score) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| fold(&a.name).cmp(&fold(&b.name)))
    .then_with(|| natural_cmp(&a.startup, &b.startup))
}
