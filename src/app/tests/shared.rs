//! Sessions sharing one model (`SharedModel`) see what a session that
//! loaded the portfolio afresh sees, however writes and their following
//! interleave.

use std::sync::Arc;

use proptest::prelude::*;
use ratatui::crossterm::event::KeyCode;

use super::super::testing::{press, type_keys};
use super::*;
use crate::model::testing::{note, startup};
use crate::model::{Portfolio, Record};

/// One write, as the store would send it back.
#[derive(Debug, Clone)]
enum Write {
    /// The `s`th startup renamed to the `name`th name.
    Rename { s: u8, name: u8 },
    /// Note `n` written (again) on the `s`th startup.
    Note { n: u8, s: u8, day: u32 },
    /// Note `n` deleted, if it is there.
    Unnote { n: u8 },
    /// Startup `new-s` founded.
    Found { s: u8 },
    /// Startup `new-s` deleted, if it is there without notes.
    Close { s: u8 },
}

const NAMES: [&str; 4] = ["Aaa First", "Zzz Last", "Mid Alpha", "Ağ Şəhər Two"];

fn write() -> impl Strategy<Value = Write> {
    prop_oneof![
        2 => (0u8..40, 0u8..4).prop_map(|(s, name)| Write::Rename { s, name }),
        3 => (0u8..8, 0u8..40, 1u32..29).prop_map(|(n, s, day)| Write::Note { n, s, day }),
        1 => (0u8..8).prop_map(|n| Write::Unnote { n }),
        1 => (0u8..3).prop_map(|s| Write::Found { s }),
        1 => (0u8..3).prop_map(|s| Write::Close { s }),
    ]
}

/// Apply `write` to `truth`; the update the store would send, if any.
fn written(truth: &mut Portfolio, write: &Write, who: &str) -> Option<Update> {
    let nth =
        |truth: &Portfolio, s: u8| truth.startups[usize::from(s) % truth.startups.len()].clone();
    let (kind, id, record) = match *write {
        Write::Rename { s, name } => {
            let mut renamed = nth(truth, s);
            renamed.name = NAMES[usize::from(name)].into();
            (
                Kind::Startup,
                renamed.id.clone(),
                Some(Record::Startup(renamed)),
            )
        }
        Write::Note { n, s, day } => {
            let on = nth(truth, s);
            let mut written = note(&format!("shared-n{n}"), &on.id, "x");
            written.created_at = format!("2026-10-{day:02}T10:00:00+04:00").parse().unwrap();
            (Kind::Note, written.id.clone(), Some(Record::Note(written)))
        }
        Write::Unnote { n } => {
            let id = format!("shared-n{n}");
            truth.notes.iter().any(|note| note.id == id).then_some(())?;
            (Kind::Note, id, None)
        }
        Write::Found { s } => {
            let mut founded = startup(&format!("new-{s}"));
            founded.name = format!("New {s}");
            (
                Kind::Startup,
                founded.id.clone(),
                Some(Record::Startup(founded)),
            )
        }
        Write::Close { s } => {
            let id = format!("new-{s}");
            let there = truth.startups.iter().any(|s| s.id == id);
            let noted = truth.notes.iter().any(|n| n.startup == id);
            (there && !noted).then_some(())?;
            (Kind::Startup, id, None)
        }
    };
    match &record {
        Some(record) => truth.put(record.clone()),
        None => truth.remove(kind, &id),
    }
    Some(Update::Record {
        kind,
        id,
        record: record.map(Box::new),
        who: who.into(),
    })
}

/// Sessions over one model, each looking at something else: sorted by
/// stage, filtered, on another tab.
fn sessions(model: &Arc<SharedModel>) -> Vec<App> {
    let views: [&str; 4] = ["2sjjj", "2/a", "3jj", "4ss"];
    views
        .iter()
        .enumerate()
        .map(|(n, keys)| {
            let mut state = App::sharing(Arc::clone(model), today(), (120, 40), Keymap::default());
            state.user = format!("user{n}");
            type_keys(&mut state, keys);
            if state.filtering {
                press(&mut state, KeyCode::Enter);
            }
            state
        })
        .collect()
}

/// Each list's records, by id, in the order shown.
fn listed(state: &App, tab: Tab) -> Vec<String> {
    let data = state.data();
    let p = &data.portfolio;
    let Some(list) = state.lists.get(&tab) else {
        return Vec::new();
    };
    list.rows
        .iter()
        .map(|&i| match tab {
            Tab::Home | Tab::Calls => String::new(),
            Tab::Startups => p.startups[i].id.clone(),
            Tab::Cohorts => p.cohorts[i].id.clone(),
            Tab::Mentors => p.mentors[i].id.clone(),
            Tab::DemoDays => p.demo_days[i].id.clone(),
        })
        .collect()
}

/// `state` against a session that loaded `truth` afresh and was given the
/// same filters and sorts; and its selections where they were before.
fn same_as_afresh(
    state: &App,
    truth: &Portfolio,
    before: &[(Tab, Option<String>)],
) -> Result<(), TestCaseError> {
    let mut fresh = App::new(
        Data::from_portfolio(truth.clone()),
        today(),
        state.size,
        Keymap::default(),
    );
    for tab in Tab::ALL {
        if let Some(list) = state.lists.get(&tab) {
            let mut copied = ListView::of(tab);
            copied.filter = list.filter.clone();
            copied.sort = list.sort;
            copied.reverse = list.reverse;
            copied.facets = list.facets.clone();
            fresh.lists.insert(tab, copied);
            fresh.refresh_rows(tab);
        }
        prop_assert_eq!(listed(state, tab), listed(&fresh, tab), "{:?}", tab);
    }
    prop_assert_eq!(state.home_items(), fresh.home_items());
    for (tab, id) in before {
        if let Some(id) = id
            && listed(state, *tab).contains(id)
        {
            prop_assert_eq!(state.selected_id_in(*tab), Some(id.clone()), "{:?}", tab);
        }
    }
    for s in &truth.startups {
        prop_assert_eq!(
            state.data().note_count(&s.id),
            fresh.data().note_count(&s.id)
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whichever session writes, and whenever each gets round to
    /// following, every session's lists, selections and counts are those
    /// of a session that loaded the portfolio afresh.
    #[test]
    fn sessions_sharing_the_model_see_what_a_fresh_session_sees(
        steps in proptest::collection::vec(
            (write(), 0usize..4, proptest::collection::vec(any::<bool>(), 4)),
            1..25,
        )
    ) {
        let data = sample();
        let mut truth = data.portfolio.clone();
        let model = Arc::new(SharedModel::new(data));
        let mut states = sessions(&model);
        let mut before: Vec<Vec<(Tab, Option<String>)>> = states
            .iter()
            .map(|s| Tab::ALL.iter().map(|t| (*t, s.selected_id_in(*t))).collect())
            .collect();
        for (write, by, follows) in &steps {
            let who = states[*by].user.clone();
            if let Some(update) = written(&mut truth, write, &who) {
                model.write().apply(update);
            }
            for (n, state) in states.iter_mut().enumerate() {
                if follows[n] {
                    state.follow();
                    same_as_afresh(state, &truth, &before[n])?;
                    before[n] = Tab::ALL.iter().map(|t| (*t, state.selected_id_in(*t))).collect();
                }
            }
        }
        for (n, state) in states.iter_mut().enumerate() {
            state.follow();
            same_as_afresh(state, &truth, &before[n])?;
        }
    }
}

/// A session further behind than the model's log reaches (it was not
/// scheduled for over a thousand writes) follows them as one replacement:
/// its lists are right, and it reads histories again.
#[test]
fn a_session_left_behind_by_the_log_catches_up_whole() {
    let data = sample();
    let mut truth = data.portfolio.clone();
    let model = Arc::new(SharedModel::new(data));
    let mut states = sessions(&model);
    let before: Vec<_> = Tab::ALL
        .iter()
        .map(|t| (*t, states[0].selected_id_in(*t)))
        .collect();
    let key = (Kind::Startup, truth.startups[0].id.clone());
    states[0].histories.insert(key.clone(), Vec::new());
    for n in 0..1100u32 {
        let write = Write::Note {
            n: (n % 8) as u8,
            s: (n % 40) as u8,
            day: n % 28 + 1,
        };
        let update = written(&mut truth, &write, "someone").unwrap();
        model.write().apply(update);
    }
    assert!(model.read().changed_since(states[0].seen).is_none());
    assert!(states[0].follow());
    same_as_afresh(&states[0], &truth, &before).unwrap();
    assert!(!states[0].histories.contains_key(&key));
    assert!(!states[0].follow(), "nothing more to follow");
}
