//! The impact report on screen (`R`), drawn as a user sees it at 80×24 and
//! 120×40, colour off, on the sample, today 2026-12-07: each figure's
//! chart, another grouping, and who may open it.

use chrono::NaiveDate;
use incubator::app::testing::type_keys;
use incubator::app::{App, Data, Keymap, Overlay};
use incubator::store::Access;
use ratatui::crossterm::event::KeyCode;

use crate::support::screens::{SIZES, screen};

fn session((cols, rows): (u16, u16)) -> App {
    let mut portfolio = incubator::seed::sample().expect("the sample").portfolio;
    portfolio.normalize();
    portfolio.arrange();
    App::new(
        Data::from_portfolio(portfolio),
        NaiveDate::from_ymd_opt(2026, 12, 7).expect("a day"),
        (cols, rows),
        Keymap::default(),
    )
}

fn snap(state: &App, what: &str, keys: &str) {
    let (w, h) = state.size;
    let name = format!("{what}_{w}x{h}");
    insta::with_settings!({
        description => format!("{w}×{h}, colour off, today 2026-12-07; keys: {keys}"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, screen(state));
    });
}

fn press(state: &mut App, code: KeyCode) {
    incubator::app::testing::press(state, code);
}

/// The row of the screen that starts (inside the border) with `start`.
fn row<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start_matches(['│', ' ', '"']).starts_with(start))
        .unwrap_or_else(|| panic!("no row starting {start:?} in\n{text}"))
}

/// How many cells of a bar a row draws.
fn bar_cells(row: &str) -> usize {
    row.chars().filter(|c| *c == '█').count()
}

#[test]
fn r_on_home_charts_the_startups_supported_and_each_kpi_from_baseline_to_now() {
    for size in SIZES {
        let mut state = session(size);
        type_keys(&mut state, "R");
        assert!(matches!(state.overlay, Overlay::Report(_)));
        let text = screen(&state);
        assert!(
            text.contains("Impact report · as of 2026-12-07 · by cohort"),
            "{text}"
        );
        assert!(
            text.contains("20 startups in 3 cohorts: 18 operating, 1 acquired, 0 IPO, 1 closed"),
            "{text}"
        );
        // Nine startups in Autumn 2026 draw a longer bar than five.
        let (five, nine) = (
            row(&text, "Autumn 2025 Incubation"),
            row(&text, "Autumn 2026 Incubation"),
        );
        assert!(bar_cells(nine) > bar_cells(five), "{five}\n{nine}");
        assert!(five.contains("3 operating, 1 acquired, 1 closed"), "{five}");
        snap(&state, "report_startups", "R");

        press(&mut state, KeyCode::Right);
        let text = screen(&state);
        assert!(text.contains("Jobs: at baseline and now"), "{text}");
        assert!(
            text.contains("All: 89 → 130 (+41), median change +1, from 19 startups"),
            "{text}"
        );
        snap(&state, "report_jobs", "R, →");

        // ← twice from Jobs: round to follow-on funding.
        press(&mut state, KeyCode::Left);
        press(&mut state, KeyCode::Left);
        let text = screen(&state);
        assert!(
            text.contains("All: 920,000 from 3 startups, median 80,000"),
            "{text}"
        );
        snap(&state, "report_follow_on", "R, →, ←, ←");
    }
}

#[test]
fn tab_groups_the_report_another_way_and_esc_closes_it() {
    let mut state = session((80, 24));
    type_keys(&mut state, "3R");
    press(&mut state, KeyCode::Tab);
    let text = screen(&state);
    assert!(text.contains("· by program "), "{text}");
    assert!(
        row(&text, "Incubation").contains("12 operating, 1 acquired, 1 closed"),
        "{text}"
    );
    assert!(row(&text, "Acceleration").contains("6 operating"), "{text}");
    press(&mut state, KeyCode::Tab);
    assert!(screen(&state).contains("· by sector "));
    press(&mut state, KeyCode::Esc);
    assert!(matches!(state.overlay, Overlay::None));
}

#[test]
fn the_report_opens_from_home_or_cohorts_and_not_for_a_mentor() {
    let mut state = session((80, 24));
    type_keys(&mut state, "2R");
    assert!(matches!(state.overlay, Overlay::None));
    assert_eq!(
        state.status.as_deref(),
        Some("R opens the impact report from Home (1) or the Cohorts tab (3)")
    );
    let mut mentor = session((80, 24));
    mentor.access = Access::Mentor { id: "m1".into() };
    type_keys(&mut mentor, "R");
    assert!(matches!(mentor.overlay, Overlay::None));
    assert_eq!(
        mentor.status.as_deref(),
        Some("The impact report is for coordinators and staff")
    );
    let mut staff = session((80, 24));
    staff.access = Access::ReadOnly;
    type_keys(&mut staff, "R");
    assert!(matches!(staff.overlay, Overlay::Report(_)));
}
