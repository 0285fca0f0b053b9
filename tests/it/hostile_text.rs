//! Text safety as a property (DESIGN.md, "Text safety"): any string stored
//! in any field, shown on any screen at any size, puts no control
//! character of its own into what goes to the terminal; the same for the
//! Markdown, CSV and JSON summaries and the interchange export, and no CSV
//! cell starts a spreadsheet formula.

use chrono::NaiveDate;
use incubator::app::testing::{ctrl, press, type_keys};
use incubator::app::{App, Data, Event, Keymap};
use incubator::export::summary::{CohortSummary, SummaryFormat};
use incubator::interchange;
use incubator::model::{Founder, Portfolio};
use incubator::ui::{self, Theme};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::crossterm::event::KeyCode;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// What must never reach a terminal from the data: C0 and C1 controls,
/// DEL, the Unicode line and paragraph separators, and the bidirectional
/// overrides and isolates.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Characters an attacker (or a careless paste) puts in a field.
fn a_char() -> impl Strategy<Value = char> {
    let hostile = vec![
        '\u{1b}', '\u{7}', '\u{0}', '\u{8}', '\u{9b}', '\u{9d}', '\u{90}', '\u{7f}', '\r', '\n',
        '\t', '\u{2028}', '\u{2029}', '\u{202e}', '\u{2067}', '\u{200b}', '\u{feff}', '[', ']',
        ';', '=', '+', '-', '@', '|', '"', '\'', '\\', '<', '>', '`', '*', '#', '한', '😀', 'ə',
        '\u{301}',
    ];
    prop_oneof![
        6 => select(hostile),
        3 => prop::char::range('a', 'z'),
        1 => any::<char>(),
    ]
}

/// A field's text, with escape sequences and formula starts mixed in.
fn hostile() -> impl Strategy<Value = String> {
    let pieces = vec![
        "\u{1b}]52;c;ZXZpbA==\u{7}",
        "\u{1b}[2J",
        "\u{1b}]0;pwned\u{7}",
        "\u{9b}31m",
        "\u{1b}P+q\u{1b}\\",
        "=HYPERLINK(\"http://x\")",
        "+cmd|' /C calc'!A0",
        "-1+1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "line one\nline two",
    ];
    (
        vec(a_char(), 0..24).prop_map(|cs| cs.into_iter().collect::<String>()),
        select(pieces),
        any::<bool>(),
    )
        .prop_map(|(text, piece, first)| {
            let text = if first {
                format!("{piece}{text}")
            } else {
                format!("{text}{piece}")
            };
            if text.trim().is_empty() {
                format!("x{text}")
            } else {
                text
            }
        })
}

/// The sample with hostile text in every text field.
fn hostile_portfolio(texts: &[String]) -> Portfolio {
    let mut p = incubator::seed::sample().unwrap().portfolio;
    let mut next = {
        let mut i = 0;
        move || {
            i += 1;
            texts[i % texts.len()].clone()
        }
    };
    for c in &mut p.cohorts {
        c.name = next();
        c.description = next();
    }
    for m in &mut p.mentors {
        m.name = next();
        m.email = next();
        m.organization = next();
        m.expertise = vec![next(), next()];
        m.languages = vec![next()];
    }
    for s in &mut p.startups {
        s.name = next();
        s.one_liner = next();
        s.sector = next();
        s.tags = vec![next(), next()];
        s.website = next();
        s.founders.push(Founder {
            name: next(),
            email: next(),
            role: next(),
        });
    }
    for d in &mut p.demo_days {
        d.venue = next();
        d.investors = vec![next()];
        d.notes = next();
    }
    for n in &mut p.notes {
        n.author = next();
        n.body = next();
    }
    p
}

/// Keys from a fresh session to each screen.
const VIEWS: &[&str] = &[
    "", "1\n", "2", "2\n", "2\n\n", "3", "3\n", "4\n", "5\n", "2?", "2/a", "2f", ":a", ":e\n", "x",
    "3x",
];

fn session(portfolio: &Portfolio, keys: &str, size: (u16, u16)) -> App {
    let mut p = portfolio.clone();
    p.normalize();
    p.arrange();
    let mut state = App::new(
        Data::from_portfolio(p),
        today(),
        (120, 40),
        Keymap::default(),
    );
    for c in keys.chars() {
        match c {
            '\n' => press(&mut state, KeyCode::Enter),
            ':' => ctrl(&mut state, 'k'),
            c => type_keys(&mut state, &c.to_string()),
        }
    }
    state.handle(Event::Resize(size.0, size.1));
    state
}

/// The bytes a real terminal would get, less the escape sequences the
/// backend itself writes (CSI: ESC [ parameters final).
fn terminal_text(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn check_screen(portfolio: &Portfolio, view: &str, size: (u16, u16), colour: bool) {
    let state = session(portfolio, view, size);
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    terminal
        .draw(|frame| ui::render(&state, frame, Theme::new(colour)))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    for (i, cell) in buffer.content.iter().enumerate() {
        assert!(
            !cell.symbol().chars().any(is_unsafe),
            "view {view:?} at {size:?}: control character {:?} in cell {i}",
            cell.symbol()
        );
    }
    // The same frame as bytes for a terminal.
    let mut bytes = Vec::new();
    {
        let mut backend = CrosstermBackend::new(&mut bytes);
        let width = buffer.area.width.max(1);
        backend
            .draw(
                buffer
                    .content
                    .iter()
                    .enumerate()
                    .map(|(i, cell)| ((i as u16) % width, (i as u16) / width, cell)),
            )
            .unwrap();
        Backend::flush(&mut backend).unwrap();
    }
    let text = terminal_text(&bytes);
    let bad: Vec<char> = text.chars().filter(|c| is_unsafe(*c)).collect();
    assert!(
        bad.is_empty(),
        "view {view:?} at {size:?}: {bad:?} in the bytes sent to the terminal"
    );
}

fn check_exports(portfolio: &Portfolio) {
    let mut p = portfolio.clone();
    p.normalize();
    p.arrange();
    for cohort in &p.cohorts {
        let summary = CohortSummary::build(&p, &cohort.id, today()).unwrap();
        let md =
            String::from_utf8(summary.render(SummaryFormat::Markdown, false).unwrap()).unwrap();
        assert!(
            !md.chars().any(|c| c != '\n' && is_unsafe(c)),
            "Markdown of {}: a control character",
            cohort.id
        );
        for excel in [false, true] {
            let bytes = summary.render(SummaryFormat::Csv, excel).unwrap();
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(
                !text.chars().any(|c| c != '\n' && c != '\r' && is_unsafe(c)),
                "CSV of {}: a control character",
                cohort.id
            );
            let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(body);
            for record in reader.records() {
                for cell in record.unwrap().iter() {
                    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                    assert!(
                        !risky || cell.parse::<f64>().is_ok(),
                        "CSV of {}: a cell starts a formula: {cell:?}",
                        cohort.id
                    );
                }
            }
        }
        let json = String::from_utf8(summary.render(SummaryFormat::Json, false).unwrap()).unwrap();
        assert!(
            !json.chars().any(|c| c != '\n' && is_unsafe(c)),
            "JSON of {}: a raw control character",
            cohort.id
        );
        serde_json::from_str::<serde_json::Value>(&json).expect("the JSON summary parses");
    }
    let doc = interchange::to_json(&p, "2026-11-28T09:30:00Z".parse().unwrap());
    assert!(
        !doc.chars().any(|c| c != '\n' && is_unsafe(c)),
        "the interchange export: a raw control character"
    );
    let back = interchange::parse(&doc).unwrap();
    assert_eq!(back.portfolio.startups.len(), p.startups.len());
}

/// `PROPTEST_CASES=N` runs more cases (the fault harness script does).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), ..ProptestConfig::default() })]

    #[test]
    fn hostile_text_never_reaches_the_terminal(
        texts in vec(hostile(), 1..40),
        view in 0..VIEWS.len(),
        width in 1u16..=220,
        height in 1u16..=70,
        colour in any::<bool>(),
    ) {
        let portfolio = hostile_portfolio(&texts);
        check_screen(&portfolio, VIEWS[view], (width, height), colour);
    }

    #[test]
    fn hostile_text_never_reaches_an_export_raw(texts in vec(hostile(), 1..40)) {
        check_exports(&hostile_portfolio(&texts));
    }
}

/// Every view at the sizes people use, once, with colour.
#[test]
fn every_view_at_common_sizes_is_safe() {
    let texts: Vec<String> = [
        "\u{1b}]52;c;ZXZpbA==\u{7}Evil",
        "=1+1",
        "\u{9b}2J",
        "a\u{2028}b",
        "\u{7f}\u{0}",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    let portfolio = hostile_portfolio(&texts);
    for view in VIEWS {
        for size in [(80, 24), (120, 40), (200, 60), (40, 10), (20, 5)] {
            check_screen(&portfolio, view, size, true);
        }
    }
    check_exports(&portfolio);
}
