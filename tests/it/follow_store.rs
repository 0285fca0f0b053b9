//! The screen follows the store: a write that lands while a session is
//! open (another SSH user, another part of the program) shows on screen
//! without a key press, through the store's change feed.

use std::sync::mpsc::Receiver;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use incubator::app::{App, Data, Event, Keymap, Overlay, Tab};
use incubator::model::Parsed;
use incubator::model::testing;
use incubator::model::{Kind, Record};
use incubator::store::{Change, Store};
use incubator::term::read_update;
use incubator::ui::{self, Theme};
use incubator::workspace::{self, IfNew};

fn open_sample(dir: &tempfile::TempDir) -> Store {
    workspace::open(&dir.path().join("db"), IfNew::Sample)
        .expect("a new database with the sample")
        .store
}

fn session(store: &Store) -> App {
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let mut state = App::new(
        Data::load(store).unwrap(),
        today,
        (120, 60),
        Keymap::default(),
    );
    state.user = "nigar".into();
    state
}

fn keys(state: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        state.handle(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

/// What a front end does with the feed: read each change back, feed it in.
fn follow(store: &Store, changes: &Receiver<Change>, state: &mut App) -> usize {
    let mut fed = 0;
    while let Ok(change) = changes.try_recv() {
        let update = read_update(store, change).expect("the change reads back");
        state.handle(Event::Stored(update));
        fed += 1;
    }
    fed
}

fn screen(state: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(state.size.0, state.size.1)).unwrap();
    terminal
        .draw(|frame| ui::render(state, frame, Theme::new(false)))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn a_note_written_elsewhere_shows_in_the_open_details() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_sample(&dir);
    let changes = store.subscribe();
    let mut state = session(&store);
    keys(&mut state, "2/bazarim\n\n");
    assert!(screen(&state).contains("Notes (2)"), "{}", screen(&state));

    let mut note = testing::note("", "s11", "Follow-up call with PASHA Capital booked.");
    note.created_at = "2026-11-27T10:00:00+04:00".parse().unwrap();
    let written = store.create("aysel", Record::Note(note)).unwrap();
    assert_eq!(follow(&store, &changes, &mut state), 1);

    let shown = screen(&state);
    assert!(shown.contains("Notes (3)"), "{shown}");
    assert!(
        shown.contains("Follow-up call with PASHA Capital booked."),
        "{shown}"
    );
    assert_eq!(
        state.selected_id().as_deref(),
        Some("s11"),
        "still on Bazarım"
    );
    assert_eq!(
        state.status.as_deref(),
        Some("aysel just wrote a note here: Follow-up call with PASHA Capital booked."),
        "the user is told who wrote it"
    );
    // The search index follows too.
    keys(&mut state, ":");
    for c in "pasha capital booked".chars() {
        keys(&mut state, &c.to_string());
    }
    let Overlay::Palette(palette) = &state.overlay else {
        panic!("the palette is open")
    };
    let hit = palette.hits.first().expect("a hit for the new note");
    assert_eq!(
        (hit.kind, hit.id.as_str()),
        (Kind::Note, written.record.id())
    );
}

#[test]
fn a_renamed_startup_moves_in_the_list_and_stays_selected() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_sample(&dir);
    let changes = store.subscribe();
    let mut state = session(&store);
    keys(&mut state, "2/bazarim\n");
    state.handle(Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    assert_eq!(
        state.selected_id().as_deref(),
        Some("s11"),
        "the filter is gone, Bazarım still selected"
    );
    let stored = store.get_any(Kind::Startup, "s11").unwrap().unwrap();
    let Record::Startup(mut bazarim) = stored.record else {
        unreachable!()
    };
    bazarim.name = "Zəfər Market".into();
    store
        .update("aysel", Record::Startup(bazarim), stored.version)
        .unwrap();
    follow(&store, &changes, &mut state);

    assert_eq!(state.tab, Tab::Startups);
    assert_eq!(state.selected_id().as_deref(), Some("s11"));
    let shown = screen(&state);
    assert!(shown.contains("Zəfər Market"), "{shown}");
    assert!(
        shown.contains("startup Zəfər Market was just changed by aysel"),
        "the user is told who changed what they look at:\n{shown}"
    );
}

#[test]
fn a_deleted_record_leaves_the_list_without_breaking_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_sample(&dir);
    let changes = store.subscribe();
    let mut state = session(&store);
    keys(&mut state, "2G");
    let last = state.selected_id().unwrap();
    let name = store
        .get_any(Kind::Startup, &last)
        .unwrap()
        .unwrap()
        .record
        .label();
    store
        .delete("aysel", Kind::Startup, &last, None, false)
        .unwrap();
    follow(&store, &changes, &mut state);

    let shown = screen(&state);
    assert!(shown.contains("Startups 23"), "{shown}");
    assert!(state.selected_id().is_some_and(|id| id != last));
    assert_eq!(
        state.status.as_deref(),
        Some(format!("startup {name} was just deleted by aysel").as_str()),
        "the one in view went: the user is told"
    );
}

#[test]
fn an_import_replaces_everything_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_sample(&dir);
    let changes = store.subscribe();
    let mut state = session(&store);
    keys(&mut state, "2");
    let mut smaller = store.portfolio().unwrap();
    smaller.notes.clear();
    smaller.demo_days.clear();
    smaller.milestones.clear();
    smaller.office_hours.clear();
    smaller.startups.truncate(5);
    smaller.startups.iter_mut().for_each(|s| s.mentors.clear());
    let parsed = Parsed {
        portfolio: smaller,
        problems: Vec::new(),
    };
    store.import("aysel", parsed, true).unwrap();
    follow(&store, &changes, &mut state);

    assert!(screen(&state).contains("Startups 5"), "{}", screen(&state));
}

/// `x` pressed before the notes have loaded (the first frame comes from
/// `Data::load_first`) writes the same summary, notes counted, as once
/// they have.
#[test]
fn a_cohort_exported_before_the_notes_load_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_sample(&dir);
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let first = Data::load_first(&store).unwrap();
    assert!(!first.notes_loaded());
    let mut state = App::new(first, today, (120, 40), Keymap::default());
    state.export_folder = dir.path().to_path_buf();
    keys(&mut state, "3");
    // Autumn 2026 Incubation, Markdown, as the dialog opens.
    keys(&mut state, "jjx\n");
    let effects = state.take_effects();
    let export = effects
        .into_iter()
        .find(|e| {
            matches!(
                e,
                incubator::app::Effect::Export {
                    document: incubator::app::Document::CohortSummary(_),
                    ..
                }
            )
        })
        .expect("x and Enter ask for the file");
    let incubator::app::Effect::Export {
        document: incubator::app::Document::CohortSummary(_),
        ref path,
        ..
    } = export
    else {
        unreachable!()
    };
    let path = path.clone();
    let outcome = incubator::term::perform(&store, &state, export);
    assert!(
        matches!(outcome, incubator::app::Outcome::Exported(_)),
        "{outcome:?}"
    );
    let written = std::fs::read(&path).unwrap();
    let expected = incubator::export::summary::render_summary(
        &store.portfolio().unwrap(),
        "c3",
        today,
        incubator::export::summary::SummaryFormat::Markdown,
        false,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&written),
        String::from_utf8_lossy(&expected)
    );
}

/// An export into a folder that is not there asks first (the folder is
/// named), and once the user says yes the folder is made and the file in it.
#[test]
fn an_export_into_a_missing_folder_makes_it_after_a_yes() {
    use incubator::app::{Effect, Outcome};
    let dir = tempfile::tempdir().unwrap();
    let store = open_sample(&dir);
    let mut state = session(&store);
    let folder = dir.path().join("reports").join("2026");
    state.export_folder = folder.clone();
    keys(&mut state, "3x\n");
    let export = state
        .take_effects()
        .into_iter()
        .find(|e| {
            matches!(
                e,
                Effect::Export {
                    document: incubator::app::Document::CohortSummary(_),
                    ..
                }
            )
        })
        .expect("x and Enter ask for the file");
    let outcome = incubator::term::perform(&store, &state, export);
    assert_eq!(outcome, Outcome::ExportNoFolder(folder.clone()));
    assert!(!folder.exists(), "nothing made before the yes");
    state.handle(Event::Outcome(outcome));
    assert!(
        screen(&state).contains("is not there. Make it? y / n"),
        "{}",
        screen(&state)
    );
    keys(&mut state, "y");
    let export = state
        .take_effects()
        .into_iter()
        .find(|e| {
            matches!(
                e,
                Effect::Export {
                    document: incubator::app::Document::CohortSummary(_),
                    ..
                }
            )
        })
        .expect("y asks again, making the folder");
    let Outcome::Exported(path) = incubator::term::perform(&store, &state, export) else {
        panic!("the export should be written");
    };
    assert_eq!(path.parent(), Some(folder.as_path()));
    assert!(std::fs::read_to_string(&path).unwrap().starts_with('#'));
}
