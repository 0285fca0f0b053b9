//! The impact report on screen (`R`), drawn as a user sees it at 80×24 and
//! 120×40, colour off, on the sample, today 2026-12-07: each figure's
//! chart, another grouping, and who may open it.

use chrono::NaiveDate;
use incubator::app::testing::type_keys;
use incubator::app::{App, Overlay};
use incubator::store::Access;
use ratatui::crossterm::event::KeyCode;

use crate::support::screens::{SIZES, screen, session_on, snap_screen};

fn session(size: (u16, u16)) -> App {
    let sample = incubator::seed::sample().expect("the sample").portfolio;
    session_on(
        sample,
        NaiveDate::from_ymd_opt(2026, 12, 7).expect("a day"),
        size,
    )
}

fn snap(state: &App, what: &str, keys: &str) {
    snap_screen!(state, what, "2026-12-07", keys);
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
    // Shift-Tab goes back the other way.
    press(&mut state, KeyCode::BackTab);
    assert!(screen(&state).contains("· by program "));
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

#[test]
fn x_on_the_report_asks_for_a_file_and_writes_the_report_grouped_as_shown() {
    use incubator::app::{Document, Effect, Outcome};
    use incubator::export::summary::SummaryFormat;
    use incubator::report::Grouping;

    let mut state = session((80, 24));
    state.export_folder = "/reports".into();
    type_keys(&mut state, "R");
    press(&mut state, KeyCode::Tab); // by program
    type_keys(&mut state, "x");
    let text = screen(&state);
    assert!(text.contains("Export the impact report"), "{text}");
    assert!(
        text.contains("/reports/impact-report-2026-12-07-by-program.md"),
        "{text}"
    );
    // ← from Markdown goes round to the workbook; the name follows.
    press(&mut state, KeyCode::Left);
    assert!(screen(&state).contains("/reports/impact-report-2026-12-07-by-program.xlsx"));
    press(&mut state, KeyCode::Enter);
    let effects: Vec<Effect> = state
        .take_effects()
        .into_iter()
        .filter(|e| !matches!(e, Effect::History { .. }))
        .collect();
    let [
        Effect::Export {
            document: Document::Report(Grouping::Program),
            format: SummaryFormat::Xlsx,
            path,
            replace: false,
            ..
        },
    ] = &effects[..]
    else {
        panic!("{effects:?}");
    };
    assert_eq!(
        path.to_str(),
        Some("/reports/impact-report-2026-12-07-by-program.xlsx")
    );
    // Written: the chart again, and the status says where.
    state.handle(incubator::app::Event::Outcome(Outcome::Exported(
        path.clone(),
    )));
    assert!(matches!(&state.overlay, Overlay::Report(screen) if screen.export.is_none()));
    assert_eq!(
        state.status.as_deref(),
        Some("Wrote /reports/impact-report-2026-12-07-by-program.xlsx")
    );
    // Esc in the dialog goes back to the chart; Esc again closes it.
    type_keys(&mut state, "x");
    press(&mut state, KeyCode::Esc);
    assert!(matches!(&state.overlay, Overlay::Report(screen) if screen.export.is_none()));
    press(&mut state, KeyCode::Esc);
    assert!(matches!(state.overlay, Overlay::None));
}
