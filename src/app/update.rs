//! How a session changes: events in, new state out. No terminal I/O.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::keymap::{Action, Key};
use super::state::{Focus, Link, Overlay, Palette, State, Tab};
use crate::model::Kind;

/// What a front end feeds a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Key(KeyEvent),
    /// The terminal's new columns and rows.
    Resize(u16, u16),
    /// The mouse wheel: negative up, positive down.
    Scroll(i16),
    /// The date changed (the front end owns the clock).
    Today(NaiveDate),
}

/// Rows of screen the lists do not get (tabs, borders, header, status).
const CHROME_ROWS: u16 = 6;
/// The most results the palette shows.
pub const PALETTE_HITS: usize = 50;

impl State {
    pub fn handle(&mut self, event: Event) {
        match event {
            Event::Resize(w, h) => {
                self.size = (w, h);
                for tab in Tab::ALL {
                    self.keep_in_view(tab);
                }
            }
            Event::Today(day) => {
                self.today = day;
                self.refresh_attention();
            }
            Event::Scroll(delta) => {
                let action = if delta < 0 { Action::Up } else { Action::Down };
                for _ in 0..delta.unsigned_abs().min(10) {
                    self.apply(action);
                }
            }
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(key),
            Event::Key(_) => {}
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
        self.refresh_rows(tab);
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

    fn search_palette(&mut self) {
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
        i64::from(self.size.1.saturating_sub(CHROME_ROWS).max(1))
    }

    fn page(&mut self, direction: i64) {
        if self.focus == Focus::Details {
            let rows = self.page_rows();
            self.scroll_details(direction * rows);
        } else {
            self.step(direction * self.page_rows());
        }
    }

    fn scroll_details(&mut self, by: i64) {
        let scroll = (i64::from(self.details_scroll) + by).clamp(0, i64::from(u16::MAX));
        self.details_scroll = u16::try_from(scroll).unwrap_or(0);
        self.anchor = None;
    }

    /// Move the selection (or in details, the link cursor, else the scroll).
    fn step(&mut self, by: i64) {
        if self.focus == Focus::Details {
            let links = self.links().len();
            if links == 0 || by.abs() > 1 {
                self.scroll_details(by);
            } else {
                self.link = clamp_step(self.link, by, links);
            }
            return;
        }
        if self.tab == Tab::Home {
            self.home_selected = clamp_step(self.home_selected, by, self.home_items().len());
            return;
        }
        let tab = self.tab;
        if let Some(list) = self.lists.get_mut(&tab) {
            list.selected = clamp_step(list.selected, by, list.rows.len());
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
                if let Some(Link { kind, id }) = self.links().get(self.link).cloned() {
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
            && !list.filter.is_empty()
        {
            list.filter.clear();
            let tab = self.tab;
            self.refresh_rows(tab);
            return;
        }
        if let Some(place) = self.history.pop() {
            self.tab = place.tab;
            if let (Some(kind), Some(id)) = (place.tab.kind(), place.selected) {
                self.select(kind, &id);
            }
            self.focus = place.focus;
            self.link = 0;
            self.details_scroll = 0;
            self.anchor = None;
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
