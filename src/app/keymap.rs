//! One table of keys: what each does, where, and how it is described. The
//! help overlay, the status-bar hints and every dialog's hint are
//! generated from it, and a config file can rebind any action. The lists
//! ask [`Keymap::action`]; a dialog asks [`Keymap::is`] for its own keys
//! and hands the keys it does not know to the text it edits.

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
    AddMilestone,
    MilestoneDone,
    CopyPlan,
    Report,
    Copy,
    Undo,
    Redo,
    MarkRow,
    Bulk,
    Timeline,
    Palette,
    Help,
    SortNext,
    SortReverse,
    Calls,
    NextCall,
    PrevCall,
    StageNext,
    StagePrev,
    SetStage,
    AssignReviewers,
    Review,
    AcceptApplication,
    DeleteCall,
    CloseJudging,
    AddOfficeHours,
    BookOfficeHour,
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
    LineUp,
    LineDown,
    Pick,
    KeepMine,
    TakeTheirs,
    FilterDone,
    FilterClear,
    PickUp,
    PickDown,
    Choose,
    Mark,
    Yes,
    Detach,
    Accept,
    NextField,
    PrevField,
    ChoicePrev,
    ChoiceNext,
    ClearToStart,
    DeleteWord,
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
    /// The Calls tab's own keys (it takes the lists' moves too).
    Calls,
    Details,
    /// A form (`n`, `e`) or the note editor.
    Form,
    /// A date or time line of a form, and the `/` filter's line.
    TextField,
    /// A picker over a form, and the search palette.
    Picker,
    /// Any dialog.
    Dialog,
}

impl Scope {
    /// Whether the binding is a dialog's: the lists and details never
    /// take it, and its keys may be the same as theirs (Esc is `back`
    /// there and `cancel` in a dialog).
    pub fn in_dialog(self) -> bool {
        matches!(
            self,
            Scope::Form | Scope::TextField | Scope::Picker | Scope::Dialog
        )
    }

    /// The bindings a key is claimed among: the lists and details are one
    /// family, each dialog scope its own (Enter picks in a form, chooses
    /// in a picker and says yes to a question).
    fn family(self) -> u8 {
        match self {
            Scope::Everywhere | Scope::Lists | Scope::Calls | Scope::Details => 0,
            Scope::Form => 1,
            Scope::TextField => 2,
            Scope::Picker => 3,
            Scope::Dialog => 4,
        }
    }
}

impl Binding {
    /// Its [`Scope::family`], but the answers to a question (delete?
    /// throw away? whose change?) and the quick-filter menu's ticks are
    /// families of their own: they are read when nothing else is, so
    /// they share keys (Enter, Space) with the other dialog keys.
    fn family(&self) -> u8 {
        match self.action {
            Action::Yes | Action::Detach | Action::KeepMine | Action::TakeTheirs => 5,
            Action::Tick | Action::ClearAll => 6,
            _ => self.scope.family(),
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scope::Everywhere => "everywhere",
            Scope::Lists => "lists",
            Scope::Calls => "the Calls tab",
            Scope::Details => "details",
            Scope::Form => "forms",
            Scope::TextField => "text fields",
            Scope::Picker => "pickers and search",
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
    Calls       "calls"        ["6"]                  Everywhere None, "Calls";
    Filter      "filter"       ["/"]                  Lists      Some("filter"),  "filter this list";
    QuickFilter "quick_filter" ["f"]                  Lists      Some("narrow"),  "narrow the list";
    SortNext    "sort"         ["s"]                  Lists      None, "sort by another column";
    SortReverse "sort_reverse" ["S"]                  Lists      None, "reverse the sort";
    Export      "export"       ["x"]                  Lists      None, "export a cohort";
    New         "new"          ["n"]                  Lists      None, "new record";
    Edit        "edit"         ["e"]                  Lists      None, "edit it";
    Delete      "delete"       ["d"]                  Lists      None, "delete it";
    AddNote     "add_note"     ["a"]                  Lists      Some("note"), "add a note";
    AddMilestone "add_milestone" ["M"]                Lists      None, "add a milestone";
    MilestoneDone "milestone_done" ["c"]              Lists      None, "milestone done / open";
    CopyPlan    "copy_plan"    ["P"]                  Lists      None, "milestones to a cohort";
    Report      "report"       ["R"]                  Lists      None, "the impact report";
    Copy        "copy"         ["y"]                  Lists      None, "copy name and id, or note";
    Undo        "undo"         ["u"]                  Everywhere None, "undo my last change";
    Redo        "redo"         ["U", "Ctrl-r"]        Everywhere None, "redo what u undid";
    MarkRow     "mark_row"     ["Space"]              Lists      None, "mark / unmark a row";
    Bulk        "act_on_marked" ["b"]                 Lists      None, "act on the marked rows";
    NextCall    "next_call"    ["]"]                  Calls      None, "the next call";
    PrevCall    "prev_call"    ["["]                  Calls      None, "the previous call";
    Review      "review"       ["v"]                  Calls      Some("review"), "score it (a review)";
    StageNext   "stage_next"   [">"]                  Calls      None, "on to the next stage";
    StagePrev   "stage_prev"   ["<"]                  Calls      None, "back a stage";
    SetStage    "set_stage"    ["m"]                  Calls      Some("stage"), "move to a stage";
    AssignReviewers "reviewers" ["r"]                 Calls      Some("reviewers"), "ask reviewers";
    AcceptApplication "accept_application" ["A"]      Calls      None, "accept: the startup made";
    DeleteCall  "delete_call"  ["D"]                  Calls      None, "delete the call";
    CloseJudging "close_judging" ["C"]                Lists      None, "close/reopen judging";
    AddOfficeHours "office_hours" ["o"]               Lists      None, "add office hours";
    BookOfficeHour "book"      ["B"]                  Lists      None, "book an office hour";
    Timeline    "timeline"     ["t"]                  Details    None, "history on/off";
    Palette     "search"       ["Ctrl-k", ":"]        Everywhere Some("search"),  "search everything";
    Help        "help"         ["?"]                  Everywhere Some("help"),  "help";
    Quit        "quit"         ["q"]                  Everywhere Some("quit"),  "quit";
    Save        "save"         ["Ctrl-s"]             Form       None, "save";
    DropLine    "drop_line"    ["Ctrl-d"]             Form       None, "drop founder/pitch/KPI";
    PitchUp     "pitch_up"     ["K", "Shift-Up"]      Form       None, "move a pitch earlier";
    PitchDown   "pitch_down"   ["J", "Shift-Down"]    Form       None, "move a pitch later";
    LineUp      "line_up"      ["Up"]                 Form       None, "the line above";
    LineDown    "line_down"    ["Down"]               Form       None, "the line below";
    Pick        "pick"         ["Enter"]              Form       None, "pick, add, or next line";
    KeepMine    "keep_mine"    ["o"]                  Form       None, "a clash: save mine";
    TakeTheirs  "take_theirs"  ["r"]                  Form       None, "a clash: take theirs";
    DayLater    "day_later"    ["+"]                  TextField  None, "a day later";
    DayEarlier  "day_earlier"  ["-"]                  TextField  None, "a day earlier";
    FilterDone  "filter_done"  ["Enter"]              TextField  None, "keep the / filter";
    FilterClear "filter_clear" ["Esc"]                TextField  None, "clear the / filter";
    ClearToStart "clear_to_start" ["Ctrl-u"]          TextField  None, "clear to the start";
    DeleteWord  "delete_word"  ["Ctrl-w"]             TextField  None, "delete a word back";
    PickUp      "pick_up"      ["Up", "Ctrl-p"]       Picker     None, "the one above";
    PickDown    "pick_down"    ["Down", "Tab", "Ctrl-n"] Picker  None, "the one below";
    Choose      "choose"       ["Enter"]              Picker     None, "choose / done / go";
    Mark        "mark"         ["Space"]              Picker     None, "tick or untick one";
    Cancel      "cancel"       ["Esc"]                Dialog     None, "close (asks if edits go)";
    Yes         "yes"          ["y", "Enter"]         Dialog     None, "yes to a question";
    Detach      "detach"       ["d"]                  Dialog     None, "yes, with all it takes";
    Accept      "accept"       ["Enter"]              Dialog     None, "write an export";
    NextField   "next_field"   ["Tab"]                Dialog     None, "next field";
    PrevField   "prev_field"   ["BackTab"]            Dialog     None, "previous field";
    ChoicePrev  "choice_prev"  ["Left"]               Dialog     None, "previous choice";
    ChoiceNext  "choice_next"  ["Right", "Space"]     Dialog     None, "next choice";
    Tick        "tick"         ["Space", "Enter"]     Dialog     None, "tick a quick filter";
    ClearAll    "clear_all"    ["c"]                  Dialog     None, "untick all quick filters";
}

/// One key as a hint writes it (see [`Keymap::hint`]).
fn hint(key: &KeyPress) -> String {
    let arrow = match key.code {
        KeyCode::Up => "↑",
        KeyCode::Down => "↓",
        KeyCode::Left => "←",
        KeyCode::Right => "→",
        KeyCode::Char(c) if key.ctrl && !key.alt => {
            return format!("Ctrl-{}", c.to_ascii_uppercase());
        }
        _ => return key.to_string(),
    };
    let mut text = String::new();
    if key.ctrl {
        text.push_str("Ctrl-");
    }
    if key.alt {
        text.push_str("Alt-");
    }
    if key.shift {
        text.push_str("Shift-");
    }
    text.push_str(arrow);
    text
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
    /// Shift with a key that is not a letter (`Shift-Up`); a letter's
    /// shift is in the letter (`K`).
    pub shift: bool,
}

impl KeyPress {
    pub fn parse(text: &str) -> Result<KeyPress, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = text;
        if rest == "Shift-Tab" {
            return Ok(KeyPress::plain(KeyCode::BackTab));
        }
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
            } else if let Some(r) = rest
                .strip_prefix("Shift-")
                .filter(|r| r.chars().count() > 1)
            {
                shift = true;
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
            // Ctrl-W and Ctrl-w are one key: terminals fold them, so does
            // `from_event`.
            single if single.chars().count() == 1 && ctrl => {
                KeyCode::Char(single.chars().next().unwrap_or(' ').to_ascii_lowercase())
            }
            single if single.chars().count() == 1 => {
                KeyCode::Char(single.chars().next().unwrap_or(' '))
            }
            f if f.starts_with('F') && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            other => return Err(format!("unknown key {other:?}")),
        };
        Ok(KeyPress {
            code,
            ctrl,
            alt,
            shift,
        })
    }

    fn plain(code: KeyCode) -> KeyPress {
        KeyPress {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
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
            shift: event.modifiers.contains(KeyModifiers::SHIFT)
                && !matches!(code, KeyCode::Char(_) | KeyCode::BackTab),
        }
    }

    /// Whether `pressed` is this key: a key written without Shift takes
    /// the shifted press too (Shift-Down moves down, as Down does).
    pub fn matches(&self, pressed: KeyPress) -> bool {
        self.code == pressed.code
            && self.ctrl == pressed.ctrl
            && self.alt == pressed.alt
            && (pressed.shift || !self.shift)
    }

    /// Ctrl-C, which quits from anywhere whatever the table says.
    pub fn interrupts(&self) -> bool {
        self.ctrl && self.code == KeyCode::Char('c')
    }

    /// Whether the key types a character (into a field being edited).
    pub fn types(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
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
        if self.shift {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            // Ctrl-W as the hints write it, not Ctrl-w.
            KeyCode::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
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
        let mut claimed: HashMap<(u8, KeyPress), &str> = HashMap::new();
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
            let family = binding.family();
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
            let family = binding.family();
            if let Some(keys) = map.keys.get_mut(&binding.action) {
                keys.retain(|k| !claimed.contains_key(&(family, *k)));
            }
        }
        Ok(map)
    }

    pub fn action(&self, key: KeyPress) -> Option<Action> {
        // Ctrl-C quits from anywhere, whatever the table says.
        if key.interrupts() {
            return Some(Action::Quit);
        }
        BINDINGS
            .iter()
            .filter(|b| !b.scope.in_dialog())
            .map(|b| b.action)
            .find(|a| self.keys(*a).iter().any(|k| k.matches(key)))
    }

    /// Whether `event` is one of `action`'s keys (a dialog asks this).
    pub fn is(&self, action: Action, event: KeyEvent) -> bool {
        let pressed = KeyPress::from_event(event);
        self.keys(action).iter().any(|k| k.matches(pressed))
    }

    /// `action`'s first key as a dialog's hint writes it: a letter with
    /// Ctrl in capitals (`Ctrl-S`), an arrow as one (`↑`); empty when it
    /// has none.
    pub fn hint(&self, action: Action) -> String {
        self.keys(action).first().map_or_else(String::new, hint)
    }

    /// `action`'s keys as a hint writes them, `/` between: `y/Enter`.
    pub fn hints(&self, action: Action) -> String {
        self.keys(action)
            .iter()
            .map(hint)
            .collect::<Vec<_>>()
            .join("/")
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
            "[keys]: Ctrl-D is given to both save and drop_line"
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

    /// Giving a dialog key its default keys again takes them from no
    /// other dialog key that shares one (Enter: yes, write, tick).
    #[test]
    fn restating_a_dialogs_defaults_keeps_the_others_keys() {
        let overrides = HashMap::from([
            (
                "yes".to_string(),
                vec!["y".to_string(), "Enter".to_string()],
            ),
            ("accept".to_string(), vec!["Enter".to_string()]),
            (
                "tick".to_string(),
                vec!["Space".to_string(), "Enter".to_string()],
            ),
        ]);
        let map = Keymap::with_overrides(&overrides).unwrap();
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
        assert!(map.is(Action::Yes, enter) && map.is(Action::Accept, enter));
        assert!(map.is(Action::Tick, enter) && map.is(Action::ChoiceNext, space));
    }

    /// Shift-↑ is a key of its own; a key written without Shift takes
    /// the shifted press too, as before.
    #[test]
    fn shift_with_an_arrow_is_told_apart() {
        let map = Keymap::default();
        let shift_up = KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT);
        let up = KeyEvent::new(KeyCode::Up, KeyModifiers::NONE);
        assert!(map.is(Action::PitchUp, shift_up) && !map.is(Action::PitchUp, up));
        assert!(map.is(Action::LineUp, shift_up));
        assert_eq!(map.action(KeyPress::from_event(shift_up)), Some(Action::Up));
        assert_eq!(KeyPress::parse("Shift-Tab"), KeyPress::parse("BackTab"));
        assert_eq!(map.describe(Action::PitchDown), "J/Shift-Down");
        assert_eq!(map.hint(Action::LineDown), "↓");
    }
}
