//! Whole screens drawn into ratatui's `TestBackend`, as a user would see
//! them, at 80×24 and 120×40, colour off, on a fixed day (2026-11-28).
//! Snapshots live in `tests/it/snapshots/`; the other tests check what a
//! snapshot cannot show at a glance: control characters, colour, cut
//! text, column alignment with wide characters, the selected row.

use chrono::{Datelike, NaiveDate};
use incubator::app::testing::{ctrl, press, type_keys};
use incubator::app::{App, Data, Event, Focus, Keymap, Tab};
use incubator::model::{Portfolio, Stage, Status, testing};
use incubator::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

use crate::support::screens::{SIZES, screen, session_on, snap_screen};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn sample_portfolio() -> Portfolio {
    incubator::seed::sample().unwrap().portfolio
}

fn session_of(portfolio: Portfolio, size: (u16, u16)) -> App {
    session_on(portfolio, today(), size)
}

fn session(size: (u16, u16)) -> App {
    session_of(sample_portfolio(), size)
}

/// Draw the session into a fresh terminal of its size.
fn draw_with(state: &App, theme: Theme) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(state.size.0, state.size.1)).unwrap();
    terminal
        .draw(|frame| ui::render(state, frame, theme))
        .unwrap();
    terminal
}

fn draw(state: &App) -> Terminal<TestBackend> {
    draw_with(state, Theme::new(false))
}

fn buffer(state: &App) -> Buffer {
    draw(state).backend().buffer().clone()
}

fn snap(state: &App, what: &str, keys: &str) {
    snap_screen!(state, what, "2026-11-28", keys);
}

/// A row of the screen as text: wide characters once, not followed by
/// the blank cell they cover.
fn row_text(buf: &Buffer, y: u16) -> String {
    let mut text = String::new();
    let mut x = buf.area.x;
    while x < buf.area.right() {
        let symbol = buf[(x, y)].symbol();
        text.push_str(symbol);
        x += symbol.width().max(1) as u16;
    }
    text
}

fn rows_text(buf: &Buffer) -> Vec<String> {
    (buf.area.top()..buf.area.bottom())
        .map(|y| row_text(buf, y))
        .collect()
}

/// Columns `left..left + width` of every row, as a screen of their own
/// (x from 0), so that a search does not stray into the other pane.
fn columns(buf: &Buffer, left: u16, width: u16) -> Buffer {
    let mut out = Buffer::empty(Rect::new(0, 0, width, buf.area.height));
    for y in 0..buf.area.height {
        for x in 0..width {
            out[(x, y)] = buf[(left + x, y)].clone();
        }
    }
    out
}

/// The list pane: the left 55% when wide, else the whole screen.
fn list_pane(state: &App) -> Buffer {
    let buf = buffer(state);
    let (w, _) = state.size;
    columns(&buf, 0, if state.is_wide() { 66 } else { w })
}

/// The column where `text` starts on row `y`, counting every cell.
fn column_of(buf: &Buffer, y: u16, text: &str) -> Option<u16> {
    let first = text.chars().next()?;
    (buf.area.left()..buf.area.right()).find(|&x| {
        if !buf[(x, y)].symbol().starts_with(first) {
            return false;
        }
        let mut at = x;
        for c in text.chars() {
            if at >= buf.area.right() || buf[(at, y)].symbol() != c.to_string() {
                return false;
            }
            at += c.to_string().width().max(1) as u16;
        }
        true
    })
}

/// The first row whose text contains `text`.
fn row_with(buf: &Buffer, text: &str) -> Option<u16> {
    (buf.area.top()..buf.area.bottom()).find(|&y| row_text(buf, y).contains(text))
}

/// The text of the rows drawn reversed (the selection), trimmed.
fn selected_rows(buf: &Buffer) -> Vec<String> {
    (buf.area.top()..buf.area.bottom())
        .filter_map(|y| {
            let xs: Vec<u16> = (buf.area.left()..buf.area.right())
                .filter(|&x| buf[(x, y)].modifier.contains(Modifier::REVERSED))
                .collect();
            let (first, last) = (*xs.first()?, *xs.last()?);
            let text: String = (first..=last).map(|x| buf[(x, y)].symbol()).collect();
            Some(text.trim().to_string())
        })
        .collect()
}

// ------------------------------------------------------------ snapshots

#[test]
fn home() {
    for size in SIZES {
        let state = session(size);
        if size == (80, 24) {
            snap(&state, "home", "");
        }
        let buf = buffer(&state);
        let selected = selected_rows(&buf);
        assert!(
            selected
                .iter()
                .any(|r| r.contains("Demo day Thu 17 Dec 14:00")),
            "the first attention item is selected: {selected:?}"
        );
    }
}

#[test]
fn home_120x40() {
    let state = session((120, 40));
    let rows = rows_text(&buffer(&state));
    // The stage legend may wrap, but between stages, never inside one.
    for stage in ["i idea", "m mvp", "t traction", "g growth", "s scale"] {
        assert!(
            rows.iter().any(|r| r.contains(stage)),
            "the legend lacks {stage:?}:\n{}",
            rows.join("\n")
        );
    }
    snap(&state, "home", "");
}

#[test]
fn startups_list_with_details() {
    for size in SIZES {
        let mut state = session(size);
        type_keys(&mut state, "2");
        let keys = "2 then j down to Şəbəkə Pay";
        while state
            .selected_id()
            .is_some_and(|id| id != "s6" && state.list().unwrap().selected < 23)
        {
            type_keys(&mut state, "j");
        }
        assert_eq!(state.selected_id().as_deref(), Some("s6"));
        snap(&state, "startups", keys);
        let buf = buffer(&state);
        assert!(
            selected_rows(&buf)
                .iter()
                .any(|r| r.starts_with("Şəbəkə Pay")),
            "{:?}",
            selected_rows(&buf)
        );
    }
}

#[test]
fn startup_details_scrolled_to_a_note_from_the_palette() {
    for size in SIZES {
        let mut state = session(size);
        ctrl(&mut state, 'k');
        type_keys(&mut state, "pricing");
        press(&mut state, KeyCode::Enter);
        assert_eq!(state.anchor.as_deref(), Some("n18"));
        snap(&state, "note_via_palette", "Ctrl-K, pricing, Enter");
        let buf = buffer(&state);
        // The note comes into view, its header first, without scrolling
        // the page past its end (it is Bazarım's last note).
        let rows = rows_text(&buf);
        let (_, h) = size;
        let header = rows
            .iter()
            .position(|r| r.contains("2026-04-22 · session · Rəşad Nəbiyev"))
            .expect("the note's header is on screen");
        assert!(header >= 2, "{}", rows.join("\n"));
        let end = rows
            .iter()
            .position(|r| r.contains("Next: A/B test with 30 shops."))
            .expect("the note's last line is on screen");
        assert!(
            end + 4 >= usize::from(h),
            "the page is not scrolled past its end:\n{}",
            rows.join("\n")
        );
        assert!(rows_text(&buf).iter().any(|r| r.contains("Pricing review")));
    }
}

#[test]
fn cohorts() {
    for size in SIZES {
        let mut state = session(size);
        type_keys(&mut state, "3jj");
        assert_eq!(state.selected_id().as_deref(), Some("c3"));
        snap(&state, "cohorts", "3 j j (Autumn 2026 Incubation)");
    }
}

#[test]
fn mentors_with_the_overloaded_mentor_selected() {
    for size in SIZES {
        let mut state = session(size);
        type_keys(&mut state, "4jjjj");
        assert_eq!(state.selected_id().as_deref(), Some("m5"));
        snap(&state, "mentors", "4 j j j j (İlkin Babayev, 4/3)");
        let buf = buffer(&state);
        let selected = selected_rows(&buf);
        assert!(
            selected
                .iter()
                .any(|r| r.starts_with("İlkin Babayev") && r.ends_with("4/3")),
            "{selected:?}"
        );
    }
}

#[test]
fn demo_day_run_of_show() {
    for size in SIZES {
        let mut state = session(size);
        type_keys(&mut state, "5G");
        assert_eq!(state.selected_id().as_deref(), Some("d3"));
        press(&mut state, KeyCode::Enter);
        if size == (80, 24) {
            snap(&state, "demo_day_d3", "5 G Enter");
        }
        let rows = rows_text(&buffer(&state));
        let text = rows.join("\n");
        // 14:00, then each pitch's minutes added: 6 6 6 5 5 5 4 4.
        for (n, at, name) in [
            (1, "14:00", "Seoul–Baku Bridge  6 min"),
            (2, "14:06", "Karvan Freight  6 min"),
            (3, "14:12", "Gəncə Agro  6 min"),
            (4, "14:18", "Təmiz Su Tech  5 min"),
            (5, "14:23", "Nəfəs Care  5 min"),
            (6, "14:28", "Dərs Bazası  5 min"),
            (7, "14:33", "İpək Thread  4 min"),
            (8, "14:37", "Qala Stays  4 min"),
        ] {
            let line = format!("{n:>2}. {at}  {name}");
            assert!(text.contains(&line), "{line:?} missing from\n{text}");
        }
        assert!(text.contains("14:41  end"), "{text}");
    }
}

#[test]
fn demo_day_run_of_show_120x40() {
    let mut state = session((120, 40));
    type_keys(&mut state, "5G");
    press(&mut state, KeyCode::Enter);
    let list = list_pane(&state);
    let y = row_with(&list, "2026-06-25").unwrap();
    let row = row_text(&list, y);
    assert!(
        row.contains("Spring 2026 Acceleration") || row.contains('…'),
        "{row}"
    );
    snap(&state, "demo_day_d3", "5 G Enter");
}

#[test]
fn palette_with_pricing_typed() {
    for size in SIZES {
        let mut state = session(size);
        ctrl(&mut state, 'k');
        type_keys(&mut state, "pricing");
        snap(&state, "palette_pricing", "Ctrl-K, pricing");
        let buf = buffer(&state);
        let selected = selected_rows(&buf);
        assert!(
            selected
                .iter()
                .any(|r| r.starts_with("note") && r.contains("Bazarım")),
            "the best hit, the Bazarım pricing note, is selected: {selected:?}"
        );
    }
}

#[test]
fn help_overlay() {
    let mut state = session((120, 40));
    type_keys(&mut state, "2?");
    snap(&state, "help", "2 ?");
}

#[test]
fn help_overlay_80x24_shows_every_key() {
    let mut state = session((80, 24));
    type_keys(&mut state, "2?");
    let text = rows_text(&buffer(&state)).join("\n");
    for line in [
        "filter this list",
        "sort by another column",
        "reverse the sort",
        // Two pages at 80x24: PgDn and PgUp turn them.
        "Any other key closes this.",
    ] {
        assert!(text.contains(line), "{line:?} is not on screen:\n{text}");
    }
    snap(&state, "help", "2 ?");
}

#[test]
fn filter_active() {
    for size in SIZES {
        let mut state = session(size);
        type_keys(&mut state, "2/xez");
        assert!(state.filtering);
        snap(&state, "filter_xez", "2 / x e z");
        let rows = rows_text(&buffer(&state));
        assert!(rows[1].contains("Startups 1 /xez"), "{}", rows[1]);
        assert!(
            rows.last().unwrap().starts_with("/xez▏"),
            "the status line shows what is typed: {:?}",
            rows.last()
        );
    }
}

#[test]
fn narrow_details_after_enter() {
    let mut state = session((80, 24));
    type_keys(&mut state, "2");
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.focus, Focus::Details);
    snap(&state, "narrow_details", "2 Enter");
    let rows = rows_text(&buffer(&state));
    assert!(
        rows[1].starts_with("┌ Ağ Şəhər Health ─"),
        "details alone, titled with the name: {}",
        rows[1]
    );
    assert!(
        !rows.iter().any(|r| r.contains("Bakı Bites")),
        "the list is not shown"
    );
    // Back to the list.
    press(&mut state, KeyCode::Esc);
    let rows = rows_text(&buffer(&state));
    assert!(rows[1].starts_with("┌ Startups 24 "), "{}", rows[1]);
}

#[test]
fn resize_to_narrow_shows_the_details_alone() {
    let mut state = session((120, 40));
    type_keys(&mut state, "2");
    press(&mut state, KeyCode::Enter);
    let rows = rows_text(&buffer(&state));
    assert!(
        rows[1].starts_with("┌ Startups 24 "),
        "wide: list and details"
    );
    state.handle(Event::Resize(80, 24));
    let rows = rows_text(&buffer(&state));
    assert_eq!(rows.len(), 24);
    assert!(rows[1].starts_with("┌ Ağ Şəhər Health ─"), "{}", rows[1]);
}

// ------------------------------------------------------ known bad screens

#[test]
fn details_scrolling_stops_at_the_last_page() {
    type Keys = fn(&mut App);
    let to_the_end: [(&str, Keys); 2] = [
        ("G", |state| type_keys(state, "G")),
        ("PgDn ×3", |state| {
            for _ in 0..3 {
                press(state, KeyCode::PageDown);
            }
        }),
    ];
    for size in SIZES {
        for (keys, go) in to_the_end {
            let mut state = session(size);
            type_keys(&mut state, "2");
            press(&mut state, KeyCode::Enter);
            go(&mut state);
            let (w, h) = size;
            // The inside of the details pane (Ağ Şəhər Health, ~35 rows).
            let left = if w >= 100 { 67 } else { 1 };
            let inside = columns(&buffer(&state), left, w - 1 - left);
            let text = rows_text(&inside)[2..usize::from(h) - 2].join("\n");
            assert!(
                !text.trim().is_empty(),
                "{w}×{h}, {keys}: the details pane is empty (scroll {})",
                state.details_scroll
            );
        }
    }
}

#[test]
fn the_link_cursor_stays_on_screen() {
    let mut state = session((80, 24));
    type_keys(&mut state, "3jj");
    press(&mut state, KeyCode::Enter);
    // Autumn 2026 Incubation: 9 startups, then its demo day: 10 links.
    for _ in 0..9 {
        press(&mut state, KeyCode::Down);
    }
    assert_eq!(state.link, 9);
    let buf = buffer(&state);
    let selected = selected_rows(&buf);
    assert!(
        selected.iter().any(|r| r.contains("2026-12-17 14:00")),
        "the demo day link under the cursor is not on screen: {selected:?}\n{}",
        rows_text(&buf).join("\n")
    );
}

// ---------------------------------------------------------- text safety

const EVIL: &str = "\u{1b}]52;c;ZXZpbA==\u{7}Evil\u{9b}2J Co\u{7f}";
/// How EVIL looks once made safe: every control character replaced.
const EVIL_SHOWN: &str = "\u{FFFD}]52;c;ZXZpbA==\u{FFFD}Evil\u{FFFD}2J Co\u{FFFD}";
/// Its start, for where the name is cut short.
const EVIL_SHOWN_START: &str = "\u{FFFD}]52;c;ZXZpbA==\u{FFFD}Evil";

/// The sample plus a startup, active and quiet, whose name, fields and
/// note carry terminal escape sequences.
fn evil_portfolio() -> Portfolio {
    let mut p = sample_portfolio();
    let mut s = testing::startup("s90");
    s.name = EVIL.into();
    s.one_liner = format!("Pays {EVIL} for it");
    s.tags = vec![EVIL.into()];
    s.status = Status::Active;
    s.cohort = Some("c3".into());
    s.mentors = vec!["m1".into()];
    s.founders = vec![incubator::model::Founder {
        name: EVIL.into(),
        email: String::new(),
        role: "CEO".into(),
    }];
    p.startups.push(s);
    let mut note = testing::note(
        "n90",
        "s90",
        &format!("pricing talk {EVIL}\nsecond line {EVIL}"),
    );
    note.author = EVIL.into();
    p.notes.push(note);
    p
}

fn assert_no_control_characters(buf: &Buffer, screen: &str) {
    for y in buf.area.top()..buf.area.bottom() {
        for x in buf.area.left()..buf.area.right() {
            let symbol = buf[(x, y)].symbol();
            assert!(
                !symbol
                    .chars()
                    .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')),
                "{screen}: control character {symbol:?} at ({x}, {y})"
            );
        }
    }
}

fn assert_shown_safe(buf: &Buffer, screen: &str) {
    assert_no_control_characters(buf, screen);
    let rows = rows_text(buf);
    assert!(
        rows.iter().any(|r| r.contains(EVIL_SHOWN_START)),
        "{screen}: the name is not shown with its control characters replaced:\n{}",
        rows.join("\n")
    );
}

#[test]
fn control_characters_never_reach_the_screen() {
    for size in SIZES {
        let (w, h) = size;

        let state = session_of(evil_portfolio(), size);
        assert_shown_safe(&buffer(&state), &format!("home {w}×{h}"));

        let mut state = session_of(evil_portfolio(), size);
        type_keys(&mut state, "2");
        assert_eq!(
            state.selected_id().as_deref(),
            Some("s90"),
            "ESC sorts first"
        );
        assert_shown_safe(&buffer(&state), &format!("list {w}×{h}"));

        press(&mut state, KeyCode::Enter);
        let buf = buffer(&state);
        assert_shown_safe(&buf, &format!("details {w}×{h}"));
        let text = rows_text(&buf).join("\n");
        assert!(
            text.contains(&format!("pricing talk {EVIL_SHOWN}")),
            "{text}"
        );
        assert!(text.contains(&format!("{EVIL_SHOWN}, CEO")), "{text}");

        let mut state = session_of(evil_portfolio(), size);
        ctrl(&mut state, 'k');
        type_keys(&mut state, "evil");
        assert_shown_safe(&buffer(&state), &format!("palette {w}×{h}"));

        // A note hit shows the startup's name and the note's line.
        let mut state = session_of(evil_portfolio(), size);
        ctrl(&mut state, 'k');
        type_keys(&mut state, "pricing talk");
        assert_no_control_characters(&buffer(&state), &format!("palette notes {w}×{h}"));
        press(&mut state, KeyCode::Enter);
        assert_eq!(state.anchor.as_deref(), Some("n90"));
        assert_shown_safe(&buffer(&state), &format!("anchored note {w}×{h}"));

        // The cohort and mentor pages list it as a link.
        let mut state = session_of(evil_portfolio(), size);
        type_keys(&mut state, "3jj");
        press(&mut state, KeyCode::Enter);
        assert_no_control_characters(&buffer(&state), &format!("cohort {w}×{h}"));
        let mut state = session_of(evil_portfolio(), size);
        type_keys(&mut state, "4");
        press(&mut state, KeyCode::Enter);
        assert_shown_safe(&buffer(&state), &format!("mentor {w}×{h}"));
    }
}

// --------------------------------------------------------------- colour

fn coloured_cells(buf: &Buffer) -> usize {
    buf.content()
        .iter()
        .filter(|c| {
            c.fg != Color::Reset || c.bg != Color::Reset || c.underline_color != Color::Reset
        })
        .count()
}

/// Sessions showing every kind of emphasis: warnings, links, matches,
/// upcoming dates, overlays.
fn colourful_sessions(size: (u16, u16)) -> Vec<(&'static str, App)> {
    let mut screens = Vec::new();
    screens.push(("home", session(size)));
    let mut s = session(size);
    type_keys(&mut s, "2");
    press(&mut s, KeyCode::Enter);
    screens.push(("startup details", s));
    let mut s = session(size);
    type_keys(&mut s, "2/xez");
    screens.push(("filter", s));
    let mut s = session(size);
    type_keys(&mut s, "4jjjj");
    screens.push(("mentors", s));
    let mut s = session(size);
    type_keys(&mut s, "5G");
    screens.push(("demo days", s));
    let mut s = session(size);
    ctrl(&mut s, 'k');
    type_keys(&mut s, "pricing");
    screens.push(("palette", s));
    let mut s = session(size);
    type_keys(&mut s, "?");
    screens.push(("help", s));
    screens
}

#[test]
fn no_color_draws_no_colour_at_all() {
    for size in SIZES {
        for (what, state) in colourful_sessions(size) {
            let terminal = draw_with(&state, Theme::new(false));
            let buf = terminal.backend().buffer();
            for (i, cell) in buf.content().iter().enumerate() {
                let (x, y) = buf.pos_of(i);
                assert_eq!(
                    (cell.fg, cell.bg, cell.underline_color),
                    (Color::Reset, Color::Reset, Color::Reset),
                    "{what} {size:?}: colour at ({x}, {y}) {:?}",
                    cell.symbol()
                );
            }
            // Emphasis remains, without colour.
            assert!(
                buf.content().iter().any(|c| !c.modifier.is_empty()),
                "{what}: no emphasis at all"
            );
        }
    }
}

#[test]
fn with_colour_some_cells_are_coloured() {
    for size in SIZES {
        for (what, state) in colourful_sessions(size) {
            let terminal = draw_with(&state, Theme::new(true));
            assert!(
                coloured_cells(terminal.backend().buffer()) > 0,
                "{what} {size:?}: nothing coloured"
            );
        }
    }
}

#[test]
fn warnings_stand_out_without_colour() {
    // The overloaded mentor's load is bold, not only red.
    let mut state = session((120, 40));
    type_keys(&mut state, "4");
    let buf = buffer(&state);
    let y = row_with(&buf, "İlkin Babayev").unwrap();
    let x = column_of(&buf, y, "4/3").unwrap();
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
}

// ------------------------------------------------------------ long text

fn long_name() -> String {
    "Long".repeat(75)
}

/// The sample plus an active, never-noted startup with a 300-character name.
fn long_portfolio() -> Portfolio {
    let mut p = sample_portfolio();
    let mut s = testing::startup("s91");
    s.name = long_name();
    s.stage = Stage::Mvp;
    s.status = Status::Active;
    s.cohort = Some("c3".into());
    p.startups.push(s);
    p
}

/// Select the long-named startup in the Startups tab.
fn long_selected(size: (u16, u16)) -> App {
    let mut state = session_of(long_portfolio(), size);
    type_keys(&mut state, "2");
    while state.selected_id().as_deref() != Some("s91") {
        let before = state.list().unwrap().selected;
        type_keys(&mut state, "j");
        assert_ne!(before, state.list().unwrap().selected, "s91 not listed");
    }
    state
}

/// The box-drawing frame of the screen: every border cell in place.
fn assert_borders_intact(buf: &Buffer, left: u16, right: u16, screen: &str) {
    for y in 2..buf.area.height - 2 {
        for x in [left, right] {
            assert_eq!(
                buf[(x, y)].symbol(),
                "│",
                "{screen}: border overwritten at ({x}, {y}):\n{}",
                rows_text(buf).join("\n")
            );
        }
    }
}

#[test]
fn a_long_name_never_overflows_its_column() {
    for size in SIZES {
        let (w, h) = size;
        let state = long_selected(size);
        let buf = buffer(&state);
        let screen = format!("startups {w}×{h}");
        let list_right = if w >= 100 { 65 } else { w - 1 };
        assert_borders_intact(&buf, 0, list_right, &screen);
        if w >= 100 {
            assert_borders_intact(&buf, 66, w - 1, &screen);
        }
        let list = list_pane(&state);
        let header = row_with(&list, "Name").unwrap();
        let stage_x = column_of(&list, header, "Stage").unwrap();
        let y = row_with(&list, "LongLong").unwrap();
        assert_eq!(
            column_of(&list, y, "mvp"),
            Some(stage_x),
            "{screen}: the stage column moved:\n{}",
            rows_text(&buf).join("\n")
        );
        // The name stops a space before the Stage column.
        assert_eq!(list[(stage_x - 1, y)].symbol(), " ", "{screen}");
    }
}

#[test]
fn a_long_name_in_a_list_is_cut_with_an_ellipsis() {
    for size in SIZES {
        let (w, h) = size;
        let state = long_selected(size);
        let list = list_pane(&state);
        let header = row_with(&list, "Name").unwrap();
        let stage_x = column_of(&list, header, "Stage").unwrap();
        let y = row_with(&list, "LongLong").unwrap();
        let name: String = (1..stage_x).map(|x| list[(x, y)].symbol()).collect();
        assert!(
            name.trim_end().ends_with('…'),
            "{w}×{h}: the name column shows {name:?}"
        );
    }
}

#[test]
fn a_long_name_is_cut_on_home_and_in_the_palette() {
    for size in SIZES {
        let (w, h) = size;
        let state = session_of(long_portfolio(), size);
        let buf = buffer(&state);
        let y = row_with(&buf, "LongLong").expect("a quiet startup on Home");
        let row = row_text(&buf, y);
        assert!(
            row.contains("LongLong") && row.contains('…') && !row.contains(&long_name()),
            "home {w}×{h}: {row}"
        );
        assert!(
            row.contains("no notes"),
            "home {w}×{h}: the reason is shown: {row}"
        );
        let home_right = if w >= 100 { 71 } else { w - 1 };
        assert_eq!(buf[(home_right, y)].symbol(), "│", "home {w}×{h}: {row}");

        let mut state = session_of(long_portfolio(), size);
        ctrl(&mut state, 'k');
        type_keys(&mut state, "longlong");
        let buf = buffer(&state);
        let y = row_with(&buf, "startup   LongLong").expect("the hit");
        let row = row_text(&buf, y);
        assert!(
            row.contains("LongLong") && row.contains('…') && !row.contains(&long_name()),
            "palette {w}×{h}: {row}"
        );
        // The palette's right border is in place on that row.
        let border_x = (0..w).rev().find(|&x| buf[(x, 3)].symbol() == "┐").unwrap();
        assert_eq!(buf[(border_x, y)].symbol(), "│", "palette {w}×{h}: {row}");
    }
}

#[test]
fn a_long_name_keeps_the_details_frame_whole() {
    for size in SIZES {
        let (w, h) = size;
        let mut state = long_selected(size);
        press(&mut state, KeyCode::Enter);
        let buf = buffer(&state);
        let left = if w >= 100 { 66 } else { 0 };
        assert_eq!(buf[(left, 1)].symbol(), "┌", "{w}×{h}");
        assert_eq!(
            buf[(w - 1, 1)].symbol(),
            "┐",
            "{w}×{h}: the title ran over the corner"
        );
        assert_borders_intact(&buf, left, w - 1, &format!("details {w}×{h}"));
    }
}

#[test]
fn a_long_name_in_the_details_title_is_cut_with_an_ellipsis() {
    for size in SIZES {
        let (w, h) = size;
        let mut state = long_selected(size);
        press(&mut state, KeyCode::Enter);
        let buf = buffer(&state);
        let title = row_text(&buf, 1);
        assert!(title.contains('…'), "{w}×{h}: {title}");
    }
}

// ------------------------------------------------------------ wide text

/// The sample plus a startup with a Hangul name.
fn hangul_portfolio() -> Portfolio {
    let mut p = sample_portfolio();
    let mut s = testing::startup("s92");
    s.name = "한강 Robotics".into();
    s.stage = Stage::Growth;
    p.startups.push(s);
    p
}

#[test]
fn hangul_names_keep_the_mentor_columns_aligned() {
    for size in SIZES {
        let (w, h) = size;
        let mut state = session(size);
        type_keys(&mut state, "4");
        let buf = list_pane(&state);
        let header = row_with(&buf, "Organization").unwrap();
        let org_x = column_of(&buf, header, "Organization").unwrap();
        let load_x = column_of(&buf, header, "Load").unwrap();
        for (name, org, load) in [
            ("Aysel Hüseynova", "ABAD", "1/3"),
            ("Gülnarə Əsgərova", "ADA University", "2/3"),
            ("김민수 (Kim Min-su)", "KOICA", "2/3"),
            ("박준호 (Park Jun-ho)", "Hanbit Partners", "2/3"),
            ("이서연 (Lee Seo-yeon)", "Samsung C&T", "2/2"),
        ] {
            let y = row_with(&buf, name).unwrap_or_else(|| panic!("{name} not shown"));
            assert_eq!(column_of(&buf, y, name), Some(1), "{w}×{h} {name}");
            assert_eq!(
                column_of(&buf, y, org),
                Some(org_x),
                "{w}×{h} {name}: {org}"
            );
            assert_eq!(
                column_of(&buf, y, load),
                Some(load_x),
                "{w}×{h} {name}: {load}"
            );
        }
        // Each Hangul syllable takes two columns.
        let y = row_with(&buf, "김민수").unwrap();
        assert_eq!(buf[(1, y)].symbol(), "김");
        assert_eq!(buf[(3, y)].symbol(), "민");
        assert_eq!(buf[(5, y)].symbol(), "수");
        assert_eq!(buf[(7, y)].symbol(), " ");
        assert_eq!(buf[(8, y)].symbol(), "(");
    }
}

#[test]
fn hangul_and_azerbaijani_names_keep_the_startup_columns_aligned() {
    for size in SIZES {
        let (w, h) = size;
        let mut state = session_of(hangul_portfolio(), size);
        type_keys(&mut state, "2");
        let buf = list_pane(&state);
        let header = row_with(&buf, "Name").unwrap();
        let stage_x = column_of(&buf, header, "Stage").unwrap();
        let status_x = column_of(&buf, header, "Status").unwrap();
        for (name, stage, status) in [
            ("Ağ Şəhər Health", "growth", "graduated"),
            ("Şəbəkə Pay", "scale", "graduated"),
            ("İpək Thread", "mvp", "active"),
            ("한강 Robotics", "growth", "applicant"),
        ] {
            let Some(y) = row_with(&buf, name) else {
                continue; // below the fold at 80×24
            };
            assert_eq!(column_of(&buf, y, stage), Some(stage_x), "{w}×{h} {name}");
            assert_eq!(column_of(&buf, y, status), Some(status_x), "{w}×{h} {name}");
        }
        // The Hangul row is the last; bring it into view.
        type_keys(&mut state, "G");
        let buf = list_pane(&state);
        let y = row_with(&buf, "Robotics").unwrap();
        assert_eq!(column_of(&buf, y, "growth"), Some(stage_x), "{w}×{h}");
        assert_eq!(column_of(&buf, y, "applicant"), Some(status_x), "{w}×{h}");
    }
}

#[test]
fn a_hangul_name_is_cut_on_a_character_not_half_of_one() {
    // In the narrowest layout the name column is 60 wide at most; make
    // a Hangul name longer than that and check nothing spills.
    let mut p = sample_portfolio();
    let mut s = testing::startup("s93");
    s.name = "가나다라마바사아자차카타파하".repeat(3);
    s.status = Status::Active;
    p.startups.push(s);
    for size in SIZES {
        let (w, h) = size;
        let mut state = session_of(p.clone(), size);
        type_keys(&mut state, "2G");
        let buf = list_pane(&state);
        let header = row_with(&buf, "Name").unwrap();
        let stage_x = column_of(&buf, header, "Stage").unwrap();
        let y = row_with(&buf, "가나다").unwrap();
        assert_eq!(column_of(&buf, y, "idea"), Some(stage_x), "{w}×{h}");
        assert_eq!(buf[(stage_x - 1, y)].symbol(), " ", "{w}×{h}");
    }
}

// ------------------------------------------------------- small things

#[test]
fn the_tab_bar_marks_the_current_tab_and_shows_the_day() {
    for size in SIZES {
        let mut state = session(size);
        type_keys(&mut state, "3");
        assert_eq!(state.tab, Tab::Cohorts);
        let buf = buffer(&state);
        let top = row_text(&buf, 0);
        // In full where it fits beside the six tabs; shorter at 80 columns.
        let day = if size.0 >= 100 {
            "Sat 28 Nov 2026"
        } else {
            "28 Nov"
        };
        assert!(top.trim_end().ends_with(day), "{top}");
        assert!(top.contains("6 Calls"), "{top}");
        let x = column_of(&buf, 0, "Cohorts").unwrap();
        assert!(buf[(x, 0)].modifier.contains(Modifier::REVERSED), "{top}");
        let x = column_of(&buf, 0, "Mentors").unwrap();
        assert!(!buf[(x, 0)].modifier.contains(Modifier::REVERSED), "{top}");
    }
}

#[test]
fn the_status_bar_hints_follow_the_key_table() {
    let state = session((120, 40));
    let rows = rows_text(&buffer(&state));
    let status = rows.last().unwrap();
    for hint in [
        "Enter open",
        "Esc back",
        "Ctrl-K search",
        "? help",
        "q quit",
    ] {
        assert!(status.contains(hint), "{status}");
    }
    assert!(!status.contains("/ filter"), "Home has no filter: {status}");
}

// ------------------------------------------------------- tiny terminals

#[test]
fn a_tiny_terminal_asks_for_a_larger_window() {
    let mut state = session((20, 5));
    type_keys(&mut state, "2");
    let text = rows_text(&buffer(&state)).join("\n");
    assert!(text.contains("larger"), "{text}");
    assert!(
        !text.contains("Startups"),
        "no cramped view below the minimum:\n{text}"
    );
    // Back to a usable size, the view comes back where it was.
    state.handle(Event::Resize(80, 24));
    let text = rows_text(&buffer(&state)).join("\n");
    assert!(text.contains("Startups 24"), "{text}");
}

#[test]
fn every_view_draws_at_every_small_size_without_panicking() {
    // Each view: keys from a fresh session.
    let views = ["", "2", "2\n", "2?", "3\n", "4\n", "5\n", "2/bak"];
    for keys in views {
        for (w, h) in [
            (1, 1),
            (2, 1),
            (1, 2),
            (20, 5),
            (39, 9),
            (40, 10),
            (41, 11),
            (60, 12),
        ] {
            let mut state = session((120, 40));
            for c in keys.chars() {
                match c {
                    '\n' => press(&mut state, KeyCode::Enter),
                    c => type_keys(&mut state, &c.to_string()),
                }
            }
            state.handle(Event::Resize(w, h));
            // Keys at this size must not panic either.
            for code in [KeyCode::Down, KeyCode::PageDown, KeyCode::End, KeyCode::Up] {
                press(&mut state, code);
            }
            let _ = buffer(&state);
        }
    }
}

#[test]
fn quick_filter_menu_with_growth_ticked() {
    for size in SIZES {
        let mut state = session(size);
        type_keys(&mut state, "2fjjj ");
        snap(&state, "quick_filter", "2 f j j j Space");
        let text = rows_text(&buffer(&state)).join("\n");
        assert!(text.contains("[x] growth"), "{text}");
        assert!(
            text.contains("· growth"),
            "the list title names the filter:\n{text}"
        );
    }
}

#[test]
fn export_dialog_on_a_cohort() {
    for size in SIZES {
        let mut state = session(size);
        state.export_folder = "/home/nigar/reports".into();
        type_keys(&mut state, "3jjx");
        snap(&state, "export_dialog", "3 j j x");
        let text = rows_text(&buffer(&state)).join("\n");
        assert!(
            text.contains("‹Markdown›"),
            "the chosen format is marked:\n{text}"
        );
        assert!(
            text.contains("/home/nigar/reports/autumn-2026-incubation-2026-11-28.md"),
            "{text}"
        );
    }
}

/// Over SSH: a file name only, the user's own folder on a line of its
/// own, and once written, where it is and how to fetch it.
#[test]
fn export_dialog_over_ssh() {
    for size in SIZES {
        let mut state = session(size);
        state.user = "Kim Min-jun".into();
        state.access = incubator::store::Access::ReadOnly;
        state.remote = Some(incubator::app::Remote {
            export_folder: "/srv/incubator/portfolio-exports/kim-min-jun".into(),
            ssh: "ssh -p 2222 incubator.example.az".into(),
            scp_host: Some("files.example.az".into()),
        });
        type_keys(&mut state, "3jjx");
        snap(&state, "export_dialog_over_ssh", "3 j j x, over SSH");
        let text = rows_text(&buffer(&state)).join("\n");
        assert!(
            text.contains("File    autumn-2026-incubation-2026-11-28.md"),
            "{text}"
        );
        assert!(
            text.contains("In      /srv/incubator/portfolio-exports/kim-min-jun"),
            "{text}"
        );
        state.take_effects();
        press(&mut state, KeyCode::Enter);
        let written =
            "/srv/incubator/portfolio-exports/kim-min-jun/autumn-2026-incubation-2026-11-28.md";
        state.handle(Event::Outcome(incubator::app::Outcome::Exported(
            written.into(),
        )));
        snap(
            &state,
            "export_written_over_ssh",
            "3 j j x Enter, over SSH, written",
        );
        let text = rows_text(&buffer(&state)).join("\n");
        assert!(
            text.contains("Fetch a copy from your own machine:"),
            "{text}"
        );
        assert!(text.contains("export cohort c3 --format md"), "{text}");
    }
}

// ---------------------------------------------- wide lists, position

#[test]
fn startups_at_160_columns_show_sector_and_cohort_and_the_position() {
    let mut state = session((160, 40));
    type_keys(&mut state, "2");
    while state.selected_id().is_some_and(|id| id != "s6") {
        type_keys(&mut state, "j");
    }
    snap(&state, "startups_wide", "2 then j down to Şəbəkə Pay");
    let text = screen(&state);
    let header = text.lines().nth(2).unwrap_or_default();
    assert!(
        header.contains("Sector") && header.contains("Cohort"),
        "{header}"
    );
    let row = text
        .lines()
        .find(|l| l.contains("Şəbəkə Pay  "))
        .unwrap_or_default();
    assert!(
        row.contains("fintech") && row.contains("Spring 2026 Accel") && row.contains("—"),
        "{row}"
    );
    assert!(text.contains("└ 19/24 ─"), "{text}");
}

#[test]
fn at_80_columns_the_startups_list_keeps_names_whole_and_says_the_position() {
    // The Cohort column comes with the list's width of 86 (a 160-column
    // screen beside the details): at 80 columns a name keeps its room,
    // and moving a row stays within the 300 bytes an SSH user is promised.
    let mut state = session((80, 24));
    type_keys(&mut state, "2");
    let text = screen(&state);
    let header = text.lines().nth(2).unwrap_or_default();
    assert!(!header.contains("Cohort"), "{header}");
    assert!(text.contains("Lənkəran Greens"), "{text}");
    assert!(text.contains("└ 1/24 ─"), "{text}");
    let mut wide = session((160, 40));
    type_keys(&mut wide, "2");
    let header = screen(&wide).lines().nth(2).unwrap_or_default().to_string();
    assert!(header.contains("Cohort"), "{header}");
}

#[test]
fn a_filtered_list_of_2000_says_where_the_selection_is_among_how_many() {
    let portfolio = incubator::generate::portfolio(2000, 7);
    let mut state = App::new(
        Data::from_portfolio(portfolio),
        today(),
        (80, 24),
        Keymap::default(),
    );
    type_keys(&mut state, "2");
    type_keys(&mut state, "G");
    assert!(
        screen(&state).contains("└ 2000/2000 ─"),
        "{}",
        screen(&state)
    );
    type_keys(&mut state, "/agro");
    press(&mut state, KeyCode::Enter);
    let shown = state.list().unwrap().rows.len();
    assert!(shown > 1 && shown < 2000, "{shown}");
    type_keys(&mut state, "j");
    let expected = format!("└ 2/{shown} of 2000 ─");
    assert!(screen(&state).contains(&expected), "{}", screen(&state));
}

// ------------------------------------------------ Home, 2,000 startups

fn generated(size: (u16, u16)) -> App {
    let portfolio = incubator::generate::portfolio(2000, 7);
    App::new(
        Data::from_portfolio(portfolio),
        today(),
        size,
        Keymap::default(),
    )
}

#[test]
fn home_of_2000_startups_reads_at_a_glance() {
    for size in [(80, 24), (160, 40)] {
        let state = generated(size);
        snap(
            &state,
            "home_2000",
            "none (generated portfolio, 2000 startups, seed 7)",
        );
        let text = screen(&state);
        // Every row of what needs attention is on screen: the long lists
        // are one counted line each.
        let rows = state.home_items().len();
        assert!(rows <= 8, "{rows} rows:\n{text}");
        assert!(
            text.contains("active startups with no note for 30 days"),
            "{text}"
        );
        for item in state.home_items() {
            let shown: String = item.label.chars().take(20).collect();
            assert!(text.contains(&shown), "{shown} is not on screen:\n{text}");
        }
    }
}

#[test]
fn enter_on_a_counted_line_opens_it_in_place_and_again_folds_it() {
    let mut state = generated((80, 24));
    let at = state
        .home_items()
        .iter()
        .position(|i| i.group.is_some() && i.kind == incubator::model::Kind::Startup)
        .expect("the quiet startups are one line");
    let n = state.home_items()[at].group.unwrap_or(0);
    let before = state.home_items().len();
    for _ in 0..at {
        type_keys(&mut state, "j");
    }
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.home_items().len(), before + n);
    let text = screen(&state);
    assert!(text.contains("▾ "), "{text}");
    assert!(text.contains("Enter folds them"), "{text}");
    // The first of them is one Enter away from its record.
    type_keys(&mut state, "j");
    let first = state.home_items()[at + 1].clone();
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(state.selected_id().as_deref(), Some(first.id.as_str()));
    type_keys(&mut state, "1");
    type_keys(&mut state, "k");
    press(&mut state, KeyCode::Enter);
    assert_eq!(state.home_items().len(), before);
}

// ------------------------------------------ why a filtered row is there

#[test]
fn the_filter_says_which_field_matched_when_it_is_not_the_name() {
    for size in [(80, 24), (160, 40)] {
        let mut state = session(size);
        type_keys(&mut state, "2/kim min");
        snap(&state, "filter_kim_min", "2 / k i m space m i n");
        let text = screen(&state);
        let row = text
            .lines()
            .find(|l| l.contains("Şəbəkə Pay  "))
            .unwrap_or_else(|| panic!("Şəbəkə Pay is listed:\n{text}"));
        assert!(row.contains("founder: Kim Min-jun"), "{row}");
        assert!(
            text.lines().nth(2).unwrap_or_default().contains("Found in"),
            "{text}"
        );

        // A long text shows from a little before its match.
        let mut state = session(size);
        type_keys(&mut state, "2/paper ledgers");
        let text = screen(&state);
        let row = text
            .lines()
            .find(|l| l.contains("Şəbəkə Pay  "))
            .unwrap_or_else(|| panic!("Şəbəkə Pay is listed:\n{text}"));
        assert!(row.contains("one-liner: …"), "{row}");
        assert!(row.contains("paper"), "{row}");
    }
}

#[test]
fn a_filter_that_matches_names_only_keeps_the_usual_columns() {
    let mut state = session((160, 40));
    type_keys(&mut state, "2/xez");
    let text = screen(&state);
    assert!(!text.contains("Found in"), "{text}");
    assert!(
        text.lines().nth(2).unwrap_or_default().contains("Cohort"),
        "{text}"
    );
}

/// The Calls tab of the sample: the open call's applications by stage
/// (a board at 120 columns, a line of counts at 80) and ranked by the
/// reviews in, with those missing reviews marked.
#[test]
fn calls_tab_ranks_the_applications_of_the_open_call() {
    for size in SIZES {
        let mut state = session(size);
        type_keys(&mut state, "6");
        snap(&state, "calls", "6");
        let rows = rows_text(&buffer(&state));
        let text = rows.join("\n");
        assert!(
            rows[1].starts_with("Spring 2027 Acceleration open call · Spring 2027 Acceleration"),
            "{text}"
        );
        assert!(text.contains("16 of 28 reviews in"), "{text}");
        // Dərslik AI leads: one review, and its reviewer's highest.
        let first = rows
            .iter()
            .position(|r| r.starts_with("│  1 "))
            .expect("a first row");
        assert!(rows[first].contains("Dərslik AI"), "{text}");
        assert!(
            rows[first].contains("1/2"),
            "one of two reviews in:\n{text}"
        );
        let selected = selected_rows(&buffer(&state));
        assert!(
            selected.iter().any(|r| r.contains("Dərslik AI")),
            "{selected:?}"
        );
        if size.0 >= 100 {
            assert!(text.contains("┌ received 5"), "a board of stages:\n{text}");
        } else {
            assert!(
                text.contains("received 5 · screening 8 · interview 4"),
                "{text}"
            );
        }
    }
}

/// A mentor's Calls tab: their queue first, no one's scores; the review
/// form on the first of it.
#[test]
fn a_reviewer_sees_their_queue_and_scores_by_keys() {
    for size in SIZES {
        let mut state = session(size);
        state.access = incubator::store::Access::Mentor { id: "m1".into() };
        type_keys(&mut state, "6");
        let text = rows_text(&buffer(&state)).join("\n");
        assert!(text.contains("3 to review, due 31 Jan"), "{text}");
        assert!(!text.contains("Score"), "no scores for a reviewer:\n{text}");
        let selected = selected_rows(&buffer(&state));
        assert!(
            selected.iter().any(|r| r.contains("to review")),
            "{selected:?}"
        );
        snap(&state, "calls_reviewer", "6, as mentor m1");
        press(&mut state, KeyCode::Enter);
        type_keys(&mut state, "42");
        snap(&state, "review_form", "6, as mentor m1; Enter 4 2");
        let text = rows_text(&buffer(&state)).join("\n");
        assert!(text.contains("Review by Aysel Hüseynova"), "{text}");
        // Her review is not in: the others' stay hidden.
        assert!(
            text.contains("Others' scores show here once yours is saved.") || size.1 < 30,
            "{text}"
        );
    }
}

/// The sample's d3 (17 December 2026, 14:00 +04:00) judged on Pitch ×2
/// and Product ×1 by three judges, some pitches scored: Seoul–Baku
/// Bridge by all three, Karvan Freight by one, Gəncə Agro half-way.
fn judged_portfolio() -> Portfolio {
    use incubator::model::{Criterion, PitchScore};
    let mut portfolio = sample_portfolio();
    let day = portfolio
        .demo_days
        .iter_mut()
        .find(|d| d.id == "d3")
        .expect("d3");
    day.criteria = vec![
        Criterion {
            name: "Pitch".into(),
            weight: 2,
        },
        Criterion {
            name: "Product".into(),
            weight: 1,
        },
    ];
    day.judges = vec![
        "Orxan Qasımov".into(),
        "Leyla Məmmədova".into(),
        "김민준".into(),
    ];
    let score = |judge: &str, startup: &str, pitch: u8, product: Option<u8>, comment: &str| {
        let mut scores: incubator::model::Scores = [("Pitch".to_string(), pitch)].into();
        if let Some(product) = product {
            scores.insert("Product".into(), product);
        }
        PitchScore {
            judge: judge.into(),
            startup: startup.into(),
            scores,
            comment: comment.into(),
        }
    };
    let (first, second, third) = (
        day.pitches[0].startup.clone(),
        day.pitches[1].startup.clone(),
        day.pitches[2].startup.clone(),
    );
    day.scores = vec![
        score("Orxan Qasımov", &first, 4, Some(5), "Clear ask."),
        score("Leyla Məmmədova", &first, 3, Some(4), ""),
        score("김민준", &first, 5, Some(5), "데모 좋았어요"),
        score("Orxan Qasımov", &second, 3, Some(3), "Pricing unclear"),
        score("Orxan Qasımov", &third, 4, None, "Strong team"),
    ];
    portfolio
}

/// Orxan Qasımov's screen, at 14:13 on demo day: Gəncə Agro on stage.
fn judge_session(size: (u16, u16)) -> App {
    let mut state = session_of(judged_portfolio(), size);
    state.access = incubator::store::Access::Judge {
        name: "Orxan Qasımov".into(),
    };
    state.open_judge_screen();
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-17T14:13:00+04:00").unwrap();
    state.handle(Event::Clock(now));
    state
}

#[test]
fn a_judges_run_of_show_puts_the_pitch_on_stage_first() {
    for size in SIZES {
        let state = judge_session(size);
        snap(&state, "judge_run_of_show", "(a judge signs in at 14:13)");
        let rows = rows_text(&buffer(&state));
        let pitches: Vec<&String> = rows.iter().filter(|r| r.contains("–1")).collect();
        assert!(
            pitches[0].contains("ON STAGE") && pitches[0].contains("Gəncə Agro"),
            "{rows:#?}"
        );
        assert!(pitches[0].contains("1 of 2 scored"), "{rows:#?}");
        assert!(pitches[1].contains("Təmiz Su Tech"), "{rows:#?}");
        // Those done come last, with the judge's own score.
        assert!(pitches[6].contains("done") && pitches[6].contains("Seoul–Baku Bridge"));
        assert!(pitches[6].contains("yours 4.33"), "{}", pitches[6]);
        // Nothing of the rest of the portfolio: no tabs, no other demo day.
        let text = rows.join("\n");
        for hidden in ["Startups", "Cohorts", "Mentors", "Needs attention"] {
            assert!(!text.contains(hidden), "{hidden} shows to a judge:\n{text}");
        }
    }
}

#[test]
fn a_judges_rubric_scores_by_keys_and_closes_read_only() {
    for size in SIZES {
        let mut state = judge_session(size);
        press(&mut state, KeyCode::Enter);
        snap(&state, "judge_rubric", "Enter (on the pitch on stage)");
        let text = rows_text(&buffer(&state)).join("\n");
        assert!(
            text.contains("Gəncə Agro · 14:12–14:18 · on stage now"),
            "{text}"
        );
        assert!(text.contains("Comment    Strong team"), "{text}");
        // Product, then the weighted score as it will be written.
        type_keys(&mut state, "4");
        let text = rows_text(&buffer(&state)).join("\n");
        assert!(text.contains("Your weighted score 4.00"), "{text}");
    }
    // Closed: the same rubric, read-only, and a line that says so.
    let mut portfolio = judged_portfolio();
    for day in &mut portfolio.demo_days {
        day.judging_closed = true;
    }
    let mut state = session_of(portfolio, (80, 24));
    state.access = incubator::store::Access::Judge {
        name: "Orxan Qasımov".into(),
    };
    state.open_judge_screen();
    press(&mut state, KeyCode::Enter);
    type_keys(&mut state, "5");
    assert!(state.take_effects().is_empty(), "nothing written");
    snap(&state, "judge_rubric_closed", "Enter 5 (judging closed)");
    let text = rows_text(&buffer(&state)).join("\n");
    assert!(
        text.contains("Judging is closed: your scores are final."),
        "{text}"
    );
}

#[test]
fn a_coordinator_sees_the_live_ranking_in_the_demo_days_details() {
    for size in SIZES {
        let mut state = session_of(judged_portfolio(), size);
        type_keys(&mut state, "5G");
        assert_eq!(state.selected_id().as_deref(), Some("d3"));
        press(&mut state, KeyCode::Enter);
        let text = rows_text(&buffer(&state)).join("\n");
        assert!(text.contains("Judging: open (C closes)"), "{text}");
        // Below the run of show: at 80×24 a page down.
        let keys = if size == (80, 24) {
            press(&mut state, KeyCode::PageDown);
            "5 G Enter PgDn"
        } else {
            "5 G Enter"
        };
        snap(&state, "coordinator_live_ranking", keys);
        let rows = rows_text(&buffer(&state));
        let text = rows.join("\n");
        assert!(
            text.contains("Judges       Orxan Qasımov, Leyla Məmmədova, 김민준"),
            "{text}"
        );
        // Seoul–Baku Bridge: (13/3 + 10/3 + 5)/3 = 4.22, spread 5 − 3.33.
        let first = rows
            .iter()
            .find(|r| r.contains("Seoul–Baku Bridge") && r.contains("/3"))
            .unwrap();
        assert!(
            first.contains("  1  ")
                && first.contains("4.22")
                && first.contains("1.67")
                && first.contains("3/3"),
            "{first}"
        );
        let second = rows
            .iter()
            .find(|r| r.contains("Karvan Freight") && r.contains("/3"))
            .unwrap();
        assert!(
            second.contains("3.00") && second.contains("1/3"),
            "{second}"
        );
        // Gəncə Agro's half-done score counts for nothing yet.
        let third = rows
            .iter()
            .find(|r| r.contains("Gəncə Agro") && r.contains("/3"))
            .unwrap();
        assert!(third.contains("–") && third.contains("0/3"), "{third}");
    }
}

/// A startup's milestones in its details, the cursor on one (↓ past the
/// cohort and mentors), and the list of cohorts `P` copies them to.
#[test]
fn milestones_in_the_details_and_the_plan_copied_to_a_cohort() {
    for size in SIZES {
        let mut state = session(size);
        type_keys(&mut state, "2");
        while state.selected_id().is_some_and(|id| id != "s13") {
            type_keys(&mut state, "j");
        }
        press(&mut state, KeyCode::Enter);
        type_keys(&mut state, "jjj");
        snap(
            &state,
            "milestones_in_details",
            "2, j down to Gəncə Agro, Enter, j j j",
        );
        let text = screen(&state);
        assert!(text.contains("! Cold-storage partner signed"), "{text}");
        assert!(text.contains("overdue since 25"), "{text}");

        press(&mut state, KeyCode::Esc);
        type_keys(&mut state, "P");
        snap(&state, "milestone_plan", "… Esc, P");
        let text = screen(&state);
        assert!(text.contains("Copy Gəncə Agro's 2 milestones to"), "{text}");
        assert!(
            text.contains("1 Mar 2027 · 2 startups · +175 d · 4 new"),
            "{text}"
        );
    }
}

// ------------------------------------------------------------ outcomes

/// The sample with three graduates silent for a year on 28 Nov 2026:
/// Kilim Craft has no KPI snapshot left, Gənc Kod's last is from October
/// 2025, and Qonaq Travel's from November 2024 (dated so).
fn alumni_portfolio() -> Portfolio {
    let mut portfolio = sample_portfolio();
    for s in &mut portfolio.startups {
        match s.name.as_str() {
            "Kilim Craft" => s.kpis.clear(),
            "Gənc Kod" => s
                .kpis
                .retain(|k| k.date < NaiveDate::from_ymd_opt(2025, 11, 1).unwrap()),
            "Qonaq Travel" => {
                for k in &mut s.kpis {
                    k.date = k.date.with_year(2024).unwrap();
                }
            }
            _ => {}
        }
    }
    portfolio
}

#[test]
fn home_lists_alumni_to_ask_for_an_update_and_enter_goes_to_one() {
    for size in SIZES {
        let mut state = session_of(alumni_portfolio(), size);
        // The last rows of Home, the alumni among them.
        type_keys(&mut state, "G");
        snap(&state, "home_alumni", "G");
        let rows = rows_text(&buffer(&state));
        let order: Vec<usize> = ["Kilim Craft", "Qonaq Travel", "Gənc Kod"]
            .iter()
            .map(|name| {
                rows.iter()
                    .position(|r| r.contains(name) && r.contains("graduated, "))
                    .unwrap_or_else(|| panic!("{name} is not listed:\n{}", rows.join("\n")))
            })
            .collect();
        assert!(
            order.windows(2).all(|w| w[0] < w[1]),
            "no KPIs first, then the oldest last snapshot: {order:?}"
        );
        assert!(
            rows.iter()
                .any(|r| r.contains("Qonaq Travel  graduated, last KPIs 30 Jun 2024"))
        );
        assert!(
            !rows.iter().any(|r| r.contains("Bazarım")),
            "a graduate with a snapshot this year is not asked"
        );
        // The selected last row is Gənc Kod's: Enter shows it.
        press(&mut state, KeyCode::Enter);
        assert_eq!(state.tab, Tab::Startups);
        assert_eq!(state.selected_id().as_deref(), Some("s2"));
    }
}

#[test]
fn startup_form_at_its_outcome_from_the_details_line() {
    for size in SIZES {
        let mut state = session(size);
        type_keys(&mut state, "2");
        assert!(state.select(incubator::model::Kind::Startup, "s1"));
        press(&mut state, KeyCode::Enter);
        assert_eq!(state.focus, Focus::Details);
        // Down the links to the Outcome section's line.
        while state.links().get(state.link).map(|l| l.kind) != Some(incubator::model::Kind::Startup)
        {
            let before = state.link;
            press(&mut state, KeyCode::Down);
            assert_ne!(before, state.link, "no outcome line");
        }
        press(&mut state, KeyCode::Enter);
        let asked = state.take_effects();
        assert!(
            asked
                .iter()
                .any(|e| matches!(e, incubator::app::Effect::Edit { id, .. } if id == "s1")),
            "{asked:?}"
        );
        // The store's answer, as `e` gets it.
        let record = incubator::model::Record::Startup(state.data().startup("s1").unwrap().clone());
        let at = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        state.handle(Event::Outcome(incubator::app::Outcome::ForEdit(Box::new(
            incubator::store::Stored {
                version: 3,
                created_at: at,
                updated_at: at,
                record,
            },
        ))));
        let incubator::app::Overlay::Form(form) = &state.overlay else {
            panic!("no form: {:?}", state.overlay)
        };
        assert_eq!(form.fields[form.focus].key, "outcome.status");
        // To the line that adds a round: the whole outcome on screen.
        for _ in 0..6 {
            press(&mut state, KeyCode::Tab);
        }
        snap(
            &state,
            "startup_form_outcome",
            "2, s1, Enter, ↓ to Outcome's line, Enter, Tab×6",
        );
        let screen = screen(&state);
        for shown in [
            "Outcome       none  operating ‹acquired› IPO  closed",
            "  date       2026-10-01",
            "Round 1      2026-02-10",
            "  kind       pre-seed",
            "  amount     80000",
            "  investors  KOICA Impact Fund",
            "+ add a funding round",
        ] {
            assert!(screen.contains(shown), "{shown:?} is not shown:\n{screen}");
        }
    }
}
