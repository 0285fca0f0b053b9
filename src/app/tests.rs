//! How a session changes, as a user would notice: which tab, which row,
//! which record's details, where Esc goes back to. Events in, state out;
//! nothing here draws.

mod clearing;
mod hours;
mod keys;
mod merge;
mod milestones;
mod screens;
mod shared;

use super::testing::{ctrl, key_with, press, type_keys};
use std::collections::HashMap;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::*;
use crate::export::summary::SummaryFormat;
use crate::model::Kind;
use crate::ui::Theme;

/// The screen as text, colour off.
fn screen(state: &App) -> String {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|frame| crate::ui::render(state, frame, Theme::new(false)))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The fixed day every test runs on.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn sample() -> Data {
    let mut portfolio = crate::seed::sample().unwrap().portfolio;
    portfolio.normalize();
    portfolio.arrange();
    Data::from_portfolio(portfolio)
}

/// A session on the sample portfolio in a 120×40 terminal (wide layout).
fn session() -> App {
    sized(120, 40)
}

fn sized(cols: u16, rows: u16) -> App {
    App::new(sample(), today(), (cols, rows), Keymap::default())
}

/// A session at 80×24 on a generated portfolio of `startups` startups.
fn generated(startups: usize, seed: u64) -> App {
    let portfolio = crate::generate::portfolio(startups, seed);
    App::new(
        Data::from_portfolio(portfolio),
        today(),
        (80, 24),
        Keymap::default(),
    )
}

fn with_keys(overrides: &[(&str, &[&str])]) -> App {
    let overrides: HashMap<String, Vec<String>> = overrides
        .iter()
        .map(|(name, keys)| {
            (
                name.to_string(),
                keys.iter().map(|k| k.to_string()).collect(),
            )
        })
        .collect();
    let keymap = Keymap::with_overrides(&overrides).unwrap();
    App::new(sample(), today(), (120, 40), keymap)
}

/// The name a user sees for record `i` of the current tab's kind.
fn name_of(state: &App, i: usize) -> String {
    let p = &state.data().portfolio;
    match state.tab {
        Tab::Home | Tab::Calls => String::new(),
        Tab::Startups => p.startups[i].name.clone(),
        Tab::Cohorts => p.cohorts[i].name.clone(),
        Tab::Mentors => p.mentors[i].name.clone(),
        Tab::DemoDays => p.demo_days[i].id.clone(),
    }
}

/// The current list's rows, by name, in the order shown.
fn rows(state: &App) -> Vec<String> {
    let list = state.list().expect("a list tab");
    list.rows.iter().map(|&i| name_of(state, i)).collect()
}

fn selected_name(state: &App) -> String {
    name_of(state, state.selected_index().expect("a selected row"))
}

fn selected_row(state: &App) -> usize {
    state.list().expect("a list tab").selected
}

fn filter(state: &App) -> String {
    state.list().expect("a list tab").filter.clone()
}

/// Move the selection of the current list onto `name`, with j/k only.
fn go_to(state: &mut App, name: &str) {
    let target = rows(state)
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("{name} is not listed: {:?}", rows(state)));
    press(state, KeyCode::Char('g'));
    for _ in 0..target {
        press(state, KeyCode::Char('j'));
    }
    assert_eq!(selected_name(state), name);
}

fn palette(state: &App) -> &Palette {
    match &state.overlay {
        Overlay::Palette(p) => p,
        other => panic!("the palette is not open: {other:?}"),
    }
}

fn link_names(state: &App) -> Vec<(Kind, String)> {
    state.links().into_iter().map(|l| (l.kind, l.id)).collect()
}

// ---------------------------------------------------------------- tabs

#[test]
fn a_session_opens_on_home() {
    let state = session();
    assert_eq!(state.tab, Tab::Home);
    assert_eq!(state.focus, Focus::List);
    assert!(!state.quit);
    assert!(matches!(state.overlay, Overlay::None));
}

#[test]
fn number_keys_pick_the_tab() {
    let mut state = session();
    for (key, tab) in [
        ('2', Tab::Startups),
        ('3', Tab::Cohorts),
        ('4', Tab::Mentors),
        ('5', Tab::DemoDays),
        ('1', Tab::Home),
        ('4', Tab::Mentors),
    ] {
        type_keys(&mut state, &key.to_string());
        assert_eq!(state.tab, tab, "after {key}");
    }
}

#[test]
fn tab_and_shift_tab_walk_the_tabs_and_wrap() {
    let mut state = session();
    // Terminals send Shift-Tab as BackTab with Shift held.
    key_with(&mut state, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(
        state.tab,
        Tab::Calls,
        "Shift-Tab from Home wraps to the last tab"
    );
    press(&mut state, KeyCode::Tab);
    assert_eq!(state.tab, Tab::Home, "Tab from the last tab wraps to Home");
    let mut seen = Vec::new();
    for _ in 0..6 {
        press(&mut state, KeyCode::Tab);
        seen.push(state.tab);
    }
    assert_eq!(
        seen,
        [
            Tab::Startups,
            Tab::Cohorts,
            Tab::Mentors,
            Tab::DemoDays,
            Tab::Calls,
            Tab::Home
        ]
    );
    key_with(&mut state, KeyCode::BackTab, KeyModifiers::SHIFT);
    key_with(&mut state, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(state.tab, Tab::DemoDays);
}

#[test]
fn switching_tabs_keeps_each_lists_selection() {
    let mut state = session();
    type_keys(&mut state, "2jjj");
    let startup = selected_name(&state);
    type_keys(&mut state, "4j");
    assert_eq!(selected_name(&state), "Elçin Qasımov");
    type_keys(&mut state, "2");
    assert_eq!(selected_name(&state), startup);
    assert_eq!(state.focus, Focus::List);
}

// ------------------------------------------------------------ movement

#[test]
fn j_and_k_move_one_row_and_stop_at_the_ends() {
    let mut state = session();
    type_keys(&mut state, "2");
    assert_eq!(selected_name(&state), "Ağ Şəhər Health", "sorted by name");
    type_keys(&mut state, "k");
    assert_eq!(selected_row(&state), 0, "k on the first row stays there");
    type_keys(&mut state, "j");
    assert_eq!(selected_name(&state), "Bakı Bites");
    press(&mut state, KeyCode::Down);
    assert_eq!(selected_name(&state), "Bazarım");
    press(&mut state, KeyCode::Up);
    type_keys(&mut state, "k");
    assert_eq!(selected_row(&state), 0);
}

#[test]
fn g_and_capital_g_go_to_the_first_and_last_rows() {
    let mut state = session();
    type_keys(&mut state, "2G");
    assert_eq!(selected_row(&state), 23);
    assert_eq!(selected_name(&state), "Yaşıl Nəqliyyat");
    type_keys(&mut state, "j");
    assert_eq!(selected_row(&state), 23, "j on the last row stays there");
    type_keys(&mut state, "g");
    assert_eq!(selected_name(&state), "Ağ Şəhər Health");
    press(&mut state, KeyCode::End);
    assert_eq!(selected_row(&state), 23);
    press(&mut state, KeyCode::Home);
    assert_eq!(selected_row(&state), 0);
}

#[test]
fn page_keys_move_a_page_and_stop_at_the_ends() {
    // 80×24: 24 startups do not fit, so a page is less than the list.
    let mut state = sized(80, 24);
    type_keys(&mut state, "2");
    press(&mut state, KeyCode::PageDown);
    let page = selected_row(&state);
    assert!(
        (10..=19).contains(&page),
        "a page at 24 rows is most of the 19 rows shown, not {page}"
    );
    press(&mut state, KeyCode::PageDown);
    assert_eq!(
        selected_row(&state),
        23,
        "the second page stops at the last row"
    );
    press(&mut state, KeyCode::PageUp);
    assert_eq!(selected_row(&state), 23 - page);
    press(&mut state, KeyCode::PageUp);
    assert_eq!(
        selected_row(&state),
        0,
        "and page up stops at the first row"
    );
}

#[test]
fn the_selection_stays_on_screen_as_it_moves() {
    let mut state = sized(80, 24);
    type_keys(&mut state, "2");
    let shown = state.visible_rows();
    assert_eq!(shown, 19, "24 rows less tabs, status, borders and header");
    type_keys(&mut state, "G");
    let list = state.list().unwrap();
    assert_eq!(list.offset, 24 - shown, "the last page is shown whole");
    // Moving up within the page does not scroll it.
    type_keys(&mut state, "kkk");
    assert_eq!(state.list().unwrap().offset, 24 - shown);
    type_keys(&mut state, "g");
    assert_eq!(state.list().unwrap().offset, 0);
}

#[test]
fn home_moves_through_what_needs_attention() {
    let mut state = session();
    let items = state.home_items().len();
    assert_eq!(items, 8, "{:#?}", state.home_items());
    type_keys(&mut state, "jj");
    assert_eq!(state.home_selected, 2);
    type_keys(&mut state, "G");
    assert_eq!(state.home_selected, items - 1);
    type_keys(&mut state, "j");
    assert_eq!(state.home_selected, items - 1);
    type_keys(&mut state, "g");
    assert_eq!(state.home_selected, 0);
}

#[test]
fn a_key_released_does_nothing() {
    let mut state = session();
    let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    state.handle(Event::Key(release));
    assert!(!state.quit, "a key's release is not a second press");
}

// ------------------------------------------------------- details, links

#[test]
fn enter_on_a_row_shows_its_details() {
    let mut state = session();
    type_keys(&mut state, "2");
    go_to(&mut state, "Şəbəkə Pay");
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.focus, Focus::Details);
    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(selected_name(&state), "Şəbəkə Pay");
    assert_eq!(state.link, 0, "the cursor starts on the first link");
}

#[test]
fn in_details_up_and_down_move_the_link_cursor_within_the_links() {
    let mut state = session();
    type_keys(&mut state, "2");
    go_to(&mut state, "Şəbəkə Pay");
    press(&mut state, KeyCode::Enter);
    assert_eq!(
        link_names(&state),
        [
            (Kind::Cohort, "c2".to_string()),
            (Kind::Mentor, "m1".to_string()),
            (Kind::Mentor, "m2".to_string()),
            // Its Outcome section's line: Enter opens its form there.
            (Kind::Startup, "s6".to_string()),
            // Its notes, newest first: Enter opens one to edit.
            (Kind::Note, "n25".to_string()),
            (Kind::Note, "n23".to_string()),
            (Kind::Note, "n17".to_string()),
            (Kind::Note, "n12".to_string()),
        ]
    );
    press(&mut state, KeyCode::Down);
    assert_eq!(state.link, 1);
    type_keys(&mut state, "jjjjjjjjjjjj");
    assert_eq!(state.link, 7, "the cursor stops on the last link");
    press(&mut state, KeyCode::Up);
    assert_eq!(state.link, 6);
    type_keys(&mut state, "kkkkkkkkkkkk");
    assert_eq!(state.link, 0, "and on the first");
    assert_eq!(
        selected_name(&state),
        "Şəbəkə Pay",
        "moving the link cursor does not change the record"
    );
}

#[test]
fn enter_follows_a_startups_cohort_link() {
    let mut state = session();
    type_keys(&mut state, "2");
    go_to(&mut state, "Şəbəkə Pay");
    press(&mut state, KeyCode::Enter);
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.tab, Tab::Cohorts);
    assert_eq!(selected_name(&state), "Spring 2026 Acceleration");
    assert_eq!(state.focus, Focus::Details);
    assert_eq!(state.link, 0);
}

#[test]
fn enter_follows_a_startups_mentor_link() {
    let mut state = session();
    type_keys(&mut state, "2");
    go_to(&mut state, "Şəbəkə Pay");
    press(&mut state, KeyCode::Enter);
    type_keys(&mut state, "jj");
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.tab, Tab::Mentors);
    assert_eq!(selected_name(&state), "Rəşad Nəbiyev");
    assert_eq!(state.selected_id().as_deref(), Some("m2"));
    assert_eq!(state.focus, Focus::Details);
}

#[test]
fn a_demo_days_links_are_its_cohort_then_its_pitches_in_order() {
    let mut state = session();
    type_keys(&mut state, "5G");
    assert_eq!(state.selected_id().as_deref(), Some("d3"));
    press(&mut state, KeyCode::Enter);
    let links = link_names(&state);
    assert_eq!(links[0], (Kind::Cohort, "c3".to_string()));
    assert_eq!(links[1], (Kind::Startup, "s18".to_string()));
    assert_eq!(links.len(), 9);
    // The third pitch is Gəncə Agro.
    type_keys(&mut state, "jjj");
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(selected_name(&state), "Gəncə Agro");
}

#[test]
fn in_details_without_links_j_and_k_scroll() {
    let mut state = sized(80, 12);
    type_keys(&mut state, "2");
    go_to(&mut state, "Pambıq Labs");
    press(&mut state, KeyCode::Enter);
    assert!(state.links().is_empty(), "no cohort and no mentors yet");
    type_keys(&mut state, "jj");
    assert_eq!(state.details_scroll, 2);
    type_keys(&mut state, "kkk");
    assert_eq!(state.details_scroll, 0, "scrolling stops at the top");
    type_keys(&mut state, "G");
    let end = state.details_scroll;
    assert!(end > 2, "G scrolls to the last page");
    type_keys(&mut state, "j");
    assert_eq!(state.details_scroll, end, "scrolling stops at the bottom");
}

#[test]
fn moving_to_another_row_resets_the_details() {
    let mut state = sized(80, 12);
    type_keys(&mut state, "2");
    go_to(&mut state, "Pambıq Labs");
    press(&mut state, KeyCode::Enter);
    press(&mut state, KeyCode::PageDown);
    assert!(state.details_scroll > 0);
    press(&mut state, KeyCode::Esc);
    assert_eq!(state.focus, Focus::List);
    type_keys(&mut state, "j");
    assert_eq!(state.details_scroll, 0);
    assert_eq!(state.link, 0);
}

// --------------------------------------------------------------- back

#[test]
fn esc_goes_back_along_the_history_to_each_place_in_turn() {
    let mut state = session();
    type_keys(&mut state, "2");
    go_to(&mut state, "Şəbəkə Pay");
    press(&mut state, KeyCode::Enter); // its details
    type_keys(&mut state, "j");
    press(&mut state, KeyCode::Enter); // its mentor, Aysel Hüseynova
    assert_eq!(selected_name(&state), "Aysel Hüseynova");
    // Aysel's startups, in portfolio order: Kilim Craft first.
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(selected_name(&state), "Kilim Craft");

    press(&mut state, KeyCode::Esc);
    assert_eq!(state.tab, Tab::Mentors);
    assert_eq!(selected_name(&state), "Aysel Hüseynova");
    assert_eq!(state.focus, Focus::Details);

    press(&mut state, KeyCode::Esc);
    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(selected_name(&state), "Şəbəkə Pay");
    assert_eq!(state.focus, Focus::Details);

    press(&mut state, KeyCode::Esc);
    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(selected_name(&state), "Şəbəkə Pay");
    assert_eq!(state.focus, Focus::List);

    // Nothing left to go back to: Esc stays put.
    press(&mut state, KeyCode::Esc);
    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(selected_name(&state), "Şəbəkə Pay");
    assert_eq!(state.focus, Focus::List);
}

#[test]
fn backspace_also_goes_back() {
    let mut state = session();
    type_keys(&mut state, "2");
    go_to(&mut state, "Bazarım");
    press(&mut state, KeyCode::Enter);
    press(&mut state, KeyCode::Enter); // its cohort
    assert_eq!(state.tab, Tab::Cohorts);
    press(&mut state, KeyCode::Backspace);
    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(selected_name(&state), "Bazarım");
}

#[test]
fn esc_back_puts_the_link_cursor_where_it_was() {
    let mut state = session();
    type_keys(&mut state, "2");
    go_to(&mut state, "Şəbəkə Pay");
    press(&mut state, KeyCode::Enter);
    type_keys(&mut state, "jj"); // on Rəşad Nəbiyev
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.tab, Tab::Mentors);
    press(&mut state, KeyCode::Esc);
    assert_eq!(selected_name(&state), "Şəbəkə Pay");
    assert_eq!(
        state.link, 2,
        "back on Şəbəkə Pay, the cursor should be on the mentor link followed; Enter now goes to the cohort instead"
    );
}

#[test]
fn esc_back_brings_back_the_list_filter_a_jump_cleared() {
    let mut state = session();
    type_keys(&mut state, "2/xez");
    press(&mut state, KeyCode::Enter); // keep the filter
    assert_eq!(rows(&state), ["Xəzər Solar"]);
    ctrl(&mut state, 'k');
    type_keys(&mut state, "bazarim");
    press(&mut state, KeyCode::Enter);
    assert_eq!(selected_name(&state), "Bazarım");
    press(&mut state, KeyCode::Esc);
    assert_eq!(selected_name(&state), "Xəzər Solar");
    assert_eq!(
        filter(&state),
        "xez",
        "the previous place was the list filtered by /xez"
    );
}

// ------------------------------------------------------------- filter

#[test]
fn slash_then_typing_filters_the_startups_folding_letters() {
    let mut state = session();
    type_keys(&mut state, "2/");
    assert!(state.filtering);
    type_keys(&mut state, "sebeke");
    assert_eq!(filter(&state), "sebeke");
    let shown = rows(&state);
    assert!(
        shown.contains(&"Şəbəkə Pay".to_string()),
        "'sebeke' finds Şəbəkə Pay: {shown:?}"
    );
    assert!(
        shown.len() < 24,
        "and the others are filtered out: {shown:?}"
    );
    assert_eq!(
        state.list().unwrap().highlight("Şəbəkə Pay").len(),
        6,
        "the six matched letters of Şəbəkə are highlighted"
    );
}

#[test]
fn the_filter_narrows_as_you_type_and_widens_with_backspace() {
    let mut state = session();
    type_keys(&mut state, "2/xez");
    assert_eq!(rows(&state), ["Xəzər Solar"]);
    press(&mut state, KeyCode::Backspace);
    press(&mut state, KeyCode::Backspace);
    assert_eq!(filter(&state), "x");
    assert!(rows(&state).len() > 1);
}

#[test]
fn esc_while_typing_clears_the_filter() {
    let mut state = session();
    type_keys(&mut state, "2/xez");
    press(&mut state, KeyCode::Esc);
    assert!(!state.filtering);
    assert_eq!(filter(&state), "");
    assert_eq!(rows(&state).len(), 24);
    assert_eq!(
        state.tab,
        Tab::Startups,
        "Esc clears the filter, it does not go back"
    );
}

#[test]
fn enter_keeps_the_filter_and_then_esc_clears_it() {
    let mut state = session();
    type_keys(&mut state, "2/xez");
    press(&mut state, KeyCode::Enter);
    assert!(!state.filtering);
    assert_eq!(
        state.focus,
        Focus::List,
        "Enter ends typing, it does not open"
    );
    assert_eq!(rows(&state), ["Xəzər Solar"]);
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.focus, Focus::Details);
    assert_eq!(selected_name(&state), "Xəzər Solar");
    press(&mut state, KeyCode::Esc);
    assert_eq!(state.focus, Focus::List);
    assert_eq!(filter(&state), "xez", "first Esc leaves the details");
    press(&mut state, KeyCode::Esc);
    assert_eq!(filter(&state), "", "the next clears the filter");
    assert_eq!(rows(&state).len(), 24);
    assert_eq!(
        selected_name(&state),
        "Xəzər Solar",
        "the filtered-to record stays selected once the filter is gone"
    );
}

#[test]
fn the_filter_keeps_the_selected_record_selected_while_it_is_listed() {
    let mut state = session();
    type_keys(&mut state, "2");
    go_to(&mut state, "Şəbəkə Pay");
    type_keys(&mut state, "/pay");
    assert!(rows(&state).contains(&"Şəbəkə Pay".to_string()));
    assert_eq!(selected_name(&state), "Şəbəkə Pay");
    // Once it is filtered out, the first row is selected.
    type_keys(&mut state, "zzz");
    assert!(rows(&state).is_empty(), "{:?}", rows(&state));
    assert_eq!(state.selected_index(), None);
    press(&mut state, KeyCode::Esc);
    assert_eq!(rows(&state).len(), 24);
}

/// Every match of the current list's filter, best first: what a list
/// ranked in full would hold (from a fresh index).
fn ranked_in_full(state: &App) -> Vec<usize> {
    let list = state.list().expect("a list tab");
    let kind = state.tab.kind().expect("a list of records");
    crate::search::SearchIndex::build(&state.data().portfolio)
        .search_list(&list.filter, kind, usize::MAX)
        .ranked
        .iter()
        .map(|f| state.data().position(kind, f.id).expect("a listed record"))
        .collect()
}

/// A filtered list that ranks only what it shows shows what ranking every
/// match would: the same records, the ranked ones in that order, and
/// nothing unranked on screen or selected.
fn assert_shown_as_ranked_in_full(state: &App, what: &str) {
    let list = state.list().expect("a list tab");
    let full = ranked_in_full(state);
    let (mut got, mut want) = (list.rows.clone(), full.clone());
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want, "{what}: the same records");
    assert_eq!(list.rows[..list.ranked], full[..list.ranked], "{what}");
    let on_screen = (list.offset + state.visible_rows()).min(list.rows.len());
    assert!(on_screen <= list.ranked, "{what}: rows on screen unranked");
    assert!(
        list.selected < list.ranked || list.rows.is_empty(),
        "{what}: selection unranked"
    );
}

#[test]
fn writes_keep_the_search_index_and_a_filtered_list_shows_them() {
    let mut state = generated(300, 4);
    type_keys(&mut state, "2/xez");
    use crate::model::Record;
    // Each write lands with no filter on (which would build an index at
    // once), then the filter is typed again over the index kept.
    let stored = |state: &mut App, kind: Kind, id: &str, record: Option<Record>| {
        press(state, KeyCode::Esc);
        assert_eq!(filter(state), "");
        state.handle(Event::Stored(Update::Record {
            kind,
            id: id.to_string(),
            record: record.map(Box::new),
            who: "someone".into(),
        }));
        // Kept up to date, not dropped for the next keystroke to rebuild.
        assert!(
            state.index.is_some(),
            "the index is kept after {kind:?} {id}"
        );
        type_keys(state, "/xez");
    };
    let mut renamed = state.data().portfolio.startups[5].clone();
    renamed.name = "Xəzər Renamed Zz".into();
    stored(
        &mut state,
        Kind::Startup,
        &renamed.id.clone(),
        Some(Record::Startup(renamed)),
    );
    assert!(rows(&state).contains(&"Xəzər Renamed Zz".to_string()));
    assert_shown_as_ranked_in_full(&state, "renamed");
    let mut new = state.data().portfolio.startups[7].clone();
    new.id = "s100000".into();
    new.name = "Xəzər Brand New".into();
    stored(
        &mut state,
        Kind::Startup,
        "s100000",
        Some(Record::Startup(new)),
    );
    assert!(rows(&state).contains(&"Xəzər Brand New".to_string()));
    assert_shown_as_ranked_in_full(&state, "added");
    let gone = state.data().portfolio.startups[3].id.clone();
    stored(&mut state, Kind::Startup, &gone, None);
    assert_shown_as_ranked_in_full(&state, "removed");
    let mut note = state.data().portfolio.notes[0].clone();
    note.id = "n999999".into();
    note.body = "xezer notes are searched too".into();
    stored(&mut state, Kind::Note, "n999999", Some(Record::Note(note)));
    let found = state
        .index
        .as_ref()
        .unwrap()
        .index
        .search_found("xezer notes", None, 5);
    assert_eq!(found.first().map(|f| f.id), Some("n999999"));
    assert_shown_as_ranked_in_full(&state, "a note added");
}

#[test]
fn a_long_filtered_list_shows_what_ranking_every_match_would() {
    let mut state = generated(3_000, 2);
    type_keys(&mut state, "2/s");
    let list = state.list().unwrap();
    assert!(
        list.ranked < list.rows.len() / 10,
        "only the first pages are ranked: {} of {}",
        list.ranked,
        list.rows.len()
    );
    assert_shown_as_ranked_in_full(&state, "s");
    type_keys(&mut state, "e");
    assert_shown_as_ranked_in_full(&state, "se");
    press(&mut state, KeyCode::Enter);
    for n in 0..45 {
        press(&mut state, KeyCode::Char('j'));
        assert_shown_as_ranked_in_full(&state, &format!("j {n}"));
    }
    for n in 0..8 {
        press(&mut state, KeyCode::PageDown);
        assert_shown_as_ranked_in_full(&state, &format!("page down {n}"));
    }
    state.handle(Event::Resize(80, 70));
    assert_shown_as_ranked_in_full(&state, "a taller terminal");
    press(&mut state, KeyCode::Char('G'));
    assert_shown_as_ranked_in_full(&state, "G");
    let list = state.list().unwrap();
    assert_eq!(list.selected, list.rows.len() - 1);
    assert_eq!(list.ranked, list.rows.len(), "the last row needs them all");

    // A record far down the list, selected from elsewhere (the palette,
    // a link), is selected where ranking puts it.
    type_keys(&mut state, "/");
    press(&mut state, KeyCode::Backspace);
    press(&mut state, KeyCode::Backspace);
    type_keys(&mut state, "seb");
    press(&mut state, KeyCode::Enter);
    let list = state.list().unwrap();
    assert!(list.ranked < list.rows.len(), "{}", list.rows.len());
    let deep = *list.rows.last().unwrap();
    let id = state.data().portfolio.startups[deep].id.clone();
    assert!(state.select(Kind::Startup, &id));
    assert_shown_as_ranked_in_full(&state, "selected from elsewhere");
    assert_eq!(state.selected_id(), Some(id.clone()));

    // The list refreshed (a new day, a write) keeps it selected.
    state.handle(Event::Today(today()));
    assert_shown_as_ranked_in_full(&state, "refreshed");
    assert_eq!(state.selected_id(), Some(id));
}

#[test]
fn letters_typed_into_the_filter_are_not_commands() {
    let mut state = session();
    type_keys(&mut state, "2/q?G");
    assert!(!state.quit, "q is a letter of the filter");
    assert!(matches!(state.overlay, Overlay::None), "? is a letter too");
    assert_eq!(filter(&state), "q?G");
}

#[test]
fn arrows_still_move_while_typing_a_filter() {
    let mut state = session();
    type_keys(&mut state, "2/a");
    let before = selected_row(&state);
    press(&mut state, KeyCode::Down);
    assert_eq!(selected_row(&state), before + 1);
    assert!(state.filtering);
    assert_eq!(filter(&state), "a");
}

#[test]
fn home_has_no_filter() {
    let mut state = session();
    type_keys(&mut state, "/");
    assert!(!state.filtering);
    type_keys(&mut state, "q");
    assert!(state.quit);
}

#[test]
fn each_list_has_its_own_filter() {
    let mut state = session();
    type_keys(&mut state, "2/xez");
    press(&mut state, KeyCode::Enter);
    type_keys(&mut state, "4");
    assert_eq!(rows(&state).len(), 10, "the mentors are not filtered");
    type_keys(&mut state, "2");
    assert_eq!(rows(&state), ["Xəzər Solar"]);
}

// --------------------------------------------------------------- sort

#[test]
fn s_cycles_the_sort_column_and_says_so() {
    let mut state = session();
    type_keys(&mut state, "2");
    assert_eq!(rows(&state)[0], "Ağ Şəhər Health", "by name");
    type_keys(&mut state, "s");
    assert_eq!(state.status.as_deref(), Some("Sorted by stage"));
    let data = state.data();
    let stages: Vec<_> = state
        .list()
        .unwrap()
        .rows
        .iter()
        .map(|&i| data.portfolio.startups[i].stage)
        .collect();
    drop(data);
    assert!(stages.is_sorted(), "{stages:?}");
    assert_eq!(
        rows(&state)[0],
        "CivicLens",
        "the first idea-stage startup by name"
    );
    type_keys(&mut state, "sss");
    assert_eq!(state.status.as_deref(), Some("Sorted by mentors"));
    type_keys(&mut state, "s");
    assert_eq!(state.status.as_deref(), Some("Sorted by last note"));
    // Never noted first (by name), then the longest silence.
    assert_eq!(
        rows(&state)[..4],
        ["MedQueue", "Pambıq Labs", "Tələbə Kart", "Gənc Kod"]
    );
    type_keys(&mut state, "s");
    assert_eq!(state.status.as_deref(), Some("Sorted by next goal"));
    // Overdue first, then the soonest due; none last.
    assert_eq!(
        rows(&state)[..4],
        [
            "Gəncə Agro",
            "Karvan Freight",
            "Təmiz Su Tech",
            "Nəfəs Care"
        ]
    );
    type_keys(&mut state, "s");
    assert_eq!(
        state.status.as_deref(),
        Some("Sorted by name"),
        "and round again"
    );
    assert_eq!(rows(&state)[0], "Ağ Şəhər Health");
}

/// The current list's rows as sorting every row again would order them,
/// in a session that loaded the portfolio as it is now.
fn sorted_afresh(state: &App) -> Vec<usize> {
    let list = state.list().expect("a list tab");
    let kind = state.tab.kind().expect("a list tab");
    let data = Data::from_portfolio(state.data().portfolio.clone());
    let fresh = App::new(data, state.today, state.size, Keymap::default());
    let mut rows: Vec<usize> = (0..fresh.data().portfolio.count(kind)).collect();
    super::sort::sort_rows(&fresh.data(), fresh.today, state.tab, list.sort, &mut rows);
    rows
}

#[test]
fn clearing_a_filter_lists_every_row_as_sorting_them_again_would() {
    let mut state = session();
    type_keys(&mut state, "2");
    for column in Tab::Startups.sort_columns() {
        type_keys(&mut state, "/xez");
        press(&mut state, KeyCode::Esc);
        assert_eq!(
            state.list().unwrap().rows,
            sorted_afresh(&state),
            "{column}"
        );
        type_keys(&mut state, "s");
    }
    // A write changes the order: renamed to come first by name.
    let last = *state.list().unwrap().rows.last().unwrap();
    let mut renamed = state.data().portfolio.startups[last].clone();
    renamed.name = "AAA first".into();
    state.handle(Event::Stored(Update::Record {
        kind: Kind::Startup,
        id: renamed.id.clone(),
        record: Some(Box::new(crate::model::Record::Startup(renamed))),
        who: "someone".into(),
    }));
    type_keys(&mut state, "/xez");
    press(&mut state, KeyCode::Esc);
    assert_eq!(rows(&state)[0], "AAA first");
    assert_eq!(state.list().unwrap().rows, sorted_afresh(&state));
    // So does a new day, for columns that depend on it.
    type_keys(&mut state, "sssss");
    assert_eq!(state.status.as_deref(), Some("Sorted by last note"));
    state.handle(Event::Today(day("2027-06-01")));
    type_keys(&mut state, "/xez");
    press(&mut state, KeyCode::Esc);
    assert_eq!(state.list().unwrap().rows, sorted_afresh(&state));
}

/// Another user's write of `record`, as it reaches the session.
fn stored_elsewhere(state: &mut App, record: crate::model::Record) {
    state.handle(Event::Stored(Update::Record {
        kind: record.kind(),
        id: record.id().to_string(),
        record: Some(Box::new(record)),
        who: "someone".into(),
    }));
}

/// Lists keep the order they were sorted in through writes that cannot
/// change it (a list is not sorted again for each note written), and are
/// sorted again by those that can: every list, by every column, through a
/// write of every kind, equals sorting it afresh.
#[test]
fn every_list_by_every_column_stays_sorted_through_writes_of_each_kind() {
    use crate::model::Record;
    for (tab, key) in [
        (Tab::Startups, "2"),
        (Tab::Cohorts, "3"),
        (Tab::Mentors, "4"),
        (Tab::DemoDays, "5"),
    ] {
        for (column, name) in tab.sort_columns().iter().enumerate() {
            let mut state = session();
            type_keys(&mut state, key);
            type_keys(&mut state, &"s".repeat(column));
            assert_eq!(state.list().unwrap().rows, sorted_afresh(&state));
            // A copy: the session's model is written below.
            let data = &Data::from_portfolio(state.data().portfolio.clone());
            let p = data.portfolio.clone();
            // Writes that move rows of some list: a note today on a
            // startup; the startup last by name renamed to come first; the
            // least busy mentor on five more startups, and
            // three of those into the emptiest cohort; the cohorts last by
            // name with startups and with demo days renamed to come first;
            // a mentor and a demo day changed.
            let mut noted = crate::model::testing::note("n-new", &p.startups[0].id, "x");
            noted.created_at = "2026-03-15T09:00:00+04:00".parse().unwrap();
            let idle = p
                .mentors
                .iter()
                .min_by_key(|m| data.mentor_load(m).active)
                .unwrap();
            let emptiest = p.cohorts.iter().min_by_key(|c| data.enrolled(c)).unwrap();
            let last_named = |has: &dyn Fn(&str) -> bool| {
                let named = p.cohorts.iter().filter(|c| has(&c.id));
                named
                    .max_by_key(|c| crate::text::fold(&c.name))
                    .unwrap()
                    .clone()
            };
            let mut with_startups = last_named(&|id| data.startups_of_cohort(id).count() > 0);
            let mut with_demo_days = last_named(&|id| p.demo_days.iter().any(|d| d.cohort == id));
            with_startups.name = "Aaa Cohort".into();
            with_demo_days.name = "Aab Cohort".into();
            let last_by = |name: fn(&crate::model::Mentor) -> &str| {
                let folded = |m: &&crate::model::Mentor| crate::text::fold(name(m));
                p.mentors.iter().max_by_key(folded).unwrap().clone()
            };
            let mut mentor = last_by(|m| &m.name);
            mentor.name = "Aaa Mentor".into();
            let mut organization = last_by(|m| &m.organization);
            organization.organization = "Aaa Org".into();
            let venue = |d: &&crate::model::DemoDay| crate::text::fold(&d.venue);
            let mut demo_day = p.demo_days.iter().max_by_key(venue).unwrap().clone();
            demo_day.venue = "Aaa Hall".into();
            let by_name = |s: &&crate::model::Startup| crate::text::fold(&s.name);
            let mut renamed = p.startups.iter().max_by_key(by_name).unwrap().clone();
            renamed.name = "Aaa Startup".into();
            let mut records = vec![Record::Note(noted), Record::Startup(renamed)];
            let busier = p.startups.iter().filter(|s| {
                s.status == crate::model::Status::Active && !s.mentors.contains(&idle.id)
            });
            for (n, startup) in busier.take(5).enumerate() {
                let mut startup = startup.clone();
                startup.mentors.push(idle.id.clone());
                if n < 3 {
                    startup.cohort = Some(emptiest.id.clone());
                }
                records.push(Record::Startup(startup));
            }
            records.extend([
                Record::Cohort(with_startups),
                Record::Cohort(with_demo_days),
                Record::Mentor(mentor),
                Record::Mentor(organization),
                Record::DemoDay(demo_day),
            ]);
            for record in records {
                let what = format!("{tab:?} by {name}, after a write of a {}", record.kind());
                stored_elsewhere(&mut state, record);
                assert_eq!(state.list().unwrap().rows, sorted_afresh(&state), "{what}");
            }
        }
    }
}

#[test]
fn capital_s_reverses_the_sort() {
    let mut state = session();
    type_keys(&mut state, "2S");
    assert_eq!(state.status.as_deref(), Some("Sorted by name, reversed"));
    assert_eq!(rows(&state)[0], "Yaşıl Nəqliyyat");
    type_keys(&mut state, "S");
    assert_eq!(state.status.as_deref(), Some("Sorted by name"));
    assert_eq!(rows(&state)[0], "Ağ Şəhər Health");
    // The most recently noted comes first when "last note" is reversed.
    type_keys(&mut state, "sssssS");
    assert_eq!(
        state.status.as_deref(),
        Some("Sorted by last note, reversed")
    );
    assert_eq!(rows(&state)[0], "Gəncə Agro", "noted 2 days ago");
    // A new column starts unreversed.
    type_keys(&mut state, "s");
    assert!(!state.list().unwrap().reverse);
}

#[test]
fn sorting_keeps_the_selected_record_selected() {
    let mut state = session();
    type_keys(&mut state, "2");
    go_to(&mut state, "Qala Stays");
    type_keys(&mut state, "sS");
    assert_eq!(selected_name(&state), "Qala Stays");
}

#[test]
fn mentors_sorted_by_load_put_the_overloaded_first() {
    let mut state = session();
    type_keys(&mut state, "4ss");
    assert_eq!(state.status.as_deref(), Some("Sorted by load"));
    assert_eq!(rows(&state)[0], "İlkin Babayev");
}

#[test]
fn a_new_day_re_sorts_lists_ordered_by_a_days_value() {
    let mut state = session();
    type_keys(&mut state, "3sss");
    assert_eq!(state.status.as_deref(), Some("Sorted by status"));
    state.handle(Event::Today(day("2026-02-01")));
    let p = &state.data().portfolio;
    let statuses: Vec<_> = state
        .list()
        .unwrap()
        .rows
        .iter()
        .map(|&i| p.cohorts[i].status_on(state.today))
        .collect();
    assert!(
        statuses.is_sorted(),
        "the list still says 'sorted by status' but shows {statuses:?}"
    );
}

// ------------------------------------------------------------ palette

#[test]
fn ctrl_k_opens_the_palette_and_typing_searches_everything() {
    let mut state = session();
    ctrl(&mut state, 'k');
    assert!(palette(&state).hits.is_empty());
    type_keys(&mut state, "pricing");
    let p = palette(&state);
    assert_eq!(p.input, "pricing");
    assert!(!p.hits.is_empty());
    assert!(
        p.hits.iter().any(|h| h.kind == Kind::Note),
        "notes are searched too"
    );
    assert!(p.hits.len() <= PALETTE_HITS);
}

#[test]
fn colon_also_opens_the_palette_and_esc_closes_it_in_place() {
    let mut state = session();
    type_keys(&mut state, "2jj:");
    palette(&state);
    type_keys(&mut state, "bazar");
    press(&mut state, KeyCode::Esc);
    assert!(matches!(state.overlay, Overlay::None));
    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(selected_row(&state), 2);
}

#[test]
fn enter_on_a_note_hit_shows_its_startup_at_that_note() {
    let mut state = session();
    ctrl(&mut state, 'k');
    type_keys(&mut state, "pricing");
    let hits = palette(&state).hits.clone();
    let at = hits
        .iter()
        .position(|h| h.kind == Kind::Note)
        .expect("a note about pricing");
    let note = hits[at].clone();
    for _ in 0..at {
        press(&mut state, KeyCode::Down);
    }
    assert_eq!(palette(&state).selected, at);
    press(&mut state, KeyCode::Enter);
    assert!(matches!(state.overlay, Overlay::None));
    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(state.selected_id(), note.startup);
    assert_eq!(state.focus, Focus::Details);
    assert_eq!(state.anchor.as_deref(), Some(note.id.as_str()));
    // The Bazarım pricing review is the best note hit.
    assert_eq!(note.id, "n18");
    assert_eq!(selected_name(&state), "Bazarım");
    // And Esc goes back to where the search started.
    press(&mut state, KeyCode::Esc);
    assert_eq!(state.tab, Tab::Home);
    assert_eq!(state.anchor, None);
}

#[test]
fn enter_on_a_record_hit_shows_that_record() {
    let mut state = session();
    ctrl(&mut state, 'k');
    type_keys(&mut state, "kim min");
    let hit = palette(&state).hits[0].clone();
    assert_eq!((hit.kind, hit.id.as_str()), (Kind::Mentor, "m6"));
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.tab, Tab::Mentors);
    assert_eq!(selected_name(&state), "김민수 (Kim Min-su)");
    assert_eq!(state.focus, Focus::Details);
    assert_eq!(state.anchor, None);
}

#[test]
fn the_palette_selection_moves_and_stops_at_the_ends() {
    let mut state = session();
    ctrl(&mut state, 'k');
    // Many hits: every sector that ends in tech.
    type_keys(&mut state, "tech");
    assert!(palette(&state).hits.len() > 5);
    let n = palette(&state).hits.len();
    press(&mut state, KeyCode::Up);
    assert_eq!(palette(&state).selected, 0);
    press(&mut state, KeyCode::Tab);
    ctrl(&mut state, 'n');
    assert_eq!(palette(&state).selected, 2);
    ctrl(&mut state, 'p');
    assert_eq!(palette(&state).selected, 1);
    for _ in 0..n + 5 {
        press(&mut state, KeyCode::Down);
    }
    assert_eq!(palette(&state).selected, n - 1);
    // A new letter starts again from the best hit.
    press(&mut state, KeyCode::Backspace);
    assert_eq!(palette(&state).input, "tec");
    assert_eq!(palette(&state).selected, 0);
}

#[test]
fn enter_with_no_hits_keeps_the_palette_open() {
    let mut state = session();
    ctrl(&mut state, 'k');
    type_keys(&mut state, "zzqqxxjj");
    assert!(palette(&state).hits.is_empty());
    press(&mut state, KeyCode::Enter);
    palette(&state);
    assert_eq!(state.tab, Tab::Home);
}

#[test]
fn the_wheel_over_the_palette_moves_its_hits() {
    let mut state = session();
    type_keys(&mut state, "2");
    ctrl(&mut state, 'k');
    type_keys(&mut state, "tech");
    state.handle(Event::Scroll(2));
    assert_eq!(selected_row(&state), 0, "the list under the palette moved");
    assert_eq!(palette(&state).selected, 2);
}

// ------------------------------------------------------------- home

#[test]
fn home_lists_what_needs_attention_most_urgent_first() {
    let state = session();
    let items: Vec<(Kind, &str, bool)> = state
        .home_items()
        .iter()
        .map(|i| (i.kind, i.id.as_str(), i.urgent))
        .collect();
    assert_eq!(
        items,
        [
            (Kind::DemoDay, "d3", false),
            (Kind::Mentor, "m5", true),
            (Kind::Cohort, "c3", false),
            // Overdue since 25 Nov, then due 1 and 4 Dec (this week).
            (Kind::Milestone, "ms4", true),
            (Kind::Milestone, "ms9", false),
            (Kind::Milestone, "ms2", false),
            (Kind::Startup, "s20", false),
            (Kind::Startup, "s17", false),
        ]
    );
    assert_eq!(state.home_items()[0].reason, "in 19 days, 8 pitches");
    assert_eq!(state.home_items()[3].reason, "overdue since 25 Nov");
    assert_eq!(
        state.home_items()[3].label,
        "Gəncə Agro: Cold-storage partner signed"
    );
    assert_eq!(state.home_items()[4].reason, "due Tue 1 Dec");
    assert_eq!(state.home_items()[6].reason, "no note for 65 days");
}

#[test]
fn enter_on_a_home_item_jumps_to_that_record() {
    let mut state = session();
    type_keys(&mut state, "j");
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.tab, Tab::Mentors);
    assert_eq!(selected_name(&state), "İlkin Babayev");
    assert_eq!(state.focus, Focus::Details);
    press(&mut state, KeyCode::Esc);
    assert_eq!(state.tab, Tab::Home);
    assert_eq!(state.home_selected, 1, "back on the same item");

    type_keys(&mut state, "g");
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.tab, Tab::DemoDays);
    assert_eq!(state.selected_id().as_deref(), Some("d3"));

    type_keys(&mut state, "1G");
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(selected_name(&state), "Qala Stays");
}

#[test]
fn a_home_jump_clears_a_filter_that_hides_the_record() {
    let mut state = session();
    type_keys(&mut state, "2/xez");
    press(&mut state, KeyCode::Enter);
    type_keys(&mut state, "1G");
    press(&mut state, KeyCode::Enter);
    assert_eq!(selected_name(&state), "Qala Stays");
    assert_eq!(filter(&state), "");
}

#[test]
fn a_new_day_recomputes_what_needs_attention() {
    let mut state = session();
    state.handle(Event::Today(day("2026-12-12")));
    assert_eq!(state.today, day("2026-12-12"));
    let demo = &state.home_items()[0];
    assert_eq!((demo.kind, demo.id.as_str()), (Kind::DemoDay, "d3"));
    assert_eq!(demo.reason, "in 5 days, 8 pitches");
    assert!(demo.urgent, "a demo day within a week is urgent");

    state.handle(Event::Today(day("2026-12-17")));
    assert_eq!(state.home_items()[0].reason, "today, 8 pitches");

    // Past the demo day, it no longer needs attention; silences grow
    // (to six quiet startups: a counted line, opened here to read them).
    state.home_opened.push(super::Section::Of(Kind::Startup));
    state.handle(Event::Today(day("2026-12-20")));
    let items = state.home_items();
    assert!(items.iter().all(|i| i.kind != Kind::DemoDay), "{items:#?}");
    let civic = items.iter().find(|i| i.id == "s20").unwrap();
    assert_eq!(civic.reason, "no note for 87 days");
    assert!(
        items.iter().any(|i| i.id == "s12"),
        "Təmiz Su Tech's last note is now 40 days old"
    );
}

#[test]
fn the_home_selection_stays_on_an_item_when_the_day_shortens_the_list() {
    let mut state = session();
    type_keys(&mut state, "G");
    assert_eq!(state.home_selected, 7);
    // On 1 October nearly nothing needs attention yet.
    state.handle(Event::Today(day("2026-10-01")));
    assert!(state.home_selected < state.home_items().len().max(1));
}

// ------------------------------------------------------ help and quit

#[test]
fn question_mark_opens_help_and_any_key_closes_it() {
    let mut state = session();
    type_keys(&mut state, "2?");
    assert!(matches!(state.overlay, Overlay::Help(_)));
    // The key that closes help does nothing else.
    type_keys(&mut state, "j");
    assert!(matches!(state.overlay, Overlay::None));
    assert_eq!(selected_row(&state), 0);

    type_keys(&mut state, "?q");
    assert!(matches!(state.overlay, Overlay::None));
    assert!(!state.quit, "q closes help, it does not quit");

    type_keys(&mut state, "?");
    press(&mut state, KeyCode::Esc);
    assert!(matches!(state.overlay, Overlay::None));
    assert_eq!(state.tab, Tab::Startups);
}

#[test]
fn q_quits() {
    let mut state = session();
    type_keys(&mut state, "2jq");
    assert!(state.quit);
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let mut state = session();
    ctrl(&mut state, 'c');
    assert!(state.quit, "from a list");

    let mut state = session();
    ctrl(&mut state, 'k');
    type_keys(&mut state, "pri");
    ctrl(&mut state, 'c');
    assert!(state.quit, "from the palette");

    let mut state = session();
    type_keys(&mut state, "2/xe");
    ctrl(&mut state, 'c');
    assert!(state.quit, "from the filter");

    let mut state = session();
    type_keys(&mut state, "?");
    ctrl(&mut state, 'c');
    assert!(state.quit, "from help");

    // Some terminals send Ctrl-C with the letter in upper case.
    let mut state = session();
    ctrl(&mut state, 'C');
    assert!(state.quit);
}

// ---------------------------------------------- terminal size and wheel

#[test]
fn resize_switches_between_wide_and_narrow_layouts() {
    let mut state = session();
    assert!(state.is_wide());
    state.handle(Event::Resize(80, 24));
    assert_eq!(state.size, (80, 24));
    assert!(!state.is_wide());
    state.handle(Event::Resize(WIDE, 30));
    assert!(state.is_wide());
}

#[test]
fn narrow_enter_shows_details_and_esc_returns_to_the_list() {
    let mut state = sized(80, 24);
    type_keys(&mut state, "2");
    go_to(&mut state, "Gəncə Agro");
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.focus, Focus::Details);
    press(&mut state, KeyCode::Esc);
    assert_eq!(state.focus, Focus::List);
    assert_eq!(selected_name(&state), "Gəncə Agro");
}

#[test]
fn shrinking_the_terminal_keeps_the_selection_on_screen() {
    let mut state = session();
    type_keys(&mut state, "2G");
    assert_eq!(state.list().unwrap().offset, 0, "all 24 fit in 40 rows");
    state.handle(Event::Resize(80, 24));
    let list = state.list().unwrap();
    let shown = state.visible_rows();
    assert!(
        list.offset <= list.selected && list.selected < list.offset + shown,
        "row {} is outside rows {}..{}",
        list.selected,
        list.offset,
        list.offset + shown
    );
    // Growing again shows the whole list from the top.
    state.handle(Event::Resize(120, 40));
    assert_eq!(state.list().unwrap().offset, 0);
}

#[test]
fn the_wheel_moves_the_selection() {
    let mut state = session();
    type_keys(&mut state, "2");
    state.handle(Event::Scroll(3));
    assert_eq!(selected_row(&state), 3);
    state.handle(Event::Scroll(-1));
    assert_eq!(selected_row(&state), 2);
    state.handle(Event::Scroll(-5));
    assert_eq!(selected_row(&state), 0, "stops at the top");
    state.handle(Event::Scroll(i16::MAX));
    state.handle(Event::Scroll(i16::MAX));
    state.handle(Event::Scroll(i16::MAX));
    assert_eq!(selected_row(&state), 23, "stops at the bottom");
}

#[test]
fn the_wheel_moves_through_home_too() {
    let mut state = session();
    state.handle(Event::Scroll(2));
    assert_eq!(state.home_selected, 2);
}

// -------------------------------------------------------------- keys

#[test]
fn config_overrides_rebind_keys() {
    let mut state = with_keys(&[("down", &["n"]), ("quit", &["Ctrl-q"])]);
    type_keys(&mut state, "2n");
    assert_eq!(selected_row(&state), 1, "n moves down");
    type_keys(&mut state, "j");
    assert_eq!(selected_row(&state), 1, "j no longer does");
    type_keys(&mut state, "q");
    assert!(!state.quit, "q no longer quits");
    ctrl(&mut state, 'q');
    assert!(state.quit, "Ctrl-q does");

    let mut state = with_keys(&[("quit", &["Ctrl-q"])]);
    ctrl(&mut state, 'c');
    assert!(state.quit, "Ctrl-C always quits");
}

/// A dialog's keys are in the table too: rebound, the dialog takes the
/// new key and its hint names it.
#[test]
fn config_overrides_rebind_a_dialogs_keys() {
    let mut state = with_keys(&[("save", &["Ctrl-w"]), ("cancel", &["F3"])]);
    state.user = "Aysel Hüseynova".into();
    type_keys(&mut state, "2a");
    note_editor(&state);
    type_keys(&mut state, "Pilot went well");
    let saves = |state: &mut App| {
        let effects = state.take_effects();
        effects.iter().any(|e| matches!(e, Effect::Save { .. }))
    };
    ctrl(&mut state, 's');
    assert!(!saves(&mut state), "Ctrl-S no longer saves");
    press(&mut state, KeyCode::Esc);
    assert!(!note_editor(&state).confirm_discard, "nor Esc cancels");
    ctrl(&mut state, 'w');
    assert!(saves(&mut state), "Ctrl-W saves");
    assert_eq!(state.keymap.hint(Action::Save), "Ctrl-W");
    press(&mut state, KeyCode::F(3));
    assert!(note_editor(&state).confirm_discard, "F3 cancels");
}

#[test]
fn the_quick_filter_menu_takes_its_keys_from_the_table() {
    let mut state = with_keys(&[("tick", &["t"])]);
    type_keys(&mut state, "2f");
    press(&mut state, KeyCode::Char(' '));
    assert!(
        state.list().unwrap().facets.is_empty(),
        "Space no longer ticks"
    );
    type_keys(&mut state, "t");
    assert_eq!(state.list().unwrap().facets.len(), 1, "t does");
    assert_eq!(state.keymap.hint(Action::Tick), "t");
    type_keys(&mut state, "c");
    assert!(state.list().unwrap().facets.is_empty(), "c clears");
    type_keys(&mut state, "f");
    assert!(matches!(state.overlay, Overlay::None), "f closes it");
}

#[test]
fn config_overrides_show_in_the_help_keys() {
    let state = with_keys(&[("search", &["F2"])]);
    assert_eq!(state.keymap.describe(Action::Palette), "F2");
    let mut state = state;
    press(&mut state, KeyCode::F(2));
    palette(&state);
}

#[test]
fn one_key_given_to_two_actions_is_refused_naming_both() {
    let both = HashMap::from([
        ("help".to_string(), vec!["F1".to_string()]),
        ("search".to_string(), vec!["F1".to_string()]),
    ]);
    let err = Keymap::with_overrides(&both).unwrap_err();
    assert!(
        err.contains("F1") && err.contains("help") && err.contains("search"),
        "{err}"
    );
}

#[test]
fn config_overrides_name_unknown_actions_and_keys() {
    let bad = HashMap::from([("down".to_string(), vec!["Hyper-x".to_string()])]);
    let err = Keymap::with_overrides(&bad).unwrap_err();
    assert!(err.contains("down"), "{err}");
}

#[test]
fn a_config_key_taken_from_another_action_works_or_is_refused() {
    let overrides = HashMap::from([("help".to_string(), vec!["j".to_string()])]);
    match Keymap::with_overrides(&overrides) {
        Err(message) => assert!(message.contains('j'), "{message}"),
        Ok(keymap) => {
            let mut state = App::new(sample(), today(), (120, 40), keymap);
            type_keys(&mut state, "j");
            assert!(
                matches!(state.overlay, Overlay::Help(_)),
                "the config said j is help; j moved down instead"
            );
        }
    }
}

#[test]
fn esc_clearing_a_filter_keeps_the_selected_record() {
    let mut state = session();
    type_keys(&mut state, "2/bazarim");
    press(&mut state, KeyCode::Enter);
    assert_eq!(selected_name(&state), "Bazarım");
    press(&mut state, KeyCode::Esc);
    assert_eq!(filter(&state), "");
    assert_eq!(selected_name(&state), "Bazarım");
}

// ------------------------------------------------------ quick filters

#[test]
fn quick_filters_narrow_by_stage_and_cohort_and_esc_clears_them() {
    let mut state = session();
    type_keys(&mut state, "2f");
    assert!(matches!(state.overlay, Overlay::Facets(_)));
    let choices = state.facet_choices();
    let growth = choices
        .iter()
        .position(|f| f.field == FacetField::Stage && f.value == "growth")
        .unwrap();
    for _ in 0..growth {
        type_keys(&mut state, "j");
    }
    type_keys(&mut state, " ");
    let growing = rows(&state);
    assert!(!growing.is_empty());
    assert!(
        state
            .list()
            .unwrap()
            .rows
            .iter()
            .all(|i| state.data().portfolio.startups[*i].stage == crate::model::Stage::Growth),
        "{growing:?}"
    );
    // And in one cohort: the fields narrow each other.
    let spring = state
        .facet_choices()
        .iter()
        .position(|f| f.field == FacetField::Cohort && f.label == "Spring 2026 Acceleration")
        .unwrap();
    for _ in growth..spring {
        type_keys(&mut state, "j");
    }
    type_keys(&mut state, " ");
    let both = rows(&state);
    assert!(both.len() < growing.len(), "{both:?} within {growing:?}");
    assert!(both.contains(&"Bazarım".to_string()), "{both:?}");
    press(&mut state, KeyCode::Esc);
    assert!(
        matches!(state.overlay, Overlay::None),
        "Esc closes the menu"
    );
    assert_eq!(rows(&state), both, "the filters stay after the menu closes");
    press(&mut state, KeyCode::Esc);
    assert_eq!(rows(&state).len(), 24, "Esc in the list clears them");
}

#[test]
fn mentors_have_no_quick_filters_and_say_so() {
    let mut state = session();
    type_keys(&mut state, "4f");
    assert!(matches!(state.overlay, Overlay::None));
    assert!(
        state
            .status
            .as_deref()
            .unwrap_or("")
            .contains("No quick filters")
    );
}

// ------------------------------------------------------------- export

fn export_dialog(state: &App) -> &ExportDialog {
    match &state.overlay {
        Overlay::Export(dialog) => dialog,
        other => panic!("the export dialog is not open: {other:?}"),
    }
}

#[test]
fn x_on_a_cohort_asks_the_front_end_to_write_its_summary() {
    let mut state = session();
    state.export_folder = "/reports".into();
    type_keys(&mut state, "3");
    go_to(&mut state, "Autumn 2026 Incubation");
    type_keys(&mut state, "x");
    assert_eq!(
        export_dialog(&state).file.value(),
        "/reports/autumn-2026-incubation-2026-11-28.md"
    );
    // To JSON: the name follows the format.
    press(&mut state, KeyCode::Tab);
    for _ in 0..3 {
        press(&mut state, KeyCode::Right);
    }
    assert_eq!(export_dialog(&state).choice().format, SummaryFormat::Json);
    assert_eq!(
        export_dialog(&state).file.value(),
        "/reports/autumn-2026-incubation-2026-11-28.json"
    );
    press(&mut state, KeyCode::Enter);
    assert_eq!(
        requested(&mut state),
        [Effect::Export {
            document: Document::CohortSummary("c3".into()),
            format: SummaryFormat::Json,
            excel: false,
            path: "/reports/autumn-2026-incubation-2026-11-28.json".into(),
            replace: false,
            make_folder: false,
        }]
    );
    let written = std::path::PathBuf::from("/reports/autumn-2026-incubation-2026-11-28.json");
    state.handle(Event::Outcome(Outcome::Exported(written)));
    assert!(matches!(state.overlay, Overlay::None));
    assert_eq!(
        state.status.as_deref(),
        Some("Wrote /reports/autumn-2026-incubation-2026-11-28.json")
    );
}

#[test]
fn an_existing_file_is_replaced_only_after_a_yes() {
    let mut state = session();
    type_keys(&mut state, "3x");
    press(&mut state, KeyCode::Enter);
    let Effect::Export {
        document: Document::CohortSummary(_),
        path,
        ..
    } = requested(&mut state).remove(0)
    else {
        panic!("Enter in the export dialog should ask to write the file");
    };
    state.handle(Event::Outcome(Outcome::ExportExists(path.clone())));
    assert_eq!(export_dialog(&state).confirm.as_ref(), Some(&path));
    // n keeps the file and the dialog, to pick another name.
    type_keys(&mut state, "n");
    assert!(requested(&mut state).is_empty());
    assert_eq!(export_dialog(&state).confirm, None);
    press(&mut state, KeyCode::Enter);
    requested(&mut state);
    state.handle(Event::Outcome(Outcome::ExportExists(path.clone())));
    type_keys(&mut state, "y");
    let effects = requested(&mut state);
    assert!(
        matches!(&effects[..], [Effect::Export { document: Document::CohortSummary(_), replace: true, path: p, .. }] if *p == path),
        "{effects:?}"
    );
}

#[test]
fn the_file_name_is_edited_in_place_and_a_failure_is_shown_in_the_dialog() {
    let mut state = session();
    state.export_folder = "/r".into();
    type_keys(&mut state, "3x");
    ctrl(&mut state, 'u'); // clear the field
    type_keys(&mut state, "/nowhere/ş.md");
    press(&mut state, KeyCode::Home);
    press(&mut state, KeyCode::Delete);
    assert_eq!(export_dialog(&state).file.value(), "nowhere/ş.md");
    press(&mut state, KeyCode::Enter);
    requested(&mut state);
    state.handle(Event::Outcome(Outcome::Failed(
        "could not write nowhere/ş.md: No such file or directory".into(),
    )));
    assert!(
        export_dialog(&state)
            .error
            .as_deref()
            .unwrap()
            .contains("nowhere")
    );
    press(&mut state, KeyCode::Esc);
    assert!(matches!(state.overlay, Overlay::None));
}

#[test]
fn x_away_from_cohorts_says_where_it_works() {
    let mut state = session();
    type_keys(&mut state, "2x");
    assert!(matches!(state.overlay, Overlay::None));
    assert!(state.status.as_deref().unwrap_or("").contains("Cohorts"));
}

/// A session over SSH, signed in as `user` with `access`.
fn remote_session(user: &str, access: crate::store::Access) -> App {
    let mut state = session();
    state.user = user.into();
    state.access = access;
    state.remote = Some(Remote {
        export_folder: "/srv/exports/kim-min-jun".into(),
        ssh: "ssh -p 2222 127.0.0.1".into(),
        scp_host: Some("files.example.az".into()),
    });
    state
}

#[test]
fn over_ssh_the_export_dialog_takes_a_plain_name_and_says_how_to_fetch_it() {
    let mut state = remote_session("Kim Min-jun", crate::store::Access::ReadOnly);
    type_keys(&mut state, "3");
    go_to(&mut state, "Autumn 2026 Incubation");
    type_keys(&mut state, "x");
    // No server path offered: the name alone.
    assert_eq!(
        export_dialog(&state).file.value(),
        "autumn-2026-incubation-2026-11-28.md"
    );
    for typed in ["../../../home/kim/.ssh/authorized_keys", "/etc/cron.d/x"] {
        ctrl(&mut state, 'u');
        type_keys(&mut state, typed);
        press(&mut state, KeyCode::Enter);
        let effects = requested(&mut state);
        let [
            Effect::Export {
                document: Document::CohortSummary(_),
                path,
                ..
            },
        ] = &effects[..]
        else {
            panic!("{effects:?}");
        };
        assert!(path.components().count() == 1, "{typed} asked for {path:?}");
        assert!(!path.to_string_lossy().starts_with('.'), "{path:?}");
    }
    ctrl(&mut state, 'u');
    type_keys(&mut state, "../..");
    press(&mut state, KeyCode::Enter);
    assert!(requested(&mut state).is_empty(), "nothing left to write");
    assert!(export_dialog(&state).error.is_some());

    ctrl(&mut state, 'u');
    type_keys(&mut state, "report.md");
    press(&mut state, KeyCode::Enter);
    requested(&mut state);
    let written = std::path::PathBuf::from("/srv/exports/kim-min-jun/report.md");
    state.handle(Event::Outcome(Outcome::Exported(written.clone())));
    let shown = export_dialog(&state)
        .written
        .clone()
        .expect("where it went");
    assert_eq!(shown.path, written);
    assert_eq!(
        shown.fetch,
        [
            "ssh -p 2222 127.0.0.1 export cohort c3 --format md --as-of 2026-11-28 > report.md",
            "scp files.example.az:/srv/exports/kim-min-jun/report.md .",
        ]
    );
    press(&mut state, KeyCode::Esc);
    assert!(matches!(state.overlay, Overlay::None));
}

fn note_editor(state: &App) -> &NoteEditor {
    match &state.overlay {
        Overlay::Note(editor) => editor,
        other => panic!("the note editor is not open: {other:?}"),
    }
}

/// The note the session asked to save.
fn saved_note(state: &mut App) -> crate::model::Note {
    let effects = requested(state);
    match &effects[..] {
        [Effect::Save { record, .. }] => match record.as_ref() {
            crate::model::Record::Note(note) => note.clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn over_ssh_a_mentor_cannot_type_another_author() {
    let access = crate::store::Access::Mentor { id: "m1".into() };
    let mut state = remote_session("Aysel Hüseynova", access);
    type_keys(&mut state, "2");
    go_to(&mut state, "Kilim Craft");
    type_keys(&mut state, "a");
    type_keys(&mut state, "Pricing review.");
    // Tab goes to the kind and back to the body: no author field.
    press(&mut state, KeyCode::Tab);
    assert_eq!(note_editor(&state).field, NoteField::Kind);
    press(&mut state, KeyCode::Tab);
    assert_eq!(note_editor(&state).field, NoteField::Body);
    press(&mut state, KeyCode::BackTab);
    assert_eq!(note_editor(&state).field, NoteField::Kind);
    press(&mut state, KeyCode::Tab);
    state.handle(Event::Paste("Nigar Əliyeva".into()));
    ctrl(&mut state, 's');
    let note = saved_note(&mut state);
    assert_eq!(note.author, "Aysel Hüseynova");
    assert!(
        note.body.ends_with("Nigar Əliyeva"),
        "the paste went to the body"
    );
}

#[test]
fn over_ssh_a_coordinator_writes_as_themselves_or_for_someone() {
    let access = crate::store::Access::Everything;
    let mut state = remote_session("Nigar Əliyeva", access);
    type_keys(&mut state, "2");
    go_to(&mut state, "Kilim Craft");
    type_keys(&mut state, "aCalled the founders.");
    ctrl(&mut state, 's');
    assert_eq!(saved_note(&mut state).author, "Nigar Əliyeva");

    state.overlay = Overlay::None;
    type_keys(&mut state, "aMet Aysel's startup.");
    press(&mut state, KeyCode::Tab);
    press(&mut state, KeyCode::Tab);
    assert_eq!(note_editor(&state).field, NoteField::Author);
    assert_eq!(note_editor(&state).author.value(), "", "for no one yet");
    type_keys(&mut state, "Aysel Hüseynova");
    ctrl(&mut state, 's');
    assert_eq!(
        saved_note(&mut state).author,
        "Nigar Əliyeva for Aysel Hüseynova"
    );

    // Locally the author stays a field anyone may fill.
    let mut state = session();
    state.user = "Nigar".into();
    type_keys(&mut state, "2");
    go_to(&mut state, "Kilim Craft");
    type_keys(&mut state, "aText");
    press(&mut state, KeyCode::Tab);
    press(&mut state, KeyCode::Tab);
    ctrl(&mut state, 'u');
    type_keys(&mut state, "Someone Else");
    ctrl(&mut state, 's');
    assert_eq!(saved_note(&mut state).author, "Someone Else");
}

/// What the session asked the front end to do, leaving out the history
/// reads it asks for whenever the selection moves.
fn requested(state: &mut App) -> Vec<Effect> {
    state
        .take_effects()
        .into_iter()
        .filter(|effect| !matches!(effect, Effect::History { .. }))
        .collect()
}

#[test]
fn a_paste_over_a_list_is_not_taken_as_commands() {
    let mut state = session();
    type_keys(&mut state, "2");
    let before = rows(&state);
    state.handle(Event::Paste("dq3n".into()));
    assert!(!state.quit, "a pasted q does not quit");
    assert!(
        matches!(state.overlay, Overlay::None),
        "nor d or n open anything"
    );
    assert_eq!(state.tab, Tab::Startups, "nor 3 change the tab");
    assert_eq!(rows(&state), before);
    assert!(state.status.as_deref().unwrap_or("").contains("text field"));
}

#[test]
fn a_paste_into_the_filter_or_the_palette_searches_once_for_all_of_it() {
    let mut state = session();
    type_keys(&mut state, "2/");
    state.handle(Event::Paste("Xəzər\r\n".into()));
    assert_eq!(
        filter(&state),
        "Xəzər ",
        "its line break a space, not Enter"
    );
    assert!(state.filtering, "still typing the filter");
    assert_eq!(rows(&state), ["Xəzər Solar"]);
    press(&mut state, KeyCode::Esc);
    key_with(&mut state, KeyCode::Char('k'), KeyModifiers::CONTROL);
    state.handle(Event::Paste("kilim".into()));
    assert_eq!(palette(&state).input, "kilim");
    assert_eq!(palette(&state).hits[0].text, "Kilim Craft");
}

#[test]
fn a_paste_goes_into_the_text_being_edited_and_never_answers_a_question() {
    let mut state = session();
    type_keys(&mut state, "2");
    go_to(&mut state, "Kilim Craft");
    type_keys(&mut state, "a");
    state.handle(Event::Paste(
        "Met the founders.\r\nNext: a pilot.\u{1b}[31m".into(),
    ));
    let Overlay::Note(editor) = &state.overlay else {
        panic!("the note editor is open");
    };
    assert_eq!(
        editor.body.lines(),
        ["Met the founders.", "Next: a pilot.\u{fffd}[31m"],
        "lines kept, the escape made harmless"
    );
    // Esc asks before throwing the note away: a pasted "y" is no answer.
    press(&mut state, KeyCode::Esc);
    state.handle(Event::Paste("y".into()));
    let Overlay::Note(editor) = &state.overlay else {
        panic!("the note is still there");
    };
    assert!(editor.confirm_discard, "still asking");
    press(&mut state, KeyCode::Char('n'));

    // A form's one-line field: the line break does not save it.
    let mut state = session();
    type_keys(&mut state, "2n");
    state.handle(Event::Paste("Ağ Şəhər\nLabs".into()));
    let Overlay::Form(form) = &state.overlay else {
        panic!("the form stays open");
    };
    let form::Value::Text(name) = &form.fields[form.focus].value else {
        panic!("the name field has the focus");
    };
    assert_eq!(name.value(), "Ağ Şəhər Labs");
}

#[test]
fn enter_on_the_outcome_line_opens_the_form_for_those_e_lets_edit() {
    let outcome_line = |state: &mut App| {
        type_keys(state, "2");
        go_to(state, "Şəbəkə Pay");
        press(state, KeyCode::Enter);
        while state.links().get(state.link).map(|l| l.kind) != Some(Kind::Startup) {
            press(state, KeyCode::Down);
        }
        state.take_effects();
        press(state, KeyCode::Enter);
    };
    let mut state = session();
    outcome_line(&mut state);
    assert_eq!(
        state.take_effects(),
        [Effect::Edit {
            kind: Kind::Startup,
            id: "s6".into()
        }]
    );
    let mut staff = remote_session("Kim Min-jun", crate::store::Access::ReadOnly);
    outcome_line(&mut staff);
    assert_eq!(staff.take_effects(), []);
    assert_eq!(
        staff.status.as_deref(),
        Some("Staff may not change the portfolio: reading, search and exports (x) are yours")
    );
}

#[test]
fn y_asks_to_copy_the_selected_records_name_and_id_and_says_where_it_cannot() {
    let mut state = session();
    type_keys(&mut state, "y");
    assert!(requested(&mut state).is_empty());
    assert!(
        state
            .status
            .as_deref()
            .is_some_and(|s| s.starts_with("y copies the selected record's name and id")),
        "{:?}",
        state.status
    );
    type_keys(&mut state, "3y");
    let effects = requested(&mut state);
    let [Effect::Copy { text, .. }] = &effects[..] else {
        panic!("{effects:?}");
    };
    let cohort = state.selected_id().expect("a cohort selected");
    assert!(text.ends_with(&format!(" ({cohort})")), "{text}");
    state.handle(Event::Outcome(Outcome::Copied(format!(
        "\u{201c}{text}\u{201d}"
    ))));
    assert!(
        state
            .status
            .as_deref()
            .is_some_and(|s| s.starts_with("Copied \u{201c}") && s.contains("OSC 52")),
        "{:?}",
        state.status
    );
}
