//! Editing in the TUI, as a user at the keyboard would: forms, pickers,
//! notes, deletes, conflicts, history and undo. A session runs against a
//! real store on disk, its effects carried out the way the terminal front
//! end carries them out, and the store's changes fed back.

use std::sync::mpsc::Receiver;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use tempfile::TempDir;

use incubator::app::testing::{key_with, press, type_keys};
use incubator::app::{App, Data, Event, Keymap, Overlay, Tab};
use incubator::model::{Kind, Record, Stage, Startup};
use incubator::store::{Change, Store};
use incubator::term::{perform, read_update};
use incubator::ui::{self, Theme};
use incubator::workspace::{self, IfNew};

pub(crate) struct Session {
    /// The database's folder, owned by the first session on it.
    pub(crate) _dir: Option<TempDir>,
    pub(crate) store: Store,
    pub(crate) changes: Receiver<Change>,
    pub(crate) state: App,
    /// Keys pressed so far, for the "few keystrokes" promises.
    pub(crate) keys: usize,
}

impl Session {
    pub(crate) fn new() -> Session {
        Session::sized(120, 40)
    }

    pub(crate) fn sized(cols: u16, rows: u16) -> Session {
        let dir = TempDir::new().unwrap();
        let store = workspace::open(&dir.path().join("db"), IfNew::Sample)
            .unwrap()
            .store;
        let mut session = Session::on(store, cols, rows, "Nigar Əliyeva");
        session._dir = Some(dir);
        session
    }

    /// A session of `user` on `store`, as a second coordinator's would be.
    pub(crate) fn on(store: Store, cols: u16, rows: u16, user: &str) -> Session {
        let changes = store.subscribe();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut state = App::new(
            Data::load(&store).unwrap(),
            today,
            (cols, rows),
            Keymap::default(),
        );
        state.user = user.into();
        Session {
            _dir: None,
            store,
            changes,
            state,
            keys: 0,
        }
    }

    /// Another user's session on the same database.
    pub(crate) fn another(&self, user: &str) -> Session {
        Session::on(self.store.clone(), 120, 40, user)
    }

    /// Do what the front end does between two frames: carry out the
    /// effects asked for and feed back the outcomes and the store's news.
    pub(crate) fn settle(&mut self) {
        loop {
            let effects = self.state.take_effects();
            let mut busy = !effects.is_empty();
            for effect in effects {
                let outcome = perform(&self.store, &self.state, effect);
                self.state.handle(Event::Outcome(outcome));
            }
            while let Ok(change) = self.changes.try_recv() {
                busy = true;
                if let Some(update) = read_update(&self.store, change) {
                    self.state.handle(Event::Stored(update));
                }
            }
            if !busy {
                return;
            }
        }
    }

    pub(crate) fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            type_keys(&mut self.state, &c.to_string());
            self.keys += 1;
            self.settle();
        }
    }

    pub(crate) fn press(&mut self, code: KeyCode) {
        press(&mut self.state, code);
        self.keys += 1;
        self.settle();
    }

    pub(crate) fn ctrl(&mut self, c: char) {
        key_with(&mut self.state, KeyCode::Char(c), KeyModifiers::CONTROL);
        self.keys += 1;
        self.settle();
    }

    pub(crate) fn shift(&mut self, code: KeyCode) {
        key_with(&mut self.state, code, KeyModifiers::SHIFT);
        self.keys += 1;
        self.settle();
    }

    pub(crate) fn screen(&self) -> String {
        let (w, h) = self.state.size;
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|frame| ui::render(&self.state, frame, Theme::new(false)))
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        (0..h)
            .map(|y| {
                (0..w)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub(crate) fn status(&self) -> String {
        self.state.status.clone().unwrap_or_default()
    }

    pub(crate) fn stored(&self, kind: Kind, id: &str) -> Option<Record> {
        self.store.get_any(kind, id).unwrap().map(|s| s.record)
    }

    pub(crate) fn startup_named(&self, name: &str) -> Option<incubator::model::Startup> {
        self.store
            .portfolio()
            .unwrap()
            .startups
            .into_iter()
            .find(|s| s.name == name)
    }

    /// Go to the startup `query` finds with the list filter.
    pub(crate) fn go_to_startup(&mut self, query: &str) {
        self.type_text("2/");
        self.type_text(query);
        self.press(KeyCode::Enter);
    }

    pub(crate) fn form(&self) -> &incubator::app::form::Form {
        match &self.state.overlay {
            Overlay::Form(form) => form,
            other => panic!("no form is open: {other:?}\n{}", self.screen()),
        }
    }

    /// Move the form's focus to the line for record field `key`.
    pub(crate) fn focus(&mut self, key: &str) {
        let at = self
            .form()
            .fields
            .iter()
            .position(|f| f.key == key)
            .unwrap_or_else(|| panic!("no line for {key}"));
        while self.form().focus < at {
            self.press(KeyCode::Tab);
        }
        while self.form().focus > at {
            self.press(KeyCode::BackTab);
        }
    }

    pub(crate) fn clear_line(&mut self) {
        self.ctrl('u');
    }
}

// ------------------------------------------------------------- forms

#[test]
fn n_a_name_and_ctrl_s_make_a_startup() {
    let mut s = Session::new();
    s.type_text("2n");
    s.type_text("Qarabağ Robotics");
    s.ctrl('s');
    let made = s
        .startup_named("Qarabağ Robotics")
        .expect("saved in the store");
    assert_eq!(made.stage, Stage::Idea, "defaults fill the rest");
    assert!(matches!(s.state.overlay, Overlay::None), "the form closed");
    assert_eq!(
        s.status(),
        "Saved startup Qarabağ Robotics · u undoes: adding startup Qarabağ Robotics"
    );
    assert_eq!(s.state.selected_id().as_deref(), Some(made.id.as_str()));
    let screen = s.screen();
    assert!(screen.contains("Startups 25"), "{screen}");
    assert!(
        screen.contains("Nigar Əliyeva · added"),
        "its history:\n{screen}"
    );
}

#[test]
fn mistakes_show_beside_their_field_as_you_type_and_stop_the_save() {
    let mut s = Session::new();
    s.type_text("3n");
    s.type_text("Winter 2027");
    s.focus("end");
    s.clear_line();
    s.type_text("2026-01-01");
    let screen = s.screen();
    assert!(screen.contains("is before the start"), "{screen}");
    s.focus("capacity");
    s.clear_line();
    s.type_text("ten");
    assert!(s.screen().contains("must be a whole number"));
    s.ctrl('s');
    assert_eq!(
        s.form().fields[s.form().focus].key,
        "end",
        "saving moves to the first problem"
    );
    assert!(
        s.store.portfolio().unwrap().cohorts.len() == 4,
        "nothing saved"
    );
    // An impossible date.
    s.clear_line();
    s.type_text("2027-02-30");
    assert!(s.screen().contains("is not a date"), "{}", s.screen());
}

#[test]
fn dates_step_a_day_with_plus_and_minus_and_choices_with_arrows() {
    let mut s = Session::new();
    s.type_text("3n");
    s.type_text("Winter 2027");
    s.focus("start");
    s.type_text("+++-");
    let form = s.form();
    let Ok(Record::Cohort(c)) = form.record() else {
        panic!("a cohort")
    };
    assert_eq!(c.start, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    s.focus("program");
    s.press(KeyCode::Right);
    let Ok(Record::Cohort(c)) = s.form().record() else {
        panic!("a cohort")
    };
    assert_eq!(c.program.as_str(), "acceleration");
}

#[test]
fn a_startup_gets_a_cohort_mentors_founders_and_a_kpi_snapshot() {
    let mut s = Session::new();
    s.type_text("2n");
    s.type_text("Qarabağ Robotics");
    s.focus("cohort");
    s.press(KeyCode::Enter);
    s.type_text("autumn 2026");
    s.press(KeyCode::Enter);
    s.focus("mentors");
    s.press(KeyCode::Enter);
    let screen = s.screen();
    assert!(
        screen.contains("İlkin Babayev") && screen.contains("4/3 (over capacity)"),
        "mentors come with their load, over capacity marked:\n{screen}"
    );
    s.type_text("aysel");
    s.press(KeyCode::Char(' '));
    s.press(KeyCode::Enter);
    s.focus("founders");
    s.press(KeyCode::Enter);
    s.type_text("Leyla Məmmədova");
    s.press(KeyCode::Tab);
    s.type_text("CEO");
    s.focus("kpis");
    s.press(KeyCode::Enter);
    s.focus("kpis[0].revenue");
    s.clear_line();
    s.type_text("12500");
    s.ctrl('s');
    let made = s
        .startup_named("Qarabağ Robotics")
        .unwrap_or_else(|| panic!("saved:\n{}", s.screen()));
    assert_eq!(made.cohort.as_deref(), Some("c3"));
    assert_eq!(made.mentors, ["m1"]);
    assert_eq!(made.founders.len(), 1);
    assert_eq!(made.founders[0].name, "Leyla Məmmədova");
    assert_eq!(made.founders[0].role, "CEO");
    assert_eq!(made.kpis.len(), 1);
    assert_eq!(made.kpis[0].revenue, 12500.0);
    assert_eq!(
        made.kpis[0].date,
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    );
}

#[test]
fn a_founder_row_is_removed_with_ctrl_d() {
    let mut s = Session::new();
    s.go_to_startup("ağ şəhər");
    s.type_text("e");
    assert_eq!(s.form().kind, Kind::Startup);
    s.focus("founders[1].role");
    s.ctrl('d');
    s.ctrl('s');
    let st = s.startup_named("Ağ Şəhər Health").expect("still there");
    let names: Vec<&str> = st.founders.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Leyla Quliyeva", "Samir Əhmədov"]);
}

#[test]
fn a_run_of_show_is_built_from_the_cohort_and_reordered() {
    let mut s = Session::new();
    s.type_text("5n");
    assert_eq!(s.form().kind, Kind::DemoDay);
    s.focus("venue");
    s.type_text("ADA University");
    s.focus("at");
    s.clear_line();
    s.type_text("2027-01-29 15:00");
    s.focus("pitches");
    s.press(KeyCode::Enter);
    // The next cohort to finish is Autumn 2026: tick its first three.
    for _ in 0..3 {
        s.press(KeyCode::Char(' '));
        s.press(KeyCode::Down);
    }
    s.press(KeyCode::Enter);
    let starts: Vec<String> = s
        .form()
        .pitch_starts()
        .iter()
        .map(|t| t.map(|t| t.format("%H:%M").to_string()).unwrap_or_default())
        .collect();
    assert_eq!(starts, ["15:00", "15:05", "15:10"], "five minutes each");
    // The second pitch gets 10 minutes; the third starts later.
    s.focus("pitches[1]");
    s.press(KeyCode::Backspace);
    s.type_text("10");
    let starts = s.form().pitch_starts();
    assert_eq!(starts[2].unwrap().format("%H:%M").to_string(), "15:15");
    // And moves first.
    let second = match &s
        .form()
        .fields
        .iter()
        .find(|f| f.key == "pitches[1]")
        .unwrap()
        .value
    {
        incubator::app::form::Value::Pitch { startup, .. } => startup.clone(),
        _ => unreachable!(),
    };
    s.type_text("K");
    s.shift(KeyCode::Down);
    s.shift(KeyCode::Up);
    s.ctrl('s');
    let made = s
        .store
        .portfolio()
        .unwrap()
        .demo_days
        .into_iter()
        .find(|d| d.venue == "ADA University")
        .expect("saved");
    assert_eq!(made.cohort, "c3");
    assert_eq!(made.pitches.len(), 3);
    assert_eq!(made.pitches[0].startup, second);
    assert_eq!(made.pitches[0].minutes, 10);
}

#[test]
fn esc_asks_before_throwing_edits_away() {
    let mut s = Session::new();
    s.go_to_startup("bazarim");
    s.type_text("e");
    s.press(KeyCode::Esc);
    assert!(
        matches!(s.state.overlay, Overlay::None),
        "unchanged: Esc just closes"
    );
    s.type_text("e");
    s.type_text("!");
    s.press(KeyCode::Esc);
    assert!(s.screen().contains("Throw away your changes?"));
    s.type_text("n");
    assert!(s.form().is_dirty(), "n keeps the edits");
    s.press(KeyCode::Esc);
    s.type_text("y");
    assert!(matches!(s.state.overlay, Overlay::None));
    let Some(Record::Startup(st)) = s.stored(Kind::Startup, "s11") else {
        panic!("s11")
    };
    assert_eq!(st.name, "Bazarım", "nothing saved");
}

// ------------------------------------------------------------- notes

#[test]
fn a_mentor_logs_a_note_in_under_ten_keystrokes_plus_the_text() {
    let mut s = Session::new();
    s.go_to_startup("baz");
    s.type_text("a");
    let text = "Pricing follow-up: tiered plan live, 12 shops signed.";
    s.type_text(text);
    s.ctrl('s');
    let keys = s.keys - text.chars().count();
    assert!(
        keys < 10,
        "{keys} keystrokes besides the text: 2 / b a z Enter a Ctrl-S"
    );
    let notes = s.store.notes_of("s11").unwrap();
    let note = notes
        .iter()
        .find(|n| n.record.body == text)
        .expect("the note is stored");
    assert_eq!(note.record.author, "Nigar Əliyeva", "the configured name");
    assert!(s.screen().contains("Pricing follow-up"), "{}", s.screen());
}

#[test]
fn a_session_note_from_the_details_is_in_view_once_saved_at_80x24() {
    let mut s = Session::sized(80, 24);
    // Ctrl-K b a z Enter a, the text, Tab → (session) Ctrl-S: nine keys.
    s.ctrl('k');
    s.type_text("baz");
    s.press(KeyCode::Enter);
    s.type_text("a");
    let text = "Session: pricing tiers agreed.";
    s.type_text(text);
    s.press(KeyCode::Tab);
    s.press(KeyCode::Right);
    s.ctrl('s');
    assert_eq!(s.keys - text.chars().count(), 9);
    let note = s
        .store
        .notes_of("s11")
        .unwrap()
        .into_iter()
        .find(|n| n.record.body == text)
        .expect("stored");
    assert_eq!(note.record.kind.as_str(), "session");
    let screen = s.screen();
    assert!(screen.contains(text), "scrolled to the new note:\n{screen}");
    let link = &s.state.links()[s.state.link];
    assert_eq!(link.id, note.record.id, "the cursor is on it, for e or d");
}

#[test]
fn a_note_is_edited_and_deleted_from_the_startup_details() {
    let mut s = Session::new();
    s.go_to_startup("bazarim");
    s.press(KeyCode::Enter); // details
    // The cursor goes cohort, mentors, then the notes, newest first.
    while !matches!(s.state.links().get(s.state.link), Some(l) if l.kind == Kind::Note) {
        s.press(KeyCode::Down);
    }
    let note = s.state.links()[s.state.link].id.clone();
    s.press(KeyCode::Enter);
    assert!(
        matches!(s.state.overlay, Overlay::Note(_)),
        "Enter edits the note"
    );
    s.ctrl('e'); // end of the first line
    s.type_text(" Done.");
    s.ctrl('s');
    let Some(Record::Note(edited)) = s.stored(Kind::Note, &note) else {
        panic!("the note")
    };
    assert!(
        edited.body.contains("data room. Done.\n"),
        "{}",
        edited.body
    );
    s.type_text("d");
    assert!(s.screen().contains("Delete note"), "{}", s.screen());
    s.type_text("y");
    assert_eq!(s.stored(Kind::Note, &note), None);
}

// ------------------------------------------------------------ deletes

#[test]
fn d_says_what_goes_with_a_startup_and_u_brings_it_all_back() {
    let mut s = Session::new();
    s.go_to_startup("gence agro");
    let before = s.store.portfolio().unwrap();
    s.type_text("d");
    let screen = s.screen();
    assert!(
        screen.contains("Delete startup Gəncə Agro and its 3 notes, 1 pitch slot and")
            && screen.contains("2 milestones?"),
        "{screen}"
    );
    s.type_text("n");
    assert!(s.startup_named("Gəncə Agro").is_some(), "n keeps it");
    s.type_text("d");
    s.press(KeyCode::Enter);
    assert!(s.startup_named("Gəncə Agro").is_none());
    assert!(s.status().contains("u brings it back"), "{}", s.status());
    s.type_text("u");
    let mut after = s.store.portfolio().unwrap();
    let mut before = before;
    after.sort();
    before.sort();
    assert_eq!(
        after, before,
        "the startup, its notes and its pitch slot, exactly"
    );
    assert_eq!(
        s.state.selected_id().as_deref(),
        Some("s13"),
        "and it is selected again"
    );
}

#[test]
fn a_cohort_with_startups_is_deleted_only_with_them_detached() {
    let mut s = Session::new();
    s.type_text("3");
    s.type_text("jj"); // Autumn 2026 Incubation
    s.type_text("d");
    assert!(
        s.screen().contains("would be left without a cohort"),
        "{}",
        s.screen()
    );
    s.type_text("y");
    assert!(
        s.stored(Kind::Cohort, "c3").is_some(),
        "y is not enough here"
    );
    s.type_text("d");
    s.type_text("d");
    assert!(
        s.stored(Kind::Cohort, "c3").is_none(),
        "d detaches and deletes"
    );
}

// ------------------------------------------------- conflicts, history, undo

/// Another coordinator changes startup `id` (their screen, their save);
/// this session hears of it as the front end would tell it, before the
/// next key.
fn change_elsewhere(s: &mut Session, id: &str, change: impl FnOnce(&mut Startup)) {
    let stored = s.store.get_any(Kind::Startup, id).unwrap().unwrap();
    let Record::Startup(mut st) = stored.record else {
        unreachable!()
    };
    change(&mut st);
    s.store
        .update("Aysel Hüseynova", Record::Startup(st), stored.version)
        .unwrap();
    s.settle();
}

fn rename_elsewhere(s: &mut Session, id: &str, name: &str) {
    change_elsewhere(s, id, |st| st.name = name.into());
}

/// The conflict question under the form, found on screen: the sentence
/// that says which fields both changed, read across its wrapped lines.
fn asked(s: &Session) -> String {
    let conflict = s.form().conflict.as_ref().expect("a question is asked");
    let sentence = conflict.merge.clash();
    let screen = s.screen();
    // The footer wraps at the form's width: every word is on screen, in order.
    let mut rest = screen.as_str();
    for word in sentence.split(' ') {
        let at = rest
            .find(word)
            .unwrap_or_else(|| panic!("{word:?} of {sentence:?} is not on screen:\n{screen}"));
        rest = &rest[at + word.len()..];
    }
    sentence
}

fn stored_startup(s: &Session, id: &str) -> Startup {
    match s.stored(Kind::Startup, id) {
        Some(Record::Startup(st)) => st,
        other => panic!("{id}: {other:?}"),
    }
}

#[test]
fn a_save_over_someone_elses_change_to_another_field_keeps_both() {
    let mut s = Session::new();
    s.go_to_startup("bazarim");
    s.type_text("e");
    s.focus("sector");
    s.clear_line();
    s.type_text("retail");
    // Meanwhile another coordinator renames it.
    rename_elsewhere(&mut s, "s11", "Bazarım Market");
    s.ctrl('s');
    assert!(
        matches!(s.state.overlay, Overlay::None),
        "no dialog: nothing to choose\n{}",
        s.screen()
    );
    let st = stored_startup(&s, "s11");
    assert_eq!(st.sector, "retail", "mine");
    assert_eq!(st.name, "Bazarım Market", "theirs, not lost");
    let status = s.status();
    assert!(
        status.starts_with(
            "Saved startup Bazarım Market, merged with the change to Name by Aysel Hüseynova at "
        ),
        "{status}"
    );
    // One history entry for the merged save, by this user, on theirs.
    let history = s.store.history_of(Kind::Startup, "s11").unwrap();
    assert_eq!(history.last().unwrap().who, "Nigar Əliyeva");
}

#[test]
fn a_field_both_changed_is_named_and_o_or_r_decide_only_that_field() {
    let mut s = Session::new();
    s.go_to_startup("bazarim");
    s.type_text("e");
    s.focus("sector");
    s.clear_line();
    s.type_text("retail");
    s.focus("website");
    s.clear_line();
    s.type_text("https://bazarim.az");
    change_elsewhere(&mut s, "s11", |st| {
        st.sector = "marketplaces".into();
        st.name = "Bazarım Market".into();
    });
    s.ctrl('s');
    let screen = s.screen();
    assert!(
        screen.contains("Aysel Hüseynova at") && screen.contains("saved it meanwhile"),
        "who:\n{screen}"
    );
    assert_eq!(
        asked(&s),
        "Both of you changed Sector; their change to Name stays.",
        "which field is the question, and what stays:\n{screen}"
    );
    assert_eq!(
        stored_startup(&s, "s11").sector,
        "marketplaces",
        "nothing written yet"
    );

    // o: mine for sector; their name and my website stay.
    s.type_text("o");
    let st = stored_startup(&s, "s11");
    assert_eq!(
        (st.sector.as_str(), st.name.as_str(), st.website.as_str()),
        ("retail", "Bazarım Market", "https://bazarim.az")
    );
    assert!(matches!(s.state.overlay, Overlay::None), "saved and closed");

    // r: theirs for the field both changed; my other edit stays in the form.
    s.type_text("e");
    s.focus("sector");
    s.type_text("!");
    s.focus("one_liner");
    s.clear_line();
    s.type_text("Village shops, online");
    change_elsewhere(&mut s, "s11", |st| {
        st.sector = "e-commerce".into();
        st.tags = vec!["b2b".into()];
    });
    s.ctrl('s');
    assert_eq!(
        asked(&s),
        "Both of you changed Sector; their change to Tags stays."
    );
    s.type_text("r");
    let Ok(Record::Startup(now)) = s.form().record() else {
        panic!("a startup")
    };
    assert_eq!(now.sector, "e-commerce", "theirs");
    assert_eq!(
        now.one_liner, "Village shops, online",
        "my other edit, still there"
    );
    assert_eq!(now.tags, ["b2b"]);
    s.ctrl('s');
    let st = stored_startup(&s, "s11");
    assert_eq!(
        (st.sector.as_str(), st.one_liner.as_str()),
        ("e-commerce", "Village shops, online")
    );
    assert_eq!(
        s.status(),
        "Saved startup Bazarım Market · u undoes: one liner of Bazarım Market",
        "saved over theirs, no conflict left"
    );
}

#[test]
fn two_sessions_editing_one_startup_keep_both_changes() {
    let mut nigar = Session::new();
    let mut aysel = nigar.another("Aysel Hüseynova");
    // Both open Bazarım's form.
    nigar.go_to_startup("bazarim");
    nigar.type_text("e");
    aysel.go_to_startup("bazarim");
    aysel.type_text("e");
    // Aysel saves first: a new sector, and the stage moved on.
    aysel.focus("sector");
    aysel.clear_line();
    aysel.type_text("marketplaces");
    aysel.focus("stage");
    aysel.press(KeyCode::Right);
    aysel.ctrl('s');
    assert_eq!(
        aysel.status(),
        "Saved startup Bazarım · u undoes: sector and stage of Bazarım"
    );
    // Nigar's session hears of it while her form is open, then saves
    // another field.
    nigar.settle();
    nigar.focus("website");
    nigar.clear_line();
    nigar.type_text("https://bazarim.az");
    nigar.ctrl('s');
    assert!(
        matches!(nigar.state.overlay, Overlay::None),
        "no dialog when the edits touch different fields:\n{}",
        nigar.screen()
    );
    assert!(
        nigar
            .status()
            .contains("merged with the change to Sector and Stage by Aysel Hüseynova"),
        "{}",
        nigar.status()
    );
    let stored = stored_startup(&nigar, "s11");
    assert_eq!(stored.sector, "marketplaces", "Aysel's edit stands");
    assert_eq!(stored.stage, Stage::Scale, "Aysel's other edit stands");
    assert_eq!(stored.website, "https://bazarim.az", "Nigar's landed");
    // Aysel's screen shows Nigar's website as it shows any change.
    aysel.settle();
    aysel.type_text("e");
    aysel.focus("website");
    let Ok(Record::Startup(seen)) = aysel.form().record() else {
        panic!("a startup")
    };
    assert_eq!(seen.website, "https://bazarim.az");

    // Now both change the stage: Nigar is asked, about the stage alone.
    nigar.type_text("e");
    nigar.focus("stage");
    nigar.press(KeyCode::Left);
    aysel.focus("stage");
    aysel.press(KeyCode::Left);
    aysel.press(KeyCode::Left);
    aysel.focus("tags");
    aysel.type_text(", b2b");
    aysel.ctrl('s');
    nigar.ctrl('s');
    assert_eq!(
        asked(&nigar),
        "Both of you changed Stage; their change to Tags stays."
    );
    nigar.type_text("o");
    let stored = stored_startup(&nigar, "s11");
    assert_eq!(stored.stage, Stage::Growth, "Nigar's choice, with o");
    assert!(
        stored.tags.contains(&"b2b".to_string()),
        "Aysel's tags kept: {:?}",
        stored.tags
    );
}

#[test]
fn every_save_shows_in_the_timeline_and_t_hides_it() {
    let mut s = Session::new();
    s.go_to_startup("bazarim");
    s.type_text("e");
    s.focus("stage");
    s.press(KeyCode::Right); // growth → scale
    s.ctrl('s');
    let screen = s.screen();
    assert!(
        screen.contains("Nigar Əliyeva · changed stage:") && screen.contains("growth → scale"),
        "{screen}"
    );
    s.press(KeyCode::Enter);
    s.type_text("t");
    assert!(!s.screen().contains("changed stage"), "notes only");
    s.type_text("t");
    assert!(s.screen().contains("changed stage"));
}

#[test]
fn u_undoes_the_last_change_exactly_and_refuses_when_it_changed_since() {
    let mut s = Session::new();
    s.go_to_startup("bazarim");
    s.type_text("e");
    s.focus("sector");
    s.clear_line();
    s.type_text("retail");
    let before = s.stored(Kind::Startup, "s11");
    s.ctrl('s');
    s.type_text("u");
    assert_eq!(s.stored(Kind::Startup, "s11"), before, "exactly as it was");
    assert!(
        s.status().starts_with("Undone: sector of Bazarım"),
        "{}",
        s.status()
    );
    let history = s.store.history_of(Kind::Startup, "s11").unwrap();
    assert_eq!(history.last().unwrap().cause.as_deref(), Some("undo"));

    // Again, but someone else changes it before the undo.
    s.type_text("e");
    s.focus("sector");
    s.type_text("!");
    s.ctrl('s');
    rename_elsewhere(&mut s, "s11", "Bazarım Market");
    s.type_text("u");
    assert!(s.status().starts_with("Cannot undo"), "{}", s.status());
    assert!(s.status().contains("Aysel Hüseynova"), "{}", s.status());
    let Some(Record::Startup(st)) = s.stored(Kind::Startup, "s11") else {
        panic!("s11")
    };
    assert_eq!(st.name, "Bazarım Market", "their change stands");
}

#[test]
fn forms_draw_at_80x24_with_the_focused_field_in_view() {
    let mut s = Session::sized(80, 24);
    s.go_to_startup("ağ şəhər");
    s.type_text("e");
    s.focus("website");
    let screen = s.screen();
    assert!(screen.contains("Website"), "{screen}");
    assert!(screen.contains("Edit startup Ağ Şəhər Health"), "{screen}");
    assert_eq!(s.state.tab, Tab::Startups);
}

// ------------------------------------------------- names, dates, reasons

#[test]
fn a_cohort_named_like_another_is_refused_and_the_save_says_why() {
    let mut s = Session::new();
    s.type_text("3n");
    // Spring 2026 Acceleration is c2; case and İ/i aside it is the same.
    s.type_text("SPRİNG 2026 accelerATİON");
    let screen = s.screen();
    assert!(screen.contains("← is taken by cohort c2"), "{screen}");
    s.ctrl('s');
    assert_eq!(
        s.store.portfolio().unwrap().cohorts.len(),
        4,
        "nothing saved"
    );
    assert_eq!(
        s.status(),
        "Not saved: Name is taken by cohort c2 (names are compared without case or accents)."
    );
    // Another name saves.
    s.clear_line();
    s.type_text("Spring 2026 Incubation");
    s.ctrl('s');
    assert_eq!(s.store.portfolio().unwrap().cohorts.len(), 5);
}

#[test]
fn renaming_a_cohort_to_its_own_name_is_fine_and_to_anothers_is_not() {
    let mut s = Session::new();
    s.type_text("3");
    s.type_text("/autumn 2026");
    s.press(KeyCode::Enter);
    s.type_text("e");
    s.type_text(" ");
    s.press(KeyCode::Backspace);
    assert!(s.form().first_error().is_none(), "{}", s.screen());
    s.clear_line();
    s.type_text("autumn 2025 incubation");
    assert!(
        s.screen().contains("is taken by cohort c1"),
        "{}",
        s.screen()
    );
}

/// Two mentors called Aysel Hüseynova: m1 of ABAD and a new one.
fn two_aysels() -> Session {
    let mut s = Session::new();
    s.type_text("4n");
    s.type_text("Aysel Huseynova");
    s.focus("organization");
    s.type_text("Caspian Ventures");
    s.ctrl('s');
    assert!(matches!(s.state.overlay, Overlay::None), "{}", s.screen());
    s
}

#[test]
fn mentors_of_one_name_show_their_organisation_in_the_picker() {
    let mut s = two_aysels();
    s.go_to_startup("bazarim");
    s.type_text("e");
    s.focus("mentors");
    s.press(KeyCode::Enter);
    s.type_text("aysel");
    let screen = s.screen();
    assert!(screen.contains("Aysel Hüseynova (ABAD)"), "{screen}");
    assert!(
        screen.contains("Aysel Huseynova (Caspian Ventures)"),
        "{screen}"
    );
}

#[test]
fn mentors_of_one_name_show_their_organisation_in_the_palette() {
    let mut s = two_aysels();
    s.ctrl('k');
    s.type_text("aysel");
    let screen = s.screen();
    assert!(screen.contains("Aysel Hüseynova  · ABAD"), "{screen}");
    assert!(
        screen.contains("Aysel Huseynova  · Caspian Ventures"),
        "{screen}"
    );
    // A mentor whose name is nobody else's shows as before.
    s.press(KeyCode::Esc);
    s.ctrl('k');
    s.type_text("lee");
    let screen = s.screen();
    assert!(
        !row_of(&screen, "(Lee Seo-yeon)").contains(" · "),
        "{screen}"
    );
}

fn demo_day_at(s: &Session) -> String {
    match &s
        .form()
        .fields
        .iter()
        .find(|f| f.key == "at")
        .unwrap()
        .value
    {
        incubator::app::form::Value::Time { input, .. } => input.value().to_string(),
        _ => unreachable!(),
    }
}

fn pick_cohort(s: &mut Session, query: &str) {
    s.focus("cohort");
    s.press(KeyCode::Enter);
    s.type_text(query);
    s.press(KeyCode::Enter);
}

#[test]
fn a_demo_day_defaults_to_its_cohorts_last_week_and_follows_the_cohort() {
    let mut s = Session::new();
    s.type_text("5n");
    // Autumn 2026 Incubation ends on Friday 2027-01-29.
    assert_eq!(demo_day_at(&s), "2027-01-29 14:00");
    // Spring 2027 Acceleration ends on Friday 2027-06-25.
    pick_cohort(&mut s, "spring 2027");
    assert_eq!(demo_day_at(&s), "2027-06-25 14:00");
    assert!(s.screen().contains("2027-06-25 14:00"), "{}", s.screen());
    // Once the date is typed, it stays whatever cohort is picked.
    s.focus("at");
    s.clear_line();
    s.type_text("2027-06-24 16:00");
    pick_cohort(&mut s, "autumn 2026");
    assert_eq!(demo_day_at(&s), "2027-06-24 16:00");
}

#[test]
fn a_demo_day_outside_its_cohort_is_a_problem_beside_the_date() {
    let mut s = Session::new();
    s.type_text("5n");
    s.focus("venue");
    s.type_text("ADA University");
    s.focus("at");
    s.clear_line();
    // Autumn 2026 Incubation starts on 2026-09-07.
    s.type_text("2026-08-31 15:00");
    let screen = s.screen();
    assert!(
        screen.contains("← 2026-08-31 is outside Autumn 2026 Incubation"),
        "{screen}"
    );
    s.ctrl('s');
    assert_eq!(s.store.portfolio().unwrap().demo_days.len(), 3, "not saved");
    assert!(
        s.status()
            .starts_with("Not saved: Starts at 2026-08-31 is outside"),
        "{}",
        s.status()
    );
    s.clear_line();
    s.type_text("2026-12-17 15:00");
    s.ctrl('s');
    assert_eq!(
        s.store.portfolio().unwrap().demo_days.len(),
        4,
        "{}",
        s.screen()
    );
}

/// The screen's row holding `text`.
fn row_of(screen: &str, text: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no row with {text:?}:\n{screen}"))
        .to_string()
}

#[test]
fn a_long_value_never_hides_why_it_is_wrong_at_80_or_160_columns() {
    for cols in [80, 160] {
        let mut s = Session::sized(cols, 30);
        s.type_text("2n");
        s.type_text("Farm Tools");
        s.focus("sector");
        // 201 characters: one past the limit of a sector.
        let long = "agritech ".repeat(22) + "xxx";
        s.state.handle(Event::Paste(long.clone()));
        s.settle();
        let screen = s.screen();
        // The form's line, not the list's Sector column beside it.
        let row = row_of(&screen, "│ Sector ");
        assert!(
            row.contains("← is 201 characters long"),
            "{cols} columns:\n{screen}"
        );
        // The whole reason shows below the fields, and Ctrl-S says it.
        assert!(
            screen.contains("the limit is 200"),
            "{cols} columns:\n{screen}"
        );
        s.ctrl('s');
        assert_eq!(
            s.status(),
            "Not saved: Sector is 201 characters long; the limit is 200.",
            "{cols} columns"
        );
    }
}

// ------------------------------------------------------- a note's day and kind

fn stored_note(s: &Session, startup: &str, body: &str) -> incubator::model::Note {
    s.store
        .notes_of(startup)
        .unwrap()
        .into_iter()
        .find(|n| n.record.body == body)
        .expect("the note is stored")
        .record
}

#[test]
fn yesterdays_session_is_logged_as_yesterday_with_minus_on_the_kind_line() {
    let mut s = Session::sized(80, 24);
    s.go_to_startup("bazarim");
    s.type_text("a");
    assert!(
        s.screen().contains("Sat 28 Nov 2026 (today)"),
        "{}",
        s.screen()
    );
    s.type_text("Session: pricing tiers agreed.");
    s.press(KeyCode::Tab);
    s.type_text("-");
    let screen = s.screen();
    assert!(screen.contains("Fri 27 Nov 2026  -/+ a day"), "{screen}");
    s.ctrl('s');
    let note = stored_note(&s, "s11", "Session: pricing tiers agreed.");
    assert_eq!(
        note.created_at.date_naive(),
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    );
}

#[test]
fn a_notes_day_is_moved_when_it_is_edited() {
    let mut s = Session::new();
    s.go_to_startup("bazarim");
    s.press(KeyCode::Enter); // details
    while !matches!(s.state.links().get(s.state.link), Some(l) if l.kind == Kind::Note) {
        s.press(KeyCode::Down);
    }
    let id = s.state.links()[s.state.link].id.clone();
    let Some(Record::Note(before)) = s.stored(Kind::Note, &id) else {
        panic!("the note")
    };
    s.press(KeyCode::Enter);
    s.press(KeyCode::Tab);
    s.type_text("--");
    s.ctrl('s');
    let Some(Record::Note(after)) = s.stored(Kind::Note, &id) else {
        panic!("the note")
    };
    assert_eq!(
        after.created_at,
        before.created_at - chrono::Duration::days(2),
        "two days earlier, at the same time"
    );
}

#[test]
fn the_next_note_starts_as_the_kind_the_last_was_logged_as() {
    let mut s = Session::new();
    s.go_to_startup("bazarim");
    s.type_text("a");
    s.type_text("First session.");
    s.press(KeyCode::Tab);
    s.press(KeyCode::Right);
    s.ctrl('s');
    assert_eq!(
        stored_note(&s, "s11", "First session.").kind.as_str(),
        "session"
    );
    s.press(KeyCode::Esc);
    s.type_text("a");
    assert!(s.screen().contains("‹session›"), "{}", s.screen());
    s.type_text("Second session.");
    s.ctrl('s');
    assert_eq!(
        stored_note(&s, "s11", "Second session.").kind.as_str(),
        "session"
    );
}

// ------------------------------------------------------------ capacity

#[test]
fn ticking_a_full_mentor_shows_the_load_it_becomes_and_the_save_asks() {
    let mut s = Session::new();
    s.type_text("2n");
    s.type_text("Yeni Start");
    s.focus("mentors");
    s.press(KeyCode::Enter);
    s.type_text("lee");
    // 이서연 (Lee Seo-yeon) takes 2 and has 2 active startups.
    let screen = s.screen();
    assert!(
        row_of(&screen, "(Lee Seo-yeon)").contains("2/2"),
        "{screen}"
    );
    s.press(KeyCode::Char(' '));
    let screen = s.screen();
    assert!(
        row_of(&screen, "(Lee Seo-yeon)").contains("3/2, over capacity"),
        "{screen}"
    );
    s.press(KeyCode::Enter);
    assert!(
        row_of(&s.screen(), "Mentors    ").contains("3/2"),
        "{}",
        s.screen()
    );
    s.ctrl('s');
    let screen = s.screen();
    assert!(
        screen.contains("Over capacity: ")
            && screen.contains("(Lee Seo-yeon) to 3/2. y saves anyway"),
        "{screen}"
    );
    assert!(s.startup_named("Yeni Start").is_none(), "not saved yet");
    // Another key goes back to the form; Ctrl-S and y save.
    s.press(KeyCode::Char('n'));
    assert!(s.startup_named("Yeni Start").is_none());
    s.ctrl('s');
    s.type_text("y");
    let made = s.startup_named("Yeni Start").expect("saved on yes");
    assert_eq!(made.mentors, ["m7"]);
}

#[test]
fn a_cohort_taken_over_its_places_says_so_and_the_save_asks() {
    let mut s = Session::new();
    // Autumn 2026 Incubation holds 9: make it take 9.
    s.type_text("3/autumn 2026");
    s.press(KeyCode::Enter);
    s.type_text("e");
    s.focus("capacity");
    s.clear_line();
    s.type_text("9");
    s.ctrl('s');
    s.press(KeyCode::Esc);
    s.type_text("2n");
    s.type_text("Yeni Start");
    s.focus("cohort");
    s.press(KeyCode::Enter);
    s.type_text("autumn 2026");
    let screen = s.screen();
    assert!(
        row_of(&screen, "Autumn 2026 Incubation").contains("10/9 places, over capacity"),
        "{screen}"
    );
    s.press(KeyCode::Enter);
    assert!(
        row_of(&s.screen(), "Cohort     ").contains("10/9 places, over capacity"),
        "{}",
        s.screen()
    );
    s.ctrl('s');
    assert!(
        s.screen()
            .contains("Over capacity: Autumn 2026 Incubation to 10/9 places."),
        "{}",
        s.screen()
    );
    s.type_text("y");
    assert!(s.startup_named("Yeni Start").is_some());
}

// ------------------------------------------------------------ KPI snapshots

#[test]
fn a_kpi_snapshot_is_corrected_and_another_removed() {
    let mut s = Session::new();
    s.go_to_startup("kilim craft");
    s.type_text("e");
    // Kilim Craft's three snapshots, one line each.
    s.focus("kpis[1]");
    let screen = s.screen();
    assert!(
        row_of(&screen, "2025-11-15").contains("revenue 4100"),
        "{screen}"
    );
    // Enter opens the second to change its revenue.
    s.press(KeyCode::Enter);
    s.focus("kpis[1].revenue");
    s.clear_line();
    s.type_text("4350");
    // Ctrl-D drops the first.
    s.focus("kpis[0]");
    s.ctrl('d');
    s.ctrl('s');
    let kilim = s.startup_named("Kilim Craft").expect("still there");
    let kept: Vec<(String, f64)> = kilim
        .kpis
        .iter()
        .map(|k| (k.date.to_string(), k.revenue))
        .collect();
    assert_eq!(
        kept,
        [
            ("2025-11-15".to_string(), 4350.0),
            ("2025-12-15".to_string(), 7600.0)
        ]
    );
}

#[test]
fn a_snapshot_moved_onto_anothers_date_is_refused_beside_it() {
    let mut s = Session::new();
    s.go_to_startup("kilim craft");
    s.type_text("e");
    s.focus("kpis[0]");
    s.press(KeyCode::Enter);
    s.focus("kpis[0].date");
    s.clear_line();
    s.type_text("2025-12-15");
    let screen = s.screen();
    assert!(screen.contains("two snapshots on 2025-12-15"), "{screen}");
}

// ------------------------------------------------------------ note edits

#[test]
fn an_edited_note_says_when_and_by_whom_and_the_timeline_has_the_change() {
    let mut s = Session::new();
    s.go_to_startup("bazarim");
    s.press(KeyCode::Enter); // details
    while !matches!(s.state.links().get(s.state.link), Some(l) if l.kind == Kind::Note) {
        s.press(KeyCode::Down);
    }
    let screen = s.screen();
    assert!(!screen.contains("· edited "), "not edited yet:\n{screen}");
    s.press(KeyCode::Enter);
    s.ctrl('e');
    s.type_text(" Done.");
    s.ctrl('s');
    let screen = s.screen();
    let today = chrono::Utc::now().format("%Y-%m-%d");
    assert!(
        screen.contains(&format!("edited {today} by Nigar Əliyeva")),
        "{screen}"
    );
    assert!(screen.contains("· Nigar Əliyeva · edited note"), "{screen}");
    // With the timeline off (t) the note still says it was edited.
    s.press(KeyCode::Esc);
    s.type_text("t");
    let screen = s.screen();
    assert!(!screen.contains("edited note"), "{screen}");
    assert!(screen.contains(&format!("edited {today} by")), "{screen}");
}

// ------------------------------------------------------------ wrapping

fn note_body(s: &Session) -> &ratatui_textarea::TextArea<'static> {
    match &s.state.overlay {
        Overlay::Note(editor) => &editor.body,
        other => panic!("no note editor: {other:?}"),
    }
}

const LONG: &str = "Pricing review with both founders: the tiered plan goes live in January, \
                    twelve shops signed, and the bakery chain wants a pilot in Gəncə before spring.";

#[test]
fn a_long_line_in_the_note_editor_wraps_and_up_moves_by_the_lines_drawn() {
    let mut s = Session::sized(80, 24);
    s.go_to_startup("bazarim");
    s.type_text("a");
    s.state.handle(Event::Paste(LONG.into()));
    s.settle();
    let screen = s.screen();
    // The start and the end of the one line are both on screen.
    assert!(
        screen.contains("Pricing review with both founders"),
        "{screen}"
    );
    assert!(screen.contains("in Gəncə before"), "{screen}");
    assert!(screen.contains("spring."), "{screen}");
    // End keeps the start in view: nothing scrolls sideways.
    s.press(KeyCode::End);
    assert!(s.screen().contains("Pricing review with"), "{}", s.screen());
    // ↑ goes to the drawn line above, within the one line of text.
    let ratatui_textarea::DataCursor(row, col) = note_body(&s).cursor();
    s.press(KeyCode::Up);
    let ratatui_textarea::DataCursor(row_after, col_after) = note_body(&s).cursor();
    assert_eq!(row_after, row, "still the first line of text");
    assert!(col_after < col, "{col_after} < {col}: a drawn line up");
    // Home twice: the drawn line's start, then the text's.
    s.press(KeyCode::Home);
    s.press(KeyCode::Home);
    assert_eq!(note_body(&s).cursor().1, 0);
    s.press(KeyCode::Down);
    assert!(note_body(&s).cursor().1 > 0, "a drawn line down");
}

/// The text of the drawn line of the note box that starts with `start`,
/// up to the box's right border.
fn drawn_line_from(screen: &str, start: &str) -> String {
    let line = screen
        .lines()
        .find(|line| line.contains(start))
        .unwrap_or_else(|| panic!("no line with {start:?}:\n{screen}"));
    let from = &line[line.find(start).unwrap_or(0)..];
    from.split('│')
        .next()
        .unwrap_or(from)
        .trim_end()
        .to_string()
}

/// Type `c` and check it went in at the last character of `drawn`, the
/// full first drawn line: the cursor stood on that character.
fn typed_at_the_end_of(s: &mut Session, drawn: &str, c: char) {
    assert_eq!(
        note_body(s).screen_cursor().row,
        0,
        "on the first drawn line"
    );
    s.type_text(&c.to_string());
    let line = note_body(s).lines()[0].clone();
    let at = line.find(c).expect("typed");
    let (kept, last) = drawn.split_at(drawn.len() - 1);
    assert_eq!((&line[..at], &line[at + 1..at + 2]), (kept, last), "{line}");
}

#[test]
fn home_and_end_go_to_the_ends_of_the_drawn_line_then_of_the_line_of_text() {
    let mut s = Session::sized(80, 24);
    s.go_to_startup("bazarim");
    s.type_text("a");
    s.state.handle(Event::Paste(LONG.into()));
    s.settle();
    let first = drawn_line_from(&s.screen(), "Pricing review with");
    assert!(first.len() < LONG.len() / 2, "the line wraps: {first:?}");
    // The cursor is at the end of the text, on the last drawn line: Home
    // goes to that line's start, a second Home to the text's start.
    s.press(KeyCode::Home);
    assert!(note_body(&s).cursor().1 > 0, "the last drawn line's start");
    s.press(KeyCode::Home);
    assert_eq!(note_body(&s).cursor().1, 0);
    // End: the end of the first drawn line, not of the text. That line is
    // full, so the cursor stands on its last character (the place after
    // it is the next drawn line's start, as for ↑/↓), and what is typed
    // goes there.
    s.press(KeyCode::End);
    typed_at_the_end_of(&mut s, &first, 'X');
    // A second End: the end of the text.
    s.press(KeyCode::End);
    s.press(KeyCode::End);
    s.type_text("Y");
    assert!(note_body(&s).lines()[0].ends_with("spring.Y"));
    // Ctrl-A and Ctrl-E do the same.
    let first = drawn_line_from(&s.screen(), "Pricing review with");
    s.ctrl('a');
    s.ctrl('a');
    assert_eq!(note_body(&s).cursor().1, 0);
    s.ctrl('e');
    typed_at_the_end_of(&mut s, &first, 'Z');
}

#[test]
fn a_several_line_form_field_wraps_its_long_lines() {
    let mut s = Session::sized(80, 24);
    s.type_text("3n");
    s.type_text("Winter 2027");
    s.focus("description");
    s.state.handle(Event::Paste(LONG.into()));
    s.settle();
    let screen = s.screen();
    assert!(screen.contains("Pricing review with"), "{screen}");
    assert!(screen.contains("before spring."), "{screen}");
    // ↑ within the wrapped line stays in the field.
    let focus = s.form().focus;
    s.press(KeyCode::Up);
    assert_eq!(s.form().focus, focus, "still in About:\n{}", s.screen());
    // Home: the start of the drawn line, then of the line of text.
    let col = |s: &Session| match &s.form().fields[focus].value {
        incubator::app::form::Value::Area(area) => area.cursor().1,
        _ => panic!("About is a text area"),
    };
    s.press(KeyCode::Home);
    assert!(col(&s) > 0, "the drawn line's start");
    s.press(KeyCode::Home);
    assert_eq!(col(&s), 0);
}
