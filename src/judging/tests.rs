//! The results and the run of show against values worked out by hand.

use crate::model::testing::rubric;
use chrono::{DateTime, FixedOffset};

use super::*;
use crate::model::{DemoDay, Pitch, PitchScore, Scores};

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("a time")
}

fn scores(pitch: u8, product: Option<u8>) -> Scores {
    let mut s: Scores = [("Pitch".to_string(), pitch)].into_iter().collect();
    if let Some(product) = product {
        s.insert("Product".into(), product);
    }
    s
}

fn score(judge: &str, startup: &str, pitch: u8, product: Option<u8>, comment: &str) -> PitchScore {
    PitchScore {
        judge: judge.into(),
        startup: startup.into(),
        scores: scores(pitch, product),
        comment: comment.into(),
    }
}

/// Pitch ×2, Product ×1; judges A, B, C; pitches of 10, 0, 15 and 5
/// minutes from 14:00 (+04:00), then three more of 5.
fn day(marks: Vec<PitchScore>) -> DemoDay {
    let pitch = |startup: &str, minutes| Pitch {
        startup: startup.into(),
        minutes,
    };
    DemoDay {
        id: "d1".into(),
        cohort: "c1".into(),
        at: at("2027-03-20T14:00:00+04:00"),
        venue: "INNOLAND hall".into(),
        pitches: vec![
            pitch("s1", 10),
            pitch("s2", 0),
            pitch("s3", 15),
            pitch("s4", 5),
            pitch("s5", 5),
            pitch("s10", 5),
            pitch("s9", 5),
        ],
        investors: vec![],
        notes: String::new(),
        criteria: rubric(&[("Pitch", 2), ("Product", 1)]),
        judges: vec!["A".into(), "B".into(), "C".into()],
        scores: marks,
        judging_closed: false,
    }
}

fn name(id: &crate::model::Id) -> Option<&'static str> {
    Some(match id.as_str() {
        "s1" => "Nar Health",
        "s2" => "Bizim Bazar",
        "s3" => "Çay Lab",
        "s4" => "Zeta",
        "s5" => "alma",
        "s9" | "s10" => "Alma",
        _ => return None,
    })
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn a_pitch_scores_the_mean_of_its_judges_weighted_means() {
    let r = results(
        &day(vec![
            // Nar Health: A (8+5)/3 = 13/3, B 3; C has not scored.
            score("A", "s1", 4, Some(5), "Clear ask."),
            score("B", "s1", 3, Some(3), ""),
            // Bizim Bazar: A 5, B (8+1)/3 = 3, C 2.
            score("A", "s2", 5, Some(5), ""),
            score("B", "s2", 4, Some(1), "Demo broke."),
            score("C", "s2", 2, Some(2), ""),
            // Çay Lab: A has scored one criterion only; Ghost is not listed.
            score("A", "s3", 5, None, "Half done"),
            score("Ghost", "s3", 5, Some(5), ""),
        ]),
        name,
    );
    assert_eq!(r.judges, ["A", "B", "C"]);
    let nar = &r.rows[0];
    assert_eq!((nar.rank, nar.name.as_str()), (Some(1), "Nar Health"));
    assert!(
        close(nar.score, (13.0 / 3.0 + 3.0) / 2.0),
        "{:?}",
        nar.score
    );
    assert!(close(nar.spread, 13.0 / 3.0 - 3.0));
    assert_eq!(nar.scored(), 2);
    assert!(close(nar.marks[0].mean, 13.0 / 3.0));
    assert_eq!(nar.marks[2].mean, None);
    assert_eq!(nar.comments().collect::<Vec<_>>(), [("A", "Clear ask.")]);

    let bazar = &r.rows[1];
    assert_eq!((bazar.rank, bazar.name.as_str()), (Some(2), "Bizim Bazar"));
    assert!(close(bazar.score, 10.0 / 3.0));
    assert!(close(bazar.spread, 3.0));
    assert_eq!(bazar.scored(), 3);

    // Nobody else scored every criterion: unranked, last, by name then id.
    let rest: Vec<(&str, &str, Option<usize>)> = r.rows[2..]
        .iter()
        .map(|p| (p.name.as_str(), p.startup.as_str(), p.rank))
        .collect();
    assert_eq!(
        rest,
        [
            ("alma", "s5", None),
            ("Alma", "s9", None),
            ("Alma", "s10", None),
            ("Çay Lab", "s3", None),
            ("Zeta", "s4", None),
        ]
    );
    let cay = &r.rows[5];
    assert_eq!((cay.score, cay.spread, cay.scored()), (None, None, 0));
    // A partial score still carries its comment.
    assert_eq!(cay.comments().collect::<Vec<_>>(), [("A", "Half done")]);
    assert_eq!(r.ranked(), 2);
}

#[test]
fn equal_scores_rank_by_name_then_id() {
    let r = results(
        &day(vec![
            score("A", "s4", 3, Some(3), ""),
            score("A", "s10", 3, Some(3), ""),
            score("A", "s9", 3, Some(3), ""),
            score("B", "s1", 2, Some(2), ""),
        ]),
        name,
    );
    let ranked: Vec<(Option<usize>, &str)> = r
        .rows
        .iter()
        .map(|p| (p.rank, p.startup.as_str()))
        .take(4)
        .collect();
    assert_eq!(
        ranked,
        [
            (Some(1), "s9"),
            (Some(2), "s10"),
            (Some(3), "s4"),
            (Some(4), "s1")
        ]
    );
}

#[test]
fn a_missing_startup_shows_as_its_id() {
    let mut d = day(vec![]);
    d.pitches[0].startup = "s77".into();
    let r = results(&d, name);
    assert!(r.rows.iter().any(|p| p.name == "s77"));
}

#[test]
fn the_pitch_on_stage_is_found_from_the_start_and_the_minutes_before_it() {
    let d = day(vec![]);
    // 14:00–14:10 s1, 14:10 s2 (no minutes), 14:10–14:25 s3, 14:25–14:30 s4.
    let now = |t: &str| at(&format!("2027-03-20T{t}+04:00"));
    let on = |t: &str| on_stage(&d, now(t)).map(|s| s.startup);
    assert_eq!(on("13:59:59"), None);
    assert_eq!(on("14:00:00").as_deref(), Some("s1"));
    assert_eq!(on("14:09:59").as_deref(), Some("s1"));
    assert_eq!(on("14:10:00").as_deref(), Some("s3"));
    assert_eq!(on("14:27:00").as_deref(), Some("s4"));
    assert_eq!(on("14:50:00"), None);
    // The same moment in another offset is the same moment.
    assert_eq!(
        on_stage(&d, at("2027-03-20T10:12:00+00:00"))
            .map(|s| s.startup)
            .as_deref(),
        Some("s3")
    );
    let slot = on_stage(&d, now("14:12:00")).expect("on stage");
    assert_eq!(
        (slot.index, slot.starts, slot.ends),
        (2, now("14:10:00"), now("14:25:00"))
    );
}

#[test]
fn the_run_of_show_puts_the_pitch_on_stage_first_then_what_is_to_come() {
    let d = day(vec![]);
    let order = |t: &str| -> Vec<(String, SlotState)> {
        run_of_show(&d, at(&format!("2027-03-20T{t}+04:00")))
            .into_iter()
            .map(|s| (s.startup, s.state))
            .collect()
    };
    use SlotState::*;
    let o = order("14:12:00");
    let ids: Vec<&str> = o.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(ids, ["s3", "s4", "s5", "s10", "s9", "s1", "s2"]);
    assert_eq!(o[0].1, OnStage);
    assert_eq!(o[1].1, Coming);
    assert_eq!(o[6].1, Done);
    // Before the start: the running order, all to come.
    let before = order("09:00:00");
    assert!(before.iter().all(|(_, s)| *s == Coming));
    assert_eq!(before[0].0, "s1");
}
