//! How a session changes: events in, new state out. No terminal I/O.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::effect::Outcome;
use super::facets::FacetMenu;
use super::keymap::{Action, Key};
use super::load::Loaded;
use super::state::{Focus, Link, Overlay, Palette, State, Tab};
use crate::model::{Kind, Portfolio, Record};

/// What a front end feeds a session.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Key(KeyEvent),
    /// The terminal's new columns and rows.
    Resize(u16, u16),
    /// The mouse wheel: negative up, positive down.
    Scroll(i16),
    /// The date changed (the front end owns the clock).
    Today(NaiveDate),
    /// A write landed in the store (this session's or another's).
    Stored(Update),
    /// How an effect the session asked for went.
    Outcome(Outcome),
    /// What the front end read after the first frame (the notes, an index).
    Loaded(Loaded),
    /// Text pasted in one piece (bracketed paste).
    Paste(String),
}

/// What changed in the store, as the front end read it back.
#[derive(Debug, Clone, PartialEq)]
pub enum Update {
    /// One record, as it is now; `None` when it was deleted.
    Record {
        kind: Kind,
        id: String,
        record: Option<Box<Record>>,
        who: String,
    },
    /// Many records at once (an import): the whole portfolio as it is now.
    Everything(Box<Portfolio>),
}

/// The most results the palette shows.
pub const PALETTE_HITS: usize = 50;

impl State {
    pub fn handle(&mut self, event: Event) {
        self.handle_event(event);
        self.ask_for_history();
    }

    fn handle_event(&mut self, event: Event) {
        match event {
            Event::Resize(w, h) => {
                self.size = (w, h);
                for tab in Tab::ALL {
                    self.keep_in_view(tab);
                }
                // The page rewraps: keep the scroll within it.
                self.scroll_details(0);
            }
            Event::Loaded(loaded) => self.loaded(loaded),
            Event::Today(day) => {
                self.today = day;
                // Statuses and silences depend on the day, and sorts on them.
                for tab in Tab::ALL {
                    self.refresh_rows(tab);
                }
                self.refresh_attention();
            }
            Event::Scroll(delta) => {
                let (code, action) = if delta < 0 {
                    (KeyCode::Up, Action::Up)
                } else {
                    (KeyCode::Down, Action::Down)
                };
                for _ in 0..delta.unsigned_abs().min(10) {
                    // The wheel moves what is on top: the palette's hits
                    // when it is open, never the list hidden under it.
                    match self.overlay {
                        Overlay::Palette(_) => self.palette_key(KeyEvent::from(code)),
                        Overlay::Facets(_) => self.facets_key(KeyEvent::from(code)),
                        Overlay::Help
                        | Overlay::Export(_)
                        | Overlay::Form(_)
                        | Overlay::Note(_)
                        | Overlay::Delete(_) => {}
                        Overlay::None => self.apply(action),
                    }
                }
            }
            Event::Stored(update) => self.stored(update),
            Event::Outcome(outcome) => self.outcome(outcome),
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(key),
            Event::Key(_) => {}
            Event::Paste(text) => self.paste(&text),
        }
    }

    fn key(&mut self, event: KeyEvent) {
        self.status = None;
        let key = Key::from_event(event);
        if key.ctrl && key.code == KeyCode::Char('c') {
            self.quit = true;
            return;
        }
        match &self.overlay {
            Overlay::Palette(_) => return self.palette_key(event),
            Overlay::Facets(_) => return self.facets_key(event),
            Overlay::Export(_) => return self.export_key(event),
            Overlay::Form(_) => return self.form_key(event),
            Overlay::Note(_) => return self.note_key(event),
            Overlay::Delete(_) => return self.delete_key(event),
            Overlay::Help => {
                self.overlay = Overlay::None;
                return;
            }
            Overlay::None => {}
        }
        if self.filtering && self.filter_key(event) {
            return;
        }
        if let Some(action) = self.keymap.action(key) {
            self.apply(action);
        }
    }

    /// Keys while typing a list filter; false when the key is not the
    /// filter's, so it acts as usual (arrows move through the rows).
    fn filter_key(&mut self, event: KeyEvent) -> bool {
        let tab = self.tab;
        let Some(list) = self.lists.get_mut(&tab) else {
            self.filtering = false;
            return false;
        };
        match event.code {
            KeyCode::Char(c) if !event.modifiers.contains(KeyModifiers::CONTROL) => {
                list.filter.push(c)
            }
            KeyCode::Backspace => {
                list.filter.pop();
            }
            KeyCode::Enter => {
                self.filtering = false;
                return true;
            }
            KeyCode::Esc => {
                list.filter.clear();
                self.filtering = false;
            }
            _ => return false,
        }
        // A new filter puts its best match under the cursor.
        self.refresh_rows_from_top(tab);
        true
    }

    fn palette_key(&mut self, event: KeyEvent) {
        let Overlay::Palette(palette) = &mut self.overlay else {
            return;
        };
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match event.code {
            KeyCode::Esc => self.overlay = Overlay::None,
            KeyCode::Enter => {
                if let Some(hit) = palette.hits.get(palette.selected).cloned() {
                    self.overlay = Overlay::None;
                    self.remember();
                    match (hit.kind, hit.startup) {
                        (Kind::Note, Some(startup)) => {
                            self.select(Kind::Startup, &startup);
                            self.anchor = Some(hit.id);
                        }
                        (kind, _) => {
                            self.select(kind, &hit.id);
                        }
                    }
                    self.focus = Focus::Details;
                    self.link = 0;
                    self.details_scroll = 0;
                    self.scroll_to_anchor();
                }
            }
            KeyCode::Up => palette.selected = palette.selected.saturating_sub(1),
            KeyCode::Char('p') if ctrl => palette.selected = palette.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => {
                palette.selected = (palette.selected + 1).min(palette.hits.len().saturating_sub(1));
            }
            KeyCode::Char('n') if ctrl => {
                palette.selected = (palette.selected + 1).min(palette.hits.len().saturating_sub(1));
            }
            KeyCode::Backspace => {
                palette.input.pop();
                self.search_palette();
            }
            KeyCode::Char(c) if !ctrl => {
                palette.input.push(c);
                self.search_palette();
            }
            _ => {}
        }
    }

    /// Keys in the quick-filter menu: move, toggle, clear, close.
    fn facets_key(&mut self, event: KeyEvent) {
        let Overlay::Facets(menu) = &self.overlay else {
            return;
        };
        let at = menu.selected;
        let count = self.facet_choices().len();
        let Overlay::Facets(menu) = &mut self.overlay else {
            return;
        };
        match event.code {
            KeyCode::Up | KeyCode::Char('k') => menu.selected = at.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                menu.selected = (at + 1).min(count.saturating_sub(1));
            }
            KeyCode::Home | KeyCode::Char('g') => menu.selected = 0,
            KeyCode::End | KeyCode::Char('G') => menu.selected = count.saturating_sub(1),
            KeyCode::Char(' ') | KeyCode::Enter => self.toggle_facet(at),
            KeyCode::Char('c') => {
                let tab = self.tab;
                if let Some(list) = self.lists.get_mut(&tab) {
                    list.facets.clear();
                }
                self.refresh_rows(tab);
            }
            KeyCode::Esc | KeyCode::Char('f') | KeyCode::Char('q') => {
                self.overlay = Overlay::None;
            }
            _ => {}
        }
    }

    pub(super) fn search_palette(&mut self) {
        let query = match &self.overlay {
            Overlay::Palette(p) => p.input.clone(),
            _ => return,
        };
        let hits = self.search_index().search(&query, None, PALETTE_HITS);
        if let Overlay::Palette(p) = &mut self.overlay {
            p.hits = hits;
            p.selected = 0;
        }
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.overlay = Overlay::Help,
            Action::Palette => {
                self.search_index();
                self.overlay = Overlay::Palette(Palette::default());
            }
            Action::NextTab | Action::PrevTab => {
                let at = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
                let n = Tab::ALL.len();
                let next = if action == Action::NextTab {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                self.switch(Tab::ALL[next]);
            }
            Action::Home => self.switch(Tab::Home),
            Action::Startups => self.switch(Tab::Startups),
            Action::Cohorts => self.switch(Tab::Cohorts),
            Action::Mentors => self.switch(Tab::Mentors),
            Action::DemoDays => self.switch(Tab::DemoDays),
            Action::Up => self.step(-1),
            Action::Down => self.step(1),
            Action::PageUp => self.page(-1),
            Action::PageDown => self.page(1),
            Action::Top => self.step(i64::MIN / 2),
            Action::Bottom => self.step(i64::MAX / 2),
            Action::Open => self.open(),
            Action::Back => self.back(),
            Action::Filter => {
                if self.tab != Tab::Home {
                    self.filtering = true;
                    self.focus = Focus::List;
                }
            }
            Action::Export => self.open_export(),
            Action::New | Action::Edit | Action::Delete | Action::AddNote | Action::Undo
                if let Some(why) = self.refusal(action) =>
            {
                self.status = Some(why);
            }
            Action::New => self.new_record(),
            Action::Edit => self.edit(),
            Action::Delete => self.delete(),
            Action::AddNote => self.open_note(),
            Action::Undo => self.undo(),
            Action::Timeline => {
                self.timeline = !self.timeline;
                self.status = Some(if self.timeline {
                    "Notes and history together".into()
                } else {
                    "Notes only".into()
                });
                self.scroll_details(0);
            }
            Action::QuickFilter => {
                if self.facet_choices().is_empty() {
                    self.status = Some(format!("No quick filters on {}", self.tab.title()));
                } else {
                    self.focus = Focus::List;
                    self.filtering = false;
                    self.overlay = Overlay::Facets(FacetMenu::default());
                }
            }
            Action::SortNext | Action::SortReverse => {
                let tab = self.tab;
                let columns = tab.sort_columns().len();
                if let Some(list) = self.lists.get_mut(&tab) {
                    if action == Action::SortNext {
                        list.sort = (list.sort + 1) % columns.max(1);
                        list.reverse = false;
                    } else {
                        list.reverse = !list.reverse;
                    }
                    let column = tab.sort_columns().get(list.sort).copied().unwrap_or("");
                    let order = if list.reverse { ", reversed" } else { "" };
                    self.status = Some(format!("Sorted by {column}{order}"));
                }
                self.refresh_rows(tab);
            }
        }
    }

    fn switch(&mut self, tab: Tab) {
        self.tab = tab;
        self.focus = Focus::List;
        self.filtering = false;
        self.details_scroll = 0;
        self.link = 0;
        self.anchor = None;
    }

    fn page_rows(&self) -> i64 {
        i64::try_from(self.visible_rows()).unwrap_or(1)
    }

    fn page(&mut self, direction: i64) {
        if self.focus == Focus::Details {
            self.scroll_details(direction * self.details_height());
        } else {
            self.step(direction * self.page_rows());
        }
    }

    fn details_height(&self) -> i64 {
        crate::ui::details_view(self).map_or(1, |v| i64::try_from(v.height).unwrap_or(1))
    }

    /// Scroll the details within the page, and bring the link cursor onto
    /// the rows now shown if it was left above or below them.
    pub(super) fn scroll_details(&mut self, by: i64) {
        let Some(view) = crate::ui::details_view(self) else {
            return;
        };
        let last = i64::try_from(view.max_scroll()).unwrap_or(0);
        let scroll = (i64::from(self.details_scroll) + by).clamp(0, last);
        self.details_scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
        let scroll = usize::from(self.details_scroll);
        let cursor_shown = view
            .link_rows
            .get(self.link)
            .is_some_and(|row| view.shows(*row, scroll));
        if !cursor_shown {
            let mut shown =
                (0..view.link_rows.len()).filter(|n| view.shows(view.link_rows[*n], scroll));
            // Coming from below, the nearest link is the last one shown.
            let nearest = if by < 0 {
                shown.next_back()
            } else {
                shown.next()
            };
            if let Some(link) = nearest {
                self.link = link;
            }
        }
    }

    /// Bring the note a search found to the top of the details.
    pub(super) fn scroll_to_anchor(&mut self) {
        let Some(view) = crate::ui::details_view(self) else {
            return;
        };
        if let Some(row) = view.anchor_row {
            let scroll = row.min(view.max_scroll());
            self.details_scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
            self.scroll_details(0);
        }
    }

    /// Move the link cursor one link, scrolling so it stays on screen;
    /// past the first or last link, scroll the page a row instead.
    fn step_link(&mut self, by: i64) {
        let Some(view) = crate::ui::details_view(self) else {
            return;
        };
        let next = i64::try_from(self.link).unwrap_or(0) + by;
        let Some(row) = usize::try_from(next)
            .ok()
            .and_then(|n| view.link_rows.get(n).copied())
        else {
            return self.scroll_details(by);
        };
        self.link = usize::try_from(next).unwrap_or(0);
        let scroll = usize::from(self.details_scroll);
        let scroll = if row < scroll {
            row
        } else if row >= scroll + view.height {
            row + 1 - view.height
        } else {
            scroll
        };
        self.details_scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    }

    /// Move the selection (or in details, the link cursor, else the scroll).
    fn step(&mut self, by: i64) {
        if self.focus == Focus::Details {
            if self.links().is_empty() || by.abs() > 1 {
                self.scroll_details(by);
            } else {
                self.step_link(by);
            }
            return;
        }
        if self.tab == Tab::Home {
            self.home_selected = clamp_step(self.home_selected, by, self.home_items().len());
            return;
        }
        let tab = self.tab;
        if let Some(list) = self.lists.get(&tab) {
            let target = clamp_step(list.selected, by, list.rows.len());
            // A row of a filtered list is ranked before it is chosen: its
            // place is what the move is about (`G`: the last).
            self.rank_through(tab, target + 1);
            if let Some(list) = self.lists.get_mut(&tab) {
                list.selected = target;
            }
        }
        self.keep_in_view(tab);
        self.details_scroll = 0;
        self.link = 0;
        self.anchor = None;
    }

    fn open(&mut self) {
        if self.tab == Tab::Home {
            if let Some(item) = self.home_items().get(self.home_selected).cloned() {
                self.remember();
                self.select(item.kind, &item.id);
                self.focus = Focus::Details;
            }
            return;
        }
        match self.focus {
            Focus::List => {
                if self.selected_index().is_some() {
                    self.remember();
                    self.focus = Focus::Details;
                    self.filtering = false;
                    self.link = 0;
                    self.details_scroll = 0;
                }
            }
            Focus::Details => {
                if let Some(Link {
                    kind: Kind::Note,
                    id,
                }) = self.links().get(self.link).cloned()
                {
                    // A note is not a place to go to but a text to edit.
                    self.effects.push(super::effect::Effect::Edit {
                        kind: Kind::Note,
                        id,
                    });
                } else if let Some(Link { kind, id }) = self.links().get(self.link).cloned() {
                    self.remember();
                    if self.select(kind, &id) {
                        self.link = 0;
                        self.details_scroll = 0;
                        self.anchor = None;
                    } else {
                        self.status = Some(format!("{kind} {id} is not in the portfolio"));
                    }
                }
            }
        }
    }

    /// Go back along the history of places; first, clear a filter.
    fn back(&mut self) {
        if self.focus == Focus::List
            && let Some(list) = self.lists.get_mut(&self.tab)
            && !(list.filter.is_empty() && list.facets.is_empty())
        {
            list.filter.clear();
            list.facets.clear();
            let tab = self.tab;
            self.refresh_rows(tab);
            return;
        }
        if let Some(place) = self.history.pop() {
            self.tab = place.tab;
            if let Some(list) = self.lists.get_mut(&place.tab)
                && (list.filter != place.filter || list.facets != place.facets)
            {
                list.filter = place.filter;
                list.facets = place.facets;
                self.refresh_rows(place.tab);
            }
            if let (Some(kind), Some(id)) = (place.tab.kind(), place.selected) {
                self.select(kind, &id);
            }
            self.focus = place.focus;
            self.link = place.link;
            self.details_scroll = place.details_scroll;
            self.anchor = None;
            // The page may have changed since: keep within it.
            self.scroll_details(0);
        } else if self.focus == Focus::Details {
            self.focus = Focus::List;
        }
    }

    fn remember(&mut self) {
        let place = self.place();
        if self.history.last() != Some(&place) {
            self.history.push(place);
        }
        // A long walk is not worth keeping whole.
        if self.history.len() > 100 {
            self.history.remove(0);
        }
    }
}

fn clamp_step(at: usize, by: i64, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let at = i64::try_from(at).unwrap_or(0).saturating_add(by);
    usize::try_from(at.clamp(0, len as i64 - 1)).unwrap_or(0)
}
