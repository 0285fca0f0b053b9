//! A judge's screen on the sample, demo day d3 judged by two: what each
//! key shows and writes, and that nothing else is reachable.

use crate::model::testing::rubric;
use chrono::{DateTime, NaiveDate};
use ratatui::crossterm::event::KeyCode;

use super::{JudgeScreen, Page};
use crate::app::dialog::Overlay;
use crate::app::testing::{press, type_keys};
use crate::app::{App, Data, Effect, Keymap, Tab};
use crate::model::{Kind, PitchScore, Scores};
use crate::store::Access;

const JUDGE: &str = "Orxan Qasımov";

/// The sample with d3 judged on Pitch ×2 and Product ×1 by two judges;
/// `closed`: judging is over.
fn session(access: Access, closed: bool) -> App {
    let mut portfolio = crate::seed::sample().expect("the sample").portfolio;
    portfolio.normalize();
    portfolio.arrange();
    let day = portfolio
        .demo_days
        .iter_mut()
        .find(|d| d.id == "d3")
        .expect("d3");
    day.criteria = rubric(&[("Pitch", 2), ("Product", 1)]);
    day.judges = vec![JUDGE.into(), "Leyla Məmmədova".into()];
    day.judging_closed = closed;
    day.scores = vec![PitchScore {
        judge: JUDGE.into(),
        startup: day.pitches[1].startup.clone(),
        scores: [("Pitch".to_string(), 3)].into_iter().collect(),
        comment: "Half way".into(),
    }];
    let today = NaiveDate::from_ymd_opt(2026, 12, 17).expect("a day");
    let mut state = App::new(
        Data::from_portfolio(portfolio),
        today,
        (100, 30),
        Keymap::default(),
    );
    state.access = access;
    state.open_judge_screen();
    state
}

fn judge(closed: bool) -> App {
    session(Access::Judge { name: JUDGE.into() }, closed)
}

fn screen(state: &App) -> &JudgeScreen {
    match &state.overlay {
        Overlay::Judging(screen) => screen,
        other => panic!("not the judge's screen: {other:?}"),
    }
}

fn first_startup(state: &App) -> String {
    let data = state.data();
    data.portfolio
        .demo_days
        .iter()
        .find(|d| d.id == "d3")
        .expect("d3")
        .pitches[0]
        .startup
        .clone()
}

fn scores(pairs: &[(&str, u8)]) -> Scores {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn a_judge_opens_on_their_only_demo_day_and_each_score_is_written_as_typed() {
    let mut state = judge(false);
    assert!(matches!(&screen(&state).page, Page::Show { day, .. } if day == "d3"));
    let startup = first_startup(&state);
    press(&mut state, KeyCode::Enter);
    assert!(matches!(&screen(&state).page, Page::Pitch(r) if r.startup == startup));
    type_keys(&mut state, "4");
    let written = |pairs: &[(&str, u8)], comment: &str| Effect::ScorePitch {
        demo_day: "d3".into(),
        score: PitchScore {
            judge: JUDGE.into(),
            startup: startup.clone(),
            scores: scores(pairs),
            comment: comment.into(),
        },
    };
    assert_eq!(state.take_effects(), [written(&[("Pitch", 4)], "")]);
    type_keys(&mut state, "5");
    assert_eq!(
        state.take_effects(),
        [written(&[("Pitch", 4), ("Product", 5)], "")]
    );
    // On the comment now: typing writes nothing until the cursor leaves.
    type_keys(&mut state, "Clear ask");
    assert!(state.take_effects().is_empty());
    press(&mut state, KeyCode::Esc);
    assert_eq!(
        state.take_effects(),
        [written(&[("Pitch", 4), ("Product", 5)], "Clear ask")]
    );
    assert!(matches!(&screen(&state).page, Page::Show { cursor: Some(c), .. } if *c == startup));
}

#[test]
fn a_judge_takes_up_their_own_stored_score_and_reaches_nothing_else() {
    let mut state = judge(false);
    // The second pitch holds their half-done score.
    type_keys(&mut state, "j");
    press(&mut state, KeyCode::Enter);
    let Page::Pitch(rubric) = &screen(&state).page else {
        panic!("a rubric");
    };
    assert_eq!(rubric.scores, [Some(3), None]);
    assert_eq!(rubric.comment.value(), "Half way");
    press(&mut state, KeyCode::Esc);
    // The tabs' keys, the palette and help do nothing for a judge.
    for key in ["2", "3", "5", "6", ":", "?", "x", "n", "e", "d", "a"] {
        type_keys(&mut state, key);
        assert_eq!(state.tab, Tab::Home, "{key}");
        assert!(matches!(state.overlay, Overlay::Judging(_)), "{key}");
    }
    assert!(state.take_effects().is_empty());
    assert!(!state.quit);
    type_keys(&mut state, "q");
    assert!(state.quit, "q ends a judge's session");
}

#[test]
fn once_judging_is_closed_the_rubric_is_read_only() {
    let mut state = judge(true);
    press(&mut state, KeyCode::Enter);
    type_keys(&mut state, "4");
    assert!(state.take_effects().is_empty());
    assert_eq!(
        screen(&state).problem.as_deref(),
        Some("Judging is closed: your scores are final.")
    );
}

#[test]
fn the_run_of_show_puts_the_pitch_on_stage_first() {
    let mut state = judge(false);
    // d3 starts at 14:00 (+04:00); the first pitch's minutes later, the second is on.
    let (second, minutes) = {
        let data = state.data();
        let day = data
            .portfolio
            .demo_days
            .iter()
            .find(|d| d.id == "d3")
            .expect("d3");
        (day.pitches[1].startup.clone(), day.pitches[0].minutes)
    };
    let now = DateTime::parse_from_rfc3339("2026-12-17T14:00:30+04:00").expect("a time")
        + chrono::Duration::minutes(i64::from(minutes));
    state.handle(crate::app::Event::Clock(now));
    let screen = screen(&state);
    let data = state.data();
    let day = screen.day(&data.portfolio).expect("listed");
    assert_eq!(screen.slots(day)[0].startup, second);
    drop(data);
    // Enter scores the pitch on stage.
    press(&mut state, KeyCode::Enter);
    assert!(matches!(&self::screen(&state).page, Page::Pitch(r) if r.startup == second));
}

#[test]
fn a_coordinator_closes_judging_after_saying_yes_and_a_mentor_may_not() {
    let mut state = session(Access::Everything, false);
    assert!(
        matches!(state.overlay, Overlay::None),
        "not a judge's screen"
    );
    assert!(state.select(Kind::DemoDay, "d3"));
    assert_eq!(state.tab, Tab::DemoDays);
    type_keys(&mut state, "C");
    let Overlay::JudgingSwitch(ask) = &state.overlay else {
        panic!("asked first: {:?}", state.overlay);
    };
    assert!(
        ask.question().starts_with("Close judging of demo day d3?"),
        "{}",
        ask.question()
    );
    type_keys(&mut state, "y");
    let mut asked = state.take_effects();
    // Its history, read for the details, aside.
    asked.retain(|e| !matches!(e, Effect::History { .. }));
    assert_eq!(
        asked,
        [Effect::SetJudging {
            demo_day: "d3".into(),
            closed: true,
        }]
    );

    let mut mentor = session(Access::Mentor { id: "m1".into() }, false);
    assert!(mentor.select(Kind::DemoDay, "d3"));
    type_keys(&mut mentor, "C");
    assert!(matches!(mentor.overlay, Overlay::None));
    assert!(
        !mentor
            .take_effects()
            .iter()
            .any(|e| matches!(e, Effect::SetJudging { .. }))
    );
    assert!(
        mentor
            .status
            .as_deref()
            .unwrap_or_default()
            .contains("for coordinators")
    );
}

#[test]
fn the_demo_day_form_takes_criteria_with_weights_and_judges() {
    use crate::model::Record;
    use crate::store::Stored;
    let mut state = session(Access::Everything, false);
    let day = {
        let data = state.data();
        let mut day = data
            .portfolio
            .demo_days
            .iter()
            .find(|d| d.id == "d3")
            .cloned()
            .expect("d3");
        day.criteria.clear();
        day.judges.clear();
        day.scores.clear();
        day
    };
    let at = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    state.handle(crate::app::Event::Outcome(crate::app::Outcome::ForEdit(
        Box::new(Stored {
            version: 4,
            created_at: at,
            updated_at: at,
            record: Record::DemoDay(day),
        }),
    )));
    let Overlay::Form(form) = &state.overlay else {
        panic!("the form: {:?}", state.overlay);
    };
    let criteria = form
        .fields
        .iter()
        .position(|f| f.key == "criteria")
        .expect("a criteria line");
    for _ in form.focus..criteria {
        press(&mut state, KeyCode::Tab);
    }
    type_keys(&mut state, "Pitch 2, Team fit, Product 1");
    press(&mut state, KeyCode::Tab);
    type_keys(&mut state, "Orxan Qasımov, 김민준");
    crate::app::testing::ctrl(&mut state, 's');
    let saved = state.take_effects().into_iter().find_map(|e| match e {
        Effect::Save { record, .. } => match *record {
            Record::DemoDay(day) => Some(day),
            _ => None,
        },
        _ => None,
    });
    let day = saved.expect("saved");
    let criteria: Vec<(&str, u32)> = day
        .criteria
        .iter()
        .map(|c| (c.name.as_str(), c.weight))
        .collect();
    assert_eq!(criteria, [("Pitch", 2), ("Team fit", 1), ("Product", 1)]);
    assert_eq!(day.judges, ["Orxan Qasımov", "김민준"]);
}

#[test]
fn a_score_the_store_refuses_is_taken_back_and_the_judge_told_why() {
    let mut state = judge(false);
    press(&mut state, KeyCode::Enter);
    type_keys(&mut state, "4");
    assert_eq!(state.take_effects().len(), 1);
    // Closed meanwhile by the coordinator: the store said no.
    state.handle(crate::app::Event::Outcome(crate::app::Outcome::Refused(
        "1 problem: demo-day d3, scores: judging is closed: the scores are final".into(),
    )));
    let screen = screen(&state);
    let Page::Pitch(rubric) = &screen.page else {
        panic!("still the rubric");
    };
    assert_eq!(rubric.scores, [None, None], "what is stored stands");
    assert!(
        screen
            .problem
            .as_deref()
            .is_some_and(|p| p.starts_with("Not saved: ") && p.contains("judging is closed")),
        "{:?}",
        screen.problem
    );
}

#[test]
fn with_two_demo_days_a_judge_picks_one_and_a_day_that_drops_them_goes_back() {
    let mut state = judge(false);
    // d2 lists them too: the screen opens on their demo days.
    let mut portfolio = state.data().portfolio.clone();
    for day in &mut portfolio.demo_days {
        if day.id == "d2" {
            day.judges = vec![JUDGE.into()];
        }
    }
    let mut state2 = App::new(
        Data::from_portfolio(portfolio.clone()),
        state.today,
        (100, 30),
        Keymap::default(),
    );
    state2.access = state.access.clone();
    state2.open_judge_screen();
    assert!(matches!(screen(&state2).page, Page::Days { cursor: 0 }));
    // Soonest first: d2 (June 2026), then d3.
    type_keys(&mut state2, "j");
    press(&mut state2, KeyCode::Enter);
    assert!(matches!(&screen(&state2).page, Page::Show { day, .. } if day == "d3"));
    press(&mut state2, KeyCode::Esc);
    assert!(matches!(screen(&state2).page, Page::Days { cursor: 1 }));

    // On d3's rubric, the coordinator takes them off the panel.
    press(&mut state, KeyCode::Enter);
    let mut dropped = portfolio;
    for day in &mut dropped.demo_days {
        day.judges.retain(|j| j != JUDGE);
    }
    state = App::new(
        Data::from_portfolio(dropped),
        state.today,
        (100, 30),
        Keymap::default(),
    );
    state.access = Access::Judge { name: JUDGE.into() };
    state.overlay = Overlay::Judging(Box::new(JudgeScreen {
        judge: JUDGE.into(),
        now: None,
        page: Page::Pitch(Box::new(super::Rubric {
            day: "d3".into(),
            startup: first_startup(&state),
            criteria: vec![],
            scores: vec![],
            comment: tui_input::Input::default(),
            line: 0,
            comment_changed: false,
        })),
        problem: None,
    }));
    type_keys(&mut state, "4");
    assert!(state.take_effects().is_empty(), "nothing written");
    assert!(matches!(screen(&state).page, Page::Days { .. }));
}
