//! The impact report at scale: generated portfolios (`BENCH_SIZES`, 10
//! notes a startup, a cohort per 100), as the command and the screen meet
//! them. Timed: working the report out (`Report::of_portfolio`, grouped by
//! cohort and by sector), writing it as Markdown and as a workbook, and
//! `R` on Home — the report worked out in the key's turn — followed by
//! drawing the chart at 120×40. `== ` lines give the median and worst of
//! 21 runs; criterion samples the working out.
//! `BENCH_SIZES=10k,100k cargo bench --bench report`.

use std::hint::black_box;

mod common;

use common::{label, median_and_worst as time, portfolio, sizes, today};
use criterion::Criterion;
use incubator::app::{App, Data, Event, Keymap, Overlay};
use incubator::export::summary::SummaryFormat;
use incubator::report::{Grouping, Period, Report};
use incubator::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn main() {
    let mut c = Criterion::default().configure_from_args();
    for n in sizes() {
        measure(&mut c, n);
    }
}

fn measure(c: &mut Criterion, n: usize) {
    let portfolio = portfolio(n);
    let period = Period::until(today());
    let name = label(n);
    let report = Report::of_portfolio(&portfolio, period, Grouping::Cohort);
    time(
        &format!("{name}: work out the report, by cohort"),
        &mut || {
            black_box(Report::of_portfolio(&portfolio, period, Grouping::Cohort));
        },
    );
    time(
        &format!("{name}: work out the report, by sector"),
        &mut || {
            black_box(Report::of_portfolio(&portfolio, period, Grouping::Sector));
        },
    );
    time(&format!("{name}: write it as Markdown"), &mut || {
        black_box(report.render(SummaryFormat::Markdown, false).expect("md"));
    });
    time(&format!("{name}: write it as a workbook"), &mut || {
        black_box(report.render(SummaryFormat::Xlsx, false).expect("xlsx"));
    });

    let mut data = Data::from_portfolio(portfolio.clone());
    data.set_notes(portfolio.notes.clone());
    let mut state = App::new(data, today(), (120, 40), Keymap::default());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    time(&format!("{name}: R on Home, drawn at 120×40"), &mut || {
        state.handle(Event::Key(KeyEvent::new(
            KeyCode::Char('R'),
            KeyModifiers::NONE,
        )));
        terminal
            .draw(|frame| ui::render(&state, frame, Theme::new(true)))
            .expect("drawn");
        assert!(matches!(state.overlay, Overlay::Report(_)));
        state.overlay = Overlay::None;
    });

    let mut group = c.benchmark_group(format!("report {name}"));
    group.sample_size(10);
    group.bench_function("work out, by cohort", |b| {
        b.iter(|| Report::of_portfolio(black_box(&portfolio), period, Grouping::Cohort))
    });
    group.finish();
}
