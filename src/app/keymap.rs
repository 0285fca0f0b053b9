//! One table of keys: what each does, where, and how it is described. The
//! help overlay and the status-bar hints are generated from it, and a
//! config file can rebind any action.

use std::collections::HashMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks the session to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    NextTab,
    PrevTab,
    Home,
    Startups,
    Cohorts,
    Mentors,
    DemoDays,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    Filter,
    QuickFilter,
    Export,
    New,
    Edit,
    Delete,
    AddNote,
    Undo,
    Timeline,
    Palette,
    Help,
    SortNext,
    SortReverse,
    // In dialogs: the session never takes these (see `Scope::in_dialog`).
    Save,
    Cancel,
    DropLine,
    PitchUp,
    PitchDown,
    DayLater,
    DayEarlier,
    Tick,
    ClearAll,
}

impl Action {
    /// The name a config file uses for the action.
    pub fn name(self) -> &'static str {
        binding(self).name
    }
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    Lists,
    Details,
    /// A form (`n`, `e`) or the note editor.
    Form,
    /// A date or time line of a form.
    TextField,
    /// Any dialog.
    Dialog,
}

impl Scope {
    /// Whether the binding is a dialog's: the lists and details never
    /// take it, and its keys may be the same as theirs (Esc is `back`
    /// there and `cancel` in a dialog).
    pub fn in_dialog(self) -> bool {
        matches!(self, Scope::Form | Scope::TextField | Scope::Dialog)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scope::Everywhere => "everywhere",
            Scope::Lists => "lists",
            Scope::Details => "details",
            Scope::Form => "forms",
            Scope::TextField => "date fields",
            Scope::Dialog => "dialogs",
        })
    }
}

pub struct Binding {
    pub action: Action,
    pub name: &'static str,
    pub keys: &'static [&'static str],
    pub description: &'static str,
    pub scope: Scope,
    /// The word for it in the status bar, if it is shown there.
    pub hint: Option<&'static str>,
}

macro_rules! bindings {
    ($($action:ident $name:literal [$($key:literal),*] $scope:ident $hint:expr, $description:literal;)*) => {
        pub const BINDINGS: &[Binding] = &[$(Binding {
            action: Action::$action,
            name: $name,
            keys: &[$($key),*],
            description: $description,
            scope: Scope::$scope,
            hint: $hint,
        }),*];
    };
}

bindings! {
    Up          "up"           ["Up", "k"]            Everywhere None, "move up";
    Down        "down"         ["Down", "j"]          Everywhere None, "move down";
    Top         "top"          ["g", "Home"]          Everywhere None, "go to the first row";
    Bottom      "bottom"       ["G", "End"]           Everywhere None, "go to the last row";
    PageUp      "page_up"      ["PageUp"]             Everywhere None, "one page up";
    PageDown    "page_down"    ["PageDown"]           Everywhere None, "one page down";
    Open        "open"         ["Enter"]              Everywhere Some("open"),  "open / follow a link";
    Back        "back"         ["Esc", "Backspace"]   Everywhere Some("back"),  "go back";
    NextTab     "next_tab"     ["Tab"]                Everywhere None, "next tab";
    PrevTab     "prev_tab"     ["BackTab"]            Everywhere None, "previous tab";
    Home        "home"         ["1"]                  Everywhere None, "Home";
    Startups    "startups"     ["2"]                  Everywhere None, "Startups";
    Cohorts     "cohorts"      ["3"]                  Everywhere None, "Cohorts";
    Mentors     "mentors"      ["4"]                  Everywhere None, "Mentors";
    DemoDays    "demo_days"    ["5"]                  Everywhere None, "Demo days";
    Filter      "filter"       ["/"]                  Lists      Some("filter"),  "filter this list";
    QuickFilter "quick_filter" ["f"]                  Lists      Some("narrow"),  "narrow the list";
    SortNext    "sort"         ["s"]                  Lists      None, "sort by another column";
    SortReverse "sort_reverse" ["S"]                  Lists      None, "reverse the sort";
    Export      "export"       ["x"]                  Lists      None, "export a cohort";
    New         "new"          ["n"]                  Lists      None, "new record";
    Edit        "edit"         ["e"]                  Lists      None, "edit it";
    Delete      "delete"       ["d"]                  Lists      None, "delete it";
    AddNote     "add_note"     ["a"]                  Lists      Some("note"), "add a note";
    Undo        "undo"         ["u"]                  Everywhere None, "undo my last change";
    Timeline    "timeline"     ["t"]                  Details    None, "history on/off";
    Palette     "search"       ["Ctrl-k", ":"]        Everywhere Some("search"),  "search everything";
    Help        "help"         ["?"]                  Everywhere Some("help"),  "help";
    Quit        "quit"         ["q"]                  Everywhere Some("quit"),  "quit";
    Save        "save"         ["Ctrl-s"]             Form       None, "save";
    DropLine    "drop_line"    ["Ctrl-d"]             Form       None, "drop the founder, pitch or KPI line";
    PitchUp     "pitch_up"     ["K"]                  Form       None, "move the pitch earlier";
    PitchDown   "pitch_down"   ["J"]                  Form       None, "move the pitch later";
    DayLater    "day_later"    ["+"]                  TextField  None, "a day later";
    DayEarlier  "day_earlier"  ["-"]                  TextField  None, "a day earlier";
    Cancel      "cancel"       ["Esc"]                Dialog     None, "close, asking first if edits would go";
    Tick        "tick"         ["Space", "Enter"]     Dialog     None, "tick or untick a quick filter";
    ClearAll    "clear_all"    ["c"]                  Dialog     None, "untick every quick filter";
}

fn binding(action: Action) -> &'static Binding {
    BINDINGS
        .iter()
        .find(|b| b.action == action)
        .unwrap_or(&BINDINGS[0])
}

/// A key as written in the table and in config files: `j`, `G`, `Enter`,
/// `Ctrl-k`, `BackTab`, `PageDown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyPress {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeyPress {
    pub fn parse(text: &str) -> Result<KeyPress, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            if let Some(r) = rest
                .strip_prefix("Ctrl-")
                .or_else(|| rest.strip_prefix("C-"))
            {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest
                .strip_prefix("Alt-")
                .or_else(|| rest.strip_prefix("M-"))
            {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Backspace" => KeyCode::Backspace,
            "Tab" => KeyCode::Tab,
            "BackTab" | "Shift-Tab" => KeyCode::BackTab,
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            "Space" => KeyCode::Char(' '),
            single if single.chars().count() == 1 => {
                KeyCode::Char(single.chars().next().unwrap_or(' '))
            }
            f if f.starts_with('F') && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            other => return Err(format!("unknown key {other:?}")),
        };
        Ok(KeyPress { code, ctrl, alt })
    }

    pub fn from_event(event: KeyEvent) -> KeyPress {
        let mut code = event.code;
        // Terminals send Ctrl-letters lowercase or uppercase; fold them.
        if let KeyCode::Char(c) = code
            && event.modifiers.contains(KeyModifiers::CONTROL)
        {
            code = KeyCode::Char(c.to_ascii_lowercase());
        }
        KeyPress {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

impl fmt::Display for KeyPress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The key table in force: the defaults with the user's overrides.
#[derive(Debug, Clone)]
pub struct Keymap {
    keys: HashMap<Action, Vec<KeyPress>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let keys = BINDINGS
            .iter()
            .map(|b| {
                let keys = b
                    .keys
                    .iter()
                    .filter_map(|k| KeyPress::parse(k).ok())
                    .collect();
                (b.action, keys)
            })
            .collect();
        Keymap { keys }
    }
}

impl Keymap {
    /// The defaults, with `overrides` (action name → keys) replacing the
    /// keys of the actions they name. A key the user gives one action is
    /// taken from the action it had by default; unknown names and keys,
    /// and one key given to two actions, are errors.
    pub fn with_overrides(overrides: &HashMap<String, Vec<String>>) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        // A key is claimed among the lists' bindings or the dialogs'.
        let mut claimed: HashMap<(bool, KeyPress), &str> = HashMap::new();
        // In table order, so an error names the same pair every time.
        for binding in BINDINGS {
            let Some(keys) = overrides.get(binding.name) else {
                continue;
            };
            let name = binding.name;
            let keys = keys
                .iter()
                .map(|k| KeyPress::parse(k).map_err(|e| format!("[keys] {name}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            let family = binding.scope.in_dialog();
            for key in &keys {
                if let Some(other) = claimed.insert((family, *key), name) {
                    return Err(format!("[keys]: {key} is given to both {other} and {name}"));
                }
            }
            map.keys.insert(binding.action, keys);
        }
        if let Some(name) = overrides
            .keys()
            .find(|n| !BINDINGS.iter().any(|b| b.name == *n))
        {
            return Err(format!("[keys]: unknown action {name:?}"));
        }
        for binding in BINDINGS.iter().filter(|b| !overrides.contains_key(b.name)) {
            let family = binding.scope.in_dialog();
            if let Some(keys) = map.keys.get_mut(&binding.action) {
                keys.retain(|k| !claimed.contains_key(&(family, *k)));
            }
        }
        Ok(map)
    }

    pub fn action(&self, key: KeyPress) -> Option<Action> {
        // Ctrl-C quits from anywhere, whatever the table says.
        if key.ctrl && key.code == KeyCode::Char('c') {
            return Some(Action::Quit);
        }
        BINDINGS
            .iter()
            .filter(|b| !b.scope.in_dialog())
            .map(|b| b.action)
            .find(|a| self.keys.get(a).is_some_and(|keys| keys.contains(&key)))
    }

    /// Whether `event` is one of `action`'s keys (a dialog asks this).
    pub fn is(&self, action: Action, event: KeyEvent) -> bool {
        self.keys(action).contains(&KeyPress::from_event(event))
    }

    /// `action`'s first key as a dialog's hint writes it: a letter with
    /// Ctrl in capitals (`Ctrl-S`); empty when it has none.
    pub fn hint(&self, action: Action) -> String {
        let Some(key) = self.keys(action).first() else {
            return String::new();
        };
        match key.code {
            KeyCode::Char(c) if key.ctrl && !key.alt => format!("Ctrl-{}", c.to_ascii_uppercase()),
            _ => key.to_string(),
        }
    }

    pub fn keys(&self, action: Action) -> &[KeyPress] {
        self.keys.get(&action).map_or(&[], Vec::as_slice)
    }

    /// "j/Down" for the help and hints.
    pub fn describe(&self, action: Action) -> String {
        self.keys(action)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyPress {
        KeyPress::from_event(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn defaults_map_keys_to_actions() {
        let map = Keymap::default();
        assert_eq!(
            map.action(key(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action(key(KeyCode::Char('K'), KeyModifiers::CONTROL)),
            Some(Action::Palette)
        );
        assert_eq!(
            map.action(key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action(key(KeyCode::Char('z'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn overrides_replace_an_actions_keys_and_bad_ones_are_named() {
        let overrides = HashMap::from([("down".to_string(), vec!["n".to_string()])]);
        let map = Keymap::with_overrides(&overrides).unwrap();
        assert_eq!(
            map.action(key(KeyCode::Char('n'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action(key(KeyCode::Char('j'), KeyModifiers::NONE)),
            None
        );
        let bad = HashMap::from([("dwon".to_string(), vec!["n".to_string()])]);
        assert_eq!(
            Keymap::with_overrides(&bad).unwrap_err(),
            "[keys]: unknown action \"dwon\""
        );
    }

    /// Esc is `back` on the lists and `cancel` in a dialog; two of the
    /// dialogs' actions may not share a key.
    #[test]
    fn a_dialogs_key_is_claimed_among_the_dialogs_only() {
        let esc = key(KeyCode::Esc, KeyModifiers::NONE);
        let map = Keymap::default();
        assert_eq!(map.action(esc), Some(Action::Back));
        let event = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert!(map.is(Action::Cancel, event));
        let overrides = HashMap::from([
            ("back".to_string(), vec!["Esc".to_string()]),
            ("cancel".to_string(), vec!["Esc".to_string()]),
        ]);
        assert!(Keymap::with_overrides(&overrides).is_ok());
        let overrides = HashMap::from([
            ("save".to_string(), vec!["Ctrl-d".to_string()]),
            ("drop_line".to_string(), vec!["Ctrl-d".to_string()]),
        ]);
        assert_eq!(
            Keymap::with_overrides(&overrides).unwrap_err(),
            "[keys]: Ctrl-d is given to both save and drop_line"
        );
    }

    #[test]
    fn every_default_key_parses() {
        for b in BINDINGS {
            for k in b.keys {
                assert!(KeyPress::parse(k).is_ok(), "{k}");
            }
        }
    }
}
