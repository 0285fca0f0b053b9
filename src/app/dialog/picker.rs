//! A fuzzy list to choose records from: a startup's cohort (one), its
//! mentors (several), the startups that pitch at a demo day (several).

use ratatui::crossterm::event::KeyEvent;
use tui_input::Input;

use crate::app::clearing::type_into;
use crate::app::keymap::{Action, Keymap};
use crate::text::fold;

/// One thing to choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickOption {
    pub id: String,
    pub label: String,
    /// Shown after the label, dimmed: a mentor's expertise and load.
    pub detail: String,
    /// Marked as a warning: a mentor over capacity.
    pub warn: bool,
    /// The detail once ticked, and whether it warns, when ticking changes
    /// it: a mentor's load becomes "3/2, over capacity".
    pub ticked: Option<(String, bool)>,
}

/// What the picker fills in when it closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickTarget {
    Cohort,
    Mentors,
    Pitches,
    /// A free office hour to book (`dialog::book`).
    OfficeHour,
}

#[derive(Debug, Clone)]
pub struct Picker {
    pub title: String,
    pub target: PickTarget,
    pub multi: bool,
    pub query: Input,
    pub options: Vec<PickOption>,
    /// Indices into `options` that match the query, best first.
    pub shown: Vec<usize>,
    pub selected: usize,
    /// Ids ticked so far, in the order ticked.
    pub chosen: Vec<String>,
}

/// What a key did to the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    /// Still choosing.
    Open,
    /// Done: these ids (for a single choice, one or none).
    Chosen(Vec<String>),
    /// Closed without a change.
    Cancelled,
}

impl Picker {
    pub fn new(
        title: impl Into<String>,
        target: PickTarget,
        multi: bool,
        options: Vec<PickOption>,
        chosen: Vec<String>,
    ) -> Picker {
        let mut picker = Picker {
            title: title.into(),
            target,
            multi,
            query: Input::default(),
            shown: (0..options.len()).collect(),
            options,
            selected: 0,
            chosen,
        };
        // Start on the current choice of a single pick.
        if !multi
            && let Some(current) = picker.chosen.first()
            && let Some(at) = picker.options.iter().position(|o| &o.id == current)
        {
            picker.selected = at;
        }
        picker
    }

    pub(super) fn filter(&mut self) {
        let query = fold(self.query.value().trim());
        if query.is_empty() {
            self.shown = (0..self.options.len()).collect();
        } else {
            let mut scored: Vec<(i64, usize)> = self
                .options
                .iter()
                .enumerate()
                .filter_map(|(i, o)| crate::search::score(&query, &o.label).map(|score| (score, i)))
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.shown = scored.into_iter().map(|(_, i)| i).collect();
        }
        self.selected = 0;
    }

    pub fn current(&self) -> Option<&PickOption> {
        self.shown.get(self.selected).map(|i| &self.options[*i])
    }

    pub fn is_chosen(&self, id: &str) -> bool {
        self.chosen.iter().any(|c| c == id)
    }

    /// What `option` shows after its label, and whether it warns: as it
    /// will be with the option ticked or not.
    pub fn detail_of<'a>(&self, option: &'a PickOption) -> (&'a str, bool) {
        match &option.ticked {
            Some((detail, warn)) if self.is_chosen(&option.id) => (detail, *warn),
            _ => (&option.detail, option.warn),
        }
    }

    /// A key: move, tick, choose or close; any other is typed into the
    /// query.
    pub fn key(&mut self, event: KeyEvent, keys: &Keymap) -> Picked {
        let is = |action| keys.is(action, event);
        if is(Action::Cancel) {
            return Picked::Cancelled;
        }
        if is(Action::Choose) {
            if self.multi {
                return Picked::Chosen(self.chosen.clone());
            }
            return Picked::Chosen(self.current().map(|o| o.id.clone()).into_iter().collect());
        }
        if self.multi && is(Action::Mark) {
            if let Some(id) = self.current().map(|o| o.id.clone()) {
                match self.chosen.iter().position(|c| *c == id) {
                    Some(at) => {
                        self.chosen.remove(at);
                    }
                    None => self.chosen.push(id),
                }
            }
        } else if is(Action::PickUp) {
            self.selected = self.selected.saturating_sub(1);
        } else if is(Action::PickDown) {
            self.selected = (self.selected + 1).min(self.shown.len().saturating_sub(1));
        } else if type_into(&mut self.query, event, keys) {
            self.filter();
        }
        Picked::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn option(id: &str, label: &str) -> PickOption {
        PickOption {
            id: id.into(),
            label: label.into(),
            detail: String::new(),
            warn: false,
            ticked: None,
        }
    }

    fn press(picker: &mut Picker, code: KeyCode) -> Picked {
        picker.key(KeyEvent::new(code, KeyModifiers::NONE), &Keymap::default())
    }

    fn mentors() -> Picker {
        let options = vec![
            option("m1", "Aysel Hüseynova"),
            option("m2", "İlkin Babayev"),
            option("m3", "김민수 (Kim Min-su)"),
        ];
        Picker::new(
            "Mentors",
            PickTarget::Mentors,
            true,
            options,
            vec!["m2".into()],
        )
    }

    #[test]
    fn typing_narrows_by_folded_fuzzy_match() {
        let mut picker = mentors();
        for c in "ilkin".chars() {
            press(&mut picker, KeyCode::Char(c));
        }
        assert_eq!(picker.current().map(|o| o.id.as_str()), Some("m2"));
        assert_eq!(picker.shown.len(), 1);
    }

    #[test]
    fn space_ticks_and_enter_returns_the_ticked_in_order() {
        let mut picker = mentors();
        press(&mut picker, KeyCode::Char(' ')); // m1 on
        press(&mut picker, KeyCode::Down);
        press(&mut picker, KeyCode::Char(' ')); // m2 off
        press(&mut picker, KeyCode::Down);
        press(&mut picker, KeyCode::Char(' ')); // m3 on
        assert_eq!(
            press(&mut picker, KeyCode::Enter),
            Picked::Chosen(vec!["m1".into(), "m3".into()])
        );
    }

    #[test]
    fn a_single_pick_starts_on_the_current_choice_and_esc_changes_nothing() {
        let options = vec![option("c1", "Autumn"), option("c2", "Spring")];
        let mut picker = Picker::new(
            "Cohort",
            PickTarget::Cohort,
            false,
            options,
            vec!["c2".into()],
        );
        assert_eq!(picker.current().map(|o| o.id.as_str()), Some("c2"));
        assert_eq!(press(&mut picker, KeyCode::Esc), Picked::Cancelled);
        assert_eq!(
            press(&mut picker, KeyCode::Enter),
            Picked::Chosen(vec!["c2".into()])
        );
    }

    #[test]
    fn a_rebound_tick_key_ticks_and_space_is_typed() {
        let overrides =
            std::collections::HashMap::from([("mark".to_string(), vec!["Ctrl-t".to_string()])]);
        let keys = Keymap::with_overrides(&overrides).unwrap();
        let mut picker = mentors();
        picker.key(KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE), &keys);
        assert_eq!(picker.chosen, vec!["m2".to_string()], "Space ticks nothing");
        assert_eq!(picker.query.value(), " ", "it is typed");
        picker.key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE), &keys);
        picker.key(
            KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL),
            &keys,
        );
        assert_eq!(picker.chosen, vec!["m2".to_string(), "m1".to_string()]);
    }
}
