//! TUI budgets (DESIGN.md "Performance budgets", on a 2-core machine), at
//! each size of `BENCH_SIZES` (1k, 10k, 100k startups; 10 notes each):
//!
//! 1. First frame under 150 ms at 10k: in process (open the store, read
//!    what the first frame needs, `App::new`, draw) part by part, and the
//!    real binary in a pseudo-terminal, from spawn to the first screen.
//! 2. Drawing a frame under 1 ms at 200×60 (and 80×24), through
//!    `Terminal::draw` (render, diff, backend) as a user sees it.
//! 3. A search keystroke under 5 ms at 10k and 16 ms at 100k (the worst
//!    one): "sebeke" typed a letter at a time into the `/` filter on
//!    Startups and into the Ctrl-K palette; "kalo mobi" too (two words,
//!    looked for as a phrase), its figures printed only.
//! 4. Under 300 bytes to the terminal for a one-row move, and what one
//!    typed character costs (counted, not timed: printed before criterion
//!    runs).
//! 5. Under 100 MB resident at 10k: the real binary's VmRSS after its first
//!    frame, read from /proc/PID/status.
//! 6. A write seen by a session (`write seen`): what another user's new
//!    note or renamed startup costs each session that shows the portfolio
//!    (over SSH, every session pays it at once).
//!
//! Run a part: `cargo bench --bench tui -- 'draw'`; a size:
//! `BENCH_SIZES=10k cargo bench --bench tui`. Counted figures only (no
//! timing): `cargo bench --bench tui -- --list`. The real binary is
//! `INCUBATOR_BIN` if set (to time another build), else this build's.

mod common;

use std::cell::RefCell;
use std::hint::black_box;
use std::io::{self, Read, Write};
use std::path::Path;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{database, label, memory_kb, portfolio, sizes, today};
use criterion::{Criterion, SamplingMode};
use incubator::app::{Action, App, BuiltIndex, Data, Event, Keymap, Loaded, Update};
use incubator::model::{Note, NoteKind, Portfolio, Record};
use incubator::search::SearchIndex;
use incubator::store::Store;
use incubator::term::{PtySize, ScrollingBackend, SizedBackend};
use incubator::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a person types, a letter at a time: six letters, folded
/// (`sebeke` finds Şəbəkə), in startup names and in notes.
const TYPED: &str = "sebeke";
/// Typed too (figures printed only): a query of two words, which every
/// text is searched for as a phrase (`search::phrase`).
const PHRASE: &str = "kalo mobi";

fn theme() -> Theme {
    Theme::new(true)
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// A session over `portfolio` (notes loaded), its search index built.
fn session(portfolio: &Portfolio, size: (u16, u16)) -> App {
    let mut state = App::new(
        Data::from_portfolio(portfolio.clone()),
        today(),
        size,
        Keymap::default(),
    );
    let generation = state.data().generation();
    state.loaded(Loaded::Index(BuiltIndex {
        generation,
        index: std::sync::Arc::new(SearchIndex::build(portfolio)),
    }));
    state
}

fn test_terminal(width: u16, height: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).expect("test terminal")
}

/// A writer whose bytes the bench can count while a `Terminal` owns it.
#[derive(Clone, Default)]
struct Tap(Rc<RefCell<Vec<u8>>>);

impl Tap {
    fn take(&self) -> usize {
        let n = self.0.borrow().len();
        self.0.borrow_mut().clear();
        n
    }
}

impl Write for Tap {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The terminal the product draws on (the scrolling backend over
/// crossterm), of a fixed size, writing into `tap`: the escape codes a
/// real terminal would receive.
fn crossterm_terminal(
    tap: &Tap,
    width: u16,
    height: u16,
) -> Terminal<ScrollingBackend<SizedBackend<Tap>>> {
    let size = Arc::new(PtySize::new(width, height));
    Terminal::new(ScrollingBackend::new(SizedBackend::new(tap.clone(), size)))
        .expect("crossterm terminal")
}

/// Time `work` on a fresh input from `setup` each iteration.
fn timed<I, O>(iters: u64, mut setup: impl FnMut() -> I, mut work: impl FnMut(I) -> O) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let input = setup();
        let started = Instant::now();
        let output = work(input);
        total += started.elapsed();
        drop(black_box(output));
    }
    total
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

// ---------------------------------------------------------------------
// 4. Bytes to the terminal (counted)
// ---------------------------------------------------------------------

/// Bytes the next draw sends after `event`, from a state already drawn.
fn bytes_after(state: &mut App, size: (u16, u16), events: &[Event]) -> usize {
    let tap = Tap::default();
    let mut terminal = crossterm_terminal(&tap, size.0, size.1);
    terminal
        .draw(|f| ui::render(state, f, theme()))
        .expect("draw");
    tap.take();
    for event in events {
        state.handle(event.clone());
    }
    terminal
        .draw(|f| ui::render(state, f, theme()))
        .expect("draw");
    tap.take()
}

fn bytes(n: usize, portfolio: &Portfolio) {
    eprintln!();
    eprintln!(
        "== {}: bytes sent to the terminal (budget: < 300 for a one-row move) ==",
        label(n)
    );
    for size in [(80u16, 24u16), (120, 40), (200, 60)] {
        let visible = usize::from(size.1.saturating_sub(5));
        let mut line = format!("{:>4}x{:<3}", size.0, size.1);
        let mut home = session(portfolio, size);
        let sent = bytes_after(&mut home, size, &[key(KeyCode::Down)]);
        line.push_str(&format!("  Home Down: {sent:>5}"));
        for (what, start) in [("mid-page", visible / 2), ("page edge", visible - 1)] {
            let mut state = startups_at_row(portfolio, size, start);
            let sent = bytes_after(&mut state, size, &[key(KeyCode::Down)]);
            line.push_str(&format!("  Down {what}: {sent:>5}"));
        }
        let mut state = session(portfolio, size);
        state.handle(key(KeyCode::Char('2')));
        state.handle(key(KeyCode::Char('/')));
        let sent = bytes_after(&mut state, size, &[key(KeyCode::Char('s'))]);
        line.push_str(&format!("  / filter 's': {sent:>5}"));
        let sent = bytes_after(&mut state, size, &[key(KeyCode::Char('e'))]);
        line.push_str(&format!("  +'e': {sent:>5}"));
        let mut state = session(portfolio, size);
        state.handle(ctrl('k'));
        let sent = bytes_after(&mut state, size, &[key(KeyCode::Char('s'))]);
        line.push_str(&format!("  palette 's': {sent:>5}"));
        let sent = bytes_after(&mut state, size, &[key(KeyCode::Char('e'))]);
        line.push_str(&format!("  +'e': {sent:>5}"));
        eprintln!("{line}");
    }
}

// ---------------------------------------------------------------------
// 1. First frame
// ---------------------------------------------------------------------

fn first_frame(c: &mut Criterion, n: usize, db: &Path) {
    let mut group = c.benchmark_group(format!("first frame {} (budget 150 ms at 10k)", label(n)));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(if n >= 100_000 { 20 } else { 4 }));

    group.bench_function("1 Store::open", |b| {
        b.iter_custom(|iters| timed(iters, || (), |()| Store::open(db).expect("open")))
    });
    {
        let store = Store::open(db).expect("open");
        group.bench_function("2 Data::load_first (all but notes + note summary)", |b| {
            b.iter_custom(|iters| timed(iters, || (), |()| Data::load_first(&store).expect("load")))
        });
        group.bench_function("2' Data::load (everything, as before)", |b| {
            b.iter_custom(|iters| timed(iters, || (), |()| Data::load(&store).expect("load")))
        });
        group.bench_function("3 App::new 120x40", |b| {
            b.iter_custom(|iters| {
                timed(
                    iters,
                    || Data::load_first(&store).expect("load"),
                    |data| App::new(data, today(), (120, 40), Keymap::default()),
                )
            })
        });
    }
    let whole = |load: fn(&Store) -> Result<Data, incubator::store::StoreError>| {
        move |()| {
            let store = Store::open(db).expect("open");
            let data = load(&store).expect("load");
            let state = App::new(data, today(), (120, 40), Keymap::default());
            let mut terminal = test_terminal(120, 40);
            terminal
                .draw(|f| ui::render(&state, f, theme()))
                .expect("draw");
            (store, state, terminal)
        }
    };
    group.bench_function("4 whole: open + load_first + App::new + draw", |b| {
        b.iter_custom(|iters| timed(iters, || (), whole(Data::load_first)))
    });
    group.bench_function("4' whole, as before: open + load + App::new + draw", |b| {
        b.iter_custom(|iters| timed(iters, || (), whole(Data::load)))
    });
    group.finish();
}

/// The real binary in a 120×40 pseudo-terminal: from spawn until the
/// Home tab shows; then its memory, then `q`.
struct Launched {
    first_frame: Duration,
    rss_kb: u64,
    /// Resident a second later, once the notes (and index) may have come.
    rss_later_kb: u64,
}

fn launch(binary: &Path, db: &Path, later: bool) -> Launched {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let home = tempfile::tempdir().expect("temp dir");
    let mut cmd = CommandBuilder::new(binary);
    cmd.arg("--db");
    cmd.arg(db);
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", home.path());
    cmd.env("XDG_CONFIG_HOME", home.path());
    cmd.env_remove("NO_COLOR");
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let pid = child.process_id().expect("a pid").to_string();
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut writer = pty.master.take_writer().expect("writer");
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        40u16.try_into().expect("rows"),
        120u16.try_into().expect("cols"),
        0,
    )));
    let shown = Arc::new(Mutex::new(None::<Instant>));
    let feeder = {
        let (screen, shown) = (Arc::clone(&screen), Arc::clone(&shown));
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(read) = reader.read(&mut buf) {
                if read == 0 {
                    break;
                }
                let mut screen = screen.lock().expect("screen");
                screen.process(&buf[..read]);
                let mut shown = shown.lock().expect("shown");
                if shown.is_none() && screen.screen().contents().contains("Needs attention") {
                    *shown = Some(Instant::now());
                }
            }
        })
    };
    let first_frame = loop {
        if let Some(at) = *shown.lock().expect("shown") {
            break at - started;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no first frame after a minute: {}",
            screen.lock().expect("screen").screen().contents()
        );
        std::thread::sleep(Duration::from_micros(200));
    };
    let (rss_kb, _) = memory_kb(&pid);
    let rss_later_kb = if later {
        std::thread::sleep(Duration::from_secs(2));
        memory_kb(&pid).0
    } else {
        rss_kb
    };
    writer.write_all(b"q").expect("type q");
    writer.flush().expect("flush");
    let _ = child.wait();
    drop(writer);
    drop(pty.master);
    let _ = feeder.join();
    Launched {
        first_frame,
        rss_kb,
        rss_later_kb,
    }
}

fn binary() -> std::path::PathBuf {
    std::env::var_os("INCUBATOR_BIN")
        .map(Into::into)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_incubator").into())
}

fn real_binary(c: &mut Criterion, n: usize, db: &Path) {
    let binary = binary();
    // Memory first, counted: resident after the first frame and later.
    let runs: Vec<Launched> = (0..3).map(|_| launch(&binary, db, true)).collect();
    let ms = |l: &Launched| l.first_frame.as_secs_f64() * 1e3;
    eprintln!(
        "== {}: real binary ({}) in a 120x40 pty: first frame {} ms; resident after it {} MB, 2 s later {} MB (budget 100 MB at 10k) ==",
        label(n),
        binary.display(),
        runs.iter()
            .map(|l| format!("{:.0}", ms(l)))
            .collect::<Vec<_>>()
            .join("/"),
        runs.iter()
            .map(|l| format!("{:.0}", l.rss_kb as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join("/"),
        runs.iter()
            .map(|l| format!("{:.0}", l.rss_later_kb as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join("/"),
    );
    let mut group = c.benchmark_group(format!("first frame {} (budget 150 ms at 10k)", label(n)));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(100));
    group.measurement_time(Duration::from_secs(if n >= 100_000 { 30 } else { 5 }));
    group.bench_function("5 real binary in a pty: spawn to first screen", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| launch(&binary, db, false).first_frame)
                .sum()
        })
    });
    group.finish();
}

// ---------------------------------------------------------------------
// 2. Drawing
// ---------------------------------------------------------------------

fn drawing(c: &mut Criterion, n: usize, portfolio: &Portfolio) {
    let mut group = c.benchmark_group(format!("draw {} (budget 1 ms at 200x60)", label(n)));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(1));
    for (width, height) in [(80u16, 24u16), (200, 60)] {
        let home = session(portfolio, (width, height));
        let mut startups = session(portfolio, (width, height));
        startups.apply(Action::Startups);
        // A startup with notes in view.
        while startups
            .selected_id()
            .is_some_and(|id| startups.data().notes_of(&id).next().is_none())
        {
            startups.apply(Action::Down);
        }
        let mut cohorts = session(portfolio, (width, height));
        cohorts.apply(Action::Cohorts);
        let mut mentors = session(portfolio, (width, height));
        mentors.apply(Action::Mentors);
        let mut palette = session(portfolio, (width, height));
        palette.apply(Action::Startups);
        palette.handle(ctrl('k'));
        for c in TYPED.chars() {
            palette.handle(key(KeyCode::Char(c)));
        }
        for (name, state) in [
            ("Home", &home),
            ("Startups", &startups),
            ("Cohorts", &cohorts),
            ("Mentors", &mentors),
            ("palette", &palette),
        ] {
            let mut terminal = test_terminal(width, height);
            group.bench_function(format!("{width}x{height} {name}"), |b| {
                b.iter(|| {
                    terminal
                        .draw(|f| ui::render(state, f, theme()))
                        .expect("draw");
                })
            });
        }
        // An arrow key at the page edge, both ways in turn: each frame
        // scrolls the list a row. What the scrolling backend adds to
        // ratatui's draw (the escape codes go to a sink).
        let edge = page_edge(portfolio, (width, height));
        let pty = || Arc::new(PtySize::new(width, height));
        let mut plain = Terminal::new(SizedBackend::new(io::sink(), pty())).expect("terminal");
        let mut scrolling =
            Terminal::new(ScrollingBackend::new(SizedBackend::new(io::sink(), pty())))
                .expect("terminal");
        let mut turn = 0;
        group.bench_function(
            format!("{width}x{height} list scrolls a row, ratatui alone"),
            |b| {
                b.iter(|| {
                    turn ^= 1;
                    plain
                        .draw(|f| ui::render(&edge[turn], f, theme()))
                        .expect("draw");
                })
            },
        );
        group.bench_function(
            format!("{width}x{height} list scrolls a row, scrolling backend"),
            |b| {
                b.iter(|| {
                    turn ^= 1;
                    scrolling
                        .draw(|f| ui::render(&edge[turn], f, theme()))
                        .expect("draw");
                })
            },
        );
    }
    group.finish();
}

/// The startups list with the selection on the last row on screen, and
/// the same after one more Down (the list scrolls a row).
fn page_edge(portfolio: &Portfolio, size: (u16, u16)) -> [App; 2] {
    let last_row = usize::from(size.1.saturating_sub(6));
    let mut scrolled = startups_at_row(portfolio, size, last_row);
    scrolled.handle(key(KeyCode::Down));
    [startups_at_row(portfolio, size, last_row), scrolled]
}

/// The startups list with the selection moved `row` rows down.
fn startups_at_row(portfolio: &Portfolio, size: (u16, u16), row: usize) -> App {
    let mut state = session(portfolio, size);
    state.handle(key(KeyCode::Char('2')));
    for _ in 0..row {
        state.handle(key(KeyCode::Down));
    }
    state
}

// ---------------------------------------------------------------------
// 3. Search keystrokes
// ---------------------------------------------------------------------

/// Where the typing goes.
#[derive(Clone, Copy)]
enum Box_ {
    Filter,
    Palette,
}

/// Open the box, type `typed` a letter at a time; each keystroke's time.
fn type_into(state: &mut App, into: Box_, typed: &str) -> Vec<Duration> {
    match into {
        Box_::Filter => {
            state.apply(Action::Startups);
            state.handle(key(KeyCode::Char('/')));
        }
        Box_::Palette => state.handle(ctrl('k')),
    }
    let times = typed
        .chars()
        .map(|c| {
            let started = Instant::now();
            state.handle(key(KeyCode::Char(c)));
            started.elapsed()
        })
        .collect();
    // Close it again (not timed): Esc clears a filter (the sorted rows are kept).
    state.handle(key(KeyCode::Esc));
    if matches!(into, Box_::Filter) {
        state.apply(Action::Home);
    }
    times
}

fn keystrokes(c: &mut Criterion, n: usize, portfolio: &Portfolio) {
    let budget = if n >= 100_000 { 16 } else { 5 };
    let mut state = session(portfolio, (120, 40));
    // Each keystroke's median over runs, and the worst.
    let boxes = [("/ filter", Box_::Filter), ("palette", Box_::Palette)];
    for (typed, (name, into)) in [TYPED, PHRASE]
        .into_iter()
        .flat_map(|typed| boxes.map(|b| (typed, b)))
    {
        let runs: Vec<Vec<Duration>> = (0..9).map(|_| type_into(&mut state, into, typed)).collect();
        let per_key: Vec<Duration> = (0..typed.chars().count())
            .map(|k| median(runs.iter().map(|r| r[k]).collect()))
            .collect();
        let total: Duration = per_key.iter().sum();
        let worst = per_key.iter().max().copied().unwrap_or_default();
        eprintln!(
            "== {}: {name} typing {typed:?}: per keystroke (median of 9) {} ms; total {:.2} ms; worst {:.2} ms (budget {budget} ms) ==",
            label(n),
            per_key
                .iter()
                .map(|d| format!("{:.2}", d.as_secs_f64() * 1e3))
                .collect::<Vec<_>>()
                .join(" "),
            total.as_secs_f64() * 1e3,
            worst.as_secs_f64() * 1e3,
        );
    }
    let mut group = c.benchmark_group(format!(
        "keystroke {} (budget {budget} ms, worst keystroke)",
        label(n)
    ));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(2));
    for (name, into) in [("/ filter", Box_::Filter), ("palette", Box_::Palette)] {
        group.bench_function(format!("{name}: {TYPED:?} typed, total of 6"), |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| type_into(&mut state, into, TYPED).iter().sum::<Duration>())
                    .sum()
            })
        });
        group.bench_function(format!("{name}: {TYPED:?} typed, worst of 6"), |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| {
                        type_into(&mut state, into, TYPED)
                            .into_iter()
                            .max()
                            .unwrap_or_default()
                    })
                    .sum()
            })
        });
    }
    group.bench_function("s on Startups: sorted by the next column", |b| {
        state.apply(Action::Startups);
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let started = Instant::now();
                state.handle(key(KeyCode::Char('s')));
                total += started.elapsed();
            }
            total
        })
    });
    group.bench_function("/ filter: Esc (clear: every row, in sort order)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                state.apply(Action::Startups);
                state.handle(key(KeyCode::Char('/')));
                state.handle(key(KeyCode::Char('s')));
                let started = Instant::now();
                state.handle(key(KeyCode::Esc));
                total += started.elapsed();
            }
            total
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("search index {}", label(n)));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(if n >= 100_000 { 15 } else { 3 }));
    group.bench_function("SearchIndex::build (off the first frame)", |b| {
        b.iter(|| SearchIndex::build(black_box(portfolio)))
    });
    group.finish();
}

// ---------------------------------------------------------------------
// 6. A write seen by a session
// ---------------------------------------------------------------------

/// Another user's write as it reaches a session.
fn stored(record: Record) -> Event {
    Event::Stored(Update::Record {
        kind: record.kind(),
        id: record.id().to_string(),
        record: Some(Box::new(record)),
        who: "someone else".into(),
    })
}

fn writes_seen(c: &mut Criterion, n: usize, portfolio: &Portfolio) {
    let mut group = c.benchmark_group(format!("write seen {}", label(n)));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(3));
    // Every list visited once, as a session that has been used has them.
    let mut state = session(portfolio, (120, 40));
    for tab in [
        Action::Cohorts,
        Action::Mentors,
        Action::DemoDays,
        Action::Startups,
    ] {
        state.apply(tab);
    }
    let startup = portfolio.startups[portfolio.startups.len() / 2].clone();
    let mut written = 0u64;
    group.bench_function("a new note on a startup", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                written += 1;
                let note = Note {
                    // The next free id, as the store gives it.
                    id: format!("n{}", portfolio.notes.len() as u64 + written),
                    startup: startup.id.clone(),
                    author: "someone else".into(),
                    kind: NoteKind::Session,
                    created_at: portfolio.notes[0].created_at,
                    body: "Went through the pricing again".into(),
                };
                let event = stored(Record::Note(note));
                let started = Instant::now();
                state.handle(event);
                total += started.elapsed();
            }
            total
        })
    });
    group.bench_function("a startup renamed", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                written += 1;
                let mut renamed = startup.clone();
                renamed.name = format!("{} {written}", startup.name);
                let event = stored(Record::Startup(renamed));
                let started = Instant::now();
                state.handle(event);
                total += started.elapsed();
            }
            total
        })
    });
    group.finish();
}

/// Whether a part runs: all without a filter, else those the filter
/// names (`first frame`, `real binary`, `draw`, `keystroke`, `bytes`,
/// `write seen`).
fn wanted(part: &str) -> bool {
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-') && a != "tui");
    filter.is_none_or(|f| part.contains(f.as_str()) || f.contains(part))
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let listing = std::env::args().any(|a| a == "--list");
    for n in sizes() {
        let portfolio = portfolio(n);
        if wanted("bytes") || listing {
            bytes(n, &portfolio);
        }
        if listing {
            continue;
        }
        // A database only for the parts that open one (at 100k it takes
        // minutes to write the first time).
        if wanted("first frame") || wanted("first frame real binary") {
            let db = database(n);
            if wanted("first frame") {
                first_frame(&mut c, n, &db);
            }
            if wanted("first frame real binary") {
                real_binary(&mut c, n, &db);
            }
        }
        if wanted("draw") {
            drawing(&mut c, n, &portfolio);
        }
        if wanted("keystroke") {
            keystrokes(&mut c, n, &portfolio);
        }
        if wanted("write seen") {
            writes_seen(&mut c, n, &portfolio);
        }
    }
    c.final_summary();
}
