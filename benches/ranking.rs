//! A call's whole ranking (`incubator::ranking::rank`), which the screen
//! runs again when a review lands: it must fit in one frame (16 ms) at
//! 10,000 applications and 50,000 reviews.
//!
//! The data is made here (seed 1): one call with three weighted criteria,
//! 10,000 applications each listing 6 of 200 reviewers, 50,000 reviews
//! (5 an application, so one listed reviewer a application is missing),
//! 1 in 50 declaring a conflict, each reviewer leaning generous or harsh.
//! A second call's applications and reviews (2,000 and 10,000) are passed
//! too, as the screen passes every record it holds.
//!
//! Timed: `rank` from the records; `Ranker::new` (what the screen builds
//! once); and a review landing in a kept `Ranker` (`put_review`, then
//! `ranking()`), what the screen does a review. `== ` lines give the
//! median and worst of 21 runs; criterion samples two of them.
//! `cargo bench --bench ranking`.

use std::collections::BTreeMap;
use std::hint::black_box;

mod common;

use common::median_and_worst as time;
use criterion::Criterion;
use incubator::app::{App, Data, Event, Keymap, Update};
use incubator::generate::Rng;
use incubator::model::{Application, ApplicationStage, Call, Criterion as Rubric, Review};
use incubator::model::{Kind, Portfolio, Record};
use incubator::ranking::{Ranker, rank};
use incubator::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const APPLICATIONS: usize = 10_000;
const REVIEWS_EACH: usize = 5;
const LISTED_EACH: usize = 6;
const REVIEWERS: usize = 200;
const OTHER_CALL_APPLICATIONS: usize = 2_000;

const WORDS: &[&str] = &[
    "Nar",
    "Kilim",
    "Şəbəkə",
    "Xəzər",
    "Bakı",
    "Göy",
    "Solar",
    "Health",
    "Pay",
    "Craft",
    "Labs",
    "김치",
    "서울",
    "Data",
    "Agro",
    "İpək",
];

fn call(id: &str) -> Call {
    let criterion = |name: &str, weight| Rubric {
        name: name.into(),
        weight,
    };
    Call {
        id: id.into(),
        cohort: "c1".into(),
        name: format!("Call {id}"),
        opens: "2026-12-01".parse().expect("date"),
        closes: "2027-01-15".parse().expect("date"),
        criteria: vec![
            criterion("Team", 3),
            criterion("Market", 2),
            criterion("Traction", 1),
        ],
        questions: Vec::new(),
    }
}

/// `n` applications to `call` (ids from `first`) and their reviews.
fn records(rng: &mut Rng, call: &str, first: usize, n: usize) -> (Vec<Application>, Vec<Review>) {
    let submitted = "2026-12-03T11:20:00+04:00".parse().expect("time");
    let mut applications = Vec::with_capacity(n);
    let mut reviews = Vec::with_capacity(n * REVIEWS_EACH);
    for i in first..first + n {
        let id = format!("a{i}");
        let start = rng.below(REVIEWERS);
        let listed: Vec<String> = (0..LISTED_EACH)
            .map(|k| format!("m{}", (start + k * 7) % REVIEWERS + 1))
            .collect();
        for reviewer in listed.iter().take(REVIEWS_EACH) {
            // Reviewer mN leans by N: some give 4–5, some 1–3.
            let lean: u64 = reviewer[1..].parse::<u64>().unwrap_or(0) % 3;
            let mut score = || (rng.between(1, 3) + lean).min(5) as u8;
            let scores: BTreeMap<String, u8> = [
                ("Team".to_string(), score()),
                ("Market".to_string(), score()),
                ("Traction".to_string(), score()),
            ]
            .into();
            reviews.push(Review {
                id: format!("r{}", reviews.len() + first * REVIEWS_EACH),
                application: id.clone(),
                reviewer: reviewer.clone(),
                scores,
                comment: String::new(),
                conflict: rng.below(50) == 0,
                at: submitted,
            });
        }
        applications.push(Application {
            id,
            call: call.into(),
            name: format!("{} {} {i}", rng.pick(WORDS), rng.pick(WORDS)),
            one_liner: String::new(),
            sector: String::new(),
            founders: Vec::new(),
            answers: Vec::new(),
            submitted_at: submitted,
            stage: ApplicationStage::Screening,
            reviewers: listed,
            startup: None,
        });
    }
    (applications, reviews)
}

/// A session on the Calls tab of a portfolio holding `call` (to cohort
/// c1), its applications and reviews, and the 200 reviewers.
fn calls_tab(call: &Call, applications: &[Application], reviews: &[Review]) -> App {
    let mut portfolio = Portfolio::default();
    let mut cohort = incubator::model::testing::cohort("c1", "2027-03-01", "2027-06-25");
    cohort.capacity = 20;
    portfolio.cohorts.push(cohort);
    portfolio.mentors = (0..REVIEWERS)
        .map(|m| incubator::model::testing::mentor(&format!("m{m}"), 3))
        .collect();
    portfolio.calls.push(call.clone());
    portfolio.applications = applications.to_vec();
    portfolio.reviews = reviews.to_vec();
    portfolio.arrange();
    let today = "2026-12-07".parse().expect("date");
    let mut state = App::new(
        Data::from_portfolio(portfolio),
        today,
        (120, 40),
        Keymap::default(),
    );
    state.handle(Event::Key(KeyEvent::new(
        KeyCode::Char('6'),
        KeyModifiers::NONE,
    )));
    assert!(
        state.calls.pipeline.is_some(),
        "the Calls tab shows the call"
    );
    state
}

fn main() {
    let mut rng = Rng::new(1);
    let (mut applications, mut reviews) = records(&mut rng, "call1", 1, APPLICATIONS);
    let (others, other_reviews) =
        records(&mut rng, "call2", APPLICATIONS + 1, OTHER_CALL_APPLICATIONS);
    applications.extend(others);
    reviews.extend(other_reviews);
    let call = call("call1");

    let ranking = rank(&call, &applications, &reviews);
    let counted = ranking.counted;
    assert_eq!(ranking.rows.len(), APPLICATIONS);
    println!(
        "== {APPLICATIONS} applications, {} reviews of them ({counted} counted, {} conflicts), \
         {} records of another call",
        APPLICATIONS * REVIEWS_EACH,
        ranking.conflicts,
        OTHER_CALL_APPLICATIONS * (1 + REVIEWS_EACH),
    );
    time("rank, from the records", &mut || {
        black_box(rank(&call, black_box(&applications), black_box(&reviews)));
    });
    time("Ranker::new, from the records", &mut || {
        black_box(Ranker::new(
            &call,
            black_box(&applications),
            black_box(&reviews),
        ));
    });
    // A review lands: one reviewer's scores change, so does every total
    // they gave (their scale) and the call's scale.
    let mut ranker = Ranker::new(&call, &applications, &reviews);
    let mut landed = reviews[42].clone();
    let mut flip = 0u8;
    let mut one_review = || {
        flip = flip % 5 + 1;
        if let Some(score) = landed.scores.get_mut("Team") {
            *score = flip;
        }
        ranker.put_review(black_box(&landed));
        black_box(ranker.ranking());
    };
    time(
        "a review lands: Ranker::put_review, then ranking()",
        &mut one_review,
    );

    // The Calls tab itself: a session showing the call when a review
    // lands, as the store's change feed hands it over, then drawn.
    let mut state = calls_tab(&call, &applications, &reviews);
    let mut landed = reviews[42].clone();
    let mut flip = 0u8;
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut on_screen = || {
        flip = flip % 5 + 1;
        if let Some(score) = landed.scores.get_mut("Team") {
            *score = flip;
        }
        state.handle(Event::Stored(Update::Record {
            kind: Kind::Review,
            id: landed.id.clone(),
            record: Some(Box::new(Record::Review(landed.clone()))),
            who: "bench".into(),
        }));
        terminal
            .draw(|frame| ui::render(&state, frame, Theme::new(true)))
            .expect("draw");
    };
    time(
        "the Calls tab, 120x40: a review lands, followed and drawn",
        &mut on_screen,
    );

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("ranking");
    group.sample_size(30);
    group.bench_function("rank: 10k applications, 50k reviews", |b| {
        b.iter(|| rank(&call, black_box(&applications), black_box(&reviews)))
    });
    group.bench_function("a review lands (put_review, ranking)", |b| {
        b.iter(&mut one_review)
    });
    group.finish();
    c.final_summary();
}
