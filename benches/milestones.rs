//! Milestones at scale: 100,000 startups with 3 milestones each (300,000),
//! as the screen meets them. Timed, 21 runs each (`== ` lines: median and
//! worst): a milestone ticked off as the store's change feed hands it to a
//! session on the Startups tab at 200×60 (where the Next goal column
//! shows), followed and drawn; the same on Home (which lists what is
//! overdue and due this week); and sorting the Startups list by next goal
//! (`S` on the list sorted so: it sorts again, reversed).
//! `BENCH_SIZES=10k,100k cargo bench --bench milestones`.

mod common;

use chrono::NaiveDate;
use common::{median_and_worst as time, sizes};
use incubator::app::{App, Data, Event, Keymap, Update};
use incubator::generate::{Rng, portfolio};
use incubator::model::{Kind, Milestone, Record};
use incubator::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Milestones a startup: 3, or `MILESTONES_EACH` (0 measures what a write
/// costs without any, for comparison).
fn each() -> usize {
    std::env::var("MILESTONES_EACH")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3)
}
const TITLES: &[&str] = &[
    "First paying pilot",
    "Ten customers",
    "Seed round",
    "Hire a CTO",
];

fn today() -> NaiveDate {
    "2026-06-15".parse().expect("date")
}

fn key(state: &mut App, c: char) {
    state.handle(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )));
}

fn main() {
    for n in sizes() {
        measure(n);
    }
}

fn measure(startups: usize) {
    let mut p = portfolio(startups, 1);
    let mut rng = Rng::new(7);
    let mut n = 0;
    for s in &p.startups {
        for k in 0..each() {
            n += 1;
            // Due from three months before the day to six after; a third done.
            let due = today() + chrono::Duration::days(rng.below(270) as i64 - 90);
            p.milestones.push(Milestone {
                id: format!("ms{n}"),
                startup: s.id.clone(),
                title: TITLES[(k + n) % TITLES.len()].into(),
                due,
                done: (rng.below(3) == 0).then_some(due),
                notes: Vec::new(),
            });
        }
    }
    p.arrange();
    println!(
        "== {} startups, {} milestones",
        p.startups.len(),
        p.milestones.len()
    );
    let mut state = App::new(
        Data::from_portfolio(p.clone()),
        today(),
        (200, 60),
        Keymap::default(),
    );
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    let mut landed = p.milestones.get(4_242 % p.milestones.len().max(1)).cloned();
    let mut flip = false;
    let mut tick = |state: &mut App, terminal: &mut Terminal<TestBackend>| {
        flip = !flip;
        if let Some(landed) = &mut landed {
            landed.done = flip.then_some(today());
            state.handle(Event::Stored(Update::Record {
                kind: Kind::Milestone,
                id: landed.id.clone(),
                record: Some(Box::new(Record::Milestone(landed.clone()))),
                who: "bench".into(),
            }));
        }
        terminal
            .draw(|frame| ui::render(state, frame, Theme::new(true)))
            .expect("draw");
    };
    time(
        "Home, 200x60: a milestone ticked off, followed and drawn",
        &mut || tick(&mut state, &mut terminal),
    );
    // What any write costs a session at this size, for comparison: a
    // record nothing on screen lists (an office hour), followed and drawn.
    let mut slot = incubator::model::testing::office_hour("oh1", "m1", "2026-06-16T10:00:00+04:00");
    time(
        "Home, 200x60: an office hour written, followed and drawn",
        &mut || {
            slot.minutes = if slot.minutes == 30 { 45 } else { 30 };
            state.handle(Event::Stored(Update::Record {
                kind: Kind::OfficeHour,
                id: slot.id.clone(),
                record: Some(Box::new(Record::OfficeHour(slot.clone()))),
                who: "bench".into(),
            }));
            terminal
                .draw(|frame| ui::render(&state, frame, Theme::new(true)))
                .expect("draw");
        },
    );
    key(&mut state, '2');
    time(
        "Startups, 200x60: a milestone ticked off, followed and drawn",
        &mut || tick(&mut state, &mut terminal),
    );
    // s six times from name: stage, status, cohort, mentors, last note,
    // next goal; then S (reverse) sorts the list again by next goal.
    for _ in 0..6 {
        key(&mut state, 's');
    }
    assert_eq!(state.status.as_deref(), Some("Sorted by next goal"));
    time(
        "Startups sorted by next goal (S: the list sorted again), drawn",
        &mut || {
            key(&mut state, 'S');
            terminal
                .draw(|frame| ui::render(&state, frame, Theme::new(true)))
                .expect("draw");
        },
    );
}
