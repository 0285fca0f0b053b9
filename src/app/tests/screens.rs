//! The screens slice of issue 22: the export dialog's keys, and what the
//! lists, Home, history and the `/` filter show a user.

use ratatui::crossterm::event::KeyCode;

use super::super::testing::{ctrl, press, type_keys};
use super::{export_dialog, go_to, requested, session};
use crate::app::{Document, Effect, Event, Outcome, Overlay};
use crate::export::summary::SummaryFormat;

// ------------------------------------------------------------ export

#[test]
fn x_then_right_then_enter_writes_csv_not_markdown() {
    let mut state = session();
    state.export_folder = "/reports".into();
    type_keys(&mut state, "3");
    go_to(&mut state, "Autumn 2026 Incubation");
    type_keys(&mut state, "x");
    // The focus starts on the file name; → still changes the format.
    press(&mut state, KeyCode::Right);
    assert_eq!(export_dialog(&state).choice().label(), "CSV");
    assert_eq!(
        export_dialog(&state).file.value(),
        "/reports/autumn-2026-incubation-2026-11-28.csv"
    );
    press(&mut state, KeyCode::Enter);
    let effects = requested(&mut state);
    let [
        Effect::Export {
            document: Document::CohortSummary(_),
            format,
            excel,
            path,
            ..
        },
    ] = &effects[..]
    else {
        panic!("{effects:?}");
    };
    assert_eq!((*format, *excel), (SummaryFormat::Csv, false));
    assert_eq!(
        path.to_string_lossy(),
        "/reports/autumn-2026-incubation-2026-11-28.csv"
    );
}

#[test]
fn left_from_the_file_name_goes_back_and_space_still_types() {
    let mut state = session();
    state.export_folder = "/r".into();
    type_keys(&mut state, "3x");
    press(&mut state, KeyCode::Left);
    assert_eq!(export_dialog(&state).choice().label(), "Excel (.xlsx)");
    ctrl(&mut state, 'u');
    type_keys(&mut state, "my summary.xlsx");
    assert_eq!(export_dialog(&state).file.value(), "my summary.xlsx");
    assert_eq!(export_dialog(&state).choice().label(), "Excel (.xlsx)");
}

#[test]
fn the_last_choice_is_an_excel_workbook_named_xlsx() {
    let mut state = session();
    state.export_folder = "/reports".into();
    type_keys(&mut state, "3");
    go_to(&mut state, "Autumn 2026 Incubation");
    type_keys(&mut state, "x");
    press(&mut state, KeyCode::Left);
    assert_eq!(export_dialog(&state).choice().label(), "Excel (.xlsx)");
    assert_eq!(
        export_dialog(&state).file.value(),
        "/reports/autumn-2026-incubation-2026-11-28.xlsx"
    );
    // Round to Markdown and back: the name follows the format.
    press(&mut state, KeyCode::Right);
    assert_eq!(
        export_dialog(&state).file.value(),
        "/reports/autumn-2026-incubation-2026-11-28.md"
    );
    press(&mut state, KeyCode::Left);
    press(&mut state, KeyCode::Enter);
    let effects = requested(&mut state);
    let [
        Effect::Export {
            document: Document::CohortSummary(_),
            format,
            excel,
            path,
            ..
        },
    ] = &effects[..]
    else {
        panic!("{effects:?}");
    };
    assert_eq!((*format, *excel), (SummaryFormat::Xlsx, false));
    assert_eq!(
        path.to_string_lossy(),
        "/reports/autumn-2026-incubation-2026-11-28.xlsx"
    );
}

#[test]
fn csv_and_csv_for_excel_are_offered_under_different_names() {
    let mut state = session();
    state.export_folder = "/reports".into();
    type_keys(&mut state, "3");
    go_to(&mut state, "Autumn 2026 Incubation");
    type_keys(&mut state, "x");
    press(&mut state, KeyCode::Right);
    let csv = export_dialog(&state).file.value().to_string();
    press(&mut state, KeyCode::Right);
    assert_eq!(export_dialog(&state).choice().label(), "CSV for Excel");
    let excel = export_dialog(&state).file.value().to_string();
    assert_eq!(csv, "/reports/autumn-2026-incubation-2026-11-28.csv");
    assert_eq!(
        excel,
        "/reports/autumn-2026-incubation-2026-11-28-excel.csv"
    );
    // And back: each name follows its format.
    press(&mut state, KeyCode::Right);
    assert_eq!(
        export_dialog(&state).file.value(),
        "/reports/autumn-2026-incubation-2026-11-28.json"
    );
    press(&mut state, KeyCode::Left);
    press(&mut state, KeyCode::Left);
    assert_eq!(export_dialog(&state).file.value(), csv);
}

#[test]
fn a_missing_folder_is_made_only_after_a_yes() {
    let mut state = session();
    state.export_folder = "/reports".into();
    type_keys(&mut state, "3x");
    press(&mut state, KeyCode::Enter);
    let effects = requested(&mut state);
    let [
        Effect::Export {
            make_folder: false, ..
        },
    ] = &effects[..]
    else {
        panic!("the first try makes no folder: {effects:?}");
    };
    let folder = std::path::PathBuf::from("/reports");
    state.handle(Event::Outcome(Outcome::ExportNoFolder(folder.clone())));
    assert_eq!(export_dialog(&state).make_folder.as_deref(), Some(&folder));
    // n: nothing is made, the dialog stays for another name.
    type_keys(&mut state, "n");
    assert!(requested(&mut state).is_empty());
    assert_eq!(export_dialog(&state).make_folder, None);
    press(&mut state, KeyCode::Enter);
    requested(&mut state);
    state.handle(Event::Outcome(Outcome::ExportNoFolder(folder)));
    type_keys(&mut state, "y");
    let effects = requested(&mut state);
    let [
        Effect::Export {
            make_folder: true,
            replace: false,
            ..
        },
    ] = &effects[..]
    else {
        panic!("y makes the folder: {effects:?}");
    };
    press(&mut state, KeyCode::Esc);
    assert!(matches!(state.overlay, Overlay::None));
}
